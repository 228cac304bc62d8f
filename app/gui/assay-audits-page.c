/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audits-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "assay-audit-index.h"
#include "assay-audit-row.h"
#include "assay-audit-status.h"
#include "assay-audits-page-private.h"
#include "assay-gui-util.h"

/*
 * The moderator's own audits, newest first, searched and filtered by
 * status; the actions on one (duplicate, delete and undo) are in
 * assay-audits-page-actions.c.
 */

G_DEFINE_FINAL_TYPE (AssayAuditsPage, assay_audits_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_assay_audits_page_show_toast (AssayAuditsPage *self,
                               const char      *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

AssayAudit *
_assay_audits_page_find_audit (AssayAuditsPage *self,
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

/* What the filter asks of an audit, worked out once per audit rather than
 * once per audit and keystroke: a keystroke on thousands of audits is then
 * a substring search each. */
typedef struct
{
  char     *key;     /* case, framework title and framework id, case-folded */
  char     *id;      /* the audit's, searched by its start */
  gboolean  draft;
} FilterData;

static void
filter_data_free (gpointer data)
{
  FilterData *filter_data = data;

  g_free (filter_data->key);
  g_free (filter_data->id);
  g_free (filter_data);
}

static const FilterData *
get_filter_data (AssayAudit *audit)
{
  static GQuark quark;
  AssayFramework *framework;
  g_autofree char *key = NULL;
  FilterData *data;

  if G_UNLIKELY (quark == 0)
    quark = g_quark_from_static_string ("assay-audits-page-filter-data");

  data = g_object_get_qdata (G_OBJECT (audit), quark);
  if (data != NULL)
    return data;

  framework = assay_audit_get_framework (audit);
  key = g_strjoin ("\n", assay_audit_get_case (audit), assay_framework_get_title (framework),
                   assay_framework_get_id (framework), NULL);
  data = g_new0 (FilterData, 1);
  data->key = g_utf8_casefold (key, -1);
  data->id = g_strdup (assay_audit_get_id (audit));
  data->draft = assay_audit_get_status (audit) == ASSAY_AUDIT_STATUS_DRAFT;
  g_object_set_qdata_full (G_OBJECT (audit), quark, data, filter_data_free);

  return data;
}

static gboolean
filter_audit (gpointer item,
              gpointer user_data)
{
  AssayAuditsPage *self = user_data;
  AssayAudit *audit = item;
  const FilterData *data = get_filter_data (audit);
  gboolean draft = data->draft;

  if (g_hash_table_size (self->pending_deletes) > 0 &&
      g_hash_table_contains (self->pending_deletes, assay_audit_get_id (audit)))
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

  return self->needle == NULL || strstr (data->key, self->needle) != NULL ||
         g_str_has_prefix (data->id, self->needle);
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

static void
update_visible_page (AssayAuditsPage *self)
{
  guint n_audits = g_list_model_get_n_items (G_LIST_MODEL (self->audits));
  /* Every pending deletion is of an audit listed */
  gboolean any = n_audits > g_hash_table_size (self->pending_deletes);
  gboolean waiting = self->load_cancellable != NULL && n_audits == 0;

  gtk_spinner_set_spinning (self->spinner, waiting);
  gtk_stack_set_visible_child_name (self->stack, waiting ? "loading" : any ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->results_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->shown)) > 0
                                    ? "results" : "no-results");
}

static void
refilter (AssayAuditsPage *self,
          GtkFilterChange  change)
{
  GtkAdjustment *adjustment;

  /* What matches best is on top: show it, not where the last list was.
   * Moved before the rows change, while GTK 4.8 still has their layout */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->audits_list));
  if (adjustment != NULL)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));

  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_visible_page (self);
}

/* A row goes or comes back with its deletion: the rest stay where they are */
void
_assay_audits_page_update_pending (AssayAuditsPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_visible_page (self);
}

static void
on_filter_changed (AssayAuditsPage *self)
{
  refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_search_changed (AssayAuditsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *needle = *stripped != '\0' ? g_utf8_casefold (stripped, -1) : NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (g_strcmp0 (needle, self->needle) == 0)
    return;

  /* Typing narrows and deleting widens: the filter then looks only at the
   * rows that can change */
  if (self->needle == NULL || (needle != NULL && strstr (needle, self->needle) != NULL))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (needle == NULL || strstr (self->needle, needle) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_free (self->needle);
  self->needle = g_steal_pointer (&needle);
  refilter (self, change);
}

/* ==== Loading ==== */

/* One listing: the page may be gone, or listing again, when its batches
 * and its end arrive */
typedef struct
{
  GWeakRef      page;
  GCancellable *cancellable;
  gboolean      replace;     /* the rows stay until the new list is whole */
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_weak_ref_clear (&job->page);
  g_clear_object (&job->cancellable);
  g_free (job);
}

/* Colleagues' audits come in with their bundles; they are compared on the
 * Moderation page, and this page is the moderator's own work. What the
 * filter asks of each is worked out as it comes, not on the first keystroke */
static GPtrArray *
own_audits (GPtrArray *audits)
{
  GPtrArray *own = g_ptr_array_new_full (audits->len, g_object_unref);

  for (guint i = 0; i < audits->len; i++)
    {
      AssayAudit *audit = g_ptr_array_index (audits, i);

      if (!assay_audit_is_own (audit))
        continue;

      get_filter_data (audit);
      g_ptr_array_add (own, g_object_ref (audit));
    }

  return own;
}

void
_assay_audits_page_add_batch (AssayAuditsPage *self,
                              GPtrArray       *audits)
{
  g_autoptr(GPtrArray) own = own_audits (audits);

  g_list_store_splice (self->audits, g_list_model_get_n_items (G_LIST_MODEL (self->audits)), 0,
                       own->pdata, own->len);
  update_visible_page (self);
}

static void
on_batch (GPtrArray *audits,
          gpointer   user_data)
{
  LoadJob *job = user_data;
  g_autoptr(AssayAuditsPage) self = NULL;

  if (job->replace || g_cancellable_is_cancelled (job->cancellable) ||
      (self = g_weak_ref_get (&job->page)) == NULL)
    return;

  _assay_audits_page_add_batch (self, audits);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LoadJob *job = user_data;
  g_autoptr(AssayAuditsPage) self = g_weak_ref_get (&job->page);
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;

  audits = assay_audit_list_finish (ASSAY_STORE (source), result, &missing, &error);
  if (self == NULL || g_cancellable_is_cancelled (job->cancellable))
    {
      load_job_free (job);
      return;
    }

  g_clear_object (&self->load_cancellable);

  if (audits == NULL)
    _assay_audits_page_show_toast (self, error->message);
  else
    {
      /* Audits left out for want of their framework are still stored: say
       * so, and how to get them back */
      if (missing != NULL && missing->len > 0)
        {
          g_autofree char *text = assay_missing_frameworks_describe (missing);

          gtk_label_set_text (self->missing_label, text);
        }
      gtk_revealer_set_reveal_child (self->missing_revealer,
                                     missing != NULL && missing->len > 0);

      if (job->replace)
        {
          g_autoptr(GPtrArray) own = own_audits (audits);

          g_list_store_splice (self->audits, 0,
                               g_list_model_get_n_items (G_LIST_MODEL (self->audits)),
                               own->pdata, own->len);
        }
    }

  update_visible_page (self);
  load_job_free (job);
}

static void
reload (AssayAuditsPage *self)
{
  LoadJob *job;

  self->stale = FALSE;
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->session == NULL)
    {
      g_list_store_remove_all (self->audits);
      gtk_revealer_set_reveal_child (self->missing_revealer, FALSE);
      update_visible_page (self);
      return;
    }

  /* Read in the background and handed over in batches: the first rows
   * show while the rest are read, and a reload swaps the rows at once */
  self->load_cancellable = g_cancellable_new ();
  job = g_new0 (LoadJob, 1);
  g_weak_ref_init (&job->page, self);
  job->cancellable = g_object_ref (self->load_cancellable);
  job->replace = g_list_model_get_n_items (G_LIST_MODEL (self->audits)) > 0;
  update_visible_page (self);

  assay_audit_list_async (assay_session_get_store (self->session),
                          assay_session_get_frameworks (self->session),
                          on_batch, job, self->load_cancellable, on_listed, job);
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

/* Rows are made in code rather than by GtkBuilderListItemFactory: GTK 4.8
 * makes a row for each item a filter change brings on screen, and parsing
 * an item template for each cost more than the rest of the change */
static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, g_object_new (ASSAY_TYPE_AUDIT_ROW, NULL));
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  assay_audit_row_set_audit (ASSAY_AUDIT_ROW (gtk_list_item_get_child (list_item)),
                             gtk_list_item_get_item (list_item));
}

static void
on_list_activate (AssayAuditsPage *self,
                  guint            position)
{
  g_autoptr(AssayAudit) audit = g_list_model_get_item (G_LIST_MODEL (self->shown), position);

  if (audit != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "main.open-audit", "s",
                                assay_audit_get_id (audit));
}

static void
assay_audits_page_dispose (GObject *object)
{
  AssayAuditsPage *self = ASSAY_AUDITS_PAGE (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->pending_deletes != NULL)
    _assay_audits_page_commit_pending_deletes (self);

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
  g_clear_pointer (&self->needle, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, AssayAuditsPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);

  _assay_audits_page_install_actions (widget_class);

  /* Ctrl+F searches, as in every GNOME list */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, grab_search, NULL);
}

static void
assay_audits_page_init (AssayAuditsPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkSortListModel *sorted;

  g_type_ensure (ASSAY_TYPE_AUDIT_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->pending_deletes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->audits = g_list_store_new (ASSAY_TYPE_AUDIT);
  self->filter = gtk_custom_filter_new (filter_audit, self, NULL);
  /* Sorted before filtering, so that a keystroke does not sort again */
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->audits)),
                                    GTK_SORTER (gtk_custom_sorter_new (compare_updated,
                                                                       NULL, NULL)));
  self->shown = gtk_filter_list_model_new (G_LIST_MODEL (sorted),
                                           GTK_FILTER (g_object_ref (self->filter)));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_grid_view_set_factory (self->audits_list, factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->shown)));
  gtk_grid_view_set_model (self->audits_list, GTK_SELECTION_MODEL (selection));

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

  _assay_audits_page_commit_pending_deletes (self);

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

GListModel *
_assay_audits_page_get_audits (AssayAuditsPage *self)
{
  return G_LIST_MODEL (self->audits);
}

GtkGridView *
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

gboolean
_assay_audits_page_get_loading (AssayAuditsPage *self)
{
  return self->load_cancellable != NULL;
}

const char *
_assay_audits_page_get_visible_child (AssayAuditsPage *self)
{
  const char *outer = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (outer, "list") != 0)
    return outer;

  return gtk_stack_get_visible_child_name (self->results_stack);
}

GtkRevealer *
_assay_audits_page_get_missing_revealer (AssayAuditsPage *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDITS_PAGE (self), NULL);

  return self->missing_revealer;
}
