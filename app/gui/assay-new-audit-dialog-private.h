/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-new-audit-dialog.h"

G_BEGIN_DECLS

/* For tests: choose as the user would, by id. */
gboolean   _assay_new_audit_dialog_select_framework (AssayNewAuditDialog *self,
                                                     const char          *id);
const char *_assay_new_audit_dialog_get_selected    (AssayNewAuditDialog *self);
GtkSwitch  *_assay_new_audit_dialog_get_blind_switch (AssayNewAuditDialog *self);
GtkListBox *_assay_new_audit_dialog_get_frameworks_list (AssayNewAuditDialog *self);

G_END_DECLS
