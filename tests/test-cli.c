/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "assay-cli-test-util.h"
#include "assay-store.h"
#include "assay-test-util.h"

/*
 * Drives the real assay-cli binary, as a person or a script would, against
 * real vaults with the real Argon2id cost.
 */

/* The shared test environment, its vault made by `assay-cli init` in a
 * folder that does not exist yet, and the identity init printed. */
typedef struct
{
  AssayTestEnv  env;
  char         *identity;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AssayTestRun) run = NULL;

  assay_test_env_set_up (&f->env, ASSAY_TEST_ENV_NO_VAULT);
  g_free (f->env.path);
  f->env.path = g_build_filename (f->env.dir, "vault", "assay.db", NULL);

  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->env.path, "init",
                            "--name", "Sam Okafor", "--agency", "Education", NULL);
  g_assert_cmpint (run->status, ==, 0);
  f->env.recovery_key = assay_test_line_value (run->out, "Recovery key: ");
  f->identity = assay_test_line_value (run->out, "Identity: ");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  assay_test_env_tear_down (&f->env);
  g_free (f->identity);
}

static void
test_cli_init (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(AssayTestRun) again = NULL;
  g_autoptr(AssayTestRun) identity = NULL;
  guint8 key[ASSAY_RECOVERY_KEY_BYTES];
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (assay_recovery_key_parse (f->env.recovery_key, key, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (f->env.path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A second init leaves the vault alone. */
  again = assay_test_run_cli ("some other passphrase", NULL, "--db", f->env.path, "init", NULL);
  g_assert_cmpint (again->status, ==, 1);
  g_assert_nonnull (strstr (again->err, "already holds a vault"));

  identity = assay_test_run_cli (NULL, NULL, "--db", f->env.path, "identity", NULL);
  g_assert_cmpint (identity->status, ==, 0);
  g_assert_cmpstr (g_strstrip (identity->out), ==, f->identity);
}

static void
test_cli_init_json (void)
{
  g_autofree char *dir = assay_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "assay.db", NULL);
  g_autoptr(AssayTestRun) run = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", db, "--json", "init", NULL);
  g_assert_cmpint (run->status, ==, 0);
  json_parser_load_from_data (parser, run->out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "identity")), ==, 64);
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "recovery_key")), ==, 39);

  assay_test_rmdir (dir);
}

static void
test_cli_init_weak (void)
{
  g_autofree char *dir = assay_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "assay.db", NULL);
  g_autoptr(AssayTestRun) run = NULL;
  g_autoptr(AssayTestRun) check = NULL;

  run = assay_test_run_cli ("short", NULL, "--db", db, "init", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->err, "at least 8"));

  /* No passphrase and no terminal to ask on. */
  g_clear_pointer (&run, assay_test_run_free);
  run = assay_test_run_cli (NULL, NULL, "--db", db, "init", NULL);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_nonnull (strstr (run->err, "ASSAY_PASSPHRASE"));

  check = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", db, "check", NULL);
  g_assert_cmpint (check->status, ==, 2);
  g_assert_nonnull (strstr (check->err, "no vault"));

  assay_test_rmdir (dir);
}

static void
test_cli_check (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AssayTestRun) ok = NULL;
  g_autoptr(AssayTestRun) wrong = NULL;
  g_autoptr(AssayTestRun) none = NULL;
  g_autoptr(AssayTestRun) json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->env.dir, "missing.db", NULL);

  ok = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->env.path, "check", NULL);
  g_assert_cmpint (ok->status, ==, 0);
  g_assert_nonnull (strstr (ok->out, "0 revisions checked, 0 intact, 0 damaged"));

  wrong = assay_test_run_cli ("not the passphrase", NULL, "--db", f->env.path, "check", NULL);
  g_assert_cmpint (wrong->status, ==, 2);
  g_assert_nonnull (strstr (wrong->err, "passphrase is not correct"));
  /* Secrets never reach the terminal. */
  g_assert_null (strstr (wrong->err, "not the passphrase"));

  none = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", missing, "check", NULL);
  g_assert_cmpint (none->status, ==, 2);
  g_assert_nonnull (strstr (none->err, missing));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  json = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->env.path, "check", "--json",
                             NULL);
  g_assert_cmpint (json->status, ==, 0);
  json_parser_load_from_data (parser, json->out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                               "records"), ==, 0);
}

/* Adds records through core, on the CLI's vault. */
static GPtrArray *
add_records (Fixture *f,
             guint    n)
{
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  database = assay_database_open (f->env.path, &error);
  g_assert_no_error (error);
  vault = assay_vault_new (database);
  assay_vault_unlock (vault, ASSAY_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  store = assay_store_new (vault);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"case\":\"EHC-%04u\"}", i);
      g_autoptr(GBytes) payload = assay_test_bytes (text);
      g_autoptr(AssayRecord) record = assay_store_save (store, "audits", NULL, payload, &error);

      g_assert_no_error (error);
      g_ptr_array_add (ids, g_strdup (record->id));
    }

  return ids;
}

static void
tamper (Fixture    *f,
        const char *sql,
        const char *a,
        const char *b)
{
  g_autoptr(AssayDatabase) database = assay_database_open (f->env.path, NULL);
  g_autoptr(AssayStatement) stmt = assay_database_prepare (database, sql, NULL);
  g_autoptr(GError) error = NULL;

  assay_statement_bind_text (stmt, 1, a);
  if (b != NULL)
    assay_statement_bind_text (stmt, 2, b);
  g_assert_true (assay_statement_run (stmt, &error));
  g_assert_no_error (error);
}

static void
test_cli_check_damage (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_records (f, 4);
  g_autoptr(AssayTestRun) clean = NULL;
  g_autoptr(AssayTestRun) flipped = NULL;
  g_autoptr(AssayTestRun) swapped = NULL;
  const char *a = ids->pdata[0], *b = ids->pdata[1], *c = ids->pdata[2], *d = ids->pdata[3];

  clean = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->env.path, "check", NULL);
  g_assert_cmpint (clean->status, ==, 0);
  g_assert_nonnull (strstr (clean->out, "4 revisions checked, 4 intact, 0 damaged"));

  /* The last byte of b's ciphertext (in its tag) is inverted. */
  tamper (f,
          "UPDATE records SET sealed = substr(sealed, 1, length(sealed) - 1) || "
          "  CASE WHEN substr(sealed, -1) = x'00' THEN x'01' ELSE x'00' END "
          "WHERE id = ?1",
          b, NULL);
  flipped = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->env.path, "check", NULL);
  g_assert_cmpint (flipped->status, ==, 4);
  g_assert_nonnull (strstr (flipped->err, b));
  g_assert_null (strstr (flipped->err, a));
  g_assert_nonnull (strstr (flipped->out, "4 revisions checked, 3 intact, 1 damaged"));

  /* c's and d's rows trade ids: both are named. */
  tamper (f, "UPDATE records SET id = ?2 WHERE id = ?1", c, "swap");
  tamper (f, "UPDATE records SET id = ?2 WHERE id = ?1", d, c);
  tamper (f, "UPDATE records SET id = ?2 WHERE id = ?1", "swap", d);
  swapped = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->env.path, "check", NULL);
  g_assert_cmpint (swapped->status, ==, 4);
  g_assert_nonnull (strstr (swapped->err, c));
  g_assert_nonnull (strstr (swapped->err, d));
  g_assert_nonnull (strstr (swapped->out, "4 revisions checked, 1 intact, 3 damaged"));
}

static void
test_cli_passwd (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_records (f, 2);
  g_autoptr(AssayTestRun) weak = NULL;
  g_autoptr(AssayTestRun) changed = NULL;
  g_autoptr(AssayTestRun) old = NULL;
  g_autoptr(AssayTestRun) fresh = NULL;

  g_assert_cmpuint (ids->len, ==, 2);

  weak = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, "tiny", "--db", f->env.path, "passwd", NULL);
  g_assert_cmpint (weak->status, ==, 1);

  changed = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, "the new passphrase", "--db", f->env.path,
                                "passwd", NULL);
  g_assert_cmpint (changed->status, ==, 0);

  old = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->env.path, "check", NULL);
  g_assert_cmpint (old->status, ==, 2);

  fresh = assay_test_run_cli ("the new passphrase", NULL, "--db", f->env.path, "check", NULL);
  g_assert_cmpint (fresh->status, ==, 0);
  g_assert_nonnull (strstr (fresh->out, "2 revisions checked, 2 intact, 0 damaged"));
}

static void
test_cli_recover (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *other_dir = assay_test_mkdtemp ();
  g_autofree char *other_key = NULL;
  g_autoptr(AssayVault) other = assay_test_vault_new (other_dir, &other_key);
  g_autoptr(GPtrArray) ids = add_records (f, 1);
  g_autoptr(AssayTestRun) wrong = NULL;
  g_autoptr(AssayTestRun) garbled = NULL;
  g_autoptr(AssayTestRun) ok = NULL;
  g_autoptr(AssayTestRun) check = NULL;

  g_assert_cmpuint (ids->len, ==, 1);

  wrong = assay_test_run_cli (NULL, "recovered passphrase", "--db", f->env.path, "recover",
                              "--recovery-key", other_key, NULL);
  g_assert_cmpint (wrong->status, ==, 2);
  g_assert_nonnull (strstr (wrong->err, "not the one for this vault"));
  g_assert_null (strstr (wrong->err, other_key));

  garbled = assay_test_run_cli (NULL, "recovered passphrase", "--db", f->env.path, "recover",
                                "--recovery-key", "ABCD-EFGH", NULL);
  g_assert_cmpint (garbled->status, ==, 2);

  /* The old passphrase still works after the failures. */
  check = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->env.path, "check", NULL);
  g_assert_cmpint (check->status, ==, 0);
  g_clear_pointer (&check, assay_test_run_free);

  ok = assay_test_run_cli (NULL, "recovered passphrase", "--db", f->env.path, "recover",
                           "--recovery-key", f->env.recovery_key, NULL);
  g_assert_cmpint (ok->status, ==, 0);

  check = assay_test_run_cli ("recovered passphrase", NULL, "--db", f->env.path, "check", NULL);
  g_assert_cmpint (check->status, ==, 0);
  g_assert_nonnull (strstr (check->out, "1 intact"));

  g_clear_object (&other);
  assay_test_rmdir (other_dir);
}

static void
test_cli_usage (void)
{
  g_autofree char *dir = assay_test_mkdtemp ();
  g_autofree char *text = g_build_filename (dir, "caseload.csv", NULL);
  g_autoptr(AssayTestRun) unknown = NULL;
  g_autoptr(AssayTestRun) bad_option = NULL;
  g_autoptr(AssayTestRun) help = NULL;
  g_autoptr(AssayTestRun) not_db = NULL;

  unknown = assay_test_run_cli (NULL, NULL, "frobnicate", NULL);
  g_assert_cmpint (unknown->status, ==, 1);
  g_assert_nonnull (strstr (unknown->err, "frobnicate"));

  bad_option = assay_test_run_cli (NULL, NULL, "--db", "x.db", "init", "--colour", NULL);
  g_assert_cmpint (bad_option->status, ==, 1);

  help = assay_test_run_cli (NULL, NULL, "--help", NULL);
  g_assert_cmpint (help->status, ==, 0);
  g_assert_nonnull (strstr (help->out, "recover"));

  /* A file that is not an Assay database is rejected untouched. */
  g_file_set_contents (text, "case_ref,team\nA1,North\n", -1, NULL);
  not_db = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", text, "check", NULL);
  g_assert_cmpint (not_db->status, ==, 3);
  g_assert_nonnull (strstr (not_db->err, text));

  assay_test_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  assay_test_cli_init (&argc, &argv);

  ASSAY_TEST_ADD ("/cli/init", test_cli_init);
  g_test_add_func ("/cli/init-json", test_cli_init_json);
  g_test_add_func ("/cli/init-weak", test_cli_init_weak);
  ASSAY_TEST_ADD ("/cli/check", test_cli_check);
  ASSAY_TEST_ADD ("/cli/check-damage", test_cli_check_damage);
  ASSAY_TEST_ADD ("/cli/passwd", test_cli_passwd);
  ASSAY_TEST_ADD ("/cli/recover", test_cli_recover);
  g_test_add_func ("/cli/usage", test_cli_usage);

  return g_test_run ();
}
