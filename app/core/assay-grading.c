/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-grading"

#include "config.h"

#include "assay-grading.h"

/*
 * Integer arithmetic throughout, so the same grades give the same result on
 * every machine: the mean sum/total rounded to nearest with halves down is
 * ceil ((2 sum - total) / (2 total)).
 */
AssayGrade
assay_grading_round_mean (guint64 weighted_sum,
                          guint64 total_weight)
{
  guint64 numerator, denominator;

  if (total_weight == 0)
    return ASSAY_GRADE_NONE;

  numerator = 2 * weighted_sum - total_weight;
  denominator = 2 * total_weight;

  return (AssayGrade) ((numerator + denominator - 1) / denominator);
}

void
assay_grading_free (AssayGrading *grading)
{
  if (grading == NULL)
    return;

  g_clear_pointer (&grading->limited_by, g_ptr_array_unref);
  g_clear_pointer (&grading->limited_by_lines, g_ptr_array_unref);
  g_clear_pointer (&grading->ungraded, g_ptr_array_unref);
  g_free (grading->sections);
  g_free (grading);
}

static const char * const delivered_tokens[] = {
  [ASSAY_DELIVERED_YES] = "yes",
  [ASSAY_DELIVERED_PARTLY] = "partly",
  [ASSAY_DELIVERED_NO] = "no",
};

const char *
assay_delivered_to_token (AssayDelivered delivered)
{
  if ((guint) delivered >= G_N_ELEMENTS (delivered_tokens))
    return NULL;

  return delivered_tokens[delivered];
}

gboolean
assay_delivered_from_token (const char     *token,
                            AssayDelivered *delivered)
{
  for (guint i = ASSAY_DELIVERED_YES; i < G_N_ELEMENTS (delivered_tokens); i++)
    if (g_strcmp0 (delivered_tokens[i], token) == 0)
      {
        *delivered = (AssayDelivered) i;
        return TRUE;
      }

  return FALSE;
}

/* A provision line not delivered is a breach of the duty to secure the
 * provision in section F (CFA 2014 s.42(2)); one partly delivered is at best
 * adequate. */
AssayGrade
assay_delivered_get_cap (AssayDelivered delivered)
{
  switch (delivered)
    {
    case ASSAY_DELIVERED_NO:
      return ASSAY_GRADE_NOT_YET_BRONZE;
    case ASSAY_DELIVERED_PARTLY:
      return ASSAY_GRADE_BRONZE;
    case ASSAY_DELIVERED_UNSET:
    case ASSAY_DELIVERED_YES:
    default:
      return ASSAY_GRADE_GOLD;
    }
}

AssayGrading *
assay_grading_compute (AssayFramework *framework,
                       GHashTable     *grades)
{
  return assay_grading_compute_with_lines (framework, grades, NULL, 0);
}

AssayGrading *
assay_grading_compute_with_lines (AssayFramework         *framework,
                                  GHashTable             *grades,
                                  const AssayGradingLine *lines,
                                  guint                   n_lines)
{
  g_autoptr(AssayGrading) grading = g_new0 (AssayGrading, 1);
  guint64 weighted_sum = 0, total_weight = 0;
  guint64 plain_sum = 0, plain_count = 0;
  AssayGrade cap = ASSAY_GRADE_GOLD;
  gboolean with_lines;

  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (framework), NULL);
  g_return_val_if_fail (grades != NULL, NULL);
  g_return_val_if_fail (lines != NULL || n_lines == 0, NULL);

  with_lines = assay_framework_has_provision_lines (framework);
  grading->n_sections = assay_framework_get_n_sections (framework);
  grading->sections = g_new0 (AssayGrade, grading->n_sections);
  grading->limited_by = g_ptr_array_new_with_free_func (g_free);
  grading->ungraded = g_ptr_array_new_with_free_func (g_free);
  grading->limited_by_lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < grading->n_sections; i++)
    {
      const AssaySection *section = assay_framework_get_section (framework, i);
      guint64 sum = 0, count = 0;
      gboolean any_na = FALSE;

      for (guint j = 0; j < section->criteria->len; j++)
        {
          const AssayCriterion *criterion = section->criteria->pdata[j];
          AssayGrade grade = GPOINTER_TO_UINT (g_hash_table_lookup (grades, criterion->id));

          grading->n_criteria++;

          if (grade == ASSAY_GRADE_NONE)
            {
              g_ptr_array_add (grading->ungraded, g_strdup (criterion->id));
              continue;
            }

          grading->n_graded++;

          if (grade == ASSAY_GRADE_NA)
            {
              any_na = TRUE;
              continue;
            }

          sum += grade;
          count++;

          cap = MIN (cap, assay_framework_get_cap (framework, criterion, grade));
        }

      if (count > 0)
        grading->sections[i] = assay_grading_round_mean (sum, count);
      else if (any_na)
        grading->sections[i] = ASSAY_GRADE_NA;
      else
        grading->sections[i] = ASSAY_GRADE_NONE;

      if (ASSAY_GRADE_IS_SCORED (grading->sections[i]))
        {
          weighted_sum += (guint64) section->weight * grading->sections[i];
          total_weight += section->weight;
          plain_sum += grading->sections[i];
          plain_count++;
        }
    }

  if (total_weight > 0)
    grading->uncapped = assay_grading_round_mean (weighted_sum, total_weight);
  else if (plain_count > 0)
    grading->uncapped = assay_grading_round_mean (plain_sum, plain_count);
  else if (grading->n_graded > 0)
    grading->uncapped = ASSAY_GRADE_NA;  /* everything graded so far is N/A */

  if (with_lines)
    {
      grading->n_lines = n_lines;
      for (guint i = 0; i < n_lines; i++)
        {
          if (lines[i].delivered == ASSAY_DELIVERED_UNSET)
            grading->n_lines_open++;
          cap = MIN (cap, assay_delivered_get_cap (lines[i].delivered));
        }
    }

  grading->derived = grading->uncapped;
  if (ASSAY_GRADE_IS_SCORED (grading->uncapped) && cap < grading->uncapped)
    {
      grading->derived = cap;

      /* Every limiting criterion low enough to have lowered the grade is a
       * reason the moderator sees, not only the lowest one. */
      for (guint i = 0; i < grading->n_sections; i++)
        {
          const AssaySection *section = assay_framework_get_section (framework, i);

          for (guint j = 0; j < section->criteria->len; j++)
            {
              const AssayCriterion *criterion = section->criteria->pdata[j];
              AssayGrade grade = GPOINTER_TO_UINT (g_hash_table_lookup (grades, criterion->id));

              if (assay_framework_get_cap (framework, criterion, grade) < grading->uncapped)
                g_ptr_array_add (grading->limited_by, g_strdup (criterion->id));
            }
        }

      for (guint i = 0; with_lines && i < n_lines; i++)
        if (assay_delivered_get_cap (lines[i].delivered) < grading->uncapped)
          g_ptr_array_add (grading->limited_by_lines, g_strdup (lines[i].id));
    }

  grading->complete = grading->ungraded->len == 0 &&
                      (!with_lines || (n_lines > 0 && grading->n_lines_open == 0));

  return g_steal_pointer (&grading);
}
