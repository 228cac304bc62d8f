/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "assay-agreement.h"

/* The agreement statistics on plain numbers, against published examples. */

#define alpha assay_agreement_krippendorff_alpha
#define kappa assay_agreement_weighted_kappa

/* Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the
 * example with four observers, twelve units and missing values. */
static void
test_agreement_krippendorff_example (void)
{
  static const guint data[4 * 12] = {
    1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0,   /* A */
    1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3,   /* B */
    0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0,   /* C */
    1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0,   /* D */
  };
  static const guint constant[2 * 3] = { 2, 2, 2, 2, 2, 2 };

  g_assert_cmpfloat_with_epsilon (alpha (data, 4, 12, 5, ASSAY_ALPHA_NOMINAL), 0.743, 0.0005);
  g_assert_cmpfloat_with_epsilon (alpha (data, 4, 12, 5, ASSAY_ALPHA_ORDINAL), 0.815, 0.0005);
  g_assert_cmpfloat_with_epsilon (alpha (data, 4, 12, 5, ASSAY_ALPHA_INTERVAL), 0.849, 0.0005);

  /* No variation at all: alpha says nothing. */
  g_assert_true (isnan (alpha (constant, 2, 3, 4, ASSAY_ALPHA_ORDINAL)));
  /* One value per unit: nothing pairable. */
  g_assert_true (isnan (alpha (data, 1, 12, 5, ASSAY_ALPHA_ORDINAL)));
}

static void
test_agreement_kappa (void)
{
  static const guint own[] = { 4, 3, 2, 3 };
  static const guint ann_grades[] = { 3, 3, 2, 2 };
  static const guint flat[] = { 3, 3, 3, 3 };

  /* The hand-worked example in test_compare_agreement (test-compare.c). */
  g_assert_cmpfloat_with_epsilon (kappa (own, ann_grades, 4, 4), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (kappa (own, own, 4, 4), 1.0, 1e-12);
  g_assert_true (isnan (kappa (flat, flat, 4, 4)));
  g_assert_true (isnan (kappa (own, ann_grades, 1, 4)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/agreement/krippendorff-example", test_agreement_krippendorff_example);
  g_test_add_func ("/agreement/kappa", test_agreement_kappa);

  return g_test_run ();
}
