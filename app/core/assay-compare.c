/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-compare"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-agency.h"
#include "assay-caseload.h"
#include "assay-compare.h"
#include "assay-compare-private.h"

/*
 * What the moderation forum looks at.
 *
 * A unit is a plan as one framework sees it: (case reference, framework id).
 * Only finished audits count, each by its final overall grade, and only the
 * latest finished audit of each moderator (by clock stamp) for each unit.
 * Moderators are told apart by their public identity, never by name.
 *
 * A unit's grade, for the distributions and the Silver-or-better share, is
 * the forum's agreed grade if one is recorded; otherwise the moderators'
 * common grade if they agree; otherwise the grade of the earliest finished
 * audit (the first moderator's, the one a second look is checking). A unit
 * belongs to the quarter of its earliest counted audit.
 */

G_DEFINE_QUARK (assay-compare-error-quark, assay_compare_error)

#define N_GRADES 4   /* the ordinal scale: Not yet Bronze (1) … Gold (4) */

static const char * const case_states[] = {
  [ASSAY_CASE_AWAITING] = "awaiting",
  [ASSAY_CASE_AGREE] = "agree",
  [ASSAY_CASE_DIFFER] = "differ",
  [ASSAY_CASE_AGREED] = "agreed",
};

const char *
assay_case_state_to_string (AssayCaseState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (case_states), NULL);

  return case_states[state];
}

/* Quarters */

static char *
format_quarter (int year,
                int month)
{
  return g_strdup_printf ("%04d-Q%d", year, (month - 1) / 3 + 1);
}

char *
assay_quarter_from_iso8601 (const char *iso8601)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;
  int y, m, d;
  char tail;

  if (iso8601 == NULL)
    return NULL;

  /* The partnership reports by its own calendar: a plan finished just after
   * midnight on 1 July belongs to the quarter that began that day. */
  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (iso8601, utc);
  if (time != NULL)
    {
      local = g_date_time_to_local (time);
      return format_quarter (g_date_time_get_year (local), g_date_time_get_month (local));
    }

  if (sscanf (iso8601, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
      g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return format_quarter (y, m);

  return NULL;
}

static gboolean
is_quarter_separator (char c)
{
  return c == '-' || c == ' ' || c == '/' || c == '_';
}

static gboolean
read_year (const char  *p,
           int         *year)
{
  for (guint i = 0; i < 4; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;

  *year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');

  return *year >= 1000;
}

char *
assay_quarter_parse (const char  *text,
                     GError     **error)
{
  g_autofree char *copy = g_ascii_strup (text != NULL ? text : "", -1);
  const char *p;
  int year = 0, quarter = 0;
  gboolean ok = FALSE;

  p = g_strstrip (copy);

  if (p[0] == 'Q')
    {
      /* Q3-2026, Q3 2026, Q32026 */
      if (p[1] >= '1' && p[1] <= '4')
        {
          quarter = p[1] - '0';
          p += 2;
          if (is_quarter_separator (*p))
            p++;
          ok = read_year (p, &year) && p[4] == '\0';
        }
    }
  else if (read_year (p, &year))
    {
      /* 2026-Q3, 2026Q3, 2026 Q3 */
      p += 4;
      if (is_quarter_separator (*p))
        p++;
      ok = p[0] == 'Q' && p[1] >= '1' && p[1] <= '4' && p[2] == '\0';
      if (ok)
        quarter = p[1] - '0';
    }

  if (!ok)
    {
      g_set_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_INVALID,
                   _("“%s” is not a quarter: write it like 2026-Q3"), text != NULL ? text : "");
      return NULL;
    }

  return g_strdup_printf ("%04d-Q%d", year, quarter);
}

/* Statistics */

static double
ordinal_distance (const double *n_c,
                  guint         c,
                  guint         k)
{
  guint lo = MIN (c, k), hi = MAX (c, k);
  double sum = 0;

  /* Krippendorff's ordinal metric: how many values lie between the two,
   * counting half of each end, squared. */
  for (guint g = lo; g <= hi; g++)
    sum += n_c[g];
  sum -= (n_c[c] + n_c[k]) / 2.0;

  return sum * sum;
}

double
_assay_krippendorff_alpha (const guint      *values,
                           guint             n_coders,
                           guint             n_units,
                           guint             n_values,
                           AssayAlphaMetric  metric)
{
  g_autofree double *o = NULL;
  g_autofree double *n_c = NULL;
  g_autofree guint *counts = NULL;
  double n = 0, observed = 0, expected = 0;

  g_return_val_if_fail (values != NULL || n_coders * n_units == 0, NAN);

  if (n_values < 2)
    return NAN;

  o = g_new0 (double, n_values * n_values);
  n_c = g_new0 (double, n_values);
  counts = g_new0 (guint, n_values);

  /* The coincidence matrix: every ordered pair of values in a unit, each
   * unit weighing 1 / (m_u - 1) for its m_u values. */
  for (guint u = 0; u < n_units; u++)
    {
      guint m_u = 0;

      memset (counts, 0, n_values * sizeof (guint));
      for (guint i = 0; i < n_coders; i++)
        {
          guint v = values[i * n_units + u];

          if (v >= 1 && v <= n_values)
            {
              counts[v - 1]++;
              m_u++;
            }
        }

      if (m_u < 2)
        continue;

      for (guint c = 0; c < n_values; c++)
        for (guint k = 0; k < n_values; k++)
          {
            double pairs = (double) counts[c] * (counts[k] - (c == k ? 1 : 0));

            o[c * n_values + k] += pairs / (m_u - 1);
          }
    }

  for (guint c = 0; c < n_values; c++)
    for (guint k = 0; k < n_values; k++)
      n_c[c] += o[c * n_values + k];
  for (guint c = 0; c < n_values; c++)
    n += n_c[c];

  if (n < 2)
    return NAN;

  for (guint c = 0; c < n_values; c++)
    for (guint k = 0; k < n_values; k++)
      {
        double delta;

        switch (metric)
          {
          case ASSAY_ALPHA_NOMINAL:
            delta = c == k ? 0 : 1;
            break;
          case ASSAY_ALPHA_INTERVAL:
            delta = ((double) c - (double) k) * ((double) c - (double) k);
            break;
          case ASSAY_ALPHA_ORDINAL:
          default:
            delta = ordinal_distance (n_c, c, k);
            break;
          }

        observed += o[c * n_values + k] * delta;
        expected += n_c[c] * n_c[k] * delta;
      }

  if (expected <= 0)
    return NAN;

  return 1.0 - (n - 1) * observed / expected;
}

double
_assay_weighted_kappa (const guint *a,
                       const guint *b,
                       guint        n,
                       guint        n_values)
{
  g_autofree double *pa = NULL;
  g_autofree double *pb = NULL;
  double observed = 0, expected = 0;

  if (n < 2 || n_values < 2)
    return NAN;

  pa = g_new0 (double, n_values);
  pb = g_new0 (double, n_values);

  for (guint i = 0; i < n; i++)
    {
      double d = (double) a[i] - (double) b[i];

      g_return_val_if_fail (a[i] >= 1 && a[i] <= n_values, NAN);
      g_return_val_if_fail (b[i] >= 1 && b[i] <= n_values, NAN);

      observed += d * d / n;
      pa[a[i] - 1] += 1.0 / n;
      pb[b[i] - 1] += 1.0 / n;
    }

  /* Quadratic weights (i - j)²; their scale cancels in the ratio. */
  for (guint i = 0; i < n_values; i++)
    for (guint j = 0; j < n_values; j++)
      expected += pa[i] * pb[j] * ((double) i - (double) j) * ((double) i - (double) j);

  if (expected <= 0)
    return NAN;

  return 1.0 - observed / expected;
}

/* The comparison */

typedef struct
{
  char    *id;
  char    *name;
  char    *agency;
  guint64  stamp;            /* of the audit the name and agency come from */
  guint    n_audits;
  guint    n_agreed;
  double   sum_difference;   /* their grade − the agreed grade */
} Moderator;

static void
moderator_free (Moderator *moderator)
{
  g_free (moderator->id);
  g_free (moderator->name);
  g_free (moderator->agency);
  g_free (moderator);
}

typedef struct
{
  char           *case_ref;
  char           *framework;
  GHashTable     *latest;      /* moderator id -> AssayAudit, counted */
  GHashTable     *drafting;    /* moderator ids with an unfinished audit */
  GPtrArray      *audits;      /* the counted audits, oldest first */
  gboolean        hidden;      /* the blind rule left audits out */
  char           *agreement_id;
  guint64         agreement_stamp;
  JsonObject     *agreement;
  GPtrArray      *other_agreements;  /* JsonObject: older ones by other chairs */
  AssayGrade      agreed;
  char           *reason;
  char           *chair;
  AssayGrade      grade;       /* the unit's grade (see the top of this file) */
  char           *quarter;
  AssayCaseState  state;
} Unit;

static void
unit_free (Unit *unit)
{
  g_free (unit->case_ref);
  g_free (unit->framework);
  g_clear_pointer (&unit->latest, g_hash_table_unref);
  g_clear_pointer (&unit->drafting, g_hash_table_unref);
  g_clear_pointer (&unit->audits, g_ptr_array_unref);
  g_free (unit->agreement_id);
  g_clear_pointer (&unit->agreement, json_object_unref);
  g_clear_pointer (&unit->other_agreements, g_ptr_array_unref);
  g_free (unit->reason);
  g_free (unit->chair);
  g_free (unit->quarter);
  g_free (unit);
}

typedef struct
{
  Moderator *a;
  Moderator *b;
  guint      n_plans;
  guint      n_exact;
  guint      n_within;
  GArray    *a_grades;   /* of guint, 1 … 4 */
  GArray    *b_grades;
  double     kappa;
} Pair;

static void
pair_free (Pair *pair)
{
  g_array_unref (pair->a_grades);
  g_array_unref (pair->b_grades);
  g_free (pair);
}

typedef struct
{
  char       *agency;
  char       *framework;
  const char *criterion;   /* owned by the framework */
  const char *text;
  guint       graded;
  guint       not_yet_bronze;
} CriterionRate;

static void
criterion_rate_free (CriterionRate *rate)
{
  g_free (rate->agency);
  g_free (rate->framework);
  g_free (rate);
}

typedef struct
{
  AssayAudit *audit;
  const char *what;
  const char *owner;
  const char *due;
} OpenAction;

struct _AssayComparison
{
  GObject     parent_instance;

  char       *quarter;
  char       *agency;
  char       *today;        /* YYYY-MM-DD, for overdue actions */

  GPtrArray  *all_audits;   /* every audit read; the others borrow from it */
  GPtrArray  *missing;      /* of AssayMissingFramework: audits that could not be read */
  GHashTable *unit_table;   /* "case\x1fframework" -> Unit */
  GPtrArray  *units;        /* with a counted audit, by case then framework */
  GPtrArray  *cases;        /* the units the forum compares (borrowed) */
  GHashTable *moderators;   /* id -> Moderator */
  GHashTable *caseload;     /* case_ref -> JsonObject */

  guint       n_audits;
  guint       n_double;
  guint       n_pairs;
  guint       n_exact;
  guint       n_within;
  double      alpha;

  GHashTable *overall;      /* one distribution: key -> guint[5] */
  GHashTable *by_quarter;
  GHashTable *by_agency;
  GHashTable *by_team;
  GHashTable *by_plan_type;
  GHashTable *by_moderator;

  GPtrArray  *pairs;        /* of Pair */
  GHashTable *criteria;     /* key -> CriterionRate */
  GPtrArray  *actions;      /* of OpenAction */
};

G_DEFINE_FINAL_TYPE (AssayComparison, assay_comparison, G_TYPE_OBJECT)

static void
assay_comparison_finalize (GObject *object)
{
  AssayComparison *self = (AssayComparison *) object;

  g_free (self->quarter);
  g_free (self->agency);
  g_free (self->today);
  g_clear_pointer (&self->cases, g_ptr_array_unref);
  g_clear_pointer (&self->units, g_ptr_array_unref);
  g_clear_pointer (&self->unit_table, g_hash_table_unref);
  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  g_clear_pointer (&self->moderators, g_hash_table_unref);
  g_clear_pointer (&self->caseload, g_hash_table_unref);
  g_clear_pointer (&self->overall, g_hash_table_unref);
  g_clear_pointer (&self->by_quarter, g_hash_table_unref);
  g_clear_pointer (&self->by_agency, g_hash_table_unref);
  g_clear_pointer (&self->by_team, g_hash_table_unref);
  g_clear_pointer (&self->by_plan_type, g_hash_table_unref);
  g_clear_pointer (&self->by_moderator, g_hash_table_unref);
  g_clear_pointer (&self->criteria, g_hash_table_unref);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  g_clear_pointer (&self->all_audits, g_ptr_array_unref);
  g_clear_pointer (&self->missing, g_ptr_array_unref);

  G_OBJECT_CLASS (assay_comparison_parent_class)->finalize (object);
}

static void
assay_comparison_class_init (AssayComparisonClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = assay_comparison_finalize;
}

static GHashTable *
distribution_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
assay_comparison_init (AssayComparison *self)
{
  self->unit_table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) unit_free);
  self->units = g_ptr_array_new ();
  self->cases = g_ptr_array_new ();
  self->moderators = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) moderator_free);
  self->caseload = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) json_object_unref);
  self->overall = distribution_new ();
  self->by_quarter = distribution_new ();
  self->by_agency = distribution_new ();
  self->by_team = distribution_new ();
  self->by_plan_type = distribution_new ();
  self->by_moderator = distribution_new ();
  self->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
  self->criteria = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) criterion_rate_free);
  self->actions = g_ptr_array_new_with_free_func (g_free);
  self->alpha = NAN;
}

/* GLib 2.74 has no g_hash_table_get_{keys,values}_as_ptr_array (). */
static GPtrArray *
hash_values (GHashTable *table)
{
  GPtrArray *values = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (values, value);

  return values;
}

static GPtrArray *
hash_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);

  return keys;
}

static char *
unit_key (const char *case_ref,
          const char *framework)
{
  return g_strdup_printf ("%s\x1f%s", case_ref, framework);
}

static Unit *
ensure_unit (AssayComparison *self,
             const char      *case_ref,
             const char      *framework)
{
  g_autofree char *key = unit_key (case_ref, framework);
  Unit *unit = g_hash_table_lookup (self->unit_table, key);

  if (unit == NULL)
    {
      unit = g_new0 (Unit, 1);
      unit->case_ref = g_strdup (case_ref);
      unit->framework = g_strdup (framework);
      unit->latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      unit->drafting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      unit->audits = g_ptr_array_new ();
      g_hash_table_insert (self->unit_table, g_steal_pointer (&key), unit);
    }

  return unit;
}

static const char *
non_null (const char *text)
{
  return text != NULL ? text : "";
}

/* Who made an audit: the public identity, or for an audit without one the
 * name, so that it is still told apart from everyone else's. */
static char *
audit_moderator_key (AssayAudit *audit)
{
  const char *id = assay_audit_get_moderator_id (audit);

  if (id != NULL && *id != '\0')
    return g_ascii_strdown (id, -1);

  return g_strdup_printf ("?%s", non_null (assay_audit_get_moderator (audit)));
}

static gboolean
agency_equal (const char *a,
              const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a == NULL || b == NULL)
    return a == b;

  fa = g_utf8_casefold (a, -1);
  fb = g_utf8_casefold (b, -1);

  return g_str_equal (fa, fb);
}

static const char *
audit_framework_id (AssayAudit *audit)
{
  return assay_framework_get_id (assay_audit_get_framework (audit));
}

static int
compare_audits_by_finished (gconstpointer a,
                            gconstpointer b)
{
  AssayAudit *x = *(AssayAudit **) a;
  AssayAudit *y = *(AssayAudit **) b;
  int cmp = g_strcmp0 (assay_audit_get_finished (x), assay_audit_get_finished (y));

  if (cmp != 0)
    return cmp;

  return assay_audit_get_stamp (x) < assay_audit_get_stamp (y) ? -1 :
         assay_audit_get_stamp (x) > assay_audit_get_stamp (y) ? 1 : 0;
}

static int
compare_units (gconstpointer a,
               gconstpointer b)
{
  const Unit *x = *(const Unit **) a;
  const Unit *y = *(const Unit **) b;
  int cmp = g_strcmp0 (x->case_ref, y->case_ref);

  return cmp != 0 ? cmp : g_strcmp0 (x->framework, y->framework);
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonObject *
parse_agreement (AssayRecord  *record,
                 GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *text = assay_record_get_text (record, &len);
  JsonObject *object = NULL;

  if (json_parser_load_from_data (parser, text, (gssize) len, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    object = json_node_get_object (json_parser_get_root (parser));

  if (object == NULL || member_string (object, "case") == NULL ||
      member_string (object, "framework") == NULL)
    {
      g_set_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_DAMAGED,
                   _("Agreement %s (revision %" G_GINT64_FORMAT ") cannot be read"),
                   record->id, record->revision);
      return NULL;
    }

  return json_object_ref (object);
}

/*
 * The latest agreement of each unit. Each plan has one agreement record, but
 * two chairs who each record one before exchanging bundles make two: the
 * later one (by clock stamp) is the forum's word.
 */
static gboolean
load_agreements (AssayComparison  *self,
                 AssayStore       *store,
                 GError          **error)
{
  g_autoptr(GPtrArray) records = NULL;

  records = assay_store_list (store, ASSAY_AGREEMENTS_COLLECTION, error);
  if (records == NULL)
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      AssayRecord *record = records->pdata[i];
      g_autoptr(JsonObject) object = parse_agreement (record, error);
      g_autofree char *key = NULL;
      AssayGrade grade;
      Unit *unit;

      if (object == NULL)
        return FALSE;

      key = unit_key (member_string (object, "case"), member_string (object, "framework"));
      unit = g_hash_table_lookup (self->unit_table, key);
      /* An agreement about audits this view does not count (another quarter,
       * another agency) says nothing here. */
      if (unit == NULL || unit->latest == NULL || g_hash_table_size (unit->latest) == 0)
        continue;

      if (!assay_grade_from_token (member_string (object, "grade"), &grade) ||
          !ASSAY_GRADE_IS_SCORED (grade))
        {
          g_set_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_DAMAGED,
                       _("Agreement %s (revision %" G_GINT64_FORMAT ") has no valid grade"),
                       record->id, record->revision);
          return FALSE;
        }

      /* Two chairs who each record a grade for the plan before exchanging
       * bundles make two records: the newer counts, and the other is kept
       * in view rather than dropped without a word. */
      if (unit->other_agreements == NULL)
        unit->other_agreements = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

      if (unit->agreement_id != NULL && unit->agreement_stamp > record->hlc)
        {
          g_ptr_array_add (unit->other_agreements, json_object_ref (object));
          continue;
        }

      if (unit->agreement != NULL)
        g_ptr_array_add (unit->other_agreements, g_steal_pointer (&unit->agreement));
      unit->agreement = json_object_ref (object);

      g_free (unit->agreement_id);
      g_free (unit->reason);
      g_free (unit->chair);
      unit->agreement_id = g_strdup (record->id);
      unit->agreement_stamp = record->hlc;
      unit->agreed = grade;
      unit->reason = g_strdup (member_string (object, "reason"));
      unit->chair = g_strdup (member_string (object, "chair"));
    }

  return TRUE;
}

static gboolean
load_caseload (AssayComparison  *self,
               AssayStore       *store,
               GError          **error)
{
  g_autoptr(GPtrArray) cases = assay_caseload_list (store, error);

  if (cases == NULL)
    return FALSE;

  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *fields = cases->pdata[i];
      const char *ref = member_string (fields, "case_ref");

      if (ref != NULL)
        g_hash_table_replace (self->caseload, (gpointer) ref, json_object_ref (fields));
    }

  return TRUE;
}

static const char *
caseload_field (AssayComparison *self,
                const char      *case_ref,
                const char      *field)
{
  JsonObject *fields = g_hash_table_lookup (self->caseload, case_ref);
  const char *value = fields != NULL ? member_string (fields, field) : NULL;

  return value != NULL && *value != '\0' ? value : "unknown";
}

static gboolean
known_agency (GPtrArray   *audits,
              const char  *text,
              char       **canonical)
{
  const AssayAgency *agencies;
  guint n_agencies;

  agencies = assay_agency_get_all (&n_agencies);
  for (guint i = 0; i < n_agencies; i++)
    if (agency_equal (agencies[i].id, text))
      {
        *canonical = g_strdup (agencies[i].id);
        return TRUE;
      }

  /* The command line lets a moderator type any agency at init: a filter
   * for one that audits carry is no mistake. */
  for (guint i = 0; i < audits->len; i++)
    {
      const char *agency = assay_audit_get_agency (audits->pdata[i]);

      if (agency != NULL && agency_equal (agency, text))
        {
          *canonical = g_strdup (agency);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
set_filter (AssayComparison           *self,
            const AssayCompareFilter  *filter,
            GError                   **error)
{
  if (filter == NULL)
    return TRUE;

  if (filter->quarter != NULL)
    {
      self->quarter = assay_quarter_parse (filter->quarter, error);
      if (self->quarter == NULL)
        return FALSE;
    }

  if (filter->agency != NULL && !known_agency (self->all_audits, filter->agency, &self->agency))
    {
      g_autofree char *list = assay_agency_join_ids (", ");

      g_set_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_INVALID,
                   _("There is no agency “%s”: use one of %s"), filter->agency, list);
      return FALSE;
    }

  return TRUE;
}

static void
note_moderator (AssayComparison *self,
                const char      *key,
                AssayAudit      *audit)
{
  Moderator *moderator = g_hash_table_lookup (self->moderators, key);

  if (moderator == NULL)
    {
      moderator = g_new0 (Moderator, 1);
      moderator->id = g_strdup (key);
      g_hash_table_insert (self->moderators, moderator->id, moderator);
    }

  /* People change their display name; the latest audit has the current one. */
  if (moderator->name == NULL || assay_audit_get_stamp (audit) >= moderator->stamp)
    {
      g_free (moderator->name);
      g_free (moderator->agency);
      moderator->name = g_strdup (non_null (assay_audit_get_moderator (audit)));
      moderator->agency = g_strdup (non_null (assay_audit_get_agency (audit)));
      moderator->stamp = assay_audit_get_stamp (audit);
    }
}

/* Sorts the audits into units, applying the blind rule and the filters. */
static void
collect_units (AssayComparison *self)
{
  g_autoptr(GHashTable) blind_cases = g_hash_table_new (g_str_hash, g_str_equal);

  /* Our own unfinished blind audits: their cases hide everyone else's. */
  for (guint i = 0; i < self->all_audits->len; i++)
    {
      AssayAudit *audit = self->all_audits->pdata[i];

      if (assay_audit_is_own (audit) && assay_audit_get_blind (audit) &&
          assay_audit_get_status (audit) == ASSAY_AUDIT_STATUS_DRAFT)
        g_hash_table_add (blind_cases, (gpointer) assay_audit_get_case (audit));
    }

  for (guint i = 0; i < self->all_audits->len; i++)
    {
      AssayAudit *audit = self->all_audits->pdata[i];
      g_autofree char *key = audit_moderator_key (audit);
      g_autofree char *quarter = NULL;
      const char *case_ref = assay_audit_get_case (audit);
      AssayAudit *previous;
      Unit *unit;

      if (case_ref == NULL)
        continue;

      if (!assay_audit_is_own (audit) && g_hash_table_contains (blind_cases, case_ref))
        {
          ensure_unit (self, case_ref, audit_framework_id (audit))->hidden = TRUE;
          continue;
        }

      if (self->agency != NULL && !agency_equal (self->agency, assay_audit_get_agency (audit)))
        continue;

      if (assay_audit_get_status (audit) == ASSAY_AUDIT_STATUS_DRAFT)
        {
          unit = ensure_unit (self, case_ref, audit_framework_id (audit));
          g_hash_table_add (unit->drafting, g_steal_pointer (&key));
          continue;
        }

      if (!ASSAY_GRADE_IS_SCORED (assay_audit_get_final (audit, NULL)))
        continue;

      quarter = assay_quarter_from_iso8601 (assay_audit_get_finished (audit));
      if (self->quarter != NULL && g_strcmp0 (quarter, self->quarter) != 0)
        continue;

      unit = ensure_unit (self, case_ref, audit_framework_id (audit));
      previous = g_hash_table_lookup (unit->latest, key);
      if (previous != NULL && assay_audit_get_stamp (previous) > assay_audit_get_stamp (audit))
        continue;

      note_moderator (self, key, audit);
      g_hash_table_replace (unit->latest, g_steal_pointer (&key), audit);
    }
}

static void
count_grade (GHashTable *distribution,
             const char *key,
             AssayGrade  grade)
{
  guint *counts = g_hash_table_lookup (distribution, key);

  if (counts == NULL)
    {
      counts = g_new0 (guint, ASSAY_GRADE_GOLD + 1);
      g_hash_table_insert (distribution, g_strdup (key), counts);
    }

  counts[grade]++;
}

/* The unit's grade and state, once its audits and agreement are known. */
static void
settle_unit (AssayComparison *self,
             Unit            *unit)
{
  g_autoptr(GList) audits = g_hash_table_get_values (unit->latest);
  gboolean same = TRUE;
  AssayAudit *first;
  AssayGrade common;
  gboolean partner_drafting = FALSE;
  GHashTableIter iter;
  gpointer drafter;

  for (const GList *l = audits; l != NULL; l = l->next)
    g_ptr_array_add (unit->audits, l->data);
  g_ptr_array_sort (unit->audits, compare_audits_by_finished);

  first = unit->audits->len > 0 ? unit->audits->pdata[0] : NULL;
  common = first != NULL ? assay_audit_get_final (first, NULL) : ASSAY_GRADE_NONE;
  for (guint i = 1; i < unit->audits->len; i++)
    if (assay_audit_get_final (unit->audits->pdata[i], NULL) != common)
      same = FALSE;

  /* Agreed, else common, else the first moderator's: see the top of the file. */
  if (unit->agreed != ASSAY_GRADE_NONE)
    unit->grade = unit->agreed;
  else
    unit->grade = common;

  if (first != NULL)
    unit->quarter = assay_quarter_from_iso8601 (assay_audit_get_finished (first));

  g_hash_table_iter_init (&iter, unit->drafting);
  while (g_hash_table_iter_next (&iter, &drafter, NULL))
    if (!g_hash_table_contains (unit->latest, drafter))
      partner_drafting = TRUE;

  if (unit->hidden)
    unit->state = ASSAY_CASE_AWAITING;
  else if (unit->agreed != ASSAY_GRADE_NONE)
    unit->state = ASSAY_CASE_AGREED;
  else if (unit->audits->len < 2)
    unit->state = ASSAY_CASE_AWAITING;
  else
    unit->state = same ? ASSAY_CASE_AGREE : ASSAY_CASE_DIFFER;

  /* The forum's list: plans with two or more moderators, plans it has
   * settled, and plans where a second look is under way. A plan with one
   * audit and nobody else on it is simply audited. */
  if (unit->hidden || unit->audits->len >= 2 || unit->agreed != ASSAY_GRADE_NONE ||
      (unit->audits->len == 1 && partner_drafting))
    g_ptr_array_add (self->cases, unit);
}

static Pair *
ensure_pair (AssayComparison *self,
             Moderator       *a,
             Moderator       *b)
{
  Pair *pair;

  if (g_strcmp0 (a->id, b->id) > 0)
    {
      Moderator *t = a;
      a = b;
      b = t;
    }

  for (guint i = 0; i < self->pairs->len; i++)
    {
      pair = self->pairs->pdata[i];
      if (pair->a == a && pair->b == b)
        return pair;
    }

  pair = g_new0 (Pair, 1);
  pair->a = a;
  pair->b = b;
  pair->a_grades = g_array_new (FALSE, FALSE, sizeof (guint));
  pair->b_grades = g_array_new (FALSE, FALSE, sizeof (guint));
  pair->kappa = NAN;
  g_ptr_array_add (self->pairs, pair);

  return pair;
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const Pair *x = *(const Pair **) a;
  const Pair *y = *(const Pair **) b;
  int cmp = g_strcmp0 (x->a->id, y->a->id);

  return cmp != 0 ? cmp : g_strcmp0 (x->b->id, y->b->id);
}

static void
compute_agreement (AssayComparison *self)
{
  g_autoptr(GPtrArray) coders = g_ptr_array_new ();
  g_autoptr(GPtrArray) doubled = g_ptr_array_new ();
  g_autofree guint *matrix = NULL;

  for (guint u = 0; u < self->units->len; u++)
    {
      Unit *unit = self->units->pdata[u];
      GHashTableIter iter;
      gpointer key;

      if (unit->audits->len < 2)
        continue;

      g_ptr_array_add (doubled, unit);
      self->n_double++;

      for (guint i = 0; i < unit->audits->len; i++)
        for (guint j = i + 1; j < unit->audits->len; j++)
          {
            AssayAudit *x = unit->audits->pdata[i];
            AssayAudit *y = unit->audits->pdata[j];
            g_autofree char *xk = audit_moderator_key (x);
            g_autofree char *yk = audit_moderator_key (y);
            Moderator *mx = g_hash_table_lookup (self->moderators, xk);
            Moderator *my = g_hash_table_lookup (self->moderators, yk);
            guint gx = assay_audit_get_final (x, NULL);
            guint gy = assay_audit_get_final (y, NULL);
            guint diff = gx > gy ? gx - gy : gy - gx;
            Pair *pair = ensure_pair (self, mx, my);

            self->n_pairs++;
            if (diff == 0)
              self->n_exact++;
            if (diff <= 1)
              self->n_within++;

            pair->n_plans++;
            if (diff == 0)
              pair->n_exact++;
            if (diff <= 1)
              pair->n_within++;
            if (pair->a == mx)
              {
                g_array_append_val (pair->a_grades, gx);
                g_array_append_val (pair->b_grades, gy);
              }
            else
              {
                g_array_append_val (pair->a_grades, gy);
                g_array_append_val (pair->b_grades, gx);
              }
          }

      g_hash_table_iter_init (&iter, unit->latest);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          Moderator *moderator = g_hash_table_lookup (self->moderators, key);

          if (!g_ptr_array_find (coders, moderator, NULL))
            g_ptr_array_add (coders, moderator);
        }
    }

  for (guint i = 0; i < self->pairs->len; i++)
    {
      Pair *pair = self->pairs->pdata[i];

      if (pair->n_plans >= 2)
        pair->kappa = _assay_weighted_kappa ((guint *) (gpointer) pair->a_grades->data,
                                             (guint *) (gpointer) pair->b_grades->data,
                                             pair->a_grades->len, N_GRADES);
    }
  g_ptr_array_sort (self->pairs, compare_pairs);

  /* Alpha across every moderator: one row per moderator, one column per
   * plan with two or more of them, 0 where a moderator did not audit it. */
  if (doubled->len == 0)
    return;

  matrix = g_new0 (guint, coders->len * doubled->len);
  for (guint u = 0; u < doubled->len; u++)
    {
      Unit *unit = doubled->pdata[u];

      for (guint c = 0; c < coders->len; c++)
        {
          Moderator *moderator = coders->pdata[c];
          AssayAudit *audit = g_hash_table_lookup (unit->latest, moderator->id);

          if (audit != NULL)
            matrix[c * doubled->len + u] = assay_audit_get_final (audit, NULL);
        }
    }

  self->alpha = _assay_krippendorff_alpha (matrix, coders->len, doubled->len, N_GRADES,
                                           ASSAY_ALPHA_ORDINAL);
}

static void
count_criteria (AssayComparison *self,
                AssayAudit      *audit)
{
  AssayFramework *framework = assay_audit_get_framework (audit);
  const char *agency = non_null (assay_audit_get_agency (audit));

  for (guint s = 0; s < assay_framework_get_n_sections (framework); s++)
    {
      const AssaySection *section = assay_framework_get_section (framework, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const AssayCriterion *criterion = section->criteria->pdata[c];
          AssayGrade grade = assay_audit_get_grade (audit, criterion->id, NULL);
          g_autofree char *key = NULL;
          CriterionRate *rate;

          if (!ASSAY_GRADE_IS_SCORED (grade))
            continue;

          /* Criterion ids repeat across frameworks (A1 of a plan is not A1
           * of a setting visit), so the framework is part of the key. */
          key = g_strdup_printf ("%s\x1f%s\x1f%s", agency, assay_framework_get_id (framework),
                                 criterion->id);
          rate = g_hash_table_lookup (self->criteria, key);
          if (rate == NULL)
            {
              rate = g_new0 (CriterionRate, 1);
              rate->agency = g_strdup (agency);
              rate->framework = g_strdup (assay_framework_get_id (framework));
              rate->criterion = criterion->id;
              rate->text = criterion->text;
              g_hash_table_insert (self->criteria, g_steal_pointer (&key), rate);
            }

          rate->graded++;
          if (grade == ASSAY_GRADE_NOT_YET_BRONZE)
            rate->not_yet_bronze++;
        }
    }
}

static void
collect_actions (AssayComparison *self,
                 AssayAudit      *audit)
{
  if (g_strcmp0 (assay_framework_get_kind (assay_audit_get_framework (audit)),
                 "setting-visit") != 0)
    return;

  for (guint i = 0; i < assay_audit_get_n_actions (audit); i++)
    {
      OpenAction *action = g_new0 (OpenAction, 1);

      action->audit = audit;
      assay_audit_get_action (audit, i, &action->what, &action->owner, &action->due);
      g_ptr_array_add (self->actions, action);
    }
}

static int
compare_actions (gconstpointer a,
                 gconstpointer b)
{
  const OpenAction *x = *(const OpenAction **) a;
  const OpenAction *y = *(const OpenAction **) b;
  int cmp;

  /* Soonest due first; those without a date last. */
  if ((x->due == NULL) != (y->due == NULL))
    return x->due == NULL ? 1 : -1;
  cmp = g_strcmp0 (x->due, y->due);
  if (cmp != 0)
    return cmp;

  return g_strcmp0 (assay_audit_get_case (x->audit), assay_audit_get_case (y->audit));
}

static void
compute_figures (AssayComparison *self)
{
  for (guint u = 0; u < self->units->len; u++)
    {
      Unit *unit = self->units->pdata[u];

      count_grade (self->overall, "all", unit->grade);
      count_grade (self->by_quarter, unit->quarter != NULL ? unit->quarter : "unknown",
                   unit->grade);
      count_grade (self->by_team, caseload_field (self, unit->case_ref, "team"), unit->grade);
      count_grade (self->by_plan_type, caseload_field (self, unit->case_ref, "plan_type"),
                   unit->grade);

      for (guint i = 0; i < unit->audits->len; i++)
        {
          AssayAudit *audit = unit->audits->pdata[i];
          g_autofree char *key = audit_moderator_key (audit);
          Moderator *moderator = g_hash_table_lookup (self->moderators, key);
          AssayGrade own = assay_audit_get_final (audit, NULL);

          self->n_audits++;
          moderator->n_audits++;

          /* What an agency's or a moderator's own audits said, not the
           * plan's settled grade: that would hide the very differences
           * these rows are read for. */
          count_grade (self->by_agency, non_null (assay_audit_get_agency (audit)), own);
          count_grade (self->by_moderator, key, own);

          if (unit->agreed != ASSAY_GRADE_NONE)
            {
              moderator->n_agreed++;
              moderator->sum_difference += (double) own - (double) unit->agreed;
            }

          count_criteria (self, audit);
          collect_actions (self, audit);
        }
    }

  g_ptr_array_sort (self->actions, compare_actions);
  compute_agreement (self);
}

AssayComparison *
assay_comparison_new (AssayStore                *store,
                      AssayFrameworks           *frameworks,
                      const AssayCompareFilter  *filter,
                      GError                   **error)
{
  g_autoptr(AssayComparison) self = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (frameworks), NULL);

  self = g_object_new (ASSAY_TYPE_COMPARISON, NULL);
  self->today = g_date_time_format (now, "%Y-%m-%d");

  self->all_audits = assay_audit_list_readable (store, frameworks, &self->missing, error);
  if (self->all_audits == NULL)
    return NULL;

  if (!set_filter (self, filter, error))
    return NULL;

  collect_units (self);

  if (!load_agreements (self, store, error) || !load_caseload (self, store, error))
    return NULL;

  g_hash_table_iter_init (&iter, self->unit_table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Unit *unit = value;

      if (g_hash_table_size (unit->latest) > 0)
        g_ptr_array_add (self->units, unit);
    }
  g_ptr_array_sort (self->units, compare_units);

  /* Hidden plans may have no counted audit at all, but the forum should
   * still see that they wait for someone. */
  {
    g_autoptr(GPtrArray) all = hash_values (self->unit_table);

    g_ptr_array_sort (all, compare_units);
    for (guint i = 0; i < all->len; i++)
      settle_unit (self, all->pdata[i]);
  }

  compute_figures (self);

  return g_steal_pointer (&self);
}

guint
assay_comparison_get_n_cases (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), 0);
  return self->cases->len;
}

static Unit *
get_case (AssayComparison *self,
          guint            index)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (index < self->cases->len, NULL);

  return self->cases->pdata[index];
}

gboolean
assay_audits_versions_differ (GPtrArray *audits)
{
  g_return_val_if_fail (audits != NULL, FALSE);

  for (guint i = 1; i < audits->len; i++)
    if (!g_str_equal (assay_framework_get_version (assay_audit_get_framework (audits->pdata[0])),
                      assay_framework_get_version (assay_audit_get_framework (audits->pdata[i]))))
      return TRUE;

  return FALSE;
}

const char *
assay_comparison_get_case_ref (AssayComparison *self,
                               guint            index)
{
  Unit *unit = get_case (self, index);

  return unit != NULL ? unit->case_ref : NULL;
}

const char *
assay_comparison_get_case_framework (AssayComparison *self,
                                     guint            index)
{
  Unit *unit = get_case (self, index);

  return unit != NULL ? unit->framework : NULL;
}

AssayCaseState
assay_comparison_get_case_state (AssayComparison *self,
                                 guint            index)
{
  Unit *unit = get_case (self, index);

  return unit != NULL ? unit->state : ASSAY_CASE_AWAITING;
}

GPtrArray *
assay_comparison_get_case_audits (AssayComparison *self,
                                  guint            index)
{
  Unit *unit = get_case (self, index);

  return unit != NULL ? unit->audits : NULL;
}

AssayGrade
assay_comparison_get_case_agreed (AssayComparison  *self,
                                  guint             index,
                                  const char      **reason,
                                  const char      **chair)
{
  Unit *unit = get_case (self, index);

  if (reason != NULL)
    *reason = unit != NULL ? unit->reason : NULL;
  if (chair != NULL)
    *chair = unit != NULL ? unit->chair : NULL;

  return unit != NULL ? unit->agreed : ASSAY_GRADE_NONE;
}

guint
assay_comparison_get_case_n_other_agreements (AssayComparison *self,
                                              guint            index)
{
  Unit *unit = get_case (self, index);

  return unit != NULL && unit->other_agreements != NULL ? unit->other_agreements->len : 0;
}

AssayGrade
assay_comparison_get_case_other_agreement (AssayComparison  *self,
                                           guint             index,
                                           guint             n,
                                           const char      **reason,
                                           const char      **chair)
{
  Unit *unit = get_case (self, index);
  JsonObject *other;
  AssayGrade grade = ASSAY_GRADE_NONE;

  g_return_val_if_fail (n < assay_comparison_get_case_n_other_agreements (self, index),
                        ASSAY_GRADE_NONE);

  other = unit->other_agreements->pdata[n];
  assay_grade_from_token (member_string (other, "grade"), &grade);
  if (reason != NULL)
    *reason = member_string (other, "reason");
  if (chair != NULL)
    *chair = member_string (other, "chair");

  return grade;
}

guint
assay_comparison_get_n_audits (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), 0);
  return self->n_audits;
}

guint
assay_comparison_get_n_plans (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), 0);
  return self->units->len;
}

guint
assay_comparison_get_n_pairs (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), 0);
  return self->n_pairs;
}

double
assay_comparison_get_exact (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), -1);
  return self->n_pairs > 0 ? (double) self->n_exact / self->n_pairs : -1;
}

double
assay_comparison_get_within_one (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), -1);
  return self->n_pairs > 0 ? (double) self->n_within / self->n_pairs : -1;
}

double
assay_comparison_get_alpha (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NAN);
  return self->alpha;
}

static void
silver_or_better (GHashTable *counts,
                  const char *key,
                  guint      *audited,
                  guint      *good)
{
  guint *c = g_hash_table_lookup (counts, key);

  *audited = 0;
  *good = 0;
  if (c == NULL)
    return;

  for (AssayGrade g = ASSAY_GRADE_NOT_YET_BRONZE; g <= ASSAY_GRADE_GOLD; g++)
    *audited += c[g];
  *good = c[ASSAY_GRADE_SILVER] + c[ASSAY_GRADE_GOLD];
}

double
assay_comparison_get_silver_or_better (AssayComparison *self)
{
  guint audited, good;

  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), -1);

  silver_or_better (self->overall, "all", &audited, &good);

  return audited > 0 ? (double) good / audited : -1;
}

/* Plans */

static Unit *
get_plan (AssayComparison *self,
          guint            index)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (index < self->units->len, NULL);

  return self->units->pdata[index];
}

const char *
assay_comparison_get_plan_ref (AssayComparison *self,
                               guint            index)
{
  Unit *unit = get_plan (self, index);

  return unit != NULL ? unit->case_ref : NULL;
}

const char *
assay_comparison_get_plan_framework (AssayComparison *self,
                                     guint            index)
{
  Unit *unit = get_plan (self, index);

  return unit != NULL ? unit->framework : NULL;
}

GPtrArray *
assay_comparison_get_plan_audits (AssayComparison *self,
                                  guint            index)
{
  Unit *unit = get_plan (self, index);

  return unit != NULL ? unit->audits : NULL;
}

AssayGrade
assay_comparison_get_plan_grade (AssayComparison *self,
                                 guint            index)
{
  Unit *unit = get_plan (self, index);

  return unit != NULL ? unit->grade : ASSAY_GRADE_NONE;
}

AssayGrade
assay_comparison_get_plan_agreed (AssayComparison *self,
                                  guint            index)
{
  Unit *unit = get_plan (self, index);

  return unit != NULL ? unit->agreed : ASSAY_GRADE_NONE;
}

const char *
assay_comparison_get_plan_quarter (AssayComparison *self,
                                   guint            index)
{
  Unit *unit = get_plan (self, index);

  return unit != NULL ? unit->quarter : NULL;
}

JsonObject *
assay_comparison_lookup_case (AssayComparison *self,
                              const char      *case_ref)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);

  if (case_ref == NULL)
    return NULL;

  return g_hash_table_lookup (self->caseload, case_ref);
}

const char *
assay_comparison_get_filter_quarter (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);

  return self->quarter;
}

const char *
assay_comparison_get_filter_agency (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);

  return self->agency;
}

/* JSON */

static void
add_share (JsonBuilder *builder,
           const char  *member,
           guint        part,
           guint        whole)
{
  json_builder_set_member_name (builder, member);
  if (whole > 0)
    json_builder_add_double_value (builder, (double) part / whole);
  else
    json_builder_add_null_value (builder);
}

static void
add_number_or_null (JsonBuilder *builder,
                    const char  *member,
                    double       value)
{
  json_builder_set_member_name (builder, member);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
add_counts (JsonBuilder *builder,
            const guint *counts)
{
  guint total = 0;

  json_builder_begin_object (builder);
  for (AssayGrade g = ASSAY_GRADE_GOLD; g >= ASSAY_GRADE_NOT_YET_BRONZE; g--)
    {
      guint n = counts != NULL ? counts[g] : 0;

      add_int (builder, assay_grade_to_token (g), n);
      total += n;
    }
  add_int (builder, "total", total);
  json_builder_end_object (builder);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = hash_keys (table);

  g_ptr_array_sort (keys, compare_strings);

  return keys;
}

static void
add_distribution (JsonBuilder *builder,
                  const char  *member,
                  GHashTable  *table)
{
  g_autoptr(GPtrArray) keys = sorted_keys (table);

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  for (guint i = 0; i < keys->len; i++)
    {
      json_builder_set_member_name (builder, keys->pdata[i]);
      add_counts (builder, g_hash_table_lookup (table, keys->pdata[i]));
    }
  json_builder_end_object (builder);
}

static const char *
tendency (Moderator *moderator)
{
  double mean;

  if (moderator->n_agreed == 0)
    return NULL;

  mean = moderator->sum_difference / moderator->n_agreed;
  if (mean <= -0.25)
    return "harsher";
  if (mean >= 0.25)
    return "softer";

  return "in line";
}

static int
compare_moderators (gconstpointer a,
                    gconstpointer b)
{
  const Moderator *x = *(const Moderator **) a;
  const Moderator *y = *(const Moderator **) b;
  int cmp = g_utf8_collate (x->name, y->name);

  return cmp != 0 ? cmp : g_strcmp0 (x->id, y->id);
}

static int
compare_rates (gconstpointer a,
               gconstpointer b)
{
  const CriterionRate *x = *(const CriterionRate **) a;
  const CriterionRate *y = *(const CriterionRate **) b;
  /* Compare x.n/x.g with y.n/y.g exactly, by cross-multiplying. */
  guint64 lx = (guint64) x->not_yet_bronze * y->graded;
  guint64 ly = (guint64) y->not_yet_bronze * x->graded;
  int cmp;

  if (lx != ly)
    return lx > ly ? -1 : 1;
  if (x->not_yet_bronze != y->not_yet_bronze)
    return x->not_yet_bronze > y->not_yet_bronze ? -1 : 1;
  if ((cmp = g_strcmp0 (x->agency, y->agency)) != 0 ||
      (cmp = g_strcmp0 (x->framework, y->framework)) != 0)
    return cmp;

  return g_strcmp0 (x->criterion, y->criterion);
}

/* Sorted by name: for the document and for people. */
static GPtrArray *
sorted_moderators (AssayComparison *self)
{
  GPtrArray *list = hash_values (self->moderators);

  g_ptr_array_sort (list, compare_moderators);

  return list;
}

static void
add_audit_summary (JsonBuilder *builder,
                   AssayAudit  *audit)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", assay_audit_get_id (audit));
  add_string (builder, "moderator", assay_audit_get_moderator (audit));
  add_string (builder, "moderator_id", assay_audit_get_moderator_id (audit));
  add_string (builder, "agency", assay_audit_get_agency (audit));
  add_string (builder, "framework_version",
              assay_framework_get_version (assay_audit_get_framework (audit)));
  add_string (builder, "overall", assay_grade_to_token (assay_audit_get_final (audit, NULL)));
  add_string (builder, "finished", assay_audit_get_finished (audit));
  json_builder_end_object (builder);
}

JsonNode *
assay_comparison_to_json (AssayComparison *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) moderators = NULL;
  g_autoptr(GPtrArray) quarters = NULL;
  g_autoptr(GPtrArray) rates = NULL;

  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "filter");
  json_builder_begin_object (builder);
  add_string (builder, "quarter", self->quarter);
  add_string (builder, "agency", self->agency);
  json_builder_end_object (builder);

  add_int (builder, "audits", self->n_audits);
  add_int (builder, "plans", self->units->len);

  json_builder_set_member_name (builder, "agreement");
  json_builder_begin_object (builder);
  add_int (builder, "plans", self->n_double);
  add_int (builder, "pairs", self->n_pairs);
  add_share (builder, "exact", self->n_exact, self->n_pairs);
  add_share (builder, "within_one", self->n_within, self->n_pairs);
  add_number_or_null (builder, "krippendorff_alpha", self->alpha);
  json_builder_set_member_name (builder, "pairs_by_moderator");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->pairs->len; i++)
    {
      Pair *pair = self->pairs->pdata[i];

      json_builder_begin_object (builder);
      add_string (builder, "a", pair->a->id);
      add_string (builder, "a_name", pair->a->name);
      add_string (builder, "b", pair->b->id);
      add_string (builder, "b_name", pair->b->name);
      add_int (builder, "plans", pair->n_plans);
      add_share (builder, "exact", pair->n_exact, pair->n_plans);
      add_share (builder, "within_one", pair->n_within, pair->n_plans);
      add_number_or_null (builder, "kappa", pair->kappa);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "distribution");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "overall");
  add_counts (builder, g_hash_table_lookup (self->overall, "all"));
  add_distribution (builder, "by_quarter", self->by_quarter);
  add_distribution (builder, "by_agency", self->by_agency);
  add_distribution (builder, "by_team", self->by_team);
  add_distribution (builder, "by_plan_type", self->by_plan_type);
  add_distribution (builder, "by_moderator", self->by_moderator);
  json_builder_end_object (builder);

  quarters = sorted_keys (self->by_quarter);
  json_builder_set_member_name (builder, "silver_or_better");
  json_builder_begin_array (builder);
  for (guint i = 0; i < quarters->len; i++)
    {
      guint audited, good;

      silver_or_better (self->by_quarter, quarters->pdata[i], &audited, &good);
      json_builder_begin_object (builder);
      add_string (builder, "quarter", quarters->pdata[i]);
      add_int (builder, "audited", audited);
      add_int (builder, "silver_or_better", good);
      add_share (builder, "share", good, audited);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  moderators = sorted_moderators (self);
  json_builder_set_member_name (builder, "moderators");
  json_builder_begin_array (builder);
  for (guint i = 0; i < moderators->len; i++)
    {
      Moderator *moderator = moderators->pdata[i];

      json_builder_begin_object (builder);
      add_string (builder, "id", moderator->id);
      add_string (builder, "name", moderator->name);
      add_string (builder, "agency", moderator->agency);
      add_int (builder, "audits", moderator->n_audits);
      add_int (builder, "agreed_plans", moderator->n_agreed);
      add_number_or_null (builder, "mean_difference",
                          moderator->n_agreed > 0 ?
                          moderator->sum_difference / moderator->n_agreed : NAN);
      add_string (builder, "tendency", tendency (moderator));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  rates = hash_values (self->criteria);
  g_ptr_array_sort (rates, compare_rates);
  json_builder_set_member_name (builder, "criteria");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rates->len; i++)
    {
      CriterionRate *rate = rates->pdata[i];

      json_builder_begin_object (builder);
      add_string (builder, "agency", rate->agency);
      add_string (builder, "framework", rate->framework);
      add_string (builder, "criterion", rate->criterion);
      add_string (builder, "text", rate->text);
      add_int (builder, "graded", rate->graded);
      add_int (builder, "not_yet_bronze", rate->not_yet_bronze);
      add_share (builder, "rate", rate->not_yet_bronze, rate->graded);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "cases");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->cases->len; i++)
    {
      Unit *unit = self->cases->pdata[i];

      json_builder_begin_object (builder);
      add_string (builder, "case", unit->case_ref);
      add_string (builder, "framework", unit->framework);
      add_string (builder, "state", assay_case_state_to_string (unit->state));
      json_builder_set_member_name (builder, "mixed_versions");
      json_builder_add_boolean_value (builder, assay_audits_versions_differ (unit->audits));
      json_builder_set_member_name (builder, "audits");
      json_builder_begin_array (builder);
      for (guint j = 0; j < unit->audits->len; j++)
        add_audit_summary (builder, unit->audits->pdata[j]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "agreed");
      if (unit->agreed != ASSAY_GRADE_NONE)
        {
          json_builder_begin_object (builder);
          add_string (builder, "grade", assay_grade_to_token (unit->agreed));
          add_string (builder, "reason", unit->reason);
          add_string (builder, "chair", unit->chair);
          json_builder_set_member_name (builder, "also_recorded");
          json_builder_begin_array (builder);
          for (guint j = 0; j < unit->other_agreements->len; j++)
            {
              JsonObject *other = unit->other_agreements->pdata[j];

              json_builder_begin_object (builder);
              add_string (builder, "grade", member_string (other, "grade"));
              add_string (builder, "reason", member_string (other, "reason"));
              add_string (builder, "chair", member_string (other, "chair"));
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "open_actions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->actions->len; i++)
    {
      OpenAction *action = self->actions->pdata[i];

      json_builder_begin_object (builder);
      add_string (builder, "audit", assay_audit_get_id (action->audit));
      add_string (builder, "case", assay_audit_get_case (action->audit));
      add_string (builder, "what", action->what);
      add_string (builder, "owner", action->owner);
      add_string (builder, "due", action->due);
      json_builder_set_member_name (builder, "overdue");
      json_builder_add_boolean_value (builder, action->due != NULL &&
                                      g_strcmp0 (action->due, self->today) < 0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "missing_frameworks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->missing->len; i++)
    {
      AssayMissingFramework *missing = self->missing->pdata[i];

      json_builder_begin_object (builder);
      add_string (builder, "framework", missing->framework);
      add_string (builder, "version", missing->version);
      add_int (builder, "audits", missing->n_audits);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Agreements */

static AssayRecord *
find_agreement (AssayStore  *store,
                const char  *case_ref,
                const char  *framework_id,
                JsonObject **payload,
                GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  AssayRecord *found = NULL;
  JsonObject *found_payload = NULL;

  records = assay_store_list (store, ASSAY_AGREEMENTS_COLLECTION, error);
  if (records == NULL)
    return NULL;

  /* Case references are sealed, so there is no index to ask: each
   * agreement is opened until the plan's is found. */
  for (guint i = 0; i < records->len; i++)
    {
      AssayRecord *record = records->pdata[i];
      JsonObject *object = parse_agreement (record, error);

      if (object == NULL)
        {
          g_clear_pointer (&found_payload, json_object_unref);
          return NULL;
        }

      if (g_str_equal (member_string (object, "case"), case_ref) &&
          g_str_equal (member_string (object, "framework"), framework_id) &&
          (found == NULL || record->hlc > found->hlc))
        {
          found = record;
          g_clear_pointer (&found_payload, json_object_unref);
          found_payload = object;
        }
      else
        json_object_unref (object);
    }

  if (found == NULL)
    return NULL;

  *payload = found_payload;

  return assay_record_copy (found);
}

AssayGrade
assay_agreement_lookup (AssayStore  *store,
                        const char  *case_ref,
                        const char  *framework_id,
                        char       **reason,
                        char       **chair,
                        GError     **error)
{
  g_autoptr(AssayRecord) record = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *trimmed = NULL;
  AssayGrade grade = ASSAY_GRADE_NONE;

  g_return_val_if_fail (ASSAY_IS_STORE (store), ASSAY_GRADE_NONE);
  g_return_val_if_fail (case_ref != NULL && framework_id != NULL, ASSAY_GRADE_NONE);

  if (reason != NULL)
    *reason = NULL;
  if (chair != NULL)
    *chair = NULL;

  trimmed = g_strstrip (g_strdup (case_ref));
  record = find_agreement (store, trimmed, framework_id, &payload, error);
  if (record == NULL)
    return ASSAY_GRADE_NONE;

  if (!assay_grade_from_token (member_string (payload, "grade"), &grade) ||
      !ASSAY_GRADE_IS_SCORED (grade))
    {
      g_set_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_DAMAGED,
                   _("Agreement %s (revision %" G_GINT64_FORMAT ") has no valid grade"),
                   record->id, record->revision);
      return ASSAY_GRADE_NONE;
    }

  if (reason != NULL)
    *reason = g_strdup (member_string (payload, "reason"));
  if (chair != NULL)
    *chair = g_strdup (member_string (payload, "chair"));

  return grade;
}

gboolean
assay_agreement_record (AssayStore       *store,
                        AssayFrameworks  *frameworks,
                        const char       *case_ref,
                        const char       *framework_id,
                        AssayGrade        grade,
                        const char       *reason,
                        GError          **error)
{
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(AssayRecord) existing = NULL;
  g_autoptr(AssayRecord) saved = NULL;
  g_autoptr(JsonObject) old_payload = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *trimmed_case = NULL;
  g_autofree char *trimmed_reason = NULL;
  g_autofree char *key = NULL;
  g_autofree char *recorded = NULL;
  AssayVault *vault;
  Unit *unit;
  char *text;
  gsize len;

  g_return_val_if_fail (ASSAY_IS_STORE (store), FALSE);
  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (frameworks), FALSE);
  g_return_val_if_fail (framework_id != NULL, FALSE);

  if (!ASSAY_GRADE_IS_SCORED (grade))
    {
      g_set_error_literal (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_INVALID,
                           _("The agreed grade must be gold, silver, bronze or not-yet-bronze"));
      return FALSE;
    }

  trimmed_reason = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (*trimmed_reason == '\0')
    {
      g_set_error_literal (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_REASON_REQUIRED,
                           _("An agreed grade needs the forum’s reason"));
      return FALSE;
    }

  trimmed_case = g_strstrip (g_strdup (case_ref != NULL ? case_ref : ""));
  comparison = assay_comparison_new (store, frameworks, NULL, error);
  if (comparison == NULL)
    return FALSE;

  key = unit_key (trimmed_case, framework_id);
  unit = g_hash_table_lookup (comparison->unit_table, key);
  if (unit == NULL || unit->audits->len == 0)
    {
      g_set_error (error, ASSAY_COMPARE_ERROR, ASSAY_COMPARE_ERROR_NOT_FOUND,
                   _("There is no finished audit of case %s with framework %s"),
                   trimmed_case, framework_id);
      return FALSE;
    }

  existing = find_agreement (store, trimmed_case, framework_id, &old_payload, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  vault = assay_store_get_vault (store);
  recorded = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  json_builder_begin_object (builder);
  add_string (builder, "case", trimmed_case);
  add_string (builder, "framework", framework_id);
  add_string (builder, "grade", assay_grade_to_token (grade));
  add_string (builder, "reason", trimmed_reason);
  add_string (builder, "chair", assay_vault_get_name (vault));
  add_string (builder, "chair_id", assay_vault_get_identity (vault));
  add_string (builder, "agency", assay_vault_get_agency (vault));
  json_builder_set_member_name (builder, "audits");
  json_builder_begin_array (builder);
  for (guint i = 0; i < unit->audits->len; i++)
    json_builder_add_string_value (builder, assay_audit_get_id (unit->audits->pdata[i]));
  json_builder_end_array (builder);
  add_string (builder, "recorded", recorded);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  payload = g_bytes_new_take (text, len);

  saved = assay_store_save (store, ASSAY_AGREEMENTS_COLLECTION,
                            existing != NULL ? existing->id : NULL, payload, error);

  return saved != NULL;
}

const GPtrArray *
assay_comparison_get_missing_frameworks (AssayComparison *self)
{
  g_return_val_if_fail (ASSAY_IS_COMPARISON (self), NULL);

  return self->missing;
}
