/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-gui-util.h"
#include "assay-sample.h"
#include "assay-sample-dialog.h"
#include "assay-samples-page.h"

G_BEGIN_DECLS

/* Here so that the page's -rows.c can reach it */
struct _AssaySamplesPage
{
  AdwBin             parent_instance;

  /* Template widgets */
  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  GtkLabel          *empty_hint;
  AdwStatusPage     *error_page;
  GtkListView       *samples_list;
  AdwPreferencesGroup *plans_group;
  GtkWidget         *plans_scroller;
  GtkListView       *plans_list;

  AssaySession      *session;
  GtkStringList     *sample_ids;     /* the ids of samples, newest first */
  GtkSingleSelection *selection;     /* of sample_ids */
  GtkStringList     *plan_refs;      /* the case refs of the selected sample */
  gboolean           stale;          /* to be read when next shown */
  GPtrArray         *caseload;       /* of JsonObject, ordered by case_ref */
  GHashTable        *plans_by_ref;   /* case_ref -> JsonObject, borrowed */
  GPtrArray         *samples;        /* of AssaySample, newest first */
  char              *selected_id;
  AssayDialogSlot    dialog;
};

/* assay-samples-page.c: the sample @id listed (and where), or NULL */
AssaySample        *_assay_samples_page_find_sample        (AssaySamplesPage *self,
                                                            const char       *id,
                                                            guint            *index);

/* assay-samples-page-rows.c: the rows of the two lists */
GtkListItemFactory *_assay_samples_page_sample_factory_new (AssaySamplesPage *self);
GtkListItemFactory *_assay_samples_page_plan_factory_new   (AssaySamplesPage *self);

/* The draw-sample dialog while it is open, else NULL. */
AssaySampleDialog *_assay_samples_page_get_dialog      (AssaySamplesPage *self);
/* The ids of the samples listed, newest first, and which is selected */
GtkSingleSelection *_assay_samples_page_get_samples    (AssaySamplesPage *self);
/* The case references of the selected sample's plans, as listed */
GListModel        *_assay_samples_page_get_plans       (AssaySamplesPage *self);
GtkListView       *_assay_samples_page_get_plans_list  (AssaySamplesPage *self);
/* The id of the sample whose plans are shown, or NULL. */
const char        *_assay_samples_page_get_selected    (AssaySamplesPage *self);
const char        *_assay_samples_page_get_state       (AssaySamplesPage *self);

G_END_DECLS
