/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-frames"

#include "config.h"

#include "bench-frames.h"

static void
on_after_paint (GdkFrameClock *clock,
                BenchFrames   *self)
{
  self->frames++;
  if (self->frames == self->frames_at_change + 1)
    self->painted_us = g_get_monotonic_time ();
}

static gboolean
painted (gpointer data)
{
  BenchFrames *self = data;

  return self->frames > self->frames_at_change;
}

void
bench_frames_watch (BenchFrames *self,
                    GtkWidget   *window,
                    guint        timeout_ms)
{
  gtk_widget_realize (window);
  self->clock = gtk_widget_get_frame_clock (window);
  self->timeout_ms = timeout_ms;
  g_signal_connect (self->clock, "after-paint", G_CALLBACK (on_after_paint), self);
}

void
bench_frames_unwatch (BenchFrames *self)
{
  g_signal_handlers_disconnect_by_data (self->clock, self);
}

void
bench_frames_mark (BenchFrames *self)
{
  self->frames_at_change = self->frames;
  self->painted_us = 0;
}

gint64
bench_frames_wait (BenchFrames *self)
{
  gdk_frame_clock_request_phase (self->clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  bench_wait_until (painted, self, self->timeout_ms, "a frame");

  return self->painted_us;
}

void
bench_frames_settle (BenchFrames *self)
{
  for (guint i = 0; i < 2; i++)
    {
      bench_frames_mark (self);
      bench_frames_wait (self);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

GtkWidget *
bench_find_descendant (GtkWidget *widget,
                       GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bench_find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}
