/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-report"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>

#include "assay-report-pdf.h"

#include "assay-bundle.h"
#include "assay-report-pdf-private.h"

/*
 * The forum report, laid out by hand with cairo and Pango (assay-pdf-layout.h):
 * A4 pages, a running header and footer, tables whose header repeats when
 * they break across a page. It is drawn twice, the first time only to count
 * the pages for "Page 2 of 5". The headline figures and the chart are drawn
 * here, the tables in assay-report-pdf-tables.c.
 */

char *
_assay_report_pdf_format_share (double share)
{
  if (isnan (share))
    return g_strdup ("—");

  return g_strdup_printf ("%.0f%%", share * 100);
}

char *
_assay_report_pdf_format_ratio (guint part,
                                guint whole)
{
  if (whole == 0)
    return g_strdup ("—");

  return g_strdup_printf ("%.0f%%", 100.0 * part / whole);
}

char *
_assay_report_pdf_format_number (double value)
{
  if (isnan (value))
    return g_strdup ("—");

  return g_strdup_printf ("%.2f", value);
}

const char *
_assay_report_pdf_framework_title (AssayReportPdf *report,
                                   const char     *id)
{
  const char *title = g_hash_table_lookup (report->framework_titles, id);

  return title != NULL ? title : id;
}

static char *
filter_text (AssayReportPdf *report)
{
  const char *quarter = assay_comparison_get_filter_quarter (report->comparison);
  const char *agency = assay_comparison_get_filter_agency (report->comparison);
  GPtrArray *quarters = assay_comparison_get_quarters (report->comparison);
  g_autofree char *period = NULL;
  const char *first = NULL, *last = NULL;

  for (guint i = 0; i < quarters->len; i++)
    {
      const char *q = ((const AssayQuarterShare *) quarters->pdata[i])->quarter;

      if (q == NULL || g_str_equal (q, "unknown"))
        continue;
      if (first == NULL)
        first = q;
      last = q;
    }

  if (quarter != NULL)
    period = g_strdup (quarter);
  else if (first != NULL && g_strcmp0 (first, last) != 0)
    /* Translators: the period a report covers, "All quarters (2025-Q4 to 2026-Q3)" */
    period = g_strdup_printf (_("All quarters (%s to %s)"), first, last);
  else if (first != NULL)
    period = g_strdup_printf (_("All quarters (%s)"), first);
  else
    period = g_strdup (_("All quarters"));

  /* Translators: the report's filter, "2026-Q3 · Health" */
  return g_strdup_printf (_("%s · %s"), period, agency != NULL ? agency : _("All agencies"));
}

static void
draw_title (AssayPdfDoc    *doc,
            AssayReportPdf *report)
{
  g_autofree char *filter = filter_text (report);
  g_autofree char *when = g_date_time_format (report->generated, "%-d %B %Y, %H:%M");
  g_autofree char *by = NULL;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) subtitle = NULL;
  const GPtrArray *missing;

  if (report->author != NULL && *report->author != '\0' &&
      report->agency != NULL && *report->agency != '\0')
    /* Translators: "Generated 14 March 2026, 10:32 by Ruth Mensah (Health)" */
    by = g_strdup_printf (_("Generated %s by %s (%s)"), when, report->author, report->agency);
  else if (report->author != NULL && *report->author != '\0')
    by = g_strdup_printf (_("Generated %s by %s"), when, report->author);
  else
    by = g_strdup_printf (_("Generated %s"), when);

  assay_pdf_show_text (doc, _("MULTI-AGENCY QUALITY ASSURANCE OF EHC PLANS"), SIZE_SMALL,
                       PANGO_WEIGHT_BOLD, MARGIN_X, doc->y, FALSE, &assay_pdf_accent);
  doc->y += 13;

  title = assay_pdf_text_layout (doc, _("Partnership report"), SIZE_TITLE, PANGO_WEIGHT_BOLD,
                                 CONTENT_WIDTH, PANGO_ALIGN_LEFT);
  assay_pdf_show_layout (doc, title, MARGIN_X, doc->y, &assay_pdf_ink);
  doc->y += assay_pdf_layout_height (title) + 2;

  subtitle = assay_pdf_text_layout (doc, filter, SIZE_H3 + 1, PANGO_WEIGHT_NORMAL, CONTENT_WIDTH,
                                    PANGO_ALIGN_LEFT);
  assay_pdf_show_layout (doc, subtitle, MARGIN_X, doc->y, &assay_pdf_ink);
  doc->y += assay_pdf_layout_height (subtitle) + 3;

  assay_pdf_paragraph (doc, by, SIZE_BODY - 0.5, &assay_pdf_muted, 10);

  /* Figures without some audits must say so on their face */
  missing = assay_comparison_get_missing_frameworks (report->comparison);
  if (missing != NULL && missing->len > 0)
    {
      g_autofree char *note = assay_missing_frameworks_describe (missing);

      assay_pdf_paragraph (doc, note, SIZE_BODY - 0.5, &assay_pdf_warning, 10);
    }

  /* Audits in open conflicts are not counted: say which. */
  {
    const GPtrArray *conflicts = assay_comparison_get_conflicts (report->comparison);

    for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
      {
        const AssayConflict *conflict = conflicts->pdata[i];
        g_autofree char *note = NULL;

        if (!g_str_equal (conflict->collection, "audits"))
          continue;
        note = g_strdup_printf (_("Left out until its conflict is settled: %s (conflict %s)."),
                                conflict->description, conflict->ref);
        assay_pdf_paragraph (doc, note, SIZE_BODY - 0.5, &assay_pdf_warning, 10);
      }
  }

  assay_pdf_hline (doc, MARGIN_X, PAGE_WIDTH - MARGIN_X, doc->y, 1.5, &assay_pdf_ink);
  doc->y += 12;
}

typedef struct
{
  const char          *title;
  char                *value;
  char                *caption;
  const AssayPdfColor *caption_color;
} Figure;

/* A card's title and caption, measured once for the height of them all and
 * again to be drawn. */
static PangoLayout *
figure_title_layout (AssayPdfDoc  *doc,
                     const Figure *figure,
                     double        width)
{
  return assay_pdf_text_layout (doc, figure->title, SIZE_SMALL, PANGO_WEIGHT_BOLD, width - 16,
                                PANGO_ALIGN_LEFT);
}

static PangoLayout *
figure_caption_layout (AssayPdfDoc  *doc,
                       const Figure *figure,
                       double        width)
{
  return assay_pdf_text_layout (doc, figure->caption, SIZE_SMALL, PANGO_WEIGHT_NORMAL,
                                width - 16, PANGO_ALIGN_LEFT);
}

static char *
pairs_caption (guint pairs)
{
  if (pairs == 0)
    return g_strdup (_("No plan has two moderators yet"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "over %u pair of audits",
                                       "over %u pairs of audits", pairs), pairs);
}

static void
draw_figures (AssayPdfDoc    *doc,
              AssayReportPdf *report)
{
  AssayComparison *comparison = report->comparison;
  const AssayGradeCounts *overall = assay_comparison_get_overall (comparison);
  double alpha = assay_comparison_get_alpha (comparison);
  guint plans = assay_comparison_get_n_plans (comparison);
  guint audits = assay_comparison_get_n_audits (comparison);
  guint pairs = assay_comparison_get_n_pairs (comparison);
  guint good = overall->counts[ASSAY_GRADE_GOLD] + overall->counts[ASSAY_GRADE_SILVER];
  Figure figures[5] = {
    { _("Plans audited"), g_strdup_printf ("%u", plans),
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u audit counted", "%u audits counted",
                                    audits), audits), &assay_pdf_muted },
    { _("Silver or better"), _assay_report_pdf_format_ratio (good, plans),
      /* Translators: how many plans were graded Silver or Gold, "5 of 12 plans" */
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u plan", "%u of %u plans", plans),
                       good, plans), &assay_pdf_muted },
    { _("Exact agreement"),
      _assay_report_pdf_format_share (pairs > 0 ? assay_comparison_get_exact (comparison)
                                                : NAN),
      pairs_caption (pairs), &assay_pdf_muted },
    { _("Within one grade"),
      _assay_report_pdf_format_share (pairs > 0 ? assay_comparison_get_within_one (comparison)
                                                : NAN),
      pairs_caption (pairs), &assay_pdf_muted },
    { _("Krippendorff’s alpha"), _assay_report_pdf_format_number (alpha), NULL,
      &assay_pdf_muted },
  };
  double gap = 8;
  double width = (CONTENT_WIDTH - gap * (G_N_ELEMENTS (figures) - 1)) / G_N_ELEMENTS (figures);
  double height = 0;

  if (isnan (alpha))
    figures[4].caption = g_strdup (_("Not enough plans or variation yet"));
  else if (alpha < ASSAY_AGREEMENT_FLOOR)
    {
      figures[4].caption = g_strdup_printf (_("Below the %.1f floor for acceptable agreement"),
                                            ASSAY_AGREEMENT_FLOOR);
      figures[4].caption_color = &assay_pdf_warning;
    }
  else
    figures[4].caption = g_strdup_printf (_("At or above the %.1f floor for acceptable "
                                            "agreement"), ASSAY_AGREEMENT_FLOOR);

  /* Every card as tall as the tallest */
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autoptr(PangoLayout) title = figure_title_layout (doc, &figures[i], width);
      g_autoptr(PangoLayout) caption = figure_caption_layout (doc, &figures[i], width);

      height = MAX (height, assay_pdf_layout_height (title) + assay_pdf_layout_height (caption));
    }
  height += SIZE_FIGURE * 1.25 + 19;

  assay_pdf_ensure_space (doc, height);
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      double x = MARGIN_X + i * (width + gap);
      double y = doc->y + 8;
      g_autoptr(PangoLayout) title = figure_title_layout (doc, &figures[i], width);
      g_autoptr(PangoLayout) value = assay_pdf_text_layout (doc, figures[i].value, SIZE_FIGURE,
                                                            PANGO_WEIGHT_BOLD, width - 16,
                                                            PANGO_ALIGN_LEFT);
      g_autoptr(PangoLayout) caption = figure_caption_layout (doc, &figures[i], width);

      assay_pdf_rounded_rect (doc->cr, x, doc->y, width, height, 6);
      assay_pdf_set_color (doc, &assay_pdf_stripe);
      cairo_fill_preserve (doc->cr);
      assay_pdf_set_color (doc, &assay_pdf_hairline);
      cairo_set_line_width (doc->cr, 0.8);
      cairo_stroke (doc->cr);

      assay_pdf_show_layout (doc, title, x + 8, y, &assay_pdf_muted);
      y += assay_pdf_layout_height (title) + 2;
      assay_pdf_show_layout (doc, value, x + 8, y,
                             figures[i].caption_color == &assay_pdf_warning ?
                             &assay_pdf_warning : &assay_pdf_ink);
      y += assay_pdf_layout_height (value) + 1;
      assay_pdf_show_layout (doc, caption, x + 8, y, figures[i].caption_color);

      g_free (figures[i].value);
      g_free (figures[i].caption);
    }

  doc->y += height + 4;
}

static void
draw_quarter_chart (AssayPdfDoc    *doc,
                    AssayReportPdf *report)
{
  GPtrArray *quarters = assay_comparison_get_quarters (report->comparison);
  guint n = quarters->len;
  double axis_x = MARGIN_X + 44;
  double plot_w = MARGIN_X + CONTENT_WIDTH - axis_x;
  double plot_h = 150;
  double top, bottom, slot, bar;
  double label_size = n > 10 ? SIZE_SMALL - 1 : SIZE_SMALL;

  if (!assay_pdf_section (doc, _("Plans graded Silver or Gold, by quarter"),
                          _("The partnership’s headline measure: the share of audited plans "
                            "whose grade is Silver or Gold should rise. A plan counts once, in the "
                            "quarter its first audit was finished, with the grade the forum "
                            "agreed or, until then, the moderators’ common or first grade."),
                          n == 0, _("No finished audits in this selection."), 220))
    return;

  assay_pdf_ensure_space (doc, plot_h + 60);
  top = doc->y + 14;
  bottom = top + plot_h;

  /* Gridlines and the share axis */
  for (int pct = 0; pct <= 100; pct += 25)
    {
      g_autofree char *label = g_strdup_printf ("%d%%", pct);
      double y = bottom - plot_h * pct / 100.0;

      assay_pdf_hline (doc, axis_x, axis_x + plot_w, y, pct == 0 ? 1.0 : 0.4,
                       pct == 0 ? &assay_pdf_ink : &assay_pdf_hairline);
      assay_pdf_show_text (doc, label, SIZE_SMALL, PANGO_WEIGHT_NORMAL, axis_x - 5, y - 5, TRUE,
                           &assay_pdf_muted);
    }

  /* The axis title, turned to run up the axis */
  {
    g_autoptr(PangoLayout) layout = assay_pdf_text_layout (doc, _("Silver or Gold"), SIZE_SMALL,
                                                           PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT);

    cairo_save (doc->cr);
    cairo_translate (doc->cr, MARGIN_X, bottom - (plot_h - assay_pdf_layout_width (layout)) / 2);
    cairo_rotate (doc->cr, -G_PI / 2);
    pango_cairo_update_layout (doc->cr, layout);
    assay_pdf_set_color (doc, &assay_pdf_muted);
    cairo_move_to (doc->cr, 0, 0);
    pango_cairo_show_layout (doc->cr, layout);
    cairo_restore (doc->cr);
  }

  slot = plot_w / n;
  bar = MIN (46, slot * 0.62);
  for (guint i = 0; i < n; i++)
    {
      const AssayQuarterShare *q = quarters->pdata[i];
      guint audited = q->audited;
      guint good = q->silver_or_better;
      double share = audited > 0 ? (double) good / audited : 0;
      double cx = axis_x + slot * (i + 0.5);
      double h = plot_h * share;
      g_autofree char *pct = _assay_report_pdf_format_ratio (good, audited);
      /* Translators: under a bar of the chart, "5 of 12" plans */
      g_autofree char *count = g_strdup_printf (_("%u of %u"), good, audited);
      g_autoptr(PangoLayout) value = assay_pdf_text_layout (doc, pct, SIZE_TABLE,
                                                            PANGO_WEIGHT_BOLD, -1,
                                                            PANGO_ALIGN_LEFT);
      g_autoptr(PangoLayout) name = assay_pdf_text_layout (doc, q->quarter, label_size,
                                                           PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT);
      g_autoptr(PangoLayout) under = assay_pdf_text_layout (doc, count, label_size,
                                                            PANGO_WEIGHT_NORMAL, -1,
                                                            PANGO_ALIGN_LEFT);

      if (h > 0)
        {
          cairo_rectangle (doc->cr, cx - bar / 2, bottom - h, bar, h);
          assay_pdf_set_color (doc, &assay_pdf_accent);
          cairo_fill (doc->cr);
        }
      assay_pdf_show_layout (doc, value, cx - assay_pdf_layout_width (value) / 2,
                             bottom - h - assay_pdf_layout_height (value) - 1, &assay_pdf_ink);
      assay_pdf_show_layout (doc, name, cx - assay_pdf_layout_width (name) / 2, bottom + 4,
                             &assay_pdf_ink);
      assay_pdf_show_layout (doc, under, cx - assay_pdf_layout_width (under) / 2,
                             bottom + 4 + assay_pdf_layout_height (name), &assay_pdf_muted);
    }

  doc->y = bottom + 32;
  {
    g_autoptr(PangoLayout) layout = assay_pdf_text_layout (doc,
                                                           _("Quarter, and plans graded Silver "
                                                             "or Gold of those audited"),
                                                           SIZE_SMALL, PANGO_WEIGHT_BOLD, -1,
                                                           PANGO_ALIGN_LEFT);

    assay_pdf_show_layout (doc, layout,
                           axis_x + (plot_w - assay_pdf_layout_width (layout)) / 2, doc->y,
                           &assay_pdf_muted);
    doc->y += assay_pdf_layout_height (layout) + 6;
  }
}

static void
draw_report (AssayPdfDoc    *doc,
             AssayReportPdf *report)
{
  assay_pdf_new_page (doc);
  draw_title (doc, report);
  draw_figures (doc, report);
  draw_quarter_chart (doc, report);
  _assay_report_pdf_draw_tables (doc, report);
  assay_pdf_finish_page (doc);
}

static const char *
pick_family (PangoFontMap *map)
{
  PangoFontFamily **families = NULL;
  int n = 0;
  gboolean found = FALSE;

  /* GNOME's interface font when it is installed (the app's own look),
   * else whatever the system calls sans. */
  pango_font_map_list_families (map, &families, &n);
  for (int i = 0; i < n && !found; i++)
    found = g_ascii_strcasecmp (pango_font_family_get_name (families[i]), "Cantarell") == 0;
  g_free (families);

  return found ? "Cantarell" : "Sans";
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
discard_bytes (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

/* One pass: returns the number of pages, and the bytes when @out is set. */
static int
render (AssayReportPdf  *report,
        PangoFontMap    *map,
        int              n_pages,
        GByteArray      *out,
        GError         **error)
{
  g_autofree char *filter = filter_text (report);
  g_autofree char *when = g_date_time_format (report->generated, "%-d %B %Y");
  g_autofree char *creator = g_strdup_printf ("Assay %s", PACKAGE_VERSION);
  /* Whole seconds: the PDF date format has no fractions */
  g_autofree char *created = g_date_time_format (report->generated, "%Y-%m-%dT%H:%M:%S%:z");
  cairo_font_options_t *options;
  cairo_status_t status;
  AssayPdfDoc doc = { 0, };

  doc.surface = cairo_pdf_surface_create_for_stream (out != NULL ? append_bytes : discard_bytes,
                                                     out, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (doc.surface, CAIRO_PDF_METADATA_TITLE,
                                  _("Partnership report"));
  cairo_pdf_surface_set_metadata (doc.surface, CAIRO_PDF_METADATA_SUBJECT, filter);
  if (report->author != NULL)
    cairo_pdf_surface_set_metadata (doc.surface, CAIRO_PDF_METADATA_AUTHOR, report->author);
  cairo_pdf_surface_set_metadata (doc.surface, CAIRO_PDF_METADATA_CREATOR, creator);
  cairo_pdf_surface_set_metadata (doc.surface, CAIRO_PDF_METADATA_CREATE_DATE, created);

  doc.cr = cairo_create (doc.surface);
  doc.context = pango_font_map_create_context (map);
  pango_cairo_update_context (doc.cr, doc.context);
  /* Points are the page's unit: a 9.5 pt font is 9.5 units tall */
  pango_cairo_context_set_resolution (doc.context, 72);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (doc.context, options);
  cairo_font_options_destroy (options);

  doc.family = pick_family (map);
  /* Translators: the running header of the report's later pages */
  doc.header = g_strdup_printf (_("Partnership report · %s"), filter);
  doc.generated = g_strdup_printf (_("Generated %s"), when);
  doc.n_pages = n_pages;
  doc.outline = out != NULL;

  draw_report (&doc, report);

  cairo_destroy (doc.cr);
  cairo_surface_finish (doc.surface);
  status = cairo_surface_status (doc.surface);
  cairo_surface_destroy (doc.surface);
  g_object_unref (doc.context);
  g_free (doc.header);
  g_free (doc.generated);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, ASSAY_REPORT_ERROR, ASSAY_REPORT_ERROR_WRITE,
                   _("Could not draw the report: %s"), cairo_status_to_string (status));
      return -1;
    }

  return doc.page;
}

GBytes *
assay_report_pdf (AssayComparison        *comparison,
                  const AssayReportInfo  *info,
                  GError                **error)
{
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(PangoFontMap) map = NULL;
  g_autoptr(GByteArray) out = NULL;
  AssayReportPdf report = { 0, };
  int n_pages;

  g_return_val_if_fail (ASSAY_IS_COMPARISON (comparison), NULL);

  report.comparison = comparison;
  report.framework_titles = titles;
  report.author = info != NULL ? info->author : NULL;
  report.agency = info != NULL ? info->agency : NULL;
  report.generated = info != NULL && info->generated != NULL ? info->generated : now;

  for (guint p = 0; p < assay_comparison_get_n_plans (comparison); p++)
    {
      GPtrArray *audits = assay_comparison_get_plan_audits (comparison, p);

      for (guint i = 0; i < audits->len; i++)
        {
          AssayFramework *framework = assay_audit_get_framework (audits->pdata[i]);

          g_hash_table_insert (titles, (gpointer) assay_framework_get_id (framework),
                               (gpointer) assay_framework_get_title (framework));
        }
    }

  /* A font map of our own: the default one belongs to the thread that
   * made it, and this may run in a worker. */
  map = pango_cairo_font_map_new ();

  n_pages = render (&report, map, 0, NULL, error);
  if (n_pages < 0)
    return NULL;

  out = g_byte_array_new ();
  if (render (&report, map, n_pages, out, error) < 0)
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
