//! The tables as CSV files, one per sheet, UTF-8 with a byte-order mark so
//! that Excel and WPS show the Chinese correctly.

use super::{Cell, Sheet, Sink};
use crate::error::{Error, Result};
use crate::model::money;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A cell as plain text (also how the district quotes a figure).
pub(crate) fn field(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Date(d) => d.to_string(),
        Cell::Money(fen) => money::plain_yuan(*fen),
        Cell::Rate(rate) => money::percent(*rate),
        Cell::Tenths(n) => format!("{}.{}", n / 10, n % 10),
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

/// A folder of CSV files being written, `DIR/<sheet>.csv` for each sheet.
pub struct CsvSink {
    files: Vec<(PathBuf, BufWriter<File>)>,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn line(out: &mut BufWriter<File>, fields: impl Iterator<Item = String>) -> std::io::Result<()> {
    let fields: Vec<String> = fields.map(|f| quote(&f)).collect();
    out.write_all(fields.join(",").as_bytes())?;
    out.write_all(b"\r\n")
}

impl CsvSink {
    pub fn create(sheets: &[Sheet], dir: &Path) -> Result<CsvSink> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let mut files = Vec::new();
        for sheet in sheets {
            let path = dir.join(format!("{}.csv", sheet.name));
            let mut out = BufWriter::new(File::create(&path).map_err(io(&path))?);
            out.write_all("\u{feff}".as_bytes()).map_err(io(&path))?;
            line(&mut out, sheet.columns.iter().map(|c| c.header.to_string()))
                .map_err(io(&path))?;
            files.push((path, out));
        }
        Ok(CsvSink { files })
    }

    /// Flushes every file; returns the files written.
    pub fn finish(self) -> Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        for (path, mut out) in self.files {
            out.flush().map_err(io(&path))?;
            written.push(path);
        }
        Ok(written)
    }
}

impl Sink for CsvSink {
    fn row(&mut self, sheet: usize, cells: &[Cell]) -> Result<()> {
        let (path, out) = &mut self.files[sheet];
        line(out, cells.iter().map(field)).map_err(io(path))
    }
}
