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

/*
 * Facts about the case an audit is about, taken from the caseload when the
 * audit starts and kept with it, so that a criterion's rules give the same
 * answer on every machine.
 */
typedef enum
{
  ASSAY_CASE_CHILD_IN_CARE = 1 << 0,  /* a looked-after child */
  ASSAY_CASE_YEAR_9_PLUS   = 1 << 1,  /* National Curriculum Year 9 or above */
} AssayCaseConditions;

typedef struct
{
  char     *id;
  char     *text;
  char     *guidance;
  guint     allowed;        /* bit (1 << AssayGrade) per grade that may be given */
  gboolean  na;
  /* Whether the criterion limits the overall grade: a statutory criterion
   * or a local rule (format 2), or a format 1 "limiting" criterion. */
  gboolean  limiting;
  gboolean  statutory;      /* checks a duty of the Act, the Regulations or the Code */
  gboolean  local_rule;     /* the partnership's own limiting rule, never law */
  char     *source;         /* where the criterion comes from, or NULL */
  guint     required_when;  /* AssayCaseConditions under which N/A is refused */
} AssayCriterion;

/*
 * How the overall grade is derived (docs/grading.md). The rule is part of a
 * framework version: an audit is always graded by the rule of the version it
 * was made with.
 */
typedef enum
{
  /* format 1: a limiting criterion graded g caps the grade at g + limit */
  ASSAY_OVERALL_RULE_CAPPED_MEAN = 1,
  /* format 2: a statutory criterion or local rule graded Not yet Bronze
   * makes the grade Not yet Bronze; one graded Bronze caps it at Bronze */
  ASSAY_OVERALL_RULE_STATUTORY   = 2,
} AssayOverallRule;

typedef struct
{
  char      *id;
  char      *title;
  guint      weight;
  GPtrArray *criteria;  /* of AssayCriterion */
} AssaySection;

gboolean assay_criterion_allows (const AssayCriterion *criterion,
                                 AssayGrade            grade);
/* Whether N/A may be given to @criterion for a case with @conditions. */
gboolean assay_criterion_allows_na (const AssayCriterion *criterion,
                                    guint                 conditions);

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
AssayOverallRule      assay_framework_get_rule         (AssayFramework  *self);
/* Whether audits record the plan's provision lines and are capped by them. */
gboolean              assay_framework_has_provision_lines (AssayFramework *self);
/* SHA-256 (hex) of the framework's content in a canonical form: two files
 * with the same id and version but any other difference have different
 * digests. */
const char           *assay_framework_get_digest       (AssayFramework  *self);
/* The highest overall grade a limiting @criterion graded @grade allows;
 * GOLD when it does not limit. */
AssayGrade            assay_framework_get_cap          (AssayFramework       *self,
                                                        const AssayCriterion *criterion,
                                                        AssayGrade            grade);
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

int      assay_version_compare (const char *a,
                                const char *b);
/* Dotted whole numbers such as "2026.2". */
gboolean assay_version_is_valid (const char *version);

G_END_DECLS

/* The registry of every framework available; most callers want both. */
#include "assay-frameworks.h"
