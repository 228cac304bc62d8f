/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "assay-comparison.h"
#include "assay-json-writer.h"

G_BEGIN_DECLS

/* The whole `compare --json` document (see README "compare"), written from
 * the comparison's figures. Its keys and values are a promise to scripts:
 * nothing in Assay reads it back. */
JsonNode *assay_comparison_to_json    (AssayComparison *self);
/* The same document written as text, as json-glib would lay out the tree:
 * what `compare --json` prints, without holding a county's comparison as a
 * tree first. */
void      assay_comparison_write_json (AssayComparison *self,
                                       AssayJsonWriter *writer);

G_END_DECLS
