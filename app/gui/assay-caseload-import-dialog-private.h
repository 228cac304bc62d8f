/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-caseload-import-dialog.h"

G_BEGIN_DECLS

GtkLabel       *_assay_caseload_import_dialog_get_count_label  (AssayCaseloadImportDialog *self,
                                                                const char                *what);
/* "8 of 8 rows of “a.csv” can be imported. …" */
const char     *_assay_caseload_import_dialog_get_summary      (AssayCaseloadImportDialog *self);
/* The rows under "Rows Not Imported", as AdwActionRows titled by line */
GPtrArray      *_assay_caseload_import_dialog_get_rejected_rows (AssayCaseloadImportDialog *self);
AdwExpanderRow *_assay_caseload_import_dialog_get_rejected_row (AssayCaseloadImportDialog *self);
/* The rows under "Values Not Read", titled "Line 5 · Primary need" */
GPtrArray      *_assay_caseload_import_dialog_get_warning_rows (AssayCaseloadImportDialog *self);
AdwExpanderRow *_assay_caseload_import_dialog_get_warnings_row (AssayCaseloadImportDialog *self);
/* One AdwActionRow per column read: its header, and the field as a suffix */
GPtrArray      *_assay_caseload_import_dialog_get_column_rows  (AssayCaseloadImportDialog *self);
AdwActionRow   *_assay_caseload_import_dialog_get_dropped_row  (AssayCaseloadImportDialog *self);
AdwActionRow   *_assay_caseload_import_dialog_get_ignored_row  (AssayCaseloadImportDialog *self);
AdwPreferencesPage *_assay_caseload_import_dialog_get_page     (AssayCaseloadImportDialog *self);

G_END_DECLS
