/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-caseload.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_CASELOAD_IMPORT_DIALOG (assay_caseload_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AssayCaseloadImportDialog, assay_caseload_import_dialog,
                      ASSAY, CASELOAD_IMPORT_DIALOG, AdwWindow)

/* What importing @file_name would do, before anything is stored, from
 * assay_caseload_preview()'s @preview: the plans added, updated and
 * unchanged, each column and the field it fills, the columns dropped or
 * ignored, the values that could not be read and the rows refused. Its
 * Import button emits ::import and closes the dialog; the caller writes. */
GtkWidget *assay_caseload_import_dialog_new (GtkWindow                 *parent,
                                             const char                *file_name,
                                             const AssayCaseloadResult *preview);

G_END_DECLS
