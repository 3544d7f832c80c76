//! The district reads parks' workbooks back: a park's own export is read
//! clean and gives the park's own figures; what was changed after export
//! is flagged; what is not a park workbook is refused.

mod common;

use common::d;
use parkreg_core::district::{read_submission, Added, CrossProblem, District};
use parkreg_core::exchange::workbook::{self, Sink, XlsxSink};
use parkreg_core::model::Registry;
use parkreg_core::model::Severity;
use parkreg_core::rules::coverage;
use parkreg_core::rules::table27;
use parkreg_core::samples::{self, synthetic};
use std::path::{Path, PathBuf};

/// The line under each sheet's title, for a park's workbook.
fn heading(reg: &Registry) -> workbook::Heading {
    workbook::Heading::park(&reg.park, d("2024-12-31"), d("2024-12-31"))
}

fn export(reg: &Registry, as_of: &str, path: &Path) -> PathBuf {
    let mut sink = XlsxSink::create(workbook::sheets(), path, None, &heading(reg)).unwrap();
    workbook::export_registry(reg, d(as_of), d(as_of), &mut sink).unwrap();
    sink.finish().unwrap();
    path.to_path_buf()
}

#[test]
fn a_parks_own_export_reads_clean_with_its_own_figures() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(Registry, String)> = vec![
        (samples::sample_park(), samples::as_of().to_string()),
        (synthetic::registry(100, 3), "2024-12-31".into()),
        (synthetic::registry(300, 11), "2024-06-30".into()),
    ];
    for (i, (reg, as_of)) in cases.iter().enumerate() {
        let path = export(reg, as_of, &dir.path().join(format!("{i}.xlsx")));
        let sub = read_submission(&path).unwrap();
        assert_eq!(sub.flags, Vec::<String>::new(), "case {i}");
        let want = coverage::summary(reg, d(as_of));
        let got = sub.tally.summary(&sub.park, sub.as_of, sub.money.clone());
        // As the figures stand (people's ids are the district's own).
        let json = |s: &coverage::Summary| serde_json::to_value(s).unwrap();
        assert_eq!(json(&got), json(&want), "case {i}");
        // The units that exist on the date, for the cross-park checks.
        let facts = parkreg_core::rules::facts::Facts::new(reg, d(as_of));
        let active = facts.unit_active.iter().filter(|a| **a).count();
        assert_eq!(sub.units.len(), active, "case {i}");
    }
}

/// Parks exported into `dir`, each from `synthetic::registry(n, seed)`
/// renamed to `name`, as of `as_of`.
fn park_file(dir: &Path, name: &str, n: usize, seed: u64, as_of: &str) -> PathBuf {
    let mut reg = synthetic::registry(n, seed);
    reg.park.name = name.into();
    export(
        &reg,
        as_of,
        &dir.join(format!("{name}-{seed}-{as_of}.xlsx")),
    )
}

fn stored(added: &[(PathBuf, Added)]) -> Vec<bool> {
    added
        .iter()
        .map(|(_, a)| matches!(a, Added::Stored { .. }))
        .collect()
}

/// The district's total counts are the sums over parks and its rates the
/// ratios of summed counts, for random sets of random parks.
#[test]
fn the_total_is_the_sum_over_parks() {
    use proptest::prelude::*;
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: 8,
        ..Default::default()
    });
    runner
        .run(
            &proptest::collection::vec((1usize..60, any::<u64>()), 1..5),
            |parks| {
                let dir = tempfile::tempdir().unwrap();
                let mut district = District::init(&dir.path().join("d.db"), "测试区").unwrap();
                let files: Vec<PathBuf> = parks
                    .iter()
                    .enumerate()
                    .map(|(i, &(n, seed))| {
                        park_file(dir.path(), &format!("园区{i}"), n, seed, "2024-12-31")
                    })
                    .collect();
                let added = district.add(&files).unwrap();
                prop_assert!(stored(&added).iter().all(|s| *s), "{added:?}");
                let sum = district.summary(None).unwrap();
                prop_assert_eq!(sum.parks.len(), parks.len());
                let t = &sum.total;
                let add = |f: &dyn Fn(&coverage::Summary) -> usize| -> usize {
                    sum.parks.iter().map(|p| f(&p.summary)).sum()
                };
                prop_assert_eq!(t.units.total, add(&|s| s.units.total));
                prop_assert_eq!(t.units.in_scope, add(&|s| s.units.in_scope));
                prop_assert_eq!(t.status_counts.own, add(&|s| s.status_counts.own));
                prop_assert_eq!(t.status_counts.none, add(&|s| s.status_counts.none));
                let money: i64 = sum.parks.iter().map(|p| p.summary.money.net_fen).sum();
                prop_assert_eq!(t.money.net_fen, money);
                let covered =
                    add(&|s| s.status_counts.own + s.status_counts.joint + s.status_counts.group);
                let in_scope = add(&|s| s.units.in_scope);
                let want = (in_scope > 0).then(|| covered as f64 / in_scope as f64);
                prop_assert_eq!(t.coverage.all.organizational, want);
                for r in 0..table27::ROWS.len() {
                    for c in 0..table27::COLUMNS.len() {
                        let parts: u64 = sum
                            .parks
                            .iter()
                            .map(|p| p.summary.table27.value(r, c))
                            .sum();
                        prop_assert_eq!(sum.table27.value(r, c), parts);
                    }
                }
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn a_resubmission_replaces_and_other_dates_stay_apart() {
    let dir = tempfile::tempdir().unwrap();
    let mut district = District::init(&dir.path().join("d.db"), "测试区").unwrap();
    let first = park_file(dir.path(), "甲园区", 20, 1, "2024-06-30");
    let again = park_file(dir.path(), "甲园区", 30, 2, "2024-06-30");
    let later = park_file(dir.path(), "甲园区", 40, 3, "2024-12-31");
    let other = park_file(dir.path(), "乙园区", 10, 4, "2024-06-30");
    district.add(&[first, other]).unwrap();
    let added = district.add(&[again]).unwrap();
    assert!(
        matches!(added[0].1, Added::Stored { replaced: true, .. }),
        "{added:?}"
    );
    let sum = district.summary(Some(d("2024-06-30"))).unwrap();
    let jia = sum
        .parks
        .iter()
        .find(|p| p.summary.park == "甲园区")
        .unwrap();
    let want = coverage::summary(&synthetic::registry(30, 2), d("2024-06-30"));
    assert_eq!(jia.summary.units, want.units, "the newer one of that date");
    // One park's page: the same figures, its own uncovered units and gaps.
    let page = district.park("甲园区", Some(d("2024-06-30"))).unwrap();
    assert_eq!(page.figures.summary.units, want.units);
    assert_eq!(page.uncovered.len(), want.status_counts.none);
    let gaps = district.gaps(Some(d("2024-06-30"))).unwrap();
    assert_eq!(
        page.gaps.len(),
        gaps.iter().filter(|g| g.park == "甲园区").count()
    );
    assert!(district.park("丙园区", None).is_err());
    district.add(&[later]).unwrap();
    let sum = district.summary(None).unwrap();
    let jia = sum
        .parks
        .iter()
        .find(|p| p.summary.park == "甲园区")
        .unwrap();
    assert_eq!(jia.summary.as_of, d("2024-12-31"));
    let late: Vec<&str> = (sum.problems.iter())
        .filter(|p| p.code == "NOT_AS_OF_DATE")
        .flat_map(|p| p.parks.iter().map(String::as_str))
        .collect();
    assert_eq!(late, ["乙园区"]);
    // Removed from the figures, kept in the history.
    assert_eq!(district.remove_park("甲园区").unwrap(), 2);
    let sum = district.summary(None).unwrap();
    assert_eq!(sum.parks.len(), 1);
    assert!(district.remove_park("甲园区").is_err());
}

#[test]
fn the_same_enterprise_in_two_parks_is_an_error_and_a_name_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut district = District::init(&dir.path().join("d.db"), "测试区").unwrap();
    let a = synthetic::registry(30, 5);
    // Another park: its own names and codes, but one of each of `a`'s.
    let mut b = synthetic::registry(30, 6);
    b.park.name = "另一园区".into();
    for u in &mut b.units {
        u.name = format!("乙{}", u.name);
        u.credit_code = None;
    }
    let code = a.units.iter().find_map(|u| u.credit_code.clone()).unwrap();
    let shared_name = a.units[3].name.clone();
    let u = 5;
    b.units[u].credit_code = Some(code.clone());
    b.units[u + 1].name = shared_name.clone();
    let files = [
        export(&a, "2024-12-31", &dir.path().join("a.xlsx")),
        export(&b, "2024-12-31", &dir.path().join("b.xlsx")),
    ];
    district.add(&files).unwrap();
    let sum = district.summary(None).unwrap();
    let found = |code: &str| -> Vec<&CrossProblem> {
        sum.problems.iter().filter(|p| p.code == code).collect()
    };
    let twice = found("CREDIT_CODE_IN_TWO_PARKS");
    assert_eq!(twice.len(), 1, "{:?}", sum.problems);
    assert_eq!(twice[0].severity, Severity::Error);
    assert!(twice[0].message.contains(&code));
    assert_eq!(twice[0].parks.len(), 2);
    let named = found("UNIT_NAME_IN_TWO_PARKS");
    assert!(
        named.iter().any(|p| p.message.contains(&shared_name)),
        "{named:?}"
    );
    assert!(named.iter().all(|p| p.severity == Severity::Warning));
}

#[test]
fn what_is_not_a_park_workbook_is_refused_and_nothing_of_it_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let mut district = District::init(&db, "测试区").unwrap();
    let good = park_file(dir.path(), "甲园区", 10, 1, "2024-12-31");
    let bytes = std::fs::read(&good).unwrap();
    let truncated = dir.path().join("truncated.xlsx");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let text = dir.path().join("text.xlsx");
    std::fs::write(&text, "not a workbook").unwrap();
    let other = dir.path().join("other.xlsx");
    let mut sink = XlsxSink::create(
        vec![workbook::Sheet {
            name: "Sheet1",
            title: "别的表",
            form: false,
            columns: workbook::cols(&[("A", 8.0)], &[]),
        }],
        &other,
        None,
        &heading(&Registry::empty(parkreg_core::model::Park::new("别处"))),
    )
    .unwrap();
    sink.row(0, &[workbook::Cell::Int(1)]).unwrap();
    sink.finish().unwrap();
    let missing = dir.path().join("missing.xlsx");
    let mut foreign = synthetic::registry(5, 9);
    foreign.park.name = "甲园区".into();
    foreign.park.district = "别的区".into();
    let foreign = export(&foreign, "2024-12-31", &dir.path().join("foreign.xlsx"));
    let files = [truncated, text, good, other, missing, foreign];
    let added = district.add(&files).unwrap();
    assert_eq!(stored(&added), [false, false, true, false, false, false]);
    for (file, a) in &added {
        if let Added::Refused { reason } = a {
            assert!(!reason.is_empty(), "{file:?}");
        }
    }
    let Added::Refused { reason } = &added[5].1 else {
        unreachable!()
    };
    assert!(reason.contains("别的区"), "{reason}");
    let sum = district.summary(None).unwrap();
    assert_eq!(sum.parks.len(), 1);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM submission"), 1);
    assert_eq!(count("SELECT count(*) FROM audit"), 2, "init and one add");
}

#[test]
fn a_park_registry_is_not_a_district_file_nor_the_reverse() {
    let dir = tempfile::tempdir().unwrap();
    let park = dir.path().join("park.db");
    parkreg_core::store::Store::open(&park).unwrap();
    assert!(District::open(&park).is_err());
    let db = dir.path().join("d.db");
    District::init(&db, "测试区").unwrap();
    assert!(
        District::init(&db, "测试区").is_err(),
        "init never overwrites"
    );
    assert_eq!(District::open(&db).unwrap().name().unwrap(), "测试区");
}

/// A district file is plain unless protection is asked for; a protected
/// one opens with its passphrase only, a wrong or missing one leaving the
/// file as it was.
#[test]
fn a_district_file_is_protected_only_when_asked() {
    use parkreg_core::store::{is_protected, Passphrase};
    use parkreg_core::Error;
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.db");
    District::init(&plain, "测试区").unwrap();
    assert!(!is_protected(&plain));
    let db = dir.path().join("protected.db");
    let key = Passphrase::new("区县的口令 district").unwrap();
    District::init_with(&db, "测试区", Some(&key)).unwrap();
    assert!(is_protected(&db));
    let bytes = std::fs::read(&db).unwrap();
    assert!(matches!(
        District::open(&db),
        Err(Error::PassphraseNeeded(_))
    ));
    let wrong = Passphrase::given("not the passphrase");
    assert!(matches!(
        District::open_with(&db, Some(&wrong)),
        Err(Error::WrongPassphrase(_))
    ));
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    assert_eq!(
        District::open_with(&db, Some(&key))
            .unwrap()
            .name()
            .unwrap(),
        "测试区"
    );
    // A passphrase given for a plain file is not used.
    assert!(District::open_with(&plain, Some(&key)).is_ok());
}

/// The district's own rules, case by case: a moved enterprise is not
/// counted twice, an older export never replaces a newer one, a workbook
/// of another district is flagged, and the total adds up only parks as of
/// one date.
#[test]
fn the_district_s_rules_across_parks() {
    use parkreg_core::model::{credit_code, Ownership, Unit};
    let dir = tempfile::tempdir().unwrap();
    let code = {
        let first = "91110000MA00000001";
        format!(
            "{}{}",
            &first[..17],
            credit_code::check_char(&first[..17]).unwrap()
        )
    };
    let park_with = |name: &str, started: &str, closed: Option<&str>| {
        let mut reg = Registry::empty(parkreg_core::model::Park::in_district(name, "测试区"));
        let mut u = Unit::new("u1", "迁移企业");
        u.ownership = Ownership::Private;
        u.employees = 20;
        u.credit_code = Some(code.clone());
        u.started_on = Some(d(started));
        u.closed_on = closed.map(d);
        reg.units.push(u);
        reg
    };
    // Moved on 2013-01-01 from 甲 to 乙: as of 2013-06-30 it exists once.
    let from = park_with("甲园区", "2010-01-01", Some("2012-12-31"));
    let to = park_with("乙园区", "2013-01-01", None);
    let both = park_with("丙园区", "2010-01-01", None);
    let codes = |files: &[PathBuf]| {
        let mut district =
            District::init(&dir.path().join(format!("d{}.db", files.len())), "测试区").unwrap();
        district.add(files).unwrap();
        let sum = district.summary(None).unwrap();
        sum.problems
            .iter()
            .filter(|p| p.code == "CREDIT_CODE_IN_TWO_PARKS")
            .count()
    };
    let f = |reg: &Registry, name: &str| export(reg, "2013-06-30", &dir.path().join(name));
    let (a, b, c) = (f(&from, "a.xlsx"), f(&to, "b.xlsx"), f(&both, "c.xlsx"));
    assert_eq!(codes(&[a.clone(), b.clone()]), 0, "moved: counted once");
    assert_eq!(codes(&[a, b, c]), 1, "still in two parks: counted twice");

    // The newer export of one date stands whatever the order.
    let mut older = synthetic::registry(20, 1);
    older.park.district = "测试区".into();
    let mut newer = older.clone();
    newer.units.truncate(10);
    let at = |reg: &Registry, exported: &str, name: &str| {
        let path = dir.path().join(name);
        let mut sink = XlsxSink::create(workbook::sheets(), &path, None, &heading(reg)).unwrap();
        workbook::export_registry(reg, d("2024-06-30"), d(exported), &mut sink).unwrap();
        sink.finish().unwrap();
        path
    };
    let old_file = at(&older, "2024-07-01", "old.xlsx");
    let new_file = at(&newer, "2024-07-05", "new.xlsx");
    for order in [[&new_file, &old_file], [&old_file, &new_file]] {
        let path = dir
            .path()
            .join(format!("order-{}.db", order[0] == &old_file));
        let mut district = District::init(&path, "测试区").unwrap();
        for f in order {
            district.add(std::slice::from_ref(f)).unwrap();
        }
        let park = district.park(&older.park.name, None).unwrap();
        assert_eq!(
            park.figures.summary.units.total, 10,
            "{order:?}: the newer stands"
        );
    }

    // Another district's workbook is flagged; the total holds one date.
    let mut other = synthetic::registry(5, 2);
    other.park.district = "邻区".into();
    let other_file = export(&other, "2024-06-30", &dir.path().join("other.xlsx"));
    let mut early = synthetic::registry(7, 3);
    early.park.name = "早园区".into();
    early.park.district = "测试区".into();
    let early_file = export(&early, "2023-12-31", &dir.path().join("early.xlsx"));
    let mut district = District::init(&dir.path().join("mixed.db"), "测试区").unwrap();
    let added = district.add(&[new_file, other_file, early_file]).unwrap();
    let Added::Stored { flags, .. } = &added[1].1 else {
        panic!("{added:?}")
    };
    assert!(flags.iter().any(|f| f.contains("邻区")), "{flags:?}");
    let sum = district.summary(None).unwrap();
    assert_eq!(sum.parks.len(), 3);
    let same_date: usize = (sum.parks.iter())
        .filter(|p| p.summary.as_of == d("2024-06-30"))
        .map(|p| p.summary.units.total)
        .sum();
    let all: usize = sum.parks.iter().map(|p| p.summary.units.total).sum();
    assert!(all > same_date);
    assert_eq!(
        sum.total.units.total, same_date,
        "the 2023 park is not added in"
    );
    assert!(sum
        .problems
        .iter()
        .any(|p| p.code == "NOT_AS_OF_DATE" && p.parks == ["早园区"]));
}
