/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-contacts-window.h"
#include "assay-identity-card.h"

G_BEGIN_DECLS

/* For tests */

/* The colleagues' rows as shown, in order (AdwExpanderRow, key in the
 * "contact-key" data). */
GPtrArray         *_assay_contacts_window_get_rows     (AssayContactsWindow *self);
AssayIdentityCard *_assay_contacts_window_get_own_card (AssayContactsWindow *self);
/* The message dialog the window last opened and that is still open, or NULL. */
AdwMessageDialog  *_assay_contacts_window_get_dialog   (AssayContactsWindow *self);

G_END_DECLS
