/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-audit.h"
#include "assay-test-util.h"

typedef struct
{
  char            *dir;
  char            *path;
  AssayVault      *vault;
  AssayStore      *store;
  AssayFrameworks *frameworks;
  AssayFramework  *tiny;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *tiny = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                 "tiny.json", NULL);
  g_autoptr(GError) error = NULL;

  f->dir = assay_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "assay.db", NULL);
  f->vault = assay_test_vault_new (f->dir, NULL);
  f->store = assay_store_new (f->vault);
  f->frameworks = assay_frameworks_new ();
  f->tiny = assay_framework_new_from_file (tiny, &error);
  g_assert_no_error (error);
  assay_frameworks_add (f->frameworks, f->tiny);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->tiny);
  g_clear_object (&f->frameworks);
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  assay_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/audit/round-trip", test_audit_round_trip);
  ADD ("/audit/invalid-grades", test_audit_invalid_grades);
  ADD ("/audit/finish", test_audit_finish);
  ADD ("/audit/pending-override", test_audit_pending_override);
  ADD ("/audit/finish-derived", test_audit_finish_derived);
  ADD ("/audit/open-by-prefix", test_audit_open_by_prefix);
  ADD ("/audit/locked", test_audit_locked);
  ADD ("/audit/actions", test_audit_actions);
  ADD ("/audit/duplicate", test_audit_duplicate);

#undef ADD

  return g_test_run ();
}
