/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "assay-csv.h"
#include "assay-store.h"

G_BEGIN_DECLS

#define ASSAY_CASELOAD_ERROR (assay_caseload_error_quark ())

typedef enum
{
  ASSAY_CASELOAD_ERROR_EMPTY,          /* no header row at all */
  ASSAY_CASELOAD_ERROR_NOT_CASELOAD,   /* no case reference column */
  ASSAY_CASELOAD_ERROR_INVALID_VALUE,  /* a value a field cannot take */
  ASSAY_CASELOAD_ERROR_DAMAGED,        /* a stored case is not what import writes */
  ASSAY_CASELOAD_ERROR_BAD_MAP,        /* a column mapping that names no field (a usage error) */
  ASSAY_CASELOAD_ERROR_MAP_NO_COLUMN,  /* a column mapping for a header the file lacks */
} AssayCaseloadError;

GQuark assay_caseload_error_quark (void);

/* The store collection that holds one record per plan. */
#define ASSAY_CASELOAD_COLLECTION "cases"

/* The caseload fields of DESIGN.md, in the order payloads list them. */
typedef enum
{
  ASSAY_CASELOAD_FIELD_CASE_REF,
  ASSAY_CASELOAD_FIELD_PLAN_TYPE,
  ASSAY_CASELOAD_FIELD_REQUESTED,
  ASSAY_CASELOAD_FIELD_ISSUED,
  ASSAY_CASELOAD_FIELD_LAST_REVIEW,
  ASSAY_CASELOAD_FIELD_TEAM,
  ASSAY_CASELOAD_FIELD_CASEWORKER,
  ASSAY_CASELOAD_FIELD_PHASE,
  ASSAY_CASELOAD_FIELD_NC_YEAR,        /* "N", "R", "1" to "14", as text */
  ASSAY_CASELOAD_FIELD_KEY_STAGE,      /* "EYFS", "KS1" to "KS5" */
  ASSAY_CASELOAD_FIELD_SETTING_TYPE,
  ASSAY_CASELOAD_FIELD_PRIMARY_NEED,
  ASSAY_CASELOAD_FIELD_CHILD_IN_CARE,
  ASSAY_CASELOAD_N_FIELDS,
} AssayCaseloadField;

/* The canonical name, e.g. "plan_type". */
const char *assay_caseload_field_get_name     (AssayCaseloadField   field);
/* Matches a header or a command-line field name the way DESIGN.md says:
 * case-insensitively, ignoring spaces, underscores and punctuation, by
 * canonical name or alias. */
gboolean    assay_caseload_field_from_header  (const char          *header,
                                               AssayCaseloadField  *field);
/* TRUE for a column that holds a child's name, which is never stored. */
gboolean    assay_caseload_is_name_header     (const char          *header);
/* TRUE for a column that identifies a child: a name, or a UPN, ULN, NHS
 * number, date of birth, address or postcode. Such columns are never
 * stored. */
gboolean    assay_caseload_is_identifier_header (const char        *header);
/* TRUE for requested, issued and last_review, stored as ISO 8601 dates. */
gboolean    assay_caseload_field_is_date      (AssayCaseloadField   field);

/* Normalises one cell to what is stored: a string, or a boolean for
 * child_in_care. Surrounding space is trimmed. An empty cell gives NULL and
 * no error (the field is absent); a value the field cannot take gives NULL
 * and an error whose message names the field and the value. A phase, NC
 * year or key stage value gives that field's own value ("Year 7" is
 * "secondary" as a phase, "7" as an NC year, "KS3" as a key stage). */
JsonNode   *assay_caseload_normalise_value    (AssayCaseloadField   field,
                                               const char          *value,
                                               GError             **error);
/* How a stored value reads in a table or a sentence: booleans as yes/no. */
char       *assay_caseload_value_to_string    (JsonNode            *value);

typedef struct
{
  guint  line;
  char  *reason;   /* names the field and the value; no line number */
} AssayCaseloadRejection;

/* A value that could not be read: the row is kept without it. */
typedef struct
{
  guint               line;
  AssayCaseloadField  field;
  char               *reason;   /* names the field and the value; no line number */
} AssayCaseloadWarning;

/* A column that is read, and the field it fills. */
typedef struct
{
  char               *header;   /* as the file writes it */
  guint               column;   /* counted from 1 */
  AssayCaseloadField  field;
  gboolean            by_map;   /* chosen with a column mapping, not by its name */
} AssayCaseloadColumn;

typedef struct
{
  guint             added;
  guint             updated;
  guint             unchanged;
  guint             n_rows;             /* data rows read, rejected ones included */
  GPtrArray        *rejected;           /* of AssayCaseloadRejection, in file order */
  GPtrArray        *warnings;           /* of AssayCaseloadWarning, in file order */
  GPtrArray        *columns;            /* of AssayCaseloadColumn, in file order */
  GPtrArray        *ignored_columns;    /* of char *, headers as written, each once */
  GPtrArray        *dropped_columns;    /* of char *: columns identifying a child, never stored */
  AssayCsvEncoding  encoding;
  gboolean          had_bom;
} AssayCaseloadResult;

void assay_caseload_result_free (AssayCaseloadResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayCaseloadResult, assay_caseload_result_free)

/*
 * A column mapping, as `caseload import --map "Header=field"` gives it: the
 * column headed Header fills field, whatever its name would otherwise mean.
 */
typedef struct _AssayCaseloadMap AssayCaseloadMap;

AssayCaseloadMap *assay_caseload_map_new  (void);
void              assay_caseload_map_free (AssayCaseloadMap  *map);
/* Adds "Header=field". The field is a caseload field's name (or one of its
 * aliases), or "ignore" to leave the column out. Fails with
 * ASSAY_CASELOAD_ERROR_BAD_MAP, naming what is wrong, for an unknown field,
 * a header or field mapped twice, or a column that identifies a child. */
gboolean          assay_caseload_map_add  (AssayCaseloadMap  *map,
                                           const char        *spec,
                                           GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayCaseloadMap, assay_caseload_map_free)

/*
 * Reads a caseload CSV without touching a store: every row with a case
 * reference becomes a JsonObject with the canonical field names (absent
 * fields omitted), in file order, in @cases. A value that cannot be read is
 * left out and listed in @result's warnings; rows without a case reference,
 * with one already read, or with more or fewer fields than the header are in
 * its rejected list. A file that is not a caseload at all (not CSV text, no
 * case reference column) fails with an error and nothing else.
 *
 * @columns_present gets one flag per AssayCaseloadField: a re-import keeps
 * stored values of fields the file has no column for.
 */
gboolean   assay_caseload_parse   (gconstpointer          data,
                                   gsize                  len,
                                   GPtrArray            **cases,
                                   gboolean               columns_present[ASSAY_CASELOAD_N_FIELDS],
                                   AssayCaseloadResult  **result,
                                   GError               **error);

/*
 * Imports the caseload at @path into @store's "cases" collection, keyed by
 * case_ref: new plans are added, changed ones get a new revision, unchanged
 * ones are left alone. All of it is one transaction. Rejected rows and
 * warnings do not fail the import; they are listed in @result. A field that
 * could not be read keeps its stored value. Errors name @path.
 */
gboolean   assay_caseload_import  (AssayStore            *store,
                                   const char            *path,
                                   AssayCaseloadResult  **result,
                                   GError               **error);
/*
 * The two halves of assay_caseload_import(), for a caller that reads the file
 * off the main loop: reading needs no store and may run in any thread;
 * writing uses the store, which is not thread-safe, and so runs where the
 * store lives.
 */
typedef struct _AssayCaseloadBatch AssayCaseloadBatch;

/* Reads and checks the caseload at @path. Errors say what is wrong but do not
 * name @path: the caller names the file in its own words. */
AssayCaseloadBatch *assay_caseload_read       (const char           *path,
                                               GError              **error);
/* The same with a column mapping (NULL for none). A mapping for a header the
 * file does not have fails with ASSAY_CASELOAD_ERROR_MAP_NO_COLUMN. */
AssayCaseloadBatch *assay_caseload_read_mapped (const char             *path,
                                                const AssayCaseloadMap *map,
                                                GError                **error);
/* What reading found: columns, warnings, rejected rows; the counts are
 * those of the last assay_caseload_preview(), or 0. Owned by @batch. */
const AssayCaseloadResult *assay_caseload_batch_get_result (AssayCaseloadBatch *batch);
/* Counts what assay_caseload_write() would add, update and leave unchanged,
 * into the batch's result, and writes nothing: a dry run. @batch can be
 * written afterwards. */
gboolean            assay_caseload_preview    (AssayStore           *store,
                                               AssayCaseloadBatch   *batch,
                                               GError              **error);
void                assay_caseload_batch_free (AssayCaseloadBatch   *batch);
/* Writes @batch as one transaction, as assay_caseload_import() does, and
 * hands over its result with the counts filled in. A batch is written once. */
gboolean            assay_caseload_write      (AssayStore           *store,
                                               AssayCaseloadBatch   *batch,
                                               AssayCaseloadResult **result,
                                               GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayCaseloadBatch, assay_caseload_batch_free)

/* Every plan as a JsonObject, ordered by case_ref. */
GPtrArray *assay_caseload_list    (AssayStore            *store,
                                   GError               **error);
/* Every plan's fields in turn (owned by the call), in the store's order, in
 * memory that does not grow with the caseload: for a reader that keeps a
 * few of them (a comparison keeps the plans it compares). */
typedef void (*AssayCaseFunc) (JsonObject *fields,
                               gpointer    user_data);
gboolean   assay_caseload_foreach (AssayStore            *store,
                                   AssayCaseFunc          func,
                                   gpointer               user_data,
                                   GError               **error);
/* TRUE and the plan's fields when @case_ref is in the caseload; FALSE and no
 * error when it is not. */
gboolean   assay_caseload_lookup  (AssayStore            *store,
                                   const char            *case_ref,
                                   JsonObject           **fields,
                                   GError               **error);

G_END_DECLS
