/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-caseload-page"

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "assay-application-private.h"
#include "assay-caseload-item.h"
#include "assay-caseload-page-private.h"
#include "assay-caseload.h"
#include "assay-main-view.h"
#include "assay-synth.h"
#include "assay-window-private.h"
#include "bench-frames.h"

/*
 * Prints how quickly the Caseload page answers on a large caseload: the
 * real window, unlocked on a real encrypted store holding N synthetic
 * plans, on the display it runs under. Each figure runs from the change
 * (unlock, search text, filter, sort, scroll) to the end of the next frame
 * the window paints, which is when a moderator sees the result; the time
 * the change itself took, before any drawing, is shown beside it.
 *
 * Usage: bench-caseload-page [N] [REPETITIONS] [PART…] (default 10000
 * plans, 5 repetitions, and every part: load, search, filter, sort, scroll).
 * Needs a display: xvfb-run -a -s "-screen 0 1280x800x24" (meson
 * benchmarks run it with GSK_RENDERER=cairo, as the GUI tests do).
 */

#define PASSPHRASE "benchmark passphrase"
#define WAIT_MS 30000

typedef struct
{
  char   *name;
  GArray *change_us;   /* of gint64 */
  GArray *paint_us;    /* of gint64 */
  guint   rows;        /* rows shown afterwards */
} Row;

typedef struct
{
  AssayVault        *vault;
  AssayWindow       *window;
  AssayCaseloadPage *page;
  BenchFrames        frames;

  /* When the vault last said it was unlocked */
  gint64             unlocked_us;

  /* The search entry waits for typing to pause: time from when it acts */
  BenchSearch        search;

  GPtrArray         *rows;
} Bench;

static void
row_free (Row *row)
{
  g_free (row->name);
  g_array_unref (row->change_us);
  g_array_unref (row->paint_us);
  g_free (row);
}

static Row *
get_row (Bench      *bench,
         const char *name)
{
  Row *row;

  for (guint i = 0; i < bench->rows->len; i++)
    {
      row = g_ptr_array_index (bench->rows, i);
      if (g_str_equal (row->name, name))
        return row;
    }

  row = g_new0 (Row, 1);
  row->name = g_strdup (name);
  row->change_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  row->paint_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_ptr_array_add (bench->rows, row);

  return row;
}

static guint
n_shown (Bench *bench)
{
  return g_list_model_get_n_items (G_LIST_MODEL (_assay_caseload_page_get_selection (bench->page)));
}

static void
record (Bench      *bench,
        const char *name,
        gint64      start_us,
        gint64      changed_us,
        gint64      painted_us)
{
  Row *row = get_row (bench, name);
  gint64 change = changed_us - start_us;
  gint64 paint = painted_us > 0 ? painted_us - start_us : -1;

  g_array_append_val (row->change_us, change);
  g_array_append_val (row->paint_us, paint);
  row->rows = n_shown (bench);
}

/* A synchronous change: what clicking a header or choosing a filter does */
typedef void (*Change) (Bench    *bench,
                        gpointer  data);

static void
measure (Bench      *bench,
         const char *name,
         Change      change,
         gpointer    data)
{
  gint64 start, changed, shown;

  bench_frames_settle (&bench->frames);
  start = g_get_monotonic_time ();
  change (bench, data);
  changed = g_get_monotonic_time ();
  bench_frames_mark (&bench->frames);
  shown = bench_frames_wait (&bench->frames);
  record (bench, name, start, changed, shown);
}

static void
search (Bench      *bench,
        const char *name,
        const char *text)
{
  gint64 shown = bench_search_run (&bench->search, text);

  record (bench, name, bench->search.started_us, bench->search.done_us, shown);
}

typedef struct
{
  AssayCaseloadField field;
  GtkSortType        order;
} SortBy;

static void
sort_change (Bench    *bench,
             gpointer  data)
{
  SortBy *sort = data;

  /* What a click on the column's header does */
  gtk_column_view_sort_by_column (_assay_caseload_page_get_column_view (bench->page),
                                  _assay_caseload_page_get_column (bench->page, sort->field),
                                  sort->order);
}

typedef struct
{
  GtkDropDown *dropdown;
  guint        selected;
} Choose;

static void
choose_change (Bench    *bench,
               gpointer  data)
{
  Choose *choose = data;

  gtk_drop_down_set_selected (choose->dropdown, choose->selected);
}

typedef struct
{
  GtkAdjustment *adjustment;
  double         value;
} Scroll;

static void
scroll_change (Bench    *bench,
               gpointer  data)
{
  Scroll *scroll = data;

  gtk_adjustment_set_value (scroll->adjustment, scroll->value);
}

static void
unlock_change (Bench    *bench,
               gpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!assay_vault_unlock (bench->vault, PASSPHRASE, &error))
    g_error ("Could not unlock: %s", error->message);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
stats (GArray *values,
       double *median_ms,
       double *max_ms)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  guint n = sorted->len;

  g_array_sort (sorted, compare_gint64);
  if (n % 2 == 1)
    *median_ms = g_array_index (sorted, gint64, n / 2) / 1000.0;
  else
    *median_ms = (g_array_index (sorted, gint64, n / 2 - 1) +
                  g_array_index (sorted, gint64, n / 2)) / 2000.0;
  *max_ms = g_array_index (sorted, gint64, n - 1) / 1000.0;
}

static char *
cpu_model (void)
{
  g_autofree char *cpuinfo = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    return g_strdup ("unknown CPU");

  lines = g_strsplit (cpuinfo, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "model name"))
      {
        const char *colon = strchr (lines[i], ':');

        if (colon != NULL)
          return g_strstrip (g_strdup (colon + 1));
      }

  return g_strdup ("unknown CPU");
}

static void
print_table (Bench *bench,
             guint  n_plans,
             guint  repetitions)
{
  g_autofree char *cpu = cpu_model ();
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (bench->window));
  GtkSearchEntry *entry = _assay_caseload_page_get_search_entry (bench->page);

  g_print ("\nCaseload page: %u plans, %u repetitions\n", n_plans, repetitions);
  g_print ("machine: %u CPUs (%s); GTK %u.%u.%u, libadwaita %u.%u.%u, GLib %u.%u.%u; "
           "%s, %s; window %d×%d\n",
           g_get_num_processors (), cpu,
           gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
           adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
           glib_major_version, glib_minor_version, glib_micro_version,
           G_OBJECT_TYPE_NAME (renderer),
           G_OBJECT_TYPE_NAME (gtk_widget_get_display (GTK_WIDGET (bench->window))),
           gtk_widget_get_width (GTK_WIDGET (bench->window)),
           gtk_widget_get_height (GTK_WIDGET (bench->window)));
  g_print ("change: the change itself (filter, sort, model updates); painted: from the "
           "change to the end of the next frame.\n");
  g_print ("Searches count from when the entry acts, after its %u ms pause for typing.\n\n",
           gtk_search_entry_get_search_delay (entry));

  g_print ("%-44s %6s  %8s %8s  %8s %8s\n", "", "", "change", "(ms)", "painted", "(ms)");
  g_print ("%-44s %6s  %8s %8s  %8s %8s\n", "operation", "rows", "median", "max", "median", "max");
  for (guint i = 0; i < bench->rows->len; i++)
    {
      Row *row = g_ptr_array_index (bench->rows, i);
      double change_median, change_max, paint_median, paint_max;

      stats (row->change_us, &change_median, &change_max);
      stats (row->paint_us, &paint_median, &paint_max);
      /* Pad by characters, not bytes: the names hold arrows */
      g_print ("%s%*s %6u  %8.1f %8.1f", row->name, 44 - (int) g_utf8_strlen (row->name, -1),
               "", row->rows, change_median, change_max);
      /* The parts of the load are not drawn on their own */
      if (paint_max >= 0)
        g_print ("  %8.1f %8.1f\n", paint_median, paint_max);
      else
        g_print ("  %8s %8s\n", "–", "–");
    }
}

/* The caseload goes in as a council export would, through the import */
static void
create_vault (const char *path,
              const char *dir,
              guint       n_plans)
{
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssaySecureString) key = NULL;
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = g_build_filename (dir, "caseload.csv", NULL);
  g_autofree char *csv = NULL;
  AssayKdfParams params;
  gsize len;
  gint64 start;

  database = assay_database_open (path, &error);
  g_assert_no_error (error);
  vault = assay_vault_new (database);
  /* Quick to make; the first unlock raises the key derivation to the
   * default, as for any vault, and the table shows its cost on a row of
   * its own */
  assay_kdf_params_init_fast (&params);
  assay_vault_create (vault, PASSPHRASE, &params, NULL, NULL, &key, &error);
  g_assert_no_error (error);
  store = assay_store_new (vault);

  csv = assay_synth_caseload_csv (n_plans, 1, &len);
  if (!g_file_set_contents (csv_path, csv, (gssize) len, &error))
    g_error ("%s", error->message);

  start = g_get_monotonic_time ();
  if (!assay_caseload_import (store, csv_path, &result, &error))
    g_error ("%s", error->message);
  g_print ("import: %u plans added in %.2f s (%u rejected)\n", result->added,
           (g_get_monotonic_time () - start) / 1e6, result->rejected->len);
  if (result->added != n_plans)
    g_error ("Only %u of the %u synthetic plans were imported", result->added, n_plans);

  g_unlink (csv_path);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* What unlocking costs the page, part by part, on the same store */
static void
measure_parts (Bench *bench)
{
  AssaySession *session = assay_caseload_page_get_session (bench->page);
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  gint64 start, read, built;

  start = g_get_monotonic_time ();
  cases = assay_caseload_list (assay_session_get_store (session), &error);
  g_assert_no_error (error);
  read = g_get_monotonic_time ();
  for (guint i = 0; i < cases->len; i++)
    g_ptr_array_add (items, assay_caseload_item_new (g_ptr_array_index (cases, i)));
  built = g_get_monotonic_time ();

  record (bench, "  of which: read and decrypt the store", start, read, 0);
  record (bench, "  of which: make the list's items", read, built, 0);
}

/* Connected before the window is made, so it runs before the window's
 * handler, which is where the pages load */
static void
on_vault_locked_changed (Bench *bench)
{
  if (!assay_vault_get_locked (bench->vault))
    bench->unlocked_us = g_get_monotonic_time ();
}

/* The passphrase's key derivation is the unlock's fixed cost, whatever the
 * caseload (bench-kdf measures it): what follows it is the page's */
static void
run_load (Bench *bench)
{
  gint64 start, changed, shown;

  assay_vault_lock (bench->vault);
  bench_wait_for_page (GTK_WIDGET (bench->window), "unlock", WAIT_MS);
  bench_frames_settle (&bench->frames);

  bench->unlocked_us = 0;
  start = g_get_monotonic_time ();
  unlock_change (bench, NULL);
  changed = g_get_monotonic_time ();
  bench_frames_mark (&bench->frames);
  shown = bench_frames_wait (&bench->frames);
  g_assert_cmpint (bench->unlocked_us, >, 0);

  record (bench, "unlock: passphrase key derivation", start, bench->unlocked_us, 0);
  record (bench, "unlock: keys → list painted", bench->unlocked_us, changed, shown);
  if (g_strcmp0 (_assay_window_get_visible_page (bench->window), "main") != 0 ||
      g_strcmp0 (_assay_caseload_page_get_state (bench->page), "rows") != 0)
    g_error ("The caseload is not on screen after unlocking");
  measure_parts (bench);
}

static void
run_searches (Bench *bench)
{
  /* A team, an officer, a year of case references, two letters of a
   * name, one letter (nearly everything), and nothing at all */
  static const char * const queries[] = {
    "north", "patel", "ehc-2019", "zo", "e", "no such plan",
  };
  static const char * const typing[] = { "e", "ev", "eva", "evan", "evans" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *name = g_strdup_printf ("search “%s”", queries[i]);

      search (bench, name, queries[i]);
      search (bench, "search cleared", "");
    }

  /* One letter at a time, each after a pause, then back */
  for (guint i = 0; i < G_N_ELEMENTS (typing); i++)
    {
      g_autofree char *name = g_strdup_printf ("typing “%s”", typing[i]);

      search (bench, name, typing[i]);
    }
  for (guint i = G_N_ELEMENTS (typing) - 1; i > 0; i--)
    {
      g_autofree char *name = g_strdup_printf ("deleting to “%s”", typing[i - 1]);

      search (bench, name, typing[i - 1]);
    }
  search (bench, "search cleared", "");
}

static void
run_filters (Bench *bench)
{
  static const AssayCaseloadField fields[] = {
    ASSAY_CASELOAD_FIELD_TEAM,
    ASSAY_CASELOAD_FIELD_PHASE,
    ASSAY_CASELOAD_FIELD_PRIMARY_NEED,
    ASSAY_CASELOAD_FIELD_PLAN_TYPE,
    ASSAY_CASELOAD_FIELD_CHILD_IN_CARE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *field = assay_caseload_field_get_name (fields[i]);
      GtkDropDown *dropdown = _assay_caseload_page_get_filter (bench->page, fields[i]);
      GListModel *labels = gtk_drop_down_get_model (dropdown);
      /* The first value after "All": the most common need, "Yes" in care */
      Choose on = { dropdown, 1 };
      Choose off = { dropdown, 0 };
      g_autofree char *on_name = NULL;
      g_autofree char *off_name = NULL;

      on_name = g_strdup_printf ("filter %s: %s", field,
                                 gtk_string_list_get_string (GTK_STRING_LIST (labels), 1));
      /* "SEMH – Social, emotional…" is too long for the table */
      if (g_utf8_strlen (on_name, -1) > 40)
        {
          char *end = g_utf8_offset_to_pointer (on_name, 39);

          strcpy (end, "…");
        }
      off_name = g_strdup_printf ("filter %s: all", field);

      measure (bench, on_name, choose_change, &on);
      measure (bench, off_name, choose_change, &off);
    }
}

static void
run_sorts (Bench *bench)
{
  for (guint field = 0; field < ASSAY_CASELOAD_N_FIELDS; field++)
    {
      GtkColumnViewColumn *column = _assay_caseload_page_get_column (bench->page, field);
      const char *title = gtk_column_view_column_get_title (column);
      SortBy ascending = { field, GTK_SORT_ASCENDING };
      SortBy descending = { field, GTK_SORT_DESCENDING };
      g_autofree char *up = g_strdup_printf ("sort by %s ↑", title);
      g_autofree char *down = g_strdup_printf ("sort by %s ↓", title);

      measure (bench, up, sort_change, &ascending);
      measure (bench, down, sort_change, &descending);
    }

  /* Back to the order the page opens in */
  sort_change (bench, &(SortBy) { ASSAY_CASELOAD_FIELD_CASE_REF, GTK_SORT_ASCENDING });
}

static void
run_scrolls (Bench *bench)
{
  GtkWidget *view = GTK_WIDGET (_assay_caseload_page_get_column_view (bench->page));
  GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (view,
                                                                              GTK_TYPE_SCROLLED_WINDOW));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  Scroll scroll = { adjustment, 0 };

  scroll_change (bench, &scroll);
  bench_frames_settle (&bench->frames);

  for (guint i = 0; i < 10; i++)
    {
      scroll.value = gtk_adjustment_get_value (adjustment) +
                     gtk_adjustment_get_page_size (adjustment);
      measure (bench, "scroll down a page", scroll_change, &scroll);
    }

  scroll.value = (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment)) / 2;
  measure (bench, "jump to the middle", scroll_change, &scroll);
  scroll.value = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  measure (bench, "jump to the end", scroll_change, &scroll);
  scroll.value = 0;
  measure (bench, "jump to the top", scroll_change, &scroll);
}

int
main (int    argc,
      char **argv)
{
  guint n_plans = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  guint repetitions = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 5;
  /* Some parts only, to profile them: "load", "search", "filter"… */
  char **sections = argc > 3 ? argv + 3 : NULL;
  static const struct {
    const char *name;
    void (*run) (Bench *bench);
  } parts[] = {
    { "load", run_load },
    { "search", run_searches },
    { "filter", run_filters },
    { "sort", run_sorts },
    { "scroll", run_scrolls },
  };
  g_autofree char *dir = g_dir_make_tmp ("assay-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "assay.db", NULL);
  g_autoptr(AssayApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  Bench bench = { 0 };
  AssayMainView *main_view;

  gtk_init ();
  adw_init ();
  /* Settled screens: a transition would only add its own duration */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  create_vault (path, dir, n_plans);

  app = assay_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  _assay_application_set_database_path (app, path);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  bench.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  bench.vault = assay_application_get_vault (app);
  g_signal_connect_swapped (bench.vault, "notify::locked",
                            G_CALLBACK (on_vault_locked_changed), &bench);
  bench.window = assay_window_new (ADW_APPLICATION (app), bench.vault);
  gtk_window_set_default_size (GTK_WINDOW (bench.window), 1200, 760);
  gtk_window_present (GTK_WINDOW (bench.window));
  bench_wait_for_page (GTK_WIDGET (bench.window), "unlock", WAIT_MS);

  bench_frames_watch (&bench.frames, GTK_WIDGET (bench.window), WAIT_MS);
  bench_frames_settle (&bench.frames);

  unlock_change (&bench, NULL);
  bench_wait_for_page (GTK_WIDGET (bench.window), "main", WAIT_MS);
  main_view = ASSAY_MAIN_VIEW (bench_find_descendant (GTK_WIDGET (bench.window),
                                                      ASSAY_TYPE_MAIN_VIEW));
  assay_main_view_set_page (main_view, "caseload");
  bench.page = ASSAY_CASELOAD_PAGE (bench_find_descendant (GTK_WIDGET (main_view),
                                                           ASSAY_TYPE_CASELOAD_PAGE));
  g_assert_nonnull (bench.page);

  bench_search_watch (&bench.search, &bench.frames,
                      _assay_caseload_page_get_search_entry (bench.page));

  for (guint rep = 0; rep < repetitions; rep++)
    {
      g_printerr ("repetition %u of %u\n", rep + 1, repetitions);
      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        if (sections == NULL || g_strv_contains ((const char * const *) sections, parts[i].name))
          parts[i].run (&bench);
    }

  print_table (&bench, n_plans, repetitions);

  bench_search_unwatch (&bench.search);
  g_signal_handlers_disconnect_by_data (bench.vault, &bench);
  bench_frames_unwatch (&bench.frames);
  gtk_window_destroy (GTK_WINDOW (bench.window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&bench.rows, g_ptr_array_unref);
  g_clear_object (&app);
  remove_tree (dir);

  return 0;
}
