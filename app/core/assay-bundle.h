/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "assay-audit.h"
#include "assay-store.h"

G_BEGIN_DECLS

#define ASSAY_BUNDLE_ERROR (assay_bundle_error_quark ())

typedef enum
{
  ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE,       /* some other file (exit 3) */
  ASSAY_BUNDLE_ERROR_UNSUPPORTED,        /* a newer bundle format (exit 3) */
  ASSAY_BUNDLE_ERROR_INVALID,            /* a bad recipient key or option (exit 1) */
  ASSAY_BUNDLE_ERROR_NOT_FOR_US,         /* addressed to others only (exit 3) */
  ASSAY_BUNDLE_ERROR_NEEDS_PASSPHRASE,   /* has a partnership slot: ask, then retry (exit 2) */
  ASSAY_BUNDLE_ERROR_WRONG_PASSPHRASE,   /* the partnership passphrase does not open it (exit 2) */
  ASSAY_BUNDLE_ERROR_DAMAGED,            /* truncated, altered, bad signature (exit 4) */
  ASSAY_BUNDLE_ERROR_UNTRUSTED,          /* an unknown sender or author, a revoked key, an agreed
                                          * grade not from a chair, someone else's audit changed,
                                          * a clock far ahead (exit 4) */
  ASSAY_BUNDLE_ERROR_REJECTED,           /* a record that makes no sense: an audit not fully
                                          * graded yet finished, an unfinished colleague's audit,
                                          * an unknown collection (exit 3) */
  ASSAY_BUNDLE_ERROR_WRITE,              /* the bundle could not be written where asked: a
                                          * folder not there or not ours to write, a full or
                                          * read-only disk, a device (exit 5) */
} AssayBundleError;

GQuark assay_bundle_error_quark (void);

/* @text in the canonical form of a public identity (64 lower-case hex
 * digits), or NULL and ASSAY_BUNDLE_ERROR_INVALID naming @text when it is
 * not one. Surrounding space is forgiven. */
char *assay_bundle_parse_recipient (const char  *text,
                                    GError     **error);

/* What goes into a bundle and who can open it. The author's own identity is
 * always a recipient, so a bundle is also a backup its author can import. */
typedef struct
{
  const char * const *recipients;   /* public identities as `identity` prints them; NULL-terminated or NULL */
  const char         *passphrase;   /* a partnership passphrase anyone in the forum can open it with, or NULL */
  GDateTime          *since;        /* only records changed at or after this time, or NULL for all */
} AssayExportOptions;

typedef struct
{
  guint n_records;          /* records in the bundle */
  guint n_revisions;        /* their revisions: one each, the newest */
  guint n_drafts_kept;      /* unfinished audits left out: they go to their author only */
  guint n_unverified_kept;  /* colleagues' records stored before records were signed */
} AssayExportSummary;

/* Writes a signed, encrypted bundle of the store's audits, agreements and
 * the cases they refer to. The file appears whole or not at all. */
gboolean assay_bundle_export (AssayStore                *store,
                              GFile                     *file,
                              const AssayExportOptions  *options,
                              AssayExportSummary        *summary,
                              GCancellable              *cancellable,
                              GError                   **error);

/* What an export wrote, as `export --json` reports it. */
typedef struct
{
  char              *file;          /* as the caller named it */
  char              *author;        /* this installation's public identity */
  char             **recipients;    /* the identities asked for, in canonical form */
  gboolean           partnership;   /* whether the partnership passphrase opens it */
  GDateTime         *since;         /* or NULL */
  AssayExportSummary summary;
} AssayExportResult;

void               assay_export_result_free    (AssayExportResult         *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayExportResult, assay_export_result_free)

/* assay_bundle_export() to @file, a path or URI as a command line gives it. */
AssayExportResult *assay_bundle_export_file    (AssayStore                *store,
                                                const char                *file,
                                                const AssayExportOptions  *options,
                                                GCancellable              *cancellable,
                                                GError                   **error);
/* {"file", "records", "revisions", "author", "recipients", "partnership",
 * "since"}: the shape of `assay-cli export --json`. */
JsonNode          *assay_export_result_to_json (const AssayExportResult   *result);

/* Two versions of a record that do not follow one from the other: the
 * local one in the records table and the other set aside beside it. */
typedef struct
{
  char        *ref;           /* 12 hex digits naming the conflict: `conflicts show REF` */
  char        *collection;
  char        *id;
  gint64       revision;      /* the other version's */
  char        *local_author;
  char        *other_author;
  guint64      other_hlc;
  char        *description;   /* what the record is, for people: "audit of EHC-0042 by Ann Patel" */
  AssayRecord *local;         /* the newest revision held */
  AssayRecord *other;         /* the version set aside */
} AssayConflict;

void           assay_conflict_free    (AssayConflict       *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayConflict, assay_conflict_free)
/* {"conflict", "collection", "id", "revision", "description", "local_author",
 * "other_author", "local_revision"}, as `assay-cli conflicts list --json`
 * lists them. */
JsonNode      *assay_conflict_to_json (const AssayConflict *conflict);

typedef struct
{
  char      *author;          /* the signer's public identity */
  char      *author_name;     /* as the signer's vault gives it */
  char      *author_agency;
  char      *created;         /* ISO 8601 UTC */
  guint      added;           /* records new to this store */
  guint      updated;         /* records that gained newer revisions */
  guint      unchanged;       /* records already held as they are */
  guint      erased;          /* records a deletion held here had erased: not stored again */
  guint      new_contacts;    /* senders and authors added as unverified contacts (--trust-new) */
  GPtrArray *conflicts;       /* of AssayConflict, new ones found by this import */
  GPtrArray *missing_frameworks; /* of AssayMissingFramework: the frameworks of the bundle's
                                  * audits that are not installed here. Those audits are
                                  * stored all the same, and read once it is installed. */
} AssayImportReport;

void           assay_import_report_free (AssayImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayImportReport, assay_import_report_free)

typedef enum
{
  ASSAY_IMPORT_NONE      = 0,
  /* A sender or author who is not a contact is added as an unverified
   * moderator (never a chair) instead of refusing the bundle. */
  ASSAY_IMPORT_TRUST_NEW = 1 << 0,
} AssayImportFlags;

/* How far the import of one bundle is goes to an AssayProgressFunc in bytes
 * of its file: each file is read twice, once to verify everything in it and
 * once to merge it, so the total is twice its size (0 when that is not
 * known). What is done never goes back, and reaches the total when the file
 * is merged. */

/* Verifies, decrypts and merges one bundle in one transaction: on any error
 * the store is unchanged. @passphrase is only used when the bundle is not
 * addressed to this installation; pass NULL first and ask the user on
 * ASSAY_BUNDLE_ERROR_NEEDS_PASSPHRASE. Importing the same bundle twice
 * changes nothing. The frameworks installed here are those of
 * assay_frameworks_new_default(). Blocks: assay_bundle_open() then
 * assay_bundle_merge() in one call. */
AssayImportReport *assay_bundle_import (AssayStore        *store,
                                        GFile             *file,
                                        const char        *passphrase,
                                        AssayImportFlags   flags,
                                        GCancellable      *cancellable,
                                        GError           **error);

/* One file of assay_bundle_import_files(). */
typedef struct
{
  char              *file;     /* as the caller named it */
  AssayImportReport *report;   /* NULL when it could not be imported */
  GError            *error;    /* why not, naming the file; NULL when imported */
} AssayImportFileResult;

typedef struct
{
  guint      added;       /* over every file imported */
  guint      updated;
  guint      unchanged;
  guint      erased;
  GPtrArray *conflicts;   /* of AssayConflict, those of the reports, in file order */
  GPtrArray *files;       /* of AssayImportFileResult, in the order given */
} AssayImportResult;

void               assay_import_result_free    (AssayImportResult         *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayImportResult, assay_import_result_free)

/* The error of the first file that failed, or NULL. */
const GError      *assay_import_result_get_first_error (const AssayImportResult *result);

/* Asks for the partnership passphrase for @file; NULL when there is none. */
typedef AssaySecureString *(*AssayBundlePassphraseFunc) (const char *file,
                                                         gpointer    user_data);
/* Told of each file as soon as it is done, in order. */
typedef void               (*AssayImportFileFunc)       (const AssayImportFileResult *file,
                                                         gpointer                     user_data);

/* Imports @files (paths or URIs as a command line gives them), each in its
 * own transaction, with the frameworks of assay_frameworks_new_default():
 * a file that fails does not stop the others. The first file that needs the
 * partnership passphrase makes it ask @ask_passphrase (if not NULL); the
 * answer serves the files after it, and is asked again while there is none.
 * @progress (or NULL) follows each file in turn, from 0 to its total. */
AssayImportResult *assay_bundle_import_files   (AssayStore                *store,
                                                const char * const        *files,
                                                AssayImportFlags           flags,
                                                AssayBundlePassphraseFunc  ask_passphrase,
                                                AssayImportFileFunc        file_done,
                                                AssayProgressFunc          progress,
                                                gpointer                   user_data,
                                                GCancellable              *cancellable);
/* {"added", "updated", "unchanged", "conflicts", "bundles", "failed"}: the
 * shape of `assay-cli import --json`. */
JsonNode          *assay_import_result_to_json (const AssayImportResult   *result);

/*
 * Import in two steps, so that the slow one (a passphrase slot costs half a
 * second of Argon2id; a large bundle takes a moment to decrypt) can run in a
 * worker thread: open reads the file through, opens a slot with the vault's
 * identity or @passphrase, decrypts, checks every signature and notes the
 * frameworks used, touching no database and keeping none of the records;
 * merge reads the file again (with the file key open found) and writes the
 * records in one transaction on the thread that owns the store, deciding
 * whom to trust from the address book. Memory stays bounded by one chunk of
 * the file and one record, whatever the bundle's size.
 *
 * The vault may lock while a bundle is being opened: its key is wiped at
 * once, and the open fails with ASSAY_VAULT_ERROR_LOCKED if it still needed
 * it, as a merge into a locked store does. Errors are those of
 * assay_bundle_import().
 */
typedef struct _AssayOpenedBundle AssayOpenedBundle;

void               assay_opened_bundle_free      (AssayOpenedBundle    *bundle);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayOpenedBundle, assay_opened_bundle_free)

/* The file's name as messages give it. */
const char        *assay_opened_bundle_get_name  (AssayOpenedBundle    *bundle);
/* Who sent it (the signer of the whole bundle), as the bundle names them:
 * what the user compares (with assay_identity_fingerprint()) before
 * accepting a sender who is not yet a contact. */
const char        *assay_opened_bundle_get_sender        (AssayOpenedBundle *bundle);
const char        *assay_opened_bundle_get_sender_name   (AssayOpenedBundle *bundle);
const char        *assay_opened_bundle_get_sender_agency (AssayOpenedBundle *bundle);

AssayOpenedBundle *assay_bundle_open             (AssayVault           *vault,
                                                  GFile                *file,
                                                  const char           *passphrase,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
/* The same, telling @progress (in the calling thread) how far it is: the
 * first half of an import's AssayProgressFunc. */
AssayOpenedBundle *assay_bundle_open_full        (AssayVault               *vault,
                                                  GFile                    *file,
                                                  const char               *passphrase,
                                                  AssayProgressFunc         progress,
                                                  gpointer                  progress_data,
                                                  GCancellable             *cancellable,
                                                  GError                  **error);
/* Call on the vault's thread; the work runs in a worker thread. Cancelling
 * completes the call at once with G_IO_ERROR_CANCELLED (the worker finishes
 * an Argon2id under way on its own and its result is dropped). */
void               assay_bundle_open_async       (AssayVault           *vault,
                                                  GFile                *file,
                                                  const char           *passphrase,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
/* The same, telling @progress how far it is (the first half of an import's
 * progress) in the main context that was the thread default when it was
 * called, from the worker: at most one call waits there at a time, with
 * the latest figures, and none is made after assay_bundle_open_finish(). */
void               assay_bundle_open_with_progress_async (AssayVault          *vault,
                                                          GFile               *file,
                                                          const char          *passphrase,
                                                          AssayProgressFunc    progress,
                                                          gpointer             progress_data,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
AssayOpenedBundle *assay_bundle_open_finish      (AssayVault           *vault,
                                                  GAsyncResult         *result,
                                                  GError              **error);
/* Merges @bundle into @store in one transaction, as assay_bundle_import()
 * does; @frameworks are those installed here, for the report's
 * missing_frameworks. @bundle can be merged again (into another store). */
AssayImportReport *assay_bundle_merge            (AssayStore           *store,
                                                  AssayOpenedBundle    *bundle,
                                                  AssayFrameworks      *frameworks,
                                                  AssayImportFlags      flags,
                                                  GCancellable         *cancellable,
                                                  GError              **error);

/* The same, telling @progress how far it is: the second half of an
 * import's AssayProgressFunc, ending at its total. */
AssayImportReport *assay_bundle_merge_full       (AssayStore               *store,
                                                  AssayOpenedBundle        *bundle,
                                                  AssayFrameworks          *frameworks,
                                                  AssayImportFlags          flags,
                                                  AssayProgressFunc         progress,
                                                  gpointer                  progress_data,
                                                  GCancellable             *cancellable,
                                                  GError                  **error);

/* Conflicts held in the store and not yet resolved, oldest first. */
GPtrArray     *assay_bundle_list_conflicts   (AssayStore     *store,
                                              GError        **error);
/* The open conflict @ref names (its ref or a unique prefix of at least four
 * digits); ASSAY_STORE_ERROR_NOT_FOUND when none does. */
AssayConflict *assay_bundle_find_conflict    (AssayStore     *store,
                                              const char     *ref,
                                              GError        **error);

/* One criterion of an audit as each side of a conflict grades it. */
typedef struct
{
  char *criterion;
  char *local_grade;       /* a grade token, or NULL when that side has none */
  char *local_evidence;
  char *other_grade;
  char *other_evidence;
} AssayConflictRow;

/* Both sides of an audit conflict criterion by criterion (AssayConflictRow),
 * in the order of the audit's framework when @frameworks has it; empty for
 * anything but an audit. */
GPtrArray     *assay_conflict_get_rows       (AssayConflict  *conflict,
                                              AssayFrameworks *frameworks);
/* What `conflicts show --json` prints: assay_conflict_to_json() with
 * "local" and "other" ({"revision", "author", "stamp", "payload"}) and
 * "rows" ([{"criterion", "local_grade", "local_evidence", "other_grade",
 * "other_evidence"}]). */
JsonNode      *assay_conflict_show_to_json   (AssayConflict  *conflict,
                                              AssayFrameworks *frameworks);

typedef enum
{
  ASSAY_CONFLICT_KEEP_MINE,     /* the version held here */
  ASSAY_CONFLICT_KEEP_THEIRS,   /* the version set aside */
  ASSAY_CONFLICT_KEEP_BOTH,     /* agreed grades only (two chairs): nothing dropped */
} AssayConflictKeep;

/*
 * Ends a conflict. When this installation wrote the version held, it writes
 * a new signed revision with the content kept, numbered past both sides so
 * that it follows either wherever it is imported: the resolution travels.
 * Anyone else's choice stays here: keeping theirs puts the other version
 * (signed by its author) in place of the one held; keeping mine leaves it.
 * Either way the key of the version dropped is remembered, so importing it
 * again does not raise the conflict again. KEEP_BOTH is refused
 * (ASSAY_BUNDLE_ERROR_INVALID) for anything but an agreed grade.
 */
gboolean       assay_bundle_resolve_conflict (AssayStore        *store,
                                              AssayConflict     *conflict,
                                              AssayConflictKeep  keep,
                                              GError           **error);

G_END_DECLS
