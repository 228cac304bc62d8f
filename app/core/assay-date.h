/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Now, in UTC, as records stamp it: "2025-03-14T09:30:00Z". */
char *assay_date_now_utc_iso8601 (void);

/* A calendar date as ISO 8601, "2025-03-14": how caseload dates are stored. */
char *assay_date_format_ymd      (guint year,
                                  guint month,
                                  guint day);

G_END_DECLS
