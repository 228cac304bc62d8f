/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-agreement"

#include "config.h"

#include <math.h>
#include <string.h>

#include "assay-agreement.h"

static double
ordinal_distance (const double *n_c,
                  guint         c,
                  guint         k)
{
  guint lo = MIN (c, k), hi = MAX (c, k);
  double sum = 0;

  /* Krippendorff's ordinal metric: how many values lie between the two,
   * counting half of each end, squared. */
  for (guint g = lo; g <= hi; g++)
    sum += n_c[g];
  sum -= (n_c[c] + n_c[k]) / 2.0;

  return sum * sum;
}

double
assay_agreement_krippendorff_alpha (const guint      *values,
                                    guint             n_coders,
                                    guint             n_units,
                                    guint             n_values,
                                    AssayAlphaMetric  metric)
{
  g_autofree double *o = NULL;
  g_autofree double *n_c = NULL;
  g_autofree guint *counts = NULL;
  double n = 0, observed = 0, expected = 0;

  g_return_val_if_fail (values != NULL || n_coders * n_units == 0, NAN);

  if (n_values < 2)
    return NAN;

  o = g_new0 (double, n_values * n_values);
  n_c = g_new0 (double, n_values);
  counts = g_new0 (guint, n_values);

  /* The coincidence matrix: every ordered pair of values in a unit, each
   * unit weighing 1 / (m_u - 1) for its m_u values. */
  for (guint u = 0; u < n_units; u++)
    {
      guint m_u = 0;

      memset (counts, 0, n_values * sizeof (guint));
      for (guint i = 0; i < n_coders; i++)
        {
          guint v = values[i * n_units + u];

          if (v >= 1 && v <= n_values)
            {
              counts[v - 1]++;
              m_u++;
            }
        }

      if (m_u < 2)
        continue;

      for (guint c = 0; c < n_values; c++)
        for (guint k = 0; k < n_values; k++)
          {
            double pairs = (double) counts[c] * (counts[k] - (c == k ? 1 : 0));

            o[c * n_values + k] += pairs / (m_u - 1);
          }
    }

  for (guint c = 0; c < n_values; c++)
    for (guint k = 0; k < n_values; k++)
      n_c[c] += o[c * n_values + k];
  for (guint c = 0; c < n_values; c++)
    n += n_c[c];

  if (n < 2)
    return NAN;

  for (guint c = 0; c < n_values; c++)
    for (guint k = 0; k < n_values; k++)
      {
        double delta;

        switch (metric)
          {
          case ASSAY_ALPHA_NOMINAL:
            delta = c == k ? 0 : 1;
            break;
          case ASSAY_ALPHA_INTERVAL:
            delta = ((double) c - (double) k) * ((double) c - (double) k);
            break;
          case ASSAY_ALPHA_ORDINAL:
          default:
            delta = ordinal_distance (n_c, c, k);
            break;
          }

        observed += o[c * n_values + k] * delta;
        expected += n_c[c] * n_c[k] * delta;
      }

  if (expected <= 0)
    return NAN;

  return 1.0 - (n - 1) * observed / expected;
}

double
assay_agreement_weighted_kappa (const guint *a,
                                const guint *b,
                                guint        n,
                                guint        n_values)
{
  g_autofree double *pa = NULL;
  g_autofree double *pb = NULL;
  double observed = 0, expected = 0;

  if (n < 2 || n_values < 2)
    return NAN;

  pa = g_new0 (double, n_values);
  pb = g_new0 (double, n_values);

  for (guint i = 0; i < n; i++)
    {
      double d = (double) a[i] - (double) b[i];

      g_return_val_if_fail (a[i] >= 1 && a[i] <= n_values, NAN);
      g_return_val_if_fail (b[i] >= 1 && b[i] <= n_values, NAN);

      observed += d * d / n;
      pa[a[i] - 1] += 1.0 / n;
      pb[b[i] - 1] += 1.0 / n;
    }

  /* Quadratic weights (i - j)²; their scale cancels in the ratio. */
  for (guint i = 0; i < n_values; i++)
    for (guint j = 0; j < n_values; j++)
      expected += pa[i] * pb[j] * ((double) i - (double) j) * ((double) i - (double) j);

  if (expected <= 0)
    return NAN;

  return 1.0 - observed / expected;
}
