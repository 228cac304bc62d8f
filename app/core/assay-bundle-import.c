/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-bundle"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "assay-audit-private.h"
#include "assay-bundle-private.h"
#include "assay-bundle-stream.h"
#include "assay-json-util.h"

/*
 * Reading bundles: opening a file (in a worker thread if need be), then
 * merging it (assay-bundle-merge.c); several files at once with one
 * passphrase prompt, and what `import --json` reports.
 */

void
assay_opened_bundle_free (AssayOpenedBundle *bundle)
{
  if (bundle == NULL)
    return;

  g_free (bundle->name);
  g_clear_object (&bundle->file);
  g_clear_pointer (&bundle->file_key, assay_secure_free);
  g_free (bundle->sender);
  g_free (bundle->sender_name);
  g_free (bundle->sender_agency);
  g_free (bundle->created);
  g_clear_pointer (&bundle->authors, g_hash_table_unref);
  g_clear_pointer (&bundle->draft_authors, g_hash_table_unref);
  g_free (bundle);
}

const char *
assay_opened_bundle_get_name (AssayOpenedBundle *bundle)
{
  g_return_val_if_fail (bundle != NULL, NULL);

  return bundle->name;
}

const char *
assay_opened_bundle_get_sender (AssayOpenedBundle *bundle)
{
  g_return_val_if_fail (bundle != NULL, NULL);

  return bundle->sender;
}

const char *
assay_opened_bundle_get_sender_name (AssayOpenedBundle *bundle)
{
  g_return_val_if_fail (bundle != NULL, NULL);

  return bundle->sender_name;
}

const char *
assay_opened_bundle_get_sender_agency (AssayOpenedBundle *bundle)
{
  g_return_val_if_fail (bundle != NULL, NULL);

  return bundle->sender_agency;
}

static gboolean
box_key_open_slot (const guint8  *sealed,
                   gsize          sealed_len,
                   guint8        *file_key,
                   gpointer       user_data,
                   GError       **error)
{
  return assay_box_key_open (user_data, sealed, sealed_len, file_key, error);
}

/* What opening needs, taken from the vault on its own thread: the worker
 * never touches the vault itself. */
typedef struct
{
  GFile             *file;
  char              *name;
  char              *identity;
  AssayBoxKey       *box_key;
  AssaySecureString *passphrase;
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_clear_object (&job->file);
  g_free (job->name);
  g_free (job->identity);
  g_clear_pointer (&job->box_key, assay_box_key_unref);
  g_clear_pointer (&job->passphrase, assay_secure_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenJob, open_job_free)

static OpenJob *
open_job_new (AssayVault  *vault,
              GFile       *file,
              const char  *passphrase,
              GError     **error)
{
  g_autoptr(OpenJob) job = g_new0 (OpenJob, 1);

  job->box_key = assay_vault_get_box_key (vault, error);
  if (job->box_key == NULL)
    return NULL;

  job->file = g_object_ref (file);
  job->name = g_file_get_parse_name (file);
  job->identity = g_strdup (assay_vault_get_identity (vault));
  job->passphrase = passphrase != NULL ? assay_secure_strdup (passphrase) : NULL;

  return g_steal_pointer (&job);
}

/* Like any other input that cannot be used: rejected, naming it. */
static void
set_read_error (GError     **error,
                const char  *name,
                GError      *local_error)
{
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (local_error));
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE,
                 _("%s does not exist"), name);
  else
    g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE,
                 _("%s cannot be read: %s"), name, local_error->message);
}

AssayBundleReader *
_assay_opened_bundle_read (AssayOpenedBundle  *bundle,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) local_error = NULL;
  AssayBundleReader *reader;

  in = g_file_read (bundle->file, cancellable, &local_error);
  if (in == NULL)
    {
      set_read_error (error, bundle->name, local_error);
      return NULL;
    }

  reader = _assay_bundle_reader_new_with_key (G_INPUT_STREAM (in), bundle->name,
                                              bundle->file_key, cancellable, error);
  if (reader != NULL)
    _assay_bundle_reader_expect_hash (reader, bundle->hash);

  return reader;
}

/* The first pass, in any thread: every signature checked, the end reached,
 * what the import will need to know noted. Nothing is kept of the records:
 * memory stays bounded whatever the size. */
static gboolean
scan_entries (AssayOpenedBundle        *bundle,
              AssayBundleReader        *reader,
              AssayProgressFunc         progress,
              gpointer                  progress_data,
              GCancellable             *cancellable,
              GError                  **error)
{
  for (;;)
    {
      g_autoptr(AssayBundleEntry) entry = NULL;
      const AssayRecord *record;

      if (!_assay_bundle_reader_next (reader, &entry, cancellable, error))
        return FALSE;
      if (progress != NULL)
        progress (MIN (_assay_bundle_reader_get_offset (reader), bundle->size),
                  2 * bundle->size, progress_data);
      if (entry == NULL)
        return TRUE;

      if (entry->type == ASSAY_BUNDLE_ENTRY_AUTHOR)
        {
          if (!g_hash_table_contains (bundle->authors, entry->key))
            g_hash_table_insert (bundle->authors, g_strdup (entry->key),
                                 g_strdup_printf ("%s\n%s", entry->name, entry->agency));
          continue;
        }

      record = entry->record;
      if (!g_str_equal (record->collection, ASSAY_AUDIT_COLLECTION))
        continue;

      /* The merge looks again at these authors' audits only. */
      if (g_strcmp0 (_assay_bundle_get_string (entry->payload, "status"), "draft") == 0)
        g_hash_table_add (bundle->draft_authors, g_strdup (record->author));
    }
}

/* May run in any thread, and so does @progress. */
static AssayOpenedBundle *
open_job_run (OpenJob                  *job,
              AssayProgressFunc         progress,
              gpointer                  progress_data,
              GCancellable             *cancellable,
              GError                  **error)
{
  g_autoptr(AssayOpenedBundle) bundle = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(AssayBundleReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  AssayBundleOpener opener = { 0, };
  GFileType type = G_FILE_TYPE_UNKNOWN;

  /* A bundle is a file: a device, a FIFO or a folder is refused before
   * anything would block on it or read it without end. */
  info = g_file_query_info (job->file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (info != NULL)
    type = g_file_info_get_file_type (info);
  if (type != G_FILE_TYPE_REGULAR && type != G_FILE_TYPE_UNKNOWN)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE,
                   _("%s is not a file, so it is not an Assay bundle"), job->name);
      return NULL;
    }

  in = g_file_read (job->file, cancellable, &local_error);
  if (in == NULL)
    {
      set_read_error (error, job->name, local_error);
      return NULL;
    }

  opener.identity = job->identity;
  opener.open_slot = box_key_open_slot;
  opener.user_data = job->box_key;
  opener.passphrase = job->passphrase;
  /* libsodium's SENSITIVE preset (1 GiB) and four times the passes of the
   * vault's own default: room to raise the cost later, none to abuse it. */
  opener.max_kdf.opslimit = 4 * (crypto_pwhash_OPSLIMIT_MODERATE + 1);
  opener.max_kdf.memlimit = crypto_pwhash_MEMLIMIT_SENSITIVE;

  reader = _assay_bundle_reader_new (G_INPUT_STREAM (in), job->name, &opener, cancellable, error);
  if (reader == NULL)
    return NULL;

  bundle = g_new0 (AssayOpenedBundle, 1);
  bundle->name = g_strdup (job->name);
  bundle->file = g_object_ref (job->file);
  bundle->sender = g_strdup (_assay_bundle_reader_get_sender (reader));
  bundle->sender_name = g_strdup (_assay_bundle_reader_get_sender_name (reader));
  bundle->sender_agency = g_strdup (_assay_bundle_reader_get_sender_agency (reader));
  bundle->created = g_strdup (_assay_bundle_reader_get_created (reader));
  bundle->authors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  bundle->draft_authors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Where the size is not known, the progress goes by what is read. */
  bundle->size = info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE)
                 ? (guint64) g_file_info_get_size (info) : 0;

  if (!scan_entries (bundle, reader, progress, progress_data, cancellable, error))
    return NULL;

  bundle->size = _assay_bundle_reader_get_offset (reader);
  bundle->file_key = _assay_bundle_reader_copy_file_key (reader);
  _assay_bundle_reader_get_hash (reader, bundle->hash);

  return g_steal_pointer (&bundle);
}

AssayOpenedBundle *
assay_bundle_open (AssayVault    *vault,
                   GFile         *file,
                   const char    *passphrase,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return assay_bundle_open_full (vault, file, passphrase, NULL, NULL, cancellable, error);
}

AssayOpenedBundle *
assay_bundle_open_full (AssayVault               *vault,
                        GFile                    *file,
                        const char               *passphrase,
                        AssayProgressFunc         progress,
                        gpointer                  progress_data,
                        GCancellable             *cancellable,
                        GError                  **error)
{
  g_autoptr(OpenJob) job = NULL;

  g_return_val_if_fail (ASSAY_IS_VAULT (vault), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  job = open_job_new (vault, file, passphrase, error);
  if (job == NULL)
    return NULL;

  return open_job_run (job, progress, progress_data, cancellable, error);
}

/* Progress from the worker to the thread that asked, coalesced: at most
 * one call waits in its main context at a time, and it tells the latest
 * figures, so a fast worker cannot flood a slow main loop. */
typedef struct
{
  gatomicrefcount   ref;
  GMainContext     *context;
  AssayProgressFunc func;
  gpointer          data;
  GMutex            lock;
  guint64           done;
  guint64           total;
  gboolean          pending;
  gboolean          stopped;    /* the open is finished: nothing more is told */
} ProgressRelay;

static ProgressRelay *
progress_relay_ref (ProgressRelay *relay)
{
  g_atomic_ref_count_inc (&relay->ref);

  return relay;
}

static void
progress_relay_unref (gpointer data)
{
  ProgressRelay *relay = data;

  if (!g_atomic_ref_count_dec (&relay->ref))
    return;

  g_main_context_unref (relay->context);
  g_mutex_clear (&relay->lock);
  g_free (relay);
}

static gboolean
progress_relay_dispatch (gpointer data)
{
  ProgressRelay *relay = data;
  guint64 done, total;
  gboolean stopped;

  g_mutex_lock (&relay->lock);
  done = relay->done;
  total = relay->total;
  stopped = relay->stopped;
  relay->pending = FALSE;
  g_mutex_unlock (&relay->lock);

  if (!stopped)
    relay->func (done, total, relay->data);

  return G_SOURCE_REMOVE;
}

/* In the worker. */
static void
progress_relay_post (guint64  done,
                     guint64  total,
                     gpointer data)
{
  ProgressRelay *relay = data;
  gboolean post;

  g_mutex_lock (&relay->lock);
  relay->done = done;
  relay->total = total;
  post = !relay->pending;
  relay->pending = TRUE;
  g_mutex_unlock (&relay->lock);

  if (post)
    g_main_context_invoke_full (relay->context, G_PRIORITY_DEFAULT_IDLE,
                                progress_relay_dispatch, progress_relay_ref (relay),
                                progress_relay_unref);
}

typedef struct
{
  OpenJob       *job;
  ProgressRelay *relay;   /* or NULL */
} OpenTask;

static void
open_task_free (OpenTask *open)
{
  open_job_free (open->job);
  g_clear_pointer (&open->relay, progress_relay_unref);
  g_free (open);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenTask *open = task_data;
  GError *error = NULL;
  AssayOpenedBundle *bundle;

  bundle = open_job_run (open->job, open->relay != NULL ? progress_relay_post : NULL,
                         open->relay, cancellable, &error);
  if (bundle == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bundle, (GDestroyNotify) assay_opened_bundle_free);
}

void
assay_bundle_open_async (AssayVault          *vault,
                         GFile               *file,
                         const char          *passphrase,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  assay_bundle_open_with_progress_async (vault, file, passphrase, NULL, NULL, cancellable,
                                         callback, user_data);
}

void
assay_bundle_open_with_progress_async (AssayVault          *vault,
                                       GFile               *file,
                                       const char          *passphrase,
                                       AssayProgressFunc    progress,
                                       gpointer             progress_data,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  OpenTask *open;
  OpenJob *job;

  g_return_if_fail (ASSAY_IS_VAULT (vault));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (vault, cancellable, callback, user_data);
  g_task_set_source_tag (task, assay_bundle_open_async);

  job = open_job_new (vault, file, passphrase, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  open = g_new0 (OpenTask, 1);
  open->job = job;
  if (progress != NULL)
    {
      open->relay = g_new0 (ProgressRelay, 1);
      g_atomic_ref_count_init (&open->relay->ref);
      open->relay->context = g_main_context_ref_thread_default ();
      open->relay->func = progress;
      open->relay->data = progress_data;
      g_mutex_init (&open->relay->lock);
    }

  g_task_set_task_data (task, open, (GDestroyNotify) open_task_free);
  /* Argon2id cannot be interrupted: whoever cancels (a lock, say) should
   * not wait for it. The job, key handle included, lives until the worker
   * is done with it. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, open_thread);
}

AssayOpenedBundle *
assay_bundle_open_finish (AssayVault    *vault,
                          GAsyncResult  *result,
                          GError       **error)
{
  OpenTask *open;

  g_return_val_if_fail (g_task_is_valid (result, vault), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == assay_bundle_open_async,
                        NULL);

  /* Progress still on its way is not told after this. */
  open = g_task_get_task_data (G_TASK (result));
  if (open != NULL && open->relay != NULL)
    {
      g_mutex_lock (&open->relay->lock);
      open->relay->stopped = TRUE;
      g_mutex_unlock (&open->relay->lock);
    }

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Open, then merge with the frameworks installed here. */
static AssayImportReport *
import_one (AssayStore               *store,
            AssayFrameworks          *frameworks,
            GFile                    *file,
            const char               *passphrase,
            AssayImportFlags          flags,
            AssayProgressFunc         progress,
            gpointer                  progress_data,
            GCancellable             *cancellable,
            GError                  **error)
{
  g_autoptr(AssayOpenedBundle) bundle = NULL;

  bundle = assay_bundle_open_full (assay_store_get_vault (store), file, passphrase,
                                   progress, progress_data, cancellable, error);
  if (bundle == NULL)
    return NULL;

  return assay_bundle_merge_full (store, bundle, frameworks, flags, progress, progress_data,
                                  cancellable, error);
}

AssayImportReport *
assay_bundle_import (AssayStore        *store,
                     GFile             *file,
                     const char        *passphrase,
                     AssayImportFlags   flags,
                     GCancellable      *cancellable,
                     GError           **error)
{
  g_autoptr(AssayFrameworks) frameworks = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  frameworks = assay_frameworks_new_default ();

  return import_one (store, frameworks, file, passphrase, flags, NULL, NULL, cancellable, error);
}

/* Several files */

static void
import_file_result_free (AssayImportFileResult *file)
{
  g_free (file->file);
  g_clear_pointer (&file->report, assay_import_report_free);
  g_clear_error (&file->error);
  g_free (file);
}

void
assay_import_result_free (AssayImportResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->conflicts, g_ptr_array_unref);
  g_clear_pointer (&result->files, g_ptr_array_unref);
  g_free (result);
}

const GError *
assay_import_result_get_first_error (const AssayImportResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  for (guint i = 0; i < result->files->len; i++)
    {
      const AssayImportFileResult *file = result->files->pdata[i];

      if (file->error != NULL)
        return file->error;
    }

  return NULL;
}

AssayImportResult *
assay_bundle_import_files (AssayStore                *store,
                           const char * const        *files,
                           AssayImportFlags           flags,
                           AssayBundlePassphraseFunc  ask_passphrase,
                           AssayImportFileFunc        file_done,
                           AssayProgressFunc          progress,
                           gpointer                   user_data,
                           GCancellable              *cancellable)
{
  g_autoptr(AssayImportResult) result = g_new0 (AssayImportResult, 1);
  g_autoptr(AssayFrameworks) frameworks = NULL;
  g_autoptr(AssaySecureString) passphrase = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (files != NULL, NULL);

  /* Loaded once for every file: merging checks that imported audits'
   * frameworks are installed here. */
  frameworks = assay_frameworks_new_default ();
  /* The reports own the conflicts; this list only gathers them. */
  result->conflicts = g_ptr_array_new ();
  result->files = g_ptr_array_new_with_free_func ((GDestroyNotify) import_file_result_free);

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GFile) location = g_file_new_for_commandline_arg (files[i]);
      AssayImportFileResult *file = g_new0 (AssayImportFileResult, 1);
      AssayImportReport *report;

      file->file = g_strdup (files[i]);
      g_ptr_array_add (result->files, file);

      report = import_one (store, frameworks, location, passphrase, flags, progress, user_data,
                           cancellable, &file->error);
      if (report == NULL && passphrase == NULL && ask_passphrase != NULL &&
          g_error_matches (file->error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NEEDS_PASSPHRASE))
        {
          /* Asked once, for every file that needs it. Without one, the
           * bundle's own message says what is needed. */
          passphrase = ask_passphrase (files[i], user_data);
          if (passphrase != NULL)
            {
              g_clear_error (&file->error);
              report = import_one (store, frameworks, location, passphrase, flags, progress,
                                   user_data, cancellable, &file->error);
            }
        }

      file->report = report;
      if (report != NULL)
        {
          result->added += report->added;
          result->updated += report->updated;
          result->unchanged += report->unchanged;
          result->erased += report->erased;
          for (guint c = 0; c < report->conflicts->len; c++)
            g_ptr_array_add (result->conflicts, report->conflicts->pdata[c]);
        }

      if (file_done != NULL)
        file_done (file, user_data);
    }

  return g_steal_pointer (&result);
}

static void
add_conflicts_json (JsonBuilder *builder,
                    GPtrArray   *conflicts)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < conflicts->len; i++)
    json_builder_add_value (builder, assay_conflict_to_json (conflicts->pdata[i]));
  json_builder_end_array (builder);
}

static void
add_report_json (JsonBuilder             *builder,
                 const char              *file,
                 const AssayImportReport *report)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, file);
  json_builder_set_member_name (builder, "author");
  json_builder_add_string_value (builder, report->author);
  json_builder_set_member_name (builder, "author_name");
  json_builder_add_string_value (builder, report->author_name);
  json_builder_set_member_name (builder, "author_agency");
  json_builder_add_string_value (builder, report->author_agency);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, report->created);
  assay_json_add_int (builder, "added", report->added);
  assay_json_add_int (builder, "updated", report->updated);
  assay_json_add_int (builder, "unchanged", report->unchanged);
  assay_json_add_int (builder, "erased", report->erased);
  assay_json_add_int (builder, "new_contacts", report->new_contacts);
  json_builder_set_member_name (builder, "conflicts");
  add_conflicts_json (builder, report->conflicts);
  json_builder_set_member_name (builder, "missing_frameworks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->missing_frameworks->len; i++)
    {
      const AssayMissingFramework *missing = report->missing_frameworks->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "framework");
      json_builder_add_string_value (builder, missing->framework);
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, missing->version);
      assay_json_add_int (builder, "audits", missing->n_audits);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

JsonNode *
assay_import_result_to_json (const AssayImportResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);

  json_builder_begin_object (builder);
  assay_json_add_int (builder, "added", result->added);
  assay_json_add_int (builder, "updated", result->updated);
  assay_json_add_int (builder, "unchanged", result->unchanged);
  assay_json_add_int (builder, "erased", result->erased);
  json_builder_set_member_name (builder, "conflicts");
  add_conflicts_json (builder, result->conflicts);

  json_builder_set_member_name (builder, "bundles");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->files->len; i++)
    {
      const AssayImportFileResult *file = result->files->pdata[i];

      if (file->report != NULL)
        add_report_json (builder, file->file, file->report);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "failed");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->files->len; i++)
    {
      const AssayImportFileResult *file = result->files->pdata[i];

      if (file->error == NULL)
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, file->file);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, file->error->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
