/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "assay-database.h"
#include "assay-identity-key.h"
#include "assay-secure.h"

G_BEGIN_DECLS

#define ASSAY_VAULT_ERROR (assay_vault_error_quark ())

typedef enum
{
  ASSAY_VAULT_ERROR_NOT_FOUND,          /* no vault in this database yet */
  ASSAY_VAULT_ERROR_EXISTS,             /* init on a database that has one */
  ASSAY_VAULT_ERROR_LOCKED,             /* an operation needs the keys */
  ASSAY_VAULT_ERROR_WRONG_PASSPHRASE,
  ASSAY_VAULT_ERROR_WRONG_RECOVERY_KEY,
  ASSAY_VAULT_ERROR_BAD_RECOVERY_KEY,   /* mistyped: fails its check characters */
  ASSAY_VAULT_ERROR_WEAK_PASSPHRASE,    /* empty or shorter than the minimum */
  ASSAY_VAULT_ERROR_DAMAGED,            /* the key records were altered */
  ASSAY_VAULT_ERROR_NO_MEMORY,          /* Argon2id could not get its memory */
} AssayVaultError;

GQuark assay_vault_error_quark (void);

/* Shortest passphrase the vault accepts; the GUI also shows a strength hint. */
#define ASSAY_VAULT_MIN_PASSPHRASE 8

/*
 * Argon2id cost. Stored beside the salt, so a vault created with one set of
 * parameters keeps opening after the defaults are raised, and is rewrapped
 * with the new defaults the next time it is unlocked.
 */
typedef struct
{
  guint64 opslimit;
  gsize   memlimit;
} AssayKdfParams;

void assay_kdf_params_init_default (AssayKdfParams *params);
void assay_kdf_params_init_fast    (AssayKdfParams *params);

#define ASSAY_TYPE_VAULT (assay_vault_get_type ())

G_DECLARE_FINAL_TYPE (AssayVault, assay_vault, ASSAY, VAULT, GObject)

AssayVault    *assay_vault_new                (AssayDatabase         *database);
AssayDatabase *assay_vault_get_database       (AssayVault            *self);
gboolean       assay_vault_exists             (AssayVault            *self);
/* TRUE when the key record is there and well formed; otherwise
 * ASSAY_VAULT_ERROR_NOT_FOUND for a file that never held a vault, or
 * ASSAY_VAULT_ERROR_DAMAGED for one whose key record was lost or altered. */
gboolean       assay_vault_probe              (AssayVault            *self,
                                               GError               **error);
gboolean       assay_vault_get_locked         (AssayVault            *self);
void           assay_vault_get_kdf_params     (AssayVault            *self,
                                               AssayKdfParams        *params);
/* Whether the vault holds a recovery wrap (a recovery key can open it). */
gboolean       assay_vault_has_recovery_key   (AssayVault            *self);

/* Creating a vault leaves it unlocked and returns the recovery key, in secure
 * memory, formatted for a person to write down. It is never stored. */
gboolean       assay_vault_create             (AssayVault            *self,
                                               const char            *passphrase,
                                               const AssayKdfParams  *params,
                                               const char            *name,
                                               const char            *agency,
                                               AssaySecureString    **recovery_key,
                                               GError               **error);
void           assay_vault_create_async       (AssayVault            *self,
                                               const char            *passphrase,
                                               const AssayKdfParams  *params,
                                               const char            *name,
                                               const char            *agency,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
gboolean       assay_vault_create_finish      (AssayVault            *self,
                                               GAsyncResult          *result,
                                               AssaySecureString    **recovery_key,
                                               GError               **error);

gboolean       assay_vault_unlock             (AssayVault            *self,
                                               const char            *passphrase,
                                               GError               **error);
void           assay_vault_unlock_async       (AssayVault            *self,
                                               const char            *passphrase,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
gboolean       assay_vault_unlock_finish      (AssayVault            *self,
                                               GAsyncResult          *result,
                                               GError               **error);
void           assay_vault_lock               (AssayVault            *self);

/* Rewraps the data key; no record is re-encrypted. Needs the vault unlocked. */
gboolean       assay_vault_change_passphrase  (AssayVault            *self,
                                               const char            *new_passphrase,
                                               GError               **error);
/* Unlocks with the recovery key and sets a new passphrase in one step. */
gboolean       assay_vault_recover            (AssayVault            *self,
                                               const char            *recovery_key,
                                               const char            *new_passphrase,
                                               GError               **error);
void           assay_vault_recover_async      (AssayVault            *self,
                                               const char            *recovery_key,
                                               const char            *new_passphrase,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
gboolean       assay_vault_recover_finish     (AssayVault            *self,
                                               GAsyncResult          *result,
                                               GError               **error);

/* This installation's Ed25519 public key, as 64 hex digits. Readable while
 * locked: it is not a secret. */
const char    *assay_vault_get_identity       (AssayVault            *self);
/* The moderator's name and agency are sealed: they need the vault unlocked. */
const char    *assay_vault_get_name           (AssayVault            *self);
const char    *assay_vault_get_agency         (AssayVault            *self);
gboolean       assay_vault_set_profile        (AssayVault            *self,
                                               const char            *name,
                                               const char            *agency,
                                               GError               **error);

/* Authenticated encryption under the data key (XChaCha20-Poly1305). The
 * output is nonce || ciphertext. */
GBytes        *assay_vault_seal               (AssayVault            *self,
                                               GBytes                *plaintext,
                                               const guint8          *ad,
                                               gsize                  ad_len,
                                               GError               **error);
GBytes        *assay_vault_open               (AssayVault            *self,
                                               gconstpointer          sealed,
                                               gsize                  sealed_len,
                                               const guint8          *ad,
                                               gsize                  ad_len,
                                               GError               **error);
/* Ed25519 detached signature with the installation's identity key. */
gboolean       assay_vault_sign               (AssayVault            *self,
                                               GBytes                *message,
                                               guint8                 signature[64],
                                               GError               **error);
/* Opens a crypto_box_seal() message addressed to this installation: the
 * identity's X25519 form, converted inside the vault so that the secret key
 * never leaves it. Writes @sealed_len - 48 bytes to @plaintext; FALSE (and no
 * error) when the message is not for this installation. */
gboolean       assay_vault_open_box           (AssayVault            *self,
                                               const guint8          *sealed,
                                               gsize                  sealed_len,
                                               guint8                *plaintext,
                                               GError               **error);

/* The X25519 form of the identity key (see assay-identity-key.h): a new
 * reference; LOCKED when the vault is locked. Call on the thread that owns
 * the vault. */
AssayBoxKey   *assay_vault_get_box_key        (AssayVault            *self,
                                               GError               **error);

/* Recovery keys: 32 Crockford base-32 characters in eight groups of four.
 * Parsing forgives case, spaces, dashes and the letters people confuse
 * with digits (O, I, L). */
AssaySecureString *assay_recovery_key_format  (const guint8          *bytes);
gboolean           assay_recovery_key_parse   (const char            *text,
                                               guint8                *bytes,
                                               GError               **error);
/* 144 random bits; two more bytes are a check that catches typing mistakes. */
#define ASSAY_RECOVERY_KEY_BYTES 18

G_END_DECLS
