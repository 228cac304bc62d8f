/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-accessibility"

#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "assay-application-private.h"
#include "assay-audit-editor-private.h"
#include "assay-audit.h"
#include "assay-audits-page.h"
#include "assay-bundle-import-dialog.h"
#include "assay-bundle.h"
#include "assay-caseload-import-dialog.h"
#include "assay-caseload-page.h"
#include "assay-caseload.h"
#include "assay-export-dialog.h"
#include "assay-grade-buttons.h"
#include "assay-gui-test-util.h"
#include "assay-main-view-private.h"
#include "assay-moderation-dialog.h"
#include "assay-moderation-page.h"
#include "assay-new-audit-dialog.h"
#include "assay-preferences-window.h"
#include "assay-provision-lines-private.h"
#include "assay-sample-dialog.h"
#include "assay-samples-page.h"
#include "assay-test-util.h"
#include "assay-unlock-page-private.h"
#include "assay-window-private.h"

/*
 * Issue 4: every control has an accessible name, grade buttons expose
 * their state and focus follows the checklist. Checked on every screen of
 * the real application, on a real encrypted store holding a caseload,
 * audits, and a colleague's results imported from a real signed bundle.
 *
 * Runs with GTK_A11Y=test (tests/meson.build), so that each widget has a
 * GtkTestATContext and the gtk_test_accessible_*() functions can read what
 * an assistive technology would be told.
 */

#define CASE_OPEN "EHC-1004"

typedef struct
{
  AssayTestEnv      env;             /* A's folder, filled by fill_store() */
  char             *dir_b;
  char             *open_audit_id;   /* an unfinished audit of CASE_OPEN */
  char             *bundle_path;
  AssayApplication *app;
  AssayVault       *vault;
  AssayWindow      *window;
} Fixture;

typedef struct
{
  guint       n_controls;
  GString    *failures;
  guint       n_failures;
  GHashTable *seen;   /* controls checked already, on an earlier screen;
                       * held, so no new widget can reuse the address */
} Survey;

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

  report = assay_bundle_import (store_a, file, NULL, NULL, &error);
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

static void
fixture_setup_new (Fixture       *f,
                   gconstpointer  data)
{
  fixture_open (f, FALSE);
}

static void
fixture_setup_filled (Fixture       *f,
                      gconstpointer  data)
{
  fixture_open (f, TRUE);
}

static void
close_other_toplevels (Fixture *f)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (l->data != (gpointer) f->window && gtk_widget_get_visible (l->data))
      gtk_window_destroy (l->data);
  assay_gui_test_wait_idle ();
}

static void
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

/* --- Driving the application ------------------------------------------ */

static gboolean
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

static void
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

static GtkWindow *
wait_for_toplevel (GType type)
{
  ToplevelWait wait = { type };
  GtkWindow *window;

  g_assert_true (assay_gui_test_wait_until (toplevel_shown, &wait, 10000));
  window = assay_gui_test_find_toplevel (type);
  assay_gui_test_wait_drawn (GTK_WIDGET (window));

  return window;
}

static void
show_page (Fixture    *f,
           const char *page)
{
  AssayMainView *main_view = _assay_window_get_main_view (f->window);

  gtk_widget_activate_action (GTK_WIDGET (main_view), "main.show-page", "s", page);
  g_assert_cmpstr (assay_main_view_get_page (main_view), ==, page);
  assay_gui_test_wait_idle ();
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
}

static GtkWidget *
find_page (Fixture *f,
           GType    type)
{
  GtkWidget *page = assay_gui_test_find_descendant (GTK_WIDGET (f->window), type);

  g_assert_nonnull (page);

  return page;
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

/* A draft setting visit on the provision-lines fixture, with two lines,
 * the second not delivered and open on its notes, on the lines page. */
static AssayProvisionLines *
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
          g_autofree char *differs = NULL;

          n_buttons++;
          g_assert_true (gtk_test_accessible_has_state (GTK_ACCESSIBLE (w),
                                                        GTK_ACCESSIBLE_STATE_PRESSED));
          /* gtk_test_accessible_check_state() returns the state it found
           * when it is not the one asked for, so asking for "true" tells
           * all three apart: NULL, "false", or anything else */
          differs = gtk_test_accessible_check_state (GTK_ACCESSIBLE (w),
                                                     GTK_ACCESSIBLE_STATE_PRESSED,
                                                     GTK_ACCESSIBLE_TRISTATE_TRUE);
          if (active ? differs != NULL : g_strcmp0 (differs, "false") != 0)
            g_error ("Grade button %u (%s) is %s but tells assistive technologies "
                     "its pressed state is %s", n_buttons,
                     gtk_widget_get_tooltip_text (w),
                     active ? "down" : "up", differs != NULL ? differs : "true");

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
      g_autofree char *differs = NULL;
      g_autofree char *name_differs = NULL;

      /* GTK 4.8 has no toggle button role: a button with a pressed state */
      g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (button),
                                                   GTK_ACCESSIBLE_ROLE_BUTTON));
      g_assert_true (gtk_test_accessible_has_state (GTK_ACCESSIBLE (button),
                                                    GTK_ACCESSIBLE_STATE_PRESSED));
      /* NULL when pressed, "false" when not (see assert_pressed()) */
      differs = gtk_test_accessible_check_state (GTK_ACCESSIBLE (button),
                                                 GTK_ACCESSIBLE_STATE_PRESSED,
                                                 GTK_ACCESSIBLE_TRISTATE_TRUE);
      if (pressed ? differs != NULL : g_strcmp0 (differs, "false") != 0)
        g_error ("Delivery button “%s” is %s but tells assistive technologies its pressed "
                 "state is %s", buttons[i].name, pressed ? "down" : "up",
                 differs != NULL ? differs : "true");

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
  assay_gui_test_init (&argc, &argv);

  /* Without the test backend nothing here can be read back */
  if (g_strcmp0 (g_getenv ("GTK_A11Y"), "test") != 0)
    g_error ("Run with GTK_A11Y=test");

  g_test_add ("/accessibility/setup", Fixture, NULL,
              fixture_setup_new, test_setup, fixture_teardown);
  g_test_add ("/accessibility/names", Fixture, NULL,
              fixture_setup_filled, test_names, fixture_teardown);
  g_test_add ("/accessibility/grade-state", Fixture, NULL,
              fixture_setup_filled, test_grade_state, fixture_teardown);
  g_test_add ("/accessibility/focus-order", Fixture, NULL,
              fixture_setup_filled, test_focus_order, fixture_teardown);
  g_test_add ("/accessibility/delivery-state", Fixture, NULL,
              fixture_setup_filled, test_delivery_state, fixture_teardown);

  return g_test_run ();
}
