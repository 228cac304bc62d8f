/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-application.h"
#include "assay-audit.h"
#include "assay-store.h"
#include "assay-window.h"

G_BEGIN_DECLS

typedef gboolean (*AssayGuiTestCondition) (gpointer user_data);

/* g_test_init(), then GTK and libadwaita as every GUI test wants them:
 * without animations, so screenshots show settled screens rather than
 * transitions, and in the light style. */
void              assay_gui_test_init            (int         *argc,
                                                  char      ***argv);
/* The same for a page tested in a window of its own rather than in the
 * application's: gtk_test_init(), and the style sheet that AdwApplication
 * loads for the application itself. */
void              assay_gui_test_init_page       (int         *argc,
                                                  char      ***argv);

/* A registered application on the database at @database_path, which never
 * goes on a D-Bus session bus: tests run the same with a bus as without. */
AssayApplication *assay_gui_test_application_new (const char *database_path);
/* A window of @width x @height on @app, shown, unlocked with
 * ASSAY_TEST_PASSPHRASE and showing the main view. The caller holds a
 * reference, so a test may close the window and its teardown still finds it. */
AssayWindow      *assay_gui_test_window_unlocked (AssayApplication *app,
                                                  int               width,
                                                  int               height);

/* Destroys every window, then *@window's reference and *@app, and lets
 * the main loop settle: the application's database is closed after. */
void              assay_gui_test_app_close       (AssayWindow     **window,
                                                  AssayApplication **app);

/* A window of @width x @height dressed like the main view's content pane:
 * a header bar titled @title over @page, in a toast overlay; not yet
 * shown. Its "main.@main_action", taking a string, stands in for the main
 * view's action: each string it is activated with is added to @activated,
 * which must outlive the window. The caller holds a reference. */
GtkWindow        *assay_gui_test_page_window     (GtkWidget        *page,
                                                  const char       *title,
                                                  int               width,
                                                  int               height,
                                                  const char       *main_action,
                                                  GPtrArray        *activated);

/* Destroys @dialog, unless NULL, and *@window, a window from
 * assay_gui_test_page_window(), drops the reference and lets the main loop
 * settle. */
void              assay_gui_test_page_window_destroy (GtkWindow **window,
                                                      GtkWindow  *dialog);

/* A new audit of @case_ref on the current version of @framework_id. */
AssayAudit       *assay_gui_test_audit_new       (AssayStore       *store,
                                                  AssayFrameworks  *frameworks,
                                                  const char       *framework_id,
                                                  const char       *case_ref);

/* One criterion graded otherwise than the rest; a table of them ends with
 * a NULL criterion. */
typedef struct
{
  const char *criterion;
  AssayGrade  grade;
  const char *evidence;
} AssayGuiTestGrade;

/* A finished audit of ehcp-new graded @base throughout, but for @grades
 * (NULL: none), and finished with @override and @reason; a grade that a
 * criterion does not allow falls to the nearest one it does. Returns its id. */
char             *assay_gui_test_audit_finished  (AssayStore              *store,
                                                  AssayFrameworks         *frameworks,
                                                  const char              *case_ref,
                                                  AssayGrade               base,
                                                  const AssayGuiTestGrade *grades,
                                                  AssayGrade               override,
                                                  const char              *reason);

/* Grades every criterion of @audit @base, but for @grades (NULL: none),
 * and finishes it with @override and @reason, as
 * assay_gui_test_audit_finished() does: for an audit begun otherwise (blind,
 * or on another framework). */
void              assay_gui_test_audit_finish    (AssayAudit              *audit,
                                                  AssayGrade               base,
                                                  const AssayGuiTestGrade *grades,
                                                  AssayGrade               override,
                                                  const char              *reason);

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
/* The first widget of @type at or under @widget, depth first. */
GtkWidget *assay_gui_test_find_descendant (GtkWidget *widget,
                                           GType      type);
/* Whether a visible label at or under @widget shows text containing @text. */
gboolean   assay_gui_test_shows_text      (GtkWidget  *widget,
                                           const char *text);
/* The text of every label at or under @widget, depth first (borrowed from
 * the labels). */
GPtrArray *assay_gui_test_label_texts     (GtkWidget  *widget);
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
/* Renders @widget to $ASSAY_SCREENSHOT_DIR/@name-light.png and
 * @name-dark.png, then restores the light style. */
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
