/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * An installation's identity is an Ed25519 key pair. Its public half, as 64
 * lower-case hex digits, is what `assay-cli identity` prints, what a bundle
 * names as its author and recipients, and what records carry as their author.
 */

#define ASSAY_IDENTITY_KEY_BYTES 32

/* @public_key as 64 lower-case hex digits. */
char     *assay_identity_encode (const guint8  *public_key);
/* Exactly 64 hex digits, of either case, into @public_key. */
gboolean  assay_identity_decode (const char    *text,
                                 guint8        *public_key);
/* @text in canonical form, or NULL if it is not a public identity that can
 * receive a bundle (only points with an X25519 form can). Surrounding space
 * is forgiven. */
char     *assay_identity_parse  (const char    *text);

/*
 * The X25519 form of the identity key, for opening crypto_box_seal()
 * messages in a worker thread (a bundle's slot, say) without touching the
 * vault there. The vault wipes the key when it locks, even while a handle is
 * held: from then on assay_box_key_open() fails with
 * ASSAY_VAULT_ERROR_LOCKED. Handles are thread-safe; assay_vault_get_box_key()
 * gives one.
 */
typedef struct _AssayBoxKey AssayBoxKey;

AssayBoxKey *assay_box_key_ref   (AssayBoxKey   *key);
void         assay_box_key_unref (AssayBoxKey   *key);
/* As assay_vault_open_box(). */
gboolean     assay_box_key_open  (AssayBoxKey   *key,
                                  const guint8  *sealed,
                                  gsize          sealed_len,
                                  guint8        *plaintext,
                                  GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayBoxKey, assay_box_key_unref)

G_END_DECLS
