/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-head"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

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
  if (!assay_statement_step_row (old_stmt, &row, error))
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
  if (!assay_statement_step_row (new_stmt, &row, error))
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
_assay_head_sum_conflicts (AssayDatabase  *database,
                           const guint8   *key,
                           guint8         *sum,
                           GError        **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 tag[ASSAY_HEAD_BYTES];

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
      _assay_head_sum_add (sum, tag);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
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
                            ASSAY_HEAD_NEWEST_SQL ";",
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

  if (!_assay_head_sum_conflicts (database, key, head->conflicts_sum, error))
    return FALSE;

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
