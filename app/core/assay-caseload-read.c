/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-caseload"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-caseload-private.h"

/* Reading a caseload CSV into rows, with the columns mapped to fields by
 * header or by a --map mapping, without touching a store. */

static void
rejection_free (gpointer data)
{
  AssayCaseloadRejection *rejection = data;

  g_free (rejection->reason);
  g_free (rejection);
}

static void
warning_free (gpointer data)
{
  AssayCaseloadWarning *warning = data;

  /* Warnings moved on to the result leave NULL behind */
  if (warning == NULL)
    return;

  g_free (warning->reason);
  g_free (warning);
}

static void
column_free (gpointer data)
{
  AssayCaseloadColumn *column = data;

  g_free (column->header);
  g_free (column);
}

void
assay_caseload_result_free (AssayCaseloadResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->rejected, g_ptr_array_unref);
  g_clear_pointer (&result->warnings, g_ptr_array_unref);
  g_clear_pointer (&result->columns, g_ptr_array_unref);
  g_clear_pointer (&result->ignored_columns, g_ptr_array_unref);
  g_clear_pointer (&result->dropped_columns, g_ptr_array_unref);
  g_free (result);
}

AssayCaseloadResult *
_assay_caseload_result_new (void)
{
  AssayCaseloadResult *result = g_new0 (AssayCaseloadResult, 1);

  result->rejected = g_ptr_array_new_with_free_func (rejection_free);
  result->warnings = g_ptr_array_new_with_free_func (warning_free);
  result->columns = g_ptr_array_new_with_free_func (column_free);
  result->ignored_columns = g_ptr_array_new_with_free_func (g_free);
  result->dropped_columns = g_ptr_array_new_with_free_func (g_free);

  return result;
}

/* ---- Column mappings ---- */

typedef struct
{
  char *header;   /* as typed */
  char *key;      /* normalised like a header */
  int   field;    /* an AssayCaseloadField, or -1 to ignore the column */
} MapEntry;

struct _AssayCaseloadMap
{
  GPtrArray *entries;   /* of MapEntry */
};

static void
map_entry_free (gpointer data)
{
  MapEntry *entry = data;

  g_free (entry->header);
  g_free (entry->key);
  g_free (entry);
}

AssayCaseloadMap *
assay_caseload_map_new (void)
{
  AssayCaseloadMap *map = g_new0 (AssayCaseloadMap, 1);

  map->entries = g_ptr_array_new_with_free_func (map_entry_free);

  return map;
}

void
assay_caseload_map_free (AssayCaseloadMap *map)
{
  if (map == NULL)
    return;

  g_ptr_array_unref (map->entries);
  g_free (map);
}

static char *
field_names (void)
{
  GString *names = g_string_new (NULL);

  for (guint f = 0; f < ASSAY_CASELOAD_N_FIELDS; f++)
    {
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, assay_caseload_field_get_name (f));
    }

  return g_string_free (names, FALSE);
}

gboolean
assay_caseload_map_add (AssayCaseloadMap  *map,
                        const char        *spec,
                        GError           **error)
{
  g_autofree char *header = NULL;
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  const char *equals;
  MapEntry *entry;
  AssayCaseloadField field;
  int mapped;

  g_return_val_if_fail (map != NULL, FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  /* Field names never hold "=", headers might: the last one splits */
  equals = strrchr (spec, '=');
  if (equals == NULL)
    {
      g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_BAD_MAP,
                   _("“%s” is not a column mapping like “Header=field”"), spec);
      return FALSE;
    }

  header = g_strndup (spec, (gsize) (equals - spec));
  g_strstrip (header);
  name = g_strstrip (g_strdup (equals + 1));
  key = _assay_caseload_normalise_key (header);

  if (*key == '\0')
    {
      g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_BAD_MAP,
                   _("“%s” names no column before the “=”"), spec);
      return FALSE;
    }

  if (g_ascii_strcasecmp (name, "ignore") == 0)
    mapped = -1;
  else if (assay_caseload_field_from_header (name, &field))
    mapped = (int) field;
  else
    {
      g_autofree char *names = field_names ();

      g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_BAD_MAP,
                   _("“%s”: “%s” is not a caseload field; the fields are %s, or “ignore”"),
                   spec, name, names);
      return FALSE;
    }

  if (mapped >= 0 && assay_caseload_is_identifier_header (header))
    {
      g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_BAD_MAP,
                   _("“%s”: the column “%s” identifies a child; it is never stored"),
                   spec, header);
      return FALSE;
    }

  for (guint i = 0; i < map->entries->len; i++)
    {
      MapEntry *other = g_ptr_array_index (map->entries, i);

      if (g_str_equal (other->key, key))
        {
          g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_BAD_MAP,
                       _("“%s”: the column “%s” is mapped twice"), spec, header);
          return FALSE;
        }
      if (mapped >= 0 && other->field == mapped)
        {
          g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_BAD_MAP,
                       _("“%s”: %s is already mapped from “%s”"),
                       spec, assay_caseload_field_get_name (mapped), other->header);
          return FALSE;
        }
    }

  entry = g_new0 (MapEntry, 1);
  entry->header = g_steal_pointer (&header);
  entry->key = g_steal_pointer (&key);
  entry->field = mapped;
  g_ptr_array_add (map->entries, entry);

  return TRUE;
}

/* ---- Rows ---- */

static void
add_unique (GPtrArray  *list,
            const char *text)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (list->pdata[i], text))
      return;

  g_ptr_array_add (list, g_strdup (text));
}

static void
reject (AssayCaseloadResult *result,
        guint                line,
        char                *reason)
{
  AssayCaseloadRejection *rejection = g_new0 (AssayCaseloadRejection, 1);

  rejection->line = line;
  rejection->reason = reason;
  g_ptr_array_add (result->rejected, rejection);
}

static void
add_warning (GPtrArray          *warnings,
             guint               line,
             AssayCaseloadField  field,
             char               *reason)
{
  AssayCaseloadWarning *warning = g_new0 (AssayCaseloadWarning, 1);

  warning->line = line;
  warning->field = field;
  warning->reason = reason;
  g_ptr_array_add (warnings, warning);
}

/* TRUE when fields @from to the end of @record hold nothing but space. */
static gboolean
is_blank_from (const AssayCsvRecord *record,
               guint                 from)
{
  for (guint i = from; i < record->n_fields; i++)
    {
      for (const char *p = record->fields[i]; *p != '\0'; p = g_utf8_next_char (p))
        if (!_assay_caseload_is_blank_char (g_utf8_get_char (p)))
          return FALSE;
    }

  return TRUE;
}

/* The identifiers are about to be freed with the rest of the file; they
 * should not linger in freed memory either. */
static void
wipe_columns (AssayCsv       *csv,
              const gboolean *is_identifier,
              guint           n_columns)
{
  for (guint r = 0; r < csv->records->len; r++)
    {
      AssayCsvRecord *record = g_ptr_array_index (csv->records, r);

      for (guint i = 0; i < MIN (record->n_fields, n_columns); i++)
        if (is_identifier[i])
          memset (record->fields[i], 0, strlen (record->fields[i]));
    }
}

static void
set_not_caseload_error (GError               **error,
                        const AssayCsvRecord  *header)
{
  gboolean other_separator = FALSE;

  /* A European-locale spreadsheet separates with ";", a text export with tabs. */
  if (header->n_fields == 1)
    other_separator = strchr (header->fields[0], ';') != NULL ||
                      strchr (header->fields[0], '\t') != NULL;

  if (other_separator)
    g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_NOT_CASELOAD,
                 _("line %u: the header has no commas; the file seems to be separated by "
                   "semicolons or tabs: save it as “CSV UTF-8” (comma delimited)"),
                 header->line);
  else
    g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_NOT_CASELOAD,
                 _("line %u: not a caseload: no case reference column (a column headed "
                   "case_ref, Case Reference, Case Ref, EHCP Ref, Plan Ref, Person ID, "
                   "Case ID or another alias, or one chosen with --map “Header=case_ref”)"),
                 header->line);
}

static char *
header_list (const AssayCsvRecord *header)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < header->n_fields; i++)
    {
      g_autofree char *text = _assay_caseload_trim (header->fields[i]);

      if (*text == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, text);
    }

  return g_string_free (out, FALSE);
}

static void
add_column (AssayCaseloadResult *result,
            const char          *header,
            guint                index,
            AssayCaseloadField   field,
            gboolean             by_map)
{
  AssayCaseloadColumn *column = g_new0 (AssayCaseloadColumn, 1);

  column->header = g_strdup (header);
  column->column = index + 1;
  column->field = field;
  column->by_map = by_map;
  g_ptr_array_add (result->columns, column);
}

static int
compare_columns (gconstpointer a,
                 gconstpointer b)
{
  const AssayCaseloadColumn *column_a = *(const AssayCaseloadColumn **) a;
  const AssayCaseloadColumn *column_b = *(const AssayCaseloadColumn **) b;

  return (column_a->column > column_b->column) - (column_a->column < column_b->column);
}

/* Which field each column fills (-1: none), from the mapping first, then
 * from the headers; fills @result's columns, dropped and ignored lists. */
static gboolean
map_columns (const AssayCsvRecord   *header,
             const AssayCaseloadMap *map,
             int                    *column_field,
             gboolean               *is_identifier,
             gboolean                present[ASSAY_CASELOAD_N_FIELDS],
             AssayCaseloadResult    *result,
             GError                **error)
{
  guint n_columns = header->n_fields;
  g_autofree gboolean *decided = g_new0 (gboolean, n_columns);

  for (guint i = 0; i < n_columns; i++)
    column_field[i] = -1;

  if (map != NULL)
    for (guint m = 0; m < map->entries->len; m++)
      {
        MapEntry *entry = g_ptr_array_index (map->entries, m);
        gboolean found = FALSE;

        for (guint i = 0; i < n_columns && !found; i++)
          {
            g_autofree char *text = _assay_caseload_trim (header->fields[i]);
            g_autofree char *key = _assay_caseload_normalise_key (text);

            if (decided[i] || !g_str_equal (key, entry->key))
              continue;

            found = decided[i] = TRUE;
            if (entry->field < 0 && assay_caseload_is_identifier_header (text))
              {
                is_identifier[i] = TRUE;
                add_unique (result->dropped_columns, text);
              }
            else if (entry->field < 0)
              add_unique (result->ignored_columns, text);
            else
              {
                column_field[i] = entry->field;
                present[entry->field] = TRUE;
                add_column (result, text, i, entry->field, TRUE);
              }
          }

        if (!found)
          {
            g_autofree char *headers = header_list (header);

            g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_MAP_NO_COLUMN,
                         _("no column is headed “%s” (mapped to %s); the headers are: %s"),
                         entry->header,
                         entry->field < 0 ? "ignore"
                                          : assay_caseload_field_get_name (entry->field),
                         headers);
            return FALSE;
          }
      }

  for (guint i = 0; i < n_columns; i++)
    {
      g_autofree char *text = _assay_caseload_trim (header->fields[i]);
      AssayCaseloadField field;

      if (decided[i] || *text == '\0')
        continue;

      /* A child's identifier first: no alias may ever let one in */
      if (assay_caseload_is_identifier_header (text))
        {
          is_identifier[i] = TRUE;
          add_unique (result->dropped_columns, text);
        }
      else if (assay_caseload_field_from_header (text, &field) && !present[field])
        {
          column_field[i] = (int) field;
          present[field] = TRUE;
          add_column (result, text, i, field, FALSE);
        }
      else
        add_unique (result->ignored_columns, text);
    }

  g_ptr_array_sort (result->columns, compare_columns);

  return TRUE;
}

/* The three stage fields: a column of any of them gives all three, in
 * this order of preference after the field's own column. */
static const AssayCaseloadField stage_sources[][3] = {
  { ASSAY_CASELOAD_FIELD_PHASE, ASSAY_CASELOAD_FIELD_NC_YEAR, ASSAY_CASELOAD_FIELD_KEY_STAGE },
  { ASSAY_CASELOAD_FIELD_NC_YEAR, ASSAY_CASELOAD_FIELD_PHASE, ASSAY_CASELOAD_FIELD_KEY_STAGE },
  { ASSAY_CASELOAD_FIELD_KEY_STAGE, ASSAY_CASELOAD_FIELD_NC_YEAR, ASSAY_CASELOAD_FIELD_PHASE },
};

#define STAGE_MASK ((1u << ASSAY_CASELOAD_FIELD_PHASE) | (1u << ASSAY_CASELOAD_FIELD_NC_YEAR) | \
                    (1u << ASSAY_CASELOAD_FIELD_KEY_STAGE))

gboolean
_assay_caseload_read_csv (AssayCsv                *csv,
                          const AssayCaseloadMap  *map,
                          GPtrArray              **cases_out,
                          GArray                 **keep_out,
                          gboolean                 columns_present[ASSAY_CASELOAD_N_FIELDS],
                          AssayCaseloadResult    **result_out,
                          GError                 **error)
{
  g_autoptr(AssayCaseloadResult) result = _assay_caseload_result_new ();
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GArray) keep = NULL;
  g_autoptr(GHashTable) seen = NULL;   /* case_ref -> line, as a pointer */
  g_autoptr(GPtrArray) row_warnings = NULL;
  g_autofree int *column_field = NULL;
  g_autofree gboolean *is_identifier = NULL;
  gboolean present[ASSAY_CASELOAD_N_FIELDS] = { FALSE };
  const AssayCsvRecord *header;
  guint n_columns;

  result->encoding = csv->encoding;
  result->had_bom = csv->had_bom;

  if (csv->records->len == 0)
    {
      g_set_error_literal (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_EMPTY,
                           _("the file is empty: a caseload starts with a header row"));
      return FALSE;
    }

  header = g_ptr_array_index (csv->records, 0);
  n_columns = header->n_fields;
  column_field = g_new (int, n_columns);
  is_identifier = g_new0 (gboolean, n_columns);

  if (!map_columns (header, map, column_field, is_identifier, present, result, error))
    {
      /* Say where the header is, as for every other problem with it */
      g_prefix_error (error, _("line %u: "), header->line);
      return FALSE;
    }

  wipe_columns (csv, is_identifier, n_columns);

  if (!present[ASSAY_CASELOAD_FIELD_CASE_REF])
    {
      set_not_caseload_error (error, header);
      return FALSE;
    }

  if (present[ASSAY_CASELOAD_FIELD_PHASE] || present[ASSAY_CASELOAD_FIELD_NC_YEAR] ||
      present[ASSAY_CASELOAD_FIELD_KEY_STAGE])
    present[ASSAY_CASELOAD_FIELD_PHASE] = present[ASSAY_CASELOAD_FIELD_NC_YEAR] =
      present[ASSAY_CASELOAD_FIELD_KEY_STAGE] = TRUE;

  cases = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  keep = g_array_new (FALSE, FALSE, sizeof (AssayCaseloadFieldMask));
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  row_warnings = g_ptr_array_new_with_free_func (warning_free);

  for (guint r = 1; r < csv->records->len; r++)
    {
      const AssayCsvRecord *record = g_ptr_array_index (csv->records, r);
      JsonNode *nodes[ASSAY_CASELOAD_N_FIELDS] = { NULL };
      AssayCaseloadStage stages[ASSAY_CASELOAD_N_FIELDS];
      gboolean has_stage[ASSAY_CASELOAD_N_FIELDS] = { FALSE };
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(GError) case_ref_error = NULL;
      AssayCaseloadFieldMask unread = 0;
      const char *case_ref;
      gpointer other_line;

      if (is_blank_from (record, 0))
        continue;

      result->n_rows++;

      if (record->n_fields < n_columns || !is_blank_from (record, n_columns))
        {
          reject (result, record->line,
                  g_strdup_printf (ngettext ("the row has %u field but the header has %u: "
                                             "a line break or a comma outside quotes has "
                                             "split or joined rows, so none of it was read",
                                             "the row has %u fields but the header has %u: "
                                             "a line break or a comma outside quotes has "
                                             "split or joined rows, so none of it was read",
                                             record->n_fields),
                                   record->n_fields, n_columns));
          continue;
        }

      g_ptr_array_set_size (row_warnings, 0);

      for (guint i = 0; i < n_columns; i++)
        {
          g_autoptr(GError) value_error = NULL;
          g_autofree char *note = NULL;
          AssayCaseloadField f;
          JsonNode *node = NULL;

          if (column_field[i] < 0)
            continue;
          f = (AssayCaseloadField) column_field[i];

          if (!_assay_caseload_parse_cell (f, record->fields[i], &node, &stages[f], &note,
                                           &value_error))
            {
              if (f == ASSAY_CASELOAD_FIELD_CASE_REF)
                case_ref_error = g_steal_pointer (&value_error);
              else
                {
                  add_warning (row_warnings, record->line, f,
                               g_strdup (value_error->message));
                  unread |= 1u << f;
                }
              continue;
            }

          if (note != NULL)
            add_warning (row_warnings, record->line, f, g_steal_pointer (&note));
          if (_assay_caseload_field_is_stage (f))
            has_stage[f] = TRUE;
          nodes[f] = node;
        }

      /* What one stage column says fills what the others leave out */
      for (guint s = 0; s < G_N_ELEMENTS (stage_sources); s++)
        {
          AssayCaseloadField target = stage_sources[s][0];

          for (guint k = 1; k < 3 && nodes[target] == NULL; k++)
            {
              AssayCaseloadField source = stage_sources[s][k];
              const char *value;

              if (has_stage[source] &&
                  (value = _assay_caseload_stage_get (&stages[source], target)) != NULL)
                nodes[target] = _assay_caseload_string_node (value);
            }
        }

      object = json_object_new ();
      for (guint f = 0; f < ASSAY_CASELOAD_N_FIELDS; f++)
        if (nodes[f] != NULL)
          {
            json_object_set_member (object, assay_caseload_field_get_name (f), nodes[f]);
            unread &= ~(1u << f);
          }

      /* Nothing of the stage read, but something there: the stored three
       * stay together rather than losing some */
      if ((unread & STAGE_MASK) != 0 && nodes[ASSAY_CASELOAD_FIELD_PHASE] == NULL &&
          nodes[ASSAY_CASELOAD_FIELD_NC_YEAR] == NULL &&
          nodes[ASSAY_CASELOAD_FIELD_KEY_STAGE] == NULL)
        unread |= STAGE_MASK;

      if (case_ref_error != NULL)
        {
          reject (result, record->line, g_strdup (case_ref_error->message));
          continue;
        }

      if (!json_object_has_member (object, "case_ref"))
        {
          reject (result, record->line,
                  g_strdup (_("case_ref is empty")));
          continue;
        }

      case_ref = json_object_get_string_member (object, "case_ref");
      if (g_hash_table_lookup_extended (seen, case_ref, NULL, &other_line))
        {
          g_autofree char *quoted = _assay_caseload_quote_value (case_ref);

          reject (result, record->line,
                  g_strdup_printf (_("case_ref “%s” is already on line %u"),
                                   quoted, GPOINTER_TO_UINT (other_line)));
          continue;
        }

      /* Only the warnings of rows that are kept: a refused row has its reason */
      for (guint w = 0; w < row_warnings->len; w++)
        g_ptr_array_add (result->warnings, g_steal_pointer (&row_warnings->pdata[w]));
      g_ptr_array_set_size (row_warnings, 0);

      g_hash_table_insert (seen, g_strdup (case_ref), GUINT_TO_POINTER (record->line));
      g_ptr_array_add (cases, g_steal_pointer (&object));
      g_array_append_val (keep, unread);
    }

  if (columns_present != NULL)
    memcpy (columns_present, present, sizeof present);
  if (cases_out != NULL)
    *cases_out = g_steal_pointer (&cases);
  if (keep_out != NULL)
    *keep_out = g_steal_pointer (&keep);
  if (result_out != NULL)
    *result_out = g_steal_pointer (&result);

  return TRUE;
}

gboolean
assay_caseload_parse (gconstpointer          data,
                      gsize                  len,
                      GPtrArray            **cases,
                      gboolean               columns_present[ASSAY_CASELOAD_N_FIELDS],
                      AssayCaseloadResult  **result,
                      GError               **error)
{
  g_autoptr(AssayCsv) csv = assay_csv_parse (data, len, error);

  if (csv == NULL)
    return FALSE;

  return _assay_caseload_read_csv (csv, NULL, cases, NULL, columns_present, result, error);
}

void
assay_caseload_batch_free (AssayCaseloadBatch *batch)
{
  if (batch == NULL)
    return;

  g_clear_pointer (&batch->cases, g_ptr_array_unref);
  g_clear_pointer (&batch->keep, g_array_unref);
  g_clear_pointer (&batch->result, assay_caseload_result_free);
  g_free (batch);
}

AssayCaseloadBatch *
assay_caseload_read_mapped (const char              *path,
                            const AssayCaseloadMap  *map,
                            GError                 **error)
{
  g_autoptr(AssayCsv) csv = NULL;
  g_autoptr(AssayCaseloadBatch) batch = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  csv = assay_csv_load (path, error);
  if (csv == NULL)
    return NULL;

  batch = g_new0 (AssayCaseloadBatch, 1);
  if (!_assay_caseload_read_csv (csv, map, &batch->cases, &batch->keep, batch->columns_present,
                                 &batch->result, error))
    return NULL;

  return g_steal_pointer (&batch);
}

AssayCaseloadBatch *
assay_caseload_read (const char  *path,
                     GError     **error)
{
  return assay_caseload_read_mapped (path, NULL, error);
}

const AssayCaseloadResult *
assay_caseload_batch_get_result (AssayCaseloadBatch *batch)
{
  g_return_val_if_fail (batch != NULL, NULL);

  return batch->result;
}

