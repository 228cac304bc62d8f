/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-bundle.h"
#include "assay-contacts.h"
#include "assay-frameworks.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_CONFLICT_CARD (assay_conflict_card_get_type ())

G_DECLARE_FINAL_TYPE (AssayConflictCard, assay_conflict_card, ASSAY, CONFLICT_CARD, AdwBin)

/*
 * One conflicting change, for the user to choose between: what the record
 * is, who made each version, and for an audit or an agreed grade both
 * versions side by side, criterion by criterion. Its buttons emit "keep"
 * with the AssayConflictKeep chosen; "Keep Both" is offered for agreed
 * grades only. When @hidden (the blind rule hides the audit), no grade or
 * evidence of either version is shown.
 */
GtkWidget  *assay_conflict_card_new     (const AssayConflict *conflict,
                                         AssayContactNames   *names,
                                         const char          *own_identity,
                                         AssayFrameworks     *frameworks,
                                         gboolean             hidden);
const char *assay_conflict_card_get_ref (AssayConflictCard   *self);

G_END_DECLS
