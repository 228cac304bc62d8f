/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-sample.h"
#include "assay-sample-dialog.h"

G_BEGIN_DECLS

GtkEditable       *_assay_sample_dialog_get_size_entry     (AssaySampleDialog *self);
GtkEditable       *_assay_sample_dialog_get_seed_entry     (AssaySampleDialog *self);
GtkSwitch         *_assay_sample_dialog_get_stratum_switch (AssaySampleDialog *self,
                                                            const char        *field);
GtkSpinButton     *_assay_sample_dialog_get_minimum_spin   (AssaySampleDialog *self);
GtkSwitch         *_assay_sample_dialog_get_in_care_switch (AssaySampleDialog *self);
AdwComboRow       *_assay_sample_dialog_get_plan_type_row  (AssaySampleDialog *self);
GtkListBox        *_assay_sample_dialog_get_strata_list    (AssaySampleDialog *self);
GtkLabel          *_assay_sample_dialog_get_size_label     (AssaySampleDialog *self);
GtkLabel          *_assay_sample_dialog_get_rule_label     (AssaySampleDialog *self);
GtkLabel          *_assay_sample_dialog_get_error_label    (AssaySampleDialog *self);
/* The sample the preview shows, NULL when the settings do not make one. */
const AssaySample *_assay_sample_dialog_get_preview        (AssaySampleDialog *self);

G_END_DECLS
