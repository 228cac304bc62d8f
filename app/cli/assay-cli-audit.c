/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "assay-audit.h"
#include "assay-blind-rule.h"
#include "assay-caseload.h"
#include "assay-cli-private.h"
#include "assay-grades-file.h"

/*
 * `audit new|grade|finish|show|list` from the contract, plus the steps a
 * moderator needs around them: notes, actions, reopen and history. History
 * is in assay-cli-audit-history.c, the provision-line commands in
 * assay-cli-audit-lines.c.
 */

static void
session_clear (AssayCliAuditSession *session)
{
  g_clear_object (&session->frameworks);
  g_clear_object (&session->store);
  g_clear_object (&session->vault);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AssayCliAuditSession, session_clear)

static gboolean
session_open (AssayCliAuditSession  *session,
              AssayCliGlobals       *globals,
              GError               **error)
{
  session->globals = globals;
  session->vault = assay_cli_open_vault (globals, TRUE, error);
  if (session->vault == NULL)
    return FALSE;

  session->store = assay_store_new (session->vault);
  session->frameworks = assay_frameworks_new_default ();

  return TRUE;
}

AssayAudit *
assay_cli_audit_open (AssayCliAuditSession  *session,
                      const char            *id,
                      GError               **error)
{
  return assay_audit_open (session->store, session->frameworks, id, error);
}

/* For the commands that take one audit ID: parses the options, then opens
 * the audit. NULL, with *exit_code set, when either fails. */
AssayAudit *
assay_cli_audit_open_arg (AssayCliAuditSession  *session,
                          const char            *command,
                          const char            *summary,
                          GOptionEntry          *entries,
                          int                    argc,
                          char                 **argv,
                          int                   *exit_code)
{
  GError *error = NULL;
  AssayAudit *audit;

  if (!assay_cli_parse_options (_("ID"), summary, entries, &argc, &argv, exit_code))
    return NULL;

  if (argc != 2)
    {
      g_autofree char *message = g_strdup_printf (_("“audit %s” needs the audit ID"), command);

      *exit_code = assay_cli_usage_error (message);
      return NULL;
    }

  audit = assay_cli_audit_open (session, argv[1], &error);
  if (audit == NULL)
    *exit_code = assay_cli_fail (error);

  return audit;
}

static gboolean
parse_grade (const char  *text,
             AssayGrade  *grade,
             int         *exit_code)
{
  if (!assay_grade_from_token (text, grade))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a grade (use gold, silver, bronze, not-yet-bronze or n/a)"),
                         text);
      *exit_code = assay_cli_usage_error (message);
      return FALSE;
    }

  return TRUE;
}

static const char *
grade_label (AssayFramework *framework,
             AssayGrade      grade)
{
  if (grade == ASSAY_GRADE_NONE)
    return "—";

  return assay_framework_get_label (framework, grade);
}

static void
print_audit_line (AssayAudit *audit)
{
  g_autoptr(AssayGrading) grading = assay_audit_compute (audit);
  AssayFramework *framework = assay_audit_get_framework (audit);
  AssayGrade final = assay_audit_get_final (audit, NULL);
  AssayGrade shown = final != ASSAY_GRADE_NONE ? final : assay_audit_get_derived (audit, grading);

  g_print ("%.8s  %-16s %-20s %-9s %3u/%-3u %s\n",
           assay_audit_get_id (audit),
           assay_audit_get_case (audit),
           assay_framework_get_id (framework),
           assay_audit_status_to_string (assay_audit_get_status (audit)),
           grading->n_graded, grading->n_criteria,
           grade_label (framework, shown));
}

static const char *
delivered_label (AssayDelivered delivered)
{
  switch (delivered)
    {
    case ASSAY_DELIVERED_YES:
      return C_("delivered", "yes");
    case ASSAY_DELIVERED_PARTLY:
      return C_("delivered", "partly");
    case ASSAY_DELIVERED_NO:
      return C_("delivered", "no");
    case ASSAY_DELIVERED_UNSET:
    default:
      return "—";
    }
}

static gboolean
have_markers (AssayFramework *framework)
{
  for (guint i = 0; i < assay_framework_get_n_sections (framework); i++)
    {
      const AssaySection *section = assay_framework_get_section (framework, i);

      for (guint j = 0; j < section->criteria->len; j++)
        if (((const AssayCriterion *) section->criteria->pdata[j])->limiting)
          return assay_framework_get_rule (framework) == ASSAY_OVERALL_RULE_STATUTORY;
    }

  return FALSE;
}

/* Which criteria, and which provision lines, kept the grade down, and why. */
static void
print_limits (AssayAudit   *audit,
              AssayGrading *grading)
{
  AssayFramework *framework = assay_audit_get_framework (audit);

  if (grading->limited_by->len + grading->limited_by_lines->len == 0)
    return;

  g_print (_("  limited by:\n"));
  for (guint i = 0; i < grading->limited_by->len; i++)
    {
      const AssayCriterion *criterion =
        assay_framework_lookup_criterion (framework, grading->limited_by->pdata[i], NULL);
      AssayGrade grade = assay_audit_get_grade (audit, criterion->id, NULL);
      const char *kind = criterion->statutory ? _("statutory")
                         : criterion->local_rule ? _("local rule") : _("limiting");

      /* Translators: criterion id, its grade, statutory/local rule, its source */
      g_print (_("    %s at %s (%s%s%s)\n"), criterion->id, grade_label (framework, grade), kind,
               criterion->source != NULL ? ": " : "",
               criterion->source != NULL ? criterion->source : "");
    }
  for (guint i = 0; i < grading->limited_by_lines->len; i++)
    for (guint j = 0; j < assay_audit_get_n_lines (audit); j++)
      {
        AssayAuditLine line;

        assay_audit_get_line (audit, j, &line);
        if (g_strcmp0 (line.id, grading->limited_by_lines->pdata[i]) == 0)
          g_print (_("    provision line %u, delivered: %s — %s\n"), j + 1,
                   delivered_label (line.delivered), line.text);
      }
}

/* An audit the blind rule hides: that it exists, whose it is, and no more. */
static void
print_hidden_line (AssayAudit *audit)
{
  g_print ("%.8s  %-16s %-20s %-9s %s\n", assay_audit_get_id (audit),
           assay_audit_get_case (audit),
           assay_framework_get_id (assay_audit_get_framework (audit)),
           assay_audit_status_to_string (assay_audit_get_status (audit)),
           _("hidden until both blind audits are finished"));
}

static void
print_hidden (AssayAudit *audit)
{
  g_print (_("Audit %s (revision %" G_GINT64_FORMAT ")\n"),
           assay_audit_get_id (audit), assay_audit_get_revision (audit));
  g_print (_("Case reference: %s\n"), assay_audit_get_case (audit));
  g_print (_("Moderator: %s (%s)\n"), assay_audit_get_moderator (audit),
           assay_audit_get_agency (audit));
  g_print (_("Status: %s\n"), assay_audit_status_to_string (assay_audit_get_status (audit)));
  g_print (_("\nYour own audit of this plan is a blind one, or this one is, and yours is not "
             "finished:\nits grades, evidence and overall grade stay hidden until both are.\n"));
}

static void
print_audit (AssayAudit *audit)
{
  g_autoptr(AssayGrading) grading = assay_audit_compute (audit);
  AssayFramework *framework = assay_audit_get_framework (audit);
  const char *reason = NULL;
  AssayGrade final = assay_audit_get_final (audit, &reason);

  g_print (_("Audit %s (revision %" G_GINT64_FORMAT ")\n"),
           assay_audit_get_id (audit), assay_audit_get_revision (audit));
  g_print (_("Case reference: %s\n"), assay_audit_get_case (audit));
  g_print (_("Framework: %s %s, %s\n"), assay_framework_get_id (framework),
           assay_framework_get_version (framework), assay_framework_get_title (framework));
  g_print (_("Moderator: %s (%s)%s\n"), assay_audit_get_moderator (audit),
           assay_audit_get_agency (audit), assay_audit_get_blind (audit) ? _(", blind") : "");
  g_print (_("Status: %s, %u of %u criteria graded\n"),
           assay_audit_status_to_string (assay_audit_get_status (audit)),
           grading->n_graded, grading->n_criteria);
  g_print (_("Derived overall grade: %s\n"),
           grade_label (framework, assay_audit_get_derived (audit, grading)));
  print_limits (audit, grading);
  if (final != ASSAY_GRADE_NONE)
    g_print (_("Final overall grade: %s%s%s\n"), grade_label (framework, final),
             reason != NULL ? _(" — reason: ") : "", reason != NULL ? reason : "");

  for (guint i = 0; i < assay_framework_get_n_sections (framework); i++)
    {
      const AssaySection *section = assay_framework_get_section (framework, i);

      g_print ("\n%s  %s: %s\n", section->id, section->title,
               grade_label (framework, grading->sections[i]));

      for (guint j = 0; j < section->criteria->len; j++)
        {
          const AssayCriterion *criterion = section->criteria->pdata[j];
          const char *evidence = NULL;
          AssayGrade grade = assay_audit_get_grade (audit, criterion->id, &evidence);

          g_print ("  %-5s %c %-22s %s\n", criterion->id,
                   criterion->statutory ? 'S' : criterion->local_rule ? 'L' : ' ',
                   grade_label (framework, grade), criterion->text);
          if (evidence != NULL && *evidence != '\0')
            g_print ("          %s\n", evidence);
        }
    }

  if (assay_framework_has_provision_lines (framework))
    {
      g_print ("\n%s\n", _("Provision lines"));
      if (assay_audit_get_n_lines (audit) == 0)
        g_print ("  %s\n", _("none recorded yet: add one with “assay-cli audit line add”"));
      for (guint i = 0; i < assay_audit_get_n_lines (audit); i++)
        {
          AssayAuditLine line;

          assay_audit_get_line (audit, i, &line);
          g_print ("  %u  %.8s  %-8s %s\n", i + 1, line.id, delivered_label (line.delivered),
                   line.text);
          if (line.observed != NULL && *line.observed != '\0')
            g_print ("              %s %s\n", _("observed:"), line.observed);
          if (line.staff != NULL && *line.staff != '\0')
            g_print ("              %s %s\n", _("staff:"), line.staff);
          if (line.evidence != NULL && *line.evidence != '\0')
            g_print ("              %s %s\n", _("evidence:"), line.evidence);
        }
    }

  if (have_markers (framework))
    g_print ("\n%s\n", _("S: statutory criterion, which limits the grade; L: the partnership’s "
                          "local rule, which limits it too."));

  {
    static const char * const fields[] = {
      ASSAY_AUDIT_STRENGTHS, ASSAY_AUDIT_DEVELOPMENT, ASSAY_AUDIT_FEEDBACK
    };
    const char *titles[] = {
      _("Strengths"), _("Areas for development"), _("Feedback to the author")
    };

    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      {
        const char *text = assay_audit_get_text (audit, fields[i]);

        if (text != NULL && *text != '\0')
          g_print ("\n%s:\n  %s\n", titles[i], text);
      }
  }
}

void
assay_cli_audit_print_json (AssayAudit *audit,
                            gboolean    with_grades)
{
  g_autoptr(JsonNode) root = assay_audit_to_json (audit, with_grades);

  assay_cli_print_node (root);
}

static int
audit_new (AssayCliAuditSession  *session,
           int                    argc,
           char                 **argv)
{
  g_autofree char *case_ref = NULL;
  g_autofree char *framework_id = NULL;
  g_autofree char *version = NULL;
  gboolean blind = FALSE;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_ref, N_("The plan’s case reference"), N_("REF") },
    { "framework", 0, 0, G_OPTION_ARG_STRING, &framework_id, N_("The framework id"), N_("ID") },
    { "version", 0, 0, G_OPTION_ARG_STRING, &version,
      N_("A framework version (default: the newest)"), N_("VERSION") },
    { "blind", 0, 0, G_OPTION_ARG_NONE, &blind,
      N_("A second, blind audit: other moderators’ grades stay hidden until both finish"), NULL },
    { NULL }
  };
  g_autoptr(AssayFramework) framework = NULL;
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(JsonObject) fields = NULL;
  GError *error = NULL;
  int exit_code;

  if (!assay_cli_parse_options (NULL, _("Start an audit of a plan and print its id."),
                                entries, &argc, &argv, &exit_code))
    return exit_code;

  if (case_ref == NULL || framework_id == NULL)
    return assay_cli_usage_error (_("“audit new” needs --case REF and --framework ID"));

  framework = assay_frameworks_lookup (session->frameworks, framework_id, version, &error);
  if (framework == NULL)
    return assay_cli_fail (error);

  if (!assay_caseload_lookup (session->store, case_ref, &fields, &error))
    {
      if (error != NULL)
        return assay_cli_fail (error);
      g_printerr (_("assay-cli: note: plan %s is not in the caseload\n"), case_ref);
    }

  /* The caseload was read once already: the audit keeps what it said. */
  audit = assay_audit_create_for_case (session->store, framework, case_ref, fields, blind,
                                       &error);
  if (audit == NULL)
    return assay_cli_fail (error);

  if (session->globals->json)
    assay_cli_audit_print_json (audit, FALSE);
  else
    g_print ("%s\n", assay_audit_get_id (audit));

  return ASSAY_EXIT_OK;
}

/* `audit grade ID --from FILE`: the whole file is read and checked before
 * the audit is touched, and its grades are set in one revision or not at all. */
static int
audit_grade_from (AssayCliAuditSession  *session,
                  const char            *id,
                  const char            *path)
{
  g_autoptr(AssayGradesFile) file = NULL;
  g_autoptr(AssayAudit) audit = NULL;
  GError *error = NULL;
  guint n_entries = 0;

  file = assay_grades_file_read (path, &error);
  if (file == NULL)
    return assay_cli_fail (error);

  audit = assay_cli_audit_open (session, id, &error);
  if (audit == NULL || !assay_grades_file_apply (file, audit, &error))
    return assay_cli_fail (error);

  if (session->globals->json)
    assay_cli_audit_print_json (audit, TRUE);
  else
    {
      assay_grades_file_get_entries (file, &n_entries);
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u grade set\n", "%u grades set\n", n_entries),
               n_entries);
    }

  return ASSAY_EXIT_OK;
}

static int
audit_grade (AssayCliAuditSession  *session,
             int                    argc,
             char                 **argv)
{
  g_autofree char *evidence = NULL;
  g_autofree char *from = NULL;
  GOptionEntry entries[] = {
    { "evidence", 0, 0, G_OPTION_ARG_STRING, &evidence,
      N_("What in the plan supports the grade"), N_("TEXT") },
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from,
      N_("Set many grades at once from a CSV or JSON file of criterion, grade and evidence"),
      N_("FILE") },
    { NULL }
  };
  g_autoptr(AssayAudit) audit = NULL;
  GError *error = NULL;
  AssayGrade grade;
  int exit_code;

  if (!assay_cli_parse_options (_("ID CRITERION GRADE | ID --from FILE"),
                                _("Grade one criterion: gold, silver, bronze, not-yet-bronze "
                                  "or n/a. With --from, grade many from a CSV file (columns "
                                  "criterion, grade, evidence) or a JSON array of "
                                  "{\"criterion\", \"grade\", \"evidence\"}, all or none."),
                                entries, &argc, &argv, &exit_code))
    return exit_code;

  if (from != NULL)
    {
      if (argc != 2 || evidence != NULL)
        return assay_cli_usage_error (_("“audit grade --from FILE” needs the audit’s ID only"));

      return audit_grade_from (session, argv[1], from);
    }

  if (argc != 4)
    return assay_cli_usage_error (_("“audit grade” needs ID CRITERION GRADE"));

  if (!parse_grade (argv[3], &grade, &exit_code))
    return exit_code;

  audit = assay_cli_audit_open (session, argv[1], &error);
  if (audit == NULL || !assay_audit_set_grade (audit, argv[2], grade, evidence, &error))
    return assay_cli_fail (error);

  if (session->globals->json)
    assay_cli_audit_print_json (audit, TRUE);

  return ASSAY_EXIT_OK;
}

static int
audit_finish (AssayCliAuditSession  *session,
              int                    argc,
              char                 **argv)
{
  g_autofree char *overall = NULL;
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "overall", 0, 0, G_OPTION_ARG_STRING, &overall,
      N_("Override the derived overall grade (needs --reason)"), N_("GRADE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the grade is overridden"),
      N_("TEXT") },
    { NULL }
  };
  g_autoptr(AssayAudit) audit = NULL;
  GError *error = NULL;
  AssayGrade grade = ASSAY_GRADE_NONE;
  int exit_code;

  if (!assay_cli_parse_options (_("ID"),
                                _("Complete an audit. The overall grade is derived unless "
                                  "overridden with a reason; both are kept."),
                                entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc != 2)
    return assay_cli_usage_error (_("“audit finish” needs the audit ID"));

  if (overall != NULL && !parse_grade (overall, &grade, &exit_code))
    return exit_code;

  audit = assay_cli_audit_open (session, argv[1], &error);
  if (audit == NULL || !assay_audit_finish (audit, grade, reason, &error))
    return assay_cli_fail (error);

  if (session->globals->json)
    assay_cli_audit_print_json (audit, FALSE);
  else
    {
      const char *final_reason = NULL;
      AssayGrade final = assay_audit_get_final (audit, &final_reason);

      g_print (_("Finished audit %s: %s\n"), assay_audit_get_id (audit),
               grade_label (assay_audit_get_framework (audit), final));
    }

  return ASSAY_EXIT_OK;
}

static int
audit_show (AssayCliAuditSession  *session,
            int                    argc,
            char                 **argv)
{
  g_autoptr(AssayAudit) audit = NULL;
  GError *error = NULL;
  gboolean hidden;
  int exit_code;

  audit = assay_cli_audit_open_arg (session, "show", _("Show an audit with every grade."),
                                    NULL, argc, argv, &exit_code);
  if (audit == NULL)
    return exit_code;

  hidden = assay_blind_rule_hides_in_store (session->store, session->frameworks, audit, &error);
  if (error != NULL)
    return assay_cli_fail (error);

  if (session->globals->json)
    {
      g_autoptr(JsonNode) root = hidden ? assay_audit_to_json_hidden (audit, TRUE)
                                        : assay_audit_to_json (audit, TRUE);

      assay_cli_print_node (root);
    }
  else if (hidden)
    print_hidden (audit);
  else
    print_audit (audit);

  return ASSAY_EXIT_OK;
}

static int
audit_list (AssayCliAuditSession  *session,
            int                    argc,
            char                 **argv)
{
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(AssayBlindRule) blind = NULL;
  GError *error = NULL;
  int exit_code;

  if (!assay_cli_parse_options (NULL, _("List every audit."), NULL, &argc, &argv, &exit_code))
    return exit_code;

  if (argc != 1)
    return assay_cli_usage_error (_("“audit list” takes no arguments"));

  audits = assay_audit_list_readable (session->store, session->frameworks, &missing, &error);
  if (audits == NULL)
    return assay_cli_fail (error);

  blind = assay_blind_rule_new (audits);

  if (session->globals->json)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      /* Written as text, audit by audit: 100,000 audits are never held
       * as JSON at once. */
      fputs ("[", stdout);
      for (guint i = 0; i < audits->len; i++)
        {
          AssayJsonWriter writer;

          g_string_assign (text, i > 0 ? ",\n" : "\n");
          assay_json_writer_init (&writer, text, 1);
          assay_audit_write_json (audits->pdata[i],
                                  assay_blind_rule_hides (blind, audits->pdata[i]), &writer);
          assay_json_writer_clear (&writer);
          fwrite (text->str, 1, text->len, stdout);
        }
      fputs (audits->len > 0 ? "\n]\n" : "]\n", stdout);
    }
  else if (audits->len == 0 && missing->len == 0)
    {
      g_printerr (_("No audits yet: start one with “assay-cli audit new”.\n"));
    }
  else
    {
      for (guint i = 0; i < audits->len; i++)
        if (assay_blind_rule_hides (blind, audits->pdata[i]))
          print_hidden_line (audits->pdata[i]);
        else
          print_audit_line (audits->pdata[i]);
    }

  assay_cli_note_missing_frameworks (missing);

  return ASSAY_EXIT_OK;
}

static int
audit_note (AssayCliAuditSession  *session,
            int                    argc,
            char                 **argv)
{
  g_autofree char *strengths = NULL;
  g_autofree char *development = NULL;
  g_autofree char *feedback = NULL;
  GOptionEntry entries[] = {
    { "strengths", 0, 0, G_OPTION_ARG_STRING, &strengths, N_("The plan’s strengths"),
      N_("TEXT") },
    { "development", 0, 0, G_OPTION_ARG_STRING, &development, N_("Areas for development"),
      N_("TEXT") },
    { "feedback", 0, 0, G_OPTION_ARG_STRING, &feedback, N_("Feedback to the plan’s author"),
      N_("TEXT") },
    { NULL }
  };
  g_autoptr(AssayAudit) audit = NULL;
  GError *error = NULL;
  int exit_code;

  audit = assay_cli_audit_open_arg (session, "note",
                                    _("Write the strengths, areas for development and feedback."),
                                    entries, argc, argv, &exit_code);
  if (audit == NULL)
    return exit_code;

  if ((strengths != NULL &&
       !assay_audit_set_text (audit, ASSAY_AUDIT_STRENGTHS, strengths, &error)) ||
      (development != NULL &&
       !assay_audit_set_text (audit, ASSAY_AUDIT_DEVELOPMENT, development, &error)) ||
      (feedback != NULL &&
       !assay_audit_set_text (audit, ASSAY_AUDIT_FEEDBACK, feedback, &error)))
    return assay_cli_fail (error);

  return ASSAY_EXIT_OK;
}

static int
audit_action (AssayCliAuditSession  *session,
              int                    argc,
              char                 **argv)
{
  g_autofree char *what = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *due = NULL;
  GOptionEntry entries[] = {
    { "what", 0, 0, G_OPTION_ARG_STRING, &what, N_("What is to be done"), N_("TEXT") },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, N_("Who will do it"), N_("NAME") },
    { "due", 0, 0, G_OPTION_ARG_STRING, &due, N_("By when (2026-03-14)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(AssayAudit) audit = NULL;
  GError *error = NULL;
  int exit_code;

  audit = assay_cli_audit_open_arg (session, "action",
                                    _("Add an action with an owner and a due date."),
                                    entries, argc, argv, &exit_code);
  if (audit == NULL)
    return exit_code;

  if (!assay_audit_add_action (audit, what, owner, due, &error))
    return assay_cli_fail (error);

  return ASSAY_EXIT_OK;
}

static int
audit_reopen (AssayCliAuditSession  *session,
              int                    argc,
              char                 **argv)
{
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the audit is reopened"),
      N_("TEXT") },
    { NULL }
  };
  g_autoptr(AssayAudit) audit = NULL;
  GError *error = NULL;
  int exit_code;

  audit = assay_cli_audit_open_arg (session, "reopen",
                                    _("Make a finished audit editable again; the reason is "
                                      "recorded."),
                                    entries, argc, argv, &exit_code);
  if (audit == NULL)
    return exit_code;

  if (!assay_audit_reopen (audit, reason, &error))
    return assay_cli_fail (error);

  return ASSAY_EXIT_OK;
}
typedef int (*AuditFunc) (AssayCliAuditSession  *session,
                          int       argc,
                          char    **argv);

static const struct
{
  const char *name;
  AuditFunc   func;
} subcommands[] = {
  { "new", audit_new },
  { "grade", audit_grade },
  { "finish", audit_finish },
  { "show", audit_show },
  { "list", audit_list },
  { "note", audit_note },
  { "action", audit_action },
  { "reopen", audit_reopen },
  { "history", assay_cli_audit_history },
  { "line", assay_cli_audit_line },
  { "erase", assay_cli_audit_erase },
};

int
assay_cli_cmd_audit (AssayCliGlobals  *globals,
                     int               argc,
                     char            **argv)
{
  g_auto(AssayCliAuditSession) session = { 0 };
  GError *error = NULL;

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      g_print (_("Usage:\n"
                 "  assay-cli audit new --case REF --framework ID [--blind]\n"
                 "  assay-cli audit grade ID CRITERION GRADE [--evidence TEXT]\n"
                 "  assay-cli audit grade ID --from FILE.csv|FILE.json\n"
                 "  assay-cli audit note ID [--strengths TEXT] [--development TEXT] "
                 "[--feedback TEXT]\n"
                 "  assay-cli audit action ID --what TEXT --owner NAME [--due DATE]\n"
                 "  assay-cli audit finish ID [--overall GRADE --reason TEXT]\n"
                 "  assay-cli audit reopen ID --reason TEXT\n"
                 "  assay-cli audit show ID [--json]\n"
                 "  assay-cli audit list [--json]\n"
                 "  assay-cli audit history ID [--json]\n"
                 "  assay-cli audit line add ID --text TEXT\n"
                 "  assay-cli audit line set ID LINE --delivered yes|partly|no "
                 "[--observed TEXT] [--staff TEXT] [--evidence TEXT]\n"
                 "  assay-cli audit line remove ID LINE\n"
                 "  assay-cli audit erase --case REF --reason TEXT [--yes]\n\n"
                 "ID may be the first characters of an audit’s id.\n"
                 "Grades: gold, silver, bronze, not-yet-bronze, n/a.\n"));
      return argc < 2 ? ASSAY_EXIT_USAGE : ASSAY_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      if (!g_str_equal (argv[1], subcommands[i].name))
        continue;

      /* Help needs no passphrase. */
      if (!g_strv_contains ((const char * const *) argv, "--help") &&
          !g_strv_contains ((const char * const *) argv, "-h") &&
          !session_open (&session, globals, &error))
        return assay_cli_fail (error);

      return subcommands[i].func (&session, argc - 1, argv + 1);
    }

  {
    g_autofree char *message = g_strdup_printf (_("Unknown audit command “%s”"), argv[1]);
    return assay_cli_usage_error (message);
  }
}
