/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit-summary"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-audit-lines-text.h"
#include "assay-audit-summary-private.h"
#include "assay-grade-label.h"
#include "assay-grade-pill.h"
#include "assay-gui-list.h"
#include "assay-text-autosave.h"

/* As for evidence notes: a revision per pause in typing, not per key. */
#define TEXT_SAVE_DELAY_MS 700
/* The override's reason is saved after a pause in typing, like the notes. */
#define REASON_SAVE_DELAY_MS 400

/* The summary's free text, saved as it is typed like evidence. */
typedef struct
{
  AssayAuditSummary *summary;
  const char        *field;
  AssayTextAutosave  autosave;
} TextField;

enum {
  TEXT_STRENGTHS,
  TEXT_DEVELOPMENT,
  TEXT_FEEDBACK,
  N_TEXTS
};

/* The override dropdown: the derived grade, then the four grades. */
static const AssayGrade override_grades[] = {
  ASSAY_GRADE_NONE,
  ASSAY_GRADE_GOLD,
  ASSAY_GRADE_SILVER,
  ASSAY_GRADE_BRONZE,
  ASSAY_GRADE_NOT_YET_BRONZE,
};

struct _AssayAuditSummary
{
  AdwBin       parent_instance;

  /* Template widgets */
  GtkLabel    *overall_pill;
  GtkLabel    *overall_label;
  GtkWidget   *limits_group;
  GtkListBox  *limits_list;
  AdwComboRow *override_row;
  AdwEntryRow *reason_row;
  GtkTextView *strengths_view;
  GtkTextView *development_view;
  GtkTextView *feedback_view;
  GtkListBox  *actions_list;
  GtkWidget   *new_action_group;
  AdwEntryRow *what_row;
  AdwEntryRow *owner_row;
  AdwEntryRow *due_row;
  GtkLabel    *finish_hint;

  AssayAudit  *audit;
  TextField    texts[N_TEXTS];
  guint        override_source;
  gboolean     building;
};

G_DEFINE_FINAL_TYPE (AssayAuditSummary, assay_audit_summary, ADW_TYPE_BIN)

enum {
  CHANGED,
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_toast (AssayAuditSummary *self,
            const char        *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

static const char *
grade_label (AssayAuditSummary *self,
             AssayGrade         grade)
{
  return assay_grade_label_for_checklist (assay_audit_get_framework (self->audit), grade);
}

static gboolean
has_lines (AssayAuditSummary *self)
{
  return self->audit != NULL &&
         assay_framework_has_provision_lines (assay_audit_get_framework (self->audit));
}

/* A colleague's audit, imported from their bundle, is theirs alone: it is
 * shown as it is, for moderation, never changed here */
static gboolean
is_own (AssayAuditSummary *self)
{
  return self->audit != NULL && assay_audit_is_own (self->audit);
}

static gboolean
is_editable (AssayAuditSummary *self)
{
  return self->audit != NULL && is_own (self) &&
         assay_audit_get_status (self->audit) == ASSAY_AUDIT_STATUS_DRAFT;
}

static void
save_text (AssayTextAutosave *autosave,
           gpointer           user_data)
{
  TextField *text = user_data;
  AssayAuditSummary *self = text->summary;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  if (self->audit == NULL)
    return;

  value = assay_text_autosave_take_text (autosave);
  if (g_strcmp0 (value, assay_audit_get_text (self->audit, text->field) ?: "") == 0)
    return;

  if (!assay_audit_set_text (self->audit, text->field, value, &error))
    {
      show_toast (self, error->message);
      return;
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

/* The override being considered is kept with the audit as it changes, so
 * it survives a lock or a crash before Finish. */
static void
save_pending_override (AssayAuditSummary *self)
{
  g_autoptr(GError) error = NULL;
  guint selected;
  AssayGrade grade;

  g_clear_handle_id (&self->override_source, g_source_remove);

  if (self->audit == NULL || self->building || !is_editable (self))
    return;

  selected = adw_combo_row_get_selected (self->override_row);
  grade = selected > 0 && selected < G_N_ELEMENTS (override_grades) ? override_grades[selected]
                                                                   : ASSAY_GRADE_NONE;

  if (!assay_audit_set_pending_override (self->audit, grade,
                                         gtk_editable_get_text (GTK_EDITABLE (self->reason_row)),
                                         &error))
    show_toast (self, error->message);
}

static gboolean
save_pending_override_cb (gpointer user_data)
{
  AssayAuditSummary *self = user_data;

  self->override_source = 0;
  save_pending_override (self);

  return G_SOURCE_REMOVE;
}

static void
on_override_changed (AssayAuditSummary *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_row), "error");
  if (!self->building)
    save_pending_override (self);
}

static void
on_reason_changed (AssayAuditSummary *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_row), "error");
  if (self->building || self->audit == NULL)
    return;

  g_clear_handle_id (&self->override_source, g_source_remove);
  self->override_source = g_timeout_add (REASON_SAVE_DELAY_MS, save_pending_override_cb, self);
}

static void
on_action_entry_activated (AssayAuditSummary *self,
                           AdwEntryRow       *row)
{
  /* Enter moves down the form and adds the action from its last field */
  if (row == self->what_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->owner_row));
  else if (row == self->owner_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->due_row));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "editor.add-action", NULL);
}

/* A reason the grade is no higher: what limits it, and the grade it is at */
static void
append_limit_row (AssayAuditSummary *self,
                  const char        *title,
                  const char        *subtitle,
                  AssayGrade         grade)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *pill = gtk_label_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (pill, "grade-pill");
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  assay_grade_pill_set (GTK_LABEL (pill), grade, grade_label (self, grade));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
  gtk_list_box_append (self->limits_list, row);
}

static void
update_overall (AssayAuditSummary *self,
                AssayGrading      *grading)
{
  gboolean draft = assay_audit_get_status (self->audit) == ASSAY_AUDIT_STATUS_DRAFT;
  const char *reason = NULL;
  AssayGrade final = assay_audit_get_final (self->audit, &reason);
  AssayGrade derived = assay_audit_get_derived (self->audit, grading);
  AssayGrade shown = final != ASSAY_GRADE_NONE && !draft ? final : derived;
  g_autofree char *text = NULL;

  assay_grade_pill_set (self->overall_pill, shown,
                        shown == ASSAY_GRADE_NONE ? _("Not graded") : grade_label (self, shown));

  if (!draft && final != ASSAY_GRADE_NONE && final != derived)
    /* Translators: the derived grade, then the moderator's reason for overriding it */
    text = g_strdup_printf (_("Final grade, given instead of the derived %s: “%s”"),
                            grade_label (self, derived), reason != NULL ? reason : "");
  else if (!draft)
    text = g_strdup (_("Final grade, derived from the weighted section grades."));
  else if (grading->n_graded == 0)
    text = g_strdup (_("Nothing is graded yet. The overall grade is worked out from the "
                       "section grades as you go."));
  else if (!grading->complete)
    {
      g_autofree char *open_lines = assay_audit_lines_describe_open (self->audit);
      g_autofree char *running = NULL;

      if (grading->ungraded->len > 0)
        running = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Running grade over what is graded so far; "
                                                "%u criterion is still to grade.",
                                                "Running grade over what is graded so far; "
                                                "%u criteria are still to grade.",
                                                grading->ungraded->len),
                                   grading->ungraded->len);
      else
        running = g_strdup (_("Running grade over what is graded so far."));
      text = open_lines != NULL ? g_strconcat (running, " ", open_lines, NULL)
                                : g_steal_pointer (&running);
    }
  else
    text = g_strdup (_("Derived from the weighted section grades. Every criterion is graded."));
  gtk_label_set_text (self->overall_label, text);
}

/* Why the grade is no higher */
static void
update_limits (AssayAuditSummary *self,
               AssayGrading      *grading)
{
  AssayFramework *framework = assay_audit_get_framework (self->audit);

  /* The limiting criteria, in their words... */
  assay_gui_list_box_clear (self->limits_list);
  for (guint i = 0; i < grading->limited_by->len; i++)
    {
      const char *id = grading->limited_by->pdata[i];
      const AssayCriterion *criterion = assay_framework_lookup_criterion (framework, id, NULL);
      AssayGrade grade = assay_audit_get_grade (self->audit, id, NULL);
      g_autofree char *subtitle = NULL;
      AssayGrade cap;

      cap = assay_framework_get_cap (framework, criterion, grade);
      if (criterion->statutory && criterion->source != NULL)
        /* Translators: a criterion id, its legal source, and the grade it caps the overall
         * grade at */
        subtitle = g_strdup_printf (_("%s · statutory (%s) · caps the overall grade at %s"), id,
                                    criterion->source, grade_label (self, cap));
      else if (criterion->local_rule)
        /* Translators: a criterion id, and the grade it caps the overall grade at */
        subtitle = g_strdup_printf (_("%s · local rule · caps the overall grade at %s"), id,
                                    grade_label (self, cap));
      else
        /* Translators: a criterion id, and the grade it caps the overall grade at */
        subtitle = g_strdup_printf (_("%s · caps the overall grade at %s"), id,
                                    grade_label (self, cap));
      append_limit_row (self, criterion != NULL ? criterion->text : id, subtitle, grade);
    }
  /* ...and in a setting visit, the provision lines not fully delivered */
  for (guint i = 0; i < grading->limited_by_lines->len; i++)
    {
      AssayGrade cap = ASSAY_GRADE_GOLD;
      g_autofree char *title = assay_audit_lines_describe_limit (
        self->audit, grading->limited_by_lines->pdata[i], &cap);
      g_autofree char *subtitle = NULL;

      if (title == NULL)
        continue;
      /* Translators: the grade a provision line caps the overall grade at */
      subtitle = g_strdup_printf (_("Caps the overall grade at %s"), grade_label (self, cap));
      append_limit_row (self, title, subtitle, cap);
    }
  gtk_widget_set_visible (self->limits_group, grading->limited_by->len > 0 ||
                                              grading->limited_by_lines->len > 0);
}

static void
update_override (AssayAuditSummary  *self,
                 AssayGrading       *grading)
{
  gboolean editable = is_editable (self);

  /* The override is only stored by finishing: while finished, show it. */
  if (assay_audit_get_status (self->audit) != ASSAY_AUDIT_STATUS_DRAFT)
    {
      const char *reason = NULL;
      AssayGrade final = assay_audit_get_final (self->audit, &reason);
      AssayGrade derived = assay_audit_get_derived (self->audit, grading);
      guint selected = 0;

      for (guint i = 1; i < G_N_ELEMENTS (override_grades); i++)
        if (final != derived && override_grades[i] == final)
          selected = i;

      self->building = TRUE;
      adw_combo_row_set_selected (self->override_row, selected);
      gtk_editable_set_text (GTK_EDITABLE (self->reason_row),
                             final != derived && reason != NULL ? reason : "");
      self->building = FALSE;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->override_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reason_row), editable);
}

static void
update_texts (AssayAuditSummary *self)
{
  gboolean editable = is_editable (self);

  for (guint i = 0; i < N_TEXTS; i++)
    {
      TextField *field = &self->texts[i];

      assay_text_autosave_show (&field->autosave,
                                assay_audit_get_text (self->audit, field->field));
      gtk_text_view_set_editable (field->autosave.view, editable);
    }
}

static void
update_actions_list (AssayAuditSummary *self)
{
  guint n_actions;

  assay_gui_list_box_clear (self->actions_list);
  n_actions = assay_audit_get_n_actions (self->audit);
  for (guint i = 0; i < n_actions; i++)
    {
      const char *what, *owner, *due;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *subtitle = NULL;
      g_autofree char *remove_label = NULL;

      assay_audit_get_action (self->audit, i, &what, &owner, &due);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what ?: "");
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      if (due != NULL)
        /* Translators: who owns an action · when it is due */
        subtitle = g_strdup_printf (_("%s · due %s"), owner ?: "", due);
      else
        subtitle = g_strdup (owner ?: "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove Action"));
      /* Translators: %s is what an action is about */
      remove_label = g_strdup_printf (_("Remove action: %s"), what ?: "");
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                      -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "editor.remove-action");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u", i);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->actions_list, row);
    }
  if (n_actions == 0)
    gtk_list_box_append (self->actions_list,
                         assay_gui_list_box_placeholder_new (_("No actions yet")));
  gtk_widget_set_visible (self->new_action_group, is_editable (self));
}

static void
update_finish_hint (AssayAuditSummary  *self,
                    AssayGrading       *grading)
{
  if (!is_own (self))
    gtk_label_set_text (self->finish_hint, _("Only the moderator who made this audit can "
                                             "change it."));
  else if (!is_editable (self))
    gtk_label_set_text (self->finish_hint, _("Finished. Reopen the audit to change it."));
  else if (!grading->complete && has_lines (self))
    gtk_label_set_text (self->finish_hint,
                        _("Every criterion needs a grade, or N/A where allowed, and the visit "
                          "at least one provision line, each with its delivery recorded, "
                          "before it can be finished."));
  else if (!grading->complete)
    gtk_label_set_text (self->finish_hint,
                        _("Every criterion needs a grade, or N/A where allowed, before the "
                          "audit can be finished."));
  else
    gtk_label_set_text (self->finish_hint,
                        _("Finishing makes the audit read-only; it can be reopened with a "
                          "reason."));
}

void
assay_audit_summary_update (AssayAuditSummary *self,
                            AssayGrading      *grading)
{
  g_return_if_fail (ASSAY_IS_AUDIT_SUMMARY (self));
  g_return_if_fail (self->audit != NULL);

  update_overall (self, grading);
  update_limits (self, grading);
  update_override (self, grading);
  update_texts (self);
  update_actions_list (self);
  update_finish_hint (self, grading);
}

void
assay_audit_summary_set_audit (AssayAuditSummary *self,
                               AssayAudit        *audit)
{
  g_autoptr(GtkStringList) choices = NULL;
  AssayFramework *framework;
  const char *pending_reason = NULL;
  AssayGrade pending;
  guint selected = 0;

  g_return_if_fail (ASSAY_IS_AUDIT_SUMMARY (self));
  g_return_if_fail (audit == NULL || ASSAY_IS_AUDIT (audit));

  g_set_object (&self->audit, audit);
  if (audit == NULL)
    return;

  framework = assay_audit_get_framework (audit);
  self->building = TRUE;

  adw_preferences_group_set_description (
    ADW_PREFERENCES_GROUP (self->limits_group),
    has_lines (self) ? _("Limiting criteria graded this low, and provision lines not fully "
                         "delivered, cap the overall grade, whatever the other grades.")
                     : _("Limiting criteria graded this low cap the overall grade, whatever "
                         "the other grades."));

  choices = gtk_string_list_new (NULL);
  gtk_string_list_append (choices, _("The derived grade"));
  for (guint i = 1; i < G_N_ELEMENTS (override_grades); i++)
    gtk_string_list_append (choices, assay_grade_label (framework, override_grades[i]));
  adw_combo_row_set_model (self->override_row, G_LIST_MODEL (choices));

  /* Back to the override the moderator was considering. */
  pending = assay_audit_get_pending_override (audit, &pending_reason);
  for (guint i = 1; i < G_N_ELEMENTS (override_grades); i++)
    if (override_grades[i] == pending)
      selected = i;
  adw_combo_row_set_selected (self->override_row, selected);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row),
                         pending_reason != NULL ? pending_reason : "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_row), "error");

  for (guint i = 0; i < N_TEXTS; i++)
    assay_text_autosave_reset (&self->texts[i].autosave);

  gtk_editable_set_text (GTK_EDITABLE (self->what_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->owner_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->due_row), "");

  self->building = FALSE;
}

void
assay_audit_summary_flush_override (AssayAuditSummary *self)
{
  g_return_if_fail (ASSAY_IS_AUDIT_SUMMARY (self));

  if (self->override_source != 0)
    save_pending_override (self);
}

void
assay_audit_summary_flush_texts (AssayAuditSummary *self)
{
  g_return_if_fail (ASSAY_IS_AUDIT_SUMMARY (self));

  for (guint i = 0; i < N_TEXTS; i++)
    assay_text_autosave_flush (&self->texts[i].autosave);
}

static char *
get_entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

gboolean
assay_audit_summary_add_action (AssayAuditSummary  *self,
                                GError            **error)
{
  g_autofree char *what = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *due = NULL;

  g_return_val_if_fail (ASSAY_IS_AUDIT_SUMMARY (self), FALSE);
  g_return_val_if_fail (self->audit != NULL, FALSE);

  what = get_entry_text (self->what_row);
  owner = get_entry_text (self->owner_row);
  due = get_entry_text (self->due_row);

  if (!assay_audit_add_action (self->audit, what, owner, *due != '\0' ? due : NULL, error))
    {
      if (*what == '\0')
        gtk_widget_grab_focus (GTK_WIDGET (self->what_row));
      else if (*owner == '\0')
        gtk_widget_grab_focus (GTK_WIDGET (self->owner_row));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->due_row));
      return FALSE;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->what_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->owner_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->due_row), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->what_row));

  return TRUE;
}

gboolean
assay_audit_summary_finish (AssayAuditSummary  *self,
                            GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  guint selected;
  AssayGrade override;

  g_return_val_if_fail (ASSAY_IS_AUDIT_SUMMARY (self), FALSE);
  g_return_val_if_fail (self->audit != NULL, FALSE);

  selected = adw_combo_row_get_selected (self->override_row);
  override = selected < G_N_ELEMENTS (override_grades) ? override_grades[selected]
                                                       : ASSAY_GRADE_NONE;

  if (!assay_audit_finish (self->audit, override,
                           gtk_editable_get_text (GTK_EDITABLE (self->reason_row)),
                           &local_error))
    {
      if (g_error_matches (local_error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_REASON_REQUIRED))
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->reason_row), "error");
          gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

void
assay_audit_summary_reset_override (AssayAuditSummary *self)
{
  g_return_if_fail (ASSAY_IS_AUDIT_SUMMARY (self));

  /* The old override is not carried over: finishing again decides anew. */
  adw_combo_row_set_selected (self->override_row, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
}

static void
assay_audit_summary_dispose (GObject *object)
{
  AssayAuditSummary *self = ASSAY_AUDIT_SUMMARY (object);

  /* The editor saves what is pending before it lets go of the summary. */
  g_clear_handle_id (&self->override_source, g_source_remove);
  for (guint i = 0; i < N_TEXTS; i++)
    assay_text_autosave_cancel (&self->texts[i].autosave);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_AUDIT_SUMMARY);
  g_clear_object (&self->audit);

  G_OBJECT_CLASS (assay_audit_summary_parent_class)->dispose (object);
}

static void
assay_audit_summary_class_init (AssayAuditSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_audit_summary_dispose;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[TOAST] =
    g_signal_new ("toast",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-audit-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayAuditSummary, overall_pill);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditSummary, overall_label);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditSummary, limits_group);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditSummary, limits_list);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditSummary, override_row);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditSummary, reason_row);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditSummary, strengths_view);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditSummary, development_view);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditSummary, feedback_view);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditSummary, actions_list);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditSummary, new_action_group);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditSummary, what_row);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditSummary, owner_row);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditSummary, due_row);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditSummary, finish_hint);
  gtk_widget_class_bind_template_callback (widget_class, on_override_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_action_entry_activated);
}

static void
assay_audit_summary_init (AssayAuditSummary *self)
{
  GtkTextView *views[N_TEXTS];
  static const char * const fields[N_TEXTS] = {
    ASSAY_AUDIT_STRENGTHS,
    ASSAY_AUDIT_DEVELOPMENT,
    ASSAY_AUDIT_FEEDBACK,
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  views[TEXT_STRENGTHS] = self->strengths_view;
  views[TEXT_DEVELOPMENT] = self->development_view;
  views[TEXT_FEEDBACK] = self->feedback_view;

  for (guint i = 0; i < N_TEXTS; i++)
    {
      TextField *text = &self->texts[i];

      text->summary = self;
      text->field = fields[i];
      assay_text_autosave_init (&text->autosave, views[i], TEXT_SAVE_DELAY_MS, save_text, text);
    }
}

AdwComboRow *
_assay_audit_summary_get_override_row (AssayAuditSummary *self)
{
  return self->override_row;
}

GtkEditable *
_assay_audit_summary_get_reason_row (AssayAuditSummary *self)
{
  return GTK_EDITABLE (self->reason_row);
}

GtkTextView *
_assay_audit_summary_get_text_view (AssayAuditSummary *self,
                                    const char        *field)
{
  for (guint i = 0; i < N_TEXTS; i++)
    if (g_strcmp0 (self->texts[i].field, field) == 0)
      return self->texts[i].autosave.view;

  g_return_val_if_reached (NULL);
}

GtkEditable *
_assay_audit_summary_get_action_row (AssayAuditSummary *self,
                                     const char        *part)
{
  if (g_strcmp0 (part, "what") == 0)
    return GTK_EDITABLE (self->what_row);
  if (g_strcmp0 (part, "owner") == 0)
    return GTK_EDITABLE (self->owner_row);
  if (g_strcmp0 (part, "due") == 0)
    return GTK_EDITABLE (self->due_row);

  g_return_val_if_reached (NULL);
}

GtkListBox *
_assay_audit_summary_get_limits_list (AssayAuditSummary *self)
{
  return self->limits_list;
}
