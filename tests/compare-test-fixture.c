/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-test"

#include "config.h"

#include "assay-comparison-json.h"
#include "compare-test-fixture.h"

char *
make_audit (Fixture                  *f,
            const char               *case_ref,
            AssayFramework           *framework,
            AssayGrade                grade,
            const char               *finished,
            const AssayTestModerator *who,
            const char               *nyb)
{
  char *id = assay_test_audit_finished (f->store, framework, case_ref, grade, finished, who, nyb);

  if (nyb == NULL && framework != NULL && g_str_equal (assay_framework_get_id (framework), "tiny"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AssayAudit) audit = assay_audit_open (f->store, f->frameworks, id, &error);

      g_assert_no_error (error);
      g_assert_cmpint (assay_audit_get_final (audit, NULL), ==, grade);
    }

  return id;
}

void
add (Fixture                  *f,
     const char               *case_ref,
     AssayGrade                grade,
     const char               *finished,
     const AssayTestModerator *who)
{
  g_autofree char *id = make_audit (f, case_ref, f->tiny, grade, finished, who, NULL);
}

int
find_case (AssayComparison *comparison,
           const char      *case_ref)
{
  for (guint i = 0; i < assay_comparison_get_n_cases (comparison); i++)
    if (g_str_equal (assay_comparison_get_case_ref (comparison, i), case_ref))
      return (int) i;

  return -1;
}

JsonObject *
to_json (AssayComparison *comparison)
{
  g_autoptr(JsonNode) root = assay_comparison_to_json (comparison);

  return json_object_ref (json_node_get_object (root));
}

JsonObject *
find_object (JsonArray  *array,
             const char *member,
             const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, member, NULL),
                     value) == 0)
        return object;
    }

  return NULL;
}

gint64
count_of (JsonObject *distribution,
          const char *key,
          const char *grade)
{
  JsonObject *counts = json_object_get_object_member (distribution, key);

  g_assert_nonnull (counts);

  return json_object_get_int_member (counts, grade);
}

void
make_hand_set (Fixture *f)
{
  add (f, "C1", ASSAY_GRADE_GOLD, "2026-07-01T09:00:00Z", NULL);
  add (f, "C1", ASSAY_GRADE_SILVER, "2026-07-02T09:00:00Z", &assay_test_ann);
  add (f, "C1", ASSAY_GRADE_NOT_YET_BRONZE, "2026-07-03T09:00:00Z", &assay_test_bob);
  add (f, "C2", ASSAY_GRADE_SILVER, "2026-07-04T09:00:00Z", NULL);
  add (f, "C2", ASSAY_GRADE_SILVER, "2026-07-05T09:00:00Z", &assay_test_ann);
  add (f, "C3", ASSAY_GRADE_BRONZE, "2026-08-01T09:00:00Z", NULL);
  add (f, "C3", ASSAY_GRADE_BRONZE, "2026-08-02T09:00:00Z", &assay_test_ann);
  add (f, "C4", ASSAY_GRADE_SILVER, "2026-08-03T09:00:00Z", NULL);
  add (f, "C4", ASSAY_GRADE_BRONZE, "2026-08-04T09:00:00Z", &assay_test_ann);
  add (f, "C5", ASSAY_GRADE_GOLD, "2026-05-10T09:00:00Z", NULL);
}
