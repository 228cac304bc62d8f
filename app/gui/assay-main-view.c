/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-main-view"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-agency.h"
#include "assay-audit-editor.h"
#include "assay-audits-page.h"
#include "assay-blind-rule.h"
#include "assay-caseload-page.h"
#include "assay-contacts-window.h"
#include "assay-gui-util.h"
#include "assay-main-view-private.h"
#include "assay-moderation-page.h"
#include "assay-new-audit-dialog.h"
#include "assay-samples-page.h"
#include "assay-session.h"

/*
 * What an unlocked vault shows: a sidebar of the areas of work and, beside
 * it, the selected area. The leaflet folds the two into one column on
 * narrow windows.
 */
struct _AssayMainView
{
  AdwBin          parent_instance;

  /* Template widgets */
  AdwLeaflet     *leaflet;
  GtkWidget      *sidebar;
  GtkListBox     *sidebar_list;
  GtkWidget      *content;
  AdwWindowTitle *content_title;
  GtkStack       *content_stack;
  AdwAvatar      *avatar;
  GtkLabel       *name_label;
  GtkLabel       *agency_label;
  AssayCaseloadPage *caseload_page;
  AssaySamplesPage  *samples_page;
  AssayAuditsPage   *audits_page;
  AssayModerationPage *moderation_page;
  AssayAuditEditor  *audit_editor;   /* owned by content_stack */

  AssayVault     *vault;
  AssaySession   *session;
  /* The audit that was open when the vault locked, reopened on unlock. */
  char           *resume_audit_id;
  GMenuModel     *menu_model;
};

G_DEFINE_FINAL_TYPE (AssayMainView, assay_main_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VAULT,
  PROP_MENU_MODEL,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* In the order of the sidebar rows */
static const char * const page_names[] = {
  "caseload",
  "samples",
  "audits",
  "moderation",
};

static int
page_index (const char *page)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    {
      if (g_strcmp0 (page_names[i], page) == 0)
        return (int) i;
    }

  return -1;
}

static void
update_profile (AssayMainView *self)
{
  const char *name = NULL;
  const char *agency = NULL;

  /* Name and agency are sealed in the vault: there is nothing to show, and
   * nothing should linger on screen, while it is locked. */
  if (self->vault != NULL && !assay_vault_get_locked (self->vault))
    {
      name = assay_vault_get_name (self->vault);
      agency = assay_vault_get_agency (self->vault);
    }

  gtk_label_set_text (self->name_label, name != NULL ? name : "");
  gtk_label_set_text (self->agency_label, agency != NULL ? assay_agency_get_label (agency) : "");
  gtk_widget_set_visible (GTK_WIDGET (self->agency_label), agency != NULL && *agency != '\0');
  adw_avatar_set_text (self->avatar, name);
}

static void
update_title (AssayMainView *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->content_stack);
  GtkStackPage *page;

  if (child == NULL)
    return;

  page = gtk_stack_get_page (self->content_stack, child);
  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (page));
}

/* A session lives from unlock to lock: the pages hold decrypted data only
 * through it, and drop it when the vault locks. */
static void
set_session (AssayMainView *self,
             AssaySession  *session)
{
  g_set_object (&self->session, session);
  assay_caseload_page_set_session (self->caseload_page, session);
  assay_samples_page_set_session (self->samples_page, session);
  assay_audits_page_set_session (self->audits_page, session);
  assay_moderation_page_set_session (self->moderation_page, session);
  assay_audit_editor_set_session (self->audit_editor, session);
}

static void
update_session (AssayMainView *self)
{
  g_autoptr(AssaySession) session = NULL;

  if (self->vault != NULL && !assay_vault_get_locked (self->vault))
    session = self->session != NULL && assay_session_get_vault (self->session) == self->vault
                ? g_object_ref (self->session)
                : assay_session_new (self->vault);

  set_session (self, session);
}

/* A new, empty editor in place of the one there was. Emptying the old one
 * would leave widgets it made for the audit (headings, notes, the case
 * reference) in the widget and accessibility trees while the vault is
 * locked; destroyed, nothing of the audit is left to read. */
static void
replace_audit_editor (AssayMainView *self)
{
  gboolean shown = g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack),
                              "audit") == 0;
  GtkStackPage *page;

  if (self->audit_editor != NULL)
    gtk_stack_remove (self->content_stack, GTK_WIDGET (self->audit_editor));

  self->audit_editor = g_object_new (ASSAY_TYPE_AUDIT_EDITOR, NULL);
  page = gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->audit_editor), "audit");
  gtk_stack_page_set_title (page, _("Audit"));
  assay_audit_editor_set_session (self->audit_editor, self->session);

  if (shown)
    gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (self->audit_editor));
}

/* Ending the session while the keys still exist lets the pages save what
 * they hold (a half-typed note, a delete waiting on its undo toast). */
static void
on_vault_locking (AssayMainView *self)
{
  AssayAudit *audit = assay_audit_editor_get_audit (self->audit_editor);

  g_clear_pointer (&self->resume_audit_id, g_free);
  if (audit != NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "audit") == 0)
    self->resume_audit_id = g_strdup (assay_audit_get_id (audit));

  set_session (self, NULL);
  replace_audit_editor (self);
}

static void
on_vault_locked_changed (AssayMainView *self)
{
  update_profile (self);
  update_session (self);

  /* Unlocking returns the moderator to the audit they were in. */
  if (self->session != NULL && self->resume_audit_id != NULL)
    {
      g_autofree char *id = g_steal_pointer (&self->resume_audit_id);

      gtk_widget_activate_action (GTK_WIDGET (self), "main.open-audit", "s", id);
    }
}

static void
on_row_selected (AssayMainView *self,
                 GtkListBoxRow *row)
{
  int index;

  if (row == NULL)
    return;

  index = gtk_list_box_row_get_index (row);
  if (index < 0 || index >= (int) G_N_ELEMENTS (page_names))
    return;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), page_names[index]) == 0)
    return;

  gtk_stack_set_visible_child_name (self->content_stack, page_names[index]);
  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
on_row_activated (AssayMainView *self,
                  GtkListBoxRow *row)
{
  /* Folded, choosing an area means going to it */
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
on_folded_changed (AssayMainView *self)
{
  /* Unfolded, both panes show; folded, start where the choices are */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
main_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  AssayMainView *self = ASSAY_MAIN_VIEW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
main_show_page_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  AssayMainView *self = ASSAY_MAIN_VIEW (widget);

  assay_main_view_set_page (self, g_variant_get_string (param, NULL));
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/* The address book, from the primary menu: a window of its own, as
 * Preferences is, that closes itself when the vault locks. */
static void
main_show_contacts_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  AssayMainView *self = ASSAY_MAIN_VIEW (widget);
  AssayContactsWindow *contacts;
  GtkWindow *parent = assay_gui_get_parent_window (widget);

  if (self->session == NULL)
    return;

  /* One is enough */
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (ASSAY_IS_CONTACTS_WINDOW (l->data))
      {
        gtk_window_present (GTK_WINDOW (l->data));
        g_list_free (l);
        return;
      }

  contacts = assay_contacts_window_new (self->session);
  gtk_window_set_transient_for (GTK_WINDOW (contacts), parent);
  if (parent != NULL && gtk_window_get_application (parent) != NULL)
    gtk_window_set_application (GTK_WINDOW (contacts), gtk_window_get_application (parent));
  gtk_window_present (GTK_WINDOW (contacts));
}

static void
show_audit (AssayMainView *self,
            AssayAudit    *audit)
{
  assay_audit_editor_set_audit (self->audit_editor, audit);
  gtk_stack_set_visible_child_name (self->content_stack, "audit");
  update_title (self);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  assay_audit_editor_focus_current (self->audit_editor);
}

/* Pages ask for an audit to be opened in the editor with this action. */
static void
main_open_audit_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  AssayMainView *self = ASSAY_MAIN_VIEW (widget);
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(GError) error = NULL;

  if (self->session == NULL)
    return;

  audit = assay_audit_open (assay_session_get_store (self->session),
                            assay_session_get_frameworks (self->session),
                            g_variant_get_string (param, NULL), &error);
  if (audit == NULL)
    {
      GtkWidget *toast_target = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

      g_debug ("Could not open audit: %s", error->message);
      if (toast_target != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (toast_target),
                                     adw_toast_new (error->message));
      return;
    }

  /* A colleague's audit of a plan this installation is auditing blind
   * shows nothing of its grades until both are finished: not even read-only */
  if (!assay_audit_is_own (audit) &&
      assay_blind_rule_hides_in_store (assay_session_get_store (self->session),
                                       assay_session_get_frameworks (self->session), audit,
                                       NULL))
    {
      assay_gui_show_toast (widget, _("Hidden until both blind audits are finished"));
      return;
    }

  show_audit (self, audit);
}

static void
on_audit_created (AssayMainView       *self,
                  AssayAudit          *audit,
                  AssayNewAuditDialog *dialog)
{
  if (self->session == NULL)
    return;

  assay_session_changed (self->session, "audits");
  show_audit (self, audit);
}

/* Pages start an audit of a plan with this action: the moderator picks the
 * framework in a dialog, then the new audit opens in the editor. */
static void
main_start_audit_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  AssayMainView *self = ASSAY_MAIN_VIEW (widget);
  AssayNewAuditDialog *dialog;

  if (self->session == NULL)
    return;

  dialog = assay_new_audit_dialog_new (assay_gui_get_parent_window (widget),
                                       self->session, g_variant_get_string (param, NULL));
  g_signal_connect_object (dialog, "audit-created", G_CALLBACK (on_audit_created), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
assay_main_view_dispose (GObject *object)
{
  AssayMainView *self = ASSAY_MAIN_VIEW (object);


  /* The leaflet is both AdwBin's child and a template child: let the bin
   * give it up first, so it is not unparented twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_MAIN_VIEW);
  self->audit_editor = NULL;

  g_clear_object (&self->session);
  g_clear_pointer (&self->resume_audit_id, g_free);
  g_clear_object (&self->vault);
  g_clear_object (&self->menu_model);

  G_OBJECT_CLASS (assay_main_view_parent_class)->dispose (object);
}

static void
assay_main_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AssayMainView *self = ASSAY_MAIN_VIEW (object);

  switch (prop_id)
    {
    case PROP_VAULT:
      g_value_set_object (value, self->vault);
      break;

    case PROP_MENU_MODEL:
      g_value_set_object (value, self->menu_model);
      break;

    case PROP_PAGE:
      g_value_set_string (value, assay_main_view_get_page (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_main_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AssayMainView *self = ASSAY_MAIN_VIEW (object);

  switch (prop_id)
    {
    case PROP_VAULT:
      assay_main_view_set_vault (self, g_value_get_object (value));
      break;

    case PROP_MENU_MODEL:
      assay_main_view_set_menu_model (self, g_value_get_object (value));
      break;

    case PROP_PAGE:
      assay_main_view_set_page (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_main_view_class_init (AssayMainViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_main_view_dispose;
  object_class->get_property = assay_main_view_get_property;
  object_class->set_property = assay_main_view_set_property;

  properties[PROP_VAULT] = assay_gui_param_spec_object ("vault", ASSAY_TYPE_VAULT);
  properties[PROP_MENU_MODEL] = assay_gui_param_spec_object ("menu-model", G_TYPE_MENU_MODEL);

  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL,
                         "caseload",
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-main-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayMainView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AssayMainView, sidebar);
  gtk_widget_class_bind_template_child (widget_class, AssayMainView, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, AssayMainView, content);
  gtk_widget_class_bind_template_child (widget_class, AssayMainView, content_title);
  gtk_widget_class_bind_template_child (widget_class, AssayMainView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, AssayMainView, avatar);
  gtk_widget_class_bind_template_child (widget_class, AssayMainView, name_label);
  gtk_widget_class_bind_template_child (widget_class, AssayMainView, agency_label);
  gtk_widget_class_bind_template_child (widget_class, AssayMainView, caseload_page);
  gtk_widget_class_bind_template_child (widget_class, AssayMainView, samples_page);
  gtk_widget_class_bind_template_child (widget_class, AssayMainView, audits_page);
  gtk_widget_class_bind_template_child (widget_class, AssayMainView, moderation_page);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_folded_changed);

  gtk_widget_class_install_action (widget_class, "main.back", NULL, main_back_action);
  gtk_widget_class_install_action (widget_class, "main.show-page", "s", main_show_page_action);
  gtk_widget_class_install_action (widget_class, "main.open-audit", "s", main_open_audit_action);
  gtk_widget_class_install_action (widget_class, "main.show-contacts", NULL,
                                   main_show_contacts_action);
  gtk_widget_class_install_action (widget_class, "main.start-audit", "s",
                                   main_start_audit_action);

  g_type_ensure (ASSAY_TYPE_CASELOAD_PAGE);
  g_type_ensure (ASSAY_TYPE_SAMPLES_PAGE);
  g_type_ensure (ASSAY_TYPE_AUDITS_PAGE);
  g_type_ensure (ASSAY_TYPE_MODERATION_PAGE);
  g_type_ensure (ASSAY_TYPE_AUDIT_EDITOR);

  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "main.show-page", "s", page_names[i]);
}

static void
assay_main_view_init (AssayMainView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  replace_audit_editor (self);

  gtk_list_box_select_row (self->sidebar_list,
                           gtk_list_box_get_row_at_index (self->sidebar_list, 0));
  update_title (self);
}

AssayVault *
assay_main_view_get_vault (AssayMainView *self)
{
  g_return_val_if_fail (ASSAY_IS_MAIN_VIEW (self), NULL);

  return self->vault;
}

void
assay_main_view_set_vault (AssayMainView *self,
                           AssayVault    *vault)
{
  g_return_if_fail (ASSAY_IS_MAIN_VIEW (self));
  g_return_if_fail (!vault || ASSAY_IS_VAULT (vault));

  if (self->vault == vault)
    return;

  if (self->vault != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->vault, on_vault_locked_changed, self);
      g_signal_handlers_disconnect_by_func (self->vault, on_vault_locking, self);
      g_signal_handlers_disconnect_by_func (self->vault, update_profile, self);
    }

  g_set_object (&self->vault, vault);

  if (vault != NULL)
    {
      g_signal_connect_object (vault, "notify::locked",
                               G_CALLBACK (on_vault_locked_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (vault, "locking",
                               G_CALLBACK (on_vault_locking), self,
                               G_CONNECT_SWAPPED);
      /* Preferences can change the name and agency while unlocked. */
      g_signal_connect_object (vault, "notify::name",
                               G_CALLBACK (update_profile), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (vault, "notify::agency",
                               G_CALLBACK (update_profile), self,
                               G_CONNECT_SWAPPED);
    }

  update_profile (self);
  update_session (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VAULT]);
}

GMenuModel *
assay_main_view_get_menu_model (AssayMainView *self)
{
  g_return_val_if_fail (ASSAY_IS_MAIN_VIEW (self), NULL);

  return self->menu_model;
}

void
assay_main_view_set_menu_model (AssayMainView *self,
                                GMenuModel    *menu_model)
{
  g_return_if_fail (ASSAY_IS_MAIN_VIEW (self));
  g_return_if_fail (!menu_model || G_IS_MENU_MODEL (menu_model));

  if (g_set_object (&self->menu_model, menu_model))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MENU_MODEL]);
}

const char *
assay_main_view_get_page (AssayMainView *self)
{
  g_return_val_if_fail (ASSAY_IS_MAIN_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->content_stack);
}

/**
 * assay_main_view_set_page:
 * @self: a #AssayMainView
 * @page: "caseload", "samples", "audits" or "moderation"
 *
 * Selects an area of work, as if its sidebar row had been chosen.
 */
void
assay_main_view_set_page (AssayMainView *self,
                          const char    *page)
{
  int index;

  g_return_if_fail (ASSAY_IS_MAIN_VIEW (self));

  index = page_index (page);
  g_return_if_fail (index >= 0);

  /* Selecting the row switches the page and notifies */
  gtk_list_box_select_row (self->sidebar_list,
                           gtk_list_box_get_row_at_index (self->sidebar_list, index));
}

GtkLabel *
_assay_main_view_get_name_label (AssayMainView *self)
{
  return self->name_label;
}

GtkLabel *
_assay_main_view_get_agency_label (AssayMainView *self)
{
  return self->agency_label;
}

AdwLeaflet *
_assay_main_view_get_leaflet (AssayMainView *self)
{
  return self->leaflet;
}

AssaySession *
_assay_main_view_get_session (AssayMainView *self)
{
  return self->session;
}
