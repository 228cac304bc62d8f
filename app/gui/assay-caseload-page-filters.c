/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-caseload-page-filters"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "assay-caseload-item.h"
#include "assay-caseload-page-private.h"

/* The caseload page's search and its filter drop-downs: which plans the
 * list shows. */

static const AssayCaseloadField filter_fields[ASSAY_CASELOAD_PAGE_N_FILTERS] = {
  ASSAY_CASELOAD_FIELD_TEAM,
  ASSAY_CASELOAD_FIELD_PHASE,
  ASSAY_CASELOAD_FIELD_PRIMARY_NEED,
  ASSAY_CASELOAD_FIELD_PLAN_TYPE,
  ASSAY_CASELOAD_FIELD_CHILD_IN_CARE,
};

gboolean
_assay_caseload_page_is_filtered (AssayCaseloadPage *self)
{
  if (self->search_text != NULL)
    return TRUE;

  for (guint i = 0; i < ASSAY_CASELOAD_PAGE_N_FILTERS; i++)
    if (self->filters[i].wanted != NULL)
      return TRUE;

  return FALSE;
}

guint
_assay_caseload_page_count_active_filters (AssayCaseloadPage *self)
{
  guint n = 0;

  for (guint i = 0; i < ASSAY_CASELOAD_PAGE_N_FILTERS; i++)
    n += self->filters[i].wanted != NULL;

  return n;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  AssayCaseloadPage *self = user_data;

  for (guint i = 0; i < ASSAY_CASELOAD_PAGE_N_FILTERS; i++)
    {
      const char *wanted = self->filters[i].wanted;

      if (wanted != NULL &&
          g_strcmp0 (assay_caseload_item_get_value (item, filter_fields[i]), wanted) != 0)
        return FALSE;
    }

  return assay_caseload_item_matches (item, self->search_text);
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
filter_all_label (AssayCaseloadPageFilterId id)
{
  switch (id)
    {
    case ASSAY_CASELOAD_PAGE_FILTER_TEAM:
      return _("All Teams");
    case ASSAY_CASELOAD_PAGE_FILTER_PHASE:
      return _("All Phases");
    case ASSAY_CASELOAD_PAGE_FILTER_NEED:
      return _("All Needs");
    case ASSAY_CASELOAD_PAGE_FILTER_PLAN_TYPE:
      return _("All Plan Types");
    case ASSAY_CASELOAD_PAGE_FILTER_CHILD_IN_CARE:
    case ASSAY_CASELOAD_PAGE_N_FILTERS:
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
void
_assay_caseload_page_update_filter_options (AssayCaseloadPage *self)
{
  guint n_cases = g_list_model_get_n_items (G_LIST_MODEL (self->cases));
  gboolean dropped = FALSE;

  self->updating_filters = TRUE;

  for (guint i = 0; i < ASSAY_CASELOAD_PAGE_N_FILTERS; i++)
    {
      AssayCaseloadPageFilter *filter = &self->filters[i];
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
  AssayCaseloadPageFilter *filter = NULL;
  guint selected;
  const char *wanted = NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (self->updating_filters)
    return;

  for (guint i = 0; i < ASSAY_CASELOAD_PAGE_N_FILTERS; i++)
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

  _assay_caseload_page_scroll_to_top (self);
  gtk_filter_changed (self->filter, change);
  _assay_caseload_page_update_state (self);
}

void
_assay_caseload_page_update_search (AssayCaseloadPage *self)
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

  _assay_caseload_page_scroll_to_top (self);
  gtk_filter_changed (self->filter, change);
  _assay_caseload_page_update_state (self);
}

void
_assay_caseload_page_clear_filters (AssayCaseloadPage *self)
{
  for (guint i = 0; i < ASSAY_CASELOAD_PAGE_N_FILTERS; i++)
    gtk_drop_down_set_selected (self->filters[i].dropdown, 0);
}

void
_assay_caseload_page_filters_init (AssayCaseloadPage *self)
{
  self->filters[ASSAY_CASELOAD_PAGE_FILTER_TEAM].dropdown = self->team_dropdown;
  self->filters[ASSAY_CASELOAD_PAGE_FILTER_PHASE].dropdown = self->phase_dropdown;
  self->filters[ASSAY_CASELOAD_PAGE_FILTER_NEED].dropdown = self->need_dropdown;
  self->filters[ASSAY_CASELOAD_PAGE_FILTER_PLAN_TYPE].dropdown = self->plan_type_dropdown;
  self->filters[ASSAY_CASELOAD_PAGE_FILTER_CHILD_IN_CARE].dropdown = self->in_care_dropdown;
  for (guint i = 0; i < ASSAY_CASELOAD_PAGE_N_FILTERS; i++)
    g_signal_connect_object (self->filters[i].dropdown, "notify::selected",
                             G_CALLBACK (on_filter_selected), self, G_CONNECT_SWAPPED);

  self->filter = GTK_FILTER (gtk_custom_filter_new (filter_func, self, NULL));
}

GtkDropDown *
_assay_caseload_page_get_filter (AssayCaseloadPage  *self,
                                 AssayCaseloadField  field)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_PAGE (self), NULL);

  for (guint i = 0; i < ASSAY_CASELOAD_PAGE_N_FILTERS; i++)
    if (filter_fields[i] == field)
      return self->filters[i].dropdown;

  g_return_val_if_reached (NULL);
}
