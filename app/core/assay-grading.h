/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-framework.h"

G_BEGIN_DECLS

/*
 * The grading rule, documented in data/frameworks/README.md:
 *
 *  - a section's grade is the mean of its graded criteria (N/A left out),
 *    rounded to the nearest grade with an exact half rounded down; a section
 *    whose criteria are all N/A is N/A;
 *  - the derived overall grade is the weighted mean of the section grades
 *    (N/A sections left out, the other weights scaled up), rounded the same
 *    way; the plain mean when the graded sections all weigh 0;
 *  - a limiting criterion graded g caps the overall grade at g + the
 *    framework's limit.
 *
 * While an audit is in progress the grades are "running" grades over what
 * has been graded so far; `complete` says whether every criterion has a
 * grade or N/A.
 */
typedef struct
{
  AssayGrade  derived;      /* NONE when nothing is graded yet */
  AssayGrade  uncapped;     /* the weighted mean before limiting criteria */
  GPtrArray  *limited_by;   /* ids of the criteria that lowered it */
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
void          assay_grading_free       (AssayGrading   *grading);
/* Mean of @count grades summing to @sum, halves rounded down. */
AssayGrade    assay_grading_round_mean (guint64         weighted_sum,
                                        guint64         total_weight);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayGrading, assay_grading_free)

G_END_DECLS
