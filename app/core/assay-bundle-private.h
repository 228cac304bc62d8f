/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

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

/*
 * What the bundle's files share: assay-bundle-format.c reads and writes the
 * file, assay-bundle-document.c what it carries, assay-bundle-export.c and
 * assay-bundle-import.c the two directions, and assay-bundle-merge.c what an
 * import does to the store.
 */

/* The string or integer member @member of @object; NULL or FALSE when it is
 * missing or of another type. */
const char *_assay_bundle_get_string    (JsonObject                *object,
                                         const char                *member);
gboolean    _assay_bundle_get_int       (JsonObject                *object,
                                         const char                *member,
                                         gint64                    *value);
/* @text as a JSON object, or NULL when it is not valid UTF-8 holding one. */
JsonObject *_assay_bundle_parse_object  (const char                *text,
                                         gsize                      len);

/* What @builder built, as compact JSON. */
GBytes     *_assay_bundle_builder_to_bytes (JsonBuilder            *builder);

/* The case (or case_ref) a record is about, from its payload. */
char       *_assay_bundle_record_case_ref (const AssayRecord       *record);

/* The document of an export: the store's audits and agreements changed at
 * or after @since (all when NULL), every revision of each, and the cases
 * they are about. Counts them into @summary. */
GBytes     *_assay_bundle_build_document (AssayStore              *store,
                                          GDateTime               *since,
                                          AssayExportSummary      *summary,
                                          GCancellable            *cancellable,
                                          GError                 **error);

/* The framework versions the audits of @document use, of
 * AssayMissingFramework (each with its number of audits). */
GPtrArray  *_assay_bundle_document_collect_frameworks (AssayBundleDocument *document);

/* The conflict @other (a version just set aside) makes with what is held. */
AssayConflict *_assay_bundle_conflict_new (AssayStore          *store,
                                           const AssayRecord   *other,
                                           GError             **error);

struct _AssayOpenedBundle
{
  char                *name;
  AssayBundleDocument *doc;
  GPtrArray           *frameworks;   /* of AssayMissingFramework: each used by the audits */
};

G_END_DECLS
