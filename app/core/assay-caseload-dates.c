/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-caseload"

#include "config.h"

#include <string.h>

#include "assay-caseload-private.h"
#include "assay-date.h"

/* The dates council exports write, read UK day first; see assay-caseload.c's
 * opening comment for what is accepted. */

/* Excel's date numbers accepted in a date column: 2000-01-01 to
 * 2099-12-31. A plan's dates fall in that span; a number outside it is a
 * count or a code in the wrong column, not a date. */
#define EXCEL_SERIAL_MIN 36526
#define EXCEL_SERIAL_MAX 73050

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
static AssayCaseloadDateStatus
parse_excel_serial (const char *value,
                    char      **iso)
{
  const char *p = value;
  guint64 serial = 0;
  g_autoptr(GDate) date = NULL;

  while (g_ascii_isdigit (*p))
    {
      if (serial > EXCEL_SERIAL_MAX * 10ULL)
        return ASSAY_CASELOAD_DATE_SERIAL_RANGE;
      serial = serial * 10 + (guint64) (*p - '0');
      p++;
    }

  /* A time of day as a fraction: 45444.5 is noon */
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return ASSAY_CASELOAD_DATE_NOT_A_DATE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (*p != '\0')
    return ASSAY_CASELOAD_DATE_NOT_A_DATE;

  if (serial < EXCEL_SERIAL_MIN || serial > EXCEL_SERIAL_MAX)
    return ASSAY_CASELOAD_DATE_SERIAL_RANGE;

  date = g_date_new_dmy (30, G_DATE_DECEMBER, 1899);
  g_date_add_days (date, (guint) serial);
  *iso = assay_date_format_ymd (g_date_get_year (date), g_date_get_month (date),
                                g_date_get_day (date));

  return ASSAY_CASELOAD_DATE_OK;
}

AssayCaseloadDateStatus
_assay_caseload_parse_date (const char  *value,
                            char       **iso)
{
  g_autofree char *date_part = NULL;
  DateToken tokens[MAX_DATE_TOKENS];
  const DateToken *t = tokens;
  const char *time;
  guint n = 0;
  guint day = 0, month = 0, year = 0;
  AssayCaseloadDateStatus status = ASSAY_CASELOAD_DATE_OK;

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
    return ASSAY_CASELOAD_DATE_NOT_A_DATE;
  date_part = g_strndup (value, time != NULL ? (gsize) (time - value) : strlen (value));

  if (!tokenize_date (date_part, tokens, &n))
    return ASSAY_CASELOAD_DATE_NOT_A_DATE;

  /* "Saturday 1 June 2024", "Sat, 01 Jun 2024" */
  if (t[0].is_word && is_weekday (t[0].word))
    t++, n--;

  if (n == 1 && !t[0].is_word && t[0].digits == 8)
    {
      year = t[0].value / 10000;
      month = t[0].value / 100 % 100;
      day = t[0].value % 100;
      if (!is_real_date (year, month, day))
        return ASSAY_CASELOAD_DATE_IMPOSSIBLE;
    }
  else if (n == 3 && !t[0].is_word && !t[1].is_word && !t[2].is_word)
    {
      /* All numbers: one separator, used twice */
      if (t[1].sep == 0 || t[1].sep == ' ' || t[1].sep != t[2].sep)
        return ASSAY_CASELOAD_DATE_NOT_A_DATE;

      if (t[0].digits == 4)
        {
          /* Year first: only ever year, month, day */
          if (t[1].digits > 2 || t[2].digits > 2)
            return ASSAY_CASELOAD_DATE_NOT_A_DATE;
          year = t[0].value, month = t[1].value, day = t[2].value;
          if (!is_real_date (year, month, day))
            return ASSAY_CASELOAD_DATE_IMPOSSIBLE;
        }
      else
        {
          if (t[0].digits > 2 || t[1].digits > 2 || !read_year (&t[2], &year))
            return ASSAY_CASELOAD_DATE_NOT_A_DATE;

          day = t[0].value, month = t[1].value;
          if (!is_real_date (year, month, day))
            {
              if (!is_real_date (year, day, month))
                return ASSAY_CASELOAD_DATE_IMPOSSIBLE;
              day = t[1].value, month = t[0].value;
              status = ASSAY_CASELOAD_DATE_MONTH_FIRST;
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
        return ASSAY_CASELOAD_DATE_NOT_A_DATE;

      if (!words[0].is_word && words[1].is_word)
        {
          month = month_from_name (words[1].word);
          day = words[0].value;
          if (words[0].digits > 2)
            return ASSAY_CASELOAD_DATE_NOT_A_DATE;
        }
      else if (words[0].is_word && !words[1].is_word)
        {
          month = month_from_name (words[0].word);
          day = words[1].value;
          if (words[1].digits > 2)
            return ASSAY_CASELOAD_DATE_NOT_A_DATE;
        }
      else
        return ASSAY_CASELOAD_DATE_NOT_A_DATE;

      if (month == 0 || !read_year (&words[2], &year))
        return ASSAY_CASELOAD_DATE_NOT_A_DATE;
      if (!is_real_date (year, month, day))
        return ASSAY_CASELOAD_DATE_IMPOSSIBLE;
    }

  *iso = assay_date_format_ymd (year, month, day);

  return status;
}
