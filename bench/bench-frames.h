/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bench-util.h"

G_BEGIN_DECLS

/*
 * What the GUI benchmarks share: timing a change to the end of the next
 * frame the window paints, which is when a person sees it.
 */

typedef struct
{
  GdkFrameClock *clock;
  guint          frames;            /* painted so far */
  guint          frames_at_change;
  gint64         painted_us;        /* when the first frame after the change ended */
  guint          timeout_ms;
} BenchFrames;

/* Counts the frames @window paints; it is realized if it was not. */
void       bench_frames_watch        (BenchFrames    *self,
                                      GtkWidget      *window,
                                      guint           timeout_ms);
void       bench_frames_unwatch      (BenchFrames    *self);
/* Marks a change as done: the next frame is the one that shows it. */
void       bench_frames_mark         (BenchFrames    *self);
/* Waits for the frame after the mark (asking for one, which costs nothing
 * when the change already has) and returns when it ended. */
gint64     bench_frames_wait         (BenchFrames    *self);
/* Two quiet frames, so that one measurement does not pay for another. */
void       bench_frames_settle       (BenchFrames    *self);

/*
 * Times a search entry: from when it acts on the text (after its pause for
 * typing; the emission hook runs before any handler, the page's included)
 * to the end of the frame after every handler has run.
 */
typedef struct
{
  BenchFrames    *frames;
  GtkSearchEntry *entry;
  gulong          hook;
  gint64          started_us;
  gint64          done_us;
} BenchSearch;

void       bench_search_watch        (BenchSearch    *self,
                                      BenchFrames    *frames,
                                      GtkSearchEntry *entry);
void       bench_search_unwatch      (BenchSearch    *self);
/* Sets the entry's text after two quiet frames, waits for the search and
 * the frame that shows it, and returns when that frame ended. */
gint64     bench_search_run          (BenchSearch    *self,
                                      const char     *text);

/* Waits until the window's stack shows @page ("unlock", "main"). */
void       bench_wait_for_page       (GtkWidget      *window,
                                      const char     *page,
                                      guint           timeout_ms);

/* The first widget of @type at or under @widget, depth first. */
GtkWidget *bench_find_descendant     (GtkWidget      *widget,
                                      GType           type);

G_END_DECLS
