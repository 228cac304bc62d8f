/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "assay-grade-buttons.h"

G_BEGIN_DECLS

/* Shows @text on @label in the colours of @grade (a label with the
 * "grade-pill" style class), dropping those of any grade shown before. */
void assay_grade_pill_set (GtkLabel   *label,
                           AssayGrade  grade,
                           const char *text);

G_END_DECLS
