/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-sample"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-sample-private.h"

/* A sample's rule: its size, strata and filters, as the command line and
 * the dialog give them. */

static void
filter_free (gpointer data)
{
  AssaySampleFilter *filter = data;

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

gboolean
_assay_sample_field_is_free_text (AssayCaseloadField field)
{
  return field == ASSAY_CASELOAD_FIELD_CASE_REF || field == ASSAY_CASELOAD_FIELD_TEAM ||
         field == ASSAY_CASELOAD_FIELD_CASEWORKER;
}

static AssaySampleFilter *
parse_filter (const char  *text,
              GError     **error)
{
  static const struct
  {
    const char *token;
    AssaySampleFilterOp    op;
  } ops[] = {
    /* Two-character operators first, so "<=" is not read as "<". */
    { "!=", ASSAY_SAMPLE_OP_NE }, { "<=", ASSAY_SAMPLE_OP_LE }, { ">=", ASSAY_SAMPLE_OP_GE },
    { "=", ASSAY_SAMPLE_OP_EQ }, { "<", ASSAY_SAMPLE_OP_LT }, { ">", ASSAY_SAMPLE_OP_GT },
  };
  g_autoptr(GError) value_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  const char *at = NULL;
  AssaySampleFilter *filter;
  AssayCaseloadField field;
  JsonNode *node;
  AssaySampleFilterOp op = ASSAY_SAMPLE_OP_EQ;
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

  if (op != ASSAY_SAMPLE_OP_EQ && op != ASSAY_SAMPLE_OP_NE && !is_date (field))
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

  filter = g_new0 (AssaySampleFilter, 1);
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
  AssaySampleFilter *filter = parse_filter (text, error);

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
  AssaySampleFilter *filter = parse_filter (text, error);

  if (filter == NULL)
    return FALSE;

  g_ptr_array_add (spec->include, filter);

  return TRUE;
}
