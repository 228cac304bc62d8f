/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-samples-page"

#include "config.h"

#include "assay-samples-page.h"

/* The samples drawn from the caseload, each with its rule and seed. */
struct _AssaySamplesPage
{
  AdwBin        parent_instance;

  AssaySession *session;
};

G_DEFINE_FINAL_TYPE (AssaySamplesPage, assay_samples_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
assay_samples_page_dispose (GObject *object)
{
  AssaySamplesPage *self = ASSAY_SAMPLES_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_SAMPLES_PAGE);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (assay_samples_page_parent_class)->dispose (object);
}

static void
assay_samples_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AssaySamplesPage *self = ASSAY_SAMPLES_PAGE (object);

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
assay_samples_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AssaySamplesPage *self = ASSAY_SAMPLES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      assay_samples_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_samples_page_class_init (AssaySamplesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_samples_page_dispose;
  object_class->get_property = assay_samples_page_get_property;
  object_class->set_property = assay_samples_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         ASSAY_TYPE_SESSION,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/maqa/Assay/ui/assay-samples-page.ui");
}

static void
assay_samples_page_init (AssaySamplesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

AssaySession *
assay_samples_page_get_session (AssaySamplesPage *self)
{
  g_return_val_if_fail (ASSAY_IS_SAMPLES_PAGE (self), NULL);

  return self->session;
}

void
assay_samples_page_set_session (AssaySamplesPage *self,
                                AssaySession *session)
{
  g_return_if_fail (ASSAY_IS_SAMPLES_PAGE (self));
  g_return_if_fail (session == NULL || ASSAY_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}
