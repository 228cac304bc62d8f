/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-test"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "assay-cli-test-util.h"
#include "assay-test-util.h"

/*
 * Runs the real assay-cli binary, as a person or a script would. Tests pass
 * "--cli PATH" (tests/meson.build does) or find it in the build tree.
 */

static char *cli_path;

void
assay_test_cli_init (int    *argc,
                     char ***argv)
{
  g_test_init (argc, argv, NULL);

  for (int i = 1; i < *argc; i++)
    if (g_str_equal ((*argv)[i], "--cli") && i + 1 < *argc)
      cli_path = (*argv)[i + 1];

  if (cli_path == NULL)
    cli_path = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "app", "cli", "assay-cli",
                                 NULL);
}


void
assay_test_run_free (AssayTestRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}


static void
detach_terminal (gpointer user_data)
{
  /* No controlling terminal: a prompt must fail, never hang the test. */
  setsid ();
}

/* Runs assay-cli with @passphrase and @new_passphrase in the environment
 * (NULL leaves them unset) and the NULL-terminated arguments. */
AssayTestRun *
assay_test_run_cli (const char *passphrase,
                    const char *new_passphrase,
                    ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, new_passphrase);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return assay_test_run_cli_argv (passphrase, new_passphrase,
                                  (const char * const *) args->pdata);
}

AssayTestRun *
assay_test_run_cli_argv (const char         *passphrase,
                         const char         *new_passphrase,
                         const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  AssayTestRun *run = g_new0 (AssayTestRun, 1);

  g_ptr_array_add (args, cli_path);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "ASSAY_PASSPHRASE");
  g_subprocess_launcher_unsetenv (launcher, "ASSAY_NEW_PASSPHRASE");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  if (passphrase != NULL)
    g_subprocess_launcher_setenv (launcher, "ASSAY_PASSPHRASE", passphrase, TRUE);
  if (new_passphrase != NULL)
    g_subprocess_launcher_setenv (launcher, "ASSAY_NEW_PASSPHRASE", new_passphrase, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, detach_terminal, NULL, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);

  if (g_test_verbose ())
    g_test_message ("exit %d\nstdout: %s\nstderr: %s", run->status, run->out, run->err);

  return run;
}

void
assay_test_assert_contains (const char *text,
                            const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in “%s”", needle, text);
}

char *
assay_test_line_value (const char *text,
                       const char *label)
{
  const char *start = strstr (text, label);
  const char *end;

  g_assert_nonnull (start);
  start += strlen (label);
  end = strchr (start, '\n');

  return g_strndup (start, end != NULL ? (gsize) (end - start) : strlen (start));
}


void
assay_test_cli_init_vault (const char *db,
                           const char *name,
                           const char *agency)
{
  g_autoptr(AssayTestRun) run = NULL;

  if (name != NULL)
    run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", db, "init", "--name", name,
                              "--agency", agency, NULL);
  else
    run = assay_test_run_cli (ASSAY_TEST_PASSPHRASE, NULL, "--db", db, "init", NULL);
  g_assert_cmpint (run->status, ==, 0);
}

void
assay_test_cli_env_set_up (AssayTestEnv *env,
                           const char   *name,
                           const char   *agency)
{
  assay_test_env_set_up (env, ASSAY_TEST_ENV_NO_VAULT);
  assay_test_cli_init_vault (env->path, name, agency);
}

AssayStore *
assay_test_cli_open_store (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;

  database = assay_database_open (db, &error);
  g_assert_no_error (error);
  vault = assay_vault_new (database);
  g_assert_true (assay_vault_unlock (vault, ASSAY_TEST_PASSPHRASE, &error));

  return assay_store_new (vault);
}

char *
assay_test_make_huge_file (const char *dir,
                           const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  /* Sparse: five gigabytes that take no disk space and no time to make. */
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 5 * 1024 * 1024 * 1024), ==, 0);
  g_assert_true (g_close (fd, NULL));

  return path;
}
