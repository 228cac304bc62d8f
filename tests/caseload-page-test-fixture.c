/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "caseload-page-test-fixture"

#include "config.h"

#include "assay-caseload-import-dialog-private.h"
#include "assay-caseload-item.h"
#include "caseload-page-test-fixture.h"

/* What test-caseload-page and test-caseload-import share: the page on a
 * real encrypted store, and the steps a user takes on it. */

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  assay_test_env_set_up (&f->env, ASSAY_TEST_ENV_DEFAULT);
  f->session = assay_session_new (f->env.vault);
  f->started = g_ptr_array_new_with_free_func (g_free);

  f->page = g_object_new (ASSAY_TYPE_CASELOAD_PAGE, NULL);
  f->window = assay_gui_test_page_window (GTK_WIDGET (f->page), "Caseload", 1100, 680,
                                          "start-audit", f->started);

  if (GPOINTER_TO_INT (data))
    assay_caseload_page_set_session (f->page, f->session);

  gtk_window_present (f->window);
  assay_gui_test_wait_drawn (GTK_WIDGET (f->window));
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  assay_gui_test_page_window_destroy (&f->window, _assay_caseload_page_get_dialog (f->page));

  g_clear_object (&f->session);
  g_clear_pointer (&f->started, g_ptr_array_unref);
  assay_test_env_tear_down (&f->env);
}

/* GTK has no call that tells whether a widget's action is enabled; a
 * button using it is sensitive exactly when it is. */
gboolean
action_enabled (Fixture    *f,
                const char *name)
{
  GtkWidget *entry = GTK_WIDGET (_assay_caseload_page_get_search_entry (f->page));
  GtkWidget *parent = gtk_widget_get_parent (entry);
  g_autofree char *detailed = g_strconcat ("caseload.", name, NULL);
  GtkWidget *button = gtk_button_new ();
  gboolean enabled;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), detailed);
  if (g_str_equal (name, "import-file"))
    gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", "a.csv");
  gtk_box_append (GTK_BOX (parent), button);
  enabled = gtk_widget_get_sensitive (button);
  gtk_box_remove (GTK_BOX (parent), button);

  return enabled;
}

void
sort_by (Fixture            *f,
         AssayCaseloadField  field,
         GtkSortType         order)
{
  /* What a click on the column's header does */
  gtk_column_view_sort_by_column (_assay_caseload_page_get_column_view (f->page),
                                  _assay_caseload_page_get_column (f->page, field), order);
}

void
activate (Fixture    *f,
          const char *action)
{
  g_autofree char *name = g_strconcat ("caseload.", action, NULL);

  gtk_widget_activate_action (GTK_WIDGET (f->page), name, NULL);
}

void
activate_import (Fixture    *f,
                 const char *path)
{
  gtk_widget_activate_action (GTK_WIDGET (f->page), "caseload.import-file", "s", path);
}

const char *
dialog_count (GtkWindow  *dialog,
              const char *what)
{
  AssayCaseloadImportDialog *import = ASSAY_CASELOAD_IMPORT_DIALOG (dialog);

  return gtk_label_get_text (_assay_caseload_import_dialog_get_count_label (import, what));
}

const char *
dialog_body (GtkWindow *dialog)
{
  return adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
}

const char *
dialog_summary (GtkWindow *dialog)
{
  return _assay_caseload_import_dialog_get_summary (ASSAY_CASELOAD_IMPORT_DIALOG (dialog));
}

const char *
dialog_heading (GtkWindow *dialog)
{
  return adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog));
}

guint
n_cases (Fixture *f)
{
  return g_list_model_get_n_items (_assay_caseload_page_get_cases (f->page));
}

guint
n_shown (Fixture *f)
{
  GListModel *shown = G_LIST_MODEL (_assay_caseload_page_get_selection (f->page));

  return g_list_model_get_n_items (shown);
}

gboolean
progress_shown (Fixture *f)
{
  return gtk_revealer_get_reveal_child (_assay_caseload_page_get_progress_revealer (f->page));
}

const char *
search_text (Fixture *f)
{
  GtkEditable *entry = GTK_EDITABLE (_assay_caseload_page_get_search_entry (f->page));

  return gtk_editable_get_text (entry);
}

gboolean
count_is (Fixture    *f,
          const char *text)
{
  GtkLabel *label = _assay_caseload_page_get_count_label (f->page);

  return g_strcmp0 (gtk_label_get_text (label), text) == 0;
}

gboolean
import_done (gpointer data)
{
  Fixture *f = data;

  return !_assay_caseload_page_get_busy (f->page);
}

char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "caseload", name, NULL);
}

/* Reads a file through the page's action, as the file chooser does, and
 * returns the dialog that shows what importing it would do (or why it
 * cannot be imported). */
GtkWindow *
preview_path (Fixture    *f,
              const char *path)
{
  GtkWindow *dialog;

  activate_import (f, path);
  g_assert_true (_assay_caseload_page_get_busy (f->page));
  g_assert_true (progress_shown (f));
  g_assert_false (action_enabled (f, "import"));
  g_assert_true (action_enabled (f, "cancel-import"));

  g_assert_true (assay_gui_test_wait_until (import_done, f, 30000));
  g_assert_false (progress_shown (f));
  g_assert_true (action_enabled (f, "import"));

  dialog = _assay_caseload_page_get_dialog (f->page);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  return dialog;
}

GtkWindow *
preview_fixture (Fixture    *f,
                 const char *name)
{
  g_autofree char *path = fixture_path (name);

  return preview_path (f, path);
}

gboolean
no_dialog (gpointer data)
{
  Fixture *f = data;

  return _assay_caseload_page_get_dialog (f->page) == NULL;
}

void
close_dialog (Fixture *f)
{
  GtkWindow *dialog = _assay_caseload_page_get_dialog (f->page);

  g_assert_nonnull (dialog);
  /* What Escape or the Cancel button does */
  gtk_window_close (dialog);
  g_assert_true (assay_gui_test_wait_until (no_dialog, f, 5000));
  g_assert_null (_assay_caseload_page_get_dialog (f->page));
}

/* What the preview's Import button does */
void
confirm_import (Fixture *f)
{
  GtkWindow *dialog = _assay_caseload_page_get_dialog (f->page);

  g_assert_true (ASSAY_IS_CASELOAD_IMPORT_DIALOG (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "caseload-import.import",
                                             NULL));
  g_assert_true (assay_gui_test_wait_until (no_dialog, f, 5000));
  g_assert_null (_assay_caseload_page_get_dialog (f->page));
}

void
import_path (Fixture    *f,
             const char *path)
{
  preview_path (f, path);
  confirm_import (f);
}

/* Reads, previews and imports, as a user who chose Import would */
void
import_fixture (Fixture    *f,
                const char *name)
{
  g_autofree char *path = fixture_path (name);

  import_path (f, path);
}

guint
stored_cases (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = assay_caseload_list (assay_session_get_store (f->session), &error);

  g_assert_no_error (error);

  return cases->len;
}

/* The case references shown, top to bottom, as "A B C" */
char *
shown (Fixture *f)
{
  GListModel *model = G_LIST_MODEL (_assay_caseload_page_get_selection (f->page));
  g_autoptr(GString) refs = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AssayCaseloadItem) item = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (refs, ' ');
      g_string_append (refs, assay_caseload_item_get_case_ref (item));
    }

  return g_string_free (g_steal_pointer (&refs), FALSE);
}

void
assert_shown (Fixture    *f,
              const char *expected)
{
  g_autofree char *refs = shown (f);

  g_assert_cmpstr (refs, ==, expected);
}

void
choose_filter (Fixture            *f,
               AssayCaseloadField  field,
               const char         *label)
{
  GtkDropDown *dropdown = _assay_caseload_page_get_filter (f->page, field);
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      {
        gtk_drop_down_set_selected (dropdown, i);
        return;
      }

  g_error ("No “%s” in the %s filter", label, assay_caseload_field_get_name (field));
}

typedef struct
{
  Fixture    *fixture;
  const char *expected;
} ShownWait;

static gboolean
shows (gpointer data)
{
  ShownWait *wait = data;
  g_autofree char *refs = shown (wait->fixture);

  return g_strcmp0 (refs, wait->expected) == 0;
}

/* The search entry waits for typing to pause before it searches */
void
search_for (Fixture    *f,
            const char *text,
            const char *expected)
{
  ShownWait wait = { f, expected };

  gtk_editable_set_text (GTK_EDITABLE (_assay_caseload_page_get_search_entry (f->page)), text);
  if (!assay_gui_test_wait_until (shows, &wait, 2000))
    assert_shown (f, expected);
}
