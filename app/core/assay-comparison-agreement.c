/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-comparison"

#include "config.h"

#include <math.h>

#include "assay-agreement.h"
#include "assay-comparison-private.h"

/*
 * How far the moderators agree: every pair of counted audits of a plan
 * with two or more moderators, by the pair of moderators who made them
 * (exact, within one grade, weighted kappa), and Krippendorff's alpha
 * across every moderator.
 */

static Pair *
ensure_pair (AssayComparison *self,
             Moderator       *a,
             Moderator       *b)
{
  Pair *pair;

  if (g_strcmp0 (a->figures.id, b->figures.id) > 0)
    {
      Moderator *t = a;
      a = b;
      b = t;
    }

  for (guint i = 0; i < self->pairs->len; i++)
    {
      pair = self->pairs->pdata[i];
      if (pair->figures.a == &a->figures && pair->figures.b == &b->figures)
        return pair;
    }

  pair = g_new0 (Pair, 1);
  pair->figures.a = &a->figures;
  pair->figures.b = &b->figures;
  pair->a_grades = g_array_new (FALSE, FALSE, sizeof (guint));
  pair->b_grades = g_array_new (FALSE, FALSE, sizeof (guint));
  pair->figures.kappa = NAN;
  g_ptr_array_add (self->pairs, pair);

  return pair;
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const Pair *x = *(const Pair **) a;
  const Pair *y = *(const Pair **) b;
  int cmp = g_strcmp0 (x->figures.a->id, y->figures.a->id);

  return cmp != 0 ? cmp : g_strcmp0 (x->figures.b->id, y->figures.b->id);
}

void
_assay_comparison_compute_agreement (AssayComparison *self)
{
  g_autoptr(GPtrArray) coders = g_ptr_array_new ();
  g_autoptr(GPtrArray) doubled = g_ptr_array_new ();
  g_autofree guint *matrix = NULL;

  for (guint u = 0; u < self->plans->len; u++)
    {
      Plan *plan = self->plans->pdata[u];
      GHashTableIter iter;
      gpointer key;

      if (plan->audits->len < 2)
        continue;

      g_ptr_array_add (doubled, plan);
      self->n_double++;

      for (guint i = 0; i < plan->audits->len; i++)
        for (guint j = i + 1; j < plan->audits->len; j++)
          {
            AssayAudit *x = plan->audits->pdata[i];
            AssayAudit *y = plan->audits->pdata[j];
            g_autofree char *xk = _assay_comparison_moderator_key (x);
            g_autofree char *yk = _assay_comparison_moderator_key (y);
            Moderator *mx = g_hash_table_lookup (self->moderators, xk);
            Moderator *my = g_hash_table_lookup (self->moderators, yk);
            guint gx = assay_audit_get_final (x, NULL);
            guint gy = assay_audit_get_final (y, NULL);
            guint diff = gx > gy ? gx - gy : gy - gx;
            Pair *pair = ensure_pair (self, mx, my);

            self->n_pairs++;
            if (diff == 0)
              self->n_exact++;
            if (diff <= 1)
              self->n_within++;

            pair->figures.n_plans++;
            if (diff == 0)
              pair->figures.n_exact++;
            if (diff <= 1)
              pair->figures.n_within++;
            if (pair->figures.a == &mx->figures)
              {
                g_array_append_val (pair->a_grades, gx);
                g_array_append_val (pair->b_grades, gy);
              }
            else
              {
                g_array_append_val (pair->a_grades, gy);
                g_array_append_val (pair->b_grades, gx);
              }
          }

      g_hash_table_iter_init (&iter, plan->latest);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          Moderator *moderator = g_hash_table_lookup (self->moderators, key);

          if (!g_ptr_array_find (coders, moderator, NULL))
            g_ptr_array_add (coders, moderator);
        }
    }

  for (guint i = 0; i < self->pairs->len; i++)
    {
      Pair *pair = self->pairs->pdata[i];

      if (pair->figures.n_plans >= 2)
        pair->figures.kappa =
          assay_agreement_weighted_kappa ((guint *) (gpointer) pair->a_grades->data,
                                          (guint *) (gpointer) pair->b_grades->data,
                                          pair->a_grades->len, ASSAY_N_SCORED_GRADES);
    }
  g_ptr_array_sort (self->pairs, compare_pairs);

  /* Alpha across every moderator: one row per moderator, one column per
   * plan with two or more of them, 0 where a moderator did not audit it. */
  if (doubled->len == 0)
    return;

  matrix = g_new0 (guint, coders->len * doubled->len);
  for (guint u = 0; u < doubled->len; u++)
    {
      Plan *plan = doubled->pdata[u];

      for (guint c = 0; c < coders->len; c++)
        {
          Moderator *moderator = coders->pdata[c];
          AssayAudit *audit = g_hash_table_lookup (plan->latest, moderator->figures.id);

          if (audit != NULL)
            matrix[c * doubled->len + u] = assay_audit_get_final (audit, NULL);
        }
    }

  self->alpha = assay_agreement_krippendorff_alpha (matrix, coders->len, doubled->len,
                                                    ASSAY_N_SCORED_GRADES, ASSAY_ALPHA_ORDINAL);
}
