//! Who is at the keyboard, for the audit trail: the name the clerk gave in
//! the settings (kept per computer account, in the config directory, not
//! in the registry: another clerk opening a copy is someone else), else
//! the operating-system user.

use super::{Store, APP_IDENTIFIER};
use crate::error::{Error, Result};
use std::path::PathBuf;

/// The longest name the history keeps.
const MAX_CHARS: usize = 40;

fn file() -> Option<PathBuf> {
    Some(
        dirs::config_dir()?
            .join(APP_IDENTIFIER)
            .join("operator.txt"),
    )
}

/// The name the settings hold, if one was given.
#[must_use]
pub fn saved() -> Option<String> {
    let text = std::fs::read_to_string(file()?).ok()?;
    Some(text.trim().to_string()).filter(|n| !n.is_empty())
}

/// The name the history records: the saved one, else the system user.
#[must_use]
pub fn current() -> String {
    saved().unwrap_or_else(os_user)
}

/// Keeps `name` for the history from now on (an empty name goes back to
/// the system user); the name now in effect.
pub fn save(name: &str) -> Result<String> {
    let name = name.trim();
    if name.chars().count() > MAX_CHARS || name.chars().any(char::is_control) {
        return Err(Error::invalid(
            "",
            "operator",
            format!("操作人姓名最多 {MAX_CHARS} 个字，不能含换行等控制字符"),
        ));
    }
    let path = file().ok_or_else(|| {
        Error::invalid("", "operator", "这台电脑没有可用的配置目录，无法保存操作人")
    })?;
    let io = |source, path: &PathBuf| Error::Io {
        path: path.clone(),
        source,
    };
    if name.is_empty() {
        if path.exists() {
            std::fs::remove_file(&path).map_err(|e| io(e, &path))?;
        }
    } else {
        let dir = path.parent().expect("a file in a directory").to_path_buf();
        std::fs::create_dir_all(&dir).map_err(|e| io(e, &dir))?;
        std::fs::write(&path, name).map_err(|e| io(e, &path))?;
    }
    Ok(current())
}

/// The operating-system user: the environment's, else (on Unix) the
/// account of this process's user id in /etc/passwd.
pub(super) fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .or_else(account_name)
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(unix)]
fn account_name() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.get(2) == Some(&uid.as_str())).then(|| fields[0].to_string())
    })
}

#[cfg(not(unix))]
fn account_name() -> Option<String> {
    None
}

impl Store {
    /// Records changes from now on as made by `who`.
    pub fn set_operator(&mut self, who: String) {
        self.who = who;
    }

    #[must_use]
    pub fn operator(&self) -> &str {
        &self.who
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_system_user_has_a_name() {
        assert_ne!(super::os_user(), "");
        #[cfg(unix)]
        assert!(super::account_name().is_some(), "this process's account");
    }
}
