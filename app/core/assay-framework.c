/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-framework"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-framework.h"
#include "assay-frameworks-resources.h"

/* Format 1: "limiting" criteria cap the grade at their grade + "limit".
 * Format 2: criteria say whether they are statutory, with their source, and
 * the statutory rule of docs/grading.md limits the grade. */
#define FORMAT_MIN 1
#define FORMAT_MAX 2
#define ALL_GRADES ((1 << ASSAY_GRADE_GOLD) | (1 << ASSAY_GRADE_SILVER) | \
                    (1 << ASSAY_GRADE_BRONZE) | (1 << ASSAY_GRADE_NOT_YET_BRONZE))

struct _AssayFramework
{
  GObject     parent_instance;

  char       *id;
  char       *version;
  char       *title;
  char       *kind;
  char       *agency;
  char       *description;
  char       *source;
  char       *labels[ASSAY_GRADE_GOLD + 1];
  char       *digest;
  guint       format;
  guint       limit;
  AssayOverallRule rule;
  gboolean    provision_lines;
  GPtrArray  *sections;   /* of AssaySection */
  GHashTable *criteria;   /* id -> index of its section (as pointer) */
};

G_DEFINE_FINAL_TYPE (AssayFramework, assay_framework, G_TYPE_OBJECT)

G_DEFINE_QUARK (assay-framework-error-quark, assay_framework_error)

static const char * const conditions[] = { "child-in-care", "year-9-plus", NULL };

static const char * const kinds[] = { "plan", "annual-review", "advice", "setting-visit", NULL };
static const char * const agencies[] = {
  "all", "send-casework", "education", "educational-psychology", "health", "social-care", NULL
};

static void
criterion_free (gpointer data)
{
  AssayCriterion *criterion = data;

  g_free (criterion->id);
  g_free (criterion->text);
  g_free (criterion->guidance);
  g_free (criterion->source);
  g_free (criterion);
}

static void
section_free (gpointer data)
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

const char *
assay_case_condition_to_token (AssayCaseConditions condition)
{
  for (guint i = 0; conditions[i] != NULL; i++)
    if (condition == (1u << i))
      return conditions[i];

  g_return_val_if_reached (NULL);
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
  self->sections = g_ptr_array_new_with_free_func (section_free);
  self->criteria = g_hash_table_new (g_str_hash, g_str_equal);
}

/*
 * Validation. Every message names the file, the place in it (as a path such
 * as sections[2].criteria[0].grades[1]) and what is wrong, so a partnership
 * editing its own framework can find the mistake.
 */
typedef struct
{
  const char  *source;
  GError     **error;
} Loader;

G_GNUC_PRINTF (3, 4)
static gboolean
invalid (Loader     *loader,
         const char *path,
         const char *format,
         ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  if (path != NULL && *path != '\0')
    g_set_error (loader->error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_INVALID,
                 "%s: %s: %s", loader->source, path, reason);
  else
    g_set_error (loader->error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_INVALID,
                 "%s: %s", loader->source, reason);

  return FALSE;
}

static char *
member_path (const char *path,
             const char *member)
{
  return path != NULL && *path != '\0' ? g_strdup_printf ("%s.%s", path, member)
                                       : g_strdup (member);
}

static gboolean
check_keys (Loader             *loader,
            JsonObject         *object,
            const char         *path,
            const char * const *known)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      return invalid (loader, path, _("unknown key “%s”"), (const char *) l->data);

  return TRUE;
}

static gboolean
get_string (Loader      *loader,
            JsonObject  *object,
            const char  *path,
            const char  *member,
            gboolean     required,
            char       **out)
{
  g_autofree char *where = member_path (path, member);
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return invalid (loader, where, _("is missing"));
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (loader, where, _("must be text"));

  if (required && *json_node_get_string (node) == '\0')
    return invalid (loader, where, _("must not be empty"));

  *out = g_strdup (json_node_get_string (node));

  return TRUE;
}

static gboolean
get_int (Loader     *loader,
         JsonObject *object,
         const char *path,
         const char *member,
         gint64      min,
         gint64      max,
         gint64     *out)
{
  g_autofree char *where = member_path (path, member);
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return invalid (loader, where, _("is missing"));

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid (loader, where, _("must be a whole number"));

  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    return invalid (loader, where, _("must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT),
                    min, max);

  return TRUE;
}

static gboolean
get_bool (Loader     *loader,
          JsonObject *object,
          const char *path,
          const char *member,
          gboolean   *out)
{
  g_autofree char *where = member_path (path, member);
  JsonNode *node = json_object_get_member (object, member);

  *out = FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return invalid (loader, where, _("must be true or false"));

  *out = json_node_get_boolean (node);

  return TRUE;
}

static JsonArray *
get_array (Loader     *loader,
           JsonObject *object,
           const char *path,
           const char *member,
           gboolean    required)
{
  g_autofree char *where = member_path (path, member);
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL && !required)
    return NULL;

  if (node == NULL)
    {
      invalid (loader, where, _("is missing"));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      invalid (loader, where, _("must be a list"));
      return NULL;
    }

  if (json_array_get_length (json_node_get_array (node)) == 0)
    {
      invalid (loader, where, _("must not be empty"));
      return NULL;
    }

  return json_node_get_array (node);
}

static gboolean
check_choice (Loader             *loader,
              const char         *path,
              const char         *value,
              const char * const *choices)
{
  g_autofree char *list = NULL;

  if (g_strv_contains (choices, value))
    return TRUE;

  list = g_strjoinv (", ", (char **) choices);

  return invalid (loader, path, _("“%s” is not one of %s"), value, list);
}

static gboolean
valid_id (const char *id)
{
  for (const char *p = id; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;

  return *id != '\0';
}

static gboolean
load_labels (Loader         *loader,
             AssayFramework *self,
             JsonObject     *root)
{
  static const char * const known[] = { "gold", "silver", "bronze", "not-yet-bronze", NULL };
  JsonNode *node = json_object_get_member (root, "labels");
  JsonObject *labels;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (loader, "labels", _("must be an object naming the four grades"));

  labels = json_node_get_object (node);
  {
    g_autoptr(GList) members = json_object_get_members (labels);

    for (const GList *l = members; l != NULL; l = l->next)
      if (!g_strv_contains (known, l->data))
        return invalid (loader, "labels", _("unknown grade “%s”"), (const char *) l->data);
  }

  for (AssayGrade g = ASSAY_GRADE_NOT_YET_BRONZE; g <= ASSAY_GRADE_GOLD; g++)
    if (!get_string (loader, labels, "labels", assay_grade_to_token (g), TRUE, &self->labels[g]))
      return FALSE;

  return TRUE;
}

/* Format 2: where the criterion comes from and whether it limits. */
static gboolean
load_criterion_rules (Loader         *loader,
                      AssayCriterion *criterion,
                      JsonObject     *object,
                      const char     *path)
{
  g_autofree char *limiting = NULL;
  JsonNode *node;

  if (!get_bool (loader, object, path, "statutory", &criterion->statutory) ||
      !get_string (loader, object, path, "source", FALSE, &criterion->source))
    return FALSE;

  node = json_object_get_member (object, "limiting");
  if (node != NULL)
    {
      g_autofree char *where = member_path (path, "limiting");

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          !g_str_equal (json_node_get_string (node), "local"))
        return invalid (loader, where,
                        _("must be \"local\" (a partnership’s own rule; a duty in law is "
                          "marked \"statutory\": true instead)"));
      criterion->local_rule = TRUE;
    }

  if (criterion->statutory && criterion->local_rule)
    return invalid (loader, path,
                    _("a criterion is either statutory or a local rule, not both"));

  if ((criterion->statutory || criterion->local_rule) &&
      (criterion->source == NULL || *criterion->source == '\0'))
    {
      g_autofree char *where = member_path (path, "source");

      return invalid (loader, where,
                      criterion->statutory
                        ? _("is missing: a statutory criterion names its legal source "
                            "(for example “SEND Regs 2014 reg 12(1)(f)”)")
                        : _("is missing: a local rule names the partnership rule it comes from"));
    }

  criterion->limiting = criterion->statutory || criterion->local_rule;

  node = json_object_get_member (object, "required_when");
  if (node != NULL)
    {
      g_autofree char *where = member_path (path, "required_when");
      JsonArray *list;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return invalid (loader, where, _("must be a list"));

      list = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          g_autofree char *item = g_strdup_printf ("%s[%u]", where, i);
          JsonNode *element = json_array_get_element (list, i);
          guint bit = 0;

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            return invalid (loader, item, _("must be text"));

          if (!check_choice (loader, item, json_node_get_string (element), conditions))
            return FALSE;

          for (guint j = 0; conditions[j] != NULL; j++)
            if (g_str_equal (conditions[j], json_node_get_string (element)))
              bit = 1u << j;
          criterion->required_when |= bit;
        }

      if (!criterion->na)
        return invalid (loader, where,
                        _("only means something for a criterion that allows N/A "
                          "(\"na\": true)"));
    }

  return TRUE;
}

static gboolean
load_criterion (Loader         *loader,
                AssayFramework *self,
                AssaySection   *section,
                guint           section_index,
                JsonNode       *node,
                const char     *path)
{
  static const char * const known_1[] = {
    "id", "text", "guidance", "grades", "na", "limiting", NULL
  };
  static const char * const known_2[] = {
    "id", "text", "guidance", "grades", "na", "statutory", "source", "limiting",
    "required_when", NULL
  };
  AssayCriterion *criterion;
  JsonObject *object;
  JsonArray *grades;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (loader, path, _("must be an object"));

  object = json_node_get_object (node);
  if (!check_keys (loader, object, path, self->format == 1 ? known_1 : known_2))
    return FALSE;

  criterion = g_new0 (AssayCriterion, 1);
  g_ptr_array_add (section->criteria, criterion);

  if (!get_string (loader, object, path, "id", TRUE, &criterion->id) ||
      !get_string (loader, object, path, "text", TRUE, &criterion->text) ||
      !get_string (loader, object, path, "guidance", TRUE, &criterion->guidance) ||
      !get_bool (loader, object, path, "na", &criterion->na))
    return FALSE;

  if (self->format == 1)
    {
      if (!get_bool (loader, object, path, "limiting", &criterion->limiting))
        return FALSE;
    }
  else if (!load_criterion_rules (loader, criterion, object, path))
    return FALSE;

  if (g_hash_table_contains (self->criteria, criterion->id))
    {
      g_autofree char *where = member_path (path, "id");
      return invalid (loader, where, _("duplicate criterion id “%s”"), criterion->id);
    }
  g_hash_table_insert (self->criteria, criterion->id, GUINT_TO_POINTER (section_index));

  criterion->allowed = ALL_GRADES;
  if (json_object_has_member (object, "grades"))
    {
      g_autofree char *where = member_path (path, "grades");

      grades = get_array (loader, object, path, "grades", TRUE);
      if (grades == NULL)
        return FALSE;

      criterion->allowed = 0;
      for (guint i = 0; i < json_array_get_length (grades); i++)
        {
          g_autofree char *item = g_strdup_printf ("%s[%u]", where, i);
          JsonNode *grade_node = json_array_get_element (grades, i);
          const char *token;
          AssayGrade grade;

          if (!JSON_NODE_HOLDS_VALUE (grade_node) ||
              json_node_get_value_type (grade_node) != G_TYPE_STRING)
            return invalid (loader, item, _("must be a grade"));

          token = json_node_get_string (grade_node);
          if (!assay_grade_from_token (token, &grade) ||
              g_strcmp0 (assay_grade_to_token (grade), token) != 0 ||
              !ASSAY_GRADE_IS_SCORED (grade))
            return invalid (loader, item,
                            _("unknown grade “%s” (use gold, silver, bronze or not-yet-bronze; "
                              "N/A is allowed with \"na\": true)"),
                            token);

          criterion->allowed |= 1u << grade;
        }
    }

  return TRUE;
}

static gboolean
load_section (Loader         *loader,
              AssayFramework *self,
              JsonNode       *node,
              guint           index,
              GHashTable     *section_ids)
{
  static const char * const known[] = { "id", "title", "weight", "criteria", NULL };
  g_autofree char *path = g_strdup_printf ("sections[%u]", index);
  g_autofree char *criteria_path = NULL;
  AssaySection *section;
  JsonObject *object;
  JsonArray *criteria;
  gint64 weight;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (loader, path, _("must be an object"));

  object = json_node_get_object (node);
  if (!check_keys (loader, object, path, known))
    return FALSE;

  section = g_new0 (AssaySection, 1);
  section->criteria = g_ptr_array_new_with_free_func (criterion_free);
  g_ptr_array_add (self->sections, section);

  if (!get_string (loader, object, path, "id", TRUE, &section->id) ||
      !get_string (loader, object, path, "title", TRUE, &section->title) ||
      !get_int (loader, object, path, "weight", 0, 100, &weight))
    return FALSE;
  section->weight = (guint) weight;

  if (!g_hash_table_add (section_ids, section->id))
    {
      g_autofree char *where = member_path (path, "id");
      return invalid (loader, where, _("duplicate section id “%s”"), section->id);
    }

  criteria = get_array (loader, object, path, "criteria", TRUE);
  if (criteria == NULL)
    return FALSE;

  criteria_path = member_path (path, "criteria");
  for (guint i = 0; i < json_array_get_length (criteria); i++)
    {
      g_autofree char *item = g_strdup_printf ("%s[%u]", criteria_path, i);

      if (!load_criterion (loader, self, section, index, json_array_get_element (criteria, i),
                           item))
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_root (Loader         *loader,
           AssayFramework *self,
           JsonNode       *root_node)
{
  static const char * const known[] = {
    "format", "id", "version", "title", "kind", "agency", "description", "labels",
    "overall", "sections", NULL
  };
  static const char * const overall_known_1[] = { "method", "limit", NULL };
  static const char * const overall_known_2[] = { "method", "provision_lines", NULL };
  g_autoptr(GHashTable) section_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *method = NULL;
  JsonObject *root, *overall;
  JsonArray *sections;
  JsonNode *overall_node;
  gint64 format, limit;
  guint total = 0;

  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    return invalid (loader, NULL, _("a framework is a JSON object"));

  root = json_node_get_object (root_node);

  if (!get_int (loader, root, NULL, "format", 0, G_MAXINT, &format))
    return FALSE;
  if (format < FORMAT_MIN || format > FORMAT_MAX)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, format);

      return invalid (loader, "format",
                      _("format %s is not supported (this version of Assay reads formats %d "
                        "to %d)"),
                      number, FORMAT_MIN, FORMAT_MAX);
    }
  self->format = (guint) format;

  if (!check_keys (loader, root, NULL, known) ||
      !get_string (loader, root, NULL, "id", TRUE, &self->id) ||
      !get_string (loader, root, NULL, "version", TRUE, &self->version) ||
      !get_string (loader, root, NULL, "title", TRUE, &self->title) ||
      !get_string (loader, root, NULL, "kind", TRUE, &self->kind) ||
      !get_string (loader, root, NULL, "agency", TRUE, &self->agency) ||
      !get_string (loader, root, NULL, "description", FALSE, &self->description))
    return FALSE;

  if (!valid_id (self->id))
    return invalid (loader, "id", _("“%s” must use only lower-case letters, digits and “-”"),
                    self->id);
  if (!assay_version_is_valid (self->version))
    return invalid (loader, "version",
                    _("“%s” is not a version: use whole numbers separated by dots, such as "
                      "2026.2"),
                    self->version);
  if (!check_choice (loader, "kind", self->kind, kinds) ||
      !check_choice (loader, "agency", self->agency, agencies) ||
      !load_labels (loader, self, root))
    return FALSE;

  overall_node = json_object_get_member (root, "overall");
  if (overall_node == NULL)
    return invalid (loader, "overall", _("is missing"));
  if (!JSON_NODE_HOLDS_OBJECT (overall_node))
    return invalid (loader, "overall", _("must be an object"));
  overall = json_node_get_object (overall_node);
  if (self->format == 1)
    {
      if (!check_keys (loader, overall, "overall", overall_known_1) ||
          !get_string (loader, overall, "overall", "method", TRUE, &method) ||
          !get_int (loader, overall, "overall", "limit", 0, 3, &limit))
        return FALSE;
      if (!g_str_equal (method, "weighted-mean"))
        return invalid (loader, "overall.method",
                        _("“%s” is not a known rule (format 1 uses weighted-mean)"), method);
      self->limit = (guint) limit;
      self->rule = ASSAY_OVERALL_RULE_CAPPED_MEAN;
    }
  else
    {
      if (!check_keys (loader, overall, "overall", overall_known_2) ||
          !get_string (loader, overall, "overall", "method", TRUE, &method) ||
          !get_bool (loader, overall, "overall", "provision_lines", &self->provision_lines))
        return FALSE;
      if (!g_str_equal (method, "statutory-limits"))
        return invalid (loader, "overall.method",
                        _("“%s” is not a known rule (format 2 uses statutory-limits)"), method);
      self->rule = ASSAY_OVERALL_RULE_STATUTORY;
      if (self->provision_lines && !g_str_equal (self->kind, "setting-visit"))
        return invalid (loader, "overall.provision_lines",
                        _("only a setting-visit framework records provision lines"));
    }

  sections = get_array (loader, root, NULL, "sections", TRUE);
  if (sections == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (sections); i++)
    if (!load_section (loader, self, json_array_get_element (sections, i), i, section_ids))
      return FALSE;

  for (guint i = 0; i < self->sections->len; i++)
    total += ((AssaySection *) self->sections->pdata[i])->weight;

  if (total != 100)
    return invalid (loader, "sections", _("the section weights add up to %u, not 100"), total);

  return TRUE;
}

static char *compute_digest (AssayFramework *self);

AssayFramework *
assay_framework_new_from_bytes (GBytes      *json,
                                const char  *source,
                                GError     **error)
{
  g_autoptr(AssayFramework) self = g_object_new (ASSAY_TYPE_FRAMEWORK, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  Loader loader = { source, error };
  gsize len;
  const char *data = g_bytes_get_data (json, &len);

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  self->source = g_strdup (source);

  if (data == NULL || len == 0)
    {
      invalid (&loader, NULL, _("the file is empty"));
      return NULL;
    }

  if (len > 4 * 1024 * 1024)
    {
      invalid (&loader, NULL, _("the file is too large to be a framework"));
      return NULL;
    }

  if (!g_utf8_validate (data, (gssize) len, NULL))
    {
      invalid (&loader, NULL, _("the file is not UTF-8 text"));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, (gssize) len, &parse_error))
    {
      invalid (&loader, NULL, _("not valid JSON: %s"), parse_error->message);
      return NULL;
    }

  if (!load_root (&loader, self, json_parser_get_root (parser)))
    return NULL;

  self->digest = compute_digest (self);

  return g_steal_pointer (&self);
}

AssayFramework *
assay_framework_new_from_file (const char  *path,
                               GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_set_error (error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_INVALID,
                   "%s: %s", path, local_error->message);
      return NULL;
    }

  bytes = g_mapped_file_get_bytes (file);

  return assay_framework_new_from_bytes (bytes, path, error);
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
add_string_member (JsonBuilder *builder,
                   const char  *member,
                   const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_criterion (JsonBuilder          *builder,
               const AssayCriterion *criterion)
{
  json_builder_begin_object (builder);
  add_string_member (builder, "id", criterion->id);
  add_string_member (builder, "text", criterion->text);
  add_string_member (builder, "guidance", criterion->guidance);
  json_builder_set_member_name (builder, "limiting");
  json_builder_add_boolean_value (builder, criterion->limiting);
  json_builder_set_member_name (builder, "statutory");
  json_builder_add_boolean_value (builder, criterion->statutory);
  json_builder_set_member_name (builder, "local_rule");
  json_builder_add_boolean_value (builder, criterion->local_rule);
  add_string_member (builder, "source", criterion->source);
  json_builder_set_member_name (builder, "na");
  json_builder_add_boolean_value (builder, criterion->na);
  json_builder_set_member_name (builder, "required_when");
  json_builder_begin_array (builder);
  for (guint k = 0; conditions[k] != NULL; k++)
    if (criterion->required_when & (1u << k))
      json_builder_add_string_value (builder, conditions[k]);
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
  add_string_member (builder, "id", self->id);
  add_string_member (builder, "version", self->version);
  add_string_member (builder, "title", self->title);
  add_string_member (builder, "kind", self->kind);
  add_string_member (builder, "agency", self->agency);
  if (!canonical)
    {
      add_string_member (builder, "source", self->source);
      add_string_member (builder, "origin", self->source);
      add_string_member (builder, "digest", self->digest);
    }
  add_string_member (builder, "description", self->description);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, self->format);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_object (builder);
  for (AssayGrade g = ASSAY_GRADE_GOLD; g >= ASSAY_GRADE_NOT_YET_BRONZE; g--)
    add_string_member (builder, assay_grade_to_token (g), assay_framework_get_label (self, g));
  json_builder_end_object (builder);
  add_string_member (builder, "rule", self->rule == ASSAY_OVERALL_RULE_STATUTORY
                                        ? "statutory-limits" : "weighted-mean");
  json_builder_set_member_name (builder, "limit");
  json_builder_add_int_value (builder, self->limit);
  json_builder_set_member_name (builder, "provision_lines");
  json_builder_add_boolean_value (builder, self->provision_lines);

  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->sections->len; i++)
    {
      const AssaySection *section = self->sections->pdata[i];

      json_builder_begin_object (builder);
      add_string_member (builder, "id", section->id);
      add_string_member (builder, "title", section->title);
      json_builder_set_member_name (builder, "weight");
      json_builder_add_int_value (builder, section->weight);
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

static char *
compute_digest (AssayFramework *self)
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

struct _AssayFrameworks
{
  GObject    parent_instance;

  GPtrArray *frameworks;
  GPtrArray *shadowed;   /* replaced by a file with the same id and version */
  GPtrArray *problems;
};

G_DEFINE_FINAL_TYPE (AssayFrameworks, assay_frameworks, G_TYPE_OBJECT)

static void
assay_frameworks_finalize (GObject *object)
{
  AssayFrameworks *self = (AssayFrameworks *) object;

  g_clear_pointer (&self->frameworks, g_ptr_array_unref);
  g_clear_pointer (&self->shadowed, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (assay_frameworks_parent_class)->finalize (object);
}

static void
assay_frameworks_class_init (AssayFrameworksClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = assay_frameworks_finalize;
}

static void
assay_frameworks_init (AssayFrameworks *self)
{
  self->frameworks = g_ptr_array_new_with_free_func (g_object_unref);
  self->shadowed = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func (g_free);
}

AssayFrameworks *
assay_frameworks_new (void)
{
  return g_object_new (ASSAY_TYPE_FRAMEWORKS, NULL);
}

char *
assay_frameworks_get_partnership_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "assay", "frameworks", NULL);
}

AssayFrameworks *
assay_frameworks_new_default (void)
{
  AssayFrameworks *self = assay_frameworks_new ();
  g_autofree char *dir = assay_frameworks_get_partnership_dir ();
  g_autoptr(GError) error = NULL;

  /* The built-ins are part of the program: failing to read them is a bug. */
  if (!assay_frameworks_load_builtin (self, &error))
    g_critical ("Built-in framework: %s", error->message);

  assay_frameworks_load_dir (self, dir);

  return self;
}

void
assay_frameworks_add (AssayFrameworks *self,
                      AssayFramework  *framework)
{
  g_return_if_fail (ASSAY_IS_FRAMEWORKS (self));
  g_return_if_fail (ASSAY_IS_FRAMEWORK (framework));

  for (guint i = 0; i < self->frameworks->len; i++)
    {
      AssayFramework *other = self->frameworks->pdata[i];

      if (g_str_equal (other->id, framework->id) &&
          g_str_equal (other->version, framework->version))
        {
          /* Audits made with the replaced content must still read it. */
          g_ptr_array_index (self->frameworks, i) = g_object_ref (framework);
          if (!g_str_equal (other->digest, framework->digest))
            g_ptr_array_add (self->shadowed, other);
          else
            g_object_unref (other);
          return;
        }
    }

  g_ptr_array_add (self->frameworks, g_object_ref (framework));
}

gboolean
assay_frameworks_load_builtin (AssayFrameworks  *self,
                               GError          **error)
{
  static const char prefix[] = "/org/maqa/Assay/frameworks/";
  GResource *resource = assay_frameworks_get_resource ();
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (self), FALSE);

  names = g_resource_enumerate_children (resource, prefix, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (prefix, names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(AssayFramework) framework = NULL;

      if (!g_str_has_suffix (names[i], ".json"))
        continue;

      bytes = g_resource_lookup_data (resource, path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        return FALSE;

      framework = assay_framework_new_from_bytes (bytes, names[i], error);
      if (framework == NULL)
        return FALSE;

      g_free (framework->source);
      framework->source = g_strdup ("built-in");
      assay_frameworks_add (self, framework);
    }

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

void
assay_frameworks_load_dir (AssayFrameworks *self,
                           const char      *dir)
{
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  g_return_if_fail (ASSAY_IS_FRAMEWORKS (self));

  handle = g_dir_open (dir, 0, &error);
  if (handle == NULL)
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_ptr_array_add (self->problems, g_strdup_printf ("%s: %s", dir, error->message));
      return;
    }

  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));

  /* Same order on every machine, whatever the file system returns. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autoptr(AssayFramework) framework = NULL;
      g_autoptr(GError) load_error = NULL;

      framework = assay_framework_new_from_file (path, &load_error);
      if (framework == NULL)
        g_ptr_array_add (self->problems, g_strdup (load_error->message));
      else
        assay_frameworks_add (self, framework);
    }
}

static int
compare_frameworks (gconstpointer a,
                    gconstpointer b)
{
  AssayFramework *fa = *(AssayFramework * const *) a;
  AssayFramework *fb = *(AssayFramework * const *) b;
  int cmp = strcmp (fa->id, fb->id);

  return cmp != 0 ? cmp : assay_version_compare (fa->version, fb->version);
}

GPtrArray *
assay_frameworks_list (AssayFrameworks *self)
{
  GPtrArray *list;

  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (self), NULL);

  list = g_ptr_array_new_full (self->frameworks->len, g_object_unref);
  for (guint i = 0; i < self->frameworks->len; i++)
    g_ptr_array_add (list, g_object_ref (self->frameworks->pdata[i]));
  g_ptr_array_sort (list, compare_frameworks);

  return list;
}

AssayFramework *
assay_frameworks_lookup (AssayFrameworks  *self,
                         const char       *id,
                         const char       *version,
                         GError          **error)
{
  AssayFramework *best = NULL;

  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (self), NULL);

  for (guint i = 0; i < self->frameworks->len; i++)
    {
      AssayFramework *framework = self->frameworks->pdata[i];

      if (g_strcmp0 (framework->id, id) != 0)
        continue;

      if (version != NULL)
        {
          if (g_str_equal (framework->version, version))
            return g_object_ref (framework);
          continue;
        }

      if (best == NULL || assay_version_compare (framework->version, best->version) > 0)
        best = framework;
    }

  if (best != NULL)
    return g_object_ref (best);

  if (version != NULL)
    g_set_error (error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_NOT_FOUND,
                 _("There is no framework “%s” version %s"), id ? id : "", version);
  else
    g_set_error (error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_NOT_FOUND,
                 _("There is no framework “%s”; “assay-cli frameworks” lists them"),
                 id ? id : "");

  return NULL;
}

AssayFramework *
assay_frameworks_lookup_exact (AssayFrameworks  *self,
                               const char       *id,
                               const char       *version,
                               const char       *digest,
                               GError          **error)
{
  GPtrArray *lists[2];

  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (self), NULL);

  if (digest == NULL || version == NULL)
    return assay_frameworks_lookup (self, id, version, error);

  lists[0] = self->frameworks;
  lists[1] = self->shadowed;
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        AssayFramework *framework = lists[l]->pdata[i];

        if (g_strcmp0 (framework->id, id) == 0 &&
            g_str_equal (framework->version, version) &&
            g_str_equal (framework->digest, digest))
          return g_object_ref (framework);
      }

  g_set_error (error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_NOT_FOUND,
               _("There is no framework “%s” version %s with the content its audits were "
                 "graded under"),
               id ? id : "", version);

  return NULL;
}

const GPtrArray *
assay_frameworks_get_problems (AssayFrameworks *self)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (self), NULL);

  return self->problems;
}
