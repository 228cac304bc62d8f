/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-audit-editor"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <adwaita.h>

#include "assay-application-private.h"
#include "assay-audit-compact-private.h"
#include "assay-audit-editor-private.h"
#include "assay-criterion-row.h"
#include "assay-grade-buttons.h"
#include "assay-gui-test-util.h"
#include "assay-main-view-private.h"
#include "assay-new-audit-dialog-private.h"
#include "assay-test-util.h"
#include "assay-window-private.h"

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
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  assay_test_env_set_up (&fixture->env, ASSAY_TEST_ENV_VAULT_SHUT);
  fixture->app = assay_gui_test_application_new (fixture->env.path);
  fixture->vault = assay_application_get_vault (fixture->app);
  fixture->window = assay_gui_test_window_unlocked (fixture->app, 1200, 800);

  fixture->main_view = _assay_window_get_main_view (fixture->window);
  fixture->editor = ASSAY_AUDIT_EDITOR (assay_gui_test_find_descendant (GTK_WIDGET (fixture->main_view),
                                                         ASSAY_TYPE_AUDIT_EDITOR));
  g_assert_nonnull (fixture->editor);
}

/* Locks the vault: the editor on screen is destroyed with everything it
 * showed (issue 12), and a new, empty one takes its place */
static void
lock_vault (Fixture *fixture)
{
  AssayAuditEditor *old = fixture->editor;

  g_object_add_weak_pointer (G_OBJECT (old), (gpointer *) &old);
  assay_vault_lock (fixture->vault);
  g_assert_null (old);

  fixture->editor = ASSAY_AUDIT_EDITOR (assay_gui_test_find_descendant (GTK_WIDGET (fixture->main_view),
                                                         ASSAY_TYPE_AUDIT_EDITOR));
  g_assert_nonnull (fixture->editor);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  assay_gui_test_wait_idle ();
  g_clear_object (&fixture->app);
  assay_test_env_tear_down (&fixture->env);
}

static AssayCriterionRow *
focused_row (Fixture *fixture)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  if (focus == NULL)
    return NULL;

  return ASSAY_CRITERION_ROW (gtk_widget_get_ancestor (focus, ASSAY_TYPE_CRITERION_ROW));
}

static const char *
focused_criterion (Fixture *fixture)
{
  AssayCriterionRow *row = focused_row (fixture);

  return row != NULL ? assay_criterion_row_get_criterion (row)->id : NULL;
}

static gboolean
focus_in_evidence (Fixture *fixture)
{
  AssayCriterionRow *row = focused_row (fixture);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  return row != NULL && focus == GTK_WIDGET (_assay_criterion_row_get_evidence_view (row));
}

static AssayNewAuditDialog *
start_audit (Fixture  *fixture,
             gboolean  screenshot)
{
  AssayNewAuditDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (fixture->main_view), "main.start-audit", "s", CASE_REF);
  dialog = ASSAY_NEW_AUDIT_DIALOG (assay_gui_test_find_toplevel (ASSAY_TYPE_NEW_AUDIT_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (assay_new_audit_dialog_get_case_ref (dialog), ==, CASE_REF);

  /* Every built-in framework is offered, the usual one chosen */
  g_assert_cmpstr (_assay_new_audit_dialog_get_selected (dialog), ==, "ehcp-new");
  g_assert_nonnull (gtk_list_box_get_row_at_index (
    _assay_new_audit_dialog_get_frameworks_list (dialog), 6));
  g_assert_true (_assay_new_audit_dialog_select_framework (dialog, FRAMEWORK));
  g_assert_cmpstr (_assay_new_audit_dialog_get_selected (dialog), ==, FRAMEWORK);
  gtk_switch_set_active (_assay_new_audit_dialog_get_blind_switch (dialog), TRUE);

  if (screenshot)
    {
      assay_gui_test_wait_drawn (GTK_WIDGET (dialog));
      assay_gui_test_screenshot (GTK_WIDGET (dialog), "new-audit-dialog");
    }

  g_object_ref (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "new-audit.start", NULL);

  return dialog;
}

typedef struct
{
  const char *criterion;
  guint       keyval;     /* the grade key */
  AssayGrade  grade;
  const char *evidence;   /* typed after E, or NULL */
  guint       next_key;   /* how the moderator moves on */
} Step;

/* advice-education: W2 (6 weeks, reg 8(1)) is statutory, so at Not yet
 * Bronze it makes the advice Not yet Bronze; W1 and W2 cannot be Gold;
 * W6, N7 and O4 allow N/A. */
static const Step steps[] = {
  { "W1", GDK_KEY_2, ASSAY_GRADE_SILVER, NULL, GDK_KEY_Return },
  { "W2", GDK_KEY_4, ASSAY_GRADE_NOT_YET_BRONZE, "advice came 9 weeks after the request",
    GDK_KEY_Tab },
  { "W3", GDK_KEY_2, ASSAY_GRADE_SILVER, NULL, GDK_KEY_Return },
  { "W4", GDK_KEY_3, ASSAY_GRADE_BRONZE, "role and qualifications not given", GDK_KEY_Escape },
  { "W6", GDK_KEY_0, ASSAY_GRADE_NA, NULL, GDK_KEY_Return },
  { "V1", GDK_KEY_1, ASSAY_GRADE_GOLD, "clear in her own words", GDK_KEY_Tab },
  /* Ctrl+Enter: on to the next section */
  { "V2", GDK_KEY_2, ASSAY_GRADE_SILVER, NULL, GDK_KEY_Return | 0x1000000 },
  { "N1", GDK_KEY_2, ASSAY_GRADE_SILVER, NULL, GDK_KEY_Return },
  { "N2", GDK_KEY_2, ASSAY_GRADE_SILVER, NULL, GDK_KEY_Return },
  { "N3", GDK_KEY_1, ASSAY_GRADE_GOLD, NULL, GDK_KEY_Return },
  { "N4", GDK_KEY_2, ASSAY_GRADE_SILVER, NULL, GDK_KEY_Return },
  { "N5", GDK_KEY_2, ASSAY_GRADE_SILVER, NULL, GDK_KEY_Return },
  { "N6", GDK_KEY_2, ASSAY_GRADE_SILVER, NULL, GDK_KEY_Return },
  { "N7", GDK_KEY_n, ASSAY_GRADE_NA, NULL, GDK_KEY_Tab },
  { "O1", GDK_KEY_2, ASSAY_GRADE_SILVER, NULL, GDK_KEY_Return },
  { "O2", GDK_KEY_2, ASSAY_GRADE_SILVER, NULL, GDK_KEY_Return },
  { "O3", GDK_KEY_2, ASSAY_GRADE_SILVER, NULL, GDK_KEY_Return },
  { "O4", GDK_KEY_0, ASSAY_GRADE_NA, NULL, GDK_KEY_Return },
  { "P1", GDK_KEY_2, ASSAY_GRADE_SILVER, NULL, GDK_KEY_Return },
  { "P2", GDK_KEY_3, ASSAY_GRADE_BRONZE, "access to used twice", GDK_KEY_Tab },
  { "P3", GDK_KEY_2, ASSAY_GRADE_SILVER, NULL, GDK_KEY_Return },
  { "P4", GDK_KEY_2, ASSAY_GRADE_SILVER, NULL, GDK_KEY_Return },
};

#define CTRL_FLAG 0x1000000

static void
test_keyboard_audit (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  g_autoptr(AssayNewAuditDialog) dialog = NULL;
  g_autoptr(AssayAudit) stored = NULL;
  g_autoptr(AssayGrading) grading = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayFrameworks) frameworks = NULL;
  g_autofree char *id = NULL;
  AssayAudit *audit;
  AssayFramework *framework;
  AdwMessageDialog *reopen;
  GtkEditable *reason_entry;
  const char *evidence, *reason;
  guint n_grades = 0, n_notes = 0;

  if (!assay_gui_test_keys_init (window))
    {
      g_test_skip ("No XTEST on this display: key presses cannot be synthesised");
      return;
    }

  dialog = start_audit (fixture, TRUE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  /* The new audit is open in the editor, the keyboard on the first criterion */
  audit = assay_audit_editor_get_audit (fixture->editor);
  g_assert_nonnull (audit);
  id = g_strdup (assay_audit_get_id (audit));
  framework = assay_audit_get_framework (audit);
  g_assert_cmpstr (assay_main_view_get_page (fixture->main_view), ==, "audit");
  g_assert_cmpstr (assay_audit_get_case (audit), ==, CASE_REF);
  g_assert_cmpstr (assay_framework_get_id (framework), ==, FRAMEWORK);
  g_assert_true (assay_audit_get_blind (audit));
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 1);

  /* The keyboard is taken by the window */
  assay_gui_test_keys_init (window);
  assay_gui_test_wait_drawn (window);
  g_assert_cmpstr (focused_criterion (fixture), ==, "W1");

  /* Gold is not a grade W1 can be given: refused, said, nothing stored */
  assay_gui_test_send_key (window, GDK_KEY_1, 0);
  g_assert_cmpint (assay_audit_get_grade (audit, "W1", NULL), ==, ASSAY_GRADE_NONE);
  g_assert_nonnull (_assay_audit_editor_get_last_toast (fixture->editor));
  g_assert_nonnull (strstr (_assay_audit_editor_get_last_toast (fixture->editor), "W1"));
  g_assert_cmpint (assay_grade_buttons_get_grade (ASSAY_GRADE_BUTTONS (
                     _assay_criterion_row_get_grade_buttons (focused_row (fixture)))),
                   ==, ASSAY_GRADE_NONE);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      const Step *step = &steps[i];
      guint next = step->next_key & ~CTRL_FLAG;
      gboolean ctrl = (step->next_key & CTRL_FLAG) != 0;

      g_test_message ("Grading %s", step->criterion);
      g_assert_cmpstr (focused_criterion (fixture), ==, step->criterion);

      assay_gui_test_send_key (window, step->keyval, 0);
      g_assert_cmpint (assay_audit_get_grade (audit, step->criterion, NULL), ==, step->grade);
      g_assert_cmpint (assay_grade_buttons_get_grade (ASSAY_GRADE_BUTTONS (
                         _assay_criterion_row_get_grade_buttons (focused_row (fixture)))),
                       ==, step->grade);
      n_grades++;

      if (step->evidence != NULL)
        {
          assay_gui_test_send_key (window, GDK_KEY_e, 0);
          g_assert_true (focus_in_evidence (fixture));
          assay_gui_test_type_text (window, step->evidence);
          n_notes++;
        }

      if (g_strcmp0 (step->criterion, "W2") == 0)
        {
          /* A statutory criterion says so, with its legal source beside
           * what good looks like. */
          GtkWidget *row = GTK_WIDGET (focused_row (fixture));
          GtkExpander *guidance =
            GTK_EXPANDER (assay_gui_test_find_descendant (row, GTK_TYPE_EXPANDER));

          gtk_expander_set_expanded (guidance, TRUE);
          assay_gui_test_wait_drawn (row);
          assay_gui_test_screenshot (row, "criterion-statutory");
          gtk_expander_set_expanded (guidance, FALSE);
        }

      if (g_strcmp0 (step->criterion, "W4") == 0)
        {
          assay_gui_test_wait_idle ();
          assay_gui_test_screenshot (window, "editor-section");
        }

      if (next == GDK_KEY_Escape)
        {
          /* Back to the grades, which saves the note; then on */
          assay_gui_test_send_key (window, GDK_KEY_Escape, 0);
          g_assert_false (focus_in_evidence (fixture));
          g_assert_cmpstr (focused_criterion (fixture), ==, step->criterion);
          next = GDK_KEY_Return;
        }
      else if (step->evidence != NULL)
        {
          /* From the note, Tab saves it and moves on */
          g_assert_cmpuint (next, ==, GDK_KEY_Tab);
        }

      assay_gui_test_send_key (window, next, ctrl ? GDK_CONTROL_MASK : 0);

      if (step->evidence != NULL)
        {
          assay_audit_get_grade (audit, step->criterion, &evidence);
          g_assert_cmpstr (evidence, ==, step->evidence);
        }
    }

  /* Past the last criterion: the summary */
  g_assert_cmpuint (_assay_audit_editor_get_page (fixture->editor), ==,
                    assay_framework_get_n_sections (framework));

  grading = assay_audit_compute (audit);
  g_assert_true (grading->complete);
  /* W (15) Bronze, V (15), N (30), O (15) and P (25) Silver: the mean is
   * Silver, but the statutory W2 at Not yet Bronze makes it Not yet Bronze */
  g_assert_cmpint (grading->uncapped, ==, ASSAY_GRADE_SILVER);
  g_assert_cmpint (grading->derived, ==, ASSAY_GRADE_NOT_YET_BRONZE);
  g_assert_cmpuint (grading->limited_by->len, ==, 1);
  g_assert_cmpstr (grading->limited_by->pdata[0], ==, "W2");

  /* The reason for the grade is on screen, in the criterion's words */
  {
    GtkListBoxRow *limit = gtk_list_box_get_row_at_index (
      _assay_audit_editor_get_limits_list (fixture->editor), 0);
    const AssayCriterion *w2 = assay_framework_lookup_criterion (framework, "W2", NULL);

    g_assert_nonnull (limit);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (limit)), ==, w2->text);
    /* with why: statutory, and the law it comes from */
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (limit)), "statutory"));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (limit)),
                              "reg 8(1)"));
  }

  assay_gui_test_screenshot (window, "editor-summary");

  /* Silver instead of the derived Not yet Bronze, but no reason yet: refused */
  adw_combo_row_set_selected (_assay_audit_editor_get_override_row (fixture->editor), 2);
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.finish", NULL);
  g_assert_cmpint (assay_audit_get_status (audit), ==, ASSAY_AUDIT_STATUS_DRAFT);
  g_assert_nonnull (strstr (_assay_audit_editor_get_last_toast (fixture->editor), "reason"));
  g_assert_true (gtk_widget_has_css_class (
    GTK_WIDGET (_assay_audit_editor_get_reason_row (fixture->editor)), "error"));

  /* The summary, typed where a moderator types it */
  gtk_widget_grab_focus (GTK_WIDGET (_assay_audit_editor_get_reason_row (fixture->editor)));
  assay_gui_test_type_text (window, "therapy restarts next week");
  g_assert_cmpstr (gtk_editable_get_text (_assay_audit_editor_get_reason_row (fixture->editor)), ==,
                   "therapy restarts next week");

  gtk_widget_grab_focus (GTK_WIDGET (_assay_audit_editor_get_text_view (fixture->editor,
                                                                         ASSAY_AUDIT_STRENGTHS)));
  assay_gui_test_type_text (window, "warm relationships with staff");
  gtk_widget_grab_focus (GTK_WIDGET (_assay_audit_editor_get_text_view (fixture->editor,
                                                                         ASSAY_AUDIT_DEVELOPMENT)));
  g_assert_cmpstr (assay_audit_get_text (audit, ASSAY_AUDIT_STRENGTHS), ==,
                   "warm relationships with staff");
  assay_gui_test_type_text (window, "record therapy sessions");
  gtk_widget_grab_focus (GTK_WIDGET (_assay_audit_editor_get_text_view (fixture->editor,
                                                                         ASSAY_AUDIT_FEEDBACK)));
  assay_gui_test_type_text (window, "thank you for a clear plan");

  /* Two actions added, one taken off again */
  gtk_editable_set_text (_assay_audit_editor_get_action_row (fixture->editor, "what"),
                         "Restart speech and language therapy");
  gtk_editable_set_text (_assay_audit_editor_get_action_row (fixture->editor, "owner"), "Health");
  gtk_editable_set_text (_assay_audit_editor_get_action_row (fixture->editor, "due"), "2026-04-30");
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.add-action", NULL);
  g_assert_cmpuint (assay_audit_get_n_actions (audit), ==, 1);
  gtk_editable_set_text (_assay_audit_editor_get_action_row (fixture->editor, "what"), "Spare");
  gtk_editable_set_text (_assay_audit_editor_get_action_row (fixture->editor, "owner"), "SENCO");
  gtk_editable_set_text (_assay_audit_editor_get_action_row (fixture->editor, "due"), "soon");
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.add-action", NULL);
  g_assert_cmpuint (assay_audit_get_n_actions (audit), ==, 1);
  g_assert_nonnull (strstr (_assay_audit_editor_get_last_toast (fixture->editor), "soon"));
  gtk_editable_set_text (_assay_audit_editor_get_action_row (fixture->editor, "due"), "2026-05-01");
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.add-action", NULL);
  g_assert_cmpuint (assay_audit_get_n_actions (audit), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.remove-action", "u", 1);
  g_assert_cmpuint (assay_audit_get_n_actions (audit), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.finish", NULL);
  g_assert_cmpint (assay_audit_get_status (audit), ==, ASSAY_AUDIT_STATUS_FINISHED);
  {
    GtkLabel *finished = _assay_audit_editor_get_finished_label (fixture->editor);

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (finished)));
    g_assert_true (g_str_has_prefix (gtk_label_get_text (finished), "Finished on"));
  }
  assay_gui_test_screenshot (window, "editor-finished-summary");

  /* Read-only: the grades cannot be pressed, the keys change nothing */
  for (guint i = 0; i < assay_framework_get_n_sections (framework); i++)
    gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.previous-section", NULL);
  g_assert_cmpuint (_assay_audit_editor_get_page (fixture->editor), ==, 0);
  for (guint i = 0; i < _assay_audit_editor_get_n_rows (fixture->editor); i++)
    g_assert_false (gtk_widget_is_sensitive (
      _assay_criterion_row_get_grade_buttons (_assay_audit_editor_get_row (fixture->editor, i))));
  assay_gui_test_send_key (window, GDK_KEY_1, 0);
  g_assert_cmpint (assay_audit_get_grade (audit, "W2", NULL), ==, ASSAY_GRADE_NOT_YET_BRONZE);
  assay_gui_test_screenshot (window, "editor-finished");

  /* What is stored, read back through a vault of its own */
  database = assay_database_open (fixture->env.path, &error);
  g_assert_no_error (error);
  vault = assay_vault_new (database);
  g_assert_true (assay_vault_unlock (vault, ASSAY_TEST_PASSPHRASE, &error));
  store = assay_store_new (vault);
  frameworks = assay_frameworks_new_default ();
  stored = assay_audit_open (store, frameworks, id, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_assert_cmpint (assay_audit_get_grade (stored, steps[i].criterion, &evidence), ==,
                       steps[i].grade);
      if (steps[i].evidence != NULL)
        g_assert_cmpstr (evidence, ==, steps[i].evidence);
    }
  g_assert_cmpint (assay_audit_get_status (stored), ==, ASSAY_AUDIT_STATUS_FINISHED);
  g_assert_cmpint (assay_audit_get_final (stored, &reason), ==, ASSAY_GRADE_SILVER);
  g_assert_cmpstr (reason, ==, "therapy restarts next week");
  {
    g_autoptr(AssayGrading) again = assay_audit_compute (stored);

    g_assert_cmpint (again->derived, ==, ASSAY_GRADE_NOT_YET_BRONZE);
  }
  g_assert_cmpstr (assay_audit_get_text (stored, ASSAY_AUDIT_STRENGTHS), ==,
                   "warm relationships with staff");
  g_assert_cmpstr (assay_audit_get_text (stored, ASSAY_AUDIT_DEVELOPMENT), ==,
                   "record therapy sessions");
  g_assert_cmpstr (assay_audit_get_text (stored, ASSAY_AUDIT_FEEDBACK), ==,
                   "thank you for a clear plan");
  {
    const char *what, *owner, *due;

    g_assert_cmpuint (assay_audit_get_n_actions (stored), ==, 1);
    assay_audit_get_action (stored, 0, &what, &owner, &due);
    g_assert_cmpstr (what, ==, "Restart speech and language therapy");
    g_assert_cmpstr (owner, ==, "Health");
    g_assert_cmpstr (due, ==, "2026-04-30");
  }

  /* The session's changes (each grade, each note, the three texts, two
   * actions added and one removed, the override being considered and its
   * reason) made one revision between the one created and the one
   * finished: each replaced the one before it in place. Once the finished
   * audit is compacted (finishing may do it), that draft goes too. */
  g_assert_cmpuint (n_grades + n_notes, >, 1);
  g_assert_cmpint (assay_audit_get_revision (stored), ==, 3);
  g_assert_true (_assay_audit_compact_history (stored, NULL, &error));
  g_assert_no_error (error);
  history = assay_store_history (store, "audits", id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);

  /* Reopening asks why, and will not go on without a reason */
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.reopen", NULL);
  reopen = ADW_MESSAGE_DIALOG (assay_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (reopen);
  g_assert_false (adw_message_dialog_get_response_enabled (reopen, "reopen"));
  reason_entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (reopen));
  gtk_editable_set_text (reason_entry, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (reopen, "reopen"));
  gtk_editable_set_text (reason_entry, "Forum asked for P5 to be looked at again");
  g_assert_true (adw_message_dialog_get_response_enabled (reopen, "reopen"));
  assay_gui_test_wait_drawn (GTK_WIDGET (reopen));
  assay_gui_test_screenshot (GTK_WIDGET (reopen), "editor-reopen");
  adw_message_dialog_response (reopen, "reopen");
  gtk_window_destroy (GTK_WINDOW (reopen));

  g_assert_cmpint (assay_audit_get_status (audit), ==, ASSAY_AUDIT_STATUS_DRAFT);
  g_assert_true (gtk_widget_is_sensitive (
    _assay_criterion_row_get_grade_buttons (_assay_audit_editor_get_row (fixture->editor, 0))));
}

/* A too-new widget in a .ui file fails only at run time: build them all */
static void
test_templates (Fixture       *fixture,
                gconstpointer  data)
{
  GType types[] = {
    ASSAY_TYPE_AUDIT_EDITOR,
    ASSAY_TYPE_CRITERION_ROW,
    ASSAY_TYPE_GRADE_BUTTONS,
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GtkWidget *widget = g_object_ref_sink (g_object_new (types[i], NULL));

      g_assert_nonnull (widget);
      g_object_unref (widget);
    }

  {
    GtkWidget *dialog = g_object_new (ASSAY_TYPE_NEW_AUDIT_DIALOG, NULL);

    gtk_window_destroy (GTK_WINDOW (dialog));
  }
}

static void
test_empty_and_cancel (Fixture       *fixture,
                       gconstpointer  data)
{
  AssayNewAuditDialog *dialog;
  AssaySession *session = assay_audit_editor_get_session (fixture->editor);
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (session);
  g_assert_null (assay_audit_editor_get_audit (fixture->editor));

  /* Cancelling the dialog starts nothing */
  gtk_widget_activate_action (GTK_WIDGET (fixture->main_view), "main.start-audit", "s", CASE_REF);
  dialog = ASSAY_NEW_AUDIT_DIALOG (assay_gui_test_find_toplevel (ASSAY_TYPE_NEW_AUDIT_DIALOG));
  g_assert_nonnull (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  assay_gui_test_wait_closed (ASSAY_TYPE_NEW_AUDIT_DIALOG);
  g_assert_null (assay_gui_test_find_toplevel (ASSAY_TYPE_NEW_AUDIT_DIALOG));

  audits = assay_audit_list (assay_session_get_store (session),
                             assay_session_get_frameworks (session), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits->len, ==, 0);

  /* Locking drops the audit on screen with the session */
  g_object_unref (start_audit (fixture, FALSE));
  g_assert_nonnull (assay_audit_editor_get_audit (fixture->editor));
  lock_vault (fixture);
  g_assert_null (assay_audit_editor_get_audit (fixture->editor));
  g_assert_null (assay_audit_editor_get_session (fixture->editor));
}

static gboolean
editor_has_audit (gpointer data)
{
  return assay_audit_editor_get_audit (data) != NULL;
}

/*
 * Locking in the middle of a note: the half-typed words are saved while the
 * keys still exist, and unlocking comes back to the same audit.
 */
static void
test_lock_resumes (Fixture       *fixture,
                   gconstpointer  data)
{
  AssayCriterionRow *row;
  GtkTextBuffer *buffer;
  g_autoptr(AssayAudit) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *criterion = NULL;
  const char *evidence = NULL;

  g_object_unref (start_audit (fixture, FALSE));
  g_assert_nonnull (assay_audit_editor_get_audit (fixture->editor));
  id = g_strdup (assay_audit_get_id (assay_audit_editor_get_audit (fixture->editor)));

  row = _assay_audit_editor_get_row (fixture->editor, 0);
  /* Copied: the row and its framework go with the session. */
  criterion = g_strdup (assay_criterion_row_get_criterion (row)->id);
  buffer = gtk_text_view_get_buffer (_assay_criterion_row_get_evidence_view (row));
  /* Typed, and the lock comes before the pause that would save it. */
  gtk_text_buffer_set_text (buffer, "Timetable shows SALT twice wee", -1);
  /* An override being considered, its reason half typed. */
  adw_combo_row_set_selected (_assay_audit_editor_get_override_row (fixture->editor), 2);
  gtk_editable_set_text (_assay_audit_editor_get_reason_row (fixture->editor), "Therapy resum");

  lock_vault (fixture);
  g_assert_null (assay_audit_editor_get_audit (fixture->editor));

  g_assert_true (assay_vault_unlock (fixture->vault, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_true (assay_gui_test_wait_until (editor_has_audit, fixture->editor, 5000));

  g_assert_nonnull (assay_audit_editor_get_audit (fixture->editor));
  g_assert_cmpstr (assay_audit_get_id (assay_audit_editor_get_audit (fixture->editor)), ==, id);

  stored = assay_audit_open (assay_session_get_store (assay_audit_editor_get_session (fixture->editor)),
                             assay_session_get_frameworks (assay_audit_editor_get_session (fixture->editor)),
                             id, &error);
  g_assert_no_error (error);
  assay_audit_get_grade (stored, criterion, &evidence);
  g_assert_cmpstr (evidence, ==, "Timetable shows SALT twice wee");

  /* The override comes back as it was left. */
  g_assert_cmpuint (adw_combo_row_get_selected (_assay_audit_editor_get_override_row (fixture->editor)),
                    ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (_assay_audit_editor_get_reason_row (fixture->editor)),
                   ==, "Therapy resum");
}

/*
 * The kill test. The child opens the editor on a real vault, grades and
 * types as a moderator would, says "ready" once the editor has saved, and
 * is then killed with SIGKILL: no dispose, no flush, no atexit. Whatever
 * the editor said was saved must be in the database.
 */
static const struct {
  const char *criterion;
  AssayGrade  grade;
} kill_grades[] = {
  { "P1", ASSAY_GRADE_SILVER },
  { "W6", ASSAY_GRADE_NA },
  { "P3", ASSAY_GRADE_BRONZE },
  { "P4", ASSAY_GRADE_NOT_YET_BRONZE },
  { "V1", ASSAY_GRADE_GOLD },
};

#define KILL_NOTE "timetable seen, log kept daily"

static gboolean
note_saved (gpointer data)
{
  const char *evidence = NULL;

  /* The note goes to the first criterion of the first section. */
  assay_audit_get_grade (data, "W1", &evidence);

  return g_strcmp0 (evidence, KILL_NOTE) == 0;
}

static int
run_kill_child (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "assay.db", NULL);
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssaySession) session = NULL;
  g_autoptr(AssayFramework) framework = NULL;
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(GError) error = NULL;
  AssayAuditEditor *editor;
  GtkWidget *window;
  GtkTextBuffer *buffer;

  gtk_init ();
  adw_init ();

  database = assay_database_open (path, &error);
  g_assert_no_error (error);
  vault = assay_vault_new (database);
  g_assert_true (assay_vault_unlock (vault, ASSAY_TEST_PASSPHRASE, &error));
  session = assay_session_new (vault);
  framework = assay_frameworks_lookup (assay_session_get_frameworks (session), FRAMEWORK, NULL,
                                       &error);
  g_assert_no_error (error);
  audit = assay_audit_create (assay_session_get_store (session), framework, CASE_REF, FALSE,
                              &error);
  g_assert_no_error (error);

  window = gtk_window_new ();
  editor = g_object_new (ASSAY_TYPE_AUDIT_EDITOR, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (editor));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  assay_audit_editor_set_session (editor, session);
  assay_audit_editor_set_audit (editor, audit);
  gtk_window_present (GTK_WINDOW (window));
  assay_gui_test_wait_drawn (window);

  for (guint i = 0; i < G_N_ELEMENTS (kill_grades); i++)
    gtk_widget_activate_action (GTK_WIDGET (editor), "editor.grade", "(ss)",
                                kill_grades[i].criterion,
                                assay_grade_to_token (kill_grades[i].grade));

  /* A note typed and left: saved after the pause in typing, untouched. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.previous-section", NULL);
  g_assert_cmpuint (_assay_audit_editor_get_page (editor), ==, 0);
  buffer = gtk_text_view_get_buffer (
    _assay_criterion_row_get_evidence_view (_assay_audit_editor_get_row (editor, 0)));
  gtk_text_buffer_insert_at_cursor (buffer, KILL_NOTE, -1);
  g_assert_true (assay_gui_test_wait_until (note_saved, audit, 5000));

  g_print ("ready %s\n", assay_audit_get_id (audit));
  fflush (stdout);

  /* Working on, until killed */
  for (;;)
    g_main_context_iteration (NULL, TRUE);

  return 0;
}

static void
test_kill (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = assay_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "assay.db", NULL);
  g_autofree char *line = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayFrameworks) frameworks = NULL;
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(AssayCheckReport) report = NULL;
  const char *evidence = NULL;

  {
    g_autoptr(AssayVault) created = assay_test_vault_new (dir, NULL);
  }

  g_assert_nonnull (self_exe);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self_exe, "--kill-child", dir, NULL);
  g_assert_no_error (error);

  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line_utf8 (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "ready "));

  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  /* Reopened as after a crash: everything saved is there, and intact */
  database = assay_database_open (path, &error);
  g_assert_no_error (error);
  vault = assay_vault_new (database);
  g_assert_true (assay_vault_unlock (vault, ASSAY_TEST_PASSPHRASE, &error));
  store = assay_store_new (vault);
  frameworks = assay_frameworks_new_default ();
  audit = assay_audit_open (store, frameworks, line + strlen ("ready "), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (kill_grades); i++)
    g_assert_cmpint (assay_audit_get_grade (audit, kill_grades[i].criterion, NULL), ==,
                     kill_grades[i].grade);
  assay_audit_get_grade (audit, "W1", &evidence);
  g_assert_cmpstr (evidence, ==, KILL_NOTE);
  /* Created, then the editor's session: one revision, rewritten in place. */
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 2);

  report = assay_store_check (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->damaged->len, ==, 0);
  g_assert_null (report->database_problem);

  g_clear_object (&store);
  g_clear_object (&vault);
  g_clear_object (&database);
  assay_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_strcmp0 (argv[1], "--kill-child") == 0)
    return run_kill_child (argv[2]);

  assay_gui_test_init (&argc, &argv);

  g_test_add ("/audit-editor/templates", Fixture, NULL,
              fixture_setup, test_templates, fixture_teardown);
  g_test_add ("/audit-editor/empty-and-cancel", Fixture, NULL,
              fixture_setup, test_empty_and_cancel, fixture_teardown);
  g_test_add ("/audit-editor/keyboard-audit", Fixture, NULL,
              fixture_setup, test_keyboard_audit, fixture_teardown);
  g_test_add ("/audit-editor/lock-resumes", Fixture, NULL,
              fixture_setup, test_lock_resumes, fixture_teardown);
  g_test_add ("/audit-editor/kill", Fixture, NULL,
              fixture_setup, test_kill, fixture_teardown);

  return g_test_run ();
}
