/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-new-audit-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-new-audit-dialog-private.h"

/* The framework most audits use, chosen unless the moderator picks another */
#define DEFAULT_FRAMEWORK "ehcp-new"

struct _AssayNewAuditDialog
{
  AdwWindow        parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkListBox      *frameworks_list;
  GtkSwitch       *blind_switch;

  AssaySession    *session;
  char            *case_ref;
  GPtrArray       *checks;      /* GtkCheckButton per row, in list order */
  GPtrArray       *frameworks;  /* AssayFramework per row */
};

G_DEFINE_FINAL_TYPE (AssayNewAuditDialog, assay_new_audit_dialog, ADW_TYPE_WINDOW)

enum {
  AUDIT_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "plan") == 0)
    return _("EHC plan");
  if (g_strcmp0 (kind, "annual-review") == 0)
    return _("Plan after annual review");
  if (g_strcmp0 (kind, "advice") == 0)
    return _("Contributing advice");
  if (g_strcmp0 (kind, "setting-visit") == 0)
    return _("Setting visit");

  return kind;
}

static const char *
agency_label (const char *agency)
{
  if (g_strcmp0 (agency, "all") == 0)
    return _("All agencies");
  if (g_strcmp0 (agency, "send-casework") == 0)
    return _("SEND casework");
  if (g_strcmp0 (agency, "education") == 0)
    return _("Education");
  if (g_strcmp0 (agency, "educational-psychology") == 0)
    return _("Educational psychology");
  if (g_strcmp0 (agency, "health") == 0)
    return _("Health");
  if (g_strcmp0 (agency, "social-care") == 0)
    return _("Social care");

  return agency;
}

static AssayFramework *
selected_framework (AssayNewAuditDialog *self)
{
  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (self->checks->pdata[i]))
      return self->frameworks->pdata[i];

  return NULL;
}

static void
update_start (AssayNewAuditDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-audit.start",
                                 self->session != NULL && selected_framework (self) != NULL);
}

static void
populate (AssayNewAuditDialog *self)
{
  g_autoptr(GPtrArray) all = assay_frameworks_list (assay_session_get_frameworks (self->session));
  GtkCheckButton *group = NULL;
  int preferred = -1;

  for (guint i = 0; i < all->len; i++)
    {
      AssayFramework *framework = all->pdata[i];
      AssayFramework *newest;
      GtkWidget *row, *check;
      g_autofree char *subtitle = NULL;

      /* Audits start on the newest version; older ones stay for old audits. */
      newest = assay_frameworks_lookup (assay_session_get_frameworks (self->session),
                                        assay_framework_get_id (framework), NULL, NULL);
      if (newest != framework)
        {
          g_clear_object (&newest);
          continue;
        }
      g_clear_object (&newest);

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     assay_framework_get_title (framework));
      /* Translators: kind of framework · agency it is for · version */
      subtitle = g_strdup_printf (_("%s · %s · version %s"),
                                  kind_label (assay_framework_get_kind (framework)),
                                  agency_label (assay_framework_get_agency (framework)),
                                  assay_framework_get_version (framework));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (assay_framework_get_description (framework) != NULL)
        gtk_widget_set_tooltip_text (row, assay_framework_get_description (framework));

      check = gtk_check_button_new ();
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      assay_framework_get_title (framework),
                                      -1);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (update_start), self,
                               G_CONNECT_SWAPPED);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

      gtk_list_box_append (self->frameworks_list, row);
      g_ptr_array_add (self->checks, check);
      g_ptr_array_add (self->frameworks, g_object_ref (framework));

      if (g_strcmp0 (assay_framework_get_id (framework), DEFAULT_FRAMEWORK) == 0)
        preferred = (int) self->checks->len - 1;
    }

  if (self->checks->len > 0)
    gtk_check_button_set_active (self->checks->pdata[MAX (preferred, 0)], TRUE);

  update_start (self);
}

static void
new_audit_start_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  AssayNewAuditDialog *self = ASSAY_NEW_AUDIT_DIALOG (widget);
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(GError) error = NULL;
  AssayFramework *framework = selected_framework (self);

  if (self->session == NULL || framework == NULL)
    return;

  audit = assay_audit_create (assay_session_get_store (self->session), framework,
                              self->case_ref, gtk_switch_get_active (self->blind_switch),
                              &error);
  if (audit == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  g_signal_emit (self, signals[AUDIT_CREATED], 0, audit);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
assay_new_audit_dialog_dispose (GObject *object)
{
  AssayNewAuditDialog *self = ASSAY_NEW_AUDIT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_NEW_AUDIT_DIALOG);
  g_clear_object (&self->session);
  if (self->checks != NULL)
    g_ptr_array_set_size (self->checks, 0);

  G_OBJECT_CLASS (assay_new_audit_dialog_parent_class)->dispose (object);
}

static void
assay_new_audit_dialog_finalize (GObject *object)
{
  AssayNewAuditDialog *self = ASSAY_NEW_AUDIT_DIALOG (object);

  g_clear_pointer (&self->case_ref, g_free);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->frameworks, g_ptr_array_unref);

  G_OBJECT_CLASS (assay_new_audit_dialog_parent_class)->finalize (object);
}

static void
assay_new_audit_dialog_class_init (AssayNewAuditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_new_audit_dialog_dispose;
  object_class->finalize = assay_new_audit_dialog_finalize;

  signals[AUDIT_CREATED] =
    g_signal_new ("audit-created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ASSAY_TYPE_AUDIT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-new-audit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayNewAuditDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AssayNewAuditDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, AssayNewAuditDialog, frameworks_list);
  gtk_widget_class_bind_template_child (widget_class, AssayNewAuditDialog, blind_switch);

  gtk_widget_class_install_action (widget_class, "new-audit.start", NULL, new_audit_start_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "new-audit.start", NULL);
}

static void
assay_new_audit_dialog_init (AssayNewAuditDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->checks = g_ptr_array_new ();
  self->frameworks = g_ptr_array_new_with_free_func (g_object_unref);
  update_start (self);
}

AssayNewAuditDialog *
assay_new_audit_dialog_new (GtkWindow    *parent,
                            AssaySession *session,
                            const char   *case_ref)
{
  AssayNewAuditDialog *self;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ASSAY_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  self = g_object_new (ASSAY_TYPE_NEW_AUDIT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->session = g_object_ref (session);
  self->case_ref = g_strdup (case_ref);

  /* Translators: %s is the case reference of the plan to audit */
  subtitle = g_strdup_printf (_("Plan %s"), case_ref);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  populate (self);

  return self;
}

const char *
assay_new_audit_dialog_get_case_ref (AssayNewAuditDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_NEW_AUDIT_DIALOG (self), NULL);

  return self->case_ref;
}

gboolean
_assay_new_audit_dialog_select_framework (AssayNewAuditDialog *self,
                                          const char          *id)
{
  for (guint i = 0; i < self->frameworks->len; i++)
    if (g_strcmp0 (assay_framework_get_id (self->frameworks->pdata[i]), id) == 0)
      {
        gtk_check_button_set_active (self->checks->pdata[i], TRUE);
        return TRUE;
      }

  return FALSE;
}

const char *
_assay_new_audit_dialog_get_selected (AssayNewAuditDialog *self)
{
  AssayFramework *framework = selected_framework (self);

  return framework != NULL ? assay_framework_get_id (framework) : NULL;
}

GtkSwitch *
_assay_new_audit_dialog_get_blind_switch (AssayNewAuditDialog *self)
{
  return self->blind_switch;
}

GtkListBox *
_assay_new_audit_dialog_get_frameworks_list (AssayNewAuditDialog *self)
{
  return self->frameworks_list;
}
