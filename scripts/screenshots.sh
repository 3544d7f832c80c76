#!/usr/bin/env bash
# Takes the pictures of docs/pages.md with the end-to-end tests (the real
# window under Xvfb, the sample park as of 2013-06-30) and copies them into
# docs/screenshots/. Look at every one before committing them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo test --test desktop -- every_page_fits_a_small_and_a_large_window a_new_park_starts_with_its_district
shots="${CARGO_TARGET_DIR:-target}/screenshots"
for page in dashboard units orgs people life money exchange history settings; do
  cp "$shots/page-$page.png" "docs/screenshots/$page.png"
done
cp "$shots/welcome.png" docs/screenshots/welcome.png
cp "$shots/first-run-import.png" docs/screenshots/first-run-import.png
ls -l docs/screenshots
