/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-bundle"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "assay-bundle-stream.h"
#include "assay-identity-key.h"
#include "assay-secure.h"
#include "assay-vault.h"

/*
 * Bundle format 2: what every record's author signs, and the writer. The
 * layout is in docs/bundle-format.md; assay-bundle-stream-reader.c reads it.
 *
 * The writer holds one chunk of plaintext and the running BLAKE2b-512 of
 * the header and every entry, which the sender signs in the end entry: a
 * bundle of any size is written in constant memory.
 */

#define RECORD_LABEL     "assay/record/2"
#define STREAM_ABYTES    crypto_secretstream_xchacha20poly1305_ABYTES
#define STREAM_HEADER    crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define WRAP_NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define WRAP_BYTES       (ASSAY_BUNDLE_KEY_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)

G_DEFINE_QUARK (assay-bundle-error-quark, assay_bundle_error)

G_STATIC_ASSERT (sizeof RECORD_LABEL == 15);
G_STATIC_ASSERT (sizeof ASSAY_BUNDLE_STREAM_MAGIC == ASSAY_BUNDLE_STREAM_MAGIC_BYTES + 1);
G_STATIC_ASSERT (crypto_box_SEALBYTES + ASSAY_BUNDLE_KEY_BYTES == ASSAY_BUNDLE_STREAM_BOX_SLOT);
G_STATIC_ASSERT (ASSAY_BUNDLE_STREAM_SALT_BYTES + 16 + WRAP_NONCE_BYTES + WRAP_BYTES ==
                 ASSAY_BUNDLE_STREAM_PASS_SLOT);
G_STATIC_ASSERT (crypto_pwhash_SALTBYTES == ASSAY_BUNDLE_STREAM_SALT_BYTES);
G_STATIC_ASSERT (crypto_secretstream_xchacha20poly1305_KEYBYTES == ASSAY_BUNDLE_KEY_BYTES);

static void
put_le (GByteArray *array,
        guint64     value,
        guint       n_bytes)
{
  guint8 buf[8];

  for (guint i = 0; i < n_bytes; i++)
    buf[i] = (guint8) (value >> (8 * i));
  g_byte_array_append (array, buf, n_bytes);
}

gboolean
_assay_bundle_stream_derive_key (guint8        *key,
                                 const char    *passphrase,
                                 const guint8  *salt,
                                 guint64        opslimit,
                                 guint64        memlimit,
                                 GError       **error)
{
  if (memlimit > G_MAXSIZE ||
      crypto_pwhash (key, ASSAY_BUNDLE_KEY_BYTES, passphrase, strlen (passphrase), salt,
                     opslimit, (gsize) memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_NO_MEMORY,
                   _("Not enough memory to derive the key from the partnership passphrase "
                     "(it needs %" G_GUINT64_FORMAT " MiB)"),
                   memlimit / (1024 * 1024));
      return FALSE;
    }

  return TRUE;
}

GBytes *
_assay_bundle_stream_end_message (const guint8 hash[64])
{
  GByteArray *message = g_byte_array_new ();

  g_byte_array_append (message, (const guint8 *) ASSAY_BUNDLE_STREAM_END_LABEL,
                       sizeof ASSAY_BUNDLE_STREAM_END_LABEL);
  g_byte_array_append (message, hash, 64);

  return g_byte_array_free_to_bytes (message);
}

struct _AssayBundleWriter
{
  GOutputStream                              *out;
  crypto_secretstream_xchacha20poly1305_state *state;   /* secure memory */
  crypto_generichash_state                    hash;      /* header and entries so far */
  GBytes                                     *header;    /* AD of the first chunk, until sent */
  guint8                                     *plain;     /* one chunk */
  gsize                                       plain_len;
  guint8                                     *cipher;
  AssayBundleSignFunc                         sign;
  gpointer                                    sign_data;
  guint64                                     n_records;
  gboolean                                    failed;
  gboolean                                    finished;
};

void
_assay_bundle_writer_free (AssayBundleWriter *writer)
{
  if (writer == NULL)
    return;

  g_clear_object (&writer->out);
  g_clear_pointer (&writer->state, assay_secure_free);
  g_clear_pointer (&writer->header, g_bytes_unref);
  sodium_memzero (&writer->hash, sizeof writer->hash);
  if (writer->plain != NULL)
    sodium_memzero (writer->plain, ASSAY_BUNDLE_STREAM_CHUNK);
  g_free (writer->plain);
  g_free (writer->cipher);
  g_free (writer);
}

static gboolean
invalid_identity (const char  *text,
                  guint8      *key,
                  GError     **error)
{
  if (text != NULL && assay_identity_decode (text, key))
    return FALSE;

  g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_INVALID,
               _("“%s” is not a public identity"), text != NULL ? text : "");
  return TRUE;
}

/* u8 type || u32le length || @data: one slot as the header holds it. */
static GBytes *
frame_slot (AssayBundleSlotType  type,
            const guint8        *data,
            gsize                len)
{
  GByteArray *slot = g_byte_array_sized_new (5 + (guint) len);

  put_le (slot, type, 1);
  put_le (slot, len, 4);
  g_byte_array_append (slot, data, (guint) len);

  return g_byte_array_free_to_bytes (slot);
}

static GBytes *
box_slot (const char    *recipient,
          const guint8  *file_key,
          GError       **error)
{
  guint8 pk[ASSAY_IDENTITY_KEY_BYTES];
  guint8 box_pk[crypto_box_PUBLICKEYBYTES];
  guint8 sealed[ASSAY_BUNDLE_STREAM_BOX_SLOT];

  if (invalid_identity (recipient, pk, error))
    return NULL;
  if (crypto_sign_ed25519_pk_to_curve25519 (box_pk, pk) != 0)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_INVALID,
                   _("“%s” is not a public identity"), recipient);
      return NULL;
    }

  crypto_box_seal (sealed, file_key, ASSAY_BUNDLE_KEY_BYTES, box_pk);

  return frame_slot (ASSAY_BUNDLE_SLOT_BOX, sealed, sizeof sealed);
}

static GBytes *
passphrase_slot (const char            *passphrase,
                 const AssayKdfParams  *kdf,
                 const guint8          *file_key,
                 GError               **error)
{
  g_autoptr(GByteArray) slot = g_byte_array_new ();
  guint8 *pass_key = assay_secure_alloc (ASSAY_BUNDLE_KEY_BYTES);
  guint8 salt[ASSAY_BUNDLE_STREAM_SALT_BYTES];
  guint8 nonce[WRAP_NONCE_BYTES];
  guint8 wrapped[WRAP_BYTES];

  randombytes_buf (salt, sizeof salt);
  randombytes_buf (nonce, sizeof nonce);
  if (!_assay_bundle_stream_derive_key (pass_key, passphrase, salt, kdf->opslimit, kdf->memlimit,
                                        error))
    {
      assay_secure_free (pass_key);
      return NULL;
    }

  /* The rest of the header is bound by the first chunk's associated data. */
  crypto_aead_xchacha20poly1305_ietf_encrypt (wrapped, NULL, file_key, ASSAY_BUNDLE_KEY_BYTES,
                                              (const guint8 *) ASSAY_BUNDLE_STREAM_MAGIC,
                                              ASSAY_BUNDLE_STREAM_MAGIC_BYTES, NULL, nonce,
                                              pass_key);
  assay_secure_free (pass_key);

  g_byte_array_append (slot, salt, sizeof salt);
  put_le (slot, kdf->opslimit, 8);
  put_le (slot, kdf->memlimit, 8);
  g_byte_array_append (slot, nonce, sizeof nonce);
  g_byte_array_append (slot, wrapped, sizeof wrapped);

  return frame_slot (ASSAY_BUNDLE_SLOT_PASSPHRASE, slot->data, slot->len);
}

/* magic || u16le n_slots || the slots in random order, so that the
 * sender's is not always first || BLAKE2b-256 of all that. */
static GBytes *
build_header (const guint8          *file_key,
              const char * const    *recipients,
              const char            *passphrase,
              const AssayKdfParams  *kdf,
              GError               **error)
{
  g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GByteArray) header = g_byte_array_new ();
  guint n_slots = (recipients != NULL ? g_strv_length ((char **) recipients) : 0) +
                  (passphrase != NULL ? 1 : 0);
  guint8 checksum[32];

  if (n_slots == 0 || n_slots > ASSAY_BUNDLE_STREAM_MAX_SLOTS)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_INVALID,
                   _("A bundle needs between 1 and %d recipients"),
                   ASSAY_BUNDLE_STREAM_MAX_SLOTS);
      return NULL;
    }

  for (guint i = 0; recipients != NULL && recipients[i] != NULL; i++)
    {
      GBytes *slot = box_slot (recipients[i], file_key, error);

      if (slot == NULL)
        return NULL;
      g_ptr_array_add (slots, slot);
    }

  if (passphrase != NULL)
    {
      GBytes *slot = passphrase_slot (passphrase, kdf, file_key, error);

      if (slot == NULL)
        return NULL;
      g_ptr_array_add (slots, slot);
    }

  for (guint i = slots->len; i > 1; i--)
    {
      guint j = randombytes_uniform (i);
      gpointer tmp = slots->pdata[i - 1];

      slots->pdata[i - 1] = slots->pdata[j];
      slots->pdata[j] = tmp;
    }

  g_byte_array_append (header, (const guint8 *) ASSAY_BUNDLE_STREAM_MAGIC,
                       ASSAY_BUNDLE_STREAM_MAGIC_BYTES);
  put_le (header, slots->len, 2);
  for (guint i = 0; i < slots->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (slots->pdata[i], &len);

      g_byte_array_append (header, data, (guint) len);
    }
  crypto_generichash (checksum, sizeof checksum, header->data, header->len, NULL, 0);
  g_byte_array_append (header, checksum, sizeof checksum);

  return g_byte_array_free_to_bytes (g_steal_pointer (&header));
}

static gboolean
writer_push (AssayBundleWriter  *writer,
             gboolean            final,
             GCancellable       *cancellable,
             GError            **error)
{
  unsigned long long cipher_len = 0;
  const guint8 *ad = NULL;
  gsize ad_len = 0;

  if (writer->header != NULL)
    ad = g_bytes_get_data (writer->header, &ad_len);

  crypto_secretstream_xchacha20poly1305_push (writer->state, writer->cipher, &cipher_len,
                                              writer->plain, writer->plain_len, ad, ad_len,
                                              final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                                    : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
  sodium_memzero (writer->plain, writer->plain_len);
  writer->plain_len = 0;
  g_clear_pointer (&writer->header, g_bytes_unref);

  return g_output_stream_write_all (writer->out, writer->cipher, (gsize) cipher_len, NULL,
                                    cancellable, error);
}

/* A full chunk is sent only once more follows, so the final chunk is never
 * empty and always holds the end of the end entry. */
static gboolean
writer_append (AssayBundleWriter  *writer,
               const guint8       *data,
               gsize               len,
               GCancellable       *cancellable,
               GError            **error)
{
  while (len > 0)
    {
      gsize n;

      if (writer->plain_len == ASSAY_BUNDLE_STREAM_CHUNK &&
          !writer_push (writer, FALSE, cancellable, error))
        return FALSE;

      n = MIN (len, ASSAY_BUNDLE_STREAM_CHUNK - writer->plain_len);
      memcpy (writer->plain + writer->plain_len, data, n);
      writer->plain_len += n;
      data += n;
      len -= n;
    }

  return TRUE;
}

/* Writes @entry, framed; every entry but the end one goes into the hash
 * the end entry signs. */
static gboolean
writer_entry (AssayBundleWriter  *writer,
              GBytes             *entry,
              gboolean            hashed,
              GCancellable       *cancellable,
              GError            **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (entry, &len);
  guint8 prefix[4];

  g_return_val_if_fail (!writer->failed && !writer->finished, FALSE);

  if (len > ASSAY_BUNDLE_STREAM_MAX_ENTRY)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_INVALID,
                   _("A record is too large for a bundle (%'" G_GSIZE_FORMAT " bytes)"), len);
      return FALSE;
    }

  for (guint i = 0; i < 4; i++)
    prefix[i] = (guint8) (len >> (8 * i));

  if (hashed)
    {
      crypto_generichash_update (&writer->hash, prefix, sizeof prefix);
      crypto_generichash_update (&writer->hash, data, len);
    }

  if (!writer_append (writer, prefix, sizeof prefix, cancellable, error) ||
      !writer_append (writer, data, len, cancellable, error))
    {
      writer->failed = TRUE;
      return FALSE;
    }

  return TRUE;
}

gboolean
_assay_bundle_writer_add_raw (AssayBundleWriter  *writer,
                              const guint8       *data,
                              gsize               len,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_return_val_if_fail (!writer->failed && !writer->finished, FALSE);

  crypto_generichash_update (&writer->hash, data, len);
  if (!writer_append (writer, data, len, cancellable, error))
    {
      writer->failed = TRUE;
      return FALSE;
    }

  return TRUE;
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

static void
add_person (JsonBuilder *builder,
            const char  *type,
            const char  *key,
            const char  *name,
            const char  *agency)
{
  add_string (builder, "type", type);
  add_string (builder, "key", key);
  add_string (builder, "name", name);
  add_string (builder, "agency", agency);
}

AssayBundleWriter *
_assay_bundle_writer_new (GOutputStream             *out,
                          const char                *sender,
                          const char                *sender_name,
                          const char                *sender_agency,
                          const char                *created,
                          const char * const        *recipients,
                          const char                *passphrase,
                          const AssayKdfParams      *kdf,
                          AssayBundleSignFunc        sign,
                          gpointer                   sign_data,
                          GCancellable              *cancellable,
                          GError                   **error)
{
  g_autoptr(AssayBundleWriter) writer = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) entry = NULL;
  g_autofree guint8 *file_key = NULL;
  g_autofree char *canonical = NULL;
  guint8 sender_pk[ASSAY_IDENTITY_KEY_BYTES];
  guint8 stream_header[STREAM_HEADER];
  gsize header_len;
  const guint8 *header_data;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);
  g_return_val_if_fail (created != NULL && sign != NULL, NULL);
  g_return_val_if_fail (passphrase == NULL || kdf != NULL, NULL);

  if (invalid_identity (sender, sender_pk, error))
    return NULL;
  canonical = assay_identity_encode (sender_pk);

  writer = g_new0 (AssayBundleWriter, 1);
  writer->out = g_object_ref (out);
  writer->sign = sign;
  writer->sign_data = sign_data;
  writer->state = assay_secure_alloc (sizeof *writer->state);
  writer->plain = g_malloc (ASSAY_BUNDLE_STREAM_CHUNK);
  writer->cipher = g_malloc (ASSAY_BUNDLE_STREAM_CHUNK + STREAM_ABYTES);

  file_key = assay_secure_alloc (ASSAY_BUNDLE_KEY_BYTES);
  crypto_secretstream_xchacha20poly1305_keygen (file_key);
  writer->header = build_header (file_key, recipients, passphrase, kdf, error);
  if (writer->header == NULL)
    {
      assay_secure_free (g_steal_pointer (&file_key));
      return NULL;
    }

  crypto_secretstream_xchacha20poly1305_init_push (writer->state, stream_header, file_key);
  assay_secure_free (g_steal_pointer (&file_key));

  header_data = g_bytes_get_data (writer->header, &header_len);
  crypto_generichash_init (&writer->hash, NULL, 0, 64);
  crypto_generichash_update (&writer->hash, header_data, header_len);

  if (!g_output_stream_write_all (out, header_data, header_len, NULL, cancellable, error) ||
      !g_output_stream_write_all (out, stream_header, sizeof stream_header, NULL, cancellable,
                                  error))
    return NULL;

  json_builder_begin_object (builder);
  add_person (builder, "sender", canonical, sender_name, sender_agency);
  add_string (builder, "created", created);
  json_builder_end_object (builder);
  entry = _assay_bundle_builder_to_bytes (builder);
  if (!writer_entry (writer, entry, TRUE, cancellable, error))
    return NULL;

  return g_steal_pointer (&writer);
}

GBytes *
_assay_bundle_stream_author_entry (const char  *key,
                                   const char  *name,
                                   const char  *agency,
                                   GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *canonical = NULL;
  guint8 pk[ASSAY_IDENTITY_KEY_BYTES];

  if (invalid_identity (key, pk, error))
    return NULL;
  canonical = assay_identity_encode (pk);

  json_builder_begin_object (builder);
  add_person (builder, "author", canonical, name, agency);
  json_builder_end_object (builder);

  return _assay_bundle_builder_to_bytes (builder);
}

GBytes *
_assay_bundle_stream_record_entry (const AssayRecord  *record,
                                   GError            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *author = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *signature = NULL;
  guint8 pk[ASSAY_IDENTITY_KEY_BYTES];
  gsize payload_len = 0;
  const char *payload_data = NULL;

  if (invalid_identity (record->author, pk, error))
    return NULL;
  author = assay_identity_encode (pk);

  if (record->payload != NULL)
    payload_data = g_bytes_get_data (record->payload, &payload_len);
  if (record->signature == NULL ||
      g_bytes_get_size (record->signature) != crypto_sign_BYTES ||
      record->base < 0 || record->base >= record->revision ||
      (record->base == 0 && record->base_digest != NULL) ||
      (record->base_digest != NULL && g_bytes_get_size (record->base_digest) != 32) ||
      record->hlc > G_MAXINT64 ||
      (payload_len > 0 && !g_utf8_validate_len (payload_data, payload_len, NULL)))
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_INVALID,
                   _("Record %s/%s revision %" G_GINT64_FORMAT " cannot go into a bundle: "
                     "it is malformed"),
                   record->collection, record->id, record->revision);
      return NULL;
    }
  payload = g_strndup (payload_data != NULL ? payload_data : "", payload_len);
  signature = g_base64_encode (g_bytes_get_data (record->signature, NULL),
                               crypto_sign_BYTES);

  json_builder_begin_object (builder);
  add_string (builder, "type", "record");
  add_string (builder, "collection", record->collection);
  add_string (builder, "id", record->id);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, record->revision);
  json_builder_set_member_name (builder, "base");
  json_builder_add_int_value (builder, record->base);
  if (record->base_digest != NULL)
    {
      char hex[65];

      sodium_bin2hex (hex, sizeof hex, g_bytes_get_data (record->base_digest, NULL), 32);
      add_string (builder, "base_digest", hex);
    }
  add_string (builder, "author", author);
  json_builder_set_member_name (builder, "hlc");
  json_builder_add_int_value (builder, (gint64) record->hlc);
  add_string (builder, "payload", payload);
  add_string (builder, "signature", signature);
  json_builder_end_object (builder);

  return _assay_bundle_builder_to_bytes (builder);
}

gboolean
_assay_bundle_writer_add_author (AssayBundleWriter  *writer,
                                 const char         *key,
                                 const char         *name,
                                 const char         *agency,
                                 GCancellable       *cancellable,
                                 GError            **error)
{
  g_autoptr(GBytes) entry = _assay_bundle_stream_author_entry (key, name, agency, error);

  return entry != NULL && writer_entry (writer, entry, TRUE, cancellable, error);
}

gboolean
_assay_bundle_writer_add_record (AssayBundleWriter  *writer,
                                 const AssayRecord  *record,
                                 GCancellable       *cancellable,
                                 GError            **error)
{
  g_autoptr(GBytes) entry = _assay_bundle_stream_record_entry (record, error);

  if (entry == NULL || !writer_entry (writer, entry, TRUE, cancellable, error))
    return FALSE;

  writer->n_records++;

  return TRUE;
}

gboolean
_assay_bundle_writer_finish (AssayBundleWriter  *writer,
                             GCancellable       *cancellable,
                             GError            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) entry = NULL;
  g_autoptr(GBytes) message = NULL;
  g_autofree char *signature_text = NULL;
  guint8 hash[64];
  guint8 signature[crypto_sign_BYTES];

  g_return_val_if_fail (!writer->failed && !writer->finished, FALSE);

  crypto_generichash_final (&writer->hash, hash, sizeof hash);
  message = _assay_bundle_stream_end_message (hash);
  if (!writer->sign (message, signature, writer->sign_data, error))
    {
      writer->failed = TRUE;
      return FALSE;
    }
  signature_text = g_base64_encode (signature, sizeof signature);

  json_builder_begin_object (builder);
  add_string (builder, "type", "end");
  json_builder_set_member_name (builder, "records");
  json_builder_add_int_value (builder, (gint64) writer->n_records);
  add_string (builder, "signature", signature_text);
  json_builder_end_object (builder);
  entry = _assay_bundle_builder_to_bytes (builder);

  if (!writer_entry (writer, entry, FALSE, cancellable, error) ||
      !writer_push (writer, TRUE, cancellable, error) ||
      !g_output_stream_flush (writer->out, cancellable, error))
    {
      writer->failed = TRUE;
      return FALSE;
    }

  writer->finished = TRUE;

  return TRUE;
}
