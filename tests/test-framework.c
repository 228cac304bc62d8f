/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "assay-framework.h"
#include "assay-test-util.h"

static JsonNode *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                 name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
load_tiny (void)
{
  return load_fixture ("tiny.json");
}

static AssayFramework *
framework_from_node (JsonNode  *root,
                     GError   **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GBytes) bytes = NULL;
  char *text;
  gsize len;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  bytes = g_bytes_new_take (text, len);

  return assay_framework_new_from_bytes (bytes, "partnership.json", error);
}

static JsonObject *
section (JsonNode *root,
         guint     index)
{
  JsonArray *sections = json_object_get_array_member (json_node_get_object (root), "sections");

  return json_array_get_object_element (sections, index);
}

static JsonObject *
criterion (JsonNode *root,
           guint     section_index,
           guint     index)
{
  JsonArray *criteria = json_object_get_array_member (section (root, section_index), "criteria");

  return json_array_get_object_element (criteria, index);
}

static void
test_framework_builtins_valid (void)
{
  g_autoptr(AssayFrameworks) frameworks = assay_frameworks_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  static const struct { const char *id; const char *kind; guint min_criteria; } expected[] = {
    { "ehcp-new", "plan", 40 },
    { "ehcp-annual-review", "annual-review", 40 },
    { "advice-education", "advice", 8 },
    { "advice-ep", "advice", 8 },
    { "advice-health", "advice", 8 },
    { "advice-social-care", "advice", 8 },
    { "setting-visit", "setting-visit", 8 },
  };

  g_assert_true (assay_frameworks_load_builtin (frameworks, &error));
  g_assert_no_error (error);

  /* Every version shipped stays: 2026.1 beside the current one. */
  list = assay_frameworks_list (frameworks);
  g_assert_cmpuint (list->len, ==, 2 * G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(AssayFramework) framework =
        assay_frameworks_lookup (frameworks, expected[i].id, NULL, &error);
      guint limiting = 0;

      g_assert_no_error (error);
      g_assert_cmpstr (assay_framework_get_kind (framework), ==, expected[i].kind);
      g_assert_cmpstr (assay_framework_get_source (framework), ==, "built-in");
      g_assert_cmpuint (assay_framework_get_n_criteria (framework), >=, expected[i].min_criteria);

      for (guint s = 0; s < assay_framework_get_n_sections (framework); s++)
        {
          const AssaySection *sec = assay_framework_get_section (framework, s);

          for (guint c = 0; c < sec->criteria->len; c++)
            {
              const AssayCriterion *crit = sec->criteria->pdata[c];

              /* Every criterion is a question with a prompt. */
              g_assert_true (g_str_has_suffix (crit->text, "?"));
              g_assert_cmpuint (strlen (crit->guidance), >, 20);
              limiting += crit->limiting;
            }
        }

      /* The plan frameworks carry the limiting rule. */
      if (g_str_has_prefix (expected[i].id, "ehcp-"))
        g_assert_cmpuint (limiting, >, 0);
    }
}

static void
test_framework_accessors (void)
{
  g_autoptr(JsonNode) root = load_tiny ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayFramework) framework = framework_from_node (root, &error);
  const AssayCriterion *c2;
  guint index = 99;

  g_assert_no_error (error);
  g_assert_cmpstr (assay_framework_get_id (framework), ==, "tiny");
  g_assert_cmpuint (assay_framework_get_n_sections (framework), ==, 3);
  g_assert_cmpuint (assay_framework_get_n_criteria (framework), ==, 6);
  g_assert_cmpuint (assay_framework_get_limit (framework), ==, 1);

  c2 = assay_framework_lookup_criterion (framework, "c2", &index);
  g_assert_nonnull (c2);
  g_assert_cmpuint (index, ==, 2);
  g_assert_true (assay_criterion_allows (c2, ASSAY_GRADE_SILVER));
  g_assert_true (assay_criterion_allows (c2, ASSAY_GRADE_NOT_YET_BRONZE));
  g_assert_false (assay_criterion_allows (c2, ASSAY_GRADE_GOLD));
  g_assert_true (assay_criterion_allows (c2, ASSAY_GRADE_NA));
  g_assert_false (assay_criterion_allows (assay_framework_lookup_criterion (framework, "a1", NULL),
                                          ASSAY_GRADE_NA));
  g_assert_null (assay_framework_lookup_criterion (framework, "zz", NULL));

  /* Without labels of its own, a framework uses the default words. */
  g_assert_cmpstr (assay_framework_get_label (framework, ASSAY_GRADE_NOT_YET_BRONZE), ==,
                   "Not yet Bronze");
}

static void
test_framework_labels (void)
{
  g_autoptr(JsonNode) root = load_tiny ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayFramework) framework = NULL;
  JsonObject *labels = json_object_new ();

  json_object_set_string_member (labels, "gold", "Outstanding");
  json_object_set_string_member (labels, "silver", "Good");
  json_object_set_string_member (labels, "bronze", "Requires improvement");
  json_object_set_string_member (labels, "not-yet-bronze", "Inadequate");
  json_object_set_object_member (json_node_get_object (root), "labels", labels);

  framework = framework_from_node (root, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (assay_framework_get_label (framework, ASSAY_GRADE_GOLD), ==, "Outstanding");
  g_assert_cmpstr (assay_framework_get_label (framework, ASSAY_GRADE_NOT_YET_BRONZE), ==,
                   "Inadequate");
  /* Relabelling never changes the order. */
  g_assert_cmpint (ASSAY_GRADE_GOLD, >, ASSAY_GRADE_SILVER);
}

typedef void (*Breaker) (JsonNode *root);

typedef struct
{
  Breaker     breaker;
  const char *message;  /* how the refusal's message starts */
} Broken;

/* The fixture @name broken each way in @cases is refused, with the message. */
static void
assert_rejects (const char   *name,
                const Broken *cases,
                guint         n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(JsonNode) root = load_fixture (name);
      g_autoptr(GError) error = NULL;
      g_autoptr(AssayFramework) framework = NULL;

      cases[i].breaker (root);
      framework = framework_from_node (root, &error);
      g_assert_null (framework);
      g_assert_error (error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_INVALID);
      if (!g_str_has_prefix (error->message, cases[i].message))
        g_error ("case %u: got “%s”, expected “%s…”", i, error->message, cases[i].message);
    }
}

static void
break_unknown_grade (JsonNode *root)
{
  JsonArray *grades = json_array_new ();

  json_array_add_string_element (grades, "gold");
  json_array_add_string_element (grades, "platinum");
  json_object_set_array_member (criterion (root, 1, 0), "grades", grades);
}

static void
break_duplicate_criterion (JsonNode *root)
{
  json_object_set_string_member (criterion (root, 2, 1), "id", "a1");
}

static void
break_duplicate_section (JsonNode *root)
{
  json_object_set_string_member (section (root, 1), "id", "S1");
}

static void
break_weights (JsonNode *root)
{
  json_object_set_int_member (section (root, 2), "weight", 25);
}

static void
break_missing_sections (JsonNode *root)
{
  json_object_remove_member (json_node_get_object (root), "sections");
}

static void
break_empty_sections (JsonNode *root)
{
  json_object_set_array_member (json_node_get_object (root), "sections", json_array_new ());
}

static void
break_missing_text (JsonNode *root)
{
  json_object_remove_member (criterion (root, 0, 1), "text");
}

static void
break_unknown_key (JsonNode *root)
{
  json_object_set_boolean_member (criterion (root, 0, 0), "limitting", TRUE);
}

static void
break_kind (JsonNode *root)
{
  json_object_set_string_member (json_node_get_object (root), "kind", "inspection");
}

static void
break_format (JsonNode *root)
{
  json_object_set_int_member (json_node_get_object (root), "format", 3);
}

static void
break_label (JsonNode *root)
{
  JsonObject *labels = json_object_new ();

  json_object_set_string_member (labels, "gold", "Outstanding");
  json_object_set_string_member (labels, "platinum", "Beyond");
  json_object_set_object_member (json_node_get_object (root), "labels", labels);
}

static void
break_na_as_grade (JsonNode *root)
{
  JsonArray *grades = json_array_new ();

  json_array_add_string_element (grades, "n/a");
  json_object_set_array_member (criterion (root, 0, 0), "grades", grades);
}

static void
test_framework_rejects (void)
{
  static const Broken cases[] = {
    { break_unknown_grade, "partnership.json: sections[1].criteria[0].grades[1]: unknown grade “platinum”" },
    { break_duplicate_criterion, "partnership.json: sections[2].criteria[1].id: duplicate criterion id “a1”" },
    { break_duplicate_section, "partnership.json: sections[1].id: duplicate section id “S1”" },
    { break_weights, "partnership.json: sections: the section weights add up to 105, not 100" },
    { break_missing_sections, "partnership.json: sections: is missing" },
    { break_empty_sections, "partnership.json: sections: must not be empty" },
    { break_missing_text, "partnership.json: sections[0].criteria[1].text: is missing" },
    { break_unknown_key, "partnership.json: sections[0].criteria[0]: unknown key “limitting”" },
    { break_kind, "partnership.json: kind: “inspection” is not one of" },
    { break_format, "partnership.json: format: format 3 is not supported" },
    { break_label, "partnership.json: labels: unknown grade “platinum”" },
    { break_na_as_grade, "partnership.json: sections[0].criteria[0].grades[0]: unknown grade “n/a”" },
  };

  assert_rejects ("tiny.json", cases, G_N_ELEMENTS (cases));
}

/* Format 2 (statutory.json): a criterion says whether it is law, with its
 * source, or the partnership's own rule, never both. */
static void
break_statutory_source (JsonNode *root)
{
  json_object_remove_member (criterion (root, 0, 0), "source");
}

static void
break_local_and_statutory (JsonNode *root)
{
  json_object_set_boolean_member (criterion (root, 2, 1), "statutory", TRUE);
}

static void
break_local_source (JsonNode *root)
{
  json_object_remove_member (criterion (root, 2, 1), "source");
}

static void
break_limiting_bool (JsonNode *root)
{
  json_object_set_boolean_member (criterion (root, 0, 1), "limiting", TRUE);
}

static void
break_required_without_na (JsonNode *root)
{
  json_object_set_boolean_member (criterion (root, 1, 1), "na", FALSE);
}

static void
break_condition (JsonNode *root)
{
  JsonArray *when = json_array_new ();

  json_array_add_string_element (when, "year-6-plus");
  json_object_set_array_member (criterion (root, 1, 1), "required_when", when);
}

static void
break_version (JsonNode *root)
{
  json_object_set_string_member (json_node_get_object (root), "version", "2026.2-beta");
}

static void
break_old_rule (JsonNode *root)
{
  JsonObject *overall = json_object_new ();

  json_object_set_string_member (overall, "method", "weighted-mean");
  json_object_set_object_member (json_node_get_object (root), "overall", overall);
}

static void
break_lines_in_plan (JsonNode *root)
{
  JsonObject *overall = json_object_new ();

  json_object_set_string_member (overall, "method", "statutory-limits");
  json_object_set_boolean_member (overall, "provision_lines", TRUE);
  json_object_set_object_member (json_node_get_object (root), "overall", overall);
}

static void
test_framework_rejects_format_2 (void)
{
  static const Broken cases[] = {
    { break_statutory_source, "partnership.json: sections[0].criteria[0].source: is missing: a statutory criterion names its legal source" },
    { break_local_and_statutory, "partnership.json: sections[2].criteria[1]: a criterion is either statutory or a local rule, not both" },
    { break_local_source, "partnership.json: sections[2].criteria[1].source: is missing: a local rule names" },
    { break_limiting_bool, "partnership.json: sections[0].criteria[1].limiting: must be \"local\"" },
    { break_required_without_na, "partnership.json: sections[1].criteria[1].required_when: only means something" },
    { break_condition, "partnership.json: sections[1].criteria[1].required_when[0]: “year-6-plus” is not one of child-in-care, year-9-plus" },
    { break_version, "partnership.json: version: “2026.2-beta” is not a version" },
    { break_old_rule, "partnership.json: overall.method: “weighted-mean” is not a known rule (format 2 uses statutory-limits)" },
    { break_lines_in_plan, "partnership.json: overall.provision_lines: only a setting-visit framework" },
  };

  {
    g_autoptr(JsonNode) root = load_fixture ("statutory.json");
    g_autoptr(GError) error = NULL;
    g_autoptr(AssayFramework) framework = framework_from_node (root, &error);
    const AssayCriterion *a1, *b2;

    g_assert_no_error (error);
    a1 = assay_framework_lookup_criterion (framework, "a1", NULL);
    b2 = assay_framework_lookup_criterion (framework, "b2", NULL);
    g_assert_true (a1->statutory && a1->limiting && !a1->local_rule);
    g_assert_cmpstr (a1->source, ==, "SEND Regs 2014 reg 12(1)(f)");
    g_assert_cmpuint (b2->required_when, ==, ASSAY_CASE_YEAR_9_PLUS);
    g_assert_true (assay_criterion_allows_na (b2, ASSAY_CASE_CHILD_IN_CARE));
    g_assert_false (assay_criterion_allows_na (b2, ASSAY_CASE_YEAR_9_PLUS));
  }

  assert_rejects ("statutory.json", cases, G_N_ELEMENTS (cases));
}

/* The digest is of the content, not the bytes: the same framework written
 * differently has the same digest, any change to it another; an audit's
 * exact framework is found even where another file took its version. */
static void
test_framework_digest (void)
{
  g_autoptr(JsonNode) root = load_fixture ("statutory.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayFramework) first = framework_from_node (root, &error);
  g_autoptr(AssayFramework) pretty = NULL;
  g_autoptr(AssayFramework) changed = NULL;
  g_autoptr(AssayFramework) found = NULL;
  g_autoptr(AssayFrameworks) frameworks = assay_frameworks_new ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                 "statutory.json", NULL);

  g_assert_no_error (error);
  pretty = assay_framework_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (assay_framework_get_digest (first)), ==, 64);
  g_assert_cmpstr (assay_framework_get_digest (first), ==, assay_framework_get_digest (pretty));

  json_object_set_string_member (criterion (root, 1, 0), "text", "Are outcomes measurable?");
  changed = framework_from_node (root, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (assay_framework_get_digest (first), !=, assay_framework_get_digest (changed));

  assay_frameworks_add (frameworks, first);
  assay_frameworks_add (frameworks, changed);
  found = assay_frameworks_lookup (frameworks, "tiny-statutory", "2.0", &error);
  g_assert_true (found == changed);
  g_clear_object (&found);
  found = assay_frameworks_lookup_exact (frameworks, "tiny-statutory", "2.0",
                                         assay_framework_get_digest (first), &error);
  g_assert_no_error (error);
  g_assert_true (found == first);
  g_clear_object (&found);
  found = assay_frameworks_lookup_exact (frameworks, "tiny-statutory", "2.0",
                                         "0000000000000000000000000000000000000000000000000000000000000000",
                                         &error);
  g_assert_null (found);
  g_assert_error (error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_NOT_FOUND);

  g_assert_true (assay_version_is_valid ("2026.2"));
  g_assert_true (assay_version_is_valid ("3"));
  g_assert_false (assay_version_is_valid ("2026..2"));
  g_assert_false (assay_version_is_valid (".2"));
  g_assert_false (assay_version_is_valid ("2026.2."));
  g_assert_false (assay_version_is_valid ("v2"));
}

static void
test_framework_rejects_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) not_json = assay_test_bytes ("case_ref,team\nA1,North\n");
  g_autoptr(GBytes) not_object = assay_test_bytes ("[1, 2]");
  g_autoptr(GBytes) not_utf8 = g_bytes_new ("{\"id\": \"\xff\"}", 11);
  g_autoptr(AssayFramework) a = NULL;
  g_autoptr(AssayFramework) b = NULL;
  g_autoptr(AssayFramework) c = NULL;

  a = assay_framework_new_from_bytes (not_json, "caseload.csv", &error);
  g_assert_error (error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "caseload.csv: not valid JSON"));
  g_clear_error (&error);

  b = assay_framework_new_from_bytes (not_object, "list.json", &error);
  g_assert_error (error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_INVALID);
  g_clear_error (&error);

  c = assay_framework_new_from_bytes (not_utf8, "latin1.json", &error);
  g_assert_error (error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
}

/* A hostile file nested 200,000 deep is refused, naming the file, before
 * json-glib recurses into it; in the partnership folder it is skipped and
 * reported, and the frameworks beside it still load. */
static void
test_framework_rejects_deep (void)
{
  const guint depth = 200000;
  g_autofree char *dir = assay_test_mkdtemp ();
  g_autofree char *deep_path = g_build_filename (dir, "deep.json", NULL);
  g_autofree char *good = g_build_filename (dir, "tiny.json", NULL);
  g_autofree char *tiny = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                 "tiny.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) text = g_string_sized_new (2 * depth + 2);
  g_autoptr(GBytes) deep = NULL;
  g_autoptr(AssayFramework) refused = NULL;
  g_autoptr(AssayFrameworks) frameworks = assay_frameworks_new ();
  g_autoptr(AssayFramework) loaded = NULL;
  g_autoptr(GError) error = NULL;
  const GPtrArray *problems;

  g_string_append_c (text, '{');
  g_string_append (text, "\"a\":");
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');
  deep = g_bytes_new (text->str, text->len);

  refused = assay_framework_new_from_bytes (deep, "deep.json", &error);
  g_assert_null (refused);
  g_assert_error (error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "deep.json"));
  g_assert_nonnull (strstr (error->message, "nested"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (deep_path, text->str, (gssize) text->len, NULL));
  g_assert_true (g_file_get_contents (tiny, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (good, contents, -1, NULL));
  assay_frameworks_load_dir (frameworks, dir);
  loaded = assay_frameworks_lookup (frameworks, "tiny", NULL, &error);
  g_assert_no_error (error);
  problems = assay_frameworks_get_problems (frameworks);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (problems->pdata[0], deep_path));

  assay_test_rmdir (dir);
}

static void
test_framework_partnership_dir (void)
{
  g_autofree char *dir = assay_test_mkdtemp ();
  g_autofree char *good = g_build_filename (dir, "tiny.json", NULL);
  g_autofree char *newer = g_build_filename (dir, "tiny-2.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "broken.json", NULL);
  g_autofree char *ignored = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *tiny = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                 "tiny.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *contents2 = NULL;
  g_autoptr(AssayFrameworks) frameworks = assay_frameworks_new ();
  g_autoptr(AssayFramework) latest = NULL;
  g_autoptr(AssayFramework) first = NULL;
  g_autoptr(GError) error = NULL;
  const GPtrArray *problems;
  GString *edited;

  g_assert_true (g_file_get_contents (tiny, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (good, contents, -1, NULL));
  edited = g_string_new (contents);
  g_string_replace (edited, "\"1.0\"", "\"1.10\"", 1);
  contents2 = g_string_free (edited, FALSE);
  g_assert_true (g_file_set_contents (newer, contents2, -1, NULL));
  g_assert_true (g_file_set_contents (bad, "{ \"format\": 1 }", -1, NULL));
  g_assert_true (g_file_set_contents (ignored, "not a framework", -1, NULL));

  g_assert_true (assay_frameworks_load_builtin (frameworks, &error));
  assay_frameworks_load_dir (frameworks, dir);

  /* The partnership's own framework loads beside the built-ins... */
  latest = assay_frameworks_lookup (frameworks, "tiny", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (assay_framework_get_version (latest), ==, "1.10");
  g_assert_cmpstr (assay_framework_get_source (latest), ==, newer);
  first = assay_frameworks_lookup (frameworks, "tiny", "1.0", &error);
  g_assert_no_error (error);
  g_assert_nonnull (assay_frameworks_lookup (frameworks, "ehcp-new", NULL, NULL));

  /* ...and a broken one is reported by file, without stopping the rest. */
  problems = assay_frameworks_get_problems (frameworks);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (problems->pdata[0], bad));
  g_assert_nonnull (strstr (problems->pdata[0], "id: is missing"));

  g_assert_null (assay_frameworks_lookup (frameworks, "tiny", "9", &error));
  g_assert_error (error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_NOT_FOUND);

  assay_test_rmdir (dir);
}

static void
test_framework_version_compare (void)
{
  g_assert_cmpint (assay_version_compare ("2026.10", "2026.9"), >, 0);
  g_assert_cmpint (assay_version_compare ("2026.1", "2026.1"), ==, 0);
  g_assert_cmpint (assay_version_compare ("1", "1.1"), <, 0);
  g_assert_cmpint (assay_version_compare ("1.0a", "1.0b"), <, 0);
}

static void
test_grade_tokens (void)
{
  AssayGrade grade;

  g_assert_true (assay_grade_from_token ("not-yet-bronze", &grade));
  g_assert_cmpint (grade, ==, ASSAY_GRADE_NOT_YET_BRONZE);
  g_assert_true (assay_grade_from_token ("Not yet Bronze", &grade));
  g_assert_cmpint (grade, ==, ASSAY_GRADE_NOT_YET_BRONZE);
  g_assert_true (assay_grade_from_token ("N/A", &grade));
  g_assert_cmpint (grade, ==, ASSAY_GRADE_NA);
  g_assert_true (assay_grade_from_token ("na", &grade));
  g_assert_cmpint (grade, ==, ASSAY_GRADE_NA);
  g_assert_true (assay_grade_from_token ("GOLD", &grade));
  g_assert_cmpint (grade, ==, ASSAY_GRADE_GOLD);
  g_assert_false (assay_grade_from_token ("platinum", &grade));
  g_assert_false (assay_grade_from_token ("", &grade));
  g_assert_cmpstr (assay_grade_to_token (ASSAY_GRADE_SILVER), ==, "silver");
  g_assert_null (assay_grade_to_token (ASSAY_GRADE_NONE));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/framework/builtins-valid", test_framework_builtins_valid);
  g_test_add_func ("/framework/accessors", test_framework_accessors);
  g_test_add_func ("/framework/labels", test_framework_labels);
  g_test_add_func ("/framework/rejects-format-2", test_framework_rejects_format_2);
  g_test_add_func ("/framework/digest", test_framework_digest);
  g_test_add_func ("/framework/rejects", test_framework_rejects);
  g_test_add_func ("/framework/rejects-text", test_framework_rejects_text);
  g_test_add_func ("/framework/partnership-dir", test_framework_partnership_dir);
  g_test_add_func ("/framework/rejects-deep", test_framework_rejects_deep);
  g_test_add_func ("/framework/version-compare", test_framework_version_compare);
  g_test_add_func ("/framework/grade-tokens", test_grade_tokens);

  return g_test_run ();
}
