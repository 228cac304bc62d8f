/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-pdf-layout"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>

#include "assay-pdf-layout.h"

const AssayPdfColor assay_pdf_ink = { 0.14, 0.12, 0.19 };          /* #241f31 */
const AssayPdfColor assay_pdf_muted = { 0.37, 0.36, 0.39 };        /* #5e5c64 */
const AssayPdfColor assay_pdf_rule = { 0.75, 0.75, 0.74 };         /* #c0bfbc */
const AssayPdfColor assay_pdf_hairline = { 0.87, 0.87, 0.85 };     /* #deddda */
const AssayPdfColor assay_pdf_stripe = { 0.965, 0.961, 0.957 };    /* #f6f5f4 */
const AssayPdfColor assay_pdf_accent = { 0.11, 0.44, 0.85 };       /* #1c71d8 */
const AssayPdfColor assay_pdf_warning = { 0.65, 0.11, 0.18 };      /* #a51d2d */
const AssayPdfColor assay_pdf_white = { 1, 1, 1 };

/* The app's grade colours (ui/style.css), background and text */
const AssayPdfColor assay_pdf_grade_bg[ASSAY_GRADE_GOLD + 1] = {
  [ASSAY_GRADE_NONE] = { 0.87, 0.87, 0.85 },
  [ASSAY_GRADE_NOT_YET_BRONZE] = { 0.753, 0.110, 0.157 },   /* #c01c28 */
  [ASSAY_GRADE_BRONZE] = { 0.710, 0.514, 0.353 },           /* #b5835a */
  [ASSAY_GRADE_SILVER] = { 0.753, 0.749, 0.737 },           /* #c0bfbc */
  [ASSAY_GRADE_GOLD] = { 0.961, 0.761, 0.067 },             /* #f5c211 */
};
const AssayPdfColor assay_pdf_grade_fg[ASSAY_GRADE_GOLD + 1] = {
  [ASSAY_GRADE_NONE] = { 0.14, 0.12, 0.19 },
  [ASSAY_GRADE_NOT_YET_BRONZE] = { 1, 1, 1 },
  [ASSAY_GRADE_BRONZE] = { 0.122, 0.071, 0.035 },           /* #1f1209 */
  [ASSAY_GRADE_SILVER] = { 0.141, 0.122, 0.192 },           /* #241f31 */
  [ASSAY_GRADE_GOLD] = { 0.239, 0.180, 0 },                 /* #3d2e00 */
};

void
assay_pdf_set_color (AssayPdfDoc         *doc,
                     const AssayPdfColor *color)
{
  cairo_set_source_rgb (doc->cr, color->r, color->g, color->b);
}

PangoLayout *
assay_pdf_text_layout (AssayPdfDoc    *doc,
                       const char     *text,
                       double          size,
                       PangoWeight     weight,
                       double          width,
                       PangoAlignment  alignment)
{
  PangoLayout *layout = pango_layout_new (doc->context);
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, doc->family);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, weight);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);

  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);

  return layout;
}

double
assay_pdf_layout_height (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_size (layout, &width, &height);

  return (double) height / PANGO_SCALE;
}

double
assay_pdf_layout_width (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_size (layout, &width, &height);

  return (double) width / PANGO_SCALE;
}

void
assay_pdf_show_layout (AssayPdfDoc         *doc,
                       PangoLayout         *layout,
                       double               x,
                       double               y,
                       const AssayPdfColor *color)
{
  assay_pdf_set_color (doc, color);
  cairo_move_to (doc->cr, x, y);
  pango_cairo_show_layout (doc->cr, layout);
}

/* A line of text that does not wrap, placed at @x (or ending there for
 * @end); returns its width. */
double
assay_pdf_show_text (AssayPdfDoc         *doc,
                     const char          *text,
                     double               size,
                     PangoWeight          weight,
                     double               x,
                     double               y,
                     gboolean             end,
                     const AssayPdfColor *color)
{
  g_autoptr(PangoLayout) layout = assay_pdf_text_layout (doc, text, size, weight, -1,
                                                         PANGO_ALIGN_LEFT);
  double width = assay_pdf_layout_width (layout);

  assay_pdf_show_layout (doc, layout, end ? x - width : x, y, color);

  return width;
}

void
assay_pdf_hline (AssayPdfDoc         *doc,
                 double               x0,
                 double               x1,
                 double               y,
                 double               width,
                 const AssayPdfColor *color)
{
  assay_pdf_set_color (doc, color);
  cairo_set_line_width (doc->cr, width);
  cairo_move_to (doc->cr, x0, y);
  cairo_line_to (doc->cr, x1, y);
  cairo_stroke (doc->cr);
}

void
assay_pdf_rounded_rect (cairo_t *cr,
                        double   x,
                        double   y,
                        double   width,
                        double   height,
                        double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

void
assay_pdf_finish_page (AssayPdfDoc *doc)
{
  g_autofree char *number = NULL;
  double y = PAGE_HEIGHT - 44;

  if (doc->page == 0)
    return;

  assay_pdf_hline (doc, MARGIN_X, PAGE_WIDTH - MARGIN_X, y, 0.5, &assay_pdf_rule);
  assay_pdf_show_text (doc, _("Contains personal data — handle under your information-sharing "
                              "agreement"),
                       SIZE_SMALL, PANGO_WEIGHT_BOLD, MARGIN_X, y + 6, FALSE, &assay_pdf_ink);
  if (doc->n_pages > 0)
    /* Translators: the page footer, "Page 2 of 5" */
    number = g_strdup_printf (_("Page %d of %d"), doc->page, doc->n_pages);
  else
    number = g_strdup_printf (_("Page %d"), doc->page);
  assay_pdf_show_text (doc, number, SIZE_SMALL, PANGO_WEIGHT_NORMAL, PAGE_WIDTH - MARGIN_X, y + 6,
                       TRUE,
                       &assay_pdf_muted);

  cairo_show_page (doc->cr);
}

void
assay_pdf_new_page (AssayPdfDoc *doc)
{
  assay_pdf_finish_page (doc);
  doc->page++;

  if (doc->page == 1)
    {
      doc->y = FIRST_TOP;
      return;
    }

  assay_pdf_show_text (doc, doc->header, SIZE_SMALL, PANGO_WEIGHT_NORMAL, MARGIN_X, 34, FALSE,
                       &assay_pdf_muted);
  assay_pdf_show_text (doc, doc->generated, SIZE_SMALL, PANGO_WEIGHT_NORMAL, PAGE_WIDTH - MARGIN_X,
                       34,
                       TRUE, &assay_pdf_muted);
  assay_pdf_hline (doc, MARGIN_X, PAGE_WIDTH - MARGIN_X, 50, 0.5, &assay_pdf_rule);
  doc->y = PAGE_TOP;
}

/* Room for @height more on this page, or a new one. */
void
assay_pdf_ensure_space (AssayPdfDoc *doc,
                        double       height)
{
  if (doc->y + height > PAGE_BOTTOM)
    assay_pdf_new_page (doc);
}

void
assay_pdf_paragraph (AssayPdfDoc         *doc,
                     const char          *text,
                     double               size,
                     const AssayPdfColor *color,
                     double               after)
{
  g_autoptr(PangoLayout) layout = assay_pdf_text_layout (doc, text, size, PANGO_WEIGHT_NORMAL,
                                                         CONTENT_WIDTH, PANGO_ALIGN_LEFT);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  /* Line by line, so that a long paragraph carries over to the next page */
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      double baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      double height;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      height = (double) logical.height / PANGO_SCALE;
      if (doc->y + height > PAGE_BOTTOM)
        assay_pdf_new_page (doc);

      assay_pdf_set_color (doc, color);
      cairo_move_to (doc->cr, MARGIN_X, doc->y + baseline - (double) logical.y / PANGO_SCALE);
      pango_cairo_show_layout_line (doc->cr, line);
      doc->y += height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  doc->y += after;
}

/* A section heading, kept on a page with at least @keep points of what
 * follows, and a bookmark to it. */
void
assay_pdf_heading (AssayPdfDoc *doc,
                   const char  *text,
                   double       keep)
{
  g_autoptr(PangoLayout) layout = assay_pdf_text_layout (doc, text, SIZE_H2, PANGO_WEIGHT_BOLD,
                                                         CONTENT_WIDTH, PANGO_ALIGN_LEFT);
  double height = assay_pdf_layout_height (layout);

  doc->y += 14;
  assay_pdf_ensure_space (doc, height + 8 + keep);

  if (doc->outline)
    {
      /* Whole points: %g would write a decimal comma in some locales */
      g_autofree char *link = g_strdup_printf ("page=%d pos=[%d %d]", doc->page,
                                               (int) MARGIN_X, (int) doc->y);

      cairo_pdf_surface_add_outline (doc->surface, CAIRO_PDF_OUTLINE_ROOT, text, link,
                                     CAIRO_PDF_OUTLINE_FLAG_OPEN);
    }

  assay_pdf_show_layout (doc, layout, MARGIN_X, doc->y, &assay_pdf_ink);
  doc->y += height + 3;
  assay_pdf_hline (doc, MARGIN_X, PAGE_WIDTH - MARGIN_X, doc->y, 1.0, &assay_pdf_accent);
  doc->y += 8;
}

void
assay_pdf_subheading (AssayPdfDoc *doc,
                      const char  *text,
                      double       keep)
{
  g_autoptr(PangoLayout) layout = assay_pdf_text_layout (doc, text, SIZE_H3, PANGO_WEIGHT_BOLD,
                                                         CONTENT_WIDTH, PANGO_ALIGN_LEFT);
  double height = assay_pdf_layout_height (layout);

  doc->y += 6;
  assay_pdf_ensure_space (doc, height + 4 + keep);
  assay_pdf_show_layout (doc, layout, MARGIN_X, doc->y, &assay_pdf_ink);
  doc->y += height + 4;
}

/* A section's heading and its note, on a page with room for @keep points
 * of what follows them; or, when it has nothing to show, the heading and a
 * line that says so, kept short so that an empty report stays on one page.
 * FALSE when empty. */
gboolean
assay_pdf_section (AssayPdfDoc *doc,
                   const char  *title,
                   const char  *note,
                   gboolean     empty,
                   const char  *empty_text,
                   double       keep)
{
  if (!empty && note != NULL)
    {
      g_autoptr(PangoLayout) layout = assay_pdf_text_layout (doc, note, SIZE_BODY,
                                                             PANGO_WEIGHT_NORMAL,
                                                             CONTENT_WIDTH, PANGO_ALIGN_LEFT);

      keep += assay_pdf_layout_height (layout) + 6;
    }

  assay_pdf_heading (doc, title, empty ? 16 : keep);
  if (empty)
    {
      assay_pdf_paragraph (doc, empty_text, SIZE_BODY, &assay_pdf_muted, 2);
      return FALSE;
    }

  if (note != NULL)
    assay_pdf_paragraph (doc, note, SIZE_BODY, &assay_pdf_ink, 6);

  return TRUE;
}

/* A grade as the app shows it: its colour with its word on it, so that the
 * grade still reads when printed in grey. */
double
assay_pdf_grade_pill (AssayPdfDoc *doc,
                      AssayGrade   grade,
                      const char  *text,
                      double       size,
                      double       x,
                      double       y,
                      gboolean     measure_only)
{
  g_autoptr(PangoLayout) layout = assay_pdf_text_layout (doc, text, size, PANGO_WEIGHT_BOLD, -1,
                                                         PANGO_ALIGN_LEFT);
  double width = assay_pdf_layout_width (layout) + 10;
  double height = assay_pdf_layout_height (layout) + 2;
  guint index = ASSAY_GRADE_IS_SCORED (grade) ? grade : ASSAY_GRADE_NONE;

  if (measure_only)
    return width;

  assay_pdf_rounded_rect (doc->cr, x, y, width, height, height / 2);
  assay_pdf_set_color (doc, &assay_pdf_grade_bg[index]);
  cairo_fill (doc->cr);
  assay_pdf_show_layout (doc, layout, x + 5, y + 1, &assay_pdf_grade_fg[index]);

  return width;
}
