/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit"

#include "config.h"

#include "assay-audit-compact-private.h"
#include "assay-json-util.h"

/* Compacting a finished audit's history: the store decides what it may
 * drop; the audit says which revisions matter (those that are not drafts). */

gboolean
_assay_audit_record_is_kept (const AssayRecord *record,
                             gpointer           user_data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  gsize len = 0;
  const char *text = assay_record_get_text (record, &len);

  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL))
    return TRUE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;

  return g_strcmp0 (assay_json_get_string (json_node_get_object (root), "status"), "draft") != 0;
}

gboolean
_assay_audit_compact_history (AssayAudit  *self,
                              guint       *n_dropped,
                              GError     **error)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (n_dropped != NULL)
    *n_dropped = 0;

  /* Only a finished audit's drafts are done with; an audit not stored yet
   * has no history. */
  if (self->id == NULL || assay_audit_get_status (self) == ASSAY_AUDIT_STATUS_DRAFT)
    return TRUE;

  return assay_store_compact (self->store, ASSAY_AUDIT_COLLECTION, self->id,
                              _assay_audit_record_is_kept, NULL, n_dropped, error);
}
