/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-recovery-key"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "assay-vault.h"

/*
 * A recovery key is written down by hand and typed back months later, so it
 * uses Crockford's base 32 (no I, L, O or U to misread) and carries two check
 * bytes: a typing mistake is reported as such instead of as a wrong key.
 */

#define CHECK_BYTES 2
#define ENCODED_BYTES (ASSAY_RECOVERY_KEY_BYTES + CHECK_BYTES)
#define ENCODED_CHARS (ENCODED_BYTES * 8 / 5)
#define GROUP 4

G_STATIC_ASSERT ((ENCODED_BYTES * 8) % 5 == 0);

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void
compute_check (const guint8 *bytes,
               guint8        check[CHECK_BYTES])
{
  guint8 digest[crypto_generichash_BYTES_MIN];

  crypto_generichash (digest, sizeof digest,
                      bytes, ASSAY_RECOVERY_KEY_BYTES,
                      (const guint8 *) "assay-recovery-check", 20);
  memcpy (check, digest, CHECK_BYTES);
  sodium_memzero (digest, sizeof digest);
}

AssaySecureString *
assay_recovery_key_format (const guint8 *bytes)
{
  guint8 *buf = assay_secure_alloc (ENCODED_BYTES);
  char *out = assay_secure_alloc (ENCODED_CHARS + ENCODED_CHARS / GROUP);
  guint bit = 0;
  guint pos = 0;

  memcpy (buf, bytes, ASSAY_RECOVERY_KEY_BYTES);
  compute_check (bytes, buf + ASSAY_RECOVERY_KEY_BYTES);

  for (guint i = 0; i < ENCODED_CHARS; i++)
    {
      guint value = 0;

      for (guint b = 0; b < 5; b++, bit++)
        value = (value << 1) | ((buf[bit / 8] >> (7 - bit % 8)) & 1);

      if (i > 0 && i % GROUP == 0)
        out[pos++] = '-';
      out[pos++] = alphabet[value];
    }
  out[pos] = '\0';

  assay_secure_free (buf);

  return out;
}

static int
decode_char (char c)
{
  const char *p;

  c = g_ascii_toupper (c);
  if (c == 'O')
    c = '0';
  else if (c == 'I' || c == 'L')
    c = '1';

  p = strchr (alphabet, c);
  if (c == '\0' || p == NULL)
    return -1;

  return (int) (p - alphabet);
}

gboolean
assay_recovery_key_parse (const char  *text,
                          guint8      *bytes,
                          GError     **error)
{
  guint8 *buf;
  guint8 check[CHECK_BYTES];
  guint n_chars = 0;
  guint bit = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);

  buf = assay_secure_alloc (ENCODED_BYTES);
  memset (buf, 0, ENCODED_BYTES);

  for (const char *p = text; *p != '\0'; p++)
    {
      int value;

      if (*p == '-' || g_ascii_isspace (*p))
        continue;

      n_chars++;
      if (n_chars > ENCODED_CHARS)
        continue;

      value = decode_char (*p);
      if (value < 0)
        {
          g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_BAD_RECOVERY_KEY,
                       _("Character %u of the recovery key is not one that recovery keys use "
                         "(letters and digits only)"),
                       n_chars);
          goto out;
        }

      for (int b = 4; b >= 0; b--, bit++)
        if ((value >> b) & 1)
          buf[bit / 8] |= (guint8) (1 << (7 - bit % 8));
    }

  if (n_chars != ENCODED_CHARS)
    {
      g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_BAD_RECOVERY_KEY,
                   _("A recovery key has %u letters and digits, but %u were given"),
                   (guint) ENCODED_CHARS, n_chars);
      goto out;
    }

  compute_check (buf, check);
  if (sodium_memcmp (check, buf + ASSAY_RECOVERY_KEY_BYTES, CHECK_BYTES) != 0)
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_BAD_RECOVERY_KEY,
                           _("The recovery key has a typing mistake: "
                             "compare it with the one you wrote down"));
      goto out;
    }

  memcpy (bytes, buf, ASSAY_RECOVERY_KEY_BYTES);
  ok = TRUE;

out:
  sodium_memzero (check, sizeof check);
  assay_secure_free (buf);

  return ok;
}
