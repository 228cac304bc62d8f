/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-framework.h"

G_BEGIN_DECLS

/* The word shown for @grade: the partnership's label from Preferences when
 * one is set, else the framework's own, else the default (the rule is
 * assay_grade_naming_choose(); the words from Preferences are GSettings'). */
const char *assay_grade_label (AssayFramework *framework,
                               AssayGrade      grade);
/* As assay_grade_label(), with the checklist's words for the grades that are
 * not scored: "N/A", and "Not graded" for none. */
const char *assay_grade_label_for_checklist (AssayFramework *framework,
                                             AssayGrade      grade);

G_END_DECLS
