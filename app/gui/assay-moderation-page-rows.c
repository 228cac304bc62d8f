/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-moderation-page"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-agency.h"
#include "assay-grade-buttons.h"
#include "assay-grade-label.h"
#include "assay-moderation-item.h"
#include "assay-moderation-page-private.h"

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

GtkWidget *
_assay_moderation_page_create_row (gpointer item_ptr,
                                   gpointer user_data)
{
  AssayModerationPage *self = user_data;
  AssayModerationItem *item = item_ptr;
  AssayFramework *framework = assay_moderation_item_get_framework (item);
  GPtrArray *audits = assay_moderation_item_get_audits (item);
  g_autoptr(GString) accessible = g_string_new (NULL);
  g_autofree char *owned_state = NULL;
  const char *state = state_text (item, &owned_state);
  gboolean any_hidden = FALSE;
  const char *title = framework != NULL ? assay_framework_get_title (framework)
                                        : assay_moderation_item_get_framework_id (item);
  GtkWidget *row, *moderators, *state_label, *arrow;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 assay_moderation_item_get_case_ref (item));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "plan-key", assay_moderation_item_dup_key (item),
                          g_free);
  g_object_set_data_full (G_OBJECT (row), "case-ref",
                          g_strdup (assay_moderation_item_get_case_ref (item)), g_free);
  g_object_set_data_full (G_OBJECT (row), "state", g_strdup (state), g_free);

  g_string_append_printf (accessible, "%s, %s", assay_moderation_item_get_case_ref (item), title);

  /* One line per moderator: who, then the grade they gave */
  moderators = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_valign (moderators, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (moderators, 6);
  gtk_widget_set_margin_bottom (moderators, 6);
  for (guint i = 0; i < audits->len; i++)
    {
      AssayAudit *audit = g_ptr_array_index (audits, i);
      gboolean hidden = _assay_moderation_page_hides (self, audit);
      AssayGrade grade = hidden ? ASSAY_GRADE_NONE : assay_audit_get_final (audit, NULL);
      const char *grade_text = hidden ? _("Hidden until both blind audits are finished")
                                      : assay_grade_label (assay_audit_get_framework (audit),
                                                           grade);
      g_autofree char *who = describe_moderator (self, audit);
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *name = gtk_label_new (who);
      GtkWidget *pill = gtk_label_new (grade_text);

      gtk_label_set_xalign (GTK_LABEL (name), 1.0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_widget_add_css_class (name, "caption");
      gtk_box_append (GTK_BOX (line), name);

      if (hidden)
        {
          /* Says so rather than leave a gap that reads as "not graded" */
          any_hidden = TRUE;
          gtk_label_set_wrap (GTK_LABEL (pill), TRUE);
          gtk_label_set_max_width_chars (GTK_LABEL (pill), 18);
          gtk_widget_add_css_class (pill, "caption");
          gtk_widget_add_css_class (pill, "dim-label");
        }
      else
        {
          gtk_widget_add_css_class (pill, "grade-pill");
          gtk_widget_add_css_class (pill, "small");
          gtk_widget_add_css_class (pill, assay_grade_get_css_class (grade));
        }
      gtk_widget_set_size_request (pill, 104, -1);
      gtk_box_append (GTK_BOX (line), pill);

      gtk_box_append (GTK_BOX (moderators), line);
      g_string_append_printf (accessible, _(", %s: %s"), who, grade_text);
    }
  /* Whether they agree tells the grade as well */
  if (any_hidden)
    {
      state = C_("moderation state", "Blind");
      g_object_set_data_full (G_OBJECT (row), "state", g_strdup (state), g_free);
    }
  gtk_size_group_add_widget (self->moderators_group, moderators);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), moderators);

  state_label = gtk_label_new (state);
  gtk_widget_set_valign (state_label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (state_label, "status-pill");
  gtk_widget_add_css_class (state_label,
                            any_hidden ? "state-awaiting"
                                       : state_css_class (assay_moderation_item_get_state (item)));
  gtk_size_group_add_widget (self->state_group, state_label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state_label);

  arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);

  g_string_append_printf (accessible, _(", %s"), state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible->str,
                                  -1);

  return row;
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
