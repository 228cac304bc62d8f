/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-passphrase-dialog.h"

G_BEGIN_DECLS

GtkEditable    *_assay_passphrase_dialog_get_current_row   (AssayPassphraseDialog *self);
GtkEditable    *_assay_passphrase_dialog_get_new_row       (AssayPassphraseDialog *self);
GtkEditable    *_assay_passphrase_dialog_get_repeat_row    (AssayPassphraseDialog *self);
GtkWidget      *_assay_passphrase_dialog_get_change_button (AssayPassphraseDialog *self);
GtkSwitch      *_assay_passphrase_dialog_get_rekey_switch  (AssayPassphraseDialog *self);
GtkLabel       *_assay_passphrase_dialog_get_current_error (AssayPassphraseDialog *self);
GtkLabel       *_assay_passphrase_dialog_get_hint_label    (AssayPassphraseDialog *self);
AdwActionRow   *_assay_passphrase_dialog_get_recovery_row  (AssayPassphraseDialog *self);
GtkLabel       *_assay_passphrase_dialog_get_recovery_label (AssayPassphraseDialog *self);
GtkCheckButton *_assay_passphrase_dialog_get_written_check (AssayPassphraseDialog *self);
/* Shows @key as a rekey's new recovery key: for a test of that page whose
 * store cannot rekey */
void            _assay_passphrase_dialog_show_recovery_key (AssayPassphraseDialog *self,
                                                            const char            *key);
/* "form" or "recovery-key" */
const char     *_assay_passphrase_dialog_get_step          (AssayPassphraseDialog *self);
gboolean        _assay_passphrase_dialog_get_busy          (AssayPassphraseDialog *self);

G_END_DECLS
