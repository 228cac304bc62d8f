/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-migrations.h"
#include "assay-store-private.h"

/*
 * The store's side of the authenticated head (assay-head.c): every write
 * moves it in the same transaction, its commit records it as seen on this
 * computer, and `check` compares it with what the file holds.
 */

static AssayDatabase *
get_database (AssayStore *self)
{
  return assay_vault_get_database (self->vault);
}

/* Loads the head for the open transaction's writes, building it for a
 * vault from before it had one. */
static gboolean
prepare_head (AssayStore  *self,
              GError     **error)
{
  const guint8 *key = _assay_vault_get_head_key (self->vault);
  gboolean present = FALSE;

  if (self->head_loaded)
    return TRUE;

  if (key == NULL)
    return _assay_store_require_unlocked (self, error);

  if (!_assay_head_load_for_write (get_database (self), key,
                                   assay_vault_get_identity (self->vault), &self->head,
                                   &present, error))
    return FALSE;

  if (!present)
    {
      g_autoptr(AssayVaultRow) row = NULL;

      if (!_assay_vault_read_row (get_database (self), &row, error) ||
          !_assay_head_rebuild (get_database (self), &self->head, key, row, error))
        return FALSE;
    }

  self->head_loaded = TRUE;

  return TRUE;
}

gboolean
_assay_store_note_record (AssayStore  *self,
                          const char  *collection,
                          const char  *id,
                          GError     **error)
{
  return prepare_head (self, error) &&
         _assay_head_note_record (get_database (self), &self->head,
                                  _assay_vault_get_head_key (self->vault), collection, id,
                                  error);
}

gboolean
_assay_store_note_conflict (AssayStore              *self,
                            const AssayRecord       *other,
                            int                      from,
                            AssayHeadConflictState   to,
                            GError                 **error)
{
  if (!prepare_head (self, error))
    return FALSE;

  _assay_head_note_conflict (&self->head, _assay_vault_get_head_key (self->vault),
                             other->collection, other->id, other->revision, other->author,
                             other->hlc, from, to);

  return TRUE;
}

static void
record_seen (AssayStore      *self,
             const AssayHead *head,
             gboolean         force)
{
  const char *identity = assay_vault_get_identity (self->vault);
  const char *path = assay_database_get_path (get_database (self));
  AssayKdfParams kdf = { 0 };
  AssayHeadSeen seen;

  /* The KDF parameters change only through the key record, whose writes
   * record them: a commit reads them from the vault only when nothing
   * recorded them yet (a vault from before the head). */
  _assay_head_seen_load (identity, path, &seen);
  if (seen.kdf.opslimit == 0)
    assay_vault_get_kdf_params (self->vault, &kdf);

  _assay_head_seen_save (identity, path, head, kdf.opslimit > 0 ? &kdf : NULL, force);
}

gboolean
_assay_store_commit_writes (AssayStore  *self,
                            GError     **error)
{
  AssayDatabase *database = get_database (self);
  gboolean wrote_head = self->head_loaded;

  self->head_loaded = FALSE;

  if (wrote_head &&
      !_assay_head_write (database, &self->head, _assay_vault_get_head_key (self->vault),
                          error))
    {
      assay_database_rollback (database);
      return FALSE;
    }

  if (!assay_database_commit (database, error))
    return FALSE;

  if (wrote_head)
    record_seen (self, &self->head, FALSE);

  return TRUE;
}

void
_assay_store_rollback_writes (AssayStore *self)
{
  self->head_loaded = FALSE;
  assay_database_rollback (get_database (self));
}

/* Verifying and accepting */

/* What is wrong with the head and the key record, for @report (or, with
 * @report NULL, the first thing found, as an error). */
/* What is wrong with the head, the key record and the schema, added to
 * @problems; @restored, when not NULL, gets the restore problem alone. */
static gboolean
head_problems (AssayStore        *self,
               AssayHead         *head,
               gboolean          *present,
               GPtrArray         *problems,
               char             **restored,
               GError           **error)
{
  AssayDatabase *database = get_database (self);
  const guint8 *key = _assay_vault_get_head_key (self->vault);
  g_autoptr(AssayVaultRow) row = NULL;
  g_autoptr(GPtrArray) schema = NULL;
  g_autoptr(GError) local_error = NULL;
  AssayHeadSeen seen;
  static const char * const field_changes[] = {
    N_("the key-derivation parameters were changed (a downgrade, or the key record was "
       "replaced)"),
    N_("the passphrase wrap was changed outside Assay"),
    N_("the recovery key wrap was changed or wiped outside Assay"),
    N_("the identity key record was changed outside Assay"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (field_changes) == ASSAY_HEAD_N_FIELDS);

  if (!assay_migrations_schema_matches (database, &schema, error))
    return FALSE;
  for (guint i = 0; i < schema->len; i++)
    g_ptr_array_add (problems, g_strdup (g_ptr_array_index (schema, i)));

  *present = _assay_head_read (database, head, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  _assay_head_seen_load (assay_vault_get_identity (self->vault),
                         assay_database_get_path (get_database (self)), &seen);

  if (!*present)
    {
      if (seen.present)
        g_ptr_array_add (problems, g_strdup (_("the vault’s authenticated head was removed")));
      return TRUE;
    }

  if (!_assay_head_authentic (head, key))
    {
      g_ptr_array_add (problems,
                       g_strdup (_("the vault’s authenticated head does not match its key: it "
                                   "was altered")));
      return TRUE;
    }

  if (!_assay_vault_read_row (database, &row, error))
    return FALSE;

  for (guint i = 0; i < ASSAY_HEAD_N_FIELDS; i++)
    {
      guint8 digest[ASSAY_HEAD_BYTES];

      _assay_head_vault_digest (key, row, i, digest);
      if (sodium_memcmp (digest, head->vault[i], sizeof digest) != 0)
        g_ptr_array_add (problems, g_strdup (_(field_changes[i])));
    }

  {
    g_autofree char *problem = _assay_head_seen_problem (&seen, head);

    if (problem != NULL)
      g_ptr_array_add (problems,
                       g_strdup_printf (_("%s. If you restored it on purpose, accept it with "
                                          "“assay-cli check --accept-restore”"),
                                        problem));
    if (restored != NULL)
      *restored = g_steal_pointer (&problem);
  }

  return TRUE;
}

gboolean
assay_store_verify_head (AssayStore  *self,
                         GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *restored = NULL;
  AssayHead head;
  gboolean present = FALSE;

  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);

  if (!_assay_store_require_unlocked (self, error) ||
      !head_problems (self, &head, &present, problems, &restored, error))
    return FALSE;

  if (problems->len == 0)
    {
      if (present)
        record_seen (self, &head, FALSE);
      return TRUE;
    }

  /* A restore alone can be accepted; anything else is for `check`. */
  if (problems->len == 1 && restored != NULL)
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_RESTORED,
                   "%s: %s", assay_database_get_path (get_database (self)), restored);
      return FALSE;
    }

  g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY,
               _("%s was altered outside Assay: %s"),
               assay_database_get_path (get_database (self)),
               (const char *) g_ptr_array_index (problems, 0));

  return FALSE;
}

gboolean
assay_store_accept_restore (AssayStore  *self,
                            GError     **error)
{
  AssayDatabase *database;
  const guint8 *key;
  g_autoptr(AssayVaultRow) row = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *line = NULL;
  AssayHeadSeen seen;
  AssayHead head;
  gint64 was;

  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (!_assay_store_require_unlocked (self, error))
    return FALSE;

  database = get_database (self);
  key = _assay_vault_get_head_key (self->vault);
  _assay_head_seen_load (assay_vault_get_identity (self->vault),
                         assay_database_get_path (get_database (self)), &seen);

  if (!assay_database_begin (database, error))
    return FALSE;

  /* The vault as it stands becomes the one this computer knows: its head
   * is built again from the rows (so records rolled back or deleted before
   * the restore stop being reported) and counted past what was seen. */
  _assay_head_read (database, &head, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto fail;
    }
  was = head.generation;

  if (!_assay_vault_read_row (database, &row, error) ||
      !_assay_head_rebuild (database, &head, key, row, error))
    goto fail;

  head.generation = MAX (head.generation, seen.generation);
  if (!_assay_head_write (database, &head, key, error) ||
      !assay_database_commit (database, error))
    goto fail;

  record_seen (self, &head, TRUE);

  line = g_strdup_printf ("accepted %s (identity %s) as it stands: it was at change %"
                          G_GINT64_FORMAT ", this computer had seen change %" G_GINT64_FORMAT
                          "; now at change %" G_GINT64_FORMAT,
                          assay_database_get_path (database),
                          assay_vault_get_identity (self->vault), was, seen.generation,
                          head.generation);
  _assay_head_log (line);
  g_info ("%s", line);

  return TRUE;

fail:
  assay_database_rollback (database);
  return FALSE;
}

/* `check` */

typedef struct
{
  gint64   revision;
  gint64   revisions;
  char    *author;
  guint64  hlc;
} LedgerEntry;

static void
ledger_entry_free (gpointer data)
{
  LedgerEntry *entry = data;

  g_free (entry->author);
  g_free (entry);
}

static char *
entry_key (const char *collection,
           const char *id)
{
  return g_strconcat (collection, "/", id, NULL);
}

static GHashTable *
read_ledger (AssayDatabase  *database,
             GError        **error)
{
  g_autoptr(GHashTable) ledger = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        ledger_entry_free);
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = assay_database_prepare (database,
                                 "SELECT collection, id, revision, revisions, author, hlc "
                                 "FROM ledger",
                                 error);
  if (stmt == NULL)
    return NULL;

  while (assay_statement_step (stmt, &local_error))
    {
      LedgerEntry *entry = g_new0 (LedgerEntry, 1);

      entry->revision = assay_statement_get_int64 (stmt, 2);
      entry->revisions = assay_statement_get_int64 (stmt, 3);
      entry->author = g_strdup (assay_statement_get_text (stmt, 4));
      entry->hlc = (guint64) assay_statement_get_int64 (stmt, 5);
      g_hash_table_insert (ledger,
                           entry_key (assay_statement_get_text (stmt, 0),
                                      assay_statement_get_text (stmt, 1)),
                           entry);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&ledger);
}

/* Compares each record as held with what the ledger says Assay stored,
 * naming the ones that differ; sums the tags of both. */
static gboolean
compare_records (AssayStore        *self,
                 AssayCheckReport  *report,
                 guint8            *held_sum,
                 gint64            *held_count,
                 guint             *differences,
                 GError           **error)
{
  AssayDatabase *database = get_database (self);
  const guint8 *key = _assay_vault_get_head_key (self->vault);
  g_autoptr(GHashTable) ledger = NULL;
  g_autoptr(GHashTable) damaged = NULL;
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  GHashTableIter iter;
  gpointer hash_key, value;

  ledger = read_ledger (database, error);
  if (ledger == NULL)
    return FALSE;

  /* A record that failed to authenticate is named already. */
  damaged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < report->damaged->len; i++)
    {
      AssayDamage *damage = g_ptr_array_index (report->damaged, i);

      g_hash_table_add (damaged, entry_key (damage->collection, damage->id));
    }

  stmt = assay_database_prepare (database,
                                 ASSAY_HEAD_NEWEST_SQL,
                                 error);
  if (stmt == NULL)
    return FALSE;

  while (assay_statement_step (stmt, &local_error))
    {
      const char *collection = assay_statement_get_text (stmt, 0);
      const char *id = assay_statement_get_text (stmt, 1);
      gint64 revision = assay_statement_get_int64 (stmt, 2);
      gint64 revisions = assay_statement_get_int64 (stmt, 3);
      const char *author = assay_statement_get_text (stmt, 4);
      guint64 hlc = (guint64) assay_statement_get_int64 (stmt, 5);
      g_autofree char *name = entry_key (collection, id);
      LedgerEntry *entry = g_hash_table_lookup (ledger, name);
      guint8 tag[ASSAY_HEAD_BYTES];
      char *reason = NULL;

      _assay_head_record_tag (key, collection, id, revision, revisions, author, hlc, tag);
      _assay_head_sum_add (held_sum, tag);
      (*held_count)++;

      if (entry == NULL)
        reason = g_strdup (_("is not one Assay stored: it was planted, or its ledger entry "
                             "removed"));
      else if (entry->revision > revision)
        reason = g_strdup_printf (_("was rolled back: revision %" G_GINT64_FORMAT ", the newest "
                                    "stored, is gone, and revision %" G_GINT64_FORMAT " is "
                                    "the newest held"),
                                  entry->revision, revision);
      else if (entry->revision == revision && entry->revisions > revisions)
        reason = g_strdup_printf (ngettext ("%" G_GINT64_FORMAT " earlier revision was removed",
                                            "%" G_GINT64_FORMAT " earlier revisions were removed",
                                            entry->revisions - revisions),
                                  entry->revisions - revisions);
      else if (entry->revision != revision || entry->revisions != revisions ||
               g_strcmp0 (entry->author, author) != 0 || entry->hlc != hlc)
        reason = g_strdup (_("its newest revision is not the one Assay stored last"));

      if (reason != NULL && g_hash_table_contains (damaged, name))
        g_clear_pointer (&reason, g_free);

      if (reason != NULL)
        {
          _assay_check_report_add_damage (report, collection, id,
                                          entry != NULL ? entry->revision : revision, reason);
          (*differences)++;
        }

      g_hash_table_remove (ledger, name);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_hash_table_iter_init (&iter, ledger);
  while (g_hash_table_iter_next (&iter, &hash_key, &value))
    {
      LedgerEntry *entry = value;
      g_auto(GStrv) parts = g_strsplit (hash_key, "/", 2);

      if (g_hash_table_contains (damaged, hash_key))
        continue;

      _assay_check_report_add_damage (report, parts[0], parts[1], entry->revision,
                                      g_strdup_printf (ngettext ("was deleted: its %"
                                                                 G_GINT64_FORMAT
                                                                 " revision is gone",
                                                                 "was deleted: its %"
                                                                 G_GINT64_FORMAT
                                                                 " revisions are gone",
                                                                 entry->revisions),
                                                       entry->revisions));
      (*differences)++;
    }

  return TRUE;
}

gboolean
_assay_store_check_head (AssayStore        *self,
                         AssayCheckReport  *report,
                         GError           **error)
{
  guint8 held_sum[ASSAY_HEAD_BYTES] = { 0 };
  guint8 conflicts_sum[ASSAY_HEAD_BYTES] = { 0 };
  gint64 held_count = 0;
  guint differences = 0;
  guint problems_before = report->problems->len;
  gboolean present = FALSE;
  gboolean trusted;
  AssayHead head;

  if (!head_problems (self, &head, &present, report->problems, NULL, error))
    return FALSE;

  /* A vault from before the head gets one now, from the rows as they are. */
  if (!present && report->problems->len == problems_before)
    {
      if (!assay_store_begin (self, error))
        return FALSE;
      if (!prepare_head (self, error) || !assay_store_commit (self, error))
        {
          assay_store_rollback (self);
          return FALSE;
        }
      return _assay_store_check_head (self, report, error);
    }

  if (!compare_records (self, report, held_sum, &held_count, &differences, error) ||
      !_assay_head_sum_conflicts (get_database (self), _assay_vault_get_head_key (self->vault),
                                  conflicts_sum, error))
    return FALSE;

  trusted = present && _assay_head_authentic (&head, _assay_vault_get_head_key (self->vault));
  if (!trusted)
    return TRUE;

  /* The ledger names what changed; the sums say whether anything did, even
   * when the ledger was altered along with the records. */
  if ((sodium_memcmp (held_sum, head.records_sum, sizeof held_sum) != 0 ||
       held_count != head.records) && differences == 0)
    g_ptr_array_add (report->problems,
                     g_strdup_printf (_("records were deleted, rolled back or planted, and the "
                                        "ledger that would name them was altered too (the head "
                                        "counts %" G_GINT64_FORMAT " records; %" G_GINT64_FORMAT
                                        " are held)"),
                                      head.records, held_count));

  if (sodium_memcmp (conflicts_sum, head.conflicts_sum, sizeof conflicts_sum) != 0)
    g_ptr_array_add (report->problems,
                     g_strdup (_("a conflict set aside by an import was removed, changed or "
                                 "planted")));

  if (report->problems->len == problems_before && differences == 0)
    record_seen (self, &head, FALSE);

  return TRUE;
}
