/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-audit.h"

G_BEGIN_DECLS

/*
 * The partnership's calendar: it reports by calendar quarter in the local
 * time zone, so a plan finished just after midnight on 1 July belongs to
 * the quarter that began that day. Quarters are written "2026-Q3", which
 * sorts as text in time order.
 */

/* "2026-Q3": the calendar quarter of an ISO 8601 time (or a plain
 * 2026-07-14 date) in the local time zone; NULL if unparsable. */
char     *assay_quarter_from_iso8601 (const char *iso8601);
/* Accepts 2026-Q3, 2026Q3, Q3-2026 and "Q3 2026" in any case; returns the
 * canonical form, or NULL and ASSAY_COMPARE_ERROR_INVALID. */
char     *assay_quarter_parse        (const char  *text,
                                      GError     **error);
/* The quarters in which @audits (AssayAudit) were finished, each once,
 * newest first: the quarters there is something to show for. */
GPtrArray *assay_quarter_list_finished (GPtrArray *audits);
/* "2026-07-14": the local calendar date of an ISO 8601 time, or the first
 * ten characters of text that is not one; NULL for NULL. */
char     *assay_quarter_local_date   (const char *iso8601);

G_END_DECLS
