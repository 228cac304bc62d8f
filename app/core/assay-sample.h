/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "assay-caseload.h"
#include "assay-store.h"

G_BEGIN_DECLS

#define ASSAY_SAMPLE_ERROR (assay_sample_error_quark ())

typedef enum
{
  ASSAY_SAMPLE_ERROR_INVALID,      /* a bad size, field, filter or value */
  ASSAY_SAMPLE_ERROR_EMPTY,        /* no plan to sample from */
  ASSAY_SAMPLE_ERROR_NOT_FOUND,    /* no saved sample with that id */
  ASSAY_SAMPLE_ERROR_DAMAGED,      /* a stored sample is not what we write */
} AssaySampleError;

GQuark assay_sample_error_quark (void);

/* The store collection that holds drawn samples. */
#define ASSAY_SAMPLE_COLLECTION "samples"

/* DOMAIN.md's usual rule: 10% of the plans, or at least 4. */
#define ASSAY_SAMPLE_DEFAULT_PERCENT 10
#define ASSAY_SAMPLE_DEFAULT_MINIMUM 4

/*
 * What to draw. Filters are "FIELD=VALUE", "FIELD!=VALUE", and for the two
 * dates also "<", "<=", ">", ">=" against a date. The field may be any
 * caseload field name or header alias; the value is normalised like an
 * imported cell ("child_in_care=y" is "child_in_care=yes"), and text fields
 * compare without regard to case. "!=" also matches plans with no value.
 *
 * - where: only plans matching every filter are eligible (repeating a field
 *   means any of its values: phase=primary with phase=secondary).
 * - include: every eligible plan matching any of these filters is in the
 *   sample; the rest of the sample is drawn from the other eligible plans.
 * - by: the rest is stratified by these fields, allocated in proportion to
 *   the size of each stratum by the largest-remainder method, with at least
 *   @minimum (default 1) from each stratum when the size allows.
 */
typedef struct _AssaySampleSpec AssaySampleSpec;

AssaySampleSpec *assay_sample_spec_new          (guint32           seed);
void             assay_sample_spec_free         (AssaySampleSpec  *spec);
/* A number of plans, 0 for the default, or a percentage of the eligible
 * plans with @percent. */
void             assay_sample_spec_set_size     (AssaySampleSpec  *spec,
                                                 guint             size,
                                                 gboolean          percent);
/* Parses "12" or "15%". */
gboolean         assay_sample_spec_parse_size   (AssaySampleSpec  *spec,
                                                 const char       *text,
                                                 GError          **error);
void             assay_sample_spec_set_minimum  (AssaySampleSpec  *spec,
                                                 guint             minimum);
gboolean         assay_sample_spec_add_by       (AssaySampleSpec  *spec,
                                                 const char       *field,
                                                 GError          **error);
gboolean         assay_sample_spec_add_where    (AssaySampleSpec  *spec,
                                                 const char       *filter,
                                                 GError          **error);
gboolean         assay_sample_spec_add_include  (AssaySampleSpec  *spec,
                                                 const char       *filter,
                                                 GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssaySampleSpec, assay_sample_spec_free)

typedef struct
{
  char       *label;      /* "North / primary"; "(none)" for a missing value */
  JsonObject *values;     /* field name -> value; a missing value is null */
  guint       eligible;   /* plans in the stratum that could be drawn */
  guint       sampled;    /* drawn at random from it */
} AssaySampleStratum;

typedef struct
{
  char      *id;           /* the record id in the store, NULL until saved */
  guint32    seed;
  char      *rule;         /* the rule in words, for people and reports */
  guint      size;
  char      *created;      /* ISO 8601, UTC */
  guint      eligible;     /* plans that passed the "where" filters */
  guint      included;     /* of them, in the sample by an "include" filter */
  GPtrArray *strata;       /* of AssaySampleStratum, ordered by label */
  GPtrArray *cases;        /* of char *, case refs, ordered */
} AssaySample;

void         assay_sample_free     (AssaySample      *sample);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssaySample, assay_sample_free)

/* Draws from @cases (JsonObjects as assay_caseload_list() returns them, in
 * any order) without touching a store. The same spec and cases give the same
 * sample on every machine. */
AssaySample *assay_sample_draw     (AssaySampleSpec  *spec,
                                    GPtrArray        *cases,
                                    GError          **error);
/* Draws from the caseload in @store and saves the sample there. */
AssaySample *assay_sample_create   (AssayStore       *store,
                                    AssaySampleSpec  *spec,
                                    GError          **error);
AssaySample *assay_sample_load     (AssayStore       *store,
                                    const char       *id,
                                    GError          **error);
/* Every saved sample, oldest first. */
GPtrArray   *assay_sample_list     (AssayStore       *store,
                                    GError          **error);
/* The CLI contract's shape: {"id", "seed", "rule", "size", "created",
 * "strata", "cases": [{"case", ...the caseload fields}]}, the fields taken
 * from @caseload (as assay_caseload_list() returns it; may be NULL). */
JsonNode    *assay_sample_to_json  (AssaySample      *sample,
                                    GPtrArray        *caseload);

G_END_DECLS
