/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "assay-agreed-grade.h"
#include "assay-blind-rule.h"
#include "assay-bundle-stream.h"
#include "assay-contacts.h"
#include "assay-erasure.h"
#include "assay-error.h"
#include "assay-hlc.h"
#include "assay-json-util.h"
#include "assay-record-private.h"
#include "assay-store-private.h"
#include "assay-test-util.h"
#include "bundle-test-fixture.h"

/*
 * Trust between colleagues, with three installations that exchange real
 * bundles: Ann and Bob are moderators, Cath chairs the forum. Each knows
 * the others as verified contacts, Cath as the chair. Whatever one of them
 * writes through the core library, the others accept only what its author
 * signed, from people they know, in roles they hold.
 */

#define PLAN      "EHC-1001"
#define FRAMEWORK "ehcp-new"

typedef struct
{
  char       *dir;
  AssayVault *vault;
  AssayStore *store;
} Installation;

typedef struct
{
  char            *dir;
  Installation     ann;
  Installation     bob;
  Installation     cath;
  AssayFrameworks *frameworks;
  AssayFramework  *framework;
} Trust;

static void
installation_open (Installation *who,
                   const char   *parent,
                   const char   *name,
                   const char   *agency)
{
  who->dir = subdir (parent, name);
  who->vault = assay_test_vault_new_moderator (who->dir, name, agency);
  who->store = assay_store_new (who->vault);
}

static void
installation_close (Installation *who)
{
  g_clear_object (&who->store);
  g_clear_object (&who->vault);
  g_free (who->dir);
}

static void
trust_set_up (Trust         *t,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  t->dir = assay_test_mkdtemp ();
  installation_open (&t->ann, t->dir, "Ann Patel", "Education");
  installation_open (&t->bob, t->dir, "Bob Jones", "Health");
  installation_open (&t->cath, t->dir, "Cath Lee", "Social care");

  assay_test_befriend (t->ann.store, t->bob.vault, FALSE);
  assay_test_befriend (t->ann.store, t->cath.vault, TRUE);
  assay_test_befriend (t->bob.store, t->ann.vault, FALSE);
  assay_test_befriend (t->bob.store, t->cath.vault, TRUE);
  assay_test_befriend (t->cath.store, t->ann.vault, FALSE);
  assay_test_befriend (t->cath.store, t->bob.vault, FALSE);

  t->frameworks = assay_frameworks_new_default ();
  t->framework = assay_frameworks_lookup (t->frameworks, FRAMEWORK, NULL, &error);
  g_assert_no_error (error);
}

static void
trust_tear_down (Trust         *t,
                 gconstpointer  data)
{
  g_clear_object (&t->framework);
  g_clear_object (&t->frameworks);
  installation_close (&t->ann);
  installation_close (&t->bob);
  installation_close (&t->cath);
  assay_test_rmdir (t->dir);
  g_free (t->dir);
}

/* A finished audit of @plan by @who, every criterion @grade where allowed. */
static char *
finished_audit (Trust        *t,
                Installation *who,
                const char   *plan,
                AssayGrade    grade)
{
  return assay_test_audit_finished (who->store, t->framework, plan, grade, NULL, NULL, NULL);
}

/* @from's bundle to the identities of @to (NULL-terminated), in @from's
 * folder. */
static char *
send_to (Installation        *from,
         const char          *name,
         AssayExportSummary  *summary,
         ...)
{
  g_autofree char *path = g_build_filename (from->dir, name, NULL);
  g_autoptr(GPtrArray) recipients = g_ptr_array_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AssayExportOptions options = { 0, };
  AssayExportSummary counts = { 0, };
  AssayVault *to;
  va_list args;

  va_start (args, summary);
  while ((to = va_arg (args, AssayVault *)) != NULL)
    g_ptr_array_add (recipients, (gpointer) assay_vault_get_identity (to));
  va_end (args);
  g_ptr_array_add (recipients, NULL);

  options.recipients = (const char * const *) recipients->pdata;
  g_assert_true (assay_bundle_export (from->store, file, &options, &counts, NULL, &error));
  g_assert_no_error (error);
  if (summary != NULL)
    *summary = counts;

  return g_steal_pointer (&path);
}

static AssayImportReport *
receive (Installation     *who,
         const char       *path,
         AssayImportFlags  flags,
         GError          **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return assay_bundle_import (who->store, file, NULL, flags, NULL, error);
}

static void
receive_ok (Installation *who,
            const char   *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayImportReport) report = receive (who, path, ASSAY_IMPORT_NONE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
}

/* Refused whole, with exit @exit_code, a message saying @says, and the
 * store exactly as it was. */
static void
assert_refused (Installation *who,
                const char   *path,
                int           exit_code,
                const char   *says)
{
  g_autofree char *before = fingerprint (who->vault);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AssayImportReport) report = receive (who, path, ASSAY_IMPORT_NONE, &error);

  g_assert_null (report);
  g_assert_nonnull (error);
  g_assert_cmpint (assay_error_get_exit_code (error), ==, exit_code);
  if (says != NULL && strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);

  after = fingerprint (who->vault);
  g_assert_cmpstr (before, ==, after);
}

static gboolean
sign_with (GBytes   *message,
           guint8    signature[64],
           gpointer  vault,
           GError  **error)
{
  return assay_vault_sign (vault, message, signature, error);
}

/* A bundle @from sends @to holding @record exactly as given: what a
 * colleague who calls the core library directly can write. */
static char *
send_record (Installation      *from,
             AssayVault        *to,
             const char        *name,
             const AssayRecord *record)
{
  g_autofree char *path = g_build_filename (from->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(AssayBundleWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  const char *recipients[] = { assay_vault_get_identity (from->vault),
                               assay_vault_get_identity (to), NULL };
  AssayKdfParams kdf;

  assay_kdf_params_init_default (&kdf);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &error);
  g_assert_no_error (error);
  writer = _assay_bundle_writer_new (G_OUTPUT_STREAM (out), assay_vault_get_identity (from->vault),
                                     assay_vault_get_name (from->vault),
                                     assay_vault_get_agency (from->vault),
                                     "2026-12-03T10:00:00Z", recipients, NULL, &kdf, sign_with,
                                     from->vault, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (_assay_bundle_writer_add_record (writer, record, NULL, &error));
  g_assert_true (_assay_bundle_writer_finish (writer, NULL, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

/* The next revision of @held with @payload, stamped @hlc, in @author's
 * name, chained to @held; unsigned. */
static AssayRecord *
next_revision (const AssayRecord *held,
               const char        *payload,
               const char        *author,
               guint64            hlc)
{
  AssayRecord *next = assay_record_copy (held);
  guint8 digest[ASSAY_RECORD_DIGEST_BYTES];

  _assay_record_digest (held, digest);
  g_clear_pointer (&next->base_digest, g_bytes_unref);
  g_clear_pointer (&next->signature, g_bytes_unref);
  g_clear_pointer (&next->payload, g_bytes_unref);
  g_free (next->author);

  next->author = g_strdup (author);
  next->base = held->revision;
  next->base_digest = g_bytes_new (digest, sizeof digest);
  next->revision = held->revision + 1;
  next->hlc = hlc;
  next->payload = g_bytes_new (payload, strlen (payload));

  return next;
}

/* @text with the first @from replaced by @to. */
static char *
replace_once (const char *text,
              const char *from,
              const char *to)
{
  const char *at = strstr (text, from);

  g_assert_nonnull (at);

  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

/* Bob writes a revision of Ann's audit in Ann's name, through the core
 * library: his own store refuses it, and the bundle he sends Cath is
 * refused whole, her store and her clock untouched; with a far-future clock
 * and with a present-day one. In his own name, it is refused as well. */
static void
test_trust_forged_author (Trust         *t,
                          gconstpointer  data)
{
  g_autofree char *id = finished_audit (t, &t->ann, PLAN, ASSAY_GRADE_GOLD);
  g_autofree char *to_both = send_to (&t->ann, "ann.assay", NULL, t->bob.vault, t->cath.vault,
                                      NULL);
  const char *ann = assay_vault_get_identity (t->ann.vault);
  guint64 stamps[] = { G_GUINT64_CONSTANT (1) << 62,
                       (guint64) (g_get_real_time () / 1000) << 16 };
  g_autoptr(AssayRecord) held = NULL;
  g_autofree char *payload = NULL;
  g_autoptr(GError) error = NULL;

  receive_ok (&t->bob, to_both);
  receive_ok (&t->cath, to_both);

  held = assay_store_load (t->bob.store, "audits", id, &error);
  g_assert_no_error (error);
  payload = replace_once (assay_record_get_text (held, NULL), "\"gold\"", "\"bronze\"");

  for (guint i = 0; i < G_N_ELEMENTS (stamps); i++)
    {
      g_autoptr(AssayRecord) forged = next_revision (held, payload, ann, stamps[i]);
      g_autoptr(AssayRecord) saved = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GError) local_error = NULL;
      AssayStoreImport outcome;
      gint64 now_ms = g_get_real_time () / 1000;

      /* Signed by Bob, in Ann's name: a signature that is not Ann's. */
      g_free (forged->author);
      forged->author = g_strdup (assay_vault_get_identity (t->bob.vault));
      g_assert_true (_assay_record_sign (forged, t->bob.vault, &local_error));
      g_free (forged->author);
      forged->author = g_strdup (ann);

      g_assert_false (assay_store_import_revision (t->bob.store, forged, &outcome,
                                                   &local_error));
      g_assert_error (local_error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY);
      g_clear_error (&local_error);

      path = send_record (&t->bob, t->cath.vault, "forged.assay", forged);
      assert_refused (&t->cath, path, ASSAY_EXIT_INTEGRITY, NULL);

      /* Cath's clock did not jump: her next record is stamped today. */
      saved = assay_store_save (t->cath.store, "notes", NULL, assay_test_bytes ("{}"),
                                &local_error);
      g_assert_no_error (local_error);
      g_assert_cmpint (assay_hlc_get_wall_ms (saved->hlc), <, now_ms + 60 * 1000);
      g_assert_true (assay_store_delete (t->cath.store, "notes", saved->id, &local_error));
    }

  /* Bob's own audit, well signed, stamped years ahead: refused all the
   * same, and Cath's clock stays where it is. */
  {
    g_autofree char *his_id = finished_audit (t, &t->bob, "EHC-1002", ASSAY_GRADE_SILVER);
    g_autoptr(AssayRecord) his_held = assay_store_load (t->bob.store, "audits", his_id, &error);
    g_autoptr(AssayRecord) ahead = NULL;
    g_autoptr(AssayRecord) saved = NULL;
    g_autofree char *path = NULL;
    gint64 now_ms = g_get_real_time () / 1000;

    g_assert_no_error (error);
    ahead = next_revision (his_held, assay_record_get_text (his_held, NULL),
                           his_held->author, G_GUINT64_CONSTANT (1) << 62);
    g_assert_true (_assay_record_sign (ahead, t->bob.vault, &error));
    path = send_record (&t->bob, t->cath.vault, "ahead.assay", ahead);
    assert_refused (&t->cath, path, ASSAY_EXIT_INTEGRITY, "a day ahead");

    saved = assay_store_save (t->cath.store, "notes", NULL, assay_test_bytes ("{}"), &error);
    g_assert_no_error (error);
    g_assert_cmpint (assay_hlc_get_wall_ms (saved->hlc), <, now_ms + 60 * 1000);
    g_assert_true (assay_store_delete (t->cath.store, "notes", saved->id, &error));
  }

  /* The same change in Bob's own name is well signed, and still not his to
   * make. */
  {
    g_autoptr(AssayRecord) his = next_revision (held, payload,
                                                assay_vault_get_identity (t->bob.vault),
                                                (guint64) (g_get_real_time () / 1000) << 16);
    g_autofree char *path = NULL;

    g_assert_true (_assay_record_sign (his, t->bob.vault, &error));
    path = send_record (&t->bob, t->cath.vault, "his.assay", his);
    assert_refused (&t->cath, path, ASSAY_EXIT_INTEGRITY, "only its author can change it");
  }

  /* Cath still holds Ann's audit as Ann finished it. */
  {
    g_autoptr(AssayAudit) audit = assay_audit_open (t->cath.store, t->frameworks, id, &error);
    g_autoptr(AssayAudit) original = assay_audit_open (t->ann.store, t->frameworks, id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (assay_audit_get_final (audit, NULL), ==,
                     assay_audit_get_final (original, NULL));
    g_assert_cmpint (assay_audit_get_revision (audit), ==, held->revision);
  }
}

/* A bundle from someone Cath does not know is refused, naming them and
 * their fingerprint, unless she accepts new senders: then they are an
 * unverified moderator. */
static void
test_trust_stranger (Trust         *t,
                     gconstpointer  data)
{
  Installation dan = { 0, };
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *print = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(AssayContact) contact = NULL;
  g_autoptr(GError) error = NULL;

  installation_open (&dan, t->dir, "Dan Smith", "Education");
  id = finished_audit (t, &dan, PLAN, ASSAY_GRADE_SILVER);
  path = send_to (&dan, "dan.assay", NULL, t->cath.vault, NULL);
  print = assay_identity_fingerprint (assay_vault_get_identity (dan.vault));

  assert_refused (&t->cath, path, ASSAY_EXIT_INTEGRITY, print);
  assert_refused (&t->cath, path, ASSAY_EXIT_INTEGRITY, "Dan Smith");

  report = receive (&t->cath, path, ASSAY_IMPORT_TRUST_NEW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->added, >=, 1);
  g_assert_cmpuint (report->new_contacts, ==, 1);

  contact = assay_contacts_lookup (t->cath.store, assay_vault_get_identity (dan.vault), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contact->name, ==, "Dan Smith");
  g_assert_false (contact->verified);
  g_assert_cmpint (contact->role, ==, ASSAY_CONTACT_ROLE_MODERATOR);

  installation_close (&dan);
}

/* Agreed grades count from a chair only. */
static void
test_trust_agreement_from_chair (Trust         *t,
                                 gconstpointer  data)
{
  g_autofree char *ann_id = finished_audit (t, &t->ann, PLAN, ASSAY_GRADE_GOLD);
  g_autofree char *bob_id = finished_audit (t, &t->bob, PLAN, ASSAY_GRADE_SILVER);
  g_autofree char *from_ann = send_to (&t->ann, "ann.assay", NULL, t->bob.vault,
                                       t->cath.vault, NULL);
  g_autofree char *from_bob = NULL;
  g_autofree char *from_cath = NULL;
  g_autoptr(GError) error = NULL;

  receive_ok (&t->bob, from_ann);
  receive_ok (&t->cath, from_ann);

  /* Bob agrees a grade himself: Cath does not take it. */
  g_assert_true (assay_agreement_record (t->bob.store, t->frameworks, PLAN, FRAMEWORK,
                                         ASSAY_GRADE_SILVER, "Bob says so", &error));
  g_assert_no_error (error);
  from_bob = send_to (&t->bob, "bob.assay", NULL, t->cath.vault, NULL);
  assert_refused (&t->cath, from_bob, ASSAY_EXIT_INTEGRITY, "not a forum chair");
  g_assert_cmpint (assay_agreement_lookup (t->cath.store, PLAN, FRAMEWORK, NULL, NULL, &error),
                   ==, ASSAY_GRADE_NONE);

  /* Cath's own agreement reaches Ann, who knows her as the chair. */
  g_assert_true (assay_agreement_record (t->cath.store, t->frameworks, PLAN, FRAMEWORK,
                                         ASSAY_GRADE_GOLD, "Forum of 3 December", &error));
  g_assert_no_error (error);
  from_cath = send_to (&t->cath, "cath.assay", NULL, t->ann.vault, NULL);
  receive_ok (&t->ann, from_cath);
  g_assert_cmpint (assay_agreement_lookup (t->ann.store, PLAN, FRAMEWORK, NULL, NULL, &error),
                   ==, ASSAY_GRADE_GOLD);
}

/* Once Bob's key is revoked (his laptop lost), what it signs from that day
 * on is refused. */
static void
test_trust_revoked (Trust         *t,
                    gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *id = finished_audit (t, &t->bob, PLAN, ASSAY_GRADE_SILVER);
  g_autofree char *path = send_to (&t->bob, "bob.assay", NULL, t->cath.vault, NULL);
  g_autoptr(AssayContact) revoked = NULL;
  g_autoptr(GError) error = NULL;

  revoked = assay_contacts_revoke (t->cath.store, assay_vault_get_identity (t->bob.vault), today,
                                   &error);
  g_assert_no_error (error);

  assert_refused (&t->cath, path, ASSAY_EXIT_INTEGRITY, "revoked");
}

static AssayAudit *
find_case_audit (GPtrArray  *audits,
                 const char *case_ref,
                 gboolean    own)
{
  for (guint i = 0; i < audits->len; i++)
    {
      AssayAudit *audit = audits->pdata[i];

      if (g_str_equal (assay_audit_get_case (audit), case_ref) &&
          assay_audit_is_own (audit) == own)
        return audit;
    }

  return NULL;
}

/* Bob's blind second look: Ann's finished audit reaches him, and stays
 * hidden while his own is unfinished. Ann's unfinished audits never leave
 * her vault except in a bundle to herself. */
static void
test_trust_blind (Trust         *t,
                  gconstpointer  data)
{
  g_autofree char *ann_id = finished_audit (t, &t->ann, PLAN, ASSAY_GRADE_GOLD);
  g_autoptr(AssayAudit) blind = NULL;
  g_autoptr(AssayAudit) draft = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(AssayBlindRule) rule = NULL;
  g_autofree char *path = NULL;
  g_autofree char *to_self = NULL;
  g_autoptr(GError) error = NULL;
  AssayExportSummary summary;

  blind = assay_audit_create (t->bob.store, t->framework, PLAN, TRUE, &error);
  g_assert_no_error (error);
  draft = assay_audit_create (t->ann.store, t->framework, "EHC-1003", FALSE, &error);
  g_assert_no_error (error);

  path = send_to (&t->ann, "ann.assay", &summary, t->bob.vault, t->cath.vault, NULL);
  g_assert_cmpuint (summary.n_drafts_kept, ==, 1);
  receive_ok (&t->bob, path);
  receive_ok (&t->cath, path);

  audits = assay_audit_list (t->bob.store, t->frameworks, &error);
  g_assert_no_error (error);
  g_assert_null (find_case_audit (audits, "EHC-1003", FALSE));
  rule = assay_blind_rule_new (audits);
  g_assert_true (assay_blind_rule_hides (rule, find_case_audit (audits, PLAN, FALSE)));
  g_assert_false (assay_blind_rule_hides (rule, find_case_audit (audits, PLAN, TRUE)));
  g_clear_pointer (&audits, g_ptr_array_unref);
  g_clear_pointer (&rule, assay_blind_rule_free);

  /* Cath has no audit of the plan: the pair is not hers to be blind in. */
  audits = assay_audit_list (t->cath.store, t->frameworks, &error);
  g_assert_null (find_case_audit (audits, "EHC-1003", FALSE));
  rule = assay_blind_rule_new (audits);
  g_assert_false (assay_blind_rule_hides (rule, find_case_audit (audits, PLAN, FALSE)));
  g_clear_pointer (&audits, g_ptr_array_unref);
  g_clear_pointer (&rule, assay_blind_rule_free);

  /* Bob finishes: both are finished, nothing is hidden. */
  assay_test_audit_grade_all (blind, ASSAY_GRADE_SILVER, NULL);
  g_assert_true (assay_audit_finish (blind, ASSAY_GRADE_NONE, NULL, &error));
  g_assert_no_error (error);
  audits = assay_audit_list (t->bob.store, t->frameworks, &error);
  rule = assay_blind_rule_new (audits);
  g_assert_false (assay_blind_rule_hides (rule, find_case_audit (audits, PLAN, FALSE)));

  /* To herself (a new laptop), Ann's draft goes too. */
  to_self = send_to (&t->ann, "self.assay", &summary, NULL);
  g_assert_cmpuint (summary.n_drafts_kept, ==, 0);
  g_assert_cmpuint (summary.n_records, >=, 2);
}

/* Ann edits the same draft on two laptops: the conflict is listed, shown
 * with both sides, and settled by her; her resolution travels and follows
 * both sides wherever it arrives. */
static void
test_trust_conflict (Trust         *t,
                     gconstpointer  data)
{
  g_autoptr(AssayAudit) draft = NULL;
  g_autoptr(AssayAudit) copy = NULL;
  g_autoptr(AssayAudit) settled = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(AssayConflict) conflict = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *laptop_dir = subdir (t->dir, "ann-laptop");
  g_autofree char *laptop_db = g_build_filename (laptop_dir, "assay.db", NULL);
  g_autofree char *from_laptop = NULL;
  g_autofree char *from_desk = NULL;
  g_autofree char *criterion = NULL;
  g_autoptr(AssayVault) laptop_vault = NULL;
  g_autoptr(AssayStore) laptop = NULL;
  Installation second = { 0, };
  g_autoptr(GError) error = NULL;

  draft = assay_audit_create (t->ann.store, t->framework, PLAN, FALSE, &error);
  g_assert_no_error (error);
  criterion = g_strdup (((const AssayCriterion *)
                          assay_framework_get_section (t->framework, 0)->criteria->pdata[0])->id);
  g_assert_true (assay_audit_set_grade (draft, criterion, ASSAY_GRADE_GOLD, "desk", &error));

  /* The vault file, copied to a second laptop. */
  {
    g_autofree char *sql = g_strdup_printf ("VACUUM INTO '%s'", laptop_db);

    g_assert_true (assay_database_exec (assay_vault_get_database (t->ann.vault), sql, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(AssayDatabase) database = assay_database_open (laptop_db, &error);

    g_assert_no_error (error);
    laptop_vault = assay_vault_new (database);
  }
  assay_vault_unlock (laptop_vault, ASSAY_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  laptop = assay_store_new (laptop_vault);
  second.dir = laptop_dir;
  second.vault = laptop_vault;
  second.store = laptop;

  /* Both edit the same revision. */
  g_assert_true (assay_audit_set_grade (draft, criterion, ASSAY_GRADE_SILVER, "desk again",
                                        &error));
  copy = assay_audit_open (laptop, t->frameworks, assay_audit_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_true (assay_audit_set_grade (copy, criterion, ASSAY_GRADE_SILVER, "laptop first",
                                        &error));
  /* A second edit there: the bundle carries only this newest revision,
   * which names the laptop's first edit as its base, not the desk's. */
  g_assert_true (assay_audit_set_grade (copy, criterion, ASSAY_GRADE_BRONZE, "laptop", &error));

  from_laptop = send_to (&second, "laptop.assay", NULL, NULL);
  report = receive (&t->ann, from_laptop, ASSAY_IMPORT_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->conflicts->len, ==, 1);

  conflicts = assay_bundle_list_conflicts (t->ann.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = assay_bundle_find_conflict (t->ann.store,
                                         ((AssayConflict *) conflicts->pdata[0])->ref, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (assay_record_get_text (conflict->local, NULL), "desk again"));
  g_assert_nonnull (strstr (assay_record_get_text (conflict->other, NULL), "laptop"));

  /* Keeping both is for two chairs' agreed grades, not an audit. */
  g_assert_false (assay_bundle_resolve_conflict (t->ann.store, conflict,
                                                 ASSAY_CONFLICT_KEEP_BOTH, &error));
  g_assert_cmpint (assay_error_get_exit_code (error), ==, ASSAY_EXIT_USAGE);
  g_clear_error (&error);

  g_assert_true (assay_bundle_resolve_conflict (t->ann.store, conflict,
                                                ASSAY_CONFLICT_KEEP_THEIRS, &error));
  g_assert_no_error (error);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = assay_bundle_list_conflicts (t->ann.store, &error);
  g_assert_cmpuint (conflicts->len, ==, 0);

  settled = assay_audit_open (t->ann.store, t->frameworks, assay_audit_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_grade (settled, criterion, NULL), ==, ASSAY_GRADE_BRONZE);

  /* The resolution reaches the laptop, which held the other side. */
  from_desk = send_to (&t->ann, "desk.assay", NULL, NULL);
  g_clear_pointer (&report, assay_import_report_free);
  report = receive (&second, from_desk, ASSAY_IMPORT_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->conflicts->len, ==, 0);
  g_assert_cmpuint (report->updated, ==, 1);

  /* Conflicts kept, resolved and imported leave each vault's head true. */
  assert_no_damage (t->ann.store);
  assert_no_damage (second.store);
}

/* A finished audit with criteria left ungraded is refused, naming them. */
static void
test_trust_invalid_audit (Trust         *t,
                          gconstpointer  data)
{
  g_autofree char *id = finished_audit (t, &t->ann, PLAN, ASSAY_GRADE_GOLD);
  g_autoptr(AssayRecord) held = NULL;
  g_autoptr(AssayRecord) broken = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *grades;
  GList *members;

  held = assay_store_load (t->ann.store, "audits", id, &error);
  g_assert_no_error (error);
  root = assay_test_parse_json (assay_record_get_text (held, NULL));
  grades = json_object_get_object_member (json_node_get_object (root), "grades");
  members = json_object_get_members (grades);
  json_object_remove_member (grades, members->data);
  g_list_free (members);
  payload = assay_json_node_to_bytes (root);

  broken = next_revision (held, g_bytes_get_data (payload, NULL), held->author,
                          (guint64) (g_get_real_time () / 1000) << 16);
  g_assert_true (_assay_record_sign (broken, t->ann.vault, &error));
  path = send_record (&t->ann, t->cath.vault, "broken.assay", broken);

  assert_refused (&t->cath, path, ASSAY_EXIT_REJECTED, "ungraded");
}

/* Cath erases a plan's audits; her deletion reaches Ann and Bob, and an
 * older bundle does not bring them back. */
static void
test_trust_erasure (Trust         *t,
                    gconstpointer  data)
{
  g_autofree char *id = finished_audit (t, &t->ann, PLAN, ASSAY_GRADE_GOLD);
  g_autofree char *from_ann = send_to (&t->ann, "ann.assay", NULL, t->bob.vault,
                                       t->cath.vault, NULL);
  g_autofree char *from_cath = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(AssayRecord) gone = NULL;
  g_autoptr(GError) error = NULL;
  guint erased = 0;

  receive_ok (&t->bob, from_ann);
  receive_ok (&t->cath, from_ann);

  g_assert_true (assay_erasure_erase_case (t->cath.store, PLAN, "Retention period ended",
                                           &erased, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (erased, ==, 1);

  from_cath = send_to (&t->cath, "cath.assay", NULL, t->ann.vault, t->bob.vault, NULL);
  receive_ok (&t->bob, from_cath);
  receive_ok (&t->ann, from_cath);

  gone = assay_store_load (t->bob.store, "audits", id, &error);
  g_assert_null (gone);
  g_assert_error (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  gone = assay_store_load (t->ann.store, "audits", id, &error);
  g_assert_null (gone);
  g_clear_error (&error);

  /* Ann's old bundle, imported again, brings nothing back. */
  report = receive (&t->cath, from_ann, ASSAY_IMPORT_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->erased, ==, 1);
  g_assert_cmpuint (report->added, ==, 0);
  gone = assay_store_load (t->cath.store, "audits", id, &error);
  g_assert_null (gone);
  g_clear_error (&error);

  /* An erasure is Assay's own deletion: the head follows it. */
  assert_no_damage (t->cath.store);
  assert_no_damage (t->ann.store);
}

/* A colleague's record imported before records were signed stays, shown
 * unverified and never forwarded, until its author's signed copy of the
 * same revision arrives and takes its place. */
static void
test_trust_unverified (Trust         *t,
                       gconstpointer  data)
{
  g_autofree char *id = finished_audit (t, &t->ann, PLAN, ASSAY_GRADE_GOLD);
  g_autoptr(AssayRecord) signed_copy = NULL;
  g_autoptr(AssayRecord) old = NULL;
  g_autoptr(AssayRecord) held = NULL;
  g_autoptr(AssayImportReport) report = NULL;
  g_autofree char *from_cath = NULL;
  g_autofree char *from_ann = NULL;
  g_autoptr(GError) error = NULL;
  AssayExportSummary summary;

  /* As a format-1 import left it: Ann's revision, without her signature. */
  signed_copy = assay_store_load (t->ann.store, "audits", id, &error);
  g_assert_no_error (error);
  old = assay_record_copy (signed_copy);
  g_clear_pointer (&old->signature, g_bytes_unref);
  g_clear_pointer (&old->base_digest, g_bytes_unref);
  old->base = old->revision - 1;
  g_assert_true (_assay_store_insert_sealed (t->cath.store, INSERT_RECORD, RECORD_AD_LABEL, old,
                                             &error));
  g_assert_no_error (error);
  held = assay_store_load (t->cath.store, "audits", id, &error);
  g_assert_null (held->signature);
  g_clear_pointer (&held, assay_record_free);

  from_cath = send_to (&t->cath, "cath.assay", &summary, t->bob.vault, NULL);
  g_assert_cmpuint (summary.n_unverified_kept, ==, 1);
  g_assert_cmpuint (summary.n_records, ==, 0);

  from_ann = send_to (&t->ann, "ann.assay", NULL, t->cath.vault, NULL);
  report = receive (&t->cath, from_ann, ASSAY_IMPORT_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->conflicts->len, ==, 0);
  held = assay_store_load (t->cath.store, "audits", id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (held->signature);
  g_assert_true (g_bytes_equal (held->payload, signed_copy->payload));
  assert_no_damage (t->cath.store);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/trust/" path, Trust, NULL, trust_set_up, func, trust_tear_down)

  ADD ("forged-author", test_trust_forged_author);
  ADD ("stranger", test_trust_stranger);
  ADD ("agreement-from-chair", test_trust_agreement_from_chair);
  ADD ("revoked", test_trust_revoked);
  ADD ("blind", test_trust_blind);
  ADD ("conflict", test_trust_conflict);
  ADD ("invalid-audit", test_trust_invalid_audit);
  ADD ("erasure", test_trust_erasure);
  ADD ("unverified", test_trust_unverified);

#undef ADD

  return g_test_run ();
}
