/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-sample-dialog.h"
#include "assay-samples-page.h"

G_BEGIN_DECLS

/* The draw-sample dialog while it is open, else NULL. */
AssaySampleDialog *_assay_samples_page_get_dialog      (AssaySamplesPage *self);
GtkListBox        *_assay_samples_page_get_samples_list (AssaySamplesPage *self);
GtkListBox        *_assay_samples_page_get_cases_list   (AssaySamplesPage *self);
/* The id of the sample whose plans are shown, or NULL. */
const char        *_assay_samples_page_get_selected    (AssaySamplesPage *self);
const char        *_assay_samples_page_get_state       (AssaySamplesPage *self);

G_END_DECLS
