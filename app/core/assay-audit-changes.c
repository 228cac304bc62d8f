/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-audit-compact-private.h"
#include "assay-audit-private.h"
#include "assay-date.h"
#include "assay-json-util.h"

/* Every change to an audit but its provision lines (assay-audit-lines.c):
 * grades, text, actions, overrides, finishing and reopening, duplicating
 * and deleting. Each one is written at once as a new revision. */

/* Checks one grade and, unless @check_only, sets it in the payload,
 * without writing it. */
static gboolean
apply_grade (AssayAudit  *self,
             const char  *criterion,
             AssayGrade   grade,
             const char  *evidence,
             gboolean     check_only,
             GError     **error)
{
  const AssayCriterion *found;
  JsonObject *entry;

  found = _assay_audit_require_criterion (self, criterion, error);
  if (found == NULL)
    return FALSE;

  if (grade == ASSAY_GRADE_NA && found->na &&
      !assay_criterion_allows_na (found, assay_audit_get_case_conditions (self)))
    {
      guint why = found->required_when & assay_audit_get_case_conditions (self);

      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                   (why & ASSAY_CASE_CHILD_IN_CARE)
                     ? _("Criterion %s cannot be N/A: the plan is for a child in care")
                     : _("Criterion %s cannot be N/A: the young person is in Year 9 or above"),
                   criterion);
      return FALSE;
    }

  if (!assay_criterion_allows (found, grade))
    {
      g_autoptr(GString) allowed = g_string_new (NULL);

      for (AssayGrade g = ASSAY_GRADE_GOLD; g >= ASSAY_GRADE_NOT_YET_BRONZE; g--)
        if (assay_criterion_allows (found, g))
          g_string_append_printf (allowed, "%s%s", allowed->len ? ", " : "",
                                  assay_grade_to_token (g));
      if (found->na)
        g_string_append (allowed, ", n/a");

      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                   _("Criterion %s cannot be graded %s (allowed: %s)"),
                   criterion, grade == ASSAY_GRADE_NONE ? "?" : assay_grade_to_token (grade),
                   allowed->str);
      return FALSE;
    }

  if (check_only)
    return TRUE;

  entry = _assay_audit_ensure_object (_assay_audit_ensure_object (_assay_audit_root_object (self),
                                                                  "grades"),
                                      criterion);
  json_object_set_string_member (entry, "grade", assay_grade_to_token (grade));
  if (evidence != NULL)
    json_object_set_string_member (entry, "evidence", evidence);

  return TRUE;
}

gboolean
assay_audit_set_grade (AssayAudit  *self,
                       const char  *criterion,
                       AssayGrade   grade,
                       const char  *evidence,
                       GError     **error)
{
  g_autoptr(JsonNode) backup = NULL;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (!_assay_audit_require_editable (self, error))
    return FALSE;

  if (!apply_grade (self, criterion, grade, evidence, TRUE, error))
    return FALSE;

  backup = assay_json_node_deep_copy (self->root);
  apply_grade (self, criterion, grade, evidence, FALSE, NULL);

  return _assay_audit_commit (self, backup, error);
}

gboolean
assay_audit_set_grades (AssayAudit            *self,
                        const AssayGradeEntry *entries,
                        guint                  n_entries,
                        guint                 *failed,
                        GError               **error)
{
  g_autoptr(JsonNode) backup = NULL;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);
  g_return_val_if_fail (entries != NULL || n_entries == 0, FALSE);

  if (!_assay_audit_require_editable (self, error))
    return FALSE;

  /* All of them or none: a file half applied would leave the audit in a
   * state nobody chose. Every grade is checked before any is set. */
  for (guint i = 0; i < n_entries; i++)
    if (!apply_grade (self, entries[i].criterion, entries[i].grade, entries[i].evidence, TRUE,
                      error))
      {
        if (failed != NULL)
          *failed = i;
        return FALSE;
      }

  backup = assay_json_node_deep_copy (self->root);
  for (guint i = 0; i < n_entries; i++)
    apply_grade (self, entries[i].criterion, entries[i].grade, entries[i].evidence, FALSE, NULL);

  return _assay_audit_commit (self, backup, error);
}

gboolean
assay_audit_set_evidence (AssayAudit  *self,
                          const char  *criterion,
                          const char  *evidence,
                          GError     **error)
{
  g_autoptr(JsonNode) backup = NULL;
  JsonObject *entry;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (!_assay_audit_require_editable (self, error) ||
      _assay_audit_require_criterion (self, criterion, error) == NULL)
    return FALSE;

  backup = assay_json_node_deep_copy (self->root);
  entry = _assay_audit_ensure_object (_assay_audit_ensure_object (_assay_audit_root_object (self),
                                                                  "grades"),
                                      criterion);
  json_object_set_string_member (entry, "evidence", evidence != NULL ? evidence : "");

  return _assay_audit_commit (self, backup, error);
}

gboolean
assay_audit_set_text (AssayAudit  *self,
                      const char  *field,
                      const char  *text,
                      GError     **error)
{
  g_autoptr(JsonNode) backup = NULL;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);
  g_return_val_if_fail (g_strcmp0 (field, ASSAY_AUDIT_STRENGTHS) == 0 ||
                        g_strcmp0 (field, ASSAY_AUDIT_DEVELOPMENT) == 0 ||
                        g_strcmp0 (field, ASSAY_AUDIT_FEEDBACK) == 0, FALSE);

  if (!_assay_audit_require_editable (self, error))
    return FALSE;

  backup = assay_json_node_deep_copy (self->root);
  json_object_set_string_member (_assay_audit_root_object (self), field, text != NULL ? text : "");

  return _assay_audit_commit (self, backup, error);
}

static gboolean
valid_date (const char *text)
{
  int y, m, d;
  char tail;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return FALSE;

  return g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

gboolean
assay_audit_add_action (AssayAudit  *self,
                        const char  *what,
                        const char  *owner,
                        const char  *due,
                        GError     **error)
{
  g_autoptr(JsonNode) backup = NULL;
  JsonObject *action;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (!_assay_audit_require_editable (self, error))
    return FALSE;

  if (what == NULL || *what == '\0' || owner == NULL || *owner == '\0')
    {
      g_set_error_literal (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                           _("An action needs what is to be done and who owns it"));
      return FALSE;
    }

  if (due != NULL && !valid_date (due))
    {
      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                   _("The due date “%s” is not a date like 2026-03-14"), due);
      return FALSE;
    }

  backup = assay_json_node_deep_copy (self->root);
  action = json_object_new ();
  json_object_set_string_member (action, "what", what);
  json_object_set_string_member (action, "owner", owner);
  if (due != NULL)
    json_object_set_string_member (action, "due", due);
  json_array_add_object_element (_assay_audit_ensure_array (_assay_audit_root_object (self),
                                                            "actions"),
                                 action);

  return _assay_audit_commit (self, backup, error);
}

gboolean
assay_audit_remove_action (AssayAudit  *self,
                           guint        index,
                           GError     **error)
{
  g_autoptr(JsonNode) backup = NULL;
  JsonArray *actions;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (!_assay_audit_require_editable (self, error))
    return FALSE;

  actions = _assay_audit_get_actions (self);
  if (actions == NULL || index >= json_array_get_length (actions))
    {
      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                   _("Audit %s has no action %u"), self->id, index + 1);
      return FALSE;
    }

  backup = assay_json_node_deep_copy (self->root);
  json_array_remove_element (_assay_audit_get_actions (self), index);

  return _assay_audit_commit (self, backup, error);
}

static void
add_event (AssayAudit *self,
           const char *event,
           const char *reason)
{
  g_autofree char *now = assay_date_now_utc_iso8601 ();
  JsonObject *entry = json_object_new ();
  AssayVault *vault = assay_store_get_vault (self->store);

  json_object_set_string_member (entry, "at", now);
  json_object_set_string_member (entry, "event", event);
  json_object_set_string_member (entry, "by", assay_vault_get_identity (vault));
  if (reason != NULL)
    json_object_set_string_member (entry, "reason", reason);
  json_array_add_object_element (_assay_audit_ensure_array (_assay_audit_root_object (self),
                                                            "events"),
                                 entry);
}

AssayGrade
assay_audit_get_pending_override (AssayAudit  *self,
                                  const char **reason)
{
  JsonNode *node;
  AssayGrade grade = ASSAY_GRADE_NONE;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), ASSAY_GRADE_NONE);

  if (reason != NULL)
    *reason = NULL;

  node = json_object_get_member (_assay_audit_root_object (self), "pending_override");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return ASSAY_GRADE_NONE;

  if (reason != NULL)
    *reason = assay_json_get_string (json_node_get_object (node), "reason");
  if (!assay_grade_from_token (assay_json_get_string (json_node_get_object (node), "grade"),
                               &grade) ||
      !ASSAY_GRADE_IS_SCORED (grade))
    return ASSAY_GRADE_NONE;

  return grade;
}

gboolean
assay_audit_set_pending_override (AssayAudit  *self,
                                  AssayGrade   grade,
                                  const char  *reason,
                                  GError     **error)
{
  g_autoptr(JsonNode) backup = NULL;
  const char *stored_reason = NULL;
  AssayGrade stored;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);
  g_return_val_if_fail (grade == ASSAY_GRADE_NONE || ASSAY_GRADE_IS_SCORED (grade), FALSE);

  if (!_assay_audit_require_editable (self, error))
    return FALSE;

  if (reason == NULL)
    reason = "";

  /* Nothing new is no new revision. */
  stored = assay_audit_get_pending_override (self, &stored_reason);
  if (stored == grade && g_strcmp0 (stored_reason != NULL ? stored_reason : "", reason) == 0)
    return TRUE;

  backup = assay_json_node_deep_copy (self->root);
  if (grade == ASSAY_GRADE_NONE && *reason == '\0')
    {
      json_object_remove_member (_assay_audit_root_object (self), "pending_override");
    }
  else
    {
      JsonObject *pending = json_object_new ();

      if (grade != ASSAY_GRADE_NONE)
        json_object_set_string_member (pending, "grade", assay_grade_to_token (grade));
      json_object_set_string_member (pending, "reason", reason);
      json_object_set_object_member (_assay_audit_root_object (self), "pending_override", pending);
    }

  return _assay_audit_commit (self, backup, error);
}

gboolean
assay_audit_finish (AssayAudit  *self,
                    AssayGrade   override,
                    const char  *reason,
                    GError     **error)
{
  g_autoptr(AssayGrading) grading = NULL;
  g_autoptr(JsonNode) backup = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *now = assay_date_now_utc_iso8601 ();
  JsonObject *overall;
  AssayGrade final;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (!_assay_audit_require_editable (self, error))
    return FALSE;

  grading = assay_audit_compute (self);
  if (grading->ungraded->len == 0 && !grading->complete)
    {
      if (grading->n_lines == 0)
        g_set_error_literal (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INCOMPLETE,
                             _("A setting visit records at least one provision line of the "
                               "plan, and whether it is delivered"));
      else
        g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INCOMPLETE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%u provision line has no record of whether it is delivered",
                                  "%u provision lines have no record of whether they are "
                                  "delivered",
                                  grading->n_lines_open),
                     grading->n_lines_open);
      return FALSE;
    }

  if (!grading->complete)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (grading->ungraded, NULL);
      list = g_strjoinv (", ", (char **) grading->ungraded->pdata);
      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INCOMPLETE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u criterion is not graded yet: %s",
                                "%u criteria are not graded yet: %s",
                                grading->ungraded->len - 1),
                   grading->ungraded->len - 1, list);
      return FALSE;
    }

  trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  final = grading->derived;

  if (override != ASSAY_GRADE_NONE && override != grading->derived)
    {
      if (!ASSAY_GRADE_IS_SCORED (override))
        {
          g_set_error_literal (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                               _("The overall grade must be gold, silver, bronze or "
                                 "not-yet-bronze"));
          return FALSE;
        }

      if (*trimmed == '\0')
        {
          g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_REASON_REQUIRED,
                       _("Changing the overall grade from %s to %s needs a written reason"),
                       assay_grade_to_token (grading->derived), assay_grade_to_token (override));
          return FALSE;
        }

      final = override;
    }

  backup = assay_json_node_deep_copy (self->root);
  overall = json_object_new ();
  json_object_set_string_member (overall, "derived", assay_grade_to_token (grading->derived));
  json_object_set_string_member (overall, "final", assay_grade_to_token (final));
  if (final != grading->derived)
    json_object_set_string_member (overall, "reason", trimmed);
  else
    json_object_set_null_member (overall, "reason");
  json_object_set_object_member (_assay_audit_root_object (self), "overall", overall);
  json_object_remove_member (_assay_audit_root_object (self), "pending_override");
  json_object_set_string_member (_assay_audit_root_object (self), "status", "finished");
  json_object_set_string_member (_assay_audit_root_object (self), "finished", now);
  add_event (self, "finished", final != grading->derived ? trimmed : NULL);

  if (!_assay_audit_commit (self, backup, error))
    return FALSE;

  /* Finished: the drafts' revisions on the way are no longer needed. The
   * audit is finished whether or not that works. */
  {
    g_autoptr(GError) local_error = NULL;

    if (!_assay_audit_compact_history (self, NULL, &local_error))
      g_message ("Audit %s: drafts not compacted: %s", self->id, local_error->message);
  }

  return TRUE;
}

gboolean
assay_audit_reopen (AssayAudit  *self,
                    const char  *reason,
                    GError     **error)
{
  g_autoptr(JsonNode) backup = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (!_assay_audit_require_own (self, error))
    return FALSE;

  if (assay_audit_get_status (self) == ASSAY_AUDIT_STATUS_DRAFT)
    {
      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_INVALID,
                   _("Audit %s is still a draft"), self->id);
      return FALSE;
    }

  trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_REASON_REQUIRED,
                           _("Reopening a finished audit needs a written reason"));
      return FALSE;
    }

  backup = assay_json_node_deep_copy (self->root);
  json_object_set_string_member (_assay_audit_root_object (self), "status", "draft");
  json_object_remove_member (_assay_audit_root_object (self), "finished");
  add_event (self, "reopened", trimmed);

  return _assay_audit_commit (self, backup, error);
}

AssayAudit *
assay_audit_duplicate (AssayAudit  *self,
                       GError     **error)
{
  static const char * const copied_members[] = { "case_snapshot", "lines" };
  g_autoptr(AssayAudit) copy = NULL;
  JsonNode *grades;
  gboolean own_transaction;

  g_return_val_if_fail (ASSAY_IS_AUDIT (self), NULL);

  /* A copy of a colleague's grades would be no blind second look, and
   * would pass their judgement off as ours. */
  if (!_assay_audit_require_own (self, error))
    return NULL;

  /* Both revisions or neither: never an empty copy left behind. */
  own_transaction = !assay_store_in_transaction (self->store);
  if (own_transaction && !assay_store_begin (self->store, error))
    return NULL;

  /* Against the original's framework version, not the newest one, so the
   * copied grades keep their meaning. */
  copy = assay_audit_create (self->store, self->framework, assay_audit_get_case (self),
                             assay_audit_get_blind (self), error);
  if (copy == NULL)
    goto fail;

  grades = json_object_get_member (_assay_audit_root_object (self), "grades");
  if (grades != NULL && JSON_NODE_HOLDS_OBJECT (grades))
    json_object_set_member (_assay_audit_root_object (copy), "grades",
                            assay_json_node_deep_copy (grades));
  /* The copied grades were given under the original's facts of the case. */
  for (guint i = 0; i < G_N_ELEMENTS (copied_members); i++)
    {
      JsonNode *node = json_object_get_member (_assay_audit_root_object (self), copied_members[i]);

      if (node != NULL)
        json_object_set_member (_assay_audit_root_object (copy), copied_members[i],
                                assay_json_node_deep_copy (node));
    }
  json_object_set_string_member (_assay_audit_root_object (copy), "duplicated_from", self->id);

  if (!_assay_audit_commit (copy, NULL, error))
    goto fail;

  if (own_transaction && !assay_store_commit (self->store, error))
    return NULL;

  return g_steal_pointer (&copy);

fail:
  if (own_transaction)
    assay_store_rollback (self->store);
  return NULL;
}

gboolean
assay_audit_delete (AssayAudit  *self,
                    GError     **error)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT (self), FALSE);

  if (!_assay_audit_require_own (self, error))
    return FALSE;

  if (assay_audit_get_status (self) != ASSAY_AUDIT_STATUS_DRAFT)
    {
      g_set_error (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_READ_ONLY,
                   _("Audit %s is %s; only a draft can be deleted"),
                   self->id, assay_audit_status_to_string (assay_audit_get_status (self)));
      return FALSE;
    }

  return assay_store_delete (self->store, ASSAY_AUDIT_COLLECTION, self->id, error);
}
