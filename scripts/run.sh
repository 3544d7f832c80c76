#!/usr/bin/env bash
# Sets up what is missing, builds, and opens the desktop program on the
# sample park (a registry of its own in target/, created on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

cargo build --release -p parkreg -p parkreg-desktop
db="target/sample-park.db"
[ -e "$db" ] || target/release/parkreg --db "$db" demo
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec target/release/parkreg-desktop --db "$db"
else
  echo "run: no display; starting the program under Xvfb"
  exec xvfb-run -a target/release/parkreg-desktop --db "$db"
fi
