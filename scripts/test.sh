#!/usr/bin/env bash
# Sets up what is missing, then runs every check and test: formatting,
# lints, unit and integration tests of the core, the CLI tests, and the
# end-to-end tests of the real desktop program under Xvfb, then the
# packages: built, installed, run and removed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
# The UI's scripts and styles in what the oldest supported browsers have.
tests/compat/check.sh
# The fuzz tests run a minute per target here (a few seconds by default).
export PARKREG_FUZZ_SECONDS="${PARKREG_FUZZ_SECONDS:-60}"
# The model-based test of the store: 500 random sequences here (about five
# minutes; 24 by default).
export PARKREG_STATE_CASES="${PARKREG_STATE_CASES:-500}"
# The desktop tests start their own Xvfb display when DISPLAY is not set.
cargo test --workspace
# Once more on protected registries: the store's random operations with
# every registry protected from the start, and the CLI tests with every new
# registry protected (each open of a protected file derives its key, so
# fewer sequences).
PARKREG_TEST_PASSPHRASE="第一个口令 test-passphrase" PARKREG_STATE_CASES=60 \
  cargo test -p parkreg-core --test state_machine
PARKREG_NEW_PASSPHRASE="测试口令 cli-tests" PARKREG_PASSPHRASE="测试口令 cli-tests" \
  cargo test --test cli
# The packages, built and installed as a clerk would install them.
scripts/package.sh
scripts/check-packages.sh
