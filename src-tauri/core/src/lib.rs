//! The park party registry's core: every rule of the registry, its SQLite
//! store and its exchange formats. No GUI dependency: the desktop shell and
//! the `parkreg` command line are thin layers over this crate.
//!
//! Layers, each using only those before it (ARCHITECTURE.md; the test
//! `layers` enforces it):
//! - `model`: the registry's records and codes, money, labels;
//! - `error`: the one error type;
//! - `rules`: pure functions of a registry and a date (no I/O, no clock);
//! - `views`: what the pages show, computed from the rules;
//! - `exchange`: the registry document, the forms, the workbook and its import;
//! - `samples`: the sample park and generated parks;
//! - `store`: the SQLite file, its history and backups (the only I/O on
//!   the registry, and the only clock);
//! - `district`: parks' workbooks rolled up in the district's own file.
//!
//! Every fallible function returns [`Result`], whose [`Error`] variants say
//! what went wrong and where (a file, a record, every problem of an input);
//! functions say in their own words when they refuse, so clippy's
//! `missing_errors_doc` is not asked for each. Pure functions are
//! `#[must_use]`: a result computed and dropped is a mistake.

#![warn(clippy::must_use_candidate)]

pub mod model;

pub mod error;

pub mod rules;

pub mod views;

pub mod exchange;

pub mod samples;

pub mod store;

pub mod district;

pub use error::{Error, Result};
pub use model::Registry;
pub use store::{today, Store, APP_IDENTIFIER};
