/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-audit.h"
#include "assay-bundle-private.h"

G_BEGIN_DECLS

/*
 * Bundles between real vaults in temp folders: A writes, B (and C) read.
 * Every failure case checks that the reader's store is left exactly as it
 * was, row for row and seal for seal. Shared by test-bundle,
 * test-bundle-format and test-bundle-merge.
 */

#define EVIDENCE "Section F promises weekly SALT sessions but names no provider"

typedef struct
{
  char            *dir;
  char            *dir_a;
  char            *dir_b;
  char            *dir_c;
  AssayVault      *vault_a;
  AssayVault      *vault_b;
  AssayVault      *vault_c;
  AssayStore      *a;
  AssayStore      *b;
  AssayStore      *c;
  AssayFrameworks *frameworks;
  AssayFramework  *tiny;
} Fixture;

char *subdir (const char *dir,
              const char *name);

void fixture_set_up (Fixture       *f,
                     gconstpointer  data);

void fixture_tear_down (Fixture       *f,
                        gconstpointer  data);

AssayAudit *new_audit (Fixture    *f,
                       AssayStore *store,
                       const char *case_ref,
                       gboolean    finish);

/* An audit whose object the test does not need. */
void add_audit (Fixture    *f,
                const char *case_ref);

char *export_to (AssayStore  *store,
                 const char  *dir,
                 const char  *name,
                 const char  *recipient,
                 const char  *passphrase,
                 GDateTime   *since,
                 guint        expected_records);

AssayImportReport *import_from (AssayStore  *store,
                                const char  *path,
                                const char  *passphrase,
                                GError     **error);

void assert_counts (AssayImportReport *report,
                    guint              added,
                    guint              updated,
                    guint              unchanged,
                    guint              conflicts);

/* Every row of every table, seals included: equal fingerprints mean an
 * unchanged store. */
char *fingerprint (AssayVault *vault);

guint count_rows (AssayVault *vault,
                  const char *sql);

void assert_no_damage (AssayStore *store);

AssayAudit *find_audit (GPtrArray  *audits,
                        const char *id);

void assert_rejected (AssayStore  *store,
                      AssayVault  *vault,
                      const char  *path,
                      const char  *passphrase,
                      int          code);

G_END_DECLS
