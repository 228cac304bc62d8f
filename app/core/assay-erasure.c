/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-erasure"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "assay-agreed-grade.h"
#include "assay-audit-private.h"
#include "assay-erasure.h"
#include "assay-json-util.h"

char *
_assay_erasure_key (const char *collection,
                    const char *id)
{
  return g_strconcat (collection, "\n", id, NULL);
}

static JsonObject *
parse_payload (const AssayRecord *record)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *text = assay_record_get_text (record, &len);
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

/* The held records of @collection that are about @case_ref. */
static gboolean
collect_case (AssayStore   *store,
              const char   *collection,
              const char   *case_ref,
              JsonBuilder  *builder,
              GPtrArray    *ids,
              GError      **error)
{
  g_autoptr(GPtrArray) records = assay_store_list (store, collection, error);

  if (records == NULL)
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      const AssayRecord *record = records->pdata[i];
      g_autoptr(JsonObject) object = parse_payload (record);

      if (object == NULL || g_strcmp0 (assay_json_get_string (object, "case"), case_ref) != 0)
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "collection");
      json_builder_add_string_value (builder, collection);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, record->id);
      json_builder_end_object (builder);
      g_ptr_array_add (ids, _assay_erasure_key (collection, record->id));
    }

  return TRUE;
}

gboolean
assay_erasure_erase_case (AssayStore  *store,
                          const char  *case_ref,
                          const char  *reason,
                          guint       *n_erased,
                          GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *erased_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *trimmed_case = g_strstrip (g_strdup (case_ref != NULL ? case_ref : ""));
  g_autofree char *trimmed_reason = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(AssayRecord) saved = NULL;
  g_autoptr(GHashTable) erased = NULL;
  AssayVault *vault;
  guint removed = 0;

  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);

  if (*trimmed_reason == '\0')
    {
      g_set_error_literal (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_REASON_REQUIRED,
                           _("Say why the plan’s audits are erased (retention, a mistake, a "
                             "data subject’s request): the reason travels with the deletion"));
      return FALSE;
    }

  vault = assay_store_get_vault (store);

  json_builder_begin_object (builder);
  assay_json_add_string_or_null (builder, "case", trimmed_case);
  assay_json_add_string_or_null (builder, "reason", trimmed_reason);
  assay_json_add_string_or_null (builder, "erased", erased_at);
  assay_json_add_string_or_null (builder, "by", assay_vault_get_name (vault));
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  if (!collect_case (store, ASSAY_AUDIT_COLLECTION, trimmed_case, builder, ids, error) ||
      !collect_case (store, ASSAY_AGREEMENTS_COLLECTION, trimmed_case, builder, ids, error))
    return FALSE;
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (ids->len == 0)
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND,
                   _("There are no audits or agreed grades of %s to erase"), trimmed_case);
      return FALSE;
    }

  root = json_builder_get_root (builder);
  payload = assay_json_node_to_bytes (root);

  if (!assay_store_begin (store, error))
    return FALSE;

  erased = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  saved = assay_store_save (store, ASSAY_DELETIONS_COLLECTION, NULL, payload, error);
  if (saved == NULL || !_assay_erasure_apply (store, saved, erased, &removed, error) ||
      !assay_store_commit (store, error))
    {
      assay_store_rollback (store);
      return FALSE;
    }

  if (n_erased != NULL)
    *n_erased = removed;

  return TRUE;
}

/* Calls @func with each record a deletion names. */
static gboolean
foreach_target (const AssayRecord  *deletion,
                gboolean          (*func) (const char *collection,
                                           const char *id,
                                           gpointer    data,
                                           GError    **error),
                gpointer            data,
                GError            **error)
{
  g_autoptr(JsonObject) object = parse_payload (deletion);
  JsonNode *node = object != NULL ? json_object_get_member (object, "records") : NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INVALID,
                   _("Deletion %s does not say which records it erases"), deletion->id);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *target;
      const char *collection, *id;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;

      target = json_node_get_object (element);
      collection = assay_json_get_string (target, "collection");
      id = assay_json_get_string (target, "id");

      /* Only what a plan's erasure may name: never contacts, samples or
       * other deletions. */
      if ((g_strcmp0 (collection, ASSAY_AUDIT_COLLECTION) != 0 &&
           g_strcmp0 (collection, ASSAY_AGREEMENTS_COLLECTION) != 0) ||
          id == NULL || !g_uuid_string_is_valid (id))
        {
          g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INVALID,
                       _("Deletion %s names a record it may not erase"), deletion->id);
          return FALSE;
        }

      if (!func (collection, id, data, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
add_key (const char  *collection,
         const char  *id,
         gpointer     data,
         GError     **error)
{
  g_hash_table_add (data, _assay_erasure_key (collection, id));
  return TRUE;
}

GHashTable *
assay_erasure_load_erased (AssayStore  *store,
                           GError     **error)
{
  g_autoptr(GPtrArray) deletions = assay_store_list (store, ASSAY_DELETIONS_COLLECTION, error);
  g_autoptr(GHashTable) erased = NULL;

  if (deletions == NULL)
    return NULL;

  erased = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < deletions->len; i++)
    if (!foreach_target (deletions->pdata[i], add_key, erased, error))
      return NULL;

  return g_steal_pointer (&erased);
}

typedef struct
{
  AssayStore *store;
  GHashTable *erased;
  guint       removed;
} Apply;

static gboolean
remove_target (const char  *collection,
               const char  *id,
               gpointer     data,
               GError     **error)
{
  Apply *apply = data;
  g_autoptr(GError) local_error = NULL;

  g_hash_table_add (apply->erased, _assay_erasure_key (collection, id));

  if (assay_store_delete (apply->store, collection, id, &local_error))
    {
      apply->removed++;
      return TRUE;
    }

  if (g_error_matches (local_error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
_assay_erasure_apply (AssayStore         *store,
                      const AssayRecord  *deletion,
                      GHashTable         *erased,
                      guint              *n_removed,
                      GError            **error)
{
  Apply apply = { store, erased, 0 };

  if (!foreach_target (deletion, remove_target, &apply, error))
    return FALSE;

  if (n_removed != NULL)
    *n_removed += apply.removed;

  return TRUE;
}
