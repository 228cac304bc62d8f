/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-audit.h"

G_BEGIN_DECLS

/* The notes kept with a provision line, as assay_audit_set_line() names them. */
#define ASSAY_LINE_OBSERVED "observed"
#define ASSAY_LINE_STAFF    "staff"
#define ASSAY_LINE_EVIDENCE "evidence"

#define ASSAY_TYPE_PROVISION_LINE_ROW (assay_provision_line_row_get_type ())

G_DECLARE_FINAL_TYPE (AssayProvisionLineRow, assay_provision_line_row,
                      ASSAY, PROVISION_LINE_ROW, AdwExpanderRow)

/*
 * One provision line of a setting visit: the line as the plan states it,
 * whether it is delivered (yes, partly, no) and, expanded, what was
 * observed against the plan, the staff and the evidence seen. Like a
 * criterion row it saves nothing itself: it asks AssayProvisionLines to,
 * through "lines.set-delivered" (ss: line id, yes|partly|no) and
 * "lines.set-text" (sss: line id, field, text), and offers "lines.remove"
 * (s: line id).
 *
 * Keys while a delivery button has focus: Y, P and N choose yes, partly
 * and no. Notes are saved after a pause in typing and when left.
 */
GtkWidget  *assay_provision_line_row_new            (void);
const char *assay_provision_line_row_get_id         (AssayProvisionLineRow *self);
/* Shows line @number (from 1) as stored; a note being typed is kept. */
void        assay_provision_line_row_update         (AssayProvisionLineRow *self,
                                                     guint                  number,
                                                     const AssayAuditLine  *line);
void        assay_provision_line_row_set_editable   (AssayProvisionLineRow *self,
                                                     gboolean               editable);
gboolean    assay_provision_line_row_focus_delivery (AssayProvisionLineRow *self);
/* Saves notes still waiting for the pause in typing. */
void        assay_provision_line_row_flush          (AssayProvisionLineRow *self);

GtkToggleButton *_assay_provision_line_row_get_button    (AssayProvisionLineRow *self,
                                                          AssayDelivered         delivered);
GtkTextView     *_assay_provision_line_row_get_text_view (AssayProvisionLineRow *self,
                                                          const char            *field);
GtkWidget       *_assay_provision_line_row_get_remove_button (AssayProvisionLineRow *self);

G_END_DECLS
