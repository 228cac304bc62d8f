/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-audit.h"
#include "assay-grading.h"

G_BEGIN_DECLS

/*
 * What the audit's files share:
 *
 * - assay-audit.c: the object and reading it (grades, derived grade,
 *   actions), from the whole payload or from its summary;
 * - assay-audit-open.c: creating, opening and listing audits;
 * - assay-audit-light.c, assay-audit-index.c: the summaries lists read;
 * - assay-audit-changes.c: grading, text, actions, overrides, finishing,
 *   reopening, duplicating and deleting;
 * - assay-audit-snapshot.c: what the caseload said about the case;
 * - assay-audit-lines.c: a setting visit's provision lines;
 * - assay-audit-json.c: `audit show --json`.
 */

#define ASSAY_AUDIT_COLLECTION "audits"

/* The members of the payload that lists read (assay-audit-light.c). */
typedef enum
{
  ASSAY_AUDIT_MEMBER_KIND,
  ASSAY_AUDIT_MEMBER_CASE,
  ASSAY_AUDIT_MEMBER_FRAMEWORK,
  ASSAY_AUDIT_MEMBER_FRAMEWORK_VERSION,
  ASSAY_AUDIT_MEMBER_FRAMEWORK_DIGEST,
  ASSAY_AUDIT_MEMBER_MODERATOR,
  ASSAY_AUDIT_MEMBER_MODERATOR_ID,
  ASSAY_AUDIT_MEMBER_AGENCY,
  ASSAY_AUDIT_MEMBER_STATUS,
  ASSAY_AUDIT_MEMBER_CREATED,
  ASSAY_AUDIT_MEMBER_UPDATED,
  ASSAY_AUDIT_MEMBER_FINISHED,
  ASSAY_AUDIT_MEMBER_FINAL,     /* "overall" members from here */
  ASSAY_AUDIT_MEMBER_REASON,
  ASSAY_AUDIT_MEMBER_DERIVED,
  ASSAY_AUDIT_N_MEMBERS,
} AssayAuditMember;

typedef struct _AssayAuditLight AssayAuditLight;

struct _AssayAudit
{
  GObject         parent_instance;

  AssayStore     *store;
  AssayFramework *framework;
  char           *id;
  gint64          revision;
  guint64         hlc;      /* when the current revision was written */
  JsonNode       *root;     /* the payload: a JSON object, or NULL until needed */
  AssayAuditLight *light;   /* the summary it was listed from, or NULL */
  guint           coalesce : 1;       /* an editor's session: see assay_audit_set_coalesce() */
  guint           stored_draft : 1;   /* the revision stored is a draft */
};

JsonObject           *_assay_audit_root_object       (AssayAudit  *self);
JsonObject           *_assay_audit_ensure_object     (JsonObject  *object,
                                                      const char  *member);
JsonArray            *_assay_audit_ensure_array      (JsonObject  *object,
                                                      const char  *member);
/* The payload of @record as a JSON object, or NULL (DAMAGED). */
JsonNode             *_assay_audit_parse_payload     (AssayRecord *record,
                                                      GError     **error);
/* Every change goes through here; see assay-audit.c. */
gboolean              _assay_audit_commit            (AssayAudit  *self,
                                                      JsonNode    *backup,
                                                      GError     **error);
gboolean              _assay_audit_require_own       (AssayAudit  *self,
                                                      GError     **error);
gboolean              _assay_audit_require_editable  (AssayAudit  *self,
                                                      GError     **error);
const AssayCriterion *_assay_audit_require_criterion (AssayAudit  *self,
                                                      const char  *criterion,
                                                      GError     **error);
JsonArray            *_assay_audit_get_actions       (AssayAudit  *self);

/* Reads the whole revision when the audit was made from its summary. An
 * audit whose revision cannot be read any more (locked, damaged since) is
 * an error here; _assay_audit_root_object() gives an empty object then. */
gboolean              _assay_audit_ensure_loaded     (AssayAudit  *self,
                                                      GError     **error);
/* A member as the payload holds it, from the summary while there is no
 * payload. */
const char           *_assay_audit_member            (AssayAudit       *self,
                                                      AssayAuditMember  member);

/* assay-audit-light.c: the summary */
GVariant             *_assay_audit_light_build       (AssayAudit       *self);
AssayAuditLight      *_assay_audit_light_new         (GBytes           *bytes,
                                                      GError          **error);
void                  _assay_audit_light_free        (AssayAuditLight  *light);
const char           *_assay_audit_light_get_string  (AssayAuditLight  *light,
                                                      AssayAuditMember  member);
AssayGrade            _assay_audit_light_grade       (AssayAuditLight  *light,
                                                      const char       *criterion);
gboolean              _assay_audit_light_get_blind   (AssayAuditLight  *light);
void                  _assay_audit_light_fill_grades (AssayAuditLight  *light,
                                                      GHashTable       *grades);
/* @lines has room for _assay_audit_light_get_n_lines() entries. */
guint                 _assay_audit_light_fill_lines  (AssayAuditLight  *light,
                                                      AssayGradingLine *lines);
guint                 _assay_audit_light_get_n_lines (AssayAuditLight  *light);
guint                 _assay_audit_light_get_n_actions (AssayAuditLight *light);
gboolean              _assay_audit_light_get_action  (AssayAuditLight  *light,
                                                      guint             index,
                                                      const char      **what,
                                                      const char      **owner,
                                                      const char      **due);

/* assay-audit-index.c */
/* Writes the summary of the revision just stored (@author's), in the
 * store's open transaction. */
gboolean              _assay_audit_index_put         (AssayAudit  *self,
                                                      const char  *author,
                                                      GError     **error);
/* Writes @summary (from _assay_audit_light_build()) as @record's, which
 * was just stored: an import, which read the audit once to check it. */
gboolean              _assay_audit_index_put_record  (AssayStore         *store,
                                                      const AssayRecord  *record,
                                                      GVariant           *summary,
                                                      GError            **error);
/* An audit of @record (its newest revision), read whole. With @missing,
 * an audit whose framework version is not installed is counted there and
 * NULL returned without an error. */
AssayAudit           *_assay_audit_from_record       (AssayStore      *store,
                                                      AssayFrameworks *frameworks,
                                                      AssayRecord     *record,
                                                      GPtrArray       *missing,
                                                      GError         **error);
/* An audit listed from its summary (@light, taken). */
AssayAudit           *_assay_audit_new_light         (AssayStore       *store,
                                                      AssayFrameworks  *frameworks,
                                                      const char       *id,
                                                      gint64            revision,
                                                      guint64           hlc,
                                                      AssayAuditLight  *light,
                                                      GPtrArray        *missing,
                                                      GError          **error);
/* Every audit, from the summaries, made where missing or stale. */
GPtrArray            *_assay_audit_index_list        (AssayStore       *store,
                                                      AssayFrameworks  *frameworks,
                                                      GPtrArray       **missing,
                                                      GError          **error);

/* assay-audit-snapshot.c */
/* The case's fields that frameworks' rules read, from the caseload; empty
 * for a case not in it. */
JsonObject           *_assay_audit_snapshot_case     (AssayStore  *store,
                                                      const char  *case_ref,
                                                      GError     **error);
/* The same from the fields assay_caseload_lookup() gave, or NULL for a case
 * not in the caseload. */
JsonObject           *_assay_audit_snapshot_from_fields (JsonObject *fields);
JsonObject           *_assay_audit_get_snapshot      (AssayAudit  *self);

/* assay-audit-lines.c */
JsonArray            *_assay_audit_get_lines         (AssayAudit  *self);
JsonObject           *_assay_audit_line_at           (JsonArray   *lines,
                                                      guint        index);

G_END_DECLS
