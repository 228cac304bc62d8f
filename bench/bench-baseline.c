/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-baseline"

#include "config.h"

#include <string.h>
#include <sqlite3.h>
#include <sodium.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "assay-caseload.h"
#include "assay-store.h"
#include "bench-util.h"

/*
 * The floor an export or import is held against: the same data a bundle of
 * the vault carries (every audit, agreement and plan, newest revision),
 * inserted unencrypted into plain SQLite — one row per record plus one per
 * criterion grade (the audit's row without its grades, so that each datum
 * goes in once), the store's primary key and a key on the grades,
 * prepared statements, one transaction, the store's journal and sync
 * settings. Reading the vault to get the data is not timed.
 *
 * Usage: bench-baseline VAULT.db OUT.db [RUNS]. ASSAY_PASSPHRASE unlocks the
 * vault. Prints `baseline_ms=<median> rows=<R>` and, measured on the same
 * run, `kdf_ms=<median>`: one Argon2id derivation with the vault's default
 * parameters, which bench.sh takes off the CLI's times.
 */

typedef struct
{
  char   *collection;
  char   *id;
  gint64  revision;
  char   *author;
  gint64  hlc;
  GBytes *payload;
} Row;

typedef struct
{
  guint  record;      /* index into the rows */
  char  *criterion;
  char  *grade;
  char  *evidence;
} GradeRow;

static void
row_clear (Row *row)
{
  g_free (row->collection);
  g_free (row->id);
  g_free (row->author);
  g_bytes_unref (row->payload);
}

static void
grade_row_clear (GradeRow *row)
{
  g_free (row->criterion);
  g_free (row->grade);
  g_free (row->evidence);
}

static void
check (int      rc,
       sqlite3 *db,
       int      wanted)
{
  if (rc != wanted)
    g_error ("SQLite: %s", sqlite3_errmsg (db));
}

/* The grades of the audit in @payload, one row each, and the audit without
 * them: each datum is inserted once, as a schema with a grades table
 * would hold it */
static GBytes *
split_grades (GArray *grades,
              guint   record,
              GBytes *payload)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GList) names = NULL;
  gsize len;
  const char *text = g_bytes_get_data (payload, &len);
  JsonObject *root, *map;
  char *rest;

  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL))
    return g_bytes_ref (payload);
  root = json_node_get_object (json_parser_get_root (parser));
  if (root == NULL || !json_object_has_member (root, "grades"))
    return g_bytes_ref (payload);

  map = json_object_get_object_member (root, "grades");
  names = json_object_get_members (map);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *entry = json_object_get_object_member (map, l->data);
      GradeRow row = { record, g_strdup (l->data), NULL, NULL };

      row.grade = g_strdup (json_object_get_string_member_with_default (entry, "grade", ""));
      row.evidence = g_strdup (json_object_get_string_member_with_default (entry, "evidence",
                                                                            ""));
      g_array_append_val (grades, row);
    }

  json_object_remove_member (root, "grades");
  json_generator_set_root (generator, json_parser_get_root (parser));
  rest = json_generator_to_data (generator, &len);

  return g_bytes_new_take (rest, len);
}

static void
read_collection (AssayStore *store,
                 const char *collection,
                 GArray     *rows,
                 GArray     *grades)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = assay_store_list (store, collection, &error);
  if (records == NULL)
    g_error ("%s", error->message);

  for (guint i = 0; i < records->len; i++)
    {
      AssayRecord *record = g_ptr_array_index (records, i);
      Row row = { g_strdup (record->collection), g_strdup (record->id), record->revision,
                  g_strdup (record->author), (gint64) record->hlc, NULL };

      if (g_str_equal (collection, "audits"))
        row.payload = split_grades (grades, rows->len, record->payload);
      else
        row.payload = g_bytes_ref (record->payload);
      g_array_append_val (rows, row);
    }
}

static double
insert_all (const char *path,
            GArray     *rows,
            GArray     *grades)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *record_stmt = NULL;
  sqlite3_stmt *grade_stmt = NULL;
  gint64 start;
  double ms;

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);

  start = g_get_monotonic_time ();
  check (sqlite3_open (path, &db), db, SQLITE_OK);
  check (sqlite3_exec (db,
                       "PRAGMA journal_mode = WAL;"
                       "PRAGMA synchronous = FULL;"
                       "CREATE TABLE records ("
                       "  collection TEXT NOT NULL,"
                       "  id         TEXT NOT NULL,"
                       "  revision   INTEGER NOT NULL,"
                       "  author     TEXT NOT NULL,"
                       "  hlc        INTEGER NOT NULL,"
                       "  payload    BLOB NOT NULL,"
                       "  PRIMARY KEY (collection, id, revision)"
                       ") WITHOUT ROWID;"
                       "CREATE TABLE grades ("
                       "  audit     TEXT NOT NULL,"
                       "  criterion TEXT NOT NULL,"
                       "  grade     TEXT NOT NULL,"
                       "  evidence  TEXT NOT NULL,"
                       "  PRIMARY KEY (audit, criterion)"
                       ") WITHOUT ROWID;"
                       "BEGIN;", NULL, NULL, NULL), db, SQLITE_OK);
  check (sqlite3_prepare_v2 (db, "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?)", -1,
                             &record_stmt, NULL), db, SQLITE_OK);
  check (sqlite3_prepare_v2 (db, "INSERT INTO grades VALUES (?, ?, ?, ?)", -1, &grade_stmt, NULL),
         db, SQLITE_OK);

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);
      gsize len;
      gconstpointer data = g_bytes_get_data (row->payload, &len);

      sqlite3_bind_text (record_stmt, 1, row->collection, -1, SQLITE_STATIC);
      sqlite3_bind_text (record_stmt, 2, row->id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (record_stmt, 3, row->revision);
      sqlite3_bind_text (record_stmt, 4, row->author, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (record_stmt, 5, row->hlc);
      sqlite3_bind_blob (record_stmt, 6, data, (int) len, SQLITE_STATIC);
      check (sqlite3_step (record_stmt), db, SQLITE_DONE);
      sqlite3_reset (record_stmt);
    }
  for (guint i = 0; i < grades->len; i++)
    {
      GradeRow *row = &g_array_index (grades, GradeRow, i);

      sqlite3_bind_text (grade_stmt, 1, g_array_index (rows, Row, row->record).id, -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (grade_stmt, 2, row->criterion, -1, SQLITE_STATIC);
      sqlite3_bind_text (grade_stmt, 3, row->grade, -1, SQLITE_STATIC);
      sqlite3_bind_text (grade_stmt, 4, row->evidence, -1, SQLITE_STATIC);
      check (sqlite3_step (grade_stmt), db, SQLITE_DONE);
      sqlite3_reset (grade_stmt);
    }

  sqlite3_finalize (record_stmt);
  sqlite3_finalize (grade_stmt);
  check (sqlite3_exec (db, "COMMIT;", NULL, NULL, NULL), db, SQLITE_OK);
  check (sqlite3_close (db), NULL, SQLITE_OK);
  ms = (g_get_monotonic_time () - start) / 1000.0;

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);

  return ms;
}

static double
kdf_once (void)
{
  AssayKdfParams params;
  guint8 key[32];
  guint8 salt[crypto_pwhash_SALTBYTES] = { 0, };
  const char *passphrase = "benchmark passphrase";
  gint64 start = g_get_monotonic_time ();

  /* What the vault derives its passphrase key with by default */
  assay_kdf_params_init_default (&params);
  if (crypto_pwhash (key, sizeof key, passphrase, strlen (passphrase), salt,
                     params.opslimit, params.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    g_error ("Out of memory for the key derivation");

  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr(GArray) grades = g_array_new (FALSE, FALSE, sizeof (GradeRow));
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) kdf = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  const char *passphrase = g_getenv ("ASSAY_PASSPHRASE");
  guint runs;

  if (argc < 3 || passphrase == NULL)
    {
      g_printerr ("Usage: ASSAY_PASSPHRASE=… bench-baseline VAULT.db OUT.db [RUNS]\n");
      return 1;
    }
  runs = argc > 3 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : 3;
  if (sodium_init () < 0)
    g_error ("libsodium did not start");
  g_array_set_clear_func (rows, (GDestroyNotify) row_clear);
  g_array_set_clear_func (grades, (GDestroyNotify) grade_row_clear);

  database = assay_database_open (argv[1], &error);
  if (database == NULL)
    g_error ("%s", error->message);
  vault = assay_vault_new (database);
  if (!assay_vault_unlock (vault, passphrase, &error))
    g_error ("%s", error->message);
  store = assay_store_new (vault);
  read_collection (store, "audits", rows, grades);
  read_collection (store, "agreements", rows, grades);
  read_collection (store, ASSAY_CASELOAD_COLLECTION, rows, grades);

  for (guint i = 0; i < MAX (runs, 1); i++)
    {
      double ms = insert_all (argv[2], rows, grades);
      double k = kdf_once ();

      g_array_append_val (times, ms);
      g_array_append_val (kdf, k);
    }

  g_print ("baseline_ms=%.0f rows=%u kdf_ms=%.0f\n", bench_median (times), rows->len + grades->len,
           bench_median (kdf));

  return 0;
}
