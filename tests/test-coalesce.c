/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "assay-audit-compact-private.h"
#include "assay-bundle.h"
#include "assay-record-private.h"
#include "assay-test-util.h"

/*
 * Revisions that don't multiply (issue 13): an editing session's saves
 * replace the revision it made, never one a bundle carried away; a crash in
 * the middle of one leaves the revision before or the one after, never a
 * half; a finished audit's drafts are compacted and the vault still checks.
 */

typedef AssayTestEnv Fixture;

static AssayRecord *
save (AssayStore *store,
      const char *id,
      const char *text,
      gboolean    coalesced)
{
  g_autoptr(GBytes) payload = assay_test_bytes (text);
  g_autoptr(GError) error = NULL;
  AssayRecord *record;

  if (coalesced)
    record = assay_store_save_coalesced (store, "audits", id, payload, &error);
  else
    record = assay_store_save (store, "audits", id, payload, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);

  return record;
}

static void
assert_text (const AssayRecord *record,
             const char        *text)
{
  gsize len = 0;
  const char *stored = assay_record_get_text (record, &len);

  g_assert_cmpmem (stored, len, text, strlen (text));
}

/* Fails unless `check` finds nothing wrong with @store and its head
 * verifies. */
static void
assert_sound (AssayStore *store)
{
  g_autoptr(AssayCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = assay_store_check (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < report->damaged->len; i++)
    {
      AssayDamage *damage = g_ptr_array_index (report->damaged, i);

      g_test_message ("damaged: %s/%s %" G_GINT64_FORMAT ": %s", damage->collection,
                      damage->id, damage->revision, damage->reason);
    }
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("problem: %s", (const char *) g_ptr_array_index (report->problems, i));
  g_assert_cmpuint (report->damaged->len, ==, 0);
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_null (report->database_problem);
  g_assert_cmpuint (report->n_ok, ==, report->n_records);

  g_assert_true (assay_store_verify_head (store, &error));
  g_assert_no_error (error);
}

static GArray *
revision_info (AssayStore *store,
               const char *id)
{
  g_autoptr(GError) error = NULL;
  GArray *info = assay_store_revision_info (store, "audits", id, &error);

  g_assert_no_error (error);

  return info;
}

static void
test_coalesce_session (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AssayRecord) first = save (f->store, NULL, "{\"n\":1}", FALSE);
  g_autoptr(AssayRecord) second = save (f->store, first->id, "{\"n\":2}", FALSE);
  g_autoptr(AssayRecord) newest = NULL;
  g_autoptr(GError) error = NULL;
  guint8 digest[ASSAY_RECORD_DIGEST_BYTES];
  guint64 stamp = second->hlc;

  /* Many saves of a session: one revision, rewritten in place. */
  for (guint i = 3; i <= 8; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"n\":%u}", i);
      g_autoptr(AssayRecord) saved = save (f->store, first->id, text, TRUE);

      g_assert_cmpint (saved->revision, ==, 2);
      g_assert_cmpuint (saved->hlc, >, stamp);
      stamp = saved->hlc;
    }
  g_assert_cmpuint (assay_test_n_revisions (f->vault), ==, 2);

  /* Still the revision that followed the first, as it did, and signed. */
  newest = assay_store_load (f->store, "audits", first->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (newest->revision, ==, 2);
  g_assert_cmpint (newest->base, ==, 1);
  _assay_record_digest (first, digest);
  g_assert_cmpmem (g_bytes_get_data (newest->base_digest, NULL),
                   g_bytes_get_size (newest->base_digest), digest, sizeof digest);
  g_assert_cmpuint (newest->hlc, ==, stamp);
  assert_text (newest, "{\"n\":8}");
  g_assert_true (_assay_record_verify (newest, &error));
  g_assert_no_error (error);

  assert_sound (f->store);

  /* A plain save (the CLI's) is a revision of its own, every time. */
  g_clear_pointer (&newest, assay_record_free);
  newest = save (f->store, first->id, "{\"n\":9}", FALSE);
  g_assert_cmpint (newest->revision, ==, 3);
  g_clear_pointer (&newest, assay_record_free);
  newest = save (f->store, first->id, "{\"n\":10}", FALSE);
  g_assert_cmpint (newest->revision, ==, 4);
  assert_sound (f->store);
}

/* A record made elsewhere is its author's: a coalesced save of it here is
 * a new revision, never a rewrite of theirs. */
static void
test_coalesce_not_theirs (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *dir = assay_test_mkdtemp ();
  g_autoptr(AssayVault) other = assay_test_vault_new (dir, NULL);
  g_autoptr(AssayStore) other_store = assay_store_new (other);
  g_autoptr(AssayRecord) theirs = save (other_store, NULL, "{\"by\":\"them\"}", FALSE);
  g_autoptr(AssayRecord) ours = NULL;
  g_autoptr(AssayRecord) held = NULL;
  g_autoptr(GError) error = NULL;
  AssayStoreImport outcome;

  g_assert_true (assay_store_import_revision (f->store, theirs, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, ASSAY_STORE_IMPORT_ADDED);

  ours = save (f->store, theirs->id, "{\"by\":\"us\"}", TRUE);
  g_assert_cmpint (ours->revision, ==, 2);
  held = assay_store_load_revision (f->store, "audits", theirs->id, 1, &error);
  g_assert_no_error (error);
  assert_text (held, "{\"by\":\"them\"}");
  g_assert_cmpstr (held->author, ==, theirs->author);

  /* A new record needs no id, coalesced or not. */
  g_clear_pointer (&ours, assay_record_free);
  ours = save (f->store, NULL, "{\"new\":true}", TRUE);
  g_assert_cmpint (ours->revision, ==, 1);

  assert_sound (f->store);

  g_clear_object (&other_store);
  g_clear_object (&other);
  assay_test_rmdir (dir);
}

/* What a bundle carried is marked exported and never rewritten: the next
 * coalesced save is a new revision. An export that fails marks nothing. */
static void
test_coalesce_exported (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AssayRecord) first = save (f->store, NULL, "{\"status\":\"draft\",\"n\":1}", FALSE);
  g_autoptr(AssayRecord) carried = save (f->store, first->id, "{\"status\":\"draft\",\"n\":2}",
                                         TRUE);
  g_autoptr(AssayRecord) after = NULL;
  g_autoptr(AssayRecord) kept = NULL;
  g_autoptr(AssayExportResult) result = NULL;
  g_autoptr(GArray) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = g_build_filename (f->dir, "self.assay", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "a-folder", NULL);

  /* Coalesced into the first: nothing has carried it. */
  g_assert_cmpint (carried->revision, ==, 1);

  /* A bundle that is never written carries nothing. */
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  result = assay_bundle_export_file (f->store, folder, NULL, NULL, &error);
  g_assert_nonnull (error);
  g_assert_null (result);
  g_clear_error (&error);
  info = revision_info (f->store, first->id);
  g_assert_cmpuint (info->len, ==, 1);
  g_assert_false (g_array_index (info, AssayRevisionInfo, 0).exported);
  g_clear_pointer (&info, g_array_unref);

  /* To this installation alone, a draft travels (a move to a new laptop). */
  result = assay_bundle_export_file (f->store, bundle, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->summary.n_records, ==, 1);
  info = revision_info (f->store, first->id);
  g_assert_cmpuint (info->len, ==, 1);
  g_assert_true (g_array_index (info, AssayRevisionInfo, 0).exported);
  g_clear_pointer (&info, g_array_unref);

  after = save (f->store, first->id, "{\"status\":\"draft\",\"n\":3}", TRUE);
  g_assert_cmpint (after->revision, ==, 2);
  g_clear_pointer (&after, assay_record_free);
  after = save (f->store, first->id, "{\"status\":\"draft\",\"n\":4}", TRUE);
  g_assert_cmpint (after->revision, ==, 2);

  /* The revision carried is exactly as it was carried. */
  kept = assay_store_load_revision (f->store, "audits", first->id, 1, &error);
  g_assert_no_error (error);
  assert_text (kept, "{\"status\":\"draft\",\"n\":2}");
  g_assert_cmpuint (kept->hlc, ==, carried->hlc);

  info = revision_info (f->store, first->id);
  g_assert_cmpuint (info->len, ==, 2);
  g_assert_true (g_array_index (info, AssayRevisionInfo, 0).exported);
  g_assert_false (g_array_index (info, AssayRevisionInfo, 1).exported);

  assert_sound (f->store);
}

/* Crashes: a child process on the same vault, killed with SIGKILL. */

typedef enum
{
  CRASH_UNCOMMITTED,   /* killed with the coalesced save in an open transaction */
  CRASH_COMMITTED,     /* killed once the coalesced save is committed */
  CRASH_ANYWHERE,      /* killed while saving over and over, wherever it is */
} CrashMode;

static int
run_crash_child (const char *path,
                 const char *id,
                 CrashMode   mode)
{
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(GError) error = NULL;

  database = assay_database_open (path, &error);
  g_assert_no_error (error);
  vault = assay_vault_new (database);
  g_assert_true (assay_vault_unlock (vault, ASSAY_TEST_PASSPHRASE, &error));
  store = assay_store_new (vault);

  if (mode == CRASH_UNCOMMITTED)
    g_assert_true (assay_store_begin (store, &error));

  for (guint n = 3;; n++)
    {
      g_autofree char *text = g_strdup_printf ("{\"n\":%u}", n);
      g_autoptr(AssayRecord) record = save (store, id, text, TRUE);

      g_assert_cmpint (record->revision, ==, 2);
      /* Told after every save: the parent kills after a few, wherever the
       * child is by then. */
      printf ("saved %u\n", n);
      fflush (stdout);

      if (mode != CRASH_ANYWHERE)
        for (;;)
          g_usleep (G_USEC_PER_SEC);
    }

  return 0;
}

static void
crash_during_save (Fixture   *f,
                   CrashMode  mode)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *mode_arg = g_strdup_printf ("%d", mode);
  g_autoptr(AssayRecord) first = save (f->store, NULL, "{\"n\":1}", FALSE);
  g_autoptr(AssayRecord) second = save (f->store, first->id, "{\"n\":2}", FALSE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayRecord) newest = NULL;
  guint last_told = 0;
  gsize len = 0;
  const char *text;
  guint n = 0;

  g_assert_nonnull (self_exe);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self_exe, "--crash-child", f->path, first->id, mode_arg, NULL);
  g_assert_no_error (error);

  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  for (guint i = 0; i < (mode == CRASH_ANYWHERE ? 5 : 1); i++)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (output, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_assert_true (sscanf (line, "saved %u", &last_told) == 1);
    }

  g_subprocess_send_signal (child, SIGKILL);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));

  /* Opened again as after a crash. */
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  database = assay_database_open (f->path, &error);
  g_assert_no_error (error);
  vault = assay_vault_new (database);
  g_assert_true (assay_vault_unlock (vault, ASSAY_TEST_PASSPHRASE, &error));
  store = assay_store_new (vault);
  assert_sound (store);

  newest = assay_store_load (store, "audits", first->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (newest->revision, ==, 2);
  g_assert_cmpuint (assay_test_n_revisions (vault), ==, 2);
  text = assay_record_get_text (newest, &len);
  g_assert_true (sscanf (text, "{\"n\":%u}", &n) == 1);

  switch (mode)
    {
    default:
    case CRASH_UNCOMMITTED:
      /* Never committed: the revision before, as it was. */
      assert_text (newest, "{\"n\":2}");
      g_assert_cmpuint (newest->hlc, ==, second->hlc);
      break;

    case CRASH_COMMITTED:
      assert_text (newest, "{\"n\":3}");
      break;

    case CRASH_ANYWHERE:
      /* The last save told of, or one after it: whole either way. */
      g_assert_cmpuint (n, >=, last_told);
      break;
    }

  /* It goes on from there. */
  g_clear_pointer (&newest, assay_record_free);
  newest = save (store, first->id, "{\"n\":100}", TRUE);
  g_assert_cmpint (newest->revision, ==, 2);
  assert_sound (store);

  f->vault = g_steal_pointer (&vault);
  f->store = g_steal_pointer (&store);
}

static void
test_crash_uncommitted (Fixture       *f,
                        gconstpointer  data)
{
  crash_during_save (f, CRASH_UNCOMMITTED);
}

static void
test_crash_committed (Fixture       *f,
                      gconstpointer  data)
{
  crash_during_save (f, CRASH_COMMITTED);
}

static void
test_crash_anywhere (Fixture       *f,
                     gconstpointer  data)
{
  crash_during_save (f, CRASH_ANYWHERE);
}

/* Compaction */

static void
set_grade (AssayAudit *audit,
           const char *criterion,
           AssayGrade  grade)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (assay_audit_set_grade (audit, criterion, grade, "seen in section F", &error));
  g_assert_no_error (error);
}

static void
grade_tiny (AssayAudit *audit)
{
  static const char * const criteria[] = { "a1", "a2", "b1", "b2", "c1", "c2" };

  for (guint i = 0; i < G_N_ELEMENTS (criteria); i++)
    set_grade (audit, criteria[i], ASSAY_GRADE_SILVER);
}

static void
test_compact_finished (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GArray) info = NULL;
  g_autoptr(GError) error = NULL;
  guint dropped = 0;

  audit = assay_audit_create (f->store, f->tiny, "EHC-2025-0042", FALSE, &error);
  g_assert_no_error (error);
  grade_tiny (audit);
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 7);

  /* A draft keeps its history: only a finished audit's drafts are done. */
  g_assert_true (_assay_audit_compact_history (audit, &dropped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dropped, ==, 0);
  g_assert_cmpuint (assay_test_n_revisions (f->vault), ==, 7);

  g_assert_true (assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 8);

  /* (Finishing may compact by itself: what is left is what counts.) */
  g_assert_true (_assay_audit_compact_history (audit, NULL, &error));
  g_assert_no_error (error);

  /* The first revision and the finished one stay. */
  history = assay_store_history (f->store, "audits", assay_audit_get_id (audit), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpint (((AssayRecord *) history->pdata[0])->revision, ==, 1);
  g_assert_cmpint (((AssayRecord *) history->pdata[1])->revision, ==, 8);
  info = revision_info (f->store, assay_audit_get_id (audit));
  g_assert_cmpint (g_array_index (info, AssayRevisionInfo, 0).compacted, ==, 0);
  g_assert_cmpint (g_array_index (info, AssayRevisionInfo, 1).compacted, ==, 6);
  assert_sound (f->store);

  /* Nothing more to drop. */
  g_assert_true (_assay_audit_compact_history (audit, &dropped, &error));
  g_assert_cmpuint (dropped, ==, 0);

  /* The audit reads as it was finished. */
  {
    g_autoptr(AssayAudit) again = assay_audit_open (f->store, f->frameworks,
                                                    assay_audit_get_id (audit), &error);

    g_assert_no_error (error);
    g_assert_cmpint (assay_audit_get_status (again), ==, ASSAY_AUDIT_STATUS_FINISHED);
    g_assert_cmpint (assay_audit_get_grade (again, "c2", NULL), ==, ASSAY_GRADE_SILVER);
  }
}

/* A revision a bundle carried, and one finished before a reopening, are
 * kept; the drafts around them go. */
static void
test_compact_keeps_exported (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(AssayExportResult) result = NULL;
  g_autoptr(GArray) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = g_build_filename (f->dir, "self.assay", NULL);
  static const gint64 kept[] = { 1, 3, 8, 11 };
  static const gint64 compacted[] = { 0, 1, 4, 2 };
  audit = assay_audit_create (f->store, f->tiny, "EHC-2025-0042", FALSE, &error);
  g_assert_no_error (error);
  set_grade (audit, "a1", ASSAY_GRADE_GOLD);                 /* 2 */
  set_grade (audit, "a2", ASSAY_GRADE_GOLD);                 /* 3: carried to a new laptop */
  result = assay_bundle_export_file (f->store, bundle, NULL, NULL, &error);
  g_assert_no_error (error);
  set_grade (audit, "b1", ASSAY_GRADE_GOLD);                 /* 4 */
  set_grade (audit, "b2", ASSAY_GRADE_GOLD);                 /* 5 */
  set_grade (audit, "c1", ASSAY_GRADE_GOLD);                 /* 6 */
  set_grade (audit, "c2", ASSAY_GRADE_SILVER);               /* 7 */
  g_assert_true (assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error));   /* 8 */
  g_assert_true (assay_audit_reopen (audit, "P5 to be looked at again", &error)); /* 9 */
  g_assert_no_error (error);
  set_grade (audit, "c2", ASSAY_GRADE_NOT_YET_BRONZE);       /* 10 */
  g_assert_true (assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error));   /* 11 */
  g_assert_no_error (error);

  g_assert_true (_assay_audit_compact_history (audit, NULL, &error));
  g_assert_no_error (error);

  /* The reopening (9) is a draft too: what it said is in the events the
   * finished revision after it carries. */
  info = revision_info (f->store, assay_audit_get_id (audit));
  g_assert_cmpuint (info->len, ==, G_N_ELEMENTS (kept));
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_assert_cmpint (g_array_index (info, AssayRevisionInfo, i).revision, ==, kept[i]);
      g_assert_cmpint (g_array_index (info, AssayRevisionInfo, i).compacted, ==, compacted[i]);
      g_assert_true (g_array_index (info, AssayRevisionInfo, i).exported == (kept[i] == 3));
    }
  assert_sound (f->store);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 5 && g_strcmp0 (argv[1], "--crash-child") == 0)
    return run_crash_child (argv[2], argv[3], (CrashMode) atoi (argv[4]));

  g_test_init (&argc, &argv, NULL);

  ASSAY_TEST_ADD_ENV ("/coalesce/session", ASSAY_TEST_ENV_DEFAULT, test_coalesce_session);
  ASSAY_TEST_ADD_ENV ("/coalesce/not-theirs", ASSAY_TEST_ENV_DEFAULT, test_coalesce_not_theirs);
  ASSAY_TEST_ADD_ENV ("/coalesce/exported", ASSAY_TEST_ENV_DEFAULT, test_coalesce_exported);
  ASSAY_TEST_ADD_ENV ("/coalesce/crash/uncommitted", ASSAY_TEST_ENV_DEFAULT,
                      test_crash_uncommitted);
  ASSAY_TEST_ADD_ENV ("/coalesce/crash/committed", ASSAY_TEST_ENV_DEFAULT,
                      test_crash_committed);
  ASSAY_TEST_ADD_ENV ("/coalesce/crash/anywhere", ASSAY_TEST_ENV_DEFAULT, test_crash_anywhere);
  ASSAY_TEST_ADD_ENV ("/coalesce/compact/finished", ASSAY_TEST_ENV_TINY, test_compact_finished);
  ASSAY_TEST_ADD_ENV ("/coalesce/compact/keeps-exported", ASSAY_TEST_ENV_TINY,
                      test_compact_keeps_exported);

  return g_test_run ();
}
