/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sodium.h>

#include "assay-bundle-stream.h"
#include "assay-record-private.h"
#include "assay-test-util.h"

/*
 * Bundle format 2 (docs/bundle-format.md) through real files: two
 * installations' vaults, A sending and B receiving, and a stranger's key
 * (Mallory) for forgeries. Every bundle a test reads back is one an
 * attacker could have made or damaged; the reader must refuse all of them
 * before anything reaches a store.
 */

#define PASSPHRASE   "our partnership passphrase"
#define CHUNK_CIPHER (64 * 1024 + 17)

typedef struct
{
  AssayTestEnv a;
  AssayTestEnv b;
  guint8       mallory_pk[crypto_sign_PUBLICKEYBYTES];
  guint8       mallory_sk[crypto_sign_SECRETKEYBYTES];
  char        *mallory;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  assay_test_env_set_up (&f->a, ASSAY_TEST_ENV_DEFAULT);
  assay_test_env_set_up (&f->b, ASSAY_TEST_ENV_DEFAULT);
  crypto_sign_keypair (f->mallory_pk, f->mallory_sk);
  f->mallory = assay_identity_encode (f->mallory_pk);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sodium_memzero (f->mallory_sk, sizeof f->mallory_sk);
  g_free (f->mallory);
  assay_test_env_tear_down (&f->b);
  assay_test_env_tear_down (&f->a);
}

static gboolean
sign_with_vault (GBytes   *message,
                 guint8    signature[64],
                 gpointer  user_data,
                 GError  **error)
{
  return assay_vault_sign (user_data, message, signature, error);
}

/* @user_data is an Ed25519 secret key. */
static gboolean
sign_with_key (GBytes   *message,
               guint8    signature[64],
               gpointer  user_data,
               GError  **error)
{
  crypto_sign_detached (signature, NULL, g_bytes_get_data (message, NULL),
                        g_bytes_get_size (message), user_data);

  return TRUE;
}

static gboolean
open_with_vault (const guint8  *sealed,
                 gsize          sealed_len,
                 guint8        *file_key,
                 gpointer       user_data,
                 GError       **error)
{
  return assay_vault_open_box (user_data, sealed, sealed_len, file_key, error);
}

static AssayBundleOpener
opener_for (AssayVault *vault,
            const char *passphrase)
{
  AssayBundleOpener opener = { assay_vault_get_identity (vault), open_with_vault, vault,
                               passphrase,
                               { 4 * (crypto_pwhash_OPSLIMIT_MODERATE + 1),
                                 crypto_pwhash_MEMLIMIT_SENSITIVE } };

  return opener;
}

/* A record with its signature, owning what it points at. */
typedef struct
{
  AssayRecord *record;
} TestRecord;

static void
test_record_free (TestRecord *record)
{
  assay_record_free (record->record);
  g_free (record);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestRecord, test_record_free)

static void
test_record_sign (TestRecord          *record,
                  AssayBundleSignFunc  sign,
                  gpointer             sign_data)
{
  g_autoptr(GBytes) message = _assay_record_signed_message (record->record);
  g_autoptr(GError) error = NULL;
  guint8 signature[64];

  g_assert_nonnull (message);
  g_assert_true (sign (message, signature, sign_data, &error));
  g_assert_no_error (error);
  g_clear_pointer (&record->record->signature, g_bytes_unref);
  record->record->signature = g_bytes_new (signature, sizeof signature);
}

/* @record (copied) signed by A, with @base before it. */
static TestRecord *
test_record_new (Fixture           *f,
                 const AssayRecord *record,
                 const TestRecord  *base)
{
  TestRecord *copy = g_new0 (TestRecord, 1);

  copy->record = assay_record_copy (record);
  if (base != NULL)
    {
      guint8 digest[32];

      _assay_record_digest (base->record, digest);
      copy->record->base = base->record->revision;
      copy->record->base_digest = g_bytes_new (digest, sizeof digest);
    }
  test_record_sign (copy, sign_with_vault, f->a.vault);

  return copy;
}

/* A record of A's that never went through a store, for bundles of any
 * size. */
static TestRecord *
test_record_new_made_up (Fixture    *f,
                         guint       n,
                         const char *payload)
{
  AssayRecord record = { "audits", NULL, 1, (char *) assay_vault_get_identity (f->a.vault),
                         ((guint64) 1767225600000 << 16) + n, NULL };
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(GBytes) bytes = assay_test_bytes (payload);

  record.id = id;
  record.payload = bytes;

  return test_record_new (f, &record, NULL);
}

typedef struct
{
  GFileOutputStream *out;
  AssayBundleWriter *writer;
} TestWriter;

/* Starts a bundle from A, named Ann Patel of Health, to @recipients and
 * @passphrase, whose end @sign signs. */
static TestWriter
test_writer_start (Fixture             *f,
                   const char          *path,
                   const char * const  *recipients,
                   const char          *passphrase,
                   AssayBundleSignFunc  sign,
                   gpointer             sign_data)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AssayKdfParams fast;
  TestWriter writer;

  assay_kdf_params_init_fast (&fast);
  writer.out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  writer.writer = _assay_bundle_writer_new (G_OUTPUT_STREAM (writer.out),
                                            assay_vault_get_identity (f->a.vault),
                                            "Ann Patel", "Health", "2026-01-05T09:30:00Z",
                                            recipients, passphrase, &fast, sign, sign_data,
                                            NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (writer.writer);

  return writer;
}

static void
test_writer_finish (TestWriter *writer)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (_assay_bundle_writer_finish (writer->writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (writer->out), NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&writer->writer, _assay_bundle_writer_free);
  g_clear_object (&writer->out);
}

static void
test_writer_add (TestWriter       *writer,
                 const TestRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (_assay_bundle_writer_add_record (writer->writer, record->record, NULL,
                                                  &error));
  g_assert_no_error (error);
}

/* An entry as given, framed with its length. */
static void
test_writer_add_raw (TestWriter  *writer,
                     const char  *json,
                     gsize        len)
{
  g_autoptr(GError) error = NULL;
  guint8 prefix[4];

  for (guint i = 0; i < 4; i++)
    prefix[i] = (guint8) (len >> (8 * i));
  g_assert_true (_assay_bundle_writer_add_raw (writer->writer, prefix, sizeof prefix, NULL,
                                               &error));
  g_assert_true (_assay_bundle_writer_add_raw (writer->writer, (const guint8 *) json, len, NULL,
                                               &error));
  g_assert_no_error (error);
}

/* A's bundle of @records to A and B. */
static char *
write_bundle (Fixture    *f,
              const char *name,
              GPtrArray  *records)
{
  const char *recipients[] = { assay_vault_get_identity (f->a.vault),
                               assay_vault_get_identity (f->b.vault), NULL };
  char *path = g_build_filename (f->a.dir, name, NULL);
  TestWriter writer = test_writer_start (f, path, recipients, NULL, sign_with_vault,
                                         f->a.vault);

  for (guint i = 0; i < records->len; i++)
    test_writer_add (&writer, records->pdata[i]);
  test_writer_finish (&writer);

  return path;
}

/* A's bundle of @record alone, to @recipients and @passphrase, its end
 * signed by @sign. */
static char *
write_one (Fixture             *f,
           const char          *name,
           const TestRecord    *record,
           const char * const  *recipients,
           const char          *passphrase,
           AssayBundleSignFunc  sign,
           gpointer             sign_data)
{
  char *path = g_build_filename (f->a.dir, name, NULL);
  TestWriter writer = test_writer_start (f, path, recipients, passphrase, sign, sign_data);

  test_writer_add (&writer, record);
  test_writer_finish (&writer);

  return path;
}

typedef struct
{
  GPtrArray *entries;   /* of AssayBundleEntry, or NULL to keep none */
  guint      n_records;
  gsize      peak;
  guint8    *file_key;  /* with keep_key, in secure memory */
  gboolean   keep_key;
} ReadResult;

static void
read_result_clear (ReadResult *result)
{
  g_clear_pointer (&result->entries, g_ptr_array_unref);
  g_clear_pointer (&result->file_key, assay_secure_free);
}

/* Reads @path to its end, as @opener or with @file_key. */
static gboolean
read_bundle (const char               *path,
             const AssayBundleOpener  *opener,
             const guint8             *file_key,
             ReadResult               *result,
             GError                  **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  g_autoptr(AssayBundleReader) reader = NULL;

  g_assert_nonnull (in);
  if (file_key != NULL)
    reader = _assay_bundle_reader_new_with_key (G_INPUT_STREAM (in), name, file_key, NULL,
                                                error);
  else
    reader = _assay_bundle_reader_new (G_INPUT_STREAM (in), name, opener, NULL, error);
  if (reader == NULL)
    return FALSE;

  if (result->keep_key)
    result->file_key = _assay_bundle_reader_copy_file_key (reader);

  for (;;)
    {
      g_autoptr(AssayBundleEntry) entry = NULL;

      if (!_assay_bundle_reader_next (reader, &entry, NULL, error))
        return FALSE;
      if (entry == NULL)
        break;
      if (entry->type == ASSAY_BUNDLE_ENTRY_RECORD)
        result->n_records++;
      if (result->entries != NULL)
        g_ptr_array_add (result->entries, g_steal_pointer (&entry));
    }

  /* Past the end there is nothing more. */
  {
    g_autoptr(AssayBundleEntry) entry = NULL;

    g_assert_true (_assay_bundle_reader_next (reader, &entry, NULL, error));
    g_assert_null (entry);
  }
  g_assert_cmpuint (_assay_bundle_reader_get_n_records (reader), ==, result->n_records);
  result->peak = _assay_bundle_reader_get_peak_buffered (reader);

  return TRUE;
}

static void
assert_same_record (const AssayRecord *got,
                    const AssayRecord *want)
{
  g_assert_cmpstr (got->collection, ==, want->collection);
  g_assert_cmpstr (got->id, ==, want->id);
  g_assert_cmpint (got->revision, ==, want->revision);
  g_assert_cmpstr (got->author, ==, want->author);
  g_assert_cmpuint (got->hlc, ==, want->hlc);
  g_assert_true (g_bytes_equal (got->payload, want->payload));
  g_assert_cmpint (got->base, ==, want->base);
  if (want->base_digest == NULL)
    g_assert_null (got->base_digest);
  else
    g_assert_true (g_bytes_equal (got->base_digest, want->base_digest));
  g_assert_true (g_bytes_equal (got->signature, want->signature));
}

/* Two revisions of a real audit from A's store and a colleague's word for
 * an author travel to B as they were signed. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) test_record_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayRecord) first = NULL;
  g_autoptr(AssayRecord) second = NULL;
  g_autoptr(GBytes) payload1 = assay_test_bytes ("{\"case\":\"EHC-0042\",\"grades\":{}}");
  g_autoptr(GBytes) payload2 = assay_test_bytes ("{\"case\":\"EHC-0042\",\"grades\":{\"a1\":"
                                                 "\"gold\"},\"note\":\"Évidence ✓\"}");
  g_autofree char *path = g_build_filename (f->a.dir, "round.assay", NULL);
  const char *recipients[] = { assay_vault_get_identity (f->a.vault),
                               assay_vault_get_identity (f->b.vault), NULL };
  AssayBundleOpener as_b = opener_for (f->b.vault, NULL);
  AssayBundleOpener as_a = opener_for (f->a.vault, NULL);
  ReadResult result = { g_ptr_array_new_with_free_func ((GDestroyNotify) _assay_bundle_entry_free) };
  ReadResult again = { NULL };
  TestWriter writer;
  AssayBundleEntry *entry;

  first = assay_store_save (f->a.store, "audits", NULL, payload1, &error);
  g_assert_no_error (error);
  second = assay_store_save (f->a.store, "audits", first->id, payload2, &error);
  g_assert_no_error (error);
  g_ptr_array_add (records, test_record_new (f, first, NULL));
  g_ptr_array_add (records, test_record_new (f, second, records->pdata[0]));

  writer = test_writer_start (f, path, recipients, NULL, sign_with_vault, f->a.vault);
  g_assert_true (_assay_bundle_writer_add_author (writer.writer, f->mallory, "Bob Jones",
                                                  "Social care", NULL, &error));
  g_assert_no_error (error);
  test_writer_add (&writer, records->pdata[0]);
  test_writer_add (&writer, records->pdata[1]);
  test_writer_finish (&writer);

  g_assert_true (read_bundle (path, &as_b, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.entries->len, ==, 3);
  g_assert_cmpuint (result.n_records, ==, 2);

  entry = result.entries->pdata[0];
  g_assert_cmpint (entry->type, ==, ASSAY_BUNDLE_ENTRY_AUTHOR);
  g_assert_cmpuint (entry->number, ==, 2);
  g_assert_cmpstr (entry->key, ==, f->mallory);
  g_assert_cmpstr (entry->name, ==, "Bob Jones");
  g_assert_cmpstr (entry->agency, ==, "Social care");

  for (guint i = 0; i < 2; i++)
    {
      const TestRecord *want = records->pdata[i];
      gsize len = 0;
      const char *text;

      entry = result.entries->pdata[i + 1];
      g_assert_cmpint (entry->type, ==, ASSAY_BUNDLE_ENTRY_RECORD);
      assert_same_record (entry->record, want->record);
      /* Readable as text, as payloads the vault opens are. */
      text = assay_record_get_text (entry->record, &len);
      g_assert_cmpuint (strlen (text), ==, len);
    }

  /* The sender can read its own bundle (it is a backup too). */
  g_assert_true (read_bundle (path, &as_a, NULL, &again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (again.n_records, ==, 2);

  read_result_clear (&result);
  read_result_clear (&again);
}

/* What the sender entry says, as the reader's getters give it. */
static void
test_sender (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autofree char *path = write_bundle (f, "sender.assay", records);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayBundleReader) reader = NULL;
  AssayBundleOpener as_b = opener_for (f->b.vault, NULL);

  reader = _assay_bundle_reader_new (G_INPUT_STREAM (in), "sender.assay", &as_b, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (_assay_bundle_reader_get_sender (reader), ==,
                   assay_vault_get_identity (f->a.vault));
  g_assert_cmpstr (_assay_bundle_reader_get_sender_name (reader), ==, "Ann Patel");
  g_assert_cmpstr (_assay_bundle_reader_get_sender_agency (reader), ==, "Health");
  g_assert_cmpstr (_assay_bundle_reader_get_created (reader), ==, "2026-01-05T09:30:00Z");
}

/* The signed message has exactly the layout of docs/bundle-format.md, so a
 * second implementation signs the same bytes. */
static void
test_signed_message (Fixture       *f,
                     gconstpointer  data)
{
  const char *id = "6f1c1d8e-4f5a-4b53-9a55-0c4b1c2d3e4f";
  g_autoptr(GBytes) payload = assay_test_bytes ("{\"case\":\"EHC-0042\"}");
  AssayRecord record = { "audits", (char *) id, 3, f->mallory, 0x0102030405060708, payload,
                         2, NULL, NULL };
  guint8 base_digest[32];
  g_autoptr(GBytes) digest_bytes = NULL;
  g_autoptr(GByteArray) want = g_byte_array_new ();
  g_autoptr(GBytes) message = NULL;
  g_autoptr(GError) error = NULL;
  guint8 payload_hash[32];
  guint8 digest[32];
  guint8 want_digest[32];
  guint8 signature[64];
  static const guint8 le_len_audits[] = { 6, 0, 0, 0 };
  static const guint8 le_len_id[] = { 36, 0, 0, 0 };
  static const guint8 le_revision[] = { 3, 0, 0, 0, 0, 0, 0, 0 };
  static const guint8 le_base[] = { 2, 0, 0, 0, 0, 0, 0, 0 };
  static const guint8 le_hlc[] = { 8, 7, 6, 5, 4, 3, 2, 1 };

  memset (base_digest, 0xab, sizeof base_digest);
  digest_bytes = g_bytes_new (base_digest, sizeof base_digest);
  record.base_digest = digest_bytes;

  crypto_generichash (payload_hash, sizeof payload_hash, g_bytes_get_data (payload, NULL),
                      g_bytes_get_size (payload), NULL, 0);
  g_byte_array_append (want, (const guint8 *) "assay/record/2", 15);
  g_byte_array_append (want, le_len_audits, 4);
  g_byte_array_append (want, (const guint8 *) "audits", 6);
  g_byte_array_append (want, le_len_id, 4);
  g_byte_array_append (want, (const guint8 *) id, 36);
  g_byte_array_append (want, le_revision, 8);
  g_byte_array_append (want, le_base, 8);
  g_byte_array_append (want, base_digest, 32);
  g_byte_array_append (want, le_hlc, 8);
  g_byte_array_append (want, f->mallory_pk, 32);
  g_byte_array_append (want, payload_hash, 32);

  message = _assay_record_signed_message (&record);
  g_assert_nonnull (message);
  g_assert_cmpmem (g_bytes_get_data (message, NULL), g_bytes_get_size (message),
                   want->data, want->len);

  crypto_generichash (want_digest, sizeof want_digest, want->data, want->len, NULL, 0);
  _assay_record_digest (&record, digest);
  g_assert_cmpmem (digest, sizeof digest, want_digest, sizeof want_digest);

  /* Signed by its author it verifies; by anyone else, or changed, it does not. */
  crypto_sign_detached (signature, NULL, want->data, want->len, f->mallory_sk);
  record.signature = g_bytes_new (signature, sizeof signature);
  g_assert_true (_assay_record_verify (&record, &error));
  g_assert_no_error (error);

  record.hlc++;
  g_assert_false (_assay_record_verify (&record, &error));
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY);
  g_clear_error (&error);
  record.hlc--;

  record.author = (char *) assay_vault_get_identity (f->a.vault);
  g_assert_false (_assay_record_verify (&record, &error));
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY);
  g_clear_error (&error);
  g_bytes_unref (record.signature);
}

/* A bundle for the partnership passphrase only: asked for, refused when
 * wrong, and its file key good for a second pass without asking again. */
static void
test_passphrase (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TestRecord) record = test_record_new_made_up (f, 1, "{\"case\":\"EHC-0001\"}");
  g_autofree char *path = write_one (f, "forum.assay", record, NULL, PASSPHRASE,
                                     sign_with_vault, f->a.vault);
  g_autofree char *other_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func ((GDestroyNotify) test_record_free);
  AssayBundleOpener no_passphrase = opener_for (f->b.vault, NULL);
  AssayBundleOpener wrong = opener_for (f->b.vault, "not our passphrase");
  AssayBundleOpener right = opener_for (f->b.vault, PASSPHRASE);
  AssayBundleOpener stingy = opener_for (f->b.vault, PASSPHRASE);
  ReadResult result = { .keep_key = TRUE };
  ReadResult again = { g_ptr_array_new_with_free_func ((GDestroyNotify) _assay_bundle_entry_free) };
  ReadResult nothing = { NULL };

  g_assert_false (read_bundle (path, &no_passphrase, NULL, &nothing, &error));
  g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NEEDS_PASSPHRASE);
  g_assert_nonnull (strstr (error->message, "forum.assay"));
  g_clear_error (&error);

  g_assert_false (read_bundle (path, &wrong, NULL, &nothing, &error));
  g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  /* A slot may not make its reader spend more than it allows. */
  stingy.max_kdf.memlimit = crypto_pwhash_MEMLIMIT_MIN - 1;
  g_assert_false (read_bundle (path, &stingy, NULL, &nothing, &error));
  g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED);
  g_clear_error (&error);

  g_assert_true (read_bundle (path, &right, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_records, ==, 1);
  g_assert_nonnull (result.file_key);

  /* The second pass: no opener at all, the same records. */
  g_assert_true (read_bundle (path, NULL, result.file_key, &again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (again.entries->len, ==, 1);
  assert_same_record (((AssayBundleEntry *) again.entries->pdata[0])->record,
                      record->record);

  /* That key opens no other bundle. */
  g_ptr_array_add (others, test_record_new_made_up (f, 2, "{}"));
  other_path = write_bundle (f, "other.assay", others);
  g_assert_false (read_bundle (other_path, NULL, result.file_key, &nothing, &error));
  g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED);

  read_result_clear (&result);
  read_result_clear (&again);
}

/* A bundle for A only: B is told it is not addressed to it. */
static void
test_not_for_us (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TestRecord) record = test_record_new_made_up (f, 1, "{}");
  const char *recipients[] = { assay_vault_get_identity (f->a.vault), NULL };
  g_autofree char *path = write_one (f, "own.assay", record, recipients, NULL, sign_with_vault,
                                     f->a.vault);
  g_autoptr(GError) error = NULL;
  AssayBundleOpener as_b = opener_for (f->b.vault, PASSPHRASE);
  ReadResult nothing = { NULL };

  g_assert_false (read_bundle (path, &as_b, NULL, &nothing, &error));
  g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_FOR_US);
  g_assert_nonnull (strstr (error->message, assay_vault_get_identity (f->b.vault)));
}

static void
write_bytes (const char   *path,
             const guint8 *data,
             gsize         len)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, (const char *) data, (gssize) len, &error));
  g_assert_no_error (error);
}

/* Reads @data as B and expects a refusal: only the magic line can make it
 * look like another kind of file. */
static void
assert_refused (Fixture      *f,
                const guint8 *data,
                gsize         len,
                gsize         offset)
{
  g_autofree char *path = g_build_filename (f->b.dir, "bad.assay", NULL);
  g_autoptr(GError) error = NULL;
  AssayBundleOpener as_b = opener_for (f->b.vault, PASSPHRASE);
  ReadResult nothing = { NULL };

  write_bytes (path, data, len);
  if (read_bundle (path, &as_b, NULL, &nothing, &error))
    g_error ("a bundle changed at byte %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " was read",
             offset, len);

  if (offset < 15 &&
      (g_error_matches (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE) ||
       g_error_matches (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_UNSUPPORTED)))
    return;

  g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED);
  g_assert_true (g_str_has_prefix (error->message, "bad.assay"));
}

/* Every single-byte change of a small bundle, with a partnership slot as
 * well as two recipients, is refused. */
static void
test_byte_flips (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TestRecord) record = test_record_new_made_up (f, 1, "{\"case\":\"EHC-0001\"}");
  const char *recipients[] = { assay_vault_get_identity (f->a.vault),
                               assay_vault_get_identity (f->b.vault), NULL };
  g_autofree char *path = write_one (f, "small.assay", record, recipients, PASSPHRASE,
                                     sign_with_vault, f->a.vault);
  g_autofree guint8 *contents = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (path, (char **) &contents, &len, NULL));
  g_assert_cmpuint (len, <, 2048);

  for (gsize i = 0; i < len; i++)
    {
      contents[i] ^= 0x01;
      assert_refused (f, contents, len, i);
      contents[i] ^= 0x01;
    }
}

/* Where the chunks of @contents start: past the header and the
 * secretstream header. */
static gsize
stream_start (const guint8 *contents)
{
  guint n_slots = contents[15] | contents[16] << 8;
  gsize offset = 17;

  for (guint i = 0; i < n_slots; i++)
    offset += 5 + (contents[offset + 1] | contents[offset + 2] << 8);

  return offset + 32 + 24;
}

/* A's bundle of @n records of about 1 KiB each; its contents. */
static guint8 *
write_large (Fixture     *f,
             guint        n,
             gsize       *len)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) test_record_free);
  g_autofree char *filler = g_strnfill (1000, 'x');
  g_autofree char *path = NULL;
  guint8 *contents = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *payload = g_strdup_printf ("{\"case\":\"EHC-%04u\",\"evidence\":\"%s\"}",
                                                  i, filler);

      g_ptr_array_add (records, test_record_new_made_up (f, i, payload));
    }
  path = write_bundle (f, "large.assay", records);
  g_assert_true (g_file_get_contents (path, (char **) &contents, len, NULL));

  return contents;
}

/* Cut at every chunk boundary (and a byte either side), or with bytes
 * added after the end: refused. */
static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  gsize len;
  g_autofree guint8 *contents = write_large (f, 200, &len);
  gsize start = stream_start (contents);
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autofree guint8 *longer = g_malloc (len + CHUNK_CIPHER);
  gsize n_chunks = (len - start + CHUNK_CIPHER - 1) / CHUNK_CIPHER;

  g_assert_cmpuint (n_chunks, >=, 3);

  {
    gsize fixed[] = { 14, 15, 17, 18, start - 24 - 32, start - 24, start - 1, start, start + 1,
                      len - 17, len - 1 };

    g_array_append_vals (cuts, fixed, G_N_ELEMENTS (fixed));
  }
  for (gsize k = 1; k < n_chunks; k++)
    for (gsize d = 0; d < 3; d++)
      {
        gsize cut = start + k * CHUNK_CIPHER + d - 1;

        g_array_append_val (cuts, cut);
      }

  for (guint i = 0; i < cuts->len; i++)
    assert_refused (f, contents, g_array_index (cuts, gsize, i), g_array_index (cuts, gsize, i));

  /* Nothing may follow the final chunk: a byte, or a chunk again. */
  memcpy (longer, contents, len);
  longer[len] = 0;
  assert_refused (f, longer, len + 1, len);
  memcpy (longer + len, contents + start + (n_chunks - 1) * CHUNK_CIPHER,
          len - start - (n_chunks - 1) * CHUNK_CIPHER);
  assert_refused (f, longer, len + len - start - (n_chunks - 1) * CHUNK_CIPHER, len);
}

/* Chunks swapped, repeated or left out: refused. */
static void
test_reordered (Fixture       *f,
                gconstpointer  data)
{
  gsize len;
  g_autofree guint8 *contents = write_large (f, 200, &len);
  gsize start = stream_start (contents);
  gsize n_chunks = (len - start + CHUNK_CIPHER - 1) / CHUNK_CIPHER;
  g_autofree guint8 *changed = g_malloc (len + CHUNK_CIPHER);
  guint8 *chunk1 = contents + start + CHUNK_CIPHER;
  guint8 *chunk2 = chunk1 + CHUNK_CIPHER;

  g_assert_cmpuint (n_chunks, >=, 4);

  /* The second and third chunks swapped. */
  memcpy (changed, contents, len);
  memcpy (changed + (chunk1 - contents), chunk2, CHUNK_CIPHER);
  memcpy (changed + (chunk2 - contents), chunk1, CHUNK_CIPHER);
  assert_refused (f, changed, len, chunk1 - contents);

  /* The first and second swapped: the first chunk is bound to the header. */
  memcpy (changed, contents, len);
  memcpy (changed + start, chunk1, CHUNK_CIPHER);
  memcpy (changed + start + CHUNK_CIPHER, contents + start, CHUNK_CIPHER);
  assert_refused (f, changed, len, start);

  /* The second chunk twice. */
  memcpy (changed, contents, chunk2 - contents);
  memcpy (changed + (chunk2 - contents), chunk1, CHUNK_CIPHER);
  memcpy (changed + (chunk2 - contents) + CHUNK_CIPHER, chunk2, len - (chunk2 - contents));
  assert_refused (f, changed, len + CHUNK_CIPHER, chunk2 - contents);

  /* The second chunk left out. */
  memcpy (changed, contents, chunk1 - contents);
  memcpy (changed + (chunk1 - contents), chunk2, len - (chunk2 - contents));
  assert_refused (f, changed, len - CHUNK_CIPHER, chunk1 - contents);
}

/* A record whose signature is not its author's is refused, naming its
 * entry, whoever signed the bundle: forged, or changed after signing. */
static void
test_bad_record_signature (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) test_record_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *changed_path = NULL;
  AssayBundleOpener as_b = opener_for (f->b.vault, NULL);
  ReadResult result = { NULL };
  TestRecord *forged;
  TestRecord *changed;

  g_ptr_array_add (records, test_record_new_made_up (f, 1, "{\"grade\":\"bronze\"}"));
  forged = test_record_new_made_up (f, 2, "{\"grade\":\"gold\"}");
  /* In A's name, signed by Mallory. */
  test_record_sign (forged, sign_with_key, f->mallory_sk);
  g_ptr_array_add (records, forged);
  path = write_bundle (f, "forged.assay", records);

  g_assert_false (read_bundle (path, &as_b, NULL, &result, &error));
  g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "entry 3"));
  g_assert_nonnull (strstr (error->message, forged->record->id));
  g_assert_cmpuint (result.n_records, ==, 1);
  g_clear_error (&error);

  /* Signed by A, then its grade changed. */
  g_ptr_array_remove_index (records, 1);
  changed = test_record_new_made_up (f, 3, "{\"grade\":\"bronze\"}");
  g_bytes_unref (changed->record->payload);
  changed->record->payload = assay_test_bytes ("{\"grade\":\"gold\"}");
  g_ptr_array_add (records, changed);
  changed_path = write_bundle (f, "changed.assay", records);

  result.n_records = 0;
  g_assert_false (read_bundle (changed_path, &as_b, NULL, &result, &error));
  g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "entry 3"));
}

/* A bundle in A's name whose end Mallory signed: its records are read as
 * they come, but it never reaches its end. */
static void
test_end_signed_by_other (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(TestRecord) record = test_record_new_made_up (f, 1, "{}");
  const char *recipients[] = { assay_vault_get_identity (f->b.vault), NULL };
  g_autofree char *path = write_one (f, "mallory.assay", record, recipients, NULL, sign_with_key,
                                     f->mallory_sk);
  g_autoptr(GError) error = NULL;
  AssayBundleOpener as_b = opener_for (f->b.vault, NULL);
  ReadResult result = { NULL };

  g_assert_false (read_bundle (path, &as_b, NULL, &result, &error));
  g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "entry 3"));
  g_assert_nonnull (strstr (error->message, "not signed by its sender"));
  g_assert_cmpuint (result.n_records, ==, 1);
}

/* 10,000 records, about 10 MiB, read holding under 256 KiB at once. */
static void
test_streamed (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->a.dir, "big.assay", NULL);
  const char *recipients[] = { assay_vault_get_identity (f->b.vault), NULL };
  g_autofree char *filler = g_strnfill (900, 'e');
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  AssayBundleOpener as_b = opener_for (f->b.vault, NULL);
  ReadResult result = { NULL };
  TestWriter writer = test_writer_start (f, path, recipients, NULL, sign_with_vault, f->a.vault);

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *payload = g_strdup_printf ("{\"case\":\"EHC-%05u\",\"evidence\":\"%s\"}",
                                                  i, filler);
      g_autoptr(TestRecord) record = test_record_new_made_up (f, i, payload);

      test_writer_add (&writer, record);
    }
  test_writer_finish (&writer);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL,
                            &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_file_info_get_size (info), >, 10 * 1024 * 1024);

  g_assert_true (read_bundle (path, &as_b, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_records, ==, 10000);
  g_test_message ("peak buffered: %" G_GSIZE_FORMAT " bytes", result.peak);
  g_assert_cmpuint (result.peak, >, 0);
  g_assert_cmpuint (result.peak, <, 256 * 1024);
}

static void
assert_format_refused (Fixture      *f,
                       const guint8 *data,
                       gsize         len,
                       gint          code,
                       const char   *says)
{
  g_autofree char *path = g_build_filename (f->b.dir, "old.assay", NULL);
  g_autoptr(GError) error = NULL;
  AssayBundleOpener as_b = opener_for (f->b.vault, NULL);
  ReadResult nothing = { NULL };

  write_bytes (path, data, len);
  g_assert_false (read_bundle (path, &as_b, NULL, &nothing, &error));
  g_assert_error (error, ASSAY_BUNDLE_ERROR, code);
  if (says != NULL && strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
}

/* A format-1 bundle (its magic line and JSON header as Assay wrote them
 * before format 2) is refused naming its version; a newer one asks for an
 * update; other files are not bundles. */
static void
test_other_formats (Fixture       *f,
                    gconstpointer  data)
{
  static const guint8 v1[] = "ASSAY-BUNDLE 1\n\x1b\0\0\0{\"format\": 1, \"slots\": []}";

  assert_format_refused (f, v1, sizeof v1 - 1,
                         ASSAY_BUNDLE_ERROR_UNSUPPORTED, "format 1, made by an older Assay");
  assert_format_refused (f, (const guint8 *) "ASSAY-BUNDLE 3\n\1\0", 17,
                         ASSAY_BUNDLE_ERROR_UNSUPPORTED, "format 3");
  assert_format_refused (f, (const guint8 *) "ASSAY-BUNDLE 12\n\1\0", 18,
                         ASSAY_BUNDLE_ERROR_UNSUPPORTED, "format 12");
  assert_format_refused (f, (const guint8 *) "ASSAY-BUNDLE 0\n", 15,
                         ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE, NULL);
  assert_format_refused (f, (const guint8 *) "ASSAY-BUNDLE 02\n\1\0", 18,
                         ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE, NULL);
  assert_format_refused (f, (const guint8 *) "ASSAY-BUNDLE 1234567890\n", 24,
                         ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE, NULL);
  assert_format_refused (f, (const guint8 *) "{\"format\": 2}", 13,
                         ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE, NULL);
  assert_format_refused (f, (const guint8 *) "", 0, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE, "empty");
}

/* A bundle from A to B whose second entry is @json as given. */
static void
assert_entry_refused (Fixture    *f,
                      const char *json,
                      gsize       len,
                      const char *says)
{
  g_autofree char *path = g_build_filename (f->a.dir, "hostile.assay", NULL);
  const char *recipients[] = { assay_vault_get_identity (f->b.vault), NULL };
  g_autoptr(GError) error = NULL;
  AssayBundleOpener as_b = opener_for (f->b.vault, NULL);
  ReadResult nothing = { NULL };
  TestWriter writer = test_writer_start (f, path, recipients, NULL, sign_with_vault, f->a.vault);

  test_writer_add_raw (&writer, json, len);
  test_writer_finish (&writer);

  g_assert_false (read_bundle (path, &as_b, NULL, &nothing, &error));
  g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "entry 2"));
  if (strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
}

/* Entries a sender's own key could sign but no Assay writes: refused,
 * without crashing, before anything deep is parsed. */
static void
test_hostile_entries (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GString) deep = g_string_new ("{\"type\":\"author\",\"x\":");
  g_autoptr(GString) deep_payload = g_string_new (NULL);
  g_autofree char *record = NULL;
  const char *a = assay_vault_get_identity (f->a.vault);
  g_autofree char *upper = g_ascii_strup (a, -1);
  g_autofree char *author_upper = g_strdup_printf ("{\"type\":\"author\",\"key\":\"%s\","
                                                   "\"name\":\"A\",\"agency\":\"\"}", upper);
  g_autofree char *long_name = g_strnfill (201, 'n');
  g_autofree char *author_long = g_strdup_printf ("{\"type\":\"author\",\"key\":\"%s\","
                                                  "\"name\":\"%s\",\"agency\":\"\"}",
                                                  a, long_name);
  g_autofree char *no_digest = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  assert_entry_refused (f, deep->str, deep->len, "32 levels");

  /* As deep inside a record's contents, which are JSON in a string. */
  for (guint i = 0; i < 40; i++)
    g_string_append (deep_payload, "{\\\"a\\\":");
  g_string_append (deep_payload, "1");
  for (guint i = 0; i < 40; i++)
    g_string_append_c (deep_payload, '}');
  record = g_strdup_printf ("{\"type\":\"record\",\"collection\":\"audits\","
                            "\"id\":\"6f1c1d8e-4f5a-4b53-9a55-0c4b1c2d3e4f\",\"revision\":1,"
                            "\"base\":0,\"author\":\"%s\",\"hlc\":1,\"payload\":\"%s\","
                            "\"signature\":\"%s\"}", a, deep_payload->str,
                            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                            "AAAAAAAAAAAAAAAAAAAAAA==");
  assert_entry_refused (f, record, strlen (record), "32 levels");

  /* A first revision names no base, so it has no base digest. (A later one
   * may lack one: its base was stored before records were signed.) */
  no_digest = g_strdup_printf ("{\"type\":\"record\",\"collection\":\"audits\","
                               "\"id\":\"x\",\"revision\":1,\"base\":0,\"author\":\"%s\","
                               "\"base_digest\":\"%064d\","
                               "\"hlc\":1,\"payload\":\"{}\",\"signature\":\"\"}", a, 0);
  assert_entry_refused (f, no_digest, strlen (no_digest), "base digest");

  assert_entry_refused (f, "{\"type\":\"note\"}", 15, "unknown type");
  assert_entry_refused (f, "{\"type\":\"sender\"}", 17, "second sender");
  assert_entry_refused (f, "[1]", 3, "not a JSON object");
  assert_entry_refused (f, "{\"type\":\"record\",\"collection\":\"a/b\"}", 36,
                        "collection and id");
  assert_entry_refused (f, "\xff{}", 3, "not a JSON object");
  assert_entry_refused (f, "{}", 0, "length");
  assert_entry_refused (f, author_upper, strlen (author_upper), "key, name and agency");
  assert_entry_refused (f, author_long, strlen (author_long), "key, name and agency");
}

/* What the writer will not write: a bundle nobody can open, a recipient
 * that is not an identity, a record without a whole signature. */
static void
test_writer_refuses (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(AssayBundleWriter) writer = NULL;
  g_autoptr(TestRecord) record = test_record_new_made_up (f, 1, "{}");
  g_autoptr(GError) error = NULL;
  const char *sender = assay_vault_get_identity (f->a.vault);
  const char *nobody[] = { NULL };
  const char *not_an_identity[] = { sender, "ann@example.com", NULL };
  const char *to_a[] = { sender, NULL };

  writer = _assay_bundle_writer_new (out, sender, "Ann Patel", "Health", "2026-01-05T09:30:00Z",
                                     nobody, NULL, NULL, sign_with_vault, f->a.vault, NULL,
                                     &error);
  g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_INVALID);
  g_assert_null (writer);
  g_clear_error (&error);

  writer = _assay_bundle_writer_new (out, sender, "Ann Patel", "Health", "2026-01-05T09:30:00Z",
                                     not_an_identity, NULL, NULL, sign_with_vault, f->a.vault,
                                     NULL, &error);
  g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "ann@example.com"));
  g_assert_null (writer);
  g_clear_error (&error);

  writer = _assay_bundle_writer_new (out, sender, "Ann Patel", "Health", "2026-01-05T09:30:00Z",
                                     to_a, NULL, NULL, sign_with_vault, f->a.vault, NULL,
                                     &error);
  g_assert_no_error (error);
  g_clear_pointer (&record->record->signature, g_bytes_unref);
  record->record->signature = g_bytes_new ("short", 5);
  g_assert_false (_assay_bundle_writer_add_record (writer, record->record, NULL,
                                                   &error));
  g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, record->record->id));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (assay_secure_init ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/bundle-stream/round-trip", test_round_trip);
  ADD ("/bundle-stream/sender", test_sender);
  ADD ("/bundle-stream/signed-message", test_signed_message);
  ADD ("/bundle-stream/passphrase", test_passphrase);
  ADD ("/bundle-stream/not-for-us", test_not_for_us);
  ADD ("/bundle-stream/byte-flips", test_byte_flips);
  ADD ("/bundle-stream/truncated", test_truncated);
  ADD ("/bundle-stream/reordered", test_reordered);
  ADD ("/bundle-stream/bad-record-signature", test_bad_record_signature);
  ADD ("/bundle-stream/end-signed-by-other", test_end_signed_by_other);
  ADD ("/bundle-stream/streamed", test_streamed);
  ADD ("/bundle-stream/other-formats", test_other_formats);
  ADD ("/bundle-stream/hostile-entries", test_hostile_entries);
  ADD ("/bundle-stream/writer-refuses", test_writer_refuses);

#undef ADD

  return g_test_run ();
}
