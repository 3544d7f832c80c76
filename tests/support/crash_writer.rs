//! Records changes to the registry given as the only argument, one after
//! another, printing each one's id (flushed) only after its commit has
//! returned: every id printed is a change the program acknowledged. It runs
//! until it is killed.

use parkreg_core::model::*;
use parkreg_core::store::Store;
use std::io::Write;

fn main() {
    let path = std::env::args().nth(1).expect("usage: crash-writer DB");
    let mut store = Store::open(std::path::Path::new(&path)).expect("registry opens");
    if store.read().expect("readable").is_none() {
        store.init(Park::new("崩溃测试园区")).expect("init");
    }
    let today = parkreg_core::today();
    store
        .set_budget(Budget {
            year: today.format("%Y").to_string().parse().unwrap(),
            amount_fen: 1_000_000_000,
            source: String::new(),
        })
        .expect("budget");
    let mut out = std::io::stdout().lock();
    for n in 0u64.. {
        // Alternate kinds of change: a person, and a ledger entry.
        let id = if n % 2 == 0 {
            store
                .save_person(Person {
                    id: String::new(),
                    name: format!("人员{n}"),
                    party_member: n % 3 == 0,
                    phone: None,
                    unit_name: None,
                    ..Person::default()
                })
                .expect("person saved")
        } else {
            store
                .append_entry(
                    LedgerEntry {
                        id: String::new(),
                        date: today,
                        purpose: Purpose::Activity,
                        org: None,
                        amount_fen: 100 + n as i64,
                        voucher: format!("CRASH-{}-{n}", std::process::id()),
                        note: String::new(),
                        reverses: None,
                    },
                    today,
                )
                .expect("entry appended")
        };
        writeln!(out, "{id}").unwrap();
        out.flush().unwrap();
    }
}
