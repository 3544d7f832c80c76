//! The sample park: a clearly marked, fictional park modelled on the Baiyun
//! aluminium park in mid-2013, kept in `assets/` as a registry document.

use crate::exchange::document;
use crate::model::Registry;
use chrono::NaiveDate;

pub const SAMPLE_PARK_JSON: &str = include_str!("../../../../assets/sample-park.json");

/// The date the sample describes.
#[must_use]
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2013, 6, 30).expect("valid date")
}

#[must_use]
pub fn sample_park() -> Registry {
    document::from_json(SAMPLE_PARK_JSON, as_of()).expect("the shipped sample park is valid")
}

pub mod roster;
pub mod synthetic;
