/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "assay-audit-index.h"
#include "assay-bundle.h"
#include "assay-cli-private.h"

/* `export` and `import` from the contract (conflicts are in
 * assay-cli-conflicts.c). */

#define BUNDLE_PASSPHRASE_ENV "ASSAY_BUNDLE_PASSPHRASE"

/* YYYY-MM-DD is the start of that day here; anything else is ISO 8601,
 * local time unless it says otherwise. */
static GDateTime *
parse_since (const char *text)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  int year, month, day;
  char end;

  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3 && strlen (text) == 10)
    return g_date_time_new (local, year, month, day, 0, 0, 0);

  return g_date_time_new_from_iso8601 (text, local);
}

static void
print_conflict (AssayConflict *conflict)
{
  g_print (_("  conflict: %s (%s/%s revision %" G_GINT64_FORMAT ")\n"),
           conflict->description, conflict->collection, conflict->id, conflict->revision);
}

int
assay_cli_cmd_export (AssayCliGlobals  *globals,
                      int               argc,
                      char            **argv)
{
  g_autofree char *to = NULL;
  g_autofree char *since_text = NULL;
  g_auto(GStrv) recipients = NULL;
  gboolean partnership = FALSE;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("Write the bundle to FILE"), N_("FILE") },
    { "recipient", 0, 0, G_OPTION_ARG_STRING_ARRAY, &recipients,
      N_("Who may open it: a public identity as “assay-cli identity” prints it; repeatable"),
      N_("PUBKEY") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text,
      N_("Only records changed on or after DATE (YYYY-MM-DD or ISO 8601)"), N_("DATE") },
    { "partnership", 0, 0, G_OPTION_ARG_NONE, &partnership,
      N_("Let anyone with the partnership passphrase open it too"), NULL },
    { NULL }
  };
  g_autoptr(GPtrArray) identities = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssaySecureString) passphrase = NULL;
  g_autoptr(AssayExportResult) result = NULL;
  AssayExportOptions options = { NULL, NULL, NULL };
  GError *error = NULL;
  int exit_code;

  if (!assay_cli_parse_options (NULL,
                                _("Write a signed, encrypted bundle of this vault’s audits, "
                                  "agreed grades and the plans they are about.\n\n"
                                  "This installation can always open it; so can each "
                                  "--recipient and, with --partnership, anyone\n"
                                  "with the partnership passphrase (from "
                                  "ASSAY_BUNDLE_PASSPHRASE or asked twice).\n\n"
                                  "  assay-cli export --to march.assay --recipient 3f2a…\n"
                                  "  assay-cli export --to q1.assay --since 2026-01-01 "
                                  "--partnership"),
                                entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc > 1)
    return assay_cli_usage_error (_("“export” takes options only"));

  if (to == NULL)
    return assay_cli_usage_error (_("export needs --to FILE"));

  /* Check the request before asking for any passphrase. */
  for (guint i = 0; recipients != NULL && recipients[i] != NULL; i++)
    {
      char *identity = assay_bundle_parse_recipient (recipients[i], &error);

      if (identity == NULL)
        return assay_cli_fail (error);
      g_ptr_array_add (identities, identity);
    }
  g_ptr_array_add (identities, NULL);

  if (since_text != NULL && (since = parse_since (since_text)) == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("--since “%s” is not a date: give YYYY-MM-DD or an ISO 8601 time"),
                         since_text);
      return assay_cli_usage_error (message);
    }

  vault = assay_cli_open_vault (globals, TRUE, &error);
  if (vault == NULL)
    return assay_cli_fail (error);

  if (partnership)
    {
      passphrase = assay_cli_get_passphrase (BUNDLE_PASSPHRASE_ENV,
                                             _("Partnership passphrase: "), TRUE, &error);
      if (passphrase == NULL)
        return assay_cli_fail (error);
    }

  store = assay_store_new (vault);
  options.recipients = (const char * const *) identities->pdata;
  options.passphrase = passphrase;
  options.since = since;

  result = assay_bundle_export_file (store, to, &options, NULL, &error);
  if (result == NULL)
    return assay_cli_fail (error);

  if (globals->json)
    {
      g_autoptr(JsonNode) root = assay_export_result_to_json (result);

      assay_cli_print_node (root);
    }
  else
    {
      guint others = g_strv_length (result->recipients);
      guint n_records = result->summary.n_records;
      guint n_revisions = result->summary.n_revisions;

      g_print (ngettext ("Wrote %s: %u record, ", "Wrote %s: %u records, ", n_records),
               to, n_records);
      g_print (ngettext ("%u revision\n", "%u revisions\n", n_revisions), n_revisions);
      if (others == 0 && !partnership)
        g_print (_("Readable by this installation only\n"));
      else if (others == 0)
        g_print (_("Readable by this installation and with the partnership passphrase\n"));
      else
        {
          g_print (ngettext ("Readable by this installation and %u recipient",
                             "Readable by this installation and %u recipients", others),
                   others);
          g_print ("%s\n", partnership ? _(", and with the partnership passphrase") : "");
        }
    }

  /* What stayed home, and why, whatever the output. */
  if (result->summary.n_drafts_kept > 0)
    g_printerr (ngettext ("%u unfinished audit stays here: unfinished audits go only in a "
                          "bundle to yourself\n",
                          "%u unfinished audits stay here: unfinished audits go only in a "
                          "bundle to yourself\n",
                          result->summary.n_drafts_kept),
                result->summary.n_drafts_kept);
  if (result->summary.n_unverified_kept > 0)
    g_printerr (ngettext ("%u colleague’s record stays here: it was imported before records "
                          "were signed, so no one could check it\n",
                          "%u colleagues’ records stay here: they were imported before records "
                          "were signed, so no one could check them\n",
                          result->summary.n_unverified_kept),
                result->summary.n_unverified_kept);

  return ASSAY_EXIT_OK;
}

static void
print_counts (guint added,
              guint updated,
              guint unchanged,
              guint conflicts)
{
  g_print (_("%u added, %u updated, %u unchanged, "), added, updated, unchanged);
  g_print (ngettext ("%u conflict\n", "%u conflicts\n", conflicts), conflicts);
}

static void
print_report (const char        *file,
              AssayImportReport *report)
{
  const char *name = report->author_name != NULL && *report->author_name != '\0'
                     ? report->author_name : _("an unnamed moderator");

  if (report->author_agency != NULL && *report->author_agency != '\0')
    g_print (_("%s: from %s (%s), written %s\n"), file, name, report->author_agency,
             report->created);
  else
    g_print (_("%s: from %s, written %s\n"), file, name, report->created);
  g_print (_("  signed by %s\n  "), report->author);
  print_counts (report->added, report->updated, report->unchanged, report->conflicts->len);
  for (guint i = 0; i < report->conflicts->len; i++)
    print_conflict (g_ptr_array_index (report->conflicts, i));
}

/* One line per framework on stderr: the audits are stored, but nothing
 * here can read them until the framework is installed. */
static void
warn_missing_frameworks (const char        *file,
                         AssayImportReport *report)
{
  g_autofree char *dir = NULL;

  if (report->missing_frameworks->len == 0)
    return;

  dir = assay_frameworks_get_partnership_dir ();
  for (guint i = 0; i < report->missing_frameworks->len; i++)
    {
      AssayMissingFramework *missing = g_ptr_array_index (report->missing_frameworks, i);

      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "assay-cli: warning: %s: %u audit uses the framework “%s” "
                               "version %s, which is not installed here; it is stored, and "
                               "is read once that framework’s file is in %s\n",
                               "assay-cli: warning: %s: %u audits use the framework “%s” "
                               "version %s, which is not installed here; they are stored, and "
                               "are read once that framework’s file is in %s\n",
                               missing->n_audits),
                  file, missing->n_audits, missing->framework, missing->version, dir);
    }
}

static AssaySecureString *
ask_passphrase (const char *file,
                gpointer    user_data)
{
  g_autofree char *prompt = g_strdup_printf (_("Partnership passphrase for %s: "), file);

  return assay_cli_get_passphrase (BUNDLE_PASSPHRASE_ENV, prompt, FALSE, NULL);
}

/* What the import's callbacks share. */
typedef struct
{
  AssayCliGlobals    *globals;
  const char * const *files;
  guint               index;      /* the file being imported */
  int                 percent;    /* last shown of it, or -1 */
} CliImport;

/* Only to a terminal, and only when the figure changes: a log or a pipe
 * gets the outcome alone. */
static void
print_progress (guint64  done,
                guint64  total,
                gpointer user_data)
{
  CliImport *import = user_data;
  int percent;

  if (total == 0 || !isatty (STDERR_FILENO))
    return;

  percent = (int) (done * 100 / total);
  if (percent == import->percent)
    return;

  import->percent = percent;
  g_printerr (_("\rImporting %s: %d%%"), import->files[import->index], percent);
}

/* Ends the progress line, if there is one, before anything else is said. */
static void
end_progress (CliImport *import)
{
  if (import->percent >= 0)
    g_printerr ("\n");
  import->percent = -1;
}

/* As each file is done: its report or why it failed, and its warnings. */
static void
file_done (const AssayImportFileResult *file,
           gpointer                     user_data)
{
  CliImport *import = user_data;

  end_progress (import);
  import->index++;

  if (file->report == NULL)
    {
      g_printerr ("assay-cli: %s\n", file->error->message);
      return;
    }

  if (!import->globals->json)
    print_report (file->file, file->report);
  warn_missing_frameworks (file->file, file->report);
}

static void
print_summary_progress (guint64  done,
                        guint64  total,
                        gpointer user_data)
{
  if (isatty (STDERR_FILENO) && total > 0)
    g_printerr (_("\rSummarising imported audits: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT),
                done, total);
}

/* Once, after every file: the summaries that lists read are made now,
 * rather than by the next list. The import stands if this fails; the next
 * list makes what is missing. */
static void
refresh_index (AssayStore *store)
{
  g_autoptr(AssayFrameworks) frameworks = assay_frameworks_new_default ();
  g_autoptr(GError) error = NULL;

  if (!assay_audit_index_refresh (store, frameworks, print_summary_progress, NULL, &error))
    g_printerr (_("assay-cli: warning: the imported audits could not be summarised now (%s); "
                  "the next list will\n"), error->message);
  else if (isatty (STDERR_FILENO))
    g_printerr ("\r\033[K");
}

int
assay_cli_cmd_import (AssayCliGlobals  *globals,
                      int               argc,
                      char            **argv)
{
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayImportResult) result = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  CliImport import = { NULL, };
  const GError *failure;
  GError *error = NULL;
  gboolean trust_new = FALSE;
  int exit_code;
  GOptionEntry entries[] = {
    { "trust-new", 0, 0, G_OPTION_ARG_NONE, &trust_new,
      N_("Accept a sender or author who is not yet a contact, as an unverified moderator"),
      NULL },
    { NULL }
  };

  if (!assay_cli_parse_options (_("FILE…"),
                                _("Verify, decrypt and merge bundles into this vault, each in "
                                  "its own transaction.\n\n"
                                  "Every record must be signed by its author, and the sender "
                                  "and every author must\n"
                                  "be in your contacts (or accepted with --trust-new); agreed "
                                  "grades and erasures\n"
                                  "count only from a chair. Anything refused refuses the whole "
                                  "bundle (exit 4).\n\n"
                                  "Importing the same bundle again changes nothing. Two "
                                  "versions of a record that do\n"
                                  "not follow one from the other are both kept: the local one "
                                  "stays, the other is\n"
                                  "listed as a conflict (see “assay-cli conflicts”). A bundle "
                                  "addressed only to the\n"
                                  "partnership takes its passphrase from "
                                  "ASSAY_BUNDLE_PASSPHRASE or asks for it."),
                                entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc < 2)
    return assay_cli_usage_error (_("import needs at least one bundle FILE"));

  vault = assay_cli_open_vault (globals, TRUE, &error);
  if (vault == NULL)
    return assay_cli_fail (error);

  for (int i = 1; i < argc; i++)
    g_ptr_array_add (files, argv[i]);
  g_ptr_array_add (files, NULL);

  store = assay_store_new (vault);
  import.globals = globals;
  import.files = (const char * const *) files->pdata;
  import.percent = -1;
  result = assay_bundle_import_files (store, import.files,
                                      trust_new ? ASSAY_IMPORT_TRUST_NEW : ASSAY_IMPORT_NONE,
                                      ask_passphrase, file_done, print_progress, &import, NULL);
  if (result->added > 0 || result->updated > 0 || result->erased > 0)
    refresh_index (store);

  if (globals->json)
    {
      g_autoptr(JsonNode) root = assay_import_result_to_json (result);

      assay_cli_print_node (root);
    }
  else
    {
      g_print (_("Total: "));
      print_counts (result->added, result->updated, result->unchanged, result->conflicts->len);
    }

  /* The others are still imported; the first failure decides. */
  failure = assay_import_result_get_first_error (result);
  if (failure == NULL)
    return ASSAY_EXIT_OK;

  if (result->files->len > 1)
    {
      guint n_imported = 0;
      const char *first = NULL;

      for (guint i = 0; i < result->files->len; i++)
        {
          const AssayImportFileResult *file = g_ptr_array_index (result->files, i);

          if (file->report != NULL)
            n_imported++;
          else if (first == NULL)
            first = file->file;
        }
      /* TRANSLATORS: how many bundles were imported, of how many, then the
       * first one that was not */
      g_printerr (ngettext ("assay-cli: %u of %u bundle imported; the first not imported: %s\n",
                            "assay-cli: %u of %u bundles imported; the first not imported: %s\n",
                            result->files->len),
                  n_imported, result->files->len, first);
    }

  return (int) assay_error_get_exit_code (failure);
}
