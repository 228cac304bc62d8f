/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-caseload-columns"

#include "config.h"

#include "assay-caseload-columns.h"
#include "assay-caseload-item.h"

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
  GtkWidget *label;

  /* GTK 4.8's column view keeps up to 200 rows of cells: an inscription
   * draws its text without measuring it, where a label would lay out every
   * cell's text before the first frame (the columns' widths are set). The
   * case reference stays a label, which names the row it starts. */
  if (field == ASSAY_CASELOAD_FIELD_CASE_REF)
    {
      label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
    }
  else
    {
      label = gtk_inscription_new (NULL);
      gtk_inscription_set_xalign (GTK_INSCRIPTION (label), 0.0);
      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label),
                                         GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
    }
  gtk_list_item_set_child (list_item, label);

  /* The list item owns the label, so outlives the handler */
  if (field == ASSAY_CASELOAD_FIELD_PRIMARY_NEED)
    {
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (on_need_query_tooltip), list_item);
    }
}

/* GTK 4.8 gives a column view's row no name of its own, and a screen
 * reader that enters it lands on its first cell: that cell, the case
 * reference, names the plan as a whole. */
static void
name_plan (GtkWidget         *label,
           AssayCaseloadItem *item)
{
  static const AssayCaseloadField said[] = {
    ASSAY_CASELOAD_FIELD_CASE_REF,
    ASSAY_CASELOAD_FIELD_PLAN_TYPE,
    ASSAY_CASELOAD_FIELD_TEAM,
    ASSAY_CASELOAD_FIELD_PHASE,
    ASSAY_CASELOAD_FIELD_PRIMARY_NEED,
  };
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (said); i++)
    {
      const char *value = assay_caseload_item_get_value (item, said[i]);

      if (value != NULL && *value != '\0')
        g_ptr_array_add (parts, assay_caseload_value_to_label (said[i], value));
    }
  g_ptr_array_add (parts, NULL);

  name = g_strjoinv (", ", (char **) parts->pdata);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
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

  if (GTK_IS_LABEL (label))
    gtk_label_set_text (GTK_LABEL (label), text);
  else
    gtk_inscription_set_text (GTK_INSCRIPTION (label), text);

  if (field == ASSAY_CASELOAD_FIELD_CASE_REF)
    name_plan (label, item);

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

void
assay_caseload_column_setup (GtkColumnViewColumn *column,
                             AssayCaseloadField   field)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSorter) sorter = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (field));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (field));
  gtk_column_view_column_set_factory (column, factory);

  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_func, GUINT_TO_POINTER (field), NULL));
  gtk_column_view_column_set_sorter (column, sorter);
}
