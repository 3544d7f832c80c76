#!/usr/bin/env bash
# Runs every benchmark and rewrites docs/benchmarks.md: criterion for the
# core in process, then the release programs with their baselines (SQLite
# alone, Python openpyxl and XlsxWriter, an empty Tauri window).
# Takes about a quarter of an hour on 2 cores. BENCH_SIZES and BENCH_RUNS
# narrow it (e.g. BENCH_SIZES=30,1000 BENCH_RUNS=1 for a quick look).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# XlsxWriter for the baseline; GNU time for each program's peak memory.
for pkg in python3-xlsxwriter time; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$pkg"
  fi
done
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
cargo build --release -p parkreg -p parkreg-desktop --bins
cargo bench -p parkreg-core --bench core
/usr/bin/python3 scripts/bench.py
