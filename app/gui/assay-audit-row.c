/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit-row"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-audit-row.h"
#include "assay-audit-status.h"
#include "assay-grade-label.h"
#include "assay-grade-pill.h"
#include "assay-gui-util.h"

/*
 * One audit on My Audits: case, framework and date, criteria graded, the
 * grade and the status, and a menu. The list recycles rows, so everything
 * a row shows follows assay_audit_row_set_audit(), both ways.
 */
struct _AssayAuditRow
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkLabel       *title_label;
  GtkLabel       *subtitle_label;
  GtkLabel       *progress_label;
  GtkLabel       *grade_label;
  GtkLabel       *status_label;
  GtkMenuButton  *menu_button;

  AssayAudit     *audit;
};

G_DEFINE_FINAL_TYPE (AssayAuditRow, assay_audit_row, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_AUDIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GMenuModel *
menu_new (AssayAudit *audit)
{
  const char *id = assay_audit_get_id (audit);
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;

  item = g_menu_item_new (_("_Open"), NULL);
  g_menu_item_set_action_and_target (item, "main.open-audit", "s", id);
  g_menu_append_item (menu, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("D_uplicate as New Draft"), NULL);
  g_menu_item_set_action_and_target (item, "audits.duplicate", "s", id);
  g_menu_append_item (menu, item);
  g_clear_object (&item);
  /* Finished audits are the record: only drafts offer to be deleted */
  if (assay_audit_get_status (audit) == ASSAY_AUDIT_STATUS_DRAFT)
    {
      item = g_menu_item_new (_("_Delete…"), NULL);
      g_menu_item_set_action_and_target (item, "audits.delete", "s", id);
      g_menu_append_item (menu, item);
    }

  return G_MENU_MODEL (menu);
}

/* Made when the menu is opened rather than on every bind: a menu model
 * makes its popover at once, which costs more than the rest of the row */
static void
create_popup (GtkMenuButton *button,
              gpointer       user_data)
{
  AssayAuditRow *self = user_data;
  g_autoptr(GMenuModel) menu = NULL;

  if (self->audit == NULL)
    return;

  menu = menu_new (self->audit);
  gtk_menu_button_set_menu_model (button, menu);
}

static void
show_audit (AssayAuditRow *self)
{
  AssayAudit *audit = self->audit;
  AssayFramework *framework = assay_audit_get_framework (audit);
  AssayAuditStatus status = assay_audit_get_status (audit);
  gboolean draft = status == ASSAY_AUDIT_STATUS_DRAFT;
  g_autoptr(AssayGrading) grading = assay_audit_compute (audit);
  g_autofree char *date = assay_gui_format_date (assay_audit_get_updated (audit));
  g_autofree char *subtitle = NULL;
  g_autofree char *progress = NULL;
  g_autofree char *menu_label = NULL;
  g_autofree char *accessible = NULL;
  const char *grade_text;
  AssayGrade grade;

  gtk_label_set_text (self->title_label, assay_audit_get_case (audit));
  /* Translators: framework title · the date the audit was last changed */
  subtitle = g_strdup_printf (_("%s · %s"), assay_framework_get_title (framework), date);
  gtk_label_set_text (self->subtitle_label, subtitle);

  progress = g_strdup_printf ("%u/%u", grading->n_graded, grading->n_criteria);
  gtk_label_set_text (self->progress_label, progress);

  /* A finished audit shows its final grade, a draft the running one */
  grade = assay_audit_get_final (audit, NULL);
  if (grade == ASSAY_GRADE_NONE)
    grade = grading->derived;
  grade_text = grade == ASSAY_GRADE_NONE ? "–" : assay_grade_label (framework, grade);
  assay_grade_pill_set (self->grade_label, grade, grade_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->grade_label),
                               draft ? _("Running grade") : _("Final grade"));

  gtk_label_set_text (self->status_label, assay_audit_status_get_label (status));
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), draft ? "finished" : "draft");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), draft ? "draft" : "finished");

  /* The last audit's menu goes; this one's is made when opened */
  if (gtk_menu_button_get_menu_model (self->menu_button) != NULL)
    gtk_menu_button_set_menu_model (self->menu_button, NULL);
  /* Translators: %s is a case reference */
  menu_label = g_strdup_printf (_("More for the audit of %s"), assay_audit_get_case (audit));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, menu_label,
                                  -1);

  /* GTK 4.8 gives a list item no name of its own: the row says it all */
  /* Translators: case, framework, status, grade, how many graded of how many */
  accessible = g_strdup_printf (_("%s, %s, %s, grade %s, %u of %u graded"),
                                assay_audit_get_case (audit), assay_framework_get_title (framework),
                                assay_audit_status_get_label (status), grade_text,
                                grading->n_graded, grading->n_criteria);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
assay_audit_row_dispose (GObject *object)
{
  AssayAuditRow *self = ASSAY_AUDIT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_AUDIT_ROW);
  g_clear_object (&self->audit);

  G_OBJECT_CLASS (assay_audit_row_parent_class)->dispose (object);
}

static void
assay_audit_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AssayAuditRow *self = ASSAY_AUDIT_ROW (object);

  switch (prop_id)
    {
    case PROP_AUDIT:
      g_value_set_object (value, self->audit);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_audit_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AssayAuditRow *self = ASSAY_AUDIT_ROW (object);

  switch (prop_id)
    {
    case PROP_AUDIT:
      assay_audit_row_set_audit (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_audit_row_class_init (AssayAuditRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_audit_row_dispose;
  object_class->get_property = assay_audit_row_get_property;
  object_class->set_property = assay_audit_row_set_property;

  properties[PROP_AUDIT] = assay_gui_param_spec_object ("audit", ASSAY_TYPE_AUDIT);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-audit-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayAuditRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditRow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditRow, grade_label);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, AssayAuditRow, menu_button);
}

static void
assay_audit_row_init (AssayAuditRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_popup, self, NULL);
}

AssayAudit *
assay_audit_row_get_audit (AssayAuditRow *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT_ROW (self), NULL);

  return self->audit;
}

void
assay_audit_row_set_audit (AssayAuditRow *self,
                           AssayAudit    *audit)
{
  g_return_if_fail (ASSAY_IS_AUDIT_ROW (self));
  g_return_if_fail (audit == NULL || ASSAY_IS_AUDIT (audit));

  if (!g_set_object (&self->audit, audit))
    return;

  /* Unbound, a recycled row keeps what it showed until it is bound again */
  if (audit != NULL)
    show_audit (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIT]);
}
