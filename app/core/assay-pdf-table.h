/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-pdf-layout.h"

G_BEGIN_DECLS

/*
 * Tables on the report's pages: fixed column widths, text that wraps, grade
 * pills and bars, and a header that repeats when a table breaks across a
 * page.
 */

typedef enum
{
  ASSAY_PDF_CELL_TEXT,
  ASSAY_PDF_CELL_GRADE,    /* a grade pill */
  ASSAY_PDF_CELL_STACK,    /* a bar of the four grades' counts */
  ASSAY_PDF_CELL_GRADES,   /* lines of text, each with a grade pill */
} AssayPdfCellKind;

typedef struct
{
  AssayPdfCellKind     kind;
  char                *text;
  char                *detail; /* a second, quieter line under the text */
  AssayGrade           grade;
  guint                counts[ASSAY_GRADE_GOLD + 1];
  GArray              *lines;  /* of GradeLine, for CELL_GRADES */
  gboolean             bold;
  const AssayPdfColor *color;
} AssayPdfCell;

typedef struct
{
  const char     *title;
  double          width;     /* points */
  PangoAlignment  alignment;
  AssayGrade      grade;     /* a header drawn as that grade's pill */
} AssayPdfColumn;

typedef struct
{
  const AssayPdfColumn *columns;
  guint                 n_columns;
  const char           *caption; /* named again above its header on a new page */
  GPtrArray            *rows;    /* of Cell[n_columns] */
} AssayPdfTable;

AssayPdfTable *assay_pdf_table_new (const AssayPdfColumn *columns,
                                    guint                 n_columns,
                                    const char           *caption);

void assay_pdf_table_free (AssayPdfTable *table);

AssayPdfCell *assay_pdf_table_add_row (AssayPdfTable *table);

void assay_pdf_cell_set_text (AssayPdfCell *cell,
                              const char   *text);

void assay_pdf_cell_take_text (AssayPdfCell *cell,
                               char         *text);

void assay_pdf_cell_set_detail (AssayPdfCell *cell,
                                const char   *detail);

void assay_pdf_cell_add_grade_line (AssayPdfCell *cell,
                                    const char   *text,
                                    AssayGrade    grade);

double assay_pdf_table_keep_height (AssayPdfDoc   *doc,
                                    AssayPdfTable *table);

void assay_pdf_table_draw (AssayPdfDoc   *doc,
                           AssayPdfTable *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayPdfTable, assay_pdf_table_free)

G_END_DECLS
