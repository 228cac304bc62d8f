/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit"

#include "config.h"

#include "assay-audit-private.h"
#include "assay-json-util.h"

/* `audit show --json`: the audit as scripts read it, every member present
 * (null when not known). */

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
copy_member (JsonBuilder      *builder,
             AssayAudit       *self,
             const char       *name,
             AssayAuditMember  member)
{
  assay_json_add_string_or_null (builder, name, _assay_audit_member (self, member));
}

/* Who made the audit and where it stands: what even a hidden audit shows. */
static void
add_who (JsonBuilder *builder,
         AssayAudit  *self,
         gboolean     hidden)
{
  copy_member (builder, self, "kind", ASSAY_AUDIT_MEMBER_KIND);
  copy_member (builder, self, "moderator", ASSAY_AUDIT_MEMBER_MODERATOR);
  copy_member (builder, self, "moderator_id", ASSAY_AUDIT_MEMBER_MODERATOR_ID);
  copy_member (builder, self, "agency", ASSAY_AUDIT_MEMBER_AGENCY);
  assay_json_add_string_or_null (builder, "status",
                                 assay_audit_status_to_string (assay_audit_get_status (self)));
  json_builder_set_member_name (builder, "blind");
  json_builder_add_boolean_value (builder, assay_audit_get_blind (self));
  json_builder_set_member_name (builder, "hidden");
  json_builder_add_boolean_value (builder, hidden);
  assay_json_add_int (builder, "revision", self->revision);
}

JsonNode *
assay_audit_to_json (AssayAudit *self,
                     gboolean    with_grades)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(AssayGrading) grading = NULL;
  const char *reason = NULL;
  AssayGrade final, derived;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);

  grading = assay_audit_compute (self);
  final = assay_audit_get_final (self, &reason);
  derived = assay_audit_get_derived (self, grading);

  json_builder_begin_object (builder);
  assay_json_add_string_or_null (builder, "id", self->id);
  assay_json_add_string_or_null (builder, "case", assay_audit_get_case (self));
  copy_member (builder, self, "framework", ASSAY_AUDIT_MEMBER_FRAMEWORK);
  copy_member (builder, self, "framework_version", ASSAY_AUDIT_MEMBER_FRAMEWORK_VERSION);
  copy_member (builder, self, "framework_digest", ASSAY_AUDIT_MEMBER_FRAMEWORK_DIGEST);
  assay_json_add_string_or_null (builder, "rule",
                                 assay_framework_get_rule (self->framework) ==
                                   ASSAY_OVERALL_RULE_STATUTORY
                                   ? "statutory-limits" : "weighted-mean");
  add_who (builder, self, FALSE);
  copy_member (builder, self, "created", ASSAY_AUDIT_MEMBER_CREATED);
  copy_member (builder, self, "updated", ASSAY_AUDIT_MEMBER_UPDATED);
  copy_member (builder, self, "finished", ASSAY_AUDIT_MEMBER_FINISHED);

  json_builder_set_member_name (builder, "overall");
  json_builder_begin_object (builder);
  assay_json_add_string_or_null (builder, "derived", assay_grade_to_token (derived));
  assay_json_add_string_or_null (builder, "final", assay_grade_to_token (final));
  assay_json_add_string_or_null (builder, "reason", reason);
  assay_json_add_string_or_null (builder, "uncapped", assay_grade_to_token (grading->uncapped));
  json_builder_set_member_name (builder, "limited_by");
  json_builder_begin_array (builder);
  for (guint i = 0; i < grading->limited_by->len; i++)
    json_builder_add_string_value (builder, grading->limited_by->pdata[i]);
  json_builder_end_array (builder);
  /* Why, for each: the grade given and the rule it breaks. */
  json_builder_set_member_name (builder, "limits");
  json_builder_begin_array (builder);
  for (guint i = 0; i < grading->limited_by->len; i++)
    {
      const AssayCriterion *criterion =
        assay_framework_lookup_criterion (self->framework, grading->limited_by->pdata[i], NULL);
      AssayGrade grade = assay_audit_get_grade (self, criterion->id, NULL);
      AssayGrade cap;

      json_builder_begin_object (builder);
      assay_json_add_string_or_null (builder, "criterion", criterion->id);
      assay_json_add_string_or_null (builder, "grade", assay_grade_to_token (grade));
      cap = assay_framework_get_cap (self->framework, criterion, grade);
      assay_json_add_string_or_null (builder, "cap", assay_grade_to_token (cap));
      assay_json_add_string_or_null (builder, "kind",
                                     criterion->statutory ? "statutory"
                                     : criterion->local_rule ? "local" : "limiting");
      assay_json_add_string_or_null (builder, "source", criterion->source);
      json_builder_end_object (builder);
    }
  for (guint i = 0; i < grading->limited_by_lines->len; i++)
    {
      json_builder_begin_object (builder);
      assay_json_add_string_or_null (builder, "line", grading->limited_by_lines->pdata[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "progress");
  json_builder_begin_object (builder);
  assay_json_add_int (builder, "graded", grading->n_graded);
  assay_json_add_int (builder, "criteria", grading->n_criteria);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < grading->n_sections; i++)
    {
      const AssaySection *section = assay_framework_get_section (self->framework, i);

      json_builder_begin_object (builder);
      assay_json_add_string_or_null (builder, "id", section->id);
      assay_json_add_string_or_null (builder, "grade",
                                     assay_grade_to_token (grading->sections[i]));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (with_grades)
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

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
assay_audit_to_json_hidden (AssayAudit *self,
                            gboolean    with_grades)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);

  json_builder_begin_object (builder);
  assay_json_add_string_or_null (builder, "id", self->id);
  assay_json_add_string_or_null (builder, "case", assay_audit_get_case (self));
  copy_member (builder, self, "framework", ASSAY_AUDIT_MEMBER_FRAMEWORK);
  copy_member (builder, self, "framework_version", ASSAY_AUDIT_MEMBER_FRAMEWORK_VERSION);
  add_who (builder, self, TRUE);

  /* The keys a script expects, with nothing in them. */
  json_builder_set_member_name (builder, "overall");
  json_builder_begin_object (builder);
  assay_json_add_string_or_null (builder, "derived", NULL);
  assay_json_add_string_or_null (builder, "final", NULL);
  assay_json_add_string_or_null (builder, "reason", NULL);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  if (with_grades)
    {
      json_builder_set_member_name (builder, "grades");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
