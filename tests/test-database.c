/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "assay-database.h"
#include "assay-test-util.h"

/* A folder for the database: the shared test environment, without a vault. */
typedef AssayTestEnv Fixture;

static gint64
pragma (AssayDatabase *database,
        const char    *sql)
{
  g_autoptr(AssayStatement) stmt = assay_database_prepare (database, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_true (assay_statement_step (stmt, NULL));

  return assay_statement_get_int64 (stmt, 0);
}

static void
test_database_private_file (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (f->dir, "nested", "assay", NULL);
  g_autofree char *path = g_build_filename (sub, "assay.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  database = assay_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (assay_database_exec (database, "CREATE TEMP TABLE t (x)", &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (sub, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_clear_object (&database);
}

static void
test_database_pragmas (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;

  database = assay_database_open (f->path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (pragma (database, "PRAGMA secure_delete"), ==, 1);
  g_assert_cmpint (pragma (database, "PRAGMA temp_store"), ==, 2);  /* MEMORY */
  g_assert_cmpint (pragma (database, "PRAGMA synchronous"), ==, 2); /* FULL */

  stmt = assay_database_prepare (database, "PRAGMA journal_mode", &error);
  g_assert_no_error (error);
  g_assert_true (assay_statement_step (stmt, &error));
  g_assert_cmpstr (assay_statement_get_text (stmt, 0), ==, "wal");

  g_clear_pointer (&stmt, assay_statement_release);
  g_clear_object (&database);
}

static void
test_database_statements (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  const char *insert = "INSERT INTO t (a, b, c) VALUES (?1, ?2, ?3)";
  AssayStatement *first;
  static const guint8 blob[] = { 0, 1, 2, 0xff };

  database = assay_database_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (assay_database_exec (database, "CREATE TEMP TABLE t (a TEXT, b INTEGER, c BLOB)",
                                      &error));

  /* Statements are cached: the same SQL gives the same prepared statement,
   * and a released one comes back with no bindings left over. */
  {
    g_autoptr(AssayStatement) stmt = assay_database_prepare (database, insert, &error);
    g_assert_no_error (error);
    first = stmt;
    assay_statement_bind_text (stmt, 1, "it's; DROP TABLE t; --");
    assay_statement_bind_int64 (stmt, 2, G_MAXINT64);
    assay_statement_bind_blob (stmt, 3, blob, sizeof blob);
    g_assert_true (assay_statement_run (stmt, &error));
  }
  {
    g_autoptr(AssayStatement) stmt = assay_database_prepare (database, insert, &error);
    g_assert_true (stmt == first);
    g_assert_true (assay_statement_run (stmt, &error));
  }
  {
    g_autoptr(AssayStatement) stmt =
      assay_database_prepare (database, "SELECT a, b, c FROM t ORDER BY rowid", &error);
    gconstpointer data;
    gsize len;

    g_assert_true (assay_statement_step (stmt, &error));
    g_assert_cmpstr (assay_statement_get_text (stmt, 0), ==, "it's; DROP TABLE t; --");
    g_assert_cmpint (assay_statement_get_int64 (stmt, 1), ==, G_MAXINT64);
    data = assay_statement_get_blob (stmt, 2, &len);
    g_assert_cmpmem (data, len, blob, sizeof blob);

    g_assert_true (assay_statement_step (stmt, &error));
    g_assert_true (assay_statement_is_null (stmt, 0));
    g_assert_true (assay_statement_is_null (stmt, 2));

    g_assert_false (assay_statement_step (stmt, &error));
    g_assert_no_error (error);
  }

  g_assert_null (assay_database_prepare (database, "SELECT nonsense FROM nowhere", &error));
  g_assert_error (error, ASSAY_DATABASE_ERROR, ASSAY_DATABASE_ERROR_SQL);
  g_assert_nonnull (strstr (error->message, f->path));

  g_clear_object (&database);
}

static void
test_database_transactions (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  database = assay_database_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (assay_database_exec (database, "CREATE TABLE t (a)", &error));

  g_assert_true (assay_database_begin (database, &error));
  g_assert_true (assay_database_exec (database, "INSERT INTO t VALUES (1)", &error));
  assay_database_rollback (database);
  g_assert_cmpint (pragma (database, "SELECT count(*) FROM t"), ==, 0);

  g_assert_true (assay_database_begin (database, &error));
  g_assert_true (assay_database_exec (database, "INSERT INTO t VALUES (1)", &error));
  g_assert_true (assay_database_commit (database, &error));
  g_assert_cmpint (pragma (database, "SELECT count(*) FROM t"), ==, 1);

  g_clear_object (&database);
}

static void
test_database_rejects_other_files (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *text = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  /* A text file is refused and left as it was. */
  g_file_set_contents (text, "case_ref,plan_type\nA1,new\n", -1, NULL);
  g_assert_null (assay_database_open (text, &error));
  g_assert_error (error, ASSAY_DATABASE_ERROR, ASSAY_DATABASE_ERROR_NOT_ASSAY);
  g_assert_nonnull (strstr (error->message, text));
  g_clear_error (&error);
  g_file_get_contents (text, &after, NULL, NULL);
  g_assert_cmpstr (after, ==, "case_ref,plan_type\nA1,new\n");

  /* So is another program's SQLite database: tables but no Assay stamp... */
  database = assay_database_open (other, &error);
  g_assert_no_error (error);
  g_assert_true (assay_database_exec (database, "PRAGMA application_id = 0", &error));
  g_clear_object (&database);
  g_assert_null (assay_database_open (other, &error));
  g_assert_error (error, ASSAY_DATABASE_ERROR, ASSAY_DATABASE_ERROR_NOT_ASSAY);
  g_clear_error (&error);
  {
    /* ...or another program's stamp. */
    g_autofree char *path2 = g_build_filename (f->dir, "foreign.db", NULL);
    g_autoptr(AssayDatabase) db2 = assay_database_open (path2, &error);
    g_assert_no_error (error);
    g_assert_true (assay_database_exec (db2, "PRAGMA application_id = 1", &error));
    g_clear_object (&db2);
    g_assert_null (assay_database_open (path2, &error));
    g_assert_error (error, ASSAY_DATABASE_ERROR, ASSAY_DATABASE_ERROR_NOT_ASSAY);
  }

}

int
main (int    argc,
      char **argv)
{
  const AssayTestEnvFlags env = ASSAY_TEST_ENV_NO_VAULT;

  g_test_init (&argc, &argv, NULL);

  ASSAY_TEST_ADD_ENV ("/database/private-file", env, test_database_private_file);
  ASSAY_TEST_ADD_ENV ("/database/pragmas", env, test_database_pragmas);
  ASSAY_TEST_ADD_ENV ("/database/statements", env, test_database_statements);
  ASSAY_TEST_ADD_ENV ("/database/transactions", env, test_database_transactions);
  ASSAY_TEST_ADD_ENV ("/database/rejects-other-files", env, test_database_rejects_other_files);

  return g_test_run ();
}
