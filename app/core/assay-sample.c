/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-sample"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-sample.h"

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

typedef enum
{
  OP_EQ,
  OP_NE,
  OP_LT,
  OP_LE,
  OP_GT,
  OP_GE,
} FilterOp;

typedef struct
{
  AssayCaseloadField  field;
  FilterOp            op;
  JsonNode           *value;
  char               *text;   /* the value as shown in the rule */
} Filter;

struct _AssaySampleSpec
{
  guint32    seed;
  guint      size;
  gboolean   percent;
  guint      minimum;
  GArray    *by;        /* of AssayCaseloadField */
  GPtrArray *where;     /* of Filter */
  GPtrArray *include;   /* of Filter */
};

static void
filter_free (gpointer data)
{
  Filter *filter = data;

  json_node_unref (filter->value);
  g_free (filter->text);
  g_free (filter);
}

AssaySampleSpec *
assay_sample_spec_new (guint32 seed)
{
  AssaySampleSpec *spec = g_new0 (AssaySampleSpec, 1);

  spec->seed = seed;
  spec->minimum = 1;
  spec->by = g_array_new (FALSE, FALSE, sizeof (AssayCaseloadField));
  spec->where = g_ptr_array_new_with_free_func (filter_free);
  spec->include = g_ptr_array_new_with_free_func (filter_free);

  return spec;
}

void
assay_sample_spec_free (AssaySampleSpec *spec)
{
  if (spec == NULL)
    return;

  g_array_unref (spec->by);
  g_ptr_array_unref (spec->where);
  g_ptr_array_unref (spec->include);
  g_free (spec);
}

guint32
assay_sample_spec_get_seed (AssaySampleSpec *spec)
{
  return spec->seed;
}

void
assay_sample_spec_set_size (AssaySampleSpec *spec,
                            guint            size,
                            gboolean         percent)
{
  g_return_if_fail (!percent || size <= 100);

  spec->size = size;
  spec->percent = percent && size > 0;
}

gboolean
assay_sample_spec_parse_size (AssaySampleSpec  *spec,
                              const char       *text,
                              GError          **error)
{
  g_autofree char *number = g_strstrip (g_strdup (text));
  gsize len = strlen (number);
  gboolean percent = len > 0 && number[len - 1] == '%';
  guint64 value = 0;

  if (percent)
    number[len - 1] = '\0';

  if (!g_ascii_string_to_unsigned (number, 10, 1, percent ? 100 : G_MAXUINT32, &value, NULL))
    {
      g_set_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_INVALID,
                   _("The size “%s” is not a number of plans (such as 12) or a percentage "
                     "from 1%% to 100%% (such as 15%%)"),
                   text);
      return FALSE;
    }

  assay_sample_spec_set_size (spec, (guint) value, percent);

  return TRUE;
}

void
assay_sample_spec_set_minimum (AssaySampleSpec *spec,
                               guint            minimum)
{
  spec->minimum = minimum;
}

static gboolean
parse_field (const char          *name,
             AssayCaseloadField  *field,
             GError             **error)
{
  g_autofree char *list = NULL;
  GString *names;

  if (assay_caseload_field_from_header (name, field))
    return TRUE;

  names = g_string_new (NULL);
  for (guint f = 0; f < ASSAY_CASELOAD_N_FIELDS; f++)
    {
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, assay_caseload_field_get_name (f));
    }
  list = g_string_free (names, FALSE);

  g_set_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_INVALID,
               _("“%s” is not a caseload field; the fields are %s"), name, list);

  return FALSE;
}

gboolean
assay_sample_spec_add_by (AssaySampleSpec  *spec,
                          const char       *field_name,
                          GError          **error)
{
  g_autofree char *name = g_strstrip (g_strdup (field_name));
  AssayCaseloadField field;

  if (!parse_field (name, &field, error))
    return FALSE;

  /* Stratifying twice by one field changes nothing; say nothing either. */
  for (guint i = 0; i < spec->by->len; i++)
    if (g_array_index (spec->by, AssayCaseloadField, i) == field)
      return TRUE;

  g_array_append_val (spec->by, field);

  return TRUE;
}

static gboolean
is_date (AssayCaseloadField field)
{
  return assay_caseload_field_is_date (field);
}

static gboolean
is_free_text (AssayCaseloadField field)
{
  return field == ASSAY_CASELOAD_FIELD_CASE_REF || field == ASSAY_CASELOAD_FIELD_TEAM ||
         field == ASSAY_CASELOAD_FIELD_CASEWORKER;
}

static Filter *
parse_filter (const char  *text,
              GError     **error)
{
  static const struct
  {
    const char *token;
    FilterOp    op;
  } ops[] = {
    /* Two-character operators first, so "<=" is not read as "<". */
    { "!=", OP_NE }, { "<=", OP_LE }, { ">=", OP_GE },
    { "=", OP_EQ }, { "<", OP_LT }, { ">", OP_GT },
  };
  g_autoptr(GError) value_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  const char *at = NULL;
  Filter *filter;
  AssayCaseloadField field;
  JsonNode *node;
  FilterOp op = OP_EQ;
  gsize op_len = 0;

  /* The first operator in the text wins: "team=A<B" compares team with "A<B". */
  for (const char *p = text; *p != '\0' && at == NULL; p++)
    for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
      if (g_str_has_prefix (p, ops[i].token))
        {
          at = p;
          op = ops[i].op;
          op_len = strlen (ops[i].token);
          break;
        }

  if (at == NULL)
    {
      g_set_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_INVALID,
                   _("“%s” is not a filter like child_in_care=yes or issued>=2025-01-01"),
                   text);
      return NULL;
    }

  name = g_strstrip (g_strndup (text, (gsize) (at - text)));
  value = g_strstrip (g_strdup (at + op_len));

  if (!parse_field (name, &field, error))
    {
      g_prefix_error (error, "“%s”: ", text);
      return NULL;
    }

  if (op != OP_EQ && op != OP_NE && !is_date (field))
    {
      g_set_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_INVALID,
                   _("“%s”: only the dates (requested, issued, last_review) can be compared "
                     "with <, <=, > or >="),
                   text);
      return NULL;
    }

  node = assay_caseload_normalise_value (field, value, &value_error);
  if (node == NULL)
    {
      if (value_error != NULL)
        g_set_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_INVALID,
                     _("“%s”: %s"), text, value_error->message);
      else
        g_set_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_INVALID,
                     _("“%s” needs a value after the “%.*s”"), text, (int) op_len, at);
      return NULL;
    }

  filter = g_new0 (Filter, 1);
  filter->field = field;
  filter->op = op;
  filter->value = node;
  filter->text = assay_caseload_value_to_string (node);

  return filter;
}

gboolean
assay_sample_spec_add_where (AssaySampleSpec  *spec,
                             const char       *text,
                             GError          **error)
{
  Filter *filter = parse_filter (text, error);

  if (filter == NULL)
    return FALSE;

  g_ptr_array_add (spec->where, filter);

  return TRUE;
}

gboolean
assay_sample_spec_add_include (AssaySampleSpec  *spec,
                               const char       *text,
                               GError          **error)
{
  Filter *filter = parse_filter (text, error);

  if (filter == NULL)
    return FALSE;

  g_ptr_array_add (spec->include, filter);

  return TRUE;
}

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

static AssaySample *
sample_new (void)
{
  AssaySample *sample = g_new0 (AssaySample, 1);

  sample->strata = g_ptr_array_new_with_free_func (stratum_free);
  sample->cases = g_ptr_array_new_with_free_func (g_free);

  return sample;
}

static const char *
case_ref_of (JsonObject *object)
{
  return json_object_get_string_member_with_default (object, "case_ref", NULL);
}

static int
compare_cases (gconstpointer a,
               gconstpointer b)
{
  return strcmp (case_ref_of (*(JsonObject **) a), case_ref_of (*(JsonObject **) b));
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

  if (is_free_text (field))
    {
      g_autofree char *fold_a = g_utf8_casefold (json_node_get_string (a), -1);
      g_autofree char *fold_b = g_utf8_casefold (json_node_get_string (b), -1);

      return g_str_equal (fold_a, fold_b);
    }

  return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
}

static gboolean
filter_matches (const Filter *filter,
                JsonObject   *object)
{
  JsonNode *node = json_object_get_member (object, assay_caseload_field_get_name (filter->field));
  int cmp;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return filter->op == OP_NE;

  switch (filter->op)
    {
    case OP_EQ:
      return values_equal (filter->field, node, filter->value);
    case OP_NE:
      return !values_equal (filter->field, node, filter->value);
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE:
      if (json_node_get_value_type (node) != G_TYPE_STRING)
        return FALSE;
      /* ISO dates order as text. */
      cmp = strcmp (json_node_get_string (node), json_node_get_string (filter->value));
      return (filter->op == OP_LT && cmp < 0) || (filter->op == OP_LE && cmp <= 0) ||
             (filter->op == OP_GT && cmp > 0) || (filter->op == OP_GE && cmp >= 0);
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
      const Filter *filter = g_ptr_array_index (filters, i);
      gboolean any = FALSE;

      if (filter->op != OP_EQ)
        {
          if (!filter_matches (filter, object))
            return FALSE;
          continue;
        }

      for (guint j = 0; j < filters->len && !any; j++)
        {
          const Filter *other = g_ptr_array_index (filters, j);

          if (other->op == OP_EQ && other->field == filter->field)
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
      const Filter *filter = g_ptr_array_index (filters, i);
      const char *name = assay_caseload_field_get_name (filter->field);
      char *part = NULL;

      if (done[i])
        continue;

      switch (filter->op)
        {
        case OP_EQ:
          {
            g_autoptr(GString) values = g_string_new (filter->text);

            for (guint j = i + 1; j < filters->len && !alternatives; j++)
              {
                const Filter *other = g_ptr_array_index (filters, j);

                if (other->op == OP_EQ && other->field == filter->field)
                  {
                    /* TRANSLATORS: joins values of one field: "primary or secondary" */
                    g_string_append_printf (values, _(" or %s"), other->text);
                    done[j] = TRUE;
                  }
              }
            part = g_strdup_printf (_("%s is %s"), name, values->str);
          }
          break;
        case OP_NE:
          part = g_strdup_printf (_("%s is not %s"), name, filter->text);
          break;
        case OP_LT:
          part = g_strdup_printf (_("%s is before %s"), name, filter->text);
          break;
        case OP_LE:
          part = g_strdup_printf (_("%s is on or before %s"), name, filter->text);
          break;
        case OP_GT:
          part = g_strdup_printf (_("%s is after %s"), name, filter->text);
          break;
        case OP_GE:
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
      g_ptr_array_add (out, g_strdup (case_ref_of (copy->pdata[i])));
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
  g_autoptr(GDateTime) now = NULL;
  guint eligible = 0;
  guint target;
  guint places;
  gboolean minimum_given = TRUE;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (cases != NULL, NULL);

  sample = sample_new ();
  sample->seed = spec->seed;

  sorted = g_ptr_array_new ();
  for (guint i = 0; i < cases->len; i++)
    if (case_ref_of (g_ptr_array_index (cases, i)) != NULL)
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
        g_ptr_array_add (sample->cases, g_strdup (case_ref_of (object)));
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

  now = g_date_time_new_now_utc ();
  sample->created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  return g_steal_pointer (&sample);
}

static void
add_strata (JsonBuilder *builder,
            AssaySample *sample)
{
  json_builder_set_member_name (builder, "strata");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sample->strata->len; i++)
    {
      AssaySampleStratum *stratum = g_ptr_array_index (sample->strata, i);
      JsonNode *values = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (values, stratum->values);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, stratum->label);
      json_builder_set_member_name (builder, "values");
      json_builder_add_value (builder, values);
      json_builder_set_member_name (builder, "eligible");
      json_builder_add_int_value (builder, stratum->eligible);
      json_builder_set_member_name (builder, "sampled");
      json_builder_add_int_value (builder, stratum->sampled);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_head (JsonBuilder *builder,
          AssaySample *sample)
{
  if (sample->id != NULL)
    {
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, sample->id);
    }
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, sample->seed);
  json_builder_set_member_name (builder, "rule");
  json_builder_add_string_value (builder, sample->rule);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, sample->size);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, sample->created);
  json_builder_set_member_name (builder, "eligible");
  json_builder_add_int_value (builder, sample->eligible);
  json_builder_set_member_name (builder, "included");
  json_builder_add_int_value (builder, sample->included);
}

/* What is stored: the case refs only; their fields stay in the caseload. */
static GBytes *
sample_to_payload (AssaySample *sample)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize len = 0;
  char *text;

  json_builder_begin_object (builder);
  add_head (builder, sample);
  add_strata (builder, sample);
  json_builder_set_member_name (builder, "cases");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sample->cases->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (sample->cases, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);

  return g_bytes_new_take (text, len);
}

AssaySample *
assay_sample_create (AssayStore       *store,
                     AssaySampleSpec  *spec,
                     GError          **error)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(AssaySample) sample = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(AssayRecord) record = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  cases = assay_caseload_list (store, error);
  if (cases == NULL)
    return NULL;

  sample = assay_sample_draw (spec, cases, error);
  if (sample == NULL)
    return NULL;

  payload = sample_to_payload (sample);
  record = assay_store_save (store, ASSAY_SAMPLE_COLLECTION, NULL, payload, error);
  if (record == NULL)
    return NULL;

  sample->id = g_strdup (record->id);

  return g_steal_pointer (&sample);
}

static gboolean
get_uint (JsonObject *object,
          const char *name,
          guint64     max,
          guint      *value)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 n;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  n = json_node_get_int (node);
  if (n < 0 || (guint64) n > max)
    return FALSE;

  *value = (guint) n;

  return TRUE;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static AssaySample *
sample_from_record (const AssayRecord  *record,
                    GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(AssaySample) sample = sample_new ();
  JsonObject *object;
  JsonNode *root;
  JsonArray *strata;
  JsonArray *cases;
  guint seed = 0;
  gsize len = 0;
  const char *text = assay_record_get_text (record, &len);

  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto damaged;

  object = json_node_get_object (root);
  sample->id = g_strdup (record->id);
  sample->rule = g_strdup (get_string (object, "rule"));
  sample->created = g_strdup (get_string (object, "created"));
  if (sample->rule == NULL || sample->created == NULL ||
      !get_uint (object, "seed", G_MAXUINT32, &seed) ||
      !get_uint (object, "size", G_MAXUINT, &sample->size) ||
      !get_uint (object, "eligible", G_MAXUINT, &sample->eligible) ||
      !get_uint (object, "included", G_MAXUINT, &sample->included) ||
      !json_object_has_member (object, "strata") || !json_object_has_member (object, "cases") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "strata")) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "cases")))
    goto damaged;
  sample->seed = seed;

  strata = json_object_get_array_member (object, "strata");
  for (guint i = 0; i < json_array_get_length (strata); i++)
    {
      JsonNode *node = json_array_get_element (strata, i);
      AssaySampleStratum *stratum;
      JsonObject *item;
      JsonNode *values;
      const char *label;
      guint n_eligible, n_sampled;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto damaged;
      item = json_node_get_object (node);
      values = json_object_get_member (item, "values");
      label = get_string (item, "label");
      if (label == NULL || values == NULL || !JSON_NODE_HOLDS_OBJECT (values) ||
          !get_uint (item, "eligible", G_MAXUINT, &n_eligible) ||
          !get_uint (item, "sampled", G_MAXUINT, &n_sampled))
        goto damaged;

      stratum = g_new0 (AssaySampleStratum, 1);
      stratum->label = g_strdup (label);
      stratum->values = json_object_ref (json_node_get_object (values));
      stratum->eligible = n_eligible;
      stratum->sampled = n_sampled;
      g_ptr_array_add (sample->strata, stratum);
    }

  cases = json_object_get_array_member (object, "cases");
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonNode *node = json_array_get_element (cases, i);

      if (json_node_get_value_type (node) != G_TYPE_STRING)
        goto damaged;
      g_ptr_array_add (sample->cases, g_strdup (json_node_get_string (node)));
    }

  return g_steal_pointer (&sample);

damaged:
  g_set_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_DAMAGED,
               _("Sample %s is not a sample Assay wrote"), record->id);
  return NULL;
}

AssaySample *
assay_sample_load (AssayStore  *store,
                   const char  *id,
                   GError     **error)
{
  g_autoptr(AssayRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  record = assay_store_load (store, ASSAY_SAMPLE_COLLECTION, id, &local_error);
  if (record == NULL)
    {
      if (g_error_matches (local_error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND) ||
          g_error_matches (local_error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INVALID))
        g_set_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_NOT_FOUND,
                     _("There is no sample “%s”"), id);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return sample_from_record (record, error);
}

GPtrArray *
assay_sample_list (AssayStore  *store,
                   GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) samples = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);

  records = assay_store_list (store, ASSAY_SAMPLE_COLLECTION, error);
  if (records == NULL)
    return NULL;

  samples = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_sample_free);
  for (guint i = 0; i < records->len; i++)
    {
      AssaySample *sample = sample_from_record (g_ptr_array_index (records, i), error);

      if (sample == NULL)
        return NULL;
      g_ptr_array_add (samples, sample);
    }

  return g_steal_pointer (&samples);
}

JsonNode *
assay_sample_to_json (AssaySample *sample,
                      GPtrArray   *caseload)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) by_ref = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (sample != NULL, NULL);

  for (guint i = 0; caseload != NULL && i < caseload->len; i++)
    {
      JsonObject *object = g_ptr_array_index (caseload, i);
      const char *ref = case_ref_of (object);

      if (ref != NULL)
        g_hash_table_insert (by_ref, (gpointer) ref, object);
    }

  json_builder_begin_object (builder);
  add_head (builder, sample);
  add_strata (builder, sample);
  json_builder_set_member_name (builder, "cases");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sample->cases->len; i++)
    {
      const char *ref = g_ptr_array_index (sample->cases, i);
      JsonObject *fields = g_hash_table_lookup (by_ref, ref);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "case");
      json_builder_add_string_value (builder, ref);
      if (fields != NULL)
        {
          /* In insertion order, which import made the contract's field order. */
          g_autoptr(GList) names = json_object_get_members (fields);

          for (const GList *l = names; l != NULL; l = l->next)
            {
              json_builder_set_member_name (builder, l->data);
              json_builder_add_value (builder,
                                      json_node_copy (json_object_get_member (fields, l->data)));
            }
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
