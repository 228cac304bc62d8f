/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-vault"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "assay-vault.h"

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

#define FORMAT          1
#define KEY_BYTES       crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define NONCE_BYTES     crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES       crypto_aead_xchacha20poly1305_ietf_ABYTES
#define SALT_BYTES      crypto_pwhash_SALTBYTES
#define WRAP_BYTES      (NONCE_BYTES + KEY_BYTES + TAG_BYTES)
#define SIGN_SK_BYTES   crypto_sign_SECRETKEYBYTES
#define SIGN_PK_BYTES   crypto_sign_PUBLICKEYBYTES

G_STATIC_ASSERT (SALT_BYTES == 16);

struct _AssayVault
{
  GObject        parent_instance;

  AssayDatabase *database;

  /* Secure memory, present only while unlocked. */
  guint8        *data_key;
  guint8        *sign_sk;

  char          *identity;
  char          *name;
  char          *agency;

  /* Handed to worker threads; made on first use, revoked on lock. */
  AssayBoxKey   *box_key;
};

G_DEFINE_FINAL_TYPE (AssayVault, assay_vault, G_TYPE_OBJECT)

G_DEFINE_QUARK (assay-vault-error-quark, assay_vault_error)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_LOCKED,
  PROP_NAME,
  PROP_AGENCY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  LOCKING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What is stored in the vault row. */
typedef struct
{
  AssayKdfParams kdf;
  guint8         kdf_salt[SALT_BYTES];
  guint8         passphrase_wrap[WRAP_BYTES];
  guint8         recovery_salt[SALT_BYTES];
  guint8         recovery_wrap[WRAP_BYTES];
  char          *identity_public;
  GBytes        *identity_sealed;
} VaultRow;

static void
vault_row_free (VaultRow *row)
{
  g_clear_pointer (&row->identity_public, g_free);
  g_clear_pointer (&row->identity_sealed, g_bytes_unref);
  g_free (row);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultRow, vault_row_free)

struct _AssayBoxKey
{
  gatomicrefcount  ref_count;
  /* Held while the key is used or wiped, so a lock on the main thread
   * never frees it under a worker that is opening a slot. */
  GMutex           mutex;
  guint8          *sk;                              /* secure; NULL once revoked */
  guint8           pk[crypto_box_PUBLICKEYBYTES];
};

static AssayBoxKey *
box_key_new (const guint8 *sign_sk)
{
  AssayBoxKey *key = g_new0 (AssayBoxKey, 1);

  g_atomic_ref_count_init (&key->ref_count);
  g_mutex_init (&key->mutex);
  key->sk = assay_secure_alloc (crypto_box_SECRETKEYBYTES);

  /* The Ed25519 secret key holds its public half in its last 32 bytes. */
  if (crypto_sign_ed25519_pk_to_curve25519 (key->pk, sign_sk + 32) != 0 ||
      crypto_sign_ed25519_sk_to_curve25519 (key->sk, sign_sk) != 0)
    g_clear_pointer (&key->sk, assay_secure_free);

  return key;
}

static void
box_key_revoke (AssayBoxKey *key)
{
  g_mutex_lock (&key->mutex);
  g_clear_pointer (&key->sk, assay_secure_free);
  g_mutex_unlock (&key->mutex);
}

AssayBoxKey *
assay_box_key_ref (AssayBoxKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  g_atomic_ref_count_inc (&key->ref_count);

  return key;
}

void
assay_box_key_unref (AssayBoxKey *key)
{
  g_return_if_fail (key != NULL);

  if (!g_atomic_ref_count_dec (&key->ref_count))
    return;

  box_key_revoke (key);
  g_mutex_clear (&key->mutex);
  g_free (key);
}

gboolean
assay_box_key_open (AssayBoxKey   *key,
                    const guint8  *sealed,
                    gsize          sealed_len,
                    guint8        *plaintext,
                    GError       **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (key != NULL, FALSE);

  g_mutex_lock (&key->mutex);

  if (key->sk == NULL)
    g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED,
                         _("The vault is locked"));
  else if (sealed != NULL && sealed_len >= crypto_box_SEALBYTES)
    ok = crypto_box_seal_open (plaintext, sealed, sealed_len, key->pk, key->sk) == 0;

  g_mutex_unlock (&key->mutex);

  return ok;
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

static gboolean
kdf_params_weaker (const AssayKdfParams *a,
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

static gsize
passphrase_ad (guint8               *ad,
               const AssayKdfParams *kdf,
               const guint8         *salt)
{
  static const char label[] = "assay/vault/1/passphrase";
  gsize len = sizeof label;

  memcpy (ad, label, sizeof label);
  put_le64 (ad + len, kdf->opslimit);
  put_le64 (ad + len + 8, kdf->memlimit);
  memcpy (ad + len + 16, salt, SALT_BYTES);

  return len + 16 + SALT_BYTES;
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

static gsize
identity_ad (guint8     *ad,
             const char *identity)
{
  static const char label[] = "assay/vault/1/identity";
  gsize id_len = strlen (identity);

  memcpy (ad, label, sizeof label);
  memcpy (ad + sizeof label, identity, id_len);

  return sizeof label + id_len;
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

static gboolean
check_passphrase (const char  *passphrase,
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

/* Wraps @data_key under a fresh salt and @passphrase into @row. */
static gboolean
wrap_with_passphrase (VaultRow             *row,
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

static GBytes *
seal_identity (const guint8 *data_key,
               const char   *identity,
               const guint8 *sign_sk,
               const char   *name,
               const char   *agency)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *profile = NULL;
  guint8 *plain;
  guint8 *sealed;
  gsize profile_len, plain_len, sealed_len;
  guint8 ad[AD_MAX];
  gsize ad_len;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name != NULL ? name : "");
  json_builder_set_member_name (builder, "agency");
  json_builder_add_string_value (builder, agency != NULL ? agency : "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  profile = json_generator_to_data (generator, &profile_len);

  /* The secret key first, then the profile; kept in secure memory. */
  plain_len = SIGN_SK_BYTES + profile_len;
  plain = assay_secure_alloc (plain_len);
  memcpy (plain, sign_sk, SIGN_SK_BYTES);
  memcpy (plain + SIGN_SK_BYTES, profile, profile_len);

  sealed_len = NONCE_BYTES + plain_len + TAG_BYTES;
  sealed = g_malloc (sealed_len);
  randombytes_buf (sealed, NONCE_BYTES);
  ad_len = identity_ad (ad, identity);
  crypto_aead_xchacha20poly1305_ietf_encrypt (sealed + NONCE_BYTES, NULL,
                                              plain, plain_len,
                                              ad, ad_len, NULL, sealed, data_key);
  assay_secure_free (plain);

  return g_bytes_new_take (sealed, sealed_len);
}

static gboolean
read_row (AssayVault  *self,
          VaultRow   **out_row,
          GError     **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(VaultRow) row = NULL;
  g_autoptr(GError) local_error = NULL;
  gconstpointer blob;
  gsize len;
  const char *bad_field = NULL;

  stmt = assay_database_prepare (self->database,
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
        g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_NOT_FOUND,
                     _("There is no vault in %s yet"),
                     assay_database_get_path (self->database));
      return FALSE;
    }

  row = g_new0 (VaultRow, 1);
  row->kdf.opslimit = (guint64) assay_statement_get_int64 (stmt, 1);
  row->kdf.memlimit = (gsize) assay_statement_get_int64 (stmt, 2);

#define READ_FIXED(col, field, name)                          \
  blob = assay_statement_get_blob (stmt, col, &len);          \
  if (bad_field == NULL && (blob == NULL || len != sizeof row->field)) \
    bad_field = name;                                         \
  else if (bad_field == NULL)                                 \
    memcpy (row->field, blob, len);

  if (assay_statement_get_int64 (stmt, 0) != FORMAT)
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
      (row->identity_public == NULL || strlen (row->identity_public) != SIGN_PK_BYTES * 2))
    bad_field = "identity_public";

  blob = assay_statement_get_blob (stmt, 8, &len);
  if (bad_field == NULL && (blob == NULL || len < NONCE_BYTES + SIGN_SK_BYTES + TAG_BYTES))
    bad_field = "identity_sealed";
  else
    row->identity_sealed = g_bytes_new (blob, len);

  if (bad_field != NULL)
    {
      g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_DAMAGED,
                   _("The vault's key record in %s is damaged (field %s)"),
                   assay_database_get_path (self->database), bad_field);
      return FALSE;
    }

  *out_row = g_steal_pointer (&row);

  return TRUE;
}

static gboolean
write_passphrase_wrap (AssayVault      *self,
                       const VaultRow  *row,
                       GError         **error)
{
  g_autoptr(AssayStatement) stmt = NULL;

  stmt = assay_database_prepare (self->database,
                                 "UPDATE vault SET kdf_opslimit = ?1, kdf_memlimit = ?2, "
                                 "kdf_salt = ?3, passphrase_wrap = ?4 WHERE id = 1",
                                 error);
  if (stmt == NULL)
    return FALSE;

  assay_statement_bind_int64 (stmt, 1, (gint64) row->kdf.opslimit);
  assay_statement_bind_int64 (stmt, 2, (gint64) row->kdf.memlimit);
  assay_statement_bind_blob (stmt, 3, row->kdf_salt, SALT_BYTES);
  assay_statement_bind_blob (stmt, 4, row->passphrase_wrap, WRAP_BYTES);

  return assay_statement_run (stmt, error);
}

/* Wipes the keys and the profile; notifies "locked" if that changed. */
static void
set_locked (AssayVault *self,
            guint8     *data_key,
            guint8     *sign_sk)
{
  gboolean was_locked = self->data_key == NULL;

  /* Workers may still hold the handle: they find it empty. */
  if (self->box_key != NULL)
    {
      box_key_revoke (self->box_key);
      g_clear_pointer (&self->box_key, assay_box_key_unref);
    }
  g_clear_pointer (&self->data_key, assay_secure_free);
  g_clear_pointer (&self->sign_sk, assay_secure_free);
  g_clear_pointer (&self->name, assay_secure_free);
  g_clear_pointer (&self->agency, assay_secure_free);

  self->data_key = data_key;
  self->sign_sk = sign_sk;

  if (was_locked != (self->data_key == NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

/* Installs new keys, keeping the profile already set. */
static void
set_keys (AssayVault *self,
          guint8     *data_key,
          guint8     *sign_sk)
{
  gboolean was_locked = self->data_key == NULL;

  g_clear_pointer (&self->data_key, assay_secure_free);
  g_clear_pointer (&self->sign_sk, assay_secure_free);
  self->data_key = data_key;
  self->sign_sk = sign_sk;

  if (was_locked)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

/* Opens the sealed identity with @data_key and, if it is sound, makes the
 * vault unlocked with it. Takes ownership of @data_key either way. */
static gboolean
install_keys (AssayVault      *self,
              const VaultRow  *row,
              guint8          *data_key,
              GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint8 *plain = NULL;
  guint8 *sign_sk = NULL;
  guint8 pk[SIGN_PK_BYTES];
  char pk_hex[SIGN_PK_BYTES * 2 + 1];
  guint8 ad[AD_MAX];
  gsize ad_len, sealed_len, plain_len;
  const guint8 *sealed;
  JsonObject *profile;
  gboolean ok = FALSE;

  sealed = g_bytes_get_data (row->identity_sealed, &sealed_len);
  plain_len = sealed_len - NONCE_BYTES - TAG_BYTES;
  plain = assay_secure_alloc (plain_len + 1);
  ad_len = identity_ad (ad, row->identity_public);

  if (crypto_aead_xchacha20poly1305_ietf_decrypt (plain, NULL, NULL,
                                                  sealed + NONCE_BYTES, sealed_len - NONCE_BYTES,
                                                  ad, ad_len, sealed, data_key) != 0)
    goto damaged;

  sign_sk = assay_secure_alloc (SIGN_SK_BYTES);
  memcpy (sign_sk, plain, SIGN_SK_BYTES);
  crypto_sign_ed25519_sk_to_pk (pk, sign_sk);
  sodium_bin2hex (pk_hex, sizeof pk_hex, pk, sizeof pk);
  if (strcmp (pk_hex, row->identity_public) != 0)
    goto damaged;

  if (!json_parser_load_from_data (parser, (const char *) plain + SIGN_SK_BYTES,
                                   (gssize) (plain_len - SIGN_SK_BYTES), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto damaged;

  profile = json_node_get_object (json_parser_get_root (parser));

  /* The profile is in place before "locked" is notified, so whoever reacts
   * to the unlock finds it. */
  g_clear_pointer (&self->name, assay_secure_free);
  g_clear_pointer (&self->agency, assay_secure_free);
  self->name = assay_secure_strdup (json_object_get_string_member_with_default (profile, "name", ""));
  self->agency = assay_secure_strdup (json_object_get_string_member_with_default (profile, "agency", ""));
  g_free (self->identity);
  self->identity = g_strdup (row->identity_public);
  set_keys (self, g_steal_pointer (&data_key), g_steal_pointer (&sign_sk));
  ok = TRUE;
  goto out;

damaged:
  g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_DAMAGED,
               _("The vault's identity record in %s is damaged or was replaced"),
               assay_database_get_path (self->database));

out:
  assay_secure_free (plain);
  assay_secure_free (sign_sk);
  assay_secure_free (data_key);

  return ok;
}

/*
 * Unlocking and creating spend half a second in Argon2id, so each is split in
 * a job that touches no database (and may run in a worker thread) and an
 * apply step that runs on the caller's thread.
 */
typedef enum
{
  JOB_CREATE,
  JOB_UNLOCK,
  JOB_RECOVER,
} JobKind;

typedef struct
{
  JobKind         kind;
  char           *passphrase;      /* secure */
  char           *recovery_text;   /* secure */
  char           *name;
  char           *agency;
  AssayKdfParams  kdf;
  VaultRow       *row;

  /* Results. */
  guint8         *data_key;        /* secure */
  char           *recovery_key;    /* secure, formatted: create only */
  gboolean        rewrapped;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->passphrase, assay_secure_free);
  g_clear_pointer (&job->recovery_text, assay_secure_free);
  g_clear_pointer (&job->name, g_free);
  g_clear_pointer (&job->agency, g_free);
  g_clear_pointer (&job->row, vault_row_free);
  g_clear_pointer (&job->data_key, assay_secure_free);
  g_clear_pointer (&job->recovery_key, assay_secure_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static gboolean
job_create (Job     *job,
            GError **error)
{
  guint8 *recovery = assay_secure_alloc (ASSAY_RECOVERY_KEY_BYTES);
  guint8 *recovery_key = assay_secure_alloc (KEY_BYTES);
  guint8 *sign_sk = assay_secure_alloc (SIGN_SK_BYTES);
  guint8 pk[SIGN_PK_BYTES];
  char pk_hex[SIGN_PK_BYTES * 2 + 1];
  guint8 ad[AD_MAX];
  gsize ad_len;
  VaultRow *row;
  gboolean ok = FALSE;

  row = job->row = g_new0 (VaultRow, 1);
  job->data_key = assay_secure_alloc (KEY_BYTES);
  crypto_aead_xchacha20poly1305_ietf_keygen (job->data_key);

  if (!wrap_with_passphrase (row, job->data_key, job->passphrase, &job->kdf, error))
    goto out;

  randombytes_buf (recovery, ASSAY_RECOVERY_KEY_BYTES);
  randombytes_buf (row->recovery_salt, SALT_BYTES);
  derive_recovery_key (recovery_key, recovery, row->recovery_salt);
  ad_len = recovery_ad (ad, row->recovery_salt);
  wrap_key (row->recovery_wrap, job->data_key, recovery_key, ad, ad_len);
  job->recovery_key = assay_recovery_key_format (recovery);

  crypto_sign_keypair (pk, sign_sk);
  sodium_bin2hex (pk_hex, sizeof pk_hex, pk, sizeof pk);
  row->identity_public = g_strdup (pk_hex);
  row->identity_sealed = seal_identity (job->data_key, pk_hex, sign_sk, job->name, job->agency);
  ok = TRUE;

out:
  assay_secure_free (recovery);
  assay_secure_free (recovery_key);
  assay_secure_free (sign_sk);

  return ok;
}

static gboolean
job_unlock (Job     *job,
            GError **error)
{
  guint8 *pass_key = assay_secure_alloc (KEY_BYTES);
  guint8 ad[AD_MAX];
  gsize ad_len;
  gboolean ok = FALSE;
  AssayKdfParams current;

  if (!derive_passphrase_key (pass_key, job->passphrase, job->row->kdf_salt, &job->row->kdf, error))
    goto out;

  job->data_key = assay_secure_alloc (KEY_BYTES);
  ad_len = passphrase_ad (ad, &job->row->kdf, job->row->kdf_salt);
  if (!unwrap_key (job->data_key, job->row->passphrase_wrap, pass_key, ad, ad_len))
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_PASSPHRASE,
                           _("The passphrase is not correct"));
      goto out;
    }

  /* Vaults made under older, cheaper defaults are brought up to date while
   * the passphrase is at hand. */
  assay_kdf_params_init_default (&current);
  if (kdf_params_weaker (&job->row->kdf, &current))
    {
      g_autoptr(GError) rewrap_error = NULL;

      if (wrap_with_passphrase (job->row, job->data_key, job->passphrase, &current, &rewrap_error))
        job->rewrapped = TRUE;
      else
        g_debug ("Could not raise the key derivation cost: %s", rewrap_error->message);
    }

  ok = TRUE;

out:
  assay_secure_free (pass_key);

  return ok;
}

static gboolean
job_recover (Job     *job,
             GError **error)
{
  guint8 *recovery = assay_secure_alloc (ASSAY_RECOVERY_KEY_BYTES);
  guint8 *recovery_key = assay_secure_alloc (KEY_BYTES);
  guint8 ad[AD_MAX];
  gsize ad_len;
  gboolean ok = FALSE;

  if (!assay_recovery_key_parse (job->recovery_text, recovery, error))
    goto out;

  derive_recovery_key (recovery_key, recovery, job->row->recovery_salt);
  job->data_key = assay_secure_alloc (KEY_BYTES);
  ad_len = recovery_ad (ad, job->row->recovery_salt);
  if (!unwrap_key (job->data_key, job->row->recovery_wrap, recovery_key, ad, ad_len))
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_RECOVERY_KEY,
                           _("The recovery key is not the one for this vault"));
      goto out;
    }

  if (!wrap_with_passphrase (job->row, job->data_key, job->passphrase, &job->kdf, error))
    goto out;

  job->rewrapped = TRUE;
  ok = TRUE;

out:
  assay_secure_free (recovery);
  assay_secure_free (recovery_key);

  return ok;
}

static gboolean
job_run (Job     *job,
         GError **error)
{
  switch (job->kind)
    {
    case JOB_CREATE:
      return job_create (job, error);
    case JOB_UNLOCK:
      return job_unlock (job, error);
    case JOB_RECOVER:
      return job_recover (job, error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
job_apply (AssayVault  *self,
           Job         *job,
           GError     **error)
{
  if (job->kind == JOB_CREATE)
    {
      g_autoptr(AssayStatement) stmt = NULL;
      VaultRow *row = job->row;
      gsize sealed_len;
      gconstpointer sealed = g_bytes_get_data (row->identity_sealed, &sealed_len);

      if (assay_vault_exists (self))
        {
          g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_EXISTS,
                       _("%s already holds a vault"), assay_database_get_path (self->database));
          return FALSE;
        }

      stmt = assay_database_prepare (self->database,
                                     "INSERT INTO vault (id, format, created, kdf_opslimit, "
                                     "kdf_memlimit, kdf_salt, passphrase_wrap, recovery_salt, "
                                     "recovery_wrap, identity_public, identity_sealed) "
                                     "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                                     error);
      if (stmt == NULL)
        return FALSE;

      assay_statement_bind_int64 (stmt, 1, FORMAT);
      assay_statement_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
      assay_statement_bind_int64 (stmt, 3, (gint64) row->kdf.opslimit);
      assay_statement_bind_int64 (stmt, 4, (gint64) row->kdf.memlimit);
      assay_statement_bind_blob (stmt, 5, row->kdf_salt, SALT_BYTES);
      assay_statement_bind_blob (stmt, 6, row->passphrase_wrap, WRAP_BYTES);
      assay_statement_bind_blob (stmt, 7, row->recovery_salt, SALT_BYTES);
      assay_statement_bind_blob (stmt, 8, row->recovery_wrap, WRAP_BYTES);
      assay_statement_bind_text (stmt, 9, row->identity_public);
      assay_statement_bind_blob (stmt, 10, sealed, sealed_len);

      if (!assay_statement_run (stmt, error))
        return FALSE;
    }
  else if (job->rewrapped && !write_passphrase_wrap (self, job->row, error))
    {
      return FALSE;
    }

  return install_keys (self, job->row, g_steal_pointer (&job->data_key), error);
}

static Job *
job_new (AssayVault  *self,
         JobKind      kind,
         const char  *passphrase,
         GError     **error)
{
  g_autoptr(Job) job = g_new0 (Job, 1);

  job->kind = kind;
  job->passphrase = assay_secure_strdup (passphrase);
  assay_kdf_params_init_default (&job->kdf);

  if (kind != JOB_UNLOCK && !check_passphrase (passphrase, error))
    return NULL;

  if (kind == JOB_CREATE)
    {
      if (assay_vault_exists (self))
        {
          g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_EXISTS,
                       _("%s already holds a vault"), assay_database_get_path (self->database));
          return NULL;
        }
    }
  else if (!read_row (self, &job->row, error))
    {
      return NULL;
    }

  if (kind == JOB_UNLOCK && passphrase == NULL)
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_PASSPHRASE,
                           _("The passphrase is not correct"));
      return NULL;
    }

  return g_steal_pointer (&job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (job_run (job, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
job_start_async (AssayVault          *self,
                 Job                 *job,
                 GError              *error,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);

  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static gboolean
job_finish (AssayVault    *self,
            GAsyncResult  *result,
            gpointer       source_tag,
            Job          **out_job,
            GError       **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  if (!job_apply (self, job, error))
    return FALSE;

  if (out_job != NULL)
    *out_job = job;

  return TRUE;
}

static void
assay_vault_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  AssayVault *self = ASSAY_VAULT (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_LOCKED:
      g_value_set_boolean (value, assay_vault_get_locked (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_AGENCY:
      g_value_set_string (value, self->agency);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_vault_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  AssayVault *self = ASSAY_VAULT (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->database = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_vault_constructed (GObject *object)
{
  AssayVault *self = ASSAY_VAULT (object);
  g_autoptr(AssayStatement) stmt = NULL;

  G_OBJECT_CLASS (assay_vault_parent_class)->constructed (object);

  /* The public identity is readable while locked. */
  stmt = assay_database_prepare (self->database,
                                 "SELECT identity_public FROM vault WHERE id = 1", NULL);
  if (stmt != NULL && assay_statement_step (stmt, NULL))
    self->identity = g_strdup (assay_statement_get_text (stmt, 0));
}

static void
assay_vault_dispose (GObject *object)
{
  AssayVault *self = ASSAY_VAULT (object);

  set_locked (self, NULL, NULL);

  G_OBJECT_CLASS (assay_vault_parent_class)->dispose (object);
}

static void
assay_vault_finalize (GObject *object)
{
  AssayVault *self = ASSAY_VAULT (object);

  g_clear_object (&self->database);
  g_clear_pointer (&self->identity, g_free);

  G_OBJECT_CLASS (assay_vault_parent_class)->finalize (object);
}

static void
assay_vault_class_init (AssayVaultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = assay_vault_constructed;
  object_class->dispose = assay_vault_dispose;
  object_class->finalize = assay_vault_finalize;
  object_class->get_property = assay_vault_get_property;
  object_class->set_property = assay_vault_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         ASSAY_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_AGENCY] =
    g_param_spec_string ("agency", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AssayVault::locking:
   *
   * Emitted by assay_vault_lock() while the keys are still present, so
   * pending changes can be saved before they are wiped.
   */
  signals[LOCKING] =
    g_signal_new ("locking",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
assay_vault_init (AssayVault *self)
{
  if (!assay_secure_init ())
    g_error ("libsodium could not be initialised");
}

AssayVault *
assay_vault_new (AssayDatabase *database)
{
  g_return_val_if_fail (ASSAY_IS_DATABASE (database), NULL);

  return g_object_new (ASSAY_TYPE_VAULT, "database", database, NULL);
}

AssayDatabase *
assay_vault_get_database (AssayVault *self)
{
  g_return_val_if_fail (ASSAY_IS_VAULT (self), NULL);

  return self->database;
}

gboolean
assay_vault_exists (AssayVault *self)
{
  g_autoptr(AssayStatement) stmt = NULL;

  g_return_val_if_fail (ASSAY_IS_VAULT (self), FALSE);

  stmt = assay_database_prepare (self->database, "SELECT 1 FROM vault WHERE id = 1", NULL);

  return stmt != NULL && assay_statement_step (stmt, NULL);
}

gboolean
assay_vault_get_locked (AssayVault *self)
{
  g_return_val_if_fail (ASSAY_IS_VAULT (self), TRUE);

  return self->data_key == NULL;
}

void
assay_vault_get_kdf_params (AssayVault     *self,
                            AssayKdfParams *params)
{
  g_autoptr(VaultRow) row = NULL;

  g_return_if_fail (ASSAY_IS_VAULT (self));

  params->opslimit = 0;
  params->memlimit = 0;
  if (read_row (self, &row, NULL))
    *params = row->kdf;
}

static Job *
create_job_new (AssayVault           *self,
                const char           *passphrase,
                const AssayKdfParams *params,
                const char           *name,
                const char           *agency,
                GError              **error)
{
  Job *job = job_new (self, JOB_CREATE, passphrase, error);

  if (job != NULL)
    {
      if (params != NULL)
        job->kdf = *params;
      job->name = g_strdup (name);
      job->agency = g_strdup (agency);
    }

  return job;
}

gboolean
assay_vault_create (AssayVault            *self,
                    const char            *passphrase,
                    const AssayKdfParams  *params,
                    const char            *name,
                    const char            *agency,
                    AssaySecureString    **recovery_key,
                    GError               **error)
{
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (ASSAY_IS_VAULT (self), FALSE);

  job = create_job_new (self, passphrase, params, name, agency, error);
  if (job == NULL || !job_run (job, error) || !job_apply (self, job, error))
    return FALSE;

  if (recovery_key != NULL)
    *recovery_key = g_steal_pointer (&job->recovery_key);

  return TRUE;
}

void
assay_vault_create_async (AssayVault           *self,
                          const char           *passphrase,
                          const AssayKdfParams *params,
                          const char           *name,
                          const char           *agency,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  GError *error = NULL;
  Job *job;

  g_return_if_fail (ASSAY_IS_VAULT (self));

  job = create_job_new (self, passphrase, params, name, agency, &error);
  job_start_async (self, job, error, assay_vault_create_async, cancellable, callback, user_data);
}

gboolean
assay_vault_create_finish (AssayVault          *self,
                           GAsyncResult        *result,
                           AssaySecureString  **recovery_key,
                           GError             **error)
{
  Job *job = NULL;

  if (!job_finish (self, result, assay_vault_create_async, &job, error))
    return FALSE;

  if (recovery_key != NULL)
    *recovery_key = g_steal_pointer (&job->recovery_key);

  return TRUE;
}

gboolean
assay_vault_unlock (AssayVault  *self,
                    const char  *passphrase,
                    GError     **error)
{
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (ASSAY_IS_VAULT (self), FALSE);

  job = job_new (self, JOB_UNLOCK, passphrase, error);

  return job != NULL && job_run (job, error) && job_apply (self, job, error);
}

void
assay_vault_unlock_async (AssayVault          *self,
                          const char          *passphrase,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GError *error = NULL;
  Job *job;

  g_return_if_fail (ASSAY_IS_VAULT (self));

  job = job_new (self, JOB_UNLOCK, passphrase, &error);
  job_start_async (self, job, error, assay_vault_unlock_async, cancellable, callback, user_data);
}

gboolean
assay_vault_unlock_finish (AssayVault    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return job_finish (self, result, assay_vault_unlock_async, NULL, error);
}

static Job *
recover_job_new (AssayVault  *self,
                 const char  *recovery_key,
                 const char  *new_passphrase,
                 GError     **error)
{
  Job *job = job_new (self, JOB_RECOVER, new_passphrase, error);

  if (job != NULL)
    job->recovery_text = assay_secure_strdup (recovery_key != NULL ? recovery_key : "");

  return job;
}

gboolean
assay_vault_recover (AssayVault  *self,
                     const char  *recovery_key,
                     const char  *new_passphrase,
                     GError     **error)
{
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (ASSAY_IS_VAULT (self), FALSE);

  job = recover_job_new (self, recovery_key, new_passphrase, error);

  return job != NULL && job_run (job, error) && job_apply (self, job, error);
}

void
assay_vault_recover_async (AssayVault          *self,
                           const char          *recovery_key,
                           const char          *new_passphrase,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GError *error = NULL;
  Job *job;

  g_return_if_fail (ASSAY_IS_VAULT (self));

  job = recover_job_new (self, recovery_key, new_passphrase, &error);
  job_start_async (self, job, error, assay_vault_recover_async, cancellable, callback, user_data);
}

gboolean
assay_vault_recover_finish (AssayVault    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return job_finish (self, result, assay_vault_recover_async, NULL, error);
}

void
assay_vault_lock (AssayVault *self)
{
  g_return_if_fail (ASSAY_IS_VAULT (self));

  /* Last chance, with the keys still there, for whoever holds unsaved
   * changes (a half-typed note) to write them. */
  if (self->data_key != NULL)
    g_signal_emit (self, signals[LOCKING], 0);

  set_locked (self, NULL, NULL);
}

static gboolean
require_unlocked (AssayVault  *self,
                  GError     **error)
{
  if (self->data_key == NULL)
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED,
                           _("The vault is locked"));
      return FALSE;
    }

  return TRUE;
}

gboolean
assay_vault_change_passphrase (AssayVault  *self,
                               const char  *new_passphrase,
                               GError     **error)
{
  g_autoptr(VaultRow) row = NULL;
  AssayKdfParams kdf;

  g_return_val_if_fail (ASSAY_IS_VAULT (self), FALSE);

  if (!require_unlocked (self, error) ||
      !check_passphrase (new_passphrase, error) ||
      !read_row (self, &row, error))
    return FALSE;

  assay_kdf_params_init_default (&kdf);
  if (!kdf_params_weaker (&row->kdf, &kdf))
    kdf = row->kdf;

  return wrap_with_passphrase (row, self->data_key, new_passphrase, &kdf, error) &&
         write_passphrase_wrap (self, row, error);
}

const char *
assay_vault_get_identity (AssayVault *self)
{
  g_return_val_if_fail (ASSAY_IS_VAULT (self), NULL);

  return self->identity;
}

const char *
assay_vault_get_name (AssayVault *self)
{
  g_return_val_if_fail (ASSAY_IS_VAULT (self), NULL);

  return self->name;
}

const char *
assay_vault_get_agency (AssayVault *self)
{
  g_return_val_if_fail (ASSAY_IS_VAULT (self), NULL);

  return self->agency;
}

gboolean
assay_vault_set_profile (AssayVault  *self,
                         const char  *name,
                         const char  *agency,
                         GError     **error)
{
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GBytes) sealed = NULL;
  gconstpointer data;
  gsize len;

  g_return_val_if_fail (ASSAY_IS_VAULT (self), FALSE);

  if (!require_unlocked (self, error))
    return FALSE;

  sealed = seal_identity (self->data_key, self->identity, self->sign_sk, name, agency);
  data = g_bytes_get_data (sealed, &len);

  stmt = assay_database_prepare (self->database,
                                 "UPDATE vault SET identity_sealed = ?1 WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;

  assay_statement_bind_blob (stmt, 1, data, len);
  if (!assay_statement_run (stmt, error))
    return FALSE;

  g_clear_pointer (&self->name, assay_secure_free);
  g_clear_pointer (&self->agency, assay_secure_free);
  self->name = assay_secure_strdup (name != NULL ? name : "");
  self->agency = assay_secure_strdup (agency != NULL ? agency : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENCY]);

  return TRUE;
}

GBytes *
assay_vault_seal (AssayVault    *self,
                  GBytes        *plaintext,
                  const guint8  *ad,
                  gsize          ad_len,
                  GError       **error)
{
  const guint8 *plain;
  gsize plain_len;
  guint8 *out;
  gsize out_len;

  g_return_val_if_fail (ASSAY_IS_VAULT (self), NULL);

  if (!require_unlocked (self, error))
    return NULL;

  plain = g_bytes_get_data (plaintext, &plain_len);
  out_len = NONCE_BYTES + plain_len + TAG_BYTES;
  out = g_malloc (out_len);
  randombytes_buf (out, NONCE_BYTES);
  crypto_aead_xchacha20poly1305_ietf_encrypt (out + NONCE_BYTES, NULL,
                                              plain, plain_len,
                                              ad, ad_len, NULL, out, self->data_key);

  return g_bytes_new_take (out, out_len);
}

GBytes *
assay_vault_open (AssayVault     *self,
                  gconstpointer   sealed,
                  gsize           sealed_len,
                  const guint8   *ad,
                  gsize           ad_len,
                  GError        **error)
{
  const guint8 *in = sealed;
  guint8 *out;
  gsize out_len;

  g_return_val_if_fail (ASSAY_IS_VAULT (self), NULL);

  if (!require_unlocked (self, error))
    return NULL;

  if (sealed == NULL || sealed_len < NONCE_BYTES + TAG_BYTES)
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_DAMAGED,
                           _("The data is too short to be sealed"));
      return NULL;
    }

  out_len = sealed_len - NONCE_BYTES - TAG_BYTES;
  out = g_malloc (out_len + 1);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (out, NULL, NULL,
                                                  in + NONCE_BYTES, sealed_len - NONCE_BYTES,
                                                  ad, ad_len, in, self->data_key) != 0)
    {
      g_free (out);
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_DAMAGED,
                           _("The data failed authentication: it was altered, moved or "
                             "rolled back"));
      return NULL;
    }

  /* A trailing NUL that is not part of the length lets text payloads be
   * read as C strings. */
  out[out_len] = '\0';

  return g_bytes_new_take (out, out_len);
}

gboolean
assay_vault_sign (AssayVault  *self,
                  GBytes      *message,
                  guint8       signature[64],
                  GError     **error)
{
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (ASSAY_IS_VAULT (self), FALSE);

  if (!require_unlocked (self, error))
    return FALSE;

  data = g_bytes_get_data (message, &len);
  crypto_sign_detached (signature, NULL, data, len, self->sign_sk);

  return TRUE;
}

AssayBoxKey *
assay_vault_get_box_key (AssayVault  *self,
                         GError     **error)
{
  g_return_val_if_fail (ASSAY_IS_VAULT (self), NULL);

  if (!require_unlocked (self, error))
    return NULL;

  if (self->box_key == NULL)
    self->box_key = box_key_new (self->sign_sk);

  return assay_box_key_ref (self->box_key);
}

gboolean
assay_vault_open_box (AssayVault    *self,
                      const guint8  *sealed,
                      gsize          sealed_len,
                      guint8        *plaintext,
                      GError       **error)
{
  g_autoptr(AssayBoxKey) key = NULL;

  g_return_val_if_fail (ASSAY_IS_VAULT (self), FALSE);

  key = assay_vault_get_box_key (self, error);
  if (key == NULL)
    return FALSE;

  return assay_box_key_open (key, sealed, sealed_len, plaintext, error);
}
