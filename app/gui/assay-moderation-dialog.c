/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-moderation-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-agreed-grade.h"
#include "assay-comparison.h"
#include "assay-grade-buttons.h"
#include "assay-grade-label.h"
#include "assay-gui-util.h"
#include "assay-moderation-dialog-private.h"

/* Best first, as the forum talks about them */
static const AssayGrade agree_grades[] = {
  ASSAY_GRADE_GOLD,
  ASSAY_GRADE_SILVER,
  ASSAY_GRADE_BRONZE,
  ASSAY_GRADE_NOT_YET_BRONZE,
};

struct _AssayModerationDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  AdwPreferencesGroup *overall_group;
  AdwPreferencesGroup *sections_group;
  AdwPreferencesGroup *differences_group;
  AdwPreferencesGroup *agreed_group;
  AdwActionRow        *agreed_row;
  GtkLabel            *agreed_pill;
  AdwComboRow         *grade_row;
  AdwEntryRow         *reason_row;
  GtkLabel            *record_hint;
  GtkWidget           *record_button;

  AssaySession        *session;
  AssayModerationItem *item;
  GPtrArray           *columns;          /* of GtkSizeGroup, one per audit */
  GPtrArray           *section_rows;
  GPtrArray           *difference_rows;
  AdwMessageDialog    *erase_dialog;     /* weak: the confirmation while it is open */
};

G_DEFINE_FINAL_TYPE (AssayModerationDialog, assay_moderation_dialog, ADW_TYPE_WINDOW)

enum {
  OPEN_AUDIT,
  RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static AssayFramework *
get_framework (AssayModerationDialog *self)
{
  return assay_moderation_item_get_framework (self->item);
}

static const char *
label_for (AssayModerationDialog *self,
           AssayGrade             grade)
{
  if (grade == ASSAY_GRADE_NONE)
    return "–";

  return assay_grade_label (get_framework (self), grade);
}

static GtkWidget *
new_pill (AssayModerationDialog *self,
          AssayGrade             grade,
          guint                  column)
{
  GtkWidget *pill = gtk_label_new (label_for (self, grade));

  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (pill, "grade-pill");
  gtk_widget_add_css_class (pill, assay_grade_get_css_class (grade));
  if (column < self->columns->len)
    gtk_size_group_add_widget (g_ptr_array_index (self->columns, column), pill);

  return pill;
}

/* Moderators' names above the columns of grades, so each pill below can be
 * read as "who gave what" */
static GtkWidget *
new_column_header (AssayModerationDialog *self,
                   int                    margin_end)
{
  GPtrArray *audits = assay_moderation_item_get_audits (self->item);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  /* Over the pills, which sit inside the rows' own padding */
  gtk_widget_set_margin_end (box, margin_end);
  gtk_widget_set_valign (box, GTK_ALIGN_END);
  for (guint i = 0; i < audits->len; i++)
    {
      AssayAudit *audit = g_ptr_array_index (audits, i);
      const char *name = assay_audit_get_moderator (audit);
      g_autofree char *who = assay_moderation_item_describe_moderator (audit);
      GtkWidget *label = gtk_label_new (name != NULL && *name != '\0' ? name : who);

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 14);
      gtk_widget_set_tooltip_text (label, who);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_size_group_add_widget (g_ptr_array_index (self->columns, i), label);
      gtk_box_append (GTK_BOX (box), label);
    }

  return box;
}

static void
build_overall (AssayModerationDialog *self)
{
  GPtrArray *audits = assay_moderation_item_get_audits (self->item);

  for (guint i = 0; i < audits->len; i++)
    {
      AssayAudit *audit = g_ptr_array_index (audits, i);
      g_autoptr(AssayGrading) grading = assay_audit_compute (audit);
      const char *reason = NULL;
      AssayGrade final = assay_audit_get_final (audit, &reason);
      g_autofree char *who = assay_moderation_item_describe_moderator (audit);
      g_autofree char *when = assay_gui_format_date (assay_audit_get_finished (audit));
      g_autofree char *subtitle = NULL;
      g_autofree char *open_label = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *open;
      AssayGrade derived = assay_audit_get_derived (audit, grading);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), who);

      if (final != derived && reason != NULL)
        /* Translators: the date an audit was finished, the grade worked out
         * from its sections, then the moderator's reason for giving another */
        subtitle = g_strdup_printf (_("Finished %s · changed from %s: “%s”"), when,
                                    label_for (self, derived), reason);
      else
        /* Translators: the date an audit was finished */
        subtitle = g_strdup_printf (_("Finished %s · derived from the section grades"), when);
      if (assay_audits_versions_differ (audits))
        {
          char *with_version =
            /* Translators: an audit's summary, then the framework version it was graded under */
            g_strdup_printf (_("%s · framework version %s"), subtitle,
                             assay_framework_get_version (assay_audit_get_framework (audit)));

          g_free (subtitle);
          subtitle = with_version;
        }
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

      open = gtk_button_new_from_icon_name ("document-open-symbolic");
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (open, "flat");
      gtk_widget_set_tooltip_text (open, _("Open Audit"));
      /* Translators: %s is a moderator's name and agency */
      open_label = g_strdup_printf (_("Open the audit by %s"), who);
      gtk_accessible_update_property (GTK_ACCESSIBLE (open),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, open_label, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "moderation-dialog.open-audit");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "s", assay_audit_get_id (audit));

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_pill (self, final, G_MAXUINT));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      adw_preferences_group_add (self->overall_group, row);
    }
}

static AssayGrade
section_grade (AssayAudit *audit,
               const char *section_id)
{
  AssayFramework *framework = assay_audit_get_framework (audit);
  g_autoptr(AssayGrading) grading = assay_audit_compute (audit);

  /* By id: two versions of a framework may order their sections apart */
  for (guint i = 0; i < grading->n_sections; i++)
    if (g_strcmp0 (assay_framework_get_section (framework, i)->id, section_id) == 0)
      return grading->sections[i];

  return ASSAY_GRADE_NONE;
}

static void
build_sections (AssayModerationDialog *self)
{
  AssayFramework *framework = get_framework (self);
  GPtrArray *audits = assay_moderation_item_get_audits (self->item);

  if (framework == NULL)
    return;

  adw_preferences_group_set_header_suffix (self->sections_group, new_column_header (self, 12));

  for (guint s = 0; s < assay_framework_get_n_sections (framework); s++)
    {
      const AssaySection *section = assay_framework_get_section (framework, s);
      g_autoptr(GString) accessible = g_string_new (section->title);
      GtkWidget *row = adw_action_row_new ();
      AssayGrade first = ASSAY_GRADE_NONE;
      gboolean differ = FALSE;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), section->title);

      for (guint i = 0; i < audits->len; i++)
        {
          AssayAudit *audit = g_ptr_array_index (audits, i);
          AssayGrade grade = section_grade (audit, section->id);
          g_autofree char *who = assay_moderation_item_describe_moderator (audit);

          if (i == 0)
            first = grade;
          else if (grade != first)
            differ = TRUE;

          adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_pill (self, grade, i));
          g_string_append_printf (accessible, _(", %s: %s"), who, label_for (self, grade));
        }

      /* The eye goes to the sections that need talking about */
      if (differ)
        {
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Graded differently"));
          gtk_widget_add_css_class (row, "differs");
        }

      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible->str, -1);
      adw_preferences_group_add (self->sections_group, row);
      g_ptr_array_add (self->section_rows, row);
    }
}

static void
build_differences (AssayModerationDialog *self)
{
  AssayFramework *framework = get_framework (self);
  GPtrArray *audits = assay_moderation_item_get_audits (self->item);
  g_autofree char *description = NULL;
  guint n_criteria = 0;

  if (framework == NULL)
    return;

  if (audits->len > 1)
    /* ...and, in expander rows, also left of the arrow */
    adw_preferences_group_set_header_suffix (self->differences_group,
                                             new_column_header (self, 12 + 16 + 18));

  for (guint s = 0; s < assay_framework_get_n_sections (framework); s++)
    {
      const AssaySection *section = assay_framework_get_section (framework, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const AssayCriterion *criterion = g_ptr_array_index (section->criteria, c);
          g_autofree char *subtitle = NULL;
          AssayGrade first = ASSAY_GRADE_NONE;
          gboolean differ = FALSE;
          GtkWidget *row;

          n_criteria++;
          for (guint i = 0; i < audits->len; i++)
            {
              AssayGrade grade = assay_audit_get_grade (g_ptr_array_index (audits, i),
                                                        criterion->id, NULL);

              if (i == 0)
                first = grade;
              else if (grade != first)
                differ = TRUE;
            }

          if (!differ)
            continue;

          row = adw_expander_row_new ();
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), criterion->text);
          /* Translators: a criterion's id · the title of its section */
          subtitle = g_strdup_printf (_("%s · %s"), criterion->id, section->title);
          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

          /* Added last first: each action goes before the ones already there */
          for (guint i = audits->len; i > 0; i--)
            {
              AssayAudit *audit = g_ptr_array_index (audits, i - 1);

              adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                           new_pill (self,
                                                     assay_audit_get_grade (audit, criterion->id,
                                                                            NULL),
                                                     i - 1));
            }

          for (guint i = 0; i < audits->len; i++)
            {
              AssayAudit *audit = g_ptr_array_index (audits, i);
              const char *evidence = NULL;
              AssayGrade grade = assay_audit_get_grade (audit, criterion->id, &evidence);
              g_autofree char *who = assay_moderation_item_describe_moderator (audit);
              GtkWidget *child = adw_action_row_new ();


              adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (child), FALSE);
              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), who);
              adw_action_row_set_subtitle (ADW_ACTION_ROW (child),
                                           evidence != NULL && *evidence != '\0'
                                           ? evidence : _("No evidence written"));
              adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (child), 0);
              adw_action_row_add_suffix (ADW_ACTION_ROW (child),
                                         new_pill (self, grade, G_MAXUINT));
              adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);
            }

          adw_preferences_group_add (self->differences_group, row);
          g_ptr_array_add (self->difference_rows, row);
        }
    }

  /* A short list is opened at once: it is what the forum talks through */
  for (guint i = 0; i < self->difference_rows->len && self->difference_rows->len <= 3; i++)
    adw_expander_row_set_expanded (g_ptr_array_index (self->difference_rows, i), TRUE);

  if (self->difference_rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     audits->len > 1 ? _("Every criterion was graded the same")
                                                     : _("No second audit to compare yet"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->differences_group, row);
    }

  /* Translators: how many criteria of how many the moderators graded apart */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u of %u criterion graded differently",
                                              "%u of %u criteria graded differently",
                                              n_criteria),
                                 self->difference_rows->len, n_criteria);
  adw_preferences_group_set_description (self->differences_group, description);
}

static void
build_agreed (AssayModerationDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GPtrArray *audits = assay_moderation_item_get_audits (self->item);
  const char *reason = NULL;
  const char *chair = NULL;
  AssayGrade agreed = assay_moderation_item_get_agreed (self->item, &reason, &chair);
  AssayGrade preselect = agreed;

  for (guint i = 0; i < G_N_ELEMENTS (agree_grades); i++)
    gtk_string_list_append (labels, label_for (self, agree_grades[i]));
  adw_combo_row_set_model (self->grade_row, G_LIST_MODEL (labels));

  gtk_widget_set_visible (GTK_WIDGET (self->agreed_row), agreed != ASSAY_GRADE_NONE);
  if (agreed != ASSAY_GRADE_NONE)
    {
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      /* Translators: %s is the grade the forum agreed */
      title = g_strdup_printf (_("Agreed %s"), label_for (self, agreed));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->agreed_row), title);
      if (chair != NULL && *chair != '\0')
        /* Translators: the reason the forum gave, then who recorded it */
        subtitle = g_strdup_printf (_("“%s” — recorded by %s"), reason ?: "", chair);
      else
        subtitle = g_strdup_printf (_("“%s”"), reason ?: "");

      /* Another chair's grade for the same plan is never dropped unseen */
      for (guint n = 0; n < assay_moderation_item_get_n_other_agreements (self->item); n++)
        {
          const char *other_reason = NULL;
          const char *other_chair = NULL;
          AssayGrade other = assay_moderation_item_get_other_agreement (self->item, n,
                                                                        &other_reason,
                                                                        &other_chair);
          g_autofree char *line = NULL;
          char *joined;

          /* Translators: another chair, the grade they recorded, their reason */
          line = g_strdup_printf (_("Earlier, %s recorded %s: “%s”"),
                                  other_chair ?: "", label_for (self, other), other_reason ?: "");
          joined = g_strconcat (subtitle, "\n", line, NULL);
          g_free (subtitle);
          subtitle = joined;
        }
      adw_action_row_set_subtitle (self->agreed_row, subtitle);
      gtk_label_set_text (self->agreed_pill, label_for (self, agreed));
      gtk_widget_add_css_class (GTK_WIDGET (self->agreed_pill), assay_grade_get_css_class (agreed));

      gtk_button_set_label (GTK_BUTTON (self->record_button), _("Record _Again"));
    }

  /* Nothing agreed yet: start from the first moderator's grade, which the
   * chair changes if the forum settles elsewhere */
  if (preselect == ASSAY_GRADE_NONE && audits->len > 0)
    preselect = assay_audit_get_final (g_ptr_array_index (audits, 0), NULL);
  _assay_moderation_dialog_select_grade (self, preselect);
}

static char *
get_reason (AssayModerationDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
}

static void
update_record (AssayModerationDialog *self)
{
  g_autofree char *reason = get_reason (self);
  gboolean ready = *reason != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "moderation-dialog.record", ready);
  gtk_widget_set_visible (GTK_WIDGET (self->record_hint), !ready);
}

static void
on_reason_changed (AssayModerationDialog *self)
{
  update_record (self);
}

static void
on_reason_activated (AssayModerationDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "moderation-dialog.record", NULL);
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AssayModerationDialog *self = ASSAY_MODERATION_DIALOG (widget);
  g_autofree char *reason = get_reason (self);
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (self->grade_row);
  AssayGrade grade;
  const char *case_ref = assay_moderation_item_get_case_ref (self->item);

  if (*reason == '\0' || selected >= G_N_ELEMENTS (agree_grades))
    return;

  grade = agree_grades[selected];
  if (!assay_agreement_record (assay_session_get_store (self->session),
                               assay_session_get_frameworks (self->session),
                               case_ref,
                               assay_moderation_item_get_framework_id (self->item),
                               grade, reason, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not record the agreed grade: %s"),
                                               error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
      return;
    }

  /* Translators: the agreed grade, then the case reference */
  message = g_strdup_printf (_("Agreed %s for %s"), label_for (self, grade), case_ref);
  _assay_moderation_dialog_done (self, "agreements", message);
}

void
_assay_moderation_dialog_done (AssayModerationDialog *self,
                               const char            *what,
                               const char            *message)
{
  g_object_ref (self);
  assay_session_changed (self->session, what);
  g_signal_emit (self, signals[RECORDED], 0, message);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

const char *
_assay_moderation_dialog_get_case_ref (AssayModerationDialog *self)
{
  return assay_moderation_item_get_case_ref (self->item);
}

AssayStore *
_assay_moderation_dialog_get_store (AssayModerationDialog *self)
{
  return assay_session_get_store (self->session);
}

void
_assay_moderation_dialog_toast (AssayModerationDialog *self,
                                const char            *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

AdwMessageDialog *
_assay_moderation_dialog_get_erase_dialog (AssayModerationDialog *self)
{
  return self->erase_dialog;
}

void
_assay_moderation_dialog_set_erase_dialog (AssayModerationDialog *self,
                                           AdwMessageDialog      *dialog)
{
  g_set_weak_pointer (&self->erase_dialog, dialog);
}

static void
erase_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  _assay_moderation_dialog_ask_erase (ASSAY_MODERATION_DIALOG (widget));
}

static void
open_audit_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  AssayModerationDialog *self = ASSAY_MODERATION_DIALOG (widget);
  g_autofree char *id = g_variant_dup_string (param, NULL);

  /* The editor is in the main window, behind this modal one */
  g_object_ref (self);
  g_signal_emit (self, signals[OPEN_AUDIT], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
assay_moderation_dialog_dispose (GObject *object)
{
  AssayModerationDialog *self = ASSAY_MODERATION_DIALOG (object);

  g_clear_weak_pointer (&self->erase_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_MODERATION_DIALOG);

  g_clear_object (&self->session);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (assay_moderation_dialog_parent_class)->dispose (object);
}

static void
assay_moderation_dialog_finalize (GObject *object)
{
  AssayModerationDialog *self = ASSAY_MODERATION_DIALOG (object);

  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->section_rows, g_ptr_array_unref);
  g_clear_pointer (&self->difference_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (assay_moderation_dialog_parent_class)->finalize (object);
}

static void
assay_moderation_dialog_class_init (AssayModerationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_moderation_dialog_dispose;
  object_class->finalize = assay_moderation_dialog_finalize;

  signals[OPEN_AUDIT] =
    g_signal_new ("open-audit",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  signals[RECORDED] =
    g_signal_new ("recorded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-moderation-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayModerationDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationDialog, overall_group);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationDialog, sections_group);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationDialog, differences_group);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationDialog, agreed_group);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationDialog, agreed_row);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationDialog, agreed_pill);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationDialog, grade_row);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationDialog, record_hint);
  gtk_widget_class_bind_template_child (widget_class, AssayModerationDialog, record_button);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_activated);

  gtk_widget_class_install_action (widget_class, "moderation-dialog.record", NULL,
                                   record_action);
  gtk_widget_class_install_action (widget_class, "moderation-dialog.open-audit", "s",
                                   open_audit_action);
  gtk_widget_class_install_action (widget_class, "moderation-dialog.erase", NULL, erase_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
assay_moderation_dialog_init (AssayModerationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->section_rows = g_ptr_array_new ();
  self->difference_rows = g_ptr_array_new ();
}

AssayModerationDialog *
assay_moderation_dialog_new (GtkWindow           *parent,
                             AssaySession        *session,
                             AssayModerationItem *item)
{
  AssayModerationDialog *self;
  AssayFramework *framework;
  GPtrArray *audits;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ASSAY_IS_SESSION (session), NULL);
  g_return_val_if_fail (ASSAY_IS_MODERATION_ITEM (item), NULL);

  self = g_object_new (ASSAY_TYPE_MODERATION_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->session = g_object_ref (session);
  self->item = g_object_ref (item);

  audits = assay_moderation_item_get_audits (item);
  for (guint i = 0; i < audits->len; i++)
    g_ptr_array_add (self->columns, gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL));

  framework = get_framework (self);
  adw_window_title_set_title (self->window_title, assay_moderation_item_get_case_ref (item));
  adw_window_title_set_subtitle (self->window_title,
                                 framework != NULL ? assay_framework_get_title (framework)
                                                   : assay_moderation_item_get_framework_id (item));

  build_overall (self);
  build_sections (self);
  build_differences (self);
  build_agreed (self);
  update_record (self);

  return self;
}

AdwComboRow *
_assay_moderation_dialog_get_grade_row (AssayModerationDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_DIALOG (self), NULL);

  return self->grade_row;
}

AdwEntryRow *
_assay_moderation_dialog_get_reason_row (AssayModerationDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_DIALOG (self), NULL);

  return self->reason_row;
}

GtkWidget *
_assay_moderation_dialog_get_record_button (AssayModerationDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_DIALOG (self), NULL);

  return self->record_button;
}

void
_assay_moderation_dialog_select_grade (AssayModerationDialog *self,
                                       AssayGrade             grade)
{
  g_return_if_fail (ASSAY_IS_MODERATION_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (agree_grades); i++)
    if (agree_grades[i] == grade)
      adw_combo_row_set_selected (self->grade_row, i);
}

AdwActionRow *
_assay_moderation_dialog_get_agreed_row (AssayModerationDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_DIALOG (self), NULL);

  return self->agreed_row;
}

GPtrArray *
_assay_moderation_dialog_get_difference_rows (AssayModerationDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_DIALOG (self), NULL);

  return self->difference_rows;
}

GPtrArray *
_assay_moderation_dialog_get_section_rows (AssayModerationDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_MODERATION_DIALOG (self), NULL);

  return self->section_rows;
}
