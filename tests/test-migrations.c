/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-database.h"
#include "assay-store-private.h"
#include "assay-migrations.h"
#include "assay-store.h"
#include "assay-test-util.h"

/* A folder for the database: the shared test environment, without a vault. */
typedef AssayTestEnv Fixture;

static gboolean
has_table (AssayDatabase *database,
           const char    *name)
{
  g_autoptr(AssayStatement) stmt =
    assay_database_prepare (database,
                            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                            NULL);

  assay_statement_bind_text (stmt, 1, name);

  return assay_statement_step (stmt, NULL);
}

/* The database at @path, which opens at the latest schema version. */
static AssayDatabase *
open_latest (const char *path)
{
  g_autoptr(GError) error = NULL;
  AssayDatabase *database = assay_database_open (path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (assay_database_get_schema_version (database), ==,
                   assay_migrations_get_latest ());

  return database;
}

static void
test_migrations_from_empty_file (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(AssayDatabase) database = NULL;

  /* A zero-byte file, as a crash between create and first write leaves. */
  g_assert_true (g_file_set_contents (f->path, "", 0, NULL));

  database = open_latest (f->path);
  g_assert_true (has_table (database, "vault"));
  g_assert_true (has_table (database, "records"));

  g_clear_object (&database);
}

static void
test_migrations_idempotent (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  database = assay_database_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (assay_database_exec (database,
                                      "INSERT INTO records "
                                      "(collection, id, revision, author, hlc, sealed) VALUES "
                                      "('x', '00000000-0000-4000-8000-000000000000', 1, 'a', 1, x'00')",
                                      &error));
  g_clear_object (&database);

  /* Reopening runs no step twice and keeps the data. */
  database = open_latest (f->path);
  {
    g_autoptr(AssayStatement) stmt =
      assay_database_prepare (database, "SELECT count(*) FROM records", &error);
    g_assert_true (assay_statement_step (stmt, &error));
    g_assert_cmpint (assay_statement_get_int64 (stmt, 0), ==, 1);
  }

  g_clear_object (&database);
}

static void
test_migrations_from_older_schema (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  /* An Assay file stamped but never migrated (schema 0) is brought up to
   * the latest schema in steps. */
  database = assay_database_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (assay_database_exec (database,
                                      "DROP TABLE vault; DROP TABLE records; DROP TABLE conflicts;"
                                      "DROP TABLE ledger; DROP TABLE head;"
                                      "DROP TABLE summaries;"
                                      "PRAGMA user_version = 0",
                                      &error));
  g_clear_object (&database);

  database = open_latest (f->path);
  g_assert_true (has_table (database, "vault"));

  g_clear_object (&database);
}

static void
test_migrations_from_schema_1 (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(AssayVault) vault = assay_test_vault_new (f->dir, NULL);
  g_autoptr(AssayStore) store = assay_store_new (vault);
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) reopened = NULL;
  g_autoptr(AssayStore) restore = NULL;
  g_autoptr(AssayRecord) saved = NULL;
  g_autoptr(AssayRecord) loaded = NULL;
  g_autoptr(GBytes) payload = assay_test_bytes ("{\"case\": \"EHC-1\"}");
  g_autoptr(GError) error = NULL;

  /* A vault made before conflicts were kept and records were signed
   * (schema 1), with a record sealed as Assay sealed them then. */
  {
    AssayRecord old = { "audits", NULL, 1, (char *) assay_vault_get_identity (vault), 1 << 16,
                        payload, 0, NULL, NULL };
    g_autofree char *id = g_uuid_string_random ();

    old.id = id;
    g_assert_true (_assay_store_insert_sealed (store, INSERT_RECORD, RECORD_AD_LABEL, &old,
                                               &error));
    g_assert_no_error (error);
    saved = assay_record_copy (&old);
  }
  g_assert_true (assay_database_exec (assay_vault_get_database (vault),
                                      "DROP TABLE conflicts;"
                                      "DROP TABLE ledger;"
                                      "DROP TABLE head;"
                                      "DROP TRIGGER summaries_follow_records;"
                                      "DROP TABLE summaries;"
                                      "ALTER TABLE records DROP COLUMN exported;"
                                      "ALTER TABLE records DROP COLUMN compacted;"
                                      "ALTER TABLE records DROP COLUMN base;"
                                      "ALTER TABLE records DROP COLUMN gap;"
                                      "PRAGMA user_version = 1", &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  g_clear_object (&vault);

  database = open_latest (f->path);
  g_assert_true (has_table (database, "conflicts"));

  /* The records sealed before the steps still open, unverified. */
  reopened = assay_vault_new (database);
  assay_vault_unlock (reopened, ASSAY_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  restore = assay_store_new (reopened);
  loaded = assay_store_load (restore, "audits", saved->id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded->payload, payload));
  g_assert_null (loaded->signature);
  g_assert_cmpint (loaded->base, ==, 0);

  g_clear_object (&restore);
  g_clear_object (&reopened);
  g_clear_object (&database);
}

static void
test_migrations_newer_refused (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *sql = NULL;
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  database = assay_database_open (f->path, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("PRAGMA user_version = %d", assay_migrations_get_latest () + 1);
  g_assert_true (assay_database_exec (database, sql, &error));
  g_clear_object (&database);

  g_assert_null (assay_database_open (f->path, &error));
  g_assert_error (error, ASSAY_DATABASE_ERROR, ASSAY_DATABASE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));

}

int
main (int    argc,
      char **argv)
{
  const AssayTestEnvFlags env = ASSAY_TEST_ENV_NO_VAULT;

  g_test_init (&argc, &argv, NULL);

  ASSAY_TEST_ADD_ENV ("/migrations/from-empty-file", env, test_migrations_from_empty_file);
  ASSAY_TEST_ADD_ENV ("/migrations/idempotent", env, test_migrations_idempotent);
  ASSAY_TEST_ADD_ENV ("/migrations/from-older-schema", env, test_migrations_from_older_schema);
  ASSAY_TEST_ADD_ENV ("/migrations/from-schema-1", env, test_migrations_from_schema_1);
  ASSAY_TEST_ADD_ENV ("/migrations/newer-refused", env, test_migrations_newer_refused);

  return g_test_run ();
}
