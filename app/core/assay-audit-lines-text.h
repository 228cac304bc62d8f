/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-audit.h"

G_BEGIN_DECLS

/*
 * What a setting visit's provision lines say, in words, for whoever shows
 * them (the audit editor's lines page and its summary).
 */

/* The highest overall grade the deliveries recorded in @audit allow. */
AssayGrade  assay_audit_lines_get_cap          (AssayAudit     *audit);
/* The index of line @id, with the line in @line, or -1. */
int         assay_audit_lines_find             (AssayAudit     *audit,
                                                const char     *id,
                                                AssayAuditLine *line);
/* How far the lines are recorded, and what already limits the visit:
 * "3 of 4 lines recorded · 1 not delivered". */
char       *assay_audit_lines_describe_progress (AssayAudit    *audit);
/* What is left to record before the visit can be finished, as a sentence;
 * NULL when nothing is, or @audit is not a setting visit. */
char       *assay_audit_lines_describe_open    (AssayAudit     *audit);
/* Why line @id holds the overall grade down, in the plan's words
 * ("Provision line 2 not delivered: …"), and the grade it caps it at;
 * NULL if it does not. */
char       *assay_audit_lines_describe_limit   (AssayAudit     *audit,
                                                const char     *id,
                                                AssayGrade     *cap);

G_END_DECLS
