/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "assay-audit-index.h"
#include "assay-audit-private.h"
#include "assay-missing-frameworks.h"
#include "assay-secure.h"
#include "assay-store-private.h"
#include "assay-vault-private.h"

/*
 * The summaries of audits (assay-audit-index.h), in the `summaries` table:
 * one row per audit, naming the revision and stamp it summarises, sealed
 * under the vault's key with those bound in (and the author's identity, from
 * the record's row), so that a summary cannot be moved to another audit or
 * passed off for another revision. A summary that is missing, names another
 * revision, was written in another format or fails to open is made again
 * from the record, which is authenticated as every read of it is.
 */

/* Bumped whenever what a summary holds, or how a grade is derived from it,
 * changes: every summary is then made again once. */
#define SUMMARY_FORMAT 1
#define SUMMARY_AD_LABEL "assay/summary/1"

/* The newest revision of every audit, oldest change first (as
 * assay_store_list() orders them), beside its summary if there is one. The
 * ledger names each record's newest revision, kept in step with every
 * write and authenticated by the head (assay-head.c). */
#define LIST_SQL \
  "SELECT l.id, l.revision, l.hlc, l.author, s.revision, s.hlc, s.format, s.sealed " \
  "FROM ledger AS l LEFT JOIN summaries AS s " \
  "  ON s.collection = l.collection AND s.id = l.id " \
  "WHERE l.collection = ?1 ORDER BY l.hlc, l.id"

enum { COL_ID, COL_REVISION, COL_HLC, COL_AUTHOR, COL_S_REVISION, COL_S_HLC, COL_S_FORMAT,
       COL_S_SEALED };

static GByteArray *
summary_ad (const char *id,
            gint64      revision,
            const char *author,
            guint64     hlc)
{
  return _assay_store_record_ad (SUMMARY_AD_LABEL, ASSAY_AUDIT_COLLECTION, id, revision,
                                 author, hlc, -1, FALSE);
}

static gboolean
put_summary (AssayStore  *store,
             const char  *id,
             gint64       revision,
             guint64      hlc,
             const char  *author,
             GVariant    *summary,
             GError     **error)
{
  AssayVault *vault = assay_store_get_vault (store);
  g_autoptr(GBytes) plain = g_variant_get_data_as_bytes (summary);
  g_autoptr(GByteArray) ad = summary_ad (id, revision, author, hlc);
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(AssayStatement) stmt = NULL;

  sealed = assay_vault_seal (vault, plain, ad->data, ad->len, error);
  if (sealed == NULL)
    return FALSE;

  stmt = assay_database_prepare (assay_vault_get_database (vault),
                                 "INSERT OR REPLACE INTO summaries "
                                 "(collection, id, revision, hlc, format, sealed) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;

  assay_statement_bind_text (stmt, 1, ASSAY_AUDIT_COLLECTION);
  assay_statement_bind_text (stmt, 2, id);
  assay_statement_bind_int64 (stmt, 3, revision);
  assay_statement_bind_int64 (stmt, 4, (gint64) hlc);
  assay_statement_bind_int64 (stmt, 5, SUMMARY_FORMAT);
  assay_statement_bind_blob (stmt, 6, g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));

  return assay_statement_run (stmt, error);
}

gboolean
_assay_audit_index_put (AssayAudit  *self,
                        const char  *author,
                        GError     **error)
{
  g_autoptr(GVariant) summary = _assay_audit_light_build (self);

  return put_summary (self->store, self->id, self->revision, self->hlc, author, summary, error);
}

gboolean
_assay_audit_index_put_record (AssayStore         *store,
                               const AssayRecord  *record,
                               GVariant           *summary,
                               GError            **error)
{
  return put_summary (store, record->id, record->revision, record->hlc, record->author, summary,
                      error);
}

/* Whether the summary in the row @stmt is on is the newest revision's, in
 * this version's format. */
static gboolean
summary_is_current (AssayStatement *stmt)
{
  return !assay_statement_is_null (stmt, COL_S_SEALED) &&
         assay_statement_get_int64 (stmt, COL_S_FORMAT) == SUMMARY_FORMAT &&
         assay_statement_get_int64 (stmt, COL_S_REVISION) ==
           assay_statement_get_int64 (stmt, COL_REVISION) &&
         assay_statement_get_int64 (stmt, COL_S_HLC) == assay_statement_get_int64 (stmt, COL_HLC);
}

static GByteArray *
row_summary_ad (AssayStatement *stmt)
{
  return summary_ad (assay_statement_get_text (stmt, COL_ID),
                     assay_statement_get_int64 (stmt, COL_REVISION),
                     assay_statement_get_text (stmt, COL_AUTHOR),
                     (guint64) assay_statement_get_int64 (stmt, COL_HLC));
}

/* The summary in the row @stmt is on, if it is current and opens; NULL
 * otherwise (the caller makes it again). */
static AssayAuditLight *
open_summary (AssayVault     *vault,
              AssayStatement *stmt)
{
  g_autoptr(GByteArray) ad = NULL;
  g_autoptr(GBytes) plain = NULL;
  gconstpointer sealed;
  gsize sealed_len;

  if (!summary_is_current (stmt))
    return NULL;

  ad = row_summary_ad (stmt);
  sealed = assay_statement_get_blob (stmt, COL_S_SEALED, &sealed_len);
  plain = assay_vault_open (vault, sealed, sealed_len, ad->data, ad->len, NULL);
  if (plain == NULL)
    return NULL;

  return _assay_audit_light_new (plain, NULL);
}

/* Reads each of @ids whole and stores its summary: into @audits at the
 * index @slots gives, when @audits is not NULL. The summaries are a cache
 * of what the records say: when they cannot be written (a read-only file),
 * the audits are still read. */
static gboolean
make_summaries (AssayStore         *store,
                AssayFrameworks    *frameworks,
                GPtrArray          *ids,
                GArray             *slots,
                GPtrArray          *audits,
                GPtrArray          *missing,
                AssayProgressFunc   progress,
                gpointer            progress_data,
                GError            **error)
{
  AssayDatabase *database = assay_vault_get_database (assay_store_get_vault (store));
  gboolean own_transaction = !assay_store_in_transaction (store);
  gboolean writing = TRUE;
  g_autoptr(GError) write_error = NULL;

  if (ids->len == 0)
    return TRUE;

  if (own_transaction && !assay_database_begin (database, &write_error))
    writing = FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(AssayRecord) record = NULL;
      g_autoptr(AssayAudit) audit = NULL;
      g_autoptr(GError) local_error = NULL;

      record = assay_store_load (store, ASSAY_AUDIT_COLLECTION, ids->pdata[i], error);
      if (record == NULL)
        goto failed;

      audit = _assay_audit_from_record (store, frameworks, record, missing, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto failed;
        }

      if (audit != NULL && writing &&
          !_assay_audit_index_put (audit, record->author, &write_error))
        writing = FALSE;

      if (audits != NULL && audit != NULL)
        audits->pdata[g_array_index (slots, guint, i)] = g_steal_pointer (&audit);

      if (progress != NULL)
        progress (i + 1, ids->len, progress_data);
    }

  if (own_transaction && writing && !assay_database_commit (database, &write_error))
    writing = FALSE;
  if (!writing)
    {
      if (own_transaction)
        assay_database_rollback (database);
      g_debug ("Audit summaries not stored: %s", write_error->message);
    }

  return TRUE;

failed:
  if (own_transaction && writing)
    assay_database_rollback (database);
  return FALSE;
}

/* The list holds a gap for each audit read whole after the rest. */
static void
unref_audit (gpointer audit)
{
  if (audit != NULL)
    g_object_unref (audit);
}

GPtrArray *
_assay_audit_index_list (AssayStore       *store,
                         AssayFrameworks  *frameworks,
                         GPtrArray       **missing,
                         GError          **error)
{
  AssayVault *vault = assay_store_get_vault (store);
  g_autoptr(GPtrArray) audits = g_ptr_array_new_with_free_func (unref_audit);
  g_autoptr(GPtrArray) left_out = NULL;
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) slots = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) local_error = NULL;

  if (!_assay_store_require_unlocked (store, error))
    return NULL;

  /* One colleague's audit made with a framework this computer lacks must
   * not keep every other audit from being read. */
  left_out = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_missing_framework_free);

  {
    g_autoptr(AssayStatement) stmt = assay_database_prepare (assay_vault_get_database (vault),
                                                             LIST_SQL, error);

    if (stmt == NULL)
      return NULL;
    assay_statement_bind_text (stmt, 1, ASSAY_AUDIT_COLLECTION);

    while (assay_statement_step (stmt, &local_error))
      {
        AssayAuditLight *light = open_summary (vault, stmt);
        AssayAudit *audit;

        if (light == NULL)
          {
            guint slot = audits->len;

            g_ptr_array_add (stale, g_strdup (assay_statement_get_text (stmt, COL_ID)));
            g_array_append_val (slots, slot);
            g_ptr_array_add (audits, NULL);
            continue;
          }

        audit = _assay_audit_new_light (store, frameworks,
                                        assay_statement_get_text (stmt, COL_ID),
                                        assay_statement_get_int64 (stmt, COL_REVISION),
                                        (guint64) assay_statement_get_int64 (stmt, COL_HLC),
                                        light, left_out, &local_error);
        if (local_error != NULL)
          break;
        if (audit != NULL)
          g_ptr_array_add (audits, audit);
      }

    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }
  }

  if (!make_summaries (store, frameworks, stale, slots, audits, left_out, NULL, NULL, error))
    return NULL;

  /* Audits left out for want of their framework leave no gap. */
  for (guint i = audits->len; i > 0; i--)
    if (audits->pdata[i - 1] == NULL)
      g_ptr_array_remove_index (audits, i - 1);

  if (missing != NULL)
    *missing = g_steal_pointer (&left_out);

  return g_steal_pointer (&audits);
}

gboolean
assay_audit_index_refresh (AssayStore         *store,
                           AssayFrameworks    *frameworks,
                           AssayProgressFunc   progress,
                           gpointer            progress_data,
                           GError            **error)
{
  AssayDatabase *database;
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) left_out = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (frameworks), FALSE);

  if (!_assay_store_require_unlocked (store, error))
    return FALSE;

  database = assay_vault_get_database (assay_store_get_vault (store));

  {
    /* Only what is plainly stale: a summary that fails to open is found
     * (and made again) by the next list. */
    g_autoptr(AssayStatement) stmt =
      assay_database_prepare (database,
                              "SELECT l.id FROM ledger AS l LEFT JOIN summaries AS s "
                              "  ON s.collection = l.collection AND s.id = l.id "
                              "WHERE l.collection = ?1 "
                              "AND (s.id IS NULL OR s.revision != l.revision OR "
                              "     s.hlc != l.hlc OR s.format != ?2)", error);

    if (stmt == NULL)
      return FALSE;
    assay_statement_bind_text (stmt, 1, ASSAY_AUDIT_COLLECTION);
    assay_statement_bind_int64 (stmt, 2, SUMMARY_FORMAT);
    while (assay_statement_step (stmt, &local_error))
      g_ptr_array_add (stale, g_strdup (assay_statement_get_text (stmt, 0)));
    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
      }
  }

  left_out = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_missing_framework_free);

  return make_summaries (store, frameworks, stale, NULL, NULL, left_out, progress,
                         progress_data, error);
}

/*
 * The asynchronous list. A worker thread reads the rows with its own
 * database connection and opens the summaries with its own copy of the data
 * key (secure memory, wiped when the list ends), so it never touches the
 * store, whose connection and state belong to the main thread. What it
 * reads waits in @pending; the main thread turns it into audits (looking up
 * frameworks, and reading whole the few audits whose summary was missing or
 * stale) and hands them over in batches, in order.
 */

#define BATCH_SIZE 500

typedef struct
{
  char    *id;
  gint64   revision;
  guint64  hlc;
  GBytes  *summary;   /* NULL: to be made from the record */
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->id);
  g_clear_pointer (&entry->summary, g_bytes_unref);
  g_free (entry);
}

typedef struct
{
  GTask               *task;         /* the caller's */
  AssayStore          *store;
  AssayFrameworks     *frameworks;
  AssayAuditBatchFunc  batch;
  gpointer             batch_data;
  char                *path;
  guint8              *key;          /* secure memory */
  GMainContext        *context;

  GMutex               lock;
  GPtrArray           *pending;      /* of Entry, under @lock */
  gboolean             drain_queued; /* under @lock */

  GPtrArray           *audits;
  GPtrArray           *missing;
  GError              *error;        /* the first the main thread met */
} ListJob;

static void
list_job_free (ListJob *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->frameworks);
  g_free (job->path);
  g_clear_pointer (&job->key, assay_secure_free);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_mutex_clear (&job->lock);
  g_clear_pointer (&job->pending, g_ptr_array_unref);
  g_clear_pointer (&job->audits, g_ptr_array_unref);
  g_clear_pointer (&job->missing, g_ptr_array_unref);
  g_clear_error (&job->error);
  g_free (job);
}

/* Main thread: what the worker has read so far, as audits, to the caller. */
static void
drain (ListJob *job)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GPtrArray) stale = NULL;
  g_autoptr(GArray) slots = NULL;

  g_mutex_lock (&job->lock);
  entries = g_steal_pointer (&job->pending);
  job->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  job->drain_queued = FALSE;
  g_mutex_unlock (&job->lock);

  /* Whoever cancelled wants nothing more; rows_read() says so. */
  if (entries->len == 0 || job->error != NULL ||
      g_cancellable_is_cancelled (g_task_get_cancellable (job->task)))
    return;

  /* Locked while the rows were read: nothing of them may be shown. */
  if (assay_vault_get_locked (assay_store_get_vault (job->store)))
    {
      g_set_error_literal (&job->error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED,
                           _("The vault is locked"));
      return;
    }

  batch = g_ptr_array_new_with_free_func (unref_audit);
  stale = g_ptr_array_new_with_free_func (g_free);
  slots = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < entries->len && job->error == NULL; i++)
    {
      Entry *entry = entries->pdata[i];
      AssayAuditLight *light = NULL;

      if (entry->summary != NULL)
        light = _assay_audit_light_new (entry->summary, NULL);

      if (light == NULL)
        {
          guint slot = batch->len;

          g_ptr_array_add (stale, g_strdup (entry->id));
          g_array_append_val (slots, slot);
          g_ptr_array_add (batch, NULL);
          continue;
        }

      g_ptr_array_add (batch, _assay_audit_new_light (job->store, job->frameworks, entry->id,
                                                      entry->revision, entry->hlc, light,
                                                      job->missing, &job->error));
    }

  if (job->error == NULL)
    make_summaries (job->store, job->frameworks, stale, slots, batch, job->missing, NULL, NULL,
                    &job->error);
  if (job->error != NULL)
    return;

  for (guint i = batch->len; i > 0; i--)
    if (batch->pdata[i - 1] == NULL)
      g_ptr_array_remove_index (batch, i - 1);

  if (batch->len == 0)
    return;

  g_ptr_array_extend (job->audits, batch, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  if (job->batch != NULL)
    job->batch (batch, job->batch_data);
}

static gboolean
drain_cb (gpointer user_data)
{
  drain (g_task_get_task_data (user_data));
  return G_SOURCE_REMOVE;
}

/* Worker: hands @entry over, asking the main thread to take a batch. */
static void
queue_entry (ListJob *job,
             Entry   *entry)
{
  gboolean wake;

  g_mutex_lock (&job->lock);
  g_ptr_array_add (job->pending, entry);
  wake = job->pending->len >= BATCH_SIZE && !job->drain_queued;
  if (wake)
    job->drain_queued = TRUE;
  g_mutex_unlock (&job->lock);

  /* The caller's task holds the job until the main thread has run this,
   * whichever of this and the worker's end runs first. */
  if (wake)
    g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, drain_cb,
                                g_object_ref (job->task), g_object_unref);
}

static void
read_rows (GTask        *worker,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  ListJob *job = task_data;
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayStatement) stmt = NULL;
  GError *error = NULL;

  database = assay_database_open (job->path, &error);
  if (database != NULL)
    stmt = assay_database_prepare (database, LIST_SQL, &error);
  if (stmt == NULL)
    {
      g_task_return_error (worker, error);
      return;
    }

  assay_statement_bind_text (stmt, 1, ASSAY_AUDIT_COLLECTION);
  while (assay_statement_step (stmt, &error))
    {
      Entry *entry = g_new0 (Entry, 1);

      if (g_cancellable_is_cancelled (cancellable))
        {
          entry_free (entry);
          break;
        }

      entry->id = g_strdup (assay_statement_get_text (stmt, COL_ID));
      entry->revision = assay_statement_get_int64 (stmt, COL_REVISION);
      entry->hlc = (guint64) assay_statement_get_int64 (stmt, COL_HLC);
      if (summary_is_current (stmt))
        {
          g_autoptr(GByteArray) ad = row_summary_ad (stmt);
          gsize sealed_len;
          gconstpointer sealed = assay_statement_get_blob (stmt, COL_S_SEALED, &sealed_len);

          entry->summary = _assay_vault_open_with_key (job->key, sealed, sealed_len,
                                                       ad->data, ad->len, NULL);
        }
      queue_entry (job, entry);
    }

  if (error != NULL)
    g_task_return_error (worker, error);
  else
    g_task_return_boolean (worker, TRUE);
}

/* Main thread, once the worker is done: the rest, then the caller's
 * callback. */
static void
rows_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  drain (job);
  if (job->error != NULL)
    g_task_return_error (task, g_steal_pointer (&job->error));
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, g_ptr_array_ref (job->audits),
                           (GDestroyNotify) g_ptr_array_unref);
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
  g_autoptr(GTask) worker = NULL;
  AssayVault *vault;
  GError *error = NULL;
  ListJob *job;

  g_return_if_fail (ASSAY_IS_STORE (store));
  g_return_if_fail (ASSAY_IS_FRAMEWORKS (frameworks));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, assay_audit_list_async);

  if (!_assay_store_require_unlocked (store, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  vault = assay_store_get_vault (store);
  job = g_new0 (ListJob, 1);
  job->task = task;   /* not a reference: the job is the task's */
  job->store = g_object_ref (store);
  job->frameworks = g_object_ref (frameworks);
  job->batch = batch;
  job->batch_data = batch_data;
  job->path = g_strdup (assay_database_get_path (assay_vault_get_database (vault)));
  job->key = assay_secure_alloc (ASSAY_VAULT_KEY_BYTES);
  memcpy (job->key, _assay_vault_get_data_key (vault), ASSAY_VAULT_KEY_BYTES);
  job->context = g_main_context_ref_thread_default ();
  g_mutex_init (&job->lock);
  job->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  job->audits = g_ptr_array_new_with_free_func (g_object_unref);
  job->missing = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_missing_framework_free);
  g_task_set_task_data (task, job, (GDestroyNotify) list_job_free);

  /* The worker reads the job the caller's task owns: its callback holds
   * that task until the worker is done. Whatever a save committed before
   * now is in the file the worker reads. */
  worker = g_task_new (store, cancellable, rows_read, g_object_ref (task));
  g_task_set_source_tag (worker, read_rows);
  g_task_set_task_data (worker, job, NULL);
  g_task_run_in_thread (worker, read_rows);
}

GPtrArray *
assay_audit_list_finish (AssayStore    *store,
                         GAsyncResult  *result,
                         GPtrArray    **missing,
                         GError       **error)
{
  ListJob *job;
  GPtrArray *audits;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  job = g_task_get_task_data (G_TASK (result));
  audits = g_task_propagate_pointer (G_TASK (result), error);
  if (audits != NULL && missing != NULL)
    *missing = g_steal_pointer (&job->missing);

  return audits;
}
