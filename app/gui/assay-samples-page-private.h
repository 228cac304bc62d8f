/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-sample-dialog.h"
#include "assay-samples-page.h"

G_BEGIN_DECLS

/* The draw-sample dialog while it is open, else NULL. */
AssaySampleDialog *_assay_samples_page_get_dialog      (AssaySamplesPage *self);
/* The ids of the samples listed, newest first, and which is selected */
GtkSingleSelection *_assay_samples_page_get_samples    (AssaySamplesPage *self);
/* The case references of the selected sample's plans, as listed */
GListModel        *_assay_samples_page_get_plans       (AssaySamplesPage *self);
GtkListView       *_assay_samples_page_get_plans_list  (AssaySamplesPage *self);
/* The id of the sample whose plans are shown, or NULL. */
const char        *_assay_samples_page_get_selected    (AssaySamplesPage *self);
const char        *_assay_samples_page_get_state       (AssaySamplesPage *self);

G_END_DECLS
