/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-audit-index.h"
#include "assay-test-util.h"

/* Audits listed from their encrypted summaries (assay-audit-index.h) read
 * as the whole audits do, and a summary that is missing, stale, altered or
 * moved is made again from the record. */

typedef AssayTestEnv Fixture;

/* Three audits on tiny.json: a finished one with evidence, notes and an
 * action, a draft, and one overridden with a reason. */
static GPtrArray *
make_audits (Fixture *f)
{
  static const char * const criteria[] = { "a1", "a2", "b1", "b2", "c1", "c2" };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  for (guint n = 0; n < 3; n++)
    {
      g_autofree char *case_ref = g_strdup_printf ("EHC-2026-%04u", n + 1);
      g_autoptr(AssayAudit) audit = assay_audit_create (f->store, f->tiny, case_ref, n == 1,
                                                        &error);

      g_assert_no_error (error);
      for (guint i = 0; i < G_N_ELEMENTS (criteria) - (n == 1 ? 2 : 0); i++)
        {
          /* c2 allows only Silver or Not yet Bronze */
          AssayGrade grade = i == 5 ? ASSAY_GRADE_SILVER : (AssayGrade) (1 + (i + n) % 4);

          assay_audit_set_grade (audit, criteria[i], grade,
                                 i % 2 ? "Section F names who, what and how often" : NULL,
                                 &error);
          g_assert_no_error (error);
        }
      assay_audit_set_text (audit, ASSAY_AUDIT_STRENGTHS, "The child’s voice is clear", &error);
      g_assert_no_error (error);
      assay_audit_add_action (audit, "Quantify the speech and language therapy", "SENCO",
                              n == 0 ? "2026-01-31" : NULL, &error);
      g_assert_no_error (error);
      if (n == 0)
        assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error);
      else if (n == 2)
        assay_audit_finish (audit, ASSAY_GRADE_SILVER, "The panel saw the therapy log", &error);
      g_assert_no_error (error);
      g_ptr_array_add (ids, g_strdup (assay_audit_get_id (audit)));
    }

  return g_steal_pointer (&ids);
}

static char *
list_json (GPtrArray *audits)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < audits->len; i++)
    json_builder_add_value (builder, assay_audit_to_json (audits->pdata[i], FALSE));
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/* The same audits, each opened whole. */
static char *
opened_json (Fixture   *f,
             GPtrArray *audits)
{
  g_autoptr(GPtrArray) opened = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < audits->len; i++)
    {
      g_autoptr(GError) error = NULL;
      AssayAudit *audit = assay_audit_open (f->store, f->frameworks,
                                            assay_audit_get_id (audits->pdata[i]), &error);

      g_assert_no_error (error);
      g_ptr_array_add (opened, audit);
    }

  return list_json (opened);
}

static GPtrArray *
list (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *audits = assay_audit_list (f->store, f->frameworks, &error);

  g_assert_no_error (error);
  return audits;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayStatement) stmt = assay_database_prepare (assay_vault_get_database (f->vault),
                                                           sql, &error);

  g_assert_no_error (error);
  g_assert_true (assay_statement_step (stmt, &error));
  return assay_statement_get_int64 (stmt, 0);
}

static void
exec (Fixture    *f,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (assay_database_exec (assay_vault_get_database (f->vault), sql, &error));
  g_assert_no_error (error);
}

static void
test_index_reads_as_whole (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = make_audits (f);
  g_autoptr(GPtrArray) audits = list (f);
  g_autofree char *listed = NULL;
  g_autofree char *opened = NULL;

  /* Every change wrote its audit's summary. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM summaries"), ==, 3);

  g_assert_cmpuint (audits->len, ==, 3);
  listed = list_json (audits);
  opened = opened_json (f, audits);
  g_assert_cmpstr (listed, ==, opened);

  for (guint i = 0; i < audits->len; i++)
    {
      AssayAudit *audit = audits->pdata[i];
      const char *what = NULL, *owner = NULL, *due = NULL, *reason = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(AssayAudit) whole = assay_audit_open (f->store, f->frameworks,
                                                      assay_audit_get_id (audit), &error);

      g_assert_no_error (error);
      for (const char *c = "a1\0a2\0b1\0b2\0c1\0c2\0"; *c != '\0'; c += strlen (c) + 1)
        g_assert_cmpint (assay_audit_get_grade (audit, c, NULL), ==,
                         assay_audit_get_grade (whole, c, NULL));
      g_assert_cmpint (assay_audit_get_final (audit, &reason), ==,
                       assay_audit_get_final (whole, NULL));
      g_assert_cmpint (assay_audit_get_blind (audit), ==, assay_audit_get_blind (whole));
      g_assert_cmpuint (assay_audit_get_n_actions (audit), ==, 1);
      g_assert_true (assay_audit_get_action (audit, 0, &what, &owner, &due));
      g_assert_cmpstr (what, ==, "Quantify the speech and language therapy");
      g_assert_cmpstr (owner, ==, "SENCO");
      g_assert_cmpstr (due, ==, i == 0 ? "2026-01-31" : NULL);
      if (i == 2)
        g_assert_cmpstr (reason, ==, "The panel saw the therapy log");

      /* What the summary does not hold is read when asked for. */
      g_assert_cmpstr (assay_audit_get_text (audit, ASSAY_AUDIT_STRENGTHS), ==,
                       "The child’s voice is clear");
    }
}

static void
test_index_evidence_unread (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = make_audits (f);
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(AssayAudit) opened = NULL;
  g_autoptr(GError) error = NULL;

  /* Spoil every revision's payload: a list that reads only the summaries
   * still lists every audit with its grades; the evidence, read when an
   * audit is opened, then fails to authenticate. */
  exec (f, "UPDATE records SET sealed = zeroblob (length (sealed)) WHERE collection = 'audits'");
  audits = list (f);
  g_assert_cmpuint (audits->len, ==, 3);
  g_assert_cmpint (assay_audit_get_grade (audits->pdata[0], "a1", NULL), ==,
                   ASSAY_GRADE_NOT_YET_BRONZE);

  g_assert_cmpint (assay_audit_get_grade (audits->pdata[0], "a2", NULL), !=, ASSAY_GRADE_NONE);
  opened = assay_audit_open (f->store, f->frameworks, ids->pdata[0], &error);
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY);
  g_assert_null (opened);
  g_clear_error (&error);

  /* A change to a listed audit reads it whole first, and says so. */
  g_assert_false (assay_audit_set_grade (audits->pdata[1], "a1", ASSAY_GRADE_GOLD, NULL,
                                         &error));
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY);
}

static void
test_index_remade (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = make_audits (f);
  g_autoptr(GPtrArray) before = list (f);
  g_autofree char *expected = list_json (before);

  /* Missing: made again, and stored for the next list. */
  exec (f, "DELETE FROM summaries");
  {
    g_autoptr(GPtrArray) audits = list (f);
    g_autofree char *listed = list_json (audits);

    g_assert_cmpstr (listed, ==, expected);
    g_assert_cmpint (count (f, "SELECT count(*) FROM summaries"), ==, 3);
  }

  /* Altered: fails to open, made again from the record. */
  exec (f, "UPDATE summaries SET sealed = zeroblob (length (sealed))");
  {
    g_autoptr(GPtrArray) audits = list (f);
    g_autofree char *listed = list_json (audits);

    g_assert_cmpstr (listed, ==, expected);
  }

  /* Moved: the first audit's summary put in the place of the others', with
   * their revision and stamp, does not open as theirs. */
  {
    g_autofree char *sql =
      g_strdup_printf ("UPDATE summaries SET sealed = (SELECT sealed FROM summaries "
                       "WHERE id = '%s') WHERE id != '%s'",
                       (char *) ids->pdata[0], (char *) ids->pdata[0]);
    g_autoptr(GPtrArray) audits = NULL;
    g_autofree char *listed = NULL;

    exec (f, sql);
    audits = list (f);
    listed = list_json (audits);
    g_assert_cmpstr (listed, ==, expected);
  }

  /* Stale: a summary of an earlier revision is not read for the newest. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AssayAudit) audit = assay_audit_open (f->store, f->frameworks, ids->pdata[1],
                                                    &error);
    g_autofree char *sql =
      g_strdup_printf ("UPDATE summaries SET revision = revision - 1 WHERE id = '%s'",
                       (char *) ids->pdata[1]);
    g_autoptr(GPtrArray) audits = NULL;

    g_assert_no_error (error);
    exec (f, sql);
    audits = list (f);
    for (guint i = 0; i < audits->len; i++)
      if (g_strcmp0 (assay_audit_get_id (audits->pdata[i]), ids->pdata[1]) == 0)
        g_assert_cmpint (assay_audit_get_revision (audits->pdata[i]), ==,
                         assay_audit_get_revision (audit));
  }
}

static void
test_index_follows_deletion (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = make_audits (f);
  g_autoptr(AssayAudit) draft = NULL;
  g_autoptr(GError) error = NULL;

  /* A draft deleted takes its summary (grades, case reference) with it. */
  draft = assay_audit_open (f->store, f->frameworks, ids->pdata[1], &error);
  g_assert_no_error (error);
  g_assert_true (assay_audit_delete (draft, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM summaries"), ==, 2);
}

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  guint64 *seen = user_data;

  g_assert_cmpuint (done, ==, seen[0] + 1);
  seen[0] = done;
  seen[1] = total;
}

static void
test_index_refresh (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = make_audits (f);
  g_autoptr(GError) error = NULL;
  guint64 seen[2] = { 0, 0 };

  /* Revisions that came another way than through AssayAudit (a bundle)
   * have no summary until the importer refreshes the index. */
  exec (f, "DELETE FROM summaries WHERE id IN (SELECT id FROM summaries LIMIT 2)");
  g_assert_true (assay_audit_index_refresh (f->store, f->frameworks, on_progress, seen,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM summaries"), ==, 3);
  g_assert_cmpuint (seen[0], ==, 2);
  g_assert_cmpuint (seen[1], ==, 2);
}

typedef struct
{
  GPtrArray *seen;
  guint      n_batches;
  GPtrArray *result;
  GError    *error;
  gboolean   done;
} AsyncState;

static void
on_batch (GPtrArray *audits,
          gpointer   user_data)
{
  AsyncState *state = user_data;

  state->n_batches++;
  for (guint i = 0; i < audits->len; i++)
    g_ptr_array_add (state->seen, g_object_ref (audits->pdata[i]));
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;

  state->result = assay_audit_list_finish (ASSAY_STORE (source), result, NULL, &state->error);
  state->done = TRUE;
}

static void
list_async (Fixture      *f,
            GCancellable *cancellable,
            AsyncState   *state)
{
  state->seen = g_ptr_array_new_with_free_func (g_object_unref);
  assay_audit_list_async (f->store, f->frameworks, on_batch, state, cancellable, on_listed,
                          state);
  while (!state->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_index_async (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = make_audits (f);
  g_autoptr(GPtrArray) audits = list (f);
  g_autofree char *expected = list_json (audits);
  AsyncState state = { 0 };

  /* One summary missing: made on the main thread, in its place. */
  exec (f, "DELETE FROM summaries WHERE id IN (SELECT id FROM summaries LIMIT 1)");
  list_async (f, NULL, &state);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.result);
  g_assert_cmpuint (state.n_batches, >=, 1);
  {
    g_autofree char *seen = list_json (state.seen);
    g_autofree char *result = list_json (state.result);

    g_assert_cmpstr (seen, ==, expected);
    g_assert_cmpstr (result, ==, expected);
  }
  g_clear_pointer (&state.seen, g_ptr_array_unref);
  g_clear_pointer (&state.result, g_ptr_array_unref);
}

static void
test_index_async_batches (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GError) error = NULL;
  AsyncState state = { 0 };

  /* More audits than one batch holds: handed over while the worker still
   * reads (in one batch or several, as the main loop keeps up), in order. */
  g_assert_true (assay_store_begin (f->store, &error));
  for (guint i = 0; i < 1100; i++)
    {
      g_autofree char *case_ref = g_strdup_printf ("EHC-2026-%05u", i);
      g_autoptr(AssayAudit) audit = assay_audit_create (f->store, f->tiny, case_ref, FALSE,
                                                        &error);

      g_assert_no_error (error);
    }
  g_assert_true (assay_store_commit (f->store, &error));
  audits = list (f);

  list_async (f, NULL, &state);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.n_batches, >=, 1);
  g_assert_cmpuint (state.seen->len, ==, audits->len);
  g_assert_cmpuint (state.result->len, ==, audits->len);
  for (guint i = 0; i < audits->len; i++)
    {
      g_assert_cmpstr (assay_audit_get_id (state.seen->pdata[i]), ==,
                       assay_audit_get_id (audits->pdata[i]));
      g_assert_true (state.result->pdata[i] == state.seen->pdata[i]);
    }
  g_clear_pointer (&state.seen, g_ptr_array_unref);
  g_clear_pointer (&state.result, g_ptr_array_unref);
}

static void
test_index_async_cancelled (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = make_audits (f);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncState state = { 0 };

  g_cancellable_cancel (cancellable);
  list_async (f, cancellable, &state);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (state.result);
  g_assert_cmpuint (state.seen->len, ==, 0);
  g_clear_error (&state.error);
  g_clear_pointer (&state.seen, g_ptr_array_unref);
}

static void
test_index_async_locked (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = make_audits (f);
  AsyncState state = { 0 };

  /* Locked as the list starts: nothing is read. */
  assay_vault_lock (f->vault);
  list_async (f, NULL, &state);
  g_assert_error (state.error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
  g_assert_cmpuint (state.seen->len, ==, 0);
  g_clear_error (&state.error);
  g_clear_pointer (&state.seen, g_ptr_array_unref);
}

static char *
generate_pretty (JsonNode *node,
                 guint     base)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *indent = g_strnfill (base * 2, ' ');
  g_autofree char *separator = NULL;
  g_autofree char *joined = NULL;
  g_auto(GStrv) lines = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  lines = g_strsplit (text, "\n", -1);
  separator = g_strconcat ("\n", indent, NULL);
  joined = g_strjoinv (separator, lines);

  return g_strconcat (indent, joined, NULL);
}

static void
test_index_writer_as_json_glib (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GString) ascii = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *expected = NULL;
  const double doubles[] = { 0.0, 1.0, 0.1, 1.0 / 3, 0.87, 1e-7, -2.5, 100.0 };
  AssayJsonWriter writer;

  /* Every byte json-glib escapes or not, and UTF-8 beyond. */
  for (int c = 1; c < 128; c++)
    g_string_append_c (ascii, (char) c);
  g_string_append (ascii, "“Année” – ℹ 🙂");

  assay_json_writer_init (&writer, text, 0);
  assay_json_writer_begin_object (&writer);
  assay_json_writer_string_member (&writer, ascii->str, ascii->str);
  assay_json_writer_string_member (&writer, "null", NULL);
  assay_json_writer_member (&writer, "n");
  assay_json_writer_int (&writer, -42);
  assay_json_writer_member (&writer, "empty");
  assay_json_writer_begin_array (&writer);
  assay_json_writer_end_array (&writer);
  assay_json_writer_member (&writer, "doubles");
  assay_json_writer_begin_array (&writer);
  for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
    assay_json_writer_double (&writer, doubles[i]);
  assay_json_writer_end_array (&writer);
  assay_json_writer_member (&writer, "nested");
  assay_json_writer_begin_array (&writer);
  assay_json_writer_begin_object (&writer);
  assay_json_writer_member (&writer, "yes");
  assay_json_writer_boolean (&writer, TRUE);
  assay_json_writer_end_object (&writer);
  assay_json_writer_begin_object (&writer);
  assay_json_writer_end_object (&writer);
  assay_json_writer_string (&writer, "x");
  assay_json_writer_end_array (&writer);
  assay_json_writer_end_object (&writer);
  assay_json_writer_clear (&writer);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, ascii->str);
  json_builder_add_string_value (builder, ascii->str);
  json_builder_set_member_name (builder, "null");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, -42);
  json_builder_set_member_name (builder, "empty");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "doubles");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
    json_builder_add_double_value (builder, doubles[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "nested");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "yes");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_add_string_value (builder, "x");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  expected = generate_pretty (node, 0);

  g_assert_cmpstr (text->str, ==, expected);

  /* Where json-glib writes "1e+20.0", which is not JSON, the writer does
   * not follow it. */
  g_string_truncate (text, 0);
  assay_json_writer_init (&writer, text, 0);
  assay_json_writer_double (&writer, 1e20);
  assay_json_writer_clear (&writer);
  g_assert_cmpstr (text->str, ==, "1e+20");
}

static void
test_index_list_text (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = make_audits (f);
  g_autoptr(GPtrArray) audits = list (f);

  /* What a list writes as text is what `audit show` builds, laid out as
   * json-glib lays out a tree, hidden or not. */
  for (guint i = 0; i < audits->len; i++)
    for (int hidden = 0; hidden < 2; hidden++)
      {
        g_autoptr(GString) text = g_string_new (NULL);
        g_autoptr(JsonNode) node = hidden ? assay_audit_to_json_hidden (audits->pdata[i], FALSE)
                                          : assay_audit_to_json (audits->pdata[i], FALSE);
        g_autofree char *expected = generate_pretty (node, 1);
        AssayJsonWriter writer;

        assay_json_writer_init (&writer, text, 1);
        assay_audit_write_json (audits->pdata[i], hidden, &writer);
        assay_json_writer_clear (&writer);
        g_assert_cmpstr (text->str, ==, expected);
        g_assert_true (json_object_has_member (json_node_get_object (node), "hidden"));
      }
}

int
main (int    argc,
      char **argv)
{
  const AssayTestEnvFlags env = ASSAY_TEST_ENV_TINY;

  g_test_init (&argc, &argv, NULL);

  ASSAY_TEST_ADD_ENV ("/audit-index/reads-as-whole", env, test_index_reads_as_whole);
  ASSAY_TEST_ADD_ENV ("/audit-index/evidence-unread", env, test_index_evidence_unread);
  ASSAY_TEST_ADD_ENV ("/audit-index/remade", env, test_index_remade);
  ASSAY_TEST_ADD_ENV ("/audit-index/follows-deletion", env, test_index_follows_deletion);
  ASSAY_TEST_ADD_ENV ("/audit-index/refresh", env, test_index_refresh);
  ASSAY_TEST_ADD_ENV ("/audit-index/async", env, test_index_async);
  ASSAY_TEST_ADD_ENV ("/audit-index/async-batches", env, test_index_async_batches);
  ASSAY_TEST_ADD_ENV ("/audit-index/async-cancelled", env, test_index_async_cancelled);
  ASSAY_TEST_ADD_ENV ("/audit-index/async-locked", env, test_index_async_locked);
  ASSAY_TEST_ADD_ENV ("/audit-index/writer-as-json-glib", env, test_index_writer_as_json_glib);
  ASSAY_TEST_ADD_ENV ("/audit-index/list-text", env, test_index_list_text);

  return g_test_run ();
}
