/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "assay-store-private.h"
#include "assay-test-util.h"

/*
 * The authenticated head as the store keeps it: moved write by write, it
 * equals the head built from scratch; a restored file takes no writes
 * until accepted; a rekey re-encrypts everything and reports its progress.
 */

typedef AssayTestEnv Fixture;

static AssayRecord *
save (Fixture    *f,
      const char *id,
      const char *text)
{
  g_autoptr(GBytes) payload = assay_test_bytes (text);
  g_autoptr(GError) error = NULL;
  AssayRecord *record = assay_store_save (f->store, "audits", id, payload, &error);

  g_assert_no_error (error);

  return record;
}

/* The head as stored against the head built again from the rows. */
static void
assert_head_true (Fixture *f)
{
  AssayDatabase *database = assay_vault_get_database (f->vault);
  const guint8 *key = _assay_vault_get_head_key (f->vault);
  g_autoptr(AssayVaultRow) row = NULL;
  g_autoptr(GError) error = NULL;
  AssayHead stored;
  AssayHead built;

  g_assert_true (_assay_head_read (database, &stored, &error));
  g_assert_no_error (error);
  g_assert_true (_assay_head_authentic (&stored, key));

  g_assert_true (_assay_vault_read_row (database, &row, &error));
  g_assert_true (assay_database_begin (database, &error));
  memset (&built, 0, sizeof built);
  g_assert_true (_assay_head_rebuild (database, &built, key, row, &error));
  g_assert_no_error (error);
  assay_database_rollback (database);

  g_assert_cmpint (stored.records, ==, built.records);
  g_assert_cmpmem (stored.records_sum, ASSAY_HEAD_BYTES, built.records_sum, ASSAY_HEAD_BYTES);
  g_assert_cmpmem (stored.conflicts_sum, ASSAY_HEAD_BYTES, built.conflicts_sum,
                   ASSAY_HEAD_BYTES);
  g_assert_cmpmem (stored.vault, sizeof stored.vault, built.vault, sizeof built.vault);
}

static void
test_head_incremental (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(AssayRecord) held = NULL;
  g_autoptr(AssayRecord) other = NULL;
  g_autoptr(GError) error = NULL;
  gboolean added = FALSE;

  /* Saves, more revisions, a batch in one transaction, a deletion, a
   * conflict set aside and resolved, a passphrase and a profile changed. */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(AssayRecord) record = save (f, NULL, "{\"n\": 1}");

      g_ptr_array_add (ids, g_strdup (record->id));
    }
  assert_head_true (f);

  g_assert_true (assay_store_begin (f->store, &error));
  for (guint i = 0; i < ids->len; i += 2)
    {
      g_autoptr(AssayRecord) record = save (f, ids->pdata[i], "{\"n\": 2}");
    }
  g_assert_true (assay_store_commit (f->store, &error));
  g_assert_no_error (error);
  assert_head_true (f);

  g_assert_true (assay_store_delete (f->store, "audits", ids->pdata[3], &error));
  g_assert_no_error (error);
  assert_head_true (f);

  g_clear_pointer (&held, assay_record_free);
  held = assay_store_load (f->store, "audits", ids->pdata[0], &error);
  other = assay_record_copy (held);
  g_clear_pointer (&other->payload, g_bytes_unref);
  other->payload = assay_test_bytes ("{\"n\": 3}");
  other->hlc++;
  g_assert_true (assay_store_add_conflict (f->store, other, &added, &error));
  g_assert_true (added);
  assert_head_true (f);
  g_assert_true (assay_store_resolve_conflict (f->store, other, &error));
  g_assert_no_error (error);
  assert_head_true (f);

  g_assert_true (assay_vault_change_passphrase (f->vault, "another long passphrase", &error));
  g_assert_true (assay_vault_set_profile (f->vault, "Ann Other", "Health", &error));
  g_assert_no_error (error);
  assert_head_true (f);
  g_assert_true (assay_store_verify_head (f->store, &error));
  g_assert_no_error (error);
}

static void
test_head_restore_refuses_writes (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(AssayRecord) first = save (f, NULL, "{\"n\": 1}");
  g_autoptr(AssayRecord) second = NULL;
  g_autoptr(AssayRecord) after = NULL;
  g_autoptr(AssayRecord) refused = NULL;
  g_autoptr(GBytes) payload = assay_test_bytes ("{\"n\": 4}");
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (assay_database_checkpoint (assay_vault_get_database (f->vault), &error));
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (backup, contents, len, NULL));
  second = save (f, first->id, "{\"n\": 2}");

  /* The file put back; the same vault opened again. */
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  g_assert_true (g_file_set_contents (f->path, contents, len, NULL));
  {
    g_autoptr(AssayDatabase) database = assay_database_open (f->path, &error);

    g_assert_no_error (error);
    f->vault = assay_vault_new (database);
  }
  assay_vault_unlock (f->vault, ASSAY_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  f->store = assay_store_new (f->vault);

  g_assert_false (assay_store_verify_head (f->store, &error));
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_RESTORED);
  g_clear_error (&error);

  refused = assay_store_save (f->store, "audits", first->id, payload, &error);
  g_assert_null (refused);
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_RESTORED);
  g_clear_error (&error);

  g_assert_true (assay_store_accept_restore (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (assay_store_verify_head (f->store, &error));
  after = save (f, first->id, "{\"n\": 5}");
  g_assert_cmpint (after->revision, ==, 2);
  assert_head_true (f);
}

static void
test_head_legacy_vault (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AssayRecord) first = save (f, NULL, "{\"n\": 1}");
  g_autoptr(AssayRecord) second = NULL;
  g_autoptr(AssayCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;

  /* A vault from before the head, never seen with one on this computer
   * (as every vault was when this version arrived): it gets one. */
  g_assert_true (assay_database_exec (assay_vault_get_database (f->vault),
                                      "DELETE FROM head; DELETE FROM ledger", &error));
  {
    g_autofree char *seen = g_build_filename (g_get_user_state_dir (), "assay", "vaults", NULL);

    _assay_head_seen_flush ();
    assay_test_rmdir (seen);
  }
  second = save (f, first->id, "{\"n\": 2}");
  assert_head_true (f);
  report = assay_store_check (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_cmpuint (report->damaged->len, ==, 0);
}

typedef struct
{
  guint64 done;
  guint64 total;
  guint   calls;
} Progress;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (done, >=, progress->done);
  progress->done = done;
  progress->total = total;
  progress->calls++;
}

static void
on_changed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_head_rekey_async (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AssaySecureString) recovery = NULL;
  g_autoptr(AssayRecord) loaded = NULL;
  g_autoptr(AssayCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  Progress progress = { 0 };

  for (guint i = 0; i < 600; i++)
    {
      g_autoptr(AssayRecord) record = save (f, NULL, "{\"evidence\": \"Section F\"}");

      if (id == NULL)
        id = g_strdup (record->id);
    }

  /* A wrong current passphrase changes nothing. */
  assay_store_change_passphrase_async (f->store, "not the passphrase", "a new passphrase",
                                       TRUE, on_progress, &progress, NULL, on_changed, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (assay_store_change_passphrase_finish (f->store, result, &recovery, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_PASSPHRASE);
  g_assert_null (recovery);
  g_clear_error (&error);
  g_clear_object (&result);

  assay_store_change_passphrase_async (f->store, ASSAY_TEST_PASSPHRASE, "a new passphrase",
                                       TRUE, on_progress, &progress, NULL, on_changed, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (assay_store_change_passphrase_finish (f->store, result, &recovery, &error));
  g_assert_no_error (error);
  g_assert_nonnull (recovery);

  /* Progress came to this thread, counted every revision, and ended. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (progress.total, ==, 600);
  g_assert_cmpuint (progress.done, ==, 600);
  g_assert_cmpuint (progress.calls, >=, 2);

  loaded = assay_store_load (f->store, "audits", id, &error);
  g_assert_no_error (error);
  assert_head_true (f);
  report = assay_store_check (f->store, &error);
  g_assert_cmpuint (report->n_ok, ==, 600);
  g_assert_cmpuint (report->problems->len, ==, 0);

  /* The vault opens with the new passphrase and the new recovery key. */
  assay_vault_lock (f->vault);
  assay_vault_unlock (f->vault, "a new passphrase", &error);
  g_assert_no_error (error);
  assay_vault_lock (f->vault);
  g_assert_false (assay_vault_recover (f->vault, f->recovery_key, "yet another passphrase",
                                       &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WRONG_RECOVERY_KEY);
  g_clear_error (&error);
  g_assert_true (assay_vault_recover (f->vault, recovery, "yet another passphrase", &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state = assay_test_mkdtemp ();

  /* This program's own record of what it saw, which one test wipes. */
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_test_init (&argc, &argv, NULL);

  ASSAY_TEST_ADD_ENV ("/head/incremental", ASSAY_TEST_ENV_DEFAULT, test_head_incremental);
  ASSAY_TEST_ADD_ENV ("/head/restore-refuses-writes", ASSAY_TEST_ENV_DEFAULT,
                      test_head_restore_refuses_writes);
  ASSAY_TEST_ADD_ENV ("/head/legacy-vault", ASSAY_TEST_ENV_DEFAULT, test_head_legacy_vault);
  ASSAY_TEST_ADD_ENV ("/head/rekey-async", ASSAY_TEST_ENV_DEFAULT, test_head_rekey_async);

  {
    int status = g_test_run ();

    _assay_head_seen_flush ();
    assay_test_rmdir (state);
    return status;
  }
}
