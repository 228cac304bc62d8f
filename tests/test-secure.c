/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/resource.h>

#include "assay-secure.h"

/* A process that holds keys leaves no core file to find them in. */
static void
test_secure_no_core_dumps (void)
{
  struct rlimit limit;

  assay_secure_harden_process ();

  g_assert_cmpint (getrlimit (RLIMIT_CORE, &limit), ==, 0);
  g_assert_cmpuint (limit.rlim_cur, ==, 0);
  g_assert_cmpuint (limit.rlim_max, ==, 0);
  g_assert_true (assay_secure_process_is_hardened ());
}

/* Secrets compare in constant time and are wiped. */
static void
test_secure_strings (void)
{
  g_autoptr(AssaySecureString) secret = assay_secure_strdup ("correct horse");
  char buffer[8] = "passwd!";

  g_assert_true (assay_secure_str_equal (secret, "correct horse"));
  g_assert_false (assay_secure_str_equal (secret, "correct hors"));
  assay_secure_wipe (buffer, sizeof buffer);
  for (guint i = 0; i < sizeof buffer; i++)
    g_assert_cmpint (buffer[i], ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (assay_secure_init ());

  g_test_add_func ("/secure/strings", test_secure_strings);
  g_test_add_func ("/secure/no-core-dumps", test_secure_no_core_dumps);

  return g_test_run ();
}
