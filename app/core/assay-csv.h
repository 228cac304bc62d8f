/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ASSAY_CSV_ERROR (assay_csv_error_quark ())

typedef enum
{
  ASSAY_CSV_ERROR_READ,              /* the file could not be read */
  ASSAY_CSV_ERROR_TOO_LARGE,         /* the file, a field or a row is over its limit */
  ASSAY_CSV_ERROR_NOT_TEXT,          /* a spreadsheet, a PDF or other binary data */
  ASSAY_CSV_ERROR_ENCODING,          /* neither UTF-8 nor Windows-1252 */
  ASSAY_CSV_ERROR_UNTERMINATED,      /* a quoted field runs to the end of the file */
  ASSAY_CSV_ERROR_UNSUPPORTED,       /* text, but not comma-separated UTF-8 or Windows-1252 */
} AssayCsvError;

GQuark assay_csv_error_quark (void);

/* Limits that keep a wrong or hostile file from exhausting memory. A real
 * caseload export is a few megabytes at most. */
#define ASSAY_CSV_MAX_FILE_SIZE   (64 * 1024 * 1024)
#define ASSAY_CSV_MAX_FIELD_SIZE  (64 * 1024)
#define ASSAY_CSV_MAX_FIELDS      1024
#define ASSAY_CSV_MAX_RECORDS     1000000

typedef enum
{
  ASSAY_CSV_ENCODING_UTF8,
  ASSAY_CSV_ENCODING_WINDOWS_1252,
} AssayCsvEncoding;

const char *assay_csv_encoding_to_string (AssayCsvEncoding encoding);

/* One record: its fields, in UTF-8, and the physical line it starts on
 * (counted from 1, every line break counted, including those inside quoted
 * fields) so that messages can point at it. */
typedef struct
{
  guint   line;
  guint   n_fields;
  char  **fields;   /* NULL-terminated */
} AssayCsvRecord;

typedef struct
{
  GPtrArray        *records;     /* of AssayCsvRecord; blank lines are skipped */
  AssayCsvEncoding  encoding;    /* what the bytes were read as */
  gboolean          had_bom;     /* a UTF-8 byte-order mark was removed */
} AssayCsv;

/*
 * Reads RFC 4180 text: fields separated by commas, optionally quoted with
 * doubled quotes inside, CRLF, LF or lone CR line ends, line breaks inside
 * quoted fields (returned as "\n"). Bytes that are valid UTF-8 (after an
 * optional byte-order mark) are read as such; anything else as
 * Windows-1252. Records may have different numbers of fields: the caller
 * decides what a ragged row means.
 */
AssayCsv *assay_csv_parse  (gconstpointer   data,
                            gsize           len,
                            GError        **error);
AssayCsv *assay_csv_load   (const char     *path,
                            GError        **error);
void      assay_csv_free   (AssayCsv       *csv);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayCsv, assay_csv_free)

G_END_DECLS
