/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-secure"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sodium.h>

#include "assay-secure.h"

gboolean
assay_secure_init (void)
{
  return sodium_init () >= 0;
}

#if defined(__SANITIZE_ADDRESS__)
#define KEEP_DUMPABLE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KEEP_DUMPABLE 1
#endif
#endif

void
assay_secure_harden_process (void)
{
  struct rlimit none = { 0, 0 };

  if (setrlimit (RLIMIT_CORE, &none) != 0)
    g_debug ("Could not turn core dumps off: %s", g_strerror (errno));

#if defined(__linux__) && !defined(KEEP_DUMPABLE)
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_debug ("Could not make the process undumpable: %s", g_strerror (errno));
#endif
}

gboolean
assay_secure_process_is_hardened (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_CORE, &limit) != 0 || limit.rlim_cur != 0 || limit.rlim_max != 0)
    return FALSE;

#if defined(__linux__) && !defined(KEEP_DUMPABLE)
  if (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0) != 0)
    return FALSE;
#endif

  return TRUE;
}

gpointer
assay_secure_alloc (gsize size)
{
  gpointer mem;

  if (!assay_secure_init ())
    g_error ("libsodium could not be initialised");

  mem = sodium_malloc (MAX (size, 1));
  if (mem == NULL)
    g_error ("Could not allocate %" G_GSIZE_FORMAT " bytes of secure memory", size);

  return mem;
}

void
assay_secure_free (gpointer mem)
{
  /* sodium_free() zeroes the memory before it is released. */
  if (mem != NULL)
    sodium_free (mem);
}

void
assay_secure_wipe (gpointer mem,
                   gsize    len)
{
  if (mem != NULL)
    sodium_memzero (mem, len);
}

char *
assay_secure_strndup (const char *str,
                      gsize       len)
{
  char *copy;

  if (str == NULL)
    return NULL;

  copy = assay_secure_alloc (len + 1);
  memcpy (copy, str, len);
  copy[len] = '\0';

  return copy;
}

char *
assay_secure_strdup (const char *str)
{
  if (str == NULL)
    return NULL;

  return assay_secure_strndup (str, strlen (str));
}

gboolean
assay_secure_str_equal (const char *a,
                        const char *b)
{
  gsize len_a, len_b;

  if (a == NULL || b == NULL)
    return a == b;

  len_a = strlen (a);
  len_b = strlen (b);
  if (len_a != len_b)
    return FALSE;

  return sodium_memcmp (a, b, len_a) == 0;
}
