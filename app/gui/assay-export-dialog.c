/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-export-dialog"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "assay-audit.h"
#include "assay-bundle.h"
#include "assay-export-dialog-private.h"
#include "assay-gui-util.h"
#include "assay-identity.h"

/* An identity is an Ed25519 public key in hex, as `assay-cli identity`
 * prints it */
#define IDENTITY_LENGTH 64

struct _AssayExportDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwPreferencesGroup  *recipients_group;
  AdwExpanderRow       *passphrase_expander;
  AdwPasswordEntryRow  *passphrase_row;
  AdwPasswordEntryRow  *confirm_row;
  AdwExpanderRow       *since_expander;
  AdwEntryRow          *since_row;
  GtkMenuButton        *calendar_button;
  GtkCalendar          *calendar;
  AdwActionRow         *identity_row;
  GtkLabel             *problem_label;

  AssaySession         *session;
  GPtrArray            *recipient_rows;
  char                 *problem;
  GtkNativeDialog      *chooser;
  gboolean              setting_date;
};

G_DEFINE_FINAL_TYPE (AssayExportDialog, assay_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The identity in @text without the spaces, dashes and line breaks that
 * copying from an e-mail or a document adds, lower-cased */
static char *
normalize_identity (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || *p == '-' || *p == ':')
        continue;
      g_string_append_c (out, g_ascii_tolower (*p));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Why @text is not a colleague's identity, or NULL when it is one */
static char *
identity_problem (const char *text)
{
  g_autofree char *identity = normalize_identity (text);
  gsize length = strlen (identity);

  for (const char *p = identity; *p != '\0'; p++)
    {
      if (!g_ascii_isxdigit (*p))
        {
          g_autofree char *character = g_utf8_substring (p, 0, 1);

          /* Translators: %s is one character someone typed or pasted */
          return g_strdup_printf (_("Not an identity: “%s” is not one of 0–9 or a–f"),
                                  g_utf8_validate (p, -1, NULL) ? character : "?");
        }
    }

  if (length != IDENTITY_LENGTH)
    /* Translators: how many characters of an identity were given so far */
    return g_strdup_printf (_("Not an identity: %u of 64 characters"), (guint) length);

  return NULL;
}

static const char *
get_own_identity (AssayExportDialog *self)
{
  return assay_vault_get_identity (assay_session_get_vault (self->session));
}

static void
validate_recipient (AssayExportDialog *self,
                    AdwEntryRow       *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *identity = normalize_identity (text);
  g_autofree char *problem = NULL;
  const char *title = _("Colleague’s identity");

  if (*identity != '\0')
    {
      problem = identity_problem (text);
      if (problem == NULL && g_ascii_strcasecmp (identity, get_own_identity (self)) == 0)
        title = _("Your own identity, which is always included");
    }

  if (problem != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), problem);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  problem != NULL ? problem : "",
                                  -1);
  g_object_set_data_full (G_OBJECT (row), "problem", g_steal_pointer (&problem), g_free);
}

static gboolean
parse_date (const char  *text,
            GDateTime  **date)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  guint year, month, day;
  char tail;

  if (sscanf (stripped, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3 ||
      strlen (stripped) != 10 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;

  if (date != NULL)
    *date = g_date_time_new_local (year, month, day, 0, 0, 0);

  return TRUE;
}

static void
set_problem (AssayExportDialog *self,
             const char        *problem)
{
  g_free (self->problem);
  self->problem = g_strdup (problem);

  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export-dialog.export", problem == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export-dialog.export-to", problem == NULL);
}

static void
update_state (AssayExportDialog *self)
{
  const char *problem = NULL;
  guint n_bad = 0;

  for (guint i = 0; i < self->recipient_rows->len; i++)
    if (g_object_get_data (g_ptr_array_index (self->recipient_rows, i), "problem") != NULL)
      n_bad++;

  if (adw_expander_row_get_enable_expansion (self->passphrase_expander))
    {
      const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
      const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
      gboolean match = g_strcmp0 (passphrase, confirm) == 0;

      if (!match && *confirm != '\0')
        gtk_widget_add_css_class (GTK_WIDGET (self->confirm_row), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_row), "error");

      if (*passphrase == '\0')
        problem = _("Enter the partnership passphrase, or switch it off.");
      else if (!match)
        problem = _("The two passphrases do not match.");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_row), "error");

  if (adw_expander_row_get_enable_expansion (self->since_expander))
    {
      const char *since = gtk_editable_get_text (GTK_EDITABLE (self->since_row));
      gboolean valid = parse_date (since, NULL);

      if (!valid && *since != '\0')
        gtk_widget_add_css_class (GTK_WIDGET (self->since_row), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->since_row), "error");

      if (!valid && problem == NULL)
        problem = _("Enter the date to export changes from as YYYY-MM-DD, or switch it off.");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->since_row), "error");

  if (n_bad > 0)
    problem = g_dngettext (GETTEXT_PACKAGE,
                           "A recipient is not a valid identity: correct it or remove it.",
                           "Some recipients are not valid identities: correct or remove them.",
                           n_bad);

  set_problem (self, problem);
}

static void
on_input_changed (AssayExportDialog *self)
{
  update_state (self);
}

static void
on_recipient_changed (AssayExportDialog *self,
                      GtkEditable       *row)
{
  validate_recipient (self, ADW_ENTRY_ROW (row));
  update_state (self);
}

static void
on_remove_clicked (AssayExportDialog *self,
                   GtkButton         *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ENTRY_ROW);

  if (row == NULL)
    return;

  g_ptr_array_remove (self->recipient_rows, row);
  adw_preferences_group_remove (self->recipients_group, row);
  update_state (self);
}

static AdwEntryRow *
add_recipient (AssayExportDialog *self,
               const char        *text)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Colleague’s identity"));
  gtk_widget_add_css_class (row, "identity-row");

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Recipient"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Recipient"), -1);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_clicked), self,
                           G_CONNECT_SWAPPED);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);

  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_connect_object (row, "changed", G_CALLBACK (on_recipient_changed), self,
                           G_CONNECT_SWAPPED);

  adw_preferences_group_add (self->recipients_group, row);
  g_ptr_array_add (self->recipient_rows, row);
  validate_recipient (self, ADW_ENTRY_ROW (row));
  update_state (self);

  return ADW_ENTRY_ROW (row);
}

static void
add_recipient_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AssayExportDialog *self = ASSAY_EXPORT_DIALOG (widget);
  AdwEntryRow *row = add_recipient (self, NULL);

  gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
copy_identity_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AssayExportDialog *self = ASSAY_EXPORT_DIALOG (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), get_own_identity (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Identity copied")));
}

static void
on_day_selected (AssayExportDialog *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (self->since_row), text);
  gtk_menu_button_popdown (self->calendar_button);
}

/* "Ann Patel" -> "ann-patel", for a file name that says whose it is */
static char *
name_slug (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name != NULL ? name : "", NULL);
  g_autoptr(GString) slug = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);

  if (slug->len == 0)
    g_string_append (slug, "results");

  return g_string_free (g_steal_pointer (&slug), FALSE);
}

static guint
count_audits (AssayExportDialog *self,
              GDateTime         *since)
{
  g_autoptr(GPtrArray) audits = NULL;
  guint n = 0;

  audits = assay_audit_list (assay_session_get_store (self->session),
                             assay_session_get_frameworks (self->session), NULL);
  for (guint i = 0; audits != NULL && i < audits->len; i++)
    {
      const char *updated = assay_audit_get_updated (g_ptr_array_index (audits, i));
      g_autoptr(GDateTime) when = updated != NULL ? g_date_time_new_from_iso8601 (updated, NULL)
                                                  : NULL;

      if (since == NULL || when == NULL || g_date_time_compare (when, since) >= 0)
        n++;
    }

  return n;
}

static void
show_error (AssayExportDialog *self,
            const char        *name,
            const GError      *error)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: a file's name, then why it could not be written */
  body = g_strdup_printf (_("“%s” could not be written: %s"), name, error->message);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Export"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  AssayExportDialog *self = ASSAY_EXPORT_DIALOG (widget);
  const char *path = g_variant_get_string (param, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *name = g_filename_display_basename (path);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) recipients = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GError) error = NULL;
  AssayExportOptions options = { NULL, NULL, NULL };
  AssayExportSummary summary = { 0, 0 };
  guint n_audits;

  update_state (self);
  if (self->problem != NULL)
    return;

  for (guint i = 0; i < self->recipient_rows->len; i++)
    {
      GtkEditable *row = g_ptr_array_index (self->recipient_rows, i);
      g_autofree char *identity = normalize_identity (gtk_editable_get_text (row));

      /* Blank rows are left for later; the author is always a recipient */
      if (*identity == '\0' || g_ascii_strcasecmp (identity, get_own_identity (self)) == 0 ||
          g_hash_table_contains (seen, identity))
        continue;

      g_strv_builder_add (builder, identity);
      g_hash_table_add (seen, g_steal_pointer (&identity));
    }
  recipients = g_strv_builder_end (builder);
  options.recipients = (const char * const *) recipients;

  if (adw_expander_row_get_enable_expansion (self->passphrase_expander))
    options.passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));

  if (adw_expander_row_get_enable_expansion (self->since_expander))
    {
      parse_date (gtk_editable_get_text (GTK_EDITABLE (self->since_row)), &since);
      options.since = since;
    }

  if (!assay_bundle_export (assay_session_get_store (self->session), file, &options, &summary,
                            NULL, &error))
    {
      show_error (self, name, error);
      return;
    }

  n_audits = count_audits (self, since);

  g_object_ref (self);
  g_signal_emit (self, signals[EXPORTED], 0, path, n_audits);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
on_chooser_response (AssayExportDialog *self,
                     int                response,
                     GtkNativeDialog   *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autofree char *path = assay_gui_chooser_get_path (chooser);

      if (path != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "export-dialog.export-to", "s", path);
      else
        adw_toast_overlay_add_toast (self->toast_overlay,
                                     adw_toast_new (_("Bundles can only be saved on this "
                                                      "computer")));
    }

  assay_gui_chooser_close (&self->chooser, chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AssayExportDialog *self = ASSAY_EXPORT_DIALOG (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *slug = NULL;
  g_autofree char *suggested = NULL;
  GtkFileChooserNative *chooser;

  chooser = assay_gui_chooser_new (&self->chooser, widget, _("Export Bundle"),
                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"));
  if (chooser == NULL)
    return;

  slug = name_slug (assay_vault_get_name (assay_session_get_vault (self->session)));
  suggested = g_strdup_printf ("assay-%s-%s.assay", slug, date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  assay_gui_chooser_add_filter (chooser, _("Assay Bundles"), "assay");

  assay_gui_chooser_show (&self->chooser, chooser, G_CALLBACK (on_chooser_response), self);
}

static void
assay_export_dialog_dispose (GObject *object)
{
  AssayExportDialog *self = ASSAY_EXPORT_DIALOG (object);

  assay_gui_chooser_close (&self->chooser, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_EXPORT_DIALOG);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (assay_export_dialog_parent_class)->dispose (object);
}

static void
assay_export_dialog_finalize (GObject *object)
{
  AssayExportDialog *self = ASSAY_EXPORT_DIALOG (object);

  g_clear_pointer (&self->recipient_rows, g_ptr_array_unref);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (assay_export_dialog_parent_class)->finalize (object);
}

static void
assay_export_dialog_class_init (AssayExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_export_dialog_dispose;
  object_class->finalize = assay_export_dialog_finalize;

  signals[EXPORTED] =
    g_signal_new ("exported",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayExportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AssayExportDialog, recipients_group);
  gtk_widget_class_bind_template_child (widget_class, AssayExportDialog, passphrase_expander);
  gtk_widget_class_bind_template_child (widget_class, AssayExportDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, AssayExportDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, AssayExportDialog, since_expander);
  gtk_widget_class_bind_template_child (widget_class, AssayExportDialog, since_row);
  gtk_widget_class_bind_template_child (widget_class, AssayExportDialog, calendar_button);
  gtk_widget_class_bind_template_child (widget_class, AssayExportDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, AssayExportDialog, identity_row);
  gtk_widget_class_bind_template_child (widget_class, AssayExportDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);

  gtk_widget_class_install_action (widget_class, "export-dialog.add-recipient", NULL,
                                   add_recipient_action);
  gtk_widget_class_install_action (widget_class, "export-dialog.copy-identity", NULL,
                                   copy_identity_action);
  gtk_widget_class_install_action (widget_class, "export-dialog.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "export-dialog.export-to", "s",
                                   export_to_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* libadwaita 1.2 gives an expander row's enable switch no accessible
 * name, so a screen reader says only "switch": name it after its row.
 * The switch is the first one in the row, in its header. */
static void
name_enable_switch (AdwExpanderRow *row)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  g_autoptr(GString) name = g_string_new (NULL);
  GtkWidget *widget = GTK_WIDGET (row);

  while (widget != NULL && !GTK_IS_SWITCH (widget))
    {
      GtkWidget *next = gtk_widget_get_first_child (widget);

      while (next == NULL && widget != GTK_WIDGET (row))
        {
          next = gtk_widget_get_next_sibling (widget);
          if (next == NULL)
            widget = gtk_widget_get_parent (widget);
        }
      widget = next;
    }
  g_return_if_fail (widget != NULL);

  /* The title has a mnemonic: "_" marks it, "__" is an underscore */
  for (const char *p = title; *p != '\0'; p++)
    if (*p != '_' || *++p == '_')
      {
        if (*p == '\0')
          break;
        g_string_append_c (name, *p);
      }

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name->str,
                                  -1);
}

static void
assay_export_dialog_init (AssayExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->recipient_rows = g_ptr_array_new ();

  name_enable_switch (self->passphrase_expander);
  name_enable_switch (self->since_expander);
}

AssayExportDialog *
assay_export_dialog_new (GtkWindow    *parent,
                         AssaySession *session)
{
  AssayExportDialog *self;
  g_autofree char *identity = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ASSAY_IS_SESSION (session), NULL);

  self = g_object_new (ASSAY_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->session = g_object_ref (session);

  identity = assay_identity_format (get_own_identity (self));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->identity_row), identity);

  add_recipient (self, NULL);
  update_state (self);

  return self;
}

GPtrArray *
_assay_export_dialog_get_recipient_rows (AssayExportDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_EXPORT_DIALOG (self), NULL);

  return self->recipient_rows;
}

AdwExpanderRow *
_assay_export_dialog_get_passphrase_expander (AssayExportDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_EXPORT_DIALOG (self), NULL);

  return self->passphrase_expander;
}

AdwPasswordEntryRow *
_assay_export_dialog_get_passphrase_row (AssayExportDialog *self,
                                         gboolean           confirm)
{
  g_return_val_if_fail (ASSAY_IS_EXPORT_DIALOG (self), NULL);

  return confirm ? self->confirm_row : self->passphrase_row;
}

AdwExpanderRow *
_assay_export_dialog_get_since_expander (AssayExportDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_EXPORT_DIALOG (self), NULL);

  return self->since_expander;
}

AdwEntryRow *
_assay_export_dialog_get_since_row (AssayExportDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_EXPORT_DIALOG (self), NULL);

  return self->since_row;
}

AdwActionRow *
_assay_export_dialog_get_identity_row (AssayExportDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_EXPORT_DIALOG (self), NULL);

  return self->identity_row;
}

const char *
_assay_export_dialog_get_problem (AssayExportDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_EXPORT_DIALOG (self), NULL);

  return self->problem;
}
