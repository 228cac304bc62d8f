/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-cli-private.h"
#include "assay-hlc.h"

/* `audit history`: the revisions of an audit the store keeps, and where
 * drafts' intermediate revisions were compacted away. */

/* What the store says of @revision, from @info (oldest first, as the
 * history): zeros when it says nothing. */
static AssayRevisionInfo
find_info (GArray *info,
           gint64  revision)
{
  AssayRevisionInfo none = { revision, 0, FALSE };

  for (guint i = 0; i < info->len; i++)
    if (g_array_index (info, AssayRevisionInfo, i).revision == revision)
      return g_array_index (info, AssayRevisionInfo, i);

  return none;
}

static void
print_compacted (gint64 revision,
                 gint64 compacted)
{
  g_autofree char *range = NULL;

  if (compacted == 1)
    range = g_strdup_printf ("%" G_GINT64_FORMAT, revision - 1);
  else
    range = g_strdup_printf ("%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT,
                             revision - compacted, revision - 1);

  /* Translators: %s is a revision number or a range of them, such as
   * "2–63", and %u how many revisions that is */
  g_print (ngettext ("revision %s: %u draft revision compacted\n",
                     "revisions %s: %u draft revisions compacted\n",
                     (gulong) compacted),
           range, (guint) compacted);
}

int
assay_cli_audit_history (AssayCliAuditSession  *session,
                         int                    argc,
                         char                 **argv)
{
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GArray) info = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GError *error = NULL;
  int exit_code;

  audit = assay_cli_audit_open_arg (session, "history",
                                    _("List the revisions of an audit the vault keeps, and "
                                      "which drafts’ revisions were compacted."),
                                    NULL, argc, argv, &exit_code);
  if (audit == NULL)
    return exit_code;

  revisions = assay_store_history (session->store, "audits", assay_audit_get_id (audit), &error);
  if (revisions == NULL)
    return assay_cli_fail (error);
  info = assay_store_revision_info (session->store, "audits", assay_audit_get_id (audit), &error);
  if (info == NULL)
    return assay_cli_fail (error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < revisions->len; i++)
    {
      AssayRecord *record = revisions->pdata[i];
      AssayRevisionInfo notes = find_info (info, record->revision);
      g_autofree char *stamp = assay_hlc_format (record->hlc);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object = NULL;
      const char *status = NULL;
      guint graded = 0;
      gsize len;
      const char *text = assay_record_get_text (record, &len);

      if (json_parser_load_from_data (parser, text, (gssize) len, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          object = json_node_get_object (json_parser_get_root (parser));
          status = json_object_get_string_member_with_default (object, "status", NULL);
          if (json_object_has_member (object, "grades"))
            graded = json_object_get_size (json_object_get_object_member (object, "grades"));
        }

      if (session->globals->json)
        {
          json_builder_begin_object (builder);
          assay_json_add_int (builder, "revision", record->revision);
          json_builder_set_member_name (builder, "time");
          json_builder_add_string_value (builder, stamp);
          json_builder_set_member_name (builder, "author");
          json_builder_add_string_value (builder, record->author);
          json_builder_set_member_name (builder, "status");
          json_builder_add_string_value (builder, status);
          assay_json_add_int (builder, "graded", graded);
          /* The drafts' revisions dropped just before this one. */
          assay_json_add_int (builder, "compacted", notes.compacted);
          json_builder_set_member_name (builder, "exported");
          json_builder_add_boolean_value (builder, notes.exported);
          json_builder_end_object (builder);
        }
      else
        {
          if (notes.compacted > 0)
            print_compacted (record->revision, notes.compacted);
          g_print (_("revision %" G_GINT64_FORMAT "  %s  %s, %u graded\n"),
                   record->revision, stamp, status ? status : "?", graded);
        }
    }
  json_builder_end_array (builder);

  if (session->globals->json)
    assay_cli_print_json (builder);

  return ASSAY_EXIT_OK;
}
