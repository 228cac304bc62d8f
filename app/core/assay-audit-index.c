/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit"

#include "config.h"

#include "assay-audit-index.h"

/* First version: the API, reading whole audits. The summaries follow. */

gboolean
assay_audit_index_refresh (AssayStore         *store,
                           AssayFrameworks    *frameworks,
                           AssayProgressFunc   progress,
                           gpointer            progress_data,
                           GError            **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (frameworks), FALSE);

  return TRUE;
}

typedef struct
{
  AssayAuditBatchFunc batch;
  gpointer            batch_data;
  GPtrArray          *missing;
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_pointer (&data->missing, g_ptr_array_unref);
  g_free (data);
}

void
assay_audit_list_async (AssayStore          *store,
                        AssayFrameworks     *frameworks,
                        AssayAuditBatchFunc  batch,
                        gpointer             batch_data,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  GError *error = NULL;
  ListData *data;

  g_return_if_fail (ASSAY_IS_STORE (store));
  g_return_if_fail (ASSAY_IS_FRAMEWORKS (frameworks));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, assay_audit_list_async);
  data = g_new0 (ListData, 1);
  data->batch = batch;
  data->batch_data = batch_data;
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  audits = assay_audit_list_readable (store, frameworks, &data->missing, &error);
  if (audits == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (batch != NULL && audits->len > 0)
    batch (audits, batch_data);
  g_task_return_pointer (task, g_steal_pointer (&audits), (GDestroyNotify) g_ptr_array_unref);
}

GPtrArray *
assay_audit_list_finish (AssayStore    *store,
                         GAsyncResult  *result,
                         GPtrArray    **missing,
                         GError       **error)
{
  ListData *data;
  GPtrArray *audits;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  data = g_task_get_task_data (G_TASK (result));
  audits = g_task_propagate_pointer (G_TASK (result), error);
  if (audits != NULL && missing != NULL)
    *missing = g_steal_pointer (&data->missing);

  return audits;
}
