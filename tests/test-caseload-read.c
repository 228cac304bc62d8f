/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "assay-caseload.h"
#include "assay-error.h"
#include "assay-test-util.h"

/*
 * Reading councils' caseload files: their encodings and forms, real exports
 * and their headers, mapped columns, bad rows and refused files, and that
 * no identifier of a child is stored.
 */

/* A folder with a vault, its store: the shared test environment. */
typedef AssayTestEnv Fixture;

static GPtrArray *
parse_fixture (const char           *name,
               AssayCaseloadResult **result)
{
  g_autofree char *path = assay_test_caseload_fixture (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *cases = NULL;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_true (assay_caseload_parse (contents, len, &cases, NULL, result, &error));
  g_assert_no_error (error);

  return cases;
}

/* Each messy form of the same export reads as the same plans. */
static void
test_caseload_forms (void)
{
  static const struct
  {
    const char       *name;
    AssayCsvEncoding  encoding;
    gboolean          bom;
    const char       *ignored;
  } forms[] = {
    { "utf8-bom.csv", ASSAY_CSV_ENCODING_UTF8, TRUE, "" },
    { "windows-1252.csv", ASSAY_CSV_ENCODING_WINDOWS_1252, FALSE, "" },
    { "crlf.csv", ASSAY_CSV_ENCODING_UTF8, FALSE, "" },
    { "reordered.csv", ASSAY_CSV_ENCODING_UTF8, FALSE, "" },
    { "extra-columns.csv", ASSAY_CSV_ENCODING_UTF8, FALSE, "School,Notes" },
    { "blank-trailing.csv", ASSAY_CSV_ENCODING_UTF8, FALSE, "" },
  };
  g_autoptr(AssayCaseloadResult) reference_result = NULL;
  g_autoptr(GPtrArray) reference = parse_fixture ("utf8.csv", &reference_result);
  JsonObject *first = g_ptr_array_index (reference, 0);
  JsonObject *fifth = g_ptr_array_index (reference, 4);

  g_assert_cmpuint (reference->len, ==, 8);
  g_assert_cmpuint (reference_result->n_rows, ==, 8);
  g_assert_cmpuint (reference_result->rejected->len, ==, 0);
  /* The ten columns; a phase alone gives no year or key stage */
  g_assert_cmpuint (json_object_get_size (first), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (first, "case_ref"), ==, "EHC-1001");
  g_assert_cmpstr (json_object_get_string_member (first, "caseworker"), ==, "Zoë Adebayo");
  g_assert_false (json_object_get_boolean_member (first, "child_in_care"));
  g_assert_cmpstr (json_object_get_string_member (fifth, "team"), ==, "Vale – Wantage");
  g_assert_true (json_object_get_boolean_member (fifth, "child_in_care"));

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(AssayCaseloadResult) result = NULL;
      g_autoptr(GPtrArray) cases = parse_fixture (forms[i].name, &result);
      g_auto(GStrv) ignored = g_strsplit (forms[i].ignored, ",", -1);

      g_test_message ("%s", forms[i].name);
      g_assert_cmpuint (cases->len, ==, reference->len);
      for (guint c = 0; c < cases->len; c++)
        g_assert_true (json_object_equal (g_ptr_array_index (cases, c),
                                          g_ptr_array_index (reference, c)));

      g_assert_cmpuint (result->n_rows, ==, 8);
      g_assert_cmpuint (result->rejected->len, ==, 0);
      g_assert_cmpuint (result->dropped_columns->len, ==, 0);
      g_assert_cmpint (result->encoding, ==, forms[i].encoding);
      g_assert_cmpint (result->had_bom, ==, forms[i].bom);

      /* Unknown columns are listed once each; an unnamed one not at all. */
      g_assert_cmpuint (result->ignored_columns->len, ==, g_strv_length (ignored));
      for (guint c = 0; ignored[c] != NULL; c++)
        g_assert_cmpstr (g_ptr_array_index (result->ignored_columns, c), ==, ignored[c]);
    }
}

static void
test_caseload_quoted (void)
{
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GPtrArray) cases = parse_fixture ("quoted.csv", &result);
  JsonObject *a, *b, *c;

  g_assert_cmpuint (cases->len, ==, 3);
  a = g_ptr_array_index (cases, 0);
  b = g_ptr_array_index (cases, 1);
  c = g_ptr_array_index (cases, 2);

  g_assert_cmpstr (json_object_get_string_member (a, "team"), ==, "Oxford, City");
  g_assert_cmpstr (json_object_get_string_member (a, "caseworker"), ==, "Priya Shah");
  g_assert_cmpstr (json_object_get_string_member (a, "primary_need"), ==, "SEMH");
  g_assert_cmpstr (json_object_get_string_member (b, "caseworker"), ==, "Rhys \"Rhi\" O'Neill");
  g_assert_cmpstr (json_object_get_string_member (b, "primary_need"), ==, "ASD");
  g_assert_cmpstr (json_object_get_string_member (c, "team"), ==, "North Rural");
  g_assert_cmpstr (json_object_get_string_member (c, "phase"), ==, "post-16");
  /* An empty cell leaves the field out. */
  g_assert_false (json_object_has_member (c, "caseworker"));
  g_assert_false (json_object_has_member (c, "child_in_care"));
}

static void
assert_absent (const char *db,
               const char *needle)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);

  g_assert_false (assay_test_file_contains (db, needle, strlen (needle)));
  g_assert_false (assay_test_file_contains (wal, needle, strlen (needle)));
}

static void
test_caseload_names (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AssayCaseloadResult) result =
    assay_test_caseload_import_fixture (f->store, "names.csv");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  static const char * const secrets[] = {
    "Amelia", "Hartley-Quinn", "Tobias", "Wrenfield", "EHC-3001", "North",
  };

  g_assert_cmpuint (result->added, ==, 2);
  g_assert_cmpuint (result->dropped_columns->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (result->dropped_columns, 0), ==, "Child Name");
  g_assert_cmpstr (g_ptr_array_index (result->dropped_columns, 1), ==, "Forename");
  g_assert_cmpstr (g_ptr_array_index (result->dropped_columns, 2), ==, "Surname");
  g_assert_cmpuint (result->ignored_columns->len, ==, 0);

  /* Not among the stored fields... */
  fields = assay_test_caseload_lookup (f->store, "EHC-3001");
  g_assert_cmpuint (json_object_get_size (fields), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (fields, "team"), ==, "North");
  records = assay_store_list (f->store, ASSAY_CASELOAD_COLLECTION, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < records->len; i++)
    {
      const char *text = assay_record_get_text (g_ptr_array_index (records, i), NULL);

      g_assert_null (strstr (text, "Amelia"));
      g_assert_null (strstr (text, "Hartley"));
      g_assert_null (strstr (text, "Tobias"));
    }

  /* ...nor anywhere in the files, in plaintext or otherwise: the names were
   * never handed to the store. The scan can see plaintext ids, so it would
   * see a name. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (assay_test_file_contains (wal, ((AssayRecord *) records->pdata[0])->id, 36));
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    assert_absent (f->path, secrets[i]);

  g_assert_true (assay_database_checkpoint (assay_vault_get_database (f->vault), &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    assert_absent (f->path, secrets[i]);
}

static void
assert_warnings (const AssayCaseloadResult *result,
                 const guint               *lines,
                 const AssayCaseloadField  *fields,
                 const char * const        *reasons,
                 guint                      n)
{
  g_assert_cmpuint (result->warnings->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      AssayCaseloadWarning *warning = g_ptr_array_index (result->warnings, i);

      g_test_message ("line %u: %s", warning->line, warning->reason);
      g_assert_cmpuint (warning->line, ==, lines[i]);
      g_assert_cmpint (warning->field, ==, fields[i]);
      if (!g_str_has_prefix (warning->reason, reasons[i]))
        g_error ("“%s” does not start “%s”", warning->reason, reasons[i]);
    }
}

/* A bad optional value is a warning and the row goes in without it; only a
 * missing or repeated case reference, or a broken row, refuses a row. */
static void
test_caseload_bad_rows (Fixture       *f,
                        gconstpointer  data)
{
  static const struct
  {
    guint       line;
    const char *reason;
  } expected[] = {
    { 6, "case_ref is empty" },
    { 8, "case_ref “BAD-01” is already on line 2" },
    { 9, "the row has 4 fields but the header has 7: a line break or a comma outside quotes "
         "has split or joined rows, so none of it was read" },
  };
  static const guint warning_lines[] = { 3, 4, 5, 5, 7, 12 };
  static const AssayCaseloadField warning_fields[] = {
    ASSAY_CASELOAD_FIELD_ISSUED, ASSAY_CASELOAD_FIELD_PRIMARY_NEED,
    ASSAY_CASELOAD_FIELD_PLAN_TYPE, ASSAY_CASELOAD_FIELD_CHILD_IN_CARE,
    ASSAY_CASELOAD_FIELD_PHASE, ASSAY_CASELOAD_FIELD_ISSUED,
  };
  static const char * const warning_reasons[] = {
    "issued “31/02/2025” is not a real date",
    "primary_need “Dyslexia” is not one of the national categories ASD, SEMH, SLCN, MLD, SLD, "
    "PMLD, SpLD, PD, HI, VI, MSI, OTH, NSA or their names",
    "plan_type “sometimes” is not one of new, annual-review, phase-transfer, amended",
    "child_in_care “maybe” is not one of yes, no, y, n, true, false, 1, 0",
    "phase “Year 15” is not one of early-years, primary, secondary, post-16, post-19",
    "issued “2025-13-01” is not a real date",
  };
  g_autoptr(AssayCaseloadResult) result =
    assay_test_caseload_import_fixture (f->store, "bad-rows.csv");
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(JsonObject) two_lines = NULL;
  g_autoptr(JsonObject) bad_date = NULL;
  g_autoptr(JsonObject) two_bad = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (result->n_rows, ==, 11);
  g_assert_cmpuint (result->added, ==, 8);
  g_assert_cmpuint (result->rejected->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      AssayCaseloadRejection *rejection = g_ptr_array_index (result->rejected, i);

      g_assert_cmpuint (rejection->line, ==, expected[i].line);
      g_assert_cmpstr (rejection->reason, ==, expected[i].reason);
    }
  assert_warnings (result, warning_lines, warning_fields, warning_reasons,
                   G_N_ELEMENTS (warning_lines));

  /* Every row with a case reference is in; the first BAD-01 won over its
   * duplicate. */
  cases = assay_caseload_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 8);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (cases, 0), "team"), ==,
                   "North");

  /* Without the value that could not be read, with everything else */
  bad_date = assay_test_caseload_lookup (f->store, "BAD-02");
  g_assert_false (json_object_has_member (bad_date, "issued"));
  g_assert_cmpstr (json_object_get_string_member (bad_date, "plan_type"), ==, "annual-review");
  g_assert_cmpstr (json_object_get_string_member (bad_date, "primary_need"), ==, "ASD");
  two_bad = assay_test_caseload_lookup (f->store, "BAD-04");
  g_assert_false (json_object_has_member (two_bad, "plan_type"));
  g_assert_false (json_object_has_member (two_bad, "child_in_care"));
  g_assert_cmpstr (json_object_get_string_member (two_bad, "primary_need"), ==, "MLD");

  two_lines = assay_test_caseload_lookup (f->store, "BAD-07");
  g_assert_cmpstr (json_object_get_string_member (two_lines, "team"), ==, "City Centre");
  g_assert_cmpstr (json_object_get_string_member (two_lines, "issued"), ==, "2025-03-14");
  g_assert_true (json_object_get_boolean_member (two_lines, "child_in_care"));
}

/* What a record holds, decrypted from the real store: no identifier of a
 * child, whatever the column */
static void
assert_no_identifiers (Fixture            *f,
                       const char * const *secrets,
                       guint               n_secrets)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = assay_store_list (f->store, ASSAY_CASELOAD_COLLECTION, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, >, 0);
  for (guint i = 0; i < records->len; i++)
    {
      const char *text = assay_record_get_text (g_ptr_array_index (records, i), NULL);

      for (guint s = 0; s < n_secrets; s++)
        if (strstr (text, secrets[s]) != NULL)
          g_error ("“%s” is stored in %s", secrets[s], text);
    }
}

/* An SEN2-style export as a council's system writes it: Windows-1252,
 * CRLF, SEN2's own headers, the DfE's need names, UPNs, names, dates of
 * birth and postcodes, every date form, NC years and key stages, and one
 * value that is not a need */
static void
test_caseload_sen2 (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const expected[][14] = {
    /* case_ref, plan_type, requested, issued, last_review, team, caseworker, phase,
     * nc_year, key_stage, setting_type, primary_need, child_in_care */
    { "SEN2-0001", NULL, "2024-01-15", "2024-06-01", "2024-06-01", "North", "Zoë Adebayo",
      "secondary", "7", "KS3", "mainstream", "SLCN", "no" },
    { "SEN2-0002", NULL, "2024-06-01", "2024-06-01", "2024-06-01", "South", "Siân Price",
      "early-years", "R", "EYFS", "special", "SEMH", "yes" },
    { "SEN2-0003", NULL, "2024-06-01", "2024-06-01", NULL, "Vale – Wantage", "Rhys O'Neill",
      "primary", NULL, "KS2", "resource-base", "ASD", "no" },
    { "SEN2-0004", NULL, "2024-01-01", "2024-06-01", NULL, "City", "Priya Shah",
      "post-16", "12", "KS5", "independent", NULL, "yes" },
    { "SEN2-0005", NULL, "2023-03-15", "2023-03-15", "2024-03-14", "Vale – Wantage",
      "Siân Price", "post-16", "14", "KS5", "further-education", "OTH", "no" },
    { "SEN2-0006", NULL, "2024-02-01", "2024-05-20", NULL, "North", "Zoë Adebayo",
      "early-years", "N", "EYFS", "home", "NSA", "no" },
    { "SEN2-0007", NULL, "2022-10-03", "2023-02-27", "2024-02-26", "City", "Priya Shah",
      "post-16", NULL, "KS5", "none", "MSI", "no" },
    { "SEN2-0008", NULL, "2024-03-04", "2024-07-22", NULL, "South", "Rhys O'Neill",
      "primary", "3", "KS2", "mainstream", "PMLD", "no" },
  };
  static const char * const mapping[][2] = {
    { "Person ID", "case_ref" }, { "ReceivedDate", "requested" }, { "StartDate", "issued" },
    { "LastReview", "last_review" }, { "SENtype", "primary_need" },
    { "SENSetting", "setting_type" }, { "NC Year", "nc_year" }, { "Key Stage", "key_stage" },
    { "Locality", "team" }, { "Case Officer", "caseworker" }, { "CLA", "child_in_care" },
  };
  static const guint columns[] = { 1, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
  static const char * const dropped[] = { "UPN", "Forename", "Surname", "DOB", "Postcode" };
  static const char * const secrets[] = {
    "A100000000001", "A100000000004", "A1000000000", "Amelia", "Hartley", "Maëlle",
    "Okonkwo", "Oisín", "14/03/2012", "2012-03-14", "OX1 1AA", "OX16 5LT", "Down syndrome",
    "Reviewed, no concerns",
  };
  static const guint warning_lines[] = { 5 };
  static const AssayCaseloadField warning_fields[] = { ASSAY_CASELOAD_FIELD_PRIMARY_NEED };
  static const char * const warning_reasons[] = { "primary_need “Down syndrome” is not one" };
  g_autoptr(AssayCaseloadResult) result =
    assay_test_caseload_import_fixture (f->store, "sen2-export.csv");
  g_autoptr(AssayCaseloadResult) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = assay_test_caseload_fixture ("sen2-export.csv");

  g_assert_cmpint (result->encoding, ==, ASSAY_CSV_ENCODING_WINDOWS_1252);
  g_assert_cmpuint (result->n_rows, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (result->added, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (result->rejected->len, ==, 0);
  assert_warnings (result, warning_lines, warning_fields, warning_reasons,
                   G_N_ELEMENTS (warning_lines));

  g_assert_cmpuint (result->columns->len, ==, G_N_ELEMENTS (mapping));
  for (guint i = 0; i < G_N_ELEMENTS (mapping); i++)
    {
      AssayCaseloadColumn *column = g_ptr_array_index (result->columns, i);

      g_assert_cmpstr (column->header, ==, mapping[i][0]);
      g_assert_cmpstr (assay_caseload_field_get_name (column->field), ==, mapping[i][1]);
      g_assert_cmpuint (column->column, ==, columns[i]);
      g_assert_false (column->by_map);
    }
  g_assert_cmpuint (result->dropped_columns->len, ==, G_N_ELEMENTS (dropped));
  for (guint i = 0; i < G_N_ELEMENTS (dropped); i++)
    g_assert_cmpstr (g_ptr_array_index (result->dropped_columns, i), ==, dropped[i]);
  g_assert_cmpuint (result->ignored_columns->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (result->ignored_columns, 0), ==, "Notes");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(JsonObject) fields = assay_test_caseload_lookup (f->store, expected[i][0]);

      for (guint c = 0; c < ASSAY_CASELOAD_N_FIELDS; c++)
        assay_test_assert_field (fields, assay_caseload_field_get_name (c), expected[i][c]);
      /* Nothing else */
      for (guint c = 0; c < ASSAY_CASELOAD_N_FIELDS; c++)
        if (expected[i][c] == NULL)
          g_assert_false (json_object_has_member (fields, assay_caseload_field_get_name (c)));
    }

  /* What the audit reads: a boolean and the three stage members */
  {
    g_autoptr(JsonObject) fields = assay_test_caseload_lookup (f->store, "SEN2-0002");

    g_assert_cmpint (json_node_get_value_type (json_object_get_member (fields,
                                                                       "child_in_care")),
                     ==, G_TYPE_BOOLEAN);
    g_assert_true (json_object_get_boolean_member (fields, "child_in_care"));
    g_assert_cmpstr (json_object_get_string_member (fields, "phase"), ==, "early-years");
    g_assert_cmpstr (json_object_get_string_member (fields, "nc_year"), ==, "R");
    g_assert_cmpstr (json_object_get_string_member (fields, "key_stage"), ==, "EYFS");
  }

  /* No UPN, name, date of birth or postcode in any decrypted record, nor
   * anywhere in the database's files */
  assert_no_identifiers (f, secrets, G_N_ELEMENTS (secrets));
  g_assert_true (assay_database_checkpoint (assay_vault_get_database (f->vault), &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    assert_absent (f->path, secrets[i]);

  /* The same file again: nothing changes, the warning is given again */
  again = assay_test_caseload_import (f->store, path);
  g_assert_cmpuint (again->unchanged, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (again->warnings->len, ==, 1);
  g_assert_cmpuint (assay_test_n_revisions (f->vault), ==, G_N_ELEMENTS (expected));
}

/* A case-management report: another family of headers, identifiers of
 * every kind, names with their plurals, a byte-order mark */
static void
test_caseload_case_management (Fixture       *f,
                               gconstpointer  data)
{
  static const char * const expected[][14] = {
    { "CM/0101", "new", "2024-04-03", "2024-08-12", NULL, "North", "Zoë Adebayo",
      "secondary", "8", "KS3", "mainstream", "ASD", "no" },
    { "CM/0102", "new", "2024-05-07", "2024-09-30", NULL, "South", "Siân Price",
      "primary", "1", "KS1", "mainstream", "MLD", "yes" },
    { "CM/0103", "annual-review", NULL, "2021-01-11", "2025-01-06", "City", "Priya Shah",
      "primary", "4", "KS2", "special", "SpLD", "no" },
    { "CM/0104", "phase-transfer", NULL, "2019-06-03", "2024-11-18", "City", "Priya Shah",
      "post-16", "13", "KS5", "further-education", "PD", "no" },
    { "CM/0105", "annual-review", NULL, "2018-03-19", "2024-12-02", "Vale – Wantage",
      "Rhys O'Neill", "secondary", "11", "KS4", "independent", "HI", "no" },
  };
  static const char * const dropped[] = {
    "Child Name", "Date of Birth", "Address Line 1", "NHS Number", "ULN",
  };
  static const char * const secrets[] = {
    "Amelia", "Wrenfield", "High Street", "Mill Lane", "485 777 3456", "4857773456",
    "1234567890", "14/03/2012",
  };
  g_autoptr(AssayCaseloadResult) result =
    assay_test_caseload_import_fixture (f->store, "case-management.csv");

  g_assert_true (result->had_bom);
  g_assert_cmpuint (result->added, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (result->rejected->len, ==, 0);
  g_assert_cmpuint (result->warnings->len, ==, 0);
  g_assert_cmpuint (result->ignored_columns->len, ==, 0);
  g_assert_cmpuint (result->dropped_columns->len, ==, G_N_ELEMENTS (dropped));
  for (guint i = 0; i < G_N_ELEMENTS (dropped); i++)
    g_assert_cmpstr (g_ptr_array_index (result->dropped_columns, i), ==, dropped[i]);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(JsonObject) fields = assay_test_caseload_lookup (f->store, expected[i][0]);

      for (guint c = 0; c < ASSAY_CASELOAD_N_FIELDS; c++)
        assay_test_assert_field (fields, assay_caseload_field_get_name (c), expected[i][c]);
    }

  assert_no_identifiers (f, secrets, G_N_ELEMENTS (secrets));
}

static void
assert_bad_map (const char *spec,
                const char *in_message)
{
  g_autoptr(AssayCaseloadMap) map = assay_caseload_map_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (assay_caseload_map_add (map, "Ref=case_ref", &error));
  g_assert_no_error (error);
  g_assert_false (assay_caseload_map_add (map, spec, &error));
  g_assert_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_BAD_MAP);
  if (strstr (error->message, in_message) == NULL)
    g_error ("“%s” is not in “%s”", in_message, error->message);
  g_assert_cmpint (assay_error_get_exit_code (error), ==, ASSAY_EXIT_USAGE);
}

static void
test_caseload_map (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AssayCaseloadMap) map = assay_caseload_map_new ();
  g_autoptr(AssayCaseloadMap) missing = assay_caseload_map_new ();
  g_autoptr(AssayCaseloadBatch) batch = NULL;
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = assay_test_write_file (f->dir, "own.csv",
                                                 "Ref No,Type,Setting,Plan Kind,Primary Need\n"
                                                 "R-1,Academy Trust,Oakwood Primary,New,ASD\n");
  AssayCaseloadColumn *column;

  assert_bad_map ("Ref No", "Header=field");
  assert_bad_map ("Team=colour", "colour");
  assert_bad_map ("=team", "names no column");
  assert_bad_map ("UPN=case_ref", "identifies a child");
  assert_bad_map ("ref=team", "mapped twice");
  assert_bad_map ("Plan=case_ref", "case_ref is already mapped from “Ref”");

  /* Any column as any field; an aliased column left out */
  g_assert_true (assay_caseload_map_add (map, "Ref No=case_ref", &error));
  g_assert_true (assay_caseload_map_add (map, " plan kind = plan_type ", &error));
  g_assert_true (assay_caseload_map_add (map, "Setting=ignore", &error));
  g_assert_true (assay_caseload_map_add (map, "Type=IGNORE", &error));
  g_assert_no_error (error);

  batch = assay_caseload_read_mapped (path, map, &error);
  g_assert_no_error (error);
  g_assert_true (assay_caseload_write (f->store, batch, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 1);
  g_assert_cmpuint (result->warnings->len, ==, 0);
  g_assert_cmpuint (result->columns->len, ==, 3);
  column = g_ptr_array_index (result->columns, 0);
  g_assert_cmpstr (column->header, ==, "Ref No");
  g_assert_cmpint (column->field, ==, ASSAY_CASELOAD_FIELD_CASE_REF);
  g_assert_true (column->by_map);
  column = g_ptr_array_index (result->columns, 2);
  g_assert_cmpstr (column->header, ==, "Primary Need");
  g_assert_false (column->by_map);
  g_assert_cmpuint (result->ignored_columns->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (result->ignored_columns, 0), ==, "Setting");
  g_assert_cmpstr (g_ptr_array_index (result->ignored_columns, 1), ==, "Type");

  fields = assay_test_caseload_lookup (f->store, "R-1");
  assay_test_assert_field (fields, "plan_type", "new");
  assay_test_assert_field (fields, "primary_need", "ASD");
  assay_test_assert_field (fields, "setting_type", NULL);

  /* A header the file does not have: a usage error naming it */
  g_assert_true (assay_caseload_map_add (missing, "Officer Name=caseworker", &error));
  g_assert_null (assay_caseload_read_mapped (path, missing, &error));
  g_assert_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_MAP_NO_COLUMN);
  g_assert_nonnull (strstr (error->message, "Officer Name"));
  g_assert_nonnull (strstr (error->message, "Ref No, Type"));
  g_assert_cmpint (assay_error_get_exit_code (error), ==, ASSAY_EXIT_USAGE);
}

static void
assert_rejected_file (Fixture    *f,
                      const char *path,
                      GQuark      domain,
                      int         code,
                      const char *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayCaseloadResult) result = NULL;

  g_test_message ("%s", path);
  g_assert_false (assay_caseload_import (f->store, path, &result, &error));
  g_assert_null (result);
  g_assert_error (error, domain, code);
  g_assert_true (g_str_has_prefix (error->message, path));
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("“%s” is not in “%s”", in_message, error->message);
  g_assert_cmpint (assay_error_get_exit_code (error), ==, ASSAY_EXIT_REJECTED);
  g_assert_false (assay_store_in_transaction (f->store));
}

static void
test_caseload_rejected_files (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(AssayCaseloadResult) first = assay_test_caseload_import_fixture (f->store, "utf8.csv");
  g_autofree char *not_caseload = assay_test_caseload_fixture ("not-a-caseload.csv");
  g_autofree char *xlsx = assay_test_caseload_fixture ("spreadsheet.xlsx");
  g_autofree char *missing = g_build_filename (f->dir, "missing.csv", NULL);
  g_autofree char *empty = assay_test_write_file (f->dir, "empty.csv", "");
  g_autofree char *blank = assay_test_write_file (f->dir, "blank.csv", "\r\n\r\n");
  g_autofree char *semicolons = assay_test_write_file (f->dir, "semicolons.csv",
                                                       "case_ref;team\nEHC-1001;South\n");
  g_autofree char *unterminated = assay_test_write_file (f->dir, "unterminated.csv",
                                                         "case_ref,team\nEHC-1001,South\n"
                                                         "EHC-1002,\"South\nEHC-1003,North\n");
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (first->added, ==, 8);
  before = assay_caseload_list (f->store, &error);
  g_assert_no_error (error);

  assert_rejected_file (f, not_caseload, ASSAY_CASELOAD_ERROR,
                        ASSAY_CASELOAD_ERROR_NOT_CASELOAD, "case reference");
  assert_rejected_file (f, xlsx, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_NOT_TEXT, ".xlsx");
  assert_rejected_file (f, missing, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_READ, NULL);
  assert_rejected_file (f, f->dir, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_READ, "folder");
  assert_rejected_file (f, empty, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_EMPTY, NULL);
  assert_rejected_file (f, blank, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_EMPTY, NULL);
  assert_rejected_file (f, semicolons, ASSAY_CASELOAD_ERROR,
                        ASSAY_CASELOAD_ERROR_NOT_CASELOAD, "semicolons");
  assert_rejected_file (f, unterminated, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_UNTERMINATED,
                        "line 3");

  /* A device, and a FIFO nobody writes to, are refused at once: neither
   * reading without end nor waiting for a writer. */
  {
    g_autofree char *fifo = g_build_filename (f->dir, "fifo.csv", NULL);

    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    assert_rejected_file (f, fifo, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_READ, "pipe");
    assert_rejected_file (f, "/dev/zero", ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_READ, "device");
  }

  /* Nothing changed. */
  assay_test_assert_caseload_same (f, before, 8);
}

int
main (int    argc,
      char **argv)
{
  const AssayTestEnvFlags env = ASSAY_TEST_ENV_DEFAULT;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/caseload/forms", test_caseload_forms);
  g_test_add_func ("/caseload/quoted", test_caseload_quoted);
  ASSAY_TEST_ADD_ENV ("/caseload/names", env, test_caseload_names);
  ASSAY_TEST_ADD_ENV ("/caseload/bad-rows", env, test_caseload_bad_rows);
  ASSAY_TEST_ADD_ENV ("/caseload/sen2", env, test_caseload_sen2);
  ASSAY_TEST_ADD_ENV ("/caseload/case-management", env, test_caseload_case_management);
  ASSAY_TEST_ADD_ENV ("/caseload/map", env, test_caseload_map);
  ASSAY_TEST_ADD_ENV ("/caseload/rejected-files", env, test_caseload_rejected_files);

  return g_test_run ();
}
