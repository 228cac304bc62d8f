/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-comparison-json"

#include "config.h"

#include <math.h>

#include "assay-bundle.h"
#include "assay-comparison-json.h"
#include "assay-json-util.h"
#include "assay-json-writer.h"

static void
add_number_or_null (AssayJsonWriter *writer,
                    const char  *member,
                    double       value)
{
  assay_json_writer_member (writer, member);
  if (isnan (value))
    assay_json_writer_string (writer, NULL);
  else
    assay_json_writer_double (writer, value);
}

static void
add_share (AssayJsonWriter *writer,
           const char  *member,
           guint        part,
           guint        whole)
{
  add_number_or_null (writer, member, assay_comparison_share (part, whole));
}

static void
add_boolean (AssayJsonWriter *writer,
             const char  *member,
             gboolean     value)
{
  assay_json_writer_member (writer, member);
  assay_json_writer_boolean (writer, value);
}

static void
add_counts (AssayJsonWriter        *writer,
            const AssayGradeCounts *counts)
{
  assay_json_writer_begin_object (writer);
  for (guint g = 0; g < ASSAY_N_SCORED_GRADES; g++)
    {
      AssayGrade grade = assay_comparison_grades_best_first[g];

      assay_json_writer_int_member (writer, assay_grade_to_token (grade), counts->counts[grade]);
    }
  assay_json_writer_int_member (writer, "total", counts->total);
  assay_json_writer_end_object (writer);
}

static void
add_distribution (AssayJsonWriter   *writer,
                  const char        *member,
                  AssayComparison   *self,
                  AssayDistribution  by)
{
  GPtrArray *groups = assay_comparison_get_distribution (self, by);

  assay_json_writer_member (writer, member);
  assay_json_writer_begin_object (writer);
  for (guint i = 0; i < groups->len; i++)
    {
      const AssayGradeCounts *counts = groups->pdata[i];

      assay_json_writer_member (writer, counts->key);
      add_counts (writer, counts);
    }
  assay_json_writer_end_object (writer);
}

static void
add_agreement (AssayJsonWriter *writer,
               AssayComparison *self)
{
  GPtrArray *pairs = assay_comparison_get_pairs (self);
  guint n_pairs = assay_comparison_get_n_pairs (self);

  assay_json_writer_member (writer, "agreement");
  assay_json_writer_begin_object (writer);
  assay_json_writer_int_member (writer, "plans", assay_comparison_get_n_double_plans (self));
  assay_json_writer_int_member (writer, "pairs", n_pairs);
  add_number_or_null (writer, "exact", n_pairs > 0 ? assay_comparison_get_exact (self) : NAN);
  add_number_or_null (writer, "within_one",
                      n_pairs > 0 ? assay_comparison_get_within_one (self) : NAN);
  add_number_or_null (writer, "krippendorff_alpha", assay_comparison_get_alpha (self));
  assay_json_writer_member (writer, "pairs_by_moderator");
  assay_json_writer_begin_array (writer);
  for (guint i = 0; i < pairs->len; i++)
    {
      const AssayModeratorPair *pair = pairs->pdata[i];

      assay_json_writer_begin_object (writer);
      assay_json_writer_string_member (writer, "a", pair->a->id);
      assay_json_writer_string_member (writer, "a_name", pair->a->name);
      assay_json_writer_string_member (writer, "b", pair->b->id);
      assay_json_writer_string_member (writer, "b_name", pair->b->name);
      assay_json_writer_int_member (writer, "plans", pair->n_plans);
      add_share (writer, "exact", pair->n_exact, pair->n_plans);
      add_share (writer, "within_one", pair->n_within, pair->n_plans);
      add_number_or_null (writer, "kappa", pair->kappa);
      assay_json_writer_end_object (writer);
    }
  assay_json_writer_end_array (writer);
  assay_json_writer_end_object (writer);
}

static void
add_quarters (AssayJsonWriter *writer,
              AssayComparison *self)
{
  GPtrArray *quarters = assay_comparison_get_quarters (self);

  assay_json_writer_member (writer, "silver_or_better");
  assay_json_writer_begin_array (writer);
  for (guint i = 0; i < quarters->len; i++)
    {
      const AssayQuarterShare *share = quarters->pdata[i];

      assay_json_writer_begin_object (writer);
      assay_json_writer_string_member (writer, "quarter", share->quarter);
      assay_json_writer_int_member (writer, "audited", share->audited);
      assay_json_writer_int_member (writer, "silver_or_better", share->silver_or_better);
      add_share (writer, "share", share->silver_or_better, share->audited);
      assay_json_writer_end_object (writer);
    }
  assay_json_writer_end_array (writer);
}

static void
add_moderators (AssayJsonWriter *writer,
                AssayComparison *self)
{
  GPtrArray *moderators = assay_comparison_get_moderators (self);

  assay_json_writer_member (writer, "moderators");
  assay_json_writer_begin_array (writer);
  for (guint i = 0; i < moderators->len; i++)
    {
      const AssayModeratorFigures *moderator = moderators->pdata[i];

      assay_json_writer_begin_object (writer);
      assay_json_writer_string_member (writer, "id", moderator->id);
      assay_json_writer_string_member (writer, "name", moderator->name);
      assay_json_writer_string_member (writer, "agency", moderator->agency);
      assay_json_writer_int_member (writer, "audits", moderator->n_audits);
      assay_json_writer_int_member (writer, "agreed_plans", moderator->n_agreed);
      add_number_or_null (writer, "mean_difference", moderator->mean_difference);
      assay_json_writer_string_member (writer, "tendency", assay_tendency_to_string (moderator->tendency));
      assay_json_writer_end_object (writer);
    }
  assay_json_writer_end_array (writer);
}

static void
add_criteria (AssayJsonWriter *writer,
              AssayComparison *self)
{
  GPtrArray *rates = assay_comparison_get_criteria (self);

  assay_json_writer_member (writer, "criteria");
  assay_json_writer_begin_array (writer);
  for (guint i = 0; i < rates->len; i++)
    {
      const AssayCriterionRate *rate = rates->pdata[i];

      assay_json_writer_begin_object (writer);
      assay_json_writer_string_member (writer, "agency", rate->agency);
      assay_json_writer_string_member (writer, "framework", rate->framework);
      assay_json_writer_string_member (writer, "criterion", rate->criterion);
      assay_json_writer_string_member (writer, "text", rate->text);
      assay_json_writer_int_member (writer, "graded", rate->graded);
      assay_json_writer_int_member (writer, "not_yet_bronze", rate->not_yet_bronze);
      add_share (writer, "rate", rate->not_yet_bronze, rate->graded);
      assay_json_writer_end_object (writer);
    }
  assay_json_writer_end_array (writer);
}

static void
add_audit_summary (AssayJsonWriter *writer,
                   AssayAudit  *audit)
{
  assay_json_writer_begin_object (writer);
  assay_json_writer_string_member (writer, "id", assay_audit_get_id (audit));
  assay_json_writer_string_member (writer, "moderator", assay_audit_get_moderator (audit));
  assay_json_writer_string_member (writer, "moderator_id", assay_audit_get_moderator_id (audit));
  assay_json_writer_string_member (writer, "agency", assay_audit_get_agency (audit));
  assay_json_writer_string_member (writer, "framework_version",
                         assay_framework_get_version (assay_audit_get_framework (audit)));
  assay_json_writer_string_member (writer, "overall",
                         assay_grade_to_token (assay_audit_get_final (audit, NULL)));
  assay_json_writer_string_member (writer, "finished", assay_audit_get_finished (audit));
  assay_json_writer_end_object (writer);
}

static void
add_agreed (AssayJsonWriter *writer,
            AssayComparison *self,
            guint            index)
{
  const char *reason, *chair;
  AssayGrade agreed = assay_comparison_get_case_agreed (self, index, &reason, &chair);

  assay_json_writer_member (writer, "agreed");
  if (agreed == ASSAY_GRADE_NONE)
    {
      assay_json_writer_string (writer, NULL);
      return;
    }

  assay_json_writer_begin_object (writer);
  assay_json_writer_string_member (writer, "grade", assay_grade_to_token (agreed));
  assay_json_writer_string_member (writer, "reason", reason);
  assay_json_writer_string_member (writer, "chair", chair);
  assay_json_writer_member (writer, "also_recorded");
  assay_json_writer_begin_array (writer);
  for (guint j = 0; j < assay_comparison_get_case_n_other_agreements (self, index); j++)
    {
      AssayGrade other = assay_comparison_get_case_other_agreement (self, index, j,
                                                                    &reason, &chair);

      assay_json_writer_begin_object (writer);
      assay_json_writer_string_member (writer, "grade", assay_grade_to_token (other));
      assay_json_writer_string_member (writer, "reason", reason);
      assay_json_writer_string_member (writer, "chair", chair);
      assay_json_writer_end_object (writer);
    }
  assay_json_writer_end_array (writer);
  assay_json_writer_end_object (writer);
}

static void
add_cases (AssayJsonWriter *writer,
           AssayComparison *self)
{
  assay_json_writer_member (writer, "cases");
  assay_json_writer_begin_array (writer);
  for (guint i = 0; i < assay_comparison_get_n_cases (self); i++)
    {
      GPtrArray *audits = assay_comparison_get_case_audits (self, i);

      assay_json_writer_begin_object (writer);
      assay_json_writer_string_member (writer, "case", assay_comparison_get_case_ref (self, i));
      assay_json_writer_string_member (writer, "framework", assay_comparison_get_case_framework (self, i));
      assay_json_writer_string_member (writer, "state",
                             assay_case_state_to_string (assay_comparison_get_case_state (self,
                                                                                          i)));
      add_boolean (writer, "mixed_versions", assay_comparison_get_case_mixed_versions (self, i));
      assay_json_writer_member (writer, "audits");
      assay_json_writer_begin_array (writer);
      for (guint j = 0; j < audits->len; j++)
        add_audit_summary (writer, audits->pdata[j]);
      assay_json_writer_end_array (writer);
      add_agreed (writer, self, i);
      assay_json_writer_end_object (writer);
    }
  assay_json_writer_end_array (writer);
}

static void
add_open_actions (AssayJsonWriter *writer,
                  AssayComparison *self)
{
  GPtrArray *actions = assay_comparison_get_open_actions (self);

  assay_json_writer_member (writer, "open_actions");
  assay_json_writer_begin_array (writer);
  for (guint i = 0; i < actions->len; i++)
    {
      const AssayOpenAction *action = actions->pdata[i];

      assay_json_writer_begin_object (writer);
      assay_json_writer_string_member (writer, "audit", assay_audit_get_id (action->audit));
      assay_json_writer_string_member (writer, "case", assay_audit_get_case (action->audit));
      assay_json_writer_string_member (writer, "what", action->what);
      assay_json_writer_string_member (writer, "owner", action->owner);
      assay_json_writer_string_member (writer, "due", action->due);
      add_boolean (writer, "overdue", action->overdue);
      assay_json_writer_end_object (writer);
    }
  assay_json_writer_end_array (writer);
}

/* "open_conflicts": the audits left out until their conflict is settled. */
static void
add_conflicts (AssayJsonWriter *writer,
               AssayComparison *self)
{
  const GPtrArray *conflicts = assay_comparison_get_conflicts (self);

  assay_json_writer_member (writer, "open_conflicts");
  assay_json_writer_begin_array (writer);
  for (guint i = 0; i < conflicts->len; i++)
    {
      g_autoptr(JsonNode) node = assay_conflict_to_json (conflicts->pdata[i]);

      assay_json_writer_node (writer, node);
    }
  assay_json_writer_end_array (writer);
}

static void
add_missing_frameworks (AssayJsonWriter *writer,
                        AssayComparison *self)
{
  const GPtrArray *missing = assay_comparison_get_missing_frameworks (self);

  assay_json_writer_member (writer, "missing_frameworks");
  assay_json_writer_begin_array (writer);
  for (guint i = 0; i < missing->len; i++)
    {
      AssayMissingFramework *framework = missing->pdata[i];

      assay_json_writer_begin_object (writer);
      assay_json_writer_string_member (writer, "framework", framework->framework);
      assay_json_writer_string_member (writer, "version", framework->version);
      assay_json_writer_int_member (writer, "audits", framework->n_audits);
      assay_json_writer_end_object (writer);
    }
  assay_json_writer_end_array (writer);
}

void
assay_comparison_write_json (AssayComparison *self,
                             AssayJsonWriter *writer)
{
  g_return_if_fail (ASSAY_IS_COMPARISON (self));

  assay_json_writer_begin_object (writer);

  assay_json_writer_member (writer, "filter");
  assay_json_writer_begin_object (writer);
  assay_json_writer_string_member (writer, "quarter", assay_comparison_get_filter_quarter (self));
  assay_json_writer_string_member (writer, "agency", assay_comparison_get_filter_agency (self));
  assay_json_writer_end_object (writer);

  assay_json_writer_int_member (writer, "audits", assay_comparison_get_n_audits (self));
  assay_json_writer_int_member (writer, "plans", assay_comparison_get_n_plans (self));

  add_agreement (writer, self);

  assay_json_writer_member (writer, "distribution");
  assay_json_writer_begin_object (writer);
  assay_json_writer_member (writer, "overall");
  add_counts (writer, assay_comparison_get_overall (self));
  add_distribution (writer, "by_quarter", self, ASSAY_DISTRIBUTION_BY_QUARTER);
  add_distribution (writer, "by_agency", self, ASSAY_DISTRIBUTION_BY_AGENCY);
  add_distribution (writer, "by_team", self, ASSAY_DISTRIBUTION_BY_TEAM);
  add_distribution (writer, "by_plan_type", self, ASSAY_DISTRIBUTION_BY_PLAN_TYPE);
  add_distribution (writer, "by_moderator", self, ASSAY_DISTRIBUTION_BY_MODERATOR);
  assay_json_writer_end_object (writer);

  add_quarters (writer, self);
  add_moderators (writer, self);
  add_criteria (writer, self);
  add_cases (writer, self);
  add_open_actions (writer, self);
  add_missing_frameworks (writer, self);
  add_conflicts (writer, self);

  assay_json_writer_end_object (writer);
}

JsonNode *
assay_comparison_to_json (AssayComparison *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  AssayJsonWriter writer;

  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);

  assay_json_writer_init (&writer, text, 0);
  assay_comparison_write_json (self, &writer);
  assay_json_writer_clear (&writer);

  if (!json_parser_load_from_data (parser, text->str, (gssize) text->len, NULL))
    g_assert_not_reached ();

  return json_node_ref (json_parser_get_root (parser));
}
