/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-caseload-item"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-caseload-item.h"

struct _AssayCaseloadItem
{
  GObject  parent_instance;

  char    *values[ASSAY_CASELOAD_N_FIELDS];
  /* Sorting 10,000 rows makes well over 100,000 comparisons: collation keys
   * are made once here rather than at each of them. */
  char    *case_ref_key;
  char    *team_key;
  char    *caseworker_key;
  /* Case reference, team and caseworker, case-folded, for the search */
  char    *search_text;
};

G_DEFINE_FINAL_TYPE (AssayCaseloadItem, assay_caseload_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CASE_REF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *token;
  const char *label;
} Choice;

/* In the order forms and the national returns list them */
static const Choice plan_types[] = {
  { "new", N_("New") },
  { "annual-review", N_("Annual review") },
  { "phase-transfer", N_("Phase transfer") },
  { "amended", N_("Amended") },
  { NULL, NULL },
};

static const Choice phases[] = {
  { "early-years", N_("Early years") },
  { "primary", N_("Primary") },
  { "secondary", N_("Secondary") },
  { "post-16", N_("Post-16") },
  { "post-19", N_("Post-19") },
  { NULL, NULL },
};

static const Choice setting_types[] = {
  { "mainstream", N_("Mainstream") },
  { "special", N_("Special") },
  { "resource-base", N_("Resource base") },
  { "independent", N_("Independent") },
  { "alternative", N_("Alternative") },
  { "further-education", N_("Further education") },
  { "home", N_("Home") },
  { "none", N_("None") },
  { NULL, NULL },
};

/* National Curriculum years and key stages, youngest first */
static const Choice nc_years[] = {
  { "N", N_("Nursery") },
  { "R", N_("Reception") },
  { "1", N_("Year 1") },
  { "2", N_("Year 2") },
  { "3", N_("Year 3") },
  { "4", N_("Year 4") },
  { "5", N_("Year 5") },
  { "6", N_("Year 6") },
  { "7", N_("Year 7") },
  { "8", N_("Year 8") },
  { "9", N_("Year 9") },
  { "10", N_("Year 10") },
  { "11", N_("Year 11") },
  { "12", N_("Year 12") },
  { "13", N_("Year 13") },
  { "14", N_("Year 14") },
  { NULL, NULL },
};

/* Key stages keep their codes on screen, as schools write them */
static const Choice key_stages[] = {
  { "EYFS", N_("EYFS") },
  { "KS1", N_("KS1") },
  { "KS2", N_("KS2") },
  { "KS3", N_("KS3") },
  { "KS4", N_("KS4") },
  { "KS5", N_("KS5") },
  { NULL, NULL },
};

/* Codes stay codes in the table, as they do in council reports; the names
 * are for the filter, where a reader may not know every code. */
static const Choice needs[] = {
  { "ASD", N_("Autistic spectrum disorder") },
  { "SEMH", N_("Social, emotional and mental health") },
  { "SLCN", N_("Speech, language and communication needs") },
  { "MLD", N_("Moderate learning difficulty") },
  { "SLD", N_("Severe learning difficulty") },
  { "PMLD", N_("Profound and multiple learning difficulty") },
  { "SpLD", N_("Specific learning difficulty") },
  { "PD", N_("Physical disability") },
  { "HI", N_("Hearing impairment") },
  { "VI", N_("Visual impairment") },
  { "MSI", N_("Multi-sensory impairment") },
  { "OTH", N_("Other difficulty or disability") },
  { "NSA", N_("SEN support but no specialist assessment of type of need") },
  { NULL, NULL },
};

static const Choice booleans[] = {
  { "yes", N_("Yes") },
  { "no", N_("No") },
  { NULL, NULL },
};

static const Choice *
field_choices (AssayCaseloadField field)
{
  switch (field)
    {
    case ASSAY_CASELOAD_FIELD_PLAN_TYPE:
      return plan_types;
    case ASSAY_CASELOAD_FIELD_PHASE:
      return phases;
    case ASSAY_CASELOAD_FIELD_NC_YEAR:
      return nc_years;
    case ASSAY_CASELOAD_FIELD_KEY_STAGE:
      return key_stages;
    case ASSAY_CASELOAD_FIELD_SETTING_TYPE:
      return setting_types;
    case ASSAY_CASELOAD_FIELD_PRIMARY_NEED:
      return needs;
    case ASSAY_CASELOAD_FIELD_CHILD_IN_CARE:
      return booleans;
    case ASSAY_CASELOAD_FIELD_CASE_REF:
    case ASSAY_CASELOAD_FIELD_REQUESTED:
    case ASSAY_CASELOAD_FIELD_ISSUED:
    case ASSAY_CASELOAD_FIELD_LAST_REVIEW:
    case ASSAY_CASELOAD_FIELD_TEAM:
    case ASSAY_CASELOAD_FIELD_CASEWORKER:
    case ASSAY_CASELOAD_N_FIELDS:
    default:
      return NULL;
    }
}

static void
assay_caseload_item_finalize (GObject *object)
{
  AssayCaseloadItem *self = ASSAY_CASELOAD_ITEM (object);

  for (guint i = 0; i < ASSAY_CASELOAD_N_FIELDS; i++)
    g_clear_pointer (&self->values[i], g_free);
  g_clear_pointer (&self->case_ref_key, g_free);
  g_clear_pointer (&self->team_key, g_free);
  g_clear_pointer (&self->caseworker_key, g_free);
  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (assay_caseload_item_parent_class)->finalize (object);
}

static void
assay_caseload_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AssayCaseloadItem *self = ASSAY_CASELOAD_ITEM (object);

  switch (prop_id)
    {
    case PROP_CASE_REF:
      g_value_set_string (value, assay_caseload_item_get_case_ref (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_caseload_item_class_init (AssayCaseloadItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = assay_caseload_item_finalize;
  object_class->get_property = assay_caseload_item_get_property;

  properties[PROP_CASE_REF] =
    g_param_spec_string ("case-ref", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
assay_caseload_item_init (AssayCaseloadItem *self)
{
}

static char *
collate_key (const char *text)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return NULL;

  folded = g_utf8_casefold (text, -1);

  return g_utf8_collate_key (folded, -1);
}

AssayCaseloadItem *
assay_caseload_item_new (JsonObject *fields)
{
  AssayCaseloadItem *self;
  GString *search;

  g_return_val_if_fail (fields != NULL, NULL);

  self = g_object_new (ASSAY_TYPE_CASELOAD_ITEM, NULL);

  for (guint i = 0; i < ASSAY_CASELOAD_N_FIELDS; i++)
    {
      JsonNode *node = json_object_get_member (fields, assay_caseload_field_get_name (i));

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;

      /* child_in_care is stored as a boolean; the rest as strings */
      if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        self->values[i] = g_strdup (json_node_get_boolean (node) ? "yes" : "no");
      else if (json_node_get_value_type (node) == G_TYPE_STRING)
        self->values[i] = g_strdup (json_node_get_string (node));
    }

  if (self->values[ASSAY_CASELOAD_FIELD_CASE_REF] == NULL)
    self->values[ASSAY_CASELOAD_FIELD_CASE_REF] = g_strdup ("");

  /* The "filename" key orders EHC-9 before EHC-10 */
  self->case_ref_key =
    g_utf8_collate_key_for_filename (self->values[ASSAY_CASELOAD_FIELD_CASE_REF], -1);
  self->team_key = collate_key (self->values[ASSAY_CASELOAD_FIELD_TEAM]);
  self->caseworker_key = collate_key (self->values[ASSAY_CASELOAD_FIELD_CASEWORKER]);

  search = g_string_new (self->values[ASSAY_CASELOAD_FIELD_CASE_REF]);
  /* A separator no search text contains keeps a match from spanning fields */
  g_string_append_c (search, '\n');
  if (self->values[ASSAY_CASELOAD_FIELD_TEAM] != NULL)
    g_string_append (search, self->values[ASSAY_CASELOAD_FIELD_TEAM]);
  g_string_append_c (search, '\n');
  if (self->values[ASSAY_CASELOAD_FIELD_CASEWORKER] != NULL)
    g_string_append (search, self->values[ASSAY_CASELOAD_FIELD_CASEWORKER]);
  self->search_text = g_utf8_casefold (search->str, (gssize) search->len);
  g_string_free (search, TRUE);

  return self;
}

const char *
assay_caseload_item_get_case_ref (AssayCaseloadItem *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_ITEM (self), NULL);

  return self->values[ASSAY_CASELOAD_FIELD_CASE_REF];
}

const char *
assay_caseload_item_get_value (AssayCaseloadItem  *self,
                               AssayCaseloadField  field)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_ITEM (self), NULL);
  g_return_val_if_fail (field < ASSAY_CASELOAD_N_FIELDS, NULL);

  return self->values[field];
}

gboolean
assay_caseload_item_matches (AssayCaseloadItem *self,
                             const char        *folded_text)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_ITEM (self), FALSE);

  if (folded_text == NULL || *folded_text == '\0')
    return TRUE;

  return strstr (self->search_text, folded_text) != NULL;
}

static int
compare_strings (const char *a,
                 const char *b)
{
  /* Plans without a value go last, whichever the values are */
  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);

  return strcmp (a, b);
}

int
assay_caseload_item_compare (AssayCaseloadItem  *a,
                             AssayCaseloadItem  *b,
                             AssayCaseloadField  field)
{
  int result;

  g_return_val_if_fail (ASSAY_IS_CASELOAD_ITEM (a), 0);
  g_return_val_if_fail (ASSAY_IS_CASELOAD_ITEM (b), 0);
  g_return_val_if_fail (field < ASSAY_CASELOAD_N_FIELDS, 0);

  switch (field)
    {
    case ASSAY_CASELOAD_FIELD_CASE_REF:
      return strcmp (a->case_ref_key, b->case_ref_key);

    case ASSAY_CASELOAD_FIELD_TEAM:
      result = compare_strings (a->team_key, b->team_key);
      break;

    case ASSAY_CASELOAD_FIELD_CASEWORKER:
      result = compare_strings (a->caseworker_key, b->caseworker_key);
      break;

    case ASSAY_CASELOAD_FIELD_PLAN_TYPE:
    case ASSAY_CASELOAD_FIELD_PHASE:
    case ASSAY_CASELOAD_FIELD_NC_YEAR:
    case ASSAY_CASELOAD_FIELD_KEY_STAGE:
    case ASSAY_CASELOAD_FIELD_SETTING_TYPE:
    case ASSAY_CASELOAD_FIELD_PRIMARY_NEED:
    case ASSAY_CASELOAD_FIELD_CHILD_IN_CARE:
      {
        /* No value ranks like an unknown one: last */
        int rank_a = assay_caseload_value_get_rank (field, a->values[field]);
        int rank_b = assay_caseload_value_get_rank (field, b->values[field]);

        result = (rank_a > rank_b) - (rank_a < rank_b);
      }
      break;

    /* ISO dates order as text */
    case ASSAY_CASELOAD_FIELD_REQUESTED:
    case ASSAY_CASELOAD_FIELD_ISSUED:
    case ASSAY_CASELOAD_FIELD_LAST_REVIEW:
    case ASSAY_CASELOAD_N_FIELDS:
    default:
      result = compare_strings (a->values[field], b->values[field]);
      break;
    }

  /* Equal values keep a stable, readable order */
  if (result == 0)
    result = strcmp (a->case_ref_key, b->case_ref_key);

  return result;
}

int
assay_caseload_value_get_rank (AssayCaseloadField  field,
                               const char         *value)
{
  const Choice *choices = field_choices (field);

  if (choices == NULL || value == NULL)
    return G_MAXINT;

  for (int i = 0; choices[i].token != NULL; i++)
    if (g_str_equal (choices[i].token, value))
      return i;

  return G_MAXINT;
}

const char *
assay_caseload_field_get_label (AssayCaseloadField field)
{
  static const char * const labels[ASSAY_CASELOAD_N_FIELDS] = {
    [ASSAY_CASELOAD_FIELD_CASE_REF] = N_("Case reference"),
    [ASSAY_CASELOAD_FIELD_PLAN_TYPE] = N_("Plan type"),
    [ASSAY_CASELOAD_FIELD_REQUESTED] = N_("Date requested"),
    [ASSAY_CASELOAD_FIELD_ISSUED] = N_("Date issued"),
    [ASSAY_CASELOAD_FIELD_LAST_REVIEW] = N_("Last review"),
    [ASSAY_CASELOAD_FIELD_TEAM] = N_("Team"),
    [ASSAY_CASELOAD_FIELD_CASEWORKER] = N_("Caseworker"),
    [ASSAY_CASELOAD_FIELD_PHASE] = N_("Phase"),
    [ASSAY_CASELOAD_FIELD_NC_YEAR] = N_("National Curriculum year"),
    [ASSAY_CASELOAD_FIELD_KEY_STAGE] = N_("Key stage"),
    [ASSAY_CASELOAD_FIELD_SETTING_TYPE] = N_("Setting type"),
    [ASSAY_CASELOAD_FIELD_PRIMARY_NEED] = N_("Primary need"),
    [ASSAY_CASELOAD_FIELD_CHILD_IN_CARE] = N_("Child in care"),
  };

  g_return_val_if_fail (field < ASSAY_CASELOAD_N_FIELDS, NULL);

  return _(labels[field]);
}

const char *
assay_caseload_need_get_name (const char *code)
{
  if (code == NULL)
    return NULL;

  for (const Choice *c = needs; c->token != NULL; c++)
    if (g_str_equal (c->token, code))
      return _(c->label);

  return NULL;
}

static char *
date_to_label (const char *iso)
{
  g_autoptr(GDateTime) date = NULL;
  int year, month, day;

  if (sscanf (iso, "%4d-%2d-%2d", &year, &month, &day) != 3)
    return g_strdup (iso);

  date = g_date_time_new_utc (year, month, day, 0, 0, 0);
  if (date == NULL)
    return g_strdup (iso);

  /* Translators: a date in the caseload table, e.g. "14 Mar 2025"; see
   * g_date_time_format() for the codes */
  return g_date_time_format (date, _("%-d %b %Y"));
}

char *
assay_caseload_value_to_label (AssayCaseloadField  field,
                               const char         *value)
{
  const Choice *choices;

  g_return_val_if_fail (field < ASSAY_CASELOAD_N_FIELDS, NULL);

  if (value == NULL)
    return g_strdup ("");

  if (assay_caseload_field_is_date (field))
    return date_to_label (value);

  /* A need reads as its code */
  choices = field_choices (field);
  if (choices == NULL || choices == needs)
    return g_strdup (value);

  for (const Choice *c = choices; c->token != NULL; c++)
    if (g_str_equal (c->token, value))
      return g_strdup (_(c->label));

  return g_strdup (value);
}
