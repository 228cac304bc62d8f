/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-audit.h"
#include "assay-session.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_AUDIT_EDITOR (assay_audit_editor_get_type ())

G_DECLARE_FINAL_TYPE (AssayAuditEditor, assay_audit_editor, ASSAY, AUDIT_EDITOR, AdwBin)

AssaySession *assay_audit_editor_get_session (AssayAuditEditor *self);
void          assay_audit_editor_set_session (AssayAuditEditor *self,
                                              AssaySession     *session);

AssayAudit   *assay_audit_editor_get_audit   (AssayAuditEditor *self);
/* Shows @audit; it must belong to the editor's session. */
void          assay_audit_editor_set_audit   (AssayAuditEditor *self,
                                              AssayAudit       *audit);
void          assay_audit_editor_focus_current (AssayAuditEditor *self);

G_END_DECLS
