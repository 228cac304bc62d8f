/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "moderation-test-fixture"

#include "config.h"

#include "assay-bundle.h"
#include "moderation-test-fixture.h"

/*
 * Two moderators with real encrypted vaults: A (Sam Okafor, Education), who
 * the GUI is unlocked as, and B (Ann Patel, Health), a colleague whose
 * results arrive as a real signed, encrypted bundle made with the core API.
 *
 *   plan       A's overall   B's overall            state
 *   EHC-1001   Silver        Silver                 Agree
 *   EHC-1002   Silver        Bronze (override)      Differ, three criteria apart
 *   EHC-1003   Silver        Gold                   Differ
 *   EHC-1004   Silver        —                      (one audit: not listed)
 *   EHC-1005   —             Gold                   (one audit: not listed)
 */

static const AssayGuiTestGrade b_1002[] = {
  { "E2", ASSAY_GRADE_BRONZE, "Outcomes restate needs; none is measurable." },
  { "F1", ASSAY_GRADE_BRONZE, "“Access to speech and language therapy” with no hours or who." },
  { "F3", ASSAY_GRADE_BRONZE, "Provision is not linked to the needs in section B." },
  { NULL, },
};

static const AssayGuiTestGrade a_1002[] = {
  { "E2", ASSAY_GRADE_SILVER, "Outcomes are personal; two lack a timescale." },
  { "F1", ASSAY_GRADE_SILVER, "SALT 1 hour weekly by a therapist; review termly." },
  { "F3", ASSAY_GRADE_SILVER, "Each need in B has provision, most of it quantified." },
  { NULL, },
};

/* The table above, audit by audit */
static const struct
{
  gboolean                 by_b;
  const char              *case_ref;
  AssayGrade               base;
  const AssayGuiTestGrade *grades;
  AssayGrade               override;
  const char              *reason;
} audits[] = {
  { FALSE, "EHC-1001", ASSAY_GRADE_SILVER, NULL, ASSAY_GRADE_NONE, NULL },
  { FALSE, "EHC-1002", ASSAY_GRADE_SILVER, a_1002, ASSAY_GRADE_NONE, NULL },
  { FALSE, "EHC-1003", ASSAY_GRADE_SILVER, NULL, ASSAY_GRADE_NONE, NULL },
  { FALSE, "EHC-1004", ASSAY_GRADE_SILVER, NULL, ASSAY_GRADE_NONE, NULL },
  { TRUE, "EHC-1001", ASSAY_GRADE_SILVER, NULL, ASSAY_GRADE_NONE, NULL },
  { TRUE, "EHC-1002", ASSAY_GRADE_SILVER, b_1002, ASSAY_GRADE_BRONZE,
    "Section F would not stand at tribunal" },
  { TRUE, "EHC-1003", ASSAY_GRADE_GOLD, NULL, ASSAY_GRADE_NONE, NULL },
  { TRUE, "EHC-1005", ASSAY_GRADE_GOLD, NULL, ASSAY_GRADE_NONE, NULL },
};

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(AssayStore) store_a = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  const char *recipients[2] = { NULL, NULL };
  AssayExportOptions options = { NULL, NULL, NULL };
  AssayExportSummary summary = { 0, 0 };
  gboolean with_data = GPOINTER_TO_INT (data);

  f->frameworks = assay_frameworks_new_default ();
  f->opened = g_ptr_array_new_with_free_func (g_free);

  assay_test_env_set_up (&f->env, ASSAY_TEST_ENV_NO_VAULT);
  f->vault_a = assay_test_vault_new_moderator (f->env.dir, "Sam Okafor", "Education");
  store_a = assay_store_new (f->vault_a);

  f->dir_b = assay_test_mkdtemp ();
  f->vault_b = assay_test_vault_new_moderator (f->dir_b, "Ann Patel", "Health");
  f->store_b = assay_store_new (f->vault_b);

  /* Colleagues who have compared fingerprints. */
  assay_test_befriend (store_a, f->vault_b, FALSE);
  assay_test_befriend (f->store_b, f->vault_a, FALSE);

  if (with_data)
    {
      for (guint i = 0; i < G_N_ELEMENTS (audits); i++)
        {
          g_autofree char *id = NULL;

          id = assay_gui_test_audit_finished (audits[i].by_b ? f->store_b : store_a,
                                              f->frameworks, audits[i].case_ref,
                                              audits[i].base, audits[i].grades,
                                              audits[i].override, audits[i].reason);
          if (audits[i].by_b && g_str_equal (audits[i].case_ref, "EHC-1002"))
            f->b_audit_id = g_steal_pointer (&id);
        }

      /* B sends A their results, as `assay-cli export --recipient` would */
      f->bundle_path = g_build_filename (f->dir_b, "ann.assay", NULL);
      file = g_file_new_for_path (f->bundle_path);
      recipients[0] = assay_vault_get_identity (f->vault_a);
      options.recipients = recipients;
      assay_bundle_export (f->store_b, file, &options, &summary, NULL, &error);
      g_assert_no_error (error);
      f->bundle_records = summary.n_records;
      g_assert_cmpuint (f->bundle_records, >=, 4);
    }

  f->session = assay_session_new (f->vault_a);

  f->page = g_object_new (ASSAY_TYPE_MODERATION_PAGE, NULL);
  f->window = assay_gui_test_page_window (GTK_WIDGET (f->page), "Moderation", 1000, 760,
                                          "open-audit", f->opened);

  gtk_window_present (f->window);
  assay_moderation_page_set_session (f->page, f->session);
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  assay_gui_test_page_window_destroy (&f->window, _assay_moderation_page_get_dialog (f->page));

  g_clear_object (&f->session);
  g_clear_object (&f->store_b);
  g_clear_object (&f->vault_a);
  g_clear_object (&f->vault_b);
  g_clear_object (&f->frameworks);
  g_clear_pointer (&f->opened, g_ptr_array_unref);
  g_clear_pointer (&f->bundle_path, g_free);
  g_clear_pointer (&f->b_audit_id, g_free);
  assay_test_rmdir (f->dir_b);
  assay_test_env_tear_down (&f->env);
  g_clear_pointer (&f->dir_b, g_free);
}

gboolean
page_idle (gpointer data)
{
  Fixture *f = data;

  return !_assay_moderation_page_get_busy (f->page) &&
         _assay_moderation_page_get_dialog (f->page) != NULL;
}

/* Imports @path through the page's action and returns the result dialog */
AssayBundleImportDialog *
import_file (Fixture    *f,
             const char *path)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.import-file",
                                             "s", path));
  g_assert_true (assay_gui_test_wait_until (page_idle, f, 10000));

  dialog = _assay_moderation_page_get_dialog (f->page);
  g_assert_true (ASSAY_IS_BUNDLE_IMPORT_DIALOG (dialog));

  return ASSAY_BUNDLE_IMPORT_DIALOG (dialog);
}

guint
count_of (AssayBundleImportDialog *dialog,
          const char              *what)
{
  GtkLabel *label = _assay_bundle_import_dialog_get_count_label (dialog, 0, what);

  g_assert_nonnull (label);

  return (guint) g_ascii_strtoull (gtk_label_get_text (label), NULL, 10);
}

void
close_dialog (Fixture *f)
{
  GtkWindow *dialog = _assay_moderation_page_get_dialog (f->page);

  if (dialog != NULL)
    gtk_window_destroy (dialog);
  assay_gui_test_wait_idle ();
}

char *
describe_store (Fixture *f)
{
  AssayStore *store = assay_session_get_store (f->session);
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  audits = assay_audit_list (store, f->frameworks, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audits->len; i++)
    {
      AssayAudit *audit = audits->pdata[i];

      g_string_append_printf (text, "%s/%" G_GINT64_FORMAT " ", assay_audit_get_id (audit),
                              assay_audit_get_revision (audit));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
