/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "assay-cli-test-util.h"
#include "assay-test-util.h"

/*
 * `export`, `import` and `conflicts` through the real binary: three vaults,
 * one moderator's finished audit carried to a colleague, and every way a
 * bundle can be refused, with the contract's exit codes.
 */

#define FORUM_PASSPHRASE "North forum spring 2026"

/* A moderator's vault with one finished audit, made once: grading through
 * the binary costs a key derivation per command. Each test makes the
 * colleagues' vaults it imports into. */
typedef struct
{
  char *dir;
  char *a;
  char *audit_id;
} Shared;

static Shared shared;

typedef struct
{
  char *dir;
  char *a;
  char *b;
  char *c;
  const char *audit_id;
} Fixture;

static char *
identity (const char *db)
{
  g_autoptr(AssayTestRun) run = assay_test_run_cli (NULL, NULL, "--db", db, "identity", NULL);

  g_assert_cmpint (run->status, ==, 0);

  return g_strstrip (g_strdup (run->out));
}

/* With this in the fixture's data, B and C do not know Ruth. */
#define STRANGERS 4

static void
add_contact (const char *db,
             const char *key,
             const char *name,
             const char *agency)
{
  g_autoptr(AssayTestRun) run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", db,
                                                    "contacts", "add", key, "--name", name,
                                                    "--agency", agency, "--verified", NULL);

  g_assert_cmpint (run->status, ==, 0);
}

static void
shared_set_up (void)
{
  g_autofree char *csv = assay_test_caseload_fixture ("utf8.csv");
  g_autoptr(AssayTestRun) import = NULL;
  g_autoptr(AssayTestRun) create = NULL;
  g_autoptr(AssayTestRun) frameworks = NULL;
  g_autoptr(AssayTestRun) finish = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *list;

  shared.dir = assay_test_mkdtemp ();
  shared.a = g_build_filename (shared.dir, "a.db", NULL);
  assay_test_cli_init_vault (shared.a, "Ruth Mensah", "health");

  import = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", shared.a, "caseload",
                               "import", csv, NULL);
  g_assert_cmpint (import->status, ==, 0);

  /* The built-in framework with the fewest criteria keeps this quick. */
  create = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", shared.a, "audit", "new",
                               "--case", "EHC-1001", "--framework", "setting-visit", NULL);
  g_assert_cmpint (create->status, ==, 0);
  shared.audit_id = g_strstrip (g_strdup (create->out));

  frameworks = assay_test_run_cli (NULL, NULL, "frameworks", "--json", NULL);
  g_assert_cmpint (frameworks->status, ==, 0);
  root = assay_test_parse_json (frameworks->out);
  list = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *framework = json_array_get_object_element (list, i);
      JsonArray *sections;

      /* The newest version, the one `audit new` used: the list is sorted by
       * id, then version. */
      if (!g_str_equal (json_object_get_string_member (framework, "id"), "setting-visit") ||
          (i + 1 < json_array_get_length (list) &&
           g_str_equal (json_object_get_string_member (json_array_get_object_element (list, i + 1),
                                                        "id"), "setting-visit")))
        continue;

      sections = json_object_get_array_member (framework, "sections");
      for (guint s = 0; s < json_array_get_length (sections); s++)
        {
          JsonArray *criteria =
            json_object_get_array_member (json_array_get_object_element (sections, s), "criteria");

          for (guint c = 0; c < json_array_get_length (criteria); c++)
            {
              const char *id =
                json_object_get_string_member (json_array_get_object_element (criteria, c), "id");
              g_autoptr(AssayTestRun) grade =
                assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", shared.a, "audit",
                                    "grade", shared.audit_id, id, "silver", "--evidence",
                                    "Provision seen in the timetable", NULL);

              g_assert_cmpint (grade->status, ==, 0);
            }
        }
    }

  {
    g_autoptr(AssayTestRun) line = NULL;
    g_autoptr(AssayTestRun) delivered = NULL;

    line = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", shared.a, "audit", "line",
                               "add", shared.audit_id, "--text",
                               "Occupational therapy, 30 minutes a week", NULL);
    g_assert_cmpint (line->status, ==, 0);
    delivered = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", shared.a, "audit",
                                    "line", "set", shared.audit_id, "1", "--delivered", "yes",
                                    NULL);
    g_assert_cmpint (delivered->status, ==, 0);
  }

  finish = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", shared.a, "audit", "finish",
                               shared.audit_id, NULL);
  g_assert_cmpint (finish->status, ==, 0);
}

static void
shared_tear_down (void)
{
  assay_test_rmdir (shared.dir);
  g_free (shared.dir);
  g_free (shared.a);
  g_free (shared.audit_id);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = assay_test_mkdtemp ();
  f->a = shared.a;
  f->audit_id = shared.audit_id;
  f->b = g_build_filename (f->dir, "b.db", NULL);
  f->c = g_build_filename (f->dir, "c.db", NULL);
  if (GPOINTER_TO_UINT (data) & 1)
    assay_test_cli_init_vault (f->b, "Sam Okafor", "education");
  if (GPOINTER_TO_UINT (data) & 2)
    assay_test_cli_init_vault (f->c, "Lee Chen", "social-care");

  /* Colleagues who have compared Ruth's fingerprint, unless the test is
   * about a stranger's bundle. */
  if (!(GPOINTER_TO_UINT (data) & STRANGERS))
    {
      g_autofree char *ruth = identity (f->a);

      if (GPOINTER_TO_UINT (data) & 1)
        add_contact (f->b, ruth, "Ruth Mensah", "health");
      if (GPOINTER_TO_UINT (data) & 2)
        add_contact (f->c, ruth, "Ruth Mensah", "health");
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  assay_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->b);
  g_free (f->c);
}

static char *
export_for (Fixture    *f,
            const char *name,
            const char *recipient)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(AssayTestRun) run = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->a, "export", "--to", path,
                            "--recipient", recipient, "--json", NULL);
  g_assert_cmpint (run->status, ==, 0);
  root = assay_test_parse_json (run->out);
  object = json_node_get_object (root);
  assay_test_assert_members (object, "file records revisions author recipients partnership since");
  /* The audit and its plan's caseload entry, each its newest revision only
   * (the audit has had a revision per grade). */
  g_assert_cmpint (json_object_get_int_member (object, "records"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "revisions"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (object, "file"), ==, path);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "recipients")),
                    ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object,
                                                                                "recipients"),
                                                  0),
                   ==, recipient);
  g_assert_false (json_object_get_boolean_member (object, "partnership"));
  g_assert_true (json_object_get_null_member (object, "since"));

  return g_steal_pointer (&path);
}

static JsonObject *
import_json (const char *db,
             const char *path,
             int         expected_status)
{
  g_autoptr(AssayTestRun) run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", db,
                                                    "import", path, "--json", NULL);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (run->status, ==, expected_status);
  root = assay_test_parse_json (run->out);

  return json_object_ref (json_node_get_object (root));
}

static void
test_cli_bundle_round_trip (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *b_identity = identity (f->b);
  g_autofree char *a_identity = identity (f->a);
  g_autofree char *path = export_for (f, "ruth.assay", b_identity);
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(AssayTestRun) list = NULL;
  g_autoptr(AssayTestRun) text = NULL;
  g_autoptr(AssayTestRun) conflicts = NULL;
  g_autoptr(AssayTestRun) check = NULL;
  g_autoptr(JsonNode) audits = NULL;
  JsonObject *bundle, *audit;

  g_assert_false (assay_test_file_contains (path, "Provision seen", strlen ("Provision seen")));

  first = import_json (f->b, path, 0);
  assay_test_assert_members (first, "added updated unchanged conflicts bundles");
  g_assert_cmpint (json_object_get_int_member (first, "added"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (first, "updated"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (first, "unchanged"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "conflicts")),
                    ==, 0);
  bundle = json_array_get_object_element (json_object_get_array_member (first, "bundles"), 0);
  assay_test_assert_members (bundle, "file author author_name added updated unchanged conflicts");
  assay_test_assert_members (bundle, "author_agency created missing_frameworks");
  g_assert_cmpstr (json_object_get_string_member (bundle, "author_agency"), ==, "health");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "failed")),
                    ==, 0);
  g_assert_cmpstr (json_object_get_string_member (bundle, "file"), ==, path);
  g_assert_cmpstr (json_object_get_string_member (bundle, "author"), ==, a_identity);
  g_assert_cmpstr (json_object_get_string_member (bundle, "author_name"), ==, "Ruth Mensah");

  list = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "audit", "list",
                             "--json", NULL);
  g_assert_cmpint (list->status, ==, 0);
  audits = assay_test_parse_json (list->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (audits)), ==, 1);
  audit = json_array_get_object_element (json_node_get_array (audits), 0);
  g_assert_cmpstr (json_object_get_string_member (audit, "id"), ==, f->audit_id);
  g_assert_cmpstr (json_object_get_string_member (audit, "moderator"), ==, "Ruth Mensah");
  g_assert_cmpstr (json_object_get_string_member (audit, "status"), ==, "finished");

  /* Again: nothing changes. */
  second = import_json (f->b, path, 0);
  g_assert_cmpint (json_object_get_int_member (second, "added"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (second, "unchanged"), ==, 2);

  /* A file that cannot be imported is listed, naming it, beside those that
   * can; the first failure decides the exit status. */
  {
    g_autofree char *missing = g_build_filename (f->dir, "missing.assay", NULL);
    g_autoptr(AssayTestRun) both = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b,
                                                       "import", path, missing, "--json", NULL);
    g_autoptr(JsonNode) root = NULL;
    JsonObject *object, *failed;

    g_assert_cmpint (both->status, ==, 3);
    root = assay_test_parse_json (both->out);
    object = json_node_get_object (root);
    assay_test_assert_members (object, "added updated unchanged conflicts bundles failed");
    g_assert_cmpint (json_object_get_int_member (object, "unchanged"), ==, 2);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "bundles")),
                      ==, 1);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "failed")),
                      ==, 1);
    failed = json_array_get_object_element (json_object_get_array_member (object, "failed"), 0);
    assay_test_assert_members (failed, "file error");
    g_assert_cmpstr (json_object_get_string_member (failed, "file"), ==, missing);
    g_assert_nonnull (strstr (json_object_get_string_member (failed, "error"), missing));
    g_assert_nonnull (strstr (both->err, missing));
  }

  /* Several files in one unlock, in words: each its own summary, a total,
   * and what went in before the first failure; no progress off a terminal. */
  {
    g_autofree char *missing = g_build_filename (f->dir, "missing.assay", NULL);
    g_autofree char *said = g_strdup_printf ("2 of 3 bundles imported; the first not imported: "
                                             "%s\n", missing);
    g_autoptr(AssayTestRun) several = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db",
                                                          f->b, "import", path, missing, path,
                                                          NULL);
    const char *first_report = strstr (several->out, "0 added, 0 updated, 2 unchanged");

    g_assert_cmpint (several->status, ==, 3);
    g_assert_nonnull (first_report);
    g_assert_nonnull (strstr (first_report + 1, "0 added, 0 updated, 2 unchanged"));
    g_assert_nonnull (strstr (several->out, "Total: 0 added, 0 updated, 4 unchanged, 0 conflicts"));
    g_assert_nonnull (strstr (several->err, said));
    g_assert_null (strchr (several->err, '\r'));
  }

  text = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "import", path, NULL);
  g_assert_cmpint (text->status, ==, 0);
  g_assert_nonnull (strstr (text->out, "Ruth Mensah"));
  g_assert_nonnull (strstr (text->out, "0 added, 0 updated, 2 unchanged, 0 conflicts"));

  conflicts = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "conflicts",
                                  "--json", NULL);
  g_assert_cmpint (conflicts->status, ==, 0);
  g_assert_cmpstr (g_strstrip (conflicts->out), ==, "[]");

  check = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "check", NULL);
  g_assert_cmpint (check->status, ==, 0);
}

static void
assert_import_fails (const char *db,
                     const char *path,
                     int         status,
                     const char *message)
{
  g_autoptr(AssayTestRun) run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", db,
                                                    "import", path, NULL);

  g_assert_cmpint (run->status, ==, status);
  g_assert_nonnull (strstr (run->err, path));
  if (strstr (run->err, message) == NULL)
    g_error ("expected “%s” in: %s", message, run->err);
}

static void
test_cli_bundle_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *b_identity = identity (f->b);
  g_autofree char *path = export_for (f, "ruth.assay", b_identity);
  g_autofree char *text_file = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *flipped = g_build_filename (f->dir, "flipped.assay", NULL);
  g_autofree char *truncated = g_build_filename (f->dir, "truncated.assay", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(AssayTestRun) bad_key = NULL;
  g_autoptr(AssayTestRun) bad_since = NULL;
  g_autoptr(AssayTestRun) list = NULL;
  gsize len;

  g_assert_true (g_file_set_contents (text_file, "case_ref\nEHC-1\n", -1, NULL));
  assert_import_fails (f->b, text_file, 3, "not an Assay bundle");
  assert_import_fails (f->c, path, 3, "not addressed to this installation");

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  contents[len - 100] ^= 0x20;
  g_assert_true (g_file_set_contents (flipped, contents, (gssize) len, NULL));
  assert_import_fails (f->b, flipped, 4, "fails authentication");
  contents[len - 100] ^= 0x20;
  g_assert_true (g_file_set_contents (truncated, contents, (gssize) len - 17, NULL));
  assert_import_fails (f->b, truncated, 4, "truncated");

  /* Nothing of any of them was kept. */
  list = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "audit", "list",
                             "--json", NULL);
  g_assert_cmpstr (g_strstrip (list->out), ==, "[]");

  bad_key = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->a, "export", "--to",
                                truncated, "--recipient", "3f2a-not-a-key", NULL);
  g_assert_cmpint (bad_key->status, ==, 1);
  g_assert_nonnull (strstr (bad_key->err, "3f2a-not-a-key"));

  bad_since = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->a, "export", "--to",
                                  truncated, "--since", "last week", NULL);
  g_assert_cmpint (bad_since->status, ==, 1);
  g_assert_nonnull (strstr (bad_since->err, "last week"));
}

static void
test_cli_bundle_partnership (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "forum.assay", NULL);
  g_autofree char *text_file = g_build_filename (f->dir, "notes.txt", NULL);
  g_autoptr(AssayTestRun) export = NULL;
  g_autoptr(AssayTestRun) no_passphrase = NULL;
  g_autoptr(AssayTestRun) wrong = NULL;
  g_autoptr(AssayTestRun) both = NULL;
  g_autoptr(AssayTestRun) list = NULL;

  g_setenv ("ASSAY_BUNDLE_PASSPHRASE", FORUM_PASSPHRASE, TRUE);
  export = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->a, "export", "--to", path,
                               "--partnership", NULL);
  g_assert_cmpint (export->status, ==, 0);
  g_assert_nonnull (strstr (export->out, "partnership passphrase"));

  /* No passphrase and no terminal to ask on. */
  g_unsetenv ("ASSAY_BUNDLE_PASSPHRASE");
  no_passphrase = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->c, "import", path,
                                      NULL);
  g_assert_cmpint (no_passphrase->status, ==, 2);
  g_assert_nonnull (strstr (no_passphrase->err, "partnership passphrase"));

  g_setenv ("ASSAY_BUNDLE_PASSPHRASE", "North forum autumn 2025", TRUE);
  wrong = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->c, "import", path, NULL);
  g_assert_cmpint (wrong->status, ==, 2);
  g_assert_nonnull (strstr (wrong->err, "does not open it"));

  /* One bad file among several: the others are still imported and the
   * exit code is the first failure's. */
  g_assert_true (g_file_set_contents (text_file, "not a bundle", -1, NULL));
  g_setenv ("ASSAY_BUNDLE_PASSPHRASE", FORUM_PASSPHRASE, TRUE);
  both = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->c, "import", text_file, path,
                             NULL);
  g_unsetenv ("ASSAY_BUNDLE_PASSPHRASE");
  g_assert_cmpint (both->status, ==, 3);
  g_assert_nonnull (strstr (both->err, text_file));
  g_assert_nonnull (strstr (both->out, "Total: 2 added, 0 updated, 0 unchanged, 0 conflicts"));

  list = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->c, "audit", "list", NULL);
  g_assert_cmpint (list->status, ==, 0);
  g_assert_nonnull (strstr (list->out, "EHC-1001"));
}

static char *
make_data_home (const char *dir,
                const char *name,
                gboolean    with_tiny)
{
  char *home = g_build_filename (dir, name, NULL);
  g_autofree char *folder = g_build_filename (home, "assay", "frameworks", NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  if (with_tiny)
    {
      g_autofree char *tiny = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                     "tiny.json", NULL);
      g_autofree char *target = g_build_filename (folder, "tiny.json", NULL);
      g_autofree char *contents = NULL;
      gsize len;
      g_autoptr(GError) error = NULL;

      g_file_get_contents (tiny, &contents, &len, &error);
      g_assert_no_error (error);
      g_file_set_contents (target, contents, (gssize) len, &error);
      g_assert_no_error (error);
    }

  return home;
}

/* Sam's audit is made with a partnership framework that Lee's computer does
 * not have: the import stores it and says so, and nothing else breaks */
static void
test_cli_bundle_missing_framework (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *saved_home = g_strdup (g_getenv ("XDG_DATA_HOME"));
  g_autofree char *home_b = make_data_home (f->dir, "home-b", TRUE);
  g_autofree char *home_c = make_data_home (f->dir, "home-c", FALSE);
  g_autofree char *folder_c = g_build_filename (home_c, "assay", "frameworks", NULL);
  g_autofree char *c_identity = identity (f->c);
  g_autofree char *path = g_build_filename (f->dir, "sam.assay", NULL);
  g_autofree char *audit_id = NULL;
  g_autoptr(AssayTestRun) create = NULL;
  g_autoptr(AssayTestRun) export = NULL;
  g_autoptr(AssayTestRun) import = NULL;
  g_autoptr(AssayTestRun) list = NULL;
  g_autoptr(AssayTestRun) compare = NULL;
  g_autoptr(AssayTestRun) installed = NULL;
  g_autoptr(AssayTestRun) again = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) compared = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(JsonNode) imported = NULL;
  JsonObject *bundle, *missing, *audit;
  JsonArray *array;

  g_setenv ("XDG_DATA_HOME", home_b, TRUE);
  create = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "audit", "new",
                               "--case", "EHC-2001", "--framework", "tiny", NULL);
  g_assert_cmpint (create->status, ==, 0);
  audit_id = g_strstrip (g_strdup (create->out));

  /* Finished, as only finished audits go to colleagues. */
  {
    const char *criteria[] = { "a1", "a2", "b1", "b2", "c1", "c2" };
    g_autoptr(AssayTestRun) finish = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (criteria); i++)
      {
        g_autoptr(AssayTestRun) grade = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db",
                                                            f->b, "audit", "grade", audit_id,
                                                            criteria[i], "silver", NULL);

        g_assert_cmpint (grade->status, ==, 0);
      }
    finish = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "audit", "finish",
                                 audit_id, NULL);
    g_assert_cmpint (finish->status, ==, 0);
  }
  {
    g_autofree char *sam = identity (f->b);

    add_contact (f->c, sam, "Sam Okafor", "education");
  }

  export = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "export", "--to", path,
                               "--recipient", c_identity, NULL);
  g_assert_cmpint (export->status, ==, 0);

  /* Lee's computer has the built-in frameworks only */
  g_setenv ("XDG_DATA_HOME", home_c, TRUE);
  import = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->c, "import", path,
                               "--json", NULL);
  g_assert_cmpint (import->status, ==, 0);
  assay_test_assert_contains (import->err, "warning");
  assay_test_assert_contains (import->err, "“tiny” version 1.0");
  assay_test_assert_contains (import->err, folder_c);
  imported = assay_test_parse_json (import->out);
  /* The audit; Sam has no caseload to send with it */
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (imported), "added"), ==, 1);
  bundle = json_array_get_object_element (
             json_object_get_array_member (json_node_get_object (imported), "bundles"), 0);
  array = json_object_get_array_member (bundle, "missing_frameworks");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  missing = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (missing, "framework"), ==, "tiny");
  g_assert_cmpstr (json_object_get_string_member (missing, "version"), ==, "1.0");
  g_assert_cmpint (json_object_get_int_member (missing, "audits"), ==, 1);

  /* Listing and comparing still work, and say what they left out */
  list = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->c, "audit", "list", NULL);
  g_assert_cmpint (list->status, ==, 0);
  g_assert_cmpstr (list->out, ==, "");
  assay_test_assert_contains (list->err, "1 audit cannot be read here");
  assay_test_assert_contains (list->err, "“tiny” version 1.0");
  assay_test_assert_contains (list->err, folder_c);

  compare = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->c, "compare", "--json",
                                NULL);
  g_assert_cmpint (compare->status, ==, 0);
  assay_test_assert_contains (compare->err, "“tiny” version 1.0");
  compared = assay_test_parse_json (compare->out);
  array = json_object_get_array_member (json_node_get_object (compared), "missing_frameworks");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                  "framework"), ==, "tiny");

  /* Installed in the partnership folder, the audit is read, whole */
  {
    g_autofree char *tiny = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                   "tiny.json", NULL);
    g_autofree char *target = g_build_filename (folder_c, "partnership-tiny.json", NULL);
    g_autofree char *contents = NULL;
    gsize len;
    g_autoptr(GError) error = NULL;

    g_file_get_contents (tiny, &contents, &len, &error);
    g_assert_no_error (error);
    g_file_set_contents (target, contents, (gssize) len, &error);
    g_assert_no_error (error);
  }
  installed = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->c, "audit", "list",
                                  "--json", NULL);
  g_assert_cmpint (installed->status, ==, 0);
  g_assert_cmpstr (installed->err, ==, "");
  listed = assay_test_parse_json (installed->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 1);
  audit = json_array_get_object_element (json_node_get_array (listed), 0);
  g_assert_cmpstr (json_object_get_string_member (audit, "id"), ==, audit_id);
  g_assert_cmpstr (json_object_get_string_member (audit, "framework"), ==, "tiny");
  g_assert_cmpstr (json_object_get_string_member (audit, "moderator"), ==, "Sam Okafor");

  /* Importing again warns no more */
  again = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->c, "import", path, NULL);
  g_assert_cmpint (again->status, ==, 0);
  g_assert_null (strstr (again->err, "warning"));

  if (saved_home != NULL)
    g_setenv ("XDG_DATA_HOME", saved_home, TRUE);
  else
    g_unsetenv ("XDG_DATA_HOME");
}

/* A bundle from someone B has not added is refused with exit 4, naming
 * them with their fingerprint, and leaves B's vault as it was; with
 * --trust-new it is imported and Ruth becomes an unverified moderator. */
static void
test_cli_bundle_stranger (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *b_identity = identity (f->b);
  g_autofree char *path = export_for (f, "ruth.assay", b_identity);
  g_autoptr(AssayTestRun) fingerprint = NULL;
  g_autoptr(AssayTestRun) refused = NULL;
  g_autoptr(AssayTestRun) list = NULL;
  g_autoptr(AssayTestRun) contacts = NULL;
  g_autoptr(JsonObject) accepted = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *ruth;

  fingerprint = assay_test_run_cli (NULL, NULL, "--db", f->a, "identity", "--fingerprint", NULL);
  g_assert_cmpint (fingerprint->status, ==, 0);
  g_strstrip (fingerprint->out);

  refused = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "import", path, NULL);
  g_assert_cmpint (refused->status, ==, 4);
  assay_test_assert_contains (refused->err, "Ruth Mensah");
  assay_test_assert_contains (refused->err, fingerprint->out);
  assay_test_assert_contains (refused->err, "--trust-new");

  list = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "audit", "list", "--json",
                             NULL);
  g_assert_cmpint (list->status, ==, 0);
  g_assert_cmpstr (g_strstrip (list->out), ==, "[]");

  {
    g_autoptr(AssayTestRun) run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b,
                                                      "import", "--trust-new", path, "--json",
                                                      NULL);
    g_autoptr(JsonNode) imported = NULL;

    g_assert_cmpint (run->status, ==, 0);
    imported = assay_test_parse_json (run->out);
    accepted = json_object_ref (json_node_get_object (imported));
  }
  g_assert_cmpint (json_object_get_int_member (accepted, "added"), ==, 2);

  contacts = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "contacts", "list",
                                 "--json", NULL);
  g_assert_cmpint (contacts->status, ==, 0);
  root = assay_test_parse_json (contacts->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  ruth = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (ruth, "name"), ==, "Ruth Mensah");
  g_assert_cmpstr (json_object_get_string_member (ruth, "role"), ==, "moderator");
  g_assert_false (json_object_get_boolean_member (ruth, "verified"));
  g_assert_cmpstr (json_object_get_string_member (ruth, "fingerprint"), ==, fingerprint->out);
}

/* Sam is the blind second look at Ruth's plan: once her bundle is in, no
 * command of his shows her grades, evidence or overall grade until he has
 * finished his own. */
static void
test_cli_bundle_blind (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *b_identity = identity (f->b);
  g_autofree char *path = export_for (f, "ruth.assay", b_identity);
  g_autofree char *csv = g_build_filename (f->dir, "report.csv", NULL);
  g_autoptr(AssayTestRun) blind = NULL;
  g_autoptr(JsonObject) imported = NULL;
  const char *commands[][5] = {
    { "audit", "list", NULL },
    { "audit", "list", "--json", NULL },
    { "audit", "show", f->audit_id, NULL },
    { "audit", "show", f->audit_id, "--json", NULL },
    { "compare", NULL },
    { "compare", "--json", NULL },
    { "report", "--csv", csv, NULL },
  };

  blind = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "audit", "new", "--case",
                              "EHC-1001", "--framework", "setting-visit", "--blind", NULL);
  g_assert_cmpint (blind->status, ==, 0);
  imported = import_json (f->b, path, 0);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autoptr(AssayTestRun) run = NULL;
      g_autofree char *file = NULL;

      g_ptr_array_add (args, "--db");
      g_ptr_array_add (args, f->b);
      for (guint j = 0; commands[i][j] != NULL; j++)
        g_ptr_array_add (args, (gpointer) commands[i][j]);
      g_ptr_array_add (args, NULL);

      run = assay_test_run_cli_argv (ASSAY_TEST_PASSPHRASE, NULL,
                                     (const char * const *) args->pdata);
      if (run->status != 0)
        g_error ("“%s %s” failed: %s", commands[i][0], commands[i][1], run->err);
      /* Her evidence nowhere; her grade in no line about her audit (the
       * comparison's headings name every grade). */
      if (strstr (run->out, "Provision seen") != NULL ||
          (g_str_equal (commands[i][0], "audit") && strstr (run->out, "ilver") != NULL))
        g_error ("“%s %s” shows Ruth’s hidden audit:\n%s", commands[i][0], commands[i][1],
                 run->out);
      if (g_str_equal (commands[i][0], "compare") && commands[i][1] != NULL)
        {
          g_autoptr(JsonNode) compared = assay_test_parse_json (run->out);

          g_assert_cmpint (json_object_get_int_member (json_node_get_object (compared),
                                                       "audits"), ==, 0);
        }

      if (g_str_equal (commands[i][0], "report") &&
          g_file_get_contents (commands[i][2], &file, NULL, NULL))
        {
          g_assert_null (strstr (file, "Provision seen"));
          g_assert_null (strstr (file, f->audit_id));
        }
    }

  {
    g_autoptr(AssayTestRun) show = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b,
                                                       "audit", "show", f->audit_id, "--json",
                                                       NULL);
    g_autoptr(JsonNode) root = assay_test_parse_json (show->out);
    JsonObject *object = json_node_get_object (root);

    g_assert_true (json_object_get_boolean_member (object, "hidden"));
    g_assert_true (json_object_get_null_member (json_object_get_object_member (object, "overall"),
                                                "final"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "grades")),
                      ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  assay_test_cli_init (&argc, &argv);

  /* Which colleagues' vaults each test needs: 1 for B, 2 for C. */
  g_test_add ("/cli/bundle/round-trip", Fixture, GUINT_TO_POINTER (1), fixture_set_up,
              test_cli_bundle_round_trip, fixture_tear_down);
  g_test_add ("/cli/bundle/stranger", Fixture, GUINT_TO_POINTER (1 | STRANGERS), fixture_set_up,
              test_cli_bundle_stranger, fixture_tear_down);
  g_test_add ("/cli/bundle/blind", Fixture, GUINT_TO_POINTER (1), fixture_set_up,
              test_cli_bundle_blind, fixture_tear_down);
  g_test_add ("/cli/bundle/refused", Fixture, GUINT_TO_POINTER (3), fixture_set_up,
              test_cli_bundle_refused, fixture_tear_down);
  g_test_add ("/cli/bundle/partnership", Fixture, GUINT_TO_POINTER (2), fixture_set_up,
              test_cli_bundle_partnership, fixture_tear_down);
  g_test_add ("/cli/bundle/missing-framework", Fixture, GUINT_TO_POINTER (3), fixture_set_up,
              test_cli_bundle_missing_framework, fixture_tear_down);

  shared_set_up ();
  status = g_test_run ();
  shared_tear_down ();

  return status;
}
