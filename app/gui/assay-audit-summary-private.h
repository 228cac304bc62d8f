/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-audit-summary.h"

G_BEGIN_DECLS

/* For tests: what the summary shows, to drive and check it. */
AdwComboRow *_assay_audit_summary_get_override_row (AssayAuditSummary *self);
GtkEditable *_assay_audit_summary_get_reason_row   (AssayAuditSummary *self);
/* @field: one of ASSAY_AUDIT_STRENGTHS, _DEVELOPMENT, _FEEDBACK */
GtkTextView *_assay_audit_summary_get_text_view    (AssayAuditSummary *self,
                                                    const char        *field);
/* @part: "what", "owner" or "due" */
GtkEditable *_assay_audit_summary_get_action_row   (AssayAuditSummary *self,
                                                    const char        *part);
GtkListBox  *_assay_audit_summary_get_limits_list  (AssayAuditSummary *self);

G_END_DECLS
