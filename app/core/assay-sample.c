/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-sample"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-sample-private.h"
#include "assay-date.h"

/*
 * Reproducible, explainable samples of the caseload.
 *
 * Reproducible: the candidates are sorted by case_ref (as bytes, not by the
 * locale) before anything random happens, strata are visited in a fixed
 * order, and one GRand seeded with the sample's seed makes every draw. GRand
 * is a Mersenne Twister whose output, and g_rand_int_range()'s, GLib keeps
 * stable across versions and platforms, so the same seed and caseload give
 * the same sample on every machine.
 *
 * Explainable: every sample carries its rule in words and the count drawn
 * from each stratum.
 *
 * Allocation, worked through in tests/test-sample.c: stratum h of N_h plans
 * out of N gets the quota m·N_h/N of the m places; each gets the whole part,
 * and the places left over go one each to the largest fractional parts (ties
 * to the larger stratum, then the first in order). Then every stratum is
 * raised to the minimum (or to its size, if smaller), each place taken from
 * the stratum furthest above its quota (ties to the first in order) — but
 * only when the places cover every stratum's minimum; otherwise the
 * proportional allocation stands and the rule says why.
 */

G_DEFINE_QUARK (assay-sample-error-quark, assay_sample_error)

static void
stratum_free (gpointer data)
{
  AssaySampleStratum *stratum = data;

  g_free (stratum->label);
  g_clear_pointer (&stratum->values, json_object_unref);
  g_free (stratum);
}

void
assay_sample_free (AssaySample *sample)
{
  if (sample == NULL)
    return;

  g_free (sample->id);
  g_free (sample->rule);
  g_free (sample->created);
  g_clear_pointer (&sample->strata, g_ptr_array_unref);
  g_clear_pointer (&sample->cases, g_ptr_array_unref);
  g_free (sample);
}

AssaySample *
_assay_sample_new (void)
{
  AssaySample *sample = g_new0 (AssaySample, 1);

  sample->strata = g_ptr_array_new_with_free_func (stratum_free);
  sample->cases = g_ptr_array_new_with_free_func (g_free);

  return sample;
}

const char *
_assay_sample_case_ref_of (JsonObject *object)
{
  return json_object_get_string_member_with_default (object, "case_ref", NULL);
}

static int
compare_cases (gconstpointer a,
               gconstpointer b)
{
  return strcmp (_assay_sample_case_ref_of (*(JsonObject **) a),
                 _assay_sample_case_ref_of (*(JsonObject **) b));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static gboolean
values_equal (AssayCaseloadField  field,
              JsonNode           *a,
              JsonNode           *b)
{
  if (json_node_get_value_type (a) != json_node_get_value_type (b))
    return FALSE;

  if (json_node_get_value_type (a) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (a) == json_node_get_boolean (b);

  if (json_node_get_value_type (a) != G_TYPE_STRING)
    return FALSE;

  if (_assay_sample_field_is_free_text (field))
    {
      g_autofree char *fold_a = g_utf8_casefold (json_node_get_string (a), -1);
      g_autofree char *fold_b = g_utf8_casefold (json_node_get_string (b), -1);

      return g_str_equal (fold_a, fold_b);
    }

  return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
}

static gboolean
filter_matches (const AssaySampleFilter *filter,
                JsonObject   *object)
{
  JsonNode *node = json_object_get_member (object, assay_caseload_field_get_name (filter->field));
  int cmp;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return filter->op == ASSAY_SAMPLE_OP_NE;

  switch (filter->op)
    {
    case ASSAY_SAMPLE_OP_EQ:
      return values_equal (filter->field, node, filter->value);
    case ASSAY_SAMPLE_OP_NE:
      return !values_equal (filter->field, node, filter->value);
    case ASSAY_SAMPLE_OP_LT:
    case ASSAY_SAMPLE_OP_LE:
    case ASSAY_SAMPLE_OP_GT:
    case ASSAY_SAMPLE_OP_GE:
      if (json_node_get_value_type (node) != G_TYPE_STRING)
        return FALSE;
      /* ISO dates order as text. */
      cmp = strcmp (json_node_get_string (node), json_node_get_string (filter->value));
      return (filter->op == ASSAY_SAMPLE_OP_LT && cmp < 0) ||
             (filter->op == ASSAY_SAMPLE_OP_LE && cmp <= 0) ||
             (filter->op == ASSAY_SAMPLE_OP_GT && cmp > 0) ||
             (filter->op == ASSAY_SAMPLE_OP_GE && cmp >= 0);
    default:
      return FALSE;
    }
}

/* Every filter must hold, except that "=" filters on one field are
 * alternatives: phase=primary with phase=secondary takes both. */
static gboolean
matches_where (GPtrArray  *filters,
               JsonObject *object)
{
  for (guint i = 0; i < filters->len; i++)
    {
      const AssaySampleFilter *filter = g_ptr_array_index (filters, i);
      gboolean any = FALSE;

      if (filter->op != ASSAY_SAMPLE_OP_EQ)
        {
          if (!filter_matches (filter, object))
            return FALSE;
          continue;
        }

      for (guint j = 0; j < filters->len && !any; j++)
        {
          const AssaySampleFilter *other = g_ptr_array_index (filters, j);

          if (other->op == ASSAY_SAMPLE_OP_EQ && other->field == filter->field)
            any = filter_matches (other, object);
        }
      if (!any)
        return FALSE;
    }

  return TRUE;
}

static gboolean
matches_any (GPtrArray  *filters,
             JsonObject *object)
{
  for (guint i = 0; i < filters->len; i++)
    if (filter_matches (g_ptr_array_index (filters, i), object))
      return TRUE;

  return FALSE;
}

/* "phase is primary or secondary and issued on or after 2025-01-01" */
static char *
describe_filters (GPtrArray *filters,
                  gboolean   alternatives)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree gboolean *done = g_new0 (gboolean, filters->len + 1);

  for (guint i = 0; i < filters->len; i++)
    {
      const AssaySampleFilter *filter = g_ptr_array_index (filters, i);
      const char *name = assay_caseload_field_get_name (filter->field);
      char *part = NULL;

      if (done[i])
        continue;

      switch (filter->op)
        {
        case ASSAY_SAMPLE_OP_EQ:
          {
            g_autoptr(GString) values = g_string_new (filter->text);

            for (guint j = i + 1; j < filters->len && !alternatives; j++)
              {
                const AssaySampleFilter *other = g_ptr_array_index (filters, j);

                if (other->op == ASSAY_SAMPLE_OP_EQ && other->field == filter->field)
                  {
                    /* TRANSLATORS: joins values of one field: "primary or secondary" */
                    g_string_append_printf (values, _(" or %s"), other->text);
                    done[j] = TRUE;
                  }
              }
            part = g_strdup_printf (_("%s is %s"), name, values->str);
          }
          break;
        case ASSAY_SAMPLE_OP_NE:
          part = g_strdup_printf (_("%s is not %s"), name, filter->text);
          break;
        case ASSAY_SAMPLE_OP_LT:
          part = g_strdup_printf (_("%s is before %s"), name, filter->text);
          break;
        case ASSAY_SAMPLE_OP_LE:
          part = g_strdup_printf (_("%s is on or before %s"), name, filter->text);
          break;
        case ASSAY_SAMPLE_OP_GT:
          part = g_strdup_printf (_("%s is after %s"), name, filter->text);
          break;
        case ASSAY_SAMPLE_OP_GE:
          part = g_strdup_printf (_("%s is on or after %s"), name, filter->text);
          break;
        default:
          g_assert_not_reached ();
        }

      g_ptr_array_add (parts, part);
    }

  g_ptr_array_add (parts, NULL);

  /* TRANSLATORS: joins conditions: "phase is primary and team is North";
   * for included plans the conditions are alternatives ("or"). */
  return g_strjoinv (alternatives ? _(" or ") : _(" and "), (char **) parts->pdata);
}

typedef struct
{
  char       *key;
  JsonObject *values;
  GPtrArray  *members;    /* of JsonObject, borrowed, by case_ref */
  guint       quota_whole;
  guint64     quota_rest; /* m·N_h mod N */
  guint       allocated;
} Stratum;

static void
stratum_clear (gpointer data)
{
  Stratum *stratum = data;

  g_free (stratum->key);
  json_object_unref (stratum->values);
  g_ptr_array_unref (stratum->members);
}

static int
compare_strata (gconstpointer a,
                gconstpointer b)
{
  return strcmp (((const Stratum *) a)->key, ((const Stratum *) b)->key);
}

static GArray *
make_strata (GPtrArray *pool,
             GArray    *by)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) strata = g_array_new (FALSE, TRUE, sizeof (Stratum));

  g_array_set_clear_func (strata, stratum_clear);

  /* Pool members go in their (sorted) order, so each stratum's list is
   * sorted too. Indices, not pointers: the array grows. */
  for (guint i = 0; i < pool->len; i++)
    {
      JsonObject *object = g_ptr_array_index (pool, i);
      g_autoptr(GString) key = g_string_new (NULL);
      gpointer index;

      for (guint f = 0; f < by->len; f++)
        {
          JsonNode *node = json_object_get_member (object,
                                                   assay_caseload_field_get_name (
                                                     g_array_index (by, AssayCaseloadField, f)));
          g_autofree char *text = assay_caseload_value_to_string (node);

          /* A missing value is "" and no value is ever empty: no clash. */
          g_string_append (key, text);
          g_string_append_c (key, '\x1f');
        }

      if (!g_hash_table_lookup_extended (by_key, key->str, NULL, &index))
        {
          Stratum stratum = { 0 };

          stratum.key = g_strdup (key->str);
          stratum.values = json_object_new ();
          for (guint f = 0; f < by->len; f++)
            {
              const char *name =
                assay_caseload_field_get_name (g_array_index (by, AssayCaseloadField, f));
              JsonNode *node = json_object_get_member (object, name);

              json_object_set_member (stratum.values, name,
                                      node != NULL ? json_node_copy (node)
                                                   : json_node_new (JSON_NODE_NULL));
            }
          stratum.members = g_ptr_array_new ();
          g_array_append_val (strata, stratum);
          index = GUINT_TO_POINTER (strata->len);
          g_hash_table_insert (by_key, g_array_index (strata, Stratum, strata->len - 1).key,
                               index);
        }

      g_ptr_array_add (g_array_index (strata, Stratum, GPOINTER_TO_UINT (index) - 1).members,
                       object);
    }

  g_array_sort (strata, compare_strata);

  return g_steal_pointer (&strata);
}

/* Largest remainder, then the minimum: see the comment at the top. Returns
 * whether the minimum could be given to every stratum. */
static gboolean
allocate (GArray *strata,
          guint   places,
          guint   minimum)
{
  guint64 total = 0;
  guint given = 0;
  guint need = 0;

  for (guint i = 0; i < strata->len; i++)
    total += g_array_index (strata, Stratum, i).members->len;

  if (total == 0)
    return TRUE;

  for (guint i = 0; i < strata->len; i++)
    {
      Stratum *s = &g_array_index (strata, Stratum, i);
      guint64 share = (guint64) places * s->members->len;

      s->quota_whole = (guint) (share / total);
      s->quota_rest = share % total;
      s->allocated = s->quota_whole;
      given += s->allocated;
    }

  while (given < places)
    {
      Stratum *best = NULL;

      for (guint i = 0; i < strata->len; i++)
        {
          Stratum *s = &g_array_index (strata, Stratum, i);

          /* Only a stratum whose quota had a fractional part gets a place. */
          if (s->allocated != s->quota_whole || s->quota_rest == 0)
            continue;
          if (best == NULL || s->quota_rest > best->quota_rest ||
              (s->quota_rest == best->quota_rest && s->members->len > best->members->len))
            best = s;
        }

      g_assert (best != NULL);
      best->allocated++;
      given++;
    }

  for (guint i = 0; i < strata->len; i++)
    need += MIN (minimum, g_array_index (strata, Stratum, i).members->len);

  if (minimum == 0)
    return TRUE;
  if (need > places)
    return FALSE;

  for (guint i = 0; i < strata->len; i++)
    {
      Stratum *s = &g_array_index (strata, Stratum, i);
      guint floor = MIN (minimum, s->members->len);

      while (s->allocated < floor)
        {
          Stratum *donor = NULL;
          gint64 donor_excess = 0;

          for (guint j = 0; j < strata->len; j++)
            {
              Stratum *d = &g_array_index (strata, Stratum, j);
              /* How far above its quota, in units of 1/total. */
              gint64 excess = (gint64) d->allocated * (gint64) total -
                              (gint64) places * (gint64) d->members->len;

              if (d->allocated <= MIN (minimum, d->members->len))
                continue;
              if (donor == NULL || excess > donor_excess)
                {
                  donor = d;
                  donor_excess = excess;
                }
            }

          g_assert (donor != NULL);
          donor->allocated--;
          s->allocated++;
        }
    }

  return TRUE;
}

/* Partial Fisher–Yates over a copy of @members: the first @k are the draw. */
static void
draw (GRand     *rand,
      GPtrArray *members,
      guint      k,
      GPtrArray *out)
{
  g_autoptr(GPtrArray) copy = g_ptr_array_copy (members, NULL, NULL);

  for (guint i = 0; i < k; i++)
    {
      guint j = (guint) g_rand_int_range (rand, (gint32) i, (gint32) copy->len);
      gpointer tmp = copy->pdata[i];

      copy->pdata[i] = copy->pdata[j];
      copy->pdata[j] = tmp;
      g_ptr_array_add (out, g_strdup (_assay_sample_case_ref_of (copy->pdata[i])));
    }
}

static char *
field_names (GArray *by)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < by->len; i++)
    g_ptr_array_add (names, (gpointer) assay_caseload_field_get_name (
                                         g_array_index (by, AssayCaseloadField, i)));
  g_ptr_array_add (names, NULL);

  /* TRANSLATORS: joins field names: "team and phase" */
  return g_strjoinv (_(" and "), (char **) names->pdata);
}

static char *
describe_rule (AssaySampleSpec *spec,
               guint            eligible,
               guint            target,
               guint            included,
               guint            drawn,
               guint            n_strata,
               gboolean         minimum_given)
{
  g_autoptr(GString) rule = g_string_new (NULL);
  g_autofree char *plans = g_strdup_printf (ngettext ("%u plan", "%u plans", eligible), eligible);

  /* How many, of what. */
  if (target >= eligible && spec->size == 0)
    g_string_append_printf (rule, _("all %s (%u%% or at least %u)"), plans,
                            ASSAY_SAMPLE_DEFAULT_PERCENT, ASSAY_SAMPLE_DEFAULT_MINIMUM);
  else if (target >= eligible && spec->percent && spec->size < 100)
    g_string_append_printf (rule, _("all %s (%u%%)"), plans, spec->size);
  else if (target >= eligible && !spec->percent && spec->size > eligible)
    g_string_append_printf (rule, _("all %s (%u asked for)"), plans, spec->size);
  else if (target >= eligible)
    g_string_append_printf (rule, _("all %s"), plans);
  else if (spec->size == 0)
    g_string_append_printf (rule, _("%u%% or at least %u of %s"),
                            ASSAY_SAMPLE_DEFAULT_PERCENT, ASSAY_SAMPLE_DEFAULT_MINIMUM, plans);
  else if (spec->percent)
    g_string_append_printf (rule, _("%u%% of %s"), spec->size, plans);
  else
    g_string_append_printf (rule, _("%u of %s"), target, plans);

  if (spec->where->len > 0)
    {
      g_autofree char *where = describe_filters (spec->where, FALSE);

      g_string_append_printf (rule, _(" where %s"), where);
    }

  if (spec->include->len > 0)
    {
      g_autofree char *include = describe_filters (spec->include, TRUE);

      g_string_append_printf (rule, _(", including every plan where %s (%u)"), include,
                              included);
    }

  /* How the rest was drawn. */
  if (target < eligible && spec->by->len > 0 && drawn > 0)
    {
      g_autofree char *by = field_names (spec->by);
      g_autofree char *strata = g_strdup_printf (ngettext ("%u stratum", "%u strata", n_strata),
                                                 n_strata);

      if (spec->include->len > 0)
        g_string_append_printf (rule, _(", the other %u stratified by %s"), drawn, by);
      else
        g_string_append_printf (rule, _(", stratified by %s"), by);

      if (spec->minimum > 0 && minimum_given)
        g_string_append_printf (rule, _(" (%s, at least %u each)"), strata, spec->minimum);
      else if (spec->minimum > 0)
        g_string_append_printf (rule, _(" (%s; too few places for %u each)"), strata,
                                spec->minimum);
      else
        g_string_append_printf (rule, _(" (%s)"), strata);
    }
  else if (target < eligible && drawn > 0)
    {
      if (spec->include->len > 0)
        g_string_append_printf (rule, _(", the other %u at random"), drawn);
      else
        g_string_append (rule, _(", at random"));
    }

  g_string_append_printf (rule, _(", seed %u"), spec->seed);

  return g_string_free (g_steal_pointer (&rule), FALSE);
}

static guint
ceil_percent (guint n,
              guint percent)
{
  return (guint) (((guint64) n * percent + 99) / 100);
}

AssaySample *
assay_sample_draw (AssaySampleSpec  *spec,
                   GPtrArray        *cases,
                   GError          **error)
{
  g_autoptr(AssaySample) sample = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GPtrArray) pool = NULL;
  g_autoptr(GArray) strata = NULL;
  g_autoptr(GRand) rand = NULL;
  guint eligible = 0;
  guint target;
  guint places;
  gboolean minimum_given = TRUE;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (cases != NULL, NULL);

  sample = _assay_sample_new ();
  sample->seed = spec->seed;

  sorted = g_ptr_array_new ();
  for (guint i = 0; i < cases->len; i++)
    if (_assay_sample_case_ref_of (g_ptr_array_index (cases, i)) != NULL)
      g_ptr_array_add (sorted, g_ptr_array_index (cases, i));
  g_ptr_array_sort (sorted, compare_cases);

  if (sorted->len == 0)
    {
      g_set_error_literal (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_EMPTY,
                           _("The caseload is empty: import one first with "
                             "“assay-cli caseload import FILE.csv”"));
      return NULL;
    }

  /* The eligible plans split into those every sample includes and the pool
   * the rest is drawn from. */
  pool = g_ptr_array_new ();
  for (guint i = 0; i < sorted->len; i++)
    {
      JsonObject *object = g_ptr_array_index (sorted, i);

      if (!matches_where (spec->where, object))
        continue;

      eligible++;
      if (matches_any (spec->include, object))
        g_ptr_array_add (sample->cases, g_strdup (_assay_sample_case_ref_of (object)));
      else
        g_ptr_array_add (pool, object);
    }

  if (eligible == 0)
    {
      g_autofree char *where = describe_filters (spec->where, FALSE);

      g_set_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_EMPTY,
                   _("No plan in the caseload matches: %s"), where);
      return NULL;
    }

  if (spec->size == 0)
    target = MAX (ceil_percent (eligible, ASSAY_SAMPLE_DEFAULT_PERCENT),
                  ASSAY_SAMPLE_DEFAULT_MINIMUM);
  else if (spec->percent)
    target = MAX (ceil_percent (eligible, spec->size), 1);
  else
    target = spec->size;
  target = MIN (target, eligible);

  sample->eligible = eligible;
  sample->included = sample->cases->len;
  places = target > sample->included ? target - sample->included : 0;

  /* Unstratified is one stratum holding the whole pool. */
  strata = make_strata (pool, spec->by);
  if (strata->len > 0)
    minimum_given = allocate (strata, places, spec->by->len > 0 ? spec->minimum : 0);

  rand = g_rand_new_with_seed (spec->seed);
  for (guint i = 0; i < strata->len; i++)
    {
      Stratum *s = &g_array_index (strata, Stratum, i);

      draw (rand, s->members, s->allocated, sample->cases);

      if (spec->by->len > 0)
        {
          AssaySampleStratum *out = g_new0 (AssaySampleStratum, 1);
          g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

          for (guint f = 0; f < spec->by->len; f++)
            {
              JsonNode *node = json_object_get_member (
                s->values,
                assay_caseload_field_get_name (g_array_index (spec->by, AssayCaseloadField, f)));

              g_ptr_array_add (labels, JSON_NODE_HOLDS_NULL (node)
                                         ? g_strdup (_("not recorded"))
                                         : assay_caseload_value_to_string (node));
            }
          g_ptr_array_add (labels, NULL);

          out->label = g_strjoinv (" / ", (char **) labels->pdata);
          out->values = json_object_ref (s->values);
          out->eligible = s->members->len;
          out->sampled = s->allocated;
          g_ptr_array_add (sample->strata, out);
        }
    }

  g_ptr_array_sort (sample->cases, compare_strings);
  sample->size = sample->cases->len;
  sample->rule = describe_rule (spec, eligible, target, sample->included, places,
                                strata->len, minimum_given);

  sample->created = assay_date_now_utc_iso8601 ();

  return g_steal_pointer (&sample);
}
