/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-bundle-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-agency.h"
#include "assay-bundle-import-dialog-private.h"
#include "assay-gui-util.h"

/* What the dialog shows for one file */
typedef struct
{
  AdwPreferencesGroup *group;
  GtkLabel            *added;
  GtkLabel            *updated;
  GtkLabel            *unchanged;
  GtkLabel            *conflicts;
  AdwActionRow        *error_row;
  GPtrArray           *missing_rows;   /* of AdwActionRow, one per framework not installed */
} FileView;

struct _AssayBundleImportDialog
{
  AdwMessageDialog  parent_instance;

  /* Template widgets */
  GtkBox           *files_box;

  GArray           *files;   /* of FileView */
};

G_DEFINE_FINAL_TYPE (AssayBundleImportDialog, assay_bundle_import_dialog,
                     ADW_TYPE_MESSAGE_DIALOG)

AssayBundleOutcome *
assay_bundle_outcome_new (const char        *file_name,
                          AssayImportReport *report,
                          GError            *error)
{
  AssayBundleOutcome *outcome = g_new0 (AssayBundleOutcome, 1);

  outcome->file_name = g_strdup (file_name);
  outcome->report = report;
  outcome->error = error;

  return outcome;
}

void
assay_bundle_outcome_free (AssayBundleOutcome *outcome)
{
  if (outcome == NULL)
    return;

  g_free (outcome->file_name);
  g_clear_pointer (&outcome->report, assay_import_report_free);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

static void
assay_bundle_import_dialog_dispose (GObject *object)
{
  AssayBundleImportDialog *self = ASSAY_BUNDLE_IMPORT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_BUNDLE_IMPORT_DIALOG);
  for (guint i = 0; self->files != NULL && i < self->files->len; i++)
    g_clear_pointer (&g_array_index (self->files, FileView, i).missing_rows, g_ptr_array_unref);
  g_clear_pointer (&self->files, g_array_unref);

  G_OBJECT_CLASS (assay_bundle_import_dialog_parent_class)->dispose (object);
}

static void
assay_bundle_import_dialog_class_init (AssayBundleImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_bundle_import_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/maqa/Assay/ui/"
                                               "assay-bundle-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayBundleImportDialog, files_box);
}

static void
assay_bundle_import_dialog_init (AssayBundleImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->files = g_array_new (FALSE, TRUE, sizeof (FileView));
}

static GtkLabel *
add_count_row (AdwPreferencesGroup *group,
               const char          *title,
               const char          *subtitle,
               guint                count)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *text = g_strdup_printf ("%'u", count);
  GtkWidget *label = gtk_label_new (text);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);

  return GTK_LABEL (label);
}

/* The audits are stored, but nothing here can show them until their
 * framework is installed: one row per framework says which and where */
static void
add_missing_frameworks (FileView  *view,
                        GPtrArray *missing)
{
  g_autofree char *dir = assay_frameworks_get_partnership_dir ();

  view->missing_rows = g_ptr_array_new ();

  for (guint i = 0; missing != NULL && i < missing->len; i++)
    {
      AssayMissingFramework *entry = g_ptr_array_index (missing, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      /* Translators: a framework's id and version */
      title = g_strdup_printf (_("Framework “%s” version %s is not installed"),
                               entry->framework, entry->version);
      /* Translators: how many audits, then a folder */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u audit is stored but cannot be shown until "
                                               "the framework’s file is in %s",
                                               "%u audits are stored but cannot be shown until "
                                               "the framework’s file is in %s",
                                               entry->n_audits),
                                  entry->n_audits, dir);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (view->group, row);
      g_ptr_array_add (view->missing_rows, row);
    }
}

static void
add_report (AssayBundleImportDialog *self,
            FileView                *view,
            AssayImportReport       *report)
{
  const char *name = report->author_name != NULL && *report->author_name != '\0'
                     ? report->author_name : _("an unnamed moderator");
  g_autofree char *when = assay_gui_format_date (report->created);
  g_autofree char *from = NULL;
  g_autofree char *description = NULL;
  guint n_conflicts = report->conflicts != NULL ? report->conflicts->len : 0;

  if (report->author_agency != NULL && *report->author_agency != '\0')
    /* Translators: who made a bundle, then their agency */
    from = g_strdup_printf (_("From %s, %s"), name, assay_agency_get_label (report->author_agency));
  else
    /* Translators: who made a bundle */
    from = g_strdup_printf (_("From %s"), name);

  if (*when != '\0')
    /* Translators: "From Ann Patel, Health", then the date the bundle was made */
    description = g_strdup_printf (_("%s · made %s"), from, when);
  else
    description = g_steal_pointer (&from);
  adw_preferences_group_set_description (view->group, description);

  view->added = add_count_row (view->group, _("Added"),
                               _("Records new to this computer"), report->added);
  view->updated = add_count_row (view->group, _("Updated"),
                                 _("Records with newer changes"), report->updated);
  view->unchanged = add_count_row (view->group, _("Unchanged"),
                                   _("Records already up to date"), report->unchanged);
  view->conflicts = add_count_row (view->group, _("Conflicts"),
                                   _("Changed both here and there; review them on the "
                                     "Moderation page"),
                                   n_conflicts);
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (view->conflicts),
                                                   ADW_TYPE_ACTION_ROW),
                          n_conflicts > 0);

  add_missing_frameworks (view, report->missing_frameworks);
}

static void
add_error (AssayBundleImportDialog *self,
           FileView                *view,
           const GError            *error)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Not imported"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), error->message);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (icon, "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_preferences_group_add (view->group, row);
  adw_preferences_group_set_description (view->group, _("Nothing from this file was stored."));

  view->error_row = ADW_ACTION_ROW (row);
}

GtkWidget *
assay_bundle_import_dialog_new (GtkWindow *parent,
                                GPtrArray *outcomes)
{
  AssayBundleImportDialog *self;
  g_autofree char *body = NULL;
  guint n_ok = 0;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (outcomes != NULL, NULL);

  self = g_object_new (ASSAY_TYPE_BUNDLE_IMPORT_DIALOG,
                       "transient-for", parent,
                       NULL);

  for (guint i = 0; i < outcomes->len; i++)
    {
      AssayBundleOutcome *outcome = g_ptr_array_index (outcomes, i);
      FileView view = { NULL, };

      view.group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (view.group, outcome->file_name);

      if (outcome->report != NULL)
        {
          add_report (self, &view, outcome->report);
          n_ok++;
        }
      else if (outcome->error != NULL)
        add_error (self, &view, outcome->error);

      gtk_box_append (self->files_box, GTK_WIDGET (view.group));
      g_array_append_val (self->files, view);
    }

  if (n_ok == outcomes->len)
    adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self),
                                    g_dngettext (GETTEXT_PACKAGE, "Bundle Imported",
                                                 "Bundles Imported", outcomes->len));
  else if (n_ok == 0)
    adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self),
                                    g_dngettext (GETTEXT_PACKAGE, "Bundle Not Imported",
                                                 "Bundles Not Imported", outcomes->len));
  else
    adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self),
                                    _("Some Bundles Not Imported"));

  if (n_ok == outcomes->len)
    body = g_strdup (g_dngettext (GETTEXT_PACKAGE,
                                  "Its audits are merged with yours and can be compared on "
                                  "the Moderation page.",
                                  "Their audits are merged with yours and can be compared on "
                                  "the Moderation page.",
                                  outcomes->len));
  else if (n_ok == 0)
    body = g_strdup (_("Nothing was stored: the records on this computer are as they were."));
  else
    /* Translators: how many of the chosen files were imported */
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u of %u file was imported. Nothing was stored from "
                                         "the others.",
                                         "%u of %u files were imported. Nothing was stored "
                                         "from the others.",
                                         outcomes->len),
                            n_ok, outcomes->len);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);

  return GTK_WIDGET (self);
}

static FileView *
get_file (AssayBundleImportDialog *self,
          guint                    index)
{
  g_return_val_if_fail (ASSAY_IS_BUNDLE_IMPORT_DIALOG (self), NULL);
  g_return_val_if_fail (index < self->files->len, NULL);

  return &g_array_index (self->files, FileView, index);
}

AdwPreferencesGroup *
_assay_bundle_import_dialog_get_group (AssayBundleImportDialog *self,
                                       guint                    index)
{
  return get_file (self, index)->group;
}

GtkLabel *
_assay_bundle_import_dialog_get_count_label (AssayBundleImportDialog *self,
                                             guint                    index,
                                             const char              *what)
{
  FileView *view = get_file (self, index);

  if (g_str_equal (what, "added"))
    return view->added;
  if (g_str_equal (what, "updated"))
    return view->updated;
  if (g_str_equal (what, "unchanged"))
    return view->unchanged;
  if (g_str_equal (what, "conflicts"))
    return view->conflicts;

  g_return_val_if_reached (NULL);
}

AdwActionRow *
_assay_bundle_import_dialog_get_error_row (AssayBundleImportDialog *self,
                                           guint                    index)
{
  return get_file (self, index)->error_row;
}

AdwActionRow *
_assay_bundle_import_dialog_get_missing_row (AssayBundleImportDialog *self,
                                             guint                    index,
                                             guint                    n)
{
  FileView *view = get_file (self, index);

  if (view->missing_rows == NULL || n >= view->missing_rows->len)
    return NULL;

  return g_ptr_array_index (view->missing_rows, n);
}
