/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-provision-lines"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-audit-lines-text.h"
#include "assay-gui-util.h"
#include "assay-provision-lines-private.h"

/* A line taken off, kept until its undo toast goes so it can be put back
 * where it was, as it was. */
typedef struct
{
  guint           index;
  char           *id;
  char           *text;
  AssayDelivered  delivered;
  char           *observed;
  char           *staff;
  char           *evidence;
  AdwToast       *toast;   /* unowned; NULL once its button was pressed */
} RemovedLine;

static void
removed_line_free (RemovedLine *removed)
{
  g_free (removed->id);
  g_free (removed->text);
  g_free (removed->observed);
  g_free (removed->staff);
  g_free (removed->evidence);
  g_free (removed);
}

struct _AssayProvisionLines
{
  AdwBin       parent_instance;

  /* Template widgets */
  GtkLabel    *meta_label;
  GtkListBox  *lines_list;
  AdwEntryRow *add_row;
  GtkWidget   *add_button;

  AssayAudit  *audit;
  /* AssayProvisionLineRow, in the audit's order, before the add row */
  GPtrArray   *rows;
  /* line id -> RemovedLine */
  GHashTable  *removed;
};

G_DEFINE_FINAL_TYPE (AssayProvisionLines, assay_provision_lines, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_AUDIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_toast (AssayProvisionLines *self,
            AdwToast            *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    {
      /* Not on screen: nobody to tell but the log. */
      g_message ("%s", adw_toast_get_title (toast));
      g_object_unref (toast);
    }
}

static void
show_error (AssayProvisionLines *self,
            const GError        *error)
{
  /* AdwToast 1.2 reads its title as markup: a message is plain text. */
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 6);
  show_toast (self, toast);
}

static gboolean
is_editable (AssayProvisionLines *self)
{
  return self->audit != NULL && assay_audit_is_own (self->audit) &&
         assay_audit_get_status (self->audit) == ASSAY_AUDIT_STATUS_DRAFT;
}

static char *
get_add_text (AssayProvisionLines *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_row))));
}

static void
update_actions (AssayProvisionLines *self)
{
  gboolean editable = is_editable (self);
  g_autofree char *text = get_add_text (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lines.add", editable && *text != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lines.set-delivered", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lines.set-text", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lines.remove", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lines.undo-remove", editable);
}

void
assay_provision_lines_refresh (AssayProvisionLines *self)
{
  g_autoptr(GHashTable) old = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *meta = NULL;
  gboolean editable;
  guint n;

  g_return_if_fail (ASSAY_IS_PROVISION_LINES (self));

  editable = is_editable (self);
  n = self->audit != NULL ? assay_audit_get_n_lines (self->audit) : 0;

  /* Rows are kept by line, so a change leaves the others as they are:
   * expanded, focused, with what is being typed. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      AssayProvisionLineRow *row = self->rows->pdata[i];

      g_hash_table_insert (old, (gpointer) assay_provision_line_row_get_id (row), row);
    }

  for (guint i = 0; i < n; i++)
    {
      AssayProvisionLineRow *row;
      AssayAuditLine line;

      assay_audit_get_line (self->audit, i, &line);
      row = g_hash_table_lookup (old, line.id);
      if (row != NULL)
        g_hash_table_remove (old, line.id);
      else
        row = ASSAY_PROVISION_LINE_ROW (g_object_ref_sink (assay_provision_line_row_new ()));
      if (g_ptr_array_find (self->rows, row, NULL))
        g_object_ref (row);
      g_ptr_array_add (rows, row);
      assay_provision_line_row_update (row, i + 1, &line);
      assay_provision_line_row_set_editable (row, editable);
    }

  /* Lines no longer there (removed, or another audit) */
  {
    GHashTableIter iter;
    gpointer row;

    g_hash_table_iter_init (&iter, old);
    while (g_hash_table_iter_next (&iter, NULL, &row))
      gtk_list_box_remove (self->lines_list, row);
  }

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = rows->pdata[i];

      if (gtk_widget_get_parent (row) == NULL)
        gtk_list_box_insert (self->lines_list, row, (int) i);
      else if (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) != (int) i)
        {
          gtk_list_box_remove (self->lines_list, row);
          gtk_list_box_insert (self->lines_list, row, (int) i);
        }
    }

  g_ptr_array_unref (self->rows);
  self->rows = g_steal_pointer (&rows);

  /* Adding lines is for the draft's own moderator; the rest is shown. */
  gtk_widget_set_visible (GTK_WIDGET (self->add_row), editable);
  meta = assay_audit_lines_describe_progress (self->audit);
  gtk_label_set_text (self->meta_label, meta);
  update_actions (self);
}

static void
emit_changed (AssayProvisionLines *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
lines_add_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  AssayProvisionLines *self = ASSAY_PROVISION_LINES (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = get_add_text (self);
  g_autofree char *id = NULL;

  if (self->audit == NULL)
    return;

  id = assay_audit_add_line (self->audit, text, &error);
  if (id == NULL)
    {
      show_error (self, error);
      return;
    }

  /* Ready for the next line of the plan */
  gtk_editable_set_text (GTK_EDITABLE (self->add_row), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->add_row));

  assay_provision_lines_refresh (self);
  emit_changed (self);
}

static void
on_add_row_changed (AssayProvisionLines *self)
{
  update_actions (self);
}

static void
on_add_row_activated (AssayProvisionLines *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "lines.add", NULL);
}

static void
lines_set_delivered_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  AssayProvisionLines *self = ASSAY_PROVISION_LINES (widget);
  g_autoptr(GError) error = NULL;
  AssayDelivered delivered = ASSAY_DELIVERED_UNSET;
  AssayAuditLine line;
  const char *id, *token;

  if (self->audit == NULL)
    return;

  g_variant_get (param, "(&s&s)", &id, &token);
  if (!assay_delivered_from_token (token, &delivered) || delivered == ASSAY_DELIVERED_UNSET ||
      assay_audit_lines_find (self->audit, id, &line) < 0)
    {
      g_debug ("Ignoring delivery “%s” for line %s", token, id);
    }
  else if (line.delivered != delivered)
    {
      if (assay_audit_set_line (self->audit, id, delivered, NULL, NULL, NULL, &error))
        emit_changed (self);
      else
        show_error (self, error);
    }

  /* Either way the buttons show what is stored. */
  assay_provision_lines_refresh (self);
}

static void
lines_set_text_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  AssayProvisionLines *self = ASSAY_PROVISION_LINES (widget);
  g_autoptr(GError) error = NULL;
  const char *id, *field, *text, *stored;
  AssayAuditLine line;
  gboolean saved;

  if (self->audit == NULL)
    return;

  g_variant_get (param, "(&s&s&s)", &id, &field, &text);
  if (assay_audit_lines_find (self->audit, id, &line) < 0)
    return;

  if (g_strcmp0 (field, ASSAY_LINE_OBSERVED) == 0)
    stored = line.observed;
  else if (g_strcmp0 (field, ASSAY_LINE_STAFF) == 0)
    stored = line.staff;
  else if (g_strcmp0 (field, ASSAY_LINE_EVIDENCE) == 0)
    stored = line.evidence;
  else
    g_return_if_reached ();

  if (g_strcmp0 (text, stored != NULL ? stored : "") == 0)
    return;

  saved = assay_audit_set_line (self->audit, id, ASSAY_DELIVERED_UNSET,
                                g_strcmp0 (field, ASSAY_LINE_OBSERVED) == 0 ? text : NULL,
                                g_strcmp0 (field, ASSAY_LINE_STAFF) == 0 ? text : NULL,
                                g_strcmp0 (field, ASSAY_LINE_EVIDENCE) == 0 ? text : NULL,
                                &error);
  if (!saved)
    {
      show_error (self, error);
      return;
    }

  assay_provision_lines_refresh (self);
  emit_changed (self);
}

static void
on_undo_clicked (AdwToast            *toast,
                 AssayProvisionLines *self)
{
  const char *id = g_object_get_data (G_OBJECT (toast), "line-id");
  RemovedLine *removed = g_hash_table_lookup (self->removed, id);

  /* The toast goes by itself once its button is pressed. */
  if (removed != NULL && removed->toast == toast)
    removed->toast = NULL;

  gtk_widget_activate_action (GTK_WIDGET (self), "lines.undo-remove", "s", id);
}

static void
on_undo_dismissed (AdwToast            *toast,
                   AssayProvisionLines *self)
{
  const char *id = g_object_get_data (G_OBJECT (toast), "line-id");
  RemovedLine *removed = g_hash_table_lookup (self->removed, id);

  /* The chance to undo has passed: the removal stands. */
  if (removed != NULL && removed->toast == toast)
    g_hash_table_remove (self->removed, id);
}

static void
lines_remove_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AssayProvisionLines *self = ASSAY_PROVISION_LINES (widget);
  g_autoptr(GError) error = NULL;
  const char *id = g_variant_get_string (param, NULL);
  g_autofree char *title = NULL;
  RemovedLine *removed;
  AssayAuditLine line;
  AdwToast *toast;
  int index;

  if (self->audit == NULL || (index = assay_audit_lines_find (self->audit, id, &line)) < 0)
    return;

  /* What was typed into its notes comes back with it on undo. */
  if ((guint) index < self->rows->len)
    assay_provision_line_row_flush (self->rows->pdata[index]);
  index = assay_audit_lines_find (self->audit, id, &line);

  removed = g_new0 (RemovedLine, 1);
  removed->index = (guint) index;
  removed->id = g_strdup (line.id);
  removed->text = g_strdup (line.text);
  removed->delivered = line.delivered;
  removed->observed = g_strdup (line.observed);
  removed->staff = g_strdup (line.staff);
  removed->evidence = g_strdup (line.evidence);

  if (!assay_audit_remove_line (self->audit, removed->id, &error))
    {
      removed_line_free (removed);
      show_error (self, error);
      return;
    }

  /* Translators: %u is the number the provision line had */
  title = g_strdup_printf (_("Provision line %u removed"), index + 1);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "line-id", g_strdup (removed->id), g_free);
  /* The toast's own action would be looked for above the toast overlay,
   * where this widget is not: the button is answered here. */
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_undo_dismissed), self, 0);
  removed->toast = toast;
  g_hash_table_replace (self->removed, removed->id, removed);

  assay_provision_lines_refresh (self);

  /* The keyboard stays in the list: on the next line, or the add row. */
  if ((guint) index < self->rows->len)
    assay_provision_line_row_focus_delivery (self->rows->pdata[index]);
  else if (self->rows->len > 0)
    assay_provision_line_row_focus_delivery (self->rows->pdata[self->rows->len - 1]);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->add_row));

  show_toast (self, toast);
  emit_changed (self);
}

static void
lines_undo_remove_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  AssayProvisionLines *self = ASSAY_PROVISION_LINES (widget);
  g_autoptr(GError) error = NULL;
  const char *id = g_variant_get_string (param, NULL);
  RemovedLine *removed;
  AssayAuditLine line;
  AdwToast *toast;

  removed = g_hash_table_lookup (self->removed, id);
  if (self->audit == NULL || removed == NULL)
    return;

  line = (AssayAuditLine) {
    removed->id, removed->text, removed->delivered,
    removed->observed, removed->staff, removed->evidence,
  };
  if (!assay_audit_restore_line (self->audit, removed->index, &line, &error))
    {
      show_error (self, error);
      return;
    }

  toast = removed->toast;
  g_hash_table_remove (self->removed, id);
  if (toast != NULL)
    adw_toast_dismiss (toast);

  assay_provision_lines_refresh (self);
  {
    int index = assay_audit_lines_find (self->audit, id, &line);

    if (index >= 0 && (guint) index < self->rows->len)
      assay_provision_line_row_focus_delivery (self->rows->pdata[index]);
  }
  emit_changed (self);
}

/* Undo belongs to the audit it was offered on. */
static void
forget_removed (AssayProvisionLines *self)
{
  g_autoptr(GPtrArray) toasts = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->removed);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      RemovedLine *removed = value;

      if (removed->toast != NULL)
        g_ptr_array_add (toasts, removed->toast);
    }
  g_hash_table_remove_all (self->removed);

  for (guint i = 0; i < toasts->len; i++)
    adw_toast_dismiss (toasts->pdata[i]);
}

void
assay_provision_lines_flush (AssayProvisionLines *self)
{
  /* A copy: saving refreshes the rows. */
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (ASSAY_IS_PROVISION_LINES (self));

  for (guint i = 0; i < self->rows->len; i++)
    g_ptr_array_add (rows, g_object_ref (self->rows->pdata[i]));
  for (guint i = 0; i < rows->len; i++)
    assay_provision_line_row_flush (rows->pdata[i]);
}

gboolean
assay_provision_lines_focus (AssayProvisionLines *self)
{
  g_return_val_if_fail (ASSAY_IS_PROVISION_LINES (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      AssayAuditLine line;

      if (assay_audit_get_line (self->audit, i, &line) &&
          line.delivered == ASSAY_DELIVERED_UNSET)
        return assay_provision_line_row_focus_delivery (self->rows->pdata[i]);
    }

  if (gtk_widget_get_visible (GTK_WIDGET (self->add_row)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->add_row));

  if (self->rows->len > 0)
    return assay_provision_line_row_focus_delivery (self->rows->pdata[0]);

  return FALSE;
}

static void
assay_provision_lines_dispose (GObject *object)
{
  AssayProvisionLines *self = ASSAY_PROVISION_LINES (object);

  /* Never lose a note: saved while the audit is still here. */
  if (self->audit != NULL)
    assay_provision_lines_flush (self);
  if (self->removed != NULL)
    forget_removed (self);
  g_ptr_array_set_size (self->rows, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_PROVISION_LINES);
  g_clear_object (&self->audit);

  G_OBJECT_CLASS (assay_provision_lines_parent_class)->dispose (object);
}

static void
assay_provision_lines_finalize (GObject *object)
{
  AssayProvisionLines *self = ASSAY_PROVISION_LINES (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->removed, g_hash_table_unref);

  G_OBJECT_CLASS (assay_provision_lines_parent_class)->finalize (object);
}

static void
assay_provision_lines_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AssayProvisionLines *self = ASSAY_PROVISION_LINES (object);

  switch (prop_id)
    {
    case PROP_AUDIT:
      g_value_set_object (value, self->audit);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_provision_lines_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  AssayProvisionLines *self = ASSAY_PROVISION_LINES (object);

  switch (prop_id)
    {
    case PROP_AUDIT:
      assay_provision_lines_set_audit (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_provision_lines_class_init (AssayProvisionLinesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_provision_lines_dispose;
  object_class->finalize = assay_provision_lines_finalize;
  object_class->get_property = assay_provision_lines_get_property;
  object_class->set_property = assay_provision_lines_set_property;

  properties[PROP_AUDIT] = assay_gui_param_spec_object ("audit", ASSAY_TYPE_AUDIT);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AssayProvisionLines::changed:
   *
   * A change to the lines was stored: grades may have moved.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-provision-lines.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayProvisionLines, meta_label);
  gtk_widget_class_bind_template_child (widget_class, AssayProvisionLines, lines_list);
  gtk_widget_class_bind_template_child (widget_class, AssayProvisionLines, add_row);
  gtk_widget_class_bind_template_child (widget_class, AssayProvisionLines, add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_add_row_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_add_row_activated);

  gtk_widget_class_install_action (widget_class, "lines.add", NULL, lines_add_action);
  gtk_widget_class_install_action (widget_class, "lines.set-delivered", "(ss)",
                                   lines_set_delivered_action);
  gtk_widget_class_install_action (widget_class, "lines.set-text", "(sss)",
                                   lines_set_text_action);
  gtk_widget_class_install_action (widget_class, "lines.remove", "s", lines_remove_action);
  gtk_widget_class_install_action (widget_class, "lines.undo-remove", "s",
                                   lines_undo_remove_action);

  g_type_ensure (ASSAY_TYPE_PROVISION_LINE_ROW);
}

static void
assay_provision_lines_init (AssayProvisionLines *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->removed = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) removed_line_free);

  assay_provision_lines_refresh (self);
}

GtkWidget *
assay_provision_lines_new (void)
{
  return g_object_new (ASSAY_TYPE_PROVISION_LINES, NULL);
}

AssayAudit *
assay_provision_lines_get_audit (AssayProvisionLines *self)
{
  g_return_val_if_fail (ASSAY_IS_PROVISION_LINES (self), NULL);

  return self->audit;
}

void
assay_provision_lines_set_audit (AssayProvisionLines *self,
                                 AssayAudit          *audit)
{
  g_return_if_fail (ASSAY_IS_PROVISION_LINES (self));
  g_return_if_fail (audit == NULL || ASSAY_IS_AUDIT (audit));

  if (self->audit == audit)
    return;

  if (self->audit != NULL)
    assay_provision_lines_flush (self);
  forget_removed (self);

  g_set_object (&self->audit, audit);
  gtk_editable_set_text (GTK_EDITABLE (self->add_row), "");
  assay_provision_lines_refresh (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIT]);
}

AdwEntryRow *
_assay_provision_lines_get_add_row (AssayProvisionLines *self)
{
  return self->add_row;
}

GtkWidget *
_assay_provision_lines_get_add_button (AssayProvisionLines *self)
{
  return self->add_button;
}

guint
_assay_provision_lines_get_n_rows (AssayProvisionLines *self)
{
  return self->rows->len;
}

AssayProvisionLineRow *
_assay_provision_lines_get_row (AssayProvisionLines *self,
                                guint                index)
{
  g_return_val_if_fail (index < self->rows->len, NULL);

  return self->rows->pdata[index];
}

AdwToast *
_assay_provision_lines_get_undo_toast (AssayProvisionLines *self,
                                       const char          *id)
{
  RemovedLine *removed = g_hash_table_lookup (self->removed, id);

  return removed != NULL ? removed->toast : NULL;
}

GtkLabel *
_assay_provision_lines_get_meta_label (AssayProvisionLines *self)
{
  return self->meta_label;
}
