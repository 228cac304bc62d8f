/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "assay-framework.h"
#include "assay-grade.h"

G_BEGIN_DECLS

/*
 * Synthetic data for benchmarks and for trying the app on a realistic
 * amount of work. Nothing here describes a real child or a real officer,
 * and the same seed always gives the same data, so that runs compare.
 */

/*
 * A council caseload export of @n_plans plans as CSV text, written the way
 * case management systems write them ("Case Reference", "Annual Review",
 * "Mainstream School", "Y"), so an import of it goes through the same
 * normalising as a real one. The mix follows the national SEN2 returns:
 * mostly annual reviews, autism the most common primary need, about 5% of
 * children in care; officers belong to locality teams, some with names
 * outside ASCII. Case references are unique. Free with g_free().
 */
char *assay_synth_caseload_csv (guint    n_plans,
                                guint32  seed,
                                gsize   *len);

/*
 * A plan's quality as a moderator finds it overall, drawn from the mix
 * partnerships report: mostly Silver and Bronze, few Gold, some Not yet
 * Bronze.
 */
AssayGrade  assay_synth_level    (GRand                *rand);

/*
 * One criterion's grade in a plan of quality @level: the nearest grade the
 * criterion allows, a grade either side now and then, and N/A where the
 * criterion allows it (@conditions as assay_audit_get_case_conditions()
 * gives them) about one time in ten.
 */
AssayGrade  assay_synth_grade    (GRand                *rand,
                                  const AssayCriterion *criterion,
                                  guint                 conditions,
                                  AssayGrade            level);

/*
 * A second moderator's grade for the criterion a first one graded @first:
 * the same most of the time, one grade apart otherwise, as forums find.
 */
AssayGrade  assay_synth_regrade  (GRand                *rand,
                                  const AssayCriterion *criterion,
                                  guint                 conditions,
                                  AssayGrade            first);

/*
 * The evidence a moderator writes for @grade: none for about one criterion
 * in five, otherwise one to six sentences (about 60 to 700 bytes) quoting
 * the plan and saying what is missing. NULL for none; free with g_free().
 */
char       *assay_synth_evidence (GRand                *rand,
                                  AssayGrade            grade);

G_END_DECLS
