/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-audit-private.h"
#include "assay-date.h"
#include "assay-json-util.h"

/* The audit object: creating, opening and listing audits, and reading them.
 * Changes are in assay-audit-changes.c; assay-audit-private.h lists the
 * rest. */

G_DEFINE_FINAL_TYPE (AssayAudit, assay_audit, G_TYPE_OBJECT)

G_DEFINE_QUARK (assay-audit-error-quark, assay_audit_error)

static const char * const statuses[] = {
  [ASSAY_AUDIT_STATUS_DRAFT] = "draft",
  [ASSAY_AUDIT_STATUS_FINISHED] = "finished",
  [ASSAY_AUDIT_STATUS_MODERATED] = "moderated",
  [ASSAY_AUDIT_STATUS_AGREED] = "agreed",
};

const char *
assay_audit_status_to_string (AssayAuditStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (statuses), NULL);

  return statuses[status];
}

static void
assay_audit_finalize (GObject *object)
{
  AssayAudit *self = (AssayAudit *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->framework);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->root, json_node_unref);

  G_OBJECT_CLASS (assay_audit_parent_class)->finalize (object);
}

static void
assay_audit_class_init (AssayAuditClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = assay_audit_finalize;
}

static void
assay_audit_init (AssayAudit *self)
{
}

JsonObject *
_assay_audit_root_object (AssayAudit *self)
{
  return json_node_get_object (self->root);
}

JsonObject *
_assay_audit_ensure_object (JsonObject *object,
                            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      json_object_set_object_member (object, member, json_object_new ());
      node = json_object_get_member (object, member);
    }

  return json_node_get_object (node);
}

JsonArray *
_assay_audit_ensure_array (JsonObject *object,
                           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      json_object_set_array_member (object, member, json_array_new ());
      node = json_object_get_member (object, member);
    }

  return json_node_get_array (node);
}

static AssayAuditStatus
status_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (statuses[i], text) == 0)
      return (AssayAuditStatus) i;

  return ASSAY_AUDIT_STATUS_DRAFT;
}

/*
 * Every change goes through here: the payload is written as the next
 * revision. If the write fails, the in-memory audit goes back to @backup so
 * it never shows a change that is not on disk.
 */
gboolean
_assay_audit_commit (AssayAudit  *self,
                     JsonNode    *backup,
                     GError     **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(AssayRecord) record = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *now = assay_date_now_utc_iso8601 ();
  char *text;
  gsize len;

  json_object_set_string_member (_assay_audit_root_object (self), "updated", now);

  json_generator_set_root (generator, self->root);
  text = json_generator_to_data (generator, &len);
  payload = g_bytes_new_take (text, len);

  /* An editor's changes to a draft replace the draft revision its session
   * made; finishing or reopening is a revision of its own. */
  if (self->coalesce && self->stored_draft &&
      assay_audit_get_status (self) == ASSAY_AUDIT_STATUS_DRAFT)
    record = assay_store_save_coalesced (self->store, ASSAY_AUDIT_COLLECTION, self->id, payload,
                                         error);
  else
    record = assay_store_save (self->store, ASSAY_AUDIT_COLLECTION, self->id, payload, error);
  if (record == NULL)
    {
      if (backup != NULL)
        {
          json_node_unref (self->root);
          self->root = json_node_ref (backup);
        }
      return FALSE;
    }

  if (self->id == NULL)
    self->id = g_strdup (record->id);
  self->revision = record->revision;
  self->hlc = record->hlc;
  self->stored_draft = assay_audit_get_status (self) == ASSAY_AUDIT_STATUS_DRAFT;

  return TRUE;
}

void
assay_audit_set_coalesce (AssayAudit *self,
                          gboolean    coalesce)
{
  g_return_if_fail (ASSAY_IS_AUDIT (self));
  self->coalesce = !!coalesce;
}

/*
 * An audit is its moderator's judgement: once colleagues' audits are imported
 * into this store, nobody here may change them, and the forum records its own
 * view as an agreement beside them (assay-compare.h) instead.
 */
gboolean
_assay_audit_require_own (AssayAudit  *self,
                          GError     **error)
{
  const char *name, *agency;

  if (assay_audit_is_own (self))
    return TRUE;

  name = assay_audit_get_moderator (self);
  agency = assay_audit_get_agency (self);
  if (name == NULL || *name == '\0')
    name = _("another moderator");

  if (agency != NULL && *agency != '\0')
    g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_READ_ONLY,
                 /* Translators: the first %s is a moderator's name, the second their agency */
                 _("This audit is %s’s (%s): only its moderator can change it"), name, agency);
  else
    g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_READ_ONLY,
                 _("This audit is %s’s: only its moderator can change it"), name);

  return FALSE;
}

gboolean
_assay_audit_require_editable (AssayAudit  *self,
                               GError     **error)
{
  if (!_assay_audit_require_own (self, error))
    return FALSE;

  if (assay_audit_get_status (self) != ASSAY_AUDIT_STATUS_DRAFT)
    {
      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_READ_ONLY,
                   _("Audit %s is %s and cannot be changed; reopen it first"),
                   self->id, assay_audit_status_to_string (assay_audit_get_status (self)));
      return FALSE;
    }

  return TRUE;
}

const AssayCriterion *
_assay_audit_require_criterion (AssayAudit  *self,
                                const char  *criterion,
                                GError     **error)
{
  const AssayCriterion *found;

  found = assay_framework_lookup_criterion (self->framework, criterion, NULL);
  if (found == NULL)
    g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                 _("Framework %s has no criterion “%s”"),
                 assay_framework_get_id (self->framework), criterion ? criterion : "");

  return found;
}

/* With @look_up, the case's facts are read from the caseload; otherwise
 * @fields are what the caller already read (NULL: not in the caseload). */
static AssayAudit *
create_audit (AssayStore      *store,
              AssayFramework  *framework,
              const char      *case_ref,
              gboolean         blind,
              gboolean         look_up,
              JsonObject      *fields,
              GError         **error)
{
  g_autoptr(AssayAudit) self = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *now = assay_date_now_utc_iso8601 ();
  g_autoptr(JsonObject) snapshot = NULL;
  AssayVault *vault;
  JsonObject *object;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (framework), NULL);

  trimmed = g_strstrip (g_strdup (case_ref != NULL ? case_ref : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                           _("An audit needs the plan’s case reference"));
      return NULL;
    }

  vault = assay_store_get_vault (store);
  if (assay_vault_get_locked (vault))
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED,
                           _("The vault is locked"));
      return NULL;
    }

  self = g_object_new (ASSAY_TYPE_AUDIT, NULL);
  self->store = g_object_ref (store);
  self->framework = g_object_ref (framework);
  /* The node takes its own reference: this one is handed over. */
  {
    g_autoptr(JsonObject) empty = json_object_new ();

    self->root = json_node_init_object (json_node_alloc (), empty);
  }

  object = _assay_audit_root_object (self);
  json_object_set_string_member (object, "case", trimmed);
  json_object_set_string_member (object, "framework", assay_framework_get_id (framework));
  json_object_set_string_member (object, "framework_version",
                                 assay_framework_get_version (framework));
  json_object_set_string_member (object, "framework_digest",
                                 assay_framework_get_digest (framework));
  json_object_set_string_member (object, "kind", assay_framework_get_kind (framework));
  json_object_set_string_member (object, "moderator", assay_vault_get_name (vault));
  json_object_set_string_member (object, "moderator_id", assay_vault_get_identity (vault));
  json_object_set_string_member (object, "agency", assay_vault_get_agency (vault));
  json_object_set_string_member (object, "status", "draft");
  json_object_set_boolean_member (object, "blind", blind);
  json_object_set_object_member (object, "grades", json_object_new ());
  json_object_set_string_member (object, "created", now);

  snapshot = look_up ? _assay_audit_snapshot_case (store, trimmed, error)
                     : _assay_audit_snapshot_from_fields (fields);
  if (snapshot == NULL)
    return NULL;
  json_object_set_object_member (object, "case_snapshot", g_steal_pointer (&snapshot));

  if (!_assay_audit_commit (self, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

AssayAudit *
assay_audit_create (AssayStore      *store,
                    AssayFramework  *framework,
                    const char      *case_ref,
                    gboolean         blind,
                    GError         **error)
{
  return create_audit (store, framework, case_ref, blind, TRUE, NULL, error);
}

AssayAudit *
assay_audit_create_for_case (AssayStore      *store,
                             AssayFramework  *framework,
                             const char      *case_ref,
                             JsonObject      *case_fields,
                             gboolean         blind,
                             GError         **error)
{
  return create_audit (store, framework, case_ref, blind, FALSE, case_fields, error);
}

/* With @missing, an audit whose framework version is not installed is
 * counted there and NULL returned without an error. */
static AssayAudit *
audit_from_record (AssayStore       *store,
                   AssayFrameworks  *frameworks,
                   AssayRecord      *record,
                   GPtrArray        *missing,
                   GError          **error)
{
  g_autoptr(AssayAudit) self = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *text = assay_record_get_text (record, &len);
  JsonObject *root;
  const char *framework_id, *version, *digest;
  g_autoptr(GError) local_error = NULL;

  /* An empty payload parses, to no root at all. */
  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_DAMAGED,
                   _("Audit %s (revision %" G_GINT64_FORMAT ") cannot be read"),
                   record->id, record->revision);
      return NULL;
    }

  self = g_object_new (ASSAY_TYPE_AUDIT, NULL);
  self->store = g_object_ref (store);
  self->id = g_strdup (record->id);
  self->revision = record->revision;
  self->hlc = record->hlc;
  self->root = json_node_ref (json_parser_get_root (parser));
  self->stored_draft = assay_audit_get_status (self) == ASSAY_AUDIT_STATUS_DRAFT;

  /* An audit is always read against the framework version it was made with. */
  /* and, where the audit knows it, with exactly that content: a file that
   * reuses the version number for other content must not regrade it. */
  root = _assay_audit_root_object (self);
  framework_id = assay_json_get_string (root, "framework");
  version = assay_json_get_string (root, "framework_version");
  digest = assay_json_get_string (root, "framework_digest");
  self->framework = assay_frameworks_lookup_exact (frameworks, framework_id, version, digest,
                                                   &local_error);
  if (self->framework == NULL)
    {
      if (missing != NULL &&
          g_error_matches (local_error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_NOT_FOUND))
        assay_missing_frameworks_add (missing, framework_id, version, 1);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&self);
}

AssayAudit *
assay_audit_open (AssayStore       *store,
                  AssayFrameworks  *frameworks,
                  const char       *id,
                  GError          **error)
{
  g_autoptr(GPtrArray) records = NULL;
  AssayRecord *match = NULL;
  gsize id_len;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (frameworks), NULL);

  id_len = id != NULL ? strlen (id) : 0;

  if (id_len == 0)
    {
      g_set_error_literal (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_NOT_FOUND,
                           _("No audit id given"));
      return NULL;
    }

  if (g_uuid_string_is_valid (id))
    {
      g_autoptr(AssayRecord) record = NULL;
      g_autoptr(GError) local_error = NULL;

      record = assay_store_load (store, ASSAY_AUDIT_COLLECTION, id, &local_error);
      if (record == NULL)
        {
          if (g_error_matches (local_error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND))
            g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_NOT_FOUND,
                         _("There is no audit %s"), id);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      return audit_from_record (store, frameworks, record, NULL, error);
    }

  /* A prefix: ids are random, so eight characters are almost always enough. */
  records = assay_store_list (store, ASSAY_AUDIT_COLLECTION, error);
  if (records == NULL)
    return NULL;

  for (guint i = 0; i < records->len; i++)
    {
      AssayRecord *record = records->pdata[i];

      if (g_ascii_strncasecmp (record->id, id, id_len) != 0)
        continue;

      if (match != NULL)
        {
          g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_AMBIGUOUS,
                       _("“%s” matches more than one audit; give more of the id"), id);
          return NULL;
        }
      match = record;
    }

  if (match == NULL)
    {
      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_NOT_FOUND,
                   _("There is no audit %s"), id);
      return NULL;
    }

  return audit_from_record (store, frameworks, match, NULL, error);
}

GPtrArray *
assay_audit_list_readable (AssayStore       *store,
                           AssayFrameworks  *frameworks,
                           GPtrArray       **missing,
                           GError          **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) audits = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) left_out = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (frameworks), NULL);

  records = assay_store_list (store, ASSAY_AUDIT_COLLECTION, error);
  if (records == NULL)
    return NULL;

  /* One colleague's audit made with a framework this computer lacks must
   * not keep every other audit from being read. */
  left_out = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_missing_framework_free);
  for (guint i = 0; i < records->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      AssayAudit *audit = audit_from_record (store, frameworks, records->pdata[i], left_out,
                                             &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      if (audit != NULL)
        g_ptr_array_add (audits, audit);
    }

  if (missing != NULL)
    *missing = g_steal_pointer (&left_out);

  return g_steal_pointer (&audits);
}

GPtrArray *
assay_audit_list (AssayStore       *store,
                  AssayFrameworks  *frameworks,
                  GError          **error)
{
  return assay_audit_list_readable (store, frameworks, NULL, error);
}

const char *
assay_audit_get_id (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);
  return self->id;
}

gint64
assay_audit_get_revision (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), 0);
  return self->revision;
}

guint64
assay_audit_get_stamp (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), 0);
  return self->hlc;
}

const char *
assay_audit_get_case (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);
  return assay_json_get_string (_assay_audit_root_object (self), "case");
}

AssayFramework *
assay_audit_get_framework (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);
  return self->framework;
}

AssayAuditStatus
assay_audit_get_status (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), ASSAY_AUDIT_STATUS_DRAFT);
  return status_from_string (assay_json_get_string (_assay_audit_root_object (self), "status"));
}

gboolean
assay_audit_get_blind (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);
  return json_object_get_boolean_member_with_default (_assay_audit_root_object (self), "blind",
                                                      FALSE);
}

const char *
assay_audit_get_moderator (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);
  return assay_json_get_string (_assay_audit_root_object (self), "moderator");
}

const char *
assay_audit_get_moderator_id (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);
  return assay_json_get_string (_assay_audit_root_object (self), "moderator_id");
}

gboolean
assay_audit_is_own (AssayAudit *self)
{
  const char *identity, *moderator_id;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  identity = assay_vault_get_identity (assay_store_get_vault (self->store));
  moderator_id = assay_audit_get_moderator_id (self);

  /* An audit that names no moderator cannot be shown to be ours. */
  return identity != NULL && moderator_id != NULL &&
         g_ascii_strcasecmp (identity, moderator_id) == 0;
}

const char *
assay_audit_get_agency (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);
  return assay_json_get_string (_assay_audit_root_object (self), "agency");
}

const char *
assay_audit_get_text (AssayAudit *self,
                      const char *field)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);
  return assay_json_get_string (_assay_audit_root_object (self), field);
}

static JsonObject *
lookup_grade_entry (AssayAudit *self,
                    const char *criterion)
{
  JsonNode *grades = json_object_get_member (_assay_audit_root_object (self), "grades");
  JsonNode *entry;

  if (grades == NULL || !JSON_NODE_HOLDS_OBJECT (grades))
    return NULL;

  entry = json_object_get_member (json_node_get_object (grades), criterion);
  if (entry == NULL || !JSON_NODE_HOLDS_OBJECT (entry))
    return NULL;

  return json_node_get_object (entry);
}

AssayGrade
assay_audit_get_grade (AssayAudit  *self,
                       const char  *criterion,
                       const char **evidence)
{
  JsonObject *entry;
  AssayGrade grade = ASSAY_GRADE_NONE;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), ASSAY_GRADE_NONE);

  entry = lookup_grade_entry (self, criterion);
  if (evidence != NULL)
    *evidence = entry != NULL ? assay_json_get_string (entry, "evidence") : NULL;

  if (entry == NULL || !assay_grade_from_token (assay_json_get_string (entry, "grade"), &grade))
    return ASSAY_GRADE_NONE;

  return grade;
}

AssayGrade
assay_audit_get_final (AssayAudit  *self,
                       const char **reason)
{
  JsonNode *node;
  JsonObject *overall;
  AssayGrade grade = ASSAY_GRADE_NONE;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), ASSAY_GRADE_NONE);

  if (reason != NULL)
    *reason = NULL;

  node = json_object_get_member (_assay_audit_root_object (self), "overall");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return ASSAY_GRADE_NONE;

  overall = json_node_get_object (node);
  if (reason != NULL)
    *reason = assay_json_get_string (overall, "reason");
  if (!assay_grade_from_token (assay_json_get_string (overall, "final"), &grade))
    return ASSAY_GRADE_NONE;

  return grade;
}

AssayGrade
assay_audit_get_derived (AssayAudit   *self,
                         AssayGrading *grading)
{
  JsonNode *node;
  AssayGrade stored;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), ASSAY_GRADE_NONE);
  g_return_val_if_fail (grading != NULL, ASSAY_GRADE_NONE);

  /* What was derived when the audit was finished is the record: the same
   * grades under the same framework version give it again, and it is not
   * recomputed under anything newer. */
  node = json_object_get_member (_assay_audit_root_object (self), "overall");
  if (assay_audit_get_status (self) != ASSAY_AUDIT_STATUS_DRAFT &&
      node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
      assay_grade_from_token (assay_json_get_string (json_node_get_object (node), "derived"),
                              &stored))
    return stored;

  return grading->derived;
}

AssayGrading *
assay_audit_compute (AssayAudit *self)
{
  g_autoptr(GHashTable) grades = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *node;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);

  node = json_object_get_member (_assay_audit_root_object (self), "grades");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (const GList *l = members; l != NULL; l = l->next)
        {
          AssayGrade grade = assay_audit_get_grade (self, l->data, NULL);

          if (grade != ASSAY_GRADE_NONE)
            g_hash_table_insert (grades, l->data, GUINT_TO_POINTER (grade));
        }
    }

  {
    JsonArray *lines = _assay_audit_get_lines (self);
    guint n_lines = lines != NULL ? json_array_get_length (lines) : 0;
    g_autofree AssayGradingLine *entries = g_new0 (AssayGradingLine, MAX (n_lines, 1));

    for (guint i = 0; i < n_lines; i++)
      {
        JsonObject *line = _assay_audit_line_at (lines, i);

        entries[i].id = line != NULL ? assay_json_get_string (line, "id") : NULL;
        if (line == NULL ||
            !assay_delivered_from_token (assay_json_get_string (line, "delivered"),
                                         &entries[i].delivered))
          entries[i].delivered = ASSAY_DELIVERED_UNSET;
      }

    return assay_grading_compute_with_lines (self->framework, grades, entries, n_lines);
  }
}

const char *
assay_audit_get_updated (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);
  return assay_json_get_string (_assay_audit_root_object (self), "updated");
}

const char *
assay_audit_get_finished (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);

  if (assay_audit_get_status (self) == ASSAY_AUDIT_STATUS_DRAFT)
    return NULL;

  return assay_json_get_string (_assay_audit_root_object (self), "finished");
}

JsonArray *
_assay_audit_get_actions (AssayAudit *self)
{
  JsonNode *node = json_object_get_member (_assay_audit_root_object (self), "actions");

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

guint
assay_audit_get_n_actions (AssayAudit *self)
{
  JsonArray *actions;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), 0);

  actions = _assay_audit_get_actions (self);

  return actions != NULL ? json_array_get_length (actions) : 0;
}

gboolean
assay_audit_get_action (AssayAudit  *self,
                        guint        index,
                        const char **what,
                        const char **owner,
                        const char **due)
{
  JsonArray *actions;
  JsonNode *node;
  JsonObject *action = NULL;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  actions = _assay_audit_get_actions (self);
  if (actions != NULL && index < json_array_get_length (actions))
    {
      node = json_array_get_element (actions, index);
      if (JSON_NODE_HOLDS_OBJECT (node))
        action = json_node_get_object (node);
    }

  if (what != NULL)
    *what = action != NULL ? assay_json_get_string (action, "what") : NULL;
  if (owner != NULL)
    *owner = action != NULL ? assay_json_get_string (action, "owner") : NULL;
  if (due != NULL)
    *due = action != NULL ? assay_json_get_string (action, "due") : NULL;

  return action != NULL;
}
