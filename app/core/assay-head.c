/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-head"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "assay-head-private.h"
#include "assay-store.h"

/* See assay-head-private.h for what the head is; docs/SECURITY.md for why. */

G_STATIC_ASSERT (crypto_kdf_KEYBYTES == ASSAY_VAULT_KEY_BYTES);
G_STATIC_ASSERT (crypto_generichash_KEYBYTES == ASSAY_HEAD_BYTES);

void
_assay_head_derive_key (const guint8 *data_key,
                        guint8       *head_key)
{
  crypto_kdf_derive_from_key (head_key, ASSAY_HEAD_BYTES, 1, "assayhd1", data_key);
}

static void
hash_le64 (crypto_generichash_state *state,
           guint64                   value)
{
  guint8 buf[8];

  for (guint i = 0; i < 8; i++)
    buf[i] = (guint8) (value >> (8 * i));
  crypto_generichash_update (state, buf, sizeof buf);
}

static void
hash_string (crypto_generichash_state *state,
             const char               *str)
{
  /* With its NUL, so that ("ab", "c") and ("a", "bc") differ. */
  if (str == NULL)
    str = "";
  crypto_generichash_update (state, (const guint8 *) str, strlen (str) + 1);
}

static void
hash_begin (crypto_generichash_state *state,
            const guint8             *key,
            const char               *label)
{
  crypto_generichash_init (state, key, ASSAY_HEAD_BYTES, ASSAY_HEAD_BYTES);
  hash_string (state, label);
}

static void
hash_end (crypto_generichash_state *state,
          guint8                   *out)
{
  crypto_generichash_final (state, out, ASSAY_HEAD_BYTES);
  sodium_memzero (state, sizeof *state);
}

void
_assay_head_record_tag (const guint8 *key,
                        const char   *collection,
                        const char   *id,
                        gint64        revision,
                        gint64        revisions,
                        const char   *author,
                        guint64       hlc,
                        guint8       *tag)
{
  crypto_generichash_state state;

  hash_begin (&state, key, "assay/head/1/record");
  hash_string (&state, collection);
  hash_string (&state, id);
  hash_le64 (&state, (guint64) revision);
  hash_le64 (&state, (guint64) revisions);
  hash_string (&state, author);
  hash_le64 (&state, hlc);
  hash_end (&state, tag);
}

void
_assay_head_conflict_tag (const guint8           *key,
                          const char             *collection,
                          const char             *id,
                          gint64                  revision,
                          const char             *author,
                          guint64                 hlc,
                          AssayHeadConflictState  state_value,
                          guint8                 *tag)
{
  crypto_generichash_state state;

  hash_begin (&state, key, "assay/head/1/conflict");
  hash_string (&state, collection);
  hash_string (&state, id);
  hash_le64 (&state, (guint64) revision);
  hash_string (&state, author);
  hash_le64 (&state, hlc);
  hash_le64 (&state, (guint64) state_value);
  hash_end (&state, tag);
}

void
_assay_head_vault_digest (const guint8        *key,
                          const AssayVaultRow *row,
                          AssayHeadField       field,
                          guint8              *digest)
{
  crypto_generichash_state state;

  hash_begin (&state, key, "assay/head/1/vault");
  hash_le64 (&state, field);

  switch (field)
    {
    case ASSAY_HEAD_FIELD_KDF:
      hash_le64 (&state, row->kdf.opslimit);
      hash_le64 (&state, row->kdf.memlimit);
      crypto_generichash_update (&state, row->kdf_salt, sizeof row->kdf_salt);
      break;
    case ASSAY_HEAD_FIELD_PASSPHRASE:
      crypto_generichash_update (&state, row->passphrase_wrap, sizeof row->passphrase_wrap);
      break;
    case ASSAY_HEAD_FIELD_RECOVERY:
      crypto_generichash_update (&state, row->recovery_salt, sizeof row->recovery_salt);
      crypto_generichash_update (&state, row->recovery_wrap, sizeof row->recovery_wrap);
      break;
    case ASSAY_HEAD_FIELD_IDENTITY:
      hash_string (&state, row->identity_public);
      if (row->identity_sealed != NULL)
        crypto_generichash_update (&state, g_bytes_get_data (row->identity_sealed, NULL),
                                   g_bytes_get_size (row->identity_sealed));
      break;
    case ASSAY_HEAD_N_FIELDS:
    default:
      g_assert_not_reached ();
    }

  hash_end (&state, digest);
}

void
_assay_head_set_vault (AssayHead           *head,
                       const guint8        *key,
                       const AssayVaultRow *row,
                       guint                fields)
{
  for (guint i = 0; i < ASSAY_HEAD_N_FIELDS; i++)
    if (fields & (1u << i))
      _assay_head_vault_digest (key, row, i, head->vault[i]);
}

/* Little-endian 256-bit arithmetic: a sum that a tag can be taken out of
 * again, which XOR would also give but which adding one tag twice does not
 * cancel. */
void
_assay_head_sum_add (guint8       *sum,
                     const guint8 *tag)
{
  guint carry = 0;

  for (guint i = 0; i < ASSAY_HEAD_BYTES; i++)
    {
      guint v = sum[i] + tag[i] + carry;

      sum[i] = (guint8) v;
      carry = v >> 8;
    }
}

void
_assay_head_sum_subtract (guint8       *sum,
                          const guint8 *tag)
{
  int borrow = 0;

  for (guint i = 0; i < ASSAY_HEAD_BYTES; i++)
    {
      int v = (int) sum[i] - (int) tag[i] - borrow;

      borrow = v < 0;
      sum[i] = (guint8) (v + (borrow ? 256 : 0));
    }
}

static void
compute_mac (const AssayHead *head,
             const guint8    *key,
             guint8          *mac)
{
  crypto_generichash_state state;

  hash_begin (&state, key, "assay/head/1/head");
  hash_le64 (&state, (guint64) head->generation);
  hash_le64 (&state, (guint64) head->records);
  crypto_generichash_update (&state, head->records_sum, ASSAY_HEAD_BYTES);
  crypto_generichash_update (&state, head->conflicts_sum, ASSAY_HEAD_BYTES);
  crypto_generichash_update (&state, (const guint8 *) head->vault, sizeof head->vault);
  hash_end (&state, mac);
}

gboolean
_assay_head_authentic (const AssayHead *head,
                       const guint8    *key)
{
  guint8 mac[ASSAY_HEAD_BYTES];

  compute_mac (head, key, mac);

  return sodium_memcmp (mac, head->mac, sizeof mac) == 0;
}

static gboolean
copy_blob (AssayStatement *stmt,
           int             column,
           guint8         *out,
           gsize           len)
{
  gsize got = 0;
  gconstpointer blob = assay_statement_get_blob (stmt, column, &got);

  if (blob == NULL || got != len)
    return FALSE;

  memcpy (out, blob, len);

  return TRUE;
}

gboolean
_assay_head_read (AssayDatabase  *database,
                  AssayHead      *head,
                  GError        **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  memset (head, 0, sizeof *head);

  stmt = assay_database_prepare (database,
                                 "SELECT generation, records, records_sum, conflicts_sum, "
                                 "vault_digests, mac FROM head WHERE id = 1",
                                 error);
  if (stmt == NULL)
    return FALSE;

  if (!assay_statement_step (stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  head->generation = assay_statement_get_int64 (stmt, 0);
  head->records = assay_statement_get_int64 (stmt, 1);

  /* A field of the wrong size leaves zeros, which no MAC matches. */
  if (!copy_blob (stmt, 2, head->records_sum, ASSAY_HEAD_BYTES) ||
      !copy_blob (stmt, 3, head->conflicts_sum, ASSAY_HEAD_BYTES) ||
      !copy_blob (stmt, 4, (guint8 *) head->vault, sizeof head->vault) ||
      !copy_blob (stmt, 5, head->mac, ASSAY_HEAD_BYTES))
    memset (head->mac, 0, sizeof head->mac);

  return TRUE;
}

gboolean
_assay_head_write (AssayDatabase  *database,
                   AssayHead      *head,
                   const guint8   *key,
                   GError        **error)
{
  g_autoptr(AssayStatement) stmt = NULL;

  head->generation++;
  compute_mac (head, key, head->mac);

  stmt = assay_database_prepare (database,
                                 "INSERT OR REPLACE INTO head (id, generation, records, "
                                 "records_sum, conflicts_sum, vault_digests, mac) "
                                 "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
                                 error);
  if (stmt == NULL)
    return FALSE;

  assay_statement_bind_int64 (stmt, 1, head->generation);
  assay_statement_bind_int64 (stmt, 2, head->records);
  assay_statement_bind_blob (stmt, 3, head->records_sum, ASSAY_HEAD_BYTES);
  assay_statement_bind_blob (stmt, 4, head->conflicts_sum, ASSAY_HEAD_BYTES);
  assay_statement_bind_blob (stmt, 5, head->vault, sizeof head->vault);
  assay_statement_bind_blob (stmt, 6, head->mac, ASSAY_HEAD_BYTES);

  return assay_statement_run (stmt, error);
}

static gboolean
step_or_fail (AssayStatement  *stmt,
              gboolean        *row,
              GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  *row = assay_statement_step (stmt, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

gboolean
_assay_head_note_record (AssayDatabase  *database,
                         AssayHead      *head,
                         const guint8   *key,
                         const char     *collection,
                         const char     *id,
                         GError        **error)
{
  g_autoptr(AssayStatement) old_stmt = NULL;
  g_autoptr(AssayStatement) new_stmt = NULL;
  g_autoptr(AssayStatement) put = NULL;
  guint8 tag[ASSAY_HEAD_BYTES];
  gboolean row;

  old_stmt = assay_database_prepare (database,
                                     "SELECT revision, revisions, author, hlc FROM ledger "
                                     "WHERE collection = ?1 AND id = ?2",
                                     error);
  if (old_stmt == NULL)
    return FALSE;

  assay_statement_bind_text (old_stmt, 1, collection);
  assay_statement_bind_text (old_stmt, 2, id);
  if (!step_or_fail (old_stmt, &row, error))
    return FALSE;

  if (row)
    {
      _assay_head_record_tag (key, collection, id, assay_statement_get_int64 (old_stmt, 0),
                              assay_statement_get_int64 (old_stmt, 1),
                              assay_statement_get_text (old_stmt, 2),
                              (guint64) assay_statement_get_int64 (old_stmt, 3), tag);
      _assay_head_sum_subtract (head->records_sum, tag);
      head->records--;
    }

  new_stmt = assay_database_prepare (database,
                                     "SELECT revision, author, hlc, "
                                     "  (SELECT count(*) FROM records "
                                     "   WHERE collection = ?1 AND id = ?2) "
                                     "FROM records WHERE collection = ?1 AND id = ?2 "
                                     "ORDER BY revision DESC LIMIT 1",
                                     error);
  if (new_stmt == NULL)
    return FALSE;

  assay_statement_bind_text (new_stmt, 1, collection);
  assay_statement_bind_text (new_stmt, 2, id);
  if (!step_or_fail (new_stmt, &row, error))
    return FALSE;

  if (!row)
    {
      put = assay_database_prepare (database,
                                    "DELETE FROM ledger WHERE collection = ?1 AND id = ?2",
                                    error);
      if (put == NULL)
        return FALSE;
      assay_statement_bind_text (put, 1, collection);
      assay_statement_bind_text (put, 2, id);
      return assay_statement_run (put, error);
    }

  _assay_head_record_tag (key, collection, id, assay_statement_get_int64 (new_stmt, 0),
                          assay_statement_get_int64 (new_stmt, 3),
                          assay_statement_get_text (new_stmt, 1),
                          (guint64) assay_statement_get_int64 (new_stmt, 2), tag);
  _assay_head_sum_add (head->records_sum, tag);
  head->records++;

  put = assay_database_prepare (database,
                                "INSERT OR REPLACE INTO ledger "
                                "(collection, id, revision, revisions, author, hlc) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                error);
  if (put == NULL)
    return FALSE;

  assay_statement_bind_text (put, 1, collection);
  assay_statement_bind_text (put, 2, id);
  assay_statement_bind_int64 (put, 3, assay_statement_get_int64 (new_stmt, 0));
  assay_statement_bind_int64 (put, 4, assay_statement_get_int64 (new_stmt, 3));
  assay_statement_bind_text (put, 5, assay_statement_get_text (new_stmt, 1));
  assay_statement_bind_int64 (put, 6, assay_statement_get_int64 (new_stmt, 2));

  return assay_statement_run (put, error);
}

void
_assay_head_note_conflict (AssayHead              *head,
                           const guint8           *key,
                           const char             *collection,
                           const char             *id,
                           gint64                  revision,
                           const char             *author,
                           guint64                 hlc,
                           int                     from,
                           AssayHeadConflictState  to)
{
  guint8 tag[ASSAY_HEAD_BYTES];

  if (from >= 0)
    {
      _assay_head_conflict_tag (key, collection, id, revision, author, hlc, from, tag);
      _assay_head_sum_subtract (head->conflicts_sum, tag);
    }

  _assay_head_conflict_tag (key, collection, id, revision, author, hlc, to, tag);
  _assay_head_sum_add (head->conflicts_sum, tag);
}

gboolean
_assay_head_rebuild (AssayDatabase        *database,
                     AssayHead            *head,
                     const guint8         *key,
                     const AssayVaultRow  *row,
                     GError              **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 tag[ASSAY_HEAD_BYTES];

  if (!assay_database_exec (database,
                            "DELETE FROM ledger;"
                            "INSERT INTO ledger (collection, id, revision, revisions, author, hlc) "
                            "SELECT r.collection, r.id, r.revision, n.revisions, r.author, r.hlc "
                            "FROM records AS r JOIN "
                            "  (SELECT collection, id, max(revision) AS newest, "
                            "          count(*) AS revisions "
                            "   FROM records GROUP BY collection, id) AS n "
                            "ON r.collection = n.collection AND r.id = n.id "
                            "AND r.revision = n.newest;",
                            error))
    return FALSE;

  head->records = 0;
  memset (head->records_sum, 0, sizeof head->records_sum);
  memset (head->conflicts_sum, 0, sizeof head->conflicts_sum);

  stmt = assay_database_prepare (database,
                                 "SELECT collection, id, revision, revisions, author, hlc "
                                 "FROM ledger",
                                 error);
  if (stmt == NULL)
    return FALSE;

  while (assay_statement_step (stmt, &local_error))
    {
      _assay_head_record_tag (key, assay_statement_get_text (stmt, 0),
                              assay_statement_get_text (stmt, 1),
                              assay_statement_get_int64 (stmt, 2),
                              assay_statement_get_int64 (stmt, 3),
                              assay_statement_get_text (stmt, 4),
                              (guint64) assay_statement_get_int64 (stmt, 5), tag);
      _assay_head_sum_add (head->records_sum, tag);
      head->records++;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_pointer (&stmt, assay_statement_release);

  stmt = assay_database_prepare (database,
                                 "SELECT collection, id, revision, author, hlc, "
                                 "  CASE WHEN sealed IS NULL THEN 1 WHEN kept THEN 2 ELSE 0 END "
                                 "FROM conflicts",
                                 error);
  if (stmt == NULL)
    return FALSE;

  while (assay_statement_step (stmt, &local_error))
    {
      _assay_head_conflict_tag (key, assay_statement_get_text (stmt, 0),
                                assay_statement_get_text (stmt, 1),
                                assay_statement_get_int64 (stmt, 2),
                                assay_statement_get_text (stmt, 3),
                                (guint64) assay_statement_get_int64 (stmt, 4),
                                assay_statement_get_int64 (stmt, 5), tag);
      _assay_head_sum_add (head->conflicts_sum, tag);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  _assay_head_set_vault (head, key, row, (1u << ASSAY_HEAD_N_FIELDS) - 1);

  return TRUE;
}

gboolean
_assay_head_load_for_write (AssayDatabase  *database,
                            const guint8   *key,
                            const char     *identity,
                            AssayHead      *head,
                            gboolean       *present,
                            GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *problem = NULL;
  AssayHeadSeen seen;

  *present = _assay_head_read (database, head, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  _assay_head_seen_load (identity, assay_database_get_path (database), &seen);

  if (!*present)
    {
      /* A vault from before the head gets one; one whose head this
       * computer has seen has lost it. */
      if (seen.present)
        {
          g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY,
                       _("The authenticated head of %s was removed: the vault was altered "
                         "outside Assay. Run “assay-cli check” to see what changed"),
                       assay_database_get_path (database));
          return FALSE;
        }
      return TRUE;
    }

  if (!_assay_head_authentic (head, key))
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY,
                   _("The authenticated head of %s does not match its key: the vault was "
                     "altered outside Assay. Run “assay-cli check” to see what changed"),
                   assay_database_get_path (database));
      return FALSE;
    }

  problem = _assay_head_seen_problem (&seen, head);
  if (problem != NULL)
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_RESTORED,
                   _("%s: %s. Nothing is written to it until the restore is accepted "
                     "(“assay-cli check --accept-restore”)"),
                   assay_database_get_path (database), problem);
      return FALSE;
    }

  return TRUE;
}

/* What this computer saw */

/* One file per vault and place: a copy of a vault kept elsewhere (a second
 * installation under test, a file carried to a colleague's machine) is
 * another vault's history, while the same file put back to an older state
 * is caught. */
static char *
seen_path (const char *identity,
           const char *database_path)
{
  g_autofree char *real = realpath (database_path, NULL);
  g_autofree char *where = real != NULL ? g_strdup (real)
                                        : g_canonicalize_filename (database_path, NULL);
  g_autofree char *name = NULL;
  guint8 hash[16];
  char hex[sizeof hash * 2 + 1];
  crypto_generichash_state state;

  crypto_generichash_init (&state, NULL, 0, sizeof hash);
  hash_string (&state, identity);
  hash_string (&state, where);
  crypto_generichash_final (&state, hash, sizeof hash);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);

  return g_build_filename (g_get_user_state_dir (), "assay", "vaults", hex, NULL);
}

/*
 * Writing the record of what was seen costs an fsync, ten times what a save
 * costs, so a process writes it at most once a second and the last one when
 * it exits. A record that lags behind the vault is safe: it only misses a
 * restore to a copy made in that second; one ahead of it cannot happen.
 */
#define SEEN_WRITE_INTERVAL G_USEC_PER_SEC

static GMutex seen_lock;
static char *pending_path;
static char *pending_data;
static gint64 last_write;
static char *last_path;
static char *last_data;

static void
seen_write_now (const char *path,
                const char *data)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_warning ("Could not record the vault's head in %s: %s", path, error->message);
}

void
_assay_head_seen_flush (void)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;

  g_mutex_lock (&seen_lock);
  path = g_steal_pointer (&pending_path);
  data = g_steal_pointer (&pending_data);
  g_clear_pointer (&last_path, g_free);
  g_clear_pointer (&last_data, g_free);
  g_mutex_unlock (&seen_lock);

  if (path != NULL)
    seen_write_now (path, data);
}

static void
flush_at_exit (void)
{
  _assay_head_seen_flush ();
}

static void
seen_write (const char *path,
            const char *data,
            gboolean    now)
{
  static gsize registered = 0;
  gint64 time = g_get_monotonic_time ();

  if (g_once_init_enter (&registered))
    {
      atexit (flush_at_exit);
      g_once_init_leave (&registered, 1);
    }

  g_mutex_lock (&seen_lock);

  if (!now && g_strcmp0 (path, last_path) == 0 && time - last_write < SEEN_WRITE_INTERVAL)
    {
      g_free (pending_path);
      g_free (pending_data);
      pending_path = g_strdup (path);
      pending_data = g_strdup (data);
      g_mutex_unlock (&seen_lock);
      return;
    }

  /* This write supersedes one held back for the same vault. */
  if (g_strcmp0 (path, pending_path) == 0)
    {
      g_clear_pointer (&pending_path, g_free);
      g_clear_pointer (&pending_data, g_free);
    }
  g_free (last_path);
  g_free (last_data);
  last_path = g_strdup (path);
  last_data = g_strdup (data);
  last_write = time;
  g_mutex_unlock (&seen_lock);

  seen_write_now (path, data);
}

void
_assay_head_seen_load (const char    *identity,
                       const char    *database_path,
                       AssayHeadSeen *seen)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = NULL;
  g_autofree char *mac = NULL;
  gboolean loaded = FALSE;
  gsize len = 0;

  memset (seen, 0, sizeof *seen);
  if (identity == NULL)
    return;

  path = seen_path (identity, database_path);

  /* What this process held back or wrote last is at least as new as the
   * file (another process's later record only says less). */
  g_mutex_lock (&seen_lock);
  if (g_strcmp0 (path, pending_path) == 0)
    loaded = g_key_file_load_from_data (file, pending_data, -1, G_KEY_FILE_NONE, NULL);
  else if (g_strcmp0 (path, last_path) == 0)
    loaded = g_key_file_load_from_data (file, last_data, -1, G_KEY_FILE_NONE, NULL);
  g_mutex_unlock (&seen_lock);

  if (!loaded && !g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return;

  seen->generation = g_key_file_get_int64 (file, "Head", "Generation", NULL);
  mac = g_key_file_get_string (file, "Head", "Mac", NULL);
  if (mac == NULL ||
      sodium_hex2bin (seen->mac, sizeof seen->mac, mac, strlen (mac), NULL, &len, NULL) != 0 ||
      len != sizeof seen->mac)
    memset (seen->mac, 0, sizeof seen->mac);
  seen->kdf.opslimit = g_key_file_get_uint64 (file, "Head", "KdfOpslimit", NULL);
  seen->kdf.memlimit = g_key_file_get_uint64 (file, "Head", "KdfMemlimit", NULL);
  seen->present = seen->generation > 0;
}

void
_assay_head_seen_save (const char           *identity,
                       const char           *database_path,
                       const AssayHead      *head,
                       const AssayKdfParams *kdf,
                       gboolean              force)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  char mac[ASSAY_HEAD_BYTES * 2 + 1];
  AssayHeadSeen seen;

  if (identity == NULL)
    return;

  /* Another process may have written a later head and said so first. */
  _assay_head_seen_load (identity, database_path, &seen);
  if (!force && seen.present && seen.generation > head->generation)
    return;

  path = seen_path (identity, database_path);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_warning ("Could not create %s: %s", dir, g_strerror (errno));
      return;
    }

  sodium_bin2hex (mac, sizeof mac, head->mac, sizeof head->mac);
  g_key_file_set_string (file, "Head", "Database", database_path);
  g_key_file_set_int64 (file, "Head", "Generation", head->generation);
  g_key_file_set_string (file, "Head", "Mac", mac);
  if (kdf != NULL)
    {
      g_key_file_set_uint64 (file, "Head", "KdfOpslimit", kdf->opslimit);
      g_key_file_set_uint64 (file, "Head", "KdfMemlimit", kdf->memlimit);
    }
  else if (seen.present)
    {
      g_key_file_set_uint64 (file, "Head", "KdfOpslimit", seen.kdf.opslimit);
      g_key_file_set_uint64 (file, "Head", "KdfMemlimit", seen.kdf.memlimit);
    }

  data = g_key_file_to_data (file, NULL, NULL);
  seen_write (path, data, force);
}

char *
_assay_head_seen_problem (const AssayHeadSeen *seen,
                          const AssayHead     *head)
{
  if (!seen->present || head->generation > seen->generation)
    return NULL;

  if (head->generation == seen->generation &&
      sodium_memcmp (head->mac, seen->mac, sizeof head->mac) == 0)
    return NULL;

  if (head->generation == seen->generation)
    return g_strdup_printf (_("this file is another copy of the vault than the one last seen "
                              "on this computer (both at change %" G_GINT64_FORMAT ")"),
                            head->generation);

  return g_strdup_printf (_("this file is older than the vault last seen on this computer "
                            "(change %" G_GINT64_FORMAT "; last seen change %" G_GINT64_FORMAT
                            "): it was restored from a backup or rolled back"),
                          head->generation, seen->generation);
}

void
_assay_head_log (const char *line)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "assay", NULL);
  g_autofree char *path = g_build_filename (dir, "restores.log", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  FILE *out;

  g_mkdir_with_parents (dir, 0700);
  out = g_fopen (path, "a");
  if (out == NULL)
    {
      g_warning ("Could not write to %s: %s", path, g_strerror (errno));
      return;
    }

  fprintf (out, "%s %s\n", stamp, line);
  fclose (out);
}
