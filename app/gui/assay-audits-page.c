/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audits-page"

#include "config.h"

#include "assay-audits-page.h"

/* The moderator’s audits: status, grade, framework and date. */
struct _AssayAuditsPage
{
  AdwBin        parent_instance;

  AssaySession *session;
};

G_DEFINE_FINAL_TYPE (AssayAuditsPage, assay_audits_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
assay_audits_page_dispose (GObject *object)
{
  AssayAuditsPage *self = ASSAY_AUDITS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_AUDITS_PAGE);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (assay_audits_page_parent_class)->dispose (object);
}

static void
assay_audits_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AssayAuditsPage *self = ASSAY_AUDITS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_audits_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AssayAuditsPage *self = ASSAY_AUDITS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      assay_audits_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_audits_page_class_init (AssayAuditsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_audits_page_dispose;
  object_class->get_property = assay_audits_page_get_property;
  object_class->set_property = assay_audits_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         ASSAY_TYPE_SESSION,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/maqa/Assay/ui/assay-audits-page.ui");
}

static void
assay_audits_page_init (AssayAuditsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

AssaySession *
assay_audits_page_get_session (AssayAuditsPage *self)
{
  g_return_val_if_fail (ASSAY_IS_AUDITS_PAGE (self), NULL);

  return self->session;
}

void
assay_audits_page_set_session (AssayAuditsPage *self,
                               AssaySession *session)
{
  g_return_if_fail (ASSAY_IS_AUDITS_PAGE (self));
  g_return_if_fail (session == NULL || ASSAY_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}
