/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-moderation-page"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "assay-grade-label.h"
#include "assay-moderation-page-private.h"

/*
 * The moderation page's figure cards: plans moderated by two or more,
 * exact agreement, within one grade, Krippendorff's alpha and the share of
 * plans graded Silver or better, as the comparison computed them.
 */

static gboolean
has_value (double value)
{
  return !isnan (value) && value >= 0.0;
}

static void
set_share (GtkLabel *label,
           double    share)
{
  g_autofree char *text = NULL;

  if (!has_value (share))
    {
      gtk_label_set_text (label, "—");
      return;
    }

  /* Translators: a share as a whole percentage, e.g. "75%" */
  text = g_strdup_printf (_("%.0f%%"), share * 100.0);
  gtk_label_set_text (label, text);
}

void
_assay_moderation_page_update_figures (AssayModerationPage *self,
                                       AssayComparison     *comparison)
{
  const AssayGradeCounts *overall = comparison != NULL ?
                                    assay_comparison_get_overall (comparison) : NULL;
  guint n_double = comparison != NULL ? assay_comparison_get_n_double_plans (comparison) : 0;
  guint n_audits = comparison != NULL ? assay_comparison_get_n_audits (comparison) : 0;
  guint n_graded = overall != NULL ? overall->total : 0;
  guint n_good = overall != NULL ? overall->counts[ASSAY_GRADE_GOLD] +
                                   overall->counts[ASSAY_GRADE_SILVER] : 0;
  double alpha = comparison != NULL ? assay_comparison_get_alpha (comparison) : NAN;
  double silver = comparison != NULL ? assay_comparison_get_silver_or_better (comparison) : NAN;
  g_autofree char *pairs = g_strdup_printf ("%'u", n_double);
  g_autofree char *pairs_caption = NULL;
  g_autofree char *silver_title = NULL;
  g_autofree char *silver_caption = NULL;

  gtk_label_set_text (self->pairs_value, pairs);
  /* Translators: under the number of plans moderated by two or more */
  pairs_caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "By two or more moderators, of %'u audit "
                                                "finished",
                                                "By two or more moderators, of %'u audits "
                                                "finished",
                                                n_audits),
                                   n_audits);
  gtk_label_set_text (self->pairs_caption, pairs_caption);

  set_share (self->exact_value,
             comparison != NULL ? assay_comparison_get_exact (comparison) : NAN);
  set_share (self->within_value,
             comparison != NULL ? assay_comparison_get_within_one (comparison) : NAN);

  /* α can fall below zero (worse than chance): only NAN means "no value" */
  if (!isnan (alpha))
    {
      g_autofree char *text = g_strdup_printf ("%.2f", alpha);

      gtk_label_set_text (self->alpha_value, text);
    }
  else
    gtk_label_set_text (self->alpha_value, "—");

  if (isnan (alpha))
    {
      gtk_label_set_text (self->alpha_caption, _("Needs more plans moderated by two"));
      gtk_widget_remove_css_class (self->alpha_card, "warning");
    }
  else if (alpha < ASSAY_AGREEMENT_FLOOR)
    {
      g_autofree char *caption = g_strdup_printf (_("Below %.1f, the usual floor for "
                                                    "acceptable agreement"),
                                                  ASSAY_AGREEMENT_FLOOR);

      gtk_label_set_text (self->alpha_caption, caption);
      gtk_widget_add_css_class (self->alpha_card, "warning");
    }
  else
    {
      g_autofree char *caption = g_strdup_printf (_("%.1f is the usual floor for "
                                                    "acceptable agreement"),
                                                  ASSAY_AGREEMENT_FLOOR);

      gtk_label_set_text (self->alpha_caption, caption);
      gtk_widget_remove_css_class (self->alpha_card, "warning");
    }

  set_share (self->silver_value, silver);
  /* Translators: the share of plans graded Silver or better; %s is the
   * partnership's word for Silver */
  silver_title = g_strdup_printf (_("%s or better"), assay_grade_label (NULL, ASSAY_GRADE_SILVER));
  gtk_label_set_text (self->silver_title, silver_title);
  if (n_graded > 0)
    /* Translators: how many plans of how many had Silver or better */
    silver_caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%'u of %'u plan audited, by final grade",
                                                   "%'u of %'u plans audited, by final grade",
                                                   n_graded),
                                      n_good, n_graded);
  else
    silver_caption = g_strdup (_("No plan has a final grade yet"));
  gtk_label_set_text (self->silver_caption, silver_caption);
}
