//! The district workbook written from the store: small registries read
//! whole, large ones a slice at a time (`slices.rs`).

use super::{refuse_registry_file, Store};
use crate::error::Result;
use crate::exchange::workbook::{
    export, export_registry, sheets, CsvSink, Format, Heading, Sink, XlsxSink, SLICE_SIZE,
};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

impl Store {
    /// Exports the registry to `out` (a file, or a folder for CSV)
    /// a slice at a time; returns the files written.
    pub fn export(
        &self,
        format: Format,
        out: &Path,
        d: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<PathBuf>> {
        let sheets = sheets();
        // A registry that fits one slice is read whole: the slicing (a second
        // connection and thread, temporary tables) costs more than it saves.
        let small = self.unit_count()? <= SLICE_SIZE;
        let slices = |sink: &mut dyn Sink| {
            if small {
                export_registry(&*self.registry()?, d, today, sink)
            } else {
                self.read_in_parts(SLICE_SIZE, |start, parts| {
                    export(start, parts, d, today, sink)
                })
            }
        };
        match format {
            Format::Xlsx => {
                refuse_registry_file(out, self.path())?;
                let park = self.park()?.unwrap_or_else(|| crate::model::Park::new(""));
                let heading = Heading {
                    by: super::operator::current(),
                    ..Heading::park(&park, d, today)
                };
                let mut sink = XlsxSink::create(sheets, out, self.head()?.as_ref(), &heading)?;
                slices(&mut sink)?;
                sink.finish()?;
                Ok(vec![out.to_path_buf()])
            }
            Format::Csv => {
                refuse_registry_file(out, self.path())?;
                let mut sink = CsvSink::create(&sheets, out)?;
                slices(&mut sink)?;
                sink.finish()
            }
        }
    }
}
