/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "assay-cli-private.h"
#include "assay-erasure.h"

/* `audit erase --case REF --reason TEXT`: a plan's audits and agreed grades
 * removed here, and a signed deletion that removes them wherever it is
 * imported (assay-erasure.h). */

int
assay_cli_audit_erase (AssayCliAuditSession  *session,
                       int                    argc,
                       char                 **argv)
{
  g_autofree char *case_ref = NULL;
  g_autofree char *reason = NULL;
  gboolean yes = FALSE;
  GError *error = NULL;
  guint erased = 0;
  int exit_code;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_ref, N_("The plan’s case reference"),
      N_("REF") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why: retention ended, a mistake, a data subject’s request"), N_("TEXT") },
    { "yes", 0, 0, G_OPTION_ARG_NONE, &yes,
      N_("Erase without asking (scripts; nothing can bring the audits back)"), NULL },
    { NULL }
  };

  if (!assay_cli_parse_options (NULL,
                                _("Erase every audit and agreed grade of a plan, here and, once "
                                  "your next bundle is\nimported, everywhere. Imports accept "
                                  "erasures from a forum chair only."),
                                entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc != 1 || case_ref == NULL)
    return assay_cli_usage_error (_("“audit erase” needs --case REF and --reason TEXT"));

  /* Destructive and final: a person confirms, unless a script says so. */
  if (!yes)
    {
      char answer[16] = { 0 };

      g_printerr (_("Erase every audit and agreed grade of %s, here and wherever your bundles "
                    "go? Type “erase” to confirm: "), case_ref);
      if (fgets (answer, sizeof answer, stdin) == NULL || !g_str_has_prefix (answer, "erase"))
        return assay_cli_usage_error (_("Nothing erased"));
    }

  if (!assay_erasure_erase_case (session->store, case_ref, reason, &erased, &error))
    return assay_cli_fail (error);

  g_printerr (ngettext ("Erased %u record of %s; the deletion travels in your next bundle.\n",
                        "Erased %u records of %s; the deletion travels in your next bundle.\n",
                        erased),
              erased, case_ref);

  return ASSAY_EXIT_OK;
}
