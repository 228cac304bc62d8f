/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-caseload-page-import"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-caseload-import-dialog.h"
#include "assay-caseload-page-private.h"
#include "assay-gui-util.h"

/*
 * Importing reads and checks the file in a thread, then shows what it
 * would do (assay_caseload_preview()) and how each column is read, and
 * stores nothing until the user confirms. The store is not thread-safe, so
 * the preview and the write (one transaction, a fraction of a second even
 * for 10,000 rows) happen back on the main thread.
 */

void
_assay_caseload_page_end_import (AssayCaseloadPage *self)
{
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->import_name, g_free);

  gtk_spinner_stop (self->progress_spinner);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  _assay_caseload_page_update_actions (self);
}

static void
show_import_error (AssayCaseloadPage *self,
                   const char        *name,
                   const GError      *error)
{
  g_autofree char *body = NULL;
  g_autofree char *reason = NULL;
  const char *heading;
  GtkWidget *dialog;

  /* Files that were never a caseload get said so plainly; anything else is
   * a caseload that could not be read or saved */
  if (error->domain == ASSAY_CASELOAD_ERROR ||
      g_error_matches (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_NOT_TEXT) ||
      g_error_matches (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_UNSUPPORTED) ||
      g_error_matches (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_ENCODING))
    heading = _("Not a Caseload");
  else
    heading = _("Could Not Import Caseload");

  /* Core writes its messages to follow the file's name, as the CLI prints
   * them: "is a PDF document, not CSV text", "line 1: not a caseload: …" */
  if (g_str_has_prefix (error->message, "is "))
    /* Translators: the file's name, then why it is not a caseload */
    reason = g_strdup_printf (_("“%s” %s"), name, error->message);
  else
    /* Translators: the file's name, then why it could not be imported */
    reason = g_strdup_printf (_("“%s” could not be imported: %s"), name, error->message);

  /* Translators: why a file was not imported, then a reassurance */
  body = g_strdup_printf (_("%s.\n\nThe caseload has not changed."), reason);

  dialog = adw_message_dialog_new (assay_gui_get_parent_window (GTK_WIDGET (self)), heading, NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");

  assay_dialog_slot_set (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(AssayCaseloadBatch) batch = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  batch = assay_caseload_read (path, &error);
  if (batch == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&batch),
                         (GDestroyNotify) assay_caseload_batch_free);
}

void
_assay_caseload_page_clear_pending (AssayCaseloadPage *self)
{
  g_clear_pointer (&self->pending_batch, assay_caseload_batch_free);
  g_clear_pointer (&self->pending_name, g_free);
}

/* The user saw the preview and chose Import */
static void
on_import_confirmed (AssayCaseloadPage *self)
{
  g_autoptr(AssayCaseloadBatch) batch = g_steal_pointer (&self->pending_batch);
  g_autofree char *name = g_steal_pointer (&self->pending_name);
  g_autoptr(AssayCaseloadResult) import_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (batch == NULL || self->session == NULL)
    return;

  if (!assay_caseload_write (assay_session_get_store (self->session), batch,
                             &import_result, &error))
    {
      show_import_error (self, name, error);
      return;
    }

  /* Every page that shows plans refreshes from this, this one included */
  assay_session_changed (self->session, ASSAY_CASELOAD_COLLECTION);

  /* Translators: a file's name, then how many plans it added, updated and
   * left as they were */
  message = g_strdup_printf (_("“%s” imported: %'u added, %'u updated, %'u unchanged"),
                             name, import_result->added, import_result->updated,
                             import_result->unchanged);
  assay_gui_show_toast (GTK_WIDGET (self), message);
}

static gboolean
on_import_dialog_close (AssayCaseloadPage *self)
{
  /* Cancelled, or imported already: either way nothing waits any more */
  _assay_caseload_page_clear_pending (self);

  return FALSE;
}

static void
import_ready_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (source_object);
  GTask *task = G_TASK (result);
  g_autoptr(AssayCaseloadBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GtkWidget *dialog;

  /* Cancelled, locked or gone since: the store must not be touched */
  if (self->import_cancellable == NULL ||
      g_task_get_cancellable (task) != self->import_cancellable)
    return;

  name = g_steal_pointer (&self->import_name);
  batch = g_task_propagate_pointer (task, &error);
  _assay_caseload_page_end_import (self);

  if (batch == NULL)
    {
      show_import_error (self, name, error);
      return;
    }

  /* What it would add and update, against the caseload as it is now */
  if (!assay_caseload_preview (assay_session_get_store (self->session), batch, &error))
    {
      show_import_error (self, name, error);
      return;
    }

  dialog = assay_caseload_import_dialog_new (assay_gui_get_parent_window (GTK_WIDGET (self)),
                                             name, assay_caseload_batch_get_result (batch));
  _assay_caseload_page_clear_pending (self);
  self->pending_batch = g_steal_pointer (&batch);
  self->pending_name = g_steal_pointer (&name);
  g_signal_connect_object (dialog, "import", G_CALLBACK (on_import_confirmed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "close-request", G_CALLBACK (on_import_dialog_close), self,
                           G_CONNECT_SWAPPED);
  assay_dialog_slot_set (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (widget);
  const char *path = g_variant_get_string (param, NULL);
  g_autoptr(GTask) task = NULL;
  g_autofree char *progress = NULL;

  if (self->session == NULL || self->import_cancellable != NULL)
    return;

  assay_dialog_slot_close (&self->dialog);

  self->import_cancellable = g_cancellable_new ();
  self->import_name = g_filename_display_basename (path);

  task = g_task_new (self, self->import_cancellable, import_ready_cb, NULL);
  g_task_set_source_tag (task, import_file_action);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, import_thread);

  progress = g_strdup_printf (_("Reading “%s”…"), self->import_name);
  gtk_label_set_text (self->progress_label, progress);
  gtk_spinner_start (self->progress_spinner);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  _assay_caseload_page_update_actions (self);
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (widget);

  if (self->import_cancellable == NULL)
    return;

  _assay_caseload_page_end_import (self);
  assay_gui_show_toast (GTK_WIDGET (self), _("Import cancelled; the caseload has not changed"));
}

static void
on_chooser_response (AssayCaseloadPage *self,
                     int                response,
                     GtkNativeDialog   *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autofree char *path = assay_gui_chooser_get_path (chooser);

      if (path != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "caseload.import-file", "s", path);
      else
        assay_gui_show_toast (GTK_WIDGET (self), _("Only files on this computer can be imported"));
    }

  assay_gui_chooser_close (&self->chooser, chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (widget);
  GtkFileFilter *csv_filter;
  GtkFileChooserNative *chooser;

  chooser = assay_gui_chooser_new (&self->chooser, widget, _("Import Caseload"),
                                   GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"));
  if (chooser == NULL)
    return;

  csv_filter = assay_gui_chooser_add_filter (chooser, _("Caseload Exports (CSV)"), "csv");
  gtk_file_filter_add_mime_type (csv_filter, "text/csv");
  assay_gui_chooser_add_filter (chooser, _("All Files"), NULL);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), csv_filter);

  assay_gui_chooser_show (&self->chooser, chooser, G_CALLBACK (on_chooser_response), self);
}

void
_assay_caseload_page_class_import_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "caseload.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "caseload.import-file", "s", import_file_action);
  gtk_widget_class_install_action (widget_class, "caseload.cancel-import", NULL,
                                   cancel_import_action);
}
