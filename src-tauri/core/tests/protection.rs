//! A registry protected by a passphrase: what a passphrase may be, the
//! delay after wrong ones, nothing readable in any file the registry keeps
//! (while open and after), a wrong or missing passphrase leaving every file
//! as it was, and setting, changing and removing the passphrase keeping
//! every record and every backup readable.

use parkreg_core::model::*;
use parkreg_core::store::{self, cipher, Passphrase, Store};
use parkreg_core::Error;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[test]
fn what_a_new_passphrase_may_be() {
    let long = "长".repeat(200);
    let too_long = "长".repeat(201);
    let cases: &[(&str, bool)] = &[
        ("", false),
        ("1234567", false),
        ("12345678", true),
        ("七个汉字的口令", false),
        ("八个汉字组成口令", true),
        ("with space and 'quote'", true),
        ("line\nbreak!", false),
        ("tab\there!!", false),
        (&long, true),
        (&too_long, false),
    ];
    for (text, ok) in cases {
        let got = Passphrase::new(text);
        assert_eq!(got.is_ok(), *ok, "{text:?}: {got:?}");
        if let Err(Error::Invalid(p)) = got {
            assert_eq!(p[0].field, "passphrase");
        }
    }
    // Never printed, even in a debug dump.
    let p = Passphrase::new("secret-words-here").unwrap();
    assert!(!format!("{p:?}").contains("secret"));
}

#[test]
fn the_wait_grows_after_repeated_wrong_passphrases() {
    let cases = [
        (0, 0),
        (1, 0),
        (3, 0),
        (4, 1),
        (5, 2),
        (6, 4),
        (9, 32),
        (10, 60),
        (50, 60),
    ];
    for (failures, secs) in cases {
        assert_eq!(
            cipher::delay_after(failures),
            Duration::from_secs(secs),
            "{failures}"
        );
    }
}

const NAME: &str = "保密测试员欧阳娜娜";
const PHONE: &str = "13912345678";
const ID_NUMBER: &str = "11010519491231002X";

/// A registry with a person whose name, phone and ID number (written in
/// a unit's note) must never stand readable in a file.
fn with_secrets(store: &mut Store) -> Registry {
    let mut reg = parkreg_core::samples::sample_park();
    reg.people.push(Person {
        id: "secret".into(),
        name: NAME.into(),
        party_member: true,
        phone: Some(PHONE.into()),
        unit_name: Some(format!("身份证号 {ID_NUMBER}")),
        ..Person::default()
    });
    store.replace(&reg, "registry.demo", "test").unwrap();
    store.backup("manual").unwrap();
    store.read().unwrap().unwrap()
}

/// Every file under `dir`, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            found.extend(files(&p));
        } else {
            found.insert(p.clone(), std::fs::read(&p).unwrap());
        }
    }
    found
}

/// The secrets as UTF-8, UTF-16 (both orders) and the digits alone.
fn needles() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for s in [NAME, PHONE, ID_NUMBER, "欧阳娜娜"] {
        out.push(s.as_bytes().to_vec());
        out.push(s.encode_utf16().flat_map(u16::to_le_bytes).collect());
        out.push(s.encode_utf16().flat_map(u16::to_be_bytes).collect());
    }
    out
}

fn assert_nothing_readable(dir: &Path, when: &str) {
    let all = files(dir);
    assert!(all.keys().any(|p| p.to_string_lossy().contains("backups")));
    for (path, bytes) in &all {
        for n in needles() {
            assert!(
                !bytes.windows(n.len()).any(|w| w == n.as_slice()),
                "{when}: {} holds a secret in plain text",
                path.display()
            );
        }
    }
}

#[test]
fn nothing_readable_in_the_file_its_wal_or_backups_and_every_record_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    let key = Passphrase::new("正确的马 电池 订书钉").unwrap();
    let mut store = Store::open_with(&path, Some(&key)).unwrap();
    let written = with_secrets(&mut store);
    assert!(store::is_protected(&path));
    assert!(
        PathBuf::from(format!("{}-wal", path.display())).exists(),
        "the WAL is there while open"
    );
    assert_nothing_readable(dir.path(), "while open");
    drop(store);
    assert_nothing_readable(dir.path(), "after closing");
    // The control: the same registry unprotected holds the secrets.
    let plain = tempfile::tempdir().unwrap();
    let mut p = Store::open(&plain.path().join("registry.db")).unwrap();
    with_secrets(&mut p);
    drop(p);
    let found = files(plain.path());
    assert!(found
        .values()
        .any(|b| b.windows(PHONE.len()).any(|w| w == PHONE.as_bytes())));

    let store = Store::open_existing(&path, Some(&key)).unwrap();
    assert_eq!(store.read().unwrap().unwrap(), written);
    assert!(store.check(parkreg_core::today()).unwrap().is_ok());
}

#[test]
fn a_wrong_or_missing_passphrase_leaves_every_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    let key = Passphrase::new("the right passphrase").unwrap();
    with_secrets(&mut Store::open_with(&path, Some(&key)).unwrap());
    let before = files(dir.path());
    let wrong = Passphrase::given("the wrong passphrase");
    for _ in 0..3 {
        match Store::open_with(&path, Some(&wrong)) {
            Err(Error::WrongPassphrase(p)) => assert_eq!(p, path),
            other => panic!("{:?}", other.map(|_| ())),
        }
        match Store::open_existing(&path, None) {
            Err(Error::PassphraseNeeded(p)) => assert_eq!(p, path),
            other => panic!("{:?}", other.map(|_| ())),
        }
    }
    assert!(store::check_backup(
        &Store::open_with(&path, Some(&key)).unwrap().backups()[0],
        None
    )
    .is_err());
    // The last open (the right one) wrote nothing either: no change was made.
    let after = files(dir.path());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert_eq!(before, after);
}

#[test]
fn setting_changing_and_removing_keep_every_record_and_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    let mut store = Store::open(&path).unwrap();
    let written = with_secrets(&mut store);
    let one = Passphrase::new("第一个口令 first").unwrap();
    let two = Passphrase::new("第二个口令 second").unwrap();
    let steps: [(Option<&Passphrase>, Option<&Passphrase>, &str); 3] = [
        (None, Some(&one), "registry.protect"),
        (Some(&one), Some(&two), "registry.passphrase"),
        (Some(&two), None, "registry.unprotect"),
    ];
    for (old, new, action) in steps {
        let backups = store.backups();
        assert!(!backups.is_empty());
        store.set_passphrase(new).unwrap();
        assert_eq!(store.is_protected(), new.is_some());
        assert_eq!(store::is_protected(&path), new.is_some());
        assert_eq!(store.read().unwrap().unwrap(), written);
        assert_eq!(store.history(1).unwrap()[0].action, action);
        assert!(store.check(parkreg_core::today()).unwrap().is_ok());
        for b in &backups {
            assert_eq!(store::is_protected(b), new.is_some(), "{}", b.display());
            store::check_backup(b, new).unwrap();
            // (A passphrase given for a plain file is not used.)
            if old.is_some() && new.is_some() {
                assert!(store::check_backup(b, old).is_err());
            }
        }
        drop(store);
        if let (Some(old), Some(_)) = (old, new) {
            assert!(matches!(
                Store::open_with(&path, Some(old)),
                Err(Error::WrongPassphrase(_))
            ));
        }
        store = Store::open_existing(&path, new).unwrap();
        store.backup("manual").unwrap();
    }
    // Nothing left over from the rewrites.
    let left: Vec<_> = files(dir.path())
        .into_keys()
        .filter(|p| p.to_string_lossy().contains(".rekey"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert!(store.set_passphrase(None).is_err(), "nothing to remove");
}

#[test]
fn a_copy_left_by_an_interrupted_change_is_removed_and_the_file_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    let key = Passphrase::new("the right passphrase").unwrap();
    let written = with_secrets(&mut Store::open_with(&path, Some(&key)).unwrap());
    let copy = PathBuf::from(format!("{}.rekey", path.display()));
    std::fs::write(&copy, b"half a file").unwrap();
    let store = Store::open_existing(&path, Some(&key)).unwrap();
    assert!(!copy.exists());
    assert_eq!(store.read().unwrap().unwrap(), written);
}
