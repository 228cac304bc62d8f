/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-bundle"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "assay-bundle-private.h"
#include "assay-caseload.h"
#include "assay-json-util.h"

/*
 * What the records a bundle carries say, read the same way on both sides:
 * their case, what they are for people, and the small JSON helpers the
 * bundle's files share.
 */

/* The collections whose records say who they are about in people's words. */
#define AUDITS_COLLECTION     "audits"
#define AGREEMENTS_COLLECTION "agreements"

GBytes *
_assay_bundle_builder_to_bytes (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize len;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);

  return g_bytes_new_take (text, len);
}

const char *
_assay_bundle_get_string (JsonObject *object,
                          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gboolean
_assay_bundle_get_int (JsonObject *object,
                       const char *member,
                       gint64     *value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *value = json_node_get_int (node);

  return TRUE;
}

JsonObject *
_assay_bundle_parse_object (const char *text,
                            gsize       len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!g_utf8_validate (text, (gssize) len, NULL) ||
      !assay_json_nesting_within (text, len, 64) ||
      !json_parser_load_from_data (parser, text, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

char *
_assay_bundle_describe (const char *collection,
                        GBytes     *payload)
{
  g_autoptr(JsonObject) object = NULL;
  const char *case_ref = NULL;
  gsize len = 0;
  const char *text = payload != NULL ? g_bytes_get_data (payload, &len) : NULL;

  if (text != NULL)
    object = _assay_bundle_parse_object (text, len);
  if (object != NULL)
    {
      case_ref = _assay_bundle_get_string (object, "case");
      if (case_ref == NULL)
        case_ref = _assay_bundle_get_string (object, "case_ref");
    }
  if (case_ref == NULL)
    case_ref = "?";

  if (g_strcmp0 (collection, AUDITS_COLLECTION) == 0)
    {
      const char *moderator =
        object != NULL ? _assay_bundle_get_string (object, "moderator") : NULL;

      if (moderator != NULL && *moderator != '\0')
        return g_strdup_printf (_("audit of %s by %s"), case_ref, moderator);
      return g_strdup_printf (_("audit of %s"), case_ref);
    }

  if (g_strcmp0 (collection, AGREEMENTS_COLLECTION) == 0)
    return g_strdup_printf (_("agreed grade for %s"), case_ref);

  if (g_strcmp0 (collection, ASSAY_CASELOAD_COLLECTION) == 0)
    return g_strdup_printf (_("case %s"), case_ref);

  return g_strdup_printf (_("%s record"), collection);
}

/* The case (or case_ref) a record is about, from its payload. */
char *
_assay_bundle_record_case_ref (const AssayRecord *record)
{
  g_autoptr(JsonObject) object = NULL;
  gsize len = 0;
  const char *text = assay_record_get_text (record, &len);
  const char *case_ref;

  object = _assay_bundle_parse_object (text, len);
  if (object == NULL)
    return NULL;

  case_ref = _assay_bundle_get_string (object, g_str_equal (record->collection,
                                                            ASSAY_CASELOAD_COLLECTION)
                                               ? "case_ref" : "case");

  return g_strdup (case_ref);
}
