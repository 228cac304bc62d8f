/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit"

#include "config.h"

#include "assay-audit-private.h"
#include "assay-json-util.h"
#include "assay-json-writer.h"

/* `audit show --json`: the audit as scripts read it, every member present
 * (null when not known). What a list shows is written straight as text
 * (assay_audit_write_json()): a list of 100,000 audits never builds them
 * as trees; `show` parses that text and adds the rest. */

/* A member of the payload as it is stored, or null. */
static void
copy_string_member (JsonBuilder *builder,
                    JsonObject  *object,
                    const char  *member)
{
  assay_json_add_string_or_null (builder, member, assay_json_get_string (object, member));
}

/* The same for what the summary holds too: a list does not read the whole
 * audit. */
static void
write_member (AssayJsonWriter  *writer,
              AssayAudit       *self,
              const char       *name,
              AssayAuditMember  member)
{
  assay_json_writer_string_member (writer, name, _assay_audit_member (self, member));
}

/* Who made the audit and where it stands: what even a hidden audit shows. */
static void
write_who (AssayJsonWriter *writer,
           AssayAudit      *self,
           gboolean         hidden)
{
  write_member (writer, self, "kind", ASSAY_AUDIT_MEMBER_KIND);
  write_member (writer, self, "moderator", ASSAY_AUDIT_MEMBER_MODERATOR);
  write_member (writer, self, "moderator_id", ASSAY_AUDIT_MEMBER_MODERATOR_ID);
  write_member (writer, self, "agency", ASSAY_AUDIT_MEMBER_AGENCY);
  assay_json_writer_string_member (writer, "status",
                                   assay_audit_status_to_string (assay_audit_get_status (self)));
  assay_json_writer_member (writer, "blind");
  assay_json_writer_boolean (writer, assay_audit_get_blind (self));
  assay_json_writer_member (writer, "hidden");
  assay_json_writer_boolean (writer, hidden);
  assay_json_writer_member (writer, "revision");
  assay_json_writer_int (writer, self->revision);
}

static void
write_overall (AssayJsonWriter *writer,
               AssayAudit      *self,
               AssayGrading    *grading)
{
  const char *reason = NULL;
  AssayGrade final = assay_audit_get_final (self, &reason);
  AssayGrade derived = assay_audit_get_derived (self, grading);

  assay_json_writer_member (writer, "overall");
  assay_json_writer_begin_object (writer);
  assay_json_writer_string_member (writer, "derived", assay_grade_to_token (derived));
  assay_json_writer_string_member (writer, "final", assay_grade_to_token (final));
  assay_json_writer_string_member (writer, "reason", reason);
  assay_json_writer_string_member (writer, "uncapped", assay_grade_to_token (grading->uncapped));
  assay_json_writer_member (writer, "limited_by");
  assay_json_writer_begin_array (writer);
  for (guint i = 0; i < grading->limited_by->len; i++)
    assay_json_writer_string (writer, grading->limited_by->pdata[i]);
  assay_json_writer_end_array (writer);
  /* Why, for each: the grade given and the rule it breaks. */
  assay_json_writer_member (writer, "limits");
  assay_json_writer_begin_array (writer);
  for (guint i = 0; i < grading->limited_by->len; i++)
    {
      const AssayCriterion *criterion =
        assay_framework_lookup_criterion (self->framework, grading->limited_by->pdata[i], NULL);
      AssayGrade grade = assay_audit_get_grade (self, criterion->id, NULL);
      AssayGrade cap = assay_framework_get_cap (self->framework, criterion, grade);

      assay_json_writer_begin_object (writer);
      assay_json_writer_string_member (writer, "criterion", criterion->id);
      assay_json_writer_string_member (writer, "grade", assay_grade_to_token (grade));
      assay_json_writer_string_member (writer, "cap", assay_grade_to_token (cap));
      assay_json_writer_string_member (writer, "kind",
                                       criterion->statutory ? "statutory"
                                       : criterion->local_rule ? "local" : "limiting");
      assay_json_writer_string_member (writer, "source", criterion->source);
      assay_json_writer_end_object (writer);
    }
  for (guint i = 0; i < grading->limited_by_lines->len; i++)
    {
      assay_json_writer_begin_object (writer);
      assay_json_writer_string_member (writer, "line", grading->limited_by_lines->pdata[i]);
      assay_json_writer_end_object (writer);
    }
  assay_json_writer_end_array (writer);
  assay_json_writer_end_object (writer);
}

void
assay_audit_write_json (AssayAudit      *self,
                        gboolean         hidden,
                        AssayJsonWriter *writer)
{
  g_autoptr(AssayGrading) grading = NULL;

  g_return_if_fail (ASSAY_IS_AUDIT (self));

  assay_json_writer_begin_object (writer);
  assay_json_writer_string_member (writer, "id", self->id);
  assay_json_writer_string_member (writer, "case", assay_audit_get_case (self));
  write_member (writer, self, "framework", ASSAY_AUDIT_MEMBER_FRAMEWORK);
  write_member (writer, self, "framework_version", ASSAY_AUDIT_MEMBER_FRAMEWORK_VERSION);

  if (hidden)
    {
      write_who (writer, self, TRUE);
      /* The keys a script expects, with nothing in them. */
      assay_json_writer_member (writer, "overall");
      assay_json_writer_begin_object (writer);
      assay_json_writer_string_member (writer, "derived", NULL);
      assay_json_writer_string_member (writer, "final", NULL);
      assay_json_writer_string_member (writer, "reason", NULL);
      assay_json_writer_end_object (writer);
      assay_json_writer_member (writer, "sections");
      assay_json_writer_begin_array (writer);
      assay_json_writer_end_array (writer);
      assay_json_writer_end_object (writer);
      return;
    }

  grading = assay_audit_compute (self);
  write_member (writer, self, "framework_digest", ASSAY_AUDIT_MEMBER_FRAMEWORK_DIGEST);
  assay_json_writer_string_member (writer, "rule",
                                   assay_framework_get_rule (self->framework) ==
                                     ASSAY_OVERALL_RULE_STATUTORY
                                     ? "statutory-limits" : "weighted-mean");
  write_who (writer, self, FALSE);
  write_member (writer, self, "created", ASSAY_AUDIT_MEMBER_CREATED);
  write_member (writer, self, "updated", ASSAY_AUDIT_MEMBER_UPDATED);
  write_member (writer, self, "finished", ASSAY_AUDIT_MEMBER_FINISHED);
  write_overall (writer, self, grading);

  assay_json_writer_member (writer, "progress");
  assay_json_writer_begin_object (writer);
  assay_json_writer_member (writer, "graded");
  assay_json_writer_int (writer, grading->n_graded);
  assay_json_writer_member (writer, "criteria");
  assay_json_writer_int (writer, grading->n_criteria);
  assay_json_writer_end_object (writer);

  assay_json_writer_member (writer, "sections");
  assay_json_writer_begin_array (writer);
  for (guint i = 0; i < grading->n_sections; i++)
    {
      const AssaySection *section = assay_framework_get_section (self->framework, i);

      assay_json_writer_begin_object (writer);
      assay_json_writer_string_member (writer, "id", section->id);
      assay_json_writer_string_member (writer, "grade",
                                       assay_grade_to_token (grading->sections[i]));
      assay_json_writer_end_object (writer);
    }
  assay_json_writer_end_array (writer);
  assay_json_writer_end_object (writer);
}

/* What assay_audit_write_json() writes, as a tree. */
static JsonNode *
listed_node (AssayAudit *self,
             gboolean    hidden)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  AssayJsonWriter writer;

  assay_json_writer_init (&writer, text, 0);
  assay_audit_write_json (self, hidden, &writer);
  assay_json_writer_clear (&writer);

  if (!json_parser_load_from_data (parser, text->str, (gssize) text->len, NULL))
    g_assert_not_reached ();

  return json_node_ref (json_parser_get_root (parser));
}

/* Appends the members of @builder's object to @object, in order. */
static void
append_members (JsonObject  *object,
                JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  JsonObject *members = json_node_get_object (root);
  g_autoptr(GList) names = json_object_get_members (members);

  for (const GList *l = names; l != NULL; l = l->next)
    json_object_set_member (object, l->data,
                            json_node_copy (json_object_get_member (members, l->data)));
}

/* What `show` adds to what a list shows: every grade with its evidence,
 * the lines, the case as it was, the notes, actions and events. */
static void
add_details (JsonBuilder  *builder,
             AssayAudit   *self,
             AssayGrading *grading)
{
  JsonObject *object = _assay_audit_root_object (self);
  JsonNode *actions = json_object_get_member (object, "actions");
  JsonNode *events = json_object_get_member (object, "events");

  json_builder_set_member_name (builder, "grades");
  json_builder_begin_array (builder);
  for (guint i = 0; i < grading->n_sections; i++)
    {
      const AssaySection *section = assay_framework_get_section (self->framework, i);

      for (guint j = 0; j < section->criteria->len; j++)
        {
          const AssayCriterion *criterion = section->criteria->pdata[j];
          const char *evidence = NULL;
          AssayGrade grade = assay_audit_get_grade (self, criterion->id, &evidence);

          if (grade == ASSAY_GRADE_NONE && evidence == NULL)
            continue;

          json_builder_begin_object (builder);
          assay_json_add_string_or_null (builder, "criterion", criterion->id);
          assay_json_add_string_or_null (builder, "grade", assay_grade_to_token (grade));
          assay_json_add_string_or_null (builder, "evidence", evidence);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < assay_audit_get_n_lines (self); i++)
    {
      AssayAuditLine line;

      assay_audit_get_line (self, i, &line);
      json_builder_begin_object (builder);
      assay_json_add_string_or_null (builder, "id", line.id);
      assay_json_add_string_or_null (builder, "text", line.text);
      assay_json_add_string_or_null (builder, "delivered",
                                     assay_delivered_to_token (line.delivered));
      assay_json_add_string_or_null (builder, "observed", line.observed);
      assay_json_add_string_or_null (builder, "staff", line.staff);
      assay_json_add_string_or_null (builder, "evidence", line.evidence);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "case_snapshot");
  if (_assay_audit_get_snapshot (self) != NULL)
    json_builder_add_value (builder,
                            json_node_copy (json_object_get_member (object, "case_snapshot")));
  else
    json_builder_add_null_value (builder);

  copy_string_member (builder, object, "strengths");
  copy_string_member (builder, object, "development");
  copy_string_member (builder, object, "feedback");
  json_builder_set_member_name (builder, "actions");
  if (actions != NULL)
    json_builder_add_value (builder, json_node_copy (actions));
  else
    {
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
  json_builder_set_member_name (builder, "events");
  if (events != NULL)
    json_builder_add_value (builder, json_node_copy (events));
  else
    {
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
}

JsonNode *
assay_audit_to_json (AssayAudit *self,
                     gboolean    with_grades)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(AssayGrading) grading = NULL;
  JsonNode *node;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);

  node = listed_node (self, FALSE);
  if (!with_grades)
    return node;

  grading = assay_audit_compute (self);
  json_builder_begin_object (builder);
  add_details (builder, self, grading);
  json_builder_end_object (builder);
  append_members (json_node_get_object (node), builder);

  return node;
}

JsonNode *
assay_audit_to_json_hidden (AssayAudit *self,
                            gboolean    with_grades)
{
  JsonNode *node;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);

  node = listed_node (self, TRUE);
  if (with_grades)
    json_object_set_array_member (json_node_get_object (node), "grades", json_array_new ());

  return node;
}
