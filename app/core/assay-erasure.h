/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "assay-store.h"

G_BEGIN_DECLS

/*
 * Erasure: when a plan's audits must go (retention ends, a mistake, a
 * data subject's request under UK GDPR), they are removed here and a signed
 * deletion is written that travels in bundles like any record. Importing it
 * removes the same records wherever they are held, and a record it names is
 * never stored again, whatever older bundle brings it back. The deletion
 * says which records (by id), the plan, the reason and when; it holds none
 * of their content. Imports accept a deletion from a chair, or from this
 * installation.
 */

#define ASSAY_DELETIONS_COLLECTION "deletions"

/* Erases every audit and agreed grade of @case_ref held here and records the
 * deletion; @n_erased (may be NULL) counts the records removed. Fails with
 * ASSAY_STORE_ERROR_NOT_FOUND when there are none. One transaction. */
gboolean    assay_erasure_erase_case   (AssayStore   *store,
                                        const char   *case_ref,
                                        const char   *reason,
                                        guint        *n_erased,
                                        GError      **error);

/* "collection\nid" of every record a deletion held here names. */
GHashTable *assay_erasure_load_erased  (AssayStore   *store,
                                        GError      **error);

/* Removes what @deletion (a record of the deletions collection, just
 * stored) names and is held here, adding each to @erased (from
 * assay_erasure_load_erased()); counts them into @n_removed. */
gboolean    _assay_erasure_apply       (AssayStore         *store,
                                        const AssayRecord  *deletion,
                                        GHashTable         *erased,
                                        guint              *n_removed,
                                        GError            **error);

/* The key assay_erasure_load_erased() uses for a record. */
char       *_assay_erasure_key         (const char   *collection,
                                        const char   *id);

G_END_DECLS
