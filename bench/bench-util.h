/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the benchmarks share that needs no GTK. */

typedef gboolean (*BenchCondition) (gpointer data);

/* Iterates the main context until @condition holds; gives up (aborting,
 * naming @what) after @timeout_ms. */
void       bench_wait_until          (BenchCondition  condition,
                                      gpointer        data,
                                      guint           timeout_ms,
                                      const char     *what);

/* The median of @values (doubles), which it sorts. */
double     bench_median              (GArray         *values);

G_END_DECLS
