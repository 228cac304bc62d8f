/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit-lines"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "assay-audit-lines-text.h"

AssayGrade
assay_audit_lines_get_cap (AssayAudit *audit)
{
  AssayGrade cap = ASSAY_GRADE_GOLD;
  guint n;

  g_return_val_if_fail (audit == NULL || ASSAY_IS_AUDIT (audit), ASSAY_GRADE_GOLD);

  n = audit != NULL ? assay_audit_get_n_lines (audit) : 0;
  for (guint i = 0; i < n; i++)
    {
      AssayAuditLine line;

      assay_audit_get_line (audit, i, &line);
      cap = MIN (cap, assay_delivered_get_cap (line.delivered));
    }

  return cap;
}

int
assay_audit_lines_find (AssayAudit     *audit,
                        const char     *id,
                        AssayAuditLine *line)
{
  guint n = audit != NULL ? assay_audit_get_n_lines (audit) : 0;

  for (guint i = 0; i < n; i++)
    if (assay_audit_get_line (audit, i, line) && g_strcmp0 (line->id, id) == 0)
      return (int) i;

  return -1;
}

char *
assay_audit_lines_describe_progress (AssayAudit *audit)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint n = audit != NULL ? assay_audit_get_n_lines (audit) : 0;
  guint recorded = 0, partly = 0, not_delivered = 0;

  for (guint i = 0; i < n; i++)
    {
      AssayAuditLine line;

      assay_audit_get_line (audit, i, &line);
      if (line.delivered != ASSAY_DELIVERED_UNSET)
        recorded++;
      if (line.delivered == ASSAY_DELIVERED_PARTLY)
        partly++;
      if (line.delivered == ASSAY_DELIVERED_NO)
        not_delivered++;
    }

  if (n == 0)
    g_ptr_array_add (parts, g_strdup (_("No lines yet")));
  else
    /* Translators: how many provision lines have their delivery recorded, of how many */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u of %u line recorded",
                                                          "%u of %u lines recorded", n),
                                             recorded, n));
  if (not_delivered > 0)
    /* Translators: how many provision lines are not delivered */
    g_ptr_array_add (parts, g_strdup_printf (_("%u not delivered"), not_delivered));
  if (partly > 0)
    /* Translators: how many provision lines are partly delivered */
    g_ptr_array_add (parts, g_strdup_printf (_("%u partly delivered"), partly));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

char *
assay_audit_lines_describe_open (AssayAudit *audit)
{
  guint n, open = 0;

  if (audit == NULL ||
      !assay_framework_has_provision_lines (assay_audit_get_framework (audit)))
    return NULL;

  n = assay_audit_get_n_lines (audit);
  if (n == 0)
    return g_strdup (_("No provision line is recorded yet."));

  for (guint i = 0; i < n; i++)
    {
      AssayAuditLine line;

      if (assay_audit_get_line (audit, i, &line) &&
          line.delivered == ASSAY_DELIVERED_UNSET)
        open++;
    }
  if (open == 0)
    return NULL;

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u provision line still needs its delivery recorded.",
                                       "%u provision lines still need their delivery recorded.",
                                       open),
                          open);
}

char *
assay_audit_lines_describe_limit (AssayAudit *audit,
                                  const char *id,
                                  AssayGrade *cap)
{
  AssayAuditLine line;
  int index;

  g_return_val_if_fail (cap != NULL, NULL);

  index = assay_audit_lines_find (audit, id, &line);
  if (index < 0)
    return NULL;

  switch (line.delivered)
    {
    case ASSAY_DELIVERED_NO:
      *cap = assay_delivered_get_cap (line.delivered);
      /* Translators: a provision line's number, then the line as the plan states it */
      return g_strdup_printf (_("Provision line %u not delivered: %s"), index + 1, line.text);

    case ASSAY_DELIVERED_PARTLY:
      *cap = assay_delivered_get_cap (line.delivered);
      /* Translators: a provision line's number, then the line as the plan states it */
      return g_strdup_printf (_("Provision line %u partly delivered: %s"), index + 1,
                              line.text);

    case ASSAY_DELIVERED_YES:
    case ASSAY_DELIVERED_UNSET:
    default:
      return NULL;
    }
}
