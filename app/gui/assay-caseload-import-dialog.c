/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-caseload-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-caseload-import-dialog-private.h"
#include "assay-caseload-item.h"

/*
 * What importing a caseload file would do, shown before anything is stored:
 * how many plans it adds and updates, how each column is read, the columns
 * left out, the values that could not be read and the rows refused. The
 * page reads the file and stores it; the dialog only shows, and says
 * "import" when the user confirms.
 */

/* Rows past this are summed up in one line: a dialog with thousands of rows
 * helps nobody, and the first ones show what is wrong with the export. */
#define MAX_LISTED_ROWS 100

struct _AssayCaseloadImportDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  AdwPreferencesPage  *page;
  AdwPreferencesGroup *counts_group;
  GtkLabel            *added_label;
  GtkLabel            *updated_label;
  GtkLabel            *unchanged_label;
  AdwPreferencesGroup *problems_group;
  AdwExpanderRow      *warnings_row;
  AdwExpanderRow      *rejected_row;
  AdwPreferencesGroup *columns_group;
  AdwPreferencesGroup *other_columns_group;
  AdwActionRow        *dropped_row;
  AdwActionRow        *ignored_row;

  GPtrArray           *warning_rows;   /* of AdwActionRow, borrowed */
  GPtrArray           *rejected_rows;
  GPtrArray           *column_rows;
};

G_DEFINE_FINAL_TYPE (AssayCaseloadImportDialog, assay_caseload_import_dialog, ADW_TYPE_WINDOW)

enum {
  IMPORT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AssayCaseloadImportDialog *self = ASSAY_CASELOAD_IMPORT_DIALOG (widget);

  /* Once: the dialog goes as the import starts */
  gtk_widget_action_set_enabled (widget, "caseload-import.import", FALSE);
  g_signal_emit (self, signals[IMPORT], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
assay_caseload_import_dialog_dispose (GObject *object)
{
  AssayCaseloadImportDialog *self = ASSAY_CASELOAD_IMPORT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_CASELOAD_IMPORT_DIALOG);
  g_clear_pointer (&self->warning_rows, g_ptr_array_unref);
  g_clear_pointer (&self->rejected_rows, g_ptr_array_unref);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (assay_caseload_import_dialog_parent_class)->dispose (object);
}

static void
assay_caseload_import_dialog_class_init (AssayCaseloadImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_caseload_import_dialog_dispose;

  /**
   * AssayCaseloadImportDialog::import:
   *
   * The user chose to import what the dialog shows. The dialog closes.
   */
  signals[IMPORT] =
    g_signal_new ("import",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/maqa/Assay/ui/"
                                               "assay-caseload-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, page);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, counts_group);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, added_label);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, updated_label);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, unchanged_label);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, problems_group);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, warnings_row);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, rejected_row);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog,
                                        other_columns_group);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, dropped_row);
  gtk_widget_class_bind_template_child (widget_class, AssayCaseloadImportDialog, ignored_row);

  gtk_widget_class_install_action (widget_class, "caseload-import.import", NULL, import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
assay_caseload_import_dialog_init (AssayCaseloadImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->warning_rows = g_ptr_array_new ();
  self->rejected_rows = g_ptr_array_new ();
  self->column_rows = g_ptr_array_new ();
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

static GtkWidget *
text_row_new (const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Headers and values come from the file: never markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static void
add_more_row (AdwExpanderRow *expander,
              guint           more)
{
  g_autofree char *title = NULL;

  title = g_strdup_printf (ngettext ("And %'u more", "And %'u more", more), more);
  adw_expander_row_add_row (expander, text_row_new (title, NULL));
}

static void
add_warnings (AssayCaseloadImportDialog *self,
              GPtrArray                 *warnings)
{
  g_autofree char *subtitle = NULL;
  guint shown = MIN (warnings->len, MAX_LISTED_ROWS);

  subtitle = g_strdup_printf (ngettext ("%'u value could not be read; its row is imported "
                                        "without it",
                                        "%'u values could not be read; their rows are "
                                        "imported without them",
                                        warnings->len),
                              warnings->len);
  adw_expander_row_set_subtitle (self->warnings_row, subtitle);

  for (guint i = 0; i < shown; i++)
    {
      const AssayCaseloadWarning *warning = g_ptr_array_index (warnings, i);
      g_autofree char *title = NULL;
      GtkWidget *row;

      /* Translators: a line of the file, then the field that was not read */
      title = g_strdup_printf (_("Line %u · %s"), warning->line,
                               assay_caseload_field_get_label (warning->field));
      row = text_row_new (title, warning->reason);
      adw_expander_row_add_row (self->warnings_row, row);
      g_ptr_array_add (self->warning_rows, row);
    }

  if (warnings->len > shown)
    add_more_row (self->warnings_row, warnings->len - shown);

  /* A short list is opened at once: it is what the reader has to check */
  adw_expander_row_set_expanded (self->warnings_row, warnings->len <= 10);
}

static void
add_rejections (AssayCaseloadImportDialog *self,
                GPtrArray                 *rejected)
{
  g_autofree char *subtitle = NULL;
  guint shown = MIN (rejected->len, MAX_LISTED_ROWS);

  subtitle = g_strdup_printf (ngettext ("%'u row will be refused and left out",
                                        "%'u rows will be refused and left out",
                                        rejected->len),
                              rejected->len);
  adw_expander_row_set_subtitle (self->rejected_row, subtitle);

  for (guint i = 0; i < shown; i++)
    {
      const AssayCaseloadRejection *rejection = g_ptr_array_index (rejected, i);
      g_autofree char *title = g_strdup_printf (_("Line %u"), rejection->line);
      GtkWidget *row = text_row_new (title, rejection->reason);

      adw_expander_row_add_row (self->rejected_row, row);
      g_ptr_array_add (self->rejected_rows, row);
    }

  if (rejected->len > shown)
    add_more_row (self->rejected_row, rejected->len - shown);

  adw_expander_row_set_expanded (self->rejected_row, rejected->len <= 10);
}

static void
add_columns (AssayCaseloadImportDialog *self,
             GPtrArray                 *columns)
{
  for (guint i = 0; i < columns->len; i++)
    {
      const AssayCaseloadColumn *column = g_ptr_array_index (columns, i);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *field;

      if (column->field == ASSAY_CASELOAD_FIELD_NC_YEAR)
        /* Translators: where a column is in the file, and what else it gives */
        subtitle = g_strdup_printf (_("Column %u, also giving the key stage and phase"),
                                    column->column);
      else if (column->field == ASSAY_CASELOAD_FIELD_KEY_STAGE)
        subtitle = g_strdup_printf (_("Column %u, also giving the phase"), column->column);
      else
        subtitle = g_strdup_printf (_("Column %u"), column->column);

      row = text_row_new (column->header, subtitle);
      field = gtk_label_new (assay_caseload_field_get_label (column->field));
      gtk_label_set_ellipsize (GTK_LABEL (field), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (field, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), field);
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->column_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->columns_group), columns->len > 0);
}

static void
set_summary (AssayCaseloadImportDialog *self,
             const char                *file_name,
             const AssayCaseloadResult *preview)
{
  guint importable = preview->added + preview->updated + preview->unchanged;
  g_autofree char *rows = NULL;
  g_autofree char *summary = NULL;

  if (importable == 0)
    {
      rows = g_strdup_printf (_("No row of “%s” can be imported."), file_name);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "caseload-import.import", FALSE);
    }
  else
    rows = g_strdup_printf (ngettext ("%'u of %'u row of “%s” can be imported.",
                                      "%'u of %'u rows of “%s” can be imported.",
                                      preview->n_rows),
                            importable, preview->n_rows, file_name);

  if (preview->encoding == ASSAY_CSV_ENCODING_WINDOWS_1252)
    /* Translators: how many rows can be imported, then a note on the file */
    summary = g_strdup_printf (_("%s It was read as Windows-1252 text, since it is not "
                                 "UTF-8. Nothing is stored until you choose Import."),
                               rows);
  else
    /* Translators: how many rows can be imported, then a reassurance */
    summary = g_strdup_printf (_("%s Nothing is stored until you choose Import."), rows);

  adw_preferences_group_set_description (self->counts_group, summary);
}

GtkWidget *
assay_caseload_import_dialog_new (GtkWindow                 *parent,
                                  const char                *file_name,
                                  const AssayCaseloadResult *preview)
{
  AssayCaseloadImportDialog *self;
  gboolean has_problems;
  gboolean has_other_columns;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (preview != NULL, NULL);

  self = g_object_new (ASSAY_TYPE_CASELOAD_IMPORT_DIALOG,
                       "transient-for", parent,
                       NULL);

  adw_window_title_set_subtitle (self->window_title, file_name);
  set_summary (self, file_name, preview);
  set_count (self->added_label, preview->added);
  set_count (self->updated_label, preview->updated);
  set_count (self->unchanged_label, preview->unchanged);

  gtk_widget_set_visible (GTK_WIDGET (self->warnings_row), preview->warnings->len > 0);
  if (preview->warnings->len > 0)
    add_warnings (self, preview->warnings);

  gtk_widget_set_visible (GTK_WIDGET (self->rejected_row), preview->rejected->len > 0);
  if (preview->rejected->len > 0)
    add_rejections (self, preview->rejected);

  has_problems = preview->warnings->len > 0 || preview->rejected->len > 0;
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), has_problems);

  add_columns (self, preview->columns);

  gtk_widget_set_visible (GTK_WIDGET (self->dropped_row), preview->dropped_columns->len > 0);
  if (preview->dropped_columns->len > 0)
    {
      g_autofree char *columns = join_columns (preview->dropped_columns);
      g_autofree char *subtitle = NULL;

      subtitle = g_strdup_printf (ngettext ("%s identifies a child (a name, UPN, date of "
                                            "birth or address): it is not read",
                                            "%s identify a child (names, UPNs, dates of "
                                            "birth or addresses): they are not read",
                                            preview->dropped_columns->len),
                                  columns);
      adw_action_row_set_subtitle (self->dropped_row, subtitle);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->ignored_row), preview->ignored_columns->len > 0);
  if (preview->ignored_columns->len > 0)
    {
      g_autofree char *columns = join_columns (preview->ignored_columns);
      g_autofree char *subtitle = NULL;

      subtitle = g_strdup_printf (ngettext ("%s is not part of a caseload",
                                            "%s are not part of a caseload",
                                            preview->ignored_columns->len),
                                  columns);
      adw_action_row_set_subtitle (self->ignored_row, subtitle);
    }

  has_other_columns = preview->dropped_columns->len > 0 || preview->ignored_columns->len > 0;
  gtk_widget_set_visible (GTK_WIDGET (self->other_columns_group), has_other_columns);

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

const char *
_assay_caseload_import_dialog_get_summary (AssayCaseloadImportDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_IMPORT_DIALOG (self), NULL);

  return adw_preferences_group_get_description (self->counts_group);
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

GPtrArray *
_assay_caseload_import_dialog_get_warning_rows (AssayCaseloadImportDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_IMPORT_DIALOG (self), NULL);

  return self->warning_rows;
}

AdwExpanderRow *
_assay_caseload_import_dialog_get_warnings_row (AssayCaseloadImportDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_IMPORT_DIALOG (self), NULL);

  return self->warnings_row;
}

GPtrArray *
_assay_caseload_import_dialog_get_column_rows (AssayCaseloadImportDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_IMPORT_DIALOG (self), NULL);

  return self->column_rows;
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

AdwPreferencesPage *
_assay_caseload_import_dialog_get_page (AssayCaseloadImportDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_IMPORT_DIALOG (self), NULL);

  return self->page;
}
