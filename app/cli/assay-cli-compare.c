/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <stdio.h>

#include <math.h>
#include <glib/gi18n.h>

#include "assay-agreed-grade.h"
#include "assay-cli-private.h"
#include "assay-comparison.h"
#include "assay-comparison-json.h"
#include "assay-json-util.h"
#include "assay-quarter.h"

/*
 * `compare`: what the moderation forum looks at, and `agree`: the forum's
 * final grade for a plan, recorded by the chair with a reason.
 */

/* How many criteria to name for each agency in the text report. */
#define TOP_CRITERIA 3

static gboolean
open_store (AssayCliGlobals  *globals,
            AssayVault      **vault,
            AssayStore      **store,
            AssayFrameworks **frameworks,
            GError          **error)
{
  *vault = assay_cli_open_vault (globals, TRUE, error);
  if (*vault == NULL)
    return FALSE;

  *store = assay_store_new (*vault);
  *frameworks = assay_frameworks_new_default ();

  return TRUE;
}

AssayComparison *
assay_cli_open_comparison (AssayCliGlobals  *globals,
                           const char       *quarter,
                           const char       *agency,
                           AssayVault      **vault_out,
                           GError          **error)
{
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayFrameworks) frameworks = NULL;
  g_autofree char *canonical = NULL;
  AssayCompareFilter filter = { NULL, agency };
  AssayComparison *comparison;

  /* A mistyped quarter is found before the passphrase is asked for. */
  if (quarter != NULL)
    {
      canonical = assay_quarter_parse (quarter, error);
      if (canonical == NULL)
        return NULL;
    }
  filter.quarter = canonical;

  if (!open_store (globals, &vault, &store, &frameworks, error))
    return NULL;

  comparison = assay_comparison_new (store, frameworks, &filter, error);
  if (comparison != NULL && vault_out != NULL)
    *vault_out = g_steal_pointer (&vault);

  return comparison;
}

/* A share as a whole percentage, or a dash when there is none. */
static char *
format_share (double share)
{
  if (isnan (share))
    return g_strdup ("—");

  return g_strdup_printf ("%.0f%%", share * 100);
}

static char *
format_number (double value)
{
  if (isnan (value))
    return g_strdup ("—");

  return g_strdup_printf ("%.2f", value);
}

static const char *
grade_label (AssayGrade grade)
{
  if (!ASSAY_GRADE_IS_SCORED (grade))
    return "—";

  return assay_grade_get_default_label (grade);
}

static const char *
non_null (const char *text)
{
  return text != NULL ? text : "";
}

static void
print_headline (AssayComparison *comparison)
{
  const AssayGradeCounts *overall = assay_comparison_get_overall (comparison);
  const char *quarter = assay_comparison_get_filter_quarter (comparison);
  const char *agency = assay_comparison_get_filter_agency (comparison);
  guint plans = assay_comparison_get_n_plans (comparison);
  guint pairs = assay_comparison_get_n_pairs (comparison);
  guint good = overall->counts[ASSAY_GRADE_GOLD] + overall->counts[ASSAY_GRADE_SILVER];
  double alpha = assay_comparison_get_alpha (comparison);
  g_autofree char *exact = format_share (pairs > 0 ? assay_comparison_get_exact (comparison)
                                                   : NAN);
  g_autofree char *within = format_share (pairs > 0 ? assay_comparison_get_within_one (comparison)
                                                    : NAN);
  g_autofree char *alpha_text = format_number (alpha);

  g_print (_("Moderation figures for %s, %s\n"),
           quarter != NULL ? quarter : _("every quarter"),
           agency != NULL ? agency : _("every agency"));
  g_print (_("  Audits counted: %" G_GINT64_FORMAT "; plans audited: %" G_GINT64_FORMAT "\n"),
           (gint64) assay_comparison_get_n_audits (comparison), (gint64) plans);
  if (plans > 0)
    g_print (_("  Plans graded Silver or Gold: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
               " (%.0f%%)\n"), (gint64) good, (gint64) plans, 100.0 * good / plans);
  g_print (_("  Plans with two or more moderators: %" G_GINT64_FORMAT
             " (%" G_GINT64_FORMAT " pairs of audits)\n"),
           (gint64) assay_comparison_get_n_double_plans (comparison), (gint64) pairs);
  g_print (_("  Exact agreement: %s; within one grade: %s\n"), exact, within);
  if (isnan (alpha))
    g_print (_("  Krippendorff’s alpha (ordinal): — (not enough variation or plans)\n"));
  else if (alpha < ASSAY_AGREEMENT_FLOOR)
    g_print (_("  Krippendorff’s alpha (ordinal): %s, below the %.1f floor for acceptable "
               "agreement\n"), alpha_text, ASSAY_AGREEMENT_FLOOR);
  else
    g_print (_("  Krippendorff’s alpha (ordinal): %s, at or above the %.1f floor for "
               "acceptable agreement\n"), alpha_text, ASSAY_AGREEMENT_FLOOR);
}

static void
print_quarters (AssayComparison *comparison)
{
  GPtrArray *quarters = assay_comparison_get_quarters (comparison);

  if (quarters->len == 0)
    return;

  g_print (_("\nSilver or Gold by quarter\n"));
  for (guint i = 0; i < quarters->len; i++)
    {
      const AssayQuarterShare *q = quarters->pdata[i];
      g_autofree char *share = format_share (assay_comparison_share (q->silver_or_better,
                                                                     q->audited));

      g_print (_("  %-9s %3" G_GINT64_FORMAT " audited, %3" G_GINT64_FORMAT
                 " Silver or Gold (%s)\n"),
               q->quarter, (gint64) q->audited, (gint64) q->silver_or_better, share);
    }
}

/* Notes on stderr about one plan the forum looks at. */
static void
note_case (AssayComparison *comparison,
           guint            index)
{
  const char *case_ref = assay_comparison_get_case_ref (comparison, index);
  const char *framework = assay_comparison_get_case_framework (comparison, index);

  if (assay_comparison_get_case_state (comparison, index) == ASSAY_CASE_AGREED)
    {
      const char *chair;
      AssayGrade agreed = assay_comparison_get_case_agreed (comparison, index, NULL, &chair);

      for (guint j = 0; j < assay_comparison_get_case_n_other_agreements (comparison, index); j++)
        {
          const char *other_chair;
          AssayGrade other = assay_comparison_get_case_other_agreement (comparison, index, j,
                                                                        NULL, &other_chair);

          g_printerr (_("note: %s (%s): %s also recorded %s; the newer grade, %s by %s, counts\n"),
                      case_ref, framework, non_null (other_chair), grade_label (other),
                      grade_label (agreed), non_null (chair));
        }
    }

  if (assay_comparison_get_case_mixed_versions (comparison, index))
    g_printerr (_("note: %s (%s): the audits were graded under different versions of the "
                  "framework; criteria are compared by id\n"),
                case_ref, framework);
}

static void
print_cases (AssayComparison *comparison)
{
  guint n_cases = assay_comparison_get_n_cases (comparison);
  guint counts[4] = { 0, };
  gboolean any = FALSE;

  for (guint i = 0; i < n_cases; i++)
    {
      AssayCaseState state = assay_comparison_get_case_state (comparison, i);
      GPtrArray *audits;

      counts[state]++;
      note_case (comparison, i);

      if (state != ASSAY_CASE_DIFFER)
        continue;

      if (!any)
        g_print (_("\nPlans where the moderators differ (the forum agrees a final grade)\n"));
      any = TRUE;

      g_print ("  %s  %s\n", assay_comparison_get_case_ref (comparison, i),
               assay_comparison_get_case_framework (comparison, i));
      audits = assay_comparison_get_case_audits (comparison, i);
      for (guint j = 0; j < audits->len; j++)
        {
          AssayAudit *audit = audits->pdata[j];

          g_print ("    %.8s  %-24s %-22s %-10s %s\n",
                   assay_audit_get_id (audit),
                   non_null (assay_audit_get_moderator (audit)),
                   non_null (assay_audit_get_agency (audit)),
                   non_null (assay_framework_get_version (assay_audit_get_framework (audit))),
                   grade_label (assay_audit_get_final (audit, NULL)));
        }
    }

  if (n_cases > 0)
    g_print (_("\nPlans compared: %u differ, %u agree, %u agreed by the forum, %u awaiting "
               "a second moderator\n"),
             counts[ASSAY_CASE_DIFFER], counts[ASSAY_CASE_AGREE], counts[ASSAY_CASE_AGREED],
             counts[ASSAY_CASE_AWAITING]);
}

static void
print_pairs (AssayComparison *comparison)
{
  GPtrArray *pairs = assay_comparison_get_pairs (comparison);

  if (pairs->len == 0)
    return;

  g_print (_("\nModerator pairs\n"));
  for (guint i = 0; i < pairs->len; i++)
    {
      const AssayModeratorPair *pair = pairs->pdata[i];
      g_autofree char *exact = format_share (assay_comparison_share (pair->n_exact,
                                                                     pair->n_plans));
      g_autofree char *within = format_share (assay_comparison_share (pair->n_within,
                                                                      pair->n_plans));
      g_autofree char *kappa = format_number (pair->kappa);

      g_print (_("  %s and %s: %" G_GINT64_FORMAT " plans, exact %s, within one %s, "
                 "weighted kappa %s\n"),
               pair->a->name, pair->b->name, (gint64) pair->n_plans, exact, within, kappa);
    }
}

static void
print_moderators (AssayComparison *comparison)
{
  GPtrArray *moderators = assay_comparison_get_moderators (comparison);

  if (moderators->len == 0)
    return;

  g_print (_("\nModerators against the agreed grades\n"));
  for (guint i = 0; i < moderators->len; i++)
    {
      const AssayModeratorFigures *moderator = moderators->pdata[i];

      g_print ("  %-24s %-22s ", moderator->name, moderator->agency);
      g_print (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " audit",
                            "%" G_GINT64_FORMAT " audits", (gulong) moderator->n_audits),
               (gint64) moderator->n_audits);
      if (isnan (moderator->mean_difference))
        g_print (_(", no agreed plans yet\n"));
      else
        g_print (_(", %" G_GINT64_FORMAT " agreed: %+.2f grades, %s\n"),
                 (gint64) moderator->n_agreed, moderator->mean_difference,
                 assay_tendency_to_string (moderator->tendency));
    }
}

static void
print_criteria (AssayComparison *comparison)
{
  GPtrArray *criteria = assay_comparison_get_criteria (comparison);
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean any = FALSE;

  /* The list is sorted by rate: the first few of each agency are where its
   * training should go. */
  for (guint i = 0; i < criteria->len; i++)
    {
      const AssayCriterionRate *rate = criteria->pdata[i];
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (shown, rate->agency));
      g_autofree char *share = format_share (assay_comparison_share (rate->not_yet_bronze,
                                                                     rate->graded));

      if (n >= TOP_CRITERIA || rate->not_yet_bronze == 0)
        continue;
      g_hash_table_insert (shown, (gpointer) rate->agency, GUINT_TO_POINTER (n + 1));

      if (!any)
        g_print (_("\nCriteria most often Not yet Bronze, by agency\n"));
      any = TRUE;

      g_print (_("  %-22s %s %-5s %s of %" G_GINT64_FORMAT " graded  %s\n"),
               *rate->agency != '\0' ? rate->agency : "—", rate->framework, rate->criterion,
               share, (gint64) rate->graded, rate->text);
    }
}

static void
print_actions (AssayComparison *comparison)
{
  GPtrArray *actions = assay_comparison_get_open_actions (comparison);

  if (actions->len == 0)
    return;

  g_print (_("\nOpen actions from setting visits\n"));
  for (guint i = 0; i < actions->len; i++)
    {
      const AssayOpenAction *action = actions->pdata[i];

      g_print (_("  %-16s %s — %s, due %s%s\n"),
               assay_audit_get_case (action->audit), action->what, action->owner,
               action->due != NULL ? action->due : _("no date"),
               action->overdue ? _(" (overdue)") : "");
    }
}

int
assay_cli_cmd_compare (AssayCliGlobals  *globals,
                       int               argc,
                       char            **argv)
{
  g_autofree char *quarter = NULL;
  g_autofree char *agency = NULL;
  GOptionEntry entries[] = {
    { "quarter", 0, 0, G_OPTION_ARG_STRING, &quarter,
      N_("Only audits finished in this quarter (2026-Q3)"), N_("Q") },
    { "agency", 0, 0, G_OPTION_ARG_STRING, &agency,
      N_("Only audits by moderators of this agency"), N_("AGENCY") },
    { NULL }
  };
  g_autoptr(AssayComparison) comparison = NULL;
  GError *error = NULL;
  int exit_code;

  if (!assay_cli_parse_options (NULL,
                                _("Agreement between moderators, grade distributions, the "
                                  "criteria that fail most and open actions."),
                                entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc != 1)
    return assay_cli_usage_error (_("“compare” takes no arguments"));

  comparison = assay_cli_open_comparison (globals, quarter, agency, NULL, &error);
  if (comparison == NULL)
    return assay_cli_fail (error);

  if (globals->json)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      AssayJsonWriter writer;

      /* Written as text: a county's comparison is never held as a tree. */
      assay_json_writer_init (&writer, text, 0);
      assay_comparison_write_json (comparison, &writer);
      assay_json_writer_clear (&writer);
      g_string_append_c (text, '\n');
      fwrite (text->str, 1, text->len, stdout);
    }
  else
    {
      print_headline (comparison);
      print_quarters (comparison);
      print_cases (comparison);
      print_pairs (comparison);
      print_moderators (comparison);
      print_criteria (comparison);
      print_actions (comparison);
    }

  assay_cli_note_missing_frameworks (assay_comparison_get_missing_frameworks (comparison));
  assay_cli_note_open_conflicts (assay_comparison_get_conflicts (comparison));

  return ASSAY_EXIT_OK;
}

int
assay_cli_cmd_agree (AssayCliGlobals  *globals,
                     int               argc,
                     char            **argv)
{
  g_autofree char *case_ref = NULL;
  g_autofree char *framework_id = NULL;
  g_autofree char *grade_text = NULL;
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_ref, N_("The plan’s case reference"), N_("REF") },
    { "framework", 0, 0, G_OPTION_ARG_STRING, &framework_id, N_("The framework id"), N_("ID") },
    { "grade", 0, 0, G_OPTION_ARG_STRING, &grade_text,
      N_("The agreed grade: gold, silver, bronze or not-yet-bronze"), N_("GRADE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the forum agreed it"),
      N_("TEXT") },
    { NULL }
  };
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayFrameworks) frameworks = NULL;
  g_autofree char *stored_reason = NULL;
  g_autofree char *chair = NULL;
  GError *error = NULL;
  AssayGrade grade;
  int exit_code;

  if (!assay_cli_parse_options (NULL,
                                _("Record the forum’s final grade for a plan, with its reason. "
                                  "The moderators’ audits are kept as they are."),
                                entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc != 1)
    return assay_cli_usage_error (_("“agree” takes no arguments besides its options"));

  if (case_ref == NULL || framework_id == NULL || grade_text == NULL)
    return assay_cli_usage_error (_("“agree” needs --case REF, --framework ID, --grade GRADE "
                                    "and --reason TEXT"));

  if (!assay_grade_from_token (grade_text, &grade) || !ASSAY_GRADE_IS_SCORED (grade))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not an overall grade (use gold, silver, bronze or "
                           "not-yet-bronze)"), grade_text);
      return assay_cli_usage_error (message);
    }

  if (!open_store (globals, &vault, &store, &frameworks, &error) ||
      !assay_agreement_record (store, frameworks, case_ref, framework_id, grade, reason, &error))
    return assay_cli_fail (error);

  grade = assay_agreement_lookup (store, case_ref, framework_id, &stored_reason, &chair, &error);
  if (error != NULL)
    return assay_cli_fail (error);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *trimmed = g_strstrip (g_strdup (case_ref));

      json_builder_begin_object (builder);
      assay_json_add_string_or_null (builder, "case", trimmed);
      assay_json_add_string_or_null (builder, "framework", framework_id);
      assay_json_add_string_or_null (builder, "grade", assay_grade_to_token (grade));
      assay_json_add_string_or_null (builder, "reason", stored_reason);
      assay_json_add_string_or_null (builder, "chair", chair);
      json_builder_end_object (builder);
      assay_cli_print_json (builder);
    }
  else
    {
      g_print (_("Agreed grade for %s (%s): %s\n"), case_ref, framework_id,
               assay_grade_get_default_label (grade));
    }

  return ASSAY_EXIT_OK;
}
