/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-report.h"

G_BEGIN_DECLS

/* The forum report: A4 pages of headline figures, charts and tables. */
GBytes *assay_report_pdf (AssayComparison        *comparison,
                          const AssayReportInfo  *info,
                          GError                **error);

G_END_DECLS
