/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-report.h"

G_BEGIN_DECLS

/*
 * The flat table for dashboards (README "Partnership report"): one row per
 * audit the comparison counts, fixed snake_case columns, RFC 4180 with CRLF
 * line ends, UTF-8 with a byte-order mark, and text that a spreadsheet would
 * run as a formula defused.
 */
GBytes *assay_report_csv (AssayComparison *comparison);

G_END_DECLS
