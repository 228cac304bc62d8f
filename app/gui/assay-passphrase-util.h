/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Rates @passphrase on @bar, 0 (nothing typed) to 4, the way GNOME's own
 * account setup does, and explains the rating in @hint; once @confirm is
 * typed and differs, @hint says so instead. Every screen that sets a
 * passphrase uses this, so they judge the same passphrase alike. */
void  assay_passphrase_update_strength (const char  *passphrase,
                                        const char  *confirm,
                                        GtkLevelBar *bar,
                                        GtkLabel    *hint);

/* Whether @passphrase is long enough and @confirm repeats it */
gboolean assay_passphrase_is_acceptable (const char *passphrase,
                                         const char *confirm);

/* A recovery key as two lines of four groups, the way it is written down;
 * parsing ignores the spaces and the line break. */
char *assay_recovery_key_for_display   (const char  *key);

G_END_DECLS
