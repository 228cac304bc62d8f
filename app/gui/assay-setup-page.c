/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-setup-page"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-agency.h"
#include "assay-gui-util.h"
#include "assay-passphrase-util.h"
#include "assay-setup-page-private.h"

/*
 * First run: collect the moderator's profile and a passphrase, create the
 * vault, then show the recovery key exactly once. The key is held in secure
 * memory only while it is on screen.
 */
struct _AssaySetupPage
{
  AdwBin                parent_instance;

  /* Template widgets */
  GtkStack             *stack;
  AdwPreferencesGroup  *profile_group;
  AdwPreferencesGroup  *passphrase_group;
  AdwEntryRow          *name_row;
  AdwComboRow          *agency_row;
  AdwPasswordEntryRow  *passphrase_row;
  AdwPasswordEntryRow  *confirm_row;
  GtkLevelBar          *strength_bar;
  GtkLabel             *hint_label;
  GtkButton            *create_button;
  GtkSpinner           *create_spinner;
  GtkLabel             *create_label;
  GtkLabel             *recovery_label;
  GtkCheckButton       *written_check;
  GtkButton            *finish_button;

  AssayVault           *vault;
  GMenuModel           *menu_model;
  GCancellable         *cancellable;

  /* The passphrase being used by a running create, and the key it returned */
  AssaySecureString    *pending_passphrase;
  AssaySecureString    *recovery_key;

  AssayKdfParams        kdf_params;
  guint                 has_kdf_params : 1;
  guint                 busy : 1;
};

G_DEFINE_FINAL_TYPE (AssaySetupPage, assay_setup_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VAULT,
  PROP_MENU_MODEL,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

static void
assay_setup_page_update (AssaySetupPage *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  gboolean valid;

  assay_passphrase_update_strength (passphrase, confirm, self->strength_bar, self->hint_label);

  valid = self->vault != NULL
          && !self->busy
          && !is_blank (name)
          && assay_passphrase_is_acceptable (passphrase, confirm);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.create", valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.finish",
                                 self->recovery_key != NULL
                                 && gtk_check_button_get_active (self->written_check));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.copy", self->recovery_key != NULL);
}

static void
on_field_changed (AssaySetupPage *self)
{
  assay_setup_page_update (self);
}

static void
on_written_toggled (AssaySetupPage *self)
{
  assay_setup_page_update (self);
}

static void
set_busy (AssaySetupPage *self,
          gboolean        busy)
{
  if (busy)
    assay_gui_drop_focus (GTK_WIDGET (self));

  self->busy = !!busy;

  gtk_widget_set_sensitive (GTK_WIDGET (self->profile_group), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->passphrase_group), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->create_spinner), busy);
  gtk_spinner_set_spinning (self->create_spinner, busy);
  gtk_label_set_text_with_mnemonic (self->create_label,
                                    busy ? _("Creating Vault…") : _("_Create Vault"));

  assay_setup_page_update (self);
}

static void
wipe_recovery_key (AssaySetupPage *self)
{
  g_clear_pointer (&self->recovery_key, assay_secure_free);

  if (self->recovery_label != NULL)
    gtk_label_set_text (self->recovery_label, "");
}

static void
clear_passphrases (AssaySetupPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
}

static void
show_error (AssaySetupPage *self,
            const char     *heading,
            const GError   *error)
{
  GtkWindow *parent = assay_gui_get_parent_window (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AssaySetupPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  AssaySecureString *key = NULL;

  g_clear_pointer (&self->pending_passphrase, assay_secure_free);

  if (!assay_vault_create_finish (ASSAY_VAULT (object), result, &key, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->stack == NULL)
        return;

      set_busy (self, FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
      show_error (self, _("Could Not Create the Vault"), error);
      return;
    }

  /* Disposed while Argon2id ran: nobody will see the key */
  if (self->stack == NULL)
    {
      assay_secure_free (key);
      return;
    }

  wipe_recovery_key (self);
  self->recovery_key = key;

  display = assay_recovery_key_for_display (key);
  gtk_label_set_text (self->recovery_label, display);
  gtk_check_button_set_active (self->written_check, FALSE);
  clear_passphrases (self);

  set_busy (self, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "recovery-key");
  gtk_widget_grab_focus (GTK_WIDGET (self->written_check));
}

static void
setup_create_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AssaySetupPage *self = ASSAY_SETUP_PAGE (widget);
  g_autofree char *name = NULL;
  const char *passphrase;
  const AssayAgency *agencies;
  const char *agency;
  guint n_agencies;
  guint selected;

  if (self->busy || self->vault == NULL)
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  agencies = assay_agency_get_all (&n_agencies);
  selected = adw_combo_row_get_selected (self->agency_row);
  agency = agencies[MIN (selected, n_agencies - 1)].id;

  /* The entry's copy of the passphrase may change while Argon2id runs */
  passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  self->pending_passphrase = assay_secure_strdup (passphrase);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_busy (self, TRUE);

  assay_vault_create_async (self->vault,
                            self->pending_passphrase,
                            self->has_kdf_params ? &self->kdf_params : NULL,
                            name,
                            agency,
                            self->cancellable,
                            create_cb,
                            g_object_ref (self));
}

static void
setup_copy_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  AssaySetupPage *self = ASSAY_SETUP_PAGE (widget);
  GtkWidget *overlay;

  if (self->recovery_key == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->recovery_key);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                                 adw_toast_new (_("Recovery key copied")));
}

static void
setup_finish_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AssaySetupPage *self = ASSAY_SETUP_PAGE (widget);

  if (self->recovery_key == NULL || !gtk_check_button_get_active (self->written_check))
    return;

  assay_setup_page_reset (self);
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
populate_agencies (AssaySetupPage *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  const AssayAgency *agencies;
  guint n_agencies;

  agencies = assay_agency_get_all (&n_agencies);
  for (guint i = 0; i < n_agencies; i++)
    gtk_string_list_append (model, _(agencies[i].label));

  adw_combo_row_set_model (self->agency_row, G_LIST_MODEL (model));
}

static void
assay_setup_page_map (GtkWidget *widget)
{
  AssaySetupPage *self = ASSAY_SETUP_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (assay_setup_page_parent_class)->map (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_default_widget (GTK_WINDOW (root), GTK_WIDGET (self->create_button));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "welcome") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
assay_setup_page_dispose (GObject *object)
{
  AssaySetupPage *self = ASSAY_SETUP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  wipe_recovery_key (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_SETUP_PAGE);

  g_clear_object (&self->vault);
  g_clear_object (&self->menu_model);

  G_OBJECT_CLASS (assay_setup_page_parent_class)->dispose (object);
}

static void
assay_setup_page_finalize (GObject *object)
{
  AssaySetupPage *self = ASSAY_SETUP_PAGE (object);

  g_clear_pointer (&self->pending_passphrase, assay_secure_free);
  g_clear_pointer (&self->recovery_key, assay_secure_free);

  G_OBJECT_CLASS (assay_setup_page_parent_class)->finalize (object);
}

static void
assay_setup_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AssaySetupPage *self = ASSAY_SETUP_PAGE (object);

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
assay_setup_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  AssaySetupPage *self = ASSAY_SETUP_PAGE (object);

  switch (prop_id)
    {
    case PROP_VAULT:
      assay_setup_page_set_vault (self, g_value_get_object (value));
      break;

    case PROP_MENU_MODEL:
      assay_setup_page_set_menu_model (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_setup_page_class_init (AssaySetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_setup_page_dispose;
  object_class->finalize = assay_setup_page_finalize;
  object_class->get_property = assay_setup_page_get_property;
  object_class->set_property = assay_setup_page_set_property;

  widget_class->map = assay_setup_page_map;

  properties[PROP_VAULT] = assay_gui_param_spec_object ("vault", ASSAY_TYPE_VAULT);
  properties[PROP_MENU_MODEL] = assay_gui_param_spec_object ("menu-model", G_TYPE_MENU_MODEL);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AssaySetupPage::finished:
   *
   * The vault exists, is unlocked and the user has confirmed writing down
   * the recovery key, which has been wiped from memory.
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AssaySetupPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AssaySetupPage, profile_group);
  gtk_widget_class_bind_template_child (widget_class, AssaySetupPage, passphrase_group);
  gtk_widget_class_bind_template_child (widget_class, AssaySetupPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, AssaySetupPage, agency_row);
  gtk_widget_class_bind_template_child (widget_class, AssaySetupPage, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, AssaySetupPage, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, AssaySetupPage, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, AssaySetupPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, AssaySetupPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, AssaySetupPage, create_spinner);
  gtk_widget_class_bind_template_child (widget_class, AssaySetupPage, create_label);
  gtk_widget_class_bind_template_child (widget_class, AssaySetupPage, recovery_label);
  gtk_widget_class_bind_template_child (widget_class, AssaySetupPage, written_check);
  gtk_widget_class_bind_template_child (widget_class, AssaySetupPage, finish_button);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_written_toggled);

  gtk_widget_class_install_action (widget_class, "setup.create", NULL, setup_create_action);
  gtk_widget_class_install_action (widget_class, "setup.copy", NULL, setup_copy_action);
  gtk_widget_class_install_action (widget_class, "setup.finish", NULL, setup_finish_action);
}

static void
assay_setup_page_init (AssaySetupPage *self)
{
  g_autofree char *description = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  description = g_strdup_printf (ngettext ("You will type it each time you open Assay. "
                                           "Use at least %d character.",
                                           "You will type it each time you open Assay. "
                                           "Use at least %d characters.",
                                           ASSAY_VAULT_MIN_PASSPHRASE),
                                 ASSAY_VAULT_MIN_PASSPHRASE);
  adw_preferences_group_set_description (self->passphrase_group, description);

  populate_agencies (self);
  assay_setup_page_update (self);
}

AssayVault *
assay_setup_page_get_vault (AssaySetupPage *self)
{
  g_return_val_if_fail (ASSAY_IS_SETUP_PAGE (self), NULL);

  return self->vault;
}

void
assay_setup_page_set_vault (AssaySetupPage *self,
                            AssayVault     *vault)
{
  g_return_if_fail (ASSAY_IS_SETUP_PAGE (self));
  g_return_if_fail (!vault || ASSAY_IS_VAULT (vault));

  if (!g_set_object (&self->vault, vault))
    return;

  assay_setup_page_reset (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VAULT]);
}

GMenuModel *
assay_setup_page_get_menu_model (AssaySetupPage *self)
{
  g_return_val_if_fail (ASSAY_IS_SETUP_PAGE (self), NULL);

  return self->menu_model;
}

void
assay_setup_page_set_menu_model (AssaySetupPage *self,
                                 GMenuModel     *menu_model)
{
  g_return_if_fail (ASSAY_IS_SETUP_PAGE (self));
  g_return_if_fail (!menu_model || G_IS_MENU_MODEL (menu_model));

  if (g_set_object (&self->menu_model, menu_model))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MENU_MODEL]);
}

/**
 * assay_setup_page_reset:
 * @self: a #AssaySetupPage
 *
 * Abandons any creation in progress, wipes the recovery key and empties the
 * form, e.g. when the vault is locked while the key is on screen.
 */
void
assay_setup_page_reset (AssaySetupPage *self)
{
  g_return_if_fail (ASSAY_IS_SETUP_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  wipe_recovery_key (self);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  adw_combo_row_set_selected (self->agency_row, 0);
  clear_passphrases (self);
  gtk_check_button_set_active (self->written_check, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "welcome");

  set_busy (self, FALSE);
}

void
_assay_setup_page_set_kdf_params (AssaySetupPage       *self,
                                  const AssayKdfParams *params)
{
  g_return_if_fail (ASSAY_IS_SETUP_PAGE (self));

  self->has_kdf_params = params != NULL;
  if (params != NULL)
    self->kdf_params = *params;
}

GtkEditable *
_assay_setup_page_get_name_row (AssaySetupPage *self)
{
  return GTK_EDITABLE (self->name_row);
}

AdwComboRow *
_assay_setup_page_get_agency_row (AssaySetupPage *self)
{
  return self->agency_row;
}

GtkEditable *
_assay_setup_page_get_passphrase_row (AssaySetupPage *self)
{
  return GTK_EDITABLE (self->passphrase_row);
}

GtkEditable *
_assay_setup_page_get_confirm_row (AssaySetupPage *self)
{
  return GTK_EDITABLE (self->confirm_row);
}

GtkLabel *
_assay_setup_page_get_hint_label (AssaySetupPage *self)
{
  return self->hint_label;
}

GtkLabel *
_assay_setup_page_get_recovery_label (AssaySetupPage *self)
{
  return self->recovery_label;
}

GtkCheckButton *
_assay_setup_page_get_written_check (AssaySetupPage *self)
{
  return self->written_check;
}

const char *
_assay_setup_page_get_step (AssaySetupPage *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
_assay_setup_page_get_busy (AssaySetupPage *self)
{
  return self->busy;
}

GtkWidget *
_assay_setup_page_get_create_button (AssaySetupPage *self)
{
  return GTK_WIDGET (self->create_button);
}

GtkWidget *
_assay_setup_page_get_finish_button (AssaySetupPage *self)
{
  return GTK_WIDGET (self->finish_button);
}
