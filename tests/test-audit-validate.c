/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-agreed-grade.h"
#include "assay-audit-validate.h"
#include "assay-caseload.h"
#include "assay-error.h"
#include "assay-json-util.h"
#include "assay-test-util.h"

/*
 * A colleague's Assay could sign any payload at all. These tests take audits
 * and agreements made through the real audit API and stored in the
 * encrypted store, check that every one passes as it was written, then
 * change one thing in the payload at a time, the way a broken or hostile
 * installation would, and check that each change is refused, exit 3, with a
 * message naming the record and the field.
 */

/* The audits every test has, made in fixture_set_up(). */
enum
{
  AUDIT_FINISHED,     /* tiny (format 1), every criterion silver */
  AUDIT_DRAFT,        /* tiny, half graded, evidence without a grade */
  AUDIT_OVERRIDDEN,   /* tiny, finished gold over the derived silver, with an action */
  AUDIT_REOPENED,     /* tiny, finished, reopened and regraded: a stale overall grade */
  AUDIT_IN_CARE,      /* statutory (format 2), a child in care in Year 12 */
  AUDIT_YOUNG,        /* statutory, a primary child not in care: N/A where allowed */
  AUDIT_VISIT,        /* setting visit with provision lines, finished, capped at bronze */
  AUDIT_VISIT_DRAFT,  /* setting visit with a line not yet recorded */
  AUDIT_BUILTIN,      /* the built-in ehcp-new, finished */
  N_AUDITS,
  AGREEMENT = N_AUDITS,
};

static const char * const case_refs[] = {
  [AUDIT_FINISHED] = "EHC-T1",
  [AUDIT_DRAFT] = "EHC-T2",
  [AUDIT_OVERRIDDEN] = "EHC-T3",
  [AUDIT_REOPENED] = "EHC-T4",
  [AUDIT_IN_CARE] = "EHC-1",
  [AUDIT_YOUNG] = "EHC-2",
  [AUDIT_VISIT] = "EHC-V1",
  [AUDIT_VISIT_DRAFT] = "EHC-V2",
  [AUDIT_BUILTIN] = "EHC-B1",
  [AGREEMENT] = "EHC-T1",
};

typedef struct
{
  AssayTestEnv    env;
  AssayFramework *statutory;
  AssayFramework *visit;
  char           *ids[N_AUDITS + 1];  /* and the agreement's */
} Fixture;

static Fixture shared;

static AssayFramework *
load_framework (Fixture    *f,
                const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks", name,
                                                 NULL);
  g_autoptr(GError) error = NULL;
  AssayFramework *framework = assay_framework_new_from_file (path, &error);

  g_assert_no_error (error);
  assay_frameworks_add (f->env.frameworks, framework);

  return framework;
}

static void
import_caseload (Fixture    *f,
                 const char *csv)
{
  g_autofree char *path = g_build_filename (f->env.dir, "caseload.csv", NULL);
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  g_assert_true (assay_caseload_import (f->env.store, path, &result, &error));
  g_assert_no_error (error);
}

static AssayAudit *
new_audit (Fixture        *f,
           AssayFramework *framework,
           guint           which)
{
  g_autoptr(GError) error = NULL;
  AssayAudit *audit = assay_audit_create (f->env.store, framework, case_refs[which], FALSE,
                                          &error);

  g_assert_no_error (error);
  f->ids[which] = g_strdup (assay_audit_get_id (audit));

  return audit;
}

static void
grade (AssayAudit *audit,
       const char *criterion,
       AssayGrade  given)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (assay_audit_set_grade (audit, criterion, given, NULL, &error));
  g_assert_no_error (error);
}

static void
finish (AssayAudit *audit,
        AssayGrade  override,
        const char *reason)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (assay_audit_finish (audit, override, reason, &error));
  g_assert_no_error (error);
}

static void
make_tiny_audits (Fixture *f)
{
  g_autoptr(AssayAudit) finished = new_audit (f, f->env.tiny, AUDIT_FINISHED);
  g_autoptr(AssayAudit) draft = new_audit (f, f->env.tiny, AUDIT_DRAFT);
  g_autoptr(AssayAudit) overridden = new_audit (f, f->env.tiny, AUDIT_OVERRIDDEN);
  g_autoptr(AssayAudit) reopened = new_audit (f, f->env.tiny, AUDIT_REOPENED);
  g_autoptr(GError) error = NULL;

  assay_test_audit_grade_all (finished, ASSAY_GRADE_SILVER, NULL);
  finish (finished, ASSAY_GRADE_NONE, NULL);

  grade (draft, "a1", ASSAY_GRADE_GOLD);
  grade (draft, "b2", ASSAY_GRADE_NA);
  g_assert_true (assay_audit_set_evidence (draft, "c1", "Nothing on social care yet", &error));
  g_assert_true (assay_audit_set_pending_override (draft, ASSAY_GRADE_BRONZE, "Thin plan",
                                                   &error));
  g_assert_no_error (error);

  assay_test_audit_grade_all (overridden, ASSAY_GRADE_SILVER, NULL);
  g_assert_true (assay_audit_add_action (overridden, "Quantify the SALT provision",
                                         "Case officer", "2026-03-14", &error));
  g_assert_true (assay_audit_set_text (overridden, ASSAY_AUDIT_FEEDBACK, "A strong plan", &error));
  g_assert_no_error (error);
  finish (overridden, ASSAY_GRADE_GOLD, "The child's voice runs through every section");

  assay_test_audit_grade_all (reopened, ASSAY_GRADE_SILVER, NULL);
  finish (reopened, ASSAY_GRADE_NONE, NULL);
  g_assert_true (assay_audit_reopen (reopened, "Regrading after the forum", &error));
  g_assert_no_error (error);
  grade (reopened, "a2", ASSAY_GRADE_NOT_YET_BRONZE);
}

static void
make_statutory_audits (Fixture *f)
{
  g_autoptr(AssayAudit) in_care = NULL;
  g_autoptr(AssayAudit) young = NULL;

  import_caseload (f, "case_ref,phase,nc_year,child_in_care\n"
                      "EHC-1,post-16,12,yes\n"
                      "EHC-2,primary,4,no\n");

  in_care = new_audit (f, f->statutory, AUDIT_IN_CARE);
  g_assert_cmpuint (assay_audit_get_case_conditions (in_care), ==,
                    ASSAY_CASE_CHILD_IN_CARE | ASSAY_CASE_YEAR_9_PLUS);
  assay_test_audit_grade_all (in_care, ASSAY_GRADE_SILVER, NULL);
  finish (in_care, ASSAY_GRADE_NONE, NULL);

  young = new_audit (f, f->statutory, AUDIT_YOUNG);
  grade (young, "a1", ASSAY_GRADE_SILVER);
  grade (young, "a2", ASSAY_GRADE_GOLD);
  grade (young, "b1", ASSAY_GRADE_SILVER);
  grade (young, "b2", ASSAY_GRADE_NA);
  grade (young, "c1", ASSAY_GRADE_NA);
  grade (young, "c2", ASSAY_GRADE_NA);
  finish (young, ASSAY_GRADE_NONE, NULL);
}

static void
make_visits (Fixture *f)
{
  g_autoptr(AssayAudit) visit = new_audit (f, f->visit, AUDIT_VISIT);
  g_autoptr(AssayAudit) draft = new_audit (f, f->visit, AUDIT_VISIT_DRAFT);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *open = NULL;
  g_autoptr(AssayGrading) grading = NULL;

  grade (visit, "p1", ASSAY_GRADE_GOLD);
  grade (visit, "p2", ASSAY_GRADE_GOLD);
  first = assay_audit_add_line (visit, "SALT 30 minutes weekly", &error);
  second = assay_audit_add_line (visit, "Daily TA support in literacy", &error);
  g_assert_no_error (error);
  g_assert_true (assay_audit_set_line (visit, first, ASSAY_DELIVERED_YES, "Weekly, 30 min",
                                       "SALT", "Therapy log", &error));
  g_assert_true (assay_audit_set_line (visit, second, ASSAY_DELIVERED_PARTLY, "Three days",
                                       NULL, NULL, &error));
  g_assert_no_error (error);
  finish (visit, ASSAY_GRADE_NONE, NULL);
  grading = assay_audit_compute (visit);
  g_assert_cmpint (assay_audit_get_derived (visit, grading), ==, ASSAY_GRADE_BRONZE);

  grade (draft, "p1", ASSAY_GRADE_SILVER);
  open = assay_audit_add_line (draft, "OT programme twice termly", &error);
  g_assert_no_error (error);
}

static void
make_agreement (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;

  g_assert_true (assay_agreement_record (f->env.store, f->env.frameworks, "EHC-T1", "tiny",
                                         ASSAY_GRADE_BRONZE, "The forum read section F as thin",
                                         &error));
  g_assert_no_error (error);

  records = assay_store_list (f->env.store, ASSAY_AGREEMENTS_COLLECTION, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  f->ids[AGREEMENT] = g_strdup (((AssayRecord *) records->pdata[0])->id);
}

static void
fixture_set_up (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayFramework) builtin = NULL;

  assay_test_env_set_up (&f->env, ASSAY_TEST_ENV_BUILTIN | ASSAY_TEST_ENV_TINY);
  f->statutory = load_framework (f, "statutory.json");
  f->visit = load_framework (f, "visit-lines.json");

  make_tiny_audits (f);
  make_statutory_audits (f);
  make_visits (f);

  builtin = assay_frameworks_lookup (f->env.frameworks, "ehcp-new", NULL, &error);
  g_assert_no_error (error);
  f->ids[AUDIT_BUILTIN] = assay_test_audit_finished (f->env.store, builtin,
                                                     case_refs[AUDIT_BUILTIN],
                                                     ASSAY_GRADE_SILVER, NULL, NULL, NULL);

  make_agreement (f);
}

static void
fixture_tear_down (Fixture *f)
{
  for (guint i = 0; i < G_N_ELEMENTS (f->ids); i++)
    g_free (f->ids[i]);
  g_clear_object (&f->statutory);
  g_clear_object (&f->visit);
  assay_test_env_tear_down (&f->env);
}

static AssayRecord *
load (Fixture *f,
      guint    which)
{
  g_autoptr(GError) error = NULL;
  AssayRecord *record = assay_store_load (f->env.store,
                                          which == AGREEMENT ? ASSAY_AGREEMENTS_COLLECTION
                                                             : "audits",
                                          f->ids[which], &error);

  g_assert_no_error (error);

  return record;
}

/* @record with @payload in place of its own. */
static AssayRecord *
with_payload (const AssayRecord *record,
              GBytes            *payload)
{
  AssayRecord *copy = assay_record_copy (record);

  g_bytes_unref (copy->payload);
  copy->payload = g_bytes_ref (payload);

  return copy;
}

/* @record with the JSON @root as its payload. */
static AssayRecord *
with_root (const AssayRecord *record,
           JsonNode          *root)
{
  g_autoptr(GBytes) payload = assay_json_node_to_bytes (root);

  return with_payload (record, payload);
}

/* The payload of @record, to change. */
static JsonNode *
parse_payload (const AssayRecord *record)
{
  return assay_test_parse_json (assay_record_get_text (record, NULL));
}

/*
 * Sets the member at @path (members and array indices separated by dots,
 * "grades.a1.grade", "lines.0.delivered") to the JSON @value, or removes it
 * when @value is NULL.
 */
static void
mutate (JsonNode   *root,
        const char *path,
        const char *value)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  guint n = g_strv_length (parts);
  JsonNode *node = root;
  JsonNode *replacement = value != NULL ? assay_test_parse_json (value) : NULL;

  for (guint i = 0; i + 1 < n; i++)
    node = JSON_NODE_HOLDS_ARRAY (node)
             ? json_array_get_element (json_node_get_array (node),
                                       (guint) g_ascii_strtoull (parts[i], NULL, 10))
             : json_object_get_member (json_node_get_object (node), parts[i]);
  g_assert_nonnull (node);

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint index = (guint) g_ascii_strtoull (parts[n - 1], NULL, 10);

      g_assert_cmpuint (index, <, json_array_get_length (array));
      if (replacement == NULL)
        json_array_remove_element (array, index);
      else
        {
          /* JsonArray cannot replace an element: the array is copied. */
          g_autoptr(JsonArray) copy = json_array_new ();

          for (guint i = 0; i < json_array_get_length (array); i++)
            json_array_add_element (copy, i == index
                                            ? json_node_ref (replacement)
                                            : json_node_copy (json_array_get_element (array, i)));
          json_node_set_array (node, copy);
        }
    }
  else if (replacement == NULL)
    {
      g_assert_true (json_object_has_member (json_node_get_object (node), parts[n - 1]));
      json_object_remove_member (json_node_get_object (node), parts[n - 1]);
    }
  else
    json_object_set_member (json_node_get_object (node), parts[n - 1],
                            json_node_ref (replacement));

  g_clear_pointer (&replacement, json_node_unref);
}

/* One change to a stored record and what it must be refused with. */
typedef struct
{
  const char         *name;
  guint               base;     /* AUDIT_… or AGREEMENT */
  const char         *path;
  const char         *value;    /* JSON; NULL removes the member */
  const char         *path2;    /* a second change, or NULL */
  const char         *value2;
  AssayValidateError  code;
  const char         *message;  /* a part of the message: the field and what is wrong */
} Mutation;

#define REMOVE NULL
#define MODERATOR_A "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\""

static const Mutation mutations[] = {
  /* criteria the framework version lacks */
  { "unknown-criterion", AUDIT_FINISHED, "grades.z9", "{\"grade\": \"gold\"}", NULL, NULL,
    ASSAY_VALIDATE_ERROR_UNKNOWN_CRITERION, "grades: framework tiny 1.0 has no criterion “z9”" },
  { "unknown-criterion-format-2", AUDIT_IN_CARE, "grades.C9", "{\"evidence\": \"x\"}", NULL, NULL,
    ASSAY_VALIDATE_ERROR_UNKNOWN_CRITERION, "framework tiny-statutory 2.0 has no criterion “C9”" },
  /* Text the sender chose is quoted harmless: no escape sequence reaches
   * the terminal, and no megabyte of it either. */
  { "unknown-criterion-escape", AUDIT_FINISHED, "grades.\x1b[2Jz9", "{}", NULL, NULL,
    ASSAY_VALIDATE_ERROR_UNKNOWN_CRITERION, "has no criterion “\xef\xbf\xbd[2Jz9”" },
  { "unknown-criterion-long", AUDIT_FINISHED,
    "grades.zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
    "{}", NULL, NULL, ASSAY_VALIDATE_ERROR_UNKNOWN_CRITERION,
    "“zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz…”" },
  { "unknown-section", AUDIT_FINISHED, "sections", "[{\"id\": \"S9\", \"grade\": \"silver\"}]",
    NULL, NULL, ASSAY_VALIDATE_ERROR_UNKNOWN_CRITERION, "has no section “S9”" },

  /* grade tokens */
  { "bad-token", AUDIT_FINISHED, "grades.c2.grade", "\"platinum\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_BAD_GRADE, "criterion c2 of section S3: grade “platinum” is not a grade" },
  { "bad-token-draft", AUDIT_DRAFT, "grades.a1.grade", "\"excellent\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_BAD_GRADE, "criterion a1 of section S1: grade “excellent” is not a grade" },
  { "loose-spelling", AUDIT_FINISHED, "grades.a1.grade", "\"Silver\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_BAD_GRADE, "grade “Silver” is not a grade" },
  { "grade-not-allowed", AUDIT_FINISHED, "grades.c2.grade", "\"gold\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_BAD_GRADE,
    "criterion c2 of section S3: grade “gold” is not one it allows (silver, not-yet-bronze)" },
  { "na-not-allowed", AUDIT_FINISHED, "grades.a1.grade", "\"n/a\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_BAD_GRADE,
    "criterion a1 of section S1: N/A is not allowed for this criterion" },
  { "na-child-in-care", AUDIT_IN_CARE, "grades.c2.grade", "\"n/a\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_BAD_GRADE,
    "criterion c2 of section S3: N/A is not allowed, the case is a child in care" },
  { "na-year-9", AUDIT_IN_CARE, "grades.b2.grade", "\"n/a\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_BAD_GRADE,
    "criterion b2 of section S2: N/A is not allowed, the young person is in Year 9 or above" },
  /* The case snapshot decides: the young child's N/A becomes wrong once
   * the snapshot says the child is in care. */
  { "na-snapshot-changed", AUDIT_YOUNG, "case_snapshot.child_in_care", "true", NULL, NULL,
    ASSAY_VALIDATE_ERROR_BAD_GRADE, "criterion c2 of section S3: N/A is not allowed" },
  { "pending-override-grade", AUDIT_DRAFT, "pending_override.grade", "\"n/a\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_BAD_GRADE, "pending_override: grade “n/a” is not gold" },
  { "final-not-a-grade", AUDIT_FINISHED, "overall.final", "\"best\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_BAD_GRADE, "overall: final grade “best” is not a grade" },
  { "final-overridden-na", AUDIT_OVERRIDDEN, "overall.final", "\"n/a\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_BAD_GRADE, "overall: final grade n/a overrides the derived silver" },

  /* a finished audit fully graded */
  { "finished-ungraded", AUDIT_FINISHED, "grades.a2", REMOVE, "grades.b1", REMOVE,
    ASSAY_VALIDATE_ERROR_INCOMPLETE, "finished but criteria a2, b1 ungraded" },
  { "finished-evidence-only", AUDIT_IN_CARE, "grades.a2", "{\"evidence\": \"Quantified\"}",
    NULL, NULL, ASSAY_VALIDATE_ERROR_INCOMPLETE, "finished but criterion a2 ungraded" },
  { "finished-line-open", AUDIT_VISIT, "lines.1.delivered", REMOVE, NULL, NULL,
    ASSAY_VALIDATE_ERROR_INCOMPLETE, "finished but provision line 2 has no delivery recorded" },
  { "finished-no-lines", AUDIT_VISIT, "lines", "[]", NULL, NULL,
    ASSAY_VALIDATE_ERROR_INCOMPLETE, "finished with no provision line recorded" },
  { "moderated-ungraded", AUDIT_FINISHED, "status", "\"moderated\"", "grades.a1", REMOVE,
    ASSAY_VALIDATE_ERROR_INCOMPLETE, "finished but criterion a1 ungraded" },

  /* stored grades the rule does not give */
  { "derived-altered", AUDIT_FINISHED, "overall.derived", "\"gold\"", "overall.final", "\"gold\"",
    ASSAY_VALIDATE_ERROR_WRONG_GRADE, "overall: derived grade gold, recomputed silver" },
  { "derived-uncapped", AUDIT_VISIT, "overall.derived", "\"gold\"", "overall.final", "\"gold\"",
    ASSAY_VALIDATE_ERROR_WRONG_GRADE, "overall: derived grade gold, recomputed bronze" },
  { "derived-altered-format-2", AUDIT_IN_CARE, "overall.derived", "\"bronze\"",
    "overall.final", "\"bronze\"",
    ASSAY_VALIDATE_ERROR_WRONG_GRADE, "overall: derived grade bronze, recomputed silver" },
  { "grade-changed-after-finish", AUDIT_FINISHED, "grades.a1.grade", "\"not-yet-bronze\"",
    NULL, NULL, ASSAY_VALIDATE_ERROR_WRONG_GRADE, "derived grade silver, recomputed" },
  { "section-altered", AUDIT_FINISHED, "sections",
    "[{\"id\": \"S1\", \"grade\": \"silver\"}, {\"id\": \"S2\", \"grade\": \"bronze\"}]",
    NULL, NULL, ASSAY_VALIDATE_ERROR_WRONG_GRADE, "section S2: grade bronze, recomputed silver" },
  { "section-na-altered", AUDIT_YOUNG, "sections", "[{\"id\": \"S3\", \"grade\": \"gold\"}]",
    NULL, NULL, ASSAY_VALIDATE_ERROR_WRONG_GRADE, "section S3: grade gold, recomputed n/a" },

  /* members of the wrong type */
  { "grades-array", AUDIT_FINISHED, "grades", "[]", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “grades” is not an object" },
  { "status-number", AUDIT_FINISHED, "status", "3", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “status” is not a string" },
  { "blind-string", AUDIT_DRAFT, "blind", "\"yes\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “blind” is not true or false" },
  { "grade-entry-string", AUDIT_FINISHED, "grades.a1", "\"gold\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "grades: criterion a1 of section S1 is not an object" },
  { "evidence-number", AUDIT_DRAFT, "grades.c1.evidence", "5", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "criterion c1 of section S3: member “evidence” is not a string" },
  { "snapshot-string", AUDIT_IN_CARE, "case_snapshot.child_in_care", "\"yes\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "case_snapshot: member “child_in_care” is not true or false" },
  { "overall-string", AUDIT_FINISHED, "overall", "\"silver\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “overall” is not an object" },
  { "event-number", AUDIT_FINISHED, "events.0.event", "1", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "event 1: member “event” is not a string" },
  { "status-unknown", AUDIT_FINISHED, "status", "\"done\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “status”: “done” is not draft" },
  { "version-not-a-version", AUDIT_FINISHED, "framework_version", "\"one\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “framework_version”: “one” is not a version" },

  /* members missing */
  { "no-framework-version", AUDIT_FINISHED, "framework_version", REMOVE, NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “framework_version” is missing" },
  { "no-framework", AUDIT_DRAFT, "framework", "null", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “framework” is missing" },
  { "no-grades", AUDIT_DRAFT, "grades", REMOVE, NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “grades” is missing" },
  { "no-status", AUDIT_FINISHED, "status", REMOVE, NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “status” is missing" },
  { "no-case", AUDIT_FINISHED, "case", REMOVE, NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “case” is missing" },
  { "blank-case", AUDIT_FINISHED, "case", "\"  \"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “case” is empty" },
  { "finished-no-overall", AUDIT_FINISHED, "overall", REMOVE, NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “overall” is missing" },
  { "no-final", AUDIT_FINISHED, "overall.final", REMOVE, NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "overall: member “final” is missing" },
  { "no-moderator-id", AUDIT_DRAFT, "moderator_id", REMOVE, NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “moderator_id” is missing" },
  { "action-no-owner", AUDIT_OVERRIDDEN, "actions.0.owner", REMOVE, NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "action 1: member “owner” is missing" },

  /* the record's id and author */
  { "id-mismatch", AUDIT_FINISHED, "id", "\"5d0e0c1a-0000-4000-8000-000000000000\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MISMATCH,
    "member “id” is 5d0e0c1a-0000-4000-8000-000000000000, not the record’s id" },
  { "moderator-forged", AUDIT_FINISHED, "moderator_id", MODERATOR_A, NULL, NULL,
    ASSAY_VALIDATE_ERROR_MISMATCH, "member “moderator_id” names another identity" },

  /* overrides */
  { "override-no-reason", AUDIT_OVERRIDDEN, "overall.reason", "null", NULL, NULL,
    ASSAY_VALIDATE_ERROR_REASON_REQUIRED,
    "overall: final grade gold overrides the derived silver with no reason" },
  { "override-blank-reason", AUDIT_OVERRIDDEN, "overall.reason", "\" \"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_REASON_REQUIRED, "with no reason" },
  { "override-added", AUDIT_FINISHED, "overall.final", "\"bronze\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_REASON_REQUIRED,
    "overall: final grade bronze overrides the derived silver with no reason" },
  { "override-reason-number", AUDIT_OVERRIDDEN, "overall.reason", "7", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "overall: member “reason” is not a string" },

  /* provision lines */
  { "line-delivered-token", AUDIT_VISIT, "lines.0.delivered", "\"mostly\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED,
    "provision line 1: delivered “mostly” is not yes, partly or no" },
  { "line-no-text", AUDIT_VISIT, "lines.0.text", REMOVE, NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "provision line 1: member “text” is missing" },
  { "line-no-id", AUDIT_VISIT_DRAFT, "lines.0.id", "\"\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "provision line 1: member “id” is empty" },
  { "line-same-id", AUDIT_VISIT, "lines.0.id", "\"L\"", "lines.1.id", "\"L\"",
    ASSAY_VALIDATE_ERROR_MALFORMED, "provision line 2: its id L is another line’s too" },
  { "line-not-object", AUDIT_VISIT, "lines.1", "\"Daily TA\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "provision line 2 is not an object" },
  { "line-observed-number", AUDIT_VISIT, "lines.0.observed", "30", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "provision line 1: member “observed” is not a string" },
  { "lines-not-array", AUDIT_VISIT_DRAFT, "lines", "{}", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “lines” is not an array" },
  { "lines-without-provision", AUDIT_FINISHED, "lines", "[{\"id\": \"x\", \"text\": \"SALT\"}]",
    NULL, NULL, ASSAY_VALIDATE_ERROR_MALFORMED,
    "member “lines”: framework tiny 1.0 has no provision lines" },

  /* agreements */
  { "agreement-bad-grade", AGREEMENT, "grade", "\"platinum\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_BAD_GRADE, "member “grade”: “platinum” is not gold" },
  { "agreement-na", AGREEMENT, "grade", "\"n/a\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_BAD_GRADE, "member “grade”: “n/a” is not gold" },
  { "agreement-no-grade", AGREEMENT, "grade", REMOVE, NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “grade” is missing" },
  { "agreement-no-reason", AGREEMENT, "reason", REMOVE, NULL, NULL,
    ASSAY_VALIDATE_ERROR_REASON_REQUIRED, "member “reason”: an agreed grade needs" },
  { "agreement-blank-reason", AGREEMENT, "reason", "\"\"", NULL, NULL,
    ASSAY_VALIDATE_ERROR_REASON_REQUIRED, "member “reason”" },
  { "agreement-no-case", AGREEMENT, "case", REMOVE, NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “case” is missing" },
  { "agreement-framework-number", AGREEMENT, "framework", "3", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “framework” is not a string" },
  { "agreement-chair-forged", AGREEMENT, "chair_id", MODERATOR_A, NULL, NULL,
    ASSAY_VALIDATE_ERROR_MISMATCH, "member “chair_id” names another identity" },
  { "agreement-audits", AGREEMENT, "audits", "[1]", NULL, NULL,
    ASSAY_VALIDATE_ERROR_MALFORMED, "member “audits”: entry 1 is not an audit id" },
};

/* Every audit and agreement as the API stored it passes. */
static void
test_stored_records_pass (gconstpointer data)
{
  Fixture *f = &shared;
  g_autoptr(GPtrArray) missing =
    g_ptr_array_new_with_free_func ((GDestroyNotify) assay_missing_framework_free);

  for (guint i = 0; i <= AGREEMENT; i++)
    {
      g_autoptr(AssayRecord) record = load (f, i);
      g_autoptr(GError) error = NULL;

      g_test_message ("record %u (%s)", i, case_refs[i]);
      g_assert_true (assay_validate_record (f->env.frameworks, record, missing, &error));
      g_assert_no_error (error);
    }

  g_assert_cmpuint (missing->len, ==, 0);
}

/* What a payload may hold that no audit here writes but that is right:
 * its own id, section grades equal to the rule's, members a newer Assay
 * adds. (A reopened audit's stale overall grade is in the stored records:
 * AUDIT_REOPENED was regraded to bronze after finishing silver.) */
static void
test_consistent_extras_pass (gconstpointer data)
{
  static const struct { guint base; const char *path; const char *value; } extras[] = {
    { AUDIT_FINISHED, "sections",
      "[{\"id\": \"S1\", \"grade\": \"silver\"}, {\"id\": \"S2\", \"grade\": \"silver\"},"
      " {\"id\": \"S3\", \"grade\": \"silver\"}]" },
    { AUDIT_YOUNG, "sections", "[{\"id\": \"S3\", \"grade\": \"n/a\"}]" },
    { AUDIT_DRAFT, "sections", "[{\"id\": \"S3\", \"grade\": null}]" },
    { AUDIT_DRAFT, "unknown_future_member", "{\"anything\": [1, 2]}" },
    { AUDIT_FINISHED, "grades.a1.grade", "\"silver\"" },
    { AUDIT_FINISHED, "id", NULL },  /* the record's own id */
  };
  Fixture *f = &shared;

  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    {
      g_autoptr(AssayRecord) record = load (f, extras[i].base);
      g_autoptr(JsonNode) root = parse_payload (record);
      g_autoptr(AssayRecord) changed = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *own_id = g_strdup_printf ("\"%s\"", record->id);
      const char *value = extras[i].value != NULL ? extras[i].value : own_id;

      mutate (root, extras[i].path, value);
      changed = with_root (record, root);
      g_test_message ("%s = %s", extras[i].path, value);
      g_assert_true (assay_audit_validate_record (f->env.frameworks, changed, NULL, &error));
      g_assert_no_error (error);
    }
}

static void
test_mutation (gconstpointer data)
{
  Fixture *f = &shared;
  const Mutation *mutation = data;
  g_autoptr(AssayRecord) record = load (f, mutation->base);
  g_autoptr(JsonNode) root = parse_payload (record);
  g_autoptr(AssayRecord) changed = NULL;
  g_autoptr(GPtrArray) missing =
    g_ptr_array_new_with_free_func ((GDestroyNotify) assay_missing_framework_free);
  g_autoptr(GError) error = NULL;

  /* Unchanged, it passes: the change alone is refused. */
  g_assert_true (assay_validate_record (f->env.frameworks, record, missing, &error));
  g_assert_no_error (error);

  mutate (root, mutation->path, mutation->value);
  if (mutation->path2 != NULL)
    mutate (root, mutation->path2, mutation->value2);
  changed = with_root (record, root);

  g_assert_false (assay_validate_record (f->env.frameworks, changed, missing, &error));
  g_assert_error (error, ASSAY_VALIDATE_ERROR, (int) mutation->code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, mutation->message));
  g_assert_nonnull (strstr (error->message, record->id));
  if (!g_str_equal (mutation->path, "case"))
    g_assert_nonnull (strstr (error->message, case_refs[mutation->base]));
  g_assert_cmpint (assay_error_get_exit_code (error), ==, ASSAY_EXIT_REJECTED);
  g_assert_cmpuint (missing->len, ==, 0);
}

/* An audit made with a framework version not installed here cannot be
 * checked against it: it passes and is counted as missing, as the import
 * counts it today. What can be checked without the framework still is. */
static void
test_missing_framework (gconstpointer data)
{
  Fixture *f = &shared;
  static const struct { const char *path; const char *value; const char *version; } cases[] = {
    { "framework_version", "\"9.9\"", "9.9" },
    { "framework_digest", "\"0000\"", "1.0" },  /* same version, other content */
  };
  const AssayMissingFramework *entry;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AssayRecord) record = load (f, AUDIT_FINISHED);
      g_autoptr(JsonNode) root = parse_payload (record);
      g_autoptr(AssayRecord) changed = NULL;
      g_autoptr(GPtrArray) missing =
        g_ptr_array_new_with_free_func ((GDestroyNotify) assay_missing_framework_free);
      g_autoptr(GError) error = NULL;

      mutate (root, cases[i].path, cases[i].value);
      /* Nothing the framework would be needed for is checked... */
      mutate (root, "grades.z9", "{\"grade\": \"gold\"}");
      changed = with_root (record, root);

      g_assert_true (assay_audit_validate_record (f->env.frameworks, changed, missing, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (missing->len, ==, 1);
      entry = missing->pdata[0];
      g_assert_cmpstr (entry->framework, ==, "tiny");
      g_assert_cmpstr (entry->version, ==, cases[i].version);
      g_assert_cmpuint (entry->n_audits, ==, 1);

      /* ...but a grade token that is no grade is refused all the same. */
      g_clear_pointer (&changed, assay_record_free);
      mutate (root, "grades.z9.grade", "\"platinum\"");
      changed = with_root (record, root);
      g_assert_false (assay_audit_validate_record (f->env.frameworks, changed, missing, &error));
      g_assert_error (error, ASSAY_VALIDATE_ERROR, ASSAY_VALIDATE_ERROR_BAD_GRADE);
      g_assert_nonnull (strstr (error->message, "criterion z9: grade “platinum” is not a grade"));
      g_assert_cmpuint (missing->len, ==, 1);
    }
}

/* A payload that is not an audit at all, or a record of another kind. */
static void
test_not_an_audit (gconstpointer data)
{
  Fixture *f = &shared;
  static const char * const payloads[] = { "not json", "[1, 2]", "\"audit\"", "" };
  g_autoptr(AssayRecord) record = load (f, AUDIT_FINISHED);
  g_autoptr(AssayRecord) agreement = load (f, AGREEMENT);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      g_autoptr(GBytes) payload = g_bytes_new_static (payloads[i], strlen (payloads[i]));
      g_autoptr(AssayRecord) changed = with_payload (record, payload);

      g_assert_false (assay_validate_record (f->env.frameworks, changed, NULL, &error));
      g_assert_error (error, ASSAY_VALIDATE_ERROR, ASSAY_VALIDATE_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, record->id));
      g_assert_nonnull (strstr (error->message, "the payload is not a JSON object"));
      g_assert_cmpint (assay_error_get_exit_code (error), ==, ASSAY_EXIT_REJECTED);
      g_clear_error (&error);
    }

  /* An agreement is no audit, nor the other way round. */
  g_assert_false (assay_audit_validate_record (f->env.frameworks, agreement, NULL, &error));
  g_assert_error (error, ASSAY_VALIDATE_ERROR, ASSAY_VALIDATE_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "collection “agreements”, not “audits”"));
  g_clear_error (&error);
  g_assert_false (assay_agreement_validate_record (record, &error));
  g_assert_error (error, ASSAY_VALIDATE_ERROR, ASSAY_VALIDATE_ERROR_MALFORMED);
  g_clear_error (&error);

  /* Other collections have no rules here. */
  {
    g_autoptr(AssayRecord) other = assay_record_copy (record);

    g_free (other->collection);
    other->collection = g_strdup ("samples");
    g_assert_true (assay_validate_record (f->env.frameworks, other, NULL, &error));
    g_assert_no_error (error);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/audit-validate/stored-records-pass", NULL, test_stored_records_pass);
  g_test_add_data_func ("/audit-validate/consistent-extras-pass", NULL,
                        test_consistent_extras_pass);
  g_test_add_data_func ("/audit-validate/missing-framework", NULL, test_missing_framework);
  g_test_add_data_func ("/audit-validate/not-an-audit", NULL, test_not_an_audit);

  for (guint i = 0; i < G_N_ELEMENTS (mutations); i++)
    {
      g_autofree char *path = g_strdup_printf ("/audit-validate/refused/%s", mutations[i].name);

      g_test_add_data_func (path, &mutations[i], test_mutation);
    }

  /* Every test only reads the stored records and changes copies of them,
   * so they are made once, not once for each of the seventy cases. */
  fixture_set_up (&shared);
  status = g_test_run ();
  fixture_tear_down (&shared);

  return status;
}
