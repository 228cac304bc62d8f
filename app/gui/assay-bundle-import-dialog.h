/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-bundle.h"

G_BEGIN_DECLS

/* What importing one chosen file came to: a report, or the error that kept
 * it out. */
typedef struct
{
  char              *file_name;   /* as shown to people */
  AssayImportReport *report;
  GError            *error;
} AssayBundleOutcome;

AssayBundleOutcome *assay_bundle_outcome_new  (const char         *file_name,
                                               AssayImportReport  *report,
                                               GError             *error);
void                assay_bundle_outcome_free (AssayBundleOutcome *outcome);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayBundleOutcome, assay_bundle_outcome_free)

#define ASSAY_TYPE_BUNDLE_IMPORT_DIALOG (assay_bundle_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AssayBundleImportDialog, assay_bundle_import_dialog,
                      ASSAY, BUNDLE_IMPORT_DIALOG, AdwMessageDialog)

/* One summary for the files of one import, in the order they were chosen:
 * who made each bundle and what it changed, or why it was refused. */
GtkWidget *assay_bundle_import_dialog_new (GtkWindow *parent,
                                           GPtrArray *outcomes);

G_END_DECLS
