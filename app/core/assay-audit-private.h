/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-audit.h"

G_BEGIN_DECLS

/*
 * What the audit's files share:
 *
 * - assay-audit.c: the object, creating, opening and listing audits, and
 *   reading them (grades, derived grade, actions);
 * - assay-audit-changes.c: grading, text, actions, overrides, finishing,
 *   reopening, duplicating and deleting;
 * - assay-audit-snapshot.c: what the caseload said about the case;
 * - assay-audit-lines.c: a setting visit's provision lines;
 * - assay-audit-json.c: `audit show --json`.
 */

#define ASSAY_AUDIT_COLLECTION "audits"

struct _AssayAudit
{
  GObject         parent_instance;

  AssayStore     *store;
  AssayFramework *framework;
  char           *id;
  gint64          revision;
  guint64         hlc;      /* when the current revision was written */
  JsonNode       *root;     /* the payload: a JSON object */
  guint           coalesce : 1;       /* an editor's session: see assay_audit_set_coalesce() */
  guint           stored_draft : 1;   /* the revision stored is a draft */
};

JsonObject           *_assay_audit_root_object       (AssayAudit  *self);
JsonObject           *_assay_audit_ensure_object     (JsonObject  *object,
                                                      const char  *member);
JsonArray            *_assay_audit_ensure_array      (JsonObject  *object,
                                                      const char  *member);
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
