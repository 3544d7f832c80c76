#!/usr/bin/env bash
# A protected registry against the same one unprotected, in one run
# (scripts/bench-protected.py): rewrites the "Protected registry" section
# of docs/benchmarks.md. About ten minutes on 2 cores; BENCH_UNITS and
# BENCH_DESKTOP_RUNS narrow it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
cargo build --release -p parkreg -p parkreg-desktop --bins
section=$(mktemp)
/usr/bin/python3 scripts/bench-protected.py > "$section"
/usr/bin/python3 scripts/bench_section.py "$section" docs/benchmarks.md \
  '<!-- protected registry: scripts/bench-protected.sh -->' \
  '<!-- end of protected registry -->'
cat "$section"
