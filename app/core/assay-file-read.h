/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  ASSAY_FILE_READ_OK,
  ASSAY_FILE_READ_FAILED,     /* open or read failed: see the errno returned */
  ASSAY_FILE_READ_FOLDER,
  ASSAY_FILE_READ_NOT_FILE,   /* a device or a pipe */
  ASSAY_FILE_READ_TOO_LARGE,  /* over the limit, or grew past it while read */
} AssayFileRead;

/* Reads a file from outside (a caseload, a grades file) whole, refusing,
 * before a byte of it is read, what could block (a FIFO nobody writes to),
 * never end (/dev/zero) or be larger than @max_size. The caller words the
 * refusal for what the file was meant to be. */
AssayFileRead assay_file_read_bounded (const char  *path,
                                       gsize        max_size,
                                       GBytes     **contents,
                                       int         *saved_errno);

G_END_DECLS
