/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-grading.h"

/*
 * Hand-worked cases on tests/fixtures/frameworks/tiny.json:
 *   S1 (weight 50): a1 (limiting), a2
 *   S2 (weight 30): b1, b2 (N/A allowed)
 *   S3 (weight 20): c1 (N/A allowed), c2 (silver or not-yet-bronze, N/A allowed)
 * Grades count Gold 4, Silver 3, Bronze 2, Not yet Bronze 1.
 */

static AssayFramework *tiny;
/* tests/fixtures/frameworks/statutory.json: the same shape in format 2, with
 * a1 and b2 statutory and c2 a local rule; and visit-lines.json. */
static AssayFramework *statutory;
static AssayFramework *visit;

static GHashTable *
parse_grades (const char *spec)
{
  g_autoptr(GHashTable) grades = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) pairs = g_strsplit (spec, " ", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (pairs[i], "=", 2);
      AssayGrade value;

      if (kv[0] == NULL || *kv[0] == '\0')
        continue;
      g_assert_true (assay_grade_from_token (kv[1], &value));
      g_hash_table_insert (grades, g_strdup (kv[0]), GUINT_TO_POINTER (value));
    }

  return g_steal_pointer (&grades);
}

static AssayGrading *
grade_with (AssayFramework *framework,
            const char     *spec)
{
  g_autoptr(GHashTable) grades = parse_grades (spec);

  return assay_grading_compute (framework, grades);
}

static AssayGrading *
grade (const char *spec)
{
  return grade_with (tiny, spec);
}

static void
test_grading_round_mean (void)
{
  /* Halves round down: a moderator earns the higher grade. */
  g_assert_cmpint (assay_grading_round_mean (5, 2), ==, ASSAY_GRADE_BRONZE);   /* 2.5 */
  g_assert_cmpint (assay_grading_round_mean (7, 2), ==, ASSAY_GRADE_SILVER);   /* 3.5 */
  g_assert_cmpint (assay_grading_round_mean (26, 10), ==, ASSAY_GRADE_SILVER); /* 2.6 */
  g_assert_cmpint (assay_grading_round_mean (24, 10), ==, ASSAY_GRADE_BRONZE); /* 2.4 */
  g_assert_cmpint (assay_grading_round_mean (4, 1), ==, ASSAY_GRADE_GOLD);
  g_assert_cmpint (assay_grading_round_mean (1, 1), ==, ASSAY_GRADE_NOT_YET_BRONZE);
  g_assert_cmpint (assay_grading_round_mean (0, 0), ==, ASSAY_GRADE_NONE);
}

static void
test_grading_all_gold (void)
{
  g_autoptr(AssayGrading) g = grade ("a1=gold a2=gold b1=gold b2=gold c1=gold c2=silver");

  g_assert_true (g->complete);
  g_assert_cmpint (g->sections[0], ==, ASSAY_GRADE_GOLD);
  g_assert_cmpint (g->sections[1], ==, ASSAY_GRADE_GOLD);
  /* S3: (4 + 3) / 2 = 3.5, rounds down. */
  g_assert_cmpint (g->sections[2], ==, ASSAY_GRADE_SILVER);
  /* (50*4 + 30*4 + 20*3) / 100 = 3.8 */
  g_assert_cmpint (g->derived, ==, ASSAY_GRADE_GOLD);
  g_assert_cmpuint (g->limited_by->len, ==, 0);
}

static void
test_grading_mixed (void)
{
  g_autoptr(AssayGrading) g =
    grade ("a1=gold a2=bronze b1=silver b2=bronze c1=n/a c2=silver");

  g_assert_cmpint (g->sections[0], ==, ASSAY_GRADE_SILVER);  /* (4+2)/2 = 3 */
  g_assert_cmpint (g->sections[1], ==, ASSAY_GRADE_BRONZE);  /* 2.5 ties down */
  g_assert_cmpint (g->sections[2], ==, ASSAY_GRADE_SILVER);  /* N/A left out: 3 */
  /* (150 + 60 + 60) / 100 = 2.7 */
  g_assert_cmpint (g->derived, ==, ASSAY_GRADE_SILVER);
  g_assert_cmpuint (g->n_graded, ==, 6);
}

static void
test_grading_limiting (void)
{
  g_autoptr(AssayGrading) g =
    grade ("a1=not-yet-bronze a2=gold b1=gold b2=gold c1=gold c2=silver");

  g_assert_cmpint (g->sections[0], ==, ASSAY_GRADE_BRONZE);  /* 2.5 ties down */
  /* (100 + 120 + 60) / 100 = 2.8 would be Silver, but a1 is limiting at
   * Not yet Bronze: the plan can be Bronze at best. */
  g_assert_cmpint (g->uncapped, ==, ASSAY_GRADE_SILVER);
  g_assert_cmpint (g->derived, ==, ASSAY_GRADE_BRONZE);
  g_assert_cmpuint (g->limited_by->len, ==, 1);
  g_assert_cmpstr (g->limited_by->pdata[0], ==, "a1");
}

static void
test_grading_limit_not_reached (void)
{
  /* a1 at Bronze caps at Silver; the plan is Silver anyway, so nothing is
   * listed as limiting it. */
  g_autoptr(AssayGrading) g =
    grade ("a1=bronze a2=gold b1=silver b2=silver c1=silver c2=silver");

  g_assert_cmpint (g->derived, ==, ASSAY_GRADE_SILVER);
  g_assert_cmpuint (g->limited_by->len, ==, 0);
}

static void
test_grading_all_na_section (void)
{
  g_autoptr(AssayGrading) g = grade ("a1=gold a2=gold b1=bronze b2=bronze c1=n/a c2=n/a");

  g_assert_cmpint (g->sections[2], ==, ASSAY_GRADE_NA);
  /* S3 is left out and the weights scaled: (200 + 60) / 80 = 3.25 */
  g_assert_cmpint (g->derived, ==, ASSAY_GRADE_SILVER);
  g_assert_true (g->complete);
}

static void
test_grading_overall_tie (void)
{
  /* (50*4 + 30*1 + 20*1) / 100 = 2.5 exactly: rounds down to Bronze. */
  g_autoptr(AssayGrading) g =
    grade ("a1=gold a2=gold b1=not-yet-bronze b2=not-yet-bronze c1=not-yet-bronze "
           "c2=not-yet-bronze");

  g_assert_cmpint (g->uncapped, ==, ASSAY_GRADE_BRONZE);
  g_assert_cmpint (g->derived, ==, ASSAY_GRADE_BRONZE);
}

static void
test_grading_in_progress (void)
{
  g_autoptr(AssayGrading) none = grade ("");
  g_autoptr(AssayGrading) some = grade ("a1=silver b1=gold");

  g_assert_cmpint (none->derived, ==, ASSAY_GRADE_NONE);
  g_assert_false (none->complete);
  g_assert_cmpuint (none->ungraded->len, ==, 6);

  /* Running grades over what is graded so far. */
  g_assert_false (some->complete);
  g_assert_cmpint (some->sections[0], ==, ASSAY_GRADE_SILVER);
  g_assert_cmpint (some->sections[2], ==, ASSAY_GRADE_NONE);
  /* (150 + 120) / 80 = 3.375 */
  g_assert_cmpint (some->derived, ==, ASSAY_GRADE_SILVER);
  g_assert_cmpuint (some->ungraded->len, ==, 4);
  g_assert_cmpstr (some->ungraded->pdata[0], ==, "a2");
}

static void
test_grading_deterministic (void)
{
  /* The same grades give the same result, whatever order they come in. */
  g_autoptr(AssayGrading) a = grade ("a1=gold a2=bronze b1=silver b2=bronze c1=n/a c2=silver");
  g_autoptr(AssayGrading) b = grade ("c2=silver c1=n/a b2=bronze b1=silver a2=bronze a1=gold");

  g_assert_cmpint (a->derived, ==, b->derived);
  for (guint i = 0; i < a->n_sections; i++)
    g_assert_cmpint (a->sections[i], ==, b->sections[i]);
}

/* docs/grading.md, "The statutory rule", example 1: a duty missed makes the
 * whole plan Not yet Bronze, however good the rest. */
static void
test_grading_statutory_not_met (void)
{
  g_autoptr(AssayGrading) g =
    grade_with (statutory, "a1=not-yet-bronze a2=gold b1=gold b2=gold c1=gold c2=silver");

  g_assert_cmpint (assay_framework_get_rule (statutory), ==, ASSAY_OVERALL_RULE_STATUTORY);
  /* (50*2.5→2 + 30*4 + 20*3.5→3) / 100 = (100 + 120 + 60) / 100 = 2.8 */
  g_assert_cmpint (g->uncapped, ==, ASSAY_GRADE_SILVER);
  g_assert_cmpint (g->derived, ==, ASSAY_GRADE_NOT_YET_BRONZE);
  g_assert_cmpuint (g->limited_by->len, ==, 1);
  g_assert_cmpstr (g->limited_by->pdata[0], ==, "a1");
}

/* Example 2: a duty met only at Bronze keeps an otherwise Gold plan at
 * Bronze; the same criterion under format 1's rule (limit 1) allowed Silver. */
static void
test_grading_statutory_bronze (void)
{
  g_autoptr(AssayGrading) g =
    grade_with (statutory, "a1=bronze a2=gold b1=gold b2=gold c1=gold c2=silver");
  g_autoptr(AssayGrading) old = grade ("a1=bronze a2=gold b1=gold b2=gold c1=gold c2=silver");

  g_assert_cmpint (g->uncapped, ==, ASSAY_GRADE_SILVER);
  g_assert_cmpint (g->derived, ==, ASSAY_GRADE_BRONZE);
  g_assert_cmpuint (g->limited_by->len, ==, 1);
  g_assert_cmpint (old->derived, ==, ASSAY_GRADE_SILVER);
}

/* Example 3: Gold needs a Gold mean and no statutory criterion below Silver;
 * a statutory criterion at Silver does not stop Gold. */
static void
test_grading_statutory_gold (void)
{
  g_autoptr(AssayGrading) gold =
    grade_with (statutory, "a1=silver a2=gold b1=gold b2=gold c1=gold c2=silver");
  g_autoptr(AssayGrading) quality_low =
    grade_with (statutory, "a1=gold a2=not-yet-bronze b1=gold b2=gold c1=gold c2=silver");

  /* (50*3.5→3 + 120 + 60) / 100 = 3.3: Silver by the mean, nothing capped */
  g_assert_cmpint (gold->derived, ==, ASSAY_GRADE_SILVER);
  g_assert_cmpuint (gold->limited_by->len, ==, 0);
  /* A quality criterion at Not yet Bronze only lowers the mean. */
  g_assert_cmpint (quality_low->derived, ==, ASSAY_GRADE_SILVER);
  g_assert_cmpuint (quality_low->limited_by->len, ==, 0);

  {
    g_autoptr(AssayGrading) all_gold =
      grade_with (statutory, "a1=gold a2=gold b1=gold b2=silver c1=gold c2=silver");

    /* (200 + 30*3.5→3 ... ) S2 = 3.5→3, S3 = 3.5→3: (200 + 90 + 60)/100 = 3.5 → Silver */
    g_assert_cmpint (all_gold->derived, ==, ASSAY_GRADE_SILVER);
  }
  {
    g_autoptr(AssayGrading) all_gold =
      grade_with (statutory, "a1=gold a2=gold b1=gold b2=gold c1=gold c2=n/a");
    g_autoptr(AssayGrading) statutory_silver =
      grade_with (statutory, "a1=gold a2=gold b1=gold b2=silver c1=gold c2=n/a");

    g_assert_cmpint (all_gold->derived, ==, ASSAY_GRADE_GOLD);
    /* (200 + 90 + 80) / 100 = 3.7: Gold with a statutory criterion at Silver */
    g_assert_cmpint (statutory_silver->derived, ==, ASSAY_GRADE_GOLD);
    g_assert_cmpuint (statutory_silver->limited_by->len, ==, 0);
  }
}

/* A local rule limits like a statutory criterion but is told apart. */
static void
test_grading_local_rule (void)
{
  const AssayCriterion *c2 = assay_framework_lookup_criterion (statutory, "c2", NULL);
  g_autoptr(AssayGrading) g =
    grade_with (statutory, "a1=gold a2=gold b1=gold b2=gold c1=gold c2=not-yet-bronze");

  g_assert_true (c2->local_rule);
  g_assert_false (c2->statutory);
  g_assert_true (c2->limiting);
  g_assert_nonnull (strstr (c2->source, "Partnership rule"));
  g_assert_cmpint (g->derived, ==, ASSAY_GRADE_NOT_YET_BRONZE);
  g_assert_cmpstr (g->limited_by->pdata[0], ==, "c2");
}

/* Every statutory criterion alone at Not yet Bronze, everything else Gold
 * (or N/A where Gold is not allowed), makes the plan Not yet Bronze. */
static void
test_grading_statutory_property (void)
{
  for (guint s = 0; s < assay_framework_get_n_sections (statutory); s++)
    {
      const AssaySection *section = assay_framework_get_section (statutory, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const AssayCriterion *low = section->criteria->pdata[c];
          g_autoptr(GString) spec = g_string_new (NULL);
          g_autoptr(AssayGrading) g = NULL;

          if (!low->limiting)
            continue;

          for (guint t = 0; t < assay_framework_get_n_sections (statutory); t++)
            {
              const AssaySection *other = assay_framework_get_section (statutory, t);

              for (guint d = 0; d < other->criteria->len; d++)
                {
                  const AssayCriterion *criterion = other->criteria->pdata[d];
                  AssayGrade value = criterion == low ? ASSAY_GRADE_NOT_YET_BRONZE
                                     : assay_criterion_allows (criterion, ASSAY_GRADE_GOLD)
                                       ? ASSAY_GRADE_GOLD : ASSAY_GRADE_SILVER;

                  g_string_append_printf (spec, "%s=%s ", criterion->id,
                                          assay_grade_to_token (value));
                }
            }

          g = grade_with (statutory, spec->str);
          g_assert_cmpint (g->derived, ==, ASSAY_GRADE_NOT_YET_BRONZE);
        }
    }
}

static AssayGrading *
grade_visit (const char           *spec,
             const AssayDelivered *delivered,
             guint                 n_lines)
{
  g_autoptr(GHashTable) grades = parse_grades (spec);
  g_autofree AssayGradingLine *lines = g_new0 (AssayGradingLine, n_lines + 1);
  static const char * const ids[] = { "l1", "l2", "l3", "l4" };

  g_assert_cmpuint (n_lines, <=, G_N_ELEMENTS (ids));
  for (guint i = 0; i < n_lines; i++)
    {
      lines[i].id = ids[i];
      lines[i].delivered = delivered[i];
    }

  return assay_grading_compute_with_lines (visit, grades, lines, n_lines);
}

/* A setting visit: a line not delivered makes the visit Not yet Bronze, one
 * partly delivered caps it at Bronze, and the visit is complete only with
 * every line recorded. */
static void
test_grading_provision_lines (void)
{
  static const AssayDelivered all_yes[] = { ASSAY_DELIVERED_YES, ASSAY_DELIVERED_YES };
  static const AssayDelivered one_partly[] = { ASSAY_DELIVERED_YES, ASSAY_DELIVERED_PARTLY };
  static const AssayDelivered one_no[] = { ASSAY_DELIVERED_PARTLY, ASSAY_DELIVERED_NO };
  static const AssayDelivered one_open[] = { ASSAY_DELIVERED_YES, ASSAY_DELIVERED_UNSET };
  g_autoptr(AssayGrading) yes = grade_visit ("p1=gold p2=gold", all_yes, 2);
  g_autoptr(AssayGrading) partly = grade_visit ("p1=gold p2=gold", one_partly, 2);
  g_autoptr(AssayGrading) no = grade_visit ("p1=gold p2=gold", one_no, 2);
  g_autoptr(AssayGrading) open = grade_visit ("p1=gold p2=gold", one_open, 2);
  g_autoptr(AssayGrading) none = grade_visit ("p1=gold p2=gold", NULL, 0);

  g_assert_true (assay_framework_has_provision_lines (visit));
  g_assert_cmpint (yes->derived, ==, ASSAY_GRADE_GOLD);
  g_assert_true (yes->complete);

  g_assert_cmpint (partly->derived, ==, ASSAY_GRADE_BRONZE);
  g_assert_cmpuint (partly->limited_by_lines->len, ==, 1);
  g_assert_cmpstr (partly->limited_by_lines->pdata[0], ==, "l2");

  g_assert_cmpint (no->derived, ==, ASSAY_GRADE_NOT_YET_BRONZE);
  g_assert_cmpuint (no->limited_by_lines->len, ==, 2);

  g_assert_false (open->complete);
  g_assert_cmpuint (open->n_lines_open, ==, 1);
  g_assert_false (none->complete);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  path = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks", "tiny.json", NULL);
  tiny = assay_framework_new_from_file (path, &error);
  g_assert_no_error (error);
  g_free (path);
  path = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks", "statutory.json", NULL);
  statutory = assay_framework_new_from_file (path, &error);
  g_assert_no_error (error);
  g_free (path);
  path = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks", "visit-lines.json", NULL);
  visit = assay_framework_new_from_file (path, &error);
  g_assert_no_error (error);

  g_test_add_func ("/grading/round-mean", test_grading_round_mean);
  g_test_add_func ("/grading/all-gold", test_grading_all_gold);
  g_test_add_func ("/grading/mixed", test_grading_mixed);
  g_test_add_func ("/grading/limiting", test_grading_limiting);
  g_test_add_func ("/grading/limit-not-reached", test_grading_limit_not_reached);
  g_test_add_func ("/grading/all-na-section", test_grading_all_na_section);
  g_test_add_func ("/grading/overall-tie", test_grading_overall_tie);
  g_test_add_func ("/grading/in-progress", test_grading_in_progress);
  g_test_add_func ("/grading/deterministic", test_grading_deterministic);
  g_test_add_func ("/grading/statutory-not-met", test_grading_statutory_not_met);
  g_test_add_func ("/grading/statutory-bronze", test_grading_statutory_bronze);
  g_test_add_func ("/grading/statutory-gold", test_grading_statutory_gold);
  g_test_add_func ("/grading/local-rule", test_grading_local_rule);
  g_test_add_func ("/grading/statutory-property", test_grading_statutory_property);
  g_test_add_func ("/grading/provision-lines", test_grading_provision_lines);

  status = g_test_run ();
  g_clear_object (&tiny);
  g_clear_object (&statutory);
  g_clear_object (&visit);

  return status;
}
