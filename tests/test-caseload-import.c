/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-caseload.h"
#include "assay-error.h"
#include "assay-test-util.h"

/*
 * The store side of a caseload import: plans stored and updated, values
 * kept, dry runs, one transaction per import, and a large file.
 */

/* A folder with a vault, its store: the shared test environment. */
typedef AssayTestEnv Fixture;

static void
test_caseload_round_trip (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(AssayCaseloadResult) first = assay_test_caseload_import_fixture (f->store, "utf8.csv");
  g_autoptr(AssayCaseloadResult) again = NULL;
  g_autoptr(AssayCaseloadResult) other_form = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *missing = NULL;

  g_assert_cmpuint (first->added, ==, 8);
  g_assert_cmpuint (first->updated, ==, 0);
  g_assert_cmpuint (first->unchanged, ==, 0);
  g_assert_cmpuint (assay_test_n_revisions (f->vault), ==, 8);

  cases = assay_caseload_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 8);
  for (guint i = 0; i < cases->len; i++)
    {
      g_autofree char *expected = g_strdup_printf ("EHC-100%u", i + 1);

      g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (cases, i), "case_ref"),
                       ==, expected);
    }

  fields = assay_test_caseload_lookup (f->store, "EHC-1005");
  g_assert_cmpstr (json_object_get_string_member (fields, "team"), ==, "Vale – Wantage");
  g_assert_cmpstr (json_object_get_string_member (fields, "issued"), ==, "2025-03-14");
  g_assert_cmpstr (json_object_get_string_member (fields, "primary_need"), ==, "SpLD");
  g_assert_true (json_object_get_boolean_member (fields, "child_in_care"));

  /* As a person might paste it. */
  g_clear_pointer (&fields, json_object_unref);
  fields = assay_test_caseload_lookup (f->store, " EHC-1005\u00a0");
  g_assert_cmpstr (json_object_get_string_member (fields, "case_ref"), ==, "EHC-1005");

  g_assert_false (assay_caseload_lookup (f->store, "EHC-9999", &missing, &error));
  g_assert_no_error (error);
  g_assert_null (missing);

  /* The same file again, and the same plans in another form: no writes. */
  again = assay_test_caseload_import_fixture (f->store, "utf8.csv");
  g_assert_cmpuint (again->added, ==, 0);
  g_assert_cmpuint (again->updated, ==, 0);
  g_assert_cmpuint (again->unchanged, ==, 8);
  other_form = assay_test_caseload_import_fixture (f->store, "reordered.csv");
  g_assert_cmpuint (other_form->unchanged, ==, 8);
  g_assert_cmpuint (assay_test_n_revisions (f->vault), ==, 8);
}

static void
test_caseload_update (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AssayCaseloadResult) first = assay_test_caseload_import_fixture (f->store, "utf8.csv");
  g_autoptr(AssayCaseloadResult) changed = NULL;
  g_autoptr(AssayCaseloadResult) partial = NULL;
  g_autoptr(AssayCaseloadResult) cleared = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *modified_path = NULL;
  g_autofree char *partial_path = NULL;
  g_autofree char *cleared_path = NULL;
  g_autofree char *utf8 = assay_test_caseload_fixture ("utf8.csv");
  GString *modified;
  char *at;

  g_assert_cmpuint (first->added, ==, 8);

  /* EHC-1003 moves on to post-19, and a new plan arrives. */
  g_file_get_contents (utf8, &original, NULL, &error);
  g_assert_no_error (error);
  modified = g_string_new (original);
  at = strstr (modified->str, "Rhys O'Neill,post-16");
  g_assert_nonnull (at);
  memcpy (at + strlen ("Rhys O'Neill,post-1"), "9", 1);
  g_string_append (modified, "EHC-1009,new,2025-01-06,2025-05-01,City,Priya Shah,primary,"
                             "mainstream,VI,no\n");
  modified_path = assay_test_write_file (f->dir, "modified.csv", modified->str);
  g_string_free (modified, TRUE);

  changed = assay_test_caseload_import (f->store, modified_path);
  g_assert_cmpuint (changed->added, ==, 1);
  g_assert_cmpuint (changed->updated, ==, 1);
  g_assert_cmpuint (changed->unchanged, ==, 7);
  g_assert_cmpuint (assay_test_n_revisions (f->vault), ==, 10);

  fields = assay_test_caseload_lookup (f->store, "EHC-1003");
  g_assert_cmpstr (json_object_get_string_member (fields, "phase"), ==, "post-19");

  /* The changed plan is the same record at revision 2. */
  records = assay_store_list (f->store, ASSAY_CASELOAD_COLLECTION, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < records->len; i++)
    {
      AssayRecord *record = g_ptr_array_index (records, i);
      const char *text = assay_record_get_text (record, NULL);

      g_assert_cmpint (record->revision, ==,
                       strstr (text, "\"EHC-1003\"") != NULL ? 2 : 1);
    }

  /* A file without a column keeps the stored values of that field. */
  partial_path = assay_test_write_file (f->dir, "partial.csv",
                                        "Case Ref,School Phase\nEHC-1001,secondary\n"
                                        "EHC-1002,secondary\n");
  partial = assay_test_caseload_import (f->store, partial_path);
  g_assert_cmpuint (partial->updated, ==, 1);
  g_assert_cmpuint (partial->unchanged, ==, 1);
  g_clear_pointer (&fields, json_object_unref);
  fields = assay_test_caseload_lookup (f->store, "EHC-1001");
  g_assert_cmpstr (json_object_get_string_member (fields, "phase"), ==, "secondary");
  g_assert_cmpstr (json_object_get_string_member (fields, "team"), ==, "North");
  g_assert_cmpstr (json_object_get_string_member (fields, "requested"), ==, "2024-09-02");

  /* An empty cell in a column that is there clears the field. */
  cleared_path = assay_test_write_file (f->dir, "cleared.csv", "case_ref,team\nEHC-1001,\n");
  cleared = assay_test_caseload_import (f->store, cleared_path);
  g_assert_cmpuint (cleared->updated, ==, 1);
  g_clear_pointer (&fields, json_object_unref);
  fields = assay_test_caseload_lookup (f->store, "EHC-1001");
  g_assert_false (json_object_has_member (fields, "team"));
  g_assert_cmpstr (json_object_get_string_member (fields, "phase"), ==, "secondary");
}

/* A re-import with a value it cannot read keeps the stored one */
static void
test_caseload_keep_unread (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(AssayCaseloadResult) first = assay_test_caseload_import_fixture (f->store, "utf8.csv");
  g_autoptr(AssayCaseloadResult) second = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *path = assay_test_write_file (f->dir, "typo.csv",
                                                 "case_ref,team,primary_need,issued,phase\n"
                                                 "EHC-1001,East,Autsim,2025-02-30,Upper\n");

  second = assay_test_caseload_import (f->store, path);
  g_assert_cmpuint (second->updated, ==, 1);
  g_assert_cmpuint (second->warnings->len, ==, 3);
  fields = assay_test_caseload_lookup (f->store, "EHC-1001");
  assay_test_assert_field (fields, "team", "East");
  assay_test_assert_field (fields, "primary_need", "ASD");
  assay_test_assert_field (fields, "issued", "2025-01-20");
  assay_test_assert_field (fields, "phase", "primary");
}

/* A dry run counts and writes nothing; the batch can be written after */
static void
test_caseload_preview (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AssayCaseloadResult) first = assay_test_caseload_import_fixture (f->store, "utf8.csv");
  g_autoptr(AssayCaseloadBatch) batch = NULL;
  g_autoptr(AssayCaseloadResult) written = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = assay_test_write_file (f->dir, "more.csv",
                                                 "Case Ref,Locality,School Phase\n"
                                                 "EHC-1001,North,Primary\n"
                                                 "EHC-1002,North,Year 9\n"
                                                 "EHC-2001,South,Year 4\n");
  const AssayCaseloadResult *preview;

  before = assay_caseload_list (f->store, &error);
  g_assert_no_error (error);

  batch = assay_caseload_read (path, &error);
  g_assert_no_error (error);
  g_assert_true (assay_caseload_preview (f->store, batch, &error));
  g_assert_no_error (error);
  preview = assay_caseload_batch_get_result (batch);
  g_assert_cmpuint (preview->added, ==, 1);
  g_assert_cmpuint (preview->updated, ==, 1);
  g_assert_cmpuint (preview->unchanged, ==, 1);
  g_assert_false (assay_store_in_transaction (f->store));

  /* Nothing written */
  assay_test_assert_caseload_same (f, before, 8);

  /* Twice gives the same, then the write does what the preview said */
  g_assert_true (assay_caseload_preview (f->store, batch, &error));
  g_assert_cmpuint (preview->added, ==, 1);
  g_assert_true (assay_caseload_write (f->store, batch, &written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written->added, ==, 1);
  g_assert_cmpuint (written->updated, ==, 1);
  g_assert_cmpuint (written->unchanged, ==, 1);
  g_assert_cmpuint (assay_test_n_revisions (f->vault), ==, 10);
}

static void
test_caseload_atomic (Fixture       *f,
                      gconstpointer  data)
{
  AssayDatabase *database = assay_vault_get_database (f->vault);
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(AssayCaseloadResult) retry = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = assay_test_caseload_fixture ("utf8.csv");

  /* The fifth write fails, as a full disk would make it. */
  g_assert_true (assay_database_exec (database,
                                      "CREATE TEMP TRIGGER fail_fifth BEFORE INSERT ON records "
                                      "WHEN (SELECT count(*) FROM records) >= 4 "
                                      "BEGIN SELECT RAISE(ABORT, 'disk full'); END",
                                      &error));
  g_assert_no_error (error);

  g_assert_false (assay_caseload_import (f->store, path, &result, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "disk full"));
  g_clear_error (&error);
  g_assert_null (result);
  g_assert_false (assay_store_in_transaction (f->store));

  /* None of the four before it were kept. */
  g_assert_cmpuint (assay_test_n_revisions (f->vault), ==, 0);
  cases = assay_caseload_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 0);

  g_assert_true (assay_database_exec (database, "DROP TRIGGER fail_fifth", &error));
  retry = assay_test_caseload_import (f->store, path);
  g_assert_cmpuint (retry->added, ==, 8);
}

static void
test_caseload_large (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const teams[] = { "North", "South", "City", "Vale" };
  static const char * const phases[] = { "primary", "secondary", "post-16", "early-years" };
  guint n = 10000;
  g_autoptr(GString) text = g_string_new ("Case Ref,Locality,School Phase,CLA\n");
  g_autoptr(AssayCaseloadResult) first = NULL;
  g_autoptr(AssayCaseloadResult) again = NULL;
  g_autofree char *path = NULL;
  gint64 start;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "EHC-%05u,%s,%s,%s\n", i, teams[i % 4], phases[(i / 4) % 4],
                            i % 9 == 0 ? "Y" : "N");
  path = assay_test_write_file (f->dir, "large.csv", text->str);

  start = g_get_monotonic_time ();
  first = assay_test_caseload_import (f->store, path);
  g_test_message ("imported %u plans in %.2f s", n,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_assert_cmpuint (first->added, ==, n);

  start = g_get_monotonic_time ();
  again = assay_test_caseload_import (f->store, path);
  g_test_message ("re-imported %u unchanged plans in %.2f s", n,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_assert_cmpuint (again->unchanged, ==, n);
  g_assert_cmpuint (assay_test_n_revisions (f->vault), ==, n);
}

int
main (int    argc,
      char **argv)
{
  const AssayTestEnvFlags env = ASSAY_TEST_ENV_DEFAULT;

  g_test_init (&argc, &argv, NULL);

  ASSAY_TEST_ADD_ENV ("/caseload/round-trip", env, test_caseload_round_trip);
  ASSAY_TEST_ADD_ENV ("/caseload/update", env, test_caseload_update);
  ASSAY_TEST_ADD_ENV ("/caseload/keep-unread", env, test_caseload_keep_unread);
  ASSAY_TEST_ADD_ENV ("/caseload/preview", env, test_caseload_preview);
  ASSAY_TEST_ADD_ENV ("/caseload/atomic", env, test_caseload_atomic);
  ASSAY_TEST_ADD_ENV ("/caseload/large", env, test_caseload_large);

  return g_test_run ();
}
