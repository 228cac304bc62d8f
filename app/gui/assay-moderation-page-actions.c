/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-moderation-page"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-audit-status.h"
#include "assay-export-dialog.h"
#include "assay-moderation-dialog.h"
#include "assay-moderation-item.h"
#include "assay-moderation-page-private.h"
#include "assay-report.h"

/*
 * The moderation page's own actions: open a plan, export a bundle, write
 * the partnership report. The import and conflict actions live with what
 * they do (-import.c, -conflicts.c); all are installed here.
 */

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

/* A plan this installation is auditing blind: who else audited it, and no
 * more, until both audits are finished */
static void
show_hidden_plan (AssayModerationPage *self,
                  AssayModerationItem *item)
{
  GPtrArray *audits = assay_moderation_item_get_audits (item);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  g_string_append (body, _("You are auditing this plan, and one of the audits is blind. "
                           "Colleagues’ grades and evidence are hidden until both blind "
                           "audits are finished."));
  g_string_append (body, "\n");
  for (guint i = 0; i < audits->len; i++)
    {
      AssayAudit *audit = g_ptr_array_index (audits, i);
      g_autofree char *who = assay_moderation_item_describe_moderator (audit);

      /* Translators: a moderator, then the status of their audit */
      g_string_append_printf (body, _("\n%s: %s"), who,
                              _assay_moderation_page_hides (self, audit)
                                ? _("Hidden until both blind audits are finished")
                                : assay_audit_status_get_label (assay_audit_get_status (audit)));
    }

  /* Translators: %s is a case reference */
  heading = g_strdup_printf (_("%s Is Being Audited Blind"),
                             assay_moderation_item_get_case_ref (item));
  dialog = adw_message_dialog_new (assay_gui_get_parent_window (GTK_WIDGET (self)), heading,
                                   body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  _assay_moderation_page_present_dialog (self, dialog);
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

  if (_assay_moderation_page_item_hidden (self, item))
    {
      show_hidden_plan (self, item);
      return;
    }

  dialog = GTK_WIDGET (assay_moderation_dialog_new (assay_gui_get_parent_window (GTK_WIDGET (self)),
                                                    self->session, item));
  g_signal_connect_object (dialog, "open-audit", G_CALLBACK (on_open_audit), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (assay_gui_show_toast), self,
                           G_CONNECT_SWAPPED);
  _assay_moderation_page_present_dialog (self, dialog);
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
  _assay_moderation_page_present_dialog (self, dialog);
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

  _assay_moderation_page_get_filter (self, &filter);
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
  AssayCompareFilter filter = { NULL, NULL };
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

  _assay_moderation_page_get_filter (self, &filter);
  if (filter.quarter != NULL)
    /* Translators: the suggested file name; %s is a quarter such as 2026-Q3 */
    name = g_strdup_printf (_("Partnership report %s.pdf"), filter.quarter);
  else
    name = g_strdup (_("Partnership report.pdf"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  assay_gui_chooser_show (&self->chooser, chooser, G_CALLBACK (on_report_chooser_response), self);
}

void
_assay_moderation_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "moderation.import", NULL,
                                   _assay_moderation_page_import_action);
  gtk_widget_class_install_action (widget_class, "moderation.import-file", "s",
                                   _assay_moderation_page_import_file_action);
  gtk_widget_class_install_action (widget_class, "moderation.cancel-import", NULL,
                                   _assay_moderation_page_cancel_import_action);
  gtk_widget_class_install_action (widget_class, "moderation.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "moderation.report", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "moderation.report-to-file", "s",
                                   report_to_file_action);
  gtk_widget_class_install_action (widget_class, "moderation.open-plan", "s", open_plan_action);
  gtk_widget_class_install_action (widget_class, "moderation.resolve-conflict", "(ss)",
                                   _assay_moderation_page_resolve_conflict_action);
  gtk_widget_class_install_action (widget_class, "moderation.review-conflicts", NULL,
                                   _assay_moderation_page_review_conflicts_action);
}
