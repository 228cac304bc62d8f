/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-bundle"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "assay-bundle-private.h"
#include "assay-identity-key.h"
#include "assay-json-util.h"
#include "assay-vault-private.h"

/*
 * A bundle file:
 *
 *   "ASSAY-BUNDLE 1\n"                       magic line with the format
 *   u32 little-endian                         length of the header
 *   header (JSON)                             {"format": 1, "slots": [...]}
 *   BLAKE2b-256 of everything above           catches a damaged header
 *   secretstream header (24 bytes)
 *   chunks of XChaCha20-Poly1305 secretstream under the file key, 64 KiB of
 *   plaintext each; the first has every byte above as associated data and
 *   the last carries TAG_FINAL, so an edited header or a cut-off file fails.
 *
 * The file key is random per bundle. Each slot wraps it: a crypto_box_seal()
 * to a recipient's identity in its X25519 form (anonymous: a slot does not
 * say whose it is, so a reader tries each), or XChaCha20-Poly1305 under an
 * Argon2id key from a partnership passphrase. The vault's data key never
 * leaves the vault.
 *
 * The plaintext is the author's public key (32 bytes), an Ed25519 signature
 * (64 bytes) and the document (JSON). The signature covers a label, the
 * header bytes, the key and the document: it is checked before the document
 * is parsed, and it vouches for who sent the bundle. The records inside keep
 * their own authors, since a forum chair forwards everyone's audits.
 *
 * The checksum is not a defence against an attacker, who can recompute it;
 * it tells a damaged file from one addressed to someone else, which a
 * damaged slot would otherwise look like.
 */

#define MAGIC            "ASSAY-BUNDLE "
#define FORMAT           1
#define CHUNK_BYTES      (64 * 1024)
#define MAX_HEADER       (1024 * 1024)
#define CHECKSUM_BYTES   32
#define PK_BYTES         crypto_sign_PUBLICKEYBYTES
#define SIG_BYTES        crypto_sign_BYTES
#define BOX_SLOT_BYTES   (crypto_box_SEALBYTES + ASSAY_BUNDLE_KEY_BYTES)
#define WRAP_NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define WRAP_BYTES       (ASSAY_BUNDLE_KEY_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
#define STREAM_ABYTES    crypto_secretstream_xchacha20poly1305_ABYTES
#define STREAM_HEADER    crypto_secretstream_xchacha20poly1305_HEADERBYTES

#define SIGNATURE_LABEL  "assay/bundle/1/signature"
#define PASSPHRASE_LABEL "assay/bundle/1/passphrase"

G_STATIC_ASSERT (crypto_secretstream_xchacha20poly1305_KEYBYTES == ASSAY_BUNDLE_KEY_BYTES);
G_STATIC_ASSERT (crypto_aead_xchacha20poly1305_ietf_KEYBYTES == ASSAY_BUNDLE_KEY_BYTES);

G_DEFINE_QUARK (assay-bundle-error-quark, assay_bundle_error)

/* Secure memory that frees itself. */
typedef guint8 AssaySecretKey;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssaySecretKey, assay_secure_free)

static void
put_le32 (GByteArray *array,
          guint32     value)
{
  guint8 buf[4];

  for (guint i = 0; i < 4; i++)
    buf[i] = (guint8) (value >> (8 * i));
  g_byte_array_append (array, buf, sizeof buf);
}

static guint32
get_le32 (const guint8 *data)
{
  return (guint32) data[0] | (guint32) data[1] << 8 | (guint32) data[2] << 16 |
         (guint32) data[3] << 24;
}

static gboolean
derive_passphrase_key (guint8      *key,
                       const char  *passphrase,
                       const guint8 *salt,
                       guint64      opslimit,
                       gsize        memlimit,
                       GError     **error)
{
  if (crypto_pwhash (key, ASSAY_BUNDLE_KEY_BYTES, passphrase, strlen (passphrase), salt,
                     opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_NO_MEMORY,
                   _("Not enough memory to derive the key from the partnership passphrase "
                     "(it needs %" G_GSIZE_FORMAT " MiB)"),
                   memlimit / (1024 * 1024));
      return FALSE;
    }

  return TRUE;
}

static void
add_base64 (JsonBuilder  *builder,
            const char   *member,
            const guint8 *data,
            gsize         len)
{
  g_autofree char *text = g_base64_encode (data, len);

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

/* Slots in random order: the author's is not always first. */
static void
shuffle (GPtrArray *array)
{
  for (guint i = array->len; i > 1; i--)
    {
      guint j = randombytes_uniform (i);
      gpointer tmp = array->pdata[i - 1];

      array->pdata[i - 1] = array->pdata[j];
      array->pdata[j] = tmp;
    }
}

static GBytes *
build_header (const guint8          *file_key,
              const char * const    *recipients,
              const char            *passphrase,
              const AssayKdfParams  *kdf,
              GError               **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (guint i = 0; recipients != NULL && recipients[i] != NULL; i++)
    {
      g_autoptr(JsonBuilder) slot = json_builder_new ();
      guint8 pk[PK_BYTES];
      guint8 box_pk[crypto_box_PUBLICKEYBYTES];
      guint8 sealed[BOX_SLOT_BYTES];

      if (!assay_identity_decode (recipients[i], pk) ||
          crypto_sign_ed25519_pk_to_curve25519 (box_pk, pk) != 0)
        {
          g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_INVALID,
                       _("“%s” is not a public identity"), recipients[i]);
          return NULL;
        }

      crypto_box_seal (sealed, file_key, ASSAY_BUNDLE_KEY_BYTES, box_pk);

      json_builder_begin_object (slot);
      json_builder_set_member_name (slot, "kind");
      json_builder_add_string_value (slot, "identity");
      add_base64 (slot, "box", sealed, sizeof sealed);
      json_builder_end_object (slot);
      g_ptr_array_add (slots, json_builder_get_root (slot));
    }

  if (passphrase != NULL)
    {
      g_autoptr(JsonBuilder) slot = json_builder_new ();
      g_autoptr(AssaySecretKey) pass_key = assay_secure_alloc (ASSAY_BUNDLE_KEY_BYTES);
      guint8 salt[crypto_pwhash_SALTBYTES];
      guint8 nonce[WRAP_NONCE_BYTES];
      guint8 wrapped[WRAP_BYTES];
      guint8 ad[ASSAY_PASSPHRASE_AD_MAX];
      gsize ad_len;

      randombytes_buf (salt, sizeof salt);
      randombytes_buf (nonce, sizeof nonce);
      if (!derive_passphrase_key (pass_key, passphrase, salt, kdf->opslimit, kdf->memlimit,
                                  error))
        return NULL;

      ad_len = _assay_passphrase_ad (ad, PASSPHRASE_LABEL, kdf->opslimit, kdf->memlimit, salt);
      crypto_aead_xchacha20poly1305_ietf_encrypt (wrapped, NULL, file_key, ASSAY_BUNDLE_KEY_BYTES,
                                                  ad, ad_len, NULL, nonce, pass_key);

      json_builder_begin_object (slot);
      json_builder_set_member_name (slot, "kind");
      json_builder_add_string_value (slot, "passphrase");
      json_builder_set_member_name (slot, "kdf");
      json_builder_add_string_value (slot, "argon2id13");
      assay_json_add_int (slot, "opslimit", (gint64) kdf->opslimit);
      assay_json_add_int (slot, "memlimit", (gint64) kdf->memlimit);
      add_base64 (slot, "salt", salt, sizeof salt);
      add_base64 (slot, "nonce", nonce, sizeof nonce);
      add_base64 (slot, "box", wrapped, sizeof wrapped);
      json_builder_end_object (slot);
      g_ptr_array_add (slots, json_builder_get_root (slot));
    }

  shuffle (slots);

  json_builder_begin_object (builder);
  assay_json_add_int (builder, "format", FORMAT);
  json_builder_set_member_name (builder, "slots");
  json_builder_begin_array (builder);
  for (guint i = 0; i < slots->len; i++)
    json_builder_add_value (builder, json_node_copy (slots->pdata[i]));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return _assay_bundle_builder_to_bytes (builder);
}

GBytes *
_assay_bundle_seal (GBytes                *document,
                    const char            *author,
                    const char * const    *recipients,
                    const char            *passphrase,
                    const AssayKdfParams  *kdf,
                    AssayBundleSignFunc    sign,
                    gpointer               sign_data,
                    GError               **error)
{
  g_autoptr(AssaySecretKey) file_key = assay_secure_alloc (ASSAY_BUNDLE_KEY_BYTES);
  g_autoptr(GBytes) header = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) message = g_byte_array_new ();
  g_autoptr(GBytes) message_bytes = NULL;
  g_autoptr(GByteArray) plain = g_byte_array_new ();
  crypto_secretstream_xchacha20poly1305_state state;
  g_autofree char *magic = g_strdup_printf (MAGIC "%d\n", FORMAT);
  guint8 checksum[CHECKSUM_BYTES];
  guint8 stream_header[STREAM_HEADER];
  guint8 author_pk[PK_BYTES];
  guint8 signature[SIG_BYTES];
  g_autofree guint8 *chunk = NULL;
  const guint8 *header_data;
  const guint8 *doc_data;
  gsize header_len, doc_len, offset, prefix_len;

  if (!assay_identity_decode (author, author_pk))
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_INVALID,
                   _("“%s” is not a public identity"), author);
      return NULL;
    }

  crypto_secretstream_xchacha20poly1305_keygen (file_key);

  header = build_header (file_key, recipients, passphrase, kdf, error);
  if (header == NULL)
    return NULL;

  header_data = g_bytes_get_data (header, &header_len);
  g_byte_array_append (out, (const guint8 *) magic, strlen (magic));
  put_le32 (out, (guint32) header_len);
  g_byte_array_append (out, header_data, header_len);
  crypto_generichash (checksum, sizeof checksum, out->data, out->len, NULL, 0);
  g_byte_array_append (out, checksum, sizeof checksum);
  prefix_len = out->len;

  /* Sign-then-encrypt, with the header signed too: a recipient cannot
   * re-address the signed contents to someone else in the author's name. */
  doc_data = g_bytes_get_data (document, &doc_len);
  g_byte_array_append (message, (const guint8 *) SIGNATURE_LABEL, sizeof SIGNATURE_LABEL);
  g_byte_array_append (message, out->data, prefix_len);
  g_byte_array_append (message, author_pk, sizeof author_pk);
  g_byte_array_append (message, doc_data, doc_len);
  message_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&message));
  if (!sign (message_bytes, signature, sign_data, error))
    return NULL;

  g_byte_array_append (plain, author_pk, sizeof author_pk);
  g_byte_array_append (plain, signature, sizeof signature);
  g_byte_array_append (plain, doc_data, doc_len);

  crypto_secretstream_xchacha20poly1305_init_push (&state, stream_header, file_key);
  g_byte_array_append (out, stream_header, sizeof stream_header);

  chunk = g_malloc (CHUNK_BYTES + STREAM_ABYTES);
  offset = 0;
  for (;;)
    {
      gsize n = MIN (plain->len - offset, CHUNK_BYTES);
      gboolean last = offset + n == plain->len;
      unsigned char tag = last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0;
      unsigned long long chunk_len = 0;

      crypto_secretstream_xchacha20poly1305_push (&state, chunk, &chunk_len,
                                                  plain->data + offset, n,
                                                  offset == 0 ? out->data : NULL,
                                                  offset == 0 ? prefix_len : 0, tag);
      g_byte_array_append (out, chunk, (guint) chunk_len);
      offset += n;
      if (last)
        break;
    }

  sodium_memzero (&state, sizeof state);
  sodium_memzero (plain->data, plain->len);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
set_truncated (GError     **error,
               const char  *name,
               gsize        len)
{
  g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
               _("%s: truncated after %'" G_GSIZE_FORMAT " bytes"), name, len);
}

/* The base64 member @member of @object decoded into exactly @len bytes. */
static gboolean
get_base64 (JsonObject *object,
            const char *member,
            guint8     *out,
            gsize       len)
{
  const char *text = _assay_bundle_get_string (object, member);
  g_autofree guint8 *data = NULL;
  gsize data_len = 0;

  /* g_base64_decode() needs no more than this to hold @len bytes; a longer
   * string cannot be right, and a huge one should not be decoded at all. */
  if (text == NULL || strlen (text) != (len + 2) / 3 * 4)
    return FALSE;

  data = g_base64_decode (text, &data_len);
  if (data_len != len)
    return FALSE;

  memcpy (out, data, len);

  return TRUE;
}

static gboolean
open_passphrase_slot (JsonObject               *slot,
                      const char               *name,
                      const AssayBundleOpener  *opener,
                      guint8                   *file_key,
                      GError                  **error)
{
  g_autoptr(AssaySecretKey) pass_key = NULL;
  guint8 salt[crypto_pwhash_SALTBYTES];
  guint8 nonce[WRAP_NONCE_BYTES];
  guint8 wrapped[WRAP_BYTES];
  guint8 ad[ASSAY_PASSPHRASE_AD_MAX];
  gint64 opslimit, memlimit;
  gsize ad_len;

  if (g_strcmp0 (_assay_bundle_get_string (slot, "kdf"), "argon2id13") != 0 ||
      !_assay_bundle_get_int (slot, "opslimit", &opslimit) ||
      !_assay_bundle_get_int (slot, "memlimit", &memlimit) ||
      !get_base64 (slot, "salt", salt, sizeof salt) ||
      !get_base64 (slot, "nonce", nonce, sizeof nonce) ||
      !get_base64 (slot, "box", wrapped, sizeof wrapped))
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: its passphrase slot is malformed"), name);
      return FALSE;
    }

  /* A bundle must not be able to make its reader spend gigabytes or hours. */
  if (opslimit < (gint64) crypto_pwhash_OPSLIMIT_MIN ||
      memlimit < (gint64) crypto_pwhash_MEMLIMIT_MIN ||
      (guint64) opslimit > opener->max_kdf.opslimit ||
      (guint64) memlimit > opener->max_kdf.memlimit)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: its passphrase slot asks for a key derivation Assay does not "
                     "allow (%" G_GINT64_FORMAT " passes over %" G_GINT64_FORMAT " MiB)"),
                   name, opslimit, memlimit / (1024 * 1024));
      return FALSE;
    }

  if (opener->passphrase == NULL)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NEEDS_PASSPHRASE,
                   _("%s is not addressed to this installation (identity %s); it can be "
                     "opened with the partnership passphrase"),
                   name, opener->identity);
      return FALSE;
    }

  pass_key = assay_secure_alloc (ASSAY_BUNDLE_KEY_BYTES);
  if (!derive_passphrase_key (pass_key, opener->passphrase, salt, (guint64) opslimit,
                              (gsize) memlimit, error))
    return FALSE;

  ad_len = _assay_passphrase_ad (ad, PASSPHRASE_LABEL, (guint64) opslimit, (guint64) memlimit,
                                 salt);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (file_key, NULL, NULL, wrapped, sizeof wrapped,
                                                  ad, ad_len, nonce, pass_key) != 0)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_WRONG_PASSPHRASE,
                   _("%s: the partnership passphrase does not open it"), name);
      return FALSE;
    }

  return TRUE;
}

/* Finds a slot that opens, trying this installation's identity on each
 * recipient slot before asking for anything costly. */
static gboolean
open_slots (JsonArray                *slots,
            const char               *name,
            const AssayBundleOpener  *opener,
            guint8                   *file_key,
            GError                  **error)
{
  JsonObject *passphrase_slot = NULL;
  guint n = json_array_get_length (slots);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (slots, i);
      JsonObject *slot;
      const char *kind;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          (kind = _assay_bundle_get_string ((slot = json_node_get_object (node)), "kind")) == NULL)
        {
          g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                       _("%s: key slot %u is malformed"), name, i + 1);
          return FALSE;
        }

      if (g_str_equal (kind, "identity"))
        {
          guint8 sealed[BOX_SLOT_BYTES];

          if (!get_base64 (slot, "box", sealed, sizeof sealed))
            {
              g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                           _("%s: key slot %u is malformed"), name, i + 1);
              return FALSE;
            }

          if (opener->open_slot (sealed, sizeof sealed, file_key, opener->user_data, error))
            return TRUE;
          if (error != NULL && *error != NULL)
            return FALSE;
        }
      else if (g_str_equal (kind, "passphrase") && passphrase_slot == NULL)
        passphrase_slot = slot;
      /* Other kinds are for readers newer than this one. */
    }

  if (passphrase_slot != NULL)
    return open_passphrase_slot (passphrase_slot, name, opener, file_key, error);

  g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_FOR_US,
               _("%s is not addressed to this installation (identity %s)"),
               name, opener->identity);
  return FALSE;
}

/* Reads the magic line; returns its length, or 0 with @error set. */
static gsize
read_magic (const guint8  *data,
            gsize          len,
            const char    *name,
            GError       **error)
{
  gsize magic_len = strlen (MAGIC);
  guint64 format = 0;
  gsize i;

  if (len == 0)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE,
                   _("%s is empty, not an Assay bundle"), name);
      return 0;
    }

  if (len < magic_len || memcmp (data, MAGIC, magic_len) != 0)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE,
                   _("%s is not an Assay bundle"), name);
      return 0;
    }

  for (i = magic_len; i < len && i < magic_len + 9 && g_ascii_isdigit (data[i]); i++)
    format = format * 10 + (guint64) (data[i] - '0');

  if (i == magic_len || i >= len || data[i] != '\n' || format == 0)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE,
                   _("%s is not an Assay bundle: its first line is not one"), name);
      return 0;
    }

  if (format != FORMAT)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_UNSUPPORTED,
                   _("%s is a bundle of format %" G_GUINT64_FORMAT ", which this version of "
                     "Assay cannot read (it reads format %d); update Assay"),
                   name, format, FORMAT);
      return 0;
    }

  return i + 1;
}

/* Decrypts the chunks after @prefix_len into @plain. */
static gboolean
decrypt_body (const guint8  *data,
              gsize          len,
              gsize          prefix_len,
              const guint8  *file_key,
              const char    *name,
              GByteArray    *plain,
              GError       **error)
{
  crypto_secretstream_xchacha20poly1305_state state;
  g_autofree guint8 *chunk = g_malloc (CHUNK_BYTES);
  gsize offset = prefix_len;
  guint n_chunk = 0;
  gboolean ok = FALSE;

  if (len - offset < STREAM_HEADER)
    {
      set_truncated (error, name, len);
      return FALSE;
    }

  if (crypto_secretstream_xchacha20poly1305_init_pull (&state, data + offset, file_key) != 0)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: the start of its contents is damaged"), name);
      return FALSE;
    }
  offset += STREAM_HEADER;

  for (;;)
    {
      gsize in_len = MIN (len - offset, (gsize) CHUNK_BYTES + STREAM_ABYTES);
      unsigned long long out_len = 0;
      unsigned char tag = 0;

      n_chunk++;

      if (in_len < STREAM_ABYTES)
        {
          set_truncated (error, name, len);
          break;
        }

      if (crypto_secretstream_xchacha20poly1305_pull (&state, chunk, &out_len, &tag,
                                                      data + offset, in_len,
                                                      n_chunk == 1 ? data : NULL,
                                                      n_chunk == 1 ? prefix_len : 0) != 0)
        {
          g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                       _("%s is damaged or truncated: part %u of its contents fails "
                         "authentication (the file has %'" G_GSIZE_FORMAT " bytes)"),
                       name, n_chunk, len);
          break;
        }

      g_byte_array_append (plain, chunk, (guint) out_len);
      offset += in_len;

      if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
        {
          if (offset != len)
            g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                         _("%s: %'" G_GSIZE_FORMAT " unexpected bytes follow its end"),
                         name, len - offset);
          else
            ok = TRUE;
          break;
        }

      if (offset == len)
        {
          set_truncated (error, name, len);
          break;
        }
    }

  sodium_memzero (&state, sizeof state);
  sodium_memzero (chunk, CHUNK_BYTES);

  return ok;
}

gboolean
_assay_bundle_open (GBytes                   *contents,
                    const char               *name,
                    const AssayBundleOpener  *opener,
                    char                    **signer,
                    GBytes                  **document,
                    GError                  **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(AssaySecretKey) file_key = NULL;
  g_autoptr(GByteArray) plain = NULL;
  g_autoptr(GByteArray) message = NULL;
  JsonNode *root;
  JsonObject *header;
  JsonNode *slots;
  const guint8 *data;
  gsize len, offset, header_len, prefix_len;
  guint8 checksum[CHECKSUM_BYTES];
  gint64 format;

  data = g_bytes_get_data (contents, &len);

  offset = read_magic (data, len, name, error);
  if (offset == 0)
    return FALSE;

  if (len - offset < 4)
    {
      set_truncated (error, name, len);
      return FALSE;
    }
  header_len = get_le32 (data + offset);
  offset += 4;

  if (header_len == 0 || header_len > MAX_HEADER)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: its header is damaged (it gives a length of %'" G_GSIZE_FORMAT
                     " bytes)"),
                   name, header_len);
      return FALSE;
    }

  if (len - offset < header_len + CHECKSUM_BYTES)
    {
      set_truncated (error, name, len);
      return FALSE;
    }

  crypto_generichash (checksum, sizeof checksum, data, offset + header_len, NULL, 0);
  if (sodium_memcmp (checksum, data + offset + header_len, CHECKSUM_BYTES) != 0)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: its header is damaged (the checksum does not match)"), name);
      return FALSE;
    }
  prefix_len = offset + header_len + CHECKSUM_BYTES;

  if (!json_parser_load_from_data (parser, (const char *) data + offset, (gssize) header_len,
                                   NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !_assay_bundle_get_int ((header = json_node_get_object (root)), "format", &format) ||
      format != FORMAT ||
      (slots = json_object_get_member (header, "slots")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (slots))
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: its header is malformed"), name);
      return FALSE;
    }

  file_key = assay_secure_alloc (ASSAY_BUNDLE_KEY_BYTES);
  if (!open_slots (json_node_get_array (slots), name, opener, file_key, error))
    return FALSE;

  plain = g_byte_array_new ();
  if (!decrypt_body (data, len, prefix_len, file_key, name, plain, error))
    {
      sodium_memzero (plain->data, plain->len);
      return FALSE;
    }

  if (plain->len < PK_BYTES + SIG_BYTES)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: its contents are too short to be signed"), name);
      return FALSE;
    }

  message = g_byte_array_sized_new (sizeof SIGNATURE_LABEL + prefix_len + plain->len);
  g_byte_array_append (message, (const guint8 *) SIGNATURE_LABEL, sizeof SIGNATURE_LABEL);
  g_byte_array_append (message, data, prefix_len);
  g_byte_array_append (message, plain->data, PK_BYTES);
  g_byte_array_append (message, plain->data + PK_BYTES + SIG_BYTES,
                       plain->len - PK_BYTES - SIG_BYTES);

  if (crypto_sign_verify_detached (plain->data + PK_BYTES, message->data, message->len,
                                   plain->data) != 0)
    {
      g_autofree char *claimed = assay_identity_encode (plain->data);

      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: the signature does not match its author (identity %s)"),
                   name, claimed);
      sodium_memzero (plain->data, plain->len);
      sodium_memzero (message->data, message->len);
      return FALSE;
    }

  *signer = assay_identity_encode (plain->data);
  *document = g_bytes_new (plain->data + PK_BYTES + SIG_BYTES,
                           plain->len - PK_BYTES - SIG_BYTES);
  sodium_memzero (plain->data, plain->len);
  sodium_memzero (message->data, message->len);

  return TRUE;
}
