/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-audit.h"
#include "assay-caseload.h"
#include "assay-test-util.h"

/* A folder with a vault, its store and tiny.json: the shared test environment. */
typedef AssayTestEnv Fixture;

static void
set_grade (AssayAudit *audit,
           const char *criterion,
           AssayGrade  grade,
           const char *evidence)
{
  g_autoptr(GError) error = NULL;

  assay_audit_set_grade (audit, criterion, grade, evidence, &error);
  g_assert_no_error (error);
}

static void
grade_all (AssayAudit *audit)
{
  set_grade (audit, "a1", ASSAY_GRADE_NOT_YET_BRONZE, "F says “access to SALT”");
  set_grade (audit, "a2", ASSAY_GRADE_GOLD, NULL);
  set_grade (audit, "b1", ASSAY_GRADE_GOLD, NULL);
  set_grade (audit, "b2", ASSAY_GRADE_GOLD, NULL);
  set_grade (audit, "c1", ASSAY_GRADE_GOLD, NULL);
  set_grade (audit, "c2", ASSAY_GRADE_SILVER, NULL);
}

static void
test_audit_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(AssayAudit) again = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(AssayDatabase) database = NULL;
  const char *evidence = NULL;

  audit = assay_audit_create (f->store, f->tiny, "  EHC-2025-0042 ", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 1);
  g_assert_cmpstr (assay_audit_get_case (audit), ==, "EHC-2025-0042");
  g_assert_cmpstr (assay_audit_get_moderator (audit), ==, "Test Moderator");
  g_assert_cmpstr (assay_audit_get_agency (audit), ==, "Education");
  g_assert_cmpint (assay_audit_get_status (audit), ==, ASSAY_AUDIT_STATUS_DRAFT);

  /* Every change is its own revision, saved at once. */
  grade_all (audit);
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 7);
  g_assert_cmpuint (assay_audit_get_stamp (audit), >, 0);
  g_assert_true (assay_audit_set_text (audit, ASSAY_AUDIT_STRENGTHS,
                                       "The child's voice is vivid in section A", &error));
  g_assert_true (assay_audit_add_action (audit, "Rewrite F with quantified provision",
                                         "Caseworker", "2026-12-01", &error));
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 9);

  /* Read back through a fresh vault on the same file. */
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  database = assay_database_open (f->path, &error);
  g_assert_no_error (error);
  f->vault = assay_vault_new (database);
  g_assert_true (assay_vault_unlock (f->vault, ASSAY_TEST_PASSPHRASE, &error));
  f->store = assay_store_new (f->vault);

  again = assay_audit_open (f->store, f->frameworks, assay_audit_get_id (audit), &error);
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_revision (again), ==, 9);
  g_assert_cmpint (assay_audit_get_grade (again, "a1", &evidence), ==, ASSAY_GRADE_NOT_YET_BRONZE);
  g_assert_cmpstr (evidence, ==, "F says “access to SALT”");
  g_assert_cmpint (assay_audit_get_grade (again, "c2", NULL), ==, ASSAY_GRADE_SILVER);
  g_assert_cmpstr (assay_audit_get_text (again, ASSAY_AUDIT_STRENGTHS), ==,
                   "The child's voice is vivid in section A");

  history = assay_store_history (f->store, "audits", assay_audit_get_id (again), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 9);

  /* Evidence, case reference and moderator are sealed. */
  g_assert_true (assay_database_checkpoint (database, &error));
  g_assert_false (assay_test_file_contains (f->path, "access to SALT", 14));
  g_assert_false (assay_test_file_contains (f->path, "EHC-2025-0042", 13));
  g_assert_false (assay_test_file_contains (f->path, "vivid", 5));
}

static void
test_audit_invalid_grades (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) audit = assay_audit_create (f->store, f->tiny, "A1", FALSE, &error);

  /* c2 is a yes/no check: only Silver or Not yet Bronze. */
  g_assert_false (assay_audit_set_grade (audit, "c2", ASSAY_GRADE_GOLD, NULL, &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "silver, not-yet-bronze, n/a"));
  g_clear_error (&error);

  /* a1 does not allow N/A. */
  g_assert_false (assay_audit_set_grade (audit, "a1", ASSAY_GRADE_NA, NULL, &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (assay_audit_set_grade (audit, "Z9", ASSAY_GRADE_GOLD, NULL, &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Z9"));
  g_clear_error (&error);

  /* Nothing was written by the refusals. */
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 1);

  g_assert_null (assay_audit_create (f->store, f->tiny, "   ", FALSE, &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID);
}

static void
test_audit_finish (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) audit = assay_audit_create (f->store, f->tiny, "A2", FALSE, &error);
  g_autoptr(AssayGrading) grading = NULL;
  const char *reason = NULL;
  gint64 revision;

  set_grade (audit, "a1", ASSAY_GRADE_SILVER, NULL);

  /* Not everything is graded. */
  g_assert_false (assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "5 criteria are not graded yet: a2, b1, b2, c1, c2"));
  g_clear_error (&error);

  grade_all (audit);
  grading = assay_audit_compute (audit);
  g_assert_cmpint (grading->derived, ==, ASSAY_GRADE_BRONZE);

  /* An override needs a reason; nothing changes without one. */
  revision = assay_audit_get_revision (audit);
  g_assert_false (assay_audit_finish (audit, ASSAY_GRADE_SILVER, "  ", &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_REASON_REQUIRED);
  g_clear_error (&error);
  g_assert_cmpint (assay_audit_get_revision (audit), ==, revision);
  g_assert_cmpint (assay_audit_get_status (audit), ==, ASSAY_AUDIT_STATUS_DRAFT);

  g_assert_true (assay_audit_finish (audit, ASSAY_GRADE_SILVER,
                                     "Section F was rewritten at the forum", &error));
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_status (audit), ==, ASSAY_AUDIT_STATUS_FINISHED);
  g_assert_cmpint (assay_audit_get_final (audit, &reason), ==, ASSAY_GRADE_SILVER);
  g_assert_cmpstr (reason, ==, "Section F was rewritten at the forum");

  /* Both grades are kept. */
  {
    g_autoptr(JsonNode) json = assay_audit_to_json (audit, TRUE);
    JsonObject *overall = json_object_get_object_member (json_node_get_object (json), "overall");

    g_assert_cmpstr (json_object_get_string_member (overall, "derived"), ==, "bronze");
    g_assert_cmpstr (json_object_get_string_member (overall, "final"), ==, "silver");
  }

  /* Finished is read-only. */
  g_assert_false (assay_audit_set_grade (audit, "a1", ASSAY_GRADE_GOLD, NULL, &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (assay_audit_set_text (audit, ASSAY_AUDIT_FEEDBACK, "late", &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* Reopening is explicit and recorded. */
  g_assert_false (assay_audit_reopen (audit, "", &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_REASON_REQUIRED);
  g_clear_error (&error);
  g_assert_true (assay_audit_reopen (audit, "Evidence for C was missed", &error));
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_status (audit), ==, ASSAY_AUDIT_STATUS_DRAFT);
  set_grade (audit, "a1", ASSAY_GRADE_BRONZE, NULL);
  {
    g_autoptr(JsonNode) json = assay_audit_to_json (audit, TRUE);
    JsonArray *events = json_object_get_array_member (json_node_get_object (json), "events");

    g_assert_cmpuint (json_array_get_length (events), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 1),
                                                    "event"), ==, "reopened");
  }
}

static void
test_audit_pending_override (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) audit = assay_audit_create (f->store, f->tiny, "A4", FALSE, &error);
  g_autoptr(AssayAudit) again = NULL;
  const char *reason = NULL;
  gint64 revision;

  grade_all (audit);
  g_assert_true (assay_audit_set_pending_override (audit, ASSAY_GRADE_SILVER,
                                                   "F was rewritten", &error));
  g_assert_no_error (error);

  /* Saying the same again writes nothing. */
  revision = assay_audit_get_revision (audit);
  g_assert_true (assay_audit_set_pending_override (audit, ASSAY_GRADE_SILVER,
                                                   "F was rewritten", &error));
  g_assert_cmpint (assay_audit_get_revision (audit), ==, revision);

  /* It is stored, so a reopened audit still has it... */
  again = assay_audit_open (f->store, f->frameworks, assay_audit_get_id (audit), &error);
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_pending_override (again, &reason), ==, ASSAY_GRADE_SILVER);
  g_assert_cmpstr (reason, ==, "F was rewritten");

  /* ...finishing uses what it is given and clears the pending one. */
  g_assert_true (assay_audit_finish (again, ASSAY_GRADE_SILVER, reason, &error));
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_pending_override (again, NULL), ==, ASSAY_GRADE_NONE);
  g_assert_cmpint (assay_audit_get_final (again, NULL), ==, ASSAY_GRADE_SILVER);

  /* A finished audit takes no pending override. */
  g_assert_false (assay_audit_set_pending_override (again, ASSAY_GRADE_GOLD, "x", &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_READ_ONLY);
}

static void
test_audit_finish_derived (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) audit = assay_audit_create (f->store, f->tiny, "A3", TRUE, &error);

  grade_all (audit);
  /* Overriding to the derived grade is no override, and needs no reason. */
  g_assert_true (assay_audit_finish (audit, ASSAY_GRADE_BRONZE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_final (audit, NULL), ==, ASSAY_GRADE_BRONZE);
  g_assert_true (assay_audit_get_blind (audit));
}

static void
test_audit_open_by_prefix (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) a = assay_audit_create (f->store, f->tiny, "B1", FALSE, &error);
  g_autoptr(AssayAudit) b = assay_audit_create (f->store, f->tiny, "B2", FALSE, &error);
  g_autoptr(AssayAudit) found = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *prefix = g_strndup (assay_audit_get_id (a), 8);

  g_assert_cmpstr (assay_audit_get_id (a), !=, assay_audit_get_id (b));

  found = assay_audit_open (f->store, f->frameworks, prefix, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (assay_audit_get_id (found), ==, assay_audit_get_id (a));
  g_clear_object (&found);

  /* The empty prefix fits both. */
  g_assert_null (assay_audit_open (f->store, f->frameworks, "", &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (assay_audit_open (f->store, f->frameworks, "zzzzzzzz", &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  list = assay_audit_list (f->store, f->frameworks, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (assay_audit_get_case (list->pdata[0]), ==, "B1");
}

static void
test_audit_actions (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) audit = NULL;
  const char *what, *owner, *due;

  audit = assay_audit_create (f->store, f->tiny, "C1", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assay_audit_get_n_actions (audit), ==, 0);
  g_assert_false (assay_audit_get_action (audit, 0, &what, &owner, &due));
  g_assert_null (what);

  g_assert_true (assay_audit_add_action (audit, "Quantify F", "Caseworker", "2026-05-01", &error));
  g_assert_true (assay_audit_add_action (audit, "Add the CYP's voice", "SENCO", NULL, &error));
  g_assert_true (assay_audit_add_action (audit, "Date the advice", "EP", "2026-06-01", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (assay_audit_get_n_actions (audit), ==, 3);

  g_assert_true (assay_audit_remove_action (audit, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (assay_audit_get_n_actions (audit), ==, 2);
  g_assert_true (assay_audit_get_action (audit, 1, &what, &owner, &due));
  g_assert_cmpstr (what, ==, "Date the advice");
  g_assert_cmpstr (owner, ==, "EP");
  g_assert_cmpstr (due, ==, "2026-06-01");

  g_assert_false (assay_audit_remove_action (audit, 2, &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 5);
  g_assert_nonnull (assay_audit_get_updated (audit));
  g_assert_null (assay_audit_get_finished (audit));

  /* Finished, the list is part of the record and stays as it is. */
  grade_all (audit);
  g_assert_true (assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error));
  g_assert_nonnull (assay_audit_get_finished (audit));
  g_assert_false (assay_audit_remove_action (audit, 0, &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_READ_ONLY);
}

static void
test_audit_duplicate (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(AssayAudit) copy = NULL;
  g_autoptr(AssayAudit) reread = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) history = NULL;
  const char *evidence = NULL;

  audit = assay_audit_create (f->store, f->tiny, "EHC-7", TRUE, &error);
  g_assert_no_error (error);
  grade_all (audit);
  g_assert_true (assay_audit_set_text (audit, ASSAY_AUDIT_FEEDBACK, "Thank you", &error));
  g_assert_true (assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error));
  g_assert_no_error (error);

  /* A finished audit may be copied: the copy is a fresh draft. */
  copy = assay_audit_duplicate (audit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  g_assert_cmpstr (assay_audit_get_id (copy), !=, assay_audit_get_id (audit));
  g_assert_cmpint (assay_audit_get_status (copy), ==, ASSAY_AUDIT_STATUS_DRAFT);
  g_assert_cmpstr (assay_audit_get_case (copy), ==, "EHC-7");
  g_assert_true (assay_audit_get_blind (copy));
  g_assert_true (assay_audit_get_framework (copy) == f->tiny);
  g_assert_cmpint (assay_audit_get_final (copy, NULL), ==, ASSAY_GRADE_NONE);
  g_assert_null (assay_audit_get_text (copy, ASSAY_AUDIT_FEEDBACK));

  reread = assay_audit_open (f->store, f->frameworks, assay_audit_get_id (copy), &error);
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_grade (reread, "a1", &evidence), ==,
                   ASSAY_GRADE_NOT_YET_BRONZE);
  g_assert_cmpstr (evidence, ==, "F says “access to SALT”");
  g_assert_cmpint (assay_audit_get_grade (reread, "c2", NULL), ==, ASSAY_GRADE_SILVER);
  {
    g_autoptr(AssayGrading) grading = assay_audit_compute (reread);

    g_assert_true (grading->complete);
  }

  history = assay_store_history (f->store, "audits", assay_audit_get_id (copy), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);

  /* A draft can be deleted, a finished audit cannot. */
  g_assert_false (assay_audit_delete (audit, &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_true (assay_audit_delete (reread, &error));
  g_assert_no_error (error);

  list = assay_audit_list (f->store, f->frameworks, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (assay_audit_get_id (list->pdata[0]), ==, assay_audit_get_id (audit));
}

static void
test_audit_locked (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  assay_vault_lock (f->vault);
  g_assert_null (assay_audit_create (f->store, f->tiny, "C1", FALSE, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
}

static AssayFramework *
load_framework (Fixture    *f,
                const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks", name,
                                                 NULL);
  g_autoptr(GError) error = NULL;
  AssayFramework *framework = assay_framework_new_from_file (path, &error);

  g_assert_no_error (error);
  assay_frameworks_add (f->frameworks, framework);

  return framework;
}

static void
import_caseload (Fixture    *f,
                 const char *csv)
{
  g_autofree char *path = g_build_filename (f->dir, "caseload.csv", NULL);
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  g_assert_true (assay_caseload_import (f->store, path, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->rejected->len, ==, 0);
}

/* The facts of the case the rules depend on are kept with the audit when it
 * starts: N/A is refused for the virtual school's contribution when the
 * child is in care, and for preparation for adulthood from Year 9, and a
 * later caseload saying otherwise does not change an audit already begun. */
static void
test_audit_case_snapshot (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(AssayFramework) statutory = load_framework (f, "statutory.json");
  g_autoptr(AssayAudit) in_care = NULL;
  g_autoptr(AssayAudit) young = NULL;
  g_autoptr(AssayAudit) reopened = NULL;
  g_autoptr(GError) error = NULL;

  import_caseload (f, "case_ref,phase,child_in_care\n"
                      "EHC-1,post-16,yes\n"
                      "EHC-2,primary,no\n");

  in_care = assay_audit_create (f->store, statutory, "EHC-1", FALSE, &error);
  g_assert_no_error (error);
  young = assay_audit_create (f->store, statutory, "EHC-2", FALSE, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (assay_audit_get_case_conditions (in_care), ==,
                    ASSAY_CASE_CHILD_IN_CARE | ASSAY_CASE_YEAR_9_PLUS);
  g_assert_cmpuint (assay_audit_get_case_conditions (young), ==, 0);

  g_assert_false (assay_audit_set_grade (in_care, "c2", ASSAY_GRADE_NA, NULL, &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "child in care"));
  g_clear_error (&error);
  g_assert_false (assay_audit_set_grade (in_care, "b2", ASSAY_GRADE_NA, NULL, &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Year 9"));
  g_clear_error (&error);
  /* A criterion that may be N/A for anyone still may. */
  set_grade (in_care, "c1", ASSAY_GRADE_NA, NULL);

  set_grade (young, "c2", ASSAY_GRADE_NA, NULL);
  set_grade (young, "b2", ASSAY_GRADE_NA, NULL);

  /* The caseload changes; the audit keeps what it started with. */
  import_caseload (f, "case_ref,phase,child_in_care\nEHC-1,primary,no\n");
  reopened = assay_audit_open (f->store, f->frameworks, assay_audit_get_id (in_care), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assay_audit_get_case_conditions (reopened), ==,
                    ASSAY_CASE_CHILD_IN_CARE | ASSAY_CASE_YEAR_9_PLUS);
  g_assert_false (assay_audit_set_grade (reopened, "c2", ASSAY_GRADE_NA, NULL, &error));
  g_clear_error (&error);

  {
    g_autoptr(JsonNode) json = assay_audit_to_json (reopened, TRUE);
    JsonObject *snapshot = json_object_get_object_member (json_node_get_object (json),
                                                          "case_snapshot");

    g_assert_true (json_object_get_boolean_member (snapshot, "child_in_care"));
    g_assert_cmpstr (json_object_get_string_member (snapshot, "phase"), ==, "post-16");
  }
}

/* The NC year or key stage from the council's export decides "from Year 9";
 * a phase that spans it (secondary) does not. */
static void
test_audit_case_year (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AssayFramework) statutory = load_framework (f, "statutory.json");
  static const struct { const char *case_ref; gboolean year_9_plus; } cases[] = {
    { "EHC-Y10", TRUE }, { "EHC-Y8", FALSE }, { "EHC-KS4", TRUE }, { "EHC-KS3", FALSE },
    { "EHC-SEC", FALSE }, { "EHC-FE", TRUE },
  };

  import_caseload (f, "Case Ref,NC Year,Key Stage,Phase\n"
                      "EHC-Y10,Year 10,,\n"
                      "EHC-Y8,Year 8,,\n"
                      "EHC-KS4,,KS4,\n"
                      "EHC-KS3,,KS3,\n"
                      "EHC-SEC,,,Secondary\n"
                      "EHC-FE,,,FE\n");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AssayAudit) audit = assay_audit_create (f->store, statutory, cases[i].case_ref,
                                                        FALSE, &error);

      g_assert_no_error (error);
      g_test_message ("%s", cases[i].case_ref);
      g_assert_cmpint ((assay_audit_get_case_conditions (audit) & ASSAY_CASE_YEAR_9_PLUS) != 0,
                       ==, cases[i].year_9_plus);
      g_assert_cmpint (assay_audit_set_grade (audit, "b2", ASSAY_GRADE_NA, NULL, NULL), ==,
                       !cases[i].year_9_plus);
    }
}

/* An audit finished under version 1.0 keeps its derived grade, its rule and
 * its framework's content when version 2.0 arrives, and even when another
 * file reuses version 1.0 for different content. */
static void
test_audit_version_stable (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *statutory_path = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                           "statutory.json", NULL);
  g_autoptr(AssayFramework) v2 = NULL;
  g_autoptr(AssayFramework) altered = NULL;
  g_autoptr(AssayFrameworks) only_altered = assay_frameworks_new ();
  g_autoptr(AssayAudit) old = NULL;
  g_autoptr(AssayAudit) reread = NULL;
  g_autoptr(AssayAudit) fresh = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = NULL;
  JsonObject *root;

  /* Version 1.0 (tiny.json, format 1): a1 at Bronze caps at Silver. */
  old = assay_audit_create (f->store, f->tiny, "EHC-9", FALSE, &error);
  g_assert_no_error (error);
  set_grade (old, "a1", ASSAY_GRADE_BRONZE, NULL);
  set_grade (old, "a2", ASSAY_GRADE_GOLD, NULL);
  set_grade (old, "b1", ASSAY_GRADE_GOLD, NULL);
  set_grade (old, "b2", ASSAY_GRADE_GOLD, NULL);
  set_grade (old, "c1", ASSAY_GRADE_GOLD, NULL);
  set_grade (old, "c2", ASSAY_GRADE_SILVER, NULL);
  g_assert_true (assay_audit_finish (old, ASSAY_GRADE_NONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_final (old, NULL), ==, ASSAY_GRADE_SILVER);

  /* Version 2.0 of the same framework, under the statutory rule. */
  json_parser_load_from_file (parser, statutory_path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_set_string_member (root, "id", "tiny");
  {
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autofree char *text = NULL;
    g_autoptr(GBytes) bytes = NULL;

    json_generator_set_root (generator, json_parser_get_root (parser));
    text = json_generator_to_data (generator, NULL);
    bytes = g_bytes_new (text, strlen (text));
    v2 = assay_framework_new_from_bytes (bytes, "tiny-2.json", &error);
    g_assert_no_error (error);

    /* And a file that wrongly reuses version 1.0 for it. */
    json_object_set_string_member (root, "version", "1.0");
    g_free (text);
    text = json_generator_to_data (generator, NULL);
    g_bytes_unref (bytes);
    bytes = g_bytes_new (text, strlen (text));
    altered = assay_framework_new_from_bytes (bytes, "tiny-altered.json", &error);
    g_assert_no_error (error);
  }
  assay_frameworks_add (f->frameworks, v2);

  reread = assay_audit_open (f->store, f->frameworks, assay_audit_get_id (old), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (assay_framework_get_version (assay_audit_get_framework (reread)), ==, "1.0");
  json = assay_audit_to_json (reread, FALSE);
  root = json_object_get_object_member (json_node_get_object (json), "overall");
  g_assert_cmpstr (json_object_get_string_member (root, "derived"), ==, "silver");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "rule"), ==,
                   "weighted-mean");
  g_clear_object (&reread);

  /* The same grades under 2.0 come out Bronze. */
  fresh = assay_audit_create (f->store, v2, "EHC-10", FALSE, &error);
  g_assert_no_error (error);
  set_grade (fresh, "a1", ASSAY_GRADE_BRONZE, NULL);
  set_grade (fresh, "a2", ASSAY_GRADE_GOLD, NULL);
  set_grade (fresh, "b1", ASSAY_GRADE_GOLD, NULL);
  set_grade (fresh, "b2", ASSAY_GRADE_GOLD, NULL);
  set_grade (fresh, "c1", ASSAY_GRADE_GOLD, NULL);
  set_grade (fresh, "c2", ASSAY_GRADE_SILVER, NULL);
  g_assert_true (assay_audit_finish (fresh, ASSAY_GRADE_NONE, NULL, &error));
  g_assert_cmpint (assay_audit_get_final (fresh, NULL), ==, ASSAY_GRADE_BRONZE);

  /* Another 1.0 replaces the original in the list, but the old audit still
   * reads the content it was graded under. */
  assay_frameworks_add (f->frameworks, altered);
  reread = assay_audit_open (f->store, f->frameworks, assay_audit_get_id (old), &error);
  g_assert_no_error (error);
  g_assert_true (assay_audit_get_framework (reread) == f->tiny);
  g_clear_object (&reread);

  /* Where only the altered file is installed, the audit is not regraded
   * under it: it is listed as needing its framework. */
  assay_frameworks_add (only_altered, altered);
  assay_frameworks_add (only_altered, v2);
  listed = assay_audit_list_readable (f->store, only_altered, &missing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpstr (((AssayMissingFramework *) missing->pdata[0])->version, ==, "1.0");
}

static void
add_line (AssayAudit *audit,
          const char *text,
          char      **id)
{
  g_autoptr(GError) error = NULL;

  *id = assay_audit_add_line (audit, text, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (*id));
}

/* A setting visit records each provision line of section F; it finishes only
 * with every line recorded, and a line not delivered makes it Not yet
 * Bronze. */
static void
test_audit_provision_lines (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AssayFramework) visit = load_framework (f, "visit-lines.json");
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(AssayAudit) plan = NULL;
  g_autoptr(AssayAudit) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autoptr(JsonNode) json = NULL;
  JsonArray *lines;
  AssayAuditLine line;

  audit = assay_audit_create (f->store, visit, "EHC-20", FALSE, &error);
  g_assert_no_error (error);
  set_grade (audit, "p1", ASSAY_GRADE_GOLD, NULL);
  set_grade (audit, "p2", ASSAY_GRADE_GOLD, NULL);

  /* No lines yet: not finished. */
  g_assert_false (assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INCOMPLETE);
  g_clear_error (&error);

  add_line (audit, "Speech and language therapy, 30 minutes weekly, by a SALT", &first);
  add_line (audit, "Small group literacy (4 pupils), 3 × 20 minutes a week, by a TA", &second);
  add_line (audit, "Social skills group, weekly", &third);
  g_assert_null (assay_audit_add_line (audit, "   ", &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (assay_audit_set_line (audit, first, ASSAY_DELIVERED_YES,
                                       "30 minutes weekly, seen in the timetable", "SALT",
                                       "Therapy notes", &error));
  /* By number, as `audit line set ID 2` does. */
  g_assert_true (assay_audit_set_line (audit, "2", ASSAY_DELIVERED_PARTLY,
                                       "2 × 20 minutes, not 3", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "1 provision line"));
  g_clear_error (&error);

  g_assert_false (assay_audit_set_line (audit, "7", ASSAY_DELIVERED_NO, NULL, NULL, NULL,
                                        &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The third is not delivered: the visit is Not yet Bronze, and says why. */
  g_assert_true (assay_audit_set_line (audit, third, ASSAY_DELIVERED_NO, NULL, NULL,
                                       "No record of the group since September", &error));
  {
    g_autoptr(AssayGrading) grading = assay_audit_compute (audit);

    g_assert_cmpint (grading->uncapped, ==, ASSAY_GRADE_GOLD);
    g_assert_cmpint (grading->derived, ==, ASSAY_GRADE_NOT_YET_BRONZE);
    g_assert_cmpuint (grading->limited_by_lines->len, ==, 2);
  }

  /* Removing a line leaves the others and their ids alone. */
  g_assert_true (assay_audit_remove_line (audit, third, &error));
  g_assert_cmpuint (assay_audit_get_n_lines (audit), ==, 2);
  g_assert_true (assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_final (audit, NULL), ==, ASSAY_GRADE_BRONZE);

  /* Through the encrypted store and back. */
  again = assay_audit_open (f->store, f->frameworks, assay_audit_get_id (audit), &error);
  g_assert_no_error (error);
  g_assert_true (assay_audit_get_line (again, 1, &line));
  g_assert_cmpstr (line.id, ==, second);
  g_assert_cmpint (line.delivered, ==, ASSAY_DELIVERED_PARTLY);
  g_assert_cmpstr (line.observed, ==, "2 × 20 minutes, not 3");
  json = assay_audit_to_json (again, TRUE);
  lines = json_object_get_array_member (json_node_get_object (json), "lines");
  g_assert_cmpuint (json_array_get_length (lines), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (lines, 0),
                                                  "delivered"), ==, "yes");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (lines, 0),
                                                  "evidence"), ==, "Therapy notes");

  /* Finished: lines are read-only like grades. */
  g_assert_null (assay_audit_add_line (again, "Another", &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* A plan audit has no provision lines. */
  plan = assay_audit_create (f->store, f->tiny, "EHC-21", FALSE, &error);
  g_assert_null (assay_audit_add_line (plan, "A line", &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID);
}

/* Undoing the removal of a line: it comes back where it was, with its id
 * and everything recorded, in one revision. */
static void
test_audit_restore_line (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AssayFramework) visit = load_framework (f, "visit-lines.json");
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(AssayAudit) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *text = NULL;
  g_autofree char *observed = NULL;
  g_autofree char *evidence = NULL;
  AssayAuditLine line, removed;
  gint64 revision;

  audit = assay_audit_create (f->store, visit, "EHC-22", FALSE, &error);
  g_assert_no_error (error);
  assay_test_audit_grade_all (audit, ASSAY_GRADE_GOLD, NULL);
  /* grade_all gave the visit a line of its own: start from none */
  g_assert_true (assay_audit_remove_line (audit, "1", &error));
  add_line (audit, "Speech and language therapy, 30 minutes weekly", &first);
  add_line (audit, "Small group literacy, 3 × 20 minutes a week", &second);
  add_line (audit, "Social skills group, weekly", &third);
  g_assert_true (assay_audit_set_line (audit, second, ASSAY_DELIVERED_NO, "None since May",
                                       NULL, "Intervention log", &error));
  g_assert_no_error (error);

  /* A copy of the line as it was: the audit's strings go with the removal */
  g_assert_true (assay_audit_get_line (audit, 1, &line));
  text = g_strdup (line.text);
  observed = g_strdup (line.observed);
  evidence = g_strdup (line.evidence);
  removed = (AssayAuditLine) { second, text, line.delivered, observed, NULL, evidence };
  g_assert_true (assay_audit_remove_line (audit, second, &error));

  /* Back in its place, as the same line */
  revision = assay_audit_get_revision (audit);
  g_assert_true (assay_audit_restore_line (audit, 1, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_revision (audit), ==, revision + 1);

  /* Not twice */
  g_assert_false (assay_audit_restore_line (audit, 0, &removed, &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID);
  g_clear_error (&error);

  again = assay_audit_open (f->store, f->frameworks, assay_audit_get_id (audit), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assay_audit_get_n_lines (again), ==, 3);
  g_assert_true (assay_audit_get_line (again, 0, &line));
  g_assert_cmpstr (line.id, ==, first);
  g_assert_true (assay_audit_get_line (again, 2, &line));
  g_assert_cmpstr (line.id, ==, third);
  g_assert_true (assay_audit_get_line (again, 1, &line));
  g_assert_cmpstr (line.id, ==, second);
  g_assert_cmpstr (line.text, ==, "Small group literacy, 3 × 20 minutes a week");
  g_assert_cmpint (line.delivered, ==, ASSAY_DELIVERED_NO);
  g_assert_cmpstr (line.observed, ==, "None since May");
  g_assert_null (line.staff);
  g_assert_cmpstr (line.evidence, ==, "Intervention log");
  {
    g_autoptr(AssayGrading) grading = assay_audit_compute (again);

    g_assert_cmpuint (grading->limited_by_lines->len, ==, 1);
    g_assert_cmpstr (grading->limited_by_lines->pdata[0], ==, second);
  }

  /* Past the end: the last line */
  g_assert_true (assay_audit_remove_line (audit, first, &error));
  removed = (AssayAuditLine) { first, "Speech and language therapy", ASSAY_DELIVERED_UNSET,
                               NULL, NULL, NULL };
  g_assert_true (assay_audit_restore_line (audit, 99, &removed, &error));
  g_assert_no_error (error);
  g_assert_true (assay_audit_get_line (audit, 2, &line));
  g_assert_cmpstr (line.id, ==, first);
  g_assert_cmpint (line.delivered, ==, ASSAY_DELIVERED_UNSET);

  /* A finished audit takes nothing back */
  for (guint i = 0; i < assay_audit_get_n_lines (audit); i++)
    {
      g_autofree char *ref = g_strdup_printf ("%u", i + 1);

      g_assert_true (assay_audit_set_line (audit, ref, ASSAY_DELIVERED_YES, NULL, NULL, NULL,
                                           &error));
    }
  g_assert_true (assay_audit_remove_line (audit, third, &error));
  g_assert_true (assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error));
  g_assert_no_error (error);
  removed = (AssayAuditLine) { third, "Social skills group", ASSAY_DELIVERED_YES,
                               NULL, NULL, NULL };
  g_assert_false (assay_audit_restore_line (audit, 0, &removed, &error));
  g_assert_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_READ_ONLY);
}

/* A change the store refuses (here, a vault whose head was altered) is not
 * kept in memory either: the audit reads as it was last saved. */
static void
test_audit_failed_save (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) audit = NULL;
  const char *evidence = NULL;
  gint64 revision;

  audit = assay_audit_create (f->store, f->tiny, "EHC-9", FALSE, &error);
  g_assert_no_error (error);
  set_grade (audit, "a1", ASSAY_GRADE_GOLD, "Outcomes are measurable");
  revision = assay_audit_get_revision (audit);

  g_assert_true (assay_database_exec (assay_vault_get_database (f->vault),
                                      "UPDATE head SET mac = zeroblob (32)", &error));
  g_assert_false (assay_audit_set_grade (audit, "a1", ASSAY_GRADE_BRONZE, "Vague", &error));
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY);
  g_clear_error (&error);
  g_assert_false (assay_audit_set_grade (audit, "a2", ASSAY_GRADE_SILVER, NULL, &error));
  g_clear_error (&error);

  g_assert_cmpint (assay_audit_get_grade (audit, "a1", &evidence), ==, ASSAY_GRADE_GOLD);
  g_assert_cmpstr (evidence, ==, "Outcomes are measurable");
  g_assert_cmpint (assay_audit_get_grade (audit, "a2", NULL), ==, ASSAY_GRADE_NONE);
  g_assert_cmpint (assay_audit_get_revision (audit), ==, revision);
}

int
main (int    argc,
      char **argv)
{
  const AssayTestEnvFlags env = ASSAY_TEST_ENV_TINY;

  g_test_init (&argc, &argv, NULL);

  ASSAY_TEST_ADD_ENV ("/audit/round-trip", env, test_audit_round_trip);
  ASSAY_TEST_ADD_ENV ("/audit/invalid-grades", env, test_audit_invalid_grades);
  ASSAY_TEST_ADD_ENV ("/audit/finish", env, test_audit_finish);
  ASSAY_TEST_ADD_ENV ("/audit/pending-override", env, test_audit_pending_override);
  ASSAY_TEST_ADD_ENV ("/audit/finish-derived", env, test_audit_finish_derived);
  ASSAY_TEST_ADD_ENV ("/audit/open-by-prefix", env, test_audit_open_by_prefix);
  ASSAY_TEST_ADD_ENV ("/audit/locked", env, test_audit_locked);
  ASSAY_TEST_ADD_ENV ("/audit/actions", env, test_audit_actions);
  ASSAY_TEST_ADD_ENV ("/audit/duplicate", env, test_audit_duplicate);
  ASSAY_TEST_ADD_ENV ("/audit/case-snapshot", env, test_audit_case_snapshot);
  ASSAY_TEST_ADD_ENV ("/audit/case-year", env, test_audit_case_year);
  ASSAY_TEST_ADD_ENV ("/audit/version-stable", env, test_audit_version_stable);
  ASSAY_TEST_ADD_ENV ("/audit/provision-lines", env, test_audit_provision_lines);
  ASSAY_TEST_ADD_ENV ("/audit/restore-line", env, test_audit_restore_line);
  ASSAY_TEST_ADD_ENV ("/audit/failed-save", env, test_audit_failed_save);

  return g_test_run ();
}
