/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-session.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_MODERATION_PAGE (assay_moderation_page_get_type ())

G_DECLARE_FINAL_TYPE (AssayModerationPage, assay_moderation_page,
                      ASSAY, MODERATION_PAGE, AdwBin)

AssaySession *assay_moderation_page_get_session (AssayModerationPage *self);
void          assay_moderation_page_set_session (AssayModerationPage *self,
                                                 AssaySession        *session);

G_END_DECLS
