/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-bundle"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "assay-agreed-grade.h"
#include "assay-audit-private.h"
#include "assay-audit-validate.h"
#include "assay-bundle-private.h"
#include "assay-bundle-stream.h"
#include "assay-caseload.h"
#include "assay-contacts.h"
#include "assay-erasure.h"
#include "assay-hlc.h"
#include "assay-json-util.h"
#include "assay-store-private.h"

/*
 * What an import does to the store, in one transaction: whom it trusts
 * (the address book decides, whoever sent the bundle), which records it
 * refuses (then nothing of the bundle is kept), and each record's newest
 * revision added, or kept aside as a conflict when it does not follow the
 * one held (assay-bundle-conflicts.c lists and settles them).
 */

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

typedef struct
{
  AssayStore        *store;
  AssayOpenedBundle *bundle;
  AssayFrameworks   *frameworks;
  AssayImportFlags   flags;
  AssayImportReport *report;
  const char        *self;
  GHashTable        *cases;      /* case_ref -> id held */
  GHashTable        *erased;     /* "collection\nid" of records erased here */
  GHashTable        *contacts;   /* key -> AssayContact, as they are asked about */
  GPtrArray         *missing;    /* frameworks of audits that cannot be checked */
  AssayProgressFunc progress;
  gpointer           progress_data;
} Merge;

/* "Ann Patel (Health, 04213 55320 00017 65535 12345 00999)": who a key is,
 * as the bundle names them, for a message about someone not yet trusted. */
static char *
describe_stranger (Merge      *merge,
                   const char *key)
{
  g_autofree char *fingerprint = assay_identity_fingerprint (key);
  const char *known = g_hash_table_lookup (merge->bundle->authors, key);
  g_auto(GStrv) parts = NULL;
  const char *name = NULL;
  const char *agency = NULL;

  if (g_strcmp0 (key, merge->bundle->sender) == 0)
    {
      name = merge->bundle->sender_name;
      agency = merge->bundle->sender_agency;
    }
  else if (known != NULL)
    {
      parts = g_strsplit (known, "\n", 2);
      name = parts[0];
      agency = parts[1];
    }

  if (name == NULL || *name == '\0')
    name = _("someone unnamed");

  if (agency != NULL && *agency != '\0')
    return g_strdup_printf ("%s (%s, %s)", name, agency, fingerprint);

  return g_strdup_printf ("%s (%s)", name, fingerprint);
}

/* The contact @key is, this installation included; a stranger becomes an
 * unverified moderator with TRUST_NEW, or NULL and UNTRUSTED. */
static AssayContact *
trusted (Merge       *merge,
         const char  *key,
         const char  *what,
         GError     **error)
{
  AssayContact *contact = g_hash_table_lookup (merge->contacts, key);
  g_autoptr(AssayContact) added = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *who = NULL;
  const char *known;
  g_auto(GStrv) parts = NULL;

  if (contact != NULL)
    return contact;

  contact = assay_contacts_lookup_trusted (merge->store, key, &local_error);
  if (contact != NULL)
    {
      g_hash_table_insert (merge->contacts, g_strdup (key), contact);
      return contact;
    }

  if (!g_error_matches (local_error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  who = describe_stranger (merge, key);
  if (!(merge->flags & ASSAY_IMPORT_TRUST_NEW))
    {
      /* TRANSLATORS: the first %s is the file, the second what comes from
       * the stranger ("it was sent by", "record … was written by"), the
       * third who they are, with their fingerprint. */
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_UNTRUSTED,
                   _("%s: %s %s, who is not in your contacts. Compare the fingerprint with "
                     "them, then add them (“contacts add”) or import with --trust-new"),
                   merge->bundle->name, what, who);
      return NULL;
    }

  if (g_strcmp0 (key, merge->bundle->sender) == 0)
    added = assay_contact_new (key, merge->bundle->sender_name, merge->bundle->sender_agency);
  else if ((known = g_hash_table_lookup (merge->bundle->authors, key)) != NULL)
    {
      parts = g_strsplit (known, "\n", 2);
      added = assay_contact_new (key, parts[0], parts[1]);
    }
  else
    added = assay_contact_new (key, _("Unnamed colleague"), "");

  /* A name the bundle gave may be empty or unusable: the key still is. */
  if (added->name == NULL || *added->name == '\0')
    {
      g_free (added->name);
      added->name = g_strdup (_("Unnamed colleague"));
    }

  added->role = ASSAY_CONTACT_ROLE_MODERATOR;
  added->verified = FALSE;
  contact = assay_contacts_add (merge->store, added,
                                ASSAY_CONTACT_SET_ROLE | ASSAY_CONTACT_SET_VERIFIED, error);
  if (contact == NULL)
    return NULL;

  merge->report->new_contacts++;
  g_hash_table_insert (merge->contacts, g_strdup (key), contact);

  return contact;
}

static void
set_record_error (Merge              *merge,
                  GError            **error,
                  int                 code,
                  const AssayRecord  *record,
                  const char         *why)
{
  g_autofree char *what = _assay_bundle_describe (record->collection, record->payload);

  g_set_error (error, ASSAY_BUNDLE_ERROR, code,
               _("%s: %s (record %s/%s, revision %" G_GINT64_FORMAT "): %s"),
               merge->bundle->name, what, record->collection, record->id, record->revision, why);
}

static gboolean
accepted_collection (const char *collection)
{
  return g_str_equal (collection, ASSAY_AUDIT_COLLECTION) ||
         g_str_equal (collection, ASSAY_AGREEMENTS_COLLECTION) ||
         g_str_equal (collection, ASSAY_DELETIONS_COLLECTION) ||
         g_str_equal (collection, ASSAY_CASELOAD_COLLECTION);
}

/* Whether @contact's key was revoked by the time @record was stamped. */
static gboolean
revoked_for (const AssayContact *contact,
             const AssayRecord  *record)
{
  g_autoptr(GDateTime) stamped = NULL;
  g_autofree char *day = NULL;

  if (contact->revoked_from == NULL)
    return FALSE;

  stamped = g_date_time_new_from_unix_utc (assay_hlc_get_wall_ms (record->hlc) / 1000);
  if (stamped == NULL)
    return TRUE;
  day = g_date_time_format (stamped, "%Y-%m-%d");

  return g_strcmp0 (day, contact->revoked_from) >= 0;
}

/* Everything about @record but whether it follows what is held. */
static gboolean
check_record (Merge              *merge,
              const AssayRecord  *record,
              GError            **error)
{
  g_autofree char *written_by = NULL;
  AssayContact *author;

  if (!accepted_collection (record->collection))
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_REJECTED,
                   _("%s: record %s is of a kind this Assay does not take (“%s”)"),
                   merge->bundle->name, record->id, record->collection);
      return FALSE;
    }

  /* Most records are by someone already asked about: say who only when
   * there is something to say. */
  author = g_hash_table_lookup (merge->contacts, record->author);
  if (author == NULL)
    {
      written_by = g_strdup_printf (_("record %s/%s was written by"), record->collection,
                                    record->id);
      author = trusted (merge, record->author, written_by, error);
      if (author == NULL)
        return FALSE;
    }

  if (revoked_for (author, record))
    {
      g_autofree char *why =
        g_strdup_printf (_("%s’s key was revoked from %s, and this was signed after"),
                         author->name, author->revoked_from);

      set_record_error (merge, error, ASSAY_BUNDLE_ERROR_UNTRUSTED, record, why);
      return FALSE;
    }

  if (record->hlc > _assay_store_latest_believable_stamp ())
    {
      set_record_error (merge, error, ASSAY_BUNDLE_ERROR_UNTRUSTED, record,
                        _("it is stamped more than a day ahead of this computer’s clock"));
      return FALSE;
    }

  /* The forum's decisions are the chair's: an agreed grade or an erasure
   * from anyone else does not count. */
  if ((g_str_equal (record->collection, ASSAY_AGREEMENTS_COLLECTION) ||
       g_str_equal (record->collection, ASSAY_DELETIONS_COLLECTION)) &&
      author->role != ASSAY_CONTACT_ROLE_CHAIR)
    {
      g_autofree char *why =
        g_strdup_printf (_("%s is not a forum chair in your contacts, and only a chair’s "
                           "agreed grades and erasures count"), author->name);

      set_record_error (merge, error, ASSAY_BUNDLE_ERROR_UNTRUSTED, record, why);
      return FALSE;
    }

  return TRUE;
}

/* An audit is its author's: a revision of it by anyone else is a forgery,
 * however well signed; an unfinished one travels only to its author.
 * @held_author wrote the newest revision held, or is NULL. */
static gboolean
check_audit (Merge              *merge,
             const AssayRecord  *record,
             const char         *held_author,
             GVariant          **summary,
             GError            **error)
{
  if (held_author != NULL && !g_str_equal (held_author, record->author))
    {
      g_autoptr(AssayContactNames) names = assay_contact_names_load (merge->store, NULL);
      const char *owner = names != NULL ? assay_contacts_display_name (names, held_author) : NULL;
      g_autofree char *why =
        g_strdup_printf (_("the audit is %s’s, and only its author can change it"),
                         owner != NULL ? owner : held_author);

      set_record_error (merge, error, ASSAY_BUNDLE_ERROR_UNTRUSTED, record, why);
      return FALSE;
    }

  /* Opening noted who has unfinished audits in the bundle: only theirs
   * need a second look. */
  if (!g_str_equal (record->author, merge->self) &&
      g_hash_table_contains (merge->bundle->draft_authors, record->author))
    {
      g_autoptr(JsonObject) object = NULL;
      gsize len = 0;
      const char *text = assay_record_get_text (record, &len);

      object = _assay_bundle_parse_object (text, len);
      if (object != NULL &&
          g_strcmp0 (_assay_bundle_get_string (object, "status"), "draft") == 0)
        {
          set_record_error (merge, error, ASSAY_BUNDLE_ERROR_REJECTED, record,
                            _("it is unfinished, and an unfinished audit goes to no one but "
                              "its author"));
          return FALSE;
        }
    }

  return assay_audit_validate_record_summarised (merge->frameworks, record, merge->missing,
                                                 summary, error);
}

static gboolean
merge_record (Merge              *merge,
              const AssayRecord  *record,
              GError            **error)
{
  g_autofree char *key = _assay_erasure_key (record->collection, record->id);
  g_autofree char *held_author = NULL;
  g_autoptr(GVariant) summary = NULL;
  AssayStoreImport outcome;
  gint64 held = 0;

  if (!check_record (merge, record, error))
    return FALSE;

  /* Erased here: it does not come back, whatever bundle brings it. */
  if (g_hash_table_contains (merge->erased, key))
    {
      merge->report->erased++;
      return TRUE;
    }

  /* What is held of it, without opening anything: most records of a
   * bundle are new, and need nothing more read. */
  if (!_assay_store_newest_held (merge->store, record->collection, record->id, &held,
                                 &held_author, error))
    return FALSE;

  if (g_str_equal (record->collection, ASSAY_AUDIT_COLLECTION) &&
      !check_audit (merge, record, held_author, &summary, error))
    return FALSE;

  if (g_str_equal (record->collection, ASSAY_AGREEMENTS_COLLECTION) &&
      !assay_validate_record (merge->frameworks, record, NULL, error))
    return FALSE;

  if (g_str_equal (record->collection, ASSAY_CASELOAD_COLLECTION))
    {
      g_autofree char *case_ref = _assay_bundle_record_case_ref (record);
      const char *held_id = case_ref != NULL ? g_hash_table_lookup (merge->cases, case_ref) : NULL;

      /* The plan is in the caseload here under another id (imported from the
       * same spreadsheet, say): this installation's caseload wins. */
      if (held_id != NULL && !g_str_equal (held_id, record->id))
        {
          merge->report->unchanged++;
          return TRUE;
        }
      if (case_ref != NULL)
        g_hash_table_replace (merge->cases, g_steal_pointer (&case_ref), g_strdup (record->id));
    }

  /* Its author's signature was verified when the bundle was opened, and
   * the reader fails at the end unless what it read is what was verified. */
  if (!_assay_store_import_verified (merge->store, record, held, &outcome, error))
    return FALSE;

  /* The audit was read once, to check it: its summary is stored now, and
   * the index has nothing left to read for it. */
  if ((outcome == ASSAY_STORE_IMPORT_ADDED || outcome == ASSAY_STORE_IMPORT_UPDATED) &&
      summary != NULL && !_assay_audit_index_put_record (merge->store, record, summary, error))
    return FALSE;

  switch (outcome)
    {
    case ASSAY_STORE_IMPORT_ADDED:
      merge->report->added++;
      break;

    case ASSAY_STORE_IMPORT_UPDATED:
      merge->report->updated++;
      break;

    case ASSAY_STORE_IMPORT_SAME:
    case ASSAY_STORE_IMPORT_OLDER:
      merge->report->unchanged++;
      break;

    case ASSAY_STORE_IMPORT_DIFFERENT:
    default:
      {
        /* Another edit of what is held: set aside beside it, to be shown. */
        gboolean is_new = FALSE;

        if (!assay_store_add_conflict (merge->store, record, &is_new, error))
          return FALSE;

        if (is_new)
          {
            AssayConflict *conflict = _assay_bundle_conflict_new (merge->store, record, error);

            if (conflict == NULL)
              return FALSE;
            g_ptr_array_add (merge->report->conflicts, conflict);
          }
        else
          merge->report->unchanged++;
      }
      break;
    }

  if ((outcome == ASSAY_STORE_IMPORT_ADDED || outcome == ASSAY_STORE_IMPORT_UPDATED) &&
      g_str_equal (record->collection, ASSAY_DELETIONS_COLLECTION))
    {
      guint removed = 0;

      if (!_assay_erasure_apply (merge->store, record, merge->erased, &removed, error))
        return FALSE;
      merge->report->erased += removed;
    }

  return TRUE;
}

static gboolean
merge_entries (Merge         *merge,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(AssayBundleReader) reader = NULL;
  g_autofree char *sent_by = NULL;
  guint64 size = merge->bundle->size;

  sent_by = g_strdup (_("it was sent by"));
  if (trusted (merge, merge->bundle->sender, sent_by, error) == NULL)
    return FALSE;

  reader = _assay_opened_bundle_read (merge->bundle, cancellable, error);
  if (reader == NULL)
    return FALSE;

  /* The file must still be the one opened. */
  if (g_strcmp0 (_assay_bundle_reader_get_sender (reader), merge->bundle->sender) != 0)
    {
      g_set_error (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_DAMAGED,
                   _("%s changed while it was being imported"), merge->bundle->name);
      return FALSE;
    }

  for (;;)
    {
      g_autoptr(AssayBundleEntry) entry = NULL;

      if (!_assay_bundle_reader_next (reader, &entry, cancellable, error))
        return FALSE;
      if (entry == NULL)
        return TRUE;
      /* The total is told once the transaction is committed, not before. */
      if (merge->progress != NULL && size > 0)
        merge->progress (size + MIN (_assay_bundle_reader_get_offset (reader), size - 1),
                         2 * size, merge->progress_data);
      if (entry->type != ASSAY_BUNDLE_ENTRY_RECORD)
        continue;

      if (!merge_record (merge, entry->record, error))
        return FALSE;
    }
}

AssayImportReport *
assay_bundle_merge (AssayStore         *store,
                    AssayOpenedBundle  *bundle,
                    AssayFrameworks    *frameworks,
                    AssayImportFlags    flags,
                    GCancellable       *cancellable,
                    GError            **error)
{
  return assay_bundle_merge_full (store, bundle, frameworks, flags, NULL, NULL, cancellable,
                                  error);
}

AssayImportReport *
assay_bundle_merge_full (AssayStore               *store,
                         AssayOpenedBundle        *bundle,
                         AssayFrameworks          *frameworks,
                         AssayImportFlags          flags,
                         AssayProgressFunc         progress,
                         gpointer                  progress_data,
                         GCancellable             *cancellable,
                         GError                  **error)
{
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(GHashTable) cases = NULL;
  g_autoptr(GHashTable) erased = NULL;
  g_autoptr(GHashTable) contacts = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) local_error = NULL;
  Merge merge = { 0, };

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (bundle != NULL, NULL);
  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (frameworks), NULL);

  report = g_new0 (AssayImportReport, 1);
  report->author = g_strdup (bundle->sender);
  report->author_name = g_strdup (bundle->sender_name);
  report->author_agency = g_strdup (bundle->sender_agency);
  report->created = g_strdup (bundle->created);
  report->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_conflict_free);
  report->missing_frameworks =
    g_ptr_array_new_with_free_func ((GDestroyNotify) assay_missing_framework_free);
  missing = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_missing_framework_free);

  /* One transaction: on any error nothing of this bundle is kept. */
  if (!assay_store_begin (store, error))
    return NULL;

  cases = index_cases (store, &local_error);
  erased = cases != NULL ? assay_erasure_load_erased (store, &local_error) : NULL;
  contacts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) assay_contact_free);

  merge.store = store;
  merge.bundle = bundle;
  merge.frameworks = frameworks;
  merge.flags = flags;
  merge.report = report;
  merge.self = assay_vault_get_identity (assay_store_get_vault (store));
  merge.cases = cases;
  merge.erased = erased;
  merge.contacts = contacts;
  merge.missing = missing;
  merge.progress = progress;
  merge.progress_data = progress_data;

  if (erased == NULL || !merge_entries (&merge, cancellable, &local_error) ||
      !assay_store_commit (store, &local_error))
    {
      assay_store_rollback (store);
      if (local_error->domain == ASSAY_STORE_ERROR)
        g_set_error (error, ASSAY_BUNDLE_ERROR,
                     local_error->code == ASSAY_STORE_ERROR_INTEGRITY
                       ? ASSAY_BUNDLE_ERROR_UNTRUSTED : ASSAY_BUNDLE_ERROR_DAMAGED,
                     "%s: %s", bundle->name, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (progress != NULL)
    progress (2 * bundle->size, 2 * bundle->size, progress_data);

  /* The audits stored that cannot be read until their framework is
   * installed here. */
  for (guint i = 0; i < missing->len; i++)
    {
      const AssayMissingFramework *used = missing->pdata[i];

      assay_missing_frameworks_add (report->missing_frameworks, used->framework, used->version,
                                    used->n_audits);
    }

  return g_steal_pointer (&report);
}
