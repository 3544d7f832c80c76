//! The people a sheet names, found by name or added as non-members, and
//! a row's values applied to a unit.

use super::rows::RowValues;
use crate::exchange::workbook::columns::{header_of, Field};
use crate::model::*;
use std::collections::HashMap;

/// Finds (or plans to add) the person of each name the sheet gives.
pub struct People<'a> {
    pub(super) reg: &'a mut Registry,
    pub(super) new: Vec<String>,
    /// Filled on first use: each name's first person, and the last p-number.
    by_name: HashMap<String, String>,
    last: u64,
}

impl People<'_> {
    pub(super) fn new(reg: &mut Registry) -> People<'_> {
        People {
            reg,
            new: Vec::new(),
            by_name: HashMap::new(),
            last: 0,
        }
    }

    /// The person `id` if the registry has one of that name (the
    /// registry's own export names people by both), else by name.
    pub(super) fn id_named(&mut self, id: Option<String>, name: &str) -> String {
        match id {
            Some(id) if self.reg.people.iter().any(|p| p.id == id && p.name == name) => id,
            _ => self.id_of(name),
        }
    }

    pub(super) fn id_of(&mut self, name: &str) -> String {
        self.index();
        if let Some(id) = self.by_name.get(name) {
            return id.clone();
        }
        let id = self.fresh_id();
        self.by_name.insert(name.to_string(), id.clone());
        self.reg.people.push(Person {
            id: id.clone(),
            name: name.to_string(),
            party_member: false,
            ..Person::default()
        });
        self.new.push(name.to_string());
        id
    }

    /// The next p-number no one has.
    pub(super) fn fresh_id(&mut self) -> String {
        self.index();
        self.last += 1;
        format!("p{}", self.last)
    }

    /// Each name's first person and the last p-number, found on first use.
    fn index(&mut self) {
        if self.by_name.is_empty() {
            for p in self.reg.people.iter().rev() {
                self.by_name.insert(p.name.clone(), p.id.clone());
            }
            self.last = self
                .reg
                .people
                .iter()
                .filter_map(|p| p.id.strip_prefix('p')?.parse::<u64>().ok())
                .max()
                .unwrap_or(0);
        }
    }
}

/// Applies the row's values to a unit; returns the headers that changed.
pub(super) fn apply(u: &mut Unit, v: RowValues, people: &mut People) -> Vec<&'static str> {
    let before = u.clone();
    let [commissioner, instructor] = fill(u, v);
    if let Some((id, name)) = commissioner {
        u.commissioner = Some(people.id_named(id, &name));
    }
    if let Some((id, name)) = instructor {
        u.instructor = Some(people.id_named(id, &name));
    }
    changed(&before, u)
}

/// A person a row names: the id written beside the name, and the name.
pub(super) type Named = Option<(Option<String>, String)>;

/// Sets the row's values on a unit but for its people, which it returns
/// (commissioner, instructor) for the caller to resolve.
pub(super) fn fill(u: &mut Unit, v: RowValues) -> [Named; 2] {
    macro_rules! set {
        ($($field:ident),*) => {$(
            if let Some(x) = v.$field { u.$field = x; }
        )*};
    }
    set!(
        kind,
        ownership,
        stage,
        employees,
        full_members,
        probationary_members,
        key_project,
        wholly_owned,
        legal_rep_member,
        legal_rep_secretary
    );
    macro_rules! set_opt {
        ($($field:ident),*) => {$(
            if let Some(x) = v.$field { u.$field = Some(x); }
        )*};
    }
    set_opt!(credit_code, town, village, started_on, closed_on);
    if let Some(name) = v.name {
        u.name = name;
    }
    [
        v.commissioner.map(|n| (v.commissioner_id, n)),
        v.instructor.map(|n| (v.instructor_id, n)),
    ]
}

/// The headers whose values differ between two states of a unit.
fn changed(before: &Unit, u: &Unit) -> Vec<&'static str> {
    let mut changed = Vec::new();
    let pairs: [(bool, Field); 18] = [
        (before.name != u.name, Field::Name),
        (before.kind != u.kind, Field::Kind),
        (before.ownership != u.ownership, Field::Ownership),
        (before.wholly_owned != u.wholly_owned, Field::WhollyOwned),
        (
            before.legal_rep_member != u.legal_rep_member,
            Field::LegalRepMember,
        ),
        (
            before.legal_rep_secretary != u.legal_rep_secretary,
            Field::LegalRepSecretary,
        ),
        (before.stage != u.stage, Field::Stage),
        (before.credit_code != u.credit_code, Field::CreditCode),
        (before.employees != u.employees, Field::Employees),
        (before.full_members != u.full_members, Field::FullMembers),
        (
            before.probationary_members != u.probationary_members,
            Field::ProbationaryMembers,
        ),
        (before.town != u.town, Field::Town),
        (before.village != u.village, Field::Village),
        (before.key_project != u.key_project, Field::KeyProject),
        (before.commissioner != u.commissioner, Field::Commissioner),
        (before.instructor != u.instructor, Field::Instructor),
        (before.started_on != u.started_on, Field::StartedOn),
        (before.closed_on != u.closed_on, Field::ClosedOn),
    ];
    for (differs, field) in pairs {
        if differs {
            changed.push(header_of(field));
        }
    }
    changed
}
