/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-test-util.h"
#include "assay-vault.h"

/* A folder with an open vault: the shared test environment. */
typedef AssayTestEnv Fixture;

/* The vault row as bytes, to show a failed operation changed nothing. */
static GBytes *
vault_row (AssayVault *vault)
{
  AssayDatabase *database = assay_vault_get_database (vault);
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  stmt = assay_database_prepare (database,
                                 "SELECT kdf_opslimit, kdf_memlimit, kdf_salt, passphrase_wrap, "
                                 "recovery_salt, recovery_wrap, identity_public, identity_sealed "
                                 "FROM vault",
                                 NULL);
  g_assert_true (assay_statement_step (stmt, NULL));
  for (int i = 0; i < 8; i++)
    {
      gsize len;
      gconstpointer data = assay_statement_get_blob (stmt, i, &len);
      g_byte_array_append (bytes, data, len);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static GBytes *
seal_text (AssayVault *vault,
           const char *text)
{
  g_autoptr(GBytes) plain = assay_test_bytes (text);
  g_autoptr(GError) error = NULL;
  GBytes *sealed = assay_vault_seal (vault, plain, (const guint8 *) "ad", 2, &error);

  g_assert_no_error (error);

  return sealed;
}

static void
assert_opens_to (AssayVault *vault,
                 GBytes     *sealed,
                 const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = assay_vault_open (vault, g_bytes_get_data (sealed, NULL),
                                              g_bytes_get_size (sealed),
                                              (const guint8 *) "ad", 2, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (g_bytes_get_data (plain, NULL), ==, text);
}

static void
test_vault_create (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssaySecureString) key = NULL;
  guint8 bytes[ASSAY_RECOVERY_KEY_BYTES];
  const char *identity = assay_vault_get_identity (f->vault);

  g_assert_true (assay_vault_exists (f->vault));
  g_assert_false (assay_vault_get_locked (f->vault));
  g_assert_cmpuint (strlen (identity), ==, 64);
  for (const char *p = identity; *p; p++)
    g_assert_true (g_ascii_isxdigit (*p));
  g_assert_cmpstr (assay_vault_get_name (f->vault), ==, "Test Moderator");
  g_assert_cmpstr (assay_vault_get_agency (f->vault), ==, "Education");

  /* The recovery key is well formed and never stored. */
  g_assert_true (assay_recovery_key_parse (f->recovery_key, bytes, &error));
  g_assert_no_error (error);
  g_assert_false (assay_test_file_contains (f->path, bytes, sizeof bytes));

  /* A second vault in the same file is refused. */
  g_assert_false (assay_vault_create (f->vault, "another passphrase", NULL, NULL, NULL,
                                      &key, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_EXISTS);
  g_assert_null (key);
}

static void
test_vault_weak_passphrase (void)
{
  g_autofree char *dir = assay_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "assay.db", NULL);
  g_autoptr(AssayDatabase) database = assay_database_open (path, NULL);
  g_autoptr(AssayVault) vault = assay_vault_new (database);
  g_autoptr(AssaySecureString) key = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (assay_vault_create (vault, "short", NULL, NULL, NULL, &key, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WEAK_PASSPHRASE);
  g_assert_false (assay_vault_exists (vault));
  g_clear_error (&error);

  g_assert_false (assay_vault_create (vault, NULL, NULL, NULL, NULL, &key, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WEAK_PASSPHRASE);

  g_clear_object (&vault);
  g_clear_object (&database);
  assay_test_rmdir (dir);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_vault_lock_unlock (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sealed = seal_text (f->vault, "EHCP section F: 3 x 30 min SALT a week");
  g_autoptr(GBytes) row = NULL;
  g_autoptr(GBytes) row_after = NULL;
  guint notified = 0;

  assay_vault_lock (f->vault);
  g_assert_true (assay_vault_get_locked (f->vault));
  /* Locked: no key, no profile, nothing sealed or opened. */
  g_assert_null (assay_vault_get_name (f->vault));
  g_assert_null (assay_vault_seal (f->vault, sealed, NULL, 0, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
  g_clear_error (&error);
  /* The public identity stays readable. */
  g_assert_nonnull (assay_vault_get_identity (f->vault));

  /* The first unlock raises the test vault's cheap KDF to the default and
   * rewrites the row; from then on a wrong passphrase changes nothing. */
  g_assert_true (assay_vault_unlock (f->vault, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);
  assay_vault_lock (f->vault);
  row = vault_row (f->vault);

  g_signal_connect (f->vault, "notify::locked", G_CALLBACK (count_notify), &notified);

  g_assert_false (assay_vault_unlock (f->vault, "Correct Horse Battery Staple", &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_PASSPHRASE);
  g_assert_true (assay_vault_get_locked (f->vault));
  g_assert_cmpuint (notified, ==, 0);
  g_clear_error (&error);

  g_assert_false (assay_vault_unlock (f->vault, "", &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  row_after = vault_row (f->vault);
  g_assert_true (g_bytes_equal (row, row_after));

  g_assert_true (assay_vault_unlock (f->vault, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_false (assay_vault_get_locked (f->vault));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (assay_vault_get_name (f->vault), ==, "Test Moderator");
  assert_opens_to (f->vault, sealed, "EHCP section F: 3 x 30 min SALT a week");
}

static void
save_on_locking (AssayVault *vault,
                 GBytes    **sealed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = assay_test_bytes ("the last words of a note");

  /* The keys are still there while "locking" runs. */
  g_assert_false (assay_vault_get_locked (vault));
  *sealed = assay_vault_seal (vault, plain, (const guint8 *) "ad", 2, &error);
  g_assert_no_error (error);
}

static void
test_vault_locking_signal (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (f->vault, "locking", G_CALLBACK (save_on_locking), &sealed);
  assay_vault_lock (f->vault);
  g_assert_true (assay_vault_get_locked (f->vault));
  g_assert_nonnull (sealed);

  /* Locking a locked vault emits nothing. */
  g_clear_pointer (&sealed, g_bytes_unref);
  assay_vault_lock (f->vault);
  g_assert_null (sealed);

  g_assert_true (assay_vault_unlock (f->vault, ASSAY_TEST_PASSPHRASE, &error));
  g_clear_pointer (&sealed, g_bytes_unref);
}

static void
test_vault_kdf_upgrade (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AssayKdfParams stored, fast, defaults;

  assay_kdf_params_init_fast (&fast);
  assay_kdf_params_init_default (&defaults);

  assay_vault_get_kdf_params (f->vault, &stored);
  g_assert_cmpuint (stored.opslimit, ==, fast.opslimit);
  g_assert_cmpuint (stored.memlimit, ==, fast.memlimit);

  assay_vault_lock (f->vault);
  g_assert_true (assay_vault_unlock (f->vault, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);

  /* Raised to today's cost while the passphrase was at hand... */
  assay_vault_get_kdf_params (f->vault, &stored);
  g_assert_cmpuint (stored.opslimit, ==, defaults.opslimit);
  g_assert_cmpuint (stored.memlimit, ==, defaults.memlimit);

  /* ...and it still opens with the same passphrase. */
  assay_vault_lock (f->vault);
  g_assert_true (assay_vault_unlock (f->vault, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);
}

static void
test_vault_tampered_parameters (Fixture       *f,
                                gconstpointer  data)
{
  AssayDatabase *database = assay_vault_get_database (f->vault);
  g_autoptr(GError) error = NULL;

  /* Editing the stored cost down does not weaken anything: the parameters
   * are bound to the wrapped key, so the passphrase no longer opens it. */
  assay_vault_lock (f->vault);
  g_assert_true (assay_database_exec (database, "UPDATE vault SET kdf_opslimit = kdf_opslimit + 1",
                                      &error));
  g_assert_false (assay_vault_unlock (f->vault, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  g_assert_true (assay_database_exec (database, "UPDATE vault SET kdf_salt = x'00'", &error));
  g_assert_false (assay_vault_unlock (f->vault, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "kdf_salt"));
  g_assert_true (assay_vault_get_locked (f->vault));
}

static void
test_vault_tampered_identity (Fixture       *f,
                              gconstpointer  data)
{
  AssayDatabase *database = assay_vault_get_database (f->vault);
  g_autoptr(GError) error = NULL;

  assay_vault_lock (f->vault);
  /* Another vault's identity row pasted in fails; so does a flipped byte. */
  g_assert_true (assay_database_exec (database,
                                      "UPDATE vault SET identity_sealed = "
                                      "substr(identity_sealed, 1, 30) || "
                                      "x'00' || substr(identity_sealed, 32)",
                                      &error));
  g_assert_false (assay_vault_unlock (f->vault, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_DAMAGED);
  g_assert_true (assay_vault_get_locked (f->vault));
}

static void
test_vault_change_passphrase (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sealed = seal_text (f->vault, "Child in care: virtual school advice present");

  g_assert_false (assay_vault_change_passphrase (f->vault, "tiny", &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WEAK_PASSPHRASE);
  g_clear_error (&error);

  g_assert_true (assay_vault_change_passphrase (f->vault, "a brand new passphrase", &error));
  g_assert_no_error (error);

  assay_vault_lock (f->vault);
  g_assert_false (assay_vault_unlock (f->vault, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  g_assert_true (assay_vault_unlock (f->vault, "a brand new passphrase", &error));
  g_assert_no_error (error);
  /* Only the wrap changed: what was sealed before still opens. */
  assert_opens_to (f->vault, sealed, "Child in care: virtual school advice present");

  /* Changing needs the vault unlocked. */
  assay_vault_lock (f->vault);
  g_assert_false (assay_vault_change_passphrase (f->vault, "yet another passphrase", &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
}

static void
test_vault_recover (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sealed = seal_text (f->vault, "Outcome E3 is SMART");
  g_autoptr(GBytes) row = NULL;
  g_autoptr(GBytes) row_after = NULL;
  g_autofree char *other_dir = assay_test_mkdtemp ();
  g_autofree char *other_key = NULL;
  g_autoptr(AssayVault) other = assay_test_vault_new (other_dir, &other_key);
  g_autofree char *typo = g_strdup (f->recovery_key);

  assay_vault_lock (f->vault);
  row = vault_row (f->vault);

  /* Another vault's recovery key is well formed but wrong. */
  g_assert_false (assay_vault_recover (f->vault, other_key, "new passphrase here", &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_RECOVERY_KEY);
  g_clear_error (&error);

  /* A slip of the pen is reported as a typing mistake. */
  typo[0] = typo[0] == 'A' ? 'B' : 'A';
  g_assert_false (assay_vault_recover (f->vault, typo, "new passphrase here", &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_BAD_RECOVERY_KEY);
  g_clear_error (&error);

  /* A weak new passphrase is refused before anything happens. */
  g_assert_false (assay_vault_recover (f->vault, f->recovery_key, "short", &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WEAK_PASSPHRASE);
  g_clear_error (&error);

  row_after = vault_row (f->vault);
  g_assert_true (g_bytes_equal (row, row_after));
  g_assert_true (assay_vault_get_locked (f->vault));

  g_assert_true (assay_vault_recover (f->vault, f->recovery_key, "new passphrase here", &error));
  g_assert_no_error (error);
  g_assert_false (assay_vault_get_locked (f->vault));
  assert_opens_to (f->vault, sealed, "Outcome E3 is SMART");

  assay_vault_lock (f->vault);
  g_assert_false (assay_vault_unlock (f->vault, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (assay_vault_unlock (f->vault, "new passphrase here", &error));
  g_assert_no_error (error);

  g_clear_object (&other);
  assay_test_rmdir (other_dir);
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_vault_async (void)
{
  g_autofree char *dir = assay_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "assay.db", NULL);
  g_autoptr(AssayDatabase) database = assay_database_open (path, NULL);
  g_autoptr(AssayVault) vault = assay_vault_new (database);
  g_autoptr(AssaySecureString) key = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  AssayKdfParams fast;

  assay_kdf_params_init_fast (&fast);
  assay_vault_create_async (vault, "passphrase for async", &fast, "Async", "Health",
                            NULL, async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (assay_vault_create_finish (vault, result, &key, &error));
  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_cmpstr (assay_vault_get_agency (vault), ==, "Health");
  g_clear_object (&result);

  assay_vault_lock (vault);
  assay_vault_unlock_async (vault, "wrong passphrase!", NULL, async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (assay_vault_unlock_finish (vault, result, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_clear_object (&result);

  assay_vault_unlock_async (vault, "passphrase for async", NULL, async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (assay_vault_unlock_finish (vault, result, &error));
  g_assert_no_error (error);
  g_assert_false (assay_vault_get_locked (vault));
  g_clear_object (&result);

  assay_vault_lock (vault);
  assay_vault_recover_async (vault, key, "recovered passphrase", NULL, async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (assay_vault_recover_finish (vault, result, &error));
  g_assert_no_error (error);
  g_assert_false (assay_vault_get_locked (vault));
  g_clear_object (&result);

  g_clear_object (&vault);
  g_clear_object (&database);
  assay_test_rmdir (dir);
}

static void
test_vault_profile_sealed (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  g_signal_connect (f->vault, "notify::name", G_CALLBACK (count_notify), &notified);
  g_assert_true (assay_vault_set_profile (f->vault, "Priya Chaudhry", "Health", &error));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_no_error (error);
  g_assert_true (assay_database_checkpoint (assay_vault_get_database (f->vault), &error));
  g_assert_false (assay_test_file_contains (f->path, "Priya", 5));
  g_assert_false (assay_test_file_contains (f->path, "Test Moderator", 14));

  assay_vault_lock (f->vault);
  g_assert_true (assay_vault_unlock (f->vault, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_cmpstr (assay_vault_get_name (f->vault), ==, "Priya Chaudhry");
  g_assert_cmpstr (assay_vault_get_agency (f->vault), ==, "Health");
}

int
main (int    argc,
      char **argv)
{
  const AssayTestEnvFlags env = ASSAY_TEST_ENV_DEFAULT;

  g_test_init (&argc, &argv, NULL);

  ASSAY_TEST_ADD_ENV ("/vault/create", env, test_vault_create);
  g_test_add_func ("/vault/weak-passphrase", test_vault_weak_passphrase);
  ASSAY_TEST_ADD_ENV ("/vault/lock-unlock", env, test_vault_lock_unlock);
  ASSAY_TEST_ADD_ENV ("/vault/kdf-upgrade", env, test_vault_kdf_upgrade);
  ASSAY_TEST_ADD_ENV ("/vault/locking-signal", env, test_vault_locking_signal);
  ASSAY_TEST_ADD_ENV ("/vault/tampered-parameters", env, test_vault_tampered_parameters);
  ASSAY_TEST_ADD_ENV ("/vault/tampered-identity", env, test_vault_tampered_identity);
  ASSAY_TEST_ADD_ENV ("/vault/change-passphrase", env, test_vault_change_passphrase);
  ASSAY_TEST_ADD_ENV ("/vault/recover", env, test_vault_recover);
  g_test_add_func ("/vault/async", test_vault_async);
  ASSAY_TEST_ADD_ENV ("/vault/profile-sealed", env, test_vault_profile_sealed);

  return g_test_run ();
}
