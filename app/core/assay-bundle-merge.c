/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-bundle"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "assay-bundle-private.h"
#include "assay-caseload.h"
#include "assay-json-util.h"

/*
 * What an import does to the store: each record's revisions added in one
 * transaction, a history that forked from this one's kept aside as a
 * conflict, and conflicts listed and resolved.
 */

void
assay_conflict_free (AssayConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->collection);
  g_free (conflict->id);
  g_free (conflict->local_author);
  g_free (conflict->other_author);
  g_free (conflict->description);
  g_free (conflict);
}

JsonNode *
assay_conflict_to_json (const AssayConflict *conflict)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "collection");
  json_builder_add_string_value (builder, conflict->collection);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, conflict->id);
  assay_json_add_int (builder, "revision", conflict->revision);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, conflict->description);
  json_builder_set_member_name (builder, "local_author");
  json_builder_add_string_value (builder, conflict->local_author);
  json_builder_set_member_name (builder, "other_author");
  json_builder_add_string_value (builder, conflict->other_author);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
assay_import_report_free (AssayImportReport *report)
{
  if (report == NULL)
    return;

  g_free (report->author);
  g_free (report->author_name);
  g_free (report->author_agency);
  g_free (report->created);
  g_clear_pointer (&report->conflicts, g_ptr_array_unref);
  g_clear_pointer (&report->missing_frameworks, g_ptr_array_unref);
  g_free (report);
}

/* case_ref -> id of every case held. */
static GHashTable *
index_cases (AssayStore  *store,
             GError     **error)
{
  g_autoptr(GPtrArray) cases = assay_store_list (store, ASSAY_CASELOAD_COLLECTION, error);
  g_autoptr(GHashTable) index = NULL;

  if (cases == NULL)
    return NULL;

  index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < cases->len; i++)
    {
      const AssayRecord *record = cases->pdata[i];
      char *case_ref = _assay_bundle_record_case_ref (record);

      if (case_ref != NULL)
        g_hash_table_replace (index, case_ref, g_strdup (record->id));
    }

  return g_steal_pointer (&index);
}

static AssayConflict *
conflict_new (AssayStore         *store,
              const AssayRecord  *other,
              GError            **error)
{
  g_autoptr(AssayConflict) conflict = g_new0 (AssayConflict, 1);
  g_autoptr(AssayRecord) local = NULL;
  g_autoptr(GError) local_error = NULL;

  local = assay_store_load_revision (store, other->collection, other->id, other->revision,
                                     &local_error);
  if (local == NULL && g_error_matches (local_error, ASSAY_STORE_ERROR,
                                        ASSAY_STORE_ERROR_NOT_FOUND))
    {
      /* The other side went further than this one: compare with the latest. */
      g_clear_error (&local_error);
      local = assay_store_load (store, other->collection, other->id, &local_error);
    }
  if (local == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  conflict->collection = g_strdup (other->collection);
  conflict->id = g_strdup (other->id);
  conflict->revision = other->revision;
  conflict->local_author = g_strdup (local->author);
  conflict->other_author = g_strdup (other->author);
  conflict->other_hlc = other->hlc;
  conflict->description = _assay_bundle_describe (other->collection, other->payload);

  return g_steal_pointer (&conflict);
}

/* Merges the revisions @first .. @last - 1 of @records (one record's). */
static gboolean
merge_record (AssayStore         *store,
              GPtrArray          *records,
              guint               first,
              guint               last,
              GHashTable         *cases,
              AssayImportReport  *report,
              GError            **error)
{
  const AssayRecord *newest = records->pdata[last - 1];
  gboolean added_any = FALSE;
  gboolean was_held = FALSE;
  gboolean diverged = FALSE;

  if (g_str_equal (newest->collection, ASSAY_CASELOAD_COLLECTION))
    {
      g_autofree char *case_ref = _assay_bundle_record_case_ref (newest);
      const char *held_id = g_hash_table_lookup (cases, case_ref);

      /* The plan is in the caseload here under another id (imported from the
       * same spreadsheet, say): this installation's caseload wins. */
      if (held_id != NULL && !g_str_equal (held_id, newest->id))
        {
          report->unchanged++;
          return TRUE;
        }
      g_hash_table_replace (cases, g_steal_pointer (&case_ref), g_strdup (newest->id));
    }

  for (guint i = first; i < last && !diverged; i++)
    {
      const AssayRecord *record = records->pdata[i];
      AssayStoreImport outcome;

      if (!assay_store_import_revision (store, record, &outcome, error))
        return FALSE;

      switch (outcome)
        {
        case ASSAY_STORE_IMPORT_ADDED:
          added_any = TRUE;
          break;
        case ASSAY_STORE_IMPORT_SAME:
          was_held = TRUE;
          break;
        case ASSAY_STORE_IMPORT_DIFFERENT:
        default:
          was_held = TRUE;
          diverged = TRUE;
          break;
        }
    }

  if (diverged)
    {
      /* The other side's history forked from this one's: set aside its
       * newest version, to be shown beside the local one. */
      gboolean is_new = FALSE;

      if (!assay_store_add_conflict (store, newest, &is_new, error))
        return FALSE;

      if (is_new)
        {
          AssayConflict *conflict = conflict_new (store, newest, error);

          if (conflict == NULL)
            return FALSE;
          g_ptr_array_add (report->conflicts, conflict);
        }
      else
        report->unchanged++;
    }
  else if (added_any && was_held)
    report->updated++;
  else if (added_any)
    report->added++;
  else
    report->unchanged++;

  return TRUE;
}

static gboolean
merge_document (AssayStore           *store,
                AssayBundleDocument  *doc,
                AssayImportReport    *report,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autoptr(GHashTable) cases = index_cases (store, error);
  GPtrArray *records = doc->records;
  guint first = 0;

  if (cases == NULL)
    return FALSE;

  while (first < records->len)
    {
      const AssayRecord *head = records->pdata[first];
      guint last = first + 1;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      while (last < records->len &&
             g_str_equal (((AssayRecord *) records->pdata[last])->collection, head->collection) &&
             g_str_equal (((AssayRecord *) records->pdata[last])->id, head->id))
        last++;

      if (!merge_record (store, records, first, last, cases, report, error))
        return FALSE;

      first = last;
    }

  return TRUE;
}

AssayImportReport *
assay_bundle_merge (AssayStore         *store,
                    AssayOpenedBundle  *bundle,
                    AssayFrameworks    *frameworks,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(GError) local_error = NULL;
  AssayBundleDocument *doc;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (bundle != NULL, NULL);
  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (frameworks), NULL);

  if (assay_vault_get_locked (assay_store_get_vault (store)))
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED,
                           _("The vault is locked"));
      return NULL;
    }

  doc = bundle->doc;
  report = g_new0 (AssayImportReport, 1);
  report->author = g_strdup (doc->author);
  report->author_name = g_strdup (doc->author_name);
  report->author_agency = g_strdup (doc->author_agency);
  report->created = g_strdup (doc->created);
  report->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_conflict_free);
  report->missing_frameworks =
    g_ptr_array_new_with_free_func ((GDestroyNotify) assay_missing_framework_free);

  for (guint i = 0; i < bundle->frameworks->len; i++)
    {
      const AssayMissingFramework *used = bundle->frameworks->pdata[i];
      g_autoptr(AssayFramework) framework =
        assay_frameworks_lookup (frameworks, used->framework, used->version, NULL);

      if (framework == NULL)
        assay_missing_frameworks_add (report->missing_frameworks, used->framework,
                                      used->version, used->n_audits);
    }

  /* One transaction: on any error nothing of this bundle is kept. */
  if (!assay_store_begin (store, error))
    return NULL;

  if (!merge_document (store, doc, report, cancellable, &local_error) ||
      !assay_store_commit (store, &local_error))
    {
      assay_store_rollback (store);
      if (local_error->domain == ASSAY_STORE_ERROR &&
          local_error->code == ASSAY_STORE_ERROR_INVALID)
        g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                     "%s: %s", bundle->name, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&report);
}

/* Conflicts */

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
      AssayConflict *conflict = conflict_new (store, held->pdata[i], error);

      if (conflict == NULL)
        return NULL;
      g_ptr_array_add (conflicts, conflict);
    }

  return g_steal_pointer (&conflicts);
}

gboolean
assay_bundle_resolve_conflict (AssayStore     *store,
                               AssayConflict  *conflict,
                               gboolean        keep_other,
                               GError        **error)
{
  g_autoptr(GPtrArray) held = NULL;
  const AssayRecord *other = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (conflict != NULL, FALSE);

  held = assay_store_list_conflicts (store, error);
  if (held == NULL)
    return FALSE;

  for (guint i = 0; i < held->len && other == NULL; i++)
    {
      const AssayRecord *record = held->pdata[i];

      if (g_str_equal (record->collection, conflict->collection) &&
          g_str_equal (record->id, conflict->id) && record->revision == conflict->revision &&
          g_str_equal (record->author, conflict->other_author) &&
          record->hlc == conflict->other_hlc)
        other = record;
    }

  if (other == NULL)
    {
      g_set_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND,
                   _("There is no conflict held for record %s/%s revision %" G_GINT64_FORMAT),
                   conflict->collection, conflict->id, conflict->revision);
      return FALSE;
    }

  if (!assay_store_begin (store, error))
    return FALSE;

  /* The other version becomes the newest revision, written here, so the
   * history keeps both. */
  if (keep_other)
    {
      g_autoptr(AssayRecord) saved = assay_store_save (store, other->collection, other->id,
                                                       other->payload, error);

      if (saved == NULL)
        {
          assay_store_rollback (store);
          return FALSE;
        }
    }

  if (!assay_store_resolve_conflict (store, other, error) || !assay_store_commit (store, error))
    {
      assay_store_rollback (store);
      return FALSE;
    }

  return TRUE;
}
