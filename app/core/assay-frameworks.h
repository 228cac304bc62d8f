/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-framework.h"

G_BEGIN_DECLS

/*
 * Every framework available: the built-in ones compiled into Assay and the
 * partnership's own *.json files in a folder. A partnership file replaces a
 * built-in framework with the same id and version.
 */
#define ASSAY_TYPE_FRAMEWORKS (assay_frameworks_get_type ())

G_DECLARE_FINAL_TYPE (AssayFrameworks, assay_frameworks, ASSAY, FRAMEWORKS, GObject)

AssayFrameworks *assay_frameworks_new          (void);
/* Built-ins plus the partnership frameworks folder. */
AssayFrameworks *assay_frameworks_new_default  (void);
/* The partnership frameworks folder, $XDG_DATA_HOME/assay/frameworks: where a
 * partnership's own framework files are installed. */
char            *assay_frameworks_get_partnership_dir (void);
gboolean         assay_frameworks_load_builtin (AssayFrameworks  *self,
                                                GError          **error);
/* Loads every *.json in @dir; a bad file is skipped and kept in the
 * problems list, never fatal. A missing folder is not a problem. */
void             assay_frameworks_load_dir     (AssayFrameworks  *self,
                                                const char       *dir);
void             assay_frameworks_add          (AssayFrameworks  *self,
                                                AssayFramework   *framework);
/* Sorted by id, then version. */
GPtrArray       *assay_frameworks_list         (AssayFrameworks  *self);
/* The newest version of @id when @version is NULL. */
AssayFramework  *assay_frameworks_lookup       (AssayFrameworks  *self,
                                                const char       *id,
                                                const char       *version,
                                                GError          **error);
/* @id at @version with exactly the content of @digest, or NULL with
 * ASSAY_FRAMEWORK_ERROR_NOT_FOUND; frameworks that another file with the
 * same id and version replaced are still found this way. A NULL @digest is
 * assay_frameworks_lookup(). */
AssayFramework  *assay_frameworks_lookup_exact (AssayFrameworks  *self,
                                                const char       *id,
                                                const char       *version,
                                                const char       *digest,
                                                GError          **error);
/* Messages about files that could not be loaded. */
const GPtrArray *assay_frameworks_get_problems (AssayFrameworks  *self);

G_END_DECLS
