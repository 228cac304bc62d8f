/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-comparison.h"
#include "assay-pdf-table.h"

G_BEGIN_DECLS

/* What one drawing of the forum report reads. */
typedef struct
{
  AssayComparison *comparison;
  GHashTable      *framework_titles;   /* id -> title */
  const char      *author;
  const char      *agency;
  GDateTime       *generated;
} AssayReportPdf;

/* The report's ways of writing a figure: "75%", "0.81", or a dash for none. */
char       *_assay_report_pdf_format_share   (double          share);
char       *_assay_report_pdf_format_ratio   (guint           part,
                                              guint           whole);
char       *_assay_report_pdf_format_number  (double          value);
const char *_assay_report_pdf_framework_title (AssayReportPdf *report,
                                              const char     *id);

/* The report's tables, each a section of its own (assay-report-pdf-tables.c). */
void        _assay_report_pdf_draw_tables    (AssayPdfDoc    *doc,
                                              AssayReportPdf *report);

G_END_DECLS
