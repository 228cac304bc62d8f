/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-provision-line-row"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "assay-provision-line-row.h"
#include "assay-text-autosave.h"

/* As for evidence notes: a revision per pause in typing, not per key. */
#define NOTE_SAVE_DELAY_MS 700

typedef enum
{
  NOTE_OBSERVED,
  NOTE_STAFF,
  NOTE_EVIDENCE,
  N_NOTES
} Note;

static const char * const note_fields[N_NOTES] = {
  ASSAY_LINE_OBSERVED,
  ASSAY_LINE_STAFF,
  ASSAY_LINE_EVIDENCE,
};

/* The buttons in the order they are read, yes to no. */
static const AssayDelivered button_values[] = {
  ASSAY_DELIVERED_YES,
  ASSAY_DELIVERED_PARTLY,
  ASSAY_DELIVERED_NO,
};

#define N_BUTTONS G_N_ELEMENTS (button_values)

typedef struct
{
  AssayProvisionLineRow *row;
  AssayTextAutosave      autosave;
} NoteField;

struct _AssayProvisionLineRow
{
  AdwExpanderRow   parent_instance;

  /* Template widgets */
  GtkLabel        *number_label;
  GtkWidget       *delivery_box;
  GtkToggleButton *yes_button;
  GtkToggleButton *partly_button;
  GtkToggleButton *no_button;
  GtkTextView     *observed_view;
  GtkTextView     *staff_view;
  GtkTextView     *evidence_view;
  GtkWidget       *remove_button;

  GtkToggleButton *buttons[N_BUTTONS];
  NoteField        notes[N_NOTES];

  char            *id;
  AssayDelivered   delivered;
  gboolean         syncing;
};

G_DEFINE_FINAL_TYPE (AssayProvisionLineRow, assay_provision_line_row, ADW_TYPE_EXPANDER_ROW)

static void
save_note (AssayTextAutosave *autosave,
           gpointer           user_data)
{
  NoteField *note = user_data;
  AssayProvisionLineRow *self = note->row;
  g_autofree char *text = NULL;

  if (self->id == NULL)
    return;

  text = assay_text_autosave_take_text (autosave);
  gtk_widget_activate_action (GTK_WIDGET (self), "lines.set-text", "(sss)", self->id,
                              note_fields[note - self->notes], text);
}

void
assay_provision_line_row_flush (AssayProvisionLineRow *self)
{
  g_return_if_fail (ASSAY_IS_PROVISION_LINE_ROW (self));

  for (guint i = 0; i < N_NOTES; i++)
    assay_text_autosave_flush (&self->notes[i].autosave);
}

/* The stored delivery, shown by the pressed button; none pressed while
 * nothing is recorded. */
static void
sync_buttons (AssayProvisionLineRow *self)
{
  self->syncing = TRUE;

  for (guint i = 0; i < N_BUTTONS; i++)
    gtk_toggle_button_set_active (self->buttons[i], button_values[i] == self->delivered);

  /* In a group one button always stays down: with nothing recorded, none should. */
  if (self->delivered == ASSAY_DELIVERED_UNSET)
    for (guint i = 0; i < N_BUTTONS; i++)
      gtk_toggle_button_set_active (self->buttons[i], FALSE);

  self->syncing = FALSE;
}

static void
choose (AssayProvisionLineRow *self,
        AssayDelivered         delivered)
{
  if (self->id == NULL)
    return;

  /* Whoever saves it updates the row, or puts it back if it is refused. */
  gtk_widget_activate_action (GTK_WIDGET (self), "lines.set-delivered", "(ss)", self->id,
                              assay_delivered_to_token (delivered));
}

static void
on_delivery_toggled (AssayProvisionLineRow *self,
                     GtkToggleButton       *button)
{
  if (self->syncing || !gtk_toggle_button_get_active (button))
    return;

  for (guint i = 0; i < N_BUTTONS; i++)
    if (self->buttons[i] == button)
      {
        choose (self, button_values[i]);
        return;
      }
}

static gboolean
focus_within (AssayProvisionLineRow *self,
              GtkWidget             *widget)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
on_key_pressed (AssayProvisionLineRow *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  AssayDelivered delivered;

  /* Letters belong to the notes and the add row: only on the buttons */
  if ((mods & ~GDK_SHIFT_MASK) != 0 || !focus_within (self, self->delivery_box))
    return FALSE;

  switch (gdk_keyval_to_lower (keyval))
    {
    case GDK_KEY_y:
      delivered = ASSAY_DELIVERED_YES;
      break;
    case GDK_KEY_p:
      delivered = ASSAY_DELIVERED_PARTLY;
      break;
    case GDK_KEY_n:
      delivered = ASSAY_DELIVERED_NO;
      break;
    default:
      return FALSE;
    }

  /* A read-only audit still takes the key, so it reaches nothing else. */
  if (gtk_widget_is_sensitive (self->delivery_box))
    choose (self, delivered);

  return TRUE;
}

static void
assay_provision_line_row_dispose (GObject *object)
{
  AssayProvisionLineRow *self = ASSAY_PROVISION_LINE_ROW (object);

  /* The lines widget flushes every row before it lets go of it; a timer
   * must not outlive the row it would save. */
  for (guint i = 0; i < N_NOTES; i++)
    assay_text_autosave_cancel (&self->notes[i].autosave);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_PROVISION_LINE_ROW);

  G_OBJECT_CLASS (assay_provision_line_row_parent_class)->dispose (object);
}

static void
assay_provision_line_row_finalize (GObject *object)
{
  AssayProvisionLineRow *self = ASSAY_PROVISION_LINE_ROW (object);

  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (assay_provision_line_row_parent_class)->finalize (object);
}

static void
assay_provision_line_row_class_init (AssayProvisionLineRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_provision_line_row_dispose;
  object_class->finalize = assay_provision_line_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-provision-line-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayProvisionLineRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, AssayProvisionLineRow, delivery_box);
  gtk_widget_class_bind_template_child (widget_class, AssayProvisionLineRow, yes_button);
  gtk_widget_class_bind_template_child (widget_class, AssayProvisionLineRow, partly_button);
  gtk_widget_class_bind_template_child (widget_class, AssayProvisionLineRow, no_button);
  gtk_widget_class_bind_template_child (widget_class, AssayProvisionLineRow, observed_view);
  gtk_widget_class_bind_template_child (widget_class, AssayProvisionLineRow, staff_view);
  gtk_widget_class_bind_template_child (widget_class, AssayProvisionLineRow, evidence_view);
  gtk_widget_class_bind_template_child (widget_class, AssayProvisionLineRow, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, on_delivery_toggled);
}

static void
assay_provision_line_row_init (AssayProvisionLineRow *self)
{
  GtkEventController *controller;
  GtkTextView *views[N_NOTES];

  gtk_widget_init_template (GTK_WIDGET (self));

  self->buttons[0] = self->yes_button;
  self->buttons[1] = self->partly_button;
  self->buttons[2] = self->no_button;
  for (guint i = 1; i < N_BUTTONS; i++)
    gtk_toggle_button_set_group (self->buttons[i], self->buttons[0]);
  /* Told before the first toggle; not in the .ui, as assay-grade-buttons.c
   * explains */
  for (guint i = 0; i < N_BUTTONS; i++)
    gtk_accessible_update_state (GTK_ACCESSIBLE (self->buttons[i]),
                                 GTK_ACCESSIBLE_STATE_PRESSED, GTK_ACCESSIBLE_TRISTATE_FALSE,
                                 -1);

  views[NOTE_OBSERVED] = self->observed_view;
  views[NOTE_STAFF] = self->staff_view;
  views[NOTE_EVIDENCE] = self->evidence_view;
  for (guint i = 0; i < N_NOTES; i++)
    {
      NoteField *note = &self->notes[i];

      note->row = self;
      assay_text_autosave_init (&note->autosave, views[i], NOTE_SAVE_DELAY_MS, save_note, note);
    }

  /* Capture: the letter must choose before the focused button sees it. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  sync_buttons (self);
}

GtkWidget *
assay_provision_line_row_new (void)
{
  return g_object_new (ASSAY_TYPE_PROVISION_LINE_ROW, NULL);
}

const char *
assay_provision_line_row_get_id (AssayProvisionLineRow *self)
{
  g_return_val_if_fail (ASSAY_IS_PROVISION_LINE_ROW (self), NULL);

  return self->id;
}

/* The words a screen reader says for each part, with the line's number,
 * since every row has the same controls. */
static void
update_names (AssayProvisionLineRow *self,
              guint                  number)
{
  g_autofree char *group = NULL;
  g_autofree char *observed = NULL;
  g_autofree char *staff = NULL;
  g_autofree char *evidence = NULL;
  g_autofree char *remove = NULL;

  /* Translators: %u is a provision line's number */
  group = g_strdup_printf (_("Delivery of line %u"), number);
  /* Translators: %u is a provision line's number */
  observed = g_strdup_printf (_("Observed, line %u"), number);
  /* Translators: %u is a provision line's number */
  staff = g_strdup_printf (_("Staff, line %u"), number);
  /* Translators: %u is a provision line's number */
  evidence = g_strdup_printf (_("Evidence seen, line %u"), number);
  /* Translators: %u is a provision line's number */
  remove = g_strdup_printf (_("Remove line %u"), number);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->delivery_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, group,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Y, P or N choose yes, partly or no"),
                                  -1);
  /* Each name starts with the word on the button, as heard and as seen */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->yes_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Yes, delivered"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->partly_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Partly delivered"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->no_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("No, not delivered"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->observed_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, observed,
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->staff_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, staff,
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->evidence_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, evidence,
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove,
                                  -1);
}

/* Collapsed, the row still says what was seen: the first line of the
 * observation, or what is still to record. */
static void
update_subtitle (AssayProvisionLineRow *self,
                 const AssayAuditLine  *line)
{
  g_autofree char *first = NULL;

  if (line->observed != NULL && *line->observed != '\0')
    {
      const char *end = strchr (line->observed, '\n');

      first = end != NULL ? g_strndup (line->observed, end - line->observed)
                          : g_strdup (line->observed);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), first);
    }
  else if (line->delivered == ASSAY_DELIVERED_UNSET)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), _("Delivery not recorded yet"));
  else
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), "");
}

void
assay_provision_line_row_update (AssayProvisionLineRow *self,
                                 guint                  number,
                                 const AssayAuditLine  *line)
{
  const char *stored[N_NOTES];
  g_autofree char *number_text = NULL;

  g_return_if_fail (ASSAY_IS_PROVISION_LINE_ROW (self));
  g_return_if_fail (line != NULL && line->id != NULL);

  if (g_strcmp0 (self->id, line->id) != 0)
    {
      g_free (self->id);
      self->id = g_strdup (line->id);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "s", line->id);
    }

  number_text = g_strdup_printf ("%u", number);
  gtk_label_set_text (self->number_label, number_text);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), line->text != NULL ? line->text : "");
  update_subtitle (self, line);
  update_names (self, number);

  self->delivered = line->delivered;
  sync_buttons (self);

  stored[NOTE_OBSERVED] = line->observed;
  stored[NOTE_STAFF] = line->staff;
  stored[NOTE_EVIDENCE] = line->evidence;
  /* Words typed and not yet saved win over the stored note. */
  for (guint i = 0; i < N_NOTES; i++)
    assay_text_autosave_show (&self->notes[i].autosave, stored[i]);
}

void
assay_provision_line_row_set_editable (AssayProvisionLineRow *self,
                                       gboolean               editable)
{
  g_return_if_fail (ASSAY_IS_PROVISION_LINE_ROW (self));

  /* Insensitive, not hidden: a finished visit still shows what was found. */
  gtk_widget_set_sensitive (self->delivery_box, editable);
  for (guint i = 0; i < N_NOTES; i++)
    gtk_text_view_set_editable (self->notes[i].autosave.view, editable);
}

gboolean
assay_provision_line_row_focus_delivery (AssayProvisionLineRow *self)
{
  g_return_val_if_fail (ASSAY_IS_PROVISION_LINE_ROW (self), FALSE);

  /* Read-only: keep the place on the row itself. */
  if (!gtk_widget_is_sensitive (self->delivery_box))
    return gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);

  for (guint i = 0; i < N_BUTTONS; i++)
    if (button_values[i] == self->delivered)
      return gtk_widget_grab_focus (GTK_WIDGET (self->buttons[i]));

  return gtk_widget_grab_focus (GTK_WIDGET (self->buttons[0]));
}

GtkToggleButton *
_assay_provision_line_row_get_button (AssayProvisionLineRow *self,
                                      AssayDelivered         delivered)
{
  for (guint i = 0; i < N_BUTTONS; i++)
    if (button_values[i] == delivered)
      return self->buttons[i];

  g_return_val_if_reached (NULL);
}

GtkTextView *
_assay_provision_line_row_get_text_view (AssayProvisionLineRow *self,
                                         const char            *field)
{
  for (guint i = 0; i < N_NOTES; i++)
    if (g_strcmp0 (note_fields[i], field) == 0)
      return self->notes[i].autosave.view;

  g_return_val_if_reached (NULL);
}

GtkWidget *
_assay_provision_line_row_get_remove_button (AssayProvisionLineRow *self)
{
  return self->remove_button;
}
