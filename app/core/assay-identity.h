/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A public identity (64 hex digits, as `assay-cli identity` prints it) for
 * people: "0123abcd 4567ef01 …", with a space every eight digits, easier to
 * read aloud and to compare. Recipients are accepted with or without the
 * spaces. Shown wherever Assay shows an identity, so that it always looks the
 * same. */
char *assay_identity_format (const char *identity);

G_END_DECLS
