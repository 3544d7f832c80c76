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
/usr/bin/python3 - "$section" docs/benchmarks.md <<'PY'
import re, sys
section = open(sys.argv[1], encoding="utf-8").read().strip() + "\n"
doc_path = sys.argv[2]
doc = open(doc_path, encoding="utf-8").read()
start, end = "<!-- protected registry: scripts/bench-protected.sh -->", "<!-- end of protected registry -->"
block = f"{start}\n{section}{end}"
if start in doc:
    doc = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, doc, flags=re.S)
else:
    doc = doc.rstrip() + "\n\n" + block + "\n"
open(doc_path, "w", encoding="utf-8").write(doc)
PY
cat "$section"
