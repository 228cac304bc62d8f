/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "assay-agreed-grade.h"
#include "assay-caseload.h"
#include "assay-comparison.h"
#include "assay-comparison-json.h"
#include "assay-test-util.h"

/*
 * What the moderation forum sees, on real encrypted stores. Colleagues'
 * audits are made here the way an import leaves them: a record in "audits"
 * whose payload names another moderator. (Bundle imports themselves are
 * tested with real bundle files in test-bundle.)
 */

typedef AssayTestModerator Who;

static const Who ann = {
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Ann Patel", "Health"
};
static const Who bob = {
  "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "Bob Jones", "Social care"
};
static const Who cal = {
  "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", "Cal Okoro", "Virtual school"
};

typedef struct
{
  char            *dir;
  AssayVault      *vault;
  AssayStore      *store;
  AssayFrameworks *frameworks;
  AssayFramework  *tiny;
  AssayFramework  *visit;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *tiny = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                 "tiny.json", NULL);
  g_autoptr(GError) error = NULL;

  f->dir = assay_test_mkdtemp ();
  f->vault = assay_test_vault_new (f->dir, NULL);
  f->store = assay_store_new (f->vault);
  f->frameworks = assay_frameworks_new ();
  g_assert_true (assay_frameworks_load_builtin (f->frameworks, &error));
  g_assert_no_error (error);
  f->tiny = assay_framework_new_from_file (tiny, &error);
  g_assert_no_error (error);
  assay_frameworks_add (f->frameworks, f->tiny);
  f->visit = assay_frameworks_lookup (f->frameworks, "setting-visit", NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->visit);
  g_clear_object (&f->tiny);
  g_clear_object (&f->frameworks);
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  assay_test_rmdir (f->dir);
  g_free (f->dir);
}

/* Every criterion @grade where allowed (N/A or the lowest grade where not),
 * and @nyb, if given, Not yet Bronze: the derived grade of tiny.json is
 * then @grade. */
static void
grade_all (AssayAudit *audit,
           AssayGrade  grade,
           const char *nyb)
{
  assay_test_audit_grade_all (audit, grade, nyb);
}

/* The audit's owner becomes @who, as in a colleague's imported bundle. */
static void
become (Fixture    *f,
        const char *id,
        const Who  *who)
{
  assay_test_audit_become (f->store, id, who);
}

/* A finished audit of @case_ref graded @grade overall, finished at
 * @finished, by @who (NULL: this installation's own moderator). */
static char *
make_audit (Fixture        *f,
            const char     *case_ref,
            AssayFramework *framework,
            AssayGrade      grade,
            const char     *finished,
            const Who      *who,
            const char     *nyb)
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

static void
add (Fixture    *f,
     const char *case_ref,
     AssayGrade  grade,
     const char *finished,
     const Who  *who)
{
  g_autofree char *id = make_audit (f, case_ref, f->tiny, grade, finished, who, NULL);
}

static AssayComparison *
compare (Fixture    *f,
         const char *quarter,
         const char *agency)
{
  g_autoptr(GError) error = NULL;
  AssayCompareFilter filter = { quarter, agency };
  AssayComparison *comparison = assay_comparison_new (f->store, f->frameworks, &filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (comparison);

  return comparison;
}

static JsonObject *
to_json (AssayComparison *comparison)
{
  g_autoptr(JsonNode) root = assay_comparison_to_json (comparison);

  return json_object_ref (json_node_get_object (root));
}

static int
find_case (AssayComparison *comparison,
           const char      *case_ref)
{
  for (guint i = 0; i < assay_comparison_get_n_cases (comparison); i++)
    if (g_str_equal (assay_comparison_get_case_ref (comparison, i), case_ref))
      return (int) i;

  return -1;
}

static JsonObject *
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

static gint64
count_of (JsonObject *distribution,
          const char *key,
          const char *grade)
{
  JsonObject *counts = json_object_get_object_member (distribution, key);

  g_assert_nonnull (counts);

  return json_object_get_int_member (counts, grade);
}

/*
 * The hand-made set. Four plans moderated twice or more, one once:
 *
 *   plan   own (Education)  Ann (Health)  Bob (Social care)
 *   C1     gold             silver        not yet bronze
 *   C2     silver           silver
 *   C3     bronze           bronze
 *   C4     silver           bronze
 *   C5     gold
 *
 * Pairs: C1 gives three (differences 1, 3 and 2), C2–C4 one each (0, 0, 1):
 * 6 pairs, 2 exact, 4 within one grade.
 */
static void
make_hand_set (Fixture *f)
{
  add (f, "C1", ASSAY_GRADE_GOLD, "2026-07-01T09:00:00Z", NULL);
  add (f, "C1", ASSAY_GRADE_SILVER, "2026-07-02T09:00:00Z", &ann);
  add (f, "C1", ASSAY_GRADE_NOT_YET_BRONZE, "2026-07-03T09:00:00Z", &bob);
  add (f, "C2", ASSAY_GRADE_SILVER, "2026-07-04T09:00:00Z", NULL);
  add (f, "C2", ASSAY_GRADE_SILVER, "2026-07-05T09:00:00Z", &ann);
  add (f, "C3", ASSAY_GRADE_BRONZE, "2026-08-01T09:00:00Z", NULL);
  add (f, "C3", ASSAY_GRADE_BRONZE, "2026-08-02T09:00:00Z", &ann);
  add (f, "C4", ASSAY_GRADE_SILVER, "2026-08-03T09:00:00Z", NULL);
  add (f, "C4", ASSAY_GRADE_BRONZE, "2026-08-04T09:00:00Z", &ann);
  add (f, "C5", ASSAY_GRADE_GOLD, "2026-05-10T09:00:00Z", NULL);
}

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
  comparison = compare (f, NULL, NULL);

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
      gboolean ann_own = ((g_str_equal (a, ann.id) && g_str_equal (b, own)) ||
                          (g_str_equal (a, own) && g_str_equal (b, ann.id)));

      /* Each pair once, in a stable order. */
      g_assert_cmpstr (a, <, b);
      if (i > 0)
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (pairs,
                                                                                       i - 1),
                                                        "a"), <=, a);

      if (ann_own)
        {
          g_assert_cmpstr (json_object_get_string_member (p, g_str_equal (a, ann.id) ?
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
test_compare_blind (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) blind = NULL;
  g_autoptr(AssayComparison) hidden = NULL;
  g_autoptr(AssayComparison) revealed = NULL;
  g_autoptr(AssayComparison) elsewhere = NULL;
  int index;

  add (f, "B1", ASSAY_GRADE_GOLD, "2026-07-01T09:00:00Z", &ann);
  add (f, "B2", ASSAY_GRADE_GOLD, "2026-07-01T09:00:00Z", &ann);

  /* Our moderator's second look at B1, blind and not finished. */
  blind = assay_audit_create (f->store, f->tiny, "B1", TRUE, &error);
  g_assert_no_error (error);
  grade_all (blind, ASSAY_GRADE_BRONZE, NULL);

  hidden = compare (f, NULL, NULL);
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
    become (f, id, &bob);
    elsewhere = compare (f, NULL, NULL);
    index = find_case (elsewhere, "B2");
    g_assert_cmpint (index, >=, 0);
    g_assert_cmpint (assay_comparison_get_case_state (elsewhere, index), ==, ASSAY_CASE_AWAITING);
    g_assert_cmpuint (assay_comparison_get_case_audits (elsewhere, index)->len, ==, 1);
  }

  assay_audit_finish (blind, ASSAY_GRADE_NONE, NULL, &error);
  g_assert_no_error (error);

  revealed = compare (f, NULL, NULL);
  index = find_case (revealed, "B1");
  g_assert_cmpint (assay_comparison_get_case_state (revealed, index), ==, ASSAY_CASE_DIFFER);
  g_assert_cmpuint (assay_comparison_get_case_audits (revealed, index)->len, ==, 2);
  g_assert_cmpuint (assay_comparison_get_n_pairs (revealed), ==, 1);
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
  before = compare (f, NULL, NULL);
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

  after = compare (f, NULL, NULL);
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

  comparison = compare (f, NULL, NULL);
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
  comparison = compare (f, NULL, NULL);
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
  add (f, "T1", ASSAY_GRADE_BRONZE, "2026-07-02T09:00:00Z", &ann);
  add (f, "T2", ASSAY_GRADE_SILVER, "2026-07-01T09:00:00Z", NULL);
  add (f, "T2", ASSAY_GRADE_SILVER, "2026-07-02T09:00:00Z", &ann);
  add (f, "T3", ASSAY_GRADE_BRONZE, "2026-07-01T09:00:00Z", NULL);
  add (f, "T3", ASSAY_GRADE_BRONZE, "2026-07-02T09:00:00Z", &bob);
  add (f, "T4", ASSAY_GRADE_BRONZE, "2026-07-01T09:00:00Z", NULL);
  add (f, "T4", ASSAY_GRADE_GOLD, "2026-07-02T09:00:00Z", &cal);

  g_assert_true (assay_agreement_record (f->store, f->frameworks, "T1", "tiny",
                                         ASSAY_GRADE_SILVER, "Met in the middle", &error));
  g_assert_true (assay_agreement_record (f->store, f->frameworks, "T2", "tiny",
                                         ASSAY_GRADE_SILVER, "Both right", &error));
  g_assert_true (assay_agreement_record (f->store, f->frameworks, "T3", "tiny",
                                         ASSAY_GRADE_BRONZE, "Both right", &error));
  g_assert_no_error (error);

  comparison = compare (f, NULL, NULL);
  json = to_json (comparison);
  moderators = json_object_get_array_member (json, "moderators");
  g_assert_cmpuint (json_array_get_length (moderators), ==, 4);

  own = find_object (moderators, "id", assay_vault_get_identity (f->vault));
  a = find_object (moderators, "id", ann.id);
  b = find_object (moderators, "id", bob.id);
  c = find_object (moderators, "id", cal.id);

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
  add (f, "EHC-1001", ASSAY_GRADE_BRONZE, "2026-07-02T09:00:00Z", &ann);
  add (f, "EHC-1002", ASSAY_GRADE_SILVER, "2026-07-03T09:00:00Z", &ann);
  add (f, "EHC-1002", ASSAY_GRADE_SILVER, "2026-07-04T09:00:00Z", NULL);
  add (f, "EHC-1003", ASSAY_GRADE_BRONZE, "2026-04-03T09:00:00Z", NULL);
  add (f, "EHC-1003", ASSAY_GRADE_GOLD, "2026-04-04T09:00:00Z", &ann);
  add (f, "EHC-9999", ASSAY_GRADE_NOT_YET_BRONZE, "2026-05-01T09:00:00Z", NULL);
  g_assert_true (assay_agreement_record (f->store, f->frameworks, "EHC-1003", "tiny",
                                         ASSAY_GRADE_SILVER, "Discussed at the forum", &error));
  g_assert_no_error (error);

  comparison = compare (f, NULL, NULL);
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
                             ann.id, "silver"), ==, 1);

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
  add (f, "C6", ASSAY_GRADE_BRONZE, "2026-05-11T09:00:00Z", &cal);

  /* Only audits finished in the quarter: C1–C4 are in Q3, C5 and C6 in Q2. */
  q3 = compare (f, "q3 2026", NULL);
  g_assert_cmpuint (assay_comparison_get_n_audits (q3), ==, 9);
  g_assert_cmpuint (assay_comparison_get_n_plans (q3), ==, 4);
  g_assert_cmpuint (assay_comparison_get_n_pairs (q3), ==, 6);
  json = to_json (q3);
  filter = json_object_get_object_member (json, "filter");
  g_assert_cmpstr (json_object_get_string_member (filter, "quarter"), ==, "2026-Q3");
  g_assert_true (json_object_get_null_member (filter, "agency"));

  q2 = compare (f, "2026-Q2", NULL);
  g_assert_cmpuint (assay_comparison_get_n_audits (q2), ==, 2);
  g_assert_cmpuint (assay_comparison_get_n_pairs (q2), ==, 0);
  g_assert_cmpfloat (assay_comparison_get_exact (q2), <, 0);
  g_assert_true (isnan (assay_comparison_get_alpha (q2)));

  /* Only audits by that agency's moderators, named in any case. */
  health = compare (f, NULL, "health");
  g_assert_cmpuint (assay_comparison_get_n_audits (health), ==, 4);
  g_assert_cmpuint (assay_comparison_get_n_pairs (health), ==, 0);
  g_clear_pointer (&json, json_object_unref);
  json = to_json (health);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json, "filter"),
                                                  "agency"), ==, "Health");

  /* An agency typed at `init` that the audits carry is a fair filter. */
  virtual_school = compare (f, NULL, "Virtual School");
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
  d = make_audit (f, "K1", f->tiny, ASSAY_GRADE_BRONZE, NULL, &ann, "b1");

  comparison = compare (f, NULL, NULL);
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

static void
test_compare_open_actions (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) visit = NULL;
  g_autoptr(AssayAudit) unfinished = NULL;
  g_autoptr(AssayAudit) plan = NULL;
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(JsonObject) json = NULL;
  JsonArray *actions;
  JsonObject *first, *second;

  visit = assay_audit_create (f->store, f->visit, "EHC-1001", FALSE, &error);
  g_assert_no_error (error);
  grade_all (visit, ASSAY_GRADE_SILVER, NULL);
  assay_audit_add_action (visit, "Timetable the SALT sessions", "SENCO", "2999-12-31", &error);
  g_assert_no_error (error);
  assay_audit_add_action (visit, "Send the intervention log", "Class teacher", "2000-01-14",
                          &error);
  g_assert_no_error (error);
  assay_audit_finish (visit, ASSAY_GRADE_NONE, NULL, &error);
  g_assert_no_error (error);

  /* Not finished: its actions are not agreed yet. Not a setting visit:
   * its actions are for the plan's author. */
  unfinished = assay_audit_create (f->store, f->visit, "EHC-1002", FALSE, &error);
  g_assert_no_error (error);
  assay_audit_add_action (unfinished, "Draft", "Someone", NULL, &error);
  g_assert_no_error (error);
  plan = assay_audit_create (f->store, f->tiny, "EHC-1003", FALSE, &error);
  g_assert_no_error (error);
  grade_all (plan, ASSAY_GRADE_SILVER, NULL);
  assay_audit_add_action (plan, "Rewrite F", "Caseworker", "2000-01-01", &error);
  g_assert_no_error (error);
  assay_audit_finish (plan, ASSAY_GRADE_NONE, NULL, &error);
  g_assert_no_error (error);

  comparison = compare (f, NULL, NULL);
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
  comparison = compare (f, NULL, NULL);
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
  become (f, assay_audit_get_id (draft), &ann);

  theirs = assay_audit_open (f->store, f->frameworks, assay_audit_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_false (assay_audit_is_own (theirs));
  g_assert_cmpstr (assay_audit_get_moderator_id (theirs), ==, ann.id);
  revision = assay_audit_get_revision (theirs);
  assert_refused (theirs);

  finished_id = make_audit (f, "R2", f->tiny, ASSAY_GRADE_SILVER, NULL, &ann, NULL);
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
  grade_all (own, ASSAY_GRADE_GOLD, NULL);
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
                                 "2026-01-10T10:00:00Z", &ann, NULL);
  b = assay_test_audit_finished (f->store, v2, "EHC-V1", ASSAY_GRADE_SILVER,
                                 "2026-01-11T10:00:00Z", &bob, NULL);
  c = assay_test_audit_finished (f->store, v2, "EHC-V2", ASSAY_GRADE_SILVER,
                                 "2026-01-10T10:00:00Z", &ann, NULL);
  d = assay_test_audit_finished (f->store, v2, "EHC-V2", ASSAY_GRADE_SILVER,
                                 "2026-01-11T10:00:00Z", &bob, NULL);

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/compare/agreement", test_compare_agreement);
  ADD ("/compare/blind", test_compare_blind);
  ADD ("/compare/agreements", test_compare_agreements);
  ADD ("/compare/two-chairs", test_compare_two_chairs);
  ADD ("/compare/tendencies", test_compare_tendencies);
  ADD ("/compare/distributions", test_compare_distributions);
  ADD ("/compare/filters", test_compare_filters);
  ADD ("/compare/criteria", test_compare_criteria);
  ADD ("/compare/open-actions", test_compare_open_actions);
  ADD ("/compare/json", test_compare_json);
  ADD ("/compare/read-only", test_compare_read_only);
  ADD ("/compare/versions", test_compare_versions);

#undef ADD

  return g_test_run ();
}
