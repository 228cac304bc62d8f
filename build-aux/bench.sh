#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Assay at scale: build-aux/bench.sh [N...] (default 1000 10000 100000, see
# docs/performance.md). Builds what it needs into _build/, makes
# (once per N, cached in _build/bench-cache/N/) a moderator's vault of N
# synthetic audits with bench-generate, and prints one line per measure and
# size:
#
#   measure=<name> n=<N> median_ms=<X> [baseline_ms=<B> ratio=<X/B>]
#     [peak_rss_mb=<M>] [rss_mb=<M>] [kdf_ms=<K>]
#
# CLI times are the command's wall time less one Argon2id derivation with
# the vault's default parameters (kdf_ms, measured in the same run); its
# peak memory includes the derivation. A run over BENCH_TIMEOUT seconds
# prints median_ms=timeout. Progress goes to stderr.
#
# Environment: BENCH_RUNS (3; a measure whose first run takes over a
# minute gets one), BENCH_TIMEOUT (600 s: per CLI run, and for the GUI
# program as a whole), BENCH_MEASURES (the measures to run, default
# "list compare report-pdf report-csv export import gui"; import needs
# export), BENCH_BUILD (_build).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD:-$root/_build}
runs=${BENCH_RUNS:-3}
limit=${BENCH_TIMEOUT:-600}
sizes=${*:-1000 10000 100000}
measures=${BENCH_MEASURES:-list compare report-pdf report-csv export import gui}
passphrase="benchmark passphrase"

say () {
  echo "bench: $*" >&2
}

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dgui=true >&2
fi
gui=$(meson introspect "$build" --buildoptions |
      python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "gui"))')
targets="app/cli/assay-cli bench/bench-generate bench/bench-baseline"
if [ "$gui" = True ]; then
  targets="$targets bench/bench-gui-scale data/gschemas.compiled"
fi
# shellcheck disable=SC2086 # the targets are words
ninja -C "$build" -j1 $targets >&2

cli=$build/app/cli/assay-cli
work=$(mktemp -d "${TMPDIR:-/tmp}/assay-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

export ASSAY_PASSPHRASE="$passphrase"
# Never a real user's vault, nor their record of what was seen
export XDG_DATA_HOME="$work/data"
export XDG_STATE_HOME="$work/state"
export LC_ALL=C.UTF-8

now_ms () {
  echo $(($(date +%s%N) / 1000000))
}

# The middle of the numbers on stdin
median () {
  sort -n | awk '{ v[NR] = $1 } END { if (NR > 0) print v[int((NR + 1) / 2)] }'
}

# run_timed NAME COMMAND...: one run of COMMAND in a fresh state folder
# (where the vault's last-seen head is kept: each run starts as on a
# computer that has not seen this copy). Appends the wall time in ms and
# the peak RSS in KB to $work/NAME.times and $work/NAME.rss; returns 1 on
# a time-out, and stops the script on any other failure.
run_timed () {
  name=$1
  shift
  rm -rf "$work/state"
  start=$(now_ms)
  status=0
  # time(1) reports the largest of the processes under it: the command's
  XDG_STATE_HOME="$work/state" /usr/bin/time -f %M -o "$work/rss" \
    timeout "$limit" "$@" > "$work/out" 2> "$work/err" || status=$?
  end=$(now_ms)
  if [ "$status" = 124 ]; then
    return 1
  elif [ "$status" != 0 ]; then
    say "$name failed ($status):"
    cat "$work/err" >&2
    exit 1
  fi
  echo $((end - start)) >> "$work/$name.times"
  tail -n 1 "$work/rss" >> "$work/$name.rss"
}

# cli_measure NAME N PREPARE COMMAND...: PREPARE (a shell function) runs
# before each run, untimed.
cli_measure () {
  name=$1 n=$2 prepare=$3
  shift 3
  rm -f "$work/$name.times" "$work/$name.rss"
  i=0
  while [ "$i" -lt "$runs" ]; do
    $prepare
    if ! run_timed "$name" "$@"; then
      echo "measure=$name n=$n median_ms=timeout kdf_ms=$kdf_ms"
      return
    fi
    i=$((i + 1))
    # Over a minute: one run tells enough
    if [ "$(tail -n 1 "$work/$name.times")" -gt 60000 ]; then
      break
    fi
  done
  wall=$(median < "$work/$name.times")
  ms=$((wall - kdf_ms))
  rss=$(sort -n "$work/$name.rss" | tail -n 1)
  line="measure=$name n=$n median_ms=$ms"
  if [ "$name" = export ] || [ "$name" = import ]; then
    line="$line baseline_ms=$baseline_ms ratio=$(awk "BEGIN { printf \"%.1f\", $ms / $baseline_ms }")"
  fi
  echo "$line peak_rss_mb=$((rss / 1024)) kdf_ms=$kdf_ms"
}

nothing () {
  :
}

# copy_vault NAME: the cached vault NAME.db into $work, with its
# write-ahead log if it has one
copy_vault () {
  rm -f "$work/$1.db" "$work/$1.db-wal" "$work/$1.db-shm"
  cp "$cache/$1.db" "$work/$1.db"
  if [ -f "$cache/$1.db-wal" ]; then
    cp "$cache/$1.db-wal" "$work/$1.db-wal"
  fi
}

fresh_receiver () {
  copy_vault receiver
}

for n in $sizes; do
  cache=$build/bench-cache/$n
  if [ ! -f "$cache/ready" ]; then
    say "generating $n audits into $cache (once; reused after)"
    rm -rf "$cache"
    start=$(now_ms)
    "$build/bench/bench-generate" "$n" "$cache" >&2
    say "generated $n audits in $(( ($(now_ms) - start) / 1000 )) s"
  fi
  receiver=$(sed -n 's/^receiver=//p' "$cache/info")

  # A copy, so that nothing a command writes changes the cached vault
  copy_vault me

  if [ "$measures" = gui ]; then
    kdf_ms=0 baseline_ms=0
  else
    say "n=$n: baseline and key derivation"
    base=$("$build/bench/bench-baseline" "$work/me.db" "$work/baseline.db" "$runs")
    baseline_ms=$(echo "$base" | sed -n 's/.*baseline_ms=\([0-9]*\).*/\1/p')
    kdf_ms=$(echo "$base" | sed -n 's/.*kdf_ms=\([0-9]*\).*/\1/p')
  fi

  for measure in $measures; do
    case $measure in
      gui) continue ;;
    esac
    say "n=$n: $measure"
    case $measure in
      list)
        cli_measure list "$n" nothing "$cli" --db "$work/me.db" audit list --json ;;
      compare)
        cli_measure compare "$n" nothing "$cli" --db "$work/me.db" compare --json ;;
      report-pdf)
        cli_measure report-pdf "$n" nothing "$cli" --db "$work/me.db" report --pdf "$work/report.pdf" ;;
      report-csv)
        cli_measure report-csv "$n" nothing "$cli" --db "$work/me.db" report --csv "$work/report.csv" ;;
      export)
        cli_measure export "$n" nothing "$cli" --db "$work/me.db" export --to "$work/me.bundle" \
          --recipient "$receiver" ;;
      import)
        if [ -f "$work/me.bundle" ]; then
          cli_measure import "$n" fresh_receiver "$cli" --db "$work/receiver.db" import "$work/me.bundle"
        else
          say "import needs the bundle export writes: not measured"
        fi ;;
      *)
        say "no measure $measure" ;;
    esac
  done
  rm -f "$work/me.bundle" "$work/receiver.db"

  case " $measures " in
    *" gui "*) ;;
    *) continue ;;
  esac
  if [ "$gui" = True ]; then
    say "n=$n: gui-unlock, gui-filter"
    copy_vault me
    rm -rf "$work/state"
    status=0
    XDG_STATE_HOME="$work/state" GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory \
      GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
      xvfb-run -a -s "-screen 0 1280x800x24" \
      timeout "$limit" "$build/bench/bench-gui-scale" "$work/me.db" "$n" "$runs" > "$work/gui" 2> "$work/err" ||
      status=$?
    if [ "$status" = 0 ]; then
      cat "$work/gui"
    elif [ "$status" = 124 ]; then
      grep '^measure=' "$work/gui" || echo "measure=gui-unlock n=$n median_ms=timeout"
      grep -q '^measure=gui-filter' "$work/gui" || echo "measure=gui-filter n=$n median_ms=timeout"
    else
      say "the GUI bench failed ($status):"
      cat "$work/err" >&2
      exit 1
    fi
  else
    say "built without the GUI (-Dgui=false): gui-unlock and gui-filter not measured"
  fi
  rm -f "$work/me.db" "$work/me.db-wal" "$work/me.db-shm"
done
