/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "assay-audit.h"

G_BEGIN_DECLS

/*
 * The file `audit grade ID --from FILE` reads: many grades in one unlock.
 * Either CSV with a header naming criterion, grade and (optionally) evidence
 * columns, or JSON: an array of {"criterion", "grade", "evidence"} objects,
 * or an object whose "grades" member is one (so `audit show --json` of
 * another audit can be fed back). It comes from outside, so its size and
 * nesting are checked before anything is parsed.
 */

#define ASSAY_GRADES_FILE_ERROR (assay_grades_file_error_quark ())

typedef enum
{
  ASSAY_GRADES_FILE_ERROR_READ,      /* not there, not a file, too large (exit 3) */
  ASSAY_GRADES_FILE_ERROR_INVALID,   /* not grades: bad CSV or JSON, a grade that is not one,
                                      * a criterion the framework lacks (exit 3) */
} AssayGradesFileError;

GQuark assay_grades_file_error_quark (void);

/* A list of grades is short: a framework has tens of criteria. */
#define ASSAY_GRADES_FILE_MAX_SIZE  (1024 * 1024)
#define ASSAY_GRADES_FILE_MAX_DEPTH 8

typedef struct _AssayGradesFile AssayGradesFile;

/* Every error names @path and, for an entry, where it is in the file. */
AssayGradesFile       *assay_grades_file_read        (const char       *path,
                                                      GError          **error);
void                   assay_grades_file_free        (AssayGradesFile  *file);

const AssayGradeEntry *assay_grades_file_get_entries (AssayGradesFile  *file,
                                                      guint            *n_entries);

/* assay_audit_set_grades() with every entry of @file; an entry refused
 * fails as ASSAY_GRADES_FILE_ERROR_INVALID naming the file and its place. */
gboolean               assay_grades_file_apply       (AssayGradesFile  *file,
                                                      AssayAudit       *audit,
                                                      GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayGradesFile, assay_grades_file_free)

G_END_DECLS
