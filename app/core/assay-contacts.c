/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-contacts"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "assay-contacts.h"
#include "assay-date.h"
#include "assay-identity-key.h"
#include "assay-json-util.h"

G_DEFINE_QUARK (assay-contact-error-quark, assay_contact_error)

G_DEFINE_BOXED_TYPE (AssayContact, assay_contact, assay_contact_copy, assay_contact_free)

#define FINGERPRINT_LABEL "assay/fingerprint/1"
#define FINGERPRINT_GROUPS 6

AssayContact *
assay_contact_new (const char *key,
                   const char *name,
                   const char *agency)
{
  AssayContact *contact = g_new0 (AssayContact, 1);

  contact->key = g_strdup (key);
  contact->name = g_strdup (name);
  contact->agency = g_strdup (agency != NULL ? agency : "");
  contact->role = ASSAY_CONTACT_ROLE_MODERATOR;

  return contact;
}

AssayContact *
assay_contact_copy (const AssayContact *contact)
{
  AssayContact *copy = assay_contact_new (contact->key, contact->name, contact->agency);

  copy->id = g_strdup (contact->id);
  copy->role = contact->role;
  copy->verified = contact->verified;
  copy->revoked_from = g_strdup (contact->revoked_from);
  copy->added = g_strdup (contact->added);
  copy->self = contact->self;

  return copy;
}

void
assay_contact_free (AssayContact *contact)
{
  if (contact == NULL)
    return;

  g_free (contact->id);
  g_free (contact->key);
  g_free (contact->name);
  g_free (contact->agency);
  g_free (contact->revoked_from);
  g_free (contact->added);
  g_free (contact);
}

const char *
assay_contact_role_to_string (AssayContactRole role)
{
  return role == ASSAY_CONTACT_ROLE_CHAIR ? "chair" : "moderator";
}

gboolean
assay_contact_role_from_string (const char       *text,
                                AssayContactRole *role)
{
  if (g_strcmp0 (text, "chair") == 0)
    *role = ASSAY_CONTACT_ROLE_CHAIR;
  else if (g_strcmp0 (text, "moderator") == 0)
    *role = ASSAY_CONTACT_ROLE_MODERATOR;
  else
    return FALSE;

  return TRUE;
}

char *
assay_identity_fingerprint (const char *identity)
{
  guint8 key[ASSAY_IDENTITY_KEY_BYTES];
  guint8 digest[32];
  crypto_generichash_state state;
  GString *text;

  if (identity == NULL || !assay_identity_decode (identity, key))
    return NULL;

  crypto_generichash_init (&state, NULL, 0, sizeof digest);
  crypto_generichash_update (&state, (const guint8 *) FINGERPRINT_LABEL,
                             strlen (FINGERPRINT_LABEL));
  crypto_generichash_update (&state, key, sizeof key);
  crypto_generichash_final (&state, digest, sizeof digest);

  text = g_string_sized_new (FINGERPRINT_GROUPS * 6);
  for (guint i = 0; i < FINGERPRINT_GROUPS; i++)
    g_string_append_printf (text, i == 0 ? "%05u" : " %05u",
                            (guint) digest[2 * i] << 8 | digest[2 * i + 1]);

  return g_string_free (text, FALSE);
}

gboolean
assay_fingerprint_parse (const char *text,
                         char        digits[31])
{
  gsize n = 0;

  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        continue;
      if (!g_ascii_isdigit (*p) || n == 30)
        return FALSE;
      digits[n++] = *p;
    }
  if (n != 30)
    return FALSE;
  digits[30] = '\0';

  /* Each group is a 16-bit number: 65536 and above cannot be one. */
  for (guint i = 0; i < FINGERPRINT_GROUPS; i++)
    {
      char group[6];

      memcpy (group, digits + 5 * i, 5);
      group[5] = '\0';
      if (g_ascii_strtoull (group, NULL, 10) > G_MAXUINT16)
        return FALSE;
    }

  return TRUE;
}

/* The contact as JSON: as stored (with the date it was added), or as
 * `--json` shows it (with its fingerprint). The member names are each one's
 * contract. */
static JsonNode *
contact_build (const AssayContact *contact,
               gboolean            stored)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, contact->key);
  if (!stored)
    {
      g_autofree char *fingerprint = assay_identity_fingerprint (contact->key);

      assay_json_add_string_or_null (builder, "fingerprint", fingerprint);
    }
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, contact->name);
  json_builder_set_member_name (builder, "agency");
  json_builder_add_string_value (builder, contact->agency);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, assay_contact_role_to_string (contact->role));
  json_builder_set_member_name (builder, "verified");
  json_builder_add_boolean_value (builder, contact->verified);
  assay_json_add_string_or_null (builder, stored ? "revoked_from" : "revoked",
                                 contact->revoked_from);
  if (stored)
    assay_json_add_string_or_null (builder, "added", contact->added);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
assay_contact_to_json (const AssayContact *contact)
{
  g_return_val_if_fail (contact != NULL, NULL);

  return contact_build (contact, FALSE);
}

/* Storage */

static GBytes *
contact_to_payload (const AssayContact *contact)
{
  g_autoptr(JsonNode) root = contact_build (contact, TRUE);

  return assay_json_node_to_bytes (root);
}

static AssayContact *
contact_from_record (const AssayRecord  *record,
                     GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(AssayContact) contact = NULL;
  g_autofree char *key = NULL;
  JsonObject *object;
  JsonNode *root;
  JsonNode *verified;
  const char *name;
  const char *agency;
  const char *added;
  gsize len = 0;
  const char *text = assay_record_get_text (record, &len);
  AssayContactRole role;

  if (!json_parser_load_from_data (parser, text, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto damaged;

  object = json_node_get_object (root);
  key = assay_identity_parse (assay_json_get_string (object, "key"));
  name = assay_json_get_string (object, "name");
  agency = assay_json_get_string (object, "agency");
  added = assay_json_get_string (object, "added");
  verified = json_object_get_member (object, "verified");
  if (key == NULL || name == NULL || agency == NULL || added == NULL ||
      verified == NULL || json_node_get_value_type (verified) != G_TYPE_BOOLEAN ||
      !assay_contact_role_from_string (assay_json_get_string (object, "role"), &role))
    goto damaged;

  contact = assay_contact_new (key, name, agency);
  contact->id = g_strdup (record->id);
  contact->role = role;
  contact->verified = json_node_get_boolean (verified);
  contact->revoked_from = g_strdup (assay_json_get_string (object, "revoked_from"));
  contact->added = g_strdup (added);

  return g_steal_pointer (&contact);

damaged:
  g_set_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_DAMAGED,
               _("Contact record %s does not read as a contact"), record->id);
  return NULL;
}

static int
compare_contacts (gconstpointer a,
                  gconstpointer b)
{
  const AssayContact *x = *(AssayContact * const *) a;
  const AssayContact *y = *(AssayContact * const *) b;
  int cmp;

  if ((cmp = g_utf8_collate (x->name, y->name)) != 0)
    return cmp;
  if ((cmp = g_utf8_collate (x->agency, y->agency)) != 0)
    return cmp;

  return strcmp (x->key, y->key);
}

GPtrArray *
assay_contacts_list (AssayStore  *store,
                     GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) contacts = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);

  records = assay_store_list (store, ASSAY_CONTACTS_COLLECTION, error);
  if (records == NULL)
    return NULL;

  contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) assay_contact_free);
  for (guint i = 0; i < records->len; i++)
    {
      AssayContact *contact = contact_from_record (g_ptr_array_index (records, i), error);

      if (contact == NULL)
        return NULL;
      g_ptr_array_add (contacts, contact);
    }
  g_ptr_array_sort (contacts, compare_contacts);

  return g_steal_pointer (&contacts);
}

static void
set_not_found (GError     **error,
               const char  *text)
{
  g_set_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_NOT_FOUND,
               _("No contact has the key or fingerprint “%s”: see “assay-cli contacts list”"),
               text);
}

/* Ids are random, so that the file does not say whose keys it holds: finding
 * a key reads the address book, which is small. */
AssayContact *
assay_contacts_lookup (AssayStore  *store,
                       const char  *key,
                       GError     **error)
{
  g_autoptr(GPtrArray) contacts = NULL;
  g_autofree char *canonical = assay_identity_parse (key);

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);

  contacts = assay_contacts_list (store, error);
  if (contacts == NULL)
    return NULL;

  for (guint i = 0; canonical != NULL && i < contacts->len; i++)
    {
      AssayContact *contact = g_ptr_array_index (contacts, i);

      if (g_str_equal (contact->key, canonical))
        return assay_contact_copy (contact);
    }

  set_not_found (error, key != NULL ? key : "");
  return NULL;
}

static char *
strip_spaces (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, g_ascii_tolower (*p));

  return g_string_free (out, FALSE);
}

static gboolean
is_hex (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;

  return TRUE;
}

AssayContact *
assay_contacts_find (AssayStore  *store,
                     const char  *text,
                     GError     **error)
{
  g_autoptr(GPtrArray) contacts = NULL;
  g_autofree char *prefix = NULL;
  AssayContact *found = NULL;
  char digits[31];
  gboolean by_fingerprint;
  gboolean by_key;
  guint n_found = 0;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  prefix = strip_spaces (text);
  by_fingerprint = assay_fingerprint_parse (text, digits);
  by_key = *prefix != '\0' && strlen (prefix) <= 64 && is_hex (prefix);
  if (!by_fingerprint && !by_key)
    {
      g_set_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_INVALID,
                   _("“%s” is neither a key nor a fingerprint"), text);
      return NULL;
    }

  contacts = assay_contacts_list (store, error);
  if (contacts == NULL)
    return NULL;

  /* Thirty digits are also a key's first thirty hex digits: both count. */
  for (guint i = 0; i < contacts->len; i++)
    {
      AssayContact *contact = g_ptr_array_index (contacts, i);
      gboolean match = by_key && g_str_has_prefix (contact->key, prefix);

      if (!match && by_fingerprint)
        {
          g_autofree char *fingerprint = assay_identity_fingerprint (contact->key);
          g_autofree char *own = strip_spaces (fingerprint);

          match = g_str_equal (own, digits);
        }
      if (match)
        {
          found = contact;
          n_found++;
        }
    }

  if (n_found == 0)
    {
      set_not_found (error, text);
      return NULL;
    }
  if (n_found > 1)
    {
      g_set_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_AMBIGUOUS,
                   _("“%s” matches %u contacts: give more of the key, or the whole "
                     "fingerprint"), text, n_found);
      return NULL;
    }

  return assay_contact_copy (found);
}

AssayContact *
assay_contact_new_self (AssayVault *vault)
{
  const char *name = assay_vault_get_name (vault);
  AssayContact *self;

  self = assay_contact_new (assay_vault_get_identity (vault), name != NULL ? name : "",
                            assay_vault_get_agency (vault));
  self->role = ASSAY_CONTACT_ROLE_CHAIR;
  self->verified = TRUE;
  self->self = TRUE;

  return self;
}

AssayContact *
assay_contacts_lookup_trusted (AssayStore  *store,
                               const char  *key,
                               GError     **error)
{
  AssayVault *vault;
  g_autofree char *canonical = assay_identity_parse (key);

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);

  vault = assay_store_get_vault (store);
  if (canonical != NULL && g_str_equal (canonical, assay_vault_get_identity (vault)))
    return assay_contact_new_self (vault);

  return assay_contacts_lookup (store, key, error);
}

static gboolean
check_text (const char  *text,
            const char  *what,
            glong        min,
            GError     **error)
{
  glong len;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    len = -1;
  else
    len = g_utf8_strlen (text, -1);

  for (const char *p = text; len >= 0 && *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      len = -1;

  if (len < min || len > 200)
    {
      /* Translators: %s is "name" or "agency" */
      g_set_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_INVALID,
                   min > 0 ? _("A contact’s %s must be 1 to 200 characters, with no "
                               "control characters")
                           : _("A contact’s %s must be at most 200 characters, with no "
                               "control characters"),
                   what);
      return FALSE;
    }

  return TRUE;
}

/* g_set_str() is GLib 2.76. */
static void
replace_string (char       **field,
                const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static AssayContact *
save (AssayStore          *store,
      const AssayContact  *contact,
      GError             **error)
{
  g_autoptr(GBytes) payload = contact_to_payload (contact);
  g_autoptr(AssayRecord) record = NULL;
  AssayContact *saved;

  record = assay_store_save (store, ASSAY_CONTACTS_COLLECTION, contact->id, payload, error);
  if (record == NULL)
    return NULL;

  saved = assay_contact_copy (contact);
  g_free (saved->id);
  saved->id = g_strdup (record->id);

  return saved;
}

/* What assay_contacts_add() changes in a contact that is stored already. */
static void
apply_changes (AssayContact       *stored,
               const AssayContact *changes,
               AssayContactSet     set)
{
  if (changes->name != NULL)
    replace_string (&stored->name, changes->name);
  if (changes->agency != NULL)
    replace_string (&stored->agency, changes->agency);
  if (set & ASSAY_CONTACT_SET_ROLE)
    stored->role = changes->role;
  if (set & ASSAY_CONTACT_SET_VERIFIED)
    stored->verified = changes->verified;
}

/* The next revision of the contact with @key, with @set of @changes. */
static AssayContact *
update (AssayStore          *store,
        const char          *key,
        const AssayContact  *changes,
        AssayContactSet      set,
        GError             **error)
{
  g_autoptr(AssayContact) contact = assay_contacts_lookup (store, key, error);

  if (contact == NULL)
    return NULL;

  apply_changes (contact, changes, set);

  return save (store, contact, error);
}

AssayContact *
assay_contacts_add (AssayStore          *store,
                    const AssayContact  *contact,
                    AssayContactSet      set,
                    GError             **error)
{
  g_autoptr(AssayContact) stored = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (ASSAY_IS_STORE (store), NULL);
  g_return_val_if_fail (contact != NULL, NULL);

  key = assay_identity_parse (contact->key);
  if (key == NULL)
    {
      g_set_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_INVALID,
                   _("“%s” is not a public identity: it is 64 hex digits, as “assay-cli "
                     "identity” prints it"), contact->key != NULL ? contact->key : "");
      return NULL;
    }
  if (g_str_equal (key, assay_vault_get_identity (assay_store_get_vault (store))))
    {
      g_set_error_literal (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_INVALID,
                           _("That is this installation’s own identity, which is always "
                             "trusted"));
      return NULL;
    }

  stored = assay_contacts_lookup (store, key, &local_error);
  if (stored == NULL && !g_error_matches (local_error, ASSAY_CONTACT_ERROR,
                                          ASSAY_CONTACT_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (stored == NULL)
    {
      stored = assay_contact_new (key, contact->name, contact->agency);
      stored->role = contact->role;
      stored->verified = contact->verified;
      stored->revoked_from = g_strdup (contact->revoked_from);
      stored->added = assay_date_now_utc_iso8601 ();
    }
  else
    apply_changes (stored, contact, set);

  if (!check_text (stored->name, _("name"), 1, error) ||
      !check_text (stored->agency, _("agency"), 0, error))
    return NULL;

  return save (store, stored, error);
}

gboolean
assay_contacts_remove (AssayStore  *store,
                       const char  *key,
                       GError     **error)
{
  g_autoptr(AssayContact) contact = assay_contacts_lookup (store, key, error);

  if (contact == NULL)
    return FALSE;

  return assay_store_delete (store, ASSAY_CONTACTS_COLLECTION, contact->id, error);
}

static gboolean
valid_date (const char *text)
{
  guint year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);

  return g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

AssayContact *
assay_contacts_revoke (AssayStore  *store,
                       const char  *key,
                       const char  *from,
                       GError     **error)
{
  g_autoptr(AssayContact) contact = NULL;

  if (!valid_date (from))
    {
      g_set_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_INVALID,
                   _("“%s” is not a date: give YYYY-MM-DD"), from != NULL ? from : "");
      return NULL;
    }

  contact = assay_contacts_lookup (store, key, error);
  if (contact == NULL)
    return NULL;

  replace_string (&contact->revoked_from, from);

  return save (store, contact, error);
}

AssayContact *
assay_contacts_set_verified (AssayStore  *store,
                             const char  *key,
                             gboolean     verified,
                             GError     **error)
{
  AssayContact changes = { .verified = !!verified };

  return update (store, key, &changes, ASSAY_CONTACT_SET_VERIFIED, error);
}

AssayContact *
assay_contacts_set_role (AssayStore        *store,
                         const char        *key,
                         AssayContactRole   role,
                         GError           **error)
{
  AssayContact changes = { .role = role };

  return update (store, key, &changes, ASSAY_CONTACT_SET_ROLE, error);
}
