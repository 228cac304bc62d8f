/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-moderation-page"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "assay-agency.h"
#include "assay-bundle.h"
#include "assay-bundle-import-dialog.h"
#include "assay-compare.h"
#include "assay-export-dialog.h"
#include "assay-grade-buttons.h"
#include "assay-grade-label.h"
#include "assay-gui-util.h"
#include "assay-moderation-dialog.h"
#include "assay-moderation-item.h"
#include "assay-moderation-page-private.h"
#include "assay-report.h"
#include "assay-secure.h"

/*
 * The forum's view: every plan audited by two or more moderators (this
 * installation's own audits and those imported from colleagues' bundles),
 * how far their overall grades agree, and the grades the forum agreed.
 *
 * Each chosen file is opened in a worker thread (a partnership passphrase
 * costs half a second of Argon2id, and a large bundle takes a moment to
 * decrypt), then merged here in one transaction, one file after another: a
 * passphrase can be asked for in the middle, and Cancel or a lock stops the
 * file being opened before anything of it is stored.
 */

/* Rows of the order drop-down */
enum {
  ORDER_ALL,
  ORDER_DIFFER_FIRST,
};

/* Agreement below this is usually taken as not good enough to rely on
 * (Krippendorff 2004, §11.4): the figure is then shown as a warning. */
#define ALPHA_FLOOR 0.6

struct _AssayModerationPage
{
  AdwBin             parent_instance;

  /* Template widgets */
  GtkRevealer       *progress_revealer;
  GtkSpinner        *progress_spinner;
  GtkLabel          *progress_label;
  GtkRevealer       *missing_revealer;
  GtkLabel          *missing_label;
  GtkRevealer       *conflicts_revealer;
  GtkLabel          *conflicts_label;
  GtkStack          *main_stack;
  GtkStack          *results_stack;
  GtkDropDown       *quarter_dropdown;
  GtkDropDown       *agency_dropdown;
  GtkDropDown       *order_dropdown;
  GtkWidget         *pairs_card;
  GtkLabel          *pairs_value;
  GtkLabel          *pairs_caption;
  GtkWidget         *exact_card;
  GtkLabel          *exact_value;
  GtkWidget         *within_card;
  GtkLabel          *within_value;
  GtkWidget         *alpha_card;
  GtkLabel          *alpha_value;
  GtkLabel          *alpha_caption;
  GtkWidget         *silver_card;
  GtkLabel          *silver_value;
  GtkLabel          *silver_title;
  GtkLabel          *silver_caption;
  GtkLabel          *count_label;
  GtkListBox        *plans_list;

  AssaySession      *session;
  GListStore        *items;
  GtkSortListModel  *sorted;
  GtkCustomSorter   *sorter;
  GtkSizeGroup      *state_group;      /* lines the state labels up */
  GtkSizeGroup      *moderators_group; /* and the moderators' grades */

  GPtrArray         *quarters;         /* of char *: tokens of the quarter drop-down */
  GPtrArray         *agencies;         /* of char *: ids of the agency drop-down */
  gboolean           updating_filters;
  gboolean           stale;

  GPtrArray         *conflicts;        /* of AssayConflict, as last listed */

  /* An import under way: the files, the next one, what each came to, and
   * the partnership passphrase given for this batch (secure memory). */
  GPtrArray         *import_paths;
  guint              import_index;
  GPtrArray         *import_outcomes;
  AssaySecureString *passphrase;
  guint              import_source;
  GCancellable      *import_cancellable;   /* the file being opened */

  GtkNativeDialog   *chooser;
  AssayDialogSlot    dialog;           /* the last dialog opened */
};

G_DEFINE_FINAL_TYPE (AssayModerationPage, assay_moderation_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void import_next (AssayModerationPage *self);

static void
present_dialog (AssayModerationPage *self,
                GtkWidget           *dialog)
{
  assay_dialog_slot_close (&self->dialog);
  assay_dialog_slot_set (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
is_busy (AssayModerationPage *self)
{
  return self->import_paths != NULL;
}

/* Audits left out for want of their framework are still stored: the figures
 * would change with them, so the page says so, and how to get them back */
static void
update_missing (AssayModerationPage *self,
                const GPtrArray     *missing)
{
  gboolean any = missing != NULL && missing->len > 0;

  if (any)
    {
      g_autofree char *text = assay_missing_frameworks_describe (missing);

      gtk_label_set_text (self->missing_label, text);
    }
  gtk_revealer_set_reveal_child (self->missing_revealer, any);
}

static void
update_actions (AssayModerationPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_session = self->session != NULL;
  gboolean busy = is_busy (self);

  gtk_widget_action_set_enabled (widget, "moderation.import", has_session && !busy);
  gtk_widget_action_set_enabled (widget, "moderation.import-file", has_session && !busy);
  gtk_widget_action_set_enabled (widget, "moderation.cancel-import", busy);
  gtk_widget_action_set_enabled (widget, "moderation.export", has_session && !busy);
  gtk_widget_action_set_enabled (widget, "moderation.report", has_session);
  gtk_widget_action_set_enabled (widget, "moderation.report-to-file", has_session);
  gtk_widget_action_set_enabled (widget, "moderation.open-plan", has_session);
  gtk_widget_action_set_enabled (widget, "moderation.review-conflicts",
                                 has_session && self->conflicts != NULL &&
                                 self->conflicts->len > 0);
}

/* ==== The plans ==== */

static const char *
state_text (AssayModerationItem *item,
            char               **owned)
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

/* "Ann Patel · Health", for a moderator of an audit */
static char *
moderator_text (AssayAudit *audit)
{
  const char *name = assay_audit_get_moderator (audit);
  const char *agency = assay_audit_get_agency (audit);

  if (name == NULL || *name == '\0')
    name = _("Unnamed moderator");

  if (agency == NULL || *agency == '\0')
    return g_strdup (name);

  /* Translators: a moderator's name · their agency */
  return g_strdup_printf (_("%s · %s"), name, assay_agency_get_label (agency));
}

static GtkWidget *
create_row (gpointer item_ptr,
            gpointer user_data)
{
  AssayModerationPage *self = user_data;
  AssayModerationItem *item = item_ptr;
  AssayFramework *framework = assay_moderation_item_get_framework (item);
  GPtrArray *audits = assay_moderation_item_get_audits (item);
  g_autoptr(GString) accessible = g_string_new (NULL);
  g_autofree char *owned_state = NULL;
  const char *state = state_text (item, &owned_state);
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
      AssayGrade grade = assay_audit_get_final (audit, NULL);
      const char *grade_text = assay_grade_label (assay_audit_get_framework (audit), grade);
      g_autofree char *who = moderator_text (audit);
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *name = gtk_label_new (who);
      GtkWidget *pill = gtk_label_new (grade_text);

      gtk_label_set_xalign (GTK_LABEL (name), 1.0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_widget_add_css_class (name, "caption");
      gtk_box_append (GTK_BOX (line), name);

      gtk_widget_add_css_class (pill, "grade-pill");
      gtk_widget_add_css_class (pill, "small");
      gtk_widget_add_css_class (pill, assay_grade_get_css_class (grade));
      gtk_widget_set_size_request (pill, 104, -1);
      gtk_box_append (GTK_BOX (line), pill);

      gtk_box_append (GTK_BOX (moderators), line);
      g_string_append_printf (accessible, _(", %s: %s"), who, grade_text);
    }
  gtk_size_group_add_widget (self->moderators_group, moderators);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), moderators);

  state_label = gtk_label_new (state);
  gtk_widget_set_valign (state_label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (state_label, "status-pill");
  gtk_widget_add_css_class (state_label,
                            state_css_class (assay_moderation_item_get_state (item)));
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

static int
compare_items (gconstpointer a,
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

/* ==== Headline figures ==== */

static gboolean
has_value (double value)
{
  return !isnan (value) && value >= 0.0;
}

static void
set_share (GtkLabel *label,
           double    share)
{
  g_autofree char *text = NULL;

  if (!has_value (share))
    {
      gtk_label_set_text (label, "—");
      return;
    }

  /* Translators: a share as a whole percentage, e.g. "75%" */
  text = g_strdup_printf (_("%.0f%%"), share * 100.0);
  gtk_label_set_text (label, text);
}

/* A count from the `compare --json` document: the figures the CLI prints
 * are the ones shown here. */
static guint
json_count (JsonObject *root,
            const char *group,
            const char *sub,
            const char *member)
{
  JsonObject *object = root;

  if (object != NULL && group != NULL)
    object = json_object_get_object_member (object, group);
  if (object != NULL && sub != NULL)
    object = json_object_get_object_member (object, sub);
  if (object == NULL || !json_object_has_member (object, member))
    return 0;

  return (guint) json_object_get_int_member (object, member);
}

static void
update_figures (AssayModerationPage *self,
                AssayComparison     *comparison)
{
  g_autoptr(JsonNode) json = comparison != NULL ? assay_comparison_to_json (comparison) : NULL;
  JsonObject *root = json != NULL && JSON_NODE_HOLDS_OBJECT (json) ? json_node_get_object (json)
                                                                   : NULL;
  guint n_double = json_count (root, "agreement", NULL, "plans");
  guint n_audits = comparison != NULL ? assay_comparison_get_n_audits (comparison) : 0;
  guint n_graded = json_count (root, "distribution", "overall", "total");
  guint n_good = json_count (root, "distribution", "overall", "gold") +
                 json_count (root, "distribution", "overall", "silver");
  double alpha = comparison != NULL ? assay_comparison_get_alpha (comparison) : NAN;
  double silver = comparison != NULL ? assay_comparison_get_silver_or_better (comparison) : NAN;
  g_autofree char *pairs = g_strdup_printf ("%'u", n_double);
  g_autofree char *pairs_caption = NULL;
  g_autofree char *silver_title = NULL;
  g_autofree char *silver_caption = NULL;

  gtk_label_set_text (self->pairs_value, pairs);
  /* Translators: under the number of plans moderated by two or more */
  pairs_caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "By two or more moderators, of %'u audit "
                                                "finished",
                                                "By two or more moderators, of %'u audits "
                                                "finished",
                                                n_audits),
                                   n_audits);
  gtk_label_set_text (self->pairs_caption, pairs_caption);

  set_share (self->exact_value,
             comparison != NULL ? assay_comparison_get_exact (comparison) : NAN);
  set_share (self->within_value,
             comparison != NULL ? assay_comparison_get_within_one (comparison) : NAN);

  /* α can fall below zero (worse than chance): only NAN means "no value" */
  if (!isnan (alpha))
    {
      g_autofree char *text = g_strdup_printf ("%.2f", alpha);

      gtk_label_set_text (self->alpha_value, text);
    }
  else
    gtk_label_set_text (self->alpha_value, "—");

  if (isnan (alpha))
    {
      gtk_label_set_text (self->alpha_caption, _("Needs more plans moderated by two"));
      gtk_widget_remove_css_class (self->alpha_card, "warning");
    }
  else if (alpha < ALPHA_FLOOR)
    {
      gtk_label_set_text (self->alpha_caption, _("Below 0.6, the usual floor for "
                                                 "acceptable agreement"));
      gtk_widget_add_css_class (self->alpha_card, "warning");
    }
  else
    {
      gtk_label_set_text (self->alpha_caption, _("0.6 is the usual floor for "
                                                 "acceptable agreement"));
      gtk_widget_remove_css_class (self->alpha_card, "warning");
    }

  set_share (self->silver_value, silver);
  /* Translators: the share of plans graded Silver or better; %s is the
   * partnership's word for Silver */
  silver_title = g_strdup_printf (_("%s or better"), assay_grade_label (NULL, ASSAY_GRADE_SILVER));
  gtk_label_set_text (self->silver_title, silver_title);
  if (n_graded > 0)
    /* Translators: how many plans of how many had Silver or better */
    silver_caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%'u of %'u plan audited, by final grade",
                                                   "%'u of %'u plans audited, by final grade",
                                                   n_graded),
                                      n_good, n_graded);
  else
    silver_caption = g_strdup (_("No plan has a final grade yet"));
  gtk_label_set_text (self->silver_caption, silver_caption);
}

/* ==== Filters ==== */

static const char *
selected_token (GtkDropDown *dropdown,
                GPtrArray   *tokens)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (tokens == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= tokens->len)
    return NULL;

  return g_ptr_array_index (tokens, selected);
}

static int
compare_quarters_newest_first (gconstpointer a,
                               gconstpointer b)
{
  return -g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* The quarters in which the store's audits were finished, newest first,
 * and every agency a moderator can belong to, keeping what was chosen. */
static gboolean
same_strings (GListModel    *model,
              GtkStringList *strings)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (strings));

  if (!GTK_IS_STRING_LIST (model) || g_list_model_get_n_items (model) != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i),
                   gtk_string_list_get_string (strings, i)) != 0)
      return FALSE;

  return TRUE;
}

static void
update_filter_options (AssayModerationPage *self,
                       GPtrArray           *audits)
{
  g_autofree char *quarter = g_strdup (selected_token (self->quarter_dropdown, self->quarters));
  g_autofree char *agency = g_strdup (selected_token (self->agency_dropdown, self->agencies));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GtkStringList) quarter_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) agency_labels = gtk_string_list_new (NULL);
  const AssayAgency *all;
  guint n_all;
  guint quarter_pos = 0;
  guint agency_pos = 0;

  g_clear_pointer (&self->quarters, g_ptr_array_unref);
  g_clear_pointer (&self->agencies, g_ptr_array_unref);
  self->quarters = g_ptr_array_new_with_free_func (g_free);
  self->agencies = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; audits != NULL && i < audits->len; i++)
    {
      const char *finished = assay_audit_get_finished (g_ptr_array_index (audits, i));
      g_autofree char *token = finished != NULL ? assay_quarter_from_iso8601 (finished) : NULL;

      if (token != NULL && !g_hash_table_contains (seen, token))
        {
          g_ptr_array_add (self->quarters, g_strdup (token));
          g_hash_table_add (seen, g_steal_pointer (&token));
        }
    }
  g_ptr_array_sort (self->quarters, compare_quarters_newest_first);
  g_ptr_array_insert (self->quarters, 0, NULL);
  gtk_string_list_append (quarter_labels, _("All quarters"));
  for (guint i = 1; i < self->quarters->len; i++)
    {
      const char *token = g_ptr_array_index (self->quarters, i);

      gtk_string_list_append (quarter_labels, token);
      if (g_strcmp0 (token, quarter) == 0)
        quarter_pos = i;
    }

  g_ptr_array_add (self->agencies, NULL);
  gtk_string_list_append (agency_labels, _("All agencies"));
  all = assay_agency_get_all (&n_all);
  for (guint i = 0; i < n_all; i++)
    {
      g_ptr_array_add (self->agencies, g_strdup (all[i].id));
      gtk_string_list_append (agency_labels, _(all[i].label));
    }
  /* Agencies typed at the command line are not in the list, but can be
   * grouped by all the same */
  for (guint i = 0; audits != NULL && i < audits->len; i++)
    {
      const char *id = assay_audit_get_agency (g_ptr_array_index (audits, i));
      gboolean known = FALSE;

      if (id == NULL || *id == '\0')
        continue;
      for (guint j = 1; j < self->agencies->len && !known; j++)
        known = g_strcmp0 (g_ptr_array_index (self->agencies, j), id) == 0;
      if (!known)
        {
          g_ptr_array_add (self->agencies, g_strdup (id));
          gtk_string_list_append (agency_labels, id);
        }
    }
  for (guint i = 1; i < self->agencies->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->agencies, i), agency) == 0)
      agency_pos = i;

  /* A choice in a drop-down reloads the page from inside the drop-down's
   * own selection change: replacing its model there frees the selection
   * GTK is still working on. The lists change only with the audits, so a
   * model is replaced only when they did. */
  self->updating_filters = TRUE;
  if (!same_strings (gtk_drop_down_get_model (self->quarter_dropdown), quarter_labels))
    gtk_drop_down_set_model (self->quarter_dropdown, G_LIST_MODEL (quarter_labels));
  gtk_drop_down_set_selected (self->quarter_dropdown, quarter_pos);
  if (!same_strings (gtk_drop_down_get_model (self->agency_dropdown), agency_labels))
    gtk_drop_down_set_model (self->agency_dropdown, G_LIST_MODEL (agency_labels));
  gtk_drop_down_set_selected (self->agency_dropdown, agency_pos);
  self->updating_filters = FALSE;
}

/* ==== Loading ==== */

static void
update_conflicts (AssayModerationPage *self)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  g_clear_pointer (&self->conflicts, g_ptr_array_unref);

  if (self->session != NULL)
    {
      conflicts = assay_bundle_list_conflicts (assay_session_get_store (self->session), &error);
      if (conflicts == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Could not read conflicting changes: %s"),
                                                   error->message);

          assay_gui_show_toast (GTK_WIDGET (self), text);
        }
      else
        self->conflicts = g_steal_pointer (&conflicts);
    }

  n = self->conflicts != NULL ? self->conflicts->len : 0;
  if (n > 0)
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%'u change from a bundle conflicts with one "
                                           "made here. Both versions are kept until you "
                                           "choose.",
                                           "%'u changes from bundles conflict with ones made "
                                           "here. Both versions are kept until you choose.",
                                           n),
                              n);
      gtk_label_set_text (self->conflicts_label, text);
    }
  gtk_revealer_set_reveal_child (self->conflicts_revealer, n > 0);
  update_actions (self);
}

static void
reload (AssayModerationPage *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;
  gboolean anything = FALSE;
  guint n_shown;

  self->stale = FALSE;

  if (self->session != NULL)
    {
      AssayStore *store = assay_session_get_store (self->session);
      AssayFrameworks *frameworks = assay_session_get_frameworks (self->session);
      AssayCompareFilter filter = { NULL, NULL };

      audits = assay_audit_list_readable (store, frameworks, &missing, &error);
      if (audits == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Could not read the audits: %s"),
                                                   error->message);

          assay_gui_show_toast (GTK_WIDGET (self), text);
          g_clear_error (&error);
        }
      update_filter_options (self, audits);
      update_missing (self, missing);

      filter.quarter = selected_token (self->quarter_dropdown, self->quarters);
      filter.agency = selected_token (self->agency_dropdown, self->agencies);
      comparison = assay_comparison_new (store, frameworks, &filter, &error);
      if (comparison == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Could not compare the audits: %s"),
                                                   error->message);

          assay_gui_show_toast (GTK_WIDGET (self), text);
          g_clear_error (&error);
        }
      else
        {
          for (guint i = 0; i < assay_comparison_get_n_cases (comparison); i++)
            g_ptr_array_add (items, assay_moderation_item_new (comparison, i));
        }

      /* Filtered to nothing is not the same as nothing to compare */
      anything = items->len > 0;
      if (!anything && (filter.quarter != NULL || filter.agency != NULL))
        {
          AssayCompareFilter none = { NULL, NULL };
          g_autoptr(AssayComparison) all = assay_comparison_new (store, frameworks, &none, NULL);

          anything = all != NULL && assay_comparison_get_n_cases (all) > 0;
        }
    }
  else
    update_filter_options (self, NULL);

  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  update_figures (self, comparison);

  n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  if (n_shown > 0)
    {
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u plan",
                                                             "%'u plans", n_shown),
                                                n_shown);

      gtk_label_set_text (self->count_label, count);
    }
  else
    gtk_label_set_text (self->count_label, "");

  gtk_stack_set_visible_child_name (self->main_stack, anything ? "data" : "empty");
  gtk_stack_set_visible_child_name (self->results_stack, n_shown > 0 ? "rows" : "none");

  update_conflicts (self);
}

/* Comparing decrypts every audit: done when the page is seen, not on every
 * grade given elsewhere. */
static void
on_session_changed (AssayModerationPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    self->stale = TRUE;
}

static void
on_map (AssayModerationPage *self)
{
  if (self->stale)
    reload (self);
}

static void
on_filter_changed (AssayModerationPage *self)
{
  if (self->updating_filters)
    return;

  reload (self);
}

static void
on_order_changed (AssayModerationPage *self)
{
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

/* ==== Plans ==== */

static AssayModerationItem *
find_item (AssayModerationPage *self,
           const char          *case_ref,
           const char          *framework_id)
{
  GListModel *model = G_LIST_MODEL (self->items);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AssayModerationItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (assay_moderation_item_get_case_ref (item), case_ref) == 0 &&
          (framework_id == NULL ||
           g_strcmp0 (assay_moderation_item_get_framework_id (item), framework_id) == 0))
        return item;
    }

  return NULL;
}

static void
on_open_audit (AssayModerationPage *self,
               const char          *id)
{
  /* The main view owns the editor; it opens others' audits read-only */
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "main.open-audit", "s", id))
    g_debug ("Nothing to open audit %s with", id);
}

static void
open_plan_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (widget);
  g_auto(GStrv) parts = g_strsplit (g_variant_get_string (param, NULL), "\t", 2);
  AssayModerationItem *item;
  GtkWidget *dialog;

  if (self->session == NULL || parts[0] == NULL)
    return;

  item = find_item (self, parts[0], parts[1]);
  if (item == NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a case reference */
      text = g_strdup_printf (_("No moderated plan %s is shown"), parts[0]);
      assay_gui_show_toast (GTK_WIDGET (self), text);
      return;
    }

  dialog = GTK_WIDGET (assay_moderation_dialog_new (assay_gui_get_parent_window (GTK_WIDGET (self)),
                                                    self->session, item));
  g_signal_connect_object (dialog, "open-audit", G_CALLBACK (on_open_audit), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (assay_gui_show_toast), self,
                           G_CONNECT_SWAPPED);
  present_dialog (self, dialog);
}

static void
on_row_activated (AssayModerationPage *self,
                  GtkListBoxRow       *row)
{
  const char *key = g_object_get_data (G_OBJECT (row), "plan-key");

  if (key != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "moderation.open-plan", "s", key);
}

/* ==== Conflicts ==== */

static void
fill_conflicts_list (AssayModerationPage *self,
                     GtkListBox          *list);

static void
resolve_conflict (AssayModerationPage *self,
                  guint                index,
                  gboolean             keep_other,
                  GtkListBox          *list)
{
  g_autoptr(GError) error = NULL;
  AssayConflict *conflict;

  if (self->session == NULL || self->conflicts == NULL || index >= self->conflicts->len)
    return;

  conflict = g_ptr_array_index (self->conflicts, index);
  if (!assay_bundle_resolve_conflict (assay_session_get_store (self->session), conflict,
                                      keep_other, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not settle the conflict: %s"),
                                               error->message);

      assay_gui_show_toast (GTK_WIDGET (self), text);
      return;
    }

  assay_gui_show_toast (GTK_WIDGET (self), keep_other ? _("Kept the version made elsewhere")
                               : _("Kept this computer’s version"));

  assay_session_changed (self->session, g_strcmp0 (conflict->collection, "audits") == 0
                                          ? "audits" : conflict->collection);
  update_conflicts (self);

  if (list != NULL)
    fill_conflicts_list (self, list);
}

static void
on_keep_clicked (GtkButton *button,
                 gpointer   user_data)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (user_data);
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "conflict-index"));
  gboolean keep_other = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "keep-other"));
  GtkWidget *list = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX);

  resolve_conflict (self, index, keep_other, GTK_LIST_BOX (list));
}

static char *
short_identity (const char *identity)
{
  if (identity == NULL)
    return g_strdup ("");

  /* Enough of the key to tell two colleagues apart, as git shows commits */
  return g_strndup (identity, 12);
}

static GtkWidget *
keep_button (AssayModerationPage *self,
             const char          *label,
             const char          *accessible,
             guint                index,
             gboolean             keep_other)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (button), "conflict-index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (button), "keep-other", GINT_TO_POINTER (keep_other));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_keep_clicked), self, 0);

  return button;
}

/* "Audit of EHC-0042 by Ann Patel": core describes records mid-sentence */
static char *
capitalize (const char *text)
{
  g_autofree char *first = NULL;
  const char *rest;

  if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL))
    return g_strdup (text != NULL ? text : "");

  rest = g_utf8_next_char (text);
  first = g_utf8_strup (text, rest - text);

  return g_strconcat (first, rest, NULL);
}

static void
fill_conflicts_list (AssayModerationPage *self,
                     GtkListBox          *list)
{
  const char *own = assay_vault_get_identity (assay_session_get_vault (self->session));
  GtkWidget *child;
  GtkWidget *dialog;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);

  if (self->conflicts == NULL || self->conflicts->len == 0)
    {
      /* Every conflict is settled: nothing is left to review */
      dialog = gtk_widget_get_ancestor (GTK_WIDGET (list), ADW_TYPE_MESSAGE_DIALOG);
      if (dialog != NULL)
        gtk_window_close (GTK_WINDOW (dialog));
      return;
    }

  for (guint i = 0; i < self->conflicts->len; i++)
    {
      AssayConflict *conflict = g_ptr_array_index (self->conflicts, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      g_autofree char *other = short_identity (conflict->other_author);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *mine = NULL;
      g_autofree char *theirs = NULL;

      title = capitalize (conflict->description);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      if (g_strcmp0 (conflict->other_author, own) == 0)
        subtitle = g_strdup (_("The other version was made with your identity on another "
                               "computer"));
      else
        /* Translators: %s is the start of a public identity */
        subtitle = g_strdup_printf (_("The other version was made by identity %s…"), other);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      /* Translators: %s describes a record, e.g. "audit of EHC-0042 by Ann Patel" */
      mine = g_strdup_printf (_("Keep this computer’s version of the %s"), conflict->description);
      theirs = g_strdup_printf (_("Keep the other version of the %s"), conflict->description);
      gtk_box_append (GTK_BOX (buttons), keep_button (self, _("Keep _Mine"), mine, i, FALSE));
      gtk_box_append (GTK_BOX (buttons), keep_button (self, _("Keep _Theirs"), theirs, i, TRUE));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons);
      gtk_list_box_append (list, row);
    }
}

static void
review_conflicts_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (widget);
  GtkWidget *dialog, *scrolled, *list;

  if (self->conflicts == NULL || self->conflicts->len == 0)
    return;

  dialog = adw_message_dialog_new (assay_gui_get_parent_window (GTK_WIDGET (self)),
                                   _("Conflicting Changes"), NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The same record was changed in two places. Both versions "
                                 "are kept; choose the one that stays. The other is set "
                                 "aside and not shown again."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  /* Room for the list's shadow inside the scrolled window */
  gtk_widget_set_margin_top (list, 6);
  gtk_widget_set_margin_bottom (list, 6);
  gtk_widget_set_margin_start (list, 1);
  gtk_widget_set_margin_end (list, 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Conflicting Changes"), -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 400);
  gtk_widget_set_size_request (scrolled, 520, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  fill_conflicts_list (self, GTK_LIST_BOX (list));
  present_dialog (self, dialog);
}

/* ==== Import ==== */

static void
import_outcome_free (gpointer data)
{
  assay_bundle_outcome_free (data);
}

static void
clear_passphrase (AssayModerationPage *self)
{
  g_clear_pointer (&self->passphrase, assay_secure_free);
}

static void
end_import (AssayModerationPage *self)
{
  g_clear_handle_id (&self->import_source, g_source_remove);
  /* The worker may be in Argon2id: it finishes on its own, and what it
   * opened is dropped */
  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->import_paths, g_ptr_array_unref);
  g_clear_pointer (&self->import_outcomes, g_ptr_array_unref);
  self->import_index = 0;
  clear_passphrase (self);

  gtk_spinner_stop (self->progress_spinner);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  update_actions (self);
}

static gboolean
import_idle_cb (gpointer user_data)
{
  AssayModerationPage *self = user_data;

  self->import_source = 0;
  import_next (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_next (AssayModerationPage *self)
{
  /* At idle priority, after the progress strip has been drawn */
  if (self->import_source == 0)
    self->import_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, import_idle_cb, self, NULL);
}

static void
finish_import (AssayModerationPage *self)
{
  g_autoptr(GPtrArray) outcomes = g_steal_pointer (&self->import_outcomes);
  gboolean any = FALSE;
  GtkWidget *dialog;

  end_import (self);

  for (guint i = 0; i < outcomes->len; i++)
    {
      AssayBundleOutcome *outcome = g_ptr_array_index (outcomes, i);

      any |= outcome->report != NULL;
    }

  /* Every page that shows audits or cases refreshes from these, this one
   * included */
  if (any && self->session != NULL)
    {
      assay_session_changed (self->session, "cases");
      assay_session_changed (self->session, "agreements");
      assay_session_changed (self->session, "audits");
    }

  dialog = assay_bundle_import_dialog_new (assay_gui_get_parent_window (GTK_WIDGET (self)),
                                           outcomes);
  present_dialog (self, dialog);
}

static void
add_outcome (AssayModerationPage *self,
             AssayImportReport   *report,
             GError              *error)
{
  const char *path = g_ptr_array_index (self->import_paths, self->import_index);
  g_autofree char *name = g_filename_display_basename (path);

  g_ptr_array_add (self->import_outcomes, assay_bundle_outcome_new (name, report, error));
  self->import_index++;
}

static void
on_passphrase_changed (GtkEditable      *entry,
                       AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "open",
                                           *gtk_editable_get_text (entry) != '\0');
}

static void
on_passphrase_activate (GtkWidget        *entry,
                        AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "open"))
    adw_message_dialog_response (dialog, "open");
}

static void
on_passphrase_response (AssayModerationPage *self,
                        const char          *response,
                        AdwMessageDialog    *dialog)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);

  /* One answer per question: closing the dialog after a button was used
   * must not count as skipping the file as well */
  g_signal_handlers_disconnect_by_func (dialog, on_passphrase_response, self);

  if (!is_busy (self))
    return;

  if (g_strcmp0 (response, "open") == 0)
    {
      clear_passphrase (self);
      self->passphrase = assay_secure_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
    }
  else
    add_outcome (self, NULL,
                 g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                      _("It is locked with a partnership passphrase, and "
                                        "none was given")));

  /* The entry held the passphrase as typed: leave nothing in it */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  schedule_next (self);
}

static void
ask_passphrase (AssayModerationPage *self,
                const char          *name,
                const GError        *error)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog, *entry;

  if (error != NULL)
    /* Translators: a file's name, then why the passphrase did not open it */
    body = g_strdup_printf (_("That passphrase does not open “%s”. Check it with the forum’s "
                              "chair and try again."), name);
  else
    body = g_strdup_printf (_("“%s” was not sent to you by name. Enter the partnership "
                              "passphrase it was locked with to open it."), name);

  dialog = adw_message_dialog_new (assay_gui_get_parent_window (GTK_WIDGET (self)),
                                   error != NULL ? _("Wrong Passphrase")
                                                 : _("Partnership Passphrase"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "skip", _("_Skip File"),
                                    "open", _("_Open"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "open", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "skip");

  /* A plain hidden entry: in GTK 4.8 a GtkPasswordEntry in a message
   * dialog is left with a handler on the dialog that outlives it, and
   * closing the dialog then crashes */
  entry = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Partnership passphrase"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Partnership passphrase"),
                                  -1);
  if (error != NULL)
    gtk_widget_add_css_class (entry, "error");
  g_signal_connect (entry, "changed", G_CALLBACK (on_passphrase_changed), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (on_passphrase_activate), dialog);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_passphrase_response), self,
                           G_CONNECT_SWAPPED);
  present_dialog (self, dialog);
  gtk_widget_grab_focus (entry);
}

static void
show_progress (AssayModerationPage *self)
{
  const char *path = g_ptr_array_index (self->import_paths, self->import_index);
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *progress = NULL;

  if (self->import_paths->len == 1)
    progress = g_strdup_printf (_("Importing “%s”…"), name);
  else
    /* Translators: a file's name, its place in the files chosen and how
     * many were chosen */
    progress = g_strdup_printf (_("Importing “%s” (%u of %u)…"), name,
                                self->import_index + 1, self->import_paths->len);
  gtk_label_set_text (self->progress_label, progress);
}

static void
on_bundle_opened (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AssayModerationPage) self = user_data;
  g_autoptr(AssayOpenedBundle) bundle = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  GError *error = NULL;

  bundle = assay_bundle_open_finish (ASSAY_VAULT (source), result, &error);

  /* Cancelled, locked or ended: whoever stopped the import has tidied up,
   * and nothing of this file is stored */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      !is_busy (self) || self->session == NULL)
    {
      g_clear_error (&error);
      return;
    }

  g_clear_object (&self->import_cancellable);

  if (bundle == NULL &&
      (g_error_matches (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NEEDS_PASSPHRASE) ||
       g_error_matches (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_WRONG_PASSPHRASE)))
    {
      const char *path = g_ptr_array_index (self->import_paths, self->import_index);
      g_autofree char *name = g_filename_display_basename (path);
      /* Wrong, or a passphrase given for an earlier file that does not fit
       * this one: either way, ask */
      gboolean wrong = self->passphrase != NULL;

      clear_passphrase (self);
      ask_passphrase (self, name, wrong ? error : NULL);
      g_clear_error (&error);
      return;
    }

  if (bundle != NULL)
    report = assay_bundle_merge (assay_session_get_store (self->session), bundle,
                                 assay_session_get_frameworks (self->session), NULL, &error);

  add_outcome (self, g_steal_pointer (&report), error);
  schedule_next (self);
}

static void
import_next (AssayModerationPage *self)
{
  g_autoptr(GFile) file = NULL;
  const char *path;

  if (!is_busy (self) || self->session == NULL)
    return;

  if (self->import_index >= self->import_paths->len)
    {
      finish_import (self);
      return;
    }

  show_progress (self);

  path = g_ptr_array_index (self->import_paths, self->import_index);
  file = g_file_new_for_path (path);

  g_clear_object (&self->import_cancellable);
  self->import_cancellable = g_cancellable_new ();
  assay_bundle_open_async (assay_session_get_vault (self->session), file, self->passphrase,
                           self->import_cancellable, on_bundle_opened, g_object_ref (self));
}

static void
start_import (AssayModerationPage *self,
              GPtrArray           *paths)
{
  if (self->session == NULL || is_busy (self) || paths->len == 0)
    return;

  assay_dialog_slot_close (&self->dialog);

  self->import_paths = g_ptr_array_ref (paths);
  self->import_index = 0;
  self->import_outcomes = g_ptr_array_new_with_free_func (import_outcome_free);

  show_progress (self);
  gtk_spinner_start (self->progress_spinner);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  update_actions (self);

  schedule_next (self);
}

static void
import_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (widget);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (paths, g_variant_dup_string (param, NULL));
  start_import (self, paths);
}

static void
on_chooser_response (AssayModerationPage *self,
                     int                  response,
                     GtkNativeDialog     *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
      guint n_remote = 0;

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);

          if (path != NULL)
            g_ptr_array_add (paths, path);
          else
            n_remote++;
        }

      if (n_remote > 0)
        assay_gui_show_toast (GTK_WIDGET (self), _("Only files on this computer can be imported"));
      start_import (self, paths);
    }

  assay_gui_chooser_close (&self->chooser, chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (widget);
  GtkFileFilter *bundle_filter;
  GtkFileChooserNative *chooser;

  chooser = assay_gui_chooser_new (&self->chooser, widget, _("Import Bundles"),
                                   GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"));
  if (chooser == NULL)
    return;
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);

  bundle_filter = assay_gui_chooser_add_filter (chooser, _("Assay Bundles"), "assay");
  assay_gui_chooser_add_filter (chooser, _("All Files"), NULL);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), bundle_filter);

  assay_gui_chooser_show (&self->chooser, chooser, G_CALLBACK (on_chooser_response), self);
}

/* The files not yet stored are listed as not imported: the summary says
 * exactly which were */
static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (widget);

  if (!is_busy (self))
    return;

  g_cancellable_cancel (self->import_cancellable);
  while (self->import_index < self->import_paths->len)
    add_outcome (self, NULL,
                 g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                      _("The import was cancelled before this file was "
                                        "stored")));
  finish_import (self);
}

static void
on_vault_locking (AssayModerationPage *self)
{
  /* Nothing more is stored once the keys go; the summary would show what
   * the next session must not */
  end_import (self);
}

/* ==== Export ==== */

static void
on_exported (AssayModerationPage *self,
             const char          *path,
             guint                n_audits)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *text = NULL;

  /* Translators: how many audits went into a bundle, and the file's name */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %'u audit to “%s”",
                                       "Exported %'u audits to “%s”", n_audits),
                          n_audits, name);
  assay_gui_show_toast (GTK_WIDGET (self), text);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (widget);
  GtkWidget *dialog;

  if (self->session == NULL)
    return;

  dialog = GTK_WIDGET (assay_export_dialog_new (assay_gui_get_parent_window (GTK_WIDGET (self)),
                                                self->session));
  g_signal_connect_object (dialog, "exported", G_CALLBACK (on_exported), self,
                           G_CONNECT_SWAPPED);
  present_dialog (self, dialog);
}

/* ==== Report ==== */

typedef struct
{
  AssayModerationPage *self;
  char                *path;
} ReportJob;

static void
on_report_written (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ReportJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (job->path);
  g_autofree char *text = NULL;

  if (assay_report_write_finish (result, &error))
    /* Translators: the report's file name; it leaves the vault's encryption behind */
    text = g_strdup_printf (_("Saved “%s”, which is not encrypted"), name);
  else
    text = g_strdup (error->message);
  assay_gui_show_toast (GTK_WIDGET (job->self), text);

  g_object_unref (job->self);
  g_free (job->path);
  g_free (job);
}

/* The PDF or CSV by the file name, for the quarter and agency shown;
 * drawing a PDF takes a moment, so it is written in a worker thread. */
static void
write_report (AssayModerationPage *self,
              const char          *path)
{
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(GError) error = NULL;
  AssayCompareFilter filter = { NULL, NULL };
  AssayReportInfo info = { NULL, NULL, NULL };
  AssayReportFormat format;
  AssayVault *vault;
  ReportJob *job;

  if (self->session == NULL)
    return;

  if (!assay_report_format_from_path (path, &format, &error))
    {
      assay_gui_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  filter.quarter = selected_token (self->quarter_dropdown, self->quarters);
  filter.agency = selected_token (self->agency_dropdown, self->agencies);
  comparison = assay_comparison_new (assay_session_get_store (self->session),
                                     assay_session_get_frameworks (self->session), &filter,
                                     &error);
  if (comparison == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not compare the audits: %s"),
                                               error->message);

      assay_gui_show_toast (GTK_WIDGET (self), text);
      return;
    }

  vault = assay_session_get_vault (self->session);
  info.author = assay_vault_get_name (vault);
  info.agency = assay_vault_get_agency (vault);

  job = g_new0 (ReportJob, 1);
  job->self = g_object_ref (self);
  job->path = g_strdup (path);
  assay_report_write_async (comparison, format, &info, path, NULL, on_report_written, job);
}

static void
report_to_file_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  write_report (ASSAY_MODERATION_PAGE (widget), g_variant_get_string (param, NULL));
}

static void
on_report_chooser_response (AssayModerationPage *self,
                            int                  response,
                            GtkNativeDialog     *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autofree char *path = assay_gui_chooser_get_path (chooser);
      GtkFileFilter *type = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
      AssayReportFormat format;

      if (path == NULL)
        assay_gui_show_toast (GTK_WIDGET (self), _("Reports can only be saved on this computer"));
      else if (!assay_report_format_from_path (path, &format, NULL))
        {
          /* A name typed without .pdf or .csv takes the chosen file type's */
          const char *suffix = type != NULL ? g_object_get_data (G_OBJECT (type), "suffix") : NULL;
          g_autofree char *named = g_strconcat (path, suffix != NULL ? suffix : ".pdf", NULL);

          write_report (self, named);
        }
      else
        write_report (self, path);
    }

  assay_gui_chooser_close (&self->chooser, chooser);
}

static void
report_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (widget);
  GtkFileFilter *pdf_filter;
  GtkFileFilter *csv_filter;
  const char *quarter = selected_token (self->quarter_dropdown, self->quarters);
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (self->session == NULL)
    return;

  chooser = assay_gui_chooser_new (&self->chooser, widget, _("Save Partnership Report"),
                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));
  if (chooser == NULL)
    return;

  pdf_filter = assay_gui_chooser_add_filter (chooser, _("PDF Report for the Forum"), "pdf");
  g_object_set_data (G_OBJECT (pdf_filter), "suffix", (gpointer) ".pdf");
  csv_filter = assay_gui_chooser_add_filter (chooser, _("CSV Table for Dashboards"), "csv");
  g_object_set_data (G_OBJECT (csv_filter), "suffix", (gpointer) ".csv");
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), pdf_filter);

  if (quarter != NULL)
    /* Translators: the suggested file name; %s is a quarter such as 2026-Q3 */
    name = g_strdup_printf (_("Partnership report %s.pdf"), quarter);
  else
    name = g_strdup (_("Partnership report.pdf"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  assay_gui_chooser_show (&self->chooser, chooser, G_CALLBACK (on_report_chooser_response), self);
}

/* ==== GObject ==== */

static void
assay_moderation_page_dispose (GObject *object)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (object);

  end_import (self);
  assay_gui_chooser_close (&self->chooser, NULL);
  assay_dialog_slot_close (&self->dialog);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_func (assay_session_get_vault (self->session),
                                            on_vault_locking, self);
    }

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_MODERATION_PAGE);

  g_clear_object (&self->sorted);
  g_clear_object (&self->sorter);
  g_clear_object (&self->items);
  g_clear_object (&self->state_group);
  g_clear_object (&self->moderators_group);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (assay_moderation_page_parent_class)->dispose (object);
}

static void
assay_moderation_page_finalize (GObject *object)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (object);

  g_clear_pointer (&self->quarters, g_ptr_array_unref);
  g_clear_pointer (&self->agencies, g_ptr_array_unref);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);

  G_OBJECT_CLASS (assay_moderation_page_parent_class)->finalize (object);
}

static void
assay_moderation_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (object);

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
assay_moderation_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      assay_moderation_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_moderation_page_class_init (AssayModerationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_moderation_page_dispose;
  object_class->finalize = assay_moderation_page_finalize;
  object_class->get_property = assay_moderation_page_get_property;
  object_class->set_property = assay_moderation_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         ASSAY_TYPE_SESSION,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-moderation-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, progress_spinner);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, missing_revealer);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, missing_label);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, conflicts_revealer);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, conflicts_label);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, quarter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, agency_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, order_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, pairs_card);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, pairs_value);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, pairs_caption);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, exact_card);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, exact_value);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, within_card);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, within_value);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, alpha_card);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, alpha_value);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, alpha_caption);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, silver_card);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, silver_value);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, silver_title);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, silver_caption);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, plans_list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "moderation.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "moderation.import-file", "s",
                                   import_file_action);
  gtk_widget_class_install_action (widget_class, "moderation.cancel-import", NULL,
                                   cancel_import_action);
  gtk_widget_class_install_action (widget_class, "moderation.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "moderation.report", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "moderation.report-to-file", "s",
                                   report_to_file_action);
  gtk_widget_class_install_action (widget_class, "moderation.open-plan", "s", open_plan_action);
  gtk_widget_class_install_action (widget_class, "moderation.review-conflicts", NULL,
                                   review_conflicts_action);
}

static void
assay_moderation_page_init (AssayModerationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->state_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->moderators_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->items = g_list_store_new (ASSAY_TYPE_MODERATION_ITEM);
  self->sorter = gtk_custom_sorter_new (compare_items, self, NULL);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->items)),
                                          GTK_SORTER (g_object_ref (self->sorter)));
  gtk_list_box_bind_model (self->plans_list, G_LIST_MODEL (self->sorted),
                           create_row, self, NULL);

  g_signal_connect_object (self->quarter_dropdown, "notify::selected",
                           G_CALLBACK (on_filter_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->agency_dropdown, "notify::selected",
                           G_CALLBACK (on_filter_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->order_dropdown, "notify::selected",
                           G_CALLBACK (on_order_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);

  reload (self);
}

AssaySession *
assay_moderation_page_get_session (AssayModerationPage *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_PAGE (self), NULL);

  return self->session;
}

void
assay_moderation_page_set_session (AssayModerationPage *self,
                                   AssaySession        *session)
{
  g_return_if_fail (ASSAY_IS_MODERATION_PAGE (self));
  g_return_if_fail (session == NULL || ASSAY_IS_SESSION (session));

  if (self->session == session)
    return;

  /* An import or a dialog of the last session must not reach the next */
  end_import (self);
  assay_gui_chooser_close (&self->chooser, NULL);
  assay_dialog_slot_close (&self->dialog);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_func (assay_session_get_vault (self->session),
                                            on_vault_locking, self);
    }

  g_set_object (&self->session, session);

  if (session != NULL)
    {
      g_signal_connect_object (assay_session_get_vault (session), "locking",
                               G_CALLBACK (on_vault_locking), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "changed::audits",
                               G_CALLBACK (on_session_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "changed::agreements",
                               G_CALLBACK (on_session_changed), self, G_CONNECT_SWAPPED);
    }

  reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

const char *
_assay_moderation_page_get_state (AssayModerationPage *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_PAGE (self), NULL);

  if (self->stale)
    reload (self);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "empty") == 0)
    return "empty";

  return gtk_stack_get_visible_child_name (self->results_stack);
}

GPtrArray *
_assay_moderation_page_get_rows (AssayModerationPage *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  g_return_val_if_fail (ASSAY_IS_MODERATION_PAGE (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->plans_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (ADW_IS_ACTION_ROW (child))
      g_ptr_array_add (rows, child);

  return g_steal_pointer (&rows);
}

const char *
_assay_moderation_page_get_row_state (AssayModerationPage *self,
                                      const char          *case_ref)
{
  g_autoptr(GPtrArray) rows = _assay_moderation_page_get_rows (self);

  for (guint i = 0; i < rows->len; i++)
    {
      GObject *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (g_object_get_data (row, "case-ref"), case_ref) == 0)
        return g_object_get_data (row, "state");
    }

  return NULL;
}

/* The test accessors below name a template child as its id does, without
 * the kind of widget it is: "alpha" and "card" for alpha_card; a name
 * with a dash, "alpha-caption", is whole already. */
static GObject *
get_template_part (AssayModerationPage *self,
                   const char          *which,
                   const char          *part)
{
  g_autofree char *id = NULL;
  GObject *child;

  g_return_val_if_fail (ASSAY_IS_MODERATION_PAGE (self), NULL);

  id = strchr (which, '-') != NULL ? g_strdup (which) : g_strconcat (which, "-", part, NULL);
  g_strdelimit (id, "-", '_');
  child = gtk_widget_get_template_child (GTK_WIDGET (self), ASSAY_TYPE_MODERATION_PAGE, id);
  g_return_val_if_fail (child != NULL, NULL);

  return child;
}

GtkLabel *
_assay_moderation_page_get_figure (AssayModerationPage *self,
                                   const char          *which)
{
  return GTK_LABEL (get_template_part (self, which, "value"));
}

GtkWidget *
_assay_moderation_page_get_figure_card (AssayModerationPage *self,
                                        const char          *which)
{
  return GTK_WIDGET (get_template_part (self, which, "card"));
}

GtkDropDown *
_assay_moderation_page_get_dropdown (AssayModerationPage *self,
                                     const char          *which)
{
  return GTK_DROP_DOWN (get_template_part (self, which, "dropdown"));
}

GtkRevealer *
_assay_moderation_page_get_conflicts_revealer (AssayModerationPage *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_PAGE (self), NULL);

  return self->conflicts_revealer;
}

GtkLabel *
_assay_moderation_page_get_conflicts_label (AssayModerationPage *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_PAGE (self), NULL);

  return self->conflicts_label;
}

gboolean
_assay_moderation_page_get_busy (AssayModerationPage *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_PAGE (self), FALSE);

  return is_busy (self);
}

GtkWindow *
_assay_moderation_page_get_dialog (AssayModerationPage *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_PAGE (self), NULL);

  return self->dialog.dialog != NULL ? GTK_WINDOW (self->dialog.dialog) : NULL;
}

GtkRevealer *
_assay_moderation_page_get_missing_revealer (AssayModerationPage *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_PAGE (self), NULL);

  return self->missing_revealer;
}

GtkLabel *
_assay_moderation_page_get_progress_label (AssayModerationPage *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_PAGE (self), NULL);

  return self->progress_label;
}
