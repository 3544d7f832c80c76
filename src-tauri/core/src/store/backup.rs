//! Backups with SQLite's online backup API: a consistent copy of the live
//! registry, kept beside it in `backups/`, and restoring from one.

use super::Store;
use crate::error::{Error, Result};
use rusqlite::{OpenFlags, MAIN_DB};
use std::path::{Path, PathBuf};

/// The suffix of backups taken before an import, which "undo" restores.
pub const BEFORE_IMPORT: &str = "before-import";

/// How many of the newest backups are always kept.
pub const KEEP_LATEST: usize = 10;

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
        // Two backups within a millisecond get distinct names.
        let mut n = 0;
        let mut dest = self
            .backup_dir()
            .join(format!("{stem}-{stamp}-{reason}.db"));
        while dest.exists() {
            n += 1;
            dest = self
                .backup_dir()
                .join(format!("{stem}-{stamp}{n}-{reason}.db"));
        }
        self.backup_to(&dest)?;
        self.prune_backups()?;
        Ok(dest)
    }

    /// This registry's backups, oldest first (names sort by time).
    fn backups(&self) -> Vec<PathBuf> {
        let stem = self
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("registry")
            .to_string();
        let mut found: Vec<PathBuf> = std::fs::read_dir(self.backup_dir())
            .map(|dir| {
                dir.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| {
                        p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                            n.starts_with(&format!("{stem}-")) && n.ends_with(".db")
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        found
    }

    /// A backup on the first open of each day, then pruning: the last
    /// `KEEP_LATEST` are kept, and of older ones the newest of each month.
    /// Once per open; nothing to do after the first call.
    pub fn daily_backup(&self) -> Result<()> {
        if !self.backup_due.get() {
            return Ok(());
        }
        let stem = self
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("registry");
        let today = format!("{stem}-{}", chrono::Local::now().format("%Y%m%d"));
        let taken_today = self.backups().iter().any(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&today))
        });
        if !taken_today {
            self.verify()?;
            self.backup("daily")?;
        }
        self.prune_backups()?;
        self.backup_due.set(false);
        Ok(())
    }

    fn prune_backups(&self) -> Result<()> {
        let all = self.backups();
        let older = &all[..all.len().saturating_sub(KEEP_LATEST)];
        let stem_len = self.path.file_stem().map_or(0, |s| s.len()) + 1;
        // Of the older ones, keep the newest per month (YYYYMM after the stem).
        let mut months = std::collections::HashSet::new();
        for p in older.iter().rev() {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let month = name
                .get(stem_len..stem_len + 6)
                .unwrap_or_default()
                .to_string();
            if !months.insert(month) {
                std::fs::remove_file(p).map_err(|source| Error::Io {
                    path: p.clone(),
                    source,
                })?;
            }
        }
        Ok(())
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
        self.changed();
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
    let conn = super::open_existing_file(src, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
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

/// Puts a sound backup in place of a registry file that cannot be opened:
/// the damaged file (and its WAL) is renamed aside, never written to or
/// deleted. Returns where the damaged file now is.
pub fn replace_damaged(db: &Path, backup: &Path) -> Result<PathBuf> {
    check_backup(backup)?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let aside = PathBuf::from(format!("{}.damaged-{stamp}", db.display()));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    if db.exists() {
        std::fs::rename(db, &aside).map_err(io(db))?;
    }
    for ext in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{ext}", db.display()));
        if side.exists() {
            std::fs::rename(&side, format!("{}{ext}", aside.display())).map_err(io(&side))?;
        }
    }
    std::fs::copy(backup, db).map_err(io(db))?;
    Ok(aside)
}
