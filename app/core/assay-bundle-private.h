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

/* "audit of EHC-0042 by Ann Patel": what a record is, for people. */
char     *_assay_bundle_describe        (const char                *collection,
                                         GBytes                    *payload);

/*
 * What the bundle's files share: assay-bundle-stream*.c read and write the
 * file (format 2), assay-bundle-document.c what records say, assay-bundle-
 * export.c and assay-bundle-import.c the two directions, assay-bundle-
 * merge.c what an import does to the store (and whom it trusts), and
 * assay-bundle-conflicts.c the conflicts it leaves.
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

/* The conflict @other (a version just set aside) makes with what is held. */
AssayConflict *_assay_bundle_conflict_new (AssayStore          *store,
                                           const AssayRecord   *other,
                                           GError             **error);

struct _AssayOpenedBundle
{
  char       *name;
  GFile      *file;
  guint8     *file_key;        /* secure memory: reads the file again without a slot */
  char       *sender;
  char       *sender_name;
  char       *sender_agency;
  char       *created;
  GHashTable *authors;         /* key -> "name\nagency", as the sender names them */
  GHashTable *draft_authors;   /* the authors of the unfinished audits it holds */
  guint64     size;            /* bytes, as read through when opened */
  guint8      hash[64];        /* of what the opening verified, for the merge to match */
};

typedef struct _AssayBundleReader AssayBundleReader;

/* The store's side of an import (assay-store-sync.c), for the merge. */

/* The newest revision held of a record and who wrote it, from the columns
 * beside the ciphertext, nothing opened; 0 and NULL when none is held. */
gboolean _assay_store_newest_held     (AssayStore          *self,
                                       const char          *collection,
                                       const char          *id,
                                       gint64              *revision,
                                       char               **author,
                                       GError             **error);
/* assay_store_import_revision() of a record whose signature the caller has
 * verified, with @held the newest revision held as _assay_store_newest_held()
 * gives it in the same transaction: with none held, nothing is read. */
gboolean _assay_store_import_verified (AssayStore          *self,
                                       const AssayRecord   *record,
                                       gint64               held,
                                       AssayStoreImport    *outcome,
                                       GError             **error);

/* A reader of @bundle's file from the start, with the key found on open. */
AssayBundleReader *_assay_opened_bundle_read (AssayOpenedBundle  *bundle,
                                              GCancellable       *cancellable,
                                              GError            **error);

G_END_DECLS
