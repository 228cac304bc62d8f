/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-migrations"

#include "config.h"

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
};

int
assay_migrations_get_latest (void)
{
  return (int) G_N_ELEMENTS (steps);
}

static gboolean
set_version (AssayDatabase  *database,
             int             version,
             GError        **error)
{
  /* PRAGMA takes no bound parameters; the value is our own integer. */
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);

  return assay_database_exec (database, sql, error);
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

  for (int step = version; step < (int) G_N_ELEMENTS (steps); step++)
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
