//! The codes the rules compute and the words they speak: a unit's coverage
//! status, a gap's severity, and the language of messages and labels.

use serde::{Deserialize, Serialize};

/// How an active unit in scope is covered (DOMAIN.md "Coverage").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Own,
    Joint,
    Group,
    Instructor,
    None,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Own,
        Status::Joint,
        Status::Group,
        Status::Instructor,
        Status::None,
    ];

    #[must_use]
    pub fn is_organizational(self) -> bool {
        matches!(self, Status::Own | Status::Joint | Status::Group)
    }

    #[must_use]
    pub fn is_work(self) -> bool {
        self != Status::None
    }
}

/// How much a gap matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// The language of messages and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    #[must_use]
    pub fn parse(code: &str) -> Lang {
        if code.starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    /// The text in this language, of the two given.
    #[must_use]
    pub fn pick(self, zh: String, en: String) -> String {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
