/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-bundle-stream.h"
#include "assay-record-private.h"
#include "assay-fuzz.h"
#include "fuzz-bundle-keys.h"

/*
 * Bundle format 2 is untrusted input twice over: the header and slots are
 * read before anything is authenticated, and the entries come from anyone
 * who holds a key to the file. Each input is tried twice: as a whole file,
 * opened with the fixed identity (and a cheap partnership passphrase), and
 * as the plaintext after the sender entry, which the target encrypts and
 * signs itself so that mutations reach the entry parser.
 */

static gboolean
sign_with_fuzz_key (GBytes   *message,
                    guint8    signature[64],
                    gpointer  user_data,
                    GError  **error)
{
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  guint8 sk[crypto_sign_SECRETKEYBYTES];

  fuzz_bundle_keypair (pk, sk);
  crypto_sign_detached (signature, NULL, g_bytes_get_data (message, NULL),
                        g_bytes_get_size (message), sk);
  sodium_memzero (sk, sizeof sk);

  return TRUE;
}

static void
check_entry (const AssayBundleEntry *entry)
{
  g_autoptr(GError) error = NULL;
  const AssayRecord *record;

  if (entry->type == ASSAY_BUNDLE_ENTRY_AUTHOR)
    {
      g_assert_cmpuint (strlen (entry->key), ==, 64);
      g_assert_true (g_utf8_validate (entry->name, -1, NULL));
      g_assert_true (g_utf8_validate (entry->agency, -1, NULL));
      return;
    }

  g_assert_cmpint (entry->type, ==, ASSAY_BUNDLE_ENTRY_RECORD);
  record = entry->record;
  g_assert_cmpuint (strlen (record->collection), >, 0);
  g_assert_cmpuint (strlen (record->id), >, 0);
  g_assert_cmpuint (strlen (record->author), ==, 64);
  g_assert_cmpint (record->revision, >, 0);
  g_assert_cmpint (record->base, >=, 0);
  g_assert_cmpint (record->base, <, record->revision);
  g_assert_true (record->base > 0 || record->base_digest == NULL);
  g_assert_cmpuint (g_bytes_get_size (record->signature), ==, 64);
  g_assert_true (_assay_record_verify (record, &error));
  g_assert_no_error (error);
}

static void
check_error (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == ASSAY_BUNDLE_ERROR);
  g_assert_true (g_str_has_prefix (error->message, "fuzz.assay"));
}

/* Reads @file to its end, checking what comes out. */
static void
read_all (GBytes                  *file,
          const AssayBundleOpener *opener)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (file);
  g_autoptr(AssayBundleReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = _assay_bundle_reader_new (in, "fuzz.assay", opener, NULL, &error);
  if (reader == NULL)
    {
      check_error (error);
      return;
    }

  g_assert_cmpuint (strlen (_assay_bundle_reader_get_sender (reader)), ==, 64);
  g_assert_nonnull (_assay_bundle_reader_get_created (reader));

  for (;;)
    {
      g_autoptr(AssayBundleEntry) entry = NULL;

      if (!_assay_bundle_reader_next (reader, &entry, NULL, &error))
        {
          check_error (error);
          break;
        }
      if (entry == NULL)
        break;
      check_entry (entry);
    }

  /* One chunk and one entry, at most 16 MiB, and a header of 1024 slots. */
  g_assert_cmpuint (_assay_bundle_reader_get_peak_buffered (reader), <=,
                    (gsize) 2 * (64 * 1024 + 17) + 16 * 1024 * 1024 + 1024 * 1100);
}

/* @plain after a sender entry, sealed to the fixed identity. */
static GBytes *
seal_plaintext (const uint8_t *plain,
                size_t         len,
                const char    *identity)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(AssayBundleWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  const char *recipients[] = { identity, NULL };

  writer = _assay_bundle_writer_new (out, identity, "Fuzz", "", "2026-01-01T00:00:00Z",
                                     recipients, NULL, NULL, sign_with_fuzz_key, NULL, NULL,
                                     &error);
  g_assert_no_error (error);
  g_assert_true (_assay_bundle_writer_add_raw (writer, plain, len, NULL, &error));
  g_assert_true (_assay_bundle_writer_finish (writer, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *identity;
  g_autoptr(GBytes) input = g_bytes_new (data, size);
  g_autoptr(GBytes) sealed = NULL;
  AssayBundleOpener opener = { NULL, fuzz_bundle_open_slot, NULL, FUZZ_BUNDLE_PASSPHRASE,
                               { crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN } };

  if (identity == NULL)
    {
      g_assert_true (sodium_init () >= 0);
      identity = fuzz_bundle_identity ();
    }
  opener.identity = identity;

  read_all (input, &opener);

  sealed = seal_plaintext (data, size, identity);
  read_all (sealed, &opener);

  return 0;
}
