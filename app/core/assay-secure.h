/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Secrets (passphrases, recovery keys, key material) live in memory from
 * sodium_malloc(): guarded, locked out of swap where the system allows it,
 * and zeroed when freed.
 */
typedef char AssaySecureString;

gboolean  assay_secure_init     (void);
/* Keeps secrets out of core files: no core dump (RLIMIT_CORE 0) and, on
 * Linux, not dumpable, so no other process of the user's can read this
 * one's memory through /proc or ptrace. Called first by both programs.
 * Builds with AddressSanitizer stay dumpable: LeakSanitizer needs it. */
void      assay_secure_harden_process (void);
/* Whether assay_secure_harden_process() took effect: core dumps off (and
 * not dumpable where that applies). */
gboolean  assay_secure_process_is_hardened (void);
gpointer  assay_secure_alloc    (gsize          size);
void      assay_secure_free     (gpointer       mem);
void      assay_secure_wipe     (gpointer       mem,
                                 gsize          len);
char     *assay_secure_strdup   (const char    *str);
char     *assay_secure_strndup  (const char    *str,
                                 gsize          len);
gboolean  assay_secure_str_equal (const char   *a,
                                  const char   *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AssaySecureString, assay_secure_free)

G_END_DECLS
