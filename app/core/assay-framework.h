/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "assay-grade.h"

G_BEGIN_DECLS

#define ASSAY_FRAMEWORK_ERROR (assay_framework_error_quark ())

typedef enum
{
  ASSAY_FRAMEWORK_ERROR_INVALID,    /* a file that breaks the format */
  ASSAY_FRAMEWORK_ERROR_NOT_FOUND,  /* no framework with that id */
} AssayFrameworkError;

GQuark assay_framework_error_quark (void);

typedef struct
{
  char     *id;
  char     *text;
  char     *guidance;
  guint     allowed;    /* bit (1 << AssayGrade) per grade that may be given */
  gboolean  na;
  gboolean  limiting;
} AssayCriterion;

typedef struct
{
  char      *id;
  char      *title;
  guint      weight;
  GPtrArray *criteria;  /* of AssayCriterion */
} AssaySection;

gboolean assay_criterion_allows (const AssayCriterion *criterion,
                                 AssayGrade            grade);

#define ASSAY_TYPE_FRAMEWORK (assay_framework_get_type ())

G_DECLARE_FINAL_TYPE (AssayFramework, assay_framework, ASSAY, FRAMEWORK, GObject)

AssayFramework       *assay_framework_new_from_bytes   (GBytes          *json,
                                                        const char      *source,
                                                        GError         **error);
AssayFramework       *assay_framework_new_from_file    (const char      *path,
                                                        GError         **error);
const char           *assay_framework_get_id           (AssayFramework  *self);
const char           *assay_framework_get_version      (AssayFramework  *self);
const char           *assay_framework_get_title        (AssayFramework  *self);
const char           *assay_framework_get_kind         (AssayFramework  *self);
const char           *assay_framework_get_agency       (AssayFramework  *self);
const char           *assay_framework_get_description  (AssayFramework  *self);
/* Where it came from: "built-in" or the file's path. */
const char           *assay_framework_get_source       (AssayFramework  *self);
guint                 assay_framework_get_limit        (AssayFramework  *self);
/* The partnership's word for @grade, or the default label. */
const char           *assay_framework_get_label        (AssayFramework  *self,
                                                        AssayGrade       grade);
guint                 assay_framework_get_n_sections   (AssayFramework  *self);
const AssaySection   *assay_framework_get_section      (AssayFramework  *self,
                                                        guint            index);
guint                 assay_framework_get_n_criteria   (AssayFramework  *self);
const AssayCriterion *assay_framework_lookup_criterion (AssayFramework  *self,
                                                        const char      *id,
                                                        guint           *section_index);
/* The shape `frameworks --json` prints (DESIGN.md), with guidance too. */
JsonNode             *assay_framework_to_json          (AssayFramework  *self);

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
/* Messages about files that could not be loaded. */
const GPtrArray *assay_frameworks_get_problems (AssayFrameworks  *self);

int assay_version_compare (const char *a,
                           const char *b);

G_END_DECLS
