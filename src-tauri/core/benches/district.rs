//! The district's roll-up at scale, timed through the release `parkreg`
//! (its path in `PARKREG_BIN`) as a district clerk runs it:
//! - 1,000 park workbooks of 100 units each added in one call, against
//!   `import --dry-run` of one 100,000-unit workbook;
//! - `district summary` against a bare scan of the district file;
//! - a simulated national roll-up of 10,000 parks (1,000,000 units):
//!   summary and export, time and peak memory.
//!
//! Prints the section of docs/benchmarks.md (scripts/bench-district.sh
//! writes it there). `BENCH_RUNS` (default 3) sets the runs per timing
//! (the median is reported); `BENCH_PARKS` (default 1,000) the parks.

use parkreg_core::district::{read_submission, District, Submission};
use parkreg_core::exchange::workbook::{self, XlsxSink};
use parkreg_core::model::Registry;
use parkreg_core::samples::synthetic;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const AS_OF: &str = "2024-12-31";
const UNITS_PER_PARK: usize = 100;
const NATIONAL_COPIES: usize = 10;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn date() -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap()
}

fn export(reg: &Registry, path: &Path) {
    let heading = workbook::Heading::park(&reg.park, date(), date());
    let mut sink = XlsxSink::create(workbook::sheets(), path, None, &heading).unwrap();
    workbook::export_registry(reg, date(), date(), &mut sink).unwrap();
    sink.finish().unwrap();
}

/// The parks' workbooks in `dir`, made on every core; `life` keeps their
/// three years of organizational-life records.
fn park_files(dir: &Path, parks: usize, life: bool) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    let files: Vec<PathBuf> = (0..parks)
        .map(|i| dir.join(format!("p{i:05}.xlsx")))
        .collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|s| {
        for w in 0..workers {
            let files = &files;
            s.spawn(move || {
                for (i, f) in files.iter().enumerate().skip(w).step_by(workers) {
                    let mut reg = synthetic::district_park(UNITS_PER_PARK, i as u64 + 1);
                    if !life {
                        reg.meetings.clear();
                    }
                    export(&reg, f);
                }
            });
        }
    });
    files
}

/// Wall seconds and peak resident memory (MB) of one run of `parkreg`.
fn run(args: &[&str]) -> (f64, f64) {
    let bin = std::env::var("PARKREG_BIN").expect("PARKREG_BIN: the release parkreg");
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o", "/dev/stdout", "--quiet"])
        .arg(&bin)
        .args(args)
        .env_remove("PARKREG_DB")
        .stderr(std::process::Stdio::null())
        .output()
        .expect("GNU time runs");
    let secs = start.elapsed().as_secs_f64();
    let text = String::from_utf8_lossy(&out.stdout);
    let kb: f64 = (text.lines().last())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(f64::NAN);
    (secs, kb / 1024.0)
}

/// The median over `runs` of `once` (each run prepared by `before`).
fn median(
    runs: usize,
    mut before: impl FnMut(),
    mut once: impl FnMut() -> (f64, f64),
) -> (f64, f64) {
    let mut got: Vec<(f64, f64)> = (0..runs)
        .map(|_| {
            before();
            once()
        })
        .collect();
    got.sort_by(|a, b| a.0.total_cmp(&b.0));
    got[got.len() / 2]
}

fn fresh_district(db: &Path) {
    for f in [
        db.to_path_buf(),
        PathBuf::from(format!("{}-wal", db.display())),
    ] {
        let _ = std::fs::remove_file(f);
    }
    let _ = std::fs::remove_dir_all(db.parent().unwrap().join("backups"));
    District::init(db, "基准区").unwrap();
}

/// Every column of every row of the district file's tables, read in
/// process: what any summary must at least do.
fn bare_scan(db: &Path) -> f64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    let start = Instant::now();
    let mut touched = 0usize;
    for table in ["submission", "sub_unit", "sub_gap", "meta"] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for c in 0..n {
                if let Ok(rusqlite::types::ValueRef::Text(t)) = r.get_ref(c) {
                    touched += t.len();
                }
            }
        }
    }
    assert!(touched > 0);
    start.elapsed().as_secs_f64()
}

fn main() {
    // `cargo bench` passes --bench; nothing else is taken.
    let runs = env_usize("BENCH_RUNS", 3).max(1);
    let parks = env_usize("BENCH_PARKS", 1_000).max(2);
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let db = w.join("district.db");
    let db_s = db.to_str().unwrap().to_string();

    let t = Instant::now();
    let with_life = park_files(&w.join("with-life"), parks, true);
    let units_only = park_files(&w.join("units-only"), parks, false);
    let mut big = synthetic::registry(parks * UNITS_PER_PARK, 1);
    big.meetings.clear();
    let big_file = w.join("big.xlsx");
    export(&big, &big_file);
    drop(big);
    eprintln!("made the workbooks in {:.0} s", t.elapsed().as_secs_f64());
    let size = |files: &[PathBuf]| -> f64 {
        files
            .iter()
            .map(|f| std::fs::metadata(f).unwrap().len())
            .sum::<u64>() as f64
            / 1e6
    };

    let empty = w.join("empty.db");
    let empty_s = empty.to_str().unwrap().to_string();
    run(&["--db", &empty_s, "init", "--park", "空园区"]);
    let big_s = big_file.to_str().unwrap().to_string();
    let import = median(
        runs,
        || {},
        || run(&["--db", &empty_s, "import", &big_s, "--dry-run"]),
    );

    let add_of = |files: &[PathBuf]| {
        let mut args: Vec<String> =
            vec!["--db".into(), db_s.clone(), "district".into(), "add".into()];
        args.extend(files.iter().map(|f| f.to_str().unwrap().to_string()));
        median(
            runs,
            || fresh_district(&db),
            || run(&args.iter().map(String::as_str).collect::<Vec<_>>()),
        )
    };
    let add_units = add_of(&units_only);
    let add_life = add_of(&with_life);
    // The district file now holds the parks with their records.
    let summary = median(
        runs,
        || {},
        || run(&["--db", &db_s, "district", "summary", "--json"]),
    );
    let scan = {
        let mut s: Vec<f64> = (0..runs).map(|_| bare_scan(&db)).collect();
        s.sort_by(f64::total_cmp);
        s[s.len() / 2]
    };

    // National: each park's submission stored again under ten names.
    let t = Instant::now();
    let read: Vec<Submission> = with_life
        .iter()
        .map(|f| read_submission(f).unwrap())
        .collect();
    let national = w.join("national.db");
    fresh_district(&national);
    let mut district = District::open(&national).unwrap();
    for copy in 0..NATIONAL_COPIES {
        for s in &read {
            let mut s = s.clone();
            s.park = format!("{}·{copy}", s.park);
            for u in &mut s.units {
                u.name = format!("{}·{copy}", u.name);
                u.credit_code = None;
            }
            district.add_submission(&s).unwrap();
        }
    }
    drop(district);
    eprintln!(
        "stored the national file in {:.0} s",
        t.elapsed().as_secs_f64()
    );
    let nat_s = national.to_str().unwrap().to_string();
    let nat_summary = median(
        runs,
        || {},
        || run(&["--db", &nat_s, "district", "summary", "--json"]),
    );
    let nat_out = w.join("national.xlsx");
    let nat_out_s = nat_out.to_str().unwrap().to_string();
    let nat_export = median(
        runs,
        || {},
        || run(&["--db", &nat_s, "district", "export", "--out", &nat_out_s]),
    );
    let nat_scan = bare_scan(&national);
    let nat_size = std::fs::metadata(&national).unwrap().len() as f64 / 1e6;

    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let units = parks * UNITS_PER_PARK;
    println!("## District roll-up (`scripts/bench-district.sh`)\n");
    println!(
        "Measured on {} ({cpu}, {cores} cores) with `scripts/bench-district.sh`: the release `parkreg`, median of {runs} runs, peak memory from GNU time. The parks are `synthetic::district_park({UNITS_PER_PARK}, seed)` for seeds 1–{parks}, exported as of {AS_OF}.\n",
        chrono::Local::now().format("%Y-%m-%d")
    );
    println!("| what | time | peak memory | against |");
    println!("|---|---|---|---|");
    println!(
        "| `import --dry-run` of one {units}-unit workbook (no records) | {:.2} s | {:.0} MB | the baseline |",
        import.0, import.1
    );
    println!(
        "| `district add` of {parks} park workbooks, units only ({:.0} MB) | {:.2} s | {:.0} MB | {:.2}× the import (target ≤ 2×) |",
        size(&units_only), add_units.0, add_units.1, add_units.0 / import.0
    );
    println!(
        "| `district add` of {parks} park workbooks with three years of organizational-life records ({:.0} MB) | {:.2} s | {:.0} MB | {:.2}× the import |",
        size(&with_life), add_life.0, add_life.1, add_life.0 / import.0
    );
    println!(
        "| `district summary --json`, {parks} parks | {:.3} s | {:.0} MB | {:.2}× a bare scan of the file ({:.3} s; target ≤ 3×) |",
        summary.0, summary.1, summary.0 / scan, scan
    );
    println!(
        "| national: `district summary --json`, {} parks, {} units ({nat_size:.0} MB file) | {:.2} s | {:.0} MB | {:.2}× a bare scan ({:.2} s) |",
        parks * NATIONAL_COPIES, units * NATIONAL_COPIES, nat_summary.0, nat_summary.1, nat_summary.0 / nat_scan, nat_scan
    );
    println!(
        "| national: `district export` | {:.2} s | {:.0} MB | |",
        nat_export.0, nat_export.1
    );
    println!();
}
