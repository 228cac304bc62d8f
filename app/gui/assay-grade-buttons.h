/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-framework.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_GRADE_BUTTONS (assay_grade_buttons_get_type ())

G_DECLARE_FINAL_TYPE (AssayGradeButtons, assay_grade_buttons, ASSAY, GRADE_BUTTONS, GtkWidget)

/*
 * One toggle button per grade, Gold to Not yet Bronze and N/A, labelled with
 * the framework's words. Only the grades a criterion allows can be pressed.
 * "grade-chosen" is emitted when the user presses a grade, never when the
 * grade is set from code.
 */
GtkWidget  *assay_grade_buttons_new           (void);
void        assay_grade_buttons_set_criterion (AssayGradeButtons    *self,
                                               AssayFramework       *framework,
                                               const AssayCriterion *criterion);
AssayGrade  assay_grade_buttons_get_grade     (AssayGradeButtons    *self);
void        assay_grade_buttons_set_grade     (AssayGradeButtons    *self,
                                               AssayGrade            grade);
/* Focuses the pressed button, or the first one that can be pressed. */
gboolean    assay_grade_buttons_focus_grade   (AssayGradeButtons    *self);

/* The style class of a grade, e.g. "grade-not-yet-bronze"; "grade-none"
 * for NONE. style.css colours buttons and pills with it. */
const char *assay_grade_get_css_class         (AssayGrade            grade);

G_END_DECLS
