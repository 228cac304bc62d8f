/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-framework.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_CRITERION_ROW (assay_criterion_row_get_type ())

G_DECLARE_FINAL_TYPE (AssayCriterionRow, assay_criterion_row, ASSAY, CRITERION_ROW, AdwBin)

/*
 * One criterion of the checklist: the question, what good looks like, the
 * grade buttons and the evidence note. It saves nothing itself: it asks the
 * editor to, through the actions "editor.grade" (ss: criterion, grade token)
 * and "editor.set-evidence" (ss: criterion, text), so every write goes
 * through one place that reports errors.
 *
 * Keys while a grade button has focus: 1–4 grade Gold to Not yet Bronze,
 * 0 or N grades N/A, Enter or Tab go to the next criterion ("editor.next-
 * criterion"), E edits the evidence and G shows what good looks like. In
 * the evidence note, Tab goes on to the next criterion and Escape back to
 * the grades.
 */
GtkWidget            *assay_criterion_row_new            (AssayFramework       *framework,
                                                          const AssayCriterion *criterion);
const AssayCriterion *assay_criterion_row_get_criterion  (AssayCriterionRow    *self);
/* Shows the stored grade and evidence; a note being typed is kept. */
void                  assay_criterion_row_update         (AssayCriterionRow    *self,
                                                          AssayGrade            grade,
                                                          const char           *evidence);
void                  assay_criterion_row_set_editable   (AssayCriterionRow    *self,
                                                          gboolean              editable);
gboolean              assay_criterion_row_focus_grades   (AssayCriterionRow    *self);
gboolean              assay_criterion_row_focus_evidence (AssayCriterionRow    *self);
/* Saves a note still waiting for the pause in typing. */
void                  assay_criterion_row_flush          (AssayCriterionRow    *self);

GtkWidget            *_assay_criterion_row_get_grade_buttons (AssayCriterionRow *self);
GtkTextView          *_assay_criterion_row_get_evidence_view (AssayCriterionRow *self);

G_END_DECLS
