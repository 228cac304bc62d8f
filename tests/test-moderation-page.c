/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-moderation-page"

#include "config.h"

#include <math.h>
#include <string.h>

#include "assay-audit-editor-private.h"
#include "assay-audits-page-private.h"
#include "assay-gui-test-util.h"
#include "assay-moderation-dialog-private.h"
#include "assay-moderation-row.h"
#include "assay-test-util.h"
#include "moderation-test-fixture.h"

/* The Moderation page: the forum's list, figures and agreed grades; what
 * the blind rule hides, and colleagues of one name told apart. */

static gboolean
no_dialog (gpointer data)
{
  Fixture *f = data;

  return _assay_moderation_page_get_dialog (f->page) == NULL;
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
    g_assert_cmpstr (assay_moderation_row_get_state (rows->pdata[0]), ==, "Differ");
    g_assert_cmpstr (assay_moderation_row_get_state (rows->pdata[1]), ==, "Differ");
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

static GtkWidget *
row_of (Fixture    *f,
        const char *case_ref)
{
  g_autoptr(GPtrArray) rows = _assay_moderation_page_get_rows (f->page);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (assay_moderation_row_get_case_ref (rows->pdata[i]), case_ref) == 0)
      return rows->pdata[i];

  return NULL;
}

/* The figure cards count what the comparison counts, and no audit the
 * blind rule hides: @n_pairs plans by two or more, of @n_audits */
static void
assert_counted (Fixture *f,
                guint    n_pairs,
                guint    n_audits)
{
  g_autoptr(AssayComparison) comparison = compare_all (f);
  g_autofree char *pairs = g_strdup_printf ("%u", n_pairs);
  g_autofree char *caption = g_strdup_printf ("of %u audits finished", n_audits);

  g_assert_cmpuint (assay_comparison_get_n_double_plans (comparison), ==, n_pairs);
  g_assert_cmpuint (assay_comparison_get_n_audits (comparison), ==, n_audits);
  g_assert_cmpstr (gtk_label_get_text (_assay_moderation_page_get_figure (f->page, "pairs")), ==,
                   pairs);
  g_assert_nonnull (strstr (gtk_label_get_text (_assay_moderation_page_get_figure (f->page,
                                                                                   "pairs-caption")),
                            caption));
  assert_share (_assay_moderation_page_get_figure (f->page, "exact"),
                assay_comparison_get_exact (comparison));
}

/* Ann audited EHC-1004 blind and finished it, Gold throughout; Sam has
 * started auditing it again: until he finishes, nothing of Ann's grades
 * shows, in the list, behind the plan or in the figures */
static void
test_blind (Fixture       *f,
            gconstpointer  data)
{
  static const AssayGuiTestGrade seen[] = {
    { "A1", ASSAY_GRADE_GOLD, "Seen in the plan" },
    { NULL, },
  };
  g_autofree char *path = g_build_filename (f->dir_b, "ann-blind.assay", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AssayFramework) framework = NULL;
  g_autoptr(AssayAudit) theirs = NULL;
  g_autoptr(AssayAudit) draft = NULL;
  g_autoptr(AssayAudit) blind = NULL;
  g_autoptr(GError) error = NULL;
  const char *recipients[2] = { assay_vault_get_identity (f->vault_a), NULL };
  AssayExportOptions options = { recipients, NULL, NULL };
  AssayStore *store = assay_session_get_store (f->session);
  GtkWindow *dialog;
  GtkWidget *row;

  framework = assay_frameworks_lookup (f->frameworks, "ehcp-new", NULL, &error);
  g_assert_no_error (error);
  theirs = assay_audit_create (f->store_b, framework, "EHC-1004", TRUE, &error);
  g_assert_no_error (error);
  assay_gui_test_audit_finish (theirs, ASSAY_GRADE_GOLD, seen, ASSAY_GRADE_NONE, NULL);
  assay_bundle_export (f->store_b, file, &options, NULL, NULL, &error);
  g_assert_no_error (error);
  import_file (f, path);
  close_dialog (f);
  g_assert_true (assay_gui_test_shows_text (row_of (f, "EHC-1004"), "Gold"));
  /* Sam's four and Ann's five; 1001 to 1004 by both */
  assert_counted (f, 4, 9);

  draft = assay_audit_create (store, framework, "EHC-1004", FALSE, &error);
  g_assert_no_error (error);
  assay_session_changed (f->session, "audits");
  assay_gui_test_wait_idle ();

  row = row_of (f, "EHC-1004");
  g_assert_nonnull (row);
  g_assert_false (assay_gui_test_shows_text (row, "Gold"));
  g_assert_true (assay_gui_test_shows_text (row, "Hidden until both blind audits are finished"));
  g_assert_cmpstr (_assay_moderation_page_get_row_state (f->page, "EHC-1004"), ==, "Blind");
  /* Plans he is not auditing again show as before */
  g_assert_cmpstr (_assay_moderation_page_get_row_state (f->page, "EHC-1001"), ==, "Agree");
  /* Her hidden audit counts nowhere: 1004 is his alone for now */
  assert_counted (f, 3, 8);
  assay_gui_test_screenshot (GTK_WIDGET (f->window), "moderation-blind");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.open-plan", "s",
                                             "EHC-1004\tehcp-new"));
  dialog = _assay_moderation_page_get_dialog (f->page);
  g_assert_nonnull (dialog);
  g_assert_false (ASSAY_IS_MODERATION_DIALOG (dialog));
  assay_gui_test_wait_drawn (GTK_WIDGET (dialog));
  g_assert_false (assay_gui_test_shows_text (GTK_WIDGET (dialog), "Gold"));
  g_assert_false (assay_gui_test_shows_text (GTK_WIDGET (dialog), "Seen in the plan"));
  g_assert_true (assay_gui_test_shows_text (GTK_WIDGET (dialog), "Ann Patel"));
  assay_gui_test_screenshot (GTK_WIDGET (dialog), "moderation-blind-plan");
  close_dialog (f);

  /* His own blind draft of a plan hides hers the same way */
  blind = assay_audit_create (store, framework, "EHC-1003", TRUE, &error);
  g_assert_no_error (error);
  assay_session_changed (f->session, "audits");
  assay_gui_test_wait_idle ();
  g_assert_false (assay_gui_test_shows_text (row_of (f, "EHC-1003"), "Gold"));
  assert_counted (f, 2, 7);

  /* Finished: both show, and hers counts again; his second audit of the
   * plan stands for him in place of his first */
  assay_gui_test_audit_finish (draft, ASSAY_GRADE_SILVER, NULL, ASSAY_GRADE_NONE, NULL);
  assay_session_changed (f->session, "audits");
  assay_gui_test_wait_idle ();
  g_assert_true (assay_gui_test_shows_text (row_of (f, "EHC-1004"), "Gold"));
  assert_counted (f, 3, 8);
}

/* Another Ann Patel of Health audited EHC-1001 too: the list tells the two
 * apart as the address book does */
static void
test_same_names (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *dir_c = assay_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir_c, "other-ann.assay", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AssayVault) vault_c = assay_test_vault_new_moderator (dir_c, "Ann Patel", "Health");
  g_autoptr(AssayStore) store_c = assay_store_new (vault_c);
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GError) error = NULL;
  const char *recipients[2] = { assay_vault_get_identity (f->vault_a), NULL };
  AssayExportOptions options = { recipients, NULL, NULL };
  guint n_ann = 0;

  g_free (assay_gui_test_audit_finished (store_c, f->frameworks, "EHC-1001", ASSAY_GRADE_GOLD,
                                         NULL, ASSAY_GRADE_NONE, NULL));
  assay_bundle_export (store_c, file, &options, NULL, NULL, &error);
  g_assert_no_error (error);
  assay_test_befriend (assay_session_get_store (f->session), vault_c, FALSE);

  import_file (f, f->bundle_path);
  close_dialog (f);
  import_file (f, path);
  close_dialog (f);

  texts = assay_gui_test_label_texts (row_of (f, "EHC-1001"));
  for (guint i = 0; i < texts->len; i++)
    if (g_str_has_prefix (texts->pdata[i], "Ann Patel"))
      {
        n_ann++;
        g_assert_nonnull (strstr (texts->pdata[i], "Ann Patel (Health, "));
        for (guint j = 0; j < i; j++)
          g_assert_cmpstr (texts->pdata[i], !=, texts->pdata[j]);
      }
  g_assert_cmpuint (n_ann, ==, 2);

  g_clear_object (&store_c);
  g_clear_object (&vault_c);
  assay_test_rmdir (dir_c);
}

/* The chair erases a plan's audits from its dialog: a reason is asked for
 * (Erase stays disabled without one), the plan leaves the page, and the
 * signed deletion is stored to go out in the next bundle. */
static void
test_erase (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) deletions = NULL;
  g_autoptr(GError) error = NULL;
  AssayBundleImportDialog *result;
  AssayModerationDialog *dialog;
  AdwMessageDialog *confirm;
  GtkWidget *entry;

  result = import_file (f, f->bundle_path);
  g_assert_null (_assay_bundle_import_dialog_get_error_row (result, 0));
  close_dialog (f);
  g_assert_cmpstr (_assay_moderation_page_get_row_state (f->page, "EHC-1002"), ==, "Differ");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "moderation.open-plan", "s",
                                             "EHC-1002\tehcp-new"));
  dialog = ASSAY_MODERATION_DIALOG (_assay_moderation_page_get_dialog (f->page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "moderation-dialog.erase",
                                             NULL));
  confirm = _assay_moderation_dialog_get_erase_dialog (dialog);
  g_assert_nonnull (confirm);
  g_assert_false (adw_message_dialog_get_response_enabled (confirm, "erase"));
  assay_gui_test_wait_drawn (GTK_WIDGET (confirm));
  assay_gui_test_screenshot (GTK_WIDGET (confirm), "moderation-erase");

  entry = adw_message_dialog_get_extra_child (confirm);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Retention period ended");
  g_assert_true (adw_message_dialog_get_response_enabled (confirm, "erase"));
  adw_message_dialog_response (confirm, "erase");

  g_assert_true (assay_gui_test_wait_until (no_dialog, f, 5000));
  g_assert_null (_assay_moderation_page_get_row_state (f->page, "EHC-1002"));
  deletions = assay_store_list (assay_session_get_store (f->session), "deletions", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deletions->len, ==, 1);
}

/* Each row on screen is named for a screen reader when it is bound, and
 * named again when the order binds it to another plan */
static void
test_accessible_names (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const names[] = {
    "EHC-1001, EHCP — new plan, Sam Okafor · Education: Silver, "
    "Ann Patel · Health: Silver, Agree",
    "EHC-1002, EHCP — new plan, Sam Okafor · Education: Silver, "
    "Ann Patel · Health: Bronze, Differ",
  };
  g_autoptr(GPtrArray) rows = NULL;

  import_file (f, f->bundle_path);
  close_dialog (f);
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));

  for (guint order = 0; order < 2; order++)
    {
      guint named = 0;

      gtk_drop_down_set_selected (_assay_moderation_page_get_dropdown (f->page, "order"), order);
      assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
      rows = _assay_moderation_page_get_rows (f->page);
      g_assert_cmpuint (rows->len, ==, 3);
      for (guint i = 0; i < rows->len; i++)
        for (guint n = 0; n < G_N_ELEMENTS (names); n++)
          if (g_str_has_prefix (names[n], assay_moderation_row_get_case_ref (rows->pdata[i])))
            {
              g_autofree char *problem = NULL;

              problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (rows->pdata[i]),
                                                            GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                            names[n]);
              g_assert_null (problem);
              named++;
            }
      g_assert_cmpuint (named, ==, 2);
      g_clear_pointer (&rows, g_ptr_array_unref);
    }
}

/* A page not on screen reads nothing when the audits change: it reads
 * them when it is shown again */
static void
test_loads_when_shown (Fixture       *f,
                       gconstpointer  data)
{
  g_assert_cmpstr (_assay_moderation_page_get_state (f->page), ==, "empty");

  gtk_widget_set_visible (GTK_WIDGET (f->page), FALSE);
  import_file (f, f->bundle_path);
  close_dialog (f);
  assay_session_changed (f->session, "audits");
  g_assert_false (_assay_moderation_page_get_loading (f->page));

  gtk_widget_set_visible (GTK_WIDGET (f->page), TRUE);
  g_assert_true (_assay_moderation_page_get_loading (f->page));
  g_assert_cmpstr (_assay_moderation_page_get_state (f->page), ==, "rows");
  g_assert_cmpstr (_assay_moderation_page_get_row_state (f->page, "EHC-1001"), ==, "Agree");
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
  g_test_add ("/moderation-page/same-names", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_same_names, fixture_teardown);
  g_test_add ("/moderation-page/erase", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_erase, fixture_teardown);
  g_test_add ("/moderation-page/blind", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_blind, fixture_teardown);
  g_test_add ("/moderation-page/accessible-names", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_accessible_names, fixture_teardown);
  g_test_add ("/moderation-page/loads-when-shown", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_loads_when_shown, fixture_teardown);

  return g_test_run ();
}
