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

/* What an import does to the store: conflicts and missing frameworks. See
 * bundle-test-fixture.h. */

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

  /* Keeping the other version makes it a new revision, numbered past both
   * sides (and their base digests) so that it follows either. */
  assay_bundle_resolve_conflict (f->a, conflicts->pdata[0], ASSAY_CONFLICT_KEEP_THEIRS, &error);
  g_assert_no_error (error);
  reread = assay_audit_open (f->a, f->frameworks, assay_audit_get_id (audit), &error);
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_grade (reread, "a1", NULL), ==, ASSAY_GRADE_BRONZE);
  g_assert_cmpint (assay_audit_get_revision (reread), ==, revision + 3);

  none = assay_bundle_list_conflicts (f->a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_false (assay_bundle_resolve_conflict (f->a, conflicts->pdata[0],
                                                 ASSAY_CONFLICT_KEEP_MINE, &error));
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
  report = assay_bundle_merge (f->a, bundle, here, ASSAY_IMPORT_NONE, NULL, &error);
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

  again = assay_bundle_merge (f->a, bundle, here, ASSAY_IMPORT_NONE, NULL, &error);
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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ASSAY_TEST_ADD ("/bundle/conflict", test_bundle_conflict);
  ASSAY_TEST_ADD ("/bundle/conflict-sealed", test_bundle_conflict_sealed);
  ASSAY_TEST_ADD ("/bundle/missing-framework", test_bundle_missing_framework);
  g_test_add_func ("/bundle/missing-frameworks-sorted", test_bundle_missing_frameworks_sorted);

  return g_test_run ();
}
