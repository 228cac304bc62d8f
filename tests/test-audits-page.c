/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-audits-page"

#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "assay-application-private.h"
#include "assay-audit-editor.h"
#include "assay-audit-row.h"
#include "assay-audit-status.h"
#include "assay-grade-label.h"
#include "assay-audits-page-private.h"
#include "assay-bundle.h"
#include "assay-contacts-window.h"
#include "assay-gui-test-util.h"
#include "assay-main-view-private.h"
#include "assay-test-util.h"
#include "assay-window-private.h"

typedef struct
{
  AssayTestEnv      env;
  AssayApplication *app;
  AssayVault       *vault;
  AssayWindow      *window;
  AssayMainView    *main_view;
  AssayAuditsPage  *page;
  AssaySession     *session;
  char             *draft_id;     /* setting-visit, EHC-1, partly graded */
  char             *finished_id;  /* advice-education, EHC-2, finished */
  char             *other_id;     /* ehcp-new, EHC-3, nothing graded */
} Fixture;

/* What the fixture makes, and whether My Audits is shown once unlocked */
enum {
  FIXTURE_EMPTY = 0,
  FIXTURE_AUDITS = 1 << 0,
  FIXTURE_HIDDEN = 1 << 1,
};

static gboolean
page_loaded (gpointer data)
{
  Fixture *fixture = data;

  return !_assay_audits_page_get_loading (fixture->page);
}

/* The listing runs in the background: wait for its end */
static void
wait_loaded (Fixture *fixture)
{
  g_assert_true (assay_gui_test_wait_until (page_loaded, fixture, 10000));
}

static char *
make_audit (AssayStore      *store,
            AssayFrameworks *frameworks,
            const char      *framework_id,
            const char      *case_ref,
            gboolean         finish)
{
  g_autoptr(AssayAudit) audit = assay_gui_test_audit_new (store, frameworks, framework_id,
                                                          case_ref);
  AssayFramework *framework = assay_audit_get_framework (audit);
  g_autoptr(GError) error = NULL;
  guint graded = 0;

  for (guint s = 0; s < assay_framework_get_n_sections (framework); s++)
    {
      const AssaySection *section = assay_framework_get_section (framework, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const AssayCriterion *criterion = section->criteria->pdata[c];

          if (!finish && (g_strcmp0 (framework_id, "ehcp-new") == 0 || graded >= 4))
            break;
          assay_audit_set_grade (audit, criterion->id, ASSAY_GRADE_SILVER,
                                 graded == 0 ? "seen on the visit" : NULL, &error);
          g_assert_no_error (error);
          graded++;
        }
    }

  if (finish)
    {
      assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error);
      g_assert_no_error (error);
    }

  return g_strdup (assay_audit_get_id (audit));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  assay_test_env_set_up (&fixture->env, ASSAY_TEST_ENV_BUILTIN);

  /* Created a second apart would be nicer; the order by date is checked
   * on ids instead, which the store keeps in creation order. */
  if (GPOINTER_TO_INT (data) & FIXTURE_AUDITS)
    {
      AssayStore *store = fixture->env.store;
      AssayFrameworks *frameworks = fixture->env.frameworks;

      fixture->draft_id = make_audit (store, frameworks, "setting-visit", "EHC-1", FALSE);
      fixture->finished_id = make_audit (store, frameworks, "advice-education", "EHC-2", TRUE);
      fixture->other_id = make_audit (store, frameworks, "ehcp-new", "EHC-3", FALSE);
    }

  /* Shut, as on an earlier run, for the application to open */
  g_clear_object (&fixture->env.store);
  g_clear_object (&fixture->env.vault);

  fixture->app = assay_gui_test_application_new (fixture->env.path);
  fixture->vault = assay_application_get_vault (fixture->app);
  fixture->window = assay_gui_test_window_unlocked (fixture->app, 1100, 700);

  fixture->main_view = _assay_window_get_main_view (fixture->window);
  fixture->page = ASSAY_AUDITS_PAGE (assay_gui_test_find_descendant (GTK_WIDGET (fixture->main_view),
                                                      ASSAY_TYPE_AUDITS_PAGE));
  g_assert_nonnull (fixture->page);
  fixture->session = assay_audits_page_get_session (fixture->page);
  g_assert_nonnull (fixture->session);

  if (GPOINTER_TO_INT (data) & FIXTURE_HIDDEN)
    return;

  gtk_widget_activate_action (GTK_WIDGET (fixture->main_view), "main.show-page", "s", "audits");
  wait_loaded (fixture);
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  assay_gui_test_wait_idle ();
  g_clear_object (&fixture->app);
  assay_test_env_tear_down (&fixture->env);
  g_clear_pointer (&fixture->draft_id, g_free);
  g_clear_pointer (&fixture->finished_id, g_free);
  g_clear_pointer (&fixture->other_id, g_free);
}

static guint
n_shown (Fixture *fixture)
{
  return g_list_model_get_n_items (_assay_audits_page_get_shown (fixture->page));
}

static gboolean
is_shown (Fixture    *fixture,
          const char *id)
{
  GListModel *shown = _assay_audits_page_get_shown (fixture->page);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(AssayAudit) audit = g_list_model_get_item (shown, i);

      if (g_strcmp0 (assay_audit_get_id (audit), id) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
in_store (Fixture    *fixture,
          const char *id)
{
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(GError) error = NULL;

  audit = assay_audit_open (assay_session_get_store (fixture->session),
                            assay_session_get_frameworks (fixture->session), id, &error);
  if (audit == NULL)
    g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_NOT_FOUND);

  return audit != NULL;
}

static gboolean
draft_deleted (gpointer data)
{
  Fixture *fixture = data;

  return !in_store (fixture, fixture->draft_id);
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  g_assert_cmpstr (_assay_audits_page_get_visible_child (fixture->page), ==, "empty");
  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "audits-empty");

  /* An audit started elsewhere shows up at once */
  g_free (make_audit (assay_session_get_store (fixture->session),
                      assay_session_get_frameworks (fixture->session),
                      "setting-visit", "EHC-9", FALSE));
  assay_session_changed (fixture->session, "audits");
  wait_loaded (fixture);
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  g_assert_cmpstr (_assay_audits_page_get_visible_child (fixture->page), ==, "results");
}

static void
test_list_and_filter (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkEditable *search = _assay_audits_page_get_search_entry (fixture->page);
  GtkDropDown *status = _assay_audits_page_get_status_dropdown (fixture->page);
  GtkGridView *list = _assay_audits_page_get_list (fixture->page);
  AssayAuditEditor *editor;

  g_assert_cmpuint (n_shown (fixture), ==, 3);
  g_assert_cmpstr (_assay_audits_page_get_visible_child (fixture->page), ==, "results");
  g_assert_nonnull (assay_gui_test_find_descendant (GTK_WIDGET (list), ASSAY_TYPE_AUDIT_ROW));
  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "audits");

  /* Search: case reference, framework title or id, audit id prefix */
  assay_gui_test_search (search, "ehc-2");
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  g_assert_true (is_shown (fixture, fixture->finished_id));

  assay_gui_test_search (search, "Setting visit");
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  g_assert_true (is_shown (fixture, fixture->draft_id));

  {
    g_autofree char *prefix = g_strndup (fixture->other_id, 8);

    assay_gui_test_search (search, prefix);
    g_assert_cmpuint (n_shown (fixture), ==, 1);
    g_assert_true (is_shown (fixture, fixture->other_id));
  }

  assay_gui_test_search (search, "no such plan");
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  g_assert_cmpstr (_assay_audits_page_get_visible_child (fixture->page), ==, "no-results");
  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "audits-no-results");

  assay_gui_test_search (search, "");
  g_assert_cmpuint (n_shown (fixture), ==, 3);

  /* Status */
  gtk_drop_down_set_selected (status, 1);
  g_assert_cmpuint (n_shown (fixture), ==, 2);
  g_assert_false (is_shown (fixture, fixture->finished_id));
  gtk_drop_down_set_selected (status, 2);
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  g_assert_true (is_shown (fixture, fixture->finished_id));
  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "audits-finished");
  gtk_drop_down_set_selected (status, 0);
  g_assert_cmpuint (n_shown (fixture), ==, 3);

  /* Activating a row opens it in the editor */
  assay_gui_test_search (search, "EHC-1");
  g_signal_emit_by_name (list, "activate", 0);
  g_assert_cmpstr (assay_main_view_get_page (fixture->main_view), ==, "audit");
  editor = ASSAY_AUDIT_EDITOR (assay_gui_test_find_descendant (GTK_WIDGET (fixture->main_view),
                                                ASSAY_TYPE_AUDIT_EDITOR));
  g_assert_cmpstr (assay_audit_get_id (assay_audit_editor_get_audit (editor)), ==,
                   fixture->draft_id);
}

/* A search shows its best matches from the top, wherever the list was */
static void
test_filter_scrolls_to_top (Fixture       *fixture,
                            gconstpointer  data)
{
  AssayStore *store = assay_session_get_store (fixture->session);
  AssayFrameworks *frameworks = assay_session_get_frameworks (fixture->session);
  GtkGridView *list = _assay_audits_page_get_list (fixture->page);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));

  /* Enough rows that what the search leaves still scrolls */
  for (guint i = 0; i < 48; i++)
    {
      g_autofree char *case_ref = g_strdup_printf ("EHC-%03u", i);
      g_autoptr(AssayAudit) audit = NULL;

      audit = assay_gui_test_audit_new (store, frameworks,
                                        i % 4 == 0 ? "ehcp-new" : "setting-visit", case_ref);
    }
  assay_session_changed (fixture->session, "audits");
  wait_loaded (fixture);
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));
  g_assert_cmpuint (n_shown (fixture), ==, 48);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);

  assay_gui_test_search (_assay_audits_page_get_search_entry (fixture->page), "setting");
  g_assert_cmpuint (n_shown (fixture), ==, 36);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >,
                     gtk_adjustment_get_page_size (adjustment));
  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "audits-many");
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (ASSAY_IS_AUDIT_ROW (widget))
    {
      g_ptr_array_add (rows, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

/* Each row on screen is named for a screen reader by the audit it shows,
 * and renamed when it is recycled for another */
static void
check_row_names (Fixture *fixture,
                 guint    expected)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint bound = 0;

  collect_rows (GTK_WIDGET (_assay_audits_page_get_list (fixture->page)), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      AssayAuditRow *row = g_ptr_array_index (rows, i);
      AssayAudit *audit = assay_audit_row_get_audit (row);
      AssayFramework *framework;
      g_autoptr(AssayGrading) grading = NULL;
      g_autofree char *name = NULL;
      g_autofree char *problem = NULL;
      AssayGrade grade;

      if (audit == NULL || !gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (row))))
        continue;

      framework = assay_audit_get_framework (audit);
      grading = assay_audit_compute (audit);
      grade = assay_audit_get_final (audit, NULL);
      if (grade == ASSAY_GRADE_NONE)
        grade = grading->derived;
      name = g_strdup_printf ("%s, %s, %s, grade %s, %u of %u graded",
                              assay_audit_get_case (audit),
                              assay_framework_get_title (framework),
                              assay_audit_status_get_label (assay_audit_get_status (audit)),
                              grade == ASSAY_GRADE_NONE ? "–"
                                                        : assay_grade_label (framework, grade),
                              grading->n_graded, grading->n_criteria);
      problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name);
      g_assert_null (problem);
      bound++;
    }

  g_assert_cmpuint (bound, ==, expected);
}

static void
test_accessible_names (Fixture       *fixture,
                       gconstpointer  data)
{
  check_row_names (fixture, 3);

  assay_gui_test_search (_assay_audits_page_get_search_entry (fixture->page), "EHC-2");
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));
  check_row_names (fixture, 1);

  assay_gui_test_search (_assay_audits_page_get_search_entry (fixture->page), "EHC-3");
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));
  check_row_names (fixture, 1);
}

/* Unlocking reads nothing for a page not on screen: it is read when shown */
static void
test_loads_when_shown (Fixture       *fixture,
                       gconstpointer  data)
{
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));
  g_assert_cmpstr (assay_main_view_get_page (fixture->main_view), ==, "caseload");
  g_assert_false (_assay_audits_page_get_loading (fixture->page));
  g_assert_cmpuint (n_shown (fixture), ==, 0);

  /* Nor when its audits change while it is hidden */
  assay_session_changed (fixture->session, "audits");
  g_assert_false (_assay_audits_page_get_loading (fixture->page));
  g_assert_cmpuint (n_shown (fixture), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (fixture->main_view), "main.show-page", "s", "audits");
  wait_loaded (fixture);
  g_assert_cmpuint (n_shown (fixture), ==, 3);
}

/* Batches of a listing are added after those before, in the order given */
static void
test_batches_in_order (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GPtrArray) first = g_ptr_array_new ();
  g_autoptr(GPtrArray) second = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GListModel *rows = _assay_audits_page_get_audits (fixture->page);

  audits = assay_audit_list (assay_session_get_store (fixture->session),
                             assay_session_get_frameworks (fixture->session), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits->len, ==, 3);
  g_ptr_array_add (first, audits->pdata[2]);
  g_ptr_array_add (second, audits->pdata[0]);
  g_ptr_array_add (second, audits->pdata[1]);

  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  _assay_audits_page_add_batch (fixture->page, first);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  _assay_audits_page_add_batch (fixture->page, second);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(AssayAudit) audit = g_list_model_get_item (rows, i);
      AssayAudit *expected = i == 0 ? audits->pdata[2] : audits->pdata[i - 1];

      g_assert_cmpstr (assay_audit_get_id (audit), ==, assay_audit_get_id (expected));
    }
  g_assert_cmpuint (n_shown (fixture), ==, 3);
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GError) error = NULL;
  AssayAudit *copy = NULL;

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "audits.duplicate", "s",
                              fixture->finished_id);
  wait_loaded (fixture);
  g_assert_cmpuint (n_shown (fixture), ==, 4);

  audits = assay_audit_list (assay_session_get_store (fixture->session),
                             assay_session_get_frameworks (fixture->session), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits->len, ==, 4);
  copy = audits->pdata[3];
  g_assert_cmpstr (assay_audit_get_case (copy), ==, "EHC-2");
  g_assert_cmpint (assay_audit_get_status (copy), ==, ASSAY_AUDIT_STATUS_DRAFT);
  g_assert_cmpstr (assay_framework_get_id (assay_audit_get_framework (copy)), ==,
                   "advice-education");
  {
    g_autoptr(AssayGrading) grading = assay_audit_compute (copy);
    const char *evidence = NULL;

    g_assert_true (grading->complete);
    g_assert_cmpint (assay_audit_get_grade (copy, "W1", &evidence), ==, ASSAY_GRADE_SILVER);
    g_assert_cmpstr (evidence, ==, "seen on the visit");
  }

  /* Newest first: the copy heads the list */
  {
    GListModel *shown = _assay_audits_page_get_shown (fixture->page);
    g_autoptr(AssayAudit) first = g_list_model_get_item (shown, 0);

    g_assert_cmpstr (assay_audit_get_id (first), ==, assay_audit_get_id (copy));
  }
}

static void
test_delete_and_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  AdwMessageDialog *dialog;
  AdwToast *toast;

  /* A finished audit is the record: it cannot be deleted */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "audits.delete", "s",
                              fixture->finished_id);
  g_assert_null (ADW_MESSAGE_DIALOG (assay_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)));
  g_assert_true (in_store (fixture, fixture->finished_id));

  /* Cancelled: nothing happens */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "audits.delete", "s", fixture->draft_id);
  dialog = ADW_MESSAGE_DIALOG (assay_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "EHC-1"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  assay_gui_test_wait_drawn (GTK_WIDGET (dialog));
  assay_gui_test_screenshot (GTK_WIDGET (dialog), "audits-delete-confirm");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (n_shown (fixture), ==, 3);
  g_assert_null (_assay_audits_page_get_undo_toast (fixture->page, fixture->draft_id));

  /* Confirmed: gone from the list, still in the store until the toast goes */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "audits.delete", "s", fixture->draft_id);
  dialog = ADW_MESSAGE_DIALOG (assay_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (n_shown (fixture), ==, 2);
  g_assert_false (is_shown (fixture, fixture->draft_id));
  g_assert_true (in_store (fixture, fixture->draft_id));
  g_assert_nonnull (_assay_audits_page_get_undo_toast (fixture->page, fixture->draft_id));
  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "audits-undo");

  /* Undo brings it back */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "audits.undo-delete", "s",
                              fixture->draft_id);
  g_assert_cmpuint (n_shown (fixture), ==, 3);
  g_assert_true (is_shown (fixture, fixture->draft_id));
  g_assert_null (_assay_audits_page_get_undo_toast (fixture->page, fixture->draft_id));
  assay_gui_test_wait_idle ();
  g_assert_true (in_store (fixture, fixture->draft_id));

  /* Deleted again and the toast left to go: now it is gone for good */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "audits.delete", "s", fixture->draft_id);
  dialog = ADW_MESSAGE_DIALOG (assay_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  toast = _assay_audits_page_get_undo_toast (fixture->page, fixture->draft_id);
  g_assert_nonnull (toast);
  adw_toast_dismiss (toast);
  g_assert_true (assay_gui_test_wait_until (draft_deleted, fixture, 5000));
  g_assert_false (in_store (fixture, fixture->draft_id));
  wait_loaded (fixture);
  g_assert_cmpuint (n_shown (fixture), ==, 2);
  g_assert_true (in_store (fixture, fixture->other_id));

  /* One pending when the window closes: the deletion the user asked for
   * is carried out, not forgotten. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "audits.delete", "s", fixture->other_id);
  dialog = ADW_MESSAGE_DIALOG (assay_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (in_store (fixture, fixture->other_id));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  {
    g_autoptr(AssayStore) store = assay_store_new (fixture->vault);
    g_autoptr(AssayFrameworks) frameworks = assay_frameworks_new_default ();
    g_autoptr(GPtrArray) audits = assay_audit_list (store, frameworks, NULL);

    g_assert_cmpuint (audits->len, ==, 1);
    g_assert_cmpstr (assay_audit_get_id (audits->pdata[0]), ==, fixture->finished_id);
  }
}

/* A colleague's audit is opened read-only from the pages, but not while
 * the blind rule hides it: the editor would show every grade */
static void
test_blind_colleague (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *dir_b = assay_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir_b, "ann.assay", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AssayVault) vault_b = assay_test_vault_new_moderator (dir_b, "Ann Patel", "Health");
  g_autoptr(AssayStore) store_b = assay_store_new (vault_b);
  g_autoptr(AssayFrameworks) frameworks = assay_frameworks_new_default ();
  g_autoptr(AssayFramework) framework = NULL;
  g_autoptr(AssayAudit) theirs = NULL;
  g_autoptr(AssayAudit) mine = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  AssayStore *store = assay_session_get_store (fixture->session);
  const char *recipients[2] = { assay_vault_get_identity (fixture->vault), NULL };
  AssayExportOptions options = { recipients, NULL, NULL };
  AssayAuditEditor *editor;

  framework = assay_frameworks_lookup (frameworks, "ehcp-new", NULL, &error);
  g_assert_no_error (error);
  theirs = assay_audit_create (store_b, framework, "EHC-1001", TRUE, &error);
  g_assert_no_error (error);
  for (guint s = 0; s < assay_framework_get_n_sections (framework); s++)
    {
      const AssaySection *section = assay_framework_get_section (framework, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const AssayCriterion *criterion = section->criteria->pdata[c];
          AssayGrade grade = ASSAY_GRADE_GOLD;

          while (!assay_criterion_allows (criterion, grade) && grade > ASSAY_GRADE_NOT_YET_BRONZE)
            grade--;
          assay_audit_set_grade (theirs, criterion->id, grade, NULL, &error);
          g_assert_no_error (error);
        }
    }
  assay_audit_finish (theirs, ASSAY_GRADE_NONE, NULL, &error);
  g_assert_no_error (error);
  assay_bundle_export (store_b, file, &options, NULL, NULL, &error);
  g_assert_no_error (error);
  assay_test_befriend (store, vault_b, FALSE);
  report = assay_bundle_import (store, file, NULL, ASSAY_IMPORT_NONE, NULL, &error);
  g_assert_no_error (error);

  editor = ASSAY_AUDIT_EDITOR (assay_gui_test_find_descendant (GTK_WIDGET (fixture->main_view),
                                                               ASSAY_TYPE_AUDIT_EDITOR));

  /* Nothing of ours in the way: it opens */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->main_view), "main.open-audit",
                                             "s", assay_audit_get_id (theirs)));
  g_assert_cmpstr (assay_main_view_get_page (fixture->main_view), ==, "audit");
  g_assert_cmpstr (assay_audit_get_id (assay_audit_editor_get_audit (editor)), ==,
                   assay_audit_get_id (theirs));
  gtk_widget_activate_action (GTK_WIDGET (fixture->main_view), "main.show-page", "s",
                              "moderation");
  g_assert_cmpstr (assay_main_view_get_page (fixture->main_view), ==, "moderation");

  /* Auditing the same plan ourselves: hidden until both are finished */
  mine = assay_audit_create (store, framework, "EHC-1001", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->main_view), "main.open-audit",
                                             "s", assay_audit_get_id (theirs)));
  assay_gui_test_wait_idle ();
  g_assert_cmpstr (assay_main_view_get_page (fixture->main_view), ==, "moderation");

  /* Ours opens as ever */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->main_view), "main.open-audit",
                                             "s", assay_audit_get_id (mine)));
  g_assert_cmpstr (assay_audit_get_id (assay_audit_editor_get_audit (editor)), ==,
                   assay_audit_get_id (mine));

  g_clear_object (&store_b);
  g_clear_object (&vault_b);
  assay_test_rmdir (dir_b);
}

/* The primary menu's Contacts opens the address book, once */
static void
test_contacts (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWindow *contacts;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->main_view),
                                             "main.show-contacts", NULL));
  contacts = assay_gui_test_find_toplevel (ASSAY_TYPE_CONTACTS_WINDOW);
  g_assert_nonnull (contacts);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->main_view),
                                             "main.show-contacts", NULL));
  g_assert_true (assay_gui_test_find_toplevel (ASSAY_TYPE_CONTACTS_WINDOW) == contacts);

  /* Locking takes it away with the names it shows */
  assay_vault_lock (fixture->vault);
  assay_gui_test_wait_closed (ASSAY_TYPE_CONTACTS_WINDOW);
}

int
main (int   argc,
      char *argv[])
{
  assay_gui_test_init (&argc, &argv);

  g_test_add ("/audits-page/empty", Fixture, NULL,
              fixture_setup, test_empty, fixture_teardown);
  g_test_add ("/audits-page/list-and-filter", Fixture, GINT_TO_POINTER (FIXTURE_AUDITS),
              fixture_setup, test_list_and_filter, fixture_teardown);
  g_test_add ("/audits-page/filter-scrolls-to-top", Fixture, NULL,
              fixture_setup, test_filter_scrolls_to_top, fixture_teardown);
  g_test_add ("/audits-page/accessible-names", Fixture, GINT_TO_POINTER (FIXTURE_AUDITS),
              fixture_setup, test_accessible_names, fixture_teardown);
  g_test_add ("/audits-page/loads-when-shown", Fixture,
              GINT_TO_POINTER (FIXTURE_AUDITS | FIXTURE_HIDDEN),
              fixture_setup, test_loads_when_shown, fixture_teardown);
  g_test_add ("/audits-page/batches-in-order", Fixture,
              GINT_TO_POINTER (FIXTURE_AUDITS | FIXTURE_HIDDEN),
              fixture_setup, test_batches_in_order, fixture_teardown);
  g_test_add ("/audits-page/duplicate", Fixture, GINT_TO_POINTER (FIXTURE_AUDITS),
              fixture_setup, test_duplicate, fixture_teardown);
  g_test_add ("/audits-page/delete-and-undo", Fixture, GINT_TO_POINTER (FIXTURE_AUDITS),
              fixture_setup, test_delete_and_undo, fixture_teardown);
  g_test_add ("/audits-page/blind-colleague", Fixture, NULL,
              fixture_setup, test_blind_colleague, fixture_teardown);
  g_test_add ("/audits-page/contacts", Fixture, NULL,
              fixture_setup, test_contacts, fixture_teardown);

  return g_test_run ();
}
