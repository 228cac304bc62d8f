/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "assay-agreed-grade.h"
#include "assay-caseload.h"
#include "assay-comparison.h"
#include "assay-comparison-json.h"
#include "compare-test-fixture.h"

/*
 * The moderation forum's figures, on real encrypted stores: agreement
 * between moderators, pairwise kappa, the chair's agreed grades, each
 * moderator's tendency, grade distributions and criteria that differ.
 */

static void
test_compare_agreement (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(JsonObject) json = NULL;
  JsonObject *agreement;
  JsonArray *pairs;
  const char *own = assay_vault_get_identity (f->vault);
  int c1, c2;

  make_hand_set (f);
  comparison = assay_test_compare (f, NULL, NULL);

  g_assert_cmpuint (assay_comparison_get_n_audits (comparison), ==, 10);
  g_assert_cmpuint (assay_comparison_get_n_plans (comparison), ==, 5);
  g_assert_cmpuint (assay_comparison_get_n_pairs (comparison), ==, 6);
  g_assert_cmpfloat_with_epsilon (assay_comparison_get_exact (comparison), 2.0 / 6, 1e-9);
  g_assert_cmpfloat_with_epsilon (assay_comparison_get_within_one (comparison), 4.0 / 6, 1e-9);
  /* Computed by hand from the coincidence matrix of the four plans:
   * the moderators disagree more than chance would, so alpha is below 0. */
  g_assert_cmpfloat_with_epsilon (assay_comparison_get_alpha (comparison), -0.0482180, 1e-6);

  /* C5 has one moderator and nobody else on it: not the forum's business. */
  g_assert_cmpuint (assay_comparison_get_n_cases (comparison), ==, 4);
  g_assert_cmpint (find_case (comparison, "C5"), ==, -1);
  c1 = find_case (comparison, "C1");
  c2 = find_case (comparison, "C2");
  g_assert_cmpint (assay_comparison_get_case_state (comparison, c1), ==, ASSAY_CASE_DIFFER);
  g_assert_cmpint (assay_comparison_get_case_state (comparison, c2), ==, ASSAY_CASE_AGREE);
  g_assert_cmpint (assay_comparison_get_case_state (comparison, find_case (comparison, "C4")),
                   ==, ASSAY_CASE_DIFFER);
  g_assert_cmpstr (assay_comparison_get_case_framework (comparison, c1), ==, "tiny");
  g_assert_cmpuint (assay_comparison_get_case_audits (comparison, c1)->len, ==, 3);
  /* Oldest first. */
  g_assert_cmpstr (assay_audit_get_moderator (assay_comparison_get_case_audits (comparison,
                                                                               c1)->pdata[2]),
                   ==, "Bob Jones");

  json = to_json (comparison);
  agreement = json_object_get_object_member (json, "agreement");
  g_assert_cmpint (json_object_get_int_member (agreement, "plans"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (agreement, "pairs"), ==, 6);

  /* Own and Ann share four plans: (4,3) (3,3) (2,2) (3,2) in grade points.
   * Quadratic weights: observed disagreement = (1 + 0 + 0 + 1) / 4 = 0.5;
   * marginals own {4: ¼, 3: ½, 2: ¼}, Ann {3: ½, 2: ½}, so the disagreement
   * expected by chance = ¼(½·1 + ½·4) + ½(½·0 + ½·1) + ¼(½·1 + ½·0)
   * = 0.625 + 0.25 + 0.125 = 1.0, and kappa = 1 − 0.5 / 1.0 = 0.5. */
  pairs = json_object_get_array_member (agreement, "pairs_by_moderator");
  g_assert_cmpuint (json_array_get_length (pairs), ==, 3);
  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *p = json_array_get_object_element (pairs, i);
      const char *a = json_object_get_string_member (p, "a");
      const char *b = json_object_get_string_member (p, "b");
      gboolean ann_own = ((g_str_equal (a, assay_test_ann.id) && g_str_equal (b, own)) ||
                          (g_str_equal (a, own) && g_str_equal (b, assay_test_ann.id)));

      /* Each pair once, in a stable order. */
      g_assert_cmpstr (a, <, b);
      if (i > 0)
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (pairs,
                                                                                       i - 1),
                                                        "a"), <=, a);

      if (ann_own)
        {
          g_assert_cmpstr (json_object_get_string_member (p, g_str_equal (a, assay_test_ann.id) ?
                                                          "a_name" : "b_name"), ==, "Ann Patel");
          g_assert_cmpint (json_object_get_int_member (p, "plans"), ==, 4);
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (p, "exact"), 0.5, 1e-9);
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (p, "within_one"), 1.0,
                                          1e-9);
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (p, "kappa"), 0.5, 1e-9);
        }
      else
        {
          /* One plan in common: no kappa. */
          g_assert_cmpint (json_object_get_int_member (p, "plans"), ==, 1);
          g_assert_true (json_object_get_null_member (p, "kappa"));
        }
    }
}

static void
test_compare_agreements (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayComparison) before = NULL;
  g_autoptr(AssayComparison) after = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) audits_before = NULL;
  g_autoptr(GPtrArray) audits_after = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(AssayAudit) draft = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *chair = NULL;
  const char *stored_reason = NULL;
  const char *stored_chair = NULL;
  AssayRecord *record;
  JsonObject *payload, *unit;
  const char *text;
  gsize len;
  int index;

  make_hand_set (f);
  before = assay_test_compare (f, NULL, NULL);
  audits_before = assay_audit_list (f->store, f->frameworks, &error);
  g_assert_no_error (error);

  /* Nothing agreed yet. */
  g_assert_cmpint (assay_agreement_lookup (f->store, "C1", "tiny", &reason, NULL, &error), ==,
                   ASSAY_GRADE_NONE);
  g_assert_no_error (error);
  g_assert_null (reason);

  /* Refused: no reason, no finished audit, not an overall grade. */
  g_assert_false (assay_agreement_record (f->store, f->frameworks, "C1", "tiny",
                                          ASSAY_GRADE_SILVER, "  ", &error));
  g_assert_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_REASON_REQUIRED);
  g_clear_error (&error);
  g_assert_false (assay_agreement_record (f->store, f->frameworks, "NOPE", "tiny",
                                          ASSAY_GRADE_SILVER, "Discussed", &error));
  g_assert_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "NOPE"));
  g_clear_error (&error);
  g_assert_false (assay_agreement_record (f->store, f->frameworks, "C1", "ehcp-new",
                                          ASSAY_GRADE_SILVER, "Discussed", &error));
  g_assert_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  draft = assay_audit_create (f->store, f->tiny, "D1", FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (assay_agreement_record (f->store, f->frameworks, "D1", "tiny",
                                          ASSAY_GRADE_SILVER, "Discussed", &error));
  g_assert_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (assay_agreement_record (f->store, f->frameworks, "C1", "tiny",
                                          ASSAY_GRADE_NA, "Discussed", &error));
  g_assert_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (assay_agreement_record (f->store, f->frameworks, " C1 ", "tiny",
                                         ASSAY_GRADE_BRONZE, "F is vague", &error));
  g_assert_no_error (error);
  g_assert_true (assay_agreement_record (f->store, f->frameworks, "C1", "tiny",
                                         ASSAY_GRADE_SILVER, "  Section F is specific enough ",
                                         &error));
  g_assert_no_error (error);

  /* One record, two revisions: the forum's first view stays in history. */
  records = assay_store_list (f->store, ASSAY_AGREEMENTS_COLLECTION, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  record = records->pdata[0];
  g_assert_cmpint (record->revision, ==, 2);
  history = assay_store_history (f->store, ASSAY_AGREEMENTS_COLLECTION, record->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);

  text = assay_record_get_text (record, &len);
  json_parser_load_from_data (parser, text, (gssize) len, &error);
  g_assert_no_error (error);
  payload = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (payload, "case"), ==, "C1");
  g_assert_cmpstr (json_object_get_string_member (payload, "framework"), ==, "tiny");
  g_assert_cmpstr (json_object_get_string_member (payload, "grade"), ==, "silver");
  g_assert_cmpstr (json_object_get_string_member (payload, "reason"), ==,
                   "Section F is specific enough");
  g_assert_cmpstr (json_object_get_string_member (payload, "chair"), ==, "Test Moderator");
  g_assert_cmpstr (json_object_get_string_member (payload, "chair_id"), ==,
                   assay_vault_get_identity (f->vault));
  g_assert_cmpstr (json_object_get_string_member (payload, "agency"), ==, "Education");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (payload, "audits")),
                    ==, 3);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (payload, "recorded"), "20"));

  g_assert_cmpint (assay_agreement_lookup (f->store, "C1", "tiny", &reason, &chair, &error), ==,
                   ASSAY_GRADE_SILVER);
  g_assert_cmpstr (reason, ==, "Section F is specific enough");
  g_assert_cmpstr (chair, ==, "Test Moderator");

  after = assay_test_compare (f, NULL, NULL);
  index = find_case (after, "C1");
  g_assert_cmpint (assay_comparison_get_case_state (after, index), ==, ASSAY_CASE_AGREED);
  g_assert_cmpint (assay_comparison_get_case_agreed (after, index, &stored_reason, &stored_chair),
                   ==, ASSAY_GRADE_SILVER);
  g_assert_cmpstr (stored_reason, ==, "Section F is specific enough");
  g_assert_cmpstr (stored_chair, ==, "Test Moderator");
  /* An agreement settles; it does not change agreement between moderators. */
  g_assert_cmpuint (assay_comparison_get_n_pairs (after), ==, 6);
  g_assert_cmpfloat (assay_comparison_get_exact (after), ==, assay_comparison_get_exact (before));

  json = to_json (after);
  unit = find_object (json_object_get_array_member (json, "cases"), "case", "C1");
  g_assert_cmpstr (json_object_get_string_member (unit, "state"), ==, "agreed");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (unit, "agreed"),
                                                  "grade"), ==, "silver");
  unit = find_object (json_object_get_array_member (json, "cases"), "case", "C2");
  g_assert_true (json_object_get_null_member (unit, "agreed"));

  /* The moderators' audits are exactly as they were. */
  audits_after = assay_audit_list (f->store, f->frameworks, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits_after->len, ==, audits_before->len + 1);   /* + the D1 draft */
  for (guint i = 0; i < audits_before->len; i++)
    g_assert_cmpint (assay_audit_get_revision (audits_before->pdata[i]), ==,
                     assay_audit_get_revision (audits_after->pdata[i]));
}

/* Two chairs who each record a grade for a plan before exchanging bundles
 * leave two agreement records: the newer counts, the other stays in view.
 * The second chair's record is saved the way an import leaves it. */
static void
test_compare_two_chairs (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(AssayRecord) other = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(JsonObject) json = NULL;
  const char *reason = NULL;
  const char *chair = NULL;
  const char *text;
  JsonObject *agreed, *also;
  JsonArray *others;
  int index;

  make_hand_set (f);
  g_assert_true (assay_agreement_record (f->store, f->frameworks, "C1", "tiny",
                                         ASSAY_GRADE_BRONZE, "F is vague", &error));
  g_assert_no_error (error);

  text = "{\"case\": \"C1\", \"framework\": \"tiny\", \"grade\": \"silver\", "
         "\"reason\": \"Provision is specific\", \"chair\": \"Ann Patel\", "
         "\"chair_id\": \"00\", \"agency\": \"Health\", \"audits\": [], "
         "\"recorded\": \"2026-11-22T10:00:00Z\"}";
  payload = g_bytes_new_static (text, strlen (text));
  other = assay_store_save (f->store, ASSAY_AGREEMENTS_COLLECTION, NULL, payload, &error);
  g_assert_no_error (error);

  comparison = assay_test_compare (f, NULL, NULL);
  index = find_case (comparison, "C1");
  g_assert_cmpint (assay_comparison_get_case_state (comparison, index), ==, ASSAY_CASE_AGREED);
  g_assert_cmpint (assay_comparison_get_case_agreed (comparison, index, &reason, &chair), ==,
                   ASSAY_GRADE_SILVER);
  g_assert_cmpstr (chair, ==, "Ann Patel");
  g_assert_cmpuint (assay_comparison_get_case_n_other_agreements (comparison, index), ==, 1);
  g_assert_cmpint (assay_comparison_get_case_other_agreement (comparison, index, 0,
                                                              &reason, &chair), ==,
                   ASSAY_GRADE_BRONZE);
  g_assert_cmpstr (reason, ==, "F is vague");
  g_assert_cmpstr (chair, ==, "Test Moderator");

  json = to_json (comparison);
  agreed = json_object_get_object_member (find_object (json_object_get_array_member (json, "cases"),
                                                       "case", "C1"), "agreed");
  others = json_object_get_array_member (agreed, "also_recorded");
  g_assert_cmpuint (json_array_get_length (others), ==, 1);
  also = json_array_get_object_element (others, 0);
  g_assert_cmpstr (json_object_get_string_member (also, "grade"), ==, "bronze");
  g_assert_cmpstr (json_object_get_string_member (also, "chair"), ==, "Test Moderator");

  /* A plan one chair agreed once has nothing else recorded. */
  g_assert_true (assay_agreement_record (f->store, f->frameworks, "C2", "tiny",
                                         ASSAY_GRADE_SILVER, "Agreed at the forum", &error));
  g_assert_no_error (error);
  g_clear_object (&comparison);
  comparison = assay_test_compare (f, NULL, NULL);
  g_assert_cmpuint (assay_comparison_get_case_n_other_agreements (comparison,
                                                                  find_case (comparison, "C2")),
                    ==, 0);
}

static void
test_compare_tendencies (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(JsonObject) json = NULL;
  JsonArray *moderators;
  JsonObject *own, *a, *b, *c;

  /* Own is a grade above the agreed grade on T1 and level on T2 and T3:
   * +1/3, softer. Ann is a grade below on T1 and level on T2: −0.5, harsher.
   * Bob is level on T3: in line. Cal has nothing agreed. */
  add (f, "T1", ASSAY_GRADE_GOLD, "2026-07-01T09:00:00Z", NULL);
  add (f, "T1", ASSAY_GRADE_BRONZE, "2026-07-02T09:00:00Z", &assay_test_ann);
  add (f, "T2", ASSAY_GRADE_SILVER, "2026-07-01T09:00:00Z", NULL);
  add (f, "T2", ASSAY_GRADE_SILVER, "2026-07-02T09:00:00Z", &assay_test_ann);
  add (f, "T3", ASSAY_GRADE_BRONZE, "2026-07-01T09:00:00Z", NULL);
  add (f, "T3", ASSAY_GRADE_BRONZE, "2026-07-02T09:00:00Z", &assay_test_bob);
  add (f, "T4", ASSAY_GRADE_BRONZE, "2026-07-01T09:00:00Z", NULL);
  add (f, "T4", ASSAY_GRADE_GOLD, "2026-07-02T09:00:00Z", &assay_test_cal);

  g_assert_true (assay_agreement_record (f->store, f->frameworks, "T1", "tiny",
                                         ASSAY_GRADE_SILVER, "Met in the middle", &error));
  g_assert_true (assay_agreement_record (f->store, f->frameworks, "T2", "tiny",
                                         ASSAY_GRADE_SILVER, "Both right", &error));
  g_assert_true (assay_agreement_record (f->store, f->frameworks, "T3", "tiny",
                                         ASSAY_GRADE_BRONZE, "Both right", &error));
  g_assert_no_error (error);

  comparison = assay_test_compare (f, NULL, NULL);
  json = to_json (comparison);
  moderators = json_object_get_array_member (json, "moderators");
  g_assert_cmpuint (json_array_get_length (moderators), ==, 4);

  own = find_object (moderators, "id", assay_vault_get_identity (f->vault));
  a = find_object (moderators, "id", assay_test_ann.id);
  b = find_object (moderators, "id", assay_test_bob.id);
  c = find_object (moderators, "id", assay_test_cal.id);

  g_assert_cmpstr (json_object_get_string_member (own, "name"), ==, "Test Moderator");
  g_assert_cmpstr (json_object_get_string_member (own, "agency"), ==, "Education");
  g_assert_cmpint (json_object_get_int_member (own, "audits"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (own, "agreed_plans"), ==, 3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (own, "mean_difference"),
                                  1.0 / 3, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (own, "tendency"), ==, "softer");

  g_assert_cmpstr (json_object_get_string_member (a, "name"), ==, "Ann Patel");
  g_assert_cmpint (json_object_get_int_member (a, "agreed_plans"), ==, 2);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (a, "mean_difference"), -0.5,
                                  1e-9);
  g_assert_cmpstr (json_object_get_string_member (a, "tendency"), ==, "harsher");

  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (b, "mean_difference"), 0, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (b, "tendency"), ==, "in line");

  g_assert_cmpint (json_object_get_int_member (c, "agreed_plans"), ==, 0);
  g_assert_true (json_object_get_null_member (c, "mean_difference"));
  g_assert_true (json_object_get_null_member (c, "tendency"));
}

static void
test_compare_distributions (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "fixtures", "caseload", "utf8.csv",
                                                NULL);
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(JsonObject) json = NULL;
  JsonObject *distribution, *overall, *q;
  JsonArray *silver;

  g_assert_true (assay_caseload_import (f->store, csv, &result, &error));
  g_assert_no_error (error);

  /* EHC-1001: North, new. Own gold then Ann bronze, differing, nothing
   * agreed: the first moderator's gold is the plan's grade.
   * EHC-1002: North, annual review. Both silver: silver.
   * EHC-1003: South, phase transfer. Own bronze, Ann gold; the forum agreed
   * silver. EHC-9999 is in no caseload: team and plan type unknown. */
  add (f, "EHC-1001", ASSAY_GRADE_GOLD, "2026-07-01T09:00:00Z", NULL);
  add (f, "EHC-1001", ASSAY_GRADE_BRONZE, "2026-07-02T09:00:00Z", &assay_test_ann);
  add (f, "EHC-1002", ASSAY_GRADE_SILVER, "2026-07-03T09:00:00Z", &assay_test_ann);
  add (f, "EHC-1002", ASSAY_GRADE_SILVER, "2026-07-04T09:00:00Z", NULL);
  add (f, "EHC-1003", ASSAY_GRADE_BRONZE, "2026-04-03T09:00:00Z", NULL);
  add (f, "EHC-1003", ASSAY_GRADE_GOLD, "2026-04-04T09:00:00Z", &assay_test_ann);
  add (f, "EHC-9999", ASSAY_GRADE_NOT_YET_BRONZE, "2026-05-01T09:00:00Z", NULL);
  g_assert_true (assay_agreement_record (f->store, f->frameworks, "EHC-1003", "tiny",
                                         ASSAY_GRADE_SILVER, "Discussed at the forum", &error));
  g_assert_no_error (error);

  comparison = assay_test_compare (f, NULL, NULL);
  g_assert_cmpfloat_with_epsilon (assay_comparison_get_silver_or_better (comparison), 3.0 / 4,
                                  1e-9);

  json = to_json (comparison);
  distribution = json_object_get_object_member (json, "distribution");
  overall = json_object_get_object_member (distribution, "overall");
  g_assert_cmpint (json_object_get_int_member (overall, "gold"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (overall, "silver"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (overall, "bronze"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (overall, "not-yet-bronze"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (overall, "total"), ==, 4);

  g_assert_cmpint (count_of (json_object_get_object_member (distribution, "by_team"), "North",
                             "gold"), ==, 1);
  g_assert_cmpint (count_of (json_object_get_object_member (distribution, "by_team"), "North",
                             "silver"), ==, 1);
  g_assert_cmpint (count_of (json_object_get_object_member (distribution, "by_team"), "South",
                             "silver"), ==, 1);
  g_assert_cmpint (count_of (json_object_get_object_member (distribution, "by_team"), "unknown",
                             "not-yet-bronze"), ==, 1);
  g_assert_cmpint (count_of (json_object_get_object_member (distribution, "by_plan_type"),
                             "new", "gold"), ==, 1);
  g_assert_cmpint (count_of (json_object_get_object_member (distribution, "by_plan_type"),
                             "annual-review", "silver"), ==, 1);
  g_assert_cmpint (count_of (json_object_get_object_member (distribution, "by_plan_type"),
                             "phase-transfer", "silver"), ==, 1);
  g_assert_cmpint (count_of (json_object_get_object_member (distribution, "by_quarter"),
                             "2026-Q3", "gold"), ==, 1);
  g_assert_cmpint (count_of (json_object_get_object_member (distribution, "by_quarter"),
                             "2026-Q2", "not-yet-bronze"), ==, 1);

  /* By agency and moderator: what their own audits said. */
  g_assert_cmpint (count_of (json_object_get_object_member (distribution, "by_agency"), "Health",
                             "gold"), ==, 1);
  g_assert_cmpint (count_of (json_object_get_object_member (distribution, "by_agency"), "Health",
                             "bronze"), ==, 1);
  g_assert_cmpint (count_of (json_object_get_object_member (distribution, "by_agency"),
                             "Education", "gold"), ==, 1);
  g_assert_cmpint (count_of (json_object_get_object_member (distribution, "by_moderator"),
                             assay_test_ann.id, "silver"), ==, 1);

  /* The partnership's headline, per quarter with the count audited. */
  silver = json_object_get_array_member (json, "silver_or_better");
  g_assert_cmpuint (json_array_get_length (silver), ==, 2);
  q = json_array_get_object_element (silver, 0);
  g_assert_cmpstr (json_object_get_string_member (q, "quarter"), ==, "2026-Q2");
  g_assert_cmpint (json_object_get_int_member (q, "audited"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (q, "silver_or_better"), ==, 1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (q, "share"), 0.5, 1e-9);
  q = json_array_get_object_element (silver, 1);
  g_assert_cmpstr (json_object_get_string_member (q, "quarter"), ==, "2026-Q3");
  g_assert_cmpint (json_object_get_int_member (q, "audited"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (q, "silver_or_better"), ==, 2);
}

static void
test_compare_criteria (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
  JsonArray *criteria;
  JsonObject *first, *second;

  /* Education: a2 Not yet Bronze in two of three audits. Health: b1 in its
   * only audit, where c2 is N/A and so does not count as graded. */
  a = make_audit (f, "K1", f->tiny, ASSAY_GRADE_SILVER, NULL, NULL, "a2");
  b = make_audit (f, "K2", f->tiny, ASSAY_GRADE_SILVER, NULL, NULL, "a2");
  c = make_audit (f, "K3", f->tiny, ASSAY_GRADE_SILVER, NULL, NULL, NULL);
  d = make_audit (f, "K1", f->tiny, ASSAY_GRADE_BRONZE, NULL, &assay_test_ann, "b1");

  comparison = assay_test_compare (f, NULL, NULL);
  json = to_json (comparison);
  criteria = json_object_get_array_member (json, "criteria");

  first = json_array_get_object_element (criteria, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "agency"), ==, "Health");
  g_assert_cmpstr (json_object_get_string_member (first, "framework"), ==, "tiny");
  g_assert_cmpstr (json_object_get_string_member (first, "criterion"), ==, "b1");
  g_assert_cmpstr (json_object_get_string_member (first, "text"), ==, "Are outcomes SMART?");
  g_assert_cmpint (json_object_get_int_member (first, "graded"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (first, "not_yet_bronze"), ==, 1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (first, "rate"), 1.0, 1e-9);

  second = json_array_get_object_element (criteria, 1);
  g_assert_cmpstr (json_object_get_string_member (second, "agency"), ==, "Education");
  g_assert_cmpstr (json_object_get_string_member (second, "criterion"), ==, "a2");
  g_assert_cmpint (json_object_get_int_member (second, "graded"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (second, "not_yet_bronze"), ==, 2);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (second, "rate"), 2.0 / 3, 1e-9);

  for (guint i = 0; i < json_array_get_length (criteria); i++)
    {
      JsonObject *rate = json_array_get_object_element (criteria, i);

      /* Ann's c2 is N/A (a yes/no check has no Bronze): not graded. */
      if (g_str_equal (json_object_get_string_member (rate, "agency"), "Health"))
        g_assert_cmpstr (json_object_get_string_member (rate, "criterion"), !=, "c2");
      if (i > 1)
        g_assert_cmpint (json_object_get_int_member (rate, "not_yet_bronze"), ==, 0);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ASSAY_TEST_ADD_ENV ("/compare/agreement", COMPARE_TEST_ENV, test_compare_agreement);
  ASSAY_TEST_ADD_ENV ("/compare/agreements", COMPARE_TEST_ENV, test_compare_agreements);
  ASSAY_TEST_ADD_ENV ("/compare/two-chairs", COMPARE_TEST_ENV, test_compare_two_chairs);
  ASSAY_TEST_ADD_ENV ("/compare/tendencies", COMPARE_TEST_ENV, test_compare_tendencies);
  ASSAY_TEST_ADD_ENV ("/compare/distributions", COMPARE_TEST_ENV, test_compare_distributions);
  ASSAY_TEST_ADD_ENV ("/compare/criteria", COMPARE_TEST_ENV, test_compare_criteria);

  return g_test_run ();
}
