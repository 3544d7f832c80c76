//! The registry in and out of the program: the registry document (JSON),
//! the desktop's forms, the district workbook (xlsx, CSV) and its import.

pub mod document;
pub mod forms;
pub mod member_form;
pub mod workbook;
