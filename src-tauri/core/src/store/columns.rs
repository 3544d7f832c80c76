//! Reading columns in place, and choosing the rows a read takes: shared
//! by the row readers.

use crate::error::{Error, Result};
use crate::model::from_code;
use chrono::NaiveDate;
use rusqlite::{Connection, Row};

/// The date in column `i`, read in place (a large registry holds many).
pub(super) fn date(r: &Row, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    r.get_ref(i)?
        .as_str_or_null()?
        .map(|t| {
            crate::model::dates::parse_date(t).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
            })
        })
        .transpose()
}

/// The enum value coded in column `i`, read in place.
pub(super) fn code<T: for<'de> serde::Deserialize<'de>>(r: &Row, i: usize) -> rusqlite::Result<T> {
    let text = r.get_ref(i)?.as_str()?;
    from_code(text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("unknown code {text}").into(),
        )
    })
}

pub(super) fn all<T>(
    conn: &Connection,
    sql: &str,
    f: impl FnMut(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], f)?;
    rows.collect::<rusqlite::Result<Vec<T>>>()
        .map_err(Error::from)
}

/// Which records a read takes: all, or those listed in the `temp.want_*`
/// tables (a slice of the registry, see `slices.rs`), own ones first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    All,
    Wanted,
}

impl Take {
    /// The clause choosing the records (as `t`) of `table` whose `key` is
    /// in the table `want` (own records first when `want` marks them), in
    /// `order`. The wanted ids drive the loop (CROSS JOIN fixes SQLite's
    /// join order), so a slice costs index lookups, not a table scan.
    pub(super) fn choose(self, table: &str, key: &str, want: &str, order: &str) -> String {
        match self {
            Take::All => format!("FROM {table} t ORDER BY {order}"),
            Take::Wanted => {
                let own_first = if want == "want_person" {
                    ""
                } else {
                    "w.own DESC, "
                };
                format!(
                    "FROM temp.{want} w CROSS JOIN {table} t ON t.{key} = w.id
                     ORDER BY {own_first}{order}"
                )
            }
        }
    }
}
