/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "assay-bundle-private.h"
#include "assay-store.h"

G_BEGIN_DECLS

/*
 * Bundle format 2 (docs/bundle-format.md): a binary header with the key
 * slots, then a crypto_secretstream of 64 KiB chunks holding a sequence of
 * length-prefixed JSON entries — the sender, authors, records each signed by
 * its author, and an end entry the sender signs. Written and read as a
 * stream, so memory stays at one chunk plus one entry whatever the size.
 *
 * assay-bundle-stream.c holds the record signature and the writer,
 * assay-bundle-stream-reader.c the reader, and assay-bundle-stream-entry.c
 * what the entries say.
 */

#define ASSAY_BUNDLE_STREAM_FORMAT       2
#define ASSAY_BUNDLE_STREAM_MAGIC        "ASSAY-BUNDLE 2\n"
#define ASSAY_BUNDLE_STREAM_MAGIC_BYTES  15
#define ASSAY_BUNDLE_STREAM_CHUNK        (64 * 1024)
#define ASSAY_BUNDLE_STREAM_MAX_SLOTS    1024
#define ASSAY_BUNDLE_STREAM_MAX_ENTRY    (16 * 1024 * 1024)
#define ASSAY_BUNDLE_STREAM_MAX_DEPTH    32

typedef enum
{
  ASSAY_BUNDLE_SLOT_BOX        = 1,   /* crypto_box_seal of the file key to a recipient */
  ASSAY_BUNDLE_SLOT_PASSPHRASE = 2,   /* the file key under an Argon2id key */
} AssayBundleSlotType;

/* Writing. */

typedef struct _AssayBundleWriter AssayBundleWriter;

/* Writes the header and the sender entry to @out. @recipients are validated
 * identities (the sender's among them; NULL-terminated or NULL), @passphrase
 * adds a partnership slot with @kdf; there must be at least one slot.
 * @sign signs the end entry with the sender's key. */
AssayBundleWriter *_assay_bundle_writer_new        (GOutputStream             *out,
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
                                                    GError                   **error);
/* The sender's word for who a forwarded record's author is. */
gboolean           _assay_bundle_writer_add_author (AssayBundleWriter         *writer,
                                                    const char                *key,
                                                    const char                *name,
                                                    const char                *agency,
                                                    GCancellable              *cancellable,
                                                    GError                   **error);
/* Writes @record with its base, base digest and signature as they are: the
 * signature is not checked here, so tests can write what the reader must
 * refuse. */
gboolean           _assay_bundle_writer_add_record (AssayBundleWriter         *writer,
                                                    const AssayRecord         *record,
                                                    GCancellable              *cancellable,
                                                    GError                   **error);
/* Writes @data into the plaintext as it is, counted in what the end entry
 * signs: for the tests and the fuzz target, which must be able to write
 * what the reader refuses. */
gboolean           _assay_bundle_writer_add_raw    (AssayBundleWriter         *writer,
                                                    const guint8              *data,
                                                    gsize                      len,
                                                    GCancellable              *cancellable,
                                                    GError                   **error);
/* Signs and writes the end entry and the final chunk, and flushes @out
 * (without closing it). */
gboolean           _assay_bundle_writer_finish     (AssayBundleWriter         *writer,
                                                    GCancellable              *cancellable,
                                                    GError                   **error);
void               _assay_bundle_writer_free       (AssayBundleWriter         *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayBundleWriter, _assay_bundle_writer_free)

/* Reading. */

typedef enum
{
  ASSAY_BUNDLE_ENTRY_AUTHOR,
  ASSAY_BUNDLE_ENTRY_RECORD,
} AssayBundleEntryType;

typedef struct
{
  AssayBundleEntryType  type;
  guint                 number;     /* 1 for the sender entry, for messages */

  /* AUTHOR */
  char                 *key;
  char                 *name;
  char                 *agency;

  /* RECORD: its author's signature verified, unless the reader was told the
   * records were (_assay_bundle_reader_expect_hash()) */
  AssayRecord          *record;
  JsonObject           *payload;    /* the record's payload parsed, when verified */
} AssayBundleEntry;

void _assay_bundle_entry_free (AssayBundleEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayBundleEntry, _assay_bundle_entry_free)


/* Reads and checks the header, opens a slot with @opener, and reads the
 * first chunk and the sender entry. Errors start with @name. */
AssayBundleReader *_assay_bundle_reader_new          (GInputStream              *in,
                                                      const char                *name,
                                                      const AssayBundleOpener   *opener,
                                                      GCancellable              *cancellable,
                                                      GError                   **error);
/* The same with the file key another reader of this file found, so that a
 * second pass (verify in a worker, merge on the main thread) asks for no
 * passphrase and costs no Argon2id. */
AssayBundleReader *_assay_bundle_reader_new_with_key (GInputStream              *in,
                                                      const char                *name,
                                                      const guint8              *file_key,
                                                      GCancellable              *cancellable,
                                                      GError                   **error);
/* ASSAY_BUNDLE_KEY_BYTES in secure memory: free with assay_secure_free(). */
guint8            *_assay_bundle_reader_copy_file_key (AssayBundleReader        *reader);

const char        *_assay_bundle_reader_get_sender        (AssayBundleReader     *reader);
const char        *_assay_bundle_reader_get_sender_name   (AssayBundleReader     *reader);
const char        *_assay_bundle_reader_get_sender_agency (AssayBundleReader     *reader);
const char        *_assay_bundle_reader_get_created       (AssayBundleReader     *reader);

/* The next author or record entry. TRUE with *@entry NULL at the end, once
 * the sender's end signature has verified and the stream's final chunk has
 * been read; until then nothing read may be taken as the whole bundle. After
 * an error every call fails. */
gboolean           _assay_bundle_reader_next         (AssayBundleReader         *reader,
                                                      AssayBundleEntry         **entry,
                                                      GCancellable              *cancellable,
                                                      GError                   **error);
/*
 * A second pass over a file a first pass verified to its end: the records'
 * signatures are not checked again (nor their payloads parsed); instead the
 * end fails with ASSAY_BUNDLE_ERROR_DAMAGED unless everything before it
 * hashes to @hash, what the first pass read (_assay_bundle_reader_get_hash()),
 * so that what a second pass handed out is known to be what was verified
 * once it has ended. Call before the first _assay_bundle_reader_next().
 */
void               _assay_bundle_reader_expect_hash  (AssayBundleReader         *reader,
                                                      const guint8               hash[64]);
/* The hash of everything before the end entry, once the end is reached. */
void               _assay_bundle_reader_get_hash     (AssayBundleReader         *reader,
                                                      guint8                     hash[64]);
/* The bytes of the file read so far. */
guint64            _assay_bundle_reader_get_offset   (AssayBundleReader         *reader);
/* The records read (as the end entry counts them). */
guint64            _assay_bundle_reader_get_n_records (AssayBundleReader        *reader);
/* The most bytes of the file the reader has held at once. */
gsize              _assay_bundle_reader_get_peak_buffered (AssayBundleReader    *reader);
void               _assay_bundle_reader_free         (AssayBundleReader         *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayBundleReader, _assay_bundle_reader_free)

/* Shared by the writer and the reader. */

#define ASSAY_BUNDLE_STREAM_END_LABEL     "assay/bundle/2/end"
#define ASSAY_BUNDLE_STREAM_SALT_BYTES    16
#define ASSAY_BUNDLE_STREAM_PASS_SLOT     (16 + 8 + 8 + 24 + ASSAY_BUNDLE_KEY_BYTES + 16)
#define ASSAY_BUNDLE_STREAM_BOX_SLOT      (48 + ASSAY_BUNDLE_KEY_BYTES)

/* The Argon2id key of a passphrase slot, or ASSAY_VAULT_ERROR_NO_MEMORY. */
gboolean  _assay_bundle_stream_derive_key (guint8        *key,
                                           const char    *passphrase,
                                           const guint8  *salt,
                                           guint64        opslimit,
                                           guint64        memlimit,
                                           GError       **error);
/* The JSON of an author entry, and of a record entry (or
 * ASSAY_BUNDLE_ERROR_INVALID when @record cannot go into a bundle): what
 * the writer frames, and what the fuzz corpus frames by hand. */
GBytes           *_assay_bundle_stream_author_entry  (const char                *key,
                                                      const char                *name,
                                                      const char                *agency,
                                                      GError                   **error);
GBytes           *_assay_bundle_stream_record_entry  (const AssayRecord         *record,
                                                      GError                   **error);

/* The entries (assay-bundle-stream-entry.c). Each fails with
 * ASSAY_BUNDLE_ERROR_DAMAGED saying what is wrong, for the reader to name
 * the file and the entry. */

/* @text as a JSON object, refused unless it is valid UTF-8 nested at most
 * ASSAY_BUNDLE_STREAM_MAX_DEPTH deep; NULL when it is not. */
JsonObject       *_assay_bundle_stream_parse_object  (const char    *text,
                                                      gsize          len);
/* The key, name and agency of a sender or author entry. */
AssayBundleEntry *_assay_bundle_stream_parse_person  (JsonObject    *object,
                                                      GError       **error);
/* The sender entry's ISO 8601 creation time. */
char             *_assay_bundle_stream_parse_created (JsonObject    *object,
                                                      GError       **error);
/* A record entry, its author's signature verified and its payload parsed
 * with @verify; without, its payload only scanned as safe to parse, for a
 * pass over content a first pass verified. */
AssayBundleEntry *_assay_bundle_stream_parse_record  (JsonObject    *object,
                                                      gboolean       verify,
                                                      GError       **error);
gboolean          _assay_bundle_stream_parse_end     (JsonObject    *object,
                                                      guint64       *records,
                                                      GBytes       **signature,
                                                      GError       **error);

/* The message the end entry's signature covers, from the BLAKE2b-512 of the
 * header and every plaintext byte before the end entry. */
GBytes   *_assay_bundle_stream_end_message (const guint8  hash[64]);

G_END_DECLS
