/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-hlc.h"
#include "assay-store.h"

struct _AssayStore
{
  GObject     parent_instance;

  AssayVault *vault;
  AssayHlc    clock;
  guint       clock_loaded : 1;
  guint       in_transaction : 1;
};

G_DEFINE_FINAL_TYPE (AssayStore, assay_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (assay-store-error-quark, assay_store_error)

G_DEFINE_BOXED_TYPE (AssayRecord, assay_record, assay_record_copy, assay_record_free)

#define SELECT_COLUMNS "collection, id, revision, author, hlc, sealed"

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
damage_free (gpointer data)
{
  AssayDamage *damage = data;

  g_free (damage->collection);
  g_free (damage->id);
  g_free (damage->reason);
  g_free (damage);
}

void
assay_check_report_free (AssayCheckReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->damaged, g_ptr_array_unref);
  g_free (report->database_problem);
  g_free (report);
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

/* Everything stored beside the ciphertext is bound to it, and so is the
 * table: a version set aside as a conflict cannot be passed off as a record,
 * nor a record as a conflict. */
#define RECORD_AD_LABEL   "assay/record/1"
#define CONFLICT_AD_LABEL "assay/conflict/1"

static GByteArray *
record_ad (const char *label,
           const char *collection,
           const char *id,
           gint64      revision,
           const char *author,
           guint64     hlc)
{
  GByteArray *ad = g_byte_array_sized_new (128);

  put_string (ad, label);
  put_string (ad, collection);
  put_string (ad, id);
  put_le64 (ad, (guint64) revision);
  put_string (ad, author);
  put_le64 (ad, hlc);

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

static gboolean
check_names (const char  *collection,
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

/* Reads the current row of @stmt and opens its payload, sealed with the
 * associated data @label starts. */
static AssayRecord *
row_open (AssayStore      *self,
          AssayStatement  *stmt,
          const char      *label,
          GError         **error)
{
  g_autoptr(AssayRecord) record = g_new0 (AssayRecord, 1);
  g_autoptr(GByteArray) ad = NULL;
  gconstpointer sealed;
  gsize sealed_len;

  record->collection = g_strdup (assay_statement_get_text (stmt, 0));
  record->id = g_strdup (assay_statement_get_text (stmt, 1));
  record->revision = assay_statement_get_int64 (stmt, 2);
  record->author = g_strdup (assay_statement_get_text (stmt, 3));
  record->hlc = (guint64) assay_statement_get_int64 (stmt, 4);
  sealed = assay_statement_get_blob (stmt, 5, &sealed_len);

  if (record->collection == NULL || record->id == NULL || record->author == NULL)
    {
      set_integrity_error (error, record->collection ? record->collection : "?",
                           record->id ? record->id : "?", record->revision);
      return NULL;
    }

  ad = record_ad (label, record->collection, record->id, record->revision, record->author,
                  record->hlc);
  record->payload = assay_vault_open (self->vault, sealed, sealed_len, ad->data, ad->len, NULL);
  if (record->payload == NULL)
    {
      if (assay_vault_get_locked (self->vault))
        g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED,
                             _("The vault is locked"));
      else
        set_integrity_error (error, record->collection, record->id, record->revision);
      return NULL;
    }

  return g_steal_pointer (&record);
}

static AssayRecord *
record_from_row (AssayStore      *self,
                 AssayStatement  *stmt,
                 GError         **error)
{
  return row_open (self, stmt, RECORD_AD_LABEL, error);
}

static gboolean
require_unlocked (AssayStore  *self,
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

static gboolean
load_clock (AssayStore  *self,
            GError     **error)
{
  AssayDatabase *database = assay_vault_get_database (self->vault);
  g_autoptr(AssayStatement) stmt = NULL;

  if (self->clock_loaded)
    return TRUE;

  stmt = assay_database_prepare (database, "SELECT max(hlc) FROM records", error);
  if (stmt == NULL)
    return FALSE;

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

static gboolean
current_revision (AssayStore  *self,
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

#define INSERT_RECORD \
  "INSERT INTO records (" SELECT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
#define INSERT_CONFLICT \
  "INSERT INTO conflicts (" SELECT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)"

/* Seals @record's payload with the associated data of @label and inserts it. */
static gboolean
insert_sealed (AssayStore         *self,
               const char         *sql,
               const char         *label,
               const AssayRecord  *record,
               GError            **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GByteArray) ad = NULL;
  g_autoptr(GBytes) sealed = NULL;
  gconstpointer sealed_data;
  gsize sealed_len;

  ad = record_ad (label, record->collection, record->id, record->revision, record->author,
                  record->hlc);
  sealed = assay_vault_seal (self->vault, record->payload, ad->data, ad->len, error);
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

  return assay_statement_run (stmt, error);
}

AssayRecord *
assay_store_save (AssayStore  *self,
                  const char  *collection,
                  const char  *id,
                  GBytes      *payload,
                  GError     **error)
{
  AssayDatabase *database;
  g_autoptr(AssayRecord) record = NULL;
  gboolean own_transaction;

  g_return_val_if_fail (ASSAY_IS_STORE (self), NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  if (!require_unlocked (self, error) || !check_names (collection, id, error))
    return NULL;

  database = assay_vault_get_database (self->vault);
  own_transaction = !self->in_transaction;

  if (!load_clock (self, error) ||
      (own_transaction && !assay_database_begin (database, error)))
    return NULL;

  record = g_new0 (AssayRecord, 1);
  record->collection = g_strdup (collection);
  record->id = id != NULL ? g_strdup (id) : g_uuid_string_random ();
  record->author = g_strdup (assay_vault_get_identity (self->vault));
  record->hlc = assay_hlc_now (&self->clock);
  record->payload = g_bytes_ref (payload);

  if (!current_revision (self, collection, record->id, &record->revision, error))
    goto fail;
  record->revision++;

  if (!insert_sealed (self, INSERT_RECORD, RECORD_AD_LABEL, record, error))
    goto fail;

  if (own_transaction && !assay_database_commit (database, error))
    return NULL;

  return g_steal_pointer (&record);

fail:
  /* In the caller's transaction, the caller decides what to undo. */
  if (own_transaction)
    assay_database_rollback (database);
  return NULL;
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

  if (!require_unlocked (self, error) || !check_names (collection, id, error))
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

  if (!current_revision (self, collection, id, &revision, error))
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
  if (!assay_statement_run (stmt, error))
    goto fail;

  if (own_transaction && !assay_database_commit (database, error))
    return FALSE;

  return TRUE;

fail:
  if (own_transaction)
    assay_database_rollback (database);
  return FALSE;
}

gboolean
assay_store_begin (AssayStore  *self,
                   GError     **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (!require_unlocked (self, error) ||
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

  /* A failed commit is rolled back by the database: either way it is over. */
  ok = assay_database_commit (assay_vault_get_database (self->vault), error);
  self->in_transaction = FALSE;

  return ok;
}

void
assay_store_rollback (AssayStore *self)
{
  g_return_if_fail (ASSAY_IS_STORE (self));

  if (!self->in_transaction)
    return;

  assay_database_rollback (assay_vault_get_database (self->vault));
  self->in_transaction = FALSE;
}

gboolean
assay_store_in_transaction (AssayStore *self)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);

  return self->in_transaction;
}

static AssayRecord *
load_one (AssayStore  *self,
          const char  *sql,
          const char  *collection,
          const char  *id,
          gint64       revision,
          GError     **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!require_unlocked (self, error) || !check_names (collection, id, error))
    return NULL;

  stmt = assay_database_prepare (assay_vault_get_database (self->vault), sql, error);
  if (stmt == NULL)
    return NULL;

  assay_statement_bind_text (stmt, 1, collection);
  assay_statement_bind_text (stmt, 2, id);
  if (revision > 0)
    assay_statement_bind_int64 (stmt, 3, revision);

  if (!assay_statement_step (stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (revision > 0)
        g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND,
                     _("Record %s/%s has no revision %" G_GINT64_FORMAT),
                     collection, id, revision);
      else
        g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND,
                     _("There is no record %s/%s"), collection, id);
      return NULL;
    }

  return record_from_row (self, stmt, error);
}

AssayRecord *
assay_store_load (AssayStore  *self,
                  const char  *collection,
                  const char  *id,
                  GError     **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), NULL);

  return load_one (self,
                   "SELECT " SELECT_COLUMNS " FROM records "
                   "WHERE collection = ?1 AND id = ?2 ORDER BY revision DESC LIMIT 1",
                   collection, id, 0, error);
}

AssayRecord *
assay_store_load_revision (AssayStore  *self,
                           const char  *collection,
                           const char  *id,
                           gint64       revision,
                           GError     **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), NULL);
  g_return_val_if_fail (revision > 0, NULL);

  return load_one (self,
                   "SELECT " SELECT_COLUMNS " FROM records "
                   "WHERE collection = ?1 AND id = ?2 AND revision = ?3",
                   collection, id, revision, error);
}

static GPtrArray *
load_many (AssayStore  *self,
           const char  *sql,
           const char  *collection,
           const char  *id,
           GError     **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!require_unlocked (self, error) || !check_names (collection, id, error))
    return NULL;

  stmt = assay_database_prepare (assay_vault_get_database (self->vault), sql, error);
  if (stmt == NULL)
    return NULL;

  assay_statement_bind_text (stmt, 1, collection);
  if (id != NULL)
    assay_statement_bind_text (stmt, 2, id);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_record_free);

  while (assay_statement_step (stmt, &local_error))
    {
      AssayRecord *record = record_from_row (self, stmt, error);

      if (record == NULL)
        return NULL;

      g_ptr_array_add (records, record);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&records);
}

GPtrArray *
assay_store_list (AssayStore  *self,
                  const char  *collection,
                  GError     **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), NULL);

  return load_many (self,
                    "SELECT " SELECT_COLUMNS " FROM records AS r "
                    "WHERE collection = ?1 AND revision = "
                    "  (SELECT max(revision) FROM records "
                    "   WHERE collection = r.collection AND id = r.id) "
                    "ORDER BY hlc, id",
                    collection, NULL, error);
}

GPtrArray *
assay_store_history (AssayStore  *self,
                     const char  *collection,
                     const char  *id,
                     GError     **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return load_many (self,
                    "SELECT " SELECT_COLUMNS " FROM records "
                    "WHERE collection = ?1 AND id = ?2 ORDER BY revision",
                    collection, id, error);
}

/* Refuses what the schema would take but Assay never writes, so that an
 * imported revision is as sound as one saved here. */
static gboolean
check_foreign (const AssayRecord  *record,
               GError            **error)
{
  if (!check_names (record->collection, record->id, error))
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

/* A stamp from a machine whose clock is wrong by years would drag this
 * installation's clock along for good; one within a day is believable. */
static void
observe_stamp (AssayStore *self,
               guint64     stamp)
{
  gint64 now_ms = g_get_real_time () / 1000;

  if (assay_hlc_get_wall_ms (stamp) <= now_ms + 24 * 60 * 60 * 1000)
    assay_hlc_observe (&self->clock, stamp);
}

gboolean
assay_store_import_revision (AssayStore         *self,
                             const AssayRecord  *record,
                             AssayStoreImport   *outcome,
                             GError            **error)
{
  AssayDatabase *database;
  g_autoptr(AssayRecord) held = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean own_transaction;
  gint64 current = 0;

  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);

  if (!require_unlocked (self, error) || !check_foreign (record, error))
    return FALSE;

  database = assay_vault_get_database (self->vault);
  own_transaction = !self->in_transaction;

  if (!load_clock (self, error) ||
      (own_transaction && !assay_database_begin (database, error)))
    return FALSE;

  held = assay_store_load_revision (self, record->collection, record->id, record->revision,
                                    &local_error);
  if (held != NULL)
    {
      if (g_strcmp0 (held->author, record->author) == 0 && held->hlc == record->hlc &&
          g_bytes_equal (held->payload, record->payload))
        *outcome = ASSAY_STORE_IMPORT_SAME;
      else
        *outcome = ASSAY_STORE_IMPORT_DIFFERENT;
    }
  else if (!g_error_matches (local_error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto fail;
    }
  else
    {
      if (!current_revision (self, record->collection, record->id, &current, error))
        goto fail;

      /* assay_store_check() would rightly call a gap damage. */
      if (record->revision != current + 1)
        {
          g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INVALID,
                       _("Record %s/%s: revision %" G_GINT64_FORMAT " cannot follow "
                         "revision %" G_GINT64_FORMAT),
                       record->collection, record->id, record->revision, current);
          goto fail;
        }

      if (!insert_sealed (self, INSERT_RECORD, RECORD_AD_LABEL, record, error))
        goto fail;

      *outcome = ASSAY_STORE_IMPORT_ADDED;
    }

  if (own_transaction && !assay_database_commit (database, error))
    return FALSE;

  observe_stamp (self, record->hlc);

  return TRUE;

fail:
  if (own_transaction)
    assay_database_rollback (database);
  return FALSE;
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
  g_autoptr(GError) local_error = NULL;

  stmt = assay_database_prepare (assay_vault_get_database (self->vault),
                                 "SELECT sealed IS NULL FROM conflicts "
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

  *found = assay_statement_step (stmt, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

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

  if (!require_unlocked (self, error) || !check_foreign (other, error))
    return FALSE;

  database = assay_vault_get_database (self->vault);
  own_transaction = !self->in_transaction;

  if (own_transaction && !assay_database_begin (database, error))
    return FALSE;

  /* A conflict already held, or already resolved, is not raised again: that
   * keeps importing the same bundle twice from changing anything. */
  if (!find_conflict (self, other, &found, NULL, error) ||
      (!found && !insert_sealed (self, INSERT_CONFLICT, CONFLICT_AD_LABEL, other, error)))
    {
      if (own_transaction)
        assay_database_rollback (database);
      return FALSE;
    }

  if (own_transaction && !assay_database_commit (database, error))
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

  if (!require_unlocked (self, error))
    return NULL;

  stmt = assay_database_prepare (assay_vault_get_database (self->vault),
                                 "SELECT " SELECT_COLUMNS " FROM conflicts "
                                 "WHERE sealed IS NOT NULL ORDER BY rowid",
                                 error);
  if (stmt == NULL)
    return NULL;

  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_record_free);

  while (assay_statement_step (stmt, &local_error))
    {
      AssayRecord *record = row_open (self, stmt, CONFLICT_AD_LABEL, error);

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

gboolean
assay_store_resolve_conflict (AssayStore         *self,
                              const AssayRecord  *other,
                              GError            **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  gboolean found = FALSE;
  gboolean resolved = FALSE;

  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);
  g_return_val_if_fail (other != NULL, FALSE);

  if (!require_unlocked (self, error) || !check_names (other->collection, other->id, error))
    return FALSE;

  if (!find_conflict (self, other, &found, &resolved, error))
    return FALSE;

  if (!found || resolved)
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND,
                   _("There is no conflict held for record %s/%s revision %" G_GINT64_FORMAT),
                   other->collection, other->id, other->revision);
      return FALSE;
    }

  /* The payload goes; the key stays, as the memory of what was resolved. */
  stmt = assay_database_prepare (assay_vault_get_database (self->vault),
                                 "UPDATE conflicts SET sealed = NULL "
                                 "WHERE collection = ?1 AND id = ?2 AND revision = ?3 "
                                 "AND author = ?4 AND hlc = ?5",
                                 error);
  if (stmt == NULL)
    return FALSE;

  assay_statement_bind_text (stmt, 1, other->collection);
  assay_statement_bind_text (stmt, 2, other->id);
  assay_statement_bind_int64 (stmt, 3, other->revision);
  assay_statement_bind_text (stmt, 4, other->author);
  assay_statement_bind_int64 (stmt, 5, (gint64) other->hlc);

  return assay_statement_run (stmt, error);
}

static void
add_damage (AssayCheckReport *report,
            const char       *collection,
            const char       *id,
            gint64            revision,
            char             *reason)
{
  AssayDamage *damage = g_new0 (AssayDamage, 1);

  damage->collection = g_strdup (collection ? collection : "?");
  damage->id = g_strdup (id ? id : "?");
  damage->revision = revision;
  damage->reason = reason;
  g_ptr_array_add (report->damaged, damage);
}

/* Versions set aside by an import are sensitive too, and sealed the same
 * way; they count as revisions read. */
static void
check_conflicts (AssayStore        *self,
                 AssayCheckReport  *report,
                 GError           **error)
{
  g_autoptr(AssayStatement) stmt = NULL;

  stmt = assay_database_prepare (assay_vault_get_database (self->vault),
                                 "SELECT " SELECT_COLUMNS " FROM conflicts "
                                 "WHERE sealed IS NOT NULL ORDER BY rowid",
                                 error);
  if (stmt == NULL)
    return;

  while (assay_statement_step (stmt, error))
    {
      g_autoptr(AssayRecord) record = NULL;

      report->n_records++;

      record = row_open (self, stmt, CONFLICT_AD_LABEL, NULL);
      if (record == NULL)
        {
          add_damage (report, assay_statement_get_text (stmt, 0),
                      assay_statement_get_text (stmt, 1), assay_statement_get_int64 (stmt, 2),
                      g_strdup (_("the conflicting version set aside by an import cannot be "
                                  "authenticated: altered or moved")));
          continue;
        }

      report->n_ok++;
    }
}

AssayCheckReport *
assay_store_check (AssayStore  *self,
                   GError     **error)
{
  AssayDatabase *database;
  g_autoptr(AssayCheckReport) report = NULL;
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *last_collection = NULL;
  g_autofree char *last_id = NULL;
  gint64 expected = 1;

  g_return_val_if_fail (ASSAY_IS_STORE (self), NULL);

  if (!require_unlocked (self, error))
    return NULL;

  database = assay_vault_get_database (self->vault);
  report = g_new0 (AssayCheckReport, 1);
  report->damaged = g_ptr_array_new_with_free_func (damage_free);

  if (!assay_database_quick_check (database, &report->database_problem, error))
    return NULL;

  stmt = assay_database_prepare (database,
                                 "SELECT " SELECT_COLUMNS " FROM records "
                                 "ORDER BY collection, id, revision",
                                 error);
  if (stmt == NULL)
    return NULL;

  while (assay_statement_step (stmt, &local_error))
    {
      g_autoptr(AssayRecord) record = NULL;
      g_autoptr(GError) record_error = NULL;
      const char *collection = assay_statement_get_text (stmt, 0);
      const char *id = assay_statement_get_text (stmt, 1);
      gint64 revision = assay_statement_get_int64 (stmt, 2);

      report->n_records++;

      if (g_strcmp0 (collection, last_collection) != 0 || g_strcmp0 (id, last_id) != 0)
        {
          g_free (last_collection);
          g_free (last_id);
          last_collection = g_strdup (collection);
          last_id = g_strdup (id);
          expected = 1;
        }

      /* Revisions are written one after another, so a gap means rows were
       * deleted behind Assay's back. */
      if (revision != expected)
        add_damage (report, collection, id, expected,
                    g_strdup_printf (_("revisions %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                                       " are missing"),
                                     expected, revision - 1));
      expected = revision + 1;

      record = record_from_row (self, stmt, &record_error);
      if (record == NULL)
        {
          add_damage (report, collection, id, revision,
                      g_strdup (_("cannot be authenticated: altered, moved or rolled back")));
          continue;
        }

      report->n_ok++;
    }

  if (local_error == NULL)
    check_conflicts (self, report, &local_error);

  if (local_error != NULL)
    {
      if (!g_error_matches (local_error, ASSAY_DATABASE_ERROR, ASSAY_DATABASE_ERROR_CORRUPT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (report->database_problem == NULL)
        report->database_problem = g_strdup (local_error->message);
    }

  return g_steal_pointer (&report);
}
