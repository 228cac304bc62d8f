/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-bundle"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "assay-bundle-private.h"
#include "assay-json-util.h"

/*
 * Reading bundles: opening a file (in a worker thread if need be), then
 * merging it (assay-bundle-merge.c); several files at once with one
 * passphrase prompt, and what `import --json` reports.
 */

/* Larger files are refused before they are read into memory. */
#define MAX_BUNDLE (G_GUINT64_CONSTANT (1) << 30)

void
assay_opened_bundle_free (AssayOpenedBundle *bundle)
{
  if (bundle == NULL)
    return;

  g_free (bundle->name);
  g_clear_pointer (&bundle->doc, _assay_bundle_document_free);
  g_clear_pointer (&bundle->frameworks, g_ptr_array_unref);
  g_free (bundle);
}

const char *
assay_opened_bundle_get_name (AssayOpenedBundle *bundle)
{
  g_return_val_if_fail (bundle != NULL, NULL);

  return bundle->name;
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

static GBytes *
load_contents (OpenJob       *job,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) local_error = NULL;

  info = g_file_query_info (job->file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info != NULL && (guint64) g_file_info_get_size (info) > MAX_BUNDLE)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE,
                   _("%s is too large to be an Assay bundle"), job->name);
      return NULL;
    }

  if (info != NULL)
    contents = g_file_load_bytes (job->file, cancellable, NULL, &local_error);
  if (contents == NULL)
    {
      /* Like any other input that cannot be used: rejected, naming it. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE,
                     _("%s does not exist"), job->name);
      else
        g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE,
                     _("%s cannot be read: %s"), job->name, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&contents);
}

/* May run in any thread. */
static AssayOpenedBundle *
open_job_run (OpenJob       *job,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(AssayOpenedBundle) bundle = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autofree char *signer = NULL;
  AssayBundleOpener opener = { 0, };

  contents = load_contents (job, cancellable, error);
  if (contents == NULL)
    return NULL;

  opener.identity = job->identity;
  opener.open_slot = box_key_open_slot;
  opener.user_data = job->box_key;
  opener.passphrase = job->passphrase;
  /* libsodium's SENSITIVE preset (1 GiB) and four times the passes of the
   * vault's own default: room to raise the cost later, none to abuse it. */
  opener.max_kdf.opslimit = 4 * (crypto_pwhash_OPSLIMIT_MODERATE + 1);
  opener.max_kdf.memlimit = crypto_pwhash_MEMLIMIT_SENSITIVE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !_assay_bundle_open (contents, job->name, &opener, &signer, &document, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  bundle = g_new0 (AssayOpenedBundle, 1);
  bundle->name = g_strdup (job->name);
  bundle->doc = _assay_bundle_parse_document (document, job->name, signer, error);
  if (bundle->doc == NULL)
    return NULL;
  bundle->frameworks = _assay_bundle_document_collect_frameworks (bundle->doc);

  return g_steal_pointer (&bundle);
}

AssayOpenedBundle *
assay_bundle_open (AssayVault    *vault,
                   GFile         *file,
                   const char    *passphrase,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(OpenJob) job = NULL;

  g_return_val_if_fail (ASSAY_IS_VAULT (vault), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  job = open_job_new (vault, file, passphrase, error);
  if (job == NULL)
    return NULL;

  return open_job_run (job, cancellable, error);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  AssayOpenedBundle *bundle = open_job_run (task_data, cancellable, &error);

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
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
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

  g_task_set_task_data (task, job, (GDestroyNotify) open_job_free);
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
  g_return_val_if_fail (g_task_is_valid (result, vault), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == assay_bundle_open_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Open, then merge with the frameworks installed here. */
static AssayImportReport *
import_one (AssayStore       *store,
            AssayFrameworks  *frameworks,
            GFile            *file,
            const char       *passphrase,
            GCancellable     *cancellable,
            GError          **error)
{
  g_autoptr(AssayOpenedBundle) bundle = NULL;

  bundle = assay_bundle_open (assay_store_get_vault (store), file, passphrase, cancellable,
                              error);
  if (bundle == NULL)
    return NULL;

  return assay_bundle_merge (store, bundle, frameworks, cancellable, error);
}

AssayImportReport *
assay_bundle_import (AssayStore    *store,
                     GFile         *file,
                     const char    *passphrase,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(AssayFrameworks) frameworks = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  frameworks = assay_frameworks_new_default ();

  return import_one (store, frameworks, file, passphrase, cancellable, error);
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
                           AssayBundlePassphraseFunc  ask_passphrase,
                           AssayImportFileFunc        file_done,
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

      report = import_one (store, frameworks, location, passphrase, cancellable, &file->error);
      if (report == NULL && passphrase == NULL && ask_passphrase != NULL &&
          g_error_matches (file->error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NEEDS_PASSPHRASE))
        {
          /* Asked once, for every file that needs it. Without one, the
           * bundle's own message says what is needed. */
          passphrase = ask_passphrase (files[i], user_data);
          if (passphrase != NULL)
            {
              g_clear_error (&file->error);
              report = import_one (store, frameworks, location, passphrase, cancellable,
                                   &file->error);
            }
        }

      file->report = report;
      if (report != NULL)
        {
          result->added += report->added;
          result->updated += report->updated;
          result->unchanged += report->unchanged;
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
