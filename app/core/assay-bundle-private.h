/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-bundle.h"

G_BEGIN_DECLS

/*
 * The bundle file format without a store, for the fuzz target and the tests
 * (which must be able to build a bundle the exporter never would, such as one
 * signed by someone other than its claimed author).
 */

#define ASSAY_BUNDLE_KEY_BYTES 32

/* Opens one recipient slot (a crypto_box_seal() of the file key). FALSE
 * without an error when the slot is not ours; with one when nothing can be
 * tried (a locked vault). */
typedef gboolean (*AssayBundleSlotFunc) (const guint8  *sealed,
                                         gsize          sealed_len,
                                         guint8        *file_key,
                                         gpointer       user_data,
                                         GError       **error);

typedef gboolean (*AssayBundleSignFunc) (GBytes        *message,
                                         guint8         signature[64],
                                         gpointer       user_data,
                                         GError       **error);

typedef struct
{
  const char          *identity;     /* who is opening it, for messages */
  AssayBundleSlotFunc  open_slot;
  gpointer             user_data;
  const char          *passphrase;   /* or NULL */
  AssayKdfParams       max_kdf;      /* the most a passphrase slot may ask for */
} AssayBundleOpener;

/* Seals @document: the whole file, in memory. @recipients are validated
 * identities (64 hex digits), the author's among them. */
GBytes   *_assay_bundle_seal            (GBytes                    *document,
                                         const char                *author,
                                         const char * const        *recipients,
                                         const char                *passphrase,
                                         const AssayKdfParams      *kdf,
                                         AssayBundleSignFunc        sign,
                                         gpointer                   sign_data,
                                         GError                   **error);

/* Checks the file's framing, opens a slot, decrypts the contents and checks
 * the signature; hands over the signer's identity and the signed document.
 * Errors start with @name. */
gboolean  _assay_bundle_open            (GBytes                    *contents,
                                         const char                *name,
                                         const AssayBundleOpener   *opener,
                                         char                     **signer,
                                         GBytes                   **document,
                                         GError                   **error);

typedef struct
{
  char      *author;
  char      *author_name;
  char      *author_agency;
  char      *created;
  GPtrArray *records;   /* of AssayRecord, by collection, id and revision */
} AssayBundleDocument;

void      _assay_bundle_document_free   (AssayBundleDocument       *document);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayBundleDocument, _assay_bundle_document_free)

/* Reads and checks the signed document: its author must be @signer, every
 * record in an accepted collection with a JSON object payload, and each
 * record's revisions complete from 1. */
AssayBundleDocument *_assay_bundle_parse_document (GBytes      *document,
                                                   const char  *name,
                                                   const char  *signer,
                                                   GError     **error);

/* "audit of EHC-0042 by Ann Patel": what a record is, for people. */
char     *_assay_bundle_describe        (const char                *collection,
                                         GBytes                    *payload);

G_END_DECLS
