/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Audits that cannot be read here because the framework version they were
 * made with is not installed: a partnership's own framework, say, in audits
 * imported from a colleague's bundle. They stay in the store untouched and
 * are read once the framework file is in the partnership frameworks folder.
 */
typedef struct
{
  char  *framework;   /* the framework's id */
  char  *version;
  guint  n_audits;
} AssayMissingFramework;

void              assay_missing_framework_free (AssayMissingFramework *missing);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayMissingFramework, assay_missing_framework_free)

/* Adds @n_audits to the entry for @framework @version in @missing (an array
 * of AssayMissingFramework), keeping it sorted by id and version. */
void              assay_missing_frameworks_add (GPtrArray        *missing,
                                                const char       *framework,
                                                const char       *version,
                                                guint             n_audits);
/* One sentence for people: how many audits cannot be read, the frameworks
 * they need and where to install them. */
char             *assay_missing_frameworks_describe (const GPtrArray *missing);

G_END_DECLS
