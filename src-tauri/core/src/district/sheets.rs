//! A workbook's sheets as read once, and its tables: a sheet together
//! with its continuation sheets (`单位（续2）`…).

use crate::error::Result;
use crate::exchange::workbook::digest::table_of;
use crate::exchange::workbook::import::{header_row, read_book, Raw, Sheet};
use std::path::Path;

pub(super) struct Book {
    sheets: Vec<(String, Sheet)>,
}

/// A table's rows from its header on (the title lines above it left out),
/// and the sheet row the header is in (0-based).
pub(super) struct Rows(Sheet, usize);

impl Book {
    pub(super) fn read(path: &Path) -> Result<Book> {
        Ok(Book {
            sheets: read_book(path)?,
        })
    }

    /// The table called `name`: its sheet's rows, then those of its
    /// continuations without their headers.
    pub(super) fn table(&self, name: &str) -> Option<Rows> {
        let mut parts = self
            .sheets
            .iter()
            .filter(|(n, _)| table_of(n.trim()) == name);
        let (_, first) = parts.next()?;
        let at = header_row(&first.rows).unwrap_or(0);
        let mut rows = first.rows[at.min(first.rows.len())..].to_vec();
        for (_, more) in parts {
            let past = header_row(&more.rows).map_or(0, |h| h + 1);
            rows.extend(more.rows.iter().skip(past).cloned());
        }
        Some(Rows(Sheet { rows }, at))
    }

    /// Every sheet with its name, in workbook order.
    pub(super) fn sheets(&self) -> impl Iterator<Item = (&str, &[Vec<Raw>])> {
        self.sheets
            .iter()
            .map(|(n, s)| (n.as_str(), s.rows.as_slice()))
    }
}

impl Rows {
    pub(super) fn as_sheet(&self) -> &Sheet {
        &self.0
    }

    /// The header's cells, trimmed (empty when the table is).
    pub(super) fn header(&self) -> Vec<String> {
        self.0.rows.first().map_or_else(Vec::new, |r| {
            r.iter()
                .map(|c| match c {
                    Raw::Text(s) => s.trim().to_string(),
                    _ => String::new(),
                })
                .collect()
        })
    }

    /// The rows after the header, with their row numbers as the clerk sees
    /// them in one sheet.
    pub(super) fn numbered(&self) -> impl Iterator<Item = (usize, &[Raw])> {
        let at = self.1;
        self.0
            .rows
            .iter()
            .enumerate()
            .skip(1)
            .map(move |(i, r)| (at + i + 1, r.as_slice()))
    }

    /// The header's row number as the clerk sees it.
    pub(super) fn header_number(&self) -> usize {
        self.1 + 1
    }

    pub(super) fn data(&self) -> impl Iterator<Item = &[Raw]> {
        self.numbered().map(|(_, r)| r)
    }
}
