/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-vault.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_UNLOCK_PAGE (assay_unlock_page_get_type ())

G_DECLARE_FINAL_TYPE (AssayUnlockPage, assay_unlock_page, ASSAY, UNLOCK_PAGE, AdwBin)

AssayVault *assay_unlock_page_get_vault      (AssayUnlockPage *self);
void        assay_unlock_page_set_vault      (AssayUnlockPage *self,
                                              AssayVault      *vault);
GMenuModel *assay_unlock_page_get_menu_model (AssayUnlockPage *self);
void        assay_unlock_page_set_menu_model (AssayUnlockPage *self,
                                              GMenuModel      *menu_model);
void        assay_unlock_page_reset          (AssayUnlockPage *self);

G_END_DECLS
