//! Crash safety: a writer killed with SIGKILL at random moments loses no
//! change it acknowledged, and the registry always opens and checks clean.

use parkreg_core::store::Store;
use parkreg_tests::TempDir;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A small deterministic generator, so a failing run can be repeated.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn killed_fifty_times_nothing_acknowledged_is_lost() {
    let writer = parkreg_tests::binary("parkreg-tests", "crash-writer");
    let dir = TempDir::new("crash");
    let db = dir.join("crash.db");
    let mut rng = Lcg(20261126);
    let mut acknowledged: Vec<String> = Vec::new();
    for round in 0..50 {
        let mut child = Command::new(&writer)
            .arg(&db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("writer starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Let it get going, then kill it at a random moment.
        let first = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("writer acknowledges a change");
        acknowledged.push(first);
        let until = Instant::now() + Duration::from_millis(rng.next(300));
        while Instant::now() < until {
            if let Ok(id) = rx.recv_timeout(Duration::from_millis(5)) {
                acknowledged.push(id);
            }
        }
        child.kill().expect("SIGKILL");
        child.wait().unwrap();
        reader.join().unwrap();
        acknowledged.extend(rx.try_iter());

        let store =
            Store::open(&db).unwrap_or_else(|e| panic!("round {round}: does not open: {e}"));
        let report = store.check(parkreg_core::today()).unwrap();
        assert!(report.is_ok(), "round {round}: {report:?}");
        let reg = store.registry().unwrap();
        let present: std::collections::HashSet<&str> = reg
            .people
            .iter()
            .map(|p| p.id.as_str())
            .chain(reg.ledger.iter().map(|e| e.id.as_str()))
            .collect();
        for id in &acknowledged {
            assert!(
                present.contains(id.as_str()),
                "round {round}: acknowledged {id} is lost"
            );
        }
    }
    assert!(
        acknowledged.len() > 100,
        "only {} changes were made",
        acknowledged.len()
    );
}

/// A passphrase change killed at random moments (`parkreg protect`, which
/// re-encrypts a copy and renames it over the file) leaves a registry that
/// opens with the old passphrase or the new one, checks clean and holds
/// every record.
#[test]
fn killed_while_changing_the_passphrase_opens_with_the_old_or_the_new() {
    use parkreg_core::store::Passphrase;
    let parkreg = parkreg_tests::binary("parkreg", "parkreg");
    let dir = TempDir::new("crash-rekey");
    let db = dir.join("rekey.db");
    let [a, b] = ["第一个口令 first", "第二个口令 second"];
    let made = Command::new(&parkreg)
        .args(["--db", db.to_str().unwrap(), "demo", "--synthetic", "3000"])
        .env("PARKREG_NEW_PASSPHRASE", a)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let open = |key: &str| Store::open_existing(&db, Some(&Passphrase::given(key)));
    let written = open(a).unwrap().read().unwrap().unwrap();
    // How long an uninterrupted change takes, to kill within it.
    let started = Instant::now();
    let protect = |old: &str, new: &str| {
        Command::new(&parkreg)
            .args(["--db", db.to_str().unwrap(), "protect"])
            .env("PARKREG_PASSPHRASE", old)
            .env("PARKREG_NEW_PASSPHRASE", new)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    assert!(protect(a, b).wait().unwrap().success());
    let takes = started.elapsed().as_millis() as u64;
    let mut current = b;
    let mut rng = Lcg(20261207);
    let (mut old_kept, mut new_taken) = (0, 0);
    for round in 0..30 {
        let next = if current == a { b } else { a };
        let mut child = protect(current, next);
        std::thread::sleep(Duration::from_millis(rng.next(takes + 1)));
        let _ = child.kill();
        child.wait().unwrap();
        let store = match (open(current), open(next)) {
            (Ok(s), Err(_)) => {
                old_kept += 1;
                s
            }
            (Err(_), Ok(s)) => {
                new_taken += 1;
                current = next;
                s
            }
            (Ok(_), Ok(_)) => panic!("round {round}: both passphrases open it"),
            (Err(e), Err(f)) => panic!("round {round}: neither opens it: {e} / {f}"),
        };
        let report = store.check(parkreg_core::today()).unwrap();
        assert!(report.is_ok(), "round {round}: {report:?}");
        assert_eq!(store.read().unwrap().unwrap(), written, "round {round}");
    }
    // The kills fell both before and after the moment of the change.
    assert!(old_kept > 0 && new_taken > 0, "{old_kept} / {new_taken}");
}
