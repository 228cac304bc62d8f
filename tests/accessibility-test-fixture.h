/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-audit-editor-private.h"
#include "assay-gui-test-util.h"
#include "assay-provision-lines-private.h"
#include "assay-test-util.h"
#include "assay-window-private.h"

G_BEGIN_DECLS

/*
 * Issue 4: every control has an accessible name, grade buttons expose
 * their state and focus follows the checklist. Checked on every screen of
 * the real application, on a real encrypted store holding a caseload,
 * audits, and a colleague's results imported from a real signed bundle.
 *
 * Runs with GTK_A11Y=test (tests/meson.build), so that each widget has a
 * GtkTestATContext and the gtk_test_accessible_*() functions can read what
 * an assistive technology would be told.
 */

#define CASE_OPEN "EHC-1004"

typedef struct
{
  AssayTestEnv      env;             /* A's folder, filled by fill_store() */
  char             *dir_b;
  char             *open_audit_id;   /* an unfinished audit of CASE_OPEN */
  char             *bundle_path;
  AssayApplication *app;
  AssayVault       *vault;
  AssayWindow      *window;
} Fixture;

/* assay_gui_test_init(), and a stop unless GTK_A11Y=test: without the test
 * backend nothing here can be read back */
void accessibility_test_init (int    *argc,
                              char ***argv);
void fixture_setup_new (Fixture       *f,
                        gconstpointer  data);
void fixture_setup_filled (Fixture       *f,
                           gconstpointer  data);
void fixture_teardown (Fixture       *f,
                       gconstpointer  data);
/* Destroys every shown window but the main one */
void close_other_toplevels (Fixture *f);
gboolean page_is (Fixture    *f,
                  const char *page);
void unlock (Fixture *f);
GtkWindow *wait_for_toplevel (GType type);
void show_page (Fixture    *f,
                const char *page);
GtkWidget *find_page (Fixture *f,
                      GType    type);
/* A draft setting visit on the provision-lines fixture, with two lines,
 * the second not delivered and open on its notes, on the lines page. */
AssayProvisionLines *open_visit (Fixture          *f,
                                 AssayAuditEditor *editor);

G_END_DECLS
