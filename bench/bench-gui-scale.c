/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-gui-scale"

#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "assay-application-private.h"
#include "assay-audits-page-private.h"
#include "assay-main-view.h"
#include "assay-window-private.h"
#include "bench-frames.h"

/*
 * The two GUI figures of build-aux/bench.sh, on a vault bench-generate
 * made (a copy: the window may write to it), in the real window on the
 * display it runs under:
 *
 *   gui-unlock  from the end of the passphrase's key derivation to the end
 *               of the first frame of the main view, with the derivation
 *               itself (kdf_ms) and the resident memory once that frame is
 *               painted (rss_mb, the highest of the runs)
 *   gui-filter  on My Audits, once its audits are all read, from when the
 *               search entry acts on a query (after its pause for typing)
 *               to the end of the frame that shows the filtered list
 *
 * The main view opens on the Caseload page, which is read when it is first
 * shown, before that frame; the other pages are read when first shown (My
 * Audits in the background, its rows filling in), which is said on stderr
 * and not part of either figure.
 *
 * Usage: bench-gui-scale VAULT.db N [RUNS] (default 3); ASSAY_PASSPHRASE
 * unlocks the vault. Prints one bench.sh line for each.
 */

#define WAIT_MS (30 * 60 * 1000)

typedef struct
{
  AssayVault      *vault;
  AssayWindow     *window;
  AssayAuditsPage *page;
  BenchFrames      frames;
  const char      *passphrase;

  BenchSearch      search;
  gint64           unlocked_us;
} Bench;

/* Connected before the window is made, so it runs before the window's
 * handler, where the pages load */
static void
on_vault_locked_changed (Bench *bench)
{
  if (!assay_vault_get_locked (bench->vault))
    bench->unlocked_us = g_get_monotonic_time ();
}

static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;

  return g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;
}

static void
add (GArray *values,
     double  value)
{
  g_array_append_val (values, value);
}

/* Unlocks and waits for the end of the main view's first frame */
static void
unlock (Bench  *bench,
        GArray *kdf,
        GArray *shown,
        double *rss)
{
  g_autoptr(GError) error = NULL;
  gint64 start, done;

  bench_frames_settle (&bench->frames);
  bench->unlocked_us = 0;
  start = g_get_monotonic_time ();
  if (!assay_vault_unlock (bench->vault, bench->passphrase, &error))
    g_error ("Could not unlock: %s", error->message);
  /* The pages have loaded: the next frame shows them */
  bench_frames_mark (&bench->frames);
  done = bench_frames_wait (&bench->frames);
  g_assert_cmpint (bench->unlocked_us, >, 0);
  if (g_strcmp0 (_assay_window_get_visible_page (bench->window), "main") != 0)
    g_error ("The main view is not on screen after unlocking");

  add (kdf, (bench->unlocked_us - start) / 1000.0);
  add (shown, (done - bench->unlocked_us) / 1000.0);
  *rss = MAX (*rss, rss_mb ());
}

static gboolean
audits_read (gpointer data)
{
  Bench *bench = data;

  return !_assay_audits_page_get_loading (bench->page);
}

static double
search (Bench      *bench,
        const char *text)
{
  gint64 shown = bench_search_run (&bench->search, text);

  return (shown - bench->search.started_us) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  /* A year of case references, then a framework's name: each narrows
   * thousands of audits to some */
  static const char * const queries[] = { "ehc-2019", "review", "advice" };
  g_autoptr(AssayApplication) app = NULL;
  g_autoptr(GArray) kdf = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) filter = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  Bench bench = { 0 };
  AssayMainView *main_view;
  const char *n;
  double rss = 0;
  guint runs;

  bench.passphrase = g_getenv ("ASSAY_PASSPHRASE");
  if (argc < 3 || bench.passphrase == NULL)
    {
      g_printerr ("Usage: ASSAY_PASSPHRASE=… bench-gui-scale VAULT.db N [RUNS]\n");
      return 1;
    }
  n = argv[2];
  runs = argc > 3 ? MAX ((guint) g_ascii_strtoull (argv[3], NULL, 10), 1) : 3;

  gtk_init ();
  adw_init ();
  /* Settled screens: a transition would only add its own duration */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = assay_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  _assay_application_set_database_path (app, argv[1]);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  bench.vault = assay_application_get_vault (app);
  g_signal_connect_swapped (bench.vault, "notify::locked",
                            G_CALLBACK (on_vault_locked_changed), &bench);
  bench.window = assay_window_new (ADW_APPLICATION (app), bench.vault);
  gtk_window_set_default_size (GTK_WINDOW (bench.window), 1200, 760);
  gtk_window_present (GTK_WINDOW (bench.window));
  bench_wait_for_page (GTK_WIDGET (bench.window), "unlock", WAIT_MS);
  bench_frames_watch (&bench.frames, GTK_WIDGET (bench.window), WAIT_MS);

  for (guint run = 0; run < runs; run++)
    {
      if (run > 0)
        {
          assay_vault_lock (bench.vault);
          bench_wait_for_page (GTK_WIDGET (bench.window), "unlock", WAIT_MS);
        }
      unlock (&bench, kdf, shown, &rss);
      /* Over a minute: one run tells enough */
      if (g_array_index (shown, double, 0) > 60000)
        runs = 1;
    }
  g_print ("measure=gui-unlock n=%s median_ms=%.0f rss_mb=%.0f kdf_ms=%.0f\n", n,
           bench_median (shown), rss, bench_median (kdf));
  /* Kept if the filter runs out of time */
  fflush (stdout);

  main_view = ASSAY_MAIN_VIEW (bench_find_descendant (GTK_WIDGET (bench.window), ASSAY_TYPE_MAIN_VIEW));
  assay_main_view_set_page (main_view, "audits");
  bench.page = ASSAY_AUDITS_PAGE (bench_find_descendant (GTK_WIDGET (main_view),
                                                   ASSAY_TYPE_AUDITS_PAGE));
  g_assert_nonnull (bench.page);
  /* Showing the page reads it in the background: that is not the
   * filter's time */
  {
    gint64 shown = g_get_monotonic_time ();

    bench_wait_until (audits_read, &bench, WAIT_MS, "My Audits to be read");
    g_printerr ("My Audits read in %.0f ms\n", (g_get_monotonic_time () - shown) / 1000.0);
  }
  bench_frames_settle (&bench.frames);

  bench_search_watch (&bench.search, &bench.frames,
                      GTK_SEARCH_ENTRY (_assay_audits_page_get_search_entry (bench.page)));
  for (guint i = 0; i < runs * G_N_ELEMENTS (queries); i++)
    {
      add (filter, search (&bench, queries[i % G_N_ELEMENTS (queries)]));
      g_printerr ("“%s”: %.0f ms, %u audits\n", queries[i % G_N_ELEMENTS (queries)],
                  g_array_index (filter, double, filter->len - 1),
                  g_list_model_get_n_items (_assay_audits_page_get_shown (bench.page)));
      /* Over a minute: one query tells enough */
      if (g_array_index (filter, double, 0) > 60000)
        break;
      search (&bench, "");
    }
  g_printerr ("My Audits lists %u audits\n",
              g_list_model_get_n_items (_assay_audits_page_get_shown (bench.page)));
  g_print ("measure=gui-filter n=%s median_ms=%.0f\n", n, bench_median (filter));

  bench_search_unwatch (&bench.search);
  g_signal_handlers_disconnect_by_data (bench.vault, &bench);
  bench_frames_unwatch (&bench.frames);
  gtk_window_destroy (GTK_WINDOW (bench.window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return 0;
}
