/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-audit-private.h"

G_BEGIN_DECLS

/*
 * An audit's history once it is finished (assay-audit-compact.c): the
 * drafts' intermediate revisions are dropped, since only the draft an
 * editor or a script last left matters once a finished revision follows.
 * Kept: the first revision, every revision that is not a draft, every one a
 * bundle carried away or that was made elsewhere, and the newest (see
 * assay_store_compact()). @n_dropped (may be NULL) gets how many went.
 */
gboolean _assay_audit_compact_history (AssayAudit  *self,
                                       guint       *n_dropped,
                                       GError     **error);

/* Whether @record, a revision of an audit, is one to keep: it is not a
 * draft, or it cannot be read as an audit (nothing unknown is dropped). */
gboolean _assay_audit_record_is_kept  (const AssayRecord *record,
                                       gpointer           user_data);

G_END_DECLS
