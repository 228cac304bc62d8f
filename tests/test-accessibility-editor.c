/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-accessibility-editor"

#include "config.h"

#include "accessibility-test-fixture.h"
#include "assay-grade-buttons.h"

/*
 * In the audit editor, grade and delivery buttons say whether they are
 * pressed, and focus follows the checklist.
 */

/* --- Grade buttons and focus order ------------------------------------ */

static AssayAuditEditor *
open_editor (Fixture *f)
{
  AssayMainView *main_view = _assay_window_get_main_view (f->window);
  AssayAuditEditor *editor;

  unlock (f);
  gtk_widget_activate_action (GTK_WIDGET (main_view), "main.open-audit", "s", f->open_audit_id);
  g_assert_cmpstr (assay_main_view_get_page (main_view), ==, "audit");
  assay_gui_test_wait_idle ();
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));

  editor = ASSAY_AUDIT_EDITOR (find_page (f, ASSAY_TYPE_AUDIT_EDITOR));
  g_assert_cmpuint (_assay_audit_editor_get_page (editor), ==, 0);
  g_assert_cmpuint (_assay_audit_editor_get_n_rows (editor), >=, 2);

  return editor;
}

/* The pressed state @button tells assistive technologies, where it is not
 * @pressed; NULL where it tells the truth */
static char *
pressed_state_told (GtkWidget *button,
                    gboolean   pressed)
{
  g_autofree char *differs = NULL;

  g_assert_true (gtk_test_accessible_has_state (GTK_ACCESSIBLE (button),
                                                GTK_ACCESSIBLE_STATE_PRESSED));
  /* gtk_test_accessible_check_state() returns the state it found when it
   * is not the one asked for, so asking for "true" tells all three apart:
   * NULL, "false", or anything else */
  differs = gtk_test_accessible_check_state (GTK_ACCESSIBLE (button),
                                             GTK_ACCESSIBLE_STATE_PRESSED,
                                             GTK_ACCESSIBLE_TRISTATE_TRUE);
  if (pressed ? differs == NULL : g_strcmp0 (differs, "false") == 0)
    return NULL;

  return differs != NULL ? g_steal_pointer (&differs) : g_strdup ("true");
}

/* Each grade button says whether it is pressed, and only the button of
 * @grade is; the name of that one is the framework's word for @grade. */
static void
assert_pressed (AssayFramework *framework,
                GtkWidget      *buttons,
                AssayGrade      grade)
{
  guint n_buttons = 0, n_pressed = 0;

  for (GtkWidget *w = gtk_widget_get_first_child (buttons); w != NULL; )
    {
      if (GTK_IS_TOGGLE_BUTTON (w))
        {
          gboolean active = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (w));
          g_autofree char *told = NULL;

          n_buttons++;
          told = pressed_state_told (w, active);
          if (told != NULL)
            g_error ("Grade button %u (%s) is %s but tells assistive technologies "
                     "its pressed state is %s", n_buttons,
                     gtk_widget_get_tooltip_text (w), active ? "down" : "up", told);

          if (active)
            {
              g_autofree char *name_differs = NULL;

              n_pressed++;
              name_differs = gtk_test_accessible_check_property (
                GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL,
                grade == ASSAY_GRADE_NA ? "N/A" : assay_framework_get_label (framework, grade));
              if (name_differs != NULL)
                g_error ("Pressed grade button name: %s", name_differs);
            }

          /* Not into the button: its label is not a button */
          while (w != buttons && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w != buttons ? gtk_widget_get_next_sibling (w) : NULL;
          continue;
        }

      /* Depth first through the box around the buttons */
      if (gtk_widget_get_first_child (w) != NULL)
        {
          w = gtk_widget_get_first_child (w);
          continue;
        }
      while (w != buttons && gtk_widget_get_next_sibling (w) == NULL)
        w = gtk_widget_get_parent (w);
      w = w != buttons ? gtk_widget_get_next_sibling (w) : NULL;
    }

  g_assert_cmpuint (n_buttons, ==, 5);
  g_assert_cmpuint (n_pressed, ==, grade == ASSAY_GRADE_NONE ? 0 : 1);
}

static void
test_grade_state (Fixture       *f,
                  gconstpointer  data)
{
  AssayAuditEditor *editor = open_editor (f);
  AssayAudit *audit = assay_audit_editor_get_audit (editor);
  AssayFramework *framework = assay_audit_get_framework (audit);
  static const AssayGrade grades[] = {
    ASSAY_GRADE_SILVER, ASSAY_GRADE_BRONZE, ASSAY_GRADE_NOT_YET_BRONZE, ASSAY_GRADE_NA,
  };

  for (guint r = 0; r < 2; r++)
    {
      AssayCriterionRow *row = _assay_audit_editor_get_row (editor, r);
      const AssayCriterion *criterion = assay_criterion_row_get_criterion (row);
      GtkWidget *buttons = _assay_criterion_row_get_grade_buttons (row);

      g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (buttons),
                                                   GTK_ACCESSIBLE_ROLE_GROUP));
      assert_pressed (framework, buttons, ASSAY_GRADE_NONE);

      for (guint g = 0; g < G_N_ELEMENTS (grades); g++)
        {
          if (!assay_criterion_allows (criterion, grades[g]))
            continue;

          g_test_message ("%s graded %s", criterion->id, assay_grade_to_token (grades[g]));
          gtk_widget_activate_action (GTK_WIDGET (editor), "editor.grade", "(ss)",
                                      criterion->id, assay_grade_to_token (grades[g]));
          assay_gui_test_wait_idle ();
          g_assert_cmpint (assay_audit_get_grade (audit, criterion->id, NULL), ==, grades[g]);
          assert_pressed (framework, buttons, grades[g]);
        }
    }
}

static const char *
criterion_of_focus (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  GtkWidget *row;

  if (focus == NULL)
    return NULL;
  row = gtk_widget_get_ancestor (focus, ASSAY_TYPE_CRITERION_ROW);
  if (row == NULL)
    return NULL;

  return assay_criterion_row_get_criterion (ASSAY_CRITERION_ROW (row))->id;
}

static void
test_focus_order (Fixture       *f,
                  gconstpointer  data)
{
  AssayAuditEditor *editor = open_editor (f);
  guint n_rows = _assay_audit_editor_get_n_rows (editor);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autoptr(GPtrArray) visited = g_ptr_array_new ();
  g_autofree char *expected_list = NULL;
  g_autofree char *visited_list = NULL;

  for (guint r = 0; r < n_rows; r++)
    g_ptr_array_add (expected, (gpointer) assay_criterion_row_get_criterion (
                                            _assay_audit_editor_get_row (editor, r))->id);
  g_ptr_array_add (expected, NULL);
  expected_list = g_strjoinv (" ", (char **) expected->pdata);

  /* The keyboard starts on the first criterion's grades */
  g_assert_true (assay_criterion_row_focus_grades (_assay_audit_editor_get_row (editor, 0)));
  g_assert_cmpstr (criterion_of_focus (f), ==, expected->pdata[0]);

  /* Tab, as GTK moves focus: through every control of a criterion, then
   * to the next; the criteria come in the framework's order, each once */
  g_ptr_array_add (visited, (gpointer) criterion_of_focus (f));
  for (guint i = 0; i < 400; i++)
    {
      const char *now;

      if (!gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD))
        break;
      now = criterion_of_focus (f);
      if (now == NULL)
        {
          /* Left the checklist; done once every criterion was visited */
          if (visited->len >= n_rows)
            break;
          continue;
        }
      if (g_strcmp0 (now, visited->pdata[visited->len - 1]) != 0)
        g_ptr_array_add (visited, (gpointer) now);
      if (visited->len > n_rows)
        break;
    }
  g_ptr_array_add (visited, NULL);
  visited_list = g_strjoinv (" ", (char **) visited->pdata);
  g_test_message ("Tab visits %s; the checklist is %s", visited_list, expected_list);
  g_assert_cmpstr (visited_list, ==, expected_list);

  /* The editor's own key (Enter or Tab on a grade): one criterion at a
   * time, in the same order */
  g_assert_true (assay_criterion_row_focus_grades (_assay_audit_editor_get_row (editor, 0)));
  for (guint r = 1; r < n_rows; r++)
    {
      gtk_widget_activate_action (GTK_WIDGET (editor), "editor.next-criterion", NULL);
      assay_gui_test_wait_idle ();
      g_assert_cmpstr (criterion_of_focus (f), ==, expected->pdata[r]);
    }
}

/* Each delivery button says whether it is pressed, and its name starts
 * with the word it shows. */
static void
assert_delivery_pressed (AssayProvisionLineRow *row,
                         AssayDelivered         delivered)
{
  static const struct {
    AssayDelivered delivered;
    const char    *name;
  } buttons[] = {
    { ASSAY_DELIVERED_YES, "Yes, delivered" },
    { ASSAY_DELIVERED_PARTLY, "Partly delivered" },
    { ASSAY_DELIVERED_NO, "No, not delivered" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = GTK_WIDGET (_assay_provision_line_row_get_button (row,
                                                                           buttons[i].delivered));
      gboolean pressed = buttons[i].delivered == delivered;
      g_autofree char *told = NULL;
      g_autofree char *name_differs = NULL;

      /* GTK 4.8 has no toggle button role: a button with a pressed state */
      g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (button),
                                                   GTK_ACCESSIBLE_ROLE_BUTTON));
      told = pressed_state_told (button, pressed);
      if (told != NULL)
        g_error ("Delivery button “%s” is %s but tells assistive technologies its pressed "
                 "state is %s", buttons[i].name, pressed ? "down" : "up", told);

      name_differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (button),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                         buttons[i].name);
      if (name_differs != NULL)
        g_error ("Delivery button name: %s", name_differs);
    }
}

static void
test_delivery_state (Fixture       *f,
                     gconstpointer  data)
{
  AssayAuditEditor *editor;
  AssayProvisionLines *lines;
  AssayProvisionLineRow *row;
  AssayAudit *audit;
  AssayAuditLine line;
  GtkWidget *focus;
  g_autofree char *id = NULL;
  static const char * const tokens[] = { "partly", "yes", "no" };

  unlock (f);
  editor = ASSAY_AUDIT_EDITOR (find_page (f, ASSAY_TYPE_AUDIT_EDITOR));
  lines = open_visit (f, editor);
  audit = assay_audit_editor_get_audit (editor);

  row = _assay_provision_lines_get_row (lines, 0);
  g_assert_true (assay_audit_get_line (audit, 0, &line));
  id = g_strdup (line.id);
  assert_delivery_pressed (row, ASSAY_DELIVERED_UNSET);
  assert_delivery_pressed (_assay_provision_lines_get_row (lines, 1), ASSAY_DELIVERED_NO);

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      AssayDelivered delivered;

      g_assert_true (assay_delivered_from_token (tokens[i], &delivered));
      gtk_widget_activate_action (GTK_WIDGET (lines), "lines.set-delivered", "(ss)", id,
                                  tokens[i]);
      assay_gui_test_wait_idle ();
      g_assert_true (assay_audit_get_line (audit, 0, &line));
      g_assert_cmpint (line.delivered, ==, delivered);
      assert_delivery_pressed (row, delivered);
    }

  /* The keyboard reaches the buttons on the pressed one, in a named group */
  g_assert_true (assay_provision_line_row_focus_delivery (row));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (focus == GTK_WIDGET (_assay_provision_line_row_get_button (row,
                                                                          ASSAY_DELIVERED_NO)));
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (gtk_widget_get_parent (focus)),
                                               GTK_ACCESSIBLE_ROLE_GROUP));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (gtk_widget_get_parent (focus)),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));

  /* Every line recorded: work goes on in the add row */
  g_assert_true (assay_provision_lines_focus (lines));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (gtk_widget_is_ancestor (focus,
                                         GTK_WIDGET (_assay_provision_lines_get_add_row (lines))));
}

int
main (int   argc,
      char *argv[])
{
  accessibility_test_init (&argc, &argv);

  g_test_add ("/accessibility-editor/grade-state", Fixture, NULL,
              fixture_setup_filled, test_grade_state, fixture_teardown);
  g_test_add ("/accessibility-editor/focus-order", Fixture, NULL,
              fixture_setup_filled, test_focus_order, fixture_teardown);
  g_test_add ("/accessibility-editor/delivery-state", Fixture, NULL,
              fixture_setup_filled, test_delivery_state, fixture_teardown);

  return g_test_run ();
}
