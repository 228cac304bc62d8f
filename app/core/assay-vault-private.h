/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sodium.h>

#include "assay-vault.h"

G_BEGIN_DECLS

/*
 * What the vault's files share: assay-vault-keys.c holds the key hierarchy
 * and the key record, assay-identity-key.c the identity key sealed under the
 * data key, assay-vault-job.c the slow work of creating and unlocking, and
 * assay-vault.c the object that holds the keys while unlocked.
 */

#define ASSAY_VAULT_FORMAT        1
#define ASSAY_VAULT_KEY_BYTES     crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define ASSAY_VAULT_NONCE_BYTES   crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define ASSAY_VAULT_TAG_BYTES     crypto_aead_xchacha20poly1305_ietf_ABYTES
#define ASSAY_VAULT_SALT_BYTES    crypto_pwhash_SALTBYTES
#define ASSAY_VAULT_WRAP_BYTES    (ASSAY_VAULT_NONCE_BYTES + ASSAY_VAULT_KEY_BYTES + \
                                   ASSAY_VAULT_TAG_BYTES)
#define ASSAY_VAULT_SIGN_SK_BYTES crypto_sign_SECRETKEYBYTES
#define ASSAY_VAULT_SIGN_PK_BYTES crypto_sign_PUBLICKEYBYTES

/* What is stored in the vault row. */
typedef struct
{
  AssayKdfParams kdf;
  guint8         kdf_salt[ASSAY_VAULT_SALT_BYTES];
  guint8         passphrase_wrap[ASSAY_VAULT_WRAP_BYTES];
  guint8         recovery_salt[ASSAY_VAULT_SALT_BYTES];
  guint8         recovery_wrap[ASSAY_VAULT_WRAP_BYTES];
  char          *identity_public;
  GBytes        *identity_sealed;
} AssayVaultRow;

void      _assay_vault_row_free               (AssayVaultRow         *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayVaultRow, _assay_vault_row_free)

/* The key hierarchy (assay-vault-keys.c) */

/* Associated data for a passphrase wrap: @label (with its NUL) says what is
 * wrapped, and the KDF parameters and salt are bound to it, so a record or
 * slot edited to a cheaper derivation fails to open instead of being
 * trusted. Returns its length; @label has fewer than 64 bytes. */
#define ASSAY_PASSPHRASE_AD_MAX (64 + 16 + ASSAY_VAULT_SALT_BYTES)
gsize     _assay_passphrase_ad                (guint8                *ad,
                                               const char            *label,
                                               guint64                opslimit,
                                               guint64                memlimit,
                                               const guint8          *salt);
gboolean  _assay_kdf_params_weaker           (const AssayKdfParams  *a,
                                               const AssayKdfParams  *b);
/* ASSAY_VAULT_ERROR_WEAK_PASSPHRASE unless @passphrase is long enough. */
gboolean  _assay_vault_check_passphrase       (const char            *passphrase,
                                               GError               **error);
/* Wraps @data_key under a fresh salt and @passphrase into @row. */
gboolean  _assay_vault_wrap_with_passphrase   (AssayVaultRow         *row,
                                               const guint8          *data_key,
                                               const char            *passphrase,
                                               const AssayKdfParams  *kdf,
                                               GError               **error);
/* Opens @row's passphrase wrap into @data_key. */
gboolean  _assay_vault_unwrap_with_passphrase (const AssayVaultRow   *row,
                                               const char            *passphrase,
                                               guint8                *data_key,
                                               GError               **error);
/* Wraps @data_key under a fresh salt and @recovery (the raw recovery key). */
void      _assay_vault_wrap_with_recovery     (AssayVaultRow         *row,
                                               const guint8          *data_key,
                                               const guint8          *recovery);
/* Opens @row's recovery wrap into @data_key; FALSE for another key. */
gboolean  _assay_vault_unwrap_with_recovery   (const AssayVaultRow   *row,
                                               const guint8          *recovery,
                                               guint8                *data_key);

gboolean  _assay_vault_read_row               (AssayDatabase         *database,
                                               AssayVaultRow        **out_row,
                                               GError               **error);
/* Writes @row (inserts it when @create) in one transaction with the
 * authenticated head, whose digests of @fields (a mask of
 * 1 << AssayHeadField) it brings in line; the head's key is derived from
 * @data_key. Fails, writing nothing, when the head does not authenticate
 * or the file is older than the one last seen here. */
gboolean  _assay_vault_save_row               (AssayDatabase         *database,
                                               const AssayVaultRow   *row,
                                               const guint8          *data_key,
                                               guint                  fields,
                                               gboolean               create,
                                               GError               **error);
#define ASSAY_VAULT_PASSPHRASE_FIELDS 3
/* Writes @row alone, leaving the head as it is (which `check` then reports):
 * for a passphrase reset with the recovery key on a vault whose head fails. */
gboolean  _assay_vault_update_row             (AssayDatabase         *database,
                                               const AssayVaultRow   *row,
                                               GError               **error);  /* the KDF and the passphrase wrap */

/* The identity key (assay-identity-key.c) */

/* A new key pair: @sign_sk (secure, ASSAY_VAULT_SIGN_SK_BYTES) and the
 * public identity it is known by. */
char     *_assay_identity_key_generate        (guint8                *sign_sk);
/* The secret key and the moderator's profile sealed under @data_key, bound
 * to @identity. */
GBytes   *_assay_identity_key_seal            (const guint8          *data_key,
                                               const char            *identity,
                                               const guint8          *sign_sk,
                                               const char            *name,
                                               const char            *agency);
/* Opens what _assay_identity_key_seal() sealed and checks that the key is
 * @identity's; hands over the secret key and the profile, in secure memory.
 * FALSE when it does not open or does not match. */
gboolean  _assay_identity_key_open            (GBytes                *sealed,
                                               const char            *identity,
                                               const guint8          *data_key,
                                               guint8               **sign_sk,
                                               char                 **name,
                                               char                 **agency);
AssayBoxKey *_assay_box_key_new               (const guint8          *sign_sk);
/* Wipes the key: holders of the handle find it locked. */
void      _assay_box_key_revoke               (AssayBoxKey           *key);

/* The vault (assay-vault.c) */

/* The authenticated head's key (secure memory), NULL while locked. */
const guint8 *_assay_vault_get_head_key       (AssayVault            *self);
/* The data key itself, for re-encrypting under a new one. */
const guint8 *_assay_vault_get_data_key       (AssayVault            *self);
/* assay_vault_open() with @key: for a reader in another thread that holds
 * its own copy of the data key (assay-audit-index.c). */
GBytes       *_assay_vault_open_with_key      (const guint8          *key,
                                               gconstpointer          sealed,
                                               gsize                  sealed_len,
                                               const guint8          *ad,
                                               gsize                  ad_len,
                                               GError               **error);

/* Opens the sealed identity with @data_key and, if it is sound, makes the
 * vault unlocked with it. Takes ownership of @data_key either way. */
gboolean  _assay_vault_install_keys           (AssayVault            *self,
                                               const AssayVaultRow   *row,
                                               guint8                *data_key,
                                               GError               **error);

G_END_DECLS
