/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-vault.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_MAIN_VIEW (assay_main_view_get_type ())

G_DECLARE_FINAL_TYPE (AssayMainView, assay_main_view, ASSAY, MAIN_VIEW, AdwBin)

AssayVault *assay_main_view_get_vault      (AssayMainView *self);
void        assay_main_view_set_vault      (AssayMainView *self,
                                            AssayVault    *vault);
GMenuModel *assay_main_view_get_menu_model (AssayMainView *self);
void        assay_main_view_set_menu_model (AssayMainView *self,
                                            GMenuModel    *menu_model);
const char *assay_main_view_get_page       (AssayMainView *self);
void        assay_main_view_set_page       (AssayMainView *self,
                                            const char    *page);

G_END_DECLS
