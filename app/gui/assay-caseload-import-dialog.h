/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-caseload.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_CASELOAD_IMPORT_DIALOG (assay_caseload_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AssayCaseloadImportDialog, assay_caseload_import_dialog,
                      ASSAY, CASELOAD_IMPORT_DIALOG, AdwMessageDialog)

/* What an import of @file_name did: the counts, then every row that was
 * refused with its line and reason, the name columns dropped and the
 * columns ignored. */
GtkWidget *assay_caseload_import_dialog_new (GtkWindow                 *parent,
                                             const char                *file_name,
                                             const AssayCaseloadResult *result);

G_END_DECLS
