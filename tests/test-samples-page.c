/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-samples-page"

#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "assay-application-private.h"
#include "assay-caseload.h"
#include "assay-gui-test-util.h"
#include "assay-sample-dialog-private.h"
#include "assay-samples-page-private.h"
#include "assay-test-util.h"
#include "assay-window-private.h"

#define N_PLANS 60
#define N_TEAMS 4

static const char * const teams[N_TEAMS] = { "North", "South", "East", "West" };
static const char * const plan_types[] = { "new", "annual-review", "phase-transfer", "amended" };
static const char * const phases[] = {
  "early-years", "primary", "secondary", "post-16", "post-19"
};
static const char * const needs[] = { "ASD", "SEMH", "SLCN", "MLD", "SpLD", "PD" };

typedef struct
{
  AssayTestEnv      env;
  char             *csv;
  AssayApplication *app;
  AssayVault       *vault;
  AssayWindow      *window;
  AssaySamplesPage *page;
} Fixture;

static gboolean
is_in_care (guint i)
{
  return i % 7 == 0;
}

/* A caseload big enough for strata to mean something, with counts the test
 * can work out: team by i % 4, plan type by i % 4 too, so both have 15. */
static char *
write_caseload (const char *dir)
{
  g_autoptr(GString) csv = g_string_new ("Case Reference,Plan Type,Date Issued,Locality,"
                                         "Case Officer,School Phase,Setting,Primary Need,CLA\r\n");
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "caseload.csv", NULL);

  for (guint i = 0; i < N_PLANS; i++)
    g_string_append_printf (csv, "EHC-%04u,%s,2025-%02u-%02u,%s,Officer %u,%s,%s,%s,%s\r\n",
                            2000 + i,
                            plan_types[(i / N_TEAMS + i) % G_N_ELEMENTS (plan_types)],
                            1 + i % 12, 1 + i % 28,
                            teams[i % N_TEAMS],
                            i % 5,
                            phases[i % G_N_ELEMENTS (phases)],
                            i % 3 == 0 ? "special" : "mainstream",
                            needs[i % G_N_ELEMENTS (needs)],
                            is_in_care (i) ? "Y" : "N");

  g_file_set_contents (path, csv->str, csv->len, &error);
  g_assert_no_error (error);

  return path;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  assay_test_env_set_up (&fixture->env, ASSAY_TEST_ENV_VAULT_SHUT);
  fixture->csv = write_caseload (fixture->env.dir);
  fixture->app = assay_gui_test_application_new (fixture->env.path);

  fixture->vault = assay_application_get_vault (fixture->app);
  fixture->window = assay_window_new (ADW_APPLICATION (fixture->app), fixture->vault);
  g_object_ref (fixture->window);
  gtk_window_present (GTK_WINDOW (fixture->window));

  /* The window follows the vault to its main view, which opens a session */
  assay_vault_unlock (fixture->vault, ASSAY_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_assay_window_get_visible_page (fixture->window), ==, "main");

  fixture->page = ASSAY_SAMPLES_PAGE (assay_gui_test_find_descendant (GTK_WIDGET (fixture->window),
                                                       ASSAY_TYPE_SAMPLES_PAGE));
  g_assert_nonnull (fixture->page);
  g_assert_nonnull (assay_samples_page_get_session (fixture->page));

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "main.show-page", "s", "samples");
  g_assert_cmpstr (assay_main_view_get_page (_assay_window_get_main_view (fixture->window)), ==,
                   "samples");
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  assay_gui_test_wait_idle ();
  g_clear_object (&fixture->app);
  g_clear_pointer (&fixture->csv, g_free);
  assay_test_env_tear_down (&fixture->env);
}

static AssayStore *
fixture_store (Fixture *fixture)
{
  return assay_session_get_store (assay_samples_page_get_session (fixture->page));
}

/* The way the caseload page does it: through core, then say so */
static void
import_caseload (Fixture *fixture)
{
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (assay_caseload_import (fixture_store (fixture), fixture->csv, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, N_PLANS);
  g_assert_cmpuint (result->rejected->len, ==, 0);

  assay_session_changed (assay_samples_page_get_session (fixture->page), "cases");
}

static AssaySampleDialog *
open_dialog (Fixture *fixture)
{
  AssaySampleDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "samples.draw", NULL);
  dialog = _assay_samples_page_get_dialog (fixture->page);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog))
                 == GTK_WINDOW (fixture->window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));

  return dialog;
}

static gboolean
dialog_gone (gpointer data)
{
  Fixture *fixture = data;

  return _assay_samples_page_get_dialog (fixture->page) == NULL;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child))
        n++;
    }

  return n;
}

/* Sets up the dialog for 12 plans, seed 4242, by team, two a team at least */
static void
fill_dialog (AssaySampleDialog *dialog)
{
  gtk_editable_set_text (_assay_sample_dialog_get_size_entry (dialog), "12");
  gtk_editable_set_text (_assay_sample_dialog_get_seed_entry (dialog), "4242");
  gtk_switch_set_active (_assay_sample_dialog_get_stratum_switch (dialog, "team"), TRUE);
  gtk_spin_button_set_value (_assay_sample_dialog_get_minimum_spin (dialog), 2);
}

static char *
draw (Fixture           *fixture,
      AssaySampleDialog *dialog)
{
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sample.draw", NULL);
  g_assert_true (assay_gui_test_wait_until (dialog_gone, fixture, 5000));

  return g_strdup (_assay_samples_page_get_selected (fixture->page));
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  AssaySampleDialog *dialog;

  g_assert_cmpstr (_assay_samples_page_get_state (fixture->page), ==, "empty");

  /* Nothing to draw from: the action is off and the dialog stays shut */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "samples.draw", NULL);
  g_assert_null (_assay_samples_page_get_dialog (fixture->page));

  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "samples-no-caseload");

  import_caseload (fixture);
  g_assert_cmpstr (_assay_samples_page_get_state (fixture->page), ==, "empty");

  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "samples-empty");

  /* The dialog opens on DOMAIN.md's usual rule, with a random seed */
  dialog = open_dialog (fixture);
  assay_gui_test_wait_drawn (GTK_WIDGET (dialog));
  g_assert_cmpstr (gtk_editable_get_text (_assay_sample_dialog_get_size_entry (dialog)), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (_assay_sample_dialog_get_seed_entry (dialog)), !=, "");
  g_assert_nonnull (_assay_sample_dialog_get_preview (dialog));
  g_assert_cmpuint (_assay_sample_dialog_get_preview (dialog)->size, ==, 6);
  g_assert_cmpuint (_assay_sample_dialog_get_preview (dialog)->eligible, ==, N_PLANS);
  g_assert_cmpstr (gtk_label_get_text (_assay_sample_dialog_get_size_label (dialog)), ==,
                   "6 Plans");

  /* Cancelling writes nothing */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  g_assert_true (assay_gui_test_wait_until (dialog_gone, fixture, 5000));
  {
    g_autoptr(GPtrArray) samples = assay_sample_list (fixture_store (fixture), NULL);

    g_assert_cmpuint (samples->len, ==, 0);
  }
  g_assert_cmpstr (_assay_samples_page_get_state (fixture->page), ==, "empty");
}

static void
test_preview (Fixture       *fixture,
              gconstpointer  data)
{
  AssaySampleDialog *dialog;
  const AssaySample *preview;
  GtkWidget *minimum;
  GtkWidget *size_entry;
  GtkWidget *seed_entry;
  GtkLabel *error_label;
  guint in_care = 0;
  guint annual_reviews = 0;

  for (guint i = 0; i < N_PLANS; i++)
    {
      in_care += is_in_care (i);
      annual_reviews += g_str_equal (plan_types[(i / N_TEAMS + i) % G_N_ELEMENTS (plan_types)],
                                     "annual-review");
    }

  import_caseload (fixture);
  dialog = open_dialog (fixture);
  minimum = GTK_WIDGET (_assay_sample_dialog_get_minimum_spin (dialog));
  size_entry = GTK_WIDGET (_assay_sample_dialog_get_size_entry (dialog));
  seed_entry = GTK_WIDGET (_assay_sample_dialog_get_seed_entry (dialog));

  /* Minimum per stratum waits for strata */
  g_assert_false (gtk_widget_get_sensitive (minimum));
  fill_dialog (dialog);
  g_assert_true (gtk_widget_get_sensitive (minimum));

  /* Four teams of 15: three from each */
  preview = _assay_sample_dialog_get_preview (dialog);
  g_assert_nonnull (preview);
  g_assert_cmpuint (preview->size, ==, 12);
  g_assert_cmpuint (preview->seed, ==, 4242);
  g_assert_cmpuint (preview->strata->len, ==, N_TEAMS);
  for (guint i = 0; i < preview->strata->len; i++)
    {
      AssaySampleStratum *stratum = g_ptr_array_index (preview->strata, i);

      g_assert_cmpuint (stratum->eligible, ==, N_PLANS / N_TEAMS);
      g_assert_cmpuint (stratum->sampled, ==, 3);
    }
  g_assert_cmpuint (count_rows (_assay_sample_dialog_get_strata_list (dialog)), ==, N_TEAMS);
  g_assert_cmpstr (gtk_label_get_text (_assay_sample_dialog_get_size_label (dialog)), ==,
                   "12 Plans");
  g_assert_cmpstr (gtk_label_get_text (_assay_sample_dialog_get_rule_label (dialog)), ==,
                   preview->rule);
  g_assert_nonnull (strstr (preview->rule, "team"));
  g_assert_nonnull (strstr (preview->rule, "4242"));

  assay_gui_test_screenshot (GTK_WIDGET (dialog), "sample-dialog");

  /* Team by phase: 4 × 5 strata, each of 3 plans */
  gtk_switch_set_active (_assay_sample_dialog_get_stratum_switch (dialog, "phase"), TRUE);
  preview = _assay_sample_dialog_get_preview (dialog);
  g_assert_cmpuint (preview->strata->len, ==, 20);
  g_assert_cmpuint (count_rows (_assay_sample_dialog_get_strata_list (dialog)), ==, 20);
  gtk_switch_set_active (_assay_sample_dialog_get_stratum_switch (dialog, "phase"), FALSE);

  /* Every child in care comes first; the rest of the twelve is drawn */
  gtk_switch_set_active (_assay_sample_dialog_get_in_care_switch (dialog), TRUE);
  preview = _assay_sample_dialog_get_preview (dialog);
  g_assert_cmpuint (preview->included, ==, in_care);
  g_assert_cmpuint (preview->size, ==, 12);
  gtk_switch_set_active (_assay_sample_dialog_get_in_care_switch (dialog), FALSE);

  /* Only annual reviews are eligible */
  adw_combo_row_set_selected (_assay_sample_dialog_get_plan_type_row (dialog), 2);
  preview = _assay_sample_dialog_get_preview (dialog);
  g_assert_cmpuint (preview->eligible, ==, annual_reviews);
  g_assert_nonnull (strstr (preview->rule, "annual-review"));
  adw_combo_row_set_selected (_assay_sample_dialog_get_plan_type_row (dialog), 0);

  /* A percentage */
  gtk_editable_set_text (_assay_sample_dialog_get_size_entry (dialog), "25%");
  g_assert_cmpuint (_assay_sample_dialog_get_preview (dialog)->size, ==, 15);

  /* Nonsense is said so, and cannot be drawn */
  gtk_editable_set_text (_assay_sample_dialog_get_size_entry (dialog), "a dozen");
  g_assert_null (_assay_sample_dialog_get_preview (dialog));
  error_label = _assay_sample_dialog_get_error_label (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_true (gtk_widget_has_css_class (size_entry, "error"));
  g_assert_cmpstr (gtk_label_get_text (error_label), !=, "");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sample.draw", NULL);
  g_assert_nonnull (_assay_samples_page_get_dialog (fixture->page));

  assay_gui_test_screenshot (GTK_WIDGET (dialog), "sample-dialog-error");

  gtk_editable_set_text (_assay_sample_dialog_get_size_entry (dialog), "12");
  gtk_editable_set_text (_assay_sample_dialog_get_seed_entry (dialog), "not a seed");
  g_assert_null (_assay_sample_dialog_get_preview (dialog));
  g_assert_true (gtk_widget_has_css_class (seed_entry, "error"));
  gtk_editable_set_text (_assay_sample_dialog_get_seed_entry (dialog), "4242");
  g_assert_nonnull (_assay_sample_dialog_get_preview (dialog));
  g_assert_false (gtk_widget_has_css_class (seed_entry, "error"));

  /* A new random seed is a new preview */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sample.new-seed", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (seed_entry)), !=, "4242");

  /* Still nothing in the store */
  {
    g_autoptr(GPtrArray) samples = assay_sample_list (fixture_store (fixture), NULL);

    g_assert_cmpuint (samples->len, ==, 0);
  }

  /* Locking (say, when idle) takes the dialog and its plans away */
  assay_vault_lock (fixture->vault);
  g_assert_true (assay_gui_test_wait_until (dialog_gone, fixture, 5000));
}

static void
test_draw (Fixture       *fixture,
           gconstpointer  data)
{
  AssaySampleDialog *dialog;
  g_autoptr(AssaySample) first = NULL;
  g_autoptr(AssaySample) second = NULL;
  g_autoptr(GPtrArray) previewed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *rule = NULL;
  GListModel *plans = _assay_samples_page_get_plans (fixture->page);
  GtkSingleSelection *listed = _assay_samples_page_get_samples (fixture->page);
  GtkListView *plans_list = _assay_samples_page_get_plans_list (fixture->page);
  const AssaySample *preview;
  GtkWidget *button;
  GVariant *target;

  import_caseload (fixture);

  dialog = open_dialog (fixture);
  fill_dialog (dialog);
  preview = _assay_sample_dialog_get_preview (dialog);
  rule = g_strdup (preview->rule);
  for (guint i = 0; i < preview->cases->len; i++)
    g_ptr_array_add (previewed, g_strdup (g_ptr_array_index (preview->cases, i)));

  first_id = draw (fixture, dialog);
  g_assert_nonnull (first_id);
  g_assert_cmpstr (_assay_samples_page_get_state (fixture->page), ==, "samples");

  /* What was previewed is what was saved */
  first = assay_sample_load (fixture_store (fixture), first_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->seed, ==, 4242);
  g_assert_cmpuint (first->size, ==, 12);
  g_assert_cmpstr (first->rule, ==, rule);
  g_assert_cmpuint (first->cases->len, ==, previewed->len);
  for (guint i = 0; i < previewed->len; i++)
    g_assert_cmpstr (g_ptr_array_index (first->cases, i), ==, g_ptr_array_index (previewed, i));

  /* The page lists it, selected, with its plans ready to audit */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (listed)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (plans), ==, 12);
  for (guint i = 0; i < 12; i++)
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (plans), i), ==,
                     g_ptr_array_index (first->cases, i));
  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));
  button = assay_gui_test_find_descendant (GTK_WIDGET (plans_list), GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                   "main.start-audit");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, g_ptr_array_index (first->cases, 0));
  g_assert_true (gtk_widget_get_sensitive (button));

  /* Enter on a plan starts its audit: the main view asks how, in a dialog */
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    guint before = g_list_model_get_n_items (toplevels);
    GtkWindow *asked = NULL;

    g_signal_emit_by_name (plans_list, "activate", 0);
    g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 1);

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

        if (gtk_window_get_transient_for (toplevel) == GTK_WINDOW (fixture->window))
          asked = toplevel;
      }
    g_assert_nonnull (asked);
    gtk_window_destroy (asked);
  }

  assay_gui_test_screenshot (GTK_WIDGET (fixture->window), "samples");

  /* The same seed and settings give the same plans */
  dialog = open_dialog (fixture);
  fill_dialog (dialog);
  second_id = draw (fixture, dialog);
  g_assert_cmpstr (second_id, !=, first_id);

  second = assay_sample_load (fixture_store (fixture), second_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->seed, ==, 4242);
  g_assert_cmpstr (second->rule, ==, first->rule);
  g_assert_cmpuint (second->cases->len, ==, first->cases->len);
  for (guint i = 0; i < first->cases->len; i++)
    g_assert_cmpstr (g_ptr_array_index (second->cases, i), ==,
                     g_ptr_array_index (first->cases, i));

  samples = assay_sample_list (fixture_store (fixture), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (samples->len, ==, 2);

  /* Newest first, and the new one is selected */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (listed)), ==, 2);
  g_assert_cmpuint (gtk_single_selection_get_selected (listed), ==, 0);

  /* Choosing the older one shows its plans */
  gtk_single_selection_set_selected (listed, 1);
  g_assert_cmpstr (_assay_samples_page_get_selected (fixture->page), ==, first_id);

  /* Locking drops every decrypted plan from the page */
  assay_vault_lock (fixture->vault);
  g_assert_null (assay_samples_page_get_session (fixture->page));
  g_assert_cmpuint (g_list_model_get_n_items (plans), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (listed)), ==, 0);
}

/* Another page's write shows up here without a restart */
static void
test_refresh (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (7);
  g_autoptr(AssaySample) sample = NULL;
  g_autoptr(GError) error = NULL;

  import_caseload (fixture);
  sample = assay_sample_create (fixture_store (fixture), spec, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_assay_samples_page_get_state (fixture->page), ==, "empty");

  assay_session_changed (assay_samples_page_get_session (fixture->page), "samples");
  g_assert_cmpstr (_assay_samples_page_get_state (fixture->page), ==, "samples");
  g_assert_cmpstr (_assay_samples_page_get_selected (fixture->page), ==, sample->id);
  g_assert_cmpuint (g_list_model_get_n_items (_assay_samples_page_get_plans (fixture->page)), ==,
                    sample->size);
}

static void
collect_plan_rows (GtkWidget *widget,
                   GPtrArray *rows)
{
  /* A plan's row: its words, then its Start Audit button */
  if (GTK_IS_BOX (widget) && GTK_IS_BUTTON (gtk_widget_get_last_child (widget)) &&
      GTK_IS_BOX (gtk_widget_get_first_child (widget)))
    {
      g_ptr_array_add (rows, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_plan_rows (child, rows);
}

/* Unlocked on another page, the samples are read when this one is shown;
 * each plan row on screen is then named for a screen reader */
static void
test_loads_when_shown (Fixture       *fixture,
                       gconstpointer  data)
{
  AssayMainView *main_view = _assay_window_get_main_view (fixture->window);
  g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (7);
  g_autoptr(AssaySample) sample = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GListModel *plans = _assay_samples_page_get_plans (fixture->page);
  GListModel *listed = G_LIST_MODEL (_assay_samples_page_get_samples (fixture->page));

  assay_main_view_set_page (main_view, "caseload");
  import_caseload (fixture);
  sample = assay_sample_create (fixture_store (fixture), spec, &error);
  g_assert_no_error (error);
  assay_session_changed (assay_samples_page_get_session (fixture->page), "samples");
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (plans), ==, 0);

  assay_main_view_set_page (main_view, "samples");
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (plans), ==, sample->size);

  assay_gui_test_wait_drawn (GTK_WIDGET (fixture->window));
  collect_plan_rows (GTK_WIDGET (_assay_samples_page_get_plans_list (fixture->page)), rows);
  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *text = gtk_widget_get_first_child (rows->pdata[i]);
      GtkWidget *title = gtk_widget_get_first_child (text);
      GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
      g_autofree char *name = NULL;
      g_autofree char *problem = NULL;

      if (!gtk_widget_get_visible (gtk_widget_get_parent (rows->pdata[i])))
        continue;
      g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (title)), "EHC-"));
      name = g_strdup_printf ("%s, %s", gtk_label_get_text (GTK_LABEL (title)),
                              gtk_label_get_text (GTK_LABEL (subtitle)));
      problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (rows->pdata[i]),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name);
      g_assert_null (problem);
    }
}

int
main (int   argc,
      char *argv[])
{
  assay_gui_test_init (&argc, &argv);

  g_test_add ("/samples-page/empty", Fixture, NULL,
              fixture_setup, test_empty, fixture_teardown);
  g_test_add ("/samples-page/preview", Fixture, NULL,
              fixture_setup, test_preview, fixture_teardown);
  g_test_add ("/samples-page/draw", Fixture, NULL,
              fixture_setup, test_draw, fixture_teardown);
  g_test_add ("/samples-page/refresh", Fixture, NULL,
              fixture_setup, test_refresh, fixture_teardown);
  g_test_add ("/samples-page/loads-when-shown", Fixture, NULL,
              fixture_setup, test_loads_when_shown, fixture_teardown);

  return g_test_run ();
}
