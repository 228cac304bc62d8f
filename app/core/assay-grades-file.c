/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-grades-file"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "assay-csv.h"
#include "assay-file-read.h"
#include "assay-grades-file.h"
#include "assay-json-util.h"

G_DEFINE_QUARK (assay-grades-file-error-quark, assay_grades_file_error)

struct _AssayGradesFile
{
  char      *path;      /* for display */
  GArray    *entries;   /* of AssayGradeEntry, pointing into strings */
  GPtrArray *strings;   /* owns the entries' text */
  GPtrArray *places;    /* "line 3", "item 2": where each entry is */
};

void
assay_grades_file_free (AssayGradesFile *file)
{
  if (file == NULL)
    return;

  g_free (file->path);
  g_clear_pointer (&file->entries, g_array_unref);
  g_clear_pointer (&file->strings, g_ptr_array_unref);
  g_clear_pointer (&file->places, g_ptr_array_unref);
  g_free (file);
}

const AssayGradeEntry *
assay_grades_file_get_entries (AssayGradesFile *file,
                               guint           *n_entries)
{
  g_return_val_if_fail (file != NULL, NULL);

  if (n_entries != NULL)
    *n_entries = file->entries->len;

  return (const AssayGradeEntry *) (gpointer) file->entries->data;
}

static const char *
keep (AssayGradesFile *file,
      const char      *text)
{
  char *copy;

  if (text == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (text));
  g_ptr_array_add (file->strings, copy);

  return copy;
}

/* Adds one entry found at @place, or fails naming the file and @place. */
static gboolean
add_entry (AssayGradesFile  *file,
           char             *place,
           const char       *criterion,
           const char       *grade_text,
           const char       *evidence,
           GError          **error)
{
  AssayGradeEntry entry = { NULL, ASSAY_GRADE_NONE, NULL };

  g_ptr_array_add (file->places, place);

  entry.criterion = keep (file, criterion);
  if (entry.criterion == NULL || *entry.criterion == '\0')
    {
      g_set_error (error, ASSAY_GRADES_FILE_ERROR, ASSAY_GRADES_FILE_ERROR_INVALID,
                   _("%s: %s: no criterion"), file->path, place);
      return FALSE;
    }

  if (grade_text == NULL || !assay_grade_from_token (keep (file, grade_text), &entry.grade))
    {
      g_set_error (error, ASSAY_GRADES_FILE_ERROR, ASSAY_GRADES_FILE_ERROR_INVALID,
                   _("%s: %s: “%s” is not a grade (use gold, silver, bronze, not-yet-bronze "
                     "or n/a)"),
                   file->path, place, grade_text != NULL ? grade_text : "");
      return FALSE;
    }

  /* An empty evidence cell leaves the evidence as it is */
  if (evidence != NULL && *evidence != '\0')
    entry.evidence = keep (file, evidence);

  g_array_append_val (file->entries, entry);

  return TRUE;
}

/* The header's column called @name, case and spaces aside, or -1 */
static int
find_column (const AssayCsvRecord *header,
             const char           *name)
{
  for (guint i = 0; i < header->n_fields; i++)
    {
      g_autofree char *field = g_strstrip (g_strdup (header->fields[i]));

      if (g_ascii_strcasecmp (field, name) == 0)
        return (int) i;
    }

  return -1;
}

static const char *
field_at (const AssayCsvRecord *record,
          int                   column)
{
  return column >= 0 && (guint) column < record->n_fields ? record->fields[column] : NULL;
}

static gboolean
read_csv (AssayGradesFile  *file,
          GBytes           *bytes,
          GError          **error)
{
  g_autoptr(AssayCsv) csv = NULL;
  g_autoptr(GError) local_error = NULL;
  const AssayCsvRecord *header;
  int criterion, grade, evidence;

  csv = assay_csv_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &local_error);
  if (csv == NULL)
    {
      g_set_error (error, ASSAY_GRADES_FILE_ERROR, ASSAY_GRADES_FILE_ERROR_INVALID,
                   "%s: %s", file->path, local_error->message);
      return FALSE;
    }

  header = csv->records->len > 0 ? csv->records->pdata[0] : NULL;
  criterion = header != NULL ? find_column (header, "criterion") : -1;
  grade = header != NULL ? find_column (header, "grade") : -1;
  evidence = header != NULL ? find_column (header, "evidence") : -1;
  if (criterion < 0 || grade < 0)
    {
      g_set_error (error, ASSAY_GRADES_FILE_ERROR, ASSAY_GRADES_FILE_ERROR_INVALID,
                   _("%s: line 1: a file of grades needs “criterion” and “grade” columns"),
                   file->path);
      return FALSE;
    }

  for (guint i = 1; i < csv->records->len; i++)
    {
      const AssayCsvRecord *record = csv->records->pdata[i];
      /* Translators: where in a CSV file, as in "grades.csv: line 3: …" */
      char *place = g_strdup_printf (_("line %u"), record->line);

      if (!add_entry (file, place, field_at (record, criterion), field_at (record, grade),
                      field_at (record, evidence), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_json (AssayGradesFile  *file,
           GBytes           *bytes,
           GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *text = g_bytes_get_data (bytes, &len);
  JsonNode *root;
  JsonArray *array = NULL;

  /* json-glib recurses as deep as the text nests: 200,000 levels would
   * exhaust the stack, so the depth is counted first. */
  if (!assay_json_nesting_within (text, len, ASSAY_GRADES_FILE_MAX_DEPTH))
    {
      g_set_error (error, ASSAY_GRADES_FILE_ERROR, ASSAY_GRADES_FILE_ERROR_INVALID,
                   _("%s: the JSON is nested more than %u levels deep"), file->path,
                   ASSAY_GRADES_FILE_MAX_DEPTH);
      return FALSE;
    }

  if (!json_parser_load_from_data (parser, text, (gssize) len, &local_error))
    {
      g_set_error (error, ASSAY_GRADES_FILE_ERROR, ASSAY_GRADES_FILE_ERROR_INVALID,
                   _("%s: not JSON: %s"), file->path, local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (JSON_NODE_HOLDS_ARRAY (root))
    array = json_node_get_array (root);
  else if (JSON_NODE_HOLDS_OBJECT (root) &&
           json_object_has_member (json_node_get_object (root), "grades") &&
           JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "grades")))
    array = json_object_get_array_member (json_node_get_object (root), "grades");

  if (array == NULL)
    {
      g_set_error (error, ASSAY_GRADES_FILE_ERROR, ASSAY_GRADES_FILE_ERROR_INVALID,
                   _("%s: not grades: give an array of {\"criterion\", \"grade\", "
                     "\"evidence\"} or an object with such a \"grades\" array"), file->path);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      /* Translators: where in a JSON array, counted from 1: "grades.json: item 3: …" */
      char *place = g_strdup_printf (_("item %u"), i + 1);

      if (!add_entry (file, place, assay_json_get_string (object, "criterion"),
                      assay_json_get_string (object, "grade"),
                      assay_json_get_string (object, "evidence"), error))
        return FALSE;
    }

  return TRUE;
}

/* The file's bytes, refusing anything that could block, never end or be
 * larger than a list of grades can be, before a byte of it is read. */
static GBytes *
read_bounded (const char  *path,
              const char  *name,
              GError     **error)
{
  GBytes *contents = NULL;
  int saved_errno = 0;

  switch (assay_file_read_bounded (path, ASSAY_GRADES_FILE_MAX_SIZE, &contents, &saved_errno))
    {
    case ASSAY_FILE_READ_OK:
      return contents;
    case ASSAY_FILE_READ_FOLDER:
    case ASSAY_FILE_READ_NOT_FILE:
      g_set_error (error, ASSAY_GRADES_FILE_ERROR, ASSAY_GRADES_FILE_ERROR_READ,
                   _("%s: not a file (a folder, a device or a pipe)"), name);
      return NULL;
    case ASSAY_FILE_READ_TOO_LARGE:
      g_set_error (error, ASSAY_GRADES_FILE_ERROR, ASSAY_GRADES_FILE_ERROR_READ,
                   _("%s: larger than %u KiB, too large for a file of grades"), name,
                   ASSAY_GRADES_FILE_MAX_SIZE / 1024);
      return NULL;
    case ASSAY_FILE_READ_FAILED:
    default:
      g_set_error (error, ASSAY_GRADES_FILE_ERROR, ASSAY_GRADES_FILE_ERROR_READ,
                   "%s: %s", name, g_strerror (saved_errno));
      return NULL;
    }
}

AssayGradesFile *
assay_grades_file_read (const char  *path,
                        GError     **error)
{
  g_autoptr(AssayGradesFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *text;
  gsize len, i = 0;
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_new0 (AssayGradesFile, 1);
  file->path = g_filename_display_name (path);
  file->entries = g_array_new (FALSE, FALSE, sizeof (AssayGradeEntry));
  file->strings = g_ptr_array_new_with_free_func (g_free);
  file->places = g_ptr_array_new_with_free_func (g_free);

  bytes = read_bounded (path, file->path, error);
  if (bytes == NULL)
    return NULL;

  /* JSON begins with a bracket or a brace; a CSV header with a name */
  text = g_bytes_get_data (bytes, &len);
  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < len && g_ascii_isspace (text[i]))
    i++;

  if (i < len && (text[i] == '[' || text[i] == '{'))
    ok = read_json (file, bytes, error);
  else
    ok = read_csv (file, bytes, error);
  if (!ok)
    return NULL;

  if (file->entries->len == 0)
    {
      g_set_error (error, ASSAY_GRADES_FILE_ERROR, ASSAY_GRADES_FILE_ERROR_INVALID,
                   _("%s: there are no grades in it"), file->path);
      return NULL;
    }

  return g_steal_pointer (&file);
}

gboolean
assay_grades_file_apply (AssayGradesFile  *file,
                         AssayAudit       *audit,
                         GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  guint failed = G_MAXUINT;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (ASSAY_IS_AUDIT (audit), FALSE);

  if (assay_audit_set_grades (audit, (const AssayGradeEntry *) (gpointer) file->entries->data,
                              file->entries->len, &failed, &local_error))
    return TRUE;

  /* A grade the framework refuses is the file's fault; an audit that is
   * finished or someone else's is not, and keeps its own error. */
  if (failed < file->places->len)
    g_set_error (error, ASSAY_GRADES_FILE_ERROR, ASSAY_GRADES_FILE_ERROR_INVALID,
                 "%s: %s: %s", file->path, (const char *) file->places->pdata[failed],
                 local_error->message);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));

  return FALSE;
}
