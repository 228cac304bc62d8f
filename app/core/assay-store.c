/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-record-private.h"
#include "assay-store-private.h"

/*
 * Saving and loading sealed records: the row format (payload, base digest
 * and signature under one seal), signed saves chained to their base, and
 * transactions. The reads are in assay-store-read.c; imports and conflicts
 * in assay-store-sync.c; the check in assay-store-check.c; coalescing,
 * exported revisions and compaction in assay-store-compact.c.
 */

G_DEFINE_FINAL_TYPE (AssayStore, assay_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (assay-store-error-quark, assay_store_error)

G_DEFINE_BOXED_TYPE (AssayRecord, assay_record, assay_record_copy, assay_record_free)

AssayRecord *
assay_record_copy (const AssayRecord *record)
{
  AssayRecord *copy = g_new0 (AssayRecord, 1);

  copy->collection = g_strdup (record->collection);
  copy->id = g_strdup (record->id);
  copy->revision = record->revision;
  copy->author = g_strdup (record->author);
  copy->hlc = record->hlc;
  copy->payload = record->payload != NULL ? g_bytes_ref (record->payload) : NULL;
  copy->base = record->base;
  copy->base_digest = record->base_digest != NULL ? g_bytes_ref (record->base_digest) : NULL;
  copy->signature = record->signature != NULL ? g_bytes_ref (record->signature) : NULL;

  return copy;
}

void
assay_record_free (AssayRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->collection);
  g_free (record->id);
  g_free (record->author);
  g_clear_pointer (&record->payload, g_bytes_unref);
  g_clear_pointer (&record->base_digest, g_bytes_unref);
  g_clear_pointer (&record->signature, g_bytes_unref);
  g_free (record);
}

const char *
assay_record_get_text (const AssayRecord *record,
                       gsize             *len)
{
  /* Payloads opened by the vault carry a NUL past their length. */
  return g_bytes_get_data (record->payload, len);
}

static void
put_le64 (GByteArray *array,
          guint64     value)
{
  guint8 buf[8];

  for (guint i = 0; i < 8; i++)
    buf[i] = (guint8) (value >> (8 * i));
  g_byte_array_append (array, buf, sizeof buf);
}

static void
put_string (GByteArray *array,
            const char *str)
{
  /* Including the NUL keeps ("ab", "c") and ("a", "bc") apart. */
  g_byte_array_append (array, (const guint8 *) str, strlen (str) + 1);
}
/* @base is -1 for a row written before records were signed: its associated
 * data stays what it was. A signed row binds its base too, and cannot be
 * passed off as an unsigned one (or the reverse). */
GByteArray *
_assay_store_record_ad (const char *label,
                        const char *collection,
                        const char *id,
                        gint64      revision,
                        const char *author,
                        guint64     hlc,
                        gint64      base,
                        gboolean    gap)
{
  GByteArray *ad = g_byte_array_sized_new (128);

  put_string (ad, label);
  put_string (ad, collection);
  put_string (ad, id);
  put_le64 (ad, (guint64) revision);
  put_string (ad, author);
  put_le64 (ad, hlc);
  if (base >= 0)
    {
      put_string (ad, "signed");
      put_le64 (ad, (guint64) base);
      put_le64 (ad, gap ? 1 : 0);
    }

  return ad;
}

static gboolean
valid_collection (const char *collection)
{
  gsize len;

  if (collection == NULL || !g_ascii_islower (collection[0]))
    return FALSE;

  len = strlen (collection);
  if (len > 32)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (collection[i]) && !g_ascii_isdigit (collection[i]) &&
        collection[i] != '-')
      return FALSE;

  return TRUE;
}

gboolean
_assay_store_check_names (const char  *collection,
                          const char  *id,
                          GError     **error)
{
  if (!valid_collection (collection))
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INVALID,
                   _("“%s” is not a valid collection name"), collection ? collection : "");
      return FALSE;
    }

  if (id != NULL && !g_uuid_string_is_valid (id))
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INVALID,
                   _("“%s” is not a valid record id"), id);
      return FALSE;
    }

  return TRUE;
}

static void
set_integrity_error (GError     **error,
                     const char  *collection,
                     const char  *id,
                     gint64       revision)
{
  g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY,
               _("Record %s/%s (revision %" G_GINT64_FORMAT ") failed authentication: "
                 "it was altered, moved to another record or rolled back"),
               collection, id, revision);
}

/*
 * What a row's sealed column holds: for a signed record (base not NULL),
 * the base digest (zeros when there is none), the signature and the
 * payload; for a row written before records were signed, the payload only.
 */
#define PROOF_BYTES (ASSAY_RECORD_DIGEST_BYTES + ASSAY_RECORD_SIGNATURE_BYTES)

/* Reads the current row of @stmt and opens its payload, sealed with the
 * associated data @label starts. */
AssayRecord *
_assay_store_row_open (AssayStore      *self,
                       AssayStatement  *stmt,
                       const char      *label,
                       GError         **error)
{
  g_autoptr(AssayRecord) record = g_new0 (AssayRecord, 1);
  g_autoptr(GByteArray) ad = NULL;
  g_autoptr(GBytes) opened = NULL;
  gconstpointer sealed;
  gsize sealed_len;
  gboolean is_signed;
  gboolean gap;

  record->collection = g_strdup (assay_statement_get_text (stmt, 0));
  record->id = g_strdup (assay_statement_get_text (stmt, 1));
  record->revision = assay_statement_get_int64 (stmt, 2);
  record->author = g_strdup (assay_statement_get_text (stmt, 3));
  record->hlc = (guint64) assay_statement_get_int64 (stmt, 4);
  sealed = assay_statement_get_blob (stmt, 5, &sealed_len);
  is_signed = !assay_statement_is_null (stmt, 6);
  record->base = is_signed ? assay_statement_get_int64 (stmt, 6) : record->revision - 1;
  gap = assay_statement_get_int64 (stmt, 7) != 0;

  if (record->collection == NULL || record->id == NULL || record->author == NULL ||
      record->base < 0 || record->base >= record->revision)
    {
      set_integrity_error (error, record->collection ? record->collection : "?",
                           record->id ? record->id : "?", record->revision);
      return NULL;
    }

  ad = _assay_store_record_ad (label, record->collection, record->id, record->revision,
                               record->author, record->hlc, is_signed ? record->base : -1,
                               gap);
  opened = assay_vault_open (self->vault, sealed, sealed_len, ad->data, ad->len, NULL);
  if (opened == NULL || (is_signed && g_bytes_get_size (opened) < PROOF_BYTES))
    {
      if (assay_vault_get_locked (self->vault))
        g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED,
                             _("The vault is locked"));
      else
        set_integrity_error (error, record->collection, record->id, record->revision);
      return NULL;
    }

  if (!is_signed)
    {
      record->payload = g_steal_pointer (&opened);
      return g_steal_pointer (&record);
    }

  if (record->base > 0)
    record->base_digest = g_bytes_new_from_bytes (opened, 0, ASSAY_RECORD_DIGEST_BYTES);
  record->signature = g_bytes_new_from_bytes (opened, ASSAY_RECORD_DIGEST_BYTES,
                                              ASSAY_RECORD_SIGNATURE_BYTES);
  /* The vault's NUL past the end stays past the end of the payload. */
  record->payload = g_bytes_new_from_bytes (opened, PROOF_BYTES,
                                            g_bytes_get_size (opened) - PROOF_BYTES);

  return g_steal_pointer (&record);
}

AssayRecord *
_assay_store_record_from_row (AssayStore      *self,
                              AssayStatement  *stmt,
                              GError         **error)
{
  return _assay_store_row_open (self, stmt, RECORD_AD_LABEL, error);
}

gboolean
_assay_store_require_unlocked (AssayStore  *self,
                               GError     **error)
{
  if (assay_vault_get_locked (self->vault))
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED,
                           _("The vault is locked"));
      return FALSE;
    }

  return TRUE;
}

gboolean
_assay_store_load_clock (AssayStore  *self,
                         GError     **error)
{
  AssayDatabase *database = assay_vault_get_database (self->vault);
  g_autoptr(AssayStatement) stmt = NULL;

  if (self->clock_loaded)
    return TRUE;

  /* A stamp more than a day ahead was never believable (imports refuse
   * one): reading it back would drag this clock into the future for good. */
  stmt = assay_database_prepare (database, "SELECT max(hlc) FROM records WHERE hlc <= ?1", error);
  if (stmt == NULL)
    return FALSE;

  assay_statement_bind_int64 (stmt, 1, (gint64) _assay_store_latest_believable_stamp ());

  if (assay_statement_step (stmt, error))
    assay_hlc_observe (&self->clock, (guint64) assay_statement_get_int64 (stmt, 0));
  else if (error != NULL && *error != NULL)
    return FALSE;

  self->clock_loaded = TRUE;

  return TRUE;
}

static void
assay_store_finalize (GObject *object)
{
  AssayStore *self = (AssayStore *) object;

  /* A transaction left open must not hold the database's write lock. */
  if (self->in_transaction)
    assay_database_rollback (assay_vault_get_database (self->vault));

  g_clear_object (&self->vault);

  G_OBJECT_CLASS (assay_store_parent_class)->finalize (object);
}

static void
assay_store_class_init (AssayStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = assay_store_finalize;
}

static void
assay_store_init (AssayStore *self)
{
}

AssayStore *
assay_store_new (AssayVault *vault)
{
  AssayStore *self;

  g_return_val_if_fail (ASSAY_IS_VAULT (vault), NULL);

  self = g_object_new (ASSAY_TYPE_STORE, NULL);
  self->vault = g_object_ref (vault);

  return self;
}

AssayVault *
assay_store_get_vault (AssayStore *self)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), NULL);

  return self->vault;
}

gboolean
_assay_store_current_revision (AssayStore  *self,
                               const char  *collection,
                               const char  *id,
                               gint64      *revision,
                               GError     **error)
{
  AssayDatabase *database = assay_vault_get_database (self->vault);
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = assay_database_prepare (database,
                                 "SELECT max(revision) FROM records "
                                 "WHERE collection = ?1 AND id = ?2",
                                 error);
  if (stmt == NULL)
    return FALSE;

  assay_statement_bind_text (stmt, 1, collection);
  assay_statement_bind_text (stmt, 2, id);

  *revision = 0;
  if (assay_statement_step (stmt, &local_error))
    *revision = assay_statement_get_int64 (stmt, 0);
  else if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

GBytes *
_assay_store_seal_row (AssayStore         *self,
                       const char         *label,
                       const AssayRecord  *record,
                       gboolean            gap,
                       GError            **error)
{
  g_autoptr(GByteArray) ad = NULL;
  g_autoptr(GBytes) plaintext = NULL;
  GBytes *sealed;
  gboolean is_signed = record->signature != NULL;

  if (is_signed)
    {
      GByteArray *proof = g_byte_array_sized_new (PROOF_BYTES + g_bytes_get_size (record->payload));
      guint8 zeros[ASSAY_RECORD_DIGEST_BYTES] = { 0 };

      g_return_val_if_fail (g_bytes_get_size (record->signature) == ASSAY_RECORD_SIGNATURE_BYTES,
                            NULL);
      g_return_val_if_fail (record->base_digest == NULL ||
                            g_bytes_get_size (record->base_digest) == ASSAY_RECORD_DIGEST_BYTES,
                            NULL);

      if (record->base_digest != NULL)
        g_byte_array_append (proof, g_bytes_get_data (record->base_digest, NULL),
                             ASSAY_RECORD_DIGEST_BYTES);
      else
        g_byte_array_append (proof, zeros, sizeof zeros);
      g_byte_array_append (proof, g_bytes_get_data (record->signature, NULL),
                           ASSAY_RECORD_SIGNATURE_BYTES);
      g_byte_array_append (proof, g_bytes_get_data (record->payload, NULL),
                           g_bytes_get_size (record->payload));
      plaintext = g_byte_array_free_to_bytes (proof);
    }
  else
    plaintext = g_bytes_ref (record->payload);

  ad = _assay_store_record_ad (label, record->collection, record->id, record->revision,
                               record->author, record->hlc, is_signed ? record->base : -1,
                               gap);
  sealed = assay_vault_seal (self->vault, plaintext, ad->data, ad->len, error);

  /* The copy of the payload made here is this function's alone: wiped. */
  if (is_signed)
    sodium_memzero ((gpointer) g_bytes_get_data (plaintext, NULL), g_bytes_get_size (plaintext));

  return sealed;
}

/* Seals @record's payload with the associated data of @label and inserts it. */
gboolean
_assay_store_insert_sealed (AssayStore         *self,
                            const char         *sql,
                            const char         *label,
                            const AssayRecord  *record,
                            GError            **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GBytes) sealed = NULL;
  gboolean is_signed = record->signature != NULL;
  gboolean gap = FALSE;
  gconstpointer sealed_data;
  gsize sealed_len;

  /* Into the records table, a revision whose base is not held here fills
   * no gap it leaves: say so, in the seal, for assay_store_check(). */
  if (is_signed && g_str_equal (label, RECORD_AD_LABEL))
    {
      gint64 held = 0;

      if (!_assay_store_current_revision (self, record->collection, record->id, &held, error))
        return FALSE;
      gap = record->base > held;
    }

  sealed = _assay_store_seal_row (self, label, record, gap, error);
  if (sealed == NULL)
    return FALSE;

  stmt = assay_database_prepare (assay_vault_get_database (self->vault), sql, error);
  if (stmt == NULL)
    return FALSE;

  sealed_data = g_bytes_get_data (sealed, &sealed_len);
  assay_statement_bind_text (stmt, 1, record->collection);
  assay_statement_bind_text (stmt, 2, record->id);
  assay_statement_bind_int64 (stmt, 3, record->revision);
  assay_statement_bind_text (stmt, 4, record->author);
  assay_statement_bind_int64 (stmt, 5, (gint64) record->hlc);
  assay_statement_bind_blob (stmt, 6, sealed_data, sealed_len);
  if (is_signed)
    assay_statement_bind_int64 (stmt, 7, record->base);
  assay_statement_bind_int64 (stmt, 8, gap ? 1 : 0);

  if (!assay_statement_run (stmt, error))
    return FALSE;

  if (g_str_equal (label, RECORD_AD_LABEL))
    return _assay_store_note_record (self, record->collection, record->id, error);

  return _assay_store_note_conflict (self, record, -1, ASSAY_HEAD_CONFLICT_OPEN, error);
}

/* Writes a revision by this installation: the next one after the newest
 * held, chained to it, or (@merge_base not NULL) one that settles a
 * conflict, numbered @revision with @merge_base as its base digest. */
static AssayRecord *
save_revision (AssayStore  *self,
               const char  *collection,
               const char  *id,
               GBytes      *payload,
               gint64       revision,
               GBytes      *merge_base,
               GError     **error)
{
  AssayDatabase *database;
  g_autoptr(AssayRecord) record = NULL;
  gboolean own_transaction;

  if (!_assay_store_require_unlocked (self, error) ||
      !_assay_store_check_names (collection, id, error))
    return NULL;

  database = assay_vault_get_database (self->vault);
  own_transaction = !self->in_transaction;

  if (!_assay_store_load_clock (self, error) ||
      (own_transaction && !assay_database_begin (database, error)))
    return NULL;

  record = g_new0 (AssayRecord, 1);
  record->collection = g_strdup (collection);
  record->id = id != NULL ? g_strdup (id) : g_uuid_string_random ();
  record->author = g_strdup (assay_vault_get_identity (self->vault));
  record->hlc = assay_hlc_now (&self->clock);
  record->payload = g_bytes_ref (payload);

  if (merge_base != NULL)
    {
      record->revision = revision;
      record->base = revision - 1;
      record->base_digest = g_bytes_ref (merge_base);
    }
  else
    {
      if (!_assay_store_current_revision (self, collection, record->id, &record->base, error))
        goto fail;

      /* The revision replaced, and its digest, chain this one to it. */
      if (record->base > 0)
        {
          g_autoptr(AssayRecord) base = assay_store_load (self, collection, record->id, error);
          guint8 digest[ASSAY_RECORD_DIGEST_BYTES];

          if (base == NULL)
            goto fail;
          _assay_record_digest (base, digest);
          record->base_digest = g_bytes_new (digest, sizeof digest);
        }
      record->revision = record->base + 1;
    }

  if (!_assay_record_sign (record, self->vault, error) ||
      !_assay_store_insert_sealed (self, INSERT_RECORD, RECORD_AD_LABEL, record, error))
    goto fail;

  if (own_transaction && !_assay_store_commit_writes (self, error))
    return NULL;

  return g_steal_pointer (&record);

fail:
  /* In the caller's transaction, the caller decides what to undo. */
  if (own_transaction)
    _assay_store_rollback_writes (self);
  return NULL;
}

AssayRecord *
assay_store_save (AssayStore  *self,
                  const char  *collection,
                  const char  *id,
                  GBytes      *payload,
                  GError     **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  return save_revision (self, collection, id, payload, 0, NULL, error);
}

AssayRecord *
_assay_store_save_merge (AssayStore  *self,
                         const char  *collection,
                         const char  *id,
                         GBytes      *payload,
                         gint64       revision,
                         GBytes      *merge_base,
                         GError     **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL && payload != NULL && merge_base != NULL, NULL);
  g_return_val_if_fail (revision > 1, NULL);

  return save_revision (self, collection, id, payload, revision, merge_base, error);
}

gboolean
assay_store_delete (AssayStore  *self,
                    const char  *collection,
                    const char  *id,
                    GError     **error)
{
  AssayDatabase *database;
  g_autoptr(AssayStatement) stmt = NULL;
  gboolean own_transaction;
  gint64 revision = 0;

  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);

  if (!_assay_store_require_unlocked (self, error) ||
      !_assay_store_check_names (collection, id, error))
    return FALSE;

  if (id == NULL)
    {
      g_set_error_literal (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INVALID,
                           _("No record id given"));
      return FALSE;
    }

  database = assay_vault_get_database (self->vault);
  own_transaction = !self->in_transaction;

  if (own_transaction && !assay_database_begin (database, error))
    return FALSE;

  if (!_assay_store_current_revision (self, collection, id, &revision, error))
    goto fail;

  if (revision == 0)
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND,
                   _("There is no record %s/%s"), collection, id);
      goto fail;
    }

  stmt = assay_database_prepare (database,
                                 "DELETE FROM records WHERE collection = ?1 AND id = ?2",
                                 error);
  if (stmt == NULL)
    goto fail;

  assay_statement_bind_text (stmt, 1, collection);
  assay_statement_bind_text (stmt, 2, id);
  if (!assay_statement_run (stmt, error) ||
      !_assay_store_note_record (self, collection, id, error))
    goto fail;

  if (own_transaction && !_assay_store_commit_writes (self, error))
    return FALSE;

  return TRUE;

fail:
  if (own_transaction)
    _assay_store_rollback_writes (self);
  return FALSE;
}

gboolean
assay_store_begin (AssayStore  *self,
                   GError     **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (!_assay_store_require_unlocked (self, error) ||
      !assay_database_begin (assay_vault_get_database (self->vault), error))
    return FALSE;

  self->in_transaction = TRUE;

  return TRUE;
}

gboolean
assay_store_commit (AssayStore  *self,
                    GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  /* A failed commit is rolled back: either way it is over. */
  ok = _assay_store_commit_writes (self, error);
  self->in_transaction = FALSE;

  return ok;
}

void
assay_store_rollback (AssayStore *self)
{
  g_return_if_fail (ASSAY_IS_STORE (self));

  if (!self->in_transaction)
    return;

  _assay_store_rollback_writes (self);
  self->in_transaction = FALSE;
}

gboolean
assay_store_in_transaction (AssayStore *self)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);

  return self->in_transaction;
}
