/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-audit.h"
#include "assay-session.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_NEW_AUDIT_DIALOG (assay_new_audit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AssayNewAuditDialog, assay_new_audit_dialog,
                      ASSAY, NEW_AUDIT_DIALOG, AdwWindow)

/*
 * Starts an audit of one case: the moderator picks the framework and
 * whether the audit is blind. On "new-audit.start" the audit is created in
 * the session's store, "audit-created" is emitted with it and the dialog
 * closes; an error is shown in the dialog, which stays open.
 */
AssayNewAuditDialog *assay_new_audit_dialog_new          (GtkWindow           *parent,
                                                          AssaySession        *session,
                                                          const char          *case_ref);
const char          *assay_new_audit_dialog_get_case_ref (AssayNewAuditDialog *self);

G_END_DECLS
