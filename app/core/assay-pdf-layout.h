/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "assay-grade.h"

G_BEGIN_DECLS

/*
 * A4 pages laid out by hand with cairo and Pango, for the partnership
 * report: type, colours, a running header and footer, headings that keep
 * with what follows and paragraphs that carry over to the next page. Its
 * tables are in assay-pdf-table.h. Internal to core: the geometry macros are
 * short because only the report's own files include this.
 */

/* A4 in points, the unit of a PDF page */
#define PAGE_WIDTH     595.276
#define PAGE_HEIGHT    841.890
#define MARGIN_X       51.0
#define CONTENT_WIDTH  (PAGE_WIDTH - 2 * MARGIN_X)
#define FIRST_TOP      54.0
#define PAGE_TOP       70.0
#define PAGE_BOTTOM    (PAGE_HEIGHT - 62.0)

/* Type sizes in points */
#define SIZE_TITLE     24.0
#define SIZE_H2        13.5
#define SIZE_H3        10.5
#define SIZE_BODY      9.5
#define SIZE_TABLE     8.5
#define SIZE_SMALL     7.5
#define SIZE_FIGURE    21.0

typedef struct
{
  double r, g, b;
} AssayPdfColor;

extern const AssayPdfColor assay_pdf_ink;        /* text */
extern const AssayPdfColor assay_pdf_muted;      /* secondary text */
extern const AssayPdfColor assay_pdf_rule;
extern const AssayPdfColor assay_pdf_hairline;
extern const AssayPdfColor assay_pdf_stripe;     /* every other table row */
extern const AssayPdfColor assay_pdf_accent;
extern const AssayPdfColor assay_pdf_warning;
extern const AssayPdfColor assay_pdf_white;
/* The app's grade colours (ui/style.css), background and text, by AssayGrade */
extern const AssayPdfColor assay_pdf_grade_bg[ASSAY_GRADE_GOLD + 1];
extern const AssayPdfColor assay_pdf_grade_fg[ASSAY_GRADE_GOLD + 1];

typedef struct
{
  cairo_surface_t *surface;
  cairo_t         *cr;
  PangoContext    *context;
  const char      *family;
  char            *header;       /* the running header of later pages */
  char            *generated;
  double           y;
  int              page;         /* 1-based; 0 before the first */
  int              n_pages;      /* known on the second pass, else 0 */
  gboolean         outline;      /* bookmarks, on the pass that is kept */
} AssayPdfDoc;

void assay_pdf_set_color (AssayPdfDoc         *doc,
                          const AssayPdfColor *color);

PangoLayout *assay_pdf_text_layout (AssayPdfDoc    *doc,
                                    const char     *text,
                                    double          size,
                                    PangoWeight     weight,
                                    double          width,
                                    PangoAlignment  alignment);

double assay_pdf_layout_height (PangoLayout *layout);

double assay_pdf_layout_width (PangoLayout *layout);

void assay_pdf_show_layout (AssayPdfDoc         *doc,
                            PangoLayout         *layout,
                            double               x,
                            double               y,
                            const AssayPdfColor *color);

double assay_pdf_show_text (AssayPdfDoc         *doc,
                            const char          *text,
                            double               size,
                            PangoWeight          weight,
                            double               x,
                            double               y,
                            gboolean             end,
                            const AssayPdfColor *color);

void assay_pdf_hline (AssayPdfDoc         *doc,
                      double               x0,
                      double               x1,
                      double               y,
                      double               width,
                      const AssayPdfColor *color);

void assay_pdf_rounded_rect (cairo_t *cr,
                             double   x,
                             double   y,
                             double   width,
                             double   height,
                             double   radius);

void assay_pdf_finish_page (AssayPdfDoc *doc);

void assay_pdf_new_page (AssayPdfDoc *doc);

void assay_pdf_ensure_space (AssayPdfDoc *doc,
                             double       height);

void assay_pdf_paragraph (AssayPdfDoc         *doc,
                          const char          *text,
                          double               size,
                          const AssayPdfColor *color,
                          double               after);

void assay_pdf_heading (AssayPdfDoc *doc,
                        const char  *text,
                        double       keep);

void assay_pdf_subheading (AssayPdfDoc *doc,
                           const char  *text,
                           double       keep);

gboolean assay_pdf_section (AssayPdfDoc *doc,
                            const char  *title,
                            const char  *note,
                            gboolean     empty,
                            const char  *empty_text,
                            double       keep);

double assay_pdf_grade_pill (AssayPdfDoc *doc,
                             AssayGrade   grade,
                             const char  *text,
                             double       size,
                             double       x,
                             double       y,
                             gboolean     measure_only);

G_END_DECLS
