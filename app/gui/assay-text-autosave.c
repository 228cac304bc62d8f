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

gint64
assay_text_autosave_due (gint64 now,
                         gint64 dirty_since,
                         gint64 saved_at,
                         guint  delay_ms)
{
  gint64 interval = ASSAY_TEXT_AUTOSAVE_INTERVAL_MS * G_TIME_SPAN_MILLISECOND;
  gint64 due = MIN (now + (gint64) delay_ms * G_TIME_SPAN_MILLISECOND, dirty_since + interval);

  if (saved_at > 0)
    due = MAX (due, saved_at + interval);

  return MAX (due, now);
}

static void
on_changed (GtkTextBuffer     *buffer,
            AssayTextAutosave *self)
{
  gint64 now, due;

  if (self->syncing)
    return;

  now = g_get_monotonic_time ();
  if (!self->dirty)
    self->dirty_since = now;
  self->dirty = TRUE;

  due = assay_text_autosave_due (now, self->dirty_since, self->saved_at, self->delay_ms);
  g_clear_handle_id (&self->source, g_source_remove);
  /* Rounded up: a save a millisecond early would not wait out the pause. */
  self->source = g_timeout_add ((guint) ((due - now + G_TIME_SPAN_MILLISECOND - 1) /
                                         G_TIME_SPAN_MILLISECOND),
                                timeout_cb, self);
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
  self->dirty_since = 0;
  self->saved_at = 0;
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
    {
      self->saved_at = g_get_monotonic_time ();
      self->save (self, self->user_data);
    }
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
