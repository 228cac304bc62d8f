/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * JSON written straight into a GString, laid out exactly as json-glib's
 * pretty generator lays it out (two spaces a level, `"name" : value`, `[]`
 * when empty, and its indented `{  }`), so that text written here and text
 * generated from a JsonNode are the same bytes. For output that would otherwise be built as
 * a tree only to be printed: `audit list --json` of 100,000 audits.
 */
typedef struct _AssayJsonWriter
{
  GString *out;
  guint    base;       /* levels of indent the writing starts at */
  GArray  *counts;     /* per open object or array: values written in it */
  gboolean named;      /* a member's name was written: its value follows */
} AssayJsonWriter;

void assay_json_writer_init         (AssayJsonWriter *self,
                                     GString         *out,
                                     guint            base);
void assay_json_writer_clear        (AssayJsonWriter *self);

void assay_json_writer_begin_object (AssayJsonWriter *self);
void assay_json_writer_end_object   (AssayJsonWriter *self);
void assay_json_writer_begin_array  (AssayJsonWriter *self);
void assay_json_writer_end_array    (AssayJsonWriter *self);
void assay_json_writer_member       (AssayJsonWriter *self,
                                     const char      *name);
/* NULL writes null. */
void assay_json_writer_string       (AssayJsonWriter *self,
                                     const char      *value);
void assay_json_writer_int          (AssayJsonWriter *self,
                                     gint64           value);
void assay_json_writer_boolean      (AssayJsonWriter *self,
                                     gboolean         value);
/* As json-glib writes a double (always with a point), except that a
 * number with an exponent and no point stays JSON ("1e+20", where
 * json-glib writes "1e+20.0"). */
void assay_json_writer_double       (AssayJsonWriter *self,
                                     double           value);
/* A value built as a tree elsewhere, member order kept. */
void assay_json_writer_node         (AssayJsonWriter *self,
                                     JsonNode        *node);

/* A member with a string (or null) value. */
void assay_json_writer_string_member (AssayJsonWriter *self,
                                      const char      *name,
                                      const char      *value);
void assay_json_writer_int_member    (AssayJsonWriter *self,
                                      const char      *name,
                                      gint64           value);

G_END_DECLS
