/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "assay-caseload.h"
#include "assay-test-util.h"
#include "bundle-test-fixture.h"

char *
subdir (const char *dir,
        const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);

  return path;
}

void
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

  /* Colleagues who compared fingerprints; chairs all, so that agreed grades
   * travel (test-trust checks who may send what). */
  assay_test_befriend (f->a, f->vault_b, TRUE);
  assay_test_befriend (f->a, f->vault_c, TRUE);
  assay_test_befriend (f->b, f->vault_a, TRUE);
  assay_test_befriend (f->b, f->vault_c, TRUE);
  assay_test_befriend (f->c, f->vault_a, TRUE);
  assay_test_befriend (f->c, f->vault_b, TRUE);
}

void
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

AssayAudit *
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
void
add_audit (Fixture    *f,
           const char *case_ref)
{
  g_autoptr(AssayAudit) audit = new_audit (f, f->a, case_ref, TRUE);

  g_assert_nonnull (audit);
}

char *
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
  g_test_message ("%s: %u records", name, summary.n_records);
  g_assert_cmpuint (summary.n_records, ==, expected_records);
  g_assert_cmpuint (summary.n_revisions, >=, summary.n_records);

  return path;
}

AssayImportReport *
import_from (AssayStore  *store,
             const char  *path,
             const char  *passphrase,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return assay_bundle_import (store, file, passphrase, ASSAY_IMPORT_NONE, NULL, error);
}

void
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
char *
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

guint
count_rows (AssayVault *vault,
            const char *sql)
{
  g_autoptr(AssayStatement) stmt =
    assay_database_prepare (assay_vault_get_database (vault), sql, NULL);

  g_assert_true (assay_statement_step (stmt, NULL));

  return (guint) assay_statement_get_int64 (stmt, 0);
}

void
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
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("%s", (const char *) report->problems->pdata[i]);
  g_assert_cmpuint (report->damaged->len, ==, 0);
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_null (report->database_problem);
  g_assert_cmpuint (report->n_ok, ==, report->n_records);
}

AssayAudit *
find_audit (GPtrArray  *audits,
            const char *id)
{
  for (guint i = 0; i < audits->len; i++)
    if (g_str_equal (assay_audit_get_id (audits->pdata[i]), id))
      return audits->pdata[i];

  return NULL;
}

void
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
