/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "assay-contacts.h"
#include "assay-vault.h"

G_BEGIN_DECLS

/*
 * The identity file: what a moderator sends colleagues so that they can add
 * them as a contact. JSON with the public key, name, agency and fingerprint,
 * signed by the key itself so that the name cannot be changed on the way
 * (docs/bundle-format.md has its format). It proves who holds the key only as
 * far as the fingerprint is compared with its owner.
 */

#define ASSAY_IDENTITY_FILE_ERROR (assay_identity_file_error_quark ())

typedef enum
{
  ASSAY_IDENTITY_FILE_ERROR_READ,         /* cannot be read or written */
  ASSAY_IDENTITY_FILE_ERROR_INVALID,      /* not an identity file, or altered */
  ASSAY_IDENTITY_FILE_ERROR_UNSUPPORTED,  /* another version of the format */
  ASSAY_IDENTITY_FILE_ERROR_NO_NAME,      /* the vault has no name to export */
} AssayIdentityFileError;

GQuark assay_identity_file_error_quark (void);

#define ASSAY_IDENTITY_FILE_VERSION 1
#define ASSAY_IDENTITY_FILE_MAX_SIZE (64 * 1024)

/* This installation's identity file; the vault must be unlocked. */
GBytes       *assay_identity_file_build (AssayVault   *vault,
                                         GError      **error);
gboolean      assay_identity_file_write (AssayVault   *vault,
                                         const char   *path,
                                         GError      **error);

/* The key, name and agency of a verified identity file, as an unverified
 * moderator not yet stored. @filename only names the file in errors. */
AssayContact *assay_identity_file_parse (GBytes       *data,
                                         const char   *filename,
                                         GError      **error);
AssayContact *assay_identity_file_read  (const char   *path,
                                         GError      **error);

G_END_DECLS
