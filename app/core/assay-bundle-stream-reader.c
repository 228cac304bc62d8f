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

/*
 * Reads bundle format 2 (docs/bundle-format.md) from a stream. Nothing from
 * the file is parsed as JSON before it has been authenticated, and nothing
 * authenticated is trusted further than the format allows: every length,
 * count, integer and nesting depth is bounded before it is used, since a
 * bundle may come from anyone who holds a key to it. Memory stays at one
 * chunk plus one entry.
 *
 * What a record means, and whether its author may write it, is the
 * importer's business; here a record is only checked to be well formed and
 * signed by the author it names.
 *
 * A little over the ~800 lines files aim for: the bounds checks on hostile
 * input are kept beside the reads they guard rather than split from them.
 */

#define STREAM_ABYTES    crypto_secretstream_xchacha20poly1305_ABYTES
#define STREAM_HEADER    crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define CIPHER_CHUNK     (ASSAY_BUNDLE_STREAM_CHUNK + STREAM_ABYTES)
#define WRAP_NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define WRAP_BYTES       (ASSAY_BUNDLE_KEY_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
#define MAX_OTHER_SLOT   1024   /* a slot of a kind this reader does not know */

struct _AssayBundleReader
{
  GInputStream                               *in;
  char                                       *name;
  guint8                                     *file_key;  /* secure memory */
  crypto_secretstream_xchacha20poly1305_state *state;    /* secure memory */
  crypto_generichash_state                    hash;      /* what the end entry signs */
  guint8                                      digest[64]; /* its final value, once read */
  guint8                                      expected[64];
  gboolean                                    expecting; /* a second pass: see expect_hash() */
  GByteArray                                 *header;    /* AD of the first chunk, until read */
  guint8                                     *cipher;
  guint8                                     *plain;
  gsize                                       plain_len;
  gsize                                       plain_pos;
  guint64                                     offset;    /* bytes of the file read */
  guint                                       n_chunks;
  gboolean                                    final_seen;
  guint                                       n_entries;
  guint64                                     n_records;
  gsize                                       peak;
  char                                       *sender;
  char                                       *sender_name;
  char                                       *sender_agency;
  char                                       *created;
  gboolean                                    failed;
  gboolean                                    done;
};

void
_assay_bundle_reader_free (AssayBundleReader *reader)
{
  if (reader == NULL)
    return;

  g_clear_object (&reader->in);
  g_free (reader->name);
  g_clear_pointer (&reader->file_key, assay_secure_free);
  g_clear_pointer (&reader->state, assay_secure_free);
  sodium_memzero (&reader->hash, sizeof reader->hash);
  g_clear_pointer (&reader->header, g_byte_array_unref);
  g_free (reader->cipher);
  if (reader->plain != NULL)
    sodium_memzero (reader->plain, ASSAY_BUNDLE_STREAM_CHUNK);
  g_free (reader->plain);
  g_free (reader->sender);
  g_free (reader->sender_name);
  g_free (reader->sender_agency);
  g_free (reader->created);
  g_free (reader);
}

/* The buffers held, with @extra bytes more: the chunk in both forms, and
 * the header until the first chunk has used it. */
static void
note_buffered (AssayBundleReader *reader,
               gsize              extra)
{
  gsize held = CIPHER_CHUNK + ASSAY_BUNDLE_STREAM_CHUNK + extra;

  if (reader->header != NULL)
    held += reader->header->len;
  reader->peak = MAX (reader->peak, held);
}

static guint64
get_le (const guint8 *data,
        guint         n_bytes)
{
  guint64 value = 0;

  for (guint i = n_bytes; i > 0; i--)
    value = value << 8 | data[i - 1];

  return value;
}

static void
set_damaged (AssayBundleReader  *reader,
             GError            **error,
             const char         *problem)
{
  g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED, "%s: %s",
               reader->name, problem);
}

static void
set_entry_damaged (AssayBundleReader  *reader,
                   GError            **error,
                   const char         *problem)
{
  g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
               _("%s: entry %u: %s"), reader->name, reader->n_entries, problem);
}

/* @error, from assay-bundle-stream-entry.c, naming the file and entry. */
static void
prefix_entry (AssayBundleReader  *reader,
              GError            **error)
{
  g_prefix_error (error, _("%s: entry %u: "), reader->name, reader->n_entries);
}

static void
set_truncated (AssayBundleReader  *reader,
               GError            **error)
{
  g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
               _("%s is truncated: it ends after %'" G_GUINT64_FORMAT " bytes"),
               reader->name, reader->offset);
}

/* Up to @len bytes of the file, fewer only at its end; counted in
 * reader->offset. A read error names the file. */
static gboolean
read_some (AssayBundleReader  *reader,
           guint8             *buf,
           gsize               len,
           gsize              *got,
           GCancellable       *cancellable,
           GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_input_stream_read_all (reader->in, buf, len, got, cancellable, &local_error))
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&local_error, _("%s cannot be read: "), reader->name);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  reader->offset += *got;

  return TRUE;
}

/* Exactly @len bytes of the file, or an error: a short read is a cut-off
 * file. */
static gboolean
read_exact (AssayBundleReader  *reader,
            guint8             *buf,
            gsize               len,
            GCancellable       *cancellable,
            GError            **error)
{
  gsize got = 0;

  if (!read_some (reader, buf, len, &got, cancellable, error))
    return FALSE;
  if (got != len)
    {
      set_truncated (reader, error);
      return FALSE;
    }

  return TRUE;
}

/* Reads the magic line into the header; refuses other files and formats. */
static gboolean
read_magic (AssayBundleReader  *reader,
            GCancellable       *cancellable,
            GError            **error)
{
  static const char prefix[] = "ASSAY-BUNDLE ";
  guint8 line[ASSAY_BUNDLE_STREAM_MAGIC_BYTES];
  guint64 version = 0;
  gsize got = 0;
  gsize i;

  if (!read_some (reader, line, sizeof line, &got, cancellable, error))
    return FALSE;

  if (got == 0)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE,
                   _("%s is empty, not an Assay bundle"), reader->name);
      return FALSE;
    }
  if (got < strlen (prefix) || memcmp (line, prefix, strlen (prefix)) != 0)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE,
                   _("%s is not an Assay bundle"), reader->name);
      return FALSE;
    }
  if (got < sizeof line)
    {
      set_truncated (reader, error);
      return FALSE;
    }

  /* Versions past 9 have a longer line: read it a byte at a time. */
  for (i = strlen (prefix); i < strlen (prefix) + 9; i++)
    {
      guint8 c;

      if (i < sizeof line)
        c = line[i];
      else if (!read_exact (reader, &c, 1, cancellable, error))
        return FALSE;

      if (!g_ascii_isdigit (c))
        {
          if (c != '\n' || i == strlen (prefix))
            version = 0;
          break;
        }
      version = version * 10 + (guint64) (c - '0');
    }

  /* One spelling only: the line is part of what the first chunk binds. */
  if (version == 0 || i == strlen (prefix) + 9 ||
      (version == ASSAY_BUNDLE_STREAM_FORMAT &&
       memcmp (line, ASSAY_BUNDLE_STREAM_MAGIC, sizeof line) != 0))
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE,
                   _("%s is not an Assay bundle: its first line is not one"), reader->name);
      return FALSE;
    }
  if (version < ASSAY_BUNDLE_STREAM_FORMAT)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_UNSUPPORTED,
                   _("%s is a bundle of format %" G_GUINT64_FORMAT ", made by an older "
                     "Assay; ask the sender to export again"),
                   reader->name, version);
      return FALSE;
    }
  if (version > ASSAY_BUNDLE_STREAM_FORMAT)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_UNSUPPORTED,
                   _("%s is a bundle of format %" G_GUINT64_FORMAT ", which this version of "
                     "Assay cannot read (it reads format %d); update Assay"),
                   reader->name, version, ASSAY_BUNDLE_STREAM_FORMAT);
      return FALSE;
    }

  g_byte_array_append (reader->header, line, sizeof line);

  return TRUE;
}

/* Appends @len bytes of the file to the header. */
static gboolean
read_header_bytes (AssayBundleReader  *reader,
                   gsize               len,
                   GCancellable       *cancellable,
                   GError            **error)
{
  guint old_len = reader->header->len;

  g_byte_array_set_size (reader->header, old_len + (guint) len);
  note_buffered (reader, 0);

  return read_exact (reader, reader->header->data + old_len, len, cancellable, error);
}

/* The header up to the secretstream's: the slots found are listed in
 * @slots as (type, offset) pairs into the header. */
static gboolean
read_header (AssayBundleReader  *reader,
             GArray             *slots,
             guint8              stream_header[STREAM_HEADER],
             GCancellable       *cancellable,
             GError            **error)
{
  guint8 checksum[32];
  guint n_slots;

  if (!read_magic (reader, cancellable, error) ||
      !read_header_bytes (reader, 2, cancellable, error))
    return FALSE;

  n_slots = (guint) get_le (reader->header->data + ASSAY_BUNDLE_STREAM_MAGIC_BYTES, 2);
  if (n_slots == 0 || n_slots > ASSAY_BUNDLE_STREAM_MAX_SLOTS)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: its header is damaged (it gives %u key slots)"), reader->name, n_slots);
      return FALSE;
    }

  for (guint i = 0; i < n_slots; i++)
    {
      guint type;
      guint64 len;
      guint offset;

      if (!read_header_bytes (reader, 5, cancellable, error))
        return FALSE;

      type = reader->header->data[reader->header->len - 5];
      len = get_le (reader->header->data + reader->header->len - 4, 4);
      if ((type == ASSAY_BUNDLE_SLOT_BOX && len != ASSAY_BUNDLE_STREAM_BOX_SLOT) ||
          (type == ASSAY_BUNDLE_SLOT_PASSPHRASE && len != ASSAY_BUNDLE_STREAM_PASS_SLOT) ||
          len > MAX_OTHER_SLOT)
        {
          g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                       _("%s: key slot %u is malformed"), reader->name, i + 1);
          return FALSE;
        }

      offset = reader->header->len;
      if (!read_header_bytes (reader, (gsize) len, cancellable, error))
        return FALSE;

      g_array_append_val (slots, type);
      g_array_append_val (slots, offset);
    }

  crypto_generichash (checksum, sizeof checksum, reader->header->data, reader->header->len,
                      NULL, 0);
  if (!read_header_bytes (reader, sizeof checksum, cancellable, error))
    return FALSE;
  if (sodium_memcmp (checksum, reader->header->data + reader->header->len - sizeof checksum,
                     sizeof checksum) != 0)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: its header is damaged (the checksum does not match)"), reader->name);
      return FALSE;
    }

  return read_exact (reader, stream_header, STREAM_HEADER, cancellable, error);
}

static gboolean
open_passphrase_slot (AssayBundleReader        *reader,
                      const guint8             *slot,
                      const AssayBundleOpener  *opener,
                      GError                  **error)
{
  const guint8 *salt = slot;
  guint64 opslimit = get_le (slot + ASSAY_BUNDLE_STREAM_SALT_BYTES, 8);
  guint64 memlimit = get_le (slot + ASSAY_BUNDLE_STREAM_SALT_BYTES + 8, 8);
  const guint8 *nonce = slot + ASSAY_BUNDLE_STREAM_SALT_BYTES + 16;
  const guint8 *wrapped = nonce + WRAP_NONCE_BYTES;
  guint8 *pass_key;
  gboolean ok;

  /* A bundle must not be able to make its reader spend gigabytes or hours. */
  if (opslimit < crypto_pwhash_OPSLIMIT_MIN || memlimit < crypto_pwhash_MEMLIMIT_MIN ||
      opslimit > opener->max_kdf.opslimit || memlimit > opener->max_kdf.memlimit)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: its passphrase slot asks for a key derivation Assay does not "
                     "allow (%" G_GUINT64_FORMAT " passes over %" G_GUINT64_FORMAT " MiB)"),
                   reader->name, opslimit, memlimit / (1024 * 1024));
      return FALSE;
    }

  if (opener->passphrase == NULL)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NEEDS_PASSPHRASE,
                   _("%s is not addressed to this installation (identity %s); it can be "
                     "opened with the partnership passphrase"),
                   reader->name, opener->identity);
      return FALSE;
    }

  pass_key = assay_secure_alloc (ASSAY_BUNDLE_KEY_BYTES);
  ok = _assay_bundle_stream_derive_key (pass_key, opener->passphrase, salt, opslimit, memlimit,
                                        error);
  if (ok &&
      crypto_aead_xchacha20poly1305_ietf_decrypt (reader->file_key, NULL, NULL, wrapped,
                                                  WRAP_BYTES,
                                                  (const guint8 *) ASSAY_BUNDLE_STREAM_MAGIC,
                                                  ASSAY_BUNDLE_STREAM_MAGIC_BYTES, nonce,
                                                  pass_key) != 0)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_WRONG_PASSPHRASE,
                   _("%s: the partnership passphrase does not open it"), reader->name);
      ok = FALSE;
    }
  assay_secure_free (pass_key);

  return ok;
}

/* Tries this installation's identity on every recipient slot before asking
 * for anything costly. */
static gboolean
open_slots (AssayBundleReader        *reader,
            GArray                   *slots,
            const AssayBundleOpener  *opener,
            GError                  **error)
{
  const guint8 *passphrase_slot = NULL;

  for (guint i = 0; i < slots->len; i += 2)
    {
      guint type = g_array_index (slots, guint, i);
      const guint8 *slot = reader->header->data + g_array_index (slots, guint, i + 1);

      if (type == ASSAY_BUNDLE_SLOT_BOX)
        {
          if (opener->open_slot (slot, ASSAY_BUNDLE_STREAM_BOX_SLOT, reader->file_key,
                                 opener->user_data, error))
            return TRUE;
          if (error != NULL && *error != NULL)
            return FALSE;
        }
      else if (type == ASSAY_BUNDLE_SLOT_PASSPHRASE && passphrase_slot == NULL)
        passphrase_slot = slot;
      /* Other kinds are for readers newer than this one. */
    }

  if (passphrase_slot != NULL)
    return open_passphrase_slot (reader, passphrase_slot, opener, error);

  g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_FOR_US,
               _("%s is not addressed to this installation (identity %s)"),
               reader->name, opener->identity);
  return FALSE;
}

/* Reads and authenticates the next chunk. */
static gboolean
read_chunk (AssayBundleReader  *reader,
            GCancellable       *cancellable,
            GError            **error)
{
  unsigned long long plain_len = 0;
  unsigned char tag = 0;
  gsize got = 0;
  const guint8 *ad = NULL;
  gsize ad_len = 0;

  if (!read_some (reader, reader->cipher, CIPHER_CHUNK, &got, cancellable, error))
    return FALSE;
  reader->n_chunks++;

  if (got < STREAM_ABYTES)
    {
      set_truncated (reader, error);
      return FALSE;
    }

  if (reader->header != NULL)
    {
      ad = reader->header->data;
      ad_len = reader->header->len;
    }

  if (crypto_secretstream_xchacha20poly1305_pull (reader->state, reader->plain, &plain_len,
                                                  &tag, reader->cipher, got, ad, ad_len) != 0)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s is damaged or truncated: part %u of its contents fails "
                     "authentication"),
                   reader->name, reader->n_chunks);
      return FALSE;
    }
  g_clear_pointer (&reader->header, g_byte_array_unref);
  reader->plain_len = (gsize) plain_len;
  reader->plain_pos = 0;

  if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
    {
      guint8 extra;
      gsize n_extra = 0;

      reader->final_seen = TRUE;
      if (!read_some (reader, &extra, 1, &n_extra, cancellable, error))
        return FALSE;
      if (n_extra != 0)
        {
          set_damaged (reader, error, _("data follows the end of its contents"));
          return FALSE;
        }
    }
  else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE || got != CIPHER_CHUNK)
    {
      /* Only a whole chunk can be followed by another. */
      set_truncated (reader, error);
      return FALSE;
    }

  return TRUE;
}

/* @len bytes of plaintext, reading chunks as needed. */
static gboolean
read_plain (AssayBundleReader  *reader,
            guint8             *buf,
            gsize               len,
            GCancellable       *cancellable,
            GError            **error)
{
  while (len > 0)
    {
      gsize n;

      if (reader->plain_pos == reader->plain_len)
        {
          if (reader->final_seen)
            {
              set_entry_damaged (reader, error, _("the contents end inside it"));
              return FALSE;
            }
          if (!read_chunk (reader, cancellable, error))
            return FALSE;
          continue;
        }

      n = MIN (len, reader->plain_len - reader->plain_pos);
      memcpy (buf, reader->plain + reader->plain_pos, n);
      reader->plain_pos += n;
      buf += n;
      len -= n;
    }

  return TRUE;
}

/* Reads the next entry, and adds it to the hash the end entry signs unless
 * it is the end entry. */
static JsonObject *
read_entry (AssayBundleReader  *reader,
            GCancellable       *cancellable,
            GError            **error)
{
  g_autofree char *data = NULL;
  JsonObject *object;
  guint8 prefix[4];
  gsize len;

  reader->n_entries++;

  if (reader->final_seen && reader->plain_pos == reader->plain_len)
    {
      set_damaged (reader, error, _("its contents end without an end entry"));
      return NULL;
    }

  if (!read_plain (reader, prefix, sizeof prefix, cancellable, error))
    return NULL;

  len = (gsize) get_le (prefix, 4);
  if (len == 0 || len > ASSAY_BUNDLE_STREAM_MAX_ENTRY)
    {
      set_entry_damaged (reader, error, _("its length is out of range"));
      return NULL;
    }

  data = g_malloc (len);
  note_buffered (reader, len);
  object = read_plain (reader, (guint8 *) data, len, cancellable, error) ?
           _assay_bundle_stream_parse_object (data, len) : NULL;
  if (object != NULL &&
      g_strcmp0 (_assay_bundle_get_string (object, "type"), "end") != 0)
    {
      crypto_generichash_update (&reader->hash, prefix, sizeof prefix);
      crypto_generichash_update (&reader->hash, (const guint8 *) data, len);
    }
  sodium_memzero (data, len);

  if (object == NULL && (error == NULL || *error == NULL))
    set_entry_damaged (reader, error, _("it is not a JSON object of at most 32 levels"));

  return object;
}

static gboolean
read_sender (AssayBundleReader  *reader,
             GCancellable       *cancellable,
             GError            **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(AssayBundleEntry) sender = NULL;

  object = read_entry (reader, cancellable, error);
  if (object == NULL)
    return FALSE;

  if (g_strcmp0 (_assay_bundle_get_string (object, "type"), "sender") != 0)
    {
      set_entry_damaged (reader, error, _("the bundle does not start with its sender"));
      return FALSE;
    }

  sender = _assay_bundle_stream_parse_person (object, error);
  if (sender == NULL ||
      (reader->created = _assay_bundle_stream_parse_created (object, error)) == NULL)
    {
      prefix_entry (reader, error);
      return FALSE;
    }

  reader->sender = g_steal_pointer (&sender->key);
  reader->sender_name = g_steal_pointer (&sender->name);
  reader->sender_agency = g_steal_pointer (&sender->agency);

  return TRUE;
}

/* Checks the end entry: the sender's signature over everything before it,
 * the count of records, and that the file ends with it. */
static gboolean
read_end (AssayBundleReader  *reader,
          JsonObject         *object,
          GError            **error)
{
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) message = NULL;
  guint8 hash[64];
  guint8 sender[ASSAY_IDENTITY_KEY_BYTES];
  guint64 records;

  if (!_assay_bundle_stream_parse_end (object, &records, &signature, error))
    {
      prefix_entry (reader, error);
      return FALSE;
    }

  crypto_generichash_final (&reader->hash, hash, sizeof hash);
  memcpy (reader->digest, hash, sizeof hash);
  /* Whatever the end entry says, records handed out unverified must be
   * those the first pass verified. */
  if (reader->expecting && sodium_memcmp (hash, reader->expected, sizeof hash) != 0)
    {
      set_damaged (reader, error, _("it changed while it was being imported"));
      return FALSE;
    }
  message = _assay_bundle_stream_end_message (hash);
  if (!assay_identity_decode (reader->sender, sender) ||
      crypto_sign_verify_detached (g_bytes_get_data (signature, NULL),
                                   g_bytes_get_data (message, NULL), g_bytes_get_size (message),
                                   sender) != 0)
    {
      set_entry_damaged (reader, error, _("the bundle is not signed by its sender"));
      return FALSE;
    }

  if (records != reader->n_records)
    {
      set_entry_damaged (reader, error,
                         _("the end entry does not count the records the bundle holds"));
      return FALSE;
    }

  if (reader->plain_pos != reader->plain_len || !reader->final_seen)
    {
      set_entry_damaged (reader, error, _("the end entry is not at the end of the file"));
      return FALSE;
    }

  return TRUE;
}

static AssayBundleReader *
reader_start (GInputStream             *in,
              const char               *name,
              const AssayBundleOpener  *opener,
              const guint8             *file_key,
              GCancellable             *cancellable,
              GError                  **error)
{
  g_autoptr(AssayBundleReader) reader = g_new0 (AssayBundleReader, 1);
  g_autoptr(GArray) slots = g_array_new (FALSE, FALSE, sizeof (guint));
  guint8 stream_header[STREAM_HEADER];

  g_return_val_if_fail (G_IS_INPUT_STREAM (in), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  reader->in = g_object_ref (in);
  reader->name = g_strdup (name);
  reader->header = g_byte_array_new ();
  reader->cipher = g_malloc (CIPHER_CHUNK);
  reader->plain = g_malloc (ASSAY_BUNDLE_STREAM_CHUNK);
  reader->file_key = assay_secure_alloc (ASSAY_BUNDLE_KEY_BYTES);
  reader->state = assay_secure_alloc (sizeof *reader->state);

  if (!read_header (reader, slots, stream_header, cancellable, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (file_key != NULL)
    memcpy (reader->file_key, file_key, ASSAY_BUNDLE_KEY_BYTES);
  else if (!open_slots (reader, slots, opener, error))
    return NULL;

  if (crypto_secretstream_xchacha20poly1305_init_pull (reader->state, stream_header,
                                                       reader->file_key) != 0)
    {
      set_damaged (reader, error, _("the start of its contents is damaged"));
      return NULL;
    }

  crypto_generichash_init (&reader->hash, NULL, 0, 64);
  crypto_generichash_update (&reader->hash, reader->header->data, reader->header->len);

  if (!read_chunk (reader, cancellable, error) ||
      !read_sender (reader, cancellable, error))
    return NULL;

  return g_steal_pointer (&reader);
}

AssayBundleReader *
_assay_bundle_reader_new (GInputStream             *in,
                          const char               *name,
                          const AssayBundleOpener  *opener,
                          GCancellable             *cancellable,
                          GError                  **error)
{
  g_return_val_if_fail (opener != NULL && opener->open_slot != NULL, NULL);

  return reader_start (in, name, opener, NULL, cancellable, error);
}

AssayBundleReader *
_assay_bundle_reader_new_with_key (GInputStream  *in,
                                   const char    *name,
                                   const guint8  *file_key,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_return_val_if_fail (file_key != NULL, NULL);

  return reader_start (in, name, NULL, file_key, cancellable, error);
}

guint8 *
_assay_bundle_reader_copy_file_key (AssayBundleReader *reader)
{
  guint8 *key = assay_secure_alloc (ASSAY_BUNDLE_KEY_BYTES);

  memcpy (key, reader->file_key, ASSAY_BUNDLE_KEY_BYTES);

  return key;
}

const char *
_assay_bundle_reader_get_sender (AssayBundleReader *reader)
{
  return reader->sender;
}

const char *
_assay_bundle_reader_get_sender_name (AssayBundleReader *reader)
{
  return reader->sender_name;
}

const char *
_assay_bundle_reader_get_sender_agency (AssayBundleReader *reader)
{
  return reader->sender_agency;
}

const char *
_assay_bundle_reader_get_created (AssayBundleReader *reader)
{
  return reader->created;
}

void
_assay_bundle_reader_expect_hash (AssayBundleReader *reader,
                                  const guint8       hash[64])
{
  g_return_if_fail (reader->n_records == 0);

  memcpy (reader->expected, hash, sizeof reader->expected);
  reader->expecting = TRUE;
}

void
_assay_bundle_reader_get_hash (AssayBundleReader *reader,
                               guint8             hash[64])
{
  g_return_if_fail (reader->done);

  memcpy (hash, reader->digest, 64);
}

guint64
_assay_bundle_reader_get_offset (AssayBundleReader *reader)
{
  return reader->offset;
}

guint64
_assay_bundle_reader_get_n_records (AssayBundleReader *reader)
{
  return reader->n_records;
}

gsize
_assay_bundle_reader_get_peak_buffered (AssayBundleReader *reader)
{
  return reader->peak;
}

gboolean
_assay_bundle_reader_next (AssayBundleReader  *reader,
                           AssayBundleEntry  **entry,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(AssayBundleEntry) next = NULL;
  const char *type;

  *entry = NULL;

  if (reader->done)
    return TRUE;
  if (reader->failed)
    {
      set_damaged (reader, error, _("it could not be read to its end"));
      return FALSE;
    }

  reader->failed = TRUE;
  object = read_entry (reader, cancellable, error);
  if (object == NULL)
    return FALSE;

  type = _assay_bundle_get_string (object, "type");
  if (g_strcmp0 (type, "end") == 0)
    {
      if (!read_end (reader, object, error))
        return FALSE;
      reader->failed = FALSE;
      reader->done = TRUE;
      return TRUE;
    }
  else if (g_strcmp0 (type, "author") == 0)
    next = _assay_bundle_stream_parse_person (object, error);
  else if (g_strcmp0 (type, "record") == 0)
    next = _assay_bundle_stream_parse_record (object, !reader->expecting, error);
  else if (g_strcmp0 (type, "sender") == 0)
    g_set_error_literal (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                         _("a second sender entry"));
  else
    g_set_error_literal (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                         _("an entry of an unknown type"));

  if (next == NULL)
    {
      prefix_entry (reader, error);
      return FALSE;
    }

  next->number = reader->n_entries;

  if (next->type == ASSAY_BUNDLE_ENTRY_RECORD)
    reader->n_records++;
  reader->failed = FALSE;
  *entry = g_steal_pointer (&next);

  return TRUE;
}
