/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "assay-grading.h"

/*
 * Hand-worked cases on tests/fixtures/frameworks/tiny.json:
 *   S1 (weight 50): a1 (limiting), a2
 *   S2 (weight 30): b1, b2 (N/A allowed)
 *   S3 (weight 20): c1 (N/A allowed), c2 (silver or not-yet-bronze, N/A allowed)
 * Grades count Gold 4, Silver 3, Bronze 2, Not yet Bronze 1.
 */

static AssayFramework *tiny;

static AssayGrading *
grade (const char *spec)
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

  return assay_grading_compute (tiny, grades);
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

  g_test_add_func ("/grading/round-mean", test_grading_round_mean);
  g_test_add_func ("/grading/all-gold", test_grading_all_gold);
  g_test_add_func ("/grading/mixed", test_grading_mixed);
  g_test_add_func ("/grading/limiting", test_grading_limiting);
  g_test_add_func ("/grading/limit-not-reached", test_grading_limit_not_reached);
  g_test_add_func ("/grading/all-na-section", test_grading_all_na_section);
  g_test_add_func ("/grading/overall-tie", test_grading_overall_tie);
  g_test_add_func ("/grading/in-progress", test_grading_in_progress);
  g_test_add_func ("/grading/deterministic", test_grading_deterministic);

  status = g_test_run ();
  g_clear_object (&tiny);

  return status;
}
