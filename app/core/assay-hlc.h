/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Hybrid logical clock: 48 bits of wall-clock milliseconds and a 16-bit
 * counter in one 64-bit value. It never goes backwards, even when the wall
 * clock does, and it moves past every timestamp it has seen from elsewhere,
 * so edits made on different laptops order the way they happened.
 */
typedef struct
{
  guint64 last;
} AssayHlc;

guint64  assay_hlc_now       (AssayHlc *clock);
guint64  assay_hlc_now_at    (AssayHlc *clock,
                              gint64    wall_ms);
void     assay_hlc_observe   (AssayHlc *clock,
                              guint64   remote);
gint64   assay_hlc_get_wall_ms (guint64 stamp);
guint    assay_hlc_get_counter (guint64 stamp);
char    *assay_hlc_format    (guint64   stamp);

G_END_DECLS
