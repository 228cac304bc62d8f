/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "assay-identity-key.h"
#include "assay-record-private.h"

#define SIGNED_LABEL "assay/record/2"   /* with its NUL: 15 bytes */

G_STATIC_ASSERT (ASSAY_RECORD_SIGNATURE_BYTES == crypto_sign_BYTES);
G_STATIC_ASSERT (ASSAY_IDENTITY_KEY_BYTES == crypto_sign_PUBLICKEYBYTES);

static void
put_le32 (GByteArray *array,
          guint32     value)
{
  guint8 buf[4];

  for (guint i = 0; i < 4; i++)
    buf[i] = (guint8) (value >> (8 * i));
  g_byte_array_append (array, buf, sizeof buf);
}

static void
put_le64 (GByteArray *array,
          guint64     value)
{
  guint8 buf[8];

  for (guint i = 0; i < 8; i++)
    buf[i] = (guint8) (value >> (8 * i));
  g_byte_array_append (array, buf, sizeof buf);
}

static void
put_counted (GByteArray *array,
             const char *text)
{
  gsize len = strlen (text);

  put_le32 (array, (guint32) len);
  g_byte_array_append (array, (const guint8 *) text, len);
}

GBytes *
_assay_record_signed_message (const AssayRecord *record)
{
  GByteArray *message = g_byte_array_sized_new (256);
  guint8 zeros[ASSAY_RECORD_DIGEST_BYTES] = { 0 };
  guint8 key[ASSAY_IDENTITY_KEY_BYTES] = { 0 };
  guint8 content[crypto_generichash_BYTES];
  gconstpointer payload = NULL;
  gsize payload_len = 0;

  g_byte_array_append (message, (const guint8 *) SIGNED_LABEL, sizeof SIGNED_LABEL);
  put_counted (message, record->collection);
  put_counted (message, record->id);
  put_le64 (message, (guint64) record->revision);
  put_le64 (message, (guint64) record->base);
  if (record->base_digest != NULL &&
      g_bytes_get_size (record->base_digest) == ASSAY_RECORD_DIGEST_BYTES)
    g_byte_array_append (message, g_bytes_get_data (record->base_digest, NULL),
                         ASSAY_RECORD_DIGEST_BYTES);
  else
    g_byte_array_append (message, zeros, sizeof zeros);
  put_le64 (message, record->hlc);

  /* An author that is not a key signs nothing that verifies: all zeros. */
  if (record->author == NULL || !assay_identity_decode (record->author, key))
    memset (key, 0, sizeof key);
  g_byte_array_append (message, key, sizeof key);

  if (record->payload != NULL)
    payload = g_bytes_get_data (record->payload, &payload_len);
  crypto_generichash (content, sizeof content, payload, payload_len, NULL, 0);
  g_byte_array_append (message, content, sizeof content);

  return g_byte_array_free_to_bytes (message);
}

void
_assay_record_digest (const AssayRecord *record,
                      guint8             digest[ASSAY_RECORD_DIGEST_BYTES])
{
  g_autoptr(GBytes) message = _assay_record_signed_message (record);
  gsize len;
  const guint8 *data = g_bytes_get_data (message, &len);

  crypto_generichash (digest, ASSAY_RECORD_DIGEST_BYTES, data, len, NULL, 0);
}

gboolean
_assay_record_sign (AssayRecord  *record,
                    AssayVault   *vault,
                    GError      **error)
{
  g_autoptr(GBytes) message = NULL;
  guint8 signature[ASSAY_RECORD_SIGNATURE_BYTES];

  g_return_val_if_fail (g_strcmp0 (record->author, assay_vault_get_identity (vault)) == 0,
                        FALSE);

  message = _assay_record_signed_message (record);
  if (!assay_vault_sign (vault, message, signature, error))
    return FALSE;

  g_clear_pointer (&record->signature, g_bytes_unref);
  record->signature = g_bytes_new (signature, sizeof signature);

  return TRUE;
}

gboolean
_assay_record_verify (const AssayRecord  *record,
                      GError            **error)
{
  g_autoptr(GBytes) message = NULL;
  guint8 key[ASSAY_IDENTITY_KEY_BYTES];
  gsize len;
  const guint8 *data;

  if (record->signature == NULL)
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY,
                   _("Record %s/%s (revision %" G_GINT64_FORMAT ") is not signed by its author"),
                   record->collection, record->id, record->revision);
      return FALSE;
    }

  message = _assay_record_signed_message (record);
  data = g_bytes_get_data (message, &len);

  if (record->author == NULL || !assay_identity_decode (record->author, key) ||
      g_bytes_get_size (record->signature) != ASSAY_RECORD_SIGNATURE_BYTES ||
      crypto_sign_verify_detached (g_bytes_get_data (record->signature, NULL), data, len,
                                   key) != 0)
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY,
                   _("Record %s/%s (revision %" G_GINT64_FORMAT ") does not carry its "
                     "author’s signature: it was altered or written in someone else’s name"),
                   record->collection, record->id, record->revision);
      return FALSE;
    }

  return TRUE;
}
