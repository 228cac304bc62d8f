/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "assay-cli-test-util.h"
#include "assay-test-util.h"

/*
 * What a bundle costs (issue 13): one finished 59-criterion audit, graded
 * criterion by criterion through the real assay-cli with notes of a
 * realistic length, travels in under 20 KB, since a bundle carries the
 * newest revision of each record and never the edit history.
 */

#define SIZE_LIMIT 20000

typedef AssayTestEnv Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  assay_test_cli_env_set_up (f, "Ruth Mensah", "Health");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  assay_test_env_tear_down (f);
}

static AssayTestRun *
run (Fixture    *f,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, f->path);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return assay_test_run_cli_argv (ASSAY_TEST_PASSPHRASE, NULL,
                                  (const char * const *) args->pdata);
}

/* The criteria of ehcp-new 2026.1, the version the audit is made on. */
static GPtrArray *
list_criteria (void)
{
  g_autoptr(AssayFrameworks) frameworks = assay_frameworks_new_default ();
  g_autoptr(AssayFramework) framework = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *criteria = g_ptr_array_new_with_free_func (g_free);

  framework = assay_frameworks_lookup (frameworks, "ehcp-new", "2026.1", &error);
  g_assert_no_error (error);
  for (guint s = 0; s < assay_framework_get_n_sections (framework); s++)
    {
      const AssaySection *section = assay_framework_get_section (framework, s);

      for (guint c = 0; c < section->criteria->len; c++)
        g_ptr_array_add (criteria,
                         g_strdup (((const AssayCriterion *) section->criteria->pdata[c])->id));
    }

  return criteria;
}

static void
test_export_one_audit (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *csv = assay_test_caseload_fixture ("utf8.csv");
  g_autofree char *bundle = g_build_filename (f->dir, "one-audit.assay", NULL);
  g_autoptr(GPtrArray) criteria = list_criteria ();
  g_autoptr(AssayTestRun) step = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *id = NULL;
  GStatBuf st;

  g_assert_cmpuint (criteria->len, ==, 59);

  step = run (f, "caseload", "import", csv, NULL);
  g_assert_cmpint (step->status, ==, 0);
  g_clear_pointer (&step, assay_test_run_free);
  step = run (f, "audit", "new", "--case", "EHC-1001", "--framework", "ehcp-new",
              "--version", "2026.1", NULL);
  g_assert_cmpint (step->status, ==, 0);
  id = g_strstrip (g_strdup (step->out));

  /* A note of two or three sentences on every criterion, as moderators
   * write them. */
  for (guint i = 0; i < criteria->len; i++)
    {
      g_autofree char *evidence =
        g_strdup_printf ("%s: section F says “access to speech and language therapy” — it is "
                         "not specific enough for the setting to know what to deliver. "
                         "Missing: who delivers it and how often.",
                         (const char *) criteria->pdata[i]);

      g_clear_pointer (&step, assay_test_run_free);
      step = run (f, "audit", "grade", id, criteria->pdata[i], "silver", "--evidence", evidence,
                  NULL);
      g_assert_cmpint (step->status, ==, 0);
    }

  /* Every grade given from the command line is a revision of its own. */
  g_clear_pointer (&step, assay_test_run_free);
  step = run (f, "--json", "audit", "history", id, NULL);
  g_assert_cmpint (step->status, ==, 0);
  root = assay_test_parse_json (step->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1 + criteria->len);
  g_clear_pointer (&root, json_node_unref);

  g_clear_pointer (&step, assay_test_run_free);
  step = run (f, "audit", "finish", id, NULL);
  g_assert_cmpint (step->status, ==, 0);

  g_clear_pointer (&step, assay_test_run_free);
  step = run (f, "--json", "export", "--to", bundle, NULL);
  g_assert_cmpint (step->status, ==, 0);
  root = assay_test_parse_json (step->out);
  /* The audit and the plan it is about, each its newest revision alone. */
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "records"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "revisions"), ==, 2);

  g_assert_cmpint (g_stat (bundle, &st), ==, 0);
  g_test_message ("one finished 59-criterion audit: a bundle of %" G_GINT64_FORMAT " bytes",
                  (gint64) st.st_size);
  g_assert_cmpint (st.st_size, <, SIZE_LIMIT);
}

int
main (int   argc,
      char *argv[])
{
  assay_test_cli_init (&argc, &argv);

  g_test_add ("/export-size/one-audit", Fixture, NULL, fixture_set_up, test_export_one_audit,
              fixture_tear_down);

  return g_test_run ();
}
