/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-moderation-page.h"

G_BEGIN_DECLS

/* "empty", "rows" or "none" (the filters leave no plan) */
const char *_assay_moderation_page_get_state        (AssayModerationPage *self);
/* The plan rows as shown, in order (AdwActionRow); the state text of the
 * row of @case_ref, or NULL when there is none. */
GPtrArray  *_assay_moderation_page_get_rows         (AssayModerationPage *self);
const char *_assay_moderation_page_get_row_state    (AssayModerationPage *self,
                                                     const char          *case_ref);
/* "pairs", "exact", "within", "alpha" or "silver" */
GtkLabel   *_assay_moderation_page_get_figure       (AssayModerationPage *self,
                                                     const char          *which);
GtkWidget  *_assay_moderation_page_get_figure_card  (AssayModerationPage *self,
                                                     const char          *which);
GtkDropDown *_assay_moderation_page_get_dropdown    (AssayModerationPage *self,
                                                     const char          *which);
GtkRevealer *_assay_moderation_page_get_conflicts_revealer (AssayModerationPage *self);
GtkLabel   *_assay_moderation_page_get_conflicts_label (AssayModerationPage *self);
gboolean    _assay_moderation_page_get_busy         (AssayModerationPage *self);
/* The dialog the page last opened and that is still open, or NULL. */
GtkWindow  *_assay_moderation_page_get_dialog       (AssayModerationPage *self);

/* The note about audits left out for want of their framework. */
GtkRevealer *_assay_moderation_page_get_missing_revealer (AssayModerationPage *self);
/* What the import strip says is being done. */
GtkLabel    *_assay_moderation_page_get_progress_label   (AssayModerationPage *self);

G_END_DECLS
