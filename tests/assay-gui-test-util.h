/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-application.h"

G_BEGIN_DECLS

typedef gboolean (*AssayGuiTestCondition) (gpointer user_data);

/* A registered application on the database at @database_path, which never
 * goes on a D-Bus session bus: tests run the same with a bus as without. */
AssayApplication *assay_gui_test_application_new (const char *database_path);

/* Iterates the main loop until @condition holds or @timeout_ms pass;
 * returns whether it held. */
gboolean assay_gui_test_wait_until   (AssayGuiTestCondition  condition,
                                      gpointer               user_data,
                                      guint                  timeout_ms);
/* Iterates the main loop until nothing in it is ready to run: what a
 * change started synchronously or from an idle has been done (a timer not
 * yet due, or a thread, is not waited for: wait for its result instead). */
void     assay_gui_test_wait_idle    (void);
/* Waits until @object's reference count is down to @ref_count: a task or
 * an asynchronous call that held it has called back and let it go. */
void     assay_gui_test_wait_released (gpointer             object,
                                       guint                ref_count);
/* Waits until @widget is mapped and its window has painted a new frame. */
void     assay_gui_test_wait_drawn   (GtkWidget             *widget);
/* Renders @widget to $ASSAY_SCREENSHOT_DIR/@name-light.png and
 * @name-dark.png, then restores the light style. */
/* The first widget of @type at or under @widget, depth first. */
GtkWidget *assay_gui_test_find_descendant (GtkWidget *widget,
                                           GType      type);
/* A visible toplevel window of @type, or NULL. */
GtkWindow *assay_gui_test_find_toplevel   (GType      type);
/* Types @text into the search entry @entry at once and waits until it has
 * told its page to search ("search-changed" comes after a delay). */
void       assay_gui_test_search          (GtkEditable *entry,
                                           const char  *text);
/* Waits until no visible toplevel window of @type is left. */
void       assay_gui_test_wait_closed     (GType      type);
/* Gives @window a new default size and waits until it is laid out and
 * drawn at its new width. */
void       assay_gui_test_resize          (GtkWindow *window,
                                           int        width,
                                           int        height);
void     assay_gui_test_screenshot   (GtkWidget             *widget,
                                      const char            *name);

/* Real key presses and pointer motion, through the X server (XTEST) and
 * the whole input path as a keyboard and mouse make them. keys_init()
 * gives @window the keyboard, and is FALSE where input cannot be made (not
 * X11, no libXtst): skip then. */
gboolean assay_gui_test_keys_init    (GtkWidget             *window);
void     assay_gui_test_send_key     (GtkWidget             *window,
                                      guint                  keyval,
                                      GdkModifierType        modifiers);
/* Moves the pointer to (@x, @y) on the screen, and waits until it is over
 * @window. */
void     assay_gui_test_move_pointer (GtkWidget             *window,
                                      int                    x,
                                      int                    y);
/* Types @text, ASCII letters, digits and spaces, a key at a time. */
void     assay_gui_test_type_text    (GtkWidget             *window,
                                      const char            *text);

G_END_DECLS
