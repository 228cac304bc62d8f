/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-kdf"

#include "config.h"

#include <glib/gstdio.h>

#include "assay-test-util.h"
#include "assay-vault.h"

/*
 * Prints how long unlocking takes with the default Argon2id parameters and a
 * few alternatives, on this machine, through the real vault code. Used to
 * choose ASSAY's defaults (aim: about half a second on a two-core laptop).
 */

static double
time_unlock (const char           *dir,
             const AssayKdfParams *params,
             guint                 runs)
{
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssaySecureString) key = NULL;
  g_autoptr(GError) error = NULL;
  double best = G_MAXDOUBLE;

  g_unlink (path);
  database = assay_database_open (path, &error);
  g_assert_no_error (error);
  vault = assay_vault_new (database);
  assay_vault_create (vault, "benchmark passphrase", params, NULL, NULL, &key, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < runs; i++)
    {
      gint64 start;
      double seconds;

      assay_vault_lock (vault);
      start = g_get_monotonic_time ();
      /* Unlocking rewraps vaults weaker than the default, so only the
       * default and stronger settings are timed here. */
      assay_vault_unlock (vault, "benchmark passphrase", &error);
      g_assert_no_error (error);
      seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      best = MIN (best, seconds);
    }

  return best;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("assay-bench-XXXXXX", NULL);
  AssayKdfParams params;
  static const struct { guint64 ops; gsize mib; } choices[] = {
    { 5, 256 }, { 4, 384 }, { 4, 512 }, { 6, 512 },
  };

  assay_kdf_params_init_default (&params);
  g_print ("default: opslimit %" G_GUINT64_FORMAT ", memlimit %" G_GSIZE_FORMAT " MiB: "
           "unlock %.3f s (best of 3)\n",
           params.opslimit, params.memlimit >> 20, time_unlock (dir, &params, 3));

  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      params.opslimit = choices[i].ops;
      params.memlimit = choices[i].mib << 20;
      g_print ("opslimit %" G_GUINT64_FORMAT ", memlimit %" G_GSIZE_FORMAT " MiB: "
               "unlock %.3f s (best of 3)\n",
               params.opslimit, params.memlimit >> 20, time_unlock (dir, &params, 3));
    }

  assay_test_rmdir (dir);

  return 0;
}
