/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "assay-cli-test-util.h"
#include "assay-test-util.h"

/*
 * The contract's `frameworks` and `audit` commands, driven through the real
 * binary on a real vault with the built-in frameworks.
 */

/* A folder with a vault made by `assay-cli init`: the shared test environment. */
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

/* The newest version of @id: the list is sorted by id, then version. */
static JsonObject *
find_framework (JsonArray  *list,
                const char *id)
{
  JsonObject *found = NULL;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *framework = json_array_get_object_element (list, i);

      if (g_str_equal (json_object_get_string_member (framework, "id"), id))
        found = framework;
    }

  return found;
}

static void
test_cli_frameworks (void)
{
  g_autoptr(AssayTestRun) json = NULL;
  g_autoptr(AssayTestRun) text = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *ehcp, *section, *criterion;
  JsonArray *list;

  /* No vault, no passphrase: frameworks are not secret. */
  json = assay_test_run_cli (NULL, NULL, "frameworks", "--json", NULL);
  g_assert_cmpint (json->status, ==, 0);
  root = assay_test_parse_json (json->out);
  list = json_node_get_array (root);
  /* Seven frameworks, each in 2026.1 (kept for the audits made with it)
   * and its current version. */
  g_assert_cmpuint (json_array_get_length (list), ==, 14);

  ehcp = find_framework (list, "ehcp-new");
  g_assert_nonnull (ehcp);
  assay_test_assert_members (ehcp, "id version title kind agency sections");
  g_assert_cmpstr (json_object_get_string_member (ehcp, "kind"), ==, "plan");
  section = json_array_get_object_element (json_object_get_array_member (ehcp, "sections"), 0);
  assay_test_assert_members (section, "id title weight criteria");
  criterion = json_array_get_object_element (json_object_get_array_member (section, "criteria"), 0);
  assay_test_assert_members (criterion, "id text limiting");

  g_assert_nonnull (find_framework (list, "setting-visit"));
  g_assert_nonnull (find_framework (list, "advice-social-care"));

  text = assay_test_run_cli (NULL, NULL, "frameworks", NULL);
  g_assert_cmpint (text->status, ==, 0);
  g_assert_nonnull (strstr (text->out, "ehcp-annual-review"));
}

static void
test_cli_frameworks_check (void)
{
  g_autofree char *dir = assay_test_mkdtemp ();
  g_autofree char *bad = g_build_filename (dir, "ours.json", NULL);
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                 "tiny.json", NULL);
  g_autoptr(AssayTestRun) bad_run = NULL;
  g_autoptr(AssayTestRun) good_run = NULL;

  g_file_set_contents (bad,
                       "{\"format\": 1, \"id\": \"ours\", \"version\": \"1\", \"title\": \"Ours\","
                       " \"kind\": \"plan\", \"agency\": \"all\","
                       " \"overall\": {\"method\": \"weighted-mean\", \"limit\": 1},"
                       " \"sections\": [{\"id\": \"A\", \"title\": \"A\", \"weight\": 90,"
                       "   \"criteria\": [{\"id\": \"A1\", \"text\": \"?\", \"guidance\": \"g\"}]}]}",
                       -1, NULL);

  bad_run = assay_test_run_cli (NULL, NULL, "frameworks", "--check", bad, NULL);
  g_assert_cmpint (bad_run->status, ==, 3);
  g_assert_nonnull (strstr (bad_run->err, bad));
  g_assert_nonnull (strstr (bad_run->err, "add up to 90, not 100"));

  good_run = assay_test_run_cli (NULL, NULL, "frameworks", "--check", good, NULL);
  g_assert_cmpint (good_run->status, ==, 0);
  g_assert_nonnull (strstr (good_run->out, "6 criteria"));

  assay_test_rmdir (dir);
}

static void
test_cli_audit_walk (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AssayTestRun) frameworks = NULL;
  g_autoptr(AssayTestRun) created = NULL;
  g_autoptr(AssayTestRun) run = NULL;
  g_autoptr(JsonNode) list_root = NULL;
  g_autoptr(JsonNode) show_root = NULL;
  g_autofree char *id = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *line_id = NULL;
  JsonObject *framework, *audit, *overall;
  JsonArray *sections;
  guint n_criteria = 0;
  const char *first = NULL;

  frameworks = assay_test_run_cli (NULL, NULL, "frameworks", "--json", NULL);
  list_root = assay_test_parse_json (frameworks->out);
  framework = find_framework (json_node_get_array (list_root), "setting-visit");

  created = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "new",
                                "--case", "EHC-2025-0107", "--framework", "setting-visit", NULL);
  g_assert_cmpint (created->status, ==, 0);
  id = g_strstrip (g_strdup (created->out));
  g_assert_true (g_uuid_string_is_valid (id));
  /* Not in the caseload (none was imported): said, but allowed. */
  g_assert_nonnull (strstr (created->err, "EHC-2025-0107"));

  /* Grade every criterion with the first grade it allows. */
  sections = json_object_get_array_member (framework, "sections");
  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      JsonArray *criteria =
        json_object_get_array_member (json_array_get_object_element (sections, i), "criteria");

      for (guint j = 0; j < json_array_get_length (criteria); j++)
        {
          JsonObject *criterion = json_array_get_object_element (criteria, j);
          const char *cid = json_object_get_string_member (criterion, "id");
          const char *grade =
            json_array_get_string_element (json_object_get_array_member (criterion, "grades"), 0);

          g_clear_pointer (&run, assay_test_run_free);
          run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "grade",
                                    id, cid, grade, "--evidence", "Timetable seen", NULL);
          g_assert_cmpint (run->status, ==, 0);
          if (first == NULL)
            first = cid;
          n_criteria++;
        }
    }

  /* Bad input is refused with the usage code and changes nothing. */
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "grade",
                            id, first, "platinum", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "platinum"));
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "grade",
                            id, "NOPE1", "gold", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "NOPE1"));

  /* A setting visit records the plan's provision lines: none yet, so it
   * cannot be finished. */
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "finish",
                            id, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "provision line"));

  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "line", "add",
                            id, "--text", "Speech and language therapy, 30 minutes weekly", NULL);
  g_assert_cmpint (run->status, ==, 0);
  line_id = g_strstrip (g_strdup (run->out));
  g_assert_true (g_uuid_string_is_valid (line_id));
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "line", "add",
                            id, "--text", "Small-group literacy, 3 × 20 minutes a week", NULL);
  g_assert_cmpint (run->status, ==, 0);

  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "line", "set",
                            id, line_id, "--delivered", "no", "--observed",
                            "No sessions since September", "--evidence", "Therapy log", NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "line", "set",
                            id, "2", "--delivered", "sometimes", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "sometimes"));
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "line", "set",
                            id, "2", "--delivered", "yes", NULL);
  g_assert_cmpint (run->status, ==, 0);

  /* The line not delivered is why the visit is Not yet Bronze. */
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "show",
                            id, NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "provision line 1, delivered: no"));

  /* An override needs a reason. */
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "finish",
                            id, "--overall", "bronze", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "reason"));

  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "finish",
                            id, "--overall", "bronze", "--reason",
                            "Speech therapy paused at the family’s request", NULL);
  g_assert_cmpint (run->status, ==, 0);

  /* Finished audits are read-only. */
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "grade",
                            id, first, "bronze", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "reopen"));

  /* Read back, by an id prefix. */
  prefix = g_strndup (id, 8);
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "show",
                            prefix, "--json", NULL);
  g_assert_cmpint (run->status, ==, 0);
  show_root = assay_test_parse_json (run->out);
  audit = json_node_get_object (show_root);
  assay_test_assert_members (audit, "id case framework framework_version moderator agency status "
                                    "revision overall sections grades");
  g_assert_cmpstr (json_object_get_string_member (audit, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (audit, "case"), ==, "EHC-2025-0107");
  g_assert_cmpstr (json_object_get_string_member (audit, "framework"), ==, "setting-visit");
  g_assert_cmpstr (json_object_get_string_member (audit, "moderator"), ==, "Ruth Mensah");
  g_assert_cmpstr (json_object_get_string_member (audit, "agency"), ==, "Health");
  g_assert_cmpstr (json_object_get_string_member (audit, "status"), ==, "finished");
  /* Created, every grade, two lines added and set, and the finish: one
   * revision each. */
  g_assert_cmpint (json_object_get_int_member (audit, "revision"), ==, n_criteria + 6);
  overall = json_object_get_object_member (audit, "overall");
  assay_test_assert_members (overall, "derived final reason limited_by limits");
  g_assert_cmpstr (json_object_get_string_member (overall, "derived"), ==, "not-yet-bronze");
  {
    JsonArray *lines = json_object_get_array_member (audit, "lines");
    JsonObject *line = json_array_get_object_element (lines, 0);

    g_assert_cmpuint (json_array_get_length (lines), ==, 2);
    assay_test_assert_members (line, "id text delivered observed evidence");
    g_assert_cmpstr (json_object_get_string_member (line, "id"), ==, line_id);
    g_assert_cmpstr (json_object_get_string_member (line, "delivered"), ==, "no");
    g_assert_cmpstr (json_object_get_string_member (line, "observed"), ==,
                     "No sessions since September");
    g_assert_cmpstr (json_object_get_string_member (line, "evidence"), ==, "Therapy log");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (overall, "limits"), 0), "line"), ==, line_id);
  }
  g_assert_cmpstr (json_object_get_string_member (overall, "final"), ==, "bronze");
  g_assert_cmpstr (json_object_get_string_member (overall, "reason"), ==,
                   "Speech therapy paused at the family’s request");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (audit, "grades")), ==,
                    n_criteria);
  {
    JsonObject *grade =
      json_array_get_object_element (json_object_get_array_member (audit, "grades"), 0);

    assay_test_assert_members (grade, "criterion grade evidence");
    g_assert_cmpstr (json_object_get_string_member (grade, "evidence"), ==, "Timetable seen");
  }
  {
    JsonObject *section =
      json_array_get_object_element (json_object_get_array_member (audit, "sections"), 0);

    assay_test_assert_members (section, "id grade");
  }

  /* The list has the same shape without the grades. */
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "list",
                            "--json", NULL);
  g_assert_cmpint (run->status, ==, 0);
  {
    g_autoptr(JsonNode) root = assay_test_parse_json (run->out);
    JsonArray *audits = json_node_get_array (root);

    g_assert_cmpuint (json_array_get_length (audits), ==, 1);
    assay_test_assert_members (json_array_get_object_element (audits, 0),
                               "id case framework status overall sections");
    g_assert_false (json_object_has_member (json_array_get_object_element (audits, 0), "grades"));
  }

  /* Finished: the drafts' revisions on the way are compacted, the first
   * and the finished one kept, and the history says so. */
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "history",
                            id, "--json", NULL);
  g_assert_cmpint (run->status, ==, 0);
  {
    g_autoptr(JsonNode) root = assay_test_parse_json (run->out);
    JsonArray *revisions = json_node_get_array (root);
    JsonObject *last = json_array_get_object_element (revisions, 1);

    g_assert_cmpuint (json_array_get_length (revisions), ==, 2);
    g_assert_cmpint (json_object_get_int_member (last, "compacted"), ==, n_criteria + 4);
  }

  /* Reopening needs a reason, then edits work again. */
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "reopen",
                            id, NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "reopen",
                            id, "--reason", "Therapy notes arrived after the visit", NULL);
  g_assert_cmpint (run->status, ==, 0);

  /* And the store is sound after all that. */
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "check", NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, " 0 damaged"));
}

static void
test_cli_audit_errors (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AssayTestRun) unknown = NULL;
  g_autoptr(AssayTestRun) missing = NULL;
  g_autoptr(AssayTestRun) locked = NULL;
  g_autoptr(AssayTestRun) no_audit = NULL;
  g_autoptr(AssayTestRun) empty = NULL;

  unknown = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "new",
                                "--case", "X1", "--framework", "ehcp-old", NULL);
  g_assert_cmpint (unknown->status, ==, 1);
  g_assert_nonnull (strstr (unknown->err, "ehcp-old"));

  missing = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "new",
                                "--case", "X1", NULL);
  g_assert_cmpint (missing->status, ==, 1);

  locked = assay_test_run_cli ("wrong passphrase", NULL, "--db", f->path, "audit", "list", NULL);
  g_assert_cmpint (locked->status, ==, 2);

  no_audit = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "show",
                                 "0123abcd", NULL);
  g_assert_cmpint (no_audit->status, ==, 1);
  g_assert_nonnull (strstr (no_audit->err, "0123abcd"));

  empty = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "list",
                              "--json", NULL);
  g_assert_cmpint (empty->status, ==, 0);
  g_assert_cmpstr (g_strstrip (empty->out), ==, "[]");
}

static JsonObject *
show_json (Fixture    *f,
           const char *id)
{
  g_autoptr(AssayTestRun) run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path,
                                                    "audit", "show", id, "--json", NULL);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (run->status, ==, 0);
  root = assay_test_parse_json (run->out);

  return json_object_ref (json_node_get_object (root));
}

/* Many grades in one unlock and one revision, from CSV or JSON; a file
 * with one bad grade changes nothing and names the line */
static void
test_cli_audit_grade_from (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "grades.csv", NULL);
  g_autofree char *json = g_build_filename (f->dir, "grades.json", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.csv", NULL);
  g_autofree char *shown = g_build_filename (f->dir, "shown.json", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(AssayTestRun) run = NULL;
  g_autoptr(JsonObject) audit = NULL;
  g_autoptr(JsonObject) copy = NULL;
  JsonArray *grades;

  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "new",
                            "--case", "EHC-1001", "--framework", "ehcp-new", NULL);
  g_assert_cmpint (run->status, ==, 0);
  first = g_strdup (g_strstrip (run->out));
  g_clear_pointer (&run, assay_test_run_free);

  g_assert_true (g_file_set_contents (csv, "Criterion,Grade,Evidence\r\n"
                                      "A1,gold,\"Outcomes, clearly\"\r\nA2, silver ,\r\n", -1,
                                      NULL));
  g_assert_true (g_file_set_contents (json, "[{\"criterion\": \"B1\", \"grade\": \"gold\"},"
                                      " {\"criterion\": \"B2\", \"grade\": \"bronze\","
                                      " \"evidence\": \"Needs not quantified\"}]", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "criterion,grade\nA3,gold\nA4,shiny\n", -1, NULL));

  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "grade",
                            first, "--from", csv, NULL);
  g_assert_cmpint (run->status, ==, 0);
  assay_test_assert_contains (run->out, "2 grades set");
  g_clear_pointer (&run, assay_test_run_free);

  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "grade",
                            first, "--from", bad, NULL);
  g_assert_cmpint (run->status, ==, 3);
  assay_test_assert_contains (run->err, "bad.csv: line 3: “shiny” is not a grade");
  g_clear_pointer (&run, assay_test_run_free);

  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "grade",
                            first, "--from", json, NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_clear_pointer (&run, assay_test_run_free);

  /* One revision per file; nothing of the bad file, not even its good line */
  audit = show_json (f, first);
  g_assert_cmpint (json_object_get_int_member (audit, "revision"), ==, 3);
  grades = json_object_get_array_member (audit, "grades");
  g_assert_cmpuint (json_array_get_length (grades), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (grades, 0),
                                                  "evidence"), ==, "Outcomes, clearly");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (grades, 1),
                                                  "grade"), ==, "silver");

  /* What `audit show --json` prints can be fed back to another audit */
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "show",
                            first, "--json", NULL);
  g_assert_true (g_file_set_contents (shown, run->out, -1, NULL));
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "new",
                            "--case", "EHC-1002", "--framework", "ehcp-new", NULL);
  second = g_strdup (g_strstrip (run->out));
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "grade",
                            second, "--from", shown, NULL);
  g_assert_cmpint (run->status, ==, 0);
  copy = show_json (f, second);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (copy, "grades")), ==, 4);
  g_clear_pointer (&run, assay_test_run_free);

  /* --from takes the ID only */
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "grade",
                            second, "A1", "gold", "--from", csv, NULL);
  g_assert_cmpint (run->status, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  assay_test_cli_init (&argc, &argv);

  g_test_add_func ("/cli-audit/frameworks", test_cli_frameworks);
  g_test_add_func ("/cli-audit/frameworks-check", test_cli_frameworks_check);
  ASSAY_TEST_ADD ("/cli-audit/walk", test_cli_audit_walk);
  ASSAY_TEST_ADD ("/cli-audit/errors", test_cli_audit_errors);
  ASSAY_TEST_ADD ("/cli-audit/grade-from", test_cli_audit_grade_from);

  return g_test_run ();
}
