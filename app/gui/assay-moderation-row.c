/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-moderation-row"

#include "config.h"

#include "assay-grade-pill.h"
#include "assay-moderation-row.h"

/*
 * One plan on the Moderation page: its case reference and framework, each
 * moderator's grade, and whether they agree. What goes in it is worked out
 * by the page (assay-moderation-page-rows.c), which knows the blind rule
 * and the address book.
 */
struct _AssayModerationRow
{
  AdwBin     parent_instance;

  /* Template widgets */
  GtkLabel  *title_label;
  GtkLabel  *subtitle_label;
  GtkBox    *moderators_box;
  GtkLabel  *state_label;

  char      *case_ref;
  char      *state;
  char      *state_css_class;
};

G_DEFINE_FINAL_TYPE (AssayModerationRow, assay_moderation_row, ADW_TYPE_BIN)

static void
assay_moderation_row_dispose (GObject *object)
{
  AssayModerationRow *self = ASSAY_MODERATION_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_MODERATION_ROW);

  G_OBJECT_CLASS (assay_moderation_row_parent_class)->dispose (object);
}

static void
assay_moderation_row_finalize (GObject *object)
{
  AssayModerationRow *self = ASSAY_MODERATION_ROW (object);

  g_clear_pointer (&self->case_ref, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->state_css_class, g_free);

  G_OBJECT_CLASS (assay_moderation_row_parent_class)->finalize (object);
}

static void
assay_moderation_row_class_init (AssayModerationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_moderation_row_dispose;
  object_class->finalize = assay_moderation_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-moderation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayModerationRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationRow, moderators_box);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationRow, state_label);
}

static void
assay_moderation_row_init (AssayModerationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The size groups line the moderators' grades and the states up from one
 * row to the next */
GtkWidget *
assay_moderation_row_new (GtkSizeGroup *moderators_group,
                          GtkSizeGroup *state_group)
{
  AssayModerationRow *self = g_object_new (ASSAY_TYPE_MODERATION_ROW, NULL);

  gtk_size_group_add_widget (moderators_group, GTK_WIDGET (self->moderators_box));
  gtk_size_group_add_widget (state_group, GTK_WIDGET (self->state_label));

  return GTK_WIDGET (self);
}

void
assay_moderation_row_set_plan (AssayModerationRow *self,
                               const char         *case_ref,
                               const char         *framework_title,
                               const char         *state,
                               const char         *state_css_class)
{
  GtkWidget *child;

  g_return_if_fail (ASSAY_IS_MODERATION_ROW (self));

  g_free (self->case_ref);
  self->case_ref = g_strdup (case_ref);
  g_free (self->state);
  self->state = g_strdup (state);
  gtk_label_set_text (self->title_label, case_ref);
  gtk_label_set_text (self->subtitle_label, framework_title);

  gtk_label_set_text (self->state_label, state);
  if (self->state_css_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), self->state_css_class);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), state_css_class);
  g_free (self->state_css_class);
  self->state_css_class = g_strdup (state_css_class);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->moderators_box))) != NULL)
    gtk_box_remove (self->moderators_box, child);
}

void
assay_moderation_row_add_moderator (AssayModerationRow *self,
                                    const char         *who,
                                    AssayGrade          grade,
                                    const char         *grade_text,
                                    gboolean            hidden)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name = gtk_label_new (who);
  GtkWidget *pill = gtk_label_new (NULL);

  g_return_if_fail (ASSAY_IS_MODERATION_ROW (self));

  gtk_label_set_xalign (GTK_LABEL (name), 1.0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "caption");
  gtk_box_append (GTK_BOX (line), name);

  if (hidden)
    {
      /* Says so rather than leave a gap that reads as "not graded" */
      gtk_label_set_text (GTK_LABEL (pill), grade_text);
      gtk_label_set_wrap (GTK_LABEL (pill), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (pill), 18);
      gtk_widget_add_css_class (pill, "caption");
      gtk_widget_add_css_class (pill, "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (pill, "grade-pill");
      gtk_widget_add_css_class (pill, "small");
      assay_grade_pill_set (GTK_LABEL (pill), grade, grade_text);
    }
  gtk_widget_set_size_request (pill, 104, -1);
  gtk_box_append (GTK_BOX (line), pill);

  gtk_box_append (self->moderators_box, line);
}

const char *
assay_moderation_row_get_case_ref (AssayModerationRow *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_ROW (self), NULL);

  return self->case_ref;
}

const char *
assay_moderation_row_get_state (AssayModerationRow *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_ROW (self), NULL);

  return self->state;
}
