/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-restore-dialog"

#include "config.h"

#include <glib/gstdio.h>

#include "assay-head-private.h"

#include <string.h>
#include <adwaita.h>

#include "assay-application-private.h"
#include "assay-gui-test-util.h"
#include "assay-main-view-private.h"
#include "assay-test-util.h"
#include "assay-window-private.h"

/*
 * Issue 12: unlocking a vault older than the copy last seen on this
 * computer (a backup restored, or the file rolled back) asks before going
 * on: Lock, or accept the restored copy, which is logged.
 */

typedef struct
{
  AssayTestEnv      env;
  char             *backup;
  AssayApplication *app;
  AssayVault       *vault;
  AssayWindow      *window;
} Fixture;

static void
open_app (Fixture *fixture)
{
  fixture->app = assay_gui_test_application_new (fixture->env.path);
  fixture->vault = assay_application_get_vault (fixture->app);
  fixture->window = assay_gui_test_window_unlocked (fixture->app, 1000, 700);
}

static void
close_app (Fixture *fixture)
{
  assay_gui_test_app_close (&fixture->window, &fixture->app);
  fixture->vault = NULL;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) dest = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_copy (source, dest, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* The vault as it was made, then a later audit in it, then the first copy
 * put back: the application opens on a vault older than it last saw. The
 * window has asked already when this returns. */
static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(AssayAudit) audit = NULL;
  AssaySession *session;

  assay_test_env_set_up (&fixture->env, ASSAY_TEST_ENV_VAULT_SHUT);
  fixture->backup = g_build_filename (fixture->env.dir, "backup.db", NULL);
  copy_file (fixture->env.path, fixture->backup);

  open_app (fixture);
  session = _assay_main_view_get_session (_assay_window_get_main_view (fixture->window));
  audit = assay_gui_test_audit_new (assay_session_get_store (session),
                                    assay_session_get_frameworks (session), "ehcp-new",
                                    "EHC-LATER");
  g_clear_object (&audit);
  close_app (fixture);

  /* As a restore with the app closed: the file alone, no journal of the
   * later writes beside it. */
  copy_file (fixture->backup, fixture->env.path);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *beside = g_strconcat (fixture->env.path, i == 0 ? "-wal" : "-shm", NULL);

      g_remove (beside);
    }
  open_app (fixture);
}

/* An ordinary vault, for the dialogs alone */
static void
fixture_setup_plain (Fixture       *fixture,
                     gconstpointer  data)
{
  assay_test_env_set_up (&fixture->env, ASSAY_TEST_ENV_VAULT_SHUT);
  open_app (fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  close_app (fixture);
  g_clear_pointer (&fixture->backup, g_free);
  assay_test_env_tear_down (&fixture->env);
}

static AssayStore *
store (Fixture *fixture)
{
  AssaySession *session = _assay_main_view_get_session (_assay_window_get_main_view (fixture->window));

  g_assert_nonnull (session);

  return assay_session_get_store (session);
}

/* The store itself says the vault is a restored copy. */
static void
assert_restore_detected (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (assay_store_verify_head (store (fixture), &error));
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_RESTORED);
}

static AdwMessageDialog *
restore_dialog (Fixture *fixture)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (assay_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "This Vault Is Older Than the One Last Used Here");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "lock");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "lock");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "accept"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);

  return dialog;
}

/* Escape, the close response, locks, and the dialog goes with the lock as
 * every dialog of the window does */
static void
respond_lock (Fixture          *fixture,
              AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, adw_message_dialog_get_close_response (dialog));
  g_assert_true (assay_vault_get_locked (fixture->vault));
  g_assert_cmpstr (_assay_window_get_visible_page (fixture->window), ==, "unlock");
  assay_gui_test_wait_closed (ADW_TYPE_MESSAGE_DIALOG);
}

static void
test_lock (Fixture       *fixture,
           gconstpointer  data)
{
  assert_restore_detected (fixture);

  respond_lock (fixture, restore_dialog (fixture));
}

static void
test_accept (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  assert_restore_detected (fixture);

  dialog = restore_dialog (fixture);
  adw_message_dialog_response (dialog, "accept");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (assay_vault_get_locked (fixture->vault));
  g_assert_true (assay_store_verify_head (store (fixture), &error));
  g_assert_no_error (error);
}

/* The dialog as unlocking shows it on ASSAY_STORE_ERROR_RESTORED: Lock,
 * the default, locks; accepting calls the store and goes on */
static void
test_dialog (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) restored = g_error_new_literal (ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_RESTORED,
                                                    "older");
  AdwMessageDialog *dialog;

  _assay_window_show_head_problem (fixture->window, restored);
  dialog = restore_dialog (fixture);
  assay_gui_test_wait_drawn (GTK_WIDGET (dialog));
  assay_gui_test_screenshot (GTK_WIDGET (dialog), "restore-dialog");

  /* As a click does: the response, then the dialog closes */
  adw_message_dialog_response (dialog, "accept");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (assay_vault_get_locked (fixture->vault));

  _assay_window_show_head_problem (fixture->window, restored);
  respond_lock (fixture, restore_dialog (fixture));
}

/* An altered vault: said, with what to run, and nothing to choose */
static void
test_altered (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) altered = g_error_new_literal (ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY,
                                                   "altered");
  AdwMessageDialog *dialog;

  _assay_window_show_head_problem (fixture->window, altered);
  dialog = ADW_MESSAGE_DIALOG (assay_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "This Vault Has Been Altered");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "assay-cli check"));
  g_assert_false (adw_message_dialog_has_response (dialog, "accept"));
  assay_gui_test_wait_drawn (GTK_WIDGET (dialog));
  assay_gui_test_screenshot (GTK_WIDGET (dialog), "altered-dialog");

  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (assay_vault_get_locked (fixture->vault));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state = g_dir_make_tmp ("assay-state-XXXXXX", NULL);
  int status;

  /* The copy last seen is kept in the user's state folder: a folder of
   * the test's own, set before GLib reads the variable */
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  assay_gui_test_init (&argc, &argv);

  g_test_add ("/restore-dialog/dialog", Fixture, NULL,
              fixture_setup_plain, test_dialog, fixture_teardown);
  g_test_add ("/restore-dialog/altered", Fixture, NULL,
              fixture_setup_plain, test_altered, fixture_teardown);
  g_test_add ("/restore-dialog/lock", Fixture, NULL,
              fixture_setup, test_lock, fixture_teardown);
  g_test_add ("/restore-dialog/accept", Fixture, NULL,
              fixture_setup, test_accept, fixture_teardown);

  status = g_test_run ();
  /* What the last write held back goes to the folder before it does. */
  _assay_head_seen_flush ();
  assay_test_rmdir (state);

  return status;
}
