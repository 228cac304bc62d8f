/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-moderation-page"

#include "config.h"

#include <math.h>
#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "assay-audit-editor-private.h"
#include "assay-audits-page-private.h"
#include "assay-bundle.h"
#include "assay-bundle-import-dialog-private.h"
#include "assay-caseload.h"
#include "assay-comparison.h"
#include "assay-csv.h"
#include "assay-export-dialog-private.h"
#include "assay-gui-test-util.h"
#include "assay-identity.h"
#include "assay-moderation-dialog-private.h"
#include "assay-moderation-page-private.h"
#include "assay-test-util.h"

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

typedef struct
{
  AssayTestEnv         env;           /* A's folder */
  char                *dir_b;
  AssayVault          *vault_a;
  AssayVault          *vault_b;
  AssayStore          *store_b;
  AssayFrameworks     *frameworks;
  AssaySession        *session;
  GtkWindow           *window;
  AssayModerationPage *page;
  GPtrArray           *opened;        /* audit ids main.open-audit was asked for */
  char                *bundle_path;   /* B's results, for A */
  guint                bundle_records;
  char                *b_audit_id;    /* B's audit of EHC-1002 */
} Fixture;

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

static void
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

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GtkWindow *dialog = _assay_moderation_page_get_dialog (f->page);

  if (dialog != NULL)
    gtk_window_destroy (dialog);
  gtk_window_destroy (f->window);
  g_clear_object (&f->window);
  assay_gui_test_wait_idle ();

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

static gboolean
page_idle (gpointer data)
{
  Fixture *f = data;

  return !_assay_moderation_page_get_busy (f->page) &&
         _assay_moderation_page_get_dialog (f->page) != NULL;
}

/* Imports @path through the page's action and returns the result dialog */
static AssayBundleImportDialog *
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

static guint
count_of (AssayBundleImportDialog *dialog,
          const char              *what)
{
  GtkLabel *label = _assay_bundle_import_dialog_get_count_label (dialog, 0, what);

  g_assert_nonnull (label);

  return (guint) g_ascii_strtoull (gtk_label_get_text (label), NULL, 10);
}

static gboolean
no_dialog (gpointer data)
{
  Fixture *f = data;

  return _assay_moderation_page_get_dialog (f->page) == NULL;
}

static void
close_dialog (Fixture *f)
{
  GtkWindow *dialog = _assay_moderation_page_get_dialog (f->page);

  if (dialog != NULL)
    gtk_window_destroy (dialog);
  assay_gui_test_wait_idle ();
}

/* What the store holds, to tell whether anything changed */
static char *
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

static AssayComparison *
compare_all (Fixture *f)
{
  AssayCompareFilter filter = { NULL, NULL };
  g_autoptr(GError) error = NULL;
  AssayComparison *comparison;

  comparison = assay_comparison_new (assay_session_get_store (f->session), f->frameworks,
                                     &filter, &error);
  g_assert_no_error (error);

  return comparison;
}

static int
find_case (AssayComparison *comparison,
           const char      *case_ref)
{
  for (guint i = 0; i < assay_comparison_get_n_cases (comparison); i++)
    if (g_strcmp0 (assay_comparison_get_case_ref (comparison, i), case_ref) == 0)
      return (int) i;

  return -1;
}

static void
assert_share (GtkLabel *label,
              double    share)
{
  g_autofree char *expected = g_strdup_printf ("%.0f%%", share * 100.0);

  g_assert_true (share >= 0.0);
  g_assert_cmpstr (gtk_label_get_text (label), ==, expected);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_assert_cmpstr (_assay_moderation_page_get_state (f->page), ==, "empty");
  g_assert_false (gtk_revealer_get_reveal_child (
                    _assay_moderation_page_get_conflicts_revealer (f->page)));
  /* Its buttons lead to the two ways out of it */
  {
    GtkWidget *status = assay_gui_test_find_descendant (GTK_WIDGET (f->page),
                                                        ADW_TYPE_STATUS_PAGE);
    GtkWidget *button = assay_gui_test_find_descendant (status, GTK_TYPE_BUTTON);

    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                     "moderation.import");
    g_assert_true (gtk_widget_get_sensitive (button));
  }
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "moderation-empty");

  /* Without a session, nothing can be imported or exported */
  assay_moderation_page_set_session (f->page, NULL);
  g_assert_cmpstr (_assay_moderation_page_get_state (f->page), ==, "empty");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.export", NULL) &&
                  _assay_moderation_page_get_dialog (f->page) != NULL);
}

static void
test_import_and_agree (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AssayComparison) comparison = NULL;
  g_autoptr(AssayComparison) after = NULL;
  g_autofree char *pairs = NULL;
  g_autofree char *alpha = NULL;
  g_autofree char *before = NULL;
  g_autofree char *tampered = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *still = NULL;
  AssayBundleImportDialog *result;
  AssayModerationDialog *dialog;
  AdwActionRow *error_row;
  const char *reason = NULL;
  gsize length;
  int index;
  guint n_double = 0;

  /* Plans only A has audited are simply audited: nothing to compare yet */
  g_assert_cmpstr (_assay_moderation_page_get_state (f->page), ==, "empty");

  /* The colleague's bundle, through the page */
  result = import_file (f, f->bundle_path);
  g_assert_cmpstr (adw_preferences_group_get_title (_assay_bundle_import_dialog_get_group (result, 0)),
                   ==, "ann.assay");
  g_assert_nonnull (strstr (adw_preferences_group_get_description (
                              _assay_bundle_import_dialog_get_group (result, 0)),
                            "From Ann Patel, Health"));
  g_assert_null (_assay_bundle_import_dialog_get_error_row (result, 0));
  g_assert_cmpuint (count_of (result, "added"), >=, 4);
  g_assert_cmpuint (count_of (result, "added") + count_of (result, "updated") +
                    count_of (result, "unchanged"), ==, f->bundle_records);
  g_assert_cmpuint (count_of (result, "conflicts"), ==, 0);
  assay_gui_test_screenshot (GTK_WIDGET (result), "moderation-import-result");
  close_dialog (f);

  /* Every plan either moderator finished, in case order, with its state */
  g_assert_cmpstr (_assay_moderation_page_get_state (f->page), ==, "rows");
  g_assert_cmpstr (_assay_moderation_page_get_row_state (f->page, "EHC-1001"), ==, "Agree");
  g_assert_cmpstr (_assay_moderation_page_get_row_state (f->page, "EHC-1002"), ==, "Differ");
  g_assert_cmpstr (_assay_moderation_page_get_row_state (f->page, "EHC-1003"), ==, "Differ");
  g_assert_null (_assay_moderation_page_get_row_state (f->page, "EHC-1004"));
  g_assert_null (_assay_moderation_page_get_row_state (f->page, "EHC-1005"));

  /* The headline figures are the comparison's */
  comparison = compare_all (f);
  g_assert_cmpuint (assay_comparison_get_n_cases (comparison), ==, 3);
  for (guint i = 0; i < assay_comparison_get_n_cases (comparison); i++)
    n_double += assay_comparison_get_case_audits (comparison, i)->len >= 2;
  g_assert_cmpuint (n_double, ==, 3);
  pairs = g_strdup_printf ("%u", n_double);
  g_assert_cmpstr (gtk_label_get_text (_assay_moderation_page_get_figure (f->page, "pairs")), ==,
                   pairs);
  assert_share (_assay_moderation_page_get_figure (f->page, "exact"),
                assay_comparison_get_exact (comparison));
  assert_share (_assay_moderation_page_get_figure (f->page, "within"),
                assay_comparison_get_within_one (comparison));
  assert_share (_assay_moderation_page_get_figure (f->page, "silver"),
                assay_comparison_get_silver_or_better (comparison));
  /* Silver or Gold: 1001 (both), 1002 and 1003 (the first moderator, A),
   * 1004 (A); not 1005 (B's Gold counts: Gold is better) */
  g_assert_cmpstr (gtk_label_get_text (_assay_moderation_page_get_figure (f->page,
                                                                          "silver-caption")),
                   ==, "5 of 5 plans audited, by final grade");
  g_assert_false (isnan (assay_comparison_get_alpha (comparison)));
  alpha = g_strdup_printf ("%.2f", assay_comparison_get_alpha (comparison));
  g_assert_cmpstr (gtk_label_get_text (_assay_moderation_page_get_figure (f->page, "alpha")), ==,
                   alpha);
  /* One plan of three agreed: α is well below the floor, and says so */
  g_assert_cmpfloat (assay_comparison_get_alpha (comparison), <, 0.6);
  g_assert_true (gtk_widget_has_css_class (_assay_moderation_page_get_figure_card (f->page,
                                                                                   "alpha"),
                                           "warning"));

  /* Differences first puts the plans to talk about at the top */
  gtk_drop_down_set_selected (_assay_moderation_page_get_dropdown (f->page, "order"), 1);
  {
    g_autoptr(GPtrArray) rows = _assay_moderation_page_get_rows (f->page);

    g_assert_cmpuint (rows->len, ==, 3);
    g_assert_cmpstr (g_object_get_data (rows->pdata[0], "state"), ==, "Differ");
    g_assert_cmpstr (g_object_get_data (rows->pdata[1], "state"), ==, "Differ");
  }
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "moderation-page");

  /* The agency filter narrows the comparison to one agency's moderators */
  gtk_drop_down_set_selected (_assay_moderation_page_get_dropdown (f->page, "agency"), 0);

  /* A plan they differ on, side by side */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.open-plan", "s",
                                             "EHC-1002\tehcp-new"));
  dialog = ASSAY_MODERATION_DIALOG (_assay_moderation_page_get_dialog (f->page));
  g_assert_true (ASSAY_IS_MODERATION_DIALOG (dialog));
  g_assert_cmpuint (_assay_moderation_dialog_get_difference_rows (dialog)->len, ==, 3);
  g_assert_cmpstr (adw_expander_row_get_subtitle (
                     _assay_moderation_dialog_get_difference_rows (dialog)->pdata[0]),
                   ==, "E2 · Section E: outcomes");
  g_assert_cmpuint (_assay_moderation_dialog_get_section_rows (dialog)->len, ==, 13);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_assay_moderation_dialog_get_agreed_row (dialog))));
  assay_gui_test_wait_drawn (GTK_WIDGET (dialog));
  assay_gui_test_screenshot (GTK_WIDGET (dialog), "moderation-dialog");

  /* No reason, no record */
  g_assert_false (gtk_widget_get_sensitive (_assay_moderation_dialog_get_record_button (dialog)));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "moderation-dialog.record", NULL);
  after = compare_all (f);
  index = find_case (after, "EHC-1002");
  g_assert_cmpint (assay_comparison_get_case_state (after, index), ==, ASSAY_CASE_DIFFER);
  g_clear_object (&after);

  _assay_moderation_dialog_select_grade (dialog, ASSAY_GRADE_BRONZE);
  gtk_editable_set_text (GTK_EDITABLE (_assay_moderation_dialog_get_reason_row (dialog)),
                         "  F1 and F3 lack hours and who delivers  ");
  g_assert_true (gtk_widget_get_sensitive (_assay_moderation_dialog_get_record_button (dialog)));
  {
    GtkWidget *button = _assay_moderation_dialog_get_record_button (dialog);
    GtkWidget *scrolled = gtk_widget_get_ancestor (button, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    graphene_point_t point;

    /* The forum's decision, below the differences */
    g_assert_true (gtk_widget_compute_point (button, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                             &GRAPHENE_POINT_INIT (0, 0), &point));
    gtk_adjustment_set_value (adjustment, point.y - 420);
    assay_gui_test_screenshot (GTK_WIDGET (dialog), "moderation-dialog-agree");
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "moderation-dialog.record",
                                             NULL));
  g_assert_true (assay_gui_test_wait_until (no_dialog, f, 5000));
  g_assert_null (_assay_moderation_page_get_dialog (f->page));

  /* Stored: a fresh comparison sees the forum's grade and reason */
  after = compare_all (f);
  index = find_case (after, "EHC-1002");
  g_assert_cmpint (index, >=, 0);
  g_assert_cmpint (assay_comparison_get_case_state (after, index), ==, ASSAY_CASE_AGREED);
  g_assert_cmpint (assay_comparison_get_case_agreed (after, index, &reason, NULL), ==,
                   ASSAY_GRADE_BRONZE);
  g_assert_cmpstr (reason, ==, "F1 and F3 lack hours and who delivers");
  g_assert_cmpstr (_assay_moderation_page_get_row_state (f->page, "EHC-1002"), ==,
                   "Agreed: Bronze");

  /* Opened again, the agreed grade shows and can be recorded again */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.open-plan", "s",
                              "EHC-1002\tehcp-new");
  dialog = ASSAY_MODERATION_DIALOG (_assay_moderation_page_get_dialog (f->page));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_assay_moderation_dialog_get_agreed_row (dialog))));
  g_assert_cmpuint (adw_combo_row_get_selected (_assay_moderation_dialog_get_grade_row (dialog)),
                    ==, 2);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (
                              _assay_moderation_dialog_get_agreed_row (dialog)),
                            "F1 and F3 lack hours"));

  /* Its "open" buttons hand the audit to the main view's editor */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "moderation-dialog.open-audit", "s",
                              f->b_audit_id);
  g_assert_cmpuint (f->opened->len, ==, 1);
  g_assert_cmpstr (f->opened->pdata[0], ==, f->b_audit_id);
  g_assert_true (assay_gui_test_wait_until (no_dialog, f, 5000));
  g_assert_null (_assay_moderation_page_get_dialog (f->page));

  /* The same bundle again changes nothing */
  before = describe_store (f);
  result = import_file (f, f->bundle_path);
  g_assert_cmpuint (count_of (result, "added"), ==, 0);
  g_assert_cmpuint (count_of (result, "updated"), ==, 0);
  g_assert_cmpuint (count_of (result, "unchanged"), ==, f->bundle_records);
  close_dialog (f);

  /* A bundle altered on the way is refused by name, and nothing is kept */
  g_file_get_contents (f->bundle_path, &contents, &length, NULL);
  g_assert_cmpuint (length, >, 200);
  contents[length / 2] ^= 0x20;
  tampered = g_build_filename (f->dir_b, "tampered.assay", NULL);
  g_assert_true (g_file_set_contents (tampered, contents, length, NULL));
  result = import_file (f, tampered);
  g_assert_cmpstr (adw_preferences_group_get_title (_assay_bundle_import_dialog_get_group (result, 0)),
                   ==, "tampered.assay");
  error_row = _assay_bundle_import_dialog_get_error_row (result, 0);
  g_assert_nonnull (error_row);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (result)), ==,
                   "Bundle Not Imported");
  g_test_message ("Tampered: %s", adw_action_row_get_subtitle (error_row));
  still = describe_store (f);
  g_assert_cmpstr (still, ==, before);
  assay_gui_test_screenshot (GTK_WIDGET (result), "moderation-import-error");
  close_dialog (f);
}

/* My Audits is the moderator's own work; colleagues' audits are compared,
 * never edited */
static void
test_others_read_only (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  AssayAuditsPage *audits_page;
  AssayAuditEditor *editor;
  GtkWindow *window;
  AssayCriterionRow *row;
  GListModel *shown;

  close_dialog (f);
  import_file (f, f->bundle_path);
  close_dialog (f);

  audits_page = g_object_new (ASSAY_TYPE_AUDITS_PAGE, NULL);
  window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (window, 900, 700);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (audits_page));
  assay_audits_page_set_session (audits_page, f->session);
  gtk_window_present (window);
  assay_gui_test_wait_drawn (GTK_WIDGET (window));

  shown = _assay_audits_page_get_shown (audits_page);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 4);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(AssayAudit) own = g_list_model_get_item (shown, i);

      g_assert_true (assay_audit_is_own (own));
      g_assert_cmpstr (assay_audit_get_moderator (own), ==, "Sam Okafor");
    }

  /* B's audit in the editor: a strip says whose it is; nothing can be
   * graded or reopened */
  gtk_window_destroy (window);
  editor = g_object_new (ASSAY_TYPE_AUDIT_EDITOR, NULL);
  window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (window, 1000, 720);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (editor));
  gtk_window_present (window);
  assay_audit_editor_set_session (editor, f->session);
  audit = assay_audit_open (assay_session_get_store (f->session), f->frameworks, f->b_audit_id,
                            &error);
  g_assert_no_error (error);
  g_assert_false (assay_audit_is_own (audit));
  assay_audit_editor_set_audit (editor, audit);
  /* A finished audit opens on its summary: go to the first section */
  {
    GtkListBox *sections = _assay_audit_editor_get_sections_list (editor);

    gtk_list_box_select_row (sections, gtk_list_box_get_row_at_index (sections, 0));
  }
  assay_gui_test_wait_drawn (GTK_WIDGET (window));

  g_assert_cmpstr (gtk_label_get_text (_assay_audit_editor_get_finished_label (editor)), ==,
                   "Ann Patel’s audit (Health) — read only");
  g_assert_cmpuint (_assay_audit_editor_get_n_rows (editor), >, 0);
  for (guint i = 0; i < _assay_audit_editor_get_n_rows (editor); i++)
    {
      row = _assay_audit_editor_get_row (editor, i);
      g_assert_false (gtk_widget_is_sensitive (_assay_criterion_row_get_grade_buttons (row)));
      g_assert_false (gtk_text_view_get_editable (_assay_criterion_row_get_evidence_view (row)));
    }
  assay_gui_test_screenshot (GTK_WIDGET (window), "moderation-read-only-audit");

  /* Asking anyway changes nothing */
  before = describe_store (f);
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.grade", "(ss)", "A1", "gold");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.reopen", NULL);
  assay_gui_test_wait_idle ();
  g_assert_null (assay_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  after = describe_store (f);
  g_assert_cmpstr (after, ==, before);

  gtk_window_destroy (window);
  assay_gui_test_wait_idle ();
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
select_agency (Fixture    *f,
               const char *label)
{
  GtkDropDown *dropdown = _assay_moderation_page_get_dropdown (f->page, "agency");
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      {
        gtk_drop_down_set_selected (dropdown, i);
        return;
      }

  g_error ("no agency “%s” to choose", label);
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *csv_path = g_build_filename (f->env.dir, "health.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (f->env.dir, "forum.pdf", NULL);
  g_autofree char *odd_path = g_build_filename (f->env.dir, "forum.docx", NULL);
  g_autoptr(AssayCsv) csv = NULL;
  g_autoptr(GError) error = NULL;
  AssayCsvRecord *header;
  GStatBuf st;
  int moderator = -1;

  import_file (f, f->bundle_path);
  close_dialog (f);

  /* The CSV follows the page's filter: Health's moderator only */
  select_agency (f, "Health");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.report-to-file",
                                             "s", csv_path));
  g_assert_true (assay_gui_test_wait_until (file_exists, csv_path, 10000));

  csv = assay_csv_load (csv_path, &error);
  g_assert_no_error (error);
  header = csv->records->pdata[0];
  for (guint i = 0; i < header->n_fields; i++)
    if (g_str_equal (header->fields[i], "moderator"))
      moderator = (int) i;
  g_assert_cmpint (moderator, >=, 0);
  /* Ann's EHC-1001, 1002, 1003 and 1005 */
  g_assert_cmpuint (csv->records->len - 1, ==, 4);
  for (guint i = 1; i < csv->records->len; i++)
    g_assert_cmpstr (((AssayCsvRecord *) csv->records->pdata[i])->fields[moderator], ==,
                     "Ann Patel");

  /* The PDF for every agency; the owner alone can read it */
  gtk_drop_down_set_selected (_assay_moderation_page_get_dropdown (f->page, "agency"), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.report-to-file",
                                             "s", pdf_path));
  g_assert_true (assay_gui_test_wait_until (file_exists, pdf_path, 20000));
  g_assert_true (assay_test_file_contains (pdf_path, "%PDF-", 5));
  g_assert_cmpint (g_stat (pdf_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A file type the report is not written as: nothing is written */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.report-to-file",
                                             "s", odd_path));
  assay_gui_test_wait_idle ();
  g_assert_false (g_file_test (odd_path, G_FILE_TEST_EXISTS));
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *b_identity = NULL;
  g_autofree char *path = g_build_filename (f->env.dir, "for-ann.assay", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AssayImportReport) report = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GError) error = NULL;
  AssayExportDialog *dialog;
  AdwEntryRow *row;
  GPtrArray *rows;
  guint n_from_a = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.export", NULL));
  dialog = ASSAY_EXPORT_DIALOG (_assay_moderation_page_get_dialog (f->page));
  g_assert_true (ASSAY_IS_EXPORT_DIALOG (dialog));

  /* A's own identity is shown, to be copied for colleagues */
  {
    g_autofree char *shown = g_strdup (adw_preferences_row_get_title (
                                         ADW_PREFERENCES_ROW (_assay_export_dialog_get_identity_row (dialog))));
    g_autofree char *compact = NULL;
    char *out = shown;

    for (char *in = shown; *in != '\0'; in++)
      if (*in != ' ')
        *out++ = *in;
    *out = '\0';
    compact = g_strdup (shown);
    g_assert_cmpstr (compact, ==, assay_vault_get_identity (f->vault_a));
  }

  rows = _assay_export_dialog_get_recipient_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 1);
  row = rows->pdata[0];

  /* Typed part way, a recipient says what is wrong and blocks the export */
  gtk_editable_set_text (GTK_EDITABLE (row), "3fa9c0");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Not an identity: 6 of 64 characters");
  g_assert_nonnull (_assay_export_dialog_get_problem (dialog));
  gtk_editable_set_text (GTK_EDITABLE (row), "not-hex!");
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "“n”"));

  /* Pasted with the spaces the dialog shows identities with, it is fine */
  b_identity = assay_identity_format (assay_vault_get_identity (f->vault_b));
  gtk_editable_set_text (GTK_EDITABLE (row), b_identity);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_null (_assay_export_dialog_get_problem (dialog));

  /* A second, bad recipient, shown as such, then removed */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export-dialog.add-recipient", NULL);
  g_assert_cmpuint (rows->len, ==, 2);
  gtk_editable_set_text (GTK_EDITABLE (rows->pdata[1]), "0123456789abcdef");
  g_assert_nonnull (_assay_export_dialog_get_problem (dialog));

  /* Passphrases must match */
  adw_expander_row_set_enable_expansion (_assay_export_dialog_get_passphrase_expander (dialog),
                                         TRUE);
  adw_expander_row_set_expanded (_assay_export_dialog_get_passphrase_expander (dialog), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (_assay_export_dialog_get_passphrase_row (dialog, FALSE)),
                         "forum spring 2026");
  gtk_editable_set_text (GTK_EDITABLE (_assay_export_dialog_get_passphrase_row (dialog, TRUE)),
                         "forum spring");
  g_assert_true (gtk_widget_has_css_class (
                   GTK_WIDGET (_assay_export_dialog_get_passphrase_row (dialog, TRUE)), "error"));
  assay_gui_test_wait_drawn (GTK_WIDGET (dialog));
  assay_gui_test_screenshot (GTK_WIDGET (dialog), "moderation-export-dialog");

  /* A wrong date is refused, a right one accepted */
  adw_expander_row_set_enable_expansion (_assay_export_dialog_get_since_expander (dialog), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (_assay_export_dialog_get_since_row (dialog)), "2026-02-30");
  g_assert_true (gtk_widget_has_css_class (
                   GTK_WIDGET (_assay_export_dialog_get_since_row (dialog)), "error"));
  adw_expander_row_set_enable_expansion (_assay_export_dialog_get_since_expander (dialog), FALSE);
  adw_expander_row_set_enable_expansion (_assay_export_dialog_get_passphrase_expander (dialog),
                                         FALSE);

  /* Still blocked by the bad second recipient: nothing is written */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export-dialog.export-to", "s", path);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  gtk_editable_set_text (GTK_EDITABLE (rows->pdata[1]), "");
  g_assert_null (_assay_export_dialog_get_problem (dialog));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export-dialog.export-to", "s",
                                             path));
  g_assert_true (assay_gui_test_wait_until (file_exists, path, 20000));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (_assay_moderation_page_get_dialog (f->page));

  /* B opens it with the core API and has A's audits */
  report = assay_bundle_import (f->store_b, file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->author_name, ==, "Sam Okafor");
  g_assert_cmpstr (report->author, ==, assay_vault_get_identity (f->vault_a));
  audits = assay_audit_list (f->store_b, f->frameworks, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audits->len; i++)
    if (g_strcmp0 (assay_audit_get_moderator_id (audits->pdata[i]),
                   assay_vault_get_identity (f->vault_a)) == 0)
      n_from_a++;
  g_assert_cmpuint (n_from_a, ==, 4);
}

static gboolean
passphrase_asked (gpointer data)
{
  Fixture *f = data;
  GtkWindow *dialog = _assay_moderation_page_get_dialog (f->page);

  return dialog != NULL && ADW_IS_MESSAGE_DIALOG (dialog) &&
         !ASSAY_IS_BUNDLE_IMPORT_DIALOG (dialog);
}

static gboolean
asked_again (gpointer data)
{
  Fixture *f = data;

  return passphrase_asked (f) &&
         g_strcmp0 (adw_message_dialog_get_heading (
                      ADW_MESSAGE_DIALOG (_assay_moderation_page_get_dialog (f->page))),
                    "Wrong Passphrase") == 0;
}

static void
answer_passphrase (Fixture    *f,
                   const char *passphrase)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_assert_true (assay_gui_test_wait_until (passphrase_asked, f, 20000));
  dialog = ADW_MESSAGE_DIALOG (_assay_moderation_page_get_dialog (f->page));
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_ENTRY (entry));
  g_assert_false (gtk_entry_get_visibility (GTK_ENTRY (entry)));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "open"));
  gtk_editable_set_text (GTK_EDITABLE (entry), passphrase);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "open"));
  /* As the dialog's button does: respond, then close */
  adw_message_dialog_response (dialog, "open");
  gtk_window_close (GTK_WINDOW (dialog));
}

/* A bundle for the whole forum, locked with the partnership passphrase */
static void
test_passphrase (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir_b, "forum.assay", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AssayExportOptions options = { NULL, "forum spring 2026", NULL };
  AssayExportSummary summary = { 0, 0 };
  AssayBundleImportDialog *result;
  AdwMessageDialog *asked;

  assay_bundle_export (f->store_b, file, &options, &summary, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.import-file",
                                             "s", path));
  answer_passphrase (f, "forum autumn");
  g_assert_true (assay_gui_test_wait_until (asked_again, f, 20000));

  /* Wrong: asked again, saying so */
  g_assert_true (assay_gui_test_wait_until (passphrase_asked, f, 20000));
  asked = ADW_MESSAGE_DIALOG (_assay_moderation_page_get_dialog (f->page));
  g_assert_cmpstr (adw_message_dialog_get_heading (asked), ==, "Wrong Passphrase");
  answer_passphrase (f, "forum spring 2026");

  g_assert_true (assay_gui_test_wait_until (page_idle, f, 10000));
  result = ASSAY_BUNDLE_IMPORT_DIALOG (_assay_moderation_page_get_dialog (f->page));
  g_assert_true (ASSAY_IS_BUNDLE_IMPORT_DIALOG (result));
  g_assert_null (_assay_bundle_import_dialog_get_error_row (result, 0));
  g_assert_cmpuint (count_of (result, "added"), >=, 4);
  close_dialog (f);
  g_assert_cmpstr (_assay_moderation_page_get_row_state (f->page, "EHC-1003"), ==, "Differ");
}

/* The same vault copied to a second computer (a backup restored on a
 * laptop): one audit reopened on both with different reasons is a conflict */
static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *dir_c = assay_test_mkdtemp ();
  g_autofree char *db_a = g_strdup (f->env.path);
  g_autofree char *db_c = g_build_filename (dir_c, "assay.db", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *bundle = g_build_filename (dir_c, "laptop.assay", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (bundle);
  g_autoptr(AssayDatabase) database = NULL;
  g_autoptr(AssayVault) vault_c = NULL;
  g_autoptr(AssayStore) store_c = NULL;
  g_autoptr(AssayAudit) audit_a = NULL;
  g_autoptr(AssayAudit) audit_c = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GError) error = NULL;
  AssayExportOptions options = { NULL, NULL, NULL };
  AssayExportSummary summary = { 0, 0 };
  AssayBundleImportDialog *result;
  AdwMessageDialog *review;
  GtkWidget *list, *row;
  GtkWidget *keep_mine = NULL;
  gsize length;

  /* The main file alone is the whole vault only once the WAL is in it. */
  assay_database_checkpoint (assay_vault_get_database (assay_session_get_vault (f->session)),
                             &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (db_a, &contents, &length, &error));
  g_assert_true (g_file_set_contents (db_c, contents, length, &error));
  database = assay_database_open (db_c, &error);
  g_assert_no_error (error);
  vault_c = assay_vault_new (database);
  assay_vault_unlock (vault_c, ASSAY_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  store_c = assay_store_new (vault_c);

  audits = assay_audit_list (assay_session_get_store (f->session), f->frameworks, &error);
  g_assert_no_error (error);
  audit_a = g_object_ref (audits->pdata[0]);
  audit_c = assay_audit_open (store_c, f->frameworks, assay_audit_get_id (audit_a), &error);
  g_assert_no_error (error);

  assay_audit_reopen (audit_a, "The family sent new advice", &error);
  g_assert_no_error (error);
  assay_audit_reopen (audit_c, "Checking section F again", &error);
  g_assert_no_error (error);

  assay_bundle_export (store_c, file, &options, &summary, NULL, &error);
  g_assert_no_error (error);

  result = import_file (f, bundle);
  g_assert_null (_assay_bundle_import_dialog_get_error_row (result, 0));
  g_assert_cmpuint (count_of (result, "conflicts"), ==, 1);
  close_dialog (f);

  g_assert_true (gtk_revealer_get_reveal_child (
                   _assay_moderation_page_get_conflicts_revealer (f->page)));
  g_assert_nonnull (strstr (gtk_label_get_text (_assay_moderation_page_get_conflicts_label (f->page)),
                            "1 change from a bundle conflicts"));
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "moderation-conflicts");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.review-conflicts",
                                             NULL));
  review = ADW_MESSAGE_DIALOG (_assay_moderation_page_get_dialog (f->page));
  g_assert_true (ADW_IS_MESSAGE_DIALOG (review));
  assay_gui_test_wait_drawn (GTK_WIDGET (review));
  assay_gui_test_screenshot (GTK_WIDGET (review), "moderation-conflicts-dialog");

  list = assay_gui_test_find_descendant (GTK_WIDGET (review), GTK_TYPE_LIST_BOX);
  g_assert_nonnull (list);
  row = assay_gui_test_find_descendant (list, ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                            assay_audit_get_case (audit_a)));
  for (GtkWidget *w = assay_gui_test_find_descendant (row, GTK_TYPE_BUTTON);
       w != NULL && keep_mine == NULL;
       w = gtk_widget_get_next_sibling (w))
    if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), "Keep _Mine") == 0)
      keep_mine = w;
  g_assert_nonnull (keep_mine);
  g_signal_emit_by_name (keep_mine, "clicked");
  assay_gui_test_wait_idle ();

  /* Settled: the strip goes, and the store keeps this computer's version */
  g_assert_false (gtk_revealer_get_reveal_child (
                    _assay_moderation_page_get_conflicts_revealer (f->page)));
  g_assert_null (_assay_moderation_page_get_dialog (f->page));
  g_clear_pointer (&audits, g_ptr_array_unref);
  g_clear_object (&audit_a);
  audit_a = assay_audit_open (assay_session_get_store (f->session), f->frameworks,
                              assay_audit_get_id (audit_c), &error);
  g_assert_no_error (error);
  g_assert_cmpint (assay_audit_get_status (audit_a), ==, ASSAY_AUDIT_STATUS_DRAFT);

  g_clear_object (&store_c);
  g_clear_object (&vault_c);
  g_clear_object (&database);
  assay_test_rmdir (dir_c);
}

/* Every revision of every record: any write adds one */
static guint
count_records (Fixture *f)
{
  g_autoptr(AssayStatement) stmt =
    assay_database_prepare (assay_vault_get_database (f->vault_a),
                            "SELECT count(*) FROM records", NULL);

  g_assert_true (assay_statement_step (stmt, NULL));

  return (guint) assay_statement_get_int64 (stmt, 0);
}

static gboolean
page_not_busy (gpointer data)
{
  Fixture *f = data;

  return !_assay_moderation_page_get_busy (f->page);
}

/* Starts importing a forum bundle and gives the passphrase: the worker
 * thread is then in Argon2id for half a second */
static void
start_forum_import (Fixture    *f,
                    const char *path)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.import-file",
                                             "s", path));
  answer_passphrase (f, "forum spring 2026");
  assay_gui_test_wait_idle ();
  g_assert_true (_assay_moderation_page_get_busy (f->page));
  g_assert_cmpstr (gtk_label_get_text (_assay_moderation_page_get_progress_label (f->page)), ==,
                   "Importing “forum.assay”…");
}

/* Opening runs in a worker thread: Cancel, or a lock, while it runs stores
 * nothing, and a later import still works */
static void
test_import_cancel_and_lock (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir_b, "forum.assay", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AssayExportOptions options = { NULL, "forum spring 2026", NULL };
  AssayExportSummary summary = { 0, 0 };
  AssayBundleImportDialog *result;
  AdwActionRow *error_row;
  GtkWindow *dialog;
  guint before;
  guint refs;

  assay_bundle_export (f->store_b, file, &options, &summary, NULL, &error);
  g_assert_no_error (error);
  before = count_records (f);

  /* Cancel: the summary says the file was left out */
  refs = G_OBJECT (f->page)->ref_count;
  start_forum_import (f, path);
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "moderation-importing");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.cancel-import",
                                             NULL));
  g_assert_false (_assay_moderation_page_get_busy (f->page));
  result = ASSAY_BUNDLE_IMPORT_DIALOG (_assay_moderation_page_get_dialog (f->page));
  g_assert_true (ASSAY_IS_BUNDLE_IMPORT_DIALOG (result));
  error_row = _assay_bundle_import_dialog_get_error_row (result, 0);
  g_assert_nonnull (error_row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (error_row), "cancelled"));
  /* The worker finishes its key derivation; what it opened is dropped */
  assay_gui_test_wait_released (f->page, refs);
  g_assert_true (_assay_moderation_page_get_dialog (f->page) == GTK_WINDOW (result));
  g_assert_cmpuint (count_records (f), ==, before);
  close_dialog (f);

  /* Locked: the import ends with the session's keys, without a summary */
  refs = G_OBJECT (f->page)->ref_count;
  start_forum_import (f, path);
  assay_vault_lock (f->vault_a);
  g_assert_false (_assay_moderation_page_get_busy (f->page));
  assay_gui_test_wait_released (f->page, refs);
  dialog = _assay_moderation_page_get_dialog (f->page);
  g_assert_false (dialog != NULL && ASSAY_IS_BUNDLE_IMPORT_DIALOG (dialog));
  g_assert_cmpuint (count_records (f), ==, before);

  /* Unlocked again, the same file imports */
  assay_vault_unlock (f->vault_a, ASSAY_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.import-file",
                                             "s", path));
  answer_passphrase (f, "forum spring 2026");
  g_assert_true (assay_gui_test_wait_until (page_idle, f, 10000));
  result = ASSAY_BUNDLE_IMPORT_DIALOG (_assay_moderation_page_get_dialog (f->page));
  g_assert_true (ASSAY_IS_BUNDLE_IMPORT_DIALOG (result));
  g_assert_null (_assay_bundle_import_dialog_get_error_row (result, 0));
  g_assert_cmpuint (count_of (result, "added"), >=, 4);
  g_assert_cmpuint (count_of (result, "added") + count_of (result, "unchanged"), ==,
                    summary.n_records);
  g_assert_cmpuint (count_records (f), >, before);
  close_dialog (f);
  g_assert_true (assay_gui_test_wait_until (page_not_busy, f, 1000));
}

/* Ann audits with the partnership's own framework, which this computer
 * lacks: her audit is stored, and the import, Moderation and My Audits all
 * say which framework to install */
static void
test_missing_framework (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *tiny_path = g_test_build_filename (G_TEST_DIST, "fixtures", "frameworks",
                                                      "tiny.json", NULL);
  g_autofree char *path = g_build_filename (f->dir_b, "ann-tiny.assay", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AssayFramework) tiny = NULL;
  g_autoptr(AssayAudit) audit = NULL;
  g_autoptr(GError) error = NULL;
  const char *recipients[2] = { assay_vault_get_identity (f->vault_a), NULL };
  AssayExportOptions options = { recipients, NULL, NULL };
  AssayBundleImportDialog *result;
  AdwActionRow *row;
  AssayAuditsPage *audits_page;
  GtkWindow *window;
  const char *note;

  g_assert_null (assay_frameworks_lookup (assay_session_get_frameworks (f->session), "tiny",
                                          "1.0", NULL));
  tiny = assay_framework_new_from_file (tiny_path, &error);
  g_assert_no_error (error);
  audit = assay_audit_create (f->store_b, tiny, "EHC-1001", FALSE, &error);
  g_assert_no_error (error);
  assay_bundle_export (f->store_b, file, &options, NULL, NULL, &error);
  g_assert_no_error (error);

  result = import_file (f, path);
  g_assert_null (_assay_bundle_import_dialog_get_error_row (result, 0));
  /* The audit; its case is in A's caseload already */
  g_assert_cmpuint (count_of (result, "added"), ==, 1);
  row = _assay_bundle_import_dialog_get_missing_row (result, 0, 0);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Framework “tiny” version 1.0 is not installed");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "1 audit is stored"));
  g_assert_null (_assay_bundle_import_dialog_get_missing_row (result, 0, 1));
  assay_gui_test_wait_drawn (GTK_WIDGET (result));
  assay_gui_test_screenshot (GTK_WIDGET (result), "moderation-import-missing-framework");
  close_dialog (f);

  g_assert_true (gtk_revealer_get_reveal_child (
                   _assay_moderation_page_get_missing_revealer (f->page)));
  note = gtk_label_get_text (GTK_LABEL (assay_gui_test_find_descendant (
                               GTK_WIDGET (_assay_moderation_page_get_missing_revealer (f->page)),
                               GTK_TYPE_LABEL)));
  g_assert_nonnull (strstr (note, "1 audit cannot be read here"));
  g_assert_nonnull (strstr (note, "“tiny” version 1.0"));
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "moderation-missing-framework");

  audits_page = g_object_new (ASSAY_TYPE_AUDITS_PAGE, NULL);
  window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (window, 900, 600);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (audits_page));
  assay_audits_page_set_session (audits_page, f->session);
  gtk_window_present (window);
  assay_gui_test_wait_drawn (GTK_WIDGET (window));
  g_assert_true (gtk_revealer_get_reveal_child (
                   _assay_audits_page_get_missing_revealer (audits_page)));
  assay_gui_test_screenshot (GTK_WIDGET (window), "audits-missing-framework");
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  assay_gui_test_init_page (&argc, &argv);

  g_test_add ("/moderation-page/empty", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_empty, fixture_teardown);
  g_test_add ("/moderation-page/import-and-agree", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_import_and_agree, fixture_teardown);
  g_test_add ("/moderation-page/others-read-only", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_others_read_only, fixture_teardown);
  g_test_add ("/moderation-page/export", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_export, fixture_teardown);
  g_test_add ("/moderation-page/report", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_report, fixture_teardown);
  g_test_add ("/moderation-page/passphrase", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_passphrase, fixture_teardown);
  g_test_add ("/moderation-page/conflict", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_conflict, fixture_teardown);
  g_test_add ("/moderation-page/import-cancel-and-lock", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_import_cancel_and_lock, fixture_teardown);
  g_test_add ("/moderation-page/missing-framework", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_missing_framework, fixture_teardown);

  return g_test_run ();
}
