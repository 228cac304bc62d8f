/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit"

#include "config.h"

#include "assay-audit-private.h"
#include "assay-caseload.h"
#include "assay-json-util.h"

/* What the caseload says about the case when an audit starts, kept with the
 * audit, and the case conditions a framework's rules read from it. */

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
JsonObject *
_assay_audit_snapshot_from_fields (JsonObject *fields)
{
  JsonObject *snapshot = json_object_new ();

  for (guint i = 0; fields != NULL && snapshot_fields[i] != NULL; i++)
    {
      JsonNode *value = json_object_get_member (fields, snapshot_fields[i]);

      if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
        json_object_set_member (snapshot, snapshot_fields[i], json_node_copy (value));
    }

  return snapshot;
}

JsonObject *
_assay_audit_snapshot_case (AssayStore  *store,
                            const char  *case_ref,
                            GError     **error)
{
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!assay_caseload_lookup (store, case_ref, &fields, &local_error) && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return _assay_audit_snapshot_from_fields (fields);
}

JsonObject *
_assay_audit_get_snapshot (AssayAudit *self)
{
  JsonNode *node = json_object_get_member (_assay_audit_root_object (self), "case_snapshot");

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
  const char *nc_year = assay_json_get_string (snapshot, "nc_year");
  const char *key_stage = assay_json_get_string (snapshot, "key_stage");
  const char *phase = assay_json_get_string (snapshot, "phase");

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

  snapshot = _assay_audit_get_snapshot (self);
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
