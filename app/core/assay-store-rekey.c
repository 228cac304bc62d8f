/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-store-private.h"

/*
 * Changing the passphrase and, with it, the data key. A new passphrase
 * alone rewraps the data key; a rekey seals every row again under a fresh
 * data key, in one transaction on a connection of its own (so that it can
 * run in a worker thread while the caller's connection still reads the
 * committed vault), wipes what it decrypted, and makes a new recovery key.
 * Whoever kept an old copy of the file and knows an old passphrase or the
 * old recovery key can read that copy, and nothing written after.
 */

#define KEY_BYTES   ASSAY_VAULT_KEY_BYTES
#define NONCE_BYTES ASSAY_VAULT_NONCE_BYTES
#define TAG_BYTES   ASSAY_VAULT_TAG_BYTES

typedef struct
{
  char              *path;
  char              *identity;
  char              *current;        /* secure, or NULL */
  char              *new_passphrase; /* secure */
  gboolean           rekey;
  guint8            *old_key;        /* secure */

  AssayProgressFunc  progress;
  gpointer           progress_data;
  GMainContext      *context;        /* where progress is reported */

  /* Results */
  AssayVaultRow     *row;
  guint8            *new_key;        /* secure */
  AssayHead          head;
  char              *recovery_key;   /* secure, formatted */
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->identity);
  g_clear_pointer (&job->current, assay_secure_free);
  g_clear_pointer (&job->new_passphrase, assay_secure_free);
  g_clear_pointer (&job->old_key, assay_secure_free);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_pointer (&job->row, _assay_vault_row_free);
  g_clear_pointer (&job->new_key, assay_secure_free);
  g_clear_pointer (&job->recovery_key, assay_secure_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

typedef struct
{
  Job     *job;
  guint64  done;
  guint64  total;
} Progress;

static gboolean
report_progress_cb (gpointer data)
{
  Progress *progress = data;

  progress->job->progress (progress->done, progress->total, progress->job->progress_data);

  return G_SOURCE_REMOVE;
}

static void
report_progress (Job     *job,
                 guint64  done,
                 guint64  total)
{
  Progress *progress;

  if (job->progress == NULL)
    return;

  /* From the thread that asked, as the caller expects. */
  progress = g_new (Progress, 1);
  progress->job = job;
  progress->done = done;
  progress->total = total;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, report_progress_cb, progress,
                              g_free);
}

/* One sealed value opened with the old key and sealed with the new one,
 * with the same associated data. */
static GBytes *
reseal (Job           *job,
        gconstpointer  sealed,
        gsize          sealed_len,
        GByteArray    *ad,
        GError       **error)
{
  const guint8 *in = sealed;
  guint8 *plain;
  guint8 *out;
  gsize plain_len;

  if (sealed == NULL || sealed_len < NONCE_BYTES + TAG_BYTES)
    goto damaged;

  plain_len = sealed_len - NONCE_BYTES - TAG_BYTES;
  plain = assay_secure_alloc (plain_len + 1);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (plain, NULL, NULL, in + NONCE_BYTES,
                                                  sealed_len - NONCE_BYTES, ad->data, ad->len,
                                                  in, job->old_key) != 0)
    {
      assay_secure_free (plain);
      goto damaged;
    }

  out = g_malloc (sealed_len);
  randombytes_buf (out, NONCE_BYTES);
  crypto_aead_xchacha20poly1305_ietf_encrypt (out + NONCE_BYTES, NULL, plain, plain_len,
                                              ad->data, ad->len, NULL, out, job->new_key);
  /* Freeing secure memory wipes it. */
  assay_secure_free (plain);

  return g_bytes_new_take (out, sealed_len);

damaged:
  g_set_error_literal (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY,
                       _("A record could not be opened to re-encrypt it: run “assay-cli "
                         "check” first, and restore the vault from a backup if it is "
                         "damaged"));
  return NULL;
}

/* A row's key: a conflict's rowid as ?1; a record's revision, collection
 * and id as ?1, ?2 and ?3. */
static void
bind_row_key (AssayStatement *stmt,
              gboolean        conflicts,
              gint64          key,
              char          **names)
{
  assay_statement_bind_int64 (stmt, 1, key);
  if (!conflicts)
    {
      assay_statement_bind_text (stmt, 2, names[0]);
      assay_statement_bind_text (stmt, 3, names[1]);
    }
}

/* Re-seals every row of @table ("records" or "conflicts"), counting in @done. */
static gboolean
reseal_table (Job            *job,
              AssayDatabase  *database,
              gboolean        conflicts,
              guint64        *done,
              guint64         total,
              GError        **error)
{
  g_autoptr(AssayStatement) select = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const char *label = conflicts ? CONFLICT_AD_LABEL : RECORD_AD_LABEL;

  /* The keys first: rows are updated one by one after, never under a
   * running scan of the same table. Conflicts by rowid; records (without
   * rowid) by collection, id and revision. */
  select = assay_database_prepare (database,
                                   conflicts
                                   ? "SELECT rowid, '', '' FROM conflicts WHERE sealed IS NOT NULL"
                                   : "SELECT revision, collection, id FROM records",
                                   error);
  if (select == NULL)
    return FALSE;

  while (assay_statement_step (select, &local_error))
    {
      gint64 key = assay_statement_get_int64 (select, 0);

      g_array_append_val (keys, key);
      g_ptr_array_add (ids, g_strconcat (assay_statement_get_text (select, 1), "\n",
                                         assay_statement_get_text (select, 2), NULL));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (guint i = 0; i < keys->len; i++)
    {
      g_autoptr(AssayStatement) read = NULL;
      g_autoptr(AssayStatement) write = NULL;
      g_autoptr(GByteArray) ad = NULL;
      g_autoptr(GBytes) sealed = NULL;
      g_auto(GStrv) names = g_strsplit (g_ptr_array_index (ids, i), "\n", 2);
      gint64 key = g_array_index (keys, gint64, i);
      gconstpointer blob;
      gsize blob_len;
      gboolean is_signed;

      read = assay_database_prepare (database,
                                     conflicts
                                     ? "SELECT " SELECT_COLUMNS " FROM conflicts WHERE rowid = ?1"
                                     : "SELECT " SELECT_COLUMNS " FROM records "
                                       "WHERE revision = ?1 AND collection = ?2 AND id = ?3",
                                     error);
      if (read == NULL)
        return FALSE;

      bind_row_key (read, conflicts, key, names);
      if (!assay_statement_step (read, &local_error))
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error_literal (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND,
                                 _("A record went missing while it was re-encrypted"));
          return FALSE;
        }

      is_signed = !assay_statement_is_null (read, 6);
      ad = _assay_store_record_ad (label, assay_statement_get_text (read, 0),
                                   assay_statement_get_text (read, 1),
                                   assay_statement_get_int64 (read, 2),
                                   assay_statement_get_text (read, 3),
                                   (guint64) assay_statement_get_int64 (read, 4),
                                   is_signed ? assay_statement_get_int64 (read, 6) : -1,
                                   assay_statement_get_int64 (read, 7) != 0);
      blob = assay_statement_get_blob (read, 5, &blob_len);
      sealed = reseal (job, blob, blob_len, ad, error);
      g_clear_pointer (&read, assay_statement_release);
      if (sealed == NULL)
        return FALSE;

      write = assay_database_prepare (database,
                                      conflicts
                                      ? "UPDATE conflicts SET sealed = ?4 WHERE rowid = ?1"
                                      : "UPDATE records SET sealed = ?4 "
                                        "WHERE revision = ?1 AND collection = ?2 AND id = ?3",
                                      error);
      if (write == NULL)
        return FALSE;

      bind_row_key (write, conflicts, key, names);
      assay_statement_bind_blob (write, 4, g_bytes_get_data (sealed, NULL),
                                 g_bytes_get_size (sealed));
      if (!assay_statement_run (write, error))
        return FALSE;

      (*done)++;
      if (*done % 512 == 0 || *done == total)
        report_progress (job, *done, total);
    }

  return TRUE;
}

static gboolean
count_rows (AssayDatabase  *database,
            guint64        *total,
            GError        **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = assay_database_prepare (database,
                                 "SELECT (SELECT count(*) FROM records) + "
                                 "  (SELECT count(*) FROM conflicts WHERE sealed IS NOT NULL)",
                                 error);
  if (stmt == NULL)
    return FALSE;

  if (!assay_statement_step (stmt, &local_error))
    {
      /* An aggregate always has a row: only an error stops it. */
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *total = (guint64) assay_statement_get_int64 (stmt, 0);

  return TRUE;
}

/* The identity key and profile sealed again under the new key. */
static gboolean
reseal_identity (Job     *job,
                 GError **error)
{
  guint8 *sign_sk = NULL;
  char *name = NULL;
  char *agency = NULL;
  GBytes *sealed;

  if (!_assay_identity_key_open (job->row->identity_sealed, job->row->identity_public,
                                 job->old_key, &sign_sk, &name, &agency))
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_DAMAGED,
                           _("The vault's identity record is damaged or was replaced"));
      return FALSE;
    }

  sealed = _assay_identity_key_seal (job->new_key, job->row->identity_public, sign_sk, name,
                                     agency);
  g_bytes_unref (job->row->identity_sealed);
  job->row->identity_sealed = sealed;

  assay_secure_free (sign_sk);
  assay_secure_free (name);
  assay_secure_free (agency);

  return TRUE;
}

static gboolean
job_run (Job     *job,
         GError **error)
{
  g_autoptr(AssayDatabase) database = NULL;
  guint8 *check_key = NULL;
  guint8 *old_head_key = NULL;
  guint8 *new_head_key = NULL;
  guint8 *recovery = NULL;
  AssayKdfParams kdf;
  gboolean present = FALSE;
  guint64 done = 0;
  guint64 total = 0;
  gboolean ok = FALSE;

  /* Its own connection: the caller's may go on reading meanwhile. */
  database = assay_database_open (job->path, error);
  if (database == NULL || !_assay_vault_read_row (database, &job->row, error))
    return FALSE;

  if (job->current != NULL)
    {
      check_key = assay_secure_alloc (KEY_BYTES);
      if (!_assay_vault_unwrap_with_passphrase (job->row, job->current, check_key, error))
        goto out;
      if (sodium_memcmp (check_key, job->old_key, KEY_BYTES) != 0)
        {
          g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_PASSPHRASE,
                               _("The passphrase is not correct"));
          goto out;
        }
    }

  job->new_key = assay_secure_alloc (KEY_BYTES);
  if (job->rekey)
    crypto_aead_xchacha20poly1305_ietf_keygen (job->new_key);
  else
    memcpy (job->new_key, job->old_key, KEY_BYTES);

  /* Argon2id before the transaction, which then holds the write lock only
   * as long as the re-encryption takes. */
  assay_kdf_params_init_default (&kdf);
  if (!_assay_kdf_params_weaker (&job->row->kdf, &kdf))
    kdf = job->row->kdf;
  if (!_assay_vault_wrap_with_passphrase (job->row, job->new_key, job->new_passphrase, &kdf,
                                          error))
    goto out;

  if (!job->rekey)
    {
      ok = _assay_vault_save_row (database, job->row, job->new_key,
                                  ASSAY_VAULT_PASSPHRASE_FIELDS, FALSE, error);
      goto out;
    }

  recovery = assay_secure_alloc (ASSAY_RECOVERY_KEY_BYTES);
  randombytes_buf (recovery, ASSAY_RECOVERY_KEY_BYTES);
  _assay_vault_wrap_with_recovery (job->row, job->new_key, recovery);

  old_head_key = assay_secure_alloc (ASSAY_HEAD_BYTES);
  new_head_key = assay_secure_alloc (ASSAY_HEAD_BYTES);
  _assay_head_derive_key (job->old_key, old_head_key);
  _assay_head_derive_key (job->new_key, new_head_key);

  if (!assay_database_begin (database, error))
    goto out;

  /* Not over a vault that fails its head: that would bless the change. */
  if (!_assay_head_load_for_write (database, old_head_key, job->identity, &job->head, &present,
                                   error) ||
      !count_rows (database, &total, error) ||
      !reseal_table (job, database, FALSE, &done, total, error) ||
      !reseal_table (job, database, TRUE, &done, total, error) ||
      !reseal_identity (job, error) ||
      !_assay_vault_update_row (database, job->row, error) ||
      !_assay_head_rebuild (database, &job->head, new_head_key, job->row, error) ||
      !_assay_head_write (database, &job->head, new_head_key, error) ||
      !assay_database_commit (database, error))
    {
      assay_database_rollback (database);
      goto out;
    }

  report_progress (job, total, total);
  job->recovery_key = assay_recovery_key_format (recovery);
  ok = TRUE;

out:
  g_clear_pointer (&check_key, assay_secure_free);
  g_clear_pointer (&old_head_key, assay_secure_free);
  g_clear_pointer (&new_head_key, assay_secure_free);
  g_clear_pointer (&recovery, assay_secure_free);

  return ok;
}

/* On the caller's thread: the vault takes the new key. */
static gboolean
job_apply (AssayStore  *self,
           Job         *job,
           GError     **error)
{
  if (!job->rekey)
    return TRUE;

  if (!_assay_vault_install_keys (self->vault, job->row, g_steal_pointer (&job->new_key), error))
    return FALSE;

  _assay_head_seen_save (job->identity, job->path, &job->head, &job->row->kdf, FALSE);
  g_info ("Re-encrypted %s under a new data key; the old recovery key no longer opens it",
             job->path);

  return TRUE;
}

static Job *
job_new (AssayStore         *self,
         const char         *current_passphrase,
         const char         *new_passphrase,
         gboolean            rekey,
         AssayProgressFunc   progress,
         gpointer            progress_data,
         GError            **error)
{
  g_autoptr(Job) job = NULL;

  if (!_assay_store_require_unlocked (self, error) ||
      !_assay_vault_check_passphrase (new_passphrase, error))
    return NULL;

  g_return_val_if_fail (!self->in_transaction, NULL);

  job = g_new0 (Job, 1);
  job->path = g_strdup (assay_database_get_path (assay_vault_get_database (self->vault)));
  job->identity = g_strdup (assay_vault_get_identity (self->vault));
  job->current = current_passphrase != NULL ? assay_secure_strdup (current_passphrase) : NULL;
  job->new_passphrase = assay_secure_strdup (new_passphrase);
  job->rekey = rekey;
  job->old_key = assay_secure_alloc (KEY_BYTES);
  memcpy (job->old_key, _assay_vault_get_data_key (self->vault), KEY_BYTES);
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();

  return g_steal_pointer (&job);
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
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (self), FALSE);

  if (recovery_key != NULL)
    *recovery_key = NULL;

  /* On this thread, progress is reported as it comes. */
  job = job_new (self, current_passphrase, new_passphrase, rekey, progress, progress_data,
                 error);
  if (job == NULL || !job_run (job, error) || !job_apply (self, job, error))
    return FALSE;

  if (recovery_key != NULL)
    *recovery_key = g_steal_pointer (&job->recovery_key);

  return TRUE;
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (job_run (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
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
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Job *job;

  g_return_if_fail (ASSAY_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, assay_store_change_passphrase_async);

  job = job_new (self, current_passphrase, new_passphrase, rekey, progress, progress_data,
                 &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

gboolean
assay_store_change_passphrase_finish (AssayStore          *self,
                                      GAsyncResult        *result,
                                      AssaySecureString  **recovery_key,
                                      GError             **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        assay_store_change_passphrase_async, FALSE);

  if (recovery_key != NULL)
    *recovery_key = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  if (!job_apply (self, job, error))
    return FALSE;

  if (recovery_key != NULL)
    *recovery_key = g_steal_pointer (&job->recovery_key);

  return TRUE;
}
