/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-audit"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-audit-private.h"
#include "assay-json-util.h"

/*
 * An audit read from its summary (see assay-audit-index.h): what lists,
 * comparisons and reports read, without the evidence and free text. The
 * summary is a GVariant, read in place: no parsing, a few pointers into the
 * decrypted bytes. Anything it does not hold makes the audit read its
 * whole revision first (_assay_audit_ensure_loaded()).
 *
 * Lists of strings are byte strings of NUL-terminated strings, read with
 * one pass and one allocation each (a GVariant string array costs a child
 * value per string); strings that may be absent are kept as "" with a bit
 * in a mask.
 */

/* strings, null mask, blind, grade criteria, grades, line ids, deliveries,
 * actions' what, owner and due */
#define SUMMARY_TYPE "(aytbayayayayayayay)"

static const char * const string_members[] = {
  [ASSAY_AUDIT_MEMBER_KIND] = "kind",
  [ASSAY_AUDIT_MEMBER_CASE] = "case",
  [ASSAY_AUDIT_MEMBER_FRAMEWORK] = "framework",
  [ASSAY_AUDIT_MEMBER_FRAMEWORK_VERSION] = "framework_version",
  [ASSAY_AUDIT_MEMBER_FRAMEWORK_DIGEST] = "framework_digest",
  [ASSAY_AUDIT_MEMBER_MODERATOR] = "moderator",
  [ASSAY_AUDIT_MEMBER_MODERATOR_ID] = "moderator_id",
  [ASSAY_AUDIT_MEMBER_AGENCY] = "agency",
  [ASSAY_AUDIT_MEMBER_STATUS] = "status",
  [ASSAY_AUDIT_MEMBER_CREATED] = "created",
  [ASSAY_AUDIT_MEMBER_UPDATED] = "updated",
  [ASSAY_AUDIT_MEMBER_FINISHED] = "finished",
  /* in "overall" */
  [ASSAY_AUDIT_MEMBER_FINAL] = "final",
  [ASSAY_AUDIT_MEMBER_REASON] = "reason",
  [ASSAY_AUDIT_MEMBER_DERIVED] = "derived",
};

G_STATIC_ASSERT (G_N_ELEMENTS (string_members) == ASSAY_AUDIT_N_MEMBERS);

struct _AssayAuditLight
{
  GVariant     *summary;
  const char   *strings[ASSAY_AUDIT_N_MEMBERS];
  gboolean      blind;
  const char  **criteria;      /* sorted, as written */
  const guint8 *grades;
  gsize         n_grades;
  const char  **line_ids;
  const guint8 *deliveries;
  gsize         n_lines;
  const char  **action_what;
  const char  **action_owner;
  const char  **action_due;
  gsize         n_actions;
};

void
_assay_audit_light_free (AssayAuditLight *light)
{
  g_free (light->criteria);
  g_free (light->line_ids);
  g_free (light->action_what);
  g_free (light->action_owner);
  g_free (light->action_due);
  g_clear_pointer (&light->summary, g_variant_unref);
  g_free (light);
}

static JsonObject *
overall_object (JsonObject *root)
{
  JsonNode *node = json_object_get_member (root, "overall");

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
_assay_audit_light_get_string (AssayAuditLight  *light,
                               AssayAuditMember  member)
{
  g_assert (member < ASSAY_AUDIT_N_MEMBERS);
  return light->strings[member];
}

const char *
_assay_audit_member (AssayAudit       *self,
                     AssayAuditMember  member)
{
  JsonObject *root;

  g_assert (member < ASSAY_AUDIT_N_MEMBERS);

  if (self->root == NULL && self->light != NULL)
    return self->light->strings[member];

  root = _assay_audit_root_object (self);
  if (member >= ASSAY_AUDIT_MEMBER_FINAL)
    root = overall_object (root);

  return root != NULL ? assay_json_get_string (root, string_members[member]) : NULL;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

typedef struct
{
  const char *id;
  guint8      value;
} Entry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (((const Entry *) a)->id, ((const Entry *) b)->id);
}

/* NUL-terminated, "" for NULL (the mask, or the reader, says which). */
static void
put_string (GByteArray *array,
            const char *text)
{
  if (text == NULL)
    text = "";
  g_byte_array_append (array, (const guint8 *) text, strlen (text) + 1);
}

static GVariant *
bytes_value (GByteArray *array)
{
  return g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, array->data, array->len, 1);
}

/* The strings of a byte string written by put_string(), or NULL when it
 * does not end in a NUL (not a summary Assay wrote). @n_strings says how
 * many, unless it is given (-1: as many as there are). */
static const char **
read_strings (GVariant *value,
              gsize    *n_strings)
{
  gsize len, n = 0;
  const char *data = g_variant_get_fixed_array (value, &len, 1);
  const char **strings;

  if (len > 0 && data[len - 1] != '\0')
    return NULL;

  for (gsize i = 0; i < len; i++)
    n += data[i] == '\0';
  strings = g_new (const char *, n + 1);
  for (gsize i = 0, at = 0; i < n; i++)
    {
      strings[i] = data + at;
      at += strlen (data + at) + 1;
    }
  strings[n] = NULL;
  *n_strings = n;

  return strings;
}

GVariant *
_assay_audit_light_build (AssayAudit *self)
{
  JsonObject *root = _assay_audit_root_object (self);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autoptr(GByteArray) strings = g_byte_array_new ();
  g_autoptr(GByteArray) criteria = g_byte_array_new ();
  g_autoptr(GByteArray) grades = g_byte_array_new ();
  g_autoptr(GByteArray) line_ids = g_byte_array_new ();
  g_autoptr(GByteArray) deliveries = g_byte_array_new ();
  g_autoptr(GByteArray) what = g_byte_array_new ();
  g_autoptr(GByteArray) owner = g_byte_array_new ();
  g_autoptr(GByteArray) due = g_byte_array_new ();
  guint64 nulls = 0;
  JsonNode *node;

  for (guint i = 0; i < ASSAY_AUDIT_N_MEMBERS; i++)
    {
      const char *value = _assay_audit_member (self, i);

      if (value == NULL)
        nulls |= G_GUINT64_CONSTANT (1) << i;
      put_string (strings, value);
    }

  node = json_object_get_member (root, "grades");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      for (const GList *l = members; l != NULL; l = l->next)
        {
          Entry entry = { l->data, assay_audit_get_grade (self, l->data, NULL) };

          if (entry.value != ASSAY_GRADE_NONE)
            g_array_append_val (entries, entry);
        }
    }
  g_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      put_string (criteria, g_array_index (entries, Entry, i).id);
      g_byte_array_append (grades, &g_array_index (entries, Entry, i).value, 1);
    }

  for (guint i = 0; i < assay_audit_get_n_lines (self); i++)
    {
      AssayAuditLine line;
      guint8 delivered;

      assay_audit_get_line (self, i, &line);
      put_string (line_ids, line.id);
      delivered = (guint8) line.delivered;
      g_byte_array_append (deliveries, &delivered, 1);
    }

  for (guint i = 0; i < assay_audit_get_n_actions (self); i++)
    {
      const char *action_what, *action_owner, *action_due;

      assay_audit_get_action (self, i, &action_what, &action_owner, &action_due);
      put_string (what, action_what);
      put_string (owner, action_owner);
      put_string (due, action_due);
    }

  return g_variant_ref_sink (g_variant_new ("(@aytb@ay@ay@ay@ay@ay@ay@ay)",
                                            bytes_value (strings), nulls,
                                            assay_audit_get_blind (self),
                                            bytes_value (criteria), bytes_value (grades),
                                            bytes_value (line_ids), bytes_value (deliveries),
                                            bytes_value (what), bytes_value (owner),
                                            bytes_value (due)));
}

static const char *
empty_as_null (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

AssayAuditLight *
_assay_audit_light_new (GBytes  *bytes,
                        GError **error)
{
  g_autoptr(GVariant) strings = NULL, criteria = NULL, grades = NULL;
  g_autoptr(GVariant) line_ids = NULL, deliveries = NULL;
  g_autoptr(GVariant) what = NULL, owner = NULL, due = NULL;
  g_autofree const char **values = NULL;
  AssayAuditLight *light;
  guint64 nulls;
  gsize n_strings = 0, n, n_owner = 0, n_due = 0;

  light = g_new0 (AssayAuditLight, 1);
  /* Untrusted: the bytes authenticated, but a summary written by another
   * version of Assay must not be read past its end. Byte strings read from
   * it point into @bytes, which the summary keeps. */
  light->summary = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (SUMMARY_TYPE),
                                                                 bytes, FALSE));
  g_variant_get (light->summary, "(@aytb@ay@ay@ay@ay@ay@ay@ay)",
                 &strings, &nulls, &light->blind, &criteria, &grades, &line_ids, &deliveries,
                 &what, &owner, &due);

  values = read_strings (strings, &n_strings);
  light->criteria = read_strings (criteria, &light->n_grades);
  light->line_ids = read_strings (line_ids, &light->n_lines);
  light->action_what = read_strings (what, &light->n_actions);
  light->action_owner = read_strings (owner, &n_owner);
  light->action_due = read_strings (due, &n_due);
  if (values == NULL || n_strings != ASSAY_AUDIT_N_MEMBERS || light->criteria == NULL ||
      light->line_ids == NULL || light->action_what == NULL || light->action_owner == NULL ||
      light->action_due == NULL)
    {
      g_set_error_literal (error, ASSAY_AUDIT_ERROR, ASSAY_AUDIT_ERROR_DAMAGED,
                           _("An audit’s summary cannot be read"));
      _assay_audit_light_free (light);
      return NULL;
    }

  for (guint i = 0; i < ASSAY_AUDIT_N_MEMBERS; i++)
    light->strings[i] = (nulls & (G_GUINT64_CONSTANT (1) << i)) ? NULL : values[i];

  /* Parallel arrays of unequal length would be another program's doing:
   * read only as far as both go. */
  light->grades = g_variant_get_fixed_array (grades, &n, 1);
  light->n_grades = MIN (light->n_grades, n);
  light->deliveries = g_variant_get_fixed_array (deliveries, &n, 1);
  light->n_lines = MIN (light->n_lines, n);
  light->n_actions = MIN (light->n_actions, MIN (n_owner, n_due));

  return light;
}

AssayGrade
_assay_audit_light_grade (AssayAuditLight *light,
                          const char      *criterion)
{
  const char **found;
  guint8 value;

  if (criterion == NULL)
    return ASSAY_GRADE_NONE;

  found = bsearch (&criterion, light->criteria, light->n_grades, sizeof (char *), compare_ids);
  if (found == NULL)
    return ASSAY_GRADE_NONE;

  value = light->grades[found - light->criteria];

  return value <= ASSAY_GRADE_NA ? (AssayGrade) value : ASSAY_GRADE_NONE;
}

gboolean
_assay_audit_light_get_blind (AssayAuditLight *light)
{
  return light->blind;
}

void
_assay_audit_light_fill_grades (AssayAuditLight *light,
                                GHashTable      *grades)
{
  for (gsize i = 0; i < light->n_grades; i++)
    if (light->grades[i] > ASSAY_GRADE_NONE && light->grades[i] <= ASSAY_GRADE_NA)
      g_hash_table_insert (grades, (gpointer) light->criteria[i],
                           GUINT_TO_POINTER (light->grades[i]));
}

guint
_assay_audit_light_fill_lines (AssayAuditLight  *light,
                               AssayGradingLine *lines)
{
  for (gsize i = 0; i < light->n_lines; i++)
    {
      lines[i].id = empty_as_null (light->line_ids[i]);
      lines[i].delivered = light->deliveries[i] <= ASSAY_DELIVERED_NO
                           ? (AssayDelivered) light->deliveries[i] : ASSAY_DELIVERED_UNSET;
    }

  return (guint) light->n_lines;
}

guint
_assay_audit_light_get_n_lines (AssayAuditLight *light)
{
  return (guint) light->n_lines;
}

guint
_assay_audit_light_get_n_actions (AssayAuditLight *light)
{
  return (guint) light->n_actions;
}

gboolean
_assay_audit_light_get_action (AssayAuditLight  *light,
                               guint             index,
                               const char      **what,
                               const char      **owner,
                               const char      **due)
{
  gboolean found = index < light->n_actions;

  if (what != NULL)
    *what = found ? light->action_what[index] : NULL;
  if (owner != NULL)
    *owner = found ? empty_as_null (light->action_owner[index]) : NULL;
  if (due != NULL)
    *due = found ? empty_as_null (light->action_due[index]) : NULL;

  return found;
}
