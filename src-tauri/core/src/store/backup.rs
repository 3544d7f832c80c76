//! Backups with SQLite's online backup API: a consistent copy of the live
//! registry, kept in a folder of its own beside it (`backups/<file name>/`),
//! and restoring from one.

use super::cipher::{self, Passphrase};
use super::{audit, Store};
use crate::error::{Error, Result};
use rusqlite::MAIN_DB;
use std::path::{Path, PathBuf};

/// The suffix of backups taken before an import, which "undo" restores.
pub const BEFORE_IMPORT: &str = "before-import";

/// How many of the newest backups are always kept.
pub const KEEP_LATEST: usize = 10;

/// The folder holding the backups of the registry at `db`: one folder per
/// registry file, so that two registries in one folder never share,
/// prune or restore each other's backups.
#[must_use]
pub fn backup_dir_of(db: &Path) -> PathBuf {
    let name = db.file_name().map_or_else(
        || "registry.db".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    db.parent()
        .map_or_else(|| PathBuf::from("backups"), |d| d.join("backups"))
        .join(name)
}

fn stem_of(db: &Path) -> String {
    db.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("registry")
        .to_string()
}

/// The backups of the registry at `db`, oldest first (names sort by time):
/// those in its own folder, then those that earlier versions of this
/// program left in `backups/` itself, named `<stem>-YYYYMMDD-…`; these are
/// found and restored but never pruned.
fn backups_of(db: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let list = |dir: &Path, keep: &dyn Fn(&str) -> bool| {
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file())
                    .filter(|p| {
                        p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.ends_with(".db") && keep(n))
                    })
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        found
    };
    let own = backup_dir_of(db);
    let stem = stem_of(db);
    let legacy_name = |n: &str| {
        // Exactly `<stem>-` and a date: `park-old-…` is another registry's.
        n.strip_prefix(&stem)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|rest| {
                rest.len() > 9
                    && rest.as_bytes()[..8].iter().all(u8::is_ascii_digit)
                    && rest.as_bytes()[8] == b'-'
            })
    };
    let legacy = own
        .parent()
        .map(|d| list(d, &legacy_name))
        .unwrap_or_default();
    (list(&own, &|_| true), legacy)
}

/// Copies the open database `conn` (whose file is `db`) into its backup
/// folder, named by time and `reason`, and prunes the folder: the store's
/// backups, and the district file's. A protected database's backup is
/// protected by the same passphrase.
pub(crate) fn take_backup(
    conn: &rusqlite::Connection,
    db: &Path,
    key: Option<&Passphrase>,
    reason: &str,
) -> Result<PathBuf> {
    let dir = backup_dir_of(db);
    let stem = stem_of(db);
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f");
    // Two backups within a millisecond get distinct names.
    let mut n = 0;
    let mut dest = dir.join(format!("{stem}-{stamp}-{reason}.db"));
    while dest.exists() {
        n += 1;
        dest = dir.join(format!("{stem}-{stamp}{n}-{reason}.db"));
    }
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    copy_database(conn, &dest, key)?;
    prune(db)?;
    Ok(dest)
}

/// Copies the open database `conn` to a new file `dest` with SQLite's
/// online backup, encrypted by `key` like the source (a copy is only ever
/// as protected as its registry).
fn copy_database(conn: &rusqlite::Connection, dest: &Path, key: Option<&Passphrase>) -> Result<()> {
    if key.is_none() {
        conn.backup(MAIN_DB, dest, None)?;
        return Ok(());
    }
    let mut to = rusqlite::Connection::open(dest)?;
    cipher::key(&to, key)?;
    rusqlite::backup::Backup::new(conn, &mut to)?.run_to_completion(
        1024,
        std::time::Duration::ZERO,
        None,
    )?;
    Ok(())
}

/// Prunes the backup folder of the database at `db`, and nothing else: the
/// last `KEEP_LATEST` are kept, and of older ones the newest of each month.
fn prune(db: &Path) -> Result<()> {
    let (all, _) = backups_of(db);
    let older = &all[..all.len().saturating_sub(KEEP_LATEST)];
    let stem_len = stem_of(db).len() + 1;
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

impl Store {
    /// Where this registry's backups are kept.
    pub fn backup_dir(&self) -> PathBuf {
        backup_dir_of(&self.path)
    }

    /// Copies the registry, as committed now, to `dest`, a place the clerk
    /// chose: never the registry's own files or its backup folder.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        refuse_registry_file(dest, &self.path)?;
        self.copy_to(dest)
    }

    fn copy_to(&self, dest: &Path) -> Result<()> {
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        copy_database(&self.conn, dest, self.key.as_ref())
    }

    /// Takes a backup into the backup folder, named by time and `reason`.
    pub fn backup(&self, reason: &str) -> Result<PathBuf> {
        take_backup(&self.conn, &self.path, self.key.as_ref(), reason)
    }

    /// This registry's backups, oldest first, earlier versions' included.
    pub fn backups(&self) -> Vec<PathBuf> {
        let (own, legacy) = backups_of(&self.path);
        let mut all = legacy;
        all.extend(own);
        all.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
        all
    }

    /// A backup on the first open of each day, then pruning: the last
    /// `KEEP_LATEST` are kept, and of older ones the newest of each month.
    /// Once per open; nothing to do after the first call.
    pub fn daily_backup(&self) -> Result<()> {
        if !self.backup_due.get() {
            return Ok(());
        }
        let today = format!(
            "{}-{}",
            stem_of(&self.path),
            chrono::Local::now().format("%Y%m%d")
        );
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
        prune(&self.path)
    }

    /// This registry's newest backup whose name ends with `reason`, if any.
    pub fn newest_backup(&self, reason: &str) -> Option<PathBuf> {
        let suffix = format!("-{reason}.db");
        self.backups().into_iter().rev().find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(&suffix))
        })
    }

    /// Replaces the registry's content with the backup at `src`, after
    /// checking it is a sound registry this program can read, through the
    /// same whole-state check as every write; the current content is kept
    /// as a backup first. The audit trail is not rolled back: the restore
    /// is one more entry, so the chain's anchors stay true.
    pub fn restore_from(&mut self, src: &Path, action: &str, summary: &str) -> Result<PathBuf> {
        check_backup(src, self.key.as_ref())?;
        let reg = read_backup(src, self.key.as_ref())?;
        let kept = self.backup("before-restore")?;
        let summary = format!("{summary}（恢复前的登记簿备份为 {}）", kept.display());
        self.replace(&reg, action, &summary)?;
        Ok(kept)
    }
}

/// The registry a backup holds, read from a private copy brought up to
/// this program's schema (a backup may be of an older version); the
/// backup itself is only read.
fn read_backup(src: &Path, key: Option<&Passphrase>) -> Result<crate::Registry> {
    let dir = super::TempDir::new("restore")?;
    let copy = dir.path().join("backup.db");
    std::fs::copy(src, &copy).map_err(|source| Error::Io {
        path: src.to_path_buf(),
        source,
    })?;
    let store = Store::open_deferring_backup(&copy, key)?;
    store.read()?.ok_or_else(|| Error::NotARegistry {
        path: src.to_path_buf(),
        reason: "其中没有园区".into(),
    })
}

/// The files that belong to the registry at `db` besides the database
/// itself: SQLite's journals, the window lock, the chain's anchor.
#[must_use]
pub fn side_files(db: &Path) -> Vec<PathBuf> {
    ["-wal", "-shm", "-journal", ".window-lock", ".anchor"]
        .iter()
        .map(|ext| PathBuf::from(format!("{}{ext}", db.display())))
        .collect()
}

/// Nothing is ever written over the registry's own files (the database,
/// its side files) or into its backup folder.
pub fn refuse_registry_file(out: &Path, db: &Path) -> Result<()> {
    let refuse = |message: &str| {
        Err(Error::File {
            path: out.to_path_buf(),
            message: message.into(),
        })
    };
    // A path that does not exist yet is compared by its folder.
    let resolve = |p: &Path| {
        p.canonicalize().ok().or_else(|| {
            let dir = p.parent().filter(|d| !d.as_os_str().is_empty())?;
            Some(dir.canonicalize().ok()?.join(p.file_name()?))
        })
    };
    let (Some(out_at), Some(db_at)) = (resolve(out), resolve(db)) else {
        return Ok(());
    };
    if out_at == db_at {
        return refuse("这是登记簿自己的数据库文件，不能覆盖");
    }
    if side_files(&db_at).contains(&out_at) {
        return refuse("这是登记簿数据库的附属文件，不能覆盖");
    }
    if resolve(&backup_dir_of(db)).is_some_and(|dir| out_at.starts_with(dir)) {
        return refuse("这是登记簿的备份文件夹，请另选位置");
    }
    Ok(())
}

/// A file fit to restore: SQLite, intact, with exactly this program's
/// schema for its version (the ledger's append-only triggers included), a
/// park, not newer than us, and nothing of it left in a journal beside it.
/// Read without writing anything, not even SQLite's side files; a
/// protected backup with the registry's passphrase `key`.
pub fn check_backup(src: &Path, key: Option<&Passphrase>) -> Result<()> {
    let refuse = |reason: String| Error::NotARegistry {
        path: src.to_path_buf(),
        reason,
    };
    if side_files(src)[..2].iter().any(|p| p.exists()) {
        return Err(refuse(
            "文件旁有未写回的日志（-wal/-shm），它可能正被其他程序使用；请先关闭该程序".into(),
        ));
    }
    let (conn, version) = super::open_untouched(src, key)?;
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| refuse(e.to_string()))?;
    if integrity != "ok" {
        return Err(refuse(format!("完整性检查未通过：{integrity}")));
    }
    let differences = super::schema::differences(&conn, version, false)?;
    if let Some(first) = differences.first() {
        return Err(refuse(format!(
            "数据库结构与本程序的不符：{first}{}",
            if differences.len() > 1 {
                format!("（共 {} 处）", differences.len())
            } else {
                String::new()
            }
        )));
    }
    let parks: i64 = conn
        .query_row("SELECT count(*) FROM park", [], |r| r.get(0))
        .map_err(|_| refuse("不是登记簿".into()))?;
    if parks != 1 {
        return Err(refuse("其中没有园区".into()));
    }
    Ok(())
}

/// The chain head of a backup, read without writing to it.
pub fn backup_head(src: &Path, key: Option<&Passphrase>) -> Result<Option<crate::model::Head>> {
    let (conn, _) = super::open_untouched(src, key)?;
    audit::head(&conn)
}

/// Puts a sound backup in place of a registry file that cannot be opened:
/// the damaged file (and its WAL) is renamed aside, never written to or
/// deleted. The anchor then names the backup's head, and the backups taken
/// after it (of a history the registry no longer has) move to a folder of
/// their own, kept but no longer compared. Returns where the damaged file
/// now is.
pub fn replace_damaged(db: &Path, backup: &Path, key: Option<&Passphrase>) -> Result<PathBuf> {
    check_backup(backup, key)?;
    let head = backup_head(backup, key)?;
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
    let superseded = backup_dir_of(db).join(format!("superseded-{stamp}"));
    let (own, legacy) = backups_of(db);
    for p in own.iter().chain(&legacy) {
        let later = backup_head(p, key)
            .ok()
            .flatten()
            .is_some_and(|h| head.as_ref().is_none_or(|b| h.seq > b.seq));
        if later {
            std::fs::create_dir_all(&superseded).map_err(io(&superseded))?;
            let to = superseded.join(p.file_name().unwrap_or_default());
            std::fs::rename(p, &to).map_err(io(p))?;
        }
    }
    super::anchor::write(db, head.as_ref())?;
    Ok(aside)
}
