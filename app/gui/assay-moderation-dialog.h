/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-moderation-item.h"
#include "assay-session.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_MODERATION_DIALOG (assay_moderation_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AssayModerationDialog, assay_moderation_dialog,
                      ASSAY, MODERATION_DIALOG, AdwWindow)

/*
 * One plan side by side: each moderator's section and overall grades, the
 * criteria they graded differently with their evidence, and the forum's
 * agreed grade, which the chair records here with a reason.
 *
 * "open-audit" (id) asks for one of the audits to be opened in the editor;
 * "recorded" (message) follows a grade being agreed, after the session's
 * "changed::agreements".
 */
AssayModerationDialog *assay_moderation_dialog_new (GtkWindow           *parent,
                                                    AssaySession        *session,
                                                    AssayModerationItem *item);

G_END_DECLS
