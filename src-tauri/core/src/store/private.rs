//! The files the program makes hold people's names and phone numbers: on
//! Unix they are readable by their owner only, whatever the user's umask.
//! (Windows keeps files in the user's own profile, private by its ACLs.)

use std::path::Path;

/// Makes every file and folder this process creates from now on readable
/// by its owner only (umask 077): the registry, its WAL and shared memory,
/// the lock, the anchor, backups, exports and temporary files alike. Each
/// program calls it first thing.
pub fn owner_only() {
    #[cfg(unix)]
    // SAFETY: umask has no preconditions and cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// Takes group and other access away from a file that already exists (a
/// registry made before this rule, or by another program): SQLite gives
/// its WAL and shared-memory files the registry's own mode.
pub fn restrict(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o700))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Writes `bytes` as the whole of `path`, or nothing: a new file beside it
/// (named for this process and call, so that two programs or threads
/// writing at once never take each other's) renamed over it. Its folder
/// is made if missing.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> crate::Result<()> {
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| crate::Error::Io { path: p, source }
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let fresh =
        std::path::PathBuf::from(format!("{}.new-{}-{n}", path.display(), std::process::id()));
    std::fs::write(&fresh, bytes).map_err(io(&fresh))?;
    std::fs::rename(&fresh, path).map_err(|e| {
        let _ = std::fs::remove_file(&fresh);
        io(path)(e)
    })
}

#[cfg(test)]
mod tests {
    /// Programs and threads writing one file at once each write it whole:
    /// none fails, and the file holds one writer's text, not a mixture.
    #[test]
    fn writers_at_once_never_take_each_other_s_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config").join("as-of.tsv");
        std::thread::scope(|s| {
            for t in 0..8 {
                let path = &path;
                s.spawn(move || {
                    for i in 0..100 {
                        let text = format!("{t}:{i}\n").repeat(100);
                        super::write_whole(path, text.as_bytes()).unwrap();
                    }
                });
            }
        });
        let text = std::fs::read_to_string(&path).unwrap();
        let first = text.lines().next().unwrap();
        assert!(text.lines().all(|l| l == first) && text.lines().count() == 100);
        let left = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(left, 1, "no new file left beside it");
    }
}
