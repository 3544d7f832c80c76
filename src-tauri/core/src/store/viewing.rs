//! The 统计日期 a clerk last chose for each registry, kept for the next
//! start: per computer account, in the config directory (like the
//! operator's name, not in the registry: it is how this clerk looks at the
//! file, not a change to it). One line per registry, `DATE<TAB>PATH`.

use super::APP_IDENTIFIER;
use crate::error::Result;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The most registries remembered; the oldest choices are forgotten first.
const KEEP: usize = 50;

fn file() -> Option<PathBuf> {
    Some(dirs::config_dir()?.join(APP_IDENTIFIER).join("as-of.tsv"))
}

/// The registry's path as remembered: made absolute where it can be.
fn key(registry: &Path) -> String {
    std::fs::canonicalize(registry)
        .unwrap_or_else(|_| registry.to_path_buf())
        .display()
        .to_string()
}

fn lines() -> Vec<(String, String)> {
    let Some(text) = file().and_then(|f| std::fs::read_to_string(f).ok()) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(d, p)| (d.to_string(), p.to_string()))
        .collect()
}

/// The date last chosen for the registry at `registry`, if one was.
#[must_use]
pub fn kept_as_of(registry: &Path) -> Option<NaiveDate> {
    let key = key(registry);
    lines()
        .into_iter()
        .find(|(_, p)| *p == key)
        .and_then(|(d, _)| crate::model::dates::parse_date(&d).ok())
}

/// Keeps `date` as the registry's 统计日期 (none: back to today).
pub fn keep_as_of(registry: &Path, date: Option<NaiveDate>) -> Result<()> {
    let Some(path) = file() else {
        // No config directory: the date simply is not kept.
        return Ok(());
    };
    let key = key(registry);
    let mut kept: Vec<(String, String)> = lines().into_iter().filter(|(_, p)| *p != key).collect();
    if let Some(d) = date {
        kept.insert(0, (d.to_string(), key));
    }
    kept.truncate(KEEP);
    let text: String = kept.iter().map(|(d, p)| format!("{d}\t{p}\n")).collect();
    super::private::write_whole(&path, text.as_bytes())
}
