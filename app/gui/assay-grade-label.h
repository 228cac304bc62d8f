/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-framework.h"

G_BEGIN_DECLS

/* The word shown for @grade: the partnership's label from Preferences when
 * one is set, else the framework's own, else the default. */
const char *assay_grade_label (AssayFramework *framework,
                               AssayGrade      grade);

G_END_DECLS
