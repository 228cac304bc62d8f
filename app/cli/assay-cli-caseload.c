/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "assay-caseload.h"
#include "assay-cli-private.h"

/* `caseload import FILE.csv` from the contract, and `caseload list`. */

static const struct
{
  AssayCaseloadField  field;
  const char         *title;
} table_columns[] = {
  { ASSAY_CASELOAD_FIELD_CASE_REF, N_("Case") },
  { ASSAY_CASELOAD_FIELD_PLAN_TYPE, N_("Plan type") },
  { ASSAY_CASELOAD_FIELD_REQUESTED, N_("Requested") },
  { ASSAY_CASELOAD_FIELD_ISSUED, N_("Issued") },
  { ASSAY_CASELOAD_FIELD_LAST_REVIEW, N_("Reviewed") },
  { ASSAY_CASELOAD_FIELD_TEAM, N_("Team") },
  { ASSAY_CASELOAD_FIELD_CASEWORKER, N_("Caseworker") },
  { ASSAY_CASELOAD_FIELD_PHASE, N_("Phase") },
  { ASSAY_CASELOAD_FIELD_NC_YEAR, N_("Year") },
  { ASSAY_CASELOAD_FIELD_KEY_STAGE, N_("Stage") },
  { ASSAY_CASELOAD_FIELD_SETTING_TYPE, N_("Setting") },
  { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, N_("Need") },
  { ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, N_("In care") },
};

static void
print_padded (const char *text,
              glong       width)
{
  glong pad = width - g_utf8_strlen (text, -1);

  g_print ("%s", text);
  for (glong i = 0; i < pad; i++)
    g_print (" ");
}

void
assay_cli_print_cases (GPtrArray *cases)
{
  glong widths[G_N_ELEMENTS (table_columns)];
  gboolean used[G_N_ELEMENTS (table_columns)] = { FALSE };
  guint last = 0;

  for (guint c = 0; c < G_N_ELEMENTS (table_columns); c++)
    {
      widths[c] = g_utf8_strlen (_(table_columns[c].title), -1);
      for (guint r = 0; r < cases->len; r++)
        {
          JsonObject *object = g_ptr_array_index (cases, r);
          const char *name = assay_caseload_field_get_name (table_columns[c].field);
          g_autofree char *text =
            assay_caseload_value_to_string (json_object_get_member (object, name));

          if (*text != '\0')
            used[c] = TRUE;
          widths[c] = MAX (widths[c], g_utf8_strlen (text, -1));
        }
      /* Columns the export did not have would only be noise. */
      if (used[c])
        last = c;
    }

  for (guint c = 0; c <= last; c++)
    if (used[c])
      print_padded (_(table_columns[c].title), c == last ? 0 : widths[c] + 2);
  g_print ("\n");

  for (guint r = 0; r < cases->len; r++)
    {
      JsonObject *object = g_ptr_array_index (cases, r);

      for (guint c = 0; c <= last; c++)
        {
          const char *name = assay_caseload_field_get_name (table_columns[c].field);
          g_autofree char *text = NULL;

          if (!used[c])
            continue;
          text = assay_caseload_value_to_string (json_object_get_member (object, name));
          print_padded (text, c == last ? 0 : widths[c] + 2);
        }
      g_print ("\n");
    }
}

static void
add_strings (JsonBuilder *builder,
             const char  *name,
             GPtrArray   *strings)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
}

static char *
join (GPtrArray *strings)
{
  /* Borrowed strings: a copy made with g_ptr_array_copy() would free them. */
  g_autoptr(GPtrArray) copy = g_ptr_array_sized_new (strings->len + 1);

  for (guint i = 0; i < strings->len; i++)
    g_ptr_array_add (copy, g_ptr_array_index (strings, i));
  g_ptr_array_add (copy, NULL);

  return g_strjoinv (", ", (char **) copy->pdata);
}

static void
print_import_json (const char          *path,
                   const AssayCaseloadResult *result,
                   gboolean             dry_run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, dry_run);
  assay_json_add_int (builder, "added", result->added);
  assay_json_add_int (builder, "updated", result->updated);
  assay_json_add_int (builder, "unchanged", result->unchanged);
  json_builder_set_member_name (builder, "rejected");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->rejected->len; i++)
    {
      AssayCaseloadRejection *rejection = g_ptr_array_index (result->rejected, i);

      json_builder_begin_object (builder);
      assay_json_add_int (builder, "line", rejection->line);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, rejection->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->warnings->len; i++)
    {
      AssayCaseloadWarning *warning = g_ptr_array_index (result->warnings, i);

      json_builder_begin_object (builder);
      assay_json_add_int (builder, "line", warning->line);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, assay_caseload_field_get_name (warning->field));
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, warning->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  /* An array, not an object keyed by header: a file may repeat a header */
  json_builder_set_member_name (builder, "mapping");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->columns->len; i++)
    {
      AssayCaseloadColumn *column = g_ptr_array_index (result->columns, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "header");
      json_builder_add_string_value (builder, column->header);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, assay_caseload_field_get_name (column->field));
      assay_json_add_int (builder, "column", column->column);
      json_builder_set_member_name (builder, "by_map");
      json_builder_add_boolean_value (builder, column->by_map);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_strings (builder, "unknown", result->ignored_columns);
  add_strings (builder, "dropped", result->dropped_columns);

  assay_json_add_int (builder, "rows", result->n_rows);
  /* The names before "unknown" and "dropped" existed, for older scripts */
  add_strings (builder, "dropped_columns", result->dropped_columns);
  add_strings (builder, "ignored_columns", result->ignored_columns);
  json_builder_set_member_name (builder, "encoding");
  json_builder_add_string_value (builder, assay_csv_encoding_to_string (result->encoding));
  json_builder_set_member_name (builder, "bom");
  json_builder_add_boolean_value (builder, result->had_bom);
  json_builder_end_object (builder);

  assay_cli_print_json (builder);
}

static void
print_mapping (const AssayCaseloadResult *result)
{
  glong width = 0;

  if (result->columns->len == 0)
    return;

  for (guint i = 0; i < result->columns->len; i++)
    {
      AssayCaseloadColumn *column = g_ptr_array_index (result->columns, i);

      width = MAX (width, g_utf8_strlen (column->header, -1));
    }

  g_print (_("Columns read:\n"));
  for (guint i = 0; i < result->columns->len; i++)
    {
      AssayCaseloadColumn *column = g_ptr_array_index (result->columns, i);

      g_print ("  ");
      print_padded (column->header, width + 2);
      if (column->by_map)
        /* Translators: a column of the file, then the field it fills */
        g_print (_("→ %s (--map)\n"), assay_caseload_field_get_name (column->field));
      else
        g_print ("→ %s\n", assay_caseload_field_get_name (column->field));
    }
}

static void
print_import_text (const char                *path,
                   const AssayCaseloadResult *result,
                   gboolean                   dry_run)
{
  if (dry_run)
    g_print (_("%s: dry run, nothing written: would add %u, update %u, leave %u unchanged; "
               "%u rejected\n"),
             path, result->added, result->updated, result->unchanged, result->rejected->len);
  else
    g_print (_("%s: %u added, %u updated, %u unchanged, %u rejected\n"),
             path, result->added, result->updated, result->unchanged, result->rejected->len);

  if (result->encoding == ASSAY_CSV_ENCODING_WINDOWS_1252)
    g_print (_("Read as Windows-1252 text, since it is not UTF-8.\n"));

  if (dry_run)
    print_mapping (result);

  if (result->dropped_columns->len > 0)
    {
      g_autofree char *list = join (result->dropped_columns);

      g_print (_("Columns that identify a child (names, UPN, ULN, NHS number, date of birth, "
                 "address), dropped and never stored: %s\n"),
               list);
    }

  if (result->ignored_columns->len > 0)
    {
      g_autofree char *list = join (result->ignored_columns);

      g_print (_("Columns ignored (not caseload fields): %s\n"), list);
    }

  if (result->warnings->len > 0)
    g_print (ngettext ("%u value could not be read and was left out; the warning above "
                       "says where.\n",
                       "%u values could not be read and were left out; the warnings above "
                       "say where.\n",
                       result->warnings->len),
             result->warnings->len);
}

static int
caseload_import (AssayCliGlobals  *globals,
                 int               argc,
                 char            **argv)
{
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayCaseloadBatch) batch = NULL;
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(AssayCaseloadMap) map = assay_caseload_map_new ();
  g_auto(GStrv) maps = NULL;
  const AssayCaseloadResult *shown;
  gboolean dry_run = FALSE;
  GError *error = NULL;
  int exit_code;
  GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Show the column mapping, the warnings and what would change; write nothing"), NULL },
    { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &maps,
      N_("Read the column headed Header as field (or “ignore” it); repeat for more"),
      N_("Header=field") },
    { NULL },
  };

  if (!assay_cli_parse_options (_("FILE.csv"),
                                _("Import or update the plans to be audited from a caseload "
                                  "CSV.\n\n"
                                  "Columns are matched by their headers, in any order: case_ref "
                                  "(required), plan_type,\nrequested, issued, last_review, team, "
                                  "caseworker, phase, nc_year, key_stage, setting_type,\n"
                                  "primary_need, child_in_care, or aliases such as Case Ref, "
                                  "Person ID, ReceivedDate,\nStartDate, SENtype or CLA. Other "
                                  "columns are ignored; columns that identify a child\n(names, "
                                  "UPN, ULN, NHS number, date of birth, address, postcode) are "
                                  "dropped and never\nstored. A value that cannot be read is "
                                  "left out with a warning naming its line and\nfield; a row "
                                  "is refused only without a case reference, for a repeated "
                                  "one, or when\nit has more or fewer fields than the header. "
                                  "UTF-8 and Windows-1252 are both read."),
                                entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc != 2)
    return assay_cli_usage_error (_("“caseload import” takes one FILE.csv"));

  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    if (!assay_caseload_map_add (map, maps[i], &error))
      {
        g_autofree char *message = g_strdup_printf ("--map %s", error->message);

        g_clear_error (&error);
        return assay_cli_usage_error (message);
      }

  /* The file first: what is wrong with it needs no passphrase */
  batch = assay_caseload_read_mapped (argv[1], map, &error);
  if (batch == NULL)
    {
      if (g_error_matches (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_MAP_NO_COLUMN))
        {
          g_autofree char *message = g_strdup_printf ("--map: %s: %s", argv[1],
                                                      error->message);

          g_clear_error (&error);
          return assay_cli_usage_error (message);
        }
      g_prefix_error (&error, "%s: ", argv[1]);
      return assay_cli_fail (error);
    }

  vault = assay_cli_open_vault (globals, TRUE, &error);
  if (vault == NULL)
    return assay_cli_fail (error);

  store = assay_store_new (vault);
  if (dry_run)
    {
      if (!assay_caseload_preview (store, batch, &error))
        return assay_cli_fail (error);
      shown = assay_caseload_batch_get_result (batch);
    }
  else
    {
      if (!assay_caseload_write (store, batch, &result, &error))
        return assay_cli_fail (error);
      shown = result;
    }

  /* Rejected rows and warnings are messages: they go to stderr, as
   * FILE: line N: reason */
  for (guint i = 0; i < shown->rejected->len; i++)
    {
      AssayCaseloadRejection *rejection = g_ptr_array_index (shown->rejected, i);

      g_printerr (_("%s: line %u: %s\n"), argv[1], rejection->line, rejection->reason);
    }
  for (guint i = 0; i < shown->warnings->len; i++)
    {
      AssayCaseloadWarning *warning = g_ptr_array_index (shown->warnings, i);

      /* Translators: the file, its line, then what could not be read there */
      g_printerr (_("%s: line %u: warning: %s\n"), argv[1], warning->line, warning->reason);
    }

  if (globals->json)
    print_import_json (argv[1], shown, dry_run);
  else
    print_import_text (argv[1], shown, dry_run);

  return ASSAY_EXIT_OK;
}

static int
caseload_list (AssayCliGlobals  *globals,
               int               argc,
               char            **argv)
{
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  GError *error = NULL;
  int exit_code;

  if (!assay_cli_parse_options (NULL, _("List the plans in the caseload."),
                                NULL, &argc, &argv, &exit_code))
    return exit_code;

  if (argc > 1)
    return assay_cli_usage_error (_("“caseload list” takes no arguments"));

  vault = assay_cli_open_vault (globals, TRUE, &error);
  if (vault == NULL)
    return assay_cli_fail (error);

  store = assay_store_new (vault);
  cases = assay_caseload_list (store, &error);
  if (cases == NULL)
    return assay_cli_fail (error);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < cases->len; i++)
        {
          JsonNode *node = json_node_new (JSON_NODE_OBJECT);

          json_node_set_object (node, g_ptr_array_index (cases, i));
          json_builder_add_value (builder, node);
        }
      json_builder_end_array (builder);
      assay_cli_print_json (builder);
    }
  else if (cases->len == 0)
    g_printerr (_("The caseload is empty: import one with “assay-cli caseload import "
                  "FILE.csv”.\n"));
  else
    assay_cli_print_cases (cases);

  return ASSAY_EXIT_OK;
}

int
assay_cli_cmd_caseload (AssayCliGlobals  *globals,
                        int               argc,
                        char            **argv)
{
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      g_print (_("Usage:\n"
                 "  assay-cli caseload import FILE.csv [--dry-run] [--map Header=field]… "
                 "[--json]\n"
                 "  assay-cli caseload list [--json]\n\n"
                 "import reads the council’s caseload export: one row per plan, matched "
                 "by case_ref.\nNew plans are added, changed ones updated, the rest left "
                 "alone. Values that cannot be\nread are left out with a warning; rows "
                 "without a case reference are refused. Columns\nthat identify a child are "
                 "dropped and never stored. --dry-run shows the column\nmapping and what "
                 "would change, and writes nothing.\n"));
      return argc < 2 ? ASSAY_EXIT_USAGE : ASSAY_EXIT_OK;
    }

  if (g_str_equal (argv[1], "import"))
    return caseload_import (globals, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "list"))
    return caseload_list (globals, argc - 1, argv + 1);

  {
    g_autofree char *message = g_strdup_printf (_("Unknown caseload command “%s”"), argv[1]);
    return assay_cli_usage_error (message);
  }
}
