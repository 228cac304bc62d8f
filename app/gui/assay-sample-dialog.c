/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-sample-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-caseload.h"
#include "assay-gui-list.h"
#include "assay-sample-dialog-private.h"

/*
 * Choosing how to draw a sample. Every change redraws a preview with
 * assay_sample_draw() on the plans in memory, so the moderator sees the
 * strata counts and the rule before anything is written; only "Draw" saves.
 * The store draws from the same caseload with the same spec, and sampling
 * is deterministic, so the saved sample is the one previewed.
 */
struct _AssaySampleDialog
{
  AdwWindow          parent_instance;

  /* Template widgets */
  AdwToastOverlay   *toast_overlay;
  GtkWidget         *draw_button;
  GtkEntry          *size_entry;
  GtkEntry          *seed_entry;
  AdwPreferencesGroup *strata_group;
  GtkSpinButton     *minimum_spin;
  GtkSwitch         *in_care_switch;
  AdwComboRow       *plan_type_row;
  GtkLabel          *size_label;
  GtkLabel          *eligible_label;
  GtkLabel          *rule_label;
  GtkLabel          *error_label;
  GtkWidget         *strata_box;
  GtkListBox        *strata_list;

  GtkSwitch         *stratum_switches[6];

  AssaySession      *session;
  GPtrArray         *caseload;
  AssaySample       *preview;
};

G_DEFINE_FINAL_TYPE (AssaySampleDialog, assay_sample_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CASELOAD,
  N_PROPS
};

enum {
  DRAWN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The caseload fields a sample can be balanced across, in the order a
 * moderator is most likely to want them. */
static const struct {
  const char *field;
  const char *label;
  const char *description;
} strata_fields[] = {
  { "team", N_("Team"), N_("Locality or area team") },
  { "phase", N_("Phase"), N_("Early years, primary, secondary, post-16 or post-19") },
  { "primary_need", N_("Primary Need"), N_("The national category of the main need") },
  { "plan_type", N_("Plan Type"), N_("New, annual review, phase transfer or amended") },
  { "setting_type", N_("Setting Type"), N_("Mainstream, special, resource base and others") },
  { "child_in_care", N_("Child in Care"), N_("Whether the child is looked after") },
};

/* In the order of the plan type row's model; the first is "any". */
static const char * const plan_types[] = {
  NULL,
  "new",
  "annual-review",
  "phase-transfer",
  "amended",
};

G_STATIC_ASSERT (G_N_ELEMENTS (strata_fields) == 6);

static guint32
random_seed (void)
{
  /* Short enough to read aloud or copy into a report by hand */
  return (guint32) g_random_int_range (1, 1000000);
}

/* On error, @culprit is the entry to mark, if the fault is in one. */
static AssaySampleSpec *
build_spec (AssaySampleDialog  *self,
            GtkWidget         **culprit,
            GError            **error)
{
  g_autoptr(AssaySampleSpec) spec = NULL;
  g_autofree char *size = NULL;
  g_autofree char *seed_text = NULL;
  guint64 seed;
  guint plan_type;

  seed_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->seed_entry))));
  if (!g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT32, &seed, NULL))
    {
      *culprit = GTK_WIDGET (self->seed_entry);
      g_set_error (error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_INVALID,
                   _("The seed must be a whole number from 0 to %u."), G_MAXUINT32);
      return NULL;
    }

  spec = assay_sample_spec_new ((guint32) seed);

  /* Empty is DOMAIN.md's usual rule, which the placeholder spells out */
  size = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->size_entry))));
  if (*size == '\0')
    assay_sample_spec_set_size (spec, 0, FALSE);
  else if (!assay_sample_spec_parse_size (spec, size, error))
    {
      *culprit = GTK_WIDGET (self->size_entry);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (strata_fields); i++)
    {
      if (gtk_switch_get_active (self->stratum_switches[i])
          && !assay_sample_spec_add_by (spec, strata_fields[i].field, error))
        return NULL;
    }

  assay_sample_spec_set_minimum (spec,
                                 (guint) gtk_spin_button_get_value_as_int (self->minimum_spin));

  if (gtk_switch_get_active (self->in_care_switch)
      && !assay_sample_spec_add_include (spec, "child_in_care=yes", error))
    return NULL;

  plan_type = adw_combo_row_get_selected (self->plan_type_row);
  if (plan_type > 0 && plan_type < G_N_ELEMENTS (plan_types))
    {
      g_autofree char *filter = g_strdup_printf ("plan_type=%s", plan_types[plan_type]);

      if (!assay_sample_spec_add_where (spec, filter, error))
        return NULL;
    }

  return g_steal_pointer (&spec);
}

static GtkWidget *
stratum_row_new (const char *title,
                 guint       sampled,
                 guint       eligible)
{
  GtkWidget *row;
  GtkWidget *count;
  g_autofree char *text = NULL;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

  /* Translators: plans drawn from a stratum, of the plans in it: "3 of 20" */
  text = g_strdup_printf (_("%u of %u"), sampled, eligible);
  count = gtk_label_new (text);
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_add_css_class (count, sampled > 0 ? "accent" : "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), count);

  return row;
}

static void
show_error (AssaySampleDialog *self,
            const char        *message)
{
  gtk_label_set_text (self->size_label, _("No Sample"));
  gtk_widget_set_visible (GTK_WIDGET (self->eligible_label), FALSE);
  gtk_label_set_text (self->rule_label, "");
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->rule_label), FALSE);
  gtk_widget_set_visible (self->strata_box, FALSE);
}

/* Nothing is written here: the preview is only ever drawn in memory. */
static void
update_preview (AssaySampleDialog *self)
{
  g_autoptr(AssaySampleSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *size = NULL;
  g_autofree char *eligible = NULL;
  GtkWidget *culprit = NULL;

  g_clear_pointer (&self->preview, assay_sample_free);
  assay_gui_list_box_clear (self->strata_list);

  spec = build_spec (self, &culprit, &error);
  if (spec != NULL && self->caseload != NULL)
    self->preview = assay_sample_draw (spec, self->caseload, &error);
  else if (spec != NULL)
    g_set_error_literal (&error, ASSAY_SAMPLE_ERROR, ASSAY_SAMPLE_ERROR_EMPTY,
                         _("There are no plans to draw from."));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sample.draw", self->preview != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->size_entry), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->seed_entry), "error");
  if (culprit != NULL)
    gtk_widget_add_css_class (culprit, "error");

  if (self->preview == NULL)
    {
      show_error (self, error->message);
      return;
    }

  size = g_strdup_printf (ngettext ("%u Plan", "%u Plans", self->preview->size),
                          self->preview->size);
  gtk_label_set_text (self->size_label, size);

  if (self->preview->included > 0)
    eligible = g_strdup_printf (ngettext ("from %u eligible plan, with every child in care (%u)",
                                          "from %u eligible plans, with every child in care (%u)",
                                          self->preview->eligible),
                                self->preview->eligible, self->preview->included);
  else
    eligible = g_strdup_printf (ngettext ("from %u eligible plan",
                                          "from %u eligible plans",
                                          self->preview->eligible),
                                self->preview->eligible);
  gtk_label_set_text (self->eligible_label, eligible);
  gtk_widget_set_visible (GTK_WIDGET (self->eligible_label), TRUE);

  gtk_label_set_text (self->rule_label, self->preview->rule);
  gtk_widget_set_visible (GTK_WIDGET (self->rule_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  for (guint i = 0; i < self->preview->strata->len; i++)
    {
      AssaySampleStratum *stratum = g_ptr_array_index (self->preview->strata, i);

      gtk_list_box_append (self->strata_list,
                           stratum_row_new (stratum->label, stratum->sampled, stratum->eligible));
    }
  gtk_widget_set_visible (self->strata_box, self->preview->strata->len > 0);
}

static void
sample_draw_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  AssaySampleDialog *self = ASSAY_SAMPLE_DIALOG (widget);
  g_autoptr(AssaySampleSpec) spec = NULL;
  g_autoptr(AssaySample) sample = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *culprit = NULL;

  if (self->session == NULL)
    return;

  spec = build_spec (self, &culprit, &error);
  if (spec != NULL)
    sample = assay_sample_create (assay_session_get_store (self->session), spec, &error);

  if (sample == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  g_debug ("Drew sample %s of %u plans", sample->id, sample->size);

  /* The samples page refreshes on this, then selects the new sample */
  assay_session_changed (self->session, ASSAY_SAMPLE_COLLECTION);
  g_signal_emit (self, signals[DRAWN], 0, sample->id);

  gtk_window_close (GTK_WINDOW (self));
}

static void
sample_new_seed_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  AssaySampleDialog *self = ASSAY_SAMPLE_DIALOG (widget);
  g_autofree char *seed = g_strdup_printf ("%u", random_seed ());

  gtk_editable_set_text (GTK_EDITABLE (self->seed_entry), seed);
}

static void
on_setting_changed (AssaySampleDialog *self)
{
  /* Minimum per stratum only means something once there are strata */
  gboolean any_strata = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (strata_fields); i++)
    any_strata |= gtk_switch_get_active (self->stratum_switches[i]);
  gtk_widget_set_sensitive (GTK_WIDGET (self->minimum_spin), any_strata);

  update_preview (self);
}

static void
add_stratum_rows (AssaySampleDialog *self)
{
  GtkWidget *row;

  for (guint i = 0; i < G_N_ELEMENTS (strata_fields); i++)
    {
      GtkWidget *toggle = gtk_switch_new ();

      row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(strata_fields[i].label));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(strata_fields[i].description));
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(strata_fields[i].label),
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);

      g_signal_connect_object (toggle, "notify::active",
                               G_CALLBACK (on_setting_changed), self, G_CONNECT_SWAPPED);

      self->stratum_switches[i] = GTK_SWITCH (toggle);
      adw_preferences_group_add (self->strata_group, row);
    }

  /* The minimum comes last: it applies to whichever fields are chosen */
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Minimum per Stratum"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Plans drawn from each stratum, when the size leaves room"));
  self->minimum_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 100, 1));
  gtk_spin_button_set_value (self->minimum_spin, 1);
  gtk_widget_set_valign (GTK_WIDGET (self->minimum_spin), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->minimum_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Minimum per stratum"),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->minimum_spin));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->minimum_spin));
  g_signal_connect_object (self->minimum_spin, "value-changed",
                           G_CALLBACK (on_setting_changed), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (self->strata_group, row);
}

static void
assay_sample_dialog_constructed (GObject *object)
{
  AssaySampleDialog *self = ASSAY_SAMPLE_DIALOG (object);

  G_OBJECT_CLASS (assay_sample_dialog_parent_class)->constructed (object);

  if (self->caseload == NULL && self->session != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->caseload = assay_caseload_list (assay_session_get_store (self->session), &error);
      if (self->caseload == NULL)
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }

  update_preview (self);
}

static void
assay_sample_dialog_dispose (GObject *object)
{
  AssaySampleDialog *self = ASSAY_SAMPLE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_SAMPLE_DIALOG);
  g_clear_object (&self->session);
  g_clear_pointer (&self->caseload, g_ptr_array_unref);
  g_clear_pointer (&self->preview, assay_sample_free);

  G_OBJECT_CLASS (assay_sample_dialog_parent_class)->dispose (object);
}

static void
assay_sample_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AssaySampleDialog *self = ASSAY_SAMPLE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_CASELOAD:
      g_value_set_boxed (value, self->caseload);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_sample_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AssaySampleDialog *self = ASSAY_SAMPLE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_CASELOAD:
      self->caseload = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_sample_dialog_class_init (AssaySampleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = assay_sample_dialog_constructed;
  object_class->dispose = assay_sample_dialog_dispose;
  object_class->get_property = assay_sample_dialog_get_property;
  object_class->set_property = assay_sample_dialog_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         ASSAY_TYPE_SESSION,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /* Of JsonObject, as assay_caseload_list() returns them */
  properties[PROP_CASELOAD] =
    g_param_spec_boxed ("caseload", NULL, NULL,
                        G_TYPE_PTR_ARRAY,
                        (G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AssaySampleDialog::drawn:
   * @id: the saved sample's record id
   *
   * Emitted once the sample is in the store, before the dialog closes.
   */
  signals[DRAWN] =
    g_signal_new ("drawn",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-sample-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AssaySampleDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AssaySampleDialog, draw_button);
  gtk_widget_class_bind_template_child (widget_class, AssaySampleDialog, size_entry);
  gtk_widget_class_bind_template_child (widget_class, AssaySampleDialog, seed_entry);
  gtk_widget_class_bind_template_child (widget_class, AssaySampleDialog, strata_group);
  gtk_widget_class_bind_template_child (widget_class, AssaySampleDialog, in_care_switch);
  gtk_widget_class_bind_template_child (widget_class, AssaySampleDialog, plan_type_row);
  gtk_widget_class_bind_template_child (widget_class, AssaySampleDialog, size_label);
  gtk_widget_class_bind_template_child (widget_class, AssaySampleDialog, eligible_label);
  gtk_widget_class_bind_template_child (widget_class, AssaySampleDialog, rule_label);
  gtk_widget_class_bind_template_child (widget_class, AssaySampleDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, AssaySampleDialog, strata_box);
  gtk_widget_class_bind_template_child (widget_class, AssaySampleDialog, strata_list);
  gtk_widget_class_bind_template_callback (widget_class, on_setting_changed);

  gtk_widget_class_install_action (widget_class, "sample.draw", NULL, sample_draw_action);
  gtk_widget_class_install_action (widget_class, "sample.new-seed", NULL, sample_new_seed_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
assay_sample_dialog_init (AssaySampleDialog *self)
{
  g_autofree char *seed = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  add_stratum_rows (self);

  /* Set before the change handlers run, so the first preview is drawn once,
   * in constructed, when the caseload is known. */
  seed = g_strdup_printf ("%u", random_seed ());
  g_signal_handlers_block_by_func (self->seed_entry, on_setting_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->seed_entry), seed);
  g_signal_handlers_unblock_by_func (self->seed_entry, on_setting_changed, self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->minimum_spin), FALSE);
}

AssaySampleDialog *
assay_sample_dialog_new (AssaySession *session,
                         GPtrArray    *caseload)
{
  g_return_val_if_fail (ASSAY_IS_SESSION (session), NULL);

  return g_object_new (ASSAY_TYPE_SAMPLE_DIALOG,
                       "session", session,
                       "caseload", caseload,
                       NULL);
}

AssaySession *
assay_sample_dialog_get_session (AssaySampleDialog *self)
{
  g_return_val_if_fail (ASSAY_IS_SAMPLE_DIALOG (self), NULL);

  return self->session;
}

GtkEditable *
_assay_sample_dialog_get_size_entry (AssaySampleDialog *self)
{
  return GTK_EDITABLE (self->size_entry);
}

GtkEditable *
_assay_sample_dialog_get_seed_entry (AssaySampleDialog *self)
{
  return GTK_EDITABLE (self->seed_entry);
}

GtkSwitch *
_assay_sample_dialog_get_stratum_switch (AssaySampleDialog *self,
                                         const char        *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (strata_fields); i++)
    {
      if (g_strcmp0 (strata_fields[i].field, field) == 0)
        return self->stratum_switches[i];
    }

  return NULL;
}

GtkSpinButton *
_assay_sample_dialog_get_minimum_spin (AssaySampleDialog *self)
{
  return self->minimum_spin;
}

GtkSwitch *
_assay_sample_dialog_get_in_care_switch (AssaySampleDialog *self)
{
  return self->in_care_switch;
}

AdwComboRow *
_assay_sample_dialog_get_plan_type_row (AssaySampleDialog *self)
{
  return self->plan_type_row;
}

GtkListBox *
_assay_sample_dialog_get_strata_list (AssaySampleDialog *self)
{
  return self->strata_list;
}

GtkLabel *
_assay_sample_dialog_get_size_label (AssaySampleDialog *self)
{
  return self->size_label;
}

GtkLabel *
_assay_sample_dialog_get_rule_label (AssaySampleDialog *self)
{
  return self->rule_label;
}

GtkLabel *
_assay_sample_dialog_get_error_label (AssaySampleDialog *self)
{
  return self->error_label;
}

const AssaySample *
_assay_sample_dialog_get_preview (AssaySampleDialog *self)
{
  return self->preview;
}
