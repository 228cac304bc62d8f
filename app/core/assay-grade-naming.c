/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-grade-naming"

#include "config.h"

#include "assay-grade-naming.h"

const char *
assay_grade_naming_choose (AssayFramework *framework,
                           AssayGrade      grade,
                           const char     *custom)
{
  if (ASSAY_GRADE_IS_SCORED (grade) && custom != NULL)
    {
      g_autofree char *label = g_strstrip (g_strdup (custom));

      /* Interned: labels change rarely, and callers keep the pointer. */
      if (*label != '\0')
        return g_intern_string (label);
    }

  if (framework != NULL)
    return assay_framework_get_label (framework, grade);

  return assay_grade_get_default_label (grade);
}
