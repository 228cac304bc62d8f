/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-caseload"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-caseload-private.h"

/* The caseload's fields: which headers name them, which columns identify a
 * child, and how one cell becomes a stored value. The rules are in
 * assay-caseload.c's opening comment. */

#define MAX_CASE_REF 64
#define MAX_TEXT     200

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
  const char *spellings;  /* folded keys (see _assay_caseload_fold_value()), separated by '|' */
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

/* Lower-case letters and digits only: "Child's Name" and "child_s name"
 * both become "childsname". "&" reads as "and". */
char *
_assay_caseload_normalise_key (const char *text)
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

gboolean
_assay_caseload_in_list (const char *key,
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
char *
_assay_caseload_fold_value (const char *text)
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

  key = _assay_caseload_normalise_key (header);
  for (guint i = 0; i < ASSAY_CASELOAD_N_FIELDS; i++)
    if (_assay_caseload_in_list (key, field_info[i].aliases))
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

  key = _assay_caseload_normalise_key (header);

  return _assay_caseload_in_list (key, name_headers);
}

gboolean
assay_caseload_is_identifier_header (const char *header)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (header != NULL, FALSE);

  key = _assay_caseload_normalise_key (header);

  if (_assay_caseload_in_list (key, name_headers) ||
      _assay_caseload_in_list (key, identifier_headers))
    return TRUE;

  /* "Address", "Address Line 1", "Home Address", "Post Code", "Child DOB",
   * "Date of Birth (DOB)": any column of these is a child's */
  return strstr (key, "address") != NULL || strstr (key, "postcode") != NULL ||
         strstr (key, "dateofbirth") != NULL || strstr (key, "birthdate") != NULL ||
         strstr (key, "nhsnumber") != NULL || g_str_has_suffix (key, "dob") ||
         g_str_has_suffix (key, "upn") || g_str_has_suffix (key, "uln");
}

/* A value quoted back in a message: short, on one line. */
char *
_assay_caseload_quote_value (const char *value)
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

gboolean
_assay_caseload_is_blank_char (gunichar c)
{
  /* Spreadsheets pad with no-break spaces; a byte-order mark or a zero-width
   * space is left behind where exports were pasted together. */
  return g_unichar_isspace (c) || c == 0xfeff || c == 0x200b;
}

/* Without blanks at either end, Unicode ones included. */
char *
_assay_caseload_trim (const char *value)
{
  const char *start = value;
  const char *end = value + strlen (value);

  while (*start != '\0' && _assay_caseload_is_blank_char (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!_assay_caseload_is_blank_char (g_utf8_get_char (prev)))
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

      if (_assay_caseload_is_blank_char (c) || g_unichar_iscntrl (c))
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
  g_autofree char *key = _assay_caseload_fold_value (value);

  for (const Choice *c = choices; c->token != NULL; c++)
    if (_assay_caseload_in_list (key, c->spellings))
      return c->token;

  return NULL;
}

/* "ASD - Autistic Spectrum Disorder", "Autism (ASD)", "Year 7 (KS3)": the
 * value's parts, or NULL when it has only one. */
GStrv
_assay_caseload_split_parts (const char *value)
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
  g_auto(GStrv) parts = _assay_caseload_split_parts (value);
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

/* ---- Cells ---- */

gboolean
_assay_caseload_field_is_stage (AssayCaseloadField field)
{
  return field_info[field].kind == KIND_STAGE;
}

JsonNode *
_assay_caseload_string_node (const char *text)
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
gboolean
_assay_caseload_parse_cell (AssayCaseloadField   field,
                            const char          *value,
                            JsonNode           **node,
                            AssayCaseloadStage  *stage,
                            char               **note,
                            GError             **error)
{
  const FieldInfo *info = &field_info[field];
  g_autofree char *trimmed = _assay_caseload_trim (value);
  g_autofree char *quoted = NULL;

  *node = NULL;
  if (stage != NULL)
    memset (stage, 0, sizeof *stage);

  if (*trimmed == '\0')
    return TRUE;

  quoted = _assay_caseload_quote_value (trimmed);

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
      *node = _assay_caseload_string_node (trimmed);
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
        *node = _assay_caseload_string_node (text);
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

        *node = _assay_caseload_string_node (token);
        return TRUE;
      }

    case KIND_STAGE:
      {
        AssayCaseloadStage local;
        const char *own;

        if (stage == NULL)
          stage = &local;

        if (!_assay_caseload_parse_stage (trimmed, field, stage) ||
            (own = _assay_caseload_stage_get (stage, field)) == NULL)
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

        *node = _assay_caseload_string_node (own);
        return TRUE;
      }

    case KIND_DATE:
      {
        g_autofree char *iso = NULL;

        switch (_assay_caseload_parse_date (trimmed, &iso))
          {
          case ASSAY_CASELOAD_DATE_OK:
            *node = _assay_caseload_string_node (iso);
            return TRUE;

          case ASSAY_CASELOAD_DATE_MONTH_FIRST:
            if (note != NULL)
              *note = g_strdup_printf (_("%s “%s” is a real date only month first, so it was "
                                         "read as %s; dates that could be either are read "
                                         "day first"),
                                       info->name, quoted, iso);
            *node = _assay_caseload_string_node (iso);
            return TRUE;

          case ASSAY_CASELOAD_DATE_IMPOSSIBLE:
            g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                         _("%s “%s” is not a real date"), info->name, quoted);
            return FALSE;

          case ASSAY_CASELOAD_DATE_SERIAL_RANGE:
            g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                         _("%s “%s” is a number but not a date: as an Excel date it would "
                           "fall outside 2000–2099"),
                         info->name, quoted);
            return FALSE;

          case ASSAY_CASELOAD_DATE_NOT_A_DATE:
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

  if (!_assay_caseload_parse_cell (field, value, &node, NULL, NULL, error))
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
