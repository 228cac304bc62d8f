#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds Assay twice and runs every test:
#   _build       core, CLI, data and GUI tests (GUI under xvfb-run), then
#                the GUI tests that make several applications again, on a
#                D-Bus session bus of their own as on a desktop
#   _build-asan  core, CLI and fuzz-corpus tests under AddressSanitizer + UBSan
# Ends with meson's summaries and one closing line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

build-aux/deps.sh test || exit 1

status=0

setup () {
  local dir="$1"; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
}

setup _build || exit 1
meson compile -C _build || exit 1
xvfb-run -a -s "-screen 0 1280x800x24" \
  meson test -C _build --print-errorlogs --num-processes 2 || status=1
# GUI tests must not care whether a session bus is there. The whole GUI suite
# twice would add four minutes; these each make an application per test and
# failed on a bus before (tests/assay-gui-test-util.c says why).
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
  meson test -C _build --print-errorlogs --logbase testlog-session-bus \
  preferences samples-page accessibility-names accessibility-editor || status=1

setup _build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dgui=false \
  -Dbuildtype=debug || exit 1
meson compile -C _build-asan || exit 1
ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1" \
UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1" \
  meson test -C _build-asan --suite core --suite cli --suite fuzz --print-errorlogs --num-processes 2 || status=1

python3 build-aux/test-summary.py _build/meson-logs/testlog.json \
  _build/meson-logs/testlog-session-bus.json \
  _build-asan/meson-logs/testlog.json || status=1

exit $status
