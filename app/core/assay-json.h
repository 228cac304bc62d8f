/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The few JSON idioms the comparison, its agreements and the command line
 * share, so that "absent" is written and read the same way everywhere.
 */

/* Sets @member to @value, or to null when @value is NULL. */
void        assay_json_add_string     (JsonBuilder *builder,
                                       const char  *member,
                                       const char  *value);
void        assay_json_add_int        (JsonBuilder *builder,
                                       const char  *member,
                                       gint64       value);
/* The string @member of @object, or NULL when @object is NULL or the
 * member is missing or not a string. */
const char *assay_json_get_string     (JsonObject  *object,
                                       const char  *member);

G_END_DECLS
