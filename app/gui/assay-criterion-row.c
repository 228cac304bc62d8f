/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-criterion-row"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-criterion-row.h"
#include "assay-grade-buttons.h"
#include "assay-text-autosave.h"

/* A pause in typing this long saves the note (see assay-text-autosave.h for
 * the rest of the rule): not a revision per keystroke, and a crash loses
 * at most the last second of typing. */
#define EVIDENCE_PAUSE_MS 700

struct _AssayCriterionRow
{
  AdwBin                parent_instance;

  /* Template widgets */
  GtkLabel             *id_label;
  GtkLabel             *question_label;
  GtkWidget            *limiting_label;
  GtkLabel             *source_label;
  GtkExpander          *guidance_expander;
  GtkLabel             *guidance_label;
  AssayGradeButtons    *grade_buttons;
  GtkTextView          *evidence_view;

  AssayFramework       *framework;
  const AssayCriterion *criterion;
  AssayTextAutosave     autosave;
};

G_DEFINE_FINAL_TYPE (AssayCriterionRow, assay_criterion_row, ADW_TYPE_BIN)

static void
save_evidence (AssayTextAutosave *autosave,
               gpointer           user_data)
{
  AssayCriterionRow *self = user_data;
  g_autofree char *text = NULL;

  if (self->criterion == NULL)
    return;

  text = assay_text_autosave_take_text (autosave);
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.set-evidence", "(ss)",
                              self->criterion->id, text);
}

void
assay_criterion_row_flush (AssayCriterionRow *self)
{
  g_return_if_fail (ASSAY_IS_CRITERION_ROW (self));

  assay_text_autosave_flush (&self->autosave);
}

static void
on_grade_chosen (AssayCriterionRow *self,
                 guint              grade)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.grade", "(ss)",
                              self->criterion->id, assay_grade_to_token (grade));
}

static gboolean
focus_within (AssayCriterionRow *self,
              GtkWidget         *widget)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
grade_by_key (AssayCriterionRow *self,
              AssayGrade         grade)
{
  /* A read-only audit still takes the key, so it cannot reach anything
   * else by accident. */
  if (gtk_widget_is_sensitive (GTK_WIDGET (self->grade_buttons)))
    gtk_widget_activate_action (GTK_WIDGET (self), "editor.grade", "(ss)",
                                self->criterion->id, assay_grade_to_token (grade));

  return TRUE;
}

static gboolean
on_key_pressed (AssayCriterionRow     *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  if (focus_within (self, GTK_WIDGET (self->evidence_view)))
    {
      if (mods != 0)
        return FALSE;

      switch (keyval)
        {
        case GDK_KEY_Escape:
          assay_criterion_row_flush (self);
          return assay_criterion_row_focus_grades (self);

        case GDK_KEY_Tab:
        case GDK_KEY_KP_Tab:
          assay_criterion_row_flush (self);
          return gtk_widget_activate_action (GTK_WIDGET (self), "editor.next-criterion", NULL);

        default:
          return FALSE;
        }
    }

  /* Shift is how some layouts type digits; other modifiers belong to
   * shortcuts elsewhere (Alt+1 switches pages). */
  if ((mods & ~GDK_SHIFT_MASK) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_1:
    case GDK_KEY_KP_1:
      return grade_by_key (self, ASSAY_GRADE_GOLD);

    case GDK_KEY_2:
    case GDK_KEY_KP_2:
      return grade_by_key (self, ASSAY_GRADE_SILVER);

    case GDK_KEY_3:
    case GDK_KEY_KP_3:
      return grade_by_key (self, ASSAY_GRADE_BRONZE);

    case GDK_KEY_4:
    case GDK_KEY_KP_4:
      return grade_by_key (self, ASSAY_GRADE_NOT_YET_BRONZE);

    case GDK_KEY_0:
    case GDK_KEY_KP_0:
    case GDK_KEY_n:
    case GDK_KEY_N:
      return grade_by_key (self, ASSAY_GRADE_NA);

    case GDK_KEY_e:
    case GDK_KEY_E:
      return assay_criterion_row_focus_evidence (self);

    case GDK_KEY_g:
    case GDK_KEY_G:
      gtk_expander_set_expanded (self->guidance_expander,
                                 !gtk_expander_get_expanded (self->guidance_expander));
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
      /* Enter on the expander opens it, as everywhere else */
      if (mods != 0 || focus_within (self, GTK_WIDGET (self->guidance_expander)))
        return FALSE;
      return gtk_widget_activate_action (GTK_WIDGET (self), "editor.next-criterion", NULL);

    default:
      return FALSE;
    }
}

static void
assay_criterion_row_dispose (GObject *object)
{
  AssayCriterionRow *self = ASSAY_CRITERION_ROW (object);

  /* The editor flushes every row before it lets go of them; a timer must
   * not outlive the row it would save. */
  assay_text_autosave_cancel (&self->autosave);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_CRITERION_ROW);
  g_clear_object (&self->framework);
  self->criterion = NULL;

  G_OBJECT_CLASS (assay_criterion_row_parent_class)->dispose (object);
}

static void
assay_criterion_row_class_init (AssayCriterionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_criterion_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-criterion-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayCriterionRow, id_label);
  gtk_widget_class_bind_template_child (widget_class, AssayCriterionRow, question_label);
  gtk_widget_class_bind_template_child (widget_class, AssayCriterionRow, limiting_label);
  gtk_widget_class_bind_template_child (widget_class, AssayCriterionRow, source_label);
  gtk_widget_class_bind_template_child (widget_class, AssayCriterionRow, guidance_expander);
  gtk_widget_class_bind_template_child (widget_class, AssayCriterionRow, guidance_label);
  gtk_widget_class_bind_template_child (widget_class, AssayCriterionRow, grade_buttons);
  gtk_widget_class_bind_template_child (widget_class, AssayCriterionRow, evidence_view);
  gtk_widget_class_bind_template_callback (widget_class, on_grade_chosen);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  g_type_ensure (ASSAY_TYPE_GRADE_BUTTONS);
}

static void
assay_criterion_row_init (AssayCriterionRow *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Capture: the number keys must grade before a focused button or the
   * window's shortcuts see them. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  /* Saved as it is typed, and when the keyboard leaves the note. */
  assay_text_autosave_init (&self->autosave, self->evidence_view, EVIDENCE_PAUSE_MS,
                            save_evidence, self);
}

/* Whether the criterion limits the overall grade, and why: a duty in law
 * (with its source), the partnership's own rule (never shown as law), or a
 * format 1 "limiting" criterion. */
static void
show_rule (AssayCriterionRow    *self,
           AssayFramework       *framework,
           const AssayCriterion *criterion)
{
  GtkLabel *tag = GTK_LABEL (self->limiting_label);
  g_autofree char *source = NULL;

  if (criterion->statutory)
    {
      gtk_label_set_text (tag, _("Statutory"));
      gtk_widget_set_tooltip_text (self->limiting_label,
                                   _("A legal requirement: Bronze here caps the overall grade "
                                     "at Bronze, Not yet Bronze makes it Not yet Bronze"));
    }
  else if (criterion->local_rule)
    {
      gtk_label_set_text (tag, _("Local rule"));
      gtk_widget_add_css_class (self->limiting_label, "local-rule");
      gtk_widget_set_tooltip_text (self->limiting_label,
                                   _("The partnership’s own rule, not a legal requirement: it "
                                     "limits the overall grade like a statutory criterion"));
    }
  gtk_widget_set_visible (self->limiting_label, criterion->limiting);

  if (criterion->source != NULL && *criterion->source != '\0')
    {
      if (criterion->statutory)
        /* Translators: where the duty comes from, e.g. "SEND Regs 2014 reg 12(1)(f)" */
        source = g_strdup_printf (_("Legal source: %s"), criterion->source);
      else if (criterion->local_rule)
        /* Translators: the partnership rule a local criterion comes from */
        source = g_strdup_printf (_("Local rule: %s"), criterion->source);
      else
        /* Translators: guidance a quality criterion comes from, e.g. "SEND Code 9.66" */
        source = g_strdup_printf (_("Source: %s"), criterion->source);
      gtk_label_set_text (self->source_label, source);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->source_label), source != NULL);
}

GtkWidget *
assay_criterion_row_new (AssayFramework       *framework,
                         const AssayCriterion *criterion)
{
  AssayCriterionRow *self;
  g_autofree char *label = NULL;
  g_autofree char *grades_label = NULL;
  g_autofree char *evidence_label = NULL;

  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (framework), NULL);
  g_return_val_if_fail (criterion != NULL, NULL);

  self = g_object_new (ASSAY_TYPE_CRITERION_ROW, NULL);
  self->framework = g_object_ref (framework);
  self->criterion = criterion;

  gtk_label_set_text (self->id_label, criterion->id);
  gtk_label_set_text (self->question_label, criterion->text);
  gtk_label_set_text (self->guidance_label, criterion->guidance);
  show_rule (self, framework, criterion);
  assay_grade_buttons_set_criterion (self->grade_buttons, framework, criterion);

  label = g_strdup_printf ("%s: %s", criterion->id, criterion->text);
  /* Translators: %s is a criterion id such as F3 */
  grades_label = g_strdup_printf (_("Grade for %s"), criterion->id);
  /* Translators: %s is a criterion id such as F3 */
  evidence_label = g_strdup_printf (_("Evidence for %s"), criterion->id);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Keys 1 to 4 grade, 0 grades N/A, "
                                    "Enter goes to the next criterion"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grade_buttons),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, grades_label,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->evidence_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, evidence_label,
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE,
                                  -1);

  return GTK_WIDGET (self);
}

const AssayCriterion *
assay_criterion_row_get_criterion (AssayCriterionRow *self)
{
  g_return_val_if_fail (ASSAY_IS_CRITERION_ROW (self), NULL);

  return self->criterion;
}

void
assay_criterion_row_update (AssayCriterionRow *self,
                            AssayGrade         grade,
                            const char        *evidence)
{
  g_return_if_fail (ASSAY_IS_CRITERION_ROW (self));

  assay_grade_buttons_set_grade (self->grade_buttons, grade);

  /* Words typed and not yet saved win over the stored note. */
  assay_text_autosave_show (&self->autosave, evidence);
}

void
assay_criterion_row_set_editable (AssayCriterionRow *self,
                                  gboolean           editable)
{
  g_return_if_fail (ASSAY_IS_CRITERION_ROW (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->grade_buttons), editable);
  gtk_text_view_set_editable (self->evidence_view, editable);
}

gboolean
assay_criterion_row_focus_grades (AssayCriterionRow *self)
{
  g_return_val_if_fail (ASSAY_IS_CRITERION_ROW (self), FALSE);

  if (!gtk_widget_is_sensitive (GTK_WIDGET (self->grade_buttons)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->evidence_view));

  return assay_grade_buttons_focus_grade (self->grade_buttons);
}

gboolean
assay_criterion_row_focus_evidence (AssayCriterionRow *self)
{
  g_return_val_if_fail (ASSAY_IS_CRITERION_ROW (self), FALSE);

  return gtk_widget_grab_focus (GTK_WIDGET (self->evidence_view));
}

GtkWidget *
_assay_criterion_row_get_grade_buttons (AssayCriterionRow *self)
{
  return GTK_WIDGET (self->grade_buttons);
}

GtkTextView *
_assay_criterion_row_get_evidence_view (AssayCriterionRow *self)
{
  return self->evidence_view;
}
