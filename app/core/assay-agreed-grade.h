/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-audit.h"

G_BEGIN_DECLS

/*
 * The forum's agreed grade for one plan (case and framework), recorded by the
 * chair with a reason: one record in the "agreements" collection. The
 * moderators' own audits are never changed by it. (The statistics of how
 * well moderators agree are in assay-agreement.h.)
 */
/* The collection that holds the agreements. */
#define ASSAY_AGREEMENTS_COLLECTION "agreements"

/* Recording again for the same plan writes the next revision of the same
 * record, so the forum's earlier decisions stay in its history. @grade must
 * be gold, silver, bronze or not-yet-bronze (INVALID otherwise). The
 * agreement lists the finished audits it settles. */
gboolean  assay_agreement_record (AssayStore       *store,
                                  AssayFrameworks  *frameworks,
                                  const char       *case_ref,
                                  const char       *framework_id,
                                  AssayGrade        grade,
                                  const char       *reason,
                                  GError          **error);
/* The agreed grade of a plan, or NONE (and no error) when none is recorded.
 * @reason and @chair may be NULL; the caller frees what they get. */
AssayGrade assay_agreement_lookup (AssayStore      *store,
                                   const char      *case_ref,
                                   const char      *framework_id,
                                   char           **reason,
                                   char           **chair,
                                   GError         **error);

G_END_DECLS
