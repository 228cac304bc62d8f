/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "assay-caseload.h"

G_BEGIN_DECLS

/* Makes @column of a column view over AssayCaseloadItems show @field, in
 * words (a code's meaning in its tooltip and accessible description), and
 * sort by it. */
void assay_caseload_column_setup (GtkColumnViewColumn *column,
                                  AssayCaseloadField   field);

G_END_DECLS
