/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-caseload-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "assay-caseload-import-dialog.h"
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
 * Importing reads and checks the file in a thread, then shows what it
 * would do (assay_caseload_preview()) and how each column is read, and
 * stores nothing until the user confirms. The store is not thread-safe, so
 * the preview and the write (one transaction, a fraction of a second even
 * for 10,000 rows) happen back on the main thread.
 */

typedef enum
{
  FILTER_TEAM,
  FILTER_PHASE,
  FILTER_NEED,
  FILTER_PLAN_TYPE,
  FILTER_CHILD_IN_CARE,
  N_FILTERS
} FilterId;

static const AssayCaseloadField filter_fields[N_FILTERS] = {
  ASSAY_CASELOAD_FIELD_TEAM,
  ASSAY_CASELOAD_FIELD_PHASE,
  ASSAY_CASELOAD_FIELD_PRIMARY_NEED,
  ASSAY_CASELOAD_FIELD_PLAN_TYPE,
  ASSAY_CASELOAD_FIELD_CHILD_IN_CARE,
};

typedef struct
{
  GtkDropDown *dropdown;
  GPtrArray   *tokens;   /* of char *, one per dropdown entry; NULL for "all" */
  char        *wanted;   /* the token rows must have, or NULL */
} Filter;

struct _AssayCaseloadPage
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkRevealer         *progress_revealer;
  GtkSpinner          *progress_spinner;
  GtkLabel            *progress_label;
  GtkStack            *main_stack;
  GtkStack            *results_stack;
  GtkSearchEntry      *search_entry;
  GtkMenuButton       *filter_button;
  GtkDropDown         *team_dropdown;
  GtkDropDown         *phase_dropdown;
  GtkDropDown         *need_dropdown;
  GtkDropDown         *plan_type_dropdown;
  GtkDropDown         *in_care_dropdown;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *case_ref_column;
  GtkColumnViewColumn *plan_type_column;
  GtkColumnViewColumn *team_column;
  GtkColumnViewColumn *caseworker_column;
  GtkColumnViewColumn *phase_column;
  GtkColumnViewColumn *nc_year_column;
  GtkColumnViewColumn *key_stage_column;
  GtkColumnViewColumn *setting_column;
  GtkColumnViewColumn *need_column;
  GtkColumnViewColumn *in_care_column;
  GtkColumnViewColumn *issued_column;
  GtkColumnViewColumn *last_review_column;
  GtkColumnViewColumn *requested_column;
  GtkLabel            *count_label;

  AssaySession        *session;

  GListStore          *cases;
  GtkFilter           *filter;
  GtkFilterListModel  *filter_model;
  GtkSortListModel    *sort_model;
  GtkSingleSelection  *selection;
  GtkColumnViewColumn *columns[ASSAY_CASELOAD_N_FIELDS];

  char                *search_text;   /* case-folded; NULL when not searching */
  Filter               filters[N_FILTERS];
  gboolean             updating_filters;

  /* Set while an import runs; a task whose cancellable is no longer this
   * one has been cancelled or outlived its session, and is ignored. */
  GCancellable        *import_cancellable;
  char                *import_name;
  /* Read and previewed, waiting for the user to confirm it */
  AssayCaseloadBatch  *pending_batch;
  char                *pending_name;

  GtkNativeDialog     *chooser;
  AssayDialogSlot      dialog;        /* the last result or error shown */
};

G_DEFINE_FINAL_TYPE (AssayCaseloadPage, assay_caseload_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_filtered (AssayCaseloadPage *self)
{
  if (self->search_text != NULL)
    return TRUE;

  for (guint i = 0; i < N_FILTERS; i++)
    if (self->filters[i].wanted != NULL)
      return TRUE;

  return FALSE;
}

static guint
count_active_filters (AssayCaseloadPage *self)
{
  guint n = 0;

  for (guint i = 0; i < N_FILTERS; i++)
    n += self->filters[i].wanted != NULL;

  return n;
}

static AssayCaseloadItem *
get_selected_item (AssayCaseloadPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
update_actions (AssayCaseloadPage *self)
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
                                 count_active_filters (self) > 0);
  gtk_widget_action_set_enabled (widget, "caseload.show-all", is_filtered (self));
}

static void
update_state (AssayCaseloadPage *self)
{
  guint n_cases = g_list_model_get_n_items (G_LIST_MODEL (self->cases));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint n_filters = count_active_filters (self);
  g_autofree char *plans = NULL;
  g_autofree char *count = NULL;

  gtk_stack_set_visible_child_name (self->main_stack, n_cases > 0 ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->results_stack, n_shown > 0 ? "rows" : "none");

  plans = g_strdup_printf (ngettext ("%'u plan", "%'u plans", n_cases), n_cases);
  if (is_filtered (self))
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

  update_actions (self);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  AssayCaseloadPage *self = user_data;

  for (guint i = 0; i < N_FILTERS; i++)
    {
      const char *wanted = self->filters[i].wanted;

      if (wanted != NULL &&
          g_strcmp0 (assay_caseload_item_get_value (item, filter_fields[i]), wanted) != 0)
        return FALSE;
    }

  return assay_caseload_item_matches (item, self->search_text);
}

static int
compare_func (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return assay_caseload_item_compare ((AssayCaseloadItem *) a, (AssayCaseloadItem *) b,
                                      GPOINTER_TO_UINT (user_data));
}

/* A code is short for the eye, not for everyone: the tooltip says what it
 * stands for. It is worked out when asked for rather than set on every
 * bind, because setting a tooltip makes GTK look for the pointer, a round
 * trip to the display server for each cell each time the rows change. */
static gboolean
on_need_query_tooltip (GtkWidget   *label,
                       int          x,
                       int          y,
                       gboolean     keyboard_mode,
                       GtkTooltip  *tooltip,
                       GtkListItem *list_item)
{
  AssayCaseloadItem *item = gtk_list_item_get_item (list_item);
  const char *code;
  const char *name;

  if (item == NULL)
    return FALSE;

  code = assay_caseload_item_get_value (item, ASSAY_CASELOAD_FIELD_PRIMARY_NEED);
  name = assay_caseload_need_get_name (code);
  if (name == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, name);

  return TRUE;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  AssayCaseloadField field = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (list_item, label);

  /* The list item owns the label, so outlives the handler */
  if (field == ASSAY_CASELOAD_FIELD_PRIMARY_NEED)
    {
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (on_need_query_tooltip), list_item);
    }
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  AssayCaseloadField field = GPOINTER_TO_UINT (user_data);
  AssayCaseloadItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const char *value = assay_caseload_item_get_value (item, field);
  g_autofree char *text = assay_caseload_value_to_label (field, value);

  gtk_label_set_text (GTK_LABEL (label), text);

  /* What the tooltip shows the eye, said to a screen reader */
  if (field == ASSAY_CASELOAD_FIELD_PRIMARY_NEED)
    {
      const char *name = assay_caseload_need_get_name (value);

      if (name != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, name,
                                        -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (label),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }

  /* Rows are recycled: the class must follow the value both ways */
  if (field == ASSAY_CASELOAD_FIELD_CHILD_IN_CARE && g_strcmp0 (value, "no") == 0)
    gtk_widget_add_css_class (label, "dim-label");
  else
    gtk_widget_remove_css_class (label, "dim-label");
}

static void
setup_column (AssayCaseloadPage   *self,
              GtkColumnViewColumn *column,
              AssayCaseloadField   field)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSorter) sorter = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (field));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (field));
  gtk_column_view_column_set_factory (column, factory);

  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_func, GUINT_TO_POINTER (field), NULL));
  gtk_column_view_column_set_sorter (column, sorter);

  self->columns[field] = column;
}

/* The label of one entry of a filter's drop-down */
static char *
filter_entry_label (AssayCaseloadField  field,
                    const char         *token)
{
  if (field == ASSAY_CASELOAD_FIELD_PRIMARY_NEED)
    {
      const char *name = assay_caseload_need_get_name (token);

      if (name != NULL)
        /* Translators: a need in the filter, its code then its name,
         * e.g. "SEMH – Social, emotional and mental health" */
        return g_strdup_printf (_("%s – %s"), token, name);
    }

  return assay_caseload_value_to_label (field, token);
}

static const char *
filter_all_label (FilterId id)
{
  switch (id)
    {
    case FILTER_TEAM:
      return _("All Teams");
    case FILTER_PHASE:
      return _("All Phases");
    case FILTER_NEED:
      return _("All Needs");
    case FILTER_PLAN_TYPE:
      return _("All Plan Types");
    case FILTER_CHILD_IN_CARE:
    case N_FILTERS:
    default:
      return _("Any");
    }
}

typedef struct
{
  AssayCaseloadField field;
} TokenOrder;

static int
compare_tokens (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const TokenOrder *order = user_data;
  const char *token_a = *(const char **) a;
  const char *token_b = *(const char **) b;
  int rank_a = assay_caseload_value_get_rank (order->field, token_a);
  int rank_b = assay_caseload_value_get_rank (order->field, token_b);

  if (rank_a != rank_b)
    return (rank_a > rank_b) - (rank_a < rank_b);

  return g_utf8_collate (token_a, token_b);
}

/* Each drop-down offers the values the caseload holds, in the order a form
 * would list them, keeping what was chosen when it is still there. */
static void
update_filter_options (AssayCaseloadPage *self)
{
  guint n_cases = g_list_model_get_n_items (G_LIST_MODEL (self->cases));
  gboolean dropped = FALSE;

  self->updating_filters = TRUE;

  for (guint i = 0; i < N_FILTERS; i++)
    {
      Filter *filter = &self->filters[i];
      AssayCaseloadField field = filter_fields[i];
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
      TokenOrder order = { field };
      guint selected = 0;

      for (guint n = 0; n < n_cases; n++)
        {
          g_autoptr(AssayCaseloadItem) item = NULL;
          const char *value;

          item = g_list_model_get_item (G_LIST_MODEL (self->cases), n);
          value = assay_caseload_item_get_value (item, field);

          if (value != NULL && !g_hash_table_contains (seen, value))
            {
              g_hash_table_add (seen, (gpointer) value);
              g_ptr_array_add (tokens, g_strdup (value));
            }
        }
      g_ptr_array_sort_with_data (tokens, compare_tokens, &order);

      g_ptr_array_insert (tokens, 0, NULL);
      gtk_string_list_append (labels, filter_all_label (i));
      for (guint t = 1; t < tokens->len; t++)
        {
          const char *token = g_ptr_array_index (tokens, t);
          g_autofree char *label = filter_entry_label (field, token);

          gtk_string_list_append (labels, label);
          if (g_strcmp0 (token, filter->wanted) == 0)
            selected = t;
        }

      if (filter->wanted != NULL && selected == 0)
        {
          g_clear_pointer (&filter->wanted, g_free);
          dropped = TRUE;
        }

      g_clear_pointer (&filter->tokens, g_ptr_array_unref);
      filter->tokens = g_steal_pointer (&tokens);
      gtk_drop_down_set_model (filter->dropdown, G_LIST_MODEL (labels));
      gtk_drop_down_set_selected (filter->dropdown, selected);
    }

  self->updating_filters = FALSE;

  if (dropped)
    gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_LESS_STRICT);
}

static void
on_filter_selected (AssayCaseloadPage *self,
                    GParamSpec        *pspec,
                    GtkDropDown       *dropdown)
{
  Filter *filter = NULL;
  guint selected;
  const char *wanted = NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (self->updating_filters)
    return;

  for (guint i = 0; i < N_FILTERS; i++)
    if (self->filters[i].dropdown == dropdown)
      filter = &self->filters[i];
  g_return_if_fail (filter != NULL);

  selected = gtk_drop_down_get_selected (dropdown);
  if (filter->tokens != NULL && selected != GTK_INVALID_LIST_POSITION &&
      selected < filter->tokens->len)
    wanted = g_ptr_array_index (filter->tokens, selected);

  if (g_strcmp0 (wanted, filter->wanted) == 0)
    return;

  /* From "all" to a value only narrows, and back only widens: the filter
   * model then looks only at the rows that can change */
  if (filter->wanted == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (wanted == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_free (filter->wanted);
  filter->wanted = g_strdup (wanted);

  gtk_filter_changed (self->filter, change);
  update_state (self);
}

static void
update_search (AssayCaseloadPage *self)
{
  const char *entry_text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *text = g_strstrip (g_strdup (entry_text));
  g_autofree char *folded = *text != '\0' ? g_utf8_casefold (text, -1) : NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (g_strcmp0 (folded, self->search_text) == 0)
    return;

  /* Typing narrows, deleting widens: the filter model then only looks at
   * the rows that can change */
  if (self->search_text == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (folded == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else if (strstr (folded, self->search_text) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (self->search_text, folded) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_free (self->search_text);
  self->search_text = g_steal_pointer (&folded);

  gtk_filter_changed (self->filter, change);
  update_state (self);
}

static void
on_search_changed (AssayCaseloadPage *self)
{
  update_search (self);
}

static void
on_stop_search (AssayCaseloadPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  update_search (self);
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

  if (selected != NULL)
    selected_ref = g_strdup (assay_caseload_item_get_case_ref (selected));

  if (self->session != NULL)
    {
      g_autoptr(GPtrArray) cases = NULL;
      g_autoptr(GError) error = NULL;

      cases = assay_caseload_list (assay_session_get_store (self->session), &error);
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
  update_filter_options (self);

  if (selected_ref != NULL)
    select_case (self, selected_ref);

  update_state (self);
}

static void
on_session_changed (AssayCaseloadPage *self,
                    const char        *collection,
                    AssaySession      *session)
{
  reload (self);
}

static void
on_selection_changed (AssayCaseloadPage *self)
{
  update_actions (self);
}

static void
on_items_changed (AssayCaseloadPage *self)
{
  update_state (self);
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
clear_filters (AssayCaseloadPage *self)
{
  for (guint i = 0; i < N_FILTERS; i++)
    gtk_drop_down_set_selected (self->filters[i].dropdown, 0);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  clear_filters (ASSAY_CASELOAD_PAGE (widget));
}

static void
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (widget);

  clear_filters (self);
  on_stop_search (self);
}

static void
end_import (AssayCaseloadPage *self)
{
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->import_name, g_free);

  gtk_spinner_stop (self->progress_spinner);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  update_actions (self);
}

static void
show_import_error (AssayCaseloadPage *self,
                   const char        *name,
                   const GError      *error)
{
  g_autofree char *body = NULL;
  g_autofree char *reason = NULL;
  const char *heading;
  GtkWidget *dialog;

  /* Files that were never a caseload get said so plainly; anything else is
   * a caseload that could not be read or saved */
  if (error->domain == ASSAY_CASELOAD_ERROR ||
      g_error_matches (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_NOT_TEXT) ||
      g_error_matches (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_UNSUPPORTED) ||
      g_error_matches (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_ENCODING))
    heading = _("Not a Caseload");
  else
    heading = _("Could Not Import Caseload");

  /* Core writes its messages to follow the file's name, as the CLI prints
   * them: "is a PDF document, not CSV text", "line 1: not a caseload: …" */
  if (g_str_has_prefix (error->message, "is "))
    /* Translators: the file's name, then why it is not a caseload */
    reason = g_strdup_printf (_("“%s” %s"), name, error->message);
  else
    /* Translators: the file's name, then why it could not be imported */
    reason = g_strdup_printf (_("“%s” could not be imported: %s"), name, error->message);

  /* Translators: why a file was not imported, then a reassurance */
  body = g_strdup_printf (_("%s.\n\nThe caseload has not changed."), reason);

  dialog = adw_message_dialog_new (assay_gui_get_parent_window (GTK_WIDGET (self)), heading, NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");

  assay_dialog_slot_set (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(AssayCaseloadBatch) batch = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  batch = assay_caseload_read (path, &error);
  if (batch == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&batch),
                         (GDestroyNotify) assay_caseload_batch_free);
}

static void
clear_pending (AssayCaseloadPage *self)
{
  g_clear_pointer (&self->pending_batch, assay_caseload_batch_free);
  g_clear_pointer (&self->pending_name, g_free);
}

/* The user saw the preview and chose Import */
static void
on_import_confirmed (AssayCaseloadPage *self)
{
  g_autoptr(AssayCaseloadBatch) batch = g_steal_pointer (&self->pending_batch);
  g_autofree char *name = g_steal_pointer (&self->pending_name);
  g_autoptr(AssayCaseloadResult) import_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (batch == NULL || self->session == NULL)
    return;

  if (!assay_caseload_write (assay_session_get_store (self->session), batch,
                             &import_result, &error))
    {
      show_import_error (self, name, error);
      return;
    }

  /* Every page that shows plans refreshes from this, this one included */
  assay_session_changed (self->session, ASSAY_CASELOAD_COLLECTION);

  /* Translators: a file's name, then how many plans it added, updated and
   * left as they were */
  message = g_strdup_printf (_("“%s” imported: %'u added, %'u updated, %'u unchanged"),
                             name, import_result->added, import_result->updated,
                             import_result->unchanged);
  assay_gui_show_toast (GTK_WIDGET (self), message);
}

static gboolean
on_import_dialog_close (AssayCaseloadPage *self)
{
  /* Cancelled, or imported already: either way nothing waits any more */
  clear_pending (self);

  return FALSE;
}

static void
import_ready_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (source_object);
  GTask *task = G_TASK (result);
  g_autoptr(AssayCaseloadBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GtkWidget *dialog;

  /* Cancelled, locked or gone since: the store must not be touched */
  if (self->import_cancellable == NULL ||
      g_task_get_cancellable (task) != self->import_cancellable)
    return;

  name = g_steal_pointer (&self->import_name);
  batch = g_task_propagate_pointer (task, &error);
  end_import (self);

  if (batch == NULL)
    {
      show_import_error (self, name, error);
      return;
    }

  /* What it would add and update, against the caseload as it is now */
  if (!assay_caseload_preview (assay_session_get_store (self->session), batch, &error))
    {
      show_import_error (self, name, error);
      return;
    }

  dialog = assay_caseload_import_dialog_new (assay_gui_get_parent_window (GTK_WIDGET (self)),
                                             name, assay_caseload_batch_get_result (batch));
  clear_pending (self);
  self->pending_batch = g_steal_pointer (&batch);
  self->pending_name = g_steal_pointer (&name);
  g_signal_connect_object (dialog, "import", G_CALLBACK (on_import_confirmed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "close-request", G_CALLBACK (on_import_dialog_close), self,
                           G_CONNECT_SWAPPED);
  assay_dialog_slot_set (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (widget);
  const char *path = g_variant_get_string (param, NULL);
  g_autoptr(GTask) task = NULL;
  g_autofree char *progress = NULL;

  if (self->session == NULL || self->import_cancellable != NULL)
    return;

  assay_dialog_slot_close (&self->dialog);

  self->import_cancellable = g_cancellable_new ();
  self->import_name = g_filename_display_basename (path);

  task = g_task_new (self, self->import_cancellable, import_ready_cb, NULL);
  g_task_set_source_tag (task, import_file_action);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, import_thread);

  progress = g_strdup_printf (_("Reading “%s”…"), self->import_name);
  gtk_label_set_text (self->progress_label, progress);
  gtk_spinner_start (self->progress_spinner);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  update_actions (self);
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (widget);

  if (self->import_cancellable == NULL)
    return;

  end_import (self);
  assay_gui_show_toast (GTK_WIDGET (self), _("Import cancelled; the caseload has not changed"));
}

static void
on_chooser_response (AssayCaseloadPage *self,
                     int                response,
                     GtkNativeDialog   *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autofree char *path = assay_gui_chooser_get_path (chooser);

      if (path != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "caseload.import-file", "s", path);
      else
        assay_gui_show_toast (GTK_WIDGET (self), _("Only files on this computer can be imported"));
    }

  assay_gui_chooser_close (&self->chooser, chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (widget);
  GtkFileFilter *csv_filter;
  GtkFileChooserNative *chooser;

  chooser = assay_gui_chooser_new (&self->chooser, widget, _("Import Caseload"),
                                   GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"));
  if (chooser == NULL)
    return;

  csv_filter = assay_gui_chooser_add_filter (chooser, _("Caseload Exports (CSV)"), "csv");
  gtk_file_filter_add_mime_type (csv_filter, "text/csv");
  assay_gui_chooser_add_filter (chooser, _("All Files"), NULL);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), csv_filter);

  assay_gui_chooser_show (&self->chooser, chooser, G_CALLBACK (on_chooser_response), self);
}

static void
assay_caseload_page_dispose (GObject *object)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (object);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  clear_pending (self);

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

  for (guint i = 0; i < N_FILTERS; i++)
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

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         ASSAY_TYPE_SESSION,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

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

  gtk_widget_class_install_action (widget_class, "caseload.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "caseload.import-file", "s", import_file_action);
  gtk_widget_class_install_action (widget_class, "caseload.cancel-import", NULL,
                                   cancel_import_action);
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

  self->filters[FILTER_TEAM].dropdown = self->team_dropdown;
  self->filters[FILTER_PHASE].dropdown = self->phase_dropdown;
  self->filters[FILTER_NEED].dropdown = self->need_dropdown;
  self->filters[FILTER_PLAN_TYPE].dropdown = self->plan_type_dropdown;
  self->filters[FILTER_CHILD_IN_CARE].dropdown = self->in_care_dropdown;
  for (guint i = 0; i < N_FILTERS; i++)
    g_signal_connect_object (self->filters[i].dropdown, "notify::selected",
                             G_CALLBACK (on_filter_selected), self, G_CONNECT_SWAPPED);

  self->cases = g_list_store_new (ASSAY_TYPE_CASELOAD_ITEM);
  self->filter = GTK_FILTER (gtk_custom_filter_new (filter_func, self, NULL));
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

  /* Typing in the list searches it */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));

  update_filter_options (self);
  update_state (self);
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
  end_import (self);
  assay_dialog_slot_close (&self->dialog);
  clear_pending (self);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);

  g_set_object (&self->session, session);

  if (session != NULL)
    g_signal_connect_object (session, "changed::" ASSAY_CASELOAD_COLLECTION,
                             G_CALLBACK (on_session_changed), self, G_CONNECT_SWAPPED);

  /* What was searched for names plans too: it goes with the session */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  update_search (self);
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

GtkDropDown *
_assay_caseload_page_get_filter (AssayCaseloadPage  *self,
                                 AssayCaseloadField  field)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_PAGE (self), NULL);

  for (guint i = 0; i < N_FILTERS; i++)
    if (filter_fields[i] == field)
      return self->filters[i].dropdown;

  g_return_val_if_reached (NULL);
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
