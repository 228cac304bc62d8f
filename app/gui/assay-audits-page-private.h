/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-audit.h"
#include "assay-audits-page.h"

G_BEGIN_DECLS

/* Rows of the status drop-down */
enum {
  STATUS_ALL,
  STATUS_DRAFTS,
  STATUS_FINISHED,
};

/* Here so that the page's -actions.c can reach it */
struct _AssayAuditsPage
{
  AdwBin              parent_instance;

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkRevealer        *missing_revealer;
  GtkLabel           *missing_label;
  GtkStack           *stack;
  GtkStack           *results_stack;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkGridView        *audits_list;
  GtkSpinner         *spinner;

  AssaySession       *session;
  GListStore         *audits;        /* the moderator's own, as read */
  GtkCustomFilter    *filter;
  GtkFilterListModel *shown;         /* sorted, then filtered */
  char               *needle;        /* the search, case-folded; NULL for none */
  /* The list under way: cancelled when another starts, on lock and in
   * dispose */
  GCancellable       *load_cancellable;
  /* Deleted drafts still in the store until their undo toast goes:
   * id -> AdwToast (unowned) */
  GHashTable         *pending_deletes;
  gboolean            stale;
};

/* assay-audits-page.c */
void            _assay_audits_page_show_toast         (AssayAuditsPage *self,
                                                       const char      *message);
/* The audit @id listed, or NULL */
AssayAudit     *_assay_audits_page_find_audit         (AssayAuditsPage *self,
                                                       const char      *id);
/* After a deletion was asked for or undone: the row goes or comes back */
void            _assay_audits_page_update_pending     (AssayAuditsPage *self);

/* assay-audits-page-actions.c */
void            _assay_audits_page_install_actions    (GtkWidgetClass  *widget_class);
/* Deletions waiting on their toast happen now: the user meant them. */
void            _assay_audits_page_commit_pending_deletes (AssayAuditsPage *self);

/* Appends @audits (AssayAudit; the page keeps its own), one batch of a
 * listing, to the rows: the batches of assay_audit_list_async() go here. */
void            _assay_audits_page_add_batch          (AssayAuditsPage *self,
                                                       GPtrArray       *audits);

/* For tests: what the page shows, and the parts a user works. */
GListModel     *_assay_audits_page_get_shown          (AssayAuditsPage *self);
/* Every audit of the moderator's read, in the order read */
GListModel     *_assay_audits_page_get_audits         (AssayAuditsPage *self);
GtkGridView    *_assay_audits_page_get_list           (AssayAuditsPage *self);
GtkEditable    *_assay_audits_page_get_search_entry   (AssayAuditsPage *self);
GtkDropDown    *_assay_audits_page_get_status_dropdown (AssayAuditsPage *self);
/* The toast offering to undo the deletion of @id, while it is pending. */
AdwToast       *_assay_audits_page_get_undo_toast     (AssayAuditsPage *self,
                                                       const char      *id);
/* Whether a listing is under way. */
gboolean        _assay_audits_page_get_loading        (AssayAuditsPage *self);
/* "loading", "empty", "results" or "no-results" */
const char     *_assay_audits_page_get_visible_child  (AssayAuditsPage *self);
/* The note about audits left out for want of their framework. */
GtkRevealer    *_assay_audits_page_get_missing_revealer (AssayAuditsPage *self);

G_END_DECLS
