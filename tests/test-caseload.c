/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-caseload.h"
#include "assay-error.h"
#include "assay-test-util.h"

typedef struct
{
  char       *dir;
  char       *path;
  AssayVault *vault;
  AssayStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = assay_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "assay.db", NULL);
  f->vault = assay_test_vault_new (f->dir, NULL);
  f->store = assay_store_new (f->vault);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  assay_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "caseload", name, NULL);
}

static char *
write_csv (Fixture    *f,
           const char *name,
           const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return path;
}

static AssayCaseloadResult *
import_ok (Fixture    *f,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  AssayCaseloadResult *result = NULL;

  g_assert_true (assay_caseload_import (f->store, path, &result, &error));
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_false (assay_store_in_transaction (f->store));

  return result;
}

static AssayCaseloadResult *
import_fixture (Fixture    *f,
                const char *name)
{
  g_autofree char *path = fixture_path (name);

  return import_ok (f, path);
}

static GPtrArray *
parse_fixture (const char           *name,
               AssayCaseloadResult **result)
{
  g_autofree char *path = fixture_path (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *cases = NULL;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_true (assay_caseload_parse (contents, len, &cases, NULL, result, &error));
  g_assert_no_error (error);

  return cases;
}

static JsonObject *
lookup (Fixture    *f,
        const char *case_ref)
{
  g_autoptr(GError) error = NULL;
  JsonObject *fields = NULL;

  g_assert_true (assay_caseload_lookup (f->store, case_ref, &fields, &error));
  g_assert_no_error (error);
  g_assert_nonnull (fields);

  return fields;
}

static guint
n_stored_revisions (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayStatement) stmt =
    assay_database_prepare (assay_vault_get_database (f->vault),
                            "SELECT count(*) FROM records", &error);

  g_assert_no_error (error);
  g_assert_true (assay_statement_step (stmt, &error));

  return (guint) assay_statement_get_int64 (stmt, 0);
}

static void
test_caseload_headers (void)
{
  static const struct
  {
    const char         *header;
    AssayCaseloadField  field;
  } headers[] = {
    /* Every canonical name and every alias in DESIGN.md's table. */
    { "case_ref", ASSAY_CASELOAD_FIELD_CASE_REF },
    { "Case Reference", ASSAY_CASELOAD_FIELD_CASE_REF },
    { "Case Ref", ASSAY_CASELOAD_FIELD_CASE_REF },
    { "EHCP Ref", ASSAY_CASELOAD_FIELD_CASE_REF },
    { "Plan Ref", ASSAY_CASELOAD_FIELD_CASE_REF },
    { "plan_type", ASSAY_CASELOAD_FIELD_PLAN_TYPE },
    { "Plan Type", ASSAY_CASELOAD_FIELD_PLAN_TYPE },
    { "Type", ASSAY_CASELOAD_FIELD_PLAN_TYPE },
    { "requested", ASSAY_CASELOAD_FIELD_REQUESTED },
    { "Date Requested", ASSAY_CASELOAD_FIELD_REQUESTED },
    { "EHCNA Request Date", ASSAY_CASELOAD_FIELD_REQUESTED },
    { "Request Date", ASSAY_CASELOAD_FIELD_REQUESTED },
    { "issued", ASSAY_CASELOAD_FIELD_ISSUED },
    { "Date Issued", ASSAY_CASELOAD_FIELD_ISSUED },
    { "Issue Date", ASSAY_CASELOAD_FIELD_ISSUED },
    { "Last Reviewed", ASSAY_CASELOAD_FIELD_ISSUED },
    { "team", ASSAY_CASELOAD_FIELD_TEAM },
    { "Locality", ASSAY_CASELOAD_FIELD_TEAM },
    { "Area", ASSAY_CASELOAD_FIELD_TEAM },
    { "Team Name", ASSAY_CASELOAD_FIELD_TEAM },
    { "caseworker", ASSAY_CASELOAD_FIELD_CASEWORKER },
    { "Case Officer", ASSAY_CASELOAD_FIELD_CASEWORKER },
    { "Caseworker Name", ASSAY_CASELOAD_FIELD_CASEWORKER },
    { "Officer", ASSAY_CASELOAD_FIELD_CASEWORKER },
    { "phase", ASSAY_CASELOAD_FIELD_PHASE },
    { "School Phase", ASSAY_CASELOAD_FIELD_PHASE },
    { "Key Stage Phase", ASSAY_CASELOAD_FIELD_PHASE },
    { "setting_type", ASSAY_CASELOAD_FIELD_SETTING_TYPE },
    { "Setting", ASSAY_CASELOAD_FIELD_SETTING_TYPE },
    { "Provision Type", ASSAY_CASELOAD_FIELD_SETTING_TYPE },
    { "primary_need", ASSAY_CASELOAD_FIELD_PRIMARY_NEED },
    { "Primary Need", ASSAY_CASELOAD_FIELD_PRIMARY_NEED },
    { "Primary SEN Need", ASSAY_CASELOAD_FIELD_PRIMARY_NEED },
    { "Need Type", ASSAY_CASELOAD_FIELD_PRIMARY_NEED },
    { "child_in_care", ASSAY_CASELOAD_FIELD_CHILD_IN_CARE },
    { "CLA", ASSAY_CASELOAD_FIELD_CHILD_IN_CARE },
    { "Looked After", ASSAY_CASELOAD_FIELD_CHILD_IN_CARE },
    { "Child In Care", ASSAY_CASELOAD_FIELD_CHILD_IN_CARE },
    /* Case, spaces, underscores and punctuation do not matter. */
    { "CASE_REF", ASSAY_CASELOAD_FIELD_CASE_REF },
    { "  case ref. ", ASSAY_CASELOAD_FIELD_CASE_REF },
    { "Case-Ref", ASSAY_CASELOAD_FIELD_CASE_REF },
    { "EHCP_REF", ASSAY_CASELOAD_FIELD_CASE_REF },
    { "plan type", ASSAY_CASELOAD_FIELD_PLAN_TYPE },
    { "E.H.C.N.A. request-date", ASSAY_CASELOAD_FIELD_REQUESTED },
    { "Primary S.E.N. Need:", ASSAY_CASELOAD_FIELD_PRIMARY_NEED },
    { "child-in-care?", ASSAY_CASELOAD_FIELD_CHILD_IN_CARE },
    { "settingtype", ASSAY_CASELOAD_FIELD_SETTING_TYPE },
  };
  static const char * const names[] = {
    "Name", "Child Name", "Forename", "Surname", "Full Name", "First Name", "Last Name",
    "CHILD_NAME", "child's name", "first-name",
  };
  static const char * const unknown[] = {
    "UPN", "Notes", "School", "Date of Birth", "", "Case", "Need", "Team Leader",
  };

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      AssayCaseloadField field = ASSAY_CASELOAD_N_FIELDS;

      g_test_message ("%s", headers[i].header);
      g_assert_true (assay_caseload_field_from_header (headers[i].header, &field));
      g_assert_cmpint (field, ==, headers[i].field);
      g_assert_false (assay_caseload_is_name_header (headers[i].header));
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (assay_caseload_is_name_header (names[i]));
      g_assert_false (assay_caseload_field_from_header (names[i], NULL));
    }

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_assert_false (assay_caseload_field_from_header (unknown[i], NULL));
      g_assert_false (assay_caseload_is_name_header (unknown[i]));
    }

  for (guint f = 0; f < ASSAY_CASELOAD_N_FIELDS; f++)
    {
      AssayCaseloadField field;

      g_assert_true (assay_caseload_field_from_header (assay_caseload_field_get_name (f),
                                                       &field));
      g_assert_cmpint (field, ==, f);
    }
}

/* NULL @expected: the value is refused, and the message names the field
 * and the value. */
static void
check_value (AssayCaseloadField  field,
             const char         *value,
             const char         *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = assay_caseload_normalise_value (field, value, &error);
  g_autofree char *text = NULL;

  g_test_message ("%s: “%s”", assay_caseload_field_get_name (field), value);

  if (expected == NULL)
    {
      /* Quoted back on one line. */
      g_autofree char *trimmed = g_strdelimit (g_strstrip (g_strdup (value)), "\r\n\t", ' ');

      g_assert_null (node);
      g_assert_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE);
      g_assert_true (g_str_has_prefix (error->message, assay_caseload_field_get_name (field)));
      g_assert_nonnull (strstr (error->message, trimmed));
      g_assert_cmpint (assay_error_get_exit_code (error), ==, ASSAY_EXIT_REJECTED);
      return;
    }

  g_assert_no_error (error);
  g_assert_nonnull (node);
  text = assay_caseload_value_to_string (node);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_caseload_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* Empty is absent, not an error. */
  node = assay_caseload_normalise_value (ASSAY_CASELOAD_FIELD_PHASE, "  ", &error);
  g_assert_null (node);
  g_assert_no_error (error);
  /* So is text of nothing but control characters (found by fuzzing). */
  node = assay_caseload_normalise_value (ASSAY_CASELOAD_FIELD_TEAM, "\x01\x10", &error);
  g_assert_null (node);
  g_assert_no_error (error);

  check_value (ASSAY_CASELOAD_FIELD_CASE_REF, "  EHC-0042 ", "EHC-0042");
  check_value (ASSAY_CASELOAD_FIELD_CASE_REF, "EHC\n0042", NULL);
  /* Excel's no-break spaces and a stray byte-order mark are blanks too. */
  check_value (ASSAY_CASELOAD_FIELD_CASE_REF, "\u00a0EHC-0042\u00a0\ufeff", "EHC-0042");

  check_value (ASSAY_CASELOAD_FIELD_PLAN_TYPE, "new", "new");
  check_value (ASSAY_CASELOAD_FIELD_PLAN_TYPE, "New Plan", "new");
  check_value (ASSAY_CASELOAD_FIELD_PLAN_TYPE, "Annual Review", "annual-review");
  check_value (ASSAY_CASELOAD_FIELD_PLAN_TYPE, "AR", "annual-review");
  check_value (ASSAY_CASELOAD_FIELD_PLAN_TYPE, "annual_review", "annual-review");
  check_value (ASSAY_CASELOAD_FIELD_PLAN_TYPE, "Phase Transfer", "phase-transfer");
  check_value (ASSAY_CASELOAD_FIELD_PLAN_TYPE, "Amendment", "amended");
  check_value (ASSAY_CASELOAD_FIELD_PLAN_TYPE, "Amended", "amended");
  check_value (ASSAY_CASELOAD_FIELD_PLAN_TYPE, "Ceased", NULL);
  /* Parts that disagree are not guessed between. */
  check_value (ASSAY_CASELOAD_FIELD_PLAN_TYPE, "Annual Review - Amended", NULL);

  check_value (ASSAY_CASELOAD_FIELD_REQUESTED, "2025-03-14", "2025-03-14");
  check_value (ASSAY_CASELOAD_FIELD_REQUESTED, "14/03/2025", "2025-03-14");
  check_value (ASSAY_CASELOAD_FIELD_REQUESTED, "4/3/2025", "2025-03-04");
  check_value (ASSAY_CASELOAD_FIELD_REQUESTED, "14-03-2025", "2025-03-14");
  check_value (ASSAY_CASELOAD_FIELD_REQUESTED, "14.03.2025", "2025-03-14");
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "14/03/2025 00:00", "2025-03-14");
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "2025-03-14T09:30:00.000Z", "2025-03-14");
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "29/02/2024", "2024-02-29");
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "29/02/2025", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "31/04/2025", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "2025-13-01", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "00/01/2025", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "14/03/25", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "03/14/2025", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "2025/03/14", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "14 March 2025", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "14/03/2025 lunchtime", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "99999999999/1/2025", NULL);

  check_value (ASSAY_CASELOAD_FIELD_TEAM, "  North \n West  ", "North West");
  check_value (ASSAY_CASELOAD_FIELD_CASEWORKER, "Siân Price", "Siân Price");

  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Early Years", "early-years");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "EYFS", "early-years");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Primary", "primary");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "SECONDARY", "secondary");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Post 16", "post-16");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "post16", "post-16");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Post-19", "post-19");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "KS2", NULL);
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "KS5", NULL);

  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Mainstream", "mainstream");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Special School", "special");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Resource Base", "resource-base");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Independent/Non-maintained", "independent");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Alternative Provision", "alternative");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Elective Home Education", "home");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Hospital", NULL);

  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "ASD", "ASD");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Autistic Spectrum Disorder", "ASD");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Social, Emotional and Mental Health", "SEMH");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Social Emotional & Mental Health", "SEMH");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED,
               "Speech, Language and Communication Needs", "SLCN");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Moderate Learning Difficulty", "MLD");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Severe Learning Difficulties", "SLD");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED,
               "Profound and Multiple Learning Difficulty", "PMLD");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "SPLD", "SpLD");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Specific Learning Difficulty", "SpLD");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Physical Disability", "PD");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Hearing Impairment", "HI");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Visual Impairment", "VI");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Multi-Sensory Impairment", "MSI");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Other Difficulty/Disability", "OTH");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Down syndrome", "DS");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "ASD - Autistic Spectrum Disorder", "ASD");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Autism (ASD)", "ASD");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "ASD (SEMH)", NULL);
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Dyslexia", NULL);

  for (guint i = 0; i < 8; i++)
    {
      static const char * const yes[] = { "yes", "Y", "TRUE", "1" };
      static const char * const no[] = { "No", "n", "false", "0" };

      check_value (ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, i < 4 ? yes[i] : no[i - 4],
                   i < 4 ? "yes" : "no");
    }
  check_value (ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, "maybe", NULL);

  g_clear_pointer (&node, json_node_unref);
  node = assay_caseload_normalise_value (ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, "Y", &error);
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);
  g_assert_true (json_node_get_boolean (node));
}

/* Each messy form of the same export reads as the same plans. */
static void
test_caseload_forms (void)
{
  static const struct
  {
    const char       *name;
    AssayCsvEncoding  encoding;
    gboolean          bom;
    const char       *ignored;
  } forms[] = {
    { "utf8-bom.csv", ASSAY_CSV_ENCODING_UTF8, TRUE, "" },
    { "windows-1252.csv", ASSAY_CSV_ENCODING_WINDOWS_1252, FALSE, "" },
    { "crlf.csv", ASSAY_CSV_ENCODING_UTF8, FALSE, "" },
    { "reordered.csv", ASSAY_CSV_ENCODING_UTF8, FALSE, "" },
    { "extra-columns.csv", ASSAY_CSV_ENCODING_UTF8, FALSE, "School,Notes" },
    { "blank-trailing.csv", ASSAY_CSV_ENCODING_UTF8, FALSE, "" },
  };
  g_autoptr(AssayCaseloadResult) reference_result = NULL;
  g_autoptr(GPtrArray) reference = parse_fixture ("utf8.csv", &reference_result);
  JsonObject *first = g_ptr_array_index (reference, 0);
  JsonObject *fifth = g_ptr_array_index (reference, 4);

  g_assert_cmpuint (reference->len, ==, 8);
  g_assert_cmpuint (reference_result->n_rows, ==, 8);
  g_assert_cmpuint (reference_result->rejected->len, ==, 0);
  g_assert_cmpuint (json_object_get_size (first), ==, ASSAY_CASELOAD_N_FIELDS);
  g_assert_cmpstr (json_object_get_string_member (first, "case_ref"), ==, "EHC-1001");
  g_assert_cmpstr (json_object_get_string_member (first, "caseworker"), ==, "Zoë Adebayo");
  g_assert_false (json_object_get_boolean_member (first, "child_in_care"));
  g_assert_cmpstr (json_object_get_string_member (fifth, "team"), ==, "Vale – Wantage");
  g_assert_true (json_object_get_boolean_member (fifth, "child_in_care"));

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(AssayCaseloadResult) result = NULL;
      g_autoptr(GPtrArray) cases = parse_fixture (forms[i].name, &result);
      g_auto(GStrv) ignored = g_strsplit (forms[i].ignored, ",", -1);

      g_test_message ("%s", forms[i].name);
      g_assert_cmpuint (cases->len, ==, reference->len);
      for (guint c = 0; c < cases->len; c++)
        g_assert_true (json_object_equal (g_ptr_array_index (cases, c),
                                          g_ptr_array_index (reference, c)));

      g_assert_cmpuint (result->n_rows, ==, 8);
      g_assert_cmpuint (result->rejected->len, ==, 0);
      g_assert_cmpuint (result->dropped_columns->len, ==, 0);
      g_assert_cmpint (result->encoding, ==, forms[i].encoding);
      g_assert_cmpint (result->had_bom, ==, forms[i].bom);

      /* Unknown columns are listed once each; an unnamed one not at all. */
      g_assert_cmpuint (result->ignored_columns->len, ==, g_strv_length (ignored));
      for (guint c = 0; ignored[c] != NULL; c++)
        g_assert_cmpstr (g_ptr_array_index (result->ignored_columns, c), ==, ignored[c]);
    }
}

static void
test_caseload_quoted (void)
{
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GPtrArray) cases = parse_fixture ("quoted.csv", &result);
  JsonObject *a, *b, *c;

  g_assert_cmpuint (cases->len, ==, 3);
  a = g_ptr_array_index (cases, 0);
  b = g_ptr_array_index (cases, 1);
  c = g_ptr_array_index (cases, 2);

  g_assert_cmpstr (json_object_get_string_member (a, "team"), ==, "Oxford, City");
  g_assert_cmpstr (json_object_get_string_member (a, "caseworker"), ==, "Priya Shah");
  g_assert_cmpstr (json_object_get_string_member (a, "primary_need"), ==, "SEMH");
  g_assert_cmpstr (json_object_get_string_member (b, "caseworker"), ==, "Rhys \"Rhi\" O'Neill");
  g_assert_cmpstr (json_object_get_string_member (b, "primary_need"), ==, "ASD");
  g_assert_cmpstr (json_object_get_string_member (c, "team"), ==, "North Rural");
  g_assert_cmpstr (json_object_get_string_member (c, "phase"), ==, "post-16");
  /* An empty cell leaves the field out. */
  g_assert_false (json_object_has_member (c, "caseworker"));
  g_assert_false (json_object_has_member (c, "child_in_care"));
}

static void
test_caseload_round_trip (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(AssayCaseloadResult) first = import_fixture (f, "utf8.csv");
  g_autoptr(AssayCaseloadResult) again = NULL;
  g_autoptr(AssayCaseloadResult) other_form = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *missing = NULL;

  g_assert_cmpuint (first->added, ==, 8);
  g_assert_cmpuint (first->updated, ==, 0);
  g_assert_cmpuint (first->unchanged, ==, 0);
  g_assert_cmpuint (n_stored_revisions (f), ==, 8);

  cases = assay_caseload_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 8);
  for (guint i = 0; i < cases->len; i++)
    {
      g_autofree char *expected = g_strdup_printf ("EHC-100%u", i + 1);

      g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (cases, i), "case_ref"),
                       ==, expected);
    }

  fields = lookup (f, "EHC-1005");
  g_assert_cmpstr (json_object_get_string_member (fields, "team"), ==, "Vale – Wantage");
  g_assert_cmpstr (json_object_get_string_member (fields, "issued"), ==, "2025-03-14");
  g_assert_cmpstr (json_object_get_string_member (fields, "primary_need"), ==, "SpLD");
  g_assert_true (json_object_get_boolean_member (fields, "child_in_care"));

  /* As a person might paste it. */
  g_clear_pointer (&fields, json_object_unref);
  fields = lookup (f, " EHC-1005\u00a0");
  g_assert_cmpstr (json_object_get_string_member (fields, "case_ref"), ==, "EHC-1005");

  g_assert_false (assay_caseload_lookup (f->store, "EHC-9999", &missing, &error));
  g_assert_no_error (error);
  g_assert_null (missing);

  /* The same file again, and the same plans in another form: no writes. */
  again = import_fixture (f, "utf8.csv");
  g_assert_cmpuint (again->added, ==, 0);
  g_assert_cmpuint (again->updated, ==, 0);
  g_assert_cmpuint (again->unchanged, ==, 8);
  other_form = import_fixture (f, "reordered.csv");
  g_assert_cmpuint (other_form->unchanged, ==, 8);
  g_assert_cmpuint (n_stored_revisions (f), ==, 8);
}

static void
test_caseload_update (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AssayCaseloadResult) first = import_fixture (f, "utf8.csv");
  g_autoptr(AssayCaseloadResult) changed = NULL;
  g_autoptr(AssayCaseloadResult) partial = NULL;
  g_autoptr(AssayCaseloadResult) cleared = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *modified_path = NULL;
  g_autofree char *partial_path = NULL;
  g_autofree char *cleared_path = NULL;
  g_autofree char *utf8 = fixture_path ("utf8.csv");
  GString *modified;
  char *at;

  g_assert_cmpuint (first->added, ==, 8);

  /* EHC-1003 moves on to post-19, and a new plan arrives. */
  g_file_get_contents (utf8, &original, NULL, &error);
  g_assert_no_error (error);
  modified = g_string_new (original);
  at = strstr (modified->str, "Rhys O'Neill,post-16");
  g_assert_nonnull (at);
  memcpy (at + strlen ("Rhys O'Neill,post-1"), "9", 1);
  g_string_append (modified, "EHC-1009,new,2025-01-06,2025-05-01,City,Priya Shah,primary,"
                             "mainstream,VI,no\n");
  modified_path = write_csv (f, "modified.csv", modified->str);
  g_string_free (modified, TRUE);

  changed = import_ok (f, modified_path);
  g_assert_cmpuint (changed->added, ==, 1);
  g_assert_cmpuint (changed->updated, ==, 1);
  g_assert_cmpuint (changed->unchanged, ==, 7);
  g_assert_cmpuint (n_stored_revisions (f), ==, 10);

  fields = lookup (f, "EHC-1003");
  g_assert_cmpstr (json_object_get_string_member (fields, "phase"), ==, "post-19");

  /* The changed plan is the same record at revision 2. */
  records = assay_store_list (f->store, ASSAY_CASELOAD_COLLECTION, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < records->len; i++)
    {
      AssayRecord *record = g_ptr_array_index (records, i);
      const char *text = assay_record_get_text (record, NULL);

      g_assert_cmpint (record->revision, ==,
                       strstr (text, "\"EHC-1003\"") != NULL ? 2 : 1);
    }

  /* A file without a column keeps the stored values of that field. */
  partial_path = write_csv (f, "partial.csv", "Case Ref,School Phase\nEHC-1001,secondary\n"
                                              "EHC-1002,secondary\n");
  partial = import_ok (f, partial_path);
  g_assert_cmpuint (partial->updated, ==, 1);
  g_assert_cmpuint (partial->unchanged, ==, 1);
  g_clear_pointer (&fields, json_object_unref);
  fields = lookup (f, "EHC-1001");
  g_assert_cmpstr (json_object_get_string_member (fields, "phase"), ==, "secondary");
  g_assert_cmpstr (json_object_get_string_member (fields, "team"), ==, "North");
  g_assert_cmpstr (json_object_get_string_member (fields, "requested"), ==, "2024-09-02");

  /* An empty cell in a column that is there clears the field. */
  cleared_path = write_csv (f, "cleared.csv", "case_ref,team\nEHC-1001,\n");
  cleared = import_ok (f, cleared_path);
  g_assert_cmpuint (cleared->updated, ==, 1);
  g_clear_pointer (&fields, json_object_unref);
  fields = lookup (f, "EHC-1001");
  g_assert_false (json_object_has_member (fields, "team"));
  g_assert_cmpstr (json_object_get_string_member (fields, "phase"), ==, "secondary");
}

static void
assert_absent (const char *db,
               const char *needle)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);

  g_assert_false (assay_test_file_contains (db, needle, strlen (needle)));
  g_assert_false (assay_test_file_contains (wal, needle, strlen (needle)));
}

static void
test_caseload_names (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AssayCaseloadResult) result = import_fixture (f, "names.csv");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  static const char * const secrets[] = {
    "Amelia", "Hartley-Quinn", "Tobias", "Wrenfield", "EHC-3001", "North",
  };

  g_assert_cmpuint (result->added, ==, 2);
  g_assert_cmpuint (result->dropped_columns->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (result->dropped_columns, 0), ==, "Child Name");
  g_assert_cmpstr (g_ptr_array_index (result->dropped_columns, 1), ==, "Forename");
  g_assert_cmpstr (g_ptr_array_index (result->dropped_columns, 2), ==, "Surname");
  g_assert_cmpuint (result->ignored_columns->len, ==, 0);

  /* Not among the stored fields... */
  fields = lookup (f, "EHC-3001");
  g_assert_cmpuint (json_object_get_size (fields), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (fields, "team"), ==, "North");
  records = assay_store_list (f->store, ASSAY_CASELOAD_COLLECTION, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < records->len; i++)
    {
      const char *text = assay_record_get_text (g_ptr_array_index (records, i), NULL);

      g_assert_null (strstr (text, "Amelia"));
      g_assert_null (strstr (text, "Hartley"));
      g_assert_null (strstr (text, "Tobias"));
    }

  /* ...nor anywhere in the files, in plaintext or otherwise: the names were
   * never handed to the store. The scan can see plaintext ids, so it would
   * see a name. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (assay_test_file_contains (wal, ((AssayRecord *) records->pdata[0])->id, 36));
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    assert_absent (f->path, secrets[i]);

  g_assert_true (assay_database_checkpoint (assay_vault_get_database (f->vault), &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    assert_absent (f->path, secrets[i]);
}

static void
test_caseload_bad_rows (Fixture       *f,
                        gconstpointer  data)
{
  static const struct
  {
    guint       line;
    const char *reason;
  } expected[] = {
    { 3, "issued “31/02/2025” is not a real date" },
    { 4, "primary_need “Dyslexia” is not one of ASD, SEMH, SLCN, MLD, SLD, PMLD, SpLD, PD, HI, "
         "VI, MSI, OTH, DS or their names" },
    { 5, "plan_type “sometimes” is not one of new, annual-review, phase-transfer, amended; "
         "child_in_care “maybe” is not one of yes, no, y, n, true, false, 1, 0" },
    { 6, "case_ref is empty" },
    { 7, "phase “KS5” is not one of early-years, primary, secondary, post-16, post-19" },
    { 8, "case_ref “BAD-01” is already on line 2" },
    { 9, "the row has 4 fields but the header has 7" },
    { 12, "issued “2025-13-01” is not a real date" },
  };
  g_autoptr(AssayCaseloadResult) result = import_fixture (f, "bad-rows.csv");
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(JsonObject) two_lines = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (result->n_rows, ==, 11);
  g_assert_cmpuint (result->added, ==, 3);
  g_assert_cmpuint (result->rejected->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      AssayCaseloadRejection *rejection = g_ptr_array_index (result->rejected, i);

      g_assert_cmpuint (rejection->line, ==, expected[i].line);
      g_assert_cmpstr (rejection->reason, ==, expected[i].reason);
    }

  /* The good rows are in; the first BAD-01 won over its duplicate. */
  cases = assay_caseload_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 3);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (cases, 0), "team"), ==,
                   "North");

  two_lines = lookup (f, "BAD-07");
  g_assert_cmpstr (json_object_get_string_member (two_lines, "team"), ==, "City Centre");
  g_assert_cmpstr (json_object_get_string_member (two_lines, "issued"), ==, "2025-03-14");
  g_assert_true (json_object_get_boolean_member (two_lines, "child_in_care"));
}

static void
assert_rejected_file (Fixture    *f,
                      const char *path,
                      GQuark      domain,
                      int         code,
                      const char *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayCaseloadResult) result = NULL;

  g_test_message ("%s", path);
  g_assert_false (assay_caseload_import (f->store, path, &result, &error));
  g_assert_null (result);
  g_assert_error (error, domain, code);
  g_assert_true (g_str_has_prefix (error->message, path));
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("“%s” is not in “%s”", in_message, error->message);
  g_assert_cmpint (assay_error_get_exit_code (error), ==, ASSAY_EXIT_REJECTED);
  g_assert_false (assay_store_in_transaction (f->store));
}

static void
test_caseload_rejected_files (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(AssayCaseloadResult) first = import_fixture (f, "utf8.csv");
  g_autofree char *not_caseload = fixture_path ("not-a-caseload.csv");
  g_autofree char *xlsx = fixture_path ("spreadsheet.xlsx");
  g_autofree char *missing = g_build_filename (f->dir, "missing.csv", NULL);
  g_autofree char *empty = write_csv (f, "empty.csv", "");
  g_autofree char *blank = write_csv (f, "blank.csv", "\r\n\r\n");
  g_autofree char *semicolons = write_csv (f, "semicolons.csv",
                                           "case_ref;team\nEHC-1001;South\n");
  g_autofree char *unterminated = write_csv (f, "unterminated.csv",
                                             "case_ref,team\nEHC-1001,South\n"
                                             "EHC-1002,\"South\nEHC-1003,North\n");
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (first->added, ==, 8);
  before = assay_caseload_list (f->store, &error);
  g_assert_no_error (error);

  assert_rejected_file (f, not_caseload, ASSAY_CASELOAD_ERROR,
                        ASSAY_CASELOAD_ERROR_NOT_CASELOAD, "case reference");
  assert_rejected_file (f, xlsx, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_NOT_TEXT, ".xlsx");
  assert_rejected_file (f, missing, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_READ, NULL);
  assert_rejected_file (f, f->dir, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_READ, "folder");
  assert_rejected_file (f, empty, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_EMPTY, NULL);
  assert_rejected_file (f, blank, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_EMPTY, NULL);
  assert_rejected_file (f, semicolons, ASSAY_CASELOAD_ERROR,
                        ASSAY_CASELOAD_ERROR_NOT_CASELOAD, "semicolons");
  assert_rejected_file (f, unterminated, ASSAY_CSV_ERROR, ASSAY_CSV_ERROR_UNTERMINATED,
                        "line 3");

  /* Nothing changed. */
  g_assert_cmpuint (n_stored_revisions (f), ==, 8);
  after = assay_caseload_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    g_assert_true (json_object_equal (g_ptr_array_index (after, i),
                                      g_ptr_array_index (before, i)));
}

static void
test_caseload_atomic (Fixture       *f,
                      gconstpointer  data)
{
  AssayDatabase *database = assay_vault_get_database (f->vault);
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(AssayCaseloadResult) retry = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path ("utf8.csv");

  /* The fifth write fails, as a full disk would make it. */
  g_assert_true (assay_database_exec (database,
                                      "CREATE TEMP TRIGGER fail_fifth BEFORE INSERT ON records "
                                      "WHEN (SELECT count(*) FROM records) >= 4 "
                                      "BEGIN SELECT RAISE(ABORT, 'disk full'); END",
                                      &error));
  g_assert_no_error (error);

  g_assert_false (assay_caseload_import (f->store, path, &result, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "disk full"));
  g_clear_error (&error);
  g_assert_null (result);
  g_assert_false (assay_store_in_transaction (f->store));

  /* None of the four before it were kept. */
  g_assert_cmpuint (n_stored_revisions (f), ==, 0);
  cases = assay_caseload_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 0);

  g_assert_true (assay_database_exec (database, "DROP TRIGGER fail_fifth", &error));
  retry = import_ok (f, path);
  g_assert_cmpuint (retry->added, ==, 8);
}

static void
test_caseload_large (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const teams[] = { "North", "South", "City", "Vale" };
  static const char * const phases[] = { "primary", "secondary", "post-16", "early-years" };
  guint n = 10000;
  g_autoptr(GString) text = g_string_new ("Case Ref,Locality,School Phase,CLA\n");
  g_autoptr(AssayCaseloadResult) first = NULL;
  g_autoptr(AssayCaseloadResult) again = NULL;
  g_autofree char *path = NULL;
  gint64 start;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "EHC-%05u,%s,%s,%s\n", i, teams[i % 4], phases[(i / 4) % 4],
                            i % 9 == 0 ? "Y" : "N");
  path = write_csv (f, "large.csv", text->str);

  start = g_get_monotonic_time ();
  first = import_ok (f, path);
  g_test_message ("imported %u plans in %.2f s", n,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_assert_cmpuint (first->added, ==, n);

  start = g_get_monotonic_time ();
  again = import_ok (f, path);
  g_test_message ("re-imported %u unchanged plans in %.2f s", n,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_assert_cmpuint (again->unchanged, ==, n);
  g_assert_cmpuint (n_stored_revisions (f), ==, n);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/caseload/headers", test_caseload_headers);
  g_test_add_func ("/caseload/values", test_caseload_values);
  g_test_add_func ("/caseload/forms", test_caseload_forms);
  g_test_add_func ("/caseload/quoted", test_caseload_quoted);
  ADD ("/caseload/round-trip", test_caseload_round_trip);
  ADD ("/caseload/update", test_caseload_update);
  ADD ("/caseload/names", test_caseload_names);
  ADD ("/caseload/bad-rows", test_caseload_bad_rows);
  ADD ("/caseload/rejected-files", test_caseload_rejected_files);
  ADD ("/caseload/atomic", test_caseload_atomic);
  ADD ("/caseload/large", test_caseload_large);

#undef ADD

  return g_test_run ();
}
