/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-session.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_EXPORT_DIALOG (assay_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AssayExportDialog, assay_export_dialog,
                      ASSAY, EXPORT_DIALOG, AdwWindow)

/*
 * Writes a bundle of this installation's results for colleagues: who may
 * open it (their public identities, and optionally a partnership
 * passphrase), and from which date. "exported" (path, number of audits)
 * follows a bundle written; the dialog then closes.
 */
AssayExportDialog *assay_export_dialog_new (GtkWindow    *parent,
                                            AssaySession *session);

G_END_DECLS
