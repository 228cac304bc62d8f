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
 * Decisions beyond the contract, so exports that are merely messy still go in
 * while anything ambiguous is refused with a reason:
 *
 * - Values are matched like headers (case, spaces and punctuation ignored)
 *   against the canonical tokens and common spellings. A value written as
 *   "code - name" or "name (code)" is accepted when every part names the
 *   same thing ("ASD - Autistic Spectrum Disorder").
 * - phase: key stages (KS1 to KS5) are refused, not guessed: a key stage is
 *   a year-group band rather than a school phase, and a file that holds key
 *   stages in its phase column is better fixed at the source.
 * - primary_need: the twelve national codes or their names, plus "DS" for
 *   Down syndrome, which DOMAIN.md says this partnership records locally as
 *   a primary need of its own. Codes are stored as written in the national
 *   list (SpLD, not SPLD).
 * - Dates: 2025-03-14, or day first 14/03/2025 (also with - or . between,
 *   and with a time of day after it, which spreadsheets add). Two-digit years
 *   and impossible dates are refused.
 * - Text (team, caseworker) has its spaces and line breaks collapsed.
 * - A row with fewer fields than the header, or with more that are not
 *   empty, is refused: it usually means a line break without quotes split a
 *   record, and half a record must not be imported as a whole one.
 * - A re-import keeps stored values of fields the new file has no column
 *   for, so a partial export cannot wipe them; an empty cell in a column
 *   that is there clears the field.
 */

G_DEFINE_QUARK (assay-caseload-error-quark, assay_caseload_error)

#define MAX_CASE_REF 64
#define MAX_TEXT     200

typedef enum
{
  KIND_CASE_REF,
  KIND_TEXT,
  KIND_CHOICE,
  KIND_DATE,
  KIND_BOOLEAN,
} FieldKind;

typedef struct
{
  const char *token;
  const char *spellings;  /* normalised keys, separated by '|' */
} Choice;

static const Choice plan_types[] = {
  { "new", "new|newplan|newehcp|newehcplan|initial|initialplan|first|firstplan" },
  { "annual-review", "annualreview|ar|review|reviewed|annual|annualreviewed|afterannualreview" },
  { "phase-transfer", "phasetransfer|phasetransferreview|transfer|pt|phasetransition" },
  { "amended", "amended|amendment|amendments|amend|amendedplan" },
  { NULL, NULL },
};

static const Choice phases[] = {
  { "early-years", "earlyyears|ey|eyfs|earlyyearsfoundationstage|nursery|preschool" },
  { "primary", "primary|primaryschool" },
  { "secondary", "secondary|secondaryschool" },
  { "post-16", "post16|sixthform|fe|furthereducation|1619" },
  { "post-19", "post19|1925" },
  { NULL, NULL },
};

static const Choice setting_types[] = {
  { "mainstream", "mainstream|mainstreamschool" },
  { "special", "special|specialschool|maintainedspecial|maintainedspecialschool|specialacademy" },
  { "resource-base", "resourcebase|resourcedprovision|resourcebaseprovision|"
                     "additionallyresourcedprovision|arp|senunit|unit" },
  { "independent", "independent|independentschool|independentspecial|independentspecialschool|"
                   "nonmaintained|nonmaintainedspecial|nonmaintainedspecialschool|inmss" },
  { "alternative", "alternative|alternativeprovision|ap|pru|pupilreferralunit" },
  { "home", "home|homeeducated|homeeducation|electivehomeeducation|ehe|eotas|"
            "educationotherthanatschool" },
  { NULL, NULL },
};

static const Choice needs[] = {
  { "ASD", "asd|asc|autism|autisticspectrumdisorder|autismspectrumdisorder|"
           "autisticspectrumcondition|autismspectrumcondition" },
  { "SEMH", "semh|socialemotionalandmentalhealth|socialemotionalmentalhealth" },
  { "SLCN", "slcn|speechlanguageandcommunicationneeds|speechlanguageandcommunicationneed|"
            "speechlanguageandcommunication|speechlanguagecommunicationneeds" },
  { "MLD", "mld|moderatelearningdifficulty|moderatelearningdifficulties" },
  { "SLD", "sld|severelearningdifficulty|severelearningdifficulties" },
  { "PMLD", "pmld|profoundandmultiplelearningdifficulty|profoundandmultiplelearningdifficulties|"
            "profoundmultiplelearningdifficulty|profoundmultiplelearningdifficulties" },
  { "SpLD", "spld|specificlearningdifficulty|specificlearningdifficulties" },
  { "PD", "pd|physicaldisability|physicaldisabilities" },
  { "HI", "hi|hearingimpairment" },
  { "VI", "vi|visualimpairment" },
  { "MSI", "msi|multisensoryimpairment" },
  { "OTH", "oth|other|otherdifficultydisability|otherdifficultyordisability" },
  { "DS", "ds|downsyndrome|downssyndrome" },
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

/* The aliases are DESIGN.md's, plus the older "LAC" and "CiC" for children
 * in care that many systems still export. */
static const FieldInfo field_info[ASSAY_CASELOAD_N_FIELDS] = {
  { "case_ref", KIND_CASE_REF, NULL, "caseref|casereference|ehcpref|planref" },
  { "plan_type", KIND_CHOICE, plan_types, "plantype|type" },
  { "requested", KIND_DATE, NULL, "requested|daterequested|ehcnarequestdate|requestdate" },
  { "issued", KIND_DATE, NULL, "issued|dateissued|issuedate|lastreviewed" },
  { "team", KIND_TEXT, NULL, "team|locality|area|teamname" },
  { "caseworker", KIND_TEXT, NULL, "caseworker|caseofficer|caseworkername|officer" },
  { "phase", KIND_CHOICE, phases, "phase|schoolphase|keystagephase" },
  { "setting_type", KIND_CHOICE, setting_types, "settingtype|setting|provisiontype" },
  { "primary_need", KIND_CHOICE, needs, "primaryneed|primarysenneed|needtype" },
  { "child_in_care", KIND_BOOLEAN, booleans,
    "childincare|cla|lookedafter|lac|cic|lookedafterchild|childlookedafter" },
};

static const char name_headers[] =
  "name|childname|childsname|cypname|fullname|firstname|lastname|forename|forenames|"
  "surname|givenname|givennames|familyname|middlename|middlenames|preferredname|"
  "legalname|knownas|pupilname|studentname|youngpersonname|youngpersonsname";

static void
rejection_free (gpointer data)
{
  AssayCaseloadRejection *rejection = data;

  g_free (rejection->reason);
  g_free (rejection);
}

void
assay_caseload_result_free (AssayCaseloadResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->rejected, g_ptr_array_unref);
  g_clear_pointer (&result->ignored_columns, g_ptr_array_unref);
  g_clear_pointer (&result->dropped_columns, g_ptr_array_unref);
  g_free (result);
}

static AssayCaseloadResult *
result_new (void)
{
  AssayCaseloadResult *result = g_new0 (AssayCaseloadResult, 1);

  result->rejected = g_ptr_array_new_with_free_func (rejection_free);
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

const char *
assay_caseload_field_get_name (AssayCaseloadField field)
{
  g_return_val_if_fail (field < ASSAY_CASELOAD_N_FIELDS, NULL);

  return field_info[field].name;
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
  g_autofree char *key = normalise_key (value);

  for (const Choice *c = choices; c->token != NULL; c++)
    if (in_list (key, c->spellings))
      return c->token;

  return NULL;
}

/* "ASD - Autistic Spectrum Disorder", "Autism (ASD)": accepted when every
 * part means the same. */
static const char *
match_choice_parts (const Choice *choices,
                    const char   *value)
{
  g_autofree char *copy = g_strdup (value);
  g_auto(GStrv) parts = NULL;
  const char *found = NULL;
  char *p;

  for (p = copy; *p != '\0'; p++)
    if (strchr ("():/|", *p) != NULL)
      *p = '\x1f';

  /* Only a dash with a space each side separates: "post-16" is one part. */
  while ((p = strstr (copy, " - ")) != NULL)
    p[1] = '\x1f';

  parts = g_strsplit (copy, "\x1f", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *token;

      if (*g_strstrip (parts[i]) == '\0')
        continue;

      token = match_choice (choices, parts[i]);
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

/* A time of day after the date, as spreadsheets write it: " 00:00",
 * "T09:30:00", "T09:30:00.000Z". */
static gboolean
is_time_suffix (const char *p)
{
  guint value;

  if (*p == '\0')
    return TRUE;
  if (*p != ' ' && *p != 'T')
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

  return *p == '\0';
}

typedef enum
{
  DATE_OK,
  DATE_NOT_A_DATE,
  DATE_IMPOSSIBLE,
} DateStatus;

static DateStatus
parse_date (const char *value,
            char      **iso)
{
  const char *p = value;
  guint a, b, c;
  guint day, month, year;
  char sep;

  if (!read_number (&p, 1, 4, &a))
    return DATE_NOT_A_DATE;

  sep = *p;
  if (sep != '-' && sep != '/' && sep != '.')
    return DATE_NOT_A_DATE;
  p++;

  if (p - value == 5)
    {
      /* Year first: only ISO 8601's 2025-03-14. */
      if (sep != '-' || !read_number (&p, 1, 2, &b) || *p++ != '-' ||
          !read_number (&p, 1, 2, &c))
        return DATE_NOT_A_DATE;
      year = a, month = b, day = c;
    }
  else if (p - value <= 3)
    {
      /* Day first, the UK's way: 14/03/2025. */
      if (!read_number (&p, 1, 2, &b) || *p++ != sep || !read_number (&p, 4, 4, &c))
        return DATE_NOT_A_DATE;
      day = a, month = b, year = c;
    }
  else
    return DATE_NOT_A_DATE;

  if (!is_time_suffix (p))
    return DATE_NOT_A_DATE;

  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return DATE_IMPOSSIBLE;

  *iso = g_strdup_printf ("%04u-%02u-%02u", year, month, day);

  return DATE_OK;
}

JsonNode *
assay_caseload_normalise_value (AssayCaseloadField   field,
                                const char          *value,
                                GError             **error)
{
  const FieldInfo *info;
  g_autofree char *trimmed = NULL;
  g_autofree char *quoted = NULL;
  JsonNode *node;

  g_return_val_if_fail (field < ASSAY_CASELOAD_N_FIELDS, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  info = &field_info[field];
  trimmed = trim (value);
  if (*trimmed == '\0')
    return NULL;

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
            return NULL;
          }
      if (g_utf8_strlen (trimmed, -1) > MAX_CASE_REF)
        {
          g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                       _("%s “%s” is longer than %d characters"),
                       info->name, quoted, MAX_CASE_REF);
          return NULL;
        }
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, trimmed);
      return node;

    case KIND_TEXT:
      {
        g_autofree char *text = collapse_space (trimmed);

        /* Nothing but control characters is nothing. */
        if (*text == '\0')
          return NULL;

        if (g_utf8_strlen (text, -1) > MAX_TEXT)
          {
            g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                         _("%s “%s” is longer than %d characters"),
                         info->name, quoted, MAX_TEXT);
            return NULL;
          }
        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, text);
        return node;
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
                           _("%s “%s” is not one of %s or their names"),
                           info->name, quoted, list);
            else
              g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                           _("%s “%s” is not one of %s"), info->name, quoted, list);
            return NULL;
          }

        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, token);
        return node;
      }

    case KIND_DATE:
      {
        g_autofree char *iso = NULL;

        switch (parse_date (trimmed, &iso))
          {
          case DATE_OK:
            node = json_node_new (JSON_NODE_VALUE);
            json_node_set_string (node, iso);
            return node;

          case DATE_IMPOSSIBLE:
            g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                         _("%s “%s” is not a real date"), info->name, quoted);
            return NULL;

          case DATE_NOT_A_DATE:
          default:
            g_set_error (error, ASSAY_CASELOAD_ERROR, ASSAY_CASELOAD_ERROR_INVALID_VALUE,
                         _("%s “%s” is not a date like 2025-03-14 or 14/03/2025"),
                         info->name, quoted);
            return NULL;
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
            return NULL;
          }

        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_boolean (node, g_str_equal (token, "yes"));
        return node;
      }

    default:
      g_return_val_if_reached (NULL);
    }
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

/* The names are about to be freed with the rest of the file; they should not
 * linger in freed memory either. */
static void
wipe_columns (AssayCsv      *csv,
              const gboolean *is_name,
              guint          n_columns)
{
  for (guint r = 0; r < csv->records->len; r++)
    {
      AssayCsvRecord *record = g_ptr_array_index (csv->records, r);

      for (guint i = 0; i < MIN (record->n_fields, n_columns); i++)
        if (is_name[i])
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
                   "case_ref, Case Reference, Case Ref, EHCP Ref or Plan Ref)"),
                 header->line);
}

static gboolean
parse_csv (AssayCsv             *csv,
           GPtrArray           **cases_out,
           gboolean              columns_present[ASSAY_CASELOAD_N_FIELDS],
           AssayCaseloadResult **result_out,
           GError              **error)
{
  g_autoptr(AssayCaseloadResult) result = result_new ();
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GHashTable) seen = NULL;   /* case_ref -> line, as a pointer */
  g_autofree int *column_field = NULL;
  g_autofree gboolean *is_name = NULL;
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
  is_name = g_new0 (gboolean, n_columns);

  for (guint i = 0; i < n_columns; i++)
    {
      g_autofree char *text = trim (header->fields[i]);
      AssayCaseloadField field;

      column_field[i] = -1;

      if (*text == '\0')
        continue;

      if (assay_caseload_field_from_header (text, &field) && !present[field])
        {
          column_field[i] = (int) field;
          present[field] = TRUE;
        }
      else if (assay_caseload_is_name_header (text))
        {
          is_name[i] = TRUE;
          add_unique (result->dropped_columns, text);
        }
      else
        add_unique (result->ignored_columns, text);
    }

  if (!present[ASSAY_CASELOAD_FIELD_CASE_REF])
    {
      set_not_caseload_error (error, header);
      return FALSE;
    }

  wipe_columns (csv, is_name, n_columns);

  cases = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint r = 1; r < csv->records->len; r++)
    {
      const AssayCsvRecord *record = g_ptr_array_index (csv->records, r);
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(GString) reasons = NULL;
      const char *case_ref;
      gpointer other_line;

      if (is_blank_from (record, 0))
        continue;

      result->n_rows++;

      if (record->n_fields < n_columns || !is_blank_from (record, n_columns))
        {
          reject (result, record->line,
                  g_strdup_printf (ngettext ("the row has %u field but the header has %u",
                                             "the row has %u fields but the header has %u",
                                             record->n_fields),
                                   record->n_fields, n_columns));
          continue;
        }

      object = json_object_new ();
      for (guint f = 0; f < ASSAY_CASELOAD_N_FIELDS; f++)
        for (guint i = 0; i < n_columns; i++)
          {
            g_autoptr(GError) value_error = NULL;
            JsonNode *node;

            if (column_field[i] != (int) f)
              continue;

            node = assay_caseload_normalise_value (f, record->fields[i], &value_error);
            if (node != NULL)
              json_object_set_member (object, field_info[f].name, node);
            else if (value_error != NULL)
              {
                if (reasons == NULL)
                  reasons = g_string_new (NULL);
                else
                  g_string_append (reasons, "; ");
                g_string_append (reasons, value_error->message);
              }
          }

      if (reasons != NULL)
        {
          reject (result, record->line, g_string_free (g_steal_pointer (&reasons), FALSE));
          continue;
        }

      if (!json_object_has_member (object, "case_ref"))
        {
          reject (result, record->line, g_strdup (_("case_ref is empty")));
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

      g_hash_table_insert (seen, g_strdup (case_ref), GUINT_TO_POINTER (record->line));
      g_ptr_array_add (cases, g_steal_pointer (&object));
    }

  if (columns_present != NULL)
    memcpy (columns_present, present, sizeof present);
  if (cases_out != NULL)
    *cases_out = g_steal_pointer (&cases);
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

  return parse_csv (csv, cases, columns_present, result, error);
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
 * values of the fields it has no column for. */
static JsonObject *
merge_case (JsonObject     *stored,
            JsonObject     *incoming,
            const gboolean  columns_present[ASSAY_CASELOAD_N_FIELDS])
{
  JsonObject *merged = json_object_new ();

  for (guint f = 0; f < ASSAY_CASELOAD_N_FIELDS; f++)
    {
      const char *name = field_info[f].name;
      JsonObject *from = columns_present[f] ? incoming : stored;
      JsonNode *node = json_object_get_member (from, name);

      if (node != NULL)
        json_object_set_member (merged, name, json_node_copy (node));
    }

  return merged;
}

static gboolean
write_cases (AssayStore          *store,
             GPtrArray           *cases,
             const gboolean       columns_present[ASSAY_CASELOAD_N_FIELDS],
             AssayCaseloadResult *result,
             GError             **error)
{
  g_autoptr(GHashTable) index = index_cases (store, error);

  if (index == NULL)
    return FALSE;

  if (!assay_store_begin (store, error))
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
          next = merge_case (stored->fields, incoming, columns_present);
          if (json_object_equal (next, stored->fields))
            {
              result->unchanged++;
              continue;
            }
        }
      else
        next = json_object_ref (incoming);

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

  return assay_store_commit (store, error);
}

struct _AssayCaseloadBatch
{
  GPtrArray           *cases;
  gboolean             columns_present[ASSAY_CASELOAD_N_FIELDS];
  AssayCaseloadResult *result;
};

void
assay_caseload_batch_free (AssayCaseloadBatch *batch)
{
  if (batch == NULL)
    return;

  g_clear_pointer (&batch->cases, g_ptr_array_unref);
  g_clear_pointer (&batch->result, assay_caseload_result_free);
  g_free (batch);
}

AssayCaseloadBatch *
assay_caseload_read (const char  *path,
                     GError     **error)
{
  g_autoptr(AssayCsv) csv = NULL;
  g_autoptr(AssayCaseloadBatch) batch = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  csv = assay_csv_load (path, error);
  if (csv == NULL)
    return NULL;

  batch = g_new0 (AssayCaseloadBatch, 1);
  if (!parse_csv (csv, &batch->cases, batch->columns_present, &batch->result, error))
    return NULL;

  return g_steal_pointer (&batch);
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

  if (!write_cases (store, batch->cases, batch->columns_present, batch->result, error))
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
