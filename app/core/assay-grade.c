/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-grade"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-grade.h"

static const char * const tokens[] = {
  [ASSAY_GRADE_NONE] = NULL,
  [ASSAY_GRADE_NOT_YET_BRONZE] = "not-yet-bronze",
  [ASSAY_GRADE_BRONZE] = "bronze",
  [ASSAY_GRADE_SILVER] = "silver",
  [ASSAY_GRADE_GOLD] = "gold",
  [ASSAY_GRADE_NA] = "n/a",
};

const char *
assay_grade_to_token (AssayGrade grade)
{
  if ((guint) grade >= G_N_ELEMENTS (tokens))
    return NULL;

  return tokens[grade];
}

gboolean
assay_grade_from_token (const char *token,
                        AssayGrade *grade)
{
  g_autofree char *folded = NULL;

  if (token == NULL)
    return FALSE;

  /* Forgiving about case, spaces and underscores: people type
   * "Not yet Bronze" and "NA" as often as the tokens. */
  folded = g_ascii_strdown (token, -1);
  g_strstrip (folded);
  g_strdelimit (folded, " _", '-');

  for (guint i = ASSAY_GRADE_NOT_YET_BRONZE; i < G_N_ELEMENTS (tokens); i++)
    if (g_str_equal (folded, tokens[i]))
      {
        *grade = (AssayGrade) i;
        return TRUE;
      }

  if (g_str_equal (folded, "na") || g_str_equal (folded, "n-a"))
    {
      *grade = ASSAY_GRADE_NA;
      return TRUE;
    }

  return FALSE;
}

const char *
assay_grade_get_default_label (AssayGrade grade)
{
  switch (grade)
    {
    case ASSAY_GRADE_GOLD:
      return _("Gold");
    case ASSAY_GRADE_SILVER:
      return _("Silver");
    case ASSAY_GRADE_BRONZE:
      return _("Bronze");
    case ASSAY_GRADE_NOT_YET_BRONZE:
      return _("Not yet Bronze");
    case ASSAY_GRADE_NA:
      return _("N/A");
    case ASSAY_GRADE_NONE:
    default:
      return _("Not graded");
    }
}
