/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "assay-store-private.h"

/* TEMPORARY: the API the GUI builds against while the head is written. */

gboolean
assay_store_verify_head (AssayStore  *self,
                         GError     **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);

  return _assay_store_require_unlocked (self, error);
}

gboolean
assay_store_accept_restore (AssayStore  *self,
                            GError     **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);

  return _assay_store_require_unlocked (self, error);
}

gboolean
assay_store_change_passphrase (AssayStore          *self,
                               const char          *current_passphrase,
                               const char          *new_passphrase,
                               gboolean             rekey,
                               AssayProgressFunc    progress,
                               gpointer             progress_data,
                               AssaySecureString  **recovery_key,
                               GError             **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);

  if (recovery_key != NULL)
    *recovery_key = NULL;

  return assay_vault_change_passphrase (self->vault, new_passphrase, error);
}

void
assay_store_change_passphrase_async (AssayStore          *self,
                                     const char          *current_passphrase,
                                     const char          *new_passphrase,
                                     gboolean             rekey,
                                     AssayProgressFunc    progress,
                                     gpointer             progress_data,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, assay_store_change_passphrase_async);
  if (assay_store_change_passphrase (self, current_passphrase, new_passphrase, rekey,
                                     progress, progress_data, NULL, &error))
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_error (task, error);
}

gboolean
assay_store_change_passphrase_finish (AssayStore          *self,
                                      GAsyncResult        *result,
                                      AssaySecureString  **recovery_key,
                                      GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  char *key;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  key = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (recovery_key != NULL)
    *recovery_key = key;
  else
    assay_secure_free (key);

  return TRUE;
}
