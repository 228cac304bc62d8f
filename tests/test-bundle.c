/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "assay-audit.h"
#include "assay-bundle-private.h"
#include "assay-caseload.h"
#include "assay-compare.h"
#include "assay-sample.h"
#include "assay-test-util.h"
#include "bundle-test-fixture.h"

/* Export, open and import between installations; see bundle-test-fixture.h. */

/* Returns once the real-time clock has moved on by a whole millisecond:
 * what the test needs, rather than a guess at how long that takes. */
static void
wait_clock_tick (void)
{
  gint64 start = g_get_real_time () / 1000;

  while (g_get_real_time () / 1000 <= start + 1)
    g_thread_yield ();
}

static void
test_bundle_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) first = new_audit (f, f->a, "EHC-1001", TRUE);
  g_autoptr(AssayAudit) second = new_audit (f, f->a, "EHC-1002", FALSE);
  g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (7);
  g_autoptr(AssaySample) sample = assay_sample_create (f->a, spec, &error);
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *db_b = g_build_filename (f->dir_b, "assay.db", NULL);
  g_autofree char *wal_b = g_build_filename (f->dir_b, "assay.db-wal", NULL);
  g_autofree char *db_bytes = NULL;
  g_autofree char *db_again = NULL;
  g_autofree char *wal_bytes = NULL;
  g_autofree char *wal_again = NULL;
  gsize db_len, db_again_len, wal_len = 0, wal_again_len = 0;
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(AssayImportReport) again = NULL;
  g_autoptr(AssayImportReport) own = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(JsonObject) fields = NULL;
  AssayAudit *copy;
  const char *evidence = NULL;
  struct stat st;

  g_assert_no_error (error);
  g_assert_nonnull (sample);

  /* The finished audit and the case it is about; never the unfinished audit
   * (it goes to its author only), the sample or the seven other cases. */
  path = export_to (f->a, f->dir, "a.assay", assay_vault_get_identity (f->vault_b), NULL, NULL,
                    2);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_false (assay_test_file_contains (path, EVIDENCE, strlen (EVIDENCE)));
  g_assert_false (assay_test_file_contains (path, "EHC-1001", strlen ("EHC-1001")));
  g_assert_false (assay_test_file_contains (path, "Ann Patel", strlen ("Ann Patel")));
  g_assert_false (assay_test_file_contains (path, assay_vault_get_identity (f->vault_b), 64));
  g_assert_false (assay_test_file_contains (path, assay_audit_get_id (first), 36));

  report = import_from (f->b, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 2, 0, 0, 0);
  g_assert_cmpstr (report->author, ==, assay_vault_get_identity (f->vault_a));
  g_assert_cmpstr (report->author_name, ==, "Ann Patel");
  g_assert_cmpstr (report->author_agency, ==, "Education");
  g_assert_nonnull (report->created);

  /* B reads A's audits as A's, whole. */
  audits = assay_audit_list (f->b, f->frameworks, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits->len, ==, 1);
  copy = find_audit (audits, assay_audit_get_id (first));
  g_assert_nonnull (copy);
  g_assert_cmpstr (assay_audit_get_moderator (copy), ==, "Ann Patel");
  g_assert_cmpstr (assay_audit_get_moderator_id (copy), ==, assay_vault_get_identity (f->vault_a));
  g_assert_cmpint (assay_audit_get_status (copy), ==, ASSAY_AUDIT_STATUS_FINISHED);
  g_assert_cmpint (assay_audit_get_revision (copy), ==, assay_audit_get_revision (first));
  g_assert_cmpint (assay_audit_get_grade (copy, "a1", &evidence), ==, ASSAY_GRADE_SILVER);
  g_assert_cmpstr (evidence, ==, EVIDENCE);
  g_assert_cmpint (assay_audit_get_final (copy, NULL), ==, assay_audit_get_final (first, NULL));
  g_assert_null (find_audit (audits, assay_audit_get_id (second)));

  g_assert_true (assay_caseload_lookup (f->b, "EHC-1001", &fields, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (fields, "team"), ==, "North");
  g_assert_cmpuint (count_rows (f->vault_b, "SELECT count(DISTINCT id) FROM records "
                                            "WHERE collection = 'cases'"), ==, 1);
  samples = assay_sample_list (f->b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (samples->len, ==, 0);
  assert_no_damage (f->b);

  /* Importing it again changes nothing, down to the bytes of the file. */
  before = fingerprint (f->vault_b);
  g_assert_true (g_file_get_contents (db_b, &db_bytes, &db_len, NULL));
  g_file_get_contents (wal_b, &wal_bytes, &wal_len, NULL);
  again = import_from (f->b, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (again, 0, 0, 2, 0);
  after = fingerprint (f->vault_b);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (g_file_get_contents (db_b, &db_again, &db_again_len, NULL));
  g_file_get_contents (wal_b, &wal_again, &wal_again_len, NULL);
  g_assert_cmpmem (db_bytes, db_len, db_again, db_again_len);
  g_assert_cmpmem (wal_bytes, wal_len, wal_again, wal_again_len);

  /* The author can open their own bundle: it is their backup too. */
  own = import_from (f->a, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (own, 0, 0, 2, 0);
}

static void
test_bundle_cases_merge (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "fixtures", "caseload",
                                                "utf8.csv", NULL);
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  add_audit (f, "EHC-1003");

  /* B has the same caseload from the same spreadsheet, under its own ids. */
  assay_caseload_import (f->b, csv, &result, &error);
  g_assert_no_error (error);

  path = export_to (f->a, f->dir, "a.assay", assay_vault_get_identity (f->vault_b), NULL, NULL,
                    2);
  report = import_from (f->b, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 1, 0, 1, 0);

  cases = assay_caseload_list (f->b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 8);
  assert_no_damage (f->b);
}

static void
test_bundle_update (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(AssayAudit) audit = new_audit (f, f->a, "EHC-1001", TRUE);
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(AssayImportReport) update = NULL;
  g_autoptr(AssayAudit) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *path2 = NULL;

  add_audit (f, "EHC-1002");
  path = export_to (f->a, f->dir, "a.assay", assay_vault_get_identity (f->vault_b), NULL, NULL,
                    4);
  report = import_from (f->b, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 4, 0, 0, 0);

  /* A reopens one audit and regrades it: while it is a draft again it stays
   * home, and its case with it. */
  assay_audit_reopen (audit, "Second look at section F", &error);
  g_assert_no_error (error);
  assay_audit_set_grade (audit, "a1", ASSAY_GRADE_BRONZE, NULL, &error);
  g_assert_no_error (error);
  g_free (export_to (f->a, f->dir, "draft.assay", assay_vault_get_identity (f->vault_b), NULL,
                     NULL, 2));

  /* Finished again, B gets the newest revision, which follows the one it
   * holds although the revisions between never travel. */
  assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error);
  g_assert_no_error (error);
  path2 = export_to (f->a, f->dir, "a2.assay", assay_vault_get_identity (f->vault_b), NULL,
                     NULL, 4);
  update = import_from (f->b, path2, NULL, &error);
  g_assert_no_error (error);
  assert_counts (update, 0, 1, 3, 0);

  copy = assay_audit_open (f->b, f->frameworks, assay_audit_get_id (audit), &error);
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_revision (copy), ==, assay_audit_get_revision (audit));
  g_assert_cmpint (assay_audit_get_grade (copy, "a1", NULL), ==, ASSAY_GRADE_BRONZE);
  g_assert_cmpint (assay_audit_get_status (copy), ==, ASSAY_AUDIT_STATUS_FINISHED);
  assert_no_damage (f->b);
}

static void
test_bundle_since (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AssayAudit) old = new_audit (f, f->a, "EHC-1001", TRUE);
  g_autoptr(AssayAudit) recent = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) future = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *none = NULL;

  /* Clock stamps have millisecond resolution. */
  wait_clock_tick ();
  since = g_date_time_new_now_utc ();
  wait_clock_tick ();
  recent = new_audit (f, f->a, "EHC-1002", TRUE);

  path = export_to (f->a, f->dir, "since.assay", assay_vault_get_identity (f->vault_b), NULL,
                    since, 2);
  report = import_from (f->b, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 2, 0, 0, 0);

  audits = assay_audit_list (f->b, f->frameworks, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits->len, ==, 1);
  g_assert_cmpstr (assay_audit_get_id (audits->pdata[0]), ==, assay_audit_get_id (recent));

  /* A change to the old audit brings its newest revision along, which B
   * takes although it never had the ones before. */
  assay_audit_reopen (old, "A correction", &error);
  g_assert_no_error (error);
  assay_audit_finish (old, ASSAY_GRADE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&path, g_free);
  path = export_to (f->a, f->dir, "since2.assay", assay_vault_get_identity (f->vault_b), NULL,
                    since, 4);
  g_clear_pointer (&report, assay_import_report_free);
  report = import_from (f->b, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 2, 0, 2, 0);
  assert_no_damage (f->b);

  future = g_date_time_add_days (since, 1);
  none = export_to (f->a, f->dir, "none.assay", NULL, NULL, future, 0);
}

static void
test_bundle_not_for_us (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autofree char *path = NULL;

  add_audit (f, "EHC-1001");
  path = export_to (f->a, f->dir, "a.assay", assay_vault_get_identity (f->vault_b), NULL, NULL,
                    2);

  report = import_from (f->c, path, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_FOR_US);
  g_assert_nonnull (strstr (error->message, assay_vault_get_identity (f->vault_c)));
  g_assert_cmpuint (count_rows (f->vault_c, "SELECT count(*) FROM records "
                                            "WHERE collection != 'contacts'"), ==, 0);

  /* A locked vault opens nothing. */
  g_clear_error (&error);
  assay_vault_lock (f->vault_b);
  report = import_from (f->b, path, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
}

static void
test_bundle_partnership (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bad = NULL;
  const char *short_one = "short";
  AssayExportOptions options = { NULL, short_one, NULL };

  add_audit (f, "EHC-1001");
  path = export_to (f->a, f->dir, "forum.assay", NULL, "North forum spring 2026", NULL, 2);

  assert_rejected (f->c, f->vault_c, path, NULL, ASSAY_BUNDLE_ERROR_NEEDS_PASSPHRASE);
  assert_rejected (f->c, f->vault_c, path, "North forum spring 2025",
                   ASSAY_BUNDLE_ERROR_WRONG_PASSPHRASE);

  report = import_from (f->c, path, "North forum spring 2026", &error);
  g_assert_no_error (error);
  assert_counts (report, 2, 0, 0, 0);
  assert_no_damage (f->c);

  /* Addressed to A itself, so A needs no passphrase. */
  g_clear_pointer (&report, assay_import_report_free);
  report = import_from (f->a, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 0, 0, 2, 0);

  /* A partnership passphrase is held to the vault's minimum. */
  bad = g_build_filename (f->dir, "bad.assay", NULL);
  file = g_file_new_for_path (bad);
  g_assert_false (assay_bundle_export (f->a, file, &options, NULL, NULL, &error));
  g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_INVALID);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
}

static void
test_bundle_bad_recipient (Fixture       *f,
                           gconstpointer  data)
{
  const char *bad[] = { "not-a-key", "ab", NULL };
  g_autofree char *path = g_build_filename (f->dir, "x.assay", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *upper = g_ascii_strup (assay_vault_get_identity (f->vault_b), -1);
  g_autofree char *canonical = NULL;

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *recipients[] = { bad[i], NULL };
      AssayExportOptions options = { recipients, NULL, NULL };

      g_assert_false (assay_bundle_export (f->a, file, &options, NULL, NULL, &error));
      g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }

  canonical = assay_bundle_parse_recipient (upper, NULL);
  g_assert_cmpstr (canonical, ==, assay_vault_get_identity (f->vault_b));
}

static void
test_bundle_not_a_bundle (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *random_path = g_build_filename (f->dir, "random.assay", NULL);
  g_autofree char *empty_path = g_build_filename (f->dir, "empty.assay", NULL);
  g_autofree char *newer_path = g_build_filename (f->dir, "newer.assay", NULL);
  g_autofree char *missing_path = g_build_filename (f->dir, "missing.assay", NULL);
  g_autofree char *fifo_path = g_build_filename (f->dir, "fifo.assay", NULL);
  guint8 noise[4096];

  randombytes_buf (noise, sizeof noise);
  g_assert_true (g_file_set_contents (random_path, (const char *) noise, sizeof noise, NULL));
  g_assert_true (g_file_set_contents (empty_path, "", 0, NULL));
  g_assert_true (g_file_set_contents (newer_path, "ASSAY-BUNDLE 3\n\x10\0\0\0{}", 21, NULL));

  assert_rejected (f->b, f->vault_b, random_path, NULL, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE);
  assert_rejected (f->b, f->vault_b, empty_path, NULL, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE);
  assert_rejected (f->b, f->vault_b, newer_path, NULL, ASSAY_BUNDLE_ERROR_UNSUPPORTED);
  assert_rejected (f->b, f->vault_b, missing_path, NULL, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE);

  /* A device, a FIFO nobody writes to and a folder are refused at once,
   * before anything would block on them or read them without end. */
  g_assert_cmpint (mkfifo (fifo_path, 0600), ==, 0);
  assert_rejected (f->b, f->vault_b, "/dev/zero", NULL, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE);
  assert_rejected (f->b, f->vault_b, fifo_path, NULL, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE);
  assert_rejected (f->b, f->vault_b, f->dir, NULL, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE);
}

static void
test_bundle_replaces_file (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "out.assay", NULL);
  g_autofree char *nowhere = g_build_filename (f->dir, "missing", "out.assay", NULL);
  g_autofree char *written = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (nowhere);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  struct stat st;
  const char *name;
  guint n_files = 0;

  add_audit (f, "EHC-1001");
  /* Over an existing file with other permissions: replaced, and private. */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  written = export_to (f->a, f->dir, "out.assay", NULL, NULL, NULL, 2);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, >, 100);

  g_assert_false (assay_bundle_export (f->a, file, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);

  /* No temporary file is left behind. */
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "out.assay"))
      n_files++;
  g_assert_cmpuint (n_files, ==, 1);
}

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static AssayOpenedBundle *
open_async_and_wait (AssayVault    *vault,
                     const char    *path,
                     const char    *passphrase,
                     GCancellable  *cancellable,
                     gboolean       lock_at_once,
                     GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  assay_bundle_open_async (vault, file, passphrase, cancellable, on_opened, &result);
  if (lock_at_once)
    assay_vault_lock (vault);
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);

  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return assay_bundle_open_finish (vault, result, error);
}

/* The open step in a worker thread, as the GUI does it: the passphrase
 * retry works; a cancel or a lock while it runs stores nothing. */
static void
test_bundle_open_async (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayOpenedBundle) bundle = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_audit (f, "EHC-1001");
  path = export_to (f->a, f->dir, "forum.assay", NULL, "North forum spring 2026", NULL, 2);
  before = fingerprint (f->vault_c);

  /* Cancelled: done at once, nothing opened */
  bundle = open_async_and_wait (f->vault_c, path, "North forum spring 2026", cancellable,
                                FALSE, &error);
  g_assert_null (bundle);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Not addressed to C: ask, then retry with the passphrase */
  bundle = open_async_and_wait (f->vault_c, path, NULL, NULL, FALSE, &error);
  g_assert_null (bundle);
  g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NEEDS_PASSPHRASE);
  g_clear_error (&error);

  /* Locked while the worker runs: the key it holds is wiped; it fails, or
   * what it opened cannot be merged into a locked store */
  bundle = open_async_and_wait (f->vault_c, path, "North forum spring 2026", NULL, TRUE,
                                &error);
  if (bundle == NULL)
    g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
  else
    {
      report = assay_bundle_merge (f->c, bundle, f->frameworks, ASSAY_IMPORT_NONE, NULL, &error);
      g_assert_null (report);
      g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
      g_clear_pointer (&bundle, assay_opened_bundle_free);
    }
  g_clear_error (&error);
  after = fingerprint (f->vault_c);
  g_assert_cmpstr (before, ==, after);

  /* Opening needs the keys from the start */
  bundle = open_async_and_wait (f->vault_c, path, "North forum spring 2026", NULL, FALSE,
                                &error);
  g_assert_null (bundle);
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
  g_clear_error (&error);

  assay_vault_unlock (f->vault_c, ASSAY_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  bundle = open_async_and_wait (f->vault_c, path, "North forum spring 2026", NULL, FALSE,
                                &error);
  g_assert_no_error (error);
  report = assay_bundle_merge (f->c, bundle, f->frameworks, ASSAY_IMPORT_NONE, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 2, 0, 0, 0);
  assert_no_damage (f->c);
}

typedef struct
{
  guint      n_asked;
  GPtrArray *done;   /* of file names, as told */
} ImportCalls;

static AssaySecureString *
ask_forum_passphrase (const char *file,
                      gpointer    user_data)
{
  ImportCalls *calls = user_data;

  calls->n_asked++;
  g_assert_true (g_str_has_suffix (file, "forum.assay"));

  return assay_secure_strdup ("North forum spring 2026");
}

static void
on_file_done (const AssayImportFileResult *file,
              gpointer                     user_data)
{
  ImportCalls *calls = user_data;

  g_assert_true ((file->report == NULL) != (file->error == NULL));
  g_ptr_array_add (calls->done, g_strdup (file->file));
}

/* Several files in one go: the passphrase is asked for once, a file that
 * fails is reported by name and does not stop the others, and the totals
 * and JSON are those of `import --json`. */
static void
test_bundle_import_files (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(AssayImportResult) result = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *forum = NULL;
  g_autofree char *for_c = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "missing.assay", NULL);
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func (g_free);
  ImportCalls calls = { 0, done };
  const AssayImportFileResult *file;
  const char *files[4];
  JsonObject *object, *failed;

  add_audit (f, "EHC-1001");
  forum = export_to (f->a, f->dir, "forum.assay", NULL, "North forum spring 2026", NULL, 2);
  for_c = export_to (f->a, f->dir, "for-c.assay", assay_vault_get_identity (f->vault_c), NULL,
                     NULL, 2);
  files[0] = forum;
  files[1] = missing;
  files[2] = for_c;
  files[3] = NULL;

  result = assay_bundle_import_files (f->c, files, ASSAY_IMPORT_NONE, ask_forum_passphrase,
                                      on_file_done, NULL, &calls, NULL);
  g_assert_nonnull (result);
  g_assert_cmpuint (calls.n_asked, ==, 1);
  g_assert_cmpuint (done->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (done->pdata[i], ==, files[i]);

  g_assert_cmpuint (result->files->len, ==, 3);
  file = result->files->pdata[0];
  assert_counts (file->report, 2, 0, 0, 0);
  file = result->files->pdata[1];
  g_assert_null (file->report);
  g_assert_error (file->error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE);
  g_assert_nonnull (strstr (file->error->message, missing));
  g_assert_true (assay_import_result_get_first_error (result) == file->error);
  file = result->files->pdata[2];
  assert_counts (file->report, 0, 0, 2, 0);
  g_assert_cmpuint (result->added, ==, 2);
  g_assert_cmpuint (result->updated, ==, 0);
  g_assert_cmpuint (result->unchanged, ==, 2);
  g_assert_cmpuint (result->conflicts->len, ==, 0);
  assert_no_damage (f->c);

  root = assay_import_result_to_json (result);
  object = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (object, "added"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "unchanged"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "bundles")),
                    ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "failed")),
                    ==, 1);
  failed = json_array_get_object_element (json_object_get_array_member (object, "failed"), 0);
  g_assert_cmpstr (json_object_get_string_member (failed, "file"), ==, missing);
  g_assert_cmpstr (json_object_get_string_member (failed, "error"), ==,
                   ((AssayImportFileResult *) result->files->pdata[1])->error->message);
}

/* What `export --json` reports comes from core. */
static void
test_bundle_export_file (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayExportResult) result = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) since = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  g_autofree char *path = g_build_filename (f->dir, "q1.assay", NULL);
  g_autofree char *upper = g_ascii_strup (assay_vault_get_identity (f->vault_b), -1);
  const char *recipients[] = { upper, NULL };
  AssayExportOptions options = { recipients, "North forum spring 2026", since };
  JsonObject *object;
  JsonArray *array;

  add_audit (f, "EHC-1001");
  result = assay_bundle_export_file (f->a, path, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (result->summary.n_records, ==, 2);

  root = assay_export_result_to_json (result);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "file"), ==, path);
  g_assert_cmpint (json_object_get_int_member (object, "records"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "revisions"), ==,
                   result->summary.n_revisions);
  g_assert_cmpstr (json_object_get_string_member (object, "author"), ==,
                   assay_vault_get_identity (f->vault_a));
  array = json_object_get_array_member (object, "recipients");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==,
                   assay_vault_get_identity (f->vault_b));
  g_assert_true (json_object_get_boolean_member (object, "partnership"));
  g_assert_cmpstr (json_object_get_string_member (object, "since"), ==, "2026-01-01T00:00:00Z");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ASSAY_TEST_ADD ("/bundle/round-trip", test_bundle_round_trip);
  ASSAY_TEST_ADD ("/bundle/cases-merge", test_bundle_cases_merge);
  ASSAY_TEST_ADD ("/bundle/update", test_bundle_update);
  ASSAY_TEST_ADD ("/bundle/since", test_bundle_since);
  ASSAY_TEST_ADD ("/bundle/not-for-us", test_bundle_not_for_us);
  ASSAY_TEST_ADD ("/bundle/partnership", test_bundle_partnership);
  ASSAY_TEST_ADD ("/bundle/bad-recipient", test_bundle_bad_recipient);
  ASSAY_TEST_ADD ("/bundle/not-a-bundle", test_bundle_not_a_bundle);
  ASSAY_TEST_ADD ("/bundle/replaces-file", test_bundle_replaces_file);
  ASSAY_TEST_ADD ("/bundle/open-async", test_bundle_open_async);
  ASSAY_TEST_ADD ("/bundle/import-files", test_bundle_import_files);
  ASSAY_TEST_ADD ("/bundle/export-file", test_bundle_export_file);

  return g_test_run ();
}
