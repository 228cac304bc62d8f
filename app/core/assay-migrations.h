/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-database.h"

G_BEGIN_DECLS

/* "ASSY" in PRAGMA application_id marks a file as an Assay database. */
#define ASSAY_APPLICATION_ID 0x41535359

int      assay_migrations_get_latest (void);
gboolean assay_migrations_run        (AssayDatabase  *database,
                                      GError        **error);
/* Compares @database's schema with what the migrations create, made again
 * in memory; @problems lists every object added, changed or missing (empty
 * when the schema is Assay's own). */
gboolean assay_migrations_schema_matches (AssayDatabase  *database,
                                          GPtrArray     **problems,
                                          GError        **error);

G_END_DECLS
