/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-unlock-page"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-gui-util.h"
#include "assay-unlock-page-private.h"

/*
 * Shown whenever the vault exists but is locked. Two modes on one page: the
 * passphrase ("unlock"), and the recovery key with a new passphrase
 * ("recover") for someone who has forgotten theirs.
 */
struct _AssayUnlockPage
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  GtkButton           *back_button;
  GtkPasswordEntry    *passphrase_entry;
  GtkLabel            *error_label;
  GtkButton           *unlock_button;
  GtkSpinner          *unlock_spinner;
  GtkLabel            *unlock_label;
  AdwEntryRow         *recovery_key_row;
  AdwPasswordEntryRow *new_passphrase_row;
  AdwPasswordEntryRow *confirm_row;
  GtkLabel            *recover_error_label;
  GtkButton           *recover_button;
  GtkSpinner          *recover_spinner;

  AssayVault          *vault;
  GMenuModel          *menu_model;
  GCancellable        *cancellable;

  /* Copies handed to a running unlock or recover */
  AssaySecureString   *pending_passphrase;
  AssaySecureString   *pending_recovery_key;

  guint                busy : 1;
};

G_DEFINE_FINAL_TYPE (AssayUnlockPage, assay_unlock_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VAULT,
  PROP_MENU_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_recover_mode (AssayUnlockPage *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "recover") == 0;
}

static void
show_error_label (GtkLabel   *label,
                  const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* The inline problem with the recovery form as typed so far, or NULL */
static const char *
recover_form_problem (AssayUnlockPage *self)
{
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->new_passphrase_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));

  if (*passphrase != '\0' && g_utf8_strlen (passphrase, -1) < ASSAY_VAULT_MIN_PASSPHRASE)
    return _("Too short");

  if (*confirm != '\0' && g_strcmp0 (passphrase, confirm) != 0)
    return _("Passphrases do not match");

  return NULL;
}

static void
assay_unlock_page_update (AssayUnlockPage *self)
{
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_entry));
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->recovery_key_row));
  const char *new_passphrase = gtk_editable_get_text (GTK_EDITABLE (self->new_passphrase_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  gboolean ready = self->vault != NULL && !self->busy;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock.unlock",
                                 ready && *passphrase != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock.recover",
                                 ready
                                 && *key != '\0'
                                 && g_utf8_strlen (new_passphrase, -1) >= ASSAY_VAULT_MIN_PASSPHRASE
                                 && g_strcmp0 (new_passphrase, confirm) == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock.show-recovery", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock.show-unlock", !self->busy);
}

static void
set_busy (AssayUnlockPage *self,
          gboolean         busy)
{
  if (busy)
    assay_gui_drop_focus (GTK_WIDGET (self));

  self->busy = !!busy;

  gtk_widget_set_sensitive (GTK_WIDGET (self->passphrase_entry), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->unlock_spinner), busy && !is_recover_mode (self));
  gtk_spinner_set_spinning (self->unlock_spinner, busy && !is_recover_mode (self));
  gtk_label_set_text_with_mnemonic (self->unlock_label, busy ? _("Unlocking…") : _("_Unlock"));

  gtk_widget_set_sensitive (GTK_WIDGET (self->recovery_key_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->new_passphrase_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_row), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->recover_spinner), busy && is_recover_mode (self));
  gtk_spinner_set_spinning (self->recover_spinner, busy && is_recover_mode (self));

  assay_unlock_page_update (self);
}

static void
set_default_widget (AssayUnlockPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!GTK_IS_WINDOW (root) || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (is_recover_mode (self))
    {
      gtk_window_set_default_widget (GTK_WINDOW (root), GTK_WIDGET (self->recover_button));
      gtk_widget_grab_focus (GTK_WIDGET (self->recovery_key_row));
    }
  else
    {
      gtk_window_set_default_widget (GTK_WINDOW (root), GTK_WIDGET (self->unlock_button));
      gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_entry));
    }
}

static void
on_passphrase_changed (AssayUnlockPage *self)
{
  /* Typing again means the last error no longer describes the entry */
  gtk_widget_remove_css_class (GTK_WIDGET (self->passphrase_entry), "error");
  show_error_label (self->error_label, NULL);
  assay_unlock_page_update (self);
}

static void
on_recover_field_changed (AssayUnlockPage *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->recovery_key_row), "error");
  show_error_label (self->recover_error_label, recover_form_problem (self));
  assay_unlock_page_update (self);
}

static void
on_mode_changed (AssayUnlockPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), is_recover_mode (self));
  set_default_widget (self);
}

static void
unlock_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AssayUnlockPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_clear_pointer (&self->pending_passphrase, assay_secure_free);

  ok = assay_vault_unlock_finish (ASSAY_VAULT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->stack == NULL)
    return;

  set_busy (self, FALSE);

  if (ok)
    {
      /* The window follows the vault's locked property to the main view */
      gtk_editable_set_text (GTK_EDITABLE (self->passphrase_entry), "");
      return;
    }

  if (g_error_matches (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_PASSPHRASE))
    show_error_label (self->error_label,
                      _("Wrong passphrase. Check that Caps Lock is off and try again."));
  else
    show_error_label (self->error_label, error->message);

  gtk_widget_add_css_class (GTK_WIDGET (self->passphrase_entry), "error");
  gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->passphrase_entry), 0, -1);
}

static void
unlock_unlock_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AssayUnlockPage *self = ASSAY_UNLOCK_PAGE (widget);
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_entry));

  if (self->busy || self->vault == NULL || *passphrase == '\0')
    return;

  self->pending_passphrase = assay_secure_strdup (passphrase);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  show_error_label (self->error_label, NULL);
  set_busy (self, TRUE);

  assay_vault_unlock_async (self->vault,
                            self->pending_passphrase,
                            self->cancellable,
                            unlock_cb,
                            g_object_ref (self));
}

static void
recover_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(AssayUnlockPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;
  gboolean ok;

  g_clear_pointer (&self->pending_passphrase, assay_secure_free);
  g_clear_pointer (&self->pending_recovery_key, assay_secure_free);

  ok = assay_vault_recover_finish (ASSAY_VAULT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->stack == NULL)
    return;

  set_busy (self, FALSE);

  if (!ok)
    {
      show_error_label (self->recover_error_label, error->message);

      if (g_error_matches (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_RECOVERY_KEY)
          || g_error_matches (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_BAD_RECOVERY_KEY))
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->recovery_key_row), "error");
          gtk_widget_grab_focus (GTK_WIDGET (self->recovery_key_row));
        }

      return;
    }

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                                   adw_toast_new (_("Passphrase changed. "
                                                    "Use the new one from now on.")));
    }

  assay_unlock_page_reset (self);
}

static void
unlock_recover_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  AssayUnlockPage *self = ASSAY_UNLOCK_PAGE (widget);
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->new_passphrase_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  const char *key;

  if (self->busy || self->vault == NULL)
    return;

  if (recover_form_problem (self) != NULL || g_strcmp0 (passphrase, confirm) != 0)
    return;

  key = gtk_editable_get_text (GTK_EDITABLE (self->recovery_key_row));
  self->pending_recovery_key = assay_secure_strdup (key);
  self->pending_passphrase = assay_secure_strdup (passphrase);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  show_error_label (self->recover_error_label, NULL);
  set_busy (self, TRUE);

  assay_vault_recover_async (self->vault,
                             self->pending_recovery_key,
                             self->pending_passphrase,
                             self->cancellable,
                             recover_cb,
                             g_object_ref (self));
}

static void
unlock_show_recovery_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  AssayUnlockPage *self = ASSAY_UNLOCK_PAGE (widget);

  gtk_stack_set_visible_child_name (self->stack, "recover");
}

static void
unlock_show_unlock_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  AssayUnlockPage *self = ASSAY_UNLOCK_PAGE (widget);

  gtk_stack_set_visible_child_name (self->stack, "unlock");
}

static void
assay_unlock_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (assay_unlock_page_parent_class)->map (widget);

  set_default_widget (ASSAY_UNLOCK_PAGE (widget));
}

static void
assay_unlock_page_dispose (GObject *object)
{
  AssayUnlockPage *self = ASSAY_UNLOCK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_UNLOCK_PAGE);

  g_clear_object (&self->vault);
  g_clear_object (&self->menu_model);

  G_OBJECT_CLASS (assay_unlock_page_parent_class)->dispose (object);
}

static void
assay_unlock_page_finalize (GObject *object)
{
  AssayUnlockPage *self = ASSAY_UNLOCK_PAGE (object);

  g_clear_pointer (&self->pending_passphrase, assay_secure_free);
  g_clear_pointer (&self->pending_recovery_key, assay_secure_free);

  G_OBJECT_CLASS (assay_unlock_page_parent_class)->finalize (object);
}

static void
assay_unlock_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AssayUnlockPage *self = ASSAY_UNLOCK_PAGE (object);

  switch (prop_id)
    {
    case PROP_VAULT:
      g_value_set_object (value, self->vault);
      break;

    case PROP_MENU_MODEL:
      g_value_set_object (value, self->menu_model);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_unlock_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AssayUnlockPage *self = ASSAY_UNLOCK_PAGE (object);

  switch (prop_id)
    {
    case PROP_VAULT:
      assay_unlock_page_set_vault (self, g_value_get_object (value));
      break;

    case PROP_MENU_MODEL:
      assay_unlock_page_set_menu_model (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_unlock_page_class_init (AssayUnlockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_unlock_page_dispose;
  object_class->finalize = assay_unlock_page_finalize;
  object_class->get_property = assay_unlock_page_get_property;
  object_class->set_property = assay_unlock_page_set_property;

  widget_class->map = assay_unlock_page_map;

  properties[PROP_VAULT] = assay_gui_param_spec_object ("vault", ASSAY_TYPE_VAULT);
  properties[PROP_MENU_MODEL] = assay_gui_param_spec_object ("menu-model", G_TYPE_MENU_MODEL);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-unlock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayUnlockPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AssayUnlockPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, AssayUnlockPage, passphrase_entry);
  gtk_widget_class_bind_template_child (widget_class, AssayUnlockPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, AssayUnlockPage, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, AssayUnlockPage, unlock_spinner);
  gtk_widget_class_bind_template_child (widget_class, AssayUnlockPage, unlock_label);
  gtk_widget_class_bind_template_child (widget_class, AssayUnlockPage, recovery_key_row);
  gtk_widget_class_bind_template_child (widget_class, AssayUnlockPage, new_passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, AssayUnlockPage, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, AssayUnlockPage, recover_error_label);
  gtk_widget_class_bind_template_child (widget_class, AssayUnlockPage, recover_button);
  gtk_widget_class_bind_template_child (widget_class, AssayUnlockPage, recover_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_passphrase_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_recover_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_changed);

  gtk_widget_class_install_action (widget_class, "unlock.unlock", NULL, unlock_unlock_action);
  gtk_widget_class_install_action (widget_class, "unlock.recover", NULL, unlock_recover_action);
  gtk_widget_class_install_action (widget_class, "unlock.show-recovery", NULL,
                                   unlock_show_recovery_action);
  gtk_widget_class_install_action (widget_class, "unlock.show-unlock", NULL,
                                   unlock_show_unlock_action);
}

static void
assay_unlock_page_init (AssayUnlockPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  assay_unlock_page_update (self);
}

AssayVault *
assay_unlock_page_get_vault (AssayUnlockPage *self)
{
  g_return_val_if_fail (ASSAY_IS_UNLOCK_PAGE (self), NULL);

  return self->vault;
}

void
assay_unlock_page_set_vault (AssayUnlockPage *self,
                             AssayVault      *vault)
{
  g_return_if_fail (ASSAY_IS_UNLOCK_PAGE (self));
  g_return_if_fail (!vault || ASSAY_IS_VAULT (vault));

  if (!g_set_object (&self->vault, vault))
    return;

  assay_unlock_page_reset (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VAULT]);
}

GMenuModel *
assay_unlock_page_get_menu_model (AssayUnlockPage *self)
{
  g_return_val_if_fail (ASSAY_IS_UNLOCK_PAGE (self), NULL);

  return self->menu_model;
}

void
assay_unlock_page_set_menu_model (AssayUnlockPage *self,
                                  GMenuModel      *menu_model)
{
  g_return_if_fail (ASSAY_IS_UNLOCK_PAGE (self));
  g_return_if_fail (!menu_model || G_IS_MENU_MODEL (menu_model));

  if (g_set_object (&self->menu_model, menu_model))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MENU_MODEL]);
}

/**
 * assay_unlock_page_reset:
 * @self: a #AssayUnlockPage
 *
 * Empties every field and returns to the passphrase prompt, ready for the
 * next time the vault is locked.
 */
void
assay_unlock_page_reset (AssayUnlockPage *self)
{
  g_return_if_fail (ASSAY_IS_UNLOCK_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->recovery_key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->passphrase_entry), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->recovery_key_row), "error");
  show_error_label (self->error_label, NULL);
  show_error_label (self->recover_error_label, NULL);
  gtk_stack_set_visible_child_name (self->stack, "unlock");

  set_busy (self, FALSE);
  set_default_widget (self);
}

GtkEditable *
_assay_unlock_page_get_passphrase_entry (AssayUnlockPage *self)
{
  return GTK_EDITABLE (self->passphrase_entry);
}

GtkLabel *
_assay_unlock_page_get_error_label (AssayUnlockPage *self)
{
  return self->error_label;
}

GtkEditable *
_assay_unlock_page_get_recovery_key_row (AssayUnlockPage *self)
{
  return GTK_EDITABLE (self->recovery_key_row);
}

GtkEditable *
_assay_unlock_page_get_new_passphrase_row (AssayUnlockPage *self)
{
  return GTK_EDITABLE (self->new_passphrase_row);
}

GtkEditable *
_assay_unlock_page_get_confirm_row (AssayUnlockPage *self)
{
  return GTK_EDITABLE (self->confirm_row);
}

GtkLabel *
_assay_unlock_page_get_recover_error_label (AssayUnlockPage *self)
{
  return self->recover_error_label;
}

const char *
_assay_unlock_page_get_mode (AssayUnlockPage *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
_assay_unlock_page_get_busy (AssayUnlockPage *self)
{
  return self->busy;
}

GtkWidget *
_assay_unlock_page_get_unlock_button (AssayUnlockPage *self)
{
  return GTK_WIDGET (self->unlock_button);
}

GtkWidget *
_assay_unlock_page_get_recover_button (AssayUnlockPage *self)
{
  return GTK_WIDGET (self->recover_button);
}
