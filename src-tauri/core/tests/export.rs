//! The streaming export reads the registry in slices; whatever the slice
//! size, it must write exactly the workbook the whole registry gives.

mod common;

use common::d;
use parkreg_core::exchange::workbook::{self, CsvSink, Sink};
use parkreg_core::model::Registry;
use parkreg_core::samples::{self, synthetic};
use parkreg_core::store::Store;
use std::collections::BTreeMap;
use std::path::Path;

fn csv_files(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

fn export_whole(reg: &Registry, as_of: &str, dir: &Path) -> BTreeMap<String, String> {
    let mut sink = CsvSink::create(&workbook::sheets(), dir).unwrap();
    workbook::export_registry(reg, d(as_of), d("2026-11-26"), &mut sink).unwrap();
    sink.finish().unwrap();
    csv_files(dir)
}

fn export_sliced(store: &Store, size: usize, as_of: &str, dir: &Path) -> BTreeMap<String, String> {
    let mut sink = CsvSink::create(&workbook::sheets(), dir).unwrap();
    store
        .read_in_parts(size, |start, parts| {
            workbook::export(
                start,
                parts,
                d(as_of),
                d("2026-11-26"),
                &mut sink as &mut dyn Sink,
            )
        })
        .unwrap();
    sink.finish().unwrap();
    csv_files(dir)
}

/// A synthetic registry whose ledger has reversals, one of them in the
/// year after its original (it counts in the original's year).
fn with_reversals() -> Registry {
    let mut reg = synthetic::registry(500, 7);
    let picks: Vec<usize> = vec![0, 5, reg.ledger.len() / 2, reg.ledger.len() - 1];
    for (n, &i) in picks.iter().enumerate() {
        let orig = reg.ledger[i].clone();
        let date = if n == 1 {
            d(&format!("{}-01-15", chrono::Datelike::year(&orig.date) + 1))
        } else {
            orig.date
        };
        let mut r =
            parkreg_core::rules::ledger::reversal_of(&reg, &orig.id, "录入有误", None, date)
                .unwrap();
        r.id = format!("R{n}");
        reg.ledger.push(r);
    }
    reg
}

#[test]
fn every_slice_size_writes_the_whole_registrys_workbook() {
    let cases: Vec<(&str, Registry, &str)> = vec![
        ("reversals", with_reversals(), "2030-06-30"),
        ("sample park", samples::sample_park(), "2013-06-30"),
        ("sample park later", samples::sample_park(), "2024-06-30"),
        ("synthetic 500", synthetic::registry(500, 7), "2024-06-30"),
        (
            "synthetic 500 earlier",
            synthetic::registry(500, 7),
            "2016-01-01",
        ),
    ];
    let tmp = tempfile::tempdir().unwrap();
    for (i, (name, reg, as_of)) in cases.iter().enumerate() {
        let whole = export_whole(reg, as_of, &tmp.path().join(format!("whole{i}")));
        if name.starts_with("sample park") {
            assert!(
                whole["组织生活.csv"].lines().count() > 100,
                "{name}: meetings listed"
            );
        }
        let gaps = &whole["覆盖缺口.csv"];
        assert!(
            gaps.lines().count() > 5,
            "{name}: the case has gaps to sort"
        );
        let mut store = Store::open(&tmp.path().join(format!("r{i}.db"))).unwrap();
        store.replace(reg, "t", "t").unwrap();
        if *name == "reversals" {
            assert!(
                whole["资金台账.csv"].contains("被 R1 冲销"),
                "{name}: reversals listed"
            );
        }
        let problems = parkreg_core::rules::validate::registry(reg);
        assert!(problems.is_empty(), "{name}: {problems:?}");
        for size in [1, 3, 64, 100_000] {
            let sliced = export_sliced(
                &store,
                size,
                as_of,
                &tmp.path().join(format!("s{i}-{size}")),
            );
            for (file, text) in &whole {
                assert_eq!(
                    &sliced[file], text,
                    "{name}, slices of {size}: {file} differs"
                );
            }
            assert_eq!(
                sliced.len(),
                workbook::sheets().len(),
                "{name}: every sheet"
            );
        }
    }
}

#[test]
fn the_export_reads_one_snapshot_and_leaves_the_registry_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("r.db");
    let mut store = Store::open(&path).unwrap();
    store.replace(&samples::sample_park(), "t", "t").unwrap();
    let before = store.read().unwrap();
    let history = store.history(100).unwrap().len();
    let out = tmp.path().join("w.xlsx");
    let files = store
        .export(
            workbook::Format::Xlsx,
            &out,
            d("2013-06-30"),
            d("2026-11-26"),
        )
        .unwrap();
    assert_eq!(files, vec![out.clone()]);
    assert!(std::fs::metadata(&out).unwrap().len() > 5_000);
    assert_eq!(store.read().unwrap(), before);
    assert_eq!(store.history(100).unwrap().len(), history);
    // Exporting over the registry's own file is refused, and changes nothing.
    let err = store
        .export(
            workbook::Format::Xlsx,
            &path,
            d("2013-06-30"),
            d("2026-11-26"),
        )
        .unwrap_err();
    assert!(err.to_string().contains("不能覆盖"), "{err}");
    assert_eq!(store.read().unwrap(), before);
}
