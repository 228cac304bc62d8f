/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-test-util.h"

G_BEGIN_DECLS

/*
 * What test-compare-stats and test-compare-model share: a folder with a
 * vault, its store, the built-in frameworks and tiny.json; colleagues'
 * audits made the way an import leaves them (a record in "audits" whose
 * payload names another moderator); and the hand-made set of plans.
 */
typedef AssayTestEnv Fixture;

/* The flags of that environment, for ASSAY_TEST_ADD_ENV(). */
#define COMPARE_TEST_ENV (ASSAY_TEST_ENV_BUILTIN | ASSAY_TEST_ENV_TINY)

/* A finished audit of @case_ref graded @grade overall, finished at
 * @finished, by @who (NULL: this installation's own moderator). */
char *make_audit (Fixture                  *f,
                  const char               *case_ref,
                  AssayFramework           *framework,
                  AssayGrade                grade,
                  const char               *finished,
                  const AssayTestModerator *who,
                  const char               *nyb);

/* The same on tiny.json, without an id. */
void add (Fixture                  *f,
          const char               *case_ref,
          AssayGrade                grade,
          const char               *finished,
          const AssayTestModerator *who);

/* The index of @case_ref among the comparison's cases, or -1. */
int find_case (AssayComparison *comparison,
               const char      *case_ref);

JsonObject *to_json (AssayComparison *comparison);

/* The first object in @array whose string @member is @value, or NULL. */
JsonObject *find_object (JsonArray  *array,
                         const char *member,
                         const char *value);

gint64 count_of (JsonObject *distribution,
                 const char *key,
                 const char *grade);

/*
 * The hand-made set. Four plans moderated twice or more, one once:
 *
 *   plan   own (Education)  Ann (Health)  Bob (Social care)
 *   C1     gold             silver        not yet bronze
 *   C2     silver           silver
 *   C3     bronze           bronze
 *   C4     silver           bronze
 *   C5     gold
 *
 * Pairs: C1 gives three (differences 1, 3 and 2), C2–C4 one each (0, 0, 1):
 * 6 pairs, 2 exact, 4 within one grade.
 */
void make_hand_set (Fixture *f);

G_END_DECLS
