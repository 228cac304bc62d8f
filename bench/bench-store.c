/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-store"

#include "config.h"

#include <string.h>

#include "assay-store.h"
#include "assay-test-util.h"

/*
 * Prints the cost of the encrypted store: saving N records (each its own
 * durable transaction, as the GUI saves every grade), listing them, and a
 * full integrity check. Usage: bench-store [N] (default 2000).
 */

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("assay-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssaySecureString) key = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(AssayCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;
  AssayKdfParams params;
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 2000;
  gint64 start;
  double seconds;

  database = assay_database_open (path, &error);
  g_assert_no_error (error);
  vault = assay_vault_new (database);
  assay_kdf_params_init_fast (&params);
  assay_vault_create (vault, "benchmark passphrase", &params, NULL, NULL, &key, &error);
  g_assert_no_error (error);
  store = assay_store_new (vault);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"criterion\":\"F%u\",\"grade\":\"silver\","
                                               "\"evidence\":\"Provision is quantified: 3 x 30 "
                                               "minutes a week with a trained TA.\"}", i);
      g_autoptr(GBytes) payload = g_bytes_new (text, strlen (text));
      g_autoptr(AssayRecord) record = assay_store_save (store, "bench", NULL, payload, &error);

      g_assert_no_error (error);
    }
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_print ("save: %u records in %.3f s (%.2f ms each, each a durable commit)\n",
           n, seconds, seconds * 1000 / n);

  start = g_get_monotonic_time ();
  list = assay_store_list (store, "bench", &error);
  g_assert_no_error (error);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_print ("list: %u records decrypted in %.3f s\n", list->len, seconds);

  start = g_get_monotonic_time ();
  report = assay_store_check (store, &error);
  g_assert_no_error (error);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_print ("check: %u revisions verified in %.3f s, %u damaged\n",
           report->n_records, seconds, report->damaged->len);

  g_clear_object (&store);
  g_clear_object (&vault);
  g_clear_object (&database);
  assay_test_rmdir (dir);

  return 0;
}
