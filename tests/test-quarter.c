/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-comparison.h"
#include "assay-quarter.h"

/* The partnership's calendar: quarters as people type them, and as audits
 * fall in them. */

static void
test_quarter_parse (void)
{
  static const char * const good[] = {
    "2026-Q3", "2026Q3", "2026 q3", "Q3-2026", "q3 2026", "Q32026", " 2026/Q3 ",
  };
  static const char * const bad[] = {
    "", "2026", "Q3", "2026-Q5", "Q0-2026", "26-Q3", "2026-Q3x", "Q3--2026", "third quarter",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *quarter = assay_quarter_parse (good[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (quarter, ==, "2026-Q3");
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *quarter = assay_quarter_parse (bad[i], &error);

      g_assert_null (quarter);
      g_assert_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "2026-Q3"));
    }

  {
    g_autofree char *a = assay_quarter_from_iso8601 ("2026-07-15T12:00:00Z");
    g_autofree char *b = assay_quarter_from_iso8601 ("2026-03-31");
    g_autofree char *c = assay_quarter_from_iso8601 ("2025-11-02T12:00:00+00:00");
    g_autofree char *d = assay_quarter_from_iso8601 ("not a date");

    g_assert_cmpstr (a, ==, "2026-Q3");
    g_assert_cmpstr (b, ==, "2026-Q1");
    g_assert_cmpstr (c, ==, "2025-Q4");
    g_assert_null (d);
  }
}

static void
test_quarter_list_finished (void)
{
  g_autoptr(GPtrArray) none = assay_quarter_list_finished (NULL);

  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_quarter_local_date (void)
{
  g_autofree char *date = assay_quarter_local_date ("2026-07-15T12:00:00Z");
  g_autofree char *plain = assay_quarter_local_date ("2026-03-31");
  g_autofree char *other = assay_quarter_local_date ("not a date");

  g_assert_cmpstr (date, ==, "2026-07-15");
  g_assert_cmpstr (plain, ==, "2026-03-31");
  g_assert_cmpstr (other, ==, "not a date");
  g_assert_null (assay_quarter_local_date (NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quarter/parse", test_quarter_parse);
  g_test_add_func ("/quarter/list-finished", test_quarter_list_finished);
  g_test_add_func ("/quarter/local-date", test_quarter_local_date);

  return g_test_run ();
}
