/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-grade-label"

#include "config.h"

#include <gio/gio.h>

#include "assay-grade-label.h"

static GSettings *
get_settings (void)
{
  static GSettings *settings;

  /* One for the life of the process, as GSettings objects are meant to be
   * used; it follows changes made in Preferences. */
  if (g_once_init_enter (&settings))
    g_once_init_leave (&settings, g_settings_new (APPLICATION_ID));

  return settings;
}

const char *
assay_grade_label (AssayFramework *framework,
                   AssayGrade      grade)
{
  if (ASSAY_GRADE_IS_SCORED (grade))
    {
      g_autofree char *key = g_strconcat ("label-", assay_grade_to_token (grade), NULL);
      g_autofree char *label = g_settings_get_string (get_settings (), key);

      g_strstrip (label);
      /* Interned: labels change rarely, and callers keep the pointer. */
      if (*label != '\0')
        return g_intern_string (label);
    }

  if (framework != NULL)
    return assay_framework_get_label (framework, grade);

  return assay_grade_get_default_label (grade);
}
