/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-audit.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_PROVISION_LINES (assay_provision_lines_get_type ())

G_DECLARE_FINAL_TYPE (AssayProvisionLines, assay_provision_lines,
                      ASSAY, PROVISION_LINES, AdwBin)

/*
 * The provision lines of a setting visit (a framework with provision
 * lines): one row per line of the plan's section F, and G or H where seen,
 * with its delivery and notes. It writes to the audit itself, reports
 * refusals in a toast of the nearest AdwToastOverlay, and emits "changed"
 * after every change it stores, so whoever shows grades can work them out
 * again. Read-only unless the audit is a draft of this installation's
 * moderator, as the checklist is.
 *
 * Actions: "lines.add" (the text of the add row), "lines.set-delivered"
 * (ss: line id, yes|partly|no), "lines.set-text" (sss: line id, observed|
 * staff|evidence, text), "lines.remove" (s: line id; an undo toast puts
 * the line back where it was) and "lines.undo-remove" (s: line id).
 */
GtkWidget  *assay_provision_lines_new       (void);
AssayAudit *assay_provision_lines_get_audit (AssayProvisionLines *self);
void        assay_provision_lines_set_audit (AssayProvisionLines *self,
                                             AssayAudit          *audit);
/* Shows the audit as stored now: after it was changed elsewhere
 * (finished, reopened). */
void        assay_provision_lines_refresh   (AssayProvisionLines *self);
/* Saves notes still waiting for the pause in typing. */
void        assay_provision_lines_flush     (AssayProvisionLines *self);
/* Puts the keyboard where work continues: the first line with no delivery
 * recorded, else the add row, else the first line. */
gboolean    assay_provision_lines_focus     (AssayProvisionLines *self);

G_END_DECLS
