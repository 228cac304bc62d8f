/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-gui-scale"

#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "assay-application-private.h"
#include "assay-audits-page-private.h"
#include "assay-main-view.h"
#include "assay-window-private.h"

/*
 * The two GUI figures of build-aux/bench.sh, on a vault bench-generate
 * made (a copy: the window may write to it), in the real window on the
 * display it runs under:
 *
 *   gui-unlock  from the end of the passphrase's key derivation to the end
 *               of the first frame of the main view, with the derivation
 *               itself (kdf_ms) and the resident memory once that frame is
 *               painted (rss_mb, the highest of the runs)
 *   gui-filter  on My Audits, from when the search entry acts on a query
 *               (after its pause for typing) to the end of the frame that
 *               shows the filtered list
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
  GdkFrameClock   *clock;
  const char      *passphrase;

  guint            frames;
  guint            frames_at_change;
  gint64           painted_us;
  gint64           unlocked_us;
  gint64           search_started_us;
  gint64           search_done_us;
} Bench;

typedef gboolean (*Condition) (Bench *bench);

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;

  return G_SOURCE_REMOVE;
}

static void
wait_until (Bench      *bench,
            Condition   condition,
            const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (WAIT_MS, timeout_cb, &timed_out);

  while (!condition (bench))
    {
      if (timed_out)
        g_error ("Gave up waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (id);
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  bench->frames++;
  if (bench->frames == bench->frames_at_change + 1)
    bench->painted_us = g_get_monotonic_time ();
}

static gboolean
painted (Bench *bench)
{
  return bench->frames > bench->frames_at_change;
}

static gint64
wait_painted (Bench *bench)
{
  bench->frames_at_change = bench->frames;
  gdk_frame_clock_request_phase (bench->clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  wait_until (bench, painted, "a frame");

  return bench->painted_us;
}

static void
settle (Bench *bench)
{
  wait_painted (bench);
  wait_painted (bench);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
shows_main (Bench *bench)
{
  return g_strcmp0 (_assay_window_get_visible_page (bench->window), "main") == 0;
}

static gboolean
shows_unlock (Bench *bench)
{
  return g_strcmp0 (_assay_window_get_visible_page (bench->window), "unlock") == 0;
}

static gboolean
search_done (Bench *bench)
{
  return bench->search_done_us != 0;
}

/* Connected before the window is made, so it runs before the window's
 * handler, where the pages load */
static void
on_vault_locked_changed (Bench *bench)
{
  if (!assay_vault_get_locked (bench->vault))
    bench->unlocked_us = g_get_monotonic_time ();
}

static gboolean
search_hook (GSignalInvocationHint *hint,
             guint                  n_params,
             const GValue          *params,
             gpointer               user_data)
{
  Bench *bench = user_data;

  /* Emission hooks run before any handler: the page's included */
  if (bench->page != NULL &&
      g_value_get_object (&params[0]) == (gpointer) _assay_audits_page_get_search_entry (bench->page))
    bench->search_started_us = g_get_monotonic_time ();

  return TRUE;
}

static void
on_search_changed_after (Bench *bench)
{
  bench->search_done_us = g_get_monotonic_time ();
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
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

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);

  return g_array_index (values, double, values->len / 2);
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

  settle (bench);
  bench->unlocked_us = 0;
  start = g_get_monotonic_time ();
  if (!assay_vault_unlock (bench->vault, bench->passphrase, &error))
    g_error ("Could not unlock: %s", error->message);
  wait_until (bench, shows_main, "the main view");
  done = wait_painted (bench);
  g_assert_cmpint (bench->unlocked_us, >, 0);

  add (kdf, (bench->unlocked_us - start) / 1000.0);
  add (shown, (done - bench->unlocked_us) / 1000.0);
  *rss = MAX (*rss, rss_mb ());
}

static double
search (Bench      *bench,
        const char *text)
{
  GtkEditable *entry = _assay_audits_page_get_search_entry (bench->page);

  settle (bench);
  bench->search_started_us = 0;
  bench->search_done_us = 0;
  gtk_editable_set_text (entry, text);
  wait_until (bench, search_done, "the search");
  wait_painted (bench);

  return (bench->painted_us - bench->search_started_us) / 1000.0;
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
  gulong hook;

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
  wait_until (&bench, shows_unlock, "the unlock page");
  gtk_widget_realize (GTK_WIDGET (bench.window));
  bench.clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench.window));
  g_signal_connect (bench.clock, "after-paint", G_CALLBACK (on_after_paint), &bench);

  for (guint run = 0; run < runs; run++)
    {
      if (run > 0)
        {
          assay_vault_lock (bench.vault);
          wait_until (&bench, shows_unlock, "the lock");
        }
      unlock (&bench, kdf, shown, &rss);
      /* Over a minute: one run tells enough */
      if (g_array_index (shown, double, 0) > 60000)
        runs = 1;
    }
  g_print ("measure=gui-unlock n=%s median_ms=%.0f rss_mb=%.0f kdf_ms=%.0f\n", n,
           median (shown), rss, median (kdf));
  /* Kept if the filter runs out of time */
  fflush (stdout);

  main_view = ASSAY_MAIN_VIEW (find_descendant (GTK_WIDGET (bench.window), ASSAY_TYPE_MAIN_VIEW));
  assay_main_view_set_page (main_view, "audits");
  bench.page = ASSAY_AUDITS_PAGE (find_descendant (GTK_WIDGET (main_view),
                                                   ASSAY_TYPE_AUDITS_PAGE));
  g_assert_nonnull (bench.page);
  /* Showing the page may load it: that is not the filter's time */
  settle (&bench);

  hook = g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY),
                                     0, search_hook, &bench, NULL);
  g_signal_connect_data (_assay_audits_page_get_search_entry (bench.page), "search-changed",
                         G_CALLBACK (on_search_changed_after), &bench, NULL,
                         G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  for (guint i = 0; i < runs * G_N_ELEMENTS (queries); i++)
    {
      add (filter, search (&bench, queries[i % G_N_ELEMENTS (queries)]));
      /* Over a minute: one query tells enough */
      if (g_array_index (filter, double, 0) > 60000)
        break;
      search (&bench, "");
    }
  g_printerr ("My Audits lists %u audits\n",
              g_list_model_get_n_items (_assay_audits_page_get_shown (bench.page)));
  g_print ("measure=gui-filter n=%s median_ms=%.0f\n", n, median (filter));

  g_signal_remove_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), hook);
  g_signal_handlers_disconnect_by_data (bench.vault, &bench);
  g_signal_handlers_disconnect_by_data (bench.clock, &bench);
  g_signal_handlers_disconnect_by_data (_assay_audits_page_get_search_entry (bench.page), &bench);
  gtk_window_destroy (GTK_WINDOW (bench.window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return 0;
}
