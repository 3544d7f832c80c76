//! The park party registry's core: every rule of the registry, its SQLite
//! store and its exchange formats. No GUI dependency: the desktop shell and
//! the `parkreg` command line are thin layers over this crate.
//!
//! The rules (`facts`, `coverage`, `gaps`, `ledger`, `validate`) are pure
//! functions of a [`model::Registry`] and a date; only `store` does I/O.

pub mod coverage;
pub mod credit_code;
pub mod document;
pub mod error;
pub mod facts;
pub mod forms;
pub mod gaps;
pub mod labels;
pub mod ledger;
pub mod model;
pub mod money;
pub mod problem;
pub mod sample;
pub mod store;
pub mod synthetic;
pub mod table27;
pub mod validate;
pub mod views;
pub mod workbook;

pub use error::{Error, Result};
pub use model::Registry;
pub use store::Store;

/// The desktop program's identifier; also names its data directory.
pub const APP_IDENTIFIER: &str = "cn.parkreg.registry";

/// Today on this computer's calendar: the default as-of date. The rules
/// never read the clock; callers pass the date in.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
