/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-record-private.h"
#include "assay-store-private.h"

/* `check`: every record and conflict opened again, and what is damaged. */

static void
damage_free (gpointer data)
{
  AssayDamage *damage = data;

  g_free (damage->collection);
  g_free (damage->id);
  g_free (damage->reason);
  g_free (damage);
}

void
assay_check_report_free (AssayCheckReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->damaged, g_ptr_array_unref);
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report->database_problem);
  g_free (report);
}

void
_assay_check_report_add_damage (AssayCheckReport *report,
            const char       *collection,
            const char       *id,
            gint64            revision,
            char             *reason)
{
  AssayDamage *damage = g_new0 (AssayDamage, 1);

  damage->collection = g_strdup (collection ? collection : "?");
  damage->id = g_strdup (id ? id : "?");
  damage->revision = revision;
  damage->reason = reason;
  g_ptr_array_add (report->damaged, damage);
}

/* Versions set aside by an import are sensitive too, and sealed the same
 * way; they count as revisions read. */
static void
check_conflicts (AssayStore        *self,
                 AssayCheckReport  *report,
                 GError           **error)
{
  g_autoptr(AssayStatement) stmt = NULL;

  stmt = assay_database_prepare (assay_vault_get_database (self->vault),
                                 "SELECT " SELECT_COLUMNS " FROM conflicts "
                                 "WHERE sealed IS NOT NULL ORDER BY rowid",
                                 error);
  if (stmt == NULL)
    return;

  while (assay_statement_step (stmt, error))
    {
      g_autoptr(AssayRecord) record = NULL;

      report->n_records++;

      record = _assay_store_row_open (self, stmt, CONFLICT_AD_LABEL, NULL);
      if (record == NULL)
        {
          _assay_check_report_add_damage (report, assay_statement_get_text (stmt, 0),
                      assay_statement_get_text (stmt, 1), assay_statement_get_int64 (stmt, 2),
                      g_strdup (_("the conflicting version set aside by an import cannot be "
                                  "authenticated: altered or moved")));
          continue;
        }

      report->n_ok++;
    }
}

AssayCheckReport *
assay_store_check (AssayStore  *self,
                   GError     **error)
{
  AssayDatabase *database;
  g_autoptr(AssayCheckReport) report = NULL;
  g_autoptr(AssayStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *last_collection = NULL;
  g_autofree char *last_id = NULL;
  gint64 expected = 1;

  g_return_val_if_fail (ASSAY_IS_STORE (self), NULL);

  if (!_assay_store_require_unlocked (self, error))
    return NULL;

  database = assay_vault_get_database (self->vault);
  report = g_new0 (AssayCheckReport, 1);
  report->damaged = g_ptr_array_new_with_free_func (damage_free);
  report->problems = g_ptr_array_new_with_free_func (g_free);

  if (!assay_database_quick_check (database, &report->database_problem, error))
    return NULL;

  stmt = assay_database_prepare (database,
                                 "SELECT " SELECT_COLUMNS " FROM records "
                                 "ORDER BY collection, id, revision",
                                 error);
  if (stmt == NULL)
    return NULL;

  while (assay_statement_step (stmt, &local_error))
    {
      g_autoptr(AssayRecord) record = NULL;
      g_autoptr(GError) record_error = NULL;
      const char *collection = assay_statement_get_text (stmt, 0);
      const char *id = assay_statement_get_text (stmt, 1);
      gint64 revision = assay_statement_get_int64 (stmt, 2);

      report->n_records++;

      if (g_strcmp0 (collection, last_collection) != 0 || g_strcmp0 (id, last_id) != 0)
        {
          g_free (last_collection);
          g_free (last_id);
          last_collection = g_strdup (collection);
          last_id = g_strdup (id);
          expected = 1;
        }

      record = _assay_store_record_from_row (self, stmt, &record_error);
      if (record == NULL)
        {
          _assay_check_report_add_damage (report, collection, id, revision,
                      g_strdup (_("cannot be authenticated: altered, moved or rolled back")));
          expected = revision + 1;
          continue;
        }

      /* A revision names the one it replaced. Revisions are stored one
       * after another, except that a bundle carries only the newest: one
       * stored with its base not held says so (sealed, so it cannot be
       * claimed afterwards). Any other gap means rows were deleted behind
       * Assay's back. */
      if (record->base + 1 < expected)
        _assay_check_report_add_damage (report, collection, id, revision,
                    g_strdup_printf (_("revision %" G_GINT64_FORMAT " follows revision %"
                                       G_GINT64_FORMAT ", which is older than the one held"),
                                     revision, record->base));
      else if (revision != expected &&
               !(record->signature != NULL && assay_statement_get_int64 (stmt, 7) != 0 &&
                 record->base + 1 == revision))
        _assay_check_report_add_damage (report, collection, id, expected,
                    g_strdup_printf (_("revisions %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                                       " are missing"),
                                     expected, revision - 1));
      expected = revision + 1;

      /* Whoever could write the file could not sign in someone's name. */
      if (record->signature != NULL && !_assay_record_verify (record, NULL))
        {
          _assay_check_report_add_damage (report, collection, id, revision,
                      g_strdup (_("does not carry its author’s signature")));
          continue;
        }

      report->n_ok++;
    }

  if (local_error == NULL)
    check_conflicts (self, report, &local_error);

  if (local_error == NULL)
    _assay_store_check_head (self, report, &local_error);

  if (local_error != NULL)
    {
      if (!g_error_matches (local_error, ASSAY_DATABASE_ERROR, ASSAY_DATABASE_ERROR_CORRUPT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (report->database_problem == NULL)
        report->database_problem = g_strdup (local_error->message);
    }

  return g_steal_pointer (&report);
}
