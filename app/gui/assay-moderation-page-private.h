/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "assay-blind-rule.h"
#include "assay-bundle.h"
#include "assay-comparison.h"
#include "assay-contacts.h"
#include "assay-gui-util.h"
#include "assay-moderation-item.h"
#include "assay-moderation-page.h"
#include "assay-secure.h"

G_BEGIN_DECLS

/*
 * The page is one widget in several files, one concern each: the list and
 * its filters (assay-moderation-page.c), its rows (-rows.c), the figure
 * cards (-figures.c), bundle import in the background (-import.c), conflicting
 * changes (-conflicts.c) and the page's actions (-actions.c).
 */

struct _AssayModerationPage
{
  AdwBin             parent_instance;

  /* Template widgets */
  GtkRevealer       *progress_revealer;
  GtkSpinner        *progress_spinner;
  GtkLabel          *progress_label;
  GtkRevealer       *missing_revealer;
  GtkLabel          *missing_label;
  GtkRevealer       *conflicts_revealer;
  GtkLabel          *conflicts_label;
  GtkStack          *main_stack;
  GtkStack          *results_stack;
  GtkDropDown       *quarter_dropdown;
  GtkDropDown       *agency_dropdown;
  GtkDropDown       *order_dropdown;
  GtkWidget         *pairs_card;
  GtkLabel          *pairs_value;
  GtkLabel          *pairs_caption;
  GtkWidget         *exact_card;
  GtkLabel          *exact_value;
  GtkWidget         *within_card;
  GtkLabel          *within_value;
  GtkWidget         *alpha_card;
  GtkLabel          *alpha_value;
  GtkLabel          *alpha_caption;
  GtkWidget         *silver_card;
  GtkLabel          *silver_value;
  GtkLabel          *silver_title;
  GtkLabel          *silver_caption;
  GtkLabel          *count_label;
  GtkListView       *plans_list;
  GtkSpinner        *spinner;

  AssaySession      *session;
  GListStore        *items;
  GtkSortListModel  *sorted;
  GtkCustomSorter   *sorter;
  GtkSizeGroup      *state_group;      /* lines the state labels up */
  GtkSizeGroup      *moderators_group; /* and the moderators' grades */

  GPtrArray         *quarters;         /* of char *: tokens of the quarter drop-down */
  GPtrArray         *agencies;         /* of char *: ids of the agency drop-down */
  gboolean           updating_filters;
  gboolean           stale;
  GCancellable      *load_cancellable;  /* the audits being listed */

  GPtrArray         *conflicts;        /* of AssayConflict, as last listed */
  GtkWidget         *conflicts_box;    /* weak: the cards of the open conflicts dialog */
  AssayBlindRule    *blind;            /* from the audits last listed */
  AssayContactNames *names;            /* the address book, as last read */

  /* An import under way: the files, the next one, what each came to, and
   * the partnership passphrase given for this batch (secure memory). */
  GPtrArray         *import_paths;
  guint              import_index;
  GPtrArray         *import_outcomes;
  AssaySecureString *passphrase;
  guint              import_source;
  GCancellable      *import_cancellable;   /* the file being opened */
  AssayOpenedBundle *unknown_bundle;       /* opened, from a sender the user is asked about */

  GtkNativeDialog   *chooser;
  AssayDialogSlot    dialog;           /* the last dialog opened */
};

/* assay-moderation-page.c */
void        _assay_moderation_page_present_dialog  (AssayModerationPage *self,
                                                    GtkWidget           *dialog);
gboolean    _assay_moderation_page_is_busy         (AssayModerationPage *self);
/* Whether the blind rule hides @audit's grades here */
gboolean    _assay_moderation_page_hides           (AssayModerationPage *self,
                                                    AssayAudit          *audit);
void        _assay_moderation_page_update_actions  (AssayModerationPage *self);
/* The quarter and agency chosen in the drop-downs (borrowed). */
void        _assay_moderation_page_get_filter      (AssayModerationPage *self,
                                                    AssayCompareFilter  *filter);

/* assay-moderation-page-rows.c: the rows of the list, one for each
 * AssayModerationItem, and their order (as the order drop-down says). */
GtkListItemFactory *_assay_moderation_page_row_factory_new (AssayModerationPage *self);
/* Whether the blind rule hides any of @item's audits here */
gboolean    _assay_moderation_page_item_hidden     (AssayModerationPage *self,
                                                    AssayModerationItem *item);
/* What the row of @item says of it: "Agree", "Differ", "Blind"… */
char       *_assay_moderation_page_dup_item_state  (AssayModerationPage *self,
                                                    AssayModerationItem *item);
int         _assay_moderation_page_compare_items   (gconstpointer        a,
                                                    gconstpointer        b,
                                                    gpointer             user_data);

/* assay-moderation-page-figures.c: the cards, from @comparison (may be NULL). */
void        _assay_moderation_page_update_figures  (AssayModerationPage *self,
                                                    AssayComparison     *comparison);

/* assay-moderation-page-conflicts.c: the strip that counts them. */
void        _assay_moderation_page_update_conflicts (AssayModerationPage *self);
void        _assay_moderation_page_review_conflicts_action (GtkWidget  *widget,
                                                            const char *action_name,
                                                            GVariant   *param);
/* (ref, "mine" | "theirs" | "both") */
void        _assay_moderation_page_resolve_conflict_action (GtkWidget  *widget,
                                                            const char *action_name,
                                                            GVariant   *param);

/* assay-moderation-page-import.c */
void        _assay_moderation_page_end_import      (AssayModerationPage *self);
void        _assay_moderation_page_on_vault_locking (AssayModerationPage *self);
void        _assay_moderation_page_import_action   (GtkWidget           *widget,
                                                    const char          *action_name,
                                                    GVariant            *param);
void        _assay_moderation_page_import_file_action (GtkWidget        *widget,
                                                       const char       *action_name,
                                                       GVariant         *param);
void        _assay_moderation_page_cancel_import_action (GtkWidget      *widget,
                                                         const char     *action_name,
                                                         GVariant       *param);

/* assay-moderation-page-actions.c: installs every moderation.* action. */
void        _assay_moderation_page_install_actions (GtkWidgetClass      *widget_class);

/* For tests */


/* Reads the page if it is stale, and waits for a reading under way */
void        _assay_moderation_page_settle           (AssayModerationPage *self);
/* Whether the audits are being read. */
gboolean    _assay_moderation_page_get_loading      (AssayModerationPage *self);
/* "loading", "empty", "rows" or "none" (the filters leave no plan); a page
 * not read since it changed is read first, and waited for. */
const char *_assay_moderation_page_get_state        (AssayModerationPage *self);
/* The plan rows on screen, in order (AssayModerationRow); the state the
 * row of @case_ref says, or NULL when no plan @case_ref is listed. */
GPtrArray  *_assay_moderation_page_get_rows         (AssayModerationPage *self);
const char *_assay_moderation_page_get_row_state    (AssayModerationPage *self,
                                                     const char          *case_ref);
/* "pairs", "exact", "within", "alpha" or "silver" */
GtkLabel   *_assay_moderation_page_get_figure       (AssayModerationPage *self,
                                                     const char          *which);
GtkWidget  *_assay_moderation_page_get_figure_card  (AssayModerationPage *self,
                                                     const char          *which);
GtkDropDown *_assay_moderation_page_get_dropdown    (AssayModerationPage *self,
                                                     const char          *which);
GtkRevealer *_assay_moderation_page_get_conflicts_revealer (AssayModerationPage *self);
GtkLabel   *_assay_moderation_page_get_conflicts_label (AssayModerationPage *self);
gboolean    _assay_moderation_page_get_busy         (AssayModerationPage *self);
/* The dialog the page last opened and that is still open, or NULL. */
GtkWindow  *_assay_moderation_page_get_dialog       (AssayModerationPage *self);

/* The note about audits left out for want of their framework. */
GtkRevealer *_assay_moderation_page_get_missing_revealer (AssayModerationPage *self);
/* What the import strip says is being done. */
GtkLabel    *_assay_moderation_page_get_progress_label   (AssayModerationPage *self);

G_END_DECLS
