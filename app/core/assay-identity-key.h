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

G_END_DECLS
