//! How long a protected registry stays open without use before the desktop
//! and the browser mode lock it again: per computer account, in the config
//! directory (like the operator's name and the 统计日期: it is how this
//! clerk works on this computer, not a change to the registry). One line,
//! the minutes.

use super::APP_IDENTIFIER;
use crate::error::{Error, Result};
use std::path::PathBuf;

/// The idle time when none was set, in minutes.
pub const DEFAULT_MINUTES: u32 = 15;
/// The shortest and the longest idle time the settings take, in minutes
/// (up to a working day).
pub const MIN_MINUTES: u32 = 1;
pub const MAX_MINUTES: u32 = 480;

fn file() -> Option<PathBuf> {
    Some(
        dirs::config_dir()?
            .join(APP_IDENTIFIER)
            .join("idle-lock.txt"),
    )
}

/// The idle time set on this computer account, else the default.
#[must_use]
pub fn minutes() -> u32 {
    file()
        .and_then(|f| std::fs::read_to_string(f).ok())
        .and_then(|t| parse(&t).ok())
        .unwrap_or(DEFAULT_MINUTES)
}

/// The idle time as typed in the settings: whole minutes within bounds.
pub fn parse(typed: &str) -> Result<u32> {
    let refuse = || {
        Error::invalid(
            "",
            "idle_minutes",
            format!("请填 {MIN_MINUTES} 到 {MAX_MINUTES} 之间的整数分钟"),
        )
    };
    let minutes: u32 = typed.trim().parse().map_err(|_| refuse())?;
    if (MIN_MINUTES..=MAX_MINUTES).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(refuse())
    }
}

/// Keeps `typed` as this account's idle time; the minutes now in effect.
pub fn save(typed: &str) -> Result<u32> {
    let minutes = parse(typed)?;
    let path = file().ok_or_else(|| {
        Error::invalid(
            "",
            "idle_minutes",
            "这台电脑没有可用的配置目录，无法保存自动锁定时间",
        )
    })?;
    super::private::write_whole(&path, format!("{minutes}\n").as_bytes())?;
    Ok(minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_time_as_typed() {
        // (typed, minutes, or None when refused)
        let cases: &[(&str, Option<u32>)] = &[
            ("15", Some(15)),
            (" 5 ", Some(5)),
            ("1", Some(1)),
            ("480", Some(480)),
            ("0", None),
            ("481", None),
            ("-3", None),
            ("2.5", None),
            ("", None),
            ("十五", None),
        ];
        for (typed, expected) in cases {
            assert_eq!(parse(typed).ok(), *expected, "{typed:?}");
        }
        let e = parse("0").unwrap_err();
        assert_eq!(e.code(), "errors.validation");
    }
}
