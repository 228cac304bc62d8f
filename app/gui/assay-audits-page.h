/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-session.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_AUDITS_PAGE (assay_audits_page_get_type ())

G_DECLARE_FINAL_TYPE (AssayAuditsPage, assay_audits_page, ASSAY, AUDITS_PAGE, AdwBin)

AssaySession *assay_audits_page_get_session (AssayAuditsPage *self);
void          assay_audits_page_set_session (AssayAuditsPage *self,
                                             AssaySession *session);

G_END_DECLS
