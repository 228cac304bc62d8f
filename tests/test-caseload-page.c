/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-caseload-page"

#include "config.h"

#include <string.h>

#include "assay-caseload-import-dialog-private.h"
#include "assay-caseload-item.h"
#include "assay-gui-test-util.h"
#include "assay-test-util.h"
#include "caseload-page-test-fixture.h"

/*
 * The Caseload page's list: its states, sorting, filters and search, starting
 * an audit, locking, and a large caseload.
 */

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

  /* A search shows its matches from the top, not from where the list was */
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  assay_gui_test_search (GTK_EDITABLE (_assay_caseload_page_get_search_entry (f->page)), "LA-01");
  g_assert_cmpuint (n_shown (f), ==, 1000);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
}

static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (labels, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

/* The case reference a row starts with names its plan to a screen reader,
 * and names the next plan when the row is recycled for it */
static void
check_plan_names (Fixture *f,
                  guint    expected)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GListModel *cases = _assay_caseload_page_get_cases (f->page);
  guint named = 0;

  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
  collect_labels (GTK_WIDGET (_assay_caseload_page_get_column_view (f->page)), labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      const char *text = gtk_label_get_text (GTK_LABEL (label));

      if (!g_str_has_prefix (text, "EHC-") || !gtk_widget_get_mapped (label))
        continue;

      for (guint n = 0; n < g_list_model_get_n_items (cases); n++)
        {
          g_autoptr(AssayCaseloadItem) item = g_list_model_get_item (cases, n);
          g_autofree char *plan_type = NULL;
          g_autofree char *phase = NULL;
          g_autofree char *name = NULL;
          g_autofree char *problem = NULL;

          if (g_strcmp0 (assay_caseload_item_get_case_ref (item), text) != 0)
            continue;

          plan_type = assay_caseload_value_to_label (ASSAY_CASELOAD_FIELD_PLAN_TYPE,
                                                     assay_caseload_item_get_value (item,
                                                       ASSAY_CASELOAD_FIELD_PLAN_TYPE));
          phase = assay_caseload_value_to_label (ASSAY_CASELOAD_FIELD_PHASE,
                                                 assay_caseload_item_get_value (item,
                                                   ASSAY_CASELOAD_FIELD_PHASE));
          name = g_strdup_printf ("%s, %s, %s, %s, %s", text, plan_type,
                                  assay_caseload_item_get_value (item, ASSAY_CASELOAD_FIELD_TEAM),
                                  phase,
                                  assay_caseload_item_get_value (item,
                                                                 ASSAY_CASELOAD_FIELD_PRIMARY_NEED));
          problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (label),
                                                        GTK_ACCESSIBLE_PROPERTY_LABEL, name);
          g_assert_null (problem);
          named++;
        }
    }

  g_assert_cmpuint (named, ==, expected);
}

static void
test_accessible_names (Fixture       *f,
                       gconstpointer  data)
{
  import_fixture (f, "utf8.csv");
  check_plan_names (f, 8);

  search_for (f, "EHC-1005", "EHC-1005");
  check_plan_names (f, 1);
}

/* A page not on screen reads nothing until it is shown */
static void
test_loads_when_shown (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (assay_caseload_import (assay_session_get_store (f->session),
                                        g_test_get_filename (G_TEST_DIST, "fixtures", "caseload",
                                                             "utf8.csv", NULL),
                                        &result, &error));
  g_assert_no_error (error);

  gtk_widget_set_visible (GTK_WIDGET (f->page), FALSE);
  assay_caseload_page_set_session (f->page, f->session);
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
  g_assert_cmpuint (n_cases (f), ==, 0);

  gtk_widget_set_visible (GTK_WIDGET (f->page), TRUE);
  g_assert_cmpuint (n_cases (f), ==, 8);
  g_assert_cmpstr (_assay_caseload_page_get_state (f->page), ==, "rows");
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
  g_test_add ("/caseload-page/sort", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_sort, fixture_teardown);
  g_test_add ("/caseload-page/filters", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_filters, fixture_teardown);
  g_test_add ("/caseload-page/start-audit", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_start_audit, fixture_teardown);
  g_test_add ("/caseload-page/lock", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_lock, fixture_teardown);
  g_test_add ("/caseload-page/accessible-names", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_accessible_names, fixture_teardown);
  g_test_add ("/caseload-page/loads-when-shown", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_loads_when_shown, fixture_teardown);
  g_test_add ("/caseload-page/large", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_large, fixture_teardown);

  return g_test_run ();
}
