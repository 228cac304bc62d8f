/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-session.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_CASELOAD_PAGE (assay_caseload_page_get_type ())

G_DECLARE_FINAL_TYPE (AssayCaseloadPage, assay_caseload_page, ASSAY, CASELOAD_PAGE, AdwBin)

/*
 * The plans to be audited: a searchable, sortable, filterable list of the
 * session's caseload, the import of a council export into it, and "Start
 * Audit", which asks for "main.start-audit" with the chosen case reference.
 *
 * Actions: caseload.import (a file chooser), caseload.import-file (s: a
 * path), caseload.cancel-import, caseload.start-audit, caseload.search,
 * caseload.clear-filters, caseload.show-all.
 */
AssaySession *assay_caseload_page_get_session (AssayCaseloadPage *self);
void          assay_caseload_page_set_session (AssayCaseloadPage *self,
                                               AssaySession      *session);

G_END_DECLS
