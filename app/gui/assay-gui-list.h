/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Removes every row of @list. */
void       assay_gui_list_box_clear           (GtkListBox *list);
/* A dimmed, wrapping label saying why a list is empty, to append as its only row. */
GtkWidget *assay_gui_list_box_placeholder_new (const char *text);

G_END_DECLS
