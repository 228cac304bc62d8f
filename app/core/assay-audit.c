/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-audit.h"
#include "assay-caseload.h"

#define COLLECTION "audits"

struct _AssayAudit
{
  GObject         parent_instance;

  AssayStore     *store;
  AssayFramework *framework;
  char           *id;
  gint64          revision;
  guint64         hlc;      /* when the current revision was written */
  JsonNode       *root;     /* the payload: a JSON object */
};

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

static JsonObject *
root_object (AssayAudit *self)
{
  return json_node_get_object (self->root);
}

static const char *
get_member_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonObject *
ensure_object (JsonObject *object,
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

static JsonArray *
ensure_array (JsonObject *object,
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

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
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
static gboolean
commit (AssayAudit  *self,
        JsonNode    *backup,
        GError     **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(AssayRecord) record = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *now = now_iso8601 ();
  char *text;
  gsize len;

  json_object_set_string_member (root_object (self), "updated", now);

  json_generator_set_root (generator, self->root);
  text = json_generator_to_data (generator, &len);
  payload = g_bytes_new_take (text, len);

  record = assay_store_save (self->store, COLLECTION, self->id, payload, error);
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

  return TRUE;
}

/*
 * An audit is its moderator's judgement: once colleagues' audits are imported
 * into this store, nobody here may change them, and the forum records its own
 * view as an agreement beside them (assay-compare.h) instead.
 */
static gboolean
require_own (AssayAudit  *self,
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

static gboolean
require_editable (AssayAudit  *self,
                  GError     **error)
{
  if (!require_own (self, error))
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

static const AssayCriterion *
require_criterion (AssayAudit  *self,
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

/* The caseload fields whose values a framework's rules depend on. */
static const char * const snapshot_fields[] = {
  "child_in_care", "phase", "nc_year", "key_stage", NULL
};

/*
 * What the caseload says about the case when the audit starts, kept with the
 * audit: the caseload on another machine, or a later import, may say
 * otherwise, and the audit's rules must give the same answer everywhere.
 * A case not in the caseload has an empty snapshot.
 */
static JsonObject *
snapshot_case (AssayStore  *store,
               const char  *case_ref,
               GError     **error)
{
  g_autoptr(JsonObject) snapshot = json_object_new ();
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!assay_caseload_lookup (store, case_ref, &fields, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      return g_steal_pointer (&snapshot);
    }

  for (guint i = 0; snapshot_fields[i] != NULL; i++)
    {
      JsonNode *value = json_object_get_member (fields, snapshot_fields[i]);

      if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
        json_object_set_member (snapshot, snapshot_fields[i], json_node_copy (value));
    }

  return g_steal_pointer (&snapshot);
}

static JsonObject *
get_snapshot (AssayAudit *self)
{
  JsonNode *node = json_object_get_member (root_object (self), "case_snapshot");

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

/* Year 9 and above: preparation for adulthood from the Year 9 review
 * (SEND Regs 2014 reg 20(6)). A key stage or phase counts only when every
 * year in it is Year 9 or above. */
static gboolean
snapshot_year_9_plus (JsonObject *snapshot)
{
  const char *nc_year = get_member_string (snapshot, "nc_year");
  const char *key_stage = get_member_string (snapshot, "key_stage");
  const char *phase = get_member_string (snapshot, "phase");

  if (nc_year != NULL && g_ascii_isdigit (*nc_year))
    return g_ascii_strtoull (nc_year, NULL, 10) >= 9;
  if (nc_year != NULL && *nc_year != '\0')
    return FALSE;  /* N or R */

  if (key_stage != NULL)
    return g_ascii_strcasecmp (key_stage, "KS4") == 0 ||
           g_ascii_strcasecmp (key_stage, "KS5") == 0;

  return g_strcmp0 (phase, "post-16") == 0 || g_strcmp0 (phase, "post-19") == 0;
}

guint
assay_audit_get_case_conditions (AssayAudit *self)
{
  JsonObject *snapshot;
  JsonNode *in_care;
  guint conditions = 0;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), 0);

  snapshot = get_snapshot (self);
  if (snapshot == NULL)
    return 0;

  in_care = json_object_get_member (snapshot, "child_in_care");
  if (in_care != NULL && JSON_NODE_HOLDS_VALUE (in_care) &&
      json_node_get_value_type (in_care) == G_TYPE_BOOLEAN && json_node_get_boolean (in_care))
    conditions |= ASSAY_CASE_CHILD_IN_CARE;

  if (snapshot_year_9_plus (snapshot))
    conditions |= ASSAY_CASE_YEAR_9_PLUS;

  return conditions;
}

AssayAudit *
assay_audit_create (AssayStore      *store,
                    AssayFramework  *framework,
                    const char      *case_ref,
                    gboolean         blind,
                    GError         **error)
{
  g_autoptr(AssayAudit) self = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *now = now_iso8601 ();
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
  self->root = json_node_init_object (json_node_alloc (), json_object_new ());

  object = root_object (self);
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

  snapshot = snapshot_case (store, trimmed, error);
  if (snapshot == NULL)
    return NULL;
  json_object_set_object_member (object, "case_snapshot", g_steal_pointer (&snapshot));

  if (!commit (self, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
assay_missing_framework_free (AssayMissingFramework *missing)
{
  if (missing == NULL)
    return;

  g_free (missing->framework);
  g_free (missing->version);
  g_free (missing);
}

void
assay_missing_frameworks_add (GPtrArray  *missing,
                              const char *framework,
                              const char *version,
                              guint       n_audits)
{
  AssayMissingFramework *entry;
  guint i;

  g_return_if_fail (missing != NULL);

  if (framework == NULL)
    framework = "";
  if (version == NULL)
    version = "";

  for (i = 0; i < missing->len; i++)
    {
      AssayMissingFramework *other = missing->pdata[i];
      int cmp = strcmp (other->framework, framework);

      if (cmp == 0)
        cmp = assay_version_compare (other->version, version);
      if (cmp == 0 && g_str_equal (other->version, version))
        {
          other->n_audits += n_audits;
          return;
        }
      if (cmp > 0)
        break;
    }

  entry = g_new0 (AssayMissingFramework, 1);
  entry->framework = g_strdup (framework);
  entry->version = g_strdup (version);
  entry->n_audits = n_audits;
  g_ptr_array_insert (missing, (int) i, entry);
}

char *
assay_missing_frameworks_describe (const GPtrArray *missing)
{
  g_autofree char *dir = assay_frameworks_get_partnership_dir ();
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = 0;

  g_return_val_if_fail (missing != NULL, NULL);

  for (guint i = 0; i < missing->len; i++)
    n += ((AssayMissingFramework *) missing->pdata[i])->n_audits;

  if (missing->len == 1)
    {
      const AssayMissingFramework *only = missing->pdata[0];

      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u audit cannot be read here: it was made with "
                                           "the framework “%s” version %s, which is not "
                                           "installed.",
                                           "%u audits cannot be read here: they were made "
                                           "with the framework “%s” version %s, which is not "
                                           "installed.",
                                           n),
                              n, only->framework, only->version);
    }
  else
    {
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u audit cannot be read here: it was made with a "
                                           "framework that is not installed:",
                                           "%u audits cannot be read here: they were made "
                                           "with frameworks that are not installed:",
                                           n),
                              n);
      for (guint i = 0; i < missing->len; i++)
        {
          const AssayMissingFramework *entry = missing->pdata[i];

          g_string_append_c (text, i == 0 ? ' ' : ',');
          if (i > 0)
            g_string_append_c (text, ' ');
          /* Translators: a framework's id, its version and how many audits use it */
          g_string_append_printf (text, _("“%s” version %s (%u)"),
                                  entry->framework, entry->version, entry->n_audits);
        }
      g_string_append_c (text, '.');
    }

  g_string_append_c (text, ' ');
  /* Translators: the folder where a partnership's own framework files go */
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "It is kept: put the framework’s file from your "
                                       "partnership in %s to read it.",
                                       "They are kept: put the framework files from your "
                                       "partnership in %s to read them.",
                                       n),
                          dir);

  return g_string_free (g_steal_pointer (&text), FALSE);
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
  const char *framework_id, *version;
  g_autoptr(GError) local_error = NULL;

  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL) ||
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

  /* An audit is always read against the framework version it was made with. */
  /* and, where the audit knows it, with exactly that content: a file that
   * reuses the version number for other content must not regrade it. */
  framework_id = get_member_string (root_object (self), "framework");
  version = get_member_string (root_object (self), "framework_version");
  self->framework = assay_frameworks_lookup_exact (frameworks, framework_id, version,
                                                   get_member_string (root_object (self),
                                                                      "framework_digest"),
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

      record = assay_store_load (store, COLLECTION, id, &local_error);
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
  records = assay_store_list (store, COLLECTION, error);
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

  records = assay_store_list (store, COLLECTION, error);
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
  return get_member_string (root_object (self), "case");
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
  return status_from_string (get_member_string (root_object (self), "status"));
}

gboolean
assay_audit_get_blind (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);
  return json_object_get_boolean_member_with_default (root_object (self), "blind", FALSE);
}

const char *
assay_audit_get_moderator (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);
  return get_member_string (root_object (self), "moderator");
}

const char *
assay_audit_get_moderator_id (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);
  return get_member_string (root_object (self), "moderator_id");
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
  return get_member_string (root_object (self), "agency");
}

const char *
assay_audit_get_text (AssayAudit *self,
                      const char *field)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);
  return get_member_string (root_object (self), field);
}

static JsonObject *
lookup_grade_entry (AssayAudit *self,
                    const char *criterion)
{
  JsonNode *grades = json_object_get_member (root_object (self), "grades");
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
    *evidence = entry != NULL ? get_member_string (entry, "evidence") : NULL;

  if (entry == NULL || !assay_grade_from_token (get_member_string (entry, "grade"), &grade))
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

  node = json_object_get_member (root_object (self), "overall");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return ASSAY_GRADE_NONE;

  overall = json_node_get_object (node);
  if (reason != NULL)
    *reason = get_member_string (overall, "reason");
  if (!assay_grade_from_token (get_member_string (overall, "final"), &grade))
    return ASSAY_GRADE_NONE;

  return grade;
}

/*
 * A setting visit's provision lines: one per line of the plan's section F
 * (and G or H where seen), in the order added, each with an id of its own so
 * a line can be referred to after others are added.
 */
static JsonArray *
get_lines (AssayAudit *self)
{
  JsonNode *node = json_object_get_member (root_object (self), "lines");

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

static JsonObject *
line_at (JsonArray *lines,
         guint      index)
{
  JsonNode *node = json_array_get_element (lines, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

guint
assay_audit_get_n_lines (AssayAudit *self)
{
  JsonArray *lines;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), 0);

  lines = get_lines (self);

  return lines != NULL ? json_array_get_length (lines) : 0;
}

gboolean
assay_audit_get_line (AssayAudit      *self,
                      guint            index,
                      AssayAuditLine  *line)
{
  JsonArray *lines;
  JsonObject *object = NULL;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);
  g_return_val_if_fail (line != NULL, FALSE);

  memset (line, 0, sizeof *line);
  lines = get_lines (self);
  if (lines != NULL && index < json_array_get_length (lines))
    object = line_at (lines, index);
  if (object == NULL)
    return FALSE;

  line->id = get_member_string (object, "id");
  line->text = get_member_string (object, "text");
  line->observed = get_member_string (object, "observed");
  line->staff = get_member_string (object, "staff");
  line->evidence = get_member_string (object, "evidence");
  if (!assay_delivered_from_token (get_member_string (object, "delivered"), &line->delivered))
    line->delivered = ASSAY_DELIVERED_UNSET;

  return TRUE;
}

static gboolean
require_lines (AssayAudit  *self,
               GError     **error)
{
  if (assay_framework_has_provision_lines (self->framework))
    return TRUE;

  g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
               _("Audit %s uses the framework %s, which has no provision lines: only a "
                 "setting visit records them"),
               self->id, assay_framework_get_id (self->framework));

  return FALSE;
}

/* Lines are numbered from 1 in the order added; a line is found by that
 * number or by its id (or a unique prefix of it). */
static JsonObject *
find_line (AssayAudit  *self,
           const char  *line_ref,
           GError     **error)
{
  JsonArray *lines = get_lines (self);
  guint n = lines != NULL ? json_array_get_length (lines) : 0;
  JsonObject *match = NULL;
  gsize len = line_ref != NULL ? strlen (line_ref) : 0;
  char *end = NULL;
  guint64 number;

  if (len > 0 && g_ascii_isdigit (*line_ref))
    {
      number = g_ascii_strtoull (line_ref, &end, 10);
      if (*end == '\0' && number >= 1 && number <= n)
        return line_at (lines, (guint) number - 1);

      /* A short number is a line number, never the start of an id that
       * happens to begin with those digits. */
      if (*end == '\0' && len < 8)
        len = 0;
    }

  for (guint i = 0; len > 0 && i < n; i++)
    {
      JsonObject *line = line_at (lines, i);
      const char *id = line != NULL ? get_member_string (line, "id") : NULL;

      if (id == NULL || g_ascii_strncasecmp (id, line_ref, len) != 0)
        continue;
      if (match != NULL)
        {
          g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_AMBIGUOUS,
                       _("“%s” matches more than one provision line; give more of the id"),
                       line_ref);
          return NULL;
        }
      match = line;
    }

  if (match == NULL)
    g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_NOT_FOUND,
                 _("Audit %s has no provision line “%s” (it has %u)"),
                 self->id, line_ref != NULL ? line_ref : "", n);

  return match;
}

char *
assay_audit_add_line (AssayAudit  *self,
                      const char  *text,
                      GError     **error)
{
  g_autoptr(JsonNode) backup = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *id = NULL;
  JsonObject *line;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);

  if (!require_editable (self, error) || !require_lines (self, error))
    return NULL;

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                           _("A provision line needs the line’s text as the plan states it"));
      return NULL;
    }

  backup = json_node_copy (self->root);
  id = g_uuid_string_random ();
  line = json_object_new ();
  json_object_set_string_member (line, "id", id);
  json_object_set_string_member (line, "text", trimmed);
  json_array_add_object_element (ensure_array (root_object (self), "lines"), line);

  if (!commit (self, backup, error))
    return NULL;

  return g_steal_pointer (&id);
}

gboolean
assay_audit_set_line (AssayAudit      *self,
                      const char      *line_ref,
                      AssayDelivered   delivered,
                      const char      *observed,
                      const char      *staff,
                      const char      *evidence,
                      GError         **error)
{
  g_autoptr(JsonNode) backup = NULL;
  JsonObject *line;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (!require_editable (self, error) || !require_lines (self, error))
    return FALSE;

  backup = json_node_copy (self->root);
  line = find_line (self, line_ref, error);
  if (line == NULL)
    return FALSE;

  if (delivered != ASSAY_DELIVERED_UNSET)
    json_object_set_string_member (line, "delivered", assay_delivered_to_token (delivered));
  if (observed != NULL)
    json_object_set_string_member (line, "observed", observed);
  if (staff != NULL)
    json_object_set_string_member (line, "staff", staff);
  if (evidence != NULL)
    json_object_set_string_member (line, "evidence", evidence);

  return commit (self, backup, error);
}

gboolean
assay_audit_remove_line (AssayAudit  *self,
                         const char  *line_ref,
                         GError     **error)
{
  g_autoptr(JsonNode) backup = NULL;
  JsonArray *lines;
  JsonObject *line;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (!require_editable (self, error) || !require_lines (self, error))
    return FALSE;

  line = find_line (self, line_ref, error);
  if (line == NULL)
    return FALSE;

  backup = json_node_copy (self->root);
  lines = get_lines (self);
  for (guint i = 0; i < json_array_get_length (lines); i++)
    if (line_at (lines, i) == line)
      {
        json_array_remove_element (lines, i);
        break;
      }

  return commit (self, backup, error);
}

gboolean
assay_audit_restore_line (AssayAudit           *self,
                          guint                 index,
                          const AssayAuditLine *line,
                          GError              **error)
{
  g_autoptr(JsonNode) backup = NULL;
  g_autofree char *trimmed = NULL;
  JsonArray *lines;
  JsonArray *restored;
  JsonObject *object;
  guint n;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);
  g_return_val_if_fail (line != NULL && line->id != NULL, FALSE);

  if (!require_editable (self, error) || !require_lines (self, error))
    return FALSE;

  trimmed = g_strstrip (g_strdup (line->text != NULL ? line->text : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                           _("A provision line needs the line’s text as the plan states it"));
      return FALSE;
    }

  lines = get_lines (self);
  n = lines != NULL ? json_array_get_length (lines) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *other = line_at (lines, i);

      if (other != NULL && g_strcmp0 (get_member_string (other, "id"), line->id) == 0)
        {
          g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                       _("Audit %s already has the provision line %s"), self->id, line->id);
          return FALSE;
        }
    }

  backup = json_node_copy (self->root);

  object = json_object_new ();
  json_object_set_string_member (object, "id", line->id);
  json_object_set_string_member (object, "text", trimmed);
  if (line->delivered != ASSAY_DELIVERED_UNSET)
    json_object_set_string_member (object, "delivered",
                                   assay_delivered_to_token (line->delivered));
  if (line->observed != NULL)
    json_object_set_string_member (object, "observed", line->observed);
  if (line->staff != NULL)
    json_object_set_string_member (object, "staff", line->staff);
  if (line->evidence != NULL)
    json_object_set_string_member (object, "evidence", line->evidence);

  /* JsonArray cannot insert: the lines are copied around the one put back. */
  restored = json_array_sized_new (n + 1);
  for (guint i = 0; i <= n; i++)
    {
      if (i == MIN (index, n))
        json_array_add_object_element (restored, json_object_ref (object));
      if (i < n)
        json_array_add_element (restored, json_node_copy (json_array_get_element (lines, i)));
    }
  json_object_unref (object);
  json_object_set_array_member (root_object (self), "lines", restored);

  return commit (self, backup, error);
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
  node = json_object_get_member (root_object (self), "overall");
  if (assay_audit_get_status (self) != ASSAY_AUDIT_STATUS_DRAFT &&
      node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
      assay_grade_from_token (get_member_string (json_node_get_object (node), "derived"),
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

  node = json_object_get_member (root_object (self), "grades");
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
    JsonArray *lines = get_lines (self);
    guint n_lines = lines != NULL ? json_array_get_length (lines) : 0;
    g_autofree AssayGradingLine *entries = g_new0 (AssayGradingLine, MAX (n_lines, 1));

    for (guint i = 0; i < n_lines; i++)
      {
        JsonObject *line = line_at (lines, i);

        entries[i].id = line != NULL ? get_member_string (line, "id") : NULL;
        if (line == NULL ||
            !assay_delivered_from_token (get_member_string (line, "delivered"),
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
  return get_member_string (root_object (self), "updated");
}

const char *
assay_audit_get_finished (AssayAudit *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);

  if (assay_audit_get_status (self) == ASSAY_AUDIT_STATUS_DRAFT)
    return NULL;

  return get_member_string (root_object (self), "finished");
}

static JsonArray *
get_actions (AssayAudit *self)
{
  JsonNode *node = json_object_get_member (root_object (self), "actions");

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

guint
assay_audit_get_n_actions (AssayAudit *self)
{
  JsonArray *actions;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), 0);

  actions = get_actions (self);

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

  actions = get_actions (self);
  if (actions != NULL && index < json_array_get_length (actions))
    {
      node = json_array_get_element (actions, index);
      if (JSON_NODE_HOLDS_OBJECT (node))
        action = json_node_get_object (node);
    }

  if (what != NULL)
    *what = action != NULL ? get_member_string (action, "what") : NULL;
  if (owner != NULL)
    *owner = action != NULL ? get_member_string (action, "owner") : NULL;
  if (due != NULL)
    *due = action != NULL ? get_member_string (action, "due") : NULL;

  return action != NULL;
}

gboolean
assay_audit_set_grade (AssayAudit  *self,
                       const char  *criterion,
                       AssayGrade   grade,
                       const char  *evidence,
                       GError     **error)
{
  g_autoptr(JsonNode) backup = NULL;
  const AssayCriterion *found;
  JsonObject *entry;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (!require_editable (self, error))
    return FALSE;

  found = require_criterion (self, criterion, error);
  if (found == NULL)
    return FALSE;

  if (grade == ASSAY_GRADE_NA && found->na &&
      !assay_criterion_allows_na (found, assay_audit_get_case_conditions (self)))
    {
      guint why = found->required_when & assay_audit_get_case_conditions (self);

      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                   (why & ASSAY_CASE_CHILD_IN_CARE)
                     ? _("Criterion %s cannot be N/A: the case is a child in care")
                     : _("Criterion %s cannot be N/A: the young person is in Year 9 or above"),
                   criterion);
      return FALSE;
    }

  if (!assay_criterion_allows (found, grade))
    {
      g_autoptr(GString) allowed = g_string_new (NULL);

      for (AssayGrade g = ASSAY_GRADE_GOLD; g >= ASSAY_GRADE_NOT_YET_BRONZE; g--)
        if (assay_criterion_allows (found, g))
          g_string_append_printf (allowed, "%s%s", allowed->len ? ", " : "",
                                  assay_grade_to_token (g));
      if (found->na)
        g_string_append (allowed, ", n/a");

      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                   _("Criterion %s cannot be graded %s (allowed: %s)"),
                   criterion, grade == ASSAY_GRADE_NONE ? "?" : assay_grade_to_token (grade),
                   allowed->str);
      return FALSE;
    }

  backup = json_node_copy (self->root);
  entry = ensure_object (ensure_object (root_object (self), "grades"), criterion);
  json_object_set_string_member (entry, "grade", assay_grade_to_token (grade));
  if (evidence != NULL)
    json_object_set_string_member (entry, "evidence", evidence);

  return commit (self, backup, error);
}

gboolean
assay_audit_set_evidence (AssayAudit  *self,
                          const char  *criterion,
                          const char  *evidence,
                          GError     **error)
{
  g_autoptr(JsonNode) backup = NULL;
  JsonObject *entry;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (!require_editable (self, error) || require_criterion (self, criterion, error) == NULL)
    return FALSE;

  backup = json_node_copy (self->root);
  entry = ensure_object (ensure_object (root_object (self), "grades"), criterion);
  json_object_set_string_member (entry, "evidence", evidence != NULL ? evidence : "");

  return commit (self, backup, error);
}

gboolean
assay_audit_set_text (AssayAudit  *self,
                      const char  *field,
                      const char  *text,
                      GError     **error)
{
  g_autoptr(JsonNode) backup = NULL;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);
  g_return_val_if_fail (g_strcmp0 (field, ASSAY_AUDIT_STRENGTHS) == 0 ||
                        g_strcmp0 (field, ASSAY_AUDIT_DEVELOPMENT) == 0 ||
                        g_strcmp0 (field, ASSAY_AUDIT_FEEDBACK) == 0, FALSE);

  if (!require_editable (self, error))
    return FALSE;

  backup = json_node_copy (self->root);
  json_object_set_string_member (root_object (self), field, text != NULL ? text : "");

  return commit (self, backup, error);
}

static gboolean
valid_date (const char *text)
{
  int y, m, d;
  char tail;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return FALSE;

  return g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

gboolean
assay_audit_add_action (AssayAudit  *self,
                        const char  *what,
                        const char  *owner,
                        const char  *due,
                        GError     **error)
{
  g_autoptr(JsonNode) backup = NULL;
  JsonObject *action;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (!require_editable (self, error))
    return FALSE;

  if (what == NULL || *what == '\0' || owner == NULL || *owner == '\0')
    {
      g_set_error_literal (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                           _("An action needs what is to be done and who owns it"));
      return FALSE;
    }

  if (due != NULL && !valid_date (due))
    {
      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                   _("The due date “%s” is not a date like 2026-03-14"), due);
      return FALSE;
    }

  backup = json_node_copy (self->root);
  action = json_object_new ();
  json_object_set_string_member (action, "what", what);
  json_object_set_string_member (action, "owner", owner);
  if (due != NULL)
    json_object_set_string_member (action, "due", due);
  json_array_add_object_element (ensure_array (root_object (self), "actions"), action);

  return commit (self, backup, error);
}

gboolean
assay_audit_remove_action (AssayAudit  *self,
                           guint        index,
                           GError     **error)
{
  g_autoptr(JsonNode) backup = NULL;
  JsonArray *actions;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (!require_editable (self, error))
    return FALSE;

  actions = get_actions (self);
  if (actions == NULL || index >= json_array_get_length (actions))
    {
      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                   _("Audit %s has no action %u"), self->id, index + 1);
      return FALSE;
    }

  backup = json_node_copy (self->root);
  json_array_remove_element (get_actions (self), index);

  return commit (self, backup, error);
}

static void
add_event (AssayAudit *self,
           const char *event,
           const char *reason)
{
  g_autofree char *now = now_iso8601 ();
  JsonObject *entry = json_object_new ();
  AssayVault *vault = assay_store_get_vault (self->store);

  json_object_set_string_member (entry, "at", now);
  json_object_set_string_member (entry, "event", event);
  json_object_set_string_member (entry, "by", assay_vault_get_identity (vault));
  if (reason != NULL)
    json_object_set_string_member (entry, "reason", reason);
  json_array_add_object_element (ensure_array (root_object (self), "events"), entry);
}

AssayGrade
assay_audit_get_pending_override (AssayAudit  *self,
                                  const char **reason)
{
  JsonNode *node;
  AssayGrade grade = ASSAY_GRADE_NONE;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), ASSAY_GRADE_NONE);

  if (reason != NULL)
    *reason = NULL;

  node = json_object_get_member (root_object (self), "pending_override");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return ASSAY_GRADE_NONE;

  if (reason != NULL)
    *reason = get_member_string (json_node_get_object (node), "reason");
  if (!assay_grade_from_token (get_member_string (json_node_get_object (node), "grade"), &grade) ||
      !ASSAY_GRADE_IS_SCORED (grade))
    return ASSAY_GRADE_NONE;

  return grade;
}

gboolean
assay_audit_set_pending_override (AssayAudit  *self,
                                  AssayGrade   grade,
                                  const char  *reason,
                                  GError     **error)
{
  g_autoptr(JsonNode) backup = NULL;
  const char *stored_reason = NULL;
  AssayGrade stored;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);
  g_return_val_if_fail (grade == ASSAY_GRADE_NONE || ASSAY_GRADE_IS_SCORED (grade), FALSE);

  if (!require_editable (self, error))
    return FALSE;

  if (reason == NULL)
    reason = "";

  /* Nothing new is no new revision. */
  stored = assay_audit_get_pending_override (self, &stored_reason);
  if (stored == grade && g_strcmp0 (stored_reason != NULL ? stored_reason : "", reason) == 0)
    return TRUE;

  backup = json_node_copy (self->root);
  if (grade == ASSAY_GRADE_NONE && *reason == '\0')
    {
      json_object_remove_member (root_object (self), "pending_override");
    }
  else
    {
      JsonObject *pending = json_object_new ();

      if (grade != ASSAY_GRADE_NONE)
        json_object_set_string_member (pending, "grade", assay_grade_to_token (grade));
      json_object_set_string_member (pending, "reason", reason);
      json_object_set_object_member (root_object (self), "pending_override", pending);
    }

  return commit (self, backup, error);
}

gboolean
assay_audit_finish (AssayAudit  *self,
                    AssayGrade   override,
                    const char  *reason,
                    GError     **error)
{
  g_autoptr(AssayGrading) grading = NULL;
  g_autoptr(JsonNode) backup = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *now = now_iso8601 ();
  JsonObject *overall;
  AssayGrade final;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (!require_editable (self, error))
    return FALSE;

  grading = assay_audit_compute (self);
  if (grading->ungraded->len == 0 && !grading->complete)
    {
      if (grading->n_lines == 0)
        g_set_error_literal (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INCOMPLETE,
                             _("A setting visit records at least one provision line of the "
                               "plan, and whether it is delivered"));
      else
        g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INCOMPLETE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%u provision line has no record of whether it is delivered",
                                  "%u provision lines have no record of whether they are "
                                  "delivered",
                                  grading->n_lines_open),
                     grading->n_lines_open);
      return FALSE;
    }

  if (!grading->complete)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (grading->ungraded, NULL);
      list = g_strjoinv (", ", (char **) grading->ungraded->pdata);
      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INCOMPLETE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u criterion is not graded yet: %s",
                                "%u criteria are not graded yet: %s",
                                grading->ungraded->len - 1),
                   grading->ungraded->len - 1, list);
      return FALSE;
    }

  trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  final = grading->derived;

  if (override != ASSAY_GRADE_NONE && override != grading->derived)
    {
      if (!ASSAY_GRADE_IS_SCORED (override))
        {
          g_set_error_literal (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                               _("The overall grade must be gold, silver, bronze or "
                                 "not-yet-bronze"));
          return FALSE;
        }

      if (*trimmed == '\0')
        {
          g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_REASON_REQUIRED,
                       _("Changing the overall grade from %s to %s needs a written reason"),
                       assay_grade_to_token (grading->derived), assay_grade_to_token (override));
          return FALSE;
        }

      final = override;
    }

  backup = json_node_copy (self->root);
  overall = json_object_new ();
  json_object_set_string_member (overall, "derived", assay_grade_to_token (grading->derived));
  json_object_set_string_member (overall, "final", assay_grade_to_token (final));
  if (final != grading->derived)
    json_object_set_string_member (overall, "reason", trimmed);
  else
    json_object_set_null_member (overall, "reason");
  json_object_set_object_member (root_object (self), "overall", overall);
  json_object_remove_member (root_object (self), "pending_override");
  json_object_set_string_member (root_object (self), "status", "finished");
  json_object_set_string_member (root_object (self), "finished", now);
  add_event (self, "finished", final != grading->derived ? trimmed : NULL);

  return commit (self, backup, error);
}

gboolean
assay_audit_reopen (AssayAudit  *self,
                    const char  *reason,
                    GError     **error)
{
  g_autoptr(JsonNode) backup = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (!require_own (self, error))
    return FALSE;

  if (assay_audit_get_status (self) == ASSAY_AUDIT_STATUS_DRAFT)
    {
      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                   _("Audit %s is still a draft"), self->id);
      return FALSE;
    }

  trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_REASON_REQUIRED,
                           _("Reopening a finished audit needs a written reason"));
      return FALSE;
    }

  backup = json_node_copy (self->root);
  json_object_set_string_member (root_object (self), "status", "draft");
  json_object_remove_member (root_object (self), "finished");
  add_event (self, "reopened", trimmed);

  return commit (self, backup, error);
}

AssayAudit *
assay_audit_duplicate (AssayAudit  *self,
                       GError     **error)
{
  static const char * const copied_members[] = { "case_snapshot", "lines" };
  g_autoptr(AssayAudit) copy = NULL;
  JsonNode *grades;
  gboolean own_transaction;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);

  /* A copy of a colleague's grades would be no blind second look, and
   * would pass their judgement off as ours. */
  if (!require_own (self, error))
    return NULL;

  /* Both revisions or neither: never an empty copy left behind. */
  own_transaction = !assay_store_in_transaction (self->store);
  if (own_transaction && !assay_store_begin (self->store, error))
    return NULL;

  /* Against the original's framework version, not the newest one, so the
   * copied grades keep their meaning. */
  copy = assay_audit_create (self->store, self->framework, assay_audit_get_case (self),
                             assay_audit_get_blind (self), error);
  if (copy == NULL)
    goto fail;

  grades = json_object_get_member (root_object (self), "grades");
  if (grades != NULL && JSON_NODE_HOLDS_OBJECT (grades))
    json_object_set_member (root_object (copy), "grades", json_node_copy (grades));
  /* The copied grades were given under the original's facts of the case. */
  for (guint i = 0; i < G_N_ELEMENTS (copied_members); i++)
    {
      JsonNode *node = json_object_get_member (root_object (self), copied_members[i]);

      if (node != NULL)
        json_object_set_member (root_object (copy), copied_members[i], json_node_copy (node));
    }
  json_object_set_string_member (root_object (copy), "duplicated_from", self->id);

  if (!commit (copy, NULL, error))
    goto fail;

  if (own_transaction && !assay_store_commit (self->store, error))
    return NULL;

  return g_steal_pointer (&copy);

fail:
  if (own_transaction)
    assay_store_rollback (self->store);
  return NULL;
}

gboolean
assay_audit_delete (AssayAudit  *self,
                    GError     **error)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (!require_own (self, error))
    return FALSE;

  if (assay_audit_get_status (self) != ASSAY_AUDIT_STATUS_DRAFT)
    {
      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_READ_ONLY,
                   _("Audit %s is %s; only a draft can be deleted"),
                   self->id, assay_audit_status_to_string (assay_audit_get_status (self)));
      return FALSE;
    }

  return assay_store_delete (self->store, COLLECTION, self->id, error);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
assay_audit_to_json (AssayAudit *self,
                     gboolean    with_grades)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(AssayGrading) grading = NULL;
  JsonObject *object;
  const char *reason = NULL;
  AssayGrade final, derived;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);

  object = root_object (self);
  grading = assay_audit_compute (self);
  final = assay_audit_get_final (self, &reason);
  derived = assay_audit_get_derived (self, grading);

  json_builder_begin_object (builder);
  add_string_or_null (builder, "id", self->id);
  add_string_or_null (builder, "case", assay_audit_get_case (self));
  add_string_or_null (builder, "framework", get_member_string (object, "framework"));
  add_string_or_null (builder, "framework_version", get_member_string (object, "framework_version"));
  add_string_or_null (builder, "framework_digest", get_member_string (object, "framework_digest"));
  add_string_or_null (builder, "rule",
                      assay_framework_get_rule (self->framework) == ASSAY_OVERALL_RULE_STATUTORY
                        ? "statutory-limits" : "weighted-mean");
  add_string_or_null (builder, "kind", get_member_string (object, "kind"));
  add_string_or_null (builder, "moderator", get_member_string (object, "moderator"));
  add_string_or_null (builder, "moderator_id", get_member_string (object, "moderator_id"));
  add_string_or_null (builder, "agency", get_member_string (object, "agency"));
  add_string_or_null (builder, "status",
                      assay_audit_status_to_string (assay_audit_get_status (self)));
  json_builder_set_member_name (builder, "blind");
  json_builder_add_boolean_value (builder, assay_audit_get_blind (self));
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, self->revision);
  add_string_or_null (builder, "created", get_member_string (object, "created"));
  add_string_or_null (builder, "updated", get_member_string (object, "updated"));
  add_string_or_null (builder, "finished", get_member_string (object, "finished"));

  json_builder_set_member_name (builder, "overall");
  json_builder_begin_object (builder);
  add_string_or_null (builder, "derived", assay_grade_to_token (derived));
  add_string_or_null (builder, "final", assay_grade_to_token (final));
  add_string_or_null (builder, "reason", reason);
  add_string_or_null (builder, "uncapped", assay_grade_to_token (grading->uncapped));
  json_builder_set_member_name (builder, "limited_by");
  json_builder_begin_array (builder);
  for (guint i = 0; i < grading->limited_by->len; i++)
    json_builder_add_string_value (builder, grading->limited_by->pdata[i]);
  json_builder_end_array (builder);
  /* Why, for each: the grade given and the rule it breaks. */
  json_builder_set_member_name (builder, "limits");
  json_builder_begin_array (builder);
  for (guint i = 0; i < grading->limited_by->len; i++)
    {
      const AssayCriterion *criterion =
        assay_framework_lookup_criterion (self->framework, grading->limited_by->pdata[i], NULL);
      AssayGrade grade = assay_audit_get_grade (self, criterion->id, NULL);

      json_builder_begin_object (builder);
      add_string_or_null (builder, "criterion", criterion->id);
      add_string_or_null (builder, "grade", assay_grade_to_token (grade));
      add_string_or_null (builder, "cap",
                          assay_grade_to_token (assay_framework_get_cap (self->framework,
                                                                         criterion, grade)));
      add_string_or_null (builder, "kind", criterion->statutory ? "statutory"
                                           : criterion->local_rule ? "local" : "limiting");
      add_string_or_null (builder, "source", criterion->source);
      json_builder_end_object (builder);
    }
  for (guint i = 0; i < grading->limited_by_lines->len; i++)
    {
      json_builder_begin_object (builder);
      add_string_or_null (builder, "line", grading->limited_by_lines->pdata[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "progress");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "graded");
  json_builder_add_int_value (builder, grading->n_graded);
  json_builder_set_member_name (builder, "criteria");
  json_builder_add_int_value (builder, grading->n_criteria);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < grading->n_sections; i++)
    {
      const AssaySection *section = assay_framework_get_section (self->framework, i);

      json_builder_begin_object (builder);
      add_string_or_null (builder, "id", section->id);
      add_string_or_null (builder, "grade", assay_grade_to_token (grading->sections[i]));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (with_grades)
    {
      JsonNode *actions = json_object_get_member (object, "actions");
      JsonNode *events = json_object_get_member (object, "events");

      json_builder_set_member_name (builder, "grades");
      json_builder_begin_array (builder);
      for (guint i = 0; i < grading->n_sections; i++)
        {
          const AssaySection *section = assay_framework_get_section (self->framework, i);

          for (guint j = 0; j < section->criteria->len; j++)
            {
              const AssayCriterion *criterion = section->criteria->pdata[j];
              const char *evidence = NULL;
              AssayGrade grade = assay_audit_get_grade (self, criterion->id, &evidence);

              if (grade == ASSAY_GRADE_NONE && evidence == NULL)
                continue;

              json_builder_begin_object (builder);
              add_string_or_null (builder, "criterion", criterion->id);
              add_string_or_null (builder, "grade", assay_grade_to_token (grade));
              add_string_or_null (builder, "evidence", evidence);
              json_builder_end_object (builder);
            }
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "lines");
      json_builder_begin_array (builder);
      for (guint i = 0; i < assay_audit_get_n_lines (self); i++)
        {
          AssayAuditLine line;

          assay_audit_get_line (self, i, &line);
          json_builder_begin_object (builder);
          add_string_or_null (builder, "id", line.id);
          add_string_or_null (builder, "text", line.text);
          add_string_or_null (builder, "delivered", assay_delivered_to_token (line.delivered));
          add_string_or_null (builder, "observed", line.observed);
          add_string_or_null (builder, "staff", line.staff);
          add_string_or_null (builder, "evidence", line.evidence);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "case_snapshot");
      if (get_snapshot (self) != NULL)
        json_builder_add_value (builder,
                                json_node_copy (json_object_get_member (object, "case_snapshot")));
      else
        json_builder_add_null_value (builder);

      add_string_or_null (builder, "strengths", get_member_string (object, "strengths"));
      add_string_or_null (builder, "development", get_member_string (object, "development"));
      add_string_or_null (builder, "feedback", get_member_string (object, "feedback"));
      json_builder_set_member_name (builder, "actions");
      if (actions != NULL)
        json_builder_add_value (builder, json_node_copy (actions));
      else
        {
          json_builder_begin_array (builder);
          json_builder_end_array (builder);
        }
      json_builder_set_member_name (builder, "events");
      if (events != NULL)
        json_builder_add_value (builder, json_node_copy (events));
      else
        {
          json_builder_begin_array (builder);
          json_builder_end_array (builder);
        }
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
