/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "assay-application.h"
#include "assay-secure.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AssayApplication) app = NULL;

  /* Before any secret is read. */
  assay_secure_harden_process ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = assay_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
