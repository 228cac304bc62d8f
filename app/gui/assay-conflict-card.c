/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-conflict-card"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-agreed-grade.h"
#include "assay-audit.h"
#include "assay-conflict-card.h"
#include "assay-grade-buttons.h"
#include "assay-grade-label.h"

/* Where audits are stored (assay-audit-private.h, not for the GUI) */
#define AUDITS_COLLECTION "audits"

struct _AssayConflictCard
{
  AdwBin     parent_instance;

  /* Template widgets */
  GtkLabel  *title_label;
  GtkLabel  *authors_label;
  GtkLabel  *ref_label;
  GtkGrid   *sides_grid;
  GtkLabel  *criterion_header;
  GtkLabel  *mine_header;
  GtkLabel  *theirs_header;
  GtkLabel  *same_label;
  GtkWidget *keep_mine_button;
  GtkWidget *keep_theirs_button;
  GtkWidget *keep_both_button;

  char      *ref;
  guint      n_rows;      /* of sides_grid, the headers included */
};

G_DEFINE_FINAL_TYPE (AssayConflictCard, assay_conflict_card, ADW_TYPE_BIN)

enum {
  KEEP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The record's JSON object; NULL when it is not one (then only the
 * description is shown) */
static JsonNode *
parse_payload (const AssayRecord *record)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *text;
  gsize len;

  if (record == NULL || record->payload == NULL)
    return NULL;

  text = assay_record_get_text (record, &len);
  if (text == NULL || !json_parser_load_from_data (parser, text, len, NULL))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  return json_node_copy (json_parser_get_root (parser));
}

static const char *
member_string (JsonNode   *node,
               const char *member)
{
  JsonNode *value;

  if (node == NULL)
    return NULL;

  value = json_object_get_member (json_node_get_object (node), member);

  return value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
         json_node_get_value_type (value) == G_TYPE_STRING ? json_node_get_string (value) : NULL;
}

static JsonObject *
member_object (JsonNode   *node,
               const char *member)
{
  JsonNode *value;

  if (node == NULL)
    return NULL;

  value = json_object_get_member (json_node_get_object (node), member);

  return value != NULL && JSON_NODE_HOLDS_OBJECT (value) ? json_node_get_object (value) : NULL;
}

/* One criterion's grade and evidence in a "grades" object */
static AssayGrade
grade_of (JsonObject  *grades,
          const char  *criterion,
          const char **evidence)
{
  JsonNode *entry = grades != NULL ? json_object_get_member (grades, criterion) : NULL;
  JsonObject *object;
  JsonNode *value;
  AssayGrade grade = ASSAY_GRADE_NONE;

  *evidence = NULL;
  if (entry == NULL || !JSON_NODE_HOLDS_OBJECT (entry))
    return ASSAY_GRADE_NONE;

  object = json_node_get_object (entry);
  value = json_object_get_member (object, "evidence");
  if (value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
      json_node_get_value_type (value) == G_TYPE_STRING)
    *evidence = json_node_get_string (value);
  value = json_object_get_member (object, "grade");
  if (value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
      json_node_get_value_type (value) == G_TYPE_STRING)
    assay_grade_from_token (json_node_get_string (value), &grade);

  return grade;
}

static GtkWidget *
cell_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  /* Measured no narrower than shown, so that wrapped text is not
   * counted taller than it is */
  gtk_label_set_width_chars (GTK_LABEL (label), 24);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static void
add_row (AssayConflictCard *self,
         GtkWidget         *what,
         GtkWidget         *mine,
         GtkWidget         *theirs)
{
  gtk_widget_set_valign (what, GTK_ALIGN_START);
  gtk_widget_set_valign (mine, GTK_ALIGN_START);
  gtk_widget_set_valign (theirs, GTK_ALIGN_START);
  gtk_grid_attach (self->sides_grid, what, 0, self->n_rows, 1, 1);
  gtk_grid_attach (self->sides_grid, mine, 1, self->n_rows, 1, 1);
  gtk_grid_attach (self->sides_grid, theirs, 2, self->n_rows, 1, 1);
  self->n_rows++;
}

static void
add_text_row (AssayConflictCard *self,
              const char        *what,
              const char        *mine,
              const char        *theirs)
{
  add_row (self, cell_label (what, "caption-heading"),
           cell_label (mine != NULL ? mine : "—", NULL),
           cell_label (theirs != NULL ? theirs : "—", NULL));
}

static GtkWidget *
grade_cell (AssayFramework *framework,
            AssayGrade      grade,
            const char     *evidence)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *pill = gtk_label_new (assay_grade_label_for_checklist (framework, grade));

  gtk_widget_set_halign (pill, GTK_ALIGN_START);
  gtk_widget_add_css_class (pill, "grade-pill");
  gtk_widget_add_css_class (pill, "small");
  gtk_widget_add_css_class (pill, assay_grade_get_css_class (grade));
  gtk_box_append (GTK_BOX (box), pill);
  if (evidence != NULL && *evidence != '\0')
    gtk_box_append (GTK_BOX (box), cell_label (evidence, "caption"));

  return box;
}

static GtkWidget *
criterion_cell (const char           *id,
                const AssayCriterion *criterion)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_box_append (GTK_BOX (box), cell_label (id, "caption-heading"));
  if (criterion != NULL && criterion->text != NULL)
    gtk_box_append (GTK_BOX (box), cell_label (criterion->text, "caption"));

  return box;
}

static void
add_criterion (AssayConflictCard    *self,
               AssayFramework       *framework,
               const char           *id,
               const AssayCriterion *criterion,
               JsonObject           *mine,
               JsonObject           *theirs,
               guint                *n_same)
{
  const char *mine_evidence, *theirs_evidence;
  AssayGrade mine_grade = grade_of (mine, id, &mine_evidence);
  AssayGrade theirs_grade = grade_of (theirs, id, &theirs_evidence);

  /* What both versions say alike is not what the user chooses between */
  if (mine_grade == theirs_grade && g_strcmp0 (mine_evidence, theirs_evidence) == 0)
    {
      (*n_same)++;
      return;
    }

  add_row (self, criterion_cell (id, criterion),
           grade_cell (framework, mine_grade, mine_evidence),
           grade_cell (framework, theirs_grade, theirs_evidence));
}

static const char *
status_text (const char *status)
{
  if (g_strcmp0 (status, "finished") == 0)
    return C_("audit status", "Finished");
  if (g_strcmp0 (status, "draft") == 0)
    return C_("audit status", "In progress");

  return status;
}

/* What the audit's author last did to it and why: "Reopened: new advice" */
static char *
last_event (JsonNode *node)
{
  JsonNode *events = node != NULL ? json_object_get_member (json_node_get_object (node), "events")
                                  : NULL;
  JsonArray *array;
  JsonNode *last;
  const char *event, *reason;

  if (events == NULL || !JSON_NODE_HOLDS_ARRAY (events))
    return NULL;
  array = json_node_get_array (events);
  if (json_array_get_length (array) == 0)
    return NULL;
  last = json_array_get_element (array, json_array_get_length (array) - 1);
  if (!JSON_NODE_HOLDS_OBJECT (last))
    return NULL;

  event = member_string (last, "event");
  reason = member_string (last, "reason");
  if (g_strcmp0 (event, "reopened") == 0)
    event = C_("audit event", "Reopened");
  else if (g_strcmp0 (event, "finished") == 0)
    event = C_("audit event", "Finished");
  if (event == NULL)
    return NULL;

  /* Translators: what was done to an audit, then why */
  return reason != NULL ? g_strdup_printf (_("%s: %s"), event, reason) : g_strdup (event);
}

static void
fill_audit (AssayConflictCard *self,
            JsonNode          *mine,
            JsonNode          *theirs,
            AssayFrameworks   *frameworks,
            gboolean           hidden)
{
  g_autoptr(AssayFramework) framework = NULL;
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) extra = NULL;
  JsonObject *mine_grades = member_object (mine, "grades");
  JsonObject *theirs_grades = member_object (theirs, "grades");
  JsonNode *either = mine != NULL ? mine : theirs;
  guint n_same = 0;

  if (g_strcmp0 (member_string (mine, "status"), member_string (theirs, "status")) != 0)
    add_text_row (self, _("Status"), status_text (member_string (mine, "status")),
                  status_text (member_string (theirs, "status")));

  if (hidden)
    {
      /* An override's reason may say the grade too */
      gtk_label_set_text (self->same_label, _("Hidden until both blind audits are finished"));
      gtk_widget_set_visible (GTK_WIDGET (self->same_label), TRUE);
      return;
    }

  {
    g_autofree char *mine_event = last_event (mine);
    g_autofree char *theirs_event = last_event (theirs);

    if (g_strcmp0 (mine_event, theirs_event) != 0)
      add_text_row (self, _("Last change"), mine_event, theirs_event);
  }

  if (frameworks != NULL && member_string (either, "framework") != NULL)
    framework = assay_frameworks_lookup_exact (frameworks, member_string (either, "framework"),
                                               member_string (either, "framework_version"),
                                               member_string (either, "framework_digest"), NULL);

  /* In the framework's order, with its words; then whatever it does not
   * know (a framework not installed here), by id */
  for (guint s = 0; framework != NULL && s < assay_framework_get_n_sections (framework); s++)
    {
      const AssaySection *section = assay_framework_get_section (framework, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const AssayCriterion *criterion = section->criteria->pdata[c];

          g_hash_table_add (shown, criterion->id);
          add_criterion (self, framework, criterion->id, criterion, mine_grades, theirs_grades,
                         &n_same);
        }
    }

  for (guint side = 0; side < 2; side++)
    {
      JsonObject *grades = side == 0 ? mine_grades : theirs_grades;
      g_autoptr(GList) members = grades != NULL ? json_object_get_members (grades) : NULL;

      for (GList *l = members; l != NULL; l = l->next)
        if (!g_hash_table_contains (shown, l->data))
          {
            g_hash_table_add (shown, l->data);
            extra = g_list_prepend (extra, l->data);
          }
    }
  extra = g_list_sort (extra, (GCompareFunc) g_strcmp0);
  for (GList *l = extra; l != NULL; l = l->next)
    add_criterion (self, framework, l->data, NULL, mine_grades, theirs_grades, &n_same);

  if (n_same > 0)
    {
      g_autofree char *text = NULL;

      if (self->n_rows > 1)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u other criterion is graded alike in both.",
                                             "%u other criteria are graded alike in both.",
                                             n_same),
                                n_same);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The %u criterion is graded alike in both.",
                                             "All %u criteria are graded alike in both.",
                                             n_same),
                                n_same);
      gtk_label_set_text (self->same_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->same_label), TRUE);
    }
}

static void
fill_agreement (AssayConflictCard *self,
                JsonNode          *mine,
                JsonNode          *theirs)
{
  AssayGrade mine_grade = ASSAY_GRADE_NONE, theirs_grade = ASSAY_GRADE_NONE;

  assay_grade_from_token (member_string (mine, "grade"), &mine_grade);
  assay_grade_from_token (member_string (theirs, "grade"), &theirs_grade);

  add_row (self, cell_label (_("Agreed grade"), "caption-heading"),
           grade_cell (NULL, mine_grade, NULL), grade_cell (NULL, theirs_grade, NULL));
  add_text_row (self, _("Reason"), member_string (mine, "reason"),
                member_string (theirs, "reason"));
}

static char *
person (AssayContactNames *names,
        const char        *key)
{
  const char *name = key != NULL ? assay_contacts_display_name (names, key) : NULL;
  g_autofree char *fingerprint = NULL;

  if (name != NULL)
    return g_strdup (name);

  /* Nobody known here: what can be compared with them */
  fingerprint = assay_identity_fingerprint (key);
  /* Translators: %s is a fingerprint */
  return g_strdup_printf (_("someone unknown (%s)"), fingerprint != NULL ? fingerprint : "?");
}

/* "Audit of EHC-0042 by Ann Patel": core describes records mid-sentence */
static char *
capitalize (const char *text)
{
  g_autofree char *first = NULL;
  const char *rest;

  if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL))
    return g_strdup (text != NULL ? text : "");

  rest = g_utf8_next_char (text);
  first = g_utf8_strup (text, rest - text);

  return g_strconcat (first, rest, NULL);
}

static void
set_accessible (GtkWidget *button,
                char      *text)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  g_free (text);
}

GtkWidget *
assay_conflict_card_new (const AssayConflict *conflict,
                         AssayContactNames   *names,
                         const char          *own_identity,
                         AssayFrameworks     *frameworks,
                         gboolean             hidden)
{
  AssayConflictCard *self = g_object_new (ASSAY_TYPE_CONFLICT_CARD, NULL);
  g_autoptr(JsonNode) mine = parse_payload (conflict->local);
  g_autoptr(JsonNode) theirs = parse_payload (conflict->other);
  g_autofree char *title = capitalize (conflict->description);
  g_autofree char *local_author = person (names, conflict->local_author);
  g_autofree char *other_author = person (names, conflict->other_author);
  g_autofree char *authors = NULL;
  g_autofree char *mine_header = NULL;
  g_autofree char *theirs_header = NULL;
  g_autofree char *ref = NULL;
  gboolean agreement = g_strcmp0 (conflict->collection, ASSAY_AGREEMENTS_COLLECTION) == 0;
  gboolean audit = g_strcmp0 (conflict->collection, AUDITS_COLLECTION) == 0;

  self->ref = g_strdup (conflict->ref);
  gtk_label_set_text (self->title_label, title);

  if (g_strcmp0 (conflict->local_author, conflict->other_author) == 0 &&
      g_strcmp0 (conflict->other_author, own_identity) == 0)
    authors = g_strdup (_("Both versions are yours: the other was made with your identity on "
                          "another computer."));
  else if (g_strcmp0 (conflict->local_author, conflict->other_author) == 0)
    /* Translators: %s is a person's name */
    authors = g_strdup_printf (_("Both versions were made by %s, on two computers."),
                               local_author);
  else
    /* Translators: two people's names */
    authors = g_strdup_printf (_("This computer’s version is by %s; the other is by %s."),
                               local_author, other_author);
  gtk_label_set_text (self->authors_label, authors);

  /* Translators: %s names a conflict, as `assay-cli conflicts show` takes it */
  ref = g_strdup_printf (_("Conflict %s"), conflict->ref);
  gtk_label_set_text (self->ref_label, ref);

  /* Translators: %s is a person's name */
  mine_header = g_strdup_printf (_("This computer (%s)"), local_author);
  /* Translators: %s is a person's name */
  theirs_header = g_strdup_printf (_("The other version (%s)"), other_author);
  gtk_label_set_text (self->mine_header, mine_header);
  gtk_label_set_text (self->theirs_header, theirs_header);

  if (audit)
    fill_audit (self, mine, theirs, frameworks, hidden);
  else if (agreement)
    {
      gtk_label_set_text (self->criterion_header, "");
      fill_agreement (self, mine, theirs);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->sides_grid), self->n_rows > 1);

  /* Two chairs may each have agreed a grade: both can stand */
  gtk_widget_set_visible (self->keep_both_button, agreement);

  /* Translators: %s describes a record, e.g. "audit of EHC-0042 by Ann Patel" */
  set_accessible (self->keep_mine_button,
                  g_strdup_printf (_("Keep this computer’s version of the %s"),
                                   conflict->description));
  set_accessible (self->keep_theirs_button,
                  g_strdup_printf (_("Keep the other version of the %s"),
                                   conflict->description));
  set_accessible (self->keep_both_button,
                  g_strdup_printf (_("Keep both versions of the %s"), conflict->description));

  return GTK_WIDGET (self);
}

const char *
assay_conflict_card_get_ref (AssayConflictCard *self)
{
  g_return_val_if_fail (ASSAY_IS_CONFLICT_CARD (self), NULL);

  return self->ref;
}

static void
keep_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  const char *which = g_variant_get_string (param, NULL);
  AssayConflictKeep keep;

  if (g_str_equal (which, "mine"))
    keep = ASSAY_CONFLICT_KEEP_MINE;
  else if (g_str_equal (which, "theirs"))
    keep = ASSAY_CONFLICT_KEEP_THEIRS;
  else if (g_str_equal (which, "both"))
    keep = ASSAY_CONFLICT_KEEP_BOTH;
  else
    return;

  g_signal_emit (widget, signals[KEEP], 0, (guint) keep);
}

static void
assay_conflict_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ASSAY_TYPE_CONFLICT_CARD);

  G_OBJECT_CLASS (assay_conflict_card_parent_class)->dispose (object);
}

static void
assay_conflict_card_finalize (GObject *object)
{
  AssayConflictCard *self = ASSAY_CONFLICT_CARD (object);

  g_clear_pointer (&self->ref, g_free);

  G_OBJECT_CLASS (assay_conflict_card_parent_class)->finalize (object);
}

static void
assay_conflict_card_class_init (AssayConflictCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = assay_conflict_card_dispose;
  object_class->finalize = assay_conflict_card_finalize;

  /* The version chosen, an AssayConflictKeep */
  signals[KEEP] = g_signal_new ("keep", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/maqa/Assay/ui/assay-conflict-card.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayConflictCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, AssayConflictCard, authors_label);
  gtk_widget_class_bind_template_child (widget_class, AssayConflictCard, ref_label);
  gtk_widget_class_bind_template_child (widget_class, AssayConflictCard, sides_grid);
  gtk_widget_class_bind_template_child (widget_class, AssayConflictCard, criterion_header);
  gtk_widget_class_bind_template_child (widget_class, AssayConflictCard, mine_header);
  gtk_widget_class_bind_template_child (widget_class, AssayConflictCard, theirs_header);
  gtk_widget_class_bind_template_child (widget_class, AssayConflictCard, same_label);
  gtk_widget_class_bind_template_child (widget_class, AssayConflictCard, keep_mine_button);
  gtk_widget_class_bind_template_child (widget_class, AssayConflictCard, keep_theirs_button);
  gtk_widget_class_bind_template_child (widget_class, AssayConflictCard, keep_both_button);

  gtk_widget_class_install_action (widget_class, "conflict.keep", "s", keep_action);
}

static void
assay_conflict_card_init (AssayConflictCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->n_rows = 1;
}
