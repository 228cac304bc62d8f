/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-agency.h"
#include "assay-audit-editor-private.h"
#include "assay-audit-status.h"
#include "assay-audit-summary-private.h"
#include "assay-criterion-row.h"
#include "assay-grade-label.h"
#include "assay-grade-pill.h"
#include "assay-gui-list.h"
#include "assay-gui-util.h"

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

gboolean
_assay_audit_editor_has_lines (AssayAuditEditor *self)
{
  return self->audit != NULL &&
         assay_framework_has_provision_lines (assay_audit_get_framework (self->audit));
}

/* The page before @page, if there is one. */
gboolean
_assay_audit_editor_page_before (AssayAuditEditor *self,
                                 guint             page,
                                 guint            *before)
{
  if (page == ASSAY_AUDIT_EDITOR_PAGE_LINES ||
      (page == 0 && !_assay_audit_editor_has_lines (self)))
    return FALSE;

  *before = page > 0 ? page - 1 : ASSAY_AUDIT_EDITOR_PAGE_LINES;

  return TRUE;
}

void
_assay_audit_editor_show_toast (AssayAuditEditor *self,
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

const char *
_assay_audit_editor_grade_label (AssayAuditEditor *self,
                                 AssayGrade        grade)
{
  return assay_grade_label_for_checklist (assay_audit_get_framework (self->audit), grade);
}

/* A colleague's audit, imported from their bundle, is theirs alone: it is
 * shown as it is, for moderation, never changed here */
gboolean
_assay_audit_editor_is_own (AssayAuditEditor *self)
{
  return self->audit != NULL && assay_audit_is_own (self->audit);
}

gboolean
_assay_audit_editor_is_editable (AssayAuditEditor *self)
{
  return self->audit != NULL && _assay_audit_editor_is_own (self) &&
         assay_audit_get_status (self->audit) == ASSAY_AUDIT_STATUS_DRAFT;
}

static void
update_header (AssayAuditEditor *self)
{
  AssayFramework *framework = assay_audit_get_framework (self->audit);
  AssayAuditStatus status = assay_audit_get_status (self->audit);
  g_autofree char *framework_text = NULL;
  g_autofree char *progress = NULL;

  gtk_label_set_text (self->case_ref_label, assay_audit_get_case (self->audit));

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

  if (_assay_audit_editor_has_lines (self))
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

  gtk_label_set_text (self->status_label, assay_audit_status_get_label (status));
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

  if (!_assay_audit_editor_is_own (self))
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
      const char *finished = assay_audit_get_finished (self->audit);
      g_autofree char *text = NULL;

      if (finished != NULL)
        {
          /* Translators: a date and time, see g_date_time_format() */
          g_autofree char *when = assay_gui_format_time (finished, _("%e %B %Y at %H:%M"));

          /* Translators: %s is a date and time */
          text = g_strdup_printf (_("Finished on %s. Reopen it to make changes."),
                                  when != NULL ? g_strstrip (when) : finished);
        }
      else
        text = g_strdup (_("This audit is no longer a draft. Reopen it to make changes."));
      gtk_label_set_text (self->finished_label, text);
    }
  /* Reopening is for the audit's own moderator: for anyone else's it is not
   * a step that could become possible, so it is not offered at all */
  gtk_widget_set_visible (self->reopen_button, _assay_audit_editor_is_own (self));
  gtk_revealer_set_reveal_child (self->finished_revealer,
                                 status != ASSAY_AUDIT_STATUS_DRAFT ||
                                 !_assay_audit_editor_is_own (self));
}

static void
update_rows (AssayAuditEditor *self)
{
  gboolean editable = _assay_audit_editor_is_editable (self);

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

      _assay_audit_editor_section_progress (self, self->page, &graded, &total);
      if (grade == ASSAY_GRADE_NONE)
        /* Translators: a section's weight in the overall grade, and its progress */
        meta = g_strdup_printf (_("Weight %u%% · %u of %u graded"),
                                section->weight, graded, total);
      else
        /* Translators: a section's weight, its progress and its running grade */
        meta = g_strdup_printf (_("Weight %u%% · %u of %u graded · section grade %s"),
                                section->weight, graded, total,
                                _assay_audit_editor_grade_label (self, grade));
      gtk_label_set_text (self->section_meta, meta);
    }
}

/* After every change: the grades derived from what is stored now. */
void
_assay_audit_editor_refresh (AssayAuditEditor *self)
{
  if (self->audit == NULL)
    return;

  g_clear_pointer (&self->grading, assay_grading_free);
  self->grading = assay_audit_compute (self->audit);

  update_header (self);
  _assay_audit_editor_sidebar_update (self);
  update_rows (self);
  assay_audit_summary_update (self->summary, self->grading);
  _assay_audit_editor_actions_update (self);
  /* Finishing and reopening make the lines read-only or editable again. */
  assay_provision_lines_refresh (self->provision_lines);
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

  if (page == ASSAY_AUDIT_EDITOR_PAGE_LINES && _assay_audit_editor_has_lines (self))
    {
      self->page = ASSAY_AUDIT_EDITOR_PAGE_LINES;
      gtk_stack_set_visible_child_name (self->page_stack, "lines");
      scroll_to_top (self->lines_scroller);
      _assay_audit_editor_refresh (self);
      return;
    }

  self->page = MIN (page, n_sections);

  if (self->page == n_sections)
    {
      gtk_stack_set_visible_child_name (self->page_stack, "summary");
      scroll_to_top (self->summary_scroller);
      _assay_audit_editor_refresh (self);
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
  _assay_audit_editor_refresh (self);
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
void
_assay_audit_editor_go_to_page (AssayAuditEditor *self,
                                guint             page,
                                gboolean          last_row)
{
  int index = _assay_audit_editor_row_of_page (self, page);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sections_list, index);

  if (row == NULL)
    return;

  if (gtk_list_box_get_selected_row (self->sections_list) != row)
    gtk_list_box_select_row (self->sections_list, row);
  else if (self->page != page)
    show_page (self, page);

  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->page_stack));

  if (self->page == ASSAY_AUDIT_EDITOR_PAGE_LINES)
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

  show_page (self, _assay_audit_editor_page_of_row (self, gtk_list_box_row_get_index (row)));
}

static void
on_section_activated (AssayAuditEditor *self,
                      GtkListBoxRow    *row)
{
  int index = gtk_list_box_row_get_index (row);

  /* Enter on a section goes into it, ready to grade */
  _assay_audit_editor_go_to_page (self, _assay_audit_editor_page_of_row (self, index), FALSE);
}

static void
on_lines_changed (AssayAuditEditor *self)
{
  /* A line recorded moves the grade like a criterion graded. */
  _assay_audit_editor_schedule_changed (self);
  _assay_audit_editor_refresh (self);
}

static void
on_summary_changed (AssayAuditEditor *self)
{
  _assay_audit_editor_schedule_changed (self);
}

static void
on_summary_toast (AssayAuditEditor *self,
                  const char       *message)
{
  _assay_audit_editor_show_toast (self, message);
}

static void
assay_audit_editor_dispose (GObject *object)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (object);

  /* Closing the window saves what was typed: never lose a note. */
  if (self->audit != NULL)
    _assay_audit_editor_flush_all (self);
  g_clear_handle_id (&self->changed_source, g_source_remove);

  g_ptr_array_set_size (self->rows, 0);
  /* The toast overlay is both AdwBin's child and a template child: let the
   * bin give it up first, so it is not unparented twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_AUDIT_EDITOR);
  if (self->audit != NULL)
    assay_audit_set_coalesce (self->audit, FALSE);
  g_clear_object (&self->audit);
  _assay_audit_editor_watch_vault (self, NULL);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (assay_audit_editor_parent_class)->dispose (object);
}

static void
assay_audit_editor_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (assay_audit_editor_parent_class)->root (widget);

  _assay_audit_editor_watch_window (ASSAY_AUDIT_EDITOR (widget), gtk_widget_get_root (widget));
}

static void
assay_audit_editor_unroot (GtkWidget *widget)
{
  _assay_audit_editor_watch_window (ASSAY_AUDIT_EDITOR (widget), NULL);

  GTK_WIDGET_CLASS (assay_audit_editor_parent_class)->unroot (widget);
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
  widget_class->root = assay_audit_editor_root;
  widget_class->unroot = assay_audit_editor_unroot;

  properties[PROP_SESSION] = assay_gui_param_spec_object ("session", ASSAY_TYPE_SESSION);
  properties[PROP_AUDIT] = assay_gui_param_spec_object ("audit", ASSAY_TYPE_AUDIT);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-audit-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, case_ref_label);
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
  gtk_widget_class_bind_template_child (widget_class, AssayAuditEditor, summary);
  gtk_widget_class_bind_template_callback (widget_class, on_section_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_section_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_lines_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_summary_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_summary_toast);

  _assay_audit_editor_class_actions_init (widget_class);

  g_type_ensure (ASSAY_TYPE_CRITERION_ROW);
  g_type_ensure (ASSAY_TYPE_PROVISION_LINES);
  g_type_ensure (ASSAY_TYPE_AUDIT_SUMMARY);
}

static void
assay_audit_editor_init (AssayAuditEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->progress_labels = g_ptr_array_new ();
  self->grade_labels = g_ptr_array_new ();
  self->rows = g_ptr_array_new ();

  _assay_audit_editor_actions_init (self);
  _assay_audit_editor_actions_update (self);
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
  _assay_audit_editor_watch_vault (self, session != NULL ? assay_session_get_vault (session) : NULL);
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
      _assay_audit_editor_flush_all (self);
      clear_rows (self);
      assay_audit_set_coalesce (self->audit, FALSE);
    }

  g_set_object (&self->audit, audit);
  /* A session's first save is a new revision, its later ones replace it:
   * see _assay_audit_editor_sync_coalesce(). */
  if (audit != NULL)
    {
      assay_audit_set_coalesce (audit, FALSE);
      self->session_revision = assay_audit_get_revision (audit);
    }
  g_clear_pointer (&self->grading, assay_grading_free);
  assay_provision_lines_set_audit (self->provision_lines, audit);
  assay_audit_summary_set_audit (self->summary, audit);

  if (audit != NULL)
    {
      AssayFramework *framework = assay_audit_get_framework (audit);
      g_autoptr(AssayGrading) grading = assay_audit_compute (audit);
      GtkListBoxRow *row;
      guint start = 0;

      /* Pick up where the moderator left off: a new visit starts with the
       * plan's provision lines. */
      if (_assay_audit_editor_has_lines (self) && grading->n_lines == 0 && grading->n_graded == 0)
        start = ASSAY_AUDIT_EDITOR_PAGE_LINES;
      else if (grading->ungraded->len > 0)
        assay_framework_lookup_criterion (framework, grading->ungraded->pdata[0], &start);
      else if (_assay_audit_editor_has_lines (self) && !grading->complete)
        start = ASSAY_AUDIT_EDITOR_PAGE_LINES;
      else if (grading->complete)
        start = assay_framework_get_n_sections (framework);

      _assay_audit_editor_sidebar_build (self);
      gtk_stack_set_visible_child_name (self->stack, "audit");
      self->building = TRUE;
      row = gtk_list_box_get_row_at_index (self->sections_list,
                                           _assay_audit_editor_row_of_page (self, start));
      gtk_list_box_select_row (self->sections_list, row);
      self->building = FALSE;
      show_page (self, start);
    }
  else
    {
      _assay_audit_editor_sidebar_clear (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      _assay_audit_editor_actions_update (self);
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
    _assay_audit_editor_go_to_page (self, self->page, FALSE);
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
  return _assay_audit_summary_get_override_row (self->summary);
}

GtkEditable *
_assay_audit_editor_get_reason_row (AssayAuditEditor *self)
{
  return _assay_audit_summary_get_reason_row (self->summary);
}

GtkTextView *
_assay_audit_editor_get_text_view (AssayAuditEditor *self,
                                   const char       *field)
{
  return _assay_audit_summary_get_text_view (self->summary, field);
}

GtkEditable *
_assay_audit_editor_get_action_row (AssayAuditEditor *self,
                                    const char       *part)
{
  return _assay_audit_summary_get_action_row (self->summary, part);
}

GtkListBox *
_assay_audit_editor_get_limits_list (AssayAuditEditor *self)
{
  return _assay_audit_summary_get_limits_list (self->summary);
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
