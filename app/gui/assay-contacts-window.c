/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-contacts-window"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "assay-contacts.h"
#include "assay-contacts-window-private.h"
#include "assay-gui-util.h"
#include "assay-identity-file.h"

/*
 * The address book: this installation's own identity, to send to
 * colleagues, and the colleagues whose bundles are accepted. A colleague is
 * added from the identity file they sent, and marked verified only once
 * the user has compared its fingerprint with them; every change that takes
 * trust away (revoking, removing) asks first.
 *
 * A little over the ~800 lines files aim for; the add-from-file dialog is
 * the seam to split along (as assay-identity-card was).
 */
struct _AssayContactsWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AssayIdentityCard    *own_card;
  AdwPreferencesGroup  *contacts_group;
  GtkWidget            *empty_row;

  AssaySession         *session;
  GPtrArray            *rows;          /* of AdwExpanderRow, as added to contacts_group */
  AssayContact         *pending;       /* read from an identity file, not yet added */
  GtkNativeDialog      *chooser;
  AssayDialogSlot       dialog;
  gboolean              filling;       /* rows are being filled: not the user's edits */
};

G_DEFINE_FINAL_TYPE (AssayContactsWindow, assay_contacts_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Rows of the role drop-downs, in the order of AssayContactRole */
static const char *
role_label (AssayContactRole role)
{
  return role == ASSAY_CONTACT_ROLE_CHAIR ? C_("contact role", "Chair")
                                          : C_("contact role", "Moderator");
}

static GtkStringList *
role_model (void)
{
  GtkStringList *model = gtk_string_list_new (NULL);

  gtk_string_list_append (model, role_label (ASSAY_CONTACT_ROLE_MODERATOR));
  gtk_string_list_append (model, role_label (ASSAY_CONTACT_ROLE_CHAIR));

  return model;
}

static void
show_error (AssayContactsWindow *self,
            const char          *what,
            const GError        *error)
{
  /* Translators: what could not be done, then why */
  g_autofree char *text = g_strdup_printf (_("%s: %s"), what, error->message);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
}

static void
present_dialog (AssayContactsWindow *self,
                GtkWidget           *dialog)
{
  assay_dialog_slot_close (&self->dialog);
  assay_dialog_slot_set (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
describe_contact (const AssayContact *contact)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (contact->agency != NULL && *contact->agency != '\0')
    g_ptr_array_add (parts, g_strdup (contact->agency));
  g_ptr_array_add (parts, g_strdup (role_label (contact->role)));
  g_ptr_array_add (parts, g_strdup (contact->verified ? _("Verified") : _("Not verified")));
  if (contact->revoked_from != NULL)
    /* Translators: %s is a date */
    g_ptr_array_add (parts, g_strdup_printf (_("Revoked from %s"), contact->revoked_from));
  g_ptr_array_add (parts, NULL);

  /* Translators: the separator between a contact's agency, role and state */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

static void
on_verified_changed (GtkSwitch           *toggle,
                     GParamSpec          *pspec,
                     AssayContactsWindow *self)
{
  const char *key = g_object_get_data (G_OBJECT (toggle), "contact-key");

  if (!self->filling)
    gtk_widget_activate_action (GTK_WIDGET (self), "contacts.set-verified", "(sb)", key,
                                gtk_switch_get_active (toggle));
}

static void
on_role_changed (AdwComboRow         *row,
                 GParamSpec          *pspec,
                 AssayContactsWindow *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), "contact-key");
  AssayContactRole role = adw_combo_row_get_selected (row) == 1 ? ASSAY_CONTACT_ROLE_CHAIR
                                                                 : ASSAY_CONTACT_ROLE_MODERATOR;

  if (!self->filling)
    gtk_widget_activate_action (GTK_WIDGET (self), "contacts.set-role", "(ss)", key,
                                assay_contact_role_to_string (role));
}

static GtkWidget *
action_button (const char *label,
               const char *accessible,
               const char *action,
               const char *key)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", key);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  return button;
}

static GtkWidget *
contact_row (AssayContactsWindow *self,
             const AssayContact  *contact,
             const char          *display_name)
{
  g_autofree char *subtitle = describe_contact (contact);
  g_autofree char *fingerprint = assay_identity_fingerprint (contact->key);
  g_autofree char *accessible = NULL;
  g_autoptr(GtkStringList) roles = role_model ();
  GtkWidget *row, *child, *toggle, *icon;

  row = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), display_name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "contact-key", g_strdup (contact->key), g_free);

  icon = gtk_image_new_from_icon_name (contact->revoked_from != NULL ? "action-unavailable-symbolic"
                                       : contact->verified ? "emblem-ok-symbolic"
                                       : "dialog-question-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);

  child = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), _("Fingerprint"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (child), fingerprint);
  gtk_widget_add_css_class (child, "property");
  gtk_widget_add_css_class (child, "numeric");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);

  child = adw_action_row_new ();
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (child), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), _("_Verified"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (child),
                               _("You compared this fingerprint with them"));
  toggle = gtk_switch_new ();
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), contact->verified);
  g_object_set_data_full (G_OBJECT (toggle), "contact-key", g_strdup (contact->key), g_free);
  /* Translators: %s is a person's name */
  accessible = g_strdup_printf (_("%s is verified"), display_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (on_verified_changed), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (child), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (child), toggle);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);

  child = adw_combo_row_new ();
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (child), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), _("_Role"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (child),
                               _("Chairs can agree grades and erase records"));
  adw_combo_row_set_model (ADW_COMBO_ROW (child), G_LIST_MODEL (roles));
  adw_combo_row_set_selected (ADW_COMBO_ROW (child),
                              contact->role == ASSAY_CONTACT_ROLE_CHAIR ? 1 : 0);
  g_object_set_data_full (G_OBJECT (child), "contact-key", g_strdup (contact->key), g_free);
  g_signal_connect_object (child, "notify::selected", G_CALLBACK (on_role_changed), self, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);

  child = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), _("Revoke"));
  if (contact->revoked_from != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Their records signed on or after %s are "
                                                 "refused"), contact->revoked_from);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (child), text);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (child),
                                 _("If their key is lost or they leave: refuse what they sign "
                                   "from a date on"));
  g_clear_pointer (&accessible, g_free);
  accessible = g_strdup_printf (_("Revoke %s"), display_name);
  adw_action_row_add_suffix (ADW_ACTION_ROW (child),
                             action_button (_("Re_voke…"), accessible, "contacts.revoke",
                                            contact->key));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);

  child = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), _("Remove"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (child),
                               _("Their bundles will be refused until they are added again"));
  g_clear_pointer (&accessible, g_free);
  accessible = g_strdup_printf (_("Remove %s"), display_name);
  {
    GtkWidget *button = action_button (_("Re_move…"), accessible, "contacts.remove",
                                       contact->key);

    gtk_widget_add_css_class (button, "destructive-action");
    adw_action_row_add_suffix (ADW_ACTION_ROW (child), button);
  }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);

  return row;
}

static void
refresh (AssayContactsWindow *self)
{
  AssayVault *vault = assay_session_get_vault (self->session);
  g_autoptr(AssayContact) own = assay_contact_new_self (vault);
  g_autofree char *own_fingerprint = assay_identity_fingerprint (own->key);
  g_autoptr(AssayContactNames) names = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;

  assay_identity_card_set (self->own_card, own->name, own->agency, own_fingerprint);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->contacts_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  contacts = assay_contacts_list (assay_session_get_store (self->session), &error);
  if (contacts == NULL)
    {
      show_error (self, _("Could not read the contacts"), error);
      gtk_widget_set_visible (self->empty_row, TRUE);
      return;
    }

  /* Names are told apart against everyone shown, this installation too */
  g_ptr_array_add (contacts, assay_contact_copy (own));
  names = assay_contact_names_new (contacts);
  g_ptr_array_remove_index (contacts, contacts->len - 1);

  self->filling = TRUE;
  for (guint i = 0; i < contacts->len; i++)
    {
      AssayContact *contact = g_ptr_array_index (contacts, i);
      const char *display = assay_contacts_display_name (names, contact->key);
      GtkWidget *row = contact_row (self, contact, display != NULL ? display : contact->name);

      adw_preferences_group_add (self->contacts_group, row);
      g_ptr_array_add (self->rows, row);
    }
  self->filling = FALSE;

  gtk_widget_set_visible (self->empty_row, contacts->len == 0);
}

static void
contacts_changed (AssayContactsWindow *self)
{
  assay_session_changed (self->session, ASSAY_CONTACTS_COLLECTION);
  refresh (self);
}

/* --- Adding a colleague ------------------------------------------------- */

static void
on_add_response (AssayContactsWindow *self,
                 const char          *response,
                 AdwMessageDialog    *dialog)
{
  g_autoptr(AssayContact) pending = g_steal_pointer (&self->pending);
  g_autoptr(AssayContact) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkCheckButton *compared = g_object_get_data (G_OBJECT (dialog), "compared");
  AdwComboRow *role = g_object_get_data (G_OBJECT (dialog), "role");

  g_signal_handlers_disconnect_by_func (dialog, on_add_response, self);

  if (g_strcmp0 (response, "add") != 0 || pending == NULL || self->session == NULL)
    return;

  pending->verified = gtk_check_button_get_active (compared);
  pending->role = adw_combo_row_get_selected (role) == 1 ? ASSAY_CONTACT_ROLE_CHAIR
                                                         : ASSAY_CONTACT_ROLE_MODERATOR;
  stored = assay_contacts_add (assay_session_get_store (self->session), pending,
                               ASSAY_CONTACT_SET_ROLE | ASSAY_CONTACT_SET_VERIFIED, &error);
  if (stored == NULL)
    {
      show_error (self, _("Could not add the contact"), error);
      return;
    }

  contacts_changed (self);
}

static void
ask_add (AssayContactsWindow *self,
         AssayContact        *contact)
{
  g_autofree char *fingerprint = assay_identity_fingerprint (contact->key);
  g_autofree char *check_label = NULL;
  g_autoptr(GtkStringList) roles = role_model ();
  GtkWidget *dialog, *box, *card, *compared, *group, *role;

  g_clear_pointer (&self->pending, assay_contact_free);
  self->pending = contact;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Add Colleague"),
                                   _("Read the fingerprint to its owner, by phone or in "
                                     "person, and ask them to compare it with the one their "
                                     "Contacts show. Mark it verified only if every digit "
                                     "matches."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  card = assay_identity_card_new (contact->name, contact->agency, fingerprint);
  gtk_box_append (GTK_BOX (box), card);

  /* Translators: %s is a person's name */
  check_label = g_strdup_printf (_("I _compared this fingerprint with %s and it matches"),
                                 contact->name);
  compared = gtk_check_button_new_with_mnemonic (check_label);
  gtk_box_append (GTK_BOX (box), compared);

  group = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (group), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (group, "boxed-list");
  role = adw_combo_row_new ();
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (role), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (role), _("_Role"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (role),
                               _("Chairs can agree grades and erase records"));
  adw_combo_row_set_model (ADW_COMBO_ROW (role), G_LIST_MODEL (roles));
  gtk_list_box_append (GTK_LIST_BOX (group), role);
  gtk_box_append (GTK_BOX (box), group);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "compared", compared);
  g_object_set_data (G_OBJECT (dialog), "role", role);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_add_response), self,
                           G_CONNECT_SWAPPED);
  present_dialog (self, dialog);
}

static void
add_file_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  AssayContactsWindow *self = ASSAY_CONTACTS_WINDOW (widget);
  const char *path = g_variant_get_string (param, NULL);
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(GError) error = NULL;

  if (self->session == NULL)
    return;

  contact = assay_identity_file_read (path, &error);
  if (contact == NULL)
    {
      show_error (self, _("Could not read the identity file"), error);
      return;
    }

  if (g_strcmp0 (contact->key,
                 assay_vault_get_identity (assay_session_get_vault (self->session))) == 0)
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("That is your own identity file")));
      return;
    }

  ask_add (self, g_steal_pointer (&contact));
}

static void
on_add_chooser_response (AssayContactsWindow *self,
                         int                  response,
                         GtkNativeDialog     *chooser)
{
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      path = assay_gui_chooser_get_path (chooser);
      if (path == NULL)
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                          adw_toast_new (_("Only files on this computer can "
                                                           "be read")));
    }
  assay_gui_chooser_close (&self->chooser, chooser);

  if (path != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "contacts.add-file", "s", path);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  AssayContactsWindow *self = ASSAY_CONTACTS_WINDOW (widget);
  GtkFileFilter *filter;
  GtkFileChooserNative *chooser;

  chooser = assay_gui_chooser_new (&self->chooser, widget, _("Add from Identity File"),
                                   GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  if (chooser == NULL)
    return;
  filter = assay_gui_chooser_add_filter (chooser, _("Identity Files"), "json");
  assay_gui_chooser_add_filter (chooser, _("All Files"), NULL);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), filter);
  assay_gui_chooser_show (&self->chooser, chooser, G_CALLBACK (on_add_chooser_response), self);
}

/* --- This installation's identity file ---------------------------------- */

static void
export_identity_file_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  AssayContactsWindow *self = ASSAY_CONTACTS_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->session == NULL)
    return;

  if (!assay_identity_file_write (assay_session_get_vault (self->session),
                                  g_variant_get_string (param, NULL), &error))
    {
      show_error (self, _("Could not save the identity file"), error);
      return;
    }

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Identity file saved. Send it to your "
                                                     "colleagues.")));
}

static void
on_export_chooser_response (AssayContactsWindow *self,
                            int                  response,
                            GtkNativeDialog     *chooser)
{
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    path = assay_gui_chooser_get_path (chooser);
  assay_gui_chooser_close (&self->chooser, chooser);

  if (path != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "contacts.export-identity-file", "s", path);
}

static void
export_identity_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  AssayContactsWindow *self = ASSAY_CONTACTS_WINDOW (widget);
  g_autoptr(AssayContact) own = NULL;
  g_autofree char *suggested = NULL;
  GtkFileChooserNative *chooser;

  if (self->session == NULL)
    return;

  chooser = assay_gui_chooser_new (&self->chooser, widget, _("Export Identity File"),
                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"));
  if (chooser == NULL)
    return;

  own = assay_contact_new_self (assay_session_get_vault (self->session));
  /* Translators: the suggested name of an identity file; %s is the user's name */
  suggested = g_strdup_printf (_("%s identity.json"), own->name != NULL ? own->name : "");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), g_strstrip (suggested));
  assay_gui_chooser_add_filter (chooser, _("Identity Files"), "json");
  assay_gui_chooser_show (&self->chooser, chooser, G_CALLBACK (on_export_chooser_response),
                          self);
}

/* --- Changing a colleague ----------------------------------------------- */

static void
set_verified_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AssayContactsWindow *self = ASSAY_CONTACTS_WINDOW (widget);
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  const char *key;
  gboolean verified;

  if (self->session == NULL)
    return;

  g_variant_get (param, "(&sb)", &key, &verified);
  contact = assay_contacts_set_verified (assay_session_get_store (self->session), key, verified,
                                         &error);
  if (contact == NULL)
    show_error (self, _("Could not change the contact"), error);

  contacts_changed (self);
}

static void
set_role_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  AssayContactsWindow *self = ASSAY_CONTACTS_WINDOW (widget);
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  AssayContactRole role;
  const char *key, *role_text;

  if (self->session == NULL)
    return;

  g_variant_get (param, "(&s&s)", &key, &role_text);
  if (!assay_contact_role_from_string (role_text, &role))
    return;

  contact = assay_contacts_set_role (assay_session_get_store (self->session), key, role, &error);
  if (contact == NULL)
    show_error (self, _("Could not change the contact"), error);

  contacts_changed (self);
}

static AssayContact *
lookup (AssayContactsWindow *self,
        const char          *key)
{
  g_autoptr(GError) error = NULL;
  AssayContact *contact;

  contact = assay_contacts_lookup (assay_session_get_store (self->session), key, &error);
  if (contact == NULL)
    show_error (self, _("Could not read the contact"), error);

  return contact;
}

/* A question before trust is taken away: Cancel, or @response (labelled
 * @label) which @on_response acts on; the contact's key rides along */
static GtkWidget *
confirm_dialog (AssayContactsWindow *self,
                const char          *heading,
                const char          *body,
                const char          *key,
                const char          *response,
                const char          *label,
                GCallback            on_response)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  g_object_set_data_full (G_OBJECT (dialog), "contact-key", g_strdup (key), g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response, label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", on_response, self, G_CONNECT_SWAPPED);

  return dialog;
}

static void
on_revoke_response (AssayContactsWindow *self,
                    const char          *response,
                    AdwMessageDialog    *dialog)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const char *key = g_object_get_data (G_OBJECT (dialog), "contact-key");
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;

  g_signal_handlers_disconnect_by_func (dialog, on_revoke_response, self);

  if (g_strcmp0 (response, "revoke") != 0 || self->session == NULL)
    return;

  date = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  contact = assay_contacts_revoke (assay_session_get_store (self->session), key, date, &error);
  if (contact == NULL)
    {
      show_error (self, _("Could not revoke the contact"), error);
      return;
    }

  contacts_changed (self);
}

static void
on_revoke_date_changed (GtkEditable      *entry,
                        AdwMessageDialog *dialog)
{
  g_autoptr(GDate) date = g_date_new ();
  const char *text = gtk_editable_get_text (entry);
  gboolean valid = strlen (text) == 10 && text[4] == '-' && text[7] == '-';

  if (valid)
    {
      g_date_set_parse (date, text);
      valid = g_date_valid (date);
    }

  adw_message_dialog_set_response_enabled (dialog, "revoke", valid);
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
}

static void
revoke_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AssayContactsWindow *self = ASSAY_CONTACTS_WINDOW (widget);
  const char *key = g_variant_get_string (param, NULL);
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *entry;

  if (self->session == NULL || (contact = lookup (self, key)) == NULL)
    return;

  /* Translators: %s is a person's name */
  heading = g_strdup_printf (_("Revoke %s?"), contact->name);
  dialog = confirm_dialog (self, heading,
                           _("Records they sign on or after this date (YYYY-MM-DD) will be "
                             "refused, in every bundle, from anyone. Use it when their "
                             "computer or key may be in other hands. What they signed before "
                             "stays."),
                           key, "revoke", _("_Revoke"), G_CALLBACK (on_revoke_response));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry),
                         contact->revoked_from != NULL ? contact->revoked_from : today);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Revoked from (YYYY-MM-DD)"),
                                  -1);
  g_signal_connect (entry, "changed", G_CALLBACK (on_revoke_date_changed), dialog);
  assay_gui_message_dialog_set_entry (ADW_MESSAGE_DIALOG (dialog), entry);
  present_dialog (self, dialog);
}

static void
on_remove_response (AssayContactsWindow *self,
                    const char          *response,
                    AdwMessageDialog    *dialog)
{
  const char *key = g_object_get_data (G_OBJECT (dialog), "contact-key");
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_func (dialog, on_remove_response, self);

  if (g_strcmp0 (response, "remove") != 0 || self->session == NULL)
    return;

  if (!assay_contacts_remove (assay_session_get_store (self->session), key, &error))
    {
      show_error (self, _("Could not remove the contact"), error);
      return;
    }

  contacts_changed (self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AssayContactsWindow *self = ASSAY_CONTACTS_WINDOW (widget);
  const char *key = g_variant_get_string (param, NULL);
  g_autoptr(AssayContact) contact = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (self->session == NULL || (contact = lookup (self, key)) == NULL)
    return;

  /* Translators: %s is a person's name */
  heading = g_strdup_printf (_("Remove %s?"), contact->name);
  dialog = confirm_dialog (self, heading,
                           _("Their bundles will be refused until you add them again from "
                             "their identity file. The audits already imported from them "
                             "stay."),
                           key, "remove", _("_Remove"), G_CALLBACK (on_remove_response));
  present_dialog (self, dialog);
}

/* --- The window ---------------------------------------------------------- */

static void
on_vault_locking (AssayContactsWindow *self)
{
  /* Names and roles came from the sealed store: they go with the keys */
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
assay_contacts_window_dispose (GObject *object)
{
  AssayContactsWindow *self = ASSAY_CONTACTS_WINDOW (object);

  assay_gui_chooser_close (&self->chooser, NULL);
  assay_dialog_slot_close (&self->dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_CONTACTS_WINDOW);

  G_OBJECT_CLASS (assay_contacts_window_parent_class)->dispose (object);
}

static void
assay_contacts_window_finalize (GObject *object)
{
  AssayContactsWindow *self = ASSAY_CONTACTS_WINDOW (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->pending, assay_contact_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (assay_contacts_window_parent_class)->finalize (object);
}

static void
assay_contacts_window_class_init (AssayContactsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_contacts_window_dispose;
  object_class->finalize = assay_contacts_window_finalize;

  g_type_ensure (ASSAY_TYPE_IDENTITY_CARD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-contacts-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayContactsWindow, own_card);
  gtk_widget_class_bind_template_child (widget_class, AssayContactsWindow, contacts_group);
  gtk_widget_class_bind_template_child (widget_class, AssayContactsWindow, empty_row);

  gtk_widget_class_install_action (widget_class, "contacts.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "contacts.add-file", "s", add_file_action);
  gtk_widget_class_install_action (widget_class, "contacts.export-identity", NULL,
                                   export_identity_action);
  gtk_widget_class_install_action (widget_class, "contacts.export-identity-file", "s",
                                   export_identity_file_action);
  gtk_widget_class_install_action (widget_class, "contacts.set-verified", "(sb)",
                                   set_verified_action);
  gtk_widget_class_install_action (widget_class, "contacts.set-role", "(ss)", set_role_action);
  gtk_widget_class_install_action (widget_class, "contacts.revoke", "s", revoke_action);
  gtk_widget_class_install_action (widget_class, "contacts.remove", "s", remove_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
assay_contacts_window_init (AssayContactsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

AssayContactsWindow *
assay_contacts_window_new (AssaySession *session)
{
  AssayContactsWindow *self;

  g_return_val_if_fail (ASSAY_IS_SESSION (session), NULL);

  self = g_object_new (ASSAY_TYPE_CONTACTS_WINDOW, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (assay_session_get_vault (session), "locking",
                           G_CALLBACK (on_vault_locking), self, G_CONNECT_SWAPPED);
  refresh (self);

  return self;
}

GPtrArray *
_assay_contacts_window_get_rows (AssayContactsWindow *self)
{
  return self->rows;
}

AssayIdentityCard *
_assay_contacts_window_get_own_card (AssayContactsWindow *self)
{
  return self->own_card;
}

AdwMessageDialog *
_assay_contacts_window_get_dialog (AssayContactsWindow *self)
{
  return self->dialog.dialog != NULL ? ADW_MESSAGE_DIALOG (self->dialog.dialog) : NULL;
}
