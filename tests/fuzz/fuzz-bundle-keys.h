/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sodium.h>

#include "assay-bundle-private.h"

G_BEGIN_DECLS

/*
 * The fixed identity the bundle fuzz target opens bundles with, and the
 * partnership passphrase it tries. make-bundle-corpus addresses its seeds to
 * both, so that mutations start from files the target can decrypt.
 */
#define FUZZ_BUNDLE_PASSPHRASE "fuzz partnership passphrase"

static inline void
fuzz_bundle_keypair (guint8 pk[crypto_sign_PUBLICKEYBYTES],
                     guint8 sk[crypto_sign_SECRETKEYBYTES])
{
  static const guint8 seed[crypto_sign_SEEDBYTES] = "assay fuzz-bundle identity seed";

  crypto_sign_seed_keypair (pk, sk, seed);
}

static inline char *
fuzz_bundle_identity (void)
{
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  guint8 sk[crypto_sign_SECRETKEYBYTES];
  char *hex = g_malloc (2 * sizeof pk + 1);

  fuzz_bundle_keypair (pk, sk);
  sodium_bin2hex (hex, 2 * sizeof pk + 1, pk, sizeof pk);
  sodium_memzero (sk, sizeof sk);

  return hex;
}

/* Opens a recipient slot with the fixed identity's X25519 form. */
static inline gboolean
fuzz_bundle_open_slot (const guint8  *sealed,
                       gsize          sealed_len,
                       guint8        *file_key,
                       gpointer       user_data,
                       GError       **error)
{
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  guint8 sk[crypto_sign_SECRETKEYBYTES];
  guint8 box_pk[crypto_box_PUBLICKEYBYTES];
  guint8 box_sk[crypto_box_SECRETKEYBYTES];
  gboolean ok;

  fuzz_bundle_keypair (pk, sk);
  ok = crypto_sign_ed25519_pk_to_curve25519 (box_pk, pk) == 0 &&
       crypto_sign_ed25519_sk_to_curve25519 (box_sk, sk) == 0 &&
       crypto_box_seal_open (file_key, sealed, sealed_len, box_pk, box_sk) == 0;
  sodium_memzero (sk, sizeof sk);
  sodium_memzero (box_sk, sizeof box_sk);

  return ok;
}

G_END_DECLS
