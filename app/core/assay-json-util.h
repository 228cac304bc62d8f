/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Sets @member to @value, or to null when @value is NULL: the JSON that
 * `--json` prints and that payloads store keeps every member present. */
void        assay_json_add_string_or_null (JsonBuilder *builder,
                                           const char  *member,
                                           const char  *value);

void        assay_json_add_int            (JsonBuilder *builder,
                                           const char  *member,
                                           gint64       value);

/* @object's @member when it is a string; NULL when @object is NULL or the
 * member is absent, null or of another type, so a damaged payload reads as
 * a missing value. */
const char *assay_json_get_string         (JsonObject  *object,
                                           const char  *member);

/* Whether JSON @text nests objects and arrays at most @max_depth deep.
 * json-glib parses recursively, so text from outside (a bundle, a framework
 * or identity file) is scanned with this first: a file nested 200,000 deep
 * would otherwise exhaust the stack. */
/* A copy that shares nothing with @node: json_node_copy() shares the
 * objects and arrays inside, so a change to the copy changes the original. */
JsonNode   *assay_json_node_deep_copy     (JsonNode    *node);
gboolean    assay_json_nesting_within     (const char  *text,
                                           gsize        len,
                                           guint        max_depth);

/* @node as compact JSON text, the way payloads are stored. */
GBytes     *assay_json_node_to_bytes      (JsonNode    *node);

G_END_DECLS
