/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-caseload-import-dialog.h"

G_BEGIN_DECLS

GtkLabel       *_assay_caseload_import_dialog_get_count_label  (AssayCaseloadImportDialog *self,
                                                                const char                *what);
/* The rows under "Rows Not Imported", as AdwActionRows titled by line */
GPtrArray      *_assay_caseload_import_dialog_get_rejected_rows (AssayCaseloadImportDialog *self);
AdwExpanderRow *_assay_caseload_import_dialog_get_rejected_row (AssayCaseloadImportDialog *self);
AdwActionRow   *_assay_caseload_import_dialog_get_dropped_row  (AssayCaseloadImportDialog *self);
AdwActionRow   *_assay_caseload_import_dialog_get_ignored_row  (AssayCaseloadImportDialog *self);

G_END_DECLS
