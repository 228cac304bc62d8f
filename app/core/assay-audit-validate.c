/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit-validate"

#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-agreed-grade.h"
#include "assay-audit-private.h"
#include "assay-audit-validate.h"
#include "assay-json-util.h"

/*
 * What a record must look like before an import may store it. Everything
 * that reads audits here forgives a damaged payload (a member of the wrong
 * type reads as absent), which is right for this installation's own
 * records and wrong for a colleague's: an audit whose grades or derived
 * grade this Assay would never have written must be refused at the door,
 * not shown in the forum's figures. The grading itself is not repeated
 * here: the payload is read as an AssayAudit and graded by the audit code.
 *
 * Longer than the ~800 lines files aim for: every check writes its own
 * message naming the record and field, and they read best in one place.
 * The agreement checks are the seam to split along when it grows.
 */

G_DEFINE_QUARK (assay-validate-error-quark, assay_validate_error)

typedef struct
{
  const AssayRecord *record;
  gboolean           agreement;  /* else an audit */
  const char        *case_ref;   /* once read */
  GError           **error;
  GPtrArray         *shown;      /* what shown() made, freed with the check */
} Check;

static void
check_clear (Check *check)
{
  g_clear_pointer (&check->shown, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Check, check_clear)

/*
 * @text from the payload as a message may quote it: whoever wrote the
 * payload chose it, and the message goes to a terminal that would obey an
 * escape sequence in it. Valid UTF-8, control and format characters
 * replaced, at most 64 characters; it lives as long as @check.
 */
static const char *
shown (Check      *check,
       const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type;

      if (++n > 64)
        {
          g_string_append (out, "…");
          break;
        }

      type = g_unichar_type (c);
      if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT ||
          type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR)
        c = 0xFFFD;
      g_string_append_unichar (out, c);
    }

  if (check->shown == NULL)
    check->shown = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (check->shown, g_string_free (out, FALSE));

  return g_ptr_array_index (check->shown, check->shown->len - 1);
}

static gboolean refuse (Check              *check,
                        AssayValidateError  code,
                        const char         *format,
                        ...) G_GNUC_PRINTF (3, 4);

/* Always FALSE, so that a check can end with `return refuse (...)`. */
static gboolean
refuse (Check              *check,
        AssayValidateError  code,
        const char         *format,
        ...)
{
  g_autofree char *detail = NULL;
  const AssayRecord *record = check->record;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (check->agreement && check->case_ref != NULL)
    g_set_error (check->error, ASSAY_VALIDATE_ERROR, code,
                 /* Translators: a record id, its revision, a case reference, what is wrong */
                 _("Agreement %s (revision %" G_GINT64_FORMAT ") of case %s: %s"),
                 record->id, record->revision, check->case_ref, detail);
  else if (check->agreement)
    g_set_error (check->error, ASSAY_VALIDATE_ERROR, code,
                 _("Agreement %s (revision %" G_GINT64_FORMAT "): %s"),
                 record->id, record->revision, detail);
  else if (check->case_ref != NULL)
    g_set_error (check->error, ASSAY_VALIDATE_ERROR, code,
                 /* Translators: a record id, its revision, a case reference, what is wrong */
                 _("Audit %s (revision %" G_GINT64_FORMAT ") of case %s: %s"),
                 record->id, record->revision, check->case_ref, detail);
  else
    g_set_error (check->error, ASSAY_VALIDATE_ERROR, code,
                 _("Audit %s (revision %" G_GINT64_FORMAT "): %s"),
                 record->id, record->revision, detail);

  return FALSE;
}

typedef enum
{
  OPTIONAL,   /* absent or null is fine */
  REQUIRED,
  NONEMPTY,   /* required, and a string with more than spaces */
} Need;

typedef enum
{
  TYPE_STRING,
  TYPE_BOOLEAN,
  TYPE_OBJECT,
  TYPE_ARRAY,
} Type;

static gboolean
holds_type (JsonNode *node,
            Type      type)
{
  switch (type)
    {
    case TYPE_STRING:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
    case TYPE_BOOLEAN:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
    case TYPE_OBJECT:
      return JSON_NODE_HOLDS_OBJECT (node);
    case TYPE_ARRAY:
    default:
      return JSON_NODE_HOLDS_ARRAY (node);
    }
}

static const char *
type_problem (Type type)
{
  switch (type)
    {
    case TYPE_STRING:
      return _("is not a string");
    case TYPE_BOOLEAN:
      return _("is not true or false");
    case TYPE_OBJECT:
      return _("is not an object");
    case TYPE_ARRAY:
    default:
      return _("is not an array");
    }
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || strspn (text, " \t\r\n") == strlen (text);
}

/*
 * @object's @member as @type into @node (NULL when absent or null and
 * @need allows it). @parent names where @object is in the payload for the
 * message ("overall", "provision line 2"), or NULL at the top.
 */
static gboolean
read_member (Check       *check,
             JsonObject  *object,
             const char  *parent,
             const char  *member,
             Need         need,
             Type         type,
             JsonNode   **node)
{
  const char *problem = NULL;
  JsonNode *found = json_object_get_member (object, member);

  *node = NULL;

  if (found == NULL || JSON_NODE_HOLDS_NULL (found))
    {
      if (need == OPTIONAL)
        return TRUE;
      problem = _("is missing");
    }
  else if (!holds_type (found, type))
    problem = type_problem (type);
  else if (need == NONEMPTY && type == TYPE_STRING && is_blank (json_node_get_string (found)))
    problem = _("is empty");

  if (problem == NULL)
    {
      *node = found;
      return TRUE;
    }

  if (parent != NULL)
    /* Translators: where in the record, a member's name, then what is wrong with it */
    return refuse (check, ASSAY_VALIDATE_ERROR_MALFORMED, _("%s: member “%s” %s"),
                   parent, member, problem);

  return refuse (check, ASSAY_VALIDATE_ERROR_MALFORMED, _("member “%s” %s"), member, problem);
}

static gboolean
read_string (Check       *check,
             JsonObject  *object,
             const char  *parent,
             const char  *member,
             Need         need,
             const char **value)
{
  JsonNode *node;

  if (!read_member (check, object, parent, member, need, TYPE_STRING, &node))
    return FALSE;

  if (value != NULL)
    *value = node != NULL ? json_node_get_string (node) : NULL;

  return TRUE;
}

/* Every member of @members (NULL-terminated) an optional string. */
static gboolean
read_optional_strings (Check             *check,
                       JsonObject        *object,
                       const char        *parent,
                       const char * const *members)
{
  for (guint i = 0; members[i] != NULL; i++)
    if (!read_string (check, object, parent, members[i], OPTIONAL, NULL))
      return FALSE;

  return TRUE;
}

/* Only the exact tokens an Assay writes: the forgiving spellings people
 * type ("Gold", "NA") are for input, never in a stored audit. */
static gboolean
parse_grade_token (const char *token,
                   AssayGrade *grade)
{
  return assay_grade_from_token (token, grade) &&
         g_strcmp0 (assay_grade_to_token (*grade), token) == 0;
}

static const char *
grade_or_none (AssayGrade grade)
{
  const char *token = assay_grade_to_token (grade);

  return token != NULL ? token : C_("grade", "none");
}

/* The payload of a record that must be of @collection, as a JSON object;
 * NULL after refusing it. */
static JsonNode *
open_payload (Check      *check,
              const char *collection)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *text;
  gsize len;

  if (g_strcmp0 (check->record->collection, collection) != 0)
    {
      refuse (check, ASSAY_VALIDATE_ERROR_MALFORMED,
              _("the record is in the collection “%s”, not “%s”"),
              shown (check, check->record->collection), collection);
      return NULL;
    }

  if (check->record->payload != NULL)
    {
      text = assay_record_get_text (check->record, &len);
      /* An empty text parses, to no root at all. */
      if (json_parser_load_from_data (parser, text, (gssize) len, NULL) &&
          json_parser_get_root (parser) != NULL &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        return json_node_ref (json_parser_get_root (parser));
    }

  refuse (check, ASSAY_VALIDATE_ERROR_MALFORMED, _("the payload is not a JSON object"));

  return NULL;
}

/* A record claims to be by the identity @member names: the one that
 * signed it, or it would pass one colleague's judgement off as another's. */
static gboolean
require_author (Check      *check,
                JsonObject *object,
                const char *member)
{
  const char *claimed;

  if (!read_string (check, object, NULL, member, NONEMPTY, &claimed))
    return FALSE;

  if (check->record->author != NULL && g_ascii_strcasecmp (claimed, check->record->author) == 0)
    return TRUE;

  return refuse (check, ASSAY_VALIDATE_ERROR_MISMATCH,
                 _("member “%s” names another identity than the record’s author"), member);
}

/* The audit's members besides grades, lines and the overall grade. */
typedef struct
{
  const char       *framework;
  const char       *version;
  const char       *digest;
  AssayAuditStatus  status;
} Header;

static gboolean
check_header (Check      *check,
              JsonObject *object,
              Header     *header)
{
  static const char * const optional_strings[] = {
    "kind", "moderator", "agency", "created", "updated", "finished", "strengths",
    "development", "feedback", "duplicated_from", NULL
  };
  const char *case_ref, *id, *status;
  JsonNode *blind;
  gboolean known = FALSE;

  /* The case first: every later message names it. */
  if (!read_string (check, object, NULL, "case", NONEMPTY, &case_ref))
    return FALSE;
  check->case_ref = shown (check, case_ref);

  /* Audits keep their id in the record alone; one that also states it
   * must state the same. */
  if (!read_string (check, object, NULL, "id", OPTIONAL, &id))
    return FALSE;
  if (id != NULL && g_strcmp0 (id, check->record->id) != 0)
    return refuse (check, ASSAY_VALIDATE_ERROR_MISMATCH,
                   _("member “id” is %s, not the record’s id"), shown (check, id));

  if (!read_string (check, object, NULL, "framework", NONEMPTY, &header->framework) ||
      !read_string (check, object, NULL, "framework_version", NONEMPTY, &header->version) ||
      !read_string (check, object, NULL, "framework_digest", OPTIONAL, &header->digest))
    return FALSE;
  if (!assay_version_is_valid (header->version))
    return refuse (check, ASSAY_VALIDATE_ERROR_MALFORMED,
                   _("member “framework_version”: “%s” is not a version like 2026.1"),
                   shown (check, header->version));

  if (!read_string (check, object, NULL, "status", NONEMPTY, &status))
    return FALSE;
  for (guint i = ASSAY_AUDIT_STATUS_DRAFT; i <= ASSAY_AUDIT_STATUS_AGREED && !known; i++)
    if (g_str_equal (status, assay_audit_status_to_string ((AssayAuditStatus) i)))
      {
        header->status = (AssayAuditStatus) i;
        known = TRUE;
      }
  if (!known)
    return refuse (check, ASSAY_VALIDATE_ERROR_MALFORMED,
                   _("member “status”: “%s” is not draft, finished, moderated or agreed"),
                   shown (check, status));

  if (!require_author (check, object, "moderator_id"))
    return FALSE;

  return read_member (check, object, NULL, "blind", OPTIONAL, TYPE_BOOLEAN, &blind) &&
         read_optional_strings (check, object, NULL, optional_strings);
}

/* The facts of the case decide where N/A is refused, so a fact of the
 * wrong type must not quietly read as "not so". */
static gboolean
check_case_snapshot (Check      *check,
                     JsonObject *object)
{
  static const char * const strings[] = { "phase", "nc_year", "key_stage", NULL };
  JsonNode *snapshot, *in_care;

  if (!read_member (check, object, NULL, "case_snapshot", OPTIONAL, TYPE_OBJECT, &snapshot))
    return FALSE;
  if (snapshot == NULL)
    return TRUE;

  return read_member (check, json_node_get_object (snapshot), "case_snapshot", "child_in_care",
                      OPTIONAL, TYPE_BOOLEAN, &in_care) &&
         read_optional_strings (check, json_node_get_object (snapshot), "case_snapshot", strings);
}

/* "criterion a1 of section S1", or without its section where the
 * framework is not known. */
static char *
criterion_label (Check          *check,
                 AssayFramework *framework,
                 const char     *id)
{
  guint section_index;

  if (framework != NULL && assay_framework_lookup_criterion (framework, id, &section_index))
    return g_strdup_printf (_("criterion %s of section %s"), id,
                            assay_framework_get_section (framework, section_index)->id);

  return g_strdup_printf (_("criterion %s"), shown (check, id));
}

static gboolean
check_allowed (Check                *check,
               const char           *label,
               const AssayCriterion *criterion,
               AssayGrade            grade,
               guint                 conditions)
{
  g_autoptr(GString) allowed = NULL;

  if (grade == ASSAY_GRADE_NA)
    {
      guint why = criterion->required_when & conditions;

      if (!criterion->na)
        return refuse (check, ASSAY_VALIDATE_ERROR_BAD_GRADE,
                       _("%s: N/A is not allowed for this criterion"), label);
      if (why & ASSAY_CASE_CHILD_IN_CARE)
        return refuse (check, ASSAY_VALIDATE_ERROR_BAD_GRADE,
                       _("%s: N/A is not allowed, the case is a child in care"), label);
      if (why != 0)
        return refuse (check, ASSAY_VALIDATE_ERROR_BAD_GRADE,
                       _("%s: N/A is not allowed, the young person is in Year 9 or above"),
                       label);
      return TRUE;
    }

  if (assay_criterion_allows (criterion, grade))
    return TRUE;

  allowed = g_string_new (NULL);
  for (AssayGrade g = ASSAY_GRADE_GOLD; g >= ASSAY_GRADE_NOT_YET_BRONZE; g--)
    if (assay_criterion_allows (criterion, g))
      g_string_append_printf (allowed, "%s%s", allowed->len > 0 ? ", " : "",
                              assay_grade_to_token (g));

  return refuse (check, ASSAY_VALIDATE_ERROR_BAD_GRADE,
                 _("%s: grade “%s” is not one it allows (%s)"),
                 label, assay_grade_to_token (grade), allowed->str);
}

/* @audit is NULL when the framework version is not installed: then only
 * the grade tokens can be checked. */
static gboolean
check_grades (Check      *check,
              JsonObject *object,
              AssayAudit *audit)
{
  AssayFramework *framework = audit != NULL ? assay_audit_get_framework (audit) : NULL;
  guint conditions = audit != NULL ? assay_audit_get_case_conditions (audit) : 0;
  g_autoptr(GList) members = NULL;
  JsonNode *grades;

  if (!read_member (check, object, NULL, "grades", REQUIRED, TYPE_OBJECT, &grades))
    return FALSE;

  members = json_object_get_members (json_node_get_object (grades));
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *id = l->data;
      g_autofree char *label = criterion_label (check, framework, id);
      JsonNode *entry = json_object_get_member (json_node_get_object (grades), id);
      const AssayCriterion *criterion = NULL;
      const char *token;
      AssayGrade grade;

      if (framework != NULL)
        {
          criterion = assay_framework_lookup_criterion (framework, id, NULL);
          if (criterion == NULL)
            return refuse (check, ASSAY_VALIDATE_ERROR_UNKNOWN_CRITERION,
                           _("grades: framework %s %s has no criterion “%s”"),
                           assay_framework_get_id (framework),
                           assay_framework_get_version (framework), shown (check, id));
        }

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        return refuse (check, ASSAY_VALIDATE_ERROR_MALFORMED,
                       _("grades: %s is not an object"), label);

      if (!read_string (check, json_node_get_object (entry), label, "evidence", OPTIONAL, NULL) ||
          !read_string (check, json_node_get_object (entry), label, "grade", OPTIONAL, &token))
        return FALSE;

      if (token == NULL)
        continue;  /* evidence written before the grade */

      if (!parse_grade_token (token, &grade))
        return refuse (check, ASSAY_VALIDATE_ERROR_BAD_GRADE,
                       _("%s: grade “%s” is not a grade"), label,
                       shown (check, token));

      if (criterion != NULL && !check_allowed (check, label, criterion, grade, conditions))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_lines (Check          *check,
             JsonObject     *object,
             AssayFramework *framework)
{
  static const char * const strings[] = { "observed", "staff", "evidence", NULL };
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *node;
  JsonArray *lines;

  if (!read_member (check, object, NULL, "lines", OPTIONAL, TYPE_ARRAY, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  lines = json_node_get_array (node);
  if (json_array_get_length (lines) > 0 && framework != NULL &&
      !assay_framework_has_provision_lines (framework))
    return refuse (check, ASSAY_VALIDATE_ERROR_MALFORMED,
                   _("member “lines”: framework %s %s has no provision lines"),
                   assay_framework_get_id (framework), assay_framework_get_version (framework));

  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      /* Numbered from 1, as `audit line set` numbers them. */
      g_autofree char *label = g_strdup_printf (_("provision line %u"), i + 1);
      JsonObject *line = _assay_audit_line_at (lines, i);
      const char *id, *delivered;
      AssayDelivered value;

      if (line == NULL)
        return refuse (check, ASSAY_VALIDATE_ERROR_MALFORMED, _("%s is not an object"), label);

      if (!read_string (check, line, label, "id", NONEMPTY, &id) ||
          !read_string (check, line, label, "text", NONEMPTY, NULL) ||
          !read_string (check, line, label, "delivered", OPTIONAL, &delivered) ||
          !read_optional_strings (check, line, label, strings))
        return FALSE;

      if (!g_hash_table_add (ids, (gpointer) id))
        return refuse (check, ASSAY_VALIDATE_ERROR_MALFORMED,
                       _("%s: its id %s is another line’s too"), label,
                       shown (check, id));

      if (delivered != NULL && !assay_delivered_from_token (delivered, &value))
        return refuse (check, ASSAY_VALIDATE_ERROR_MALFORMED,
                       _("%s: delivered “%s” is not yes, partly or no"), label,
                       shown (check, delivered));
    }

  return TRUE;
}

/* The actions or the events: an array of objects, each with @nonempty
 * strings and @optional ones. */
static gboolean
check_entries (Check              *check,
               JsonObject         *object,
               gboolean            actions,
               const char * const *nonempty,
               const char * const *optional)
{
  const char *member = actions ? "actions" : "events";
  JsonNode *node;
  JsonArray *entries;

  if (!read_member (check, object, NULL, member, OPTIONAL, TYPE_ARRAY, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  entries = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *entry = json_array_get_element (entries, i);
      /* Translators: %u numbers an audit's actions, and its events, from 1 */
      g_autofree char *label = actions ? g_strdup_printf (_("action %u"), i + 1)
                                       : g_strdup_printf (_("event %u"), i + 1);

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        return refuse (check, ASSAY_VALIDATE_ERROR_MALFORMED, _("%s is not an object"), label);

      for (guint j = 0; nonempty[j] != NULL; j++)
        if (!read_string (check, json_node_get_object (entry), label, nonempty[j], NONEMPTY,
                          NULL))
          return FALSE;
      if (!read_optional_strings (check, json_node_get_object (entry), label, optional))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_actions_and_events (Check      *check,
                          JsonObject *object)
{
  static const char * const action_needs[] = { "what", "owner", NULL };
  static const char * const action_may[] = { "due", NULL };
  static const char * const event_needs[] = { "event", NULL };
  static const char * const event_may[] = { "at", "by", "reason", NULL };

  return check_entries (check, object, TRUE, action_needs, action_may) &&
         check_entries (check, object, FALSE, event_needs, event_may);
}

static gboolean
check_pending_override (Check      *check,
                        JsonObject *object)
{
  JsonNode *node;
  const char *token;
  AssayGrade grade;

  if (!read_member (check, object, NULL, "pending_override", OPTIONAL, TYPE_OBJECT, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!read_string (check, json_node_get_object (node), "pending_override", "reason", OPTIONAL,
                    NULL) ||
      !read_string (check, json_node_get_object (node), "pending_override", "grade", OPTIONAL,
                    &token))
    return FALSE;

  if (token != NULL && (!parse_grade_token (token, &grade) || !ASSAY_GRADE_IS_SCORED (grade)))
    return refuse (check, ASSAY_VALIDATE_ERROR_BAD_GRADE,
                   _("pending_override: grade “%s” is not gold, silver, bronze or "
                     "not-yet-bronze"), shown (check, token));

  return TRUE;
}

/* The overall grade as the audit records it when finished: required then,
 * and kept (stale) by a draft that was reopened. @derived is NONE when
 * there is no overall grade. */
static gboolean
check_overall (Check            *check,
               JsonObject       *object,
               AssayAuditStatus  status,
               AssayGrade       *derived)
{
  JsonObject *overall;
  JsonNode *node;
  const char *derived_token, *final_token, *reason;
  AssayGrade final;

  *derived = ASSAY_GRADE_NONE;

  if (!read_member (check, object, NULL, "overall",
                    status == ASSAY_AUDIT_STATUS_DRAFT ? OPTIONAL : REQUIRED, TYPE_OBJECT, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  overall = json_node_get_object (node);
  if (!read_string (check, overall, "overall", "derived", REQUIRED, &derived_token) ||
      !read_string (check, overall, "overall", "final", REQUIRED, &final_token) ||
      !read_string (check, overall, "overall", "reason", OPTIONAL, &reason))
    return FALSE;

  if (!parse_grade_token (derived_token, derived))
    return refuse (check, ASSAY_VALIDATE_ERROR_BAD_GRADE,
                   _("overall: derived grade “%s” is not a grade"),
                   shown (check, derived_token));
  if (!parse_grade_token (final_token, &final))
    return refuse (check, ASSAY_VALIDATE_ERROR_BAD_GRADE,
                   _("overall: final grade “%s” is not a grade"),
                   shown (check, final_token));

  if (final == *derived)
    return TRUE;

  if (!ASSAY_GRADE_IS_SCORED (final))
    return refuse (check, ASSAY_VALIDATE_ERROR_BAD_GRADE,
                   _("overall: final grade %s overrides the derived %s, and only gold, silver, "
                     "bronze or not-yet-bronze can"), final_token, derived_token);

  if (is_blank (reason))
    return refuse (check, ASSAY_VALIDATE_ERROR_REASON_REQUIRED,
                   _("overall: final grade %s overrides the derived %s with no reason"),
                   final_token, derived_token);

  return TRUE;
}

/* Every part of the payload that can be checked without its framework. */
static gboolean
check_shape (Check      *check,
             JsonObject *object,
             Header     *header,
             AssayGrade *derived)
{
  return check_header (check, object, header) &&
         check_case_snapshot (check, object) &&
         check_actions_and_events (check, object) &&
         check_pending_override (check, object) &&
         check_overall (check, object, header->status, derived);
}

/* The ids of the lines with no delivery recorded, as "2, 3". */
static char *
open_lines (AssayAudit *audit)
{
  g_autoptr(GString) list = g_string_new (NULL);
  JsonArray *lines = _assay_audit_get_lines (audit);

  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    if (assay_json_get_string (_assay_audit_line_at (lines, i), "delivered") == NULL)
      g_string_append_printf (list, "%s%u", list->len > 0 ? ", " : "", i + 1);

  return g_string_free (g_steal_pointer (&list), FALSE);
}

static gboolean
check_finished (Check        *check,
                AssayAudit   *audit,
                AssayGrading *grading,
                AssayGrade    derived)
{
  if (grading->ungraded->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (grading->ungraded, NULL);
      list = g_strjoinv (", ", (char **) grading->ungraded->pdata);
      g_ptr_array_remove_index (grading->ungraded, grading->ungraded->len - 1);

      return refuse (check, ASSAY_VALIDATE_ERROR_INCOMPLETE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "finished but criterion %s ungraded",
                                  "finished but criteria %s ungraded",
                                  grading->ungraded->len),
                     list);
    }

  if (!grading->complete && grading->n_lines == 0)
    return refuse (check, ASSAY_VALIDATE_ERROR_INCOMPLETE,
                   _("finished with no provision line recorded"));

  if (!grading->complete)
    {
      g_autofree char *list = open_lines (audit);

      return refuse (check, ASSAY_VALIDATE_ERROR_INCOMPLETE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "finished but provision line %s has no delivery recorded",
                                  "finished but provision lines %s have no delivery recorded",
                                  grading->n_lines_open),
                     list);
    }

  if (derived != grading->derived)
    return refuse (check, ASSAY_VALIDATE_ERROR_WRONG_GRADE,
                   _("overall: derived grade %s, recomputed %s"),
                   grade_or_none (derived), grade_or_none (grading->derived));

  return TRUE;
}

/* Section grades are not stored by this version of Assay; where a payload
 * has them (a summary a newer one keeps), they must be the rule's. */
static gboolean
check_sections (Check        *check,
                JsonObject   *object,
                AssayAudit   *audit,
                AssayGrading *grading)
{
  AssayFramework *framework = assay_audit_get_framework (audit);
  JsonNode *node;
  JsonArray *sections;

  if (!read_member (check, object, NULL, "sections", OPTIONAL, TYPE_ARRAY, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  sections = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      JsonNode *entry = json_array_get_element (sections, i);
      g_autofree char *label = g_strdup_printf (_("section entry %u"), i + 1);
      const char *id, *token;
      AssayGrade stored = ASSAY_GRADE_NONE;
      guint s = 0;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        return refuse (check, ASSAY_VALIDATE_ERROR_MALFORMED, _("%s is not an object"), label);
      if (!read_string (check, json_node_get_object (entry), label, "id", NONEMPTY, &id) ||
          !read_string (check, json_node_get_object (entry), label, "grade", OPTIONAL, &token))
        return FALSE;

      while (s < grading->n_sections &&
             !g_str_equal (assay_framework_get_section (framework, s)->id, id))
        s++;
      if (s == grading->n_sections)
        return refuse (check, ASSAY_VALIDATE_ERROR_UNKNOWN_CRITERION,
                       _("sections: framework %s %s has no section “%s”"),
                       assay_framework_get_id (framework),
                       assay_framework_get_version (framework), shown (check, id));

      if (token != NULL && !parse_grade_token (token, &stored))
        return refuse (check, ASSAY_VALIDATE_ERROR_BAD_GRADE,
                       _("section %s: grade “%s” is not a grade"), id, shown (check, token));
      if (stored != grading->sections[s])
        return refuse (check, ASSAY_VALIDATE_ERROR_WRONG_GRADE,
                       _("section %s: grade %s, recomputed %s"), id,
                       grade_or_none (stored), grade_or_none (grading->sections[s]));
    }

  return TRUE;
}

/*
 * The payload as an audit that only reads: the audit's own code then
 * answers what the grades, the case's conditions and the derived grade are,
 * exactly as it will once the record is stored. It has no store and is
 * never saved.
 */
static AssayAudit *
detached_audit (const AssayRecord *record,
                JsonNode          *root,
                AssayFramework    *framework)
{
  AssayAudit *audit = g_object_new (ASSAY_TYPE_AUDIT, NULL);

  audit->id = g_strdup (record->id);
  audit->revision = record->revision;
  audit->hlc = record->hlc;
  audit->framework = g_object_ref (framework);
  audit->root = json_node_ref (root);

  return audit;
}

gboolean
assay_audit_validate_record (AssayFrameworks    *frameworks,
                             const AssayRecord  *record,
                             GPtrArray          *missing,
                             GError            **error)
{
  return assay_audit_validate_record_summarised (frameworks, record, missing, NULL, error);
}

gboolean
assay_audit_validate_record_summarised (AssayFrameworks    *frameworks,
                                        const AssayRecord  *record,
                                        GPtrArray          *missing,
                                        GVariant          **summary,
                                        GError            **error)
{
  g_auto(Check) check = { record, FALSE, NULL, error, NULL };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(AssayFramework) framework = NULL;
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(AssayGrading) grading = NULL;
  g_autoptr(GError) local_error = NULL;
  Header header = { NULL, };
  AssayGrade derived;
  JsonObject *object;

  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (frameworks), FALSE);
  g_return_val_if_fail (record != NULL && record->id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  root = open_payload (&check, ASSAY_AUDIT_COLLECTION);
  if (root == NULL)
    return FALSE;
  object = json_node_get_object (root);

  if (!check_shape (&check, object, &header, &derived))
    return FALSE;

  /* Pinned by digest as when the audit is opened: the same id and version
   * with other content would grade it otherwise. */
  framework = assay_frameworks_lookup_exact (frameworks, header.framework, header.version,
                                             header.digest, &local_error);
  if (framework == NULL)
    {
      if (!g_error_matches (local_error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (!check_grades (&check, object, NULL) || !check_lines (&check, object, NULL))
        return FALSE;
      if (missing != NULL)
        assay_missing_frameworks_add (missing, header.framework, header.version, 1);
      return TRUE;
    }

  audit = detached_audit (record, root, framework);
  if (!check_grades (&check, object, audit) || !check_lines (&check, object, framework))
    return FALSE;

  grading = assay_audit_compute (audit);
  if (header.status != ASSAY_AUDIT_STATUS_DRAFT &&
      !check_finished (&check, audit, grading, derived))
    return FALSE;

  if (!check_sections (&check, object, audit, grading))
    return FALSE;

  if (summary != NULL)
    *summary = _assay_audit_light_build (audit);

  return TRUE;
}

gboolean
assay_agreement_validate_record (const AssayRecord  *record,
                                 GError            **error)
{
  static const char * const optional_strings[] = { "chair", "agency", "recorded", NULL };
  g_auto(Check) check = { record, TRUE, NULL, error, NULL };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *audits;
  const char *case_ref, *token, *reason;
  AssayGrade grade;

  g_return_val_if_fail (record != NULL && record->id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  root = open_payload (&check, ASSAY_AGREEMENTS_COLLECTION);
  if (root == NULL)
    return FALSE;
  object = json_node_get_object (root);

  if (!read_string (&check, object, NULL, "case", NONEMPTY, &case_ref))
    return FALSE;
  check.case_ref = shown (&check, case_ref);

  if (!read_string (&check, object, NULL, "framework", NONEMPTY, NULL) ||
      !read_string (&check, object, NULL, "grade", REQUIRED, &token) ||
      !read_string (&check, object, NULL, "reason", OPTIONAL, &reason))
    return FALSE;

  if (!parse_grade_token (token, &grade) || !ASSAY_GRADE_IS_SCORED (grade))
    return refuse (&check, ASSAY_VALIDATE_ERROR_BAD_GRADE,
                   _("member “grade”: “%s” is not gold, silver, bronze or not-yet-bronze"),
                   shown (&check, token));

  if (is_blank (reason))
    return refuse (&check, ASSAY_VALIDATE_ERROR_REASON_REQUIRED,
                   _("member “reason”: an agreed grade needs the forum’s reason"));

  if (!require_author (&check, object, "chair_id") ||
      !read_optional_strings (&check, object, NULL, optional_strings) ||
      !read_member (&check, object, NULL, "audits", OPTIONAL, TYPE_ARRAY, &audits))
    return FALSE;

  for (guint i = 0; audits != NULL && i < json_array_get_length (json_node_get_array (audits));
       i++)
    {
      JsonNode *id = json_array_get_element (json_node_get_array (audits), i);

      if (!holds_type (id, TYPE_STRING) || !g_uuid_string_is_valid (json_node_get_string (id)))
        return refuse (&check, ASSAY_VALIDATE_ERROR_MALFORMED,
                       _("member “audits”: entry %u is not an audit id"), i + 1);
    }

  return TRUE;
}

gboolean
assay_validate_record (AssayFrameworks    *frameworks,
                       const AssayRecord  *record,
                       GPtrArray          *missing,
                       GError            **error)
{
  g_return_val_if_fail (record != NULL, FALSE);

  if (g_strcmp0 (record->collection, ASSAY_AUDIT_COLLECTION) == 0)
    return assay_audit_validate_record (frameworks, record, missing, error);
  if (g_strcmp0 (record->collection, ASSAY_AGREEMENTS_COLLECTION) == 0)
    return assay_agreement_validate_record (record, error);

  return TRUE;
}
