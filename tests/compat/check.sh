#!/usr/bin/env bash
# The browser mode's static gate: the UI's scripts in what Chromium 69 and
# Firefox 60 parse and have (eslint with eslint-plugin-es-x and
# eslint-plugin-compat, pinned here; eslint.config.mjs lists what else is
# checked), the styles without what those browsers ignore, and the gate
# shown to catch each kind of thing it is for.
set -euo pipefail
cd "$(dirname "$0")"
ui=../../ui

# The pinned checkers, installed again only when the lockfile changed.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

work="$(mktemp -d "$PWD/work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
lint() { node_modules/.bin/eslint --no-warn-ignored --max-warnings 0 "$work"; }
# Our scripts; the vendored dialog-polyfill.js is ES5 as published.
copy_ui() { rm -f "$work"/*.js; cp "$ui"/*.js "$work"/; rm "$work/dialog-polyfill.js"; }

copy_ui
lint
echo "compat: the UI's scripts parse and run in Chromium 69+ and Firefox 60+"

# Styles: flex gap (Chromium 84, Firefox 63; grid-gap is fine), min(), max()
# and clamp() (Chromium 79, Firefox 75), inset (Chromium 87, Firefox 66),
# :is()/:where() (Chromium 88, Firefox 78), :has() (Chromium 105);
# :focus-visible only inside the :not() that old browsers drop whole.
css_problems() {
  grep -nE '(^|[^a-z-])(row-|column-)?gap:|(^|[^a-z-])(min|max|clamp)\(|(^|[^a-z-])inset:|:(is|where|has)\(' "$1" || true
  grep -n 'focus-visible' "$1" | grep -v ':not(:focus-visible)' || true
}
bad_css="$(css_problems "$ui/style.css")"
if [ -n "$bad_css" ]; then
  echo "compat: style.css uses what Chromium 69 or Firefox 60 ignores:"
  echo "$bad_css"
  exit 1
fi
echo "compat: the styles need nothing newer than Chromium 69 and Firefox 60"

# The gate catches what it is for: each line, added to the UI, fails it.
while IFS= read -r line; do
  copy_ui
  echo "$line" >>"$work/dom.js"
  if lint >/dev/null 2>&1; then
    echo "compat: the gate let through: $line"
    exit 1
  fi
done <<'JS'
export const a = document.body?.id;
export const a = window.name ?? '';
export let a; a ??= 1;
document.body.replaceChildren();
export const a = [1, 2].at(-1);
export const a = 'x'.replaceAll('x', 'y');
new ResizeObserver(() => {});
export const a = structuredClone({});
export const a = /(?<year>\d{4})/.exec('2013');
class A { b = 1; }
JS
# compat.js runs where modules do not: ES5 syntax only.
copy_ui
echo 'const late = () => 1;' >>"$work/compat.js"
if lint >/dev/null 2>&1; then
  echo "compat: the gate let ES2015 into compat.js"
  exit 1
fi
while IFS= read -r line; do
  cp "$ui/style.css" "$work/style.css"
  echo "$line" >>"$work/style.css"
  if [ -z "$(css_problems "$work/style.css")" ]; then
    echo "compat: the style check let through: $line"
    exit 1
  fi
done <<'CSS'
.a { display: flex; gap: 1rem; }
.a { row-gap: 1rem; }
.a { column-gap: 1rem; }
.a { width: min(900px, 92vw); }
.a { width: clamp(1rem, 2vw, 3rem); }
.a { position: fixed; inset: 0; }
:is(h1, h2) { margin: 0; }
body:has(dialog[open]) main { display: none; }
:focus-visible { outline: 1px solid; }
CSS
echo "compat: the gate refuses each of its test cases"
