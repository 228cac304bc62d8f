/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sodium.h>
#include <glib/gstdio.h>

#include "assay-cli-test-util.h"
#include "assay-store.h"
#include "assay-test-util.h"

/*
 * `assay-cli check` against a vault changed behind Assay's back, as someone
 * with a copy of the file would change it: each change gives exit 4 and a
 * message naming what is wrong, and what Assay itself did gives 0.
 */

typedef AssayTestEnv Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  assay_test_env_set_up (f, ASSAY_TEST_ENV_DEFAULT);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  assay_test_env_tear_down (f);
}

/* A record with @revisions revisions; returns its id. */
static char *
save_record (Fixture *f,
             guint    revisions)
{
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  for (guint i = 0; i < revisions; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"case\": \"EHC-%u\"}", i);
      g_autoptr(GBytes) payload = g_bytes_new (text, strlen (text));
      g_autoptr(AssayRecord) record = assay_store_save (f->store, "audits", id, payload, &error);

      g_assert_no_error (error);
      if (id == NULL)
        id = g_strdup (record->id);
    }

  return id;
}

static void
tamper (Fixture    *f,
        const char *sql)
{
  g_autoptr(GError) error = NULL;

  assay_database_exec (assay_vault_get_database (f->vault), sql, &error);
  g_assert_no_error (error);
}

/* Runs @sql with @id as ?1. */
static void
tamper_id (Fixture    *f,
           const char *sql,
           const char *id)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = assay_database_prepare (assay_vault_get_database (f->vault), sql, &error);
  g_assert_no_error (error);
  assay_statement_bind_text (stmt, 1, id);
  assay_statement_run (stmt, &error);
  g_assert_no_error (error);
}

static AssayTestRun *
check (Fixture    *f,
       const char *option)
{
  return assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "check", option,
                             NULL);
}

static void
assert_check_fails (Fixture    *f,
                    const char *needle,
                    const char *also)
{
  g_autoptr(AssayTestRun) run = check (f, NULL);

  g_assert_cmpint (run->status, ==, 4);
  assay_test_assert_contains (run->err, needle);
  if (also != NULL)
    assay_test_assert_contains (run->err, also);
}

static void
assert_check_passes (Fixture *f)
{
  g_autoptr(AssayTestRun) run = check (f, NULL);

  if (run->status != 0)
    g_printerr ("%s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  assay_test_assert_contains (run->out, "Vault as a whole: intact");
}

static void
test_check_own_writes (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *kept = save_record (f, 3);
  g_autofree char *gone = save_record (f, 2);
  g_autoptr(GError) error = NULL;

  /* What Assay does itself, deleting included, is the vault as it should be. */
  assert_check_passes (f);
  assay_store_delete (f->store, "audits", gone, &error);
  g_assert_no_error (error);
  assert_check_passes (f);
  g_assert_true (assay_store_verify_head (f->store, &error));
  g_assert_no_error (error);
}

static void
test_check_newest_revision_deleted (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *id = save_record (f, 3);
  g_autofree char *other = save_record (f, 1);

  tamper_id (f, "DELETE FROM records WHERE id = ?1 AND revision = 3", id);
  assert_check_fails (f, id, "rolled back");
}

static void
test_check_record_deleted (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *id = save_record (f, 2);
  g_autofree char *other = save_record (f, 1);
  g_autoptr(AssayTestRun) run = NULL;

  tamper_id (f, "DELETE FROM records WHERE id = ?1", id);
  assert_check_fails (f, id, "deleted");

  /* The ledger that names it deleted too: still found, by the head's sums. */
  tamper_id (f, "DELETE FROM ledger WHERE id = ?1", id);
  assert_check_fails (f, "records were deleted", NULL);
}

static void
test_check_revision_removed (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *id = save_record (f, 3);

  tamper_id (f, "DELETE FROM records WHERE id = ?1 AND revision = 1", id);
  assert_check_fails (f, id, "missing");
}

static void
test_check_schema_planted (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *id = save_record (f, 1);

  tamper (f, "CREATE TRIGGER keep_copy AFTER INSERT ON records BEGIN "
             "  UPDATE records SET hlc = hlc WHERE 0; END");
  assert_check_fails (f, "trigger “keep_copy”", "did not create");

  tamper (f, "DROP TRIGGER keep_copy; CREATE VIEW peek AS SELECT id FROM records");
  assert_check_fails (f, "view “peek”", NULL);

  tamper (f, "DROP VIEW peek");
  assert_check_passes (f);
}

static void
test_check_recovery_wrap_zeroed (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *id = save_record (f, 1);

  g_assert_true (assay_vault_has_recovery_key (f->vault));
  tamper (f, "UPDATE vault SET recovery_wrap = zeroblob (length (recovery_wrap))");
  g_assert_false (assay_vault_has_recovery_key (f->vault));
  assert_check_fails (f, "recovery key wrap", NULL);
}

static void
test_check_kdf_lowered (void)
{
  g_autofree char *dir = assay_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "assay.db", NULL);
  g_autoptr(AssayDatabase) database = assay_database_open (path, NULL);
  g_autoptr(AssayVault) vault = assay_vault_new (database);
  g_autoptr(AssayTestRun) run = NULL;
  g_autoptr(GError) error = NULL;
  AssayKdfParams params = { crypto_pwhash_OPSLIMIT_MIN + 1, crypto_pwhash_MEMLIMIT_MIN * 4 };

  assay_vault_create (vault, ASSAY_TEST_PASSPHRASE, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Cheaper parameters make the wrap fail as a wrong passphrase would:
   * against what this computer saw, it is a downgrade. */
  assay_database_exec (database, "UPDATE vault SET kdf_opslimit = kdf_opslimit - 1, "
                                 "kdf_memlimit = kdf_memlimit / 4", &error);
  g_assert_no_error (error);
  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", path, "check", NULL);
  g_assert_cmpint (run->status, ==, 4);
  assay_test_assert_contains (run->err, "downgrade");

  g_clear_object (&vault);
  g_clear_object (&database);
  assay_test_rmdir (dir);
}

static void
test_check_conflict_removed (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *id = save_record (f, 1);
  g_autoptr(AssayRecord) held = assay_store_load (f->store, "audits", id, NULL);
  g_autoptr(AssayRecord) other = assay_record_copy (held);
  g_autoptr(GError) error = NULL;
  gboolean added = FALSE;

  /* Another version of the same revision, as an import sets aside. */
  g_clear_pointer (&other->payload, g_bytes_unref);
  other->payload = g_bytes_new_static ("{\"case\": \"EHC-9\"}", 17);
  other->hlc++;
  assay_store_add_conflict (f->store, other, &added, &error);
  g_assert_no_error (error);
  g_assert_true (added);
  assert_check_passes (f);

  tamper (f, "DELETE FROM conflicts");
  assert_check_fails (f, "conflict", NULL);
}

static void
test_check_restored (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *first = save_record (f, 2);
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *log = g_build_filename (g_get_user_state_dir (), "assay", "restores.log",
                                           NULL);
  g_autofree char *contents = NULL;
  g_autofree char *later = NULL;
  g_autoptr(AssayTestRun) accepted = NULL;
  g_autoptr(AssayTestRun) written = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  assay_database_checkpoint (assay_vault_get_database (f->vault), &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (backup, contents, len, NULL));
  g_clear_pointer (&contents, g_free);

  later = save_record (f, 1);
  assert_check_passes (f);

  /* The whole file put back as it was before the last save. */
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  g_assert_true (g_file_get_contents (backup, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (f->path, contents, len, NULL));
  assert_check_fails (f, "older than the vault last seen", "--accept-restore");

  /* Nothing is written to it meanwhile. */
  written = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "erase",
                                first, "--reason", "test", NULL);
  g_assert_cmpint (written->status, !=, 0);

  /* A genuine restore is accepted, once, and logged. */
  accepted = check (f, "--accept-restore");
  g_assert_cmpint (accepted->status, ==, 0);
  assert_check_passes (f);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (log, &contents, NULL, NULL));
  assay_test_assert_contains (contents, f->path);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  g_autoptr(AssayStatement) stmt = NULL;

  stmt = assay_database_prepare (assay_vault_get_database (f->vault), sql, NULL);
  g_assert_true (assay_statement_step (stmt, NULL));

  return assay_statement_get_int64 (stmt, 0);
}

static void
test_check_damaged_page (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = save_record (f, 1);
  g_autoptr(GError) error = NULL;
  gint64 page_size = query_int (f, "PRAGMA page_size");
  gint64 root = query_int (f, "SELECT rootpage FROM sqlite_schema WHERE name = 'vault'");
  guint8 junk[64];
  FILE *file;

  assay_database_checkpoint (assay_vault_get_database (f->vault), &error);
  g_assert_no_error (error);
  g_clear_object (&f->store);
  g_clear_object (&f->vault);

  /* The key record's page loses its header: "damaged", not "no vault". */
  memset (junk, 0xff, sizeof junk);
  file = g_fopen (f->path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, (long) ((root - 1) * page_size), SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (junk, 1, sizeof junk, file), ==, sizeof junk);
  fclose (file);

  assert_check_fails (f, f->path, "malformed");
}

static void
test_check_key_record_removed (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *id = save_record (f, 1);

  tamper (f, "DELETE FROM vault");
  assert_check_fails (f, "key record", "removed");
}

static void
test_passwd_rekey (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = save_record (f, 2);
  g_autoptr(AssayTestRun) rekey = NULL;
  g_autoptr(AssayTestRun) old_check = NULL;
  g_autoptr(AssayTestRun) new_check = NULL;
  g_autoptr(AssayTestRun) old_recovery = NULL;
  g_autoptr(AssayTestRun) new_recovery = NULL;
  g_autoptr(AssayTestRun) old_wrap = NULL;
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery = NULL;
  const char *new_passphrase = "a new passphrase, long enough";

  g_clear_object (&f->store);
  g_clear_object (&f->vault);

  /* The key record as it was, as someone who copied the file kept it. */
  database = assay_database_open (f->path, &error);
  g_assert_no_error (error);
  assay_database_exec (database, "CREATE TABLE old_keys AS SELECT * FROM vault", &error);
  g_assert_no_error (error);
  g_clear_object (&database);

  rekey = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, new_passphrase, "--db", f->path, "passwd",
                              "--rekey", NULL);
  g_assert_cmpint (rekey->status, ==, 0);
  recovery = assay_test_line_value (rekey->out, "Recovery key: ");
  g_assert_nonnull (recovery);
  g_assert_cmpstr (recovery, !=, f->recovery_key);

  old_check = check (f, NULL);
  g_assert_cmpint (old_check->status, ==, 2);
  new_check = assay_test_run_cli (new_passphrase, NULL, "--db", f->path, "check", NULL);
  g_assert_cmpint (new_check->status, ==, 4);  /* the copied table is not Assay's */
  assay_test_assert_contains (new_check->out, "2 revisions checked, 2 intact, 0 damaged");

  old_recovery = assay_test_run_cli (NULL, "another new passphrase", "--db", f->path, "recover",
                                     "--recovery-key", f->recovery_key, NULL);
  g_assert_cmpint (old_recovery->status, ==, 2);

  /* The old wrap, put back with the old passphrase, opens the old key,
   * which opens nothing written since. */
  database = assay_database_open (f->path, &error);
  g_assert_no_error (error);
  assay_database_exec (database,
                       "UPDATE vault SET (kdf_opslimit, kdf_memlimit, kdf_salt, passphrase_wrap) "
                       "= (SELECT kdf_opslimit, kdf_memlimit, kdf_salt, passphrase_wrap "
                       "   FROM old_keys)",
                       &error);
  g_assert_no_error (error);
  g_clear_object (&database);
  old_wrap = check (f, NULL);
  g_assert_cmpint (old_wrap->status, ==, 4);
  assay_test_assert_contains (old_wrap->err, "identity");

  new_recovery = assay_test_run_cli (NULL, "another new passphrase", "--db", f->path, "recover",
                                     "--recovery-key", recovery, NULL);
  g_assert_cmpint (new_recovery->status, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  assay_test_cli_init (&argc, &argv);

  g_test_add ("/check/own-writes", Fixture, NULL, fixture_set_up, test_check_own_writes,
              fixture_tear_down);
  g_test_add ("/check/newest-revision-deleted", Fixture, NULL, fixture_set_up,
              test_check_newest_revision_deleted, fixture_tear_down);
  g_test_add ("/check/record-deleted", Fixture, NULL, fixture_set_up,
              test_check_record_deleted, fixture_tear_down);
  g_test_add ("/check/revision-removed", Fixture, NULL, fixture_set_up,
              test_check_revision_removed, fixture_tear_down);
  g_test_add ("/check/schema-planted", Fixture, NULL, fixture_set_up,
              test_check_schema_planted, fixture_tear_down);
  g_test_add ("/check/recovery-wrap-zeroed", Fixture, NULL, fixture_set_up,
              test_check_recovery_wrap_zeroed, fixture_tear_down);
  g_test_add_func ("/check/kdf-lowered", test_check_kdf_lowered);
  g_test_add ("/check/conflict-removed", Fixture, NULL, fixture_set_up,
              test_check_conflict_removed, fixture_tear_down);
  g_test_add ("/check/restored", Fixture, NULL, fixture_set_up, test_check_restored,
              fixture_tear_down);
  g_test_add ("/check/damaged-page", Fixture, NULL, fixture_set_up, test_check_damaged_page,
              fixture_tear_down);
  g_test_add ("/check/key-record-removed", Fixture, NULL, fixture_set_up,
              test_check_key_record_removed, fixture_tear_down);
  g_test_add ("/passwd/rekey", Fixture, NULL, fixture_set_up, test_passwd_rekey,
              fixture_tear_down);

  return g_test_run ();
}
