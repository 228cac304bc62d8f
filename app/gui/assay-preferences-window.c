/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-agency.h"
#include "assay-grade.h"
#include "assay-identity.h"
#include "assay-preferences-window-private.h"

/*
 * Preferences. The idle time and the grade labels are settings of this
 * computer, in GSettings, and apply at once. The moderator's name and agency
 * are sealed in the vault: they can only be read or changed while it is
 * unlocked, and they leave the screen when it locks. The public identity
 * is not a secret and stays, so it can be read out even while locked.
 */
struct _AssayPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  GtkSpinButton        *idle_spin;
  AdwEntryRow          *gold_row;
  AdwEntryRow          *silver_row;
  AdwEntryRow          *bronze_row;
  AdwEntryRow          *not_yet_bronze_row;
  AdwEntryRow          *name_row;
  AdwComboRow          *agency_row;
  GtkWidget            *locked_row;
  AdwActionRow         *identity_row;

  AssayVault           *vault;
  GSettings            *settings;
  GtkStringList        *agency_model;
  GPtrArray            *agency_ids;   /* parallel to agency_model */

  /* Set while the rows are filled from the vault, so that filling them is
   * not taken for an edit. */
  gboolean              loading;
};

G_DEFINE_FINAL_TYPE (AssayPreferencesWindow, assay_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_VAULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  AssayGrade  grade;
  const char *key;
  gsize       row_offset;
} label_rows[] = {
  { ASSAY_GRADE_GOLD, "label-gold",
    G_STRUCT_OFFSET (AssayPreferencesWindow, gold_row) },
  { ASSAY_GRADE_SILVER, "label-silver",
    G_STRUCT_OFFSET (AssayPreferencesWindow, silver_row) },
  { ASSAY_GRADE_BRONZE, "label-bronze",
    G_STRUCT_OFFSET (AssayPreferencesWindow, bronze_row) },
  { ASSAY_GRADE_NOT_YET_BRONZE, "label-not-yet-bronze",
    G_STRUCT_OFFSET (AssayPreferencesWindow, not_yet_bronze_row) },
};

static AdwEntryRow *
label_row (AssayPreferencesWindow *self,
           guint                   i)
{
  return G_STRUCT_MEMBER (AdwEntryRow *, self, label_rows[i].row_offset);
}

static void
fill_agencies (AssayPreferencesWindow *self,
               const char             *current)
{
  const AssayAgency *agencies;
  guint n_agencies;
  guint n_items;
  guint selected = 0;

  agencies = assay_agency_get_all (&n_agencies);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->agency_model));
  gtk_string_list_splice (self->agency_model, 0, n_items, NULL);
  g_ptr_array_set_size (self->agency_ids, 0);

  for (guint i = 0; i < n_agencies; i++)
    {
      gtk_string_list_append (self->agency_model, _(agencies[i].label));
      g_ptr_array_add (self->agency_ids, g_strdup (agencies[i].id));
      if (g_strcmp0 (agencies[i].id, current) == 0)
        selected = i;
    }

  /* The command line takes any agency: keep one it wrote rather than
   * replacing it with the first of ours. */
  if (current != NULL && *current != '\0' && assay_agency_find (current) < 0)
    {
      gtk_string_list_append (self->agency_model, current);
      g_ptr_array_add (self->agency_ids, g_strdup (current));
      selected = self->agency_ids->len - 1;
    }

  adw_combo_row_set_selected (self->agency_row, selected);
}

static void
update_profile_rows (AssayPreferencesWindow *self)
{
  gboolean unlocked = self->vault != NULL && !assay_vault_get_locked (self->vault);

  self->loading = TRUE;

  if (unlocked)
    {
      const char *name = assay_vault_get_name (self->vault);

      gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
      fill_agencies (self, assay_vault_get_agency (self->vault));
    }
  else
    {
      guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->agency_model));

      /* Nothing sealed lingers on screen once the keys are gone */
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
      gtk_string_list_splice (self->agency_model, 0, n_items, NULL);
      g_ptr_array_set_size (self->agency_ids, 0);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), unlocked);
  gtk_widget_set_sensitive (GTK_WIDGET (self->agency_row), unlocked);
  gtk_widget_set_visible (self->locked_row, !unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.save-profile", unlocked);

  self->loading = FALSE;
}

static void
preferences_save_profile_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  AssayPreferencesWindow *self = ASSAY_PREFERENCES_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  guint selected;
  const char *agency = NULL;

  if (self->vault == NULL || assay_vault_get_locked (self->vault))
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (*name == '\0')
    {
      /* Every audit records who did it */
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("Your name cannot be empty")));
      return;
    }

  selected = adw_combo_row_get_selected (self->agency_row);
  if (selected < self->agency_ids->len)
    agency = g_ptr_array_index (self->agency_ids, selected);

  if (g_strcmp0 (name, assay_vault_get_name (self->vault)) == 0
      && g_strcmp0 (agency, assay_vault_get_agency (self->vault)) == 0)
    return;

  if (!assay_vault_set_profile (self->vault, name, agency, &error))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (error->message));
      return;
    }
}

static void
update_identity_row (AssayPreferencesWindow *self)
{
  const char *identity = self->vault != NULL ? assay_vault_get_identity (self->vault) : NULL;
  g_autofree char *text = assay_identity_format (identity);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->identity_row), text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.copy-identity",
                                 identity != NULL);
}

/* As `assay-cli identity` prints it, without the spaces shown for reading:
 * what a colleague pastes as a recipient */
static void
preferences_copy_identity_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  AssayPreferencesWindow *self = ASSAY_PREFERENCES_WINDOW (widget);
  const char *identity;

  if (self->vault == NULL || (identity = assay_vault_get_identity (self->vault)) == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), identity);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Identity copied")));
}

static void
on_name_apply (AssayPreferencesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "preferences.save-profile", NULL);
}

static void
on_agency_selected (AssayPreferencesWindow *self)
{
  if (self->loading)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "preferences.save-profile", NULL);
}

static void
assay_preferences_window_dispose (GObject *object)
{
  AssayPreferencesWindow *self = ASSAY_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->vault);
  g_clear_object (&self->settings);
  g_clear_object (&self->agency_model);

  G_OBJECT_CLASS (assay_preferences_window_parent_class)->dispose (object);
}

static void
assay_preferences_window_finalize (GObject *object)
{
  AssayPreferencesWindow *self = ASSAY_PREFERENCES_WINDOW (object);

  g_clear_pointer (&self->agency_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (assay_preferences_window_parent_class)->finalize (object);
}

static void
assay_preferences_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  AssayPreferencesWindow *self = ASSAY_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VAULT:
      g_value_set_object (value, self->vault);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_preferences_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  AssayPreferencesWindow *self = ASSAY_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VAULT:
      self->vault = g_value_dup_object (value);
      if (self->vault != NULL)
        g_signal_connect_object (self->vault, "notify::locked",
                                 G_CALLBACK (update_profile_rows), self,
                                 G_CONNECT_SWAPPED);
      update_profile_rows (self);
      update_identity_row (self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_preferences_window_class_init (AssayPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_preferences_window_dispose;
  object_class->finalize = assay_preferences_window_finalize;
  object_class->get_property = assay_preferences_window_get_property;
  object_class->set_property = assay_preferences_window_set_property;

  properties[PROP_VAULT] =
    g_param_spec_object ("vault", NULL, NULL,
                         ASSAY_TYPE_VAULT,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayPreferencesWindow, idle_spin);
  gtk_widget_class_bind_template_child (widget_class, AssayPreferencesWindow, gold_row);
  gtk_widget_class_bind_template_child (widget_class, AssayPreferencesWindow, silver_row);
  gtk_widget_class_bind_template_child (widget_class, AssayPreferencesWindow, bronze_row);
  gtk_widget_class_bind_template_child (widget_class, AssayPreferencesWindow, not_yet_bronze_row);
  gtk_widget_class_bind_template_child (widget_class, AssayPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, AssayPreferencesWindow, agency_row);
  gtk_widget_class_bind_template_child (widget_class, AssayPreferencesWindow, locked_row);
  gtk_widget_class_bind_template_child (widget_class, AssayPreferencesWindow, identity_row);
  gtk_widget_class_bind_template_callback (widget_class, on_name_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_agency_selected);

  gtk_widget_class_install_action (widget_class, "preferences.save-profile", NULL,
                                   preferences_save_profile_action);
  gtk_widget_class_install_action (widget_class, "preferences.copy-identity", NULL,
                                   preferences_copy_identity_action);
}

static void
assay_preferences_window_init (AssayPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->agency_ids = g_ptr_array_new_with_free_func (g_free);
  self->agency_model = gtk_string_list_new (NULL);
  self->loading = TRUE;
  adw_combo_row_set_model (self->agency_row, G_LIST_MODEL (self->agency_model));
  self->loading = FALSE;

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "idle-lock-minutes",
                   self->idle_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);

  /* The row's title is the grade's default word: when the label is left
   * empty, that is the word audits show (or the framework's own). */
  for (guint i = 0; i < G_N_ELEMENTS (label_rows); i++)
    {
      AdwEntryRow *row = label_row (self, i);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     assay_grade_get_default_label (label_rows[i].grade));
      g_settings_bind (self->settings, label_rows[i].key, row, "text", G_SETTINGS_BIND_DEFAULT);
    }

  update_profile_rows (self);
  update_identity_row (self);
}

AssayPreferencesWindow *
assay_preferences_window_new (AssayVault *vault)
{
  g_return_val_if_fail (vault == NULL || ASSAY_IS_VAULT (vault), NULL);

  return g_object_new (ASSAY_TYPE_PREFERENCES_WINDOW, "vault", vault, NULL);
}

AssayVault *
assay_preferences_window_get_vault (AssayPreferencesWindow *self)
{
  g_return_val_if_fail (ASSAY_IS_PREFERENCES_WINDOW (self), NULL);

  return self->vault;
}

GtkSpinButton *
_assay_preferences_window_get_idle_spin (AssayPreferencesWindow *self)
{
  return self->idle_spin;
}

GtkEditable *
_assay_preferences_window_get_label_row (AssayPreferencesWindow *self,
                                         const char             *grade)
{
  for (guint i = 0; i < G_N_ELEMENTS (label_rows); i++)
    {
      if (g_strcmp0 (assay_grade_to_token (label_rows[i].grade), grade) == 0)
        return GTK_EDITABLE (label_row (self, i));
    }

  return NULL;
}

GtkEditable *
_assay_preferences_window_get_name_row (AssayPreferencesWindow *self)
{
  return GTK_EDITABLE (self->name_row);
}

AdwComboRow *
_assay_preferences_window_get_agency_row (AssayPreferencesWindow *self)
{
  return self->agency_row;
}

GtkWidget *
_assay_preferences_window_get_locked_row (AssayPreferencesWindow *self)
{
  return self->locked_row;
}

AdwActionRow *
_assay_preferences_window_get_identity_row (AssayPreferencesWindow *self)
{
  return self->identity_row;
}
