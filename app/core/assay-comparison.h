/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "assay-audit.h"

G_BEGIN_DECLS

#define ASSAY_COMPARE_ERROR (assay_compare_error_quark ())

typedef enum
{
  ASSAY_COMPARE_ERROR_INVALID,          /* a bad --quarter or --agency (exit 1) */
  ASSAY_COMPARE_ERROR_REASON_REQUIRED,  /* an agreed grade without a reason (exit 1) */
  ASSAY_COMPARE_ERROR_NOT_FOUND,        /* no finished audits of that case (exit 3) */
  ASSAY_COMPARE_ERROR_DAMAGED,          /* a stored agreement that does not parse (exit 4) */
} AssayCompareError;

GQuark assay_compare_error_quark (void);

/* Below this, agreement (Krippendorff's alpha, a pair's weighted kappa) is
 * commonly judged not good enough (DOMAIN.md). */
#define ASSAY_AGREEMENT_FLOOR 0.6

/* The ordinal scale the figures are on: Not yet Bronze (1) … Gold (4). */
#define ASSAY_N_SCORED_GRADES 4
/* The scored grades in the order tables and documents list them. */
extern const AssayGrade assay_comparison_grades_best_first[ASSAY_N_SCORED_GRADES];

typedef enum
{
  ASSAY_CASE_AWAITING,   /* one finished audit so far, or a blind partner unfinished */
  ASSAY_CASE_AGREE,      /* the moderators' overall grades are the same */
  ASSAY_CASE_DIFFER,     /* they differ and no final grade is agreed yet */
  ASSAY_CASE_AGREED,     /* the forum has recorded a final grade */
} AssayCaseState;

const char *assay_case_state_to_string (AssayCaseState state);

/* How a moderator's grades stand against the grades the forum agreed: a
 * mean difference of a quarter of a grade or more either way is one. */
typedef enum
{
  ASSAY_TENDENCY_NONE,      /* no agreed plan yet */
  ASSAY_TENDENCY_HARSHER,
  ASSAY_TENDENCY_IN_LINE,
  ASSAY_TENDENCY_SOFTER,
} AssayTendency;

/* "harsher", "in line", "softer"; NULL for NONE. */
const char *assay_tendency_to_string   (AssayTendency  tendency);

/* @part of @whole as a fraction, or NAN when @whole is 0. */
double      assay_comparison_share     (guint          part,
                                        guint          whole);

typedef struct
{
  const char *quarter;   /* canonical "2026-Q3" or NULL for every quarter */
  const char *agency;    /* moderator agency id or NULL for all */
} AssayCompareFilter;

/*
 * The figures, as plain structures the comparison owns: valid as long as
 * it is, read-only. Shares are given as counts, so that every reader
 * rounds them the same way (assay_comparison_share ()).
 */

/* How one group of plans or audits was graded. */
typedef struct
{
  const char *key;                          /* the group: a quarter, an agency … */
  guint       counts[ASSAY_GRADE_GOLD + 1]; /* indexed by AssayGrade; NONE is 0 */
  guint       total;                        /* of the scored grades */
} AssayGradeCounts;

typedef enum
{
  ASSAY_DISTRIBUTION_BY_QUARTER,     /* plans, by their grade */
  ASSAY_DISTRIBUTION_BY_AGENCY,      /* audits, by their own grade */
  ASSAY_DISTRIBUTION_BY_TEAM,        /* plans; "unknown" when not in the caseload */
  ASSAY_DISTRIBUTION_BY_PLAN_TYPE,   /* plans; "unknown" when not in the caseload */
  ASSAY_DISTRIBUTION_BY_MODERATOR,   /* audits, keyed by moderator id */
} AssayDistribution;

/* The partnership's headline measure for one quarter. */
typedef struct
{
  const char *quarter;            /* "2026-Q3", or "unknown" */
  guint       audited;            /* plans counted in it */
  guint       silver_or_better;   /* of them, graded Silver or Gold */
} AssayQuarterShare;

typedef struct
{
  const char    *id;                /* the public identity, lower case */
  const char    *name;              /* from their latest audit */
  const char    *agency;
  guint          n_audits;
  guint          n_agreed;          /* audits of plans the forum agreed */
  double         mean_difference;   /* their grade − the agreed; NAN if n_agreed is 0 */
  AssayTendency  tendency;
} AssayModeratorFigures;

/* Two moderators who audited the same plans; @a has the smaller id. */
typedef struct
{
  const AssayModeratorFigures *a;
  const AssayModeratorFigures *b;
  guint                        n_plans;
  guint                        n_exact;
  guint                        n_within;   /* within one grade, exact included */
  double                       kappa;      /* quadratic weights; NAN if undefined */
} AssayModeratorPair;

/* How often an agency's moderators graded one criterion Not yet Bronze. */
typedef struct
{
  const char *agency;
  const char *framework;
  const char *criterion;
  const char *text;
  guint       graded;
  guint       not_yet_bronze;
} AssayCriterionRate;

/* An action a setting visit recorded. */
typedef struct
{
  AssayAudit *audit;
  const char *what;
  const char *owner;
  const char *due;       /* YYYY-MM-DD or NULL */
  gboolean    overdue;   /* due before the day the comparison was made */
} AssayOpenAction;

#define ASSAY_TYPE_COMPARISON (assay_comparison_get_type ())

G_DECLARE_FINAL_TYPE (AssayComparison, assay_comparison, ASSAY, COMPARISON, GObject)

/*
 * Everything the forum looks at, computed from every audit in the store
 * (imported ones included) and the agreements. Only finished audits count.
 * Blind rule (assay-blind-rule.h): while this installation has an
 * unfinished audit of a plan, another moderator's audit of it under the
 * same framework is left out when either is blind. Audits in open
 * conflicts are left out too, and listed (assay_comparison_get_conflicts()).
 * An unknown quarter or agency in @filter (which may be NULL) fails with
 * ASSAY_COMPARE_ERROR_INVALID, naming the valid ones.
 */
AssayComparison *assay_comparison_new          (AssayStore                *store,
                                                AssayFrameworks           *frameworks,
                                                const AssayCompareFilter  *filter,
                                                GError                   **error);

/* TRUE when @audits (AssayAudit) of one plan were graded under different
 * versions of their framework: criteria compare by id, and a grade may
 * differ because the rule did; whoever shows them together says so. */
gboolean         assay_audits_versions_differ    (GPtrArray       *audits);

/* Plans audited by two or more moderators (and those awaiting a partner),
 * ordered by case reference. */
guint            assay_comparison_get_n_cases    (AssayComparison *self);
const char      *assay_comparison_get_case_ref   (AssayComparison *self,
                                                  guint            index);
const char      *assay_comparison_get_case_framework (AssayComparison *self,
                                                      guint            index);
AssayCaseState   assay_comparison_get_case_state (AssayComparison *self,
                                                  guint            index);
/* The finished audits of the plan (AssayAudit), oldest first, owned by the
 * comparison; hidden ones (blind rule) are not included. */
GPtrArray       *assay_comparison_get_case_audits (AssayComparison *self,
                                                   guint            index);
/* The colleagues' audits of the plan the blind rule hides (AssayAudit),
 * owned by the comparison: a list may say they exist and whose they are,
 * and nothing of what they grade. */
GPtrArray       *assay_comparison_get_case_hidden_audits (AssayComparison *self,
                                                          guint            index);
/* assay_audits_versions_differ () of the case's audits. */
gboolean         assay_comparison_get_case_mixed_versions (AssayComparison *self,
                                                           guint            index);
/* The agreed grade, or NONE; @reason and @chair may be NULL. */
AssayGrade       assay_comparison_get_case_agreed (AssayComparison *self,
                                                   guint            index,
                                                   const char     **reason,
                                                   const char     **chair);

/* Agreed grades recorded for the plan by other chairs before bundles were
 * exchanged: older than the one that counts, kept in view. */
guint            assay_comparison_get_case_n_other_agreements (AssayComparison *self,
                                                               guint            index);
AssayGrade       assay_comparison_get_case_other_agreement    (AssayComparison  *self,
                                                               guint             index,
                                                               guint             n,
                                                               const char      **reason,
                                                               const char      **chair);

/* Headline figures; a negative share means "not enough data". Alpha can be
 * negative (systematic disagreement): it is NAN when undefined. */
guint            assay_comparison_get_n_audits      (AssayComparison *self);
/* Plans with at least one counted audit. */
guint            assay_comparison_get_n_plans       (AssayComparison *self);
/* Plans with two or more moderators' counted audits. */
guint            assay_comparison_get_n_double_plans (AssayComparison *self);
guint            assay_comparison_get_n_pairs       (AssayComparison *self);
double           assay_comparison_get_exact         (AssayComparison *self);
double           assay_comparison_get_within_one    (AssayComparison *self);
double           assay_comparison_get_alpha         (AssayComparison *self);
/* Share of audited plans graded Silver or Gold (final grade). */
double           assay_comparison_get_silver_or_better (AssayComparison *self);

/* Every plan counted once, with its grade (never NULL). */
const AssayGradeCounts *assay_comparison_get_overall      (AssayComparison   *self);
/* Of AssayGradeCounts, by key in byte order; owned by the comparison. */
GPtrArray       *assay_comparison_get_distribution  (AssayComparison   *self,
                                                     AssayDistribution  by);
/* Of AssayQuarterShare, oldest quarter first ("unknown" last). */
GPtrArray       *assay_comparison_get_quarters      (AssayComparison   *self);
/* Of AssayModeratorFigures, by name. */
GPtrArray       *assay_comparison_get_moderators    (AssayComparison   *self);
/* Of AssayModeratorPair, by the two ids. */
GPtrArray       *assay_comparison_get_pairs         (AssayComparison   *self);
/* Of AssayCriterionRate, the highest rate of Not yet Bronze first. */
GPtrArray       *assay_comparison_get_criteria      (AssayComparison   *self);
/* Of AssayOpenAction, soonest due first, those without a date last. */
GPtrArray       *assay_comparison_get_open_actions  (AssayComparison   *self);

/* Every plan counted (case and framework with at least one counted audit),
 * by case reference then framework: 0 … assay_comparison_get_n_plans () - 1. */
const char      *assay_comparison_get_plan_ref       (AssayComparison *self,
                                                      guint            index);
const char      *assay_comparison_get_plan_framework (AssayComparison *self,
                                                      guint            index);
/* The counted audits (AssayAudit), oldest first, owned by the comparison. */
GPtrArray       *assay_comparison_get_plan_audits    (AssayComparison *self,
                                                      guint            index);
/* The plan's grade by the rule of the distributions (README "Moderation
 * figures"): agreed, else common, else the first audit's. */
AssayGrade       assay_comparison_get_plan_grade     (AssayComparison *self,
                                                      guint            index);
/* The forum's agreed grade, or NONE. */
AssayGrade       assay_comparison_get_plan_agreed    (AssayComparison *self,
                                                      guint            index);
/* The quarter the plan is counted in: that of its first counted audit. */
const char      *assay_comparison_get_plan_quarter   (AssayComparison *self,
                                                      guint            index);
/* The caseload fields of @case_ref, a plan audited, as the comparison read
 * them (borrowed), or NULL when the case is not in the local caseload (or
 * was never audited: only those are kept). */
JsonObject      *assay_comparison_lookup_case        (AssayComparison *self,
                                                      const char      *case_ref);
/* The filter in canonical form ("2026-Q3", the agency as stored), or NULL. */
const char      *assay_comparison_get_filter_quarter (AssayComparison *self);
const char      *assay_comparison_get_filter_agency  (AssayComparison *self);

/* Audits left out because their framework version is not installed (of
 * AssayMissingFramework; empty when none): whoever shows the figures says
 * so, since they would change once the framework is installed. */
const GPtrArray *assay_comparison_get_missing_frameworks (AssayComparison *self);
/* The conflicts imports left open (AssayConflict): the audits they are
 * about are left out until someone settles them (`conflicts resolve`). */
const GPtrArray *assay_comparison_get_conflicts          (AssayComparison *self);

G_END_DECLS
