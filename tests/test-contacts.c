/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "assay-contacts.h"
#include "assay-identity-file.h"
#include "assay-identity-key.h"
#include "assay-test-util.h"

/*
 * The address book through the real encrypted store, the fingerprint people
 * read to each other, and the identity file colleagues add each other from:
 * a changed name or a forged signature must never become a contact.
 */

typedef AssayTestEnv Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  assay_test_env_set_up (f, ASSAY_TEST_ENV_DEFAULT);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  assay_test_env_tear_down (f);
}

/* A colleague's key pair, made here as their installation would. */
typedef struct
{
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  guint8 sk[crypto_sign_SECRETKEYBYTES];
  char  *key;
} Keypair;

static void
keypair_init (Keypair *pair,
              guint8   seed_byte)
{
  guint8 seed[crypto_sign_SEEDBYTES];

  memset (seed, seed_byte, sizeof seed);
  crypto_sign_seed_keypair (pair->pk, pair->sk, seed);
  pair->key = assay_identity_encode (pair->pk);
}

static void
keypair_clear (Keypair *pair)
{
  g_clear_pointer (&pair->key, g_free);
}

static AssayContact *
add (Fixture         *f,
     const char      *key,
     const char      *name,
     const char      *agency,
     AssayContactSet  set,
     AssayContactRole role,
     gboolean         verified)
{
  g_autoptr(AssayContact) contact = assay_contact_new (key, name, agency);
  g_autoptr(GError) error = NULL;
  AssayContact *stored;

  contact->role = role;
  contact->verified = verified;
  stored = assay_contacts_add (f->store, contact, set, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);

  return stored;
}

static GPtrArray *
list (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *contacts = assay_contacts_list (f->store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (contacts);

  return contacts;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  Keypair ann, bob, cat;
  g_autoptr(AssayContact) a = NULL;
  g_autoptr(AssayContact) b = NULL;
  g_autoptr(AssayContact) c = NULL;
  g_autoptr(AssayContact) again = NULL;
  g_autoptr(AssayContact) revoked = NULL;
  g_autoptr(AssayContact) found = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;
  AssayContact *first;

  keypair_init (&ann, 1);
  keypair_init (&bob, 2);
  keypair_init (&cat, 3);

  a = add (f, ann.key, "Ann Patel", "Health", ASSAY_CONTACT_SET_NONE,
           ASSAY_CONTACT_ROLE_CHAIR, TRUE);
  b = add (f, bob.key, "Bob Jones", "Social care", ASSAY_CONTACT_SET_NONE,
           ASSAY_CONTACT_ROLE_MODERATOR, FALSE);
  c = add (f, cat.key, "Ann Patel", "Education", ASSAY_CONTACT_SET_NONE,
           ASSAY_CONTACT_ROLE_MODERATOR, FALSE);
  g_assert_nonnull (a->added);

  /* Adding a key again updates the name; role and verified stay unless
   * given. */
  again = add (f, ann.key, "Ann Patel-Smith", "Health", ASSAY_CONTACT_SET_NONE,
               ASSAY_CONTACT_ROLE_MODERATOR, FALSE);
  g_assert_cmpstr (again->id, ==, a->id);
  g_assert_cmpint (again->role, ==, ASSAY_CONTACT_ROLE_CHAIR);
  g_assert_true (again->verified);

  revoked = assay_contacts_revoke (f->store, bob.key, "2026-03-01", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (revoked->revoked_from, ==, "2026-03-01");

  /* Everything comes back from the encrypted store after the vault is
   * locked and opened again. */
  assay_vault_lock (f->vault);
  g_assert_true (assay_vault_unlock (f->vault, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);

  contacts = list (f);
  g_assert_cmpuint (contacts->len, ==, 3);
  /* By name, then agency. */
  first = g_ptr_array_index (contacts, 0);
  g_assert_cmpstr (first->name, ==, "Ann Patel");
  g_assert_cmpstr (first->agency, ==, "Education");
  first = g_ptr_array_index (contacts, 1);
  g_assert_cmpstr (first->name, ==, "Ann Patel-Smith");
  g_assert_cmpint (first->role, ==, ASSAY_CONTACT_ROLE_CHAIR);
  g_assert_true (first->verified);
  g_assert_null (first->revoked_from);
  first = g_ptr_array_index (contacts, 2);
  g_assert_cmpstr (first->name, ==, "Bob Jones");
  g_assert_cmpstr (first->revoked_from, ==, "2026-03-01");
  g_assert_false (first->verified);
  g_clear_pointer (&contacts, g_ptr_array_unref);

  g_clear_pointer (&revoked, assay_contact_free);
  revoked = assay_contacts_set_verified (f->store, bob.key, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (revoked->verified);
  found = assay_contacts_set_role (f->store, bob.key, ASSAY_CONTACT_ROLE_CHAIR, &error);
  g_assert_no_error (error);
  g_assert_true (found->verified);
  g_assert_cmpint (found->role, ==, ASSAY_CONTACT_ROLE_CHAIR);
  g_assert_cmpstr (found->revoked_from, ==, "2026-03-01");

  g_assert_true (assay_contacts_remove (f->store, bob.key, &error));
  g_assert_no_error (error);
  contacts = list (f);
  g_assert_cmpuint (contacts->len, ==, 2);
  g_clear_pointer (&found, assay_contact_free);
  found = assay_contacts_lookup (f->store, bob.key, &error);
  g_assert_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_NOT_FOUND);
  g_assert_null (found);
  g_clear_error (&error);

  /* Removing again names what is missing. */
  g_assert_false (assay_contacts_remove (f->store, bob.key, &error));
  g_assert_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_NOT_FOUND);

  keypair_clear (&ann);
  keypair_clear (&bob);
  keypair_clear (&cat);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  Keypair ann;
  g_autoptr(AssayContact) self = NULL;
  g_autoptr(AssayContact) nameless = NULL;
  g_autoptr(AssayContact) control = NULL;
  g_autoptr(AssayContact) bad = NULL;
  g_autoptr(AssayContact) stored = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;
  const char *dates[] = { "2026-02-30", "2026-3-01", "01/03/2026", "", NULL };

  keypair_init (&ann, 4);

  self = assay_contact_new (assay_vault_get_identity (f->vault), "Me", "");
  g_assert_null (assay_contacts_add (f->store, self, ASSAY_CONTACT_SET_NONE, &error));
  g_assert_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_INVALID);
  g_clear_error (&error);

  nameless = assay_contact_new (ann.key, NULL, NULL);
  g_assert_null (assay_contacts_add (f->store, nameless, ASSAY_CONTACT_SET_NONE, &error));
  g_assert_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_INVALID);
  g_clear_error (&error);

  /* A line break in a name could forge a line of someone's output. */
  control = assay_contact_new (ann.key, "Ann\nChair: Bob", NULL);
  g_assert_null (assay_contacts_add (f->store, control, ASSAY_CONTACT_SET_NONE, &error));
  g_assert_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_INVALID);
  g_clear_error (&error);

  bad = assay_contact_new ("0123", "Ann", NULL);
  g_assert_null (assay_contacts_add (f->store, bad, ASSAY_CONTACT_SET_NONE, &error));
  g_assert_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_INVALID);
  g_clear_error (&error);

  stored = add (f, ann.key, "Ann Patel", NULL, ASSAY_CONTACT_SET_NONE,
                ASSAY_CONTACT_ROLE_MODERATOR, FALSE);
  g_assert_cmpstr (stored->agency, ==, "");
  for (guint i = 0; dates[i] != NULL; i++)
    {
      g_assert_null (assay_contacts_revoke (f->store, ann.key, dates[i], &error));
      g_assert_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_INVALID);
      g_clear_error (&error);
    }

  contacts = list (f);
  g_assert_cmpuint (contacts->len, ==, 1);
  g_assert_null (((AssayContact *) g_ptr_array_index (contacts, 0))->revoked_from);

  keypair_clear (&ann);
}

/* The fingerprint as the spec defines it, computed here without Assay. */
static char *
expected_fingerprint (const guint8 *pk)
{
  guint8 input[19 + 32];
  guint8 digest[32];

  memcpy (input, "assay/fingerprint/1", 19);
  memcpy (input + 19, pk, 32);
  crypto_generichash (digest, sizeof digest, input, sizeof input, NULL, 0);

  return g_strdup_printf ("%05u %05u %05u %05u %05u %05u",
                          digest[0] * 256u + digest[1], digest[2] * 256u + digest[3],
                          digest[4] * 256u + digest[5], digest[6] * 256u + digest[7],
                          digest[8] * 256u + digest[9], digest[10] * 256u + digest[11]);
}

static void
test_fingerprint (void)
{
  Keypair ann;
  g_autofree char *fingerprint = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *upper = NULL;
  char digits[31];

  keypair_init (&ann, 5);
  fingerprint = assay_identity_fingerprint (ann.key);
  expected = expected_fingerprint (ann.pk);
  g_assert_cmpstr (fingerprint, ==, expected);
  g_assert_cmpuint (strlen (fingerprint), ==, 35);

  /* The same key in capitals is the same person. */
  upper = g_ascii_strup (ann.key, -1);
  g_free (fingerprint);
  fingerprint = assay_identity_fingerprint (upper);
  g_assert_cmpstr (fingerprint, ==, expected);

  g_assert_null (assay_identity_fingerprint ("0123"));
  g_assert_null (assay_identity_fingerprint (NULL));

  g_assert_true (assay_fingerprint_parse (expected, digits));
  g_assert_cmpuint (strlen (digits), ==, 30);
  g_assert_true (assay_fingerprint_parse ("04213 55320 00017 65535 12345 00999", digits));
  g_assert_cmpstr (digits, ==, "042135532000017655351234500999");
  g_assert_true (assay_fingerprint_parse ("042135532000017655351234500999", digits));
  g_assert_false (assay_fingerprint_parse ("04213 55320 00017 65536 12345 00999", digits));
  g_assert_false (assay_fingerprint_parse ("04213 55320 00017 65535 12345 0099", digits));
  g_assert_false (assay_fingerprint_parse ("04213 55320 00017 65535 12345 009990", digits));
  g_assert_false (assay_fingerprint_parse ("04213 55320 00017 6553a 12345 00999", digits));
  g_assert_false (assay_fingerprint_parse ("", digits));

  keypair_clear (&ann);
}

static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  Keypair pairs[17];
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayContact) by_fingerprint = NULL;
  g_autoptr(AssayContact) by_prefix = NULL;
  g_autoptr(AssayContact) missing = NULL;
  g_autoptr(AssayContact) ambiguous = NULL;
  g_autoptr(AssayContact) nonsense = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *prefix = NULL;
  char shared[2] = { 0, 0 };

  /* Seventeen keys: two of them start with the same hex digit. */
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *name = g_strdup_printf ("Moderator %u", i);
      g_autoptr(AssayContact) contact = NULL;

      keypair_init (&pairs[i], (guint8) (10 + i));
      contact = add (f, pairs[i].key, name, NULL, ASSAY_CONTACT_SET_NONE,
                     ASSAY_CONTACT_ROLE_MODERATOR, FALSE);
      for (guint j = 0; j < i && shared[0] == 0; j++)
        if (pairs[j].key[0] == pairs[i].key[0])
          shared[0] = pairs[i].key[0];
    }
  g_assert_cmpint (shared[0], !=, 0);

  fingerprint = assay_identity_fingerprint (pairs[3].key);
  by_fingerprint = assay_contacts_find (f->store, fingerprint, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_fingerprint->key, ==, pairs[3].key);

  /* As `assay_identity_format` shows it, in groups, and shortened. */
  prefix = g_strdup_printf ("%.8s %.8s", pairs[5].key, pairs[5].key + 8);
  by_prefix = assay_contacts_find (f->store, prefix, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_prefix->key, ==, pairs[5].key);

  ambiguous = assay_contacts_find (f->store, shared, &error);
  g_assert_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_AMBIGUOUS);
  g_assert_null (ambiguous);
  g_clear_error (&error);

  missing = assay_contacts_find (f->store, "00000 00000 00000 00000 00000 00000", &error);
  g_assert_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_NOT_FOUND);
  g_assert_null (missing);
  g_clear_error (&error);

  nonsense = assay_contacts_find (f->store, "Ann Patel", &error);
  g_assert_error (error, ASSAY_CONTACT_ERROR, ASSAY_CONTACT_ERROR_INVALID);
  g_assert_null (nonsense);

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    keypair_clear (&pairs[i]);
}

static void
test_display_names (Fixture       *f,
                    gconstpointer  data)
{
  Keypair ann, sam, sam2;
  g_autoptr(AssayContactNames) names = NULL;
  g_autoptr(AssayContact) self = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(AssayContact) a = NULL;
  g_autoptr(AssayContact) b = NULL;
  g_autoptr(AssayContact) c = NULL;

  keypair_init (&ann, 40);
  keypair_init (&sam, 41);
  keypair_init (&sam2, 42);
  a = add (f, ann.key, "Ann Patel", "Health", ASSAY_CONTACT_SET_NONE,
           ASSAY_CONTACT_ROLE_MODERATOR, FALSE);
  b = add (f, sam.key, "Sam Lee", "Health", ASSAY_CONTACT_SET_NONE,
           ASSAY_CONTACT_ROLE_MODERATOR, FALSE);
  /* Case does not make a different name. */
  c = add (f, sam2.key, "sam lee", "", ASSAY_CONTACT_SET_NONE,
           ASSAY_CONTACT_ROLE_MODERATOR, FALSE);

  names = assay_contact_names_load (f->store, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (assay_contacts_display_name (names, ann.key), ==, "Ann Patel");
  g_assert_cmpstr (assay_contacts_display_name (names, assay_vault_get_identity (f->vault)),
                   ==, "Test Moderator");
  g_assert_null (assay_contacts_display_name (names, "0123"));

  fingerprint = assay_identity_fingerprint (sam.key);
  expected = g_strdup_printf ("Sam Lee (Health, %.11s…)", fingerprint);
  g_assert_cmpstr (assay_contacts_display_name (names, sam.key), ==, expected);
  g_free (fingerprint);
  g_free (expected);
  fingerprint = assay_identity_fingerprint (sam2.key);
  expected = g_strdup_printf ("sam lee (%.11s…)", fingerprint);
  g_assert_cmpstr (assay_contacts_display_name (names, sam2.key), ==, expected);

  /* The installation itself is trusted as a chair. */
  self = assay_contacts_lookup_trusted (f->store, assay_vault_get_identity (f->vault), &error);
  g_assert_no_error (error);
  g_assert_true (self->self);
  g_assert_true (self->verified);
  g_assert_cmpint (self->role, ==, ASSAY_CONTACT_ROLE_CHAIR);
  g_assert_cmpstr (self->name, ==, "Test Moderator");
  g_assert_cmpstr (self->agency, ==, "Education");

  keypair_clear (&ann);
  keypair_clear (&sam);
  keypair_clear (&sam2);
}

static void
test_to_json (void)
{
  Keypair ann;
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *fingerprint = NULL;
  JsonObject *object;

  keypair_init (&ann, 50);
  contact = assay_contact_new (ann.key, "Ann Patel", "Health");
  contact->role = ASSAY_CONTACT_ROLE_CHAIR;
  node = assay_contact_to_json (contact);
  object = json_node_get_object (node);
  assay_test_assert_members (object, "key fingerprint name agency role verified revoked");
  fingerprint = assay_identity_fingerprint (ann.key);
  g_assert_cmpstr (json_object_get_string_member (object, "fingerprint"), ==, fingerprint);
  g_assert_cmpstr (json_object_get_string_member (object, "role"), ==, "chair");
  g_assert_false (json_object_get_boolean_member (object, "verified"));
  g_assert_true (json_object_get_null_member (object, "revoked"));

  keypair_clear (&ann);
}

/* Identity files */

static JsonObject *
parse_object (GBytes *data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (data, NULL),
                              (gssize) g_bytes_get_size (data), &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static GBytes *
object_to_bytes (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  char *text;

  json_node_set_object (node, object);
  text = json_to_string (node, TRUE);

  return g_bytes_new_take (text, strlen (text));
}

/* An identity file made here from the spec, signed by @signer. */
static GBytes *
spec_identity_file (const Keypair *pair,
                    const Keypair *signer,
                    const char    *name,
                    const char    *agency)
{
  g_autoptr(GByteArray) message = g_byte_array_new ();
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *signature_text = NULL;
  g_autofree char *fingerprint = assay_identity_fingerprint (pair->key);
  guint8 signature[crypto_sign_BYTES];
  guint32 len;

  g_byte_array_append (message, (const guint8 *) "assay/identity/1", 17);
  g_byte_array_append (message, pair->pk, 32);
  len = GUINT32_TO_LE ((guint32) strlen (name));
  g_byte_array_append (message, (const guint8 *) &len, 4);
  g_byte_array_append (message, (const guint8 *) name, (guint) strlen (name));
  len = GUINT32_TO_LE ((guint32) strlen (agency));
  g_byte_array_append (message, (const guint8 *) &len, 4);
  g_byte_array_append (message, (const guint8 *) agency, (guint) strlen (agency));
  crypto_sign_detached (signature, NULL, message->data, message->len, signer->sk);
  signature_text = g_base64_encode (signature, sizeof signature);

  json_object_set_string_member (object, "format", "assay-identity");
  json_object_set_int_member (object, "version", 1);
  json_object_set_string_member (object, "key", pair->key);
  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "agency", agency);
  json_object_set_string_member (object, "fingerprint", fingerprint);
  json_object_set_string_member (object, "signature", signature_text);

  return object_to_bytes (object);
}

/* Fails unless @data is refused with an error that names @field. */
static void
assert_refused (GBytes     *data,
                int         code,
                const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayContact) contact = assay_identity_file_parse (data, "ann.assay-id", &error);
  g_autofree char *quoted = g_strdup_printf ("“%s”", field);

  g_assert_null (contact);
  g_assert_error (error, ASSAY_IDENTITY_FILE_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, "ann.assay-id: "));
  if (strstr (error->message, quoted) == NULL)
    g_error ("“%s” does not name %s", error->message, field);
}

static void
test_identity_file (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(AssayContact) from_disk = NULL;
  g_autofree char *path = g_build_filename (f->dir, "me.assay-id", NULL);
  g_autoptr(JsonObject) object = NULL;

  file = assay_identity_file_build (f->vault, &error);
  g_assert_no_error (error);
  object = parse_object (file);
  assay_test_assert_members (object, "format version key name agency fingerprint signature");

  contact = assay_identity_file_parse (file, "me.assay-id", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contact->key, ==, assay_vault_get_identity (f->vault));
  g_assert_cmpstr (contact->name, ==, "Test Moderator");
  g_assert_cmpstr (contact->agency, ==, "Education");
  g_assert_false (contact->verified);
  g_assert_cmpint (contact->role, ==, ASSAY_CONTACT_ROLE_MODERATOR);

  g_assert_true (assay_identity_file_write (f->vault, path, &error));
  g_assert_no_error (error);
  from_disk = assay_identity_file_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_disk->key, ==, contact->key);
  g_assert_cmpstr (from_disk->name, ==, contact->name);

  /* A locked vault has no name to sign. */
  assay_vault_lock (f->vault);
  g_assert_false (assay_identity_file_write (f->vault, path, &error));
  g_assert_error (error, ASSAY_VAULT_ERROR, ASSAY_VAULT_ERROR_LOCKED);
}

static void
test_identity_file_spec (void)
{
  Keypair ann, mallory;
  g_autoptr(GBytes) good = NULL;
  g_autoptr(GBytes) forged = NULL;
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(GError) error = NULL;

  keypair_init (&ann, 60);
  keypair_init (&mallory, 61);

  /* A second implementation that follows the spec is understood. */
  good = spec_identity_file (&ann, &ann, "Ann Pátel", "Health");
  contact = assay_identity_file_parse (good, "ann.assay-id", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contact->name, ==, "Ann Pátel");

  /* Signed by someone else: not Ann's word. */
  forged = spec_identity_file (&ann, &mallory, "Ann Pátel", "Health");
  assert_refused (forged, ASSAY_IDENTITY_FILE_ERROR_INVALID, "signature");

  keypair_clear (&ann);
  keypair_clear (&mallory);
}

/* @good with @member set to a string (or, with @number, an integer), or
 * removed when both are NULL/0. */
static GBytes *
with_member (GBytes     *good,
             const char *member,
             const char *text,
             gint64      number)
{
  g_autoptr(JsonObject) object = parse_object (good);

  if (text != NULL)
    json_object_set_string_member (object, member, text);
  else if (number != 0)
    json_object_set_int_member (object, member, number);
  else
    json_object_remove_member (object, member);

  return object_to_bytes (object);
}

static void
test_identity_file_refused (void)
{
  Keypair ann;
  g_autoptr(GBytes) good = NULL;
  g_autofree char *long_name = g_strnfill (201, 'a');
  g_autofree char *wrong_key = NULL;
  g_autofree char *huge = NULL;
  g_autoptr(GBytes) huge_bytes = NULL;
  g_autoptr(GBytes) no_fingerprint = NULL;
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = assay_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "huge.assay-id", NULL);
  struct
  {
    const char *member;
    const char *text;
    gint64      number;
    int         code;
    const char *field;
  } cases[] = {
    { "name", "Ann Patel (Chair)", 0, ASSAY_IDENTITY_FILE_ERROR_INVALID, "signature" },
    { "agency", "Social care", 0, ASSAY_IDENTITY_FILE_ERROR_INVALID, "signature" },
    { "name", "", 0, ASSAY_IDENTITY_FILE_ERROR_INVALID, "name" },
    { "name", long_name, 0, ASSAY_IDENTITY_FILE_ERROR_INVALID, "name" },
    { "name", NULL, 0, ASSAY_IDENTITY_FILE_ERROR_INVALID, "name" },
    { "agency", "Health\n", 0, ASSAY_IDENTITY_FILE_ERROR_INVALID, "agency" },
    { "signature", "c2lnbmF0dXJl", 0, ASSAY_IDENTITY_FILE_ERROR_INVALID, "signature" },
    { "signature", NULL, 0, ASSAY_IDENTITY_FILE_ERROR_INVALID, "signature" },
    { "version", NULL, 2, ASSAY_IDENTITY_FILE_ERROR_UNSUPPORTED, "version" },
    { "version", "1", 0, ASSAY_IDENTITY_FILE_ERROR_INVALID, "version" },
    { "format", "assay-bundle", 0, ASSAY_IDENTITY_FILE_ERROR_INVALID, "format" },
    { "key", "0123", 0, ASSAY_IDENTITY_FILE_ERROR_INVALID, "key" },
    { "fingerprint", "00000 00000 00000 00000 00000 00000", 0,
      ASSAY_IDENTITY_FILE_ERROR_INVALID, "fingerprint" },
  };

  keypair_init (&ann, 70);
  good = spec_identity_file (&ann, &ann, "Ann Patel", "Health");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bad = with_member (good, cases[i].member, cases[i].text,
                                           cases[i].number);

      g_test_message ("%s = %s", cases[i].member, cases[i].text);
      assert_refused (bad, cases[i].code, cases[i].field);
    }

  /* Another key under Ann's signature. */
  {
    Keypair bob;
    g_autoptr(GBytes) bad = NULL;

    keypair_init (&bob, 71);
    bad = with_member (good, "key", bob.key, 0);
    assert_refused (bad, ASSAY_IDENTITY_FILE_ERROR_INVALID, "signature");
    keypair_clear (&bob);
  }

  {
    g_autoptr(GBytes) not_json = assay_test_bytes ("Ann Patel, Health, 2a95c530…\n");
    g_autoptr(GBytes) array = assay_test_bytes ("[1, 2, 3]");
    g_autoptr(GBytes) not_utf8 = g_bytes_new_static ("{\"name\": \"\xff\"}", 13);

    assert_refused (not_json, ASSAY_IDENTITY_FILE_ERROR_INVALID, "format");
    assert_refused (array, ASSAY_IDENTITY_FILE_ERROR_INVALID, "format");
    assert_refused (not_utf8, ASSAY_IDENTITY_FILE_ERROR_INVALID, "format");
  }

  /* The fingerprint is optional: the key says what it is. */
  no_fingerprint = with_member (good, "fingerprint", NULL, 0);
  contact = assay_identity_file_parse (no_fingerprint, "ann.assay-id", &error);
  g_assert_no_error (error);
  g_assert_nonnull (contact);

  /* Padding a good file past 64 KiB: refused, read or parsed. */
  huge = g_strdup_printf ("%.*s%*s", (int) g_bytes_get_size (good),
                          (const char *) g_bytes_get_data (good, NULL),
                          ASSAY_IDENTITY_FILE_MAX_SIZE, "");
  huge_bytes = g_bytes_new (huge, strlen (huge));
  assert_refused (huge_bytes, ASSAY_IDENTITY_FILE_ERROR_INVALID, "format");
  g_assert_true (g_file_set_contents (path, huge, -1, &error));
  g_clear_pointer (&contact, assay_contact_free);
  contact = assay_identity_file_read (path, &error);
  g_assert_error (error, ASSAY_IDENTITY_FILE_ERROR, ASSAY_IDENTITY_FILE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "64 KiB"));
  g_assert_null (contact);
  g_clear_error (&error);

  g_remove (path);
  g_clear_pointer (&contact, assay_contact_free);
  contact = assay_identity_file_read (path, &error);
  g_assert_error (error, ASSAY_IDENTITY_FILE_ERROR, ASSAY_IDENTITY_FILE_ERROR_READ);
  g_assert_null (contact);

  assay_test_rmdir (dir);
  keypair_clear (&ann);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

  g_test_add ("/contacts/round-trip", Fixture, NULL,
              fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/contacts/refusals", Fixture, NULL,
              fixture_set_up, test_refusals, fixture_tear_down);
  g_test_add ("/contacts/find", Fixture, NULL,
              fixture_set_up, test_find, fixture_tear_down);
  g_test_add ("/contacts/display-names", Fixture, NULL,
              fixture_set_up, test_display_names, fixture_tear_down);
  g_test_add_func ("/contacts/fingerprint", test_fingerprint);
  g_test_add_func ("/contacts/to-json", test_to_json);
  g_test_add ("/contacts/identity-file", Fixture, NULL,
              fixture_set_up, test_identity_file, fixture_tear_down);
  g_test_add_func ("/contacts/identity-file/spec", test_identity_file_spec);
  g_test_add_func ("/contacts/identity-file/refused", test_identity_file_refused);

  return g_test_run ();
}
