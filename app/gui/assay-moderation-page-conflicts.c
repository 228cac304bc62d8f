/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-moderation-page"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-bundle.h"
#include "assay-gui-list.h"
#include "assay-moderation-page-private.h"

/*
 * Conflicting changes: a record changed here and in a colleague's bundle.
 * The strip above the list counts them; the dialog lists them and keeps
 * the version chosen.
 */

void
_assay_moderation_page_update_conflicts (AssayModerationPage *self)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  g_clear_pointer (&self->conflicts, g_ptr_array_unref);

  if (self->session != NULL)
    {
      conflicts = assay_bundle_list_conflicts (assay_session_get_store (self->session), &error);
      if (conflicts == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Could not read conflicting changes: %s"),
                                                   error->message);

          assay_gui_show_toast (GTK_WIDGET (self), text);
        }
      else
        self->conflicts = g_steal_pointer (&conflicts);
    }

  n = self->conflicts != NULL ? self->conflicts->len : 0;
  if (n > 0)
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%'u change from a bundle conflicts with one "
                                           "made here. Both versions are kept until you "
                                           "choose.",
                                           "%'u changes from bundles conflict with ones made "
                                           "here. Both versions are kept until you choose.",
                                           n),
                              n);
      gtk_label_set_text (self->conflicts_label, text);
    }
  gtk_revealer_set_reveal_child (self->conflicts_revealer, n > 0);
  _assay_moderation_page_update_actions (self);
}


static void
fill_conflicts_list (AssayModerationPage *self,
                     GtkListBox          *list);

static void
resolve_conflict (AssayModerationPage *self,
                  guint                index,
                  gboolean             keep_other,
                  GtkListBox          *list)
{
  g_autoptr(GError) error = NULL;
  AssayConflict *conflict;

  if (self->session == NULL || self->conflicts == NULL || index >= self->conflicts->len)
    return;

  conflict = g_ptr_array_index (self->conflicts, index);
  if (!assay_bundle_resolve_conflict (assay_session_get_store (self->session), conflict,
                                      keep_other, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not settle the conflict: %s"),
                                               error->message);

      assay_gui_show_toast (GTK_WIDGET (self), text);
      return;
    }

  assay_gui_show_toast (GTK_WIDGET (self), keep_other ? _("Kept the version made elsewhere")
                               : _("Kept this computer’s version"));

  assay_session_changed (self->session, g_strcmp0 (conflict->collection, "audits") == 0
                                          ? "audits" : conflict->collection);
  _assay_moderation_page_update_conflicts (self);

  if (list != NULL)
    fill_conflicts_list (self, list);
}

static void
on_keep_clicked (GtkButton *button,
                 gpointer   user_data)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (user_data);
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "conflict-index"));
  gboolean keep_other = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "keep-other"));
  GtkWidget *list = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX);

  resolve_conflict (self, index, keep_other, GTK_LIST_BOX (list));
}

static char *
short_identity (const char *identity)
{
  if (identity == NULL)
    return g_strdup ("");

  /* Enough of the key to tell two colleagues apart, as git shows commits */
  return g_strndup (identity, 12);
}

static GtkWidget *
keep_button (AssayModerationPage *self,
             const char          *label,
             const char          *accessible,
             guint                index,
             gboolean             keep_other)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (button), "conflict-index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (button), "keep-other", GINT_TO_POINTER (keep_other));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_keep_clicked), self, 0);

  return button;
}

/* "Audit of EHC-0042 by Ann Patel": core describes records mid-sentence */
static char *
capitalize (const char *text)
{
  g_autofree char *first = NULL;
  const char *rest;

  if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL))
    return g_strdup (text != NULL ? text : "");

  rest = g_utf8_next_char (text);
  first = g_utf8_strup (text, rest - text);

  return g_strconcat (first, rest, NULL);
}

static void
fill_conflicts_list (AssayModerationPage *self,
                     GtkListBox          *list)
{
  const char *own = assay_vault_get_identity (assay_session_get_vault (self->session));
  GtkWidget *dialog;

  assay_gui_list_box_clear (list);

  if (self->conflicts == NULL || self->conflicts->len == 0)
    {
      /* Every conflict is settled: nothing is left to review */
      dialog = gtk_widget_get_ancestor (GTK_WIDGET (list), ADW_TYPE_MESSAGE_DIALOG);
      if (dialog != NULL)
        gtk_window_close (GTK_WINDOW (dialog));
      return;
    }

  for (guint i = 0; i < self->conflicts->len; i++)
    {
      AssayConflict *conflict = g_ptr_array_index (self->conflicts, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      g_autofree char *other = short_identity (conflict->other_author);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *mine = NULL;
      g_autofree char *theirs = NULL;

      title = capitalize (conflict->description);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      if (g_strcmp0 (conflict->other_author, own) == 0)
        subtitle = g_strdup (_("The other version was made with your identity on another "
                               "computer"));
      else
        /* Translators: %s is the start of a public identity */
        subtitle = g_strdup_printf (_("The other version was made by identity %s…"), other);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      /* Translators: %s describes a record, e.g. "audit of EHC-0042 by Ann Patel" */
      mine = g_strdup_printf (_("Keep this computer’s version of the %s"), conflict->description);
      theirs = g_strdup_printf (_("Keep the other version of the %s"), conflict->description);
      gtk_box_append (GTK_BOX (buttons), keep_button (self, _("Keep _Mine"), mine, i, FALSE));
      gtk_box_append (GTK_BOX (buttons), keep_button (self, _("Keep _Theirs"), theirs, i, TRUE));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons);
      gtk_list_box_append (list, row);
    }
}

void
_assay_moderation_page_review_conflicts_action (GtkWidget  *widget,
                                                const char *action_name,
                                                GVariant   *param)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (widget);
  GtkWidget *dialog, *scrolled, *list;

  if (self->conflicts == NULL || self->conflicts->len == 0)
    return;

  dialog = adw_message_dialog_new (assay_gui_get_parent_window (GTK_WIDGET (self)),
                                   _("Conflicting Changes"), NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The same record was changed in two places. Both versions "
                                 "are kept; choose the one that stays. The other is set "
                                 "aside and not shown again."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  /* Room for the list's shadow inside the scrolled window */
  gtk_widget_set_margin_top (list, 6);
  gtk_widget_set_margin_bottom (list, 6);
  gtk_widget_set_margin_start (list, 1);
  gtk_widget_set_margin_end (list, 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Conflicting Changes"), -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 400);
  gtk_widget_set_size_request (scrolled, 520, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  fill_conflicts_list (self, GTK_LIST_BOX (list));
  _assay_moderation_page_present_dialog (self, dialog);
}
