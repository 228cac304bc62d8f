/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The four grades in their fixed order, numbered so that arithmetic on them
 * is the grading rule's arithmetic. NONE means "not graded yet"; NA means
 * "does not apply" and counts as nothing.
 */
typedef enum
{
  ASSAY_GRADE_NONE           = 0,
  ASSAY_GRADE_NOT_YET_BRONZE = 1,
  ASSAY_GRADE_BRONZE         = 2,
  ASSAY_GRADE_SILVER         = 3,
  ASSAY_GRADE_GOLD           = 4,
  ASSAY_GRADE_NA             = 5,
} AssayGrade;

#define ASSAY_GRADE_IS_SCORED(g) ((g) >= ASSAY_GRADE_NOT_YET_BRONZE && (g) <= ASSAY_GRADE_GOLD)

const char *assay_grade_to_token          (AssayGrade   grade);
gboolean    assay_grade_from_token        (const char  *token,
                                           AssayGrade  *grade);
const char *assay_grade_get_default_label (AssayGrade   grade);

G_END_DECLS
