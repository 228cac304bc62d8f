/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-secure"

#include "config.h"

#include <string.h>
#include <sodium.h>

#include "assay-secure.h"

gboolean
assay_secure_init (void)
{
  return sodium_init () >= 0;
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
