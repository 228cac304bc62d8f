/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-pdf-table"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "assay-comparison.h"
#include "assay-pdf-table.h"

typedef struct
{
  char       *text;
  AssayGrade  grade;
} GradeLine;

#define CELL_PAD_X 4.0
#define CELL_PAD_Y 3.5
/* The room a grade pill takes in a CELL_GRADES line */
#define PILL_ROOM 78.0

AssayPdfTable *
assay_pdf_table_new (const AssayPdfColumn *columns,
                     guint                 n_columns,
                     const char           *caption)
{
  AssayPdfTable *table = g_new0 (AssayPdfTable, 1);
  double total = 0;

  table->columns = columns;
  table->n_columns = n_columns;
  table->caption = caption;
  table->rows = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n_columns; i++)
    total += columns[i].width;
  g_warn_if_fail (total <= CONTENT_WIDTH + 0.5);

  return table;
}

void
assay_pdf_table_free (AssayPdfTable *table)
{
  for (guint r = 0; r < table->rows->len; r++)
    {
      AssayPdfCell *cells = table->rows->pdata[r];

      for (guint c = 0; c < table->n_columns; c++)
        {
          g_free (cells[c].text);
          g_free (cells[c].detail);
          if (cells[c].lines != NULL)
            {
              for (guint i = 0; i < cells[c].lines->len; i++)
                g_free (g_array_index (cells[c].lines, GradeLine, i).text);
              g_array_unref (cells[c].lines);
            }
        }
    }
  g_ptr_array_unref (table->rows);
  g_free (table);
}

AssayPdfCell *
assay_pdf_table_add_row (AssayPdfTable *table)
{
  AssayPdfCell *cells = g_new0 (AssayPdfCell, table->n_columns);

  g_ptr_array_add (table->rows, cells);

  return cells;
}

void
assay_pdf_cell_set_text (AssayPdfCell *cell,
                         const char   *text)
{
  g_free (cell->text);
  cell->kind = ASSAY_PDF_CELL_TEXT;
  cell->text = g_strdup (text != NULL && *text != '\0' ? text : "—");
}

void
assay_pdf_cell_take_text (AssayPdfCell *cell,
                          char         *text)
{
  assay_pdf_cell_set_text (cell, text);
  g_free (text);
}

void
assay_pdf_cell_set_detail (AssayPdfCell *cell,
                           const char   *detail)
{
  g_free (cell->detail);
  cell->detail = detail != NULL && *detail != '\0' ? g_strdup (detail) : NULL;
}

void
assay_pdf_cell_add_grade_line (AssayPdfCell *cell,
                               const char   *text,
                               AssayGrade    grade)
{
  GradeLine line = { g_strdup (text != NULL ? text : ""), grade };

  cell->kind = ASSAY_PDF_CELL_GRADES;
  if (cell->lines == NULL)
    cell->lines = g_array_new (FALSE, FALSE, sizeof (GradeLine));
  g_array_append_val (cell->lines, line);
}

static PangoLayout *
cell_text_layout (AssayPdfDoc          *doc,
                  const AssayPdfColumn *column,
                  AssayPdfCell         *cell,
                  double                size)
{
  return assay_pdf_text_layout (doc, cell->text, size,
                                cell->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                                column->width - 2 * CELL_PAD_X, column->alignment);
}

static PangoLayout *
cell_detail_layout (AssayPdfDoc          *doc,
                    const AssayPdfColumn *column,
                    AssayPdfCell         *cell)
{
  return assay_pdf_text_layout (doc, cell->detail, SIZE_SMALL, PANGO_WEIGHT_NORMAL,
                                column->width - 2 * CELL_PAD_X, column->alignment);
}

static double
grade_line_height (AssayPdfDoc          *doc,
                   const AssayPdfColumn *column,
                   GradeLine            *line,
                   double                size)
{
  g_autoptr(PangoLayout) layout = assay_pdf_text_layout (doc, line->text, size,
                                                         PANGO_WEIGHT_NORMAL,
                                                         column->width - 2 * CELL_PAD_X - PILL_ROOM,
                                                         PANGO_ALIGN_LEFT);

  return MAX (assay_pdf_layout_height (layout), size + 4) + 2;
}

static double
cell_height (AssayPdfDoc          *doc,
             const AssayPdfColumn *column,
             AssayPdfCell         *cell,
             double                size)
{
  double height = 0;

  switch (cell->kind)
    {
    case ASSAY_PDF_CELL_STACK:
      return 12;

    case ASSAY_PDF_CELL_GRADES:
      for (guint i = 0; cell->lines != NULL && i < cell->lines->len; i++)
        height += grade_line_height (doc, column, &g_array_index (cell->lines, GradeLine, i),
                                     size);
      return height - 2;

    case ASSAY_PDF_CELL_GRADE:
    case ASSAY_PDF_CELL_TEXT:
    default:
      {
        g_autoptr(PangoLayout) layout = cell_text_layout (doc, column, cell, size);

        height = assay_pdf_layout_height (layout) + (cell->kind == ASSAY_PDF_CELL_GRADE ? 2 : 0);
        if (cell->detail != NULL)
          {
            g_autoptr(PangoLayout) detail = cell_detail_layout (doc, column, cell);

            height += assay_pdf_layout_height (detail) + 1;
          }
        return height;
      }
    }
}

static void
draw_stack (AssayPdfDoc *doc,
            const guint *counts,
            double       x,
            double       y,
            double       width)
{
  guint total = 0;
  double at = x;

  for (guint g = 0; g < ASSAY_N_SCORED_GRADES; g++)
    total += counts[assay_comparison_grades_best_first[g]];

  assay_pdf_set_color (doc, &assay_pdf_hairline);
  cairo_rectangle (doc->cr, x, y, width, 12);
  cairo_fill (doc->cr);
  if (total == 0)
    return;

  for (guint g = 0; g < ASSAY_N_SCORED_GRADES; g++)
    {
      AssayGrade grade = assay_comparison_grades_best_first[g];
      double w = width * counts[grade] / total;

      if (counts[grade] == 0)
        continue;

      assay_pdf_set_color (doc, &assay_pdf_grade_bg[grade]);
      cairo_rectangle (doc->cr, at, y, w, 12);
      cairo_fill (doc->cr);

      /* Segments touch: a white edge keeps them apart in grey print */
      if (at > x)
        {
          assay_pdf_set_color (doc, &assay_pdf_white);
          cairo_rectangle (doc->cr, at - 0.5, y, 1, 12);
          cairo_fill (doc->cr);
        }

      if (w >= 12)
        {
          g_autofree char *count = g_strdup_printf ("%u", counts[grade]);
          g_autoptr(PangoLayout) layout = assay_pdf_text_layout (doc, count, SIZE_SMALL,
                                                                 PANGO_WEIGHT_BOLD,
                                                                 -1, PANGO_ALIGN_LEFT);

          assay_pdf_show_layout (doc, layout, at + (w - assay_pdf_layout_width (layout)) / 2,
                                 y + (12 - assay_pdf_layout_height (layout)) / 2,
                                 &assay_pdf_grade_fg[grade]);
        }
      at += w;
    }
}

static void
draw_cell (AssayPdfDoc          *doc,
           const AssayPdfColumn *column,
           AssayPdfCell         *cell,
           double                x,
           double                y,
           double                size)
{
  double inner = column->width - 2 * CELL_PAD_X;

  switch (cell->kind)
    {
    case ASSAY_PDF_CELL_STACK:
      draw_stack (doc, cell->counts, x + CELL_PAD_X, y, inner);
      break;

    case ASSAY_PDF_CELL_GRADE:
      {
        double width = assay_pdf_grade_pill (doc, cell->grade, cell->text, size - 0.5, 0, 0, TRUE);
        double at = x + CELL_PAD_X;

        if (column->alignment == PANGO_ALIGN_RIGHT)
          at = x + column->width - CELL_PAD_X - width;
        else if (column->alignment == PANGO_ALIGN_CENTER)
          at = x + (column->width - width) / 2;
        assay_pdf_grade_pill (doc, cell->grade, cell->text, size - 0.5, at, y, FALSE);
      }
      break;

    case ASSAY_PDF_CELL_GRADES:
      for (guint i = 0; cell->lines != NULL && i < cell->lines->len; i++)
        {
          GradeLine *line = &g_array_index (cell->lines, GradeLine, i);
          g_autoptr(PangoLayout) layout = assay_pdf_text_layout (doc, line->text, size,
                                                                 PANGO_WEIGHT_NORMAL,
                                                                 inner - PILL_ROOM,
                                                                 PANGO_ALIGN_LEFT);

          assay_pdf_show_layout (doc, layout, x + CELL_PAD_X, y + 1, &assay_pdf_ink);
          assay_pdf_grade_pill (doc, line->grade, assay_grade_get_default_label (line->grade),
                                SIZE_SMALL,
                                x + CELL_PAD_X + inner - PILL_ROOM + 6, y, FALSE);
          y += grade_line_height (doc, column, line, size);
        }
      break;

    case ASSAY_PDF_CELL_TEXT:
    default:
      {
        g_autoptr(PangoLayout) layout = cell_text_layout (doc, column, cell, size);

        assay_pdf_show_layout (doc, layout, x + CELL_PAD_X, y,
                               cell->color != NULL ? cell->color : &assay_pdf_ink);
        if (cell->detail != NULL)
          {
            g_autoptr(PangoLayout) detail = cell_detail_layout (doc, column, cell);

            assay_pdf_show_layout (doc, detail, x + CELL_PAD_X,
                                   y + assay_pdf_layout_height (layout) + 1,
                                   cell->color != NULL ? cell->color : &assay_pdf_muted);
          }
      }
      break;
    }
}

static double
header_height (AssayPdfDoc   *doc,
               AssayPdfTable *table)
{
  double height = 0;

  for (guint c = 0; c < table->n_columns; c++)
    {
      const AssayPdfColumn *column = &table->columns[c];
      g_autoptr(PangoLayout) layout = assay_pdf_text_layout (doc, column->title, SIZE_SMALL,
                                                             PANGO_WEIGHT_BOLD,
                                                             column->width - 2 * CELL_PAD_X,
                                                             column->alignment);

      height = MAX (height,
                    assay_pdf_layout_height (layout) + (column->grade != ASSAY_GRADE_NONE ? 2 : 0));
    }

  return height + 2 * CELL_PAD_Y;
}

static void
draw_header (AssayPdfDoc   *doc,
             AssayPdfTable *table)
{
  double height = header_height (doc, table);
  double x = MARGIN_X;

  for (guint c = 0; c < table->n_columns; c++)
    {
      const AssayPdfColumn *column = &table->columns[c];

      if (column->grade != ASSAY_GRADE_NONE)
        {
          AssayPdfCell cell = { 0, };

          cell.kind = ASSAY_PDF_CELL_GRADE;
          cell.text = (char *) column->title;
          cell.grade = column->grade;
          draw_cell (doc, column, &cell, x, doc->y + height - CELL_PAD_Y - 11, SIZE_SMALL + 0.5);
        }
      else
        {
          g_autoptr(PangoLayout) layout = assay_pdf_text_layout (doc, column->title, SIZE_SMALL,
                                                                 PANGO_WEIGHT_BOLD,
                                                                 column->width - 2 * CELL_PAD_X,
                                                                 column->alignment);

          /* Headers sit on the rule, whatever their number of lines */
          assay_pdf_show_layout (doc, layout, x + CELL_PAD_X,
                                 doc->y + height - CELL_PAD_Y -
                                 assay_pdf_layout_height (layout), &assay_pdf_muted);
        }
      x += column->width;
    }

  doc->y += height;
  assay_pdf_hline (doc, MARGIN_X, MARGIN_X + CONTENT_WIDTH, doc->y, 0.8, &assay_pdf_ink);
}

static double
row_height (AssayPdfDoc   *doc,
            AssayPdfTable *table,
            guint          r)
{
  AssayPdfCell *cells = table->rows->pdata[r];
  double height = 0;

  for (guint c = 0; c < table->n_columns; c++)
    height = MAX (height, cell_height (doc, &table->columns[c], &cells[c], SIZE_TABLE));

  return height + 2 * CELL_PAD_Y;
}

/* How much of the table must start on the same page: all of a short one,
 * else its header and first three rows, so that no page ends with a
 * header and a lone row. */
double
assay_pdf_table_keep_height (AssayPdfDoc   *doc,
                             AssayPdfTable *table)
{
  double total = header_height (doc, table);
  double start = total;

  for (guint r = 0; r < table->rows->len; r++)
    {
      double height = row_height (doc, table, r);

      total += height;
      if (r < 3)
        start += height;
    }

  return total <= (PAGE_BOTTOM - PAGE_TOP) / 3 ? total : start;
}

/* Draws the table from doc->y, breaking it across pages between rows and
 * repeating its header on each. */
void
assay_pdf_table_draw (AssayPdfDoc   *doc,
                      AssayPdfTable *table)
{
  double width = 0;

  for (guint c = 0; c < table->n_columns; c++)
    width += table->columns[c].width;

  for (guint r = 0; r < table->rows->len; r++)
    {
      AssayPdfCell *cells = table->rows->pdata[r];
      double height = row_height (doc, table, r);
      double x = MARGIN_X;

      if (r == 0)
        {
          assay_pdf_ensure_space (doc, assay_pdf_table_keep_height (doc, table));
          draw_header (doc, table);
        }
      else if (doc->y + height > PAGE_BOTTOM)
        {
          assay_pdf_new_page (doc);
          if (table->caption != NULL)
            {
              /* Translators: above the rest of a table on the next page */
              g_autofree char *continued = g_strdup_printf (_("%s (continued)"), table->caption);

              assay_pdf_show_text (doc, continued, SIZE_SMALL + 0.5, PANGO_WEIGHT_BOLD, MARGIN_X,
                                   doc->y,
                                   FALSE, &assay_pdf_muted);
              doc->y += 12;
            }
          draw_header (doc, table);
        }

      if (r % 2 == 1)
        {
          assay_pdf_set_color (doc, &assay_pdf_stripe);
          cairo_rectangle (doc->cr, MARGIN_X, doc->y, width, height);
          cairo_fill (doc->cr);
        }

      for (guint c = 0; c < table->n_columns; c++)
        {
          draw_cell (doc, &table->columns[c], &cells[c], x, doc->y + CELL_PAD_Y, SIZE_TABLE);
          x += table->columns[c].width;
        }

      doc->y += height;
      assay_pdf_hline (doc, MARGIN_X, MARGIN_X + width, doc->y, 0.4, &assay_pdf_hairline);
    }

  doc->y += 4;
}
