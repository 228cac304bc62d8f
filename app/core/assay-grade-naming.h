/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-framework.h"

G_BEGIN_DECLS

/* Which word names @grade: @custom, the partnership's own word for it, when
 * the grade is scored and @custom is not blank; else the framework's label;
 * else the default. The words themselves are the caller's to find (the GUI
 * keeps them in GSettings). The result is interned or owned by @framework. */
const char *assay_grade_naming_choose (AssayFramework *framework,
                                       AssayGrade      grade,
                                       const char     *custom);

G_END_DECLS
