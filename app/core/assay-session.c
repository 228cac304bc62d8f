/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-session"

#include "config.h"

#include "assay-session.h"

struct _AssaySession
{
  GObject          parent_instance;

  AssayVault      *vault;
  AssayStore      *store;
  AssayFrameworks *frameworks;
};

G_DEFINE_FINAL_TYPE (AssaySession, assay_session, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
assay_session_finalize (GObject *object)
{
  AssaySession *self = (AssaySession *) object;

  g_clear_object (&self->frameworks);
  g_clear_object (&self->store);
  g_clear_object (&self->vault);

  G_OBJECT_CLASS (assay_session_parent_class)->finalize (object);
}

static void
assay_session_class_init (AssaySessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = assay_session_finalize;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
assay_session_init (AssaySession *self)
{
}

AssaySession *
assay_session_new (AssayVault *vault)
{
  AssaySession *self;

  g_return_val_if_fail (ASSAY_IS_VAULT (vault), NULL);

  self = g_object_new (ASSAY_TYPE_SESSION, NULL);
  self->vault = g_object_ref (vault);
  self->store = assay_store_new (vault);
  self->frameworks = assay_frameworks_new_default ();

  return self;
}

AssayVault *
assay_session_get_vault (AssaySession *self)
{
  g_return_val_if_fail (ASSAY_IS_SESSION (self), NULL);

  return self->vault;
}

AssayStore *
assay_session_get_store (AssaySession *self)
{
  g_return_val_if_fail (ASSAY_IS_SESSION (self), NULL);

  return self->store;
}

AssayFrameworks *
assay_session_get_frameworks (AssaySession *self)
{
  g_return_val_if_fail (ASSAY_IS_SESSION (self), NULL);

  return self->frameworks;
}

void
assay_session_changed (AssaySession *self,
                       const char   *collection)
{
  g_return_if_fail (ASSAY_IS_SESSION (self));

  g_signal_emit (self, signals[CHANGED], g_quark_from_string (collection), collection);
}
