/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-vault.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_SETUP_PAGE (assay_setup_page_get_type ())

G_DECLARE_FINAL_TYPE (AssaySetupPage, assay_setup_page, ASSAY, SETUP_PAGE, AdwBin)

AssayVault *assay_setup_page_get_vault      (AssaySetupPage *self);
void        assay_setup_page_set_vault      (AssaySetupPage *self,
                                             AssayVault     *vault);
GMenuModel *assay_setup_page_get_menu_model (AssaySetupPage *self);
void        assay_setup_page_set_menu_model (AssaySetupPage *self,
                                             GMenuModel     *menu_model);
void        assay_setup_page_reset          (AssaySetupPage *self);

G_END_DECLS
