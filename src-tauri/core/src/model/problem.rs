//! A problem found in input: where it is and what is wrong.

use serde::Serialize;
use std::fmt;

/// One thing wrong with some input, located precisely enough to fix it:
/// `path` names the record (`units[3]`, a sheet row, a file), `field` the
/// field within it, `message` what is wrong, in words a clerk can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: String,
    pub field: String,
    pub message: String,
}

impl Problem {
    pub fn new(
        path: impl Into<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            path: path.into(),
            field: field.into(),
            message: message.into(),
        }
    }

    /// Where the problem is, as one string: `units[3].employees`.
    #[must_use]
    pub fn location(&self) -> String {
        match (self.path.is_empty(), self.field.is_empty()) {
            (true, _) => self.field.clone(),
            (false, true) => self.path.clone(),
            // Document paths read `units[3].employees`; sheet places read
            // `第 5 行，“职工人数”列`.
            (false, false) if self.path.ends_with(']') || self.path.is_ascii() => {
                format!("{}.{}", self.path, self.field)
            }
            (false, false) => format!("{}，{}", self.path, self.field),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}

/// Problems as lines, for an error message.
#[must_use]
pub fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}
