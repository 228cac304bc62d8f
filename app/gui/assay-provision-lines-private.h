/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-provision-lines.h"
#include "assay-provision-line-row.h"

G_BEGIN_DECLS

/* For tests: what the widget shows, to drive and check it. */
AdwEntryRow           *_assay_provision_lines_get_add_row    (AssayProvisionLines *self);
GtkWidget             *_assay_provision_lines_get_add_button (AssayProvisionLines *self);
guint                  _assay_provision_lines_get_n_rows     (AssayProvisionLines *self);
AssayProvisionLineRow *_assay_provision_lines_get_row        (AssayProvisionLines *self,
                                                              guint                index);
/* The undo toast of line @id while it can still be undone, or NULL. */
AdwToast              *_assay_provision_lines_get_undo_toast (AssayProvisionLines *self,
                                                              const char          *id);
GtkLabel              *_assay_provision_lines_get_meta_label (AssayProvisionLines *self);

G_END_DECLS
