/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <json-glib/json-glib.h>

#include "assay-cli-test-util.h"
#include "assay-test-util.h"

/*
 * `caseload import`, `caseload list` and `sample` through the real assay-cli
 * binary: exit codes, the contract's JSON keys and the messages' file and
 * line.
 */

/* A folder with a vault made by `assay-cli init`: the shared test environment. */
typedef AssayTestEnv Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  assay_test_cli_env_set_up (f, NULL, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  assay_test_env_tear_down (f);
}

static AssayTestRun *
run_import (Fixture    *f,
            const char *name,
            gboolean    json)
{
  g_autofree char *path = assay_test_caseload_fixture (name);

  if (json)
    return assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "caseload", "import",
                               path, "--json", NULL);

  return assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "caseload", "import",
                             path, NULL);
}

static void
test_cli_caseload_import (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(AssayTestRun) first = run_import (f, "utf8.csv", FALSE);
  g_autoptr(AssayTestRun) again = run_import (f, "windows-1252.csv", TRUE);
  g_autoptr(AssayTestRun) list = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) cases = NULL;
  JsonObject *object;
  JsonArray *array;

  g_assert_cmpint (first->status, ==, 0);
  assay_test_assert_contains (first->out, "utf8.csv: 8 added, 0 updated, 0 unchanged, 0 rejected");

  g_assert_cmpint (again->status, ==, 0);
  root = assay_test_parse_json (again->out);
  object = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (object, "added"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "updated"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "unchanged"), ==, 8);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "rejected")),
                    ==, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "encoding"), ==, "windows-1252");

  list = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "caseload", "list",
                             "--json", NULL);
  g_assert_cmpint (list->status, ==, 0);
  cases = assay_test_parse_json (list->out);
  array = json_node_get_array (cases);
  g_assert_cmpuint (json_array_get_length (array), ==, 8);
  object = json_array_get_object_element (array, 4);
  g_assert_cmpstr (json_object_get_string_member (object, "case_ref"), ==, "EHC-1005");
  g_assert_cmpstr (json_object_get_string_member (object, "team"), ==, "Vale – Wantage");
  g_assert_true (json_object_get_boolean_member (object, "child_in_care"));
}

static void
test_cli_caseload_bad_rows (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AssayTestRun) text = run_import (f, "bad-rows.csv", FALSE);
  g_autoptr(AssayTestRun) json = run_import (f, "bad-rows.csv", TRUE);
  g_autoptr(JsonNode) root = NULL;
  static const guint lines[] = { 6, 8, 9 };
  static const struct
  {
    guint       line;
    const char *field;
  } warnings[] = {
    { 3, "issued" }, { 4, "primary_need" }, { 5, "plan_type" }, { 5, "child_in_care" },
    { 7, "phase" }, { 12, "issued" },
  };
  JsonObject *object;
  JsonArray *rejected;
  JsonArray *warning_list;

  /* Every row with a case reference is in; bad values are warnings */
  g_assert_cmpint (text->status, ==, 0);
  assay_test_assert_contains (text->out, "8 added, 0 updated, 0 unchanged, 3 rejected");
  assay_test_assert_contains (text->out, "6 values could not be read and were left out");
  assay_test_assert_contains (text->err,
                              "bad-rows.csv: line 7: warning: phase “Year 15” is not one of "
                              "early-years, primary, secondary, post-16, post-19");
  assay_test_assert_contains (text->err,
                              "bad-rows.csv: line 3: warning: issued “31/02/2025” is not a "
                              "real date\n");
  assay_test_assert_contains (text->err,
                              "bad-rows.csv: line 8: case_ref “BAD-01” is already on line 2\n");
  assay_test_assert_contains (text->err,
                              "bad-rows.csv: line 9: the row has 4 fields but the header has 7: "
                              "a line break or a comma outside quotes has split or joined rows");

  g_assert_cmpint (json->status, ==, 0);
  root = assay_test_parse_json (json->out);
  object = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (object, "added"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "unchanged"), ==, 8);
  g_assert_false (json_object_get_boolean_member (object, "dry_run"));
  rejected = json_object_get_array_member (object, "rejected");
  g_assert_cmpuint (json_array_get_length (rejected), ==, G_N_ELEMENTS (lines));
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      JsonObject *rejection = json_array_get_object_element (rejected, i);

      g_assert_cmpint (json_object_get_int_member (rejection, "line"), ==, lines[i]);
      g_assert_nonnull (json_object_get_string_member (rejection, "reason"));
    }

  /* The warnings of a real import, too */
  warning_list = json_object_get_array_member (object, "warnings");
  g_assert_cmpuint (json_array_get_length (warning_list), ==, G_N_ELEMENTS (warnings));
  for (guint i = 0; i < G_N_ELEMENTS (warnings); i++)
    {
      JsonObject *warning = json_array_get_object_element (warning_list, i);

      g_assert_cmpint (json_object_get_int_member (warning, "line"), ==, warnings[i].line);
      g_assert_cmpstr (json_object_get_string_member (warning, "field"), ==, warnings[i].field);
      g_assert_nonnull (strstr (json_object_get_string_member (warning, "reason"),
                                warnings[i].field));
    }
}

static char *
list_json (Fixture *f)
{
  g_autoptr(AssayTestRun) list = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path,
                                                     "caseload", "list", "--json", NULL);

  g_assert_cmpint (list->status, ==, 0);

  return g_strdup (list->out);
}

static JsonObject *
find_mapping (JsonArray  *mapping,
              const char *header)
{
  for (guint i = 0; i < json_array_get_length (mapping); i++)
    {
      JsonObject *entry = json_array_get_object_element (mapping, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "header"), header) == 0)
        return entry;
    }

  g_error ("No “%s” in the mapping", header);
}

static void
assert_strings (JsonArray          *array,
                const char * const *expected,
                guint               n)
{
  g_assert_cmpuint (json_array_get_length (array), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (json_array_get_string_element (array, i), ==, expected[i]);
}

/* --dry-run: the mapping, the warnings and the counts, and nothing written */
static void
test_cli_caseload_dry_run (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *sen2 = assay_test_caseload_fixture ("sen2-export.csv");
  g_autoptr(AssayTestRun) first = run_import (f, "utf8.csv", FALSE);
  g_autoptr(AssayTestRun) text = NULL;
  g_autoptr(AssayTestRun) json = NULL;
  g_autoptr(AssayTestRun) real = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  static const char * const dropped[] = { "UPN", "Forename", "Surname", "DOB", "Postcode" };
  static const char * const unknown[] = { "Notes" };
  static const char * const keys[] = {
    "added", "updated", "unchanged", "rejected", "warnings", "mapping", "unknown", "dropped",
  };
  JsonObject *object, *entry, *warning;
  JsonArray *warnings;

  g_assert_cmpint (first->status, ==, 0);
  before = list_json (f);

  text = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "caseload", "import",
                             sen2, "--dry-run", NULL);
  g_assert_cmpint (text->status, ==, 0);
  assay_test_assert_contains (text->out,
                              "dry run, nothing written: would add 8, update 0, leave 0 "
                              "unchanged; 0 rejected");
  assay_test_assert_contains (text->out, "Columns read:");
  assay_test_assert_contains (text->out, "Person ID     → case_ref\n");
  assay_test_assert_contains (text->out, "LastReview    → last_review\n");
  assay_test_assert_contains (text->out, "NC Year       → nc_year\n");
  assay_test_assert_contains (text->out, "never stored: UPN, Forename, Surname, DOB, Postcode\n");
  assay_test_assert_contains (text->out, "Columns ignored (not caseload fields): Notes\n");
  assay_test_assert_contains (text->err,
                              "sen2-export.csv: line 5: warning: primary_need “Down syndrome” "
                              "is not one of the national categories");
  g_assert_null (strstr (text->out, "A100000000001"));
  g_assert_null (strstr (text->err, "A100000000001"));

  json = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "--json", "caseload",
                             "import", "--dry-run", sen2, NULL);
  g_assert_cmpint (json->status, ==, 0);
  root = assay_test_parse_json (json->out);
  object = json_node_get_object (root);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (object, keys[i]));
  g_assert_true (json_object_get_boolean_member (object, "dry_run"));
  g_assert_cmpint (json_object_get_int_member (object, "added"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (object, "updated"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "unchanged"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "rejected")),
                    ==, 0);
  entry = find_mapping (json_object_get_array_member (object, "mapping"), "Person ID");
  g_assert_cmpstr (json_object_get_string_member (entry, "field"), ==, "case_ref");
  entry = find_mapping (json_object_get_array_member (object, "mapping"), "ReceivedDate");
  g_assert_cmpstr (json_object_get_string_member (entry, "field"), ==, "requested");
  entry = find_mapping (json_object_get_array_member (object, "mapping"), "SENtype");
  g_assert_cmpstr (json_object_get_string_member (entry, "field"), ==, "primary_need");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "mapping")),
                    ==, 11);
  assert_strings (json_object_get_array_member (object, "dropped"), dropped,
                  G_N_ELEMENTS (dropped));
  assert_strings (json_object_get_array_member (object, "unknown"), unknown,
                  G_N_ELEMENTS (unknown));
  warnings = json_object_get_array_member (object, "warnings");
  g_assert_cmpuint (json_array_get_length (warnings), ==, 1);
  warning = json_array_get_object_element (warnings, 0);
  g_assert_cmpint (json_object_get_int_member (warning, "line"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (warning, "field"), ==, "primary_need");
  g_assert_nonnull (strstr (json_object_get_string_member (warning, "reason"),
                            "Down syndrome"));

  /* Nothing written by either */
  after = list_json (f);
  g_assert_cmpstr (after, ==, before);

  /* The real import does what the dry run said */
  real = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "caseload", "import",
                             sen2, NULL);
  g_assert_cmpint (real->status, ==, 0);
  assay_test_assert_contains (real->out, "8 added, 0 updated, 0 unchanged, 0 rejected");
  assay_test_assert_contains (real->err, "line 5: warning: primary_need");
  g_clear_pointer (&after, g_free);
  after = list_json (f);
  assay_test_assert_contains (after, "SEN2-0001");
  g_assert_null (strstr (after, "A100000000001"));
  g_assert_null (strstr (after, "Hartley"));
}

static void
test_cli_caseload_map (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "own.csv", NULL);
  g_autofree char *utf8 = assay_test_caseload_fixture ("utf8.csv");
  g_autoptr(AssayTestRun) run = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JsonObject *entry;

  g_file_set_contents (csv, "Ref No,Officer Name,Setting,Year\n"
                            "R-1,Ana Silva,Oakwood Primary,Year 5\n"
                            "R-2,Ben Ode,Hill Top Academy,Year 8\n", -1, NULL);

  /* Without a mapping it is not a caseload at all */
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "caseload", "import",
                            csv, NULL);
  g_assert_cmpint (run->status, ==, 3);
  assay_test_assert_contains (run->err, "no case reference column");
  g_clear_pointer (&run, assay_test_run_free);

  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "--json", "caseload",
                            "import", csv, "--map", "Ref No=case_ref", "--map",
                            "officer name=caseworker", "--map=Year=nc_year", "--map",
                            "Setting=ignore", NULL);
  g_assert_cmpint (run->status, ==, 0);
  root = assay_test_parse_json (run->out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "added"), ==, 2);
  entry = find_mapping (json_object_get_array_member (json_node_get_object (root), "mapping"),
                        "Officer Name");
  g_assert_cmpstr (json_object_get_string_member (entry, "field"), ==, "caseworker");
  g_assert_true (json_object_get_boolean_member (entry, "by_map"));
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (json_node_get_object (root), "unknown"), 0),
                   ==, "Setting");
  g_clear_pointer (&run, assay_test_run_free);

  before = list_json (f);
  assay_test_assert_contains (before, "\"caseworker\" : \"Ben Ode\"");
  assay_test_assert_contains (before, "\"nc_year\" : \"8\"");
  assay_test_assert_contains (before, "\"key_stage\" : \"KS3\"");
  g_assert_null (strstr (before, "Oakwood"));

  /* An unknown field is a usage error naming it, before any passphrase */
  run = assay_test_run_cli (NULL, NULL, "--db", f->path, "caseload", "import", csv, "--map",
                            "Ref No=colour", NULL);
  g_assert_cmpint (run->status, ==, 1);
  assay_test_assert_contains (run->err, "“colour” is not a caseload field");
  assay_test_assert_contains (run->err, "last_review");
  g_clear_pointer (&run, assay_test_run_free);

  run = assay_test_run_cli (NULL, NULL, "--db", f->path, "caseload", "import", csv, "--map",
                            "Ref No", NULL);
  g_assert_cmpint (run->status, ==, 1);
  assay_test_assert_contains (run->err, "Header=field");
  g_clear_pointer (&run, assay_test_run_free);

  run = assay_test_run_cli (NULL, NULL, "--db", f->path, "caseload", "import", utf8, "--map",
                            "UPN=case_ref", NULL);
  g_assert_cmpint (run->status, ==, 1);
  assay_test_assert_contains (run->err, "identifies a child");
  g_clear_pointer (&run, assay_test_run_free);

  /* A header the file does not have: a usage error naming it and the
   * file's headers, and nothing imported */
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "caseload", "import",
                            utf8, "--map", "Locality Name=team", NULL);
  g_assert_cmpint (run->status, ==, 1);
  assay_test_assert_contains (run->err, "no column is headed “Locality Name”");
  assay_test_assert_contains (run->err, "case_ref, plan_type");
  g_assert_cmpstr (run->out, ==, "");

  after = list_json (f);
  g_assert_cmpstr (after, ==, before);
}

static void
test_cli_caseload_names (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AssayTestRun) text = run_import (f, "names.csv", FALSE);
  g_autoptr(AssayTestRun) extra = run_import (f, "extra-columns.csv", TRUE);
  g_autoptr(AssayTestRun) list = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *ignored;

  g_assert_cmpint (text->status, ==, 0);
  assay_test_assert_contains (text->out, "Child Name, Forename, Surname");
  assay_test_assert_contains (text->out, "never stored");

  g_assert_cmpint (extra->status, ==, 0);
  root = assay_test_parse_json (extra->out);
  ignored = json_object_get_array_member (json_node_get_object (root), "ignored_columns");
  g_assert_cmpuint (json_array_get_length (ignored), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (ignored, 0), ==, "School");
  g_assert_cmpstr (json_array_get_string_element (ignored, 1), ==, "Notes");

  list = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "caseload", "list",
                             NULL);
  g_assert_cmpint (list->status, ==, 0);
  assay_test_assert_contains (list->out, "EHC-3001");
  g_assert_null (strstr (list->out, "Amelia"));
  g_assert_null (strstr (list->out, "Hartley"));
}

static void
assert_rejected (Fixture    *f,
                 const char *path,
                 const char *reason)
{
  g_autoptr(AssayTestRun) run =
    assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "caseload", "import", path,
                        NULL);
  g_autofree char *expected = g_strdup_printf ("%s: %s", path, reason);

  g_assert_cmpint (run->status, ==, 3);
  assay_test_assert_contains (run->err, expected);
  g_assert_cmpstr (run->out, ==, "");
}

static void
test_cli_caseload_rejected (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *not_caseload = assay_test_caseload_fixture ("not-a-caseload.csv");
  g_autofree char *xlsx = assay_test_caseload_fixture ("spreadsheet.xlsx");
  g_autofree char *missing = g_build_filename (f->dir, "missing.csv", NULL);
  g_autofree char *unterminated = g_build_filename (f->dir, "unterminated.csv", NULL);
  g_autoptr(AssayTestRun) list = NULL;

  g_file_set_contents (unterminated, "case_ref,team\nA1,North\nA2,\"South\nA3,City\n", -1,
                       NULL);

  assert_rejected (f, not_caseload, "line 1: not a caseload: no case reference column");
  assert_rejected (f, xlsx, "is a spreadsheet");
  assert_rejected (f, missing, "No such file");
  assert_rejected (f, unterminated, "line 3: a quoted field is never closed");

  /* Refused at once, whatever they hold: nothing is read that could block
   * or never end, and memory stays bounded. */
  {
    g_autofree char *fifo = g_build_filename (f->dir, "fifo.csv", NULL);
    g_autofree char *huge = assay_test_make_huge_file (f->dir, "huge.csv");
    gint64 start = g_get_monotonic_time ();

    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    assert_rejected (f, fifo, "is a device or a pipe");
    assert_rejected (f, "/dev/zero", "is a device or a pipe");
    assert_rejected (f, f->dir, "is a folder");
    assert_rejected (f, huge, "is larger than 64 MiB");
    g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  }

  /* Nothing was stored. */
  list = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "caseload", "list",
                             "--json", NULL);
  g_assert_cmpint (list->status, ==, 0);
  g_assert_cmpstr (g_strstrip (list->out), ==, "[]");
}

static void
test_cli_caseload_usage (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *utf8 = assay_test_caseload_fixture ("utf8.csv");
  g_autoptr(AssayTestRun) bare = NULL;
  g_autoptr(AssayTestRun) no_file = NULL;
  g_autoptr(AssayTestRun) unknown = NULL;
  g_autoptr(AssayTestRun) wrong = NULL;
  g_autoptr(AssayTestRun) help = NULL;

  bare = assay_test_run_cli (NULL, NULL, "--db", f->path, "caseload", NULL);
  g_assert_cmpint (bare->status, ==, 1);
  no_file = assay_test_run_cli (NULL, NULL, "--db", f->path, "caseload", "import", NULL);
  g_assert_cmpint (no_file->status, ==, 1);
  unknown = assay_test_run_cli (NULL, NULL, "--db", f->path, "caseload", "export", NULL);
  g_assert_cmpint (unknown->status, ==, 1);
  wrong = assay_test_run_cli ("not the passphrase", NULL, "--db", f->path, "caseload", "import",
                              utf8, NULL);
  g_assert_cmpint (wrong->status, ==, 2);
  help = assay_test_run_cli (NULL, NULL, "--help", NULL);
  assay_test_assert_contains (help->out, "caseload");
  assay_test_assert_contains (help->out, "sample");
}

static JsonObject *
run_sample (Fixture    *f,
            JsonNode  **root,
            const char *first_arg,
            ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(AssayTestRun) run = NULL;
  const char *arg;
  va_list ap;

  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  while (args->len < 8)
    g_ptr_array_add (args, NULL);

  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "--json", "sample",
                            args->pdata[0], args->pdata[1], args->pdata[2], args->pdata[3],
                            args->pdata[4], args->pdata[5], args->pdata[6], args->pdata[7],
                            NULL);
  g_assert_cmpint (run->status, ==, 0);
  *root = assay_test_parse_json (run->out);

  return json_node_get_object (*root);
}

static void
assert_same_cases (JsonObject *a,
                   JsonObject *b)
{
  JsonArray *cases_a = json_object_get_array_member (a, "cases");
  JsonArray *cases_b = json_object_get_array_member (b, "cases");

  g_assert_cmpuint (json_array_get_length (cases_a), ==, json_array_get_length (cases_b));
  for (guint i = 0; i < json_array_get_length (cases_a); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (cases_a, i),
                                                    "case"), ==,
                     json_object_get_string_member (json_array_get_object_element (cases_b, i),
                                                    "case"));
}

static void
test_cli_sample (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(AssayTestRun) import = run_import (f, "utf8.csv", FALSE);
  g_autoptr(AssayTestRun) text = NULL;
  g_autoptr(AssayTestRun) list = NULL;
  g_autoptr(AssayTestRun) bad = NULL;
  g_autoptr(JsonNode) root_a = NULL;
  g_autoptr(JsonNode) root_b = NULL;
  g_autoptr(JsonNode) root_c = NULL;
  g_autoptr(JsonNode) root_show = NULL;
  g_autoptr(JsonNode) root_list = NULL;
  g_autofree char *prefix = NULL;
  JsonObject *a, *b, *c, *shown, *first;
  JsonArray *cases;

  g_assert_cmpint (import->status, ==, 0);

  a = run_sample (f, &root_a, "--size", "4", "--seed", "2026", "--by", "team", NULL);
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (a, "id")));
  g_assert_cmpint (json_object_get_int_member (a, "seed"), ==, 2026);
  g_assert_cmpint (json_object_get_int_member (a, "size"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (a, "rule"), ==,
                   "4 of 8 plans, stratified by team (4 strata, at least 1 each), seed 2026");
  g_assert_true (json_object_has_member (a, "created"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (a, "strata")), ==, 4);
  cases = json_object_get_array_member (a, "cases");
  g_assert_cmpuint (json_array_get_length (cases), ==, 4);
  first = json_array_get_object_element (cases, 0);
  g_assert_nonnull (json_object_get_string_member (first, "case"));
  g_assert_nonnull (json_object_get_string_member (first, "team"));
  g_assert_nonnull (json_object_get_string_member (first, "phase"));

  /* The same draw again, as another run of the command: the same plans. */
  b = run_sample (f, &root_b, "--seed", "2026", "--by", "team", "--size", "4", NULL);
  g_assert_cmpstr (json_object_get_string_member (a, "id"), !=,
                   json_object_get_string_member (b, "id"));
  assert_same_cases (a, b);

  /* The default size, and a targeted sample: every child in care first. */
  c = run_sample (f, &root_c, "--seed", "1", "--all-where", "child_in_care=yes", NULL);
  g_assert_cmpint (json_object_get_int_member (c, "size"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (c, "rule"), ==,
                   "10% or at least 4 of 8 plans, including every plan where child_in_care is "
                   "yes (3), the other 1 at random, seed 1");

  /* Saved: listed, and shown again by the start of its id. */
  list = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "--json", "sample",
                             "--list", NULL);
  g_assert_cmpint (list->status, ==, 0);
  root_list = assay_test_parse_json (list->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root_list)), ==, 3);

  prefix = g_strndup (json_object_get_string_member (a, "id"), 8);
  shown = run_sample (f, &root_show, "--show", prefix, NULL);
  g_assert_cmpstr (json_object_get_string_member (shown, "id"), ==,
                   json_object_get_string_member (a, "id"));
  g_assert_cmpstr (json_object_get_string_member (shown, "rule"), ==,
                   json_object_get_string_member (a, "rule"));
  assert_same_cases (a, shown);

  text = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "sample", "--seed",
                             "2026", "--by", "team,phase", NULL);
  g_assert_cmpint (text->status, ==, 0);
  assay_test_assert_contains (text->out, "Rule: ");
  assay_test_assert_contains (text->out, "stratified by team and phase");
  assay_test_assert_contains (text->out, "Strata:");

  bad = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "sample", "--by",
                            "colour", NULL);
  g_assert_cmpint (bad->status, ==, 1);
  assay_test_assert_contains (bad->err, "colour");
  g_clear_pointer (&bad, assay_test_run_free);

  bad = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "sample", "--seed",
                            "-4", NULL);
  g_assert_cmpint (bad->status, ==, 1);
  g_clear_pointer (&bad, assay_test_run_free);

  bad = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "sample", "--where",
                            "phase=KS6", NULL);
  g_assert_cmpint (bad->status, ==, 1);
  assay_test_assert_contains (bad->err, "KS6");
  g_clear_pointer (&bad, assay_test_run_free);

  bad = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "sample", "--show",
                            "nonsense", NULL);
  g_assert_cmpint (bad->status, ==, 1);
}

static void
test_cli_sample_empty (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AssayTestRun) run = NULL;

  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "sample", "--seed", "1",
                            NULL);
  g_assert_cmpint (run->status, ==, 1);
  assay_test_assert_contains (run->err, "caseload import");
}

int
main (int    argc,
      char **argv)
{
  assay_test_cli_init (&argc, &argv);

  ASSAY_TEST_ADD ("/cli-caseload/import", test_cli_caseload_import);
  ASSAY_TEST_ADD ("/cli-caseload/bad-rows", test_cli_caseload_bad_rows);
  ASSAY_TEST_ADD ("/cli-caseload/names", test_cli_caseload_names);
  ASSAY_TEST_ADD ("/cli-caseload/dry-run", test_cli_caseload_dry_run);
  ASSAY_TEST_ADD ("/cli-caseload/map", test_cli_caseload_map);
  ASSAY_TEST_ADD ("/cli-caseload/rejected", test_cli_caseload_rejected);
  ASSAY_TEST_ADD ("/cli-caseload/usage", test_cli_caseload_usage);
  ASSAY_TEST_ADD ("/cli-caseload/sample", test_cli_sample);
  ASSAY_TEST_ADD ("/cli-caseload/sample-empty", test_cli_sample_empty);

  return g_test_run ();
}
