/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "assay-application-private.h"
#include "assay-audit-editor.h"
#include "assay-audit-row.h"
#include "assay-audit-summary.h"
#include "assay-audits-page.h"
#include "assay-bundle-import-dialog.h"
#include "assay-caseload-import-dialog.h"
#include "assay-caseload-page.h"
#include "assay-conflict-card.h"
#include "assay-contacts-window.h"
#include "assay-criterion-row.h"
#include "assay-export-dialog.h"
#include "assay-grade-buttons.h"
#include "assay-identity-card.h"
#include "assay-moderation-dialog.h"
#include "assay-moderation-page.h"
#include "assay-moderation-row.h"
#include "assay-new-audit-dialog.h"
#include "assay-passphrase-dialog.h"
#include "assay-preferences-window.h"
#include "assay-provision-line-row.h"
#include "assay-provision-lines.h"
#include "assay-sample-dialog.h"
#include "assay-samples-page.h"
#include "assay-gui-test-util.h"
#include "assay-main-view-private.h"
#include "assay-setup-page-private.h"
#include "assay-test-util.h"
#include "assay-unlock-page-private.h"
#include "assay-window-private.h"

/*
 * The window itself: first run, setup, unlock, recovery, the idle lock, the
 * main view, the shortcuts and about windows. Over 800 lines because every
 * test drives the same application and window from one fixture, and the
 * idle lock's real-input test needs its own pacing helpers; the screens
 * inside the main view have test programs of their own.
 */

#define NEW_PASSPHRASE "tea kettle on a quiet morning"

typedef struct
{
  AssayTestEnv      env;
  AssayApplication *app;
  AssayVault       *vault;
  AssayWindow      *window;
} Fixture;

/* An application on a database in a fresh folder; with @with_vault the
 * vault is created first, as if on an earlier run. */
static void
fixture_open (Fixture  *fixture,
              gboolean  with_vault)
{
  assay_test_env_set_up (&fixture->env,
                         with_vault ? ASSAY_TEST_ENV_VAULT_SHUT : ASSAY_TEST_ENV_NO_VAULT);
  fixture->app = assay_gui_test_application_new (fixture->env.path);

  fixture->vault = assay_application_get_vault (fixture->app);
  g_assert_true (ASSAY_IS_VAULT (fixture->vault));

  /* Held, so a test may close the window and the teardown still finds it */
  fixture->window = assay_window_new (ADW_APPLICATION (fixture->app), fixture->vault);
  g_object_ref (fixture->window);
  gtk_window_present (GTK_WINDOW (fixture->window));
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));
}

static void
fixture_setup_new (Fixture       *fixture,
                   gconstpointer  data)
{
  fixture_open (fixture, FALSE);
}

static void
fixture_setup_existing (Fixture       *fixture,
                        gconstpointer  data)
{
  fixture_open (fixture, TRUE);
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

static gboolean
page_is (Fixture    *fixture,
         const char *page)
{
  return g_strcmp0 (_assay_window_get_visible_page (fixture->window), page) == 0;
}

static gboolean
is_main (gpointer data)
{
  return page_is (data, "main");
}

static gboolean
is_unlock (gpointer data)
{
  return page_is (data, "unlock");
}

static gboolean
setup_shows_key (gpointer data)
{
  Fixture *fixture = data;
  AssaySetupPage *setup = _assay_window_get_setup_page (fixture->window);

  return !_assay_setup_page_get_busy (setup)
         && g_strcmp0 (_assay_setup_page_get_step (setup), "recovery-key") == 0;
}

static gboolean
unlock_idle (gpointer data)
{
  Fixture *fixture = data;

  return !_assay_unlock_page_get_busy (_assay_window_get_unlock_page (fixture->window));
}

static gboolean
shows_name (gpointer data)
{
  Fixture *fixture = data;
  AssayMainView *main_view = _assay_window_get_main_view (fixture->window);

  return *gtk_label_get_text (_assay_main_view_get_name_label (main_view)) != '\0';
}

static gboolean
vault_locked (gpointer data)
{
  Fixture *fixture = data;

  return assay_vault_get_locked (fixture->vault);
}

static void
unlock_with (Fixture    *fixture,
             const char *passphrase)
{
  AssayUnlockPage *unlock = _assay_window_get_unlock_page (fixture->window);

  gtk_editable_set_text (_assay_unlock_page_get_passphrase_entry (unlock), passphrase);
  g_assert_true (gtk_widget_get_sensitive (_assay_unlock_page_get_unlock_button (unlock)));
  gtk_widget_activate_action (GTK_WIDGET (unlock), "unlock.unlock", NULL);
  g_assert_true (_assay_unlock_page_get_busy (unlock));
  g_assert_true (assay_gui_test_wait_until (unlock_idle, fixture, 30000));
}

/* A too-new widget in a .ui file fails only at run time: build them all */
static void
test_templates (Fixture       *fixture,
                gconstpointer  data)
{
  GType types[] = {
    ASSAY_TYPE_AUDIT_EDITOR,
    ASSAY_TYPE_AUDIT_ROW,
    ASSAY_TYPE_AUDIT_SUMMARY,
    ASSAY_TYPE_AUDITS_PAGE,
    ASSAY_TYPE_BUNDLE_IMPORT_DIALOG,
    ASSAY_TYPE_CASELOAD_IMPORT_DIALOG,
    ASSAY_TYPE_CASELOAD_PAGE,
    ASSAY_TYPE_CONFLICT_CARD,
    ASSAY_TYPE_CONTACTS_WINDOW,
    ASSAY_TYPE_CRITERION_ROW,
    ASSAY_TYPE_EXPORT_DIALOG,
    ASSAY_TYPE_GRADE_BUTTONS,
    ASSAY_TYPE_IDENTITY_CARD,
    ASSAY_TYPE_MAIN_VIEW,
    ASSAY_TYPE_MODERATION_DIALOG,
    ASSAY_TYPE_MODERATION_PAGE,
    ASSAY_TYPE_MODERATION_ROW,
    ASSAY_TYPE_NEW_AUDIT_DIALOG,
    ASSAY_TYPE_PASSPHRASE_DIALOG,
    ASSAY_TYPE_PREFERENCES_WINDOW,
    ASSAY_TYPE_PROVISION_LINE_ROW,
    ASSAY_TYPE_PROVISION_LINES,
    ASSAY_TYPE_SAMPLE_DIALOG,
    ASSAY_TYPE_SAMPLES_PAGE,
    ASSAY_TYPE_SETUP_PAGE,
    ASSAY_TYPE_UNLOCK_PAGE,
  };
  g_auto(GStrv) templates = NULL;
  g_autoptr(GtkBuilder) builder = NULL;
  guint n_templates = 0;
  GObject *overlay;

  /* A widget too new for GTK 4.8 in a .ui file fails only when the
   * template is built: build every one. */
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GtkWidget *widget;

      g_assert_true (g_type_is_a (types[i], GTK_TYPE_WIDGET));
      widget = g_object_ref_sink (g_object_new (types[i], NULL));
      g_assert_nonnull (widget);
      if (GTK_IS_WINDOW (widget))
        gtk_window_destroy (GTK_WINDOW (widget));
      g_object_unref (widget);
    }

  /* ...and none is forgotten: every template in the resources is a type
   * above, or the window the fixture already built. */
  templates = g_resources_enumerate_children ("/org/maqa/Assay/ui/", 0, NULL);
  g_assert_nonnull (templates);
  for (guint i = 0; templates[i] != NULL; i++)
    if (g_str_has_suffix (templates[i], ".ui"))
      n_templates++;
  g_assert_cmpuint (n_templates, ==, G_N_ELEMENTS (types) + 1);

  g_assert_true (ASSAY_IS_WINDOW (fixture->window));

  builder = gtk_builder_new_from_resource ("/org/maqa/Assay/gtk/help-overlay.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));

  /* GtkApplication found the overlay in our resources and wired it up */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (fixture->window),
                                            "show-help-overlay"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (fixture->app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (fixture->app), "lock"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (fixture->app), "quit"));
}

static void
test_first_run (Fixture       *fixture,
                gconstpointer  data)
{
  AssaySetupPage *setup = _assay_window_get_setup_page (fixture->window);
  AssayMainView *main_view = _assay_window_get_main_view (fixture->window);
  GtkWidget *create = _assay_setup_page_get_create_button (setup);
  GtkWidget *finish = _assay_setup_page_get_finish_button (setup);
  GtkLabel *hint = _assay_setup_page_get_hint_label (setup);
  guint8 key_bytes[ASSAY_RECOVERY_KEY_BYTES];
  g_autoptr(GError) error = NULL;
  g_autofree char *key_text = NULL;
  AssayKdfParams params;

  g_assert_false (assay_vault_exists (fixture->vault));
  g_assert_true (page_is (fixture, "setup"));
  g_assert_cmpstr (_assay_setup_page_get_step (setup), ==, "welcome");
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->window), "lock"));
  g_assert_false (gtk_widget_get_sensitive (create));

  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "setup");

  assay_kdf_params_init_fast (&params);
  _assay_setup_page_set_kdf_params (setup, &params);

  gtk_editable_set_text (_assay_setup_page_get_name_row (setup), "Alex Moderator");
  adw_combo_row_set_selected (_assay_setup_page_get_agency_row (setup), 4);

  gtk_editable_set_text (_assay_setup_page_get_passphrase_row (setup), "short");
  g_assert_nonnull (strstr (gtk_label_get_text (hint), "Too short"));
  g_assert_false (gtk_widget_get_sensitive (create));

  gtk_editable_set_text (_assay_setup_page_get_passphrase_row (setup), ASSAY_TEST_PASSPHRASE);
  gtk_editable_set_text (_assay_setup_page_get_confirm_row (setup), "something else");
  g_assert_cmpstr (gtk_label_get_text (hint), ==, "Passphrases do not match");
  g_assert_false (gtk_widget_get_sensitive (create));

  gtk_editable_set_text (_assay_setup_page_get_confirm_row (setup), ASSAY_TEST_PASSPHRASE);
  g_assert_cmpstr (gtk_label_get_text (hint), !=, "Passphrases do not match");
  g_assert_true (gtk_widget_get_sensitive (create));

  /* A blank name is not a name */
  gtk_editable_set_text (_assay_setup_page_get_name_row (setup), "   ");
  g_assert_false (gtk_widget_get_sensitive (create));
  gtk_editable_set_text (_assay_setup_page_get_name_row (setup), "Alex Moderator");
  g_assert_true (gtk_widget_get_sensitive (create));

  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "setup-filled");

  gtk_widget_activate_action (GTK_WIDGET (setup), "setup.create", NULL);
  g_assert_true (_assay_setup_page_get_busy (setup));
  g_assert_false (gtk_widget_get_sensitive (create));
  g_assert_true (assay_gui_test_wait_until (setup_shows_key, fixture, 30000));

  g_assert_true (assay_vault_exists (fixture->vault));
  g_assert_false (assay_vault_get_locked (fixture->vault));
  /* Still setup: the key has not been acknowledged */
  g_assert_true (page_is (fixture, "setup"));
  g_assert_cmpstr (gtk_editable_get_text (_assay_setup_page_get_passphrase_row (setup)), ==, "");

  key_text = g_strdup (gtk_label_get_text (_assay_setup_page_get_recovery_label (setup)));
  g_assert_true (assay_recovery_key_parse (key_text, key_bytes, &error));
  g_assert_no_error (error);

  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "setup-recovery-key");

  g_assert_false (gtk_widget_get_sensitive (finish));
  gtk_widget_activate_action (GTK_WIDGET (setup), "setup.finish", NULL);
  g_assert_true (page_is (fixture, "setup"));

  gtk_check_button_set_active (_assay_setup_page_get_written_check (setup), TRUE);
  g_assert_true (gtk_widget_get_sensitive (finish));
  gtk_widget_activate_action (GTK_WIDGET (setup), "setup.finish", NULL);

  g_assert_true (page_is (fixture, "main"));
  g_assert_cmpstr (gtk_label_get_text (_assay_setup_page_get_recovery_label (setup)), ==, "");
  g_assert_cmpstr (_assay_setup_page_get_step (setup), ==, "welcome");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->window), "lock"));

  g_assert_true (assay_gui_test_wait_until (shows_name, fixture, 1000));
  g_assert_cmpstr (gtk_label_get_text (_assay_main_view_get_name_label (main_view)), ==,
                   "Alex Moderator");
  g_assert_cmpstr (gtk_label_get_text (_assay_main_view_get_agency_label (main_view)), ==,
                   "SEND casework");
  g_assert_cmpstr (assay_vault_get_agency (fixture->vault), ==, "SEND casework");

  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "main");

  /* The app's lock action locks the vault and the window follows */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "app.lock", NULL);
  g_assert_true (assay_vault_get_locked (fixture->vault));
  g_assert_true (page_is (fixture, "unlock"));
  g_assert_cmpstr (gtk_label_get_text (_assay_main_view_get_name_label (main_view)), ==, "");
}

static void
test_setup_locked_midway (Fixture       *fixture,
                          gconstpointer  data)
{
  AssaySetupPage *setup = _assay_window_get_setup_page (fixture->window);
  AssayKdfParams params;

  assay_kdf_params_init_fast (&params);
  _assay_setup_page_set_kdf_params (setup, &params);
  gtk_editable_set_text (_assay_setup_page_get_name_row (setup), "Sam Chair");
  gtk_editable_set_text (_assay_setup_page_get_passphrase_row (setup), ASSAY_TEST_PASSPHRASE);
  gtk_editable_set_text (_assay_setup_page_get_confirm_row (setup), ASSAY_TEST_PASSPHRASE);
  gtk_widget_activate_action (GTK_WIDGET (setup), "setup.create", NULL);
  g_assert_true (assay_gui_test_wait_until (setup_shows_key, fixture, 30000));

  /* Locking while the key is on screen wipes it and asks for the passphrase */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "lock", NULL);
  g_assert_true (assay_vault_get_locked (fixture->vault));
  g_assert_true (page_is (fixture, "unlock"));
  g_assert_cmpstr (gtk_label_get_text (_assay_setup_page_get_recovery_label (setup)), ==, "");
}

static void
test_unlock (Fixture       *fixture,
             gconstpointer  data)
{
  AssayUnlockPage *unlock = _assay_window_get_unlock_page (fixture->window);
  AssayMainView *main_view = _assay_window_get_main_view (fixture->window);
  GtkEditable *entry = _assay_unlock_page_get_passphrase_entry (unlock);
  GtkLabel *error_label = _assay_unlock_page_get_error_label (unlock);

  g_assert_true (assay_vault_exists (fixture->vault));
  g_assert_true (assay_vault_get_locked (fixture->vault));
  g_assert_true (page_is (fixture, "unlock"));
  g_assert_cmpstr (_assay_unlock_page_get_mode (unlock), ==, "unlock");
  g_assert_false (gtk_widget_get_sensitive (_assay_unlock_page_get_unlock_button (unlock)));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->window), "lock"));

  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "unlock");

  unlock_with (fixture, "not the passphrase");
  g_assert_true (assay_vault_get_locked (fixture->vault));
  g_assert_true (page_is (fixture, "unlock"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "Wrong passphrase"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "not the passphrase");

  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "unlock-error");

  /* Typing again clears the error */
  gtk_editable_set_text (entry, "x");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));

  unlock_with (fixture, ASSAY_TEST_PASSPHRASE);
  g_assert_false (assay_vault_get_locked (fixture->vault));
  g_assert_true (page_is (fixture, "main"));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  g_assert_true (assay_gui_test_wait_until (shows_name, fixture, 1000));
  g_assert_cmpstr (gtk_label_get_text (_assay_main_view_get_name_label (main_view)), ==,
                   "Test Moderator");

  /* The window's own lock action, as in the primary menu */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.lock", NULL);
  g_assert_true (assay_vault_get_locked (fixture->vault));
  g_assert_true (page_is (fixture, "unlock"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));

  unlock_with (fixture, ASSAY_TEST_PASSPHRASE);
  g_assert_true (page_is (fixture, "main"));
}

static void
test_recover (Fixture       *fixture,
              gconstpointer  data)
{
  AssayUnlockPage *unlock = _assay_window_get_unlock_page (fixture->window);
  GtkEditable *key_row = _assay_unlock_page_get_recovery_key_row (unlock);
  GtkEditable *new_row = _assay_unlock_page_get_new_passphrase_row (unlock);
  GtkEditable *confirm_row = _assay_unlock_page_get_confirm_row (unlock);
  GtkLabel *error_label = _assay_unlock_page_get_recover_error_label (unlock);
  GtkWidget *recover = _assay_unlock_page_get_recover_button (unlock);
  g_autofree char *mistyped = NULL;

  gtk_widget_activate_action (GTK_WIDGET (unlock), "unlock.show-recovery", NULL);
  g_assert_cmpstr (_assay_unlock_page_get_mode (unlock), ==, "recover");
  g_assert_false (gtk_widget_get_sensitive (recover));

  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "unlock-recover");

  gtk_editable_set_text (new_row, "short");
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, "Too short");
  gtk_editable_set_text (new_row, NEW_PASSPHRASE);
  gtk_editable_set_text (confirm_row, "not the same");
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, "Passphrases do not match");
  gtk_editable_set_text (confirm_row, NEW_PASSPHRASE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));

  /* One character off: caught by the key's check characters */
  mistyped = g_strdup (fixture->env.recovery_key);
  mistyped[0] = mistyped[0] == '2' ? '3' : '2';
  gtk_editable_set_text (key_row, mistyped);
  g_assert_true (gtk_widget_get_sensitive (recover));
  gtk_widget_activate_action (GTK_WIDGET (unlock), "unlock.recover", NULL);
  g_assert_true (assay_gui_test_wait_until (unlock_idle, fixture, 30000));
  g_assert_true (assay_vault_get_locked (fixture->vault));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_text (error_label), !=, "");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (key_row), "error"));

  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "unlock-recover-error");

  /* The real key, typed the way people do */
  {
    g_autofree char *lower = g_ascii_strdown (fixture->env.recovery_key, -1);

    gtk_editable_set_text (key_row, lower);
  }
  gtk_widget_activate_action (GTK_WIDGET (unlock), "unlock.recover", NULL);
  g_assert_true (assay_gui_test_wait_until (unlock_idle, fixture, 60000));
  g_assert_false (assay_vault_get_locked (fixture->vault));
  g_assert_true (page_is (fixture, "main"));
  g_assert_cmpstr (_assay_unlock_page_get_mode (unlock), ==, "unlock");
  g_assert_cmpstr (gtk_editable_get_text (key_row), ==, "");

  /* The new passphrase is the one that works now */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.lock", NULL);
  unlock_with (fixture, ASSAY_TEST_PASSPHRASE);
  g_assert_true (assay_vault_get_locked (fixture->vault));
  unlock_with (fixture, NEW_PASSPHRASE);
  g_assert_true (page_is (fixture, "main"));
}

/* Real input, through the X server, as a moderator's keyboard and mouse
 * make it (see assay-gui-test-util.h): the keyboard for @window, and the
 * pointer over it (it sits at the screen's origin) */
static void
input_focus (GtkWidget *window)
{
  g_assert_true (assay_gui_test_keys_init (window));
  assay_gui_test_move_pointer (window, 100, 100);
}

/* One key press that does nothing (Shift on its own), or a small move of
 * the pointer over the window, never to where input_focus() left it */
static void
send_input (GtkWidget *window,
            gboolean   key,
            guint      n)
{
  if (key)
    assay_gui_test_send_key (window, GDK_KEY_Shift_L, 0);
  else
    assay_gui_test_move_pointer (window, 100 + (int) ((n + 1) % 2) * 20,
                                 100 + (int) ((n + 1) % 2) * 10);
}

#define IDLE_MS 1000

typedef struct
{
  AssayWindow *window;
  gint64       since;      /* µs */
} InputWait;

static gboolean
input_seen (gpointer data)
{
  InputWait *wait = data;

  return wait->window->last_activity_us > wait->since;
}

/* Input of one kind, each as soon as the window has seen the last, for
 * three idle times: the vault must stay open throughout, while the
 * window's idle check runs again and again */
static void
keep_busy (Fixture   *fixture,
           GtkWidget *window,
           gboolean   key)
{
  gint64 end = g_get_monotonic_time () + 3 * IDLE_MS * 1000;
  guint source_id = fixture->window->idle_source_id;
  guint n_checks = 0;

  g_test_message ("%s in %s for %u ms", key ? "Key presses" : "Pointer motion",
                  G_OBJECT_TYPE_NAME (window), 3 * IDLE_MS);

  for (guint n = 0; g_get_monotonic_time () < end; n++)
    {
      InputWait wait = { fixture->window, g_get_monotonic_time () };

      send_input (window, key, n);
      g_assert_true (assay_gui_test_wait_until (input_seen, &wait, 5000));
      g_assert_false (assay_vault_get_locked (fixture->vault));

      /* A check that found input armed the next one */
      if (fixture->window->idle_source_id != source_id)
        {
          source_id = fixture->window->idle_source_id;
          n_checks++;
        }
    }

  g_assert_cmpuint (n_checks, >=, 2);
}

/* What counts as being there is input, in the window or in a dialog of
 * it: typing or moving the pointer keeps the vault open for as long as it
 * goes on, and the idle time runs from the last of it. */
static void
test_idle_lock_input (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWindow *preferences;
  gint64 last_input;

  if (!assay_gui_test_keys_init (window))
    {
      g_test_skip ("Needs an X display with XTEST");
      return;
    }

  unlock_with (fixture, ASSAY_TEST_PASSPHRASE);
  g_assert_true (assay_gui_test_wait_until (is_main, fixture, 1000));
  assay_gui_test_wait_drawn (window);
  input_focus (window);

  _assay_window_set_idle_timeout_ms (fixture->window, IDLE_MS);
  keep_busy (fixture, window, TRUE);
  keep_busy (fixture, window, FALSE);

  /* Preferences, as from Ctrl+comma; a long idle time while it opens, so
   * a slow machine does not lock between the two */
  _assay_window_set_idle_timeout_ms (fixture->window, 60 * 1000);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  preferences = assay_gui_test_find_toplevel (ASSAY_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  assay_gui_test_wait_drawn (GTK_WIDGET (preferences));
  input_focus (GTK_WIDGET (preferences));

  _assay_window_set_idle_timeout_ms (fixture->window, IDLE_MS);
  keep_busy (fixture, GTK_WIDGET (preferences), TRUE);
  keep_busy (fixture, GTK_WIDGET (preferences), FALSE);

  /* Then nothing: it locks, an idle time after the last input (which was
   * only just before now) */
  last_input = g_get_monotonic_time ();
  g_assert_true (assay_gui_test_wait_until (vault_locked, fixture, 10 * IDLE_MS));
  g_assert_cmpint (g_get_monotonic_time () - last_input, >=, (IDLE_MS - IDLE_MS / 5) * 1000);
  g_assert_true (assay_gui_test_wait_until (is_unlock, fixture, 1000));

  preferences = assay_gui_test_find_toplevel (ASSAY_TYPE_PREFERENCES_WINDOW);
  if (preferences != NULL)
    gtk_window_destroy (preferences);
}

static void
test_idle_lock (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  gint64 start;

  unlock_with (fixture, ASSAY_TEST_PASSPHRASE);
  g_assert_true (page_is (fixture, "main"));

  /* The setting, and changes to it, decide the idle time */
  g_assert_cmpuint (fixture->window->idle_timeout_ms, ==,
                    g_settings_get_uint (settings, "idle-lock-minutes") * 60 * 1000);
  g_settings_set_uint (settings, "idle-lock-minutes", 3);
  g_assert_cmpuint (fixture->window->idle_timeout_ms, ==, 3 * 60 * 1000);
  g_settings_reset (settings, "idle-lock-minutes");

  start = g_get_monotonic_time ();
  _assay_window_set_idle_timeout_ms (fixture->window, 400);
  assay_gui_test_wait_idle ();
  g_assert_false (assay_vault_get_locked (fixture->vault));

  g_assert_true (assay_gui_test_wait_until (vault_locked, fixture, 5000));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 400 * 1000);
  g_assert_true (assay_gui_test_wait_until (is_unlock, fixture, 1000));

  /* Locked: nothing more to time */
  g_assert_cmpuint (fixture->window->idle_source_id, ==, 0);

  /* And it is armed again after unlocking */
  unlock_with (fixture, ASSAY_TEST_PASSPHRASE);
  g_assert_true (assay_gui_test_wait_until (is_main, fixture, 1000));
  g_assert_cmpuint (fixture->window->idle_source_id, !=, 0);
  g_assert_true (assay_gui_test_wait_until (vault_locked, fixture, 5000));
}

static gboolean
is_folded (gpointer data)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (data));
}

/* The leaflet's first pane: the list of pages */
static GtkWidget *
leaflet_sidebar (AdwLeaflet *leaflet)
{
  g_autoptr(AdwLeafletPage) first = NULL;

  first = g_list_model_get_item (G_LIST_MODEL (adw_leaflet_get_pages (leaflet)), 0);
  g_assert_nonnull (first);

  return adw_leaflet_page_get_child (first);
}

/* Only @page of the main view's pages is on screen, and a folded leaflet
 * shows the pane it is in */
static void
assert_shows_page (AssayMainView *main_view,
                   const char    *page)
{
  static const struct {
    const char *name;
    GType     (*get_type) (void);
  } pages[] = {
    { "caseload", assay_caseload_page_get_type },
    { "samples", assay_samples_page_get_type },
    { "audits", assay_audits_page_get_type },
    { "moderation", assay_moderation_page_get_type },
  };
  AdwLeaflet *leaflet = _assay_main_view_get_leaflet (main_view);

  assay_gui_test_wait_drawn (GTK_WIDGET (main_view));
  g_assert_cmpstr (assay_main_view_get_page (main_view), ==, page);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *widget = assay_gui_test_find_descendant (GTK_WIDGET (main_view),
                                                          pages[i].get_type ());

      g_assert_nonnull (widget);
      g_assert_cmpint (gtk_widget_get_mapped (widget), ==, g_str_equal (pages[i].name, page));
      if (g_str_equal (pages[i].name, page) && adw_leaflet_get_folded (leaflet))
        g_assert_true (gtk_widget_is_ancestor (widget, adw_leaflet_get_visible_child (leaflet)));
    }
}

/* The main view shows each of its pages in turn, from its sidebar or its
 * actions; narrow, it shows one pane at a time and goes back to the list */
static void
test_main_view (Fixture       *fixture,
                gconstpointer  data)
{
  AssayMainView *main_view = _assay_window_get_main_view (fixture->window);
  AdwLeaflet *leaflet = _assay_main_view_get_leaflet (main_view);
  static const char * const pages[] = { "caseload", "samples", "audits", "moderation" };

  unlock_with (fixture, ASSAY_TEST_PASSPHRASE);
  g_assert_true (page_is (fixture, "main"));
  g_assert_true (assay_gui_test_wait_until (shows_name, fixture, 1000));
  assert_shows_page (main_view, "caseload");
  g_assert_true (gtk_widget_get_mapped (leaflet_sidebar (leaflet)));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strdup_printf ("main-%s", pages[i]);

      gtk_widget_activate_action (GTK_WIDGET (main_view), "main.show-page", "s", pages[i]);
      assert_shows_page (main_view, pages[i]);
      if (i > 0)
        assay_gui_test_screenshot (GTK_WIDGET (fixture->window), name);
    }

  /* The public setter goes the same way */
  assay_main_view_set_page (main_view, "samples");
  assert_shows_page (main_view, "samples");

  /* Narrow: one pane at a time, with a way back */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 400, 680);
  g_assert_true (assay_gui_test_wait_until (is_folded, leaflet, 5000));
  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "main-narrow-sidebar");

  gtk_widget_activate_action (GTK_WIDGET (main_view), "main.show-page", "s", "caseload");
  assert_shows_page (main_view, "caseload");
  g_assert_false (gtk_widget_get_mapped (leaflet_sidebar (leaflet)));
  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "main-narrow-content");

  gtk_widget_activate_action (GTK_WIDGET (main_view), "main.back", NULL);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == leaflet_sidebar (leaflet));
  assay_gui_test_wait_drawn (GTK_WIDGET (main_view));
  g_assert_true (gtk_widget_get_mapped (leaflet_sidebar (leaflet)));
  g_assert_cmpstr (assay_main_view_get_page (main_view), ==, "caseload");
}

/* Every accelerator the shortcuts window shows, in gtk_accelerator_name()'s
 * spelling, into @accels */
static void
collect_shortcuts (GtkWidget  *widget,
                   GHashTable *accels)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accelerator = NULL;
      g_auto(GStrv) each = NULL;

      g_object_get (widget, "accelerator", &accelerator, NULL);
      each = g_strsplit (accelerator != NULL ? accelerator : "", " ", -1);
      for (guint i = 0; each[i] != NULL; i++)
        {
          guint key;
          GdkModifierType mods;

          if (*each[i] != '\0' && gtk_accelerator_parse (each[i], &key, &mods))
            g_hash_table_add (accels, gtk_accelerator_name (key, mods));
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, accels);
}

static void
assert_lists (GHashTable *shown,
              const char *accel,
              const char *what)
{
  guint key;
  GdkModifierType mods;
  g_autofree char *name = NULL;

  g_assert_true (gtk_accelerator_parse (accel, &key, &mods));
  name = gtk_accelerator_name (key, mods);
  g_test_message ("%s: %s", what, name);
  g_assert_true (g_hash_table_contains (shown, name));
}

/* The window's Keyboard Shortcuts opens the shortcuts window, and it lists
 * every accelerator the application sets and the main view's page keys */
static void
test_shortcuts (Fixture       *fixture,
                gconstpointer  data)
{
  GtkApplication *app = GTK_APPLICATION (fixture->app);
  g_autoptr(GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) actions = NULL;
  GtkShortcutsWindow *overlay;
  guint n_accels = 0;

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.show-help-overlay", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) ==
                 GTK_WINDOW (fixture->window));
  assay_gui_test_wait_drawn (GTK_WIDGET (overlay));

  collect_shortcuts (GTK_WIDGET (overlay), shown);
  actions = gtk_application_list_action_descriptions (app);
  g_assert_nonnull (actions[0]);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, actions[i]);

      for (guint j = 0; accels[j] != NULL; j++, n_accels++)
        assert_lists (shown, accels[j], actions[i]);
    }
  /* Quit, lock, preferences and this window */
  g_assert_cmpuint (n_accels, >=, 4);

  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *accel = g_strdup_printf ("<Alt>%u", i);

      assert_lists (shown, accel, "main.show-page");
    }

  assay_gui_test_screenshot (GTK_WIDGET (overlay), "shortcuts");
  gtk_window_destroy (GTK_WINDOW (overlay));
}

static gboolean
window_gone (gpointer data)
{
  Fixture *fixture = data;

  return !gtk_widget_get_visible (GTK_WIDGET (fixture->window));
}

static void
test_quit_saves_size (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 820, 610);
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "app.quit", NULL);
  g_assert_true (assay_gui_test_wait_until (window_gone, fixture, 2000));

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static AdwAboutWindow *
find_about_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (window))
        return ADW_ABOUT_WINDOW (window);
    }

  return NULL;
}

static void
test_about (Fixture       *fixture,
            gconstpointer  data)
{
  AdwAboutWindow *about;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "app.about", NULL);
  about = find_about_window ();
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Assay");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_developer_name (about), ==, "Assay developers");
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);

  assay_gui_test_wait_drawn (GTK_WIDGET (about));
  assay_gui_test_screenshot (GTK_WIDGET (about), "about");
  gtk_window_destroy (GTK_WINDOW (about));
}

int
main (int   argc,
      char *argv[])
{
  assay_gui_test_init (&argc, &argv);

  g_test_add ("/window/templates", Fixture, NULL,
              fixture_setup_new, test_templates, fixture_teardown);
  g_test_add ("/window/first-run", Fixture, NULL,
              fixture_setup_new, test_first_run, fixture_teardown);
  g_test_add ("/window/setup-locked-midway", Fixture, NULL,
              fixture_setup_new, test_setup_locked_midway, fixture_teardown);
  g_test_add ("/window/unlock", Fixture, NULL,
              fixture_setup_existing, test_unlock, fixture_teardown);
  g_test_add ("/window/recover", Fixture, NULL,
              fixture_setup_existing, test_recover, fixture_teardown);
  g_test_add ("/window/idle-lock", Fixture, NULL,
              fixture_setup_existing, test_idle_lock, fixture_teardown);
  g_test_add ("/window/idle-lock-input", Fixture, NULL,
              fixture_setup_existing, test_idle_lock_input, fixture_teardown);
  g_test_add ("/window/main-view", Fixture, NULL,
              fixture_setup_existing, test_main_view, fixture_teardown);
  g_test_add ("/window/quit-saves-size", Fixture, NULL,
              fixture_setup_existing, test_quit_saves_size, fixture_teardown);
  g_test_add ("/window/about", Fixture, NULL,
              fixture_setup_existing, test_about, fixture_teardown);
  g_test_add ("/window/shortcuts", Fixture, NULL,
              fixture_setup_existing, test_shortcuts, fixture_teardown);

  return g_test_run ();
}
