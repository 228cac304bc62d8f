/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-test"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "assay-test-util.h"

char *
assay_test_mkdtemp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("assay-test-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

void
assay_test_rmdir (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        assay_test_rmdir (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

AssayVault *
assay_test_vault_new (const char  *dir,
                      char       **recovery_key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "assay.db", NULL);
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault = NULL;
  g_autoptr(AssaySecureString) key = NULL;
  AssayKdfParams params;

  database = assay_database_open (path, &error);
  g_assert_no_error (error);

  vault = assay_vault_new (database);
  assay_kdf_params_init_fast (&params);
  assay_vault_create (vault, ASSAY_TEST_PASSPHRASE, &params, "Test Moderator", "Education",
                      &key, &error);
  g_assert_no_error (error);
  g_assert_false (assay_vault_get_locked (vault));

  if (recovery_key != NULL)
    *recovery_key = g_strdup (key);

  return g_steal_pointer (&vault);
}

gboolean
assay_test_file_contains (const char    *path,
                          gconstpointer  needle,
                          gsize          needle_len)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;

  for (gsize i = 0; needle_len <= len && i <= len - needle_len; i++)
    if (memcmp (contents + i, needle, needle_len) == 0)
      return TRUE;

  return FALSE;
}

GBytes *
assay_test_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

void
assay_test_record_set_strings (AssayStore *store,
                               const char *collection,
                               const char *id,
                               const char *first_member,
                               ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayRecord) record = NULL;
  g_autoptr(AssayRecord) saved = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GBytes) payload = NULL;
  JsonObject *object;
  const char *member;
  const char *text;
  char *data;
  gsize len;
  va_list ap;

  record = assay_store_load (store, collection, id, &error);
  g_assert_no_error (error);

  text = assay_record_get_text (record, &len);
  json_parser_load_from_data (parser, text, (gssize) len, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));

  va_start (ap, first_member);
  for (member = first_member; member != NULL; member = va_arg (ap, const char *))
    json_object_set_string_member (object, member, va_arg (ap, const char *));
  va_end (ap);

  json_generator_set_root (generator, json_parser_get_root (parser));
  data = json_generator_to_data (generator, &len);
  payload = g_bytes_new_take (data, len);

  saved = assay_store_save (store, collection, id, payload, &error);
  g_assert_no_error (error);
}
