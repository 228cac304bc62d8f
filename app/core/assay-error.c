/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-error"

#include "config.h"

#include "assay-audit.h"
#include "assay-audit-validate.h"
#include "assay-bundle.h"
#include "assay-caseload.h"
#include "assay-compare.h"
#include "assay-contacts.h"
#include "assay-csv.h"
#include "assay-database.h"
#include "assay-error.h"
#include "assay-framework.h"
#include "assay-grades-file.h"
#include "assay-identity-file.h"
#include "assay-report.h"
#include "assay-sample.h"
#include "assay-store.h"
#include "assay-vault.h"

static AssayExitCode
vault_exit_code (int code)
{
  switch ((AssayVaultError) code)
    {
    case ASSAY_VAULT_ERROR_NOT_FOUND:
    case ASSAY_VAULT_ERROR_LOCKED:
    case ASSAY_VAULT_ERROR_WRONG_PASSPHRASE:
    case ASSAY_VAULT_ERROR_WRONG_RECOVERY_KEY:
    case ASSAY_VAULT_ERROR_BAD_RECOVERY_KEY:
      return ASSAY_EXIT_LOCKED;
    case ASSAY_VAULT_ERROR_EXISTS:
    case ASSAY_VAULT_ERROR_WEAK_PASSPHRASE:
    case ASSAY_VAULT_ERROR_NO_MEMORY:
      return ASSAY_EXIT_USAGE;
    case ASSAY_VAULT_ERROR_DAMAGED:
      return ASSAY_EXIT_INTEGRITY;
    default:
      return ASSAY_EXIT_USAGE;
    }
}

static AssayExitCode
database_exit_code (int code)
{
  switch ((AssayDatabaseError) code)
    {
    case ASSAY_DATABASE_ERROR_CORRUPT:
      return ASSAY_EXIT_INTEGRITY;
    case ASSAY_DATABASE_ERROR_NOT_ASSAY:
    case ASSAY_DATABASE_ERROR_TOO_NEW:
      return ASSAY_EXIT_REJECTED;
    case ASSAY_DATABASE_ERROR_IO:
      return ASSAY_EXIT_IO;
    case ASSAY_DATABASE_ERROR_OPEN:
    case ASSAY_DATABASE_ERROR_SQL:
    default:
      return ASSAY_EXIT_USAGE;
    }
}

static AssayExitCode
store_exit_code (int code)
{
  switch ((AssayStoreError) code)
    {
    case ASSAY_STORE_ERROR_INTEGRITY:
    case ASSAY_STORE_ERROR_RESTORED:
      return ASSAY_EXIT_INTEGRITY;
    case ASSAY_STORE_ERROR_INVALID:
      return ASSAY_EXIT_REJECTED;
    case ASSAY_STORE_ERROR_NOT_FOUND:
    default:
      return ASSAY_EXIT_USAGE;
    }
}

static AssayExitCode
framework_exit_code (int code)
{
  switch ((AssayFrameworkError) code)
    {
    case ASSAY_FRAMEWORK_ERROR_INVALID:
      return ASSAY_EXIT_REJECTED;
    case ASSAY_FRAMEWORK_ERROR_NOT_FOUND:
    default:
      return ASSAY_EXIT_USAGE;
    }
}

static AssayExitCode
audit_exit_code (int code)
{
  switch ((AssayAuditError) code)
    {
    case ASSAY_AUDIT_ERROR_DAMAGED:
      return ASSAY_EXIT_INTEGRITY;
    case ASSAY_AUDIT_ERROR_NOT_FOUND:
    case ASSAY_AUDIT_ERROR_AMBIGUOUS:
    case ASSAY_AUDIT_ERROR_READ_ONLY:
    case ASSAY_AUDIT_ERROR_INVALID:
    case ASSAY_AUDIT_ERROR_REASON_REQUIRED:
    case ASSAY_AUDIT_ERROR_INCOMPLETE:
    default:
      return ASSAY_EXIT_USAGE;
    }
}

/* A record from another installation that breaks its collection's rules
 * is rejected input, whichever rule it breaks. */
static AssayExitCode
validate_exit_code (int code)
{
  switch ((AssayValidateError) code)
    {
    case ASSAY_VALIDATE_ERROR_MALFORMED:
    case ASSAY_VALIDATE_ERROR_MISMATCH:
    case ASSAY_VALIDATE_ERROR_UNKNOWN_CRITERION:
    case ASSAY_VALIDATE_ERROR_BAD_GRADE:
    case ASSAY_VALIDATE_ERROR_INCOMPLETE:
    case ASSAY_VALIDATE_ERROR_WRONG_GRADE:
    case ASSAY_VALIDATE_ERROR_REASON_REQUIRED:
    default:
      return ASSAY_EXIT_REJECTED;
    }
}

static AssayExitCode
csv_exit_code (int code)
{
  /* An unreadable file is rejected input too: the contract's "FILE: reason". */
  switch ((AssayCsvError) code)
    {
    case ASSAY_CSV_ERROR_READ:
    case ASSAY_CSV_ERROR_TOO_LARGE:
    case ASSAY_CSV_ERROR_NOT_TEXT:
    case ASSAY_CSV_ERROR_ENCODING:
    case ASSAY_CSV_ERROR_UNTERMINATED:
    case ASSAY_CSV_ERROR_UNSUPPORTED:
    default:
      return ASSAY_EXIT_REJECTED;
    }
}

static AssayExitCode
caseload_exit_code (int code)
{
  switch ((AssayCaseloadError) code)
    {
    case ASSAY_CASELOAD_ERROR_DAMAGED:
      return ASSAY_EXIT_INTEGRITY;
    /* --map names what the command line asked for, not what the file holds */
    case ASSAY_CASELOAD_ERROR_BAD_MAP:
    case ASSAY_CASELOAD_ERROR_MAP_NO_COLUMN:
      return ASSAY_EXIT_USAGE;
    case ASSAY_CASELOAD_ERROR_EMPTY:
    case ASSAY_CASELOAD_ERROR_NOT_CASELOAD:
    case ASSAY_CASELOAD_ERROR_INVALID_VALUE:
    default:
      return ASSAY_EXIT_REJECTED;
    }
}

static AssayExitCode
sample_exit_code (int code)
{
  switch ((AssaySampleError) code)
    {
    case ASSAY_SAMPLE_ERROR_DAMAGED:
      return ASSAY_EXIT_INTEGRITY;
    case ASSAY_SAMPLE_ERROR_INVALID:
    case ASSAY_SAMPLE_ERROR_EMPTY:
    case ASSAY_SAMPLE_ERROR_NOT_FOUND:
    default:
      return ASSAY_EXIT_USAGE;
    }
}

static AssayExitCode
compare_exit_code (int code)
{
  switch ((AssayCompareError) code)
    {
    case ASSAY_COMPARE_ERROR_NOT_FOUND:
      return ASSAY_EXIT_REJECTED;
    case ASSAY_COMPARE_ERROR_DAMAGED:
      return ASSAY_EXIT_INTEGRITY;
    case ASSAY_COMPARE_ERROR_INVALID:
    case ASSAY_COMPARE_ERROR_REASON_REQUIRED:
    default:
      return ASSAY_EXIT_USAGE;
    }
}

static AssayExitCode
bundle_exit_code (int code)
{
  switch ((AssayBundleError) code)
    {
    case ASSAY_BUNDLE_ERROR_NOT_A_BUNDLE:
    case ASSAY_BUNDLE_ERROR_UNSUPPORTED:
    case ASSAY_BUNDLE_ERROR_NOT_FOR_US:
    case ASSAY_BUNDLE_ERROR_REJECTED:
      return ASSAY_EXIT_REJECTED;
    case ASSAY_BUNDLE_ERROR_NEEDS_PASSPHRASE:
    case ASSAY_BUNDLE_ERROR_WRONG_PASSPHRASE:
      return ASSAY_EXIT_LOCKED;
    case ASSAY_BUNDLE_ERROR_DAMAGED:
    case ASSAY_BUNDLE_ERROR_UNTRUSTED:
      return ASSAY_EXIT_INTEGRITY;
    case ASSAY_BUNDLE_ERROR_WRITE:
      return ASSAY_EXIT_IO;
    case ASSAY_BUNDLE_ERROR_INVALID:
    default:
      return ASSAY_EXIT_USAGE;
    }
}

static AssayExitCode
report_exit_code (int code)
{
  switch ((AssayReportError) code)
    {
    /* The disk or the folder, not the vault's data: full, read-only, not
     * ours to write, not there */
    case ASSAY_REPORT_ERROR_WRITE:
      return ASSAY_EXIT_IO;
    case ASSAY_REPORT_ERROR_FORMAT:
    default:
      return ASSAY_EXIT_USAGE;
    }
}

static AssayExitCode
contact_exit_code (int code)
{
  switch ((AssayContactError) code)
    {
    case ASSAY_CONTACT_ERROR_DAMAGED:
      return ASSAY_EXIT_INTEGRITY;
    case ASSAY_CONTACT_ERROR_NOT_FOUND:
    case ASSAY_CONTACT_ERROR_AMBIGUOUS:
    case ASSAY_CONTACT_ERROR_INVALID:
    default:
      return ASSAY_EXIT_USAGE;
    }
}

static AssayExitCode
identity_file_exit_code (int code)
{
  switch ((AssayIdentityFileError) code)
    {
    case ASSAY_IDENTITY_FILE_ERROR_READ:
    case ASSAY_IDENTITY_FILE_ERROR_INVALID:
    case ASSAY_IDENTITY_FILE_ERROR_UNSUPPORTED:
      return ASSAY_EXIT_REJECTED;
    case ASSAY_IDENTITY_FILE_ERROR_NO_NAME:
    default:
      return ASSAY_EXIT_USAGE;
    }
}

static AssayExitCode
grades_file_exit_code (int code)
{
  switch ((AssayGradesFileError) code)
    {
    case ASSAY_GRADES_FILE_ERROR_READ:
    case ASSAY_GRADES_FILE_ERROR_INVALID:
    default:
      return ASSAY_EXIT_REJECTED;
    }
}

/* The disk, not the input: full, read-only, not ours to write, failing. */
static gboolean
io_failed (const GError *error)
{
  if (error->domain == G_IO_ERROR)
    return error->code == G_IO_ERROR_NO_SPACE || error->code == G_IO_ERROR_PERMISSION_DENIED ||
           error->code == G_IO_ERROR_READ_ONLY || error->code == G_IO_ERROR_TOO_MANY_OPEN_FILES;

  if (error->domain == G_FILE_ERROR)
    return error->code == G_FILE_ERROR_NOSPC || error->code == G_FILE_ERROR_ACCES ||
           error->code == G_FILE_ERROR_PERM || error->code == G_FILE_ERROR_ROFS ||
           error->code == G_FILE_ERROR_IO || error->code == G_FILE_ERROR_MFILE;

  return FALSE;
}

AssayExitCode
assay_error_get_exit_code (const GError *error)
{
  if (error == NULL)
    return ASSAY_EXIT_OK;

  if (error->domain == ASSAY_VAULT_ERROR)
    return vault_exit_code (error->code);
  if (error->domain == ASSAY_DATABASE_ERROR)
    return database_exit_code (error->code);
  if (error->domain == ASSAY_STORE_ERROR)
    return store_exit_code (error->code);
  if (error->domain == ASSAY_FRAMEWORK_ERROR)
    return framework_exit_code (error->code);
  if (error->domain == ASSAY_AUDIT_ERROR)
    return audit_exit_code (error->code);
  if (error->domain == ASSAY_VALIDATE_ERROR)
    return validate_exit_code (error->code);
  if (error->domain == ASSAY_CSV_ERROR)
    return csv_exit_code (error->code);
  if (error->domain == ASSAY_CASELOAD_ERROR)
    return caseload_exit_code (error->code);
  if (error->domain == ASSAY_SAMPLE_ERROR)
    return sample_exit_code (error->code);
  if (error->domain == ASSAY_COMPARE_ERROR)
    return compare_exit_code (error->code);
  if (error->domain == ASSAY_BUNDLE_ERROR)
    return bundle_exit_code (error->code);
  if (error->domain == ASSAY_REPORT_ERROR)
    return report_exit_code (error->code);
  if (error->domain == ASSAY_CONTACT_ERROR)
    return contact_exit_code (error->code);
  if (error->domain == ASSAY_IDENTITY_FILE_ERROR)
    return identity_file_exit_code (error->code);
  if (error->domain == ASSAY_GRADES_FILE_ERROR)
    return grades_file_exit_code (error->code);
  if (error->domain == G_OPTION_ERROR)
    return ASSAY_EXIT_USAGE;
  if (io_failed (error))
    return ASSAY_EXIT_IO;

  return ASSAY_EXIT_USAGE;
}
