/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-vault.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_APPLICATION (assay_application_get_type ())

G_DECLARE_FINAL_TYPE (AssayApplication, assay_application, ASSAY, APPLICATION, AdwApplication)

AssayApplication *assay_application_new       (void);
AssayVault       *assay_application_get_vault (AssayApplication *self);

G_END_DECLS
