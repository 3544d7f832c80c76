//! The national party statistics' table of non-public enterprises and their
//! basic organizations (党内统计 表27口径, DOMAIN.md "The non-public
//! statistics table"), as of the facts' date. Added up one unit at a time,
//! like the summary, so that a registry read in slices gives the same table.

use crate::model::{OrgKind, Ownership, Status, Unit};
use crate::rules::facts::Facts;
use foldhash::HashSet;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde::{Deserialize, Deserializer};
use std::collections::HashMap;

/// Which of the non-public units in scope a column counts.
pub type Counts = fn(&Unit) -> bool;

/// The columns: (key, label, which units it counts).
pub const COLUMNS: [(&str, &str, Counts); 11] = [
    ("total", "总数", |_| true),
    ("emp50", "从业人员50人以上企业", |u| {
        u.employees >= 50
    }),
    ("emp100", "从业人员100人以上企业", |u| {
        u.employees >= 100
    }),
    ("rep_member", "法定代表人是党员的", |u| {
        u.legal_rep_member
    }),
    (
        "rep_secretary",
        "其中兼任企业党组织书记的",
        |u| u.legal_rep_secretary,
    ),
    ("private", "私有经济控制", |u| {
        u.ownership == Ownership::Private
    }),
    ("private_wholly", "其中私营独资", |u| {
        u.ownership == Ownership::Private && u.wholly_owned
    }),
    ("hmt", "港澳台商经济控制", |u| {
        u.ownership == Ownership::Hmt
    }),
    ("hmt_wholly", "其中港澳台商独资", |u| {
        u.ownership == Ownership::Hmt && u.wholly_owned
    }),
    ("foreign", "外商经济控制", |u| {
        u.ownership == Ownership::Foreign
    }),
    ("foreign_wholly", "其中外商独资", |u| {
        u.ownership == Ownership::Foreign && u.wholly_owned
    }),
];

/// The columns' and rows' labels in English, by key (the form itself is
/// Chinese; the English interface shows these).
pub const LABELS_EN: [(&str, &str); 31] = [
    ("total", "Total"),
    ("emp50", "50+ employees"),
    ("emp100", "100+ employees"),
    ("rep_member", "Legal rep. a member"),
    ("rep_secretary", "of whom also secretary"),
    ("private", "Private"),
    ("private_wholly", "of which wholly private"),
    ("hmt", "HK/Macao/Taiwan"),
    ("hmt_wholly", "of which wholly HMT"),
    ("foreign", "Foreign"),
    ("foreign_wholly", "of which wholly foreign"),
    ("units", "Units"),
    ("instructor", "With an instructor"),
    ("own", "Own organization"),
    ("own_committee", "of which a committee"),
    ("own_general_branch", "a general branch"),
    ("own_branch", "a branch"),
    ("joint", "In a joint branch"),
    ("joint_3plus", "of which with 3+ members"),
    ("joint_orgs", "Joint branches"),
    ("none", "No organization"),
    ("none_should_build", "of which should found one"),
    ("none_few_members", "with a few members"),
    ("none_no_members", "with no member"),
    ("instructors", "Instructors (people)"),
    ("employees", "Employees"),
    ("members", "Party members"),
    ("employees_organized", "With an organization: employees"),
    ("members_organized", "With an organization: members"),
    ("employees_instructor_only", "Instructor only: employees"),
    ("members_instructor_only", "Instructor only: members"),
];

/// The rows, in the form's order: (key, label).
pub const ROWS: [(&str, &str); 20] = [
    ("units", "单位数"),
    ("instructor", "党建工作指导员联系的"),
    ("own", "已单独建立党组织"),
    ("own_committee", "其中建立党委的"),
    ("own_general_branch", "建立总支部的"),
    ("own_branch", "建立支部的"),
    ("joint", "已建立联合党支部的"),
    ("joint_3plus", "其中具有3名以上党员的"),
    ("joint_orgs", "联合党支部数"),
    ("none", "未建立党组织"),
    ("none_should_build", "其中应建尚未建立党组织的"),
    ("none_few_members", "仅有个别党员的"),
    ("none_no_members", "没有党员的"),
    ("instructors", "党建工作指导员（人）"),
    ("employees", "在岗职工（人）"),
    ("members", "党员（人）"),
    ("employees_organized", "已建立党组织的企业：在岗职工（人）"),
    ("members_organized", "已建立党组织的企业：党员（人）"),
    (
        "employees_instructor_only",
        "未建立党组织、已派党建指导员的企业：在岗职工（人）",
    ),
    (
        "members_instructor_only",
        "未建立党组织、已派党建指导员的企业：党员（人）",
    ),
];

fn row(key: &str) -> usize {
    ROWS.iter()
        .position(|(k, _)| *k == key)
        .expect("a row of the table")
}

/// The table: `cell(row, column)` by keys, or `value(r, c)` by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table27 {
    cells: [[u64; COLUMNS.len()]; ROWS.len()],
    /// Per column, the joint organizations counted (`joint_orgs`).
    joint_orgs: Vec<HashSet<String>>,
    /// Per column, the instructors counted (`instructors`).
    instructors: Vec<HashSet<String>>,
}

impl Default for Table27 {
    fn default() -> Table27 {
        Table27::new()
    }
}

impl Table27 {
    pub fn new() -> Table27 {
        Table27 {
            cells: [[0; COLUMNS.len()]; ROWS.len()],
            joint_orgs: vec![HashSet::default(); COLUMNS.len()],
            instructors: vec![HashSet::default(); COLUMNS.len()],
        }
    }

    /// The figure in row `r`, column `c` (positions in `ROWS`, `COLUMNS`).
    #[must_use]
    pub fn value(&self, r: usize, c: usize) -> u64 {
        // The distinct rows count their sets, plus what `add_table` brought.
        self.cells[r][c]
            + match ROWS[r].0 {
                "joint_orgs" => self.joint_orgs[c].len() as u64,
                "instructors" => self.instructors[c].len() as u64,
                _ => 0,
            }
    }

    /// Adds another park's table: its figures, counted as they stand (an
    /// organization or instructor of one park is none of another's).
    pub fn add_table(&mut self, other: &Table27) {
        for r in 0..ROWS.len() {
            for c in 0..COLUMNS.len() {
                self.cells[r][c] += other.value(r, c);
            }
        }
    }

    /// The figure of row `row_key` in column `column_key`.
    pub fn cell(&self, row_key: &str, column_key: &str) -> u64 {
        let c = COLUMNS
            .iter()
            .position(|(k, ..)| *k == column_key)
            .expect("a column of the table");
        self.value(row(row_key), c)
    }

    /// Counts unit `u` if it is a non-public unit in scope.
    pub fn add_unit(&mut self, facts: &Facts, u: usize) {
        let unit = &facts.reg.units[u];
        if !facts.in_scope(u) || !unit.ownership.is_non_public() {
            return;
        }
        let status = facts.status[u].expect("units in scope have a status");
        let full = facts.unit_members[u].full;
        let members = facts.unit_members[u].all();
        let employees = u64::from(unit.employees);
        let organized = matches!(status, Status::Own | Status::Joint);
        let mut counts: Vec<(&str, u64)> = vec![
            ("units", 1),
            ("instructor", unit.instructor.is_some() as u64),
            ("employees", employees),
            ("members", members),
        ];
        match status {
            Status::Own => {
                counts.push(("own", 1));
                counts.push((own_row(facts, u), 1));
            }
            Status::Joint => {
                counts.push(("joint", 1));
                counts.push(("joint_3plus", (members >= 3) as u64));
            }
            _ => {
                counts.push(("none", 1));
                counts.push(if full >= 3 {
                    ("none_should_build", 1)
                } else if members >= 1 {
                    ("none_few_members", 1)
                } else {
                    ("none_no_members", 1)
                });
            }
        }
        if organized {
            counts.push(("employees_organized", employees));
            counts.push(("members_organized", members));
        }
        if !organized && unit.instructor.is_some() {
            counts.push(("employees_instructor_only", employees));
            counts.push(("members_instructor_only", members));
        }
        // The joint organizations of this unit: basic, covering two or more.
        let joint: Vec<&str> = if status == Status::Joint {
            facts.unit_orgs[u]
                .iter()
                .filter(|&&o| {
                    facts.reg.organizations[o].kind.is_basic() && facts.org_units[o].len() >= 2
                })
                .map(|&o| facts.reg.organizations[o].id.as_str())
                .collect()
        } else {
            Vec::new()
        };
        for (c, (_, _, counts_unit)) in COLUMNS.iter().enumerate() {
            if !counts_unit(unit) {
                continue;
            }
            for &(key, n) in &counts {
                self.cells[row(key)][c] += n;
            }
            self.joint_orgs[c].extend(joint.iter().map(|s| s.to_string()));
            if let Some(i) = &unit.instructor {
                self.instructors[c].insert(i.clone());
            }
        }
    }
}

/// The `own_…` row of an `own` unit: by the highest-ranking active basic
/// organization that covers this unit alone.
fn own_row(facts: &Facts, u: usize) -> &'static str {
    let rank = |k: OrgKind| match k {
        OrgKind::Committee => 3,
        OrgKind::GeneralBranch => 2,
        _ => 1,
    };
    let best = facts.unit_orgs[u]
        .iter()
        .filter(|&&o| facts.reg.organizations[o].kind.is_basic() && facts.org_units[o].len() == 1)
        .map(|&o| rank(facts.reg.organizations[o].kind))
        .max()
        .expect("an own unit has an organization of its own");
    match best {
        3 => "own_committee",
        2 => "own_general_branch",
        _ => "own_branch",
    }
}

/// As in `summary --json`: `{"<row key>": {"<column key>": n}}`.
impl Serialize for Table27 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut rows = s.serialize_map(Some(ROWS.len()))?;
        for (r, (key, _)) in ROWS.iter().enumerate() {
            let columns: serde_json::Map<String, serde_json::Value> = COLUMNS
                .iter()
                .enumerate()
                .map(|(c, (k, ..))| (k.to_string(), self.value(r, c).into()))
                .collect();
            rows.serialize_entry(key, &columns)?;
        }
        rows.end()
    }
}

/// The same map read back (the district keeps each park's table so): the
/// figures as they stood; a key missing is refused.
impl<'de> Deserialize<'de> for Table27 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Table27, D::Error> {
        use serde::de::Error;
        let rows: HashMap<String, HashMap<String, u64>> = HashMap::deserialize(d)?;
        let mut table = Table27::new();
        for (r, (row_key, _)) in ROWS.iter().enumerate() {
            let row = rows
                .get(*row_key)
                .ok_or_else(|| D::Error::custom(format!("no row {row_key}")))?;
            for (c, (column_key, ..)) in COLUMNS.iter().enumerate() {
                table.cells[r][c] = *row
                    .get(*column_key)
                    .ok_or_else(|| D::Error::custom(format!("no column {column_key}")))?;
            }
        }
        Ok(table)
    }
}
