/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-caseload.h"

G_BEGIN_DECLS

/*
 * What the caseload's files share:
 *
 * - assay-caseload-fields.c: the field table, matching headers and values
 *   against it, and normalising one cell (plan types, settings, needs,
 *   booleans, text, case references);
 * - assay-caseload-stage.c: phase, National Curriculum year and key stage,
 *   which one value can tell together;
 * - assay-caseload-dates.c: the dates council exports write;
 * - assay-caseload-read.c: column mappings, and reading a CSV into rows;
 * - assay-caseload.c: the store side (write, import, list, lookup).
 */

/* The fields kept from the store on re-import, one bit each. */
typedef guint32 AssayCaseloadFieldMask;

G_STATIC_ASSERT (ASSAY_CASELOAD_N_FIELDS <= 32);

struct _AssayCaseloadBatch
{
  GPtrArray           *cases;
  GArray              *keep;   /* of AssayCaseloadFieldMask, one per case */
  gboolean             columns_present[ASSAY_CASELOAD_N_FIELDS];
  AssayCaseloadResult *result;
};

/* School phase, National Curriculum year and key stage, as far as a value
 * tells them. */
typedef struct
{
  const char *phase;
  const char *nc_year;
  const char *key_stage;
} AssayCaseloadStage;

typedef enum
{
  ASSAY_CASELOAD_DATE_OK,
  ASSAY_CASELOAD_DATE_MONTH_FIRST,      /* real only month first, and read so */
  ASSAY_CASELOAD_DATE_NOT_A_DATE,
  ASSAY_CASELOAD_DATE_IMPOSSIBLE,
  ASSAY_CASELOAD_DATE_SERIAL_RANGE,     /* a number, but not an Excel date of a plan */
} AssayCaseloadDateStatus;

/* assay-caseload-fields.c */
char       *_assay_caseload_normalise_key   (const char          *text);
gboolean    _assay_caseload_in_list         (const char          *key,
                                             const char          *list);
char       *_assay_caseload_fold_value      (const char          *text);
GStrv       _assay_caseload_split_parts     (const char          *value);
char       *_assay_caseload_quote_value     (const char          *value);
gboolean    _assay_caseload_is_blank_char   (gunichar             c);
char       *_assay_caseload_trim            (const char          *value);
gboolean    _assay_caseload_field_is_stage  (AssayCaseloadField   field);
JsonNode   *_assay_caseload_string_node     (const char          *text);
gboolean    _assay_caseload_parse_cell      (AssayCaseloadField   field,
                                             const char          *value,
                                             JsonNode           **node,
                                             AssayCaseloadStage  *stage,
                                             char               **note,
                                             GError             **error);

/* assay-caseload-stage.c */
gboolean    _assay_caseload_parse_stage     (const char               *value,
                                             AssayCaseloadField        column,
                                             AssayCaseloadStage       *stage);
const char *_assay_caseload_stage_get       (const AssayCaseloadStage *stage,
                                             AssayCaseloadField        field);

/* assay-caseload-dates.c */
AssayCaseloadDateStatus _assay_caseload_parse_date (const char  *value,
                                                    char       **iso);

/* assay-caseload-read.c */
AssayCaseloadResult *_assay_caseload_result_new (void);
gboolean    _assay_caseload_read_csv (AssayCsv                *csv,
                                      const AssayCaseloadMap  *map,
                                      GPtrArray              **cases_out,
                                      GArray                 **keep_out,
                                      gboolean                 present[ASSAY_CASELOAD_N_FIELDS],
                                      AssayCaseloadResult    **result_out,
                                      GError                 **error);

G_END_DECLS
