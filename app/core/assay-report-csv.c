/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-report"

#include "config.h"

#include <string.h>

#include "assay-quarter.h"
#include "assay-report-csv.h"

/*
 * The CSV is for Power BI and spreadsheets: one row per counted audit, a
 * fixed header (a dashboard breaks when columns come and go, so section
 * grades, whose ids differ between frameworks, are not columns), grades as
 * the tokens of DESIGN.md, booleans as true/false and the two figures a
 * dashboard sums as 1/0.
 */

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
          g_autofree char *finished = assay_quarter_local_date (assay_audit_get_finished (audit));
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
