/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-unlock-page.h"

G_BEGIN_DECLS

GtkEditable *_assay_unlock_page_get_passphrase_entry    (AssayUnlockPage *self);
GtkLabel    *_assay_unlock_page_get_error_label         (AssayUnlockPage *self);
GtkEditable *_assay_unlock_page_get_recovery_key_row    (AssayUnlockPage *self);
GtkEditable *_assay_unlock_page_get_new_passphrase_row  (AssayUnlockPage *self);
GtkEditable *_assay_unlock_page_get_confirm_row         (AssayUnlockPage *self);
GtkLabel    *_assay_unlock_page_get_recover_error_label (AssayUnlockPage *self);
GtkWidget   *_assay_unlock_page_get_unlock_button       (AssayUnlockPage *self);
GtkWidget   *_assay_unlock_page_get_recover_button      (AssayUnlockPage *self);
const char  *_assay_unlock_page_get_mode                (AssayUnlockPage *self);
gboolean     _assay_unlock_page_get_busy                (AssayUnlockPage *self);

G_END_DECLS
