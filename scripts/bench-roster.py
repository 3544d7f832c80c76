#!/usr/bin/env python3
"""A park that keeps its roster, at BENCH_ROSTER_UNITS units (100,000 by
default) with BENCH_ROSTER_MEMBERS more people on the roster (500,000):
the in-process figures of `cargo bench --bench roster` (criterion, read
from CRITERION_DIR) beside the release `parkreg summary`, `gaps` and
`summary --series months` on the same registry, made by `parkreg demo
--synthetic N --members M --seed 1`. Run by scripts/bench-roster.sh, which
rewrites the "Roster" section of docs/benchmarks.md with what this prints."""

import datetime
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the shared timing helpers)

UNITS = int(os.environ.get("BENCH_ROSTER_UNITS", "100000"))
MEMBERS = int(os.environ.get("BENCH_ROSTER_MEMBERS", "500000"))
CRITERION_DIR = os.environ.get("CRITERION_DIR", os.path.join(bench.ROOT, "target", "criterion"))
PARKREG = os.environ.get("PARKREG_BIN", bench.PARKREG)
AS_OF = bench.AS_OF

# The columns the registry's read takes of the tables the rules read (as
# the `roster_sqlite_scan` floor of benches/roster.rs), and the records.
ROSTER_TABLES = [
    "SELECT id, name, kind, ownership, stage, credit_code, employees, full_members, probationary_members,"
    " town, village, key_project, commissioner, instructor, started_on, closed_on, wholly_owned,"
    " legal_rep_member, legal_rep_secretary FROM unit",
    "SELECT id, name, kind, parent, founded_on, dissolved_on, approval_doc, secretary, committee_size,"
    " last_election_on FROM organization",
    "SELECT org, unit, position FROM organization_unit",
    "SELECT id, name, party_member, phone, unit_name, gender, ethnicity, birth_date, id_number, education"
    " FROM person",
    "SELECT person, org, unit, joined_on, full_on, probation_extended_to, relationship, arrived_on,"
    " lost_contact_on, stopped_on, left_on, left_reason, approximate FROM membership",
]
MEETINGS = "SELECT id, org, kind, date, topic, expected, attended, hours_tenths, host, note FROM meeting"


def criterion(group):
    path = os.path.join(CRITERION_DIR, group, str(UNITS), "new", "estimates.json")
    try:
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"] / 1e9
    except OSError:
        return None


def load():
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def commit():
    """The commit measured (others' uncommitted edits may sit beside it)."""
    proc = subprocess.run(["git", "-C", bench.ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return proc.stdout.strip() or "unknown"


def main():
    started = load()
    inproc = {k: criterion(f"roster_{k}") for k in
              ["read_registry", "summary_gaps", "trend", "sqlite_scan", "sqlite_scan_all"]}
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "roster.db")
        made = bench.run([PARKREG, "--db", db, "demo", "--synthetic", str(UNITS), "--members", str(MEMBERS),
                          "--seed", "1"])
        with sqlite3.connect(db) as conn:
            count = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ["unit", "organization", "person", "membership", "meeting"]}
        size_mb = os.path.getsize(db) / 1e6
        summary = json.loads(subprocess.run([PARKREG, "--db", db, "summary", "--json", "--as-of", AS_OF],
                                            check=True, capture_output=True).stdout)
        gaps = json.loads(subprocess.run([PARKREG, "--db", db, "gaps", "--json", "--as-of", AS_OF],
                                         check=True, capture_output=True).stdout)
        member_gaps = sum(1 for g in gaps if g.get("person"))
        as_of = ["--as-of", AS_OF]
        commands = {
            "summary": [PARKREG, "--db", db, "summary", "--json"] + as_of,
            "gaps": [PARKREG, "--db", db, "gaps", "--json"] + as_of,
            "series": [PARKREG, "--db", db, "summary", "--json", "--series", "months"] + as_of,
        }
        sqlite3_shell = shutil.which("sqlite3")
        if sqlite3_shell:
            commands["scan"] = [sqlite3_shell, db, ";".join(ROSTER_TABLES) + ";"]
            commands["scan_all"] = [sqlite3_shell, db, ";".join(ROSTER_TABLES + [MEETINGS]) + ";"]
        # Interleaved, so that each meets the machine in the same states.
        times = {k: [] for k in commands}
        for _ in range(bench.RUNS):
            for k, args in commands.items():
                times[k].append(bench.run(args))
        whole = {k: statistics.median(v) for k, v in times.items()}
        spread = {k: (min(v), max(v)) for k, v in times.items()}
        peak = {k: bench.peak_kb(commands[k]) for k in ["summary", "gaps", "series"]}
    ended = load()

    members = summary.get("members") or {}
    print("## Roster: 100,000 units, 500,000 members (`scripts/bench-roster.sh`)\n" if (UNITS, MEMBERS) == (
        100000, 500000) else f"## Roster: {UNITS:,} units, {MEMBERS:,} members (`scripts/bench-roster.sh`)\n")
    print(f"Measured {datetime.date.today().isoformat()} at {commit()} on: {bench.machine()}; load average (1/5/15 min) "
          f"{started} when the run started, {ended} when it ended.\n")
    print(f"**Registry.** `parkreg demo --synthetic {UNITS} --members {MEMBERS} --seed 1` (made in "
          f"{bench.fmt_s(made)}; the criterion bench makes the same one in process): {count['unit']:,} units, "
          f"{count['organization']:,} organizations, {count['person']:,} people of whom {count['membership']:,} "
          f"on the roster (the {MEMBERS:,} added and two in three of the park's own), "
          f"{count['meeting']:,} organizational-life records; a {size_mb:,.0f} MB file. On {AS_OF}, the as-of "
          f"date of every figure, the roster counts {members.get('full', 0):,} full and "
          f"{members.get('probationary', 0):,} probationary members; `gaps` lists {len(gaps):,} gaps, "
          f"{member_gaps:,} of them about a member.\n")
    print("**Method.** In process: criterion medians (`cargo bench -p parkreg-core --bench roster`, 10 "
          "samples), the registry already in memory for summary + gaps and the series: summary + gaps is "
          "what `parkreg summary` and `parkreg gaps` compute once the registry is read (the facts of the "
          "date with each unit's members from the roster, the summary, the roster's member counts, every "
          "gap with its message, in order); the series is the same rules at 24 month ends "
          "(`summary --series months`). The floor is SQLite alone (rusqlite, the same file) stepping every "
          "row of the tables the rules read and reading each value the registry's read takes, nothing "
          "built: units, organizations and the units they cover, people and memberships; and, as the "
          "floor of the table above does, the same with the organizational-life records. Whole program: "
          f"the release binaries as a user runs them (opening the file and reading it included), medians "
          f"of {bench.RUNS} runs, each command's run beside the others'; peak memory from one more run "
          "under `/usr/bin/time`; the `sqlite3` shell printing the same columns to /dev/null beside them.\n")

    print("| in process | time | ÷ scan of the roster's tables | ÷ scan with the records |")
    print("|---|---:|---:|---:|")
    scan, scan_all = inproc["sqlite_scan"], inproc["sqlite_scan_all"]
    read_sg = None if None in (inproc["read_registry"], inproc["summary_gaps"]) else \
        inproc["read_registry"] + inproc["summary_gaps"]
    for label, v in [
        ("SQLite scan: units, organizations, their links, people, memberships (floor)", scan),
        ("SQLite scan: the same and the organizational-life records", scan_all),
        ("read the registry from SQLite", inproc["read_registry"]),
        ("**summary + gaps** (registry in memory)", inproc["summary_gaps"]),
        ("read + summary + gaps", read_sg),
        ("coverage over 24 months (registry in memory)", inproc["trend"]),
    ]:
        print(f"| {label} | {bench.fmt_s(v)} | {bench.ratio(v, scan)} | {bench.ratio(v, scan_all)} |")
    print()
    print("| whole program | median | fastest – slowest | peak memory |")
    print("|---|---:|---:|---:|")
    for label, k in [("`parkreg summary --json`", "summary"), ("`parkreg gaps --json`", "gaps"),
                     ("`parkreg summary --json --series months` (the trend)", "series"),
                     ("`sqlite3` shell: the roster's tables", "scan"),
                     ("`sqlite3` shell: the same and the records", "scan_all")]:
        if k in whole:
            lo, hi = spread[k]
            mem = f"{peak[k] / 1024:,.0f} MB" if k in peak else ""
            print(f"| {label} | {bench.fmt_s(whole[k])} | {bench.fmt_s(lo)} – {bench.fmt_s(hi)} | {mem} |")
    print()
    sg = inproc["summary_gaps"]
    if sg and scan:
        verdict = "within" if sg <= 3 * scan else "above"
        print(f"Target: summary + gaps within 3× a bare SQLite scan of the same tables. In process, summary + "
              f"gaps takes {bench.ratio(sg, scan)} the scan of the roster's tables ({verdict} the target) and "
              f"{bench.ratio(sg, scan_all)} the scan with the records.")


if __name__ == "__main__":
    main()
