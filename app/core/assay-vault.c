/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-vault"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-head-private.h"
#include "assay-vault-private.h"

/*
 * The vault object holds the data key and the identity key while unlocked.
 * The key hierarchy is described in assay-vault-keys.c; creating, unlocking
 * and recovering are in assay-vault-job.c.
 */

#define NONCE_BYTES ASSAY_VAULT_NONCE_BYTES
#define TAG_BYTES   ASSAY_VAULT_TAG_BYTES

struct _AssayVault
{
  GObject        parent_instance;

  AssayDatabase *database;

  /* Secure memory, present only while unlocked. */
  guint8        *data_key;
  guint8        *head_key;
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

/* Wipes the keys and the profile; notifies "locked" if that changed. */
static void
set_locked (AssayVault *self)
{
  gboolean was_locked = self->data_key == NULL;

  /* Workers may still hold the handle: they find it empty. */
  if (self->box_key != NULL)
    {
      _assay_box_key_revoke (self->box_key);
      g_clear_pointer (&self->box_key, assay_box_key_unref);
    }
  g_clear_pointer (&self->data_key, assay_secure_free);
  g_clear_pointer (&self->head_key, assay_secure_free);
  g_clear_pointer (&self->sign_sk, assay_secure_free);
  g_clear_pointer (&self->name, assay_secure_free);
  g_clear_pointer (&self->agency, assay_secure_free);

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
  g_clear_pointer (&self->head_key, assay_secure_free);
  g_clear_pointer (&self->sign_sk, assay_secure_free);
  self->data_key = data_key;
  self->head_key = assay_secure_alloc (ASSAY_HEAD_BYTES);
  _assay_head_derive_key (data_key, self->head_key);
  self->sign_sk = sign_sk;

  if (was_locked)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

gboolean
_assay_vault_install_keys (AssayVault           *self,
                           const AssayVaultRow  *row,
                           guint8               *data_key,
                           GError              **error)
{
  guint8 *sign_sk = NULL;
  char *name = NULL;
  char *agency = NULL;

  if (!_assay_identity_key_open (row->identity_sealed, row->identity_public, data_key,
                                 &sign_sk, &name, &agency))
    {
      g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_DAMAGED,
                   _("The vault's identity record in %s is damaged or was replaced"),
                   assay_database_get_path (self->database));
      assay_secure_free (data_key);
      return FALSE;
    }

  /* The profile is in place before "locked" is notified, so whoever reacts
   * to the unlock finds it. */
  g_clear_pointer (&self->name, assay_secure_free);
  g_clear_pointer (&self->agency, assay_secure_free);
  self->name = name;
  self->agency = agency;
  g_free (self->identity);
  self->identity = g_strdup (row->identity_public);
  set_keys (self, data_key, sign_sk);

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

  set_locked (self);

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
assay_vault_probe (AssayVault  *self,
                   GError     **error)
{
  g_autoptr(AssayVaultRow) row = NULL;

  g_return_val_if_fail (ASSAY_IS_VAULT (self), FALSE);

  return _assay_vault_read_row (self->database, &row, error);
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
  g_autoptr(AssayVaultRow) row = NULL;

  g_return_if_fail (ASSAY_IS_VAULT (self));

  params->opslimit = 0;
  params->memlimit = 0;
  if (_assay_vault_read_row (self->database, &row, NULL))
    *params = row->kdf;
}

gboolean
assay_vault_has_recovery_key (AssayVault *self)
{
  g_autoptr(AssayVaultRow) row = NULL;
  static const guint8 zeros[ASSAY_VAULT_WRAP_BYTES] = { 0 };

  g_return_val_if_fail (ASSAY_IS_VAULT (self), FALSE);

  /* A wrap that was wiped (all zeros) opens with no key. */
  return _assay_vault_read_row (self->database, &row, NULL) &&
         sodium_memcmp (row->recovery_wrap, zeros, sizeof zeros) != 0;
}

void
assay_vault_lock (AssayVault *self)
{
  g_return_if_fail (ASSAY_IS_VAULT (self));

  /* Last chance, with the keys still there, for whoever holds unsaved
   * changes (a half-typed note) to write them. */
  if (self->data_key != NULL)
    g_signal_emit (self, signals[LOCKING], 0);

  set_locked (self);
  _assay_head_seen_flush ();
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
  g_autoptr(AssayVaultRow) row = NULL;
  AssayKdfParams kdf;

  g_return_val_if_fail (ASSAY_IS_VAULT (self), FALSE);

  if (!require_unlocked (self, error) ||
      !_assay_vault_check_passphrase (new_passphrase, error) ||
      !_assay_vault_read_row (self->database, &row, error))
    return FALSE;

  assay_kdf_params_init_default (&kdf);
  if (!_assay_kdf_params_weaker (&row->kdf, &kdf))
    kdf = row->kdf;

  return _assay_vault_wrap_with_passphrase (row, self->data_key, new_passphrase, &kdf, error) &&
         _assay_vault_save_row (self->database, row, self->data_key,
                                ASSAY_VAULT_PASSPHRASE_FIELDS, FALSE, error);
}

const guint8 *
_assay_vault_get_head_key (AssayVault *self)
{
  return self->head_key;
}

const guint8 *
_assay_vault_get_data_key (AssayVault *self)
{
  return self->data_key;
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
  g_autoptr(AssayVaultRow) row = NULL;

  g_return_val_if_fail (ASSAY_IS_VAULT (self), FALSE);

  if (!require_unlocked (self, error) ||
      !_assay_vault_read_row (self->database, &row, error))
    return FALSE;

  g_clear_pointer (&row->identity_sealed, g_bytes_unref);
  row->identity_sealed = _assay_identity_key_seal (self->data_key, self->identity, self->sign_sk,
                                                   name, agency);
  if (!_assay_vault_save_row (self->database, row, self->data_key,
                              1u << ASSAY_HEAD_FIELD_IDENTITY, FALSE, error))
    return FALSE;

  g_clear_pointer (&self->name, assay_secure_free);
  g_clear_pointer (&self->agency, assay_secure_free);
  self->name = assay_secure_strdup (name != NULL ? name : "");
  self->agency = assay_secure_strdup (agency != NULL ? agency : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENCY]);

  return TRUE;
}

/* Decrypted payloads are wiped when the last reference to them goes: the
 * length is kept just before the bytes, for the free function. */
static guint8 *
plaintext_alloc (gsize len)
{
  guint8 *block = g_malloc (sizeof (gsize) + len);

  memcpy (block, &len, sizeof len);

  return block + sizeof (gsize);
}

static void
plaintext_free (gpointer block)
{
  gsize len;

  memcpy (&len, block, sizeof len);
  sodium_memzero (block, sizeof (gsize) + len);
  g_free (block);
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
_assay_vault_open_with_key (const guint8   *key,
                            gconstpointer   sealed,
                            gsize           sealed_len,
                            const guint8   *ad,
                            gsize           ad_len,
                            GError        **error)
{
  const guint8 *in = sealed;
  guint8 *out;
  gsize out_len;

  if (sealed == NULL || sealed_len < NONCE_BYTES + TAG_BYTES)
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_DAMAGED,
                           _("The data is too short to be sealed"));
      return NULL;
    }

  out_len = sealed_len - NONCE_BYTES - TAG_BYTES;
  out = plaintext_alloc (out_len + 1);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (out, NULL, NULL,
                                                  in + NONCE_BYTES, sealed_len - NONCE_BYTES,
                                                  ad, ad_len, in, key) != 0)
    {
      plaintext_free (out - sizeof (gsize));
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_DAMAGED,
                           _("The data failed authentication: it was altered, moved or "
                             "rolled back"));
      return NULL;
    }

  /* A trailing NUL that is not part of the length lets text payloads be
   * read as C strings. */
  out[out_len] = '\0';

  return g_bytes_new_with_free_func (out, out_len, plaintext_free, out - sizeof (gsize));
}

GBytes *
assay_vault_open (AssayVault     *self,
                  gconstpointer   sealed,
                  gsize           sealed_len,
                  const guint8   *ad,
                  gsize           ad_len,
                  GError        **error)
{
  g_return_val_if_fail (ASSAY_IS_VAULT (self), NULL);

  if (!require_unlocked (self, error))
    return NULL;

  return _assay_vault_open_with_key (self->data_key, sealed, sealed_len, ad, ad_len, error);
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
    self->box_key = _assay_box_key_new (self->sign_sk);

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
