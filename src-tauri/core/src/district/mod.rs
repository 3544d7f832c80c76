//! The district's view: parks' workbooks read back into registries, their
//! figures computed again with the core's rules and checked against what
//! each park wrote, kept in the district's own file, rolled up across
//! parks, and written as the district's workbook.

mod read;
mod rows;
mod sheets;

pub use read::{read_submission, GapLine, Submission, UnitLine};
