/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "assay-caseload.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_CASELOAD_ITEM (assay_caseload_item_get_type ())

G_DECLARE_FINAL_TYPE (AssayCaseloadItem, assay_caseload_item, ASSAY, CASELOAD_ITEM, GObject)

/*
 * One plan of the caseload as a row of the Caseload page's list: the stored
 * values, plus what sorting and searching need worked out once, so that
 * neither costs more than a comparison per row on a large caseload.
 */
AssayCaseloadItem *assay_caseload_item_new          (JsonObject         *fields);
const char        *assay_caseload_item_get_case_ref (AssayCaseloadItem  *self);
/* The stored value: a token such as "annual-review", an ISO date, text, or
 * "yes"/"no" for child_in_care; NULL when the plan has none. */
const char        *assay_caseload_item_get_value    (AssayCaseloadItem  *self,
                                                     AssayCaseloadField  field);
/* TRUE when the case reference, team or caseworker contains @folded_text,
 * which must already be g_utf8_casefold()ed. */
gboolean           assay_caseload_item_matches      (AssayCaseloadItem  *self,
                                                     const char         *folded_text);
/* Orders two plans by one field the way a reader expects: case references
 * with their numbers as numbers, phases from early years up, dates by date;
 * plans without a value last. */
int                assay_caseload_item_compare      (AssayCaseloadItem  *a,
                                                     AssayCaseloadItem  *b,
                                                     AssayCaseloadField  field);

/* How a stored value reads on screen: "Annual review", "Post-16",
 * "14 Mar 2025", "Yes". A need stays a code ("SEMH"); its name is
 * assay_caseload_need_get_name(). Free with g_free(). */
char              *assay_caseload_value_to_label    (AssayCaseloadField  field,
                                                     const char         *value);
/* What a field is called on screen: "Case reference", "Key stage". */
const char        *assay_caseload_field_get_label   (AssayCaseloadField  field);
/* "Social, emotional and mental health" for "SEMH"; NULL for no code. */
const char        *assay_caseload_need_get_name     (const char         *code);
/* The position of @value in the field's fixed list of values, in the order
 * forms list them; G_MAXINT for a field without one or an unknown value. */
int                assay_caseload_value_get_rank    (AssayCaseloadField  field,
                                                     const char         *value);

G_END_DECLS
