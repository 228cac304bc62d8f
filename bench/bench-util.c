/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-util"

#include "config.h"

#include "bench-util.h"

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;

  return G_SOURCE_REMOVE;
}

void
bench_wait_until (BenchCondition  condition,
                  gpointer        data,
                  guint           timeout_ms,
                  const char     *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!condition (data))
    {
      if (timed_out)
        g_error ("Gave up waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (id);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_median (GArray *values)
{
  g_array_sort (values, compare_double);

  return g_array_index (values, double, values->len / 2);
}
