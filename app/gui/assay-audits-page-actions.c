/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audits-page"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-audits-page-private.h"
#include "assay-gui-util.h"

/*
 * My Audits' actions on one audit: duplicate it as a new draft, delete a
 * draft (at once from the list, from the store when the chance to undo has
 * passed) and undo that.
 */

static void
audits_duplicate_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  AssayAuditsPage *self = ASSAY_AUDITS_PAGE (widget);
  g_autoptr(AssayAudit) copy = NULL;
  g_autoptr(GError) error = NULL;
  AssayAudit *audit;
  AdwToast *toast;

  audit = _assay_audits_page_find_audit (self, g_variant_get_string (param, NULL));
  if (audit == NULL || self->session == NULL)
    return;

  copy = assay_audit_duplicate (audit, &error);
  if (copy == NULL)
    {
      _assay_audits_page_show_toast (self, error->message);
      return;
    }

  assay_session_changed (self->session, "audits");

  toast = adw_toast_new (_("Duplicated as a new draft"));
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "main.open-audit");
  adw_toast_set_action_target_value (toast, g_variant_new_string (assay_audit_get_id (copy)));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
really_delete (AssayAuditsPage *self,
               const char      *id)
{
  g_autoptr(GError) error = NULL;
  AssayAudit *audit;

  if (!g_hash_table_remove (self->pending_deletes, id))
    return;

  audit = _assay_audits_page_find_audit (self, id);
  if (audit == NULL)
    return;

  if (!assay_audit_delete (audit, &error))
    {
      /* Still in the store: show it again, and say why. Locked, the draft
       * simply stays, which loses nothing. */
      if (g_error_matches (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED))
        g_debug ("Not deleting audit %s: %s", id, error->message);
      else
        _assay_audits_page_show_toast (self, error->message);
      _assay_audits_page_update_pending (self);
      return;
    }

  if (self->session != NULL)
    assay_session_changed (self->session, "audits");
}

static void
on_undo_toast_dismissed (AdwToast        *toast,
                         AssayAuditsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (toast), "audit-id");

  /* Undone already, or gone with the session: nothing to do. */
  if (g_hash_table_lookup (self->pending_deletes, id) == toast)
    really_delete (self, id);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    AssayAuditsPage  *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "audit-id");
  g_autofree char *title = NULL;
  AssayAudit *audit;
  AdwToast *toast;

  if (g_strcmp0 (response, "delete") != 0 || (audit = _assay_audits_page_find_audit (self, id)) == NULL)
    return;

  /* The GNOME way: the row goes at once, the record only when the chance
   * to undo has passed. */
  /* Translators: %s is a case reference */
  title = g_strdup_printf (_("Draft audit of %s deleted"), assay_audit_get_case (audit));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "audits.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_string (id));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "audit-id", g_strdup (id), g_free);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_undo_toast_dismissed), self, 0);

  g_hash_table_insert (self->pending_deletes, g_strdup (id), toast);
  _assay_audits_page_update_pending (self);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
audits_delete_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AssayAuditsPage *self = ASSAY_AUDITS_PAGE (widget);
  const char *id = g_variant_get_string (param, NULL);
  g_autoptr(AssayGrading) grading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  AssayAudit *audit;

  audit = _assay_audits_page_find_audit (self, id);
  if (audit == NULL)
    return;

  if (assay_audit_get_status (audit) != ASSAY_AUDIT_STATUS_DRAFT)
    {
      _assay_audits_page_show_toast (self, _("Only a draft audit can be deleted"));
      return;
    }

  grading = assay_audit_compute (audit);
  /* Translators: case reference, framework title, number of grades given */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The draft audit of %s against “%s”, with %u grade "
                                       "given, will be deleted with its history.",
                                       "The draft audit of %s against “%s”, with %u grades "
                                       "given, will be deleted with its history.",
                                       grading->n_graded),
                          assay_audit_get_case (audit),
                          assay_framework_get_title (assay_audit_get_framework (audit)),
                          grading->n_graded);

  dialog = adw_message_dialog_new (assay_gui_get_parent_window (widget),
                                   _("Delete Draft Audit?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "audit-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
audits_undo_delete_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  AssayAuditsPage *self = ASSAY_AUDITS_PAGE (widget);
  const char *id = g_variant_get_string (param, NULL);
  AdwToast *toast = g_hash_table_lookup (self->pending_deletes, id);

  if (toast == NULL)
    return;

  g_object_ref (toast);
  g_hash_table_remove (self->pending_deletes, id);
  adw_toast_dismiss (toast);
  g_object_unref (toast);

  _assay_audits_page_update_pending (self);
}

/* Deletions waiting on their toast happen now: the user meant them. */
void
_assay_audits_page_commit_pending_deletes (AssayAuditsPage *self)
{
  g_autofree char **ids = NULL;

  ids = (char **) g_hash_table_get_keys_as_array (self->pending_deletes, NULL);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *id = g_strdup (ids[i]);

      really_delete (self, id);
    }
}

void
_assay_audits_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "audits.duplicate", "s",
                                   audits_duplicate_action);
  gtk_widget_class_install_action (widget_class, "audits.delete", "s", audits_delete_action);
  gtk_widget_class_install_action (widget_class, "audits.undo-delete", "s",
                                   audits_undo_delete_action);
}
