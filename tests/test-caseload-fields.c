/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "assay-caseload.h"
#include "assay-error.h"
#include "assay-test-util.h"

/*
 * The caseload's field table and value rules: which header names which
 * field, how each value is read, and how the stage columns fill each other.
 */

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
  static const struct
  {
    AssayCaseloadField  field;
    const char         *value;
    const char         *expected;  /* NULL: refused */
  } values[] = {
    { ASSAY_CASELOAD_FIELD_CASE_REF, "  EHC-0042 ", "EHC-0042" },
    { ASSAY_CASELOAD_FIELD_CASE_REF, "EHC\n0042", NULL },
    /* Excel's no-break spaces and a stray byte-order mark are blanks too. */
    { ASSAY_CASELOAD_FIELD_CASE_REF, "\u00a0EHC-0042\u00a0\ufeff", "EHC-0042" },

    { ASSAY_CASELOAD_FIELD_PLAN_TYPE, "new", "new" },
    { ASSAY_CASELOAD_FIELD_PLAN_TYPE, "New Plan", "new" },
    { ASSAY_CASELOAD_FIELD_PLAN_TYPE, "Annual Review", "annual-review" },
    { ASSAY_CASELOAD_FIELD_PLAN_TYPE, "AR", "annual-review" },
    { ASSAY_CASELOAD_FIELD_PLAN_TYPE, "annual_review", "annual-review" },
    { ASSAY_CASELOAD_FIELD_PLAN_TYPE, "Phase Transfer", "phase-transfer" },
    { ASSAY_CASELOAD_FIELD_PLAN_TYPE, "Amendment", "amended" },
    { ASSAY_CASELOAD_FIELD_PLAN_TYPE, "Amended", "amended" },
    { ASSAY_CASELOAD_FIELD_PLAN_TYPE, "Ceased", NULL },
    /* Parts that disagree are not guessed between. */
    { ASSAY_CASELOAD_FIELD_PLAN_TYPE, "Annual Review - Amended", NULL },

    { ASSAY_CASELOAD_FIELD_REQUESTED, "2025-03-14", "2025-03-14" },
    { ASSAY_CASELOAD_FIELD_REQUESTED, "14/03/2025", "2025-03-14" },
    { ASSAY_CASELOAD_FIELD_REQUESTED, "4/3/2025", "2025-03-04" },
    { ASSAY_CASELOAD_FIELD_REQUESTED, "14-03-2025", "2025-03-14" },
    { ASSAY_CASELOAD_FIELD_REQUESTED, "14.03.2025", "2025-03-14" },
    { ASSAY_CASELOAD_FIELD_ISSUED, "14/03/2025 00:00", "2025-03-14" },
    { ASSAY_CASELOAD_FIELD_ISSUED, "2025-03-14T09:30:00.000Z", "2025-03-14" },
    { ASSAY_CASELOAD_FIELD_ISSUED, "29/02/2024", "2024-02-29" },
    { ASSAY_CASELOAD_FIELD_ISSUED, "29/02/2025", NULL },
    { ASSAY_CASELOAD_FIELD_ISSUED, "31/04/2025", NULL },
    { ASSAY_CASELOAD_FIELD_ISSUED, "2025-13-01", NULL },
    { ASSAY_CASELOAD_FIELD_ISSUED, "00/01/2025", NULL },
    { ASSAY_CASELOAD_FIELD_ISSUED, "14/03/2025 lunchtime", NULL },
    { ASSAY_CASELOAD_FIELD_ISSUED, "99999999999/1/2025", NULL },
    { ASSAY_CASELOAD_FIELD_ISSUED, "14/03-2025", NULL },
    { ASSAY_CASELOAD_FIELD_ISSUED, "March 2025", NULL },
    { ASSAY_CASELOAD_FIELD_ISSUED, "14 Smarch 2025", NULL },
    { ASSAY_CASELOAD_FIELD_ISSUED, "13/13/2025", NULL },
    { ASSAY_CASELOAD_FIELD_ISSUED, "yesterday", NULL },

    /* Two-digit years are this century */
    { ASSAY_CASELOAD_FIELD_ISSUED, "14/03/25", "2025-03-14" },
    { ASSAY_CASELOAD_FIELD_ISSUED, "14-Mar-99", "2099-03-14" },
    { ASSAY_CASELOAD_FIELD_ISSUED, "2025/03/14", "2025-03-14" },
    { ASSAY_CASELOAD_FIELD_ISSUED, "14 March 2025", "2025-03-14" },
    /* Either way round is a real date: day first, the UK's way */
    { ASSAY_CASELOAD_FIELD_ISSUED, "03/04/2025", "2025-04-03" },
    /* Only month first is: read so (the import warns about it) */
    { ASSAY_CASELOAD_FIELD_ISSUED, "03/14/2025", "2025-03-14" },
    /* Excel's numbers: 60 is the 29 February 1900 Excel invented, 61 the
     * first day after it; both far outside a plan's dates, as is a year */
    { ASSAY_CASELOAD_FIELD_ISSUED, "36526", "2000-01-01" },
    { ASSAY_CASELOAD_FIELD_ISSUED, "73050", "2099-12-31" },
    { ASSAY_CASELOAD_FIELD_ISSUED, "36525", NULL },
    { ASSAY_CASELOAD_FIELD_ISSUED, "73051", NULL },
    { ASSAY_CASELOAD_FIELD_ISSUED, "60", NULL },
    { ASSAY_CASELOAD_FIELD_ISSUED, "2024", NULL },
    { ASSAY_CASELOAD_FIELD_ISSUED, "99999999999999999999999", NULL },
    { ASSAY_CASELOAD_FIELD_ISSUED, "45444.", NULL },

    { ASSAY_CASELOAD_FIELD_TEAM, "  North \n West  ", "North West" },
    { ASSAY_CASELOAD_FIELD_CASEWORKER, "Siân Price", "Siân Price" },

    { ASSAY_CASELOAD_FIELD_PHASE, "Early Years", "early-years" },
    { ASSAY_CASELOAD_FIELD_PHASE, "EYFS", "early-years" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Primary", "primary" },
    { ASSAY_CASELOAD_FIELD_PHASE, "SECONDARY", "secondary" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Post 16", "post-16" },
    { ASSAY_CASELOAD_FIELD_PHASE, "post16", "post-16" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Post-19", "post-19" },
    { ASSAY_CASELOAD_FIELD_PHASE, "FE", "post-16" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Nursery", "early-years" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Reception", "early-years" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Year N", "early-years" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Year R", "early-years" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Year 1", "primary" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Y6", "primary" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Year 7", "secondary" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Yr 11", "secondary" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Year 12", "post-16" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Year 14", "post-16" },
    { ASSAY_CASELOAD_FIELD_PHASE, "KS1", "primary" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Key Stage 2", "primary" },
    { ASSAY_CASELOAD_FIELD_PHASE, "KS3", "secondary" },
    { ASSAY_CASELOAD_FIELD_PHASE, "KS4", "secondary" },
    { ASSAY_CASELOAD_FIELD_PHASE, "KS5", "post-16" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Secondary - Year 9", "secondary" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Year 9 (KS3)", "secondary" },
    { ASSAY_CASELOAD_FIELD_PHASE, "Primary - Year 9", NULL },
    { ASSAY_CASELOAD_FIELD_PHASE, "Year 15", NULL },
    { ASSAY_CASELOAD_FIELD_PHASE, "KS6", NULL },
    /* A bare number is a year only in a year column */
    { ASSAY_CASELOAD_FIELD_PHASE, "7", NULL },

    { ASSAY_CASELOAD_FIELD_NC_YEAR, "7", "7" },
    { ASSAY_CASELOAD_FIELD_NC_YEAR, "Year 7", "7" },
    { ASSAY_CASELOAD_FIELD_NC_YEAR, "Y10", "10" },
    { ASSAY_CASELOAD_FIELD_NC_YEAR, "14", "14" },
    { ASSAY_CASELOAD_FIELD_NC_YEAR, "N", "N" },
    { ASSAY_CASELOAD_FIELD_NC_YEAR, "Nursery", "N" },
    { ASSAY_CASELOAD_FIELD_NC_YEAR, "r", "R" },
    { ASSAY_CASELOAD_FIELD_NC_YEAR, "Reception", "R" },
    { ASSAY_CASELOAD_FIELD_NC_YEAR, "0", NULL },
    { ASSAY_CASELOAD_FIELD_NC_YEAR, "15", NULL },
    { ASSAY_CASELOAD_FIELD_NC_YEAR, "KS3", NULL },
    { ASSAY_CASELOAD_FIELD_NC_YEAR, "Secondary", NULL },

    { ASSAY_CASELOAD_FIELD_KEY_STAGE, "KS3", "KS3" },
    { ASSAY_CASELOAD_FIELD_KEY_STAGE, "Key Stage 3", "KS3" },
    { ASSAY_CASELOAD_FIELD_KEY_STAGE, "3", "KS3" },
    { ASSAY_CASELOAD_FIELD_KEY_STAGE, "Year 7", "KS3" },
    { ASSAY_CASELOAD_FIELD_KEY_STAGE, "Year 12", "KS5" },
    { ASSAY_CASELOAD_FIELD_KEY_STAGE, "EYFS", "EYFS" },
    { ASSAY_CASELOAD_FIELD_KEY_STAGE, "Reception", "EYFS" },
    { ASSAY_CASELOAD_FIELD_KEY_STAGE, "KS6", NULL },
    { ASSAY_CASELOAD_FIELD_KEY_STAGE, "Primary", NULL },

    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Mainstream", "mainstream" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Special School", "special" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Resource Base", "resource-base" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Independent/Non-maintained", "independent" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Alternative Provision", "alternative" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Elective Home Education", "home" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "EOTAS", "home" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Academy", "mainstream" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Free School", "mainstream" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Maintained", "mainstream" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Special Academy", "special" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Resource Unit", "resource-base" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Independent (special)", "independent" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "FE College", "further-education" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Sixth-form college", "further-education" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "further-education", "further-education" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "NEET", "none" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Not in education", "none" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "none", "none" },
    { ASSAY_CASELOAD_FIELD_SETTING_TYPE, "Hospital", NULL },

    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "ASD", "ASD" },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Autistic Spectrum Disorder", "ASD" },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Social, Emotional and Mental Health", "SEMH" },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Social Emotional & Mental Health", "SEMH" },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED,
      "Speech, Language and Communication Needs", "SLCN" },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Moderate Learning Difficulty", "MLD" },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Severe Learning Difficulties", "SLD" },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED,
      "Profound and Multiple Learning Difficulty", "PMLD" },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "SPLD", "SpLD" },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Specific Learning Difficulty", "SpLD" },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Physical Disability", "PD" },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Hearing Impairment", "HI" },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Visual Impairment", "VI" },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Multi-Sensory Impairment", "MSI" },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Other Difficulty/Disability", "OTH" },
    /* Not one of the 13 categories, so not a need of its own any more */
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Down syndrome", NULL },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "DS", NULL },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "BESD", NULL },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "ASD - Autistic Spectrum Disorder", "ASD" },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Autism (ASD)", "ASD" },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "ASD (SEMH)", NULL },
    { ASSAY_CASELOAD_FIELD_PRIMARY_NEED, "Dyslexia", NULL },

    { ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, "yes", "yes" },
    { ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, "Y", "yes" },
    { ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, "TRUE", "yes" },
    { ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, "1", "yes" },
    { ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, "No", "no" },
    { ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, "n", "no" },
    { ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, "false", "no" },
    { ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, "0", "no" },
    { ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, "maybe", NULL },
  };
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

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    check_value (values[i].field, values[i].value, values[i].expected);

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

  g_clear_pointer (&node, json_node_unref);
  node = assay_caseload_normalise_value (ASSAY_CASELOAD_FIELD_CHILD_IN_CARE, "Y", &error);
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);
  g_assert_true (json_node_get_boolean (node));
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

      assay_test_assert_field (fields, "phase", expected[i][0]);
      assay_test_assert_field (fields, "nc_year", expected[i][1]);
      assay_test_assert_field (fields, "key_stage", expected[i][2]);
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
  assay_test_assert_field (g_ptr_array_index (cases, 0), "issued", "2025-03-14");
  /* Either way a real date: day first, without a word */
  assay_test_assert_field (g_ptr_array_index (cases, 0), "requested", "2025-04-03");
  g_assert_cmpuint (result->warnings->len, ==, 1);
  warning = g_ptr_array_index (result->warnings, 0);
  g_assert_cmpint (warning->field, ==, ASSAY_CASELOAD_FIELD_ISSUED);
  g_assert_nonnull (strstr (warning->reason, "month first"));
  g_assert_nonnull (strstr (warning->reason, "2025-03-14"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/caseload/headers", test_caseload_headers);
  g_test_add_func ("/caseload/values", test_caseload_values);
  g_test_add_func ("/caseload/stages", test_caseload_stages);
  g_test_add_func ("/caseload/month-first", test_caseload_month_first);

  return g_test_run ();
}
