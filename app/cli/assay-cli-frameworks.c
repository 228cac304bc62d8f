/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-cli-private.h"
#include "assay-framework.h"

/* Frameworks are not secret: listing and checking them needs no vault. */

static void
report_problems (AssayFrameworks *frameworks)
{
  const GPtrArray *problems = assay_frameworks_get_problems (frameworks);

  for (guint i = 0; i < problems->len; i++)
    g_printerr (_("assay-cli: skipped a framework file: %s\n"),
                (const char *) problems->pdata[i]);
}

static void
print_framework (AssayFramework *framework)
{
  g_print ("%s %s  %s  (%s, %s, %s)\n",
           assay_framework_get_id (framework),
           assay_framework_get_version (framework),
           assay_framework_get_title (framework),
           assay_framework_get_kind (framework),
           assay_framework_get_agency (framework),
           assay_framework_get_source (framework));

  for (guint i = 0; i < assay_framework_get_n_sections (framework); i++)
    {
      const AssaySection *section = assay_framework_get_section (framework, i);
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint j = 0; j < section->criteria->len; j++)
        {
          const AssayCriterion *criterion = section->criteria->pdata[j];

          /* * a statutory or limiting criterion, + a local rule */
          g_string_append_printf (ids, " %s%s", criterion->id,
                                  criterion->local_rule ? "+" : criterion->limiting ? "*" : "");
        }

      g_print ("  %-3s %3u%%  %s:%s\n", section->id, section->weight, section->title, ids->str);
    }
}

int
assay_cli_cmd_frameworks (AssayCliGlobals  *globals,
                          int               argc,
                          char            **argv)
{
  g_autofree char *check = NULL;
  GOptionEntry entries[] = {
    { "check", 0, 0, G_OPTION_ARG_FILENAME, &check,
      N_("Validate a framework file instead of listing"), N_("FILE") },
    { NULL }
  };
  g_autoptr(AssayFrameworks) frameworks = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int exit_code;

  if (!assay_cli_parse_options (NULL,
                                _("List the audit frameworks, their sections and criteria ids "
                                  "(* marks a statutory or limiting criterion, + a local "
                                  "rule)."),
                                entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc > 1)
    return assay_cli_usage_error (_("“frameworks” takes no arguments"));

  if (check != NULL)
    {
      g_autoptr(AssayFramework) framework = NULL;
      GError *error = NULL;

      framework = assay_framework_new_from_file (check, &error);
      if (framework == NULL)
        return assay_cli_fail (error);

      g_print (_("%s: framework %s version %s is valid: %u sections, %u criteria\n"),
               check, assay_framework_get_id (framework), assay_framework_get_version (framework),
               assay_framework_get_n_sections (framework),
               assay_framework_get_n_criteria (framework));
      return ASSAY_EXIT_OK;
    }

  frameworks = assay_frameworks_new_default ();
  report_problems (frameworks);
  list = assay_frameworks_list (frameworks);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < list->len; i++)
        json_builder_add_value (builder, assay_framework_to_json (list->pdata[i]));
      json_builder_end_array (builder);
      assay_cli_print_json (builder);
    }
  else
    {
      for (guint i = 0; i < list->len; i++)
        {
          if (i > 0)
            g_print ("\n");
          print_framework (list->pdata[i]);
        }
    }

  return ASSAY_EXIT_OK;
}
