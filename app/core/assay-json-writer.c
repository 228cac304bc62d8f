/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-json"

#include "config.h"

#include <string.h>

#include "assay-json-writer.h"

void
assay_json_writer_init (AssayJsonWriter *self,
                        GString         *out,
                        guint            base)
{
  self->out = out;
  self->base = base;
  self->counts = g_array_new (FALSE, FALSE, sizeof (guint));
  self->named = FALSE;
}

void
assay_json_writer_clear (AssayJsonWriter *self)
{
  g_clear_pointer (&self->counts, g_array_unref);
}

static void
indent (AssayJsonWriter *self)
{
  for (guint i = 0; i < self->base + self->counts->len; i++)
    g_string_append (self->out, "  ");
}

/* Where a value goes: after its member's name, or on a line of its own in
 * an array (or at the top). */
static void
before_value (AssayJsonWriter *self)
{
  guint *count;

  if (self->named)
    {
      self->named = FALSE;
      return;
    }

  if (self->counts->len == 0)
    {
      indent (self);
      return;
    }

  count = &g_array_index (self->counts, guint, self->counts->len - 1);
  g_string_append (self->out, (*count)++ > 0 ? ",\n" : "\n");
  indent (self);
}

static void
open_container (AssayJsonWriter *self,
                char             bracket)
{
  guint zero = 0;

  before_value (self);
  g_string_append_c (self->out, bracket);
  g_array_append_val (self->counts, zero);
}

static void
close_container (AssayJsonWriter *self,
                 char             bracket)
{
  guint count;

  g_return_if_fail (self->counts->len > 0);

  count = g_array_index (self->counts, guint, self->counts->len - 1);
  g_array_set_size (self->counts, self->counts->len - 1);
  if (count > 0)
    g_string_append_c (self->out, '\n');
  /* json-glib indents the closing brace of an empty object too: `{    }` */
  if (count > 0 || bracket == '}')
    indent (self);
  g_string_append_c (self->out, bracket);
}

void
assay_json_writer_begin_object (AssayJsonWriter *self)
{
  open_container (self, '{');
}

void
assay_json_writer_end_object (AssayJsonWriter *self)
{
  close_container (self, '}');
}

void
assay_json_writer_begin_array (AssayJsonWriter *self)
{
  open_container (self, '[');
}

void
assay_json_writer_end_array (AssayJsonWriter *self)
{
  close_container (self, ']');
}

/* As json-glib 1.6 escapes, byte for byte: the two that must be, the short
 * forms, other control characters (but 0x1f) and DEL as \u00XX; UTF-8 as
 * it is. */
static void
append_quoted (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\' || *p == '"')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      else if ((*p > 0 && *p < 0x1f) || *p == 0x7f)
        {
          switch (*p)
            {
            case '\b':
              g_string_append (out, "\\b");
              break;
            case '\f':
              g_string_append (out, "\\f");
              break;
            case '\n':
              g_string_append (out, "\\n");
              break;
            case '\r':
              g_string_append (out, "\\r");
              break;
            case '\t':
              g_string_append (out, "\\t");
              break;
            default:
              g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
              break;
            }
        }
      else
        {
          g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

void
assay_json_writer_member (AssayJsonWriter *self,
                          const char      *name)
{
  before_value (self);
  append_quoted (self->out, name);
  g_string_append (self->out, " : ");
  self->named = TRUE;
}

void
assay_json_writer_string (AssayJsonWriter *self,
                          const char      *value)
{
  before_value (self);
  if (value == NULL)
    g_string_append (self->out, "null");
  else
    append_quoted (self->out, value);
}

void
assay_json_writer_int (AssayJsonWriter *self,
                       gint64           value)
{
  before_value (self);
  g_string_append_printf (self->out, "%" G_GINT64_FORMAT, value);
}

void
assay_json_writer_boolean (AssayJsonWriter *self,
                           gboolean         value)
{
  before_value (self);
  g_string_append (self->out, value ? "true" : "false");
}

void
assay_json_writer_string_member (AssayJsonWriter *self,
                                 const char      *name,
                                 const char      *value)
{
  assay_json_writer_member (self, name);
  assay_json_writer_string (self, value);
}

void
assay_json_writer_int_member (AssayJsonWriter *self,
                              const char      *name,
                              gint64           value)
{
  assay_json_writer_member (self, name);
  assay_json_writer_int (self, value);
}

void
assay_json_writer_double (AssayJsonWriter *self,
                          double           value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  before_value (self);
  g_ascii_dtostr (buffer, sizeof buffer, value);
  g_string_append (self->out, buffer);
  if (strpbrk (buffer, ".eEn") == NULL)
    g_string_append (self->out, ".0");
}

void
assay_json_writer_node (AssayJsonWriter *self,
                        JsonNode        *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);

        assay_json_writer_begin_object (self);
        for (const GList *l = members; l != NULL; l = l->next)
          {
            assay_json_writer_member (self, l->data);
            assay_json_writer_node (self, json_object_get_member (object, l->data));
          }
        assay_json_writer_end_object (self);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        assay_json_writer_begin_array (self);
        for (guint i = 0; i < json_array_get_length (array); i++)
          assay_json_writer_node (self, json_array_get_element (array, i));
        assay_json_writer_end_array (self);
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          assay_json_writer_int (self, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          assay_json_writer_double (self, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          assay_json_writer_boolean (self, json_node_get_boolean (node));
          break;
        case G_TYPE_STRING:
        default:
          assay_json_writer_string (self, json_node_get_string (node));
          break;
        }
      break;

    case JSON_NODE_NULL:
    default:
      assay_json_writer_string (self, NULL);
      break;
    }
}
