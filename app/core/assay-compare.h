/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Everything `compare` is made of, for the code that wants all of it: the
 * partnership's quarters, the comparison and its figures, the forum's
 * agreed grades and the `compare --json` document. New code includes the
 * header it needs.
 */

#include "assay-agreed-grade.h"
#include "assay-comparison.h"
#include "assay-comparison-json.h"
#include "assay-quarter.h"
