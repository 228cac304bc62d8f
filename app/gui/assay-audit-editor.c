/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit-editor"

#include "config.h"

#include "assay-audit-editor.h"

/* The audit checklist: sections, criteria, grades and evidence, and the summary. */
struct _AssayAuditEditor
{
  AdwBin        parent_instance;

  AssaySession *session;
  AssayAudit   *audit;
};

G_DEFINE_FINAL_TYPE (AssayAuditEditor, assay_audit_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_AUDIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
assay_audit_editor_dispose (GObject *object)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_AUDIT_EDITOR);
  g_clear_object (&self->audit);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (assay_audit_editor_parent_class)->dispose (object);
}

static void
assay_audit_editor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_AUDIT:
      g_value_set_object (value, self->audit);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_audit_editor_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AssayAuditEditor *self = ASSAY_AUDIT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      assay_audit_editor_set_session (self, g_value_get_object (value));
      break;

    case PROP_AUDIT:
      assay_audit_editor_set_audit (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_audit_editor_class_init (AssayAuditEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_audit_editor_dispose;
  object_class->get_property = assay_audit_editor_get_property;
  object_class->set_property = assay_audit_editor_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         ASSAY_TYPE_SESSION,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_AUDIT] =
    g_param_spec_object ("audit", NULL, NULL,
                         ASSAY_TYPE_AUDIT,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/maqa/Assay/ui/assay-audit-editor.ui");
}

static void
assay_audit_editor_init (AssayAuditEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

AssaySession *
assay_audit_editor_get_session (AssayAuditEditor *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT_EDITOR (self), NULL);

  return self->session;
}

void
assay_audit_editor_set_session (AssayAuditEditor *self,
                                AssaySession *session)
{
  g_return_if_fail (ASSAY_IS_AUDIT_EDITOR (self));
  g_return_if_fail (session == NULL || ASSAY_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  /* An audit belongs to the session it was opened in. */
  assay_audit_editor_set_audit (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

AssayAudit *
assay_audit_editor_get_audit (AssayAuditEditor *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDIT_EDITOR (self), NULL);

  return self->audit;
}

void
assay_audit_editor_set_audit (AssayAuditEditor *self,
                              AssayAudit       *audit)
{
  g_return_if_fail (ASSAY_IS_AUDIT_EDITOR (self));
  g_return_if_fail (audit == NULL || ASSAY_IS_AUDIT (audit));

  if (!g_set_object (&self->audit, audit))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIT]);
}
