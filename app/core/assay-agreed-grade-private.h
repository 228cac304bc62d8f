/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "assay-agreed-grade.h"

G_BEGIN_DECLS

/* The payload of an agreement record, which names its case and framework;
 * NULL and ASSAY_COMPARE_ERROR_DAMAGED when it cannot be read. */
JsonObject *_assay_agreed_grade_parse     (AssayRecord  *record,
                                           GError      **error);
/* The payload's grade, which must be a scored one; FALSE and
 * ASSAY_COMPARE_ERROR_DAMAGED naming @record otherwise. */
gboolean    _assay_agreed_grade_get_grade (AssayRecord  *record,
                                           JsonObject   *payload,
                                           AssayGrade   *grade,
                                           GError      **error);

G_END_DECLS
