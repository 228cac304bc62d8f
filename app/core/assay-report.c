/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-report"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "assay-report.h"

/*
 * The partnership report, from an AssayComparison: the same counted audits,
 * filter and figures as `compare`, so the CSV, the PDF and the screen never
 * disagree.
 *
 * The CSV is for Power BI and spreadsheets: one row per counted audit, a
 * fixed header (a dashboard breaks when columns come and go, so section
 * grades, whose ids differ between frameworks, are not columns), grades as
 * the tokens of DESIGN.md, booleans as true/false and the two figures a
 * dashboard sums as 1/0.
 *
 * The PDF is laid out by hand with cairo and Pango: A4 pages, a running
 * header and footer, tables whose header repeats when they break across a
 * page. It is drawn twice, the first time only to count the pages for
 * "Page 2 of 5".
 */

G_DEFINE_QUARK (assay-report-error-quark, assay_report_error)

/* Below this, agreement is commonly judged not good enough (DOMAIN.md). */
#define ALPHA_FLOOR 0.6

/* How many criteria to list for each agency. */
#define TOP_CRITERIA 10

gboolean
assay_report_format_from_path (const char         *path,
                               AssayReportFormat  *format,
                               GError            **error)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  folded = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (folded, ".pdf"))
    *format = ASSAY_REPORT_FORMAT_PDF;
  else if (g_str_has_suffix (folded, ".csv"))
    *format = ASSAY_REPORT_FORMAT_CSV;
  else
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, ASSAY_REPORT_ERROR, ASSAY_REPORT_ERROR_FORMAT,
                   _("%s: a report is written as .pdf or .csv"), name);
      return FALSE;
    }

  return TRUE;
}

/* ==== Shared ==== */

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* The local calendar date of an ISO 8601 time: the quarter a row is in is
 * the local one too, and a date alone is what a dashboard filters on. */
static char *
local_date (const char *iso8601)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL)
    return NULL;

  time = g_date_time_new_from_iso8601 (iso8601, utc);
  if (time == NULL)
    return strlen (iso8601) >= 10 ? g_strndup (iso8601, 10) : g_strdup (iso8601);

  local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y-%m-%d");
}

/* ==== CSV ==== */

static const char * const csv_columns[] = {
  "audit_id",
  "case_ref",
  "framework",
  "framework_version",
  "kind",
  "moderator",
  "moderator_id",
  "agency",
  "finished",
  "quarter",
  "plan_quarter",
  "team",
  "plan_type",
  "phase",
  "setting_type",
  "primary_need",
  "child_in_care",
  "derived_grade",
  "final_grade",
  "overridden",
  "agreed_grade",
  "unit_grade",
  "silver_or_better",
  "plan_row",
};

/*
 * One field as RFC 4180 writes it. Spreadsheets run a cell that starts
 * with = + - @ (or a tab or carriage return, which some strip first) as a
 * formula, and team names and the like come from council exports: such a
 * cell gets a leading apostrophe inside quotes, as OWASP advises, so it
 * shows as text.
 */
static void
csv_append_field (GString    *out,
                  const char *value)
{
  gboolean formula;
  gboolean quote;

  if (value == NULL)
    value = "";

  formula = value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL;
  quote = formula || strpbrk (value, ",\"\r\n") != NULL;

  if (quote)
    g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

static void
csv_append_row (GString     *out,
                const char **fields)
{
  for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      csv_append_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}

static const char *
token_or_empty (AssayGrade grade)
{
  return ASSAY_GRADE_IS_SCORED (grade) ? assay_grade_to_token (grade) : "";
}

/* A caseload field as the CSV shows it: text as stored, child_in_care as
 * true/false, nothing for a case the local caseload does not have. */
static const char *
case_field (JsonObject *fields,
            const char *name)
{
  JsonNode *node = fields != NULL ? json_object_get_member (fields, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return "";

  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node) ? "true" : "false";

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return "";
}

GBytes *
assay_report_csv (AssayComparison *comparison)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (ASSAY_IS_COMPARISON (comparison), NULL);

  /* The byte-order mark is how Excel knows the file is UTF-8 (without it,
   * it reads Windows-1252 and mangles names); Power BI accepts it too. */
  g_string_append (out, "\xef\xbb\xbf");
  csv_append_row (out, (const char **) csv_columns);

  for (guint p = 0; p < assay_comparison_get_n_plans (comparison); p++)
    {
      GPtrArray *audits = assay_comparison_get_plan_audits (comparison, p);
      const char *case_ref = assay_comparison_get_plan_ref (comparison, p);
      JsonObject *fields = assay_comparison_lookup_case (comparison, case_ref);
      AssayGrade plan_grade = assay_comparison_get_plan_grade (comparison, p);
      AssayGrade agreed = assay_comparison_get_plan_agreed (comparison, p);
      const char *plan_quarter = assay_comparison_get_plan_quarter (comparison, p);
      gboolean good = plan_grade == ASSAY_GRADE_SILVER || plan_grade == ASSAY_GRADE_GOLD;

      for (guint i = 0; i < audits->len; i++)
        {
          AssayAudit *audit = audits->pdata[i];
          AssayFramework *framework = assay_audit_get_framework (audit);
          g_autoptr(AssayGrading) grading = assay_audit_compute (audit);
          g_autofree char *finished = local_date (assay_audit_get_finished (audit));
          g_autofree char *quarter = assay_quarter_from_iso8601 (assay_audit_get_finished (audit));
          AssayGrade final = assay_audit_get_final (audit, NULL);
          /* as recorded at finishing: a report never regrades an audit */
          AssayGrade derived = assay_audit_get_derived (audit, grading);
          const char *row[G_N_ELEMENTS (csv_columns)] = {
            assay_audit_get_id (audit),
            case_ref,
            assay_framework_get_id (framework),
            assay_framework_get_version (framework),
            assay_framework_get_kind (framework),
            assay_audit_get_moderator (audit),
            assay_audit_get_moderator_id (audit),
            assay_audit_get_agency (audit),
            finished,
            quarter,
            plan_quarter,
            case_field (fields, "team"),
            case_field (fields, "plan_type"),
            case_field (fields, "phase"),
            case_field (fields, "setting_type"),
            case_field (fields, "primary_need"),
            case_field (fields, "child_in_care"),
            token_or_empty (derived),
            token_or_empty (final),
            final != derived ? "true" : "false",
            token_or_empty (agreed),
            token_or_empty (plan_grade),
            good ? "1" : "0",
            /* One row of each plan carries it, so that summing it counts
             * plans, not audits, as the PDF's share does. */
            i == 0 ? "1" : "0",
          };

          csv_append_row (out, row);
        }
    }

  return g_string_free_to_bytes (out);
}

/* ==== PDF: page and text ==== */

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
} Color;

static const Color ink = { 0.14, 0.12, 0.19 };          /* #241f31 */
static const Color muted = { 0.37, 0.36, 0.39 };        /* #5e5c64 */
static const Color rule = { 0.75, 0.75, 0.74 };         /* #c0bfbc */
static const Color hairline = { 0.87, 0.87, 0.85 };     /* #deddda */
static const Color stripe = { 0.965, 0.961, 0.957 };    /* #f6f5f4 */
static const Color accent = { 0.11, 0.44, 0.85 };       /* #1c71d8 */
static const Color warning = { 0.65, 0.11, 0.18 };      /* #a51d2d */
static const Color white = { 1, 1, 1 };

/* The app's grade colours (ui/style.css), background and text */
static const Color grade_bg[] = {
  [ASSAY_GRADE_NONE] = { 0.87, 0.87, 0.85 },
  [ASSAY_GRADE_NOT_YET_BRONZE] = { 0.753, 0.110, 0.157 },   /* #c01c28 */
  [ASSAY_GRADE_BRONZE] = { 0.710, 0.514, 0.353 },           /* #b5835a */
  [ASSAY_GRADE_SILVER] = { 0.753, 0.749, 0.737 },           /* #c0bfbc */
  [ASSAY_GRADE_GOLD] = { 0.961, 0.761, 0.067 },             /* #f5c211 */
};
static const Color grade_fg[] = {
  [ASSAY_GRADE_NONE] = { 0.14, 0.12, 0.19 },
  [ASSAY_GRADE_NOT_YET_BRONZE] = { 1, 1, 1 },
  [ASSAY_GRADE_BRONZE] = { 0.122, 0.071, 0.035 },           /* #1f1209 */
  [ASSAY_GRADE_SILVER] = { 0.141, 0.122, 0.192 },           /* #241f31 */
  [ASSAY_GRADE_GOLD] = { 0.239, 0.180, 0 },                 /* #3d2e00 */
};

/* Best first, as every table and legend orders them */
static const AssayGrade grades_down[] = {
  ASSAY_GRADE_GOLD, ASSAY_GRADE_SILVER, ASSAY_GRADE_BRONZE, ASSAY_GRADE_NOT_YET_BRONZE,
};

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
} Doc;

static void
set_color (Doc         *doc,
           const Color *color)
{
  cairo_set_source_rgb (doc->cr, color->r, color->g, color->b);
}

static PangoLayout *
text_layout (Doc            *doc,
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

static double
layout_height (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_size (layout, &width, &height);

  return (double) height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_size (layout, &width, &height);

  return (double) width / PANGO_SCALE;
}

static void
show_layout (Doc         *doc,
             PangoLayout *layout,
             double       x,
             double       y,
             const Color *color)
{
  set_color (doc, color);
  cairo_move_to (doc->cr, x, y);
  pango_cairo_show_layout (doc->cr, layout);
}

/* A line of text that does not wrap, placed at @x (or ending there for
 * @end); returns its width. */
static double
show_text (Doc         *doc,
           const char  *text,
           double       size,
           PangoWeight  weight,
           double       x,
           double       y,
           gboolean     end,
           const Color *color)
{
  g_autoptr(PangoLayout) layout = text_layout (doc, text, size, weight, -1, PANGO_ALIGN_LEFT);
  double width = layout_width (layout);

  show_layout (doc, layout, end ? x - width : x, y, color);

  return width;
}

static void
hline (Doc         *doc,
       double       x0,
       double       x1,
       double       y,
       double       width,
       const Color *color)
{
  set_color (doc, color);
  cairo_set_line_width (doc->cr, width);
  cairo_move_to (doc->cr, x0, y);
  cairo_line_to (doc->cr, x1, y);
  cairo_stroke (doc->cr);
}

static void
rounded_rect (cairo_t *cr,
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

static void
finish_page (Doc *doc)
{
  g_autofree char *number = NULL;
  double y = PAGE_HEIGHT - 44;

  if (doc->page == 0)
    return;

  hline (doc, MARGIN_X, PAGE_WIDTH - MARGIN_X, y, 0.5, &rule);
  show_text (doc, _("Contains personal data — handle under your information-sharing agreement"),
             SIZE_SMALL, PANGO_WEIGHT_BOLD, MARGIN_X, y + 6, FALSE, &ink);
  if (doc->n_pages > 0)
    /* Translators: the page footer, "Page 2 of 5" */
    number = g_strdup_printf (_("Page %d of %d"), doc->page, doc->n_pages);
  else
    number = g_strdup_printf (_("Page %d"), doc->page);
  show_text (doc, number, SIZE_SMALL, PANGO_WEIGHT_NORMAL, PAGE_WIDTH - MARGIN_X, y + 6, TRUE,
             &muted);

  cairo_show_page (doc->cr);
}

static void
new_page (Doc *doc)
{
  finish_page (doc);
  doc->page++;

  if (doc->page == 1)
    {
      doc->y = FIRST_TOP;
      return;
    }

  show_text (doc, doc->header, SIZE_SMALL, PANGO_WEIGHT_NORMAL, MARGIN_X, 34, FALSE, &muted);
  show_text (doc, doc->generated, SIZE_SMALL, PANGO_WEIGHT_NORMAL, PAGE_WIDTH - MARGIN_X, 34,
             TRUE, &muted);
  hline (doc, MARGIN_X, PAGE_WIDTH - MARGIN_X, 50, 0.5, &rule);
  doc->y = PAGE_TOP;
}

/* Room for @height more on this page, or a new one. */
static void
ensure_space (Doc    *doc,
              double  height)
{
  if (doc->y + height > PAGE_BOTTOM)
    new_page (doc);
}

static void
paragraph (Doc         *doc,
           const char  *text,
           double       size,
           const Color *color,
           double       after)
{
  g_autoptr(PangoLayout) layout = text_layout (doc, text, size, PANGO_WEIGHT_NORMAL,
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
        new_page (doc);

      set_color (doc, color);
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
static void
heading (Doc        *doc,
         const char *text,
         double      keep)
{
  g_autoptr(PangoLayout) layout = text_layout (doc, text, SIZE_H2, PANGO_WEIGHT_BOLD,
                                               CONTENT_WIDTH, PANGO_ALIGN_LEFT);
  double height = layout_height (layout);

  doc->y += 14;
  ensure_space (doc, height + 8 + keep);

  if (doc->outline)
    {
      /* Whole points: %g would write a decimal comma in some locales */
      g_autofree char *link = g_strdup_printf ("page=%d pos=[%d %d]", doc->page,
                                               (int) MARGIN_X, (int) doc->y);

      cairo_pdf_surface_add_outline (doc->surface, CAIRO_PDF_OUTLINE_ROOT, text, link,
                                     CAIRO_PDF_OUTLINE_FLAG_OPEN);
    }

  show_layout (doc, layout, MARGIN_X, doc->y, &ink);
  doc->y += height + 3;
  hline (doc, MARGIN_X, PAGE_WIDTH - MARGIN_X, doc->y, 1.0, &accent);
  doc->y += 8;
}

static void
subheading (Doc        *doc,
            const char *text,
            double      keep)
{
  g_autoptr(PangoLayout) layout = text_layout (doc, text, SIZE_H3, PANGO_WEIGHT_BOLD,
                                               CONTENT_WIDTH, PANGO_ALIGN_LEFT);
  double height = layout_height (layout);

  doc->y += 6;
  ensure_space (doc, height + 4 + keep);
  show_layout (doc, layout, MARGIN_X, doc->y, &ink);
  doc->y += height + 4;
}

/* A section's heading and its note, on a page with room for @keep points
 * of what follows them; or, when it has nothing to show, the heading and a
 * line that says so, kept short so that an empty report stays on one page.
 * FALSE when empty. */
static gboolean
section (Doc        *doc,
         const char *title,
         const char *note,
         gboolean    empty,
         const char *empty_text,
         double      keep)
{
  if (!empty && note != NULL)
    {
      g_autoptr(PangoLayout) layout = text_layout (doc, note, SIZE_BODY, PANGO_WEIGHT_NORMAL,
                                                   CONTENT_WIDTH, PANGO_ALIGN_LEFT);

      keep += layout_height (layout) + 6;
    }

  heading (doc, title, empty ? 16 : keep);
  if (empty)
    {
      paragraph (doc, empty_text, SIZE_BODY, &muted, 2);
      return FALSE;
    }

  if (note != NULL)
    paragraph (doc, note, SIZE_BODY, &ink, 6);

  return TRUE;
}

/* A grade as the app shows it: its colour with its word on it, so that the
 * grade still reads when printed in grey. */
static double
grade_pill (Doc        *doc,
            AssayGrade  grade,
            const char *text,
            double      size,
            double      x,
            double      y,
            gboolean    measure_only)
{
  g_autoptr(PangoLayout) layout = text_layout (doc, text, size, PANGO_WEIGHT_BOLD, -1,
                                               PANGO_ALIGN_LEFT);
  double width = layout_width (layout) + 10;
  double height = layout_height (layout) + 2;
  guint index = ASSAY_GRADE_IS_SCORED (grade) ? grade : ASSAY_GRADE_NONE;

  if (measure_only)
    return width;

  rounded_rect (doc->cr, x, y, width, height, height / 2);
  set_color (doc, &grade_bg[index]);
  cairo_fill (doc->cr);
  show_layout (doc, layout, x + 5, y + 1, &grade_fg[index]);

  return width;
}

/* ==== PDF: tables ==== */

typedef enum
{
  CELL_TEXT,
  CELL_GRADE,    /* a grade pill */
  CELL_STACK,    /* a bar of the four grades' counts */
  CELL_GRADES,   /* lines of text, each with a grade pill */
} CellKind;

typedef struct
{
  char       *text;
  AssayGrade  grade;
} GradeLine;

typedef struct
{
  CellKind     kind;
  char        *text;
  char        *detail;    /* a second, quieter line under the text */
  AssayGrade   grade;
  guint        counts[ASSAY_GRADE_GOLD + 1];
  GArray      *lines;     /* of GradeLine, for CELL_GRADES */
  gboolean     bold;
  const Color *color;
} Cell;

typedef struct
{
  const char     *title;
  double          width;     /* points */
  PangoAlignment  alignment;
  AssayGrade      grade;     /* a header drawn as that grade's pill */
} Column;

typedef struct
{
  const Column *columns;
  guint         n_columns;
  const char   *caption;     /* named again above its header on a new page */
  GPtrArray    *rows;        /* of Cell[n_columns] */
} Table;

#define CELL_PAD_X 4.0
#define CELL_PAD_Y 3.5
/* The room a grade pill takes in a CELL_GRADES line */
#define PILL_ROOM 78.0

static Table *
table_new (const Column *columns,
           guint         n_columns,
           const char   *caption)
{
  Table *table = g_new0 (Table, 1);
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

static void
table_free (Table *table)
{
  for (guint r = 0; r < table->rows->len; r++)
    {
      Cell *cells = table->rows->pdata[r];

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

static Cell *
table_add_row (Table *table)
{
  Cell *cells = g_new0 (Cell, table->n_columns);

  g_ptr_array_add (table->rows, cells);

  return cells;
}

static void
cell_set_text (Cell       *cell,
               const char *text)
{
  g_free (cell->text);
  cell->kind = CELL_TEXT;
  cell->text = g_strdup (text != NULL && *text != '\0' ? text : "—");
}

static void
cell_take_text (Cell *cell,
                char *text)
{
  cell_set_text (cell, text);
  g_free (text);
}

static void
cell_set_detail (Cell       *cell,
                 const char *detail)
{
  g_free (cell->detail);
  cell->detail = detail != NULL && *detail != '\0' ? g_strdup (detail) : NULL;
}

static void
cell_add_grade_line (Cell       *cell,
                     const char *text,
                     AssayGrade  grade)
{
  GradeLine line = { g_strdup (text != NULL ? text : ""), grade };

  cell->kind = CELL_GRADES;
  if (cell->lines == NULL)
    cell->lines = g_array_new (FALSE, FALSE, sizeof (GradeLine));
  g_array_append_val (cell->lines, line);
}

static PangoLayout *
cell_text_layout (Doc          *doc,
                  const Column *column,
                  Cell         *cell,
                  double        size)
{
  return text_layout (doc, cell->text, size, cell->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                      column->width - 2 * CELL_PAD_X, column->alignment);
}

static PangoLayout *
cell_detail_layout (Doc          *doc,
                    const Column *column,
                    Cell         *cell)
{
  return text_layout (doc, cell->detail, SIZE_SMALL, PANGO_WEIGHT_NORMAL,
                      column->width - 2 * CELL_PAD_X, column->alignment);
}

static double
grade_line_height (Doc          *doc,
                   const Column *column,
                   GradeLine    *line,
                   double        size)
{
  g_autoptr(PangoLayout) layout = text_layout (doc, line->text, size, PANGO_WEIGHT_NORMAL,
                                               column->width - 2 * CELL_PAD_X - PILL_ROOM,
                                               PANGO_ALIGN_LEFT);

  return MAX (layout_height (layout), size + 4) + 2;
}

static double
cell_height (Doc          *doc,
             const Column *column,
             Cell         *cell,
             double        size)
{
  double height = 0;

  switch (cell->kind)
    {
    case CELL_STACK:
      return 12;

    case CELL_GRADES:
      for (guint i = 0; cell->lines != NULL && i < cell->lines->len; i++)
        height += grade_line_height (doc, column, &g_array_index (cell->lines, GradeLine, i),
                                     size);
      return height - 2;

    case CELL_GRADE:
    case CELL_TEXT:
    default:
      {
        g_autoptr(PangoLayout) layout = cell_text_layout (doc, column, cell, size);

        height = layout_height (layout) + (cell->kind == CELL_GRADE ? 2 : 0);
        if (cell->detail != NULL)
          {
            g_autoptr(PangoLayout) detail = cell_detail_layout (doc, column, cell);

            height += layout_height (detail) + 1;
          }
        return height;
      }
    }
}

static void
draw_stack (Doc          *doc,
            const guint  *counts,
            double        x,
            double        y,
            double        width)
{
  guint total = 0;
  double at = x;

  for (guint g = 0; g < G_N_ELEMENTS (grades_down); g++)
    total += counts[grades_down[g]];

  set_color (doc, &hairline);
  cairo_rectangle (doc->cr, x, y, width, 12);
  cairo_fill (doc->cr);
  if (total == 0)
    return;

  for (guint g = 0; g < G_N_ELEMENTS (grades_down); g++)
    {
      AssayGrade grade = grades_down[g];
      double w = width * counts[grade] / total;

      if (counts[grade] == 0)
        continue;

      set_color (doc, &grade_bg[grade]);
      cairo_rectangle (doc->cr, at, y, w, 12);
      cairo_fill (doc->cr);

      /* Segments touch: a white edge keeps them apart in grey print */
      if (at > x)
        {
          set_color (doc, &white);
          cairo_rectangle (doc->cr, at - 0.5, y, 1, 12);
          cairo_fill (doc->cr);
        }

      if (w >= 12)
        {
          g_autofree char *count = g_strdup_printf ("%u", counts[grade]);
          g_autoptr(PangoLayout) layout = text_layout (doc, count, SIZE_SMALL, PANGO_WEIGHT_BOLD,
                                                       -1, PANGO_ALIGN_LEFT);

          show_layout (doc, layout, at + (w - layout_width (layout)) / 2,
                       y + (12 - layout_height (layout)) / 2, &grade_fg[grade]);
        }
      at += w;
    }
}

static void
draw_cell (Doc          *doc,
           const Column *column,
           Cell         *cell,
           double        x,
           double        y,
           double        size)
{
  double inner = column->width - 2 * CELL_PAD_X;

  switch (cell->kind)
    {
    case CELL_STACK:
      draw_stack (doc, cell->counts, x + CELL_PAD_X, y, inner);
      break;

    case CELL_GRADE:
      {
        double width = grade_pill (doc, cell->grade, cell->text, size - 0.5, 0, 0, TRUE);
        double at = x + CELL_PAD_X;

        if (column->alignment == PANGO_ALIGN_RIGHT)
          at = x + column->width - CELL_PAD_X - width;
        else if (column->alignment == PANGO_ALIGN_CENTER)
          at = x + (column->width - width) / 2;
        grade_pill (doc, cell->grade, cell->text, size - 0.5, at, y, FALSE);
      }
      break;

    case CELL_GRADES:
      for (guint i = 0; cell->lines != NULL && i < cell->lines->len; i++)
        {
          GradeLine *line = &g_array_index (cell->lines, GradeLine, i);
          g_autoptr(PangoLayout) layout = text_layout (doc, line->text, size,
                                                       PANGO_WEIGHT_NORMAL,
                                                       inner - PILL_ROOM, PANGO_ALIGN_LEFT);

          show_layout (doc, layout, x + CELL_PAD_X, y + 1, &ink);
          grade_pill (doc, line->grade, assay_grade_get_default_label (line->grade), SIZE_SMALL,
                      x + CELL_PAD_X + inner - PILL_ROOM + 6, y, FALSE);
          y += grade_line_height (doc, column, line, size);
        }
      break;

    case CELL_TEXT:
    default:
      {
        g_autoptr(PangoLayout) layout = cell_text_layout (doc, column, cell, size);

        show_layout (doc, layout, x + CELL_PAD_X, y, cell->color != NULL ? cell->color : &ink);
        if (cell->detail != NULL)
          {
            g_autoptr(PangoLayout) detail = cell_detail_layout (doc, column, cell);

            show_layout (doc, detail, x + CELL_PAD_X, y + layout_height (layout) + 1,
                         cell->color != NULL ? cell->color : &muted);
          }
      }
      break;
    }
}

static double
header_height (Doc   *doc,
               Table *table)
{
  double height = 0;

  for (guint c = 0; c < table->n_columns; c++)
    {
      const Column *column = &table->columns[c];
      g_autoptr(PangoLayout) layout = text_layout (doc, column->title, SIZE_SMALL,
                                                   PANGO_WEIGHT_BOLD,
                                                   column->width - 2 * CELL_PAD_X,
                                                   column->alignment);

      height = MAX (height, layout_height (layout) + (column->grade != ASSAY_GRADE_NONE ? 2 : 0));
    }

  return height + 2 * CELL_PAD_Y;
}

static void
draw_header (Doc   *doc,
             Table *table)
{
  double height = header_height (doc, table);
  double x = MARGIN_X;

  for (guint c = 0; c < table->n_columns; c++)
    {
      const Column *column = &table->columns[c];

      if (column->grade != ASSAY_GRADE_NONE)
        {
          Cell cell = { 0, };

          cell.kind = CELL_GRADE;
          cell.text = (char *) column->title;
          cell.grade = column->grade;
          draw_cell (doc, column, &cell, x, doc->y + height - CELL_PAD_Y - 11, SIZE_SMALL + 0.5);
        }
      else
        {
          g_autoptr(PangoLayout) layout = text_layout (doc, column->title, SIZE_SMALL,
                                                       PANGO_WEIGHT_BOLD,
                                                       column->width - 2 * CELL_PAD_X,
                                                       column->alignment);

          /* Headers sit on the rule, whatever their number of lines */
          show_layout (doc, layout, x + CELL_PAD_X,
                       doc->y + height - CELL_PAD_Y - layout_height (layout), &muted);
        }
      x += column->width;
    }

  doc->y += height;
  hline (doc, MARGIN_X, MARGIN_X + CONTENT_WIDTH, doc->y, 0.8, &ink);
}

static double
row_height (Doc   *doc,
            Table *table,
            guint  r)
{
  Cell *cells = table->rows->pdata[r];
  double height = 0;

  for (guint c = 0; c < table->n_columns; c++)
    height = MAX (height, cell_height (doc, &table->columns[c], &cells[c], SIZE_TABLE));

  return height + 2 * CELL_PAD_Y;
}

/* How much of the table must start on the same page: all of a short one,
 * else its header and first three rows, so that no page ends with a
 * header and a lone row. */
static double
table_keep_height (Doc   *doc,
                   Table *table)
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
static void
draw_table (Doc   *doc,
            Table *table)
{
  double width = 0;

  for (guint c = 0; c < table->n_columns; c++)
    width += table->columns[c].width;

  for (guint r = 0; r < table->rows->len; r++)
    {
      Cell *cells = table->rows->pdata[r];
      double height = row_height (doc, table, r);
      double x = MARGIN_X;

      if (r == 0)
        {
          ensure_space (doc, table_keep_height (doc, table));
          draw_header (doc, table);
        }
      else if (doc->y + height > PAGE_BOTTOM)
        {
          new_page (doc);
          if (table->caption != NULL)
            {
              /* Translators: above the rest of a table on the next page */
              g_autofree char *continued = g_strdup_printf (_("%s (continued)"), table->caption);

              show_text (doc, continued, SIZE_SMALL + 0.5, PANGO_WEIGHT_BOLD, MARGIN_X, doc->y,
                         FALSE, &muted);
              doc->y += 12;
            }
          draw_header (doc, table);
        }

      if (r % 2 == 1)
        {
          set_color (doc, &stripe);
          cairo_rectangle (doc->cr, MARGIN_X, doc->y, width, height);
          cairo_fill (doc->cr);
        }

      for (guint c = 0; c < table->n_columns; c++)
        {
          draw_cell (doc, &table->columns[c], &cells[c], x, doc->y + CELL_PAD_Y, SIZE_TABLE);
          x += table->columns[c].width;
        }

      doc->y += height;
      hline (doc, MARGIN_X, MARGIN_X + width, doc->y, 0.4, &hairline);
    }

  doc->y += 4;
}

/* ==== PDF: the report's parts ==== */

typedef struct
{
  AssayComparison *comparison;
  JsonObject      *root;
  GHashTable      *framework_titles;   /* id -> title */
  GHashTable      *moderator_agencies; /* id -> agency */
  const char      *author;
  const char      *agency;
  GDateTime       *generated;
} Report;

static char *
format_share (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");

  return g_strdup_printf ("%.0f%%", json_node_get_double (node) * 100);
}

static char *
format_ratio (guint part,
              guint whole)
{
  if (whole == 0)
    return g_strdup ("—");

  return g_strdup_printf ("%.0f%%", 100.0 * part / whole);
}

static char *
format_number (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");

  return g_strdup_printf ("%.2f", json_node_get_double (node));
}

static const char *
framework_title (Report     *report,
                 const char *id)
{
  const char *title = g_hash_table_lookup (report->framework_titles, id);

  return title != NULL ? title : id;
}

static void
counts_from_json (JsonObject *object,
                  guint      *counts)
{
  for (guint g = 0; g < G_N_ELEMENTS (grades_down); g++)
    {
      AssayGrade grade = grades_down[g];
      const char *token = assay_grade_to_token (grade);

      counts[grade] = (guint) json_object_get_int_member_with_default (object, token, 0);
    }
}

static char *
filter_text (Report *report)
{
  const char *quarter = assay_comparison_get_filter_quarter (report->comparison);
  const char *agency = assay_comparison_get_filter_agency (report->comparison);
  JsonArray *quarters = json_object_get_array_member (report->root, "silver_or_better");
  g_autofree char *period = NULL;
  const char *first = NULL, *last = NULL;

  for (guint i = 0; i < json_array_get_length (quarters); i++)
    {
      const char *q = member_string (json_array_get_object_element (quarters, i), "quarter");

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
draw_title (Doc    *doc,
            Report *report)
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

  show_text (doc, _("MULTI-AGENCY QUALITY ASSURANCE OF EHC PLANS"), SIZE_SMALL,
             PANGO_WEIGHT_BOLD, MARGIN_X, doc->y, FALSE, &accent);
  doc->y += 13;

  title = text_layout (doc, _("Partnership report"), SIZE_TITLE, PANGO_WEIGHT_BOLD,
                       CONTENT_WIDTH, PANGO_ALIGN_LEFT);
  show_layout (doc, title, MARGIN_X, doc->y, &ink);
  doc->y += layout_height (title) + 2;

  subtitle = text_layout (doc, filter, SIZE_H3 + 1, PANGO_WEIGHT_NORMAL, CONTENT_WIDTH,
                          PANGO_ALIGN_LEFT);
  show_layout (doc, subtitle, MARGIN_X, doc->y, &ink);
  doc->y += layout_height (subtitle) + 3;

  paragraph (doc, by, SIZE_BODY - 0.5, &muted, 10);

  /* Figures without some audits must say so on their face */
  missing = assay_comparison_get_missing_frameworks (report->comparison);
  if (missing != NULL && missing->len > 0)
    {
      g_autofree char *note = assay_missing_frameworks_describe (missing);

      paragraph (doc, note, SIZE_BODY - 0.5, &warning, 10);
    }

  hline (doc, MARGIN_X, PAGE_WIDTH - MARGIN_X, doc->y, 1.5, &ink);
  doc->y += 12;
}

typedef struct
{
  const char  *title;
  char        *value;
  char        *caption;
  const Color *caption_color;
} Figure;

static char *
pairs_caption (guint pairs)
{
  if (pairs == 0)
    return g_strdup (_("No plan has two moderators yet"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "over %u pair of audits",
                                       "over %u pairs of audits", pairs), pairs);
}

static void
draw_figures (Doc    *doc,
              Report *report)
{
  JsonObject *agreement = json_object_get_object_member (report->root, "agreement");
  JsonObject *distribution = json_object_get_object_member (report->root, "distribution");
  JsonObject *overall = json_object_get_object_member (distribution, "overall");
  JsonNode *alpha = json_object_get_member (agreement, "krippendorff_alpha");
  guint plans = (guint) json_object_get_int_member (report->root, "plans");
  guint audits = (guint) json_object_get_int_member (report->root, "audits");
  guint pairs = (guint) json_object_get_int_member (agreement, "pairs");
  guint good = (guint) (json_object_get_int_member_with_default (overall, "gold", 0) +
                        json_object_get_int_member_with_default (overall, "silver", 0));
  Figure figures[5] = {
    { _("Plans audited"), g_strdup_printf ("%u", plans),
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u audit counted", "%u audits counted",
                                    audits), audits), &muted },
    { _("Silver or better"), format_ratio (good, plans),
      /* Translators: how many plans were graded Silver or Gold, "5 of 12 plans" */
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u plan", "%u of %u plans", plans),
                       good, plans), &muted },
    { _("Exact agreement"), format_share (json_object_get_member (agreement, "exact")),
      pairs_caption (pairs), &muted },
    { _("Within one grade"), format_share (json_object_get_member (agreement, "within_one")),
      pairs_caption (pairs), &muted },
    { _("Krippendorff’s alpha"), format_number (alpha), NULL, &muted },
  };
  double gap = 8;
  double width = (CONTENT_WIDTH - gap * (G_N_ELEMENTS (figures) - 1)) / G_N_ELEMENTS (figures);
  double height = 0;

  if (alpha == NULL || JSON_NODE_HOLDS_NULL (alpha))
    figures[4].caption = g_strdup (_("Not enough plans or variation yet"));
  else if (json_node_get_double (alpha) < ALPHA_FLOOR)
    {
      figures[4].caption = g_strdup_printf (_("Below the %.1f floor for acceptable agreement"),
                                            ALPHA_FLOOR);
      figures[4].caption_color = &warning;
    }
  else
    figures[4].caption = g_strdup_printf (_("At or above the %.1f floor for acceptable "
                                            "agreement"), ALPHA_FLOOR);

  /* Every card as tall as the tallest */
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autoptr(PangoLayout) title = text_layout (doc, figures[i].title, SIZE_SMALL,
                                                  PANGO_WEIGHT_BOLD, width - 16,
                                                  PANGO_ALIGN_LEFT);
      g_autoptr(PangoLayout) caption = text_layout (doc, figures[i].caption, SIZE_SMALL,
                                                    PANGO_WEIGHT_NORMAL, width - 16,
                                                    PANGO_ALIGN_LEFT);

      height = MAX (height, layout_height (title) + layout_height (caption));
    }
  height += SIZE_FIGURE * 1.25 + 19;

  ensure_space (doc, height);
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      double x = MARGIN_X + i * (width + gap);
      double y = doc->y + 8;
      g_autoptr(PangoLayout) title = text_layout (doc, figures[i].title, SIZE_SMALL,
                                                  PANGO_WEIGHT_BOLD, width - 16,
                                                  PANGO_ALIGN_LEFT);
      g_autoptr(PangoLayout) value = text_layout (doc, figures[i].value, SIZE_FIGURE,
                                                  PANGO_WEIGHT_BOLD, width - 16,
                                                  PANGO_ALIGN_LEFT);
      g_autoptr(PangoLayout) caption = text_layout (doc, figures[i].caption, SIZE_SMALL,
                                                    PANGO_WEIGHT_NORMAL, width - 16,
                                                    PANGO_ALIGN_LEFT);

      rounded_rect (doc->cr, x, doc->y, width, height, 6);
      set_color (doc, &stripe);
      cairo_fill_preserve (doc->cr);
      set_color (doc, &hairline);
      cairo_set_line_width (doc->cr, 0.8);
      cairo_stroke (doc->cr);

      show_layout (doc, title, x + 8, y, &muted);
      y += layout_height (title) + 2;
      show_layout (doc, value, x + 8, y,
                   figures[i].caption_color == &warning ? &warning : &ink);
      y += layout_height (value) + 1;
      show_layout (doc, caption, x + 8, y, figures[i].caption_color);

      g_free (figures[i].value);
      g_free (figures[i].caption);
    }

  doc->y += height + 4;
}

static void
draw_quarter_chart (Doc    *doc,
                    Report *report)
{
  JsonArray *quarters = json_object_get_array_member (report->root, "silver_or_better");
  guint n = json_array_get_length (quarters);
  double axis_x = MARGIN_X + 44;
  double plot_w = MARGIN_X + CONTENT_WIDTH - axis_x;
  double plot_h = 150;
  double top, bottom, slot, bar;
  double label_size = n > 10 ? SIZE_SMALL - 1 : SIZE_SMALL;

  if (!section (doc, _("Plans graded Silver or Gold, by quarter"),
                _("The partnership’s headline measure: the share of audited plans whose grade "
                  "is Silver or Gold should rise. A plan counts once, in the quarter its first "
                  "audit was finished, with the grade the forum agreed or, until then, the "
                  "moderators’ common or first grade."),
                n == 0, _("No finished audits in this selection."), 220))
    return;

  ensure_space (doc, plot_h + 60);
  top = doc->y + 14;
  bottom = top + plot_h;

  /* Gridlines and the share axis */
  for (int pct = 0; pct <= 100; pct += 25)
    {
      g_autofree char *label = g_strdup_printf ("%d%%", pct);
      double y = bottom - plot_h * pct / 100.0;

      hline (doc, axis_x, axis_x + plot_w, y, pct == 0 ? 1.0 : 0.4, pct == 0 ? &ink : &hairline);
      show_text (doc, label, SIZE_SMALL, PANGO_WEIGHT_NORMAL, axis_x - 5, y - 5, TRUE, &muted);
    }

  /* The axis title, turned to run up the axis */
  {
    g_autoptr(PangoLayout) layout = text_layout (doc, _("Silver or Gold"), SIZE_SMALL,
                                                 PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT);

    cairo_save (doc->cr);
    cairo_translate (doc->cr, MARGIN_X, bottom - (plot_h - layout_width (layout)) / 2);
    cairo_rotate (doc->cr, -G_PI / 2);
    pango_cairo_update_layout (doc->cr, layout);
    set_color (doc, &muted);
    cairo_move_to (doc->cr, 0, 0);
    pango_cairo_show_layout (doc->cr, layout);
    cairo_restore (doc->cr);
  }

  slot = plot_w / n;
  bar = MIN (46, slot * 0.62);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *q = json_array_get_object_element (quarters, i);
      guint audited = (guint) json_object_get_int_member (q, "audited");
      guint good = (guint) json_object_get_int_member (q, "silver_or_better");
      double share = audited > 0 ? (double) good / audited : 0;
      double cx = axis_x + slot * (i + 0.5);
      double h = plot_h * share;
      g_autofree char *pct = format_ratio (good, audited);
      /* Translators: under a bar of the chart, "5 of 12" plans */
      g_autofree char *count = g_strdup_printf (_("%u of %u"), good, audited);
      g_autoptr(PangoLayout) value = text_layout (doc, pct, SIZE_TABLE, PANGO_WEIGHT_BOLD, -1,
                                                  PANGO_ALIGN_LEFT);
      g_autoptr(PangoLayout) name = text_layout (doc, member_string (q, "quarter"), label_size,
                                                 PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT);
      g_autoptr(PangoLayout) under = text_layout (doc, count, label_size, PANGO_WEIGHT_NORMAL, -1,
                                                  PANGO_ALIGN_LEFT);

      if (h > 0)
        {
          cairo_rectangle (doc->cr, cx - bar / 2, bottom - h, bar, h);
          set_color (doc, &accent);
          cairo_fill (doc->cr);
        }
      show_layout (doc, value, cx - layout_width (value) / 2,
                   bottom - h - layout_height (value) - 1, &ink);
      show_layout (doc, name, cx - layout_width (name) / 2, bottom + 4, &ink);
      show_layout (doc, under, cx - layout_width (under) / 2,
                   bottom + 4 + layout_height (name), &muted);
    }

  doc->y = bottom + 32;
  {
    g_autoptr(PangoLayout) layout = text_layout (doc, _("Quarter, and plans graded Silver or "
                                                        "Gold of those audited"),
                                                 SIZE_SMALL, PANGO_WEIGHT_BOLD, -1,
                                                 PANGO_ALIGN_LEFT);

    show_layout (doc, layout, axis_x + (plot_w - layout_width (layout)) / 2, doc->y, &muted);
    doc->y += layout_height (layout) + 6;
  }
}

static const Column distribution_columns[] = {
  { NULL, 112, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
  { N_("Gold"), 42, PANGO_ALIGN_RIGHT, ASSAY_GRADE_GOLD },
  { N_("Silver"), 45, PANGO_ALIGN_RIGHT, ASSAY_GRADE_SILVER },
  { N_("Bronze"), 48, PANGO_ALIGN_RIGHT, ASSAY_GRADE_BRONZE },
  { N_("Not yet Bronze"), 74, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NOT_YET_BRONZE },
  { N_("Total"), 36, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
  { N_("Silver or better"), 50, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
  { NULL, 86, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
};

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

static void
draw_distribution (Doc        *doc,
                   Report     *report,
                   const char *member,
                   const char *first_title,
                   const char *title,
                   const char *note,
                   const char *(*name_of) (const char *key))
{
  JsonObject *distribution = json_object_get_object_member (report->root, "distribution");
  JsonObject *groups = json_object_get_object_member (distribution, member);
  g_autoptr(GList) keys = json_object_get_members (groups);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  Column columns[G_N_ELEMENTS (distribution_columns)];
  g_autoptr(Table) table = NULL;

  for (GList *l = keys; l != NULL; l = l->next)
    g_ptr_array_add (sorted, l->data);
  g_ptr_array_sort (sorted, compare_strings);

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      columns[c] = distribution_columns[c];
      columns[c].title = c == 0 ? first_title :
                         columns[c].title != NULL ? _(columns[c].title) : _("Distribution");
    }
  table = table_new (columns, G_N_ELEMENTS (columns), title);

  for (guint i = 0; i < sorted->len; i++)
    {
      const char *key = sorted->pdata[i];
      JsonObject *counts_object = json_object_get_object_member (groups, key);
      Cell *cells = table_add_row (table);
      guint counts[ASSAY_GRADE_GOLD + 1] = { 0, };
      guint total = 0;

      counts_from_json (counts_object, counts);
      for (guint g = 0; g < G_N_ELEMENTS (grades_down); g++)
        total += counts[grades_down[g]];

      cell_set_text (&cells[0], name_of != NULL ? name_of (key) : key);
      for (guint g = 0; g < G_N_ELEMENTS (grades_down); g++)
        cell_take_text (&cells[1 + g], g_strdup_printf ("%u", counts[grades_down[g]]));
      cell_take_text (&cells[5], g_strdup_printf ("%u", total));
      cells[5].bold = TRUE;
      cell_take_text (&cells[6], format_ratio (counts[ASSAY_GRADE_GOLD] +
                                               counts[ASSAY_GRADE_SILVER], total));
      cells[6].bold = TRUE;
      cells[7].kind = CELL_STACK;
      memcpy (cells[7].counts, counts, sizeof counts);
    }

  if (!section (doc, title, note, sorted->len == 0, _("No finished audits in this selection."),
                table_keep_height (doc, table)))
    return;

  draw_table (doc, table);
}

static const char *
plan_type_name (const char *key)
{
  if (g_str_equal (key, "new"))
    return _("New plan");
  if (g_str_equal (key, "annual-review"))
    return _("Annual review");
  if (g_str_equal (key, "phase-transfer"))
    return _("Phase transfer");
  if (g_str_equal (key, "amended"))
    return _("Amended");
  if (g_str_equal (key, "unknown"))
    return _("Not in the caseload");

  return key;
}

static const char *
agency_name (const char *key)
{
  return *key != '\0' ? key : _("No agency given");
}

static void
draw_pairs (Doc    *doc,
            Report *report)
{
  static const Column columns[] = {
    { N_("Moderator"), 136, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Moderator"), 136, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Plans"), 44, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
    { N_("Exact"), 52, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
    { N_("Within one"), 60, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
    { N_("Weighted kappa"), 65, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
  };
  Column translated[G_N_ELEMENTS (columns)];
  JsonObject *agreement = json_object_get_object_member (report->root, "agreement");
  JsonArray *pairs = json_object_get_array_member (agreement, "pairs_by_moderator");
  g_autoptr(Table) table = NULL;

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      translated[c] = columns[c];
      translated[c].title = _(columns[c].title);
    }
  table = table_new (translated, G_N_ELEMENTS (translated), _("Agreement between moderators"));

  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i);
      JsonNode *kappa = json_object_get_member (pair, "kappa");
      Cell *cells = table_add_row (table);
      const char *ids[2] = { member_string (pair, "a"), member_string (pair, "b") };
      const char *names[2] = { member_string (pair, "a_name"), member_string (pair, "b_name") };

      for (guint k = 0; k < 2; k++)
        {
          const char *agency = g_hash_table_lookup (report->moderator_agencies, ids[k]);

          cell_set_text (&cells[k], names[k]);
          cell_set_detail (&cells[k], agency);
        }
      cell_take_text (&cells[2], g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  json_object_get_int_member (pair, "plans")));
      cell_take_text (&cells[3], format_share (json_object_get_member (pair, "exact")));
      cell_take_text (&cells[4], format_share (json_object_get_member (pair, "within_one")));
      cell_take_text (&cells[5], format_number (kappa));
      cells[5].bold = TRUE;
      if (kappa != NULL && !JSON_NODE_HOLDS_NULL (kappa) &&
          json_node_get_double (kappa) < ALPHA_FLOOR)
        cells[5].color = &warning;
    }

  if (!section (doc, _("Agreement between moderators"),
                _("Each pair of moderators who audited the same plans: how often their overall "
                  "grades were the same, and within one grade, and Cohen’s weighted kappa "
                  "(quadratic weights) where they share two or more plans. Kappa, like "
                  "Krippendorff’s alpha, is commonly expected to reach 0.6."),
                json_array_get_length (pairs) == 0,
                _("No plan has been audited by two moderators yet."),
                table_keep_height (doc, table)))
    return;

  draw_table (doc, table);
}

static const char *
tendency_text (const char *tendency)
{
  if (g_strcmp0 (tendency, "harsher") == 0)
    return _("Harsher than agreed");
  if (g_strcmp0 (tendency, "softer") == 0)
    return _("Softer than agreed");
  if (g_strcmp0 (tendency, "in line") == 0)
    return _("In line");

  return NULL;
}

static void
draw_tendencies (Doc    *doc,
                 Report *report)
{
  static const Column columns[] = {
    { N_("Moderator"), 130, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Agency"), 108, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Audits"), 44, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
    { N_("Agreed plans"), 54, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
    { N_("Mean difference"), 60, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
    { N_("Tendency"), 97, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
  };
  Column translated[G_N_ELEMENTS (columns)];
  JsonArray *moderators = json_object_get_array_member (report->root, "moderators");
  g_autoptr(Table) table = NULL;

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      translated[c] = columns[c];
      translated[c].title = _(columns[c].title);
    }
  table = table_new (translated, G_N_ELEMENTS (translated), _("Moderator tendencies"));

  for (guint i = 0; i < json_array_get_length (moderators); i++)
    {
      JsonObject *moderator = json_array_get_object_element (moderators, i);
      JsonNode *mean = json_object_get_member (moderator, "mean_difference");
      const char *tendency = member_string (moderator, "tendency");
      Cell *cells = table_add_row (table);

      cell_set_text (&cells[0], member_string (moderator, "name"));
      cell_set_text (&cells[1], member_string (moderator, "agency"));
      cell_take_text (&cells[2], g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  json_object_get_int_member (moderator,
                                                                              "audits")));
      cell_take_text (&cells[3], g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  json_object_get_int_member (moderator,
                                                                              "agreed_plans")));
      if (mean != NULL && !JSON_NODE_HOLDS_NULL (mean))
        cell_take_text (&cells[4], g_strdup_printf ("%+.2f", json_node_get_double (mean)));
      else
        cell_set_text (&cells[4], NULL);
      cell_set_text (&cells[5], mean != NULL && !JSON_NODE_HOLDS_NULL (mean) ?
                                tendency_text (tendency) : _("No agreed plans yet"));
      if (g_strcmp0 (tendency, "in line") != 0 && mean != NULL && !JSON_NODE_HOLDS_NULL (mean))
        cells[5].bold = TRUE;
    }

  if (!section (doc, _("Moderator tendencies"),
                _("Each moderator’s grades against the grades the forum agreed: the mean "
                  "difference in grade steps (negative is harsher, positive softer). A "
                  "difference of a quarter of a grade or more either way is a tendency worth "
                  "discussing."),
                json_array_get_length (moderators) == 0,
                _("No finished audits in this selection."), table_keep_height (doc, table)))
    return;

  draw_table (doc, table);
}

static void
draw_criteria (Doc    *doc,
               Report *report)
{
  static const Column columns[] = {
    { N_("Criterion"), 100, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Question"), 265, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Not yet Bronze"), 74, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
    { N_("Rate"), 54, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
  };
  Column translated[G_N_ELEMENTS (columns)];
  JsonArray *criteria = json_object_get_array_member (report->root, "criteria");
  g_autoptr(GPtrArray) agencies = g_ptr_array_new ();
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      translated[c] = columns[c];
      translated[c].title = _(columns[c].title);
    }

  /* The list is sorted by rate: agencies come in the order of their worst */
  for (guint i = 0; i < json_array_get_length (criteria); i++)
    {
      JsonObject *rate = json_array_get_object_element (criteria, i);
      const char *agency = member_string (rate, "agency");

      if (agency != NULL && json_object_get_int_member (rate, "not_yet_bronze") > 0 &&
          !g_ptr_array_find_with_equal_func (agencies, agency, g_str_equal, NULL))
        g_ptr_array_add (agencies, (gpointer) agency);
    }

  for (guint a = 0; a < agencies->len; a++)
    {
      const char *agency = agencies->pdata[a];
      Table *table = table_new (translated, G_N_ELEMENTS (translated), agency_name (agency));

      g_ptr_array_add (tables, table);

      for (guint i = 0; i < json_array_get_length (criteria) && table->rows->len < TOP_CRITERIA;
           i++)
        {
          JsonObject *rate = json_array_get_object_element (criteria, i);
          Cell *cells;

          if (g_strcmp0 (member_string (rate, "agency"), agency) != 0 ||
              json_object_get_int_member (rate, "not_yet_bronze") == 0)
            continue;

          cells = table_add_row (table);
          cell_set_text (&cells[0], member_string (rate, "criterion"));
          cells[0].bold = TRUE;
          cell_set_detail (&cells[0], framework_title (report, member_string (rate, "framework")));
          cell_set_text (&cells[1], member_string (rate, "text"));
          /* Translators: a criterion graded Not yet Bronze "3 of 8" times it was graded */
          cell_take_text (&cells[2],
                          g_strdup_printf (_("%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT),
                                           json_object_get_int_member (rate, "not_yet_bronze"),
                                           json_object_get_int_member (rate, "graded")));
          cell_take_text (&cells[3], format_share (json_object_get_member (rate, "rate")));
          cells[3].bold = TRUE;
        }
    }

  if (!section (doc, _("Criteria failing most often, by agency"),
                _("For each moderator agency, the criteria its moderators most often graded Not "
                  "yet Bronze (up to ten), as a share of the times each was graded: where "
                  "training is most needed."),
                agencies->len == 0,
                _("No criterion was graded Not yet Bronze in this selection."),
                agencies->len > 0 ? 24 + table_keep_height (doc, tables->pdata[0]) : 0))
    return;

  for (guint a = 0; a < tables->len; a++)
    {
      Table *table = tables->pdata[a];

      subheading (doc, table->caption, table_keep_height (doc, table));
      draw_table (doc, table);
    }
}

static void
draw_actions (Doc    *doc,
              Report *report)
{
  static const Column columns[] = {
    { N_("Case"), 70, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Action"), 213, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Owner"), 100, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Due"), 110, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
  };
  Column translated[G_N_ELEMENTS (columns)];
  JsonArray *actions = json_object_get_array_member (report->root, "open_actions");
  guint n = json_array_get_length (actions);
  g_autoptr(Table) table = NULL;
  g_autofree char *summary = NULL;
  guint overdue = 0;

  for (guint i = 0; i < n; i++)
    if (json_object_get_boolean_member (json_array_get_object_element (actions, i), "overdue"))
      overdue++;

  /* Translators: "7 actions, 2 of them overdue, soonest due first." */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u action, %u of them overdue, soonest due first.",
                                          "%u actions, %u of them overdue, soonest due first.", n),
                             n, overdue);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      translated[c] = columns[c];
      translated[c].title = _(columns[c].title);
    }
  table = table_new (translated, G_N_ELEMENTS (translated),
                     _("Open actions from setting visits"));

  for (guint i = 0; i < n; i++)
    {
      JsonObject *action = json_array_get_object_element (actions, i);
      const char *due = member_string (action, "due");
      Cell *cells = table_add_row (table);

      cell_set_text (&cells[0], member_string (action, "case"));
      cell_set_text (&cells[1], member_string (action, "what"));
      cell_set_text (&cells[2], member_string (action, "owner"));
      cell_set_text (&cells[3], due != NULL ? due : _("No date"));
      if (json_object_get_boolean_member (action, "overdue"))
        {
          /* In words as well as colour, for a grey printout */
          cell_set_detail (&cells[3], _("Overdue"));
          cells[3].bold = TRUE;
          cells[3].color = &warning;
        }
    }

  if (!section (doc, _("Open actions from setting visits"), summary, n == 0,
                _("No setting visit in this selection recorded an action."),
                table_keep_height (doc, table)))
    return;

  draw_table (doc, table);
}

static void
draw_awaiting (Doc    *doc,
               Report *report)
{
  static const Column columns[] = {
    { N_("Case"), 80, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Framework"), 120, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Moderators’ grades"), 293, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
  };
  Column translated[G_N_ELEMENTS (columns)];
  JsonArray *cases = json_object_get_array_member (report->root, "cases");
  g_autoptr(Table) table = NULL;

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      translated[c] = columns[c];
      translated[c].title = _(columns[c].title);
    }
  table = table_new (translated, G_N_ELEMENTS (translated), _("Plans awaiting an agreed grade"));

  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *unit = json_array_get_object_element (cases, i);
      JsonArray *audits = json_object_get_array_member (unit, "audits");
      Cell *cells;

      if (g_strcmp0 (member_string (unit, "state"), "differ") != 0)
        continue;

      cells = table_add_row (table);
      cell_set_text (&cells[0], member_string (unit, "case"));
      cell_set_text (&cells[1], framework_title (report, member_string (unit, "framework")));

      for (guint j = 0; j < json_array_get_length (audits); j++)
        {
          JsonObject *audit = json_array_get_object_element (audits, j);
          const char *agency = member_string (audit, "agency");
          g_autofree char *who = NULL;
          AssayGrade grade = ASSAY_GRADE_NONE;

          assay_grade_from_token (member_string (audit, "overall"), &grade);
          if (agency != NULL && *agency != '\0')
            /* Translators: a moderator and their agency, "Ann Patel (Health)" */
            who = g_strdup_printf (_("%s (%s)"), member_string (audit, "moderator"), agency);
          else
            who = g_strdup (member_string (audit, "moderator"));
          cell_add_grade_line (&cells[2], who, grade);
        }
    }

  if (!section (doc, _("Plans awaiting an agreed grade"),
                _("The moderators’ overall grades differ and the forum has not yet agreed a "
                  "final grade."),
                table->rows->len == 0,
                _("No plan is waiting for the forum to agree its grade."),
                table_keep_height (doc, table)))
    return;

  draw_table (doc, table);
}

static void
draw_report (Doc    *doc,
             Report *report)
{
  new_page (doc);
  draw_title (doc, report);
  draw_figures (doc, report);
  draw_quarter_chart (doc, report);
  draw_distribution (doc, report, "by_agency", _("Moderator agency"),
                     _("Grades by agency"),
                     _("What each agency’s moderators graded, audit by audit, so that "
                       "differences between agencies show."),
                     agency_name);
  draw_distribution (doc, report, "by_plan_type", _("Plan type"), _("Grades by plan type"),
                     _("Each plan once, with its grade; the plan type comes from the local "
                       "caseload."),
                     plan_type_name);
  draw_pairs (doc, report);
  draw_tendencies (doc, report);
  draw_criteria (doc, report);
  draw_actions (doc, report);
  draw_awaiting (doc, report);
  finish_page (doc);
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
render (Report        *report,
        PangoFontMap  *map,
        int            n_pages,
        GByteArray    *out,
        GError       **error)
{
  g_autofree char *filter = filter_text (report);
  g_autofree char *when = g_date_time_format (report->generated, "%-d %B %Y");
  g_autofree char *creator = g_strdup_printf ("Assay %s", PACKAGE_VERSION);
  /* Whole seconds: the PDF date format has no fractions */
  g_autofree char *created = g_date_time_format (report->generated, "%Y-%m-%dT%H:%M:%S%:z");
  cairo_font_options_t *options;
  cairo_status_t status;
  Doc doc = { 0, };

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
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) agencies = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(PangoFontMap) map = NULL;
  g_autoptr(GByteArray) out = NULL;
  JsonArray *moderators;
  Report report = { 0, };
  int n_pages;

  g_return_val_if_fail (ASSAY_IS_COMPARISON (comparison), NULL);

  root = assay_comparison_to_json (comparison);
  report.comparison = comparison;
  report.root = json_node_get_object (root);
  report.framework_titles = titles;
  report.moderator_agencies = agencies;
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

  moderators = json_object_get_array_member (report.root, "moderators");
  for (guint i = 0; i < json_array_get_length (moderators); i++)
    {
      JsonObject *moderator = json_array_get_object_element (moderators, i);

      g_hash_table_insert (agencies, (gpointer) member_string (moderator, "id"),
                           (gpointer) member_string (moderator, "agency"));
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

/* ==== Writing ==== */

static gboolean
write_fully (int           fd,
             const guint8 *data,
             gsize         len)
{
  while (len > 0)
    {
      gssize written = write (fd, data, len);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;
      data += written;
      len -= (gsize) written;
    }

  return TRUE;
}

/* A temporary file beside @path, owner-only from the start, renamed over
 * it: a reader never sees half a report, and nobody else ever can read it. */
static gboolean
write_private (const char  *path,
               GBytes      *bytes,
               GError     **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s.XXXXXX", path);
  g_autofree char *name = g_filename_display_name (path);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  int saved_errno = 0;
  int fd;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    saved_errno = errno;
  else if (!write_fully (fd, data, len) || fsync (fd) != 0)
    saved_errno = errno != 0 ? errno : EIO;

  if (fd >= 0 && close (fd) != 0 && saved_errno == 0)
    saved_errno = errno;

  if (saved_errno == 0 && g_rename (tmp, path) != 0)
    saved_errno = errno;

  if (saved_errno != 0)
    {
      if (fd >= 0)
        g_unlink (tmp);
      g_set_error (error, ASSAY_REPORT_ERROR, ASSAY_REPORT_ERROR_WRITE,
                   _("Could not write the report to %s: %s"), name, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

gboolean
assay_report_write (AssayComparison        *comparison,
                    AssayReportFormat       format,
                    const AssayReportInfo  *info,
                    const char             *path,
                    GError                **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (ASSAY_IS_COMPARISON (comparison), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  switch (format)
    {
    case ASSAY_REPORT_FORMAT_PDF:
      bytes = assay_report_pdf (comparison, info, error);
      break;
    case ASSAY_REPORT_FORMAT_CSV:
    default:
      bytes = assay_report_csv (comparison);
      break;
    }

  if (bytes == NULL)
    return FALSE;

  return write_private (path, bytes, error);
}

typedef struct
{
  AssayComparison   *comparison;
  AssayReportFormat  format;
  char              *author;
  char              *agency;
  GDateTime         *generated;
  char              *path;
} WriteData;

static void
write_data_free (gpointer data)
{
  WriteData *w = data;

  g_clear_object (&w->comparison);
  g_free (w->author);
  g_free (w->agency);
  g_clear_pointer (&w->generated, g_date_time_unref);
  g_free (w->path);
  g_free (w);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *w = task_data;
  AssayReportInfo info = { w->author, w->agency, w->generated };
  GError *error = NULL;

  if (assay_report_write (w->comparison, w->format, &info, w->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
assay_report_write_async (AssayComparison        *comparison,
                          AssayReportFormat       format,
                          const AssayReportInfo  *info,
                          const char             *path,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *w;

  g_return_if_fail (ASSAY_IS_COMPARISON (comparison));
  g_return_if_fail (path != NULL);

  w = g_new0 (WriteData, 1);
  w->comparison = g_object_ref (comparison);
  w->format = format;
  w->author = g_strdup (info != NULL ? info->author : NULL);
  w->agency = g_strdup (info != NULL ? info->agency : NULL);
  w->generated = info != NULL && info->generated != NULL ? g_date_time_ref (info->generated) :
                 g_date_time_new_now_local ();
  w->path = g_strdup (path);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, assay_report_write_async);
  g_task_set_task_data (task, w, write_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, write_thread);
}

gboolean
assay_report_write_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
