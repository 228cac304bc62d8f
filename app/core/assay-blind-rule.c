/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit"

#include "config.h"

#include "assay-blind-rule.h"

struct _AssayBlindRule
{
  /* "case\nframework" of each of our own unfinished audits → whether one
   * of them is blind. */
  GHashTable *drafting;
};

static char *
plan_key (AssayAudit *audit)
{
  AssayFramework *framework = assay_audit_get_framework (audit);

  return g_strconcat (assay_audit_get_case (audit), "\n",
                      framework != NULL ? assay_framework_get_id (framework) : "", NULL);
}

AssayBlindRule *
assay_blind_rule_new (GPtrArray *audits)
{
  AssayBlindRule *rule = g_new0 (AssayBlindRule, 1);

  rule->drafting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; audits != NULL && i < audits->len; i++)
    {
      AssayAudit *audit = audits->pdata[i];
      char *key;

      if (!assay_audit_is_own (audit) || assay_audit_get_case (audit) == NULL ||
          assay_audit_get_status (audit) != ASSAY_AUDIT_STATUS_DRAFT)
        continue;

      key = plan_key (audit);
      if (assay_audit_get_blind (audit) || !g_hash_table_contains (rule->drafting, key))
        g_hash_table_replace (rule->drafting, key,
                              GINT_TO_POINTER (assay_audit_get_blind (audit)));
      else
        g_free (key);
    }

  return rule;
}

void
assay_blind_rule_free (AssayBlindRule *rule)
{
  if (rule == NULL)
    return;

  g_hash_table_unref (rule->drafting);
  g_free (rule);
}

gboolean
assay_blind_rule_hides (AssayBlindRule *rule,
                        AssayAudit     *audit)
{
  g_autofree char *key = NULL;
  gpointer own_blind;

  g_return_val_if_fail (rule != NULL, TRUE);

  if (assay_audit_is_own (audit) || assay_audit_get_case (audit) == NULL)
    return FALSE;

  key = plan_key (audit);
  if (!g_hash_table_lookup_extended (rule->drafting, key, NULL, &own_blind))
    return FALSE;

  return GPOINTER_TO_INT (own_blind) || assay_audit_get_blind (audit);
}

gboolean
assay_blind_rule_hides_in_store (AssayStore       *store,
                                 AssayFrameworks  *frameworks,
                                 AssayAudit       *audit,
                                 GError          **error)
{
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(AssayBlindRule) rule = NULL;

  if (assay_audit_is_own (audit))
    return FALSE;

  audits = assay_audit_list (store, frameworks, error);
  if (audits == NULL)
    return TRUE;

  rule = assay_blind_rule_new (audits);

  return assay_blind_rule_hides (rule, audit);
}
