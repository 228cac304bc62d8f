/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "assay-audit.h"
#include "assay-comparison.h"
#include "assay-database.h"
#include "assay-error.h"
#include "assay-json-util.h"
#include "assay-secure.h"
#include "assay-store.h"
#include "assay-vault.h"

G_BEGIN_DECLS

typedef struct
{
  char     *db_path;
  gboolean  json;
} AssayCliGlobals;

/* Prints the error to stderr, frees it and returns its exit code. */
int                assay_cli_fail            (GError           *error);
int                assay_cli_usage_error     (const char       *message);
AssaySecureString *assay_cli_prompt_secret   (const char       *prompt,
                                              GError          **error);
AssaySecureString *assay_cli_get_passphrase  (const char       *env_name,
                                              const char       *prompt,
                                              gboolean          confirm,
                                              GError          **error);
AssayDatabase     *assay_cli_open_database   (AssayCliGlobals  *globals,
                                              gboolean          must_exist,
                                              GError          **error);
/* Opens the vault at --db; with @unlock, asks for the passphrase. */
AssayVault        *assay_cli_open_vault      (AssayCliGlobals  *globals,
                                              gboolean          unlock,
                                              GError          **error);
gboolean           assay_cli_parse_options   (const char       *parameter,
                                              const char       *summary,
                                              GOptionEntry     *entries,
                                              int              *argc,
                                              char           ***argv,
                                              int              *exit_code);
void               assay_cli_print_json      (JsonBuilder      *builder);
void               assay_cli_print_node      (JsonNode         *root);


int assay_cli_cmd_init     (AssayCliGlobals *globals, int argc, char **argv);
int assay_cli_cmd_check    (AssayCliGlobals *globals, int argc, char **argv);
int assay_cli_cmd_passwd   (AssayCliGlobals *globals, int argc, char **argv);
int assay_cli_cmd_recover  (AssayCliGlobals *globals, int argc, char **argv);
int assay_cli_cmd_identity (AssayCliGlobals *globals, int argc, char **argv);
int assay_cli_cmd_contacts (AssayCliGlobals *globals, int argc, char **argv);
int assay_cli_cmd_frameworks (AssayCliGlobals *globals, int argc, char **argv);
int assay_cli_cmd_audit    (AssayCliGlobals *globals, int argc, char **argv);
int assay_cli_cmd_caseload (AssayCliGlobals *globals, int argc, char **argv);
int assay_cli_cmd_sample   (AssayCliGlobals *globals, int argc, char **argv);
int assay_cli_cmd_export   (AssayCliGlobals *globals, int argc, char **argv);
int assay_cli_cmd_import   (AssayCliGlobals *globals, int argc, char **argv);
int assay_cli_cmd_conflicts (AssayCliGlobals *globals, int argc, char **argv);
int assay_cli_cmd_compare  (AssayCliGlobals *globals, int argc, char **argv);
int assay_cli_cmd_agree    (AssayCliGlobals *globals, int argc, char **argv);
int assay_cli_cmd_report   (AssayCliGlobals *globals, int argc, char **argv);

/* On stderr, when @missing (of AssayMissingFramework) is not empty: which
 * audits were left out for want of their framework, and how to install it. */
void assay_cli_note_missing_frameworks (const GPtrArray *missing);

/* For `compare` and `report`: checks @quarter before the passphrase is
 * asked for, unlocks the vault and works the comparison out over the audits
 * the filter lets through. @vault_out, if not NULL, gets the vault. */
AssayComparison *assay_cli_open_comparison (AssayCliGlobals  *globals,
                                            const char       *quarter,
                                            const char       *agency,
                                            AssayVault      **vault_out,
                                            GError          **error);

/* On stderr, when @conflicts (of AssayConflict) is not empty: which audits
 * a comparison or report left out until their conflict is settled. */
void assay_cli_note_open_conflicts (const GPtrArray *conflicts);

/* A table of caseload entries (JsonObjects), one row each. */
void assay_cli_print_cases (GPtrArray *cases);

/*
 * The `audit` commands, in assay-cli-audit.c and the files beside it: an
 * unlocked vault, its store and the frameworks, opened once per command.
 */
typedef struct
{
  AssayCliGlobals *globals;
  AssayVault      *vault;
  AssayStore      *store;
  AssayFrameworks *frameworks;
} AssayCliAuditSession;

AssayAudit *assay_cli_audit_open       (AssayCliAuditSession  *session,
                                        const char            *id,
                                        GError               **error);
/* For the commands that take one audit ID: parses the options, then opens
 * the audit. NULL, with *exit_code set, when either fails. */
AssayAudit *assay_cli_audit_open_arg   (AssayCliAuditSession  *session,
                                        const char            *command,
                                        const char            *summary,
                                        GOptionEntry          *entries,
                                        int                    argc,
                                        char                 **argv,
                                        int                   *exit_code);
void        assay_cli_audit_print_json (AssayAudit            *audit,
                                        gboolean               with_grades);
int         assay_cli_audit_history    (AssayCliAuditSession  *session,
                                        int                    argc,
                                        char                 **argv);
int         assay_cli_audit_erase      (AssayCliAuditSession  *session,
                                        int                    argc,
                                        char                 **argv);
int         assay_cli_audit_line       (AssayCliAuditSession  *session,
                                        int                    argc,
                                        char                 **argv);

G_END_DECLS
