/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "assay-csv.h"
#include "assay-test-util.h"

static AssayCsv *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  AssayCsv *csv = assay_csv_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (csv);

  return csv;
}

static AssayCsvRecord *
record (AssayCsv *csv,
        guint     i)
{
  g_assert_cmpuint (i, <, csv->records->len);

  return g_ptr_array_index (csv->records, i);
}

static void
assert_record (AssayCsv   *csv,
               guint       i,
               guint       line,
               const char *first,
               ...)
{
  AssayCsvRecord *r = record (csv, i);
  const char *expected = first;
  guint n = 0;
  va_list ap;

  g_assert_cmpuint (r->line, ==, line);

  va_start (ap, first);
  while (expected != NULL)
    {
      g_assert_cmpuint (n, <, r->n_fields);
      g_assert_cmpstr (r->fields[n], ==, expected);
      n++;
      expected = va_arg (ap, const char *);
    }
  va_end (ap);

  g_assert_cmpuint (r->n_fields, ==, n);
  g_assert_null (r->fields[n]);
}

static void
assert_parse_fails (gconstpointer  data,
                    gsize          len,
                    int            code,
                    const char    *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayCsv) csv = assay_csv_parse (data, len, &error);

  g_assert_null (csv);
  g_assert_error (error, ASSAY_CSV_ERROR, code);
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("“%s” is not in “%s”", in_message, error->message);
}

static void
test_csv_basic (void)
{
  g_autoptr(AssayCsv) csv = parse_ok ("case_ref,team\nA1,North\nA2,South\n");

  g_assert_cmpint (csv->encoding, ==, ASSAY_CSV_ENCODING_UTF8);
  g_assert_false (csv->had_bom);
  g_assert_cmpuint (csv->records->len, ==, 3);
  assert_record (csv, 0, 1, "case_ref", "team", NULL);
  assert_record (csv, 1, 2, "A1", "North", NULL);
  assert_record (csv, 2, 3, "A2", "South", NULL);
}

static void
test_csv_line_ends (void)
{
  /* CRLF, lone CR and LF in one file, and no line end at the end. */
  g_autoptr(AssayCsv) csv = parse_ok ("a,b\r\nc,d\re,f\ng,h");

  g_assert_cmpuint (csv->records->len, ==, 4);
  assert_record (csv, 0, 1, "a", "b", NULL);
  assert_record (csv, 1, 2, "c", "d", NULL);
  assert_record (csv, 2, 3, "e", "f", NULL);
  assert_record (csv, 3, 4, "g", "h", NULL);
}

static void
test_csv_quoted (void)
{
  g_autoptr(AssayCsv) csv =
    parse_ok ("ref,note\r\n"
              "\"A1\",\"North, Rural\"\r\n"
              "A2,\"She said \"\"fine\"\"\"\r\n"
              "A3,\"two\r\nlines\"\r\n"
              "A4,\"three\nlines\rhere\"\r\n"
              "A5,\"\"\r\n"
              "A6,\"a\"b\r\n");

  g_assert_cmpuint (csv->records->len, ==, 7);
  assert_record (csv, 1, 2, "A1", "North, Rural", NULL);
  assert_record (csv, 2, 3, "A2", "She said \"fine\"", NULL);
  /* Line breaks inside quotes come back as "\n" and count as lines. */
  assert_record (csv, 3, 4, "A3", "two\nlines", NULL);
  assert_record (csv, 4, 6, "A4", "three\nlines\nhere", NULL);
  assert_record (csv, 5, 9, "A5", "", NULL);
  /* Text after a closing quote is kept, as spreadsheets expect. */
  assert_record (csv, 6, 10, "A6", "ab", NULL);
}

static void
test_csv_quote_in_unquoted (void)
{
  g_autoptr(AssayCsv) csv = parse_ok ("A1,5'11\" tall,x\"y\n");

  assert_record (csv, 0, 1, "A1", "5'11\" tall", "x\"y", NULL);
}

static void
test_csv_empty_fields (void)
{
  g_autoptr(AssayCsv) csv = parse_ok ("a,b,\n,,\n\"\",x\nlast,");

  assert_record (csv, 0, 1, "a", "b", "", NULL);
  assert_record (csv, 1, 2, "", "", "", NULL);
  assert_record (csv, 2, 3, "", "x", NULL);
  assert_record (csv, 3, 4, "last", "", NULL);
}

static void
test_csv_bom (void)
{
  g_autoptr(AssayCsv) csv = parse_ok ("\xef\xbb\xbf" "case_ref,team\nA1,North\n");
  g_autoptr(AssayCsv) only_bom = parse_ok ("\xef\xbb\xbf");

  g_assert_true (csv->had_bom);
  g_assert_cmpint (csv->encoding, ==, ASSAY_CSV_ENCODING_UTF8);
  assert_record (csv, 0, 1, "case_ref", "team", NULL);

  g_assert_true (only_bom->had_bom);
  g_assert_cmpuint (only_bom->records->len, ==, 0);
}

static void
test_csv_blank_lines (void)
{
  g_autoptr(AssayCsv) csv = parse_ok ("\n\na,b\n\nc,d\r\n\r\n\r\n\n");
  g_autoptr(AssayCsv) empty = parse_ok ("");
  g_autoptr(AssayCsv) breaks = parse_ok ("\r\n\n\r");

  g_assert_cmpuint (csv->records->len, ==, 2);
  assert_record (csv, 0, 3, "a", "b", NULL);
  assert_record (csv, 1, 5, "c", "d", NULL);
  g_assert_cmpuint (empty->records->len, ==, 0);
  g_assert_cmpuint (breaks->records->len, ==, 0);
}

static void
test_csv_ragged (void)
{
  /* Rows of any length come back as they are: the caller judges them. */
  g_autoptr(AssayCsv) csv = parse_ok ("a,b,c\nd\ne,f,g,h,i\n");

  assert_record (csv, 0, 1, "a", "b", "c", NULL);
  assert_record (csv, 1, 2, "d", NULL);
  assert_record (csv, 2, 3, "e", "f", "g", "h", "i", NULL);
}

static void
test_csv_unterminated (void)
{
  const char *text = "a,b\nc,d\ne,\"never\nclosed,f\n";

  assert_parse_fails (text, strlen (text), ASSAY_CSV_ERROR_UNTERMINATED, "line 3");
  assert_parse_fails ("\"", 1, ASSAY_CSV_ERROR_UNTERMINATED, "line 1");
}

static void
test_csv_windows_1252 (void)
{
  /* "Zoë – Vale", "£5": ë is 0xEB, the en dash 0x96, the pound 0xA3. */
  const char *text = "team,cost\r\nZo\xeb \x96 Vale,\xa3" "5\r\n";
  g_autoptr(AssayCsv) csv = parse_ok (text);

  g_assert_cmpint (csv->encoding, ==, ASSAY_CSV_ENCODING_WINDOWS_1252);
  g_assert_cmpstr (assay_csv_encoding_to_string (csv->encoding), ==, "windows-1252");
  assert_record (csv, 1, 2, "Zoë – Vale", "£5", NULL);
}

static void
test_csv_bad_encoding (void)
{
  /* 0x81 is neither UTF-8 on its own nor a Windows-1252 character. */
  const char *text = "a,b\nc,d\ne,\x81\n";

  assert_parse_fails (text, strlen (text), ASSAY_CSV_ERROR_ENCODING, "line 3");
  assert_parse_fails (text, strlen (text), ASSAY_CSV_ERROR_ENCODING, "0x81");
}

static void
test_csv_not_text (void)
{
  static const char with_nul[] = "case_ref,team\nA1,No\0rth\n";
  static const char pdf[] = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
  static const char xls[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest";
  static const char utf16[] = "\xff\xfe" "c\0a\0";
  g_autofree char *xlsx = g_test_build_filename (G_TEST_DIST, "fixtures", "caseload",
                                                 "spreadsheet.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayCsv) csv = NULL;

  assert_parse_fails (with_nul, sizeof with_nul - 1, ASSAY_CSV_ERROR_NOT_TEXT, "binary");
  assert_parse_fails (pdf, sizeof pdf - 1, ASSAY_CSV_ERROR_NOT_TEXT, "PDF");
  assert_parse_fails (xls, sizeof xls - 1, ASSAY_CSV_ERROR_NOT_TEXT, ".xls");
  assert_parse_fails (utf16, sizeof utf16 - 1, ASSAY_CSV_ERROR_UNSUPPORTED, "UTF-16");

  csv = assay_csv_load (xlsx, &error);
  g_assert_null (csv);
  g_assert_error (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_NOT_TEXT);
  g_assert_nonnull (strstr (error->message, ".xlsx"));
}

static void
test_csv_separator_line (void)
{
  g_autoptr(AssayCsv) csv = parse_ok ("sep=,\r\ncase_ref,team\r\nA1,North\r\n");
  const char *semicolons = "sep=;\ncase_ref;team\n";

  /* Excel's hint line is not the header; line numbers still count it. */
  g_assert_cmpuint (csv->records->len, ==, 2);
  assert_record (csv, 0, 2, "case_ref", "team", NULL);
  assert_record (csv, 1, 3, "A1", "North", NULL);

  assert_parse_fails (semicolons, strlen (semicolons), ASSAY_CSV_ERROR_UNSUPPORTED, "“;”");
}

static void
test_csv_limits (void)
{
  g_autoptr(GString) long_field = g_string_new ("a,b\nc,");
  g_autoptr(GString) many_fields = g_string_new ("x");
  g_autofree char *huge = NULL;
  g_autofree char *dir = assay_test_mkdtemp ();
  g_autofree char *sparse = g_build_filename (dir, "huge.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayCsv) csv = NULL;
  int fd;

  /* One byte over the field limit, quoted or not. */
  for (guint i = 0; i <= ASSAY_CSV_MAX_FIELD_SIZE; i++)
    g_string_append_c (long_field, 'z');
  assert_parse_fails (long_field->str, long_field->len, ASSAY_CSV_ERROR_TOO_LARGE, "line 2");
  g_string_insert_c (long_field, 6, '"');
  g_string_append_c (long_field, '"');
  assert_parse_fails (long_field->str, long_field->len, ASSAY_CSV_ERROR_TOO_LARGE, "KiB");

  /* Exactly at the limit is fine. */
  g_string_truncate (long_field, 6 + 1 + ASSAY_CSV_MAX_FIELD_SIZE);
  g_string_erase (long_field, 6, 1);
  csv = parse_ok (long_field->str);
  g_assert_cmpuint (strlen (record (csv, 1)->fields[1]), ==, ASSAY_CSV_MAX_FIELD_SIZE);

  for (guint i = 0; i < ASSAY_CSV_MAX_FIELDS; i++)
    g_string_append_c (many_fields, ',');
  assert_parse_fails (many_fields->str, many_fields->len, ASSAY_CSV_ERROR_TOO_LARGE, "fields");

  /* Refused by its size before a byte is read or parsed. */
  huge = g_malloc (ASSAY_CSV_MAX_FILE_SIZE + 1);
  assert_parse_fails (huge, ASSAY_CSV_MAX_FILE_SIZE + 1, ASSAY_CSV_ERROR_TOO_LARGE, "MiB");

  fd = g_open (sparse, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, ASSAY_CSV_MAX_FILE_SIZE + 1), ==, 0);
  close (fd);
  g_clear_pointer (&csv, assay_csv_free);
  csv = assay_csv_load (sparse, &error);
  g_assert_null (csv);
  g_assert_error (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_TOO_LARGE);

  assay_test_rmdir (dir);
}

static void
test_csv_load_errors (void)
{
  g_autofree char *dir = assay_test_mkdtemp ();
  g_autofree char *missing = g_build_filename (dir, "missing.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayCsv) csv = NULL;

  csv = assay_csv_load (missing, &error);
  g_assert_null (csv);
  g_assert_error (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_READ);
  g_clear_error (&error);

  csv = assay_csv_load (dir, &error);
  g_assert_null (csv);
  g_assert_error (error, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "folder"));

  assay_test_rmdir (dir);
}

static void
test_csv_fixtures (void)
{
  static const struct
  {
    const char       *name;
    guint             n_records;
    AssayCsvEncoding  encoding;
    gboolean          bom;
  } fixtures[] = {
    { "utf8.csv", 9, ASSAY_CSV_ENCODING_UTF8, FALSE },
    { "utf8-bom.csv", 9, ASSAY_CSV_ENCODING_UTF8, TRUE },
    { "windows-1252.csv", 9, ASSAY_CSV_ENCODING_WINDOWS_1252, FALSE },
    { "crlf.csv", 9, ASSAY_CSV_ENCODING_UTF8, FALSE },
    { "reordered.csv", 9, ASSAY_CSV_ENCODING_UTF8, FALSE },
    { "extra-columns.csv", 9, ASSAY_CSV_ENCODING_UTF8, FALSE },
    { "blank-trailing.csv", 11, ASSAY_CSV_ENCODING_UTF8, FALSE },
    { "quoted.csv", 4, ASSAY_CSV_ENCODING_UTF8, FALSE },
    { "names.csv", 3, ASSAY_CSV_ENCODING_UTF8, FALSE },
    { "bad-rows.csv", 12, ASSAY_CSV_ENCODING_UTF8, FALSE },
    { "not-a-caseload.csv", 3, ASSAY_CSV_ENCODING_UTF8, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "caseload",
                                                     fixtures[i].name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(AssayCsv) csv = assay_csv_load (path, &error);

      g_test_message ("%s", fixtures[i].name);
      g_assert_no_error (error);
      g_assert_cmpuint (csv->records->len, ==, fixtures[i].n_records);
      g_assert_cmpint (csv->encoding, ==, fixtures[i].encoding);
      g_assert_cmpint (csv->had_bom, ==, fixtures[i].bom);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/basic", test_csv_basic);
  g_test_add_func ("/csv/line-ends", test_csv_line_ends);
  g_test_add_func ("/csv/quoted", test_csv_quoted);
  g_test_add_func ("/csv/quote-in-unquoted", test_csv_quote_in_unquoted);
  g_test_add_func ("/csv/empty-fields", test_csv_empty_fields);
  g_test_add_func ("/csv/bom", test_csv_bom);
  g_test_add_func ("/csv/blank-lines", test_csv_blank_lines);
  g_test_add_func ("/csv/ragged", test_csv_ragged);
  g_test_add_func ("/csv/unterminated", test_csv_unterminated);
  g_test_add_func ("/csv/windows-1252", test_csv_windows_1252);
  g_test_add_func ("/csv/bad-encoding", test_csv_bad_encoding);
  g_test_add_func ("/csv/not-text", test_csv_not_text);
  g_test_add_func ("/csv/separator-line", test_csv_separator_line);
  g_test_add_func ("/csv/limits", test_csv_limits);
  g_test_add_func ("/csv/load-errors", test_csv_load_errors);
  g_test_add_func ("/csv/fixtures", test_csv_fixtures);

  return g_test_run ();
}
