/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-store.h"
#include "assay-vault.h"

G_BEGIN_DECLS

/*
 * Record signatures: every revision is signed by its author, over what
 * identifies it (collection, id, revision), the revision it replaced and
 * that revision's digest, its clock stamp, the author's key and a hash of
 * its content. Whoever forwards a record, the signature says who wrote it,
 * and the base digest chains revisions, so two edits of the same base are
 * told from one edit that follows another. docs/bundle-format.md gives the
 * byte layout.
 */

#define ASSAY_RECORD_DIGEST_BYTES    32
#define ASSAY_RECORD_SIGNATURE_BYTES 64

/* The bytes the author signs. */
GBytes   *_assay_record_signed_message (const AssayRecord  *record);
/* BLAKE2b-256 of the signed message: what the next revision names as its
 * base. Defined for unsigned records too. */
void      _assay_record_digest         (const AssayRecord  *record,
                                        guint8              digest[ASSAY_RECORD_DIGEST_BYTES]);
/* Fills @record's signature with the vault's identity key; @record's author
 * must be the vault's identity. */
gboolean  _assay_record_sign           (AssayRecord        *record,
                                        AssayVault         *vault,
                                        GError            **error);
/* Checks @record's signature against its author's key: a record without a
 * signature, or with one that does not verify, fails with
 * ASSAY_STORE_ERROR_INTEGRITY naming the record. */
gboolean  _assay_record_verify         (const AssayRecord  *record,
                                        GError            **error);

G_END_DECLS
