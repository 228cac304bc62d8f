/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "assay-audit.h"
#include "assay-cli-test-util.h"
#include "assay-test-util.h"

/*
 * `compare` and `agree` through the real binary. The vault is made with
 * `init`; the audits are written into it with core, and one of them turned
 * into a colleague's the way an imported bundle leaves it (bundle imports
 * themselves are tested with real bundles in test-bundle and
 * test-cli-bundle).
 */

#define ANN_ID "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

/* A folder with a vault made by `assay-cli init`: the shared test environment. */
typedef AssayTestEnv Fixture;

static AssayGrade
make_audit (AssayStore     *store,
            AssayFramework *framework,
            const char     *case_ref,
            AssayGrade      grade,
            gboolean        as_ann)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) audit = assay_audit_create (store, framework, case_ref, FALSE, &error);

  g_assert_no_error (error);
  assay_test_audit_grade_near (audit, grade, NULL);
  assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error);
  g_assert_no_error (error);

  if (as_ann)
    assay_test_record_set_strings (store, "audits", assay_audit_get_id (audit),
                                   "moderator_id", ANN_ID, "moderator", "Ann Patel",
                                   "agency", "Education", NULL);

  return assay_audit_get_final (audit, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayFrameworks) frameworks = assay_frameworks_new ();
  g_autoptr(AssayFramework) plan = NULL;

  assay_test_cli_env_set_up (f, "Ruth Mensah", "Health");
  store = assay_test_cli_open_store (f->path);
  g_assert_true (assay_frameworks_load_builtin (frameworks, &error));
  plan = assay_frameworks_lookup (frameworks, "ehcp-new", NULL, &error);
  g_assert_no_error (error);

  /* EHC-1: Ruth (this vault) and Ann far apart. EHC-2: Ruth alone. */
  g_assert_cmpint (make_audit (store, plan, "EHC-1", ASSAY_GRADE_GOLD, FALSE), !=,
                   make_audit (store, plan, "EHC-1", ASSAY_GRADE_NOT_YET_BRONZE, TRUE));
  make_audit (store, plan, "EHC-2", ASSAY_GRADE_SILVER, FALSE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  assay_test_env_tear_down (f);
}

static JsonObject *
find_case (JsonObject *root,
           const char *case_ref)
{
  JsonArray *cases = json_object_get_array_member (root, "cases");

  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *unit = json_array_get_object_element (cases, i);

      if (g_str_equal (json_object_get_string_member (unit, "case"), case_ref))
        return unit;
    }

  return NULL;
}

static void
test_cli_compare_agree (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AssayTestRun) before = NULL;
  g_autoptr(AssayTestRun) agree = NULL;
  g_autoptr(AssayTestRun) after = NULL;
  g_autoptr(AssayTestRun) text = NULL;
  g_autoptr(AssayTestRun) quarter = NULL;
  g_autoptr(JsonNode) before_root = NULL;
  g_autoptr(JsonNode) agree_root = NULL;
  g_autoptr(JsonNode) after_root = NULL;
  g_autoptr(JsonNode) quarter_root = NULL;
  JsonObject *root, *unit, *agreed, *agreement;

  before = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "compare", "--json",
                               NULL);
  g_assert_cmpint (before->status, ==, 0);
  before_root = assay_test_parse_json (before->out);
  root = json_node_get_object (before_root);
  assay_test_assert_members (root, "filter audits plans agreement distribution silver_or_better "
                                   "moderators criteria cases open_actions");
  g_assert_cmpint (json_object_get_int_member (root, "audits"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (root, "plans"), ==, 2);
  agreement = json_object_get_object_member (root, "agreement");
  assay_test_assert_members (agreement,
                             "plans pairs exact within_one krippendorff_alpha pairs_by_moderator");
  g_assert_cmpint (json_object_get_int_member (agreement, "pairs"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (agreement, "exact"), ==, 0.0);
  assay_test_assert_members (json_object_get_object_member (root, "distribution"),
                             "overall by_quarter by_agency by_team by_plan_type by_moderator");
  unit = find_case (root, "EHC-1");
  g_assert_nonnull (unit);
  g_assert_cmpstr (json_object_get_string_member (unit, "state"), ==, "differ");
  g_assert_true (json_object_get_null_member (unit, "agreed"));
  g_assert_null (find_case (root, "EHC-2"));

  agree = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "agree",
                              "--case", "EHC-1", "--framework", "ehcp-new", "--grade", "bronze",
                              "--reason", "Section F is vague in places", "--json", NULL);
  g_assert_cmpint (agree->status, ==, 0);
  agree_root = assay_test_parse_json (agree->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (agree_root), "grade"),
                   ==, "bronze");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (agree_root), "chair"),
                   ==, "Ruth Mensah");

  after = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "--json", "compare",
                              NULL);
  g_assert_cmpint (after->status, ==, 0);
  after_root = assay_test_parse_json (after->out);
  unit = find_case (json_node_get_object (after_root), "EHC-1");
  g_assert_cmpstr (json_object_get_string_member (unit, "state"), ==, "agreed");
  agreed = json_object_get_object_member (unit, "agreed");
  g_assert_cmpstr (json_object_get_string_member (agreed, "grade"), ==, "bronze");
  g_assert_cmpstr (json_object_get_string_member (agreed, "reason"), ==,
                   "Section F is vague in places");
  g_assert_cmpstr (json_object_get_string_member (agreed, "chair"), ==, "Ruth Mensah");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (unit, "audits")), ==, 2);

  text = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "compare", NULL);
  g_assert_cmpint (text->status, ==, 0);
  g_assert_nonnull (strstr (text->out, "Krippendorff"));
  g_assert_nonnull (strstr (text->out, "0.6"));
  g_assert_nonnull (strstr (text->out, "Ann Patel"));
  g_assert_nonnull (strstr (text->out, "Ruth Mensah"));

  /* The audits were finished just now: a quarter long past has none. */
  quarter = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "compare",
                                "--quarter", "Q1 2001", "--json", NULL);
  g_assert_cmpint (quarter->status, ==, 0);
  quarter_root = assay_test_parse_json (quarter->out);
  root = json_node_get_object (quarter_root);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "filter"),
                                                  "quarter"), ==, "2001-Q1");
  g_assert_cmpint (json_object_get_int_member (root, "audits"), ==, 0);
}

static void
test_cli_compare_errors (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AssayTestRun) quarter = NULL;
  g_autoptr(AssayTestRun) agency = NULL;
  g_autoptr(AssayTestRun) no_reason = NULL;
  g_autoptr(AssayTestRun) bad_grade = NULL;
  g_autoptr(AssayTestRun) not_overall = NULL;
  g_autoptr(AssayTestRun) unknown = NULL;
  g_autoptr(AssayTestRun) theirs = NULL;
  g_autoptr(AssayTestRun) list = NULL;
  g_autoptr(JsonNode) audits = NULL;
  const char *ann_audit = NULL;

  quarter = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "compare",
                                "--quarter", "2026-Q9", NULL);
  g_assert_cmpint (quarter->status, ==, 1);
  g_assert_nonnull (strstr (quarter->err, "2026-Q9"));
  g_assert_cmpstr (quarter->out, ==, "");

  agency = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "compare",
                               "--agency", "Fire brigade", "--json", NULL);
  g_assert_cmpint (agency->status, ==, 1);
  g_assert_nonnull (strstr (agency->err, "Fire brigade"));
  g_assert_nonnull (strstr (agency->err, "Social care"));
  g_assert_cmpstr (agency->out, ==, "");

  no_reason = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "agree",
                                  "--case", "EHC-1", "--framework", "ehcp-new",
                                  "--grade", "silver", NULL);
  g_assert_cmpint (no_reason->status, ==, 1);
  g_assert_nonnull (strstr (no_reason->err, "reason"));

  bad_grade = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "agree",
                                  "--case", "EHC-1", "--framework", "ehcp-new",
                                  "--grade", "platinum", "--reason", "Because", NULL);
  g_assert_cmpint (bad_grade->status, ==, 1);
  g_assert_nonnull (strstr (bad_grade->err, "platinum"));

  not_overall = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "agree",
                                    "--case", "EHC-1", "--framework", "ehcp-new",
                                    "--grade", "n/a", "--reason", "Because", NULL);
  g_assert_cmpint (not_overall->status, ==, 1);

  unknown = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "agree",
                                "--case", "EHC-404", "--framework", "ehcp-new",
                                "--grade", "silver", "--reason", "Because", NULL);
  g_assert_cmpint (unknown->status, ==, 3);
  g_assert_nonnull (strstr (unknown->err, "EHC-404"));

  /* A colleague's imported audit cannot be changed from here. */
  list = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "list",
                             "--json", NULL);
  g_assert_cmpint (list->status, ==, 0);
  audits = assay_test_parse_json (list->out);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (audits)); i++)
    {
      JsonObject *audit = json_array_get_object_element (json_node_get_array (audits), i);

      if (g_strcmp0 (json_object_get_string_member (audit, "moderator_id"), ANN_ID) == 0)
        ann_audit = json_object_get_string_member (audit, "id");
    }
  g_assert_nonnull (ann_audit);
  theirs = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "reopen",
                               ann_audit, "--reason", "I disagree", NULL);
  g_assert_cmpint (theirs->status, ==, 1);
  g_assert_nonnull (strstr (theirs->err, "Ann Patel"));
  g_assert_nonnull (strstr (theirs->err, "only its moderator"));
}

int
main (int    argc,
      char **argv)
{
  assay_test_cli_init (&argc, &argv);

  ASSAY_TEST_ADD ("/cli/compare/agree", test_cli_compare_agree);
  ASSAY_TEST_ADD ("/cli/compare/errors", test_cli_compare_errors);

  return g_test_run ();
}
