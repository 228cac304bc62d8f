/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "assay-grade-naming.h"

/* The partnership's own word wins for a scored grade, when it says
 * anything; without a framework, the default words stand in. */
static void
test_grade_naming_choose (void)
{
  const char *gold = assay_grade_get_default_label (ASSAY_GRADE_GOLD);
  const char *na = assay_grade_get_default_label (ASSAY_GRADE_NA);

  g_assert_cmpstr (assay_grade_naming_choose (NULL, ASSAY_GRADE_GOLD, NULL), ==, gold);
  g_assert_cmpstr (assay_grade_naming_choose (NULL, ASSAY_GRADE_GOLD, ""), ==, gold);
  g_assert_cmpstr (assay_grade_naming_choose (NULL, ASSAY_GRADE_GOLD, "  \t "), ==, gold);
  g_assert_cmpstr (assay_grade_naming_choose (NULL, ASSAY_GRADE_GOLD, " Outstanding "), ==,
                   "Outstanding");
  /* Interned: the caller may keep it. */
  g_assert_true (assay_grade_naming_choose (NULL, ASSAY_GRADE_GOLD, "Outstanding") ==
                 g_intern_string ("Outstanding"));
  /* N/A is not a grade the partnership names. */
  g_assert_cmpstr (assay_grade_naming_choose (NULL, ASSAY_GRADE_NA, "Whatever"), ==, na);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/grade-naming/choose", test_grade_naming_choose);

  return g_test_run ();
}
