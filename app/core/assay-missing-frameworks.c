/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-missing-frameworks.h"
#include "assay-framework.h"

/* Audits that this installation cannot read for want of a framework
 * version, and the sentence that tells people what to install. */

void
assay_missing_framework_free (AssayMissingFramework *missing)
{
  if (missing == NULL)
    return;

  g_free (missing->framework);
  g_free (missing->version);
  g_free (missing);
}

void
assay_missing_frameworks_add (GPtrArray  *missing,
                              const char *framework,
                              const char *version,
                              guint       n_audits)
{
  AssayMissingFramework *entry;
  guint i;

  g_return_if_fail (missing != NULL);

  if (framework == NULL)
    framework = "";
  if (version == NULL)
    version = "";

  for (i = 0; i < missing->len; i++)
    {
      AssayMissingFramework *other = missing->pdata[i];
      int cmp = strcmp (other->framework, framework);

      if (cmp == 0)
        cmp = assay_version_compare (other->version, version);
      if (cmp == 0 && g_str_equal (other->version, version))
        {
          other->n_audits += n_audits;
          return;
        }
      if (cmp > 0)
        break;
    }

  entry = g_new0 (AssayMissingFramework, 1);
  entry->framework = g_strdup (framework);
  entry->version = g_strdup (version);
  entry->n_audits = n_audits;
  g_ptr_array_insert (missing, (int) i, entry);
}

char *
assay_missing_frameworks_describe (const GPtrArray *missing)
{
  g_autofree char *dir = assay_frameworks_get_partnership_dir ();
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = 0;

  g_return_val_if_fail (missing != NULL, NULL);

  for (guint i = 0; i < missing->len; i++)
    n += ((AssayMissingFramework *) missing->pdata[i])->n_audits;

  if (missing->len == 1)
    {
      const AssayMissingFramework *only = missing->pdata[0];

      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u audit cannot be read here: it was made with "
                                           "the framework “%s” version %s, which is not "
                                           "installed.",
                                           "%u audits cannot be read here: they were made "
                                           "with the framework “%s” version %s, which is not "
                                           "installed.",
                                           n),
                              n, only->framework, only->version);
    }
  else
    {
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u audit cannot be read here: it was made with a "
                                           "framework that is not installed:",
                                           "%u audits cannot be read here: they were made "
                                           "with frameworks that are not installed:",
                                           n),
                              n);
      for (guint i = 0; i < missing->len; i++)
        {
          const AssayMissingFramework *entry = missing->pdata[i];

          g_string_append_c (text, i == 0 ? ' ' : ',');
          if (i > 0)
            g_string_append_c (text, ' ');
          /* Translators: a framework's id, its version and how many audits use it */
          g_string_append_printf (text, _("“%s” version %s (%u)"),
                                  entry->framework, entry->version, entry->n_audits);
        }
      g_string_append_c (text, '.');
    }

  g_string_append_c (text, ' ');
  /* Translators: the folder where a partnership's own framework files go */
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "It is kept: put the framework’s file from your "
                                       "partnership in %s to read it.",
                                       "They are kept: put the framework files from your "
                                       "partnership in %s to read them.",
                                       n),
                          dir);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
