/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-cli-private.h"

/* `audit line add|set|remove`: a setting visit's provision lines. */

int
assay_cli_audit_line (AssayCliAuditSession  *session,
                      int                    argc,
                      char                 **argv)
{
  g_autofree char *text = NULL;
  g_autofree char *delivered_text = NULL;
  g_autofree char *observed = NULL;
  g_autofree char *staff = NULL;
  g_autofree char *evidence = NULL;
  GOptionEntry add_entries[] = {
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("The provision line as the plan states it"),
      N_("TEXT") },
    { NULL }
  };
  GOptionEntry set_entries[] = {
    { "delivered", 0, 0, G_OPTION_ARG_STRING, &delivered_text,
      N_("Whether the line is delivered: yes, partly or no"), N_("yes|partly|no") },
    { "observed", 0, 0, G_OPTION_ARG_STRING, &observed,
      N_("Frequency and duration observed against the plan"), N_("TEXT") },
    { "staff", 0, 0, G_OPTION_ARG_STRING, &staff,
      N_("Who delivers it, and their expertise"), N_("TEXT") },
    { "evidence", 0, 0, G_OPTION_ARG_STRING, &evidence,
      N_("Evidence seen: timetable, intervention log, therapy notes"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(AssayAudit) audit = NULL;
  AssayDelivered delivered = ASSAY_DELIVERED_UNSET;
  GError *error = NULL;
  const char *verb = argc > 1 ? argv[1] : NULL;
  int exit_code;

  if (g_strcmp0 (verb, "add") == 0)
    {
      g_autofree char *id = NULL;

      audit = assay_cli_audit_open_arg (session, "line add",
                                        _("Add a provision line of the plan to a setting "
                                          "visit; prints the line’s id."),
                                        add_entries, argc - 1, argv + 1, &exit_code);
      if (audit == NULL)
        return exit_code;

      id = assay_audit_add_line (audit, text, &error);
      if (id == NULL)
        return assay_cli_fail (error);

      g_print ("%s\n", id);
      return ASSAY_EXIT_OK;
    }

  if (g_strcmp0 (verb, "set") == 0 || g_strcmp0 (verb, "remove") == 0)
    {
      gboolean set = g_str_equal (verb, "set");

      argc--;
      argv++;
      if (!assay_cli_parse_options (_("ID LINE"),
                                    set ? _("Record whether a provision line is delivered. LINE "
                                            "is its number or id.")
                                        : _("Remove a provision line from a setting visit."),
                                    set ? set_entries : NULL, &argc, &argv, &exit_code))
        return exit_code;

      if (argc != 3)
        return assay_cli_usage_error (set ? _("“audit line set” needs ID LINE")
                                          : _("“audit line remove” needs ID LINE"));

      if (delivered_text != NULL && !assay_delivered_from_token (delivered_text, &delivered))
        {
          g_autofree char *message =
            g_strdup_printf (_("“%s” is not yes, partly or no"), delivered_text);
          return assay_cli_usage_error (message);
        }

      if (set && delivered == ASSAY_DELIVERED_UNSET && observed == NULL && staff == NULL &&
          evidence == NULL)
        return assay_cli_usage_error (_("“audit line set” needs --delivered, --observed, "
                                        "--staff or --evidence"));

      audit = assay_cli_audit_open (session, argv[1], &error);
      if (audit == NULL)
        return assay_cli_fail (error);

      if (set ? !assay_audit_set_line (audit, argv[2], delivered, observed, staff, evidence,
                                       &error)
              : !assay_audit_remove_line (audit, argv[2], &error))
        return assay_cli_fail (error);

      if (session->globals->json)
        assay_cli_audit_print_json (audit, TRUE);
      return ASSAY_EXIT_OK;
    }

  return assay_cli_usage_error (_("“audit line” needs add, set or remove"));
}
