//! In-process figures at 30, 1,000, 10,000 and 100,000 units: loading a
//! registry document, summary and gaps, coverage over time (24 month
//! ends), the workbook export, the import of
//! the 单位 sheet; and the floor they are compared with, SQLite alone
//! scanning the same tables. `scripts/bench.sh` runs this and the
//! whole-program figures and writes docs/benchmarks.md.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use parkreg_core::exchange::document;
use parkreg_core::exchange::workbook::{self, import};
use parkreg_core::model::Lang;
use parkreg_core::rules::coverage;
use parkreg_core::rules::facts::Facts;
use parkreg_core::rules::gaps;
use parkreg_core::samples::synthetic;
use parkreg_core::store::Store;
use std::time::Duration;

const SIZES: [usize; 4] = [30, 1_000, 10_000, 100_000];

fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2024, 6, 30).unwrap()
}

fn config<'a>(
    c: &'a mut Criterion,
    name: &str,
    n: usize,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    if n >= 10_000 {
        g.sample_size(10)
            .measurement_time(Duration::from_secs(if n >= 100_000 { 30 } else { 10 }));
    }
    g
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    for n in SIZES {
        let reg = synthetic::registry(n, 1);
        let text = document::to_json(&reg);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();

        config(c, "load_document", n).bench_with_input(
            BenchmarkId::from_parameter(n),
            &text,
            |b, text| b.iter(|| document::from_json(text, today).unwrap()),
        );

        config(c, "summary_gaps", n).bench_with_input(
            BenchmarkId::from_parameter(n),
            &reg,
            |b, reg| {
                b.iter(|| {
                    let facts = Facts::new(reg, as_of());
                    (
                        coverage::summary_of(&facts),
                        gaps::find_in(&facts, Lang::Zh).len(),
                    )
                })
            },
        );

        // Coverage over time: the same rules at 24 month ends.
        config(c, "trend", n).bench_with_input(BenchmarkId::from_parameter(n), &reg, |b, reg| {
            b.iter(|| parkreg_core::views::trend::series(reg, as_of()).len())
        });

        let db = dir.path().join(format!("r{n}.db"));
        let mut store = Store::open(&db).unwrap();
        store.replace(&reg, "bench", "bench").unwrap();
        config(c, "read_registry", n).bench_with_input(
            BenchmarkId::from_parameter(n),
            &store,
            |b, store| b.iter(|| store.read().unwrap().unwrap().units.len()),
        );
        // The floor: SQLite alone reading every column of the tables the
        // rules read, the meeting records included.
        let conn = rusqlite::Connection::open(&db).unwrap();
        config(c, "sqlite_scan", n).bench_with_input(BenchmarkId::from_parameter(n), &conn, |b, conn| {
            b.iter(|| {
                let mut count = 0usize;
                for sql in [
                    "SELECT id, name, kind, ownership, stage, credit_code, employees, full_members, probationary_members, town, village, key_project, commissioner, instructor, started_on, closed_on FROM unit",
                    "SELECT id, name, kind, parent, founded_on, dissolved_on, approval_doc, secretary, committee_size, last_election_on FROM organization",
                    "SELECT org, unit, position FROM organization_unit",
                    "SELECT id, org, kind, date, topic, expected, attended, hours_tenths, host, note FROM meeting",
                ] {
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
            })
        });

        let book = dir.path().join(format!("w{n}.xlsx"));
        config(c, "export_xlsx", n).bench_with_input(
            BenchmarkId::from_parameter(n),
            &store,
            |b, store| {
                b.iter(|| {
                    store
                        .export(workbook::Format::Xlsx, &book, as_of(), today)
                        .unwrap()
                })
            },
        );

        let empty = parkreg_core::Registry::empty(parkreg_core::model::Park::new("空园区"));
        config(c, "import_sheet", n).bench_with_input(
            BenchmarkId::from_parameter(n),
            &book,
            |b, book| {
                b.iter(|| {
                    let sheet = import::read_sheet(book, import::UNITS).unwrap();
                    import::plan(&empty, &sheet, parkreg_core::today())
                        .unwrap()
                        .added
                        .len()
                })
            },
        );
    }
}

criterion_group!(core, benches);
criterion_main!(core);
