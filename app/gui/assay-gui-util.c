/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-gui-util"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-gui-util.h"

void
assay_gui_show_toast (GtkWidget  *widget,
                      const char *text)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
  else
    g_message ("%s", text);
}

GtkWindow *
assay_gui_get_parent_window (GtkWidget *widget)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
on_dialog_entry_activate (GtkWidget        *entry,
                          AdwMessageDialog *dialog)
{
  const char *response = adw_message_dialog_get_default_response (dialog);

  if (response != NULL && adw_message_dialog_get_response_enabled (dialog, response))
    adw_message_dialog_response (dialog, response);
}

void
assay_gui_message_dialog_set_entry (AdwMessageDialog *dialog,
                                    GtkWidget        *entry)
{
  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));
  g_return_if_fail (GTK_IS_ENTRY (entry));

  g_signal_connect (entry, "activate", G_CALLBACK (on_dialog_entry_activate), dialog);
  adw_message_dialog_set_extra_child (dialog, entry);
}

/* Making a focused entry insensitive leaves its cursor blinking without
 * focus (GTK 4.8 warns about it); the caller puts focus back when the
 * work is done. */
void
assay_gui_drop_focus (GtkWidget *widget)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = gtk_widget_get_root (widget);
  if (root == NULL)
    return;

  focus = gtk_root_get_focus (root);
  if (focus != NULL && gtk_widget_is_ancestor (focus, widget))
    gtk_root_set_focus (root, NULL);
}

GParamSpec *
assay_gui_param_spec_object (const char *name,
                             GType       object_type)
{
  return g_param_spec_object (name, NULL, NULL,
                              object_type,
                              (G_PARAM_READWRITE |
                               G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS));
}

gboolean
assay_gui_reload_now (GtkWidget *page,
                      gboolean  *stale)
{
  g_return_val_if_fail (GTK_IS_WIDGET (page), FALSE);
  g_return_val_if_fail (stale != NULL, FALSE);

  if (gtk_widget_get_mapped (page))
    return TRUE;

  *stale = TRUE;

  return FALSE;
}

char *
assay_gui_format_time (const char *iso,
                       const char *format)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (format != NULL, NULL);

  if (iso == NULL || (utc = g_date_time_new_from_iso8601 (iso, NULL)) == NULL)
    return NULL;

  local = g_date_time_to_local (utc);

  return g_date_time_format (local, format);
}

char *
assay_gui_format_date (const char *iso)
{
  /* Translators: a date, see g_date_time_format() */
  char *text = assay_gui_format_time (iso, _("%e %b %Y"));

  /* Takes off a translation's ASCII padding. The figure space (U+2007)
   * that %e puts before a day under the tenth stays, as it always has. */
  return text != NULL ? g_strstrip (text) : g_strdup ("");
}

static void
on_slot_dialog_destroy (GtkWidget       *dialog,
                        AssayDialogSlot *slot)
{
  if (slot->dialog == dialog)
    assay_dialog_slot_set (slot, NULL);
}

/* A weak pointer for a dialog freed without being destroyed; "destroy" for
 * one destroyed while something else still holds it */
void
assay_dialog_slot_set (AssayDialogSlot *slot,
                       GtkWidget       *dialog)
{
  g_return_if_fail (slot != NULL);
  g_return_if_fail (dialog == NULL || GTK_IS_WINDOW (dialog));

  if (slot->dialog != NULL)
    {
      g_signal_handlers_disconnect_by_func (slot->dialog, on_slot_dialog_destroy, slot);
      g_object_remove_weak_pointer (G_OBJECT (slot->dialog), (gpointer *) &slot->dialog);
    }

  slot->dialog = dialog;

  if (dialog != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &slot->dialog);
      g_signal_connect (dialog, "destroy", G_CALLBACK (on_slot_dialog_destroy), slot);
    }
}

void
assay_dialog_slot_close (AssayDialogSlot *slot)
{
  GtkWidget *dialog;

  g_return_if_fail (slot != NULL);

  dialog = slot->dialog;
  assay_dialog_slot_set (slot, NULL);
  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
}

GtkFileChooserNative *
assay_gui_chooser_new (GtkNativeDialog      **slot,
                       GtkWidget             *widget,
                       const char            *title,
                       GtkFileChooserAction   action,
                       const char            *accept_label)
{
  GtkFileChooserNative *chooser;

  g_return_val_if_fail (slot != NULL, NULL);

  /* One at a time: a second click brings back the first */
  if (*slot != NULL)
    {
      gtk_native_dialog_show (*slot);
      return NULL;
    }

  chooser = gtk_file_chooser_native_new (title, assay_gui_get_parent_window (widget), action,
                                         accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  return chooser;
}

GtkFileFilter *
assay_gui_chooser_add_filter (GtkFileChooserNative *chooser,
                              const char           *name,
                              const char           *suffix)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_return_val_if_fail (GTK_IS_FILE_CHOOSER_NATIVE (chooser), NULL);

  gtk_file_filter_set_name (filter, name);
  if (suffix != NULL)
    gtk_file_filter_add_suffix (filter, suffix);
  else
    gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  /* The chooser holds it now */
  return filter;
}

char *
assay_gui_chooser_get_path (GtkNativeDialog *chooser)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (GTK_IS_FILE_CHOOSER (chooser), NULL);

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  return file != NULL ? g_file_get_path (file) : NULL;
}

void
assay_gui_chooser_show (GtkNativeDialog      **slot,
                        GtkFileChooserNative  *chooser,
                        GCallback              on_response,
                        gpointer               instance)
{
  g_return_if_fail (slot != NULL && *slot == NULL);
  g_return_if_fail (GTK_IS_FILE_CHOOSER_NATIVE (chooser));
  g_return_if_fail (G_IS_OBJECT (instance));

  *slot = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect_object (chooser, "response", on_response, instance, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (*slot);
}

void
assay_gui_chooser_close (GtkNativeDialog **slot,
                         GtkNativeDialog  *chooser)
{
  g_return_if_fail (slot != NULL);

  if (chooser == NULL)
    chooser = *slot;
  if (chooser == NULL)
    return;

  gtk_native_dialog_destroy (chooser);
  if (*slot == chooser)
    g_clear_object (slot);
}
