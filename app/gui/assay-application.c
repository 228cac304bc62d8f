/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-application"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "assay-application-private.h"
#include "assay-preferences-window.h"
#include "assay-window.h"

struct _AssayApplication
{
  AdwApplication  parent_instance;

  char           *database_path;
  AssayDatabase  *database;
  AssayVault     *vault;

  /* Why the database could not be opened, shown when a window is asked for */
  GError         *open_error;
};

G_DEFINE_FINAL_TYPE (AssayApplication, assay_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the vault database at PATH instead of the default one"), N_("PATH") },
  { NULL }
};

static void
assay_application_open_database (AssayApplication *self)
{
  if (self->database_path == NULL)
    self->database_path = assay_database_default_path ();

  self->database = assay_database_open (self->database_path, &self->open_error);
  if (self->database == NULL)
    return;

  self->vault = assay_vault_new (self->database);
}

static void
show_open_error (AssayApplication *self)
{
  AdwMessageDialog *dialog;
  const char *message = self->open_error->message;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL, _("Could Not Open the Database"),
                                                       NULL));

  /* Say which file, unless the message already does */
  if (self->database_path != NULL && strstr (message, self->database_path) == NULL)
    /* Translators: the first %s is what went wrong, the second a file's path */
    adw_message_dialog_format_body (dialog, _("%s\n\nThe database is %s."),
                                    message, self->database_path);
  else
    adw_message_dialog_set_body (dialog, message);

  adw_message_dialog_add_response (dialog, "quit", _("_Quit"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
assay_application_activate (GApplication *app)
{
  AssayApplication *self = ASSAY_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->open_error != NULL)
    {
      show_open_error (self);
      return;
    }

  window = GTK_WINDOW (assay_window_new (ADW_APPLICATION (self), self->vault));
  gtk_window_present (window);
}

static int
assay_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  AssayApplication *self = ASSAY_APPLICATION (app);
  const char *path = NULL;

  if (g_variant_dict_lookup (options, "db", "^&ay", &path))
    {
      g_free (self->database_path);
      self->database_path = g_canonicalize_filename (path, NULL);

      /* Another instance may have another database open; this one must
       * not hand over to it. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  return -1;
}

static void
assay_application_quit_action (GSimpleAction *action,
                               GVariant      *param,
                               gpointer       user_data)
{
  AssayApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Closing lets each window save its size; the application ends with the
   * last one. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
assay_application_lock_action (GSimpleAction *action,
                               GVariant      *param,
                               gpointer       user_data)
{
  AssayApplication *self = user_data;

  if (self->vault != NULL && !assay_vault_get_locked (self->vault))
    assay_vault_lock (self->vault);
}

static void
assay_application_preferences_action (GSimpleAction *action,
                                      GVariant      *param,
                                      gpointer       user_data)
{
  AssayApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  AssayPreferencesWindow *preferences;

  /* One is enough */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (ASSAY_IS_PREFERENCES_WINDOW (l->data))
        {
          gtk_window_present (GTK_WINDOW (l->data));
          return;
        }
    }

  /* Open while locked too: only the name and agency need the keys, and the
   * window says so. */
  preferences = assay_preferences_window_new (self->vault);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), window);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
assay_application_about_action (GSimpleAction *action,
                                GVariant      *param,
                                gpointer       user_data)
{
  AssayApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Assay"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("Assay developers"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Quality assurance of Education, Health and Care Plans "
                                       "for SEND partnerships. Audits are kept encrypted on "
                                       "this computer."),
                         NULL);
}

static const GActionEntry app_entries[] = {
  { "quit", assay_application_quit_action },
  { "lock", assay_application_lock_action },
  { "preferences", assay_application_preferences_action },
  { "about", assay_application_about_action },
};

static void
assay_application_startup (GApplication *app)
{
  AssayApplication *self = ASSAY_APPLICATION (app);

  G_APPLICATION_CLASS (assay_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_entries,
                                   G_N_ELEMENTS (app_entries),
                                   self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Primary>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.lock",
                                         (const char *[]) { "<Primary>l", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]) { "<Primary>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         (const char *[]) { "<Primary>question", NULL });

  if (!assay_secure_init ())
    {
      g_set_error_literal (&self->open_error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Secure memory for the vault’s keys could not be set up."));
      return;
    }

  assay_application_open_database (self);
}

static void
assay_application_shutdown (GApplication *app)
{
  AssayApplication *self = ASSAY_APPLICATION (app);

  /* Wipe the keys now rather than whenever the last reference goes */
  if (self->vault != NULL && !assay_vault_get_locked (self->vault))
    assay_vault_lock (self->vault);

  G_APPLICATION_CLASS (assay_application_parent_class)->shutdown (app);
}

static void
assay_application_dispose (GObject *object)
{
  AssayApplication *self = ASSAY_APPLICATION (object);

  g_clear_object (&self->vault);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (assay_application_parent_class)->dispose (object);
}

static void
assay_application_finalize (GObject *object)
{
  AssayApplication *self = ASSAY_APPLICATION (object);

  g_clear_pointer (&self->database_path, g_free);
  g_clear_error (&self->open_error);

  G_OBJECT_CLASS (assay_application_parent_class)->finalize (object);
}

static void
assay_application_class_init (AssayApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = assay_application_dispose;
  object_class->finalize = assay_application_finalize;

  app_class->activate = assay_application_activate;
  app_class->handle_local_options = assay_application_handle_local_options;
  app_class->startup = assay_application_startup;
  app_class->shutdown = assay_application_shutdown;
}

static void
assay_application_init (AssayApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

AssayApplication *
assay_application_new (void)
{
  return g_object_new (ASSAY_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/maqa/Assay",
                       NULL);
}

/**
 * assay_application_get_vault:
 * @self: a #AssayApplication
 *
 * Returns: (nullable) (transfer none): the vault, or %NULL before startup or
 *   when its database could not be opened
 */
AssayVault *
assay_application_get_vault (AssayApplication *self)
{
  g_return_val_if_fail (ASSAY_IS_APPLICATION (self), NULL);

  return self->vault;
}

void
_assay_application_set_database_path (AssayApplication *self,
                                      const char       *path)
{
  g_return_if_fail (ASSAY_IS_APPLICATION (self));

  g_free (self->database_path);
  self->database_path = g_strdup (path);
}
