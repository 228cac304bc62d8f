/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-json"

#include "config.h"

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
open (AssayJsonWriter *self,
      char             bracket)
{
  guint zero = 0;

  before_value (self);
  g_string_append_c (self->out, bracket);
  g_array_append_val (self->counts, zero);
}

static void
close (AssayJsonWriter *self,
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
  open (self, '{');
}

void
assay_json_writer_end_object (AssayJsonWriter *self)
{
  close (self, '}');
}

void
assay_json_writer_begin_array (AssayJsonWriter *self)
{
  open (self, '[');
}

void
assay_json_writer_end_array (AssayJsonWriter *self)
{
  close (self, ']');
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
