/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-accessibility-names"

#include "config.h"

#include "accessibility-test-fixture.h"
#include "assay-bundle-import-dialog.h"
#include "assay-caseload-import-dialog.h"
#include "assay-caseload-page.h"
#include "assay-export-dialog.h"
#include "assay-moderation-dialog.h"
#include "assay-moderation-page.h"
#include "assay-new-audit-dialog.h"
#include "assay-preferences-window.h"
#include "assay-sample-dialog.h"
#include "assay-samples-page.h"

/*
 * Every control on every screen of the application has an accessible name.
 */

typedef struct
{
  guint       n_controls;
  GString    *failures;
  guint       n_failures;
  GHashTable *seen;   /* controls checked already, on an earlier screen;
                       * held, so no new widget can reuse the address */
} Survey;

/* --- Deciding whether a control has a name ---------------------------- */

/* Widgets that are one control to a keyboard and screen reader user,
 * however many widgets they are built of: they are checked as a whole and
 * their insides (the GtkText of an entry, the toggle of a menu button, the
 * popover of a drop-down) are not checked apart. */
static gboolean
is_compound_control (GtkWidget *widget)
{
  return GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) ||
         GTK_IS_PASSWORD_ENTRY (widget) || GTK_IS_SPIN_BUTTON (widget) ||
         GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) ||
         ADW_IS_SPLIT_BUTTON (widget) || ADW_IS_ENTRY_ROW (widget) ||
         ADW_IS_COMBO_ROW (widget);
}

/* Whether @widget is a control a keyboard user can reach: one of the
 * interactive widget types, or anything else that takes focus (a
 * selectable label, an activatable row, a list item). */
static gboolean
is_control (GtkWidget *widget)
{
  if (is_compound_control (widget))
    return TRUE;

  if (GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
      GTK_IS_TEXT (widget) || GTK_IS_TEXT_VIEW (widget) || GTK_IS_SCALE (widget))
    return TRUE;

  if (GTK_IS_LIST_BOX_ROW (widget))
    return gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget)) &&
           gtk_widget_get_focusable (widget);

  /* Containers take focus only to hand it to their children, which are
   * checked themselves */
  if (GTK_IS_WINDOW (widget) || GTK_IS_LIST_BOX (widget) || GTK_IS_FLOW_BOX (widget) ||
      GTK_IS_SCROLLED_WINDOW (widget) || GTK_IS_VIEWPORT (widget) ||
      GTK_IS_LIST_VIEW (widget) || GTK_IS_GRID_VIEW (widget) || GTK_IS_COLUMN_VIEW (widget))
    return FALSE;

  return gtk_widget_get_focusable (widget);
}

static gboolean
is_nonempty (const char *text)
{
  return text != NULL && *text != '\0';
}

/* TRUE if the accessible LABEL property is set to a non-empty string.
 * gtk_test_accessible_check_property() returns NULL when the value is the
 * one given, so comparing with "" tells set-and-empty from set. */
static gboolean
has_label_property (GtkWidget *widget)
{
  g_autofree char *differs = NULL;

  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                         GTK_ACCESSIBLE_PROPERTY_LABEL))
    return FALSE;

  differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, "");

  return differs != NULL;
}

/* The text of the first visible, non-empty GtkLabel at or under @widget */
static const char *
content_text (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;

  if (GTK_IS_LABEL (widget) && is_nonempty (gtk_label_get_text (GTK_LABEL (widget))))
    return gtk_label_get_text (GTK_LABEL (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = content_text (child);

      if (text != NULL)
        return text;
    }

  return NULL;
}

static void
collect_descendants (GtkWidget  *widget,
                     GPtrArray  *into)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_ptr_array_add (into, child);
      collect_descendants (child, into);
    }
}

/* Whether @widget's LABELLED_BY relation gives it a name. GTK 4.8 points
 * a GtkButton's relation at its child whatever the child is, an icon
 * too, so the relation names the widget only if what it points at has
 * words. The test backend cannot list a relation's targets, only compare
 * them with a list, so each likely target is tried alone: the mnemonic
 * labels and every descendant. A target found among neither (a label
 * elsewhere, named in a .ui relation) is taken on trust. */
static gboolean
labelled_by_gives_name (GtkWidget *widget)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  GList *mnemonic_labels = gtk_widget_list_mnemonic_labels (widget);

  for (GList *l = mnemonic_labels; l != NULL; l = l->next)
    g_ptr_array_add (candidates, l->data);
  g_list_free (mnemonic_labels);
  collect_descendants (widget, candidates);

  for (guint i = 0; i < candidates->len; i++)
    {
      GtkWidget *target = candidates->pdata[i];
      g_autofree char *differs = NULL;

      differs = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (widget),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                                    target, NULL);
      if (differs == NULL)
        return content_text (target) != NULL;
    }

  return TRUE;
}

/*
 * Whether an assistive technology is given a name for @widget. In order:
 *
 *  1. the accessible LABEL property, non-empty (.ui <accessibility>
 *     <property name="label">, or gtk_accessible_update_property());
 *  2. a LABELLED_BY relation (a GtkLabel's mnemonic-widget, a GtkButton's
 *     label child, libadwaita rows' titles);
 *  3. a name from the widget's own content, as GTK and Orca derive it:
 *     a button's or check button's label, or text in a label inside it
 *     (not an icon: an icon has no words); a row's title; the text of a
 *     row or list item; a selectable label's text.
 *
 * A tooltip alone is not a name: GTK 4.8 gives it as the description,
 * which a screen reader reads after the name, if at all. For compound
 * controls the name may sit on the part that takes focus (a menu
 * button's toggle, an entry's text), so that part is asked too.
 */
static gboolean
has_accessible_name (GtkWidget *widget)
{
  if (has_label_property (widget) ||
      (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                         GTK_ACCESSIBLE_RELATION_LABELLED_BY) &&
       labelled_by_gives_name (widget)))
    return TRUE;

  if (ADW_IS_PREFERENCES_ROW (widget))
    return is_nonempty (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));

  if (GTK_IS_MENU_BUTTON (widget))
    {
      GtkWidget *toggle = gtk_widget_get_first_child (widget);

      /* Its toggle is LABELLED_BY the menu button itself, so that relation
       * says nothing: the words are the menu button's label, or text in
       * the toggle */
      return is_nonempty (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget))) ||
             (toggle != NULL && (has_label_property (toggle) || content_text (toggle) != NULL));
    }

  if (GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) ||
      GTK_IS_PASSWORD_ENTRY (widget) || GTK_IS_SPIN_BUTTON (widget))
    {
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_TEXT (child))
          return has_label_property (child) ||
                 (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (child),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY) &&
                  labelled_by_gives_name (child));
      return FALSE;
    }

  if (GTK_IS_BUTTON (widget))
    return is_nonempty (gtk_button_get_label (GTK_BUTTON (widget))) ||
           content_text (widget) != NULL;

  if (GTK_IS_CHECK_BUTTON (widget))
    return is_nonempty (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget))) ||
           content_text (widget) != NULL;

  if (GTK_IS_LABEL (widget))
    return is_nonempty (gtk_label_get_text (GTK_LABEL (widget)));

  /* Values, not names: what a switch, a text field, a scale or a
   * drop-down shows is what it is set to, not what it is for */
  if (GTK_IS_SWITCH (widget) || GTK_IS_TEXT (widget) || GTK_IS_TEXT_VIEW (widget) ||
      GTK_IS_SCALE (widget) || GTK_IS_DROP_DOWN (widget) || ADW_IS_SPLIT_BUTTON (widget))
    return FALSE;

  /* Rows and list items are read by their content */
  return content_text (widget) != NULL;
}

/* How @widget gets its name, for the verbose log; NULL if it has none */
static const char *
accessible_name_source (GtkWidget *widget)
{
  if (has_label_property (widget))
    return "label";
  if (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY) &&
      labelled_by_gives_name (widget))
    return "labelled-by";

  return has_accessible_name (widget) ? "content" : NULL;
}

/* Where @widget is, for a failure message: its nearest Assay ancestor
 * (the template it comes from) and its parent */
static void
describe (GString   *out,
          GtkWidget *widget)
{
  g_auto(GStrv) classes = gtk_widget_get_css_classes (widget);
  g_autofree char *class_list = g_strjoinv (".", classes);
  const char *tooltip = gtk_widget_get_tooltip_text (widget);
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));
  GtkWidget *parent = gtk_widget_get_parent (widget);
  GtkWidget *owner = parent;

  while (owner != NULL && !g_str_has_prefix (G_OBJECT_TYPE_NAME (owner), "Assay"))
    owner = gtk_widget_get_parent (owner);

  g_string_append_printf (out, "\n  %s (%s%s%s)", G_OBJECT_TYPE_NAME (widget),
                          gtk_widget_get_css_name (widget),
                          *class_list != '\0' ? "." : "", class_list);
  /* GtkBuilder names objects without an id ___object_N___: no help */
  if (id != NULL && !g_str_has_prefix (id, "___"))
    g_string_append_printf (out, " id=%s", id);
  g_string_append_printf (out, " in %s, parent %s",
                          owner != NULL ? G_OBJECT_TYPE_NAME (owner) : "(none)",
                          parent != NULL ? G_OBJECT_TYPE_NAME (parent) : "(none)");
  if (GTK_IS_BUTTON (widget) && gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL)
    g_string_append_printf (out, " icon=%s", gtk_button_get_icon_name (GTK_BUTTON (widget)));
  if (GTK_IS_MENU_BUTTON (widget) &&
      gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)) != NULL)
    g_string_append_printf (out, " icon=%s",
                            gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)));
  g_string_append_printf (out, " tooltip=%s%s%s", tooltip != NULL ? "“" : "",
                          tooltip != NULL ? tooltip : "(none)", tooltip != NULL ? "”" : "");
}

static void
survey_tree (Survey     *survey,
             GtkWidget  *widget,
             const char *screen)
{
  /* What is not shown cannot be reached; neither can its children */
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_mapped (widget))
    return;

  if (is_control (widget) && !g_hash_table_contains (survey->seen, widget))
    {
      const char *source = accessible_name_source (widget);

      g_hash_table_add (survey->seen, g_object_ref (widget));
      survey->n_controls++;
      if (g_test_verbose ())
        {
          g_autoptr(GString) line = g_string_new (source != NULL ? source : "NONE");

          describe (line, widget);
          g_test_message ("%s", line->str);
        }
      if (source == NULL)
        {
          survey->n_failures++;
          g_string_append_printf (survey->failures, "\n[%s]", screen);
          describe (survey->failures, widget);
        }
    }
  if (is_compound_control (widget))
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    survey_tree (survey, child, screen);
}

/* Surveys every visible toplevel: the main window and any dialog on it */
static void
survey_screen (Survey     *survey,
               const char *screen)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  guint before = survey->n_controls;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (gtk_widget_get_visible (l->data))
      survey_tree (survey, l->data, screen);

  g_test_message ("%s: %u controls", screen, survey->n_controls - before);
  /* A screen with nothing new to check was not shown */
  g_assert_cmpuint (survey->n_controls, >, before);
}

static void
survey_finish (Survey *survey)
{
  g_autofree char *failures = g_string_free (g_steal_pointer (&survey->failures), FALSE);
  g_auto(GStrv) lines = g_strsplit (failures, "\n", -1);
  g_autofree char *one_line = NULL;

  g_clear_pointer (&survey->seen, g_hash_table_unref);
  g_test_message ("%u controls checked, %u without an accessible name",
                  survey->n_controls, survey->n_failures);
  if (survey->n_failures == 0)
    return;

  /* One line each in the log, and all of them in the assertion, on one
   * line so the TAP stream stays readable */
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_test_message ("%s", lines[i]);
  one_line = g_strjoinv (" |", lines);
  g_test_fail_printf ("%u of %u controls have no accessible name:%s",
                      survey->n_failures, survey->n_controls, one_line);
}

static void
test_setup (Fixture       *f,
            gconstpointer  data)
{
  Survey survey = { 0, g_string_new (NULL), 0, g_hash_table_new_full (NULL, NULL, g_object_unref, NULL) };

  g_assert_true (page_is (f, "setup"));
  survey_screen (&survey, "setup");
  survey_finish (&survey);
}

static void
test_names (Fixture       *f,
            gconstpointer  data)
{
  Survey survey = { 0, g_string_new (NULL), 0, g_hash_table_new_full (NULL, NULL, g_object_unref, NULL) };
  AssayMainView *main_view = _assay_window_get_main_view (f->window);
  AssayUnlockPage *unlock_page = _assay_window_get_unlock_page (f->window);
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "fixtures", "caseload",
                                                "utf8.csv", NULL);
  GtkWidget *page;

  g_assert_true (page_is (f, "unlock"));
  survey_screen (&survey, "unlock");
  gtk_widget_activate_action (GTK_WIDGET (unlock_page), "unlock.show-recovery", NULL);
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
  survey_screen (&survey, "unlock-recovery");
  gtk_widget_activate_action (GTK_WIDGET (unlock_page), "unlock.show-unlock", NULL);
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));

  unlock (f);

  show_page (f, "caseload");
  survey_screen (&survey, "caseload");

  page = find_page (f, ASSAY_TYPE_CASELOAD_PAGE);
  gtk_widget_activate_action (page, "caseload.import-file", "s", csv);
  wait_for_toplevel (ASSAY_TYPE_CASELOAD_IMPORT_DIALOG);
  survey_screen (&survey, "caseload-import-dialog");
  close_other_toplevels (f);

  gtk_widget_activate_action (GTK_WIDGET (main_view), "main.start-audit", "s", "EHC-1005");
  wait_for_toplevel (ASSAY_TYPE_NEW_AUDIT_DIALOG);
  survey_screen (&survey, "new-audit-dialog");
  close_other_toplevels (f);

  show_page (f, "samples");
  page = find_page (f, ASSAY_TYPE_SAMPLES_PAGE);
  gtk_widget_activate_action (page, "samples.draw", NULL);
  wait_for_toplevel (ASSAY_TYPE_SAMPLE_DIALOG);
  survey_screen (&survey, "sample-dialog");
  gtk_widget_activate_action (GTK_WIDGET (assay_gui_test_find_toplevel (ASSAY_TYPE_SAMPLE_DIALOG)),
                              "sample.draw", NULL);
  assay_gui_test_wait_closed (ASSAY_TYPE_SAMPLE_DIALOG);
  close_other_toplevels (f);
  survey_screen (&survey, "samples");

  show_page (f, "audits");
  survey_screen (&survey, "audits");

  show_page (f, "moderation");
  survey_screen (&survey, "moderation");

  page = find_page (f, ASSAY_TYPE_MODERATION_PAGE);
  gtk_widget_activate_action (page, "moderation.open-plan", "s", "EHC-1002");
  wait_for_toplevel (ASSAY_TYPE_MODERATION_DIALOG);
  survey_screen (&survey, "moderation-dialog");
  close_other_toplevels (f);

  gtk_widget_activate_action (page, "moderation.export", NULL);
  wait_for_toplevel (ASSAY_TYPE_EXPORT_DIALOG);
  survey_screen (&survey, "export-dialog");
  close_other_toplevels (f);

  gtk_widget_activate_action (page, "moderation.import-file", "s", f->bundle_path);
  wait_for_toplevel (ASSAY_TYPE_BUNDLE_IMPORT_DIALOG);
  survey_screen (&survey, "bundle-import-dialog");
  close_other_toplevels (f);

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  wait_for_toplevel (ASSAY_TYPE_PREFERENCES_WINDOW);
  survey_screen (&survey, "preferences");
  close_other_toplevels (f);

  gtk_widget_activate_action (GTK_WIDGET (main_view), "main.open-audit", "s", f->open_audit_id);
  g_assert_cmpstr (assay_main_view_get_page (main_view), ==, "audit");
  assay_gui_test_wait_idle ();
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
  survey_screen (&survey, "audit-editor");

  page = find_page (f, ASSAY_TYPE_AUDIT_EDITOR);
  gtk_widget_activate_action (page, "editor.show-summary", NULL);
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
  survey_screen (&survey, "audit-editor-summary");

  /* A setting visit's provision lines, one of them open on its notes */
  open_visit (f, ASSAY_AUDIT_EDITOR (page));
  survey_screen (&survey, "audit-editor-lines");
  gtk_widget_activate_action (page, "editor.show-summary", NULL);
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
  survey_screen (&survey, "audit-editor-lines-summary");

  survey_finish (&survey);
}


int
main (int   argc,
      char *argv[])
{
  accessibility_test_init (&argc, &argv);

  g_test_add ("/accessibility-names/setup", Fixture, NULL,
              fixture_setup_new, test_setup, fixture_teardown);
  g_test_add ("/accessibility-names/names", Fixture, NULL,
              fixture_setup_filled, test_names, fixture_teardown);

  return g_test_run ();
}
