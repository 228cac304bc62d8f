/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-moderation-export"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "assay-csv.h"
#include "assay-export-dialog-private.h"
#include "assay-gui-test-util.h"
#include "assay-identity.h"
#include "assay-test-util.h"
#include "moderation-test-fixture.h"

/*
 * What the Moderation page writes: a bundle for a colleague and the forum
 * report.
 */

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
select_agency (Fixture    *f,
               const char *label)
{
  GtkDropDown *dropdown = _assay_moderation_page_get_dropdown (f->page, "agency");
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      {
        gtk_drop_down_set_selected (dropdown, i);
        return;
      }

  g_error ("no agency “%s” to choose", label);
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *csv_path = g_build_filename (f->env.dir, "health.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (f->env.dir, "forum.pdf", NULL);
  g_autofree char *odd_path = g_build_filename (f->env.dir, "forum.docx", NULL);
  g_autoptr(AssayCsv) csv = NULL;
  g_autoptr(GError) error = NULL;
  AssayCsvRecord *header;
  GStatBuf st;
  int moderator = -1;

  import_file (f, f->bundle_path);
  close_dialog (f);

  /* The CSV follows the page's filter: Health's moderator only */
  select_agency (f, "Health");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.report-to-file",
                                             "s", csv_path));
  g_assert_true (assay_gui_test_wait_until (file_exists, csv_path, 10000));

  csv = assay_csv_load (csv_path, &error);
  g_assert_no_error (error);
  header = csv->records->pdata[0];
  for (guint i = 0; i < header->n_fields; i++)
    if (g_str_equal (header->fields[i], "moderator"))
      moderator = (int) i;
  g_assert_cmpint (moderator, >=, 0);
  /* Ann's EHC-1001, 1002, 1003 and 1005 */
  g_assert_cmpuint (csv->records->len - 1, ==, 4);
  for (guint i = 1; i < csv->records->len; i++)
    g_assert_cmpstr (((AssayCsvRecord *) csv->records->pdata[i])->fields[moderator], ==,
                     "Ann Patel");

  /* The PDF for every agency; the owner alone can read it */
  gtk_drop_down_set_selected (_assay_moderation_page_get_dropdown (f->page, "agency"), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.report-to-file",
                                             "s", pdf_path));
  g_assert_true (assay_gui_test_wait_until (file_exists, pdf_path, 20000));
  g_assert_true (assay_test_file_contains (pdf_path, "%PDF-", 5));
  g_assert_cmpint (g_stat (pdf_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A file type the report is not written as: nothing is written */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.report-to-file",
                                             "s", odd_path));
  assay_gui_test_wait_idle ();
  g_assert_false (g_file_test (odd_path, G_FILE_TEST_EXISTS));
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *b_identity = NULL;
  g_autofree char *path = g_build_filename (f->env.dir, "for-ann.assay", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GError) error = NULL;
  AssayExportDialog *dialog;
  AdwEntryRow *row;
  GPtrArray *rows;
  guint n_from_a = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.export", NULL));
  dialog = ASSAY_EXPORT_DIALOG (_assay_moderation_page_get_dialog (f->page));
  g_assert_true (ASSAY_IS_EXPORT_DIALOG (dialog));

  /* A's own identity is shown, to be copied for colleagues */
  {
    g_autofree char *shown = g_strdup (adw_preferences_row_get_title (
                                         ADW_PREFERENCES_ROW (_assay_export_dialog_get_identity_row (dialog))));
    g_autofree char *compact = NULL;
    char *out = shown;

    for (char *in = shown; *in != '\0'; in++)
      if (*in != ' ')
        *out++ = *in;
    *out = '\0';
    compact = g_strdup (shown);
    g_assert_cmpstr (compact, ==, assay_vault_get_identity (f->vault_a));
  }

  rows = _assay_export_dialog_get_recipient_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 1);
  row = rows->pdata[0];

  /* Typed part way, a recipient says what is wrong and blocks the export */
  gtk_editable_set_text (GTK_EDITABLE (row), "3fa9c0");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Not an identity: 6 of 64 characters");
  g_assert_nonnull (_assay_export_dialog_get_problem (dialog));
  gtk_editable_set_text (GTK_EDITABLE (row), "not-hex!");
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "“n”"));

  /* Pasted with the spaces the dialog shows identities with, it is fine */
  b_identity = assay_identity_format (assay_vault_get_identity (f->vault_b));
  gtk_editable_set_text (GTK_EDITABLE (row), b_identity);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_null (_assay_export_dialog_get_problem (dialog));

  /* A second, bad recipient, shown as such, then removed */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export-dialog.add-recipient", NULL);
  g_assert_cmpuint (rows->len, ==, 2);
  gtk_editable_set_text (GTK_EDITABLE (rows->pdata[1]), "0123456789abcdef");
  g_assert_nonnull (_assay_export_dialog_get_problem (dialog));

  /* Passphrases must match */
  adw_expander_row_set_enable_expansion (_assay_export_dialog_get_passphrase_expander (dialog),
                                         TRUE);
  adw_expander_row_set_expanded (_assay_export_dialog_get_passphrase_expander (dialog), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (_assay_export_dialog_get_passphrase_row (dialog, FALSE)),
                         "forum spring 2026");
  gtk_editable_set_text (GTK_EDITABLE (_assay_export_dialog_get_passphrase_row (dialog, TRUE)),
                         "forum spring");
  g_assert_true (gtk_widget_has_css_class (
                   GTK_WIDGET (_assay_export_dialog_get_passphrase_row (dialog, TRUE)), "error"));
  assay_gui_test_wait_drawn (GTK_WIDGET (dialog));
  assay_gui_test_screenshot (GTK_WIDGET (dialog), "moderation-export-dialog");

  /* A wrong date is refused, a right one accepted */
  adw_expander_row_set_enable_expansion (_assay_export_dialog_get_since_expander (dialog), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (_assay_export_dialog_get_since_row (dialog)), "2026-02-30");
  g_assert_true (gtk_widget_has_css_class (
                   GTK_WIDGET (_assay_export_dialog_get_since_row (dialog)), "error"));
  adw_expander_row_set_enable_expansion (_assay_export_dialog_get_since_expander (dialog), FALSE);
  adw_expander_row_set_enable_expansion (_assay_export_dialog_get_passphrase_expander (dialog),
                                         FALSE);

  /* Still blocked by the bad second recipient: nothing is written */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export-dialog.export-to", "s", path);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  gtk_editable_set_text (GTK_EDITABLE (rows->pdata[1]), "");
  g_assert_null (_assay_export_dialog_get_problem (dialog));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export-dialog.export-to", "s",
                                             path));
  g_assert_true (assay_gui_test_wait_until (file_exists, path, 20000));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (_assay_moderation_page_get_dialog (f->page));

  /* B opens it with the core API and has A's audits */
  report = assay_bundle_import (f->store_b, file, NULL, ASSAY_IMPORT_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->author_name, ==, "Sam Okafor");
  g_assert_cmpstr (report->author, ==, assay_vault_get_identity (f->vault_a));
  audits = assay_audit_list (f->store_b, f->frameworks, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audits->len; i++)
    if (g_strcmp0 (assay_audit_get_moderator_id (audits->pdata[i]),
                   assay_vault_get_identity (f->vault_a)) == 0)
      n_from_a++;
  g_assert_cmpuint (n_from_a, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  assay_gui_test_init_page (&argc, &argv);

  g_test_add ("/moderation-export/export", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_export, fixture_teardown);
  g_test_add ("/moderation-export/report", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_report, fixture_teardown);

  return g_test_run ();
}
