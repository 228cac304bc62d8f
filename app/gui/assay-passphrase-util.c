/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "assay-passphrase-util"

#include "config.h"

#include <glib/gi18n.h>
#include <pwquality.h>

#include "assay-passphrase-util.h"
#include "assay-vault.h"

typedef enum
{
  HINT_NONE,
  HINT_ERROR,
  HINT_WARNING,
  HINT_SUCCESS,
} HintStyle;

static void
set_hint (GtkLabel   *hint,
          const char *text,
          HintStyle   style)
{
  static const char * const classes[] = { "dim-label", "error", "warning", "success" };

  gtk_label_set_text (hint, text);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (hint), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (hint), classes[style]);
}

/* The system's pwquality.conf, if any, tunes the hint like everywhere else
 * on the desktop; without one the library defaults apply. Read once: the
 * hint is recomputed on every key press. */
static pwquality_settings_t *
get_pwquality (void)
{
  static pwquality_settings_t *settings;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      settings = pwquality_default_settings ();
      if (settings != NULL)
        pwquality_read_config (settings, NULL, NULL);
      g_once_init_leave (&initialized, 1);
    }

  return settings;
}

void
assay_passphrase_update_strength (const char  *passphrase,
                                  const char  *confirm,
                                  GtkLevelBar *bar,
                                  GtkLabel    *hint)
{
  glong length = g_utf8_strlen (passphrase, -1);
  double level = 0;

  g_return_if_fail (GTK_IS_LEVEL_BAR (bar));
  g_return_if_fail (GTK_IS_LABEL (hint));

  if (length == 0)
    {
      set_hint (hint, _("A few unrelated words are easy to remember and hard to guess."),
                HINT_NONE);
    }
  else if (length < ASSAY_VAULT_MIN_PASSPHRASE)
    {
      g_autofree char *too_short = NULL;

      too_short = g_strdup_printf (ngettext ("Too short: use at least %d character",
                                             "Too short: use at least %d characters",
                                             ASSAY_VAULT_MIN_PASSPHRASE),
                                   ASSAY_VAULT_MIN_PASSPHRASE);
      level = 1;
      set_hint (hint, too_short, HINT_ERROR);
    }
  else
    {
      void *auxerror = NULL;
      int score;

      score = pwquality_check (get_pwquality (), passphrase, NULL, NULL, &auxerror);

      if (score < 0)
        {
          char buf[PWQ_MAX_ERROR_MESSAGE_LEN];
          const char *reason;
          g_autofree char *text = NULL;

          reason = pwquality_strerror (buf, sizeof buf, score, auxerror);
          /* Translators: %s explains why, e.g. "it is based on a dictionary word" */
          text = g_strdup_printf (_("Weak: %s"), reason);
          level = 1;
          set_hint (hint, text, HINT_WARNING);
        }
      else if (score < 50)
        {
          level = 2;
          set_hint (hint, _("Fair: a longer passphrase would be harder to guess"), HINT_NONE);
        }
      else if (score < 75)
        {
          level = 3;
          set_hint (hint, _("Good"), HINT_NONE);
        }
      else
        {
          level = 4;
          set_hint (hint, _("Strong"), HINT_SUCCESS);
        }
    }

  gtk_level_bar_set_value (bar, level);

  /* A mismatch matters more than strength once both are typed */
  if (*confirm != '\0' && g_strcmp0 (passphrase, confirm) != 0)
    set_hint (hint, _("Passphrases do not match"), HINT_ERROR);
}

gboolean
assay_passphrase_is_acceptable (const char *passphrase,
                                const char *confirm)
{
  return g_utf8_strlen (passphrase, -1) >= ASSAY_VAULT_MIN_PASSPHRASE
         && g_strcmp0 (passphrase, confirm) == 0;
}

char *
assay_recovery_key_for_display (const char *key)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = key; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        continue;

      if (n > 0 && n % 16 == 0)
        g_string_append_c (out, '\n');
      else if (n > 0 && n % 4 == 0)
        g_string_append_c (out, ' ');

      g_string_append_c (out, g_ascii_toupper (*p));
      n++;
    }

  return g_string_free (out, FALSE);
}
