//! The party's rules as pure functions of a registry and a date: what holds
//! on the date (`facts`), the rates and counts (`coverage`, `table27`), what
//! is missing or due (`gaps`), organizational life (`life`), the money
//! (`ledger`) and the input checks (`validate`). Nothing here reads a file, a database or the clock.

pub mod coverage;
pub mod development;
pub mod dues;
pub mod facts;
pub mod gaps;
pub mod ledger;
pub mod life;
pub mod meeting_checks;
pub mod member_checks;
pub mod roster;
pub mod table27;
pub mod validate;
pub mod warnings;
