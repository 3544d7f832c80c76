//! Running `parkreg` as a user would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts success and returns stdout.
    pub fn ok(self) -> String {
        assert_eq!(self.status, 0, "expected success, stderr: {}", self.stderr);
        self.stdout
    }

    /// Asserts failure and returns stderr.
    pub fn fails(self) -> String {
        assert_ne!(self.status, 0, "expected failure, stdout: {}", self.stdout);
        self.stderr
    }

    pub fn json(self) -> serde_json::Value {
        serde_json::from_str(&self.ok()).expect("valid JSON")
    }
}

pub struct Parkreg {
    bin: PathBuf,
    pub db: PathBuf,
}

impl Parkreg {
    pub fn new(db: &Path) -> Parkreg {
        Parkreg {
            bin: super::binary("parkreg", "parkreg"),
            db: db.to_path_buf(),
        }
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// Runs with environment variables set (`Some`) or removed (`None`).
    pub fn run_with(&self, args: &[&str], env: &[(&str, Option<&str>)]) -> Run {
        let mut command = Command::new(&self.bin);
        command
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("PARKREG_DB");
        for (name, value) in env {
            match value {
                Some(v) => command.env(name, v),
                None => command.env_remove(name),
            };
        }
        let out: Output = command.output().expect("parkreg runs");
        Run {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
        }
    }

    /// Fills this registry with a generated park of `units` units
    /// (`demo --synthetic`) and exports its workbook as of `as_of` to `out`.
    pub fn synthetic_workbook(&self, units: usize, seed: u64, out: &Path, as_of: &str) {
        let (units, seed) = (units.to_string(), seed.to_string());
        self.run(&["demo", "--synthetic", &units, "--seed", &seed])
            .ok();
        self.run(&["export", "--out", out.to_str().unwrap(), "--as-of", as_of])
            .ok();
    }
}

/// A connection of "another program" straight to a registry's database,
/// behind the program's back (to tamper with it, or hold its lock): keyed
/// with `PARKREG_PASSPHRASE` when the file is protected, as it is when the
/// test command runs these tests on protected registries.
pub fn raw_connection(db: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).expect("the database opens");
    if parkreg_core::store::is_protected(db) {
        let key =
            std::env::var("PARKREG_PASSPHRASE").expect("the passphrase of a protected registry");
        conn.pragma_update(None, "key", key).expect("keyed");
    }
    conn
}
