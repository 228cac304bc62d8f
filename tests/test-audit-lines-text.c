/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "assay-audit-lines-text.h"
#include "assay-test-util.h"

typedef struct
{
  char           *dir;
  AssayVault     *vault;
  AssayStore     *store;
  AssayFramework *visit;
  AssayFramework *tiny;
} Fixture;

static AssayFramework *
load_framework (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks", name,
                                                 NULL);
  g_autoptr(GError) error = NULL;
  AssayFramework *framework = assay_framework_new_from_file (path, &error);

  g_assert_no_error (error);

  return framework;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = assay_test_mkdtemp ();
  f->vault = assay_test_vault_new (f->dir, NULL);
  f->store = assay_store_new (f->vault);
  f->visit = load_framework ("visit-lines.json");
  f->tiny = load_framework ("tiny.json");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->tiny);
  g_clear_object (&f->visit);
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  assay_test_rmdir (f->dir);
  g_free (f->dir);
}

static char *
add_line (AssayAudit *audit,
          const char *text)
{
  g_autoptr(GError) error = NULL;
  char *id = assay_audit_add_line (audit, text, &error);

  g_assert_no_error (error);

  return id;
}

static void
set_delivered (AssayAudit     *audit,
               const char     *id,
               AssayDelivered  delivered)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (assay_audit_set_line (audit, id, delivered, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_delivered_cap (void)
{
  g_assert_cmpint (assay_delivered_get_cap (ASSAY_DELIVERED_UNSET), ==, ASSAY_GRADE_GOLD);
  g_assert_cmpint (assay_delivered_get_cap (ASSAY_DELIVERED_YES), ==, ASSAY_GRADE_GOLD);
  g_assert_cmpint (assay_delivered_get_cap (ASSAY_DELIVERED_PARTLY), ==, ASSAY_GRADE_BRONZE);
  g_assert_cmpint (assay_delivered_get_cap (ASSAY_DELIVERED_NO), ==,
                   ASSAY_GRADE_NOT_YET_BRONZE);
}

/* The lines of a visit as they are recorded: the cap, the progress, what is
 * left, and why a line holds the grade down. */
static void
test_lines_described (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *progress = NULL;
  g_autofree char *open = NULL;
  g_autofree char *limit = NULL;
  AssayAuditLine line;
  AssayGrade cap = ASSAY_GRADE_GOLD;

  audit = assay_audit_create (f->store, f->visit, "EHC-20", FALSE, &error);
  g_assert_no_error (error);

  /* No lines yet */
  g_assert_cmpint (assay_audit_lines_get_cap (audit), ==, ASSAY_GRADE_GOLD);
  progress = assay_audit_lines_describe_progress (audit);
  g_assert_cmpstr (progress, ==, "No lines yet");
  g_clear_pointer (&progress, g_free);
  open = assay_audit_lines_describe_open (audit);
  g_assert_cmpstr (open, ==, "No provision line is recorded yet.");
  g_clear_pointer (&open, g_free);

  first = add_line (audit, "Speech and language therapy, 30 minutes weekly");
  second = add_line (audit, "Small group literacy, 3 × 20 minutes a week");
  third = add_line (audit, "Social skills group, weekly");

  g_assert_cmpint (assay_audit_lines_find (audit, second, &line), ==, 1);
  g_assert_cmpstr (line.id, ==, second);
  g_assert_cmpint (assay_audit_lines_find (audit, "no-such-line", &line), ==, -1);

  open = assay_audit_lines_describe_open (audit);
  g_assert_cmpstr (open, ==, "3 provision lines still need their delivery recorded.");
  g_clear_pointer (&open, g_free);

  set_delivered (audit, first, ASSAY_DELIVERED_YES);
  set_delivered (audit, second, ASSAY_DELIVERED_PARTLY);
  g_assert_cmpint (assay_audit_lines_get_cap (audit), ==, ASSAY_GRADE_BRONZE);
  progress = assay_audit_lines_describe_progress (audit);
  g_assert_cmpstr (progress, ==, "2 of 3 lines recorded · 1 partly delivered");
  g_clear_pointer (&progress, g_free);
  open = assay_audit_lines_describe_open (audit);
  g_assert_cmpstr (open, ==, "1 provision line still needs its delivery recorded.");
  g_clear_pointer (&open, g_free);

  /* Not delivered outweighs partly, whatever the order. */
  set_delivered (audit, third, ASSAY_DELIVERED_NO);
  g_assert_cmpint (assay_audit_lines_get_cap (audit), ==, ASSAY_GRADE_NOT_YET_BRONZE);
  progress = assay_audit_lines_describe_progress (audit);
  g_assert_cmpstr (progress, ==,
                   "3 of 3 lines recorded · 1 not delivered · 1 partly delivered");
  g_assert_null (assay_audit_lines_describe_open (audit));

  g_assert_null (assay_audit_lines_describe_limit (audit, first, &cap));
  g_assert_cmpint (cap, ==, ASSAY_GRADE_GOLD);
  limit = assay_audit_lines_describe_limit (audit, second, &cap);
  g_assert_cmpstr (limit, ==, "Provision line 2 partly delivered: "
                              "Small group literacy, 3 × 20 minutes a week");
  g_assert_cmpint (cap, ==, ASSAY_GRADE_BRONZE);
  g_clear_pointer (&limit, g_free);
  limit = assay_audit_lines_describe_limit (audit, third, &cap);
  g_assert_cmpstr (limit, ==, "Provision line 3 not delivered: Social skills group, weekly");
  g_assert_cmpint (cap, ==, ASSAY_GRADE_NOT_YET_BRONZE);
  g_assert_null (assay_audit_lines_describe_limit (audit, "no-such-line", &cap));
}

/* An audit of a framework without provision lines has nothing left to
 * record on them. */
static void
test_lines_not_a_visit (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(GError) error = NULL;

  audit = assay_audit_create (f->store, f->tiny, "EHC-21", FALSE, &error);
  g_assert_no_error (error);

  g_assert_null (assay_audit_lines_describe_open (audit));
  g_assert_null (assay_audit_lines_describe_open (NULL));
  g_assert_cmpint (assay_audit_lines_get_cap (audit), ==, ASSAY_GRADE_GOLD);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/audit-lines/delivered-cap", test_delivered_cap);
  ADD ("/audit-lines/described", test_lines_described);
  ADD ("/audit-lines/not-a-visit", test_lines_not_a_visit);

#undef ADD

  return g_test_run ();
}
