/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "assay-store-private.h"

/* Reading records: the newest revision, one revision, every record's
 * newest, a record's history and the ids of a collection. */

AssayStatement *
_assay_store_prepare (AssayStore  *self,
                      const char  *sql,
                      const char  *collection,
                      const char  *id,
                      GError     **error)
{
  g_autoptr(AssayStatement) stmt = NULL;

  if (!_assay_store_require_unlocked (self, error) ||
      !_assay_store_check_names (collection, id, error))
    return NULL;

  stmt = assay_database_prepare (assay_vault_get_database (self->vault), sql, error);
  if (stmt == NULL)
    return NULL;

  assay_statement_bind_text (stmt, 1, collection);
  if (id != NULL)
    assay_statement_bind_text (stmt, 2, id);

  return g_steal_pointer (&stmt);
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

  stmt = _assay_store_prepare (self, sql, collection, id, error);
  if (stmt == NULL)
    return NULL;

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

  return _assay_store_record_from_row (self, stmt, error);
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

/* The newest revision of every record of a collection, oldest change
 * first. */
#define LIST_SQL \
  "SELECT " SELECT_COLUMNS " FROM records AS r " \
  "WHERE collection = ?1 AND revision = " \
  "  (SELECT max(revision) FROM records " \
  "   WHERE collection = r.collection AND id = r.id) " \
  "ORDER BY hlc, id"

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

  stmt = _assay_store_prepare (self, sql, collection, id, error);
  if (stmt == NULL)
    return NULL;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_record_free);

  while (assay_statement_step (stmt, &local_error))
    {
      AssayRecord *record = _assay_store_record_from_row (self, stmt, error);

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

  return load_many (self, LIST_SQL, collection, NULL, error);
}

gboolean
assay_store_foreach (AssayStore          *self,
                     const char          *collection,
                     AssayStoreRecordFunc func,
                     gpointer             user_data,
                     GError             **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = _assay_store_prepare (self, LIST_SQL, collection, NULL, error);
  if (stmt == NULL)
    return FALSE;

  while (assay_statement_step (stmt, &local_error))
    {
      g_autoptr(AssayRecord) record = _assay_store_record_from_row (self, stmt, error);

      if (record == NULL || !func (record, user_data, error))
        return FALSE;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
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

GPtrArray *
assay_store_list_ids (AssayStore  *self,
                      const char  *collection,
                      GError     **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (self), NULL);

  stmt = _assay_store_prepare (self,
                        "SELECT id FROM records WHERE collection = ?1 "
                        "GROUP BY id ORDER BY min(hlc), id",
                        collection, NULL, error);
  if (stmt == NULL)
    return NULL;

  ids = g_ptr_array_new_with_free_func (g_free);
  while (assay_statement_step (stmt, &local_error))
    g_ptr_array_add (ids, g_strdup (assay_statement_get_text (stmt, 0)));

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&ids);
}
