/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-cli-private.h"
#include "assay-compare.h"

/*
 * `compare`: what the moderation forum looks at, and `agree`: the forum's
 * final grade for a plan, recorded by the chair with a reason.
 */

/* Below this, agreement is commonly judged not good enough (DOMAIN.md). */
#define ALPHA_FLOOR 0.6

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

static char *
format_share (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");

  return g_strdup_printf ("%.0f%%", json_node_get_double (node) * 100);
}

static char *
format_number (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");

  return g_strdup_printf ("%.2f", json_node_get_double (node));
}

static const char *
grade_label (const char *token)
{
  AssayGrade grade;

  if (!assay_grade_from_token (token, &grade))
    return "—";

  return assay_grade_get_default_label (grade);
}

static void
print_headline (JsonObject *root)
{
  JsonObject *filter = json_object_get_object_member (root, "filter");
  JsonObject *agreement = json_object_get_object_member (root, "agreement");
  JsonObject *distribution = json_object_get_object_member (root, "distribution");
  JsonObject *overall = json_object_get_object_member (distribution, "overall");
  JsonNode *alpha = json_object_get_member (agreement, "krippendorff_alpha");
  const char *quarter = json_object_get_string_member_with_default (filter, "quarter", NULL);
  const char *agency = json_object_get_string_member_with_default (filter, "agency", NULL);
  gint64 plans = json_object_get_int_member (root, "plans");
  gint64 good = json_object_get_int_member (overall, "gold") +
                json_object_get_int_member (overall, "silver");
  g_autofree char *exact = format_share (json_object_get_member (agreement, "exact"));
  g_autofree char *within = format_share (json_object_get_member (agreement, "within_one"));
  g_autofree char *alpha_text = format_number (alpha);

  g_print (_("Moderation figures for %s, %s\n"),
           quarter != NULL ? quarter : _("every quarter"),
           agency != NULL ? agency : _("every agency"));
  g_print (_("  Audits counted: %" G_GINT64_FORMAT "; plans audited: %" G_GINT64_FORMAT "\n"),
           json_object_get_int_member (root, "audits"), plans);
  if (plans > 0)
    g_print (_("  Plans graded Silver or Gold: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
               " (%.0f%%)\n"), good, plans, 100.0 * good / plans);
  g_print (_("  Plans with two or more moderators: %" G_GINT64_FORMAT
             " (%" G_GINT64_FORMAT " pairs of audits)\n"),
           json_object_get_int_member (agreement, "plans"),
           json_object_get_int_member (agreement, "pairs"));
  g_print (_("  Exact agreement: %s; within one grade: %s\n"), exact, within);
  if (alpha == NULL || JSON_NODE_HOLDS_NULL (alpha))
    g_print (_("  Krippendorff’s alpha (ordinal): — (not enough variation or plans)\n"));
  else if (json_node_get_double (alpha) < ALPHA_FLOOR)
    g_print (_("  Krippendorff’s alpha (ordinal): %s, below the %.1f floor for acceptable "
               "agreement\n"), alpha_text, ALPHA_FLOOR);
  else
    g_print (_("  Krippendorff’s alpha (ordinal): %s, at or above the %.1f floor for "
               "acceptable agreement\n"), alpha_text, ALPHA_FLOOR);
}

static void
print_quarters (JsonObject *root)
{
  JsonArray *quarters = json_object_get_array_member (root, "silver_or_better");

  if (json_array_get_length (quarters) == 0)
    return;

  g_print (_("\nSilver or Gold by quarter\n"));
  for (guint i = 0; i < json_array_get_length (quarters); i++)
    {
      JsonObject *q = json_array_get_object_element (quarters, i);
      g_autofree char *share = format_share (json_object_get_member (q, "share"));

      g_print (_("  %-9s %3" G_GINT64_FORMAT " audited, %3" G_GINT64_FORMAT
                 " Silver or Gold (%s)\n"),
               json_object_get_string_member (q, "quarter"),
               json_object_get_int_member (q, "audited"),
               json_object_get_int_member (q, "silver_or_better"), share);
    }
}

static void
print_cases (JsonObject *root)
{
  JsonArray *cases = json_object_get_array_member (root, "cases");
  guint counts[4] = { 0, };
  gboolean any = FALSE;

  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *unit = json_array_get_object_element (cases, i);
      const char *state = json_object_get_string_member (unit, "state");
      JsonArray *audits;

      if (g_str_equal (state, "awaiting"))
        counts[ASSAY_CASE_AWAITING]++;
      else if (g_str_equal (state, "agree"))
        counts[ASSAY_CASE_AGREE]++;
      else if (g_str_equal (state, "agreed"))
        {
          JsonObject *agreed = json_object_get_object_member (unit, "agreed");
          JsonArray *others = json_object_get_array_member (agreed, "also_recorded");

          counts[ASSAY_CASE_AGREED]++;
          for (guint j = 0; j < json_array_get_length (others); j++)
            {
              JsonObject *other = json_array_get_object_element (others, j);

              g_printerr (_("note: %s (%s): %s also recorded %s; the newer grade, %s by %s, counts\n"),
                          json_object_get_string_member (unit, "case"),
                          json_object_get_string_member (unit, "framework"),
                          json_object_get_string_member_with_default (other, "chair", ""),
                          grade_label (json_object_get_string_member (other, "grade")),
                          grade_label (json_object_get_string_member (agreed, "grade")),
                          json_object_get_string_member_with_default (agreed, "chair", ""));
            }
        }
      else
        counts[ASSAY_CASE_DIFFER]++;

      if (json_object_get_boolean_member_with_default (unit, "mixed_versions", FALSE))
        g_printerr (_("note: %s (%s): the audits were graded under different versions of the "
                      "framework; criteria are compared by id\n"),
                    json_object_get_string_member (unit, "case"),
                    json_object_get_string_member (unit, "framework"));

      if (!g_str_equal (state, "differ"))
        continue;

      if (!any)
        g_print (_("\nPlans where the moderators differ (the forum agrees a final grade)\n"));
      any = TRUE;

      g_print ("  %s  %s\n", json_object_get_string_member (unit, "case"),
               json_object_get_string_member (unit, "framework"));
      audits = json_object_get_array_member (unit, "audits");
      for (guint j = 0; j < json_array_get_length (audits); j++)
        {
          JsonObject *audit = json_array_get_object_element (audits, j);

          g_print ("    %.8s  %-24s %-22s %-10s %s\n",
                   json_object_get_string_member (audit, "id"),
                   json_object_get_string_member_with_default (audit, "moderator", ""),
                   json_object_get_string_member_with_default (audit, "agency", ""),
                   json_object_get_string_member_with_default (audit, "framework_version", ""),
                   grade_label (json_object_get_string_member (audit, "overall")));
        }
    }

  if (json_array_get_length (cases) > 0)
    g_print (_("\nPlans compared: %u differ, %u agree, %u agreed by the forum, %u awaiting "
               "a second moderator\n"),
             counts[ASSAY_CASE_DIFFER], counts[ASSAY_CASE_AGREE], counts[ASSAY_CASE_AGREED],
             counts[ASSAY_CASE_AWAITING]);
}

static void
print_pairs (JsonObject *root)
{
  JsonObject *agreement = json_object_get_object_member (root, "agreement");
  JsonArray *pairs = json_object_get_array_member (agreement, "pairs_by_moderator");

  if (json_array_get_length (pairs) == 0)
    return;

  g_print (_("\nModerator pairs\n"));
  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *pair = json_array_get_object_element (pairs, i);
      g_autofree char *exact = format_share (json_object_get_member (pair, "exact"));
      g_autofree char *within = format_share (json_object_get_member (pair, "within_one"));
      g_autofree char *kappa = format_number (json_object_get_member (pair, "kappa"));

      g_print (_("  %s and %s: %" G_GINT64_FORMAT " plans, exact %s, within one %s, "
                 "weighted kappa %s\n"),
               json_object_get_string_member (pair, "a_name"),
               json_object_get_string_member (pair, "b_name"),
               json_object_get_int_member (pair, "plans"), exact, within, kappa);
    }
}

static void
print_moderators (JsonObject *root)
{
  JsonArray *moderators = json_object_get_array_member (root, "moderators");

  if (json_array_get_length (moderators) == 0)
    return;

  g_print (_("\nModerators against the agreed grades\n"));
  for (guint i = 0; i < json_array_get_length (moderators); i++)
    {
      JsonObject *moderator = json_array_get_object_element (moderators, i);
      JsonNode *mean = json_object_get_member (moderator, "mean_difference");

      g_print ("  %-24s %-22s ", json_object_get_string_member (moderator, "name"),
               json_object_get_string_member (moderator, "agency"));
      g_print (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " audit",
                            "%" G_GINT64_FORMAT " audits",
                            (gulong) json_object_get_int_member (moderator, "audits")),
               json_object_get_int_member (moderator, "audits"));
      if (mean == NULL || JSON_NODE_HOLDS_NULL (mean))
        g_print (_(", no agreed plans yet\n"));
      else
        g_print (_(", %" G_GINT64_FORMAT " agreed: %+.2f grades, %s\n"),
                 json_object_get_int_member (moderator, "agreed_plans"),
                 json_node_get_double (mean),
                 json_object_get_string_member (moderator, "tendency"));
    }
}

static void
print_criteria (JsonObject *root)
{
  JsonArray *criteria = json_object_get_array_member (root, "criteria");
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean any = FALSE;

  /* The list is sorted by rate: the first few of each agency are where its
   * training should go. */
  for (guint i = 0; i < json_array_get_length (criteria); i++)
    {
      JsonObject *rate = json_array_get_object_element (criteria, i);
      const char *agency = json_object_get_string_member (rate, "agency");
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (shown, agency));
      g_autofree char *share = format_share (json_object_get_member (rate, "rate"));

      if (n >= TOP_CRITERIA || json_object_get_int_member (rate, "not_yet_bronze") == 0)
        continue;
      g_hash_table_insert (shown, (gpointer) agency, GUINT_TO_POINTER (n + 1));

      if (!any)
        g_print (_("\nCriteria most often Not yet Bronze, by agency\n"));
      any = TRUE;

      g_print (_("  %-22s %s %-5s %s of %" G_GINT64_FORMAT " graded  %s\n"),
               *agency != '\0' ? agency : "—",
               json_object_get_string_member (rate, "framework"),
               json_object_get_string_member (rate, "criterion"), share,
               json_object_get_int_member (rate, "graded"),
               json_object_get_string_member (rate, "text"));
    }
}

static void
print_actions (JsonObject *root)
{
  JsonArray *actions = json_object_get_array_member (root, "open_actions");

  if (json_array_get_length (actions) == 0)
    return;

  g_print (_("\nOpen actions from setting visits\n"));
  for (guint i = 0; i < json_array_get_length (actions); i++)
    {
      JsonObject *action = json_array_get_object_element (actions, i);
      const char *due = json_object_get_string_member_with_default (action, "due", NULL);

      g_print (_("  %-16s %s — %s, due %s%s\n"),
               json_object_get_string_member (action, "case"),
               json_object_get_string_member (action, "what"),
               json_object_get_string_member (action, "owner"),
               due != NULL ? due : _("no date"),
               json_object_get_boolean_member (action, "overdue") ? _(" (overdue)") : "");
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
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayFrameworks) frameworks = NULL;
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *canonical = NULL;
  AssayCompareFilter filter = { NULL, NULL };
  GError *error = NULL;
  int exit_code;

  if (!assay_cli_parse_options (NULL,
                                _("Agreement between moderators, grade distributions, the "
                                  "criteria that fail most and open actions."),
                                entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc != 1)
    return assay_cli_usage_error (_("“compare” takes no arguments"));

  /* A mistyped quarter is found before the passphrase is asked for. */
  if (quarter != NULL)
    {
      canonical = assay_quarter_parse (quarter, &error);
      if (canonical == NULL)
        return assay_cli_fail (error);
    }

  filter.quarter = canonical;
  filter.agency = agency;

  if (!open_store (globals, &vault, &store, &frameworks, &error))
    return assay_cli_fail (error);

  comparison = assay_comparison_new (store, frameworks, &filter, &error);
  if (comparison == NULL)
    return assay_cli_fail (error);

  root = assay_comparison_to_json (comparison);
  if (globals->json)
    {
      assay_cli_print_node (root);
    }
  else
    {
      JsonObject *object = json_node_get_object (root);

      print_headline (object);
      print_quarters (object);
      print_cases (object);
      print_pairs (object);
      print_moderators (object);
      print_criteria (object);
      print_actions (object);
    }

  assay_cli_note_missing_frameworks (assay_comparison_get_missing_frameworks (comparison));

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
      json_builder_set_member_name (builder, "case");
      json_builder_add_string_value (builder, trimmed);
      json_builder_set_member_name (builder, "framework");
      json_builder_add_string_value (builder, framework_id);
      json_builder_set_member_name (builder, "grade");
      json_builder_add_string_value (builder, assay_grade_to_token (grade));
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, stored_reason);
      json_builder_set_member_name (builder, "chair");
      json_builder_add_string_value (builder, chair);
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
