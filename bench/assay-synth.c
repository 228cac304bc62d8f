/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-synth"

#include "config.h"

#include <string.h>

#include "assay-synth.h"

typedef struct
{
  const char *value;
  guint       weight;   /* out of the sum of the table's weights */
} Weighted;

/* Roughly the shares of the SEN2 returns for England: most plans on the
 * books are being reviewed, not new */
static const Weighted plan_types[] = {
  { "Annual Review", 70 },
  { "New", 15 },
  { "Phase Transfer", 10 },
  { "Amended", 5 },
};

static const Weighted phases[] = {
  { "Early Years", 6 },
  { "Primary", 38 },
  { "Secondary", 34 },
  { "Post-16", 17 },
  { "Post-19", 5 },
};

static const Weighted settings[] = {
  { "Mainstream School", 45 },
  { "Special School", 35 },
  { "Resourced Provision", 7 },
  { "Independent Special School", 8 },
  { "Alternative Provision", 3 },
  { "Elective Home Education", 2 },
};

static const Weighted needs[] = {
  { "ASD", 33 },
  { "SLCN", 21 },
  { "SEMH", 15 },
  { "MLD", 8 },
  { "SLD", 7 },
  { "PD", 4 },
  { "SpLD", 3 },
  { "OTH", 3 },
  { "PMLD", 2 },
  { "HI", 2 },
  { "VI", 1 },
  { "MSI", 1 },
};

/* Locality teams; one with a dash outside ASCII, as council names have */
static const char * const teams[] = {
  "North", "South", "East", "West", "Central", "City", "Coast", "Vale – Wantage",
};

static const char * const first_names[] = {
  "Amira", "Ben", "Chloé", "Dafydd", "Eilidh", "Femi", "Gráinne", "Hassan",
  "Imogen", "Jun", "Kwame", "Lowri", "Marta", "Niamh", "Oluwaseun", "Priya",
  "Rhys", "Siân", "Tomasz", "Zoë",
};

static const char * const last_names[] = {
  "Adebayo", "Begum", "Clarke", "Dąbrowski", "Evans", "Fitzgerald", "Gupta",
  "Hughes", "Iqbal", "Jones", "Kowalczyk", "Lewis", "Mensah", "Ó Súilleabháin",
  "Patel", "Roberts", "Singh", "Thompson", "Williams", "Zhang",
};

/* Each officer works in one team, a few dozen plans each */
#define N_OFFICERS 64

static const char *
pick (GRand          *rand,
      const Weighted *table,
      guint           n)
{
  guint total = 0;
  guint roll;

  for (guint i = 0; i < n; i++)
    total += table[i].weight;

  roll = (guint) g_rand_int_range (rand, 0, (gint32) total);
  for (guint i = 0; i < n; i++)
    {
      if (roll < table[i].weight)
        return table[i].value;
      roll -= table[i].weight;
    }

  return table[n - 1].value;
}

static void
append_date (GString *csv,
             GDate   *date)
{
  g_string_append_printf (csv, "%04u-%02u-%02u",
                          g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

char *
assay_synth_caseload_csv (guint    n_plans,
                          guint32  seed,
                          gsize   *len)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GString *csv = g_string_new ("Case Reference,Plan Type,Date Requested,Date Issued,Team,"
                               "Case Officer,School Phase,Setting Type,Primary Need,CLA\r\n");
  char *officers[N_OFFICERS];
  const char *officer_teams[N_OFFICERS];

  for (guint i = 0; i < N_OFFICERS; i++)
    {
      const char *first = first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];
      const char *last = last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))];

      officers[i] = g_strdup_printf ("%s %s", first, last);
      officer_teams[i] = teams[i % G_N_ELEMENTS (teams)];
    }

  for (guint i = 0; i < n_plans; i++)
    {
      guint officer = (guint) g_rand_int_range (rand, 0, N_OFFICERS);
      guint year = (guint) g_rand_int_range (rand, 2015, 2026);
      g_autoptr(GDate) requested = g_date_new_dmy (1, G_DATE_JANUARY, (GDateYear) year);
      g_autoptr(GDate) issued = NULL;

      g_date_add_days (requested, (guint) g_rand_int_range (rand, 0, 365));

      /* The legal limit is 20 weeks; many take longer */
      issued = g_date_copy (requested);
      g_date_add_days (issued, (guint) g_rand_int_range (rand, 14 * 7, 40 * 7));

      /* The number alone keeps references unique; the year, as councils
       * write it, is the year the assessment was asked for */
      g_string_append_printf (csv, "EHC-%u-%05u,", year, i + 1);
      g_string_append (csv, pick (rand, plan_types, G_N_ELEMENTS (plan_types)));
      g_string_append_c (csv, ',');
      append_date (csv, requested);
      g_string_append_c (csv, ',');
      /* A few plans are still being drafted */
      if (g_rand_int_range (rand, 0, 100) >= 3)
        append_date (csv, issued);
      g_string_append_c (csv, ',');
      g_string_append (csv, officer_teams[officer]);
      g_string_append_c (csv, ',');
      g_string_append (csv, officers[officer]);
      g_string_append_c (csv, ',');
      g_string_append (csv, pick (rand, phases, G_N_ELEMENTS (phases)));
      g_string_append_c (csv, ',');
      g_string_append (csv, pick (rand, settings, G_N_ELEMENTS (settings)));
      g_string_append_c (csv, ',');
      g_string_append (csv, pick (rand, needs, G_N_ELEMENTS (needs)));
      g_string_append_c (csv, ',');
      g_string_append (csv, g_rand_int_range (rand, 0, 100) < 5 ? "Y" : "N");
      g_string_append (csv, "\r\n");
    }

  for (guint i = 0; i < N_OFFICERS; i++)
    g_free (officers[i]);

  if (len != NULL)
    *len = csv->len;

  return g_string_free (csv, FALSE);
}

static const Weighted levels[] = {
  { "gold", 10 },
  { "silver", 40 },
  { "bronze", 35 },
  { "not-yet-bronze", 15 },
};

AssayGrade
assay_synth_level (GRand *rand)
{
  AssayGrade level = ASSAY_GRADE_BRONZE;

  assay_grade_from_token (pick (rand, levels, G_N_ELEMENTS (levels)), &level);

  return level;
}

/* The grade @criterion allows nearest @grade, looking up first: criteria
 * that stop at Silver give Silver to a Gold plan */
static AssayGrade
nearest_allowed (const AssayCriterion *criterion,
                 AssayGrade            grade)
{
  for (int g = grade; g >= ASSAY_GRADE_NOT_YET_BRONZE; g--)
    if (assay_criterion_allows (criterion, (AssayGrade) g))
      return (AssayGrade) g;
  for (int g = grade + 1; g <= ASSAY_GRADE_GOLD; g++)
    if (assay_criterion_allows (criterion, (AssayGrade) g))
      return (AssayGrade) g;

  return ASSAY_GRADE_NA;
}

/* @grade moved one step up or down, within the scored grades */
static AssayGrade
step (GRand      *rand,
      AssayGrade  grade)
{
  int moved = grade + (g_rand_boolean (rand) ? 1 : -1);

  return (AssayGrade) CLAMP (moved, ASSAY_GRADE_NOT_YET_BRONZE, ASSAY_GRADE_GOLD);
}

AssayGrade
assay_synth_grade (GRand                *rand,
                   const AssayCriterion *criterion,
                   guint                 conditions,
                   AssayGrade            level)
{
  int roll = g_rand_int_range (rand, 0, 100);

  if (roll < 10 && assay_criterion_allows_na (criterion, conditions))
    return ASSAY_GRADE_NA;
  if (roll >= 70)
    level = step (rand, level);

  return nearest_allowed (criterion, level);
}

AssayGrade
assay_synth_regrade (GRand                *rand,
                     const AssayCriterion *criterion,
                     guint                 conditions,
                     AssayGrade            first)
{
  if (first == ASSAY_GRADE_NA || g_rand_int_range (rand, 0, 100) < 75)
    return first;

  return nearest_allowed (criterion, step (rand, first));
}

/* What moderators write: a quotation, a judgement, what is missing */
static const char * const quotes[] = {
  "Section F reads “access to speech and language therapy as required”",
  "The outcome is “to be happier at school”",
  "Section B lists needs under each area, with the advice each comes from",
  "The child’s views are quoted in their own words (“I like the quiet room”)",
  "Provision names 3 × 30 minutes a week of 1:1 with a trained TA",
  "Health advice is summarised but the physiotherapy programme is not in section G",
  "The parents’ contribution is dated and signed",
  "Social care section H1 says “not known to social care” with no check recorded",
};

static const char * const judgements[] = {
  " — specific and quantified, the provider and frequency are clear.",
  " — it is not specific enough for the setting to know what to deliver.",
  " — outcomes are SMART and linked to the aspirations in section A.",
  " — the wording is copied from the advice without being made specific.",
  " — good practice: the review date and who reviews it are named.",
  " — the section is present but generic, it could describe any child.",
};

static const char * const missing[] = {
  " Missing: who delivers it and how often.",
  " The advice from the educational psychologist (March) is not reflected.",
  " Needs a measurable outcome for the end of key stage 2.",
  " Preparation for adulthood is not addressed although the young person is 15.",
  " Check with the SENCO that the hours are funded.",
};

char *
assay_synth_evidence (GRand      *rand,
                      AssayGrade  grade)
{
  GString *text;
  guint sentences;

  if (grade == ASSAY_GRADE_NA || g_rand_int_range (rand, 0, 100) < 20)
    return NULL;

  /* Most notes are a sentence or two; a few run long */
  sentences = (guint) g_rand_int_range (rand, 1, 4);
  if (g_rand_int_range (rand, 0, 100) < 15)
    sentences += (guint) g_rand_int_range (rand, 1, 4);

  text = g_string_new (NULL);
  for (guint i = 0; i < sentences; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, quotes[g_rand_int_range (rand, 0, G_N_ELEMENTS (quotes))]);
      g_string_append (text, judgements[g_rand_int_range (rand, 0, G_N_ELEMENTS (judgements))]);
      if (grade <= ASSAY_GRADE_BRONZE && g_rand_boolean (rand))
        g_string_append (text, missing[g_rand_int_range (rand, 0, G_N_ELEMENTS (missing))]);
    }

  return g_string_free (text, FALSE);
}
