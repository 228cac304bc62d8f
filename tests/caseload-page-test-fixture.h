/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-caseload-page-private.h"
#include "assay-gui-test-util.h"
#include "assay-test-util.h"

G_BEGIN_DECLS

/* utf8.csv, in case reference order */
#define ALL_EIGHT "EHC-1001 EHC-1002 EHC-1003 EHC-1004 EHC-1005 EHC-1006 EHC-1007 EHC-1008"

/* The page on a real encrypted store, in a window dressed like the main
 * view's content pane, with a stand-in for the main view's "main" actions
 * so that what the page asks of it can be seen. */
typedef struct
{
  AssayTestEnv       env;
  AssaySession      *session;
  GtkWindow         *window;
  AssayCaseloadPage *page;
  GPtrArray         *started;   /* case refs main.start-audit was asked for */
} Fixture;

void fixture_setup (Fixture       *f,
                    gconstpointer  data);
void fixture_teardown (Fixture       *f,
                       gconstpointer  data);
/* GTK has no call that tells whether a widget's action is enabled; a
 * button using it is sensitive exactly when it is. */
gboolean action_enabled (Fixture    *f,
                         const char *name);
void sort_by (Fixture            *f,
              AssayCaseloadField  field,
              GtkSortType         order);
void activate (Fixture    *f,
               const char *action);
void activate_import (Fixture    *f,
                      const char *path);
const char *dialog_count (GtkWindow  *dialog,
                          const char *what);
const char *dialog_body (GtkWindow *dialog);
const char *dialog_summary (GtkWindow *dialog);
const char *dialog_heading (GtkWindow *dialog);
guint n_cases (Fixture *f);
guint n_shown (Fixture *f);
gboolean progress_shown (Fixture *f);
const char *search_text (Fixture *f);
gboolean count_is (Fixture    *f,
                   const char *text);
gboolean import_done (gpointer data);
char *fixture_path (const char *name);
/* Reads a file through the page's action, as the file chooser does, and
 * returns the dialog that shows what importing it would do (or why it
 * cannot be imported). */
GtkWindow *preview_path (Fixture    *f,
                         const char *path);
GtkWindow *preview_fixture (Fixture    *f,
                            const char *name);
gboolean no_dialog (gpointer data);
void close_dialog (Fixture *f);
/* What the preview's Import button does */
void confirm_import (Fixture *f);
void import_path (Fixture    *f,
                  const char *path);
/* Reads, previews and imports, as a user who chose Import would */
void import_fixture (Fixture    *f,
                     const char *name);
guint stored_cases (Fixture *f);
/* The case references shown, top to bottom, as "A B C" */
char *shown (Fixture *f);
void assert_shown (Fixture    *f,
                   const char *expected);
void choose_filter (Fixture            *f,
                    AssayCaseloadField  field,
                    const char         *label);
/* The search entry waits for typing to pause before it searches */
void search_for (Fixture    *f,
                 const char *text,
                 const char *expected);

G_END_DECLS
