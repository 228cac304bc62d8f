/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-caseload.h"
#include "assay-csv.h"
#include "assay-fuzz.h"

/*
 * The CSV reader and the caseload's header matching and value normalising:
 * everything a caseload file reaches before the store. Besides not crashing,
 * the checks below must hold for any input.
 */

/* Normalising what normalising produced changes nothing. */
static void
check_idempotent (AssayCaseloadField  field,
                  JsonNode           *node)
{
  g_autofree char *text = assay_caseload_value_to_string (node);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) again = assay_caseload_normalise_value (field, text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_true (json_node_equal (node, again));
}

/* Writes the records back out, every field quoted. */
static GString *
write_csv (AssayCsv *csv)
{
  GString *out = g_string_new (NULL);

  for (guint r = 0; r < csv->records->len; r++)
    {
      AssayCsvRecord *record = g_ptr_array_index (csv->records, r);

      for (guint i = 0; i < record->n_fields; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append_c (out, '"');
          for (const char *p = record->fields[i]; *p != '\0'; p++)
            {
              if (*p == '"')
                g_string_append_c (out, '"');
              g_string_append_c (out, *p);
            }
          g_string_append_c (out, '"');
        }
      g_string_append (out, "\r\n");
    }

  return out;
}

static void
check_csv (AssayCsv *csv)
{
  guint last_line = 0;

  for (guint r = 0; r < csv->records->len; r++)
    {
      AssayCsvRecord *record = g_ptr_array_index (csv->records, r);

      /* Records start on lines of their own, in order. */
      g_assert_cmpuint (record->line, >, last_line);
      last_line = record->line;

      g_assert_cmpuint (record->n_fields, >=, 1);
      g_assert_cmpuint (record->n_fields, <=, ASSAY_CSV_MAX_FIELDS);
      g_assert_null (record->fields[record->n_fields]);

      for (guint i = 0; i < record->n_fields; i++)
        {
          gsize len = strlen (record->fields[i]);

          g_assert_cmpuint (len, <=, ASSAY_CSV_MAX_FIELD_SIZE);
          g_assert_true (g_utf8_validate (record->fields[i], -1, NULL));
          /* Line breaks inside fields are always "\n". */
          g_assert_null (strchr (record->fields[i], '\r'));
        }
    }
}

/* What the reader returns, written back as RFC 4180, reads the same. */
static void
check_round_trip (AssayCsv *csv)
{
  g_autoptr(GString) text = write_csv (csv);
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayCsv) again = assay_csv_parse (text->str, text->len, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (again->records->len, ==, csv->records->len);
  g_assert_cmpint (again->encoding, ==, ASSAY_CSV_ENCODING_UTF8);

  for (guint r = 0; r < csv->records->len; r++)
    {
      AssayCsvRecord *a = g_ptr_array_index (csv->records, r);
      AssayCsvRecord *b = g_ptr_array_index (again->records, r);

      g_assert_cmpuint (a->n_fields, ==, b->n_fields);
      for (guint i = 0; i < a->n_fields; i++)
        g_assert_cmpstr (a->fields[i], ==, b->fields[i]);
    }
}

static void
check_caseload (const uint8_t *data,
                size_t         size)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean present[ASSAY_CASELOAD_N_FIELDS];

  if (!assay_caseload_parse (data, size, &cases, present, &result, &error))
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == ASSAY_CSV_ERROR || error->domain == ASSAY_CASELOAD_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }

  g_assert_no_error (error);
  g_assert_true (present[ASSAY_CASELOAD_FIELD_CASE_REF]);
  g_assert_cmpuint (result->added + result->updated + result->unchanged, ==, 0);
  g_assert_cmpuint (cases->len + result->rejected->len, ==, result->n_rows);

  for (guint i = 0; i < result->rejected->len; i++)
    {
      AssayCaseloadRejection *rejection = g_ptr_array_index (result->rejected, i);

      g_assert_cmpuint (rejection->line, >=, 2);
      g_assert_true (rejection->reason != NULL && *rejection->reason != '\0');
      g_assert_true (g_utf8_validate (rejection->reason, -1, NULL));
    }

  /* A warning is about a row that was kept, and one field it has a column for */
  for (guint i = 0; i < result->warnings->len; i++)
    {
      AssayCaseloadWarning *warning = g_ptr_array_index (result->warnings, i);

      g_assert_cmpuint (warning->line, >=, 2);
      g_assert_cmpuint (warning->field, <, ASSAY_CASELOAD_N_FIELDS);
      g_assert_cmpuint (warning->field, !=, ASSAY_CASELOAD_FIELD_CASE_REF);
      g_assert_true (present[warning->field]);
      g_assert_true (warning->reason != NULL && *warning->reason != '\0');
      g_assert_true (g_utf8_validate (warning->reason, -1, NULL));
    }

  /* Each field is read from one column at most, and never a child's identifier */
  for (guint i = 0; i < result->columns->len; i++)
    {
      AssayCaseloadColumn *column = g_ptr_array_index (result->columns, i);

      g_assert_true (present[column->field]);
      g_assert_false (assay_caseload_is_identifier_header (column->header));
      for (guint j = 0; j < i; j++)
        g_assert_cmpint (((AssayCaseloadColumn *) result->columns->pdata[j])->field, !=,
                         column->field);
    }

  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *object = g_ptr_array_index (cases, i);
      const char *case_ref = json_object_get_string_member (object, "case_ref");

      g_assert_true (case_ref != NULL && *case_ref != '\0');

      for (guint f = 0; f < ASSAY_CASELOAD_N_FIELDS; f++)
        {
          JsonNode *node = json_object_get_member (object, assay_caseload_field_get_name (f));

          if (node != NULL)
            {
              g_assert_true (present[f]);
              check_idempotent (f, node);
            }
        }

      /* Nothing but the contract's fields is ever kept. */
      {
        g_autoptr(GList) names = json_object_get_members (object);

        for (const GList *l = names; l != NULL; l = l->next)
          g_assert_true (assay_caseload_field_from_header (l->data, NULL));
      }
    }
}

/* The first byte picks a field; the rest is a cell. */
static void
check_value (const uint8_t *data,
             size_t         size)
{
  g_autofree char *value = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  AssayCaseloadField field;

  if (size == 0)
    return;

  field = (AssayCaseloadField) (data[0] % ASSAY_CASELOAD_N_FIELDS);
  value = g_utf8_make_valid ((const char *) data + 1, (gssize) size - 1);

  node = assay_caseload_normalise_value (field, value, &error);
  if (node != NULL)
    {
      g_assert_no_error (error);
      check_idempotent (field, node);
    }

  assay_caseload_field_from_header (value, NULL);
  assay_caseload_is_name_header (value);
  /* A name is an identifier, and neither is ever a field */
  if (assay_caseload_is_name_header (value))
    g_assert_true (assay_caseload_is_identifier_header (value));
  if (assay_caseload_is_identifier_header (value))
    g_assert_false (assay_caseload_field_from_header (value, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(AssayCsv) csv = NULL;
  g_autoptr(GError) error = NULL;

  csv = assay_csv_parse (data, size, &error);
  if (csv != NULL)
    {
      check_csv (csv);
      if (size < 1024 * 1024)
        check_round_trip (csv);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == ASSAY_CSV_ERROR);
    }

  check_caseload (data, size);
  check_value (data, size);

  return 0;
}
