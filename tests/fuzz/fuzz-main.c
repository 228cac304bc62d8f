/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "assay-fuzz.h"

/*
 * Replays every file of the corpus folders (or single files) given on the
 * command line through LLVMFuzzerTestOneInput(), so that a corpus runs as an
 * ordinary meson test with any compiler, and under the sanitizers in the
 * ASan/UBSan build. A crash or a failed check aborts, failing the test.
 */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static gboolean
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      g_printerr ("fuzz-main: %s\n", error->message);
      return FALSE;
    }

  /* libFuzzer hands over exactly @len bytes, with no terminating NUL: a copy
   * of that size lets ASan see any read past the end. */
  {
    g_autofree guint8 *copy = g_memdup2 (contents, len);

    LLVMFuzzerTestOneInput (copy, len);
  }

  return TRUE;
}

static gboolean
replay_dir (const char *path,
            guint      *n_files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      g_printerr ("fuzz-main: %s\n", error->message);
      return FALSE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* The same order every run, so a failure is easy to reproduce. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (path, names->pdata[i], NULL);

      if (!g_file_test (child, G_FILE_TEST_IS_REGULAR))
        continue;

      if (!replay_file (child))
        return FALSE;
      (*n_files)++;
    }

  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  guint n_files = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: %s CORPUS-DIR|FILE…\n", argv[0]);
      return 1;
    }

  for (int i = 1; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          if (!replay_dir (argv[i], &n_files))
            return 1;
        }
      else
        {
          if (!replay_file (argv[i]))
            return 1;
          n_files++;
        }
    }

  /* An empty or mistyped corpus path must not pass as a clean run. */
  if (n_files == 0)
    {
      g_printerr ("fuzz-main: no input files found\n");
      return 1;
    }

  printf ("replayed %u inputs\n", n_files);

  return 0;
}
