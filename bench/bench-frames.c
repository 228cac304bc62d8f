/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-frames"

#include "config.h"

#include "assay-window-private.h"
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

static gboolean
search_hook (GSignalInvocationHint *hint,
             guint                  n_params,
             const GValue          *params,
             gpointer               user_data)
{
  BenchSearch *self = user_data;

  if (g_value_get_object (&params[0]) == (gpointer) self->entry)
    self->started_us = g_get_monotonic_time ();

  return TRUE;
}

static void
on_search_changed_after (BenchSearch *self)
{
  self->done_us = g_get_monotonic_time ();
  bench_frames_mark (self->frames);
}

static gboolean
search_done (gpointer data)
{
  BenchSearch *self = data;

  return self->done_us != 0;
}

void
bench_search_watch (BenchSearch    *self,
                    BenchFrames    *frames,
                    GtkSearchEntry *entry)
{
  self->frames = frames;
  self->entry = entry;
  self->hook = g_signal_add_emission_hook (g_signal_lookup ("search-changed",
                                                            GTK_TYPE_SEARCH_ENTRY),
                                           0, search_hook, self, NULL);
  g_signal_connect_data (entry, "search-changed", G_CALLBACK (on_search_changed_after), self,
                         NULL, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

void
bench_search_unwatch (BenchSearch *self)
{
  g_signal_remove_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY),
                                 self->hook);
  g_signal_handlers_disconnect_by_data (self->entry, self);
}

gint64
bench_search_run (BenchSearch *self,
                  const char  *text)
{
  bench_frames_settle (self->frames);
  self->started_us = 0;
  self->done_us = 0;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  bench_wait_until (search_done, self, self->frames->timeout_ms, "the search");

  return bench_frames_wait (self->frames);
}

typedef struct
{
  AssayWindow *window;
  const char  *page;
} PageWait;

static gboolean
shows_page (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (_assay_window_get_visible_page (wait->window), wait->page) == 0;
}

void
bench_wait_for_page (GtkWidget  *window,
                     const char *page,
                     guint       timeout_ms)
{
  PageWait wait = { ASSAY_WINDOW (window), page };

  bench_wait_until (shows_page, &wait, timeout_ms, page);
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
