/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "assay-store.h"
#include "assay-vault.h"

G_BEGIN_DECLS

/*
 * The address book: colleagues' public identities with the name, agency and
 * role this installation knows them by, and whether their fingerprint was
 * compared in person. Import decides whom to trust from it. Contacts are
 * records of the "contacts" collection, one per key; they never travel.
 */

#define ASSAY_CONTACTS_COLLECTION "contacts"

#define ASSAY_CONTACT_ERROR (assay_contact_error_quark ())

typedef enum
{
  ASSAY_CONTACT_ERROR_NOT_FOUND,   /* no contact with that key or fingerprint */
  ASSAY_CONTACT_ERROR_AMBIGUOUS,   /* a prefix that more than one contact has */
  ASSAY_CONTACT_ERROR_INVALID,     /* a bad key, name, role or date */
  ASSAY_CONTACT_ERROR_DAMAGED,     /* a stored contact that does not read back */
} AssayContactError;

GQuark assay_contact_error_quark (void);

typedef enum
{
  ASSAY_CONTACT_ROLE_MODERATOR,
  ASSAY_CONTACT_ROLE_CHAIR,
} AssayContactRole;

typedef struct
{
  char             *id;            /* the store record's id; NULL if not stored */
  char             *key;           /* 64 lower-case hex digits */
  char             *name;
  char             *agency;        /* "" when none */
  AssayContactRole  role;
  gboolean          verified;      /* fingerprint compared with its owner */
  char             *revoked_from;  /* YYYY-MM-DD, or NULL */
  char             *added;         /* ISO 8601 UTC, or NULL if not stored */
  gboolean          self;          /* this installation's own identity */
} AssayContact;

#define ASSAY_TYPE_CONTACT (assay_contact_get_type ())

GType         assay_contact_get_type    (void) G_GNUC_CONST;
AssayContact *assay_contact_new         (const char          *key,
                                         const char          *name,
                                         const char          *agency);
AssayContact *assay_contact_copy        (const AssayContact  *contact);
void          assay_contact_free        (AssayContact        *contact);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayContact, assay_contact_free)

/* "moderator" or "chair". */
const char   *assay_contact_role_to_string   (AssayContactRole   role);
gboolean      assay_contact_role_from_string (const char        *text,
                                              AssayContactRole  *role);

/* {key, fingerprint, name, agency, role, verified, revoked}: what
 * `contacts list --json` prints; revoked is the date or null. */
JsonNode     *assay_contact_to_json     (const AssayContact  *contact);

/*
 * A fingerprint people can read to each other: six groups of five digits,
 * "04213 55320 00017 65535 12345 00999", from a BLAKE2b hash of the key
 * (see docs/bundle-format.md). NULL when @identity is not 64 hex digits.
 */
char         *assay_identity_fingerprint (const char        *identity);
/* The 30 digits of a fingerprint, spaces or not, into @digits (no spaces,
 * NUL-terminated). FALSE if @text is not one. */
gboolean      assay_fingerprint_parse    (const char        *text,
                                          char               digits[31]);

/* Every contact, sorted by name, then agency, then key. */
GPtrArray    *assay_contacts_list        (AssayStore         *store,
                                          GError            **error);
/* The contact with @key (64 hex digits); NOT_FOUND when there is none. */
AssayContact *assay_contacts_lookup      (AssayStore         *store,
                                          const char         *key,
                                          GError            **error);
/* The contact @text names: a whole fingerprint or the start of a key (spaces
 * ignored). NOT_FOUND or AMBIGUOUS otherwise. */
AssayContact *assay_contacts_find        (AssayStore         *store,
                                          const char         *text,
                                          GError            **error);
/*
 * As assay_contacts_lookup(), but this installation's own identity is a
 * contact too: verified, a chair, with the vault's name and agency. What
 * trust decisions ask.
 */
AssayContact *assay_contacts_lookup_trusted (AssayStore      *store,
                                             const char      *key,
                                             GError         **error);
/* This installation as a contact (the vault must be unlocked for its name). */
AssayContact *assay_contact_new_self     (AssayVault         *vault);

typedef enum
{
  ASSAY_CONTACT_SET_NONE     = 0,
  ASSAY_CONTACT_SET_ROLE     = 1 << 0,
  ASSAY_CONTACT_SET_VERIFIED = 1 << 1,
} AssayContactSet;

/*
 * Adds @contact (its key, name, agency, role and verified), or updates the
 * contact that has its key: the name and agency are replaced, the role and
 * verified only when @set says so, and a revocation is kept. A NULL name
 * keeps the stored one (a new contact needs one). Returns what was stored.
 */
AssayContact *assay_contacts_add         (AssayStore         *store,
                                          const AssayContact *contact,
                                          AssayContactSet     set,
                                          GError            **error);
gboolean      assay_contacts_remove      (AssayStore         *store,
                                          const char         *key,
                                          GError            **error);
/* Records @key signs on or after @from (YYYY-MM-DD) are refused from now on. */
AssayContact *assay_contacts_revoke      (AssayStore         *store,
                                          const char         *key,
                                          const char         *from,
                                          GError            **error);
AssayContact *assay_contacts_set_verified (AssayStore        *store,
                                           const char        *key,
                                           gboolean           verified,
                                           GError           **error);
AssayContact *assay_contacts_set_role    (AssayStore         *store,
                                          const char         *key,
                                          AssayContactRole    role,
                                          GError            **error);

/*
 * How people are named wherever they appear: "Name", or "Name (Agency,
 * 04213 55320…)" when two people share the name, so they can be told apart.
 * Built once from a list of contacts, then asked per key without touching
 * the store.
 */
typedef struct _AssayContactNames AssayContactNames;

/* From @contacts (AssayContact), which may include this installation. */
AssayContactNames *assay_contact_names_new   (const GPtrArray    *contacts);
/* The address book and this installation's own identity. */
AssayContactNames *assay_contact_names_load  (AssayStore         *store,
                                              GError            **error);
void               assay_contact_names_free  (AssayContactNames  *names);
/* NULL when @key is nobody @names knows. */
const char        *assay_contacts_display_name (AssayContactNames *names,
                                                const char        *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssayContactNames, assay_contact_names_free)

G_END_DECLS
