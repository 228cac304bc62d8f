/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-fuzz.h"
#include "fuzz-bundle-keys.h"

/*
 * A bundle is untrusted input from the moment it is chosen: the framing,
 * header and key slots are read before anything is authenticated, and the
 * document is read from anyone who holds a key to it. Each input is tried
 * twice: as a whole bundle, opened with a fixed identity (and a cheap
 * partnership passphrase), and as the signed document inside one.
 */

static void
check_document (AssayBundleDocument *doc,
                const char          *signer)
{
  g_assert_cmpstr (doc->author, ==, signer);

  for (guint i = 0; i < doc->records->len; i++)
    {
      const AssayRecord *record = doc->records->pdata[i];
      const AssayRecord *previous = i > 0 ? doc->records->pdata[i - 1] : NULL;
      g_autofree char *description = _assay_bundle_describe (record->collection, record->payload);
      gsize len = 0;
      const char *text = assay_record_get_text (record, &len);

      g_assert_true (g_str_equal (record->collection, "audits") ||
                     g_str_equal (record->collection, "agreements") ||
                     g_str_equal (record->collection, "cases"));
      g_assert_true (g_uuid_string_is_valid (record->id));
      g_assert_cmpuint (strlen (record->author), ==, 64);
      g_assert_cmpint (record->revision, >, 0);
      g_assert_cmpuint (strlen (text), ==, len);
      g_assert_true (text[0] == '{' || g_ascii_isspace (text[0]));
      g_assert_nonnull (description);

      /* Histories are whole: 1, 2, 3… for each record. */
      if (previous != NULL && g_str_equal (previous->collection, record->collection) &&
          g_str_equal (previous->id, record->id))
        g_assert_cmpint (record->revision, ==, previous->revision + 1);
      else
        g_assert_cmpint (record->revision, ==, 1);
    }
}

static void
check_error (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == ASSAY_BUNDLE_ERROR);
  g_assert_true (g_str_has_prefix (error->message, "fuzz.assay"));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *identity;
  g_autoptr(GBytes) input = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) doc_error = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(AssayBundleDocument) doc = NULL;
  g_autoptr(AssayBundleDocument) raw = NULL;
  g_autofree char *signer = NULL;
  AssayBundleOpener opener = { NULL, fuzz_bundle_open_slot, NULL, FUZZ_BUNDLE_PASSPHRASE,
                               { crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN } };

  if (identity == NULL)
    {
      g_assert_true (sodium_init () >= 0);
      identity = fuzz_bundle_identity ();
    }
  opener.identity = identity;

  if (_assay_bundle_open (input, "fuzz.assay", &opener, &signer, &document, &error))
    {
      g_assert_no_error (error);
      g_assert_cmpuint (strlen (signer), ==, 64);
      doc = _assay_bundle_parse_document (document, "fuzz.assay", signer, &doc_error);
      if (doc != NULL)
        check_document (doc, signer);
      else
        check_error (doc_error);
    }
  else
    check_error (error);

  /* The document parser on its own, as if a key holder had signed this. */
  g_clear_error (&doc_error);
  raw = _assay_bundle_parse_document (input, "fuzz.assay", identity, &doc_error);
  if (raw != NULL)
    check_document (raw, identity);
  else
    check_error (doc_error);

  return 0;
}
