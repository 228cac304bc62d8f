/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit-status"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "assay-audit-status.h"

const char *
assay_audit_status_get_label (AssayAuditStatus status)
{
  switch (status)
    {
    case ASSAY_AUDIT_STATUS_DRAFT:
      return C_("audit status", "Draft");
    case ASSAY_AUDIT_STATUS_FINISHED:
      return C_("audit status", "Finished");
    case ASSAY_AUDIT_STATUS_MODERATED:
      return C_("audit status", "Moderated");
    case ASSAY_AUDIT_STATUS_AGREED:
      return C_("audit status", "Agreed");
    default:
      return "";
    }
}
