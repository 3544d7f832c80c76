#!/usr/bin/env python3
"""Whole-program benchmarks and their baselines, run by scripts/bench.sh
after `cargo bench`; writes docs/benchmarks.md.

Measures, at 30, 1,000, 10,000 and 100,000 units (generated with
`parkreg demo --synthetic N --seed 1`), the release binaries as a user runs
them, and beside them in the same run:
  - Python writing the same workbook (openpyxl, XlsxWriter) and reading the
    same sheet (openpyxl), the usual stack of party-building systems;
  - a minimal Tauri window with a static page (the empty shell), for the
    desktop program's start-up time and resident memory.
In-process figures come from criterion (target/criterion)."""

import csv
import datetime
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, "target", "release")
PARKREG = os.path.join(RELEASE, "parkreg")
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "30,1000,10000,100000").split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
# Window start-up varies more from run to run than the CLI does.
DESKTOP_RUNS = int(os.environ.get("BENCH_DESKTOP_RUNS", "11"))
AS_OF = "2024-06-30"


def run(args):
    """Runs a command; returns its wall time in seconds."""
    start = time.perf_counter()
    proc = subprocess.run(list(args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(map(str, args))} failed: {proc.stderr.decode()}")
    return took


def peak_kb(args):
    """The peak resident KB of one run of a command, from /usr/bin/time: a
    process forked from this Python would count Python's own memory (with
    openpyxl loaded) in its peak. Timed runs go without it, whose own start
    is no part of the program's."""
    with tempfile.NamedTemporaryFile("r") as peak:
        run(["/usr/bin/time", "-f", "%M", "-o", peak.name] + list(args))
        return int(peak.read().split()[-1])


def repeated(once):
    """The median of RUNS timings by `once`, or of as many as fill half a
    second (at most 50): figures of a few milliseconds vary the most."""
    times = []
    while len(times) < RUNS or (sum(times) < 0.5 and len(times) < 50):
        times.append(once())
    return statistics.median(times)


def median_run(args):
    """The median time of runs of a command, and the peak memory of one more."""
    return repeated(lambda: run(args)), peak_kb(args)


def timed(fn):
    def once():
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start
    return repeated(once)


def criterion(group, n):
    """Median of a criterion benchmark, in seconds, or None."""
    path = os.path.join(ROOT, "target", "criterion", group, str(n), "new", "estimates.json")
    try:
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"] / 1e9
    except OSError:
        return None


def read_csv_sheets(folder):
    sheets = {}
    for name in ["汇总", "单位", "党组织", "覆盖缺口", "资金台账", "组织生活"]:
        with open(os.path.join(folder, f"{name}.csv"), encoding="utf-8-sig", newline="") as f:
            sheets[name] = list(csv.reader(f))
    return sheets


def python_writes(sheets, out):
    """(openpyxl seconds, XlsxWriter seconds or None) writing the sheets."""
    import openpyxl

    def with_openpyxl():
        wb = openpyxl.Workbook(write_only=True)
        for name, rows in sheets.items():
            ws = wb.create_sheet(name)
            ws.freeze_panes = "A2"
            for row in rows:
                ws.append(row)
            ws.auto_filter.ref = f"A1:{openpyxl.utils.get_column_letter(len(rows[0]))}{len(rows)}"
        wb.save(out)

    openpyxl_s = timed(with_openpyxl)
    try:
        import xlsxwriter
    except ImportError:
        return openpyxl_s, None

    def with_xlsxwriter():
        wb = xlsxwriter.Workbook(out, {"constant_memory": True})
        for name, rows in sheets.items():
            ws = wb.add_worksheet(name)
            ws.freeze_panes(1, 0)
            for r, row in enumerate(rows):
                ws.write_row(r, 0, row)
            ws.autofilter(0, 0, len(rows) - 1, len(rows[0]) - 1)
        wb.close()

    return openpyxl_s, timed(with_xlsxwriter)


def python_reads(book):
    import openpyxl

    def read():
        wb = openpyxl.load_workbook(book, read_only=True)
        rows = wb["单位"].iter_rows(values_only=True)
        header = next(rows)
        units = [dict(zip(header, r)) for r in rows if any(v is not None for v in r)]
        wb.close()
        return units

    return timed(read)


def tree_rss_kb(pid):
    """Resident memory of a process and all its descendants, in KB."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        stack.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def start_to_paint(args, env):
    """Seconds from launch to the first painted page, and the resident
    memory of the program's processes a second later."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        deadline = time.time() + 120
        for raw in proc.stderr:
            line = raw.decode(errors="replace")
            if line.startswith("painted "):
                ms = float(line.split()[2])
                break
            if time.time() > deadline:
                raise RuntimeError("never painted")
        else:
            raise RuntimeError(f"{args[0]} exited before painting")
        time.sleep(1.0)
        return ms / 1000.0, tree_rss_kb(proc.pid)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
        # WebKit's processes end after the program: the next start waits
        # for them, not to meet their exit (or their files still open).
        for _ in range(100):
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)


def desktop(env, db):
    """The registry's window and the empty shell, started in turn so that
    all meet the machine in the same state. Each round starts the shell,
    the window on a fresh copy of `db` (a first start: the dashboard is
    computed), the shell again, and the window on `db` itself (a later
    start: the dashboard is kept, from a start before the rounds). Medians
    of each, and of the shell's and the later starts' memory."""
    app = [os.path.join(RELEASE, "parkreg-desktop"), "--db"]
    pristine = db + ".pristine"
    shutil.copyfile(db, pristine)
    start_to_paint(app + [db], env)
    first, later, shell = [], [], []
    for i in range(DESKTOP_RUNS):
        shell.append(start_to_paint([os.path.join(RELEASE, "empty-shell")], env))
        fresh = f"{db}.first{i}"
        shutil.copyfile(pristine, fresh)
        first.append(start_to_paint(app + [fresh], env))
        shell.append(start_to_paint([os.path.join(RELEASE, "empty-shell")], env))
        later.append(start_to_paint(app + [db], env))
    median = statistics.median
    return dict(
        app_first=median(r[0] for r in first), app_s=median(r[0] for r in later),
        app_kb=median(r[1] for r in later),
        shell_s=median(r[0] for r in shell), shell_kb=median(r[1] for r in shell),
    )


def fmt_kb(kb):
    return f"{kb:.0f} KB" if kb < 1024 else f"{kb / 1024:.1f} MB"


def fmt_s(s):
    if s is None:
        return "—"
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def ratio(a, b):
    return "—" if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    return f"{cpu}, {os.cpu_count()} cores, {mem_kb / 1048576:.0f} GiB, Linux {platform.release()}, Python {platform.python_version()}"


def main():
    display = subprocess.Popen(["Xvfb", ":77", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"], stderr=subprocess.DEVNULL)
    env = dict(os.environ, DISPLAY=":77", NO_AT_BRIDGE="1")
    rows = []
    try:
        time.sleep(1)
        for n in SIZES:
            with tempfile.TemporaryDirectory() as tmp:
                db = os.path.join(tmp, "r.db")
                run([PARKREG, "--db", db, "demo", "--synthetic", str(n), "--seed", "1"])
                summary_s, _ = median_run([PARKREG, "--db", db, "summary", "--json", "--as-of", AS_OF])
                gaps_s, _ = median_run([PARKREG, "--db", db, "gaps", "--json", "--as-of", AS_OF])
                book = os.path.join(tmp, "w.xlsx")
                export_s, export_kb = median_run([PARKREG, "--db", db, "export", "--out", book, "--as-of", AS_OF])
                book_kb = os.path.getsize(book) / 1024
                csv_dir = os.path.join(tmp, "csv")
                run([PARKREG, "--db", db, "export", "--format", "csv", "--out", csv_dir, "--as-of", AS_OF])
                empty = os.path.join(tmp, "empty.db")
                run([PARKREG, "--db", empty, "init", "--park", "空园区"])
                import_s, import_kb = median_run([PARKREG, "--db", empty, "import", book, "--dry-run"])
                openpyxl_w, xlsxwriter_w = python_writes(read_csv_sheets(csv_dir), os.path.join(tmp, "py.xlsx"))
                openpyxl_r = python_reads(book)
                window = desktop(env, db)
                rows.append(dict(
                    n=n, summary=summary_s, gaps=gaps_s, export=export_s, export_kb=export_kb, book_kb=book_kb,
                    import_=import_s, import_kb=import_kb, openpyxl_w=openpyxl_w, xlsxwriter_w=xlsxwriter_w,
                    openpyxl_r=openpyxl_r, **window,
                    load=criterion("load_document", n), summary_gaps=criterion("summary_gaps", n), trend=criterion("trend", n),
                    read=criterion("read_registry", n), scan=criterion("sqlite_scan", n),
                    export_in=criterion("export_xlsx", n), import_in=criterion("import_sheet", n),
                ))
                print(f"{n}: done", file=sys.stderr)
    finally:
        display.terminate()
    write_report(rows)


def write_report(rows):
    lines = [
        "# Benchmarks",
        "",
        "Reproduce with one command: `scripts/bench.sh` (builds the release binaries, runs",
        "`cargo bench -p parkreg-core`, then `scripts/bench.py`, and rewrites this page).",
        "",
        f"Measured {datetime.date.today().isoformat()} on: {machine()}.",
        "",
        "**Method.** Registries are generated by `parkreg demo --synthetic N --seed 1`",
        "(about 80% non-public enterprises, 15% projects; own, joint and group",
        "organizations; people, budgets, a ledger; three years of organizational-life records,",
        f"about 25 per unit). Whole-program and Python figures are medians of {RUNS} runs",
        "(of more where that takes under half a second, up to 50) of the release binaries",
        "as a user runs them (each includes opening the registry",
        "file and reading it); peak memory is the process's maximum resident set, from one",
        "more run under `/usr/bin/time` (kept out of the timed runs, as its own start is no",
        "part of the program's). In-process",
        "figures are criterion medians (`target/criterion`). The desktop program's start is",
        "the time from launch to the first frame showing the dashboard with its data; the",
        "empty shell's is the time to the first frame of its static page (`ui/empty`); both",
        f"pages report it after two animation frames, under Xvfb. {DESKTOP_RUNS} rounds, each starting",
        "the empty shell, the registry's window on a fresh copy of the registry (a first start:",
        "it computes the dashboard while the window starts, and keeps it) and on the registry",
        "itself (a later start: the dashboard is kept); medians of each. Both programs",
        "draw with WebKit's CPU rasterizer here, as they do on any machine without a GPU",
        "(`src-tauri/src/startup.rs`). Memory is the resident memory of all the program's",
        "processes (its own and WebKit's) one second after the first frame.",
        "",
        "## In process (criterion)",
        "",
        "| units | load document | read from SQLite | summary + gaps | SQLite scan (floor) | summary + gaps ÷ scan | coverage over 24 months | export xlsx | import 单位 sheet |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']:,} | {fmt_s(r['load'])} | {fmt_s(r['read'])} | {fmt_s(r['summary_gaps'])} | {fmt_s(r['scan'])} "
            f"| {ratio(r['summary_gaps'], r['scan'])} | {fmt_s(r['trend'])} | {fmt_s(r['export_in'])} | {fmt_s(r['import_in'])} |"
        )
    lines += [
        "",
        "## Whole program, and the usual stack beside it",
        "",
        "The Python figures are in process (the interpreter started and the library",
        "imported, as in a running web application); ours are whole `parkreg` runs, and in",
        "process (criterion: the export reading the registry from SQLite and writing the",
        "workbook; the import reading the sheet and planning it).",
        "",
        "| units | `summary` | `gaps` | `export` | export peak memory | workbook size | Python openpyxl write | XlsxWriter write | openpyxl ÷ ours | XlsxWriter ÷ ours | XlsxWriter ÷ ours in process | `import --dry-run` | openpyxl read | openpyxl read ÷ ours | openpyxl read ÷ ours in process |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']:,} | {fmt_s(r['summary'])} | {fmt_s(r['gaps'])} | {fmt_s(r['export'])} | {r['export_kb'] / 1024:.0f} MB | {fmt_kb(r['book_kb'])} "
            f"| {fmt_s(r['openpyxl_w'])} | {fmt_s(r['xlsxwriter_w'])} | {ratio(r['openpyxl_w'], r['export'])} | {ratio(r['xlsxwriter_w'], r['export'])} "
            f"| {ratio(r['xlsxwriter_w'], r['export_in'])} "
            f"| {fmt_s(r['import_'])} | {fmt_s(r['openpyxl_r'])} | {ratio(r['openpyxl_r'], r['import_'])} | {ratio(r['openpyxl_r'], r['import_in'])} |"
        )
    lines += [
        "",
        "## Desktop start to painted dashboard, beside the empty shell",
        "",
        "The empty shell is a Tauri window with a static page, built with the same settings,",
        "started in turn with the registry's window at each size.",
        "",
        "| units | first start (dashboard computed) | later start (dashboard kept) | empty shell | later ÷ empty shell | first ÷ empty shell | memory (all processes) | empty shell | ÷ empty shell |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['n']:,} | {fmt_s(r['app_first'])} | {fmt_s(r['app_s'])} | {fmt_s(r['shell_s'])} "
            f"| {ratio(r['app_s'], r['shell_s'])} | {ratio(r['app_first'], r['shell_s'])} "
            f"| {r['app_kb'] / 1024:.0f} MB | {r['shell_kb'] / 1024:.0f} MB | {ratio(r['app_kb'], r['shell_kb'])} |"
        )
    lines += ["", open(os.path.join(ROOT, "scripts", "bench-notes.md")).read().rstrip(), ""]
    with open(os.path.join(ROOT, "docs", "benchmarks.md"), "w") as f:
        f.write("\n".join(lines))
    print("wrote docs/benchmarks.md", file=sys.stderr)


if __name__ == "__main__":
    main()
