/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-framework.h"
#include "assay-grading.h"
#include "assay-json-writer.h"
#include "assay-missing-frameworks.h"
#include "assay-store.h"

G_BEGIN_DECLS

#define ASSAY_AUDIT_ERROR (assay_audit_error_quark ())

typedef enum
{
  ASSAY_AUDIT_ERROR_NOT_FOUND,
  ASSAY_AUDIT_ERROR_AMBIGUOUS,        /* an id prefix that fits several audits */
  ASSAY_AUDIT_ERROR_READ_ONLY,        /* finished (reopen it first), or another moderator's */
  ASSAY_AUDIT_ERROR_INVALID,          /* an unknown criterion, a grade not allowed */
  ASSAY_AUDIT_ERROR_REASON_REQUIRED,  /* an override or reopening without a reason */
  ASSAY_AUDIT_ERROR_INCOMPLETE,       /* finishing with criteria ungraded */
  ASSAY_AUDIT_ERROR_DAMAGED,          /* a stored audit that does not parse */
} AssayAuditError;

GQuark assay_audit_error_quark (void);

typedef enum
{
  ASSAY_AUDIT_STATUS_DRAFT,
  ASSAY_AUDIT_STATUS_FINISHED,
  ASSAY_AUDIT_STATUS_MODERATED,
  ASSAY_AUDIT_STATUS_AGREED,
} AssayAuditStatus;

const char *assay_audit_status_to_string (AssayAuditStatus status);

/* The free-text parts of an audit besides the evidence for each grade. */
#define ASSAY_AUDIT_STRENGTHS   "strengths"
#define ASSAY_AUDIT_DEVELOPMENT "development"
#define ASSAY_AUDIT_FEEDBACK    "feedback"

#define ASSAY_TYPE_AUDIT (assay_audit_get_type ())

G_DECLARE_FINAL_TYPE (AssayAudit, assay_audit, ASSAY, AUDIT, GObject)

/*
 * An audit is one record in the encrypted store (collection "audits"). Every
 * change below is written at once as a new revision, so a crash loses at
 * most the change being made, and the history of every grade is kept.
 */
AssayAudit       *assay_audit_create         (AssayStore       *store,
                                              AssayFramework   *framework,
                                              const char       *case_ref,
                                              gboolean          blind,
                                              GError          **error);
/* The same for a caller that has already looked the case up: @case_fields
 * as assay_caseload_lookup() gave them, or NULL when the case is not in the
 * caseload. Saves reading the caseload a second time. */
AssayAudit       *assay_audit_create_for_case (AssayStore     *store,
                                               AssayFramework *framework,
                                               const char     *case_ref,
                                               JsonObject     *case_fields,
                                               gboolean        blind,
                                               GError        **error);
/* @id may be a unique prefix of the audit's id, as `git` allows. */
AssayAudit       *assay_audit_open           (AssayStore       *store,
                                              AssayFrameworks  *frameworks,
                                              const char       *id,
                                              GError          **error);
/* Every audit that can be read, oldest first. Audits whose framework version
 * is not installed are left out and, unless @missing is NULL, listed there
 * (an array of AssayMissingFramework, empty when there are none). Whoever
 * shows a list of audits must say when some are left out: pass NULL only
 * where that is said some other way. */
GPtrArray        *assay_audit_list_readable  (AssayStore       *store,
                                              AssayFrameworks  *frameworks,
                                              GPtrArray       **missing,
                                              GError          **error);
/* assay_audit_list_readable() without the list of what was left out. */
GPtrArray        *assay_audit_list           (AssayStore       *store,
                                              AssayFrameworks  *frameworks,
                                              GError          **error);

/* While an editor has the audit open: the changes it makes to a draft
 * replace the draft revision they started, as long as no bundle has
 * carried that revision away, instead of each adding a revision (see
 * assay_store_save_coalesced()). Finishing and reopening always add one. */
void              assay_audit_set_coalesce   (AssayAudit       *self,
                                              gboolean          coalesce);

const char       *assay_audit_get_id         (AssayAudit       *self);
gint64            assay_audit_get_revision   (AssayAudit       *self);
/* The hybrid logical clock stamp of the last change: orders changes
 * exactly, where the "updated" time has whole seconds. */
guint64           assay_audit_get_stamp      (AssayAudit       *self);
const char       *assay_audit_get_case       (AssayAudit       *self);
AssayFramework   *assay_audit_get_framework  (AssayAudit       *self);
AssayAuditStatus  assay_audit_get_status     (AssayAudit       *self);
gboolean          assay_audit_get_blind      (AssayAudit       *self);
const char       *assay_audit_get_moderator  (AssayAudit       *self);
/* The moderator's public identity (as `assay-cli identity` prints it). */
const char       *assay_audit_get_moderator_id (AssayAudit     *self);
/* TRUE when this installation's moderator made the audit. Only they may
 * change it: every change below fails with READ_ONLY on anyone else's. */
gboolean          assay_audit_is_own         (AssayAudit       *self);
const char       *assay_audit_get_agency     (AssayAudit       *self);
const char       *assay_audit_get_text       (AssayAudit       *self,
                                              const char       *field);
AssayGrade        assay_audit_get_grade      (AssayAudit       *self,
                                              const char       *criterion,
                                              const char      **evidence);
/* The final overall grade once finished; NONE before. */
AssayGrade        assay_audit_get_final      (AssayAudit       *self,
                                              const char      **reason);
AssayGrading     *assay_audit_compute        (AssayAudit       *self);
/* The derived overall grade: as recorded when the audit was finished, or
 * @grading's (from assay_audit_compute()) while it is a draft. */
AssayGrade        assay_audit_get_derived    (AssayAudit       *self,
                                              AssayGrading     *grading);
/* AssayCaseConditions from the facts of the case kept when the audit
 * started (child in care, NC year): they decide where N/A is refused. */
guint             assay_audit_get_case_conditions (AssayAudit *self);

/* A setting visit's provision lines (frameworks with provision lines). The
 * strings belong to the audit and change with it. */
typedef struct
{
  const char     *id;
  const char     *text;        /* the line as the plan states it */
  AssayDelivered  delivered;
  const char     *observed;    /* frequency and duration observed against the plan */
  const char     *staff;
  const char     *evidence;    /* timetable, intervention log, therapy notes seen */
} AssayAuditLine;

guint             assay_audit_get_n_lines    (AssayAudit       *self);
gboolean          assay_audit_get_line       (AssayAudit       *self,
                                              guint             index,
                                              AssayAuditLine   *line);
/* Adds a line and returns its id. */
char             *assay_audit_add_line       (AssayAudit       *self,
                                              const char       *text,
                                              GError          **error);
/* @line_ref is the line's number (from 1) or its id or a unique prefix of
 * it; UNSET and NULL leave a part as it is. */
gboolean          assay_audit_set_line       (AssayAudit       *self,
                                              const char       *line_ref,
                                              AssayDelivered    delivered,
                                              const char       *observed,
                                              const char       *staff,
                                              const char       *evidence,
                                              GError          **error);
gboolean          assay_audit_remove_line    (AssayAudit       *self,
                                              const char       *line_ref,
                                              GError          **error);
/* Puts back a line that was removed, with its id and every part, at
 * @index (the end when past it): what undoing a removal needs, so the
 * lines keep their numbers. Fails with INVALID if a line with that id is
 * there already. */
gboolean          assay_audit_restore_line   (AssayAudit           *self,
                                              guint                 index,
                                              const AssayAuditLine *line,
                                              GError              **error);
/* ISO 8601 UTC times; "finished" is NULL unless the audit is finished. */
const char       *assay_audit_get_updated    (AssayAudit       *self);
const char       *assay_audit_get_finished   (AssayAudit       *self);
/* The follow-up actions, in the order they were added. */
guint             assay_audit_get_n_actions  (AssayAudit       *self);
gboolean          assay_audit_get_action     (AssayAudit       *self,
                                              guint             index,
                                              const char      **what,
                                              const char      **owner,
                                              const char      **due);

/* Sets the grade and, unless @evidence is NULL, the evidence note. */
gboolean          assay_audit_set_grade      (AssayAudit       *self,
                                              const char       *criterion,
                                              AssayGrade        grade,
                                              const char       *evidence,
                                              GError          **error);
/* One grade of many, as a file for `audit grade --from` gives them. */
typedef struct
{
  const char *criterion;
  AssayGrade  grade;
  const char *evidence;   /* NULL leaves the evidence as it is */
} AssayGradeEntry;

/* Sets every grade in one revision, or none: on failure, @failed (when not
 * NULL) is the index of the entry that was refused. */
gboolean          assay_audit_set_grades     (AssayAudit            *self,
                                              const AssayGradeEntry *entries,
                                              guint                  n_entries,
                                              guint                 *failed,
                                              GError               **error);
gboolean          assay_audit_set_evidence   (AssayAudit       *self,
                                              const char       *criterion,
                                              const char       *evidence,
                                              GError          **error);
gboolean          assay_audit_set_text       (AssayAudit       *self,
                                              const char       *field,
                                              const char       *text,
                                              GError          **error);
gboolean          assay_audit_add_action     (AssayAudit       *self,
                                              const char       *what,
                                              const char       *owner,
                                              const char       *due,
                                              GError          **error);
gboolean          assay_audit_remove_action  (AssayAudit       *self,
                                              guint             index,
                                              GError          **error);
/* An override being considered before finishing: kept with the audit so a
 * crash or a lock loses nothing, and used by finish. NONE clears it. */
gboolean          assay_audit_set_pending_override (AssayAudit  *self,
                                                    AssayGrade   grade,
                                                    const char  *reason,
                                                    GError     **error);
AssayGrade        assay_audit_get_pending_override (AssayAudit  *self,
                                                    const char **reason);
/* Completes the audit: every criterion must be graded. @override is NONE to
 * keep the derived grade, or another grade with a written @reason. */
gboolean          assay_audit_finish         (AssayAudit       *self,
                                              AssayGrade        override,
                                              const char       *reason,
                                              GError          **error);
/* Makes a finished audit editable again; the reason is recorded. */
gboolean          assay_audit_reopen         (AssayAudit       *self,
                                              const char       *reason,
                                              GError          **error);

/* A new draft on the same case and framework version, with the grades and
 * evidence of @self copied: a starting point for a second look. */
AssayAudit       *assay_audit_duplicate      (AssayAudit       *self,
                                              GError          **error);
/* Removes a draft from the store with its history; a finished audit is a
 * record of what was decided and cannot be deleted. */
gboolean          assay_audit_delete         (AssayAudit       *self,
                                              GError          **error);

/* The `audit show --json` shape of DESIGN.md; without grades for lists. */
/* The same shape for an audit the blind rule hides (assay-blind-rule.h):
 * who made it and its status, "hidden": true, and no grade, evidence or
 * overall grade at all. */
JsonNode         *assay_audit_to_json_hidden (AssayAudit       *self,
                                              gboolean          with_grades);
JsonNode         *assay_audit_to_json        (AssayAudit       *self,
                                              gboolean          with_grades);
/* assay_audit_to_json (@self, FALSE), or assay_audit_to_json_hidden (@self,
 * FALSE) when @hidden, written as text: what `audit list --json` prints for
 * each audit without building it as a tree. */
void              assay_audit_write_json     (AssayAudit       *self,
                                              gboolean          hidden,
                                              AssayJsonWriter  *writer);

G_END_DECLS
