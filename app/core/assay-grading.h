/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-framework.h"

G_BEGIN_DECLS

/*
 * The grading rule, documented with worked examples in docs/grading.md:
 *
 *  - a section's grade is the mean of its graded criteria (N/A left out),
 *    rounded to the nearest grade with an exact half rounded down; a section
 *    whose criteria are all N/A is N/A;
 *  - the derived overall grade is the weighted mean of the section grades
 *    (N/A sections left out, the other weights scaled up), rounded the same
 *    way; the plain mean when the graded sections all weigh 0;
 *  - limiting criteria cap it by the framework version's rule
 *    (assay_framework_get_cap()): under the statutory rule a statutory
 *    criterion or local rule at Not yet Bronze makes it Not yet Bronze and
 *    one at Bronze caps it at Bronze;
 *  - in a setting visit, a provision line not delivered makes it Not yet
 *    Bronze and one partly delivered caps it at Bronze.
 *
 * While an audit is in progress the grades are "running" grades over what
 * has been graded so far; `complete` says whether every criterion has a
 * grade or N/A (and, in a setting visit, whether every provision line is
 * recorded, with at least one line).
 */
typedef enum
{
  ASSAY_DELIVERED_UNSET,
  ASSAY_DELIVERED_YES,
  ASSAY_DELIVERED_PARTLY,
  ASSAY_DELIVERED_NO,
} AssayDelivered;

/* "yes", "partly", "no"; NULL for UNSET */
const char *assay_delivered_to_token   (AssayDelivered  delivered);
gboolean    assay_delivered_from_token (const char     *token,
                                        AssayDelivered *delivered);

/* The grade a provision line's delivery caps a setting visit at: Not yet
 * Bronze when not delivered, Bronze when partly, else Gold. */
AssayGrade  assay_delivered_get_cap    (AssayDelivered  delivered);

typedef struct
{
  const char     *id;
  AssayDelivered  delivered;
} AssayGradingLine;

typedef struct
{
  AssayGrade  derived;      /* NONE when nothing is graded yet */
  AssayGrade  uncapped;     /* the weighted mean before limiting criteria */
  GPtrArray  *limited_by;   /* ids of the criteria that lowered it */
  GPtrArray  *limited_by_lines;  /* ids of the provision lines that lowered it */
  guint       n_lines;
  guint       n_lines_open; /* provision lines with no delivery recorded */
  AssayGrade *sections;     /* one per framework section, in order */
  guint       n_sections;
  guint       n_criteria;
  guint       n_graded;     /* graded or N/A */
  GPtrArray  *ungraded;     /* ids of criteria still to grade */
  gboolean    complete;
} AssayGrading;

/* @grades maps criterion id (char *) to GUINT_TO_POINTER (AssayGrade). */
AssayGrading *assay_grading_compute    (AssayFramework *framework,
                                        GHashTable     *grades);
/* With the provision lines of a setting visit (@lines may be NULL when
 * @n_lines is 0). */
AssayGrading *assay_grading_compute_with_lines (AssayFramework         *framework,
                                                GHashTable             *grades,
                                                const AssayGradingLine *lines,
                                                guint                   n_lines);
void          assay_grading_free       (AssayGrading   *grading);
/* Mean of @count grades summing to @sum, halves rounded down. */
AssayGrade    assay_grading_round_mean (guint64         weighted_sum,
                                        guint64         total_weight);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayGrading, assay_grading_free)

G_END_DECLS
