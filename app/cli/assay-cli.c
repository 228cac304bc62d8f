/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "assay-database.h"
#include "assay-error.h"
#include "assay-secure.h"
#include "assay-store.h"
#include "assay-vault.h"

/*
 * A thin front over core: parse, call, print. Results go to stdout, messages
 * to stderr, and the exit code follows DESIGN.md's contract.
 */

#define MAX_PASSPHRASE 1024

typedef struct
{
  char     *db_path;
  gboolean  json;
} Globals;

typedef int (*CommandFunc) (Globals  *globals,
                            int       argc,
                            char    **argv);

typedef struct
{
  const char  *name;
  CommandFunc  func;
  const char  *summary;
} Command;

static int
fail (GError *error)
{
  AssayExitCode code = assay_error_get_exit_code (error);

  g_printerr ("assay-cli: %s\n", error->message);
  g_error_free (error);

  return code;
}

static int
usage_error (const char *message)
{
  g_printerr ("assay-cli: %s\n", message);
  g_printerr (_("Run “assay-cli --help” to see the commands.\n"));

  return ASSAY_EXIT_USAGE;
}

/* Reads one line from the terminal with echo off, into secure memory. */
static AssaySecureString *
prompt_secret (const char  *prompt,
               GError     **error)
{
  struct termios old_attr, new_attr;
  char *buf;
  gsize len = 0;
  int fd;
  gboolean restore = FALSE;

  fd = open ("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0)
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED,
                           _("No passphrase given: set ASSAY_PASSPHRASE or run in a terminal"));
      return NULL;
    }

  if (write (fd, prompt, strlen (prompt)) < 0)
    g_debug ("Could not write the prompt: %s", g_strerror (errno));

  if (tcgetattr (fd, &old_attr) == 0)
    {
      new_attr = old_attr;
      new_attr.c_lflag &= ~(tcflag_t) ECHO;
      new_attr.c_lflag |= ECHONL;
      restore = tcsetattr (fd, TCSAFLUSH, &new_attr) == 0;
    }

  buf = assay_secure_alloc (MAX_PASSPHRASE + 1);
  for (;;)
    {
      char c;
      ssize_t n = read (fd, &c, 1);

      if (n <= 0 || c == '\n' || c == '\r')
        break;
      if (len < MAX_PASSPHRASE)
        buf[len++] = c;
    }
  buf[len] = '\0';

  if (restore)
    tcsetattr (fd, TCSAFLUSH, &old_attr);
  close (fd);

  return buf;
}

static AssaySecureString *
get_passphrase (const char  *env_name,
                const char  *prompt,
                gboolean     confirm,
                GError     **error)
{
  const char *env = g_getenv (env_name);
  g_autoptr(AssaySecureString) first = NULL;
  g_autoptr(AssaySecureString) second = NULL;

  if (env != NULL)
    return assay_secure_strdup (env);

  first = prompt_secret (prompt, error);
  if (first == NULL)
    return NULL;

  if (!confirm)
    return g_steal_pointer (&first);

  second = prompt_secret (_("Repeat the passphrase: "), error);
  if (second == NULL)
    return NULL;

  if (!assay_secure_str_equal (first, second))
    {
      g_set_error_literal (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_WEAK_PASSPHRASE,
                           _("The two passphrases do not match"));
      return NULL;
    }

  return g_steal_pointer (&first);
}

static AssayDatabase *
open_database (Globals  *globals,
               gboolean  must_exist,
               GError  **error)
{
  if (must_exist && !g_file_test (globals->db_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_NOT_FOUND,
                   _("There is no vault at %s: create one with “assay-cli init”"),
                   globals->db_path);
      return NULL;
    }

  return assay_database_open (globals->db_path, error);
}

static AssayVault *
open_vault (Globals  *globals,
            gboolean  unlock,
            GError  **error)
{
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssaySecureString) passphrase = NULL;

  database = open_database (globals, TRUE, error);
  if (database == NULL)
    return NULL;

  vault = assay_vault_new (database);
  if (!assay_vault_exists (vault))
    {
      g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_NOT_FOUND,
                   _("There is no vault in %s: create one with “assay-cli init”"),
                   globals->db_path);
      return NULL;
    }

  if (!unlock)
    return g_steal_pointer (&vault);

  passphrase = get_passphrase ("ASSAY_PASSPHRASE", _("Passphrase: "), FALSE, error);
  if (passphrase == NULL || !assay_vault_unlock (vault, passphrase, error))
    return NULL;

  return g_steal_pointer (&vault);
}

static gboolean
parse_options (const char    *parameter,
               const char    *summary,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv,
               int           *exit_code)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = usage_error (error->message);
      return FALSE;
    }

  return TRUE;
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static int
cmd_init (Globals  *globals,
          int       argc,
          char    **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *agency = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The moderator’s name"), N_("NAME") },
    { "agency", 0, 0, G_OPTION_ARG_STRING, &agency, N_("The moderator’s agency"), N_("AGENCY") },
    { NULL }
  };
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssaySecureString) passphrase = NULL;
  g_autoptr(AssaySecureString) recovery_key = NULL;
  GError *error = NULL;
  int exit_code;

  if (!parse_options (NULL, _("Create a vault and print its recovery key once."),
                      entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc > 1)
    return usage_error (_("“init” takes no arguments"));

  database = open_database (globals, FALSE, &error);
  if (database == NULL)
    return fail (error);

  vault = assay_vault_new (database);
  if (assay_vault_exists (vault))
    {
      g_printerr (_("assay-cli: %s already holds a vault; it was left unchanged\n"),
                  globals->db_path);
      return ASSAY_EXIT_USAGE;
    }

  passphrase = get_passphrase ("ASSAY_PASSPHRASE", _("New passphrase: "), TRUE, &error);
  if (passphrase == NULL)
    return fail (error);

  if (!assay_vault_create (vault, passphrase, NULL, name, agency, &recovery_key, &error))
    return fail (error);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "database");
      json_builder_add_string_value (builder, globals->db_path);
      json_builder_set_member_name (builder, "identity");
      json_builder_add_string_value (builder, assay_vault_get_identity (vault));
      json_builder_set_member_name (builder, "recovery_key");
      json_builder_add_string_value (builder, recovery_key);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      g_printerr (_("Created a vault in %s.\n\n"
                    "Write the recovery key down and keep it somewhere safe, apart from this "
                    "computer.\nIt is the only way back in if the passphrase is forgotten, and "
                    "it is shown only this once.\n\n"),
                  globals->db_path);
      g_print (_("Recovery key: %s\n"), recovery_key);
      g_print (_("Identity: %s\n"), assay_vault_get_identity (vault));
    }

  return ASSAY_EXIT_OK;
}

static int
cmd_check (Globals  *globals,
           int       argc,
           char    **argv)
{
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayCheckReport) report = NULL;
  GError *error = NULL;
  int exit_code;
  gboolean damaged;

  if (!parse_options (NULL, _("Unlock the vault and verify every record."),
                      NULL, &argc, &argv, &exit_code))
    return exit_code;

  vault = open_vault (globals, TRUE, &error);
  if (vault == NULL)
    return fail (error);

  store = assay_store_new (vault);
  report = assay_store_check (store, &error);
  if (report == NULL)
    return fail (error);

  damaged = report->damaged->len > 0 || report->database_problem != NULL;

  for (guint i = 0; i < report->damaged->len; i++)
    {
      AssayDamage *damage = g_ptr_array_index (report->damaged, i);

      g_printerr (_("%s: record %s/%s revision %" G_GINT64_FORMAT ": %s\n"),
                  globals->db_path, damage->collection, damage->id, damage->revision,
                  damage->reason);
    }
  if (report->database_problem != NULL)
    g_printerr (_("%s: the database file is damaged: %s\n"),
                globals->db_path, report->database_problem);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "database");
      json_builder_add_string_value (builder, globals->db_path);
      json_builder_set_member_name (builder, "identity");
      json_builder_add_string_value (builder, assay_vault_get_identity (vault));
      json_builder_set_member_name (builder, "records");
      json_builder_add_int_value (builder, report->n_records);
      json_builder_set_member_name (builder, "intact");
      json_builder_add_int_value (builder, report->n_ok);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, report->database_problem ? report->database_problem
                                                                       : "ok");
      json_builder_set_member_name (builder, "damaged");
      json_builder_begin_array (builder);
      for (guint i = 0; i < report->damaged->len; i++)
        {
          AssayDamage *damage = g_ptr_array_index (report->damaged, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "collection");
          json_builder_add_string_value (builder, damage->collection);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, damage->id);
          json_builder_set_member_name (builder, "revision");
          json_builder_add_int_value (builder, damage->revision);
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, damage->reason);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      g_print (_("Vault %s: unlocked, keys intact\n"), globals->db_path);
      g_print (_("Identity: %s\n"), assay_vault_get_identity (vault));
      g_print (_("Records: %u revisions checked, %u intact, %u damaged\n"),
               report->n_records, report->n_ok, report->damaged->len);
      g_print (_("Database file: %s\n"),
               report->database_problem != NULL ? _("damaged") : _("intact"));
    }

  return damaged ? ASSAY_EXIT_INTEGRITY : ASSAY_EXIT_OK;
}

static int
cmd_passwd (Globals  *globals,
            int       argc,
            char    **argv)
{
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssaySecureString) new_passphrase = NULL;
  GError *error = NULL;
  int exit_code;

  if (!parse_options (NULL, _("Change the vault’s passphrase. Records are not re-encrypted."),
                      NULL, &argc, &argv, &exit_code))
    return exit_code;

  vault = open_vault (globals, TRUE, &error);
  if (vault == NULL)
    return fail (error);

  new_passphrase = get_passphrase ("ASSAY_NEW_PASSPHRASE", _("New passphrase: "), TRUE, &error);
  if (new_passphrase == NULL || !assay_vault_change_passphrase (vault, new_passphrase, &error))
    return fail (error);

  g_printerr (_("Changed the passphrase of %s.\n"), globals->db_path);

  return ASSAY_EXIT_OK;
}

static int
cmd_recover (Globals  *globals,
             int       argc,
             char    **argv)
{
  g_autofree char *key_arg = NULL;
  GOptionEntry entries[] = {
    { "recovery-key", 0, 0, G_OPTION_ARG_STRING, &key_arg,
      N_("The recovery key shown when the vault was created"), N_("KEY") },
    { NULL }
  };
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssaySecureString) recovery_key = NULL;
  g_autoptr(AssaySecureString) new_passphrase = NULL;
  GError *error = NULL;
  int exit_code;

  if (!parse_options (NULL, _("Set a new passphrase using the recovery key."),
                      entries, &argc, &argv, &exit_code))
    return exit_code;

  if (key_arg != NULL)
    {
      recovery_key = assay_secure_strdup (key_arg);
      assay_secure_wipe (key_arg, strlen (key_arg));
    }

  vault = open_vault (globals, FALSE, &error);
  if (vault == NULL)
    return fail (error);

  if (recovery_key == NULL)
    {
      recovery_key = prompt_secret (_("Recovery key: "), &error);
      if (recovery_key == NULL)
        return fail (error);
    }

  new_passphrase = get_passphrase ("ASSAY_NEW_PASSPHRASE", _("New passphrase: "), TRUE, &error);
  if (new_passphrase == NULL ||
      !assay_vault_recover (vault, recovery_key, new_passphrase, &error))
    return fail (error);

  g_printerr (_("Set a new passphrase for %s. The recovery key stays the same.\n"),
              globals->db_path);

  return ASSAY_EXIT_OK;
}

static int
cmd_identity (Globals  *globals,
              int       argc,
              char    **argv)
{
  g_autoptr(AssayVault) vault = NULL;
  GError *error = NULL;
  int exit_code;

  if (!parse_options (NULL, _("Print this installation’s public identity, for recipients."),
                      NULL, &argc, &argv, &exit_code))
    return exit_code;

  vault = open_vault (globals, FALSE, &error);
  if (vault == NULL)
    return fail (error);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "identity");
      json_builder_add_string_value (builder, assay_vault_get_identity (vault));
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      g_print ("%s\n", assay_vault_get_identity (vault));
    }

  return ASSAY_EXIT_OK;
}

static const Command commands[] = {
  { "init", cmd_init, N_("Create a vault; print the recovery key once") },
  { "check", cmd_check, N_("Unlock and verify every record; report counts and any damage") },
  { "passwd", cmd_passwd, N_("Change the passphrase") },
  { "recover", cmd_recover, N_("Set a new passphrase with the recovery key") },
  { "identity", cmd_identity, N_("Print this installation’s public identity") },
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
  Globals globals = { NULL, FALSE };
  g_autofree char *db_path = NULL;
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  const Command *command = NULL;
  int i;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

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
            return usage_error (_("--db needs a PATH"));
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
              return usage_error (message);
            }
        }
      else if (command == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Unknown option “%s”"), arg);
          return usage_error (message);
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
