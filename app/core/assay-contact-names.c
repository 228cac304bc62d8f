/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-contacts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "assay-contacts.h"

/* Names as people see them: a name two people share is told apart by agency
 * and the start of the fingerprint, which nobody can choose. */

struct _AssayContactNames
{
  GHashTable *by_key;   /* key → display name */
};

/* Case and composition do not make two names different to a reader. */
static char *
name_fold (const char *name)
{
  g_autofree char *normal = g_utf8_normalize (name, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normal != NULL ? normal : name, -1);
}

static char *
describe_duplicate (const AssayContact *contact)
{
  g_autofree char *fingerprint = assay_identity_fingerprint (contact->key);
  g_autofree char *start = g_strndup (fingerprint != NULL ? fingerprint : "", 11);

  /* Someone known by name only (an audit from before identities): the
   * agency is all there is to tell them apart. */
  if (fingerprint == NULL)
    return g_strdup_printf ("%s (%s)", contact->name,
                            contact->agency != NULL ? contact->agency : "?");

  if (contact->agency == NULL || *contact->agency == '\0')
    /* Translators: a name, then the first two groups of its fingerprint */
    return g_strdup_printf (_("%s (%s…)"), contact->name, start);

  /* Translators: a name, its agency, then the first two groups of its fingerprint */
  return g_strdup_printf (_("%s (%s, %s…)"), contact->name, contact->agency, start);
}

AssayContactNames *
assay_contact_names_new (const GPtrArray *contacts)
{
  AssayContactNames *names = g_new0 (AssayContactNames, 1);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  names->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_return_val_if_fail (contacts != NULL, names);

  for (guint i = 0; i < contacts->len; i++)
    {
      const AssayContact *contact = g_ptr_array_index ((GPtrArray *) contacts, i);
      char *folded = name_fold (contact->name);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, folded));

      g_hash_table_replace (counts, folded, GUINT_TO_POINTER (n + 1));
    }

  for (guint i = 0; i < contacts->len; i++)
    {
      const AssayContact *contact = g_ptr_array_index ((GPtrArray *) contacts, i);
      g_autofree char *folded = name_fold (contact->name);
      gboolean shared = GPOINTER_TO_UINT (g_hash_table_lookup (counts, folded)) > 1;

      g_hash_table_replace (names->by_key, g_strdup (contact->key),
                            shared ? describe_duplicate (contact) : g_strdup (contact->name));
    }

  return names;
}

AssayContactNames *
assay_contact_names_load (AssayStore  *store,
                          GError     **error)
{
  g_autoptr(GPtrArray) contacts = assay_contacts_list (store, error);

  if (contacts == NULL)
    return NULL;

  g_ptr_array_add (contacts, assay_contact_new_self (assay_store_get_vault (store)));

  return assay_contact_names_new (contacts);
}

void
assay_contact_names_free (AssayContactNames *names)
{
  if (names == NULL)
    return;

  g_clear_pointer (&names->by_key, g_hash_table_unref);
  g_free (names);
}

const char *
assay_contacts_display_name (AssayContactNames *names,
                             const char        *key)
{
  g_return_val_if_fail (names != NULL, NULL);

  if (key == NULL)
    return NULL;

  return g_hash_table_lookup (names->by_key, key);
}
