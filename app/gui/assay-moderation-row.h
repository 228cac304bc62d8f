/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-grade.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_MODERATION_ROW (assay_moderation_row_get_type ())

G_DECLARE_FINAL_TYPE (AssayModerationRow, assay_moderation_row, ASSAY, MODERATION_ROW, AdwBin)

GtkWidget  *assay_moderation_row_new            (GtkSizeGroup       *moderators_group,
                                                 GtkSizeGroup       *state_group);
/* What the row shows, all of it: a recycled row is shown again from the
 * start. Moderators are added after, one line each. */
void        assay_moderation_row_set_plan       (AssayModerationRow *self,
                                                 const char         *case_ref,
                                                 const char         *framework_title,
                                                 const char         *state,
                                                 const char         *state_css_class);
/* @grade_text in the colours of @grade, or, @hidden, the words saying why
 * there is none */
void        assay_moderation_row_add_moderator  (AssayModerationRow *self,
                                                 const char         *who,
                                                 AssayGrade          grade,
                                                 const char         *grade_text,
                                                 gboolean            hidden);
const char *assay_moderation_row_get_case_ref   (AssayModerationRow *self);
const char *assay_moderation_row_get_state      (AssayModerationRow *self);

G_END_DECLS
