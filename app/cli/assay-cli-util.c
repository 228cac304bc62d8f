/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "assay-audit.h"
#include "assay-cli-private.h"

#define MAX_PASSPHRASE 1024

int
assay_cli_fail (GError *error)
{
  AssayExitCode code = assay_error_get_exit_code (error);

  g_printerr ("assay-cli: %s\n", error->message);
  g_error_free (error);

  return code;
}

void
assay_cli_note_missing_frameworks (const GPtrArray *missing)
{
  g_autofree char *text = NULL;

  if (missing == NULL || missing->len == 0)
    return;

  text = assay_missing_frameworks_describe (missing);
  /* Translators: a note after a listing; the text says what was left out */
  g_printerr (_("assay-cli: note: %s\n"), text);
}

int
assay_cli_usage_error (const char *message)
{
  g_printerr ("assay-cli: %s\n", message);
  g_printerr (_("Run “assay-cli --help” to see the commands.\n"));

  return ASSAY_EXIT_USAGE;
}

/* Reads one line from the terminal with echo off, into secure memory. */
AssaySecureString *
assay_cli_prompt_secret (const char  *prompt,
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

AssaySecureString *
assay_cli_get_passphrase (const char  *env_name,
                          const char  *prompt,
                          gboolean     confirm,
                          GError     **error)
{
  const char *env = g_getenv (env_name);
  g_autoptr(AssaySecureString) first = NULL;
  g_autoptr(AssaySecureString) second = NULL;

  if (env != NULL)
    return assay_secure_strdup (env);

  first = assay_cli_prompt_secret (prompt, error);
  if (first == NULL)
    return NULL;

  if (!confirm)
    return g_steal_pointer (&first);

  second = assay_cli_prompt_secret (_("Repeat the passphrase: "), error);
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

AssayDatabase *
assay_cli_open_database (AssayCliGlobals  *globals,
                         gboolean          must_exist,
                         GError          **error)
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

AssayVault *
assay_cli_open_vault (AssayCliGlobals  *globals,
                      gboolean          unlock,
                      GError          **error)
{
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssaySecureString) passphrase = NULL;
  g_autoptr(GError) local_error = NULL;

  database = assay_cli_open_database (globals, TRUE, error);
  if (database == NULL)
    return NULL;

  vault = assay_vault_new (database);
  if (!assay_vault_probe (vault, &local_error))
    {
      if (g_error_matches (local_error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_NOT_FOUND))
        g_set_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_NOT_FOUND,
                     _("There is no vault in %s: create one with “assay-cli init”"),
                     globals->db_path);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!unlock)
    return g_steal_pointer (&vault);

  passphrase = assay_cli_get_passphrase ("ASSAY_PASSPHRASE", _("Passphrase: "), FALSE, error);
  if (passphrase == NULL || !assay_vault_unlock (vault, passphrase, error))
    return NULL;

  return g_steal_pointer (&vault);
}

gboolean
assay_cli_parse_options (const char     *parameter,
                         const char     *summary,
                         GOptionEntry   *entries,
                         int            *argc,
                         char         ***argv,
                         int            *exit_code)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = assay_cli_usage_error (error->message);
      return FALSE;
    }

  return TRUE;
}

void
assay_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  assay_cli_print_node (root);
}

void
assay_cli_print_node (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

