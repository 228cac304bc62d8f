/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Shows @text in the toast overlay @widget is in, the window's, so that it
 * stays up when the user changes page; logged when there is none. */
void       assay_gui_show_toast        (GtkWidget  *widget,
                                        const char *text);
/* The window @widget is in, to be the parent of a dialog; NULL when it is
 * in none. */
GtkWindow *assay_gui_get_parent_window (GtkWidget *widget);
/* Puts @entry below @dialog's body, where pressing Enter gives the dialog's
 * default response while that response is enabled. */
void       assay_gui_message_dialog_set_entry (AdwMessageDialog *dialog,
                                               GtkWidget        *entry);

/* Moves the keyboard focus out of @widget when it is inside it, before
 * @widget is made insensitive for a while. */
void       assay_gui_drop_focus        (GtkWidget *widget);

/* A read-write object property that only its setter notifies: how the
 * widgets here take the objects they show. @name must be a static string. */
GParamSpec *assay_gui_param_spec_object (const char *name,
                                         GType       object_type);

/* Whether @page, whose data has just changed, should read it again now:
 * only when it is on screen, as reading means decrypting. When it is not,
 * *@stale is set for the page to read it when it is next shown. */
gboolean   assay_gui_reload_now        (GtkWidget *page,
                                        gboolean  *stale);

/* A record's time stamp, @iso (ISO 8601 as stored), in the user's time
 * zone, written by @format (the codes of g_date_time_format(), translated
 * by the caller); NULL when @iso is NULL or not a time. */
char      *assay_gui_format_time       (const char *iso,
                                        const char *format);
/* @iso as a short date in the user's time zone, "14 Mar 2025"; "" when it
 * is NULL or not a time. */
char      *assay_gui_format_date       (const char *iso);

/*
 * The one dialog a page has open. Dialogs close themselves; the page only
 * keeps track of the last one, so that a lock can close it with the data it
 * shows. The slot forgets a dialog when it is destroyed; a page must empty
 * its slot in dispose, as the dialog may outlive it.
 */
typedef struct
{
  GtkWidget *dialog;    /* weak */
} AssayDialogSlot;

void       assay_dialog_slot_set       (AssayDialogSlot *slot,
                                        GtkWidget       *dialog);
/* Destroys the dialog in @slot, if any, and empties it. */
void       assay_dialog_slot_close     (AssayDialogSlot *slot);

/* A new modal file chooser on @widget's window, with "_Cancel" beside
 * @accept_label; or, when one is open in @slot already, NULL, and that one
 * is shown again instead. */
GtkFileChooserNative *assay_gui_chooser_new        (GtkNativeDialog      **slot,
                                                    GtkWidget             *widget,
                                                    const char            *title,
                                                    GtkFileChooserAction   action,
                                                    const char            *accept_label);
/* Adds a filter called @name for files ending in ".@suffix" (NULL: every
 * file) to @chooser, and returns it. */
GtkFileFilter        *assay_gui_chooser_add_filter (GtkFileChooserNative  *chooser,
                                                    const char            *name,
                                                    const char            *suffix);
/* The local path of the file @chooser chose; NULL for one that is not on
 * this computer. */
char      *assay_gui_chooser_get_path  (GtkNativeDialog *chooser);
/* Keeps @chooser, a new one, in @slot as the one file chooser open, and
 * shows it; @on_response gets @instance first. */
void       assay_gui_chooser_show      (GtkNativeDialog      **slot,
                                        GtkFileChooserNative  *chooser,
                                        GCallback              on_response,
                                        gpointer               instance);
/* Destroys @chooser (NULL: the one in @slot), and empties @slot if it held
 * it. */
void       assay_gui_chooser_close     (GtkNativeDialog **slot,
                                        GtkNativeDialog  *chooser);

G_END_DECLS
