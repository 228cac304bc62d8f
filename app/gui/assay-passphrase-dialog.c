/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-passphrase-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-gui-util.h"
#include "assay-passphrase-dialog-private.h"
#include "assay-passphrase-util.h"
#include "assay-window.h"

/*
 * Change Passphrase: the current passphrase, a new one judged as setup
 * judges it, and optionally a new data key. Re-encrypting makes a new
 * recovery key, shown here once, as setup shows the first one.
 */
struct _AssayPassphraseDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkWidget            *form_box;
  GtkWidget            *change_button;
  AdwPasswordEntryRow  *current_row;
  GtkLabel             *current_error_label;
  AdwPasswordEntryRow  *new_row;
  AdwPasswordEntryRow  *repeat_row;
  GtkLevelBar          *strength_bar;
  GtkLabel             *hint_label;
  AdwActionRow         *recovery_row;
  GtkImage             *recovery_icon;
  GtkSwitch            *rekey_switch;
  GtkProgressBar       *progress_bar;
  GtkLabel             *recovery_label;
  GtkCheckButton       *written_check;

  AssayStore           *store;
  GCancellable         *cancellable;
  /* What a running change was given, until it returns */
  AssaySecureString    *pending_current;
  AssaySecureString    *pending_new;
  /* The key a rekey returned, held only while it is on screen */
  AssaySecureString    *recovery_key;
  guint                 pulse_id;
  guint                 busy : 1;
};

G_DEFINE_FINAL_TYPE (AssayPassphraseDialog, assay_passphrase_dialog, ADW_TYPE_WINDOW)

static gboolean
on_form_step (AssayPassphraseDialog *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") == 0;
}

static void
update (AssayPassphraseDialog *self)
{
  const char *current = gtk_editable_get_text (GTK_EDITABLE (self->current_row));
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->new_row));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_row));
  gboolean form = on_form_step (self);

  if (form)
    assay_passphrase_update_strength (passphrase, repeat, self->strength_bar, self->hint_label);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "passphrase.change",
                                 form && !self->busy && *current != '\0'
                                 && assay_passphrase_is_acceptable (passphrase, repeat));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "passphrase.cancel", form && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "passphrase.copy",
                                 self->recovery_key != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "passphrase.finish",
                                 self->recovery_key != NULL
                                 && gtk_check_button_get_active (self->written_check));
}

static void
update_recovery_row (AssayPassphraseDialog *self)
{
  gboolean has_key = assay_vault_has_recovery_key (assay_store_get_vault (self->store));

  adw_action_row_set_subtitle (self->recovery_row,
                               has_key
                               ? _("Set up: a recovery key can open this vault if the passphrase is forgotten")
                               : _("None: this vault cannot be opened without the passphrase. "
                                   "Re-encrypting everything makes a recovery key."));
  gtk_image_set_from_icon_name (self->recovery_icon,
                                has_key ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->recovery_icon), has_key ? "warning" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->recovery_icon), has_key ? "success" : "warning");
}

static void
show_current_error (AssayPassphraseDialog *self,
                    const char            *message)
{
  gboolean shown = message != NULL;

  gtk_label_set_text (self->current_error_label, shown ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->current_error_label), shown);
  if (shown)
    gtk_widget_add_css_class (GTK_WIDGET (self->current_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->current_row), "error");

  /* A screen reader says why the row is wrong when it is next focused */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->current_row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               shown ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  if (shown)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (self->current_row),
                                    GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                    self->current_error_label, NULL,
                                    -1);
  else
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->current_row),
                                   GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
}

static void
on_current_changed (AssayPassphraseDialog *self)
{
  show_current_error (self, NULL);
  update (self);
}

static void
on_field_changed (AssayPassphraseDialog *self)
{
  update (self);
}

static void
on_written_toggled (AssayPassphraseDialog *self)
{
  update (self);
}

static gboolean
pulse_cb (gpointer user_data)
{
  AssayPassphraseDialog *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);

  return G_SOURCE_CONTINUE;
}

static void
set_busy (AssayPassphraseDialog *self,
          gboolean               busy,
          gboolean               rekey)
{
  if (busy)
    assay_gui_drop_focus (self->form_box);

  self->busy = !!busy;
  gtk_widget_set_sensitive (self->form_box, !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
  gtk_progress_bar_set_text (self->progress_bar,
                             rekey ? _("Re-encrypting…") : _("Changing passphrase…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);

  /* Deriving the key gives no progress of its own: pulse until the
   * re-encryption reports some. */
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (busy)
    self->pulse_id = g_timeout_add (100, pulse_cb, self);

  update (self);
}

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  AssayPassphraseDialog *self = user_data;

  if (self->progress_bar == NULL || total == 0)
    return;

  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) done / (double) total));
}

static void
clear_passphrases (AssayPassphraseDialog *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->current_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), "");
}

static void
wipe_recovery_key (AssayPassphraseDialog *self)
{
  g_clear_pointer (&self->recovery_key, assay_secure_free);

  if (self->recovery_label != NULL)
    gtk_label_set_text (self->recovery_label, "");
}

static void
show_error (AssayPassphraseDialog *self,
            const GError          *error)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Could Not Change the Passphrase"),
                                                       error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Takes @key, shown until the user says it is written down */
static void
show_recovery_key (AssayPassphraseDialog *self,
                   AssaySecureString     *key)
{
  g_autofree char *display = NULL;

  wipe_recovery_key (self);
  self->recovery_key = key;
  display = assay_recovery_key_for_display (key);
  gtk_label_set_text (self->recovery_label, display);
  gtk_check_button_set_active (self->written_check, FALSE);

  gtk_stack_set_visible_child_name (self->stack, "recovery-key");
  gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
  update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->written_check));
}

static void
change_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AssayPassphraseDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  AssaySecureString *key = NULL;
  GtkWindow *parent;

  g_clear_pointer (&self->pending_current, assay_secure_free);
  g_clear_pointer (&self->pending_new, assay_secure_free);

  if (!assay_store_change_passphrase_finish (ASSAY_STORE (object), result, &key, &error))
    {
      /* Closed or locked meanwhile: there is nobody to tell */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->stack == NULL)
        return;

      set_busy (self, FALSE, FALSE);

      if (g_error_matches (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_PASSPHRASE))
        {
          show_current_error (self, _("This is not the current passphrase"));
          gtk_widget_grab_focus (GTK_WIDGET (self->current_row));
        }
      else if (g_error_matches (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WEAK_PASSPHRASE))
        {
          gtk_label_set_text (self->hint_label, error->message);
          gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "error");
          gtk_widget_grab_focus (GTK_WIDGET (self->new_row));
        }
      else
        {
          show_error (self, error);
        }
      return;
    }

  if (self->stack == NULL)
    {
      assay_secure_free (key);
      return;
    }

  clear_passphrases (self);
  set_busy (self, FALSE, FALSE);

  if (key == NULL)
    {
      parent = gtk_window_get_transient_for (GTK_WINDOW (self));
      if (ASSAY_IS_WINDOW (parent))
        assay_window_add_toast (ASSAY_WINDOW (parent), adw_toast_new (_("Passphrase changed")));
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  show_recovery_key (self, key);
}

static void
passphrase_change_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  AssayPassphraseDialog *self = ASSAY_PASSPHRASE_DIALOG (widget);
  gboolean rekey = gtk_switch_get_active (self->rekey_switch);

  if (self->busy || !on_form_step (self))
    return;

  show_current_error (self, NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* The entries' copies may change while Argon2id runs */
  g_clear_pointer (&self->pending_current, assay_secure_free);
  g_clear_pointer (&self->pending_new, assay_secure_free);
  self->pending_current = assay_secure_strdup (gtk_editable_get_text (GTK_EDITABLE (self->current_row)));
  self->pending_new = assay_secure_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_row)));

  set_busy (self, TRUE, rekey);

  assay_store_change_passphrase_async (self->store,
                                       self->pending_current,
                                       self->pending_new,
                                       rekey,
                                       on_progress, self,
                                       self->cancellable,
                                       change_cb,
                                       g_object_ref (self));
}

static void
passphrase_cancel_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  AssayPassphraseDialog *self = ASSAY_PASSPHRASE_DIALOG (widget);

  if (!self->busy && on_form_step (self))
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
passphrase_copy_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  AssayPassphraseDialog *self = ASSAY_PASSPHRASE_DIALOG (widget);

  if (self->recovery_key == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->recovery_key);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Recovery key copied")));
}

static void
passphrase_finish_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  AssayPassphraseDialog *self = ASSAY_PASSPHRASE_DIALOG (widget);

  if (self->recovery_key == NULL || !gtk_check_button_get_active (self->written_check))
    return;

  wipe_recovery_key (self);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Closing mid-change would leave the user not knowing which passphrase
 * now opens the vault, and would lose a new recovery key unseen. */
static gboolean
assay_passphrase_dialog_close_request (GtkWindow *window)
{
  AssayPassphraseDialog *self = ASSAY_PASSPHRASE_DIALOG (window);

  if (self->busy || self->recovery_key != NULL)
    return TRUE;

  return GTK_WINDOW_CLASS (assay_passphrase_dialog_parent_class)->close_request (window);
}

static void
assay_passphrase_dialog_dispose (GObject *object)
{
  AssayPassphraseDialog *self = ASSAY_PASSPHRASE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  wipe_recovery_key (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_PASSPHRASE_DIALOG);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (assay_passphrase_dialog_parent_class)->dispose (object);
}

static void
assay_passphrase_dialog_finalize (GObject *object)
{
  AssayPassphraseDialog *self = ASSAY_PASSPHRASE_DIALOG (object);

  g_clear_pointer (&self->pending_current, assay_secure_free);
  g_clear_pointer (&self->pending_new, assay_secure_free);

  G_OBJECT_CLASS (assay_passphrase_dialog_parent_class)->finalize (object);
}

static void
assay_passphrase_dialog_class_init (AssayPassphraseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = assay_passphrase_dialog_dispose;
  object_class->finalize = assay_passphrase_dialog_finalize;
  window_class->close_request = assay_passphrase_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-passphrase-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayPassphraseDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AssayPassphraseDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, AssayPassphraseDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, AssayPassphraseDialog, change_button);
  gtk_widget_class_bind_template_child (widget_class, AssayPassphraseDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, AssayPassphraseDialog, current_error_label);
  gtk_widget_class_bind_template_child (widget_class, AssayPassphraseDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, AssayPassphraseDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, AssayPassphraseDialog, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, AssayPassphraseDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, AssayPassphraseDialog, recovery_row);
  gtk_widget_class_bind_template_child (widget_class, AssayPassphraseDialog, recovery_icon);
  gtk_widget_class_bind_template_child (widget_class, AssayPassphraseDialog, rekey_switch);
  gtk_widget_class_bind_template_child (widget_class, AssayPassphraseDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AssayPassphraseDialog, recovery_label);
  gtk_widget_class_bind_template_child (widget_class, AssayPassphraseDialog, written_check);
  gtk_widget_class_bind_template_callback (widget_class, on_current_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_written_toggled);

  gtk_widget_class_install_action (widget_class, "passphrase.change", NULL,
                                   passphrase_change_action);
  gtk_widget_class_install_action (widget_class, "passphrase.cancel", NULL,
                                   passphrase_cancel_action);
  gtk_widget_class_install_action (widget_class, "passphrase.copy", NULL,
                                   passphrase_copy_action);
  gtk_widget_class_install_action (widget_class, "passphrase.finish", NULL,
                                   passphrase_finish_action);
}

static void
assay_passphrase_dialog_init (AssayPassphraseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * assay_passphrase_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: the unlocked store whose passphrase changes
 *
 * Returns: (transfer none): a new dialog, not yet shown
 */
AssayPassphraseDialog *
assay_passphrase_dialog_new (GtkWindow  *parent,
                             AssayStore *store)
{
  AssayPassphraseDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);

  self = g_object_new (ASSAY_TYPE_PASSPHRASE_DIALOG,
                       "transient-for", parent,
                       NULL);
  if (parent != NULL && gtk_window_get_application (parent) != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));

  self->store = g_object_ref (store);
  update_recovery_row (self);
  update (self);

  return self;
}

GtkEditable *
_assay_passphrase_dialog_get_current_row (AssayPassphraseDialog *self)
{
  return GTK_EDITABLE (self->current_row);
}

GtkEditable *
_assay_passphrase_dialog_get_new_row (AssayPassphraseDialog *self)
{
  return GTK_EDITABLE (self->new_row);
}

GtkEditable *
_assay_passphrase_dialog_get_repeat_row (AssayPassphraseDialog *self)
{
  return GTK_EDITABLE (self->repeat_row);
}

GtkWidget *
_assay_passphrase_dialog_get_change_button (AssayPassphraseDialog *self)
{
  return self->change_button;
}

GtkSwitch *
_assay_passphrase_dialog_get_rekey_switch (AssayPassphraseDialog *self)
{
  return self->rekey_switch;
}

GtkLabel *
_assay_passphrase_dialog_get_current_error (AssayPassphraseDialog *self)
{
  return self->current_error_label;
}

GtkLabel *
_assay_passphrase_dialog_get_hint_label (AssayPassphraseDialog *self)
{
  return self->hint_label;
}

AdwActionRow *
_assay_passphrase_dialog_get_recovery_row (AssayPassphraseDialog *self)
{
  return self->recovery_row;
}

GtkLabel *
_assay_passphrase_dialog_get_recovery_label (AssayPassphraseDialog *self)
{
  return self->recovery_label;
}

GtkCheckButton *
_assay_passphrase_dialog_get_written_check (AssayPassphraseDialog *self)
{
  return self->written_check;
}

void
_assay_passphrase_dialog_show_recovery_key (AssayPassphraseDialog *self,
                                            const char            *key)
{
  show_recovery_key (self, assay_secure_strdup (key));
}

const char *
_assay_passphrase_dialog_get_step (AssayPassphraseDialog *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
_assay_passphrase_dialog_get_busy (AssayPassphraseDialog *self)
{
  return self->busy;
}

gboolean
assay_passphrase_dialog_holds_secret (AssayPassphraseDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_PASSPHRASE_DIALOG (self), FALSE);

  return self->busy || self->recovery_key != NULL;
}
