/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-caseload-page.h"
#include "assay-gui-util.h"

G_BEGIN_DECLS

/* The filter drop-downs, in the order the filter menu shows them */
typedef enum
{
  ASSAY_CASELOAD_PAGE_FILTER_TEAM,
  ASSAY_CASELOAD_PAGE_FILTER_PHASE,
  ASSAY_CASELOAD_PAGE_FILTER_NEED,
  ASSAY_CASELOAD_PAGE_FILTER_PLAN_TYPE,
  ASSAY_CASELOAD_PAGE_FILTER_CHILD_IN_CARE,
  ASSAY_CASELOAD_PAGE_N_FILTERS
} AssayCaseloadPageFilterId;

typedef struct
{
  GtkDropDown *dropdown;
  GPtrArray   *tokens;   /* of char *, one per dropdown entry; NULL for "all" */
  char        *wanted;   /* the token rows must have, or NULL */
} AssayCaseloadPageFilter;

/* Here so that the page's -filters.c and -import.c can reach it */
struct _AssayCaseloadPage
{
  AdwBin                   parent_instance;

  /* Template widgets */
  GtkRevealer             *progress_revealer;
  GtkSpinner              *progress_spinner;
  GtkLabel                *progress_label;
  GtkStack                *main_stack;
  GtkStack                *results_stack;
  GtkSearchEntry          *search_entry;
  GtkMenuButton           *filter_button;
  GtkDropDown             *team_dropdown;
  GtkDropDown             *phase_dropdown;
  GtkDropDown             *need_dropdown;
  GtkDropDown             *plan_type_dropdown;
  GtkDropDown             *in_care_dropdown;
  GtkColumnView           *column_view;
  GtkColumnViewColumn     *case_ref_column;
  GtkColumnViewColumn     *plan_type_column;
  GtkColumnViewColumn     *team_column;
  GtkColumnViewColumn     *caseworker_column;
  GtkColumnViewColumn     *phase_column;
  GtkColumnViewColumn     *nc_year_column;
  GtkColumnViewColumn     *key_stage_column;
  GtkColumnViewColumn     *setting_column;
  GtkColumnViewColumn     *need_column;
  GtkColumnViewColumn     *in_care_column;
  GtkColumnViewColumn     *issued_column;
  GtkColumnViewColumn     *last_review_column;
  GtkColumnViewColumn     *requested_column;
  GtkLabel                *count_label;

  AssaySession            *session;

  GListStore              *cases;
  GtkFilter               *filter;
  GtkFilterListModel      *filter_model;
  GtkSortListModel        *sort_model;
  GtkSingleSelection      *selection;
  GtkColumnViewColumn     *columns[ASSAY_CASELOAD_N_FIELDS];

  char                    *search_text;   /* case-folded; NULL when not searching */
  gboolean                 stale;         /* to be read again when next shown */
  AssayCaseloadPageFilter  filters[ASSAY_CASELOAD_PAGE_N_FILTERS];
  gboolean                 updating_filters;

  /* Set while an import runs; a task whose cancellable is no longer this
   * one has been cancelled or outlived its session, and is ignored. */
  GCancellable            *import_cancellable;
  char                    *import_name;
  /* Read and previewed, waiting for the user to confirm it */
  AssayCaseloadBatch      *pending_batch;
  char                    *pending_name;

  GtkNativeDialog         *chooser;
  AssayDialogSlot          dialog;        /* the last result or error shown */
};

/* Shared by assay-caseload-page.c, -filters.c and -import.c */
void     _assay_caseload_page_update_actions        (AssayCaseloadPage *self);
/* The stack, the count and the filter button, after the rows shown changed */
void     _assay_caseload_page_update_state          (AssayCaseloadPage *self);

/* Before the search or a filter changes, so that the matches show from the
 * top: the list's layout is still whole then, as GTK 4.8 needs to move it */
void     _assay_caseload_page_scroll_to_top         (AssayCaseloadPage *self);

/* In assay-caseload-page-filters.c */
void     _assay_caseload_page_filters_init          (AssayCaseloadPage *self);
gboolean _assay_caseload_page_is_filtered           (AssayCaseloadPage *self);
guint    _assay_caseload_page_count_active_filters  (AssayCaseloadPage *self);
void     _assay_caseload_page_update_filter_options (AssayCaseloadPage *self);
/* Follows the search entry's text */
void     _assay_caseload_page_update_search         (AssayCaseloadPage *self);
void     _assay_caseload_page_clear_filters         (AssayCaseloadPage *self);

/* In assay-caseload-page-import.c */
void     _assay_caseload_page_class_import_init     (GtkWidgetClass    *widget_class);
/* Stops an import running, if any: its result is then ignored */
void     _assay_caseload_page_end_import            (AssayCaseloadPage *self);
/* Drops a file read and previewed, waiting for the user to confirm it */
void     _assay_caseload_page_clear_pending         (AssayCaseloadPage *self);

/* For tests */

GtkColumnView       *_assay_caseload_page_get_column_view       (AssayCaseloadPage  *self);
GtkColumnViewColumn *_assay_caseload_page_get_column            (AssayCaseloadPage  *self,
                                                                 AssayCaseloadField  field);
/* Every plan, in the store's order */
GListModel          *_assay_caseload_page_get_cases             (AssayCaseloadPage  *self);
/* The plans shown, filtered and sorted as on screen */
GtkSingleSelection  *_assay_caseload_page_get_selection         (AssayCaseloadPage  *self);
GtkSearchEntry      *_assay_caseload_page_get_search_entry      (AssayCaseloadPage  *self);
/* For team, phase, primary_need, plan_type and child_in_care */
GtkDropDown         *_assay_caseload_page_get_filter            (AssayCaseloadPage  *self,
                                                                 AssayCaseloadField  field);
GtkMenuButton       *_assay_caseload_page_get_filter_button     (AssayCaseloadPage  *self);
GtkLabel            *_assay_caseload_page_get_count_label       (AssayCaseloadPage  *self);
/* "empty", "rows" or "none" (nothing matches) */
const char          *_assay_caseload_page_get_state             (AssayCaseloadPage  *self);
gboolean             _assay_caseload_page_get_busy              (AssayCaseloadPage  *self);
GtkRevealer         *_assay_caseload_page_get_progress_revealer (AssayCaseloadPage  *self);
/* The import result or error dialog on screen, if any */
GtkWindow           *_assay_caseload_page_get_dialog            (AssayCaseloadPage  *self);

G_END_DECLS
