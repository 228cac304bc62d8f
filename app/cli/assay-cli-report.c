/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-cli-private.h"
#include "assay-report.h"

/*
 * `report`: the partnership report as a PDF for the forum and as a CSV for
 * dashboards, from the same figures `compare` prints.
 */

int
assay_cli_cmd_report (AssayCliGlobals  *globals,
                      int               argc,
                      char            **argv)
{
  g_autofree char *pdf = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *quarter = NULL;
  g_autofree char *agency = NULL;
  GOptionEntry entries[] = {
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write the forum report to FILE"),
      N_("FILE") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv,
      N_("Write one row per audit to FILE, for dashboards"), N_("FILE") },
    { "quarter", 0, 0, G_OPTION_ARG_STRING, &quarter,
      N_("Only audits finished in this quarter (2026-Q3)"), N_("Q") },
    { "agency", 0, 0, G_OPTION_ARG_STRING, &agency,
      N_("Only audits by moderators of this agency"), N_("AGENCY") },
    { NULL }
  };
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayComparison) comparison = NULL;
  AssayReportInfo info = { NULL, NULL, NULL };
  GError *error = NULL;
  int exit_code;

  if (!assay_cli_parse_options (NULL,
                                _("The partnership report: a PDF for the moderation forum and a "
                                  "CSV that dashboards such as Power BI can read. Both hold "
                                  "personal data and are not encrypted."),
                                entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc != 1)
    return assay_cli_usage_error (_("“report” takes no arguments besides its options"));

  if (pdf == NULL && csv == NULL)
    return assay_cli_usage_error (_("“report” needs --pdf FILE, --csv FILE or both"));

  comparison = assay_cli_open_comparison (globals, quarter, agency, &vault, &error);
  if (comparison == NULL)
    return assay_cli_fail (error);

  info.author = assay_vault_get_name (vault);
  info.agency = assay_vault_get_agency (vault);

  if (pdf != NULL &&
      !assay_report_write (comparison, ASSAY_REPORT_FORMAT_PDF, &info, pdf, &error))
    return assay_cli_fail (error);

  if (csv != NULL &&
      !assay_report_write (comparison, ASSAY_REPORT_FORMAT_CSV, &info, csv, &error))
    return assay_cli_fail (error);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "pdf");
      if (pdf != NULL)
        json_builder_add_string_value (builder, pdf);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "csv");
      if (csv != NULL)
        json_builder_add_string_value (builder, csv);
      else
        json_builder_add_null_value (builder);
      assay_json_add_int (builder, "audits", assay_comparison_get_n_audits (comparison));
      assay_json_add_int (builder, "plans", assay_comparison_get_n_plans (comparison));
      json_builder_end_object (builder);
      assay_cli_print_json (builder);
    }
  else
    {
      guint n_audits = assay_comparison_get_n_audits (comparison);
      guint n_plans = assay_comparison_get_n_plans (comparison);

      if (pdf != NULL)
        {
          g_autofree char *name = g_filename_display_name (pdf);

          /* Translators: "Wrote the forum report on 12 plans to report.pdf" */
          g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote the forum report on %u plan to %s\n",
                                "Wrote the forum report on %u plans to %s\n", n_plans),
                   n_plans, name);
        }
      if (csv != NULL)
        {
          g_autofree char *name = g_filename_display_name (csv);

          g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %u audit to %s\n",
                                "Wrote %u audits to %s\n", n_audits),
                   n_audits, name);
        }
    }

  assay_cli_note_missing_frameworks (assay_comparison_get_missing_frameworks (comparison));
  assay_cli_note_open_conflicts (assay_comparison_get_conflicts (comparison));

  /* The vault's protection stops at its edge: say so where it is crossed */
  g_printerr (_("The report is not encrypted: keep it only where your information-sharing "
                "agreement allows.\n"));

  return ASSAY_EXIT_OK;
}
