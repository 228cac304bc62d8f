/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-caseload-page"

#include "config.h"

#include "assay-caseload-page.h"

/* The caseload: the plans to be audited, imported from the council’s export. */
struct _AssayCaseloadPage
{
  AdwBin        parent_instance;

  AssaySession *session;
};

G_DEFINE_FINAL_TYPE (AssayCaseloadPage, assay_caseload_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
assay_caseload_page_dispose (GObject *object)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_CASELOAD_PAGE);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (assay_caseload_page_parent_class)->dispose (object);
}

static void
assay_caseload_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (object);

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
assay_caseload_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AssayCaseloadPage *self = ASSAY_CASELOAD_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      assay_caseload_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_caseload_page_class_init (AssayCaseloadPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_caseload_page_dispose;
  object_class->get_property = assay_caseload_page_get_property;
  object_class->set_property = assay_caseload_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         ASSAY_TYPE_SESSION,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/maqa/Assay/ui/assay-caseload-page.ui");
}

static void
assay_caseload_page_init (AssayCaseloadPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

AssaySession *
assay_caseload_page_get_session (AssayCaseloadPage *self)
{
  g_return_val_if_fail (ASSAY_IS_CASELOAD_PAGE (self), NULL);

  return self->session;
}

void
assay_caseload_page_set_session (AssayCaseloadPage *self,
                                 AssaySession *session)
{
  g_return_if_fail (ASSAY_IS_CASELOAD_PAGE (self));
  g_return_if_fail (session == NULL || ASSAY_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}
