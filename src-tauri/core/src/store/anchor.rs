//! The anchor: the audit chain's head, kept outside the database in a
//! small file beside it (`<registry>.anchor`), written after every commit.
//! Someone who edits the SQLite file and re-hashes the chain, or deletes
//! its newest entries, cannot make the file and its anchor agree again
//! without also rewriting this file, every backup and every export (whose
//! metadata carry the head too); `check` compares them all.

use crate::error::{Error, Result};
use crate::model::Head;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const FORMAT: &str = "parkreg-anchor/1";

#[derive(Serialize, Deserialize)]
struct File {
    format: String,
    seq: i64,
    hash: String,
}

pub fn path_of(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.anchor", db.display()))
}

/// Writes the anchor of `db` (none while the chain is empty), whole or not
/// at all: a new file is renamed over the old one.
pub fn write(db: &Path, head: Option<&Head>) -> Result<()> {
    let path = path_of(db);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let Some(head) = head else {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(&path)(e)),
            _ => Ok(()),
        };
    };
    let body = serde_json::to_string(&File {
        format: FORMAT.into(),
        seq: head.seq,
        hash: head.hash.clone(),
    })
    .expect("the anchor serializes");
    super::private::write_whole(&path, (body + "\n").as_bytes())
}

/// What the anchor beside `db` says.
#[derive(Debug, PartialEq, Eq)]
pub enum Anchor {
    Missing,
    Unreadable(String),
    At(Head),
}

pub fn read(db: &Path) -> Anchor {
    let path = path_of(db);
    match std::fs::read_to_string(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Anchor::Missing,
        Err(e) => Anchor::Unreadable(e.to_string()),
        Ok(text) => match serde_json::from_str::<File>(&text) {
            Ok(f) if f.format == FORMAT => Anchor::At(Head {
                seq: f.seq,
                hash: f.hash,
            }),
            _ => Anchor::Unreadable("内容不是本程序写的锚点".into()),
        },
    }
}
