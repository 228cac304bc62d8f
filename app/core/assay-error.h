/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The command-line contract's exit codes. Every error domain in core maps its
 * codes onto one of these, so the CLI and the GUI agree on what went wrong.
 */
typedef enum
{
  ASSAY_EXIT_OK        = 0,
  ASSAY_EXIT_USAGE     = 1,
  ASSAY_EXIT_LOCKED    = 2, /* vault locked, wrong passphrase or recovery key */
  ASSAY_EXIT_REJECTED  = 3, /* malformed or unsupported input */
  ASSAY_EXIT_INTEGRITY = 4, /* tampered or damaged data, bad signature */
  ASSAY_EXIT_IO        = 5, /* disk full, permission, read-only file system */
} AssayExitCode;

AssayExitCode assay_error_get_exit_code (const GError *error);

G_END_DECLS
