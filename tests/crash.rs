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
