/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-test"

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "assay-caseload.h"
#include "assay-compare.h"
#include "assay-contacts.h"
#include "assay-test-util.h"

char *
assay_test_mkdtemp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("assay-test-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

void
assay_test_rmdir (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        assay_test_rmdir (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

AssayVault *
assay_test_vault_new (const char  *dir,
                      char       **recovery_key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "assay.db", NULL);
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssaySecureString) key = NULL;
  AssayKdfParams params;

  database = assay_database_open (path, &error);
  g_assert_no_error (error);

  vault = assay_vault_new (database);
  assay_kdf_params_init_fast (&params);
  assay_vault_create (vault, ASSAY_TEST_PASSPHRASE, &params, "Test Moderator", "Education",
                      &key, &error);
  g_assert_no_error (error);
  g_assert_false (assay_vault_get_locked (vault));

  if (recovery_key != NULL)
    *recovery_key = g_strdup (key);

  return g_steal_pointer (&vault);
}

AssayVault *
assay_test_vault_new_moderator (const char *dir,
                                const char *name,
                                const char *agency)
{
  g_autoptr(AssayVault) vault = assay_test_vault_new (dir, NULL);
  g_autoptr(AssayStore) store = NULL;
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = assay_test_caseload_fixture ("utf8.csv");

  assay_vault_set_profile (vault, name, agency, &error);
  g_assert_no_error (error);

  store = assay_store_new (vault);
  assay_caseload_import (store, csv, &result, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&vault);
}

void
assay_test_env_set_up (AssayTestEnv      *env,
                       AssayTestEnvFlags  flags)
{
  g_autoptr(GError) error = NULL;

  memset (env, 0, sizeof *env);
  env->dir = assay_test_mkdtemp ();
  env->path = g_build_filename (env->dir, "assay.db", NULL);

  if (flags & ASSAY_TEST_ENV_NO_VAULT)
    return;

  env->vault = assay_test_vault_new (env->dir, &env->recovery_key);
  if (flags & ASSAY_TEST_ENV_VAULT_SHUT)
    {
      g_clear_object (&env->vault);
      return;
    }

  env->store = assay_store_new (env->vault);
  env->frameworks = assay_frameworks_new ();

  if (flags & ASSAY_TEST_ENV_BUILTIN)
    {
      g_assert_true (assay_frameworks_load_builtin (env->frameworks, &error));
      g_assert_no_error (error);
    }

  if (flags & ASSAY_TEST_ENV_TINY)
    {
      g_autofree char *tiny = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                     "tiny.json", NULL);

      env->tiny = assay_framework_new_from_file (tiny, &error);
      g_assert_no_error (error);
      assay_frameworks_add (env->frameworks, env->tiny);
    }
}

void
assay_test_env_tear_down (AssayTestEnv *env)
{
  g_clear_object (&env->tiny);
  g_clear_object (&env->frameworks);
  g_clear_object (&env->store);
  g_clear_object (&env->vault);
  assay_test_rmdir (env->dir);
  g_clear_pointer (&env->dir, g_free);
  g_clear_pointer (&env->path, g_free);
  g_clear_pointer (&env->recovery_key, g_free);
}

void
assay_test_env_fixture_set_up (AssayTestEnv  *env,
                               gconstpointer  flags)
{
  assay_test_env_set_up (env, GPOINTER_TO_UINT (flags));
}

void
assay_test_env_fixture_tear_down (AssayTestEnv  *env,
                                  gconstpointer  data)
{
  assay_test_env_tear_down (env);
}

gboolean
assay_test_file_contains (const char    *path,
                          gconstpointer  needle,
                          gsize          needle_len)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;

  for (gsize i = 0; needle_len <= len && i <= len - needle_len; i++)
    if (memcmp (contents + i, needle, needle_len) == 0)
      return TRUE;

  return FALSE;
}

GBytes *
assay_test_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

char *
assay_test_write_file (const char *dir,
                       const char *name,
                       const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return path;
}

guint
assay_test_n_revisions (AssayVault *vault)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayStatement) stmt =
    assay_database_prepare (assay_vault_get_database (vault),
                            "SELECT count(*) FROM records", &error);

  g_assert_no_error (error);
  g_assert_true (assay_statement_step (stmt, &error));

  return (guint) assay_statement_get_int64 (stmt, 0);
}

char *
assay_test_caseload_fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "caseload", name, NULL);
}

AssayCaseloadResult *
assay_test_caseload_import (AssayStore *store,
                            const char *path)
{
  g_autoptr(GError) error = NULL;
  AssayCaseloadResult *result = NULL;

  g_assert_true (assay_caseload_import (store, path, &result, &error));
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_false (assay_store_in_transaction (store));

  return result;
}

AssayCaseloadResult *
assay_test_caseload_import_fixture (AssayStore *store,
                                    const char *name)
{
  g_autofree char *path = assay_test_caseload_fixture (name);

  return assay_test_caseload_import (store, path);
}

JsonObject *
assay_test_caseload_lookup (AssayStore *store,
                            const char *case_ref)
{
  g_autoptr(GError) error = NULL;
  JsonObject *fields = NULL;

  g_assert_true (assay_caseload_lookup (store, case_ref, &fields, &error));
  g_assert_no_error (error);
  g_assert_nonnull (fields);

  return fields;
}

void
assay_test_assert_caseload_same (AssayTestEnv *env,
                                 GPtrArray    *before,
                                 guint         n_revisions)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) after = NULL;

  g_assert_cmpuint (assay_test_n_revisions (env->vault), ==, n_revisions);
  after = assay_caseload_list (env->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    g_assert_true (json_object_equal (g_ptr_array_index (after, i),
                                      g_ptr_array_index (before, i)));
}

void
assay_test_assert_field (JsonObject *fields,
                         const char *name,
                         const char *expected)
{
  JsonNode *node = json_object_get_member (fields, name);
  g_autofree char *text = NULL;

  if (expected == NULL)
    {
      if (node != NULL)
        g_error ("%s: %s should be absent", json_object_get_string_member (fields, "case_ref"),
                 name);
      return;
    }

  g_assert_nonnull (node);
  text = assay_caseload_value_to_string (node);
  if (!g_str_equal (text, expected))
    g_error ("%s: %s is “%s”, not “%s”", json_object_get_string_member (fields, "case_ref"),
             name, text, expected);
}

void
assay_test_record_set_strings (AssayStore *store,
                               const char *collection,
                               const char *id,
                               const char *first_member,
                               ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayRecord) record = NULL;
  g_autoptr(AssayRecord) saved = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GBytes) payload = NULL;
  JsonObject *object;
  const char *member;
  const char *text;
  char *data;
  gsize len;
  va_list ap;

  record = assay_store_load (store, collection, id, &error);
  g_assert_no_error (error);

  text = assay_record_get_text (record, &len);
  json_parser_load_from_data (parser, text, (gssize) len, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));

  va_start (ap, first_member);
  for (member = first_member; member != NULL; member = va_arg (ap, const char *))
    json_object_set_string_member (object, member, va_arg (ap, const char *));
  va_end (ap);

  json_generator_set_root (generator, json_parser_get_root (parser));
  data = json_generator_to_data (generator, &len);
  payload = g_bytes_new_take (data, len);

  saved = assay_store_save (store, collection, id, payload, &error);
  g_assert_no_error (error);
}

/* The highest grade the criterion allows at or below @grade, else the
 * lowest it allows, else N/A: the derived grade is then close to @grade on
 * any framework. */
static AssayGrade
nearest_grade (const AssayCriterion *criterion,
               AssayGrade            grade)
{
  for (int g = grade; g >= ASSAY_GRADE_NOT_YET_BRONZE; g--)
    if (assay_criterion_allows (criterion, (AssayGrade) g))
      return (AssayGrade) g;
  for (int g = grade; g <= ASSAY_GRADE_GOLD; g++)
    if (assay_criterion_allows (criterion, (AssayGrade) g))
      return (AssayGrade) g;

  return ASSAY_GRADE_NA;
}

/* Grades every criterion of @audit: with @near, the grade it allows nearest
 * @grade, and @nyb Not yet Bronze where it allows that; else @grade where
 * allowed, N/A where that is, Not yet Bronze otherwise and for @nyb. */
static void
grade_every (AssayAudit *audit,
             AssayGrade  grade,
             const char *nyb,
             gboolean    near)
{
  AssayFramework *framework = assay_audit_get_framework (audit);

  for (guint s = 0; s < assay_framework_get_n_sections (framework); s++)
    {
      const AssaySection *section = assay_framework_get_section (framework, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const AssayCriterion *criterion = section->criteria->pdata[c];
          gboolean failing = g_strcmp0 (criterion->id, nyb) == 0;
          g_autoptr(GError) error = NULL;
          AssayGrade given;

          if (near)
            given = failing && assay_criterion_allows (criterion, ASSAY_GRADE_NOT_YET_BRONZE) ?
                    ASSAY_GRADE_NOT_YET_BRONZE : nearest_grade (criterion, grade);
          else if (failing)
            given = ASSAY_GRADE_NOT_YET_BRONZE;
          else if (assay_criterion_allows (criterion, grade))
            given = grade;
          else if (assay_criterion_allows_na (criterion, assay_audit_get_case_conditions (audit)))
            given = ASSAY_GRADE_NA;
          else
            given = ASSAY_GRADE_NOT_YET_BRONZE;

          assay_audit_set_grade (audit, criterion->id, given, NULL, &error);
          g_assert_no_error (error);
        }
    }
}

void
assay_test_audit_grade_all (AssayAudit *audit,
                            AssayGrade  grade,
                            const char *nyb)
{
  grade_every (audit, grade, nyb, FALSE);
  assay_test_audit_add_delivered_line (audit);
}

void
assay_test_audit_add_delivered_line (AssayAudit *audit)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  if (!assay_framework_has_provision_lines (assay_audit_get_framework (audit)) ||
      assay_audit_get_n_lines (audit) > 0)
    return;

  line = assay_audit_add_line (audit, "Speech and language therapy: 30 minutes a week, by a "
                                      "speech and language therapist", &error);
  g_assert_no_error (error);
  assay_audit_set_line (audit, line, ASSAY_DELIVERED_YES, "30 minutes on Tuesdays", NULL, NULL,
                        &error);
  g_assert_no_error (error);
}

void
assay_test_audit_become (AssayStore               *store,
                         const char               *id,
                         const AssayTestModerator *who)
{
  assay_test_record_set_strings (store, "audits", id, "moderator_id", who->id,
                                 "moderator", who->name, "agency", who->agency, NULL);
}

char *
assay_test_audit_finished (AssayStore               *store,
                           AssayFramework           *framework,
                           const char               *case_ref,
                           AssayGrade                grade,
                           const char               *finished,
                           const AssayTestModerator *who,
                           const char               *nyb)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) audit = NULL;
  char *id;

  audit = assay_audit_create (store, framework, case_ref, FALSE, &error);
  g_assert_no_error (error);
  assay_test_audit_grade_all (audit, grade, nyb);
  assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error);
  g_assert_no_error (error);

  id = g_strdup (assay_audit_get_id (audit));
  if (finished != NULL)
    assay_test_record_set_strings (store, "audits", id, "finished", finished, NULL);
  if (who != NULL)
    assay_test_audit_become (store, id, who);

  return id;
}

const AssayTestModerator assay_test_ann = {
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Ann Patel", "Health"
};
const AssayTestModerator assay_test_bob = {
  "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "Bob Jones", "Social care"
};
const AssayTestModerator assay_test_cal = {
  "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", "Cal Okoro", "Virtual school"
};


void
assay_test_audit_grade_near (AssayAudit *audit,
                             AssayGrade  grade,
                             const char *nyb)
{
  grade_every (audit, grade, nyb, TRUE);
}

/* An audit graded @grade overall (the moderator overrides the derived
 * grade with a reason where the framework's rule lands elsewhere), with
 * @nyb graded Not yet Bronze. */
static char *
partnership_audit (AssayStore               *store,
                   AssayFramework           *framework,
                   const char               *case_ref,
                   AssayGrade                grade,
                   const char               *nyb,
                   const char               *finished,
                   const AssayTestModerator *who)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) audit = assay_audit_create (store, framework, case_ref, FALSE, &error);
  g_autoptr(AssayGrading) grading = NULL;
  char *id;

  g_assert_no_error (error);
  assay_test_audit_grade_near (audit, grade, nyb);
  assay_test_audit_add_delivered_line (audit);

  if (g_str_equal (assay_framework_get_kind (framework), "setting-visit"))
    {
      assay_audit_add_action (audit, "Send the speech and language log to the SENCO",
                              "Class teacher", "2000-01-14", &error);
      g_assert_no_error (error);
      assay_audit_add_action (audit, "Timetable the weekly OT session", "SENCO", "2999-12-31",
                              &error);
      g_assert_no_error (error);
    }

  grading = assay_audit_compute (audit);
  assay_audit_finish (audit, grading->derived != grade ? grade : ASSAY_GRADE_NONE,
                      "The moderator’s judgement of the whole plan", &error);
  g_assert_no_error (error);

  id = g_strdup (assay_audit_get_id (audit));
  assay_test_record_set_strings (store, "audits", id, "finished", finished, NULL);
  if (who != NULL)
    assay_test_audit_become (store, id, who);

  return id;
}

static AssayFramework *
partnership_framework (AssayFrameworks *frameworks,
                       const char      *id)
{
  g_autoptr(GError) error = NULL;
  AssayFramework *framework = assay_frameworks_lookup (frameworks, id, NULL, &error);

  g_assert_no_error (error);

  return framework;
}

void
assay_test_make_partnership (AssayStore      *store,
                             AssayFrameworks *frameworks,
                             guint            n_plans)
{
  static const AssayGrade cycle[] = {
    ASSAY_GRADE_SILVER, ASSAY_GRADE_BRONZE, ASSAY_GRADE_GOLD, ASSAY_GRADE_BRONZE,
    ASSAY_GRADE_SILVER, ASSAY_GRADE_NOT_YET_BRONZE, ASSAY_GRADE_SILVER,
  };
  static const char * const failing[] = { "F2", "E1", "K1", "B3", "X2", NULL, "A1" };
  g_autoptr(AssayFramework) plan = partnership_framework (frameworks, "ehcp-new");
  g_autoptr(AssayFramework) review = partnership_framework (frameworks, "ehcp-annual-review");
  g_autoptr(AssayFramework) visit = partnership_framework (frameworks, "setting-visit");
  g_autoptr(GString) csv = g_string_new ("Case Ref,Plan Type,Team,Phase,Primary Need,CLA,"
                                         "Child Name\r\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayAudit) draft = NULL;
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autofree char *path = NULL;
  g_autofree char *id = NULL;
  int fd;

  for (guint i = 1; i <= n_plans; i++)
    g_string_append_printf (csv, "EHC-%03u,%s,\"%s\",%s,%s,%s,Never Stored\r\n", i,
                            i % 2 == 1 ? "new" : "annual-review",
                            i == 2 ? "=HYPERLINK(\"\"http://example.com\"\",\"\"North\"\")" :
                            i % 3 == 0 ? "South" : "North",
                            i % 2 == 1 ? "primary" : "secondary",
                            i % 4 == 0 ? "SEMH" : "ASD",
                            i % 5 == 0 ? "yes" : "no");

  fd = g_file_open_tmp ("assay-test-caseload-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, csv->str, (gssize) csv->len, &error);
  g_assert_no_error (error);
  assay_caseload_import (store, path, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, n_plans);
  g_unlink (path);

  for (guint i = 1; i <= n_plans; i++)
    {
      g_autofree char *case_ref = g_strdup_printf ("EHC-%03u", i);
      g_autofree char *finished = NULL;
      AssayFramework *framework = i % 2 == 1 ? plan : review;
      AssayGrade grade = cycle[i % G_N_ELEMENTS (cycle)];
      const char *nyb = failing[i % G_N_ELEMENTS (failing)];
      gboolean later = i > n_plans / 2;
      g_autofree char *own = NULL;

      finished = g_strdup_printf ("%s-%02uT10:00:00Z", later ? "2026-02" : "2025-11", 3 + i % 24);
      own = partnership_audit (store, framework, case_ref, grade, nyb, finished, NULL);

      if (i % 2 == 0)
        {
          /* Ann is a grade harsher on every fourth plan */
          AssayGrade theirs = i % 4 == 0 && grade > ASSAY_GRADE_NOT_YET_BRONZE ? grade - 1 : grade;
          g_autofree char *ann = partnership_audit (store, framework, case_ref, theirs, "F2",
                                                    finished, &assay_test_ann);
        }
      if (i % 3 == 0)
        {
          /* Bob is a grade softer on every sixth */
          AssayGrade theirs = i % 6 == 0 && grade < ASSAY_GRADE_GOLD ? grade + 1 : grade;
          g_autofree char *bob = partnership_audit (store, framework, case_ref, theirs, "K1",
                                                    finished, &assay_test_bob);
        }
    }

  id = partnership_audit (store, plan, "EHC-900", ASSAY_GRADE_SILVER, NULL,
                          "2026-02-20T10:00:00Z", NULL);
  g_clear_pointer (&id, g_free);
  id = partnership_audit (store, visit, "EHC-001", ASSAY_GRADE_SILVER, "P4",
                          "2026-02-21T10:00:00Z", NULL);

  if (n_plans >= 2)
    {
      assay_agreement_record (store, frameworks, "EHC-002", "ehcp-annual-review",
                              ASSAY_GRADE_BRONZE, "Section F is not specific enough", &error);
      g_assert_no_error (error);
    }

  draft = assay_audit_create (store, plan, "EHC-777", FALSE, &error);
  g_assert_no_error (error);
}

AssayComparison *
assay_test_compare (AssayTestEnv *env,
                    const char   *quarter,
                    const char   *agency)
{
  g_autoptr(GError) error = NULL;
  AssayCompareFilter filter = { quarter, agency };
  AssayComparison *comparison = assay_comparison_new (env->store, env->frameworks, &filter,
                                                      &error);

  g_assert_no_error (error);
  g_assert_nonnull (comparison);

  return comparison;
}

JsonNode *
assay_test_parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

void
assay_test_assert_members (JsonObject *object,
                           const char *members)
{
  g_auto(GStrv) names = g_strsplit (members, " ", -1);

  g_assert_nonnull (object);
  for (guint i = 0; names[i] != NULL; i++)
    if (!json_object_has_member (object, names[i]))
      g_error ("missing key “%s”", names[i]);
}

void
assay_test_befriend (AssayStore *store,
                     AssayVault *other,
                     gboolean    chair)
{
  const char *name = assay_vault_get_name (other);
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(AssayContact) added = NULL;
  g_autoptr(GError) error = NULL;

  contact = assay_contact_new (assay_vault_get_identity (other),
                               name != NULL && *name != '\0' ? name : "Colleague",
                               assay_vault_get_agency (other));
  contact->role = chair ? ASSAY_CONTACT_ROLE_CHAIR : ASSAY_CONTACT_ROLE_MODERATOR;
  contact->verified = TRUE;
  added = assay_contacts_add (store, contact, ASSAY_CONTACT_SET_ROLE | ASSAY_CONTACT_SET_VERIFIED,
                              &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
}
