/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "assay-database.h"
#include "assay-vault.h"

G_BEGIN_DECLS

#define ASSAY_STORE_ERROR (assay_store_error_quark ())

typedef enum
{
  ASSAY_STORE_ERROR_NOT_FOUND,
  ASSAY_STORE_ERROR_INTEGRITY,   /* a record failed to authenticate */
  ASSAY_STORE_ERROR_INVALID,     /* a bad collection name or id */
  ASSAY_STORE_ERROR_RESTORED,    /* older than the copy last seen on this computer */
} AssayStoreError;

GQuark assay_store_error_quark (void);

/*
 * One revision of one record. Everything but the payload is stored in
 * plaintext columns (random ids, counters, timestamps, the author's public
 * key); the payload, the base digest and the signature are sealed with
 * associated data that binds all of them.
 *
 * Every revision is signed by its author (see assay-record-private.h). A
 * record stored before Assay signed records has no signature: it is shown
 * as unverified until a signed revision of it arrives, and never travels.
 */
typedef struct
{
  char    *collection;
  char    *id;
  gint64   revision;
  char    *author;
  guint64  hlc;
  GBytes  *payload;
  gint64   base;          /* the revision this one replaced; 0 for the first */
  GBytes  *base_digest;   /* that revision's digest (32 bytes), or NULL when base is 0 or unknown */
  GBytes  *signature;     /* the author's Ed25519 signature, or NULL: unverified */
} AssayRecord;

#define ASSAY_TYPE_RECORD (assay_record_get_type ())

GType        assay_record_get_type  (void) G_GNUC_CONST;
AssayRecord *assay_record_copy      (const AssayRecord *record);
void         assay_record_free      (AssayRecord       *record);
const char  *assay_record_get_text  (const AssayRecord *record,
                                     gsize             *len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayRecord, assay_record_free)

typedef struct
{
  char   *collection;
  char   *id;
  gint64  revision;
  char   *reason;
} AssayDamage;

typedef struct
{
  guint      n_records;   /* revisions read */
  guint      n_ok;
  GPtrArray *damaged;     /* of AssayDamage */
  char      *database_problem;  /* from SQLite's own check, or NULL */
  GPtrArray *problems;    /* of char *: the vault as a whole (head, key record, schema) */
} AssayCheckReport;

void assay_check_report_free (AssayCheckReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayCheckReport, assay_check_report_free)

#define ASSAY_TYPE_STORE (assay_store_get_type ())

G_DECLARE_FINAL_TYPE (AssayStore, assay_store, ASSAY, STORE, GObject)

AssayStore  *assay_store_new               (AssayVault   *vault);
AssayVault  *assay_store_get_vault         (AssayStore   *self);

/* Writes the next revision of @id (a new record when @id is NULL) and returns
 * what was stored: in its own transaction, or in the store's open one. */
AssayRecord *assay_store_save              (AssayStore   *self,
                                            const char   *collection,
                                            const char   *id,
                                            GBytes       *payload,
                                            GError      **error);
/* The same, coalescing an editing session's changes: when the newest
 * revision of @id was made by this installation and no bundle has carried
 * it away (an export marks what it carried), it is replaced in place (the
 * same revision number, base and base digest; a new stamp, payload and
 * signature) instead of a new revision being added. Otherwise, or when
 * @id is NULL, as assay_store_save(). */
AssayRecord *assay_store_save_coalesced    (AssayStore   *self,
                                            const char   *collection,
                                            const char   *id,
                                            GBytes       *payload,
                                            GError      **error);
AssayRecord *assay_store_load              (AssayStore   *self,
                                            const char   *collection,
                                            const char   *id,
                                            GError      **error);
AssayRecord *assay_store_load_revision     (AssayStore   *self,
                                            const char   *collection,
                                            const char   *id,
                                            gint64        revision,
                                            GError      **error);
/* Latest revision of every record in @collection, oldest first. A damaged
 * record fails the whole call: use assay_store_check() to find it. */
GPtrArray   *assay_store_list              (AssayStore   *self,
                                            const char   *collection,
                                            GError      **error);
/* assay_store_list() one record at a time, in memory that does not grow
 * with them: @func is given each newest revision (owned by the call), and
 * stops the walk by returning FALSE with an error. */
typedef gboolean (*AssayStoreRecordFunc) (const AssayRecord  *record,
                                          gpointer            user_data,
                                          GError            **error);
gboolean     assay_store_foreach           (AssayStore          *self,
                                            const char          *collection,
                                            AssayStoreRecordFunc func,
                                            gpointer             user_data,
                                            GError             **error);
/* The ids of the records of @collection, oldest first: for reading them
 * one at a time (an export), in memory that does not grow with them. */
GPtrArray   *assay_store_list_ids          (AssayStore   *self,
                                            const char   *collection,
                                            GError      **error);
GPtrArray   *assay_store_history           (AssayStore   *self,
                                            const char   *collection,
                                            const char   *id,
                                            GError      **error);
/*
 * Compacting a record's history: revisions that nobody needs any more are
 * dropped. @keep says, for a revision the store could drop, whether the
 * caller needs it (an audit keeps every revision that is not a draft). The
 * store always keeps the first and the newest revision, every revision a
 * bundle carried away, every revision made elsewhere and every one from
 * before records were signed; it drops the others that @keep does not keep.
 * The revision kept after the ones dropped says how many they were, and is
 * sealed again saying that its base is not held, so that `check` tells the
 * gap from rows deleted behind Assay's back. In one transaction, or in the
 * store's open one. @n_dropped (may be NULL) gets how many were dropped.
 */
typedef gboolean (*AssayStoreKeepFunc) (const AssayRecord *record,
                                        gpointer           user_data);

gboolean     assay_store_compact           (AssayStore          *self,
                                            const char          *collection,
                                            const char          *id,
                                            AssayStoreKeepFunc   keep,
                                            gpointer             user_data,
                                            guint               *n_dropped,
                                            GError             **error);

/* What the store says of each revision it holds of a record, beside its
 * content (which assay_store_history() reads). */
typedef struct
{
  gint64   revision;
  gint64   compacted;   /* revisions dropped just before this one by compaction */
  gboolean exported;    /* a bundle carried it: it is never rewritten in place */
} AssayRevisionInfo;

/* An array of AssayRevisionInfo, oldest first; empty when @id is not held. */
GArray      *assay_store_revision_info     (AssayStore   *self,
                                            const char   *collection,
                                            const char   *id,
                                            GError      **error);
/* Removes every revision of @id in one transaction (or in the store's open
 * one): a record deleted is gone, history and all. */
gboolean     assay_store_delete            (AssayStore   *self,
                                            const char   *collection,
                                            const char   *id,
                                            GError      **error);
/*
 * Groups saves so that either all of them are stored or none is (an import
 * of many records). Between begin and commit, assay_store_save() does not
 * commit on its own, and a failed save leaves the transaction open for the
 * caller to roll back. Transactions do not nest. Rolling back when none is
 * open does nothing, so error paths may call it unconditionally.
 */
gboolean     assay_store_begin             (AssayStore   *self,
                                            GError      **error);
gboolean     assay_store_commit            (AssayStore   *self,
                                            GError      **error);
void         assay_store_rollback          (AssayStore   *self);
gboolean     assay_store_in_transaction    (AssayStore   *self);

/*
 * Merging revisions made elsewhere (bundles). A revision keeps the collection,
 * id, revision number, author and stamp it was made with; only the seal is
 * this vault's.
 */
typedef enum
{
  ASSAY_STORE_IMPORT_ADDED,       /* new here, now stored */
  ASSAY_STORE_IMPORT_UPDATED,     /* a newer revision of a record held, now stored */
  ASSAY_STORE_IMPORT_SAME,        /* held already, exactly as it is */
  ASSAY_STORE_IMPORT_OLDER,       /* older than the revision held, which follows from it: nothing written */
  ASSAY_STORE_IMPORT_DIFFERENT,   /* another edit of what is held (a conflict): nothing written */
} AssayStoreImport;

/* Stores @record, signed by its author (checked here: a record in someone
 * else's name fails with ASSAY_STORE_ERROR_INTEGRITY), when it follows the
 * newest revision held: its base is that revision (with the same digest)
 * or a later one (revisions in between may never arrive; bundles carry
 * only the newest). Another revision of the same base, or one that builds
 * on a revision other than the one held, is DIFFERENT: a conflict for the
 * caller to set aside. Moves the store's clock past its stamp when the
 * stamp is believable (within a day of now). In its own transaction or the
 * store's open one. */
gboolean     assay_store_import_revision   (AssayStore         *self,
                                            const AssayRecord  *record,
                                            AssayStoreImport   *outcome,
                                            GError            **error);
/* Sets @other aside beside the record it conflicts with, sealed so that it
 * cannot be passed off as a record. @added is FALSE when the same version
 * (revision, author, stamp) was set aside before, resolved or not. */
gboolean     assay_store_add_conflict      (AssayStore         *self,
                                            const AssayRecord  *other,
                                            gboolean           *added,
                                            GError            **error);
/* Versions set aside and not yet resolved (AssayRecord), oldest first. */
GPtrArray   *assay_store_list_conflicts    (AssayStore         *self,
                                            GError            **error);
/* Drops the payload of a version set aside; its key is kept so that the same
 * version arriving again is not a new conflict. */
gboolean     assay_store_resolve_conflict  (AssayStore         *self,
                                            const AssayRecord  *other,
                                            GError            **error);

/* Ends a conflict keeping the version set aside (two chairs' agreed
 * grades both stand): it stays sealed, and is no longer listed. */
gboolean     assay_store_keep_conflict     (AssayStore         *self,
                                            const AssayRecord  *other,
                                            GError            **error);

/* Authenticates every revision of every record (and of every conflicting
 * version set aside), and SQLite's own pages. */
AssayCheckReport *assay_store_check        (AssayStore   *self,
                                            GError      **error);

/*
 * The vault's authenticated head (see assay-store-head.c): a keyed digest of
 * every record's newest revision, the conflicts, the key record and the
 * schema, kept in step with every write, and the copy of it last seen on
 * this computer (under $XDG_STATE_HOME/assay/).
 *
 * assay_store_verify_head() is quick (no record is decrypted): FALSE with
 * ASSAY_STORE_ERROR_RESTORED when the file is older than the one last seen
 * here (restored from a backup or rolled back), ASSAY_STORE_ERROR_INTEGRITY
 * when the head does not authenticate. Until a restore is accepted, writes
 * fail with ASSAY_STORE_ERROR_RESTORED. assay_store_accept_restore() takes
 * the vault as it is now as the copy last seen here, and logs it.
 */
gboolean     assay_store_verify_head       (AssayStore   *self,
                                            GError      **error);
gboolean     assay_store_accept_restore    (AssayStore   *self,
                                            GError      **error);

/* Progress of long work: called on the thread (main context) that started it. */
typedef void (*AssayProgressFunc) (guint64  done,
                                   guint64  total,
                                   gpointer user_data);

/*
 * Sets a new passphrase. With @current_passphrase (may be NULL when the
 * vault was just unlocked with it) it is checked first. With @rekey, every
 * record, conflict and the identity are re-encrypted under a fresh data key
 * in one transaction, and a new recovery key is made and returned in
 * @recovery_key (formatted, secure memory); the old passphrase and the old
 * recovery key then open nothing. Without @rekey, @recovery_key is NULL.
 */
gboolean     assay_store_change_passphrase (AssayStore          *self,
                                            const char          *current_passphrase,
                                            const char          *new_passphrase,
                                            gboolean             rekey,
                                            AssayProgressFunc    progress,
                                            gpointer             progress_data,
                                            AssaySecureString  **recovery_key,
                                            GError             **error);
void         assay_store_change_passphrase_async  (AssayStore          *self,
                                                   const char          *current_passphrase,
                                                   const char          *new_passphrase,
                                                   gboolean             rekey,
                                                   AssayProgressFunc    progress,
                                                   gpointer             progress_data,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean     assay_store_change_passphrase_finish (AssayStore          *self,
                                                   GAsyncResult        *result,
                                                   AssaySecureString  **recovery_key,
                                                   GError             **error);

G_END_DECLS
