/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-audit.h"
#include "assay-caseload.h"
#include "assay-test-util.h"
#include "fuzz-bundle-keys.h"

/*
 * Writes the seed corpus of fuzz-bundle: real bundles from a real vault
 * (a caseload, a finished audit), addressed to the fuzz target's fixed
 * identity or to its partnership passphrase at the cheapest key derivation,
 * cut-off copies of them, and the signed document on its own.
 *
 *   _build/tests/fuzz/make-bundle-corpus tests/fuzz/corpus/bundle
 *
 * Run from the source root (it reads tests/fixtures).
 */

static void
write_file (const char   *dir,
            const char   *name,
            gconstpointer data,
            gsize         len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
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

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *bundle_path = NULL;
  g_autofree char *own_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *signer = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayFramework) tiny = NULL;
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) own = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GBytes) partnership = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *doc_text = NULL;
  g_autofree char *fuzz_doc = NULL;
  const char *recipients[2] = { NULL, NULL };
  const char *criteria[] = { "a1", "a2", "b1", "b2", "c1", "c2" };
  AssayExportOptions options = { recipients, NULL, NULL };
  AssayBundleOpener opener = { NULL, fuzz_bundle_open_slot, NULL, NULL, { 0, 0 } };
  AssayKdfParams fast;
  gsize len;
  gsize cuts[] = { 10, 19, 100, 0, 0 };

  if (argc != 2)
    {
      g_printerr ("Usage: %s CORPUS-DIR\n", argv[0]);
      return 1;
    }

  g_assert_true (assay_secure_init ());
  identity = fuzz_bundle_identity ();
  recipients[0] = identity;
  opener.identity = identity;

  tmp = assay_test_mkdtemp ();
  vault = assay_test_vault_new (tmp, NULL);
  store = assay_store_new (vault);

  assay_caseload_import (store, "tests/fixtures/caseload/utf8.csv", &result, &error);
  g_assert_no_error (error);
  tiny = assay_framework_new_from_file ("tests/fixtures/frameworks/tiny.json", &error);
  g_assert_no_error (error);
  audit = assay_audit_create (store, tiny, "EHC-1001", FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (criteria); i++)
    {
      assay_audit_set_grade (audit, criteria[i], ASSAY_GRADE_SILVER, "Seen in section F",
                             &error);
      g_assert_no_error (error);
    }
  assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error);
  g_assert_no_error (error);

  /* Addressed to the fuzz identity: it opens all the way. */
  bundle_path = g_build_filename (tmp, "real.assay", NULL);
  file = g_file_new_for_path (bundle_path);
  assay_bundle_export (store, file, &options, NULL, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (bundle_path, &contents, &len, &error);
  g_assert_no_error (error);
  write_file (argv[1], "real.assay", contents, len);

  cuts[3] = len / 2;
  cuts[4] = len - 1;
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autofree char *name = g_strdup_printf ("cut-%" G_GSIZE_FORMAT ".assay", cuts[i]);

      write_file (argv[1], name, contents, cuts[i]);
    }

  /* The document inside, resealed to the partnership passphrase only. */
  g_assert_true (_assay_bundle_open (g_bytes_new_static (contents, len), "real.assay", &opener,
                                     &signer, &document, &error));
  g_assert_no_error (error);
  assay_kdf_params_init_fast (&fast);
  partnership = _assay_bundle_seal (document, assay_vault_get_identity (vault), NULL,
                                    FUZZ_BUNDLE_PASSPHRASE, &fast, sign_with_vault, vault, &error);
  g_assert_no_error (error);
  write_file (argv[1], "partnership.assay", g_bytes_get_data (partnership, NULL),
              g_bytes_get_size (partnership));

  /* Addressed to its author only: the target finds no slot it can open. */
  own_path = g_build_filename (tmp, "own.assay", NULL);
  own = g_file_new_for_path (own_path);
  assay_bundle_export (store, own, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_file_get_contents (own_path, &contents, &len, &error);
  g_assert_no_error (error);
  write_file (argv[1], "not-for-us.assay", contents, len);

  /* The document, as if the fuzz identity had signed it. */
  doc_text = g_strndup (g_bytes_get_data (document, NULL), g_bytes_get_size (document));
  from = g_strdup_printf ("{\"author\":\"%s\"", signer);
  to = g_strdup_printf ("{\"author\":\"%s\"", identity);
  parts = g_strsplit (doc_text, from, 2);
  fuzz_doc = g_strjoinv (to, parts);
  write_file (argv[1], "document.json", fuzz_doc, strlen (fuzz_doc));

  write_file (argv[1], "newer-format", "ASSAY-BUNDLE 2\n", 15);
  write_file (argv[1], "empty", "", 0);

  g_clear_object (&store);
  g_clear_object (&vault);
  assay_test_rmdir (tmp);

  g_print ("wrote the bundle corpus to %s\n", argv[1]);

  return 0;
}
