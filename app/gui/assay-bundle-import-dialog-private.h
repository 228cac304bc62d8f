/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-bundle-import-dialog.h"

G_BEGIN_DECLS

/* The group shown for the @index-th file: its title is the file name and
 * its description says who made the bundle. */
AdwPreferencesGroup *_assay_bundle_import_dialog_get_group       (AssayBundleImportDialog *self,
                                                                  guint                    index);
/* "added", "updated", "unchanged" or "conflicts"; NULL for a failed file. */
GtkLabel            *_assay_bundle_import_dialog_get_count_label (AssayBundleImportDialog *self,
                                                                  guint                    index,
                                                                  const char              *what);
/* The row saying why a file was refused, or NULL for an imported one. */
AdwActionRow        *_assay_bundle_import_dialog_get_error_row   (AssayBundleImportDialog *self,
                                                                  guint                    index);

/* The @n-th row naming a framework the file's audits need and this
 * computer lacks, or NULL when there is none. */
AdwActionRow        *_assay_bundle_import_dialog_get_missing_row (AssayBundleImportDialog *self,
                                                                  guint                    index,
                                                                  guint                    n);

G_END_DECLS
