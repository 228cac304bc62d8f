/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "assay-cli-test-util.h"
#include "assay-contacts.h"
#include "assay-test-util.h"

/*
 * `identity --export` and `contacts` through the real binary: a colleague's
 * identity file written by their own installation, added, verified,
 * revoked and removed, with the contract's exit codes.
 */

/* Two vaults made once (each `init` costs a key derivation): Ann Patel of
 * Health, the colleague, with her identity file, and Bob Jones of Social
 * care, whose address book each test copies and changes. */
typedef struct
{
  char *dir;
  char *a;
  char *b;
  char *a_file;
  char *a_key;
} Shared;

static Shared shared;

typedef struct
{
  char       *dir;
  const char *a;
  char       *b;        /* a copy of the shared one */
  const char *a_file;
  const char *a_key;
} Fixture;

static char *
run_ok (const char *db,
        ...) G_GNUC_NULL_TERMINATED;

/* Runs a command on @db that must succeed, and returns its stdout. */
static char *
run_ok (const char *db,
        ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(AssayTestRun) run = NULL;
  const char *arg;
  va_list ap;

  va_start (ap, db);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_assert_cmpuint (args->len, <=, 8);
  while (args->len < 8)
    g_ptr_array_add (args, NULL);

  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", db,
                            g_ptr_array_index (args, 0), g_ptr_array_index (args, 1),
                            g_ptr_array_index (args, 2), g_ptr_array_index (args, 3),
                            g_ptr_array_index (args, 4), g_ptr_array_index (args, 5),
                            g_ptr_array_index (args, 6), g_ptr_array_index (args, 7),
                            NULL);
  if (run->status != 0)
    g_error ("exit %d: %s", run->status, run->err);

  return g_steal_pointer (&run->out);
}

static void
shared_set_up (void)
{
  g_autofree char *out = NULL;
  g_autoptr(AssayTestRun) run = NULL;

  shared.dir = assay_test_mkdtemp ();
  shared.a = g_build_filename (shared.dir, "a.db", NULL);
  shared.b = g_build_filename (shared.dir, "b.db", NULL);
  shared.a_file = g_build_filename (shared.dir, "ann.assay-id", NULL);
  assay_test_cli_init_vault (shared.a, "Ann Patel", "Health");
  assay_test_cli_init_vault (shared.b, "Bob Jones", "Social care");

  out = run_ok (shared.a, "identity", "--export", shared.a_file, NULL);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_file_test (shared.a_file, G_FILE_TEST_IS_REGULAR));

  /* Unchanged for scripts: the bare key and nothing else. */
  run = assay_test_run_cli (NULL, NULL, "--db", shared.a, "identity", NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpuint (strlen (run->out), ==, 65);
  g_assert_cmpint (run->out[64], ==, '\n');
  shared.a_key = g_strndup (run->out, 64);
}

static void
shared_tear_down (void)
{
  assay_test_rmdir (shared.dir);
  g_free (shared.dir);
  g_free (shared.a);
  g_free (shared.b);
  g_free (shared.a_file);
  g_free (shared.a_key);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  f->dir = assay_test_mkdtemp ();
  f->a = shared.a;
  f->a_file = shared.a_file;
  f->a_key = shared.a_key;
  f->b = g_build_filename (f->dir, "b.db", NULL);
  g_assert_true (g_file_get_contents (shared.b, &contents, &len, &error));
  g_assert_true (g_file_set_contents (f->b, contents, (gssize) len, &error));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  assay_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->b);
}

/* `contacts list --json` on @db, parsed. */
static JsonNode *
list_json (const char *db)
{
  g_autofree char *out = run_ok (db, "contacts", "list", "--json", NULL);
  JsonNode *root = assay_test_parse_json (out);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));

  return root;
}

static JsonObject *
only_contact (JsonNode *root)
{
  JsonArray *array = json_node_get_array (root);

  g_assert_cmpuint (json_array_get_length (array), ==, 1);

  return json_array_get_object_element (array, 0);
}

static void
test_add_from_file (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *fingerprint = assay_identity_fingerprint (f->a_key);
  g_autofree char *printed = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(AssayTestRun) add = NULL;
  JsonObject *contact;

  printed = run_ok (f->a, "identity", "--fingerprint", NULL);
  g_assert_cmpstr (g_strstrip (printed), ==, fingerprint);

  add = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "contacts", "add",
                            f->a_file, "--role", "chair", NULL);
  g_assert_cmpint (add->status, ==, 0);
  /* The fingerprint to compare is shown straight away. */
  g_assert_nonnull (strstr (add->err, fingerprint));

  root = list_json (f->b);
  contact = only_contact (root);
  assay_test_assert_members (contact, "key fingerprint name agency role verified revoked");
  g_assert_cmpstr (json_object_get_string_member (contact, "key"), ==, f->a_key);
  g_assert_cmpstr (json_object_get_string_member (contact, "fingerprint"), ==, fingerprint);
  g_assert_cmpstr (json_object_get_string_member (contact, "name"), ==, "Ann Patel");
  g_assert_cmpstr (json_object_get_string_member (contact, "agency"), ==, "Health");
  g_assert_cmpstr (json_object_get_string_member (contact, "role"), ==, "chair");
  g_assert_false (json_object_get_boolean_member (contact, "verified"));
  g_assert_true (json_object_get_null_member (contact, "revoked"));

  /* Verified by the fingerprint Ann reads out; adding her file again keeps
   * both that and her role. */
  g_free (run_ok (f->b, "contacts", "verify", fingerprint, NULL));
  g_free (run_ok (f->b, "contacts", "add", f->a_file, NULL));
  again = list_json (f->b);
  contact = only_contact (again);
  g_assert_true (json_object_get_boolean_member (contact, "verified"));
  g_assert_cmpstr (json_object_get_string_member (contact, "role"), ==, "chair");

  text = run_ok (f->b, "contacts", "list", NULL);
  g_assert_nonnull (strstr (text, "Ann Patel"));
  g_assert_nonnull (strstr (text, "Health"));
  g_assert_nonnull (strstr (text, "chair"));
  g_assert_nonnull (strstr (text, "verified"));
  g_assert_nonnull (strstr (text, fingerprint));
}

static void
test_add_by_key (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(AssayTestRun) nameless = NULL;
  g_autoptr(AssayTestRun) role = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *contact;

  nameless = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "contacts", "add",
                                 f->a_key, NULL);
  g_assert_cmpint (nameless->status, ==, 1);
  g_assert_nonnull (strstr (nameless->err, "--name"));

  role = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "contacts", "add",
                             f->a_key, "--name", "Ann", "--role", "forum", NULL);
  g_assert_cmpint (role->status, ==, 1);

  g_free (run_ok (f->b, "contacts", "add", f->a_key, "--name", "Ann P.", "--verified", NULL));
  /* Known now: the name may be left out, and stays. */
  g_free (run_ok (f->b, "contacts", "add", f->a_key, "--role", "chair", NULL));

  root = list_json (f->b);
  contact = only_contact (root);
  g_assert_cmpstr (json_object_get_string_member (contact, "name"), ==, "Ann P.");
  g_assert_cmpstr (json_object_get_string_member (contact, "agency"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (contact, "role"), ==, "chair");
  g_assert_true (json_object_get_boolean_member (contact, "verified"));
}

static void
test_revoke_and_remove (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *fingerprint = assay_identity_fingerprint (f->a_key);
  g_autofree char *prefix = g_strndup (f->a_key, 12);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) empty = NULL;
  JsonObject *contact;
  struct
  {
    const char *args[4];
    int         status;
  } refused[] = {
    { { "revoke", prefix, "--from", "2026-02-30" }, 1 },
    { { "revoke", prefix, NULL }, 1 },
    { { "revoke", "00000 00000 00000 00000 00000 00000", "--from", "2026-03-01" }, 1 },
    { { "remove", "ffff0000", NULL }, 1 },
    { { "remove", NULL }, 1 },
    { { "verify", "Ann Patel", NULL }, 1 },
    { { "forget", prefix, NULL }, 1 },
  };

  g_free (run_ok (f->b, "contacts", "add", f->a_file, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(AssayTestRun) run =
        assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "contacts",
                            refused[i].args[0], refused[i].args[1], refused[i].args[2],
                            refused[i].args[3], NULL);

      g_test_message ("contacts %s %s", refused[i].args[0], refused[i].args[1]);
      g_assert_cmpint (run->status, ==, refused[i].status);
      g_assert_cmpstr (run->out, ==, "");
    }

  g_free (run_ok (f->b, "contacts", "revoke", prefix, "--from", "2026-03-01", NULL));
  root = list_json (f->b);
  contact = only_contact (root);
  g_assert_cmpstr (json_object_get_string_member (contact, "revoked"), ==, "2026-03-01");

  {
    g_autoptr(AssayTestRun) wrong = assay_test_run_cli ("not the passphrase", NULL,
                                                        "--db", f->b, "contacts", "remove",
                                                        fingerprint, NULL);

    g_assert_cmpint (wrong->status, ==, 2);
  }

  g_free (run_ok (f->b, "contacts", "remove", fingerprint, NULL));
  empty = list_json (f->b);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (empty)), ==, 0);
}

static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *tampered = g_build_filename (f->dir, "tampered.assay-id", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.assay-id", NULL);
  g_autoptr(GString) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  struct
  {
    const char *path;
    const char *names;
  } cases[] = {
    { tampered, "“signature”" },
    { csv, "“format”" },
    { missing, "missing.assay-id" },
  };

  /* Someone on the way makes Ann's file say she is the chair. */
  g_assert_true (g_file_get_contents (f->a_file, &text, NULL, &error));
  edited = g_string_new (text);
  g_assert_cmpuint (g_string_replace (edited, "\"Ann Patel\"", "\"Ann Patel, Chair\"", 1), ==,
                    1);
  g_assert_true (g_file_set_contents (tampered, edited->str, -1, &error));
  g_assert_true (g_file_set_contents (csv, "Ann Patel,Health\n", -1, &error));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AssayTestRun) run =
        assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->b, "contacts", "add",
                            cases[i].path, NULL);

      g_assert_cmpint (run->status, ==, 3);
      g_assert_nonnull (strstr (run->err, cases[i].path));
      g_assert_nonnull (strstr (run->err, cases[i].names));
    }

  root = list_json (f->b);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 0);

  /* One's own file is not a contact: one is always trusted. */
  {
    g_autoptr(AssayTestRun) self = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL,
                                                       "--db", f->a, "contacts", "add",
                                                       f->a_file, NULL);

    g_assert_cmpint (self->status, ==, 1);
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  assay_test_cli_init (&argc, &argv);

  g_test_add ("/cli/contacts/add-from-file", Fixture, NULL,
              fixture_set_up, test_add_from_file, fixture_tear_down);
  g_test_add ("/cli/contacts/add-by-key", Fixture, NULL,
              fixture_set_up, test_add_by_key, fixture_tear_down);
  g_test_add ("/cli/contacts/revoke-and-remove", Fixture, NULL,
              fixture_set_up, test_revoke_and_remove, fixture_tear_down);
  g_test_add ("/cli/contacts/bad-files", Fixture, NULL,
              fixture_set_up, test_bad_files, fixture_tear_down);

  shared_set_up ();
  status = g_test_run ();
  shared_tear_down ();

  return status;
}
