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

static void
assert_kind (AssayFramework *framework,
             const char     *id,
             gboolean        statutory,
             const char     *source_part,
             guint           required_when)
{
  const AssayCriterion *item = criterion (framework, id);

  if (item->statutory != statutory)
    g_error ("%s %s: statutory is %d, expected %d", assay_framework_get_id (framework), id,
             item->statutory, statutory);
  g_assert_nonnull (item->source);
  if (source_part != NULL && strstr (item->source, source_part) == NULL)
    g_error ("%s %s: source “%s” does not cite “%s”", assay_framework_get_id (framework), id,
             item->source, source_part);
  g_assert_cmpuint (item->required_when, ==, required_when);
  if (required_when != 0)
    g_assert_true (item->na);
}

static gboolean
text_has (AssayFramework *framework,
          const char     *id,
          const char     *part)
{
  const AssayCriterion *item = criterion (framework, id);

  return strstr (item->text, part) != NULL || strstr (item->guidance, part) != NULL;
}

/* The criteria the issue found missing are there, each with its source. */
static void
test_law_new_criteria (void)
{
  g_autoptr(AssayFramework) plan = newest ("ehcp-new");
  g_autoptr(AssayFramework) review = newest ("ehcp-annual-review");
  g_autoptr(AssayFramework) education = newest ("advice-education");
  g_autoptr(AssayFramework) health = newest ("advice-health");
  g_autoptr(AssayFramework) visit = newest ("setting-visit");
  static const char * const health_quality[] = { "T1", "T2", "T3", "T4", NULL };
  const AssayCriterion *k5;

  /* A new plan: preparation for adulthood in F, G and H from Year 9; the
   * draft served with 15 days; all reg 6(1) advice and the specialist
   * teacher for hearing or vision; the requested school named. */
  assert_kind (plan, "F10", TRUE, "reg 12(3)", ASSAY_CASE_YEAR_9_PLUS);
  assert_kind (plan, "X7", TRUE, "reg 13(1)", 0);
  g_assert_true (text_has (plan, "X7", "15 days"));
  assert_kind (plan, "K1", TRUE, "reg 6(1)", 0);
  assert_kind (plan, "K7", TRUE, "reg 6(2)", 0);
  assert_kind (plan, "I4", TRUE, "s.39", 0);
  /* Quality: National Curriculum modifications and residential needs. */
  assert_kind (plan, "F11", FALSE, NULL, 0);
  g_assert_true (text_has (plan, "F11", "National Curriculum"));
  g_assert_true (text_has (plan, "F11", "residential"));
  /* The virtual school for a child in care: the partnership's rule, not law,
   * and never N/A for a child in care. */
  k5 = criterion (plan, "K5");
  g_assert_true (k5->local_rule && k5->limiting && !k5->statutory);
  g_assert_cmpuint (k5->required_when, ==, ASSAY_CASE_CHILD_IN_CARE);
  g_assert_nonnull (strstr (k5->source, "Partnership rule"));

  /* An annual review. */
  assert_kind (review, "R11", TRUE, "reg 20(6)", ASSAY_CASE_YEAR_9_PLUS);
  assert_kind (review, "R12", FALSE, "9.166", 0);
  assert_kind (review, "R13", FALSE, NULL, ASSAY_CASE_CHILD_IN_CARE);
  g_assert_true (text_has (review, "R13", "care plan"));
  assert_kind (review, "R14", TRUE, "9.176", 0);
  g_assert_true (text_has (review, "R14", "mediation"));
  g_assert_true (criterion (review, "K5")->local_rule);

  /* Education advice: the PEP and the virtual school (quality). */
  assert_kind (education, "N7", FALSE, NULL, ASSAY_CASE_CHILD_IN_CARE);
  g_assert_true (text_has (education, "N7", "virtual school"));

  /* Health advice: from NICE and NHS guidance, never statutory. */
  for (guint i = 0; health_quality[i] != NULL; i++)
    assert_kind (health, health_quality[i], FALSE, NULL, 0);
  g_assert_nonnull (strstr (criterion (health, "T1")->source, "NICE NG43"));
  g_assert_true (text_has (health, "T2", "continuing care"));
  g_assert_true (text_has (health, "T3", "personal health budget"));
  g_assert_true (text_has (health, "T4", "dynamic support register"));

  /* The setting visit asks whether its lines cover the plan. */
  assert_kind (visit, "P10", FALSE, NULL, 0);
}

/* The law stated as the Act, the Regulations and the Code state it. */
static void
test_law_corrected (void)
{
  static const char * const advice[] = {
    "advice-education", "advice-ep", "advice-health", "advice-social-care", NULL
  };
  g_autoptr(AssayFramework) plan = newest ("ehcp-new");
  g_autoptr(AssayFramework) review = newest ("ehcp-annual-review");

  /* R1: the duty is 12 months (s.44(1)); 3–6 months for under-5s is the
   * Code's "should consider", never limiting. */
  assert_kind (review, "R1", TRUE, "s.44(1)", 0);
  g_assert_null (strstr (criterion (review, "R1")->text, "6 months"));
  g_assert_true (text_has (review, "R1", "should consider"));
  /* R10: the report to everyone invited, within 2 weeks. */
  assert_kind (review, "R10", TRUE, "reg 20", 0);
  g_assert_true (text_has (review, "R10", "everyone invited"));
  g_assert_true (text_has (review, "R10", "2 weeks"));
  /* R6: 4 weeks, with the proposed amendments. */
  assert_kind (review, "R6", TRUE, "9.176", 0);
  g_assert_true (text_has (review, "R6", "4 weeks"));
  g_assert_true (text_has (review, "R6", "proposed amendments"));
  /* R8: before 15 February, 31 March into post-16, 5 months for a mid-year
   * post-16 move. */
  assert_kind (review, "R8", TRUE, "reg 18", 0);
  g_assert_true (text_has (review, "R8", "before 15 February"));
  g_assert_true (text_has (review, "R8", "31 March"));
  g_assert_true (text_has (review, "R8", "5 months"));

  /* Advice: 6 weeks from the date the body received the request (reg 8(1),
   * with only the reg 8(2) exceptions); dated within 12 months is quality
   * (reg 6(4)). */
  for (guint i = 0; advice[i] != NULL; i++)
    {
      g_autoptr(AssayFramework) framework = newest (advice[i]);

      assert_kind (framework, "W2", TRUE, "reg 8(1)", 0);
      g_assert_nonnull (strstr (criterion (framework, "W2")->source, "8(2)"));
      g_assert_true (text_has (framework, "W2", "received"));
      g_assert_false (criterion (framework, "W1")->statutory);
      g_assert_false (criterion (framework, "W1")->limiting);
    }

  /* K3 is quality in both plan frameworks; J1 is no duty, only the direct
   * payment is. */
  g_assert_false (criterion (plan, "K3")->statutory);
  g_assert_false (criterion (review, "K3")->statutory);
  g_assert_nonnull (strstr (criterion (plan, "K3")->source, "6(4)"));
  g_assert_false (criterion (plan, "J1")->statutory);
  assert_kind (plan, "J4", TRUE, "reg 12(1)(j)", 0);
  g_assert_true (text_has (plan, "J4", "direct payment"));
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
  g_test_add_func ("/law/new-criteria", test_law_new_criteria);
  g_test_add_func ("/law/corrected", test_law_corrected);

  status = g_test_run ();
  g_clear_object (&frameworks);

  return status;
}
