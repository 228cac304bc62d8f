/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-audits-page.h"

G_BEGIN_DECLS

/* For tests: what the page shows, and the parts a user works. */
GListModel     *_assay_audits_page_get_shown          (AssayAuditsPage *self);
GtkListBox     *_assay_audits_page_get_list           (AssayAuditsPage *self);
GtkEditable    *_assay_audits_page_get_search_entry   (AssayAuditsPage *self);
GtkDropDown    *_assay_audits_page_get_status_dropdown (AssayAuditsPage *self);
/* The toast offering to undo the deletion of @id, while it is pending. */
AdwToast       *_assay_audits_page_get_undo_toast     (AssayAuditsPage *self,
                                                       const char      *id);
const char     *_assay_audits_page_get_visible_child  (AssayAuditsPage *self);
/* The note about audits left out for want of their framework. */
GtkRevealer    *_assay_audits_page_get_missing_revealer (AssayAuditsPage *self);

G_END_DECLS
