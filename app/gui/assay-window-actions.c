/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-window-actions"

#include "config.h"

#include "assay-main-view-private.h"
#include "assay-passphrase-dialog.h"
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

static void
assay_window_actions_change_passphrase (GSimpleAction *action,
                                        GVariant      *param,
                                        gpointer       user_data)
{
  AssayWindow *self = user_data;
  AssaySession *session = _assay_main_view_get_session (self->main_view);
  AssayPassphraseDialog *dialog;

  if (self->in_setup || session == NULL)
    return;

  dialog = assay_passphrase_dialog_new (GTK_WINDOW (self), assay_session_get_store (session));
  gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry win_entries[] = {
  { "lock", assay_window_actions_lock },
  { "change-passphrase", assay_window_actions_change_passphrase },
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
  gboolean open = !self->in_setup && !assay_vault_get_locked (self->vault);
  const char * const needs_open[] = { "lock", "change-passphrase" };

  /* Nothing to lock until a vault is open, and not while setup still has
   * the recovery key on screen for the user to write down; the passphrase
   * is changed only with the vault open. */
  for (guint i = 0; i < G_N_ELEMENTS (needs_open); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                              needs_open[i])),
                                 open);
}
