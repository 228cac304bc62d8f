/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-audit-editor-coalesce"

#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "assay-application-private.h"
#include "assay-audit-editor-private.h"
#include "assay-bundle.h"
#include "assay-criterion-row.h"
#include "assay-gui-test-util.h"
#include "assay-main-view-private.h"
#include "assay-test-util.h"
#include "assay-text-autosave.h"
#include "assay-window-private.h"

/*
 * How the editor saves (issue 13): a session's grades, notes and texts make
 * one revision, replaced in place as they come, until an export carries it;
 * a grade is on disk as soon as it is given; what is typed and not saved
 * yet is saved in one transaction when the vault locks, and when the window
 * closes.
 */

#define FRAMEWORK "advice-education"
#define CASE_REF "EHC-2025-0117"

typedef struct
{
  AssayTestEnv      env;
  AssayApplication *app;
  AssayVault       *vault;
  AssayWindow      *window;
  AssayMainView    *main_view;
  AssayAuditEditor *editor;
  char             *id;       /* the audit on screen */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  AssaySession *session;
  g_autoptr(AssayAudit) audit = NULL;

  assay_test_env_set_up (&fixture->env, ASSAY_TEST_ENV_VAULT_SHUT);
  fixture->app = assay_gui_test_application_new (fixture->env.path);
  fixture->vault = assay_application_get_vault (fixture->app);
  fixture->window = assay_gui_test_window_unlocked (fixture->app, 1200, 800);
  fixture->main_view = _assay_window_get_main_view (fixture->window);
  fixture->editor = ASSAY_AUDIT_EDITOR (assay_gui_test_find_descendant (
    GTK_WIDGET (fixture->main_view), ASSAY_TYPE_AUDIT_EDITOR));
  g_assert_nonnull (fixture->editor);

  /* Started as the new-audit dialog starts it: its first revision. */
  session = assay_audit_editor_get_session (fixture->editor);
  audit = assay_gui_test_audit_new (assay_session_get_store (session),
                                    assay_session_get_frameworks (session), FRAMEWORK, CASE_REF);
  fixture->id = g_strdup (assay_audit_get_id (audit));
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (fixture->main_view), "main.open-audit", "s",
                              fixture->id);
  g_assert_nonnull (assay_audit_editor_get_audit (fixture->editor));
  g_assert_cmpstr (assay_audit_get_id (assay_audit_editor_get_audit (fixture->editor)), ==,
                   fixture->id);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  assay_gui_test_app_close (&fixture->window, &fixture->app);
  g_free (fixture->id);
  assay_test_env_tear_down (&fixture->env);
}

/* The vault as another process would read it now, on its own connection. */
static AssayStore *
open_store (Fixture *fixture)
{
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(GError) error = NULL;

  database = assay_database_open (fixture->env.path, &error);
  g_assert_no_error (error);
  vault = assay_vault_new (database);
  g_assert_true (assay_vault_unlock (vault, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);

  return assay_store_new (vault);
}

static AssayAudit *
read_audit (Fixture    *fixture,
            AssayStore *store)
{
  g_autoptr(AssayFrameworks) frameworks = assay_frameworks_new_default ();
  g_autoptr(GError) error = NULL;
  AssayAudit *audit = assay_audit_open (store, frameworks, fixture->id, &error);

  g_assert_no_error (error);

  return audit;
}

/* Committed write transactions so far: the head counts each one. */
static gint64
head_generation (Fixture *fixture)
{
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;

  database = assay_database_open (fixture->env.path, &error);
  g_assert_no_error (error);
  stmt = assay_database_prepare (database, "SELECT generation FROM head", &error);
  g_assert_no_error (error);
  g_assert_true (assay_statement_step (stmt, &error));

  return assay_statement_get_int64 (stmt, 0);
}

static void
grade (Fixture    *fixture,
       const char *criterion,
       const char *token)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.grade", "(ss)", criterion,
                              token);
}

/* Typed into @view, and not saved yet: the pause has not come. */
static void
type_into (GtkTextView *view,
           const char  *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
}

static GtkTextView *
evidence_view (Fixture *fixture,
               guint    row)
{
  return _assay_criterion_row_get_evidence_view (_assay_audit_editor_get_row (fixture->editor,
                                                                              row));
}

static const char *
row_criterion (Fixture *fixture,
               guint    row)
{
  return assay_criterion_row_get_criterion (_assay_audit_editor_get_row (fixture->editor,
                                                                         row))->id;
}

/*
 * A session of many edits is one new revision, each edit on disk as it is
 * made; what waits to be saved when the vault locks is saved, all of it in
 * one transaction, while the keys are there.
 */
static void
test_session_and_lock (Fixture       *fixture,
                       gconstpointer  data)
{
  AssayAudit *audit = assay_audit_editor_get_audit (fixture->editor);
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayAudit) stored = NULL;
  g_autofree char *first = g_strdup (row_criterion (fixture, 0));
  g_autofree char *second = g_strdup (row_criterion (fixture, 1));
  g_autofree char *third = g_strdup (row_criterion (fixture, 2));
  const char *evidence = NULL;
  gint64 generation;

  grade (fixture, first, "silver");
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 2);
  grade (fixture, second, "not-yet-bronze");
  grade (fixture, third, "gold");
  grade (fixture, first, "not-yet-bronze");
  /* Each on disk, in the session's one revision. */
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 2);
  g_assert_cmpuint (assay_test_n_revisions (assay_store_get_vault (
    assay_session_get_store (assay_audit_editor_get_session (fixture->editor)))), ==, 2);

  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));
  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "editor-session");

  /* Notes and a text typed, waiting for the pause when the lock comes (the
   * main loop does not run in between). */
  type_into (evidence_view (fixture, 0), "timetable seen");
  type_into (evidence_view (fixture, 1), "no named therapist");
  type_into (_assay_audit_editor_get_text_view (fixture->editor, ASSAY_AUDIT_STRENGTHS),
             "warm relationships");

  generation = head_generation (fixture);
  assay_vault_lock (fixture->vault);
  g_assert_cmpint (head_generation (fixture), ==, generation + 1);

  store = open_store (fixture);
  stored = read_audit (fixture, store);
  g_assert_cmpint (assay_audit_get_revision (stored), ==, 2);
  g_assert_cmpuint (assay_test_n_revisions (assay_store_get_vault (store)), ==, 2);
  g_assert_cmpint (assay_audit_get_grade (stored, first, &evidence), ==,
                   ASSAY_GRADE_NOT_YET_BRONZE);
  g_assert_cmpstr (evidence, ==, "timetable seen");
  g_assert_cmpint (assay_audit_get_grade (stored, second, &evidence), ==,
                   ASSAY_GRADE_NOT_YET_BRONZE);
  g_assert_cmpstr (evidence, ==, "no named therapist");
  g_assert_cmpint (assay_audit_get_grade (stored, third, NULL), ==, ASSAY_GRADE_GOLD);
  g_assert_cmpstr (assay_audit_get_text (stored, ASSAY_AUDIT_STRENGTHS), ==,
                   "warm relationships");
}

static gboolean
editor_has_audit (gpointer data)
{
  return assay_audit_editor_get_audit (data) != NULL;
}

/*
 * A grade given is on disk before the editor returns to the main loop; a
 * new session is a new revision; and once an export has carried the
 * session's revision away, the next change is a revision of its own.
 */
static void
test_grade_at_once_and_export (Fixture       *fixture,
                               gconstpointer  data)
{
  AssayAudit *audit = assay_audit_editor_get_audit (fixture->editor);
  AssayStore *app_store = assay_session_get_store (assay_audit_editor_get_session (fixture->editor));
  g_autofree char *first = g_strdup (row_criterion (fixture, 0));
  g_autofree char *bundle = g_build_filename (fixture->env.dir, "self.assay", NULL);
  g_autoptr(AssayExportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  grade (fixture, first, "silver");
  {
    g_autoptr(AssayStore) store = open_store (fixture);
    g_autoptr(AssayAudit) stored = read_audit (fixture, store);

    g_assert_cmpint (assay_audit_get_grade (stored, first, NULL), ==, ASSAY_GRADE_SILVER);
  }

  /* Carried to this moderator's new laptop: never rewritten after. */
  result = assay_bundle_export_file (app_store, bundle, NULL, NULL, &error);
  g_assert_no_error (error);
  grade (fixture, first, "bronze");
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 3);
  grade (fixture, first, "not-yet-bronze");
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 3);
  {
    g_autoptr(AssayStore) store = open_store (fixture);
    g_autoptr(AssayRecord) carried = assay_store_load_revision (store, "audits", fixture->id, 2,
                                                                &error);
    g_autoptr(AssayAudit) stored = read_audit (fixture, store);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (assay_record_get_text (carried, NULL), "\"silver\""));
    g_assert_cmpint (assay_audit_get_grade (stored, first, NULL), ==,
                     ASSAY_GRADE_NOT_YET_BRONZE);
  }

  /* Opened again, after a lock: another session, another revision. */
  assay_vault_lock (fixture->vault);
  g_assert_true (assay_vault_unlock (fixture->vault, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);
  fixture->editor = ASSAY_AUDIT_EDITOR (assay_gui_test_find_descendant (
    GTK_WIDGET (fixture->main_view), ASSAY_TYPE_AUDIT_EDITOR));
  g_assert_true (assay_gui_test_wait_until (editor_has_audit, fixture->editor, 5000));
  audit = assay_audit_editor_get_audit (fixture->editor);
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 3);
  grade (fixture, first, "silver");
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 4);
  grade (fixture, first, "bronze");
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 4);
}

/* Closing the window saves the note being typed. */
static void
test_close_saves (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *first = g_strdup (row_criterion (fixture, 0));
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayAudit) stored = NULL;
  const char *evidence = NULL;

  type_into (evidence_view (fixture, 0), "advice came 9 weeks after the request");
  gtk_window_close (GTK_WINDOW (fixture->window));
  assay_gui_test_wait_idle ();

  store = open_store (fixture);
  stored = read_audit (fixture, store);
  assay_audit_get_grade (stored, first, &evidence);
  g_assert_cmpstr (evidence, ==, "advice came 9 weeks after the request");
  g_assert_cmpint (assay_audit_get_revision (stored), ==, 2);
}

/* An editor anywhere, not only the main view's, saves what waits to be
 * saved when the vault it works on locks. */
static void
test_lock_own_window (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(AssaySession) session = assay_session_new (fixture->vault);
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(GPtrArray) activated = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayAudit) stored = NULL;
  g_autofree char *first = NULL;
  AssayAuditEditor *editor = g_object_new (ASSAY_TYPE_AUDIT_EDITOR, NULL);
  GtkWindow *window;
  const char *evidence = NULL;

  window = assay_gui_test_page_window (GTK_WIDGET (editor), "Audit", 1000, 700, "open-audit",
                                       activated);
  audit = assay_audit_open (assay_session_get_store (session),
                            assay_session_get_frameworks (session), fixture->id, &error);
  g_assert_no_error (error);
  assay_audit_editor_set_session (editor, session);
  assay_audit_editor_set_audit (editor, audit);
  gtk_window_present (window);

  first = g_strdup (assay_criterion_row_get_criterion (
    _assay_audit_editor_get_row (editor, 0))->id);
  type_into (_assay_criterion_row_get_evidence_view (_assay_audit_editor_get_row (editor, 0)),
             "seen in the timetable");
  assay_vault_lock (fixture->vault);

  store = open_store (fixture);
  stored = read_audit (fixture, store);
  assay_audit_get_grade (stored, first, &evidence);
  g_assert_cmpstr (evidence, ==, "seen in the timetable");

  assay_gui_test_page_window_destroy (&window, NULL);
}

/* The rule for when typing is saved (assay-text-autosave.h). */
static void
test_autosave_due (void)
{
  const gint64 ms = G_TIME_SPAN_MILLISECOND;
  const gint64 t = 1000000 * ms;

  /* A pause saves, */
  g_assert_cmpint (assay_text_autosave_due (t, t, 0, 700), ==, t + 700 * ms);
  /* a second of typing without one does, */
  g_assert_cmpint (assay_text_autosave_due (t + 900 * ms, t, 0, 700), ==, t + 1000 * ms);
  /* and never within a second of the save before. */
  g_assert_cmpint (assay_text_autosave_due (t, t, t - 100 * ms, 700), ==, t + 900 * ms);
  g_assert_cmpint (assay_text_autosave_due (t + 2000 * ms, t, 0, 700), ==, t + 2000 * ms);
}

int
main (int   argc,
      char *argv[])
{
  assay_gui_test_init (&argc, &argv);

  g_test_add_func ("/audit-editor-coalesce/autosave-due", test_autosave_due);
  g_test_add ("/audit-editor-coalesce/session-and-lock", Fixture, NULL,
              fixture_setup, test_session_and_lock, fixture_teardown);
  g_test_add ("/audit-editor-coalesce/grade-at-once-and-export", Fixture, NULL,
              fixture_setup, test_grade_at_once_and_export, fixture_teardown);
  g_test_add ("/audit-editor-coalesce/lock-own-window", Fixture, NULL,
              fixture_setup, test_lock_own_window, fixture_teardown);
  g_test_add ("/audit-editor-coalesce/close-saves", Fixture, NULL,
              fixture_setup, test_close_saves, fixture_teardown);

  return g_test_run ();
}
