/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-grade-label"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "assay-grade-label.h"
#include "assay-grade-naming.h"

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
  g_autofree char *custom = NULL;

  /* Only a scored grade has a word of the partnership's own. */
  if (ASSAY_GRADE_IS_SCORED (grade))
    {
      g_autofree char *key = g_strconcat ("label-", assay_grade_to_token (grade), NULL);

      custom = g_settings_get_string (get_settings (), key);
    }

  return assay_grade_naming_choose (framework, grade, custom);
}

const char *
assay_grade_label_for_checklist (AssayFramework *framework,
                                 AssayGrade      grade)
{
  if (grade == ASSAY_GRADE_NA)
    return _("N/A");
  if (grade == ASSAY_GRADE_NONE)
    return _("Not graded");

  return assay_grade_label (framework, grade);
}
