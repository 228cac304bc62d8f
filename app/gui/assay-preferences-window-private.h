/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-preferences-window.h"

G_BEGIN_DECLS

GtkSpinButton *_assay_preferences_window_get_idle_spin    (AssayPreferencesWindow *self);
/* @grade: "gold", "silver", "bronze" or "not-yet-bronze" */
GtkEditable   *_assay_preferences_window_get_label_row    (AssayPreferencesWindow *self,
                                                           const char             *grade);
GtkEditable   *_assay_preferences_window_get_name_row     (AssayPreferencesWindow *self);
AdwComboRow   *_assay_preferences_window_get_agency_row   (AssayPreferencesWindow *self);
GtkWidget     *_assay_preferences_window_get_locked_row   (AssayPreferencesWindow *self);
/* Shows this installation's public identity, formatted for reading. */
AdwActionRow  *_assay_preferences_window_get_identity_row (AssayPreferencesWindow *self);

G_END_DECLS
