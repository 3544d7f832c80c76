//! The district's view: parks' workbooks read back into registries, their
//! figures computed again with the core's rules and checked against what
//! each park wrote, kept in the district's own file, rolled up across
//! parks, and written as the district's workbook.

mod export;
mod read;
mod rollup;
mod rows;
mod sheets;
mod store;
mod submit;

pub use read::{read_submission, GapLine, Submission, UnitLine};
pub use rollup::{CrossProblem, DistrictSummary, ParkFigures, ParkGap, ParkSubmission, ParkUnit};
pub use store::District;
pub use submit::Added;

/// The district file when none is given: `district.db` beside the desktop
/// program's registry, in the program's data folder.
#[must_use]
pub fn default_path() -> std::path::PathBuf {
    let base = dirs::data_dir().unwrap_or_else(|| std::path::PathBuf::from("."));
    base.join(crate::APP_IDENTIFIER).join("district.db")
}
