/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-agency"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "assay-agency.h"

/* The ids are the English names, as a moderator would type them for
 * assay-cli init --agency, so both front ends store the same text. */
static const AssayAgency agencies[] = {
  { "Education", N_("Education") },
  { "Educational psychology", N_("Educational psychology") },
  { "Health", N_("Health") },
  { "Social care", N_("Social care") },
  { "SEND casework", N_("SEND casework") },
  { "Other", N_("Other") },
};

const AssayAgency *
assay_agency_get_all (guint *n_agencies)
{
  g_return_val_if_fail (n_agencies != NULL, NULL);

  *n_agencies = G_N_ELEMENTS (agencies);

  return agencies;
}

int
assay_agency_find (const char *id)
{
  if (id == NULL)
    return -1;

  for (guint i = 0; i < G_N_ELEMENTS (agencies); i++)
    {
      if (g_strcmp0 (agencies[i].id, id) == 0)
        return (int) i;
    }

  return -1;
}

/* Returns the translated label, or @id itself for an agency written by
 * another tool (the command line accepts any text). */
const char *
assay_agency_get_label (const char *id)
{
  int pos = assay_agency_find (id);

  if (pos < 0)
    return id;

  return _(agencies[pos].label);
}

/* "Education, Health, …": the ids, for messages that list what is allowed. */
char *
assay_agency_join_ids (const char *separator)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (agencies); i++)
    {
      if (i > 0)
        g_string_append (joined, separator);
      g_string_append (joined, agencies[i].id);
    }

  return g_string_free (g_steal_pointer (&joined), FALSE);
}
