/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-framework"

#include "config.h"

#include <string.h>

#include "assay-framework-private.h"
#include "assay-json-util.h"

/* The framework object and what it answers; assay-framework-loader.c reads
 * and checks a file into one, assay-frameworks.c keeps every one. */

G_DEFINE_FINAL_TYPE (AssayFramework, assay_framework, G_TYPE_OBJECT)

G_DEFINE_QUARK (assay-framework-error-quark, assay_framework_error)

const char * const _assay_framework_conditions[] = { "child-in-care", "year-9-plus", NULL };

void
_assay_framework_criterion_free (gpointer data)
{
  AssayCriterion *criterion = data;

  g_free (criterion->id);
  g_free (criterion->text);
  g_free (criterion->guidance);
  g_free (criterion->source);
  g_free (criterion);
}

void
_assay_framework_section_free (gpointer data)
{
  AssaySection *section = data;

  g_free (section->id);
  g_free (section->title);
  g_clear_pointer (&section->criteria, g_ptr_array_unref);
  g_free (section);
}

gboolean
assay_criterion_allows (const AssayCriterion *criterion,
                        AssayGrade            grade)
{
  if (grade == ASSAY_GRADE_NA)
    return criterion->na;

  return ASSAY_GRADE_IS_SCORED (grade) && (criterion->allowed & (1u << grade)) != 0;
}

gboolean
assay_criterion_allows_na (const AssayCriterion *criterion,
                           guint                 case_conditions)
{
  return criterion->na && (criterion->required_when & case_conditions) == 0;
}

static void
assay_framework_finalize (GObject *object)
{
  AssayFramework *self = (AssayFramework *) object;

  g_free (self->id);
  g_free (self->version);
  g_free (self->title);
  g_free (self->kind);
  g_free (self->agency);
  g_free (self->description);
  g_free (self->source);
  g_free (self->digest);
  for (guint i = 0; i < G_N_ELEMENTS (self->labels); i++)
    g_free (self->labels[i]);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->criteria, g_hash_table_unref);

  G_OBJECT_CLASS (assay_framework_parent_class)->finalize (object);
}

static void
assay_framework_class_init (AssayFrameworkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = assay_framework_finalize;
}

static void
assay_framework_init (AssayFramework *self)
{
  self->sections = g_ptr_array_new_with_free_func (_assay_framework_section_free);
  self->criteria = g_hash_table_new (g_str_hash, g_str_equal);
}

const char *
assay_framework_get_id (AssayFramework *self)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), NULL);
  return self->id;
}

const char *
assay_framework_get_version (AssayFramework *self)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), NULL);
  return self->version;
}

const char *
assay_framework_get_title (AssayFramework *self)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), NULL);
  return self->title;
}

const char *
assay_framework_get_kind (AssayFramework *self)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), NULL);
  return self->kind;
}

const char *
assay_framework_get_agency (AssayFramework *self)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), NULL);
  return self->agency;
}

const char *
assay_framework_get_description (AssayFramework *self)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), NULL);
  return self->description;
}

const char *
assay_framework_get_source (AssayFramework *self)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), NULL);
  return self->source;
}

guint
assay_framework_get_limit (AssayFramework *self)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), 0);
  return self->limit;
}

AssayOverallRule
assay_framework_get_rule (AssayFramework *self)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), ASSAY_OVERALL_RULE_STATUTORY);
  return self->rule;
}

gboolean
assay_framework_has_provision_lines (AssayFramework *self)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), FALSE);
  return self->provision_lines;
}

const char *
assay_framework_get_digest (AssayFramework *self)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), NULL);
  return self->digest;
}

AssayGrade
assay_framework_get_cap (AssayFramework       *self,
                         const AssayCriterion *criterion,
                         AssayGrade            grade)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), ASSAY_GRADE_GOLD);
  g_return_val_if_fail (criterion != NULL, ASSAY_GRADE_GOLD);

  if (!criterion->limiting || !ASSAY_GRADE_IS_SCORED (grade))
    return ASSAY_GRADE_GOLD;

  if (self->rule == ASSAY_OVERALL_RULE_CAPPED_MEAN)
    return (AssayGrade) MIN ((guint) grade + self->limit, (guint) ASSAY_GRADE_GOLD);

  /* Silver "meets every statutory requirement well": a duty met only at
   * Bronze keeps the plan at Bronze, one not met makes it Not yet Bronze. */
  return grade <= ASSAY_GRADE_BRONZE ? grade : ASSAY_GRADE_GOLD;
}

const char *
assay_framework_get_label (AssayFramework *self,
                           AssayGrade      grade)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), NULL);

  if (ASSAY_GRADE_IS_SCORED (grade) && self->labels[grade] != NULL)
    return self->labels[grade];

  return assay_grade_get_default_label (grade);
}

guint
assay_framework_get_n_sections (AssayFramework *self)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), 0);
  return self->sections->len;
}

const AssaySection *
assay_framework_get_section (AssayFramework *self,
                             guint           index)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), NULL);
  g_return_val_if_fail (index < self->sections->len, NULL);

  return self->sections->pdata[index];
}

guint
assay_framework_get_n_criteria (AssayFramework *self)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), 0);
  return g_hash_table_size (self->criteria);
}

const AssayCriterion *
assay_framework_lookup_criterion (AssayFramework *self,
                                  const char     *id,
                                  guint          *section_index)
{
  gpointer value;
  const AssaySection *section;

  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), NULL);

  if (id == NULL || !g_hash_table_lookup_extended (self->criteria, id, NULL, &value))
    return NULL;

  section = self->sections->pdata[GPOINTER_TO_UINT (value)];
  if (section_index != NULL)
    *section_index = GPOINTER_TO_UINT (value);

  for (guint i = 0; i < section->criteria->len; i++)
    {
      const AssayCriterion *criterion = section->criteria->pdata[i];

      if (g_str_equal (criterion->id, id))
        return criterion;
    }

  g_return_val_if_reached (NULL);
}

static void
add_criterion (JsonBuilder          *builder,
               const AssayCriterion *criterion)
{
  json_builder_begin_object (builder);
  assay_json_add_string_or_null (builder, "id", criterion->id);
  assay_json_add_string_or_null (builder, "text", criterion->text);
  assay_json_add_string_or_null (builder, "guidance", criterion->guidance);
  json_builder_set_member_name (builder, "limiting");
  json_builder_add_boolean_value (builder, criterion->limiting);
  json_builder_set_member_name (builder, "statutory");
  json_builder_add_boolean_value (builder, criterion->statutory);
  json_builder_set_member_name (builder, "local_rule");
  json_builder_add_boolean_value (builder, criterion->local_rule);
  assay_json_add_string_or_null (builder, "source", criterion->source);
  json_builder_set_member_name (builder, "na");
  json_builder_add_boolean_value (builder, criterion->na);
  json_builder_set_member_name (builder, "required_when");
  json_builder_begin_array (builder);
  for (guint k = 0; _assay_framework_conditions[k] != NULL; k++)
    if (criterion->required_when & (1u << k))
      json_builder_add_string_value (builder, _assay_framework_conditions[k]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "grades");
  json_builder_begin_array (builder);
  for (AssayGrade g = ASSAY_GRADE_GOLD; g >= ASSAY_GRADE_NOT_YET_BRONZE; g--)
    if (assay_criterion_allows (criterion, g))
      json_builder_add_string_value (builder, assay_grade_to_token (g));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* @canonical leaves out where the framework was read from, so that the
 * same content gives the same digest wherever it is installed. */
static JsonNode *
build_json (AssayFramework *self,
            gboolean        canonical)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  assay_json_add_string_or_null (builder, "id", self->id);
  assay_json_add_string_or_null (builder, "version", self->version);
  assay_json_add_string_or_null (builder, "title", self->title);
  assay_json_add_string_or_null (builder, "kind", self->kind);
  assay_json_add_string_or_null (builder, "agency", self->agency);
  if (!canonical)
    {
      assay_json_add_string_or_null (builder, "source", self->source);
      assay_json_add_string_or_null (builder, "origin", self->source);
      assay_json_add_string_or_null (builder, "digest", self->digest);
    }
  assay_json_add_string_or_null (builder, "description", self->description);
  assay_json_add_int (builder, "format", self->format);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_object (builder);
  for (AssayGrade g = ASSAY_GRADE_GOLD; g >= ASSAY_GRADE_NOT_YET_BRONZE; g--)
    assay_json_add_string_or_null (builder, assay_grade_to_token (g),
                                   assay_framework_get_label (self, g));
  json_builder_end_object (builder);
  assay_json_add_string_or_null (builder, "rule", self->rule == ASSAY_OVERALL_RULE_STATUTORY
                                                    ? "statutory-limits" : "weighted-mean");
  assay_json_add_int (builder, "limit", self->limit);
  json_builder_set_member_name (builder, "provision_lines");
  json_builder_add_boolean_value (builder, self->provision_lines);

  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->sections->len; i++)
    {
      const AssaySection *section = self->sections->pdata[i];

      json_builder_begin_object (builder);
      assay_json_add_string_or_null (builder, "id", section->id);
      assay_json_add_string_or_null (builder, "title", section->title);
      assay_json_add_int (builder, "weight", section->weight);
      json_builder_set_member_name (builder, "criteria");
      json_builder_begin_array (builder);
      for (guint j = 0; j < section->criteria->len; j++)
        add_criterion (builder, section->criteria->pdata[j]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
assay_framework_to_json (AssayFramework *self)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORK (self), NULL);

  return build_json (self, FALSE);
}

char *
_assay_framework_compute_digest (AssayFramework *self)
{
  g_autoptr(JsonNode) node = build_json (self, TRUE);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize len;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &len);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, len);
}

gboolean
assay_version_is_valid (const char *version)
{
  gboolean digit = FALSE;

  if (version == NULL)
    return FALSE;

  for (const char *p = version; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digit = TRUE;
      else if (*p == '.' && digit)
        digit = FALSE;
      else
        return FALSE;
    }

  return digit && strlen (version) <= 32;
}

/* Dotted versions compare part by part, numerically where both parts are
 * numbers, so 2026.10 is newer than 2026.9. */
int
assay_version_compare (const char *a,
                       const char *b)
{
  g_auto(GStrv) pa = g_strsplit (a, ".", -1);
  g_auto(GStrv) pb = g_strsplit (b, ".", -1);

  for (guint i = 0; pa[i] != NULL || pb[i] != NULL; i++)
    {
      const char *x = pa[i] != NULL ? pa[i] : "0";
      const char *y = pb[i] != NULL ? pb[i] : "0";
      char *end_x, *end_y;
      guint64 nx = g_ascii_strtoull (x, &end_x, 10);
      guint64 ny = g_ascii_strtoull (y, &end_y, 10);
      int cmp;

      if (*end_x == '\0' && *end_y == '\0' && end_x != x && end_y != y)
        cmp = nx < ny ? -1 : nx > ny;
      else
        cmp = strcmp (x, y);

      if (cmp != 0)
        return cmp < 0 ? -1 : 1;

      if (pa[i] == NULL || pb[i] == NULL)
        break;
    }

  return 0;
}
