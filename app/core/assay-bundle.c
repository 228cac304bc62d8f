/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-bundle"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "assay-bundle-private.h"
#include "assay-caseload.h"
#include "assay-hlc.h"

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
#define MAX_BUNDLE       (G_GUINT64_CONSTANT (1) << 30)
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

/* The collections a bundle carries, and the only ones an import accepts. */
#define AUDITS_COLLECTION     "audits"
#define AGREEMENTS_COLLECTION "agreements"

static gboolean
accepted_collection (const char *collection)
{
  return g_strcmp0 (collection, AUDITS_COLLECTION) == 0 ||
         g_strcmp0 (collection, AGREEMENTS_COLLECTION) == 0 ||
         g_strcmp0 (collection, ASSAY_CASELOAD_COLLECTION) == 0;
}

void
assay_conflict_free (AssayConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->collection);
  g_free (conflict->id);
  g_free (conflict->local_author);
  g_free (conflict->other_author);
  g_free (conflict->description);
  g_free (conflict);
}

void
assay_import_report_free (AssayImportReport *report)
{
  if (report == NULL)
    return;

  g_free (report->author);
  g_free (report->author_name);
  g_free (report->author_agency);
  g_free (report->created);
  g_clear_pointer (&report->conflicts, g_ptr_array_unref);
  g_clear_pointer (&report->missing_frameworks, g_ptr_array_unref);
  g_free (report);
}

void
_assay_bundle_document_free (AssayBundleDocument *document)
{
  if (document == NULL)
    return;

  g_free (document->author);
  g_free (document->author_name);
  g_free (document->author_agency);
  g_free (document->created);
  g_clear_pointer (&document->records, g_ptr_array_unref);
  g_free (document);
}

/* Secure memory that frees itself. */
typedef guint8 AssaySecretKey;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssaySecretKey, assay_secure_free)

static gboolean
hex_decode (const char *text,
            guint8     *out,
            gsize       out_len)
{
  if (text == NULL || strlen (text) != out_len * 2)
    return FALSE;

  for (gsize i = 0; i < out_len; i++)
    {
      int hi = g_ascii_xdigit_value (text[2 * i]);
      int lo = g_ascii_xdigit_value (text[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      out[i] = (guint8) (hi << 4 | lo);
    }

  return TRUE;
}

static char *
hex_encode (const guint8 *data,
            gsize         len)
{
  char *text = g_malloc (len * 2 + 1);

  sodium_bin2hex (text, len * 2 + 1, data, len);

  return text;
}

/* An identity as `identity` prints it, in canonical (lower case) form; NULL
 * if @text is not one. Only points that have an X25519 form can be
 * recipients. */
static char *
parse_identity (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  guint8 pk[PK_BYTES];
  guint8 box_pk[crypto_box_PUBLICKEYBYTES];

  if (!hex_decode (trimmed, pk, sizeof pk) ||
      crypto_sign_ed25519_pk_to_curve25519 (box_pk, pk) != 0)
    return NULL;

  return hex_encode (pk, sizeof pk);
}

char *
assay_bundle_parse_recipient (const char  *text,
                              GError     **error)
{
  char *identity = parse_identity (text);

  if (identity == NULL)
    g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_INVALID,
                 _("“%s” is not a public identity: a recipient is given by the 64 "
                   "hexadecimal digits that “assay-cli identity” prints"),
                 text != NULL ? text : "");

  return identity;
}

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

static gsize
passphrase_ad (guint8       *ad,
               guint64       opslimit,
               guint64       memlimit,
               const guint8 *salt)
{
  gsize len = sizeof PASSPHRASE_LABEL;

  memcpy (ad, PASSPHRASE_LABEL, len);
  for (guint i = 0; i < 8; i++)
    {
      ad[len + i] = (guint8) (opslimit >> (8 * i));
      ad[len + 8 + i] = (guint8) (memlimit >> (8 * i));
    }
  memcpy (ad + len + 16, salt, crypto_pwhash_SALTBYTES);

  return len + 16 + crypto_pwhash_SALTBYTES;
}

#define PASSPHRASE_AD_MAX (sizeof PASSPHRASE_LABEL + 16 + crypto_pwhash_SALTBYTES)

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
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  char *text;
  gsize len;

  for (guint i = 0; recipients != NULL && recipients[i] != NULL; i++)
    {
      g_autoptr(JsonBuilder) slot = json_builder_new ();
      guint8 pk[PK_BYTES];
      guint8 box_pk[crypto_box_PUBLICKEYBYTES];
      guint8 sealed[BOX_SLOT_BYTES];

      if (!hex_decode (recipients[i], pk, sizeof pk) ||
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
      guint8 ad[PASSPHRASE_AD_MAX];
      gsize ad_len;

      randombytes_buf (salt, sizeof salt);
      randombytes_buf (nonce, sizeof nonce);
      if (!derive_passphrase_key (pass_key, passphrase, salt, kdf->opslimit, kdf->memlimit,
                                  error))
        return NULL;

      ad_len = passphrase_ad (ad, kdf->opslimit, kdf->memlimit, salt);
      crypto_aead_xchacha20poly1305_ietf_encrypt (wrapped, NULL, file_key, ASSAY_BUNDLE_KEY_BYTES,
                                                  ad, ad_len, NULL, nonce, pass_key);

      json_builder_begin_object (slot);
      json_builder_set_member_name (slot, "kind");
      json_builder_add_string_value (slot, "passphrase");
      json_builder_set_member_name (slot, "kdf");
      json_builder_add_string_value (slot, "argon2id13");
      json_builder_set_member_name (slot, "opslimit");
      json_builder_add_int_value (slot, (gint64) kdf->opslimit);
      json_builder_set_member_name (slot, "memlimit");
      json_builder_add_int_value (slot, (gint64) kdf->memlimit);
      add_base64 (slot, "salt", salt, sizeof salt);
      add_base64 (slot, "nonce", nonce, sizeof nonce);
      add_base64 (slot, "box", wrapped, sizeof wrapped);
      json_builder_end_object (slot);
      g_ptr_array_add (slots, json_builder_get_root (slot));
    }

  shuffle (slots);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, FORMAT);
  json_builder_set_member_name (builder, "slots");
  json_builder_begin_array (builder);
  for (guint i = 0; i < slots->len; i++)
    json_builder_add_value (builder, json_node_copy (slots->pdata[i]));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);

  return g_bytes_new_take (text, len);
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

  if (!hex_decode (author, author_pk, sizeof author_pk))
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

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
get_int (JsonObject *object,
         const char *member,
         gint64     *value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *value = json_node_get_int (node);

  return TRUE;
}

/* The base64 member @member of @object decoded into exactly @len bytes. */
static gboolean
get_base64 (JsonObject *object,
            const char *member,
            guint8     *out,
            gsize       len)
{
  const char *text = get_string (object, member);
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
  guint8 ad[PASSPHRASE_AD_MAX];
  gint64 opslimit, memlimit;
  gsize ad_len;

  if (g_strcmp0 (get_string (slot, "kdf"), "argon2id13") != 0 ||
      !get_int (slot, "opslimit", &opslimit) || !get_int (slot, "memlimit", &memlimit) ||
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

  ad_len = passphrase_ad (ad, (guint64) opslimit, (guint64) memlimit, salt);
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
          (kind = get_string ((slot = json_node_get_object (node)), "kind")) == NULL)
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
      !get_int ((header = json_node_get_object (root)), "format", &format) || format != FORMAT ||
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
      g_autofree char *claimed = hex_encode (plain->data, PK_BYTES);

      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: the signature does not match its author (identity %s)"),
                   name, claimed);
      sodium_memzero (plain->data, plain->len);
      sodium_memzero (message->data, message->len);
      return FALSE;
    }

  *signer = hex_encode (plain->data, PK_BYTES);
  *document = g_bytes_new (plain->data + PK_BYTES + SIG_BYTES,
                           plain->len - PK_BYTES - SIG_BYTES);
  sodium_memzero (plain->data, plain->len);
  sodium_memzero (message->data, message->len);

  return TRUE;
}

static void
set_record_damaged (GError     **error,
                    const char  *name,
                    guint        index,
                    const char  *collection,
                    const char  *id,
                    const char  *problem)
{
  if (collection != NULL && id != NULL)
    g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                 _("%s: record %s/%s: %s"), name, collection, id, problem);
  else
    g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                 _("%s: record %u: %s"), name, index + 1, problem);
}

static JsonObject *
parse_object (const char *text,
              gsize       len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!g_utf8_validate (text, (gssize) len, NULL) ||
      !json_parser_load_from_data (parser, text, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

static int
compare_records (gconstpointer a,
                 gconstpointer b)
{
  const AssayRecord *ra = *(const AssayRecord **) a;
  const AssayRecord *rb = *(const AssayRecord **) b;
  int c = strcmp (ra->collection, rb->collection);

  if (c == 0)
    c = strcmp (ra->id, rb->id);
  if (c == 0)
    c = ra->revision < rb->revision ? -1 : ra->revision > rb->revision;

  return c;
}

static AssayRecord *
parse_record (JsonNode    *node,
              guint        index,
              const char  *name,
              GError     **error)
{
  g_autoptr(AssayRecord) record = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(GBytes) with_nul = NULL;
  JsonObject *object;
  const char *collection, *id, *author, *text;
  guint8 author_pk[PK_BYTES];
  gint64 revision, hlc;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_record_damaged (error, name, index, NULL, NULL, _("not an object"));
      return NULL;
    }

  object = json_node_get_object (node);
  collection = get_string (object, "collection");
  id = get_string (object, "id");

  if (collection == NULL || id == NULL || !g_uuid_string_is_valid (id))
    {
      set_record_damaged (error, name, index, NULL, NULL, _("no valid collection and id"));
      return NULL;
    }

  if (!accepted_collection (collection))
    {
      set_record_damaged (error, name, index, NULL, NULL,
                          _("a bundle carries only audits, agreements and cases"));
      return NULL;
    }

  author = get_string (object, "author");
  text = get_string (object, "payload");

  if (!get_int (object, "revision", &revision) || revision <= 0)
    {
      set_record_damaged (error, name, index, collection, id, _("no valid revision"));
      return NULL;
    }

  if (!hex_decode (author, author_pk, sizeof author_pk))
    {
      set_record_damaged (error, name, index, collection, id, _("no valid author"));
      return NULL;
    }

  if (!get_int (object, "hlc", &hlc) || hlc <= 0)
    {
      set_record_damaged (error, name, index, collection, id, _("no valid clock stamp"));
      return NULL;
    }

  if (text == NULL || (payload = parse_object (text, strlen (text))) == NULL)
    {
      set_record_damaged (error, name, index, collection, id,
                          _("its contents are not a JSON object"));
      return NULL;
    }

  if (g_str_equal (collection, ASSAY_CASELOAD_COLLECTION) &&
      get_string (payload, "case_ref") == NULL)
    {
      set_record_damaged (error, name, index, collection, id, _("a case without a case_ref"));
      return NULL;
    }

  /* With a NUL past the length, as payloads opened by the vault have, so
   * assay_record_get_text() works on it. */
  with_nul = g_bytes_new (text, strlen (text) + 1);

  record = g_new0 (AssayRecord, 1);
  record->collection = g_strdup (collection);
  record->id = g_ascii_strdown (id, -1);
  record->revision = revision;
  record->author = hex_encode (author_pk, sizeof author_pk);
  record->hlc = (guint64) hlc;
  record->payload = g_bytes_new_from_bytes (with_nul, 0, strlen (text));

  return g_steal_pointer (&record);
}

AssayBundleDocument *
_assay_bundle_parse_document (GBytes      *document,
                              const char  *name,
                              const char  *signer,
                              GError     **error)
{
  g_autoptr(AssayBundleDocument) doc = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonNode *records;
  JsonArray *array;
  const char *author;
  gsize len;
  const char *text = g_bytes_get_data (document, &len);

  object = text != NULL ? parse_object (text, len) : NULL;
  if (object == NULL)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: its contents are not a bundle document"), name);
      return NULL;
    }

  author = get_string (object, "author");
  if (author == NULL || g_ascii_strcasecmp (author, signer) != 0)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: the signature does not match its author (identity %s)"),
                   name, author != NULL ? author : "?");
      return NULL;
    }

  records = json_object_get_member (object, "records");
  if (records == NULL || !JSON_NODE_HOLDS_ARRAY (records))
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: its contents have no list of records"), name);
      return NULL;
    }

  doc = g_new0 (AssayBundleDocument, 1);
  doc->author = g_ascii_strdown (signer, -1);
  /* Only shown to people: missing is empty, not an error. */
  doc->author_name = g_strdup (get_string (object, "author_name"));
  doc->author_agency = g_strdup (get_string (object, "author_agency"));
  doc->created = g_strdup (get_string (object, "created"));
  if (doc->author_name == NULL)
    doc->author_name = g_strdup ("");
  if (doc->author_agency == NULL)
    doc->author_agency = g_strdup ("");
  if (doc->created == NULL)
    doc->created = g_strdup ("");
  doc->records = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_record_free);

  array = json_node_get_array (records);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      AssayRecord *record = parse_record (json_array_get_element (array, i), i, name, error);

      if (record == NULL)
        return NULL;
      g_ptr_array_add (doc->records, record);
    }

  g_ptr_array_sort (doc->records, compare_records);

  /* Every revision from the first, once: the importer's history then has no
   * gaps, which assay_store_check() would call damage. */
  for (guint i = 0; i < doc->records->len; i++)
    {
      AssayRecord *record = doc->records->pdata[i];
      AssayRecord *previous = i > 0 ? doc->records->pdata[i - 1] : NULL;
      gboolean same_record = previous != NULL &&
                             g_str_equal (previous->collection, record->collection) &&
                             g_str_equal (previous->id, record->id);
      gint64 expected = same_record ? previous->revision + 1 : 1;

      if (record->revision != expected)
        {
          g_autofree char *problem =
            g_strdup_printf (_("revision %" G_GINT64_FORMAT " where %" G_GINT64_FORMAT
                               " was expected"),
                             record->revision, expected);

          set_record_damaged (error, name, i, record->collection, record->id, problem);
          return NULL;
        }
    }

  return g_steal_pointer (&doc);
}

char *
_assay_bundle_describe (const char *collection,
                        GBytes     *payload)
{
  g_autoptr(JsonObject) object = NULL;
  const char *case_ref = NULL;
  gsize len = 0;
  const char *text = payload != NULL ? g_bytes_get_data (payload, &len) : NULL;

  if (text != NULL)
    object = parse_object (text, len);
  if (object != NULL)
    {
      case_ref = get_string (object, "case");
      if (case_ref == NULL)
        case_ref = get_string (object, "case_ref");
    }
  if (case_ref == NULL)
    case_ref = "?";

  if (g_strcmp0 (collection, AUDITS_COLLECTION) == 0)
    {
      const char *moderator = object != NULL ? get_string (object, "moderator") : NULL;

      if (moderator != NULL && *moderator != '\0')
        return g_strdup_printf (_("audit of %s by %s"), case_ref, moderator);
      return g_strdup_printf (_("audit of %s"), case_ref);
    }

  if (g_strcmp0 (collection, AGREEMENTS_COLLECTION) == 0)
    return g_strdup_printf (_("agreed grade for %s"), case_ref);

  if (g_strcmp0 (collection, ASSAY_CASELOAD_COLLECTION) == 0)
    return g_strdup_printf (_("case %s"), case_ref);

  return g_strdup_printf (_("%s record"), collection);
}

/* Export */

static gboolean
vault_sign (GBytes   *message,
            guint8    signature[64],
            gpointer  user_data,
            GError  **error)
{
  return assay_vault_sign (ASSAY_VAULT (user_data), message, signature, error);
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

/* The case (or case_ref) a record is about, from its payload. */
static char *
record_case_ref (const AssayRecord *record)
{
  g_autoptr(JsonObject) object = NULL;
  gsize len = 0;
  const char *text = assay_record_get_text (record, &len);
  const char *case_ref;

  object = parse_object (text, len);
  if (object == NULL)
    return NULL;

  case_ref = get_string (object, g_str_equal (record->collection, ASSAY_CASELOAD_COLLECTION)
                                 ? "case_ref" : "case");

  return g_strdup (case_ref);
}

static gboolean
changed_since (GPtrArray *history,
               gint64     since_ms)
{
  for (guint i = 0; i < history->len; i++)
    {
      const AssayRecord *record = history->pdata[i];

      if (assay_hlc_get_wall_ms (record->hlc) >= since_ms)
        return TRUE;
    }

  return FALSE;
}

static void
add_record_json (JsonBuilder       *builder,
                 const AssayRecord *record)
{
  gsize len = 0;
  const char *text = assay_record_get_text (record, &len);
  g_autofree char *payload = g_strndup (text, len);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "collection");
  json_builder_add_string_value (builder, record->collection);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, record->id);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, record->revision);
  json_builder_set_member_name (builder, "author");
  json_builder_add_string_value (builder, record->author);
  json_builder_set_member_name (builder, "hlc");
  json_builder_add_int_value (builder, (gint64) record->hlc);
  /* As a string: the exact bytes stored, so a re-import compares equal. */
  json_builder_set_member_name (builder, "payload");
  json_builder_add_string_value (builder, payload);
  json_builder_end_object (builder);
}

/* Adds every revision of the records of @collection changed since
 * @since_ms (all when it is G_MININT64); collects the cases they are about. */
static gboolean
add_collection (AssayStore          *store,
                const char          *collection,
                gint64               since_ms,
                JsonBuilder         *builder,
                GHashTable          *case_refs,
                AssayExportSummary  *summary,
                GCancellable        *cancellable,
                GError             **error)
{
  g_autoptr(GPtrArray) latest = assay_store_list (store, collection, error);

  if (latest == NULL)
    return FALSE;

  for (guint i = 0; i < latest->len; i++)
    {
      const AssayRecord *record = latest->pdata[i];
      g_autoptr(GPtrArray) history = NULL;
      char *case_ref;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      history = assay_store_history (store, collection, record->id, error);
      if (history == NULL)
        return FALSE;

      if (!changed_since (history, since_ms))
        continue;

      for (guint j = 0; j < history->len; j++)
        add_record_json (builder, history->pdata[j]);

      summary->n_records++;
      summary->n_revisions += history->len;

      case_ref = record_case_ref (record);
      if (case_ref != NULL)
        g_hash_table_add (case_refs, case_ref);
    }

  return TRUE;
}

static gboolean
add_cases (AssayStore          *store,
           GHashTable          *case_refs,
           JsonBuilder         *builder,
           AssayExportSummary  *summary,
           GError             **error)
{
  g_autoptr(GPtrArray) cases = assay_store_list (store, ASSAY_CASELOAD_COLLECTION, error);

  if (cases == NULL)
    return FALSE;

  for (guint i = 0; i < cases->len; i++)
    {
      const AssayRecord *record = cases->pdata[i];
      g_autofree char *case_ref = record_case_ref (record);
      g_autoptr(GPtrArray) history = NULL;

      if (case_ref == NULL || !g_hash_table_contains (case_refs, case_ref))
        continue;

      history = assay_store_history (store, ASSAY_CASELOAD_COLLECTION, record->id, error);
      if (history == NULL)
        return FALSE;

      for (guint j = 0; j < history->len; j++)
        add_record_json (builder, history->pdata[j]);

      summary->n_records++;
      summary->n_revisions += history->len;
    }

  return TRUE;
}

static GBytes *
build_document (AssayStore          *store,
                GDateTime           *since,
                AssayExportSummary  *summary,
                GCancellable        *cancellable,
                GError             **error)
{
  AssayVault *vault = assay_store_get_vault (store);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) case_refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  gint64 since_ms = since != NULL ? g_date_time_to_unix (since) * 1000 +
                                    g_date_time_get_microsecond (since) / 1000
                                  : G_MININT64;
  char *text;
  gsize len;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "author");
  json_builder_add_string_value (builder, assay_vault_get_identity (vault));
  json_builder_set_member_name (builder, "author_name");
  json_builder_add_string_value (builder, assay_vault_get_name (vault) != NULL
                                          ? assay_vault_get_name (vault) : "");
  json_builder_set_member_name (builder, "author_agency");
  json_builder_add_string_value (builder, assay_vault_get_agency (vault) != NULL
                                          ? assay_vault_get_agency (vault) : "");
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);

  /* Audits and agreements, and only the cases they are about: never samples
   * or anything else the vault holds. */
  if (!add_collection (store, AUDITS_COLLECTION, since_ms, builder, case_refs, summary,
                       cancellable, error) ||
      !add_collection (store, AGREEMENTS_COLLECTION, since_ms, builder, case_refs, summary,
                       cancellable, error) ||
      !add_cases (store, case_refs, builder, summary, error))
    return NULL;

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);

  return g_bytes_new_take (text, len);
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

  document = build_document (store, options != NULL ? options->since : NULL, &counts,
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

/* Import */

/* case_ref -> id of every case held. */
static GHashTable *
index_cases (AssayStore  *store,
             GError     **error)
{
  g_autoptr(GPtrArray) cases = assay_store_list (store, ASSAY_CASELOAD_COLLECTION, error);
  g_autoptr(GHashTable) index = NULL;

  if (cases == NULL)
    return NULL;

  index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < cases->len; i++)
    {
      const AssayRecord *record = cases->pdata[i];
      char *case_ref = record_case_ref (record);

      if (case_ref != NULL)
        g_hash_table_replace (index, case_ref, g_strdup (record->id));
    }

  return g_steal_pointer (&index);
}

static AssayConflict *
conflict_new (AssayStore         *store,
              const AssayRecord  *other,
              GError            **error)
{
  g_autoptr(AssayConflict) conflict = g_new0 (AssayConflict, 1);
  g_autoptr(AssayRecord) local = NULL;
  g_autoptr(GError) local_error = NULL;

  local = assay_store_load_revision (store, other->collection, other->id, other->revision,
                                     &local_error);
  if (local == NULL && g_error_matches (local_error, ASSAY_STORE_ERROR,
                                        ASSAY_STORE_ERROR_NOT_FOUND))
    {
      /* The other side went further than this one: compare with the latest. */
      g_clear_error (&local_error);
      local = assay_store_load (store, other->collection, other->id, &local_error);
    }
  if (local == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  conflict->collection = g_strdup (other->collection);
  conflict->id = g_strdup (other->id);
  conflict->revision = other->revision;
  conflict->local_author = g_strdup (local->author);
  conflict->other_author = g_strdup (other->author);
  conflict->other_hlc = other->hlc;
  conflict->description = _assay_bundle_describe (other->collection, other->payload);

  return g_steal_pointer (&conflict);
}

/* Merges the revisions @first .. @last - 1 of @records (one record's). */
static gboolean
merge_record (AssayStore         *store,
              GPtrArray          *records,
              guint               first,
              guint               last,
              GHashTable         *cases,
              AssayImportReport  *report,
              GError            **error)
{
  const AssayRecord *newest = records->pdata[last - 1];
  gboolean added_any = FALSE;
  gboolean was_held = FALSE;
  gboolean diverged = FALSE;

  if (g_str_equal (newest->collection, ASSAY_CASELOAD_COLLECTION))
    {
      g_autofree char *case_ref = record_case_ref (newest);
      const char *held_id = g_hash_table_lookup (cases, case_ref);

      /* The plan is in the caseload here under another id (imported from the
       * same spreadsheet, say): this installation's caseload wins. */
      if (held_id != NULL && !g_str_equal (held_id, newest->id))
        {
          report->unchanged++;
          return TRUE;
        }
      g_hash_table_replace (cases, g_steal_pointer (&case_ref), g_strdup (newest->id));
    }

  for (guint i = first; i < last && !diverged; i++)
    {
      const AssayRecord *record = records->pdata[i];
      AssayStoreImport outcome;

      if (!assay_store_import_revision (store, record, &outcome, error))
        return FALSE;

      switch (outcome)
        {
        case ASSAY_STORE_IMPORT_ADDED:
          added_any = TRUE;
          break;
        case ASSAY_STORE_IMPORT_SAME:
          was_held = TRUE;
          break;
        case ASSAY_STORE_IMPORT_DIFFERENT:
        default:
          was_held = TRUE;
          diverged = TRUE;
          break;
        }
    }

  if (diverged)
    {
      /* The other side's history forked from this one's: set aside its
       * newest version, to be shown beside the local one. */
      gboolean is_new = FALSE;

      if (!assay_store_add_conflict (store, newest, &is_new, error))
        return FALSE;

      if (is_new)
        {
          AssayConflict *conflict = conflict_new (store, newest, error);

          if (conflict == NULL)
            return FALSE;
          g_ptr_array_add (report->conflicts, conflict);
        }
      else
        report->unchanged++;
    }
  else if (added_any && was_held)
    report->updated++;
  else if (added_any)
    report->added++;
  else
    report->unchanged++;

  return TRUE;
}

static gboolean
merge_document (AssayStore           *store,
                AssayBundleDocument  *doc,
                AssayImportReport    *report,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autoptr(GHashTable) cases = index_cases (store, error);
  GPtrArray *records = doc->records;
  guint first = 0;

  if (cases == NULL)
    return FALSE;

  while (first < records->len)
    {
      const AssayRecord *head = records->pdata[first];
      guint last = first + 1;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      while (last < records->len &&
             g_str_equal (((AssayRecord *) records->pdata[last])->collection, head->collection) &&
             g_str_equal (((AssayRecord *) records->pdata[last])->id, head->id))
        last++;

      if (!merge_record (store, records, first, last, cases, report, error))
        return FALSE;

      first = last;
    }

  return TRUE;
}

/* Open and merge */

struct _AssayOpenedBundle
{
  char                *name;
  AssayBundleDocument *doc;
  GPtrArray           *frameworks;   /* of AssayMissingFramework: each used by the audits */
};

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

/* The framework versions of the audits carried, from the newest revision of
 * each (records are sorted by collection, id and revision). */
static GPtrArray *
collect_frameworks (AssayBundleDocument *doc)
{
  GPtrArray *frameworks =
    g_ptr_array_new_with_free_func ((GDestroyNotify) assay_missing_framework_free);
  GPtrArray *records = doc->records;

  for (guint i = 0; i < records->len; i++)
    {
      const AssayRecord *record = records->pdata[i];
      const AssayRecord *next = i + 1 < records->len ? records->pdata[i + 1] : NULL;
      g_autoptr(JsonObject) object = NULL;
      gsize len = 0;
      const char *text;

      if (!g_str_equal (record->collection, AUDITS_COLLECTION) ||
          (next != NULL && g_str_equal (next->collection, record->collection) &&
           g_str_equal (next->id, record->id)))
        continue;

      text = assay_record_get_text (record, &len);
      object = parse_object (text, len);
      if (object != NULL)
        assay_missing_frameworks_add (frameworks, get_string (object, "framework"),
                                      get_string (object, "framework_version"), 1);
    }

  return frameworks;
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
  bundle->frameworks = collect_frameworks (bundle->doc);

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

AssayImportReport *
assay_bundle_merge (AssayStore         *store,
                    AssayOpenedBundle  *bundle,
                    AssayFrameworks    *frameworks,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(GError) local_error = NULL;
  AssayBundleDocument *doc;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (bundle != NULL, NULL);
  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (frameworks), NULL);

  if (assay_vault_get_locked (assay_store_get_vault (store)))
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED,
                           _("The vault is locked"));
      return NULL;
    }

  doc = bundle->doc;
  report = g_new0 (AssayImportReport, 1);
  report->author = g_strdup (doc->author);
  report->author_name = g_strdup (doc->author_name);
  report->author_agency = g_strdup (doc->author_agency);
  report->created = g_strdup (doc->created);
  report->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_conflict_free);
  report->missing_frameworks =
    g_ptr_array_new_with_free_func ((GDestroyNotify) assay_missing_framework_free);

  for (guint i = 0; i < bundle->frameworks->len; i++)
    {
      const AssayMissingFramework *used = bundle->frameworks->pdata[i];
      g_autoptr(AssayFramework) framework =
        assay_frameworks_lookup (frameworks, used->framework, used->version, NULL);

      if (framework == NULL)
        assay_missing_frameworks_add (report->missing_frameworks, used->framework,
                                      used->version, used->n_audits);
    }

  /* One transaction: on any error nothing of this bundle is kept. */
  if (!assay_store_begin (store, error))
    return NULL;

  if (!merge_document (store, doc, report, cancellable, &local_error) ||
      !assay_store_commit (store, &local_error))
    {
      assay_store_rollback (store);
      if (local_error->domain == ASSAY_STORE_ERROR &&
          local_error->code == ASSAY_STORE_ERROR_INVALID)
        g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                     "%s: %s", bundle->name, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&report);
}

AssayImportReport *
assay_bundle_import (AssayStore    *store,
                     GFile         *file,
                     const char    *passphrase,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(AssayOpenedBundle) bundle = NULL;
  g_autoptr(AssayFrameworks) frameworks = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  bundle = assay_bundle_open (assay_store_get_vault (store), file, passphrase, cancellable,
                              error);
  if (bundle == NULL)
    return NULL;

  frameworks = assay_frameworks_new_default ();

  return assay_bundle_merge (store, bundle, frameworks, cancellable, error);
}

/* Conflicts */

GPtrArray *
assay_bundle_list_conflicts (AssayStore  *store,
                             GError     **error)
{
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);

  held = assay_store_list_conflicts (store, error);
  if (held == NULL)
    return NULL;

  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_conflict_free);
  for (guint i = 0; i < held->len; i++)
    {
      AssayConflict *conflict = conflict_new (store, held->pdata[i], error);

      if (conflict == NULL)
        return NULL;
      g_ptr_array_add (conflicts, conflict);
    }

  return g_steal_pointer (&conflicts);
}

gboolean
assay_bundle_resolve_conflict (AssayStore     *store,
                               AssayConflict  *conflict,
                               gboolean        keep_other,
                               GError        **error)
{
  g_autoptr(GPtrArray) held = NULL;
  const AssayRecord *other = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (conflict != NULL, FALSE);

  held = assay_store_list_conflicts (store, error);
  if (held == NULL)
    return FALSE;

  for (guint i = 0; i < held->len && other == NULL; i++)
    {
      const AssayRecord *record = held->pdata[i];

      if (g_str_equal (record->collection, conflict->collection) &&
          g_str_equal (record->id, conflict->id) && record->revision == conflict->revision &&
          g_str_equal (record->author, conflict->other_author) &&
          record->hlc == conflict->other_hlc)
        other = record;
    }

  if (other == NULL)
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND,
                   _("There is no conflict held for record %s/%s revision %" G_GINT64_FORMAT),
                   conflict->collection, conflict->id, conflict->revision);
      return FALSE;
    }

  if (!assay_store_begin (store, error))
    return FALSE;

  /* The other version becomes the newest revision, written here, so the
   * history keeps both. */
  if (keep_other)
    {
      g_autoptr(AssayRecord) saved = assay_store_save (store, other->collection, other->id,
                                                       other->payload, error);

      if (saved == NULL)
        {
          assay_store_rollback (store);
          return FALSE;
        }
    }

  if (!assay_store_resolve_conflict (store, other, error) || !assay_store_commit (store, error))
    {
      assay_store_rollback (store);
      return FALSE;
    }

  return TRUE;
}
