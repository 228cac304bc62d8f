/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-setup-page.h"

G_BEGIN_DECLS

/* Tests create vaults with cheap Argon2id parameters. */
void            _assay_setup_page_set_kdf_params     (AssaySetupPage       *self,
                                                      const AssayKdfParams *params);
GtkEditable    *_assay_setup_page_get_name_row       (AssaySetupPage       *self);
AdwComboRow    *_assay_setup_page_get_agency_row     (AssaySetupPage       *self);
GtkEditable    *_assay_setup_page_get_passphrase_row (AssaySetupPage       *self);
GtkEditable    *_assay_setup_page_get_confirm_row    (AssaySetupPage       *self);
GtkLabel       *_assay_setup_page_get_hint_label     (AssaySetupPage       *self);
GtkLabel       *_assay_setup_page_get_recovery_label (AssaySetupPage       *self);
GtkCheckButton *_assay_setup_page_get_written_check  (AssaySetupPage       *self);
GtkWidget      *_assay_setup_page_get_create_button  (AssaySetupPage       *self);
GtkWidget      *_assay_setup_page_get_finish_button  (AssaySetupPage       *self);
const char     *_assay_setup_page_get_step           (AssaySetupPage       *self);
gboolean        _assay_setup_page_get_busy           (AssaySetupPage       *self);

G_END_DECLS
