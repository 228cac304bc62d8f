/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-agreed-grade"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "assay-agreed-grade-private.h"
#include "assay-comparison.h"
#include "assay-json-util.h"

JsonObject *
_assay_agreed_grade_parse (AssayRecord  *record,
                           GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *text = assay_record_get_text (record, &len);
  JsonObject *object = NULL;

  if (json_parser_load_from_data (parser, text, (gssize) len, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    object = json_node_get_object (json_parser_get_root (parser));

  if (object == NULL || assay_json_get_string (object, "case") == NULL ||
      assay_json_get_string (object, "framework") == NULL)
    {
      g_set_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_DAMAGED,
                   _("Agreement %s (revision %" G_GINT64_FORMAT ") cannot be read"),
                   record->id, record->revision);
      return NULL;
    }

  return json_object_ref (object);
}

gboolean
_assay_agreed_grade_get_grade (AssayRecord  *record,
                               JsonObject   *payload,
                               AssayGrade   *grade,
                               GError      **error)
{
  if (!assay_grade_from_token (assay_json_get_string (payload, "grade"), grade) ||
      !ASSAY_GRADE_IS_SCORED (*grade))
    {
      g_set_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_DAMAGED,
                   _("Agreement %s (revision %" G_GINT64_FORMAT ") has no valid grade"),
                   record->id, record->revision);
      return FALSE;
    }

  return TRUE;
}

static AssayRecord *
find_agreement (AssayStore  *store,
                const char  *case_ref,
                const char  *framework_id,
                JsonObject **payload,
                GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  AssayRecord *found = NULL;
  JsonObject *found_payload = NULL;

  records = assay_store_list (store, ASSAY_AGREEMENTS_COLLECTION, error);
  if (records == NULL)
    return NULL;

  /* Case references are sealed, so there is no index to ask: each
   * agreement is opened until the plan's is found. */
  for (guint i = 0; i < records->len; i++)
    {
      AssayRecord *record = records->pdata[i];
      JsonObject *object = _assay_agreed_grade_parse (record, error);

      if (object == NULL)
        {
          g_clear_pointer (&found_payload, json_object_unref);
          return NULL;
        }

      if (g_str_equal (assay_json_get_string (object, "case"), case_ref) &&
          g_str_equal (assay_json_get_string (object, "framework"), framework_id) &&
          (found == NULL || record->hlc > found->hlc))
        {
          found = record;
          g_clear_pointer (&found_payload, json_object_unref);
          found_payload = object;
        }
      else
        json_object_unref (object);
    }

  if (found == NULL)
    return NULL;

  *payload = found_payload;

  return assay_record_copy (found);
}

AssayGrade
assay_agreement_lookup (AssayStore  *store,
                        const char  *case_ref,
                        const char  *framework_id,
                        char       **reason,
                        char       **chair,
                        GError     **error)
{
  g_autoptr(AssayRecord) record = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *trimmed = NULL;
  AssayGrade grade = ASSAY_GRADE_NONE;

  g_return_val_if_fail (ASSAY_IS_STORE (store), ASSAY_GRADE_NONE);
  g_return_val_if_fail (case_ref != NULL && framework_id != NULL, ASSAY_GRADE_NONE);

  if (reason != NULL)
    *reason = NULL;
  if (chair != NULL)
    *chair = NULL;

  trimmed = g_strstrip (g_strdup (case_ref));
  record = find_agreement (store, trimmed, framework_id, &payload, error);
  if (record == NULL)
    return ASSAY_GRADE_NONE;

  if (!_assay_agreed_grade_get_grade (record, payload, &grade, error))
    return ASSAY_GRADE_NONE;

  if (reason != NULL)
    *reason = g_strdup (assay_json_get_string (payload, "reason"));
  if (chair != NULL)
    *chair = g_strdup (assay_json_get_string (payload, "chair"));

  return grade;
}

gboolean
assay_agreement_record (AssayStore       *store,
                        AssayFrameworks  *frameworks,
                        const char       *case_ref,
                        const char       *framework_id,
                        AssayGrade        grade,
                        const char       *reason,
                        GError          **error)
{
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(AssayRecord) existing = NULL;
  g_autoptr(AssayRecord) saved = NULL;
  g_autoptr(JsonObject) old_payload = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *trimmed_case = NULL;
  g_autofree char *trimmed_reason = NULL;
  g_autofree char *recorded = NULL;
  AssayVault *vault;
  GPtrArray *audits = NULL;
  char *text;
  gsize len;

  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (frameworks), FALSE);
  g_return_val_if_fail (framework_id != NULL, FALSE);

  if (!ASSAY_GRADE_IS_SCORED (grade))
    {
      g_set_error_literal (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_INVALID,
                           _("The agreed grade must be gold, silver, bronze or not-yet-bronze"));
      return FALSE;
    }

  trimmed_reason = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (*trimmed_reason == '\0')
    {
      g_set_error_literal (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_REASON_REQUIRED,
                           _("An agreed grade needs the forum’s reason"));
      return FALSE;
    }

  trimmed_case = g_strstrip (g_strdup (case_ref != NULL ? case_ref : ""));
  comparison = assay_comparison_new (store, frameworks, NULL, error);
  if (comparison == NULL)
    return FALSE;

  for (guint i = 0; i < assay_comparison_get_n_plans (comparison) && audits == NULL; i++)
    if (g_str_equal (assay_comparison_get_plan_ref (comparison, i), trimmed_case) &&
        g_str_equal (assay_comparison_get_plan_framework (comparison, i), framework_id))
      audits = assay_comparison_get_plan_audits (comparison, i);
  if (audits == NULL || audits->len == 0)
    {
      g_set_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_NOT_FOUND,
                   _("There is no finished audit of plan %s with framework %s"),
                   trimmed_case, framework_id);
      return FALSE;
    }

  existing = find_agreement (store, trimmed_case, framework_id, &old_payload, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  vault = assay_store_get_vault (store);
  recorded = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  json_builder_begin_object (builder);
  assay_json_add_string_or_null (builder, "case", trimmed_case);
  assay_json_add_string_or_null (builder, "framework", framework_id);
  assay_json_add_string_or_null (builder, "grade", assay_grade_to_token (grade));
  assay_json_add_string_or_null (builder, "reason", trimmed_reason);
  assay_json_add_string_or_null (builder, "chair", assay_vault_get_name (vault));
  assay_json_add_string_or_null (builder, "chair_id", assay_vault_get_identity (vault));
  assay_json_add_string_or_null (builder, "agency", assay_vault_get_agency (vault));
  json_builder_set_member_name (builder, "audits");
  json_builder_begin_array (builder);
  for (guint i = 0; i < audits->len; i++)
    json_builder_add_string_value (builder, assay_audit_get_id (audits->pdata[i]));
  json_builder_end_array (builder);
  assay_json_add_string_or_null (builder, "recorded", recorded);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  payload = g_bytes_new_take (text, len);

  saved = assay_store_save (store, ASSAY_AGREEMENTS_COLLECTION,
                            existing != NULL ? existing->id : NULL, payload, error);

  return saved != NULL;
}
