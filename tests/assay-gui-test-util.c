/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-gui-test"

#include "config.h"

#include <dlfcn.h>
#include <glib/gstdio.h>
#include <string.h>

#include "assay-application-private.h"
#include "assay-gui-test-util.h"
#include "assay-test-util.h"
#include "assay-window-private.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

/*
 * No session bus, ever. Each fixture makes a new application with the same
 * id in the same process, and GApplication exports every registered one on
 * the session bus (unique or not) at the id's object path: the second export
 * fails wherever a bus is found (a desktop session, dbus-run-session, or
 * dbus-x11 autolaunching one under Xvfb). libadwaita asks the bus for the
 * settings portal already in adw_init(), so this runs before main(): with
 * an address that leads nowhere, GApplication and the portal lookup go on
 * without a bus, as on a machine that has none, and no test touches the
 * desktop session of whoever runs it.
 */
__attribute__((constructor)) static void
no_session_bus (void)
{
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/assay-tests-use-no-bus", TRUE);
}

void
assay_gui_test_init (int    *argc,
                     char ***argv)
{
  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
}

void
assay_gui_test_init_page (int    *argc,
                          char ***argv)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  gtk_css_provider_load_from_resource (css, "/org/maqa/Assay/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

AssayApplication *
assay_gui_test_application_new (const char *database_path)
{
  g_autoptr(AssayApplication) app = assay_application_new ();
  g_autoptr(GError) error = NULL;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  _assay_application_set_database_path (app, database_path);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  /* Registered in this process only */
  g_assert_null (g_application_get_dbus_connection (G_APPLICATION (app)));

  return g_steal_pointer (&app);
}

static gboolean
shows_main (gpointer user_data)
{
  return g_strcmp0 (_assay_window_get_visible_page (user_data), "main") == 0;
}

AssayWindow *
assay_gui_test_window_unlocked (AssayApplication *app,
                                int               width,
                                int               height)
{
  AssayVault *vault = assay_application_get_vault (app);
  AssayWindow *window = assay_window_new (ADW_APPLICATION (app), vault);
  g_autoptr(GError) error = NULL;

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  assay_gui_test_wait_drawn (GTK_WIDGET (window));

  g_assert_true (assay_vault_unlock (vault, ASSAY_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_true (assay_gui_test_wait_until (shows_main, window, 5000));

  return window;
}

void
assay_gui_test_app_close (AssayWindow      **window,
                          AssayApplication **app)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Each destroyed leaves the list */
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (toplevel);
    }

  g_clear_object (window);
  assay_gui_test_wait_idle ();
  g_clear_object (app);
}

static void
main_action_cb (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  g_ptr_array_add (user_data, g_variant_dup_string (param, NULL));
}

GtkWindow *
assay_gui_test_page_window (GtkWidget  *page,
                            const char *title,
                            int         width,
                            int         height,
                            const char *main_action,
                            GPtrArray  *activated)
{
  g_autoptr(GSimpleActionGroup) main_group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new (main_action, G_VARIANT_TYPE_STRING);
  GtkWindow *window = GTK_WINDOW (adw_window_new ());
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  g_object_ref (window);
  gtk_window_set_default_size (window, width, height);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, NULL));
  gtk_box_append (GTK_BOX (box), header);

  /* Before the page is added: in GTK 4.8 a group inserted above widgets
   * already watching their actions leaves their buttons insensitive */
  g_signal_connect (action, "activate", G_CALLBACK (main_action_cb), activated);
  g_action_map_add_action (G_ACTION_MAP (main_group), G_ACTION (action));
  gtk_widget_insert_action_group (box, "main", G_ACTION_GROUP (main_group));

  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), box);
  adw_window_set_content (ADW_WINDOW (window), overlay);

  return window;
}

void
assay_gui_test_page_window_destroy (GtkWindow **window,
                                    GtkWindow  *dialog)
{
  if (dialog != NULL)
    gtk_window_destroy (dialog);
  gtk_window_destroy (*window);
  g_clear_object (window);
  assay_gui_test_wait_idle ();
}

AssayAudit *
assay_gui_test_audit_new (AssayStore      *store,
                          AssayFrameworks *frameworks,
                          const char      *framework_id,
                          const char      *case_ref)
{
  g_autoptr(AssayFramework) framework = NULL;
  g_autoptr(GError) error = NULL;
  AssayAudit *audit;

  framework = assay_frameworks_lookup (frameworks, framework_id, NULL, &error);
  g_assert_no_error (error);
  audit = assay_audit_create (store, framework, case_ref, FALSE, &error);
  g_assert_no_error (error);

  return audit;
}

void
assay_gui_test_audit_finish (AssayAudit              *audit,
                             AssayGrade               base,
                             const AssayGuiTestGrade *grades,
                             AssayGrade               override,
                             const char              *reason)
{
  AssayFramework *framework = assay_audit_get_framework (audit);
  g_autoptr(GError) error = NULL;

  for (guint s = 0; s < assay_framework_get_n_sections (framework); s++)
    {
      const AssaySection *section = assay_framework_get_section (framework, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const AssayCriterion *criterion = section->criteria->pdata[c];
          AssayGrade grade = base;
          const char *evidence = NULL;

          for (guint n = 0; grades != NULL && grades[n].criterion != NULL; n++)
            if (g_str_equal (grades[n].criterion, criterion->id))
              {
                grade = grades[n].grade;
                evidence = grades[n].evidence;
              }

          for (int step = 0; !assay_criterion_allows (criterion, grade); step++)
            {
              g_assert_cmpint (step, <, 8);
              grade = grade > ASSAY_GRADE_NOT_YET_BRONZE ? grade - 1 : ASSAY_GRADE_GOLD;
            }

          assay_audit_set_grade (audit, criterion->id, grade, evidence, &error);
          g_assert_no_error (error);
        }
    }

  assay_audit_finish (audit, override, reason, &error);
  g_assert_no_error (error);
}

char *
assay_gui_test_audit_finished (AssayStore              *store,
                               AssayFrameworks         *frameworks,
                               const char              *case_ref,
                               AssayGrade               base,
                               const AssayGuiTestGrade *grades,
                               AssayGrade               override,
                               const char              *reason)
{
  g_autoptr(AssayAudit) audit = assay_gui_test_audit_new (store, frameworks, "ehcp-new",
                                                          case_ref);

  assay_gui_test_audit_finish (audit, base, grades, override, reason);

  return g_strdup (assay_audit_get_id (audit));
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

gboolean
assay_gui_test_wait_until (AssayGuiTestCondition condition,
                           gpointer              user_data,
                           guint                 timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id;

  id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!timed_out && (condition == NULL || !condition (user_data)))
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return condition != NULL && condition (user_data);
}

void
assay_gui_test_wait_idle (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* Only what is ready now: a timer not yet due is not waited for */
  while (g_main_context_iteration (NULL, FALSE))
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
}

static gboolean
released (gpointer user_data)
{
  gpointer *wait = user_data;

  return (guint) g_atomic_int_get (&G_OBJECT (wait[0])->ref_count) <= GPOINTER_TO_UINT (wait[1]);
}

void
assay_gui_test_wait_released (gpointer object,
                              guint    ref_count)
{
  gpointer wait[] = { object, GUINT_TO_POINTER (ref_count) };

  g_assert_true (assay_gui_test_wait_until (released, wait, 30000));
}

typedef struct
{
  GtkWidget *widget;
  guint      frames;
} DrawWait;

static void
after_paint_cb (GdkFrameClock *clock,
                DrawWait      *wait)
{
  wait->frames++;

  /* Keep frames coming until the test has seen enough of them */
  if (wait->frames < 2)
    gtk_widget_queue_draw (wait->widget);
}

static gboolean
drawn (gpointer user_data)
{
  DrawWait *wait = user_data;

  /* Two frames: one may have been laid out before the last change */
  return gtk_widget_get_mapped (wait->widget) && wait->frames >= 2;
}

static gboolean
mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (user_data));
}

void
assay_gui_test_wait_drawn (GtkWidget *widget)
{
  DrawWait wait = { widget, 0 };
  GdkFrameClock *clock;
  gulong handler;

  g_assert_true (assay_gui_test_wait_until (mapped, widget, 5000));

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &wait);
  gtk_widget_queue_draw (GTK_WIDGET (gtk_widget_get_root (widget)));
  g_assert_true (assay_gui_test_wait_until (drawn, &wait, 5000));
  g_signal_handler_disconnect (clock, handler);
}

static void
render_png (GtkWidget  *widget,
            const char *path)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));

  g_test_message ("Saved %s", path);
}

void
assay_gui_test_screenshot (GtkWidget  *widget,
                           const char *name)
{
  static const struct {
    AdwColorScheme scheme;
    const char *suffix;
  } styles[] = {
    { ADW_COLOR_SCHEME_FORCE_LIGHT, "light" },
    { ADW_COLOR_SCHEME_FORCE_DARK, "dark" },
  };
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  const char *env_dir = g_getenv ("ASSAY_SCREENSHOT_DIR");
  g_autofree char *dir = NULL;

  dir = g_strdup (env_dir != NULL && *env_dir != '\0' ? env_dir : "build/screenshots");
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%s.png", name, styles[i].suffix);
      g_autofree char *path = g_build_filename (dir, file, NULL);

      adw_style_manager_set_color_scheme (style_manager, styles[i].scheme);
      assay_gui_test_wait_drawn (widget);
      render_png (widget, path);
    }

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  assay_gui_test_wait_drawn (widget);
}

GtkWidget *
assay_gui_test_find_descendant (GtkWidget *widget,
                                GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = assay_gui_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

gboolean
assay_gui_test_shows_text (GtkWidget  *widget,
                           const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (assay_gui_test_shows_text (child, text))
      return TRUE;

  return FALSE;
}

static void
collect_label_texts (GtkWidget *widget,
                     GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_text (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_label_texts (child, texts);
}

GPtrArray *
assay_gui_test_label_texts (GtkWidget *widget)
{
  GPtrArray *texts = g_ptr_array_new ();

  collect_label_texts (widget, texts);

  return texts;
}

GtkWindow *
assay_gui_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

typedef struct
{
  const char *text;
  gboolean    searched;
} SearchWait;

static void
search_changed_cb (GtkEditable *entry,
                   SearchWait  *wait)
{
  /* Setting the text empties the entry first, and an empty entry searches
   * at once: only the search for the whole text counts */
  if (g_strcmp0 (gtk_editable_get_text (entry), wait->text) == 0)
    wait->searched = TRUE;
}

static gboolean
searched (gpointer user_data)
{
  SearchWait *wait = user_data;

  return wait->searched;
}

void
assay_gui_test_search (GtkEditable *entry,
                       const char  *text)
{
  SearchWait wait = { text, FALSE };
  gulong handler;

  g_assert_cmpstr (gtk_editable_get_text (entry), !=, text);

  handler = g_signal_connect (entry, "search-changed", G_CALLBACK (search_changed_cb), &wait);
  gtk_editable_set_text (entry, text);
  g_assert_true (assay_gui_test_wait_until (searched, &wait, 5000));
  g_signal_handler_disconnect (entry, handler);
}

static gboolean
toplevel_gone (gpointer user_data)
{
  return assay_gui_test_find_toplevel (GPOINTER_TO_SIZE (user_data)) == NULL;
}

void
assay_gui_test_wait_closed (GType type)
{
  g_assert_true (assay_gui_test_wait_until (toplevel_gone, GSIZE_TO_POINTER (type), 10000));
}

typedef struct
{
  GtkWidget *window;
  int        width;
} ResizeWait;

static gboolean
resized (gpointer user_data)
{
  ResizeWait *wait = user_data;

  return gtk_widget_get_width (wait->window) != wait->width;
}

void
assay_gui_test_resize (GtkWindow *window,
                       int        width,
                       int        height)
{
  ResizeWait wait = { GTK_WIDGET (window), gtk_widget_get_width (GTK_WIDGET (window)) };
  int min_width;

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  gtk_window_set_default_size (window, width, height);

  /* Nothing to wait for where the window is that wide already, or is as
   * narrow as it can be */
  if (wait.width != MAX (width, min_width))
    g_assert_true (assay_gui_test_wait_until (resized, &wait, 5000));
  assay_gui_test_wait_drawn (GTK_WIDGET (window));
}

/*
 * Real key presses. GTK 4 has no API to synthesise key events, so the test
 * asks the X server to: XTEST makes the key go through the whole input
 * path (the X server, GDK, the window's focus widget and every controller
 * on the way), exactly as a moderator's keyboard would. libXtst is opened
 * at run time, since only its shared library is needed.
 */
typedef int (*XTestFakeKeyEventFunc) (void *display, unsigned int keycode, int is_press,
                                      unsigned long delay);
typedef int (*XTestFakeMotionEventFunc) (void *display, int screen, int x, int y,
                                         unsigned long delay);
typedef int (*XSetInputFocusFunc) (void *display, unsigned long window, int revert_to,
                                   unsigned long time);

static XTestFakeKeyEventFunc fake_key_event;
static XTestFakeMotionEventFunc fake_motion_event;
static XSetInputFocusFunc set_input_focus;

static gboolean
is_active (gpointer user_data)
{
  return gtk_window_is_active (GTK_WINDOW (user_data));
}

typedef struct
{
  guint seen;
  guint sent;
} KeyWait;

/* Capture phase on the window: sees every key event before any child can
 * stop it. */
static gboolean
key_event_cb (GtkEventControllerLegacy *controller,
              GdkEvent                 *event,
              KeyWait                  *wait)
{
  GdkEventType type = gdk_event_get_event_type (event);

  if (type == GDK_KEY_PRESS || type == GDK_KEY_RELEASE)
    wait->seen++;

  return GDK_EVENT_PROPAGATE;
}

static gboolean
keys_delivered (gpointer user_data)
{
  KeyWait *wait = user_data;

  return wait->seen >= wait->sent;
}

gboolean
assay_gui_test_keys_init (GtkWidget *window)
{
#ifdef GDK_WINDOWING_X11
  GdkDisplay *display = gtk_widget_get_display (window);
  void *xtst, *x11;

  if (!GDK_IS_X11_DISPLAY (display))
    return FALSE;

  if (fake_key_event == NULL)
    {
      xtst = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_GLOBAL);
      x11 = dlopen ("libX11.so.6", RTLD_NOW | RTLD_GLOBAL);
      if (xtst == NULL || x11 == NULL)
        return FALSE;
      fake_key_event = (XTestFakeKeyEventFunc) dlsym (xtst, "XTestFakeKeyEvent");
      fake_motion_event = (XTestFakeMotionEventFunc) dlsym (xtst, "XTestFakeMotionEvent");
      set_input_focus = (XSetInputFocusFunc) dlsym (x11, "XSetInputFocus");
    }

  if (fake_key_event == NULL || fake_motion_event == NULL || set_input_focus == NULL)
    return FALSE;

  /* No window manager runs under Xvfb: give the window the keyboard. */
  set_input_focus (gdk_x11_display_get_xdisplay (display),
                   gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))),
                   1 /* RevertToPointerRoot */, 0 /* CurrentTime */);
  gdk_display_flush (display);
  g_assert_true (assay_gui_test_wait_until (is_active, window, 5000));

  return TRUE;
#else
  return FALSE;
#endif
}

static guint
keycode_for (GdkDisplay *display,
             guint       keyval)
{
  g_autofree GdkKeymapKey *keys = NULL;
  int n_keys = 0;

  g_assert_true (gdk_display_map_keyval (display, keyval, &keys, &n_keys));
  g_assert_cmpint (n_keys, >, 0);

  /* The first key on the first group, unshifted where possible */
  for (int i = 0; i < n_keys; i++)
    if (keys[i].group == 0 && keys[i].level == 0)
      return keys[i].keycode;

  return keys[0].keycode;
}

void
assay_gui_test_send_key (GtkWidget       *window,
                         guint            keyval,
                         GdkModifierType  modifiers)
{
#ifdef GDK_WINDOWING_X11
  GdkDisplay *display = gtk_widget_get_display (window);
  void *xdisplay = gdk_x11_display_get_xdisplay (display);
  guint code = keycode_for (display, keyval);
  guint control = keycode_for (display, GDK_KEY_Control_L);
  guint shift = keycode_for (display, GDK_KEY_Shift_L);
  GtkEventController *controller = gtk_event_controller_legacy_new ();
  KeyWait wait = { 0, 2 };

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (key_event_cb), &wait);
  gtk_widget_add_controller (window, controller);

  if (modifiers & GDK_CONTROL_MASK)
    {
      fake_key_event (xdisplay, control, TRUE, 0);
      wait.sent += 2;
    }
  if (modifiers & GDK_SHIFT_MASK)
    {
      fake_key_event (xdisplay, shift, TRUE, 0);
      wait.sent += 2;
    }
  fake_key_event (xdisplay, code, TRUE, 0);
  fake_key_event (xdisplay, code, FALSE, 0);
  if (modifiers & GDK_SHIFT_MASK)
    fake_key_event (xdisplay, shift, FALSE, 0);
  if (modifiers & GDK_CONTROL_MASK)
    fake_key_event (xdisplay, control, FALSE, 0);
  gdk_display_flush (display);
  gdk_display_sync (display);

  /* Until GTK has delivered every press and release, and done what they
   * started that is ready to run */
  g_assert_true (assay_gui_test_wait_until (keys_delivered, &wait, 5000));
  gtk_widget_remove_controller (window, controller);
  assay_gui_test_wait_idle ();
#endif
}

static gboolean
pointer_over (gpointer user_data)
{
  GtkWidget *window = user_data;
  GdkDevice *pointer = gdk_seat_get_pointer (gdk_display_get_default_seat (
                                               gtk_widget_get_display (window)));

  return gdk_device_get_surface_at_position (pointer, NULL, NULL) ==
         gtk_native_get_surface (GTK_NATIVE (window));
}

void
assay_gui_test_move_pointer (GtkWidget *window,
                             int        x,
                             int        y)
{
#ifdef GDK_WINDOWING_X11
  GdkDisplay *display = gtk_widget_get_display (window);

  fake_motion_event (gdk_x11_display_get_xdisplay (display), -1, x, y, 0);
  gdk_display_flush (display);
  g_assert_true (assay_gui_test_wait_until (pointer_over, window, 5000));
#endif
}

void
assay_gui_test_type_text (GtkWidget  *window,
                          const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ')
        assay_gui_test_send_key (window, GDK_KEY_space, 0);
      else
        assay_gui_test_send_key (window, gdk_unicode_to_keyval ((guchar) *p), 0);
    }
}
