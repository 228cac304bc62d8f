/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-passphrase-dialog"

#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "assay-application-private.h"
#include "assay-gui-test-util.h"
#include "assay-main-view-private.h"
#include "assay-passphrase-dialog-private.h"
#include "assay-test-util.h"
#include "assay-unlock-page-private.h"
#include "assay-window-private.h"

/*
 * Change Passphrase (issue 12), from the primary menu of the real window on
 * a real encrypted vault: what it refuses, what it changes, and the new
 * recovery key a re-encryption makes.
 */

#define NEW_PASSPHRASE "quartz ferry lantern orchard"

typedef struct
{
  AssayTestEnv      env;
  AssayApplication *app;
  AssayVault       *vault;
  AssayWindow      *window;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  assay_test_env_set_up (&fixture->env, ASSAY_TEST_ENV_VAULT_SHUT);

  fixture->app = assay_gui_test_application_new (fixture->env.path);
  fixture->vault = assay_application_get_vault (fixture->app);
  fixture->window = assay_gui_test_window_unlocked (fixture->app, 1000, 700);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  assay_gui_test_app_close (&fixture->window, &fixture->app);
  assay_test_env_tear_down (&fixture->env);
}

/* Whether @model, or a section or submenu of it, has an item for @action */
static gboolean
menu_has_action (GMenuModel *model,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;

      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) link = g_menu_link_iter_get_value (links);

          if (menu_has_action (link, action))
            return TRUE;
        }
    }

  return FALSE;
}

static AssayPassphraseDialog *
open_dialog (Fixture *fixture)
{
  AssayPassphraseDialog *dialog;

  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->window),
                                                    "change-passphrase"));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "change-passphrase", NULL);
  dialog = ASSAY_PASSPHRASE_DIALOG (assay_gui_test_find_toplevel (ASSAY_TYPE_PASSPHRASE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  assay_gui_test_wait_drawn (GTK_WIDGET (dialog));

  return dialog;
}

static gboolean
change_enabled (AssayPassphraseDialog *dialog)
{
  return gtk_widget_get_sensitive (_assay_passphrase_dialog_get_change_button (dialog));
}

static void
fill (AssayPassphraseDialog *dialog,
      const char            *current,
      const char            *passphrase,
      const char            *repeat)
{
  gtk_editable_set_text (_assay_passphrase_dialog_get_current_row (dialog), current);
  gtk_editable_set_text (_assay_passphrase_dialog_get_new_row (dialog), passphrase);
  gtk_editable_set_text (_assay_passphrase_dialog_get_repeat_row (dialog), repeat);
}

static gboolean
dialog_idle (gpointer data)
{
  return !_assay_passphrase_dialog_get_busy (data);
}

static gboolean
no_dialog (gpointer data)
{
  return assay_gui_test_find_toplevel (ASSAY_TYPE_PASSPHRASE_DIALOG) == NULL;
}

/* Runs the change the form holds and waits until it has returned */
static void
change (AssayPassphraseDialog *dialog)
{
  g_object_ref (dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "passphrase.change", NULL));
  g_assert_true (assay_gui_test_wait_until (dialog_idle, dialog, 60000));
  g_object_unref (dialog);
}

static gboolean
unlock_idle (gpointer data)
{
  Fixture *fixture = data;

  return !_assay_unlock_page_get_busy (_assay_window_get_unlock_page (fixture->window));
}

/* Types @passphrase on the unlock page and waits for the answer */
static gboolean
unlock_with (Fixture    *fixture,
             const char *passphrase)
{
  AssayUnlockPage *unlock = _assay_window_get_unlock_page (fixture->window);

  gtk_editable_set_text (_assay_unlock_page_get_passphrase_entry (unlock), passphrase);
  gtk_widget_activate_action (GTK_WIDGET (unlock), "unlock.unlock", NULL);
  g_assert_true (assay_gui_test_wait_until (unlock_idle, fixture, 60000));

  return !assay_vault_get_locked (fixture->vault);
}

static void
lock (Fixture *fixture)
{
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "lock", NULL);
  g_assert_true (assay_vault_get_locked (fixture->vault));
  g_assert_cmpstr (_assay_window_get_visible_page (fixture->window), ==, "unlock");
}

/* Reachable from the menu, only while a vault is open, and Change waits
 * for a form that would be accepted */
static void
test_form (Fixture       *fixture,
           gconstpointer  data)
{
  AssayMainView *main_view = _assay_window_get_main_view (fixture->window);
  AssayPassphraseDialog *dialog;
  AdwActionRow *recovery_row;

  g_assert_true (menu_has_action (assay_main_view_get_menu_model (main_view),
                                  "win.change-passphrase"));

  dialog = open_dialog (fixture);

  /* The vault was made with a recovery key, and the dialog says so */
  recovery_row = _assay_passphrase_dialog_get_recovery_row (dialog);
  g_assert_true (assay_vault_has_recovery_key (fixture->vault));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (recovery_row), "Set up"));

  g_assert_false (change_enabled (dialog));

  fill (dialog, ASSAY_TEST_PASSPHRASE, "short", "short");
  g_assert_false (change_enabled (dialog));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (_assay_passphrase_dialog_get_hint_label (dialog)),
                                           "error"));

  fill (dialog, ASSAY_TEST_PASSPHRASE, NEW_PASSPHRASE, "quartz ferry lantern");
  g_assert_false (change_enabled (dialog));
  g_assert_cmpstr (gtk_label_get_text (_assay_passphrase_dialog_get_hint_label (dialog)), ==,
                   "Passphrases do not match");

  fill (dialog, "", NEW_PASSPHRASE, NEW_PASSPHRASE);
  g_assert_false (change_enabled (dialog));

  fill (dialog, ASSAY_TEST_PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE);
  gtk_widget_grab_focus (GTK_WIDGET (_assay_passphrase_dialog_get_current_row (dialog)));
  assay_gui_test_screenshot (GTK_WIDGET (dialog), "passphrase-dialog");

  /* Cancel (Escape) leaves everything as it was */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "passphrase.cancel", NULL);
  g_assert_true (assay_gui_test_wait_until (no_dialog, NULL, 5000));
  lock (fixture);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->window),
                                                     "change-passphrase"));
  g_assert_true (unlock_with (fixture, ASSAY_TEST_PASSPHRASE));
}

/* A wrong current passphrase is said on its row, and changes nothing */
static void
test_wrong_current (Fixture       *fixture,
                    gconstpointer  data)
{
  AssayPassphraseDialog *dialog;
  GtkLabel *error_label;

  dialog = open_dialog (fixture);
  error_label = _assay_passphrase_dialog_get_current_error (dialog);

  fill (dialog, "not the passphrase", NEW_PASSPHRASE, NEW_PASSPHRASE);
  change (dialog);

  g_assert_true (assay_gui_test_find_toplevel (ASSAY_TYPE_PASSPHRASE_DIALOG) == GTK_WINDOW (dialog));
  g_assert_cmpstr (_assay_passphrase_dialog_get_step (dialog), ==, "form");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, "This is not the current passphrase");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (_assay_passphrase_dialog_get_current_row (dialog)),
                                           "error"));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (_assay_passphrase_dialog_get_current_row (dialog))) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)),
                                         GTK_WIDGET (_assay_passphrase_dialog_get_current_row (dialog))));
  assay_gui_test_screenshot (GTK_WIDGET (dialog), "passphrase-dialog-wrong");

  /* Typing again takes the error away */
  gtk_editable_set_text (_assay_passphrase_dialog_get_current_row (dialog), "x");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "passphrase.cancel", NULL);
  g_assert_true (assay_gui_test_wait_until (no_dialog, NULL, 5000));

  /* Nothing changed: the old passphrase opens the vault, the new one not */
  lock (fixture);
  g_assert_false (unlock_with (fixture, NEW_PASSPHRASE));
  g_assert_true (unlock_with (fixture, ASSAY_TEST_PASSPHRASE));
}

/* Without re-encryption: the dialog closes, and from then on the new
 * passphrase opens the vault and the old one does not */
static void
test_change (Fixture       *fixture,
             gconstpointer  data)
{
  AssayPassphraseDialog *dialog = open_dialog (fixture);
  g_autoptr(GError) error = NULL;

  g_assert_false (gtk_switch_get_active (_assay_passphrase_dialog_get_rekey_switch (dialog)));
  fill (dialog, ASSAY_TEST_PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE);
  change (dialog);
  g_assert_true (assay_gui_test_wait_until (no_dialog, NULL, 5000));
  g_assert_false (assay_vault_get_locked (fixture->vault));

  lock (fixture);
  g_assert_false (unlock_with (fixture, ASSAY_TEST_PASSPHRASE));
  g_assert_true (unlock_with (fixture, NEW_PASSPHRASE));
  g_assert_cmpstr (_assay_window_get_visible_page (fixture->window), ==, "main");

  /* The recovery key made with the vault still works without a rekey */
  lock (fixture);
  g_assert_true (assay_vault_recover (fixture->vault, fixture->env.recovery_key,
                                      ASSAY_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);
}

/* The new recovery key's page: shown once, copyable, and not closed until
 * the user says it is written down */
static void
check_recovery_key_page (AssayPassphraseDialog *dialog)
{
  GtkCheckButton *written = _assay_passphrase_dialog_get_written_check (dialog);
  GtkLabel *label = _assay_passphrase_dialog_get_recovery_label (dialog);

  g_assert_cmpstr (_assay_passphrase_dialog_get_step (dialog), ==, "recovery-key");
  g_assert_cmpuint (strlen (gtk_label_get_text (label)), >, 30);
  g_assert_true (gtk_label_get_selectable (label));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (written)));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "passphrase.finish", NULL);
  gtk_window_close (GTK_WINDOW (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "passphrase.cancel", NULL);
  g_assert_true (assay_gui_test_find_toplevel (ASSAY_TYPE_PASSPHRASE_DIALOG) == GTK_WINDOW (dialog));
  assay_gui_test_wait_drawn (GTK_WIDGET (dialog));
  assay_gui_test_screenshot (GTK_WIDGET (dialog), "passphrase-dialog-recovery-key");

  gtk_check_button_set_active (written, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "passphrase.finish", NULL);
  g_assert_true (assay_gui_test_wait_until (no_dialog, NULL, 5000));
}

/* Re-encrypting shows a new recovery key once, which opens the vault; the
 * old one no longer does */
static void
test_rekey (Fixture       *fixture,
            gconstpointer  data)
{
  AssayPassphraseDialog *dialog = open_dialog (fixture);
  g_autofree char *shown = NULL;
  g_autoptr(GError) error = NULL;

  fill (dialog, ASSAY_TEST_PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE);
  gtk_switch_set_active (_assay_passphrase_dialog_get_rekey_switch (dialog), TRUE);
  g_object_ref (dialog);
  change (dialog);

  /* The dialog stays, to show the new recovery key. */
  g_assert_true (assay_gui_test_find_toplevel (ASSAY_TYPE_PASSPHRASE_DIALOG) == GTK_WINDOW (dialog));

  shown = g_strdup (gtk_label_get_text (_assay_passphrase_dialog_get_recovery_label (dialog)));
  check_recovery_key_page (dialog);
  g_object_unref (dialog);

  /* The old recovery key opens nothing; the one shown does */
  lock (fixture);
  g_assert_false (assay_vault_recover (fixture->vault, fixture->env.recovery_key,
                                       ASSAY_TEST_PASSPHRASE, &error));
  g_clear_error (&error);
  g_assert_true (assay_vault_recover (fixture->vault, shown, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);
}

static gboolean
vault_locked (gpointer data)
{
  Fixture *fixture = data;

  return assay_vault_get_locked (fixture->vault);
}

/* The page itself, on a key given to it */
static void
test_recovery_key_page (Fixture       *fixture,
                        gconstpointer  data)
{
  AssayPassphraseDialog *dialog = open_dialog (fixture);
  gint64 until;

  g_object_ref (dialog);
  _assay_passphrase_dialog_show_recovery_key (dialog, fixture->env.recovery_key);

  /* The idle time runs out twice over: the key stays until written down. */
  _assay_window_set_idle_timeout_ms (fixture->window, 50);
  until = g_get_monotonic_time () + 300 * 1000;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (assay_vault_get_locked (fixture->vault));
  g_assert_true (assay_gui_test_find_toplevel (ASSAY_TYPE_PASSPHRASE_DIALOG) == GTK_WINDOW (dialog));

  check_recovery_key_page (dialog);
  g_object_unref (dialog);

  /* Once the key is dealt with, idle time locks again. */
  g_assert_true (assay_gui_test_wait_until (vault_locked, fixture, 10000));
}

int
main (int   argc,
      char *argv[])
{
  assay_gui_test_init (&argc, &argv);

  g_test_add ("/passphrase-dialog/form", Fixture, NULL,
              fixture_setup, test_form, fixture_teardown);
  g_test_add ("/passphrase-dialog/wrong-current", Fixture, NULL,
              fixture_setup, test_wrong_current, fixture_teardown);
  g_test_add ("/passphrase-dialog/change", Fixture, NULL,
              fixture_setup, test_change, fixture_teardown);
  g_test_add ("/passphrase-dialog/rekey", Fixture, NULL,
              fixture_setup, test_rekey, fixture_teardown);
  g_test_add ("/passphrase-dialog/recovery-key-page", Fixture, NULL,
              fixture_setup, test_recovery_key_page, fixture_teardown);

  return g_test_run ();
}
