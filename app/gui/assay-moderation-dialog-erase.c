/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-moderation-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-erasure.h"
#include "assay-gui-util.h"
#include "assay-moderation-dialog-private.h"

/*
 * Erasing a plan's audits from the Moderation dialog: the same signed
 * deletion as `assay-cli audit erase` (assay-erasure.h), after the user has
 * said why and confirmed. Imports elsewhere accept it from a chair only.
 */

static void
on_reason_changed (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "erase", *reason != '\0');
}

typedef struct
{
  AssayModerationDialog *self;
  char                  *message;
} Erased;

/* After the confirmation has closed itself: closing the window it belongs
 * to from inside its own response would pull it down under its feet. */
static gboolean
close_when_erased (gpointer data)
{
  Erased *erased = data;

  _assay_moderation_dialog_done (erased->self, "audits", erased->message);
  g_object_unref (erased->self);
  g_free (erased->message);
  g_free (erased);

  return G_SOURCE_REMOVE;
}

static void
on_response (AdwMessageDialog      *dialog,
             const char            *response,
             AssayModerationDialog *self)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  const char *case_ref = _assay_moderation_dialog_get_case_ref (self);
  g_autoptr(GError) error = NULL;
  Erased *done;
  guint erased = 0;

  if (!g_str_equal (response, "erase"))
    return;

  if (!assay_erasure_erase_case (_assay_moderation_dialog_get_store (self), case_ref,
                                 gtk_editable_get_text (GTK_EDITABLE (entry)), &erased, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not erase the audits of %s: %s"),
                                               case_ref, error->message);

      _assay_moderation_dialog_toast (self, text);
      return;
    }

  done = g_new0 (Erased, 1);
  done->self = g_object_ref (self);
  done->message = g_strdup_printf (ngettext ("Erased %u record of %s; the deletion goes out in "
                                             "your next bundle",
                                             "Erased %u records of %s; the deletion goes out in "
                                             "your next bundle", erased),
                                   erased, case_ref);
  g_idle_add (close_when_erased, done);
}

void
_assay_moderation_dialog_ask_erase (AssayModerationDialog *self)
{
  const char *case_ref = _assay_moderation_dialog_get_case_ref (self);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  /* Translators: %s is the plan's case reference */
  heading = g_strdup_printf (_("Erase Every Audit of %s?"), case_ref);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("Its audits and agreed grades are "
                                                         "removed from this computer and, "
                                                         "through your next bundle, from "
                                                         "everyone who imports it. This cannot "
                                                         "be undone. Say why: retention ended, "
                                                         "a mistake, a data subject’s "
                                                         "request.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "erase", _("_Erase"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "erase", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, "erase", FALSE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason for erasing"), -1);
  g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed), dialog);
  assay_gui_message_dialog_set_entry (dialog, entry);

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_response), self, 0);
  _assay_moderation_dialog_set_erase_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}
