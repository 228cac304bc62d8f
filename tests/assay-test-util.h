/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-store.h"
#include "assay-vault.h"

G_BEGIN_DECLS

#define ASSAY_TEST_PASSPHRASE "correct horse battery staple"

/* A fresh folder under the system's temp dir, removed by assay_test_rmdir(). */
char       *assay_test_mkdtemp          (void);
void        assay_test_rmdir            (const char   *path);

/* A new vault on a new database in @dir, unlocked, with the cheapest KDF
 * settings so tests spend their time on what they test. */
AssayVault *assay_test_vault_new        (const char   *dir,
                                         char        **recovery_key);

/* TRUE when the bytes of @needle occur anywhere in @path (a missing file
 * holds nothing). */
gboolean    assay_test_file_contains    (const char   *path,
                                         gconstpointer needle,
                                         gsize         needle_len);

GBytes     *assay_test_bytes            (const char   *text);

/* Saves the next revision of record @id with string members of its JSON
 * payload set, from NULL-terminated member, value pairs: how a colleague's
 * audit looks once their bundle is imported (bundle imports themselves are
 * tested with real bundles in test-bundle). */
void        assay_test_record_set_strings (AssayStore *store,
                                           const char *collection,
                                           const char *id,
                                           const char *first_member,
                                           ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
