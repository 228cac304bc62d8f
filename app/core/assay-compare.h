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

/*
 * The forum's agreed grade for one plan (case and framework), recorded by the
 * chair with a reason: one record in the "agreements" collection. The
 * moderators' own audits are never changed by it.
 */
/* The collection that holds the agreements. */
#define ASSAY_AGREEMENTS_COLLECTION "agreements"

/* Recording again for the same plan writes the next revision of the same
 * record, so the forum's earlier decisions stay in its history. @grade must
 * be gold, silver, bronze or not-yet-bronze (INVALID otherwise). The
 * agreement lists the finished audits it settles. */
gboolean  assay_agreement_record (AssayStore       *store,
                                  AssayFrameworks  *frameworks,
                                  const char       *case_ref,
                                  const char       *framework_id,
                                  AssayGrade        grade,
                                  const char       *reason,
                                  GError          **error);
/* The agreed grade of a plan, or NONE (and no error) when none is recorded.
 * @reason and @chair may be NULL; the caller frees what they get. */
AssayGrade assay_agreement_lookup (AssayStore      *store,
                                   const char      *case_ref,
                                   const char      *framework_id,
                                   char           **reason,
                                   char           **chair,
                                   GError         **error);

/* "2026-Q3": the calendar quarter of an ISO 8601 time (or a plain
 * 2026-07-14 date) in the local time zone; NULL if unparsable. */
char     *assay_quarter_from_iso8601 (const char *iso8601);
/* Accepts 2026-Q3, 2026Q3, Q3-2026 and "Q3 2026" in any case; returns the
 * canonical form, or NULL and ASSAY_COMPARE_ERROR_INVALID. */
char     *assay_quarter_parse        (const char  *text,
                                      GError     **error);

typedef enum
{
  ASSAY_CASE_AWAITING,   /* one finished audit so far, or a blind partner unfinished */
  ASSAY_CASE_AGREE,      /* the moderators' overall grades are the same */
  ASSAY_CASE_DIFFER,     /* they differ and no final grade is agreed yet */
  ASSAY_CASE_AGREED,     /* the forum has recorded a final grade */
} AssayCaseState;

const char *assay_case_state_to_string (AssayCaseState state);

typedef struct
{
  const char *quarter;   /* canonical "2026-Q3" or NULL for every quarter */
  const char *agency;    /* moderator agency id or NULL for all */
} AssayCompareFilter;

#define ASSAY_TYPE_COMPARISON (assay_comparison_get_type ())

G_DECLARE_FINAL_TYPE (AssayComparison, assay_comparison, ASSAY, COMPARISON, GObject)

/*
 * Everything the forum looks at, computed from every audit in the store
 * (imported ones included) and the agreements. Only finished audits count.
 * Blind rule: while this installation's own moderator has an unfinished
 * blind audit of a case, other moderators' audits of it are left out.
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
guint            assay_comparison_get_n_pairs       (AssayComparison *self);
double           assay_comparison_get_exact         (AssayComparison *self);
double           assay_comparison_get_within_one    (AssayComparison *self);
double           assay_comparison_get_alpha         (AssayComparison *self);
/* Share of audited plans graded Silver or Gold (final grade). */
double           assay_comparison_get_silver_or_better (AssayComparison *self);

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
/* The caseload fields of @case_ref as the comparison read them (borrowed),
 * or NULL when the case is not in the local caseload. */
JsonObject      *assay_comparison_lookup_case        (AssayComparison *self,
                                                      const char      *case_ref);
/* The filter in canonical form ("2026-Q3", the agency as stored), or NULL. */
const char      *assay_comparison_get_filter_quarter (AssayComparison *self);
const char      *assay_comparison_get_filter_agency  (AssayComparison *self);

/* Audits left out because their framework version is not installed (of
 * AssayMissingFramework; empty when none): whoever shows the figures says
 * so, since they would change once the framework is installed. */
const GPtrArray *assay_comparison_get_missing_frameworks (AssayComparison *self);

/* The whole `compare --json` document (see README "compare"). */
JsonNode        *assay_comparison_to_json          (AssayComparison *self);

G_END_DECLS
