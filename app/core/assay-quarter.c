/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-quarter"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-comparison.h"
#include "assay-quarter.h"

static char *
format_quarter (int year,
                int month)
{
  return g_strdup_printf ("%04d-Q%d", year, (month - 1) / 3 + 1);
}

/* The local zone, made again only when TZ changes: GLib 2.74 looks the zone
 * up on every g_date_time_to_local(), and a report asks for the quarter of
 * every audit. Reports are written in a worker thread: under a lock. */
static GTimeZone *
local_zone (void)
{
  static GMutex lock;
  static GTimeZone *zone;
  static char *zone_tz;
  const char *tz = g_getenv ("TZ");
  GTimeZone *result;

  g_mutex_lock (&lock);
  if (zone == NULL || g_strcmp0 (tz, zone_tz) != 0)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      g_free (zone_tz);
      zone = g_time_zone_new_local ();
      zone_tz = g_strdup (tz);
    }
  result = g_time_zone_ref (zone);
  g_mutex_unlock (&lock);

  return result;
}

/* The time in the local zone, or NULL for text that is no ISO 8601 time. */
static GDateTime *
local_time (const char *iso8601)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso8601, utc);
  g_autoptr(GTimeZone) local = NULL;

  if (time == NULL)
    return NULL;

  local = local_zone ();

  return g_date_time_to_timezone (time, local);
}

char *
assay_quarter_from_iso8601 (const char *iso8601)
{
  g_autoptr(GDateTime) local = NULL;
  int y, m, d;
  char tail;

  if (iso8601 == NULL)
    return NULL;

  local = local_time (iso8601);
  if (local != NULL)
    return format_quarter (g_date_time_get_year (local), g_date_time_get_month (local));

  if (sscanf (iso8601, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
      g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return format_quarter (y, m);

  return NULL;
}

char *
assay_quarter_local_date (const char *iso8601)
{
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL)
    return NULL;

  /* The date a row is in is the local one, as its quarter is. */
  local = local_time (iso8601);
  if (local == NULL)
    return strlen (iso8601) >= 10 ? g_strndup (iso8601, 10) : g_strdup (iso8601);

  return g_date_time_format (local, "%Y-%m-%d");
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  return -g_strcmp0 (*(const char **) a, *(const char **) b);
}

GPtrArray *
assay_quarter_list_finished (GPtrArray *audits)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *quarters = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; audits != NULL && i < audits->len; i++)
    {
      const char *finished = assay_audit_get_finished (g_ptr_array_index (audits, i));
      char *quarter = finished != NULL ? assay_quarter_from_iso8601 (finished) : NULL;

      if (quarter == NULL || g_hash_table_contains (seen, quarter))
        {
          g_free (quarter);
          continue;
        }
      g_ptr_array_add (quarters, quarter);
      g_hash_table_add (seen, quarter);
    }
  g_ptr_array_sort (quarters, compare_newest_first);

  return quarters;
}

static gboolean
is_quarter_separator (char c)
{
  return c == '-' || c == ' ' || c == '/' || c == '_';
}

static gboolean
read_year (const char  *p,
           int         *year)
{
  for (guint i = 0; i < 4; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;

  *year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');

  return *year >= 1000;
}

char *
assay_quarter_parse (const char  *text,
                     GError     **error)
{
  g_autofree char *copy = g_ascii_strup (text != NULL ? text : "", -1);
  const char *p;
  int year = 0, quarter = 0;
  gboolean ok = FALSE;

  p = g_strstrip (copy);

  if (p[0] == 'Q')
    {
      /* Q3-2026, Q3 2026, Q32026 */
      if (p[1] >= '1' && p[1] <= '4')
        {
          quarter = p[1] - '0';
          p += 2;
          if (is_quarter_separator (*p))
            p++;
          ok = read_year (p, &year) && p[4] == '\0';
        }
    }
  else if (read_year (p, &year))
    {
      /* 2026-Q3, 2026Q3, 2026 Q3 */
      p += 4;
      if (is_quarter_separator (*p))
        p++;
      ok = p[0] == 'Q' && p[1] >= '1' && p[1] <= '4' && p[2] == '\0';
      if (ok)
        quarter = p[1] - '0';
    }

  if (!ok)
    {
      g_set_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_INVALID,
                   _("“%s” is not a quarter: write it like 2026-Q3"), text != NULL ? text : "");
      return NULL;
    }

  return format_quarter (year, quarter * 3);
}
