/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-bundle"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "assay-bundle-private.h"
#include "assay-identity-key.h"
#include "assay-json-util.h"

/*
 * Writing a bundle: who may open it, the document, the sealed file written
 * whole or not at all, and what `export --json` reports.
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

static gboolean
write_atomically (GFile         *file,
                  GBytes        *contents,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gsize len;
  const char *data = g_bytes_get_data (contents, &len);
  const char *path = g_file_peek_path (file);

  /* A temporary file beside it, renamed over it: the bundle appears whole
   * or not at all, readable by its owner only. */
  if (path != NULL)
    return g_file_set_contents_full (path, data, (gssize) len,
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);

  return g_file_replace_contents (file, data, len, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL,
                                  cancellable, error);
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
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *name = NULL;
  AssayExportSummary counts = { 0, 0 };
  AssayKdfParams kdf;
  const char *passphrase = options != NULL ? options->passphrase : NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  vault = assay_store_get_vault (store);
  name = g_file_get_parse_name (file);

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

  document = _assay_bundle_build_document (store, options != NULL ? options->since : NULL, &counts,
                             cancellable, error);
  if (document == NULL)
    return FALSE;

  /* The same cost as the vault's own passphrase. */
  assay_kdf_params_init_default (&kdf);
  contents = _assay_bundle_seal (document, assay_vault_get_identity (vault),
                                 (const char * const *) recipients->pdata, passphrase, &kdf,
                                 vault_sign, vault, error);
  if (contents == NULL)
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!write_atomically (file, contents, cancellable, error))
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
