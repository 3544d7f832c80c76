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

pub use read::{read_submission, GapLine, Submission, UnitLine};
pub use rollup::{CrossProblem, DistrictSummary, ParkFigures, ParkGap, ParkUnit};
pub use store::{Added, District};
