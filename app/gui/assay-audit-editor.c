/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-agency.h"
#include "assay-grade-label.h"
#include "assay-audit-editor-private.h"
#include "assay-criterion-row.h"
#include "assay-grade-buttons.h"
#include "assay-gui-util.h"
#include "assay-provision-lines.h"

/* As for evidence notes: a revision per pause in typing, not per key. */
#define TEXT_SAVE_DELAY_MS 700
/* Other pages show running grades; they hear of changes in batches. */
#define CHANGED_DELAY_MS 400

/* The summary's free text, saved as it is typed like evidence. */
typedef struct
{
  const char  *field;
  GtkTextView *view;
  guint        source;
  gboolean     dirty;
  gboolean     syncing;
} TextField;

enum {
  TEXT_STRENGTHS,
  TEXT_DEVELOPMENT,
  TEXT_FEEDBACK,
  N_TEXTS
};

/* A setting visit's provision lines have a page of their own, before the
 * sections: its sidebar row comes first. Sections keep their numbers, and
 * the number of sections is still the summary. */
#define PAGE_LINES G_MAXUINT

/* The override dropdown: the derived grade, then the four grades. */
static const AssayGrade override_grades[] = {
  ASSAY_GRADE_NONE,
  ASSAY_GRADE_GOLD,
  ASSAY_GRADE_SILVER,
  ASSAY_GRADE_BRONZE,
  ASSAY_GRADE_NOT_YET_BRONZE,
};

/* The audit checklist: sections, criteria, grades and evidence, and the summary. */
struct _AssayAuditEditor
{
  AdwBin           parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkLabel        *case_label;
  GtkLabel        *framework_label;
  GtkLabel        *progress_label;
  GtkLabel        *status_label;
  GtkRevealer     *finished_revealer;
  GtkLabel        *finished_label;
  GtkWidget       *reopen_button;
  AdwLeaflet      *leaflet;
  GtkWidget       *sections_pane;
  GtkListBox      *sections_list;
  GtkStack        *page_stack;
  GtkScrolledWindow *criteria_scroller;
  GtkScrolledWindow *summary_scroller;
  GtkScrolledWindow *lines_scroller;
  AssayProvisionLines *provision_lines;
  GtkLabel        *section_title;
  GtkLabel        *section_meta;
  GtkBox          *criteria_box;
  AdwButtonContent *next_section_content;
  GtkLabel        *overall_pill;
  GtkLabel        *overall_label;
  GtkWidget       *limits_group;
  GtkListBox      *limits_list;
  AdwComboRow     *override_row;
  AdwEntryRow     *reason_row;
  GtkTextView     *strengths_view;
  GtkTextView     *development_view;
  GtkTextView     *feedback_view;
  GtkListBox      *actions_list;
  GtkWidget       *new_action_group;
  AdwEntryRow     *what_row;
  AdwEntryRow     *owner_row;
  AdwEntryRow     *due_row;
  GtkLabel        *finish_hint;

  AssaySession    *session;
  AssayAudit      *audit;
  AssayGrading    *grading;

  /* Per section, the labels of its sidebar row */
  GPtrArray       *progress_labels;
  GPtrArray       *grade_labels;
  GtkLabel        *summary_grade_label;
  GtkLabel        *lines_progress_label;
  GtkLabel        *lines_grade_label;
  /* The criterion rows of the section on screen */
  GPtrArray       *rows;
  guint            page;

  TextField        texts[N_TEXTS];
  guint            changed_source;
  char            *last_toast;
  AdwToast        *toast;     /* weak */
  guint            override_source;
  gboolean         building;
};

G_DEFINE_FINAL_TYPE (AssayAuditEditor, assay_audit_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_AUDIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void show_page (AssayAuditEditor *self,
                       guint             page);

static gboolean
has_lines (AssayAuditEditor *self)
{
  return self->audit != NULL &&
         assay_framework_has_provision_lines (assay_audit_get_framework (self->audit));
}

static int
row_of_page (AssayAuditEditor *self,
             guint             page)
{
  if (page == PAGE_LINES)
    return has_lines (self) ? 0 : -1;

  return (int) page + (has_lines (self) ? 1 : 0);
}

static guint
page_of_row (AssayAuditEditor *self,
             int               row)
{
  if (!has_lines (self))
    return (guint) row;

  return row == 0 ? PAGE_LINES : (guint) row - 1;
}

/* The page before @page, if there is one. */
static gboolean
page_before (AssayAuditEditor *self,
             guint             page,
             guint            *before)
{
  if (page == PAGE_LINES || (page == 0 && !has_lines (self)))
    return FALSE;

  *before = page > 0 ? page - 1 : PAGE_LINES;

  return TRUE;
}

static void
show_toast (AssayAuditEditor *self,
            const char       *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);

  /* Only the newest message matters: one about a grade already put right
   * must not wait in the queue in front of it. */
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  g_set_weak_pointer (&self->toast, toast);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static const char *
grade_label (AssayAuditEditor *self,
             AssayGrade        grade)
{
  if (grade == ASSAY_GRADE_NA)
    return _("N/A");
  if (grade == ASSAY_GRADE_NONE)
    return _("Not graded");

  return assay_grade_label (assay_audit_get_framework (self->audit), grade);
}

static void
set_grade_pill (GtkLabel   *label,
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

/* Shows a time stored as ISO 8601 UTC in the user's own time and words. */
static char *
format_date (const char *iso)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso == NULL)
    return g_strdup ("");

  utc = g_date_time_new_from_iso8601 (iso, NULL);
  if (utc == NULL)
    return g_strdup (iso);

  local = g_date_time_to_local (utc);

  /* Translators: a date and time, see g_date_time_format() */
  return g_date_time_format (local, _("%e %B %Y at %H:%M"));
}

static gboolean
emit_changed_cb (gpointer user_data)
{
  AssayAuditEditor *self = user_data;

  self->changed_source = 0;
  if (self->session != NULL)
    assay_session_changed (self->session, "audits");

  return G_SOURCE_REMOVE;
}

static void
schedule_changed (AssayAuditEditor *self)
{
  if (self->changed_source == 0)
    self->changed_source = g_timeout_add (CHANGED_DELAY_MS, emit_changed_cb, self);
}

static void
flush_changed (AssayAuditEditor *self)
{
  if (self->changed_source != 0)
    {
      g_clear_handle_id (&self->changed_source, g_source_remove);
      emit_changed_cb (self);
    }
}

static char *
get_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
flush_text (AssayAuditEditor *self,
            TextField        *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_clear_handle_id (&text->source, g_source_remove);

  if (!text->dirty || self->audit == NULL)
    return;

  text->dirty = FALSE;
  value = get_view_text (text->view);
  if (g_strcmp0 (value, assay_audit_get_text (self->audit, text->field) ?: "") == 0)
    return;

  if (!assay_audit_set_text (self->audit, text->field, value, &error))
    {
      show_toast (self, error->message);
      return;
    }

  schedule_changed (self);
}

static gboolean
text_timeout_cb (gpointer user_data)
{
  TextField *text = user_data;
  AssayAuditEditor *self = g_object_get_data (G_OBJECT (text->view), "assay-editor");

  text->source = 0;
  flush_text (self, text);

  return G_SOURCE_REMOVE;
}

static void
on_text_changed (GtkTextBuffer *buffer,
                 TextField     *text)
{
  if (text->syncing)
    return;

  text->dirty = TRUE;
  g_clear_handle_id (&text->source, g_source_remove);
  text->source = g_timeout_add (TEXT_SAVE_DELAY_MS, text_timeout_cb, text);
}

static void
on_text_leave (GtkEventControllerFocus *controller,
               TextField               *text)
{
  AssayAuditEditor *self = g_object_get_data (G_OBJECT (text->view), "assay-editor");

  flush_text (self, text);
}

static gboolean is_editable (AssayAuditEditor *self);

/* The override being considered is kept with the audit as it changes, so
 * it survives a lock or a crash before Finish. */
static void
save_pending_override (AssayAuditEditor *self)
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
  AssayAuditEditor *self = user_data;

  self->override_source = 0;
  save_pending_override (self);

  return G_SOURCE_REMOVE;
}

/* Everything typed and not saved yet is saved now: before the audit on
 * screen changes, the session ends or the editor goes away. */
static void
flush_all (AssayAuditEditor *self)
{
  if (self->override_source != 0)
    save_pending_override (self);

  for (guint i = 0; i < self->rows->len; i++)
    assay_criterion_row_flush (self->rows->pdata[i]);
  assay_provision_lines_flush (self->provision_lines);

  for (guint i = 0; i < N_TEXTS; i++)
    flush_text (self, &self->texts[i]);

  flush_changed (self);
}

/* A colleague's audit, imported from their bundle, is theirs alone: it is
 * shown as it is, for moderation, never changed here */
static gboolean
is_own (AssayAuditEditor *self)
{
  return self->audit != NULL && assay_audit_is_own (self->audit);
}

static gboolean
is_editable (AssayAuditEditor *self)
{
  return self->audit != NULL && is_own (self) &&
         assay_audit_get_status (self->audit) == ASSAY_AUDIT_STATUS_DRAFT;
}

static void
update_actions (AssayAuditEditor *self)
{
  gboolean editable = is_editable (self);
  gboolean open = self->audit != NULL;
  guint n_sections = 0;
  guint before;

  if (open)
    n_sections = assay_framework_get_n_sections (assay_audit_get_framework (self->audit));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.grade", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.set-evidence", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-action", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.remove-action", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.finish", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.reopen",
                                 open && !editable && is_own (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.next-criterion", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.previous-criterion", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.next-section",
                                 open && (self->page < n_sections || self->page == PAGE_LINES));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.previous-section",
                                 open && page_before (self, self->page, &before));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.show-summary", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.show-sections", open);
}

static void
update_header (AssayAuditEditor *self)
{
  AssayFramework *framework = assay_audit_get_framework (self->audit);
  AssayAuditStatus status = assay_audit_get_status (self->audit);
  g_autofree char *framework_text = NULL;
  g_autofree char *progress = NULL;
  const char *status_text;

  gtk_label_set_text (self->case_label, assay_audit_get_case (self->audit));

  if (assay_audit_get_blind (self->audit))
    /* Translators: framework title, version; a blind audit */
    framework_text = g_strdup_printf (_("%s, version %s · blind"),
                                      assay_framework_get_title (framework),
                                      assay_framework_get_version (framework));
  else
    /* Translators: framework title, version */
    framework_text = g_strdup_printf (_("%s, version %s"),
                                      assay_framework_get_title (framework),
                                      assay_framework_get_version (framework));
  gtk_label_set_text (self->framework_label, framework_text);

  if (has_lines (self))
    /* Translators: how many criteria of a setting visit have a grade so far, then how many
     * of its provision lines have their delivery recorded */
    progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u of %u graded · %u of %u line recorded",
                                             "%u of %u graded · %u of %u lines recorded",
                                             self->grading->n_lines),
                                self->grading->n_graded, self->grading->n_criteria,
                                self->grading->n_lines - self->grading->n_lines_open,
                                self->grading->n_lines);
  else
    /* Translators: how many criteria of an audit have a grade so far */
    progress = g_strdup_printf (_("%u of %u graded"), self->grading->n_graded,
                                self->grading->n_criteria);
  gtk_label_set_text (self->progress_label, progress);

  switch (status)
    {
    case ASSAY_AUDIT_STATUS_DRAFT:
      status_text = C_("audit status", "Draft");
      break;
    case ASSAY_AUDIT_STATUS_FINISHED:
      status_text = C_("audit status", "Finished");
      break;
    case ASSAY_AUDIT_STATUS_MODERATED:
      status_text = C_("audit status", "Moderated");
      break;
    case ASSAY_AUDIT_STATUS_AGREED:
      status_text = C_("audit status", "Agreed");
      break;
    default:
      status_text = "";
      break;
    }
  gtk_label_set_text (self->status_label, status_text);
  if (status == ASSAY_AUDIT_STATUS_DRAFT)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "draft");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "finished");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "finished");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "draft");
    }

  if (!is_own (self))
    {
      const char *name = assay_audit_get_moderator (self->audit);
      const char *agency = assay_audit_get_agency (self->audit);
      g_autofree char *text = NULL;

      if (name == NULL || *name == '\0')
        name = _("Another moderator");
      if (agency != NULL && *agency != '\0')
        /* Translators: a moderator's name, then their agency */
        text = g_strdup_printf (_("%s’s audit (%s) — read only"), name,
                                assay_agency_get_label (agency));
      else
        /* Translators: a moderator's name */
        text = g_strdup_printf (_("%s’s audit — read only"), name);
      gtk_label_set_text (self->finished_label, text);
    }
  else if (status != ASSAY_AUDIT_STATUS_DRAFT)
    {
      g_autofree char *when = format_date (assay_audit_get_finished (self->audit));
      g_autofree char *text = NULL;

      if (assay_audit_get_finished (self->audit) != NULL)
        /* Translators: %s is a date and time */
        text = g_strdup_printf (_("Finished on %s. Reopen it to make changes."), g_strstrip (when));
      else
        text = g_strdup (_("This audit is no longer a draft. Reopen it to make changes."));
      gtk_label_set_text (self->finished_label, text);
    }
  /* Reopening is for the audit's own moderator: for anyone else's it is not
   * a step that could become possible, so it is not offered at all */
  gtk_widget_set_visible (self->reopen_button, is_own (self));
  gtk_revealer_set_reveal_child (self->finished_revealer,
                                 status != ASSAY_AUDIT_STATUS_DRAFT || !is_own (self));
}

static void
section_progress (AssayAuditEditor *self,
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
  AssayGrade cap = assay_provision_lines_get_cap (self->provision_lines);
  g_autofree char *progress = NULL;
  g_autofree char *accessible = NULL;

  progress = g_strdup_printf ("%u/%u", recorded, n);
  gtk_label_set_text (self->lines_progress_label, progress);
  gtk_widget_set_visible (GTK_WIDGET (self->lines_grade_label), cap != ASSAY_GRADE_GOLD);
  set_grade_pill (self->lines_grade_label, cap, grade_label (self, cap));
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
                                  recorded, n, grade_label (self, cap));
  else
    /* Translators: how many provision lines are recorded, of how many */
    accessible = g_strdup_printf (_("Provision lines, %u of %u recorded"), recorded, n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
update_sections (AssayAuditEditor *self)
{
  AssayGrade overall;

  for (guint i = 0; i < self->progress_labels->len; i++)
    {
      g_autofree char *progress = NULL;
      g_autofree char *accessible = NULL;
      const AssaySection *section =
        assay_framework_get_section (assay_audit_get_framework (self->audit), i);
      GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->sections_list,
                                                                  row_of_page (self, i)));
      AssayGrade grade = self->grading->sections[i];
      guint graded, total;

      section_progress (self, i, &graded, &total);
      progress = g_strdup_printf ("%u/%u", graded, total);
      gtk_label_set_text (self->progress_labels->pdata[i], progress);
      set_grade_pill (self->grade_labels->pdata[i], grade,
                      grade == ASSAY_GRADE_NONE ? "–" : grade_label (self, grade));
      gtk_widget_set_tooltip_text (self->grade_labels->pdata[i],
                                   grade == ASSAY_GRADE_NONE ? _("Not graded yet")
                                                             : _("Running section grade"));

      /* Translators: a section, how many of its criteria are graded and its grade */
      accessible = g_strdup_printf (_("%s, %u of %u graded, %s"), section->title, graded, total,
                                    grade_label (self, grade));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                      -1);
    }

  if (self->lines_progress_label != NULL)
    update_lines_row (self);

  overall = assay_audit_get_final (self->audit, NULL);
  if (overall == ASSAY_GRADE_NONE)
    overall = self->grading->derived;
  set_grade_pill (self->summary_grade_label, overall,
                  overall == ASSAY_GRADE_NONE ? "–" : grade_label (self, overall));
}

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
new_placeholder_row (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);

  return label;
}

/* A reason the grade is no higher: what limits it, and the grade it is at */
static void
append_limit_row (AssayAuditEditor *self,
                  const char       *title,
                  const char       *subtitle,
                  AssayGrade        grade)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *pill = gtk_label_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (pill, "grade-pill");
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  set_grade_pill (GTK_LABEL (pill), grade, grade_label (self, grade));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
  gtk_list_box_append (self->limits_list, row);
}

static void
update_summary (AssayAuditEditor *self)
{
  AssayFramework *framework = assay_audit_get_framework (self->audit);
  AssayAuditStatus status = assay_audit_get_status (self->audit);
  gboolean draft = status == ASSAY_AUDIT_STATUS_DRAFT;
  gboolean editable = is_editable (self);
  const char *reason = NULL;
  AssayGrade final = assay_audit_get_final (self->audit, &reason);
  AssayGrade derived = assay_audit_get_derived (self->audit, self->grading);
  AssayGrade shown = final != ASSAY_GRADE_NONE && !draft ? final : derived;
  g_autofree char *text = NULL;
  guint n_actions;

  set_grade_pill (self->overall_pill, shown,
                  shown == ASSAY_GRADE_NONE ? _("Not graded") : grade_label (self, shown));

  if (!draft && final != ASSAY_GRADE_NONE && final != derived)
    /* Translators: the derived grade, then the moderator's reason for overriding it */
    text = g_strdup_printf (_("Final grade, given instead of the derived %s: “%s”"),
                            grade_label (self, derived), reason != NULL ? reason : "");
  else if (!draft)
    text = g_strdup (_("Final grade, derived from the weighted section grades."));
  else if (self->grading->n_graded == 0)
    text = g_strdup (_("Nothing is graded yet. The overall grade is worked out from the "
                       "section grades as you go."));
  else if (!self->grading->complete)
    {
      g_autofree char *open_lines = assay_provision_lines_describe_open (self->provision_lines);
      g_autofree char *running = NULL;

      if (self->grading->ungraded->len > 0)
        running = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Running grade over what is graded so far; "
                                                "%u criterion is still to grade.",
                                                "Running grade over what is graded so far; "
                                                "%u criteria are still to grade.",
                                                self->grading->ungraded->len),
                                   self->grading->ungraded->len);
      else
        running = g_strdup (_("Running grade over what is graded so far."));
      text = open_lines != NULL ? g_strconcat (running, " ", open_lines, NULL)
                                : g_steal_pointer (&running);
    }
  else
    text = g_strdup (_("Derived from the weighted section grades. Every criterion is graded."));
  gtk_label_set_text (self->overall_label, text);

  /* Why the grade is no higher: the limiting criteria, in their words. */
  clear_list_box (self->limits_list);
  for (guint i = 0; i < self->grading->limited_by->len; i++)
    {
      const char *id = self->grading->limited_by->pdata[i];
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
  for (guint i = 0; i < self->grading->limited_by_lines->len; i++)
    {
      AssayGrade cap = ASSAY_GRADE_GOLD;
      g_autofree char *title = assay_provision_lines_describe_limit (
        self->provision_lines, self->grading->limited_by_lines->pdata[i], &cap);
      g_autofree char *subtitle = NULL;

      if (title == NULL)
        continue;
      /* Translators: the grade a provision line caps the overall grade at */
      subtitle = g_strdup_printf (_("Caps the overall grade at %s"), grade_label (self, cap));
      append_limit_row (self, title, subtitle, cap);
    }
  gtk_widget_set_visible (self->limits_group, self->grading->limited_by->len > 0 ||
                                              self->grading->limited_by_lines->len > 0);

  /* The override is only stored by finishing: while finished, show it. */
  if (!draft)
    {
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

  for (guint i = 0; i < N_TEXTS; i++)
    {
      TextField *field = &self->texts[i];

      if (!field->dirty)
        {
          const char *stored = assay_audit_get_text (self->audit, field->field);
          g_autofree char *shown_text = get_view_text (field->view);

          if (g_strcmp0 (shown_text, stored ?: "") != 0)
            {
              field->syncing = TRUE;
              gtk_text_buffer_set_text (gtk_text_view_get_buffer (field->view), stored ?: "", -1);
              field->syncing = FALSE;
            }
        }
      gtk_text_view_set_editable (field->view, editable);
    }

  clear_list_box (self->actions_list);
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
    gtk_list_box_append (self->actions_list, new_placeholder_row (_("No actions yet")));
  gtk_widget_set_visible (self->new_action_group, editable);

  if (!is_own (self))
    gtk_label_set_text (self->finish_hint, _("Only the moderator who made this audit can "
                                             "change it."));
  else if (!editable)
    gtk_label_set_text (self->finish_hint, _("Finished. Reopen the audit to change it."));
  else if (!self->grading->complete && has_lines (self))
    gtk_label_set_text (self->finish_hint,
                        _("Every criterion needs a grade, or N/A where allowed, and the visit "
                          "at least one provision line, each with its delivery recorded, "
                          "before it can be finished."));
  else if (!self->grading->complete)
    gtk_label_set_text (self->finish_hint,
                        _("Every criterion needs a grade, or N/A where allowed, before the "
                          "audit can be finished."));
  else
    gtk_label_set_text (self->finish_hint,
                        _("Finishing makes the audit read-only; it can be reopened with a "
                          "reason."));
}

static void
update_rows (AssayAuditEditor *self)
{
  gboolean editable = is_editable (self);

  for (guint i = 0; i < self->rows->len; i++)
    {
      AssayCriterionRow *row = self->rows->pdata[i];
      const AssayCriterion *criterion = assay_criterion_row_get_criterion (row);
      const char *evidence = NULL;
      AssayGrade grade = assay_audit_get_grade (self->audit, criterion->id, &evidence);

      assay_criterion_row_update (row, grade, evidence);
      assay_criterion_row_set_editable (row, editable);
    }

  if (self->page < assay_framework_get_n_sections (assay_audit_get_framework (self->audit)))
    {
      const AssaySection *section =
        assay_framework_get_section (assay_audit_get_framework (self->audit), self->page);
      AssayGrade grade = self->grading->sections[self->page];
      g_autofree char *meta = NULL;
      guint graded, total;

      section_progress (self, self->page, &graded, &total);
      if (grade == ASSAY_GRADE_NONE)
        /* Translators: a section's weight in the overall grade, and its progress */
        meta = g_strdup_printf (_("Weight %u%% · %u of %u graded"),
                                section->weight, graded, total);
      else
        /* Translators: a section's weight, its progress and its running grade */
        meta = g_strdup_printf (_("Weight %u%% · %u of %u graded · section grade %s"),
                                section->weight, graded, total, grade_label (self, grade));
      gtk_label_set_text (self->section_meta, meta);
    }
}

/* After every change: the grades derived from what is stored now. */
static void
refresh (AssayAuditEditor *self)
{
  if (self->audit == NULL)
    return;

  g_clear_pointer (&self->grading, assay_grading_free);
  self->grading = assay_audit_compute (self->audit);

  update_header (self);
  update_sections (self);
  update_rows (self);
  update_summary (self);
  update_actions (self);
  /* Finishing and reopening make the lines read-only or editable again. */
  assay_provision_lines_refresh (self->provision_lines);
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

static void
build_sections (AssayAuditEditor *self)
{
  AssayFramework *framework = assay_audit_get_framework (self->audit);
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  GtkWidget *row;

  self->building = TRUE;

  clear_list_box (self->sections_list);
  g_ptr_array_set_size (self->progress_labels, 0);
  g_ptr_array_set_size (self->grade_labels, 0);
  self->lines_progress_label = NULL;
  self->lines_grade_label = NULL;

  if (has_lines (self))
    {
      row = new_section_row (self, _("Provision lines"), &self->lines_progress_label,
                             &self->lines_grade_label);
      gtk_list_box_append (self->sections_list, row);
    }
  adw_preferences_group_set_description (
    ADW_PREFERENCES_GROUP (self->limits_group),
    has_lines (self) ? _("Limiting criteria graded this low, and provision lines not fully "
                         "delivered, cap the overall grade, whatever the other grades.")
                     : _("Limiting criteria graded this low cap the overall grade, whatever "
                         "the other grades."));

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

  gtk_string_list_append (choices, _("The derived grade"));
  for (guint i = 1; i < G_N_ELEMENTS (override_grades); i++)
    gtk_string_list_append (choices, assay_grade_label (framework, override_grades[i]));
  adw_combo_row_set_model (self->override_row, G_LIST_MODEL (choices));
  {
    const char *pending_reason = NULL;
    AssayGrade pending = assay_audit_get_pending_override (self->audit, &pending_reason);
    guint selected = 0;

    /* Back to the override the moderator was considering. */
    for (guint i = 1; i < G_N_ELEMENTS (override_grades); i++)
      if (override_grades[i] == pending)
        selected = i;
    adw_combo_row_set_selected (self->override_row, selected);
    gtk_editable_set_text (GTK_EDITABLE (self->reason_row),
                           pending_reason != NULL ? pending_reason : "");
  }
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_row), "error");

  for (guint i = 0; i < N_TEXTS; i++)
    {
      self->texts[i].syncing = TRUE;
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->texts[i].view), "", -1);
      self->texts[i].syncing = FALSE;
      self->texts[i].dirty = FALSE;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->what_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->owner_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->due_row), "");

  self->building = FALSE;
}

static void
clear_rows (AssayAuditEditor *self)
{
  GtkWidget *child;

  for (guint i = 0; i < self->rows->len; i++)
    assay_criterion_row_flush (self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->criteria_box))) != NULL)
    gtk_box_remove (self->criteria_box, child);
}

static void
scroll_to_top (GtkScrolledWindow *scroller)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
show_page (AssayAuditEditor *self,
           guint             page)
{
  AssayFramework *framework = assay_audit_get_framework (self->audit);
  guint n_sections = assay_framework_get_n_sections (framework);
  const AssaySection *section;

  clear_rows (self);

  if (page == PAGE_LINES && has_lines (self))
    {
      self->page = PAGE_LINES;
      gtk_stack_set_visible_child_name (self->page_stack, "lines");
      scroll_to_top (self->lines_scroller);
      refresh (self);
      return;
    }

  self->page = MIN (page, n_sections);

  if (self->page == n_sections)
    {
      gtk_stack_set_visible_child_name (self->page_stack, "summary");
      scroll_to_top (self->summary_scroller);
      refresh (self);
      return;
    }

  section = assay_framework_get_section (framework, self->page);
  gtk_label_set_text (self->section_title, section->title);

  for (guint i = 0; i < section->criteria->len; i++)
    {
      GtkWidget *row = assay_criterion_row_new (framework, section->criteria->pdata[i]);

      gtk_box_append (self->criteria_box, row);
      g_ptr_array_add (self->rows, row);
    }

  if (self->page + 1 < n_sections)
    adw_button_content_set_label (self->next_section_content, _("Next Section"));
  else
    adw_button_content_set_label (self->next_section_content, _("Summary"));

  gtk_stack_set_visible_child_name (self->page_stack, "criteria");
  scroll_to_top (self->criteria_scroller);
  refresh (self);
}

static int
focused_row (AssayAuditEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL)
    return -1;

  for (guint i = 0; i < self->rows->len; i++)
    if (gtk_widget_is_ancestor (focus, self->rows->pdata[i]))
      return (int) i;

  return -1;
}

static int
first_ungraded_row (AssayAuditEditor *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      const AssayCriterion *criterion = assay_criterion_row_get_criterion (self->rows->pdata[i]);

      if (assay_audit_get_grade (self->audit, criterion->id, NULL) == ASSAY_GRADE_NONE)
        return (int) i;
    }

  return self->rows->len > 0 ? 0 : -1;
}

/* Moves to @page, selecting its sidebar row, and puts the keyboard where
 * work continues: the first criterion still to grade, or the summary. */
static void
go_to_page (AssayAuditEditor *self,
            guint             page,
            gboolean          last_row)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sections_list,
                                                      row_of_page (self, page));

  if (row == NULL)
    return;

  if (gtk_list_box_get_selected_row (self->sections_list) != row)
    gtk_list_box_select_row (self->sections_list, row);
  else if (self->page != page)
    show_page (self, page);

  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->page_stack));

  if (self->page == PAGE_LINES)
    assay_provision_lines_focus (self->provision_lines);
  else if (self->rows->len > 0)
    {
      int index = last_row ? (int) self->rows->len - 1 : first_ungraded_row (self);

      assay_criterion_row_focus_grades (self->rows->pdata[index]);
    }
  else
    {
      gtk_widget_child_focus (GTK_WIDGET (self->summary_scroller), GTK_DIR_TAB_FORWARD);
    }
}

static void
on_section_selected (AssayAuditEditor *self,
                     GtkListBoxRow    *row)
{
  if (row == NULL || self->audit == NULL || self->building)
    return;

  show_page (self, page_of_row (self, gtk_list_box_row_get_index (row)));
}

static void
on_section_activated (AssayAuditEditor *self,
                      GtkListBoxRow    *row)
{
  /* Enter on a section goes into it, ready to grade */
  go_to_page (self, page_of_row (self, gtk_list_box_row_get_index (row)), FALSE);
}

static void
editor_grade_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  const char *criterion, *token;
  AssayGrade grade = ASSAY_GRADE_NONE;

  if (self->audit == NULL)
    return;

  g_variant_get (param, "(&s&s)", &criterion, &token);
  if (!assay_grade_from_token (token, &grade))
    grade = ASSAY_GRADE_NONE;

  if (!assay_audit_set_grade (self->audit, criterion, grade, NULL, &error))
    show_toast (self, error->message);
  else
    schedule_changed (self);

  /* Either way the buttons show what is stored. */
  refresh (self);
}

static void
editor_set_evidence_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  const char *criterion, *text, *stored = NULL;

  if (self->audit == NULL)
    return;

  g_variant_get (param, "(&s&s)", &criterion, &text);
  assay_audit_get_grade (self->audit, criterion, &stored);
  if (g_strcmp0 (text, stored ?: "") == 0)
    return;

  if (!assay_audit_set_evidence (self->audit, criterion, text, &error))
    {
      show_toast (self, error->message);
      return;
    }

  schedule_changed (self);
}

static void
move_criterion (AssayAuditEditor *self,
                int               step)
{
  guint n_sections = assay_framework_get_n_sections (assay_audit_get_framework (self->audit));
  int index = focused_row (self);
  guint before;
  int next;

  if (self->rows->len == 0)
    {
      /* From the summary, back means the last criterion of the checklist. */
      if (step < 0 && page_before (self, self->page, &before))
        go_to_page (self, before, TRUE);
      return;
    }

  if (index < 0)
    {
      assay_criterion_row_focus_grades (self->rows->pdata[step > 0 ? 0 : self->rows->len - 1]);
      return;
    }

  next = index + step;
  if (next >= 0 && next < (int) self->rows->len)
    {
      assay_criterion_row_flush (self->rows->pdata[index]);
      assay_criterion_row_focus_grades (self->rows->pdata[next]);
    }
  else if (next < 0 && page_before (self, self->page, &before))
    go_to_page (self, before, TRUE);
  else if (next >= (int) self->rows->len && self->page < n_sections)
    /* Past the last criterion of a section: the first of the next */
    go_to_page (self, self->page + 1, FALSE);
}

static void
editor_next_criterion_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  move_criterion (ASSAY_AUDIT_EDITOR (widget), 1);
}

static void
editor_previous_criterion_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  move_criterion (ASSAY_AUDIT_EDITOR (widget), -1);
}

static void
editor_next_section_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (widget);

  go_to_page (self, self->page == PAGE_LINES ? 0 : self->page + 1, FALSE);
}

static void
editor_previous_section_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (widget);
  guint before;

  if (page_before (self, self->page, &before))
    go_to_page (self, before, FALSE);
}

static void
editor_show_summary_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (widget);

  go_to_page (self, assay_framework_get_n_sections (assay_audit_get_framework (self->audit)),
              FALSE);
}

static void
editor_show_sections_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->sections_list);

  adw_leaflet_set_visible_child (self->leaflet, self->sections_pane);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static char *
get_entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
editor_add_action_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *what = get_entry_text (self->what_row);
  g_autofree char *owner = get_entry_text (self->owner_row);
  g_autofree char *due = get_entry_text (self->due_row);

  if (self->audit == NULL)
    return;

  if (!assay_audit_add_action (self->audit, what, owner, *due != '\0' ? due : NULL, &error))
    {
      show_toast (self, error->message);
      if (*what == '\0')
        gtk_widget_grab_focus (GTK_WIDGET (self->what_row));
      else if (*owner == '\0')
        gtk_widget_grab_focus (GTK_WIDGET (self->owner_row));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->due_row));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->what_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->owner_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->due_row), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->what_row));

  schedule_changed (self);
  refresh (self);
}

static void
on_action_entry_activated (AssayAuditEditor *self,
                           AdwEntryRow      *row)
{
  /* Enter moves down the form and adds the action from its last field */
  if (row == self->what_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->owner_row));
  else if (row == self->owner_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->due_row));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "editor.add-action", NULL);
}

static void
editor_remove_action_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (self->audit == NULL)
    return;

  if (!assay_audit_remove_action (self->audit, g_variant_get_uint32 (param), &error))
    {
      show_toast (self, error->message);
      return;
    }

  schedule_changed (self);
  refresh (self);
}

static void
on_override_changed (AssayAuditEditor *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_row), "error");
  if (!self->building)
    save_pending_override (self);
}

static void
on_reason_changed (AssayAuditEditor *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_row), "error");
  if (self->building || self->audit == NULL)
    return;

  /* Saved after a pause in typing, like the notes. */
  g_clear_handle_id (&self->override_source, g_source_remove);
  self->override_source = g_timeout_add (CHANGED_DELAY_MS, save_pending_override_cb, self);
}

static void
on_lines_changed (AssayAuditEditor *self)
{
  /* A line recorded moves the grade like a criterion graded. */
  schedule_changed (self);
  refresh (self);
}

static void
editor_finish_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  guint selected;
  AssayGrade override;

  if (self->audit == NULL)
    return;

  flush_all (self);

  selected = adw_combo_row_get_selected (self->override_row);
  override = selected < G_N_ELEMENTS (override_grades) ? override_grades[selected]
                                                       : ASSAY_GRADE_NONE;

  if (!assay_audit_finish (self->audit, override,
                           gtk_editable_get_text (GTK_EDITABLE (self->reason_row)), &error))
    {
      show_toast (self, error->message);

      if (g_error_matches (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_REASON_REQUIRED))
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->reason_row), "error");
          gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
        }
      else if (g_error_matches (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INCOMPLETE))
        {
          /* Take the moderator to what is missing */
          const char *first = self->grading->ungraded->len > 0 ? self->grading->ungraded->pdata[0]
                                                                : NULL;
          guint section = 0;

          if (first != NULL &&
              assay_framework_lookup_criterion (assay_audit_get_framework (self->audit),
                                                first, &section) != NULL)
            go_to_page (self, section, FALSE);
          else if (has_lines (self))
            go_to_page (self, PAGE_LINES, FALSE);
        }
      return;
    }

  show_toast (self, _("Audit finished"));
  flush_changed (self);
  schedule_changed (self);
  refresh (self);
}

static void
on_reopen_reason_changed (GtkEditable      *entry,
                          AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "reopen", *reason != '\0');
}

static void
on_reopen_entry_activated (GtkEntry         *entry,
                           AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "reopen"))
    adw_message_dialog_response (dialog, "reopen");
}

static void
on_reopen_response (AdwMessageDialog *dialog,
                    const char       *response,
                    AssayAuditEditor *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "reopen") != 0 || self->audit == NULL)
    return;

  if (!assay_audit_reopen (self->audit, gtk_editable_get_text (entry), &error))
    {
      show_toast (self, error->message);
      return;
    }

  show_toast (self, _("Audit reopened"));
  /* The old override is not carried over: finishing again decides anew. */
  adw_combo_row_set_selected (self->override_row, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  schedule_changed (self);
  refresh (self);
}

static void
editor_reopen_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (self->audit == NULL)
    return;

  dialog = adw_message_dialog_new (assay_gui_get_parent_window (widget),
                                   _("Reopen Audit?"),
                                   _("A finished audit is a record of what was decided. "
                                     "Say why it needs to change: the reason is kept with "
                                     "the audit."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reopen", _("_Reopen"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reopen",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reopen", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reopen");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason for reopening"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason for reopening"),
                                  -1);
  g_signal_connect (entry, "changed", G_CALLBACK (on_reopen_reason_changed), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (on_reopen_entry_activated), dialog);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reopen_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
assay_audit_editor_dispose (GObject *object)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (object);

  /* Closing the window saves what was typed: never lose a note. */
  if (self->audit != NULL)
    flush_all (self);
  g_clear_handle_id (&self->changed_source, g_source_remove);
  g_clear_handle_id (&self->override_source, g_source_remove);
  for (guint i = 0; i < N_TEXTS; i++)
    g_clear_handle_id (&self->texts[i].source, g_source_remove);

  g_ptr_array_set_size (self->rows, 0);
  /* The toast overlay is both AdwBin's child and a template child: let the
   * bin give it up first, so it is not unparented twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_AUDIT_EDITOR);
  g_clear_object (&self->audit);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (assay_audit_editor_parent_class)->dispose (object);
}

static void
assay_audit_editor_finalize (GObject *object)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (object);

  g_clear_pointer (&self->grading, assay_grading_free);
  g_clear_pointer (&self->progress_labels, g_ptr_array_unref);
  g_clear_pointer (&self->grade_labels, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_weak_pointer (&self->toast);

  G_OBJECT_CLASS (assay_audit_editor_parent_class)->finalize (object);
}

static void
assay_audit_editor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_AUDIT:
      g_value_set_object (value, self->audit);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_audit_editor_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      assay_audit_editor_set_session (self, g_value_get_object (value));
      break;

    case PROP_AUDIT:
      assay_audit_editor_set_audit (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_audit_editor_class_init (AssayAuditEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_audit_editor_dispose;
  object_class->finalize = assay_audit_editor_finalize;
  object_class->get_property = assay_audit_editor_get_property;
  object_class->set_property = assay_audit_editor_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         ASSAY_TYPE_SESSION,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_AUDIT] =
    g_param_spec_object ("audit", NULL, NULL,
                         ASSAY_TYPE_AUDIT,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-audit-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, case_label);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, framework_label);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, progress_label);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, finished_revealer);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, finished_label);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, sections_pane);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, sections_list);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, page_stack);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, criteria_scroller);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, summary_scroller);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, lines_scroller);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, provision_lines);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, section_title);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, section_meta);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, criteria_box);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, next_section_content);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, overall_pill);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, overall_label);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, limits_group);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, limits_list);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, override_row);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, reason_row);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, strengths_view);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, development_view);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, feedback_view);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, actions_list);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, new_action_group);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, what_row);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, owner_row);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, due_row);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, finish_hint);
  gtk_widget_class_bind_template_callback (widget_class, on_section_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_section_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_override_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_action_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_lines_changed);

  gtk_widget_class_install_action (widget_class, "editor.grade", "(ss)", editor_grade_action);
  gtk_widget_class_install_action (widget_class, "editor.set-evidence", "(ss)",
                                   editor_set_evidence_action);
  gtk_widget_class_install_action (widget_class, "editor.next-criterion", NULL,
                                   editor_next_criterion_action);
  gtk_widget_class_install_action (widget_class, "editor.previous-criterion", NULL,
                                   editor_previous_criterion_action);
  gtk_widget_class_install_action (widget_class, "editor.next-section", NULL,
                                   editor_next_section_action);
  gtk_widget_class_install_action (widget_class, "editor.previous-section", NULL,
                                   editor_previous_section_action);
  gtk_widget_class_install_action (widget_class, "editor.show-summary", NULL,
                                   editor_show_summary_action);
  gtk_widget_class_install_action (widget_class, "editor.show-sections", NULL,
                                   editor_show_sections_action);
  gtk_widget_class_install_action (widget_class, "editor.add-action", NULL,
                                   editor_add_action_action);
  gtk_widget_class_install_action (widget_class, "editor.remove-action", "u",
                                   editor_remove_action_action);
  gtk_widget_class_install_action (widget_class, "editor.finish", NULL, editor_finish_action);
  gtk_widget_class_install_action (widget_class, "editor.reopen", NULL, editor_reopen_action);

  g_type_ensure (ASSAY_TYPE_CRITERION_ROW);
  g_type_ensure (ASSAY_TYPE_PROVISION_LINES);
}

static GtkShortcut *
new_action_shortcut (guint            keyval,
                     GdkModifierType  modifiers,
                     const char      *action)
{
  return gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                           gtk_named_action_new (action));
}

static void
assay_audit_editor_init (AssayAuditEditor *self)
{
  GtkEventController *shortcuts;
  GtkTextView *views[N_TEXTS];
  static const char * const fields[N_TEXTS] = {
    ASSAY_AUDIT_STRENGTHS,
    ASSAY_AUDIT_DEVELOPMENT,
    ASSAY_AUDIT_FEEDBACK,
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->progress_labels = g_ptr_array_new ();
  self->grade_labels = g_ptr_array_new ();
  self->rows = g_ptr_array_new ();

  views[TEXT_STRENGTHS] = self->strengths_view;
  views[TEXT_DEVELOPMENT] = self->development_view;
  views[TEXT_FEEDBACK] = self->feedback_view;

  for (guint i = 0; i < N_TEXTS; i++)
    {
      TextField *text = &self->texts[i];
      GtkEventController *focus = gtk_event_controller_focus_new ();

      text->field = fields[i];
      text->view = views[i];
      g_object_set_data (G_OBJECT (text->view), "assay-editor", self);
      g_signal_connect (gtk_text_view_get_buffer (text->view), "changed",
                        G_CALLBACK (on_text_changed), text);
      g_signal_connect (focus, "leave", G_CALLBACK (on_text_leave), text);
      gtk_widget_add_controller (GTK_WIDGET (text->view), focus);
    }

  /* Capture, so Ctrl+Enter moves on even from inside a note, where plain
   * Enter starts a new line. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        new_action_shortcut (GDK_KEY_Return, GDK_CONTROL_MASK,
                                                             "editor.next-section"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        new_action_shortcut (GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                                             "editor.next-section"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        new_action_shortcut (GDK_KEY_Return,
                                                             GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                                             "editor.previous-section"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        new_action_shortcut (GDK_KEY_KP_Enter,
                                                             GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                                             "editor.previous-section"));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  update_actions (self);
}

AssaySession *
assay_audit_editor_get_session (AssayAuditEditor *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT_EDITOR (self), NULL);

  return self->session;
}

void
assay_audit_editor_set_session (AssayAuditEditor *self,
                                AssaySession     *session)
{
  g_return_if_fail (ASSAY_IS_AUDIT_EDITOR (self));
  g_return_if_fail (session == NULL || ASSAY_IS_SESSION (session));

  if (self->session == session)
    return;

  /* An audit belongs to the session it was opened in: save what is
   * pending to it, then let both go. */
  assay_audit_editor_set_audit (self, NULL);
  g_set_object (&self->session, session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

AssayAudit *
assay_audit_editor_get_audit (AssayAuditEditor *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT_EDITOR (self), NULL);

  return self->audit;
}

void
assay_audit_editor_set_audit (AssayAuditEditor *self,
                              AssayAudit       *audit)
{
  g_return_if_fail (ASSAY_IS_AUDIT_EDITOR (self));
  g_return_if_fail (audit == NULL || ASSAY_IS_AUDIT (audit));

  if (self->audit == audit)
    return;

  if (self->audit != NULL)
    {
      flush_all (self);
      clear_rows (self);
    }

  g_set_object (&self->audit, audit);
  g_clear_pointer (&self->grading, assay_grading_free);
  assay_provision_lines_set_audit (self->provision_lines, audit);

  if (audit != NULL)
    {
      AssayFramework *framework = assay_audit_get_framework (audit);
      g_autoptr(AssayGrading) grading = assay_audit_compute (audit);
      guint start = 0;

      /* Pick up where the moderator left off: a new visit starts with the
       * plan's provision lines. */
      if (has_lines (self) && grading->n_lines == 0 && grading->n_graded == 0)
        start = PAGE_LINES;
      else if (grading->ungraded->len > 0)
        assay_framework_lookup_criterion (framework, grading->ungraded->pdata[0], &start);
      else if (has_lines (self) && !grading->complete)
        start = PAGE_LINES;
      else if (grading->complete)
        start = assay_framework_get_n_sections (framework);

      build_sections (self);
      gtk_stack_set_visible_child_name (self->stack, "audit");
      self->building = TRUE;
      gtk_list_box_select_row (self->sections_list,
                               gtk_list_box_get_row_at_index (self->sections_list,
                                                              row_of_page (self, start)));
      self->building = FALSE;
      show_page (self, start);
    }
  else
    {
      clear_list_box (self->sections_list);
      g_ptr_array_set_size (self->progress_labels, 0);
      g_ptr_array_set_size (self->grade_labels, 0);
      self->lines_progress_label = NULL;
      self->lines_grade_label = NULL;
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_actions (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIT]);
}

/**
 * assay_audit_editor_focus_current:
 * @self: a #AssayAuditEditor
 *
 * Puts the keyboard on the criterion to grade next, as when the audit was
 * opened.
 */
void
assay_audit_editor_focus_current (AssayAuditEditor *self)
{
  g_return_if_fail (ASSAY_IS_AUDIT_EDITOR (self));

  if (self->audit != NULL)
    go_to_page (self, self->page, FALSE);
}

GtkListBox *
_assay_audit_editor_get_sections_list (AssayAuditEditor *self)
{
  return self->sections_list;
}

guint
_assay_audit_editor_get_n_rows (AssayAuditEditor *self)
{
  return self->rows->len;
}

AssayCriterionRow *
_assay_audit_editor_get_row (AssayAuditEditor *self,
                             guint             index)
{
  g_return_val_if_fail (index < self->rows->len, NULL);

  return self->rows->pdata[index];
}

guint
_assay_audit_editor_get_page (AssayAuditEditor *self)
{
  return self->page;
}

AdwComboRow *
_assay_audit_editor_get_override_row (AssayAuditEditor *self)
{
  return self->override_row;
}

GtkEditable *
_assay_audit_editor_get_reason_row (AssayAuditEditor *self)
{
  return GTK_EDITABLE (self->reason_row);
}

GtkTextView *
_assay_audit_editor_get_text_view (AssayAuditEditor *self,
                                   const char       *field)
{
  for (guint i = 0; i < N_TEXTS; i++)
    if (g_strcmp0 (self->texts[i].field, field) == 0)
      return self->texts[i].view;

  g_return_val_if_reached (NULL);
}

GtkEditable *
_assay_audit_editor_get_action_row (AssayAuditEditor *self,
                                    const char       *part)
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
_assay_audit_editor_get_limits_list (AssayAuditEditor *self)
{
  return self->limits_list;
}

GtkListBox *
_assay_audit_editor_get_actions_list (AssayAuditEditor *self)
{
  return self->actions_list;
}

GtkLabel *
_assay_audit_editor_get_finished_label (AssayAuditEditor *self)
{
  return self->finished_label;
}

AssayProvisionLines *
_assay_audit_editor_get_provision_lines (AssayAuditEditor *self)
{
  return self->provision_lines;
}

const char *
_assay_audit_editor_get_last_toast (AssayAuditEditor *self)
{
  return self->last_toast;
}
