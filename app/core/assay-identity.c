/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-identity"

#include "config.h"

#include "assay-identity.h"

char *
assay_identity_format (const char *identity)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (identity == NULL)
    return g_strdup ("");

  for (gsize i = 0; identity[i] != '\0'; i++)
    {
      if (i > 0 && i % 8 == 0)
        g_string_append_c (text, ' ');
      g_string_append_c (text, identity[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
