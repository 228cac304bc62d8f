/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-audit-private.h"
#include "assay-date.h"
#include "assay-json-util.h"

/* Creating, opening and listing audits. */

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

/* An audit of @id, read against the framework version it was made with and,
 * where the audit knows it, with exactly that content: a file that reuses
 * the version number for other content must not regrade it. With @missing,
 * an audit whose framework version is not installed is counted there and
 * NULL returned without an error. */
static AssayAudit *
audit_new (AssayStore      *store,
           AssayFrameworks *frameworks,
           const char      *id,
           gint64           revision,
           guint64          hlc,
           const char      *framework_id,
           const char      *version,
           const char      *digest,
           GPtrArray       *missing,
           GError         **error)
{
  AssayAudit *self;
  AssayFramework *framework;
  g_autoptr(GError) local_error = NULL;

  framework = assay_frameworks_lookup_exact (frameworks, framework_id, version, digest,
                                             &local_error);
  if (framework == NULL)
    {
      if (missing != NULL &&
          g_error_matches (local_error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_NOT_FOUND))
        assay_missing_frameworks_add (missing, framework_id, version, 1);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self = g_object_new (ASSAY_TYPE_AUDIT, NULL);
  self->store = g_object_ref (store);
  self->framework = framework;
  self->id = g_strdup (id);
  self->revision = revision;
  self->hlc = hlc;

  return self;
}

AssayAudit *
_assay_audit_from_record (AssayStore       *store,
                          AssayFrameworks  *frameworks,
                          AssayRecord      *record,
                          GPtrArray        *missing,
                          GError          **error)
{
  g_autoptr(JsonNode) root = _assay_audit_parse_payload (record, error);
  JsonObject *object;
  AssayAudit *self;

  if (root == NULL)
    return NULL;

  object = json_node_get_object (root);
  self = audit_new (store, frameworks, record->id, record->revision, record->hlc,
                    assay_json_get_string (object, "framework"),
                    assay_json_get_string (object, "framework_version"),
                    assay_json_get_string (object, "framework_digest"),
                    missing, error);
  if (self == NULL)
    return NULL;

  self->root = g_steal_pointer (&root);
  self->stored_draft = assay_audit_get_status (self) == ASSAY_AUDIT_STATUS_DRAFT;

  return self;
}

AssayAudit *
_assay_audit_new_light (AssayStore       *store,
                        AssayFrameworks  *frameworks,
                        const char       *id,
                        gint64            revision,
                        guint64           hlc,
                        AssayAuditLight  *light,
                        GPtrArray        *missing,
                        GError          **error)
{
  AssayAudit *self;

  self = audit_new (store, frameworks, id, revision, hlc,
                    _assay_audit_light_get_string (light, ASSAY_AUDIT_MEMBER_FRAMEWORK),
                    _assay_audit_light_get_string (light, ASSAY_AUDIT_MEMBER_FRAMEWORK_VERSION),
                    _assay_audit_light_get_string (light, ASSAY_AUDIT_MEMBER_FRAMEWORK_DIGEST),
                    missing, error);
  if (self == NULL)
    {
      _assay_audit_light_free (light);
      return NULL;
    }

  self->light = light;
  self->stored_draft = assay_audit_get_status (self) == ASSAY_AUDIT_STATUS_DRAFT;

  return self;
}

AssayAudit *
assay_audit_open (AssayStore       *store,
                  AssayFrameworks  *frameworks,
                  const char       *id,
                  GError          **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(AssayRecord) record = NULL;
  const char *match = NULL;
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

      return _assay_audit_from_record (store, frameworks, record, NULL, error);
    }

  /* A prefix: ids are random, so eight characters are almost always enough.
   * Only the ids are read, not the audits. */
  ids = assay_store_list_ids (store, ASSAY_AUDIT_COLLECTION, error);
  if (ids == NULL)
    return NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      if (g_ascii_strncasecmp (ids->pdata[i], id, id_len) != 0)
        continue;

      if (match != NULL)
        {
          g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_AMBIGUOUS,
                       _("“%s” matches more than one audit; give more of the id"), id);
          return NULL;
        }
      match = ids->pdata[i];
    }

  if (match == NULL)
    {
      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_NOT_FOUND,
                   _("There is no audit %s"), id);
      return NULL;
    }

  record = assay_store_load (store, ASSAY_AUDIT_COLLECTION, match, error);
  if (record == NULL)
    return NULL;

  return _assay_audit_from_record (store, frameworks, record, NULL, error);
}

GPtrArray *
assay_audit_list_readable (AssayStore       *store,
                           AssayFrameworks  *frameworks,
                           GPtrArray       **missing,
                           GError          **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (frameworks), NULL);

  return _assay_audit_index_list (store, frameworks, missing, error);
}

GPtrArray *
assay_audit_list (AssayStore       *store,
                  AssayFrameworks  *frameworks,
                  GError          **error)
{
  return assay_audit_list_readable (store, frameworks, NULL, error);
}
