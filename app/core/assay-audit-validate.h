/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-frameworks.h"
#include "assay-missing-frameworks.h"
#include "assay-store.h"

G_BEGIN_DECLS

/*
 * Checks of records another installation wrote, before an import stores
 * them: a colleague's Assay (or anyone holding a signing key) can sign any
 * payload, and a signature proves only who wrote it, not that it is an
 * audit this Assay would have written. Every error is exit 3 (input
 * rejected), and its message names the record (audit or agreement id,
 * revision, case) and the field at fault.
 */
#define ASSAY_VALIDATE_ERROR (assay_validate_error_quark ())

typedef enum
{
  ASSAY_VALIDATE_ERROR_MALFORMED,          /* not JSON, a member missing or of the wrong type */
  ASSAY_VALIDATE_ERROR_MISMATCH,           /* says another id or author than the record */
  ASSAY_VALIDATE_ERROR_UNKNOWN_CRITERION,  /* a criterion or section the framework version lacks */
  ASSAY_VALIDATE_ERROR_BAD_GRADE,          /* not a grade token, or one the criterion refuses */
  ASSAY_VALIDATE_ERROR_INCOMPLETE,         /* finished with criteria ungraded or lines open */
  ASSAY_VALIDATE_ERROR_WRONG_GRADE,        /* a stored derived or section grade the rule does not give */
  ASSAY_VALIDATE_ERROR_REASON_REQUIRED,    /* an override or agreed grade without its reason */
} AssayValidateError;

GQuark   assay_validate_error_quark      (void);

/*
 * Checks @record, a revision of the "audits" collection, against the
 * framework version it names in @frameworks: its payload has every member
 * the audit code reads, of the right type; its id and moderator are the
 * record's; every criterion belongs to the framework version and every
 * grade is one the criterion allows (N/A only where its `required_when`
 * conditions, read from the audit's case snapshot, allow it); provision
 * lines are well formed; a finished audit has everything graded, the
 * derived grade (and any section grades stored) the grading rule gives
 * again, and an overridden final grade its reason.
 *
 * An audit made with a framework version not installed here cannot be
 * checked against it: only its shape is checked, the version is added to
 * @missing (an array of AssayMissingFramework, as
 * assay_audit_list_readable() fills) and TRUE is returned. The importer
 * stores such an audit unread and counts it as needing a framework; pass
 * NULL for @missing only where that is said some other way.
 */
gboolean assay_audit_validate_record     (AssayFrameworks    *frameworks,
                                          const AssayRecord  *record,
                                          GPtrArray          *missing,
                                          GError            **error);

/* The same, and the summary lists read (assay-audit-index.h) of an audit
 * that passes, in @summary, so that an import stores it beside the record
 * without reading the audit again. @summary is NULL for an audit whose
 * framework is not installed. */
gboolean assay_audit_validate_record_summarised (AssayFrameworks    *frameworks,
                                                 const AssayRecord  *record,
                                                 GPtrArray          *missing,
                                                 GVariant          **summary,
                                                 GError            **error);

/* Checks @record, a revision of the "agreements" collection: case and
 * framework named, a scored grade token, the forum's reason, and the chair
 * who recorded it the record's author. */
gboolean assay_agreement_validate_record (const AssayRecord  *record,
                                          GError            **error);

/* The check for @record's collection: audits and agreements as above;
 * records of other collections have no rules here and pass. */
gboolean assay_validate_record           (AssayFrameworks    *frameworks,
                                          const AssayRecord  *record,
                                          GPtrArray          *missing,
                                          GError            **error);

G_END_DECLS
