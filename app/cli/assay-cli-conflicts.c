/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-bundle.h"
#include "assay-cli-private.h"
#include "assay-contacts.h"
#include "assay-grade-naming.h"

/* `conflicts list`, `conflicts show REF` and `conflicts resolve REF --keep
 * mine|theirs|both`: the versions imports have set aside. */

typedef struct
{
  AssayVault        *vault;
  AssayStore        *store;
  AssayContactNames *names;
} Conflicts;

static void
conflicts_clear (Conflicts *c)
{
  g_clear_pointer (&c->names, assay_contact_names_free);
  g_clear_object (&c->store);
  g_clear_object (&c->vault);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Conflicts, conflicts_clear)

static gboolean
conflicts_open (Conflicts        *c,
                AssayCliGlobals  *globals,
                GError          **error)
{
  c->vault = assay_cli_open_vault (globals, TRUE, error);
  if (c->vault == NULL)
    return FALSE;

  c->store = assay_store_new (c->vault);
  c->names = assay_contact_names_load (c->store, error);

  return c->names != NULL;
}

/* A person as contacts name them, or the start of their key. */
static char *
person (Conflicts  *c,
        const char *key)
{
  const char *name = assay_contacts_display_name (c->names, key);

  if (name != NULL)
    return g_strdup (name);

  return g_strdup_printf (_("unknown (%.16s…)"), key);
}

static void
print_conflict (Conflicts     *c,
                AssayConflict *conflict)
{
  g_autofree char *mine = person (c, conflict->local_author);
  g_autofree char *theirs = person (c, conflict->other_author);

  g_print (_("%s  %s: revision %" G_GINT64_FORMAT " here by %s, revision %" G_GINT64_FORMAT
             " from %s\n"),
           conflict->ref, conflict->description, conflict->local->revision, mine,
           conflict->revision, theirs);
}

static int
conflicts_list (AssayCliGlobals  *globals,
                int               argc,
                char            **argv)
{
  g_auto(Conflicts) c = { 0, };
  g_autoptr(GPtrArray) conflicts = NULL;
  GError *error = NULL;
  int exit_code;

  if (!assay_cli_parse_options (NULL,
                                _("List the versions imports have set aside because they do "
                                  "not follow the version held here."),
                                NULL, &argc, &argv, &exit_code))
    return exit_code;

  if (argc > 1)
    return assay_cli_usage_error (_("“conflicts list” takes options only"));

  if (!conflicts_open (&c, globals, &error))
    return assay_cli_fail (error);

  conflicts = assay_bundle_list_conflicts (c.store, &error);
  if (conflicts == NULL)
    return assay_cli_fail (error);

  if (globals->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < conflicts->len; i++)
        json_builder_add_value (builder, assay_conflict_to_json (conflicts->pdata[i]));
      json_builder_end_array (builder);
      assay_cli_print_json (builder);
    }
  else if (conflicts->len == 0)
    g_print (_("No conflicts\n"));
  else
    for (guint i = 0; i < conflicts->len; i++)
      print_conflict (&c, conflicts->pdata[i]);

  return ASSAY_EXIT_OK;
}

/* The open conflict the command's REF argument names. */
static AssayConflict *
find_arg (Conflicts   *c,
          const char  *command,
          int          argc,
          char       **argv,
          int         *exit_code)
{
  g_autofree char *message = NULL;
  GError *error = NULL;
  AssayConflict *conflict;

  if (argc != 2)
    {
      message = g_strdup_printf (_("“conflicts %s” needs one REF, as “conflicts list” shows it"),
                                 command);
      *exit_code = assay_cli_usage_error (message);
      return NULL;
    }

  conflict = assay_bundle_find_conflict (c->store, argv[1], &error);
  if (conflict == NULL)
    *exit_code = assay_cli_fail (error);

  return conflict;
}

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "—";
}

static int
conflicts_show (AssayCliGlobals  *globals,
                int               argc,
                char            **argv)
{
  g_auto(Conflicts) c = { 0, };
  g_autoptr(AssayConflict) conflict = NULL;
  g_autoptr(AssayFrameworks) frameworks = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;
  GError *error = NULL;
  int exit_code;

  if (!assay_cli_parse_options (_("REF"),
                                _("Show both versions of a conflict, criterion by criterion for "
                                  "an audit."),
                                NULL, &argc, &argv, &exit_code))
    return exit_code;

  if (!conflicts_open (&c, globals, &error))
    return assay_cli_fail (error);

  conflict = find_arg (&c, "show", argc, argv, &exit_code);
  if (conflict == NULL)
    return exit_code;

  frameworks = assay_frameworks_new_default ();

  if (globals->json)
    {
      g_autoptr(JsonNode) root = assay_conflict_show_to_json (conflict, frameworks);

      assay_cli_print_node (root);
      return ASSAY_EXIT_OK;
    }

  mine = person (&c, conflict->local_author);
  theirs = person (&c, conflict->other_author);
  g_print (_("Conflict %s: %s\n"), conflict->ref, conflict->description);
  g_print (_("  Mine:   revision %" G_GINT64_FORMAT " by %s\n"), conflict->local->revision, mine);
  g_print (_("  Theirs: revision %" G_GINT64_FORMAT " by %s\n"), conflict->revision, theirs);

  rows = assay_conflict_get_rows (conflict, frameworks);
  if (rows->len > 0)
    g_print ("\n%-10s %-16s %-16s\n", _("Criterion"), _("Mine"), _("Theirs"));
  for (guint i = 0; i < rows->len; i++)
    {
      const AssayConflictRow *row = rows->pdata[i];
      gboolean same = g_strcmp0 (row->local_grade, row->other_grade) == 0 &&
                      g_strcmp0 (row->local_evidence, row->other_evidence) == 0;

      g_print ("%s%-9s %-16s %-16s\n", same ? " " : "*", row->criterion,
               or_dash (row->local_grade), or_dash (row->other_grade));
      if (g_strcmp0 (row->local_evidence, row->other_evidence) != 0)
        {
          g_print (_("           mine:   %s\n"), or_dash (row->local_evidence));
          g_print (_("           theirs: %s\n"), or_dash (row->other_evidence));
        }
    }
  if (rows->len > 0)
    g_print (_("\n* marks the criteria the two versions grade or evidence differently.\n"));

  return ASSAY_EXIT_OK;
}

static int
conflicts_resolve (AssayCliGlobals  *globals,
                   int               argc,
                   char            **argv)
{
  g_auto(Conflicts) c = { 0, };
  g_autoptr(AssayConflict) conflict = NULL;
  g_autofree char *keep_text = NULL;
  AssayConflictKeep keep;
  GError *error = NULL;
  int exit_code;
  GOptionEntry entries[] = {
    { "keep", 0, 0, G_OPTION_ARG_STRING, &keep_text,
      N_("Which version stays: mine, theirs, or both (two chairs’ agreed grades)"),
      N_("mine|theirs|both") },
    { NULL }
  };

  if (!assay_cli_parse_options (_("REF"),
                                _("Settle a conflict. Your choice travels when you wrote the "
                                  "version held here\n(a new revision, signed, that follows "
                                  "both); otherwise it decides only\nwhat your own lists and "
                                  "reports use."),
                                entries, &argc, &argv, &exit_code))
    return exit_code;

  if (g_strcmp0 (keep_text, "mine") == 0)
    keep = ASSAY_CONFLICT_KEEP_MINE;
  else if (g_strcmp0 (keep_text, "theirs") == 0)
    keep = ASSAY_CONFLICT_KEEP_THEIRS;
  else if (g_strcmp0 (keep_text, "both") == 0)
    keep = ASSAY_CONFLICT_KEEP_BOTH;
  else
    return assay_cli_usage_error (_("“conflicts resolve” needs --keep mine, theirs or both"));

  if (!conflicts_open (&c, globals, &error))
    return assay_cli_fail (error);

  conflict = find_arg (&c, "resolve", argc, argv, &exit_code);
  if (conflict == NULL)
    return exit_code;

  if (!assay_bundle_resolve_conflict (c.store, conflict, keep, &error))
    return assay_cli_fail (error);

  g_printerr (_("Conflict %s settled: %s kept\n"), conflict->ref, keep_text);

  return ASSAY_EXIT_OK;
}

void
assay_cli_note_open_conflicts (const GPtrArray *conflicts)
{
  guint n = 0;

  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      const AssayConflict *conflict = conflicts->pdata[i];

      if (!g_str_equal (conflict->collection, "audits"))
        continue;
      if (n++ == 0)
        g_printerr (_("Left out until their conflict is settled (“assay-cli conflicts show "
                      "REF”):\n"));
      g_printerr ("  %s  %s\n", conflict->ref, conflict->description);
    }
}

int
assay_cli_cmd_conflicts (AssayCliGlobals  *globals,
                         int               argc,
                         char            **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "show"))
    return conflicts_show (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "resolve"))
    return conflicts_resolve (globals, argc - 1, argv + 1);
  /* `conflicts` alone lists, as it always has. */
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return conflicts_list (globals, argc - 1, argv + 1);
  if (argc >= 2 && argv[1][0] != '-')
    {
      g_autofree char *message = g_strdup_printf (_("Unknown conflicts command “%s”: use "
                                                    "list, show REF or resolve REF"), argv[1]);

      return assay_cli_usage_error (message);
    }

  return conflicts_list (globals, argc, argv);
}
