//! In-process figures for a park that keeps its roster: 100,000 units
//! with 500,000 more people on the roster (`parkreg demo --synthetic
//! 100000 --members 500000 --seed 1`). Reading the registry from SQLite,
//! summary + gaps as of a date (what `parkreg summary` and `parkreg gaps`
//! compute), coverage over time (24 month ends), and the floor they are
//! compared with: SQLite alone scanning the same tables.
//!
//! A target of its own, so `cargo bench --bench core` costs what it did;
//! `scripts/bench-roster.sh` runs it and writes docs/benchmarks.md.
//! `BENCH_ROSTER_UNITS` and `BENCH_ROSTER_MEMBERS` set the size (e.g. 1000
//! and 5000 for a quick look); the criterion ids are `roster_*/UNITS`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use parkreg_core::model::Lang;
use parkreg_core::rules::facts::Facts;
use parkreg_core::rules::{coverage, gaps, roster};
use parkreg_core::samples::{roster::add_roster, synthetic};
use parkreg_core::store::Store;
use std::time::Duration;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace(['_', ','], "").parse().ok())
        .unwrap_or(default)
}

fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2024, 6, 30).unwrap()
}

/// Every column `Store::read` takes of the tables the rules read: the
/// units, the organizations and the units they cover, the people and
/// their memberships.
const ROSTER_TABLES: [&str; 5] = [
    "SELECT id, name, kind, ownership, stage, credit_code, employees, full_members, probationary_members, town, village, key_project, commissioner, instructor, started_on, closed_on, wholly_owned, legal_rep_member, legal_rep_secretary FROM unit",
    "SELECT id, name, kind, parent, founded_on, dissolved_on, approval_doc, secretary, committee_size, last_election_on FROM organization",
    "SELECT org, unit, position FROM organization_unit",
    "SELECT id, name, party_member, phone, unit_name, gender, ethnicity, birth_date, id_number, education FROM person",
    "SELECT person, org, unit, joined_on, full_on, probation_extended_to, relationship, arrived_on, lost_contact_on, stopped_on, left_on, left_reason, approximate FROM membership",
];

/// The organizational-life records, which the gap rules read too (the
/// `sqlite_scan` floor of the `core` bench scans them as well).
const MEETINGS: &str =
    "SELECT id, org, kind, date, topic, expected, attended, hours_tenths, host, note FROM meeting";

/// SQLite alone: every row of each query stepped and every value read
/// (text as text, not copied into anything), nothing built.
fn scan(conn: &rusqlite::Connection, queries: &[&str]) -> usize {
    let mut count = 0usize;
    for sql in queries {
        let mut stmt = conn.prepare_cached(sql).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns {
                let _: rusqlite::types::Value = row.get(i).unwrap();
            }
            count += 1;
        }
    }
    count
}

/// Ten samples over 30 s at 100,000 units, as the `core` bench takes them.
fn config<'a>(
    c: &'a mut Criterion,
    n: usize,
    name: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    if n >= 10_000 {
        g.sample_size(10)
            .measurement_time(Duration::from_secs(if n >= 100_000 { 30 } else { 10 }));
    }
    g
}

fn benches(c: &mut Criterion) {
    let n = env_usize("BENCH_ROSTER_UNITS", 100_000);
    let members = env_usize("BENCH_ROSTER_MEMBERS", 500_000);
    let mut reg = synthetic::registry(n, 1);
    add_roster(&mut reg, members, 1);
    let on_roster = reg.people.iter().filter(|p| p.membership.is_some()).count();
    let now = roster::counts_at(&reg, as_of());
    eprintln!(
        "roster bench: {n} units, {} organizations, {} people, {on_roster} memberships \
         ({} full and {} probationary members on {}), {} meeting records",
        reg.organizations.len(),
        reg.people.len(),
        now.full,
        now.probationary,
        as_of(),
        reg.meetings.len(),
    );

    let id = BenchmarkId::from_parameter(n);

    // What `parkreg summary` and `parkreg gaps` compute once the registry
    // is read: the facts of the date, the summary with the roster's member
    // counts, and every gap with its message, in order.
    config(c, n, "roster_summary_gaps").bench_with_input(id.clone(), &reg, |b, reg| {
        b.iter(|| {
            let facts = Facts::new(reg, as_of());
            (
                coverage::summary_of(&facts),
                roster::counts_at(reg, as_of()),
                gaps::find_in(&facts, Lang::Zh).len(),
            )
        })
    });

    // Coverage over time: the same rules at 24 month ends.
    config(c, n, "roster_trend").bench_with_input(id.clone(), &reg, |b, reg| {
        b.iter(|| parkreg_core::views::trend::series(reg, as_of()).len())
    });

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("roster.db");
    let mut store = Store::open(&db).unwrap();
    store.replace(&reg, "bench", "bench").unwrap();
    drop(reg);
    config(c, n, "roster_read_registry").bench_with_input(id.clone(), &store, |b, store| {
        b.iter(|| store.read().unwrap().unwrap().people.len())
    });

    // The floors: SQLite alone reading every column of the tables the
    // rules read, without and with the meeting records.
    let conn = rusqlite::Connection::open(&db).unwrap();
    config(c, n, "roster_sqlite_scan").bench_with_input(id.clone(), &conn, |b, conn| {
        b.iter(|| scan(conn, &ROSTER_TABLES))
    });
    let mut all = ROSTER_TABLES.to_vec();
    all.push(MEETINGS);
    config(c, n, "roster_sqlite_scan_all")
        .bench_with_input(id, &conn, |b, conn| b.iter(|| scan(conn, &all)));
}

criterion_group!(roster_benches, benches);
criterion_main!(roster_benches);
