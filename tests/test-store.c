/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-store.h"
#include "assay-error.h"
#include "assay-test-util.h"

#define SECRET_A "{\"case\":\"EHC-2025-0042\",\"evidence\":\"Section F says access to SALT\"}"
#define SECRET_B "{\"case\":\"EHC-2025-0043\",\"evidence\":\"Golden thread from B to E to F\"}"
#define SECRET_C "{\"case\":\"EHC-2025-0044\",\"evidence\":\"Virtual school advice missing\"}"

/* A folder with a vault and its store: the shared test environment. */
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
  g_assert_nonnull (record);

  return record;
}

/* Runs @sql with ?1 bound to @a and ?2 bound to @b. */
static void
exec2 (Fixture    *f,
       const char *sql,
       const char *a,
       const char *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayStatement) stmt =
    assay_database_prepare (assay_vault_get_database (f->vault), sql, &error);

  g_assert_no_error (error);
  assay_statement_bind_text (stmt, 1, a);
  if (b != NULL)
    assay_statement_bind_text (stmt, 2, b);
  g_assert_true (assay_statement_run (stmt, &error));
  g_assert_no_error (error);
}

/* Flips one bit of the stored ciphertext of @id at @revision, the way a
 * failing disk or a hand edit would. */
static void
flip_bit (Fixture    *f,
          const char *id,
          gint64      revision,
          gsize       offset)
{
  AssayDatabase *database = assay_vault_get_database (f->vault);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *copy = NULL;
  gsize len;

  {
    g_autoptr(AssayStatement) stmt =
      assay_database_prepare (database,
                              "SELECT sealed FROM records WHERE id = ?1 AND revision = ?2",
                              &error);
    gconstpointer data;

    assay_statement_bind_text (stmt, 1, id);
    assay_statement_bind_int64 (stmt, 2, revision);
    g_assert_true (assay_statement_step (stmt, &error));
    data = assay_statement_get_blob (stmt, 0, &len);
    g_assert_cmpuint (len, >, offset);
    copy = g_memdup2 (data, len);
  }

  copy[offset] ^= 0x01;

  {
    g_autoptr(AssayStatement) stmt =
      assay_database_prepare (database,
                              "UPDATE records SET sealed = ?3 WHERE id = ?1 AND revision = ?2",
                              &error);

    assay_statement_bind_text (stmt, 1, id);
    assay_statement_bind_int64 (stmt, 2, revision);
    assay_statement_bind_blob (stmt, 3, copy, len);
    g_assert_true (assay_statement_run (stmt, &error));
    g_assert_no_error (error);
  }
}

static void
assert_reads (Fixture    *f,
              const char *id,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayRecord) record = assay_store_load (f->store, "audits", id, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (assay_record_get_text (record, NULL), ==, text);
}

static AssayDamage *
find_damage (AssayCheckReport *report,
             const char       *id)
{
  for (guint i = 0; i < report->damaged->len; i++)
    {
      AssayDamage *damage = g_ptr_array_index (report->damaged, i);

      if (g_str_equal (damage->id, id))
        return damage;
    }

  return NULL;
}

static void
test_store_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AssayRecord) first = save (f, NULL, SECRET_A);
  g_autoptr(AssayRecord) second = NULL;
  g_autoptr(AssayRecord) loaded = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_uuid_string_is_valid (first->id));
  g_assert_cmpint (first->revision, ==, 1);
  g_assert_cmpstr (first->author, ==, assay_vault_get_identity (f->vault));

  second = save (f, first->id, SECRET_B);
  g_assert_cmpstr (second->id, ==, first->id);
  g_assert_cmpint (second->revision, ==, 2);
  g_assert_cmpuint (second->hlc, >, first->hlc);

  assert_reads (f, first->id, SECRET_B);

  loaded = assay_store_load_revision (f->store, "audits", first->id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (assay_record_get_text (loaded, NULL), ==, SECRET_A);

  history = assay_store_history (f->store, "audits", first->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);

  g_clear_pointer (&loaded, assay_record_free);
  loaded = assay_store_load (f->store, "audits", "6d1f2b9e-0a8c-4c55-9a49-2f7e0f3c1d11", &error);
  g_assert_null (loaded);
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  loaded = assay_store_load (f->store, "audits", "'; DROP TABLE records; --", &error);
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INVALID);
}

static void
test_store_list_latest (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AssayRecord) a = save (f, NULL, SECRET_A);
  g_autoptr(AssayRecord) b = save (f, NULL, SECRET_B);
  g_autoptr(AssayRecord) a2 = save (f, a->id, SECRET_C);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (a2->revision, ==, 2);

  list = assay_store_list (f->store, "audits", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  /* Ordered by last change: b, then a at revision 2. */
  g_assert_cmpstr (((AssayRecord *) list->pdata[0])->id, ==, b->id);
  g_assert_cmpstr (((AssayRecord *) list->pdata[1])->id, ==, a->id);
  g_assert_cmpint (((AssayRecord *) list->pdata[1])->revision, ==, 2);

  g_clear_pointer (&list, g_ptr_array_unref);
  list = assay_store_list (f->store, "samples", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_store_persists (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AssayRecord) a = save (f, NULL, SECRET_A);
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->store);
  g_clear_object (&f->vault);

  database = assay_database_open (f->path, &error);
  g_assert_no_error (error);
  f->vault = assay_vault_new (database);
  g_assert_true (assay_vault_get_locked (f->vault));
  f->store = assay_store_new (f->vault);

  /* Locked: nothing can be read. */
  g_assert_null (assay_store_load (f->store, "audits", a->id, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_true (assay_vault_unlock (f->vault, ASSAY_TEST_PASSPHRASE, &error));
  assert_reads (f, a->id, SECRET_A);

  /* The clock carries on past what the file already holds. */
  {
    g_autoptr(AssayRecord) b = save (f, a->id, SECRET_B);
    g_assert_cmpuint (b->hlc, >, a->hlc);
  }
}

static void
assert_no_plaintext (const char *path,
                     const char *needle)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_assert_false (assay_test_file_contains (path, needle, strlen (needle)));
  g_assert_false (assay_test_file_contains (wal, needle, strlen (needle)));
  g_assert_false (assay_test_file_contains (shm, needle, strlen (needle)));
  g_assert_false (assay_test_file_contains (journal, needle, strlen (needle)));
}

static void
test_store_no_plaintext_on_disk (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autoptr(AssayRecord) a = save (f, NULL, SECRET_A);
  g_autoptr(AssayRecord) b = save (f, a->id, SECRET_B);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_cmpint (b->revision, ==, 2);

  /* The scan can see what it looks for: the WAL is there and the record's
   * plaintext id is in it. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (assay_test_file_contains (wal, a->id, strlen (a->id)));

  list = assay_store_list (f->store, "audits", &error);
  g_assert_no_error (error);

  assert_no_plaintext (f->path, "EHC-2025-0042");
  assert_no_plaintext (f->path, "access to SALT");
  assert_no_plaintext (f->path, "Golden thread");
  assert_no_plaintext (f->path, "Test Moderator");

  /* And after the WAL is folded into the main file. */
  g_assert_true (assay_database_checkpoint (assay_vault_get_database (f->vault), &error));
  g_assert_no_error (error);
  g_assert_true (assay_test_file_contains (f->path, a->id, strlen (a->id)));
  assert_no_plaintext (f->path, "EHC-2025-0042");
  assert_no_plaintext (f->path, "EHC-2025-0043");
  assert_no_plaintext (f->path, "Test Moderator");
}

static void
test_store_flipped_byte (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AssayRecord) a = save (f, NULL, SECRET_A);
  g_autoptr(AssayRecord) b = save (f, NULL, SECRET_B);
  g_autoptr(AssayRecord) c = save (f, NULL, SECRET_C);
  g_autoptr(AssayCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;
  AssayDamage *damage;

  /* One bit of b's ciphertext, past the nonce, is flipped. */
  flip_bit (f, b->id, 1, 30);

  g_assert_null (assay_store_load (f->store, "audits", b->id, &error));
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY);
  g_assert_nonnull (strstr (error->message, b->id));
  g_clear_error (&error);

  /* The others still read. */
  assert_reads (f, a->id, SECRET_A);
  assert_reads (f, c->id, SECRET_C);

  report = assay_store_check (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_records, ==, 3);
  g_assert_cmpuint (report->n_ok, ==, 2);
  g_assert_cmpuint (report->damaged->len, ==, 1);
  damage = find_damage (report, b->id);
  g_assert_nonnull (damage);
  g_assert_cmpstr (damage->collection, ==, "audits");
  g_assert_cmpint (damage->revision, ==, 1);
  g_assert_null (report->database_problem);
}

static void
test_store_moved_record (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AssayRecord) a = save (f, NULL, SECRET_A);
  g_autoptr(AssayRecord) b = save (f, NULL, SECRET_B);
  g_autoptr(AssayRecord) c = save (f, NULL, SECRET_C);
  g_autoptr(AssayCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;

  /* a's ciphertext is copied over b's row: each cell is genuine, but it is
   * in the wrong place. */
  exec2 (f,
         "UPDATE records SET sealed = (SELECT sealed FROM records WHERE id = ?1) "
         "WHERE id = ?2",
         a->id, b->id);

  g_assert_null (assay_store_load (f->store, "audits", b->id, &error));
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY);
  g_clear_error (&error);
  assert_reads (f, a->id, SECRET_A);
  assert_reads (f, c->id, SECRET_C);

  /* Renaming a row's id, or moving it to another collection, is caught too. */
  exec2 (f, "UPDATE records SET id = ?2 WHERE id = ?1",
         c->id, "0b4e7c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b");
  exec2 (f, "UPDATE records SET collection = 'samples' WHERE id = ?1", a->id, NULL);

  report = assay_store_check (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_records, ==, 3);
  g_assert_cmpuint (report->n_ok, ==, 0);
  g_assert_nonnull (find_damage (report, b->id));
  g_assert_nonnull (find_damage (report, a->id));
  g_assert_nonnull (find_damage (report, "0b4e7c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b"));
}

static void
test_store_rolled_back (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AssayRecord) a = save (f, NULL, SECRET_A);
  g_autoptr(AssayRecord) a2 = save (f, a->id, SECRET_B);
  g_autoptr(AssayRecord) b = save (f, NULL, SECRET_C);
  g_autoptr(AssayCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;
  AssayDamage *damage;

  g_assert_cmpint (a2->revision, ==, 2);

  /* Revision 1's ciphertext is put back in place of revision 2, as a restore
   * of an old backup of that row would. */
  exec2 (f,
         "UPDATE records SET sealed = "
         "  (SELECT sealed FROM records WHERE id = ?1 AND revision = 1), "
         "  hlc = (SELECT hlc FROM records WHERE id = ?1 AND revision = 1) "
         "WHERE id = ?1 AND revision = 2",
         a->id, NULL);

  g_assert_null (assay_store_load (f->store, "audits", a->id, &error));
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY);
  g_clear_error (&error);
  assert_reads (f, b->id, SECRET_C);

  report = assay_store_check (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_ok, ==, 2);
  damage = find_damage (report, a->id);
  g_assert_nonnull (damage);
  g_assert_cmpint (damage->revision, ==, 2);
}

static void
test_store_deleted_revision (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(AssayRecord) a = save (f, NULL, SECRET_A);
  g_autoptr(AssayRecord) a2 = save (f, a->id, SECRET_B);
  g_autoptr(AssayRecord) a3 = save (f, a->id, SECRET_C);
  g_autoptr(AssayCheckReport) report = NULL;
  g_autoptr(GError) error = NULL;
  AssayDamage *damage;

  g_assert_cmpint (a2->revision, ==, 2);
  g_assert_cmpint (a3->revision, ==, 3);

  exec2 (f, "DELETE FROM records WHERE id = ?1 AND revision = 2", a->id, NULL);

  report = assay_store_check (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_ok, ==, 2);
  damage = find_damage (report, a->id);
  g_assert_nonnull (damage);
  g_assert_cmpint (damage->revision, ==, 2);
  g_assert_nonnull (strstr (damage->reason, "missing"));
}

static void
test_store_bad_names (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) payload = assay_test_bytes ("{}");
  g_autoptr(GError) error = NULL;

  g_assert_null (assay_store_save (f->store, "Audits; DROP", NULL, payload, &error));
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (assay_store_save (f->store, "audits", "not-a-uuid", payload, &error));
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INVALID);
  g_clear_error (&error);

  assay_vault_lock (f->vault);
  g_assert_null (assay_store_save (f->store, "audits", NULL, payload, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
}

static guint
count (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = assay_store_list (f->store, "audits", &error);

  g_assert_no_error (error);

  return list->len;
}

static void
test_store_transaction_commit (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(AssayRecord) a = save (f, NULL, SECRET_A);
  g_autoptr(AssayRecord) a2 = NULL;
  g_autoptr(AssayRecord) b = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (assay_store_in_transaction (f->store));
  g_assert_true (assay_store_begin (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (assay_store_in_transaction (f->store));

  a2 = save (f, a->id, SECRET_B);
  b = save (f, NULL, SECRET_C);
  g_assert_cmpint (a2->revision, ==, 2);
  g_assert_cmpuint (b->hlc, >, a2->hlc);

  g_assert_true (assay_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_false (assay_store_in_transaction (f->store));

  assert_reads (f, a->id, SECRET_B);
  assert_reads (f, b->id, SECRET_C);
  g_assert_cmpuint (count (f), ==, 2);

  /* Saves on their own commit again. */
  {
    g_autoptr(AssayRecord) a3 = save (f, a->id, SECRET_A);

    g_assert_cmpint (a3->revision, ==, 3);
  }
}

static void
test_store_transaction_rollback (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(AssayRecord) a = save (f, NULL, SECRET_A);
  g_autoptr(GBytes) payload = assay_test_bytes (SECRET_C);
  g_autoptr(GError) error = NULL;

  g_assert_true (assay_store_begin (f->store, &error));

  {
    g_autoptr(AssayRecord) a2 = save (f, a->id, SECRET_B);
    g_autoptr(AssayRecord) b = save (f, NULL, SECRET_C);

    /* Readable inside the transaction that wrote them. */
    g_assert_cmpint (a2->revision, ==, 2);
    assert_reads (f, b->id, SECRET_C);
  }

  /* A failed save inside the transaction leaves it open for the caller. */
  g_assert_null (assay_store_save (f->store, "audits", "not-a-uuid", payload, &error));
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (assay_store_in_transaction (f->store));

  assay_store_rollback (f->store);
  g_assert_false (assay_store_in_transaction (f->store));

  /* Nothing of it was written: a is at revision 1 and alone. */
  assert_reads (f, a->id, SECRET_A);
  g_assert_cmpuint (count (f), ==, 1);
  {
    g_autoptr(GPtrArray) history = assay_store_history (f->store, "audits", a->id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (history->len, ==, 1);
  }

  /* Rolling back with nothing open is harmless; the store carries on. */
  assay_store_rollback (f->store);
  {
    g_autoptr(AssayRecord) a2 = save (f, a->id, SECRET_B);

    g_assert_cmpint (a2->revision, ==, 2);
  }

  /* A locked vault cannot start one. */
  assay_vault_lock (f->vault);
  g_assert_false (assay_store_begin (f->store, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
  g_assert_false (assay_store_in_transaction (f->store));
}

static void
test_store_delete (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AssayRecord) a = save (f, NULL, SECRET_A);
  g_autoptr(AssayRecord) a2 = save (f, a->id, SECRET_B);
  g_autoptr(AssayRecord) b = save (f, NULL, SECRET_C);
  g_autoptr(AssayRecord) gone = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_uuid_string_random ();

  g_assert_true (assay_store_delete (f->store, "audits", a->id, &error));
  g_assert_no_error (error);

  /* Every revision went, and nothing else did. */
  gone = assay_store_load (f->store, "audits", a->id, &error);
  g_assert_null (gone);
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  history = assay_store_history (f->store, "audits", a->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 0);
  g_assert_cmpuint (count (f), ==, 1);
  assert_reads (f, b->id, SECRET_C);

  /* What is not there cannot be deleted, twice or ever. */
  g_assert_false (assay_store_delete (f->store, "audits", a->id, &error));
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (assay_store_delete (f->store, "audits", other, &error));
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (assay_store_delete (f->store, "audits", "not-a-uuid", &error));
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (assay_store_in_transaction (f->store));

  /* Inside the caller's transaction, a rollback brings it back. */
  g_assert_true (assay_store_begin (f->store, &error));
  g_assert_true (assay_store_delete (f->store, "audits", b->id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f), ==, 0);
  assay_store_rollback (f->store);
  assert_reads (f, b->id, SECRET_C);

  /* The ciphertext is wiped from the file, not only unlinked. */
  g_assert_true (assay_store_delete (f->store, "audits", b->id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (f), ==, 0);

  assay_vault_lock (f->vault);
  g_assert_false (assay_store_delete (f->store, "audits", b->id, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
}

/* A full disk (SQLite's page limit, as when the file system fills up) is
 * an I/O failure, exit 5, and the store keeps what it had. */
static void
test_store_disk_full (Fixture       *f,
                      gconstpointer  data)
{
  AssayDatabase *database = assay_vault_get_database (f->vault);
  g_autoptr(AssayRecord) kept = save (f, NULL, SECRET_A);
  g_autoptr(AssayRecord) loaded = NULL;
  g_autoptr(AssayRecord) refused = NULL;
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GBytes) large = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *text = NULL;
  GString *big = g_string_new ("{\"evidence\": \"");

  stmt = assay_database_prepare (database, "PRAGMA page_count", &error);
  g_assert_no_error (error);
  g_assert_true (assay_statement_step (stmt, &error));
  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT,
                           assay_statement_get_int64 (stmt, 0));
  g_clear_pointer (&stmt, assay_statement_release);
  g_assert_true (assay_database_exec (database, limit, &error));

  for (guint i = 0; i < 20000; i++)
    g_string_append (big, "Provision seen in the timetable. ");
  g_string_append (big, "\"}");
  text = g_string_free (big, FALSE);
  large = g_bytes_new (text, strlen (text));

  refused = assay_store_save (f->store, "audits", kept->id, large, &error);
  g_assert_null (refused);
  g_assert_error (error, ASSAY_DATABASE_ERROR, ASSAY_DATABASE_ERROR_IO);
  g_assert_cmpint (assay_error_get_exit_code (error), ==, ASSAY_EXIT_IO);
  g_clear_error (&error);

  loaded = assay_store_load (f->store, "audits", kept->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->revision, ==, kept->revision);
  g_assert_true (g_bytes_equal (loaded->payload, kept->payload));
}

int
main (int    argc,
      char **argv)
{
  const AssayTestEnvFlags env = ASSAY_TEST_ENV_DEFAULT;

  g_test_init (&argc, &argv, NULL);

  ASSAY_TEST_ADD_ENV ("/store/round-trip", env, test_store_round_trip);
  ASSAY_TEST_ADD_ENV ("/store/list-latest", env, test_store_list_latest);
  ASSAY_TEST_ADD_ENV ("/store/persists", env, test_store_persists);
  ASSAY_TEST_ADD_ENV ("/store/no-plaintext-on-disk", env, test_store_no_plaintext_on_disk);
  ASSAY_TEST_ADD_ENV ("/store/flipped-byte", env, test_store_flipped_byte);
  ASSAY_TEST_ADD_ENV ("/store/moved-record", env, test_store_moved_record);
  ASSAY_TEST_ADD_ENV ("/store/rolled-back", env, test_store_rolled_back);
  ASSAY_TEST_ADD_ENV ("/store/deleted-revision", env, test_store_deleted_revision);
  ASSAY_TEST_ADD_ENV ("/store/bad-names", env, test_store_bad_names);
  ASSAY_TEST_ADD_ENV ("/store/delete", env, test_store_delete);
  ASSAY_TEST_ADD_ENV ("/store/transaction-commit", env, test_store_transaction_commit);
  ASSAY_TEST_ADD_ENV ("/store/transaction-rollback", env, test_store_transaction_rollback);
  ASSAY_TEST_ADD_ENV ("/store/disk-full", env, test_store_disk_full);

  return g_test_run ();
}
