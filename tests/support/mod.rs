//! Shared helpers for the end-to-end tests: find (and build) the real
//! programs, run the CLI as a user would, and drive the desktop program
//! under Xvfb over WebDriver.

pub mod cli;
pub mod desktop;
pub mod serve;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// The district workbook's sheets, in order (DESIGN.md "The district
/// workbook", then the statistics table, the organizational life and
/// the trend, then the people the rules name and the budgets).
pub const SHEETS: [&str; 10] = [
    "汇总",
    "单位",
    "党组织",
    "覆盖缺口",
    "资金台账",
    "非公企业建党情况",
    "组织生活",
    "趋势",
    "人员",
    "经费预算",
];

/// The workspace root (this package's directory).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root().join(p) })
        .unwrap_or_else(|| root().join("target"))
}

/// The path of a workspace binary, built first (a no-op when up to date),
/// so that `cargo test` alone always tests the current code. With
/// PARKREG_BIN_DIR set, the program in that folder instead: the package
/// check runs the tests on the installed programs.
pub fn binary(package: &str, name: &str) -> PathBuf {
    if let Some(dir) = std::env::var_os("PARKREG_BIN_DIR") {
        return PathBuf::from(dir).join(name);
    }
    static BUILD: Mutex<()> = Mutex::new(());
    let _guard = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "-p", package, "--bin", name])
        .current_dir(root())
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building {package} failed");
    target_dir().join("debug").join(name)
}

/// A fresh temporary directory for one test, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("parkreg-test-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `file` converted by LibreOffice (headless `soffice --convert-to`,
/// with a profile of its own in `dir`) to `format` (`xlsx`: saved again
/// as a clerk does before sending it; `pdf`: printed; `xls`, `ods`; a CSV
/// filter with its options, such as one sheet in GBK); the new file's path.
pub fn libreoffice(dir: &Path, file: &Path, format: &str) -> PathBuf {
    let ext = format.split(':').next().unwrap_or(format);
    let folder: String = (format.chars())
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let out_dir = dir.join(format!("libreoffice-{folder}"));
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("lo-profile").display()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(&out_dir)
        .arg(file)
        .output()
        .expect("LibreOffice (soffice) runs");
    assert!(out.status.success(), "{out:?}");
    let whole = out_dir.join(file.with_extension(ext).file_name().unwrap());
    if whole.exists() {
        return whole;
    }
    // One sheet of a workbook as CSV is written as `<name>-<sheet>.csv`.
    let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
    std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(&format!("{stem}-")) && name.ends_with(&format!(".{ext}"))
        })
        .unwrap_or_else(|| panic!("LibreOffice wrote no .{ext} of {}: {out:?}", file.display()))
}
