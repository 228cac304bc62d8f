/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-audits-page.h"

G_BEGIN_DECLS

/* Appends @audits (AssayAudit; the page keeps its own), one batch of a
 * listing, to the rows: the batches of assay_audit_list_async() go here. */
void            _assay_audits_page_add_batch          (AssayAuditsPage *self,
                                                       GPtrArray       *audits);

/* For tests: what the page shows, and the parts a user works. */
GListModel     *_assay_audits_page_get_shown          (AssayAuditsPage *self);
/* Every audit of the moderator's read, in the order read */
GListModel     *_assay_audits_page_get_audits         (AssayAuditsPage *self);
GtkListView    *_assay_audits_page_get_list           (AssayAuditsPage *self);
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
