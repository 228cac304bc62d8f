/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "assay-hlc.h"

static void
test_hlc_follows_wall_clock (void)
{
  AssayHlc clock = { 0 };
  guint64 a = assay_hlc_now_at (&clock, 1000);
  guint64 b = assay_hlc_now_at (&clock, 2000);

  g_assert_cmpint (assay_hlc_get_wall_ms (a), ==, 1000);
  g_assert_cmpuint (assay_hlc_get_counter (a), ==, 0);
  g_assert_cmpint (assay_hlc_get_wall_ms (b), ==, 2000);
  g_assert_cmpuint (b, >, a);
}

static void
test_hlc_never_goes_backwards (void)
{
  AssayHlc clock = { 0 };
  guint64 a = assay_hlc_now_at (&clock, 5000);
  /* The laptop's clock is set back an hour. */
  guint64 b = assay_hlc_now_at (&clock, 5000 - 3600 * 1000);
  guint64 c = assay_hlc_now_at (&clock, 5000);

  g_assert_cmpuint (b, >, a);
  g_assert_cmpuint (c, >, b);
  g_assert_cmpint (assay_hlc_get_wall_ms (b), ==, 5000);
  g_assert_cmpuint (assay_hlc_get_counter (c), ==, 2);
}

static void
test_hlc_counter_overflow (void)
{
  AssayHlc clock = { 0 };
  guint64 prev = assay_hlc_now_at (&clock, 7);

  for (guint i = 0; i < 70000; i++)
    {
      guint64 next = assay_hlc_now_at (&clock, 7);
      g_assert_cmpuint (next, >, prev);
      prev = next;
    }

  /* 65,536 stamps fit in one millisecond; the rest borrowed the next one. */
  g_assert_cmpint (assay_hlc_get_wall_ms (prev), ==, 8);
}

static void
test_hlc_observe_remote (void)
{
  AssayHlc clock = { 0 };
  AssayHlc remote = { 0 };
  guint64 theirs, ours;

  assay_hlc_now_at (&clock, 1000);
  theirs = assay_hlc_now_at (&remote, 9000);
  assay_hlc_observe (&clock, theirs);
  ours = assay_hlc_now_at (&clock, 1001);

  g_assert_cmpuint (ours, >, theirs);
}

static void
test_hlc_format (void)
{
  AssayHlc clock = { 0 };
  g_autofree char *text = NULL;

  /* 2025-03-14T09:26:53.589Z */
  text = assay_hlc_format (assay_hlc_now_at (&clock, G_GINT64_CONSTANT (1741944413589)));
  g_assert_cmpstr (text, ==, "2025-03-14T09:26:53.589Z/0");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hlc/follows-wall-clock", test_hlc_follows_wall_clock);
  g_test_add_func ("/hlc/never-goes-backwards", test_hlc_never_goes_backwards);
  g_test_add_func ("/hlc/counter-overflow", test_hlc_counter_overflow);
  g_test_add_func ("/hlc/observe-remote", test_hlc_observe_remote);
  g_test_add_func ("/hlc/format", test_hlc_format);

  return g_test_run ();
}
