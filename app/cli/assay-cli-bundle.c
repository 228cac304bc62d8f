/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "assay-bundle.h"
#include "assay-cli-private.h"

/* `export` and `import` from the contract, and `conflicts`, which lists the
 * versions imports have set aside. */

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
add_conflict_json (JsonBuilder   *builder,
                   AssayConflict *conflict)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "collection");
  json_builder_add_string_value (builder, conflict->collection);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, conflict->id);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, conflict->revision);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, conflict->description);
  json_builder_set_member_name (builder, "local_author");
  json_builder_add_string_value (builder, conflict->local_author);
  json_builder_set_member_name (builder, "other_author");
  json_builder_add_string_value (builder, conflict->other_author);
  json_builder_end_object (builder);
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
  g_autoptr(GFile) file = NULL;
  AssayExportOptions options = { NULL, NULL, NULL };
  AssayExportSummary summary = { 0, 0 };
  GError *error = NULL;
  int exit_code;

  if (!assay_cli_parse_options (NULL,
                                _("Write a signed, encrypted bundle of this vault’s audits, "
                                  "agreed grades and the cases they are about.\n\n"
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
  file = g_file_new_for_commandline_arg (to);
  options.recipients = (const char * const *) identities->pdata;
  options.passphrase = passphrase;
  options.since = since;

  if (!assay_bundle_export (store, file, &options, &summary, NULL, &error))
    return assay_cli_fail (error);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, to);
      json_builder_set_member_name (builder, "records");
      json_builder_add_int_value (builder, summary.n_records);
      json_builder_set_member_name (builder, "revisions");
      json_builder_add_int_value (builder, summary.n_revisions);
      json_builder_set_member_name (builder, "author");
      json_builder_add_string_value (builder, assay_vault_get_identity (vault));
      json_builder_set_member_name (builder, "recipients");
      json_builder_begin_array (builder);
      for (guint i = 0; i + 1 < identities->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (identities, i));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "partnership");
      json_builder_add_boolean_value (builder, partnership);
      json_builder_set_member_name (builder, "since");
      if (since != NULL)
        {
          g_autofree char *iso = g_date_time_format_iso8601 (since);
          json_builder_add_string_value (builder, iso);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      assay_cli_print_json (builder);
    }
  else
    {
      guint others = identities->len - 1;

      g_print (ngettext ("Wrote %s: %u record, ", "Wrote %s: %u records, ", summary.n_records),
               to, summary.n_records);
      g_print (ngettext ("%u revision\n", "%u revisions\n", summary.n_revisions),
               summary.n_revisions);
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

  return ASSAY_EXIT_OK;
}

typedef struct
{
  guint      added;
  guint      updated;
  guint      unchanged;
  GPtrArray *conflicts;   /* of AssayConflict, borrowed from the reports */
  GPtrArray *reports;     /* of AssayImportReport, NULL for a failed file */
} Totals;

static void
print_import_json (Totals     *totals,
                   char      **files,
                   GPtrArray  *failures)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "added");
  json_builder_add_int_value (builder, totals->added);
  json_builder_set_member_name (builder, "updated");
  json_builder_add_int_value (builder, totals->updated);
  json_builder_set_member_name (builder, "unchanged");
  json_builder_add_int_value (builder, totals->unchanged);
  json_builder_set_member_name (builder, "conflicts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < totals->conflicts->len; i++)
    add_conflict_json (builder, g_ptr_array_index (totals->conflicts, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "bundles");
  json_builder_begin_array (builder);
  for (guint i = 0; i < totals->reports->len; i++)
    {
      AssayImportReport *report = g_ptr_array_index (totals->reports, i);

      if (report == NULL)
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, files[i]);
      json_builder_set_member_name (builder, "author");
      json_builder_add_string_value (builder, report->author);
      json_builder_set_member_name (builder, "author_name");
      json_builder_add_string_value (builder, report->author_name);
      json_builder_set_member_name (builder, "author_agency");
      json_builder_add_string_value (builder, report->author_agency);
      json_builder_set_member_name (builder, "created");
      json_builder_add_string_value (builder, report->created);
      json_builder_set_member_name (builder, "added");
      json_builder_add_int_value (builder, report->added);
      json_builder_set_member_name (builder, "updated");
      json_builder_add_int_value (builder, report->updated);
      json_builder_set_member_name (builder, "unchanged");
      json_builder_add_int_value (builder, report->unchanged);
      json_builder_set_member_name (builder, "conflicts");
      json_builder_begin_array (builder);
      for (guint j = 0; j < report->conflicts->len; j++)
        add_conflict_json (builder, g_ptr_array_index (report->conflicts, j));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "missing_frameworks");
      json_builder_begin_array (builder);
      for (guint j = 0; j < report->missing_frameworks->len; j++)
        {
          AssayMissingFramework *missing = g_ptr_array_index (report->missing_frameworks, j);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "framework");
          json_builder_add_string_value (builder, missing->framework);
          json_builder_set_member_name (builder, "version");
          json_builder_add_string_value (builder, missing->version);
          json_builder_set_member_name (builder, "audits");
          json_builder_add_int_value (builder, missing->n_audits);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "failed");
  json_builder_begin_array (builder);
  for (guint i = 0; i < failures->len; i += 2)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, g_ptr_array_index (failures, i));
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, g_ptr_array_index (failures, i + 1));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  assay_cli_print_json (builder);
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

/* assay_bundle_import() with the frameworks the command has loaded */
static AssayImportReport *
import_one (AssayStore       *store,
            AssayFrameworks  *frameworks,
            GFile            *file,
            const char       *passphrase,
            GError          **error)
{
  g_autoptr(AssayOpenedBundle) bundle = NULL;

  bundle = assay_bundle_open (assay_store_get_vault (store), file, passphrase, NULL, error);
  if (bundle == NULL)
    return NULL;

  return assay_bundle_merge (store, bundle, frameworks, NULL, error);
}

int
assay_cli_cmd_import (AssayCliGlobals  *globals,
                      int               argc,
                      char            **argv)
{
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayFrameworks) frameworks = NULL;
  g_autoptr(AssaySecureString) passphrase = NULL;
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  Totals totals = { 0, };
  GError *error = NULL;
  int exit_code = ASSAY_EXIT_OK;

  if (!assay_cli_parse_options (_("FILE…"),
                                _("Verify, decrypt and merge bundles into this vault, each in "
                                  "its own transaction.\n\n"
                                  "Importing the same bundle again changes nothing. Two "
                                  "different versions of the same\n"
                                  "revision of a record are both kept: the local one stays, "
                                  "the other is listed as a\n"
                                  "conflict (see “assay-cli conflicts”). A bundle addressed "
                                  "only to the partnership\n"
                                  "takes its passphrase from ASSAY_BUNDLE_PASSPHRASE or asks "
                                  "for it."),
                                NULL, &argc, &argv, &exit_code))
    return exit_code;

  if (argc < 2)
    return assay_cli_usage_error (_("import needs at least one bundle FILE"));

  vault = assay_cli_open_vault (globals, TRUE, &error);
  if (vault == NULL)
    return assay_cli_fail (error);

  store = assay_store_new (vault);
  /* Loaded once for every file: merging checks that imported audits'
   * frameworks are installed here. */
  frameworks = assay_frameworks_new_default ();
  totals.conflicts = g_ptr_array_new ();
  totals.reports = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_import_report_free);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);
      AssayImportReport *report;

      report = import_one (store, frameworks, file, passphrase, &error);
      if (report == NULL && passphrase == NULL &&
          g_error_matches (error, ASSAY_BUNDLE_ERROR, ASSAY_BUNDLE_ERROR_NEEDS_PASSPHRASE))
        {
          g_autofree char *prompt = g_strdup_printf (_("Partnership passphrase for %s: "),
                                                     argv[i]);

          /* Asked once, for every file that needs it. Without one, the
           * bundle's own message says what is needed. */
          passphrase = assay_cli_get_passphrase (BUNDLE_PASSPHRASE_ENV, prompt, FALSE, NULL);
          if (passphrase != NULL)
            {
              g_clear_error (&error);
              report = import_one (store, frameworks, file, passphrase, &error);
            }
        }

      g_ptr_array_add (totals.reports, report);

      if (report == NULL)
        {
          int code = assay_error_get_exit_code (error);

          g_ptr_array_add (failures, g_strdup (argv[i]));
          g_ptr_array_add (failures, g_strdup (error->message));
          g_printerr ("assay-cli: %s\n", error->message);
          g_clear_error (&error);
          /* The others are still imported; the first failure decides. */
          if (exit_code == ASSAY_EXIT_OK)
            exit_code = code;
          continue;
        }

      totals.added += report->added;
      totals.updated += report->updated;
      totals.unchanged += report->unchanged;
      for (guint c = 0; c < report->conflicts->len; c++)
        g_ptr_array_add (totals.conflicts, g_ptr_array_index (report->conflicts, c));

      if (!globals->json)
        print_report (argv[i], report);
      warn_missing_frameworks (argv[i], report);
    }

  if (globals->json)
    print_import_json (&totals, argv + 1, failures);
  else
    {
      g_print (_("Total: "));
      print_counts (totals.added, totals.updated, totals.unchanged, totals.conflicts->len);
    }

  g_ptr_array_unref (totals.conflicts);
  g_ptr_array_unref (totals.reports);

  return exit_code;
}

int
assay_cli_cmd_conflicts (AssayCliGlobals  *globals,
                         int               argc,
                         char            **argv)
{
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  GError *error = NULL;
  int exit_code;

  if (!assay_cli_parse_options (NULL,
                                _("List the versions imports have set aside because they differ "
                                  "from the local\nversion of the same revision."),
                                NULL, &argc, &argv, &exit_code))
    return exit_code;

  if (argc > 1)
    return assay_cli_usage_error (_("“conflicts” takes options only"));

  vault = assay_cli_open_vault (globals, TRUE, &error);
  if (vault == NULL)
    return assay_cli_fail (error);

  store = assay_store_new (vault);
  conflicts = assay_bundle_list_conflicts (store, &error);
  if (conflicts == NULL)
    return assay_cli_fail (error);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < conflicts->len; i++)
        add_conflict_json (builder, g_ptr_array_index (conflicts, i));
      json_builder_end_array (builder);
      assay_cli_print_json (builder);
    }
  else if (conflicts->len == 0)
    g_print (_("No conflicts\n"));
  else
    for (guint i = 0; i < conflicts->len; i++)
      print_conflict (g_ptr_array_index (conflicts, i));

  return ASSAY_EXIT_OK;
}
