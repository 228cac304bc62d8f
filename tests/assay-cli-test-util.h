/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "assay-store.h"
#include "assay-test-util.h"

G_BEGIN_DECLS

typedef struct
{
  int   status;
  char *out;
  char *err;
} AssayTestRun;

/* g_test_init(), and the assay-cli binary to run: "--cli PATH" in the
 * arguments (tests/meson.build passes it), else the build tree's. */
void          assay_test_cli_init    (int         *argc,
                                      char      ***argv);
/* Runs assay-cli with @passphrase and @new_passphrase as ASSAY_PASSPHRASE and
 * ASSAY_NEW_PASSPHRASE (NULL leaves them unset), no terminal, and the
 * NULL-terminated arguments that follow. */
AssayTestRun *assay_test_run_cli     (const char  *passphrase,
                                      const char  *new_passphrase,
                                      ...) G_GNUC_NULL_TERMINATED;
/* The same with the arguments in a NULL-terminated array. */
AssayTestRun *assay_test_run_cli_argv (const char         *passphrase,
                                       const char         *new_passphrase,
                                       const char * const *argv);
void          assay_test_run_free    (AssayTestRun *run);
/* Fails the test unless @needle occurs in @text. */
void          assay_test_assert_contains (const char *text,
                                          const char *needle);
/* The rest of the line after @label in @text. */
char         *assay_test_line_value  (const char  *text,
                                      const char  *label);

/* A new vault at @db made by `assay-cli init` with ASSAY_TEST_PASSPHRASE,
 * for @name of @agency (NULL: init's defaults). */
void          assay_test_cli_init_vault (const char *db,
                                         const char *name,
                                         const char *agency);
/* @env as ASSAY_TEST_ENV_NO_VAULT sets it up, with a vault at @env->path
 * made by `assay-cli init` as assay_test_cli_init_vault() does. */
void          assay_test_cli_env_set_up (AssayTestEnv *env,
                                         const char   *name,
                                         const char   *agency);
/* The store of the vault at @db, unlocked with ASSAY_TEST_PASSPHRASE: to
 * put records in as the app would, for the CLI to read. */
AssayStore   *assay_test_cli_open_store (const char *db);

/* A 5 GB file in @dir, for the limits on what is read: a hostile or
 * mistaken file must be refused by its size at once, not read. */
char         *assay_test_make_huge_file (const char *dir,
                                         const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayTestRun, assay_test_run_free)

G_END_DECLS
