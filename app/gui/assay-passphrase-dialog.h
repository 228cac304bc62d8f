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

G_END_DECLS
