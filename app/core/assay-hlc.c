/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-hlc"

#include "config.h"

#include "assay-hlc.h"

#define COUNTER_BITS 16
#define COUNTER_MASK ((G_GUINT64_CONSTANT (1) << COUNTER_BITS) - 1)

static guint64
pack (gint64 wall_ms,
      guint  counter)
{
  return ((guint64) wall_ms << COUNTER_BITS) | (counter & COUNTER_MASK);
}

gint64
assay_hlc_get_wall_ms (guint64 stamp)
{
  return (gint64) (stamp >> COUNTER_BITS);
}

guint
assay_hlc_get_counter (guint64 stamp)
{
  return (guint) (stamp & COUNTER_MASK);
}

/*
 * Kulkarni et al.'s send/local-event rule: take the larger of the wall clock
 * and the last stamp; if the wall clock has not moved past the last stamp,
 * bump the counter. When the counter would overflow, borrow a millisecond
 * instead so the stamp still increases.
 */
guint64
assay_hlc_now_at (AssayHlc *clock,
                  gint64    wall_ms)
{
  gint64 last_ms = assay_hlc_get_wall_ms (clock->last);
  guint64 next;

  if (wall_ms > last_ms)
    next = pack (wall_ms, 0);
  else if (assay_hlc_get_counter (clock->last) < COUNTER_MASK)
    next = clock->last + 1;
  else
    next = pack (last_ms + 1, 0);

  clock->last = next;

  return next;
}

guint64
assay_hlc_now (AssayHlc *clock)
{
  return assay_hlc_now_at (clock, g_get_real_time () / 1000);
}

void
assay_hlc_observe (AssayHlc *clock,
                   guint64   remote)
{
  if (remote > clock->last)
    clock->last = remote;
}

char *
assay_hlc_format (guint64 stamp)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;
  gint64 ms = assay_hlc_get_wall_ms (stamp);

  dt = g_date_time_new_from_unix_utc (ms / 1000);
  if (dt == NULL)
    return g_strdup_printf ("%" G_GUINT64_FORMAT, stamp);

  iso = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ/%u", iso, (int) (ms % 1000), assay_hlc_get_counter (stamp));
}
