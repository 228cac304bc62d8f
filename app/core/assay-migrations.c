/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-migrations"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "assay-migrations.h"

/*
 * Ordered schema steps. Step N takes a database at user_version N-1 to N
 * inside one transaction; a step, once released, is never edited: add a new
 * one instead. Only random ids, counters, timestamps and public keys are
 * plaintext; everything else is sealed by the vault before it gets here.
 */
static const char * const steps[] = {
  /* 1: the vault (wrapped keys and the sealed identity) and records. */
  "CREATE TABLE vault ("
  "  id               INTEGER PRIMARY KEY CHECK (id = 1),"
  "  format           INTEGER NOT NULL,"
  "  created          INTEGER NOT NULL,"
  "  kdf_opslimit     INTEGER NOT NULL,"
  "  kdf_memlimit     INTEGER NOT NULL,"
  "  kdf_salt         BLOB NOT NULL,"
  "  passphrase_wrap  BLOB NOT NULL,"
  "  recovery_salt    BLOB NOT NULL,"
  "  recovery_wrap    BLOB NOT NULL,"
  "  identity_public  TEXT NOT NULL,"
  "  identity_sealed  BLOB NOT NULL"
  ");"
  "CREATE TABLE records ("
  "  collection  TEXT NOT NULL,"
  "  id          TEXT NOT NULL,"
  "  revision    INTEGER NOT NULL CHECK (revision > 0),"
  "  author      TEXT NOT NULL,"
  "  hlc         INTEGER NOT NULL,"
  "  sealed      BLOB NOT NULL,"
  "  PRIMARY KEY (collection, id, revision)"
  ") WITHOUT ROWID;",

  /* 2: versions of records that an import found different from the ones
   * held at the same revision. Sealed like records (with "conflicts" in the
   * associated data). A resolved one keeps its key with sealed set to NULL,
   * so importing the same bundle again does not raise it again. The rowid
   * keeps the order they were found in. */
  "CREATE TABLE conflicts ("
  "  collection  TEXT NOT NULL,"
  "  id          TEXT NOT NULL,"
  "  revision    INTEGER NOT NULL CHECK (revision > 0),"
  "  author      TEXT NOT NULL,"
  "  hlc         INTEGER NOT NULL,"
  "  sealed      BLOB,"
  "  PRIMARY KEY (collection, id, revision, author, hlc)"
  ");",

  /* 3: signed records. A row with a base (the revision it replaced) holds,
   * sealed with its payload, the base's digest and the author's signature;
   * rows from before have a NULL base and stay as they were, unverified. */
  "ALTER TABLE records ADD COLUMN base INTEGER CHECK (base >= 0 AND base < revision);"
  "ALTER TABLE conflicts ADD COLUMN base INTEGER CHECK (base >= 0 AND base < revision);"
  /* A revision stored when its base was not held (a bundle carries only the
   * newest): the revisions between are missing by design, not deleted. The
   * flag is bound into the row's seal. */
  "ALTER TABLE records ADD COLUMN gap INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE conflicts ADD COLUMN gap INTEGER NOT NULL DEFAULT 0;"
  /* A conflict settled by keeping both sides (two chairs' agreed grades)
   * keeps the other version sealed. */
  "ALTER TABLE conflicts ADD COLUMN kept INTEGER NOT NULL DEFAULT 0;",

  /* 4: the authenticated head (assay-head.c). The ledger names, per record,
   * the newest revision Assay stored, how many revisions it holds and who
   * made the newest, so that `check` can say which record was rolled back
   * or deleted; the head row holds keyed sums of the ledger and of the
   * conflicts, keyed digests of the key record's fields and a generation
   * counter, under one MAC. Nothing here is secret: the ledger repeats
   * plaintext columns of records. */
  "CREATE TABLE ledger ("
  "  collection  TEXT NOT NULL,"
  "  id          TEXT NOT NULL,"
  "  revision    INTEGER NOT NULL,"
  "  revisions   INTEGER NOT NULL,"
  "  author      TEXT NOT NULL,"
  "  hlc         INTEGER NOT NULL,"
  "  PRIMARY KEY (collection, id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE head ("
  "  id             INTEGER PRIMARY KEY CHECK (id = 1),"
  "  generation     INTEGER NOT NULL,"
  "  records        INTEGER NOT NULL,"
  "  records_sum    BLOB NOT NULL,"
  "  conflicts_sum  BLOB NOT NULL,"
  "  vault_digests  BLOB NOT NULL,"
  "  mac            BLOB NOT NULL"
  ");",

  /* 5: county scale (issue 13). A summary of each audit's newest revision
   * (assay-audit-index.c: who, what, status, grades; no evidence or free
   * text), sealed like records with its revision and stamp bound in, so
   * that lists, comparisons and reports read it instead of the whole
   * audit; derived from the records, and made again when it is missing or
   * names another revision. A revision that a bundle has carried away is
   * marked exported, and is then never rewritten in place; a kept revision
   * says how many drafts' revisions before it were compacted away. */
  "CREATE TABLE summaries ("
  "  collection  TEXT NOT NULL,"
  "  id          TEXT NOT NULL,"
  "  revision    INTEGER NOT NULL,"
  "  hlc         INTEGER NOT NULL,"
  "  format      INTEGER NOT NULL,"
  "  sealed      BLOB NOT NULL,"
  "  PRIMARY KEY (collection, id)"
  ") WITHOUT ROWID;"
  /* A summary goes with the revision it summarises (an audit deleted, a
   * child's data erased, a revision given up for another's in a conflict):
   * it holds grades and the case reference, and a list makes it again from
   * what is left. Drafts compacted away before it leave it be. */
  "CREATE TRIGGER summaries_follow_records AFTER DELETE ON records BEGIN"
  "  DELETE FROM summaries WHERE collection = OLD.collection AND id = OLD.id"
  "    AND revision = OLD.revision;"
  "END;"
  "ALTER TABLE records ADD COLUMN exported INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE records ADD COLUMN compacted INTEGER NOT NULL DEFAULT 0;"
  /* What a vault held before may have left it in a bundle already. */
  "UPDATE records SET exported = 1;",
};

static gboolean
set_version (AssayDatabase  *database,
             int             version,
             GError        **error)
{
  /* PRAGMA takes no bound parameters; the value is our own integer. */
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);

  return assay_database_exec (database, sql, error);
}

/* Runs steps @from to @to on @database, each in its own transaction. */
static gboolean
run_steps (AssayDatabase  *database,
           int             from,
           int             to,
           GError        **error)
{
  for (int step = from; step < to; step++)
    {
      g_autofree char *app_id = NULL;

      if (!assay_database_begin (database, error))
        return FALSE;

      app_id = g_strdup_printf ("PRAGMA application_id = %d", ASSAY_APPLICATION_ID);

      if (!assay_database_exec (database, steps[step], error) ||
          !assay_database_exec (database, app_id, error) ||
          !set_version (database, step + 1, error) ||
          !assay_database_commit (database, error))
        {
          assay_database_rollback (database);
          return FALSE;
        }

      g_debug ("Migrated %s to schema %d", assay_database_get_path (database), step + 1);
    }

  return TRUE;
}

int
assay_migrations_get_latest (void)
{
  return (int) G_N_ELEMENTS (steps);
}


gboolean
assay_migrations_run (AssayDatabase  *database,
                      GError        **error)
{
  int version = assay_database_get_schema_version (database);

  if (version < 0)
    {
      g_set_error (error, ASSAY_DATABASE_ERROR, ASSAY_DATABASE_ERROR_SQL,
                   "Could not read the schema version of %s",
                   assay_database_get_path (database));
      return FALSE;
    }

  return run_steps (database, version, (int) G_N_ELEMENTS (steps), error);
}

/* "type “name”" -> its SQL ("" for the indexes SQLite makes itself). */
static GHashTable *
read_schema (AssayDatabase  *database,
             GError        **error)
{
  g_autoptr(GHashTable) schema = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = assay_database_prepare (database, "SELECT type, name, sql FROM sqlite_schema", error);
  if (stmt == NULL)
    return NULL;

  while (assay_statement_step (stmt, &local_error))
    {
      const char *sql = assay_statement_get_text (stmt, 2);

      g_hash_table_insert (schema,
                           g_strdup_printf ("%s “%s”", assay_statement_get_text (stmt, 0),
                                            assay_statement_get_text (stmt, 1)),
                           g_strdup (sql != NULL ? sql : ""));
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&schema);
}

static int
sort_strings (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

gboolean
assay_migrations_schema_matches (AssayDatabase  *database,
                                 GPtrArray     **problems,
                                 GError        **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(AssayDatabase) expected = NULL;
  g_autoptr(GHashTable) want = NULL;
  g_autoptr(GHashTable) have = NULL;
  int version = assay_database_get_schema_version (database);
  GHashTableIter iter;
  gpointer key, value;

  /* What the steps make, made again in memory: whatever else the file's
   * schema holds (a trigger, a view, an index, a changed table) was put
   * there by someone else. */
  expected = assay_database_open_memory (error);
  if (expected == NULL || !run_steps (expected, 0, version, error))
    return FALSE;

  want = read_schema (expected, error);
  if (want == NULL)
    return FALSE;
  have = read_schema (database, error);
  if (have == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, have);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *sql = g_hash_table_lookup (want, key);

      if (!g_hash_table_contains (want, key))
        g_ptr_array_add (found, g_strdup_printf (_("the database holds %s, which Assay did not create"),
                                                 (const char *) key));
      else if (g_strcmp0 (sql, value) != 0)
        g_ptr_array_add (found, g_strdup_printf (_("%s was changed from what Assay created"),
                                                 (const char *) key));
    }

  g_hash_table_iter_init (&iter, want);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (have, key))
      g_ptr_array_add (found, g_strdup_printf (_("%s is missing"), (const char *) key));

  g_ptr_array_sort (found, sort_strings);
  *problems = g_steal_pointer (&found);

  return TRUE;
}
