/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The agencies a moderator can work for. The id is what the vault stores and
 * what reports group by, so it never changes with the interface language;
 * the label is its translation, which is what people see.
 */
typedef struct
{
  const char *id;
  const char *label;
} AssayAgency;

const AssayAgency *assay_agency_get_all   (guint      *n_agencies);
const char        *assay_agency_get_label (const char *id);
int                assay_agency_find      (const char *id);
char              *assay_agency_join_ids  (const char *separator);

G_END_DECLS
