/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-grade-buttons"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-grade-label.h"
#include "assay-grade-buttons.h"

/* Buttons in the order a moderator reads them, which is the order of the
 * number keys: 1 Gold, 2 Silver, 3 Bronze, 4 Not yet Bronze, then N/A. */
static const AssayGrade button_grades[] = {
  ASSAY_GRADE_GOLD,
  ASSAY_GRADE_SILVER,
  ASSAY_GRADE_BRONZE,
  ASSAY_GRADE_NOT_YET_BRONZE,
  ASSAY_GRADE_NA,
};

#define N_BUTTONS G_N_ELEMENTS (button_grades)

struct _AssayGradeButtons
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkToggleButton *gold_button;
  GtkToggleButton *silver_button;
  GtkToggleButton *bronze_button;
  GtkToggleButton *nyb_button;
  GtkToggleButton *na_button;
  GtkWidget       *gold_check;
  GtkWidget       *silver_check;
  GtkWidget       *bronze_check;
  GtkWidget       *nyb_check;
  GtkWidget       *na_check;
  GtkLabel        *gold_label;
  GtkLabel        *silver_label;
  GtkLabel        *bronze_label;
  GtkLabel        *nyb_label;
  GtkLabel        *na_label;

  GtkToggleButton *buttons[N_BUTTONS];
  GtkWidget       *checks[N_BUTTONS];
  GtkLabel        *labels[N_BUTTONS];

  AssayGrade       grade;
  gboolean         syncing;
};

G_DEFINE_FINAL_TYPE (AssayGradeButtons, assay_grade_buttons, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_GRADE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  GRADE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
assay_grade_get_css_class (AssayGrade grade)
{
  switch (grade)
    {
    case ASSAY_GRADE_GOLD:
      return "grade-gold";
    case ASSAY_GRADE_SILVER:
      return "grade-silver";
    case ASSAY_GRADE_BRONZE:
      return "grade-bronze";
    case ASSAY_GRADE_NOT_YET_BRONZE:
      return "grade-not-yet-bronze";
    case ASSAY_GRADE_NA:
      return "grade-na";
    case ASSAY_GRADE_NONE:
    default:
      return "grade-none";
    }
}

static int
index_of_grade (AssayGrade grade)
{
  for (guint i = 0; i < N_BUTTONS; i++)
    if (button_grades[i] == grade)
      return (int) i;

  return -1;
}

/* The selected grade is shown by a check mark and bold text as well as by
 * colour, so it reads the same to everyone and in high contrast. */
static void
sync_buttons (AssayGradeButtons *self)
{
  self->syncing = TRUE;

  for (guint i = 0; i < N_BUTTONS; i++)
    {
      gboolean active = button_grades[i] == self->grade;

      gtk_toggle_button_set_active (self->buttons[i], active);
      gtk_widget_set_opacity (self->checks[i], active ? 1.0 : 0.0);
      if (active)
        gtk_widget_add_css_class (GTK_WIDGET (self->buttons[i]), "selected-grade");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->buttons[i]), "selected-grade");
    }

  /* In a group one button always stays down: with no grade, none should. */
  if (self->grade == ASSAY_GRADE_NONE)
    for (guint i = 0; i < N_BUTTONS; i++)
      gtk_toggle_button_set_active (self->buttons[i], FALSE);

  self->syncing = FALSE;
}

static void
on_button_toggled (AssayGradeButtons *self,
                   GtkToggleButton   *button)
{
  if (self->syncing || !gtk_toggle_button_get_active (button))
    return;

  for (guint i = 0; i < N_BUTTONS; i++)
    {
      if (self->buttons[i] != button)
        continue;

      /* Shown at once; whoever saves it sets it back if it is refused. */
      assay_grade_buttons_set_grade (self, button_grades[i]);
      g_signal_emit (self, signals[GRADE_CHOSEN], 0, (guint) button_grades[i]);
      return;
    }
}

static void
assay_grade_buttons_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ASSAY_TYPE_GRADE_BUTTONS);

  G_OBJECT_CLASS (assay_grade_buttons_parent_class)->dispose (object);
}

static void
assay_grade_buttons_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AssayGradeButtons *self = ASSAY_GRADE_BUTTONS (object);

  switch (prop_id)
    {
    case PROP_GRADE:
      g_value_set_uint (value, self->grade);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_grade_buttons_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AssayGradeButtons *self = ASSAY_GRADE_BUTTONS (object);

  switch (prop_id)
    {
    case PROP_GRADE:
      assay_grade_buttons_set_grade (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_grade_buttons_class_init (AssayGradeButtonsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_grade_buttons_dispose;
  object_class->get_property = assay_grade_buttons_get_property;
  object_class->set_property = assay_grade_buttons_set_property;

  properties[PROP_GRADE] =
    g_param_spec_uint ("grade", NULL, NULL,
                       ASSAY_GRADE_NONE, ASSAY_GRADE_NA, ASSAY_GRADE_NONE,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[GRADE_CHOSEN] =
    g_signal_new ("grade-chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-grade-buttons.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayGradeButtons, gold_button);
  gtk_widget_class_bind_template_child (widget_class, AssayGradeButtons, silver_button);
  gtk_widget_class_bind_template_child (widget_class, AssayGradeButtons, bronze_button);
  gtk_widget_class_bind_template_child (widget_class, AssayGradeButtons, nyb_button);
  gtk_widget_class_bind_template_child (widget_class, AssayGradeButtons, na_button);
  gtk_widget_class_bind_template_child (widget_class, AssayGradeButtons, gold_check);
  gtk_widget_class_bind_template_child (widget_class, AssayGradeButtons, silver_check);
  gtk_widget_class_bind_template_child (widget_class, AssayGradeButtons, bronze_check);
  gtk_widget_class_bind_template_child (widget_class, AssayGradeButtons, nyb_check);
  gtk_widget_class_bind_template_child (widget_class, AssayGradeButtons, na_check);
  gtk_widget_class_bind_template_child (widget_class, AssayGradeButtons, gold_label);
  gtk_widget_class_bind_template_child (widget_class, AssayGradeButtons, silver_label);
  gtk_widget_class_bind_template_child (widget_class, AssayGradeButtons, bronze_label);
  gtk_widget_class_bind_template_child (widget_class, AssayGradeButtons, nyb_label);
  gtk_widget_class_bind_template_child (widget_class, AssayGradeButtons, na_label);
  gtk_widget_class_bind_template_callback (widget_class, on_button_toggled);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "gradebuttons");
}

static void
assay_grade_buttons_init (AssayGradeButtons *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->buttons[0] = self->gold_button;
  self->buttons[1] = self->silver_button;
  self->buttons[2] = self->bronze_button;
  self->buttons[3] = self->nyb_button;
  self->buttons[4] = self->na_button;
  /* A toggle button tells its state only once toggled; set here rather than
   * in the .ui, where GTK 4.8 reads "pressed" as a boolean that AT-SPI then
   * refuses (a critical, and no state told) */
  for (guint i = 0; i < N_BUTTONS; i++)
    gtk_accessible_update_state (GTK_ACCESSIBLE (self->buttons[i]),
                                 GTK_ACCESSIBLE_STATE_PRESSED, GTK_ACCESSIBLE_TRISTATE_FALSE,
                                 -1);
  self->checks[0] = self->gold_check;
  self->checks[1] = self->silver_check;
  self->checks[2] = self->bronze_check;
  self->checks[3] = self->nyb_check;
  self->checks[4] = self->na_check;
  self->labels[0] = self->gold_label;
  self->labels[1] = self->silver_label;
  self->labels[2] = self->bronze_label;
  self->labels[3] = self->nyb_label;
  self->labels[4] = self->na_label;

  for (guint i = 1; i < N_BUTTONS; i++)
    gtk_toggle_button_set_group (self->buttons[i], self->buttons[0]);

  /* Spare width is shared out evenly, but a long label such as "Not yet
   * Bronze" gets what it needs first rather than being cut short. */
  for (guint i = 0; i < N_BUTTONS; i++)
    gtk_widget_set_hexpand (GTK_WIDGET (self->buttons[i]), TRUE);

  for (guint i = 0; i < N_BUTTONS; i++)
    gtk_label_set_text (self->labels[i], assay_grade_get_default_label (button_grades[i]));
  gtk_label_set_text (self->na_label, _("N/A"));

  sync_buttons (self);
}

GtkWidget *
assay_grade_buttons_new (void)
{
  return g_object_new (ASSAY_TYPE_GRADE_BUTTONS, NULL);
}

void
assay_grade_buttons_set_criterion (AssayGradeButtons    *self,
                                   AssayFramework       *framework,
                                   const AssayCriterion *criterion)
{
  g_return_if_fail (ASSAY_IS_GRADE_BUTTONS (self));
  g_return_if_fail (ASSAY_IS_FRAMEWORK (framework));
  g_return_if_fail (criterion != NULL);

  for (guint i = 0; i < N_BUTTONS; i++)
    {
      AssayGrade grade = button_grades[i];
      gboolean allowed = assay_criterion_allows (criterion, grade);
      g_autofree char *tooltip = NULL;
      const char *label;

      label = grade == ASSAY_GRADE_NA ? _("N/A") : assay_grade_label (framework, grade);
      gtk_label_set_text (self->labels[i], label);

      /* Disabled, not hidden: the row of grades keeps its shape from one
       * criterion to the next, so the number keys always match it. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->buttons[i]), allowed);

      if (grade == ASSAY_GRADE_NA)
        /* Translators: the key that grades a criterion "does not apply" */
        tooltip = g_strdup_printf (_("%s (key %s)"), label, "0");
      else
        tooltip = g_strdup_printf (_("%s (key %u)"), label, i + 1);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->buttons[i]),
                                   allowed ? tooltip
                                           : _("Not a grade this criterion can be given"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->buttons[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }
}

AssayGrade
assay_grade_buttons_get_grade (AssayGradeButtons *self)
{
  g_return_val_if_fail (ASSAY_IS_GRADE_BUTTONS (self), ASSAY_GRADE_NONE);

  return self->grade;
}

void
assay_grade_buttons_set_grade (AssayGradeButtons *self,
                               AssayGrade         grade)
{
  g_return_if_fail (ASSAY_IS_GRADE_BUTTONS (self));
  g_return_if_fail (grade <= ASSAY_GRADE_NA);

  if (self->grade == grade)
    return;

  self->grade = grade;
  sync_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRADE]);
}

gboolean
assay_grade_buttons_focus_grade (AssayGradeButtons *self)
{
  int index;

  g_return_val_if_fail (ASSAY_IS_GRADE_BUTTONS (self), FALSE);

  index = index_of_grade (self->grade);
  if (index >= 0 && gtk_widget_is_sensitive (GTK_WIDGET (self->buttons[index])))
    return gtk_widget_grab_focus (GTK_WIDGET (self->buttons[index]));

  for (guint i = 0; i < N_BUTTONS; i++)
    if (gtk_widget_is_sensitive (GTK_WIDGET (self->buttons[i])))
      return gtk_widget_grab_focus (GTK_WIDGET (self->buttons[i]));

  /* Read-only: keep the place in the checklist on the group itself. */
  return gtk_widget_grab_focus (GTK_WIDGET (self->buttons[0]));
}
