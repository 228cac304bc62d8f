/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-comparison.h"

G_BEGIN_DECLS

/*
 * The inside of an AssayComparison, shared by the file that computes it
 * from the store (assay-comparison-compute.c) and the one that hands its
 * figures out (assay-comparison.c).
 */

typedef struct
{
  AssayModeratorFigures  figures;   /* first: the public view of it */
  guint64                stamp;     /* of the audit the name and agency come from */
  double                 sum_difference;   /* their grade − the agreed grade */
} Moderator;

/* An agreed grade recorded for a plan. */
typedef struct
{
  AssayGrade  grade;
  char       *reason;
  char       *chair;
} Agreed;

/* A plan as one framework sees it: plan_table keys it by case reference and
 * framework id. */
typedef struct
{
  char           *case_ref;
  char           *framework;
  GHashTable     *latest;      /* moderator id -> AssayAudit, counted */
  GHashTable     *drafting;    /* moderator ids with an unfinished audit */
  GPtrArray      *audits;      /* the counted audits, oldest first */
  gboolean        hidden;      /* the blind rule left audits out */
  GPtrArray      *hidden_audits; /* those it left out, which lists name but never grade */
  char           *agreement_id;
  guint64         agreement_stamp;
  Agreed         *agreement;         /* the one that counts */
  GPtrArray      *other_agreements;  /* of Agreed: older ones by other chairs */
  AssayGrade      grade;       /* the plan's grade (assay-comparison-compute.c) */
  char           *quarter;
  AssayCaseState  state;
} Plan;

typedef struct
{
  AssayModeratorPair  figures;   /* first: the public view of it */
  GArray             *a_grades;  /* of guint, 1 … 4 */
  GArray             *b_grades;
} Pair;

#define N_DISTRIBUTIONS (ASSAY_DISTRIBUTION_BY_MODERATOR + 1)

struct _AssayComparison
{
  GObject     parent_instance;

  char       *quarter;
  char       *agency;
  char       *today;        /* YYYY-MM-DD, for overdue actions */

  GPtrArray  *all_audits;   /* every audit read; the others borrow from it */
  GPtrArray  *missing;      /* of AssayMissingFramework: audits that could not be read */
  GPtrArray  *conflicts;    /* of AssayConflict: open ones, whose audits are left out */
  GHashTable *plan_table;   /* "case\x1fframework" -> Plan */
  GPtrArray  *plans;        /* with a counted audit, by case then framework */
  GPtrArray  *cases;        /* the plans the forum compares (borrowed) */
  GHashTable *moderators;   /* id -> Moderator */
  GHashTable *caseload;     /* case_ref -> JsonObject, for the plans audited */

  guint       n_audits;
  guint       n_double;
  guint       n_pairs;
  guint       n_exact;
  guint       n_within;
  double      alpha;

  AssayGradeCounts  overall;
  GHashTable       *distributions[N_DISTRIBUTIONS];   /* key -> AssayGradeCounts */
  GPtrArray        *sorted_distributions[N_DISTRIBUTIONS];

  GPtrArray  *quarters;            /* of AssayQuarterShare */
  GPtrArray  *sorted_moderators;   /* of Moderator, borrowed */
  GPtrArray  *pairs;               /* of Pair */
  GHashTable *criteria;            /* key -> AssayCriterionRate */
  GPtrArray  *sorted_criteria;     /* borrowed */
  GPtrArray  *actions;             /* of AssayOpenAction */
};

void     _assay_comparison_agreed_free (Agreed                    *agreed);

static inline AssayGrade
_assay_comparison_plan_agreed (Plan *plan)
{
  return plan->agreement != NULL ? plan->agreement->grade : ASSAY_GRADE_NONE;
}

/* Who made @audit: their public identity, or for an audit without one
 * "?" and the name, so that it is still told apart from everyone else's. */
char    *_assay_comparison_moderator_key (AssayAudit               *audit);

/* The pairs of moderators, their agreement and alpha, once the plans are
 * settled (assay-comparison-agreement.c). */
void     _assay_comparison_compute_agreement (AssayComparison      *self);

/* Fills the new, empty @self: everything is computed here, once. */
gboolean _assay_comparison_compute     (AssayComparison           *self,
                                        AssayStore                *store,
                                        AssayFrameworks           *frameworks,
                                        const AssayCompareFilter  *filter,
                                        GError                   **error);

/* assay-comparison.c: the caseload's facts of the plans audited, read one
 * plan at a time, and one of them ("unknown" when the caseload lacks it). */
gboolean    _assay_comparison_load_caseload  (AssayComparison  *self,
                                              AssayStore       *store,
                                              GError          **error);
const char *_assay_comparison_caseload_field (AssayComparison  *self,
                                              const char       *case_ref,
                                              const char       *field);

G_END_DECLS
