/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-moderation-item"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "assay-agency.h"
#include "assay-moderation-item.h"

struct _AssayModerationItem
{
  GObject         parent_instance;

  char           *case_ref;
  char           *framework_id;
  AssayCaseState  state;
  GPtrArray      *audits;
  AssayGrade      agreed;
  char           *reason;
  char           *chair;
  /* What other chairs recorded for the plan before it reached them: one
   * line each, "Ann Patel recorded Bronze: “reason”", grade as a token. */
  GArray         *other_grades;
  GPtrArray      *other_chairs;
  GPtrArray      *other_reasons;
};

G_DEFINE_FINAL_TYPE (AssayModerationItem, assay_moderation_item, G_TYPE_OBJECT)

static void
assay_moderation_item_finalize (GObject *object)
{
  AssayModerationItem *self = ASSAY_MODERATION_ITEM (object);

  g_clear_pointer (&self->case_ref, g_free);
  g_clear_pointer (&self->framework_id, g_free);
  g_clear_pointer (&self->audits, g_ptr_array_unref);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->chair, g_free);
  g_clear_pointer (&self->other_grades, g_array_unref);
  g_clear_pointer (&self->other_chairs, g_ptr_array_unref);
  g_clear_pointer (&self->other_reasons, g_ptr_array_unref);

  G_OBJECT_CLASS (assay_moderation_item_parent_class)->finalize (object);
}

static void
assay_moderation_item_class_init (AssayModerationItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = assay_moderation_item_finalize;
}

static void
assay_moderation_item_init (AssayModerationItem *self)
{
  self->audits = g_ptr_array_new_with_free_func (g_object_unref);
  self->other_grades = g_array_new (FALSE, FALSE, sizeof (AssayGrade));
  self->other_chairs = g_ptr_array_new_with_free_func (g_free);
  self->other_reasons = g_ptr_array_new_with_free_func (g_free);
}

AssayModerationItem *
assay_moderation_item_new (AssayComparison *comparison,
                           guint            index)
{
  AssayModerationItem *self;
  GPtrArray *audits;
  const char *reason = NULL;
  const char *chair = NULL;

  g_return_val_if_fail (ASSAY_IS_COMPARISON (comparison), NULL);
  g_return_val_if_fail (index < assay_comparison_get_n_cases (comparison), NULL);

  self = g_object_new (ASSAY_TYPE_MODERATION_ITEM, NULL);
  self->case_ref = g_strdup (assay_comparison_get_case_ref (comparison, index));
  self->framework_id = g_strdup (assay_comparison_get_case_framework (comparison, index));
  self->state = assay_comparison_get_case_state (comparison, index);
  self->agreed = assay_comparison_get_case_agreed (comparison, index, &reason, &chair);
  self->reason = g_strdup (reason);
  self->chair = g_strdup (chair);

  for (guint n = 0; n < assay_comparison_get_case_n_other_agreements (comparison, index); n++)
    {
      AssayGrade grade = assay_comparison_get_case_other_agreement (comparison, index, n,
                                                                    &reason, &chair);

      g_array_append_val (self->other_grades, grade);
      g_ptr_array_add (self->other_chairs, g_strdup (chair));
      g_ptr_array_add (self->other_reasons, g_strdup (reason));
    }

  audits = assay_comparison_get_case_audits (comparison, index);
  for (guint i = 0; audits != NULL && i < audits->len; i++)
    g_ptr_array_add (self->audits, g_object_ref (g_ptr_array_index (audits, i)));
  /* Listed, so the page can say a colleague's audit waits, hidden. */
  audits = assay_comparison_get_case_hidden_audits (comparison, index);
  for (guint i = 0; audits != NULL && i < audits->len; i++)
    g_ptr_array_add (self->audits, g_object_ref (g_ptr_array_index (audits, i)));

  return self;
}

const char *
assay_moderation_item_get_case_ref (AssayModerationItem *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_ITEM (self), NULL);

  return self->case_ref;
}

const char *
assay_moderation_item_get_framework_id (AssayModerationItem *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_ITEM (self), NULL);

  return self->framework_id;
}

AssayFramework *
assay_moderation_item_get_framework (AssayModerationItem *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_ITEM (self), NULL);

  if (self->audits->len == 0)
    return NULL;

  return assay_audit_get_framework (g_ptr_array_index (self->audits, 0));
}

AssayCaseState
assay_moderation_item_get_state (AssayModerationItem *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_ITEM (self), ASSAY_CASE_AWAITING);

  return self->state;
}

GPtrArray *
assay_moderation_item_get_audits (AssayModerationItem *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_ITEM (self), NULL);

  return self->audits;
}

AssayGrade
assay_moderation_item_get_agreed (AssayModerationItem  *self,
                                  const char          **reason,
                                  const char          **chair)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_ITEM (self), ASSAY_GRADE_NONE);

  if (reason != NULL)
    *reason = self->reason;
  if (chair != NULL)
    *chair = self->chair;

  return self->agreed;
}

char *
assay_moderation_item_dup_key (AssayModerationItem *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_ITEM (self), NULL);

  return g_strconcat (self->case_ref, "\t", self->framework_id, NULL);
}

guint
assay_moderation_item_get_n_other_agreements (AssayModerationItem *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_ITEM (self), 0);

  return self->other_grades->len;
}

AssayGrade
assay_moderation_item_get_other_agreement (AssayModerationItem  *self,
                                           guint                 n,
                                           const char          **reason,
                                           const char          **chair)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_ITEM (self), ASSAY_GRADE_NONE);
  g_return_val_if_fail (n < self->other_grades->len, ASSAY_GRADE_NONE);

  if (reason != NULL)
    *reason = g_ptr_array_index (self->other_reasons, n);
  if (chair != NULL)
    *chair = g_ptr_array_index (self->other_chairs, n);

  return g_array_index (self->other_grades, AssayGrade, n);
}

char *
assay_moderation_item_describe_moderator (AssayAudit *audit)
{
  const char *name;
  const char *agency;

  g_return_val_if_fail (ASSAY_IS_AUDIT (audit), NULL);

  name = assay_audit_get_moderator (audit);
  agency = assay_audit_get_agency (audit);
  if (name == NULL || *name == '\0')
    name = _("Unnamed moderator");

  if (agency == NULL || *agency == '\0')
    return g_strdup (name);

  /* Translators: a moderator's name · their agency */
  return g_strdup_printf (_("%s · %s"), name, assay_agency_get_label (agency));
}
