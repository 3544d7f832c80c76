//! The export's input: a registry a piece at a time, so that a very large
//! one is written in constant memory.

use crate::model::Registry;
use crate::rules::ledger::LedgerItem;

/// A part of a registry that answers every rule about its own records: its
/// first `own_units` units and first `own_orgs` organizations, with every
/// record the rules consult about them (the organizations covering its
/// units, all the units those cover, their parents, the people named, the
/// starter-fund entries). Work over a very large registry goes slice by
/// slice (the streaming export); a whole registry is one slice.
pub struct Slice<'a> {
    pub reg: std::borrow::Cow<'a, Registry>,
    pub own_units: usize,
    pub own_orgs: usize,
    /// The first people, whose member gaps the slice answers for (a
    /// whole registry's: a member's gaps need all of it).
    pub own_people: usize,
}

impl Slice<'_> {
    #[must_use]
    pub fn whole(reg: &Registry) -> Slice<'_> {
        Slice {
            reg: std::borrow::Cow::Borrowed(reg),
            own_units: reg.units.len(),
            own_orgs: reg.organizations.len(),
            own_people: reg.people.len(),
        }
    }
}

/// A registry read a piece at a time (the streaming export): slices, and
/// runs of the ledger in ledger order. (A slice is boxed: it is far the
/// larger, and parts pass through a channel.)
pub enum Part<'a> {
    Slice(Box<Slice<'a>>),
    Ledger(Vec<LedgerItem>),
}
