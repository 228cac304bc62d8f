/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-head"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "assay-head-private.h"

/*
 * What this computer last saw of each vault, kept outside the database
 * (under $XDG_STATE_HOME/assay/vaults/), so that the whole file put back to
 * an older copy is told from the vault as it was left. See
 * assay-head-private.h.
 */

/* One file per vault and place: a copy of a vault kept elsewhere (a second
 * installation under test, a file carried to a colleague's machine) is
 * another vault's history, while the same file put back to an older state
 * is caught. */
static char *
seen_path (const char *identity,
           const char *database_path)
{
  g_autofree char *real = realpath (database_path, NULL);
  g_autofree char *where = real != NULL ? g_strdup (real)
                                        : g_canonicalize_filename (database_path, NULL);
  g_autofree char *name = NULL;
  guint8 hash[16];
  char hex[sizeof hash * 2 + 1];
  crypto_generichash_state state;

  crypto_generichash_init (&state, NULL, 0, sizeof hash);
  crypto_generichash_update (&state, (const guint8 *) identity, strlen (identity) + 1);
  crypto_generichash_update (&state, (const guint8 *) where, strlen (where) + 1);
  crypto_generichash_final (&state, hash, sizeof hash);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);

  return g_build_filename (g_get_user_state_dir (), "assay", "vaults", hex, NULL);
}

/*
 * Writing the record of what was seen costs an fsync, ten times what a save
 * costs, so a process writes it at most once a second and the last one when
 * it exits. A record that lags behind the vault is safe: it only misses a
 * restore to a copy made in that second; one ahead of it cannot happen.
 */
#define SEEN_WRITE_INTERVAL G_USEC_PER_SEC

static GMutex seen_lock;
static char *pending_path;
static char *pending_data;
static gint64 last_write;
static char *last_path;
static char *last_data;

static void
seen_write_now (const char *path,
                const char *data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  /* The folder may have gone since the write was held back. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_warning ("Could not create %s: %s", dir, g_strerror (errno));
      return;
    }

  if (!g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_warning ("Could not record the vault's head in %s: %s", path, error->message);
}

void
_assay_head_seen_flush (void)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;

  g_mutex_lock (&seen_lock);
  path = g_steal_pointer (&pending_path);
  data = g_steal_pointer (&pending_data);
  g_clear_pointer (&last_path, g_free);
  g_clear_pointer (&last_data, g_free);
  g_mutex_unlock (&seen_lock);

  if (path != NULL)
    seen_write_now (path, data);
}

static void
flush_at_exit (void)
{
  _assay_head_seen_flush ();
}

static void
seen_write (const char *path,
            const char *data,
            gboolean    now)
{
  static gsize registered = 0;
  gint64 time = g_get_monotonic_time ();

  if (g_once_init_enter (&registered))
    {
      atexit (flush_at_exit);
      g_once_init_leave (&registered, 1);
    }

  g_mutex_lock (&seen_lock);

  if (!now && g_strcmp0 (path, last_path) == 0 && time - last_write < SEEN_WRITE_INTERVAL)
    {
      g_free (pending_path);
      g_free (pending_data);
      pending_path = g_strdup (path);
      pending_data = g_strdup (data);
      g_mutex_unlock (&seen_lock);
      return;
    }

  /* This write supersedes one held back for the same vault. */
  if (g_strcmp0 (path, pending_path) == 0)
    {
      g_clear_pointer (&pending_path, g_free);
      g_clear_pointer (&pending_data, g_free);
    }
  g_free (last_path);
  g_free (last_data);
  last_path = g_strdup (path);
  last_data = g_strdup (data);
  last_write = time;
  g_mutex_unlock (&seen_lock);

  seen_write_now (path, data);
}

void
_assay_head_seen_load (const char    *identity,
                       const char    *database_path,
                       AssayHeadSeen *seen)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = NULL;
  g_autofree char *mac = NULL;
  gboolean loaded = FALSE;
  gsize len = 0;

  memset (seen, 0, sizeof *seen);
  if (identity == NULL)
    return;

  path = seen_path (identity, database_path);

  /* What this process held back or wrote last is at least as new as the
   * file (another process's later record only says less). */
  g_mutex_lock (&seen_lock);
  if (g_strcmp0 (path, pending_path) == 0)
    loaded = g_key_file_load_from_data (file, pending_data, -1, G_KEY_FILE_NONE, NULL);
  else if (g_strcmp0 (path, last_path) == 0)
    loaded = g_key_file_load_from_data (file, last_data, -1, G_KEY_FILE_NONE, NULL);
  g_mutex_unlock (&seen_lock);

  if (!loaded && !g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return;

  seen->generation = g_key_file_get_int64 (file, "Head", "Generation", NULL);
  mac = g_key_file_get_string (file, "Head", "Mac", NULL);
  if (mac == NULL ||
      sodium_hex2bin (seen->mac, sizeof seen->mac, mac, strlen (mac), NULL, &len, NULL) != 0 ||
      len != sizeof seen->mac)
    memset (seen->mac, 0, sizeof seen->mac);
  seen->kdf.opslimit = g_key_file_get_uint64 (file, "Head", "KdfOpslimit", NULL);
  seen->kdf.memlimit = g_key_file_get_uint64 (file, "Head", "KdfMemlimit", NULL);
  seen->present = seen->generation > 0;
}

void
_assay_head_seen_save (const char           *identity,
                       const char           *database_path,
                       const AssayHead      *head,
                       const AssayKdfParams *kdf,
                       gboolean              force)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  char mac[ASSAY_HEAD_BYTES * 2 + 1];
  AssayHeadSeen seen;

  if (identity == NULL)
    return;

  /* Another process may have written a later head and said so first. */
  _assay_head_seen_load (identity, database_path, &seen);
  if (!force && seen.present && seen.generation > head->generation)
    return;

  path = seen_path (identity, database_path);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_warning ("Could not create %s: %s", dir, g_strerror (errno));
      return;
    }

  sodium_bin2hex (mac, sizeof mac, head->mac, sizeof head->mac);
  g_key_file_set_string (file, "Head", "Database", database_path);
  g_key_file_set_int64 (file, "Head", "Generation", head->generation);
  g_key_file_set_string (file, "Head", "Mac", mac);
  if (kdf != NULL)
    {
      g_key_file_set_uint64 (file, "Head", "KdfOpslimit", kdf->opslimit);
      g_key_file_set_uint64 (file, "Head", "KdfMemlimit", kdf->memlimit);
    }
  else if (seen.present)
    {
      g_key_file_set_uint64 (file, "Head", "KdfOpslimit", seen.kdf.opslimit);
      g_key_file_set_uint64 (file, "Head", "KdfMemlimit", seen.kdf.memlimit);
    }

  data = g_key_file_to_data (file, NULL, NULL);
  seen_write (path, data, force);
}

char *
_assay_head_seen_problem (const AssayHeadSeen *seen,
                          const AssayHead     *head)
{
  if (!seen->present || head->generation > seen->generation)
    return NULL;

  if (head->generation == seen->generation &&
      sodium_memcmp (head->mac, seen->mac, sizeof head->mac) == 0)
    return NULL;

  if (head->generation == seen->generation)
    return g_strdup_printf (_("this file is another copy of the vault than the one last seen "
                              "on this computer (both at change %" G_GINT64_FORMAT ")"),
                            head->generation);

  return g_strdup_printf (_("this file is older than the vault last seen on this computer "
                            "(change %" G_GINT64_FORMAT "; last seen change %" G_GINT64_FORMAT
                            "): it was restored from a backup or rolled back"),
                          head->generation, seen->generation);
}

void
_assay_head_log (const char *line)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "assay", NULL);
  g_autofree char *path = g_build_filename (dir, "restores.log", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  FILE *out;

  g_mkdir_with_parents (dir, 0700);
  out = g_fopen (path, "a");
  if (out == NULL)
    {
      g_warning ("Could not write to %s: %s", path, g_strerror (errno));
      return;
    }

  fprintf (out, "%s %s\n", stamp, line);
  fclose (out);
}
