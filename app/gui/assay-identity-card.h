/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ASSAY_TYPE_IDENTITY_CARD (assay_identity_card_get_type ())

G_DECLARE_FINAL_TYPE (AssayIdentityCard, assay_identity_card, ASSAY, IDENTITY_CARD, AdwBin)

/*
 * Someone's name, agency and fingerprint, the fingerprint in six large
 * groups of digits that two people can read to each other over the phone.
 */
GtkWidget  *assay_identity_card_new          (const char        *name,
                                              const char        *agency,
                                              const char        *fingerprint);
void        assay_identity_card_set          (AssayIdentityCard *self,
                                              const char        *name,
                                              const char        *agency,
                                              const char        *fingerprint);
/* The fingerprint as shown, its groups separated by spaces. */
char       *assay_identity_card_dup_fingerprint_text (AssayIdentityCard *self);

G_END_DECLS
