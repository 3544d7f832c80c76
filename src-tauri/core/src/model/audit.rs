//! The audit trail as read: its entries, and its head as the store and
//! every anchor of it name it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One change, as the history shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    /// Local time with offset, RFC 3339.
    pub at: String,
    pub who: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub summary: String,
    pub old_value: Option<Value>,
    pub new_value: Option<Value>,
}

/// The newest entry of the chain: the registry's state, as an anchor
/// kept elsewhere names it (`anchor.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

impl std::fmt::Display for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

impl std::str::FromStr for Head {
    type Err = ();
    fn from_str(s: &str) -> std::result::Result<Head, ()> {
        let (seq, hash) = s.trim().split_once(':').ok_or(())?;
        let hash_ok = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
        match seq.parse() {
            Ok(seq) if hash_ok => Ok(Head {
                seq,
                hash: hash.to_string(),
            }),
            _ => Err(()),
        }
    }
}
