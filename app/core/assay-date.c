/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-date"

#include "config.h"

#include "assay-date.h"

char *
assay_date_now_utc_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

char *
assay_date_format_ymd (guint year,
                       guint month,
                       guint day)
{
  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}
