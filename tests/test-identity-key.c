/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sodium.h>

#include "assay-identity-key.h"
#include "assay-secure.h"

/* The text of a public identity: what people copy between installations,
 * so case and surrounding space must not matter, and nothing else may pass. */

static void
test_identity_key_text (void)
{
  guint8 pk[ASSAY_IDENTITY_KEY_BYTES];
  guint8 sk[crypto_sign_SECRETKEYBYTES];
  guint8 decoded[ASSAY_IDENTITY_KEY_BYTES];
  g_autofree char *text = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *padded = NULL;
  g_autofree char *parsed = NULL;
  g_autofree char *parsed_padded = NULL;
  g_autofree char *zero = g_strnfill (ASSAY_IDENTITY_KEY_BYTES * 2, '0');

  crypto_sign_keypair (pk, sk);
  text = assay_identity_encode (pk);
  g_assert_cmpuint (strlen (text), ==, ASSAY_IDENTITY_KEY_BYTES * 2);

  upper = g_ascii_strup (text, -1);
  g_assert_true (assay_identity_decode (upper, decoded));
  g_assert_cmpmem (decoded, sizeof decoded, pk, sizeof pk);

  parsed = assay_identity_parse (upper);
  g_assert_cmpstr (parsed, ==, text);
  padded = g_strdup_printf ("  %s\n", upper);
  parsed_padded = assay_identity_parse (padded);
  g_assert_cmpstr (parsed_padded, ==, text);

  g_assert_false (assay_identity_decode (NULL, decoded));
  g_assert_false (assay_identity_decode ("ab", decoded));
  g_assert_false (assay_identity_decode (padded, decoded));
  upper[10] = 'g';
  g_assert_false (assay_identity_decode (upper, decoded));
  g_assert_null (assay_identity_parse (upper));
  g_assert_null (assay_identity_parse (NULL));
  /* Well-formed, but a point with no X25519 form: nobody can open a slot
   * sealed to it. */
  g_assert_null (assay_identity_parse (zero));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (!assay_secure_init ())
    g_error ("libsodium could not be initialised");

  g_test_add_func ("/identity-key/text", test_identity_key_text);

  return g_test_run ();
}
