/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-store.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_PASSPHRASE_DIALOG (assay_passphrase_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AssayPassphraseDialog, assay_passphrase_dialog,
                      ASSAY, PASSPHRASE_DIALOG, AdwWindow)

AssayPassphraseDialog *assay_passphrase_dialog_new (GtkWindow  *parent,
                                                    AssayStore *store);
/* Whether it is re-encrypting or showing a new recovery key: the idle lock
 * waits, or the key would be lost before it was written down. */
gboolean               assay_passphrase_dialog_holds_secret (AssayPassphraseDialog *self);

G_END_DECLS
