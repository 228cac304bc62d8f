/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-moderation-dialog.h"

G_BEGIN_DECLS

AdwComboRow  *_assay_moderation_dialog_get_grade_row       (AssayModerationDialog *self);
AdwEntryRow  *_assay_moderation_dialog_get_reason_row      (AssayModerationDialog *self);
GtkWidget    *_assay_moderation_dialog_get_record_button   (AssayModerationDialog *self);
/* Selects @grade (a scored grade) in the grade row. */
void          _assay_moderation_dialog_select_grade        (AssayModerationDialog *self,
                                                            AssayGrade             grade);
/* The agreed grade as shown, hidden when none is agreed yet. */
AdwActionRow *_assay_moderation_dialog_get_agreed_row      (AssayModerationDialog *self);
/* The criteria graded differently (AdwExpanderRow, subtitle the id). */
GPtrArray    *_assay_moderation_dialog_get_difference_rows (AssayModerationDialog *self);
/* One row per section: the section's title, then one grade pill per audit. */
GPtrArray    *_assay_moderation_dialog_get_section_rows    (AssayModerationDialog *self);

G_END_DECLS
