/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-bundle"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "assay-bundle-stream.h"
#include "assay-identity-key.h"
#include "assay-json-util.h"
#include "assay-record-private.h"

/*
 * The entries of bundle format 2 (docs/bundle-format.md), one JSON object
 * each, checked member by member: every string, integer and encoded value
 * is bounded, and text is scanned for its nesting before json-glib (whose
 * parser recurses) sees it. assay-bundle-stream-reader.c frames them and
 * names the entry in the errors these give.
 */

#define MAX_PERSON_CHARS 200
#define MAX_NAME_BYTES   64     /* collections and ids */
#define MAX_REVISION     G_MAXINT32

void
_assay_bundle_entry_free (AssayBundleEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->key);
  g_free (entry->name);
  g_free (entry->agency);
  g_clear_pointer (&entry->record, assay_record_free);
  g_clear_pointer (&entry->payload, json_object_unref);
  g_free (entry);
}

static void
set_problem (GError     **error,
             const char  *problem)
{
  g_set_error_literal (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED, problem);
}

JsonObject *
_assay_bundle_stream_parse_object (const char *text,
                                   gsize       len)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (!g_utf8_validate_len (text, len, NULL) ||
      !assay_json_nesting_within (text, len, ASSAY_BUNDLE_STREAM_MAX_DEPTH))
    return NULL;

  /* Mutable: sealing would hash every member of every object, for nothing. */
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

/* A string member of at most @max_chars characters (@max_chars 0: 1 to
 * MAX_NAME_BYTES letters, digits, '-' and '_'). */
static const char *
get_bounded (JsonObject *object,
             const char *member,
             guint       max_chars)
{
  const char *text = _assay_bundle_get_string (object, member);

  if (text == NULL)
    return NULL;

  if (max_chars > 0)
    return g_utf8_strlen (text, -1) <= max_chars ? text : NULL;

  if (*text == '\0' || strlen (text) > MAX_NAME_BYTES)
    return NULL;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return NULL;

  return text;
}

/* A public identity in canonical form (64 lower-case hex digits), or NULL. */
static char *
get_identity (JsonObject *object,
              const char *member)
{
  const char *text = _assay_bundle_get_string (object, member);
  guint8 key[ASSAY_IDENTITY_KEY_BYTES];
  g_autofree char *canonical = NULL;

  if (text == NULL || !assay_identity_decode (text, key))
    return NULL;
  canonical = assay_identity_encode (key);

  return g_str_equal (canonical, text) ? g_steal_pointer (&canonical) : NULL;
}

/* Exactly @len bytes in canonical base64: nothing longer is decoded. */
static GBytes *
get_base64 (JsonObject *object,
            const char *member,
            gsize       len)
{
  const char *text = _assay_bundle_get_string (object, member);
  g_autofree guint8 *data = NULL;
  g_autofree char *again = NULL;
  gsize data_len = 0;

  if (text == NULL || strlen (text) != (len + 2) / 3 * 4)
    return NULL;

  data = g_base64_decode (text, &data_len);
  if (data_len != len)
    return NULL;
  again = g_base64_encode (data, len);
  if (!g_str_equal (again, text))
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&data), len);
}

/* 64 lower-case hex digits as 32 bytes. */
static GBytes *
get_digest (JsonObject *object,
            const char *member)
{
  const char *text = _assay_bundle_get_string (object, member);
  guint8 digest[32];
  gsize len = 0;

  if (text == NULL || strlen (text) != 2 * sizeof digest)
    return NULL;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return NULL;
  if (sodium_hex2bin (digest, sizeof digest, text, strlen (text), NULL, &len, NULL) != 0 ||
      len != sizeof digest)
    return NULL;

  return g_bytes_new (digest, sizeof digest);
}

AssayBundleEntry *
_assay_bundle_stream_parse_person (JsonObject  *object,
                                   GError     **error)
{
  g_autoptr(AssayBundleEntry) entry = g_new0 (AssayBundleEntry, 1);
  const char *name = get_bounded (object, "name", MAX_PERSON_CHARS);
  const char *agency = get_bounded (object, "agency", MAX_PERSON_CHARS);

  entry->type = ASSAY_BUNDLE_ENTRY_AUTHOR;
  entry->key = get_identity (object, "key");
  if (entry->key == NULL || name == NULL || agency == NULL)
    {
      set_problem (error, _("no valid key, name and agency"));
      return NULL;
    }

  entry->name = g_strdup (name);
  entry->agency = g_strdup (agency);

  return g_steal_pointer (&entry);
}

char *
_assay_bundle_stream_parse_created (JsonObject  *object,
                                    GError     **error)
{
  const char *text = get_bounded (object, "created", 64);
  g_autoptr(GDateTime) created = NULL;

  if (text == NULL || (created = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    {
      set_problem (error, _("no valid creation time"));
      return NULL;
    }

  return g_strdup (text);
}

/* A payload a first pass has checked: only what keeps a parser safe (the
 * end of the pass fails unless it was what the first pass checked). */
static gboolean
payload_scans (const char *payload)
{
  return assay_json_nesting_within (payload, strlen (payload), ASSAY_BUNDLE_STREAM_MAX_DEPTH);
}

AssayBundleEntry *
_assay_bundle_stream_parse_record (JsonObject  *object,
                                   gboolean     verify,
                                   GError     **error)
{
  g_autoptr(AssayBundleEntry) entry = g_new0 (AssayBundleEntry, 1);
  g_autoptr(JsonObject) payload_object = NULL;
  const char *collection = get_bounded (object, "collection", 0);
  const char *id = get_bounded (object, "id", 0);
  const char *payload = _assay_bundle_get_string (object, "payload");
  g_autofree char *author = get_identity (object, "author");
  g_autoptr(GBytes) base_digest = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 revision, base, hlc;
  AssayRecord *record;

  entry->type = ASSAY_BUNDLE_ENTRY_RECORD;

  if (collection == NULL || id == NULL)
    {
      set_problem (error, _("a record without a valid collection and id"));
      return NULL;
    }
  if (!_assay_bundle_get_int (object, "revision", &revision) ||
      revision < 1 || revision > MAX_REVISION)
    {
      set_problem (error, _("a record without a valid revision"));
      return NULL;
    }
  if (!_assay_bundle_get_int (object, "base", &base) || base < 0 || base >= revision)
    {
      set_problem (error, _("a record without a valid base revision"));
      return NULL;
    }
  /* A base made before records were signed has no known digest. */
  if (json_object_has_member (object, "base_digest") &&
      (base == 0 || (base_digest = get_digest (object, "base_digest")) == NULL))
    {
      set_problem (error, _("a record whose base digest does not fit its base"));
      return NULL;
    }
  if (author == NULL)
    {
      set_problem (error, _("a record without a valid author"));
      return NULL;
    }
  if (!_assay_bundle_get_int (object, "hlc", &hlc) || hlc <= 0)
    {
      set_problem (error, _("a record without a valid clock stamp"));
      return NULL;
    }
  if (payload == NULL ||
      (verify && (payload_object = _assay_bundle_stream_parse_object (payload,
                                                                      strlen (payload))) == NULL) ||
      (!verify && !payload_scans (payload)))
    {
      set_problem (error, _("a record whose contents are not a JSON object of at most 32 levels"));
      return NULL;
    }
  if ((signature = get_base64 (object, "signature", crypto_sign_BYTES)) == NULL)
    {
      set_problem (error, _("a record without a valid signature"));
      return NULL;
    }

  record = entry->record = g_new0 (AssayRecord, 1);
  record->collection = g_strdup (collection);
  record->id = g_strdup (id);
  record->revision = revision;
  record->author = g_steal_pointer (&author);
  record->hlc = (guint64) hlc;
  /* With a NUL past the length, as payloads opened by the vault have, so
   * assay_record_get_text() works on it. */
  {
    g_autoptr(GBytes) with_nul = g_bytes_new (payload, strlen (payload) + 1);

    record->payload = g_bytes_new_from_bytes (with_nul, 0, strlen (payload));
  }
  record->base = base;
  record->base_digest = g_steal_pointer (&base_digest);
  record->signature = g_steal_pointer (&signature);
  entry->payload = g_steal_pointer (&payload_object);

  if (verify && !_assay_record_verify (record, &local_error))
    {
      g_autofree char *problem =
        g_strdup_printf (_("record %s/%s revision %" G_GINT64_FORMAT " is not signed by its "
                           "author"), record->collection, record->id, record->revision);

      set_problem (error, problem);
      return NULL;
    }

  return g_steal_pointer (&entry);
}

gboolean
_assay_bundle_stream_parse_end (JsonObject  *object,
                                guint64     *records,
                                GBytes     **signature,
                                GError     **error)
{
  gint64 n;

  if (!_assay_bundle_get_int (object, "records", &n) || n < 0 ||
      (*signature = get_base64 (object, "signature", crypto_sign_BYTES)) == NULL)
    {
      set_problem (error, _("a malformed end entry"));
      return FALSE;
    }

  *records = (guint64) n;

  return TRUE;
}
