/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit-editor-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-audit-editor-private.h"
#include "assay-gui-util.h"

/* The editor's actions (editor.*), which its buttons and keys activate and
 * the tests drive it through, and the shortcuts that reach them from
 * anywhere in the editor. */

void
_assay_audit_editor_actions_update (AssayAuditEditor *self)
{
  gboolean editable = _assay_audit_editor_is_editable (self);
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
                                 open && !editable && _assay_audit_editor_is_own (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.next-criterion", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.previous-criterion", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.next-section",
                                 open && (self->page < n_sections ||
                                          self->page == ASSAY_AUDIT_EDITOR_PAGE_LINES));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.previous-section",
                                 open && _assay_audit_editor_page_before (self, self->page,
                                                                          &before));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.show-summary", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.show-sections", open);
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

  /* Saved at once, whether it makes the session's revision or replaces it:
   * a grade the buttons show is a grade on disk. */
  _assay_audit_editor_sync_coalesce (self);
  if (!assay_audit_set_grade (self->audit, criterion, grade, NULL, &error))
    _assay_audit_editor_show_toast (self, error->message);
  else
    _assay_audit_editor_schedule_changed (self);

  /* Either way the buttons show what is stored. */
  _assay_audit_editor_refresh (self);
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

  _assay_audit_editor_sync_coalesce (self);
  if (!assay_audit_set_evidence (self->audit, criterion, text, &error))
    {
      _assay_audit_editor_show_toast (self, error->message);
      return;
    }

  _assay_audit_editor_schedule_changed (self);
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
      if (step < 0 && _assay_audit_editor_page_before (self, self->page, &before))
        _assay_audit_editor_go_to_page (self, before, TRUE);
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
  else if (next < 0 && _assay_audit_editor_page_before (self, self->page, &before))
    _assay_audit_editor_go_to_page (self, before, TRUE);
  else if (next >= (int) self->rows->len && self->page < n_sections)
    /* Past the last criterion of a section: the first of the next */
    _assay_audit_editor_go_to_page (self, self->page + 1, FALSE);
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

  _assay_audit_editor_go_to_page (self,
                                  self->page == ASSAY_AUDIT_EDITOR_PAGE_LINES ? 0 : self->page + 1,
                                  FALSE);
}

static void
editor_previous_section_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (widget);
  guint before;

  if (_assay_audit_editor_page_before (self, self->page, &before))
    _assay_audit_editor_go_to_page (self, before, FALSE);
}

static void
editor_show_summary_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (widget);
  AssayFramework *framework = assay_audit_get_framework (self->audit);

  _assay_audit_editor_go_to_page (self, assay_framework_get_n_sections (framework), FALSE);
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

/* After a change to the actions: the others hear of it and it is shown,
 * or the user hears why it was refused. */
static void
show_actions_changed (AssayAuditEditor *self,
                      const GError     *error)
{
  if (error != NULL)
    {
      _assay_audit_editor_show_toast (self, error->message);
      return;
    }

  _assay_audit_editor_schedule_changed (self);
  _assay_audit_editor_refresh (self);
}

/* "editor.add-action", and "editor.remove-action" with the index of the
 * action to remove */
static void
editor_change_actions_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (self->audit == NULL)
    return;

  if (param == NULL)
    assay_audit_summary_add_action (self->summary, &error);
  else
    assay_audit_remove_action (self->audit, g_variant_get_uint32 (param), &error);
  show_actions_changed (self, error);
}

static void
editor_finish_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (self->audit == NULL)
    return;

  _assay_audit_editor_flush_all (self);

  if (!assay_audit_summary_finish (self->summary, &error))
    {
      _assay_audit_editor_show_toast (self, error->message);

      if (g_error_matches (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INCOMPLETE))
        {
          /* Take the moderator to what is missing */
          const char *first = self->grading->ungraded->len > 0 ? self->grading->ungraded->pdata[0]
                                                                : NULL;
          guint section = 0;

          if (first != NULL &&
              assay_framework_lookup_criterion (assay_audit_get_framework (self->audit),
                                                first, &section) != NULL)
            _assay_audit_editor_go_to_page (self, section, FALSE);
          else if (_assay_audit_editor_has_lines (self))
            _assay_audit_editor_go_to_page (self, ASSAY_AUDIT_EDITOR_PAGE_LINES, FALSE);
        }
      return;
    }

  _assay_audit_editor_show_toast (self, _("Audit finished"));
  _assay_audit_editor_flush_changed (self);
  _assay_audit_editor_schedule_changed (self);
  _assay_audit_editor_refresh (self);
}

static void
on_reopen_reason_changed (GtkEditable      *entry,
                          AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "reopen", *reason != '\0');
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
      _assay_audit_editor_show_toast (self, error->message);
      return;
    }

  _assay_audit_editor_show_toast (self, _("Audit reopened"));
  assay_audit_summary_reset_override (self->summary);
  _assay_audit_editor_schedule_changed (self);
  _assay_audit_editor_refresh (self);
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
  assay_gui_message_dialog_set_entry (ADW_MESSAGE_DIALOG (dialog), entry);

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reopen_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static GtkShortcut *
new_action_shortcut (guint            keyval,
                     GdkModifierType  modifiers,
                     const char      *action)
{
  return gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                           gtk_named_action_new (action));
}

void
_assay_audit_editor_class_actions_init (GtkWidgetClass *widget_class)
{
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
                                   editor_change_actions_action);
  gtk_widget_class_install_action (widget_class, "editor.remove-action", "u",
                                   editor_change_actions_action);
  gtk_widget_class_install_action (widget_class, "editor.finish", NULL, editor_finish_action);
  gtk_widget_class_install_action (widget_class, "editor.reopen", NULL, editor_reopen_action);
}

void
_assay_audit_editor_actions_init (AssayAuditEditor *self)
{
  GtkEventController *shortcuts;

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
}
