#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages Assay needs that are missing.
#   deps.sh run    what building and running the app needs
#   deps.sh test   that, plus what the test suite needs (Xvfb, a D-Bus session
#                  bus, fonts, icons, validators)
set -euo pipefail

run_packages=(
  meson ninja-build pkg-config gcc python3 gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
  libsodium-dev libsqlite3-dev libjson-glib-dev libpwquality-dev
  libcairo2-dev libpango1.0-dev
  fonts-cantarell adwaita-icon-theme
)
test_packages=(
  xvfb xauth dbus-daemon at-spi2-core desktop-file-utils appstream libxtst6
  poppler-utils
)

wanted=("${run_packages[@]}")
if [ "${1:-run}" = "test" ]; then
  wanted+=("${test_packages[@]}")
fi

missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

echo "Installing missing packages: ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
