/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-session.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_CONTACTS_WINDOW (assay_contacts_window_get_type ())

G_DECLARE_FINAL_TYPE (AssayContactsWindow, assay_contacts_window,
                      ASSAY, CONTACTS_WINDOW, AdwPreferencesWindow)

/* The address book of @session's store; closes itself when the vault locks. */
AssayContactsWindow *assay_contacts_window_new (AssaySession *session);

G_END_DECLS
