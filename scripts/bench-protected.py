#!/usr/bin/env python3
"""A protected registry beside the same one unprotected, in one run: the
CLI's summary + gaps and export, and the desktop program's first start to
the painted dashboard, on a generated park of BENCH_UNITS units (100,000 by
default). Run by scripts/bench-protected.sh, which rewrites the "Protected
registry" section of docs/benchmarks.md with what this prints."""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the shared timing helpers)

UNITS = int(os.environ.get("BENCH_UNITS", "100000"))
PASSPHRASE = "correct horse battery staple"


def main():
    display = subprocess.Popen(["Xvfb", ":78", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                               stderr=subprocess.DEVNULL)
    env = dict(os.environ, DISPLAY=":78", NO_AT_BRIDGE="1", PARKREG_PASSPHRASE=PASSPHRASE)
    env.pop("PARKREG_NEW_PASSPHRASE", None)
    os.environ["PARKREG_PASSPHRASE"] = PASSPHRASE
    rows = {}
    try:
        time.sleep(1)
        with tempfile.TemporaryDirectory() as tmp:
            plain = os.path.join(tmp, "plain.db")
            bench.run([bench.PARKREG, "--db", plain, "demo", "--synthetic", str(UNITS), "--seed", "1"])
            protected = os.path.join(tmp, "protected.db")
            shutil.copyfile(plain, protected)
            subprocess.run([bench.PARKREG, "--db", protected, "protect"], check=True,
                           stdout=subprocess.DEVNULL, env=dict(env, PARKREG_NEW_PASSPHRASE=PASSPHRASE))
            as_of = ["--as-of", bench.AS_OF]
            dbs = {"plain": plain, "protected": protected}
            app = [os.path.join(bench.RELEASE, "parkreg-desktop"), "--db"]
            times = {name: {"summary_gaps": [], "export": [], "first": []} for name in dbs}
            # Interleaved, so both meet the machine in the same state.
            for i in range(max(bench.RUNS, bench.DESKTOP_RUNS)):
                for name, db in dbs.items():
                    t = times[name]
                    if i < bench.RUNS:
                        t["summary_gaps"].append(
                            bench.run([bench.PARKREG, "--db", db, "summary", "--json"] + as_of)
                            + bench.run([bench.PARKREG, "--db", db, "gaps", "--json"] + as_of))
                        book = os.path.join(tmp, f"{name}.xlsx")
                        t["export"].append(bench.run([bench.PARKREG, "--db", db, "export", "--out", book] + as_of))
                    # A first start: a fresh copy, whose dashboard is computed.
                    fresh = f"{db}.first{i}"
                    shutil.copyfile(db, fresh)
                    t["first"].append(bench.start_to_paint(app + [fresh], env)[0])
            for name in dbs:
                rows[name] = {k: statistics.median(v) for k, v in times[name].items()}
    finally:
        display.terminate()
    p, q = rows["plain"], rows["protected"]
    print("## Protected registry (`scripts/bench-protected.sh`)\n")
    print(f"Machine: {bench.machine()}. A generated park of {UNITS:,} units (`parkreg demo --synthetic "
          f"{UNITS} --seed 1`), and a copy of it protected by `parkreg protect`, measured in the same run, "
          f"each run of one beside a run of the other: the release `parkreg` (medians of {bench.RUNS}) and the "
          f"desktop program's first start on a fresh copy to the painted dashboard (medians of "
          f"{bench.DESKTOP_RUNS}; the passphrase given by `PARKREG_PASSPHRASE`, so the start includes deriving "
          "the key). Target: protected within 1.5× of unprotected.\n")
    print("| | unprotected | protected | protected ÷ unprotected |")
    print("|---|---|---|---|")
    for label, key in [("`summary` + `gaps`", "summary_gaps"), ("`export` (xlsx)", "export"),
                       ("desktop first start (dashboard computed)", "first")]:
        print(f"| {label} | {bench.fmt_s(p[key])} | {bench.fmt_s(q[key])} | {bench.ratio(q[key], p[key])} |")


if __name__ == "__main__":
    main()
