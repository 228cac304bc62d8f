/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-sample"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-sample-private.h"
#include "assay-json-util.h"

/* Samples in the store: written once when drawn, read back, and shown as
 * JSON. */

static void
add_strata (JsonBuilder *builder,
            AssaySample *sample)
{
  json_builder_set_member_name (builder, "strata");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sample->strata->len; i++)
    {
      AssaySampleStratum *stratum = g_ptr_array_index (sample->strata, i);
      JsonNode *values = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (values, stratum->values);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, stratum->label);
      json_builder_set_member_name (builder, "values");
      json_builder_add_value (builder, values);
      assay_json_add_int (builder, "eligible", stratum->eligible);
      assay_json_add_int (builder, "sampled", stratum->sampled);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_head (JsonBuilder *builder,
          AssaySample *sample)
{
  if (sample->id != NULL)
    {
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, sample->id);
    }
  assay_json_add_int (builder, "seed", sample->seed);
  json_builder_set_member_name (builder, "rule");
  json_builder_add_string_value (builder, sample->rule);
  assay_json_add_int (builder, "size", sample->size);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, sample->created);
  assay_json_add_int (builder, "eligible", sample->eligible);
  assay_json_add_int (builder, "included", sample->included);
}

/* The sample's object up to its "cases" array, left open: the stored payload
 * and `--json` differ only in what each case holds. */
static void
begin_sample (JsonBuilder *builder,
              AssaySample *sample)
{
  json_builder_begin_object (builder);
  add_head (builder, sample);
  add_strata (builder, sample);
  json_builder_set_member_name (builder, "cases");
  json_builder_begin_array (builder);
}

/* What is stored: the case refs only; their fields stay in the caseload. */
static GBytes *
sample_to_payload (AssaySample *sample)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  begin_sample (builder, sample);
  for (guint i = 0; i < sample->cases->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (sample->cases, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return assay_json_node_to_bytes (root);
}

AssaySample *
assay_sample_create (AssayStore       *store,
                     AssaySampleSpec  *spec,
                     GError          **error)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(AssaySample) sample = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(AssayRecord) record = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  cases = assay_caseload_list (store, error);
  if (cases == NULL)
    return NULL;

  sample = assay_sample_draw (spec, cases, error);
  if (sample == NULL)
    return NULL;

  payload = sample_to_payload (sample);
  record = assay_store_save (store, ASSAY_SAMPLE_COLLECTION, NULL, payload, error);
  if (record == NULL)
    return NULL;

  sample->id = g_strdup (record->id);

  return g_steal_pointer (&sample);
}

static gboolean
get_uint (JsonObject *object,
          const char *name,
          guint64     max,
          guint      *value)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 n;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  n = json_node_get_int (node);
  if (n < 0 || (guint64) n > max)
    return FALSE;

  *value = (guint) n;

  return TRUE;
}

static AssaySample *
sample_from_record (const AssayRecord  *record,
                    GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(AssaySample) sample = _assay_sample_new ();
  JsonObject *object;
  JsonNode *root;
  JsonArray *strata;
  JsonArray *cases;
  guint seed = 0;
  gsize len = 0;
  const char *text = assay_record_get_text (record, &len);

  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto damaged;

  object = json_node_get_object (root);
  sample->id = g_strdup (record->id);
  sample->rule = g_strdup (assay_json_get_string (object, "rule"));
  sample->created = g_strdup (assay_json_get_string (object, "created"));
  if (sample->rule == NULL || sample->created == NULL ||
      !get_uint (object, "seed", G_MAXUINT32, &seed) ||
      !get_uint (object, "size", G_MAXUINT, &sample->size) ||
      !get_uint (object, "eligible", G_MAXUINT, &sample->eligible) ||
      !get_uint (object, "included", G_MAXUINT, &sample->included) ||
      !json_object_has_member (object, "strata") || !json_object_has_member (object, "cases") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "strata")) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "cases")))
    goto damaged;
  sample->seed = seed;

  strata = json_object_get_array_member (object, "strata");
  for (guint i = 0; i < json_array_get_length (strata); i++)
    {
      JsonNode *node = json_array_get_element (strata, i);
      AssaySampleStratum *stratum;
      JsonObject *item;
      JsonNode *values;
      const char *label;
      guint n_eligible, n_sampled;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto damaged;
      item = json_node_get_object (node);
      values = json_object_get_member (item, "values");
      label = assay_json_get_string (item, "label");
      if (label == NULL || values == NULL || !JSON_NODE_HOLDS_OBJECT (values) ||
          !get_uint (item, "eligible", G_MAXUINT, &n_eligible) ||
          !get_uint (item, "sampled", G_MAXUINT, &n_sampled))
        goto damaged;

      stratum = g_new0 (AssaySampleStratum, 1);
      stratum->label = g_strdup (label);
      stratum->values = json_object_ref (json_node_get_object (values));
      stratum->eligible = n_eligible;
      stratum->sampled = n_sampled;
      g_ptr_array_add (sample->strata, stratum);
    }

  cases = json_object_get_array_member (object, "cases");
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonNode *node = json_array_get_element (cases, i);

      if (json_node_get_value_type (node) != G_TYPE_STRING)
        goto damaged;
      g_ptr_array_add (sample->cases, g_strdup (json_node_get_string (node)));
    }

  return g_steal_pointer (&sample);

damaged:
  g_set_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_DAMAGED,
               _("Sample %s is not a sample Assay wrote"), record->id);
  return NULL;
}

AssaySample *
assay_sample_load (AssayStore  *store,
                   const char  *id,
                   GError     **error)
{
  g_autoptr(AssayRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  record = assay_store_load (store, ASSAY_SAMPLE_COLLECTION, id, &local_error);
  if (record == NULL)
    {
      if (g_error_matches (local_error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND) ||
          g_error_matches (local_error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INVALID))
        g_set_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_NOT_FOUND,
                     _("There is no sample “%s”"), id);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return sample_from_record (record, error);
}

GPtrArray *
assay_sample_list (AssayStore  *store,
                   GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) samples = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);

  records = assay_store_list (store, ASSAY_SAMPLE_COLLECTION, error);
  if (records == NULL)
    return NULL;

  samples = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_sample_free);
  for (guint i = 0; i < records->len; i++)
    {
      AssaySample *sample = sample_from_record (g_ptr_array_index (records, i), error);

      if (sample == NULL)
        return NULL;
      g_ptr_array_add (samples, sample);
    }

  return g_steal_pointer (&samples);
}

JsonNode *
assay_sample_to_json (AssaySample *sample,
                      GPtrArray   *caseload)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) by_ref = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (sample != NULL, NULL);

  for (guint i = 0; caseload != NULL && i < caseload->len; i++)
    {
      JsonObject *object = g_ptr_array_index (caseload, i);
      const char *ref = _assay_sample_case_ref_of (object);

      if (ref != NULL)
        g_hash_table_insert (by_ref, (gpointer) ref, object);
    }

  begin_sample (builder, sample);
  for (guint i = 0; i < sample->cases->len; i++)
    {
      const char *ref = g_ptr_array_index (sample->cases, i);
      JsonObject *fields = g_hash_table_lookup (by_ref, ref);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "case");
      json_builder_add_string_value (builder, ref);
      if (fields != NULL)
        {
          /* In insertion order, which import made the contract's field order. */
          g_autoptr(GList) names = json_object_get_members (fields);

          for (const GList *l = names; l != NULL; l = l->next)
            {
              json_builder_set_member_name (builder, l->data);
              json_builder_add_value (builder,
                                      json_node_copy (json_object_get_member (fields, l->data)));
            }
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
