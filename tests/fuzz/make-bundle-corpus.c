/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-bundle-stream.h"
#include "assay-test-util.h"
#include "fuzz-bundle-keys.h"

/*
 * Writes the seed corpus of fuzz-bundle: format-2 bundles of real
 * records from a real vault's store, addressed to the fuzz target's fixed
 * identity or to its partnership passphrase at the cheapest key derivation,
 * one that needs two chunks, cut-off copies, the entries on their own (the
 * target seals those itself), and files of other formats.
 *
 *   _build/tests/fuzz/make-bundle-corpus tests/fuzz/corpus/bundle
 */

typedef struct
{
  AssayVault *vault;
  GPtrArray  *records;   /* of AssayRecord, signed */
  const char *dir;
} Corpus;

static void
write_file (const Corpus  *corpus,
            const char    *name,
            gconstpointer  data,
            gsize          len)
{
  g_autofree char *path = g_build_filename (corpus->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
}

static gboolean
sign_with_vault (GBytes   *message,
                 guint8    signature[64],
                 gpointer  user_data,
                 GError  **error)
{
  return assay_vault_sign (user_data, message, signature, error);
}

/* Saves @payload as the next revision of @id (new when NULL) in @store and
 * adds it, as the store signed it, to the corpus's records. */
static const char *
add_record (Corpus     *corpus,
            AssayStore *store,
            const char *collection,
            const char *id,
            const char *payload)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = assay_test_bytes (payload);
  AssayRecord *record;

  record = assay_store_save (store, collection, id, bytes, &error);
  g_assert_no_error (error);
  g_ptr_array_add (corpus->records, record);

  return record->id;
}

/* A bundle from the vault of the corpus's records (the first @n_records). */
static GBytes *
write_bundle (Corpus             *corpus,
              const char * const *recipients,
              const char         *passphrase,
              guint               n_records)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(AssayBundleWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  AssayKdfParams fast;

  assay_kdf_params_init_fast (&fast);
  writer = _assay_bundle_writer_new (out, assay_vault_get_identity (corpus->vault),
                                     "Ann Patel", "Health", "2026-01-05T09:30:00Z",
                                     recipients, passphrase, &fast, sign_with_vault,
                                     corpus->vault, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (_assay_bundle_writer_add_author (writer,
                                                  assay_vault_get_identity (corpus->vault),
                                                  "Ann Patel", "Health", NULL, &error));
  for (guint i = 0; i < n_records; i++)
    g_assert_true (_assay_bundle_writer_add_record (writer, corpus->records->pdata[i], NULL,
                                                    &error));
  g_assert_true (_assay_bundle_writer_finish (writer, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
append_framed (GByteArray *array,
               GBytes     *entry)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (entry, &len);
  guint8 prefix[4];

  for (guint i = 0; i < 4; i++)
    prefix[i] = (guint8) (len >> (8 * i));
  g_byte_array_append (array, prefix, sizeof prefix);
  g_byte_array_append (array, data, (guint) len);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *filler = g_strnfill (70 * 1024, 'e');
  g_autofree char *big = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(GBytes) real = NULL;
  g_autoptr(GBytes) partnership = NULL;
  g_autoptr(GBytes) own = NULL;
  g_autoptr(GBytes) two_chunks = NULL;
  g_autoptr(GBytes) author = NULL;
  g_autoptr(GByteArray) entries = g_byte_array_new ();
  const char *to_fuzz[2] = { NULL, NULL };
  const char *to_self[2] = { NULL, NULL };
  const char *audit;
  Corpus corpus = { NULL, NULL, NULL };
  gsize len;
  const guint8 *data;

  if (argc != 2)
    {
      g_printerr ("Usage: %s CORPUS-DIR\n", argv[0]);
      return 1;
    }

  g_assert_true (assay_secure_init ());
  identity = fuzz_bundle_identity ();
  to_fuzz[0] = identity;

  tmp = assay_test_mkdtemp ();
  corpus.dir = argv[1];
  corpus.vault = assay_test_vault_new (tmp, NULL);
  corpus.records = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_record_free);
  to_self[0] = assay_vault_get_identity (corpus.vault);
  store = assay_store_new (corpus.vault);

  add_record (&corpus, store, "cases", NULL,
              "{\"case_ref\":\"EHC-1001\",\"team\":\"North\",\"phase\":\"primary\"}");
  audit = add_record (&corpus, store, "audits", NULL,
                      "{\"case\":\"EHC-1001\",\"framework\":\"tiny\",\"grades\":{}}");
  add_record (&corpus, store, "audits", audit,
              "{\"case\":\"EHC-1001\",\"framework\":\"tiny\",\"grades\":{\"a1\":"
              "{\"grade\":\"silver\",\"evidence\":\"Seen in section F\"}},\"status\":\"finished\"}");
  big = g_strdup_printf ("{\"case\":\"EHC-1002\",\"evidence\":\"%s\"}", filler);
  add_record (&corpus, store, "audits", NULL, big);

  real = write_bundle (&corpus, to_fuzz, NULL, 3);
  data = g_bytes_get_data (real, &len);
  write_file (&corpus, "real.assay", data, len);
  {
    gsize cuts[] = { 10, 17, 100, 300, len / 2, len - 1 };

    for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
      {
        g_autofree char *name = g_strdup_printf ("cut-%" G_GSIZE_FORMAT ".assay", cuts[i]);

        write_file (&corpus, name, data, cuts[i]);
      }
  }

  partnership = write_bundle (&corpus, NULL, FUZZ_BUNDLE_PASSPHRASE, 3);
  write_file (&corpus, "partnership.assay", g_bytes_get_data (partnership, NULL),
              g_bytes_get_size (partnership));
  own = write_bundle (&corpus, to_self, NULL, 1);
  write_file (&corpus, "not-for-us.assay", g_bytes_get_data (own, NULL),
              g_bytes_get_size (own));
  two_chunks = write_bundle (&corpus, to_fuzz, NULL, 4);
  write_file (&corpus, "two-chunks.assay", g_bytes_get_data (two_chunks, NULL),
              g_bytes_get_size (two_chunks));

  /* The entries after the sender, which the target seals itself. */
  author = _assay_bundle_stream_author_entry (to_self[0], "Ann Patel", "Health", &error);
  g_assert_no_error (error);
  append_framed (entries, author);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) entry = _assay_bundle_stream_record_entry (corpus.records->pdata[i],
                                                                   &error);

      g_assert_no_error (error);
      append_framed (entries, entry);
    }
  write_file (&corpus, "entries.bin", entries->data, entries->len);
  write_file (&corpus, "author-entry.bin", entries->data, 4 + g_bytes_get_size (author));

  write_file (&corpus, "format-1", "ASSAY-BUNDLE 1\n\0\0\0\0", 19);
  write_file (&corpus, "format-3", "ASSAY-BUNDLE 3\n", 15);
  write_file (&corpus, "empty", "", 0);

  g_clear_pointer (&corpus.records, g_ptr_array_unref);
  g_clear_object (&store);
  g_clear_object (&corpus.vault);
  assay_test_rmdir (tmp);

  g_print ("wrote the bundle corpus to %s\n", argv[1]);

  return 0;
}
