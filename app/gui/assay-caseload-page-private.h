/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-caseload-page.h"

G_BEGIN_DECLS

GtkColumnView       *_assay_caseload_page_get_column_view       (AssayCaseloadPage  *self);
GtkColumnViewColumn *_assay_caseload_page_get_column            (AssayCaseloadPage  *self,
                                                                 AssayCaseloadField  field);
/* Every plan, in the store's order */
GListModel          *_assay_caseload_page_get_cases             (AssayCaseloadPage  *self);
/* The plans shown, filtered and sorted as on screen */
GtkSingleSelection  *_assay_caseload_page_get_selection         (AssayCaseloadPage  *self);
GtkSearchEntry      *_assay_caseload_page_get_search_entry      (AssayCaseloadPage  *self);
/* For team, phase, primary_need, plan_type and child_in_care */
GtkDropDown         *_assay_caseload_page_get_filter            (AssayCaseloadPage  *self,
                                                                 AssayCaseloadField  field);
GtkMenuButton       *_assay_caseload_page_get_filter_button     (AssayCaseloadPage  *self);
GtkLabel            *_assay_caseload_page_get_count_label       (AssayCaseloadPage  *self);
/* "empty", "rows" or "none" (nothing matches) */
const char          *_assay_caseload_page_get_state             (AssayCaseloadPage  *self);
gboolean             _assay_caseload_page_get_busy              (AssayCaseloadPage  *self);
GtkRevealer         *_assay_caseload_page_get_progress_revealer (AssayCaseloadPage  *self);
/* The import result or error dialog on screen, if any */
GtkWindow           *_assay_caseload_page_get_dialog            (AssayCaseloadPage  *self);

G_END_DECLS
