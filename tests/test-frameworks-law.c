/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-framework.h"
#include "assay-grading.h"

/*
 * The built-in frameworks against the law they check (docs/grading.md):
 * statutory criteria name their source and limit the grade, the cases that
 * used to come out Gold come out Not yet Bronze, the corrected statements of
 * the law say what the Act, the Regulations and the Code say, and the
 * missing criteria are there. Audits under 2026.1 keep their old rule.
 */

static AssayFrameworks *frameworks;

static AssayFramework *
newest (const char *id)
{
  g_autoptr(GError) error = NULL;
  AssayFramework *framework = assay_frameworks_lookup (frameworks, id, NULL, &error);

  g_assert_no_error (error);

  return framework;
}

static const AssayCriterion *
criterion (AssayFramework *framework,
           const char     *id)
{
  const AssayCriterion *found = assay_framework_lookup_criterion (framework, id, NULL);

  if (found == NULL)
    g_error ("%s %s has no criterion %s", assay_framework_get_id (framework),
             assay_framework_get_version (framework), id);

  return found;
}

/* Every criterion at its best grade (Gold where allowed, else Silver),
 * except those in @low at Not yet Bronze. */
static AssayGrading *
grade_with_low (AssayFramework     *framework,
                const char * const *low)
{
  g_autoptr(GHashTable) grades = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint s = 0; s < assay_framework_get_n_sections (framework); s++)
    {
      const AssaySection *section = assay_framework_get_section (framework, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const AssayCriterion *item = section->criteria->pdata[c];
          AssayGrade grade = assay_criterion_allows (item, ASSAY_GRADE_GOLD)
                             ? ASSAY_GRADE_GOLD : ASSAY_GRADE_SILVER;

          if (low != NULL && g_strv_contains (low, item->id))
            {
              g_assert_true (assay_criterion_allows (item, ASSAY_GRADE_NOT_YET_BRONZE));
              grade = ASSAY_GRADE_NOT_YET_BRONZE;
            }
          g_hash_table_insert (grades, item->id, GUINT_TO_POINTER (grade));
        }
    }

  return assay_grading_compute (framework, grades);
}

static const char * const all_ids[] = {
  "ehcp-new", "ehcp-annual-review", "advice-education", "advice-ep", "advice-health",
  "advice-social-care", "setting-visit", NULL
};

/* The current versions use the statutory rule; every statutory criterion
 * and local rule names its source; 2026.1 is still there, unchanged. */
static void
test_law_versions (void)
{
  for (guint i = 0; all_ids[i] != NULL; i++)
    {
      g_autoptr(AssayFramework) current = newest (all_ids[i]);
      g_autoptr(AssayFramework) old = NULL;
      g_autoptr(GError) error = NULL;
      guint n_statutory = 0;

      g_assert_cmpint (assay_version_compare (assay_framework_get_version (current), "2026.2"),
                       >=, 0);
      g_assert_cmpint (assay_framework_get_rule (current), ==, ASSAY_OVERALL_RULE_STATUTORY);

      old = assay_frameworks_lookup (frameworks, all_ids[i], "2026.1", &error);
      g_assert_no_error (error);
      g_assert_cmpint (assay_framework_get_rule (old), ==, ASSAY_OVERALL_RULE_CAPPED_MEAN);
      g_assert_cmpstr (assay_framework_get_digest (old), !=, assay_framework_get_digest (current));

      for (guint s = 0; s < assay_framework_get_n_sections (current); s++)
        {
          const AssaySection *section = assay_framework_get_section (current, s);

          for (guint c = 0; c < section->criteria->len; c++)
            {
              const AssayCriterion *item = section->criteria->pdata[c];

              if (item->statutory || item->local_rule)
                {
                  g_assert_nonnull (item->source);
                  g_assert_cmpuint (strlen (item->source), >, 5);
                }
              n_statutory += item->statutory;

              /* Down syndrome is not a DfE need category. */
              g_assert_null (strstr (item->text, "Down syndrome"));
            }
        }

      if (g_str_has_prefix (all_ids[i], "ehcp-"))
        g_assert_cmpuint (n_statutory, >=, 10);
    }

  /* The setting visit is graded from its provision lines too. */
  {
    g_autoptr(AssayFramework) visit = newest ("setting-visit");

    g_assert_true (assay_framework_has_provision_lines (visit));
  }
}

/* Each statutory criterion of a plan or annual-review framework alone at
 * Not yet Bronze, everything else at its best, makes the plan Not yet
 * Bronze. */
static void
test_law_statutory_property (void)
{
  static const char * const ids[] = { "ehcp-new", "ehcp-annual-review", NULL };

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(AssayFramework) framework = newest (ids[i]);

      for (guint s = 0; s < assay_framework_get_n_sections (framework); s++)
        {
          const AssaySection *section = assay_framework_get_section (framework, s);

          for (guint c = 0; c < section->criteria->len; c++)
            {
              const AssayCriterion *item = section->criteria->pdata[c];
              const char *low[] = { item->id, NULL };
              g_autoptr(AssayGrading) grading = NULL;

              if (!item->statutory)
                continue;

              grading = grade_with_low (framework, low);
              if (grading->derived != ASSAY_GRADE_NOT_YET_BRONZE)
                g_error ("%s: %s at Not yet Bronze gives %s", ids[i], item->id,
                         assay_grade_to_token (grading->derived));
              g_assert_cmpstr (grading->limited_by->pdata[0], ==, item->id);
            }
        }
    }
}

/* The three cases that came out Gold under 2026.1. */
static void
test_law_former_gold (void)
{
  static const char * const new_plan[] = { "B1", "X5", "I1", "G3", NULL };
  static const char * const review[] = { "R1", "R3", "R6", "R8", "R9", NULL };
  static const struct { const char *framework; const char * const *low; } cases[] = {
    { "ehcp-new", new_plan },
    { "ehcp-annual-review", review },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AssayFramework) framework = newest (cases[i].framework);
      g_autoptr(AssayFramework) old = assay_frameworks_lookup (frameworks, cases[i].framework,
                                                               "2026.1", NULL);
      g_autoptr(AssayGrading) now = grade_with_low (framework, cases[i].low);
      g_autoptr(AssayGrading) then = grade_with_low (old, cases[i].low);

      g_assert_cmpint (now->derived, ==, ASSAY_GRADE_NOT_YET_BRONZE);
      for (guint j = 0; cases[i].low[j] != NULL; j++)
        g_assert_true (g_ptr_array_find_with_equal_func (now->limited_by, cases[i].low[j],
                                                         g_str_equal, NULL));
      /* What the issue found: the old rule let it through as Gold. */
      g_assert_cmpint (then->derived, ==, ASSAY_GRADE_GOLD);
    }

  /* A new plan whose whole section I (placement) is Not yet Bronze. */
  {
    g_autoptr(AssayFramework) framework = newest ("ehcp-new");
    g_autoptr(GPtrArray) low = g_ptr_array_new ();
    g_autoptr(AssayGrading) grading = NULL;
    guint index;

    g_assert_nonnull (assay_framework_lookup_criterion (framework, "I1", &index));
    {
      const AssaySection *section = assay_framework_get_section (framework, index);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const AssayCriterion *item = section->criteria->pdata[c];

          if (assay_criterion_allows (item, ASSAY_GRADE_NOT_YET_BRONZE))
            g_ptr_array_add (low, item->id);
        }
    }
    g_ptr_array_add (low, NULL);
    grading = grade_with_low (framework, (const char * const *) low->pdata);
    g_assert_cmpint (grading->derived, ==, ASSAY_GRADE_NOT_YET_BRONZE);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  frameworks = assay_frameworks_new ();
  assay_frameworks_load_builtin (frameworks, &error);
  g_assert_no_error (error);

  g_test_add_func ("/law/versions", test_law_versions);
  g_test_add_func ("/law/statutory-property", test_law_statutory_property);
  g_test_add_func ("/law/former-gold", test_law_former_gold);

  status = g_test_run ();
  g_clear_object (&frameworks);

  return status;
}
