/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-vault.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_WINDOW (assay_window_get_type ())

G_DECLARE_FINAL_TYPE (AssayWindow, assay_window, ASSAY, WINDOW, AdwApplicationWindow)

AssayWindow *assay_window_new        (AdwApplication *app,
                                      AssayVault     *vault);
AssayVault  *assay_window_get_vault  (AssayWindow    *self);
void         assay_window_add_toast  (AssayWindow    *self,
                                      AdwToast       *toast);

G_END_DECLS
