/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-comparison-json"

#include "config.h"

#include <math.h>

#include "assay-bundle.h"
#include "assay-comparison-json.h"
#include "assay-json-util.h"

static void
add_number_or_null (JsonBuilder *builder,
                    const char  *member,
                    double       value)
{
  json_builder_set_member_name (builder, member);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_share (JsonBuilder *builder,
           const char  *member,
           guint        part,
           guint        whole)
{
  add_number_or_null (builder, member, assay_comparison_share (part, whole));
}

static void
add_boolean (JsonBuilder *builder,
             const char  *member,
             gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

static void
add_counts (JsonBuilder            *builder,
            const AssayGradeCounts *counts)
{
  json_builder_begin_object (builder);
  for (guint g = 0; g < ASSAY_N_SCORED_GRADES; g++)
    {
      AssayGrade grade = assay_comparison_grades_best_first[g];

      assay_json_add_int (builder, assay_grade_to_token (grade), counts->counts[grade]);
    }
  assay_json_add_int (builder, "total", counts->total);
  json_builder_end_object (builder);
}

static void
add_distribution (JsonBuilder       *builder,
                  const char        *member,
                  AssayComparison   *self,
                  AssayDistribution  by)
{
  GPtrArray *groups = assay_comparison_get_distribution (self, by);

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  for (guint i = 0; i < groups->len; i++)
    {
      const AssayGradeCounts *counts = groups->pdata[i];

      json_builder_set_member_name (builder, counts->key);
      add_counts (builder, counts);
    }
  json_builder_end_object (builder);
}

static void
add_agreement (JsonBuilder     *builder,
               AssayComparison *self)
{
  GPtrArray *pairs = assay_comparison_get_pairs (self);
  guint n_pairs = assay_comparison_get_n_pairs (self);

  json_builder_set_member_name (builder, "agreement");
  json_builder_begin_object (builder);
  assay_json_add_int (builder, "plans", assay_comparison_get_n_double_plans (self));
  assay_json_add_int (builder, "pairs", n_pairs);
  add_number_or_null (builder, "exact", n_pairs > 0 ? assay_comparison_get_exact (self) : NAN);
  add_number_or_null (builder, "within_one",
                      n_pairs > 0 ? assay_comparison_get_within_one (self) : NAN);
  add_number_or_null (builder, "krippendorff_alpha", assay_comparison_get_alpha (self));
  json_builder_set_member_name (builder, "pairs_by_moderator");
  json_builder_begin_array (builder);
  for (guint i = 0; i < pairs->len; i++)
    {
      const AssayModeratorPair *pair = pairs->pdata[i];

      json_builder_begin_object (builder);
      assay_json_add_string_or_null (builder, "a", pair->a->id);
      assay_json_add_string_or_null (builder, "a_name", pair->a->name);
      assay_json_add_string_or_null (builder, "b", pair->b->id);
      assay_json_add_string_or_null (builder, "b_name", pair->b->name);
      assay_json_add_int (builder, "plans", pair->n_plans);
      add_share (builder, "exact", pair->n_exact, pair->n_plans);
      add_share (builder, "within_one", pair->n_within, pair->n_plans);
      add_number_or_null (builder, "kappa", pair->kappa);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_quarters (JsonBuilder     *builder,
              AssayComparison *self)
{
  GPtrArray *quarters = assay_comparison_get_quarters (self);

  json_builder_set_member_name (builder, "silver_or_better");
  json_builder_begin_array (builder);
  for (guint i = 0; i < quarters->len; i++)
    {
      const AssayQuarterShare *share = quarters->pdata[i];

      json_builder_begin_object (builder);
      assay_json_add_string_or_null (builder, "quarter", share->quarter);
      assay_json_add_int (builder, "audited", share->audited);
      assay_json_add_int (builder, "silver_or_better", share->silver_or_better);
      add_share (builder, "share", share->silver_or_better, share->audited);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_moderators (JsonBuilder     *builder,
                AssayComparison *self)
{
  GPtrArray *moderators = assay_comparison_get_moderators (self);

  json_builder_set_member_name (builder, "moderators");
  json_builder_begin_array (builder);
  for (guint i = 0; i < moderators->len; i++)
    {
      const AssayModeratorFigures *moderator = moderators->pdata[i];

      json_builder_begin_object (builder);
      assay_json_add_string_or_null (builder, "id", moderator->id);
      assay_json_add_string_or_null (builder, "name", moderator->name);
      assay_json_add_string_or_null (builder, "agency", moderator->agency);
      assay_json_add_int (builder, "audits", moderator->n_audits);
      assay_json_add_int (builder, "agreed_plans", moderator->n_agreed);
      add_number_or_null (builder, "mean_difference", moderator->mean_difference);
      assay_json_add_string_or_null (builder, "tendency", assay_tendency_to_string (moderator->tendency));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_criteria (JsonBuilder     *builder,
              AssayComparison *self)
{
  GPtrArray *rates = assay_comparison_get_criteria (self);

  json_builder_set_member_name (builder, "criteria");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rates->len; i++)
    {
      const AssayCriterionRate *rate = rates->pdata[i];

      json_builder_begin_object (builder);
      assay_json_add_string_or_null (builder, "agency", rate->agency);
      assay_json_add_string_or_null (builder, "framework", rate->framework);
      assay_json_add_string_or_null (builder, "criterion", rate->criterion);
      assay_json_add_string_or_null (builder, "text", rate->text);
      assay_json_add_int (builder, "graded", rate->graded);
      assay_json_add_int (builder, "not_yet_bronze", rate->not_yet_bronze);
      add_share (builder, "rate", rate->not_yet_bronze, rate->graded);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_audit_summary (JsonBuilder *builder,
                   AssayAudit  *audit)
{
  json_builder_begin_object (builder);
  assay_json_add_string_or_null (builder, "id", assay_audit_get_id (audit));
  assay_json_add_string_or_null (builder, "moderator", assay_audit_get_moderator (audit));
  assay_json_add_string_or_null (builder, "moderator_id", assay_audit_get_moderator_id (audit));
  assay_json_add_string_or_null (builder, "agency", assay_audit_get_agency (audit));
  assay_json_add_string_or_null (builder, "framework_version",
                         assay_framework_get_version (assay_audit_get_framework (audit)));
  assay_json_add_string_or_null (builder, "overall",
                         assay_grade_to_token (assay_audit_get_final (audit, NULL)));
  assay_json_add_string_or_null (builder, "finished", assay_audit_get_finished (audit));
  json_builder_end_object (builder);
}

static void
add_agreed (JsonBuilder     *builder,
            AssayComparison *self,
            guint            index)
{
  const char *reason, *chair;
  AssayGrade agreed = assay_comparison_get_case_agreed (self, index, &reason, &chair);

  json_builder_set_member_name (builder, "agreed");
  if (agreed == ASSAY_GRADE_NONE)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  assay_json_add_string_or_null (builder, "grade", assay_grade_to_token (agreed));
  assay_json_add_string_or_null (builder, "reason", reason);
  assay_json_add_string_or_null (builder, "chair", chair);
  json_builder_set_member_name (builder, "also_recorded");
  json_builder_begin_array (builder);
  for (guint j = 0; j < assay_comparison_get_case_n_other_agreements (self, index); j++)
    {
      AssayGrade other = assay_comparison_get_case_other_agreement (self, index, j,
                                                                    &reason, &chair);

      json_builder_begin_object (builder);
      assay_json_add_string_or_null (builder, "grade", assay_grade_to_token (other));
      assay_json_add_string_or_null (builder, "reason", reason);
      assay_json_add_string_or_null (builder, "chair", chair);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_cases (JsonBuilder     *builder,
           AssayComparison *self)
{
  json_builder_set_member_name (builder, "cases");
  json_builder_begin_array (builder);
  for (guint i = 0; i < assay_comparison_get_n_cases (self); i++)
    {
      GPtrArray *audits = assay_comparison_get_case_audits (self, i);

      json_builder_begin_object (builder);
      assay_json_add_string_or_null (builder, "case", assay_comparison_get_case_ref (self, i));
      assay_json_add_string_or_null (builder, "framework", assay_comparison_get_case_framework (self, i));
      assay_json_add_string_or_null (builder, "state",
                             assay_case_state_to_string (assay_comparison_get_case_state (self,
                                                                                          i)));
      add_boolean (builder, "mixed_versions", assay_comparison_get_case_mixed_versions (self, i));
      json_builder_set_member_name (builder, "audits");
      json_builder_begin_array (builder);
      for (guint j = 0; j < audits->len; j++)
        add_audit_summary (builder, audits->pdata[j]);
      json_builder_end_array (builder);
      add_agreed (builder, self, i);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_open_actions (JsonBuilder     *builder,
                  AssayComparison *self)
{
  GPtrArray *actions = assay_comparison_get_open_actions (self);

  json_builder_set_member_name (builder, "open_actions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < actions->len; i++)
    {
      const AssayOpenAction *action = actions->pdata[i];

      json_builder_begin_object (builder);
      assay_json_add_string_or_null (builder, "audit", assay_audit_get_id (action->audit));
      assay_json_add_string_or_null (builder, "case", assay_audit_get_case (action->audit));
      assay_json_add_string_or_null (builder, "what", action->what);
      assay_json_add_string_or_null (builder, "owner", action->owner);
      assay_json_add_string_or_null (builder, "due", action->due);
      add_boolean (builder, "overdue", action->overdue);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* "open_conflicts": the audits left out until their conflict is settled. */
static void
add_conflicts (JsonBuilder     *builder,
               AssayComparison *self)
{
  const GPtrArray *conflicts = assay_comparison_get_conflicts (self);

  json_builder_set_member_name (builder, "open_conflicts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < conflicts->len; i++)
    json_builder_add_value (builder, assay_conflict_to_json (conflicts->pdata[i]));
  json_builder_end_array (builder);
}

static void
add_missing_frameworks (JsonBuilder     *builder,
                        AssayComparison *self)
{
  const GPtrArray *missing = assay_comparison_get_missing_frameworks (self);

  json_builder_set_member_name (builder, "missing_frameworks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < missing->len; i++)
    {
      AssayMissingFramework *framework = missing->pdata[i];

      json_builder_begin_object (builder);
      assay_json_add_string_or_null (builder, "framework", framework->framework);
      assay_json_add_string_or_null (builder, "version", framework->version);
      assay_json_add_int (builder, "audits", framework->n_audits);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

JsonNode *
assay_comparison_to_json (AssayComparison *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "filter");
  json_builder_begin_object (builder);
  assay_json_add_string_or_null (builder, "quarter", assay_comparison_get_filter_quarter (self));
  assay_json_add_string_or_null (builder, "agency", assay_comparison_get_filter_agency (self));
  json_builder_end_object (builder);

  assay_json_add_int (builder, "audits", assay_comparison_get_n_audits (self));
  assay_json_add_int (builder, "plans", assay_comparison_get_n_plans (self));

  add_agreement (builder, self);

  json_builder_set_member_name (builder, "distribution");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "overall");
  add_counts (builder, assay_comparison_get_overall (self));
  add_distribution (builder, "by_quarter", self, ASSAY_DISTRIBUTION_BY_QUARTER);
  add_distribution (builder, "by_agency", self, ASSAY_DISTRIBUTION_BY_AGENCY);
  add_distribution (builder, "by_team", self, ASSAY_DISTRIBUTION_BY_TEAM);
  add_distribution (builder, "by_plan_type", self, ASSAY_DISTRIBUTION_BY_PLAN_TYPE);
  add_distribution (builder, "by_moderator", self, ASSAY_DISTRIBUTION_BY_MODERATOR);
  json_builder_end_object (builder);

  add_quarters (builder, self);
  add_moderators (builder, self);
  add_criteria (builder, self);
  add_cases (builder, self);
  add_open_actions (builder, self);
  add_missing_frameworks (builder, self);
  add_conflicts (builder, self);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
