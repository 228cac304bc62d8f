/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-caseload"

#include "config.h"

#include <string.h>

#include "assay-caseload-private.h"

/* Phase, National Curriculum year and key stage: one value can tell all
 * three ("Year 7" is secondary and KS3), so they are read together. */

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
stage_from_key_stage (AssayCaseloadStage *stage,
                      const char         *key_stage)
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
stage_from_nc_year (AssayCaseloadStage *stage,
                    guint               index)
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
             AssayCaseloadStage *stage)
{
  g_autofree char *key = _assay_caseload_fold_value (value);
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
    if (_assay_caseload_in_list (key, phase_words[i].spellings))
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
gboolean
_assay_caseload_parse_stage (const char         *value,
                             AssayCaseloadField  column,
                             AssayCaseloadStage *stage)
{
  g_auto(GStrv) parts = NULL;

  if (match_stage (value, column, stage))
    return TRUE;

  parts = _assay_caseload_split_parts (value);
  if (parts == NULL)
    return FALSE;

  memset (stage, 0, sizeof *stage);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      AssayCaseloadStage part;

      if (!match_stage (parts[i], column, &part) ||
          !merge_stage_member (&stage->phase, part.phase) ||
          !merge_stage_member (&stage->nc_year, part.nc_year) ||
          !merge_stage_member (&stage->key_stage, part.key_stage))
        return FALSE;
    }

  return TRUE;
}

const char *
_assay_caseload_stage_get (const AssayCaseloadStage *stage,
                           AssayCaseloadField        field)
{
  if (field == ASSAY_CASELOAD_FIELD_PHASE)
    return stage->phase;
  if (field == ASSAY_CASELOAD_FIELD_NC_YEAR)
    return stage->nc_year;
  if (field == ASSAY_CASELOAD_FIELD_KEY_STAGE)
    return stage->key_stage;

  return NULL;
}
