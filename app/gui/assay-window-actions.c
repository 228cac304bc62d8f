/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-window-actions"

#include "config.h"

#include "assay-window-private.h"

static void
assay_window_actions_lock (GSimpleAction *action,
                           GVariant      *param,
                           gpointer       user_data)
{
  AssayWindow *self = user_data;

  /* The window follows the vault's locked property to the unlock page */
  if (!assay_vault_get_locked (self->vault))
    assay_vault_lock (self->vault);
}

static const GActionEntry win_entries[] = {
  { "lock", assay_window_actions_lock },
};

void
_assay_window_actions_init (AssayWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   win_entries,
                                   G_N_ELEMENTS (win_entries),
                                   self);
}

void
_assay_window_actions_update (AssayWindow *self)
{
  GAction *lock = g_action_map_lookup_action (G_ACTION_MAP (self), "lock");

  /* Nothing to lock until a vault is open, and not while setup still has
   * the recovery key on screen for the user to write down. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (lock),
                               !self->in_setup && !assay_vault_get_locked (self->vault));
}
