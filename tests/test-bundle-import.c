/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "assay-audit-private.h"
#include "assay-bundle-private.h"
#include "assay-bundle-stream.h"
#include "assay-caseload.h"
#include "assay-test-util.h"
#include "bundle-test-fixture.h"

/* Import at scale: bundles that carry only newest revisions, bundles larger
 * than anything the reader buffers, many files in one call, and the
 * progress an import reports. See bundle-test-fixture.h. */

/* The fixture's caseload with one plan's caseworker changed: what a
 * moderator's own spreadsheet says of it. */
static void
import_caseload_saying (AssayStore *store,
                        const char *dir,
                        const char *caseworker)
{
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "fixtures", "caseload",
                                                "utf8.csv", NULL);
  g_autofree char *edited = g_build_filename (dir, "caseload.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *row = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  row = g_strconcat ("EHC-1001,new,2024-09-02,2025-01-20,North,", caseworker, NULL);
  text = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (text, "EHC-1001,new,2024-09-02,2025-01-20,North,Zoë Adebayo",
                                      row, 1), ==, 1);
  g_assert_true (g_file_set_contents (edited, text->str, (gssize) text->len, NULL));

  assay_caseload_import (store, edited, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->updated, ==, 1);
}

/* Everything @from holds, exported for @to and imported there. */
static AssayImportReport *
carry (Fixture    *f,
       AssayStore *from,
       const char *dir,
       const char *name,
       AssayVault *to_vault,
       AssayStore *to)
{
  g_autofree char *path = export_to (from, dir, name, assay_vault_get_identity (to_vault), NULL,
                                     NULL, 2);
  g_autoptr(GError) error = NULL;
  AssayImportReport *report = import_from (to, path, NULL, &error);

  g_assert_no_error (error);

  return report;
}

/* A's plan travels to B and C; each changes it from the same revision, and
 * their bundles (newest revisions only, no history) come back to A: the
 * first is an update, the second a conflict with it, set aside beside it. */
static void
test_import_newest_only_conflict (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(AssayImportReport) to_b = NULL;
  g_autoptr(AssayImportReport) to_c = NULL;
  g_autoptr(AssayImportReport) from_b = NULL;
  g_autoptr(AssayImportReport) from_c = NULL;
  g_autoptr(AssayRecord) held = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  AssayConflict *conflict;
  gsize len;

  add_audit (f, "EHC-1001");

  /* The audit and its plan, to each. */
  to_b = carry (f, f->a, f->dir, "to-b.assay", f->vault_b, f->b);
  assert_counts (to_b, 2, 0, 0, 0);
  to_c = carry (f, f->a, f->dir, "to-c.assay", f->vault_c, f->c);
  assert_counts (to_c, 2, 0, 0, 0);

  /* Both edit the plan A sent them (the other plans are new to them). */
  import_caseload_saying (f->b, f->dir_b, "Bea Brown");
  import_caseload_saying (f->c, f->dir_c, "Cal Cole");

  from_b = carry (f, f->b, f->dir_b, "b.assay", f->vault_a, f->a);
  assert_counts (from_b, 0, 1, 1, 0);
  from_c = carry (f, f->c, f->dir_c, "c.assay", f->vault_a, f->a);
  assert_counts (from_c, 0, 0, 1, 1);
  conflict = from_c->conflicts->pdata[0];
  g_assert_cmpstr (conflict->collection, ==, ASSAY_CASELOAD_COLLECTION);
  g_assert_cmpstr (conflict->local_author, ==, assay_vault_get_identity (f->vault_b));
  g_assert_cmpstr (conflict->other_author, ==, assay_vault_get_identity (f->vault_c));

  /* B's version is held; C's waits beside it. */
  held = assay_store_load (f->a, ASSAY_CASELOAD_COLLECTION, conflict->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (assay_record_get_text (held, &len), "Bea Brown"));
  g_assert_nonnull (strstr (assay_record_get_text (conflict->other, &len), "Cal Cole"));
  conflicts = assay_bundle_list_conflicts (f->a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  assert_no_damage (f->a);
}

/* What the import's progress callback was told, per file. */
typedef struct
{
  guint   n_calls;
  guint   n_files_ended;
  guint64 done;
  guint64 total;
} Progress;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  /* A new file starts from nothing; within one, nothing goes back. */
  if (progress->n_calls > 0 && progress->done == progress->total && done < progress->done)
    progress->total = 0;
  else if (progress->n_calls > 0)
    {
      g_assert_cmpuint (total, ==, progress->total);
      g_assert_cmpuint (done, >=, progress->done);
    }

  g_assert_cmpuint (total, >, 0);
  g_assert_cmpuint (done, <=, total);
  if (done == total && progress->done != total)
    progress->n_files_ended++;

  progress->done = done;
  progress->total = total;
  progress->n_calls++;
}

/* Many copies of one finished audit with long evidence, each its own audit,
 * saved by A in one transaction: a store that makes a large bundle. */
static void
add_audit_copies (Fixture *f,
                  guint    n)
{
  g_autofree char *evidence = g_strnfill (1500, 'e');
  g_autoptr(AssayAudit) audit = assay_audit_create (f->a, f->tiny, "EHC-1002", FALSE, NULL);
  g_autoptr(AssayRecord) record = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *criteria[] = { "a1", "a2", "b1", "b2", "c1", "c2" };
  JsonObject *object;
  const char *text;
  gsize len;

  for (guint i = 0; i < G_N_ELEMENTS (criteria); i++)
    {
      assay_audit_set_grade (audit, criteria[i], ASSAY_GRADE_SILVER, evidence, &error);
      g_assert_no_error (error);
    }
  assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error);
  g_assert_no_error (error);

  record = assay_store_load (f->a, ASSAY_AUDIT_COLLECTION, assay_audit_get_id (audit), &error);
  g_assert_no_error (error);
  text = assay_record_get_text (record, &len);
  g_assert_true (json_parser_load_from_data (parser, text, (gssize) len, NULL));
  object = json_node_get_object (json_parser_get_root (parser));

  g_assert_true (assay_store_begin (f->a, &error));
  for (guint i = 1; i < n; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(AssayRecord) copy = NULL;
      g_autoptr(GBytes) payload = NULL;
      char *json;

      json_object_set_string_member (object, "id", id);
      json_generator_set_root (generator, json_parser_get_root (parser));
      json = json_generator_to_data (generator, &len);
      payload = g_bytes_new_take (json, len);
      copy = assay_store_save (f->a, ASSAY_AUDIT_COLLECTION, id, payload, &error);
      g_assert_no_error (error);
    }
  g_assert_true (assay_store_commit (f->a, &error));
}

/* A bundle bigger than the largest entry the reader takes (the most it
 * would ever buffer of one) is written and read a chunk at a time: export
 * and import both go through, and the import's progress follows it. */
static void
test_import_larger_than_buffers (Fixture       *f,
                                 gconstpointer  data)
{
  const guint n = 1800;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(AssayImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *files[2] = { NULL, NULL };
  Progress progress = { 0, };

  add_audit_copies (f, n);
  /* The n audits and the one plan they are about. */
  path = export_to (f->a, f->dir, "large.assay", assay_vault_get_identity (f->vault_b), NULL,
                    NULL, n + 1);

  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL,
                            &error);
  g_assert_no_error (error);
  g_test_message ("bundle: %" G_GOFFSET_FORMAT " bytes", g_file_info_get_size (info));
  g_assert_cmpint (g_file_info_get_size (info), >, ASSAY_BUNDLE_STREAM_MAX_ENTRY);

  files[0] = path;
  result = assay_bundle_import_files (f->b, files, ASSAY_IMPORT_NONE, NULL, NULL, on_progress,
                                      &progress, NULL);
  g_assert_null (assay_import_result_get_first_error (result));
  g_assert_cmpuint (result->added, ==, n + 1);
  g_assert_cmpuint (count_rows (f->vault_b, "SELECT count(*) FROM records WHERE collection = "
                                            "'audits'"), ==, n);

  /* Told as it went, to the end: twice the file, read once to verify and
   * once to merge. */
  g_assert_cmpuint (progress.n_calls, >, n);
  g_assert_cmpuint (progress.total, ==, 2 * (guint64) g_file_info_get_size (info));
  g_assert_cmpuint (progress.done, ==, progress.total);
  g_assert_cmpuint (progress.n_files_ended, ==, 1);
}

static void
on_file_done (const AssayImportFileResult *file,
              gpointer                     user_data)
{
  Progress *progress = user_data;

  /* Each file is told to its end before it is reported. */
  if (file->report != NULL)
    g_assert_cmpuint (progress->done, ==, progress->total);
}

/* Several bundles in one call, one failing in the middle: each file is its
 * own transaction, the others go in, and the progress starts again for
 * each and ends with it. */
static void
test_import_several_files (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "not-there.assay", NULL);
  g_autoptr(AssayImportResult) result = NULL;
  const char *files[4];
  const AssayImportFileResult *failed;
  Progress progress = { 0, };

  add_audit (f, "EHC-1001");
  first = export_to (f->a, f->dir, "first.assay", assay_vault_get_identity (f->vault_b), NULL,
                     NULL, 2);
  add_audit (f, "EHC-1002");
  second = export_to (f->a, f->dir, "second.assay", assay_vault_get_identity (f->vault_b), NULL,
                      NULL, 4);

  files[0] = first;
  files[1] = missing;
  files[2] = second;
  files[3] = NULL;
  result = assay_bundle_import_files (f->b, files, ASSAY_IMPORT_NONE, NULL, on_file_done,
                                      on_progress, &progress, NULL);

  g_assert_cmpuint (result->files->len, ==, 3);
  failed = result->files->pdata[1];
  g_assert_null (failed->report);
  g_assert_error (failed->error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE);
  g_assert_true (assay_import_result_get_first_error (result) == failed->error);

  assert_counts (((AssayImportFileResult *) result->files->pdata[0])->report, 2, 0, 0, 0);
  assert_counts (((AssayImportFileResult *) result->files->pdata[2])->report, 2, 0, 2, 0);
  g_assert_cmpuint (result->added, ==, 4);
  g_assert_cmpuint (result->unchanged, ==, 2);
  g_assert_cmpuint (count_rows (f->vault_b, "SELECT count(*) FROM records "
                                            "WHERE collection = 'audits'"), ==, 2);
  g_assert_cmpuint (progress.n_files_ended, ==, 2);
  assert_no_damage (f->b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/bundle-import/newest-only-conflict", test_import_newest_only_conflict);
  ADD ("/bundle-import/larger-than-buffers", test_import_larger_than_buffers);
  ADD ("/bundle-import/several-files", test_import_several_files);

  return g_test_run ();
}
