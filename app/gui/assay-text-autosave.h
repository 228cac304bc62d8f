/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * A text view saved as it is typed, as evidence notes are: when typing
 * pauses, or after a second of typing without a pause, whichever comes
 * first, and never more than once a second (a crash loses at most the last
 * second of typing, and an editor's session is not a save per key); at once
 * when the keyboard leaves the view or the owner flushes it. It lives inside
 * the widget that owns the view.
 */

/* The longest typing waits to be saved, and the shortest time between two
 * saves while typing. */
#define ASSAY_TEXT_AUTOSAVE_INTERVAL_MS 1000
typedef struct _AssayTextAutosave AssayTextAutosave;

/* Called when typing waits to be saved: it saves what
 * assay_text_autosave_take_text() gives, or returns leaving it waiting. */
typedef void (*AssayTextAutosaveFunc) (AssayTextAutosave *autosave,
                                       gpointer           user_data);

struct _AssayTextAutosave
{
  GtkTextView           *view;
  guint                  delay_ms;
  AssayTextAutosaveFunc  save;
  gpointer               user_data;
  guint                  source;
  gint64                 dirty_since;  /* monotonic time of the first change not saved */
  gint64                 saved_at;     /* monotonic time of the last save, or 0 */
  gboolean               dirty;     /* typed and not saved yet */
  gboolean               syncing;   /* the text is being set, not typed */
};

/* @delay_ms: how long a pause in typing is. */
void      assay_text_autosave_init      (AssayTextAutosave     *self,
                                         GtkTextView           *view,
                                         guint                  delay_ms,
                                         AssayTextAutosaveFunc  save,
                                         gpointer               user_data);
/* Saves now what waits to be saved, if anything does. */
void      assay_text_autosave_flush     (AssayTextAutosave     *self);
/* Stops the wait without saving: for dispose, after flushing. */
void      assay_text_autosave_cancel    (AssayTextAutosave     *self);
/* For the save function: the text, which no longer waits. */
char     *assay_text_autosave_take_text (AssayTextAutosave     *self);
char     *assay_text_autosave_get_text  (AssayTextAutosave     *self);
/* Shows @stored, unless words typed and not yet saved are there: they win. */
void      assay_text_autosave_show      (AssayTextAutosave     *self,
                                         const char            *stored);
/* Empties the view, forgetting anything typed. */
void      assay_text_autosave_reset     (AssayTextAutosave     *self);

/* When, in monotonic microseconds, typing that changed the text at @now
 * is saved: after @delay_ms of pause or a second since @dirty_since,
 * whichever comes first, but not within a second of @saved_at. */
gint64    assay_text_autosave_due       (gint64                 now,
                                         gint64                 dirty_since,
                                         gint64                 saved_at,
                                         guint                  delay_ms);

G_END_DECLS
