/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "assay-audit.h"

G_BEGIN_DECLS

/*
 * The blind rule: two moderators grading the same plan, one of them blind,
 * must not see each other's grades until both have finished. Another
 * moderator's audit is hidden from this installation while this
 * installation has an unfinished audit of the same plan under the same
 * framework and either audit is blind. Hidden means nothing of what it
 * grades shows anywhere: criterion grades, evidence, section grades, the
 * derived and the final grade; only that it exists, whose it is and its
 * status.
 *
 * Built once from the audits a list or a report shows (they must include
 * this installation's own audits of the same plans), then asked of each.
 */
typedef struct _AssayBlindRule AssayBlindRule;

AssayBlindRule *assay_blind_rule_new   (GPtrArray       *audits);
void            assay_blind_rule_free  (AssayBlindRule  *rule);
/* Whether @audit's grades must not be shown here. */
gboolean        assay_blind_rule_hides (AssayBlindRule  *rule,
                                        AssayAudit      *audit);
/* Reads every audit in @store: for showing one audit on its own. */
gboolean        assay_blind_rule_hides_in_store (AssayStore      *store,
                                                 AssayFrameworks *frameworks,
                                                 AssayAudit      *audit,
                                                 GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayBlindRule, assay_blind_rule_free)

G_END_DECLS
