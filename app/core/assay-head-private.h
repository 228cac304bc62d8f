/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-database.h"
#include "assay-vault-private.h"

G_BEGIN_DECLS

/*
 * The authenticated head (assay-head.c): what the vault holds, summed up
 * under a key only the data key's holder has, so that a row deleted,
 * rolled back or planted behind Assay's back is found by `check`, and the
 * copy of it last seen on this computer, so that the whole file put back
 * to an older copy is found too.
 *
 * Each record contributes a keyed tag of its id, newest revision, number of
 * revisions held and the newest revision's author and stamp; each conflict
 * row a tag of its key and state. The head keeps their sums (mod 2^256), so
 * a write changes it by subtracting one tag and adding another instead of
 * reading everything again; keyed digests of the key record's fields; a
 * generation counted up by every write; and a MAC over all of it.
 */

#define ASSAY_HEAD_BYTES 32

typedef enum
{
  ASSAY_HEAD_FIELD_KDF,          /* KDF parameters and salt */
  ASSAY_HEAD_FIELD_PASSPHRASE,   /* the passphrase wrap */
  ASSAY_HEAD_FIELD_RECOVERY,     /* the recovery salt and wrap */
  ASSAY_HEAD_FIELD_IDENTITY,     /* the public identity and the sealed key */
  ASSAY_HEAD_N_FIELDS
} AssayHeadField;

typedef enum
{
  ASSAY_HEAD_CONFLICT_OPEN,
  ASSAY_HEAD_CONFLICT_RESOLVED,  /* its payload dropped */
  ASSAY_HEAD_CONFLICT_KEPT,
} AssayHeadConflictState;

typedef struct
{
  gint64 generation;
  gint64 records;
  guint8 records_sum[ASSAY_HEAD_BYTES];
  guint8 conflicts_sum[ASSAY_HEAD_BYTES];
  guint8 vault[ASSAY_HEAD_N_FIELDS][ASSAY_HEAD_BYTES];
  guint8 mac[ASSAY_HEAD_BYTES];
} AssayHead;

/* The head's key, from the data key (a subkey: the data key itself only
 * ever seals). */
void      _assay_head_derive_key      (const guint8           *data_key,
                                       guint8                 *head_key);

void      _assay_head_record_tag      (const guint8           *key,
                                       const char             *collection,
                                       const char             *id,
                                       gint64                  revision,
                                       gint64                  revisions,
                                       const char             *author,
                                       guint64                 hlc,
                                       guint8                 *tag);
void      _assay_head_conflict_tag    (const guint8           *key,
                                       const char             *collection,
                                       const char             *id,
                                       gint64                  revision,
                                       const char             *author,
                                       guint64                 hlc,
                                       AssayHeadConflictState  state,
                                       guint8                 *tag);
void      _assay_head_vault_digest    (const guint8           *key,
                                       const AssayVaultRow    *row,
                                       AssayHeadField          field,
                                       guint8                 *digest);
/* @fields is a mask of 1 << AssayHeadField. */
void      _assay_head_set_vault       (AssayHead              *head,
                                       const guint8           *key,
                                       const AssayVaultRow    *row,
                                       guint                   fields);
void      _assay_head_sum_add         (guint8                 *sum,
                                       const guint8           *tag);
void      _assay_head_sum_subtract    (guint8                 *sum,
                                       const guint8           *tag);
gboolean  _assay_head_authentic       (const AssayHead        *head,
                                       const guint8           *key);

/* Reads the head row; FALSE with no error when there is none yet. */
gboolean  _assay_head_read            (AssayDatabase          *database,
                                       AssayHead              *head,
                                       GError                **error);
/* Counts the generation up, computes the MAC and writes the row. */
gboolean  _assay_head_write           (AssayDatabase          *database,
                                       AssayHead              *head,
                                       const guint8           *key,
                                       GError                **error);

/* Moves @head's sums and the ledger from what the ledger says of @id to
 * what the records table holds of it now. */
gboolean  _assay_head_note_record     (AssayDatabase          *database,
                                       AssayHead              *head,
                                       const guint8           *key,
                                       const char             *collection,
                                       const char             *id,
                                       GError                **error);
/* Replaces a conflict row's tag in the sum: @from is -1 for a new row. */
void      _assay_head_note_conflict   (AssayHead              *head,
                                       const guint8           *key,
                                       const char             *collection,
                                       const char             *id,
                                       gint64                  revision,
                                       const char             *author,
                                       guint64                 hlc,
                                       int                     from,
                                       AssayHeadConflictState  to);
/* Each record's newest revision as the records table holds it: collection,
 * id, revision, number of revisions, author, stamp. */
#define ASSAY_HEAD_NEWEST_SQL \
  "SELECT r.collection, r.id, r.revision, n.revisions, r.author, r.hlc " \
  "FROM records AS r JOIN " \
  "  (SELECT collection, id, max(revision) AS newest, count(*) AS revisions " \
  "   FROM records GROUP BY collection, id) AS n " \
  "ON r.collection = n.collection AND r.id = n.id AND r.revision = n.newest"

/* Adds to @sum the tag of every conflict row as it is. */
gboolean  _assay_head_sum_conflicts   (AssayDatabase          *database,
                                       const guint8           *key,
                                       guint8                 *sum,
                                       GError                **error);
/* Builds the ledger and the sums again from the rows as they are, and the
 * key record's digests from @row; keeps @head's generation. */
gboolean  _assay_head_rebuild         (AssayDatabase          *database,
                                       AssayHead              *head,
                                       const guint8           *key,
                                       const AssayVaultRow    *row,
                                       GError                **error);
/* Reads the head for a write: FALSE with ASSAY_STORE_ERROR_INTEGRITY when
 * it does not authenticate (it is not built upon: that would launder the
 * change), ASSAY_STORE_ERROR_RESTORED when it is older than the one last
 * seen here. @present is FALSE, with no error, when there is no head yet. */
gboolean  _assay_head_load_for_write  (AssayDatabase          *database,
                                       const guint8           *key,
                                       const char             *identity,
                                       AssayHead              *head,
                                       gboolean               *present,
                                       GError                **error);

/* What this computer last saw of a vault, kept outside the database. */
typedef struct
{
  gboolean       present;
  gint64         generation;
  guint8         mac[ASSAY_HEAD_BYTES];
  AssayKdfParams kdf;
} AssayHeadSeen;

void      _assay_head_seen_load       (const char             *identity,
                                       const char             *database_path,
                                       AssayHeadSeen          *seen);
/* Records @head as seen, unless a later one was (another process); with
 * @force, whatever was seen before. */
void      _assay_head_seen_save       (const char             *identity,
                                       const char             *database_path,
                                       const AssayHead        *head,
                                       const AssayKdfParams   *kdf,
                                       gboolean                force);
/* Writes a record held back by _assay_head_seen_save() (at most one write
 * a second), and forgets what this process kept of it, so that the next
 * read is from the file; also done when the vault locks and at exit. */
void      _assay_head_seen_flush      (void);
/* NULL when @head follows what was seen here, or the problem, for a person. */
char     *_assay_head_seen_problem    (const AssayHeadSeen    *seen,
                                       const AssayHead        *head);
/* Appends a line to $XDG_STATE_HOME/assay/restores.log. */
void      _assay_head_log             (const char             *line);

G_END_DECLS
