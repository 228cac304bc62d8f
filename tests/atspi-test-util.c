/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "atspi-test-util"

#include "config.h"

#include <string.h>
#include <gtk/gtk.h>

#include "assay-gui-test-util.h"
#include "atspi-test-util.h"

#define ROOT_PATH "/org/a11y/atspi/accessible/root"
#define NULL_PATH "/org/a11y/atspi/null"
#define ACCESSIBLE "org.a11y.atspi.Accessible"
#define REGISTRY "org.a11y.atspi.Registry"
#define CALL_TIMEOUT_MS 10000

/* GTK answers one call per main loop iteration at best, and an iteration
 * can draw a frame: calls are made many at a time, from a pool of threads
 * on one connection, each object a task. */
#define N_THREADS 16

typedef struct
{
  GDBusConnection *connection;
  GThreadPool     *pool;
  GMutex           mutex;
  GHashTable      *seen;       /* name + path, under mutex */
  GString         *dump;       /* under mutex */
  guint            n_objects;  /* under mutex */
  gint             pending;    /* objects queued or being read */
  GError          *error;
  gint             done;
} Walk;

typedef struct
{
  char  *name;
  char  *path;
  guint  depth;
} Node;

static void
node_free (Node *node)
{
  g_free (node->name);
  g_free (node->path);
  g_free (node);
}

void
atspi_test_init (void)
{
  const char *session_address = g_getenv ("ASSAY_TEST_SESSION_BUS");
  g_autoptr(GDBusConnection) session = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *address;

  if (g_strcmp0 (g_getenv ("GTK_A11Y"), "atspi") != 0)
    return;

  /* Without a bus of its own, GTK would look for the desktop's, which the
   * GUI tests hide: the widget tree is searched alone then */
  if (session_address == NULL)
    {
      g_setenv ("GTK_A11Y", "none", TRUE);
      return;
    }

  session = g_dbus_connection_new_for_address_sync (session_address,
                                                    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                    NULL, NULL, &error);
  if (session != NULL)
    reply = g_dbus_connection_call_sync (session, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus",
                                         "GetAddress", NULL, G_VARIANT_TYPE ("(s)"),
                                         G_DBUS_CALL_FLAGS_NONE, CALL_TIMEOUT_MS, NULL, &error);
  if (reply == NULL)
    {
      g_printerr ("# No accessibility bus: %s\n", error->message);
      g_setenv ("GTK_A11Y", "none", TRUE);
      return;
    }

  g_variant_get (reply, "(&s)", &address);
  g_setenv ("AT_SPI_BUS_ADDRESS", address, TRUE);
  g_dbus_connection_close_sync (session, NULL, NULL);
}

gboolean
atspi_test_available (void)
{
  return g_strcmp0 (g_getenv ("GTK_A11Y"), "atspi") == 0 &&
         g_getenv ("AT_SPI_BUS_ADDRESS") != NULL;
}

static GVariant *
call (Walk       *walk,
      const char *name,
      const char *path,
      const char *interface,
      const char *method,
      GVariant   *parameters,
      const char *reply_type)
{
  return g_dbus_connection_call_sync (walk->connection, name, path, interface, method,
                                      parameters, G_VARIANT_TYPE (reply_type),
                                      G_DBUS_CALL_FLAGS_NO_AUTO_START, CALL_TIMEOUT_MS,
                                      NULL, NULL);
}

static void
append_strings (GString  *dump,
                GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    {
      g_string_append (dump, g_variant_get_string (value, NULL));
      g_string_append_c (dump, '\n');
    }
  else if (g_variant_is_container (value))
    {
      for (gsize i = 0; i < g_variant_n_children (value); i++)
        {
          g_autoptr(GVariant) child = g_variant_get_child_value (value, i);

          append_strings (dump, child);
        }
    }
}

static gboolean
has_interface (GVariant   *interfaces,
               const char *interface)
{
  g_autofree const char **names = NULL;

  if (interfaces == NULL)
    return FALSE;

  names = g_variant_get_strv (interfaces, NULL);
  return g_strv_contains (names, interface);
}

static void
queue_node (Walk       *walk,
            const char *name,
            const char *path,
            guint       depth)
{
  Node *node;
  gboolean added;

  if (depth > 256 || g_strcmp0 (path, NULL_PATH) == 0)
    return;

  g_mutex_lock (&walk->mutex);
  added = g_hash_table_add (walk->seen, g_strconcat (name, path, NULL));
  g_mutex_unlock (&walk->mutex);
  if (!added)
    return;

  node = g_new0 (Node, 1);
  node->name = g_strdup (name);
  node->path = g_strdup (path);
  node->depth = depth;
  g_atomic_int_inc (&walk->pending);
  g_thread_pool_push (walk->pool, node, NULL);
}

static void
read_node (Walk    *walk,
           Node    *node,
           GString *text)
{
  static const char * const properties[] = { "Name", "Description" };
  g_autoptr(GVariant) interfaces = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) children = NULL;
  GVariantIter iter;
  const char *child_name, *child_path;

  /* One at a time: GTK 4.8 answers GetAll with a string it has not got */
  for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
    {
      reply = call (walk, node->name, node->path, "org.freedesktop.DBus.Properties", "Get",
                    g_variant_new ("(ss)", ACCESSIBLE, properties[i]), "(v)");
      if (reply == NULL)
        return;
      append_strings (text, reply);
      g_clear_pointer (&reply, g_variant_unref);
    }

  g_mutex_lock (&walk->mutex);
  walk->n_objects++;
  g_mutex_unlock (&walk->mutex);

  reply = call (walk, node->name, node->path, ACCESSIBLE, "GetAttributes", NULL, "(a{ss})");
  if (reply != NULL)
    append_strings (text, reply);
  g_clear_pointer (&reply, g_variant_unref);

  reply = call (walk, node->name, node->path, ACCESSIBLE, "GetInterfaces", NULL, "(as)");
  if (reply != NULL)
    interfaces = g_variant_get_child_value (reply, 0);
  g_clear_pointer (&reply, g_variant_unref);

  if (has_interface (interfaces, "org.a11y.atspi.Text"))
    {
      reply = call (walk, node->name, node->path, "org.a11y.atspi.Text", "GetText",
                    g_variant_new ("(ii)", 0, -1), "(s)");
      if (reply != NULL)
        append_strings (text, reply);
      g_clear_pointer (&reply, g_variant_unref);
    }

  reply = call (walk, node->name, node->path, ACCESSIBLE, "GetChildren", NULL, "(a(so))");
  if (reply == NULL)
    return;

  children = g_variant_get_child_value (reply, 0);
  g_variant_iter_init (&iter, children);
  while (g_variant_iter_next (&iter, "(&s&o)", &child_name, &child_path))
    queue_node (walk, *child_name != '\0' ? child_name : node->name, child_path,
                node->depth + 1);
}

/* The last one done wakes the main loop, which may be asleep waiting for
 * nothing else */
static void
finish_node (Walk *walk)
{
  if (g_atomic_int_dec_and_test (&walk->pending))
    {
      g_atomic_int_set (&walk->done, TRUE);
      g_main_context_wakeup (NULL);
    }
}

static void
read_node_task (gpointer data,
                gpointer user_data)
{
  Node *node = data;
  Walk *walk = user_data;
  g_autoptr(GString) text = g_string_new (NULL);

  read_node (walk, node, text);
  node_free (node);

  g_mutex_lock (&walk->mutex);
  g_string_append (walk->dump, text->str);
  g_mutex_unlock (&walk->mutex);

  finish_node (walk);
}

/* Every process on the accessibility bus offers its root at the same path:
 * try each but the registry (which would only lead back here), which finds
 * this one whether or not the registry has it yet. */
static gpointer
walk_thread (gpointer data)
{
  Walk *walk = data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) registry = NULL;
  g_autofree const char **names = NULL;
  const char *registry_name = NULL;
  const char *own;

  walk->connection = g_dbus_connection_new_for_address_sync (g_getenv ("AT_SPI_BUS_ADDRESS"),
                                                             G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                             G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                             NULL, NULL, &walk->error);
  if (walk->connection == NULL)
    goto out;

  own = g_dbus_connection_get_unique_name (walk->connection);
  registry = g_dbus_connection_call_sync (walk->connection, "org.freedesktop.DBus",
                                          "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                          "GetNameOwner", g_variant_new ("(s)", REGISTRY),
                                          G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE,
                                          CALL_TIMEOUT_MS, NULL, NULL);
  if (registry != NULL)
    g_variant_get (registry, "(&s)", &registry_name);
  reply = g_dbus_connection_call_sync (walk->connection, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "ListNames", NULL, G_VARIANT_TYPE ("(as)"),
                                       G_DBUS_CALL_FLAGS_NONE, CALL_TIMEOUT_MS, NULL,
                                       &walk->error);
  if (reply == NULL)
    goto out;

  g_variant_get (reply, "(^a&s)", &names);
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (names[i][0] == ':' && g_strcmp0 (names[i], own) != 0 &&
          g_strcmp0 (names[i], registry_name) != 0)
        queue_node (walk, names[i], ROOT_PATH, 0);
    }

out:
  /* The roots queued are read, and what they lead to, before this last
   * hold on the count goes */
  finish_node (walk);

  return NULL;
}

static gboolean
walk_done (gpointer data)
{
  Walk *walk = data;

  return g_atomic_int_get (&walk->done);
}

char *
atspi_test_dump_tree (guint   *n_objects,
                      GError **error)
{
  Walk walk = { 0, };
  GThread *thread;

  g_mutex_init (&walk.mutex);
  walk.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walk.dump = g_string_new (NULL);
  walk.pending = 1;
  walk.pool = g_thread_pool_new (read_node_task, &walk, N_THREADS, FALSE, NULL);

  thread = g_thread_new ("atspi-walk", walk_thread, &walk);
  g_assert_true (assay_gui_test_wait_until (walk_done, &walk, 120000));
  g_thread_join (thread);
  g_thread_pool_free (walk.pool, FALSE, TRUE);

  g_clear_object (&walk.connection);
  g_hash_table_unref (walk.seen);
  g_mutex_clear (&walk.mutex);
  if (n_objects != NULL)
    *n_objects = walk.n_objects;

  if (walk.error != NULL)
    {
      g_propagate_error (error, walk.error);
      g_string_free (walk.dump, TRUE);
      return NULL;
    }

  return g_string_free (walk.dump, FALSE);
}

/* GTK names each accessible object after the bus connection it makes
 * when the first widget is realized, and GTK 4.8 puts objects realized
 * before that connection is made on the bus with no path, and answers for
 * its root before it has a list of windows: a critical in GIO each time.
 * So a window is shown and dropped first, until GTK is on the bus with
 * it, with those criticals let through; after that, none is. */
static gboolean
tolerate_unconnected (const char     *log_domain,
                      GLogLevelFlags  log_level,
                      const char     *message,
                      gpointer        user_data)
{
  return !(g_strcmp0 (log_domain, "GLib-GIO") == 0 && (log_level & G_LOG_LEVEL_CRITICAL));
}

static gboolean
on_bus (gpointer data)
{
  g_autofree char *dump = NULL;
  guint n_objects = 0;

  dump = atspi_test_dump_tree (&n_objects, NULL);

  /* The root and the window in it */
  return n_objects > 1;
}

void
atspi_test_connect (void)
{
  GtkWidget *window;

  if (!atspi_test_available ())
    return;

  g_test_log_set_fatal_handler (tolerate_unconnected, NULL);
  window = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (assay_gui_test_wait_until (on_bus, NULL, 30000));
  gtk_window_destroy (GTK_WINDOW (window));
  assay_gui_test_wait_idle ();
  g_test_log_set_fatal_handler (NULL, NULL);
}
