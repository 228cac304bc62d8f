/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-samples-page"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-caseload.h"
#include "assay-gui-util.h"
#include "assay-sample.h"
#include "assay-samples-page-private.h"

/*
 * The samples drawn from the caseload, newest first, each with its rule and
 * seed; below them the plans of the selected one, each ready to audit. The
 * rows of both lists are in assay-samples-page-rows.c.
 */

G_DEFINE_FINAL_TYPE (AssaySamplesPage, assay_samples_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (AssaySamplesPage *self,
            const GError     *error)
{
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
show_plans (AssaySamplesPage *self,
            AssaySample      *sample)
{
  g_autoptr(GPtrArray) refs = NULL;
  g_autofree char *title = NULL;
  GtkAdjustment *adjustment;

  gtk_widget_set_visible (GTK_WIDGET (self->plans_group), sample != NULL);
  gtk_widget_set_visible (self->plans_scroller, sample != NULL);

  /* Another sample's plans are read from their top */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->plans_list));
  if (adjustment != NULL)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));

  if (sample == NULL)
    {
      gtk_string_list_splice (self->plan_refs, 0,
                              g_list_model_get_n_items (G_LIST_MODEL (self->plan_refs)), NULL);
      return;
    }

  refs = g_ptr_array_new_full (sample->cases->len + 1, NULL);
  for (guint i = 0; i < sample->cases->len; i++)
    g_ptr_array_add (refs, g_ptr_array_index (sample->cases, i));
  g_ptr_array_add (refs, NULL);
  gtk_string_list_splice (self->plan_refs, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->plan_refs)),
                          (const char * const *) refs->pdata);

  title = g_strdup_printf (ngettext ("%u Plan in This Sample", "%u Plans in This Sample",
                                     sample->size),
                           sample->size);
  adw_preferences_group_set_title (self->plans_group, title);
}

AssaySample *
_assay_samples_page_find_sample (AssaySamplesPage *self,
                                 const char       *id,
                                 guint            *index)
{
  if (self->samples == NULL || id == NULL)
    return NULL;

  for (guint i = 0; i < self->samples->len; i++)
    {
      AssaySample *sample = g_ptr_array_index (self->samples, i);

      if (g_strcmp0 (sample->id, id) == 0)
        {
          if (index != NULL)
            *index = i;
          return sample;
        }
    }

  return NULL;
}

static void
update_draw_action (AssaySamplesPage *self)
{
  gboolean have_plans = self->caseload != NULL && self->caseload->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "samples.draw", have_plans);

  /* Disabled rather than hidden: say why */
  gtk_widget_set_visible (GTK_WIDGET (self->empty_hint), self->session != NULL && !have_plans);
}

static void
reload_caseload (AssaySamplesPage *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->plans_by_ref, g_hash_table_unref);
  g_clear_pointer (&self->caseload, g_ptr_array_unref);

  if (self->session == NULL)
    return;

  self->caseload = assay_caseload_list (assay_session_get_store (self->session), &error);
  if (self->caseload == NULL)
    {
      show_error (self, error);
      return;
    }

  self->plans_by_ref = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->caseload->len; i++)
    {
      JsonObject *fields = g_ptr_array_index (self->caseload, i);
      const char *case_ref = json_object_get_string_member_with_default (fields, "case_ref", NULL);

      if (case_ref != NULL)
        g_hash_table_insert (self->plans_by_ref, (gpointer) case_ref, fields);
    }
}

static void
reload_samples (AssaySamplesPage *self)
{
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(GError) error = NULL;
  AssaySample *selected;
  guint index = 0;

  self->stale = FALSE;
  gtk_string_list_splice (self->sample_ids, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->sample_ids)), NULL);
  g_clear_pointer (&self->samples, g_ptr_array_unref);
  show_plans (self, NULL);
  update_draw_action (self);

  if (self->session == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  samples = assay_sample_list (assay_session_get_store (self->session), &error);
  if (samples == NULL)
    {
      show_error (self, error);
      return;
    }

  /* Oldest first from the store; the newest is the one wanted now */
  self->samples = g_ptr_array_new_full (samples->len, (GDestroyNotify) assay_sample_free);
  for (guint i = samples->len; i > 0; i--)
    g_ptr_array_add (self->samples, g_ptr_array_steal_index (samples, i - 1));

  for (guint i = 0; i < self->samples->len; i++)
    gtk_string_list_append (self->sample_ids,
                            ((AssaySample *) g_ptr_array_index (self->samples, i))->id);

  if (self->samples->len == 0)
    {
      g_clear_pointer (&self->selected_id, g_free);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "samples");

  selected = _assay_samples_page_find_sample (self, self->selected_id, &index);
  if (selected == NULL)
    index = 0;

  /* Selecting shows the sample's plans */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_single_selection_set_selected (self->selection, index);
}

static void
reload (AssaySamplesPage *self)
{
  reload_caseload (self);
  if (self->session != NULL && self->caseload == NULL)
    return;

  reload_samples (self);
}

static void
on_samples_changed (AssaySamplesPage *self)
{
  if (!assay_gui_reload_now (GTK_WIDGET (self), &self->stale))
    return;

  /* The plans are read already, unless this is the page's first reading */
  if (self->caseload == NULL)
    reload (self);
  else
    reload_samples (self);
}

static void
on_plans_changed (AssaySamplesPage *self)
{
  if (assay_gui_reload_now (GTK_WIDGET (self), &self->stale))
    reload (self);
}

static void
on_map (AssaySamplesPage *self)
{
  if (self->stale)
    reload (self);
}

static void
on_sample_selected (AssaySamplesPage *self)
{
  guint index = gtk_single_selection_get_selected (self->selection);
  AssaySample *sample = NULL;

  if (self->samples != NULL && index < self->samples->len)
    sample = g_ptr_array_index (self->samples, index);

  /* Remember across reloads; keep the choice while the list is rebuilt */
  if (sample != NULL)
    {
      g_free (self->selected_id);
      self->selected_id = g_strdup (sample->id);
    }

  show_plans (self, sample);
}

static void
on_plan_activated (AssaySamplesPage *self,
                   guint             position)
{
  const char *case_ref = gtk_string_list_get_string (self->plan_refs, position);

  if (case_ref == NULL)
    return;

  /* The main view owns the editor; it starts the audit and shows it */
  gtk_widget_activate_action (GTK_WIDGET (self), "main.start-audit", "s", case_ref);
}

static void
on_dialog_drawn (AssaySamplesPage  *self,
                 const char        *id,
                 AssaySampleDialog *dialog)
{
  guint index;

  /* The store write already refreshed the list through "changed::samples" */
  if (_assay_samples_page_find_sample (self, id, &index) == NULL)
    return;

  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  gtk_single_selection_set_selected (self->selection, index);
}

static void
samples_draw_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AssaySamplesPage *self = ASSAY_SAMPLES_PAGE (widget);
  GtkWidget *dialog;

  if (self->session == NULL)
    return;

  if (self->dialog.dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->dialog.dialog));
      return;
    }

  dialog = GTK_WIDGET (assay_sample_dialog_new (self->session, self->caseload));
  assay_dialog_slot_set (&self->dialog, dialog);
  g_signal_connect_object (dialog, "drawn",
                           G_CALLBACK (on_dialog_drawn), self, G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), assay_gui_get_parent_window (widget));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
assay_samples_page_dispose (GObject *object)
{
  AssaySamplesPage *self = ASSAY_SAMPLES_PAGE (object);

  assay_dialog_slot_close (&self->dialog);

  /* The stack is both AdwBin's child and a template child: let the bin
   * give it up first, so it is not unparented twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_SAMPLES_PAGE);
  g_clear_object (&self->session);
  g_clear_pointer (&self->samples, g_ptr_array_unref);
  g_clear_pointer (&self->plans_by_ref, g_hash_table_unref);
  g_clear_pointer (&self->caseload, g_ptr_array_unref);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->sample_ids);
  g_clear_object (&self->plan_refs);

  G_OBJECT_CLASS (assay_samples_page_parent_class)->dispose (object);
}

static void
assay_samples_page_finalize (GObject *object)
{
  AssaySamplesPage *self = ASSAY_SAMPLES_PAGE (object);

  g_clear_pointer (&self->selected_id, g_free);

  G_OBJECT_CLASS (assay_samples_page_parent_class)->finalize (object);
}

static void
assay_samples_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AssaySamplesPage *self = ASSAY_SAMPLES_PAGE (object);

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
assay_samples_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AssaySamplesPage *self = ASSAY_SAMPLES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      assay_samples_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_samples_page_class_init (AssaySamplesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_samples_page_dispose;
  object_class->finalize = assay_samples_page_finalize;
  object_class->get_property = assay_samples_page_get_property;
  object_class->set_property = assay_samples_page_set_property;

  properties[PROP_SESSION] = assay_gui_param_spec_object ("session", ASSAY_TYPE_SESSION);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-samples-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AssaySamplesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AssaySamplesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, AssaySamplesPage, empty_hint);
  gtk_widget_class_bind_template_child (widget_class, AssaySamplesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, AssaySamplesPage, samples_list);
  gtk_widget_class_bind_template_child (widget_class, AssaySamplesPage, plans_group);
  gtk_widget_class_bind_template_child (widget_class, AssaySamplesPage, plans_scroller);
  gtk_widget_class_bind_template_child (widget_class, AssaySamplesPage, plans_list);
  gtk_widget_class_bind_template_callback (widget_class, on_plan_activated);

  gtk_widget_class_install_action (widget_class, "samples.draw", NULL, samples_draw_action);

  /* Within the page only: other pages may give the key their own "new" */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "samples.draw", NULL);

  g_type_ensure (ASSAY_TYPE_SAMPLE_DIALOG);
}

static void
assay_samples_page_init (AssaySamplesPage *self)
{
  g_autoptr(GtkListItemFactory) sample_factory = NULL;
  g_autoptr(GtkListItemFactory) plan_factory = NULL;
  g_autoptr(GtkNoSelection) plans = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->sample_ids = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sample_ids)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (on_sample_selected), self);
  sample_factory = _assay_samples_page_sample_factory_new (self);
  gtk_list_view_set_factory (self->samples_list, sample_factory);
  gtk_list_view_set_model (self->samples_list, GTK_SELECTION_MODEL (self->selection));

  self->plan_refs = gtk_string_list_new (NULL);
  plans = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->plan_refs)));
  plan_factory = _assay_samples_page_plan_factory_new (self);
  gtk_list_view_set_factory (self->plans_list, plan_factory);
  gtk_list_view_set_model (self->plans_list, GTK_SELECTION_MODEL (plans));

  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);

  update_draw_action (self);
}

AssaySession *
assay_samples_page_get_session (AssaySamplesPage *self)
{
  g_return_val_if_fail (ASSAY_IS_SAMPLES_PAGE (self), NULL);

  return self->session;
}

void
assay_samples_page_set_session (AssaySamplesPage *self,
                                AssaySession     *session)
{
  g_return_if_fail (ASSAY_IS_SAMPLES_PAGE (self));
  g_return_if_fail (session == NULL || ASSAY_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);

  /* A dialog drawing from the old session must not outlive it: the vault
   * behind it may just have locked. */
  assay_dialog_slot_close (&self->dialog);

  g_set_object (&self->session, session);

  if (session != NULL)
    {
      g_signal_connect_object (session, "changed::samples",
                               G_CALLBACK (on_samples_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "changed::cases",
                               G_CALLBACK (on_plans_changed), self, G_CONNECT_SWAPPED);
    }
  else
    {
      g_clear_pointer (&self->selected_id, g_free);
    }

  /* Dropped at once on lock; read when next shown after unlock */
  if (session == NULL || assay_gui_reload_now (GTK_WIDGET (self), &self->stale))
    reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

AssaySampleDialog *
_assay_samples_page_get_dialog (AssaySamplesPage *self)
{
  return self->dialog.dialog != NULL ? ASSAY_SAMPLE_DIALOG (self->dialog.dialog) : NULL;
}

GtkSingleSelection *
_assay_samples_page_get_samples (AssaySamplesPage *self)
{
  return self->selection;
}

GListModel *
_assay_samples_page_get_plans (AssaySamplesPage *self)
{
  return G_LIST_MODEL (self->plan_refs);
}

GtkListView *
_assay_samples_page_get_plans_list (AssaySamplesPage *self)
{
  return self->plans_list;
}

const char *
_assay_samples_page_get_selected (AssaySamplesPage *self)
{
  return self->selected_id;
}

const char *
_assay_samples_page_get_state (AssaySamplesPage *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}
