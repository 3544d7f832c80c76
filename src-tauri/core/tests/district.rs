//! The district reads parks' workbooks back: a park's own export is read
//! clean and gives the park's own figures; what was changed after export
//! is flagged; what is not a park workbook is refused.

mod common;

use common::d;
use parkreg_core::district::read_submission;
use parkreg_core::exchange::workbook::{self, XlsxSink};
use parkreg_core::model::Registry;
use parkreg_core::rules::coverage;
use parkreg_core::samples::{self, synthetic};
use std::path::{Path, PathBuf};

fn export(reg: &Registry, as_of: &str, path: &Path) -> PathBuf {
    let mut sink = XlsxSink::create(workbook::sheets(), path, None).unwrap();
    workbook::export_registry(reg, d(as_of), d(as_of), &mut sink).unwrap();
    sink.finish().unwrap();
    path.to_path_buf()
}

#[test]
fn a_parks_own_export_reads_clean_with_its_own_figures() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(Registry, String)> = vec![
        (samples::sample_park(), samples::as_of().to_string()),
        (synthetic::registry(100, 3), "2024-12-31".into()),
        (synthetic::registry(300, 11), "2024-06-30".into()),
    ];
    for (i, (reg, as_of)) in cases.iter().enumerate() {
        let path = export(reg, as_of, &dir.path().join(format!("{i}.xlsx")));
        let sub = read_submission(&path).unwrap();
        assert_eq!(sub.flags, Vec::<String>::new(), "case {i}");
        let want = coverage::summary(reg, d(as_of));
        let got = sub.tally.summary(&sub.park, sub.as_of, sub.money.clone());
        // As the figures stand (people's ids are the district's own).
        let json = |s: &coverage::Summary| serde_json::to_value(s).unwrap();
        assert_eq!(json(&got), json(&want), "case {i}");
        assert_eq!(sub.units.len(), reg.units.len());
    }
}
