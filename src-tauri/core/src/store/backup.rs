//! Backups with SQLite's online backup API: a consistent copy of the live
//! registry, kept beside it in `backups/`, and restoring from one.

use super::Store;
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, MAIN_DB};
use std::path::{Path, PathBuf};

/// The suffix of backups taken before an import, which "undo" restores.
pub const BEFORE_IMPORT: &str = "before-import";

impl Store {
    /// Where this registry's backups are kept.
    pub fn backup_dir(&self) -> PathBuf {
        self.path
            .parent()
            .map_or_else(|| PathBuf::from("backups"), |d| d.join("backups"))
    }

    /// Copies the registry, as committed now, to `dest`.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        refuse_registry_file(dest, &self.path)?;
        self.conn.backup(MAIN_DB, dest, None)?;
        Ok(())
    }

    /// Takes a backup into the backup folder, named by time and `reason`.
    pub fn backup(&self, reason: &str) -> Result<PathBuf> {
        let stem = self
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("registry");
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f");
        let dest = self
            .backup_dir()
            .join(format!("{stem}-{stamp}-{reason}.db"));
        self.backup_to(&dest)?;
        Ok(dest)
    }

    /// The newest backup whose name ends with `reason`, if any.
    pub fn newest_backup(&self, reason: &str) -> Option<PathBuf> {
        let suffix = format!("-{reason}.db");
        let mut found: Vec<PathBuf> = std::fs::read_dir(self.backup_dir())
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with(&suffix))
            })
            .collect();
        found.sort();
        found.pop()
    }

    /// Replaces the registry with the backup at `src` after checking it is
    /// a sound registry this program can read; the current content is kept
    /// as a backup first. One audit entry records the restore.
    pub fn restore_from(&mut self, src: &Path, action: &str, summary: &str) -> Result<PathBuf> {
        check_backup(src)?;
        let kept = self.backup("before-restore")?;
        self.conn
            .restore(MAIN_DB, src, None::<fn(rusqlite::backup::Progress)>)?;
        self.migrate()?;
        let tx = self.conn.transaction()?;
        super::audit::record(
            &tx,
            &self.who,
            action,
            "registry",
            None,
            summary,
            None,
            Some(
                &serde_json::json!({"restored_from": src.display().to_string(), "kept": kept.display().to_string()}),
            ),
        )?;
        tx.commit()?;
        Ok(kept)
    }
}

/// Nothing is ever written over the registry's own database file.
pub fn refuse_registry_file(out: &Path, db: &Path) -> Result<()> {
    if matches!((out.canonicalize(), db.canonicalize()), (Ok(a), Ok(b)) if a == b) {
        return Err(Error::File {
            path: out.to_path_buf(),
            message: "这是登记簿自己的数据库文件，不能覆盖".into(),
        });
    }
    Ok(())
}

/// A file fit to restore: SQLite, intact, a registry, not newer than us.
pub fn check_backup(src: &Path) -> Result<()> {
    let refuse = |reason: String| Error::NotARegistry {
        path: src.to_path_buf(),
        reason,
    };
    super::check_existing(src)?;
    let conn = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| refuse(e.to_string()))?;
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| refuse(e.to_string()))?;
    if integrity != "ok" {
        return Err(refuse(format!("完整性检查未通过：{integrity}")));
    }
    let parks: i64 = conn
        .query_row("SELECT count(*) FROM park", [], |r| r.get(0))
        .map_err(|_| refuse("不是登记簿".into()))?;
    if parks != 1 {
        return Err(refuse("其中没有园区".into()));
    }
    Ok(())
}
