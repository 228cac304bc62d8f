/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-audit.h"

G_BEGIN_DECLS

/*
 * The audit index (assay-audit-index.c): beside every audit, an encrypted
 * summary of its newest revision (case, framework and version, moderator,
 * agency, status, derived and final grade, section grades, dates, actions,
 * and every criterion's grade without its evidence). Lists, comparisons,
 * reports and the GUI's lists read the summaries; the whole audit, evidence
 * and free text with it, is decrypted only when something asks for them
 * (assay_audit_get_grade() with @evidence, assay_audit_get_text(), a
 * change), which an AssayAudit does by itself.
 *
 * Every change made through AssayAudit writes its summary in the same
 * transaction. Revisions that arrive otherwise (bundles, settled
 * conflicts) are summarised by assay_audit_index_refresh(), which whoever
 * imports calls once the import is committed; a list finds any summary
 * still missing or stale and makes it then.
 */

/* Makes every missing or stale summary, in one transaction. @progress
 * (may be NULL) is told how many of how many. */
gboolean   assay_audit_index_refresh (AssayStore         *store,
                                      AssayFrameworks    *frameworks,
                                      AssayProgressFunc   progress,
                                      gpointer            progress_data,
                                      GError            **error);

/* Audits as they are read, oldest first: @audits (AssayAudit) belongs to
 * the caller of assay_audit_list_async() only for the call. */
typedef void (*AssayAuditBatchFunc) (GPtrArray *audits,
                                     gpointer   user_data);

/*
 * assay_audit_list_readable() without blocking: the summaries are read and
 * decrypted in a worker thread (with its own database connection and its
 * own copy of the key, wiped when it ends) and handed over in batches, in
 * order, on the calling thread's main context, so that a list fills in
 * while the rest is read. Cancel it before the vault locks.
 */
void       assay_audit_list_async    (AssayStore          *store,
                                      AssayFrameworks     *frameworks,
                                      AssayAuditBatchFunc  batch,
                                      gpointer             batch_data,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
/* Every audit read (AssayAudit), as the batches gave them; @missing as for
 * assay_audit_list_readable(). */
GPtrArray *assay_audit_list_finish   (AssayStore          *store,
                                      GAsyncResult        *result,
                                      GPtrArray          **missing,
                                      GError             **error);

G_END_DECLS
