/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-main-view.h"

G_BEGIN_DECLS

GtkLabel   *_assay_main_view_get_name_label   (AssayMainView *self);
GtkLabel   *_assay_main_view_get_agency_label (AssayMainView *self);
AdwLeaflet *_assay_main_view_get_leaflet      (AssayMainView *self);

G_END_DECLS
