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
