/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-vault"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-head-private.h"
#include "assay-vault-private.h"

/*
 * Key hierarchy
 *
 *   data key (32 random bytes)  -- seals every record and the identity
 *     wrapped by  Argon2id(passphrase, salt, opslimit, memlimit)
 *     wrapped by  BLAKE2b(recovery key, recovery salt)
 *
 * The recovery key carries 144 random bits, so a fast hash is enough to turn
 * it into a wrapping key; only the passphrase, which a person chose, needs
 * the memory-hard function. Each wrap is XChaCha20-Poly1305 with associated
 * data naming what it is and, for the passphrase, the KDF parameters, so a
 * row edited to weaker parameters fails to open instead of being trusted.
 */

#define KEY_BYTES   ASSAY_VAULT_KEY_BYTES
#define NONCE_BYTES ASSAY_VAULT_NONCE_BYTES
#define SALT_BYTES  ASSAY_VAULT_SALT_BYTES
#define WRAP_BYTES  ASSAY_VAULT_WRAP_BYTES

G_STATIC_ASSERT (SALT_BYTES == 16);

void
_assay_vault_row_free (AssayVaultRow *row)
{
  g_clear_pointer (&row->identity_public, g_free);
  g_clear_pointer (&row->identity_sealed, g_bytes_unref);
  g_free (row);
}

void
assay_kdf_params_init_default (AssayKdfParams *params)
{
  /* 4 passes over 256 MiB: about half a second (0.53 s) on the two-core
   * reference machine; bench/bench-kdf prints the figures for other choices.
   * libsodium's MODERATE preset (3 passes) took 0.42 s there. */
  params->opslimit = crypto_pwhash_OPSLIMIT_MODERATE + 1;
  params->memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
}

void
assay_kdf_params_init_fast (AssayKdfParams *params)
{
  /* The library minimum: for tests and benchmarks of everything but the KDF. */
  params->opslimit = crypto_pwhash_OPSLIMIT_MIN;
  params->memlimit = crypto_pwhash_MEMLIMIT_MIN;
}

gboolean
_assay_kdf_params_weaker (const AssayKdfParams *a,
                          const AssayKdfParams *b)
{
  return a->opslimit < b->opslimit || a->memlimit < b->memlimit;
}

static void
put_le64 (guint8  *out,
          guint64  value)
{
  for (guint i = 0; i < 8; i++)
    out[i] = (guint8) (value >> (8 * i));
}

gsize
_assay_passphrase_ad (guint8       *ad,
                      const char   *label,
                      guint64       opslimit,
                      guint64       memlimit,
                      const guint8 *salt)
{
  gsize len = strlen (label) + 1;

  g_assert (len <= 64);

  memcpy (ad, label, len);
  put_le64 (ad + len, opslimit);
  put_le64 (ad + len + 8, memlimit);
  memcpy (ad + len + 16, salt, SALT_BYTES);

  return len + 16 + SALT_BYTES;
}

static gsize
passphrase_ad (guint8               *ad,
               const AssayKdfParams *kdf,
               const guint8         *salt)
{
  return _assay_passphrase_ad (ad, "assay/vault/1/passphrase", kdf->opslimit, kdf->memlimit,
                               salt);
}

static gsize
recovery_ad (guint8       *ad,
             const guint8 *salt)
{
  static const char label[] = "assay/vault/1/recovery";

  memcpy (ad, label, sizeof label);
  memcpy (ad + sizeof label, salt, SALT_BYTES);

  return sizeof label + SALT_BYTES;
}
#define AD_MAX 256

static void
wrap_key (guint8       *out,
          const guint8 *key,
          const guint8 *wrapping_key,
          const guint8 *ad,
          gsize         ad_len)
{
  randombytes_buf (out, NONCE_BYTES);
  crypto_aead_xchacha20poly1305_ietf_encrypt (out + NONCE_BYTES, NULL,
                                              key, KEY_BYTES,
                                              ad, ad_len,
                                              NULL, out, wrapping_key);
}

static gboolean
unwrap_key (guint8       *key,
            const guint8 *wrapped,
            const guint8 *wrapping_key,
            const guint8 *ad,
            gsize         ad_len)
{
  return crypto_aead_xchacha20poly1305_ietf_decrypt (key, NULL, NULL,
                                                     wrapped + NONCE_BYTES,
                                                     WRAP_BYTES - NONCE_BYTES,
                                                     ad, ad_len,
                                                     wrapped, wrapping_key) == 0;
}

gboolean
_assay_vault_check_passphrase (const char  *passphrase,
                               GError     **error)
{
  if (passphrase == NULL || g_utf8_strlen (passphrase, -1) < ASSAY_VAULT_MIN_PASSPHRASE)
    {
      g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WEAK_PASSPHRASE,
                   _("A passphrase needs at least %d characters"),
                   ASSAY_VAULT_MIN_PASSPHRASE);
      return FALSE;
    }

  return TRUE;
}

static gboolean
derive_passphrase_key (guint8               *key,
                       const char           *passphrase,
                       const guint8         *salt,
                       const AssayKdfParams *kdf,
                       GError              **error)
{
  if (crypto_pwhash (key, KEY_BYTES, passphrase, strlen (passphrase), salt,
                     kdf->opslimit, kdf->memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_NO_MEMORY,
                   _("Not enough memory to derive the key from the passphrase "
                     "(it needs %" G_GSIZE_FORMAT " MiB)"),
                   kdf->memlimit / (1024 * 1024));
      return FALSE;
    }

  return TRUE;
}

static void
derive_recovery_key (guint8       *key,
                     const guint8 *recovery,
                     const guint8 *salt)
{
  static const char label[] = "assay/vault/1/recovery-wrap";
  crypto_generichash_state state;

  crypto_generichash_init (&state, recovery, ASSAY_RECOVERY_KEY_BYTES, KEY_BYTES);
  crypto_generichash_update (&state, (const guint8 *) label, sizeof label);
  crypto_generichash_update (&state, salt, SALT_BYTES);
  crypto_generichash_final (&state, key, KEY_BYTES);
  sodium_memzero (&state, sizeof state);
}

gboolean
_assay_vault_wrap_with_passphrase (AssayVaultRow        *row,
                                   const guint8         *data_key,
                                   const char           *passphrase,
                                   const AssayKdfParams *kdf,
                                   GError              **error)
{
  guint8 *pass_key = assay_secure_alloc (KEY_BYTES);
  guint8 ad[AD_MAX];
  gsize ad_len;
  gboolean ok = FALSE;

  row->kdf = *kdf;
  randombytes_buf (row->kdf_salt, SALT_BYTES);

  if (derive_passphrase_key (pass_key, passphrase, row->kdf_salt, kdf, error))
    {
      ad_len = passphrase_ad (ad, kdf, row->kdf_salt);
      wrap_key (row->passphrase_wrap, data_key, pass_key, ad, ad_len);
      ok = TRUE;
    }

  assay_secure_free (pass_key);

  return ok;
}

gboolean
_assay_vault_unwrap_with_passphrase (const AssayVaultRow  *row,
                                     const char           *passphrase,
                                     guint8               *data_key,
                                     GError              **error)
{
  guint8 *pass_key = assay_secure_alloc (KEY_BYTES);
  guint8 ad[AD_MAX];
  gsize ad_len;
  gboolean ok = FALSE;

  if (derive_passphrase_key (pass_key, passphrase, row->kdf_salt, &row->kdf, error))
    {
      ad_len = passphrase_ad (ad, &row->kdf, row->kdf_salt);
      if (unwrap_key (data_key, row->passphrase_wrap, pass_key, ad, ad_len))
        ok = TRUE;
      else
        g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_PASSPHRASE,
                             _("The passphrase is not correct"));
    }

  assay_secure_free (pass_key);

  return ok;
}

void
_assay_vault_wrap_with_recovery (AssayVaultRow *row,
                                 const guint8  *data_key,
                                 const guint8  *recovery)
{
  guint8 *recovery_key = assay_secure_alloc (KEY_BYTES);
  guint8 ad[AD_MAX];
  gsize ad_len;

  randombytes_buf (row->recovery_salt, SALT_BYTES);
  derive_recovery_key (recovery_key, recovery, row->recovery_salt);
  ad_len = recovery_ad (ad, row->recovery_salt);
  wrap_key (row->recovery_wrap, data_key, recovery_key, ad, ad_len);
  assay_secure_free (recovery_key);
}

gboolean
_assay_vault_unwrap_with_recovery (const AssayVaultRow *row,
                                   const guint8        *recovery,
                                   guint8              *data_key)
{
  guint8 *recovery_key = assay_secure_alloc (KEY_BYTES);
  guint8 ad[AD_MAX];
  gsize ad_len;
  gboolean ok;

  derive_recovery_key (recovery_key, recovery, row->recovery_salt);
  ad_len = recovery_ad (ad, row->recovery_salt);
  ok = unwrap_key (data_key, row->recovery_wrap, recovery_key, ad, ad_len);
  assay_secure_free (recovery_key);

  return ok;
}

/* The key record */

/* No key record: a file that never had one, or one whose key record was
 * lost to damage or removed, which is not the same answer. */
static void
report_missing_row (AssayDatabase  *database,
                    GError        **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autofree char *problem = NULL;
  gboolean held = FALSE;

  if (!assay_database_quick_check (database, &problem, NULL))
    problem = g_strdup (_("it cannot be read"));

  stmt = assay_database_prepare (database,
                                 "SELECT EXISTS (SELECT 1 FROM records) "
                                 "OR EXISTS (SELECT 1 FROM head)",
                                 NULL);
  if (stmt != NULL && assay_statement_step (stmt, NULL))
    held = assay_statement_get_int64 (stmt, 0) != 0;

  if (problem != NULL)
    g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_DAMAGED,
                 _("The vault's key record in %s cannot be read: the file is damaged (%s)"),
                 assay_database_get_path (database), problem);
  else if (held)
    g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_DAMAGED,
                 _("The vault's key record in %s was removed: the file holds records that "
                   "nothing can open now"),
                 assay_database_get_path (database));
  else
    g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_NOT_FOUND,
                 _("There is no vault in %s yet"), assay_database_get_path (database));
}

gboolean
_assay_vault_read_row (AssayDatabase   *database,
                       AssayVaultRow  **out_row,
                       GError         **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(AssayVaultRow) row = NULL;
  g_autoptr(GError) local_error = NULL;
  gconstpointer blob;
  gsize len;
  const char *bad_field = NULL;

  stmt = assay_database_prepare (database,
                                 "SELECT format, kdf_opslimit, kdf_memlimit, kdf_salt, "
                                 "passphrase_wrap, recovery_salt, recovery_wrap, "
                                 "identity_public, identity_sealed FROM vault WHERE id = 1",
                                 error);
  if (stmt == NULL)
    return FALSE;

  if (!assay_statement_step (stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        report_missing_row (database, error);
      return FALSE;
    }

  row = g_new0 (AssayVaultRow, 1);
  row->kdf.opslimit = (guint64) assay_statement_get_int64 (stmt, 1);
  row->kdf.memlimit = (gsize) assay_statement_get_int64 (stmt, 2);

#define READ_FIXED(col, field, name)                          \
  blob = assay_statement_get_blob (stmt, col, &len);          \
  if (bad_field == NULL && (blob == NULL || len != sizeof row->field)) \
    bad_field = name;                                         \
  else if (bad_field == NULL)                                 \
    memcpy (row->field, blob, len);

  if (assay_statement_get_int64 (stmt, 0) != ASSAY_VAULT_FORMAT)
    bad_field = "format";
  if (bad_field == NULL &&
      (row->kdf.opslimit < crypto_pwhash_OPSLIMIT_MIN ||
       row->kdf.opslimit > crypto_pwhash_OPSLIMIT_MAX))
    bad_field = "kdf_opslimit";
  if (bad_field == NULL &&
      (row->kdf.memlimit < crypto_pwhash_MEMLIMIT_MIN ||
       row->kdf.memlimit > G_MAXUINT32))
    bad_field = "kdf_memlimit";
  READ_FIXED (3, kdf_salt, "kdf_salt");
  READ_FIXED (4, passphrase_wrap, "passphrase_wrap");
  READ_FIXED (5, recovery_salt, "recovery_salt");
  READ_FIXED (6, recovery_wrap, "recovery_wrap");
#undef READ_FIXED

  row->identity_public = g_strdup (assay_statement_get_text (stmt, 7));
  if (bad_field == NULL &&
      (row->identity_public == NULL ||
       strlen (row->identity_public) != ASSAY_VAULT_SIGN_PK_BYTES * 2))
    bad_field = "identity_public";

  blob = assay_statement_get_blob (stmt, 8, &len);
  if (bad_field == NULL &&
      (blob == NULL ||
       len < NONCE_BYTES + ASSAY_VAULT_SIGN_SK_BYTES + ASSAY_VAULT_TAG_BYTES))
    bad_field = "identity_sealed";
  else
    row->identity_sealed = g_bytes_new (blob, len);

  if (bad_field != NULL)
    {
      g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_DAMAGED,
                   _("The vault's key record in %s is damaged (field %s)"),
                   assay_database_get_path (database), bad_field);
      return FALSE;
    }

  *out_row = g_steal_pointer (&row);

  return TRUE;
}

gboolean
_assay_vault_update_row (AssayDatabase        *database,
            const AssayVaultRow  *row,
            GError              **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  gsize sealed_len;
  gconstpointer sealed = g_bytes_get_data (row->identity_sealed, &sealed_len);

  stmt = assay_database_prepare (database,
                                 "UPDATE vault SET kdf_opslimit = ?1, kdf_memlimit = ?2, "
                                 "kdf_salt = ?3, passphrase_wrap = ?4, recovery_salt = ?5, "
                                 "recovery_wrap = ?6, identity_sealed = ?7 WHERE id = 1",
                                 error);
  if (stmt == NULL)
    return FALSE;

  assay_statement_bind_int64 (stmt, 1, (gint64) row->kdf.opslimit);
  assay_statement_bind_int64 (stmt, 2, (gint64) row->kdf.memlimit);
  assay_statement_bind_blob (stmt, 3, row->kdf_salt, SALT_BYTES);
  assay_statement_bind_blob (stmt, 4, row->passphrase_wrap, WRAP_BYTES);
  assay_statement_bind_blob (stmt, 5, row->recovery_salt, SALT_BYTES);
  assay_statement_bind_blob (stmt, 6, row->recovery_wrap, WRAP_BYTES);
  assay_statement_bind_blob (stmt, 7, sealed, sealed_len);

  return assay_statement_run (stmt, error);
}

static gboolean
insert_row (AssayDatabase        *database,
            const AssayVaultRow  *row,
            GError              **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  gsize sealed_len;
  gconstpointer sealed = g_bytes_get_data (row->identity_sealed, &sealed_len);

  stmt = assay_database_prepare (database,
                                 "INSERT INTO vault (id, format, created, kdf_opslimit, "
                                 "kdf_memlimit, kdf_salt, passphrase_wrap, recovery_salt, "
                                 "recovery_wrap, identity_public, identity_sealed) "
                                 "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                                 error);
  if (stmt == NULL)
    return FALSE;

  assay_statement_bind_int64 (stmt, 1, ASSAY_VAULT_FORMAT);
  assay_statement_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  assay_statement_bind_int64 (stmt, 3, (gint64) row->kdf.opslimit);
  assay_statement_bind_int64 (stmt, 4, (gint64) row->kdf.memlimit);
  assay_statement_bind_blob (stmt, 5, row->kdf_salt, SALT_BYTES);
  assay_statement_bind_blob (stmt, 6, row->passphrase_wrap, WRAP_BYTES);
  assay_statement_bind_blob (stmt, 7, row->recovery_salt, SALT_BYTES);
  assay_statement_bind_blob (stmt, 8, row->recovery_wrap, WRAP_BYTES);
  assay_statement_bind_text (stmt, 9, row->identity_public);
  assay_statement_bind_blob (stmt, 10, sealed, sealed_len);

  return assay_statement_run (stmt, error);
}

gboolean
_assay_vault_save_row (AssayDatabase        *database,
                       const AssayVaultRow  *row,
                       const guint8         *data_key,
                       guint                 fields,
                       gboolean              create,
                       GError              **error)
{
  guint8 *head_key = assay_secure_alloc (ASSAY_HEAD_BYTES);
  AssayHead head;
  gboolean present = FALSE;
  gboolean ok = FALSE;

  _assay_head_derive_key (data_key, head_key);

  if (!assay_database_begin (database, error))
    goto out;

  /* The head's digest of a field changes only with the field, in the same
   * transaction: one changed behind Assay's back stays found. */
  if (create)
    {
      memset (&head, 0, sizeof head);
      if (!insert_row (database, row, error))
        goto fail;
    }
  else if (!_assay_head_load_for_write (database, head_key, row->identity_public, &head,
                                        &present, error) ||
           !_assay_vault_update_row (database, row, error))
    goto fail;

  if (present)
    _assay_head_set_vault (&head, head_key, row, fields);
  else if (!_assay_head_rebuild (database, &head, head_key, row, error))
    goto fail;

  if (!_assay_head_write (database, &head, head_key, error) ||
      !assay_database_commit (database, error))
    goto fail;

  _assay_head_seen_save (row->identity_public, assay_database_get_path (database), &head,
                         &row->kdf, create);
  ok = TRUE;
  goto out;

fail:
  assay_database_rollback (database);
out:
  assay_secure_free (head_key);
  return ok;
}
