/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "assay-framework.h"

G_BEGIN_DECLS

/*
 * What the framework's files share: assay-framework.c holds the object and
 * what it answers; assay-framework-loader.c reads and checks a framework
 * file into one; assay-frameworks.c, the registry, reads their fields.
 */

struct _AssayFramework
{
  GObject     parent_instance;

  char       *id;
  char       *version;
  char       *title;
  char       *kind;
  char       *agency;
  char       *description;
  char       *source;
  char       *labels[ASSAY_GRADE_GOLD + 1];
  char       *digest;
  guint       format;
  guint       limit;
  AssayOverallRule rule;
  gboolean    provision_lines;
  GPtrArray  *sections;   /* of AssaySection */
  GHashTable *criteria;   /* id -> index of its section (as pointer) */
};

/* The tokens of AssayCaseConditions, in bit order, NULL-terminated. */
extern const char * const _assay_framework_conditions[];

void  _assay_framework_criterion_free (gpointer        data);
void  _assay_framework_section_free   (gpointer        data);
/* SHA-256 of the framework's canonical JSON: what an audit pins. */
char *_assay_framework_compute_digest (AssayFramework *self);

G_END_DECLS
