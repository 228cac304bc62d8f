/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-comparison.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_MODERATION_ITEM (assay_moderation_item_get_type ())

G_DECLARE_FINAL_TYPE (AssayModerationItem, assay_moderation_item,
                      ASSAY, MODERATION_ITEM, GObject)

/*
 * One plan in the forum's view: a case and framework with the finished
 * audits of it that may be shown, and the grade agreed for it, if any. A
 * copy of one entry of an AssayComparison, so list rows outlive it.
 */
AssayModerationItem *assay_moderation_item_new            (AssayComparison     *comparison,
                                                           guint                index);
const char          *assay_moderation_item_get_case_ref   (AssayModerationItem *self);
const char          *assay_moderation_item_get_framework_id (AssayModerationItem *self);
/* The framework of the first audit, for titles and labels; may be NULL. */
AssayFramework      *assay_moderation_item_get_framework  (AssayModerationItem *self);
AssayCaseState       assay_moderation_item_get_state      (AssayModerationItem *self);
/* Of AssayAudit, oldest first. */
GPtrArray           *assay_moderation_item_get_audits     (AssayModerationItem *self);
AssayGrade           assay_moderation_item_get_agreed     (AssayModerationItem *self,
                                                           const char         **reason,
                                                           const char         **chair);
/* Grades other chairs recorded for the plan, older than the one that counts. */
guint                assay_moderation_item_get_n_other_agreements (AssayModerationItem  *self);
AssayGrade           assay_moderation_item_get_other_agreement    (AssayModerationItem  *self,
                                                                   guint                 n,
                                                                   const char          **reason,
                                                                   const char          **chair);
/* "EHC-0042\tehcp-new", as moderation.open-plan takes it. */
char                *assay_moderation_item_dup_key        (AssayModerationItem *self);

/* "Ann Patel · Health": who made @audit, as the forum's lists show them. */
char                *assay_moderation_item_describe_moderator (AssayAudit      *audit);

G_END_DECLS
