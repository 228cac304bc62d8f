/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-bundle"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include <errno.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "assay-audit-private.h"
#include "assay-agreed-grade.h"
#include "assay-bundle-private.h"
#include "assay-bundle-stream.h"
#include "assay-caseload.h"
#include "assay-contacts.h"
#include "assay-erasure.h"
#include "assay-hlc.h"
#include "assay-identity-key.h"
#include "assay-json-util.h"
#include "assay-record-private.h"
#include "assay-store-private.h"

/*
 * Writing a bundle (format 2, assay-bundle-stream.h): who may open it, which
 * records travel, streamed into a file that appears whole or not at all,
 * and what `export --json` reports.
 */

char *
assay_bundle_parse_recipient (const char  *text,
                              GError     **error)
{
  char *identity = assay_identity_parse (text);

  if (identity == NULL)
    g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_INVALID,
                 _("“%s” is not a public identity: a recipient is given by the 64 "
                   "hexadecimal digits that “assay-cli identity” prints"),
                 text != NULL ? text : "");

  return identity;
}

static gboolean
vault_sign (GBytes   *message,
            guint8    signature[64],
            gpointer  user_data,
            GError  **error)
{
  return assay_vault_sign (ASSAY_VAULT (user_data), message, signature, error);
}

/* Which records travel, and to whom. */
typedef struct
{
  AssayStore         *store;
  AssayBundleWriter  *writer;
  const char         *self;
  gint64              since_ms;       /* G_MININT64 for everything */
  gboolean            to_self_only;   /* no recipient but the author, no passphrase */
  GHashTable         *case_refs;      /* the plans the records are about */
  GHashTable         *authors;        /* keys whose author entry is written */
  AssayContactNames  *names;
  AssayExportSummary *summary;
  AssayCarried       *carried;        /* marked exported once the bundle is written */
  GCancellable       *cancellable;
} Export;

static JsonObject *
payload_object (const AssayRecord *record)
{
  gsize len = 0;
  const char *text = assay_record_get_text (record, &len);

  return _assay_bundle_parse_object (text, len);
}

/* The sender's word for who wrote a forwarded record, once per author. */
static gboolean
add_author (Export             *export,
            const AssayRecord  *record,
            JsonObject         *payload,
            GError            **error)
{
  g_autoptr(AssayContact) contact = NULL;
  const char *name = NULL;
  const char *agency = NULL;

  if (g_str_equal (record->author, export->self) ||
      g_hash_table_contains (export->authors, record->author))
    return TRUE;

  contact = assay_contacts_lookup (export->store, record->author, NULL);
  if (contact != NULL)
    {
      name = contact->name;
      agency = contact->agency;
    }
  else if (payload != NULL)
    {
      name = _assay_bundle_get_string (payload, "moderator");
      if (name == NULL)
        name = _assay_bundle_get_string (payload, "chair");
      agency = _assay_bundle_get_string (payload, "agency");
    }

  g_hash_table_add (export->authors, g_strdup (record->author));

  return _assay_bundle_writer_add_author (export->writer, record->author,
                                          name != NULL && *name != '\0' ? name : "?",
                                          agency != NULL ? agency : "",
                                          export->cancellable, error);
}

static gboolean
write_record (Export             *export,
              const AssayRecord  *record,
              GError            **error)
{
  if (!_assay_bundle_writer_add_record (export->writer, record, export->cancellable, error))
    return FALSE;

  _assay_carried_add (export->carried, record);
  export->summary->n_records++;
  export->summary->n_revisions++;

  return TRUE;
}

/* A record stored before records were signed: ours is signed now, as it
 * is (its base digest stays unknown, zeros, as it is held); a colleague's
 * stays home, since no one could check it. */
static gboolean
sign_if_ours (Export       *export,
              AssayRecord  *record,
              GError      **error)
{
  if (record->signature != NULL)
    return TRUE;

  if (!g_str_equal (record->author, export->self))
    {
      export->summary->n_unverified_kept++;
      return TRUE;
    }

  return _assay_record_sign (record, assay_store_get_vault (export->store), error);
}

/* The newest revision of each record of @collection changed since the
 * date asked for: never the edit history, never an unfinished audit except
 * to its own author, never a colleague's record stored before records were
 * signed (no one could check it). */
static gboolean
add_collection (Export      *export,
                const char  *collection,
                GError     **error)
{
  /* One record in memory at a time, whatever the vault holds. */
  g_autoptr(GPtrArray) ids = assay_store_list_ids (export->store, collection, error);

  if (ids == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(AssayRecord) record = NULL;
      g_autoptr(JsonObject) payload = NULL;
      const char *case_ref;

      if (g_cancellable_set_error_if_cancelled (export->cancellable, error))
        return FALSE;

      record = assay_store_load (export->store, collection, ids->pdata[i], error);
      if (record == NULL)
        return FALSE;

      if (assay_hlc_get_wall_ms (record->hlc) < export->since_ms)
        continue;

      payload = payload_object (record);

      if (g_str_equal (collection, ASSAY_AUDIT_COLLECTION) && !export->to_self_only &&
          g_strcmp0 (payload != NULL ? _assay_bundle_get_string (payload, "status") : NULL,
                     "draft") == 0)
        {
          export->summary->n_drafts_kept++;
          continue;
        }

      if (!sign_if_ours (export, record, error))
        return FALSE;
      if (record->signature == NULL)
        continue;

      if (!add_author (export, record, payload, error) || !write_record (export, record, error))
        return FALSE;

      case_ref = payload != NULL ? _assay_bundle_get_string (payload, "case") : NULL;
      if (case_ref != NULL)
        g_hash_table_add (export->case_refs, g_strdup (case_ref));
    }

  return TRUE;
}

/* The caseload entries of the plans the records are about, and no others. */
static gboolean
add_cases (Export  *export,
           GError **error)
{
  g_autoptr(GPtrArray) ids = assay_store_list_ids (export->store, ASSAY_CASELOAD_COLLECTION,
                                                   error);

  if (ids == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(AssayRecord) record = NULL;
      g_autofree char *case_ref = NULL;

      record = assay_store_load (export->store, ASSAY_CASELOAD_COLLECTION, ids->pdata[i], error);
      if (record == NULL)
        return FALSE;

      case_ref = _assay_bundle_record_case_ref (record);
      if (case_ref == NULL || !g_hash_table_contains (export->case_refs, case_ref))
        continue;

      if (!sign_if_ours (export, record, error))
        return FALSE;
      if (record->signature == NULL)
        continue;

      if (!add_author (export, record, NULL, error) || !write_record (export, record, error))
        return FALSE;
    }

  return TRUE;
}

/* A sibling file renamed over @file once complete: the bundle appears whole
 * or not at all, readable by its owner only. */
static GOutputStream *
open_partial (GFile   *file,
              char   **partial_path,
              GError **error)
{
  const char *path = g_file_peek_path (file);
  g_autoptr(GFile) partial = NULL;
  g_autofree char *suffix = NULL;
  g_autoptr(GError) local_error = NULL;
  GOutputStream *out;
  GStatBuf st;

  if (path == NULL)
    return G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE,
                                            G_FILE_CREATE_PRIVATE |
                                            G_FILE_CREATE_REPLACE_DESTINATION,
                                            NULL, error));

  /* Renamed over a device or a folder, the bundle would replace it or fail
   * only once written: a bundle goes to a file or nowhere. */
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_WRITE,
                   _("Cannot write %s: it is a folder or a device, not a file"), path);
      return NULL;
    }

  suffix = g_strdup_printf (".partial-%08x", g_random_int ());
  *partial_path = g_strconcat (path, suffix, NULL);
  partial = g_file_new_for_path (*partial_path);

  out = G_OUTPUT_STREAM (g_file_create (partial, G_FILE_CREATE_PRIVATE, NULL, &local_error));
  if (out == NULL)
    g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_WRITE,
                 _("Cannot write %s: %s"), path, local_error->message);

  return out;
}

/* Once the bundle is written, what it carried is marked exported (someone
 * may hold it now: an editor's next save makes a new revision rather than
 * rewriting one of these), before the bundle takes its name: a revision
 * marked and never carried only costs a revision later, whereas one carried
 * and not marked could be rewritten under whoever holds it. */
static gboolean
finish_partial (AssayStore     *store,
                AssayCarried   *carried,
                GFile          *file,
                GOutputStream  *out,
                const char     *partial_path,
                gboolean        ok,
                GError        **error)
{
  if (ok)
    ok = g_output_stream_close (out, NULL, error);
  else
    g_output_stream_close (out, NULL, NULL);

  if (ok)
    ok = _assay_store_mark_exported (store, carried, error);

  if (partial_path == NULL)
    return ok;

  if (ok && g_rename (partial_path, g_file_peek_path (file)) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_WRITE,
                   _("Cannot write %s: %s"), g_file_peek_path (file), g_strerror (saved_errno));
      ok = FALSE;
    }

  if (!ok)
    g_unlink (partial_path);

  return ok;
}

static gboolean
write_bundle (AssayStore                *store,
              GOutputStream             *out,
              const char * const        *recipients,
              const AssayExportOptions  *options,
              AssayExportSummary        *summary,
              AssayCarried              *carried,
              GCancellable              *cancellable,
              GError                   **error)
{
  AssayVault *vault = assay_store_get_vault (store);
  g_autoptr(AssayBundleWriter) writer = NULL;
  g_autoptr(GHashTable) case_refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) authors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  const char *passphrase = options != NULL ? options->passphrase : NULL;
  GDateTime *since = options != NULL ? options->since : NULL;
  AssayKdfParams kdf;
  Export export = { 0, };

  /* The same cost as the vault's own passphrase. */
  assay_kdf_params_init_default (&kdf);

  writer = _assay_bundle_writer_new (out, assay_vault_get_identity (vault),
                                     assay_vault_get_name (vault) != NULL
                                       ? assay_vault_get_name (vault) : "",
                                     assay_vault_get_agency (vault) != NULL
                                       ? assay_vault_get_agency (vault) : "",
                                     created, recipients, passphrase, &kdf, vault_sign, vault,
                                     cancellable, error);
  if (writer == NULL)
    return FALSE;

  export.store = store;
  export.writer = writer;
  export.self = assay_vault_get_identity (vault);
  export.since_ms = since != NULL ? g_date_time_to_unix (since) * 1000 +
                                    g_date_time_get_microsecond (since) / 1000
                                  : G_MININT64;
  export.to_self_only = passphrase == NULL && recipients[1] == NULL;
  export.case_refs = case_refs;
  export.authors = authors;
  export.summary = summary;
  export.carried = carried;
  export.cancellable = cancellable;

  /* Audits, agreed grades and deletions, and only the cases they are about:
   * never samples, contacts or anything else the vault holds. */
  return add_collection (&export, ASSAY_AUDIT_COLLECTION, error) &&
         add_collection (&export, ASSAY_AGREEMENTS_COLLECTION, error) &&
         add_collection (&export, ASSAY_DELETIONS_COLLECTION, error) &&
         add_cases (&export, error) &&
         _assay_bundle_writer_finish (writer, cancellable, error);
}

gboolean
assay_bundle_export (AssayStore                *store,
                     GFile                     *file,
                     const AssayExportOptions  *options,
                     AssayExportSummary        *summary,
                     GCancellable              *cancellable,
                     GError                   **error)
{
  AssayVault *vault;
  g_autoptr(GPtrArray) recipients = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GOutputStream) out = NULL;
  g_autofree char *partial_path = NULL;
  g_autoptr(AssayCarried) carried = _assay_carried_new ();
  AssayExportSummary counts = { 0, };
  const char *passphrase = options != NULL ? options->passphrase : NULL;
  gboolean ok;

  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  vault = assay_store_get_vault (store);

  if (assay_vault_get_locked (vault))
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED,
                           _("The vault is locked"));
      return FALSE;
    }

  /* The author can always open (and re-import) what they sent. */
  g_ptr_array_add (recipients, g_strdup (assay_vault_get_identity (vault)));
  for (guint i = 0; options != NULL && options->recipients != NULL &&
                    options->recipients[i] != NULL; i++)
    {
      g_autofree char *identity = assay_bundle_parse_recipient (options->recipients[i], error);

      if (identity == NULL)
        return FALSE;

      if (!g_ptr_array_find_with_equal_func (recipients, identity, g_str_equal, NULL))
        g_ptr_array_add (recipients, g_steal_pointer (&identity));
    }
  g_ptr_array_add (recipients, NULL);

  if (passphrase != NULL && g_utf8_strlen (passphrase, -1) < ASSAY_VAULT_MIN_PASSPHRASE)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_INVALID,
                   _("A partnership passphrase needs at least %d characters"),
                   ASSAY_VAULT_MIN_PASSPHRASE);
      return FALSE;
    }

  out = open_partial (file, &partial_path, error);
  if (out == NULL)
    return FALSE;

  ok = write_bundle (store, out, (const char * const *) recipients->pdata, options, &counts,
                     carried, cancellable, error);
  if (!finish_partial (store, carried, file, out, partial_path, ok, ok ? error : NULL))
    return FALSE;

  if (summary != NULL)
    *summary = counts;

  return TRUE;
}

void
assay_export_result_free (AssayExportResult *result)
{
  if (result == NULL)
    return;

  g_free (result->file);
  g_free (result->author);
  g_strfreev (result->recipients);
  g_clear_pointer (&result->since, g_date_time_unref);
  g_free (result);
}

AssayExportResult *
assay_bundle_export_file (AssayStore                *store,
                          const char                *file,
                          const AssayExportOptions  *options,
                          GCancellable              *cancellable,
                          GError                   **error)
{
  g_autoptr(AssayExportResult) result = NULL;
  g_autoptr(GFile) location = NULL;
  g_autoptr(GPtrArray) recipients = g_ptr_array_new_with_free_func (g_free);
  AssayExportSummary summary = { 0, 0 };

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (file != NULL, NULL);

  location = g_file_new_for_commandline_arg (file);
  if (!assay_bundle_export (store, location, options, &summary, cancellable, error))
    return NULL;

  /* As asked for, repeats included: the export has checked every one. */
  for (guint i = 0; options != NULL && options->recipients != NULL &&
                    options->recipients[i] != NULL; i++)
    g_ptr_array_add (recipients, assay_identity_parse (options->recipients[i]));
  g_ptr_array_add (recipients, NULL);

  result = g_new0 (AssayExportResult, 1);
  result->file = g_strdup (file);
  result->author = g_strdup (assay_vault_get_identity (assay_store_get_vault (store)));
  result->recipients = (char **) g_ptr_array_free (g_steal_pointer (&recipients), FALSE);
  result->partnership = options != NULL && options->passphrase != NULL;
  result->since = options != NULL && options->since != NULL
                  ? g_date_time_ref (options->since) : NULL;
  result->summary = summary;

  return g_steal_pointer (&result);
}

JsonNode *
assay_export_result_to_json (const AssayExportResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, result->file);
  assay_json_add_int (builder, "records", result->summary.n_records);
  assay_json_add_int (builder, "revisions", result->summary.n_revisions);
  json_builder_set_member_name (builder, "author");
  json_builder_add_string_value (builder, result->author);
  json_builder_set_member_name (builder, "recipients");
  json_builder_begin_array (builder);
  for (guint i = 0; result->recipients[i] != NULL; i++)
    json_builder_add_string_value (builder, result->recipients[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "partnership");
  json_builder_add_boolean_value (builder, result->partnership);
  assay_json_add_int (builder, "drafts_kept", result->summary.n_drafts_kept);
  assay_json_add_int (builder, "unverified_kept", result->summary.n_unverified_kept);
  json_builder_set_member_name (builder, "since");
  if (result->since != NULL)
    {
      g_autofree char *iso = g_date_time_format_iso8601 (result->since);

      json_builder_add_string_value (builder, iso);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
