/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-moderation-page"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-audit-index.h"
#include "assay-bundle.h"
#include "assay-bundle-import-dialog.h"
#include "assay-contacts.h"
#include "assay-identity-card.h"
#include "assay-moderation-page-private.h"

/*
 * Importing colleagues' bundles. Each chosen file is opened in a worker
 * thread (a partnership passphrase costs half a second of Argon2id, and a
 * large bundle takes a moment to decrypt), then merged here in one
 * transaction, one file after another: a passphrase can be asked for in
 * the middle, and Cancel or a lock stops the file being opened before
 * anything of it is stored.
 */

static void import_next (AssayModerationPage *self);

/* The bar under the progress strip's label, made the first time it is
 * needed: the strip belongs to the page's template, and the bar to the
 * import. */
static GtkProgressBar *
get_progress_bar (AssayModerationPage *self)
{
  GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (self->progress_label));
  GtkWidget *next = gtk_widget_get_next_sibling (row);
  GtkWidget *bar;

  if (GTK_IS_PROGRESS_BAR (next))
    return GTK_PROGRESS_BAR (next);

  bar = gtk_progress_bar_new ();
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_bottom (bar, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Import progress"), -1);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (row)), bar, row);

  return GTK_PROGRESS_BAR (bar);
}

/* Every file chosen weighs the same: the bar goes once across for all. */
static void
on_import_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  AssayModerationPage *self = user_data;
  double fraction;

  if (!_assay_moderation_page_is_busy (self) || total == 0)
    return;

  fraction = (self->import_index + (double) done / (double) total) / self->import_paths->len;
  gtk_progress_bar_set_fraction (get_progress_bar (self), MIN (fraction, 1.0));
}

static void
import_outcome_free (gpointer data)
{
  assay_bundle_outcome_free (data);
}

static void
clear_passphrase (AssayModerationPage *self)
{
  g_clear_pointer (&self->passphrase, assay_secure_free);
}

void
_assay_moderation_page_end_import (AssayModerationPage *self)
{
  g_clear_handle_id (&self->import_source, g_source_remove);
  /* The worker may be in Argon2id: it finishes on its own, and what it
   * opened is dropped */
  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->unknown_bundle, assay_opened_bundle_free);
  g_clear_pointer (&self->import_paths, g_ptr_array_unref);
  g_clear_pointer (&self->import_outcomes, g_ptr_array_unref);
  self->import_index = 0;
  clear_passphrase (self);

  gtk_spinner_stop (self->progress_spinner);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  _assay_moderation_page_update_actions (self);
}

static gboolean
import_idle_cb (gpointer user_data)
{
  AssayModerationPage *self = user_data;

  self->import_source = 0;
  import_next (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_next (AssayModerationPage *self)
{
  /* At idle priority, after the progress strip has been drawn */
  if (self->import_source == 0)
    self->import_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, import_idle_cb, self, NULL);
}

static void
finish_import (AssayModerationPage *self)
{
  g_autoptr(GPtrArray) outcomes = g_steal_pointer (&self->import_outcomes);
  gboolean any = FALSE;
  GtkWidget *dialog;

  _assay_moderation_page_end_import (self);

  for (guint i = 0; i < outcomes->len; i++)
    {
      AssayBundleOutcome *outcome = g_ptr_array_index (outcomes, i);

      any |= outcome->report != NULL;
    }

  /* Every page that shows audits or cases refreshes from these, this one
   * included; the imported audits' summaries are made once, here, rather
   * than by the first list that finds them missing */
  if (any && self->session != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!assay_audit_index_refresh (assay_session_get_store (self->session),
                                      assay_session_get_frameworks (self->session), NULL, NULL,
                                      &error))
        assay_gui_show_toast (GTK_WIDGET (self),
                              _("The imported audits are summarised when they are first "
                                "listed"));

      assay_session_changed (self->session, "cases");
      assay_session_changed (self->session, "agreements");
      assay_session_changed (self->session, "audits");
    }

  dialog = assay_bundle_import_dialog_new (assay_gui_get_parent_window (GTK_WIDGET (self)),
                                           outcomes);
  _assay_moderation_page_present_dialog (self, dialog);
}

static void
add_outcome (AssayModerationPage *self,
             AssayImportReport   *report,
             GError              *error)
{
  const char *path = g_ptr_array_index (self->import_paths, self->import_index);
  g_autofree char *name = g_filename_display_basename (path);

  g_ptr_array_add (self->import_outcomes, assay_bundle_outcome_new (name, report, error));
  self->import_index++;
}

static void
on_passphrase_changed (GtkEditable      *entry,
                       AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "open",
                                           *gtk_editable_get_text (entry) != '\0');
}

static void
on_passphrase_response (AssayModerationPage *self,
                        const char          *response,
                        AdwMessageDialog    *dialog)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);

  /* One answer per question: closing the dialog after a button was used
   * must not count as skipping the file as well */
  g_signal_handlers_disconnect_by_func (dialog, on_passphrase_response, self);

  if (!_assay_moderation_page_is_busy (self))
    return;

  if (g_strcmp0 (response, "open") == 0)
    {
      clear_passphrase (self);
      self->passphrase = assay_secure_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
    }
  else
    add_outcome (self, NULL,
                 g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                      _("It is locked with a partnership passphrase, and "
                                        "none was given")));

  /* The entry held the passphrase as typed: leave nothing in it */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  schedule_next (self);
}

static void
ask_passphrase (AssayModerationPage *self,
                const char          *name,
                const GError        *error)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog, *entry;

  if (error != NULL)
    /* Translators: a file's name, then why the passphrase did not open it */
    body = g_strdup_printf (_("That passphrase does not open “%s”. Check it with the forum’s "
                              "chair and try again."), name);
  else
    body = g_strdup_printf (_("“%s” was not sent to you by name. Enter the partnership "
                              "passphrase it was locked with to open it."), name);

  dialog = adw_message_dialog_new (assay_gui_get_parent_window (GTK_WIDGET (self)),
                                   error != NULL ? _("Wrong Passphrase")
                                                 : _("Partnership Passphrase"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "skip", _("_Skip File"),
                                    "open", _("_Open"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "open", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "skip");

  /* A plain hidden entry: in GTK 4.8 a GtkPasswordEntry in a message
   * dialog is left with a handler on the dialog that outlives it, and
   * closing the dialog then crashes */
  entry = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Partnership passphrase"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Partnership passphrase"),
                                  -1);
  if (error != NULL)
    gtk_widget_add_css_class (entry, "error");
  g_signal_connect (entry, "changed", G_CALLBACK (on_passphrase_changed), dialog);
  assay_gui_message_dialog_set_entry (ADW_MESSAGE_DIALOG (dialog), entry);

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_passphrase_response), self,
                           G_CONNECT_SWAPPED);
  _assay_moderation_page_present_dialog (self, dialog);
  gtk_widget_grab_focus (entry);
}

static void
show_progress (AssayModerationPage *self)
{
  const char *path = g_ptr_array_index (self->import_paths, self->import_index);
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *progress = NULL;

  if (self->import_paths->len == 1)
    progress = g_strdup_printf (_("Importing “%s”…"), name);
  else
    /* Translators: a file's name, its place in the files chosen and how
     * many were chosen */
    progress = g_strdup_printf (_("Importing “%s” (%u of %u)…"), name,
                                self->import_index + 1, self->import_paths->len);
  gtk_label_set_text (self->progress_label, progress);
}

/* Refused only because nobody here knows who sent it: the user may accept
 * the sender, once they have compared the fingerprint. Any other refusal
 * (a revoked key, a record not from a chair) stands as it is. */
static gboolean
sender_is_unknown (AssayModerationPage *self,
                   AssayOpenedBundle   *bundle,
                   const GError        *error)
{
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(GError) lookup_error = NULL;

  if (bundle == NULL || !g_error_matches (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_UNTRUSTED))
    return FALSE;

  contact = assay_contacts_lookup_trusted (assay_session_get_store (self->session),
                                           assay_opened_bundle_get_sender (bundle),
                                           &lookup_error);

  return contact == NULL &&
         g_error_matches (lookup_error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_NOT_FOUND);
}

static void
on_trust_response (AssayModerationPage *self,
                   const char          *response,
                   AdwMessageDialog    *dialog)
{
  g_autoptr(AssayOpenedBundle) bundle = g_steal_pointer (&self->unknown_bundle);
  g_autoptr(AssayImportReport) report = NULL;
  GError *error = NULL;

  g_signal_handlers_disconnect_by_func (dialog, on_trust_response, self);

  if (!_assay_moderation_page_is_busy (self) || self->session == NULL || bundle == NULL)
    return;

  if (g_strcmp0 (response, "accept") == 0)
    report = assay_bundle_merge_full (assay_session_get_store (self->session), bundle,
                                      assay_session_get_frameworks (self->session),
                                      ASSAY_IMPORT_TRUST_NEW, on_import_progress, self, NULL,
                                      &error);
  else
    error = g_error_new (ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_UNTRUSTED,
                         /* Translators: the sender's name */
                         _("It was sent by %s, who is not one of your contacts, and you did "
                           "not accept them"),
                         assay_opened_bundle_get_sender_name (bundle));

  add_outcome (self, g_steal_pointer (&report), error);
  schedule_next (self);
}

static void
ask_trust_sender (AssayModerationPage *self,
                  AssayOpenedBundle   *bundle)
{
  const char *agency = assay_opened_bundle_get_sender_agency (bundle);
  g_autofree char *fingerprint = assay_identity_fingerprint (assay_opened_bundle_get_sender (bundle));
  const char *path = g_ptr_array_index (self->import_paths, self->import_index);
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *body = NULL;
  GtkWidget *dialog, *details;

  g_clear_pointer (&self->unknown_bundle, assay_opened_bundle_free);
  self->unknown_bundle = bundle;

  body = g_strdup_printf (_("“%s” was sent by someone who is not one of your contacts. Compare "
                            "the fingerprint below with the sender, by phone or in person, "
                            "before you accept their audits."),
                          name);
  dialog = adw_message_dialog_new (assay_gui_get_parent_window (GTK_WIDGET (self)),
                                   _("Unknown Sender"), body);
  details = assay_identity_card_new (assay_opened_bundle_get_sender_name (bundle),
                                      agency, fingerprint);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), details);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "accept", _("_Accept as Unverified Moderator"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_trust_response), self,
                           G_CONNECT_SWAPPED);
  _assay_moderation_page_present_dialog (self, dialog);
}

static void
on_bundle_opened (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AssayModerationPage) self = user_data;
  g_autoptr(AssayOpenedBundle) bundle = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  GError *error = NULL;

  bundle = assay_bundle_open_finish (ASSAY_VAULT (source), result, &error);

  /* Cancelled, locked or ended: whoever stopped the import has tidied up,
   * and nothing of this file is stored */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      !_assay_moderation_page_is_busy (self) || self->session == NULL)
    {
      g_clear_error (&error);
      return;
    }

  g_clear_object (&self->import_cancellable);

  if (bundle == NULL &&
      (g_error_matches (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NEEDS_PASSPHRASE) ||
       g_error_matches (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_WRONG_PASSPHRASE)))
    {
      const char *path = g_ptr_array_index (self->import_paths, self->import_index);
      g_autofree char *name = g_filename_display_basename (path);
      /* Wrong, or a passphrase given for an earlier file that does not fit
       * this one: either way, ask */
      gboolean wrong = self->passphrase != NULL;

      clear_passphrase (self);
      ask_passphrase (self, name, wrong ? error : NULL);
      g_clear_error (&error);
      return;
    }

  if (bundle != NULL)
    report = assay_bundle_merge_full (assay_session_get_store (self->session), bundle,
                                      assay_session_get_frameworks (self->session),
                                      ASSAY_IMPORT_NONE, on_import_progress, self, NULL, &error);

  if (report == NULL && sender_is_unknown (self, bundle, error))
    {
      g_clear_error (&error);
      ask_trust_sender (self, g_steal_pointer (&bundle));
      return;
    }

  add_outcome (self, g_steal_pointer (&report), error);
  schedule_next (self);
}

static void
import_next (AssayModerationPage *self)
{
  g_autoptr(GFile) file = NULL;
  const char *path;

  if (!_assay_moderation_page_is_busy (self) || self->session == NULL)
    return;

  if (self->import_index >= self->import_paths->len)
    {
      finish_import (self);
      return;
    }

  show_progress (self);

  path = g_ptr_array_index (self->import_paths, self->import_index);
  file = g_file_new_for_path (path);

  g_clear_object (&self->import_cancellable);
  self->import_cancellable = g_cancellable_new ();
  /* The page outlives the open: the callback holds it, and no progress is
   * told after it has run */
  assay_bundle_open_with_progress_async (assay_session_get_vault (self->session), file,
                                         self->passphrase, on_import_progress, self,
                                         self->import_cancellable, on_bundle_opened,
                                         g_object_ref (self));
}

static void
start_import (AssayModerationPage *self,
              GPtrArray           *paths)
{
  if (self->session == NULL || _assay_moderation_page_is_busy (self) || paths->len == 0)
    return;

  assay_dialog_slot_close (&self->dialog);

  self->import_paths = g_ptr_array_ref (paths);
  self->import_index = 0;
  self->import_outcomes = g_ptr_array_new_with_free_func (import_outcome_free);

  show_progress (self);
  gtk_progress_bar_set_fraction (get_progress_bar (self), 0.0);
  gtk_spinner_start (self->progress_spinner);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  _assay_moderation_page_update_actions (self);

  schedule_next (self);
}

void
_assay_moderation_page_import_file_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (widget);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (paths, g_variant_dup_string (param, NULL));
  start_import (self, paths);
}

static void
on_chooser_response (AssayModerationPage *self,
                     int                  response,
                     GtkNativeDialog     *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
      guint n_remote = 0;

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);

          if (path != NULL)
            g_ptr_array_add (paths, path);
          else
            n_remote++;
        }

      if (n_remote > 0)
        assay_gui_show_toast (GTK_WIDGET (self), _("Only files on this computer can be imported"));
      start_import (self, paths);
    }

  assay_gui_chooser_close (&self->chooser, chooser);
}

void
_assay_moderation_page_import_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (widget);
  GtkFileFilter *bundle_filter;
  GtkFileChooserNative *chooser;

  chooser = assay_gui_chooser_new (&self->chooser, widget, _("Import Bundles"),
                                   GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"));
  if (chooser == NULL)
    return;
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);

  bundle_filter = assay_gui_chooser_add_filter (chooser, _("Assay Bundles"), "assay");
  assay_gui_chooser_add_filter (chooser, _("All Files"), NULL);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), bundle_filter);

  assay_gui_chooser_show (&self->chooser, chooser, G_CALLBACK (on_chooser_response), self);
}

/* The files not yet stored are listed as not imported: the summary says
 * exactly which were */
void
_assay_moderation_page_cancel_import_action (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *param)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (widget);

  if (!_assay_moderation_page_is_busy (self))
    return;

  g_cancellable_cancel (self->import_cancellable);
  while (self->import_index < self->import_paths->len)
    add_outcome (self, NULL,
                 g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                      _("The import was cancelled before this file was "
                                        "stored")));
  finish_import (self);
}

void
_assay_moderation_page_on_vault_locking (AssayModerationPage *self)
{
  /* Nothing more is stored once the keys go; the summary would show what
   * the next session must not */
  _assay_moderation_page_end_import (self);
}
