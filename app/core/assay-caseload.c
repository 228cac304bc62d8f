/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-caseload"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-caseload.h"

/*
 * The caseload: one record per plan in the "cases" collection, read from the
 * council's CSV export as DESIGN.md's "Caseload CSV" fixes it.
 *
 * A chair imports what the case-management system or the SEN2 return
 * exports, not a file made for Assay, so the rule is: keep every plan that
 * has a case reference, and say exactly what could not be read.
 *
 * - A row is refused only when it has no usable case reference, repeats one
 *   already read, or has more or fewer fields than the header. The last is
 *   a broken row rather than a bad value: a line break or comma outside
 *   quotes has split or merged records, and half a record must not be
 *   imported as a whole one.
 * - A value an optional field cannot take (an unknown need, an impossible
 *   date, a phase that is none) leaves that field out and is reported as a
 *   warning with its line and field; the rest of the row goes in. On a plan
 *   already in the caseload the stored value of that field is kept: the file
 *   did not say it was empty.
 * - Values are matched like headers (case, spaces and punctuation ignored),
 *   and also ignoring "and"/"or" and plurals, against the canonical tokens
 *   and the spellings DfE guides and council systems use. A value written
 *   as "code - name" or "name (code)" is accepted when every part names the
 *   same thing ("ASD - Autistic Spectrum Disorder").
 * - primary_need: the 13 categories of the SEN2 and school census guides,
 *   by code or name. Anything else (Down syndrome, a diagnosis) is not a
 *   category, so it is a warning rather than a local code of our own.
 *   Codes are stored as the national list writes them (SpLD, not SPLD).
 * - phase, nc_year and key_stage are read together: a National Curriculum
 *   year gives its key stage and phase, a key stage its phase. Each column
 *   fills its own field first; the others fill what it leaves out. A file
 *   with any of the three columns replaces all three on re-import, so they
 *   never disagree.
 * - Dates are UK day first: 2025-03-14, 14/03/2025, 14/3/25, 14-Mar-2025,
 *   14 March 2025, with a time of day after them, or an Excel date number.
 *   Two-digit years are 20xx. A date that is real only month first
 *   (03/14/2025) is read so, with a warning. An impossible date is left
 *   out with a warning: never a silent guess.
 * - Text (team, caseworker) has its spaces and line breaks collapsed.
 * - Columns that identify a child (names, UPN, ULN, NHS number, date of
 *   birth, address, postcode) are dropped: their cells are wiped as soon as
 *   the header is read and never reach the store.
 * - A re-import keeps stored values of fields the new file has no column
 *   for, so a partial export cannot wipe them; an empty cell in a column
 *   that is there clears the field.
 */

G_DEFINE_QUARK (assay-caseload-error-quark, assay_caseload_error)

#define MAX_CASE_REF 64
#define MAX_TEXT     200

/* Excel's date numbers accepted in a date column: 2000-01-01 to
 * 2099-12-31. A plan's dates fall in that span; a number outside it is a
 * count or a code in the wrong column, not a date. */
#define EXCEL_SERIAL_MIN 36526
#define EXCEL_SERIAL_MAX 73050

typedef enum
{
  KIND_CASE_REF,
  KIND_TEXT,
  KIND_CHOICE,
  KIND_DATE,
  KIND_STAGE,
  KIND_BOOLEAN,
} FieldKind;

typedef struct
{
  const char *token;
  const char *spellings;  /* folded keys (see fold_value()), separated by '|' */
} Choice;

static const Choice plan_types[] = {
  { "new", "new|newplan|newehcp|newehcplan|initial|initialplan|first|firstplan" },
  { "annual-review", "annualreview|ar|review|reviewed|annual|annualreviewed|afterannualreview" },
  { "phase-transfer", "phasetransfer|phasetransferreview|transfer|pt|phasetransition" },
  { "amended", "amended|amendment|amend|amendedplan" },
  { NULL, NULL },
};

/* SEN2's placement types and the words council systems use for them. */
static const Choice setting_types[] = {
  { "mainstream", "mainstream|mainstreamschool|academy|mainstreamacademy|freeschool|"
                  "maintained|maintainedschool|maintainedmainstream|maintainedmainstreamschool|"
                  "lamaintained|lamaintainedschool|communityschool|foundationschool|"
                  "voluntaryaided|voluntarycontrolled|voluntaryaidedschool|"
                  "voluntarycontrolledschool|academymainstream|mainstreamfreeschool" },
  { "special", "special|specialschool|maintainedspecial|maintainedspecialschool|specialacademy|"
               "academyspecial|specialfreeschool|freeschoolspecial|lamaintainedspecial|"
               "lamaintainedspecialschool" },
  { "resource-base", "resourcebase|resourcedprovision|resourcebaseprovision|"
                     "additionallyresourcedprovision|arp|senunit|unit|resourceunit|"
                     "mainstreamresourcebase|mainstreamunit|specialunit" },
  { "independent", "independent|independentschool|independentspecial|independentspecialschool|"
                   "nonmaintained|nonmaintainedspecial|nonmaintainedspecialschool|inmss|nmss|"
                   "independentnonmaintained|independentnonmaintainedspecialschool" },
  { "alternative", "alternative|alternativeprovision|ap|pru|pupilreferralunit|"
                   "alternativeprovisionacademy|apacademy|alternativeprovisionpru" },
  { "further-education", "furthereducation|fe|fecollege|furthereducationcollege|college|"
                         "sixthformcollege|generalfecollege|generalfurthereducationcollege|"
                         "specialistpost16institution|spi|specialistpost16|"
                         "independentspecialistprovider|isp|post16college" },
  { "home", "home|homeeducated|homeeducation|electivehomeeducation|electivelyhomeeducated|ehe|"
            "eotas|educationotherwisethanatschool|educationotherthanatschool|educatedathome|"
            "educatedotherwise" },
  { "none", "none|noeducation|notineducation|neet|notineducationemploymenttraining|"
            "noplacement|noschool|nosetting|notinschool" },
  { NULL, NULL },
};

/* The 13 categories, with the names SEN2 and the school census print
 * ("Speech, Language and Communications needs", "Other Difficulty/
 * Disability") and the usual variants; folded, so plurals and "and" are
 * already accounted for. */
static const Choice needs[] = {
  { "ASD", "asd|asc|autism|autistic|autisticspectrumdisorder|autismspectrumdisorder|"
           "autisticspectrumcondition|autismspectrumcondition|autisticspectrum|autismspectrum" },
  { "SEMH", "semh|socialemotionalmentalhealth|socialemotionalmentalhealthneed|"
            "socialemotionalmentalhealthdifficulty" },
  { "SLCN", "slcn|speechlanguagecommunicationneed|speechlanguagecommunication|"
            "speechlanguagecommunicationdifficulty|speechlanguage|speechlanguageneed|"
            "speechlanguagedifficulty" },
  { "MLD", "mld|moderatelearningdifficulty|moderatelearningdisability" },
  { "SLD", "sld|severelearningdifficulty|severelearningdisability" },
  { "PMLD", "pmld|profoundmultiplelearningdifficulty|profoundmultiplelearningdisability" },
  { "SpLD", "spld|specificlearningdifficulty|specificlearningdisability" },
  { "PD", "pd|physicaldisability" },
  { "HI", "hi|hearingimpairment|hearingimpaired|hearingloss" },
  { "VI", "vi|visualimpairment|visionimpairment|visuallyimpaired" },
  { "MSI", "msi|multisensoryimpairment|multisensoryimpaired|deafblind|deafblindness" },
  { "OTH", "oth|other|otherdifficultydisability|otherdifficulty|otherdisability" },
  { "NSA", "nsa|sensupportbutnospecialistassessmentoftypeofneed|"
           "sensupportnospecialistassessmentoftypeofneed|nospecialistassessmentoftypeofneed|"
           "nospecialistassessment|nospecialistassessmentofneed" },
  { NULL, NULL },
};

static const Choice booleans[] = {
  { "yes", "yes|y|true|1" },
  { "no", "no|n|false|0" },
  { NULL, NULL },
};

typedef struct
{
  const char   *name;
  FieldKind     kind;
  const Choice *choices;
  const char   *aliases;   /* normalised keys, separated by '|' */
} FieldInfo;

/* The aliases are DESIGN.md's; SEN2's own names (ReceivedDate, StartDate,
 * SENtype, SENSetting); and a few more that council systems export, such as
 * "LAC" and "CiC" for children in care. "NC Year" and "Year Group" fill
 * nc_year, from which the phase follows. */
static const FieldInfo field_info[ASSAY_CASELOAD_N_FIELDS] = {
  { "case_ref", KIND_CASE_REF, NULL,
    "caseref|casereference|ehcpref|planref|personid|caseid|ehcpid|casenumber|planid|"
    "caserefno|casereferencenumber|ehcpreference|planreference|ehcpnumber|caseno|planno" },
  { "plan_type", KIND_CHOICE, plan_types, "plantype|type|ehcptype" },
  { "requested", KIND_DATE, NULL,
    "requested|daterequested|ehcnarequestdate|requestdate|receiveddate|requestreceived|"
    "daterequestreceived|daterequestedehcna|ehcnarequested|requestreceiveddate" },
  { "issued", KIND_DATE, NULL,
    "issued|dateissued|issuedate|startdate|dateehcpissued|ehcpissuedate|ehcpissued|"
    "dateofissue|ehcpstartdate|issueddate" },
  { "last_review", KIND_DATE, NULL,
    "lastreview|lastreviewed|annualreviewdate|lastreviewdate|datelastreviewed|"
    "lastannualreview|lastannualreviewdate|datelastreview" },
  { "team", KIND_TEXT, NULL, "team|locality|area|teamname" },
  { "caseworker", KIND_TEXT, NULL, "caseworker|caseofficer|caseworkername|officer" },
  { "phase", KIND_STAGE, NULL,
    "phase|schoolphase|keystagephase|educationphase|phaseofeducation" },
  { "nc_year", KIND_STAGE, NULL,
    "ncyear|yeargroup|nationalcurriculumyear|ncyeargroup|nationalcurriculumyeargroup|"
    "curriculumyear" },
  { "key_stage", KIND_STAGE, NULL, "keystage" },
  { "setting_type", KIND_CHOICE, setting_types,
    "settingtype|setting|provisiontype|sensetting|establishmenttype|typeofsetting|"
    "placementtype" },
  { "primary_need", KIND_CHOICE, needs,
    "primaryneed|primarysenneed|needtype|sentype|primaryneedtype|primarysentype|"
    "senprimaryneed" },
  { "child_in_care", KIND_BOOLEAN, booleans,
    "childincare|cla|lookedafter|lac|cic|lookedafterchild|childlookedafter" },
};

static const char name_headers[] =
  "name|childname|childsname|cypname|fullname|firstname|lastname|forename|forenames|"
  "surname|givenname|givennames|familyname|middlename|middlenames|preferredname|"
  "legalname|knownas|pupilname|studentname|youngpersonname|youngpersonsname|"
  "parentname|parentcarername|carername|mothername|fathername|guardianname";

/* Identifiers that are not names; addresses and postcodes are found by
 * what their keys contain (see assay_caseload_is_identifier_header()). */
static const char identifier_headers[] =
  "upn|uniquepupilnumber|formerupn|pupilupn|childupn|cypupn|uln|uniquelearnernumber|"
  "nhsnumber|nhsno|nhsnum|dob|dateofbirth|birthdate|childdob|cypdob|childsdob|"
  "street|streetname|housenumber|houseno";

static void
rejection_free (gpointer data)
{
  AssayCaseloadRejection *rejection = data;

  g_free (rejection->reason);
  g_free (rejection);
}

static void
warning_free (gpointer data)
{
  AssayCaseloadWarning *warning = data;

  /* Warnings moved on to the result leave NULL behind */
  if (warning == NULL)
    return;

  g_free (warning->reason);
  g_free (warning);
}

static void
column_free (gpointer data)
{
  AssayCaseloadColumn *column = data;

  g_free (column->header);
  g_free (column);
}

void
assay_caseload_result_free (AssayCaseloadResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->rejected, g_ptr_array_unref);
  g_clear_pointer (&result->warnings, g_ptr_array_unref);
  g_clear_pointer (&result->columns, g_ptr_array_unref);
  g_clear_pointer (&result->ignored_columns, g_ptr_array_unref);
  g_clear_pointer (&result->dropped_columns, g_ptr_array_unref);
  g_free (result);
}

static AssayCaseloadResult *
result_new (void)
{
  AssayCaseloadResult *result = g_new0 (AssayCaseloadResult, 1);

  result->rejected = g_ptr_array_new_with_free_func (rejection_free);
  result->warnings = g_ptr_array_new_with_free_func (warning_free);
  result->columns = g_ptr_array_new_with_free_func (column_free);
  result->ignored_columns = g_ptr_array_new_with_free_func (g_free);
  result->dropped_columns = g_ptr_array_new_with_free_func (g_free);

  return result;
}

/* Lower-case letters and digits only: "Child's Name" and "child_s name"
 * both become "childsname". "&" reads as "and". */
static char *
normalise_key (const char *text)
{
  GString *key = g_string_sized_new (32);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '&')
        g_string_append (key, "and");
      else if (g_unichar_isalnum (c))
        g_string_append_unichar (key, g_unichar_tolower (c));
    }

  return g_string_free (key, FALSE);
}

static gboolean
in_list (const char *key,
         const char *list)
{
  gsize len = strlen (key);
  const char *p = list;

  if (len == 0)
    return FALSE;

  while (p != NULL && *p != '\0')
    {
      const char *end = strchr (p, '|');
      gsize item_len = end != NULL ? (gsize) (end - p) : strlen (p);

      if (item_len == len && memcmp (p, key, len) == 0)
        return TRUE;

      p = end != NULL ? end + 1 : NULL;
    }

  return FALSE;
}

/* Words whose plural a value may use where the lists have the singular. */
static const struct
{
  const char *plural;
  const char *singular;
} plurals[] = {
  { "needs", "need" },
  { "difficulties", "difficulty" },
  { "disabilities", "disability" },
  { "impairments", "impairment" },
  { "communications", "communication" },
  { "disorders", "disorder" },
  { "conditions", "condition" },
  { "schools", "school" },
  { "academies", "academy" },
  { "units", "unit" },
  { "bases", "base" },
  { "colleges", "college" },
  { "reviews", "review" },
  { "amendments", "amendment" },
  { "plans", "plan" },
  { "transfers", "transfer" },
  { "provisions", "provision" },
};

static void
append_word (GString *key,
             GString *word)
{
  if (word->len == 0)
    return;

  /* "Social, Emotional and Mental Health", "Other Difficulty or
   * Disability": the joining words carry nothing */
  if (g_str_equal (word->str, "and") || g_str_equal (word->str, "or"))
    {
      g_string_truncate (word, 0);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (plurals); i++)
    if (g_str_equal (word->str, plurals[i].plural))
      {
        g_string_append (key, plurals[i].singular);
        g_string_truncate (word, 0);
        return;
      }

  g_string_append (key, word->str);
  g_string_truncate (word, 0);
}

/* A value as the choice lists spell it: lower-case letters and digits,
 * without "and", "or" or the plurals above. */
static char *
fold_value (const char *text)
{
  GString *key = g_string_sized_new (32);
  g_autoptr(GString) word = g_string_sized_new (16);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (word, g_unichar_tolower (c));
      else
        append_word (key, word);
    }
  append_word (key, word);

  return g_string_free (key, FALSE);
}

const char *
assay_caseload_field_get_name (AssayCaseloadField field)
{
  g_return_val_if_fail (field < ASSAY_CASELOAD_N_FIELDS, NULL);

  return field_info[field].name;
}

gboolean
assay_caseload_field_is_date (AssayCaseloadField field)
{
  g_return_val_if_fail (field < ASSAY_CASELOAD_N_FIELDS, FALSE);

  return field_info[field].kind == KIND_DATE;
}

gboolean
assay_caseload_field_from_header (const char         *header,
                                  AssayCaseloadField *field)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (header != NULL, FALSE);

  key = normalise_key (header);
  for (guint i = 0; i < ASSAY_CASELOAD_N_FIELDS; i++)
    if (in_list (key, field_info[i].aliases))
      {
        if (field != NULL)
          *field = (AssayCaseloadField) i;
        return TRUE;
      }

  return FALSE;
}

gboolean
assay_caseload_is_name_header (const char *header)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (header != NULL, FALSE);

  key = normalise_key (header);

  return in_list (key, name_headers);
}

gboolean
assay_caseload_is_identifier_header (const char *header)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (header != NULL, FALSE);

  key = normalise_key (header);

  if (in_list (key, name_headers) || in_list (key, identifier_headers))
    return TRUE;

  /* "Address", "Address Line 1", "Home Address", "Post Code", "Child DOB",
   * "Date of Birth (DOB)": any column of these is a child's */
  return strstr (key, "address") != NULL || strstr (key, "postcode") != NULL ||
         strstr (key, "dateofbirth") != NULL || strstr (key, "birthdate") != NULL ||
         strstr (key, "nhsnumber") != NULL || g_str_has_suffix (key, "dob") ||
         g_str_has_suffix (key, "upn") || g_str_has_suffix (key, "uln");
}

/* A value quoted back in a message: short, on one line. */
static char *
quote_value (const char *value)
{
  GString *out = g_string_new (NULL);
  glong n = 0;

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == 40)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, g_unichar_iscntrl (c) ? ' ' : c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_blank_char (gunichar c)
{
  /* Spreadsheets pad with no-break spaces; a byte-order mark or a zero-width
   * space is left behind where exports were pasted together. */
  return g_unichar_isspace (c) || c == 0xfeff || c == 0x200b;
}

/* Without blanks at either end, Unicode ones included. */
static char *
trim (const char *value)
{
  const char *start = value;
  const char *end = value + strlen (value);

  while (*start != '\0' && is_blank_char (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!is_blank_char (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return g_strndup (start, (gsize) (end - start));
}

static char *
collapse_space (const char *value)
{
  GString *out = g_string_sized_new (strlen (value));
  gboolean space = FALSE;

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_blank_char (c) || g_unichar_iscntrl (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static const char *
match_choice (const Choice *choices,
              const char   *value)
{
  g_autofree char *key = fold_value (value);

  for (const Choice *c = choices; c->token != NULL; c++)
    if (in_list (key, c->spellings))
      return c->token;

  return NULL;
}

/* "ASD - Autistic Spectrum Disorder", "Autism (ASD)", "Year 7 (KS3)": the
 * value's parts, or NULL when it has only one. */
static GStrv
split_parts (const char *value)
{
  g_autofree char *copy = g_strdup (value);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  char *p;

  for (p = copy; *p != '\0'; p++)
    if (strchr ("():/|;", *p) != NULL)
      *p = '\x1f';

  /* Only a dash with a space each side separates: "post-16" is one part. */
  while ((p = strstr (copy, " - ")) != NULL)
    p[1] = '\x1f';

  parts = g_strsplit (copy, "\x1f", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_ptr_array_add (kept, g_strdup (parts[i]));

  if (kept->len < 2)
    return NULL;

  g_ptr_array_add (kept, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&kept), FALSE);
}

/* Accepted when every part means the same. */
static const char *
match_choice_parts (const Choice *choices,
                    const char   *value)
{
  g_auto(GStrv) parts = split_parts (value);
  const char *found = NULL;

  if (parts == NULL)
    return NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *token = match_choice (choices, parts[i]);

      if (token == NULL || (found != NULL && !g_str_equal (found, token)))
        return NULL;
      found = token;
    }

  return found;
}

static char *
choice_list (const Choice *choices)
{
  GString *out = g_string_new (NULL);

  for (const Choice *c = choices; c->token != NULL; c++)
    {
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, c->token);
    }

  return g_string_free (out, FALSE);
}

/* School phase, National Curriculum year and key stage, as far as a value
 * tells them. */
typedef struct
{
  const char *phase;
  const char *nc_year;
  const char *key_stage;
} Stage;

static const char * const nc_years[] = {
  "N", "R", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14",
};

static const char * const key_stages[] = { "EYFS", "KS1", "KS2", "KS3", "KS4", "KS5" };

static const struct
{
  const char *phase;
  const char *spellings;   /* folded */
} phase_words[] = {
  { "early-years", "earlyyear|earlyyears|ey|preschool|earlyyearsfoundationstage|"
                   "foundationstage" },
  { "primary", "primary|primaryschool|infant|infantschool|junior|juniorschool" },
  { "secondary", "secondary|secondaryschool" },
  { "post-16", "post16|sixthform|fe|furthereducation|1619|16to19|ks5post16" },
  { "post-19", "post19|1925|19to25|19plus" },
};

static void
stage_from_key_stage (Stage      *stage,
                      const char *key_stage)
{
  stage->key_stage = key_stage;

  if (g_str_equal (key_stage, "EYFS"))
    stage->phase = "early-years";
  else if (g_str_equal (key_stage, "KS1") || g_str_equal (key_stage, "KS2"))
    stage->phase = "primary";
  else if (g_str_equal (key_stage, "KS3") || g_str_equal (key_stage, "KS4"))
    stage->phase = "secondary";
  else
    stage->phase = "post-16";
}

/* Year N (nursery) and R (reception) are the foundation stage; years 12 to
 * 14 are sixth form, key stage 5 (the census records a year 14 too). */
static void
stage_from_nc_year (Stage *stage,
                    guint  index)
{
  static const guint key_stage_of[G_N_ELEMENTS (nc_years)] = {
    0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 5, 5,
  };

  stage_from_key_stage (stage, key_stages[key_stage_of[index]]);
  stage->nc_year = nc_years[index];
}

/* "year7", "yr7", "y7", "ncyear7", or bare "7" where @bare: an index into
 * nc_years, or -1. */
static int
match_nc_year (const char *key,
               gboolean    bare)
{
  static const char * const prefixes[] = { "ncyear", "year", "yr", "y", "nc" };
  const char *rest = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (prefixes) && rest == NULL; i++)
    if (g_str_has_prefix (key, prefixes[i]))
      rest = key + strlen (prefixes[i]);

  if (rest == NULL || *rest == '\0')
    {
      if (!bare)
        return -1;
      rest = key;
    }

  if (g_str_equal (rest, "n") || g_str_equal (rest, "nursery"))
    return 0;
  if (g_str_equal (rest, "r") || g_str_equal (rest, "reception"))
    return 1;

  if (g_ascii_isdigit (rest[0]) && (rest[1] == '\0' || (g_ascii_isdigit (rest[1]) &&
                                                        rest[2] == '\0')))
    {
      guint year = (guint) (rest[0] - '0');

      if (rest[1] != '\0')
        year = year * 10 + (guint) (rest[1] - '0');

      if (year >= 1 && year <= 14)
        return (int) year + 1;
    }

  return -1;
}

/* "ks3", "keystage3", or bare "3" where @bare: an index into key_stages,
 * or -1. */
static int
match_key_stage (const char *key,
                 gboolean    bare)
{
  const char *rest = NULL;

  if (g_str_equal (key, "eyfs"))
    return 0;

  if (g_str_has_prefix (key, "keystage"))
    rest = key + strlen ("keystage");
  else if (g_str_has_prefix (key, "ks"))
    rest = key + strlen ("ks");
  else if (bare)
    rest = key;

  if (rest != NULL && rest[0] >= '1' && rest[0] <= '5' && rest[1] == '\0')
    return rest[0] - '0';

  return -1;
}

/* One value of a phase, NC year or key stage column; @column says which,
 * since a bare "3" is a year in one and a key stage in another. */
static gboolean
match_stage (const char         *value,
             AssayCaseloadField  column,
             Stage              *stage)
{
  g_autofree char *key = fold_value (value);
  int index;

  memset (stage, 0, sizeof *stage);

  if (*key == '\0')
    return FALSE;

  if (g_str_equal (key, "nursery"))
    {
      stage_from_nc_year (stage, 0);
      return TRUE;
    }
  if (g_str_equal (key, "reception"))
    {
      stage_from_nc_year (stage, 1);
      return TRUE;
    }

  index = match_nc_year (key, column == ASSAY_CASELOAD_FIELD_NC_YEAR);
  if (index >= 0)
    {
      stage_from_nc_year (stage, (guint) index);
      return TRUE;
    }

  index = match_key_stage (key, column == ASSAY_CASELOAD_FIELD_KEY_STAGE);
  if (index >= 0)
    {
      stage_from_key_stage (stage, key_stages[index]);
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (phase_words); i++)
    if (in_list (key, phase_words[i].spellings))
      {
        stage->phase = phase_words[i].phase;
        return TRUE;
      }

  return FALSE;
}

static gboolean
merge_stage_member (const char **into,
                    const char  *from)
{
  if (from == NULL)
    return TRUE;
  if (*into != NULL && !g_str_equal (*into, from))
    return FALSE;
  *into = from;

  return TRUE;
}

/* A whole value, or "Secondary - Year 9" whose parts agree. */
static gboolean
parse_stage (const char         *value,
             AssayCaseloadField  column,
             Stage              *stage)
{
  g_auto(GStrv) parts = NULL;

  if (match_stage (value, column, stage))
    return TRUE;

  parts = split_parts (value);
  if (parts == NULL)
    return FALSE;

  memset (stage, 0, sizeof *stage);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      Stage part;

      if (!match_stage (parts[i], column, &part) ||
          !merge_stage_member (&stage->phase, part.phase) ||
          !merge_stage_member (&stage->nc_year, part.nc_year) ||
          !merge_stage_member (&stage->key_stage, part.key_stage))
        return FALSE;
    }

  return TRUE;
}

static const char *
stage_get (const Stage        *stage,
           AssayCaseloadField  field)
{
  if (field == ASSAY_CASELOAD_FIELD_PHASE)
    return stage->phase;
  if (field == ASSAY_CASELOAD_FIELD_NC_YEAR)
    return stage->nc_year;
  if (field == ASSAY_CASELOAD_FIELD_KEY_STAGE)
    return stage->key_stage;

  return NULL;
}

/* ---- Dates ---- */

typedef enum
{
  DATE_OK,
  DATE_MONTH_FIRST,      /* real only month first, and read so */
  DATE_NOT_A_DATE,
  DATE_IMPOSSIBLE,
  DATE_SERIAL_RANGE,     /* a number, but not an Excel date of a plan */
} DateStatus;

static gboolean
read_number (const char **p,
             guint        min_digits,
             guint        max_digits,
             guint       *value)
{
  guint n = 0;

  *value = 0;
  while (g_ascii_isdigit (**p) && n < max_digits)
    {
      *value = *value * 10 + (guint) (**p - '0');
      (*p)++;
      n++;
    }

  return n >= min_digits && !g_ascii_isdigit (**p);
}

/* A time of day after the date, as spreadsheets and databases write it:
 * " 00:00", "T09:30:00", "T09:30:00.000Z", "T09:30:00+01:00",
 * " 12:00:00 AM". Starts at the space or "T". */
static gboolean
is_time_suffix (const char *p)
{
  guint value;

  if (*p == '\0')
    return TRUE;
  if (*p != ' ' && *p != 'T' && *p != 't')
    return FALSE;
  p++;

  if (!read_number (&p, 1, 2, &value) || *p++ != ':' || !read_number (&p, 2, 2, &value))
    return FALSE;
  if (*p == ':')
    {
      p++;
      if (!read_number (&p, 2, 2, &value))
        return FALSE;
      if (*p == '.')
        {
          p++;
          if (!read_number (&p, 1, 9, &value))
            return FALSE;
        }
    }

  if (*p == 'Z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      p++;
      if (!read_number (&p, 2, 2, &value))
        return FALSE;
      if (*p == ':')
        p++;
      if (!read_number (&p, 2, 2, &value))
        return FALSE;
    }
  else if (*p == ' ' && (g_ascii_strcasecmp (p, " AM") == 0 ||
                         g_ascii_strcasecmp (p, " PM") == 0))
    p += 3;

  return *p == '\0';
}

/* Where the time of day starts (a space or "T" before "HH:"), or NULL. */
static const char *
find_time (const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    if ((*p == ' ' || *p == 'T' || *p == 't') && p > value && g_ascii_isdigit (p[-1]) &&
        g_ascii_isdigit (p[1]) && (p[2] == ':' || (g_ascii_isdigit (p[2]) && p[3] == ':')))
      return p;

  return NULL;
}

static guint
month_from_name (const char *word)
{
  static const char * const months[] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  };
  static const char * const long_months[] = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
  };

  for (guint i = 0; i < 12; i++)
    if (g_str_equal (word, months[i]) || g_str_equal (word, long_months[i]))
      return i + 1;

  if (g_str_equal (word, "sept"))
    return 9;

  return 0;
}

static gboolean
is_weekday (const char *word)
{
  static const char * const days[] = {
    "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs",
    "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday",
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    if (g_str_equal (word, days[i]))
      return TRUE;

  return FALSE;
}

#define MAX_DATE_TOKENS 6

typedef struct
{
  gboolean is_word;
  guint    value;
  guint    digits;
  char     word[12];
  char     sep;      /* what came before it: 0, or the one separator */
} DateToken;

/* Numbers and words, with what separated them. FALSE for anything that
 * cannot be part of a date. */
static gboolean
tokenize_date (const char *text,
               DateToken  *tokens,
               guint      *n_tokens)
{
  const char *p = text;
  char sep = 0;
  guint n = 0;

  while (*p != '\0')
    {
      DateToken *token;

      if (*p == ' ' || *p == ',' || *p == '/' || *p == '-' || *p == '.')
        {
          /* ", " and " " count as one gap; "//" does not */
          if (*p == ' ' || *p == ',')
            {
              if (sep != 0 && sep != ' ')
                return FALSE;
              sep = ' ';
            }
          else
            {
              if (sep != 0 && sep != ' ')
                return FALSE;
              sep = *p;
            }
          p++;
          continue;
        }

      if (n == MAX_DATE_TOKENS)
        return FALSE;
      token = &tokens[n++];
      memset (token, 0, sizeof *token);
      token->sep = sep;
      sep = 0;

      if (g_ascii_isdigit (*p))
        {
          while (g_ascii_isdigit (*p))
            {
              if (token->digits == 8)
                return FALSE;
              token->value = token->value * 10 + (guint) (*p - '0');
              token->digits++;
              p++;
            }
        }
      else if (g_ascii_isalpha (*p))
        {
          guint len = 0;

          token->is_word = TRUE;
          while (g_ascii_isalpha (*p))
            {
              if (len == sizeof token->word - 1)
                return FALSE;
              token->word[len++] = g_ascii_tolower (*p);
              p++;
            }
        }
      else
        return FALSE;
    }

  *n_tokens = n;

  return n > 0 && sep == 0;
}

static gboolean
is_real_date (guint year,
              guint month,
              guint day)
{
  return year >= 1900 && year <= 2200 && month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
         g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static gboolean
read_year (const DateToken *token,
           guint           *year)
{
  if (token->is_word)
    return FALSE;
  if (token->digits == 4)
    *year = token->value;
  else if (token->digits == 2)
    *year = 2000 + token->value;
  else
    return FALSE;

  return TRUE;
}

static gboolean
is_ordinal (const DateToken *token)
{
  return token->is_word && token->sep == 0 &&
         (g_str_equal (token->word, "st") || g_str_equal (token->word, "nd") ||
          g_str_equal (token->word, "rd") || g_str_equal (token->word, "th"));
}

/* An Excel date number: days in the 1900 date system. Excel counts a 29
 * February 1900 that never was (serial 60), so from serial 61 on, serial n
 * is 30 December 1899 plus n days; the plausible range starts long after. */
static DateStatus
parse_excel_serial (const char *value,
                    char      **iso)
{
  const char *p = value;
  guint64 serial = 0;
  g_autoptr(GDate) date = NULL;

  while (g_ascii_isdigit (*p))
    {
      if (serial > EXCEL_SERIAL_MAX * 10ULL)
        return DATE_SERIAL_RANGE;
      serial = serial * 10 + (guint64) (*p - '0');
      p++;
    }

  /* A time of day as a fraction: 45444.5 is noon */
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return DATE_NOT_A_DATE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (*p != '\0')
    return DATE_NOT_A_DATE;

  if (serial < EXCEL_SERIAL_MIN || serial > EXCEL_SERIAL_MAX)
    return DATE_SERIAL_RANGE;

  date = g_date_new_dmy (30, G_DATE_DECEMBER, 1899);
  g_date_add_days (date, (guint) serial);
  *iso = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));

  return DATE_OK;
}

static DateStatus
parse_date (const char *value,
            char      **iso)
{
  g_autofree char *date_part = NULL;
  DateToken tokens[MAX_DATE_TOKENS];
  const DateToken *t = tokens;
  const char *time;
  guint n = 0;
  guint day = 0, month = 0, year = 0;
  DateStatus status = DATE_OK;

  if (g_ascii_isdigit (value[0]))
    {
      const char *p = value;
      gsize digits;

      while (g_ascii_isdigit (*p))
        p++;
      digits = (gsize) (p - value);
      if (*p == '.' && g_ascii_isdigit (p[1]))
        {
          p++;
          while (g_ascii_isdigit (*p))
            p++;
        }
      /* 20240601 is a compact ISO date; any other bare number a serial */
      if (*p == '\0' && !(digits == 8 && p - value == 8))
        return parse_excel_serial (value, iso);
    }

  time = find_time (value);
  if (time != NULL && !is_time_suffix (time))
    return DATE_NOT_A_DATE;
  date_part = g_strndup (value, time != NULL ? (gsize) (time - value) : strlen (value));

  if (!tokenize_date (date_part, tokens, &n))
    return DATE_NOT_A_DATE;

  /* "Saturday 1 June 2024", "Sat, 01 Jun 2024" */
  if (t[0].is_word && is_weekday (t[0].word))
    t++, n--;

  if (n == 1 && !t[0].is_word && t[0].digits == 8)
    {
      year = t[0].value / 10000;
      month = t[0].value / 100 % 100;
      day = t[0].value % 100;
      if (!is_real_date (year, month, day))
        return DATE_IMPOSSIBLE;
    }
  else if (n == 3 && !t[0].is_word && !t[1].is_word && !t[2].is_word)
    {
      /* All numbers: one separator, used twice */
      if (t[1].sep == 0 || t[1].sep == ' ' || t[1].sep != t[2].sep)
        return DATE_NOT_A_DATE;

      if (t[0].digits == 4)
        {
          /* Year first: only ever year, month, day */
          if (t[1].digits > 2 || t[2].digits > 2)
            return DATE_NOT_A_DATE;
          year = t[0].value, month = t[1].value, day = t[2].value;
          if (!is_real_date (year, month, day))
            return DATE_IMPOSSIBLE;
        }
      else
        {
          if (t[0].digits > 2 || t[1].digits > 2 || !read_year (&t[2], &year))
            return DATE_NOT_A_DATE;

          day = t[0].value, month = t[1].value;
          if (!is_real_date (year, month, day))
            {
              if (!is_real_date (year, day, month))
                return DATE_IMPOSSIBLE;
              day = t[1].value, month = t[0].value;
              status = DATE_MONTH_FIRST;
            }
        }
    }
  else
    {
      /* A month by name: "1 June 2024", "01-Jun-24", "1st June, 2024",
       * "June 1, 2024". An ordinal's letters follow the day. */
      DateToken words[MAX_DATE_TOKENS];
      guint m = 0;

      for (guint i = 0; i < n; i++)
        if (!is_ordinal (&t[i]))
          words[m++] = t[i];

      if (m != 3 || words[2].is_word)
        return DATE_NOT_A_DATE;

      if (!words[0].is_word && words[1].is_word)
        {
          month = month_from_name (words[1].word);
          day = words[0].value;
          if (words[0].digits > 2)
            return DATE_NOT_A_DATE;
        }
      else if (words[0].is_word && !words[1].is_word)
        {
          month = month_from_name (words[0].word);
          day = words[1].value;
          if (words[1].digits > 2)
            return DATE_NOT_A_DATE;
        }
      else
        return DATE_NOT_A_DATE;

      if (month == 0 || !read_year (&words[2], &year))
        return DATE_NOT_A_DATE;
      if (!is_real_date (year, month, day))
        return DATE_IMPOSSIBLE;
    }

  *iso = g_strdup_printf ("%04u-%02u-%02u", year, month, day);

  return status;
}

/* ---- Cells ---- */

static JsonNode *
string_node (const char *text)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);

  return node;
}

/*
 * One cell of @field's column. Fills @node (NULL for an empty cell) or
 * fails with a message naming the field and the value. For a stage column,
 * @stage gets everything the value tells; for a date read month first,
 * @note gets a message about it while @node holds the date.
 */
static gboolean
parse_cell (AssayCaseloadField   field,
            const char          *value,
            JsonNode           **node,
            Stage               *stage,
            char               **note,
            GError             **error)
{
  const FieldInfo *info = &field_info[field];
  g_autofree char *trimmed = trim (value);
  g_autofree char *quoted = NULL;

  *node = NULL;
  if (stage != NULL)
    memset (stage, 0, sizeof *stage);

  if (*trimmed == '\0')
    return TRUE;

  quoted = quote_value (trimmed);

  switch (info->kind)
    {
    case KIND_CASE_REF:
      for (const char *p = trimmed; *p != '\0'; p++)
        if (g_ascii_iscntrl (*p))
          {
            g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                         _("%s “%s” holds a line break or a control character"),
                         info->name, quoted);
            return FALSE;
          }
      if (g_utf8_strlen (trimmed, -1) > MAX_CASE_REF)
        {
          g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                       _("%s “%s” is longer than %d characters"),
                       info->name, quoted, MAX_CASE_REF);
          return FALSE;
        }
      *node = string_node (trimmed);
      return TRUE;

    case KIND_TEXT:
      {
        g_autofree char *text = collapse_space (trimmed);

        /* Nothing but control characters is nothing. */
        if (*text == '\0')
          return TRUE;

        if (g_utf8_strlen (text, -1) > MAX_TEXT)
          {
            g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                         _("%s “%s” is longer than %d characters"),
                         info->name, quoted, MAX_TEXT);
            return FALSE;
          }
        *node = string_node (text);
        return TRUE;
      }

    case KIND_CHOICE:
      {
        const char *token = match_choice (info->choices, trimmed);

        if (token == NULL)
          token = match_choice_parts (info->choices, trimmed);

        if (token == NULL)
          {
            g_autofree char *list = choice_list (info->choices);

            if (field == ASSAY_CASELOAD_FIELD_PRIMARY_NEED)
              g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                           _("%s “%s” is not one of the national categories %s or their "
                             "names"),
                           info->name, quoted, list);
            else
              g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                           _("%s “%s” is not one of %s"), info->name, quoted, list);
            return FALSE;
          }

        *node = string_node (token);
        return TRUE;
      }

    case KIND_STAGE:
      {
        Stage local;
        const char *own;

        if (stage == NULL)
          stage = &local;

        if (!parse_stage (trimmed, field, stage) || (own = stage_get (stage, field)) == NULL)
          {
            memset (stage, 0, sizeof *stage);
            if (field == ASSAY_CASELOAD_FIELD_PHASE)
              g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                           _("%s “%s” is not one of early-years, primary, secondary, "
                             "post-16, post-19, Nursery, Reception, Year N, R or 1–14, "
                             "or KS1–KS5"),
                           info->name, quoted);
            else if (field == ASSAY_CASELOAD_FIELD_NC_YEAR)
              g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                           _("%s “%s” is not a National Curriculum year: N, R or 1–14, "
                             "Nursery, Reception or Year 7"),
                           info->name, quoted);
            else
              g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                           _("%s “%s” is not a key stage: EYFS or KS1–KS5"),
                           info->name, quoted);
            return FALSE;
          }

        *node = string_node (own);
        return TRUE;
      }

    case KIND_DATE:
      {
        g_autofree char *iso = NULL;

        switch (parse_date (trimmed, &iso))
          {
          case DATE_OK:
            *node = string_node (iso);
            return TRUE;

          case DATE_MONTH_FIRST:
            if (note != NULL)
              *note = g_strdup_printf (_("%s “%s” is a real date only month first, so it was "
                                         "read as %s; dates that could be either are read "
                                         "day first"),
                                       info->name, quoted, iso);
            *node = string_node (iso);
            return TRUE;

          case DATE_IMPOSSIBLE:
            g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                         _("%s “%s” is not a real date"), info->name, quoted);
            return FALSE;

          case DATE_SERIAL_RANGE:
            g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                         _("%s “%s” is a number but not a date: as an Excel date it would "
                           "fall outside 2000–2099"),
                         info->name, quoted);
            return FALSE;

          case DATE_NOT_A_DATE:
          default:
            g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                         _("%s “%s” is not a date like 2025-03-14, 14/03/2025 or "
                           "14 March 2025"),
                         info->name, quoted);
            return FALSE;
          }
      }

    case KIND_BOOLEAN:
      {
        const char *token = match_choice (info->choices, trimmed);

        if (token == NULL)
          {
            g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                         _("%s “%s” is not one of yes, no, y, n, true, false, 1, 0"),
                         info->name, quoted);
            return FALSE;
          }

        *node = json_node_new (JSON_NODE_VALUE);
        json_node_set_boolean (*node, g_str_equal (token, "yes"));
        return TRUE;
      }

    default:
      g_return_val_if_reached (FALSE);
    }
}

JsonNode *
assay_caseload_normalise_value (AssayCaseloadField   field,
                                const char          *value,
                                GError             **error)
{
  JsonNode *node = NULL;

  g_return_val_if_fail (field < ASSAY_CASELOAD_N_FIELDS, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  if (!parse_cell (field, value, &node, NULL, NULL, error))
    return NULL;

  return node;
}

char *
assay_caseload_value_to_string (JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("");

  if (JSON_NODE_HOLDS_VALUE (value))
    {
      GType type = json_node_get_value_type (value);

      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (value) ? "yes" : "no");
      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (value));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
    }

  return g_strdup ("");
}

/* ---- Column mappings ---- */

typedef struct
{
  char *header;   /* as typed */
  char *key;      /* normalised like a header */
  int   field;    /* an AssayCaseloadField, or -1 to ignore the column */
} MapEntry;

struct _AssayCaseloadMap
{
  GPtrArray *entries;   /* of MapEntry */
};

static void
map_entry_free (gpointer data)
{
  MapEntry *entry = data;

  g_free (entry->header);
  g_free (entry->key);
  g_free (entry);
}

AssayCaseloadMap *
assay_caseload_map_new (void)
{
  AssayCaseloadMap *map = g_new0 (AssayCaseloadMap, 1);

  map->entries = g_ptr_array_new_with_free_func (map_entry_free);

  return map;
}

void
assay_caseload_map_free (AssayCaseloadMap *map)
{
  if (map == NULL)
    return;

  g_ptr_array_unref (map->entries);
  g_free (map);
}

static char *
field_names (void)
{
  GString *names = g_string_new (NULL);

  for (guint f = 0; f < ASSAY_CASELOAD_N_FIELDS; f++)
    {
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, field_info[f].name);
    }

  return g_string_free (names, FALSE);
}

gboolean
assay_caseload_map_add (AssayCaseloadMap  *map,
                        const char        *spec,
                        GError           **error)
{
  g_autofree char *header = NULL;
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  const char *equals;
  MapEntry *entry;
  AssayCaseloadField field;
  int mapped;

  g_return_val_if_fail (map != NULL, FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  /* Field names never hold "=", headers might: the last one splits */
  equals = strrchr (spec, '=');
  if (equals == NULL)
    {
      g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_BAD_MAP,
                   _("“%s” is not a column mapping like “Header=field”"), spec);
      return FALSE;
    }

  header = g_strndup (spec, (gsize) (equals - spec));
  g_strstrip (header);
  name = g_strstrip (g_strdup (equals + 1));
  key = normalise_key (header);

  if (*key == '\0')
    {
      g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_BAD_MAP,
                   _("“%s” names no column before the “=”"), spec);
      return FALSE;
    }

  if (g_ascii_strcasecmp (name, "ignore") == 0)
    mapped = -1;
  else if (assay_caseload_field_from_header (name, &field))
    mapped = (int) field;
  else
    {
      g_autofree char *names = field_names ();

      g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_BAD_MAP,
                   _("“%s”: “%s” is not a caseload field; the fields are %s, or “ignore”"),
                   spec, name, names);
      return FALSE;
    }

  if (mapped >= 0 && assay_caseload_is_identifier_header (header))
    {
      g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_BAD_MAP,
                   _("“%s”: the column “%s” identifies a child; it is never stored"),
                   spec, header);
      return FALSE;
    }

  for (guint i = 0; i < map->entries->len; i++)
    {
      MapEntry *other = g_ptr_array_index (map->entries, i);

      if (g_str_equal (other->key, key))
        {
          g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_BAD_MAP,
                       _("“%s”: the column “%s” is mapped twice"), spec, header);
          return FALSE;
        }
      if (mapped >= 0 && other->field == mapped)
        {
          g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_BAD_MAP,
                       _("“%s”: %s is already mapped from “%s”"),
                       spec, field_info[mapped].name, other->header);
          return FALSE;
        }
    }

  entry = g_new0 (MapEntry, 1);
  entry->header = g_steal_pointer (&header);
  entry->key = g_steal_pointer (&key);
  entry->field = mapped;
  g_ptr_array_add (map->entries, entry);

  return TRUE;
}

/* ---- Rows ---- */

static void
add_unique (GPtrArray  *list,
            const char *text)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (list->pdata[i], text))
      return;

  g_ptr_array_add (list, g_strdup (text));
}

static void
reject (AssayCaseloadResult *result,
        guint                line,
        char                *reason)
{
  AssayCaseloadRejection *rejection = g_new0 (AssayCaseloadRejection, 1);

  rejection->line = line;
  rejection->reason = reason;
  g_ptr_array_add (result->rejected, rejection);
}

static void
add_warning (GPtrArray          *warnings,
             guint               line,
             AssayCaseloadField  field,
             char               *reason)
{
  AssayCaseloadWarning *warning = g_new0 (AssayCaseloadWarning, 1);

  warning->line = line;
  warning->field = field;
  warning->reason = reason;
  g_ptr_array_add (warnings, warning);
}

/* TRUE when fields @from to the end of @record hold nothing but space. */
static gboolean
is_blank_from (const AssayCsvRecord *record,
               guint                 from)
{
  for (guint i = from; i < record->n_fields; i++)
    {
      for (const char *p = record->fields[i]; *p != '\0'; p = g_utf8_next_char (p))
        if (!is_blank_char (g_utf8_get_char (p)))
          return FALSE;
    }

  return TRUE;
}

/* The identifiers are about to be freed with the rest of the file; they
 * should not linger in freed memory either. */
static void
wipe_columns (AssayCsv       *csv,
              const gboolean *is_identifier,
              guint           n_columns)
{
  for (guint r = 0; r < csv->records->len; r++)
    {
      AssayCsvRecord *record = g_ptr_array_index (csv->records, r);

      for (guint i = 0; i < MIN (record->n_fields, n_columns); i++)
        if (is_identifier[i])
          memset (record->fields[i], 0, strlen (record->fields[i]));
    }
}

static void
set_not_caseload_error (GError               **error,
                        const AssayCsvRecord  *header)
{
  gboolean other_separator = FALSE;

  /* A European-locale spreadsheet separates with ";", a text export with tabs. */
  if (header->n_fields == 1)
    other_separator = strchr (header->fields[0], ';') != NULL ||
                      strchr (header->fields[0], '\t') != NULL;

  if (other_separator)
    g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_NOT_CASELOAD,
                 _("line %u: the header has no commas; the file seems to be separated by "
                   "semicolons or tabs: save it as “CSV UTF-8” (comma delimited)"),
                 header->line);
  else
    g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_NOT_CASELOAD,
                 _("line %u: not a caseload: no case reference column (a column headed "
                   "case_ref, Case Reference, Case Ref, EHCP Ref, Plan Ref, Person ID, "
                   "Case ID or another alias, or one chosen with --map “Header=case_ref”)"),
                 header->line);
}

static char *
header_list (const AssayCsvRecord *header)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < header->n_fields; i++)
    {
      g_autofree char *text = trim (header->fields[i]);

      if (*text == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, text);
    }

  return g_string_free (out, FALSE);
}

static void
add_column (AssayCaseloadResult *result,
            const char          *header,
            guint                index,
            AssayCaseloadField   field,
            gboolean             by_map)
{
  AssayCaseloadColumn *column = g_new0 (AssayCaseloadColumn, 1);

  column->header = g_strdup (header);
  column->column = index + 1;
  column->field = field;
  column->by_map = by_map;
  g_ptr_array_add (result->columns, column);
}

static int
compare_columns (gconstpointer a,
                 gconstpointer b)
{
  const AssayCaseloadColumn *column_a = *(const AssayCaseloadColumn **) a;
  const AssayCaseloadColumn *column_b = *(const AssayCaseloadColumn **) b;

  return (column_a->column > column_b->column) - (column_a->column < column_b->column);
}

/* Which field each column fills (-1: none), from the mapping first, then
 * from the headers; fills @result's columns, dropped and ignored lists. */
static gboolean
map_columns (const AssayCsvRecord   *header,
             const AssayCaseloadMap *map,
             int                    *column_field,
             gboolean               *is_identifier,
             gboolean                present[ASSAY_CASELOAD_N_FIELDS],
             AssayCaseloadResult    *result,
             GError                **error)
{
  guint n_columns = header->n_fields;
  g_autofree gboolean *decided = g_new0 (gboolean, n_columns);

  for (guint i = 0; i < n_columns; i++)
    column_field[i] = -1;

  if (map != NULL)
    for (guint m = 0; m < map->entries->len; m++)
      {
        MapEntry *entry = g_ptr_array_index (map->entries, m);
        gboolean found = FALSE;

        for (guint i = 0; i < n_columns && !found; i++)
          {
            g_autofree char *text = trim (header->fields[i]);
            g_autofree char *key = normalise_key (text);

            if (decided[i] || !g_str_equal (key, entry->key))
              continue;

            found = decided[i] = TRUE;
            if (entry->field < 0 && assay_caseload_is_identifier_header (text))
              {
                is_identifier[i] = TRUE;
                add_unique (result->dropped_columns, text);
              }
            else if (entry->field < 0)
              add_unique (result->ignored_columns, text);
            else
              {
                column_field[i] = entry->field;
                present[entry->field] = TRUE;
                add_column (result, text, i, entry->field, TRUE);
              }
          }

        if (!found)
          {
            g_autofree char *headers = header_list (header);

            g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_MAP_NO_COLUMN,
                         _("no column is headed “%s” (mapped to %s); the headers are: %s"),
                         entry->header,
                         entry->field < 0 ? "ignore" : field_info[entry->field].name, headers);
            return FALSE;
          }
      }

  for (guint i = 0; i < n_columns; i++)
    {
      g_autofree char *text = trim (header->fields[i]);
      AssayCaseloadField field;

      if (decided[i] || *text == '\0')
        continue;

      /* A child's identifier first: no alias may ever let one in */
      if (assay_caseload_is_identifier_header (text))
        {
          is_identifier[i] = TRUE;
          add_unique (result->dropped_columns, text);
        }
      else if (assay_caseload_field_from_header (text, &field) && !present[field])
        {
          column_field[i] = (int) field;
          present[field] = TRUE;
          add_column (result, text, i, field, FALSE);
        }
      else
        add_unique (result->ignored_columns, text);
    }

  g_ptr_array_sort (result->columns, compare_columns);

  return TRUE;
}

/* The three stage fields: a column of any of them gives all three, in
 * this order of preference after the field's own column. */
static const AssayCaseloadField stage_sources[][3] = {
  { ASSAY_CASELOAD_FIELD_PHASE, ASSAY_CASELOAD_FIELD_NC_YEAR, ASSAY_CASELOAD_FIELD_KEY_STAGE },
  { ASSAY_CASELOAD_FIELD_NC_YEAR, ASSAY_CASELOAD_FIELD_PHASE, ASSAY_CASELOAD_FIELD_KEY_STAGE },
  { ASSAY_CASELOAD_FIELD_KEY_STAGE, ASSAY_CASELOAD_FIELD_NC_YEAR, ASSAY_CASELOAD_FIELD_PHASE },
};

static gboolean
is_stage_field (AssayCaseloadField field)
{
  return field_info[field].kind == KIND_STAGE;
}

/* The fields kept from the store on re-import, one bit each. */
typedef guint32 FieldMask;

G_STATIC_ASSERT (ASSAY_CASELOAD_N_FIELDS <= 32);

#define STAGE_MASK ((1u << ASSAY_CASELOAD_FIELD_PHASE) | (1u << ASSAY_CASELOAD_FIELD_NC_YEAR) | \
                    (1u << ASSAY_CASELOAD_FIELD_KEY_STAGE))

static gboolean
parse_csv (AssayCsv                *csv,
           const AssayCaseloadMap  *map,
           GPtrArray              **cases_out,
           GArray                 **keep_out,
           gboolean                 columns_present[ASSAY_CASELOAD_N_FIELDS],
           AssayCaseloadResult    **result_out,
           GError                 **error)
{
  g_autoptr(AssayCaseloadResult) result = result_new ();
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GArray) keep = NULL;
  g_autoptr(GHashTable) seen = NULL;   /* case_ref -> line, as a pointer */
  g_autoptr(GPtrArray) row_warnings = NULL;
  g_autofree int *column_field = NULL;
  g_autofree gboolean *is_identifier = NULL;
  gboolean present[ASSAY_CASELOAD_N_FIELDS] = { FALSE };
  const AssayCsvRecord *header;
  guint n_columns;

  result->encoding = csv->encoding;
  result->had_bom = csv->had_bom;

  if (csv->records->len == 0)
    {
      g_set_error_literal (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_EMPTY,
                           _("the file is empty: a caseload starts with a header row"));
      return FALSE;
    }

  header = g_ptr_array_index (csv->records, 0);
  n_columns = header->n_fields;
  column_field = g_new (int, n_columns);
  is_identifier = g_new0 (gboolean, n_columns);

  if (!map_columns (header, map, column_field, is_identifier, present, result, error))
    {
      /* Say where the header is, as for every other problem with it */
      g_prefix_error (error, _("line %u: "), header->line);
      return FALSE;
    }

  wipe_columns (csv, is_identifier, n_columns);

  if (!present[ASSAY_CASELOAD_FIELD_CASE_REF])
    {
      set_not_caseload_error (error, header);
      return FALSE;
    }

  if (present[ASSAY_CASELOAD_FIELD_PHASE] || present[ASSAY_CASELOAD_FIELD_NC_YEAR] ||
      present[ASSAY_CASELOAD_FIELD_KEY_STAGE])
    present[ASSAY_CASELOAD_FIELD_PHASE] = present[ASSAY_CASELOAD_FIELD_NC_YEAR] =
      present[ASSAY_CASELOAD_FIELD_KEY_STAGE] = TRUE;

  cases = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  keep = g_array_new (FALSE, FALSE, sizeof (FieldMask));
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  row_warnings = g_ptr_array_new_with_free_func (warning_free);

  for (guint r = 1; r < csv->records->len; r++)
    {
      const AssayCsvRecord *record = g_ptr_array_index (csv->records, r);
      JsonNode *nodes[ASSAY_CASELOAD_N_FIELDS] = { NULL };
      Stage stages[ASSAY_CASELOAD_N_FIELDS];
      gboolean has_stage[ASSAY_CASELOAD_N_FIELDS] = { FALSE };
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(GError) case_ref_error = NULL;
      FieldMask unread = 0;
      const char *case_ref;
      gpointer other_line;

      if (is_blank_from (record, 0))
        continue;

      result->n_rows++;

      if (record->n_fields < n_columns || !is_blank_from (record, n_columns))
        {
          reject (result, record->line,
                  g_strdup_printf (ngettext ("the row has %u field but the header has %u: "
                                             "a line break or a comma outside quotes has "
                                             "split or joined rows, so none of it was read",
                                             "the row has %u fields but the header has %u: "
                                             "a line break or a comma outside quotes has "
                                             "split or joined rows, so none of it was read",
                                             record->n_fields),
                                   record->n_fields, n_columns));
          continue;
        }

      g_ptr_array_set_size (row_warnings, 0);

      for (guint i = 0; i < n_columns; i++)
        {
          g_autoptr(GError) value_error = NULL;
          g_autofree char *note = NULL;
          AssayCaseloadField f;
          JsonNode *node = NULL;

          if (column_field[i] < 0)
            continue;
          f = (AssayCaseloadField) column_field[i];

          if (!parse_cell (f, record->fields[i], &node, &stages[f], &note, &value_error))
            {
              if (f == ASSAY_CASELOAD_FIELD_CASE_REF)
                case_ref_error = g_steal_pointer (&value_error);
              else
                {
                  add_warning (row_warnings, record->line, f,
                               g_strdup (value_error->message));
                  unread |= 1u << f;
                }
              continue;
            }

          if (note != NULL)
            add_warning (row_warnings, record->line, f, g_steal_pointer (&note));
          if (is_stage_field (f))
            has_stage[f] = TRUE;
          nodes[f] = node;
        }

      /* What one stage column says fills what the others leave out */
      for (guint s = 0; s < G_N_ELEMENTS (stage_sources); s++)
        {
          AssayCaseloadField target = stage_sources[s][0];

          for (guint k = 1; k < 3 && nodes[target] == NULL; k++)
            {
              AssayCaseloadField source = stage_sources[s][k];
              const char *value;

              if (has_stage[source] && (value = stage_get (&stages[source], target)) != NULL)
                nodes[target] = string_node (value);
            }
        }

      object = json_object_new ();
      for (guint f = 0; f < ASSAY_CASELOAD_N_FIELDS; f++)
        if (nodes[f] != NULL)
          {
            json_object_set_member (object, field_info[f].name, nodes[f]);
            unread &= ~(1u << f);
          }

      /* Nothing of the stage read, but something there: the stored three
       * stay together rather than losing some */
      if ((unread & STAGE_MASK) != 0 && nodes[ASSAY_CASELOAD_FIELD_PHASE] == NULL &&
          nodes[ASSAY_CASELOAD_FIELD_NC_YEAR] == NULL &&
          nodes[ASSAY_CASELOAD_FIELD_KEY_STAGE] == NULL)
        unread |= STAGE_MASK;

      if (case_ref_error != NULL)
        {
          reject (result, record->line, g_strdup (case_ref_error->message));
          continue;
        }

      if (!json_object_has_member (object, "case_ref"))
        {
          reject (result, record->line,
                  g_strdup (_("case_ref is empty")));
          continue;
        }

      case_ref = json_object_get_string_member (object, "case_ref");
      if (g_hash_table_lookup_extended (seen, case_ref, NULL, &other_line))
        {
          g_autofree char *quoted = quote_value (case_ref);

          reject (result, record->line,
                  g_strdup_printf (_("case_ref “%s” is already on line %u"),
                                   quoted, GPOINTER_TO_UINT (other_line)));
          continue;
        }

      /* Only the warnings of rows that are kept: a refused row has its reason */
      for (guint w = 0; w < row_warnings->len; w++)
        g_ptr_array_add (result->warnings, g_steal_pointer (&row_warnings->pdata[w]));
      g_ptr_array_set_size (row_warnings, 0);

      g_hash_table_insert (seen, g_strdup (case_ref), GUINT_TO_POINTER (record->line));
      g_ptr_array_add (cases, g_steal_pointer (&object));
      g_array_append_val (keep, unread);
    }

  if (columns_present != NULL)
    memcpy (columns_present, present, sizeof present);
  if (cases_out != NULL)
    *cases_out = g_steal_pointer (&cases);
  if (keep_out != NULL)
    *keep_out = g_steal_pointer (&keep);
  if (result_out != NULL)
    *result_out = g_steal_pointer (&result);

  return TRUE;
}

gboolean
assay_caseload_parse (gconstpointer          data,
                      gsize                  len,
                      GPtrArray            **cases,
                      gboolean               columns_present[ASSAY_CASELOAD_N_FIELDS],
                      AssayCaseloadResult  **result,
                      GError               **error)
{
  g_autoptr(AssayCsv) csv = assay_csv_parse (data, len, error);

  if (csv == NULL)
    return FALSE;

  return parse_csv (csv, NULL, cases, NULL, columns_present, result, error);
}

static GBytes *
object_to_bytes (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize len = 0;
  char *text;

  json_node_set_object (node, object);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &len);

  return g_bytes_new_take (text, len);
}

static JsonObject *
object_from_record (const AssayRecord  *record,
                    GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  gsize len = 0;
  const char *text = assay_record_get_text (record, &len);

  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      json_object_get_string_member_with_default (json_node_get_object (root), "case_ref",
                                                  NULL) == NULL)
    {
      g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_DAMAGED,
                   _("Case record %s is not a caseload entry"), record->id);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

typedef struct
{
  char       *id;
  JsonObject *fields;
} StoredCase;

static void
stored_case_free (gpointer data)
{
  StoredCase *stored = data;

  g_free (stored->id);
  json_object_unref (stored->fields);
  g_free (stored);
}

/* case_ref -> StoredCase, from one pass over the collection. */
static GHashTable *
index_cases (AssayStore  *store,
             GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) index = NULL;

  records = assay_store_list (store, ASSAY_CASELOAD_COLLECTION, error);
  if (records == NULL)
    return NULL;

  index = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, stored_case_free);

  for (guint i = 0; i < records->len; i++)
    {
      const AssayRecord *record = g_ptr_array_index (records, i);
      StoredCase *stored;
      JsonObject *fields = object_from_record (record, error);

      if (fields == NULL)
        return NULL;

      stored = g_new0 (StoredCase, 1);
      stored->id = g_strdup (record->id);
      stored->fields = fields;
      /* The key lives in the value's object. */
      g_hash_table_replace (index, (gpointer) json_object_get_string_member (fields, "case_ref"),
                            stored);
    }

  return g_steal_pointer (&index);
}

/* The next revision of a stored case: this file's columns, and the stored
 * values of the fields it has no column for or could not read (@keep). */
static JsonObject *
merge_case (JsonObject     *stored,
            JsonObject     *incoming,
            const gboolean  columns_present[ASSAY_CASELOAD_N_FIELDS],
            FieldMask       keep)
{
  JsonObject *merged = json_object_new ();

  for (guint f = 0; f < ASSAY_CASELOAD_N_FIELDS; f++)
    {
      const char *name = field_info[f].name;
      gboolean from_file = columns_present[f] && (keep & (1u << f)) == 0;
      JsonObject *from = from_file ? incoming : stored;
      JsonNode *node = json_object_get_member (from, name);

      if (node != NULL)
        json_object_set_member (merged, name, json_node_copy (node));
    }

  return merged;
}

/* With @dry_run, counts what it would do and writes nothing. */
static gboolean
write_cases (AssayStore          *store,
             GPtrArray           *cases,
             GArray              *keep,
             const gboolean       columns_present[ASSAY_CASELOAD_N_FIELDS],
             gboolean             dry_run,
             AssayCaseloadResult *result,
             GError             **error)
{
  g_autoptr(GHashTable) index = index_cases (store, error);

  result->added = result->updated = result->unchanged = 0;

  if (index == NULL)
    return FALSE;

  if (!dry_run && !assay_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *incoming = g_ptr_array_index (cases, i);
      const char *case_ref = json_object_get_string_member (incoming, "case_ref");
      StoredCase *stored = g_hash_table_lookup (index, case_ref);
      g_autoptr(JsonObject) next = NULL;
      g_autoptr(GBytes) payload = NULL;
      g_autoptr(AssayRecord) record = NULL;

      if (stored != NULL)
        {
          next = merge_case (stored->fields, incoming, columns_present,
                             g_array_index (keep, FieldMask, i));
          if (json_object_equal (next, stored->fields))
            {
              result->unchanged++;
              continue;
            }
        }
      else
        next = json_object_ref (incoming);

      if (dry_run)
        {
          if (stored != NULL)
            result->updated++;
          else
            result->added++;
          continue;
        }

      payload = object_to_bytes (next);
      record = assay_store_save (store, ASSAY_CASELOAD_COLLECTION,
                                 stored != NULL ? stored->id : NULL, payload, error);
      if (record == NULL)
        {
          assay_store_rollback (store);
          return FALSE;
        }

      if (stored != NULL)
        result->updated++;
      else
        result->added++;
    }

  if (dry_run)
    return TRUE;

  return assay_store_commit (store, error);
}

struct _AssayCaseloadBatch
{
  GPtrArray           *cases;
  GArray              *keep;   /* of FieldMask, one per case */
  gboolean             columns_present[ASSAY_CASELOAD_N_FIELDS];
  AssayCaseloadResult *result;
};

void
assay_caseload_batch_free (AssayCaseloadBatch *batch)
{
  if (batch == NULL)
    return;

  g_clear_pointer (&batch->cases, g_ptr_array_unref);
  g_clear_pointer (&batch->keep, g_array_unref);
  g_clear_pointer (&batch->result, assay_caseload_result_free);
  g_free (batch);
}

AssayCaseloadBatch *
assay_caseload_read_mapped (const char              *path,
                            const AssayCaseloadMap  *map,
                            GError                 **error)
{
  g_autoptr(AssayCsv) csv = NULL;
  g_autoptr(AssayCaseloadBatch) batch = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  csv = assay_csv_load (path, error);
  if (csv == NULL)
    return NULL;

  batch = g_new0 (AssayCaseloadBatch, 1);
  if (!parse_csv (csv, map, &batch->cases, &batch->keep, batch->columns_present,
                  &batch->result, error))
    return NULL;

  return g_steal_pointer (&batch);
}

AssayCaseloadBatch *
assay_caseload_read (const char  *path,
                     GError     **error)
{
  return assay_caseload_read_mapped (path, NULL, error);
}

const AssayCaseloadResult *
assay_caseload_batch_get_result (AssayCaseloadBatch *batch)
{
  g_return_val_if_fail (batch != NULL, NULL);

  return batch->result;
}

gboolean
assay_caseload_preview (AssayStore          *store,
                        AssayCaseloadBatch  *batch,
                        GError             **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (batch->result != NULL, FALSE);

  return write_cases (store, batch->cases, batch->keep, batch->columns_present, TRUE,
                      batch->result, error);
}

guint
assay_caseload_batch_get_n_cases (AssayCaseloadBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);

  return batch->cases != NULL ? batch->cases->len : 0;
}

gboolean
assay_caseload_write (AssayStore           *store,
                      AssayCaseloadBatch   *batch,
                      AssayCaseloadResult **result,
                      GError              **error)
{
  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (batch->result != NULL, FALSE);

  if (!write_cases (store, batch->cases, batch->keep, batch->columns_present, FALSE,
                    batch->result, error))
    {
      /* Nothing was written, so the counts so far mean nothing either */
      batch->result->added = batch->result->updated = batch->result->unchanged = 0;
      return FALSE;
    }

  if (result != NULL)
    *result = g_steal_pointer (&batch->result);
  else
    g_clear_pointer (&batch->result, assay_caseload_result_free);

  return TRUE;
}

gboolean
assay_caseload_import (AssayStore            *store,
                       const char            *path,
                       AssayCaseloadResult  **result,
                       GError               **error)
{
  g_autoptr(AssayCaseloadBatch) batch = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  batch = assay_caseload_read (path, &local_error);
  if (batch == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return FALSE;
    }

  return assay_caseload_write (store, batch, result, error);
}

static int
compare_case_refs (gconstpointer a,
                   gconstpointer b)
{
  JsonObject *object_a = *(JsonObject **) a;
  JsonObject *object_b = *(JsonObject **) b;

  /* Bytes, not the locale's collation: the same order on every machine. */
  return strcmp (json_object_get_string_member (object_a, "case_ref"),
                 json_object_get_string_member (object_b, "case_ref"));
}

GPtrArray *
assay_caseload_list (AssayStore  *store,
                     GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) cases = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);

  records = assay_store_list (store, ASSAY_CASELOAD_COLLECTION, error);
  if (records == NULL)
    return NULL;

  cases = g_ptr_array_new_full (records->len, (GDestroyNotify) json_object_unref);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *fields = object_from_record (g_ptr_array_index (records, i), error);

      if (fields == NULL)
        return NULL;
      g_ptr_array_add (cases, fields);
    }

  g_ptr_array_sort (cases, compare_case_refs);

  return g_steal_pointer (&cases);
}

gboolean
assay_caseload_lookup (AssayStore   *store,
                       const char   *case_ref,
                       JsonObject  **fields,
                       GError      **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (case_ref != NULL, FALSE);

  /* Typed or pasted the way a cell would be: spaces around it do not count. */
  wanted = trim (case_ref);

  /* Case references are sealed like everything else, so there is no index
   * to ask: each record is opened until one matches. */
  records = assay_store_list (store, ASSAY_CASELOAD_COLLECTION, error);
  if (records == NULL)
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      g_autoptr(JsonObject) object = object_from_record (g_ptr_array_index (records, i), error);

      if (object == NULL)
        return FALSE;

      if (g_str_equal (json_object_get_string_member (object, "case_ref"), wanted))
        {
          if (fields != NULL)
            *fields = g_steal_pointer (&object);
          return TRUE;
        }
    }

  return FALSE;
}
