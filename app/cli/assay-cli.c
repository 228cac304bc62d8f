/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "assay-cli-private.h"

/*
 * A thin front over core: parse, call, print. Results go to stdout, messages
 * to stderr, and the exit code follows DESIGN.md's contract. Each group of
 * commands lives in its own assay-cli-*.c.
 */

typedef int (*CommandFunc) (AssayCliGlobals  *globals,
                            int               argc,
                            char            **argv);

typedef struct
{
  const char  *name;
  CommandFunc  func;
  const char  *summary;
} Command;

static const Command commands[] = {
  { "init", assay_cli_cmd_init, N_("Create a vault; print the recovery key once") },
  { "check", assay_cli_cmd_check, N_("Unlock and verify every record; report counts and any damage") },
  { "passwd", assay_cli_cmd_passwd, N_("Change the passphrase") },
  { "recover", assay_cli_cmd_recover, N_("Set a new passphrase with the recovery key") },
  { "identity", assay_cli_cmd_identity, N_("Print this installation’s public identity") },
  { "contacts", assay_cli_cmd_contacts, N_("Add, list, verify, revoke and remove colleagues") },
  { "frameworks", assay_cli_cmd_frameworks, N_("List frameworks, their sections and criteria ids") },
  { "caseload", assay_cli_cmd_caseload, N_("Import or update the plans to be audited; list them") },
  { "sample", assay_cli_cmd_sample, N_("Draw a reproducible sample of plans; list samples") },
  { "audit", assay_cli_cmd_audit, N_("Start, grade, finish, show and list audits") },
  { "export", assay_cli_cmd_export, N_("Write a signed, encrypted bundle for colleagues") },
  { "import", assay_cli_cmd_import, N_("Verify, decrypt and merge bundles") },
  { "conflicts", assay_cli_cmd_conflicts, N_("List, show and settle versions imports have set aside") },
  { "compare", assay_cli_cmd_compare, N_("Agreement between moderators and grade distributions") },
  { "agree", assay_cli_cmd_agree, N_("Record the forum’s final grade for a plan, with a reason") },
  { "report", assay_cli_cmd_report, N_("Write the forum report (PDF) or a table for dashboards (CSV)") },
};

static void
print_help (void)
{
  g_autofree char *default_path = assay_database_default_path ();

  g_print (_("Usage:\n  assay-cli [--db PATH] [--json] COMMAND [OPTION…]\n\n"));
  g_print (_("Quality assurance of EHC plans: the command-line front of Assay.\n\n"));
  g_print (_("Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_print (_("\nOptions:\n"
             "  --db PATH   The vault database (default: %s)\n"
             "  --json      Print listings and reports as one JSON document\n"
             "  --version   Print the version\n\n"
             "The passphrase is read from the terminal, or from ASSAY_PASSPHRASE.\n"
             "A new passphrase for passwd and recover comes from ASSAY_NEW_PASSPHRASE.\n"
             "Run “assay-cli COMMAND --help” for a command’s options.\n"),
           default_path);
}

int
main (int    argc,
      char **argv)
{
  AssayCliGlobals globals = { NULL, FALSE };
  g_autofree char *db_path = NULL;
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  const Command *command = NULL;
  int i;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Before any secret is read. */
  assay_secure_harden_process ();

  if (!assay_secure_init ())
    {
      g_printerr ("assay-cli: libsodium could not be initialised\n");
      return ASSAY_EXIT_USAGE;
    }

  /* Global options may stand anywhere; everything else goes to the command. */
  g_ptr_array_add (rest, argv[0]);
  for (i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--db"))
        {
          if (i + 1 >= argc)
            return assay_cli_usage_error (_("--db needs a PATH"));
          g_free (db_path);
          db_path = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (arg, "--db="))
        {
          g_free (db_path);
          db_path = g_strdup (arg + strlen ("--db="));
        }
      else if (g_str_equal (arg, "--json"))
        globals.json = TRUE;
      else if (command == NULL && (g_str_equal (arg, "--help") || g_str_equal (arg, "-h")))
        {
          print_help ();
          return ASSAY_EXIT_OK;
        }
      else if (command == NULL && g_str_equal (arg, "--version"))
        {
          g_print ("assay-cli %s\n", PACKAGE_VERSION);
          return ASSAY_EXIT_OK;
        }
      else if (command == NULL && arg[0] != '-')
        {
          for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
            if (g_str_equal (arg, commands[c].name))
              command = &commands[c];

          if (command == NULL)
            {
              g_autofree char *message = g_strdup_printf (_("Unknown command “%s”"), arg);
              return assay_cli_usage_error (message);
            }
        }
      else if (command == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Unknown option “%s”"), arg);
          return assay_cli_usage_error (message);
        }
      else
        g_ptr_array_add (rest, argv[i]);
    }

  if (command == NULL)
    {
      print_help ();
      return ASSAY_EXIT_USAGE;
    }

  globals.db_path = db_path != NULL ? g_steal_pointer (&db_path) : assay_database_default_path ();
  g_ptr_array_add (rest, NULL);

  status = command->func (&globals, (int) rest->len - 1, (char **) rest->pdata);

  g_free (globals.db_path);

  return status;
}
