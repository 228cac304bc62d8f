/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-comparison"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "assay-agency.h"
#include "assay-agreed-grade-private.h"
#include "assay-blind-rule.h"
#include "assay-bundle.h"
#include "assay-comparison-private.h"
#include "assay-contacts.h"
#include "assay-json-util.h"
#include "assay-quarter.h"

/*
 * How the forum's figures are computed.
 *
 * A plan is counted as each framework sees it: a plan audited against two
 * frameworks is two Plans, keyed by (case reference, framework id).
 * Only finished audits count, each by its final overall grade, and only the
 * latest finished audit of each moderator (by clock stamp) for each plan.
 * Moderators are told apart by their public identity, never by name.
 *
 * A plan's grade, for the distributions and the Silver-or-better share, is
 * the forum's agreed grade if one is recorded; otherwise the moderators'
 * common grade if they agree; otherwise the grade of the earliest finished
 * audit (the first moderator's, the one a second look is checking). A plan
 * belongs to the quarter of its earliest counted audit.
 */

/* A mean difference from the agreed grades this large either way is a
 * tendency worth discussing. */
#define TENDENCY_THRESHOLD 0.25

/* GLib 2.74 has no g_hash_table_get_values_as_ptr_array (). */
static GPtrArray *
hash_values (GHashTable *table)
{
  GPtrArray *values = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (values, value);

  return values;
}

static char *
plan_key (const char *case_ref,
          const char *framework)
{
  return g_strdup_printf ("%s\x1f%s", case_ref, framework);
}

static Plan *
ensure_plan (AssayComparison *self,
             const char      *case_ref,
             const char      *framework)
{
  g_autofree char *key = plan_key (case_ref, framework);
  Plan *plan = g_hash_table_lookup (self->plan_table, key);

  if (plan == NULL)
    {
      plan = g_new0 (Plan, 1);
      plan->case_ref = g_strdup (case_ref);
      plan->framework = g_strdup (framework);
      plan->latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      plan->drafting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      plan->audits = g_ptr_array_new ();
      plan->hidden_audits = g_ptr_array_new ();
      g_hash_table_insert (self->plan_table, g_steal_pointer (&key), plan);
    }

  return plan;
}

static const char *
non_null (const char *text)
{
  return text != NULL ? text : "";
}

/* Who made an audit: the public identity, or for an audit without one the
 * name, so that it is still told apart from everyone else's. */
char *
_assay_comparison_moderator_key (AssayAudit *audit)
{
  const char *id = assay_audit_get_moderator_id (audit);

  if (id != NULL && *id != '\0')
    return g_ascii_strdown (id, -1);

  return g_strdup_printf ("?%s", non_null (assay_audit_get_moderator (audit)));
}

static gboolean
agency_equal (const char *a,
              const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a == NULL || b == NULL)
    return a == b;

  fa = g_utf8_casefold (a, -1);
  fb = g_utf8_casefold (b, -1);

  return g_str_equal (fa, fb);
}

static const char *
audit_framework_id (AssayAudit *audit)
{
  return assay_framework_get_id (assay_audit_get_framework (audit));
}

static int
compare_audits_by_finished (gconstpointer a,
                            gconstpointer b)
{
  AssayAudit *x = *(AssayAudit **) a;
  AssayAudit *y = *(AssayAudit **) b;
  int cmp = g_strcmp0 (assay_audit_get_finished (x), assay_audit_get_finished (y));

  if (cmp != 0)
    return cmp;

  return assay_audit_get_stamp (x) < assay_audit_get_stamp (y) ? -1 :
         assay_audit_get_stamp (x) > assay_audit_get_stamp (y) ? 1 : 0;
}

static int
compare_plans (gconstpointer a,
               gconstpointer b)
{
  const Plan *x = *(const Plan **) a;
  const Plan *y = *(const Plan **) b;
  int cmp = g_strcmp0 (x->case_ref, y->case_ref);

  return cmp != 0 ? cmp : g_strcmp0 (x->framework, y->framework);
}

/*
 * The latest agreement of each plan. Each plan has one agreement record, but
 * two chairs who each record one before exchanging bundles make two: the
 * later one (by clock stamp) is the forum's word.
 */
static gboolean
load_agreements (AssayComparison  *self,
                 AssayStore       *store,
                 GError          **error)
{
  g_autoptr(GPtrArray) records = NULL;

  records = assay_store_list (store, ASSAY_AGREEMENTS_COLLECTION, error);
  if (records == NULL)
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      AssayRecord *record = records->pdata[i];
      g_autoptr(JsonObject) object = _assay_agreed_grade_parse (record, error);
      g_autofree char *key = NULL;
      AssayGrade grade;
      Agreed *agreed;
      Plan *plan;

      if (object == NULL)
        return FALSE;

      key = plan_key (assay_json_get_string (object, "case"),
                      assay_json_get_string (object, "framework"));
      plan = g_hash_table_lookup (self->plan_table, key);
      /* An agreement about audits this view does not count (another quarter,
       * another agency) says nothing here. */
      if (plan == NULL || plan->latest == NULL || g_hash_table_size (plan->latest) == 0)
        continue;

      if (!_assay_agreed_grade_get_grade (record, object, &grade, error))
        return FALSE;

      agreed = g_new0 (Agreed, 1);
      agreed->grade = grade;
      agreed->reason = g_strdup (assay_json_get_string (object, "reason"));
      agreed->chair = g_strdup (assay_json_get_string (object, "chair"));

      /* Two chairs who each record a grade for the plan before exchanging
       * bundles make two records: the newer counts, and the other is kept
       * in view rather than dropped without a word. */
      if (plan->other_agreements == NULL)
        plan->other_agreements =
          g_ptr_array_new_with_free_func ((GDestroyNotify) _assay_comparison_agreed_free);

      if (plan->agreement_id != NULL && plan->agreement_stamp > record->hlc)
        {
          g_ptr_array_add (plan->other_agreements, agreed);
          continue;
        }

      if (plan->agreement != NULL)
        g_ptr_array_add (plan->other_agreements, g_steal_pointer (&plan->agreement));
      plan->agreement = agreed;

      g_free (plan->agreement_id);
      plan->agreement_id = g_strdup (record->id);
      plan->agreement_stamp = record->hlc;
    }

  return TRUE;
}

static gboolean
known_agency (GPtrArray   *audits,
              const char  *text,
              char       **canonical)
{
  const AssayAgency *agencies;
  guint n_agencies;

  agencies = assay_agency_get_all (&n_agencies);
  for (guint i = 0; i < n_agencies; i++)
    if (agency_equal (agencies[i].id, text))
      {
        *canonical = g_strdup (agencies[i].id);
        return TRUE;
      }

  /* The command line lets a moderator type any agency at init: a filter
   * for one that audits carry is no mistake. */
  for (guint i = 0; i < audits->len; i++)
    {
      const char *agency = assay_audit_get_agency (audits->pdata[i]);

      if (agency != NULL && agency_equal (agency, text))
        {
          *canonical = g_strdup (agency);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
set_filter (AssayComparison           *self,
            const AssayCompareFilter  *filter,
            GError                   **error)
{
  if (filter == NULL)
    return TRUE;

  if (filter->quarter != NULL)
    {
      self->quarter = assay_quarter_parse (filter->quarter, error);
      if (self->quarter == NULL)
        return FALSE;
    }

  if (filter->agency != NULL && !known_agency (self->all_audits, filter->agency, &self->agency))
    {
      g_autofree char *list = assay_agency_join_ids (", ");

      g_set_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_INVALID,
                   _("There is no agency “%s”: use one of %s"), filter->agency, list);
      return FALSE;
    }

  return TRUE;
}

static void
note_moderator (AssayComparison *self,
                const char      *key,
                AssayAudit      *audit)
{
  Moderator *moderator = g_hash_table_lookup (self->moderators, key);

  if (moderator == NULL)
    {
      moderator = g_new0 (Moderator, 1);
      moderator->figures.id = g_strdup (key);
      moderator->figures.mean_difference = NAN;
      g_hash_table_insert (self->moderators, (gpointer) moderator->figures.id, moderator);
    }

  /* People change their display name; the latest audit has the current one. */
  if (moderator->figures.name == NULL || assay_audit_get_stamp (audit) >= moderator->stamp)
    {
      g_free ((char *) moderator->figures.name);
      g_free ((char *) moderator->figures.agency);
      moderator->figures.name = g_strdup (non_null (assay_audit_get_moderator (audit)));
      moderator->figures.agency = g_strdup (non_null (assay_audit_get_agency (audit)));
      moderator->stamp = assay_audit_get_stamp (audit);
    }
}

/* Sorts the audits into plans, applying the blind rule, leaving out the
 * audits in open conflicts, and applying the filters. */
static void
collect_plans (AssayComparison *self)
{
  g_autoptr(AssayBlindRule) blind = assay_blind_rule_new (self->all_audits);
  g_autoptr(GHashTable) conflicted = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->conflicts->len; i++)
    {
      AssayConflict *conflict = self->conflicts->pdata[i];

      if (g_str_equal (conflict->collection, "audits"))
        g_hash_table_add (conflicted, conflict->id);
    }

  for (guint i = 0; i < self->all_audits->len; i++)
    {
      AssayAudit *audit = self->all_audits->pdata[i];
      g_autofree char *key = _assay_comparison_moderator_key (audit);
      g_autofree char *quarter = NULL;
      const char *case_ref = assay_audit_get_case (audit);
      AssayAudit *previous;
      Plan *plan;

      if (case_ref == NULL)
        continue;

      if (assay_blind_rule_hides (blind, audit))
        {
          plan = ensure_plan (self, case_ref, audit_framework_id (audit));
          plan->hidden = TRUE;
          /* Only a colleague's latest audit of the plan, as for counted ones. */
          if (assay_audit_get_status (audit) != ASSAY_AUDIT_STATUS_DRAFT)
            g_ptr_array_add (plan->hidden_audits, audit);
          continue;
        }

      /* Which version counts is not settled yet: the forum sees that it
       * waits (assay_comparison_get_conflicts()). */
      if (g_hash_table_contains (conflicted, assay_audit_get_id (audit)))
        continue;

      if (self->agency != NULL && !agency_equal (self->agency, assay_audit_get_agency (audit)))
        continue;

      if (assay_audit_get_status (audit) == ASSAY_AUDIT_STATUS_DRAFT)
        {
          plan = ensure_plan (self, case_ref, audit_framework_id (audit));
          g_hash_table_add (plan->drafting, g_steal_pointer (&key));
          continue;
        }

      if (!ASSAY_GRADE_IS_SCORED (assay_audit_get_final (audit, NULL)))
        continue;

      quarter = assay_quarter_from_iso8601 (assay_audit_get_finished (audit));
      if (self->quarter != NULL && g_strcmp0 (quarter, self->quarter) != 0)
        continue;

      plan = ensure_plan (self, case_ref, audit_framework_id (audit));
      previous = g_hash_table_lookup (plan->latest, key);
      if (previous != NULL && assay_audit_get_stamp (previous) > assay_audit_get_stamp (audit))
        continue;

      note_moderator (self, key, audit);
      g_hash_table_replace (plan->latest, g_steal_pointer (&key), audit);
    }
}

static void
add_grade (AssayGradeCounts *counts,
           AssayGrade        grade)
{
  counts->counts[grade]++;
  if (ASSAY_GRADE_IS_SCORED (grade))
    counts->total++;
}

static void
count_grade (AssayComparison   *self,
             AssayDistribution  by,
             const char        *key,
             AssayGrade         grade)
{
  AssayGradeCounts *counts = g_hash_table_lookup (self->distributions[by], key);

  if (counts == NULL)
    {
      counts = g_new0 (AssayGradeCounts, 1);
      counts->key = g_strdup (key);
      g_hash_table_insert (self->distributions[by], (gpointer) counts->key, counts);
    }

  add_grade (counts, grade);
}

/* The plan's grade and state, once its audits and agreement are known. */
static void
settle_plan (AssayComparison *self,
             Plan            *plan)
{
  g_autoptr(GList) audits = g_hash_table_get_values (plan->latest);
  gboolean same = TRUE;
  AssayAudit *first;
  AssayGrade common;
  gboolean partner_drafting = FALSE;
  GHashTableIter iter;
  gpointer drafter;

  for (const GList *l = audits; l != NULL; l = l->next)
    g_ptr_array_add (plan->audits, l->data);
  g_ptr_array_sort (plan->audits, compare_audits_by_finished);

  first = plan->audits->len > 0 ? plan->audits->pdata[0] : NULL;
  common = first != NULL ? assay_audit_get_final (first, NULL) : ASSAY_GRADE_NONE;
  for (guint i = 1; i < plan->audits->len; i++)
    if (assay_audit_get_final (plan->audits->pdata[i], NULL) != common)
      same = FALSE;

  /* Agreed, else common, else the first moderator's: see the top of the file. */
  if (_assay_comparison_plan_agreed (plan) != ASSAY_GRADE_NONE)
    plan->grade = _assay_comparison_plan_agreed (plan);
  else
    plan->grade = common;

  if (first != NULL)
    plan->quarter = assay_quarter_from_iso8601 (assay_audit_get_finished (first));

  g_hash_table_iter_init (&iter, plan->drafting);
  while (g_hash_table_iter_next (&iter, &drafter, NULL))
    if (!g_hash_table_contains (plan->latest, drafter))
      partner_drafting = TRUE;

  if (plan->hidden)
    plan->state = ASSAY_CASE_AWAITING;
  else if (_assay_comparison_plan_agreed (plan) != ASSAY_GRADE_NONE)
    plan->state = ASSAY_CASE_AGREED;
  else if (plan->audits->len < 2)
    plan->state = ASSAY_CASE_AWAITING;
  else
    plan->state = same ? ASSAY_CASE_AGREE : ASSAY_CASE_DIFFER;

  /* The forum's list: plans with two or more moderators, plans it has
   * settled, and plans where a second look is under way. A plan with one
   * audit and nobody else on it is simply audited. */
  if (plan->hidden || plan->audits->len >= 2 ||
      _assay_comparison_plan_agreed (plan) != ASSAY_GRADE_NONE ||
      (plan->audits->len == 1 && partner_drafting))
    g_ptr_array_add (self->cases, plan);
}

static void
count_criteria (AssayComparison *self,
                AssayAudit      *audit)
{
  AssayFramework *framework = assay_audit_get_framework (audit);
  const char *agency = non_null (assay_audit_get_agency (audit));

  for (guint s = 0; s < assay_framework_get_n_sections (framework); s++)
    {
      const AssaySection *section = assay_framework_get_section (framework, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const AssayCriterion *criterion = section->criteria->pdata[c];
          AssayGrade grade = assay_audit_get_grade (audit, criterion->id, NULL);
          g_autofree char *key = NULL;
          AssayCriterionRate *rate;

          if (!ASSAY_GRADE_IS_SCORED (grade))
            continue;

          /* Criterion ids repeat across frameworks (A1 of a plan is not A1
           * of a setting visit), so the framework is part of the key. */
          key = g_strdup_printf ("%s\x1f%s\x1f%s", agency, assay_framework_get_id (framework),
                                 criterion->id);
          rate = g_hash_table_lookup (self->criteria, key);
          if (rate == NULL)
            {
              rate = g_new0 (AssayCriterionRate, 1);
              rate->agency = g_strdup (agency);
              rate->framework = g_strdup (assay_framework_get_id (framework));
              rate->criterion = criterion->id;
              rate->text = criterion->text;
              g_hash_table_insert (self->criteria, g_steal_pointer (&key), rate);
            }

          rate->graded++;
          if (grade == ASSAY_GRADE_NOT_YET_BRONZE)
            rate->not_yet_bronze++;
        }
    }
}

static void
collect_actions (AssayComparison *self,
                 AssayAudit      *audit)
{
  if (g_strcmp0 (assay_framework_get_kind (assay_audit_get_framework (audit)),
                 "setting-visit") != 0)
    return;

  for (guint i = 0; i < assay_audit_get_n_actions (audit); i++)
    {
      AssayOpenAction *action = g_new0 (AssayOpenAction, 1);

      action->audit = audit;
      assay_audit_get_action (audit, i, &action->what, &action->owner, &action->due);
      action->overdue = action->due != NULL && g_strcmp0 (action->due, self->today) < 0;
      g_ptr_array_add (self->actions, action);
    }
}

static int
compare_actions (gconstpointer a,
                 gconstpointer b)
{
  const AssayOpenAction *x = *(const AssayOpenAction **) a;
  const AssayOpenAction *y = *(const AssayOpenAction **) b;
  int cmp;

  /* Soonest due first; those without a date last. */
  if ((x->due == NULL) != (y->due == NULL))
    return x->due == NULL ? 1 : -1;
  cmp = g_strcmp0 (x->due, y->due);
  if (cmp != 0)
    return cmp;

  return g_strcmp0 (assay_audit_get_case (x->audit), assay_audit_get_case (y->audit));
}

static void
compute_figures (AssayComparison *self)
{
  for (guint u = 0; u < self->plans->len; u++)
    {
      Plan *plan = self->plans->pdata[u];

      add_grade (&self->overall, plan->grade);
      count_grade (self, ASSAY_DISTRIBUTION_BY_QUARTER,
                   plan->quarter != NULL ? plan->quarter : "unknown", plan->grade);
      count_grade (self, ASSAY_DISTRIBUTION_BY_TEAM,
                   _assay_comparison_caseload_field (self, plan->case_ref, "team"), plan->grade);
      count_grade (self, ASSAY_DISTRIBUTION_BY_PLAN_TYPE,
                   _assay_comparison_caseload_field (self, plan->case_ref, "plan_type"), plan->grade);

      for (guint i = 0; i < plan->audits->len; i++)
        {
          AssayAudit *audit = plan->audits->pdata[i];
          g_autofree char *key = _assay_comparison_moderator_key (audit);
          Moderator *moderator = g_hash_table_lookup (self->moderators, key);
          AssayGrade own = assay_audit_get_final (audit, NULL);

          self->n_audits++;
          moderator->figures.n_audits++;

          /* What an agency's or a moderator's own audits said, not the
           * plan's settled grade: that would hide the very differences
           * these rows are read for. */
          count_grade (self, ASSAY_DISTRIBUTION_BY_AGENCY,
                       non_null (assay_audit_get_agency (audit)), own);
          count_grade (self, ASSAY_DISTRIBUTION_BY_MODERATOR, key, own);

          if (_assay_comparison_plan_agreed (plan) != ASSAY_GRADE_NONE)
            {
              moderator->figures.n_agreed++;
              moderator->sum_difference +=
                (double) own - (double) _assay_comparison_plan_agreed (plan);
            }

          count_criteria (self, audit);
          collect_actions (self, audit);
        }
    }

  g_ptr_array_sort (self->actions, compare_actions);
  _assay_comparison_compute_agreement (self);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const AssayGradeCounts *x = *(const AssayGradeCounts **) a;
  const AssayGradeCounts *y = *(const AssayGradeCounts **) b;

  return g_strcmp0 (x->key, y->key);
}

static int
compare_moderators (gconstpointer a,
                    gconstpointer b)
{
  const Moderator *x = *(const Moderator **) a;
  const Moderator *y = *(const Moderator **) b;
  int cmp = g_utf8_collate (x->figures.name, y->figures.name);

  return cmp != 0 ? cmp : g_strcmp0 (x->figures.id, y->figures.id);
}

static int
compare_rates (gconstpointer a,
               gconstpointer b)
{
  const AssayCriterionRate *x = *(const AssayCriterionRate **) a;
  const AssayCriterionRate *y = *(const AssayCriterionRate **) b;
  /* Compare x.n/x.g with y.n/y.g exactly, by cross-multiplying. */
  guint64 lx = (guint64) x->not_yet_bronze * y->graded;
  guint64 ly = (guint64) y->not_yet_bronze * x->graded;
  int cmp;

  if (lx != ly)
    return lx > ly ? -1 : 1;
  if (x->not_yet_bronze != y->not_yet_bronze)
    return x->not_yet_bronze > y->not_yet_bronze ? -1 : 1;
  if ((cmp = g_strcmp0 (x->agency, y->agency)) != 0 ||
      (cmp = g_strcmp0 (x->framework, y->framework)) != 0)
    return cmp;

  return g_strcmp0 (x->criterion, y->criterion);
}

static void
settle_moderator (Moderator *moderator)
{
  double mean;

  if (moderator->figures.n_agreed == 0)
    return;

  mean = moderator->sum_difference / moderator->figures.n_agreed;
  moderator->figures.mean_difference = mean;
  if (mean <= -TENDENCY_THRESHOLD)
    moderator->figures.tendency = ASSAY_TENDENCY_HARSHER;
  else if (mean >= TENDENCY_THRESHOLD)
    moderator->figures.tendency = ASSAY_TENDENCY_SOFTER;
  else
    moderator->figures.tendency = ASSAY_TENDENCY_IN_LINE;
}

/* The lists the getters hand out, each in the order it is read in. */
/* Two moderators of one name are told apart wherever the figures are shown
 * (CLI, PDF, the Moderation page): "Ann Patel (Health, 04213 55320…)". */
static void
name_apart (GPtrArray *moderators)
{
  g_autoptr(GPtrArray) people =
    g_ptr_array_new_with_free_func ((GDestroyNotify) assay_contact_free);
  g_autoptr(AssayContactNames) names = NULL;

  for (guint i = 0; i < moderators->len; i++)
    {
      const Moderator *moderator = moderators->pdata[i];

      g_ptr_array_add (people, assay_contact_new (moderator->figures.id,
                                                  moderator->figures.name,
                                                  moderator->figures.agency));
    }
  names = assay_contact_names_new (people);

  for (guint i = 0; i < moderators->len; i++)
    {
      Moderator *moderator = moderators->pdata[i];
      const char *name = assay_contacts_display_name (names, moderator->figures.id);

      if (name != NULL && g_strcmp0 (name, moderator->figures.name) != 0)
        {
          g_free ((char *) moderator->figures.name);
          moderator->figures.name = g_strdup (name);
        }
    }
}

static void
sort_figures (AssayComparison *self)
{
  GPtrArray *by_quarter;

  for (guint i = 0; i < N_DISTRIBUTIONS; i++)
    {
      self->sorted_distributions[i] = hash_values (self->distributions[i]);
      g_ptr_array_sort (self->sorted_distributions[i], compare_keys);
    }

  by_quarter = self->sorted_distributions[ASSAY_DISTRIBUTION_BY_QUARTER];
  for (guint i = 0; i < by_quarter->len; i++)
    {
      const AssayGradeCounts *counts = by_quarter->pdata[i];
      AssayQuarterShare *share = g_new0 (AssayQuarterShare, 1);

      share->quarter = counts->key;
      share->audited = counts->total;
      share->silver_or_better = counts->counts[ASSAY_GRADE_SILVER] +
                                counts->counts[ASSAY_GRADE_GOLD];
      g_ptr_array_add (self->quarters, share);
    }

  self->sorted_moderators = hash_values (self->moderators);
  name_apart (self->sorted_moderators);
  g_ptr_array_sort (self->sorted_moderators, compare_moderators);
  for (guint i = 0; i < self->sorted_moderators->len; i++)
    settle_moderator (self->sorted_moderators->pdata[i]);

  self->sorted_criteria = hash_values (self->criteria);
  g_ptr_array_sort (self->sorted_criteria, compare_rates);
}

gboolean
_assay_comparison_compute (AssayComparison           *self,
                           AssayStore                *store,
                           AssayFrameworks           *frameworks,
                           const AssayCompareFilter  *filter,
                           GError                   **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GHashTableIter iter;
  gpointer value;

  self->today = g_date_time_format (now, "%Y-%m-%d");

  self->all_audits = assay_audit_list_readable (store, frameworks, &self->missing, error);
  if (self->all_audits == NULL)
    return FALSE;

  self->conflicts = assay_bundle_list_conflicts (store, error);
  if (self->conflicts == NULL)
    return FALSE;

  if (!set_filter (self, filter, error))
    return FALSE;

  collect_plans (self);

  if (!load_agreements (self, store, error) || !_assay_comparison_load_caseload (self, store, error))
    return FALSE;

  g_hash_table_iter_init (&iter, self->plan_table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Plan *plan = value;

      if (g_hash_table_size (plan->latest) > 0)
        g_ptr_array_add (self->plans, plan);
    }
  g_ptr_array_sort (self->plans, compare_plans);

  /* Hidden plans may have no counted audit at all, but the forum should
   * still see that they wait for someone. */
  {
    g_autoptr(GPtrArray) all = hash_values (self->plan_table);

    g_ptr_array_sort (all, compare_plans);
    for (guint i = 0; i < all->len; i++)
      settle_plan (self, all->pdata[i]);
  }

  compute_figures (self);
  sort_figures (self);

  return TRUE;
}
