/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "assay-agreed-grade.h"
#include "assay-caseload.h"
#include "assay-comparison.h"
#include "assay-comparison-json.h"
#include "assay-contacts.h"
#include "compare-test-fixture.h"

/*
 * What the comparison shows and hides, on real encrypted stores: blind
 * grades, filters by quarter and agency, open actions, the JSON shape,
 * read-only use, and audits against other framework versions.
 */

static void
test_compare_blind (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) blind = NULL;
  g_autoptr(AssayComparison) hidden = NULL;
  g_autoptr(AssayComparison) revealed = NULL;
  g_autoptr(AssayComparison) elsewhere = NULL;
  int index;

  add (f, "B1", ASSAY_GRADE_GOLD, "2026-07-01T09:00:00Z", &assay_test_ann);
  add (f, "B2", ASSAY_GRADE_GOLD, "2026-07-01T09:00:00Z", &assay_test_ann);

  /* Our moderator's second look at B1, blind and not finished. */
  blind = assay_audit_create (f->store, f->tiny, "B1", TRUE, &error);
  g_assert_no_error (error);
  assay_test_audit_grade_all (blind, ASSAY_GRADE_BRONZE, NULL);

  hidden = assay_test_compare (f, NULL, NULL);
  index = find_case (hidden, "B1");
  g_assert_cmpint (index, >=, 0);
  g_assert_cmpint (assay_comparison_get_case_state (hidden, index), ==, ASSAY_CASE_AWAITING);
  g_assert_cmpuint (assay_comparison_get_case_audits (hidden, index)->len, ==, 0);
  /* Not counted either: only Ann's audit of B2 is. */
  g_assert_cmpuint (assay_comparison_get_n_audits (hidden), ==, 1);
  g_assert_cmpuint (assay_comparison_get_n_pairs (hidden), ==, 0);

  /* A colleague's blind audit hides nothing from us. */
  {
    g_autofree char *id = NULL;
    g_autoptr(AssayAudit) theirs = assay_audit_create (f->store, f->tiny, "B2", TRUE, &error);

    g_assert_no_error (error);
    id = g_strdup (assay_audit_get_id (theirs));
    assay_test_audit_become (f->store, id, &assay_test_bob);
    elsewhere = assay_test_compare (f, NULL, NULL);
    index = find_case (elsewhere, "B2");
    g_assert_cmpint (index, >=, 0);
    g_assert_cmpint (assay_comparison_get_case_state (elsewhere, index), ==, ASSAY_CASE_AWAITING);
    g_assert_cmpuint (assay_comparison_get_case_audits (elsewhere, index)->len, ==, 1);
  }

  assay_audit_finish (blind, ASSAY_GRADE_NONE, NULL, &error);
  g_assert_no_error (error);

  revealed = assay_test_compare (f, NULL, NULL);
  index = find_case (revealed, "B1");
  g_assert_cmpint (assay_comparison_get_case_state (revealed, index), ==, ASSAY_CASE_DIFFER);
  g_assert_cmpuint (assay_comparison_get_case_audits (revealed, index)->len, ==, 2);
  g_assert_cmpuint (assay_comparison_get_n_pairs (revealed), ==, 1);
}

static void
test_compare_filters (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayComparison) q3 = NULL;
  g_autoptr(AssayComparison) q2 = NULL;
  g_autoptr(AssayComparison) health = NULL;
  g_autoptr(AssayComparison) virtual_school = NULL;
  g_autoptr(AssayComparison) bad = NULL;
  g_autoptr(JsonObject) json = NULL;
  JsonObject *filter;
  AssayCompareFilter bad_quarter = { "2026-Q7", NULL };
  AssayCompareFilter bad_agency = { NULL, "Fire brigade" };

  make_hand_set (f);
  add (f, "C6", ASSAY_GRADE_BRONZE, "2026-05-11T09:00:00Z", &assay_test_cal);

  /* Only audits finished in the quarter: C1–C4 are in Q3, C5 and C6 in Q2. */
  q3 = assay_test_compare (f, "q3 2026", NULL);
  g_assert_cmpuint (assay_comparison_get_n_audits (q3), ==, 9);
  g_assert_cmpuint (assay_comparison_get_n_plans (q3), ==, 4);
  g_assert_cmpuint (assay_comparison_get_n_pairs (q3), ==, 6);
  json = to_json (q3);
  filter = json_object_get_object_member (json, "filter");
  g_assert_cmpstr (json_object_get_string_member (filter, "quarter"), ==, "2026-Q3");
  g_assert_true (json_object_get_null_member (filter, "agency"));

  q2 = assay_test_compare (f, "2026-Q2", NULL);
  g_assert_cmpuint (assay_comparison_get_n_audits (q2), ==, 2);
  g_assert_cmpuint (assay_comparison_get_n_pairs (q2), ==, 0);
  g_assert_cmpfloat (assay_comparison_get_exact (q2), <, 0);
  g_assert_true (isnan (assay_comparison_get_alpha (q2)));

  /* Only audits by that agency's moderators, named in any case. */
  health = assay_test_compare (f, NULL, "health");
  g_assert_cmpuint (assay_comparison_get_n_audits (health), ==, 4);
  g_assert_cmpuint (assay_comparison_get_n_pairs (health), ==, 0);
  g_clear_pointer (&json, json_object_unref);
  json = to_json (health);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json, "filter"),
                                                  "agency"), ==, "Health");

  /* An agency typed at `init` that the audits carry is a fair filter. */
  virtual_school = assay_test_compare (f, NULL, "Virtual School");
  g_assert_cmpuint (assay_comparison_get_n_audits (virtual_school), ==, 1);

  bad = assay_comparison_new (f->store, f->frameworks, &bad_quarter, &error);
  g_assert_null (bad);
  g_assert_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_INVALID);
  g_clear_error (&error);

  bad = assay_comparison_new (f->store, f->frameworks, &bad_agency, &error);
  g_assert_null (bad);
  g_assert_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Fire brigade"));
  g_assert_nonnull (strstr (error->message, "Educational psychology"));
  g_assert_nonnull (strstr (error->message, "SEND casework"));
}

static void
test_compare_open_actions (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayFramework) setting_visit = assay_frameworks_lookup (f->frameworks,
                                                                     "setting-visit", NULL,
                                                                     &error);
  g_autoptr(AssayAudit) visit = NULL;
  g_autoptr(AssayAudit) unfinished = NULL;
  g_autoptr(AssayAudit) plan = NULL;
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(JsonObject) json = NULL;
  JsonArray *actions;
  JsonObject *first, *second;

  g_assert_no_error (error);
  visit = assay_audit_create (f->store, setting_visit, "EHC-1001", FALSE, &error);
  g_assert_no_error (error);
  assay_test_audit_grade_all (visit, ASSAY_GRADE_SILVER, NULL);
  assay_audit_add_action (visit, "Timetable the SALT sessions", "SENCO", "2999-12-31", &error);
  g_assert_no_error (error);
  assay_audit_add_action (visit, "Send the intervention log", "Class teacher", "2000-01-14",
                          &error);
  g_assert_no_error (error);
  assay_audit_finish (visit, ASSAY_GRADE_NONE, NULL, &error);
  g_assert_no_error (error);

  /* Not finished: its actions are not agreed yet. Not a setting visit:
   * its actions are for the plan's author. */
  unfinished = assay_audit_create (f->store, setting_visit, "EHC-1002", FALSE, &error);
  g_assert_no_error (error);
  assay_audit_add_action (unfinished, "Draft", "Someone", NULL, &error);
  g_assert_no_error (error);
  plan = assay_audit_create (f->store, f->tiny, "EHC-1003", FALSE, &error);
  g_assert_no_error (error);
  assay_test_audit_grade_all (plan, ASSAY_GRADE_SILVER, NULL);
  assay_audit_add_action (plan, "Rewrite F", "Caseworker", "2000-01-01", &error);
  g_assert_no_error (error);
  assay_audit_finish (plan, ASSAY_GRADE_NONE, NULL, &error);
  g_assert_no_error (error);

  comparison = assay_test_compare (f, NULL, NULL);
  json = to_json (comparison);
  actions = json_object_get_array_member (json, "open_actions");
  g_assert_cmpuint (json_array_get_length (actions), ==, 2);

  /* Soonest due first. */
  first = json_array_get_object_element (actions, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "audit"), ==,
                   assay_audit_get_id (visit));
  g_assert_cmpstr (json_object_get_string_member (first, "case"), ==, "EHC-1001");
  g_assert_cmpstr (json_object_get_string_member (first, "what"), ==, "Send the intervention log");
  g_assert_cmpstr (json_object_get_string_member (first, "owner"), ==, "Class teacher");
  g_assert_cmpstr (json_object_get_string_member (first, "due"), ==, "2000-01-14");
  g_assert_true (json_object_get_boolean_member (first, "overdue"));
  second = json_array_get_object_element (actions, 1);
  g_assert_cmpstr (json_object_get_string_member (second, "due"), ==, "2999-12-31");
  g_assert_false (json_object_get_boolean_member (second, "overdue"));
}

static void
test_compare_json (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(JsonObject) json = NULL;
  JsonObject *agreement, *distribution, *unit, *first;
  JsonArray *cases, *pairs;

  make_hand_set (f);
  comparison = assay_test_compare (f, NULL, NULL);
  json = to_json (comparison);

  assay_test_assert_members (json, "filter audits plans agreement distribution silver_or_better "
                                   "moderators criteria cases open_actions");
  assay_test_assert_members (json_object_get_object_member (json, "filter"), "quarter agency");
  agreement = json_object_get_object_member (json, "agreement");
  assay_test_assert_members (agreement,
                             "plans pairs exact within_one krippendorff_alpha pairs_by_moderator");
  pairs = json_object_get_array_member (agreement, "pairs_by_moderator");
  assay_test_assert_members (json_array_get_object_element (pairs, 0),
                             "a a_name b b_name plans exact within_one kappa");
  distribution = json_object_get_object_member (json, "distribution");
  assay_test_assert_members (distribution,
                             "overall by_quarter by_agency by_team by_plan_type by_moderator");
  assay_test_assert_members (json_object_get_object_member (distribution, "overall"),
                             "gold silver bronze not-yet-bronze");
  first = json_array_get_object_element (json_object_get_array_member (json, "silver_or_better"), 0);
  assay_test_assert_members (first, "quarter audited silver_or_better share");
  first = json_array_get_object_element (json_object_get_array_member (json, "moderators"), 0);
  assay_test_assert_members (first, "id name agency audits agreed_plans mean_difference tendency");
  first = json_array_get_object_element (json_object_get_array_member (json, "criteria"), 0);
  assay_test_assert_members (first, "agency criterion text graded not_yet_bronze rate");
  cases = json_object_get_array_member (json, "cases");
  unit = json_array_get_object_element (cases, 0);
  assay_test_assert_members (unit, "case framework state audits agreed");
  first = json_array_get_object_element (json_object_get_array_member (unit, "audits"), 0);
  assay_test_assert_members (first, "id moderator moderator_id agency overall");
  g_assert_cmpstr (json_object_get_string_member (unit, "case"), ==, "C1");
  g_assert_cmpint (json_object_get_int_member (json, "audits"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (json, "plans"), ==, 5);

  /* What `compare --json` writes as text is that tree as json-glib lays
   * it out, byte for byte. */
  {
    g_autoptr(GString) text = g_string_new (NULL);
    g_autoptr(JsonNode) root = assay_comparison_to_json (comparison);
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autofree char *expected = NULL;
    AssayJsonWriter writer;

    assay_json_writer_init (&writer, text, 0);
    assay_comparison_write_json (comparison, &writer);
    assay_json_writer_clear (&writer);
    json_generator_set_root (generator, root);
    json_generator_set_pretty (generator, TRUE);
    expected = json_generator_to_data (generator, NULL);
    g_assert_cmpstr (text->str, ==, expected);
  }
}

/* Expects every change to @audit to be refused because it is Ann's. */
static void
assert_refused (AssayAudit *audit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) copy = NULL;

#define REFUSED(call) \
  G_STMT_START { \
    g_assert_false (call); \
    g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_READ_ONLY); \
    g_assert_cmpstr (error->message, ==, \
                     "This audit is Ann Patel’s (Health): only its moderator can change it"); \
    g_clear_error (&error); \
  } G_STMT_END

  REFUSED (assay_audit_set_grade (audit, "a1", ASSAY_GRADE_GOLD, NULL, &error));
  REFUSED (assay_audit_set_evidence (audit, "a1", "Changed", &error));
  REFUSED (assay_audit_set_text (audit, ASSAY_AUDIT_FEEDBACK, "Changed", &error));
  REFUSED (assay_audit_add_action (audit, "Do", "Someone", NULL, &error));
  REFUSED (assay_audit_remove_action (audit, 0, &error));
  REFUSED (assay_audit_set_pending_override (audit, ASSAY_GRADE_GOLD, "Because", &error));
  REFUSED (assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error));
  REFUSED (assay_audit_reopen (audit, "Because", &error));
  REFUSED (assay_audit_delete (audit, &error));

  copy = assay_audit_duplicate (audit, &error);
  g_assert_null (copy);
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_READ_ONLY);

#undef REFUSED
}

static void
test_compare_read_only (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) draft = NULL;
  g_autoptr(AssayAudit) theirs = NULL;
  g_autoptr(AssayAudit) finished = NULL;
  g_autoptr(AssayAudit) own = NULL;
  g_autoptr(AssayAudit) copy = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autofree char *finished_id = NULL;
  gint64 revision;

  draft = assay_audit_create (f->store, f->tiny, "R1", FALSE, &error);
  g_assert_no_error (error);
  assay_audit_add_action (draft, "Check F", "SENCO", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (assay_audit_is_own (draft));
  g_assert_cmpstr (assay_audit_get_moderator_id (draft), ==, assay_vault_get_identity (f->vault));
  assay_test_audit_become (f->store, assay_audit_get_id (draft), &assay_test_ann);

  theirs = assay_audit_open (f->store, f->frameworks, assay_audit_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_false (assay_audit_is_own (theirs));
  g_assert_cmpstr (assay_audit_get_moderator_id (theirs), ==, assay_test_ann.id);
  revision = assay_audit_get_revision (theirs);
  assert_refused (theirs);

  finished_id = make_audit (f, "R2", f->tiny, ASSAY_GRADE_SILVER, NULL, &assay_test_ann, NULL);
  finished = assay_audit_open (f->store, f->frameworks, finished_id, &error);
  g_assert_no_error (error);
  assert_refused (finished);

  /* Nothing was written, and nothing was copied. */
  g_clear_object (&theirs);
  theirs = assay_audit_open (f->store, f->frameworks, assay_audit_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_revision (theirs), ==, revision);
  g_assert_cmpint (assay_audit_get_grade (theirs, "a1", NULL), ==, ASSAY_GRADE_NONE);
  audits = assay_audit_list (f->store, f->frameworks, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audits->len, ==, 2);

  /* Our own audits still work as before. */
  own = assay_audit_create (f->store, f->tiny, "R3", FALSE, &error);
  g_assert_no_error (error);
  assay_test_audit_grade_all (own, ASSAY_GRADE_GOLD, NULL);
  g_assert_true (assay_audit_finish (own, ASSAY_GRADE_NONE, NULL, &error));
  g_assert_true (assay_audit_reopen (own, "A second thought", &error));
  g_assert_no_error (error);
  copy = assay_audit_duplicate (own, &error);
  g_assert_no_error (error);
  g_assert_true (assay_audit_delete (copy, &error));
  g_assert_no_error (error);
}

/* Two moderators' audits of one plan under different versions of its
 * framework are compared by criterion id, and the comparison says so. */
static void
test_compare_versions (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                 "statutory.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(AssayFramework) v2 = NULL;
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  JsonArray *cases;
  gboolean seen_mixed = FALSE, seen_same = FALSE;
  char *text;
  gsize len;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  json_object_set_string_member (json_node_get_object (json_parser_get_root (parser)), "id",
                                 "tiny");
  json_generator_set_root (generator, json_parser_get_root (parser));
  text = json_generator_to_data (generator, &len);
  bytes = g_bytes_new_take (text, len);
  v2 = assay_framework_new_from_bytes (bytes, "tiny-2.json", &error);
  g_assert_no_error (error);
  assay_frameworks_add (f->frameworks, v2);

  a = assay_test_audit_finished (f->store, f->tiny, "EHC-V1", ASSAY_GRADE_SILVER,
                                 "2026-01-10T10:00:00Z", &assay_test_ann, NULL);
  b = assay_test_audit_finished (f->store, v2, "EHC-V1", ASSAY_GRADE_SILVER,
                                 "2026-01-11T10:00:00Z", &assay_test_bob, NULL);
  c = assay_test_audit_finished (f->store, v2, "EHC-V2", ASSAY_GRADE_SILVER,
                                 "2026-01-10T10:00:00Z", &assay_test_ann, NULL);
  d = assay_test_audit_finished (f->store, v2, "EHC-V2", ASSAY_GRADE_SILVER,
                                 "2026-01-11T10:00:00Z", &assay_test_bob, NULL);

  comparison = assay_comparison_new (f->store, f->frameworks, NULL, &error);
  g_assert_no_error (error);
  json = assay_comparison_to_json (comparison);
  cases = json_object_get_array_member (json_node_get_object (json), "cases");
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *unit = json_array_get_object_element (cases, i);
      JsonArray *audits = json_object_get_array_member (unit, "audits");
      const char *case_ref = json_object_get_string_member (unit, "case");

      if (g_str_equal (case_ref, "EHC-V1"))
        {
          seen_mixed = TRUE;
          g_assert_true (json_object_get_boolean_member (unit, "mixed_versions"));
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (audits, 0),
                                                          "framework_version"), ==, "1.0");
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (audits, 1),
                                                          "framework_version"), ==, "2.0");
        }
      else if (g_str_equal (case_ref, "EHC-V2"))
        {
          seen_same = TRUE;
          g_assert_false (json_object_get_boolean_member (unit, "mixed_versions"));
        }
    }
  g_assert_true (seen_mixed && seen_same);
}

/* Two moderators of one name are told apart, in the figures every output
 * reads, by agency and fingerprint; a name nobody shares stays as it is. */
static void
test_compare_same_names (Fixture       *f,
                         gconstpointer  data)
{
  static const AssayTestModerator other_ann = {
    "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd", "Ann Patel", "Education"
  };
  g_autoptr(AssayComparison) comparison = NULL;
  g_autofree char *print = assay_identity_fingerprint (other_ann.id);
  GPtrArray *moderators;
  guint seen = 0;

  add (f, "S1", ASSAY_GRADE_GOLD, "2026-07-01T09:00:00Z", &assay_test_ann);
  add (f, "S1", ASSAY_GRADE_SILVER, "2026-07-01T09:00:00Z", &other_ann);
  add (f, "S1", ASSAY_GRADE_SILVER, "2026-07-01T09:00:00Z", &assay_test_bob);

  comparison = assay_test_compare (f, NULL, NULL);
  moderators = assay_comparison_get_moderators (comparison);
  for (guint i = 0; i < moderators->len; i++)
    {
      const AssayModeratorFigures *moderator = moderators->pdata[i];

      if (g_str_equal (moderator->id, other_ann.id))
        {
          g_autofree char *start = g_strndup (print, 11);

          g_assert_true (g_str_has_prefix (moderator->name, "Ann Patel (Education, "));
          g_assert_nonnull (strstr (moderator->name, start));
          seen++;
        }
      else if (g_str_equal (moderator->id, assay_test_ann.id))
        {
          g_assert_true (g_str_has_prefix (moderator->name, "Ann Patel (Health, "));
          seen++;
        }
      else if (g_str_equal (moderator->id, assay_test_bob.id))
        {
          g_assert_cmpstr (moderator->name, ==, "Bob Jones");
          seen++;
        }
    }
  g_assert_cmpuint (seen, ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ASSAY_TEST_ADD_ENV ("/compare/blind", COMPARE_TEST_ENV, test_compare_blind);
  ASSAY_TEST_ADD_ENV ("/compare/filters", COMPARE_TEST_ENV, test_compare_filters);
  ASSAY_TEST_ADD_ENV ("/compare/open-actions", COMPARE_TEST_ENV, test_compare_open_actions);
  ASSAY_TEST_ADD_ENV ("/compare/json", COMPARE_TEST_ENV, test_compare_json);
  ASSAY_TEST_ADD_ENV ("/compare/read-only", COMPARE_TEST_ENV, test_compare_read_only);
  ASSAY_TEST_ADD_ENV ("/compare/versions", COMPARE_TEST_ENV, test_compare_versions);
  ASSAY_TEST_ADD_ENV ("/compare/same-names", COMPARE_TEST_ENV, test_compare_same_names);

  return g_test_run ();
}
