/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-report"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-report-pdf-private.h"

/*
 * The forum report's tables, after its headline figures and chart: grades
 * by agency and by plan type, agreement between moderators, their
 * tendencies, the criteria that fail most, open actions and the plans that
 * wait for an agreed grade.
 */

/* How many criteria to list for each agency. */
#define TOP_CRITERIA 10

/* @columns with their titles translated, into @translated. */
static void
translate_columns (const AssayPdfColumn *columns,
                   guint                 n_columns,
                   AssayPdfColumn       *translated)
{
  for (guint c = 0; c < n_columns; c++)
    {
      translated[c] = columns[c];
      translated[c].title = _(columns[c].title);
    }
}

static const AssayPdfColumn distribution_columns[] = {
  { NULL, 112, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
  { N_("Gold"), 42, PANGO_ALIGN_RIGHT, ASSAY_GRADE_GOLD },
  { N_("Silver"), 45, PANGO_ALIGN_RIGHT, ASSAY_GRADE_SILVER },
  { N_("Bronze"), 48, PANGO_ALIGN_RIGHT, ASSAY_GRADE_BRONZE },
  { N_("Not yet Bronze"), 74, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NOT_YET_BRONZE },
  { N_("Total"), 36, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
  { N_("Silver or better"), 50, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
  { NULL, 86, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
};

/* By the group's name as people sort words */
static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const AssayGradeCounts *x = *(const AssayGradeCounts **) a;
  const AssayGradeCounts *y = *(const AssayGradeCounts **) b;

  return g_utf8_collate (x->key, y->key);
}

static void
draw_distribution (AssayPdfDoc        *doc,
                   AssayReportPdf     *report,
                   AssayDistribution   by,
                   const char         *first_title,
                   const char         *title,
                   const char         *note,
                   const char       *(*name_of) (const char *key))
{
  GPtrArray *groups = assay_comparison_get_distribution (report->comparison, by);
  g_autoptr(GPtrArray) sorted = g_ptr_array_copy (groups, NULL, NULL);
  AssayPdfColumn columns[G_N_ELEMENTS (distribution_columns)];
  g_autoptr(AssayPdfTable) table = NULL;

  g_ptr_array_sort (sorted, compare_keys);

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      columns[c] = distribution_columns[c];
      columns[c].title = c == 0 ? first_title :
                         columns[c].title != NULL ? _(columns[c].title) : _("Distribution");
    }
  table = assay_pdf_table_new (columns, G_N_ELEMENTS (columns), title);

  for (guint i = 0; i < sorted->len; i++)
    {
      const AssayGradeCounts *group = sorted->pdata[i];
      AssayPdfCell *cells = assay_pdf_table_add_row (table);

      assay_pdf_cell_set_text (&cells[0], name_of != NULL ? name_of (group->key) : group->key);
      for (guint g = 0; g < ASSAY_N_SCORED_GRADES; g++)
        {
          AssayGrade grade = assay_comparison_grades_best_first[g];

          assay_pdf_cell_take_text (&cells[1 + g], g_strdup_printf ("%u", group->counts[grade]));
        }
      assay_pdf_cell_take_text (&cells[5], g_strdup_printf ("%u", group->total));
      cells[5].bold = TRUE;
      assay_pdf_cell_take_text (&cells[6],
                                _assay_report_pdf_format_ratio (group->counts[ASSAY_GRADE_GOLD] +
                                                                group->counts[ASSAY_GRADE_SILVER],
                                                                group->total));
      cells[6].bold = TRUE;
      cells[7].kind = ASSAY_PDF_CELL_STACK;
      memcpy (cells[7].counts, group->counts, sizeof cells[7].counts);
    }

  if (!assay_pdf_section (doc, title, note, sorted->len == 0,
                          _("No finished audits in this selection."),
                          assay_pdf_table_keep_height (doc, table)))
    return;

  assay_pdf_table_draw (doc, table);
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
draw_pairs (AssayPdfDoc    *doc,
            AssayReportPdf *report)
{
  static const AssayPdfColumn columns[] = {
    { N_("Moderator"), 136, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Moderator"), 136, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Plans"), 44, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
    { N_("Exact"), 52, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
    { N_("Within one"), 60, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
    { N_("Weighted kappa"), 65, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
  };
  AssayPdfColumn translated[G_N_ELEMENTS (columns)];
  GPtrArray *pairs = assay_comparison_get_pairs (report->comparison);
  g_autoptr(AssayPdfTable) table = NULL;
  g_autofree char *intro = NULL;

  translate_columns (columns, G_N_ELEMENTS (columns), translated);
  table = assay_pdf_table_new (translated, G_N_ELEMENTS (translated),
                               _("Agreement between moderators"));

  for (guint i = 0; i < pairs->len; i++)
    {
      const AssayModeratorPair *pair = pairs->pdata[i];
      const AssayModeratorFigures *moderators[2] = { pair->a, pair->b };
      AssayPdfCell *cells = assay_pdf_table_add_row (table);

      for (guint k = 0; k < 2; k++)
        {
          assay_pdf_cell_set_text (&cells[k], moderators[k]->name);
          assay_pdf_cell_set_detail (&cells[k], moderators[k]->agency);
        }
      assay_pdf_cell_take_text (&cells[2], g_strdup_printf ("%u", pair->n_plans));
      assay_pdf_cell_take_text (&cells[3],
                                _assay_report_pdf_format_share (
                                  assay_comparison_share (pair->n_exact, pair->n_plans)));
      assay_pdf_cell_take_text (&cells[4],
                                _assay_report_pdf_format_share (
                                  assay_comparison_share (pair->n_within, pair->n_plans)));
      assay_pdf_cell_take_text (&cells[5], _assay_report_pdf_format_number (pair->kappa));
      cells[5].bold = TRUE;
      if (!isnan (pair->kappa) && pair->kappa < ASSAY_AGREEMENT_FLOOR)
        cells[5].color = &assay_pdf_warning;
    }

  /* Translators: %.1f is the agreement floor, 0.6 */
  intro = g_strdup_printf (_("Each pair of moderators who audited the same plans: how often "
                             "their overall grades were the same, and within one grade, and "
                             "Cohen’s weighted kappa (quadratic weights) where they share two or "
                             "more plans. Kappa, like Krippendorff’s alpha, is commonly expected "
                             "to reach %.1f."),
                           ASSAY_AGREEMENT_FLOOR);
  if (!assay_pdf_section (doc, _("Agreement between moderators"), intro,
                          pairs->len == 0,
                          _("No plan has been audited by two moderators yet."),
                          assay_pdf_table_keep_height (doc, table)))
    return;

  assay_pdf_table_draw (doc, table);
}

static const char *
tendency_text (AssayTendency tendency)
{
  switch (tendency)
    {
    case ASSAY_TENDENCY_HARSHER:
      return _("Harsher than agreed");
    case ASSAY_TENDENCY_SOFTER:
      return _("Softer than agreed");
    case ASSAY_TENDENCY_IN_LINE:
      return _("In line");
    case ASSAY_TENDENCY_NONE:
    default:
      return NULL;
    }
}

static void
draw_tendencies (AssayPdfDoc    *doc,
                 AssayReportPdf *report)
{
  static const AssayPdfColumn columns[] = {
    { N_("Moderator"), 130, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Agency"), 108, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Audits"), 44, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
    { N_("Agreed plans"), 54, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
    { N_("Mean difference"), 60, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
    { N_("Tendency"), 97, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
  };
  AssayPdfColumn translated[G_N_ELEMENTS (columns)];
  GPtrArray *moderators = assay_comparison_get_moderators (report->comparison);
  g_autoptr(AssayPdfTable) table = NULL;

  translate_columns (columns, G_N_ELEMENTS (columns), translated);
  table = assay_pdf_table_new (translated, G_N_ELEMENTS (translated), _("Moderator tendencies"));

  for (guint i = 0; i < moderators->len; i++)
    {
      const AssayModeratorFigures *moderator = moderators->pdata[i];
      gboolean agreed = !isnan (moderator->mean_difference);
      AssayPdfCell *cells = assay_pdf_table_add_row (table);

      assay_pdf_cell_set_text (&cells[0], moderator->name);
      assay_pdf_cell_set_text (&cells[1], moderator->agency);
      assay_pdf_cell_take_text (&cells[2], g_strdup_printf ("%u", moderator->n_audits));
      assay_pdf_cell_take_text (&cells[3], g_strdup_printf ("%u", moderator->n_agreed));
      if (agreed)
        assay_pdf_cell_take_text (&cells[4],
                                  g_strdup_printf ("%+.2f", moderator->mean_difference));
      else
        assay_pdf_cell_set_text (&cells[4], NULL);
      assay_pdf_cell_set_text (&cells[5], agreed ? tendency_text (moderator->tendency) :
                                                   _("No agreed plans yet"));
      if (moderator->tendency != ASSAY_TENDENCY_IN_LINE && agreed)
        cells[5].bold = TRUE;
    }

  if (!assay_pdf_section (doc, _("Moderator tendencies"),
                          _("Each moderator’s grades against the grades the forum agreed: the "
                            "mean difference in grade steps (negative is harsher, positive "
                            "softer). A difference of a quarter of a grade or more either way is "
                            "a tendency worth discussing."),
                          moderators->len == 0,
                          _("No finished audits in this selection."),
                          assay_pdf_table_keep_height (doc, table)))
    return;

  assay_pdf_table_draw (doc, table);
}

static void
draw_criteria (AssayPdfDoc    *doc,
               AssayReportPdf *report)
{
  static const AssayPdfColumn columns[] = {
    { N_("Criterion"), 100, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Question"), 265, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Not yet Bronze"), 74, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
    { N_("Rate"), 54, PANGO_ALIGN_RIGHT, ASSAY_GRADE_NONE },
  };
  AssayPdfColumn translated[G_N_ELEMENTS (columns)];
  GPtrArray *criteria = assay_comparison_get_criteria (report->comparison);
  g_autoptr(GPtrArray) agencies = g_ptr_array_new ();
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                assay_pdf_table_free);

  translate_columns (columns, G_N_ELEMENTS (columns), translated);

  /* The list is sorted by rate: agencies come in the order of their worst */
  for (guint i = 0; i < criteria->len; i++)
    {
      const AssayCriterionRate *rate = criteria->pdata[i];

      if (rate->not_yet_bronze > 0 &&
          !g_ptr_array_find_with_equal_func (agencies, rate->agency, g_str_equal, NULL))
        g_ptr_array_add (agencies, (gpointer) rate->agency);
    }

  for (guint a = 0; a < agencies->len; a++)
    {
      const char *agency = agencies->pdata[a];
      AssayPdfTable *table = assay_pdf_table_new (translated, G_N_ELEMENTS (translated),
                                                  agency_name (agency));

      g_ptr_array_add (tables, table);

      for (guint i = 0; i < criteria->len && table->rows->len < TOP_CRITERIA; i++)
        {
          const AssayCriterionRate *rate = criteria->pdata[i];
          AssayPdfCell *cells;

          if (g_strcmp0 (rate->agency, agency) != 0 || rate->not_yet_bronze == 0)
            continue;

          cells = assay_pdf_table_add_row (table);
          assay_pdf_cell_set_text (&cells[0], rate->criterion);
          cells[0].bold = TRUE;
          assay_pdf_cell_set_detail (&cells[0],
                                     _assay_report_pdf_framework_title (report, rate->framework));
          assay_pdf_cell_set_text (&cells[1], rate->text);
          /* Translators: a criterion graded Not yet Bronze "3 of 8" times it was graded */
          assay_pdf_cell_take_text (&cells[2], g_strdup_printf (_("%u of %u"),
                                                                rate->not_yet_bronze,
                                                                rate->graded));
          assay_pdf_cell_take_text (&cells[3],
                                    _assay_report_pdf_format_share (
                                      assay_comparison_share (rate->not_yet_bronze,
                                                              rate->graded)));
          cells[3].bold = TRUE;
        }
    }

  if (!assay_pdf_section (doc, _("Criteria failing most often, by agency"),
                          _("For each moderator agency, the criteria its moderators most often "
                            "graded Not yet Bronze (up to ten), as a share of the times each was "
                            "graded: where training is most needed."),
                          agencies->len == 0,
                          _("No criterion was graded Not yet Bronze in this selection."),
                          agencies->len > 0 ?
                          24 + assay_pdf_table_keep_height (doc, tables->pdata[0]) : 0))
    return;

  for (guint a = 0; a < tables->len; a++)
    {
      AssayPdfTable *table = tables->pdata[a];

      assay_pdf_subheading (doc, table->caption, assay_pdf_table_keep_height (doc, table));
      assay_pdf_table_draw (doc, table);
    }
}

static void
draw_actions (AssayPdfDoc    *doc,
              AssayReportPdf *report)
{
  static const AssayPdfColumn columns[] = {
    { N_("Case"), 70, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Action"), 213, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Owner"), 100, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Due"), 110, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
  };
  AssayPdfColumn translated[G_N_ELEMENTS (columns)];
  GPtrArray *actions = assay_comparison_get_open_actions (report->comparison);
  guint n = actions->len;
  g_autoptr(AssayPdfTable) table = NULL;
  g_autofree char *summary = NULL;
  guint overdue = 0;

  for (guint i = 0; i < n; i++)
    if (((const AssayOpenAction *) actions->pdata[i])->overdue)
      overdue++;

  /* Translators: "7 actions, 2 of them overdue, soonest due first." */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u action, %u of them overdue, soonest due first.",
                                          "%u actions, %u of them overdue, soonest due first.", n),
                             n, overdue);
  translate_columns (columns, G_N_ELEMENTS (columns), translated);
  table = assay_pdf_table_new (translated, G_N_ELEMENTS (translated),
                               _("Open actions from setting visits"));

  for (guint i = 0; i < n; i++)
    {
      const AssayOpenAction *action = actions->pdata[i];
      AssayPdfCell *cells = assay_pdf_table_add_row (table);

      assay_pdf_cell_set_text (&cells[0], assay_audit_get_case (action->audit));
      assay_pdf_cell_set_text (&cells[1], action->what);
      assay_pdf_cell_set_text (&cells[2], action->owner);
      assay_pdf_cell_set_text (&cells[3], action->due != NULL ? action->due : _("No date"));
      if (action->overdue)
        {
          /* In words as well as colour, for a grey printout */
          assay_pdf_cell_set_detail (&cells[3], _("Overdue"));
          cells[3].bold = TRUE;
          cells[3].color = &assay_pdf_warning;
        }
    }

  if (!assay_pdf_section (doc, _("Open actions from setting visits"), summary, n == 0,
                          _("No setting visit in this selection recorded an action."),
                          assay_pdf_table_keep_height (doc, table)))
    return;

  assay_pdf_table_draw (doc, table);
}

static void
draw_awaiting (AssayPdfDoc    *doc,
               AssayReportPdf *report)
{
  static const AssayPdfColumn columns[] = {
    { N_("Case"), 80, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Framework"), 120, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
    { N_("Moderators’ grades"), 293, PANGO_ALIGN_LEFT, ASSAY_GRADE_NONE },
  };
  AssayPdfColumn translated[G_N_ELEMENTS (columns)];
  AssayComparison *comparison = report->comparison;
  g_autoptr(AssayPdfTable) table = NULL;

  translate_columns (columns, G_N_ELEMENTS (columns), translated);
  table = assay_pdf_table_new (translated, G_N_ELEMENTS (translated),
                               _("Plans awaiting an agreed grade"));

  for (guint i = 0; i < assay_comparison_get_n_cases (comparison); i++)
    {
      GPtrArray *audits = assay_comparison_get_case_audits (comparison, i);
      AssayPdfCell *cells;

      if (assay_comparison_get_case_state (comparison, i) != ASSAY_CASE_DIFFER)
        continue;

      cells = assay_pdf_table_add_row (table);
      assay_pdf_cell_set_text (&cells[0], assay_comparison_get_case_ref (comparison, i));
      assay_pdf_cell_set_text (&cells[1],
                               _assay_report_pdf_framework_title (
                                 report, assay_comparison_get_case_framework (comparison, i)));

      for (guint j = 0; j < audits->len; j++)
        {
          AssayAudit *audit = audits->pdata[j];
          const char *moderator = assay_audit_get_moderator (audit);
          const char *agency = assay_audit_get_agency (audit);
          g_autofree char *who = NULL;

          if (agency != NULL && *agency != '\0')
            /* Translators: a moderator and their agency, "Ann Patel (Health)" */
            who = g_strdup_printf (_("%s (%s)"), moderator, agency);
          else
            who = g_strdup (moderator);
          assay_pdf_cell_add_grade_line (&cells[2], who, assay_audit_get_final (audit, NULL));
        }
    }

  if (!assay_pdf_section (doc, _("Plans awaiting an agreed grade"),
                          _("The moderators’ overall grades differ and the forum has not yet "
                            "agreed a final grade."),
                          table->rows->len == 0,
                          _("No plan is waiting for the forum to agree its grade."),
                          assay_pdf_table_keep_height (doc, table)))
    return;

  assay_pdf_table_draw (doc, table);
}

void
_assay_report_pdf_draw_tables (AssayPdfDoc    *doc,
                               AssayReportPdf *report)
{
  draw_distribution (doc, report, ASSAY_DISTRIBUTION_BY_AGENCY, _("Moderator agency"),
                     _("Grades by agency"),
                     _("What each agency’s moderators graded, audit by audit, so that "
                       "differences between agencies show."),
                     agency_name);
  draw_distribution (doc, report, ASSAY_DISTRIBUTION_BY_PLAN_TYPE, _("Plan type"),
                     _("Grades by plan type"),
                     _("Each plan once, with its grade; the plan type comes from the local "
                       "caseload."),
                     plan_type_name);
  draw_pairs (doc, report);
  draw_tendencies (doc, report);
  draw_criteria (doc, report);
  draw_actions (doc, report);
  draw_awaiting (doc, report);
}
