/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-caseload-page-import"

#include "config.h"

#include <string.h>

#include "assay-caseload-import-dialog-private.h"
#include "assay-gui-test-util.h"
#include "assay-test-util.h"
#include "caseload-page-test-fixture.h"

/*
 * Importing a caseload on the Caseload page: the preview, rejected rows,
 * column mapping, files that are not caseloads, the file chooser, and
 * progress and cancelling while the file is read.
 */

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  AssayCaseloadImportDialog *dialog;
  AdwExpanderRow *rejected;
  AdwExpanderRow *warnings;

  /* No column for what no plan has */
  g_assert_false (gtk_column_view_column_get_visible (
                    _assay_caseload_page_get_column (f->page, ASSAY_CASELOAD_FIELD_NC_YEAR)));

  /* Shown before anything is stored */
  dialog = ASSAY_CASELOAD_IMPORT_DIALOG (preview_fixture (f, "utf8.csv"));
  g_assert_true (ASSAY_IS_CASELOAD_IMPORT_DIALOG (dialog));
  g_assert_nonnull (strstr (dialog_summary (GTK_WINDOW (dialog)),
                            "8 of 8 rows of “utf8.csv” can be imported."));
  g_assert_nonnull (strstr (dialog_summary (GTK_WINDOW (dialog)),
                            "Nothing is stored until you choose Import."));
  g_assert_cmpstr (dialog_count (GTK_WINDOW (dialog), "added"),
                   ==, "8");
  g_assert_cmpstr (dialog_count (GTK_WINDOW (dialog), "updated"),
                   ==, "0");
  rejected = _assay_caseload_import_dialog_get_rejected_row (dialog);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (rejected)));
  warnings = _assay_caseload_import_dialog_get_warnings_row (dialog);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (warnings)));
  g_assert_cmpuint (_assay_caseload_import_dialog_get_column_rows (dialog)->len, ==, 10);
  g_assert_cmpuint (stored_cases (f), ==, 0);
  g_assert_cmpuint (n_cases (f), ==, 0);
  assay_gui_test_screenshot (GTK_WIDGET (dialog), "caseload-import-preview");

  /* Cancelled: still nothing */
  close_dialog (f);
  g_assert_cmpuint (stored_cases (f), ==, 0);

  /* Confirmed: in the store, in the model, on screen */
  preview_fixture (f, "utf8.csv");
  confirm_import (f);
  g_assert_cmpuint (stored_cases (f), ==, 8);
  g_assert_cmpuint (n_cases (f), ==, 8);
  g_assert_cmpstr (_assay_caseload_page_get_state (f->page), ==, "rows");
  assert_shown (f, ALL_EIGHT);
  g_assert_true (count_is (f, "8 plans"));
  g_assert_true (action_enabled (f, "search"));

  /* A plan chosen, ready to audit */
  gtk_single_selection_set_selected (_assay_caseload_page_get_selection (f->page), 1);
  g_assert_true (action_enabled (f, "start-audit"));
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "caseload-filled");

  /* As narrow as the main view lets the content pane be */
  assay_gui_test_resize (f->window, 360, 680);
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "caseload-narrow");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 420);
  assay_gui_test_resize (f->window, 1100, 680);

  /* The same plans again would change nothing */
  dialog = ASSAY_CASELOAD_IMPORT_DIALOG (preview_fixture (f, "windows-1252.csv"));
  g_assert_cmpstr (dialog_count (GTK_WINDOW (dialog), "unchanged"),
                   ==, "8");
  g_assert_nonnull (strstr (dialog_summary (GTK_WINDOW (dialog)), "Windows-1252"));
  confirm_import (f);
  dialog = ASSAY_CASELOAD_IMPORT_DIALOG (preview_fixture (f, "reordered.csv"));
  g_assert_cmpstr (dialog_count (GTK_WINDOW (dialog), "added"),
                   ==, "0");
  confirm_import (f);
  g_assert_cmpuint (stored_cases (f), ==, 8);
  g_assert_cmpuint (n_cases (f), ==, 8);
}

static void
test_rejected_rows (Fixture       *f,
                    gconstpointer  data)
{
  static const struct
  {
    const char *line;
    const char *reason;
  } expected[] = {
    { "Line 6", "case_ref is empty" },
    { "Line 8", "case_ref “BAD-01” is already on line 2" },
    { "Line 9", "the row has 4 fields but the header has 7" },
  };
  static const struct
  {
    const char *title;
    const char *reason;
  } expected_warnings[] = {
    { "Line 3 · Date issued", "issued “31/02/2025” is not a real date" },
    { "Line 4 · Primary need", "primary_need “Dyslexia” is not one of" },
    { "Line 5 · Plan type", "plan_type “sometimes” is not one of" },
    { "Line 5 · Child in care", "child_in_care “maybe” is not one of" },
    { "Line 7 · Phase", "phase “Year 15” is not one of" },
    { "Line 12 · Date issued", "issued “2025-13-01” is not a real date" },
  };
  AssayCaseloadImportDialog *dialog;
  AdwExpanderRow *rejected;
  AdwExpanderRow *warnings;
  GPtrArray *rows;

  dialog = ASSAY_CASELOAD_IMPORT_DIALOG (preview_fixture (f, "bad-rows.csv"));
  g_assert_cmpstr (dialog_count (GTK_WINDOW (dialog), "added"),
                   ==, "8");
  g_assert_nonnull (strstr (dialog_summary (GTK_WINDOW (dialog)), "8 of 11 rows"));
  rejected = _assay_caseload_import_dialog_get_rejected_row (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (rejected)));
  g_assert_cmpstr (adw_expander_row_get_subtitle (rejected),
                   ==, "3 rows will be refused and left out");
  g_assert_true (adw_expander_row_get_expanded (rejected));

  rows = _assay_caseload_import_dialog_get_rejected_rows (dialog);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      AdwActionRow *row = g_ptr_array_index (rows, i);

      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                       expected[i].line);
      g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), expected[i].reason));
    }

  /* The values not read, before the import, each with its line and field */
  warnings = _assay_caseload_import_dialog_get_warnings_row (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (warnings)));
  g_assert_cmpstr (adw_expander_row_get_subtitle (warnings),
                   ==, "6 values could not be read; their rows are imported without them");
  rows = _assay_caseload_import_dialog_get_warning_rows (dialog);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (expected_warnings));
  for (guint i = 0; i < G_N_ELEMENTS (expected_warnings); i++)
    {
      AdwActionRow *row = g_ptr_array_index (rows, i);

      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                       expected_warnings[i].title);
      g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row),
                                       expected_warnings[i].reason));
    }

  assay_gui_test_screenshot (GTK_WIDGET (dialog), "caseload-import-rejected");
  confirm_import (f);

  g_assert_cmpuint (stored_cases (f), ==, 8);
  assert_shown (f, "BAD-01 BAD-02 BAD-03 BAD-04 BAD-05 BAD-07 BAD-08 BAD-09");
}

/* The label under @root that reads @text, or NULL */
static GtkLabel *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* An SEN2 export: the mapping of its own headers, the identifiers dropped
 * and the one value that is not a need, all shown before the import */
static void
test_mapping (Fixture       *f,
              gconstpointer  data)
{
  static const char * const mapping[][2] = {
    { "Person ID", "Case reference" }, { "ReceivedDate", "Date requested" },
    { "StartDate", "Date issued" }, { "LastReview", "Last review" },
    { "SENtype", "Primary need" }, { "SENSetting", "Setting type" },
    { "NC Year", "National Curriculum year" }, { "Key Stage", "Key stage" },
    { "Locality", "Team" }, { "Case Officer", "Caseworker" }, { "CLA", "Child in care" },
  };
  AssayCaseloadImportDialog *dialog;
  AdwActionRow *dropped;
  AdwActionRow *ignored;
  GPtrArray *rows;
  AdwActionRow *warning;

  dialog = ASSAY_CASELOAD_IMPORT_DIALOG (preview_fixture (f, "sen2-export.csv"));
  g_assert_cmpstr (dialog_count (GTK_WINDOW (dialog), "added"), ==, "8");

  rows = _assay_caseload_import_dialog_get_column_rows (dialog);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (mapping));
  for (guint i = 0; i < G_N_ELEMENTS (mapping); i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      GtkLabel *field;

      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                       mapping[i][0]);
      field = find_label (row, mapping[i][1]);
      g_assert_nonnull (field);
      g_assert_true (gtk_widget_is_visible (GTK_WIDGET (row)));
    }
  g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, 0)), ==, "Column 1");
  g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, 6)), ==,
                   "Column 12, also giving the key stage and phase");

  dropped = _assay_caseload_import_dialog_get_dropped_row (dialog);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (dropped)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (dropped),
                            "“UPN”, “Forename”, “Surname”, “DOB”, “Postcode” identify a child"));
  ignored = _assay_caseload_import_dialog_get_ignored_row (dialog);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (ignored)));
  g_assert_cmpstr (adw_action_row_get_subtitle (ignored), ==,
                   "“Notes” is not part of a caseload");

  rows = _assay_caseload_import_dialog_get_warning_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 1);
  warning = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (warning)), ==,
                   "Line 5 · Primary need");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (warning), "Down syndrome"));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (warning)));
  g_assert_false (gtk_widget_get_visible (
                    GTK_WIDGET (_assay_caseload_import_dialog_get_rejected_row (dialog))));

  /* The top, then scrolled down to the columns not read */
  assay_gui_test_screenshot (GTK_WIDGET (dialog), "caseload-import-mapping");
  {
    GtkWidget *page = GTK_WIDGET (_assay_caseload_import_dialog_get_page (dialog));
    GtkScrolledWindow *scrolled =
      GTK_SCROLLED_WINDOW (assay_gui_test_find_descendant (page, GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    assay_gui_test_wait_idle ();
    assay_gui_test_screenshot (GTK_WIDGET (dialog), "caseload-import-mapping-end");
  }
  g_assert_cmpuint (stored_cases (f), ==, 0);

  confirm_import (f);
  g_assert_cmpuint (stored_cases (f), ==, 8);
  g_assert_cmpuint (n_cases (f), ==, 8);

  /* Year, key stage and last review get columns once plans have them */
  g_assert_true (gtk_column_view_column_get_visible (
                   _assay_caseload_page_get_column (f->page, ASSAY_CASELOAD_FIELD_NC_YEAR)));
  g_assert_true (gtk_column_view_column_get_visible (
                   _assay_caseload_page_get_column (f->page, ASSAY_CASELOAD_FIELD_KEY_STAGE)));
  g_assert_true (gtk_column_view_column_get_visible (
                   _assay_caseload_page_get_column (f->page, ASSAY_CASELOAD_FIELD_LAST_REVIEW)));
  assay_gui_test_resize (f->window, 1280, 680);
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "caseload-sen2");
}

static void
test_dropped_columns (Fixture       *f,
                      gconstpointer  data)
{
  AssayCaseloadImportDialog *dialog;
  AdwActionRow *dropped;
  AdwActionRow *ignored;
  const char *subtitle;

  dialog = ASSAY_CASELOAD_IMPORT_DIALOG (preview_fixture (f, "names.csv"));
  dropped = _assay_caseload_import_dialog_get_dropped_row (dialog);
  ignored = _assay_caseload_import_dialog_get_ignored_row (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dropped)));
  subtitle = adw_action_row_get_subtitle (dropped);
  g_assert_nonnull (strstr (subtitle, "“Child Name”, “Forename”, “Surname”"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (ignored)));
  confirm_import (f);

  dialog = ASSAY_CASELOAD_IMPORT_DIALOG (preview_fixture (f, "extra-columns.csv"));
  dropped = _assay_caseload_import_dialog_get_dropped_row (dialog);
  ignored = _assay_caseload_import_dialog_get_ignored_row (dialog);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dropped)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (ignored)));
  subtitle = adw_action_row_get_subtitle (ignored);
  g_assert_nonnull (strstr (subtitle, "“School”, “Notes”"));
  assay_gui_test_screenshot (GTK_WIDGET (dialog), "caseload-import-columns");
  confirm_import (f);

  g_assert_cmpuint (stored_cases (f), ==, 10);
}

static void
test_not_a_caseload (Fixture       *f,
                     gconstpointer  data)
{
  static const struct
  {
    const char *file;
    const char *reason;
  } files[] = {
    { "not-a-caseload.csv", "not a caseload: no case reference column" },
    { "spreadsheet.xlsx", "“spreadsheet.xlsx” is a spreadsheet" },
  };
  GtkWindow *dialog;

  import_fixture (f, "utf8.csv");
  g_assert_cmpuint (stored_cases (f), ==, 8);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      const char *body;

      dialog = preview_fixture (f, files[i].file);
      g_assert_false (ASSAY_IS_CASELOAD_IMPORT_DIALOG (dialog));
      g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
      g_assert_cmpstr (dialog_heading (GTK_WINDOW (dialog)), ==,
                       "Not a Caseload");
      body = dialog_body (GTK_WINDOW (dialog));
      g_test_message ("%s", body);
      g_assert_nonnull (strstr (body, files[i].file));
      g_assert_nonnull (strstr (body, files[i].reason));
      g_assert_nonnull (strstr (body, "The caseload has not changed."));

      if (i == 0)
        assay_gui_test_screenshot (GTK_WIDGET (dialog), "caseload-not-a-caseload");
      close_dialog (f);

      g_assert_cmpuint (stored_cases (f), ==, 8);
      g_assert_cmpuint (n_cases (f), ==, 8);
    }

  /* A file that is not there is no caseload either, and says why */
  {
    g_autofree char *missing = g_build_filename (f->env.dir, "gone.csv", NULL);
    const char *body;

    dialog = preview_path (f, missing);
    body = dialog_body (GTK_WINDOW (dialog));
    g_assert_cmpstr (dialog_heading (GTK_WINDOW (dialog)), ==,
                     "Could Not Import Caseload");
    g_assert_nonnull (strstr (body, "“gone.csv” could not be imported"));
    close_dialog (f);
  }

  g_assert_cmpuint (stored_cases (f), ==, 8);
}

static gboolean
has_dialog (gpointer data)
{
  Fixture *f = data;

  return _assay_caseload_page_get_dialog (f->page) != NULL;
}

static GtkWidget *
find_file_chooser (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_FILE_CHOOSER_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

static gboolean
file_chooser_shown (gpointer data)
{
  return find_file_chooser () != NULL;
}

static gboolean
chooser_has (gpointer data)
{
  g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (find_file_chooser ()));

  return chosen != NULL && g_file_equal (chosen, data);
}

/* Without a portal, as under Xvfb, the native chooser is GTK's own dialog,
 * which a test can answer */
static void
test_file_chooser (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = fixture_path ("utf8.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkFileFilter *filter;
  GtkWidget *chooser;

  activate (f, "import");
  g_assert_true (assay_gui_test_wait_until (file_chooser_shown, NULL, 5000));
  chooser = find_file_chooser ();
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==, "Import Caseload");
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
  g_assert_nonnull (filter);
  g_assert_cmpstr (gtk_file_filter_get_name (filter), ==, "Caseload Exports (CSV)");

  /* Cancelled, nothing happens */
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  assay_gui_test_wait_idle ();
  g_assert_false (_assay_caseload_page_get_busy (f->page));
  g_assert_cmpuint (stored_cases (f), ==, 0);

  /* Chosen, the file is imported */
  activate (f, "import");
  g_assert_true (assay_gui_test_wait_until (file_chooser_shown, NULL, 5000));
  chooser = find_file_chooser ();
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
  /* The chooser selects the file once it has loaded its folder */
  g_assert_true (assay_gui_test_wait_until (chooser_has, file, 10000));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_assert_true (assay_gui_test_wait_until (has_dialog, f, 30000));
  g_assert_true (assay_gui_test_wait_until (import_done, f, 30000));
  confirm_import (f);
  g_assert_cmpuint (stored_cases (f), ==, 8);
}

/*
 * The page reads the file in a thread and hears the result on the main
 * context that was the thread's default when the import began. Begun under a
 * context of the test's own, the result waits there until the test lets it
 * through, so the page stays "reading" for as long as the test looks at it,
 * however small the file and however fast the machine.
 */
static GMainContext *
begin_held_import (Fixture    *f,
                   const char *fixture,
                   const char *as_name)
{
  g_autofree char *source = fixture_path (fixture);
  g_autofree char *path = g_build_filename (f->env.dir, as_name, NULL);
  g_autofree char *contents = NULL;
  GMainContext *held = g_main_context_new ();
  gsize len = 0;

  g_assert_true (g_file_get_contents (source, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (path, contents, (gssize) len, NULL));

  g_main_context_push_thread_default (held);
  activate_import (f, path);
  g_main_context_pop_thread_default (held);

  return held;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;

  return G_SOURCE_REMOVE;
}

/* Lets the held result through: iterates @held until @condition holds,
 * then the page's own context until what the result caused has run. */
static void
release_held_import (GMainContext          *held,
                     AssayGuiTestCondition  condition,
                     gpointer               data)
{
  g_autoptr(GSource) deadline = g_timeout_source_new_seconds (30);
  gboolean timed_out = FALSE;

  g_source_set_callback (deadline, set_flag, &timed_out, NULL);
  g_source_attach (deadline, held);
  while (!timed_out && !condition (data))
    g_main_context_iteration (held, TRUE);
  g_source_destroy (deadline);
  g_assert_false (timed_out);

  assay_gui_test_wait_idle ();
  g_main_context_unref (held);
}

typedef struct
{
  GObject *object;
  guint    refs;
} Released;

/* The reading thread's task has let the page go */
static gboolean
released (gpointer data)
{
  Released *wait = data;

  return (guint) g_atomic_int_get (&wait->object->ref_count) <= wait->refs;
}

static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  GMainContext *held;
  GtkWindow *dialog;

  import_fixture (f, "utf8.csv");

  held = begin_held_import (f, "names.csv", "export.csv");
  g_assert_true (_assay_caseload_page_get_busy (f->page));
  g_assert_true (progress_shown (f));
  g_assert_false (action_enabled (f, "import"));
  g_assert_true (action_enabled (f, "cancel-import"));
  /* The list stays usable while the file is read */
  g_assert_true (action_enabled (f, "search"));
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "caseload-importing");
  g_assert_true (_assay_caseload_page_get_busy (f->page));

  release_held_import (held, import_done, f);
  dialog = _assay_caseload_page_get_dialog (f->page);
  g_assert_true (ASSAY_IS_CASELOAD_IMPORT_DIALOG (dialog));
  g_assert_nonnull (strstr (dialog_summary (GTK_WINDOW (dialog)), "“export.csv”"));
  confirm_import (f);
  g_assert_cmpuint (stored_cases (f), ==, 10);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  Released wait = { G_OBJECT (f->page), G_OBJECT (f->page)->ref_count };
  GMainContext *held;

  held = begin_held_import (f, "utf8.csv", "export.csv");
  g_assert_true (_assay_caseload_page_get_busy (f->page));
  assay_gui_test_wait_idle ();
  g_assert_true (_assay_caseload_page_get_busy (f->page));

  activate (f, "cancel-import");
  g_assert_false (_assay_caseload_page_get_busy (f->page));
  g_assert_false (progress_shown (f));
  g_assert_true (action_enabled (f, "import"));

  /* The thread finishes reading, and nothing is written; the worker's task
   * lets the page go once it has finished */
  release_held_import (held, released, &wait);
  g_assert_null (_assay_caseload_page_get_dialog (f->page));
  g_assert_cmpuint (stored_cases (f), ==, 0);
  g_assert_cmpstr (_assay_caseload_page_get_state (f->page), ==, "empty");

  /* And the next import goes ahead as usual */
  import_fixture (f, "utf8.csv");
  g_assert_cmpuint (stored_cases (f), ==, 8);
}

int
main (int   argc,
      char *argv[])
{
  assay_gui_test_init_page (&argc, &argv);

  g_test_add ("/caseload-import/import", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_import, fixture_teardown);
  g_test_add ("/caseload-import/rejected-rows", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_rejected_rows, fixture_teardown);
  g_test_add ("/caseload-import/mapping", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_mapping, fixture_teardown);
  g_test_add ("/caseload-import/dropped-columns", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_dropped_columns, fixture_teardown);
  g_test_add ("/caseload-import/not-a-caseload", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_not_a_caseload, fixture_teardown);
  g_test_add ("/caseload-import/file-chooser", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_file_chooser, fixture_teardown);
  g_test_add ("/caseload-import/progress", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_progress, fixture_teardown);
  g_test_add ("/caseload-import/cancel", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_cancel, fixture_teardown);

  return g_test_run ();
}
