/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "synth-caseload"

#include "config.h"

#include <stdio.h>

#include "assay-synth.h"

/*
 * Writes a synthetic caseload export to standard output, to import into a
 * vault by hand: synth-caseload [N] [SEED] > caseload.csv (default 10000
 * plans, seed 1).
 */

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  guint32 seed = argc > 2 ? (guint32) g_ascii_strtoull (argv[2], NULL, 10) : 1;
  gsize len;
  g_autofree char *csv = assay_synth_caseload_csv (n, seed, &len);

  if (fwrite (csv, 1, len, stdout) != len || fflush (stdout) != 0)
    {
      g_printerr ("synth-caseload: could not write to standard output\n");
      return 1;
    }

  return 0;
}
