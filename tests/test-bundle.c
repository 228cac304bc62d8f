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

/*
 * Bundles between real vaults in temp folders: A writes, B (and C) read.
 * Every failure case checks that the reader's store is left exactly as it
 * was, row for row and seal for seal.
 */

#define EVIDENCE "Section F promises weekly SALT sessions but names no provider"

typedef struct
{
  char            *dir;
  char            *dir_a;
  char            *dir_b;
  char            *dir_c;
  AssayVault      *vault_a;
  AssayVault      *vault_b;
  AssayVault      *vault_c;
  AssayStore      *a;
  AssayStore      *b;
  AssayStore      *c;
  AssayFrameworks *frameworks;
  AssayFramework  *tiny;
} Fixture;

static char *
subdir (const char *dir,
        const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);

  return path;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *tiny = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                 "tiny.json", NULL);
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "fixtures", "caseload",
                                                "utf8.csv", NULL);
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = assay_test_mkdtemp ();
  f->dir_a = subdir (f->dir, "a");
  f->dir_b = subdir (f->dir, "b");
  f->dir_c = subdir (f->dir, "c");
  f->vault_a = assay_test_vault_new (f->dir_a, NULL);
  f->vault_b = assay_test_vault_new (f->dir_b, NULL);
  f->vault_c = assay_test_vault_new (f->dir_c, NULL);
  assay_vault_set_profile (f->vault_a, "Ann Patel", "Education", &error);
  g_assert_no_error (error);
  f->a = assay_store_new (f->vault_a);
  f->b = assay_store_new (f->vault_b);
  f->c = assay_store_new (f->vault_c);

  f->frameworks = assay_frameworks_new ();
  f->tiny = assay_framework_new_from_file (tiny, &error);
  g_assert_no_error (error);
  assay_frameworks_add (f->frameworks, f->tiny);

  assay_caseload_import (f->a, csv, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 8);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->tiny);
  g_clear_object (&f->frameworks);
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  g_clear_object (&f->c);
  g_clear_object (&f->vault_a);
  g_clear_object (&f->vault_b);
  g_clear_object (&f->vault_c);
  assay_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->dir_a);
  g_free (f->dir_b);
  g_free (f->dir_c);
}

static AssayAudit *
new_audit (Fixture    *f,
           AssayStore *store,
           const char *case_ref,
           gboolean    finish)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) audit = assay_audit_create (store, f->tiny, case_ref, FALSE, &error);
  const char *criteria[] = { "a1", "a2", "b1", "b2", "c1", "c2" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (criteria); i++)
    {
      assay_audit_set_grade (audit, criteria[i], ASSAY_GRADE_SILVER,
                             i == 0 ? EVIDENCE : NULL, &error);
      g_assert_no_error (error);
    }

  if (finish)
    {
      assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error);
      g_assert_no_error (error);
    }

  return g_steal_pointer (&audit);
}

/* An audit whose object the test does not need. */
static void
add_audit (Fixture    *f,
           const char *case_ref)
{
  g_autoptr(AssayAudit) audit = new_audit (f, f->a, case_ref, TRUE);

  g_assert_nonnull (audit);
}

static char *
export_to (AssayStore  *store,
           const char  *dir,
           const char  *name,
           const char  *recipient,
           const char  *passphrase,
           GDateTime   *since,
           guint        expected_records)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *recipients[] = { recipient, NULL };
  AssayExportOptions options = { recipients, passphrase, since };
  AssayExportSummary summary = { 0, 0 };

  assay_bundle_export (store, file, &options, &summary, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_records, ==, expected_records);
  g_assert_cmpuint (summary.n_revisions, >=, summary.n_records);

  return path;
}

static AssayImportReport *
import_from (AssayStore  *store,
             const char  *path,
             const char  *passphrase,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return assay_bundle_import (store, file, passphrase, NULL, error);
}

static void
assert_counts (AssayImportReport *report,
               guint              added,
               guint              updated,
               guint              unchanged,
               guint              conflicts)
{
  g_assert_nonnull (report);
  g_assert_cmpuint (report->added, ==, added);
  g_assert_cmpuint (report->updated, ==, updated);
  g_assert_cmpuint (report->unchanged, ==, unchanged);
  g_assert_cmpuint (report->conflicts->len, ==, conflicts);
}

/* Every row of every table, seals included: equal fingerprints mean an
 * unchanged store. */
static char *
fingerprint (AssayVault *vault)
{
  AssayDatabase *database = assay_vault_get_database (vault);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *queries[] = {
    ("SELECT collection, id, revision, author, hlc, hex(sealed) FROM records "
     "ORDER BY collection, id, revision"),
    "SELECT collection, id, revision, author, hlc, hex(sealed) FROM conflicts ORDER BY rowid",
    "SELECT format, hex(passphrase_wrap), identity_public, hex(identity_sealed) FROM vault",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(AssayStatement) stmt = assay_database_prepare (database, queries[q], NULL);
      guint rows = 0;

      g_assert_nonnull (stmt);
      while (assay_statement_step (stmt, NULL))
        {
          for (int col = 0; col < 6; col++)
            {
              const char *text = assay_statement_get_text (stmt, col);

              g_checksum_update (sum, (const guchar *) (text != NULL ? text : "-"), -1);
              g_checksum_update (sum, (const guchar *) "|", 1);
            }
          rows++;
        }
      g_checksum_update (sum, (const guchar *) &rows, sizeof rows);
    }

  return g_strdup (g_checksum_get_string (sum));
}

static guint
count_rows (AssayVault *vault,
            const char *sql)
{
  g_autoptr(AssayStatement) stmt =
    assay_database_prepare (assay_vault_get_database (vault), sql, NULL);

  g_assert_true (assay_statement_step (stmt, NULL));

  return (guint) assay_statement_get_int64 (stmt, 0);
}

static void
assert_no_damage (AssayStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayCheckReport) report = assay_store_check (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < report->damaged->len; i++)
    {
      AssayDamage *damage = report->damaged->pdata[i];

      g_test_message ("%s/%s %" G_GINT64_FORMAT ": %s", damage->collection, damage->id,
                      damage->revision, damage->reason);
    }
  g_assert_cmpuint (report->damaged->len, ==, 0);
  g_assert_null (report->database_problem);
  g_assert_cmpuint (report->n_ok, ==, report->n_records);
}

static AssayAudit *
find_audit (GPtrArray  *audits,
            const char *id)
{
  for (guint i = 0; i < audits->len; i++)
    if (g_str_equal (assay_audit_get_id (audits->pdata[i]), id))
      return audits->pdata[i];

  return NULL;
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

  /* Two audits and the two cases they are about; never the sample or the
   * six other cases. */
  path = export_to (f->a, f->dir, "a.assay", assay_vault_get_identity (f->vault_b), NULL, NULL,
                    4);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_false (assay_test_file_contains (path, EVIDENCE, strlen (EVIDENCE)));
  g_assert_false (assay_test_file_contains (path, "EHC-1001", strlen ("EHC-1001")));
  g_assert_false (assay_test_file_contains (path, "Ann Patel", strlen ("Ann Patel")));
  g_assert_false (assay_test_file_contains (path, assay_vault_get_identity (f->vault_b), 64));
  g_assert_false (assay_test_file_contains (path, assay_audit_get_id (first), 36));

  report = import_from (f->b, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 4, 0, 0, 0);
  g_assert_cmpstr (report->author, ==, assay_vault_get_identity (f->vault_a));
  g_assert_cmpstr (report->author_name, ==, "Ann Patel");
  g_assert_cmpstr (report->author_agency, ==, "Education");
  g_assert_nonnull (report->created);

  /* B reads A's audits as A's, whole. */
  audits = assay_audit_list (f->b, f->frameworks, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits->len, ==, 2);
  copy = find_audit (audits, assay_audit_get_id (first));
  g_assert_nonnull (copy);
  g_assert_cmpstr (assay_audit_get_moderator (copy), ==, "Ann Patel");
  g_assert_cmpstr (assay_audit_get_moderator_id (copy), ==, assay_vault_get_identity (f->vault_a));
  g_assert_cmpint (assay_audit_get_status (copy), ==, ASSAY_AUDIT_STATUS_FINISHED);
  g_assert_cmpint (assay_audit_get_revision (copy), ==, assay_audit_get_revision (first));
  g_assert_cmpint (assay_audit_get_grade (copy, "a1", &evidence), ==, ASSAY_GRADE_SILVER);
  g_assert_cmpstr (evidence, ==, EVIDENCE);
  g_assert_cmpint (assay_audit_get_final (copy, NULL), ==, assay_audit_get_final (first, NULL));
  g_assert_nonnull (find_audit (audits, assay_audit_get_id (second)));

  g_assert_true (assay_caseload_lookup (f->b, "EHC-1001", &fields, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (fields, "team"), ==, "North");
  g_assert_cmpuint (count_rows (f->vault_b, "SELECT count(DISTINCT id) FROM records "
                                            "WHERE collection = 'cases'"), ==, 2);
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
  assert_counts (again, 0, 0, 4, 0);
  after = fingerprint (f->vault_b);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (g_file_get_contents (db_b, &db_again, &db_again_len, NULL));
  g_file_get_contents (wal_b, &wal_again, &wal_again_len, NULL);
  g_assert_cmpmem (db_bytes, db_len, db_again, db_again_len);
  g_assert_cmpmem (wal_bytes, wal_len, wal_again, wal_again_len);

  /* The author can open their own bundle: it is their backup too. */
  own = import_from (f->a, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (own, 0, 0, 4, 0);
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

  /* A reopens one audit and regrades it: B gets the newer revisions. */
  assay_audit_reopen (audit, "Second look at section F", &error);
  g_assert_no_error (error);
  assay_audit_set_grade (audit, "a1", ASSAY_GRADE_BRONZE, NULL, &error);
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
  g_assert_cmpint (assay_audit_get_status (copy), ==, ASSAY_AUDIT_STATUS_DRAFT);
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
  g_usleep (20 * 1000);
  since = g_date_time_new_now_utc ();
  g_usleep (20 * 1000);
  recent = new_audit (f, f->a, "EHC-1002", FALSE);

  path = export_to (f->a, f->dir, "since.assay", assay_vault_get_identity (f->vault_b), NULL,
                    since, 2);
  report = import_from (f->b, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 2, 0, 0, 0);

  audits = assay_audit_list (f->b, f->frameworks, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits->len, ==, 1);
  g_assert_cmpstr (assay_audit_get_id (audits->pdata[0]), ==, assay_audit_get_id (recent));

  /* A change to the old audit brings all of its history along. */
  assay_audit_reopen (old, "A correction", &error);
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
assert_rejected (AssayStore  *store,
                 AssayVault  *vault,
                 const char  *path,
                 const char  *passphrase,
                 int          code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autofree char *before = fingerprint (vault);
  g_autofree char *after = NULL;

  report = import_from (store, path, passphrase, &error);
  g_assert_null (report);
  g_assert_error (error, ASSAY_BUNDLE_ERROR, code);
  g_assert_true (strstr (error->message, path) != NULL);
  after = fingerprint (vault);
  g_assert_cmpstr (before, ==, after);
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
  g_assert_cmpuint (count_rows (f->vault_c, "SELECT count(*) FROM records"), ==, 0);

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
  guint8 noise[4096];

  randombytes_buf (noise, sizeof noise);
  g_assert_true (g_file_set_contents (random_path, (const char *) noise, sizeof noise, NULL));
  g_assert_true (g_file_set_contents (empty_path, "", 0, NULL));
  g_assert_true (g_file_set_contents (newer_path, "ASSAY-BUNDLE 2\n\x10\0\0\0{}", 21, NULL));

  assert_rejected (f->b, f->vault_b, random_path, NULL, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE);
  assert_rejected (f->b, f->vault_b, empty_path, NULL, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE);
  assert_rejected (f->b, f->vault_b, newer_path, NULL, ASSAY_BUNDLE_ERROR_UNSUPPORTED);
  assert_rejected (f->b, f->vault_b, missing_path, NULL, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE);
}

static gboolean
is_rejection (const GError *error,
              gsize         offset)
{
  /* Only the magic line can make it look like another kind of file. */
  if (offset < strlen ("ASSAY-BUNDLE 1\n") &&
      (g_error_matches (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE) ||
       g_error_matches (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_UNSUPPORTED)))
    return TRUE;

  return g_error_matches (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED);
}

static void
test_bundle_tampered (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) audits = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *path = NULL;
  g_autofree char *bad = g_build_filename (f->dir, "bad.assay", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize len, header_len, boundary;
  guint n_tried = 0;

  /* Enough to need more than one 64 KiB chunk. */
  for (guint i = 0; i < 14; i++)
    {
      g_autofree char *case_ref = g_strdup_printf ("EHC-100%u", i % 8 + 1);

      g_ptr_array_add (audits, new_audit (f, f->a, case_ref, TRUE));
    }

  path = export_to (f->a, f->dir, "a.assay", assay_vault_get_identity (f->vault_b), NULL, NULL,
                    22);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  header_len = (guint8) contents[15] | (guint8) contents[16] << 8 |
               (gsize) (guint8) contents[17] << 16 | (gsize) (guint8) contents[18] << 24;
  /* Magic line, length, header, checksum, stream header, first chunk. */
  boundary = 15 + 4 + header_len + 32 + 24 + 64 * 1024 + 17;
  g_assert_cmpuint (len, >, boundary + 100);

  /* Every byte of the magic line, the length and the start of the header;
   * then a spread over the whole file; the first chunk boundary; the end. */
  for (gsize i = 0; i < 64; i++)
    g_array_append_val (offsets, i);
  for (gsize i = 64; i < len; i += len / 150)
    g_array_append_val (offsets, i);
  for (gsize i = boundary - 2; i < boundary + 2; i++)
    g_array_append_val (offsets, i);
  for (gsize i = len - 40; i < len; i++)
    g_array_append_val (offsets, i);

  {
    gsize some[] = { 1, 14, 15, 17, 19, 60, 15 + 4 + header_len, 15 + 4 + header_len + 32,
                     15 + 4 + header_len + 32 + 24, boundary - 1, boundary, boundary + 17,
                     len / 2, len - 17, len - 1 };

    g_array_append_vals (cuts, some, G_N_ELEMENTS (some));
  }

  before = fingerprint (f->vault_b);

  for (guint i = 0; i < offsets->len; i++)
    {
      gsize offset = g_array_index (offsets, gsize, i);
      g_autofree char *flipped = g_memdup2 (contents, len);
      g_autoptr(GError) error = NULL;
      g_autoptr(AssayImportReport) report = NULL;

      flipped[offset] ^= (char) (1 << (offset % 8));
      g_assert_true (g_file_set_contents (bad, flipped, (gssize) len, NULL));
      report = import_from (f->b, bad, NULL, &error);
      if (report != NULL || !is_rejection (error, offset))
        g_error ("flipping byte %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " gave %s", offset, len,
                 error != NULL ? error->message : "a successful import");
      n_tried++;
    }

  for (guint i = 0; i < cuts->len; i++)
    {
      gsize cut = g_array_index (cuts, gsize, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(AssayImportReport) report = NULL;

      g_assert_true (g_file_set_contents (bad, contents, (gssize) cut, NULL));
      report = import_from (f->b, bad, NULL, &error);
      if (report != NULL || !is_rejection (error, cut))
        g_error ("cutting at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " gave %s", cut, len,
                 error != NULL ? error->message : "a successful import");
      n_tried++;
    }

  /* And appending anything to a sound bundle. */
  {
    g_autofree char *longer = g_malloc (len + 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(AssayImportReport) report = NULL;

    memcpy (longer, contents, len);
    longer[len] = '\n';
    g_assert_true (g_file_set_contents (bad, longer, (gssize) len + 1, NULL));
    report = import_from (f->b, bad, NULL, &error);
    g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED);
  }

  after = fingerprint (f->vault_b);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (count_rows (f->vault_b, "SELECT count(*) FROM records"), ==, 0);
  g_test_message ("%u damaged bundles refused", n_tried);

  /* The untouched file still imports. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AssayImportReport) report = import_from (f->b, path, NULL, &error);

    g_assert_no_error (error);
    assert_counts (report, 22, 0, 0, 0);
  }
}

static gboolean
sign_with_vault (GBytes   *message,
                 guint8    signature[64],
                 gpointer  user_data,
                 GError  **error)
{
  return assay_vault_sign (user_data, message, signature, error);
}

static gboolean
open_with_vault (const guint8  *sealed,
                 gsize          sealed_len,
                 guint8        *file_key,
                 gpointer       user_data,
                 GError       **error)
{
  return assay_vault_open_box (user_data, sealed, sealed_len, file_key, error);
}

/* The document inside a bundle addressed to @vault, as the exporter wrote it. */
static GBytes *
open_document (AssayVault *vault,
               const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *signer = NULL;
  GBytes *document = NULL;
  g_autofree char *data = NULL;
  gsize len;
  AssayBundleOpener opener = { assay_vault_get_identity (vault), open_with_vault, vault, NULL,
                               { 0, 0 } };

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  contents = g_bytes_new (data, len);
  g_assert_true (_assay_bundle_open (contents, path, &opener, &signer, &document, &error));
  g_assert_no_error (error);

  return document;
}

/* Writes @document as a bundle to B, claiming @author, signed by @signer. */
static char *
forge (Fixture     *f,
       GBytes      *document,
       const char  *author,
       AssayVault  *signer,
       const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bundle = NULL;
  const char *recipients[] = { assay_vault_get_identity (f->vault_b), NULL };
  char *path = g_build_filename (f->dir, name, NULL);
  AssayKdfParams kdf;

  assay_kdf_params_init_fast (&kdf);
  bundle = _assay_bundle_seal (document, author, recipients, NULL, &kdf, sign_with_vault, signer,
                               &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bundle, NULL),
                                      (gssize) g_bytes_get_size (bundle), NULL));

  return path;
}

static GBytes *
replace (GBytes     *document,
         const char *from,
         const char *to)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (document, NULL),
                                     g_bytes_get_size (document));
  g_auto(GStrv) parts = g_strsplit (text, from, 2);
  char *joined;

  g_assert_nonnull (parts[1]);
  joined = g_strjoinv (to, parts);

  return g_bytes_new_take (joined, strlen (joined));
}

static void
test_bundle_forged (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(AssayAudit) audit = new_audit (f, f->a, "EHC-1001", TRUE);
  g_autofree char *path = NULL;
  g_autofree char *by_c = NULL;
  g_autofree char *claims_a = NULL;
  g_autofree char *forwarded = NULL;
  g_autofree char *from_a = NULL;
  g_autofree char *from_c = NULL;
  g_autofree char *samples = NULL;
  g_autofree char *not_object = NULL;
  g_autofree char *gap = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GBytes) as_c = NULL;
  g_autoptr(GBytes) as_samples = NULL;
  g_autoptr(GBytes) as_string = NULL;
  g_autoptr(GBytes) with_gap = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(AssayRecord) record = NULL;
  g_autofree char *rev2 = g_strdup_printf ("\"id\":\"%s\",\"revision\":2,",
                                           assay_audit_get_id (audit));
  g_autofree char *rev3 = g_strdup_printf ("\"id\":\"%s\",\"revision\":3,",
                                           assay_audit_get_id (audit));

  path = export_to (f->a, f->dir, "a.assay", assay_vault_get_identity (f->vault_b), NULL, NULL,
                    2);
  document = open_document (f->vault_b, path);

  /* A's document, signed by C while claiming to be A's. */
  by_c = forge (f, document, assay_vault_get_identity (f->vault_a), f->vault_c, "by-c.assay");
  assert_rejected (f->b, f->vault_b, by_c, NULL, ASSAY_BUNDLE_ERROR_DAMAGED);

  /* Signed by C as C, but the document says A wrote it. */
  claims_a = forge (f, document, assay_vault_get_identity (f->vault_c), f->vault_c,
                    "claims-a.assay");
  assert_rejected (f->b, f->vault_b, claims_a, NULL, ASSAY_BUNDLE_ERROR_DAMAGED);

  /* C may forward A's records under C's own name: the signature vouches for
   * the sender, the records keep their authors. */
  from_a = g_strdup_printf ("{\"author\":\"%s\"", assay_vault_get_identity (f->vault_a));
  from_c = g_strdup_printf ("{\"author\":\"%s\"", assay_vault_get_identity (f->vault_c));
  as_c = replace (document, from_a, from_c);
  forwarded = forge (f, as_c, assay_vault_get_identity (f->vault_c), f->vault_c, "as-c.assay");
  report = import_from (f->b, forwarded, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 2, 0, 0, 0);
  g_assert_cmpstr (report->author, ==, assay_vault_get_identity (f->vault_c));
  record = assay_store_load (f->b, "audits", assay_audit_get_id (audit), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->author, ==, assay_vault_get_identity (f->vault_a));

  /* Collections a bundle may not carry, payloads that are not objects and
   * gaps in a history are refused whole. */
  as_samples = replace (document, "\"collection\":\"audits\"", "\"collection\":\"samples\"");
  samples = forge (f, as_samples, assay_vault_get_identity (f->vault_a), f->vault_a,
                   "samples.assay");
  assert_rejected (f->b, f->vault_b, samples, NULL, ASSAY_BUNDLE_ERROR_DAMAGED);

  as_string = replace (document, "\"payload\":\"{", "\"payload\":\"[");
  not_object = forge (f, as_string, assay_vault_get_identity (f->vault_a), f->vault_a,
                      "not-object.assay");
  assert_rejected (f->b, f->vault_b, not_object, NULL, ASSAY_BUNDLE_ERROR_DAMAGED);

  with_gap = replace (document, rev2, rev3);
  gap = forge (f, with_gap, assay_vault_get_identity (f->vault_a), f->vault_a, "gap.assay");
  assert_rejected (f->b, f->vault_b, gap, NULL, ASSAY_BUNDLE_ERROR_DAMAGED);
  assert_no_damage (f->b);
}

/* A second installation with the same identity and keys: the vault file
 * copied, as when a moderator restores a backup onto another laptop. */
static void
copy_vault (Fixture     *f,
            const char  *to_dir,
            AssayVault **vault,
            AssayStore **store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from = g_build_filename (f->dir_a, "assay.db", NULL);
  g_autofree char *to = g_build_filename (to_dir, "assay.db", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(AssayDatabase) database = NULL;
  gsize len;

  assay_database_checkpoint (assay_vault_get_database (f->vault_a), &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (to, contents, (gssize) len, NULL));

  database = assay_database_open (to, &error);
  g_assert_no_error (error);
  *vault = assay_vault_new (database);
  assay_vault_unlock (*vault, ASSAY_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  *store = assay_store_new (*vault);
}

static void
test_bundle_conflict (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AssayAudit) audit = new_audit (f, f->a, "EHC-1001", FALSE);
  g_autoptr(AssayAudit) twin = NULL;
  g_autoptr(AssayAudit) reread = NULL;
  g_autoptr(AssayVault) vault2 = NULL;
  g_autoptr(AssayStore) store2 = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(AssayImportReport) again = NULL;
  g_autoptr(AssayImportReport) after = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir2 = subdir (f->dir, "a2");
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *fp = NULL;
  AssayConflict *conflict;
  gint64 revision;

  copy_vault (f, dir2, &vault2, &store2);
  g_assert_cmpstr (assay_vault_get_identity (vault2), ==, assay_vault_get_identity (f->vault_a));

  /* The same revision of the same audit, edited differently on each. */
  revision = assay_audit_get_revision (audit);
  assay_audit_set_grade (audit, "a1", ASSAY_GRADE_GOLD, NULL, &error);
  g_assert_no_error (error);
  twin = assay_audit_open (store2, f->frameworks, assay_audit_get_id (audit), &error);
  g_assert_no_error (error);
  assay_audit_set_grade (twin, "a1", ASSAY_GRADE_BRONZE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_revision (twin), ==, revision + 1);
  g_assert_cmpint (assay_audit_get_revision (audit), ==, revision + 1);

  path = export_to (store2, dir2, "a2.assay", NULL, NULL, NULL, 2);
  report = import_from (f->a, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 0, 0, 1, 1);
  conflict = report->conflicts->pdata[0];
  g_assert_cmpstr (conflict->collection, ==, "audits");
  g_assert_cmpstr (conflict->id, ==, assay_audit_get_id (audit));
  g_assert_cmpint (conflict->revision, ==, revision + 1);
  g_assert_cmpstr (conflict->description, ==, "audit of EHC-1001 by Ann Patel");
  g_assert_cmpstr (conflict->local_author, ==, assay_vault_get_identity (f->vault_a));

  /* The local version stands. */
  reread = assay_audit_open (f->a, f->frameworks, assay_audit_get_id (audit), &error);
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_grade (reread, "a1", NULL), ==, ASSAY_GRADE_GOLD);
  g_assert_cmpint (assay_audit_get_revision (reread), ==, revision + 1);
  g_clear_object (&reread);

  conflicts = assay_bundle_list_conflicts (f->a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((AssayConflict *) conflicts->pdata[0])->description, ==,
                   "audit of EHC-1001 by Ann Patel");
  assert_no_damage (f->a);

  /* The same bundle again raises nothing new. */
  before = fingerprint (f->vault_a);
  again = import_from (f->a, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (again, 0, 0, 2, 0);
  fp = fingerprint (f->vault_a);
  g_assert_cmpstr (before, ==, fp);

  /* Keeping the other version makes it the next revision. */
  assay_bundle_resolve_conflict (f->a, conflicts->pdata[0], TRUE, &error);
  g_assert_no_error (error);
  reread = assay_audit_open (f->a, f->frameworks, assay_audit_get_id (audit), &error);
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_grade (reread, "a1", NULL), ==, ASSAY_GRADE_BRONZE);
  g_assert_cmpint (assay_audit_get_revision (reread), ==, revision + 2);

  none = assay_bundle_list_conflicts (f->a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_false (assay_bundle_resolve_conflict (f->a, conflicts->pdata[0], FALSE, &error));
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  after = import_from (f->a, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (after, 0, 0, 2, 0);
  assert_no_damage (f->a);

  g_clear_object (&store2);
  g_clear_object (&vault2);
}

static void
test_bundle_conflict_sealed (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(AssayAudit) audit = new_audit (f, f->a, "EHC-1001", FALSE);
  g_autoptr(AssayAudit) twin = NULL;
  g_autoptr(AssayVault) vault2 = NULL;
  g_autoptr(AssayStore) store2 = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(AssayCheckReport) check = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir2 = subdir (f->dir, "a2");
  g_autofree char *path = NULL;
  g_autofree char *sql = NULL;
  AssayDatabase *database = assay_vault_get_database (f->vault_a);

  copy_vault (f, dir2, &vault2, &store2);
  assay_audit_set_text (audit, ASSAY_AUDIT_STRENGTHS, "Clear outcomes", &error);
  g_assert_no_error (error);
  twin = assay_audit_open (store2, f->frameworks, assay_audit_get_id (audit), &error);
  g_assert_no_error (error);
  assay_audit_set_text (twin, ASSAY_AUDIT_STRENGTHS, "Outcomes are measurable", &error);
  g_assert_no_error (error);

  path = export_to (store2, dir2, "a2.assay", NULL, NULL, NULL, 2);
  report = import_from (f->a, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 0, 0, 1, 1);

  /* The set-aside version cannot stand in for the record, whose key it
   * shares but whose associated data it does not. */
  sql = g_strdup_printf ("UPDATE records SET sealed = (SELECT sealed FROM conflicts), "
                         "author = (SELECT author FROM conflicts), hlc = (SELECT hlc FROM "
                         "conflicts) WHERE id = '%s' AND revision = (SELECT revision FROM "
                         "conflicts)",
                         assay_audit_get_id (audit));
  g_assert_true (assay_database_exec (database, sql, &error));
  check = assay_store_check (f->a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check->damaged->len, ==, 1);
  g_clear_pointer (&check, assay_check_report_free);

  /* Nor the other way round: a record's seal in the conflicts table. */
  g_assert_true (assay_database_exec (database,
                                      "UPDATE conflicts SET sealed = (SELECT sealed FROM "
                                      "records WHERE collection = 'cases' LIMIT 1)",
                                      &error));
  check = assay_store_check (f->a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check->damaged->len, ==, 2);
  conflicts = assay_bundle_list_conflicts (f->a, &error);
  g_assert_null (conflicts);
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY);
}

static void
test_bundle_describe (void)
{
  g_autoptr(GBytes) audit =
    assay_test_bytes ("{\"case\": \"EHC-0042\", \"moderator\": \"Ann Patel\"}");
  g_autoptr(GBytes) anonymous = assay_test_bytes ("{\"case\": \"EHC-0042\", \"moderator\": \"\"}");
  g_autoptr(GBytes) plan = assay_test_bytes ("{\"case_ref\": \"EHC-0042\"}");
  g_autoptr(GBytes) agreement = assay_test_bytes ("{\"case\": \"EHC-0042\", \"grade\": \"gold\"}");
  g_autofree char *a = _assay_bundle_describe ("audits", audit);
  g_autofree char *b = _assay_bundle_describe ("audits", anonymous);
  g_autofree char *c = _assay_bundle_describe ("cases", plan);
  g_autofree char *d = _assay_bundle_describe ("agreements", agreement);

  g_assert_cmpstr (a, ==, "audit of EHC-0042 by Ann Patel");
  g_assert_cmpstr (b, ==, "audit of EHC-0042");
  g_assert_cmpstr (c, ==, "case EHC-0042");
  g_assert_cmpstr (d, ==, "agreed grade for EHC-0042");
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

/* B audits with the partnership's own framework; A's computer has only the
 * built-in ones. A keeps B's audit, reads everything else, and is told which
 * framework is missing until it is installed. */
static void
test_bundle_missing_framework (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) theirs = new_audit (f, f->b, "EHC-1001", TRUE);
  g_autoptr(AssayFrameworks) here = assay_frameworks_new ();
  g_autoptr(AssayFramework) plan = NULL;
  g_autoptr(AssayAudit) mine = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(AssayOpenedBundle) bundle = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(AssayImportReport) again = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *tiny = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                 "tiny.json", NULL);
  g_autofree char *installed = NULL;
  g_autofree char *contents = NULL;
  const AssayMissingFramework *entry;
  gsize len;

  assay_frameworks_load_builtin (here, &error);
  g_assert_no_error (error);
  g_assert_null (assay_frameworks_lookup (here, "tiny", NULL, NULL));
  plan = assay_frameworks_lookup (here, "ehcp-new", NULL, &error);
  g_assert_no_error (error);
  mine = assay_audit_create (f->a, plan, "EHC-1002", FALSE, &error);
  g_assert_no_error (error);

  path = export_to (f->b, f->dir, "b.assay", assay_vault_get_identity (f->vault_a), NULL, NULL,
                    1);
  file = g_file_new_for_path (path);
  bundle = assay_bundle_open (f->vault_a, file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (assay_opened_bundle_get_name (bundle), ==, path);
  report = assay_bundle_merge (f->a, bundle, here, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 1, 0, 0, 0);
  g_assert_cmpuint (report->missing_frameworks->len, ==, 1);
  entry = report->missing_frameworks->pdata[0];
  g_assert_cmpstr (entry->framework, ==, "tiny");
  g_assert_cmpstr (entry->version, ==, "1.0");
  g_assert_cmpuint (entry->n_audits, ==, 1);

  /* My Audits, Moderation and compare still read A's own audit */
  audits = assay_audit_list_readable (f->a, here, &missing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits->len, ==, 1);
  g_assert_cmpstr (assay_audit_get_id (audits->pdata[0]), ==, assay_audit_get_id (mine));
  g_assert_cmpuint (missing->len, ==, 1);
  entry = missing->pdata[0];
  g_assert_cmpstr (entry->framework, ==, "tiny");
  g_assert_cmpuint (entry->n_audits, ==, 1);
  g_clear_pointer (&audits, g_ptr_array_unref);
  audits = assay_audit_list (f->a, here, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits->len, ==, 1);

  comparison = assay_comparison_new (f->a, here, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assay_comparison_get_missing_frameworks (comparison)->len, ==, 1);
  json = assay_comparison_to_json (comparison);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (json), "missing_frameworks")), ==, 1);

  /* What people are told: how many, which framework, where it goes */
  text = assay_missing_frameworks_describe (missing);
  folder = assay_frameworks_get_partnership_dir ();
  g_assert_nonnull (strstr (text, "1 audit cannot be read here"));
  g_assert_nonnull (strstr (text, "“tiny” version 1.0"));
  g_assert_nonnull (strstr (text, folder));

  /* The audit itself was stored whole: with the framework installed it
   * reads as B wrote it, and importing again warns no more */
  installed = g_build_filename (f->dir, "frameworks", NULL);
  g_assert_cmpint (g_mkdir (installed, 0700), ==, 0);
  g_file_get_contents (tiny, &contents, &len, &error);
  g_assert_no_error (error);
  {
    g_autofree char *target = g_build_filename (installed, "tiny.json", NULL);

    g_file_set_contents (target, contents, (gssize) len, &error);
    g_assert_no_error (error);
  }
  assay_frameworks_load_dir (here, installed);
  g_assert_cmpuint (assay_frameworks_get_problems (here)->len, ==, 0);

  g_clear_pointer (&audits, g_ptr_array_unref);
  g_clear_pointer (&missing, g_ptr_array_unref);
  audits = assay_audit_list_readable (f->a, here, &missing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits->len, ==, 2);
  g_assert_cmpuint (missing->len, ==, 0);
  g_assert_nonnull (find_audit (audits, assay_audit_get_id (theirs)));
  g_assert_cmpint (assay_audit_get_grade (find_audit (audits, assay_audit_get_id (theirs)), "a1",
                                          NULL), ==, ASSAY_GRADE_SILVER);

  again = assay_bundle_merge (f->a, bundle, here, NULL, &error);
  g_assert_no_error (error);
  assert_counts (again, 0, 0, 1, 0);
  g_assert_cmpuint (again->missing_frameworks->len, ==, 0);
}

static void
test_bundle_missing_frameworks_sorted (void)
{
  g_autoptr(GPtrArray) missing =
    g_ptr_array_new_with_free_func ((GDestroyNotify) assay_missing_framework_free);
  g_autofree char *text = NULL;
  const char *expected[][2] = { { "tiny", "1.0" }, { "tiny", "1.10" }, { "visit", "2" } };

  assay_missing_frameworks_add (missing, "visit", "2", 1);
  assay_missing_frameworks_add (missing, "tiny", "1.10", 2);
  assay_missing_frameworks_add (missing, "tiny", "1.0", 1);
  assay_missing_frameworks_add (missing, "tiny", "1.10", 1);

  g_assert_cmpuint (missing->len, ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const AssayMissingFramework *entry = missing->pdata[i];

      g_assert_cmpstr (entry->framework, ==, expected[i][0]);
      g_assert_cmpstr (entry->version, ==, expected[i][1]);
    }
  g_assert_cmpuint (((AssayMissingFramework *) missing->pdata[1])->n_audits, ==, 3);

  text = assay_missing_frameworks_describe (missing);
  g_assert_nonnull (strstr (text, "5 audits cannot be read here"));
  g_assert_nonnull (strstr (text, "“tiny” version 1.10 (3)"));
  g_assert_nonnull (strstr (text, "“visit” version 2 (1)"));
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
      report = assay_bundle_merge (f->c, bundle, f->frameworks, NULL, &error);
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
  report = assay_bundle_merge (f->c, bundle, f->frameworks, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 2, 0, 0, 0);
  assert_no_damage (f->c);
}

/* A handle on the identity key held by a worker is emptied by a lock */
static void
test_bundle_box_key_revoked (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayBoxKey) key = NULL;
  const char *identity = assay_vault_get_identity (f->vault_b);
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  guint8 box_pk[crypto_box_PUBLICKEYBYTES];
  guint8 sealed[crypto_box_SEALBYTES + 5];
  guint8 opened[5];

  g_assert_cmpint (sodium_hex2bin (pk, sizeof pk, identity, 64, NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (crypto_sign_ed25519_pk_to_curve25519 (box_pk, pk), ==, 0);
  crypto_box_seal (sealed, (const guint8 *) "hello", 5, box_pk);

  key = assay_vault_get_box_key (f->vault_b, &error);
  g_assert_no_error (error);
  g_assert_true (assay_box_key_open (key, sealed, sizeof sealed, opened, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (opened, 5, "hello", 5);

  /* Someone else's: no, without an error */
  g_assert_false (assay_vault_open_box (f->vault_c, sealed, sizeof sealed, opened, &error));
  g_assert_no_error (error);

  assay_vault_lock (f->vault_b);
  g_assert_false (assay_box_key_open (key, sealed, sizeof sealed, opened, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_null (assay_vault_get_box_key (f->vault_b, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
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

  result = assay_bundle_import_files (f->c, files, ask_forum_passphrase, on_file_done, &calls,
                                      NULL);
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

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/bundle/round-trip", test_bundle_round_trip);
  ADD ("/bundle/cases-merge", test_bundle_cases_merge);
  ADD ("/bundle/update", test_bundle_update);
  ADD ("/bundle/since", test_bundle_since);
  ADD ("/bundle/not-for-us", test_bundle_not_for_us);
  ADD ("/bundle/partnership", test_bundle_partnership);
  ADD ("/bundle/bad-recipient", test_bundle_bad_recipient);
  ADD ("/bundle/not-a-bundle", test_bundle_not_a_bundle);
  ADD ("/bundle/tampered", test_bundle_tampered);
  ADD ("/bundle/forged", test_bundle_forged);
  ADD ("/bundle/conflict", test_bundle_conflict);
  ADD ("/bundle/conflict-sealed", test_bundle_conflict_sealed);
  ADD ("/bundle/replaces-file", test_bundle_replaces_file);
  ADD ("/bundle/missing-framework", test_bundle_missing_framework);
  ADD ("/bundle/open-async", test_bundle_open_async);
  ADD ("/bundle/box-key-revoked", test_bundle_box_key_revoked);
  ADD ("/bundle/import-files", test_bundle_import_files);
  ADD ("/bundle/export-file", test_bundle_export_file);
  g_test_add_func ("/bundle/describe", test_bundle_describe);
  g_test_add_func ("/bundle/missing-frameworks-sorted", test_bundle_missing_frameworks_sorted);

#undef ADD

  return g_test_run ();
}
