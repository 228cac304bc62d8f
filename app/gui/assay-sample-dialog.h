/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-session.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_SAMPLE_DIALOG (assay_sample_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AssaySampleDialog, assay_sample_dialog, ASSAY, SAMPLE_DIALOG, AdwWindow)

/* @caseload: (nullable): the session's plans as assay_caseload_list()
 * returns them, when the caller has them already; read from the store
 * otherwise. */
AssaySampleDialog *assay_sample_dialog_new         (AssaySession      *session,
                                                    GPtrArray         *caseload);
AssaySession      *assay_sample_dialog_get_session (AssaySampleDialog *self);

G_END_DECLS
