/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-audit-editor.h"
#include "assay-criterion-row.h"
#include "assay-provision-lines.h"

G_BEGIN_DECLS

/* For tests: what the editor shows, to drive and check it. */
GtkListBox        *_assay_audit_editor_get_sections_list (AssayAuditEditor *self);
/* The criteria of the section on screen, in order. */
guint              _assay_audit_editor_get_n_rows        (AssayAuditEditor *self);
AssayCriterionRow *_assay_audit_editor_get_row           (AssayAuditEditor *self,
                                                          guint             index);
/* The section on screen; the number of sections means the summary, and
 * G_MAXUINT the provision lines of a setting visit. */
guint              _assay_audit_editor_get_page          (AssayAuditEditor *self);
AdwComboRow       *_assay_audit_editor_get_override_row  (AssayAuditEditor *self);
GtkEditable       *_assay_audit_editor_get_reason_row    (AssayAuditEditor *self);
/* @field: one of ASSAY_AUDIT_STRENGTHS, _DEVELOPMENT, _FEEDBACK */
GtkTextView       *_assay_audit_editor_get_text_view     (AssayAuditEditor *self,
                                                          const char       *field);
GtkEditable       *_assay_audit_editor_get_action_row    (AssayAuditEditor *self,
                                                          const char       *part);
GtkListBox        *_assay_audit_editor_get_limits_list   (AssayAuditEditor *self);
GtkListBox        *_assay_audit_editor_get_actions_list  (AssayAuditEditor *self);
GtkLabel          *_assay_audit_editor_get_finished_label (AssayAuditEditor *self);
AssayProvisionLines *_assay_audit_editor_get_provision_lines (AssayAuditEditor *self);
/* The message of the last toast shown, or NULL. */
const char        *_assay_audit_editor_get_last_toast    (AssayAuditEditor *self);

G_END_DECLS
