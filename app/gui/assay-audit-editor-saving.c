/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit-editor"

#include "config.h"

#include "assay-audit-editor-private.h"

/*
 * How the editor saves: a grade at once, typing as assay-text-autosave.h
 * says, everything pending in one transaction when the audit on screen
 * changes, the vault locks or the editor goes; the session's first save a
 * new revision and its later ones coalesced into it; the other pages told
 * of changes in batches.
 */

/* Other pages show running grades; they hear of changes in batches. */
#define CHANGED_DELAY_MS 400

static gboolean
emit_changed_cb (gpointer user_data)
{
  AssayAuditEditor *self = user_data;

  self->changed_source = 0;
  if (self->session != NULL)
    assay_session_changed (self->session, "audits");

  return G_SOURCE_REMOVE;
}

void
_assay_audit_editor_sync_coalesce (AssayAuditEditor *self)
{
  if (self->audit != NULL && assay_audit_get_revision (self->audit) > self->session_revision)
    assay_audit_set_coalesce (self->audit, TRUE);
}

void
_assay_audit_editor_schedule_changed (AssayAuditEditor *self)
{
  /* Called after every save, the summary's and the provision lines' too. */
  _assay_audit_editor_sync_coalesce (self);

  if (self->changed_source == 0)
    self->changed_source = g_timeout_add (CHANGED_DELAY_MS, emit_changed_cb, self);
}

void
_assay_audit_editor_flush_changed (AssayAuditEditor *self)
{
  if (self->changed_source != 0)
    {
      g_clear_handle_id (&self->changed_source, g_source_remove);
      emit_changed_cb (self);
    }
}

/* Everything typed and not saved yet is saved now, in one transaction:
 * before the audit on screen changes, the vault locks, the session ends or
 * the editor goes away. */
void
_assay_audit_editor_flush_all (AssayAuditEditor *self)
{
  AssayStore *store = self->session != NULL ? assay_session_get_store (self->session) : NULL;
  g_autoptr(GError) error = NULL;
  gboolean batched;

  _assay_audit_editor_sync_coalesce (self);

  /* Should the transaction not start (the vault already locked), each save
   * reports its own failure. */
  batched = store != NULL && self->audit != NULL && !assay_store_in_transaction (store) &&
            assay_store_begin (store, NULL);

  assay_audit_summary_flush_override (self->summary);

  for (guint i = 0; i < self->rows->len; i++)
    assay_criterion_row_flush (self->rows->pdata[i]);
  assay_provision_lines_flush (self->provision_lines);

  assay_audit_summary_flush_texts (self->summary);

  if (batched && !assay_store_commit (store, &error))
    _assay_audit_editor_show_toast (self, error->message);

  _assay_audit_editor_flush_changed (self);
}

static void
on_vault_locking (AssayAuditEditor *self)
{
  /* The keys are still there: whatever waits to be saved is saved now. */
  if (self->audit != NULL)
    _assay_audit_editor_flush_all (self);
}

void
_assay_audit_editor_watch_vault (AssayAuditEditor *self,
                                 AssayVault       *vault)
{
  if (self->vault == vault)
    return;

  if (self->vault != NULL)
    g_signal_handlers_disconnect_by_func (self->vault, on_vault_locking, self);
  g_set_object (&self->vault, vault);
  if (vault != NULL)
    g_signal_connect_object (vault, "locking", G_CALLBACK (on_vault_locking), self,
                             G_CONNECT_SWAPPED);
}

static gboolean
on_close_request (AssayAuditEditor *self)
{
  /* Before anything of the window goes: the notes typed are saved. */
  if (self->audit != NULL)
    _assay_audit_editor_flush_all (self);

  return GDK_EVENT_PROPAGATE;
}

void
_assay_audit_editor_watch_window (AssayAuditEditor *self,
                                  GtkRoot          *root)
{
  GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;

  if (self->window == window)
    return;

  if (self->window != NULL)
    g_signal_handlers_disconnect_by_func (self->window, on_close_request, self);
  /* Not a reference: the window holds the editor, and unroots it before
   * it goes. */
  self->window = window;
  if (window != NULL)
    g_signal_connect_object (window, "close-request", G_CALLBACK (on_close_request), self,
                             G_CONNECT_SWAPPED);
}
