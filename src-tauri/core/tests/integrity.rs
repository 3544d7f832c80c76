//! The store never holds a state it would later refuse, and loses nothing:
//! the reproductions of issue "every state the registry accepts is one it
//! can read back", each as a table of cases, and the defences of its
//! history (anchors, schema, backups per registry, untouched foreign files).

mod common;

use common::d;
use parkreg_core::exchange::document::{from_json, to_json};
use parkreg_core::exchange::workbook::import;
use parkreg_core::model::Lang;
use parkreg_core::model::*;
use parkreg_core::rules::gaps::{find, Code};
use parkreg_core::rules::ledger;
use parkreg_core::samples::sample_park;
use parkreg_core::store::{self, Store};
use parkreg_core::today;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2013-06-30";

fn demo(dir: &Path, name: &str) -> (PathBuf, Store) {
    let path = dir.join(name);
    let mut store = Store::open(&path).unwrap();
    store
        .replace(&sample_park(), "registry.demo", "示例")
        .unwrap();
    (path, store)
}

/// What every reader must accept after any write: `check`, and
/// `dump` → `load` → `dump` giving the same document.
fn readable(store: &Store) {
    let report = store.check(today()).unwrap();
    assert!(report.is_ok(), "{report:#?}");
    let doc = to_json(&store.registry().unwrap());
    let back = from_json(&doc, today()).expect("the dump loads");
    assert_eq!(to_json(&back), doc);
}

fn sheet(dir: &Path, name: &str, text: &str) -> import::Sheet {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    import::read_sheet(&path, import::UNITS).unwrap()
}

fn ineligible(store: &Store) -> Vec<String> {
    find(&store.registry().unwrap(), d(AS_OF), Lang::Zh)
        .into_iter()
        .filter(|g| g.code == Code::StarterFundIneligible)
        .map(|g| format!("{}: {}", g.org.unwrap_or_default(), g.message))
        .collect()
}

/// Reproduction 1: corrections that make a past starter fund disagree are
/// accepted, and the disagreement is a gap; nothing becomes unreadable.
#[test]
fn corrections_after_a_starter_fund_are_accepted_and_flagged() {
    type Correction = fn(&mut Store, &Path);
    let cases: Vec<(&str, Correction, &str)> = vec![
        (
            "the unit's ownership corrected to state by an import",
            |s, dir| {
                let plan = s
                    .plan_import(&sheet(
                        dir,
                        "own.csv",
                        "单位名称,经济类型\n示例碳素制品有限公司,国有\n",
                    ))
                    .unwrap();
                s.import_units(&plan, "own.csv").unwrap();
            },
            "不符合启动资金条件",
        ),
        (
            "the starter-fund minimum raised",
            |s, _| {
                let mut park = s.registry().unwrap().park.clone();
                park.starter_fund_min_fen = 300_000;
                s.set_park(park).unwrap();
            },
            "金额低于现行最低标准",
        ),
        (
            "the organization's founding date moved after the payment",
            |s, _| {
                let mut o = s.registry().unwrap().org("o9").unwrap().clone();
                o.founded_on = d("2012-05-01");
                s.save_org(o).unwrap();
            },
            "不符合启动资金条件",
        ),
        (
            "the organization's parent removed",
            |s, _| {
                let mut o = s.registry().unwrap().org("o9").unwrap().clone();
                o.parent = None;
                s.save_org(o).unwrap();
            },
            "不符合启动资金条件",
        ),
        (
            "the organization's kind corrected to a group",
            |s, _| {
                let mut o = s.registry().unwrap().org("o9").unwrap().clone();
                o.kind = OrgKind::Group;
                s.save_org(o).unwrap();
            },
            "不符合启动资金条件",
        ),
    ];
    for (what, correct, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let (_, mut store) = demo(dir.path(), "r.db");
        assert!(ineligible(&store).is_empty(), "{what}: before");
        correct(&mut store, dir.path());
        readable(&store);
        let flagged = ineligible(&store);
        assert!(
            flagged
                .iter()
                .any(|g| g.starts_with("o9: ") && g.contains("PF2012-001") && g.contains(expected)),
            "{what}: {flagged:#?}"
        );
        // Reversing the entry is what the gap asks for, and clears it for o9.
        let reg = store.registry().unwrap();
        let r = ledger::reversal_of(&reg, "d1", "更正后不符合条件", None, d(AS_OF)).unwrap();
        store.append_entry(r, today()).unwrap();
        readable(&store);
        assert!(
            !ineligible(&store).iter().any(|g| g.starts_with("o9: ")),
            "{what}: reversed"
        );
    }
}

/// Money-sum invariants stay refusals at every write.
#[test]
fn money_sums_stay_hard_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = demo(dir.path(), "r.db");
    let before = to_json(&store.registry().unwrap());
    let net_2012 = ledger::year_totals(&store.registry().unwrap(), 2012, today()).net_fen;
    let err = store
        .set_budget(Budget {
            year: 2012,
            amount_fen: net_2012 - 1,
            source: String::new(),
        })
        .unwrap_err();
    assert!(
        err.to_string().contains("2012 年预算不能少于已支出"),
        "{err}"
    );
    // A second open starter fund for o9.
    let mut again = common::pay("", "2012-08-01", Purpose::StarterFund, Some("o9"), 200_000);
    again.voucher = "PF-AGAIN".into();
    let err = store.append_entry(again, today()).unwrap_err();
    assert!(err.to_string().contains("已领取启动资金"), "{err}");
    assert_eq!(to_json(&store.registry().unwrap()), before);
}

/// Reproduction 2: dates and years the workbook cannot hold are refused
/// where they are typed, and nothing is written.
#[test]
fn dates_out_of_range_are_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = demo(dir.path(), "r.db");
    let before = (to_json(&store.registry().unwrap()), store.head().unwrap());
    let cases = [
        (
            "单位名称,开始日期\n新单位,10000年1月1日\n",
            "年份 10000 超出范围",
        ),
        (
            "单位名称,开始日期\n新单位,1899-12-31\n",
            "年份 1899 超出范围",
        ),
        (
            "单位名称,开始日期\n新单位,0999年1月1日\n",
            "年份 999 超出范围",
        ),
    ];
    for (i, (csv, expected)) in cases.iter().enumerate() {
        let err = store
            .plan_import(&sheet(dir.path(), &format!("{i}.csv"), csv))
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains(expected) && text.contains("第 2 行"),
            "{text}"
        );
    }
    for year in [1800, 10_000] {
        let err = store
            .set_budget(Budget {
                year,
                amount_fen: 100,
                source: String::new(),
            })
            .unwrap_err();
        assert!(err.to_string().contains("超出范围"), "{year}: {err}");
    }
    let mut u = store.registry().unwrap().units[1].clone();
    u.closed_on = Some(chrono::NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap());
    assert!(store
        .save_unit(u)
        .unwrap_err()
        .to_string()
        .contains("超出范围"));
    drop(store);
    let store = Store::open(&path).unwrap();
    let after = (to_json(&store.registry().unwrap()), store.head().unwrap());
    assert!(after == before, "nothing written");
    readable(&store);
}

/// Reproduction 3: two registries in one folder keep their own backups,
/// and undo restores this registry's own state, only while the import is
/// its last change.
#[test]
fn two_registries_in_one_folder_keep_their_own_backups() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut d_store) = demo(dir.path(), "park.db");
    let (_, mut e_store) = demo(dir.path(), "park-old.db");
    let mut other = e_store.registry().unwrap().park.clone();
    other.name = "另一个园区".into();
    e_store.set_park(other).unwrap();
    let d_before = to_json(&d_store.registry().unwrap());
    let csv = "单位名称,从业人员\n导入的新公司,12\n";
    let plan = d_store
        .plan_import(&sheet(dir.path(), "a.csv", csv))
        .unwrap();
    d_store.import_units(&plan, "a.csv").unwrap();
    let plan = e_store
        .plan_import(&sheet(dir.path(), "b.csv", csv))
        .unwrap();
    e_store.import_units(&plan, "b.csv").unwrap();
    // Many backups of park-old.db: pruning them leaves park.db's alone.
    for _ in 0..15 {
        e_store.backup("manual").unwrap();
    }
    let d_backups = d_store.backups();
    assert!(!d_backups.is_empty());
    assert!(d_backups
        .iter()
        .all(|b| b.starts_with(d_store.backup_dir())));
    for b in &d_backups {
        assert!(b.exists(), "{}", b.display());
    }
    d_store.undo_last_import().unwrap();
    let d_after = d_store.registry().unwrap();
    assert_eq!(d_after.park.name, sample_park().park.name);
    assert_eq!(
        to_json(&d_after),
        d_before,
        "park.db is as before its own import"
    );
    readable(&d_store);
    // A second undo: the last change is now the undo itself.
    let err = d_store.undo_last_import().unwrap_err();
    assert!(err.to_string().contains("之后又有 1 处修改"), "{err}");

    // Undo after a later payment is refused, and says what came after.
    let mut pay = common::pay("", "2013-06-01", Purpose::Activity, None, 10_000);
    pay.voucher = "ACT-1".into();
    e_store.append_entry(pay, today()).unwrap();
    let before = to_json(&e_store.registry().unwrap());
    let err = e_store.undo_last_import().unwrap_err();
    assert_eq!(err.code(), "errors.conflict");
    assert!(err.to_string().contains("ACT-1"), "{err}");
    assert_eq!(
        to_json(&e_store.registry().unwrap()),
        before,
        "nothing undone"
    );
}

/// The import is audited per unit, and applies only to the state it was
/// planned on.
#[test]
fn imports_are_audited_per_unit_and_apply_to_their_own_state() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = demo(dir.path(), "r.db");
    let csv = "单位名称,从业人员\n示例碳素制品有限公司,77\n导入的新公司,5\n";
    let plan = store.plan_import(&sheet(dir.path(), "a.csv", csv)).unwrap();
    let id = store
        .registry()
        .unwrap()
        .units
        .iter()
        .find(|u| u.name == "示例碳素制品有限公司")
        .unwrap()
        .id
        .clone();
    let old_employees = store.registry().unwrap().unit(&id).unwrap().employees;
    store.import_units(&plan, "a.csv").unwrap();
    let history = store.history_of("unit", &id, 10).unwrap();
    let import = history
        .iter()
        .find(|e| e.action == "units.import")
        .expect("in the unit's history");
    let old = &import.old_value.as_ref().unwrap()["units"];
    let new = &import.new_value.as_ref().unwrap()["units"];
    assert!(old
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["id"] == id.as_str() && u["employees"] == old_employees));
    assert!(new
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["id"] == id.as_str() && u["employees"] == 77));
    assert!(
        old.as_array().unwrap().iter().any(|u| u.is_null()),
        "the added unit had no old value"
    );

    // A plan made before another change is refused whole.
    let stale = store
        .plan_import(&sheet(
            dir.path(),
            "b.csv",
            "单位名称,从业人员\n又一家公司,3\n",
        ))
        .unwrap();
    let mut u = store.registry().unwrap().units[2].clone();
    u.employees += 1;
    store.save_unit(u).unwrap();
    let before = to_json(&store.registry().unwrap());
    let err = store.import_units(&stale, "b.csv").unwrap_err();
    assert_eq!(err.code(), "errors.conflict");
    assert_eq!(to_json(&store.registry().unwrap()), before);
}

/// The attacker's tool: the chain's hash, as the published source makes it.
fn rehash_from(conn: &rusqlite::Connection, from: i64) {
    use sha2::{Digest, Sha256};
    let rows: Vec<(i64, Vec<Option<String>>)> = conn
        .prepare("SELECT seq, at, who, action, entity, entity_id, summary, old_value, new_value FROM audit ORDER BY seq")
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, (1..9).map(|i| r.get(i).unwrap()).collect()))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut prev = String::new();
    for (seq, fields) in rows {
        let mut h = Sha256::new();
        let mut all = vec![seq.to_string()];
        all.extend(
            fields
                .into_iter()
                .map(|f| f.unwrap_or_else(|| "\u{0}".into())),
        );
        all.push(prev.clone());
        for f in all {
            h.update((f.len() as u64).to_le_bytes());
            h.update(f.as_bytes());
        }
        let hash: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        if seq >= from {
            conn.execute(
                "UPDATE audit SET hash = ?1 WHERE seq = ?2",
                rusqlite::params![hash, seq],
            )
            .unwrap();
            prev = hash;
        } else {
            prev = conn
                .query_row("SELECT hash FROM audit WHERE seq = ?1", [seq], |r| r.get(0))
                .unwrap();
        }
    }
}

/// Each kind of tampering with the history is caught by `check`.
#[test]
fn tampering_with_the_history_is_caught() {
    type Tamper = fn(&rusqlite::Connection);
    let cases: Vec<(&str, Tamper, &str)> = vec![
        (
            "an entry edited and the chain re-hashed",
            |c| {
                c.execute("UPDATE audit SET summary = '无事发生' WHERE seq = 2", [])
                    .unwrap();
                rehash_from(c, 2);
            },
            "重新计算了校验值",
        ),
        (
            "the newest entry deleted",
            |c| {
                c.execute(
                    "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)",
                    [],
                )
                .unwrap();
            },
            "最新的记录被删除了",
        ),
        (
            "an entry's hash set to NULL",
            |c| {
                c.execute("UPDATE audit SET hash = NULL WHERE seq = 2", [])
                    .unwrap();
            },
            "校验值不符",
        ),
        (
            "the ledger's append-only trigger dropped",
            |c| {
                c.execute_batch("DROP TRIGGER ledger_no_update").unwrap();
            },
            "触发器 ledger_no_update",
        ),
    ];
    for (what, tamper, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut store) = demo(dir.path(), "r.db");
        for n in 0..3 {
            let mut u = store.registry().unwrap().units[1].clone();
            u.employees = n;
            store.save_unit(u).unwrap();
        }
        assert!(store.check(today()).unwrap().is_ok(), "{what}: before");
        drop(store);
        tamper(&rusqlite::Connection::open(&path).unwrap());
        // Opening never re-hashes or repairs: the evidence stays.
        let store = Store::open(&path).unwrap();
        let report = store.check(today()).unwrap();
        assert!(!report.is_ok(), "{what}: not caught");
        let text = format!("{report:?}");
        assert!(text.contains(expected), "{what}: {report:#?}");
    }
}

/// Without the anchor file, the backups still catch a re-hashed history.
#[test]
fn the_backups_anchor_the_history_too() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo(dir.path(), "r.db");
    store.backup("manual").unwrap();
    let export = dir.path().join("out.xlsx");
    store
        .export(
            parkreg_core::exchange::workbook::Format::Xlsx,
            &export,
            today(),
            today(),
        )
        .unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE audit SET who = '别人' WHERE seq = 1", [])
        .unwrap();
    rehash_from(&conn, 1);
    std::fs::remove_file(format!("{}.anchor", path.display())).unwrap();
    let store = Store::open(&path).unwrap();
    let report = store.check(today()).unwrap();
    assert!(
        report
            .anchors
            .iter()
            .any(|a| a.contains("备份") && a.contains("重新计算了校验值")),
        "{report:#?}"
    );
    assert!(
        report.notes.iter().any(|n| n.contains("没有锚点文件")),
        "{report:#?}"
    );
    // The exported workbook's metadata names the head too.
    let with_export = store.check_with(today(), &[&export]).unwrap();
    assert!(
        with_export.anchors.iter().any(|a| a.contains("out.xlsx")),
        "{with_export:#?}"
    );
}

/// A backup without the append-only triggers is refused, with the reason.
#[test]
fn a_backup_without_its_triggers_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = demo(dir.path(), "r.db");
    let bad = dir.path().join("bad.db");
    store.backup_to(&bad).unwrap();
    rusqlite::Connection::open(&bad)
        .unwrap()
        .execute_batch("PRAGMA journal_mode = DELETE; DROP TRIGGER ledger_no_delete;")
        .unwrap();
    let mut u = store.registry().unwrap().units[1].clone();
    u.employees = 999;
    store.save_unit(u).unwrap();
    let snapshot = to_json(&store.registry().unwrap());
    let err = store
        .restore_from(&bad, "registry.restore", "t")
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("ledger_no_delete") && text.contains("数据库结构"),
        "{text}"
    );
    assert!(
        to_json(&store.registry().unwrap()) == snapshot,
        "nothing restored"
    );
    let _ = path;
}

/// A SQLite file of another program, in WAL mode, is refused and left as
/// it was, byte for byte, with no side file made; every way of opening
/// or restoring it says why.
#[test]
fn a_foreign_wal_file_stays_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&foreign).unwrap();
        c.execute_batch(
            "PRAGMA journal_mode = WAL; CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('x');
             PRAGMA user_version = 3; PRAGMA wal_checkpoint(TRUNCATE);",
        )
        .unwrap();
    }
    for side in store::side_files(&foreign) {
        let _ = std::fs::remove_file(side);
    }
    let bytes = std::fs::read(&foreign).unwrap();
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let files = listing();
    let err = Store::open(&foreign).err().expect("refused");
    assert_eq!(err.code(), "errors.not_a_registry", "{err}");
    assert!(store::check_backup(&foreign, None).is_err());
    let (_, mut mine) = demo(dir.path(), "mine.db");
    assert!(mine
        .restore_from(&foreign, "registry.restore", "t")
        .is_err());
    drop(mine);
    let after: Vec<String> = listing()
        .into_iter()
        .filter(|n| !n.starts_with("mine") && n != "backups")
        .collect();
    assert_eq!(after, files, "no side file made");
    assert!(
        std::fs::read(&foreign).unwrap() == bytes,
        "changed: not byte for byte"
    );
}

/// Exports never overwrite the registry's own files or its backups.
#[test]
fn exports_refuse_the_registry_s_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo(dir.path(), "r.db");
    store.backup("manual").unwrap();
    let mut targets: Vec<PathBuf> = store::side_files(&path);
    targets.push(path.clone());
    targets.push(store.backup_dir().join("x.xlsx"));
    targets.push(store.backup_dir());
    for t in targets {
        for format in [
            parkreg_core::exchange::workbook::Format::Xlsx,
            parkreg_core::exchange::workbook::Format::Csv,
        ] {
            let err = store.export(format, &t, today(), today());
            assert!(err.is_err(), "{} written", t.display());
        }
        assert!(
            store.backup_to(&t).is_err(),
            "{} backed up onto",
            t.display()
        );
    }
    readable(&store);
}

/// Ids past the largest integer are refused, never wrapped.
#[test]
fn ids_past_the_largest_integer_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = demo(dir.path(), "r.db");
    let mut reg = (*store.registry().unwrap()).clone();
    reg.units[1].id = format!("u{}", u64::MAX);
    let old = sample_park().units[1].id.clone();
    for o in &mut reg.organizations {
        for u in &mut o.units {
            if *u == old {
                *u = format!("u{}", u64::MAX);
            }
        }
    }
    for m in reg.people.iter_mut().filter_map(|p| p.membership.as_mut()) {
        if m.unit.as_ref() == Some(&old) {
            m.unit = Some(format!("u{}", u64::MAX));
        }
    }
    store.replace(&reg, "t", "t").unwrap();
    let before = to_json(&store.registry().unwrap());
    let err = store.save_unit(Unit::new("", "又一家")).unwrap_err();
    assert!(err.to_string().contains("最大值"), "{err}");
    let err = store
        .plan_import(&sheet(dir.path(), "a.csv", "单位名称\n又一家\n"))
        .unwrap_err();
    assert!(err.to_string().contains("最大值"), "{err}");
    assert_eq!(to_json(&store.registry().unwrap()), before);
}
