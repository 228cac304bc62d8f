/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-audit.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_AUDIT_ROW (assay_audit_row_get_type ())

G_DECLARE_FINAL_TYPE (AssayAuditRow, assay_audit_row, ASSAY, AUDIT_ROW, AdwBin)

AssayAudit *assay_audit_row_get_audit (AssayAuditRow *self);
void        assay_audit_row_set_audit (AssayAuditRow *self,
                                       AssayAudit    *audit);

G_END_DECLS
