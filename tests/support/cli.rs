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
        let out: Output = Command::new(&self.bin)
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("PARKREG_DB")
            .output()
            .expect("parkreg runs");
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
