/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-main-view.h"
#include "assay-setup-page.h"
#include "assay-unlock-page.h"
#include "assay-window.h"

G_BEGIN_DECLS

struct _AssayWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AssaySetupPage       *setup_page;
  AssayUnlockPage      *unlock_page;
  AssayMainView        *main_view;

  AssayVault           *vault;
  GSettings            *settings;

  /* TRUE from the first run until the recovery key has been acknowledged:
   * the vault is unlocked by then, but the window must keep showing setup. */
  guint                 in_setup : 1;

  /* Idle lock */
  guint                 idle_timeout_ms;
  gboolean              idle_timeout_overridden;
  gint64                last_activity_us;
  guint                 idle_source_id;
};

void             _assay_window_actions_init        (AssayWindow *self);
void             _assay_window_actions_update      (AssayWindow *self);

const char      *_assay_window_get_visible_page    (AssayWindow *self);
AssaySetupPage  *_assay_window_get_setup_page      (AssayWindow *self);
AssayUnlockPage *_assay_window_get_unlock_page     (AssayWindow *self);
AssayMainView   *_assay_window_get_main_view       (AssayWindow *self);

/* Overrides the idle-lock-minutes setting, so a test need not wait minutes. */
void             _assay_window_set_idle_timeout_ms (AssayWindow *self,
                                                    guint        timeout_ms);

/* What unlocking shows when assay_store_verify_head() fails with @error */
void             _assay_window_show_head_problem   (AssayWindow  *self,
                                                    const GError *error);

G_END_DECLS
