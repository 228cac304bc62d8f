/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-csv"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-csv.h"
#include "assay-file-read.h"

/*
 * DESIGN.md allows a CSV reader of our own: GLib has none, and what a
 * caseload needs (line numbers for messages, limits, the encodings councils'
 * systems really export) is small. It reads untrusted files, so it is fuzzed
 * (tests/fuzz/fuzz-csv.c) and must never crash, loop or grow without bound.
 */

G_DEFINE_QUARK (assay-csv-error-quark, assay_csv_error)

#define UTF8_BOM "\xef\xbb\xbf"

const char *
assay_csv_encoding_to_string (AssayCsvEncoding encoding)
{
  switch (encoding)
    {
    case ASSAY_CSV_ENCODING_UTF8:
      return "utf-8";
    case ASSAY_CSV_ENCODING_WINDOWS_1252:
      return "windows-1252";
    default:
      return "unknown";
    }
}

static void
record_free (gpointer data)
{
  AssayCsvRecord *record = data;

  g_strfreev (record->fields);
  g_free (record);
}

void
assay_csv_free (AssayCsv *csv)
{
  if (csv == NULL)
    return;

  g_clear_pointer (&csv->records, g_ptr_array_unref);
  g_free (csv);
}

static void
set_errno_error (GError **error,
                 int      saved_errno)
{
  g_set_error_literal (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_READ, g_strerror (saved_errno));
}

static void
set_too_large_error (GError **error)
{
  g_set_error (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_TOO_LARGE,
               _("is larger than %u MiB, too large for a caseload"),
               ASSAY_CSV_MAX_FILE_SIZE / (1024 * 1024));
}

static guint
count_lines (const char *text,
             gsize       len)
{
  guint line = 1;

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\n')
        line++;
      else if (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n'))
        line++;
    }

  return line;
}

/* Files people pick by mistake: name what they are, so the message can say
 * how to get a CSV out of them. */
static gboolean
check_is_text (const guint8  *data,
               gsize          len,
               GError       **error)
{
  static const struct
  {
    const char *magic;
    gsize       len;
    const char *what;
  } known[] = {
    { "PK\x03\x04", 4, N_("is a spreadsheet or other zip archive (such as .xlsx), not CSV text: "
                          "save it as “CSV UTF-8” first") },
    { "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, N_("is an Excel 97–2003 workbook (.xls), not CSV "
                                                "text: save it as “CSV UTF-8” first") },
    { "%PDF-", 5, N_("is a PDF document, not CSV text") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (len >= known[i].len && memcmp (data, known[i].magic, known[i].len) == 0)
      {
        g_set_error_literal (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_NOT_TEXT,
                             _(known[i].what));
        return FALSE;
      }

  /* Excel's "Unicode Text" is UTF-16 and separated by tabs. */
  if (len >= 2 && ((data[0] == 0xff && data[1] == 0xfe) || (data[0] == 0xfe && data[1] == 0xff)))
    {
      g_set_error_literal (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_UNSUPPORTED,
                           _("is UTF-16 text, not CSV: save it as “CSV UTF-8” instead"));
      return FALSE;
    }

  /* No text encoding we read has a NUL byte; every binary format does. */
  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error_literal (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_NOT_TEXT,
                           _("holds binary data, not CSV text"));
      return FALSE;
    }

  return TRUE;
}

/* Returns the text as UTF-8: @data itself when it already is, otherwise a
 * converted copy in @converted. */
static const char *
decode (const guint8      *data,
        gsize              len,
        gsize             *text_len,
        char             **converted,
        AssayCsvEncoding  *encoding,
        GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize bytes_read = 0;
  gsize bytes_written = 0;

  *converted = NULL;

  if (g_utf8_validate_len ((const char *) data, len, NULL))
    {
      *encoding = ASSAY_CSV_ENCODING_UTF8;
      *text_len = len;
      return (const char *) data;
    }

  /* What Excel on Windows writes for "CSV (Comma delimited)" in English. */
  *converted = g_convert ((const char *) data, len, "UTF-8", "WINDOWS-1252",
                          &bytes_read, &bytes_written, &local_error);
  if (*converted == NULL)
    {
      guint8 bad = bytes_read < len ? data[bytes_read] : 0;

      g_set_error (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_ENCODING,
                   _("line %u: byte 0x%02X is neither UTF-8 nor Windows-1252 text"),
                   count_lines ((const char *) data, MIN (bytes_read, len)), bad);
      return NULL;
    }

  *encoding = ASSAY_CSV_ENCODING_WINDOWS_1252;
  *text_len = bytes_written;

  return *converted;
}

typedef struct
{
  const char *text;
  gsize       len;
  gsize       pos;
  guint       line;
  GString    *field;
  GPtrArray  *fields;
  GPtrArray  *records;
} Parser;

static inline gboolean
at_end (Parser *p)
{
  return p->pos >= p->len;
}

static inline gboolean
is_break (char c)
{
  return c == '\r' || c == '\n';
}

/* Consumes one CRLF, LF or lone CR. */
static void
skip_break (Parser *p)
{
  if (p->text[p->pos] == '\r' && p->pos + 1 < p->len && p->text[p->pos + 1] == '\n')
    p->pos++;
  p->pos++;
  p->line++;
}

static gboolean
append (Parser      *p,
        char         c,
        GError     **error)
{
  if (p->field->len >= ASSAY_CSV_MAX_FIELD_SIZE)
    {
      g_set_error (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_TOO_LARGE,
                   _("line %u: a field is longer than %u KiB"),
                   p->line, ASSAY_CSV_MAX_FIELD_SIZE / 1024);
      return FALSE;
    }

  g_string_append_c (p->field, c);

  return TRUE;
}

static gboolean
read_quoted (Parser  *p,
             GError **error)
{
  guint start_line = p->line;

  p->pos++;  /* the opening quote */

  for (;;)
    {
      char c;

      if (at_end (p))
        {
          g_set_error (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_UNTERMINATED,
                       _("line %u: a quoted field is never closed (a “\"” is missing)"),
                       start_line);
          return FALSE;
        }

      c = p->text[p->pos];
      if (c == '"')
        {
          if (p->pos + 1 < p->len && p->text[p->pos + 1] == '"')
            {
              if (!append (p, '"', error))
                return FALSE;
              p->pos += 2;
              continue;
            }
          p->pos++;
          break;
        }

      if (is_break (c))
        {
          skip_break (p);
          if (!append (p, '\n', error))
            return FALSE;
          continue;
        }

      if (!append (p, c, error))
        return FALSE;
      p->pos++;
    }

  /* Text between a closing quote and the next comma is not RFC 4180, but
   * spreadsheets write it ("a" b); like most readers, keep it as it is
   * rather than refuse the whole file. */
  while (!at_end (p) && p->text[p->pos] != ',' && !is_break (p->text[p->pos]))
    {
      if (!append (p, p->text[p->pos], error))
        return FALSE;
      p->pos++;
    }

  return TRUE;
}

static gboolean
read_field (Parser  *p,
            GError **error)
{
  g_string_truncate (p->field, 0);

  if (!at_end (p) && p->text[p->pos] == '"')
    {
      if (!read_quoted (p, error))
        return FALSE;
    }
  else
    {
      /* A quote inside an unquoted field (5'11") is kept as it is. */
      while (!at_end (p) && p->text[p->pos] != ',' && !is_break (p->text[p->pos]))
        {
          if (!append (p, p->text[p->pos], error))
            return FALSE;
          p->pos++;
        }
    }

  if (p->fields->len >= ASSAY_CSV_MAX_FIELDS)
    {
      g_set_error (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_TOO_LARGE,
                   _("line %u: a row has more than %u fields"), p->line, ASSAY_CSV_MAX_FIELDS);
      return FALSE;
    }

  g_ptr_array_add (p->fields, g_strndup (p->field->str, p->field->len));

  return TRUE;
}

static gboolean
read_record (Parser  *p,
             GError **error)
{
  AssayCsvRecord *record;
  guint line = p->line;

  if (p->records->len >= ASSAY_CSV_MAX_RECORDS)
    {
      g_set_error (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_TOO_LARGE,
                   _("line %u: the file has more than %u rows"), p->line, ASSAY_CSV_MAX_RECORDS);
      return FALSE;
    }

  for (;;)
    {
      if (!read_field (p, error))
        return FALSE;

      if (at_end (p) || p->text[p->pos] != ',')
        break;
      p->pos++;
    }

  if (!at_end (p))
    skip_break (p);

  g_ptr_array_add (p->fields, NULL);

  record = g_new0 (AssayCsvRecord, 1);
  record->line = line;
  record->n_fields = p->fields->len - 1;
  record->fields = (char **) g_ptr_array_steal (p->fields, NULL);
  g_ptr_array_add (p->records, record);

  return TRUE;
}

/* Excel writes "sep=," as a first line when asked to name the separator. */
static gboolean
skip_separator_line (Parser  *p,
                     GError **error)
{
  if (p->len < 5 || g_ascii_strncasecmp (p->text, "sep=", 4) != 0 ||
      (p->len > 5 && !is_break (p->text[5])))
    return TRUE;

  if (p->text[4] != ',')
    {
      g_set_error (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_UNSUPPORTED,
                   _("line 1: the file is separated by “%c”, not by commas: save it as "
                     "“CSV UTF-8” instead"),
                   g_ascii_isprint (p->text[4]) ? p->text[4] : '?');
      return FALSE;
    }

  p->pos = 5;
  if (!at_end (p))
    skip_break (p);
  else
    p->line++;

  return TRUE;
}

AssayCsv *
assay_csv_parse (gconstpointer   data,
                 gsize           len,
                 GError        **error)
{
  g_autoptr(AssayCsv) csv = NULL;
  g_autofree char *converted = NULL;
  g_autoptr(GString) field = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  const guint8 *bytes = data;
  Parser p = { 0 };

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len > ASSAY_CSV_MAX_FILE_SIZE)
    {
      set_too_large_error (error);
      return NULL;
    }

  csv = g_new0 (AssayCsv, 1);
  csv->records = g_ptr_array_new_with_free_func (record_free);

  if (len >= 3 && memcmp (bytes, UTF8_BOM, 3) == 0)
    {
      csv->had_bom = TRUE;
      bytes += 3;
      len -= 3;
    }

  if (len == 0)
    return g_steal_pointer (&csv);

  if (!check_is_text (bytes, len, error))
    return NULL;

  p.text = decode (bytes, len, &p.len, &converted, &csv->encoding, error);
  if (p.text == NULL)
    return NULL;

  field = g_string_sized_new (64);
  fields = g_ptr_array_new_with_free_func (g_free);
  p.line = 1;
  p.field = field;
  p.fields = fields;
  p.records = csv->records;

  if (!skip_separator_line (&p, error))
    return NULL;

  while (!at_end (&p))
    {
      /* Blank lines, trailing ones above all, are not rows. */
      if (is_break (p.text[p.pos]))
        {
          skip_break (&p);
          continue;
        }

      if (!read_record (&p, error))
        return NULL;
    }

  return g_steal_pointer (&csv);
}

AssayCsv *
assay_csv_load (const char  *path,
                GError     **error)
{
  g_autoptr(GBytes) contents = NULL;
  int saved_errno = 0;

  g_return_val_if_fail (path != NULL, NULL);

  switch (assay_file_read_bounded (path, ASSAY_CSV_MAX_FILE_SIZE, &contents, &saved_errno))
    {
    case ASSAY_FILE_READ_OK:
      return assay_csv_parse (g_bytes_get_data (contents, NULL), g_bytes_get_size (contents),
                              error);
    case ASSAY_FILE_READ_FOLDER:
      g_set_error_literal (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_READ,
                           _("is a folder, not a CSV file"));
      return NULL;
    case ASSAY_FILE_READ_NOT_FILE:
      g_set_error_literal (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_READ,
                           _("is a device or a pipe, not a CSV file"));
      return NULL;
    case ASSAY_FILE_READ_TOO_LARGE:
      set_too_large_error (error);
      return NULL;
    case ASSAY_FILE_READ_FAILED:
    default:
      set_errno_error (error, saved_errno);
      return NULL;
    }
}
