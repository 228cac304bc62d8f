/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-audit-private.h"
#include "assay-json-util.h"

/*
 * A setting visit's provision lines: one per line of the plan's section F
 * (and G or H where seen), in the order added, each with an id of its own so
 * a line can be referred to after others are added.
 */
JsonArray *
_assay_audit_get_lines (AssayAudit *self)
{
  JsonNode *node = json_object_get_member (_assay_audit_root_object (self), "lines");

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

JsonObject *
_assay_audit_line_at (JsonArray *lines,
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

  lines = _assay_audit_get_lines (self);

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
  lines = _assay_audit_get_lines (self);
  if (lines != NULL && index < json_array_get_length (lines))
    object = _assay_audit_line_at (lines, index);
  if (object == NULL)
    return FALSE;

  line->id = assay_json_get_string (object, "id");
  line->text = assay_json_get_string (object, "text");
  line->observed = assay_json_get_string (object, "observed");
  line->staff = assay_json_get_string (object, "staff");
  line->evidence = assay_json_get_string (object, "evidence");
  if (!assay_delivered_from_token (assay_json_get_string (object, "delivered"), &line->delivered))
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
  JsonArray *lines = _assay_audit_get_lines (self);
  guint n = lines != NULL ? json_array_get_length (lines) : 0;
  JsonObject *match = NULL;
  gsize len = line_ref != NULL ? strlen (line_ref) : 0;
  char *end = NULL;
  guint64 number;

  if (len > 0 && g_ascii_isdigit (*line_ref))
    {
      number = g_ascii_strtoull (line_ref, &end, 10);
      if (*end == '\0' && number >= 1 && number <= n)
        return _assay_audit_line_at (lines, (guint) number - 1);

      /* A short number is a line number, never the start of an id that
       * happens to begin with those digits. */
      if (*end == '\0' && len < 8)
        len = 0;
    }

  for (guint i = 0; len > 0 && i < n; i++)
    {
      JsonObject *line = _assay_audit_line_at (lines, i);
      const char *id = line != NULL ? assay_json_get_string (line, "id") : NULL;

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

  if (!_assay_audit_require_editable (self, error) || !require_lines (self, error))
    return NULL;

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                           _("A provision line needs the line’s text as the plan states it"));
      return NULL;
    }

  backup = assay_json_node_deep_copy (self->root);
  id = g_uuid_string_random ();
  line = json_object_new ();
  json_object_set_string_member (line, "id", id);
  json_object_set_string_member (line, "text", trimmed);
  json_array_add_object_element (_assay_audit_ensure_array (_assay_audit_root_object (self),
                                                            "lines"),
                                 line);

  if (!_assay_audit_commit (self, backup, error))
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

  if (!_assay_audit_require_editable (self, error) || !require_lines (self, error))
    return FALSE;

  backup = assay_json_node_deep_copy (self->root);
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

  return _assay_audit_commit (self, backup, error);
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

  if (!_assay_audit_require_editable (self, error) || !require_lines (self, error))
    return FALSE;

  line = find_line (self, line_ref, error);
  if (line == NULL)
    return FALSE;

  backup = assay_json_node_deep_copy (self->root);
  lines = _assay_audit_get_lines (self);
  for (guint i = 0; i < json_array_get_length (lines); i++)
    if (_assay_audit_line_at (lines, i) == line)
      {
        json_array_remove_element (lines, i);
        break;
      }

  return _assay_audit_commit (self, backup, error);
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

  if (!_assay_audit_require_editable (self, error) || !require_lines (self, error))
    return FALSE;

  trimmed = g_strstrip (g_strdup (line->text != NULL ? line->text : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                           _("A provision line needs the line’s text as the plan states it"));
      return FALSE;
    }

  lines = _assay_audit_get_lines (self);
  n = lines != NULL ? json_array_get_length (lines) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *other = _assay_audit_line_at (lines, i);

      if (other != NULL && g_strcmp0 (assay_json_get_string (other, "id"), line->id) == 0)
        {
          g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                       _("Audit %s already has the provision line %s"), self->id, line->id);
          return FALSE;
        }
    }

  backup = assay_json_node_deep_copy (self->root);

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
  json_object_set_array_member (_assay_audit_root_object (self), "lines", restored);

  return _assay_audit_commit (self, backup, error);
}
