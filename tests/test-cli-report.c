/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "assay-cli-test-util.h"
#include "assay-csv.h"
#include "assay-test-util.h"

/*
 * `report` through the real binary. The vault is made with `init`; the
 * partnership's audits are written into it with core (colleagues' ones the
 * way an imported bundle leaves them).
 */

/* A folder with a vault made by `assay-cli init`: the shared test environment. */
typedef AssayTestEnv Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayFrameworks) frameworks = assay_frameworks_new ();

  assay_test_cli_env_set_up (f, "Ruth Mensah", "SEND casework");
  store = assay_test_cli_open_store (f->path);
  g_assert_true (assay_frameworks_load_builtin (frameworks, &error));
  assay_test_make_partnership (store, frameworks, 8);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  assay_test_env_tear_down (f);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);

  return st.st_mode & 0777;
}

static AssayCsv *
load_csv (const char *path)
{
  g_autoptr(GError) error = NULL;
  AssayCsv *csv = assay_csv_load (path, &error);

  g_assert_no_error (error);

  return csv;
}

static JsonObject *
compare_json (Fixture    *f,
              const char *option,
              const char *value)
{
  g_autoptr(AssayTestRun) run = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "--json", "compare",
                            option, value, NULL);  /* NULL option: no filter */
  g_assert_cmpint (run->status, ==, 0);
  json_parser_load_from_data (parser, run->out, -1, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_cli_report_both (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AssayTestRun) run = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "forum.pdf", NULL);
  g_autofree char *csv_path = g_build_filename (f->dir, "dashboard.csv", NULL);
  g_autoptr(AssayCsv) csv = NULL;
  g_autoptr(JsonObject) figures = NULL;
  AssayCsvRecord *header;

  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "report",
                            "--pdf", pdf, "--csv", csv_path, NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "forum.pdf"));
  g_assert_nonnull (strstr (run->out, "dashboard.csv"));
  /* The one-line reminder that the vault's protection ends here */
  g_assert_nonnull (strstr (run->err, "not encrypted"));

  /* Personal data: readable by its owner only */
  g_assert_cmpuint (file_mode (pdf), ==, 0600);
  g_assert_cmpuint (file_mode (csv_path), ==, 0600);
  g_assert_true (assay_test_file_contains (pdf, "%PDF-", 5));

  /* As many rows as `compare` counts audits */
  figures = compare_json (f, NULL, NULL);
  csv = load_csv (csv_path);
  header = csv->records->pdata[0];
  g_assert_cmpstr (header->fields[0], ==, "audit_id");
  g_assert_cmpstr (header->fields[1], ==, "case_ref");
  g_assert_cmpint (csv->records->len - 1, ==, json_object_get_int_member (figures, "audits"));
}

static void
test_cli_report_filtered (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(AssayTestRun) run = NULL;
  g_autofree char *csv_path = g_build_filename (f->dir, "health.csv", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "forum.pdf", NULL);
  g_autoptr(AssayCsv) csv = NULL;
  g_autoptr(JsonObject) figures = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *out;
  int agency, quarter;

  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "--json", "report",
                            "--csv", csv_path, "--quarter", "q4 2025", "--agency", "health",
                            NULL);
  g_assert_cmpint (run->status, ==, 0);

  /* --json says what was written, and nothing else goes to stdout */
  json_parser_load_from_data (parser, run->out, -1, &error);
  g_assert_no_error (error);
  out = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (out, "csv"), ==, csv_path);
  g_assert_true (json_object_get_null_member (out, "pdf"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  csv = load_csv (csv_path);
  g_assert_cmpint (csv->records->len - 1, ==, json_object_get_int_member (out, "audits"));
  g_assert_cmpuint (csv->records->len - 1, >, 0);

  agency = -1;
  quarter = -1;
  for (guint i = 0; i < ((AssayCsvRecord *) csv->records->pdata[0])->n_fields; i++)
    {
      const char *name = ((AssayCsvRecord *) csv->records->pdata[0])->fields[i];

      if (g_str_equal (name, "agency"))
        agency = (int) i;
      else if (g_str_equal (name, "quarter"))
        quarter = (int) i;
    }
  g_assert_cmpint (agency, >=, 0);
  g_assert_cmpint (quarter, >=, 0);
  for (guint i = 1; i < csv->records->len; i++)
    {
      AssayCsvRecord *row = csv->records->pdata[i];

      g_assert_cmpstr (row->fields[agency], ==, "Health");
      g_assert_cmpstr (row->fields[quarter], ==, "2025-Q4");
    }

  figures = compare_json (f, "--quarter", "2025-Q4");
  g_assert_cmpint (json_object_get_int_member (figures, "audits"), >, csv->records->len - 1);
}

/* Writing the report to @path fails with 5, naming @path */
static void
assert_unwritable (Fixture    *f,
                   const char *option,
                   const char *path)
{
  g_autoptr(AssayTestRun) run = NULL;

  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "report", option, path,
                            NULL);
  g_test_message ("%s", run->err);
  g_assert_cmpint (run->status, ==, 5);
  assay_test_assert_contains (run->err, path);
}

static void
test_cli_report_errors (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AssayTestRun) run = NULL;
  g_autofree char *csv_path = g_build_filename (f->dir, "out.csv", NULL);
  g_autofree char *nowhere = g_build_filename (f->dir, "no-such-folder", "out.pdf", NULL);

  /* Neither --pdf nor --csv */
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "report", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "--pdf"));
  g_clear_pointer (&run, assay_test_run_free);

  /* A stray argument, a bad quarter, an unknown agency: nothing written */
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "report", "--csv",
                            csv_path, "extra", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "report", "--csv",
                            csv_path, "--quarter", "2026-Q5", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "2026-Q5"));
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "report", "--csv",
                            csv_path, "--agency", "Police", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "Police"));
  g_assert_false (g_file_test (csv_path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&run, assay_test_run_free);

  /* A path that cannot be written: 5 (I/O), naming it */
  assert_unwritable (f, "--pdf", nowhere);
  assert_unwritable (f, "--csv", f->dir);
  {
    /* A device or a pipe is not replaced by the report. Root may write in
     * /dev, so for root a pipe stands in for /dev/full: were the check
     * gone, the device itself would be replaced. */
    g_autofree char *fifo = g_build_filename (f->dir, "pipe.csv", NULL);

    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    assert_unwritable (f, "--csv", fifo);
  }
  if (geteuid () != 0)
    {
      g_autofree char *locked = g_build_filename (f->dir, "read-only", NULL);
      g_autofree char *inside = g_build_filename (locked, "out.csv", NULL);

      assert_unwritable (f, "--csv", "/dev/full");
      g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
      assert_unwritable (f, "--csv", inside);
      g_assert_false (g_file_test (inside, G_FILE_TEST_EXISTS));
    }
  else
    g_test_message ("as root: /dev/full and a read-only folder not tried");

  /* The wrong passphrase: 2, and no report */
  run = assay_test_run_cli ("not the passphrase", NULL, "--db", f->path, "report", "--csv",
                            csv_path, NULL);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_false (g_file_test (csv_path, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  assay_test_cli_init (&argc, &argv);

  ASSAY_TEST_ADD ("/cli/report/both", test_cli_report_both);
  ASSAY_TEST_ADD ("/cli/report/filtered", test_cli_report_filtered);
  ASSAY_TEST_ADD ("/cli/report/errors", test_cli_report_errors);

  return g_test_run ();
}
