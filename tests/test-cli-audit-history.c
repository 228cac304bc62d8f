/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "assay-audit-compact-private.h"
#include "assay-cli-test-util.h"
#include "assay-test-util.h"

/*
 * `audit history` after a finished audit's drafts were compacted: it says
 * which revisions were dropped, in words and in JSON, and `check` still
 * finds the vault sound.
 */

typedef AssayTestEnv Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  assay_test_cli_env_set_up (f, "Ruth Mensah", "Health");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  assay_test_env_tear_down (f);
}

/* A 59-criterion audit graded criterion by criterion, finished and
 * compacted, as the app leaves it: its id. */
static char *
make_compacted_audit (Fixture *f)
{
  g_autoptr(AssayStore) store = assay_test_cli_open_store (f->path);
  g_autoptr(AssayFrameworks) frameworks = assay_frameworks_new_default ();
  g_autoptr(AssayFramework) framework = NULL;
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(GError) error = NULL;

  framework = assay_frameworks_lookup (frameworks, "ehcp-new", "2026.1", &error);
  g_assert_no_error (error);
  audit = assay_audit_create (store, framework, "EHC-1001", FALSE, &error);
  g_assert_no_error (error);
  assay_test_audit_grade_all (audit, ASSAY_GRADE_SILVER, NULL);
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 60);
  g_assert_true (assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_revision (audit), ==, 61);

  /* Finishing may compact by itself: this makes sure either way. */
  g_assert_true (_assay_audit_compact_history (audit, NULL, &error));
  g_assert_no_error (error);

  return g_strdup (assay_audit_get_id (audit));
}

static void
test_history_compacted (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *id = make_compacted_audit (f);
  g_autoptr(AssayTestRun) text = NULL;
  g_autoptr(AssayTestRun) json = NULL;
  g_autoptr(AssayTestRun) check = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) lines = NULL;
  JsonArray *revisions;
  JsonObject *first, *finished;

  text = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "history",
                             id, NULL);
  g_assert_cmpint (text->status, ==, 0);
  lines = g_strsplit (text->out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "revision 1 "));
  g_assert_cmpstr (lines[1], ==, "revisions 2–60: 59 draft revisions compacted");
  g_assert_true (g_str_has_prefix (lines[2], "revision 61 "));
  assay_test_assert_contains (lines[2], "finished, 59 graded");

  json = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "--json", "audit",
                             "history", id, NULL);
  g_assert_cmpint (json->status, ==, 0);
  root = assay_test_parse_json (json->out);
  revisions = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (revisions), ==, 2);
  first = json_array_get_object_element (revisions, 0);
  finished = json_array_get_object_element (revisions, 1);
  assay_test_assert_members (finished, "revision time author status graded compacted exported");
  g_assert_cmpint (json_object_get_int_member (first, "compacted"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (finished, "revision"), ==, 61);
  g_assert_cmpint (json_object_get_int_member (finished, "compacted"), ==, 59);
  g_assert_cmpstr (json_object_get_string_member (finished, "status"), ==, "finished");
  g_assert_false (json_object_get_boolean_member (finished, "exported"));

  /* The gap is one the store made on purpose: the vault is sound. */
  check = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "check", NULL);
  g_assert_cmpint (check->status, ==, 0);
  assay_test_assert_contains (check->out, " 0 damaged");
}

/* What an export carried shows in the history, and stays whole. */
static void
test_history_exported (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = make_compacted_audit (f);
  g_autofree char *bundle = g_build_filename (f->dir, "out.assay", NULL);
  g_autoptr(AssayTestRun) export = NULL;
  g_autoptr(AssayTestRun) json = NULL;
  g_autoptr(AssayTestRun) check = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *revisions;

  export = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "export", "--to",
                               bundle, NULL);
  g_assert_cmpint (export->status, ==, 0);

  json = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "--json", "audit",
                             "history", id, NULL);
  g_assert_cmpint (json->status, ==, 0);
  root = assay_test_parse_json (json->out);
  revisions = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (revisions), ==, 2);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (revisions, 0),
                                                  "exported"));
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (revisions, 1),
                                                 "exported"));

  check = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "check", NULL);
  g_assert_cmpint (check->status, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  assay_test_cli_init (&argc, &argv);

  g_test_add ("/cli-audit-history/compacted", Fixture, NULL, fixture_set_up,
              test_history_compacted, fixture_tear_down);
  g_test_add ("/cli-audit-history/exported", Fixture, NULL, fixture_set_up,
              test_history_exported, fixture_tear_down);

  return g_test_run ();
}
