/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "assay-comparison.h"

G_BEGIN_DECLS

#define ASSAY_REPORT_ERROR (assay_report_error_quark ())

typedef enum
{
  ASSAY_REPORT_ERROR_FORMAT,   /* a file name that is neither .pdf nor .csv (exit 1) */
  ASSAY_REPORT_ERROR_WRITE,    /* the file could not be written (exit 5) */
} AssayReportError;

GQuark assay_report_error_quark (void);

typedef enum
{
  ASSAY_REPORT_FORMAT_CSV,
  ASSAY_REPORT_FORMAT_PDF,
} AssayReportFormat;

/* By the file name's extension, in any case: FALSE (and
 * ASSAY_REPORT_ERROR_FORMAT naming the file) for anything else. */
gboolean  assay_report_format_from_path (const char         *path,
                                         AssayReportFormat  *format,
                                         GError            **error);

/* Who made the report and when, for its title block. */
typedef struct
{
  const char *author;      /* the vault's moderator name; NULL for none */
  const char *agency;      /* their agency; may be NULL */
  GDateTime  *generated;   /* NULL for now */
} AssayReportInfo;

/*
 * Writes the report to @path in one step (a temporary file renamed over
 * it), readable by its owner only: it is personal data leaving the
 * encrypted vault. Fails with ASSAY_REPORT_ERROR_WRITE naming @path.
 */
gboolean  assay_report_write            (AssayComparison    *comparison,
                                         AssayReportFormat   format,
                                         const AssayReportInfo *info,
                                         const char         *path,
                                         GError            **error);
/* The same in a worker thread. The comparison is only read there; @info is
 * copied. */
void      assay_report_write_async      (AssayComparison    *comparison,
                                         AssayReportFormat   format,
                                         const AssayReportInfo *info,
                                         const char         *path,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
gboolean  assay_report_write_finish     (GAsyncResult       *result,
                                         GError            **error);

G_END_DECLS
