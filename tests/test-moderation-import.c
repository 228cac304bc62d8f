/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-moderation-import"

#include "config.h"

#include <string.h>

#include "assay-audits-page-private.h"
#include "assay-conflict-card.h"
#include "assay-contacts.h"
#include "assay-gui-test-util.h"
#include "assay-identity-card.h"
#include "assay-test-util.h"
#include "moderation-test-fixture.h"

/*
 * Importing bundles on the Moderation page: the partnership passphrase,
 * conflicts, senders who are not (or no longer) contacts, cancelling and
 * locking meanwhile, and missing frameworks.
 */

static gboolean
passphrase_asked (gpointer data)
{
  Fixture *f = data;
  GtkWindow *dialog = _assay_moderation_page_get_dialog (f->page);

  return dialog != NULL && ADW_IS_MESSAGE_DIALOG (dialog) &&
         !ASSAY_IS_BUNDLE_IMPORT_DIALOG (dialog);
}

static gboolean
asked_again (gpointer data)
{
  Fixture *f = data;

  return passphrase_asked (f) &&
         g_strcmp0 (adw_message_dialog_get_heading (
                      ADW_MESSAGE_DIALOG (_assay_moderation_page_get_dialog (f->page))),
                    "Wrong Passphrase") == 0;
}

static void
answer_passphrase (Fixture    *f,
                   const char *passphrase)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_assert_true (assay_gui_test_wait_until (passphrase_asked, f, 20000));
  dialog = ADW_MESSAGE_DIALOG (_assay_moderation_page_get_dialog (f->page));
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_ENTRY (entry));
  g_assert_false (gtk_entry_get_visibility (GTK_ENTRY (entry)));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "open"));
  gtk_editable_set_text (GTK_EDITABLE (entry), passphrase);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "open"));
  /* As the dialog's button does: respond, then close */
  adw_message_dialog_response (dialog, "open");
  gtk_window_close (GTK_WINDOW (dialog));
}

/* B's results for the whole forum, locked with the partnership
 * passphrase; returns the file's path */
static char *
export_forum (Fixture            *f,
              AssayExportSummary *summary)
{
  char *path = g_build_filename (f->dir_b, "forum.assay", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AssayExportOptions options = { NULL, "forum spring 2026", NULL };

  assay_bundle_export (f->store_b, file, &options, summary, NULL, &error);
  g_assert_no_error (error);

  return path;
}

/* Gives the partnership passphrase when asked, and returns the summary of
 * the import that follows: B's results added */
static AssayBundleImportDialog *
import_forum (Fixture *f)
{
  AssayBundleImportDialog *result;

  answer_passphrase (f, "forum spring 2026");
  g_assert_true (assay_gui_test_wait_until (page_idle, f, 10000));
  result = ASSAY_BUNDLE_IMPORT_DIALOG (_assay_moderation_page_get_dialog (f->page));
  g_assert_true (ASSAY_IS_BUNDLE_IMPORT_DIALOG (result));
  g_assert_null (_assay_bundle_import_dialog_get_error_row (result, 0));
  g_assert_cmpuint (count_of (result, "added"), >=, 4);

  return result;
}

/* A bundle for the whole forum, locked with the partnership passphrase */
static void
test_passphrase (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = export_forum (f, NULL);
  AdwMessageDialog *asked;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.import-file",
                                             "s", path));
  answer_passphrase (f, "forum autumn");
  g_assert_true (assay_gui_test_wait_until (asked_again, f, 20000));

  /* Wrong: asked again, saying so */
  g_assert_true (assay_gui_test_wait_until (passphrase_asked, f, 20000));
  asked = ADW_MESSAGE_DIALOG (_assay_moderation_page_get_dialog (f->page));
  g_assert_cmpstr (adw_message_dialog_get_heading (asked), ==, "Wrong Passphrase");
  import_forum (f);
  close_dialog (f);
  g_assert_cmpstr (_assay_moderation_page_get_row_state (f->page, "EHC-1003"), ==, "Differ");
}

/* The same vault copied to a second computer (a backup restored on a
 * laptop): one audit reopened on both with different reasons is a conflict */
static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *dir_c = assay_test_mkdtemp ();
  g_autofree char *db_a = g_strdup (f->env.path);
  g_autofree char *db_c = g_build_filename (dir_c, "assay.db", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *bundle = g_build_filename (dir_c, "laptop.assay", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (bundle);
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault_c = NULL;
  g_autoptr(AssayStore) store_c = NULL;
  g_autoptr(AssayAudit) audit_a = NULL;
  g_autoptr(AssayAudit) audit_c = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GError) error = NULL;
  AssayExportOptions options = { NULL, NULL, NULL };
  AssayExportSummary summary = { 0, 0 };
  AssayBundleImportDialog *result;
  AdwMessageDialog *review;
  GtkWidget *card;
  const char *evidence = NULL;
  gsize length;

  /* The main file alone is the whole vault only once the WAL is in it. */
  assay_database_checkpoint (assay_vault_get_database (assay_session_get_vault (f->session)),
                             &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (db_a, &contents, &length, &error));
  g_assert_true (g_file_set_contents (db_c, contents, length, &error));
  database = assay_database_open (db_c, &error);
  g_assert_no_error (error);
  vault_c = assay_vault_new (database);
  assay_vault_unlock (vault_c, ASSAY_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  store_c = assay_store_new (vault_c);

  audits = assay_audit_list (assay_session_get_store (f->session), f->frameworks, &error);
  g_assert_no_error (error);
  audit_a = g_object_ref (audits->pdata[0]);
  audit_c = assay_audit_open (store_c, f->frameworks, assay_audit_get_id (audit_a), &error);
  g_assert_no_error (error);

  assay_audit_reopen (audit_a, "The family sent new advice", &error);
  g_assert_no_error (error);
  assay_audit_reopen (audit_c, "Checking section F again", &error);
  g_assert_no_error (error);
  assay_audit_set_grade (audit_c, "F1", ASSAY_GRADE_BRONZE, "No hours given for SALT", &error);
  g_assert_no_error (error);

  assay_bundle_export (store_c, file, &options, &summary, NULL, &error);
  g_assert_no_error (error);

  result = import_file (f, bundle);
  g_assert_null (_assay_bundle_import_dialog_get_error_row (result, 0));
  g_assert_cmpuint (count_of (result, "conflicts"), ==, 1);
  close_dialog (f);

  g_assert_true (gtk_revealer_get_reveal_child (
                   _assay_moderation_page_get_conflicts_revealer (f->page)));
  g_assert_nonnull (strstr (gtk_label_get_text (_assay_moderation_page_get_conflicts_label (f->page)),
                            "1 change from a bundle conflicts"));
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "moderation-conflicts");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.review-conflicts",
                                             NULL));
  review = ADW_MESSAGE_DIALOG (_assay_moderation_page_get_dialog (f->page));
  g_assert_true (ADW_IS_MESSAGE_DIALOG (review));
  assay_gui_test_wait_drawn (GTK_WIDGET (review));
  assay_gui_test_screenshot (GTK_WIDGET (review), "moderation-conflicts-dialog");

  card = assay_gui_test_find_descendant (GTK_WIDGET (review), ASSAY_TYPE_CONFLICT_CARD);
  g_assert_nonnull (card);
  g_assert_true (assay_gui_test_shows_text (card, assay_audit_get_case (audit_a)));
  g_assert_true (assay_gui_test_shows_text (card, "Both versions are yours"));
  /* Reopened on both, for different reasons; one grade changed on the
   * laptop: shown side by side, with the criterion's words */
  g_assert_true (assay_gui_test_shows_text (card, "Reopened: The family sent new advice"));
  g_assert_true (assay_gui_test_shows_text (card, "Reopened: Checking section F again"));
  g_assert_true (assay_gui_test_shows_text (card, "F1"));
  g_assert_true (assay_gui_test_shows_text (card, "No hours given for SALT"));
  g_assert_true (assay_gui_test_shows_text (card, "other criteria are graded alike in both"));
  g_assert_true (gtk_widget_activate_action (card, "conflict.keep", "s", "theirs"));
  assay_gui_test_wait_idle ();

  /* Settled: the strip goes, and the store keeps the laptop's version */
  g_assert_false (gtk_revealer_get_reveal_child (
                    _assay_moderation_page_get_conflicts_revealer (f->page)));
  g_assert_null (_assay_moderation_page_get_dialog (f->page));
  g_clear_pointer (&audits, g_ptr_array_unref);
  g_clear_object (&audit_a);
  audit_a = assay_audit_open (assay_session_get_store (f->session), f->frameworks,
                              assay_audit_get_id (audit_c), &error);
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_status (audit_a), ==, ASSAY_AUDIT_STATUS_DRAFT);
  g_assert_cmpint (assay_audit_get_grade (audit_a, "F1", &evidence), ==, ASSAY_GRADE_BRONZE);
  g_assert_cmpstr (evidence, ==, "No hours given for SALT");

  g_clear_object (&store_c);
  g_clear_object (&vault_c);
  g_clear_object (&database);
  assay_test_rmdir (dir_c);
}

static gboolean
asking_about_sender (gpointer data)
{
  Fixture *f = data;
  GtkWindow *dialog = _assay_moderation_page_get_dialog (f->page);

  return dialog != NULL && ADW_IS_MESSAGE_DIALOG (dialog) &&
         assay_gui_test_find_descendant (GTK_WIDGET (dialog), ASSAY_TYPE_IDENTITY_CARD) != NULL;
}

/* Starts importing B's bundle while B is nobody here, and returns the
 * question about her */
static AdwMessageDialog *
import_from_stranger (Fixture *f)
{
  g_autofree char *expected = assay_identity_fingerprint (assay_vault_get_identity (f->vault_b));
  g_autofree char *shown = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *card;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.import-file",
                                             "s", f->bundle_path));
  g_assert_true (assay_gui_test_wait_until (asking_about_sender, f, 10000));
  dialog = ADW_MESSAGE_DIALOG (_assay_moderation_page_get_dialog (f->page));
  card = assay_gui_test_find_descendant (GTK_WIDGET (dialog), ASSAY_TYPE_IDENTITY_CARD);
  shown = assay_identity_card_dup_fingerprint_text (ASSAY_IDENTITY_CARD (card));
  g_assert_cmpstr (shown, ==, expected);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (assay_gui_test_find_descendant (card,
                                                                                    GTK_TYPE_LABEL))),
                   ==, "Ann Patel");

  return dialog;
}

/* A bundle from someone who is not a contact: the page names her and shows
 * her fingerprint; Cancel stores nothing, Accept adds her as an unverified
 * moderator (ASSAY_IMPORT_TRUST_NEW) and imports the same bundle */
static void
test_unknown_sender (Fixture       *f,
                     gconstpointer  data)
{
  AssayStore *store = assay_session_get_store (f->session);
  const char *key = assay_vault_get_identity (f->vault_b);
  g_autofree char *before = describe_store (f);
  g_autofree char *after = NULL;
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  AssayBundleImportDialog *result;
  AdwMessageDialog *ask;

  assay_contacts_remove (store, key, &error);
  g_assert_no_error (error);

  ask = import_from_stranger (f);
  assay_gui_test_wait_drawn (GTK_WIDGET (ask));
  assay_gui_test_screenshot (GTK_WIDGET (ask), "moderation-unknown-sender");
  adw_message_dialog_response (ask, "cancel");
  g_assert_true (assay_gui_test_wait_until (page_idle, f, 10000));
  result = ASSAY_BUNDLE_IMPORT_DIALOG (_assay_moderation_page_get_dialog (f->page));
  g_assert_nonnull (_assay_bundle_import_dialog_get_error_row (result, 0));
  after = describe_store (f);
  g_assert_cmpstr (after, ==, before);
  contact = assay_contacts_lookup (store, key, &error);
  g_assert_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  close_dialog (f);

  ask = import_from_stranger (f);
  adw_message_dialog_response (ask, "accept");
  g_assert_true (assay_gui_test_wait_until (page_idle, f, 10000));
  result = ASSAY_BUNDLE_IMPORT_DIALOG (_assay_moderation_page_get_dialog (f->page));
  g_assert_null (_assay_bundle_import_dialog_get_error_row (result, 0));
  /* Her four audits are new here */
  g_assert_cmpuint (count_of (result, "added"), >=, 4);
  close_dialog (f);
  g_assert_cmpstr (_assay_moderation_page_get_row_state (f->page, "EHC-1001"), ==, "Agree");

  contact = assay_contacts_lookup (store, key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contact->name, ==, "Ann Patel");
  g_assert_false (contact->verified);
  g_assert_cmpint (contact->role, ==, ASSAY_CONTACT_ROLE_MODERATOR);
}

/* A contact revoked before she signed: refused as it is, with no offer to
 * accept her */
static void
test_revoked_sender (Fixture       *f,
                     gconstpointer  data)
{
  AssayStore *store = assay_session_get_store (f->session);
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = describe_store (f);
  g_autofree char *after = NULL;
  AssayBundleImportDialog *result;
  AdwActionRow *error_row;

  contact = assay_contacts_revoke (store, assay_vault_get_identity (f->vault_b), "2000-01-01",
                                   &error);
  g_assert_no_error (error);

  result = import_file (f, f->bundle_path);
  error_row = _assay_bundle_import_dialog_get_error_row (result, 0);
  g_assert_nonnull (error_row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (error_row), "revoked"));
  after = describe_store (f);
  g_assert_cmpstr (after, ==, before);
}

/* Every revision of every record: any write adds one */
static guint
count_records (Fixture *f)
{
  g_autoptr(AssayStatement) stmt =
    assay_database_prepare (assay_vault_get_database (f->vault_a),
                            "SELECT count(*) FROM records", NULL);

  g_assert_true (assay_statement_step (stmt, NULL));

  return (guint) assay_statement_get_int64 (stmt, 0);
}

static gboolean
page_not_busy (gpointer data)
{
  Fixture *f = data;

  return !_assay_moderation_page_get_busy (f->page);
}

/* Starts importing a forum bundle and gives the passphrase: the worker
 * thread is then in Argon2id for half a second */
static void
start_forum_import (Fixture    *f,
                    const char *path)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.import-file",
                                             "s", path));
  answer_passphrase (f, "forum spring 2026");
  assay_gui_test_wait_idle ();
  g_assert_true (_assay_moderation_page_get_busy (f->page));
  g_assert_cmpstr (gtk_label_get_text (_assay_moderation_page_get_progress_label (f->page)), ==,
                   "Importing “forum.assay”…");
}

/* Opening runs in a worker thread: Cancel, or a lock, while it runs stores
 * nothing, and a later import still works */
static void
test_import_cancel_and_lock (Fixture       *f,
                             gconstpointer  data)
{
  AssayExportSummary summary = { 0, 0 };
  g_autofree char *path = export_forum (f, &summary);
  g_autoptr(GError) error = NULL;
  AssayBundleImportDialog *result;
  AdwActionRow *error_row;
  GtkWindow *dialog;
  guint before;
  guint refs;

  before = count_records (f);

  /* Cancel: the summary says the file was left out */
  refs = G_OBJECT (f->page)->ref_count;
  start_forum_import (f, path);
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "moderation-importing");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.cancel-import",
                                             NULL));
  g_assert_false (_assay_moderation_page_get_busy (f->page));
  result = ASSAY_BUNDLE_IMPORT_DIALOG (_assay_moderation_page_get_dialog (f->page));
  g_assert_true (ASSAY_IS_BUNDLE_IMPORT_DIALOG (result));
  error_row = _assay_bundle_import_dialog_get_error_row (result, 0);
  g_assert_nonnull (error_row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (error_row), "cancelled"));
  /* The worker finishes its key derivation; what it opened is dropped */
  assay_gui_test_wait_released (f->page, refs);
  g_assert_true (_assay_moderation_page_get_dialog (f->page) == GTK_WINDOW (result));
  g_assert_cmpuint (count_records (f), ==, before);
  close_dialog (f);

  /* Locked: the import ends with the session's keys, without a summary */
  refs = G_OBJECT (f->page)->ref_count;
  start_forum_import (f, path);
  assay_vault_lock (f->vault_a);
  g_assert_false (_assay_moderation_page_get_busy (f->page));
  assay_gui_test_wait_released (f->page, refs);
  dialog = _assay_moderation_page_get_dialog (f->page);
  g_assert_false (dialog != NULL && ASSAY_IS_BUNDLE_IMPORT_DIALOG (dialog));
  g_assert_cmpuint (count_records (f), ==, before);

  /* Unlocked again, the same file imports */
  assay_vault_unlock (f->vault_a, ASSAY_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.import-file",
                                             "s", path));
  result = import_forum (f);
  g_assert_cmpuint (count_of (result, "added") + count_of (result, "unchanged"), ==,
                    summary.n_records);
  g_assert_cmpuint (count_records (f), >, before);
  close_dialog (f);
  g_assert_true (assay_gui_test_wait_until (page_not_busy, f, 1000));
}

static void
on_fraction (GtkProgressBar *bar,
             GParamSpec     *pspec,
             GArray         *seen)
{
  double fraction = gtk_progress_bar_get_fraction (bar);

  g_array_append_val (seen, fraction);
}

/* The strip shows how far the import is: a bar that never goes back, and
 * is full once the bundle is stored */
static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = export_forum (f, NULL);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *bar;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.import-file",
                                             "s", path));
  bar = assay_gui_test_find_descendant (GTK_WIDGET (f->page), GTK_TYPE_PROGRESS_BAR);
  g_assert_nonnull (bar);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)), ==, 0.0);
  g_signal_connect (bar, "notify::fraction", G_CALLBACK (on_fraction), seen);

  answer_passphrase (f, "forum spring 2026");
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "moderation-import-progress");

  g_assert_true (assay_gui_test_wait_until (page_idle, f, 10000));
  g_assert_true (ASSAY_IS_BUNDLE_IMPORT_DIALOG (_assay_moderation_page_get_dialog (f->page)));
  g_assert_cmpuint (seen->len, >, 0);
  for (guint i = 1; i < seen->len; i++)
    g_assert_cmpfloat (g_array_index (seen, double, i), >=, g_array_index (seen, double, i - 1));
  g_assert_cmpfloat (g_array_index (seen, double, seen->len - 1), ==, 1.0);
  close_dialog (f);
}

/* Ann audits with the partnership's own framework, which this computer
 * lacks: her audit is stored, and the import, Moderation and My Audits all
 * say which framework to install */
static void
test_missing_framework (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *tiny_path = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                      "tiny.json", NULL);
  g_autofree char *path = g_build_filename (f->dir_b, "ann-tiny.assay", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AssayFramework) tiny = NULL;
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(GError) error = NULL;
  const char *recipients[2] = { assay_vault_get_identity (f->vault_a), NULL };
  AssayExportOptions options = { recipients, NULL, NULL };
  AssayBundleImportDialog *result;
  AdwActionRow *row;
  AssayAuditsPage *audits_page;
  GtkWindow *window;
  const char *note;

  g_assert_null (assay_frameworks_lookup (assay_session_get_frameworks (f->session), "tiny",
                                          "1.0", NULL));
  tiny = assay_framework_new_from_file (tiny_path, &error);
  g_assert_no_error (error);
  audit = assay_audit_create (f->store_b, tiny, "EHC-1001", FALSE, &error);
  g_assert_no_error (error);
  /* Finished: drafts go to their author only */
  assay_gui_test_audit_finish (audit, ASSAY_GRADE_GOLD, NULL, ASSAY_GRADE_NONE, NULL);
  assay_bundle_export (f->store_b, file, &options, NULL, NULL, &error);
  g_assert_no_error (error);

  result = import_file (f, path);
  g_assert_null (_assay_bundle_import_dialog_get_error_row (result, 0));
  /* The audit; its case is in A's caseload already */
  g_assert_cmpuint (count_of (result, "added"), ==, 1);
  row = _assay_bundle_import_dialog_get_missing_row (result, 0, 0);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Framework “tiny” version 1.0 is not installed");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "1 audit is stored"));
  g_assert_null (_assay_bundle_import_dialog_get_missing_row (result, 0, 1));
  assay_gui_test_wait_drawn (GTK_WIDGET (result));
  assay_gui_test_screenshot (GTK_WIDGET (result), "moderation-import-missing-framework");
  close_dialog (f);

  g_assert_true (gtk_revealer_get_reveal_child (
                   _assay_moderation_page_get_missing_revealer (f->page)));
  note = gtk_label_get_text (GTK_LABEL (assay_gui_test_find_descendant (
                               GTK_WIDGET (_assay_moderation_page_get_missing_revealer (f->page)),
                               GTK_TYPE_LABEL)));
  g_assert_nonnull (strstr (note, "1 audit cannot be read here"));
  g_assert_nonnull (strstr (note, "“tiny” version 1.0"));
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "moderation-missing-framework");

  audits_page = g_object_new (ASSAY_TYPE_AUDITS_PAGE, NULL);
  window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (window, 900, 600);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (audits_page));
  assay_audits_page_set_session (audits_page, f->session);
  gtk_window_present (window);
  assay_gui_test_wait_drawn (GTK_WIDGET (window));
  g_assert_true (gtk_revealer_get_reveal_child (
                   _assay_audits_page_get_missing_revealer (audits_page)));
  assay_gui_test_screenshot (GTK_WIDGET (window), "audits-missing-framework");
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  assay_gui_test_init_page (&argc, &argv);

  g_test_add ("/moderation-import/passphrase", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_passphrase, fixture_teardown);
  g_test_add ("/moderation-import/conflict", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_conflict, fixture_teardown);
  g_test_add ("/moderation-import/unknown-sender", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_unknown_sender, fixture_teardown);
  g_test_add ("/moderation-import/revoked-sender", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_revoked_sender, fixture_teardown);
  g_test_add ("/moderation-import/import-cancel-and-lock", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_import_cancel_and_lock, fixture_teardown);
  g_test_add ("/moderation-import/progress", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_progress, fixture_teardown);
  g_test_add ("/moderation-import/missing-framework", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_missing_framework, fixture_teardown);

  return g_test_run ();
}
