/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-window"

#include "config.h"

#include <glib/gi18n.h>

#include "assay-main-view-private.h"
#include "assay-passphrase-dialog.h"
#include "assay-preferences-window.h"
#include "assay-window-private.h"

G_DEFINE_FINAL_TYPE (AssayWindow, assay_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_VAULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void assay_window_update_idle_lock (AssayWindow *self);

static gboolean
assay_window_is_working (AssayWindow *self)
{
  return !self->in_setup && !assay_vault_get_locked (self->vault);
}

static void
assay_window_update_page (AssayWindow *self)
{
  const char *page;

  if (self->in_setup)
    page = "setup";
  else if (assay_vault_get_locked (self->vault))
    page = "unlock";
  else
    page = "main";

  gtk_stack_set_visible_child_name (self->stack, page);

  _assay_window_actions_update (self);
  assay_window_update_idle_lock (self);
}

/*
 * Idle lock. Input only records a timestamp; a single timeout wakes when the
 * idle time could have run out, and sleeps again for the remainder if there
 * was input meanwhile. That keeps pointer motion cheap.
 */
static void schedule_idle_lock (AssayWindow *self,
                                guint        delay_ms);

/* A Change Passphrase dialog of this window at work or showing a key. */
static gboolean
holds_secret (AssayWindow *self)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ASSAY_IS_PASSPHRASE_DIALOG (l->data) &&
        gtk_window_get_transient_for (l->data) == GTK_WINDOW (self) &&
        assay_passphrase_dialog_holds_secret (l->data))
      return TRUE;

  return FALSE;
}

static gboolean
idle_lock_cb (gpointer user_data)
{
  AssayWindow *self = user_data;
  gint64 idle_ms;

  self->idle_source_id = 0;

  if (!assay_window_is_working (self))
    return G_SOURCE_REMOVE;

  idle_ms = (g_get_monotonic_time () - self->last_activity_us) / 1000;

  if (idle_ms >= self->idle_timeout_ms && holds_secret (self))
    {
      /* A new recovery key on screen is not lost to the lock: the time
       * starts again once it has been dealt with. */
      schedule_idle_lock (self, self->idle_timeout_ms);
      return G_SOURCE_REMOVE;
    }

  if (idle_ms >= self->idle_timeout_ms)
    {
      g_debug ("No input for %u ms: locking the vault", self->idle_timeout_ms);
      assay_vault_lock (self->vault);
    }
  else
    {
      schedule_idle_lock (self, self->idle_timeout_ms - (guint) idle_ms);
    }

  return G_SOURCE_REMOVE;
}

static void
schedule_idle_lock (AssayWindow *self,
                    guint        delay_ms)
{
  g_clear_handle_id (&self->idle_source_id, g_source_remove);
  self->idle_source_id = g_timeout_add (MAX (delay_ms, 1), idle_lock_cb, self);
  g_source_set_name_by_id (self->idle_source_id, "[assay] idle lock");
}

/* Only an open vault is locked when idle. Setup is left alone: locking
 * there would hide the recovery key before it has been written down. */
static void
assay_window_update_idle_lock (AssayWindow *self)
{
  if (!assay_window_is_working (self))
    {
      g_clear_handle_id (&self->idle_source_id, g_source_remove);
      return;
    }

  if (self->idle_source_id == 0)
    {
      self->last_activity_us = g_get_monotonic_time ();
      schedule_idle_lock (self, self->idle_timeout_ms);
    }
}

static void
load_idle_timeout (AssayWindow *self)
{
  guint minutes;

  if (self->idle_timeout_overridden)
    return;

  minutes = g_settings_get_uint (self->settings, "idle-lock-minutes");
  self->idle_timeout_ms = CLAMP (minutes, 1, 120) * 60 * 1000;
}

/* A new idle time counts from now: whoever changed it was not idle */
static void
restart_idle_lock (AssayWindow *self)
{
  g_clear_handle_id (&self->idle_source_id, g_source_remove);
  assay_window_update_idle_lock (self);
}

static void
on_idle_lock_minutes_changed (AssayWindow *self)
{
  load_idle_timeout (self);
  restart_idle_lock (self);
}

static gboolean
on_input_event (AssayWindow              *self,
                GdkEvent                 *event,
                GtkEventControllerLegacy *controller)
{
  GdkEventType type = gdk_event_get_event_type (event);

  if (type == GDK_MOTION_NOTIFY
      || type == GDK_BUTTON_PRESS
      || type == GDK_KEY_PRESS
      || type == GDK_SCROLL
      || type == GDK_TOUCH_BEGIN
      || type == GDK_TOUCH_UPDATE
      || type == GDK_TOUCHPAD_SWIPE
      || type == GDK_TOUCHPAD_PINCH
      || type == GDK_PAD_BUTTON_PRESS)
    self->last_activity_us = g_get_monotonic_time ();

  return GDK_EVENT_PROPAGATE;
}

/* Capture phase: a window sees all input before any child can stop it. */
static void
watch_activity (AssayWindow *self,
                GtkWindow   *window)
{
  GtkEventController *controller = gtk_event_controller_legacy_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event",
                           G_CALLBACK (on_input_event), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
}

static void
on_toplevels_changed (AssayWindow *self,
                      guint        position,
                      guint        removed,
                      guint        added,
                      GListModel  *toplevels)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window != GTK_WINDOW (self))
        watch_activity (self, window);
    }
}

/* Windows that show nothing sealed in the vault, and say so themselves
 * while it is locked */
static gboolean
stays_open_when_locked (GtkWindow *window)
{
  return ASSAY_IS_PREFERENCES_WINDOW (window) || ADW_IS_ABOUT_WINDOW (window) ||
         GTK_IS_SHORTCUTS_WINDOW (window);
}

/* Whether @window belongs to this one (is transient for it, directly or
 * through other dialogs) and may show what the vault holds. */
static gboolean
closes_on_lock (AssayWindow *self,
                GtkWindow   *window)
{
  for (GtkWindow *w = window; w != NULL; w = gtk_window_get_transient_for (w))
    {
      if (w == GTK_WINDOW (self))
        return TRUE;
      if (stays_open_when_locked (w))
        return FALSE;
    }

  return FALSE;
}

/* A dialog showing an audit's text, hidden behind the unlock page, would
 * still be in the widget and accessibility trees: locking destroys every
 * dialog of this window that is not known to show nothing sealed. */
static void
destroy_dialogs (AssayWindow *self)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_object_unref);
  GList *toplevels = gtk_window_list_toplevels ();

  /* Decided first: destroying a dialog changes what the others are
   * transient for */
  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (l->data != (gpointer) self && closes_on_lock (self, l->data))
        g_ptr_array_add (doomed, g_object_ref (l->data));
    }
  g_list_free (toplevels);

  for (guint i = 0; i < doomed->len; i++)
    gtk_window_destroy (doomed->pdata[i]);
}

static void
on_restore_response (AssayWindow      *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  AssaySession *session = _assay_main_view_get_session (self->main_view);
  g_autoptr(GError) error = NULL;

  if (session == NULL)
    return;

  if (g_strcmp0 (response, "accept") != 0)
    {
      assay_vault_lock (self->vault);
      return;
    }

  if (!assay_store_accept_restore (assay_session_get_store (session), &error))
    {
      g_warning ("Could not accept the restored vault: %s", error->message);
      assay_window_add_toast (self, adw_toast_new (error->message));
      return;
    }

  assay_window_add_toast (self, adw_toast_new (_("Restored copy accepted")));
}

static void
show_head_problem (AssayWindow  *self,
                   const GError *error)
{
  AdwMessageDialog *dialog;

  if (g_error_matches (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_RESTORED))
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
        _("This Vault Is Older Than the One Last Used Here"),
        _("The vault file is an older copy than the one Assay last opened on this computer. "
          "Either it was restored from a backup, or someone rolled it back to undo later "
          "changes: audits saved after that copy are not in it.\n\n"
          "Accept it only if you restored it yourself. Accepting is recorded in the log; "
          "until then nothing can be saved.")));
      adw_message_dialog_add_responses (dialog,
                                        "lock", _("_Lock"),
                                        "accept", _("_Accept Restored Copy"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "accept",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (dialog, "lock");
      adw_message_dialog_set_close_response (dialog, "lock");
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_restore_response), self,
                               G_CONNECT_SWAPPED);
    }
  else if (g_error_matches (error, ASSAY_STORE_ERROR, ASSAY_STORE_ERROR_INTEGRITY))
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
        _("This Vault Has Been Altered"),
        _("Something outside Assay changed the vault file, so what it holds cannot be "
          "trusted as it is. Run “assay-cli check” to find out what is wrong, and restore "
          "a backup if need be.")));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
    }
  else
    {
      /* The head could not be read at all (I/O): say so rather than drop it */
      g_warning ("Could not verify the vault: %s", error->message);
      assay_window_add_toast (self, adw_toast_new (error->message));
      return;
    }

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Whether this is the vault last seen here, unaltered: checked at each
 * unlock, as a copy can be swapped in while Assay is locked. */
static void
verify_head (AssayWindow *self)
{
  AssaySession *session = _assay_main_view_get_session (self->main_view);
  g_autoptr(GError) error = NULL;

  if (session == NULL || self->in_setup)
    return;

  if (!assay_store_verify_head (assay_session_get_store (session), &error))
    show_head_problem (self, error);
}

static void
on_vault_locked_changed (AssayWindow *self)
{
  if (!assay_vault_get_locked (self->vault))
    {
      assay_window_update_page (self);
      verify_head (self);
      return;
    }

  destroy_dialogs (self);

  /* Locked with the recovery key still on screen (Ctrl+L during setup):
   * the vault exists, so the key goes and the passphrase is asked for. */
  if (self->in_setup && assay_vault_exists (self->vault))
    {
      assay_setup_page_reset (self->setup_page);
      self->in_setup = FALSE;
    }

  assay_unlock_page_reset (self->unlock_page);
  assay_window_update_page (self);
}

static void
on_setup_finished (AssayWindow *self)
{
  self->in_setup = FALSE;
  assay_window_update_page (self);

  assay_window_add_toast (self, adw_toast_new (_("Your vault is ready")));
}

static void
save_window_state (AssayWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
assay_window_close_request (GtkWindow *window)
{
  save_window_state (ASSAY_WINDOW (window));

  return GTK_WINDOW_CLASS (assay_window_parent_class)->close_request (window);
}

static void
assay_window_constructed (GObject *object)
{
  AssayWindow *self = ASSAY_WINDOW (object);

  G_OBJECT_CLASS (assay_window_parent_class)->constructed (object);

  g_assert (ASSAY_IS_VAULT (self->vault));

  self->in_setup = !assay_vault_exists (self->vault);

  assay_setup_page_set_vault (self->setup_page, self->vault);
  assay_unlock_page_set_vault (self->unlock_page, self->vault);
  assay_main_view_set_vault (self->main_view, self->vault);

  g_signal_connect_object (self->vault, "notify::locked",
                           G_CALLBACK (on_vault_locked_changed), self,
                           G_CONNECT_SWAPPED);

  assay_window_update_page (self);
}

static void
assay_window_dispose (GObject *object)
{
  AssayWindow *self = ASSAY_WINDOW (object);

  g_clear_handle_id (&self->idle_source_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), ASSAY_TYPE_WINDOW);

  g_clear_object (&self->vault);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (assay_window_parent_class)->dispose (object);
}

static void
assay_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AssayWindow *self = ASSAY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VAULT:
      g_value_set_object (value, self->vault);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AssayWindow *self = ASSAY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VAULT:
      self->vault = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
assay_window_class_init (AssayWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = assay_window_constructed;
  object_class->dispose = assay_window_dispose;
  object_class->get_property = assay_window_get_property;
  object_class->set_property = assay_window_set_property;

  window_class->close_request = assay_window_close_request;

  properties[PROP_VAULT] =
    g_param_spec_object ("vault", NULL, NULL,
                         ASSAY_TYPE_VAULT,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ASSAY_TYPE_MAIN_VIEW);
  g_type_ensure (ASSAY_TYPE_SETUP_PAGE);
  g_type_ensure (ASSAY_TYPE_UNLOCK_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/maqa/Assay/ui/assay-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AssayWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AssayWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AssayWindow, setup_page);
  gtk_widget_class_bind_template_child (widget_class, AssayWindow, unlock_page);
  gtk_widget_class_bind_template_child (widget_class, AssayWindow, main_view);
  gtk_widget_class_bind_template_callback (widget_class, on_setup_finished);
}

static void
assay_window_init (AssayWindow *self)
{
  GListModel *toplevels;
  int width, height;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  load_idle_timeout (self);
  g_signal_connect_object (self->settings, "changed::idle-lock-minutes",
                           G_CALLBACK (on_idle_lock_minutes_changed), self,
                           G_CONNECT_SWAPPED);

  watch_activity (self, GTK_WINDOW (self));

  /* Input in Preferences or a dialog is activity too: watch every window
   * the app opens from now on. */
  toplevels = gtk_window_get_toplevels ();
  g_signal_connect_object (toplevels, "items-changed",
                           G_CALLBACK (on_toplevels_changed), self,
                           G_CONNECT_SWAPPED);

  _assay_window_actions_init (self);
}

/**
 * assay_window_new:
 * @app: the application
 * @vault: the vault this window works on
 *
 * Returns: (transfer full): a new window showing setup, unlock or the main
 *   view, whichever @vault's state calls for
 */
AssayWindow *
assay_window_new (AdwApplication *app,
                  AssayVault     *vault)
{
  g_return_val_if_fail (ADW_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (ASSAY_IS_VAULT (vault), NULL);

  return g_object_new (ASSAY_TYPE_WINDOW,
                       "application", app,
                       "vault", vault,
                       NULL);
}

AssayVault *
assay_window_get_vault (AssayWindow *self)
{
  g_return_val_if_fail (ASSAY_IS_WINDOW (self), NULL);

  return self->vault;
}

/**
 * assay_window_add_toast:
 * @self: a #AssayWindow
 * @toast: (transfer full): the toast to show
 */
void
assay_window_add_toast (AssayWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (ASSAY_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
_assay_window_get_visible_page (AssayWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

AssaySetupPage *
_assay_window_get_setup_page (AssayWindow *self)
{
  return self->setup_page;
}

AssayUnlockPage *
_assay_window_get_unlock_page (AssayWindow *self)
{
  return self->unlock_page;
}

AssayMainView *
_assay_window_get_main_view (AssayWindow *self)
{
  return self->main_view;
}

void
_assay_window_set_idle_timeout_ms (AssayWindow *self,
                                   guint        timeout_ms)
{
  g_return_if_fail (ASSAY_IS_WINDOW (self));

  self->idle_timeout_overridden = timeout_ms > 0;
  if (timeout_ms > 0)
    self->idle_timeout_ms = timeout_ms;
  else
    load_idle_timeout (self);

  restart_idle_lock (self);
}

void
_assay_window_show_head_problem (AssayWindow  *self,
                                 const GError *error)
{
  g_return_if_fail (ASSAY_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  show_head_problem (self, error);
}
