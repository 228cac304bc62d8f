/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Before GTK starts: where the test runs on a session bus of its own
 * (tests/meson.build passes its address as ASSAY_TEST_SESSION_BUS, since
 * the GUI tests hide the session bus from GApplication), points GTK at
 * that session's accessibility bus; without one, turns AT-SPI off
 * (GTK_A11Y=none) so GTK does not go looking for the desktop's. */
void      atspi_test_init       (void);

/* After gtk_init() and before g_test_init(), whose TAP output would call
 * the criticals it lets through failures: waits until GTK is on the
 * accessibility bus (see the .c file for why) */
void      atspi_test_connect    (void);

/* Whether this process gives its accessibility tree to AT-SPI (GTK_A11Y
 * is atspi, and atspi_test_init() found an accessibility bus) */
gboolean  atspi_test_available  (void);

/*
 * Everything an assistive technology can read from this process over the
 * real AT-SPI bus, as a screen reader would: from the application's root,
 * every object's name, description, attributes and, for objects
 * with the Text interface, their whole text, one per line. Read from a
 * thread of its own on a connection of its own while the main loop runs,
 * since GTK answers on the main context. NULL, with @error set, when the
 * bus cannot be reached.
 */
char     *atspi_test_dump_tree  (guint    *n_objects,
                                 GError  **error);

G_END_DECLS
