/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit-editor-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-audit-editor-private.h"
#include "assay-audit-lines-text.h"
#include "assay-grade-pill.h"
#include "assay-gui-list.h"

/* The editor's sidebar: a row per page, in order (the provision lines of a
 * setting visit, the sections, the summary), each with its progress and
 * running grade. */

int
_assay_audit_editor_row_of_page (AssayAuditEditor *self,
                                 guint             page)
{
  if (page == ASSAY_AUDIT_EDITOR_PAGE_LINES)
    return _assay_audit_editor_has_lines (self) ? 0 : -1;

  return (int) page + (_assay_audit_editor_has_lines (self) ? 1 : 0);
}

guint
_assay_audit_editor_page_of_row (AssayAuditEditor *self,
                                 int               row)
{
  if (!_assay_audit_editor_has_lines (self))
    return (guint) row;

  return row == 0 ? ASSAY_AUDIT_EDITOR_PAGE_LINES : (guint) row - 1;
}

void
_assay_audit_editor_section_progress (AssayAuditEditor *self,
                                      guint             index,
                                      guint            *graded,
                                      guint            *total)
{
  const AssaySection *section =
    assay_framework_get_section (assay_audit_get_framework (self->audit), index);

  *graded = 0;
  *total = section->criteria->len;

  for (guint i = 0; i < section->criteria->len; i++)
    {
      const AssayCriterion *criterion = section->criteria->pdata[i];

      if (assay_audit_get_grade (self->audit, criterion->id, NULL) != ASSAY_GRADE_NONE)
        (*graded)++;
    }
}

/* The lines' row in the sidebar: how many are recorded, and the grade they
 * hold the visit to, if they hold it down at all. */
static void
update_lines_row (AssayAuditEditor *self)
{
  GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->sections_list, 0));
  guint n = self->grading->n_lines;
  guint recorded = n - self->grading->n_lines_open;
  AssayGrade cap = assay_audit_lines_get_cap (self->audit);
  g_autofree char *progress = NULL;
  g_autofree char *accessible = NULL;

  progress = g_strdup_printf ("%u/%u", recorded, n);
  gtk_label_set_text (self->lines_progress_label, progress);
  gtk_widget_set_visible (GTK_WIDGET (self->lines_grade_label), cap != ASSAY_GRADE_GOLD);
  assay_grade_pill_set (self->lines_grade_label, cap, _assay_audit_editor_grade_label (self, cap));
  if (cap == ASSAY_GRADE_NOT_YET_BRONZE)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->lines_grade_label),
                                 _("A line not delivered makes the visit Not yet Bronze"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->lines_grade_label),
                                 _("A line partly delivered caps the visit at Bronze"));

  if (cap != ASSAY_GRADE_GOLD)
    /* Translators: how many provision lines are recorded, of how many, and the grade they
     * cap the visit at */
    accessible = g_strdup_printf (_("Provision lines, %u of %u recorded, cap the grade at %s"),
                                  recorded, n, _assay_audit_editor_grade_label (self, cap));
  else
    /* Translators: how many provision lines are recorded, of how many */
    accessible = g_strdup_printf (_("Provision lines, %u of %u recorded"), recorded, n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

void
_assay_audit_editor_sidebar_update (AssayAuditEditor *self)
{
  AssayGrade overall;

  for (guint i = 0; i < self->progress_labels->len; i++)
    {
      g_autofree char *progress = NULL;
      g_autofree char *accessible = NULL;
      const AssaySection *section =
        assay_framework_get_section (assay_audit_get_framework (self->audit), i);
      int index = _assay_audit_editor_row_of_page (self, i);
      GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->sections_list, index));
      AssayGrade grade = self->grading->sections[i];
      const char *grade_text = _assay_audit_editor_grade_label (self, grade);
      guint graded, total;

      _assay_audit_editor_section_progress (self, i, &graded, &total);
      progress = g_strdup_printf ("%u/%u", graded, total);
      gtk_label_set_text (self->progress_labels->pdata[i], progress);
      assay_grade_pill_set (self->grade_labels->pdata[i], grade,
                            grade == ASSAY_GRADE_NONE ? "–" : grade_text);
      gtk_widget_set_tooltip_text (self->grade_labels->pdata[i],
                                   grade == ASSAY_GRADE_NONE ? _("Not graded yet")
                                                             : _("Running section grade"));

      /* Translators: a section, how many of its criteria are graded and its grade */
      accessible = g_strdup_printf (_("%s, %u of %u graded, %s"), section->title, graded, total,
                                    grade_text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                      -1);
    }

  if (self->lines_progress_label != NULL)
    update_lines_row (self);

  overall = assay_audit_get_final (self->audit, NULL);
  if (overall == ASSAY_GRADE_NONE)
    overall = self->grading->derived;
  assay_grade_pill_set (self->summary_grade_label, overall,
                        overall == ASSAY_GRADE_NONE ? "–"
                                                    : _assay_audit_editor_grade_label (self,
                                                                                       overall));
}

static GtkWidget *
new_section_row (AssayAuditEditor *self,
                 const char       *title,
                 GtkLabel        **progress_out,
                 GtkLabel        **grade_out)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *grade = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);

  if (progress_out != NULL)
    {
      GtkWidget *progress = gtk_label_new (NULL);

      gtk_widget_add_css_class (progress, "dim-label");
      gtk_widget_add_css_class (progress, "numeric");
      gtk_widget_add_css_class (progress, "caption");
      gtk_widget_set_valign (progress, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), progress);
      *progress_out = GTK_LABEL (progress);
    }

  gtk_widget_add_css_class (grade, "grade-pill");
  gtk_widget_add_css_class (grade, "small");
  gtk_widget_set_valign (grade, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), grade);
  *grade_out = GTK_LABEL (grade);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

void
_assay_audit_editor_sidebar_clear (AssayAuditEditor *self)
{
  assay_gui_list_box_clear (self->sections_list);
  g_ptr_array_set_size (self->progress_labels, 0);
  g_ptr_array_set_size (self->grade_labels, 0);
  self->lines_progress_label = NULL;
  self->lines_grade_label = NULL;
}

void
_assay_audit_editor_sidebar_build (AssayAuditEditor *self)
{
  AssayFramework *framework = assay_audit_get_framework (self->audit);
  GtkWidget *row;

  self->building = TRUE;

  _assay_audit_editor_sidebar_clear (self);

  if (_assay_audit_editor_has_lines (self))
    {
      row = new_section_row (self, _("Provision lines"), &self->lines_progress_label,
                             &self->lines_grade_label);
      gtk_list_box_append (self->sections_list, row);
    }

  for (guint i = 0; i < assay_framework_get_n_sections (framework); i++)
    {
      const AssaySection *section = assay_framework_get_section (framework, i);
      GtkLabel *progress, *grade;

      row = new_section_row (self, section->title, &progress, &grade);
      gtk_list_box_append (self->sections_list, row);
      g_ptr_array_add (self->progress_labels, progress);
      g_ptr_array_add (self->grade_labels, grade);
    }

  row = new_section_row (self, _("Summary"), NULL, &self->summary_grade_label);
  gtk_widget_add_css_class (row, "summary-row");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Summary and overall grade"),
                                  -1);
  gtk_list_box_append (self->sections_list, row);

  self->building = FALSE;
}
