//! The tables as CSV files, one per sheet, UTF-8 with a byte-order mark so
//! that Excel and WPS show the Chinese correctly.

use super::{Cell, Table};
use crate::error::{Error, Result};
use crate::money;
use std::io::Write;
use std::path::{Path, PathBuf};

fn field(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Date(d) => d.to_string(),
        Cell::Money(fen) => money::plain_yuan(*fen),
        Cell::Rate(Some(r)) => format!("{:.1}%", r * 100.0),
        Cell::Rate(None) => "—".into(),
        Cell::Empty => String::new(),
    }
}

/// Quotes a field when it needs it (RFC 4180).
fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Writes `DIR/<sheet>.csv` for each table; returns the files written.
pub fn write_csv_dir(tables: &[Table], dir: &Path) -> Result<Vec<PathBuf>> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut written = Vec::new();
    for table in tables {
        let path = dir.join(format!("{}.csv", table.name));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).map_err(io(&path))?);
        let mut text = String::from("\u{feff}");
        let header: Vec<String> = table.columns.iter().map(|c| quote(c.header)).collect();
        text += &header.join(",");
        text += "\r\n";
        for row in &table.rows {
            let fields: Vec<String> = row.iter().map(|c| quote(&field(c))).collect();
            text += &fields.join(",");
            text += "\r\n";
        }
        out.write_all(text.as_bytes()).map_err(io(&path))?;
        out.flush().map_err(io(&path))?;
        written.push(path);
    }
    Ok(written)
}
