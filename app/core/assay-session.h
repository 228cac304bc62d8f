/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "assay-framework.h"
#include "assay-store.h"
#include "assay-vault.h"

G_BEGIN_DECLS

#define ASSAY_TYPE_SESSION (assay_session_get_type ())

G_DECLARE_FINAL_TYPE (AssaySession, assay_session, ASSAY, SESSION, GObject)

/*
 * What the pages of an unlocked window share: the vault, its record store
 * and the frameworks. One exists per unlock and is dropped on lock, so no
 * page keeps decrypted data past it.
 *
 * "changed" is emitted, detailed by collection ("cases", "samples",
 * "audits"), after a page writes records, so the others can refresh.
 */
AssaySession    *assay_session_new            (AssayVault   *vault);
AssayVault      *assay_session_get_vault      (AssaySession *self);
AssayStore      *assay_session_get_store      (AssaySession *self);
AssayFrameworks *assay_session_get_frameworks (AssaySession *self);
void             assay_session_changed        (AssaySession *self,
                                               const char   *collection);

G_END_DECLS
