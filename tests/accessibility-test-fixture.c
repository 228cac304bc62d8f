/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "accessibility-test-fixture"

#include "config.h"

#include "accessibility-test-fixture.h"
#include "assay-bundle.h"
#include "assay-unlock-page-private.h"

/* What test-accessibility-names and test-accessibility-editor share: the
 * real application on a filled store, and the way around it. */

void
accessibility_test_init (int    *argc,
                         char ***argv)
{
  assay_gui_test_init (argc, argv);

  if (g_strcmp0 (g_getenv ("GTK_A11Y"), "test") != 0)
    g_error ("Run with GTK_A11Y=test");
}

static char *
finished (AssayStore      *store,
          AssayFrameworks *frameworks,
          const char      *case_ref,
          AssayGrade       grade)
{
  return assay_gui_test_audit_finished (store, frameworks, case_ref, grade, NULL,
                                        ASSAY_GRADE_NONE, NULL);
}

/* The data every page needs to show more than its empty state: A's caseload
 * and audits, B's results merged from a real bundle addressed to A */
static void
fill_store (Fixture *f)
{
  g_autoptr(AssayFrameworks) frameworks = assay_frameworks_new_default ();
  g_autoptr(AssayVault) vault_a = assay_test_vault_new_moderator (f->env.dir, "Sam Okafor",
                                                                      "Education");
  g_autoptr(AssayVault) vault_b = NULL;
  g_autoptr(AssayStore) store_a = assay_store_new (vault_a);
  g_autoptr(AssayStore) store_b = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(AssayAudit) open_audit = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  const char *recipients[2] = { NULL, NULL };
  AssayExportOptions options = { NULL, NULL, NULL };

  f->dir_b = assay_test_mkdtemp ();
  vault_b = assay_test_vault_new_moderator (f->dir_b, "Ann Patel", "Health");
  store_b = assay_store_new (vault_b);

  g_free (finished (store_a, frameworks, "EHC-1001", ASSAY_GRADE_SILVER));
  g_free (finished (store_a, frameworks, "EHC-1002", ASSAY_GRADE_SILVER));
  open_audit = assay_gui_test_audit_new (store_a, frameworks, "ehcp-new", CASE_OPEN);
  f->open_audit_id = g_strdup (assay_audit_get_id (open_audit));
  g_free (finished (store_b, frameworks, "EHC-1001", ASSAY_GRADE_SILVER));
  g_free (finished (store_b, frameworks, "EHC-1002", ASSAY_GRADE_GOLD));

  f->bundle_path = g_build_filename (f->dir_b, "ann.assay", NULL);
  file = g_file_new_for_path (f->bundle_path);
  recipients[0] = assay_vault_get_identity (vault_a);
  options.recipients = recipients;
  assay_bundle_export (store_b, file, &options, NULL, NULL, &error);
  g_assert_no_error (error);

  assay_test_befriend (store_a, vault_b, FALSE);
  report = assay_bundle_import (store_a, file, NULL, ASSAY_IMPORT_NONE, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_open (Fixture  *f,
              gboolean  with_vault)
{
  assay_test_env_set_up (&f->env, ASSAY_TEST_ENV_NO_VAULT);
  if (with_vault)
    fill_store (f);

  f->app = assay_gui_test_application_new (f->env.path);

  f->vault = assay_application_get_vault (f->app);
  f->window = assay_window_new (ADW_APPLICATION (f->app), f->vault);
  g_object_ref (f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
}

void
fixture_setup_new (Fixture       *f,
                   gconstpointer  data)
{
  fixture_open (f, FALSE);
}

void
fixture_setup_filled (Fixture       *f,
                      gconstpointer  data)
{
  fixture_open (f, TRUE);
}

void
close_other_toplevels (Fixture *f)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (l->data != (gpointer) f->window && gtk_widget_get_visible (l->data))
      gtk_window_destroy (l->data);
  assay_gui_test_wait_idle ();
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  close_other_toplevels (f);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  assay_gui_test_wait_idle ();
  g_clear_object (&f->app);
  assay_test_env_tear_down (&f->env);
  if (f->dir_b != NULL)
    assay_test_rmdir (f->dir_b);
  g_clear_pointer (&f->dir_b, g_free);
  g_clear_pointer (&f->open_audit_id, g_free);
  g_clear_pointer (&f->bundle_path, g_free);
}

/* --- Driving the application ------------------------------------------ */

gboolean
page_is (Fixture    *f,
         const char *page)
{
  return g_strcmp0 (_assay_window_get_visible_page (f->window), page) == 0;
}

static gboolean
unlock_idle (gpointer data)
{
  Fixture *f = data;

  return !_assay_unlock_page_get_busy (_assay_window_get_unlock_page (f->window));
}

void
unlock (Fixture *f)
{
  AssayUnlockPage *unlock = _assay_window_get_unlock_page (f->window);

  gtk_editable_set_text (_assay_unlock_page_get_passphrase_entry (unlock),
                         ASSAY_TEST_PASSPHRASE);
  gtk_widget_activate_action (GTK_WIDGET (unlock), "unlock.unlock", NULL);
  g_assert_true (assay_gui_test_wait_until (unlock_idle, f, 30000));
  g_assert_true (page_is (f, "main"));
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
}

typedef struct
{
  GType type;
} ToplevelWait;

static gboolean
toplevel_shown (gpointer data)
{
  ToplevelWait *wait = data;
  GtkWindow *window = assay_gui_test_find_toplevel (wait->type);

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

GtkWindow *
wait_for_toplevel (GType type)
{
  ToplevelWait wait = { type };
  GtkWindow *window;

  g_assert_true (assay_gui_test_wait_until (toplevel_shown, &wait, 10000));
  window = assay_gui_test_find_toplevel (type);
  assay_gui_test_wait_drawn (GTK_WIDGET (window));

  return window;
}

void
show_page (Fixture    *f,
           const char *page)
{
  AssayMainView *main_view = _assay_window_get_main_view (f->window);

  gtk_widget_activate_action (GTK_WIDGET (main_view), "main.show-page", "s", page);
  g_assert_cmpstr (assay_main_view_get_page (main_view), ==, page);
  assay_gui_test_wait_idle ();
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
}

GtkWidget *
find_page (Fixture *f,
           GType    type)
{
  GtkWidget *page = assay_gui_test_find_descendant (GTK_WIDGET (f->window), type);

  g_assert_nonnull (page);

  return page;
}

/* A draft setting visit on the provision-lines fixture, with two lines,
 * the second not delivered and open on its notes, on the lines page. */
AssayProvisionLines *
open_visit (Fixture          *f,
            AssayAuditEditor *editor)
{
  AssaySession *session = assay_audit_editor_get_session (editor);
  AssayMainView *main_view = _assay_window_get_main_view (f->window);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                 "visit-lines.json", NULL);
  g_autoptr(AssayFramework) framework = NULL;
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  AssayProvisionLines *lines;

  framework = assay_framework_new_from_file (path, &error);
  g_assert_no_error (error);
  assay_frameworks_add (assay_session_get_frameworks (session), framework);
  audit = assay_audit_create (assay_session_get_store (session), framework, "EHC-1006", FALSE,
                              &error);
  g_assert_no_error (error);
  assay_audit_set_grade (audit, "p1", ASSAY_GRADE_SILVER, NULL, &error);
  g_assert_no_error (error);
  first = assay_audit_add_line (audit, "Speech and language therapy, 30 minutes weekly",
                                &error);
  g_assert_no_error (error);
  second = assay_audit_add_line (audit, "Small group literacy, 3 × 20 minutes a week", &error);
  g_assert_no_error (error);
  assay_audit_set_line (audit, second, ASSAY_DELIVERED_NO, "None since May", NULL, NULL,
                        &error);
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (main_view), "main.open-audit", "s",
                              assay_audit_get_id (audit));
  g_assert_cmpstr (assay_main_view_get_page (main_view), ==, "audit");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.previous-section", NULL);
  g_assert_cmpuint (_assay_audit_editor_get_page (editor), ==, G_MAXUINT);

  lines = _assay_audit_editor_get_provision_lines (editor);
  g_assert_cmpuint (_assay_provision_lines_get_n_rows (lines), ==, 2);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (_assay_provision_lines_get_row (lines, 1)),
                                 TRUE);
  assay_gui_test_wait_idle ();
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));

  return lines;
}

