/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "assay-csv.h"
#include "assay-error.h"
#include "assay-report.h"
#include "assay-report-csv.h"
#include "assay-report-pdf.h"
#include "assay-test-util.h"

/*
 * The partnership report on a real encrypted store with several
 * moderators' finished audits (colleagues' made the way an imported bundle
 * leaves them). The CSV is read back with Assay's own CSV reader; the PDF is
 * checked as a file and, where poppler's pdftotext is installed, by its
 * text. Its pages are rendered to PNG for people to look at.
 */

/* A folder with a vault, its store and the built-in frameworks: the shared test environment. */
typedef AssayTestEnv Fixture;

static const char * const expected_header[] = {
  "audit_id", "case_ref", "framework", "framework_version", "kind", "moderator",
  "moderator_id", "agency", "finished", "quarter", "plan_quarter", "team", "plan_type", "phase",
  "setting_type", "primary_need", "child_in_care", "derived_grade", "final_grade", "overridden",
  "agreed_grade", "unit_grade", "silver_or_better", "plan_row",
};

static int
column (AssayCsv   *csv,
        const char *name)
{
  AssayCsvRecord *header = csv->records->pdata[0];

  for (guint i = 0; i < header->n_fields; i++)
    if (g_str_equal (header->fields[i], name))
      return (int) i;

  g_error ("no column “%s”", name);
}

static const char *
cell (AssayCsv       *csv,
      AssayCsvRecord *row,
      const char     *name)
{
  return row->fields[column (csv, name)];
}

/* The rows of @case_ref */
static GPtrArray *
rows_of (AssayCsv   *csv,
         const char *case_ref)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (guint i = 1; i < csv->records->len; i++)
    if (g_str_equal (cell (csv, csv->records->pdata[i], "case_ref"), case_ref))
      g_ptr_array_add (rows, csv->records->pdata[i]);

  return rows;
}

static AssayCsv *
parse_report (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  AssayCsv *csv = assay_csv_parse (data, len, &error);

  g_assert_no_error (error);
  g_assert_nonnull (csv);

  return csv;
}

static void
test_report_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AssayCsv) csv = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GError) error = NULL;
  AssayCsvRecord *header, *row;
  const char *text;
  gsize len;
  guint plan_rows = 0, good = 0;

  assay_test_make_partnership (f->store, f->frameworks, 12);
  comparison = assay_test_compare (f, NULL, NULL);
  bytes = assay_report_csv (comparison);
  text = g_bytes_get_data (bytes, &len);

  /* UTF-8 with a byte-order mark, CRLF at every line end */
  g_assert_cmpmem (text, 3, "\xef\xbb\xbf", 3);
  for (gsize i = 0; i < len; i++)
    if (text[i] == '\n')
      g_assert_cmpint (text[i - 1], ==, '\r');
  g_assert_true (g_str_has_suffix (text, "\r\n"));

  csv = parse_report (bytes);
  g_assert_true (csv->had_bom);
  g_assert_cmpint (csv->encoding, ==, ASSAY_CSV_ENCODING_UTF8);

  header = csv->records->pdata[0];
  g_assert_cmpuint (header->n_fields, ==, G_N_ELEMENTS (expected_header));
  for (guint i = 0; i < G_N_ELEMENTS (expected_header); i++)
    g_assert_cmpstr (header->fields[i], ==, expected_header[i]);

  /* One row per counted audit, each as wide as the header */
  g_assert_cmpuint (csv->records->len - 1, ==, assay_comparison_get_n_audits (comparison));
  for (guint i = 1; i < csv->records->len; i++)
    {
      AssayGrade grade;

      row = csv->records->pdata[i];
      g_assert_cmpuint (row->n_fields, ==, G_N_ELEMENTS (expected_header));
      g_assert_true (assay_grade_from_token (cell (csv, row, "final_grade"), &grade));
      g_assert_true (ASSAY_GRADE_IS_SCORED (grade));
      g_assert_cmpstr (cell (csv, row, "final_grade"), ==, assay_grade_to_token (grade));
      g_assert_true (assay_grade_from_token (cell (csv, row, "unit_grade"), &grade));
      g_assert_cmpstr (cell (csv, row, "silver_or_better"), ==,
                       grade >= ASSAY_GRADE_SILVER ? "1" : "0");
      plan_rows += g_str_equal (cell (csv, row, "plan_row"), "1");
      good += g_str_equal (cell (csv, row, "plan_row"), "1") &&
              g_str_equal (cell (csv, row, "silver_or_better"), "1");
    }

  /* Summing plan_row counts plans: the PDF's share comes out of the CSV */
  g_assert_cmpuint (plan_rows, ==, assay_comparison_get_n_plans (comparison));
  g_assert_cmpfloat_with_epsilon ((double) good / plan_rows,
                                  assay_comparison_get_silver_or_better (comparison), 1e-9);

  /* EHC-006: this vault's moderator, Ann and Bob; caseload fields joined */
  rows = rows_of (csv, "EHC-006");
  g_assert_cmpuint (rows->len, ==, 3);
  row = rows->pdata[0];
  g_assert_cmpstr (cell (csv, row, "framework"), ==, "ehcp-annual-review");
  g_assert_cmpstr (cell (csv, row, "kind"), ==, "annual-review");
  g_assert_cmpstr (cell (csv, row, "team"), ==, "South");
  g_assert_cmpstr (cell (csv, row, "plan_type"), ==, "annual-review");
  g_assert_cmpstr (cell (csv, row, "phase"), ==, "secondary");
  g_assert_cmpstr (cell (csv, row, "primary_need"), ==, "ASD");
  g_assert_cmpstr (cell (csv, row, "child_in_care"), ==, "false");
  g_assert_cmpstr (cell (csv, row, "finished"), ==, "2025-11-09");
  g_assert_cmpstr (cell (csv, row, "quarter"), ==, "2025-Q4");
  g_assert_cmpstr (cell (csv, row, "plan_quarter"), ==, "2025-Q4");
  g_assert_cmpstr (cell (csv, row, "plan_row"), ==, "1");
  g_assert_cmpstr (cell (csv, rows->pdata[1], "plan_row"), ==, "0");
  {
    g_autoptr(GHashTable) who = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < rows->len; i++)
      g_hash_table_add (who, (gpointer) cell (csv, rows->pdata[i], "moderator"));
    g_assert_true (g_hash_table_contains (who, "Test Moderator"));
    g_assert_true (g_hash_table_contains (who, "Ann Patel"));
    g_assert_true (g_hash_table_contains (who, "Bob Jones"));
  }
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* EHC-010: a child in care */
  rows = rows_of (csv, "EHC-010");
  g_assert_cmpstr (cell (csv, rows->pdata[0], "child_in_care"), ==, "true");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* EHC-002: the forum's agreed grade is the plan's grade on every row */
  rows = rows_of (csv, "EHC-002");
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_cmpstr (cell (csv, rows->pdata[i], "agreed_grade"), ==, "bronze");
      g_assert_cmpstr (cell (csv, rows->pdata[i], "unit_grade"), ==, "bronze");
      g_assert_cmpstr (cell (csv, rows->pdata[i], "silver_or_better"), ==, "0");
    }
  /* Its team is a formula in the council's export: it arrives as text */
  g_assert_cmpstr (cell (csv, rows->pdata[0], "team"), ==, "'" ASSAY_TEST_FORMULA_TEAM);
  g_assert_nonnull (g_strstr_len (text, (gssize) len,
                                  ",\"'=HYPERLINK(\"\"http://example.com\"\",\"\"North\"\")\","));
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* No agreement: empty; a case the caseload lacks: no team */
  rows = rows_of (csv, "EHC-900");
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (cell (csv, rows->pdata[0], "agreed_grade"), ==, "");
  g_assert_cmpstr (cell (csv, rows->pdata[0], "team"), ==, "");
  g_assert_cmpstr (cell (csv, rows->pdata[0], "child_in_care"), ==, "");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Drafts are not reported, and names in the caseload never were stored */
  rows = rows_of (csv, "EHC-777");
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_null (g_strstr_len (text, (gssize) len, "Never Stored"));

  /* Every finished audit's own grades, as the audit has them */
  audits = assay_audit_list (f->store, f->frameworks, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audits->len; i++)
    {
      AssayAudit *audit = audits->pdata[i];
      g_autoptr(AssayGrading) grading = assay_audit_compute (audit);
      gboolean found = FALSE;

      for (guint r = 1; r < csv->records->len; r++)
        {
          row = csv->records->pdata[r];
          if (!g_str_equal (cell (csv, row, "audit_id"), assay_audit_get_id (audit)))
            continue;

          found = TRUE;
          g_assert_cmpstr (cell (csv, row, "final_grade"), ==,
                           assay_grade_to_token (assay_audit_get_final (audit, NULL)));
          g_assert_cmpstr (cell (csv, row, "derived_grade"), ==,
                           assay_grade_to_token (grading->derived));
          g_assert_cmpstr (cell (csv, row, "overridden"), ==,
                           grading->derived != assay_audit_get_final (audit, NULL) ?
                           "true" : "false");
          g_assert_cmpstr (cell (csv, row, "moderator_id"), ==,
                           assay_audit_get_moderator_id (audit));
          g_assert_cmpstr (cell (csv, row, "agency"), ==, assay_audit_get_agency (audit));
          g_assert_cmpstr (cell (csv, row, "framework_version"), ==,
                           assay_framework_get_version (assay_audit_get_framework (audit)));
        }

      g_assert_true (found == (assay_audit_get_status (audit) != ASSAY_AUDIT_STATUS_DRAFT));
    }
}

static void
test_report_csv_filter (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AssayComparison) health = NULL;
  g_autoptr(AssayComparison) later = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AssayCsv) csv = NULL;

  assay_test_make_partnership (f->store, f->frameworks, 8);

  /* The filters of compare: only Health's audits … */
  health = assay_test_compare (f, NULL, "health");
  bytes = assay_report_csv (health);
  csv = parse_report (bytes);
  g_assert_cmpuint (csv->records->len - 1, ==, 4);
  for (guint i = 1; i < csv->records->len; i++)
    {
      g_assert_cmpstr (cell (csv, csv->records->pdata[i], "agency"), ==, "Health");
      g_assert_cmpstr (cell (csv, csv->records->pdata[i], "moderator"), ==, "Ann Patel");
    }
  g_clear_pointer (&csv, assay_csv_free);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* … or only those finished in one quarter */
  later = assay_test_compare (f, "Q1 2026", NULL);
  bytes = assay_report_csv (later);
  csv = parse_report (bytes);
  g_assert_cmpuint (csv->records->len - 1, ==, assay_comparison_get_n_audits (later));
  g_assert_cmpuint (csv->records->len - 1, >, 0);
  for (guint i = 1; i < csv->records->len; i++)
    g_assert_cmpstr (cell (csv, csv->records->pdata[i], "quarter"), ==, "2026-Q1");
}

static void
test_report_csv_escaping (void)
{
  g_autofree char *dir = assay_test_mkdtemp ();
  g_autoptr(AssayVault) vault = assay_test_vault_new (dir, NULL);
  g_autoptr(AssayStore) store = assay_store_new (vault);
  g_autoptr(AssayFrameworks) frameworks = assay_frameworks_new ();
  g_autoptr(AssayFramework) plan = NULL;
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AssayCsv) csv = NULL;
  g_autoptr(GError) error = NULL;
  static const AssayTestModerator odd = {
    "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
    "@admin, \"the\" chair\nsecond line", "-Health+"
  };
  g_autofree char *id = NULL;
  AssayCsvRecord *row;

  g_assert_true (assay_frameworks_load_builtin (frameworks, &error));
  plan = assay_frameworks_lookup (frameworks, "ehcp-new", NULL, &error);
  g_assert_no_error (error);
  id = assay_test_audit_finished (store, plan, "+44 1865", ASSAY_GRADE_SILVER,
                                  "2026-02-02T10:00:00Z", &odd, NULL);

  comparison = assay_comparison_new (store, frameworks, NULL, &error);
  g_assert_no_error (error);
  bytes = assay_report_csv (comparison);
  csv = parse_report (bytes);
  g_assert_cmpuint (csv->records->len, ==, 2);
  row = csv->records->pdata[1];

  /* Commas, quotes and line breaks survive; a leading = + - @ is text */
  g_assert_cmpstr (cell (csv, row, "moderator"), ==, "'@admin, \"the\" chair\nsecond line");
  g_assert_cmpstr (cell (csv, row, "agency"), ==, "'-Health+");
  g_assert_cmpstr (cell (csv, row, "case_ref"), ==, "'+44 1865");
  g_assert_cmpstr (cell (csv, row, "audit_id"), ==, id);

  assay_test_rmdir (dir);
}

/* Where @needle is in @data, which may hold NUL bytes */
static const char *
find_bytes (const char *data,
            gsize       len,
            const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n <= len && i <= len - n; i++)
    if (memcmp (data + i, needle, n) == 0)
      return data + i;

  return NULL;
}

static guint
count_pages (const char *pdf,
             gsize       len)
{
  guint n = 0;
  const char *p = pdf;
  const char *end = pdf + len;

  /* Page objects, not the /Pages tree; the file has binary streams, so
   * not a string search */
  while ((p = find_bytes (p, (gsize) (end - p), "/Type /Page")) != NULL)
    {
      p += strlen ("/Type /Page");
      if (p < end && *p != 's')
        n++;
    }

  return n;
}

static char *
pdf_text (const char *path)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { pdftotext, "-layout", path, "-", NULL };
  int status;

  if (pdftotext == NULL)
    return NULL;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return g_steal_pointer (&out);
}

/* Page images for people to look at, when poppler's tools are there */
static void
render_pages (const char *path,
              const char *name)
{
  const char *dir = g_getenv ("ASSAY_SCREENSHOT_DIR");
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  g_autofree char *prefix = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (dir == NULL || pdftoppm == NULL)
    return;

  g_mkdir_with_parents (dir, 0755);
  prefix = g_build_filename (dir, name, NULL);
  {
    const char *argv[] = { pdftoppm, "-png", "-r", "90", path, prefix, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status,
                  &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
test_report_pdf (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 3, 14, 10, 32, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "forum.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  AssayReportInfo info = { "Ruth Mensah", "SEND casework", when };
  gsize len;

  assay_test_make_partnership (f->store, f->frameworks, 40);
  /* An audit on a framework version this installation lacks: counted
   * nowhere, and the report says so */
  {
    g_autoptr(AssayFramework) plan = assay_frameworks_lookup (f->frameworks, "ehcp-new", NULL,
                                                              &error);
    g_autofree char *id = assay_test_audit_finished (f->store, plan, "EHC-950",
                                                     ASSAY_GRADE_GOLD, NULL, NULL, NULL);

    g_assert_no_error (error);
    assay_test_record_set_strings (f->store, "audits", id, "framework_version", "99.0", NULL);
  }
  comparison = assay_test_compare (f, NULL, NULL);

  g_assert_true (assay_report_write (comparison, ASSAY_REPORT_FORMAT_PDF, &info, path, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_nonnull (find_bytes (contents + len - MIN (len, 32), MIN (len, 32), "%%EOF"));
  /* Forty plans' tables do not fit on a page */
  g_assert_cmpuint (count_pages (contents, len), >, 2);

  render_pages (path, "report-forum");

  text = pdf_text (path);
  if (text == NULL)
    {
      g_test_message ("pdftotext (poppler-utils) is not installed: the text is not checked");
      return;
    }

  g_assert_nonnull (strstr (text, "Partnership report"));
  g_assert_nonnull (strstr (text, "Silver or better"));
  g_assert_nonnull (strstr (text, "Ruth Mensah (SEND casework)"));
  g_assert_nonnull (strstr (text, "Krippendorff"));
  g_assert_nonnull (strstr (text, "2025-Q4"));
  g_assert_nonnull (strstr (text, "2026-Q1"));
  g_assert_nonnull (strstr (text, "Ann Patel"));
  g_assert_nonnull (strstr (text, "Contains personal data"));
  g_assert_nonnull (strstr (text, "Page 1 of"));
  /* A plan awaiting the forum, by its case reference */
  g_assert_nonnull (strstr (text, "EHC-004"));
  /* The criterion failing most, by its question */
  g_assert_nonnull (strstr (text, "Open actions from setting visits"));
  g_assert_nonnull (strstr (text, "Overdue"));
  g_assert_nonnull (strstr (text, "Send the speech and language log"));
  /* A draft is no part of it */
  g_assert_null (strstr (text, "EHC-777"));
  g_assert_nonnull (strstr (text, "cannot be read here"));
  g_assert_null (strstr (text, "EHC-950"));
}

static void
test_report_pdf_empty (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AssayComparison) comparison = assay_test_compare (f, NULL, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "empty.pdf", NULL);
  g_autofree char *text = NULL;
  const char *data_ptr;
  gsize len;

  /* Nothing to report is still a report: the forum sees that it is empty */
  bytes = assay_report_pdf (comparison, NULL, &error);
  g_assert_no_error (error);
  data_ptr = g_bytes_get_data (bytes, &len);
  g_assert_true (g_str_has_prefix (data_ptr, "%PDF-"));
  g_assert_true (g_file_set_contents (path, data_ptr, (gssize) len, &error));
  render_pages (path, "report-empty");
  g_assert_cmpuint (count_pages (data_ptr, len), ==, 1);
  text = pdf_text (path);
  if (text != NULL)
    g_assert_nonnull (strstr (text, "No finished audits in this selection"));
}

static void
test_report_pdf_filtered (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "q1.pdf", NULL);
  g_autofree char *text = NULL;

  assay_test_make_partnership (f->store, f->frameworks, 8);
  comparison = assay_test_compare (f, "2026-Q1", "Health");
  g_assert_true (assay_report_write (comparison, ASSAY_REPORT_FORMAT_PDF, NULL, path, &error));
  g_assert_no_error (error);

  render_pages (path, "report-filtered");
  text = pdf_text (path);
  if (text == NULL)
    return;

  /* The filter is in the title; only Health's audits of that quarter count */
  g_assert_nonnull (strstr (text, "2026-Q1 · Health"));
  g_assert_null (strstr (text, "2025-Q4"));
  g_assert_null (strstr (text, "Bob Jones"));
}

static void
test_report_write (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "dashboard.csv", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "out.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  GStatBuf st;
  gsize len;

  assay_test_make_partnership (f->store, f->frameworks, 4);
  comparison = assay_test_compare (f, NULL, NULL);
  expected = assay_report_csv (comparison);

  /* Over a file anyone could read: the report that replaces it is the
   * owner's alone */
  g_assert_true (g_file_set_contents (path, "old", -1, &error));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_true (assay_report_write (comparison, ASSAY_REPORT_FORMAT_CSV, NULL, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));

  /* A folder that is not there: the error names the file, nothing is left */
  g_assert_false (assay_report_write (comparison, ASSAY_REPORT_FORMAT_CSV, NULL, missing,
                                      &error));
  g_assert_error (error, ASSAY_REPORT_ERROR, ASSAY_REPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_cmpint (assay_error_get_exit_code (error), ==, ASSAY_EXIT_IO);
  g_clear_error (&error);

  /* No temporary file is left beside the report */
  dir = g_dir_open (f->dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_prefix (name, "dashboard.csv."));
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Written;

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Written *written = user_data;

  written->ok = assay_report_write_finish (result, &written->error);
  written->done = TRUE;
}

static void
test_report_write_async (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AssayComparison) comparison = NULL;
  g_autofree char *path = g_build_filename (f->dir, "forum.pdf", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "nowhere", "forum.pdf", NULL);
  AssayReportInfo info = { "Ruth Mensah", NULL, NULL };
  Written written = { FALSE, FALSE, NULL };

  assay_test_make_partnership (f->store, f->frameworks, 4);
  comparison = assay_test_compare (f, NULL, NULL);

  assay_report_write_async (comparison, ASSAY_REPORT_FORMAT_PDF, &info, path, NULL,
                            on_written, &written);
  while (!written.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (written.error);
  g_assert_true (written.ok);
  g_assert_true (assay_test_file_contains (path, "%PDF-", 5));

  written.done = FALSE;
  assay_report_write_async (comparison, ASSAY_REPORT_FORMAT_PDF, &info, bad, NULL,
                            on_written, &written);
  while (!written.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (written.ok);
  g_assert_error (written.error, ASSAY_REPORT_ERROR, ASSAY_REPORT_ERROR_WRITE);
  g_clear_error (&written.error);
}

static void
test_report_format (void)
{
  g_autoptr(GError) error = NULL;
  AssayReportFormat format;

  g_assert_true (assay_report_format_from_path ("/tmp/Forum Q3.PDF", &format, &error));
  g_assert_cmpint (format, ==, ASSAY_REPORT_FORMAT_PDF);
  g_assert_true (assay_report_format_from_path ("dashboard.csv", &format, &error));
  g_assert_cmpint (format, ==, ASSAY_REPORT_FORMAT_CSV);
  g_assert_false (assay_report_format_from_path ("report.xlsx", &format, &error));
  g_assert_error (error, ASSAY_REPORT_ERROR, ASSAY_REPORT_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "report.xlsx"));
  g_assert_cmpint (assay_error_get_exit_code (error), ==, ASSAY_EXIT_USAGE);
}

int
main (int   argc,
      char *argv[])
{
  const AssayTestEnvFlags env = ASSAY_TEST_ENV_BUILTIN;

  g_test_init (&argc, &argv, NULL);

  ASSAY_TEST_ADD_ENV ("/report/csv", env, test_report_csv);
  ASSAY_TEST_ADD_ENV ("/report/csv-filter", env, test_report_csv_filter);
  g_test_add_func ("/report/csv-escaping", test_report_csv_escaping);
  ASSAY_TEST_ADD_ENV ("/report/pdf", env, test_report_pdf);
  ASSAY_TEST_ADD_ENV ("/report/pdf-empty", env, test_report_pdf_empty);
  ASSAY_TEST_ADD_ENV ("/report/pdf-filtered", env, test_report_pdf_filtered);
  ASSAY_TEST_ADD_ENV ("/report/write", env, test_report_write);
  ASSAY_TEST_ADD_ENV ("/report/write-async", env, test_report_write_async);
  g_test_add_func ("/report/format", test_report_format);

  return g_test_run ();
}
