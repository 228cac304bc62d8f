/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-audit-editor.h"
#include "assay-audit-summary.h"
#include "assay-criterion-row.h"
#include "assay-provision-lines.h"

G_BEGIN_DECLS

/* A setting visit's provision lines have a page of their own, before the
 * sections: its sidebar row comes first. Sections keep their numbers, and
 * the number of sections is still the summary. */
#define ASSAY_AUDIT_EDITOR_PAGE_LINES G_MAXUINT

/* The audit checklist: sections, criteria, grades and evidence, and the
 * summary. Here so that assay-audit-editor-actions.c can reach it. */
struct _AssayAuditEditor
{
  AdwBin               parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  GtkLabel            *case_ref_label;
  GtkLabel            *framework_label;
  GtkLabel            *progress_label;
  GtkLabel            *status_label;
  GtkRevealer         *finished_revealer;
  GtkLabel            *finished_label;
  GtkWidget           *reopen_button;
  AdwLeaflet          *leaflet;
  GtkWidget           *sections_pane;
  GtkListBox          *sections_list;
  GtkStack            *page_stack;
  GtkScrolledWindow   *criteria_scroller;
  GtkScrolledWindow   *summary_scroller;
  GtkScrolledWindow   *lines_scroller;
  AssayProvisionLines *provision_lines;
  GtkLabel            *section_title;
  GtkLabel            *section_meta;
  GtkBox              *criteria_box;
  AdwButtonContent    *next_section_content;
  AssayAuditSummary   *summary;

  AssaySession        *session;
  AssayAudit          *audit;
  AssayGrading        *grading;

  /* Per section, the labels of its sidebar row */
  GPtrArray           *progress_labels;
  GPtrArray           *grade_labels;
  GtkLabel            *summary_grade_label;
  GtkLabel            *lines_progress_label;
  GtkLabel            *lines_grade_label;
  /* The criterion rows of the section on screen */
  GPtrArray           *rows;
  guint                page;

  guint                changed_source;
  /* The revision the audit had when it was opened: the session's first
   * save makes a new one, and its later saves replace it (coalesced) until
   * an export carries it away. */
  gint64               session_revision;
  AssayVault          *vault;     /* the session's, whose locking flushes */
  GtkWindow           *window;    /* the editor's, whose closing flushes; not a reference */
  char                *last_toast;
  AdwToast            *toast;     /* weak */
  gboolean             building;
};

/* Shared by assay-audit-editor.c and assay-audit-editor-actions.c */
gboolean _assay_audit_editor_has_lines        (AssayAuditEditor *self);
gboolean _assay_audit_editor_is_own           (AssayAuditEditor *self);
gboolean _assay_audit_editor_is_editable      (AssayAuditEditor *self);
/* The page before @page, if there is one. */
gboolean _assay_audit_editor_page_before      (AssayAuditEditor *self,
                                               guint             page,
                                               guint            *before);
void     _assay_audit_editor_show_toast       (AssayAuditEditor *self,
                                               const char       *message);
/* In assay-audit-editor-saving.c */
/* Flushes when @vault (the session's) locks, and no longer when another
 * session takes over. */
void     _assay_audit_editor_watch_vault      (AssayAuditEditor *self,
                                               AssayVault       *vault);
/* Flushes when @root, a window, is asked to close: from the editor's root
 * and unroot, with NULL when it leaves the window. */
void     _assay_audit_editor_watch_window     (AssayAuditEditor *self,
                                               GtkRoot          *root);
/* Once the session has saved a revision of its own, the audit's later
 * saves replace it: called before and after saves, it costs nothing. */
void     _assay_audit_editor_sync_coalesce    (AssayAuditEditor *self);
/* Tells the other pages the audits changed, in a moment or now. */
void     _assay_audit_editor_schedule_changed (AssayAuditEditor *self);
void     _assay_audit_editor_flush_changed    (AssayAuditEditor *self);
void     _assay_audit_editor_flush_all        (AssayAuditEditor *self);
void     _assay_audit_editor_refresh          (AssayAuditEditor *self);
void     _assay_audit_editor_go_to_page       (AssayAuditEditor *self,
                                               guint             page,
                                               gboolean          last_row);

/* The checklist's word for @grade, in the audit's framework */
const char *_assay_audit_editor_grade_label   (AssayAuditEditor *self,
                                               AssayGrade        grade);

/* In assay-audit-editor-sidebar.c: the sections list, a row per page */
int      _assay_audit_editor_row_of_page      (AssayAuditEditor *self,
                                               guint             page);
guint    _assay_audit_editor_page_of_row      (AssayAuditEditor *self,
                                               int               row);
void     _assay_audit_editor_sidebar_clear    (AssayAuditEditor *self);
void     _assay_audit_editor_sidebar_build    (AssayAuditEditor *self);
void     _assay_audit_editor_sidebar_update   (AssayAuditEditor *self);
/* How many criteria of section @index are graded, of how many */
void     _assay_audit_editor_section_progress (AssayAuditEditor *self,
                                               guint             index,
                                               guint            *graded,
                                               guint            *total);

/* In assay-audit-editor-actions.c */
void     _assay_audit_editor_class_actions_init (GtkWidgetClass   *widget_class);
void     _assay_audit_editor_actions_init       (AssayAuditEditor *self);
void     _assay_audit_editor_actions_update     (AssayAuditEditor *self);

/* For tests: what the editor shows, to drive and check it. */
GtkListBox        *_assay_audit_editor_get_sections_list (AssayAuditEditor *self);
/* The criteria of the section on screen, in order. */
guint              _assay_audit_editor_get_n_rows        (AssayAuditEditor *self);
AssayCriterionRow *_assay_audit_editor_get_row           (AssayAuditEditor *self,
                                                          guint             index);
/* The section on screen; the number of sections means the summary, and
 * ASSAY_AUDIT_EDITOR_PAGE_LINES the provision lines of a setting visit. */
guint              _assay_audit_editor_get_page          (AssayAuditEditor *self);
GtkLabel          *_assay_audit_editor_get_finished_label (AssayAuditEditor *self);
AssayProvisionLines *_assay_audit_editor_get_provision_lines (AssayAuditEditor *self);
/* The message of the last toast shown, or NULL. */
const char        *_assay_audit_editor_get_last_toast    (AssayAuditEditor *self);

/* The summary's, for tests that drive the editor (see
 * assay-audit-summary-private.h) */
AdwComboRow       *_assay_audit_editor_get_override_row  (AssayAuditEditor *self);
GtkEditable       *_assay_audit_editor_get_reason_row    (AssayAuditEditor *self);
/* @field: one of ASSAY_AUDIT_STRENGTHS, _DEVELOPMENT, _FEEDBACK */
GtkTextView       *_assay_audit_editor_get_text_view     (AssayAuditEditor *self,
                                                          const char       *field);
GtkEditable       *_assay_audit_editor_get_action_row    (AssayAuditEditor *self,
                                                          const char       *part);
GtkListBox        *_assay_audit_editor_get_limits_list   (AssayAuditEditor *self);

G_END_DECLS
