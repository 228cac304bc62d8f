/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Synthetic data for benchmarks and for trying the app on a realistic
 * amount of work. Nothing here describes a real child or a real officer,
 * and the same seed always gives the same data, so that runs compare.
 */

/*
 * A council caseload export of @n_plans plans as CSV text, written the way
 * case management systems write them ("Case Reference", "Annual Review",
 * "Mainstream School", "Y"), so an import of it goes through the same
 * normalising as a real one. The mix follows the national SEN2 returns:
 * mostly annual reviews, autism the most common primary need, about 5% of
 * children in care; officers belong to locality teams, some with names
 * outside ASCII. Case references are unique. Free with g_free().
 */
char *assay_synth_caseload_csv (guint    n_plans,
                                guint32  seed,
                                gsize   *len);

G_END_DECLS
