#!/usr/bin/env bash
# Takes the pictures of docs/pages.md with the end-to-end tests (the real
# window under Xvfb on a 1366×768 screen, the sample park at its own date
# 2013-06-30, in Chinese and in English) and copies them into
# docs/screenshots/. Look at every one before committing them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo test --test desktop -- every_page_in_both_languages_at_1366x768 \
  a_new_park_starts_with_its_district the_district_window_exports_its_workbook
shots="${CARGO_TARGET_DIR:-target}/screenshots"
for page in dashboard dashboard-trend units orgs people life money exchange history settings; do
  cp "$shots/pages-zh-$page.png" "docs/screenshots/$page.png"
  cp "$shots/pages-en-$page.png" "docs/screenshots/en-$page.png"
done
cp "$shots/pages-zh-welcome.png" docs/screenshots/welcome.png
cp "$shots/first-run-import.png" docs/screenshots/first-run-import.png
cp "$shots/district-parks.png" docs/screenshots/district.png
cp "$shots/district-park-gaps.png" docs/screenshots/district-park.png
ls -l docs/screenshots
