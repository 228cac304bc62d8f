/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-report"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "assay-report.h"
#include "assay-report-csv.h"
#include "assay-report-pdf.h"

/*
 * The partnership report, from an AssayComparison: the same counted audits,
 * filter and figures as `compare`, so the CSV, the PDF and the screen never
 * disagree. The CSV is made in assay-report-csv.c, the PDF in
 * assay-report-pdf.c; this writes either to a file.
 */

G_DEFINE_QUARK (assay-report-error-quark, assay_report_error)

gboolean
assay_report_format_from_path (const char         *path,
                               AssayReportFormat  *format,
                               GError            **error)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  folded = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (folded, ".pdf"))
    *format = ASSAY_REPORT_FORMAT_PDF;
  else if (g_str_has_suffix (folded, ".csv"))
    *format = ASSAY_REPORT_FORMAT_CSV;
  else
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, ASSAY_REPORT_ERROR, ASSAY_REPORT_ERROR_FORMAT,
                   _("%s: a report is written as .pdf or .csv"), name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_fully (int           fd,
             const guint8 *data,
             gsize         len)
{
  while (len > 0)
    {
      gssize written = write (fd, data, len);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;
      data += written;
      len -= (gsize) written;
    }

  return TRUE;
}

/* A temporary file beside @path, owner-only from the start, renamed over
 * it: a reader never sees half a report, and nobody else ever can read it. */
static gboolean
write_private (const char  *path,
               GBytes      *bytes,
               GError     **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s.XXXXXX", path);
  g_autofree char *name = g_filename_display_name (path);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GStatBuf st;
  int saved_errno = 0;
  int fd;

  /* Renamed over a device, a FIFO or a folder, the report would replace it
   * (/dev/full, for whoever may write in /dev) or fail late: a report is
   * written to a file or not at all. */
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, ASSAY_REPORT_ERROR, ASSAY_REPORT_ERROR_WRITE,
                   _("Could not write the report to %s: it is a folder or a device, not a file"),
                   name);
      return FALSE;
    }

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    saved_errno = errno;
  else if (!write_fully (fd, data, len) || fsync (fd) != 0)
    saved_errno = errno != 0 ? errno : EIO;

  if (fd >= 0 && close (fd) != 0 && saved_errno == 0)
    saved_errno = errno;

  if (saved_errno == 0 && g_rename (tmp, path) != 0)
    saved_errno = errno;

  if (saved_errno != 0)
    {
      if (fd >= 0)
        g_unlink (tmp);
      g_set_error (error, ASSAY_REPORT_ERROR, ASSAY_REPORT_ERROR_WRITE,
                   _("Could not write the report to %s: %s"), name, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

gboolean
assay_report_write (AssayComparison        *comparison,
                    AssayReportFormat       format,
                    const AssayReportInfo  *info,
                    const char             *path,
                    GError                **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (ASSAY_IS_COMPARISON (comparison), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  switch (format)
    {
    case ASSAY_REPORT_FORMAT_PDF:
      bytes = assay_report_pdf (comparison, info, error);
      break;
    case ASSAY_REPORT_FORMAT_CSV:
    default:
      bytes = assay_report_csv (comparison);
      break;
    }

  if (bytes == NULL)
    return FALSE;

  return write_private (path, bytes, error);
}

typedef struct
{
  AssayComparison   *comparison;
  AssayReportFormat  format;
  char              *author;
  char              *agency;
  GDateTime         *generated;
  char              *path;
} WriteData;

static void
write_data_free (gpointer data)
{
  WriteData *w = data;

  g_clear_object (&w->comparison);
  g_free (w->author);
  g_free (w->agency);
  g_clear_pointer (&w->generated, g_date_time_unref);
  g_free (w->path);
  g_free (w);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *w = task_data;
  AssayReportInfo info = { w->author, w->agency, w->generated };
  GError *error = NULL;

  if (assay_report_write (w->comparison, w->format, &info, w->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
assay_report_write_async (AssayComparison        *comparison,
                          AssayReportFormat       format,
                          const AssayReportInfo  *info,
                          const char             *path,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *w;

  g_return_if_fail (ASSAY_IS_COMPARISON (comparison));
  g_return_if_fail (path != NULL);

  w = g_new0 (WriteData, 1);
  w->comparison = g_object_ref (comparison);
  w->format = format;
  w->author = g_strdup (info != NULL ? info->author : NULL);
  w->agency = g_strdup (info != NULL ? info->agency : NULL);
  w->generated = info != NULL && info->generated != NULL ? g_date_time_ref (info->generated) :
                 g_date_time_new_now_local ();
  w->path = g_strdup (path);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, assay_report_write_async);
  g_task_set_task_data (task, w, write_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, write_thread);
}

gboolean
assay_report_write_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
