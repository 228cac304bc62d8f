/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-store"

#include "config.h"

#include "assay-record-private.h"
#include "assay-store-private.h"

/*
 * Revisions that don't multiply. An editor's saves replace the revision its
 * session made until a bundle carries that revision away (an export marks
 * what it carried, and a revision marked so is never rewritten: someone may
 * hold it); a record's intermediate revisions that nobody needs any more are
 * compacted away, the revision kept after them saying so.
 */

/* Coalescing */

/* The newest revision of @id when a coalesced save may replace it: made
 * here, signed, never carried by a bundle. 0 when there is none such. */
static gboolean
replaceable_revision (AssayStore  *self,
                      const char  *collection,
                      const char  *id,
                      gint64      *revision,
                      gboolean    *gap,
                      GError     **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  *revision = 0;
  *gap = FALSE;

  stmt = _assay_store_prepare (self,
                               "SELECT revision, author, exported, gap, base IS NOT NULL "
                               "FROM records WHERE collection = ?1 AND id = ?2 "
                               "ORDER BY revision DESC LIMIT 1",
                               collection, id, error);
  if (stmt == NULL)
    return FALSE;

  if (!assay_statement_step (stmt, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }

  if (g_strcmp0 (assay_statement_get_text (stmt, 1),
                 assay_vault_get_identity (self->vault)) == 0 &&
      assay_statement_get_int64 (stmt, 2) == 0 &&
      assay_statement_get_int64 (stmt, 4) != 0)
    {
      *revision = assay_statement_get_int64 (stmt, 0);
      *gap = assay_statement_get_int64 (stmt, 3) != 0;
    }

  return TRUE;
}

/* Writes @payload as revision @revision of @id in place of what it held:
 * the same base and base digest (so it still follows what it followed), a
 * new stamp and signature. Inside the open transaction. */
static AssayRecord *
replace_revision (AssayStore  *self,
                  const char  *collection,
                  const char  *id,
                  gint64       revision,
                  gboolean     gap,
                  GBytes      *payload,
                  GError     **error)
{
  g_autoptr(AssayRecord) held = NULL;
  g_autoptr(AssayRecord) record = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(AssayStatement) stmt = NULL;

  held = assay_store_load_revision (self, collection, id, revision, error);
  if (held == NULL || !_assay_store_load_clock (self, error))
    return NULL;

  record = g_new0 (AssayRecord, 1);
  record->collection = g_strdup (collection);
  record->id = g_strdup (id);
  record->revision = revision;
  record->author = g_strdup (assay_vault_get_identity (self->vault));
  record->hlc = assay_hlc_now (&self->clock);
  record->payload = g_bytes_ref (payload);
  record->base = held->base;
  record->base_digest = held->base_digest != NULL ? g_bytes_ref (held->base_digest) : NULL;

  if (!_assay_record_sign (record, self->vault, error))
    return NULL;

  sealed = _assay_store_seal_row (self, RECORD_AD_LABEL, record, gap, error);
  if (sealed == NULL)
    return NULL;

  stmt = _assay_store_prepare (self,
                               "UPDATE records SET hlc = ?4, sealed = ?5 "
                               "WHERE collection = ?1 AND id = ?2 AND revision = ?3",
                               collection, id, error);
  if (stmt == NULL)
    return NULL;

  assay_statement_bind_int64 (stmt, 3, revision);
  assay_statement_bind_int64 (stmt, 4, (gint64) record->hlc);
  assay_statement_bind_blob (stmt, 5, g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));

  if (!assay_statement_run (stmt, error) ||
      !_assay_store_note_record (self, collection, id, error))
    return NULL;

  return g_steal_pointer (&record);
}

AssayRecord *
assay_store_save_coalesced (AssayStore  *self,
                            const char  *collection,
                            const char  *id,
                            GBytes      *payload,
                            GError     **error)
{
  g_autoptr(AssayRecord) record = NULL;
  gboolean own_transaction;
  gboolean gap = FALSE;
  gint64 revision = 0;

  g_return_val_if_fail (ASSAY_IS_STORE (self), NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  if (id == NULL)
    return assay_store_save (self, collection, id, payload, error);

  if (!_assay_store_require_unlocked (self, error) ||
      !_assay_store_check_names (collection, id, error))
    return NULL;

  /* Deciding and writing in one transaction: an export marking the
   * revision in between cannot be missed. */
  own_transaction = !self->in_transaction;
  if (own_transaction && !assay_store_begin (self, error))
    return NULL;

  if (!replaceable_revision (self, collection, id, &revision, &gap, error))
    goto fail;

  if (revision > 0)
    record = replace_revision (self, collection, id, revision, gap, payload, error);
  else
    record = assay_store_save (self, collection, id, payload, error);
  if (record == NULL)
    goto fail;

  if (own_transaction && !assay_store_commit (self, error))
    return NULL;

  return g_steal_pointer (&record);

fail:
  /* In the caller's transaction, the caller decides what to undo. */
  if (own_transaction)
    assay_store_rollback (self);
  return NULL;
}

/* What bundles carried */

typedef struct
{
  const char *collection;   /* in the string chunk */
  const char *id;           /* likewise */
  gint64      revision;
  guint64     hlc;
} CarriedKey;

struct _AssayCarried
{
  GStringChunk *strings;
  GArray       *keys;
};

AssayCarried *
_assay_carried_new (void)
{
  AssayCarried *carried = g_new0 (AssayCarried, 1);

  carried->strings = g_string_chunk_new (4096);
  carried->keys = g_array_new (FALSE, FALSE, sizeof (CarriedKey));

  return carried;
}

void
_assay_carried_free (AssayCarried *carried)
{
  if (carried == NULL)
    return;

  g_string_chunk_free (carried->strings);
  g_array_unref (carried->keys);
  g_free (carried);
}

void
_assay_carried_add (AssayCarried      *carried,
                    const AssayRecord *record)
{
  CarriedKey key = {
    .collection = g_string_chunk_insert_const (carried->strings, record->collection),
    .id = g_string_chunk_insert (carried->strings, record->id),
    .revision = record->revision,
    .hlc = record->hlc,
  };

  g_array_append_val (carried->keys, key);
}

gboolean
_assay_store_mark_exported (AssayStore    *self,
                            AssayCarried  *carried,
                            GError       **error)
{
  gboolean own_transaction;

  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);
  g_return_val_if_fail (carried != NULL, FALSE);

  if (carried->keys->len == 0)
    return TRUE;

  own_transaction = !self->in_transaction;
  if (own_transaction && !assay_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < carried->keys->len; i++)
    {
      CarriedKey *key = &g_array_index (carried->keys, CarriedKey, i);
      g_autoptr(AssayStatement) stmt = NULL;

      /* A revision rewritten since it was read is not the one carried. */
      stmt = _assay_store_prepare (self,
                                   "UPDATE records SET exported = 1 "
                                   "WHERE collection = ?1 AND id = ?2 AND revision = ?3 "
                                   "AND hlc = ?4 AND exported = 0",
                                   key->collection, key->id, error);
      if (stmt == NULL)
        goto fail;

      assay_statement_bind_int64 (stmt, 3, key->revision);
      assay_statement_bind_int64 (stmt, 4, (gint64) key->hlc);
      if (!assay_statement_run (stmt, error))
        goto fail;
    }

  if (own_transaction && !assay_store_commit (self, error))
    return FALSE;

  return TRUE;

fail:
  if (own_transaction)
    assay_store_rollback (self);
  return FALSE;
}

/* Compaction */

typedef struct
{
  gint64   compacted;
  gboolean exported;
} RowNotes;

/* What the plaintext columns say of each revision of @id, oldest first. */
static GArray *
read_notes (AssayStore  *self,
            const char  *collection,
            const char  *id,
            GArray      *revisions,
            GError     **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GArray) notes = g_array_new (FALSE, TRUE, sizeof (RowNotes));
  g_autoptr(GError) local_error = NULL;

  stmt = _assay_store_prepare (self,
                               "SELECT revision, compacted, exported FROM records "
                               "WHERE collection = ?1 AND id = ?2 ORDER BY revision",
                               collection, id, error);
  if (stmt == NULL)
    return NULL;

  while (assay_statement_step (stmt, &local_error))
    {
      RowNotes row = {
        .compacted = assay_statement_get_int64 (stmt, 1),
        .exported = assay_statement_get_int64 (stmt, 2) != 0,
      };
      gint64 revision = assay_statement_get_int64 (stmt, 0);

      g_array_append_val (notes, row);
      if (revisions != NULL)
        g_array_append_val (revisions, revision);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&notes);
}

static gboolean
delete_revision (AssayStore  *self,
                 const char  *collection,
                 const char  *id,
                 gint64       revision,
                 GError     **error)
{
  g_autoptr(AssayStatement) stmt = NULL;

  stmt = _assay_store_prepare (self,
                               "DELETE FROM records "
                               "WHERE collection = ?1 AND id = ?2 AND revision = ?3",
                               collection, id, error);
  if (stmt == NULL)
    return FALSE;

  assay_statement_bind_int64 (stmt, 3, revision);

  return assay_statement_run (stmt, error);
}

/* @kept follows @n_dropped revisions no longer held: its seal says its base
 * is not held (as for a revision that came in a bundle), and the row how
 * many were dropped. */
static gboolean
note_dropped_before (AssayStore         *self,
                     const AssayRecord  *kept,
                     const RowNotes     *notes,
                     guint               n_dropped,
                     GError            **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GBytes) sealed = NULL;

  sealed = _assay_store_seal_row (self, RECORD_AD_LABEL, kept, TRUE, error);
  if (sealed == NULL)
    return FALSE;

  stmt = _assay_store_prepare (self,
                               "UPDATE records SET sealed = ?4, gap = 1, compacted = ?5 "
                               "WHERE collection = ?1 AND id = ?2 AND revision = ?3",
                               kept->collection, kept->id, error);
  if (stmt == NULL)
    return FALSE;

  assay_statement_bind_int64 (stmt, 3, kept->revision);
  assay_statement_bind_blob (stmt, 4, g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
  assay_statement_bind_int64 (stmt, 5, notes->compacted + n_dropped);

  return assay_statement_run (stmt, error);
}

/* Whether the store may drop @record, which is neither the first nor the
 * newest: made here, signed, never carried away, and not one @keep keeps. */
static gboolean
droppable (AssayStore          *self,
           const AssayRecord   *record,
           const RowNotes      *notes,
           AssayStoreKeepFunc   keep,
           gpointer             user_data)
{
  return !notes->exported && record->signature != NULL &&
         g_str_equal (record->author, assay_vault_get_identity (self->vault)) &&
         (keep == NULL || !keep (record, user_data));
}

static gboolean
compact_history (AssayStore          *self,
                 const char          *collection,
                 const char          *id,
                 AssayStoreKeepFunc   keep,
                 gpointer             user_data,
                 guint               *n_dropped,
                 GError             **error)
{
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GArray) notes = NULL;
  guint run_start = 1;

  history = assay_store_history (self, collection, id, error);
  if (history == NULL)
    return FALSE;
  notes = read_notes (self, collection, id, NULL, error);
  if (notes == NULL)
    return FALSE;
  g_return_val_if_fail (notes->len == history->len, FALSE);

  for (guint i = 1; i < history->len; i++)
    {
      const AssayRecord *record = history->pdata[i];
      const RowNotes *row = &g_array_index (notes, RowNotes, i);
      guint run = i - run_start;

      if (i + 1 < history->len && droppable (self, record, row, keep, user_data))
        continue;

      /* A run of droppable revisions before a kept one goes only when the
       * kept one names the last of them as its base, as `check` expects of
       * a revision whose base is not held. */
      if (run > 0 && record->signature != NULL && record->base == record->revision - 1)
        {
          for (guint j = run_start; j < i; j++)
            if (!delete_revision (self, collection, id,
                                  ((AssayRecord *) history->pdata[j])->revision, error))
              return FALSE;

          if (!note_dropped_before (self, record, row, run, error))
            return FALSE;
          *n_dropped += run;
        }

      run_start = i + 1;
    }

  return *n_dropped == 0 || _assay_store_note_record (self, collection, id, error);
}

gboolean
assay_store_compact (AssayStore          *self,
                     const char          *collection,
                     const char          *id,
                     AssayStoreKeepFunc   keep,
                     gpointer             user_data,
                     guint               *n_dropped,
                     GError             **error)
{
  gboolean own_transaction;
  guint dropped = 0;

  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (n_dropped != NULL)
    *n_dropped = 0;

  if (!_assay_store_require_unlocked (self, error) ||
      !_assay_store_check_names (collection, id, error))
    return FALSE;

  own_transaction = !self->in_transaction;
  if (own_transaction && !assay_store_begin (self, error))
    return FALSE;

  if (!compact_history (self, collection, id, keep, user_data, &dropped, error))
    {
      if (own_transaction)
        assay_store_rollback (self);
      return FALSE;
    }

  if (own_transaction && !assay_store_commit (self, error))
    return FALSE;

  if (n_dropped != NULL)
    *n_dropped = dropped;

  return TRUE;
}

GArray *
assay_store_revision_info (AssayStore  *self,
                           const char  *collection,
                           const char  *id,
                           GError     **error)
{
  g_autoptr(GArray) revisions = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) notes = NULL;
  GArray *info;

  g_return_val_if_fail (ASSAY_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  notes = read_notes (self, collection, id, revisions, error);
  if (notes == NULL)
    return NULL;

  info = g_array_sized_new (FALSE, TRUE, sizeof (AssayRevisionInfo), notes->len);
  for (guint i = 0; i < notes->len; i++)
    {
      const RowNotes *row = &g_array_index (notes, RowNotes, i);
      AssayRevisionInfo entry = {
        .revision = g_array_index (revisions, gint64, i),
        .compacted = row->compacted,
        .exported = row->exported,
      };

      g_array_append_val (info, entry);
    }

  return info;
}
