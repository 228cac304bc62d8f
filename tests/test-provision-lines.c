/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-provision-lines"

#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "assay-application-private.h"
#include "assay-audit-editor-private.h"
#include "assay-gui-test-util.h"
#include "assay-main-view-private.h"
#include "assay-provision-lines-private.h"
#include "assay-test-util.h"
#include "assay-window-private.h"

/*
 * The setting-visit officer's provision lines in the audit editor, on a
 * real encrypted vault, driven through the widget's actions as the
 * officer's clicks and keys drive them.
 */

#define CASE_REF "EHC-2025-0212"
#define LINE_SALT "Speech and language therapy, 30 minutes weekly, by a SALT"
#define LINE_GROUP "Small group literacy & phonics (<5 pupils), 3 × 20 minutes a week, by a TA"
#define NOTE_OBSERVED "No sessions since May & the SALT post is vacant (<1 a week)"
#define NOTE_EVIDENCE "Timetable, therapy notes up to 12 May"

typedef struct
{
  AssayTestEnv         env;
  AssayApplication    *app;
  AssayVault          *vault;
  AssayWindow         *window;
  AssayMainView       *main_view;
  AssayAuditEditor    *editor;
  AssayProvisionLines *lines;
  AssayFramework      *framework;   /* the fixture, with provision lines */
} Fixture;

static AssayFramework *
load_fixture_framework (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                 "visit-lines.json", NULL);
  g_autoptr(GError) error = NULL;
  AssayFramework *framework = assay_framework_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_true (assay_framework_has_provision_lines (framework));

  return framework;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  AssaySession *session;

  assay_test_env_set_up (&fixture->env, ASSAY_TEST_ENV_VAULT_SHUT);
  fixture->app = assay_gui_test_application_new (fixture->env.path);
  fixture->vault = assay_application_get_vault (fixture->app);
  fixture->window = assay_gui_test_window_unlocked (fixture->app, 1200, 800);

  fixture->main_view = _assay_window_get_main_view (fixture->window);
  fixture->editor = ASSAY_AUDIT_EDITOR (
    assay_gui_test_find_descendant (GTK_WIDGET (fixture->main_view), ASSAY_TYPE_AUDIT_EDITOR));
  g_assert_nonnull (fixture->editor);
  fixture->lines = _assay_audit_editor_get_provision_lines (fixture->editor);
  g_assert_nonnull (fixture->lines);

  /* The built-in setting visit gets provision lines in its next version:
   * until then the fixture stands in, installed in this session. */
  session = assay_audit_editor_get_session (fixture->editor);
  g_assert_nonnull (session);
  fixture->framework = load_fixture_framework ();
  assay_frameworks_add (assay_session_get_frameworks (session), fixture->framework);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  assay_gui_test_wait_idle ();
  g_clear_object (&fixture->app);
  g_clear_object (&fixture->framework);
  assay_test_env_tear_down (&fixture->env);
}

static AssayStore *
session_store (Fixture *fixture)
{
  return assay_session_get_store (assay_audit_editor_get_session (fixture->editor));
}

/* A new draft on @framework, opened in the editor as from My Audits */
static AssayAudit *
open_new_audit (Fixture        *fixture,
                AssayFramework *framework)
{
  g_autoptr(AssayAudit) created = NULL;
  g_autoptr(GError) error = NULL;
  AssayAudit *audit;

  created = assay_audit_create (session_store (fixture), framework, CASE_REF, FALSE, &error);
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (fixture->main_view), "main.open-audit", "s",
                              assay_audit_get_id (created));
  g_assert_cmpstr (assay_main_view_get_page (fixture->main_view), ==, "audit");
  audit = assay_audit_editor_get_audit (fixture->editor);
  g_assert_nonnull (audit);
  g_assert_cmpstr (assay_audit_get_id (audit), ==, assay_audit_get_id (created));
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));

  return audit;
}

static const char *
row_title (GtkListBox *list,
           int         index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  g_assert_nonnull (row);

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static char *
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
add_line (Fixture    *fixture,
          const char *text,
          gboolean    by_enter)
{
  AdwEntryRow *add_row = _assay_provision_lines_get_add_row (fixture->lines);

  gtk_editable_set_text (GTK_EDITABLE (add_row), text);
  if (by_enter)
    g_signal_emit_by_name (add_row, "entry-activated");
  else
    gtk_widget_activate_action (GTK_WIDGET (fixture->lines), "lines.add", NULL);

  /* Emptied, ready for the next line */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (add_row)), ==, "");
}

static const char *
line_id (AssayAudit *audit,
         guint       index)
{
  AssayAuditLine line;

  g_assert_true (assay_audit_get_line (audit, index, &line));

  return line.id;
}

static AssayDelivered
line_delivered (AssayAudit *audit,
                guint       index)
{
  AssayAuditLine line;

  g_assert_true (assay_audit_get_line (audit, index, &line));

  return line.delivered;
}

static gboolean
first_delivered (gpointer data)
{
  return line_delivered (data, 0) == ASSAY_DELIVERED_YES;
}

typedef struct
{
  AssayAudit *audit;
  guint       index;
  const char *observed;
} SavedWait;

static gboolean
observed_saved (gpointer data)
{
  SavedWait *wait = data;
  AssayAuditLine line;

  return assay_audit_get_line (wait->audit, wait->index, &line) &&
         g_strcmp0 (line.observed, wait->observed) == 0;
}

static void
assert_pressed (AssayProvisionLineRow *row,
                AssayDelivered         delivered)
{
  static const AssayDelivered all[] = {
    ASSAY_DELIVERED_YES, ASSAY_DELIVERED_PARTLY, ASSAY_DELIVERED_NO,
  };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    g_assert_cmpint (gtk_toggle_button_get_active (_assay_provision_line_row_get_button (row,
                                                                                      all[i])),
                     ==, all[i] == delivered);
}

/* A widget made from a template that uses a too-new widget fails only
 * when it is made: make them. */
static void
test_templates (Fixture       *fixture,
                gconstpointer  data)
{
  GType types[] = {
    ASSAY_TYPE_PROVISION_LINES,
    ASSAY_TYPE_PROVISION_LINE_ROW,
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GtkWidget *widget = g_object_ref_sink (g_object_new (types[i], NULL));

      g_assert_nonnull (widget);
      g_object_unref (widget);
    }
}

/* Another framework's audit has no lines page and no lines row. */
static void
test_hidden_without_lines (Fixture       *fixture,
                           gconstpointer  data)
{
  AssaySession *session = assay_audit_editor_get_session (fixture->editor);
  g_autoptr(AssayFramework) plain = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBox *sections;
  guint n_sections, n_rows = 0;

  plain = assay_frameworks_lookup (assay_session_get_frameworks (session), "ehcp-new", NULL,
                                   &error);
  g_assert_no_error (error);
  g_assert_false (assay_framework_has_provision_lines (plain));
  open_new_audit (fixture, plain);

  n_sections = assay_framework_get_n_sections (plain);
  sections = _assay_audit_editor_get_sections_list (fixture->editor);
  while (gtk_list_box_get_row_at_index (sections, (int) n_rows) != NULL)
    n_rows++;
  g_assert_cmpuint (n_rows, ==, n_sections + 1);
  g_assert_cmpuint (_assay_audit_editor_get_page (fixture->editor), ==, 0);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (fixture->lines)));

  /* Back past the first section: nowhere to go */
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.previous-section", NULL);
  g_assert_cmpuint (_assay_audit_editor_get_page (fixture->editor), ==, 0);
}

static void
test_record_lines (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayFrameworks) frameworks = NULL;
  g_autoptr(AssayAudit) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *salt_id = NULL;
  g_autofree char *group_id = NULL;
  g_autofree char *expected = NULL;
  AssayProvisionLineRow *row;
  GtkListBox *sections;
  GtkListBox *limits;
  GtkTextBuffer *buffer;
  AssayAuditLine line;
  AssayAudit *audit;
  AdwToast *toast;
  SavedWait wait;

  audit = open_new_audit (fixture, fixture->framework);
  id = g_strdup (assay_audit_get_id (audit));

  /* A new visit starts with the plan's lines, first in the sidebar */
  sections = _assay_audit_editor_get_sections_list (fixture->editor);
  g_assert_cmpuint (_assay_audit_editor_get_page (fixture->editor), ==, G_MAXUINT);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->lines)));
  g_assert_true (gtk_list_box_get_selected_row (sections) ==
                 gtk_list_box_get_row_at_index (sections, 0));
  g_assert_cmpuint (_assay_provision_lines_get_n_rows (fixture->lines), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (
    _assay_provision_lines_get_add_row (fixture->lines))));
  /* The keyboard is where the first line is typed */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         GTK_WIDGET (_assay_provision_lines_get_add_row (
                                           fixture->lines))));
  /* Nothing typed: nothing to add */
  g_assert_false (gtk_widget_is_sensitive (
    _assay_provision_lines_get_add_button (fixture->lines)));
  assay_gui_test_screenshot (window, "provision-lines-empty");

  /* Two lines: one by the add action, one by Enter in the add row */
  add_line (fixture, LINE_SALT, FALSE);
  add_line (fixture, LINE_GROUP, TRUE);
  g_assert_cmpuint (assay_audit_get_n_lines (audit), ==, 2);
  g_assert_cmpuint (_assay_provision_lines_get_n_rows (fixture->lines), ==, 2);
  salt_id = g_strdup (line_id (audit, 0));
  group_id = g_strdup (line_id (audit, 1));
  row = _assay_provision_lines_get_row (fixture->lines, 1);
  g_assert_cmpstr (assay_provision_line_row_get_id (row), ==, group_id);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, LINE_GROUP);
  assert_pressed (row, ASSAY_DELIVERED_UNSET);

  /* The checklist still has to be graded */
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.grade", "(ss)", "p1", "gold");
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.grade", "(ss)", "p2",
                              "silver");

  /* Line 1 delivered, by its button; line 2 not, by the action */
  row = _assay_provision_lines_get_row (fixture->lines, 0);
  gtk_widget_activate (GTK_WIDGET (_assay_provision_line_row_get_button (row,
                                                                       ASSAY_DELIVERED_YES)));
  /* A button shows it is pressed for a moment before it acts */
  g_assert_true (assay_gui_test_wait_until (first_delivered, audit, 5000));
  assert_pressed (row, ASSAY_DELIVERED_YES);
  gtk_widget_activate_action (GTK_WIDGET (fixture->lines), "lines.set-delivered", "(ss)",
                              group_id, "no");
  g_assert_cmpint (line_delivered (audit, 1), ==, ASSAY_DELIVERED_NO);
  assert_pressed (_assay_provision_lines_get_row (fixture->lines, 1), ASSAY_DELIVERED_NO);
  g_assert_cmpstr (gtk_label_get_text (_assay_provision_lines_get_meta_label (fixture->lines)),
                   ==, "2 of 2 lines recorded · 1 not delivered");

  /* Notes typed into line 2 are saved after a pause, as evidence is */
  row = _assay_provision_lines_get_row (fixture->lines, 1);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  buffer = gtk_text_view_get_buffer (_assay_provision_line_row_get_text_view (row,
                                                                            ASSAY_LINE_OBSERVED));
  gtk_text_buffer_set_text (buffer, NOTE_OBSERVED, -1);
  wait = (SavedWait) { audit, 1, NOTE_OBSERVED };
  g_assert_true (assay_gui_test_wait_until (observed_saved, &wait, 5000));
  /* ... and when left, without waiting */
  buffer = gtk_text_view_get_buffer (_assay_provision_line_row_get_text_view (row,
                                                                            ASSAY_LINE_EVIDENCE));
  gtk_text_buffer_set_text (buffer, NOTE_EVIDENCE, -1);
  assay_provision_lines_flush (fixture->lines);
  g_assert_true (assay_audit_get_line (audit, 1, &line));
  g_assert_cmpstr (line.evidence, ==, NOTE_EVIDENCE);
  g_assert_null (line.staff);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==, NOTE_OBSERVED);
  assay_gui_test_wait_idle ();
  assay_gui_test_screenshot (window, "provision-lines");

  /* The editor's derived grade: Not yet Bronze, and says which line */
  {
    g_autoptr(AssayGrading) grading = assay_audit_compute (audit);

    g_assert_true (grading->complete);
    g_assert_cmpint (grading->derived, ==, ASSAY_GRADE_NOT_YET_BRONZE);
  }
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.show-summary", NULL);
  limits = _assay_audit_editor_get_limits_list (fixture->editor);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (limits)));
  expected = g_strdup_printf ("Provision line 2 not delivered: %s", LINE_GROUP);
  g_assert_cmpstr (row_title (limits, 0), ==, expected);
  g_assert_null (gtk_list_box_get_row_at_index (limits, 1));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                     gtk_list_box_get_row_at_index (limits, 0))),
                   ==, "Caps the overall grade at Not yet Bronze");
  assay_gui_test_screenshot (window, "provision-lines-summary");

  /* Partly delivered caps it at Bronze instead */
  gtk_widget_activate_action (GTK_WIDGET (fixture->lines), "lines.set-delivered", "(ss)",
                              group_id, "partly");
  g_assert_true (g_str_has_prefix (row_title (limits, 0), "Provision line 2 partly delivered: "));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                     gtk_list_box_get_row_at_index (limits, 0))),
                   ==, "Caps the overall grade at Bronze");
  {
    g_autoptr(AssayGrading) grading = assay_audit_compute (audit);

    g_assert_cmpint (grading->derived, ==, ASSAY_GRADE_BRONZE);
  }
  gtk_widget_activate_action (GTK_WIDGET (fixture->lines), "lines.set-delivered", "(ss)",
                              group_id, "no");

  /* What is stored, read back through a vault of its own */
  database = assay_database_open (fixture->env.path, &error);
  g_assert_no_error (error);
  vault = assay_vault_new (database);
  g_assert_true (assay_vault_unlock (vault, ASSAY_TEST_PASSPHRASE, &error));
  store = assay_store_new (vault);
  frameworks = assay_frameworks_new_default ();
  {
    g_autoptr(AssayFramework) again = load_fixture_framework ();

    assay_frameworks_add (frameworks, again);
  }
  stored = assay_audit_open (store, frameworks, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assay_audit_get_n_lines (stored), ==, 2);
  g_assert_true (assay_audit_get_line (stored, 0, &line));
  g_assert_cmpstr (line.id, ==, salt_id);
  g_assert_cmpstr (line.text, ==, LINE_SALT);
  g_assert_cmpint (line.delivered, ==, ASSAY_DELIVERED_YES);
  g_assert_true (assay_audit_get_line (stored, 1, &line));
  g_assert_cmpstr (line.id, ==, group_id);
  g_assert_cmpstr (line.text, ==, LINE_GROUP);
  g_assert_cmpint (line.delivered, ==, ASSAY_DELIVERED_NO);
  g_assert_cmpstr (line.observed, ==, NOTE_OBSERVED);
  g_assert_cmpstr (line.evidence, ==, NOTE_EVIDENCE);
  {
    g_autoptr(AssayGrading) grading = assay_audit_compute (stored);

    g_assert_cmpint (grading->derived, ==, ASSAY_GRADE_NOT_YET_BRONZE);
    g_assert_cmpuint (grading->limited_by_lines->len, ==, 1);
    g_assert_cmpstr (grading->limited_by_lines->pdata[0], ==, group_id);
  }

  /* Removing line 1 offers to undo it; undoing puts it back where it was */
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.previous-section", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.previous-section", NULL);
  g_assert_cmpuint (_assay_audit_editor_get_page (fixture->editor), ==, G_MAXUINT);
  gtk_widget_activate_action (GTK_WIDGET (fixture->lines), "lines.remove", "s", salt_id);
  g_assert_cmpuint (assay_audit_get_n_lines (audit), ==, 1);
  g_assert_cmpuint (_assay_provision_lines_get_n_rows (fixture->lines), ==, 1);
  toast = _assay_provision_lines_get_undo_toast (fixture->lines, salt_id);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Provision line 1 removed");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  assay_gui_test_wait_idle ();
  assay_gui_test_screenshot (window, "provision-lines-undo");

  /* As the toast's button does: acts, then the toast goes */
  g_signal_emit_by_name (toast, "button-clicked");
  adw_toast_dismiss (toast);
  g_assert_cmpuint (assay_audit_get_n_lines (audit), ==, 2);
  g_assert_true (assay_audit_get_line (audit, 0, &line));
  g_assert_cmpstr (line.id, ==, salt_id);
  g_assert_cmpstr (line.text, ==, LINE_SALT);
  g_assert_cmpint (line.delivered, ==, ASSAY_DELIVERED_YES);
  g_assert_null (_assay_provision_lines_get_undo_toast (fixture->lines, salt_id));
  g_assert_cmpstr (assay_provision_line_row_get_id (
                     _assay_provision_lines_get_row (fixture->lines, 0)), ==, salt_id);

  /* Removed again, and the toast left to go: the removal stands */
  gtk_widget_activate_action (GTK_WIDGET (fixture->lines), "lines.remove", "s", salt_id);
  toast = _assay_provision_lines_get_undo_toast (fixture->lines, salt_id);
  g_assert_nonnull (toast);
  adw_toast_dismiss (toast);
  assay_gui_test_wait_idle ();
  g_assert_null (_assay_provision_lines_get_undo_toast (fixture->lines, salt_id));
  gtk_widget_activate_action (GTK_WIDGET (fixture->lines), "lines.undo-remove", "s", salt_id);
  g_assert_cmpuint (assay_audit_get_n_lines (audit), ==, 1);
  g_assert_cmpstr (line_id (audit, 0), ==, group_id);

  /* Finished: every line is recorded. Then nothing can be changed */
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.finish", NULL);
  g_assert_cmpint (assay_audit_get_status (audit), ==, ASSAY_AUDIT_STATUS_FINISHED);
  g_assert_cmpint (assay_audit_get_final (audit, NULL), ==, ASSAY_GRADE_NOT_YET_BRONZE);

  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.previous-section", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.previous-section", NULL);
  g_assert_cmpuint (_assay_audit_editor_get_page (fixture->editor), ==, G_MAXUINT);
  row = _assay_provision_lines_get_row (fixture->lines, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (
    _assay_provision_lines_get_add_row (fixture->lines))));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (
    _assay_provision_line_row_get_button (row, ASSAY_DELIVERED_YES))));
  g_assert_false (gtk_widget_is_sensitive (_assay_provision_line_row_get_remove_button (row)));
  g_assert_false (gtk_text_view_get_editable (
    _assay_provision_line_row_get_text_view (row, ASSAY_LINE_OBSERVED)));
  gtk_widget_activate_action (GTK_WIDGET (fixture->lines), "lines.set-delivered", "(ss)",
                              group_id, "yes");
  gtk_widget_activate_action (GTK_WIDGET (fixture->lines), "lines.remove", "s", group_id);
  gtk_editable_set_text (GTK_EDITABLE (_assay_provision_lines_get_add_row (fixture->lines)),
                         "Another line");
  gtk_widget_activate_action (GTK_WIDGET (fixture->lines), "lines.add", NULL);
  g_assert_cmpuint (assay_audit_get_n_lines (audit), ==, 1);
  g_assert_cmpint (line_delivered (audit, 0), ==, ASSAY_DELIVERED_NO);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  assay_gui_test_wait_idle ();
  assay_gui_test_screenshot (window, "provision-lines-finished");

  /* Reopened, the lines can be changed again */
  g_assert_true (assay_audit_reopen (audit, "Line 2 seen again", &error));
  g_assert_no_error (error);
  assay_provision_lines_refresh (fixture->lines);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (
    _assay_provision_line_row_get_button (row, ASSAY_DELIVERED_YES))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (
    _assay_provision_lines_get_add_row (fixture->lines))));
}

typedef struct
{
  AssayAudit     *audit;
  guint           index;
  AssayDelivered  delivered;
} DeliveredWait;

static gboolean
delivered_is (gpointer data)
{
  DeliveredWait *wait = data;
  AssayAuditLine line;

  return assay_audit_get_line (wait->audit, wait->index, &line) &&
         line.delivered == wait->delivered;
}

/* The officer on site, by keyboard only: lines typed into the add row,
 * deliveries chosen by their letters or with Tab and Space. */
static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  AssayProvisionLineRow *row;
  AssayAuditLine line;
  AssayAudit *audit;
  DeliveredWait wait;

  audit = open_new_audit (fixture, fixture->framework);
  if (!assay_gui_test_keys_init (window))
    {
      g_test_skip ("No XTEST on this display: key presses cannot be synthesised");
      return;
    }
  assay_gui_test_wait_drawn (window);

  /* A new visit opens with the keyboard in the add row */
  assay_gui_test_type_text (window, "speech therapy weekly");
  assay_gui_test_send_key (window, GDK_KEY_Return, 0);
  assay_gui_test_type_text (window, "literacy group daily");
  assay_gui_test_send_key (window, GDK_KEY_Return, 0);
  g_assert_cmpuint (assay_audit_get_n_lines (audit), ==, 2);
  g_assert_true (assay_audit_get_line (audit, 1, &line));
  g_assert_cmpstr (line.text, ==, "literacy group daily");

  /* Lines still to record: the visit cannot be finished, and the officer
   * is taken back to them */
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.grade", "(ss)", "p1", "gold");
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.grade", "(ss)", "p2", "gold");
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.show-summary", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.finish", NULL);
  g_assert_cmpint (assay_audit_get_status (audit), ==, ASSAY_AUDIT_STATUS_DRAFT);
  g_assert_cmpuint (_assay_audit_editor_get_page (fixture->editor), ==, G_MAXUINT);
  g_assert_nonnull (strstr (_assay_audit_editor_get_last_toast (fixture->editor),
                            "provision line"));

  /* On to the first line still to record; its letters choose */
  g_assert_true (assay_provision_lines_focus (fixture->lines));
  row = _assay_provision_lines_get_row (fixture->lines, 0);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         GTK_WIDGET (row)));
  assay_gui_test_send_key (window, GDK_KEY_n, 0);
  g_assert_cmpint (line_delivered (audit, 0), ==, ASSAY_DELIVERED_NO);
  assay_gui_test_send_key (window, GDK_KEY_y, 0);
  g_assert_cmpint (line_delivered (audit, 0), ==, ASSAY_DELIVERED_YES);
  assert_pressed (row, ASSAY_DELIVERED_YES);

  /* Or as any buttons: Tab to the next, Space to press it */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) ==
                 GTK_WIDGET (_assay_provision_line_row_get_button (row, ASSAY_DELIVERED_YES)));
  assay_gui_test_send_key (window, GDK_KEY_Tab, 0);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) ==
                 GTK_WIDGET (_assay_provision_line_row_get_button (row, ASSAY_DELIVERED_PARTLY)));
  assay_gui_test_send_key (window, GDK_KEY_space, 0);
  wait = (DeliveredWait) { audit, 0, ASSAY_DELIVERED_PARTLY };
  g_assert_true (assay_gui_test_wait_until (delivered_is, &wait, 5000));

  /* The letters are not taken from what is typed into a note */
  g_assert_true (assay_provision_lines_focus (fixture->lines));
  assay_gui_test_send_key (window, GDK_KEY_p, 0);
  g_assert_cmpint (line_delivered (audit, 1), ==, ASSAY_DELIVERED_PARTLY);
  row = _assay_provision_lines_get_row (fixture->lines, 1);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (_assay_provision_line_row_get_text_view (
    row, ASSAY_LINE_STAFF)));
  assay_gui_test_type_text (window, "ta not trained yet");
  g_assert_cmpint (line_delivered (audit, 1), ==, ASSAY_DELIVERED_PARTLY);
  /* Leaving the note saves it */
  assay_gui_test_send_key (window, GDK_KEY_Tab, 0);
  g_assert_true (assay_audit_get_line (audit, 1, &line));
  g_assert_cmpstr (line.staff, ==, "ta not trained yet");
}

/* A colleague's visit, from their bundle: shown, never changed here. */
static void
test_not_own (Fixture       *fixture,
              gconstpointer  data)
{
  static const AssayTestModerator ann = {
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Ann Patel", "Health"
  };
  g_autoptr(AssayAudit) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  AssayProvisionLineRow *row;
  AssayAudit *audit;

  created = assay_audit_create (session_store (fixture), fixture->framework, CASE_REF, FALSE,
                                &error);
  g_assert_no_error (error);
  first = assay_audit_add_line (created, LINE_SALT, &error);
  g_assert_no_error (error);
  g_assert_true (assay_audit_set_line (created, first, ASSAY_DELIVERED_PARTLY,
                                       "20 minutes, not 30", "TA, not the SALT", NULL, &error));
  assay_test_audit_become (session_store (fixture), assay_audit_get_id (created), &ann);

  gtk_widget_activate_action (GTK_WIDGET (fixture->main_view), "main.open-audit", "s",
                              assay_audit_get_id (created));
  audit = assay_audit_editor_get_audit (fixture->editor);
  g_assert_false (assay_audit_is_own (audit));
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.previous-section", NULL);
  g_assert_cmpuint (_assay_audit_editor_get_page (fixture->editor), ==, G_MAXUINT);

  g_assert_cmpuint (_assay_provision_lines_get_n_rows (fixture->lines), ==, 1);
  row = _assay_provision_lines_get_row (fixture->lines, 0);
  assert_pressed (row, ASSAY_DELIVERED_PARTLY);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (
    _assay_provision_lines_get_add_row (fixture->lines))));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (
    _assay_provision_line_row_get_button (row, ASSAY_DELIVERED_NO))));
  {
    GtkTextView *staff = _assay_provision_line_row_get_text_view (row, ASSAY_LINE_STAFF);
    g_autofree char *text = view_text (staff);

    g_assert_cmpstr (text, ==, "TA, not the SALT");
    g_assert_false (gtk_text_view_get_editable (staff));
  }

  gtk_widget_activate_action (GTK_WIDGET (fixture->lines), "lines.set-delivered", "(ss)", first,
                              "yes");
  gtk_widget_activate_action (GTK_WIDGET (fixture->lines), "lines.remove", "s", first);
  g_assert_cmpuint (assay_audit_get_n_lines (audit), ==, 1);
  g_assert_cmpint (line_delivered (audit, 0), ==, ASSAY_DELIVERED_PARTLY);
}

int
main (int   argc,
      char *argv[])
{
  assay_gui_test_init (&argc, &argv);

  g_test_add ("/provision-lines/templates", Fixture, NULL,
              fixture_setup, test_templates, fixture_teardown);
  g_test_add ("/provision-lines/hidden-without-lines", Fixture, NULL,
              fixture_setup, test_hidden_without_lines, fixture_teardown);
  g_test_add ("/provision-lines/record", Fixture, NULL,
              fixture_setup, test_record_lines, fixture_teardown);
  g_test_add ("/provision-lines/keyboard", Fixture, NULL,
              fixture_setup, test_keyboard, fixture_teardown);
  g_test_add ("/provision-lines/not-own", Fixture, NULL,
              fixture_setup, test_not_own, fixture_teardown);

  return g_test_run ();
}
