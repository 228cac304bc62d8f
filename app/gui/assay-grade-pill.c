/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-grade-pill"

#include "config.h"

#include "assay-grade-pill.h"

void
assay_grade_pill_set (GtkLabel   *label,
                      AssayGrade  grade,
                      const char *text)
{
  static const AssayGrade all[] = {
    ASSAY_GRADE_NONE, ASSAY_GRADE_NOT_YET_BRONZE, ASSAY_GRADE_BRONZE,
    ASSAY_GRADE_SILVER, ASSAY_GRADE_GOLD, ASSAY_GRADE_NA,
  };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), assay_grade_get_css_class (all[i]));

  gtk_widget_add_css_class (GTK_WIDGET (label), assay_grade_get_css_class (grade));
  gtk_label_set_text (label, text);
}
