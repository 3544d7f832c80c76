//! The core's one error type. Messages are for the clerk: they say what is
//! wrong, where, and what to do; `code` lets a caller decide behaviour.

use crate::model::problem::{self, Problem};
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("输入有误，未作任何修改：\n{}", problem::list(.0))]
    Invalid(Vec<Problem>),

    #[error("找不到{0}")]
    NotFound(String),

    #[error("登记簿 {} 还是空的：请先创建（parkreg init --park 名称）或载入示例园区（parkreg demo）", .0.display())]
    Empty(PathBuf),

    #[error("登记簿 {} 已有内容；如要替换，请用 parkreg load", .0.display())]
    NotEmpty(PathBuf),

    #[error("{} 由更新版本的程序创建（数据库版本 {found}，本程序只认识到 {known}），为免损坏未作任何改动；请升级程序或选择其他文件", .path.display())]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    #[error("{} 不是可用的登记簿数据库（{reason}）；请从备份恢复或选择其他文件", .path.display())]
    NotARegistry { path: PathBuf, reason: String },

    #[error("登记簿 {} 设有口令保护：请输入口令", .0.display())]
    PassphraseNeeded(PathBuf),

    #[error("口令不对，登记簿 {} 未作任何改动（口令区分大小写；忘记的口令无法找回）", .0.display())]
    WrongPassphrase(PathBuf),

    #[error("登记簿正被另一个程序修改，请稍后再试")]
    Busy,

    /// A change refused because the registry is not in the state it
    /// needs (a plan made on an older state, an undo after later changes).
    #[error("{0}")]
    Conflict(String),

    #[error("{} 已在另一个窗口中打开：请切换到那个窗口继续工作", .0.display())]
    OpenElsewhere(PathBuf),

    #[error("{} 是只读文件，为免损坏未作任何改动：请去掉文件的只读属性，或复制到可写的位置后再打开", .0.display())]
    ReadOnly(PathBuf),

    #[error("无法读写 {}：{source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("文件 {}：{message}", .path.display())]
    File { path: PathBuf, message: String },

    #[error("数据库错误：{0}")]
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                Error::Busy
            }
            _ => Error::Sql(e),
        }
    }
}

impl Error {
    /// A stable code for the kind of error, as the UI sees it.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "errors.validation",
            Error::NotFound(_) => "errors.not_found",
            Error::Empty(_) => "errors.empty_registry",
            Error::NotEmpty(_) => "errors.not_empty",
            Error::TooNew { .. } => "errors.database_too_new",
            Error::NotARegistry { .. } => "errors.not_a_registry",
            Error::Busy => "errors.busy",
            Error::Conflict(_) => "errors.conflict",
            Error::OpenElsewhere(_) => "errors.open_elsewhere",
            Error::PassphraseNeeded(_) => "errors.passphrase_needed",
            Error::WrongPassphrase(_) => "errors.wrong_passphrase",
            Error::ReadOnly(_) => "errors.read_only",
            Error::Io { .. } | Error::File { .. } => "errors.file",
            Error::Sql(_) => "errors.database",
        }
    }

    pub fn invalid(
        path: impl Into<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Error {
        Error::Invalid(vec![Problem::new(path, field, message)])
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
