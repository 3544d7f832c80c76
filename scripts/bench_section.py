#!/usr/bin/env python3
"""Puts a benchmark script's section (the file SECTION) into docs/benchmarks.md
between its START and END markers, or at the end the first time.
Usage: bench_section.py SECTION DOC START END"""
import re
import sys

section_path, doc_path, start, end = sys.argv[1:5]
section = open(section_path, encoding="utf-8").read().strip() + "\n"
doc = open(doc_path, encoding="utf-8").read()
block = f"{start}\n{section}{end}"
if start in doc:
    doc = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, doc, flags=re.S)
else:
    doc = doc.rstrip() + "\n\n" + block + "\n"
open(doc_path, "w", encoding="utf-8").write(doc)
