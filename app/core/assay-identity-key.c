/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-identity-key"

#include "config.h"

#include <string.h>
#include <sodium.h>

#include "assay-identity-key.h"

G_STATIC_ASSERT (crypto_sign_PUBLICKEYBYTES == ASSAY_IDENTITY_KEY_BYTES);

char *
assay_identity_encode (const guint8 *public_key)
{
  char *text = g_malloc (ASSAY_IDENTITY_KEY_BYTES * 2 + 1);

  sodium_bin2hex (text, ASSAY_IDENTITY_KEY_BYTES * 2 + 1, public_key, ASSAY_IDENTITY_KEY_BYTES);

  return text;
}

gboolean
assay_identity_decode (const char *text,
                       guint8     *public_key)
{
  if (text == NULL || strlen (text) != ASSAY_IDENTITY_KEY_BYTES * 2)
    return FALSE;

  for (gsize i = 0; i < ASSAY_IDENTITY_KEY_BYTES; i++)
    {
      int hi = g_ascii_xdigit_value (text[2 * i]);
      int lo = g_ascii_xdigit_value (text[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      public_key[i] = (guint8) (hi << 4 | lo);
    }

  return TRUE;
}

char *
assay_identity_parse (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  guint8 pk[ASSAY_IDENTITY_KEY_BYTES];
  guint8 box_pk[crypto_box_PUBLICKEYBYTES];

  if (!assay_identity_decode (trimmed, pk) ||
      crypto_sign_ed25519_pk_to_curve25519 (box_pk, pk) != 0)
    return NULL;

  return assay_identity_encode (pk);
}
