/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "assay-framework.h"
#include "assay-fuzz.h"
#include "assay-grading.h"

/*
 * The framework loader: a partnership's file is untrusted input. Besides not
 * crashing, a file that loads must be usable: every criterion can be looked
 * up, the weights add up, and grading it gives a grade in range.
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayFramework) framework = NULL;
  g_autoptr(GHashTable) grades = NULL;
  g_autoptr(AssayGrading) grading = NULL;
  g_autoptr(JsonNode) json = NULL;
  guint total = 0;

  framework = assay_framework_new_from_bytes (bytes, "fuzz.json", &error);
  if (framework == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_error_matches (error, ASSAY_FRAMEWORK_ERROR,
                                      ASSAY_FRAMEWORK_ERROR_INVALID));
      g_assert_true (g_str_has_prefix (error->message, "fuzz.json: "));
      return 0;
    }

  grades = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < assay_framework_get_n_sections (framework); i++)
    {
      const AssaySection *section = assay_framework_get_section (framework, i);

      total += section->weight;
      for (guint j = 0; j < section->criteria->len; j++)
        {
          const AssayCriterion *criterion = section->criteria->pdata[j];
          guint index;
          AssayGrade grade = (AssayGrade) (1 + (i + j) % 4);

          g_assert_true (assay_framework_lookup_criterion (framework, criterion->id, &index) ==
                         criterion);
          g_assert_cmpuint (index, ==, i);
          if (assay_criterion_allows (criterion, grade))
            g_hash_table_insert (grades, criterion->id, GUINT_TO_POINTER (grade));
        }
    }

  g_assert_cmpuint (total, ==, 100);

  grading = assay_grading_compute (framework, grades);
  g_assert_true (grading->derived <= ASSAY_GRADE_NA);
  g_assert_true (grading->derived <= grading->uncapped || grading->uncapped == ASSAY_GRADE_NONE);

  json = assay_framework_to_json (framework);
  g_assert_nonnull (json);

  return 0;
}
