/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-sample.h"

G_BEGIN_DECLS

/*
 * What the sample's files share: assay-sample-spec.c builds the rule,
 * assay-sample.c draws a sample by it, assay-sample-store.c keeps samples in
 * the store.
 */

typedef enum
{
  ASSAY_SAMPLE_OP_EQ,
  ASSAY_SAMPLE_OP_NE,
  ASSAY_SAMPLE_OP_LT,
  ASSAY_SAMPLE_OP_LE,
  ASSAY_SAMPLE_OP_GT,
  ASSAY_SAMPLE_OP_GE,
} AssaySampleFilterOp;

typedef struct
{
  AssayCaseloadField   field;
  AssaySampleFilterOp  op;
  JsonNode            *value;
  char                *text;   /* the value as shown in the rule */
} AssaySampleFilter;

struct _AssaySampleSpec
{
  guint32    seed;
  guint      size;
  gboolean   percent;
  guint      minimum;
  GArray    *by;        /* of AssayCaseloadField */
  GPtrArray *where;     /* of AssaySampleFilter */
  GPtrArray *include;   /* of AssaySampleFilter */
};

/* assay-sample-spec.c */
gboolean     _assay_sample_field_is_free_text (AssayCaseloadField  field);

/* assay-sample.c */
AssaySample *_assay_sample_new                (void);
/* A caseload entry's case_ref, NULL when it has none. */
const char  *_assay_sample_case_ref_of        (JsonObject          *object);

G_END_DECLS
