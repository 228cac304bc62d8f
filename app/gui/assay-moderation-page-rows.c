/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-moderation-page"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-agency.h"
#include "assay-grade-buttons.h"
#include "assay-grade-label.h"
#include "assay-moderation-item.h"
#include "assay-moderation-page-private.h"
#include "assay-moderation-row.h"

/*
 * One row of the moderation page's list for each plan: its case reference, the
 * moderators' grades side by side, its state; and the order of the rows.
 */

/* Rows of the order drop-down */
enum {
  ORDER_ALL,
  ORDER_DIFFER_FIRST,
};

static const char *
state_text (AssayModerationItem  *item,
            char                **owned)
{
  AssayGrade agreed;

  switch (assay_moderation_item_get_state (item))
    {
    case ASSAY_CASE_AGREE:
      return C_("moderation state", "Agree");
    case ASSAY_CASE_DIFFER:
      return C_("moderation state", "Differ");
    case ASSAY_CASE_AGREED:
      agreed = assay_moderation_item_get_agreed (item, NULL, NULL);
      /* Translators: the state of a plan whose final grade the forum agreed */
      *owned = g_strdup_printf (C_("moderation state", "Agreed: %s"),
                                assay_grade_label (assay_moderation_item_get_framework (item),
                                                   agreed));
      return *owned;
    case ASSAY_CASE_AWAITING:
    default:
      return C_("moderation state", "Awaiting partner");
    }
}

static const char *
state_css_class (AssayCaseState state)
{
  switch (state)
    {
    case ASSAY_CASE_AGREE:
      return "state-agree";
    case ASSAY_CASE_DIFFER:
      return "state-differ";
    case ASSAY_CASE_AGREED:
      return "state-agreed";
    case ASSAY_CASE_AWAITING:
    default:
      return "state-awaiting";
    }
}

/* "Ann Patel · Health"; two colleagues of one name as the address book
 * tells them apart */
static char *
describe_moderator (AssayModerationPage *self,
                    AssayAudit          *audit)
{
  const char *key = assay_audit_get_moderator_id (audit);
  const char *shown = self->names != NULL && key != NULL
                        ? assay_contacts_display_name (self->names, key) : NULL;

  if (shown != NULL && g_strcmp0 (shown, assay_audit_get_moderator (audit)) != 0)
    return g_strdup (shown);

  return assay_moderation_item_describe_moderator (audit);
}

gboolean
_assay_moderation_page_item_hidden (AssayModerationPage *self,
                                    AssayModerationItem *item)
{
  GPtrArray *audits = assay_moderation_item_get_audits (item);

  for (guint i = 0; i < audits->len; i++)
    if (_assay_moderation_page_hides (self, g_ptr_array_index (audits, i)))
      return TRUE;

  return FALSE;
}

char *
_assay_moderation_page_dup_item_state (AssayModerationPage *self,
                                       AssayModerationItem *item)
{
  g_autofree char *owned = NULL;
  const char *state = state_text (item, &owned);

  /* Whether they agree tells the grade as well */
  if (_assay_moderation_page_item_hidden (self, item))
    return g_strdup (C_("moderation state", "Blind"));

  return g_strdup (state);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           AssayModerationPage      *self)
{
  gtk_list_item_set_child (list_item, assay_moderation_row_new (self->moderators_group,
                                                                self->state_group));
}

/* Rows are recycled: everything is set again for the plan bound */
static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          AssayModerationPage      *self)
{
  AssayModerationItem *item = gtk_list_item_get_item (list_item);
  AssayModerationRow *row = ASSAY_MODERATION_ROW (gtk_list_item_get_child (list_item));
  AssayFramework *framework = assay_moderation_item_get_framework (item);
  GPtrArray *audits = assay_moderation_item_get_audits (item);
  const char *case_ref = assay_moderation_item_get_case_ref (item);
  const char *title = framework != NULL ? assay_framework_get_title (framework)
                                        : assay_moderation_item_get_framework_id (item);
  g_autofree char *state = _assay_moderation_page_dup_item_state (self, item);
  gboolean hidden = _assay_moderation_page_item_hidden (self, item);
  g_autoptr(GString) accessible = g_string_new (NULL);

  assay_moderation_row_set_plan (row, case_ref, title, state,
                                 hidden ? "state-awaiting"
                                        : state_css_class (assay_moderation_item_get_state (item)));
  g_string_append_printf (accessible, "%s, %s", case_ref, title);

  /* One line per moderator: who, then the grade they gave */
  for (guint i = 0; i < audits->len; i++)
    {
      AssayAudit *audit = g_ptr_array_index (audits, i);
      gboolean hides = _assay_moderation_page_hides (self, audit);
      AssayGrade grade = hides ? ASSAY_GRADE_NONE : assay_audit_get_final (audit, NULL);
      const char *grade_text = hides ? _("Hidden until both blind audits are finished")
                                     : assay_grade_label (assay_audit_get_framework (audit),
                                                          grade);
      g_autofree char *who = describe_moderator (self, audit);

      assay_moderation_row_add_moderator (row, who, grade, grade_text, hides);
      g_string_append_printf (accessible, _(", %s: %s"), who, grade_text);
    }

  /* GTK 4.8 gives a list item no name of its own: the row says it all */
  g_string_append_printf (accessible, _(", %s"), state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible->str,
                                  -1);
}

GtkListItemFactory *
_assay_moderation_page_row_factory_new (AssayModerationPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  /* The page owns the list view, and so outlives the factory's rows */
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);

  return factory;
}

static int
state_rank (AssayCaseState state)
{
  /* What the forum still has to do comes first */
  switch (state)
    {
    case ASSAY_CASE_DIFFER:
      return 0;
    case ASSAY_CASE_AWAITING:
      return 1;
    case ASSAY_CASE_AGREED:
      return 2;
    case ASSAY_CASE_AGREE:
    default:
      return 3;
    }
}

int
_assay_moderation_page_compare_items (gconstpointer a,
                                      gconstpointer b,
                                      gpointer      user_data)
{
  AssayModerationPage *self = user_data;
  AssayModerationItem *item_a = (AssayModerationItem *) a;
  AssayModerationItem *item_b = (AssayModerationItem *) b;
  int cmp;

  if (gtk_drop_down_get_selected (self->order_dropdown) == ORDER_DIFFER_FIRST)
    {
      int rank_a = state_rank (assay_moderation_item_get_state (item_a));
      int rank_b = state_rank (assay_moderation_item_get_state (item_b));

      if (rank_a != rank_b)
        return rank_a < rank_b ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
    }

  cmp = g_utf8_collate (assay_moderation_item_get_case_ref (item_a),
                        assay_moderation_item_get_case_ref (item_b));
  if (cmp == 0)
    cmp = g_strcmp0 (assay_moderation_item_get_framework_id (item_a),
                     assay_moderation_item_get_framework_id (item_b));

  return gtk_ordering_from_cmpfunc (cmp);
}

/* ==== For tests ==== */

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (ASSAY_IS_MODERATION_ROW (widget))
    {
      if (gtk_widget_get_visible (gtk_widget_get_parent (widget)))
        g_ptr_array_add (rows, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

GPtrArray *
_assay_moderation_page_get_rows (AssayModerationPage *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  g_return_val_if_fail (ASSAY_IS_MODERATION_PAGE (self), NULL);

  _assay_moderation_page_settle (self);
  collect_rows (GTK_WIDGET (self->plans_list), rows);

  return g_steal_pointer (&rows);
}

const char *
_assay_moderation_page_get_row_state (AssayModerationPage *self,
                                      const char          *case_ref)
{
  GListModel *model = G_LIST_MODEL (self->sorted);

  g_return_val_if_fail (ASSAY_IS_MODERATION_PAGE (self), NULL);

  _assay_moderation_page_settle (self);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AssayModerationItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (assay_moderation_item_get_case_ref (item), case_ref) == 0)
        {
          /* Kept with the item, so the caller need not free it */
          g_object_set_data_full (G_OBJECT (item), "assay-test-state",
                                  _assay_moderation_page_dup_item_state (self, item), g_free);
          return g_object_get_data (G_OBJECT (item), "assay-test-state");
        }
    }

  return NULL;
}
