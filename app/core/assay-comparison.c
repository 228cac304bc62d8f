/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-comparison"

#include "config.h"

#include <math.h>

#include "assay-caseload.h"
#include "assay-comparison-private.h"
#include "assay-json-util.h"

/*
 * What the moderation forum looks at: the figures of one comparison, as
 * plain structures it owns. How they are computed from the store is in
 * assay-comparison-compute.c; the `compare --json` document is written from
 * them in assay-comparison-json.c.
 */

G_DEFINE_QUARK (assay-compare-error-quark, assay_compare_error)

const AssayGrade assay_comparison_grades_best_first[ASSAY_N_SCORED_GRADES] = {
  ASSAY_GRADE_GOLD,
  ASSAY_GRADE_SILVER,
  ASSAY_GRADE_BRONZE,
  ASSAY_GRADE_NOT_YET_BRONZE,
};

static const char * const case_states[] = {
  [ASSAY_CASE_AWAITING] = "awaiting",
  [ASSAY_CASE_AGREE] = "agree",
  [ASSAY_CASE_DIFFER] = "differ",
  [ASSAY_CASE_AGREED] = "agreed",
};

const char *
assay_case_state_to_string (AssayCaseState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (case_states), NULL);

  return case_states[state];
}

static const char * const tendencies[] = {
  [ASSAY_TENDENCY_NONE] = NULL,
  [ASSAY_TENDENCY_HARSHER] = "harsher",
  [ASSAY_TENDENCY_IN_LINE] = "in line",
  [ASSAY_TENDENCY_SOFTER] = "softer",
};

const char *
assay_tendency_to_string (AssayTendency tendency)
{
  g_return_val_if_fail ((guint) tendency < G_N_ELEMENTS (tendencies), NULL);

  return tendencies[tendency];
}

double
assay_comparison_share (guint part,
                        guint whole)
{
  return whole > 0 ? (double) part / whole : NAN;
}

static void
moderator_free (Moderator *moderator)
{
  g_free ((char *) moderator->figures.id);
  g_free ((char *) moderator->figures.name);
  g_free ((char *) moderator->figures.agency);
  g_free (moderator);
}

void
_assay_comparison_agreed_free (Agreed *agreed)
{
  g_free (agreed->reason);
  g_free (agreed->chair);
  g_free (agreed);
}

static void
plan_free (Plan *plan)
{
  g_free (plan->case_ref);
  g_free (plan->framework);
  g_clear_pointer (&plan->latest, g_hash_table_unref);
  g_clear_pointer (&plan->drafting, g_hash_table_unref);
  g_clear_pointer (&plan->audits, g_ptr_array_unref);
  g_clear_pointer (&plan->hidden_audits, g_ptr_array_unref);
  g_free (plan->agreement_id);
  g_clear_pointer (&plan->agreement, _assay_comparison_agreed_free);
  g_clear_pointer (&plan->other_agreements, g_ptr_array_unref);
  g_free (plan->quarter);
  g_free (plan);
}

static void
pair_free (Pair *pair)
{
  g_array_unref (pair->a_grades);
  g_array_unref (pair->b_grades);
  g_free (pair);
}

static void
criterion_rate_free (AssayCriterionRate *rate)
{
  g_free ((char *) rate->agency);
  g_free ((char *) rate->framework);
  g_free (rate);
}

static void
grade_counts_free (AssayGradeCounts *counts)
{
  g_free ((char *) counts->key);
  g_free (counts);
}

G_DEFINE_FINAL_TYPE (AssayComparison, assay_comparison, G_TYPE_OBJECT)

static void
assay_comparison_finalize (GObject *object)
{
  AssayComparison *self = (AssayComparison *) object;

  g_free (self->quarter);
  g_free (self->agency);
  g_free (self->today);
  g_clear_pointer (&self->cases, g_ptr_array_unref);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  g_clear_pointer (&self->plan_table, g_hash_table_unref);
  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  g_clear_pointer (&self->sorted_moderators, g_ptr_array_unref);
  g_clear_pointer (&self->moderators, g_hash_table_unref);
  g_clear_pointer (&self->caseload, g_hash_table_unref);
  for (guint i = 0; i < N_DISTRIBUTIONS; i++)
    {
      g_clear_pointer (&self->sorted_distributions[i], g_ptr_array_unref);
      g_clear_pointer (&self->distributions[i], g_hash_table_unref);
    }
  g_clear_pointer (&self->quarters, g_ptr_array_unref);
  g_clear_pointer (&self->sorted_criteria, g_ptr_array_unref);
  g_clear_pointer (&self->criteria, g_hash_table_unref);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  g_clear_pointer (&self->all_audits, g_ptr_array_unref);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_clear_pointer (&self->missing, g_ptr_array_unref);

  G_OBJECT_CLASS (assay_comparison_parent_class)->finalize (object);
}

static void
assay_comparison_class_init (AssayComparisonClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = assay_comparison_finalize;
}

static void
assay_comparison_init (AssayComparison *self)
{
  self->plan_table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) plan_free);
  self->plans = g_ptr_array_new ();
  self->cases = g_ptr_array_new ();
  self->moderators = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) moderator_free);
  self->caseload = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) json_object_unref);
  self->overall.key = "all";
  for (guint i = 0; i < N_DISTRIBUTIONS; i++)
    self->distributions[i] = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                    (GDestroyNotify) grade_counts_free);
  self->quarters = g_ptr_array_new_with_free_func (g_free);
  self->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
  self->criteria = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) criterion_rate_free);
  self->actions = g_ptr_array_new_with_free_func (g_free);
  self->alpha = NAN;
}

AssayComparison *
assay_comparison_new (AssayStore                *store,
                      AssayFrameworks           *frameworks,
                      const AssayCompareFilter  *filter,
                      GError                   **error)
{
  g_autoptr(AssayComparison) self = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (frameworks), NULL);

  self = g_object_new (ASSAY_TYPE_COMPARISON, NULL);
  if (!_assay_comparison_compute (self, store, frameworks, filter, error))
    return NULL;

  return g_steal_pointer (&self);
}

guint
assay_comparison_get_n_cases (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), 0);
  return self->cases->len;
}

static Plan *
get_case (AssayComparison *self,
          guint            index)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (index < self->cases->len, NULL);

  return self->cases->pdata[index];
}

gboolean
assay_audits_versions_differ (GPtrArray *audits)
{
  g_return_val_if_fail (audits != NULL, FALSE);

  for (guint i = 1; i < audits->len; i++)
    if (!g_str_equal (assay_framework_get_version (assay_audit_get_framework (audits->pdata[0])),
                      assay_framework_get_version (assay_audit_get_framework (audits->pdata[i]))))
      return TRUE;

  return FALSE;
}

const char *
assay_comparison_get_case_ref (AssayComparison *self,
                               guint            index)
{
  Plan *plan = get_case (self, index);

  return plan != NULL ? plan->case_ref : NULL;
}

const char *
assay_comparison_get_case_framework (AssayComparison *self,
                                     guint            index)
{
  Plan *plan = get_case (self, index);

  return plan != NULL ? plan->framework : NULL;
}

AssayCaseState
assay_comparison_get_case_state (AssayComparison *self,
                                 guint            index)
{
  Plan *plan = get_case (self, index);

  return plan != NULL ? plan->state : ASSAY_CASE_AWAITING;
}

GPtrArray *
assay_comparison_get_case_audits (AssayComparison *self,
                                  guint            index)
{
  Plan *plan = get_case (self, index);

  return plan != NULL ? plan->audits : NULL;
}

GPtrArray *
assay_comparison_get_case_hidden_audits (AssayComparison *self,
                                         guint            index)
{
  Plan *plan = get_case (self, index);

  return plan != NULL ? plan->hidden_audits : NULL;
}

gboolean
assay_comparison_get_case_mixed_versions (AssayComparison *self,
                                          guint            index)
{
  Plan *plan = get_case (self, index);

  return plan != NULL && assay_audits_versions_differ (plan->audits);
}

AssayGrade
assay_comparison_get_case_agreed (AssayComparison  *self,
                                  guint             index,
                                  const char      **reason,
                                  const char      **chair)
{
  Plan *plan = get_case (self, index);
  Agreed *agreed = plan != NULL ? plan->agreement : NULL;

  if (reason != NULL)
    *reason = agreed != NULL ? agreed->reason : NULL;
  if (chair != NULL)
    *chair = agreed != NULL ? agreed->chair : NULL;

  return agreed != NULL ? agreed->grade : ASSAY_GRADE_NONE;
}

guint
assay_comparison_get_case_n_other_agreements (AssayComparison *self,
                                              guint            index)
{
  Plan *plan = get_case (self, index);

  return plan != NULL && plan->other_agreements != NULL ? plan->other_agreements->len : 0;
}

AssayGrade
assay_comparison_get_case_other_agreement (AssayComparison  *self,
                                           guint             index,
                                           guint             n,
                                           const char      **reason,
                                           const char      **chair)
{
  Plan *plan = get_case (self, index);
  Agreed *other;

  g_return_val_if_fail (n < assay_comparison_get_case_n_other_agreements (self, index),
                        ASSAY_GRADE_NONE);

  other = plan->other_agreements->pdata[n];
  if (reason != NULL)
    *reason = other->reason;
  if (chair != NULL)
    *chair = other->chair;

  return other->grade;
}

guint
assay_comparison_get_n_audits (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), 0);
  return self->n_audits;
}

guint
assay_comparison_get_n_plans (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), 0);
  return self->plans->len;
}

guint
assay_comparison_get_n_pairs (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), 0);
  return self->n_pairs;
}

double
assay_comparison_get_exact (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), -1);
  return self->n_pairs > 0 ? (double) self->n_exact / self->n_pairs : -1;
}

double
assay_comparison_get_within_one (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), -1);
  return self->n_pairs > 0 ? (double) self->n_within / self->n_pairs : -1;
}

double
assay_comparison_get_alpha (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NAN);
  return self->alpha;
}

double
assay_comparison_get_silver_or_better (AssayComparison *self)
{
  guint good;

  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), -1);

  good = self->overall.counts[ASSAY_GRADE_SILVER] + self->overall.counts[ASSAY_GRADE_GOLD];

  return self->overall.total > 0 ? (double) good / self->overall.total : -1;
}

guint
assay_comparison_get_n_double_plans (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), 0);
  return self->n_double;
}

const AssayGradeCounts *
assay_comparison_get_overall (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);
  return &self->overall;
}

GPtrArray *
assay_comparison_get_distribution (AssayComparison   *self,
                                   AssayDistribution  by)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);
  g_return_val_if_fail ((guint) by < N_DISTRIBUTIONS, NULL);
  return self->sorted_distributions[by];
}

GPtrArray *
assay_comparison_get_quarters (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);
  return self->quarters;
}

GPtrArray *
assay_comparison_get_moderators (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);
  /* A Moderator starts with its AssayModeratorFigures */
  return self->sorted_moderators;
}

GPtrArray *
assay_comparison_get_pairs (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);
  /* A Pair starts with its AssayModeratorPair */
  return self->pairs;
}

GPtrArray *
assay_comparison_get_criteria (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);
  return self->sorted_criteria;
}

GPtrArray *
assay_comparison_get_open_actions (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);
  return self->actions;
}

/* Plans */

static Plan *
get_plan (AssayComparison *self,
          guint            index)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (index < self->plans->len, NULL);

  return self->plans->pdata[index];
}

const char *
assay_comparison_get_plan_ref (AssayComparison *self,
                               guint            index)
{
  Plan *plan = get_plan (self, index);

  return plan != NULL ? plan->case_ref : NULL;
}

const char *
assay_comparison_get_plan_framework (AssayComparison *self,
                                     guint            index)
{
  Plan *plan = get_plan (self, index);

  return plan != NULL ? plan->framework : NULL;
}

GPtrArray *
assay_comparison_get_plan_audits (AssayComparison *self,
                                  guint            index)
{
  Plan *plan = get_plan (self, index);

  return plan != NULL ? plan->audits : NULL;
}

AssayGrade
assay_comparison_get_plan_grade (AssayComparison *self,
                                 guint            index)
{
  Plan *plan = get_plan (self, index);

  return plan != NULL ? plan->grade : ASSAY_GRADE_NONE;
}

AssayGrade
assay_comparison_get_plan_agreed (AssayComparison *self,
                                  guint            index)
{
  Plan *plan = get_plan (self, index);

  return plan != NULL ? _assay_comparison_plan_agreed (plan) : ASSAY_GRADE_NONE;
}

const char *
assay_comparison_get_plan_quarter (AssayComparison *self,
                                   guint            index)
{
  Plan *plan = get_plan (self, index);

  return plan != NULL ? plan->quarter : NULL;
}

JsonObject *
assay_comparison_lookup_case (AssayComparison *self,
                              const char      *case_ref)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);

  if (case_ref == NULL)
    return NULL;

  return g_hash_table_lookup (self->caseload, case_ref);
}

const char *
assay_comparison_get_filter_quarter (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);

  return self->quarter;
}

const char *
assay_comparison_get_filter_agency (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);

  return self->agency;
}

const GPtrArray *
assay_comparison_get_missing_frameworks (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);

  return self->missing;
}

const GPtrArray *
assay_comparison_get_conflicts (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);

  return self->conflicts;
}

typedef struct
{
  AssayComparison *self;
  GHashTable      *audited;   /* case refs */
} KeepCases;

static void
keep_case (JsonObject *fields,
           gpointer    user_data)
{
  KeepCases *keep = user_data;
  const char *ref = assay_json_get_string (fields, "case_ref");

  if (ref != NULL && g_hash_table_contains (keep->audited, ref))
    g_hash_table_replace (keep->self->caseload, (gpointer) ref, json_object_ref (fields));
}

/* The caseload's facts of the plans audited, read one plan at a time: a
 * county's caseload is not held whole to keep the few compared. */
gboolean
_assay_comparison_load_caseload (AssayComparison  *self,
                                 AssayStore       *store,
                                 GError          **error)
{
  g_autoptr(GHashTable) audited = g_hash_table_new (g_str_hash, g_str_equal);
  KeepCases keep = { self, audited };

  for (guint i = 0; i < self->all_audits->len; i++)
    {
      const char *ref = assay_audit_get_case (self->all_audits->pdata[i]);

      if (ref != NULL)
        g_hash_table_add (audited, (gpointer) ref);
    }

  return assay_caseload_foreach (store, keep_case, &keep, error);
}

const char *
_assay_comparison_caseload_field (AssayComparison *self,
                                  const char      *case_ref,
                                  const char      *field)
{
  JsonObject *fields = g_hash_table_lookup (self->caseload, case_ref);
  const char *value = assay_json_get_string (fields, field);

  return value != NULL && *value != '\0' ? value : "unknown";
}
