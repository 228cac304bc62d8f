/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-cli-private.h"
#include "assay-contacts.h"
#include "assay-identity-file.h"

/* `contacts`: the address book that decides whose bundles and records an
 * import accepts. */

typedef struct
{
  AssayVault *vault;
  AssayStore *store;
} Session;

static void
session_clear (Session *session)
{
  g_clear_object (&session->store);
  g_clear_object (&session->vault);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Session, session_clear)

static gboolean
session_open (Session          *session,
              AssayCliGlobals  *globals,
              GError          **error)
{
  session->vault = assay_cli_open_vault (globals, TRUE, error);
  if (session->vault == NULL)
    return FALSE;

  session->store = assay_store_new (session->vault);

  return TRUE;
}

static char *
describe (const AssayContact *contact)
{
  if (*contact->agency == '\0')
    return g_strdup (contact->name);

  /* Translators: a person's name and agency */
  return g_strdup_printf (_("%s, %s"), contact->name, contact->agency);
}

static const char *
role_label (AssayContactRole role)
{
  return role == ASSAY_CONTACT_ROLE_CHAIR ? _("chair") : _("moderator");
}

static void
print_contact_text (const AssayContact *contact)
{
  g_autofree char *who = describe (contact);
  g_autofree char *fingerprint = assay_identity_fingerprint (contact->key);
  const char *role = role_label (contact->role);
  const char *verified = contact->verified ? _("verified") : _("not verified");

  if (contact->revoked_from != NULL)
    /* Translators: name and agency — role, verified or not, and the revocation date */
    g_print (_("%s — %s, %s, revoked from %s\n"), who, role, verified, contact->revoked_from);
  else
    /* Translators: name and agency — role, verified or not */
    g_print (_("%s — %s, %s\n"), who, role, verified);
  g_print ("  %s\n  %s\n", fingerprint, contact->key);
}

/* With --json, the contact as `contacts list` shows it, for scripts. */
static void
print_contact_json (AssayCliGlobals    *globals,
                    const AssayContact *contact)
{
  g_autoptr(JsonNode) node = NULL;

  if (!globals->json)
    return;

  node = assay_contact_to_json (contact);
  assay_cli_print_node (node);
}

static int
contacts_add (AssayCliGlobals  *globals,
              int               argc,
              char            **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *agency = NULL;
  g_autofree char *role_text = NULL;
  gboolean verified = FALSE;
  GOptionEntry entries[] = {
    { "verified", 0, 0, G_OPTION_ARG_NONE, &verified,
      N_("The fingerprint was compared with its owner’s"), NULL },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text,
      N_("moderator (the default) or chair, whose agreed grades and deletions count"),
      N_("ROLE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The person’s name (needed with a KEY)"),
      N_("NAME") },
    { "agency", 0, 0, G_OPTION_ARG_STRING, &agency, N_("The person’s agency"), N_("AGENCY") },
    { NULL }
  };
  g_auto(Session) session = { NULL, NULL };
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(AssayContact) stored = NULL;
  g_autofree char *key = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *who = NULL;
  AssayContactSet set = ASSAY_CONTACT_SET_NONE;
  AssayContactRole role = ASSAY_CONTACT_ROLE_MODERATOR;
  GError *error = NULL;
  int exit_code;

  if (!assay_cli_parse_options (_("FILE|KEY"),
                                _("Add a colleague from their identity file (“assay-cli identity "
                                  "--export”) or public key, or update one."),
                                entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc != 2)
    return assay_cli_usage_error (_("“contacts add” takes one identity FILE or KEY"));

  if (role_text != NULL)
    {
      if (!assay_contact_role_from_string (role_text, &role))
        {
          g_autofree char *message =
            g_strdup_printf (_("--role “%s”: give moderator or chair"), role_text);
          return assay_cli_usage_error (message);
        }
      set |= ASSAY_CONTACT_SET_ROLE;
    }
  if (verified)
    set |= ASSAY_CONTACT_SET_VERIFIED;

  /* A file of that name wins: a key is never also a path people keep. */
  key = assay_identity_parse (argv[1]);
  if (key == NULL || g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      contact = assay_identity_file_read (argv[1], &error);
      if (contact == NULL)
        return assay_cli_fail (error);
      /* This address book may know the person by another name. */
      if (name != NULL)
        {
          g_free (contact->name);
          contact->name = g_steal_pointer (&name);
        }
      if (agency != NULL)
        {
          g_free (contact->agency);
          contact->agency = g_steal_pointer (&agency);
        }
    }
  else
    {
      contact = assay_contact_new (key, NULL, NULL);
      g_clear_pointer (&contact->agency, g_free);
      contact->name = g_steal_pointer (&name);
      contact->agency = g_steal_pointer (&agency);
    }
  contact->role = role;
  contact->verified = verified;

  if (!session_open (&session, globals, &error))
    return assay_cli_fail (error);

  if (contact->name == NULL)
    {
      g_autoptr(AssayContact) known = assay_contacts_lookup (session.store, contact->key, NULL);

      if (known == NULL)
        return assay_cli_usage_error (_("A new contact added by KEY needs --name"));
    }

  stored = assay_contacts_add (session.store, contact, set, &error);
  if (stored == NULL)
    return assay_cli_fail (error);

  who = describe (stored);
  fingerprint = assay_identity_fingerprint (stored->key);
  if (stored->verified)
    g_printerr (_("Added %s as a verified %s.\n"), who,
                role_label (stored->role));
  else
    g_printerr (_("Added %s as an unverified %s. Ask them to read you their fingerprint "
                  "(“assay-cli identity --fingerprint”) and, if it is\n  %s\nrun “assay-cli "
                  "contacts verify %s”.\n"),
                who, role_label (stored->role), fingerprint, stored->key);

  print_contact_json (globals, stored);

  return ASSAY_EXIT_OK;
}

static int
contacts_list (AssayCliGlobals  *globals,
               int               argc,
               char            **argv)
{
  g_auto(Session) session = { NULL, NULL };
  g_autoptr(GPtrArray) contacts = NULL;
  GError *error = NULL;
  int exit_code;

  if (!assay_cli_parse_options (NULL, _("List the contacts whose bundles this vault accepts."),
                                NULL, &argc, &argv, &exit_code))
    return exit_code;

  if (argc > 1)
    return assay_cli_usage_error (_("“contacts list” takes no arguments"));

  if (!session_open (&session, globals, &error) ||
      (contacts = assay_contacts_list (session.store, &error)) == NULL)
    return assay_cli_fail (error);

  if (globals->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autoptr(JsonArray) array = json_array_new ();

      for (guint i = 0; i < contacts->len; i++)
        json_array_add_element (array, assay_contact_to_json (g_ptr_array_index (contacts, i)));
      json_node_set_array (root, array);
      assay_cli_print_node (root);
    }
  else if (contacts->len == 0)
    g_printerr (_("No contacts yet: add a colleague with “assay-cli contacts add FILE”.\n"));
  else
    for (guint i = 0; i < contacts->len; i++)
      print_contact_text (g_ptr_array_index (contacts, i));

  return ASSAY_EXIT_OK;
}

/* The commands that name one contact by key or fingerprint: parses the
 * options and finds it. NULL, with *exit_code set, when either fails. */
static AssayContact *
find_arg (AssayCliGlobals  *globals,
          Session          *session,
          const char       *command,
          const char       *summary,
          GOptionEntry     *entries,
          int               argc,
          char            **argv,
          int              *exit_code)
{
  AssayContact *contact;
  GError *error = NULL;

  if (!assay_cli_parse_options (_("KEY|FINGERPRINT"), summary, entries, &argc, &argv, exit_code))
    return NULL;

  if (argc != 2)
    {
      /* Translators: %s is a command such as “contacts remove” */
      g_autofree char *message = g_strdup_printf (_("“%s” takes one KEY or FINGERPRINT"),
                                                  command);
      *exit_code = assay_cli_usage_error (message);
      return NULL;
    }

  if (!session_open (session, globals, &error) ||
      (contact = assay_contacts_find (session->store, argv[1], &error)) == NULL)
    {
      *exit_code = assay_cli_fail (error);
      return NULL;
    }

  return contact;
}

static int
contacts_remove (AssayCliGlobals  *globals,
                 int               argc,
                 char            **argv)
{
  g_auto(Session) session = { NULL, NULL };
  g_autoptr(AssayContact) contact = NULL;
  g_autofree char *who = NULL;
  GError *error = NULL;
  int exit_code;

  contact = find_arg (globals, &session, "contacts remove",
                      _("Remove a contact: their bundles are refused from now on."),
                      NULL, argc, argv, &exit_code);
  if (contact == NULL)
    return exit_code;

  if (!assay_contacts_remove (session.store, contact->key, &error))
    return assay_cli_fail (error);

  who = describe (contact);
  g_printerr (_("Removed %s from the contacts.\n"), who);

  return ASSAY_EXIT_OK;
}

static int
contacts_revoke (AssayCliGlobals  *globals,
                 int               argc,
                 char            **argv)
{
  g_autofree char *from = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      N_("The first day whose records are refused"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_auto(Session) session = { NULL, NULL };
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(AssayContact) stored = NULL;
  g_autofree char *who = NULL;
  GError *error = NULL;
  int exit_code;

  contact = find_arg (globals, &session, "contacts revoke",
                      _("Refuse the records a contact’s key signs from a date on: a person "
                        "who left, a lost laptop."),
                      entries, argc, argv, &exit_code);
  if (contact == NULL)
    return exit_code;

  if (from == NULL)
    return assay_cli_usage_error (_("“contacts revoke” needs --from YYYY-MM-DD"));

  stored = assay_contacts_revoke (session.store, contact->key, from, &error);
  if (stored == NULL)
    return assay_cli_fail (error);

  who = describe (stored);
  g_printerr (_("Revoked %s: records their key signs on or after %s are refused.\n"),
              who, stored->revoked_from);
  print_contact_json (globals, stored);

  return ASSAY_EXIT_OK;
}

static int
contacts_verify (AssayCliGlobals  *globals,
                 int               argc,
                 char            **argv)
{
  g_auto(Session) session = { NULL, NULL };
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(AssayContact) stored = NULL;
  g_autofree char *who = NULL;
  g_autofree char *fingerprint = NULL;
  GError *error = NULL;
  int exit_code;

  contact = find_arg (globals, &session, "contacts verify",
                      _("Mark a contact verified once the fingerprint they read you matches."),
                      NULL, argc, argv, &exit_code);
  if (contact == NULL)
    return exit_code;

  stored = assay_contacts_set_verified (session.store, contact->key, TRUE, &error);
  if (stored == NULL)
    return assay_cli_fail (error);

  who = describe (stored);
  fingerprint = assay_identity_fingerprint (stored->key);
  g_printerr (_("Verified %s, whose fingerprint is\n  %s\n"), who, fingerprint);
  print_contact_json (globals, stored);

  return ASSAY_EXIT_OK;
}

int
assay_cli_cmd_contacts (AssayCliGlobals  *globals,
                        int               argc,
                        char            **argv)
{
  static const struct
  {
    const char *name;
    int (*func) (AssayCliGlobals *globals, int argc, char **argv);
  } subcommands[] = {
    { "add", contacts_add },
    { "list", contacts_list },
    { "remove", contacts_remove },
    { "revoke", contacts_revoke },
    { "verify", contacts_verify },
  };

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      g_print (_("Usage:\n"
                 "  assay-cli contacts add FILE|KEY [--verified] [--role chair|moderator] "
                 "[--name NAME] [--agency AGENCY]\n"
                 "  assay-cli contacts list [--json]\n"
                 "  assay-cli contacts remove KEY|FINGERPRINT\n"
                 "  assay-cli contacts revoke KEY|FINGERPRINT --from YYYY-MM-DD\n"
                 "  assay-cli contacts verify KEY|FINGERPRINT\n\n"
                 "Bundles are accepted only from contacts, and records only from their "
                 "authors.\nAdd a colleague from the file “assay-cli identity --export” "
                 "writes, compare the\nfingerprint with them in person or on the phone, then "
                 "mark them verified. Only a\nchair’s agreed grades and deletions count. A key "
                 "may be shortened to its first\ndigits while they are unique.\n"));
      return argc < 2 ? ASSAY_EXIT_USAGE : ASSAY_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].func (globals, argc - 1, argv + 1);

  {
    g_autofree char *message = g_strdup_printf (_("Unknown contacts command “%s”"), argv[1]);
    return assay_cli_usage_error (message);
  }
}
