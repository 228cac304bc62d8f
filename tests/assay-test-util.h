/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "assay-audit.h"
#include "assay-caseload.h"
#include "assay-comparison.h"
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

/* The same, as the moderator @name of @agency, with the caseload fixture
 * tests/fixtures/caseload/utf8.csv imported: a colleague's installation. */
AssayVault *assay_test_vault_new_moderator (const char *dir,
                                            const char *name,
                                            const char *agency);

/*
 * The set-up most tests share: a fresh folder, a database in it and the
 * vault, store and frameworks on it. Put an AssayTestEnv in the fixture,
 * call assay_test_env_set_up() first in its set-up and
 * assay_test_env_tear_down() last in its tear-down.
 */
typedef enum
{
  ASSAY_TEST_ENV_DEFAULT    = 0,       /* open vault, store, no frameworks */
  ASSAY_TEST_ENV_BUILTIN    = 1 << 0,  /* frameworks: the built-in ones */
  ASSAY_TEST_ENV_TINY       = 1 << 1,  /* frameworks: fixtures/frameworks/tiny.json */
  ASSAY_TEST_ENV_NO_VAULT   = 1 << 2,  /* only the folder: a first run */
  ASSAY_TEST_ENV_VAULT_SHUT = 1 << 3,  /* a vault made and closed, as on an
                                        * earlier run, for an application
                                        * to open */
} AssayTestEnvFlags;

typedef struct
{
  char            *dir;
  char            *path;          /* @dir/assay.db */
  char            *recovery_key;  /* of the vault made, if any */
  AssayVault      *vault;         /* NULL with NO_VAULT or VAULT_SHUT */
  AssayStore      *store;         /* likewise */
  AssayFrameworks *frameworks;    /* likewise */
  AssayFramework  *tiny;          /* with TINY only */
} AssayTestEnv;

/* Adds the test @func on the test program's Fixture, set up by its
 * fixture_set_up() and torn down by its fixture_tear_down(). */
#define ASSAY_TEST_ADD(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)

void        assay_test_env_set_up       (AssayTestEnv      *env,
                                         AssayTestEnvFlags  flags);
void        assay_test_env_tear_down    (AssayTestEnv      *env);

/* The same as a GTest fixture's set-up and tear-down, for a program whose
 * Fixture is AssayTestEnv itself: @flags is GUINT_TO_POINTER() of the
 * AssayTestEnvFlags, as ASSAY_TEST_ADD_ENV() passes them. */
void        assay_test_env_fixture_set_up    (AssayTestEnv  *env,
                                              gconstpointer  flags);
void        assay_test_env_fixture_tear_down (AssayTestEnv  *env,
                                              gconstpointer  data);

/* Adds the test @func on an AssayTestEnv set up with @flags. */
#define ASSAY_TEST_ADD_ENV(path, flags, func) \
  g_test_add ((path), AssayTestEnv, GUINT_TO_POINTER (flags), assay_test_env_fixture_set_up, \
              (func), assay_test_env_fixture_tear_down)

/* TRUE when the bytes of @needle occur anywhere in @path (a missing file
 * holds nothing). */
gboolean    assay_test_file_contains    (const char   *path,
                                         gconstpointer needle,
                                         gsize         needle_len);

GBytes     *assay_test_bytes            (const char   *text);

/* Writes @text to a new file @name in @dir; returns its path. */
char       *assay_test_write_file       (const char   *dir,
                                         const char   *name,
                                         const char   *text);

/* The number of rows in @vault's records table: every revision stored. */
guint       assay_test_n_revisions      (AssayVault   *vault);

/* The path of tests/fixtures/caseload/@name. */
char       *assay_test_caseload_fixture (const char   *name);
/* Imports the caseload file at @path, which must succeed, leaving no
 * transaction open. */
AssayCaseloadResult *assay_test_caseload_import (AssayStore *store,
                                                 const char *path);
/* The same for tests/fixtures/caseload/@name. */
AssayCaseloadResult *assay_test_caseload_import_fixture (AssayStore *store,
                                                         const char *name);
/* The stored fields of plan @case_ref, which must be there; unref them. */
JsonObject *assay_test_caseload_lookup  (AssayStore   *store,
                                         const char   *case_ref);
/* Fails the test unless @env's store holds @n_revisions revisions and the
 * caseload @before (from assay_caseload_list()), unchanged. */
void        assay_test_assert_caseload_same (AssayTestEnv *env,
                                             GPtrArray    *before,
                                             guint         n_revisions);
/* Fails the test unless caseload field @name of @fields reads @expected
 * (NULL: unless it is absent). */
void        assay_test_assert_field     (JsonObject   *fields,
                                         const char   *name,
                                         const char   *expected);

/* Saves the next revision of record @id with string members of its JSON
 * payload set, from NULL-terminated member, value pairs: how a colleague's
 * audit looks once their bundle is imported (bundle imports themselves are
 * tested with real bundles in test-bundle). */
void        assay_test_record_set_strings (AssayStore *store,
                                           const char *collection,
                                           const char *id,
                                           const char *first_member,
                                           ...) G_GNUC_NULL_TERMINATED;

/* A colleague as their imported audits name them. */
typedef struct
{
  const char *id;       /* public identity, 64 hex digits */
  const char *name;
  const char *agency;
} AssayTestModerator;

/* Colleagues as assay_test_make_partnership() and the comparison tests
 * name them. */
extern const AssayTestModerator assay_test_ann;   /* Ann Patel, Health */
extern const AssayTestModerator assay_test_bob;   /* Bob Jones, Social care */
extern const AssayTestModerator assay_test_cal;   /* Cal Okoro, Virtual school */

/* Grades every criterion @grade where it is allowed, else N/A where that
 * is allowed, else Not yet Bronze; and @nyb, unless NULL, Not yet Bronze. */
void        assay_test_audit_grade_all  (AssayAudit               *audit,
                                         AssayGrade                grade,
                                         const char               *nyb);
/* Grades every criterion the highest grade it allows at or below @grade
 * (else the lowest it allows, else N/A), and @nyb, unless NULL, Not yet
 * Bronze where it allows that: the derived grade is then close to @grade
 * on any framework. */
void        assay_test_audit_grade_near (AssayAudit               *audit,
                                         AssayGrade                grade,
                                         const char               *nyb);
/* In a setting visit with provision lines and none yet, one line delivered
 * in full; nothing otherwise. */
void        assay_test_audit_add_delivered_line (AssayAudit       *audit);
/* The audit's owner becomes @who, as in a colleague's imported bundle. */
void        assay_test_audit_become     (AssayStore               *store,
                                         const char               *id,
                                         const AssayTestModerator *who);
/* A finished audit of @case_ref graded as assay_test_audit_grade_all()
 * does, with its finished time set to @finished (NULL: now) and made by
 * @who (NULL: this vault's moderator). Returns its id. */
char       *assay_test_audit_finished   (AssayStore               *store,
                                         AssayFramework           *framework,
                                         const char               *case_ref,
                                         AssayGrade                grade,
                                         const char               *finished,
                                         const AssayTestModerator *who,
                                         const char               *nyb);

/* The plan references assay_test_make_partnership() writes. */
#define ASSAY_TEST_FORMULA_TEAM "=HYPERLINK(\"http://example.com\",\"North\")"

/*
 * A partnership's finished audits, for reports, on the built-in frameworks:
 * plans EHC-001 … EHC-@n_plans in the caseload (odd ones new plans on
 * ehcp-new, even ones annual reviews on ehcp-annual-review; team North or
 * South, but EHC-002's team is ASSAY_TEST_FORMULA_TEAM; every fifth a child
 * in care). This vault's moderator audits every plan, Ann Patel (Health)
 * the even ones and Bob Jones (Social care) every third, not always to the
 * same grade; the first half are finished in 2025-Q4, the rest in 2026-Q1.
 * The forum agreed EHC-002 as Bronze. Besides: EHC-900, audited but not in
 * the caseload; a setting visit of EHC-001 with one overdue action; and a
 * draft of EHC-777, which no report may show.
 */
void        assay_test_make_partnership (AssayStore               *store,
                                         AssayFrameworks          *frameworks,
                                         guint                     n_plans);

/* Adds @other's installation to @store's contacts, verified, as a chair
 * (@chair) or a moderator: colleagues who have compared fingerprints. */
void        assay_test_befriend         (AssayStore               *store,
                                         AssayVault               *other,
                                         gboolean                  chair);

/* The comparison of @env's store, filtered by @quarter and @agency (either
 * may be NULL). */
AssayComparison *assay_test_compare     (AssayTestEnv             *env,
                                         const char               *quarter,
                                         const char               *agency);

/* The JSON document @text, which must parse; free with json_node_unref(). */
JsonNode   *assay_test_parse_json       (const char               *text);
/* Fails the test unless @object has every member named in @members, a
 * space-separated list: the keys a JSON shape promises. */
void        assay_test_assert_members   (JsonObject               *object,
                                         const char               *members);

G_END_DECLS
