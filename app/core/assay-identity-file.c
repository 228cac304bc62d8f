/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-identity-file"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "assay-identity-file.h"
#include "assay-identity-key.h"
#include "assay-json-util.h"

G_DEFINE_QUARK (assay-identity-file-error-quark, assay_identity_file_error)

#define FORMAT_NAME "assay-identity"
/* The NUL is part of the label: no name can run into it. */
#define SIGN_LABEL "assay/identity/1"
#define SIGN_LABEL_LEN 17
#define MAX_TEXT 200

G_STATIC_ASSERT (sizeof SIGN_LABEL == SIGN_LABEL_LEN);

static void
append_text (GByteArray *message,
             const char *text)
{
  guint32 len = GUINT32_TO_LE ((guint32) strlen (text));

  g_byte_array_append (message, (const guint8 *) &len, sizeof len);
  g_byte_array_append (message, (const guint8 *) text, (guint) strlen (text));
}

/* What the key signs: its own raw bytes, the name and the agency. */
static GBytes *
signed_message (const guint8 *key,
                const char   *name,
                const char   *agency)
{
  GByteArray *message = g_byte_array_new ();

  g_byte_array_append (message, (const guint8 *) SIGN_LABEL, SIGN_LABEL_LEN);
  g_byte_array_append (message, key, ASSAY_IDENTITY_KEY_BYTES);
  append_text (message, name);
  append_text (message, agency);

  return g_byte_array_free_to_bytes (message);
}

GBytes *
assay_identity_file_build (AssayVault  *vault,
                           GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) message = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *fingerprint = NULL;
  g_autofree char *signature_text = NULL;
  g_autofree char *text = NULL;
  guint8 key[ASSAY_IDENTITY_KEY_BYTES];
  guint8 signature[crypto_sign_BYTES];
  const char *identity;
  const char *name;
  const char *agency;
  gsize len;

  g_return_val_if_fail (ASSAY_IS_VAULT (vault), NULL);

  if (assay_vault_get_locked (vault))
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED,
                           _("The vault is locked"));
      return NULL;
    }

  identity = assay_vault_get_identity (vault);
  name = assay_vault_get_name (vault);
  agency = assay_vault_get_agency (vault);
  if (agency == NULL)
    agency = "";
  if (name == NULL || *name == '\0' || g_utf8_strlen (name, -1) > MAX_TEXT ||
      g_utf8_strlen (agency, -1) > MAX_TEXT)
    {
      g_set_error_literal (error, ASSAY_IDENTITY_FILE_ERROR, ASSAY_IDENTITY_FILE_ERROR_NO_NAME,
                           _("An identity file needs this vault’s moderator name (1 to 200 "
                             "characters) and agency (at most 200): set them in Assay’s "
                             "Preferences"));
      return NULL;
    }

  if (!assay_identity_decode (identity, key))
    g_return_val_if_reached (NULL);

  message = signed_message (key, name, agency);
  if (!assay_vault_sign (vault, message, signature, error))
    return NULL;

  fingerprint = assay_identity_fingerprint (identity);
  signature_text = g_base64_encode (signature, sizeof signature);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, ASSAY_IDENTITY_FILE_VERSION);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, identity);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "agency");
  json_builder_add_string_value (builder, agency);
  json_builder_set_member_name (builder, "fingerprint");
  json_builder_add_string_value (builder, fingerprint);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, signature_text);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &len);

  /* A trailing newline, as text files have. */
  text = g_realloc (text, len + 2);
  text[len] = '\n';
  text[len + 1] = '\0';

  return g_bytes_new_take (g_steal_pointer (&text), len + 1);
}

gboolean
assay_identity_file_write (AssayVault  *vault,
                           const char  *path,
                           GError     **error)
{
  g_autoptr(GBytes) data = assay_identity_file_build (vault, error);
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *bytes;

  if (data == NULL)
    return FALSE;

  bytes = g_bytes_get_data (data, &len);
  if (!g_file_set_contents_full (path, bytes, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0644, &local_error))
    {
      g_set_error (error, ASSAY_IDENTITY_FILE_ERROR, ASSAY_IDENTITY_FILE_ERROR_READ,
                   _("%s: could not write the identity file: %s"), path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* Reading */

static AssayContact *
refuse (GError     **error,
        const char  *filename,
        const char  *field,
        const char  *reason)
{
  /* Translators: the file, the JSON member ("name", "signature"…), then why */
  g_set_error (error, ASSAY_IDENTITY_FILE_ERROR, ASSAY_IDENTITY_FILE_ERROR_INVALID,
               _("%s: “%s”: %s"), filename, field, reason);
  return NULL;
}

static gboolean
valid_text (const char *text,
            glong       min)
{
  glong len = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), len++)
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;

  return len >= min && len <= MAX_TEXT;
}

/* Strict base64 of exactly @len bytes: g_base64_decode() skips what it does
 * not understand. */
static gboolean
decode_base64 (const char *text,
               guint8     *out,
               gsize       len)
{
  gsize out_len = 0;

  return text != NULL &&
         sodium_base642bin (out, len, text, strlen (text), NULL, &out_len, NULL,
                            sodium_base64_VARIANT_ORIGINAL) == 0 &&
         out_len == len;
}

AssayContact *
assay_identity_file_parse (GBytes      *data,
                           const char  *filename,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) message = NULL;
  g_autofree char *key = NULL;
  g_autofree char *fingerprint = NULL;
  guint8 raw_key[ASSAY_IDENTITY_KEY_BYTES];
  guint8 signature[crypto_sign_BYTES];
  JsonObject *object;
  JsonNode *root;
  JsonNode *version;
  const char *text;
  const char *name;
  const char *agency;
  const char *given_fingerprint;
  AssayContact *contact;
  gsize len;

  g_return_val_if_fail (data != NULL, NULL);

  text = g_bytes_get_data (data, &len);
  if (len > ASSAY_IDENTITY_FILE_MAX_SIZE)
    return refuse (error, filename, "format",
                   _("the file is larger than 64 KiB, so it is not an identity file"));

  if (text == NULL || !g_utf8_validate (text, (gssize) len, NULL) ||
      memchr (text, '\0', len) != NULL ||
      /* An identity file is one flat object. */
      !assay_json_nesting_within (text, len, 4) ||
      !json_parser_load_from_data (parser, text, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return refuse (error, filename, "format",
                   _("the file is not an Assay identity file (not a JSON object)"));

  object = json_node_get_object (root);
  if (g_strcmp0 (assay_json_get_string (object, "format"), FORMAT_NAME) != 0)
    return refuse (error, filename, "format",
                   _("the file is not an Assay identity file"));

  version = json_object_get_member (object, "version");
  if (version == NULL || json_node_get_value_type (version) != G_TYPE_INT64)
    return refuse (error, filename, "version", _("missing or not a number"));
  if (json_node_get_int (version) != ASSAY_IDENTITY_FILE_VERSION)
    {
      g_set_error (error, ASSAY_IDENTITY_FILE_ERROR, ASSAY_IDENTITY_FILE_ERROR_UNSUPPORTED,
                   _("%s: “version”: version %" G_GINT64_FORMAT " is not supported; this "
                     "Assay reads version %d"),
                   filename, json_node_get_int (version), ASSAY_IDENTITY_FILE_VERSION);
      return NULL;
    }

  key = assay_identity_parse (assay_json_get_string (object, "key"));
  if (key == NULL || !assay_identity_decode (key, raw_key))
    return refuse (error, filename, "key", _("not a public identity (64 hex digits)"));

  name = assay_json_get_string (object, "name");
  if (name == NULL || !valid_text (name, 1))
    return refuse (error, filename, "name",
                   _("missing, longer than 200 characters or with control characters"));

  agency = assay_json_get_string (object, "agency");
  if (agency == NULL || !valid_text (agency, 0))
    return refuse (error, filename, "agency",
                   _("missing, longer than 200 characters or with control characters"));

  message = signed_message (raw_key, name, agency);
  if (!decode_base64 (assay_json_get_string (object, "signature"), signature,
                      sizeof signature) ||
      crypto_sign_verify_detached (signature, g_bytes_get_data (message, NULL),
                                   g_bytes_get_size (message), raw_key) != 0)
    return refuse (error, filename, "signature",
                   _("not made by this key over this name and agency: the file was altered"));

  fingerprint = assay_identity_fingerprint (key);
  given_fingerprint = assay_json_get_string (object, "fingerprint");
  if (json_object_has_member (object, "fingerprint"))
    {
      char digits[31];
      char own[31];

      if (!assay_fingerprint_parse (given_fingerprint, digits) ||
          !assay_fingerprint_parse (fingerprint, own) || !g_str_equal (digits, own))
        return refuse (error, filename, "fingerprint", _("does not match the key"));
    }

  contact = assay_contact_new (key, name, agency);

  return contact;
}

AssayContact *
assay_identity_file_read (const char  *path,
                          GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *buffer = NULL;
  g_autoptr(GBytes) data = NULL;
  GFileType type;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  /* One byte more than allowed tells a file that is too large without
   * reading all of it. */
  buffer = g_malloc (ASSAY_IDENTITY_FILE_MAX_SIZE + 1);
  file = g_file_new_for_path (path);
  type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL);
  if (type == G_FILE_TYPE_SPECIAL || type == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, ASSAY_IDENTITY_FILE_ERROR, ASSAY_IDENTITY_FILE_ERROR_READ,
                   _("%s: not a file, so not an identity file"), path);
      return NULL;
    }
  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), buffer,
                                ASSAY_IDENTITY_FILE_MAX_SIZE + 1, &len, NULL, &local_error))
    {
      g_set_error (error, ASSAY_IDENTITY_FILE_ERROR, ASSAY_IDENTITY_FILE_ERROR_READ,
                   _("%s: cannot be read: %s"), path, local_error->message);
      return NULL;
    }

  data = g_bytes_new_take (g_steal_pointer (&buffer), len);

  return assay_identity_file_parse (data, path, error);
}
