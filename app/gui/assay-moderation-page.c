/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-moderation-page"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-agency.h"
#include "assay-audit-index.h"
#include "assay-gui-util.h"
#include "assay-moderation-item.h"
#include "assay-moderation-page-private.h"
#include "assay-quarter.h"

/*
 * The forum's view: every plan audited by two or more moderators (this
 * installation's own audits and those imported from colleagues' bundles),
 * how far their overall grades agree, and the grades the forum agreed.
 * This file loads the comparison for the filters chosen and keeps the list
 * of plans; the rest of the page is in the files named in
 * assay-moderation-page-private.h.
 */

G_DEFINE_FINAL_TYPE (AssayModerationPage, assay_moderation_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_assay_moderation_page_present_dialog (AssayModerationPage *self,
                                       GtkWidget           *dialog)
{
  assay_dialog_slot_close (&self->dialog);
  assay_dialog_slot_set (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
_assay_moderation_page_is_busy (AssayModerationPage *self)
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

void
_assay_moderation_page_update_actions (AssayModerationPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_session = self->session != NULL;
  gboolean busy = _assay_moderation_page_is_busy (self);

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

void
_assay_moderation_page_get_filter (AssayModerationPage *self,
                                   AssayCompareFilter  *filter)
{
  filter->quarter = selected_token (self->quarter_dropdown, self->quarters);
  filter->agency = selected_token (self->agency_dropdown, self->agencies);
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
  g_autoptr(GtkStringList) quarter_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) agency_labels = gtk_string_list_new (NULL);
  const AssayAgency *all;
  guint n_all;
  guint quarter_pos = 0;
  guint agency_pos = 0;

  g_clear_pointer (&self->quarters, g_ptr_array_unref);
  g_clear_pointer (&self->agencies, g_ptr_array_unref);
  self->agencies = g_ptr_array_new_with_free_func (g_free);

  self->quarters = assay_quarter_list_finished (audits);
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

gboolean
_assay_moderation_page_hides (AssayModerationPage *self,
                              AssayAudit          *audit)
{
  /* Nothing listed yet: nothing of anyone else's can be known to be safe */
  if (self->blind == NULL)
    return !assay_audit_is_own (audit);

  return assay_blind_rule_hides (self->blind, audit);
}

/* ==== Loading ==== */

/* What the audits listed come to: the filters' choices, the blind rule,
 * the comparison for the quarter and agency chosen, and the rows. The
 * comparison reads the store, so it is made here on the main thread. */
static void
show_listed (AssayModerationPage *self,
             GPtrArray           *audits,
             GPtrArray           *missing)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(GError) error = NULL;
  gboolean anything = FALSE;
  guint n_shown;

  if (self->session != NULL)
    {
      AssayStore *store = assay_session_get_store (self->session);
      AssayFrameworks *frameworks = assay_session_get_frameworks (self->session);
      AssayCompareFilter filter = { NULL, NULL };

      update_filter_options (self, audits);
      update_missing (self, missing);

      /* Before the rows are made: they ask it of each audit */
      g_clear_pointer (&self->blind, assay_blind_rule_free);
      self->blind = assay_blind_rule_new (audits);
      g_clear_pointer (&self->names, assay_contact_names_free);
      self->names = assay_contact_names_load (store, NULL);

      _assay_moderation_page_get_filter (self, &filter);
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
    {
      /* Names from the sealed store go with the session */
      g_clear_pointer (&self->names, assay_contact_names_free);
      g_clear_pointer (&self->blind, assay_blind_rule_free);
      update_filter_options (self, NULL);
      update_missing (self, NULL);
    }

  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  _assay_moderation_page_update_figures (self, comparison);

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

  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, anything ? "data" : "empty");
  gtk_stack_set_visible_child_name (self->results_stack, n_shown > 0 ? "rows" : "none");

  _assay_moderation_page_update_conflicts (self);
}

/* One listing: the page may be gone, or listing again, when it ends */
typedef struct
{
  GWeakRef      page;
  GCancellable *cancellable;
} LoadJob;

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LoadJob *job = user_data;
  g_autoptr(AssayModerationPage) self = g_weak_ref_get (&job->page);
  g_autoptr(GCancellable) cancellable = g_steal_pointer (&job->cancellable);
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (&job->page);
  g_free (job);

  audits = assay_audit_list_finish (ASSAY_STORE (source), result, &missing, &error);
  if (self == NULL || g_cancellable_is_cancelled (cancellable))
    return;

  g_clear_object (&self->load_cancellable);
  if (audits == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read the audits: %s"),
                                               error->message);

      assay_gui_show_toast (GTK_WIDGET (self), text);
    }

  show_listed (self, audits, missing);
}

/* The audits are read in the background; a page read for the first time
 * shows a spinner until they are, one read again keeps its rows. */
static void
reload (AssayModerationPage *self)
{
  LoadJob *job;

  self->stale = FALSE;
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->session == NULL)
    {
      show_listed (self, NULL, NULL);
      return;
    }

  self->load_cancellable = g_cancellable_new ();
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "data") != 0)
    {
      gtk_spinner_set_spinning (self->spinner, TRUE);
      gtk_stack_set_visible_child_name (self->main_stack, "loading");
    }

  job = g_new0 (LoadJob, 1);
  g_weak_ref_init (&job->page, self);
  job->cancellable = g_object_ref (self->load_cancellable);
  assay_audit_list_async (assay_session_get_store (self->session),
                          assay_session_get_frameworks (self->session),
                          NULL, NULL, self->load_cancellable, on_listed, job);
}

static void
on_session_changed (AssayModerationPage *self)
{
  if (assay_gui_reload_now (GTK_WIDGET (self), &self->stale))
    reload (self);
}

static void
on_map (AssayModerationPage *self)
{
  if (self->stale)
    reload (self);
}

/* Before the rows change, while GTK 4.8 still has their layout: a new
 * choice is read from the top */
static void
scroll_to_top (AssayModerationPage *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->plans_list));

  if (adjustment != NULL)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
on_filter_changed (AssayModerationPage *self)
{
  if (self->updating_filters)
    return;

  scroll_to_top (self);
  reload (self);
}

static void
on_order_changed (AssayModerationPage *self)
{
  scroll_to_top (self);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

/* ==== Plans ==== */

static void
on_list_activate (AssayModerationPage *self,
                  guint                position)
{
  g_autoptr(AssayModerationItem) item = NULL;
  g_autofree char *key = NULL;

  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
  if (item == NULL)
    return;

  key = assay_moderation_item_dup_key (item);
  gtk_widget_activate_action (GTK_WIDGET (self), "moderation.open-plan", "s", key);
}

/* Ends what the page does with its session, before it goes: an import or
 * a dialog of one session must not reach the next. */
static void
let_go_of_session (AssayModerationPage *self)
{
  _assay_moderation_page_end_import (self);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  assay_gui_chooser_close (&self->chooser, NULL);
  assay_dialog_slot_close (&self->dialog);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_func (assay_session_get_vault (self->session),
                                            _assay_moderation_page_on_vault_locking, self);
    }
}

/* ==== GObject ==== */

static void
assay_moderation_page_dispose (GObject *object)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (object);

  let_go_of_session (self);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_MODERATION_PAGE);

  g_clear_object (&self->sorted);
  g_clear_object (&self->sorter);
  g_clear_object (&self->items);
  g_clear_object (&self->state_group);
  g_clear_object (&self->moderators_group);
  g_clear_object (&self->session);
  g_clear_weak_pointer (&self->conflicts_box);

  G_OBJECT_CLASS (assay_moderation_page_parent_class)->dispose (object);
}

static void
assay_moderation_page_finalize (GObject *object)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (object);

  g_clear_pointer (&self->quarters, g_ptr_array_unref);
  g_clear_pointer (&self->agencies, g_ptr_array_unref);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_clear_pointer (&self->blind, assay_blind_rule_free);
  g_clear_pointer (&self->names, assay_contact_names_free);

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

  properties[PROP_SESSION] = assay_gui_param_spec_object ("session", ASSAY_TYPE_SESSION);

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
  gtk_widget_class_bind_template_child (widget_class, AssayModerationPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);

  _assay_moderation_page_install_actions (widget_class);
}

static void
assay_moderation_page_init (AssayModerationPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->state_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->moderators_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->items = g_list_store_new (ASSAY_TYPE_MODERATION_ITEM);
  self->sorter = gtk_custom_sorter_new (_assay_moderation_page_compare_items, self, NULL);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->items)),
                                          GTK_SORTER (g_object_ref (self->sorter)));
  factory = _assay_moderation_page_row_factory_new (self);
  gtk_list_view_set_factory (self->plans_list, factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_list_view_set_model (self->plans_list, GTK_SELECTION_MODEL (selection));

  g_signal_connect_object (self->quarter_dropdown, "notify::selected",
                           G_CALLBACK (on_filter_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->agency_dropdown, "notify::selected",
                           G_CALLBACK (on_filter_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->order_dropdown, "notify::selected",
                           G_CALLBACK (on_order_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);

  show_listed (self, NULL, NULL);
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

  let_go_of_session (self);

  g_set_object (&self->session, session);

  if (session != NULL)
    {
      g_signal_connect_object (assay_session_get_vault (session), "locking",
                               G_CALLBACK (_assay_moderation_page_on_vault_locking), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "changed::audits",
                               G_CALLBACK (on_session_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "changed::agreements",
                               G_CALLBACK (on_session_changed), self, G_CONNECT_SWAPPED);
      /* Names as the address book gives them */
      g_signal_connect_object (session, "changed::contacts",
                               G_CALLBACK (on_session_changed), self, G_CONNECT_SWAPPED);
    }

  /* Dropped at once on lock; read when next shown after unlock */
  if (session == NULL || assay_gui_reload_now (GTK_WIDGET (self), &self->stale))
    reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
_assay_moderation_page_get_loading (AssayModerationPage *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_PAGE (self), FALSE);

  return self->load_cancellable != NULL;
}

/* What the test accessors show is what the page shows once read */
void
_assay_moderation_page_settle (AssayModerationPage *self)
{
  if (self->stale)
    reload (self);
  while (self->load_cancellable != NULL)
    g_main_context_iteration (NULL, TRUE);
}

const char *
_assay_moderation_page_get_state (AssayModerationPage *self)
{
  const char *outer;

  g_return_val_if_fail (ASSAY_IS_MODERATION_PAGE (self), NULL);

  _assay_moderation_page_settle (self);
  outer = gtk_stack_get_visible_child_name (self->main_stack);
  if (g_strcmp0 (outer, "data") != 0)
    return outer;

  return gtk_stack_get_visible_child_name (self->results_stack);
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
  _assay_moderation_page_settle (self);

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

  return _assay_moderation_page_is_busy (self);
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
