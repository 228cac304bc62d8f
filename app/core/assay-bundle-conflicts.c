/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-bundle"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "assay-agreed-grade.h"
#include "assay-bundle-private.h"
#include "assay-framework.h"
#include "assay-frameworks.h"
#include "assay-hlc.h"
#include "assay-json-util.h"
#include "assay-record-private.h"
#include "assay-store-private.h"

/*
 * Conflicts: two versions of a record that do not follow one from the other
 * (the same author editing on two laptops, two chairs changing one agreed
 * grade). The import keeps the other version aside; here they are listed,
 * named and settled.
 */

#define MERGE_LABEL "assay/merge/2"   /* with its NUL */
#define REF_BYTES   6

void
assay_conflict_free (AssayConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->ref);
  g_free (conflict->collection);
  g_free (conflict->id);
  g_free (conflict->local_author);
  g_free (conflict->other_author);
  g_free (conflict->description);
  g_clear_pointer (&conflict->local, assay_record_free);
  g_clear_pointer (&conflict->other, assay_record_free);
  g_free (conflict);
}

JsonNode *
assay_conflict_to_json (const AssayConflict *conflict)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "conflict");
  json_builder_add_string_value (builder, conflict->ref);
  json_builder_set_member_name (builder, "collection");
  json_builder_add_string_value (builder, conflict->collection);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, conflict->id);
  assay_json_add_int (builder, "revision", conflict->revision);
  assay_json_add_int (builder, "local_revision", conflict->local->revision);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, conflict->description);
  json_builder_set_member_name (builder, "local_author");
  json_builder_add_string_value (builder, conflict->local_author);
  json_builder_set_member_name (builder, "other_author");
  json_builder_add_string_value (builder, conflict->other_author);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Stable for the version set aside, whoever lists it and when. */
static char *
conflict_ref (const AssayRecord *other)
{
  guint8 digest[ASSAY_RECORD_DIGEST_BYTES];
  guint8 ref[REF_BYTES];

  _assay_record_digest (other, digest);
  crypto_generichash (ref, sizeof ref, digest, sizeof digest, NULL, 0);

  return g_strdup_printf ("%02x%02x%02x%02x%02x%02x", ref[0], ref[1], ref[2], ref[3], ref[4],
                          ref[5]);
}

AssayConflict *
_assay_bundle_conflict_new (AssayStore         *store,
                            const AssayRecord  *other,
                            GError            **error)
{
  g_autoptr(AssayConflict) conflict = g_new0 (AssayConflict, 1);

  conflict->local = assay_store_load (store, other->collection, other->id, error);
  if (conflict->local == NULL)
    return NULL;

  conflict->other = assay_record_copy (other);
  conflict->ref = conflict_ref (other);
  conflict->collection = g_strdup (other->collection);
  conflict->id = g_strdup (other->id);
  conflict->revision = other->revision;
  conflict->local_author = g_strdup (conflict->local->author);
  conflict->other_author = g_strdup (other->author);
  conflict->other_hlc = other->hlc;
  conflict->description = _assay_bundle_describe (other->collection, other->payload);

  return g_steal_pointer (&conflict);
}

GPtrArray *
assay_bundle_list_conflicts (AssayStore  *store,
                             GError     **error)
{
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);

  held = assay_store_list_conflicts (store, error);
  if (held == NULL)
    return NULL;

  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_conflict_free);
  for (guint i = 0; i < held->len; i++)
    {
      AssayConflict *conflict = _assay_bundle_conflict_new (store, held->pdata[i], error);

      if (conflict == NULL)
        return NULL;
      g_ptr_array_add (conflicts, conflict);
    }

  return g_steal_pointer (&conflicts);
}

AssayConflict *
assay_bundle_find_conflict (AssayStore  *store,
                            const char  *ref,
                            GError     **error)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *wanted = NULL;
  guint match = G_MAXUINT;
  gsize len;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);

  wanted = g_ascii_strdown (ref != NULL ? ref : "", -1);
  g_strstrip (wanted);
  len = strlen (wanted);
  if (len < 4)
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND,
                   _("“%s” is too short to name a conflict: give at least four digits of "
                     "the reference “conflicts list” shows"), wanted);
      return NULL;
    }

  conflicts = assay_bundle_list_conflicts (store, error);
  if (conflicts == NULL)
    return NULL;

  for (guint i = 0; i < conflicts->len; i++)
    {
      AssayConflict *conflict = conflicts->pdata[i];

      if (strncmp (conflict->ref, wanted, len) != 0)
        continue;

      if (match != G_MAXUINT)
        {
          g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND,
                       _("“%s” names more than one conflict; give more of it"), wanted);
          return NULL;
        }
      match = i;
    }

  if (match == G_MAXUINT)
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND,
                   _("There is no open conflict “%s” (see “conflicts list”)"), wanted);
      return NULL;
    }

  return g_ptr_array_steal_index (conflicts, match);
}

static void
conflict_row_free (AssayConflictRow *row)
{
  g_free (row->criterion);
  g_free (row->local_grade);
  g_free (row->local_evidence);
  g_free (row->other_grade);
  g_free (row->other_evidence);
  g_free (row);
}

/* The "grades" object of an audit record's payload, or NULL. */
static JsonObject *
grades_of (const AssayRecord *record,
           JsonObject       **root)
{
  gsize len = 0;
  const char *text = assay_record_get_text (record, &len);
  JsonNode *grades;

  *root = _assay_bundle_parse_object (text, len);
  if (*root == NULL)
    return NULL;

  grades = json_object_get_member (*root, "grades");

  return grades != NULL && JSON_NODE_HOLDS_OBJECT (grades) ? json_node_get_object (grades) : NULL;
}

static void
fill_side (JsonObject  *grades,
           const char  *criterion,
           char       **grade,
           char       **evidence)
{
  JsonNode *node = grades != NULL ? json_object_get_member (grades, criterion) : NULL;
  JsonObject *entry;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  entry = json_node_get_object (node);
  *grade = g_strdup (_assay_bundle_get_string (entry, "grade"));
  *evidence = g_strdup (_assay_bundle_get_string (entry, "evidence"));
}

static void
add_row (GPtrArray  *rows,
         GHashTable *seen,
         const char *criterion,
         JsonObject *local,
         JsonObject *other)
{
  AssayConflictRow *row;

  if (!g_hash_table_add (seen, g_strdup (criterion)))
    return;

  row = g_new0 (AssayConflictRow, 1);
  row->criterion = g_strdup (criterion);
  fill_side (local, criterion, &row->local_grade, &row->local_evidence);
  fill_side (other, criterion, &row->other_grade, &row->other_evidence);
  g_ptr_array_add (rows, row);
}

GPtrArray *
assay_conflict_get_rows (AssayConflict   *conflict,
                         AssayFrameworks *frameworks)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) conflict_row_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonObject) local_root = NULL;
  g_autoptr(JsonObject) other_root = NULL;
  g_autoptr(AssayFramework) framework = NULL;
  JsonObject *local, *other;

  g_return_val_if_fail (conflict != NULL, NULL);

  if (g_strcmp0 (conflict->collection, "audits") != 0)
    return g_steal_pointer (&rows);

  local = grades_of (conflict->local, &local_root);
  other = grades_of (conflict->other, &other_root);

  /* The framework's order first, then whatever else either side graded. */
  if (frameworks != NULL && local_root != NULL)
    framework = assay_frameworks_lookup (frameworks,
                                         _assay_bundle_get_string (local_root, "framework"),
                                         _assay_bundle_get_string (local_root, "framework_version"),
                                         NULL);
  for (guint s = 0; framework != NULL && s < assay_framework_get_n_sections (framework); s++)
    {
      const AssaySection *section = assay_framework_get_section (framework, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const AssayCriterion *criterion = section->criteria->pdata[c];

          add_row (rows, seen, criterion->id, local, other);
        }
    }

  for (guint side = 0; side < 2; side++)
    {
      JsonObject *grades = side == 0 ? local : other;
      g_autoptr(GList) members = grades != NULL ? json_object_get_members (grades) : NULL;

      members = g_list_sort (members, (GCompareFunc) g_strcmp0);
      for (GList *l = members; l != NULL; l = l->next)
        add_row (rows, seen, l->data, local, other);
    }

  return g_steal_pointer (&rows);
}

static void
add_side_json (JsonBuilder       *builder,
               const char        *member,
               const AssayRecord *record)
{
  gsize len = 0;
  const char *text = assay_record_get_text (record, &len);
  g_autofree char *payload = g_strndup (text, len);
  g_autofree char *stamp = assay_hlc_format (record->hlc);

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  assay_json_add_int (builder, "revision", record->revision);
  json_builder_set_member_name (builder, "author");
  json_builder_add_string_value (builder, record->author);
  json_builder_set_member_name (builder, "stamp");
  json_builder_add_string_value (builder, stamp);
  json_builder_set_member_name (builder, "payload");
  json_builder_add_string_value (builder, payload);
  json_builder_end_object (builder);
}

static void
add_nullable (JsonBuilder *builder,
              const char  *member,
              const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
assay_conflict_show_to_json (AssayConflict   *conflict,
                             AssayFrameworks *frameworks)
{
  g_autoptr(JsonNode) summary = assay_conflict_to_json (conflict);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) rows = assay_conflict_get_rows (conflict, frameworks);
  JsonObject *object = json_node_get_object (summary);
  g_autoptr(GList) members = json_object_get_members (object);

  json_builder_begin_object (builder);
  for (GList *l = members; l != NULL; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_value (builder, json_node_copy (json_object_get_member (object, l->data)));
    }
  add_side_json (builder, "local", conflict->local);
  add_side_json (builder, "other", conflict->other);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const AssayConflictRow *row = rows->pdata[i];

      json_builder_begin_object (builder);
      add_nullable (builder, "criterion", row->criterion);
      add_nullable (builder, "local_grade", row->local_grade);
      add_nullable (builder, "local_evidence", row->local_evidence);
      add_nullable (builder, "other_grade", row->other_grade);
      add_nullable (builder, "other_evidence", row->other_evidence);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* What a revision that settles a conflict names as its base: both sides. */
static GBytes *
merge_digest (const AssayRecord *local,
              const AssayRecord *other)
{
  crypto_generichash_state state;
  guint8 digest[ASSAY_RECORD_DIGEST_BYTES];
  guint8 side[ASSAY_RECORD_DIGEST_BYTES];

  crypto_generichash_init (&state, NULL, 0, sizeof digest);
  crypto_generichash_update (&state, (const guint8 *) MERGE_LABEL, sizeof MERGE_LABEL);
  _assay_record_digest (local, side);
  crypto_generichash_update (&state, side, sizeof side);
  _assay_record_digest (other, side);
  crypto_generichash_update (&state, side, sizeof side);
  crypto_generichash_final (&state, digest, sizeof digest);

  return g_bytes_new (digest, sizeof digest);
}

/* Remembers a version dropped here, so that it is not raised again. */
static gboolean
forget_version (AssayStore         *store,
                const AssayRecord  *version,
                GError            **error)
{
  gboolean added = FALSE;

  return assay_store_add_conflict (store, version, &added, error) &&
         assay_store_resolve_conflict (store, version, error);
}

static gboolean
settle (AssayStore         *store,
        AssayConflict      *conflict,
        AssayConflictKeep   keep,
        GError            **error)
{
  const char *self = assay_vault_get_identity (assay_store_get_vault (store));
  const AssayRecord *local = conflict->local;
  const AssayRecord *other = conflict->other;

  if (keep == ASSAY_CONFLICT_KEEP_BOTH)
    return assay_store_keep_conflict (store, other, error);

  /* First, as it fails when the conflict is no longer open. */
  if (!assay_store_resolve_conflict (store, other, error))
    return FALSE;

  /* Ours to write: the resolution is a new revision past both sides. */
  if (g_strcmp0 (local->author, self) == 0)
    {
      g_autoptr(GBytes) base = merge_digest (local, other);
      g_autoptr(AssayRecord) saved = NULL;
      GBytes *payload = keep == ASSAY_CONFLICT_KEEP_THEIRS ? other->payload : local->payload;

      saved = _assay_store_save_merge (store, local->collection, local->id, payload,
                                       MAX (local->revision, other->revision) + 2, base, error);
      return saved != NULL;
    }

  if (keep == ASSAY_CONFLICT_KEEP_MINE)
    return TRUE;

  /* Someone else's record: their other version, as they signed it, takes
   * the place of the one held, here only. */
  return _assay_store_drop_after (store, local->collection, local->id, other->base, error) &&
         _assay_store_put_signed (store, other, error) &&
         forget_version (store, local, error);
}

gboolean
assay_bundle_resolve_conflict (AssayStore         *store,
                               AssayConflict      *conflict,
                               AssayConflictKeep   keep,
                               GError            **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (conflict != NULL && conflict->local != NULL && conflict->other != NULL,
                        FALSE);

  if (keep == ASSAY_CONFLICT_KEEP_BOTH &&
      g_strcmp0 (conflict->collection, ASSAY_AGREEMENTS_COLLECTION) != 0)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_INVALID,
                   _("Conflict %s is about %s: an audit has one version, so keep mine or "
                     "theirs (both is for two chairs’ agreed grades)"),
                   conflict->ref, conflict->description);
      return FALSE;
    }

  if (!assay_store_begin (store, error))
    return FALSE;

  if (!settle (store, conflict, keep, error) || !assay_store_commit (store, error))
    {
      assay_store_rollback (store);
      return FALSE;
    }

  return TRUE;
}
