/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-contacts-page"

#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "assay-contacts.h"
#include "assay-contacts-window-private.h"
#include "assay-gui-test-util.h"
#include "assay-identity-file.h"
#include "assay-session.h"
#include "assay-test-util.h"

/*
 * The Contacts window of Sam Okafor (Education), with real encrypted vaults:
 * colleagues are added from the identity files their own installations
 * write, then verified, made chairs, revoked and removed through the
 * window's actions, as its buttons do.
 */

typedef struct
{
  char                *dir_a;
  char                *dir_b;
  AssayVault          *vault_a;
  AssayVault          *vault_b;
  AssaySession        *session;
  AssayContactsWindow *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir_a = assay_test_mkdtemp ();
  f->vault_a = assay_test_vault_new_moderator (f->dir_a, "Sam Okafor", "Education");
  f->dir_b = assay_test_mkdtemp ();
  f->vault_b = assay_test_vault_new_moderator (f->dir_b, "Ann Patel", "Health");
  f->session = assay_session_new (f->vault_a);

  f->window = assay_contacts_window_new (f->session);
  g_object_ref (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  assay_gui_test_wait_idle ();

  g_clear_object (&f->session);
  g_clear_object (&f->vault_a);
  g_clear_object (&f->vault_b);
  assay_test_rmdir (f->dir_a);
  assay_test_rmdir (f->dir_b);
  g_clear_pointer (&f->dir_a, g_free);
  g_clear_pointer (&f->dir_b, g_free);
}

static AssayStore *
store (Fixture *f)
{
  return assay_session_get_store (f->session);
}

/* @vault's identity file, as its owner exports it, in @dir */
static char *
write_identity (AssayVault *vault,
                const char *dir)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "identity.json", NULL);

  assay_identity_file_write (vault, path, &error);
  g_assert_no_error (error);

  return path;
}

static AdwMessageDialog *
dialog_of (Fixture *f)
{
  AdwMessageDialog *dialog = _assay_contacts_window_get_dialog (f->window);

  g_assert_nonnull (dialog);
  assay_gui_test_wait_drawn (GTK_WIDGET (dialog));

  return dialog;
}

static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  assay_gui_test_wait_idle ();
}

static AssayContact *
lookup (Fixture    *f,
        AssayVault *vault)
{
  g_autoptr(GError) error = NULL;
  AssayContact *contact = assay_contacts_lookup (store (f), assay_vault_get_identity (vault),
                                                 &error);

  g_assert_no_error (error);

  return contact;
}

static const char *
row_title (Fixture *f,
           guint    i)
{
  GPtrArray *rows = _assay_contacts_window_get_rows (f->window);

  g_assert_cmpuint (i, <, rows->len);

  return adw_preferences_row_get_title (g_ptr_array_index (rows, i));
}

static void
test_own_identity (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *expected = assay_identity_fingerprint (assay_vault_get_identity (f->vault_a));
  g_autofree char *shown = NULL;
  g_autofree char *path = g_build_filename (f->dir_b, "sam.json", NULL);
  g_autoptr(AssayContact) read = NULL;
  g_autoptr(GError) error = NULL;

  shown = assay_identity_card_dup_fingerprint_text (_assay_contacts_window_get_own_card (f->window));
  g_assert_cmpstr (shown, ==, expected);
  g_assert_cmpuint (_assay_contacts_window_get_rows (f->window)->len, ==, 0);
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "contacts-empty");

  /* What the button's file chooser saves to, as a colleague reads it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window),
                                             "contacts.export-identity-file", "s", path));
  assay_gui_test_wait_idle ();
  read = assay_identity_file_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->key, ==, assay_vault_get_identity (f->vault_a));
  g_assert_cmpstr (read->name, ==, "Sam Okafor");
  g_assert_cmpstr (read->agency, ==, "Education");
}

static void
test_add_and_change (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = write_identity (f->vault_b, f->dir_b);
  g_autofree char *expected = assay_identity_fingerprint (assay_vault_get_identity (f->vault_b));
  g_autofree char *shown = NULL;
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  const char *key = assay_vault_get_identity (f->vault_b);
  AdwMessageDialog *dialog;
  GtkWidget *card, *check, *role;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "contacts.add-file", "s",
                                             path));
  dialog = dialog_of (f);
  card = assay_gui_test_find_descendant (GTK_WIDGET (dialog), ASSAY_TYPE_IDENTITY_CARD);
  g_assert_nonnull (card);
  shown = assay_identity_card_dup_fingerprint_text (ASSAY_IDENTITY_CARD (card));
  g_assert_cmpstr (shown, ==, expected);
  assay_gui_test_screenshot (GTK_WIDGET (dialog), "contacts-add");

  /* Compared with Ann on the phone; she chairs the forum */
  check = assay_gui_test_find_descendant (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  role = assay_gui_test_find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW);
  adw_combo_row_set_selected (ADW_COMBO_ROW (role), 1);
  respond (dialog, "add");

  contact = lookup (f, f->vault_b);
  g_assert_cmpstr (contact->name, ==, "Ann Patel");
  g_assert_cmpstr (contact->agency, ==, "Health");
  g_assert_true (contact->verified);
  g_assert_cmpint (contact->role, ==, ASSAY_CONTACT_ROLE_CHAIR);
  g_assert_cmpuint (_assay_contacts_window_get_rows (f->window)->len, ==, 1);
  g_assert_cmpstr (row_title (f, 0), ==, "Ann Patel");
  adw_expander_row_set_expanded (g_ptr_array_index (_assay_contacts_window_get_rows (f->window),
                                                    0), TRUE);
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "contacts");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "contacts.set-verified",
                                             "(sb)", key, FALSE));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "contacts.set-role",
                                             "(ss)", key, "moderator"));
  g_clear_pointer (&contact, assay_contact_free);
  contact = lookup (f, f->vault_b);
  g_assert_false (contact->verified);
  g_assert_cmpint (contact->role, ==, ASSAY_CONTACT_ROLE_MODERATOR);

  /* Revoking asks first, with the date */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "contacts.revoke", "s",
                                             key));
  dialog = dialog_of (f);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "2026-13-01");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "revoke"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "2026-01-01");
  assay_gui_test_screenshot (GTK_WIDGET (dialog), "contacts-revoke");
  respond (dialog, "revoke");
  g_clear_pointer (&contact, assay_contact_free);
  contact = lookup (f, f->vault_b);
  g_assert_cmpstr (contact->revoked_from, ==, "2026-01-01");
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (
                              g_ptr_array_index (_assay_contacts_window_get_rows (f->window), 0)),
                            "Revoked from 2026-01-01"));

  /* Removing asks too; Cancel keeps her */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "contacts.remove", "s",
                                             key));
  respond (dialog_of (f), "cancel");
  g_clear_pointer (&contact, assay_contact_free);
  contact = lookup (f, f->vault_b);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "contacts.remove", "s",
                                             key));
  respond (dialog_of (f), "remove");
  g_clear_pointer (&contact, assay_contact_free);
  contact = assay_contacts_lookup (store (f), key, &error);
  g_assert_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_NOT_FOUND);
  g_assert_null (contact);
  g_assert_cmpuint (_assay_contacts_window_get_rows (f->window)->len, ==, 0);
}

/* Two colleagues called Ann Patel are told apart wherever they are listed */
static void
test_same_names (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *dir_c = assay_test_mkdtemp ();
  g_autoptr(AssayVault) vault_c = assay_test_vault_new_moderator (dir_c, "Ann Patel",
                                                                  "Social care");
  g_autofree char *path_b = write_identity (f->vault_b, f->dir_b);
  g_autofree char *path_c = write_identity (vault_c, dir_c);
  g_autoptr(AssayContact) contact = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "contacts.add-file", "s",
                                             path_b));
  respond (dialog_of (f), "add");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "contacts.add-file", "s",
                                             path_c));
  respond (dialog_of (f), "add");

  /* Added without comparing: unverified moderators */
  contact = lookup (f, vault_c);
  g_assert_false (contact->verified);
  g_assert_cmpint (contact->role, ==, ASSAY_CONTACT_ROLE_MODERATOR);

  g_assert_cmpuint (_assay_contacts_window_get_rows (f->window)->len, ==, 2);
  g_assert_cmpstr (row_title (f, 0), !=, row_title (f, 1));
  g_assert_nonnull (strstr (row_title (f, 0), "Ann Patel ("));
  g_assert_nonnull (strstr (row_title (f, 1), "Ann Patel ("));
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "contacts-same-names");

  g_clear_object (&vault_c);
  assay_test_rmdir (dir_c);
}

/* A file that is not an identity file adds nobody; nor does one's own */
static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *bad = g_build_filename (f->dir_b, "notes.json", NULL);
  g_autofree char *own = write_identity (f->vault_a, f->dir_a);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (bad, "{\"format\": \"something else\"}", -1, &error);
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "contacts.add-file", "s",
                                             bad));
  assay_gui_test_wait_idle ();
  g_assert_null (_assay_contacts_window_get_dialog (f->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "contacts.add-file", "s",
                                             own));
  assay_gui_test_wait_idle ();
  g_assert_null (_assay_contacts_window_get_dialog (f->window));
  g_assert_cmpuint (_assay_contacts_window_get_rows (f->window)->len, ==, 0);
}

/* Names and roles come from the sealed store: the window goes with the keys */
static void
test_lock_closes (Fixture       *f,
                  gconstpointer  data)
{
  assay_vault_lock (f->vault_a);
  assay_gui_test_wait_idle ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window)));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/maqa/Assay/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add ("/contacts-page/own-identity", Fixture, NULL,
              fixture_setup, test_own_identity, fixture_teardown);
  g_test_add ("/contacts-page/add-and-change", Fixture, NULL,
              fixture_setup, test_add_and_change, fixture_teardown);
  g_test_add ("/contacts-page/same-names", Fixture, NULL,
              fixture_setup, test_same_names, fixture_teardown);
  g_test_add ("/contacts-page/bad-files", Fixture, NULL,
              fixture_setup, test_bad_files, fixture_teardown);
  g_test_add ("/contacts-page/lock-closes", Fixture, NULL,
              fixture_setup, test_lock_closes, fixture_teardown);

  return g_test_run ();
}
