/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-session.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_SAMPLES_PAGE (assay_samples_page_get_type ())

G_DECLARE_FINAL_TYPE (AssaySamplesPage, assay_samples_page, ASSAY, SAMPLES_PAGE, AdwBin)

AssaySession *assay_samples_page_get_session (AssaySamplesPage *self);
void          assay_samples_page_set_session (AssaySamplesPage *self,
                                              AssaySession *session);

G_END_DECLS
