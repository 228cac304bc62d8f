/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-bundle"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "assay-bundle-private.h"
#include "assay-caseload.h"
#include "assay-hlc.h"
#include "assay-identity-key.h"
#include "assay-json-util.h"

/*
 * The document a bundle carries, signed and then encrypted by
 * assay-bundle-format.c: JSON naming its author, with every revision of the
 * audits and agreements chosen and of the cases they are about. Built from a
 * store on export; read back and checked, touching no store, on import.
 */

/* The collections a bundle carries, and the only ones an import accepts. */
#define AUDITS_COLLECTION     "audits"
#define AGREEMENTS_COLLECTION "agreements"

static gboolean
accepted_collection (const char *collection)
{
  return g_strcmp0 (collection, AUDITS_COLLECTION) == 0 ||
         g_strcmp0 (collection, AGREEMENTS_COLLECTION) == 0 ||
         g_strcmp0 (collection, ASSAY_CASELOAD_COLLECTION) == 0;
}

GBytes *
_assay_bundle_builder_to_bytes (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize len;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);

  return g_bytes_new_take (text, len);
}

void
_assay_bundle_document_free (AssayBundleDocument *document)
{
  if (document == NULL)
    return;

  g_free (document->author);
  g_free (document->author_name);
  g_free (document->author_agency);
  g_free (document->created);
  g_clear_pointer (&document->records, g_ptr_array_unref);
  g_free (document);
}

const char *
_assay_bundle_get_string (JsonObject *object,
                          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gboolean
_assay_bundle_get_int (JsonObject *object,
                       const char *member,
                       gint64     *value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *value = json_node_get_int (node);

  return TRUE;
}

static void
set_record_damaged (GError     **error,
                    const char  *name,
                    guint        index,
                    const char  *collection,
                    const char  *id,
                    const char  *problem)
{
  if (collection != NULL && id != NULL)
    g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                 _("%s: record %s/%s: %s"), name, collection, id, problem);
  else
    g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                 _("%s: record %u: %s"), name, index + 1, problem);
}

JsonObject *
_assay_bundle_parse_object (const char *text,
                            gsize       len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!g_utf8_validate (text, (gssize) len, NULL) ||
      !json_parser_load_from_data (parser, text, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

static int
compare_records (gconstpointer a,
                 gconstpointer b)
{
  const AssayRecord *ra = *(const AssayRecord **) a;
  const AssayRecord *rb = *(const AssayRecord **) b;
  int c = strcmp (ra->collection, rb->collection);

  if (c == 0)
    c = strcmp (ra->id, rb->id);
  if (c == 0)
    c = ra->revision < rb->revision ? -1 : ra->revision > rb->revision;

  return c;
}

static AssayRecord *
parse_record (JsonNode    *node,
              guint        index,
              const char  *name,
              GError     **error)
{
  g_autoptr(AssayRecord) record = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(GBytes) with_nul = NULL;
  JsonObject *object;
  const char *collection, *id, *author, *text;
  guint8 author_pk[ASSAY_IDENTITY_KEY_BYTES];
  gint64 revision, hlc;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_record_damaged (error, name, index, NULL, NULL, _("not an object"));
      return NULL;
    }

  object = json_node_get_object (node);
  collection = _assay_bundle_get_string (object, "collection");
  id = _assay_bundle_get_string (object, "id");

  if (collection == NULL || id == NULL || !g_uuid_string_is_valid (id))
    {
      set_record_damaged (error, name, index, NULL, NULL, _("no valid collection and id"));
      return NULL;
    }

  if (!accepted_collection (collection))
    {
      set_record_damaged (error, name, index, NULL, NULL,
                          _("a bundle carries only audits, agreements and plans"));
      return NULL;
    }

  author = _assay_bundle_get_string (object, "author");
  text = _assay_bundle_get_string (object, "payload");

  if (!_assay_bundle_get_int (object, "revision", &revision) || revision <= 0)
    {
      set_record_damaged (error, name, index, collection, id, _("no valid revision"));
      return NULL;
    }

  if (!assay_identity_decode (author, author_pk))
    {
      set_record_damaged (error, name, index, collection, id, _("no valid author"));
      return NULL;
    }

  if (!_assay_bundle_get_int (object, "hlc", &hlc) || hlc <= 0)
    {
      set_record_damaged (error, name, index, collection, id, _("no valid clock stamp"));
      return NULL;
    }

  if (text == NULL || (payload = _assay_bundle_parse_object (text, strlen (text))) == NULL)
    {
      set_record_damaged (error, name, index, collection, id,
                          _("its contents are not a JSON object"));
      return NULL;
    }

  if (g_str_equal (collection, ASSAY_CASELOAD_COLLECTION) &&
      _assay_bundle_get_string (payload, "case_ref") == NULL)
    {
      set_record_damaged (error, name, index, collection, id, _("a plan without a case_ref"));
      return NULL;
    }

  /* With a NUL past the length, as payloads opened by the vault have, so
   * assay_record_get_text() works on it. */
  with_nul = g_bytes_new (text, strlen (text) + 1);

  record = g_new0 (AssayRecord, 1);
  record->collection = g_strdup (collection);
  record->id = g_ascii_strdown (id, -1);
  record->revision = revision;
  record->author = assay_identity_encode (author_pk);
  record->hlc = (guint64) hlc;
  record->payload = g_bytes_new_from_bytes (with_nul, 0, strlen (text));

  return g_steal_pointer (&record);
}

AssayBundleDocument *
_assay_bundle_parse_document (GBytes      *document,
                              const char  *name,
                              const char  *signer,
                              GError     **error)
{
  g_autoptr(AssayBundleDocument) doc = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonNode *records;
  JsonArray *array;
  const char *author;
  gsize len;
  const char *text = g_bytes_get_data (document, &len);

  object = text != NULL ? _assay_bundle_parse_object (text, len) : NULL;
  if (object == NULL)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: its contents are not a bundle document"), name);
      return NULL;
    }

  author = _assay_bundle_get_string (object, "author");
  if (author == NULL || g_ascii_strcasecmp (author, signer) != 0)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: the signature does not match its author (identity %s)"),
                   name, author != NULL ? author : "?");
      return NULL;
    }

  records = json_object_get_member (object, "records");
  if (records == NULL || !JSON_NODE_HOLDS_ARRAY (records))
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s: its contents have no list of records"), name);
      return NULL;
    }

  doc = g_new0 (AssayBundleDocument, 1);
  doc->author = g_ascii_strdown (signer, -1);
  /* Only shown to people: missing is empty, not an error. */
  doc->author_name = g_strdup (_assay_bundle_get_string (object, "author_name"));
  doc->author_agency = g_strdup (_assay_bundle_get_string (object, "author_agency"));
  doc->created = g_strdup (_assay_bundle_get_string (object, "created"));
  if (doc->author_name == NULL)
    doc->author_name = g_strdup ("");
  if (doc->author_agency == NULL)
    doc->author_agency = g_strdup ("");
  if (doc->created == NULL)
    doc->created = g_strdup ("");
  doc->records = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_record_free);

  array = json_node_get_array (records);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      AssayRecord *record = parse_record (json_array_get_element (array, i), i, name, error);

      if (record == NULL)
        return NULL;
      g_ptr_array_add (doc->records, record);
    }

  g_ptr_array_sort (doc->records, compare_records);

  /* Every revision from the first, once: the importer's history then has no
   * gaps, which assay_store_check() would call damage. */
  for (guint i = 0; i < doc->records->len; i++)
    {
      AssayRecord *record = doc->records->pdata[i];
      AssayRecord *previous = i > 0 ? doc->records->pdata[i - 1] : NULL;
      gboolean same_record = previous != NULL &&
                             g_str_equal (previous->collection, record->collection) &&
                             g_str_equal (previous->id, record->id);
      gint64 expected = same_record ? previous->revision + 1 : 1;

      if (record->revision != expected)
        {
          g_autofree char *problem =
            g_strdup_printf (_("revision %" G_GINT64_FORMAT " where %" G_GINT64_FORMAT
                               " was expected"),
                             record->revision, expected);

          set_record_damaged (error, name, i, record->collection, record->id, problem);
          return NULL;
        }
    }

  return g_steal_pointer (&doc);
}

char *
_assay_bundle_describe (const char *collection,
                        GBytes     *payload)
{
  g_autoptr(JsonObject) object = NULL;
  const char *case_ref = NULL;
  gsize len = 0;
  const char *text = payload != NULL ? g_bytes_get_data (payload, &len) : NULL;

  if (text != NULL)
    object = _assay_bundle_parse_object (text, len);
  if (object != NULL)
    {
      case_ref = _assay_bundle_get_string (object, "case");
      if (case_ref == NULL)
        case_ref = _assay_bundle_get_string (object, "case_ref");
    }
  if (case_ref == NULL)
    case_ref = "?";

  if (g_strcmp0 (collection, AUDITS_COLLECTION) == 0)
    {
      const char *moderator =
        object != NULL ? _assay_bundle_get_string (object, "moderator") : NULL;

      if (moderator != NULL && *moderator != '\0')
        return g_strdup_printf (_("audit of %s by %s"), case_ref, moderator);
      return g_strdup_printf (_("audit of %s"), case_ref);
    }

  if (g_strcmp0 (collection, AGREEMENTS_COLLECTION) == 0)
    return g_strdup_printf (_("agreed grade for %s"), case_ref);

  if (g_strcmp0 (collection, ASSAY_CASELOAD_COLLECTION) == 0)
    return g_strdup_printf (_("case %s"), case_ref);

  return g_strdup_printf (_("%s record"), collection);
}

/* The case (or case_ref) a record is about, from its payload. */
char *
_assay_bundle_record_case_ref (const AssayRecord *record)
{
  g_autoptr(JsonObject) object = NULL;
  gsize len = 0;
  const char *text = assay_record_get_text (record, &len);
  const char *case_ref;

  object = _assay_bundle_parse_object (text, len);
  if (object == NULL)
    return NULL;

  case_ref = _assay_bundle_get_string (object, g_str_equal (record->collection,
                                                            ASSAY_CASELOAD_COLLECTION)
                                               ? "case_ref" : "case");

  return g_strdup (case_ref);
}

static gboolean
changed_since (GPtrArray *history,
               gint64     since_ms)
{
  for (guint i = 0; i < history->len; i++)
    {
      const AssayRecord *record = history->pdata[i];

      if (assay_hlc_get_wall_ms (record->hlc) >= since_ms)
        return TRUE;
    }

  return FALSE;
}

static void
add_record_json (JsonBuilder       *builder,
                 const AssayRecord *record)
{
  gsize len = 0;
  const char *text = assay_record_get_text (record, &len);
  g_autofree char *payload = g_strndup (text, len);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "collection");
  json_builder_add_string_value (builder, record->collection);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, record->id);
  assay_json_add_int (builder, "revision", record->revision);
  json_builder_set_member_name (builder, "author");
  json_builder_add_string_value (builder, record->author);
  assay_json_add_int (builder, "hlc", (gint64) record->hlc);
  /* As a string: the exact bytes stored, so a re-import compares equal. */
  json_builder_set_member_name (builder, "payload");
  json_builder_add_string_value (builder, payload);
  json_builder_end_object (builder);
}

/* Adds every revision of the records of @collection changed since
 * @since_ms (all when it is G_MININT64); collects the cases they are about. */
static gboolean
add_collection (AssayStore          *store,
                const char          *collection,
                gint64               since_ms,
                JsonBuilder         *builder,
                GHashTable          *case_refs,
                AssayExportSummary  *summary,
                GCancellable        *cancellable,
                GError             **error)
{
  g_autoptr(GPtrArray) latest = assay_store_list (store, collection, error);

  if (latest == NULL)
    return FALSE;

  for (guint i = 0; i < latest->len; i++)
    {
      const AssayRecord *record = latest->pdata[i];
      g_autoptr(GPtrArray) history = NULL;
      char *case_ref;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      history = assay_store_history (store, collection, record->id, error);
      if (history == NULL)
        return FALSE;

      if (!changed_since (history, since_ms))
        continue;

      for (guint j = 0; j < history->len; j++)
        add_record_json (builder, history->pdata[j]);

      summary->n_records++;
      summary->n_revisions += history->len;

      case_ref = _assay_bundle_record_case_ref (record);
      if (case_ref != NULL)
        g_hash_table_add (case_refs, case_ref);
    }

  return TRUE;
}

static gboolean
add_cases (AssayStore          *store,
           GHashTable          *case_refs,
           JsonBuilder         *builder,
           AssayExportSummary  *summary,
           GError             **error)
{
  g_autoptr(GPtrArray) cases = assay_store_list (store, ASSAY_CASELOAD_COLLECTION, error);

  if (cases == NULL)
    return FALSE;

  for (guint i = 0; i < cases->len; i++)
    {
      const AssayRecord *record = cases->pdata[i];
      g_autofree char *case_ref = _assay_bundle_record_case_ref (record);
      g_autoptr(GPtrArray) history = NULL;

      if (case_ref == NULL || !g_hash_table_contains (case_refs, case_ref))
        continue;

      history = assay_store_history (store, ASSAY_CASELOAD_COLLECTION, record->id, error);
      if (history == NULL)
        return FALSE;

      for (guint j = 0; j < history->len; j++)
        add_record_json (builder, history->pdata[j]);

      summary->n_records++;
      summary->n_revisions += history->len;
    }

  return TRUE;
}

GBytes *
_assay_bundle_build_document (AssayStore          *store,
                              GDateTime           *since,
                              AssayExportSummary  *summary,
                              GCancellable        *cancellable,
                              GError             **error)
{
  AssayVault *vault = assay_store_get_vault (store);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) case_refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  gint64 since_ms = since != NULL ? g_date_time_to_unix (since) * 1000 +
                                    g_date_time_get_microsecond (since) / 1000
                                  : G_MININT64;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "author");
  json_builder_add_string_value (builder, assay_vault_get_identity (vault));
  json_builder_set_member_name (builder, "author_name");
  json_builder_add_string_value (builder, assay_vault_get_name (vault) != NULL
                                          ? assay_vault_get_name (vault) : "");
  json_builder_set_member_name (builder, "author_agency");
  json_builder_add_string_value (builder, assay_vault_get_agency (vault) != NULL
                                          ? assay_vault_get_agency (vault) : "");
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);

  /* Audits and agreements, and only the cases they are about: never samples
   * or anything else the vault holds. */
  if (!add_collection (store, AUDITS_COLLECTION, since_ms, builder, case_refs, summary,
                       cancellable, error) ||
      !add_collection (store, AGREEMENTS_COLLECTION, since_ms, builder, case_refs, summary,
                       cancellable, error) ||
      !add_cases (store, case_refs, builder, summary, error))
    return NULL;

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return _assay_bundle_builder_to_bytes (builder);
}

/* The framework versions of the audits carried, from the newest revision of
 * each (records are sorted by collection, id and revision). */
GPtrArray *
_assay_bundle_document_collect_frameworks (AssayBundleDocument *doc)
{
  GPtrArray *frameworks =
    g_ptr_array_new_with_free_func ((GDestroyNotify) assay_missing_framework_free);
  GPtrArray *records = doc->records;

  for (guint i = 0; i < records->len; i++)
    {
      const AssayRecord *record = records->pdata[i];
      const AssayRecord *next = i + 1 < records->len ? records->pdata[i + 1] : NULL;
      g_autoptr(JsonObject) object = NULL;
      gsize len = 0;
      const char *text;

      if (!g_str_equal (record->collection, AUDITS_COLLECTION) ||
          (next != NULL && g_str_equal (next->collection, record->collection) &&
           g_str_equal (next->id, record->id)))
        continue;

      text = assay_record_get_text (record, &len);
      object = _assay_bundle_parse_object (text, len);
      if (object != NULL)
        assay_missing_frameworks_add (frameworks, _assay_bundle_get_string (object, "framework"),
                                      _assay_bundle_get_string (object, "framework_version"), 1);
    }

  return frameworks;
}
