/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-audit.h"

G_BEGIN_DECLS

/* The word for @status wherever an audit's status is shown: "Draft",
 * "Finished", "Moderated", "Agreed". */
const char *assay_audit_status_get_label (AssayAuditStatus status);

G_END_DECLS
