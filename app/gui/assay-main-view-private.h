/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-main-view.h"
#include "assay-session.h"

G_BEGIN_DECLS

GtkLabel   *_assay_main_view_get_name_label   (AssayMainView *self);
GtkLabel   *_assay_main_view_get_agency_label (AssayMainView *self);
AdwLeaflet *_assay_main_view_get_leaflet      (AssayMainView *self);
/* The session of the vault unlocked, or NULL while it is locked */
AssaySession *_assay_main_view_get_session    (AssayMainView *self);

G_END_DECLS
