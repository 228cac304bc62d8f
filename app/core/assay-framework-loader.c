/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-framework"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-framework-private.h"
#include "assay-json-util.h"

#define MAX_NESTING 64

/* Format 1: "limiting" criteria cap the grade at their grade + "limit".
 * Format 2: criteria say whether they are statutory, with their source, and
 * the statutory rule of docs/grading.md limits the grade. */
#define FORMAT_MIN 1
#define FORMAT_MAX 2
#define ALL_GRADES ((1 << ASSAY_GRADE_GOLD) | (1 << ASSAY_GRADE_SILVER) | \
                    (1 << ASSAY_GRADE_BRONZE) | (1 << ASSAY_GRADE_NOT_YET_BRONZE))

static const char * const kinds[] = { "plan", "annual-review", "advice", "setting-visit", NULL };
static const char * const agencies[] = {
  "all", "send-casework", "education", "educational-psychology", "health", "social-care", NULL
};

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

          if (!check_choice (loader, item, json_node_get_string (element),
                             _assay_framework_conditions))
            return FALSE;

          for (guint j = 0; _assay_framework_conditions[j] != NULL; j++)
            if (g_str_equal (_assay_framework_conditions[j], json_node_get_string (element)))
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
  section->criteria = g_ptr_array_new_with_free_func (_assay_framework_criterion_free);
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

  /* A framework nests a few levels; a hostile file thousands. */
  if (!assay_json_nesting_within (data, len, MAX_NESTING))
    {
      invalid (&loader, NULL, _("the JSON is nested more than %d levels deep"), MAX_NESTING);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, (gssize) len, &parse_error))
    {
      invalid (&loader, NULL, _("not valid JSON: %s"), parse_error->message);
      return NULL;
    }

  if (!load_root (&loader, self, json_parser_get_root (parser)))
    return NULL;

  self->digest = _assay_framework_compute_digest (self);

  return g_steal_pointer (&self);
}

AssayFramework *
assay_framework_new_from_file (const char  *path,
                               GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  /* A device or a FIFO would block or never end. */
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_INVALID,
                   _("%s: not a file, so not a framework"), path);
      return NULL;
    }

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
