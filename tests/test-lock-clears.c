/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-lock-clears"

#include "config.h"

#include <adwaita.h>

#include "assay-application-private.h"
#include "assay-audit-editor.h"
#include "assay-gui-test-util.h"
#include "assay-main-view-private.h"
#include "assay-test-util.h"
#include "assay-window-private.h"
#include "atspi-test-util.h"

/*
 * Issue 12: while the vault is locked, nothing of an audit is left in the
 * widget tree or the accessibility tree for anyone at the computer (or any
 * program reading the accessibility bus) to read; unlocking brings it back.
 *
 * The widget tree of every toplevel is searched as GTK holds it; where the
 * test runs with GTK_A11Y=atspi on a session bus of its own (tests/
 * meson.build), the real AT-SPI bus is read too, as a screen reader would.
 */

#define CASE_REF "EHC-QUOKKA-4471"
#define EVIDENCE "Zephyrine practised her signing with the trampoline coach"

typedef struct
{
  AssayTestEnv      env;
  char             *audit_id;
  AssayApplication *app;
  AssayVault       *vault;
  AssayWindow      *window;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(GError) error = NULL;
  const AssayCriterion *criterion;

  assay_test_env_set_up (&fixture->env, ASSAY_TEST_ENV_BUILTIN);

  audit = assay_gui_test_audit_new (fixture->env.store, fixture->env.frameworks, "ehcp-new",
                                    CASE_REF);
  criterion = assay_framework_get_section (assay_audit_get_framework (audit), 0)->criteria->pdata[0];
  g_assert_true (assay_audit_set_grade (audit, criterion->id, ASSAY_GRADE_SILVER, EVIDENCE,
                                        &error));
  g_assert_no_error (error);
  fixture->audit_id = g_strdup (assay_audit_get_id (audit));
  g_clear_object (&audit);

  /* Shut, as on an earlier run, for the application to open */
  g_clear_object (&fixture->env.store);
  g_clear_object (&fixture->env.frameworks);
  g_clear_object (&fixture->env.vault);

  fixture->app = assay_gui_test_application_new (fixture->env.path);
  fixture->vault = assay_application_get_vault (fixture->app);
  fixture->window = assay_gui_test_window_unlocked (fixture->app, 1200, 800);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  assay_gui_test_app_close (&fixture->window, &fixture->app);
  g_clear_pointer (&fixture->audit_id, g_free);
  assay_test_env_tear_down (&fixture->env);
}

/* --- Searching the widget tree ----------------------------------------- */

static void
note_if_found (GString    *found,
               GtkWidget  *widget,
               const char *what,
               const char *text,
               const char *needle)
{
  if (text == NULL || strstr (text, needle) == NULL)
    return;

  /* Where it is, for whoever has to find it */
  g_string_append_printf (found, "%s of", what);
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    g_string_append_printf (found, " %s", G_OBJECT_TYPE_NAME (w));
  g_string_append_c (found, '\n');
}

/* Every readable string property (a label's text, an entry's, a row's
 * title or subtitle, a tooltip, a window title, a placeholder), the text
 * of a text view's buffer, and a label's and an editable's text */
static void
search_widget (GtkWidget  *widget,
               const char *needle,
               GString    *found)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (widget), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_autofree char *value = NULL;

      if (pspecs[i]->value_type != G_TYPE_STRING || !(pspecs[i]->flags & G_PARAM_READABLE))
        continue;

      g_object_get (widget, pspecs[i]->name, &value, NULL);
      note_if_found (found, widget, pspecs[i]->name, value, needle);
    }

  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
      note_if_found (found, widget, "buffer", text, needle);
    }

  if (GTK_IS_EDITABLE (widget))
    note_if_found (found, widget, "editable text",
                   gtk_editable_get_text (GTK_EDITABLE (widget)), needle);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    search_widget (child, needle, found);
}

/* Where @needle is in any toplevel's widget tree, or NULL: nowhere */
static char *
find_in_widgets (const char *needle)
{
  GString *found = g_string_new (NULL);
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    search_widget (l->data, needle, found);
  g_list_free (toplevels);

  if (found->len == 0)
    {
      g_string_free (found, TRUE);
      return NULL;
    }

  return g_string_free (found, FALSE);
}

/* --- Reading the AT-SPI bus -------------------------------------------- */

typedef struct
{
  const char *needle;
  char       *dump;
} BusSearch;

static gboolean
bus_shows (gpointer data)
{
  BusSearch *search = data;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  guint n_objects;

  g_free (search->dump);
  search->dump = atspi_test_dump_tree (&n_objects, &error);
  g_assert_no_error (error);
  g_test_message ("Read %u objects off the bus in %.1f s", n_objects,
                  (g_get_monotonic_time () - start) / 1e6);

  return strstr (search->dump, search->needle) != NULL;
}

/* Waits, as GTK tells the bus of changes as it goes, until the bus shows
 * @needle, and returns the whole tree as read */
static char *
wait_bus_shows (const char *needle)
{
  BusSearch search = { needle, NULL };

  g_assert_true (assay_gui_test_wait_until (bus_shows, &search, 30000));

  return search.dump;
}

/* --- Tests ------------------------------------------------------------- */

static void
open_audit (Fixture *fixture)
{
  AssayMainView *main_view = _assay_window_get_main_view (fixture->window);

  gtk_widget_activate_action (GTK_WIDGET (main_view), "main.open-audit", "s", fixture->audit_id);
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));
  g_assert_cmpstr (assay_main_view_get_page (main_view), ==, "audit");
}

static gboolean
shows_main (gpointer data)
{
  return g_strcmp0 (_assay_window_get_visible_page (data), "main") == 0;
}

static void
test_lock_clears (Fixture       *fixture,
                  gconstpointer  data)
{
  AssayMainView *main_view = _assay_window_get_main_view (fixture->window);
  AdwMessageDialog *dialog;
  g_autoptr(GError) error = NULL;
  g_autofree char *in_widgets = NULL;
  gboolean on_bus = atspi_test_available ();

  /* The list shows the case, and the editor its evidence; and this test
   * finds them where they are, or finding nothing later would prove
   * nothing */
  assay_main_view_set_page (main_view, "audits");
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));
  g_assert_true (assay_gui_test_shows_text (GTK_WIDGET (fixture->window), CASE_REF));
  open_audit (fixture);

  in_widgets = find_in_widgets (EVIDENCE);
  g_assert_nonnull (in_widgets);
  g_clear_pointer (&in_widgets, g_free);
  in_widgets = find_in_widgets (CASE_REF);
  g_assert_nonnull (in_widgets);
  g_clear_pointer (&in_widgets, g_free);

  if (on_bus)
    {
      g_autofree char *dump = NULL;
      gint64 start = g_get_monotonic_time ();

      dump = wait_bus_shows (EVIDENCE);
      g_test_message ("Read the bus in %.1f s", (g_get_monotonic_time () - start) / 1e6);

      g_assert_nonnull (strstr (dump, CASE_REF));
    }
  else
    {
      g_test_message ("No AT-SPI bus (GTK_A11Y is not atspi): the widget tree only");
    }

  /* A dialog of the window showing audit text, as any of the app's do */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (fixture->window),
                                                       CASE_REF, EVIDENCE));
  adw_message_dialog_add_response (dialog, "close", "Close");
  gtk_window_present (GTK_WINDOW (dialog));
  assay_gui_test_wait_drawn (GTK_WIDGET (dialog));
  g_assert_true (assay_gui_test_shows_text (GTK_WIDGET (dialog), EVIDENCE));

  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "lock", NULL);
  g_assert_true (assay_vault_get_locked (fixture->vault));
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));

  in_widgets = find_in_widgets (EVIDENCE);
  g_assert_cmpstr (in_widgets, ==, NULL);
  in_widgets = find_in_widgets (CASE_REF);
  g_assert_cmpstr (in_widgets, ==, NULL);

  if (on_bus)
    {
      guint n_objects = 0;
      g_autofree char *dump = atspi_test_dump_tree (&n_objects, &error);

      g_assert_no_error (error);
      /* The unlock page is read: the walk reached the window */
      g_assert_cmpuint (n_objects, >, 5);
      g_assert_null (strstr (dump, EVIDENCE));
      g_assert_null (strstr (dump, CASE_REF));
    }

  /* Unlocked, the audit opens again, as it was */
  g_assert_true (assay_vault_unlock (fixture->vault, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_true (assay_gui_test_wait_until (shows_main, fixture->window, 5000));
  open_audit (fixture);
  in_widgets = find_in_widgets (EVIDENCE);
  g_assert_nonnull (in_widgets);
}

int
main (int   argc,
      char *argv[])
{
  /* GTK goes on the bus before the tests start, as atspi_test_connect()
   * explains; GTK 4.8 names the accessible objects of an application
   * that is not on the session bus after the program, which must then be
   * a valid D-Bus path element. */
  atspi_test_init ();
  g_set_prgname ("assay_test_lock_clears");
  gtk_init ();
  atspi_test_connect ();

  assay_gui_test_init (&argc, &argv);

  g_test_add ("/lock-clears/audit", Fixture, NULL,
              fixture_setup, test_lock_clears, fixture_teardown);

  return g_test_run ();
}
