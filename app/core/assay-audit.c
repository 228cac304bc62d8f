/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-audit-private.h"
#include "assay-date.h"
#include "assay-json-util.h"

/* The audit object and reading it. Creating, opening and listing audits
 * are in assay-audit-open.c, changes in assay-audit-changes.c;
 * assay-audit-private.h lists the rest. */

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
  g_clear_pointer (&self->light, _assay_audit_light_free);

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

JsonNode *
_assay_audit_parse_payload (AssayRecord  *record,
               GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *text = assay_record_get_text (record, &len);

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

  return json_node_ref (json_parser_get_root (parser));
}

gboolean
_assay_audit_ensure_loaded (AssayAudit  *self,
                            GError     **error)
{
  g_autoptr(AssayRecord) record = NULL;

  if (self->root != NULL)
    return TRUE;

  /* Listed from its summary: the evidence and the free text are read now,
   * from the same revision. */
  record = assay_store_load_revision (self->store, ASSAY_AUDIT_COLLECTION, self->id,
                                      self->revision, error);
  if (record == NULL)
    return FALSE;

  self->root = _assay_audit_parse_payload (record, error);

  return self->root != NULL;
}

JsonObject *
_assay_audit_root_object (AssayAudit *self)
{
  g_autoptr(GError) error = NULL;

  if (!_assay_audit_ensure_loaded (self, &error))
    {
      /* Whoever changes an audit asks first (_assay_audit_require_own()),
       * so this is a read: it shows nothing rather than something wrong. */
      g_warning ("%s", error->message);
      self->root = json_node_init_object (json_node_alloc (), json_object_new ());
    }

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

/* Stores @payload as the audit's next revision (or, in an editor's
 * session, in place of the draft revision the session made) with its
 * summary: both or neither. */
static gboolean
store_revision (AssayAudit  *self,
                GBytes      *payload,
                GError     **error)
{
  g_autoptr(AssayRecord) record = NULL;
  g_autofree char *id = g_strdup (self->id);
  gint64 revision = self->revision;
  guint64 hlc = self->hlc;
  gboolean own_transaction = !assay_store_in_transaction (self->store);

  if (own_transaction && !assay_store_begin (self->store, error))
    return FALSE;

  /* Finishing or reopening is always a revision of its own. */
  if (self->coalesce && self->stored_draft &&
      assay_audit_get_status (self) == ASSAY_AUDIT_STATUS_DRAFT)
    record = assay_store_save_coalesced (self->store, ASSAY_AUDIT_COLLECTION, self->id, payload,
                                         error);
  else
    record = assay_store_save (self->store, ASSAY_AUDIT_COLLECTION, self->id, payload, error);

  if (record != NULL)
    {
      g_free (self->id);
      self->id = g_strdup (record->id);
      self->revision = record->revision;
      self->hlc = record->hlc;
      if (_assay_audit_index_put (self, record->author, error) &&
          (!own_transaction || assay_store_commit (self->store, error)))
        return TRUE;

      g_free (self->id);
      self->id = g_steal_pointer (&id);
      self->revision = revision;
      self->hlc = hlc;
    }

  /* In the caller's transaction, the caller rolls back. */
  if (own_transaction)
    assay_store_rollback (self->store);

  return FALSE;
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
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *now = assay_date_now_utc_iso8601 ();
  char *text;
  gsize len;

  json_object_set_string_member (_assay_audit_root_object (self), "updated", now);

  json_generator_set_root (generator, self->root);
  text = json_generator_to_data (generator, &len);
  payload = g_bytes_new_take (text, len);

  if (!store_revision (self, payload, error))
    {
      if (backup != NULL)
        {
          json_node_unref (self->root);
          self->root = json_node_ref (backup);
        }
      return FALSE;
    }

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

  /* Every change starts here: read the whole audit first, if it was
   * listed from its summary. */
  if (!_assay_audit_ensure_loaded (self, error))
    return FALSE;

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
  return _assay_audit_member (self, ASSAY_AUDIT_MEMBER_CASE);
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
  return status_from_string (_assay_audit_member (self, ASSAY_AUDIT_MEMBER_STATUS));
}

gboolean
assay_audit_get_blind (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (self->root == NULL && self->light != NULL)
    return _assay_audit_light_get_blind (self->light);

  return json_object_get_boolean_member_with_default (_assay_audit_root_object (self), "blind",
                                                      FALSE);
}

const char *
assay_audit_get_moderator (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);
  return _assay_audit_member (self, ASSAY_AUDIT_MEMBER_MODERATOR);
}

const char *
assay_audit_get_moderator_id (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);
  return _assay_audit_member (self, ASSAY_AUDIT_MEMBER_MODERATOR_ID);
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
  return _assay_audit_member (self, ASSAY_AUDIT_MEMBER_AGENCY);
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

  /* The evidence is not in the summary. */
  if (self->root == NULL && self->light != NULL && evidence == NULL)
    return _assay_audit_light_grade (self->light, criterion);

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

  if (self->root == NULL && self->light != NULL)
    {
      if (reason != NULL)
        *reason = _assay_audit_member (self, ASSAY_AUDIT_MEMBER_REASON);
      if (!assay_grade_from_token (_assay_audit_member (self, ASSAY_AUDIT_MEMBER_FINAL), &grade))
        return ASSAY_GRADE_NONE;
      return grade;
    }

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
  AssayGrade stored;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), ASSAY_GRADE_NONE);
  g_return_val_if_fail (grading != NULL, ASSAY_GRADE_NONE);

  /* What was derived when the audit was finished is the record: the same
   * grades under the same framework version give it again, and it is not
   * recomputed under anything newer. */
  if (assay_audit_get_status (self) != ASSAY_AUDIT_STATUS_DRAFT &&
      assay_grade_from_token (_assay_audit_member (self, ASSAY_AUDIT_MEMBER_DERIVED), &stored))
    return stored;

  return grading->derived;
}

AssayGrading *
assay_audit_compute (AssayAudit *self)
{
  g_autoptr(GHashTable) grades = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *node;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);

  if (self->root == NULL && self->light != NULL)
    {
      guint n_lines = _assay_audit_light_get_n_lines (self->light);
      g_autofree AssayGradingLine *entries = g_new0 (AssayGradingLine, MAX (n_lines, 1));

      _assay_audit_light_fill_grades (self->light, grades);
      _assay_audit_light_fill_lines (self->light, entries);

      return assay_grading_compute_with_lines (self->framework, grades, entries, n_lines);
    }

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
  return _assay_audit_member (self, ASSAY_AUDIT_MEMBER_UPDATED);
}

const char *
assay_audit_get_finished (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);

  if (assay_audit_get_status (self) == ASSAY_AUDIT_STATUS_DRAFT)
    return NULL;

  return _assay_audit_member (self, ASSAY_AUDIT_MEMBER_FINISHED);
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

  if (self->root == NULL && self->light != NULL)
    return _assay_audit_light_get_n_actions (self->light);

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

  if (self->root == NULL && self->light != NULL)
    return _assay_audit_light_get_action (self->light, index, what, owner, due);

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
