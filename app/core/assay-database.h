/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ASSAY_DATABASE_ERROR (assay_database_error_quark ())

typedef enum
{
  ASSAY_DATABASE_ERROR_OPEN,
  ASSAY_DATABASE_ERROR_SQL,
  ASSAY_DATABASE_ERROR_CORRUPT,
  ASSAY_DATABASE_ERROR_NOT_ASSAY,
  ASSAY_DATABASE_ERROR_TOO_NEW,
  ASSAY_DATABASE_ERROR_IO,         /* the disk is full, read-only or failing (exit 5) */
} AssayDatabaseError;

GQuark assay_database_error_quark (void);

typedef struct _AssayStatement AssayStatement;

#define ASSAY_TYPE_DATABASE (assay_database_get_type ())

G_DECLARE_FINAL_TYPE (AssayDatabase, assay_database, ASSAY, DATABASE, GObject)

AssayDatabase  *assay_database_open               (const char      *path,
                                                   GError         **error);
/* An empty database in memory, without Assay's schema: for comparing a
 * file's schema with what the migrations make. */
AssayDatabase  *assay_database_open_memory        (GError         **error);
const char     *assay_database_get_path           (AssayDatabase   *self);
int             assay_database_get_schema_version (AssayDatabase   *self);
gboolean        assay_database_exec               (AssayDatabase   *self,
                                                   const char      *sql,
                                                   GError         **error);
AssayStatement *assay_database_prepare            (AssayDatabase   *self,
                                                   const char      *sql,
                                                   GError         **error);
gboolean        assay_database_begin              (AssayDatabase   *self,
                                                   GError         **error);
gboolean        assay_database_commit             (AssayDatabase   *self,
                                                   GError         **error);
void            assay_database_rollback           (AssayDatabase   *self);
gboolean        assay_database_quick_check        (AssayDatabase   *self,
                                                   char           **problem,
                                                   GError         **error);
gboolean        assay_database_checkpoint         (AssayDatabase   *self,
                                                   GError         **error);
char           *assay_database_default_path       (void);

/*
 * Statements are owned by the database's cache. Releasing one resets it and
 * clears its bindings so the next caller finds it clean; g_autoptr does that.
 */
void            assay_statement_release           (AssayStatement  *stmt);
void            assay_statement_bind_text         (AssayStatement  *stmt,
                                                   int              index,
                                                   const char      *value);
void            assay_statement_bind_int64        (AssayStatement  *stmt,
                                                   int              index,
                                                   gint64           value);
void            assay_statement_bind_blob         (AssayStatement  *stmt,
                                                   int              index,
                                                   gconstpointer    data,
                                                   gsize            len);
gboolean        assay_statement_step              (AssayStatement  *stmt,
                                                   GError         **error);
gboolean        assay_statement_run               (AssayStatement  *stmt,
                                                   GError         **error);
/* Steps @stmt once for a query of one row: *@found says whether it gave
 * one; FALSE only on an error. */
gboolean        assay_statement_step_row          (AssayStatement  *stmt,
                                                   gboolean        *found,
                                                   GError         **error);
const char     *assay_statement_get_text          (AssayStatement  *stmt,
                                                   int              column);
gint64          assay_statement_get_int64         (AssayStatement  *stmt,
                                                   int              column);
gconstpointer   assay_statement_get_blob          (AssayStatement  *stmt,
                                                   int              column,
                                                   gsize           *len);
gboolean        assay_statement_is_null           (AssayStatement  *stmt,
                                                   int              column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayStatement, assay_statement_release)

G_END_DECLS
