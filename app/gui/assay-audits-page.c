/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audits-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "assay-grade-label.h"
#include "assay-audit-status.h"
#include "assay-audits-page-private.h"
#include "assay-grade-buttons.h"
#include "assay-gui-util.h"

enum {
  STATUS_ALL,
  STATUS_DRAFTS,
  STATUS_FINISHED,
};

/* The moderator’s audits: status, grade, framework and date. */
struct _AssayAuditsPage
{
  AdwBin              parent_instance;

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkRevealer        *missing_revealer;
  GtkLabel           *missing_label;
  GtkStack           *stack;
  GtkStack           *results_stack;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkListBox         *audits_list;

  AssaySession       *session;
  GListStore         *audits;
  GtkCustomFilter    *filter;
  GtkSortListModel   *shown;
  /* Deleted drafts still in the store until their undo toast goes:
   * id -> AdwToast (unowned) */
  GHashTable         *pending_deletes;
  gboolean            stale;
};

G_DEFINE_FINAL_TYPE (AssayAuditsPage, assay_audits_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_toast (AssayAuditsPage *self,
            const char      *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static AssayAudit *
find_audit (AssayAuditsPage *self,
            const char      *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->audits)); i++)
    {
      g_autoptr(AssayAudit) audit = g_list_model_get_item (G_LIST_MODEL (self->audits), i);

      if (g_strcmp0 (assay_audit_get_id (audit), id) == 0)
        return audit;
    }

  return NULL;
}

static gboolean
contains_casefold (const char *haystack,
                   const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;

  folded = g_utf8_casefold (haystack, -1);

  return strstr (folded, needle) != NULL;
}

static gboolean
filter_audit (gpointer item,
              gpointer user_data)
{
  AssayAuditsPage *self = user_data;
  AssayAudit *audit = item;
  AssayFramework *framework = assay_audit_get_framework (audit);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean draft = assay_audit_get_status (audit) == ASSAY_AUDIT_STATUS_DRAFT;

  if (g_hash_table_contains (self->pending_deletes, assay_audit_get_id (audit)))
    return FALSE;

  switch (gtk_drop_down_get_selected (self->status_dropdown))
    {
    case STATUS_DRAFTS:
      if (!draft)
        return FALSE;
      break;
    case STATUS_FINISHED:
      if (draft)
        return FALSE;
      break;
    default:
      break;
    }

  if (search != NULL && *search != '\0')
    {
      g_autofree char *needle = g_utf8_casefold (search, -1);

      g_strstrip (needle);
      if (!contains_casefold (assay_audit_get_case (audit), needle) &&
          !contains_casefold (assay_framework_get_title (framework), needle) &&
          !contains_casefold (assay_framework_get_id (framework), needle) &&
          !g_str_has_prefix (assay_audit_get_id (audit), needle))
        return FALSE;
    }

  return TRUE;
}

/* Most recently worked on first: that is usually the one to carry on. */
static int
compare_updated (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  AssayAudit *audit_a = (AssayAudit *) a;
  AssayAudit *audit_b = (AssayAudit *) b;

  guint64 stamp_a = assay_audit_get_stamp (audit_a);
  guint64 stamp_b = assay_audit_get_stamp (audit_b);

  return stamp_a > stamp_b ? -1 : stamp_a < stamp_b;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  AssayAudit *audit = item;
  AssayFramework *framework = assay_audit_get_framework (audit);
  AssayAuditStatus status = assay_audit_get_status (audit);
  g_autoptr(AssayGrading) grading = assay_audit_compute (audit);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) menu_item = NULL;
  g_autofree char *date = assay_gui_format_date (assay_audit_get_updated (audit));
  g_autofree char *subtitle = NULL;
  g_autofree char *progress_text = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *menu_label = NULL;
  GtkWidget *row, *progress, *pill, *status_label, *menu_button;
  const char *id = assay_audit_get_id (audit);
  const char *grade_text;
  AssayGrade grade;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), assay_audit_get_case (audit));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "audit-id", g_strdup (id), g_free);

  /* Translators: framework title · the date the audit was last changed */
  subtitle = g_strdup_printf (_("%s · %s"), assay_framework_get_title (framework), date);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  progress_text = g_strdup_printf ("%u/%u", grading->n_graded, grading->n_criteria);
  progress = gtk_label_new (progress_text);
  gtk_widget_add_css_class (progress, "dim-label");
  gtk_widget_add_css_class (progress, "numeric");
  gtk_widget_set_tooltip_text (progress, _("Criteria graded"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), progress);

  /* A finished audit shows its final grade, a draft the running one. */
  grade = assay_audit_get_final (audit, NULL);
  if (grade == ASSAY_GRADE_NONE)
    grade = grading->derived;
  grade_text = grade == ASSAY_GRADE_NONE ? "–" : assay_grade_label (framework, grade);
  pill = gtk_label_new (grade_text);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (pill, "grade-pill");
  gtk_widget_add_css_class (pill, assay_grade_get_css_class (grade));
  gtk_widget_set_tooltip_text (pill, status == ASSAY_AUDIT_STATUS_DRAFT ? _("Running grade")
                                                                        : _("Final grade"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);

  status_label = gtk_label_new (assay_audit_status_get_label (status));
  gtk_widget_set_valign (status_label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (status_label, "status-pill");
  gtk_widget_add_css_class (status_label,
                            status == ASSAY_AUDIT_STATUS_DRAFT ? "draft" : "finished");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status_label);

  menu_item = g_menu_item_new (_("_Open"), NULL);
  g_menu_item_set_action_and_target (menu_item, "main.open-audit", "s", id);
  g_menu_append_item (menu, menu_item);
  g_clear_object (&menu_item);
  menu_item = g_menu_item_new (_("D_uplicate as New Draft"), NULL);
  g_menu_item_set_action_and_target (menu_item, "audits.duplicate", "s", id);
  g_menu_append_item (menu, menu_item);
  g_clear_object (&menu_item);
  /* Finished audits are the record: only drafts offer to be deleted. */
  if (status == ASSAY_AUDIT_STATUS_DRAFT)
    {
      menu_item = g_menu_item_new (_("_Delete…"), NULL);
      g_menu_item_set_action_and_target (menu_item, "audits.delete", "s", id);
      g_menu_append_item (menu, menu_item);
    }

  menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_widget_set_tooltip_text (menu_button, _("More"));
  /* Translators: %s is a case reference */
  menu_label = g_strdup_printf (_("More for the audit of %s"), assay_audit_get_case (audit));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, menu_label,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), menu_button);

  /* Translators: case, framework, status, grade, how many graded of how many */
  accessible = g_strdup_printf (_("%s, %s, %s, grade %s, %u of %u graded"),
                                assay_audit_get_case (audit), assay_framework_get_title (framework),
                                assay_audit_status_get_label (status), grade_text, grading->n_graded,
                                grading->n_criteria);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return row;
}

static void
update_visible_page (AssayAuditsPage *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->audits)); i++)
    {
      g_autoptr(AssayAudit) audit = g_list_model_get_item (G_LIST_MODEL (self->audits), i);

      if (!g_hash_table_contains (self->pending_deletes, assay_audit_get_id (audit)))
        any = TRUE;
    }

  gtk_stack_set_visible_child_name (self->stack, any ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->results_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->shown)) > 0
                                    ? "results" : "no-results");
}

static void
on_filter_changed (AssayAuditsPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_visible_page (self);
}

static void
reload (AssayAuditsPage *self)
{
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;

  self->stale = FALSE;

  if (self->session == NULL)
    {
      g_list_store_remove_all (self->audits);
      gtk_revealer_set_reveal_child (self->missing_revealer, FALSE);
      update_visible_page (self);
      return;
    }

  audits = assay_audit_list_readable (assay_session_get_store (self->session),
                                      assay_session_get_frameworks (self->session),
                                      &missing, &error);
  if (audits == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  /* Audits left out for want of their framework are still stored: say so,
   * and how to get them back */
  if (missing->len > 0)
    {
      g_autofree char *text = assay_missing_frameworks_describe (missing);

      gtk_label_set_text (self->missing_label, text);
    }
  gtk_revealer_set_reveal_child (self->missing_revealer, missing->len > 0);

  /* Colleagues' audits come in with their bundles; they are compared on
   * the Moderation page, and this page is the moderator's own work */
  for (guint i = audits->len; i > 0; i--)
    if (!assay_audit_is_own (g_ptr_array_index (audits, i - 1)))
      g_ptr_array_remove_index (audits, i - 1);

  g_list_store_splice (self->audits, 0, g_list_model_get_n_items (G_LIST_MODEL (self->audits)),
                       audits->pdata, audits->len);
  update_visible_page (self);
}

static void
on_audits_changed (AssayAuditsPage *self)
{
  if (assay_gui_reload_now (GTK_WIDGET (self), &self->stale))
    reload (self);
}

static void
on_map (AssayAuditsPage *self)
{
  if (self->stale)
    reload (self);
}

static void
on_row_activated (AssayAuditsPage *self,
                  GtkListBoxRow   *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "audit-id");

  if (id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "main.open-audit", "s", id);
}

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

  audit = find_audit (self, g_variant_get_string (param, NULL));
  if (audit == NULL || self->session == NULL)
    return;

  copy = assay_audit_duplicate (audit, &error);
  if (copy == NULL)
    {
      show_toast (self, error->message);
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

  audit = find_audit (self, id);
  if (audit == NULL)
    return;

  if (!assay_audit_delete (audit, &error))
    {
      /* Still in the store: show it again, and say why. Locked, the draft
       * simply stays, which loses nothing. */
      if (g_error_matches (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED))
        g_debug ("Not deleting audit %s: %s", id, error->message);
      else
        show_toast (self, error->message);
      on_filter_changed (self);
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

  if (g_strcmp0 (response, "delete") != 0 || (audit = find_audit (self, id)) == NULL)
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
  on_filter_changed (self);
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

  audit = find_audit (self, id);
  if (audit == NULL)
    return;

  if (assay_audit_get_status (audit) != ASSAY_AUDIT_STATUS_DRAFT)
    {
      show_toast (self, _("Only a draft audit can be deleted"));
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

  on_filter_changed (self);
}

/* Deletions waiting on their toast happen now: the user meant them. */
static void
commit_pending_deletes (AssayAuditsPage *self)
{
  g_autofree char **ids = NULL;

  ids = (char **) g_hash_table_get_keys_as_array (self->pending_deletes, NULL);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *id = g_strdup (ids[i]);

      really_delete (self, id);
    }
}

static void
assay_audits_page_dispose (GObject *object)
{
  AssayAuditsPage *self = ASSAY_AUDITS_PAGE (object);

  if (self->pending_deletes != NULL)
    commit_pending_deletes (self);

  /* The toast overlay is both AdwBin's child and a template child: let the
   * bin give it up first, so it is not unparented twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_AUDITS_PAGE);
  g_clear_object (&self->session);
  g_clear_object (&self->shown);
  g_clear_object (&self->filter);
  g_clear_object (&self->audits);

  G_OBJECT_CLASS (assay_audits_page_parent_class)->dispose (object);
}

static void
assay_audits_page_finalize (GObject *object)
{
  AssayAuditsPage *self = ASSAY_AUDITS_PAGE (object);

  g_clear_pointer (&self->pending_deletes, g_hash_table_unref);

  G_OBJECT_CLASS (assay_audits_page_parent_class)->finalize (object);
}

static void
assay_audits_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AssayAuditsPage *self = ASSAY_AUDITS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_audits_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AssayAuditsPage *self = ASSAY_AUDITS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      assay_audits_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
grab_search (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  AssayAuditsPage *self = ASSAY_AUDITS_PAGE (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
assay_audits_page_class_init (AssayAuditsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_audits_page_dispose;
  object_class->finalize = assay_audits_page_finalize;
  object_class->get_property = assay_audits_page_get_property;
  object_class->set_property = assay_audits_page_set_property;

  properties[PROP_SESSION] = assay_gui_param_spec_object ("session", ASSAY_TYPE_SESSION);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-audits-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayAuditsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditsPage, missing_revealer);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditsPage, missing_label);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditsPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditsPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditsPage, audits_list);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "audits.duplicate", "s",
                                   audits_duplicate_action);
  gtk_widget_class_install_action (widget_class, "audits.delete", "s", audits_delete_action);
  gtk_widget_class_install_action (widget_class, "audits.undo-delete", "s",
                                   audits_undo_delete_action);

  /* Ctrl+F searches, as in every GNOME list */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, grab_search, NULL);
}

static void
assay_audits_page_init (AssayAuditsPage *self)
{
  GtkCustomSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->pending_deletes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->audits = g_list_store_new (ASSAY_TYPE_AUDIT);
  self->filter = gtk_custom_filter_new (filter_audit, self, NULL);
  sorter = gtk_custom_sorter_new (compare_updated, NULL, NULL);
  self->shown = gtk_sort_list_model_new (
    G_LIST_MODEL (gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->audits)),
                                             GTK_FILTER (g_object_ref (self->filter)))),
    GTK_SORTER (sorter));

  gtk_list_box_bind_model (self->audits_list, G_LIST_MODEL (self->shown),
                           create_row, self, NULL);

  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  update_visible_page (self);
}

AssaySession *
assay_audits_page_get_session (AssayAuditsPage *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDITS_PAGE (self), NULL);

  return self->session;
}

void
assay_audits_page_set_session (AssayAuditsPage *self,
                               AssaySession    *session)
{
  g_return_if_fail (ASSAY_IS_AUDITS_PAGE (self));
  g_return_if_fail (session == NULL || ASSAY_IS_SESSION (session));

  if (self->session == session)
    return;

  commit_pending_deletes (self);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, on_audits_changed, self);

  g_set_object (&self->session, session);

  if (session != NULL)
    g_signal_connect_object (session, "changed::audits", G_CALLBACK (on_audits_changed), self,
                             G_CONNECT_SWAPPED);

  /* Dropped at once on lock; read again lazily after unlock. */
  if (session == NULL || assay_gui_reload_now (GTK_WIDGET (self), &self->stale))
    reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GListModel *
_assay_audits_page_get_shown (AssayAuditsPage *self)
{
  return G_LIST_MODEL (self->shown);
}

GtkListBox *
_assay_audits_page_get_list (AssayAuditsPage *self)
{
  return self->audits_list;
}

GtkEditable *
_assay_audits_page_get_search_entry (AssayAuditsPage *self)
{
  return GTK_EDITABLE (self->search_entry);
}

GtkDropDown *
_assay_audits_page_get_status_dropdown (AssayAuditsPage *self)
{
  return self->status_dropdown;
}

AdwToast *
_assay_audits_page_get_undo_toast (AssayAuditsPage *self,
                                   const char      *id)
{
  return g_hash_table_lookup (self->pending_deletes, id);
}

const char *
_assay_audits_page_get_visible_child (AssayAuditsPage *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0)
    return "empty";

  return gtk_stack_get_visible_child_name (self->results_stack);
}

GtkRevealer *
_assay_audits_page_get_missing_revealer (AssayAuditsPage *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDITS_PAGE (self), NULL);

  return self->missing_revealer;
}
