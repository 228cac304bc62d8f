/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-audit.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_AUDIT_SUMMARY (assay_audit_summary_get_type ())

G_DECLARE_FINAL_TYPE (AssayAuditSummary, assay_audit_summary, ASSAY, AUDIT_SUMMARY, AdwBin)

/*
 * The last page of the audit editor: the overall grade and what limits it,
 * the override, the free text, the actions, and finishing. It lives inside
 * an AssayAuditEditor, whose editor.add-action, editor.remove-action,
 * editor.finish and editor.reopen actions its buttons activate.
 *
 * "changed" is emitted after it saved a change others should hear of, and
 * "toast" with a message for the user (an error from saving).
 */

/* Shows @audit with a fresh form: the override being considered, no text
 * typed, no action half-written. */
void      assay_audit_summary_set_audit       (AssayAuditSummary  *self,
                                               AssayAudit         *audit);
/* Shows what @grading, just computed from the audit, says. */
void      assay_audit_summary_update          (AssayAuditSummary  *self,
                                               AssayGrading       *grading);
/* Saves the override being considered, if a save is waiting. */
void      assay_audit_summary_flush_override  (AssayAuditSummary  *self);
/* Saves the text typed and not saved yet. */
void      assay_audit_summary_flush_texts     (AssayAuditSummary  *self);
/* Adds the action in the form to the audit, emptying the form; on error,
 * puts the keyboard where the form needs more. */
gboolean  assay_audit_summary_add_action      (AssayAuditSummary  *self,
                                               GError            **error);
/* Finishes the audit with the override chosen, if any. */
gboolean  assay_audit_summary_finish          (AssayAuditSummary  *self,
                                               GError            **error);
/* After reopening: back to the derived grade. */
void      assay_audit_summary_reset_override  (AssayAuditSummary  *self);

G_END_DECLS
