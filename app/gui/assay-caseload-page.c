/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-caseload-page"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-caseload-columns.h"
#include "assay-caseload-item.h"
#include "assay-caseload-page-private.h"
#include "assay-gui-util.h"

/*
 * The caseload: the plans to be audited, imported from the council's export.
 *
 * A list store of rows, filtered, then sorted by the column headers, then
 * selected: each change is one pass over the rows, and the column view only
 * makes widgets for the rows on screen, so a caseload of 10,000 plans
 * scrolls as smoothly as one of ten.
 *
 * The search and filters are in assay-caseload-page-filters.c, the import
 * in assay-caseload-page-import.c, and the columns' cells in
 * assay-caseload-columns.c.
 */

G_DEFINE_FINAL_TYPE (AssayCaseloadPage, assay_caseload_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static AssayCaseloadItem *
get_selected_item (AssayCaseloadPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

void
_assay_caseload_page_update_actions (AssayCaseloadPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_session = self->session != NULL;
  gboolean busy = self->import_cancellable != NULL;
  gboolean has_cases = g_list_model_get_n_items (G_LIST_MODEL (self->cases)) > 0;

  gtk_widget_action_set_enabled (widget, "caseload.import", has_session && !busy);
  gtk_widget_action_set_enabled (widget, "caseload.import-file", has_session && !busy);
  gtk_widget_action_set_enabled (widget, "caseload.cancel-import", busy);
  gtk_widget_action_set_enabled (widget, "caseload.start-audit",
                                 has_session && get_selected_item (self) != NULL);
  gtk_widget_action_set_enabled (widget, "caseload.search", has_session && has_cases);
  gtk_widget_action_set_enabled (widget, "caseload.clear-filters",
                                 _assay_caseload_page_count_active_filters (self) > 0);
  gtk_widget_action_set_enabled (widget, "caseload.show-all",
                                 _assay_caseload_page_is_filtered (self));
}

void
_assay_caseload_page_update_state (AssayCaseloadPage *self)
{
  guint n_cases = g_list_model_get_n_items (G_LIST_MODEL (self->cases));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint n_filters = _assay_caseload_page_count_active_filters (self);
  g_autofree char *plans = NULL;
  g_autofree char *count = NULL;

  gtk_stack_set_visible_child_name (self->main_stack, n_cases > 0 ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->results_stack, n_shown > 0 ? "rows" : "none");

  plans = g_strdup_printf (ngettext ("%'u plan", "%'u plans", n_cases), n_cases);
  if (_assay_caseload_page_is_filtered (self))
    {
      g_autofree char *shown = NULL;

      shown = g_strdup_printf (ngettext ("%'u shown", "%'u shown", n_shown), n_shown);
      /* Translators: the caseload's size, then how many plans the search
       * and filters leave, e.g. "1,204 plans, 37 shown" */
      count = g_strdup_printf (_("%s, %s"), plans, shown);
    }
  else
    count = g_steal_pointer (&plans);
  gtk_label_set_text (self->count_label, count);

  if (n_filters > 0)
    {
      g_autofree char *label = g_strdup_printf (_("_Filters (%u)"), n_filters);

      gtk_menu_button_set_label (self->filter_button, label);
    }
  else
    gtk_menu_button_set_label (self->filter_button, _("_Filters"));

  _assay_caseload_page_update_actions (self);
}

void
_assay_caseload_page_scroll_to_top (AssayCaseloadPage *self)
{
  GtkAdjustment *adjustment;

  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  if (adjustment != NULL)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
on_search_changed (AssayCaseloadPage *self)
{
  _assay_caseload_page_update_search (self);
}

static void
on_stop_search (AssayCaseloadPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  _assay_caseload_page_update_search (self);
}

static void
select_case (AssayCaseloadPage *self,
             const char        *case_ref)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AssayCaseloadItem) item = NULL;

      item = g_list_model_get_item (G_LIST_MODEL (self->sort_model), i);

      if (g_strcmp0 (assay_caseload_item_get_case_ref (item), case_ref) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

/* The list is built once per change to the caseload, in one splice, so the
 * filter and the sort run once over it rather than once per row. */
/* Fields many exports do not have: a column only when some plan has one,
 * rather than a column of blanks taking room from the rest */
static void
update_optional_columns (AssayCaseloadPage *self,
                         GPtrArray         *items)
{
  static const AssayCaseloadField optional[] = {
    ASSAY_CASELOAD_FIELD_NC_YEAR,
    ASSAY_CASELOAD_FIELD_KEY_STAGE,
    ASSAY_CASELOAD_FIELD_LAST_REVIEW,
  };

  for (guint f = 0; f < G_N_ELEMENTS (optional); f++)
    {
      gboolean used = FALSE;

      for (guint i = 0; i < items->len && !used; i++)
        used = assay_caseload_item_get_value (g_ptr_array_index (items, i), optional[f]) != NULL;

      gtk_column_view_column_set_visible (self->columns[optional[f]], used);
    }
}

static void
reload (AssayCaseloadPage *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *selected_ref = NULL;
  AssayCaseloadItem *selected = get_selected_item (self);

  self->stale = FALSE;

  if (selected != NULL)
    selected_ref = g_strdup (assay_caseload_item_get_case_ref (selected));

  if (self->session != NULL)
    {
      g_autoptr(GPtrArray) cases = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      cases = assay_caseload_list (assay_session_get_store (self->session), &error);
      g_debug ("Caseload read in %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
      if (cases == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Could not read the caseload: %s"),
                                                   error->message);

          assay_gui_show_toast (GTK_WIDGET (self), text);
        }
      else
        {
          for (guint i = 0; i < cases->len; i++)
            g_ptr_array_add (items, assay_caseload_item_new (g_ptr_array_index (cases, i)));
        }
    }

  g_list_store_splice (self->cases, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cases)),
                       items->pdata, items->len);
  update_optional_columns (self, items);
  _assay_caseload_page_update_filter_options (self);

  if (selected_ref != NULL)
    select_case (self, selected_ref);

  _assay_caseload_page_update_state (self);
}

static void
on_session_changed (AssayCaseloadPage *self,
                    const char        *collection,
                    AssaySession      *session)
{
  if (assay_gui_reload_now (GTK_WIDGET (self), &self->stale))
    reload (self);
}

static void
on_map (AssayCaseloadPage *self)
{
  if (self->stale)
    reload (self);
}

static void
on_selection_changed (AssayCaseloadPage *self)
{
  _assay_caseload_page_update_actions (self);
}

static void
on_items_changed (AssayCaseloadPage *self)
{
  _assay_caseload_page_update_state (self);
}

static void
start_audit (AssayCaseloadPage *self,
             AssayCaseloadItem *item)
{
  const char *case_ref = assay_caseload_item_get_case_ref (item);

  /* The main view owns the editor and knows which frameworks fit the plan */
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "main.start-audit", "s", case_ref))
    g_debug ("Nothing to start an audit of %s with", case_ref);
}

static void
on_column_view_activate (AssayCaseloadPage *self,
                         guint              position)
{
  g_autoptr(AssayCaseloadItem) item = NULL;

  item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (item != NULL && self->session != NULL)
    start_audit (self, item);
}

static void
start_audit_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (widget);
  AssayCaseloadItem *item = get_selected_item (self);

  if (item != NULL)
    start_audit (self, item);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  _assay_caseload_page_clear_filters (ASSAY_CASELOAD_PAGE (widget));
}

static void
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (widget);

  _assay_caseload_page_clear_filters (self);
  on_stop_search (self);
}

static void
setup_column (AssayCaseloadPage   *self,
              GtkColumnViewColumn *column,
              AssayCaseloadField   field)
{
  assay_caseload_column_setup (column, field);
  self->columns[field] = column;
}

static void
assay_caseload_page_dispose (GObject *object)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (object);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  _assay_caseload_page_clear_pending (self);

  assay_gui_chooser_close (&self->chooser, NULL);
  assay_dialog_slot_set (&self->dialog, NULL);

  /* The column view reports on its models as it goes: let it go while
   * they, and the page's handlers of their signals, are still here */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_CASELOAD_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->cases);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (assay_caseload_page_parent_class)->dispose (object);
}

static void
assay_caseload_page_finalize (GObject *object)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (object);

  for (guint i = 0; i < ASSAY_CASELOAD_PAGE_N_FILTERS; i++)
    {
      g_clear_pointer (&self->filters[i].tokens, g_ptr_array_unref);
      g_clear_pointer (&self->filters[i].wanted, g_free);
    }
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->import_name, g_free);

  G_OBJECT_CLASS (assay_caseload_page_parent_class)->finalize (object);
}

static void
assay_caseload_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (object);

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
assay_caseload_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      assay_caseload_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_caseload_page_class_init (AssayCaseloadPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_caseload_page_dispose;
  object_class->finalize = assay_caseload_page_finalize;
  object_class->get_property = assay_caseload_page_get_property;
  object_class->set_property = assay_caseload_page_set_property;

  properties[PROP_SESSION] = assay_gui_param_spec_object ("session", ASSAY_TYPE_SESSION);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-caseload-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, progress_spinner);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, team_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, phase_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, need_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, plan_type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, in_care_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, case_ref_column);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, plan_type_column);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, team_column);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, caseworker_column);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, phase_column);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, nc_year_column);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, key_stage_column);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, setting_column);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, need_column);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, in_care_column);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, issued_column);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, last_review_column);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, requested_column);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate);

  _assay_caseload_page_class_import_init (widget_class);
  gtk_widget_class_install_action (widget_class, "caseload.start-audit", NULL, start_audit_action);
  gtk_widget_class_install_action (widget_class, "caseload.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "caseload.clear-filters", NULL,
                                   clear_filters_action);
  gtk_widget_class_install_action (widget_class, "caseload.show-all", NULL, show_all_action);
}

static void
assay_caseload_page_init (AssayCaseloadPage *self)
{
  GtkSorter *column_sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  setup_column (self, self->case_ref_column, ASSAY_CASELOAD_FIELD_CASE_REF);
  setup_column (self, self->plan_type_column, ASSAY_CASELOAD_FIELD_PLAN_TYPE);
  setup_column (self, self->team_column, ASSAY_CASELOAD_FIELD_TEAM);
  setup_column (self, self->caseworker_column, ASSAY_CASELOAD_FIELD_CASEWORKER);
  setup_column (self, self->phase_column, ASSAY_CASELOAD_FIELD_PHASE);
  setup_column (self, self->nc_year_column, ASSAY_CASELOAD_FIELD_NC_YEAR);
  setup_column (self, self->key_stage_column, ASSAY_CASELOAD_FIELD_KEY_STAGE);
  setup_column (self, self->setting_column, ASSAY_CASELOAD_FIELD_SETTING_TYPE);
  setup_column (self, self->need_column, ASSAY_CASELOAD_FIELD_PRIMARY_NEED);
  setup_column (self, self->in_care_column, ASSAY_CASELOAD_FIELD_CHILD_IN_CARE);
  setup_column (self, self->issued_column, ASSAY_CASELOAD_FIELD_ISSUED);
  setup_column (self, self->last_review_column, ASSAY_CASELOAD_FIELD_LAST_REVIEW);
  setup_column (self, self->requested_column, ASSAY_CASELOAD_FIELD_REQUESTED);

  _assay_caseload_page_filters_init (self);
  self->cases = g_list_store_new (ASSAY_TYPE_CASELOAD_ITEM);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->cases)),
                                                  g_object_ref (self->filter));
  column_sorter = gtk_column_view_get_sorter (self->column_view);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              g_object_ref (column_sorter));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_sort_by_column (self->column_view, self->case_ref_column, GTK_SORT_ASCENDING);

  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);

  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);

  /* Typing in the list searches it */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));

  _assay_caseload_page_update_filter_options (self);
  _assay_caseload_page_update_state (self);
}

AssaySession *
assay_caseload_page_get_session (AssayCaseloadPage *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_PAGE (self), NULL);

  return self->session;
}

void
assay_caseload_page_set_session (AssayCaseloadPage *self,
                                 AssaySession      *session)
{
  g_return_if_fail (ASSAY_IS_CASELOAD_PAGE (self));
  g_return_if_fail (session == NULL || ASSAY_IS_SESSION (session));

  if (self->session == session)
    return;

  /* An import started for the last session must not write to the next */
  _assay_caseload_page_end_import (self);
  assay_dialog_slot_close (&self->dialog);
  _assay_caseload_page_clear_pending (self);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);

  g_set_object (&self->session, session);

  if (session != NULL)
    g_signal_connect_object (session, "changed::" ASSAY_CASELOAD_COLLECTION,
                             G_CALLBACK (on_session_changed), self, G_CONNECT_SWAPPED);

  /* What was searched for names plans too: it goes with the session */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  _assay_caseload_page_update_search (self);
  /* Dropped at once on lock; read when next shown after unlock */
  if (session == NULL || assay_gui_reload_now (GTK_WIDGET (self), &self->stale))
    reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GtkColumnView *
_assay_caseload_page_get_column_view (AssayCaseloadPage *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_PAGE (self), NULL);

  return self->column_view;
}

GtkColumnViewColumn *
_assay_caseload_page_get_column (AssayCaseloadPage  *self,
                                 AssayCaseloadField  field)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_PAGE (self), NULL);
  g_return_val_if_fail (field < ASSAY_CASELOAD_N_FIELDS, NULL);

  return self->columns[field];
}

GListModel *
_assay_caseload_page_get_cases (AssayCaseloadPage *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_PAGE (self), NULL);

  return G_LIST_MODEL (self->cases);
}

GtkSingleSelection *
_assay_caseload_page_get_selection (AssayCaseloadPage *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_PAGE (self), NULL);

  return self->selection;
}

GtkSearchEntry *
_assay_caseload_page_get_search_entry (AssayCaseloadPage *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_PAGE (self), NULL);

  return self->search_entry;
}

GtkMenuButton *
_assay_caseload_page_get_filter_button (AssayCaseloadPage *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_PAGE (self), NULL);

  return self->filter_button;
}

GtkLabel *
_assay_caseload_page_get_count_label (AssayCaseloadPage *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_PAGE (self), NULL);

  return self->count_label;
}

const char *
_assay_caseload_page_get_state (AssayCaseloadPage *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_PAGE (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "empty") == 0)
    return "empty";

  return gtk_stack_get_visible_child_name (self->results_stack);
}

gboolean
_assay_caseload_page_get_busy (AssayCaseloadPage *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_PAGE (self), FALSE);

  return self->import_cancellable != NULL;
}

GtkRevealer *
_assay_caseload_page_get_progress_revealer (AssayCaseloadPage *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_PAGE (self), NULL);

  return self->progress_revealer;
}

GtkWindow *
_assay_caseload_page_get_dialog (AssayCaseloadPage *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_PAGE (self), NULL);

  return self->dialog.dialog != NULL ? GTK_WINDOW (self->dialog.dialog) : NULL;
}
