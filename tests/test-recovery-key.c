/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-vault.h"

static const guint8 sample[ASSAY_RECOVERY_KEY_BYTES] = {
  0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
  0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01, 0xfe,
};

static void
test_recovery_key_round_trip (void)
{
  g_autoptr(AssaySecureString) text = assay_recovery_key_format (sample);
  g_autoptr(GError) error = NULL;
  guint8 out[ASSAY_RECOVERY_KEY_BYTES];

  /* Eight groups of four, for writing down. */
  g_assert_cmpuint (strlen (text), ==, 8 * 4 + 7);
  for (guint i = 0; i < 8; i++)
    if (i > 0)
      g_assert_cmpint (text[i * 5 - 1], ==, '-');

  g_assert_true (assay_recovery_key_parse (text, out, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (out, sizeof out, sample, sizeof sample);
}

static void
test_recovery_key_forgiving (void)
{
  g_autoptr(AssaySecureString) text = assay_recovery_key_format (sample);
  g_autoptr(GString) typed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint8 out[ASSAY_RECOVERY_KEY_BYTES];

  /* Typed back in lower case, with spaces instead of dashes, and with the
   * letters people write for 0 and 1. */
  for (const char *p = text; *p; p++)
    {
      if (*p == '-')
        g_string_append (typed, "  ");
      else if (*p == '0')
        g_string_append_c (typed, 'o');
      else if (*p == '1')
        g_string_append_c (typed, 'l');
      else
        g_string_append_c (typed, g_ascii_tolower (*p));
    }

  g_assert_true (assay_recovery_key_parse (typed->str, out, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (out, sizeof out, sample, sizeof sample);
}

static void
test_recovery_key_typo_detected (void)
{
  g_autoptr(AssaySecureString) text = assay_recovery_key_format (sample);
  static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  /* Every single-character slip is caught by the check characters. */
  for (gsize i = 0; text[i]; i++)
    {
      g_autofree char *typo = NULL;
      const char *pos;
      g_autoptr(GError) error = NULL;
      guint8 out[ASSAY_RECOVERY_KEY_BYTES];

      if (text[i] == '-')
        continue;

      typo = g_strdup (text);
      pos = strchr (alphabet, typo[i]);
      typo[i] = alphabet[(pos - alphabet + 1) % 32];

      g_assert_false (assay_recovery_key_parse (typo, out, &error));
      g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_BAD_RECOVERY_KEY);
      g_assert_nonnull (strstr (error->message, "typing mistake"));
    }
}

static void
test_recovery_key_malformed (void)
{
  g_autoptr(GError) error = NULL;
  guint8 out[ASSAY_RECOVERY_KEY_BYTES];

  g_assert_false (assay_recovery_key_parse ("ABCD-EFGH", out, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_BAD_RECOVERY_KEY);
  g_assert_nonnull (strstr (error->message, "32"));
  g_clear_error (&error);

  g_assert_false (assay_recovery_key_parse ("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-678U", out, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_BAD_RECOVERY_KEY);
  /* The message names the position, never the key's characters. */
  g_assert_nonnull (strstr (error->message, "Character 32"));
  g_clear_error (&error);

  g_assert_false (assay_recovery_key_parse ("", out, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_BAD_RECOVERY_KEY);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recovery-key/round-trip", test_recovery_key_round_trip);
  g_test_add_func ("/recovery-key/forgiving", test_recovery_key_forgiving);
  g_test_add_func ("/recovery-key/typo-detected", test_recovery_key_typo_detected);
  g_test_add_func ("/recovery-key/malformed", test_recovery_key_malformed);

  return g_test_run ();
}
