/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-vault"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "assay-head-private.h"
#include "assay-store.h"
#include "assay-vault-private.h"

#define KEY_BYTES     ASSAY_VAULT_KEY_BYTES
#define SIGN_SK_BYTES ASSAY_VAULT_SIGN_SK_BYTES

/*
 * Unlocking and creating spend half a second in Argon2id, so each is split in
 * a job that touches no database (and may run in a worker thread) and an
 * apply step that runs on the caller's thread.
 */
typedef enum
{
  JOB_CREATE,
  JOB_UNLOCK,
  JOB_RECOVER,
} JobKind;

typedef struct
{
  JobKind         kind;
  char           *passphrase;      /* secure */
  char           *recovery_text;   /* secure */
  char           *name;
  char           *agency;
  AssayKdfParams  kdf;
  AssayVaultRow  *row;
  char           *database_path;

  /* Results. */
  guint8         *data_key;        /* secure */
  char           *recovery_key;    /* secure, formatted: create only */
  gboolean        rewrapped;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->passphrase, assay_secure_free);
  g_clear_pointer (&job->recovery_text, assay_secure_free);
  g_clear_pointer (&job->name, g_free);
  g_clear_pointer (&job->agency, g_free);
  g_clear_pointer (&job->row, _assay_vault_row_free);
  g_clear_pointer (&job->database_path, g_free);
  g_clear_pointer (&job->data_key, assay_secure_free);
  g_clear_pointer (&job->recovery_key, assay_secure_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static gboolean
job_create (Job     *job,
            GError **error)
{
  guint8 *recovery = assay_secure_alloc (ASSAY_RECOVERY_KEY_BYTES);
  guint8 *sign_sk = assay_secure_alloc (SIGN_SK_BYTES);
  AssayVaultRow *row;
  gboolean ok = FALSE;

  row = job->row = g_new0 (AssayVaultRow, 1);
  job->data_key = assay_secure_alloc (KEY_BYTES);
  crypto_aead_xchacha20poly1305_ietf_keygen (job->data_key);

  if (!_assay_vault_wrap_with_passphrase (row, job->data_key, job->passphrase, &job->kdf, error))
    goto out;

  randombytes_buf (recovery, ASSAY_RECOVERY_KEY_BYTES);
  _assay_vault_wrap_with_recovery (row, job->data_key, recovery);
  job->recovery_key = assay_recovery_key_format (recovery);

  row->identity_public = _assay_identity_key_generate (sign_sk);
  row->identity_sealed = _assay_identity_key_seal (job->data_key, row->identity_public, sign_sk,
                                                   job->name, job->agency);
  ok = TRUE;

out:
  assay_secure_free (recovery);
  assay_secure_free (sign_sk);

  return ok;
}

static gboolean
job_unlock (Job     *job,
            GError **error)
{
  AssayKdfParams current;

  job->data_key = assay_secure_alloc (KEY_BYTES);
  if (!_assay_vault_unwrap_with_passphrase (job->row, job->passphrase, job->data_key, error))
    {
      AssayHeadSeen seen;

      /* The wrap binds the KDF parameters, so lowered ones make it fail as
       * a wrong passphrase would; against what this computer last saw
       * they are told apart. */
      _assay_head_seen_load (job->row->identity_public, job->database_path, &seen);
      if (seen.present && seen.kdf.opslimit > 0 && _assay_kdf_params_weaker (&job->row->kdf,
                                                                           &seen.kdf))
        {
          g_clear_error (error);
          g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_DAMAGED,
                       _("The vault's key-derivation parameters were lowered (a downgrade): "
                         "%" G_GUINT64_FORMAT " passes over %" G_GSIZE_FORMAT " KiB, where "
                         "this computer last saw %" G_GUINT64_FORMAT " passes over %"
                         G_GSIZE_FORMAT " KiB. The key record was tampered with"),
                       job->row->kdf.opslimit, job->row->kdf.memlimit / 1024,
                       seen.kdf.opslimit, seen.kdf.memlimit / 1024);
        }
      return FALSE;
    }

  /* Vaults made under older, cheaper defaults are brought up to date while
   * the passphrase is at hand. */
  assay_kdf_params_init_default (&current);
  if (_assay_kdf_params_weaker (&job->row->kdf, &current))
    {
      g_autoptr(GError) rewrap_error = NULL;

      if (_assay_vault_wrap_with_passphrase (job->row, job->data_key, job->passphrase, &current,
                                             &rewrap_error))
        job->rewrapped = TRUE;
      else
        g_debug ("Could not raise the key derivation cost: %s", rewrap_error->message);
    }

  return TRUE;
}

static gboolean
job_recover (Job     *job,
             GError **error)
{
  guint8 *recovery = assay_secure_alloc (ASSAY_RECOVERY_KEY_BYTES);
  gboolean ok = FALSE;

  if (!assay_recovery_key_parse (job->recovery_text, recovery, error))
    goto out;

  job->data_key = assay_secure_alloc (KEY_BYTES);
  if (!_assay_vault_unwrap_with_recovery (job->row, recovery, job->data_key))
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_RECOVERY_KEY,
                           _("The recovery key is not the one for this vault"));
      goto out;
    }

  if (!_assay_vault_wrap_with_passphrase (job->row, job->data_key, job->passphrase, &job->kdf,
                                          error))
    goto out;

  job->rewrapped = TRUE;
  ok = TRUE;

out:
  assay_secure_free (recovery);

  return ok;
}

static gboolean
job_run (Job     *job,
         GError **error)
{
  switch (job->kind)
    {
    case JOB_CREATE:
      return job_create (job, error);
    case JOB_UNLOCK:
      return job_unlock (job, error);
    case JOB_RECOVER:
      return job_recover (job, error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
job_apply (AssayVault  *self,
           Job         *job,
           GError     **error)
{
  AssayDatabase *database = assay_vault_get_database (self);

  if (job->kind == JOB_CREATE)
    {
      if (assay_vault_exists (self))
        {
          g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_EXISTS,
                       _("%s already holds a vault"), assay_database_get_path (database));
          return FALSE;
        }

      if (!_assay_vault_save_row (database, job->row, job->data_key,
                                  (1u << ASSAY_HEAD_N_FIELDS) - 1, TRUE, error))
        return FALSE;
    }
  else if (job->rewrapped)
    {
      g_autoptr(GError) head_error = NULL;

      if (!_assay_vault_save_row (database, job->row, job->data_key,
                                  ASSAY_VAULT_PASSPHRASE_FIELDS, FALSE, &head_error))
        {
          /* A vault whose head fails (restored, altered) still opens, so
           * that `check` can say why: raising the KDF cost waits, and a
           * passphrase set with the recovery key is written apart from
           * the head, which `check` then reports until it is accepted. */
          if (head_error->domain != ASSAY_STORE_ERROR)
            {
              g_propagate_error (error, g_steal_pointer (&head_error));
              return FALSE;
            }
          if (job->kind == JOB_RECOVER &&
              !_assay_vault_update_row (database, job->row, error))
            return FALSE;
          g_debug ("Key record of %s written apart from its head: %s",
                   assay_database_get_path (database), head_error->message);
        }
    }

  return _assay_vault_install_keys (self, job->row, g_steal_pointer (&job->data_key), error);
}

static Job *
job_new (AssayVault  *self,
         JobKind      kind,
         const char  *passphrase,
         GError     **error)
{
  g_autoptr(Job) job = g_new0 (Job, 1);
  AssayDatabase *database = assay_vault_get_database (self);

  job->kind = kind;
  job->database_path = g_strdup (assay_database_get_path (database));
  job->passphrase = assay_secure_strdup (passphrase);
  assay_kdf_params_init_default (&job->kdf);

  if (kind != JOB_UNLOCK && !_assay_vault_check_passphrase (passphrase, error))
    return NULL;

  if (kind == JOB_CREATE)
    {
      if (assay_vault_exists (self))
        {
          g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_EXISTS,
                       _("%s already holds a vault"), assay_database_get_path (database));
          return NULL;
        }
    }
  else if (!_assay_vault_read_row (database, &job->row, error))
    {
      return NULL;
    }

  if (kind == JOB_UNLOCK && passphrase == NULL)
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_PASSPHRASE,
                           _("The passphrase is not correct"));
      return NULL;
    }

  return g_steal_pointer (&job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (job_run (job, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Runs @job in a thread; when making it failed (@job is NULL), the task
 * returns @error instead. */
static void
job_start_async (AssayVault          *self,
                 Job                 *job,
                 GError             **error,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);

  if (job == NULL)
    {
      g_task_return_error (task, g_steal_pointer (error));
      return;
    }

  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static gboolean
job_finish (AssayVault    *self,
            GAsyncResult  *result,
            gpointer       source_tag,
            Job          **out_job,
            GError       **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  if (!job_apply (self, job, error))
    return FALSE;

  if (out_job != NULL)
    *out_job = job;

  return TRUE;
}

/* Runs @job (NULL when making it failed, with @error set) on this thread,
 * applies its result and frees it. */
static gboolean
job_run_sync (AssayVault          *self,
              Job                 *job,
              AssaySecureString  **recovery_key,
              GError             **error)
{
  g_autoptr(Job) owned = job;

  if (job == NULL || !job_run (job, error) || !job_apply (self, job, error))
    return FALSE;

  if (recovery_key != NULL)
    *recovery_key = g_steal_pointer (&job->recovery_key);

  return TRUE;
}

static Job *
create_job_new (AssayVault           *self,
                const char           *passphrase,
                const AssayKdfParams *params,
                const char           *name,
                const char           *agency,
                GError              **error)
{
  Job *job = job_new (self, JOB_CREATE, passphrase, error);

  if (job != NULL)
    {
      if (params != NULL)
        job->kdf = *params;
      job->name = g_strdup (name);
      job->agency = g_strdup (agency);
    }

  return job;
}

gboolean
assay_vault_create (AssayVault            *self,
                    const char            *passphrase,
                    const AssayKdfParams  *params,
                    const char            *name,
                    const char            *agency,
                    AssaySecureString    **recovery_key,
                    GError               **error)
{
  g_return_val_if_fail (ASSAY_IS_VAULT (self), FALSE);

  return job_run_sync (self, create_job_new (self, passphrase, params, name, agency, error),
                       recovery_key, error);
}

void
assay_vault_create_async (AssayVault           *self,
                          const char           *passphrase,
                          const AssayKdfParams *params,
                          const char           *name,
                          const char           *agency,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  GError *error = NULL;

  g_return_if_fail (ASSAY_IS_VAULT (self));

  job_start_async (self, create_job_new (self, passphrase, params, name, agency, &error), &error,
                   assay_vault_create_async, cancellable, callback, user_data);
}

gboolean
assay_vault_create_finish (AssayVault          *self,
                           GAsyncResult        *result,
                           AssaySecureString  **recovery_key,
                           GError             **error)
{
  Job *job = NULL;

  if (!job_finish (self, result, assay_vault_create_async, &job, error))
    return FALSE;

  if (recovery_key != NULL)
    *recovery_key = g_steal_pointer (&job->recovery_key);

  return TRUE;
}

gboolean
assay_vault_unlock (AssayVault  *self,
                    const char  *passphrase,
                    GError     **error)
{
  g_return_val_if_fail (ASSAY_IS_VAULT (self), FALSE);

  return job_run_sync (self, job_new (self, JOB_UNLOCK, passphrase, error), NULL, error);
}

void
assay_vault_unlock_async (AssayVault          *self,
                          const char          *passphrase,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (ASSAY_IS_VAULT (self));

  job_start_async (self, job_new (self, JOB_UNLOCK, passphrase, &error), &error,
                   assay_vault_unlock_async, cancellable, callback, user_data);
}

gboolean
assay_vault_unlock_finish (AssayVault    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return job_finish (self, result, assay_vault_unlock_async, NULL, error);
}

static Job *
recover_job_new (AssayVault  *self,
                 const char  *recovery_key,
                 const char  *new_passphrase,
                 GError     **error)
{
  Job *job = job_new (self, JOB_RECOVER, new_passphrase, error);

  if (job != NULL)
    job->recovery_text = assay_secure_strdup (recovery_key != NULL ? recovery_key : "");

  return job;
}

gboolean
assay_vault_recover (AssayVault  *self,
                     const char  *recovery_key,
                     const char  *new_passphrase,
                     GError     **error)
{
  g_return_val_if_fail (ASSAY_IS_VAULT (self), FALSE);

  return job_run_sync (self, recover_job_new (self, recovery_key, new_passphrase, error),
                       NULL, error);
}

void
assay_vault_recover_async (AssayVault          *self,
                           const char          *recovery_key,
                           const char          *new_passphrase,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (ASSAY_IS_VAULT (self));

  job_start_async (self, recover_job_new (self, recovery_key, new_passphrase, &error), &error,
                   assay_vault_recover_async, cancellable, callback, user_data);
}

gboolean
assay_vault_recover_finish (AssayVault    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return job_finish (self, result, assay_vault_recover_async, NULL, error);
}
