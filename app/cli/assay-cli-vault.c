/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "assay-cli-private.h"
#include "assay-contacts.h"
#include "assay-identity-file.h"

/* Commands that manage the vault itself. */

/* Parses the options of a command that takes none besides them and opens
 * the vault; NULL, with *exit_code set, when either fails. */
static AssayVault *
open_vault_for (AssayCliGlobals   *globals,
                const char        *summary,
                GOptionEntry      *entries,
                gboolean           unlock,
                int               *argc,
                char            ***argv,
                int               *exit_code)
{
  AssayVault *vault;
  GError *error = NULL;

  if (!assay_cli_parse_options (NULL, summary, entries, argc, argv, exit_code))
    return NULL;

  vault = assay_cli_open_vault (globals, unlock, &error);
  if (vault == NULL)
    *exit_code = assay_cli_fail (error);

  return vault;
}

static AssaySecureString *
get_new_passphrase (GError **error)
{
  return assay_cli_get_passphrase ("ASSAY_NEW_PASSPHRASE", _("New passphrase: "), TRUE, error);
}

/* The members `init --json` and `check --json` begin with. */
static void
add_vault_json (JsonBuilder     *builder,
                AssayCliGlobals *globals,
                AssayVault      *vault)
{
  json_builder_set_member_name (builder, "database");
  json_builder_add_string_value (builder, globals->db_path);
  json_builder_set_member_name (builder, "identity");
  json_builder_add_string_value (builder, assay_vault_get_identity (vault));
}

/* What `init --json` and `passwd --rekey --json` print. */
static void
print_recovery_json (AssayCliGlobals *globals,
                     AssayVault      *vault,
                     const char      *recovery_key)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_vault_json (builder, globals, vault);
  json_builder_set_member_name (builder, "recovery_key");
  json_builder_add_string_value (builder, recovery_key);
  json_builder_end_object (builder);
  assay_cli_print_json (builder);
}

int
assay_cli_cmd_init (AssayCliGlobals  *globals,
                    int               argc,
                    char            **argv)
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

  if (!assay_cli_parse_options (NULL, _("Create a vault and print its recovery key once."),
                      entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc > 1)
    return assay_cli_usage_error (_("“init” takes no arguments"));

  database = assay_cli_open_database (globals, FALSE, &error);
  if (database == NULL)
    return assay_cli_fail (error);

  vault = assay_vault_new (database);
  if (assay_vault_exists (vault))
    {
      g_printerr (_("assay-cli: %s already holds a vault; it was left unchanged\n"),
                  globals->db_path);
      return ASSAY_EXIT_USAGE;
    }

  passphrase = assay_cli_get_passphrase ("ASSAY_PASSPHRASE", _("New passphrase: "), TRUE, &error);
  if (passphrase == NULL)
    return assay_cli_fail (error);

  if (!assay_vault_create (vault, passphrase, NULL, name, agency, &recovery_key, &error))
    return assay_cli_fail (error);

  if (globals->json)
    print_recovery_json (globals, vault, recovery_key);
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

int
assay_cli_cmd_check (AssayCliGlobals  *globals,
                     int               argc,
                     char            **argv)
{
  gboolean accept_restore = FALSE;
  GOptionEntry entries[] = {
    { "accept-restore", 0, 0, G_OPTION_ARG_NONE, &accept_restore,
      N_("Accept the vault as it stands (a genuine restore from a backup); logged"), NULL },
    { NULL }
  };
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayCheckReport) report = NULL;
  GError *error = NULL;
  int exit_code;
  gboolean damaged;

  vault = open_vault_for (globals, _("Unlock the vault and verify every record."),
                          entries, TRUE, &argc, &argv, &exit_code);
  if (vault == NULL)
    return exit_code;

  store = assay_store_new (vault);

  if (accept_restore)
    {
      g_autofree char *log = g_build_filename (g_get_user_state_dir (), "assay", "restores.log",
                                               NULL);

      if (!assay_store_accept_restore (store, &error))
        return assay_cli_fail (error);
      g_printerr (_("Accepted %s as it stands as this computer’s copy of the vault; the "
                    "acceptance is logged in %s.\n"),
                  globals->db_path, log);
    }

  report = assay_store_check (store, &error);
  if (report == NULL)
    return assay_cli_fail (error);

  damaged = report->damaged->len > 0 || report->database_problem != NULL ||
            report->problems->len > 0;

  for (guint i = 0; i < report->problems->len; i++)
    g_printerr (_("%s: %s\n"), globals->db_path,
                (const char *) g_ptr_array_index (report->problems, i));

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
      add_vault_json (builder, globals, vault);
      assay_json_add_int (builder, "records", report->n_records);
      assay_json_add_int (builder, "intact", report->n_ok);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, report->database_problem ? report->database_problem
                                                                       : "ok");
      json_builder_set_member_name (builder, "vault");
      json_builder_add_string_value (builder, report->problems->len > 0 ? "altered" : "ok");
      json_builder_set_member_name (builder, "problems");
      json_builder_begin_array (builder);
      for (guint i = 0; i < report->problems->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (report->problems, i));
      json_builder_end_array (builder);
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
          assay_json_add_int (builder, "revision", damage->revision);
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, damage->reason);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      assay_cli_print_json (builder);
    }
  else
    {
      g_print (_("Vault %s: unlocked, keys intact\n"), globals->db_path);
      g_print (_("Identity: %s\n"), assay_vault_get_identity (vault));
      g_print (_("Records: %u revisions checked, %u intact, %u damaged\n"),
               report->n_records, report->n_ok, report->damaged->len);
      g_print (_("Vault as a whole: %s\n"),
               report->problems->len > 0 ? _("altered (see above)") : _("intact"));
      g_print (_("Database file: %s\n"),
               report->database_problem != NULL ? _("damaged") : _("intact"));
    }

  return damaged ? ASSAY_EXIT_INTEGRITY : ASSAY_EXIT_OK;
}

static void
print_progress (guint64  done,
                guint64  total,
                gpointer user_data)
{
  /* Only to a terminal: a log or a pipe gets the outcome alone. */
  if (isatty (STDERR_FILENO) && total > 0)
    g_printerr (_("\rRe-encrypting: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " revisions"),
                done, total);
}

int
assay_cli_cmd_passwd (AssayCliGlobals  *globals,
                      int               argc,
                      char            **argv)
{
  gboolean rekey = FALSE;
  GOptionEntry entries[] = {
    { "rekey", 0, 0, G_OPTION_ARG_NONE, &rekey,
      N_("Also re-encrypt everything under a new data key and make a new recovery key"), NULL },
    { NULL }
  };
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssaySecureString) new_passphrase = NULL;
  g_autoptr(AssaySecureString) recovery_key = NULL;
  GError *error = NULL;
  int exit_code;

  vault = open_vault_for (globals,
                          _("Change the vault’s passphrase; with --rekey, also re-encrypt every "
                            "record under a new data key."),
                          entries, TRUE, &argc, &argv, &exit_code);
  if (vault == NULL)
    return exit_code;

  new_passphrase = get_new_passphrase (&error);
  if (new_passphrase == NULL)
    return assay_cli_fail (error);

  store = assay_store_new (vault);
  if (!assay_store_change_passphrase (store, NULL, new_passphrase, rekey,
                                      rekey ? print_progress : NULL, NULL,
                                      &recovery_key, &error))
    {
      if (rekey && isatty (STDERR_FILENO))
        g_printerr ("\n");
      return assay_cli_fail (error);
    }

  if (!rekey)
    {
      g_printerr (_("Changed the passphrase of %s.\n"), globals->db_path);
      return ASSAY_EXIT_OK;
    }

  if (isatty (STDERR_FILENO))
    g_printerr ("\n");

  if (globals->json)
    print_recovery_json (globals, vault, recovery_key);
  else
    {
      g_printerr (_("Changed the passphrase of %s and re-encrypted everything under a new data "
                    "key.\n\nThe old recovery key no longer opens the vault. Write the new one "
                    "down and keep it somewhere safe, apart from this computer; it is shown "
                    "only this once.\n\n"),
                  globals->db_path);
      g_print (_("Recovery key: %s\n"), recovery_key);
    }

  return ASSAY_EXIT_OK;
}

int
assay_cli_cmd_recover (AssayCliGlobals  *globals,
                       int               argc,
                       char            **argv)
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

  vault = open_vault_for (globals, _("Set a new passphrase using the recovery key."),
                          entries, FALSE, &argc, &argv, &exit_code);

  if (key_arg != NULL)
    {
      recovery_key = assay_secure_strdup (key_arg);
      assay_secure_wipe (key_arg, strlen (key_arg));
    }

  if (vault == NULL)
    return exit_code;

  if (recovery_key == NULL)
    {
      recovery_key = assay_cli_prompt_secret (_("Recovery key: "), &error);
      if (recovery_key == NULL)
        return assay_cli_fail (error);
    }

  new_passphrase = get_new_passphrase (&error);
  if (new_passphrase == NULL ||
      !assay_vault_recover (vault, recovery_key, new_passphrase, &error))
    return assay_cli_fail (error);

  g_printerr (_("Set a new passphrase for %s. The recovery key stays the same.\n"),
              globals->db_path);

  return ASSAY_EXIT_OK;
}

int
assay_cli_cmd_identity (AssayCliGlobals  *globals,
                        int               argc,
                        char            **argv)
{
  g_autofree char *export_path = NULL;
  gboolean show_fingerprint = FALSE;
  GOptionEntry entries[] = {
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &export_path,
      N_("Write an identity file for colleagues to add you as a contact"), N_("FILE") },
    { "fingerprint", 0, 0, G_OPTION_ARG_NONE, &show_fingerprint,
      N_("Print the fingerprint to read to colleagues instead of the key"), NULL },
    { NULL }
  };
  g_autoptr(AssayVault) vault = NULL;
  g_autofree char *fingerprint = NULL;
  GError *error = NULL;
  int exit_code;

  if (!assay_cli_parse_options (NULL, _("Print this installation’s public identity, for "
                                          "recipients."),
                                entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc > 1)
    return assay_cli_usage_error (_("“identity” takes no arguments"));

  /* The name and agency an identity file carries are sealed in the vault. */
  vault = assay_cli_open_vault (globals, export_path != NULL, &error);
  if (vault == NULL)
    return assay_cli_fail (error);

  fingerprint = assay_identity_fingerprint (assay_vault_get_identity (vault));

  if (export_path != NULL)
    {
      if (!assay_identity_file_write (vault, export_path, &error))
        return assay_cli_fail (error);
      g_printerr (_("Wrote your identity to %s. Send it to your colleagues, and read them "
                    "your fingerprint\n  %s\nso that they can check it.\n"),
                  export_path, fingerprint);
    }

  if (globals->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "identity");
      json_builder_add_string_value (builder, assay_vault_get_identity (vault));
      json_builder_set_member_name (builder, "fingerprint");
      json_builder_add_string_value (builder, fingerprint);
      json_builder_end_object (builder);
      assay_cli_print_json (builder);
    }
  else if (show_fingerprint)
    {
      g_print ("%s\n", fingerprint);
    }
  else if (export_path == NULL)
    {
      g_print ("%s\n", assay_vault_get_identity (vault));
    }

  return ASSAY_EXIT_OK;
}
