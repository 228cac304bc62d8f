#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds Assay and starts it on the default vault
# ($XDG_DATA_HOME/assay/assay.db). Arguments are passed to the app.
set -euo pipefail
cd "$(dirname "$0")/.."

build-aux/deps.sh run

if [ ! -f _build/build.ninja ]; then
  meson setup _build
fi
meson compile -C _build

# Uninstalled run: the schema is compiled into the build tree.
export GSETTINGS_SCHEMA_DIR="$PWD/_build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
exec _build/app/gui/assay "$@"
