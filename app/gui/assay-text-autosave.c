/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-text-autosave"

#include "config.h"

#include "assay-text-autosave.h"

static gboolean
timeout_cb (gpointer user_data)
{
  AssayTextAutosave *self = user_data;

  self->source = 0;
  assay_text_autosave_flush (self);

  return G_SOURCE_REMOVE;
}

static void
on_changed (GtkTextBuffer     *buffer,
            AssayTextAutosave *self)
{
  if (self->syncing)
    return;

  self->dirty = TRUE;
  g_clear_handle_id (&self->source, g_source_remove);
  self->source = g_timeout_add (self->delay_ms, timeout_cb, self);
}

static void
on_leave (GtkEventControllerFocus *controller,
          AssayTextAutosave       *self)
{
  assay_text_autosave_flush (self);
}

void
assay_text_autosave_init (AssayTextAutosave     *self,
                          GtkTextView           *view,
                          guint                  delay_ms,
                          AssayTextAutosaveFunc  save,
                          gpointer               user_data)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->view = view;
  self->delay_ms = delay_ms;
  self->save = save;
  self->user_data = user_data;
  self->source = 0;
  self->dirty = FALSE;
  self->syncing = FALSE;

  g_signal_connect (gtk_text_view_get_buffer (view), "changed", G_CALLBACK (on_changed), self);
  g_signal_connect (focus, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (view), focus);
}

void
assay_text_autosave_flush (AssayTextAutosave *self)
{
  g_clear_handle_id (&self->source, g_source_remove);

  if (self->dirty)
    self->save (self, self->user_data);
}

void
assay_text_autosave_cancel (AssayTextAutosave *self)
{
  g_clear_handle_id (&self->source, g_source_remove);
}

char *
assay_text_autosave_get_text (AssayTextAutosave *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

char *
assay_text_autosave_take_text (AssayTextAutosave *self)
{
  self->dirty = FALSE;

  return assay_text_autosave_get_text (self);
}

void
assay_text_autosave_show (AssayTextAutosave *self,
                          const char        *stored)
{
  g_autofree char *shown = NULL;

  if (self->dirty)
    return;

  shown = assay_text_autosave_get_text (self);
  if (g_strcmp0 (shown, stored != NULL ? stored : "") != 0)
    {
      self->syncing = TRUE;
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->view),
                                stored != NULL ? stored : "", -1);
      self->syncing = FALSE;
    }
}

void
assay_text_autosave_reset (AssayTextAutosave *self)
{
  self->syncing = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->view), "", -1);
  self->syncing = FALSE;
  self->dirty = FALSE;
}
