/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "assay-caseload.h"
#include "assay-cli-private.h"
#include "assay-sample.h"

/*
 * `sample` from the contract. Drawing is the default; --list and --show read
 * back saved samples, so the one command owns everything about samples.
 */

static void
print_sample_text (AssaySample *sample,
                   GPtrArray   *caseload)
{
  g_autoptr(GHashTable) by_ref = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; i < caseload->len; i++)
    {
      JsonObject *object = g_ptr_array_index (caseload, i);

      g_hash_table_insert (by_ref, (gpointer) json_object_get_string_member (object, "case_ref"),
                           object);
    }

  for (guint i = 0; i < sample->cases->len; i++)
    {
      const char *ref = g_ptr_array_index (sample->cases, i);
      JsonObject *object = g_hash_table_lookup (by_ref, ref);

      if (object != NULL)
        g_ptr_array_add (rows, json_object_ref (object));
      else
        {
          JsonObject *missing = json_object_new ();

          json_object_set_string_member (missing, "case_ref", ref);
          g_ptr_array_add (rows, missing);
        }
    }

  g_print (_("Sample %s, %s\n"), sample->id, sample->created);
  g_print (_("Rule: %s\n"), sample->rule);
  g_print (ngettext ("%u plan\n\n", "%u plans\n\n", sample->size), sample->size);
  assay_cli_print_cases (rows);

  if (sample->strata->len > 0)
    {
      glong width = 0;

      g_print (_("\nStrata:\n"));
      for (guint i = 0; i < sample->strata->len; i++)
        {
          AssaySampleStratum *stratum = g_ptr_array_index (sample->strata, i);

          width = MAX (width, g_utf8_strlen (stratum->label, -1));
        }
      for (guint i = 0; i < sample->strata->len; i++)
        {
          AssaySampleStratum *stratum = g_ptr_array_index (sample->strata, i);
          g_autofree char *plans = g_strdup_printf (ngettext ("%u plan", "%u plans",
                                                              stratum->eligible),
                                                    stratum->eligible);

          g_print ("  %s", stratum->label);
          for (glong pad = g_utf8_strlen (stratum->label, -1); pad < width + 2; pad++)
            g_print (" ");
          /* TRANSLATORS: "30 plans, 3 sampled" */
          g_print (_("%s, %u sampled\n"), plans, stratum->sampled);
        }
    }
}

static void
print_sample_json (AssaySample *sample,
                   GPtrArray   *caseload)
{
  g_autoptr(JsonNode) root = assay_sample_to_json (sample, caseload);

  assay_cli_print_node (root);
}

static void
print_samples_json (GPtrArray *samples,
                    GPtrArray *caseload)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < samples->len; i++)
    json_builder_add_value (builder, assay_sample_to_json (g_ptr_array_index (samples, i),
                                                           caseload));
  json_builder_end_array (builder);

  assay_cli_print_json (builder);
}

static void
print_list_text (GPtrArray *samples)
{
  if (samples->len == 0)
    {
      g_printerr (_("No sample has been drawn yet: draw one with “assay-cli sample”.\n"));
      return;
    }

  for (guint i = 0; i < samples->len; i++)
    {
      AssaySample *sample = g_ptr_array_index (samples, i);

      g_print ("%s  %s  %4u  %s\n", sample->id, sample->created, sample->size, sample->rule);
    }
}

/* An id, or its first characters when they name one sample. */
static AssaySample *
find_sample (GPtrArray   *samples,
             const char  *id,
             int         *exit_code)
{
  AssaySample *found = NULL;
  guint matches = 0;

  for (guint i = 0; i < samples->len; i++)
    {
      AssaySample *sample = g_ptr_array_index (samples, i);

      if (g_str_equal (sample->id, id))
        return sample;
      if (*id != '\0' && g_str_has_prefix (sample->id, id))
        {
          found = sample;
          matches++;
        }
    }

  if (matches == 1)
    return found;

  {
    g_autofree char *message =
      matches == 0 ? g_strdup_printf (_("There is no sample “%s”"), id)
                   : g_strdup_printf (_("“%s” is the start of %u samples’ ids: give more of it"),
                                      id, matches);

    g_printerr ("assay-cli: %s\n", message);
    *exit_code = ASSAY_EXIT_USAGE;
  }

  return NULL;
}

static gboolean
add_all (AssaySampleSpec  *spec,
         char            **values,
         gboolean          split_commas,
         gboolean        (*add) (AssaySampleSpec *, const char *, GError **),
         GError          **error)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_auto(GStrv) parts = split_commas ? g_strsplit (values[i], ",", -1)
                                         : g_strdupv ((char *[]) { values[i], NULL });

      for (guint j = 0; parts[j] != NULL; j++)
        if (!add (spec, parts[j], error))
          return FALSE;
    }

  return TRUE;
}

int
assay_cli_cmd_sample (AssayCliGlobals  *globals,
                      int               argc,
                      char            **argv)
{
  g_autofree char *size = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *show = NULL;
  g_auto(GStrv) by = NULL;
  g_auto(GStrv) where = NULL;
  g_auto(GStrv) all_where = NULL;
  gboolean list = FALSE;
  int minimum = 1;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_STRING, &size,
      N_("Plans to sample, or a percentage such as 15% (default: 10% or at least 4)"),
      N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("Seed for the random draw, 0 to 4294967295 (default: a new one, shown in the rule)"),
      N_("S") },
    { "by", 0, 0, G_OPTION_ARG_STRING_ARRAY, &by,
      N_("Stratify by a caseload field; repeat or separate with commas for several"),
      N_("FIELD") },
    { "min-per-stratum", 0, 0, G_OPTION_ARG_INT, &minimum,
      N_("Plans to take at least from each stratum when the size allows (default: 1)"),
      N_("N") },
    { "where", 0, 0, G_OPTION_ARG_STRING_ARRAY, &where,
      N_("Sample only plans matching FILTER; repeatable"), N_("FILTER") },
    { "all-where", 0, 0, G_OPTION_ARG_STRING_ARRAY, &all_where,
      N_("Include every plan matching FILTER, then sample the rest; repeatable"),
      N_("FILTER") },
    { "list", 0, 0, G_OPTION_ARG_NONE, &list, N_("List the samples drawn so far"), NULL },
    { "show", 0, 0, G_OPTION_ARG_STRING, &show, N_("Show a saved sample"), N_("ID") },
    { NULL }
  };
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssaySampleSpec) spec = NULL;
  g_autoptr(AssaySample) sample = NULL;
  g_autoptr(GPtrArray) caseload = NULL;
  GError *error = NULL;
  guint64 seed;
  int exit_code;

  if (!assay_cli_parse_options (NULL,
                                _("Draw a reproducible sample of plans from the caseload and "
                                  "save it.\n\n"
                                  "The same seed and caseload give the same sample on every "
                                  "machine. With --by, the plans are\n"
                                  "split into strata (one per value, or per combination of "
                                  "values) and each stratum gets\n"
                                  "places in proportion to its size, at least "
                                  "--min-per-stratum each when the size allows.\n\n"
                                  "FILTER is FIELD=VALUE or FIELD!=VALUE, and for the dates "
                                  "(requested, issued, last_review)\nalso "
                                  "<, <=, > or >= a date: child_in_care=yes, "
                                  "plan_type=annual-review, issued>=2025-01-01.\n"
                                  "Values are read like caseload cells (y, AR, 14/03/2025 "
                                  "all work). --where filters on one\n"
                                  "field with = are alternatives\n"
                                  "(--where phase=primary --where phase=secondary); the rest "
                                  "must all hold.\n"
                                  "--all-where puts every eligible plan matching any of its "
                                  "filters in the sample and\n"
                                  "draws the other places from the remaining plans; the "
                                  "sample grows if they outnumber\n"
                                  "the size.\n\n"
                                  "Fields: case_ref, plan_type, requested, issued, "
                                  "last_review, team, caseworker, phase,\nnc_year, key_stage, "
                                  "setting_type, primary_need, child_in_care (header aliases "
                                  "such as\nlocality also work).\n\n"
                                  "  assay-cli sample --seed 2026 --by team\n"
                                  "  assay-cli sample --size 12 --seed 7 --by phase,plan_type "
                                  "--all-where child_in_care=yes\n"
                                  "  assay-cli sample --list\n"
                                  "  assay-cli sample --show ID"),
                                entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc > 1)
    return assay_cli_usage_error (_("“sample” takes options only"));

  if ((list || show != NULL) &&
      (size != NULL || seed_text != NULL || by != NULL || where != NULL || all_where != NULL))
    return assay_cli_usage_error (_("--list and --show read saved samples: they take no "
                                    "--size, --seed, --by or filters"));

  if (minimum < 0)
    return assay_cli_usage_error (_("--min-per-stratum cannot be negative"));

  if (seed_text != NULL)
    {
      if (!g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT32, &seed, NULL))
        {
          g_autofree char *message =
            g_strdup_printf (_("The seed “%s” is not a whole number from 0 to 4294967295"),
                             seed_text);
          return assay_cli_usage_error (message);
        }
    }
  else
    seed = g_random_int ();

  /* Check the request before asking for the passphrase. */
  spec = assay_sample_spec_new ((guint32) seed);
  assay_sample_spec_set_minimum (spec, (guint) minimum);
  if ((size != NULL && !assay_sample_spec_parse_size (spec, size, &error)) ||
      !add_all (spec, by, TRUE, assay_sample_spec_add_by, &error) ||
      !add_all (spec, where, FALSE, assay_sample_spec_add_where, &error) ||
      !add_all (spec, all_where, FALSE, assay_sample_spec_add_include, &error))
    return assay_cli_fail (error);

  vault = assay_cli_open_vault (globals, TRUE, &error);
  if (vault == NULL)
    return assay_cli_fail (error);
  store = assay_store_new (vault);

  caseload = assay_caseload_list (store, &error);
  if (caseload == NULL)
    return assay_cli_fail (error);

  if (list || show != NULL)
    {
      g_autoptr(GPtrArray) samples = assay_sample_list (store, &error);
      AssaySample *found;

      if (samples == NULL)
        return assay_cli_fail (error);

      if (list)
        {
          if (globals->json)
            print_samples_json (samples, caseload);
          else
            print_list_text (samples);
          return ASSAY_EXIT_OK;
        }

      found = find_sample (samples, show, &exit_code);
      if (found == NULL)
        return exit_code;

      if (globals->json)
        print_sample_json (found, caseload);
      else
        print_sample_text (found, caseload);

      return ASSAY_EXIT_OK;
    }

  sample = assay_sample_create (store, spec, &error);
  if (sample == NULL)
    return assay_cli_fail (error);

  if (globals->json)
    print_sample_json (sample, caseload);
  else
    print_sample_text (sample, caseload);

  return ASSAY_EXIT_OK;
}
