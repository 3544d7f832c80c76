//! The SQLite store: migrations, refusing files it must not touch, the
//! schema's own defences, one audit entry per change, nothing half-written.

mod common;

use common::*;
use parkreg_core::model::*;
use parkreg_core::samples::sample_park;
use parkreg_core::store::{Store, SCHEMA_VERSION};
use parkreg_core::Error;
use std::path::Path;

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn audit_count(store: &Store) -> usize {
    store.history(10_000).unwrap().len()
}

#[test]
fn migrations_bring_a_new_file_to_the_current_version() {
    let dir = temp();
    let path = dir.path().join("r.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.read().unwrap().is_none());
    let tables: Vec<String> = connect(store.path())
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in [
        "audit",
        "budget",
        "ledger",
        "organization",
        "organization_unit",
        "park",
        "person",
        "unit",
    ] {
        assert!(tables.iter().any(|x| x == t), "{t} missing from {tables:?}");
    }
    let mode: String = connect(store.path())
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // Foreign keys are declared: a reference to nothing is refused.
    let fk: i64 = connect(store.path())
        .query_row(
            "SELECT count(*) FROM pragma_foreign_key_list('organization_unit')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fk, 2);
    drop(store);
    // Opening again changes nothing.
    let again = Store::open(&path).unwrap();
    assert_eq!(again.schema_version().unwrap(), SCHEMA_VERSION);
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_newer_database_is_refused_and_left_untouched() {
    let dir = temp();
    let path = dir.path().join("new.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = bytes(&path);
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, Error::TooNew { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("数据库版本 99"), "{err}");
    assert_eq!(bytes(&path), before);
    assert!(!dir.path().join("new.db-wal").exists());
}

#[test]
fn files_that_are_not_registries_are_refused_and_left_untouched() {
    let dir = temp();
    let cases: [(&str, Vec<u8>, &str); 3] = [
        (
            "text.db",
            "这不是数据库".repeat(200).into_bytes(),
            "不是 SQLite 数据库",
        ),
        ("other.db", Vec::new(), "不是本程序建立的"), // another program's database, made below
        ("truncated.db", Vec::new(), "数据库已损坏"), // a registry cut short, made below
    ];
    for (name, content, message) in cases {
        let path = dir.path().join(name);
        match name {
            "other.db" => {
                let c = rusqlite::Connection::open(&path).unwrap();
                c.execute_batch("CREATE TABLE customers (id INTEGER);")
                    .unwrap();
            }
            "truncated.db" => {
                let full = dir.path().join("full.db");
                Store::open(&full)
                    .unwrap()
                    .replace(&sample_park(), "t", "t")
                    .unwrap();
                let data = bytes(&full);
                std::fs::write(&path, &data[..data.len().min(3000)]).unwrap();
            }
            _ => std::fs::write(&path, &content).unwrap(),
        }
        let before = bytes(&path);
        let result = Store::open(&path).and_then(|s| s.registry());
        let err = result.err().unwrap_or_else(|| panic!("{name} accepted"));
        assert!(err.to_string().contains(message), "{name}: {err}");
        assert_eq!(bytes(&path), before, "{name} was written to");
    }
}

#[test]
fn the_ledger_refuses_update_and_delete_itself() {
    let dir = temp();
    let mut store = Store::open(&dir.path().join("r.db")).unwrap();
    store.replace(&sample_park(), "t", "t").unwrap();
    for sql in [
        "UPDATE ledger SET amount_fen = 1 WHERE id = 'd1'",
        "UPDATE ledger SET note = '改' WHERE id = 'd1'",
        "DELETE FROM ledger WHERE id = 'd1'",
        "DELETE FROM ledger",
    ] {
        let err = connect(store.path()).execute(sql, []).expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    // Replacing the whole registry is still possible, and the defences
    // are back afterwards.
    store.replace(&sample_park(), "t", "t").unwrap();
    assert!(connect(store.path())
        .execute("DELETE FROM ledger", [])
        .is_err());
}

#[test]
fn the_schema_checks_what_it_can() {
    let dir = temp();
    let mut store = Store::open(&dir.path().join("r.db")).unwrap();
    store.replace(&sample_park(), "t", "t").unwrap();
    for sql in [
        "UPDATE unit SET employees = -1 WHERE id = 'u1'",
        "UPDATE unit SET kind = 'factory' WHERE id = 'u1'",
        "UPDATE unit SET commissioner = 'nobody' WHERE id = 'u1'",
        "INSERT INTO organization_unit (org, unit, position) VALUES ('o1', 'nowhere', 9)",
        "UPDATE organization SET committee_size = 16 WHERE id = 'o1'",
        "INSERT INTO ledger (id, date, purpose, org, amount_fen, voucher) VALUES ('x', '2013-01-01', 'other', NULL, 0, 'X')",
    ] {
        assert!(connect(store.path()).execute(sql, []).is_err(), "accepted: {sql}");
    }
}

#[test]
fn every_change_is_one_audit_entry_with_old_and_new_values() {
    let dir = temp();
    let mut store = Store::open(&dir.path().join("r.db")).unwrap();
    store.init(Park::new("测试园区")).unwrap();
    assert_eq!(audit_count(&store), 1);
    let id = store.save_unit(unit("", 0)).unwrap();
    assert_eq!(id, "u1");
    let mut u = store.registry().unwrap().units[0].clone();
    u.full_members = 4;
    store.save_unit(u).unwrap();
    let history = store.history(10).unwrap();
    assert_eq!(history.len(), 3);
    let last = &history[0];
    assert_eq!(last.action, "unit.update");
    assert_eq!(last.entity_id.as_deref(), Some("u1"));
    assert_eq!(last.old_value.as_ref().unwrap()["full_members"], 0);
    assert_eq!(last.new_value.as_ref().unwrap()["full_members"], 4);
    assert!(!last.who.is_empty());
    assert_eq!(history[1].action, "unit.create");
    assert!(history[1].old_value.is_none());
    assert_eq!(store.history_of("unit", "u1", 10).unwrap().len(), 2);
}

#[test]
fn the_registry_file_alone_holds_every_change_while_the_program_runs() {
    let dir = temp();
    let path = dir.path().join("r.db");
    let mut store = Store::open(&path).unwrap();
    store.init(Park::new("测试园区")).unwrap();
    // (the change; what a copy of the file alone must then read back)
    type Change = fn(&mut Store);
    let changes: [(&str, Change); 2] = [
        ("a unit", |s| {
            s.save_unit(unit("", 0)).unwrap();
        }),
        ("its members", |s| {
            let mut u = s.registry().unwrap().units[0].clone();
            u.full_members = 7;
            s.save_unit(u).unwrap();
        }),
    ];
    for (what, change) in changes {
        change(&mut store);
        // As a clerk copies it by hand: the file, not its -wal.
        let copy = dir.path().join(format!("copy-{what}.db"));
        std::fs::copy(&path, &copy).unwrap();
        assert!(!Path::new(&format!("{}-wal", copy.display())).exists());
        let read = Store::open(&copy).unwrap().read().unwrap().expect("a park");
        assert_eq!(read, store.read().unwrap().unwrap(), "{what}");
    }
}

#[test]
fn a_refused_change_writes_nothing() {
    let dir = temp();
    let path = dir.path().join("r.db");
    let mut store = Store::open(&path).unwrap();
    store.replace(&sample_park(), "t", "t").unwrap();
    let before = store.registry().unwrap();
    let audits = audit_count(&store);
    let mut bad = before.units[1].clone();
    bad.name = before.units[2].name.clone();
    bad.credit_code = Some("123".into());
    let err = store.save_unit(bad).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("重复") && text.contains("应为 18 位"),
        "{text}"
    );
    let mut orphan = before.organizations[1].clone();
    orphan.units.push("u404".into());
    assert!(store.save_org(orphan).is_err());
    assert_eq!(store.registry().unwrap(), before);
    assert_eq!(audit_count(&store), audits);
}

#[test]
fn the_registry_reads_back_as_written() {
    let dir = temp();
    let mut store = Store::open(&dir.path().join("r.db")).unwrap();
    let reg = sample_park();
    store.replace(&reg, "registry.load", "载入").unwrap();
    assert_eq!(*store.registry().unwrap(), reg);
    let h = store.history(1).unwrap();
    assert_eq!(h[0].action, "registry.load");
    assert_eq!(h[0].new_value.as_ref().unwrap()["units"], 31);
}

#[test]
fn init_refuses_a_registry_with_content() {
    let dir = temp();
    let mut store = Store::open(&dir.path().join("r.db")).unwrap();
    store.init(Park::new("甲园区")).unwrap();
    assert!(matches!(
        store.init(Park::new("乙园区")),
        Err(Error::NotEmpty(_))
    ));
    assert!(matches!(
        store.init(Park::new(" ")),
        Err(Error::NotEmpty(_))
    ));
    let dir2 = temp();
    let mut empty = Store::open(&dir2.path().join("r.db")).unwrap();
    assert!(matches!(
        empty.init(Park::new("  ")),
        Err(Error::Invalid(_))
    ));
    assert!(empty.read().unwrap().is_none());
}

#[test]
fn settings_people_and_organizations_are_saved() {
    let dir = temp();
    let mut store = Store::open(&dir.path().join("r.db")).unwrap();
    store.init(Park::new("测试园区")).unwrap();
    let mut park = store.registry().unwrap().park.clone();
    park.min_employees = 20;
    park.district = "白云区".into();
    store.set_park(park).unwrap();
    let p = store.save_person(person("", true)).unwrap();
    store.save_unit(unit("", 3)).unwrap();
    let mut o = org("", OrgKind::Committee, &[], "2020-01-01");
    o.parent = None;
    let c = store.save_org(o).unwrap();
    let mut b = org("", OrgKind::Branch, &["u1"], "2021-01-01");
    b.parent = Some(c.clone());
    b.secretary = Some(p.clone());
    let b = store.save_org(b).unwrap();
    let reg = store.registry().unwrap();
    assert_eq!(reg.park.min_employees, 20);
    assert_eq!((p.as_str(), c.as_str(), b.as_str()), ("p1", "o1", "o2"));
    assert_eq!(reg.org("o2").unwrap().units, vec!["u1".to_string()]);
    // A cycle is refused.
    let mut cyc = reg.org("o1").unwrap().clone();
    cyc.parent = Some("o2".into());
    assert!(store
        .save_org(cyc)
        .unwrap_err()
        .to_string()
        .contains("循环"));
}

#[test]
fn the_audit_chain_names_the_first_edited_or_missing_entry() {
    let dir = temp();
    let mut store = Store::open(&dir.path().join("r.db")).unwrap();
    store
        .replace(&sample_park(), "registry.demo", "示例")
        .unwrap();
    for n in 0..5 {
        let mut u = store.registry().unwrap().units[1].clone();
        u.employees = 1000 + n;
        store.save_unit(u).unwrap();
    }
    let today = d("2026-11-26");
    assert!(store.check(today).unwrap().is_ok());
    // Edit one old value directly.
    connect(store.path())
        .execute(
            "UPDATE audit SET old_value = '{\"employees\":9999}' WHERE seq = 3",
            [],
        )
        .unwrap();
    let report = store.check(today).unwrap();
    let (seq, message) = report.audit_chain.clone().expect("broken");
    assert_eq!(seq, 3);
    assert!(
        message.contains("第 3 条记录") && message.contains("被改动过"),
        "{message}"
    );
    assert!(!report.is_ok());
    // A deleted entry is found too.
    let dir2 = temp();
    let mut other = Store::open(&dir2.path().join("r.db")).unwrap();
    other
        .replace(&sample_park(), "registry.demo", "示例")
        .unwrap();
    other.init(Park::new("x")).unwrap_err();
    let mut u = other.registry().unwrap().units[1].clone();
    u.employees = 1;
    other.save_unit(u.clone()).unwrap();
    u.employees = 2;
    other.save_unit(u).unwrap();
    connect(other.path())
        .execute("DELETE FROM audit WHERE seq = 2", [])
        .unwrap();
    let (seq, message) = other.check(today).unwrap().audit_chain.expect("broken");
    assert_eq!(seq, 3);
    assert!(message.contains("第 2 条记录缺失"), "{message}");
}

#[test]
fn a_version_1_registry_is_backed_up_migrated_and_chained() {
    let dir = temp();
    let path = dir.path().join("old.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../src/store/migrations/001_schema.sql"))
            .unwrap();
        conn.execute_batch(
            "PRAGMA user_version = 1;
             INSERT INTO park VALUES (1, '老园区', '', 0, '2012-01-01', 200000);
             INSERT INTO audit (at, who, action, entity, summary) VALUES ('2020-01-01T00:00:00+08:00', '张三', 'registry.init', 'registry', '新建');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let backups: Vec<String> = std::fs::read_dir(dir.path().join("backups").join("old.db"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        backups
            .iter()
            .any(|b| b.ends_with("-before-migration-v1.db")),
        "{backups:?}"
    );
    let report = store.check(d("2026-11-26")).unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(store.history(10).unwrap()[0].who, "张三");
}

#[test]
fn corrupted_read_only_and_locked_databases_are_refused_untouched() {
    let dir = temp();
    let make = |name: &str| {
        let path = dir.path().join(name);
        let mut s = Store::open(&path).unwrap();
        s.replace(&sample_park(), "t", "t").unwrap();
        drop(s);
        path
    };
    // Corrupted pages: garbage over the middle of the file.
    let corrupt = make("corrupt.db");
    let mut bytes = std::fs::read(&corrupt).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 4096] {
        *b = 0xA5;
    }
    std::fs::write(&corrupt, &bytes).unwrap();
    let err = Store::open(&corrupt).err().expect("refused");
    assert!(err.to_string().contains("已损坏"), "{err}");
    assert_eq!(std::fs::read(&corrupt).unwrap(), bytes);

    // A read-only file.
    let ro = make("readonly.db");
    let before = std::fs::read(&ro).unwrap();
    let mut perms = std::fs::metadata(&ro).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&ro, perms).unwrap();
    let err = Store::open(&ro).err().expect("refused");
    assert!(matches!(err, Error::ReadOnly(_)), "{err}");
    assert!(err.to_string().contains("只读"));
    assert_eq!(std::fs::read(&ro).unwrap(), before);

    // Locked by another program holding an exclusive lock.
    let locked = make("locked.db");
    let other = rusqlite::Connection::open(&locked).unwrap();
    other
        .execute_batch(
            "PRAGMA journal_mode = DELETE; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;",
        )
        .unwrap();
    let before = std::fs::read(&locked).unwrap();
    let started = std::time::Instant::now();
    let err = Store::open(&locked).err().expect("refused");
    assert!(matches!(err, Error::Busy), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(std::fs::read(&locked).unwrap(), before);
    drop(other);
}

#[test]
fn a_second_window_on_the_same_registry_is_refused() {
    let dir = temp();
    let path = dir.path().join("r.db");
    let first = parkreg_core::store::WindowLock::acquire(&path).unwrap();
    let err = parkreg_core::store::WindowLock::acquire(&path)
        .err()
        .expect("refused");
    assert!(err.to_string().contains("已在另一个窗口中打开"), "{err}");
    drop(first);
    assert!(parkreg_core::store::WindowLock::acquire(&path).is_ok());
}

#[test]
fn backups_keep_the_last_ten_and_one_per_month() {
    let dir = temp();
    let path = dir.path().join("r.db");
    let mut store = Store::open(&path).unwrap();
    store.replace(&sample_park(), "t", "t").unwrap();
    let backups = store.backup_dir();
    std::fs::create_dir_all(&backups).unwrap();
    let made = dir.path().join("made.db");
    store.backup_to(&made).unwrap();
    // Old backups: three in January 2024, two in February 2024.
    for name in [
        "r-20240105-100000.000-daily.db",
        "r-20240115-100000.000-daily.db",
        "r-20240125-100000.000-daily.db",
        "r-20240201-100000.000-daily.db",
        "r-20240228-100000.000-daily.db",
    ] {
        std::fs::copy(&made, backups.join(name)).unwrap();
    }
    for _ in 0..12 {
        store.backup("manual").unwrap();
    }
    let mut left: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert!(
        left.contains(&"r-20240125-100000.000-daily.db".to_string()),
        "{left:?}"
    );
    assert!(
        left.contains(&"r-20240228-100000.000-daily.db".to_string()),
        "{left:?}"
    );
    assert!(
        !left.contains(&"r-20240105-100000.000-daily.db".to_string()),
        "{left:?}"
    );
    assert!(
        !left.contains(&"r-20240201-100000.000-daily.db".to_string()),
        "{left:?}"
    );
    // Ten newest, plus the newest of each older month (this month's older
    // backups collapse into one).
    assert_eq!(left.len(), 10 + 2 + 1, "{left:?}");
    // A backup restores to the same registry.
    let newest = store.newest_backup("manual").unwrap();
    let mut u = store.registry().unwrap().units[1].clone();
    u.employees = 7;
    store.save_unit(u).unwrap();
    store
        .restore_from(&newest, "registry.restore", "test")
        .unwrap();
    assert_eq!(*store.registry().unwrap(), sample_park());
    assert!(store.check(d("2026-11-26")).unwrap().is_ok());
}

#[test]
fn the_kept_registry_follows_changes_from_this_and_other_programs() {
    let dir = temp();
    let path = dir.path().join("r.db");
    let mut a = Store::open(&path).unwrap();
    a.replace(&sample_park(), "t", "t").unwrap();
    let first = a.registry().unwrap();
    assert!(
        std::sync::Arc::ptr_eq(&first, &a.registry().unwrap()),
        "kept between reads"
    );
    // Another program (connection) changes a unit.
    let mut b = Store::open(&path).unwrap();
    let mut u = b.registry().unwrap().units[1].clone();
    u.employees = 4321;
    b.save_unit(u).unwrap();
    assert_eq!(a.registry().unwrap().units[1].employees, 4321);
    // This program's own change.
    let mut u = a.registry().unwrap().units[2].clone();
    u.employees = 1234;
    a.save_unit(u).unwrap();
    assert_eq!(a.registry().unwrap().units[2].employees, 1234);
    assert_eq!(b.registry().unwrap().units[2].employees, 1234);
}

#[test]
fn a_kept_dashboard_is_used_only_while_the_registry_is_unchanged() {
    use parkreg_core::model::Lang;
    let dir = temp();
    let path = dir.path().join("r.db");
    let mut store = Store::open(&path).unwrap();
    store.replace(&sample_park(), "t", "t").unwrap();
    let as_of = d("2013-06-30");
    assert_eq!(store.snapshot("dashboard", "x").unwrap(), None);
    let first = store.dashboard_json(as_of, Lang::Zh).unwrap();
    let json: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(json["summary"]["park"], sample_park().park.name);
    // Kept in memory at once, in the file once saved: a second program
    // opening the file gets the same text back without computing it.
    let key = format!("{as_of}|Zh|{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(
        store.snapshot("dashboard", &key).unwrap().as_deref(),
        Some(first.as_str())
    );
    let other = Store::open(&path).unwrap();
    assert_eq!(other.snapshot("dashboard", &key).unwrap(), None);
    store.save_snapshots().unwrap();
    assert_eq!(
        other.snapshot("dashboard", &key).unwrap().as_deref(),
        Some(first.as_str())
    );
    assert_eq!(other.dashboard_json(as_of, Lang::Zh).unwrap(), first);
    // Another date or language is computed afresh.
    assert_eq!(
        other
            .snapshot("dashboard", &key.replace("Zh", "En"))
            .unwrap(),
        None
    );
    // A change makes it stale: the dashboard shows the change.
    let mut unit = store.read().unwrap().unwrap().units[1].clone();
    unit.id = String::new();
    unit.name = "新来的企业".into();
    unit.credit_code = None;
    store.save_unit(unit).unwrap();
    assert_eq!(other.snapshot("dashboard", &key).unwrap(), None);
    let after = other.dashboard_json(as_of, Lang::Zh).unwrap();
    assert_ne!(after, first);
    let json: serde_json::Value = serde_json::from_str(&after).unwrap();
    let before: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(
        json["summary"]["units"]["total"].as_u64().unwrap(),
        before["summary"]["units"]["total"].as_u64().unwrap() + 1
    );
    // The file holds the current state's figures only: saving replaces
    // those of earlier states, and drops one computed before a change.
    let kept = || -> Vec<String> {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mut q = conn
            .prepare("SELECT key FROM snapshot ORDER BY key")
            .unwrap();
        q.query_map([], |r| r.get(0))
            .unwrap()
            .map(|k| k.unwrap())
            .collect()
    };
    assert_eq!(kept().len(), 1);
    other.save_snapshots().unwrap();
    let state = other.state_key().unwrap();
    assert_eq!(kept(), vec![format!("{key}@{state}")]);
    store.dashboard_json(d("2015-01-01"), Lang::Zh).unwrap();
    let mut unit = store.read().unwrap().unwrap().units[2].clone();
    unit.employees += 1;
    store.save_unit(unit).unwrap();
    store.save_snapshots().unwrap();
    assert_eq!(kept(), vec![format!("{key}@{state}")]);
    // Not registry content: the audit trail did not grow from keeping it.
    let entries = store.history(1000).unwrap().len();
    store.dashboard_json(d("2014-01-01"), Lang::En).unwrap();
    store.save_snapshots().unwrap();
    assert_eq!(store.history(1000).unwrap().len(), entries);
}

#[test]
fn the_day_s_backup_can_wait_for_the_first_change() {
    let dir = temp();
    let path = dir.path().join("r.db");
    Store::open(&path)
        .unwrap()
        .replace(&sample_park(), "t", "t")
        .unwrap();
    let backups = || {
        std::fs::read_dir(dir.path().join("backups").join("r.db"))
            .map(|d| d.count())
            .unwrap_or(0)
    };
    // Cases: (what is done after opening, whether the day's backup is taken).
    type Step = fn(&mut Store);
    let cases: [(&str, Step, bool); 4] = [
        ("nothing", |_| {}, false),
        ("reading", |s| drop(s.registry().unwrap()), false),
        (
            "a change",
            |s| {
                let mut u = s.registry().unwrap().units[1].clone();
                u.employees += 1;
                s.save_unit(u).unwrap();
            },
            true,
        ),
        ("asking for it", |s| s.daily_backup().unwrap(), true),
    ];
    for (what, step, taken) in cases {
        let _ = std::fs::remove_dir_all(dir.path().join("backups"));
        let mut store = Store::open_deferring_backup(&path, None).unwrap();
        step(&mut store);
        assert_eq!(backups() == 1, taken, "{what}");
        // Once a day: a second call, or a later open, adds none.
        store.daily_backup().unwrap();
        Store::open(&path).unwrap();
        assert_eq!(backups(), 1, "{what}");
    }
}

/// A registry written by the previous version (schema 5: `non_public` and
/// `foreign` ownership, no wholly-owned or legal-representative facts),
/// kept as a fixture: it is backed up, migrated, and holds what the same
/// park's first-round document loads to.
#[test]
fn a_schema_5_registry_migrates_to_the_ownership_model() {
    let dir = temp();
    let path = dir.path().join("registry.db");
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/");
    std::fs::copy(format!("{data}registry-v5.db"), &path).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store
        .backups()
        .iter()
        .any(|b| b.to_string_lossy().contains("before-migration-v5")));
    let v1 = std::fs::read_to_string(format!("{data}sample-park-v1.json")).unwrap();
    let mut expected = parkreg_core::exchange::document::from_json(&v1, d("2026-11-26")).unwrap();
    expected.budgets.push(Budget {
        year: 2014,
        amount_fen: 9_000_000,
        source: DEFAULT_BUDGET_SOURCE.into(),
    });
    expected.budgets.sort_by_key(|b| b.year);
    assert_eq!(*store.registry().unwrap(), expected);
    assert!(store.check(d("2026-11-26")).unwrap().is_ok());
    assert_eq!(store.history(10).unwrap().len(), 2, "the history is kept");
}

/// A second connection to the registry's file, as another program (or a
/// hand with the sqlite3 shell) would open it, foreign keys enforced.
fn connect(path: &std::path::Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(3))
        .unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    conn
}

/// A unit, organization or person entered by mistake is removed as one
/// audited change while nothing refers to it; otherwise refused, naming
/// what refers to it, with nothing written. (kind, id or None for the one
/// just added, the refusal's words or None for a removal)
#[test]
fn a_record_entered_by_mistake_is_removed_only_while_nothing_refers_to_it() {
    use parkreg_core::store::Removable;
    let dir = temp();
    let path = dir.path().join("r.db");
    let mut store = Store::open(&path).unwrap();
    store
        .replace(&sample_park(), "registry.demo", "示例")
        .unwrap();
    let unit = store.save_unit(Unit::new("", "录错的公司")).unwrap();
    let person = {
        let mut p = sample_park().people[1].clone();
        p.id = String::new();
        p.name = "录错的人".into();
        store.save_person(p).unwrap()
    };
    let org = {
        let mut o = sample_park().organizations[1].clone();
        o.id = String::new();
        o.name = "录错的支部".into();
        o.parent = None;
        o.units = vec![unit.clone()];
        o.secretary = Some(person.clone());
        store.save_org(o).unwrap()
    };
    let reg = store.registry().unwrap();
    let hosted = reg.meetings.iter().find_map(|m| m.host.clone()).unwrap();
    let with_money = reg.ledger.iter().find_map(|e| e.org.clone()).unwrap();
    drop(reg);
    let cases: Vec<(Removable, String, Option<&str>)> = vec![
        // Covered by the new branch, led by its new secretary: refused.
        (Removable::Unit, unit.clone(), Some("录错的支部”覆盖该单位")),
        (
            Removable::Person,
            person.clone(),
            Some("“录错的支部”的书记"),
        ),
        (Removable::Person, hosted, Some("主持人")),
        (Removable::Organization, with_money, Some("笔经费台账")),
        (Removable::Unit, "u9999".into(), Some("单位“u9999”")),
        // The branch first, then what it referred to.
        (Removable::Organization, org.clone(), None),
        (Removable::Unit, unit.clone(), None),
        (Removable::Person, person.clone(), None),
    ];
    for (what, id, refused) in cases {
        let before = audit_count(&store);
        let had = store.registry().unwrap().as_ref().clone();
        match (store.remove_record(what, &id), refused) {
            (Err(e), Some(words)) => {
                let text = e.to_string();
                assert!(text.contains(words), "{what:?} {id}: {text}");
                assert_eq!(audit_count(&store), before, "{what:?} {id} wrote");
                assert_eq!(*store.registry().unwrap(), had, "{what:?} {id} changed");
            }
            (Ok(()), None) => {
                assert_eq!(audit_count(&store), before + 1, "{what:?} {id}");
                let last = &store.history(1).unwrap()[0];
                assert!(last.action.ends_with(".delete"), "{}", last.action);
                assert!(last.summary.contains("录错的"), "{}", last.summary);
            }
            (got, _) => panic!("{what:?} {id}: {got:?}"),
        }
    }
    // Read again from the file: gone, and the history says so in words.
    drop(store);
    let store = Store::open(&path).unwrap();
    let reg = store.registry().unwrap();
    assert!(reg.unit(&unit).is_none() && reg.org(&org).is_none() && reg.person(&person).is_none());
    let rows = parkreg_core::views::history(&store.history(3).unwrap(), &reg.index(), Lang::Zh);
    assert_eq!(rows[0].action_label, "删除人员（录入有误）");
    assert_eq!(rows[1].action_label, "删除单位（录入有误）");
    let name = rows[1].changes.iter().find(|c| c.field == "name").unwrap();
    assert_eq!(
        (name.before.as_str(), name.after.as_str()),
        ("录错的公司", "（空）")
    );
    let report = store.check(parkreg_core::today()).unwrap();
    assert!(
        report.is_ok(),
        "the integrity check after removals: {report:?}"
    );
}
