/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-export-dialog.h"

G_BEGIN_DECLS

/* The recipient rows (AdwEntryRow), in order. */
GPtrArray            *_assay_export_dialog_get_recipient_rows (AssayExportDialog *self);
AdwExpanderRow       *_assay_export_dialog_get_passphrase_expander (AssayExportDialog *self);
AdwPasswordEntryRow  *_assay_export_dialog_get_passphrase_row (AssayExportDialog *self,
                                                               gboolean           confirm);
AdwExpanderRow       *_assay_export_dialog_get_since_expander (AssayExportDialog *self);
AdwEntryRow          *_assay_export_dialog_get_since_row      (AssayExportDialog *self);
AdwActionRow         *_assay_export_dialog_get_identity_row   (AssayExportDialog *self);
/* What keeps the bundle from being exported, or NULL when nothing does. */
const char           *_assay_export_dialog_get_problem        (AssayExportDialog *self);

G_END_DECLS
