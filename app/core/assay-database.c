/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-database"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "assay-database.h"
#include "assay-migrations.h"

struct _AssayStatement
{
  AssayDatabase *database;
  sqlite3_stmt  *stmt;
};

struct _AssayDatabase
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;  /* SQL text -> AssayStatement */
  guint       in_transaction : 1;
};

G_DEFINE_FINAL_TYPE (AssayDatabase, assay_database, G_TYPE_OBJECT)

G_DEFINE_QUARK (assay-database-error-quark, assay_database_error)

static void
set_sqlite_error (AssayDatabase  *self,
                  int             rc,
                  GError        **error)
{
  int primary = rc & 0xff;
  int code = ASSAY_DATABASE_ERROR_SQL;

  if (primary == SQLITE_CORRUPT)
    code = ASSAY_DATABASE_ERROR_CORRUPT;
  else if (primary == SQLITE_NOTADB)
    code = ASSAY_DATABASE_ERROR_NOT_ASSAY;
  else if (primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_READONLY ||
           primary == SQLITE_PERM)
    code = ASSAY_DATABASE_ERROR_IO;

  if (code == ASSAY_DATABASE_ERROR_NOT_ASSAY)
    g_set_error (error, ASSAY_DATABASE_ERROR, code,
                 _("%s is not an Assay database"), self->path);
  else
    g_set_error (error, ASSAY_DATABASE_ERROR, code,
                 _("Database %s: %s"), self->path,
                 self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
}

static void
statement_free (gpointer data)
{
  AssayStatement *stmt = data;

  sqlite3_finalize (stmt->stmt);
  g_free (stmt);
}

static void
assay_database_finalize (GObject *object)
{
  AssayDatabase *self = (AssayDatabase *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (assay_database_parent_class)->finalize (object);
}

static void
assay_database_class_init (AssayDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = assay_database_finalize;
}

static void
assay_database_init (AssayDatabase *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, statement_free);
}

char *
assay_database_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "assay", "assay.db", NULL);
}

/*
 * The file is created here, owner-only, before SQLite sees it: SQLite gives
 * the -wal and -shm files the same mode as the database.
 */
static gboolean
ensure_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, ASSAY_DATABASE_ERROR, ASSAY_DATABASE_ERROR_OPEN,
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, ASSAY_DATABASE_ERROR, ASSAY_DATABASE_ERROR_OPEN,
                   _("Could not open %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  /* A copy restored with a permissive mode is tightened again. */
  if (fchmod (fd, 0600) != 0)
    g_debug ("Could not restrict the mode of %s: %s", path, g_strerror (errno));

  close (fd);

  return TRUE;
}

static gboolean
pragma_int (AssayDatabase  *self,
            const char     *sql,
            gint64         *value,
            GError        **error)
{
  g_autoptr(AssayStatement) stmt = assay_database_prepare (self, sql, error);
  g_autoptr(GError) local_error = NULL;

  if (stmt == NULL)
    return FALSE;

  if (!assay_statement_step (stmt, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      *value = 0;
      return TRUE;
    }

  *value = assay_statement_get_int64 (stmt, 0);

  return TRUE;
}

static gboolean
configure (AssayDatabase  *self,
           GError        **error)
{
  gint64 app_id = 0;
  gint64 version = 0;
  gint64 n_tables = 0;

  /* Plaintext must never reach a temp file, and freed pages are zeroed so a
   * deleted record's ciphertext does not linger either. */
  if (!assay_database_exec (self,
                            "PRAGMA secure_delete = ON;"
                            "PRAGMA temp_store = MEMORY;"
                            "PRAGMA foreign_keys = ON;"
                            "PRAGMA cell_size_check = ON;",
                            error))
    return FALSE;

  if (!pragma_int (self, "PRAGMA application_id", &app_id, error) ||
      !pragma_int (self, "PRAGMA user_version", &version, error) ||
      !pragma_int (self, "SELECT count(*) FROM sqlite_schema", &n_tables, error))
    return FALSE;

  if ((app_id != 0 && app_id != ASSAY_APPLICATION_ID) || (app_id == 0 && n_tables > 0))
    {
      g_set_error (error, ASSAY_DATABASE_ERROR, ASSAY_DATABASE_ERROR_NOT_ASSAY,
                   _("%s is not an Assay database"), self->path);
      return FALSE;
    }

  if (version > assay_migrations_get_latest ())
    {
      g_set_error (error, ASSAY_DATABASE_ERROR, ASSAY_DATABASE_ERROR_TOO_NEW,
                   _("%s was written by a newer version of Assay (schema %d; this version "
                     "reads up to %d)"),
                   self->path, (int) version, assay_migrations_get_latest ());
      return FALSE;
    }

  /* WAL keeps readers (the GUI) and a writer (the CLI) apart; FULL sync makes
   * every committed grade durable before the call returns. */
  if (!assay_database_exec (self,
                            "PRAGMA journal_mode = WAL;"
                            "PRAGMA synchronous = FULL;",
                            error))
    return FALSE;

  return assay_migrations_run (self, error);
}

AssayDatabase *
assay_database_open (const char  *path,
                     GError     **error)
{
  g_autoptr(AssayDatabase) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!ensure_private_file (path, error))
    return NULL;

  self = g_object_new (ASSAY_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 5000);

  if (!configure (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

AssayDatabase *
assay_database_open_memory (GError **error)
{
  g_autoptr(AssayDatabase) self = g_object_new (ASSAY_TYPE_DATABASE, NULL);
  int rc;

  self->path = g_strdup (":memory:");
  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);

  return g_steal_pointer (&self);
}

const char *
assay_database_get_path (AssayDatabase *self)
{
  g_return_val_if_fail (ASSAY_IS_DATABASE (self), NULL);

  return self->path;
}

int
assay_database_get_schema_version (AssayDatabase *self)
{
  gint64 version = -1;

  g_return_val_if_fail (ASSAY_IS_DATABASE (self), -1);

  if (!pragma_int (self, "PRAGMA user_version", &version, NULL))
    return -1;

  return (int) version;
}

gboolean
assay_database_exec (AssayDatabase  *self,
                     const char     *sql,
                     GError        **error)
{
  int rc;

  g_return_val_if_fail (ASSAY_IS_DATABASE (self), FALSE);

  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

AssayStatement *
assay_database_prepare (AssayDatabase  *self,
                        const char     *sql,
                        GError        **error)
{
  AssayStatement *stmt;
  int rc;

  g_return_val_if_fail (ASSAY_IS_DATABASE (self), NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    return stmt;

  stmt = g_new0 (AssayStatement, 1);
  stmt->database = self;
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt->stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      g_free (stmt);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);

  return stmt;
}

gboolean
assay_database_begin (AssayDatabase  *self,
                      GError        **error)
{
  g_return_val_if_fail (ASSAY_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (!assay_database_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  self->in_transaction = TRUE;

  return TRUE;
}

gboolean
assay_database_commit (AssayDatabase  *self,
                       GError        **error)
{
  g_return_val_if_fail (ASSAY_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  if (!assay_database_exec (self, "COMMIT", error))
    {
      assay_database_rollback (self);
      return FALSE;
    }

  self->in_transaction = FALSE;

  return TRUE;
}

void
assay_database_rollback (AssayDatabase *self)
{
  g_return_if_fail (ASSAY_IS_DATABASE (self));

  if (!self->in_transaction)
    return;

  if (sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("Rollback of %s failed: %s", self->path, sqlite3_errmsg (self->db));

  self->in_transaction = FALSE;
}

gboolean
assay_database_quick_check (AssayDatabase  *self,
                            char          **problem,
                            GError        **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GString) found = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ASSAY_IS_DATABASE (self), FALSE);

  *problem = NULL;

  stmt = assay_database_prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;

  while (assay_statement_step (stmt, &local_error))
    {
      const char *line = assay_statement_get_text (stmt, 0);

      if (g_strcmp0 (line, "ok") == 0)
        continue;

      if (found == NULL)
        found = g_string_new (NULL);
      else
        g_string_append (found, "; ");
      g_string_append (found, line);
    }

  if (local_error != NULL)
    {
      /* Damage bad enough to stop the check is itself the answer. */
      if (g_error_matches (local_error, ASSAY_DATABASE_ERROR, ASSAY_DATABASE_ERROR_CORRUPT))
        {
          *problem = g_strdup (local_error->message);
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (found != NULL)
    *problem = g_string_free (g_steal_pointer (&found), FALSE);

  return TRUE;
}

gboolean
assay_database_checkpoint (AssayDatabase  *self,
                           GError        **error)
{
  g_return_val_if_fail (ASSAY_IS_DATABASE (self), FALSE);

  return assay_database_exec (self, "PRAGMA wal_checkpoint(TRUNCATE)", error);
}

void
assay_statement_release (AssayStatement *stmt)
{
  if (stmt == NULL)
    return;

  sqlite3_reset (stmt->stmt);
  sqlite3_clear_bindings (stmt->stmt);
}

void
assay_statement_bind_text (AssayStatement *stmt,
                           int             index,
                           const char     *value)
{
  sqlite3_bind_text (stmt->stmt, index, value, -1, SQLITE_TRANSIENT);
}

void
assay_statement_bind_int64 (AssayStatement *stmt,
                            int             index,
                            gint64          value)
{
  sqlite3_bind_int64 (stmt->stmt, index, value);
}

void
assay_statement_bind_blob (AssayStatement *stmt,
                           int             index,
                           gconstpointer   data,
                           gsize           len)
{
  sqlite3_bind_blob64 (stmt->stmt, index, data, len, SQLITE_TRANSIENT);
}

gboolean
assay_statement_step (AssayStatement  *stmt,
                      GError         **error)
{
  int rc = sqlite3_step (stmt->stmt);

  if (rc == SQLITE_ROW)
    return TRUE;

  if (rc != SQLITE_DONE)
    set_sqlite_error (stmt->database, rc, error);

  return FALSE;
}

gboolean
assay_statement_step_row (AssayStatement  *stmt,
                          gboolean        *found,
                          GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  *found = assay_statement_step (stmt, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

gboolean
assay_statement_run (AssayStatement  *stmt,
                     GError         **error)
{
  int rc = sqlite3_step (stmt->stmt);

  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  set_sqlite_error (stmt->database, rc, error);

  return FALSE;
}

const char *
assay_statement_get_text (AssayStatement *stmt,
                          int             column)
{
  return (const char *) sqlite3_column_text (stmt->stmt, column);
}

gint64
assay_statement_get_int64 (AssayStatement *stmt,
                           int             column)
{
  return sqlite3_column_int64 (stmt->stmt, column);
}

gconstpointer
assay_statement_get_blob (AssayStatement *stmt,
                          int             column,
                          gsize          *len)
{
  gconstpointer data = sqlite3_column_blob (stmt->stmt, column);

  *len = (gsize) sqlite3_column_bytes (stmt->stmt, column);

  return data;
}

gboolean
assay_statement_is_null (AssayStatement *stmt,
                         int             column)
{
  return sqlite3_column_type (stmt->stmt, column) == SQLITE_NULL;
}
