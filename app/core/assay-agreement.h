/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Agreement statistics for ordinal ratings, on plain numbers so that tests
 * can check them against published examples. Values run 1 … n_values; 0
 * means "no rating". Nothing here knows about grades or audits: the forum's
 * agreed grades are in assay-agreed-grade.h.
 */

typedef enum
{
  ASSAY_ALPHA_NOMINAL,
  ASSAY_ALPHA_ORDINAL,
  ASSAY_ALPHA_INTERVAL,
} AssayAlphaMetric;

/*
 * Krippendorff's alpha for @n_coders × @n_units reliability data, row by
 * row: values[coder * n_units + unit] is 1 … @n_values, or 0 where that
 * coder gave no value. Units with fewer than two values are left out.
 * NAN when it is undefined (no pairable values, or no variation at all).
 */
double assay_agreement_krippendorff_alpha (const guint      *values,
                                           guint             n_coders,
                                           guint             n_units,
                                           guint             n_values,
                                           AssayAlphaMetric  metric);

/*
 * Cohen's kappa with quadratic weights for two raters' values (1 …
 * @n_values) on the same @n units. NAN when it is undefined: fewer than two
 * units, or both raters constant so chance explains everything.
 */
double assay_agreement_weighted_kappa     (const guint      *a,
                                           const guint      *b,
                                           guint             n,
                                           guint             n_values);

G_END_DECLS
