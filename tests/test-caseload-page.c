/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-caseload-page"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "assay-caseload-import-dialog-private.h"
#include "assay-caseload-item.h"
#include "assay-caseload-page-private.h"
#include "assay-gui-test-util.h"
#include "assay-test-util.h"

/* utf8.csv, in case reference order */
#define ALL_EIGHT "EHC-1001 EHC-1002 EHC-1003 EHC-1004 EHC-1005 EHC-1006 EHC-1007 EHC-1008"

/* The page on a real encrypted store, in a window dressed like the main
 * view's content pane, with a stand-in for the main view's "main" actions
 * so that what the page asks of it can be seen. */
typedef struct
{
  AssayTestEnv       env;
  AssaySession      *session;
  GtkWindow         *window;
  AssayCaseloadPage *page;
  GPtrArray         *started;   /* case refs main.start-audit was asked for */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  assay_test_env_set_up (&f->env, ASSAY_TEST_ENV_DEFAULT);
  f->session = assay_session_new (f->env.vault);
  f->started = g_ptr_array_new_with_free_func (g_free);

  f->page = g_object_new (ASSAY_TYPE_CASELOAD_PAGE, NULL);
  f->window = assay_gui_test_page_window (GTK_WIDGET (f->page), "Caseload", 1100, 680,
                                          "start-audit", f->started);

  if (GPOINTER_TO_INT (data))
    assay_caseload_page_set_session (f->page, f->session);

  gtk_window_present (f->window);
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GtkWindow *dialog = _assay_caseload_page_get_dialog (f->page);

  if (dialog != NULL)
    gtk_window_destroy (dialog);
  gtk_window_destroy (f->window);
  g_clear_object (&f->window);
  assay_gui_test_wait_idle ();

  g_clear_object (&f->session);
  g_clear_pointer (&f->started, g_ptr_array_unref);
  assay_test_env_tear_down (&f->env);
}

/* GTK has no call that tells whether a widget's action is enabled; a
 * button using it is sensitive exactly when it is. */
static gboolean
action_enabled (Fixture    *f,
                const char *name)
{
  GtkWidget *entry = GTK_WIDGET (_assay_caseload_page_get_search_entry (f->page));
  GtkWidget *parent = gtk_widget_get_parent (entry);
  g_autofree char *detailed = g_strconcat ("caseload.", name, NULL);
  GtkWidget *button = gtk_button_new ();
  gboolean enabled;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), detailed);
  if (g_str_equal (name, "import-file"))
    gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", "a.csv");
  gtk_box_append (GTK_BOX (parent), button);
  enabled = gtk_widget_get_sensitive (button);
  gtk_box_remove (GTK_BOX (parent), button);

  return enabled;
}

static void
sort_by (Fixture            *f,
         AssayCaseloadField  field,
         GtkSortType         order)
{
  /* What a click on the column's header does */
  gtk_column_view_sort_by_column (_assay_caseload_page_get_column_view (f->page),
                                  _assay_caseload_page_get_column (f->page, field), order);
}

static void
activate (Fixture    *f,
          const char *action)
{
  g_autofree char *name = g_strconcat ("caseload.", action, NULL);

  gtk_widget_activate_action (GTK_WIDGET (f->page), name, NULL);
}

static void
activate_import (Fixture    *f,
                 const char *path)
{
  gtk_widget_activate_action (GTK_WIDGET (f->page), "caseload.import-file", "s", path);
}

static const char *
dialog_count (GtkWindow  *dialog,
              const char *what)
{
  AssayCaseloadImportDialog *import = ASSAY_CASELOAD_IMPORT_DIALOG (dialog);

  return gtk_label_get_text (_assay_caseload_import_dialog_get_count_label (import, what));
}

static const char *
dialog_body (GtkWindow *dialog)
{
  return adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
}

static const char *
dialog_summary (GtkWindow *dialog)
{
  return _assay_caseload_import_dialog_get_summary (ASSAY_CASELOAD_IMPORT_DIALOG (dialog));
}

static const char *
dialog_heading (GtkWindow *dialog)
{
  return adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog));
}

static guint
n_cases (Fixture *f)
{
  return g_list_model_get_n_items (_assay_caseload_page_get_cases (f->page));
}

static guint
n_shown (Fixture *f)
{
  GListModel *shown = G_LIST_MODEL (_assay_caseload_page_get_selection (f->page));

  return g_list_model_get_n_items (shown);
}

static gboolean
progress_shown (Fixture *f)
{
  return gtk_revealer_get_reveal_child (_assay_caseload_page_get_progress_revealer (f->page));
}

static const char *
search_text (Fixture *f)
{
  GtkEditable *entry = GTK_EDITABLE (_assay_caseload_page_get_search_entry (f->page));

  return gtk_editable_get_text (entry);
}

static gboolean
count_is (Fixture    *f,
          const char *text)
{
  GtkLabel *label = _assay_caseload_page_get_count_label (f->page);

  return g_strcmp0 (gtk_label_get_text (label), text) == 0;
}

static gboolean
import_done (gpointer data)
{
  Fixture *f = data;

  return !_assay_caseload_page_get_busy (f->page);
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "caseload", name, NULL);
}

/* Reads a file through the page's action, as the file chooser does, and
 * returns the dialog that shows what importing it would do (or why it
 * cannot be imported). */
static GtkWindow *
preview_path (Fixture    *f,
              const char *path)
{
  GtkWindow *dialog;

  activate_import (f, path);
  g_assert_true (_assay_caseload_page_get_busy (f->page));
  g_assert_true (progress_shown (f));
  g_assert_false (action_enabled (f, "import"));
  g_assert_true (action_enabled (f, "cancel-import"));

  g_assert_true (assay_gui_test_wait_until (import_done, f, 30000));
  g_assert_false (progress_shown (f));
  g_assert_true (action_enabled (f, "import"));

  dialog = _assay_caseload_page_get_dialog (f->page);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  return dialog;
}

static GtkWindow *
preview_fixture (Fixture    *f,
                 const char *name)
{
  g_autofree char *path = fixture_path (name);

  return preview_path (f, path);
}

static gboolean
no_dialog (gpointer data)
{
  Fixture *f = data;

  return _assay_caseload_page_get_dialog (f->page) == NULL;
}

static void
close_dialog (Fixture *f)
{
  GtkWindow *dialog = _assay_caseload_page_get_dialog (f->page);

  g_assert_nonnull (dialog);
  /* What Escape or the Cancel button does */
  gtk_window_close (dialog);
  g_assert_true (assay_gui_test_wait_until (no_dialog, f, 5000));
  g_assert_null (_assay_caseload_page_get_dialog (f->page));
}

/* What the preview's Import button does */
static void
confirm_import (Fixture *f)
{
  GtkWindow *dialog = _assay_caseload_page_get_dialog (f->page);

  g_assert_true (ASSAY_IS_CASELOAD_IMPORT_DIALOG (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "caseload-import.import",
                                             NULL));
  g_assert_true (assay_gui_test_wait_until (no_dialog, f, 5000));
  g_assert_null (_assay_caseload_page_get_dialog (f->page));
}

static void
import_path (Fixture    *f,
             const char *path)
{
  preview_path (f, path);
  confirm_import (f);
}

/* Reads, previews and imports, as a user who chose Import would */
static void
import_fixture (Fixture    *f,
                const char *name)
{
  g_autofree char *path = fixture_path (name);

  import_path (f, path);
}

static guint
stored_cases (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = assay_caseload_list (assay_session_get_store (f->session), &error);

  g_assert_no_error (error);

  return cases->len;
}

/* The case references shown, top to bottom, as "A B C" */
static char *
shown (Fixture *f)
{
  GListModel *model = G_LIST_MODEL (_assay_caseload_page_get_selection (f->page));
  g_autoptr(GString) refs = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AssayCaseloadItem) item = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (refs, ' ');
      g_string_append (refs, assay_caseload_item_get_case_ref (item));
    }

  return g_string_free (g_steal_pointer (&refs), FALSE);
}

static void
assert_shown (Fixture    *f,
              const char *expected)
{
  g_autofree char *refs = shown (f);

  g_assert_cmpstr (refs, ==, expected);
}

static void
choose_filter (Fixture            *f,
               AssayCaseloadField  field,
               const char         *label)
{
  GtkDropDown *dropdown = _assay_caseload_page_get_filter (f->page, field);
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      {
        gtk_drop_down_set_selected (dropdown, i);
        return;
      }

  g_error ("No “%s” in the %s filter", label, assay_caseload_field_get_name (field));
}

typedef struct
{
  Fixture    *fixture;
  const char *expected;
} ShownWait;

static gboolean
shows (gpointer data)
{
  ShownWait *wait = data;
  g_autofree char *refs = shown (wait->fixture);

  return g_strcmp0 (refs, wait->expected) == 0;
}

/* The search entry waits for typing to pause before it searches */
static void
search_for (Fixture    *f,
            const char *text,
            const char *expected)
{
  ShownWait wait = { f, expected };

  gtk_editable_set_text (GTK_EDITABLE (_assay_caseload_page_get_search_entry (f->page)), text);
  if (!assay_gui_test_wait_until (shows, &wait, 2000))
    assert_shown (f, expected);
}

/* A too-new widget in a .ui file fails only at run time: build them all */
static void
test_templates (void)
{
  GType types[] = {
    ASSAY_TYPE_CASELOAD_PAGE,
  };
  const char *csv = "case_ref\nA\n";
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GtkWidget *widget = g_object_ref_sink (g_object_new (types[i], NULL));

      g_assert_true (GTK_IS_WIDGET (widget));
      g_object_unref (widget);
    }

  g_assert_true (assay_caseload_parse (csv, strlen (csv), NULL, NULL, &result, &error));
  g_assert_no_error (error);
  dialog = assay_caseload_import_dialog_new (NULL, "a.csv", result);
  g_assert_true (ASSAY_IS_CASELOAD_IMPORT_DIALOG (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_no_session (Fixture       *f,
                 gconstpointer  data)
{
  g_assert_cmpstr (_assay_caseload_page_get_state (f->page), ==, "empty");
  g_assert_false (action_enabled (f, "import"));
  g_assert_false (action_enabled (f, "import-file"));
  g_assert_false (action_enabled (f, "start-audit"));

  assay_caseload_page_set_session (f->page, f->session);
  g_assert_true (action_enabled (f, "import"));
  g_assert_true (action_enabled (f, "import-file"));
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_assert_cmpstr (_assay_caseload_page_get_state (f->page), ==, "empty");
  g_assert_cmpuint (n_cases (f), ==, 0);
  g_assert_true (action_enabled (f, "import"));
  g_assert_false (action_enabled (f, "start-audit"));
  g_assert_false (action_enabled (f, "cancel-import"));

  assay_gui_test_screenshot (GTK_WIDGET (f->window), "caseload-empty");
}

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

static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  import_fixture (f, "utf8.csv");

  /* What a click on each header does */
  sort_by (f, ASSAY_CASELOAD_FIELD_CASE_REF, GTK_SORT_DESCENDING);
  assert_shown (f, "EHC-1008 EHC-1007 EHC-1006 EHC-1005 EHC-1004 EHC-1003 EHC-1002 EHC-1001");

  /* Phases from early years up, not alphabetically; ties by case ref */
  sort_by (f, ASSAY_CASELOAD_FIELD_PHASE, GTK_SORT_ASCENDING);
  assert_shown (f, "EHC-1004 EHC-1001 EHC-1005 EHC-1008 EHC-1002 EHC-1007 EHC-1003 EHC-1006");

  sort_by (f, ASSAY_CASELOAD_FIELD_TEAM, GTK_SORT_ASCENDING);
  assert_shown (f, "EHC-1007 EHC-1008 EHC-1001 EHC-1002 EHC-1003 EHC-1004 EHC-1005 EHC-1006");

  sort_by (f, ASSAY_CASELOAD_FIELD_ISSUED, GTK_SORT_DESCENDING);
  assert_shown (f, "EHC-1008 EHC-1007 EHC-1006 EHC-1005 EHC-1004 EHC-1003 EHC-1002 EHC-1001");

  sort_by (f, ASSAY_CASELOAD_FIELD_REQUESTED, GTK_SORT_ASCENDING);
  assert_shown (f, "EHC-1008 EHC-1006 EHC-1004 EHC-1003 EHC-1002 EHC-1001 EHC-1005 EHC-1007");

  sort_by (f, ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, GTK_SORT_ASCENDING);
  assert_shown (f, "EHC-1002 EHC-1005 EHC-1008 EHC-1001 EHC-1003 EHC-1004 EHC-1006 EHC-1007");

  sort_by (f, ASSAY_CASELOAD_FIELD_PLAN_TYPE, GTK_SORT_ASCENDING);
  assert_shown (f, "EHC-1001 EHC-1005 EHC-1007 EHC-1002 EHC-1006 EHC-1008 EHC-1003 EHC-1004");

  /* Numbers in case references count as numbers */
  {
    g_autofree char *path = g_build_filename (f->env.dir, "numbers.csv", NULL);

    g_assert_true (g_file_set_contents (path, "case_ref\nEHC-10\nEHC-9\nEHC-100\n", -1, NULL));
    import_path (f, path);
  }
  sort_by (f, ASSAY_CASELOAD_FIELD_CASE_REF, GTK_SORT_ASCENDING);
  assert_shown (f, "EHC-9 EHC-10 EHC-100 EHC-1001 EHC-1002 EHC-1003 EHC-1004 EHC-1005 EHC-1006 "
                   "EHC-1007 EHC-1008");
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  GtkMenuButton *filter_button = _assay_caseload_page_get_filter_button (f->page);
  GtkWidget *search = GTK_WIDGET (_assay_caseload_page_get_search_entry (f->page));
  GtkWidget *focus;

  import_fixture (f, "utf8.csv");
  g_assert_false (action_enabled (f, "clear-filters"));
  g_assert_false (action_enabled (f, "show-all"));

  /* Search: case reference, team and caseworker, any case */
  search_for (f, "zoë", "EHC-1001 EHC-1002");
  g_assert_true (count_is (f, "8 plans, 2 shown"));
  g_assert_true (action_enabled (f, "show-all"));
  search_for (f, "PRIYA", "EHC-1007 EHC-1008");
  search_for (f, "wantage", "EHC-1005 EHC-1006");
  search_for (f, "1003", "EHC-1003");
  search_for (f, "", ALL_EIGHT);
  g_assert_true (count_is (f, "8 plans"));

  /* Each filter on its own */
  choose_filter (f, ASSAY_CASELOAD_FIELD_TEAM, "North");
  assert_shown (f, "EHC-1001 EHC-1002");
  g_assert_cmpstr (gtk_menu_button_get_label (filter_button), ==, "_Filters (1)");
  g_assert_true (action_enabled (f, "clear-filters"));
  choose_filter (f, ASSAY_CASELOAD_FIELD_TEAM, "All Teams");

  choose_filter (f, ASSAY_CASELOAD_FIELD_PHASE, "Primary");
  assert_shown (f, "EHC-1001 EHC-1005 EHC-1008");
  choose_filter (f, ASSAY_CASELOAD_FIELD_PHASE, "All Phases");

  choose_filter (f, ASSAY_CASELOAD_FIELD_PRIMARY_NEED,
                 "SEMH – Social, emotional and mental health");
  assert_shown (f, "EHC-1002");
  choose_filter (f, ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "All Needs");

  choose_filter (f, ASSAY_CASELOAD_FIELD_PLAN_TYPE, "Annual review");
  assert_shown (f, "EHC-1002 EHC-1006 EHC-1008");
  choose_filter (f, ASSAY_CASELOAD_FIELD_PLAN_TYPE, "All Plan Types");

  choose_filter (f, ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, "Yes");
  assert_shown (f, "EHC-1002 EHC-1005 EHC-1008");
  g_assert_true (count_is (f, "8 plans, 3 shown"));

  /* Combined, with each other and with the search */
  choose_filter (f, ASSAY_CASELOAD_FIELD_TEAM, "North");
  assert_shown (f, "EHC-1002");
  g_assert_cmpstr (gtk_menu_button_get_label (filter_button), ==, "_Filters (2)");
  choose_filter (f, ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, "Any");
  search_for (f, "1001", "EHC-1001");
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "caseload-filtered");

  /* The filters themselves, in their popover */
  gtk_menu_button_popup (filter_button);
  assay_gui_test_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (filter_button)),
                             "caseload-filters");
  gtk_menu_button_popdown (filter_button);

  choose_filter (f, ASSAY_CASELOAD_FIELD_PHASE, "Post-19");
  assert_shown (f, "");
  g_assert_cmpstr (_assay_caseload_page_get_state (f->page), ==, "none");
  g_assert_true (count_is (f, "8 plans, 0 shown"));
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "caseload-no-match");

  activate (f, "clear-filters");
  assert_shown (f, "EHC-1001");
  g_assert_cmpstr (gtk_menu_button_get_label (filter_button), ==, "_Filters");
  activate (f, "show-all");
  assert_shown (f, ALL_EIGHT);
  g_assert_cmpstr (search_text (f),
                   ==, "");
  g_assert_cmpstr (_assay_caseload_page_get_state (f->page), ==, "rows");

  /* A filter stays while the caseload changes under it */
  choose_filter (f, ASSAY_CASELOAD_FIELD_TEAM, "City");
  import_fixture (f, "bad-rows.csv");
  assert_shown (f, "BAD-05 EHC-1007 EHC-1008");

  /* Ctrl+F's action puts the focus in the search */
  activate (f, "search");
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == search || gtk_widget_is_ancestor (focus, search));
}

static void
test_start_audit (Fixture       *f,
                  gconstpointer  data)
{
  GtkSingleSelection *selection = _assay_caseload_page_get_selection (f->page);

  import_fixture (f, "utf8.csv");

  g_assert_false (action_enabled (f, "start-audit"));

  gtk_single_selection_set_selected (selection, 2);
  g_assert_true (action_enabled (f, "start-audit"));
  activate (f, "start-audit");
  g_assert_cmpuint (f->started->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->started, 0), ==, "EHC-1003");

  /* Enter or a double click on a row */
  g_signal_emit_by_name (_assay_caseload_page_get_column_view (f->page), "activate", 6);
  g_assert_cmpuint (f->started->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->started, 1), ==, "EHC-1007");

  /* The selection follows its plan through a re-sort and a reload */
  sort_by (f, ASSAY_CASELOAD_FIELD_CASE_REF, GTK_SORT_DESCENDING);
  import_fixture (f, "names.csv");
  activate (f, "start-audit");
  g_assert_cmpuint (f->started->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->started, 2), ==, "EHC-1003");
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

/* A named pipe holds the reading thread at open() until the test writes
 * the file, so what the page shows meanwhile can be looked at. */
static char *
make_fifo (Fixture *f)
{
  char *path = g_build_filename (f->env.dir, "export.csv", NULL);

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);

  return path;
}

static void
feed_fifo (const char *path,
           const char *fixture)
{
  g_autofree char *source = fixture_path (fixture);
  g_autofree char *contents = NULL;
  gsize len = 0;
  int fd;

  g_assert_true (g_file_get_contents (source, &contents, &len, NULL));
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, contents, len), ==, (gssize) len);
  g_assert_true (g_close (fd, NULL));
}

static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *fifo = make_fifo (f);
  GtkWindow *dialog;

  import_fixture (f, "utf8.csv");

  activate_import (f, fifo);
  g_assert_true (_assay_caseload_page_get_busy (f->page));
  g_assert_true (progress_shown (f));
  g_assert_false (action_enabled (f, "import"));
  g_assert_true (action_enabled (f, "cancel-import"));
  /* The list stays usable while the file is read */
  g_assert_true (action_enabled (f, "search"));
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "caseload-importing");
  g_assert_true (_assay_caseload_page_get_busy (f->page));

  feed_fifo (fifo, "names.csv");
  g_assert_true (assay_gui_test_wait_until (import_done, f, 30000));
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
  g_autofree char *fifo = make_fifo (f);
  guint refs;

  refs = G_OBJECT (f->page)->ref_count;
  activate_import (f, fifo);
  g_assert_true (_assay_caseload_page_get_busy (f->page));
  assay_gui_test_wait_idle ();
  g_assert_true (_assay_caseload_page_get_busy (f->page));

  activate (f, "cancel-import");
  g_assert_false (_assay_caseload_page_get_busy (f->page));
  g_assert_false (progress_shown (f));
  g_assert_true (action_enabled (f, "import"));

  /* The thread finishes reading, and nothing is written */
  feed_fifo (fifo, "utf8.csv");
  /* The worker's task lets the page go once it has finished */
  assay_gui_test_wait_released (f->page, refs);
  g_assert_null (_assay_caseload_page_get_dialog (f->page));
  g_assert_cmpuint (stored_cases (f), ==, 0);
  g_assert_cmpstr (_assay_caseload_page_get_state (f->page), ==, "empty");

  /* And the next import goes ahead as usual */
  import_fixture (f, "utf8.csv");
  g_assert_cmpuint (stored_cases (f), ==, 8);
}

static void
test_lock (Fixture       *f,
           gconstpointer  data)
{
  guint refs;

  import_fixture (f, "utf8.csv");
  search_for (f, "EHC-100", ALL_EIGHT);

  /* Locking drops the session: nothing decrypted stays on screen */
  assay_caseload_page_set_session (f->page, NULL);
  g_assert_cmpuint (n_cases (f), ==, 0);
  g_assert_cmpstr (_assay_caseload_page_get_state (f->page), ==, "empty");
  g_assert_cmpstr (search_text (f),
                   ==, "");
  g_assert_false (action_enabled (f, "import"));

  /* An import under way when the vault locks writes nothing */
  assay_caseload_page_set_session (f->page, f->session);
  g_assert_cmpuint (n_cases (f), ==, 8);
  refs = G_OBJECT (f->page)->ref_count;
  activate_import (f, g_test_get_filename (G_TEST_DIST, "fixtures", "caseload", "bad-rows.csv",
                                           NULL));
  assay_caseload_page_set_session (f->page, NULL);
  g_assert_false (_assay_caseload_page_get_busy (f->page));
  /* The worker's task lets the page go once it has finished */
  assay_gui_test_wait_released (f->page, refs);
  g_assert_cmpuint (stored_cases (f), ==, 8);

  /* Another page's import shows here too */
  assay_caseload_page_set_session (f->page, f->session);
  {
    g_autoptr(AssayCaseloadResult) result = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (assay_caseload_import (assay_session_get_store (f->session),
                                          g_test_get_filename (G_TEST_DIST, "fixtures", "caseload",
                                                               "names.csv", NULL),
                                          &result, &error));
    g_assert_no_error (error);
  }
  assay_session_changed (f->session, "cases");
  g_assert_cmpuint (n_cases (f), ==, 10);
}

/* 10,000 plans: the import, the list and every change to it stay quick */
static void
test_large (Fixture       *f,
            gconstpointer  data)
{
  static const char * const teams[] = { "North", "South", "City", "Vale – Wantage", "West" };
  static const char * const phases[] = {
    "early-years", "primary", "secondary", "post-16", "post-19",
  };
  static const char * const needs[] = { "ASD", "SEMH", "SLCN", "MLD", "SpLD", "PD", "HI" };
  static const char * const types[] = { "new", "annual-review", "phase-transfer", "amended" };
  g_autofree char *path = g_build_filename (f->env.dir, "large.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("case_ref,plan_type,requested,issued,team,caseworker,"
                                         "phase,setting_type,primary_need,child_in_care\n");
  AssayCaseloadImportDialog *dialog;
  GtkColumnView *view = _assay_caseload_page_get_column_view (f->page);
  GtkScrolledWindow *scrolled;
  GtkAdjustment *adjustment;
  gint64 start;

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (csv, "LA-%05u,%s,2024-%02u-%02u,2025-%02u-%02u,%s,Officer %u,%s,"
                            "mainstream,%s,%s\n",
                            i, types[i % G_N_ELEMENTS (types)], 1 + i % 12, 1 + i % 28,
                            1 + (i / 7) % 12, 1 + (i / 3) % 28, teams[i % G_N_ELEMENTS (teams)],
                            i % 40, phases[(i / 5) % G_N_ELEMENTS (phases)],
                            needs[i % G_N_ELEMENTS (needs)], i % 9 == 0 ? "yes" : "no");
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, NULL));

  start = g_get_monotonic_time ();
  dialog = ASSAY_CASELOAD_IMPORT_DIALOG (preview_path (f, path));
  g_test_message ("10,000 plans read and previewed in %.2f s",
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpstr (dialog_count (GTK_WINDOW (dialog), "added"),
                   ==, "10000");
  start = g_get_monotonic_time ();
  confirm_import (f);
  g_test_message ("10,000 plans stored and listed in %.2f s",
                  (g_get_monotonic_time () - start) / 1e6);

  g_assert_cmpuint (n_cases (f), ==, 10000);
  g_assert_true (count_is (f, "10000 plans"));

  start = g_get_monotonic_time ();
  sort_by (f, ASSAY_CASELOAD_FIELD_TEAM, GTK_SORT_DESCENDING);
  g_test_message ("sorted by team in %.3f s", (g_get_monotonic_time () - start) / 1e6);

  start = g_get_monotonic_time ();
  choose_filter (f, ASSAY_CASELOAD_FIELD_TEAM, "West");
  choose_filter (f, ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, "Yes");
  g_test_message ("filtered in %.3f s", (g_get_monotonic_time () - start) / 1e6);
  /* Rows 9, 54, 99… 9999: in West (i % 5 == 4) and in care (i % 9 == 0) */
  g_assert_cmpuint (n_shown (f),
                    ==, 223);
  g_assert_true (count_is (f, "10000 plans, 223 shown"));
  activate (f, "clear-filters");

  /* Scrolled to the end, only the rows on screen have widgets */
  scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_parent (GTK_WIDGET (view)));
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  start = g_get_monotonic_time ();
  for (guint i = 1; i <= 10; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * i / 10);
      assay_gui_test_wait_drawn (GTK_WIDGET (view));
    }
  g_test_message ("scrolled through in %.3f s", (g_get_monotonic_time () - start) / 1e6);
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "caseload-large");
}

int
main (int   argc,
      char *argv[])
{
  assay_gui_test_init_page (&argc, &argv);

  g_test_add_func ("/caseload-page/templates", test_templates);
  g_test_add ("/caseload-page/no-session", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_no_session, fixture_teardown);
  g_test_add ("/caseload-page/empty", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_empty, fixture_teardown);
  g_test_add ("/caseload-page/import", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_import, fixture_teardown);
  g_test_add ("/caseload-page/rejected-rows", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_rejected_rows, fixture_teardown);
  g_test_add ("/caseload-page/mapping", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_mapping, fixture_teardown);
  g_test_add ("/caseload-page/dropped-columns", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_dropped_columns, fixture_teardown);
  g_test_add ("/caseload-page/not-a-caseload", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_not_a_caseload, fixture_teardown);
  g_test_add ("/caseload-page/sort", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_sort, fixture_teardown);
  g_test_add ("/caseload-page/filters", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_filters, fixture_teardown);
  g_test_add ("/caseload-page/start-audit", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_start_audit, fixture_teardown);
  g_test_add ("/caseload-page/file-chooser", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_file_chooser, fixture_teardown);
  g_test_add ("/caseload-page/progress", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_progress, fixture_teardown);
  g_test_add ("/caseload-page/cancel", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/caseload-page/lock", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_lock, fixture_teardown);
  g_test_add ("/caseload-page/large", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_large, fixture_teardown);

  return g_test_run ();
}
