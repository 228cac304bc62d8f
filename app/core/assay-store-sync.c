/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-bundle-private.h"
#include "assay-record-private.h"
#include "assay-store-private.h"

/* Revisions from other installations: importing them, and the conflicts
 * kept when two edits of the same revision meet. */

/* Refuses what the schema would take but Assay never writes, so that an
 * imported revision is as sound as one saved here. */
static gboolean
check_foreign (const AssayRecord  *record,
               GError            **error)
{
  if (!_assay_store_check_names (record->collection, record->id, error))
    return FALSE;

  if (record->id == NULL || record->author == NULL || *record->author == '\0' ||
      record->payload == NULL || record->revision <= 0 || record->hlc > G_MAXINT64)
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INVALID,
                   _("Record %s/%s (revision %" G_GINT64_FORMAT ") is incomplete"),
                   record->collection, record->id ? record->id : "?", record->revision);
      return FALSE;
    }

  return TRUE;
}

#define DAY_MS (G_GINT64_CONSTANT (24) * 60 * 60 * 1000)

/* A stamp from a machine whose clock is wrong by years would drag this
 * installation's clock along for good; one within a day is believable. */
guint64
_assay_store_latest_believable_stamp (void)
{
  gint64 now_ms = g_get_real_time () / 1000;

  return ((guint64) (now_ms + DAY_MS) << 16) | 0xffff;
}

/* Where @record stands against the newest revision held, @newest (NULL
 * when none is): see assay_store_import_revision(). */
static AssayStoreImport
classify (const AssayRecord *record,
          const AssayRecord *newest)
{
  guint8 digest[ASSAY_RECORD_DIGEST_BYTES];

  if (newest == NULL || record->base > newest->revision)
    return ASSAY_STORE_IMPORT_ADDED;

  if (record->base < newest->revision)
    return ASSAY_STORE_IMPORT_DIFFERENT;

  /* It names the revision held as its base: it must be that very one. */
  _assay_record_digest (newest, digest);
  if (record->base_digest == NULL ||
      memcmp (g_bytes_get_data (record->base_digest, NULL), digest, sizeof digest) != 0)
    return ASSAY_STORE_IMPORT_DIFFERENT;

  return ASSAY_STORE_IMPORT_ADDED;
}

/* The same revision, as its author made it: a copy stored before records
 * were signed has no base digest or signature, but the same content. */
static gboolean
same_revision (const AssayRecord *a,
               const AssayRecord *b)
{
  return g_strcmp0 (a->author, b->author) == 0 && a->hlc == b->hlc &&
         g_bytes_equal (a->payload, b->payload);
}

/* Deletes the revisions of a record that @where ("revision = ?3" or
 * "revision > ?3", this file's constants only) picks with @revision. */
static gboolean
delete_revisions (AssayStore  *self,
                  const char  *collection,
                  const char  *id,
                  const char  *where,
                  gint64       revision,
                  GError     **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autofree char *sql = g_strconcat ("DELETE FROM records "
                                      "WHERE collection = ?1 AND id = ?2 AND ", where, NULL);

  stmt = assay_database_prepare (assay_vault_get_database (self->vault), sql, error);
  if (stmt == NULL)
    return FALSE;

  assay_statement_bind_text (stmt, 1, collection);
  assay_statement_bind_text (stmt, 2, id);
  assay_statement_bind_int64 (stmt, 3, revision);

  return assay_statement_run (stmt, error) &&
         _assay_store_note_record (self, collection, id, error);
}

/* Puts the signed copy of a revision in place of the unsigned one held. */
static gboolean
replace_unsigned (AssayStore         *self,
                  const AssayRecord  *record,
                  GError            **error)
{
  return delete_revisions (self, record->collection, record->id, "revision = ?3",
                           record->revision, error) &&
         _assay_store_insert_sealed (self, INSERT_IMPORTED_RECORD, RECORD_AD_LABEL, record, error);
}

/* assay_store_import_revision() once @record is known to be signed by its
 * author; @none_held says that no revision of it is held, so there is
 * nothing to read and compare. */
static gboolean
import_checked (AssayStore         *self,
                const AssayRecord  *record,
                gboolean            none_held,
                AssayStoreImport   *outcome,
                GError            **error)
{
  AssayDatabase *database;
  g_autoptr(AssayRecord) held = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean own_transaction;

  database = assay_vault_get_database (self->vault);
  own_transaction = !self->in_transaction;

  if (!_assay_store_load_clock (self, error) ||
      (own_transaction && !assay_database_begin (database, error)))
    return FALSE;

  if (record->hlc > _assay_store_latest_believable_stamp ())
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY,
                   _("Record %s/%s (revision %" G_GINT64_FORMAT ") is stamped more than a "
                     "day in the future"),
                   record->collection, record->id, record->revision);
      goto fail;
    }

  if (!none_held)
    held = assay_store_load_revision (self, record->collection, record->id, record->revision,
                                      &local_error);
  if (held != NULL)
    {
      /* A held revision made before records were signed is the same one
       * when everything but the signature is: the signed copy replaces it,
       * so the record is verified from now on. */
      if (same_revision (held, record))
        {
          *outcome = ASSAY_STORE_IMPORT_SAME;
          if (held->signature == NULL &&
              !replace_unsigned (self, record, error))
            goto fail;
        }
      else
        *outcome = ASSAY_STORE_IMPORT_DIFFERENT;
    }
  else if (local_error != NULL &&
           !g_error_matches (local_error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto fail;
    }
  else
    {
      g_autoptr(AssayRecord) newest = NULL;
      g_autoptr(GError) newest_error = NULL;

      if (!none_held)
        newest = assay_store_load (self, record->collection, record->id, &newest_error);
      if (newest == NULL && newest_error != NULL &&
          !g_error_matches (newest_error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&newest_error));
          goto fail;
        }

      /* An older revision than the one held, which we never had: the held
       * one was made from it or from a later one by the same hands. */
      if (newest != NULL && record->revision < newest->revision)
        *outcome = ASSAY_STORE_IMPORT_OLDER;
      else
        *outcome = classify (record, newest);

      if (*outcome == ASSAY_STORE_IMPORT_ADDED &&
          !_assay_store_insert_sealed (self, INSERT_IMPORTED_RECORD, RECORD_AD_LABEL, record, error))
        goto fail;

      /* Said here, where the revision held is known, rather than asked again. */
      if (*outcome == ASSAY_STORE_IMPORT_ADDED && newest != NULL)
        *outcome = ASSAY_STORE_IMPORT_UPDATED;
    }

  if (own_transaction && !_assay_store_commit_writes (self, error))
    return FALSE;

  assay_hlc_observe (&self->clock, record->hlc);

  return TRUE;

fail:
  if (own_transaction)
    _assay_store_rollback_writes (self);
  return FALSE;
}

/* Both ways in: with @verify, @record's signature is checked here; without,
 * its caller has checked it. */
static gboolean
import_entry (AssayStore         *self,
              const AssayRecord  *record,
              gboolean            verify,
              gboolean            none_held,
              AssayStoreImport   *outcome,
              GError            **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);

  return _assay_store_require_unlocked (self, error) && check_foreign (record, error) &&
         (!verify || _assay_record_verify (record, error)) &&
         import_checked (self, record, none_held, outcome, error);
}

gboolean
assay_store_import_revision (AssayStore         *self,
                             const AssayRecord  *record,
                             AssayStoreImport   *outcome,
                             GError            **error)
{
  return import_entry (self, record, TRUE, FALSE, outcome, error);
}

gboolean
_assay_store_newest_held (AssayStore  *self,
                          const char  *collection,
                          const char  *id,
                          gint64      *revision,
                          char       **author,
                          GError     **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  gboolean found;

  stmt = assay_database_prepare (assay_vault_get_database (self->vault),
                                 "SELECT revision, author FROM records "
                                 "WHERE collection = ?1 AND id = ?2 "
                                 "ORDER BY revision DESC LIMIT 1",
                                 error);
  if (stmt == NULL)
    return FALSE;

  assay_statement_bind_text (stmt, 1, collection);
  assay_statement_bind_text (stmt, 2, id);
  if (!assay_statement_step_row (stmt, &found, error))
    return FALSE;

  *revision = found ? assay_statement_get_int64 (stmt, 0) : 0;
  *author = found ? g_strdup (assay_statement_get_text (stmt, 1)) : NULL;

  return TRUE;
}

gboolean
_assay_store_import_verified (AssayStore         *self,
                              const AssayRecord  *record,
                              gint64              held,
                              AssayStoreImport   *outcome,
                              GError            **error)
{
  return import_entry (self, record, FALSE, held == 0, outcome, error);
}

/* TRUE when the conflicts table has a row for @record's revision by the same
 * author at the same stamp; @resolved says whether it was dealt with. */
static gboolean
find_conflict (AssayStore         *self,
               const AssayRecord  *record,
               gboolean           *found,
               gboolean           *resolved,
               GError            **error)
{
  g_autoptr(AssayStatement) stmt = NULL;

  stmt = assay_database_prepare (assay_vault_get_database (self->vault),
                                 "SELECT sealed IS NULL OR kept FROM conflicts "
                                 "WHERE collection = ?1 AND id = ?2 AND revision = ?3 "
                                 "AND author = ?4 AND hlc = ?5",
                                 error);
  if (stmt == NULL)
    return FALSE;

  assay_statement_bind_text (stmt, 1, record->collection);
  assay_statement_bind_text (stmt, 2, record->id);
  assay_statement_bind_int64 (stmt, 3, record->revision);
  assay_statement_bind_text (stmt, 4, record->author);
  assay_statement_bind_int64 (stmt, 5, (gint64) record->hlc);

  if (!assay_statement_step_row (stmt, found, error))
    return FALSE;

  if (resolved != NULL)
    *resolved = *found && assay_statement_get_int64 (stmt, 0) != 0;

  return TRUE;
}

gboolean
assay_store_add_conflict (AssayStore         *self,
                          const AssayRecord  *other,
                          gboolean           *added,
                          GError            **error)
{
  AssayDatabase *database;
  gboolean own_transaction;
  gboolean found = FALSE;

  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);
  g_return_val_if_fail (other != NULL, FALSE);

  if (!_assay_store_require_unlocked (self, error) || !check_foreign (other, error))
    return FALSE;

  database = assay_vault_get_database (self->vault);
  own_transaction = !self->in_transaction;

  if (own_transaction && !assay_database_begin (database, error))
    return FALSE;

  /* A conflict already held, or already resolved, is not raised again: that
   * keeps importing the same bundle twice from changing anything. */
  if (!find_conflict (self, other, &found, NULL, error) ||
      (!found && !_assay_store_insert_sealed (self, INSERT_CONFLICT, CONFLICT_AD_LABEL, other,
                                              error)))
    {
      if (own_transaction)
        _assay_store_rollback_writes (self);
      return FALSE;
    }

  if (own_transaction && !_assay_store_commit_writes (self, error))
    return FALSE;

  if (added != NULL)
    *added = !found;

  return TRUE;
}

GPtrArray *
assay_store_list_conflicts (AssayStore  *self,
                            GError     **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (self), NULL);

  if (!_assay_store_require_unlocked (self, error))
    return NULL;

  stmt = assay_database_prepare (assay_vault_get_database (self->vault),
                                 "SELECT " SELECT_COLUMNS " FROM conflicts "
                                 "WHERE sealed IS NOT NULL AND NOT kept ORDER BY rowid",
                                 error);
  if (stmt == NULL)
    return NULL;

  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_record_free);

  while (assay_statement_step (stmt, &local_error))
    {
      AssayRecord *record = _assay_store_row_open (self, stmt, CONFLICT_AD_LABEL, error);

      if (record == NULL)
        return NULL;

      g_ptr_array_add (conflicts, record);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&conflicts);
}

/* Ends the open conflict @other with @set ("sealed = NULL": dropped;
 * "kept = 1": kept), which leaves it in state @to. */
static gboolean
end_conflict (AssayStore              *self,
              const AssayRecord       *other,
              const char              *set,
              AssayHeadConflictState   to,
              GError                 **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autofree char *sql = NULL;
  gboolean own_transaction = !self->in_transaction;
  gboolean found = FALSE;
  gboolean resolved = FALSE;

  if (!_assay_store_require_unlocked (self, error) ||
      !_assay_store_check_names (other->collection, other->id, error))
    return FALSE;

  if (own_transaction && !assay_database_begin (assay_vault_get_database (self->vault), error))
    return FALSE;

  if (!find_conflict (self, other, &found, &resolved, error))
    goto fail;

  if (!found || resolved)
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND,
                   _("There is no conflict held for record %s/%s revision %" G_GINT64_FORMAT),
                   other->collection, other->id, other->revision);
      goto fail;
    }

  /* @set is one of this file's two constants, never input. */
  sql = g_strconcat ("UPDATE conflicts SET ", set, " "
                     "WHERE collection = ?1 AND id = ?2 AND revision = ?3 "
                     "AND author = ?4 AND hlc = ?5", NULL);
  stmt = assay_database_prepare (assay_vault_get_database (self->vault), sql, error);
  if (stmt == NULL)
    goto fail;

  assay_statement_bind_text (stmt, 1, other->collection);
  assay_statement_bind_text (stmt, 2, other->id);
  assay_statement_bind_int64 (stmt, 3, other->revision);
  assay_statement_bind_text (stmt, 4, other->author);
  assay_statement_bind_int64 (stmt, 5, (gint64) other->hlc);

  if (!assay_statement_run (stmt, error) ||
      !_assay_store_note_conflict (self, other, ASSAY_HEAD_CONFLICT_OPEN, to, error))
    goto fail;

  return !own_transaction || _assay_store_commit_writes (self, error);

fail:
  if (own_transaction)
    _assay_store_rollback_writes (self);
  return FALSE;
}

gboolean
assay_store_resolve_conflict (AssayStore         *self,
                              const AssayRecord  *other,
                              GError            **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);
  g_return_val_if_fail (other != NULL, FALSE);

  /* The payload goes; the key stays, as the memory of what was resolved. */
  return end_conflict (self, other, "sealed = NULL", ASSAY_HEAD_CONFLICT_RESOLVED, error);
}

gboolean
_assay_store_drop_after (AssayStore  *self,
                         const char  *collection,
                         const char  *id,
                         gint64       after,
                         GError     **error)
{
  return delete_revisions (self, collection, id, "revision > ?3", after, error);
}

gboolean
_assay_store_put_signed (AssayStore         *self,
                         const AssayRecord  *record,
                         GError            **error)
{
  return check_foreign (record, error) && _assay_record_verify (record, error) &&
         _assay_store_insert_sealed (self, INSERT_IMPORTED_RECORD, RECORD_AD_LABEL, record, error);
}

gboolean
assay_store_keep_conflict (AssayStore         *self,
                           const AssayRecord  *other,
                           GError            **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);
  g_return_val_if_fail (other != NULL, FALSE);

  return end_conflict (self, other, "kept = 1", ASSAY_HEAD_CONFLICT_KEPT, error);
}
