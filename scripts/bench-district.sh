#!/usr/bin/env bash
# The district's roll-up at scale (src-tauri/core/benches/district.rs):
# rewrites the "District roll-up" section of docs/benchmarks.md with the
# figures of one run. About a quarter of an hour on 2 cores; BENCH_PARKS
# and BENCH_RUNS narrow it (e.g. BENCH_PARKS=50 BENCH_RUNS=1).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if ! dpkg-query -W -f='${Status}' time 2>/dev/null | grep -q "install ok installed"; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
cargo build --release -p parkreg
target_dir=$(cargo metadata --format-version 1 --no-deps | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
section=$(mktemp)
PARKREG_BIN="$target_dir/release/parkreg" cargo bench -p parkreg-core --bench district > "$section"
/usr/bin/python3 scripts/bench_section.py "$section" docs/benchmarks.md \
  '<!-- district roll-up: scripts/bench-district.sh -->' \
  '<!-- end of district roll-up -->'
cat "$section"
