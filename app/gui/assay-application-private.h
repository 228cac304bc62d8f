/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-application.h"

G_BEGIN_DECLS

/* Used by tests to open a temporary database instead of the user's. Must be
 * called before the application is registered. */
void _assay_application_set_database_path (AssayApplication *self,
                                           const char       *path);

G_END_DECLS
