/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "assay-audit.h"
#include "assay-bundle-private.h"
#include "assay-caseload.h"
#include "assay-compare.h"
#include "assay-sample.h"
#include "assay-test-util.h"
#include "bundle-test-fixture.h"

/* The file format: tampered and forged bundles are refused, the box key is
 * revoked on lock. See bundle-test-fixture.h. */

static gboolean
is_rejection (const GError *error,
              gsize         offset)
{
  /* Only the magic line can make it look like another kind of file. */
  if (offset < strlen ("ASSAY-BUNDLE 1\n") &&
      (g_error_matches (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE) ||
       g_error_matches (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_UNSUPPORTED)))
    return TRUE;

  return g_error_matches (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED);
}

static void
test_bundle_tampered (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) audits = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *path = NULL;
  g_autofree char *bad = g_build_filename (f->dir, "bad.assay", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize len, header_len, boundary;
  guint n_tried = 0;

  /* Enough to need more than one 64 KiB chunk. */
  for (guint i = 0; i < 14; i++)
    {
      g_autofree char *case_ref = g_strdup_printf ("EHC-100%u", i % 8 + 1);

      g_ptr_array_add (audits, new_audit (f, f->a, case_ref, TRUE));
    }

  path = export_to (f->a, f->dir, "a.assay", assay_vault_get_identity (f->vault_b), NULL, NULL,
                    22);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  header_len = (guint8) contents[15] | (guint8) contents[16] << 8 |
               (gsize) (guint8) contents[17] << 16 | (gsize) (guint8) contents[18] << 24;
  /* Magic line, length, header, checksum, stream header, first chunk. */
  boundary = 15 + 4 + header_len + 32 + 24 + 64 * 1024 + 17;
  g_assert_cmpuint (len, >, boundary + 100);

  /* Every byte of the magic line, the length and the start of the header;
   * then a spread over the whole file; the first chunk boundary; the end. */
  for (gsize i = 0; i < 64; i++)
    g_array_append_val (offsets, i);
  for (gsize i = 64; i < len; i += len / 150)
    g_array_append_val (offsets, i);
  for (gsize i = boundary - 2; i < boundary + 2; i++)
    g_array_append_val (offsets, i);
  for (gsize i = len - 40; i < len; i++)
    g_array_append_val (offsets, i);

  {
    gsize some[] = { 1, 14, 15, 17, 19, 60, 15 + 4 + header_len, 15 + 4 + header_len + 32,
                     15 + 4 + header_len + 32 + 24, boundary - 1, boundary, boundary + 17,
                     len / 2, len - 17, len - 1 };

    g_array_append_vals (cuts, some, G_N_ELEMENTS (some));
  }

  before = fingerprint (f->vault_b);

  for (guint i = 0; i < offsets->len; i++)
    {
      gsize offset = g_array_index (offsets, gsize, i);
      g_autofree char *flipped = g_memdup2 (contents, len);
      g_autoptr(GError) error = NULL;
      g_autoptr(AssayImportReport) report = NULL;

      flipped[offset] ^= (char) (1 << (offset % 8));
      g_assert_true (g_file_set_contents (bad, flipped, (gssize) len, NULL));
      report = import_from (f->b, bad, NULL, &error);
      if (report != NULL || !is_rejection (error, offset))
        g_error ("flipping byte %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " gave %s", offset, len,
                 error != NULL ? error->message : "a successful import");
      n_tried++;
    }

  for (guint i = 0; i < cuts->len; i++)
    {
      gsize cut = g_array_index (cuts, gsize, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(AssayImportReport) report = NULL;

      g_assert_true (g_file_set_contents (bad, contents, (gssize) cut, NULL));
      report = import_from (f->b, bad, NULL, &error);
      if (report != NULL || !is_rejection (error, cut))
        g_error ("cutting at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " gave %s", cut, len,
                 error != NULL ? error->message : "a successful import");
      n_tried++;
    }

  /* And appending anything to a sound bundle. */
  {
    g_autofree char *longer = g_malloc (len + 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(AssayImportReport) report = NULL;

    memcpy (longer, contents, len);
    longer[len] = '\n';
    g_assert_true (g_file_set_contents (bad, longer, (gssize) len + 1, NULL));
    report = import_from (f->b, bad, NULL, &error);
    g_assert_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED);
  }

  after = fingerprint (f->vault_b);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (count_rows (f->vault_b, "SELECT count(*) FROM records"), ==, 0);
  g_test_message ("%u damaged bundles refused", n_tried);

  /* The untouched file still imports. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AssayImportReport) report = import_from (f->b, path, NULL, &error);

    g_assert_no_error (error);
    assert_counts (report, 22, 0, 0, 0);
  }
}

static gboolean
sign_with_vault (GBytes   *message,
                 guint8    signature[64],
                 gpointer  user_data,
                 GError  **error)
{
  return assay_vault_sign (user_data, message, signature, error);
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

/* The document inside a bundle addressed to @vault, as the exporter wrote it. */
static GBytes *
open_document (AssayVault *vault,
               const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *signer = NULL;
  GBytes *document = NULL;
  g_autofree char *data = NULL;
  gsize len;
  AssayBundleOpener opener = { assay_vault_get_identity (vault), open_with_vault, vault, NULL,
                               { 0, 0 } };

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  contents = g_bytes_new (data, len);
  g_assert_true (_assay_bundle_open (contents, path, &opener, &signer, &document, &error));
  g_assert_no_error (error);

  return document;
}

/* Writes @document as a bundle to B, claiming @author, signed by @signer. */
static char *
forge (Fixture     *f,
       GBytes      *document,
       const char  *author,
       AssayVault  *signer,
       const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bundle = NULL;
  const char *recipients[] = { assay_vault_get_identity (f->vault_b), NULL };
  char *path = g_build_filename (f->dir, name, NULL);
  AssayKdfParams kdf;

  assay_kdf_params_init_fast (&kdf);
  bundle = _assay_bundle_seal (document, author, recipients, NULL, &kdf, sign_with_vault, signer,
                               &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bundle, NULL),
                                      (gssize) g_bytes_get_size (bundle), NULL));

  return path;
}

static GBytes *
replace (GBytes     *document,
         const char *from,
         const char *to)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (document, NULL),
                                     g_bytes_get_size (document));
  g_auto(GStrv) parts = g_strsplit (text, from, 2);
  char *joined;

  g_assert_nonnull (parts[1]);
  joined = g_strjoinv (to, parts);

  return g_bytes_new_take (joined, strlen (joined));
}

static void
test_bundle_forged (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(AssayAudit) audit = new_audit (f, f->a, "EHC-1001", TRUE);
  g_autofree char *path = NULL;
  g_autofree char *by_c = NULL;
  g_autofree char *claims_a = NULL;
  g_autofree char *forwarded = NULL;
  g_autofree char *from_a = NULL;
  g_autofree char *from_c = NULL;
  g_autofree char *samples = NULL;
  g_autofree char *not_object = NULL;
  g_autofree char *gap = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GBytes) as_c = NULL;
  g_autoptr(GBytes) as_samples = NULL;
  g_autoptr(GBytes) as_string = NULL;
  g_autoptr(GBytes) with_gap = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(AssayRecord) record = NULL;
  g_autofree char *rev2 = g_strdup_printf ("\"id\":\"%s\",\"revision\":2,",
                                           assay_audit_get_id (audit));
  g_autofree char *rev3 = g_strdup_printf ("\"id\":\"%s\",\"revision\":3,",
                                           assay_audit_get_id (audit));

  path = export_to (f->a, f->dir, "a.assay", assay_vault_get_identity (f->vault_b), NULL, NULL,
                    2);
  document = open_document (f->vault_b, path);

  /* A's document, signed by C while claiming to be A's. */
  by_c = forge (f, document, assay_vault_get_identity (f->vault_a), f->vault_c, "by-c.assay");
  assert_rejected (f->b, f->vault_b, by_c, NULL, ASSAY_BUNDLE_ERROR_DAMAGED);

  /* Signed by C as C, but the document says A wrote it. */
  claims_a = forge (f, document, assay_vault_get_identity (f->vault_c), f->vault_c,
                    "claims-a.assay");
  assert_rejected (f->b, f->vault_b, claims_a, NULL, ASSAY_BUNDLE_ERROR_DAMAGED);

  /* C may forward A's records under C's own name: the signature vouches for
   * the sender, the records keep their authors. */
  from_a = g_strdup_printf ("{\"author\":\"%s\"", assay_vault_get_identity (f->vault_a));
  from_c = g_strdup_printf ("{\"author\":\"%s\"", assay_vault_get_identity (f->vault_c));
  as_c = replace (document, from_a, from_c);
  forwarded = forge (f, as_c, assay_vault_get_identity (f->vault_c), f->vault_c, "as-c.assay");
  report = import_from (f->b, forwarded, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 2, 0, 0, 0);
  g_assert_cmpstr (report->author, ==, assay_vault_get_identity (f->vault_c));
  record = assay_store_load (f->b, "audits", assay_audit_get_id (audit), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->author, ==, assay_vault_get_identity (f->vault_a));

  /* Collections a bundle may not carry, payloads that are not objects and
   * gaps in a history are refused whole. */
  as_samples = replace (document, "\"collection\":\"audits\"", "\"collection\":\"samples\"");
  samples = forge (f, as_samples, assay_vault_get_identity (f->vault_a), f->vault_a,
                   "samples.assay");
  assert_rejected (f->b, f->vault_b, samples, NULL, ASSAY_BUNDLE_ERROR_DAMAGED);

  as_string = replace (document, "\"payload\":\"{", "\"payload\":\"[");
  not_object = forge (f, as_string, assay_vault_get_identity (f->vault_a), f->vault_a,
                      "not-object.assay");
  assert_rejected (f->b, f->vault_b, not_object, NULL, ASSAY_BUNDLE_ERROR_DAMAGED);

  with_gap = replace (document, rev2, rev3);
  gap = forge (f, with_gap, assay_vault_get_identity (f->vault_a), f->vault_a, "gap.assay");
  assert_rejected (f->b, f->vault_b, gap, NULL, ASSAY_BUNDLE_ERROR_DAMAGED);
  assert_no_damage (f->b);
}

static void
test_bundle_describe (void)
{
  g_autoptr(GBytes) audit =
    assay_test_bytes ("{\"case\": \"EHC-0042\", \"moderator\": \"Ann Patel\"}");
  g_autoptr(GBytes) anonymous = assay_test_bytes ("{\"case\": \"EHC-0042\", \"moderator\": \"\"}");
  g_autoptr(GBytes) plan = assay_test_bytes ("{\"case_ref\": \"EHC-0042\"}");
  g_autoptr(GBytes) agreement = assay_test_bytes ("{\"case\": \"EHC-0042\", \"grade\": \"gold\"}");
  g_autofree char *a = _assay_bundle_describe ("audits", audit);
  g_autofree char *b = _assay_bundle_describe ("audits", anonymous);
  g_autofree char *c = _assay_bundle_describe ("cases", plan);
  g_autofree char *d = _assay_bundle_describe ("agreements", agreement);

  g_assert_cmpstr (a, ==, "audit of EHC-0042 by Ann Patel");
  g_assert_cmpstr (b, ==, "audit of EHC-0042");
  g_assert_cmpstr (c, ==, "case EHC-0042");
  g_assert_cmpstr (d, ==, "agreed grade for EHC-0042");
}

/* A handle on the identity key held by a worker is emptied by a lock */
static void
test_bundle_box_key_revoked (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayBoxKey) key = NULL;
  const char *identity = assay_vault_get_identity (f->vault_b);
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  guint8 box_pk[crypto_box_PUBLICKEYBYTES];
  guint8 sealed[crypto_box_SEALBYTES + 5];
  guint8 opened[5];

  g_assert_cmpint (sodium_hex2bin (pk, sizeof pk, identity, 64, NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (crypto_sign_ed25519_pk_to_curve25519 (box_pk, pk), ==, 0);
  crypto_box_seal (sealed, (const guint8 *) "hello", 5, box_pk);

  key = assay_vault_get_box_key (f->vault_b, &error);
  g_assert_no_error (error);
  g_assert_true (assay_box_key_open (key, sealed, sizeof sealed, opened, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (opened, 5, "hello", 5);

  /* Someone else's: no, without an error */
  g_assert_false (assay_vault_open_box (f->vault_c, sealed, sizeof sealed, opened, &error));
  g_assert_no_error (error);

  assay_vault_lock (f->vault_b);
  g_assert_false (assay_box_key_open (key, sealed, sizeof sealed, opened, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_null (assay_vault_get_box_key (f->vault_b, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ASSAY_TEST_ADD ("/bundle/tampered", test_bundle_tampered);
  ASSAY_TEST_ADD ("/bundle/forged", test_bundle_forged);
  ASSAY_TEST_ADD ("/bundle/box-key-revoked", test_bundle_box_key_revoked);
  g_test_add_func ("/bundle/describe", test_bundle_describe);

  return g_test_run ();
}
