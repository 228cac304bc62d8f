/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * A text view saved as it is typed, as evidence notes are: a revision per
 * pause in typing rather than per key, and at once when the keyboard leaves
 * the view. It lives inside the widget that owns the view.
 */
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
  gboolean               dirty;     /* typed and not saved yet */
  gboolean               syncing;   /* the text is being set, not typed */
};

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

G_END_DECLS
