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

/* Erasing the plan's audits (assay-moderation-dialog-erase.c): asks for a
 * reason and confirmation, then erases and closes. */
void          _assay_moderation_dialog_ask_erase           (AssayModerationDialog *self);
/* The confirmation last asked for, while it is open; NULL otherwise. */
AdwMessageDialog *_assay_moderation_dialog_get_erase_dialog (AssayModerationDialog *self);
void          _assay_moderation_dialog_set_erase_dialog    (AssayModerationDialog *self,
                                                            AdwMessageDialog      *dialog);
const char   *_assay_moderation_dialog_get_case_ref        (AssayModerationDialog *self);
AssayStore   *_assay_moderation_dialog_get_store           (AssayModerationDialog *self);
void          _assay_moderation_dialog_toast               (AssayModerationDialog *self,
                                                            const char            *text);
/* Tells the session @what changed, shows @message on the page and closes. */
void          _assay_moderation_dialog_done                (AssayModerationDialog *self,
                                                            const char            *what,
                                                            const char            *message);

G_END_DECLS
