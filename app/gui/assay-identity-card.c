/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-identity-card"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-identity-card.h"

#define N_GROUPS 6

struct _AssayIdentityCard
{
  AdwBin     parent_instance;

  /* Template widgets */
  GtkLabel  *name_label;
  GtkLabel  *agency_label;
  GtkWidget *fingerprint_grid;
  GtkLabel  *groups[N_GROUPS];
};

G_DEFINE_FINAL_TYPE (AssayIdentityCard, assay_identity_card, ADW_TYPE_BIN)

void
assay_identity_card_set (AssayIdentityCard *self,
                         const char        *name,
                         const char        *agency,
                         const char        *fingerprint)
{
  g_auto(GStrv) groups = NULL;
  g_autofree char *accessible = NULL;

  g_return_if_fail (ASSAY_IS_IDENTITY_CARD (self));

  gtk_label_set_text (self->name_label, name != NULL ? name : "");
  gtk_label_set_text (self->agency_label, agency != NULL ? agency : "");
  gtk_widget_set_visible (GTK_WIDGET (self->agency_label), agency != NULL && *agency != '\0');

  groups = g_strsplit (fingerprint != NULL ? fingerprint : "", " ", N_GROUPS);
  for (guint i = 0; i < N_GROUPS; i++)
    gtk_label_set_text (self->groups[i], i < g_strv_length (groups) ? groups[i] : "");

  /* Read out as the digits it is, not as one large number */
  /* Translators: %s is a fingerprint, six groups of five digits */
  accessible = g_strdup_printf (_("Fingerprint %s"), fingerprint != NULL ? fingerprint : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fingerprint_grid),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

char *
assay_identity_card_dup_fingerprint_text (AssayIdentityCard *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (ASSAY_IS_IDENTITY_CARD (self), NULL);

  for (guint i = 0; i < N_GROUPS; i++)
    g_strv_builder_add (builder, gtk_label_get_text (self->groups[i]));
  groups = g_strv_builder_end (builder);

  return g_strjoinv (" ", groups);
}

static void
assay_identity_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ASSAY_TYPE_IDENTITY_CARD);

  G_OBJECT_CLASS (assay_identity_card_parent_class)->dispose (object);
}

static void
assay_identity_card_class_init (AssayIdentityCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_identity_card_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-identity-card.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayIdentityCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, AssayIdentityCard, agency_label);
  gtk_widget_class_bind_template_child (widget_class, AssayIdentityCard, fingerprint_grid);
  gtk_widget_class_bind_template_child_full (widget_class, "group0", FALSE,
                                             G_STRUCT_OFFSET (AssayIdentityCard, groups[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "group1", FALSE,
                                             G_STRUCT_OFFSET (AssayIdentityCard, groups[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "group2", FALSE,
                                             G_STRUCT_OFFSET (AssayIdentityCard, groups[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "group3", FALSE,
                                             G_STRUCT_OFFSET (AssayIdentityCard, groups[3]));
  gtk_widget_class_bind_template_child_full (widget_class, "group4", FALSE,
                                             G_STRUCT_OFFSET (AssayIdentityCard, groups[4]));
  gtk_widget_class_bind_template_child_full (widget_class, "group5", FALSE,
                                             G_STRUCT_OFFSET (AssayIdentityCard, groups[5]));
}

static void
assay_identity_card_init (AssayIdentityCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
assay_identity_card_new (const char *name,
                         const char *agency,
                         const char *fingerprint)
{
  AssayIdentityCard *self = g_object_new (ASSAY_TYPE_IDENTITY_CARD, NULL);

  assay_identity_card_set (self, name, agency, fingerprint);

  return GTK_WIDGET (self);
}
