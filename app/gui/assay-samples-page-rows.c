/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-samples-page"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-caseload.h"
#include "assay-gui-util.h"
#include "assay-samples-page-private.h"

/*
 * The rows of the Samples page's two lists: a sample (when it was drawn,
 * its rule, size and seed) and a plan of the selected sample (its case
 * reference, details and a button to start its audit). The lists recycle
 * their rows, so bind sets everything a row shows.
 */

/* Stored values are the import's normalised tokens; these are their words. */
static const struct {
  const char *value;
  const char *label;
} value_labels[] = {
  { "new", N_("New plan") },
  { "annual-review", N_("Annual review") },
  { "phase-transfer", N_("Phase transfer") },
  { "amended", N_("Amended") },
  { "early-years", N_("Early years") },
  { "primary", N_("Primary") },
  { "secondary", N_("Secondary") },
  { "post-16", N_("Post-16") },
  { "post-19", N_("Post-19") },
  { "mainstream", N_("Mainstream") },
  { "special", N_("Special") },
  { "resource-base", N_("Resource base") },
  { "independent", N_("Independent") },
  { "alternative", N_("Alternative provision") },
  { "home", N_("Home") },
};

static const char *
value_label (const char *value)
{
  for (guint i = 0; i < G_N_ELEMENTS (value_labels); i++)
    {
      if (g_strcmp0 (value_labels[i].value, value) == 0)
        return _(value_labels[i].label);
    }

  return value;
}

static void
append_field (GPtrArray  *parts,
              JsonObject *fields,
              const char *name)
{
  JsonNode *node;
  g_autofree char *text = NULL;

  if (fields == NULL || (node = json_object_get_member (fields, name)) == NULL
      || JSON_NODE_HOLDS_NULL (node))
    return;

  text = assay_caseload_value_to_string (node);
  if (text != NULL && *text != '\0')
    g_ptr_array_add (parts, g_strdup (value_label (text)));
}

static char *
describe_plan (JsonObject *fields)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *issued;

  if (fields == NULL)
    return g_strdup (_("No longer in the caseload"));

  append_field (parts, fields, "plan_type");
  append_field (parts, fields, "team");
  append_field (parts, fields, "caseworker");
  append_field (parts, fields, "phase");
  append_field (parts, fields, "setting_type");
  append_field (parts, fields, "primary_need");

  if (json_object_has_member (fields, "child_in_care")
      && json_object_get_boolean_member_with_default (fields, "child_in_care", FALSE))
    g_ptr_array_add (parts, g_strdup (_("Child in care")));

  issued = json_object_get_string_member_with_default (fields, "issued", NULL);
  if (issued != NULL)
    /* Translators: %s is a date, as 2025-03-14 */
    g_ptr_array_add (parts, g_strdup_printf (_("issued %s"), issued));

  g_ptr_array_add (parts, NULL);

  /* Translators: separates a plan's details: "Annual review · North · SEMH" */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

static char *
format_created (const char *created)
{
  /* Translators: when a sample was drawn; see g_date_time_format() */
  char *text = assay_gui_format_time (created, _("%-d %B %Y, %H:%M"));

  return text != NULL ? text : g_strdup (created);
}

/* The rule is a clause ("10% or at least 4 of 60 plans, …"); as a line of
 * its own it reads better capitalised. */
static char *
capitalise (const char *text)
{
  gunichar first;
  char buf[6];
  int len;

  if (text == NULL || *text == '\0')
    return g_strdup ("");

  first = g_utf8_get_char (text);
  len = g_unichar_to_utf8 (g_unichar_totitle (first), buf);

  return g_strdup_printf ("%.*s%s", len, buf, g_utf8_next_char (text));
}

/* A row's words: a title over a dimmed line that wraps */
static GtkWidget *
text_new (void)
{
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);

  return text;
}

/* A plan of the sample: its case reference and details, and a button to
 * start its audit. Rows are recycled, so bind sets all of it. */
static void
setup_plan_row (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Start Audit"));

  gtk_box_append (GTK_BOX (box), text_new ());
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), button);

  gtk_list_item_set_child (list_item, box);
}

static void
bind_plan_row (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               AssaySamplesPage         *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *text = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_first_child (text);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  GtkWidget *button = gtk_widget_get_next_sibling (text);
  const char *case_ref = gtk_string_object_get_string (gtk_list_item_get_item (list_item));
  JsonObject *fields = NULL;
  g_autofree char *details = NULL;
  g_autofree char *button_name = NULL;
  g_autofree char *name = NULL;

  if (self->plans_by_ref != NULL)
    fields = g_hash_table_lookup (self->plans_by_ref, case_ref);
  details = describe_plan (fields);

  gtk_label_set_text (GTK_LABEL (title), case_ref);
  gtk_label_set_text (GTK_LABEL (subtitle), details);
  /* Actionable, so the button follows whether an audit can be started;
   * named after its target is set, which it has only once bound */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_string (case_ref));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "main.start-audit");
  /* Translators: %s is a case reference */
  button_name = g_strdup_printf (_("Start audit of %s"), case_ref);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, button_name,
                                  -1);

  /* GTK 4.8 gives a list item no name of its own: the row says it all */
  /* Translators: a case reference, then the plan's details */
  name = g_strdup_printf (_("%s, %s"), case_ref, details);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static void
setup_sample_row (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *counts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *size = gtk_label_new (NULL);
  GtkWidget *seed = gtk_label_new (NULL);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("media-playlist-shuffle-symbolic"));
  gtk_box_append (GTK_BOX (box), text_new ());

  gtk_widget_set_valign (counts, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (size), 1);
  gtk_widget_add_css_class (size, "heading");
  gtk_label_set_xalign (GTK_LABEL (seed), 1);
  gtk_widget_add_css_class (seed, "caption");
  gtk_widget_add_css_class (seed, "dim-label");
  gtk_widget_add_css_class (seed, "numeric");
  gtk_box_append (GTK_BOX (counts), size);
  gtk_box_append (GTK_BOX (counts), seed);
  gtk_box_append (GTK_BOX (box), counts);

  gtk_list_item_set_child (list_item, box);
}

static void
bind_sample_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 AssaySamplesPage         *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *text = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));
  GtkWidget *title = gtk_widget_get_first_child (text);
  GtkWidget *counts = gtk_widget_get_next_sibling (text);
  GtkWidget *size = gtk_widget_get_first_child (counts);
  const char *id = gtk_string_object_get_string (gtk_list_item_get_item (list_item));
  AssaySample *sample = _assay_samples_page_find_sample (self, id, NULL);
  g_autofree char *created = NULL;
  g_autofree char *rule = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *name = NULL;

  if (sample == NULL)
    return;

  created = format_created (sample->created);
  rule = capitalise (sample->rule);
  size_text = g_strdup_printf (ngettext ("%u plan", "%u plans", sample->size), sample->size);
  /* Translators: %u is a sample's random seed */
  seed_text = g_strdup_printf (_("seed %u"), sample->seed);

  gtk_label_set_text (GTK_LABEL (title), created);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (title)), rule);
  gtk_label_set_text (GTK_LABEL (size), size_text);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (size)), seed_text);

  /* GTK 4.8 gives a list item no name of its own: the row says it all */
  /* Translators: when a sample was drawn, its rule, its size, its seed */
  name = g_strdup_printf (_("%s, %s, %s, %s"), created, rule, size_text, seed_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static GtkListItemFactory *
factory_new (AssaySamplesPage *self,
             GCallback         setup,
             GCallback         bind)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  /* The page owns the list views, and so outlives their rows */
  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);

  return factory;
}

GtkListItemFactory *
_assay_samples_page_sample_factory_new (AssaySamplesPage *self)
{
  return factory_new (self, G_CALLBACK (setup_sample_row), G_CALLBACK (bind_sample_row));
}

GtkListItemFactory *
_assay_samples_page_plan_factory_new (AssaySamplesPage *self)
{
  return factory_new (self, G_CALLBACK (setup_plan_row), G_CALLBACK (bind_plan_row));
}
