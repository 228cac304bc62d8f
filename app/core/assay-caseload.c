/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-caseload"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-caseload-private.h"
#include "assay-json-util.h"

/*
 * The caseload: one record per plan in the "cases" collection, read from the
 * council's CSV export as DESIGN.md's "Caseload CSV" fixes it.
 *
 * A chair imports what the case-management system or the SEN2 return
 * exports, not a file made for Assay, so the rule is: keep every plan that
 * has a case reference, and say exactly what could not be read.
 *
 * - A row is refused only when it has no usable case reference, repeats one
 *   already read, or has more or fewer fields than the header. The last is
 *   a broken row rather than a bad value: a line break or comma outside
 *   quotes has split or merged records, and half a record must not be
 *   imported as a whole one.
 * - A value an optional field cannot take (an unknown need, an impossible
 *   date, a phase that is none) leaves that field out and is reported as a
 *   warning with its line and field; the rest of the row goes in. On a plan
 *   already in the caseload the stored value of that field is kept: the file
 *   did not say it was empty.
 * - Values are matched like headers (case, spaces and punctuation ignored),
 *   and also ignoring "and"/"or" and plurals, against the canonical tokens
 *   and the spellings DfE guides and council systems use. A value written
 *   as "code - name" or "name (code)" is accepted when every part names the
 *   same thing ("ASD - Autistic Spectrum Disorder").
 * - primary_need: the 13 categories of the SEN2 and school census guides,
 *   by code or name. Anything else (Down syndrome, a diagnosis) is not a
 *   category, so it is a warning rather than a local code of our own.
 *   Codes are stored as the national list writes them (SpLD, not SPLD).
 * - phase, nc_year and key_stage are read together: a National Curriculum
 *   year gives its key stage and phase, a key stage its phase. Each column
 *   fills its own field first; the others fill what it leaves out. A file
 *   with any of the three columns replaces all three on re-import, so they
 *   never disagree.
 * - Dates are UK day first: 2025-03-14, 14/03/2025, 14/3/25, 14-Mar-2025,
 *   14 March 2025, with a time of day after them, or an Excel date number.
 *   Two-digit years are 20xx. A date that is real only month first
 *   (03/14/2025) is read so, with a warning. An impossible date is left
 *   out with a warning: never a silent guess.
 * - Text (team, caseworker) has its spaces and line breaks collapsed.
 * - Columns that identify a child (names, UPN, ULN, NHS number, date of
 *   birth, address, postcode) are dropped: their cells are wiped as soon as
 *   the header is read and never reach the store.
 * - A re-import keeps stored values of fields the new file has no column
 *   for, so a partial export cannot wipe them; an empty cell in a column
 *   that is there clears the field.
 */

/* This file is the store side: writing rows read by assay-caseload-read.c,
 * listing and looking up plans. assay-caseload-private.h says where the
 * rest lives. */

G_DEFINE_QUARK (assay-caseload-error-quark, assay_caseload_error)

static JsonObject *
object_from_record (const AssayRecord  *record,
                    GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  gsize len = 0;
  const char *text = assay_record_get_text (record, &len);

  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      json_object_get_string_member_with_default (json_node_get_object (root), "case_ref",
                                                  NULL) == NULL)
    {
      g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_DAMAGED,
                   _("Plan record %s is not a caseload entry"), record->id);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

typedef struct
{
  char       *id;
  JsonObject *fields;
} StoredCase;

static void
stored_case_free (gpointer data)
{
  StoredCase *stored = data;

  g_free (stored->id);
  json_object_unref (stored->fields);
  g_free (stored);
}

/* case_ref -> StoredCase, from one pass over the collection. */
static GHashTable *
index_cases (AssayStore  *store,
             GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) index = NULL;

  records = assay_store_list (store, ASSAY_CASELOAD_COLLECTION, error);
  if (records == NULL)
    return NULL;

  index = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, stored_case_free);

  for (guint i = 0; i < records->len; i++)
    {
      const AssayRecord *record = g_ptr_array_index (records, i);
      StoredCase *stored;
      JsonObject *fields = object_from_record (record, error);

      if (fields == NULL)
        return NULL;

      stored = g_new0 (StoredCase, 1);
      stored->id = g_strdup (record->id);
      stored->fields = fields;
      /* The key lives in the value's object. */
      g_hash_table_replace (index, (gpointer) json_object_get_string_member (fields, "case_ref"),
                            stored);
    }

  return g_steal_pointer (&index);
}

/* The next revision of a stored case: this file's columns, and the stored
 * values of the fields it has no column for or could not read (@keep). */
static JsonObject *
merge_case (JsonObject             *stored,
            JsonObject             *incoming,
            const gboolean          columns_present[ASSAY_CASELOAD_N_FIELDS],
            AssayCaseloadFieldMask  keep)
{
  JsonObject *merged = json_object_new ();

  for (guint f = 0; f < ASSAY_CASELOAD_N_FIELDS; f++)
    {
      const char *name = assay_caseload_field_get_name (f);
      gboolean from_file = columns_present[f] && (keep & (1u << f)) == 0;
      JsonObject *from = from_file ? incoming : stored;
      JsonNode *node = json_object_get_member (from, name);

      if (node != NULL)
        json_object_set_member (merged, name, json_node_copy (node));
    }

  return merged;
}

/* With @dry_run, counts what it would do and writes nothing. */
static gboolean
write_cases (AssayStore           *store,
             GPtrArray            *cases,
             GArray               *keep,
             const gboolean        columns_present[ASSAY_CASELOAD_N_FIELDS],
             gboolean              dry_run,
             AssayCaseloadResult  *result,
             GError              **error)
{
  g_autoptr(GHashTable) index = index_cases (store, error);

  result->added = result->updated = result->unchanged = 0;

  if (index == NULL)
    return FALSE;

  if (!dry_run && !assay_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *incoming = g_ptr_array_index (cases, i);
      const char *case_ref = json_object_get_string_member (incoming, "case_ref");
      StoredCase *stored = g_hash_table_lookup (index, case_ref);
      g_autoptr(JsonObject) next = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GBytes) payload = NULL;
      g_autoptr(AssayRecord) record = NULL;

      if (stored != NULL)
        {
          next = merge_case (stored->fields, incoming, columns_present,
                             g_array_index (keep, AssayCaseloadFieldMask, i));
          if (json_object_equal (next, stored->fields))
            {
              result->unchanged++;
              continue;
            }
        }
      else
        next = json_object_ref (incoming);

      if (dry_run)
        {
          if (stored != NULL)
            result->updated++;
          else
            result->added++;
          continue;
        }

      node = json_node_init_object (json_node_alloc (), next);
      payload = assay_json_node_to_bytes (node);
      record = assay_store_save (store, ASSAY_CASELOAD_COLLECTION,
                                 stored != NULL ? stored->id : NULL, payload, error);
      if (record == NULL)
        {
          assay_store_rollback (store);
          return FALSE;
        }

      if (stored != NULL)
        result->updated++;
      else
        result->added++;
    }

  if (dry_run)
    return TRUE;

  return assay_store_commit (store, error);
}

gboolean
assay_caseload_preview (AssayStore          *store,
                        AssayCaseloadBatch  *batch,
                        GError             **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (batch->result != NULL, FALSE);

  return write_cases (store, batch->cases, batch->keep, batch->columns_present, TRUE,
                      batch->result, error);
}

gboolean
assay_caseload_write (AssayStore           *store,
                      AssayCaseloadBatch   *batch,
                      AssayCaseloadResult **result,
                      GError              **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (batch->result != NULL, FALSE);

  if (!write_cases (store, batch->cases, batch->keep, batch->columns_present, FALSE,
                    batch->result, error))
    {
      /* Nothing was written, so the counts so far mean nothing either */
      batch->result->added = batch->result->updated = batch->result->unchanged = 0;
      return FALSE;
    }

  if (result != NULL)
    *result = g_steal_pointer (&batch->result);
  else
    g_clear_pointer (&batch->result, assay_caseload_result_free);

  return TRUE;
}

gboolean
assay_caseload_import (AssayStore            *store,
                       const char            *path,
                       AssayCaseloadResult  **result,
                       GError               **error)
{
  g_autoptr(AssayCaseloadBatch) batch = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  batch = assay_caseload_read (path, &local_error);
  if (batch == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return FALSE;
    }

  return assay_caseload_write (store, batch, result, error);
}

static int
compare_case_refs (gconstpointer a,
                   gconstpointer b)
{
  JsonObject *object_a = *(JsonObject **) a;
  JsonObject *object_b = *(JsonObject **) b;

  /* Bytes, not the locale's collation: the same order on every machine. */
  return strcmp (json_object_get_string_member (object_a, "case_ref"),
                 json_object_get_string_member (object_b, "case_ref"));
}

GPtrArray *
assay_caseload_list (AssayStore  *store,
                     GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) cases = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);

  records = assay_store_list (store, ASSAY_CASELOAD_COLLECTION, error);
  if (records == NULL)
    return NULL;

  cases = g_ptr_array_new_full (records->len, (GDestroyNotify) json_object_unref);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *fields = object_from_record (g_ptr_array_index (records, i), error);

      if (fields == NULL)
        return NULL;
      g_ptr_array_add (cases, fields);
    }

  g_ptr_array_sort (cases, compare_case_refs);

  return g_steal_pointer (&cases);
}

typedef struct
{
  AssayCaseFunc func;
  gpointer      user_data;
} ForeachData;

static gboolean
foreach_record (const AssayRecord  *record,
                gpointer            user_data,
                GError            **error)
{
  ForeachData *data = user_data;
  g_autoptr(JsonObject) fields = object_from_record (record, error);

  if (fields == NULL)
    return FALSE;

  data->func (fields, data->user_data);

  return TRUE;
}

gboolean
assay_caseload_foreach (AssayStore     *store,
                        AssayCaseFunc   func,
                        gpointer        user_data,
                        GError        **error)
{
  ForeachData data = { func, user_data };

  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return assay_store_foreach (store, ASSAY_CASELOAD_COLLECTION, foreach_record, &data, error);
}

gboolean
assay_caseload_lookup (AssayStore   *store,
                       const char   *case_ref,
                       JsonObject  **fields,
                       GError      **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (case_ref != NULL, FALSE);

  /* Typed or pasted the way a cell would be: spaces around it do not count. */
  wanted = _assay_caseload_trim (case_ref);

  /* Case references are sealed like everything else, so there is no index
   * to ask: each record is opened until one matches. */
  records = assay_store_list (store, ASSAY_CASELOAD_COLLECTION, error);
  if (records == NULL)
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      g_autoptr(JsonObject) object = object_from_record (g_ptr_array_index (records, i), error);

      if (object == NULL)
        return FALSE;

      if (g_str_equal (json_object_get_string_member (object, "case_ref"), wanted))
        {
          if (fields != NULL)
            *fields = g_steal_pointer (&object);
          return TRUE;
        }
    }

  return FALSE;
}
