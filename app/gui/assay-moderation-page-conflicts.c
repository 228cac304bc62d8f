/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-moderation-page"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-bundle.h"
#include "assay-conflict-card.h"
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


static void fill_conflicts (AssayModerationPage *self,
                            GtkWidget           *box);

static const char *
keep_toast (AssayConflictKeep keep)
{
  switch (keep)
    {
    case ASSAY_CONFLICT_KEEP_THEIRS:
      return _("Kept the version made elsewhere");
    case ASSAY_CONFLICT_KEEP_BOTH:
      return _("Kept both agreed grades");
    case ASSAY_CONFLICT_KEEP_MINE:
    default:
      return _("Kept this computer’s version");
    }
}

static void
resolve_conflict (AssayModerationPage *self,
                  const char          *ref,
                  AssayConflictKeep    keep)
{
  g_autoptr(GError) error = NULL;
  AssayConflict *conflict = NULL;

  if (self->session == NULL || self->conflicts == NULL)
    return;

  for (guint i = 0; i < self->conflicts->len && conflict == NULL; i++)
    if (g_strcmp0 (((AssayConflict *) self->conflicts->pdata[i])->ref, ref) == 0)
      conflict = self->conflicts->pdata[i];
  if (conflict == NULL)
    return;

  if (!assay_bundle_resolve_conflict (assay_session_get_store (self->session), conflict, keep,
                                      &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not settle the conflict: %s"),
                                               error->message);

      assay_gui_show_toast (GTK_WIDGET (self), text);
      return;
    }

  assay_gui_show_toast (GTK_WIDGET (self), keep_toast (keep));

  assay_session_changed (self->session, conflict->collection);
  _assay_moderation_page_update_conflicts (self);

  /* The dialog lists what is left */
  if (self->conflicts_box != NULL)
    fill_conflicts (self, self->conflicts_box);
}

void
_assay_moderation_page_resolve_conflict_action (GtkWidget  *widget,
                                                const char *action_name,
                                                GVariant   *param)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (widget);
  const char *ref, *which;

  g_variant_get (param, "(&s&s)", &ref, &which);
  if (g_str_equal (which, "mine"))
    resolve_conflict (self, ref, ASSAY_CONFLICT_KEEP_MINE);
  else if (g_str_equal (which, "theirs"))
    resolve_conflict (self, ref, ASSAY_CONFLICT_KEEP_THEIRS);
  else if (g_str_equal (which, "both"))
    resolve_conflict (self, ref, ASSAY_CONFLICT_KEEP_BOTH);
}

static void
on_keep (AssayConflictCard   *card,
         guint                keep,
         AssayModerationPage *self)
{
  static const char * const which[] = { "mine", "theirs", "both" };

  if (keep < G_N_ELEMENTS (which))
    gtk_widget_activate_action (GTK_WIDGET (self), "moderation.resolve-conflict", "(ss)",
                                assay_conflict_card_get_ref (card), which[keep]);
}

/* Whether the blind rule hides the audit @conflict is about: neither
 * version's grades may show then */
static gboolean
conflict_hidden (AssayModerationPage *self,
                 const AssayConflict *conflict)
{
  g_autoptr(AssayAudit) audit = NULL;

  if (g_strcmp0 (conflict->collection, "audits") != 0)
    return FALSE;

  audit = assay_audit_open (assay_session_get_store (self->session),
                            assay_session_get_frameworks (self->session), conflict->id, NULL);
  if (audit == NULL)
    return FALSE;

  return _assay_moderation_page_hides (self, audit);
}

static void
fill_conflicts (AssayModerationPage *self,
                GtkWidget           *box)
{
  const char *own = assay_vault_get_identity (assay_session_get_vault (self->session));
  g_autoptr(AssayContactNames) names = NULL;
  GtkWidget *child, *dialog;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);

  if (self->conflicts == NULL || self->conflicts->len == 0)
    {
      /* Every conflict is settled: nothing is left to review */
      dialog = gtk_widget_get_ancestor (box, ADW_TYPE_MESSAGE_DIALOG);
      if (dialog != NULL)
        gtk_window_close (GTK_WINDOW (dialog));
      return;
    }

  names = assay_contact_names_load (assay_session_get_store (self->session), NULL);
  if (names == NULL)
    names = assay_contact_names_new (NULL);

  for (guint i = 0; i < self->conflicts->len; i++)
    {
      AssayConflict *conflict = g_ptr_array_index (self->conflicts, i);
      GtkWidget *card = assay_conflict_card_new (conflict, names, own,
                                                 assay_session_get_frameworks (self->session),
                                                 conflict_hidden (self, conflict));

      g_signal_connect_object (card, "keep", G_CALLBACK (on_keep), self, 0);
      gtk_box_append (GTK_BOX (box), card);
    }
}

void
_assay_moderation_page_review_conflicts_action (GtkWidget  *widget,
                                                const char *action_name,
                                                GVariant   *param)
{
  AssayModerationPage *self = ASSAY_MODERATION_PAGE (widget);
  GtkWidget *dialog, *scrolled, *box;

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
  /* Room for two versions side by side */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 760, -1);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  /* Room for the cards' shadow inside the scrolled window */
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 1);
  gtk_widget_set_margin_end (box, 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Conflicting Changes"), -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 480);
  /* Wide enough that the dialog is measured as wide as it shows: a
   * narrower minimum leaves wrapped text counted taller than it is */
  gtk_widget_set_size_request (scrolled, 700, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  g_set_weak_pointer (&self->conflicts_box, box);
  fill_conflicts (self, box);
  _assay_moderation_page_present_dialog (self, dialog);
}
