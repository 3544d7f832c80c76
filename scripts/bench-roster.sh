#!/usr/bin/env bash
# A park that keeps its roster, at 100,000 units with 500,000 members:
# criterion in process (src-tauri/core/benches/roster.rs) and the release
# `parkreg summary`, `gaps` and `summary --series months` with the SQLite
# floor (scripts/bench-roster.py); rewrites the "Roster" section of
# docs/benchmarks.md. About a quarter of an hour on 2 cores;
# BENCH_ROSTER_UNITS, BENCH_ROSTER_MEMBERS and BENCH_RUNS narrow it (e.g.
# BENCH_ROSTER_UNITS=1000 BENCH_ROSTER_MEMBERS=5000 BENCH_RUNS=1).
set -euo pipefail
cd "$(dirname "$0")/.."
# GNU time for each program's peak memory.
if ! dpkg-query -W -f='${Status}' time 2>/dev/null | grep -q "install ok installed"; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
cargo build --release -p parkreg
target_dir=$(cargo metadata --format-version 1 --no-deps | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
cargo bench -p parkreg-core --bench roster
section=$(mktemp)
PARKREG_BIN="$target_dir/release/parkreg" CRITERION_DIR="$target_dir/criterion" \
  /usr/bin/python3 scripts/bench-roster.py > "$section"
/usr/bin/python3 scripts/bench_section.py "$section" docs/benchmarks.md \
  '<!-- roster: scripts/bench-roster.sh -->' \
  '<!-- end of roster -->'
cat "$section"
rm -f "$section"
