/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-framework"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "assay-frameworks.h"
#include "assay-framework-private.h"
#include "assay-frameworks-resources.h"

/* Every framework available, built in or the partnership's own; see
 * assay-frameworks.h. */

struct _AssayFrameworks
{
  GObject    parent_instance;

  GPtrArray *frameworks;
  GPtrArray *shadowed;   /* replaced by a file with the same id and version */
  GPtrArray *problems;
};

G_DEFINE_FINAL_TYPE (AssayFrameworks, assay_frameworks, G_TYPE_OBJECT)

static void
assay_frameworks_finalize (GObject *object)
{
  AssayFrameworks *self = (AssayFrameworks *) object;

  g_clear_pointer (&self->frameworks, g_ptr_array_unref);
  g_clear_pointer (&self->shadowed, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (assay_frameworks_parent_class)->finalize (object);
}

static void
assay_frameworks_class_init (AssayFrameworksClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = assay_frameworks_finalize;
}

static void
assay_frameworks_init (AssayFrameworks *self)
{
  self->frameworks = g_ptr_array_new_with_free_func (g_object_unref);
  self->shadowed = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func (g_free);
}

AssayFrameworks *
assay_frameworks_new (void)
{
  return g_object_new (ASSAY_TYPE_FRAMEWORKS, NULL);
}

char *
assay_frameworks_get_partnership_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "assay", "frameworks", NULL);
}

AssayFrameworks *
assay_frameworks_new_default (void)
{
  AssayFrameworks *self = assay_frameworks_new ();
  g_autofree char *dir = assay_frameworks_get_partnership_dir ();
  g_autoptr(GError) error = NULL;

  /* The built-ins are part of the program: failing to read them is a bug. */
  if (!assay_frameworks_load_builtin (self, &error))
    g_critical ("Built-in framework: %s", error->message);

  assay_frameworks_load_dir (self, dir);

  return self;
}

void
assay_frameworks_add (AssayFrameworks *self,
                      AssayFramework  *framework)
{
  g_return_if_fail (ASSAY_IS_FRAMEWORKS (self));
  g_return_if_fail (ASSAY_IS_FRAMEWORK (framework));

  for (guint i = 0; i < self->frameworks->len; i++)
    {
      AssayFramework *other = self->frameworks->pdata[i];

      if (g_str_equal (other->id, framework->id) &&
          g_str_equal (other->version, framework->version))
        {
          /* Audits made with the replaced content must still read it. */
          g_ptr_array_index (self->frameworks, i) = g_object_ref (framework);
          if (!g_str_equal (other->digest, framework->digest))
            g_ptr_array_add (self->shadowed, other);
          else
            g_object_unref (other);
          return;
        }
    }

  g_ptr_array_add (self->frameworks, g_object_ref (framework));
}

gboolean
assay_frameworks_load_builtin (AssayFrameworks  *self,
                               GError          **error)
{
  static const char prefix[] = "/org/maqa/Assay/frameworks/";
  GResource *resource = assay_frameworks_get_resource ();
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (self), FALSE);

  names = g_resource_enumerate_children (resource, prefix, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (prefix, names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(AssayFramework) framework = NULL;

      if (!g_str_has_suffix (names[i], ".json"))
        continue;

      bytes = g_resource_lookup_data (resource, path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        return FALSE;

      framework = assay_framework_new_from_bytes (bytes, names[i], error);
      if (framework == NULL)
        return FALSE;

      g_free (framework->source);
      framework->source = g_strdup ("built-in");
      assay_frameworks_add (self, framework);
    }

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

void
assay_frameworks_load_dir (AssayFrameworks *self,
                           const char      *dir)
{
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  g_return_if_fail (ASSAY_IS_FRAMEWORKS (self));

  handle = g_dir_open (dir, 0, &error);
  if (handle == NULL)
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_ptr_array_add (self->problems, g_strdup_printf ("%s: %s", dir, error->message));
      return;
    }

  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));

  /* Same order on every machine, whatever the file system returns. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autoptr(AssayFramework) framework = NULL;
      g_autoptr(GError) load_error = NULL;

      framework = assay_framework_new_from_file (path, &load_error);
      if (framework == NULL)
        g_ptr_array_add (self->problems, g_strdup (load_error->message));
      else
        assay_frameworks_add (self, framework);
    }
}

static int
compare_frameworks (gconstpointer a,
                    gconstpointer b)
{
  AssayFramework *fa = *(AssayFramework * const *) a;
  AssayFramework *fb = *(AssayFramework * const *) b;
  int cmp = strcmp (fa->id, fb->id);

  return cmp != 0 ? cmp : assay_version_compare (fa->version, fb->version);
}

GPtrArray *
assay_frameworks_list (AssayFrameworks *self)
{
  GPtrArray *list;

  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (self), NULL);

  list = g_ptr_array_new_full (self->frameworks->len, g_object_unref);
  for (guint i = 0; i < self->frameworks->len; i++)
    g_ptr_array_add (list, g_object_ref (self->frameworks->pdata[i]));
  g_ptr_array_sort (list, compare_frameworks);

  return list;
}

AssayFramework *
assay_frameworks_lookup (AssayFrameworks  *self,
                         const char       *id,
                         const char       *version,
                         GError          **error)
{
  AssayFramework *best = NULL;

  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (self), NULL);

  for (guint i = 0; i < self->frameworks->len; i++)
    {
      AssayFramework *framework = self->frameworks->pdata[i];

      if (g_strcmp0 (framework->id, id) != 0)
        continue;

      if (version != NULL)
        {
          if (g_str_equal (framework->version, version))
            return g_object_ref (framework);
          continue;
        }

      if (best == NULL || assay_version_compare (framework->version, best->version) > 0)
        best = framework;
    }

  if (best != NULL)
    return g_object_ref (best);

  if (version != NULL)
    g_set_error (error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_NOT_FOUND,
                 _("There is no framework “%s” version %s"), id ? id : "", version);
  else
    g_set_error (error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_NOT_FOUND,
                 _("There is no framework “%s”; “assay-cli frameworks” lists them"),
                 id ? id : "");

  return NULL;
}

AssayFramework *
assay_frameworks_lookup_exact (AssayFrameworks  *self,
                               const char       *id,
                               const char       *version,
                               const char       *digest,
                               GError          **error)
{
  GPtrArray *lists[2];

  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (self), NULL);

  if (digest == NULL || version == NULL)
    return assay_frameworks_lookup (self, id, version, error);

  lists[0] = self->frameworks;
  lists[1] = self->shadowed;
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        AssayFramework *framework = lists[l]->pdata[i];

        if (g_strcmp0 (framework->id, id) == 0 &&
            g_str_equal (framework->version, version) &&
            g_str_equal (framework->digest, digest))
          return g_object_ref (framework);
      }

  g_set_error (error, ASSAY_FRAMEWORK_ERROR, ASSAY_FRAMEWORK_ERROR_NOT_FOUND,
               _("There is no framework “%s” version %s with the content its audits were "
                 "graded under"),
               id ? id : "", version);

  return NULL;
}

const GPtrArray *
assay_frameworks_get_problems (AssayFrameworks *self)
{
  g_return_val_if_fail (ASSAY_IS_FRAMEWORKS (self), NULL);

  return self->problems;
}
