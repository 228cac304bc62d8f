/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-caseload-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-caseload-import-dialog-private.h"

/* Rows past this are summed up in one line: a dialog with thousands of rows
 * helps nobody, and the first ones show what is wrong with the export. */
#define MAX_REJECTED_ROWS 100

struct _AssayCaseloadImportDialog
{
  AdwMessageDialog  parent_instance;

  /* Template widgets */
  GtkLabel         *added_label;
  GtkLabel         *updated_label;
  GtkLabel         *unchanged_label;
  GtkWidget        *details_list;
  AdwExpanderRow   *rejected_row;
  AdwActionRow     *dropped_row;
  AdwActionRow     *ignored_row;

  GPtrArray        *rejected_rows;
};

G_DEFINE_FINAL_TYPE (AssayCaseloadImportDialog, assay_caseload_import_dialog,
                     ADW_TYPE_MESSAGE_DIALOG)

static void
assay_caseload_import_dialog_dispose (GObject *object)
{
  AssayCaseloadImportDialog *self = ASSAY_CASELOAD_IMPORT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_CASELOAD_IMPORT_DIALOG);
  g_clear_pointer (&self->rejected_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (assay_caseload_import_dialog_parent_class)->dispose (object);
}

static void
assay_caseload_import_dialog_class_init (AssayCaseloadImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_caseload_import_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/maqa/Assay/ui/"
                                               "assay-caseload-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, added_label);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, updated_label);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, unchanged_label);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, details_list);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, rejected_row);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, dropped_row);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, ignored_row);
}

static void
assay_caseload_import_dialog_init (AssayCaseloadImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rejected_rows = g_ptr_array_new ();
}

static void
set_count (GtkLabel *label,
           guint     count)
{
  g_autofree char *text = g_strdup_printf ("%'u", count);

  gtk_label_set_text (label, text);
}

/* "School, Notes": headers as the file wrote them */
static char *
join_columns (GPtrArray *columns)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < columns->len; i++)
    {
      if (i > 0)
        /* Translators: between column names in a list */
        g_string_append (text, _(", "));
      g_string_append_printf (text, _("“%s”"), (const char *) g_ptr_array_index (columns, i));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_rejections (AssayCaseloadImportDialog *self,
                GPtrArray                 *rejected)
{
  g_autofree char *subtitle = NULL;
  guint shown = MIN (rejected->len, MAX_REJECTED_ROWS);

  subtitle = g_strdup_printf (ngettext ("%'u row was refused and left out",
                                        "%'u rows were refused and left out",
                                        rejected->len),
                              rejected->len);
  adw_expander_row_set_subtitle (self->rejected_row, subtitle);

  for (guint i = 0; i < shown; i++)
    {
      const AssayCaseloadRejection *rejection = g_ptr_array_index (rejected, i);
      g_autofree char *title = g_strdup_printf (_("Line %u"), rejection->line);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), rejection->reason);
      adw_expander_row_add_row (self->rejected_row, row);
      g_ptr_array_add (self->rejected_rows, row);
    }

  if (rejected->len > shown)
    {
      g_autofree char *title = NULL;
      GtkWidget *row = adw_action_row_new ();

      title = g_strdup_printf (ngettext ("And %'u more row", "And %'u more rows",
                                         rejected->len - shown),
                               rejected->len - shown);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_expander_row_add_row (self->rejected_row, row);
    }

  /* A short list is opened at once: it is what the reader has to act on */
  adw_expander_row_set_expanded (self->rejected_row, rejected->len <= 10);
}

GtkWidget *
assay_caseload_import_dialog_new (GtkWindow                 *parent,
                                  const char                *file_name,
                                  const AssayCaseloadResult *result)
{
  AssayCaseloadImportDialog *self;
  guint imported;
  g_autofree char *body = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (result != NULL, NULL);

  self = g_object_new (ASSAY_TYPE_CASELOAD_IMPORT_DIALOG,
                       "transient-for", parent,
                       NULL);

  imported = result->added + result->updated + result->unchanged;
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self),
                                  imported > 0 ? _("Caseload Imported")
                                               : _("No Plans Imported"));
  body = g_strdup_printf (ngettext ("%'u of %'u row in “%s” is in the caseload.",
                                    "%'u of %'u rows in “%s” are in the caseload.",
                                    result->n_rows),
                          imported, result->n_rows, file_name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);

  set_count (self->added_label, result->added);
  set_count (self->updated_label, result->updated);
  set_count (self->unchanged_label, result->unchanged);

  gtk_widget_set_visible (GTK_WIDGET (self->rejected_row), result->rejected->len > 0);
  if (result->rejected->len > 0)
    add_rejections (self, result->rejected);

  gtk_widget_set_visible (GTK_WIDGET (self->dropped_row), result->dropped_columns->len > 0);
  if (result->dropped_columns->len > 0)
    {
      g_autofree char *columns = join_columns (result->dropped_columns);
      g_autofree char *subtitle = NULL;

      subtitle = g_strdup_printf (ngettext ("The column %s holds children’s names; "
                                            "it was not read",
                                            "The columns %s hold children’s names; "
                                            "they were not read",
                                            result->dropped_columns->len),
                                  columns);
      adw_action_row_set_subtitle (self->dropped_row, subtitle);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->ignored_row), result->ignored_columns->len > 0);
  if (result->ignored_columns->len > 0)
    {
      g_autofree char *columns = join_columns (result->ignored_columns);
      g_autofree char *subtitle = NULL;

      subtitle = g_strdup_printf (ngettext ("The column %s is not part of a caseload",
                                            "The columns %s are not part of a caseload",
                                            result->ignored_columns->len),
                                  columns);
      adw_action_row_set_subtitle (self->ignored_row, subtitle);
    }

  gtk_widget_set_visible (self->details_list,
                          result->rejected->len > 0 ||
                          result->dropped_columns->len > 0 ||
                          result->ignored_columns->len > 0);

  return GTK_WIDGET (self);
}

GtkLabel *
_assay_caseload_import_dialog_get_count_label (AssayCaseloadImportDialog *self,
                                               const char                *what)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_IMPORT_DIALOG (self), NULL);

  if (g_str_equal (what, "added"))
    return self->added_label;
  if (g_str_equal (what, "updated"))
    return self->updated_label;
  if (g_str_equal (what, "unchanged"))
    return self->unchanged_label;

  g_return_val_if_reached (NULL);
}

GPtrArray *
_assay_caseload_import_dialog_get_rejected_rows (AssayCaseloadImportDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_IMPORT_DIALOG (self), NULL);

  return self->rejected_rows;
}

AdwExpanderRow *
_assay_caseload_import_dialog_get_rejected_row (AssayCaseloadImportDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_IMPORT_DIALOG (self), NULL);

  return self->rejected_row;
}

AdwActionRow *
_assay_caseload_import_dialog_get_dropped_row (AssayCaseloadImportDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_IMPORT_DIALOG (self), NULL);

  return self->dropped_row;
}

AdwActionRow *
_assay_caseload_import_dialog_get_ignored_row (AssayCaseloadImportDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_IMPORT_DIALOG (self), NULL);

  return self->ignored_row;
}
