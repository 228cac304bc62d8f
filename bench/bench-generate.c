/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-generate"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "assay-bundle.h"
#include "assay-caseload.h"
#include "assay-audit-index.h"
#include "assay-frameworks.h"
#include "assay-synth.h"
#include "assay-test-util.h"

/*
 * Makes the vaults build-aux/bench.sh measures, the same for the same N:
 *
 *   DIR/me.db        a moderator's vault holding N audits: their own
 *                    (finished and drafts) and three colleagues' finished
 *                    ones, imported from their bundles, so that most plans
 *                    have two moderators' grades to compare
 *   DIR/receiver.db  an empty vault that knows all four, for imports
 *   DIR/info         the receiver's identity, for `export --recipient`
 *
 * The colleagues' own vaults (DIR/ann.db, bob.db, cath.db) are removed
 * once their bundles are in: nothing measures them, and at 100,000 audits
 * they hold gigabytes.
 *
 * Everything goes in through the real store, in one transaction per vault.
 * The vaults are made with the cheapest key derivation, then given the
 * default one, so every unlock costs what a user's does and no more
 * (the CLI raises a cheaper one to the default on unlock, which would
 * put a second derivation in the first command measured).
 *
 * Usage: bench-generate N DIR [SEED]; prints what it made and how long it
 * took, and leaves DIR/ready last, so a half-made folder is never reused.
 */

#define PASSPHRASE "benchmark passphrase"

typedef struct
{
  const char *file;
  const char *name;
  const char *agency;
  AssayVault *vault;
  AssayStore *store;
  GPtrArray  *cases;   /* of JsonObject, by case_ref */
} Installation;

/* The share of each kind of audit: plans, reviews and advice, as a
 * partnership's sample draws them (setting visits need provision lines,
 * which a script does not write, so they are left out) */
static const struct {
  const char *framework;
  guint       weight;
} kinds[] = {
  { "ehcp-new", 35 },
  { "ehcp-annual-review", 35 },
  { "advice-education", 10 },
  { "advice-health", 10 },
  { "advice-social-care", 10 },
};

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static void
installation_open (Installation *who,
                   const char   *dir)
{
  g_autofree char *path = g_build_filename (dir, who->file, NULL);
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssaySecureString) key = NULL;
  g_autoptr(GError) error = NULL;
  AssayKdfParams params;

  database = assay_database_open (path, &error);
  g_assert_no_error (error);
  who->vault = assay_vault_new (database);
  assay_kdf_params_init_fast (&params);
  assay_vault_create (who->vault, PASSPHRASE, &params, who->name, who->agency, &key, &error);
  g_assert_no_error (error);
  who->store = assay_store_new (who->vault);
}

static void
installation_close (Installation *who)
{
  g_clear_pointer (&who->cases, g_ptr_array_unref);
  g_clear_object (&who->store);
  g_clear_object (&who->vault);
}

static void
import_caseload (Installation *who,
                 const char   *csv_path)
{
  g_autoptr(AssayCaseloadResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!assay_caseload_import (who->store, csv_path, &result, &error))
    g_error ("%s", error->message);
  /* Looking a plan up opens every plan: read them once */
  who->cases = assay_caseload_list (who->store, &error);
  g_assert_no_error (error);
}

static AssayFramework *
pick_framework (GRand     *rand,
                GPtrArray *frameworks)
{
  guint roll = (guint) g_rand_int_range (rand, 0, 100);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (roll < kinds[i].weight)
        return g_ptr_array_index (frameworks, i);
      roll -= kinds[i].weight;
    }

  return g_ptr_array_index (frameworks, 0);
}

/*
 * One audit of plan @plan by @who: every criterion graded from @level, or
 * as a second look at @first's grades when that is not NULL (then the
 * grades given are left in @first's place for nobody else). Drafts stop
 * part way. Three revisions: created, graded, finished.
 */
static void
make_audit (Installation   *who,
            GRand          *rand,
            AssayFramework *framework,
            guint           plan,
            AssayGrade      level,
            GArray         *grades,
            gboolean        second,
            gboolean        draft)
{
  JsonObject *fields = g_ptr_array_index (who->cases, plan);
  const char *case_ref = json_object_get_string_member (fields, "case_ref");
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (AssayGradeEntry));
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(GError) error = NULL;
  guint conditions;
  guint index = 0;
  guint stop = G_MAXUINT;

  audit = assay_audit_create_for_case (who->store, framework, case_ref, fields, FALSE, &error);
  g_assert_no_error (error);
  conditions = assay_audit_get_case_conditions (audit);
  if (draft)
    stop = (guint) g_rand_int_range (rand, 1, (gint32) assay_framework_get_n_criteria (framework));

  for (guint s = 0; s < assay_framework_get_n_sections (framework); s++)
    {
      const AssaySection *section = assay_framework_get_section (framework, s);

      for (guint c = 0; c < section->criteria->len; c++, index++)
        {
          const AssayCriterion *criterion = section->criteria->pdata[c];
          AssayGradeEntry entry = { criterion->id, ASSAY_GRADE_NONE, NULL };
          char *note;

          if (second)
            entry.grade = assay_synth_regrade (rand, criterion, conditions,
                                               g_array_index (grades, AssayGrade, index));
          else
            {
              entry.grade = assay_synth_grade (rand, criterion, conditions, level);
              g_array_append_val (grades, entry.grade);
            }
          if (index >= stop)
            continue;

          note = assay_synth_evidence (rand, entry.grade);
          if (note != NULL)
            g_ptr_array_add (notes, note);
          entry.evidence = note;
          g_array_append_val (entries, entry);
        }
    }

  if (!assay_audit_set_grades (audit, (AssayGradeEntry *) (gpointer) entries->data,
                               entries->len, NULL, &error))
    g_error ("Grading an audit of %s on %s: %s", case_ref, assay_framework_get_id (framework),
             error->message);
  if (!draft && !assay_audit_finish (audit, ASSAY_GRADE_NONE, NULL, &error))
    g_error ("Finishing an audit of %s: %s", case_ref, error->message);
}

/* @from's bundle of every finished audit, for @to */
static void
send_bundle (Installation    *from,
             Installation    *to,
             AssayFrameworks *frameworks,
             const char      *dir)
{
  g_autofree char *name = g_strdup_printf ("from-%s.bundle", from->file);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const char *recipients[] = { assay_vault_get_identity (to->vault), NULL };
  AssayExportOptions options = { recipients, NULL, NULL };
  AssayExportSummary summary = { 0, };

  if (!assay_bundle_export (from->store, file, &options, &summary, NULL, &error))
    g_error ("Exporting %s: %s", from->file, error->message);
  report = assay_bundle_import (to->store, file, NULL, ASSAY_IMPORT_NONE, NULL, &error);
  if (report == NULL)
    g_error ("Importing %s's bundle: %s", from->name, error->message);
  /* As the CLI and the GUI do after an import */
  if (!assay_audit_index_refresh (to->store, frameworks, NULL, NULL, &error))
    g_error ("Summarising %s's audits: %s", from->name, error->message);
  g_print ("bundle: %s sent %u records\n", from->name, summary.n_records);
  g_unlink (path);
}

static void
raise_kdf (Installation *who)
{
  g_autoptr(GError) error = NULL;

  if (!assay_vault_change_passphrase (who->vault, PASSPHRASE, &error))
    g_error ("%s", error->message);
}

int
main (int    argc,
      char **argv)
{
  Installation people[] = {
    { "me.db", "Priya Shah", "Education", NULL, NULL, NULL },
    { "ann.db", "Ann Patel", "Health", NULL, NULL, NULL },
    { "bob.db", "Bob Jones", "Social care", NULL, NULL, NULL },
    { "cath.db", "Cath Lee", "Education", NULL, NULL, NULL },
  };
  Installation receiver = { "receiver.db", "Rob Kay", "Education", NULL, NULL, NULL };
  Installation *me = &people[0];
  g_autoptr(GRand) rand = NULL;
  g_autoptr(AssayFrameworks) installed = assay_frameworks_new_default ();
  g_autoptr(GPtrArray) frameworks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *info = NULL;
  g_autofree char *info_path = NULL;
  g_autofree char *ready_path = NULL;
  const char *dir;
  guint n, n_plans, made = 0, drafts = 0;
  guint32 seed;
  gsize len;
  gint64 start, step_start;

  if (argc < 3)
    {
      g_printerr ("Usage: bench-generate N DIR [SEED]\n");
      return 1;
    }
  n = (guint) g_ascii_strtoull (argv[1], NULL, 10);
  dir = argv[2];
  seed = argc > 3 ? (guint32) g_ascii_strtoull (argv[3], NULL, 10) : 1;
  rand = g_rand_new_with_seed (seed);
  /* Each plan audited about twice */
  n_plans = MAX (n / 2, 10);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_error ("Cannot make %s", dir);
  ready_path = g_build_filename (dir, "ready", NULL);
  g_unlink (ready_path);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      AssayFramework *framework = assay_frameworks_lookup (installed, kinds[i].framework, NULL,
                                                           &error);

      g_assert_no_error (error);
      g_ptr_array_add (frameworks, framework);
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    installation_open (&people[i], dir);
  installation_open (&receiver, dir);
  for (guint i = 1; i < G_N_ELEMENTS (people); i++)
    {
      assay_test_befriend (me->store, people[i].vault, FALSE);
      assay_test_befriend (people[i].store, me->vault, FALSE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    assay_test_befriend (receiver.store, people[i].vault, FALSE);

  step_start = g_get_monotonic_time ();
  csv = assay_synth_caseload_csv (n_plans, seed, &len);
  csv_path = g_build_filename (dir, "caseload.csv", NULL);
  if (!g_file_set_contents (csv_path, csv, (gssize) len, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    import_caseload (&people[i], csv_path);
  g_unlink (csv_path);
  g_print ("caseload: %u plans into %u vaults in %.1f s\n", n_plans,
           (guint) G_N_ELEMENTS (people), seconds_since (step_start));

  /* One transaction per vault: a durable commit per revision would take
   * hours at 100,000 audits */
  step_start = g_get_monotonic_time ();
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    if (!assay_store_begin (people[i].store, &error))
      g_error ("%s", error->message);

  for (guint plan = 0; made < n; plan = (plan + 1) % n_plans)
    {
      AssayFramework *framework = pick_framework (rand, frameworks);
      AssayGrade level = assay_synth_level (rand);
      g_autoptr(GArray) grades = g_array_new (FALSE, FALSE, sizeof (AssayGrade));
      /* Half the audits are this moderator's; a colleague looks again */
      guint first = g_rand_int_range (rand, 0, 100) < 60 ? 0 : (guint) g_rand_int_range (rand, 1, 4);
      guint second = first == 0 ? (guint) g_rand_int_range (rand, 1, 4) : 0;

      for (guint look = 0; look < 2 && made < n; look++)
        {
          Installation *who = &people[look == 0 ? first : second];
          /* Colleagues' drafts stay on their own computers */
          gboolean draft = who == me && g_rand_int_range (rand, 0, 100) < 12;

          make_audit (who, rand, framework, plan, level, grades, look == 1, draft);
          made++;
          drafts += draft;
          if (made % 5000 == 0)
            g_printerr ("%u of %u audits (%.0f s)\n", made, n, seconds_since (step_start));
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    if (!assay_store_commit (people[i].store, &error))
      g_error ("%s", error->message);
  g_print ("audits: %u (%u drafts) in %.1f s\n", made, drafts, seconds_since (step_start));

  step_start = g_get_monotonic_time ();
  for (guint i = 1; i < G_N_ELEMENTS (people); i++)
    send_bundle (&people[i], me, installed, dir);
  g_print ("bundles: colleagues' audits into the moderator's vault in %.1f s\n",
           seconds_since (step_start));

  raise_kdf (me);
  raise_kdf (&receiver);

  info = g_strdup_printf ("receiver=%s\nn=%u\nseed=%u\nseconds=%.0f\n",
                          assay_vault_get_identity (receiver.vault), n, seed,
                          seconds_since (start));
  info_path = g_build_filename (dir, "info", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    installation_close (&people[i]);
  installation_close (&receiver);
  for (guint i = 1; i < G_N_ELEMENTS (people); i++)
    {
      g_autofree char *path = g_build_filename (dir, people[i].file, NULL);

      g_unlink (path);
    }

  if (!g_file_set_contents (info_path, info, -1, &error) ||
      !g_file_set_contents (ready_path, "", 0, &error))
    g_error ("%s", error->message);
  g_print ("generated: n=%u in %.1f s\n", n, seconds_since (start));

  return 0;
}
