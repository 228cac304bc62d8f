/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-error.h"
#include "assay-grades-file.h"
#include "assay-test-util.h"

/*
 * The file `audit grade ID --from FILE` reads, and setting its grades on an
 * audit in the real store: its two forms, every way it can be wrong, and
 * all or none.
 */

typedef AssayTestEnv Fixture;

static AssayGradesFile *
read_ok (Fixture    *f,
         const char *name,
         const char *contents,
         guint       n_expected)
{
  g_autofree char *path = assay_test_write_file (f->dir, name, contents);
  g_autoptr(GError) error = NULL;
  AssayGradesFile *file;
  guint n = 0;

  file = assay_grades_file_read (path, &error);
  g_assert_no_error (error);
  assay_grades_file_get_entries (file, &n);
  g_assert_cmpuint (n, ==, n_expected);

  return file;
}

static void
assert_refused (Fixture    *f,
                const char *name,
                const char *contents,
                int         code,
                const char *message)
{
  g_autofree char *path = assay_test_write_file (f->dir, name, contents);
  g_autoptr(AssayGradesFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = assay_grades_file_read (path, &error);
  g_assert_null (file);
  g_assert_error (error, ASSAY_GRADES_FILE_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  if (strstr (error->message, message) == NULL)
    g_error ("“%s” is not in “%s”", message, error->message);
  g_assert_cmpint (assay_error_get_exit_code (error), ==, ASSAY_EXIT_REJECTED);
}

static void
test_grades_file_forms (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AssayGradesFile) csv = NULL;
  g_autoptr(AssayGradesFile) array = NULL;
  g_autoptr(AssayGradesFile) shown = NULL;
  const AssayGradeEntry *entries;

  /* Header in any case and order, a byte-order mark, CRLF, quoted commas */
  csv = read_ok (f, "grades.csv",
                 "\xef\xbb\xbf" "Evidence,CRITERION, Grade \r\n"
                 "\"Clear, measurable\",a1,gold\r\n"
                 ",a2, not-yet-bronze \r\n", 2);
  entries = assay_grades_file_get_entries (csv, NULL);
  g_assert_cmpstr (entries[0].criterion, ==, "a1");
  g_assert_cmpint (entries[0].grade, ==, ASSAY_GRADE_GOLD);
  g_assert_cmpstr (entries[0].evidence, ==, "Clear, measurable");
  g_assert_cmpint (entries[1].grade, ==, ASSAY_GRADE_NOT_YET_BRONZE);
  /* An empty cell leaves the evidence as it is */
  g_assert_null (entries[1].evidence);

  array = read_ok (f, "grades.json",
                   "  [{\"criterion\": \"b1\", \"grade\": \"silver\", \"evidence\": null},"
                   "   {\"criterion\": \"b2\", \"grade\": \"bronze\", \"evidence\": \"x\"}]", 2);
  entries = assay_grades_file_get_entries (array, NULL);
  g_assert_cmpstr (entries[1].criterion, ==, "b2");
  g_assert_cmpstr (entries[1].evidence, ==, "x");

  /* `audit show --json`: its "grades" member, the rest ignored */
  shown = read_ok (f, "shown.json",
                   "{\"id\": \"x\", \"sections\": [{\"id\": \"A\", \"grade\": \"gold\"}],"
                   " \"grades\": [{\"criterion\": \"c1\", \"grade\": \"n/a\"}]}", 1);
  g_assert_cmpint (assay_grades_file_get_entries (shown, NULL)[0].grade, ==, ASSAY_GRADE_NA);
}

static void
test_grades_file_refused (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.csv", NULL);
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  assert_refused (f, "empty.csv", "", ASSAY_GRADES_FILE_ERROR_INVALID,
                  "a file of grades needs");
  assert_refused (f, "header.csv", "criterion,grade\n", ASSAY_GRADES_FILE_ERROR_INVALID,
                  "no grades");
  assert_refused (f, "columns.csv", "criterion,mark\na1,gold\n",
                  ASSAY_GRADES_FILE_ERROR_INVALID, "“criterion” and “grade” columns");
  assert_refused (f, "grade.csv", "criterion,grade\na1,gold\na2,shiny\n",
                  ASSAY_GRADES_FILE_ERROR_INVALID, "line 3: “shiny” is not a grade");
  assert_refused (f, "criterion.csv", "criterion,grade\n,gold\n",
                  ASSAY_GRADES_FILE_ERROR_INVALID, "line 2: no criterion");
  assert_refused (f, "quote.csv", "criterion,grade\n\"a1,gold\n",
                  ASSAY_GRADES_FILE_ERROR_INVALID, "line 2");
  assert_refused (f, "broken.json", "[{\"criterion\": ", ASSAY_GRADES_FILE_ERROR_INVALID,
                  "not JSON");
  assert_refused (f, "object.json", "{\"criterion\": \"a1\", \"grade\": \"gold\"}",
                  ASSAY_GRADES_FILE_ERROR_INVALID, "not grades");
  assert_refused (f, "item.json", "[{\"criterion\": \"a1\", \"grade\": \"gold\"}, 7]",
                  ASSAY_GRADES_FILE_ERROR_INVALID, "item 2: no criterion");
  assert_refused (f, "number.json", "[{\"criterion\": \"a1\", \"grade\": 3}]",
                  ASSAY_GRADES_FILE_ERROR_INVALID, "item 1: “” is not a grade");

  /* Nested past the limit: refused by counting, before json-glib recurses */
  for (guint i = 0; i < ASSAY_GRADES_FILE_MAX_DEPTH; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < ASSAY_GRADES_FILE_MAX_DEPTH; i++)
    g_string_append_c (deep, ']');
  assert_refused (f, "deep.json", deep->str, ASSAY_GRADES_FILE_ERROR_INVALID,
                  "item 1: no criterion");
  g_string_prepend_c (deep, '[');
  g_string_append_c (deep, ']');
  assert_refused (f, "deeper.json", deep->str, ASSAY_GRADES_FILE_ERROR_INVALID,
                  "nested more than 8 levels");

  g_assert_null (assay_grades_file_read (missing, &error));
  g_assert_error (error, ASSAY_GRADES_FILE_ERROR, ASSAY_GRADES_FILE_ERROR_READ);
  g_assert_true (g_str_has_prefix (error->message, missing));
  g_clear_error (&error);

  g_assert_null (assay_grades_file_read (f->dir, &error));
  g_assert_error (error, ASSAY_GRADES_FILE_ERROR, ASSAY_GRADES_FILE_ERROR_READ);
}

static void
test_grades_file_apply (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(AssayAudit) reopened = NULL;
  g_autoptr(AssayGradesFile) good = NULL;
  g_autoptr(AssayGradesFile) bad = NULL;
  g_autoptr(GError) error = NULL;
  const char *evidence = NULL;

  audit = assay_audit_create (f->store, f->tiny, "EHC-1001", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (assay_audit_set_grade (audit, "a2", ASSAY_GRADE_BRONZE, "Kept", &error));

  good = read_ok (f, "good.csv", "criterion,grade,evidence\na1,gold,Seen\na2,silver,\n", 2);
  g_assert_true (assay_grades_file_apply (good, audit, &error));
  g_assert_no_error (error);
  /* One revision for the whole file */
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 3);

  /* The second line names a criterion tiny.json lacks: nothing of the file
   * is set, in the audit or in the store */
  bad = read_ok (f, "bad.csv", "criterion,grade\nb1,gold\nz9,gold\n", 2);
  g_assert_false (assay_grades_file_apply (bad, audit, &error));
  g_assert_error (error, ASSAY_GRADES_FILE_ERROR, ASSAY_GRADES_FILE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bad.csv: line 3: "));
  g_assert_nonnull (strstr (error->message, "z9"));
  g_assert_cmpint (assay_error_get_exit_code (error), ==, ASSAY_EXIT_REJECTED);
  g_clear_error (&error);
  g_assert_cmpint (assay_audit_get_grade (audit, "b1", NULL), ==, ASSAY_GRADE_NONE);
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 3);

  reopened = assay_audit_open (f->store, f->frameworks, assay_audit_get_id (audit), &error);
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_revision (reopened), ==, 3);
  g_assert_cmpint (assay_audit_get_grade (reopened, "a1", &evidence), ==, ASSAY_GRADE_GOLD);
  g_assert_cmpstr (evidence, ==, "Seen");
  g_assert_cmpint (assay_audit_get_grade (reopened, "a2", &evidence), ==, ASSAY_GRADE_SILVER);
  g_assert_cmpstr (evidence, ==, "Kept");
  g_assert_cmpint (assay_audit_get_grade (reopened, "b1", NULL), ==, ASSAY_GRADE_NONE);
}

int
main (int    argc,
      char **argv)
{
  const AssayTestEnvFlags env = ASSAY_TEST_ENV_TINY;

  g_test_init (&argc, &argv, NULL);

  ASSAY_TEST_ADD_ENV ("/grades-file/forms", env, test_grades_file_forms);
  ASSAY_TEST_ADD_ENV ("/grades-file/refused", env, test_grades_file_refused);
  ASSAY_TEST_ADD_ENV ("/grades-file/apply", env, test_grades_file_apply);

  return g_test_run ();
}
