/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-error.h"
#include "assay-sample.h"
#include "assay-test-util.h"

/*
 * Sizes and strata below are worked by hand from the rule in
 * app/core/assay-sample.c: quota m·N_h/N, whole parts first, leftover places
 * to the largest fractions, then the minimum per stratum taken from the
 * stratum furthest above its quota.
 */

static JsonObject *
make_case (const char *ref,
           const char *team,
           const char *phase,
           gboolean    in_care)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "case_ref", ref);
  if (team != NULL)
    json_object_set_string_member (object, "team", team);
  if (phase != NULL)
    json_object_set_string_member (object, "phase", phase);
  json_object_set_boolean_member (object, "child_in_care", in_care);

  return object;
}

/* 57 plans: North 30, South 15, East 10, West 2. Phases cycle through
 * primary, secondary, post-16; every seventh plan is a child in care. */
static GPtrArray *
make_caseload (void)
{
  static const struct
  {
    const char *team;
    guint       n;
  } teams[] = { { "North", 30 }, { "South", 15 }, { "East", 10 }, { "West", 2 } };
  static const char * const phases[] = { "primary", "secondary", "post-16" };
  GPtrArray *cases = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  guint k = 0;

  for (guint t = 0; t < G_N_ELEMENTS (teams); t++)
    for (guint i = 0; i < teams[t].n; i++, k++)
      {
        g_autofree char *ref = g_strdup_printf ("EHC-%03u", (k * 37) % 100);

        g_ptr_array_add (cases, make_case (ref, teams[t].team, phases[k % 3], k % 7 == 0));
      }

  return cases;
}

static AssaySample *
draw_ok (AssaySampleSpec *spec,
         GPtrArray       *cases)
{
  g_autoptr(GError) error = NULL;
  AssaySample *sample = assay_sample_draw (spec, cases, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sample);
  g_assert_cmpuint (sample->size, ==, sample->cases->len);
  g_test_message ("%s", sample->rule);

  return sample;
}

static void
assert_same_cases (AssaySample *a,
                   AssaySample *b)
{
  g_assert_cmpuint (a->cases->len, ==, b->cases->len);
  for (guint i = 0; i < a->cases->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->cases, i), ==, g_ptr_array_index (b->cases, i));
}

static gboolean
same_cases (AssaySample *a,
            AssaySample *b)
{
  if (a->cases->len != b->cases->len)
    return FALSE;
  for (guint i = 0; i < a->cases->len; i++)
    if (!g_str_equal (g_ptr_array_index (a->cases, i), g_ptr_array_index (b->cases, i)))
      return FALSE;
  return TRUE;
}

static JsonObject *
find_case (GPtrArray  *cases,
           const char *ref)
{
  for (guint i = 0; i < cases->len; i++)
    if (g_str_equal (json_object_get_string_member (g_ptr_array_index (cases, i), "case_ref"),
                     ref))
      return g_ptr_array_index (cases, i);

  g_assert_not_reached ();
}

/* @counts: the expected places per stratum, in label order. */
static void
assert_strata (AssaySample *sample,
               const char  *labels,
               const guint *counts)
{
  g_auto(GStrv) names = g_strsplit (labels, ",", -1);
  guint total = 0;

  g_assert_cmpuint (sample->strata->len, ==, g_strv_length (names));
  for (guint i = 0; names[i] != NULL; i++)
    {
      AssaySampleStratum *stratum = g_ptr_array_index (sample->strata, i);

      g_assert_cmpstr (stratum->label, ==, names[i]);
      g_assert_cmpuint (stratum->sampled, ==, counts[i]);
      total += counts[i];
    }
  g_assert_cmpuint (total + sample->included, ==, sample->size);
}

/* How many sampled plans have @field = @value. */
static guint
count_in_sample (AssaySample *sample,
                 GPtrArray   *cases,
                 const char  *field,
                 const char  *value)
{
  guint n = 0;

  for (guint i = 0; i < sample->cases->len; i++)
    {
      JsonObject *object = find_case (cases, g_ptr_array_index (sample->cases, i));
      JsonNode *node = json_object_get_member (object, field);
      g_autofree char *text = assay_caseload_value_to_string (node);

      if (g_str_equal (text, value))
        n++;
    }

  return n;
}

static void
test_sample_reproducible (void)
{
  g_autoptr(GPtrArray) cases = make_caseload ();
  g_autoptr(GPtrArray) reversed = g_ptr_array_new ();
  g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (2026);
  g_autoptr(AssaySampleSpec) other_seed = assay_sample_spec_new (2027);
  g_autoptr(AssaySample) a = NULL;
  g_autoptr(AssaySample) b = NULL;
  g_autoptr(AssaySample) c = NULL;
  g_autoptr(AssaySample) d = NULL;
  guint differ = 0;

  for (guint i = cases->len; i > 0; i--)
    g_ptr_array_add (reversed, g_ptr_array_index (cases, i - 1));

  a = draw_ok (spec, cases);
  b = draw_ok (spec, cases);
  c = draw_ok (spec, reversed);
  assert_same_cases (a, b);
  /* The order the store hands the plans over in does not matter. */
  assert_same_cases (a, c);
  g_assert_cmpuint (a->seed, ==, 2026);

  d = draw_ok (other_seed, cases);
  g_assert_false (same_cases (a, d));

  /* Fixed for every machine: this is the draw GRand makes for seed 2026. */
  g_assert_cmpuint (a->size, ==, 6);

  /* Different seeds give different samples, nearly always. */
  for (guint32 seed = 1; seed <= 20; seed++)
    {
      g_autoptr(AssaySampleSpec) s = assay_sample_spec_new (seed);
      g_autoptr(AssaySample) x = draw_ok (s, cases);

      if (!same_cases (a, x))
        differ++;
    }
  g_assert_cmpuint (differ, >=, 19);

  /* The sample's cases are sorted and unique. */
  for (guint i = 1; i < a->cases->len; i++)
    g_assert_cmpint (strcmp (a->cases->pdata[i - 1], a->cases->pdata[i]), <, 0);
}

static void
test_sample_default_size (void)
{
  static const struct
  {
    guint eligible;
    guint size;
  } sizes[] = {
    { 1, 1 }, { 3, 3 }, { 4, 4 }, { 5, 4 }, { 40, 4 }, { 41, 5 }, { 57, 6 }, { 100, 10 },
    { 101, 11 }, { 8600, 860 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GPtrArray) cases =
        g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (1);
      g_autoptr(AssaySample) sample = NULL;

      for (guint c = 0; c < sizes[i].eligible; c++)
        {
          g_autofree char *ref = g_strdup_printf ("EHC-%05u", c);

          g_ptr_array_add (cases, make_case (ref, "North", "primary", FALSE));
        }

      sample = draw_ok (spec, cases);
      g_assert_cmpuint (sample->size, ==, sizes[i].size);
      g_assert_cmpuint (sample->eligible, ==, sizes[i].eligible);
    }
}

static void
test_sample_rules (void)
{
  g_autoptr(GPtrArray) cases = make_caseload ();
  g_autoptr(GPtrArray) three = g_ptr_array_new ();
  g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (2026);
  g_autoptr(AssaySample) sample = NULL;
  g_autoptr(GError) error = NULL;

  sample = draw_ok (spec, cases);
  g_assert_cmpstr (sample->rule, ==, "10% or at least 4 of 57 plans, at random, seed 2026");
  g_clear_pointer (&sample, assay_sample_free);

  assay_sample_spec_set_size (spec, 12, FALSE);
  sample = draw_ok (spec, cases);
  g_assert_cmpstr (sample->rule, ==, "12 of 57 plans, at random, seed 2026");
  g_clear_pointer (&sample, assay_sample_free);

  g_assert_true (assay_sample_spec_parse_size (spec, "15%", &error));
  g_assert_no_error (error);
  sample = draw_ok (spec, cases);
  /* 15% of 57 is 8.55: up to 9. */
  g_assert_cmpuint (sample->size, ==, 9);
  g_assert_cmpstr (sample->rule, ==, "15% of 57 plans, at random, seed 2026");
  g_clear_pointer (&sample, assay_sample_free);

  /* More than there are: all of them, and the rule says so. */
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (three, g_ptr_array_index (cases, i));
  assay_sample_spec_set_size (spec, 5, FALSE);
  sample = draw_ok (spec, three);
  g_assert_cmpuint (sample->size, ==, 3);
  g_assert_cmpstr (sample->rule, ==, "all 3 plans (5 asked for), seed 2026");
  g_clear_pointer (&sample, assay_sample_free);

  assay_sample_spec_set_size (spec, 0, FALSE);
  sample = draw_ok (spec, three);
  g_assert_cmpstr (sample->rule, ==, "all 3 plans (10% or at least 4), seed 2026");
  g_clear_pointer (&sample, assay_sample_free);

  g_assert_false (assay_sample_spec_parse_size (spec, "0", &error));
  g_assert_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (assay_sample_spec_parse_size (spec, "150%", &error));
  g_assert_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (assay_sample_spec_parse_size (spec, "ten", &error));
  g_assert_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_INVALID);
}

static void
test_sample_stratified (void)
{
  g_autoptr(GPtrArray) cases = make_caseload ();
  g_autoptr(GError) error = NULL;

  /* Default size 6 of 57. Quotas: North 6·30/57 = 3.16, South 1.58, East 1.05,
   * West 0.21. Whole parts 3, 1, 1, 0 leave one place: South (0.58) takes
   * it: 3, 2, 1, 0. West is raised to 1, from South, which is furthest above
   * its quota (2 − 1.58): North 3, South 1, East 1, West 1. Strata are in
   * label order: East, North, South, West. */
  {
    g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (2026);
    g_autoptr(AssaySample) sample = NULL;
    static const guint counts[] = { 1, 3, 1, 1 };

    g_assert_true (assay_sample_spec_add_by (spec, "team", &error));
    sample = draw_ok (spec, cases);
    g_assert_cmpuint (sample->size, ==, 6);
    assert_strata (sample, "East,North,South,West", counts);
    g_assert_cmpstr (sample->rule, ==,
                     "10% or at least 4 of 57 plans, stratified by team (4 strata, at least 1 "
                     "each), seed 2026");
    g_assert_cmpuint (count_in_sample (sample, cases, "team", "North"), ==, 3);
    g_assert_cmpuint (count_in_sample (sample, cases, "team", "West"), ==, 1);
    g_assert_cmpuint (((AssaySampleStratum *) sample->strata->pdata[1])->eligible, ==, 30);
  }

  /* 10 of 57. Quotas 5.26, 2.63, 1.75, 0.35; whole parts 5, 2, 1, 0 leave
   * two places, to East (0.75) and South (0.63): 5, 3, 2, 0. Without a
   * minimum that stands. With 1 each, West's place comes from South
   * (3 − 2.63 = 0.37 above quota, more than East's 0.25): 5, 2, 2, 1. */
  {
    g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (7);
    g_autoptr(AssaySample) plain = NULL;
    g_autoptr(AssaySample) with_minimum = NULL;
    static const guint no_minimum[] = { 2, 5, 3, 0 };
    static const guint one_each[] = { 2, 5, 2, 1 };

    assay_sample_spec_set_size (spec, 10, FALSE);
    g_assert_true (assay_sample_spec_add_by (spec, "Locality", &error));
    assay_sample_spec_set_minimum (spec, 0);
    plain = draw_ok (spec, cases);
    assert_strata (plain, "East,North,South,West", no_minimum);
    g_assert_cmpstr (plain->rule, ==,
                     "10 of 57 plans, stratified by team (4 strata), seed 7");

    assay_sample_spec_set_minimum (spec, 1);
    with_minimum = draw_ok (spec, cases);
    assert_strata (with_minimum, "East,North,South,West", one_each);
  }

  /* 10 of 57, at least 2 each (West has only 2). From 5, 3, 2, 0: West's
   * first place comes from South (0.37 above quota), which is then at its
   * minimum; East is at its minimum too, so the second comes from North:
   * 4, 2, 2, 2. */
  {
    g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (7);
    g_autoptr(AssaySample) sample = NULL;
    static const guint counts[] = { 2, 4, 2, 2 };

    assay_sample_spec_set_size (spec, 10, FALSE);
    assay_sample_spec_set_minimum (spec, 2);
    g_assert_true (assay_sample_spec_add_by (spec, "team", &error));
    sample = draw_ok (spec, cases);
    assert_strata (sample, "East,North,South,West", counts);
    g_assert_nonnull (strstr (sample->rule, "(4 strata, at least 2 each)"));
  }

  /* 3 places cannot give 4 strata one each: proportional only. Quotas 1.58,
   * 0.79, 0.53, 0.11; whole parts 1, 0, 0, 0; the two places left go to
   * South (0.79) and North (0.58): 2, 1, 0, 0. */
  {
    g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (7);
    g_autoptr(AssaySample) sample = NULL;
    static const guint counts[] = { 0, 2, 1, 0 };

    assay_sample_spec_set_size (spec, 3, FALSE);
    g_assert_true (assay_sample_spec_add_by (spec, "team", &error));
    sample = draw_ok (spec, cases);
    assert_strata (sample, "East,North,South,West", counts);
    g_assert_cmpstr (sample->rule, ==,
                     "3 of 57 plans, stratified by team (4 strata; too few places for 1 each), "
                     "seed 7");
  }
}

static void
test_sample_ties_and_blanks (void)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (3);
  g_autoptr(AssaySample) sample = NULL;
  g_autoptr(GError) error = NULL;

  /* A 4, B 4, no team 2; 6 places. Quotas 2.4, 2.4, 1.2: whole parts 2, 2, 1
   * leave one place; A and B tie on the fraction and the size, so the first
   * in order (A) takes it. The stratum without a value sorts first. */
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *ref = g_strdup_printf ("R%02u", i);

      g_ptr_array_add (cases, make_case (ref, i < 4 ? "A" : i < 8 ? "B" : NULL, NULL, FALSE));
    }

  assay_sample_spec_set_size (spec, 6, FALSE);
  g_assert_true (assay_sample_spec_add_by (spec, "team", &error));
  sample = draw_ok (spec, cases);
  /* Keys: "" (not recorded) < "A" < "B". */
  g_assert_cmpstr (((AssaySampleStratum *) sample->strata->pdata[0])->label, ==, "not recorded");
  g_assert_true (JSON_NODE_HOLDS_NULL (
    json_object_get_member (((AssaySampleStratum *) sample->strata->pdata[0])->values, "team")));
  g_assert_cmpuint (((AssaySampleStratum *) sample->strata->pdata[0])->sampled, ==, 1);
  g_assert_cmpuint (((AssaySampleStratum *) sample->strata->pdata[1])->sampled, ==, 3);
  g_assert_cmpuint (((AssaySampleStratum *) sample->strata->pdata[2])->sampled, ==, 2);
}

static void
test_sample_several_fields (void)
{
  g_autoptr(GPtrArray) cases = make_caseload ();
  g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (11);
  g_autoptr(AssaySample) sample = NULL;
  g_autoptr(GError) error = NULL;
  AssaySampleStratum *first;
  guint eligible = 0;

  g_assert_true (assay_sample_spec_add_by (spec, "team", &error));
  g_assert_true (assay_sample_spec_add_by (spec, "School Phase", &error));
  g_assert_true (assay_sample_spec_add_by (spec, "team", &error));
  assay_sample_spec_set_size (spec, 20, FALSE);
  sample = draw_ok (spec, cases);

  /* Four teams by three phases; West's 2 plans fall in 2 phases. */
  g_assert_cmpuint (sample->strata->len, ==, 11);
  first = g_ptr_array_index (sample->strata, 0);
  g_assert_cmpstr (first->label, ==, "East / post-16");
  g_assert_cmpstr (json_object_get_string_member (first->values, "team"), ==, "East");
  g_assert_cmpstr (json_object_get_string_member (first->values, "phase"), ==, "post-16");
  for (guint i = 0; i < sample->strata->len; i++)
    {
      AssaySampleStratum *stratum = g_ptr_array_index (sample->strata, i);

      eligible += stratum->eligible;
      g_assert_cmpuint (stratum->sampled, >=, 1);
    }
  g_assert_cmpuint (eligible, ==, 57);
  g_assert_cmpuint (sample->size, ==, 20);
  g_assert_nonnull (strstr (sample->rule, "stratified by team and phase (11 strata, at least 1 "
                                          "each)"));
}

static void
test_sample_where (void)
{
  g_autoptr(GPtrArray) cases = make_caseload ();
  g_autoptr(GError) error = NULL;

  /* Children in care: k = 0, 7, ..., 56, that is 9 plans; all 4 sampled
   * come from them. */
  {
    g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (5);
    g_autoptr(AssaySample) sample = NULL;

    g_assert_true (assay_sample_spec_add_where (spec, "child_in_care=yes", &error));
    sample = draw_ok (spec, cases);
    g_assert_cmpuint (sample->eligible, ==, 9);
    g_assert_cmpuint (sample->size, ==, 4);
    g_assert_cmpuint (count_in_sample (sample, cases, "child_in_care", "yes"), ==, 4);
    g_assert_cmpstr (sample->rule, ==,
                     "10% or at least 4 of 9 plans where child_in_care is yes, at random, "
                     "seed 5");
  }

  /* Values are read like cells ("Y", "CLA"); one field's "=" filters are
   * alternatives; "!=" and the rest must all hold. */
  {
    g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (5);
    g_autoptr(AssaySample) sample = NULL;

    g_assert_true (assay_sample_spec_add_where (spec, "School Phase = Primary", &error));
    g_assert_true (assay_sample_spec_add_where (spec, "phase=Post 16", &error));
    g_assert_true (assay_sample_spec_add_where (spec, "CLA != Y", &error));
    g_assert_true (assay_sample_spec_add_where (spec, "team=north", &error));
    assay_sample_spec_set_size (spec, 100, FALSE);
    sample = draw_ok (spec, cases);
    /* North is k 0–29: primary or post-16 is k % 3 != 1, 20 plans; less
     * the 3 in care among them (k = 0, 14, 21; 7 and 28 are secondary). */
    g_assert_cmpuint (sample->eligible, ==, 17);
    g_assert_cmpuint (sample->size, ==, 17);
    g_assert_cmpuint (count_in_sample (sample, cases, "phase", "secondary"), ==, 0);
    g_assert_cmpuint (count_in_sample (sample, cases, "child_in_care", "yes"), ==, 0);
    g_assert_cmpstr (sample->rule, ==,
                     "all 17 plans (100 asked for) where phase is primary or post-16 and "
                     "child_in_care is not yes and team is north, seed 5");
  }

  /* Dates compare; a plan with no date fails "<" but passes "!=". */
  {
    g_autoptr(GPtrArray) dated =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
    g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (5);
    g_autoptr(AssaySampleSpec) not_spec = assay_sample_spec_new (5);
    g_autoptr(AssaySample) sample = NULL;
    g_autoptr(AssaySample) not_sample = NULL;
    static const char * const dates[] = { "2024-12-31", "2025-01-01", "2025-03-31", "2025-04-01",
                                          NULL };

    for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
      {
        g_autofree char *ref = g_strdup_printf ("D%u", i);
        JsonObject *object = make_case (ref, "North", "primary", FALSE);

        if (dates[i] != NULL)
          json_object_set_string_member (object, "issued", dates[i]);
        g_ptr_array_add (dated, object);
      }

    g_assert_true (assay_sample_spec_add_where (spec, "issued>=01/01/2025", &error));
    g_assert_true (assay_sample_spec_add_where (spec, "Date Issued<2025-04-01", &error));
    sample = draw_ok (spec, dated);
    g_assert_cmpuint (sample->size, ==, 2);
    g_assert_cmpstr (sample->cases->pdata[0], ==, "D1");
    g_assert_cmpstr (sample->cases->pdata[1], ==, "D2");
    g_assert_nonnull (strstr (sample->rule, "issued is on or after 2025-01-01 and issued is "
                                            "before 2025-04-01"));

    g_assert_true (assay_sample_spec_add_where (not_spec, "issued!=2024-12-31", &error));
    not_sample = draw_ok (not_spec, dated);
    g_assert_cmpuint (not_sample->eligible, ==, 4);
  }
}

static void
test_sample_bad_filters (void)
{
  static const char * const bad[] = {
    /* KS5 is a phase now (post-16); KS6 never was */
    "child_in_care", "colour=blue", "phase=KS6", "child_in_care=maybe", "team>North",
    "phase=", "issued>=yesterday", "=yes", "nc_year=15", "key_stage=KS6", "nc_year>7",
    "primary_need=DS",
  };
  g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (1);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i]);
      g_assert_false (assay_sample_spec_add_where (spec, bad[i], &error));
      g_assert_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_assert_cmpint (assay_error_get_exit_code (error), ==, ASSAY_EXIT_USAGE);
      g_clear_error (&error);
    }

  g_assert_false (assay_sample_spec_add_by (spec, "agency", &error));
  g_assert_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "primary_need"));
}

static void
test_sample_include (void)
{
  g_autoptr(GPtrArray) cases = make_caseload ();
  g_autoptr(GError) error = NULL;

  /* Every child in care (9: North 5, South 2, East 1, West 1), then 3 more
   * of the other 48 by team: quotas North 3·25/48 = 1.56, South 0.81, East
   * 0.56, West 0.06; whole parts 1, 0, 0, 0; the leftovers go to South, then
   * North, which ties with East on the fraction but is larger: 2, 1, 0, 0,
   * too few places to give each stratum one. */
  {
    g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (9);
    g_autoptr(AssaySample) sample = NULL;
    static const guint counts[] = { 0, 2, 1, 0 };

    assay_sample_spec_set_size (spec, 12, FALSE);
    g_assert_true (assay_sample_spec_add_include (spec, "child_in_care=yes", &error));
    g_assert_true (assay_sample_spec_add_by (spec, "team", &error));
    sample = draw_ok (spec, cases);
    g_assert_cmpuint (sample->included, ==, 9);
    g_assert_cmpuint (sample->size, ==, 12);
    g_assert_cmpuint (count_in_sample (sample, cases, "child_in_care", "yes"), ==, 9);
    assert_strata (sample, "East,North,South,West", counts);
    g_assert_cmpuint (((AssaySampleStratum *) sample->strata->pdata[1])->eligible, ==, 25);
    g_assert_cmpstr (sample->rule, ==,
                     "12 of 57 plans, including every plan where child_in_care is yes (9), the "
                     "other 3 stratified by team (4 strata; too few places for 1 each), seed 9");
  }

  /* More to include than the size: the sample grows to hold them all. */
  {
    g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (9);
    g_autoptr(AssaySample) sample = NULL;

    assay_sample_spec_set_size (spec, 5, FALSE);
    g_assert_true (assay_sample_spec_add_include (spec, "CLA=1", &error));
    g_assert_true (assay_sample_spec_add_include (spec, "team=West", &error));
    sample = draw_ok (spec, cases);
    /* 9 in care, and West's other plan. */
    g_assert_cmpuint (sample->size, ==, 10);
    g_assert_cmpuint (sample->included, ==, 10);
    g_assert_cmpuint (count_in_sample (sample, cases, "team", "West"), ==, 2);
    g_assert_nonnull (strstr (sample->rule, "where child_in_care is yes or team is West (10)"));
  }

  /* --where narrows first: included plans must be eligible too. */
  {
    g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (9);
    g_autoptr(AssaySample) sample = NULL;

    g_assert_true (assay_sample_spec_add_where (spec, "team=South", &error));
    g_assert_true (assay_sample_spec_add_include (spec, "child_in_care=yes", &error));
    sample = draw_ok (spec, cases);
    g_assert_cmpuint (sample->eligible, ==, 15);
    g_assert_cmpuint (sample->included, ==, 2);
    g_assert_cmpuint (sample->size, ==, 4);
    g_assert_cmpuint (count_in_sample (sample, cases, "team", "South"), ==, 4);
  }
}

static void
test_sample_empty (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GPtrArray) cases = make_caseload ();
  g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (1);
  g_autoptr(AssaySample) sample = NULL;
  g_autoptr(GError) error = NULL;

  sample = assay_sample_draw (spec, none, &error);
  g_assert_null (sample);
  g_assert_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "caseload import"));
  g_clear_error (&error);

  g_assert_true (assay_sample_spec_add_where (spec, "phase=post-19", &error));
  sample = assay_sample_draw (spec, cases, &error);
  g_assert_null (sample);
  g_assert_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "phase is post-19"));
}

/* A folder with a vault, its store: the shared test environment. */
typedef AssayTestEnv Fixture;

static void
test_sample_saved (Fixture       *f,
                   gconstpointer  data)
{
  AssayStore *store = f->store;
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(AssaySampleSpec) spec = assay_sample_spec_new (2026);
  g_autoptr(AssaySample) sample = NULL;
  g_autoptr(AssaySample) loaded = NULL;
  g_autoptr(AssaySample) missing = NULL;
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(GPtrArray) caseload = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonArray *json_cases;
  JsonObject *first;

  result = assay_test_caseload_import_fixture (store, "utf8.csv");

  g_assert_true (assay_sample_spec_add_by (spec, "team", &error));
  sample = assay_sample_create (store, spec, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (sample->id));
  g_assert_cmpuint (sample->size, ==, 4);

  loaded = assay_sample_load (store, sample->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->id, ==, sample->id);
  g_assert_cmpuint (loaded->seed, ==, 2026);
  g_assert_cmpstr (loaded->rule, ==, sample->rule);
  g_assert_cmpstr (loaded->rule, ==,
                   "10% or at least 4 of 8 plans, stratified by team (4 strata, at least 1 "
                   "each), seed 2026");
  g_assert_cmpstr (loaded->created, ==, sample->created);
  g_assert_cmpuint (loaded->size, ==, 4);
  g_assert_cmpuint (loaded->eligible, ==, 8);
  assert_same_cases (loaded, sample);
  g_assert_cmpuint (loaded->strata->len, ==, 4);
  for (guint i = 0; i < loaded->strata->len; i++)
    {
      AssaySampleStratum *a = g_ptr_array_index (loaded->strata, i);
      AssaySampleStratum *b = g_ptr_array_index (sample->strata, i);

      g_assert_cmpstr (a->label, ==, b->label);
      g_assert_cmpuint (a->eligible, ==, b->eligible);
      g_assert_cmpuint (a->sampled, ==, 1);
      g_assert_true (json_object_equal (a->values, b->values));
    }

  samples = assay_sample_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (samples->len, ==, 1);

  missing = assay_sample_load (store, "6d1f2b9e-0a8c-4c55-9a49-2f7e0f3c1d11", &error);
  g_assert_null (missing);
  g_assert_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The contract's JSON shape, with the caseload fields beside "case". */
  caseload = assay_caseload_list (store, &error);
  g_assert_no_error (error);
  json = assay_sample_to_json (loaded, caseload);
  object = json_node_get_object (json);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, sample->id);
  g_assert_cmpint (json_object_get_int_member (object, "seed"), ==, 2026);
  g_assert_cmpstr (json_object_get_string_member (object, "rule"), ==, sample->rule);
  g_assert_cmpint (json_object_get_int_member (object, "size"), ==, 4);
  g_assert_true (json_object_has_member (object, "created"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "strata")), ==,
                    4);
  json_cases = json_object_get_array_member (object, "cases");
  g_assert_cmpuint (json_array_get_length (json_cases), ==, 4);
  first = json_array_get_object_element (json_cases, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "case"), ==, sample->cases->pdata[0]);
  g_assert_true (json_object_has_member (first, "team"));
  g_assert_true (json_object_has_member (first, "plan_type"));

  /* The sample itself is sealed like everything else. */
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  {
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

    g_assert_false (assay_test_file_contains (wal, "seed 2026", 9));
    g_assert_false (assay_test_file_contains (f->path, "seed 2026", 9));
  }
}

int
main (int    argc,
      char **argv)
{
  const AssayTestEnvFlags env = ASSAY_TEST_ENV_DEFAULT;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sample/reproducible", test_sample_reproducible);
  g_test_add_func ("/sample/default-size", test_sample_default_size);
  g_test_add_func ("/sample/rules", test_sample_rules);
  g_test_add_func ("/sample/stratified", test_sample_stratified);
  g_test_add_func ("/sample/ties-and-blanks", test_sample_ties_and_blanks);
  g_test_add_func ("/sample/several-fields", test_sample_several_fields);
  g_test_add_func ("/sample/where", test_sample_where);
  g_test_add_func ("/sample/bad-filters", test_sample_bad_filters);
  g_test_add_func ("/sample/include", test_sample_include);
  g_test_add_func ("/sample/empty", test_sample_empty);
  ASSAY_TEST_ADD_ENV ("/sample/saved", env, test_sample_saved);

  return g_test_run ();
}
