/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-caseload.h"
#include "assay-error.h"
#include "assay-test-util.h"

/* A folder with a vault, its store: the shared test environment. */
typedef AssayTestEnv Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  assay_test_env_set_up (f, ASSAY_TEST_ENV_DEFAULT);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  assay_test_env_tear_down (f);
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
    { "Person ID", ASSAY_CASELOAD_FIELD_CASE_REF },
    { "Case ID", ASSAY_CASELOAD_FIELD_CASE_REF },
    { "EHCP ID", ASSAY_CASELOAD_FIELD_CASE_REF },
    { "Case Number", ASSAY_CASELOAD_FIELD_CASE_REF },
    { "Plan ID", ASSAY_CASELOAD_FIELD_CASE_REF },
    { "plan_type", ASSAY_CASELOAD_FIELD_PLAN_TYPE },
    { "Plan Type", ASSAY_CASELOAD_FIELD_PLAN_TYPE },
    { "Type", ASSAY_CASELOAD_FIELD_PLAN_TYPE },
    { "requested", ASSAY_CASELOAD_FIELD_REQUESTED },
    { "Date Requested", ASSAY_CASELOAD_FIELD_REQUESTED },
    { "EHCNA Request Date", ASSAY_CASELOAD_FIELD_REQUESTED },
    { "Request Date", ASSAY_CASELOAD_FIELD_REQUESTED },
    { "ReceivedDate", ASSAY_CASELOAD_FIELD_REQUESTED },
    { "Request received", ASSAY_CASELOAD_FIELD_REQUESTED },
    { "issued", ASSAY_CASELOAD_FIELD_ISSUED },
    { "Date Issued", ASSAY_CASELOAD_FIELD_ISSUED },
    { "Issue Date", ASSAY_CASELOAD_FIELD_ISSUED },
    { "StartDate", ASSAY_CASELOAD_FIELD_ISSUED },
    { "Date EHCP issued", ASSAY_CASELOAD_FIELD_ISSUED },
    /* A review is not an issue: its own field, no longer an alias of issued */
    { "last_review", ASSAY_CASELOAD_FIELD_LAST_REVIEW },
    { "Last Reviewed", ASSAY_CASELOAD_FIELD_LAST_REVIEW },
    { "LastReview", ASSAY_CASELOAD_FIELD_LAST_REVIEW },
    { "Annual review date", ASSAY_CASELOAD_FIELD_LAST_REVIEW },
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
    /* The phase's NC-year aliases fill nc_year, from which the phase follows */
    { "NC Year", ASSAY_CASELOAD_FIELD_NC_YEAR },
    { "Year Group", ASSAY_CASELOAD_FIELD_NC_YEAR },
    { "National Curriculum Year", ASSAY_CASELOAD_FIELD_NC_YEAR },
    { "nc_year", ASSAY_CASELOAD_FIELD_NC_YEAR },
    { "Key Stage", ASSAY_CASELOAD_FIELD_KEY_STAGE },
    { "key_stage", ASSAY_CASELOAD_FIELD_KEY_STAGE },
    { "setting_type", ASSAY_CASELOAD_FIELD_SETTING_TYPE },
    { "Setting", ASSAY_CASELOAD_FIELD_SETTING_TYPE },
    { "Provision Type", ASSAY_CASELOAD_FIELD_SETTING_TYPE },
    { "SENSetting", ASSAY_CASELOAD_FIELD_SETTING_TYPE },
    { "Establishment type", ASSAY_CASELOAD_FIELD_SETTING_TYPE },
    { "primary_need", ASSAY_CASELOAD_FIELD_PRIMARY_NEED },
    { "Primary Need", ASSAY_CASELOAD_FIELD_PRIMARY_NEED },
    { "Primary SEN Need", ASSAY_CASELOAD_FIELD_PRIMARY_NEED },
    { "Need Type", ASSAY_CASELOAD_FIELD_PRIMARY_NEED },
    { "SENtype", ASSAY_CASELOAD_FIELD_PRIMARY_NEED },
    { "Primary need type", ASSAY_CASELOAD_FIELD_PRIMARY_NEED },
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
  /* Identify a child without naming one: never stored either */
  static const char * const identifiers[] = {
    "UPN", "Former UPN", "ULN", "NHS Number", "NHS No.", "Date of Birth", "DOB", "Child DOB",
    "Birth Date", "Address", "Address Line 1", "Address 2", "Home Address", "Postcode",
    "Post Code",
  };
  static const char * const unknown[] = {
    "Notes", "School", "", "Case", "Need", "Team Leader", "Year", "School Name", "Review",
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
      g_assert_true (assay_caseload_is_identifier_header (names[i]));
      g_assert_false (assay_caseload_field_from_header (names[i], NULL));
    }

  for (guint i = 0; i < G_N_ELEMENTS (identifiers); i++)
    {
      g_test_message ("%s", identifiers[i]);
      g_assert_true (assay_caseload_is_identifier_header (identifiers[i]));
      g_assert_false (assay_caseload_is_name_header (identifiers[i]));
      g_assert_false (assay_caseload_field_from_header (identifiers[i], NULL));
    }

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_assert_false (assay_caseload_field_from_header (unknown[i], NULL));
      g_assert_false (assay_caseload_is_identifier_header (unknown[i]));
    }

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    g_assert_false (assay_caseload_is_identifier_header (headers[i].header));

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
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "14/03/2025 lunchtime", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "99999999999/1/2025", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "14/03-2025", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "March 2025", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "14 Smarch 2025", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "13/13/2025", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "yesterday", NULL);

  /* The forms councils' exports use, all the same day */
  {
    static const char * const june_first[] = {
      "2024-06-01", "01/06/2024", "1/6/24", "01-Jun-2024", "1 June 2024", "1st June 2024",
      "Saturday 1 June 2024", "June 1, 2024", "01 JUN 24", "1-jun-24", "2024/06/01",
      "2024-06-01T00:00:00", "2024-06-01 00:00:00", "01/06/2024 00:00", "2024-06-01T09:30:00Z",
      "2024-06-01T09:30:00+01:00", "01/06/2024 12:00:00 AM", "20240601", "01.06.2024",
      /* Excel's date number, in the 1900 system: 45444 is 1 June 2024 */
      "45444", "45444.5",
    };

    for (guint i = 0; i < G_N_ELEMENTS (june_first); i++)
      check_value (ASSAY_CASELOAD_FIELD_LAST_REVIEW, june_first[i], "2024-06-01");
  }
  /* Two-digit years are this century */
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "14/03/25", "2025-03-14");
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "14-Mar-99", "2099-03-14");
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "2025/03/14", "2025-03-14");
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "14 March 2025", "2025-03-14");
  /* Either way round is a real date: day first, the UK's way */
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "03/04/2025", "2025-04-03");
  /* Only month first is: read so (the import warns about it) */
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "03/14/2025", "2025-03-14");
  /* Excel's numbers: 60 is the 29 February 1900 Excel invented, 61 the
   * first day after it; both far outside a plan's dates, as is a year */
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "36526", "2000-01-01");
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "73050", "2099-12-31");
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "36525", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "73051", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "60", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "2024", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "99999999999999999999999", NULL);
  check_value (ASSAY_CASELOAD_FIELD_ISSUED, "45444.", NULL);

  check_value (ASSAY_CASELOAD_FIELD_TEAM, "  North \n West  ", "North West");
  check_value (ASSAY_CASELOAD_FIELD_CASEWORKER, "Siân Price", "Siân Price");

  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Early Years", "early-years");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "EYFS", "early-years");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Primary", "primary");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "SECONDARY", "secondary");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Post 16", "post-16");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "post16", "post-16");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Post-19", "post-19");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "FE", "post-16");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Nursery", "early-years");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Reception", "early-years");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Year N", "early-years");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Year R", "early-years");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Year 1", "primary");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Y6", "primary");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Year 7", "secondary");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Yr 11", "secondary");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Year 12", "post-16");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Year 14", "post-16");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "KS1", "primary");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Key Stage 2", "primary");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "KS3", "secondary");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "KS4", "secondary");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "KS5", "post-16");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Secondary - Year 9", "secondary");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Year 9 (KS3)", "secondary");
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Primary - Year 9", NULL);
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "Year 15", NULL);
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "KS6", NULL);
  /* A bare number is a year only in a year column */
  check_value (ASSAY_CASELOAD_FIELD_PHASE, "7", NULL);

  check_value (ASSAY_CASELOAD_FIELD_NC_YEAR, "7", "7");
  check_value (ASSAY_CASELOAD_FIELD_NC_YEAR, "Year 7", "7");
  check_value (ASSAY_CASELOAD_FIELD_NC_YEAR, "Y10", "10");
  check_value (ASSAY_CASELOAD_FIELD_NC_YEAR, "14", "14");
  check_value (ASSAY_CASELOAD_FIELD_NC_YEAR, "N", "N");
  check_value (ASSAY_CASELOAD_FIELD_NC_YEAR, "Nursery", "N");
  check_value (ASSAY_CASELOAD_FIELD_NC_YEAR, "r", "R");
  check_value (ASSAY_CASELOAD_FIELD_NC_YEAR, "Reception", "R");
  check_value (ASSAY_CASELOAD_FIELD_NC_YEAR, "0", NULL);
  check_value (ASSAY_CASELOAD_FIELD_NC_YEAR, "15", NULL);
  check_value (ASSAY_CASELOAD_FIELD_NC_YEAR, "KS3", NULL);
  check_value (ASSAY_CASELOAD_FIELD_NC_YEAR, "Secondary", NULL);

  check_value (ASSAY_CASELOAD_FIELD_KEY_STAGE, "KS3", "KS3");
  check_value (ASSAY_CASELOAD_FIELD_KEY_STAGE, "Key Stage 3", "KS3");
  check_value (ASSAY_CASELOAD_FIELD_KEY_STAGE, "3", "KS3");
  check_value (ASSAY_CASELOAD_FIELD_KEY_STAGE, "Year 7", "KS3");
  check_value (ASSAY_CASELOAD_FIELD_KEY_STAGE, "Year 12", "KS5");
  check_value (ASSAY_CASELOAD_FIELD_KEY_STAGE, "EYFS", "EYFS");
  check_value (ASSAY_CASELOAD_FIELD_KEY_STAGE, "Reception", "EYFS");
  check_value (ASSAY_CASELOAD_FIELD_KEY_STAGE, "KS6", NULL);
  check_value (ASSAY_CASELOAD_FIELD_KEY_STAGE, "Primary", NULL);

  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Mainstream", "mainstream");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Special School", "special");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Resource Base", "resource-base");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Independent/Non-maintained", "independent");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Alternative Provision", "alternative");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Elective Home Education", "home");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "EOTAS", "home");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Academy", "mainstream");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Free School", "mainstream");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Maintained", "mainstream");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Special Academy", "special");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Resource Unit", "resource-base");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Independent (special)", "independent");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "FE College", "further-education");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Sixth-form college", "further-education");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "further-education", "further-education");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "NEET", "none");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Not in education", "none");
  check_value (ASSAY_CASELOAD_FIELD_SETTING_TYPE, "none", "none");
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
  /* Not one of the 13 categories, so not a need of its own any more */
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Down syndrome", NULL);
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "DS", NULL);
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "BESD", NULL);
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "ASD - Autistic Spectrum Disorder", "ASD");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Autism (ASD)", "ASD");
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "ASD (SEMH)", NULL);
  check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Dyslexia", NULL);

  /* The 13 categories as the SEN2 and school census guides print them,
   * their codes, and the variants exports use */
  {
    static const struct
    {
      const char *value;
      const char *code;
    } needs[] = {
      { "Specific Learning Difficulty", "SpLD" },
      { "Moderate Learning Difficulty", "MLD" },
      { "Severe Learning Difficulty", "SLD" },
      { "Profound & Multiple Learning Difficulty", "PMLD" },
      { "Social, Emotional and Mental Health", "SEMH" },
      { "Speech, Language and Communications needs", "SLCN" },
      { "Hearing Impairment", "HI" },
      { "Visual Impairment", "VI" },
      { "Multi-Sensory Impairment", "MSI" },
      { "Physical Disability", "PD" },
      { "Autistic Spectrum Disorder", "ASD" },
      { "Other Difficulty/Disability", "OTH" },
      { "SEN support but no specialist assessment of type of need", "NSA" },
      { "ASD", "ASD" }, { "SEMH", "SEMH" }, { "SLCN", "SLCN" }, { "MLD", "MLD" },
      { "SLD", "SLD" }, { "PMLD", "PMLD" }, { "SPLD", "SpLD" }, { "SpLD", "SpLD" },
      { "PD", "PD" }, { "HI", "HI" }, { "VI", "VI" }, { "MSI", "MSI" }, { "OTH", "OTH" },
      { "NSA", "NSA" }, { "nsa", "NSA" },
      { "Speech, language and communication needs", "SLCN" },
      { "Speech Language & Communication Need", "SLCN" },
      { "Social Emotional Mental Health", "SEMH" },
      { "Social, emotional and mental health needs", "SEMH" },
      { "Autism Spectrum Condition", "ASD" },
      { "Autism", "ASD" },
      { "ASC", "ASD" },
      { "Autistic Spectrum Disorders", "ASD" },
      { "Moderate Learning Difficulties", "MLD" },
      { "Severe Learning Difficulties", "SLD" },
      { "Profound and Multiple Learning Difficulties", "PMLD" },
      { "Specific Learning Difficulties", "SpLD" },
      { "Physical Disabilities", "PD" },
      { "Hearing Impairments", "HI" },
      { "Visual Impairments", "VI" },
      { "Multisensory Impairment", "MSI" },
      { "Other Difficulties/Disabilities", "OTH" },
      { "Other difficulty or disability", "OTH" },
      { "SEN support but no specialist assessment of type of need (NSA)", "NSA" },
      { "SLCN - Speech, Language and Communications needs", "SLCN" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (needs); i++)
      check_value (ASSAY_CASELOAD_FIELD_PRIMARY_NEED, needs[i].value, needs[i].code);
  }

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
  /* The ten columns; a phase alone gives no year or key stage */
  g_assert_cmpuint (json_object_get_size (first), ==, 10);
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
assert_warnings (const AssayCaseloadResult *result,
                 const guint               *lines,
                 const AssayCaseloadField  *fields,
                 const char * const        *reasons,
                 guint                      n)
{
  g_assert_cmpuint (result->warnings->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      AssayCaseloadWarning *warning = g_ptr_array_index (result->warnings, i);

      g_test_message ("line %u: %s", warning->line, warning->reason);
      g_assert_cmpuint (warning->line, ==, lines[i]);
      g_assert_cmpint (warning->field, ==, fields[i]);
      if (!g_str_has_prefix (warning->reason, reasons[i]))
        g_error ("“%s” does not start “%s”", warning->reason, reasons[i]);
    }
}

/* A bad optional value is a warning and the row goes in without it; only a
 * missing or repeated case reference, or a broken row, refuses a row. */
static void
test_caseload_bad_rows (Fixture       *f,
                        gconstpointer  data)
{
  static const struct
  {
    guint       line;
    const char *reason;
  } expected[] = {
    { 6, "case_ref is empty" },
    { 8, "case_ref “BAD-01” is already on line 2" },
    { 9, "the row has 4 fields but the header has 7: a line break or a comma outside quotes "
         "has split or joined rows, so none of it was read" },
  };
  static const guint warning_lines[] = { 3, 4, 5, 5, 7, 12 };
  static const AssayCaseloadField warning_fields[] = {
    ASSAY_CASELOAD_FIELD_ISSUED, ASSAY_CASELOAD_FIELD_PRIMARY_NEED,
    ASSAY_CASELOAD_FIELD_PLAN_TYPE, ASSAY_CASELOAD_FIELD_CHILD_IN_CARE,
    ASSAY_CASELOAD_FIELD_PHASE, ASSAY_CASELOAD_FIELD_ISSUED,
  };
  static const char * const warning_reasons[] = {
    "issued “31/02/2025” is not a real date",
    "primary_need “Dyslexia” is not one of the national categories ASD, SEMH, SLCN, MLD, SLD, "
    "PMLD, SpLD, PD, HI, VI, MSI, OTH, NSA or their names",
    "plan_type “sometimes” is not one of new, annual-review, phase-transfer, amended",
    "child_in_care “maybe” is not one of yes, no, y, n, true, false, 1, 0",
    "phase “Year 15” is not one of early-years, primary, secondary, post-16, post-19",
    "issued “2025-13-01” is not a real date",
  };
  g_autoptr(AssayCaseloadResult) result = import_fixture (f, "bad-rows.csv");
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(JsonObject) two_lines = NULL;
  g_autoptr(JsonObject) bad_date = NULL;
  g_autoptr(JsonObject) two_bad = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (result->n_rows, ==, 11);
  g_assert_cmpuint (result->added, ==, 8);
  g_assert_cmpuint (result->rejected->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      AssayCaseloadRejection *rejection = g_ptr_array_index (result->rejected, i);

      g_assert_cmpuint (rejection->line, ==, expected[i].line);
      g_assert_cmpstr (rejection->reason, ==, expected[i].reason);
    }
  assert_warnings (result, warning_lines, warning_fields, warning_reasons,
                   G_N_ELEMENTS (warning_lines));

  /* Every row with a case reference is in; the first BAD-01 won over its
   * duplicate. */
  cases = assay_caseload_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 8);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (cases, 0), "team"), ==,
                   "North");

  /* Without the value that could not be read, with everything else */
  bad_date = lookup (f, "BAD-02");
  g_assert_false (json_object_has_member (bad_date, "issued"));
  g_assert_cmpstr (json_object_get_string_member (bad_date, "plan_type"), ==, "annual-review");
  g_assert_cmpstr (json_object_get_string_member (bad_date, "primary_need"), ==, "ASD");
  two_bad = lookup (f, "BAD-04");
  g_assert_false (json_object_has_member (two_bad, "plan_type"));
  g_assert_false (json_object_has_member (two_bad, "child_in_care"));
  g_assert_cmpstr (json_object_get_string_member (two_bad, "primary_need"), ==, "MLD");

  two_lines = lookup (f, "BAD-07");
  g_assert_cmpstr (json_object_get_string_member (two_lines, "team"), ==, "City Centre");
  g_assert_cmpstr (json_object_get_string_member (two_lines, "issued"), ==, "2025-03-14");
  g_assert_true (json_object_get_boolean_member (two_lines, "child_in_care"));
}

static void
assert_member (JsonObject *object,
               const char *name,
               const char *expected)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autofree char *text = NULL;

  if (expected == NULL)
    {
      if (node != NULL)
        g_error ("%s: %s should be absent", json_object_get_string_member (object, "case_ref"),
                 name);
      return;
    }

  g_assert_nonnull (node);
  text = assay_caseload_value_to_string (node);
  if (!g_str_equal (text, expected))
    g_error ("%s: %s is “%s”, not “%s”", json_object_get_string_member (object, "case_ref"),
             name, text, expected);
}

/* What a record holds, decrypted from the real store: no identifier of a
 * child, whatever the column */
static void
assert_no_identifiers (Fixture            *f,
                       const char * const *secrets,
                       guint               n_secrets)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = assay_store_list (f->store, ASSAY_CASELOAD_COLLECTION, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, >, 0);
  for (guint i = 0; i < records->len; i++)
    {
      const char *text = assay_record_get_text (g_ptr_array_index (records, i), NULL);

      for (guint s = 0; s < n_secrets; s++)
        if (strstr (text, secrets[s]) != NULL)
          g_error ("“%s” is stored in %s", secrets[s], text);
    }
}

/* An SEN2-style export as a council's system writes it: Windows-1252,
 * CRLF, SEN2's own headers, the DfE's need names, UPNs, names, dates of
 * birth and postcodes, every date form, NC years and key stages, and one
 * value that is not a need */
static void
test_caseload_sen2 (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const expected[][14] = {
    /* case_ref, plan_type, requested, issued, last_review, team, caseworker, phase,
     * nc_year, key_stage, setting_type, primary_need, child_in_care */
    { "SEN2-0001", NULL, "2024-01-15", "2024-06-01", "2024-06-01", "North", "Zoë Adebayo",
      "secondary", "7", "KS3", "mainstream", "SLCN", "no" },
    { "SEN2-0002", NULL, "2024-06-01", "2024-06-01", "2024-06-01", "South", "Siân Price",
      "early-years", "R", "EYFS", "special", "SEMH", "yes" },
    { "SEN2-0003", NULL, "2024-06-01", "2024-06-01", NULL, "Vale – Wantage", "Rhys O'Neill",
      "primary", NULL, "KS2", "resource-base", "ASD", "no" },
    { "SEN2-0004", NULL, "2024-01-01", "2024-06-01", NULL, "City", "Priya Shah",
      "post-16", "12", "KS5", "independent", NULL, "yes" },
    { "SEN2-0005", NULL, "2023-03-15", "2023-03-15", "2024-03-14", "Vale – Wantage",
      "Siân Price", "post-16", "14", "KS5", "further-education", "OTH", "no" },
    { "SEN2-0006", NULL, "2024-02-01", "2024-05-20", NULL, "North", "Zoë Adebayo",
      "early-years", "N", "EYFS", "home", "NSA", "no" },
    { "SEN2-0007", NULL, "2022-10-03", "2023-02-27", "2024-02-26", "City", "Priya Shah",
      "post-16", NULL, "KS5", "none", "MSI", "no" },
    { "SEN2-0008", NULL, "2024-03-04", "2024-07-22", NULL, "South", "Rhys O'Neill",
      "primary", "3", "KS2", "mainstream", "PMLD", "no" },
  };
  static const char * const mapping[][2] = {
    { "Person ID", "case_ref" }, { "ReceivedDate", "requested" }, { "StartDate", "issued" },
    { "LastReview", "last_review" }, { "SENtype", "primary_need" },
    { "SENSetting", "setting_type" }, { "NC Year", "nc_year" }, { "Key Stage", "key_stage" },
    { "Locality", "team" }, { "Case Officer", "caseworker" }, { "CLA", "child_in_care" },
  };
  static const guint columns[] = { 1, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
  static const char * const dropped[] = { "UPN", "Forename", "Surname", "DOB", "Postcode" };
  static const char * const secrets[] = {
    "A100000000001", "A100000000004", "A1000000000", "Amelia", "Hartley", "Maëlle",
    "Okonkwo", "Oisín", "14/03/2012", "2012-03-14", "OX1 1AA", "OX16 5LT", "Down syndrome",
    "Reviewed, no concerns",
  };
  static const guint warning_lines[] = { 5 };
  static const AssayCaseloadField warning_fields[] = { ASSAY_CASELOAD_FIELD_PRIMARY_NEED };
  static const char * const warning_reasons[] = { "primary_need “Down syndrome” is not one" };
  g_autoptr(AssayCaseloadResult) result = import_fixture (f, "sen2-export.csv");
  g_autoptr(AssayCaseloadResult) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path ("sen2-export.csv");

  g_assert_cmpint (result->encoding, ==, ASSAY_CSV_ENCODING_WINDOWS_1252);
  g_assert_cmpuint (result->n_rows, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (result->added, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (result->rejected->len, ==, 0);
  assert_warnings (result, warning_lines, warning_fields, warning_reasons,
                   G_N_ELEMENTS (warning_lines));

  g_assert_cmpuint (result->columns->len, ==, G_N_ELEMENTS (mapping));
  for (guint i = 0; i < G_N_ELEMENTS (mapping); i++)
    {
      AssayCaseloadColumn *column = g_ptr_array_index (result->columns, i);

      g_assert_cmpstr (column->header, ==, mapping[i][0]);
      g_assert_cmpstr (assay_caseload_field_get_name (column->field), ==, mapping[i][1]);
      g_assert_cmpuint (column->column, ==, columns[i]);
      g_assert_false (column->by_map);
    }
  g_assert_cmpuint (result->dropped_columns->len, ==, G_N_ELEMENTS (dropped));
  for (guint i = 0; i < G_N_ELEMENTS (dropped); i++)
    g_assert_cmpstr (g_ptr_array_index (result->dropped_columns, i), ==, dropped[i]);
  g_assert_cmpuint (result->ignored_columns->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (result->ignored_columns, 0), ==, "Notes");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(JsonObject) fields = lookup (f, expected[i][0]);

      for (guint c = 0; c < ASSAY_CASELOAD_N_FIELDS; c++)
        assert_member (fields, assay_caseload_field_get_name (c), expected[i][c]);
      /* Nothing else */
      for (guint c = 0; c < ASSAY_CASELOAD_N_FIELDS; c++)
        if (expected[i][c] == NULL)
          g_assert_false (json_object_has_member (fields, assay_caseload_field_get_name (c)));
    }

  /* What the audit reads: a boolean and the three stage members */
  {
    g_autoptr(JsonObject) fields = lookup (f, "SEN2-0002");

    g_assert_cmpint (json_node_get_value_type (json_object_get_member (fields,
                                                                       "child_in_care")),
                     ==, G_TYPE_BOOLEAN);
    g_assert_true (json_object_get_boolean_member (fields, "child_in_care"));
    g_assert_cmpstr (json_object_get_string_member (fields, "phase"), ==, "early-years");
    g_assert_cmpstr (json_object_get_string_member (fields, "nc_year"), ==, "R");
    g_assert_cmpstr (json_object_get_string_member (fields, "key_stage"), ==, "EYFS");
  }

  /* No UPN, name, date of birth or postcode in any decrypted record, nor
   * anywhere in the database's files */
  assert_no_identifiers (f, secrets, G_N_ELEMENTS (secrets));
  g_assert_true (assay_database_checkpoint (assay_vault_get_database (f->vault), &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    assert_absent (f->path, secrets[i]);

  /* The same file again: nothing changes, the warning is given again */
  again = import_ok (f, path);
  g_assert_cmpuint (again->unchanged, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (again->warnings->len, ==, 1);
  g_assert_cmpuint (n_stored_revisions (f), ==, G_N_ELEMENTS (expected));
}

/* A case-management report: another family of headers, identifiers of
 * every kind, names with their plurals, a byte-order mark */
static void
test_caseload_case_management (Fixture       *f,
                               gconstpointer  data)
{
  static const char * const expected[][14] = {
    { "CM/0101", "new", "2024-04-03", "2024-08-12", NULL, "North", "Zoë Adebayo",
      "secondary", "8", "KS3", "mainstream", "ASD", "no" },
    { "CM/0102", "new", "2024-05-07", "2024-09-30", NULL, "South", "Siân Price",
      "primary", "1", "KS1", "mainstream", "MLD", "yes" },
    { "CM/0103", "annual-review", NULL, "2021-01-11", "2025-01-06", "City", "Priya Shah",
      "primary", "4", "KS2", "special", "SpLD", "no" },
    { "CM/0104", "phase-transfer", NULL, "2019-06-03", "2024-11-18", "City", "Priya Shah",
      "post-16", "13", "KS5", "further-education", "PD", "no" },
    { "CM/0105", "annual-review", NULL, "2018-03-19", "2024-12-02", "Vale – Wantage",
      "Rhys O'Neill", "secondary", "11", "KS4", "independent", "HI", "no" },
  };
  static const char * const dropped[] = {
    "Child Name", "Date of Birth", "Address Line 1", "NHS Number", "ULN",
  };
  static const char * const secrets[] = {
    "Amelia", "Wrenfield", "High Street", "Mill Lane", "485 777 3456", "4857773456",
    "1234567890", "14/03/2012",
  };
  g_autoptr(AssayCaseloadResult) result = import_fixture (f, "case-management.csv");

  g_assert_true (result->had_bom);
  g_assert_cmpuint (result->added, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (result->rejected->len, ==, 0);
  g_assert_cmpuint (result->warnings->len, ==, 0);
  g_assert_cmpuint (result->ignored_columns->len, ==, 0);
  g_assert_cmpuint (result->dropped_columns->len, ==, G_N_ELEMENTS (dropped));
  for (guint i = 0; i < G_N_ELEMENTS (dropped); i++)
    g_assert_cmpstr (g_ptr_array_index (result->dropped_columns, i), ==, dropped[i]);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(JsonObject) fields = lookup (f, expected[i][0]);

      for (guint c = 0; c < ASSAY_CASELOAD_N_FIELDS; c++)
        assert_member (fields, assay_caseload_field_get_name (c), expected[i][c]);
    }

  assert_no_identifiers (f, secrets, G_N_ELEMENTS (secrets));
}

/* Each stage column fills its own field first, then what the others leave */
static void
test_caseload_stages (void)
{
  static const char csv[] =
    "case_ref,School Phase,NC Year,Key Stage\n"
    "S-1,Secondary,12,\n"     /* a sixth form in a secondary school */
    "S-2,,Year 9,\n"
    "S-3,KS2,,\n"
    "S-4,,,KS4\n"
    "S-5,Upper school,10,\n"  /* the phase unread, the year's phase instead */
    "S-6,Post-19,,\n"
    "S-7,Primary,8,KS2\n";   /* as the file says, column by column */
  static const char * const expected[][3] = {
    { "secondary", "12", "KS5" },
    { "secondary", "9", "KS3" },
    { "primary", NULL, "KS2" },
    { "secondary", NULL, "KS4" },
    { "secondary", "10", "KS4" },
    { "post-19", NULL, NULL },
    { "primary", "8", "KS2" },
  };
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  gboolean present[ASSAY_CASELOAD_N_FIELDS];

  g_assert_true (assay_caseload_parse (csv, strlen (csv), &cases, present, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *fields = g_ptr_array_index (cases, i);

      assert_member (fields, "phase", expected[i][0]);
      assert_member (fields, "nc_year", expected[i][1]);
      assert_member (fields, "key_stage", expected[i][2]);
    }
  g_assert_cmpuint (result->warnings->len, ==, 1);
  g_assert_cmpuint (((AssayCaseloadWarning *) result->warnings->pdata[0])->line, ==, 6);

  /* A file with any stage column speaks for all three */
  g_assert_true (present[ASSAY_CASELOAD_FIELD_PHASE]);
  g_assert_true (present[ASSAY_CASELOAD_FIELD_NC_YEAR]);
  g_assert_true (present[ASSAY_CASELOAD_FIELD_KEY_STAGE]);
  g_assert_false (present[ASSAY_CASELOAD_FIELD_TEAM]);
}

/* A date that is real only month first is read so, and said so */
static void
test_caseload_month_first (void)
{
  static const char csv[] = "case_ref,issued,requested\nM-1,03/14/2025,03/04/2025\n";
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  AssayCaseloadWarning *warning;

  g_assert_true (assay_caseload_parse (csv, strlen (csv), &cases, NULL, &result, &error));
  g_assert_no_error (error);
  assert_member (g_ptr_array_index (cases, 0), "issued", "2025-03-14");
  /* Either way a real date: day first, without a word */
  assert_member (g_ptr_array_index (cases, 0), "requested", "2025-04-03");
  g_assert_cmpuint (result->warnings->len, ==, 1);
  warning = g_ptr_array_index (result->warnings, 0);
  g_assert_cmpint (warning->field, ==, ASSAY_CASELOAD_FIELD_ISSUED);
  g_assert_nonnull (strstr (warning->reason, "month first"));
  g_assert_nonnull (strstr (warning->reason, "2025-03-14"));
}

/* A re-import with a value it cannot read keeps the stored one */
static void
test_caseload_keep_unread (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(AssayCaseloadResult) first = import_fixture (f, "utf8.csv");
  g_autoptr(AssayCaseloadResult) second = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *path = write_csv (f, "typo.csv",
                                     "case_ref,team,primary_need,issued,phase\n"
                                     "EHC-1001,East,Autsim,2025-02-30,Upper\n");

  second = import_ok (f, path);
  g_assert_cmpuint (second->updated, ==, 1);
  g_assert_cmpuint (second->warnings->len, ==, 3);
  fields = lookup (f, "EHC-1001");
  assert_member (fields, "team", "East");
  assert_member (fields, "primary_need", "ASD");
  assert_member (fields, "issued", "2025-01-20");
  assert_member (fields, "phase", "primary");
}

/* A dry run counts and writes nothing; the batch can be written after */
static void
test_caseload_preview (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AssayCaseloadResult) first = import_fixture (f, "utf8.csv");
  g_autoptr(AssayCaseloadBatch) batch = NULL;
  g_autoptr(AssayCaseloadResult) written = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_csv (f, "more.csv",
                                     "Case Ref,Locality,School Phase\n"
                                     "EHC-1001,North,Primary\n"
                                     "EHC-1002,North,Year 9\n"
                                     "EHC-2001,South,Year 4\n");
  const AssayCaseloadResult *preview;

  before = assay_caseload_list (f->store, &error);
  g_assert_no_error (error);

  batch = assay_caseload_read (path, &error);
  g_assert_no_error (error);
  g_assert_true (assay_caseload_preview (f->store, batch, &error));
  g_assert_no_error (error);
  preview = assay_caseload_batch_get_result (batch);
  g_assert_cmpuint (preview->added, ==, 1);
  g_assert_cmpuint (preview->updated, ==, 1);
  g_assert_cmpuint (preview->unchanged, ==, 1);
  g_assert_false (assay_store_in_transaction (f->store));

  /* Nothing written */
  g_assert_cmpuint (n_stored_revisions (f), ==, 8);
  after = assay_caseload_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    g_assert_true (json_object_equal (g_ptr_array_index (after, i),
                                      g_ptr_array_index (before, i)));

  /* Twice gives the same, then the write does what the preview said */
  g_assert_true (assay_caseload_preview (f->store, batch, &error));
  g_assert_cmpuint (preview->added, ==, 1);
  g_assert_true (assay_caseload_write (f->store, batch, &written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written->added, ==, 1);
  g_assert_cmpuint (written->updated, ==, 1);
  g_assert_cmpuint (written->unchanged, ==, 1);
  g_assert_cmpuint (n_stored_revisions (f), ==, 10);
}

static void
assert_bad_map (const char *spec,
                const char *in_message)
{
  g_autoptr(AssayCaseloadMap) map = assay_caseload_map_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (assay_caseload_map_add (map, "Ref=case_ref", &error));
  g_assert_no_error (error);
  g_assert_false (assay_caseload_map_add (map, spec, &error));
  g_assert_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_BAD_MAP);
  if (strstr (error->message, in_message) == NULL)
    g_error ("“%s” is not in “%s”", in_message, error->message);
  g_assert_cmpint (assay_error_get_exit_code (error), ==, ASSAY_EXIT_USAGE);
}

static void
test_caseload_map (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AssayCaseloadMap) map = assay_caseload_map_new ();
  g_autoptr(AssayCaseloadMap) missing = assay_caseload_map_new ();
  g_autoptr(AssayCaseloadBatch) batch = NULL;
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_csv (f, "own.csv",
                                     "Ref No,Type,Setting,Plan Kind,Primary Need\n"
                                     "R-1,Academy Trust,Oakwood Primary,New,ASD\n");
  AssayCaseloadColumn *column;

  assert_bad_map ("Ref No", "Header=field");
  assert_bad_map ("Team=colour", "colour");
  assert_bad_map ("=team", "names no column");
  assert_bad_map ("UPN=case_ref", "identifies a child");
  assert_bad_map ("ref=team", "mapped twice");
  assert_bad_map ("Plan=case_ref", "case_ref is already mapped from “Ref”");

  /* Any column as any field; an aliased column left out */
  g_assert_true (assay_caseload_map_add (map, "Ref No=case_ref", &error));
  g_assert_true (assay_caseload_map_add (map, " plan kind = plan_type ", &error));
  g_assert_true (assay_caseload_map_add (map, "Setting=ignore", &error));
  g_assert_true (assay_caseload_map_add (map, "Type=IGNORE", &error));
  g_assert_no_error (error);

  batch = assay_caseload_read_mapped (path, map, &error);
  g_assert_no_error (error);
  g_assert_true (assay_caseload_write (f->store, batch, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->added, ==, 1);
  g_assert_cmpuint (result->warnings->len, ==, 0);
  g_assert_cmpuint (result->columns->len, ==, 3);
  column = g_ptr_array_index (result->columns, 0);
  g_assert_cmpstr (column->header, ==, "Ref No");
  g_assert_cmpint (column->field, ==, ASSAY_CASELOAD_FIELD_CASE_REF);
  g_assert_true (column->by_map);
  column = g_ptr_array_index (result->columns, 2);
  g_assert_cmpstr (column->header, ==, "Primary Need");
  g_assert_false (column->by_map);
  g_assert_cmpuint (result->ignored_columns->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (result->ignored_columns, 0), ==, "Setting");
  g_assert_cmpstr (g_ptr_array_index (result->ignored_columns, 1), ==, "Type");

  fields = lookup (f, "R-1");
  assert_member (fields, "plan_type", "new");
  assert_member (fields, "primary_need", "ASD");
  assert_member (fields, "setting_type", NULL);

  /* A header the file does not have: a usage error naming it */
  g_assert_true (assay_caseload_map_add (missing, "Officer Name=caseworker", &error));
  g_assert_null (assay_caseload_read_mapped (path, missing, &error));
  g_assert_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_MAP_NO_COLUMN);
  g_assert_nonnull (strstr (error->message, "Officer Name"));
  g_assert_nonnull (strstr (error->message, "Ref No, Type"));
  g_assert_cmpint (assay_error_get_exit_code (error), ==, ASSAY_EXIT_USAGE);
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
  ADD ("/caseload/sen2", test_caseload_sen2);
  ADD ("/caseload/case-management", test_caseload_case_management);
  g_test_add_func ("/caseload/stages", test_caseload_stages);
  g_test_add_func ("/caseload/month-first", test_caseload_month_first);
  ADD ("/caseload/keep-unread", test_caseload_keep_unread);
  ADD ("/caseload/preview", test_caseload_preview);
  ADD ("/caseload/map", test_caseload_map);
  ADD ("/caseload/rejected-files", test_caseload_rejected_files);
  ADD ("/caseload/atomic", test_caseload_atomic);
  ADD ("/caseload/large", test_caseload_large);

#undef ADD

  return g_test_run ();
}
