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
  ASSAY_CASELOAD_FIELD_TEAM,
  ASSAY_CASELOAD_FIELD_CASEWORKER,
  ASSAY_CASELOAD_FIELD_PHASE,
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

/* Normalises one cell to what is stored: a string, or a boolean for
 * child_in_care. Surrounding space is trimmed. An empty cell gives NULL and
 * no error (the field is absent); a value the field cannot take gives NULL
 * and an error whose message names the field and the value. */
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

typedef struct
{
  guint             added;
  guint             updated;
  guint             unchanged;
  guint             n_rows;             /* data rows read, rejected ones included */
  GPtrArray        *rejected;           /* of AssayCaseloadRejection, in file order */
  GPtrArray        *ignored_columns;    /* of char *, headers as written, each once */
  GPtrArray        *dropped_columns;    /* of char *: children's names, never stored */
  AssayCsvEncoding  encoding;
  gboolean          had_bom;
} AssayCaseloadResult;

void assay_caseload_result_free (AssayCaseloadResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayCaseloadResult, assay_caseload_result_free)

/*
 * Reads a caseload CSV without touching a store: every good row becomes a
 * JsonObject with the canonical field names (absent fields omitted), in file
 * order, in @cases. Bad rows are in @result's rejected list. A file that is
 * not a caseload at all (not CSV text, no case reference column) fails with
 * an error and nothing else.
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
 * ones are left alone. All of it is one transaction. Rejected rows do not
 * fail the import; they are listed in @result. Errors name @path.
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
/* Good rows read, rejected ones not counted. */
guint               assay_caseload_batch_get_n_cases (AssayCaseloadBatch *batch);
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
/* TRUE and the plan's fields when @case_ref is in the caseload; FALSE and no
 * error when it is not. */
gboolean   assay_caseload_lookup  (AssayStore            *store,
                                   const char            *case_ref,
                                   JsonObject           **fields,
                                   GError               **error);

G_END_DECLS
