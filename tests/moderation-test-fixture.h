/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-bundle-import-dialog-private.h"
#include "assay-gui-test-util.h"
#include "assay-moderation-page-private.h"
#include "assay-test-util.h"

G_BEGIN_DECLS

/*
 * The Moderation page in a window of its own, on two moderators' real
 * encrypted vaults; moderation-test-fixture.c says what they hold.
 */

typedef struct
{
  AssayTestEnv         env;           /* A's folder */
  char                *dir_b;
  AssayVault          *vault_a;
  AssayVault          *vault_b;
  AssayStore          *store_b;
  AssayFrameworks     *frameworks;
  AssaySession        *session;
  GtkWindow           *window;
  AssayModerationPage *page;
  GPtrArray           *opened;        /* audit ids main.open-audit was asked for */
  char                *bundle_path;   /* B's results, for A */
  guint                bundle_records;
  char                *b_audit_id;    /* B's audit of EHC-1002 */
} Fixture;

/* With data (GINT_TO_POINTER (TRUE)): the audits above, and B's bundle */
void fixture_setup (Fixture       *f,
                    gconstpointer  data);
void fixture_teardown (Fixture       *f,
                       gconstpointer  data);

/* For assay_gui_test_wait_until(): the page is done and shows a dialog */
gboolean page_idle (gpointer data);
/* Imports @path through the page's action and returns the result dialog */
AssayBundleImportDialog *import_file (Fixture    *f,
                                      const char *path);
/* The count of @what ("added", ...) in the first file's result */
guint count_of (AssayBundleImportDialog *dialog,
                const char              *what);
/* Closes the page's dialog, if any */
void close_dialog (Fixture *f);
/* What A's store holds, audit by audit and revision, to tell whether
 * anything changed */
char *describe_store (Fixture *f);

G_END_DECLS
