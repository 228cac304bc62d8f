/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-identity-key"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "assay-identity-key.h"
#include "assay-vault-private.h"

#define NONCE_BYTES   ASSAY_VAULT_NONCE_BYTES
#define TAG_BYTES     ASSAY_VAULT_TAG_BYTES
#define SIGN_SK_BYTES ASSAY_VAULT_SIGN_SK_BYTES

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

/* The sealed identity */

static gsize
identity_ad (guint8     *ad,
             const char *identity)
{
  static const char label[] = "assay/vault/1/identity";
  gsize id_len = strlen (identity);

  memcpy (ad, label, sizeof label);
  memcpy (ad + sizeof label, identity, id_len);

  return sizeof label + id_len;
}

#define AD_MAX 256

char *
_assay_identity_key_generate (guint8 *sign_sk)
{
  guint8 pk[ASSAY_IDENTITY_KEY_BYTES];

  crypto_sign_keypair (pk, sign_sk);

  return assay_identity_encode (pk);
}

GBytes *
_assay_identity_key_seal (const guint8 *data_key,
                          const char   *identity,
                          const guint8 *sign_sk,
                          const char   *name,
                          const char   *agency)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *profile = NULL;
  guint8 *plain;
  guint8 *sealed;
  gsize profile_len, plain_len, sealed_len;
  guint8 ad[AD_MAX];
  gsize ad_len;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name != NULL ? name : "");
  json_builder_set_member_name (builder, "agency");
  json_builder_add_string_value (builder, agency != NULL ? agency : "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  profile = json_generator_to_data (generator, &profile_len);

  /* The secret key first, then the profile; kept in secure memory. */
  plain_len = SIGN_SK_BYTES + profile_len;
  plain = assay_secure_alloc (plain_len);
  memcpy (plain, sign_sk, SIGN_SK_BYTES);
  memcpy (plain + SIGN_SK_BYTES, profile, profile_len);

  sealed_len = NONCE_BYTES + plain_len + TAG_BYTES;
  sealed = g_malloc (sealed_len);
  randombytes_buf (sealed, NONCE_BYTES);
  ad_len = identity_ad (ad, identity);
  crypto_aead_xchacha20poly1305_ietf_encrypt (sealed + NONCE_BYTES, NULL,
                                              plain, plain_len,
                                              ad, ad_len, NULL, sealed, data_key);
  assay_secure_free (plain);

  return g_bytes_new_take (sealed, sealed_len);
}

gboolean
_assay_identity_key_open (GBytes        *sealed,
                          const char    *identity,
                          const guint8  *data_key,
                          guint8       **sign_sk,
                          char         **name,
                          char         **agency)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *pk_hex = NULL;
  guint8 *plain = NULL;
  guint8 *sk = NULL;
  guint8 pk[ASSAY_IDENTITY_KEY_BYTES];
  guint8 ad[AD_MAX];
  gsize ad_len, sealed_len, plain_len;
  const guint8 *data;
  JsonObject *profile;
  gboolean ok = FALSE;

  data = g_bytes_get_data (sealed, &sealed_len);
  plain_len = sealed_len - NONCE_BYTES - TAG_BYTES;
  plain = assay_secure_alloc (plain_len + 1);
  ad_len = identity_ad (ad, identity);

  if (crypto_aead_xchacha20poly1305_ietf_decrypt (plain, NULL, NULL,
                                                  data + NONCE_BYTES, sealed_len - NONCE_BYTES,
                                                  ad, ad_len, data, data_key) != 0)
    goto out;

  sk = assay_secure_alloc (SIGN_SK_BYTES);
  memcpy (sk, plain, SIGN_SK_BYTES);
  crypto_sign_ed25519_sk_to_pk (pk, sk);
  pk_hex = assay_identity_encode (pk);
  if (strcmp (pk_hex, identity) != 0)
    goto out;

  if (!json_parser_load_from_data (parser, (const char *) plain + SIGN_SK_BYTES,
                                   (gssize) (plain_len - SIGN_SK_BYTES), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto out;

  profile = json_node_get_object (json_parser_get_root (parser));
  *name = assay_secure_strdup (json_object_get_string_member_with_default (profile, "name", ""));
  *agency = assay_secure_strdup (json_object_get_string_member_with_default (profile, "agency",
                                                                             ""));
  *sign_sk = g_steal_pointer (&sk);
  ok = TRUE;

out:
  assay_secure_free (plain);
  assay_secure_free (sk);

  return ok;
}

/* The box key */

struct _AssayBoxKey
{
  gatomicrefcount  ref_count;
  /* Held while the key is used or wiped, so a lock on the main thread
   * never frees it under a worker that is opening a slot. */
  GMutex           mutex;
  guint8          *sk;                              /* secure; NULL once revoked */
  guint8           pk[crypto_box_PUBLICKEYBYTES];
};

AssayBoxKey *
_assay_box_key_new (const guint8 *sign_sk)
{
  AssayBoxKey *key = g_new0 (AssayBoxKey, 1);

  g_atomic_ref_count_init (&key->ref_count);
  g_mutex_init (&key->mutex);
  key->sk = assay_secure_alloc (crypto_box_SECRETKEYBYTES);

  /* The Ed25519 secret key holds its public half in its last 32 bytes. */
  if (crypto_sign_ed25519_pk_to_curve25519 (key->pk, sign_sk + 32) != 0 ||
      crypto_sign_ed25519_sk_to_curve25519 (key->sk, sign_sk) != 0)
    g_clear_pointer (&key->sk, assay_secure_free);

  return key;
}

void
_assay_box_key_revoke (AssayBoxKey *key)
{
  g_mutex_lock (&key->mutex);
  g_clear_pointer (&key->sk, assay_secure_free);
  g_mutex_unlock (&key->mutex);
}

AssayBoxKey *
assay_box_key_ref (AssayBoxKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  g_atomic_ref_count_inc (&key->ref_count);

  return key;
}

void
assay_box_key_unref (AssayBoxKey *key)
{
  g_return_if_fail (key != NULL);

  if (!g_atomic_ref_count_dec (&key->ref_count))
    return;

  _assay_box_key_revoke (key);
  g_mutex_clear (&key->mutex);
  g_free (key);
}

gboolean
assay_box_key_open (AssayBoxKey   *key,
                    const guint8  *sealed,
                    gsize          sealed_len,
                    guint8        *plaintext,
                    GError       **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (key != NULL, FALSE);

  g_mutex_lock (&key->mutex);

  if (key->sk == NULL)
    g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED,
                         _("The vault is locked"));
  else if (sealed != NULL && sealed_len >= crypto_box_SEALBYTES)
    ok = crypto_box_seal_open (plaintext, sealed, sealed_len, key->pk, key->sk) == 0;

  g_mutex_unlock (&key->mutex);

  return ok;
}
