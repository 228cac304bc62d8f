/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-database.h"
#include "assay-head-private.h"
#include "assay-hlc.h"
#include "assay-store.h"

G_BEGIN_DECLS

/*
 * What the store's files share: assay-store.c saves and loads records,
 * assay-store-sync.c imports other installations' revisions and keeps
 * conflicts, assay-store-check.c checks everything stored,
 * assay-store-compact.c coalesces an editor's saves, marks what bundles
 * carried and compacts drafts' history.
 */

/* A stored revision's place in its record's history, beside the record:
 * @gap says that its base was not held when it was stored (it came in a
 * bundle, which carries only the newest revision), so that the revisions
 * between are missing by design rather than deleted. */
struct _AssayStore
{
  GObject     parent_instance;

  AssayVault *vault;
  AssayHlc    clock;
  guint       clock_loaded : 1;
  guint       in_transaction : 1;

  /* The head as the open transaction leaves it, written at its commit. */
  AssayHead   head;
  guint       head_loaded : 1;
};

#define SELECT_COLUMNS "collection, id, revision, author, hlc, sealed, base, gap"

/* Everything stored beside the ciphertext is bound to it, and so is the
 * table: a version set aside as a conflict cannot be passed off as a record,
 * nor a record as a conflict. */
#define RECORD_AD_LABEL   "assay/record/1"
#define CONFLICT_AD_LABEL "assay/conflict/1"

#define INSERT_RECORD \
  "INSERT INTO records (" SELECT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
/* A revision that came from elsewhere (a bundle) is there too: it is never
 * rewritten in place here (assay_store_save_coalesced()), even when it is
 * this moderator's own, carried from another computer. */
#define INSERT_IMPORTED_RECORD \
  "INSERT INTO records (" SELECT_COLUMNS ", exported) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)"
#define INSERT_CONFLICT \
  "INSERT INTO conflicts (" SELECT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"

gboolean     _assay_store_check_names      (const char         *collection,
                                            const char         *id,
                                            GError            **error);
AssayRecord *_assay_store_row_open         (AssayStore         *self,
                                            AssayStatement     *stmt,
                                            const char         *label,
                                            GError            **error);
AssayRecord *_assay_store_record_from_row  (AssayStore         *self,
                                            AssayStatement     *stmt,
                                            GError            **error);
gboolean     _assay_store_require_unlocked (AssayStore         *self,
                                            GError            **error);
/* @sql prepared with the collection as ?1 and, unless @id is NULL, the id
 * as ?2; the vault must be unlocked and the names valid. */
AssayStatement *_assay_store_prepare       (AssayStore         *self,
                                            const char         *sql,
                                            const char         *collection,
                                            const char         *id,
                                            GError            **error);
/* The newest stamp a record may carry: a day past now. */
guint64      _assay_store_latest_believable_stamp (void);
gboolean     _assay_store_load_clock       (AssayStore         *self,
                                            GError            **error);
gboolean     _assay_store_current_revision (AssayStore         *self,
                                            const char         *collection,
                                            const char         *id,
                                            gint64             *revision,
                                            GError            **error);
/* A revision by this installation that settles a conflict: numbered
 * @revision, one past @revision - 1, a base nobody holds, whose digest
 * @merge_base names both sides (see assay-bundle-conflicts.c). */
AssayRecord *_assay_store_save_merge       (AssayStore         *self,
                                            const char         *collection,
                                            const char         *id,
                                            GBytes             *payload,
                                            gint64              revision,
                                            GBytes             *merge_base,
                                            GError            **error);
/* Removes the revisions of a record after @after (a conflict settled in
 * favour of the other side's version, which then takes their place). */
gboolean     _assay_store_drop_after       (AssayStore         *self,
                                            const char         *collection,
                                            const char         *id,
                                            gint64              after,
                                            GError            **error);
/* Stores a revision signed elsewhere as it is, its signature checked. */
gboolean     _assay_store_put_signed       (AssayStore         *self,
                                            const AssayRecord  *record,
                                            GError            **error);
/* The associated data a row is sealed with: @base is -1 for a row written
 * before records were signed. */
GByteArray  *_assay_store_record_ad        (const char         *label,
                                            const char         *collection,
                                            const char         *id,
                                            gint64              revision,
                                            const char         *author,
                                            guint64             hlc,
                                            gint64              base,
                                            gboolean            gap);
/* @record sealed as a row of the table @label names: for a signed record,
 * its base digest, signature and payload, with @gap (its base not held)
 * bound in; for one from before signatures, its payload. */
GBytes      *_assay_store_seal_row         (AssayStore         *self,
                                            const char         *label,
                                            const AssayRecord  *record,
                                            gboolean            gap,
                                            GError            **error);
/* Seals @record's payload with the associated data of @label and inserts it. */
gboolean     _assay_store_insert_sealed    (AssayStore         *self,
                                            const char         *sql,
                                            const char         *label,
                                            const AssayRecord  *record,
                                            GError            **error);

/* What a bundle carried (assay-store-compact.c): each revision's key and
 * stamp, in memory that grows by a few dozen bytes a record, to be marked
 * exported once the bundle is written. */
typedef struct _AssayCarried AssayCarried;

AssayCarried *_assay_carried_new           (void);
void          _assay_carried_free          (AssayCarried       *carried);
void          _assay_carried_add           (AssayCarried       *carried,
                                            const AssayRecord  *record);
/* Marks exported, in one transaction (or the store's open one), every
 * revision @carried holds that is still as it was carried (the same
 * stamp): from then on it is never rewritten in place. */
gboolean      _assay_store_mark_exported   (AssayStore         *self,
                                            AssayCarried       *carried,
                                            GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayCarried, _assay_carried_free)

/* The authenticated head (assay-store-head.c). Every change to the records
 * or conflicts tables says so here, inside its transaction. */
gboolean     _assay_store_note_record      (AssayStore         *self,
                                            const char         *collection,
                                            const char         *id,
                                            GError            **error);
gboolean     _assay_store_note_conflict    (AssayStore         *self,
                                            const AssayRecord  *other,
                                            int                 from,
                                            AssayHeadConflictState to,
                                            GError            **error);
/* Adds to @report what the head finds: records rolled back, deleted or
 * planted, conflicts removed, the key record or the schema changed, the
 * file older than the one last seen here. */
gboolean     _assay_store_check_head       (AssayStore         *self,
                                            AssayCheckReport   *report,
                                            GError            **error);
void         _assay_check_report_add_damage (AssayCheckReport  *report,
                                             const char        *collection,
                                             const char        *id,
                                             gint64             revision,
                                             char              *reason);
/* Writes the head and commits; rolls back when either fails. */
gboolean     _assay_store_commit_writes    (AssayStore         *self,
                                            GError            **error);
void         _assay_store_rollback_writes  (AssayStore         *self);

G_END_DECLS
