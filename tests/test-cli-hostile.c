/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "assay-cli-test-util.h"
#include "assay-test-util.h"

/*
 * Files that are hostile or impossible, through the real binary: every file
 * the CLI reads is refused at once (exit 3, naming it) when it could block,
 * never end, fill memory or exhaust the stack; every file it writes fails
 * with 5, naming it, when it cannot be written, and no device or pipe is
 * ever replaced by it.
 */

/* Deep enough that json-glib, which recurses, would exhaust the stack */
#define HOSTILE_DEPTH 200000

/* A folder with a vault made by `assay-cli init`: the shared test environment. */
typedef AssayTestEnv Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  assay_test_cli_env_set_up (f, NULL, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  assay_test_env_tear_down (f);
}

static char *
write_deep_json (const char *dir,
                 const char *name)
{
  g_autoptr(GString) text = g_string_sized_new (2 * HOSTILE_DEPTH);
  char *path = g_build_filename (dir, name, NULL);

  for (guint i = 0; i < HOSTILE_DEPTH; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < HOSTILE_DEPTH; i++)
    g_string_append_c (text, ']');
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));

  return path;
}

static char *
make_fifo (const char *dir,
           const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);

  return path;
}

/* Runs the NULL-terminated command after the vault's --db with @path last,
 * and expects @status with @path and @message on stderr, within seconds */
static void
assert_fails (Fixture    *f,
              int         status,
              const char *path,
              const char *message,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(AssayTestRun) run = NULL;
  gint64 start = g_get_monotonic_time ();
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, f->path);
  va_start (args, message);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, (char *) path);
  g_ptr_array_add (argv, NULL);

  run = assay_test_run_cli_argv (ASSAY_TEST_PASSPHRASE, NULL,
                                 (const char * const *) argv->pdata);
  g_test_message ("%s", run->err);
  g_assert_cmpint (run->status, ==, status);
  assay_test_assert_contains (run->err, path);
  assay_test_assert_contains (run->err, message);
  /* A key derivation takes a second or two; reading without end would not end */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
}

static char *
new_audit (Fixture *f)
{
  g_autoptr(AssayTestRun) run = NULL;

  run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "new",
                            "--case", "EHC-1001", "--framework", "ehcp-new", NULL);
  g_assert_cmpint (run->status, ==, 0);

  return g_strdup (g_strstrip (run->out));
}

static void
test_hostile_grades (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = new_audit (f);
  g_autofree char *deep = write_deep_json (f->dir, "deep.json");
  g_autofree char *fifo = make_fifo (f->dir, "grades.csv");
  g_autofree char *huge = assay_test_make_huge_file (f->dir, "huge.csv");
  g_autoptr(AssayTestRun) show = NULL;
  g_autoptr(JsonNode) root = NULL;

  assert_fails (f, 3, deep, "nested more than 8 levels", "audit", "grade", id, "--from", NULL);
  assert_fails (f, 3, fifo, "not a file", "audit", "grade", id, "--from", NULL);
  assert_fails (f, 3, "/dev/zero", "not a file", "audit", "grade", id, "--from", NULL);
  assert_fails (f, 3, f->dir, "not a file", "audit", "grade", id, "--from", NULL);
  assert_fails (f, 3, huge, "too large", "audit", "grade", id, "--from", NULL);

  /* The audit is as it was */
  show = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", f->path, "audit", "show", id,
                             "--json", NULL);
  g_assert_cmpint (show->status, ==, 0);
  root = assay_test_parse_json (show->out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (root), "grades")), ==, 0);
}

static void
test_hostile_bundles (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *fifo = make_fifo (f->dir, "fifo.assay");
  g_autofree char *huge = assay_test_make_huge_file (f->dir, "huge.assay");

  assert_fails (f, 3, "/dev/zero", "not a file", "import", NULL);
  assert_fails (f, 3, fifo, "not a file", "import", NULL);
  assert_fails (f, 3, f->dir, "not a file", "import", NULL);
  assert_fails (f, 3, huge, "not an Assay bundle", "import", NULL);
}

/* A framework file that would crash the parser, and one that would block,
 * are skipped with a warning naming each; the rest are listed */
static void
test_hostile_frameworks (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *saved = g_strdup (g_getenv ("XDG_DATA_HOME"));
  g_autofree char *home = g_build_filename (f->dir, "data", NULL);
  g_autofree char *folder = g_build_filename (home, "assay", "frameworks", NULL);
  g_autofree char *deep = NULL;
  g_autofree char *fifo = NULL;
  g_autoptr(AssayTestRun) run = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  deep = write_deep_json (folder, "deep.json");
  fifo = make_fifo (folder, "pipe.json");

  g_setenv ("XDG_DATA_HOME", home, TRUE);
  run = assay_test_run_cli (NULL, NULL, "frameworks", NULL);
  if (saved != NULL)
    g_setenv ("XDG_DATA_HOME", saved, TRUE);
  else
    g_unsetenv ("XDG_DATA_HOME");

  g_test_message ("%s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  assay_test_assert_contains (run->out, "ehcp-new");
  assay_test_assert_contains (run->err, deep);
  assay_test_assert_contains (run->err, "nested more than");
  assay_test_assert_contains (run->err, fifo);
}

/* A bundle or a report that cannot be written where asked: 5, naming the
 * place, and nothing left beside it */
static void
test_hostile_unwritable (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *nowhere = g_build_filename (f->dir, "no-such-folder", "out", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  for (guint i = 0; i < 2; i++)
    {
      const char *command = i == 0 ? "export" : "report";
      const char *option = i == 0 ? "--to" : "--csv";
      g_autofree char *fifo = make_fifo (f->dir, i == 0 ? "pipe.assay" : "pipe.csv");

      g_test_message ("%s %s", command, option);
      assert_fails (f, 5, nowhere, "No such file", command, option, NULL);
      assert_fails (f, 5, f->dir, "folder or a device", command, option, NULL);
      /* Root may write in /dev, so for root a pipe stands in for /dev/full:
       * were the check gone, the device itself would be replaced */
      assert_fails (f, 5, fifo, "folder or a device", command, option, NULL);
      if (geteuid () != 0)
        {
          g_autofree char *locked = g_build_filename (f->dir, "read-only", NULL);
          g_autofree char *inside = g_build_filename (locked, "out", NULL);

          assert_fails (f, 5, "/dev/full", "", command, option, NULL);
          g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
          assert_fails (f, 5, inside, "Permission denied", command, option, NULL);
          g_assert_cmpint (g_rmdir (locked), ==, 0);
        }
      else
        g_test_message ("as root: /dev/full and a read-only folder not tried");
    }

  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_null (strstr (name, ".partial-"));
}

int
main (int    argc,
      char **argv)
{
  assay_test_cli_init (&argc, &argv);

  ASSAY_TEST_ADD ("/cli/hostile/grades", test_hostile_grades);
  ASSAY_TEST_ADD ("/cli/hostile/bundles", test_hostile_bundles);
  ASSAY_TEST_ADD ("/cli/hostile/frameworks", test_hostile_frameworks);
  ASSAY_TEST_ADD ("/cli/hostile/unwritable", test_hostile_unwritable);

  return g_test_run ();
}
