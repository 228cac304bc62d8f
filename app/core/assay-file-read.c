/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-file-read"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "assay-file-read.h"

static AssayFileRead
read_fd (int      fd,
         gsize    max_size,
         GBytes **contents,
         int     *saved_errno)
{
  g_autoptr(GByteArray) data = NULL;
  GStatBuf st;

  if (fstat (fd, &st) != 0)
    {
      *saved_errno = errno;
      return ASSAY_FILE_READ_FAILED;
    }

  if (S_ISDIR (st.st_mode))
    return ASSAY_FILE_READ_FOLDER;

  /* A FIFO may never end or never start, and a device such as /dev/zero
   * never ends: only a file has a size to check before reading. */
  if (!S_ISREG (st.st_mode))
    return ASSAY_FILE_READ_NOT_FILE;

  if ((guint64) st.st_size > max_size)
    return ASSAY_FILE_READ_TOO_LARGE;

  data = g_byte_array_sized_new ((guint) st.st_size);

  for (;;)
    {
      guint8 buf[65536];
      ssize_t n = read (fd, buf, sizeof buf);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          *saved_errno = errno;
          return ASSAY_FILE_READ_FAILED;
        }
      if (n == 0)
        break;

      /* A file that grew since fstat(). */
      if (data->len + (gsize) n > max_size)
        return ASSAY_FILE_READ_TOO_LARGE;
      g_byte_array_append (data, buf, (guint) n);
    }

  *contents = g_byte_array_free_to_bytes (g_steal_pointer (&data));

  return ASSAY_FILE_READ_OK;
}

AssayFileRead
assay_file_read_bounded (const char  *path,
                         gsize        max_size,
                         GBytes     **contents,
                         int         *saved_errno)
{
  AssayFileRead result;
  int fd;

  g_return_val_if_fail (path != NULL, ASSAY_FILE_READ_FAILED);
  g_return_val_if_fail (contents != NULL && saved_errno != NULL, ASSAY_FILE_READ_FAILED);

  *contents = NULL;
  *saved_errno = 0;

  /* Without O_NONBLOCK, opening a FIFO nobody writes to would wait for
   * ever; it is refused once open. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      *saved_errno = errno;
      return ASSAY_FILE_READ_FAILED;
    }

  result = read_fd (fd, max_size, contents, saved_errno);
  close (fd);

  return result;
}
