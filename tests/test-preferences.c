/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-preferences"

#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "assay-application-private.h"
#include "assay-gui-test-util.h"
#include "assay-identity.h"
#include "assay-preferences-window-private.h"
#include "assay-test-util.h"

typedef struct
{
  AssayTestEnv            env;
  AssayApplication       *app;
  AssayVault             *vault;
  GSettings              *settings;
  AssayPreferencesWindow *preferences;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GList *windows;
  guint n_windows;

  assay_test_env_set_up (&fixture->env, ASSAY_TEST_ENV_VAULT_SHUT);
  fixture->settings = g_settings_new (APPLICATION_ID);

  fixture->app = assay_gui_test_application_new (fixture->env.path);

  fixture->vault = assay_application_get_vault (fixture->app);
  assay_vault_unlock (fixture->vault, ASSAY_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);

  /* As from the primary menu or Ctrl+, */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (fixture->app), "preferences"));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);

  windows = gtk_application_get_windows (GTK_APPLICATION (fixture->app));
  for (GList *l = windows; l != NULL; l = l->next)
    {
      if (ASSAY_IS_PREFERENCES_WINDOW (l->data))
        fixture->preferences = g_object_ref (l->data);
    }
  g_assert_nonnull (fixture->preferences);
  g_assert_true (assay_preferences_window_get_vault (fixture->preferences) == fixture->vault);

  /* Asking again brings back the same window */
  n_windows = g_list_length (gtk_application_get_windows (GTK_APPLICATION (fixture->app)));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (fixture->app))),
                    ==, n_windows);

  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->preferences));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->preferences));
  g_clear_object (&fixture->preferences);
  assay_gui_test_wait_idle ();

  /* The memory backend lives as long as the process: start each test
   * from the defaults */
  g_settings_reset (fixture->settings, "idle-lock-minutes");
  g_settings_reset (fixture->settings, "label-gold");
  g_settings_reset (fixture->settings, "label-not-yet-bronze");
  g_clear_object (&fixture->settings);

  g_clear_object (&fixture->app);
  assay_test_env_tear_down (&fixture->env);
}

static void
test_settings (Fixture       *fixture,
               gconstpointer  data)
{
  GtkSpinButton *spin = _assay_preferences_window_get_idle_spin (fixture->preferences);
  GtkEditable *gold = _assay_preferences_window_get_label_row (fixture->preferences, "gold");
  GtkEditable *nyb = _assay_preferences_window_get_label_row (fixture->preferences,
                                                              "not-yet-bronze");
  g_autofree char *value = NULL;

  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 10);
  g_assert_cmpstr (gtk_editable_get_text (gold), ==, "");
  /* The default word is the row's title, so an empty label says what it means */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gold)), ==, "Gold");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (nyb)), ==,
                   "Not yet Bronze");
  g_assert_nonnull (_assay_preferences_window_get_label_row (fixture->preferences, "silver"));
  g_assert_nonnull (_assay_preferences_window_get_label_row (fixture->preferences, "bronze"));
  g_assert_null (_assay_preferences_window_get_label_row (fixture->preferences, "n/a"));

  assay_gui_test_screenshot (GTK_WIDGET (fixture->preferences), "preferences");

  gtk_spin_button_set_value (spin, 25);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-lock-minutes"), ==, 25);

  /* The schema's range holds */
  gtk_spin_button_set_value (spin, 500);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "idle-lock-minutes"), ==, 120);

  gtk_editable_set_text (gold, "Outstanding");
  gtk_editable_set_text (nyb, "Inadequate");
  value = g_settings_get_string (fixture->settings, "label-gold");
  g_assert_cmpstr (value, ==, "Outstanding");
  g_clear_pointer (&value, g_free);
  value = g_settings_get_string (fixture->settings, "label-not-yet-bronze");
  g_assert_cmpstr (value, ==, "Inadequate");
  g_clear_pointer (&value, g_free);

  assay_gui_test_screenshot (GTK_WIDGET (fixture->preferences), "preferences-labels");

  /* Emptied, it is the default again */
  gtk_editable_set_text (gold, "");
  value = g_settings_get_string (fixture->settings, "label-gold");
  g_assert_cmpstr (value, ==, "");

  /* And a change from elsewhere shows */
  g_settings_set_uint (fixture->settings, "idle-lock-minutes", 3);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 3);
}

static void
test_profile (Fixture       *fixture,
              gconstpointer  data)
{
  GtkEditable *name = _assay_preferences_window_get_name_row (fixture->preferences);
  AdwComboRow *agency = _assay_preferences_window_get_agency_row (fixture->preferences);
  GtkWidget *locked_row = _assay_preferences_window_get_locked_row (fixture->preferences);
  g_autoptr(AssayVault) reopened = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (gtk_editable_get_text (name), ==, "Test Moderator");
  g_assert_cmpuint (adw_combo_row_get_selected (agency), ==, 0);   /* Education */
  g_assert_false (gtk_widget_get_visible (locked_row));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (name)));

  gtk_editable_set_text (name, "Sam Reviewer");
  gtk_widget_activate_action (GTK_WIDGET (fixture->preferences), "preferences.save-profile", NULL);
  g_assert_cmpstr (assay_vault_get_name (fixture->vault), ==, "Sam Reviewer");

  /* Choosing an agency saves it at once */
  adw_combo_row_set_selected (agency, 2);
  g_assert_cmpstr (assay_vault_get_agency (fixture->vault), ==, "Health");
  g_assert_cmpstr (assay_vault_get_name (fixture->vault), ==, "Sam Reviewer");

  /* Locked, nothing sealed is on screen and nothing can be edited */
  assay_vault_lock (fixture->vault);
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (name)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (agency)));
  g_assert_cmpuint (adw_combo_row_get_selected (agency), ==, GTK_INVALID_LIST_POSITION);
  g_assert_true (gtk_widget_get_visible (locked_row));

  assay_gui_test_screenshot (GTK_WIDGET (fixture->preferences), "preferences-locked");

  assay_vault_unlock (fixture->vault, ASSAY_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (assay_vault_get_name (fixture->vault), ==, "Sam Reviewer");
  g_assert_cmpstr (assay_vault_get_agency (fixture->vault), ==, "Health");
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "Sam Reviewer");
  g_assert_cmpuint (adw_combo_row_get_selected (agency), ==, 2);
  g_assert_false (gtk_widget_get_visible (locked_row));

  /* Sealed in the database, not only held in memory */
  reopened = assay_vault_new (assay_vault_get_database (fixture->vault));
  assay_vault_unlock (reopened, ASSAY_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (assay_vault_get_name (reopened), ==, "Sam Reviewer");
  g_assert_cmpstr (assay_vault_get_agency (reopened), ==, "Health");
  assay_vault_lock (reopened);

  /* A blank name is refused; the vault keeps the old one */
  gtk_editable_set_text (name, "   ");
  gtk_widget_activate_action (GTK_WIDGET (fixture->preferences), "preferences.save-profile", NULL);
  g_assert_cmpstr (assay_vault_get_name (fixture->vault), ==, "Sam Reviewer");
}

/* An agency typed at the command line is kept, not replaced by ours */
static void
test_other_agency (Fixture       *fixture,
                   gconstpointer  data)
{
  AdwComboRow *agency = _assay_preferences_window_get_agency_row (fixture->preferences);
  GListModel *model;
  g_autoptr(GError) error = NULL;
  guint n;

  assay_vault_lock (fixture->vault);
  assay_vault_unlock (fixture->vault, ASSAY_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  assay_vault_set_profile (fixture->vault, "Test Moderator", "Virtual school", &error);
  g_assert_no_error (error);
  assay_vault_lock (fixture->vault);
  assay_vault_unlock (fixture->vault, ASSAY_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);

  model = adw_combo_row_get_model (agency);
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (adw_combo_row_get_selected (agency), ==, n - 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), n - 1), ==,
                   "Virtual school");

  /* Renaming keeps it */
  gtk_editable_set_text (_assay_preferences_window_get_name_row (fixture->preferences), "Kim");
  gtk_widget_activate_action (GTK_WIDGET (fixture->preferences), "preferences.save-profile", NULL);
  g_assert_cmpstr (assay_vault_get_agency (fixture->vault), ==, "Virtual school");
}

static void
on_clipboard_text (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer user_data)
{
  return *(char **) user_data != NULL;
}

/* The copy button puts @identity on the clipboard */
static void
assert_copies (Fixture    *fixture,
               const char *identity)
{
  g_autofree char *copied = NULL;

  gtk_widget_activate_action (GTK_WIDGET (fixture->preferences), "preferences.copy-identity",
                              NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (fixture->preferences)),
                                 NULL, on_clipboard_text, &copied);
  g_assert_true (assay_gui_test_wait_until (is_set, &copied, 5000));
  g_assert_cmpstr (copied, ==, identity);
}

/* The public identity colleagues export bundles to: shown as the export
 * dialog shows it, copied as `assay-cli identity` prints it */
static void
test_identity (Fixture       *fixture,
               gconstpointer  data)
{
  AdwActionRow *row = _assay_preferences_window_get_identity_row (fixture->preferences);
  const char *identity = assay_vault_get_identity (fixture->vault);
  g_autofree char *shown = assay_identity_format (identity);
  g_autofree char *no_spaces = NULL;
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;

  g_assert_nonnull (identity);
  g_assert_cmpuint (strlen (identity), ==, 64);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, shown);
  /* Eight groups of eight digits, and nothing else */
  g_assert_cmpuint (strlen (shown), ==, 64 + 7);
  no_spaces = g_strdup (shown);
  g_strdelimit (no_spaces, " ", '\0');
  g_assert_cmpuint (strlen (no_spaces), ==, 8);
  g_assert_true (g_str_has_prefix (identity, no_spaces));

  /* The group is at the foot of the page: bring it into view */
  scrolled = assay_gui_test_find_descendant (GTK_WIDGET (fixture->preferences),
                                             GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->preferences));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->preferences));
  assay_gui_test_screenshot (GTK_WIDGET (fixture->preferences), "preferences-identity");

  assert_copies (fixture, identity);

  /* Public, so it stays while the vault is locked, and can still be copied */
  assay_vault_lock (fixture->vault);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, shown);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (row)));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (fixture->preferences)), "");
  assert_copies (fixture, identity);
}

int
main (int   argc,
      char *argv[])
{
  assay_gui_test_init (&argc, &argv);

  g_test_add ("/preferences/settings", Fixture, NULL,
              fixture_setup, test_settings, fixture_teardown);
  g_test_add ("/preferences/profile", Fixture, NULL,
              fixture_setup, test_profile, fixture_teardown);
  g_test_add ("/preferences/other-agency", Fixture, NULL,
              fixture_setup, test_other_agency, fixture_teardown);
  g_test_add ("/preferences/identity", Fixture, NULL,
              fixture_setup, test_identity, fixture_teardown);

  return g_test_run ();
}
